//! `extract`: the command-line shell over the isnad library.
//!
//! ```text
//! extract [OPTIONS] [FILE…|-]
//! ```
//! One input prints one `isnad.v1` document; several print one document a
//! line (JSON Lines), each with an `id` (the path). Errors go to stderr, name
//! the file and byte offset, and exit non-zero with nothing written.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod jsonl;

use clap::{Args, Parser, Subcommand};
use isnad::{Document, Extractor, Gazetteer};
use serde::Serialize;

/// Finds entities and attributions (who said what) in Arabic and English news text.
#[derive(Debug, Parser)]
#[command(name = "extract", version, about, long_about = None, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    run: RunArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check gazetteer files, or count entries.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

#[derive(Debug, Subcommand)]
enum GazetteerCommand {
    /// Validate files: format (path:line: reason), duplicate ids, aliases that
    /// name two entities (also against the built-in data), links to no entity.
    Check {
        /// Gazetteer files to check.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
    /// Print every normalized pattern the matcher searches for, one a line.
    Patterns,
    /// Entries, aliases and generated patterns by label and kind.
    Stats {
        /// Count these files too (repeatable).
        #[arg(short, long = "gazetteer", value_name = "FILE")]
        gazetteers: Vec<PathBuf>,
        /// Leave the built-in gazetteers out.
        #[arg(long)]
        no_builtin: bool,
    },
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Input files; `-` or none reads standard input.
    #[arg(value_name = "FILE")]
    inputs: Vec<PathBuf>,

    /// Write the output to FILE (whole, or not at all) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Indent the JSON (one input only; several inputs print one line each).
    #[arg(long)]
    pretty: bool,

    /// Add or override entities with a gazetteer file (repeatable).
    #[arg(short, long = "gazetteer", value_name = "FILE")]
    gazetteers: Vec<PathBuf>,

    /// Do not load the built-in gazetteers.
    #[arg(long)]
    no_builtin: bool,

    /// Reject inputs larger than BYTES.
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<usize>,

    /// Repair invalid UTF-8 (each bad sequence becomes U+FFFD) instead of
    /// failing; offsets then count in the repaired text.
    #[arg(long)]
    lossy: bool,

    /// Print the JSON Schema of the output and exit.
    #[arg(long)]
    schema: bool,

    /// Read JSON Lines (one object a line, with an id and a text field) from
    /// the files, directories (every *.jsonl, *.ndjson) or stdin, and write
    /// one result a line, in input order.
    #[arg(long)]
    jsonl: bool,

    /// With --jsonl: the field that holds the id.
    #[arg(long, value_name = "NAME", default_value = "id", requires = "jsonl")]
    id_field: String,

    /// With --jsonl: the field that holds the text.
    #[arg(long, value_name = "NAME", default_value = "text", requires = "jsonl")]
    text_field: String,

    /// With --jsonl: worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,

    /// No progress bar and no summary on stderr.
    #[arg(short, long)]
    quiet: bool,
}

/// One output record when several inputs share a run.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    #[serde(flatten)]
    doc: &'a Document,
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("extract: internal error: {info}; please report it with the input that caused it");
    }));
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Gazetteer(GazetteerCommand::Check { files })) => gazetteer_check(files),
        Some(Command::Gazetteer(GazetteerCommand::Stats { gazetteers, no_builtin })) => {
            gazetteer_stats(gazetteers, *no_builtin)
        }
        Some(Command::Gazetteer(GazetteerCommand::Patterns)) => {
            let mut out = Extractor::new().patterns().join("\n");
            out.push('\n');
            match io::stdout().lock().write_all(out.as_bytes()) {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Failure::Errors(vec![format!("<stdout>: {e}")])),
                _ => Ok(()),
            }
        }
        None => run(&cli.run),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Errors(errors)) => {
            for e in errors {
                eprintln!("extract: {e}");
            }
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    /// stdout was closed (`| head`): stop quietly.
    BrokenPipe,
    Errors(Vec<String>),
}

impl From<isnad::Error> for Failure {
    fn from(e: isnad::Error) -> Self {
        Failure::Errors(vec![e.to_string()])
    }
}

fn run(cli: &RunArgs) -> Result<(), Failure> {
    if cli.schema {
        return emit(cli, |out| out.write_all(isnad::output::JSON_SCHEMA.as_bytes()));
    }
    let mut builder = Extractor::builder().builtin_gazetteers(!cli.no_builtin);
    for g in &cli.gazetteers {
        builder = builder.gazetteer_file(g);
    }
    if let Some(limit) = cli.max_bytes {
        builder = builder.max_document_bytes(limit);
    }
    // Never dropped: freeing the automaton and the gazetteer, a few
    // thousand allocations, costs a tenth of a short run's time, and the
    // process is about to exit anyway (the OS takes the memory back).
    let extractor = std::mem::ManuallyDrop::new(builder.build()?);
    if cli.jsonl {
        return run_jsonl(cli, &extractor);
    }

    let inputs: Vec<&Path> =
        if cli.inputs.is_empty() { vec![Path::new("-")] } else { cli.inputs.iter().map(PathBuf::as_path).collect() };
    let mut docs = Vec::with_capacity(inputs.len());
    let mut errors = Vec::new();
    for path in &inputs {
        let (name, bytes) = match read_input(path) {
            Ok(x) => x,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let bytes = if cli.lossy { String::from_utf8_lossy(&bytes).into_owned().into_bytes() } else { bytes };
        match extractor.extract_bytes(&name, &bytes) {
            Ok(doc) => docs.push((name, doc)),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(Failure::Errors(errors));
    }

    // Serialized straight into the output: a large document is not held
    // twice (as a Document and as its JSON).
    emit(cli, |out| {
        if let [(_, doc)] = docs.as_slice() {
            write_json(out, doc, cli.pretty)
        } else {
            docs.iter().try_for_each(|(name, doc)| write_json(out, &Record { id: name, doc }, false))
        }
    })
}

/// `--jsonl`: streams to stdout, or to a temporary file renamed over `-o`.
fn run_jsonl(cli: &RunArgs, extractor: &Extractor) -> Result<(), Failure> {
    let jobs = cli.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let opts = jsonl::Options {
        id_field: cli.id_field.clone(),
        text_field: cli.text_field.clone(),
        jobs,
        quiet: cli.quiet,
        max_bytes: cli.max_bytes,
    };
    let io_err = |path: &Path, e: io::Error| Failure::Errors(vec![format!("{}: {e}", path.display())]);
    let summary = match &cli.output {
        None => {
            let stdout = io::stdout();
            let mut lock = stdout.lock();
            jsonl::run(extractor, &cli.inputs, &opts, &mut lock, &|| ())
                .map_err(|e| io_err(Path::new("<stdout>"), e))?
        }
        Some(path) => {
            let tmp = temp_path(path).map_err(|e| io_err(path, e))?;
            let written = std::fs::File::create(&tmp).and_then(|mut f| {
                // A write error ends the process inside the run: the
                // temporary file goes with it.
                let remove_tmp = || {
                    let _ = std::fs::remove_file(&tmp);
                };
                let s = jsonl::run(extractor, &cli.inputs, &opts, &mut f, &remove_tmp)?;
                f.sync_all()?;
                Ok(s)
            });
            let renamed = written.and_then(|s| std::fs::rename(&tmp, path).map(|()| s));
            match renamed {
                Ok(s) => s,
                Err(e) => {
                    let _ = std::fs::remove_file(&tmp);
                    return Err(io_err(path, e));
                }
            }
        }
    };
    if !cli.quiet {
        eprintln!("extract: {} lines, {} failed", summary.lines, summary.failed);
    }
    if summary.failed > 0 { Err(Failure::Errors(Vec::new())) } else { Ok(()) }
}

/// A temporary file beside `path`, for writing whole or not at all.
fn temp_path(path: &Path) -> io::Result<PathBuf> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    Ok(dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id())))
}

fn write_json(out: &mut dyn Write, value: &impl Serialize, pretty: bool) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, value)?;
    } else {
        serde_json::to_writer(&mut *out, value)?;
    }
    out.write_all(b"\n")
}

fn read_input(path: &Path) -> Result<(String, Vec<u8>), String> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        io::stdin().read_to_end(&mut bytes).map_err(|e| format!("<stdin>: {e}"))?;
        return Ok(("<stdin>".to_string(), bytes));
    }
    let name = path.display().to_string();
    std::fs::read(path).map(|b| (name.clone(), b)).map_err(|e| format!("{name}: {e}"))
}

/// Writes `bytes` to the output file (through a temporary file renamed into
/// place, so a failure leaves any old file intact) or to stdout.
fn emit(cli: &RunArgs, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Failure> {
    let Some(path) = &cli.output else {
        let stdout = io::stdout();
        let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
        return match write(&mut out).and_then(|()| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(Failure::BrokenPipe),
            Err(e) => Err(Failure::Errors(vec![format!("<stdout>: {e}")])),
        };
    };
    let fail = |e: io::Error| Failure::Errors(vec![format!("{}: {e}", path.display())]);
    let tmp = temp_path(path).map_err(fail)?;
    let result = std::fs::File::create(&tmp)
        .and_then(|f| {
            let mut out = io::BufWriter::with_capacity(1 << 16, f);
            write(&mut out)?;
            out.into_inner().map_err(|e| e.into_error())?.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

/// `extract gazetteer check FILE…`: every file parsed, then the whole set
/// (built-in data and the files) checked; errors make the exit status 1.
fn gazetteer_check(files: &[PathBuf]) -> Result<(), Failure> {
    let builtin = Gazetteer::builtin();
    let mut all = builtin.clone();
    let mut errors = Vec::new();
    let mut report = String::new();
    let mut from_files = std::collections::HashSet::new();
    for path in files {
        match Gazetteer::read_file(path) {
            Ok(entities) => {
                let overriding = entities.iter().filter(|e| builtin.get(&e.id).is_some()).count();
                report.push_str(&format!(
                    "{}: {} entities, {overriding} override built-in ids\n",
                    path.display(),
                    entities.len()
                ));
                from_files.extend(entities.iter().map(|e| e.id.clone()));
                all.extend(entities);
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    for p in all.problems() {
        let concerns_files = match &p {
            isnad::gazetteer::Problem::AliasConflict { first, second, .. } => {
                from_files.contains(first) || from_files.contains(second)
            }
            isnad::gazetteer::Problem::DanglingLink { id, .. } => from_files.contains(id),
        };
        if !concerns_files {
            continue;
        }
        match p {
            isnad::gazetteer::Problem::DanglingLink { .. } => report.push_str(&format!("warning: {p}\n")),
            _ => errors.push(p.to_string()),
        }
    }
    print!("{report}");
    if errors.is_empty() { Ok(()) } else { Err(Failure::Errors(errors)) }
}

/// `extract gazetteer stats`: a table of entries by label and kind.
fn gazetteer_stats(files: &[PathBuf], no_builtin: bool) -> Result<(), Failure> {
    let mut g = if no_builtin { Gazetteer::new() } else { Gazetteer::builtin() };
    for path in files {
        g.extend(Gazetteer::read_file(path)?);
    }
    let stats = g.stats();
    let mut out = format!("{:<10} {:<18} {:>8} {:>8} {:>9}\n", "label", "kind", "entries", "aliases", "patterns");
    let mut total = (0, 0, 0);
    for ((label, kind), (n, aliases, patterns)) in &stats.by_kind {
        out.push_str(&format!("{label:<10} {kind:<18} {n:>8} {aliases:>8} {patterns:>9}\n"));
        total = (total.0 + n, total.1 + aliases, total.2 + patterns);
    }
    out.push_str(&format!("{:<10} {:<18} {:>8} {:>8} {:>9}\n", "total", "", total.0, total.1, total.2));
    let mut stdout = io::stdout().lock();
    match stdout.write_all(out.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Failure::Errors(vec![format!("<stdout>: {e}")])),
        _ => Ok(()),
    }
}
