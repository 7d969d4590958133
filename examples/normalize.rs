//! Normalize text the way isnad matches it: reads JSON Lines (`{"text": …}`)
//! on stdin and writes each text normalized, one a line (newlines inside a
//! text become spaces). The comparison script (benches/compare.py) feeds this
//! to the other tools so that every tool scans the same text.
//!
//! ```text
//! zcat ../shared/corpus/ant-v1.1-jawharafm.jsonl.gz | cargo run --release --example normalize > corpus.norm.txt
//! ```

use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let value: serde_json::Value = serde_json::from_str(&line?)?;
        let text = value["text"].as_str().unwrap_or_default();
        writeln!(out, "{}", isnad::normalize(text).text().replace('\n', " "))?;
    }
    Ok(())
}
