//! Extract from a batch of files with one extractor, writing JSON Lines.
//!
//! Build the extractor once (it compiles the gazetteers), reuse it for every
//! document. A file that cannot be read or decoded is reported and skipped.
//!
//! ```text
//! cargo run --example batch -- seeds/*.txt > out.jsonl
//! ```

use std::io::Write;

use isnad::Extractor;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let extractor = Extractor::new();
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        paths.push("seeds/000_7f48c9e5c63e1f81.txt".into());
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0;
    for path in &paths {
        let doc = std::fs::read(path)
            .map_err(|e| isnad::Error::Io { path: path.into(), source: e })
            .and_then(|bytes| extractor.extract_bytes(path, &bytes));
        match doc {
            Ok(doc) => {
                let line = serde_json::json!({ "id": path, "result": doc });
                writeln!(out, "{line}")?;
            }
            Err(e) => {
                eprintln!("{e}");
                failed += 1;
            }
        }
    }
    eprintln!("{} documents, {failed} failed", paths.len());
    Ok(())
}
