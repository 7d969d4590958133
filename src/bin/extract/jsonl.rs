//! `extract --jsonl`: one JSON object a line in, one result a line out, in
//! input order, on all cores, with memory bounded by a window of lines in
//! flight.
//!
//! ```text
//! reader ──(seq, line)──► workers (N) ──(seq, record)──► writer (reorders, flushes)
//!    ▲                                                       │
//!    └────────────── one permit per line in flight ◄─────────┘
//! ```
//!
//! Every input line gets exactly one output line: the result, or an error
//! record `{"file", "line", "id"?, "error"}`. The writer flushes whenever it
//! has nothing more ready, so the command can sit in a pipe or serve as a
//! streaming mapper.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, channel, sync_channel};
use std::sync::{Arc, Mutex};

use indexmap::IndexMap;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use isnad::{Document, Extractor};
use serde::Serialize;
use serde_json::value::RawValue;

/// How to read the lines.
pub struct Options {
    pub id_field: String,
    pub text_field: String,
    pub jobs: usize,
    pub quiet: bool,
    pub max_bytes: Option<usize>,
}

/// What a run did.
pub struct Summary {
    pub lines: u64,
    pub failed: u64,
}

/// One input: a path, or standard input.
enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// The inputs: `-` or nothing is stdin; a directory stands for every
/// `*.jsonl` / `*.ndjson` file under it, in name order.
fn expand(inputs: &[PathBuf]) -> io::Result<Vec<Input>> {
    if inputs.is_empty() {
        return Ok(vec![Input::Stdin]);
    }
    let mut out = Vec::new();
    for p in inputs {
        if p == Path::new("-") {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files)?;
            files.sort();
            out.extend(files.into_iter().map(Input::File));
        } else {
            out.push(Input::File(p.clone()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "jsonl" || e == "ndjson") {
            files.push(path);
        }
    }
    Ok(())
}

/// A line to process.
struct Work {
    seq: u64,
    file: Arc<str>,
    line: u64,
    bytes: Vec<u8>,
}

/// An output line, or an error that ends the run (writing failed).
struct Done {
    seq: u64,
    record: String,
    failed: bool,
    bytes: usize,
}

#[derive(Serialize)]
struct Record<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a RawValue>,
    #[serde(flatten)]
    doc: &'a Document,
    /// The input's other fields, untouched, in their order.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    fields: IndexMap<&'a str, &'a RawValue>,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    file: &'a str,
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a RawValue>,
    error: String,
}

/// Runs the pipeline from `inputs` to `out`. Fails only when the output
/// cannot be written (a closed pipe is `BrokenPipe`).
pub fn run(extractor: &Extractor, inputs: &[PathBuf], opts: &Options, out: &mut dyn Write) -> io::Result<Summary> {
    let inputs = expand(inputs)?;
    let total: u64 = inputs
        .iter()
        .map(|i| match i {
            Input::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            Input::Stdin => 0,
        })
        .sum();
    let progress = progress_bar(opts.quiet, total);
    let jobs = opts.jobs.max(1);
    let window = 64 * jobs;
    let (work_tx, work_rx) = sync_channel::<Work>(window);
    let (done_tx, done_rx) = channel::<Done>();
    let (permit_tx, permit_rx) = sync_channel::<()>(window);
    let work_rx = Arc::new(Mutex::new(work_rx));

    std::thread::scope(|scope| {
        let reader_done = done_tx.clone();
        scope.spawn(move || read_all(&inputs, &work_tx, &permit_tx, &reader_done));
        for _ in 0..jobs {
            let rx = Arc::clone(&work_rx);
            let tx = done_tx.clone();
            scope.spawn(move || work(extractor, opts, &rx, &tx));
        }
        drop(done_tx);
        let result = write_in_order(&done_rx, &permit_rx, out, &progress);
        progress.finish_and_clear();
        if let Err(e) = &result {
            // The reader may be waiting on an idle pipe: end the process
            // rather than wait for it. A closed stdout (`| head`) is success.
            if e.kind() == io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("extract: <output>: {e}");
            std::process::exit(1);
        }
        drop(permit_rx);
        drop(done_rx);
        result
    })
}

fn progress_bar(quiet: bool, total: u64) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::with_draw_target((total > 0).then_some(total), ProgressDrawTarget::stderr());
    let template = if total > 0 {
        "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}"
    } else {
        "{spinner} {bytes} {binary_bytes_per_sec} {msg}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// Reads every line of every input in order; an input that cannot be opened
/// becomes one error record.
fn read_all(inputs: &[Input], work: &SyncSender<Work>, permits: &SyncSender<()>, done: &std::sync::mpsc::Sender<Done>) {
    let mut seq = 0u64;
    for input in inputs {
        let name: Arc<str> = Arc::from(input.name());
        let reader: Box<dyn Read> = match input {
            Input::Stdin => Box::new(io::stdin()),
            Input::File(p) => match File::open(p) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    if permits.send(()).is_err() {
                        return;
                    }
                    let record = error_record(&name, 0, None, e.to_string());
                    let _ = done.send(Done { seq, record, failed: true, bytes: 0 });
                    seq += 1;
                    continue;
                }
            },
        };
        let mut reader = BufReader::with_capacity(1 << 16, reader);
        let mut line = 0u64;
        loop {
            let mut bytes = Vec::new();
            match reader.read_until(b'\n', &mut bytes) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    let _ = permits.send(());
                    let record = error_record(&name, line + 1, None, format!("read error: {e}"));
                    let _ = done.send(Done { seq, record, failed: true, bytes: 0 });
                    seq += 1;
                    break;
                }
            }
            line += 1;
            if permits.send(()).is_err() {
                return;
            }
            if work.send(Work { seq, file: Arc::clone(&name), line, bytes }).is_err() {
                return;
            }
            seq += 1;
        }
    }
}

fn work(extractor: &Extractor, opts: &Options, rx: &Mutex<Receiver<Work>>, tx: &std::sync::mpsc::Sender<Done>) {
    loop {
        let item = match rx.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return,
        };
        let Ok(item) = item else { return };
        let (record, failed) = process(extractor, opts, &item);
        if tx.send(Done { seq: item.seq, record, failed, bytes: item.bytes.len() }).is_err() {
            return;
        }
    }
}

fn error_record(file: &str, line: u64, id: Option<&RawValue>, error: String) -> String {
    serde_json::to_string(&ErrorRecord { file, line, id, error }).unwrap_or_default()
}

/// One line in, one record out, and whether it failed.
fn process(extractor: &Extractor, opts: &Options, item: &Work) -> (String, bool) {
    let fail = |id: Option<&RawValue>, e: String| (error_record(&item.file, item.line, id, e), true);
    let mut bytes = item.bytes.as_slice();
    for end in [b"\n".as_slice(), b"\r"] {
        bytes = bytes.strip_suffix(end).unwrap_or(bytes);
    }
    let line = match std::str::from_utf8(bytes) {
        Ok(l) => l,
        Err(e) => return fail(None, format!("invalid UTF-8 at byte {} of the line", e.valid_up_to())),
    };
    let object: IndexMap<&str, &RawValue> = match serde_json::from_str(line) {
        Ok(o) => o,
        Err(e) => return fail(None, format!("invalid JSON object: {e}")),
    };
    let id = object.get(opts.id_field.as_str()).copied();
    let Some(raw_text) = object.get(opts.text_field.as_str()) else {
        return fail(id, format!("no {:?} field", opts.text_field));
    };
    let text: std::borrow::Cow<str> = match serde_json::from_str(raw_text.get()) {
        Ok(t) => t,
        Err(_) => return fail(id, format!("the {:?} field is not a string", opts.text_field)),
    };
    if let Some(limit) = opts.max_bytes.filter(|&l| text.len() > l) {
        return fail(id, format!("document is {} bytes, more than the limit of {limit} bytes", text.len()));
    }
    let doc = extractor.extract(&text);
    let fields =
        object.iter().filter(|(k, _)| **k != opts.id_field && **k != opts.text_field).map(|(k, v)| (*k, *v)).collect();
    match serde_json::to_string(&Record { id, doc: &doc, fields }) {
        Ok(r) => (r, false),
        Err(e) => fail(id, format!("cannot write the result: {e}")),
    }
}

/// Writes records in input order, flushing whenever nothing more is ready.
fn write_in_order(
    done: &Receiver<Done>,
    permits: &Receiver<()>,
    out: &mut dyn Write,
    progress: &ProgressBar,
) -> io::Result<Summary> {
    let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
    let mut next = 0u64;
    let mut summary = Summary { lines: 0, failed: 0 };
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    loop {
        let item = match done.try_recv() {
            Ok(item) => item,
            Err(TryRecvError::Empty) => {
                out.flush()?;
                match done.recv() {
                    Ok(item) => item,
                    Err(_) => break,
                }
            }
            Err(TryRecvError::Disconnected) => break,
        };
        pending.insert(item.seq, item);
        while let Some(d) = pending.remove(&next) {
            out.write_all(d.record.as_bytes())?;
            out.write_all(b"\n")?;
            summary.lines += 1;
            summary.failed += u64::from(d.failed);
            progress.inc(d.bytes as u64);
            if summary.lines.is_multiple_of(256) {
                progress.set_message(format!("{} docs, {} failed", summary.lines, summary.failed));
            }
            let _ = permits.try_recv();
            next += 1;
        }
    }
    out.flush()?;
    Ok(summary)
}
