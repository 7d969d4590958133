//! `extract --jsonl`: one JSON object a line in, one result a line out, in
//! input order, on all cores, with memory bounded by a window of batches in
//! flight.
//!
//! ```text
//! reader ──(seq, lines)──► workers (N) ──(seq, records)──► writer (reorders, writes, flushes)
//!    ▲                                                        │
//!    └──────────── the emptied batch, to be filled again ◄────┘
//! ```
//!
//! Lines travel in batches, so that threads wake and the output is written
//! once per batch rather than once per line. A batch is the next line, waited
//! for, and then the complete lines already in the read buffer (up to
//! [`BATCH_LINES`] lines or [`BATCH_BYTES`] bytes): a line that arrives alone
//! on a slow pipe goes on alone. The workers write the records into the
//! batch's output buffer, the writer writes it and hands the batch back to
//! the reader, which waits for one when all [`BATCHES_PER_JOB`] × jobs are in
//! flight. That bounds the memory whatever the input's size. With one job
//! too, reading and writing stay on threads of their own: they cost a few
//! wake-ups a batch, and a slow producer or consumer in the pipe overlaps
//! with the extraction.
//!
//! Every input line gets exactly one output line: the result, or an error
//! record `{"file", "line", "id"?, "error"}`. The writer flushes whenever it
//! has nothing more ready, so the command can sit in a pipe or serve as a
//! streaming mapper.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use isnad::Extractor;
use std::borrow::Cow;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

mod simple;

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

/// At most this many lines in a batch.
const BATCH_LINES: usize = 256;
/// A batch stops growing when its lines reach this many bytes.
const BATCH_BYTES: usize = 1 << 16;
/// Batches in flight for each worker: enough that a slow batch does not
/// hold up the others.
const BATCHES_PER_JOB: usize = 4;
/// A batch buffer that grew past this (a huge line) is not kept for reuse.
const KEEP_BYTES: usize = 1 << 20;

/// Consecutive lines of one input, and then their records: what moves
/// between the threads. The buffers are reused from batch to batch.
#[derive(Default)]
struct Batch {
    /// The batch's place in the output.
    seq: u64,
    file: Arc<str>,
    /// The number of the first line in its input, from 1.
    first_line: u64,
    /// The lines, line endings included, back to back.
    bytes: Vec<u8>,
    /// Where each line ends in `bytes`.
    ends: Vec<usize>,
    /// An error that ends the input after the lines: the line number it
    /// is reported at, and the message.
    error: Option<(u64, String)>,
    /// One output line for each line, and one for the error.
    out: Vec<u8>,
    failed: u64,
}

impl Batch {
    fn records(&self) -> u64 {
        (self.ends.len() + usize::from(self.error.is_some())) as u64
    }

    /// Empties the batch for reuse.
    fn clear(&mut self) {
        for buf in [&mut self.bytes, &mut self.out] {
            if buf.capacity() > KEEP_BYTES {
                *buf = Vec::new();
            }
            buf.clear();
        }
        self.ends.clear();
        self.error = None;
        self.failed = 0;
    }
}

/// The batches the reader may fill: new ones up to the window, then the
/// ones the writer hands back.
struct Pool {
    free: Receiver<Batch>,
    made: usize,
    window: usize,
}

impl Pool {
    /// An empty batch, waiting for one while the window is full; `None`
    /// when the writer has gone.
    fn take(&mut self) -> Option<Batch> {
        if let Ok(batch) = self.free.try_recv() {
            return Some(batch);
        }
        if self.made < self.window {
            self.made += 1;
            return Some(Batch::default());
        }
        self.free.recv().ok()
    }
}

/// A JSON object's fields in their order, the values as written. A key
/// written twice keeps its first place and its last value, like
/// serde_json's own maps. (A few fields a line: a vector beats a hash map.)
/// (A key is borrowed from the line unless it has escapes.)
#[derive(Default)]
struct Fields<'a>(Vec<(Cow<'a, str>, &'a str)>);

impl<'a> Fields<'a> {
    fn get(&self, key: &str) -> Option<&'a str> {
        self.0.iter().find(|(k, _)| k == key).map(|&(_, v)| v)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends the fields as a JSON object: the values as written.
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.push(b'{');
        for (i, (key, value)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            serde_json::to_writer(&mut *out, key)?;
            out.push(b':');
            out.extend_from_slice(value.as_bytes());
        }
        out.push(b'}');
        Ok(())
    }
}

/// One input line: its fields as written, and the text field already read
/// as a string (not kept as written and parsed a second time).
struct Line<'de> {
    fields: Fields<'de>,
    /// The text field, when there is one.
    text: Option<Text<'de>>,
}

/// Reads a [`Line`] whose text is in the field `text_field` (`None`: every
/// field kept as written).
struct LineSeed<'o> {
    text_field: Option<&'o str>,
    /// Where a text with escapes is unescaped to: kept from line to line.
    buf: &'o mut String,
}

impl<'de> DeserializeSeed<'de> for LineSeed<'_> {
    type Value = Line<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Line<'de>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LineSeed<'_> {
    type Value = Line<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Line<'de>, A::Error> {
        let mut fields: Vec<(Cow<'de, str>, &'de str)> = Vec::with_capacity(8);
        let mut text = None;
        while let Some(Key(key)) = map.next_key::<Key>()? {
            if Some(&*key) == self.text_field {
                text = Some(map.next_value_seed(TextSeed(&mut *self.buf))?);
                continue;
            }
            let value = map.next_value::<&'de RawValue>()?.get();
            match fields.iter_mut().find(|(k, _)| *k == key) {
                Some(field) => field.1 = value,
                None => fields.push((key, value)),
            }
        }
        Ok(Line { fields: Fields(fields), text })
    }
}

/// An object's key: borrowed from the line, or unescaped when it has
/// escapes (a `&str` could not hold `"t\u0065xt"` as `text`).
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

/// The text field's value.
enum Text<'de> {
    /// A string without escapes, in the line.
    Borrowed(&'de str),
    /// A string with escapes, unescaped into the buffer of [`TextSeed`].
    InBuffer,
    /// Not a string.
    Other,
}

/// Reads any JSON value as a [`Text`]: serde_json unescapes a string into
/// a buffer of its own, and this copies it into one kept from line to line
/// rather than into a new `String`.
struct TextSeed<'b>(&'b mut String);

impl<'de> DeserializeSeed<'de> for TextSeed<'_> {
    type Value = Text<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Text<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TextSeed<'_> {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
        Ok(Text::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
        self.0.clear();
        self.0.push_str(v);
        Ok(Text::InBuffer)
    }
    fn visit_string<E>(self, v: String) -> Result<Text<'de>, E> {
        *self.0 = v;
        Ok(Text::InBuffer)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Text<'de>, E> {
        Ok(Text::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Text<'de>, E> {
        Ok(Text::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Text<'de>, E> {
        Ok(Text::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Text<'de>, E> {
        Ok(Text::Other)
    }
    fn visit_unit<E>(self) -> Result<Text<'de>, E> {
        Ok(Text::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Text::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Text::Other)
    }
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    file: &'a str,
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a RawValue>,
    error: &'a str,
}

/// Runs the pipeline from `inputs` to `out`. Fails only when the output
/// cannot be written (a closed pipe is `BrokenPipe`).
///
/// `before_exit` runs when writing fails and the process is about to end
/// (see below): the caller removes what it must not leave behind, such as
/// a temporary file.
pub fn run(
    extractor: &Extractor,
    inputs: &[PathBuf],
    opts: &Options,
    out: &mut dyn Write,
    before_exit: &dyn Fn(),
) -> io::Result<Summary> {
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
    let (work_tx, work_rx) = channel::<Batch>();
    let (done_tx, done_rx) = channel::<Batch>();
    let (free_tx, free_rx) = channel::<Batch>();
    let pool = Pool { free: free_rx, made: 0, window: BATCHES_PER_JOB * jobs };
    let work_rx = Mutex::new(work_rx);

    std::thread::scope(|scope| {
        scope.spawn(move || read_all(&inputs, pool, &work_tx));
        for _ in 0..jobs {
            let rx = &work_rx;
            let tx = done_tx.clone();
            scope.spawn(move || work(extractor, opts, rx, &tx));
        }
        drop(done_tx);
        let result = write_in_order(&done_rx, &free_tx, out, &progress);
        progress.finish_and_clear();
        if let Err(e) = &result {
            // The reader may be waiting on an idle pipe: end the process
            // rather than wait for it. A closed stdout (`| head`) is success.
            before_exit();
            if e.kind() == io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("extract: <output>: {e}");
            std::process::exit(1);
        }
        drop(free_tx);
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

/// Reads every line of every input in order, in batches; an input that
/// cannot be opened becomes one error record.
fn read_all(inputs: &[Input], mut pool: Pool, work: &Sender<Batch>) {
    let mut seq = 0u64;
    // A batch taken from the pool but not sent, because its input ended.
    let mut spare = None;
    for input in inputs {
        let name: Arc<str> = Arc::from(input.name());
        let opened: io::Result<Box<dyn Read>> = match input {
            Input::Stdin => Ok(Box::new(io::stdin())),
            Input::File(p) => File::open(p).map(|f| Box::new(f) as Box<dyn Read>),
        };
        let mut reader = opened.map(|r| BufReader::with_capacity(1 << 16, r));
        let mut line = 0u64;
        loop {
            let Some(mut batch) = spare.take().or_else(|| pool.take()) else { return };
            batch.seq = seq;
            batch.file = Arc::clone(&name);
            batch.first_line = line + 1;
            let more = match &mut reader {
                Ok(reader) => fill(reader, &mut batch, &mut line),
                Err(e) => {
                    batch.error = Some((0, e.to_string()));
                    false
                }
            };
            if batch.records() == 0 {
                spare = Some(batch);
            } else {
                if work.send(batch).is_err() {
                    return;
                }
                seq += 1;
            }
            if !more {
                break;
            }
        }
    }
}

/// Reads into `batch` the next line, waiting for it, and then the complete
/// lines already buffered, up to the batch's limits. `line` counts the
/// lines read. Returns whether the input may go on.
fn fill<R: Read>(reader: &mut BufReader<R>, batch: &mut Batch, line: &mut u64) -> bool {
    let start = batch.bytes.len();
    match read_line(reader, &mut batch.bytes) {
        Ok(0) => return false,
        Ok(_) => {
            *line += 1;
            batch.ends.push(batch.bytes.len());
        }
        Err(e) => {
            batch.bytes.truncate(start);
            batch.error = Some((*line + 1, format!("read error: {e}")));
            return false;
        }
    }
    // The complete lines in the buffer are copied from it as the search for
    // each line's end finds it (no read, nor a second search).
    while batch.ends.len() < BATCH_LINES && batch.bytes.len() < BATCH_BYTES {
        let buffered = reader.buffer();
        let Some(i) = memchr::memchr(b'\n', buffered) else { break };
        batch.bytes.extend_from_slice(&buffered[..=i]);
        reader.consume(i + 1);
        *line += 1;
        batch.ends.push(batch.bytes.len());
    }
    true
}

/// `BufRead::read_until(b'\n', out)`, with the `memchr` crate's search
/// (std's, a word at a time, was a thirtieth of the run).
fn read_line<R: Read>(reader: &mut BufReader<R>, out: &mut Vec<u8>) -> io::Result<usize> {
    let mut read = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let (done, used) = match memchr::memchr(b'\n', available) {
            Some(i) => (true, i + 1),
            None => (false, available.len()),
        };
        out.extend_from_slice(&available[..used]);
        reader.consume(used);
        read += used;
        if done || used == 0 {
            return Ok(read);
        }
    }
}

fn work(extractor: &Extractor, opts: &Options, rx: &Mutex<Receiver<Batch>>, tx: &Sender<Batch>) {
    // The texts with escapes, unescaped: one buffer for all of them.
    let mut text_buf = String::new();
    loop {
        let batch = match rx.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return,
        };
        let Ok(mut batch) = batch else { return };
        process_batch(extractor, opts, &mut batch, &mut text_buf);
        if text_buf.capacity() > KEEP_BYTES {
            text_buf = String::new();
        }
        if tx.send(batch).is_err() {
            return;
        }
    }
}

/// Writes the batch's records, one a line, into its output buffer.
fn process_batch(extractor: &Extractor, opts: &Options, batch: &mut Batch, text_buf: &mut String) {
    let Batch { file, first_line, bytes, ends, error, out, failed, .. } = batch;
    let mut start = 0;
    for (line, &end) in (*first_line..).zip(ends.iter()) {
        *failed += u64::from(process(extractor, opts, file, line, &bytes[start..end], out, text_buf));
        out.push(b'\n');
        start = end;
    }
    if let Some((line, e)) = error {
        write_error(out, file, *line, None, e);
        out.push(b'\n');
        *failed += 1;
    }
}

fn write_error(out: &mut Vec<u8>, file: &str, line: u64, id: Option<&str>, error: &str) {
    let start = out.len();
    // The id as written (it was read as JSON: it parses again).
    let id = id.and_then(|id| RawValue::from_string(id.to_owned()).ok());
    let id = id.as_deref();
    if serde_json::to_writer(&mut *out, &ErrorRecord { file, line, id, error }).is_err() {
        out.truncate(start);
    }
}

/// Writes the record of one line (without its line ending) to `out`.
/// Returns whether it is an error record.
fn process(
    extractor: &Extractor,
    opts: &Options,
    file: &str,
    line: u64,
    bytes: &[u8],
    out: &mut Vec<u8>,
    text_buf: &mut String,
) -> bool {
    let start = out.len();
    match extract_line(extractor, opts, bytes, out, text_buf) {
        Ok(()) => false,
        Err((id, e)) => {
            out.truncate(start);
            write_error(out, file, line, id, &e);
            true
        }
    }
}

/// The result of one line, or the id (if known) and what went wrong.
fn extract_line<'a>(
    extractor: &Extractor,
    opts: &Options,
    mut bytes: &'a [u8],
    out: &mut Vec<u8>,
    text_buf: &mut String,
) -> Result<(), (Option<&'a str>, String)> {
    for end in [b"\n".as_slice(), b"\r"] {
        bytes = bytes.strip_suffix(end).unwrap_or(bytes);
    }
    // SIMD validation: it was a twentieth of the run with std's.
    let line = simdutf8::compat::from_utf8(bytes)
        .map_err(|e| (None, format!("invalid UTF-8 at byte {} of the line", e.valid_up_to())))?;
    // The text is read as a string while the line is parsed, unless it is
    // the id field too (then it is kept as written, for the id).
    let text_field = (opts.text_field != opts.id_field).then_some(opts.text_field.as_str());
    let parsed = match simple::read(line, text_field, text_buf) {
        Some(parsed) => parsed,
        None => {
            parse_with_serde(line, text_field, text_buf).map_err(|e| (None, format!("invalid JSON object: {e}")))?
        }
    };
    let Line { fields: mut object, text } = parsed;
    let id = object.get(opts.id_field.as_str());
    let text = match text {
        Some(Text::Borrowed(text)) => Some(Some(Cow::Borrowed(text))),
        Some(Text::InBuffer) => Some(Some(Cow::Borrowed(text_buf.as_str()))),
        Some(Text::Other) => Some(None),
        None => object.get(opts.text_field.as_str()).map(|raw| serde_json::from_str::<Cow<str>>(raw).ok()),
    };
    let Some(text) = text else {
        return Err((id, format!("no {:?} field", opts.text_field)));
    };
    let Some(text) = text else {
        return Err((id, format!("the {:?} field is not a string", opts.text_field)));
    };
    if let Some(limit) = opts.max_bytes.filter(|&l| text.len() > l) {
        return Err((id, format!("document is {} bytes, more than the limit of {limit} bytes", text.len())));
    }
    object.0.retain(|(k, _)| *k != opts.id_field && *k != opts.text_field);
    let fields = object;
    // `{"id":…, the document's members…, "fields":{…}}`, the document
    // written as it is extracted, never made. (After a panic, the caller
    // drops what was written.)
    out.push(b'{');
    if let Some(id) = id {
        out.extend_from_slice(b"\"id\":");
        out.extend_from_slice(id.as_bytes());
        out.push(b',');
    }
    guarded(|| extractor.extract_json_fields(&text, out)).map_err(|e| (id, e))?;
    if !fields.is_empty() {
        out.extend_from_slice(b",\"fields\":");
        fields.write_json(out).map_err(|e| (id, format!("cannot write the result: {e}")))?;
    }
    out.push(b'}');
    Ok(())
}

/// Reads `line` with serde_json (see [`LineSeed`]): any line, the reference
/// for [`simple::read`], and the errors of a line that is not a JSON object.
fn parse_with_serde<'a>(
    line: &'a str,
    text_field: Option<&str>,
    text_buf: &mut String,
) -> serde_json::Result<Line<'a>> {
    let mut de = serde_json::Deserializer::from_str(line);
    let parsed = LineSeed { text_field, buf: text_buf }.deserialize(&mut de)?;
    de.end()?;
    Ok(parsed)
}

/// Runs `f`, turning a panic into an error. A panic in a worker would
/// otherwise end that thread with its batch, and the writer, waiting for
/// that batch, would wait for ever: now the line gets an error record and
/// the run goes on. (The panic hook has already printed what happened.)
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .map_err(|_| "internal error while extracting (a bug: please report this line)".to_string())
}

/// Writes the batches in input order, flushing whenever nothing more is
/// ready, and hands each back to the reader.
fn write_in_order(
    done: &Receiver<Batch>,
    free: &Sender<Batch>,
    out: &mut dyn Write,
    progress: &ProgressBar,
) -> io::Result<Summary> {
    let mut pending: BTreeMap<u64, Batch> = BTreeMap::new();
    let mut next = 0u64;
    let mut summary = Summary { lines: 0, failed: 0 };
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    loop {
        let batch = match done.try_recv() {
            Ok(batch) => batch,
            Err(TryRecvError::Empty) => {
                out.flush()?;
                match done.recv() {
                    Ok(batch) => batch,
                    Err(_) => break,
                }
            }
            Err(TryRecvError::Disconnected) => break,
        };
        pending.insert(batch.seq, batch);
        while let Some(mut batch) = pending.remove(&next) {
            out.write_all(&batch.out)?;
            let before = summary.lines;
            summary.lines += batch.records();
            summary.failed += batch.failed;
            progress.inc(batch.bytes.len() as u64);
            if before / 256 != summary.lines / 256 {
                progress.set_message(format!("{} docs, {} failed", summary.lines, summary.failed));
            }
            batch.clear();
            // The reader is gone once the input has ended.
            let _ = free.send(batch);
            next += 1;
        }
    }
    out.flush()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guarded_passes_the_result_through() {
        assert_eq!(guarded(|| 7), Ok(7));
    }

    #[test]
    fn guarded_turns_a_panic_into_an_error() {
        let e = guarded(|| -> usize { panic!("boom") }).unwrap_err();
        assert!(e.contains("internal error"), "{e}");
    }
}
