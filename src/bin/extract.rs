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

use clap::Parser;
use isnad::{Document, Extractor};
use serde::Serialize;

/// Finds entities and attributions (who said what) in Arabic and English news text.
#[derive(Debug, Parser)]
#[command(name = "extract", version, about, long_about = None)]
struct Cli {
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

    /// Print the JSON Schema of the output and exit.
    #[arg(long)]
    schema: bool,
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
    match run(&cli) {
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

fn run(cli: &Cli) -> Result<(), Failure> {
    if cli.schema {
        return emit(cli, isnad::output::JSON_SCHEMA.as_bytes());
    }
    let mut builder = Extractor::builder().builtin_gazetteers(!cli.no_builtin);
    for g in &cli.gazetteers {
        builder = builder.gazetteer_file(g);
    }
    if let Some(limit) = cli.max_bytes {
        builder = builder.max_document_bytes(limit);
    }
    let extractor = builder.build()?;

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
        match extractor.extract_bytes(&name, &bytes) {
            Ok(doc) => docs.push((name, doc)),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(Failure::Errors(errors));
    }

    let mut out = Vec::new();
    if let [(_, doc)] = docs.as_slice() {
        write_json(&mut out, doc, cli.pretty);
    } else {
        for (name, doc) in &docs {
            write_json(&mut out, &Record { id: name, doc }, false);
        }
    }
    emit(cli, &out)
}

fn write_json(out: &mut Vec<u8>, value: &impl Serialize, pretty: bool) {
    let written =
        if pretty { serde_json::to_writer_pretty(&mut *out, value) } else { serde_json::to_writer(&mut *out, value) };
    // Serializing plain structs of strings and numbers into memory cannot fail.
    written.expect("a Document serializes");
    out.push(b'\n');
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
fn emit(cli: &Cli, bytes: &[u8]) -> Result<(), Failure> {
    let Some(path) = &cli.output else {
        let mut stdout = io::stdout().lock();
        return match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(Failure::BrokenPipe),
            Err(e) => Err(Failure::Errors(vec![format!("<stdout>: {e}")])),
        };
    };
    let fail = |e: io::Error| Failure::Errors(vec![format!("{}: {e}", path.display())]);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let file_name =
        path.file_name().ok_or_else(|| Failure::Errors(vec![format!("{}: not a file name", path.display())]))?;
    let tmp = dir.join(format!(".{}.{}.tmp", file_name.to_string_lossy(), std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}
