//! Extract from one article and print who is named and who said what.
//!
//! ```text
//! cargo run --example one_file -- seeds/000_7f48c9e5c63e1f81.txt
//! ```

use isnad::Extractor;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "seeds/000_7f48c9e5c63e1f81.txt".to_string());
    let bytes = std::fs::read(&path)?;
    let doc = Extractor::new().extract_bytes(&path, &bytes)?;
    println!("{} entities, {} mentions, {} claims", doc.entities.len(), doc.mentions.len(), doc.claims.len());
    for e in &doc.entities {
        println!("  {:<8} {:<28} ×{}", e.label, e.name, e.mentions);
    }
    for c in &doc.claims {
        println!("  [{:?}] {} — {}: {}", c.kind, c.speaker.name, c.cue.lemma, c.content.text);
    }
    Ok(())
}
