//! isnad reads news text — Modern Standard Arabic with Latin names embedded,
//! and English — and returns who and what it names and who said what.
//!
//! ```text
//! text ─► normalize ─► match ─► segment ─► claims ─► Document ─► JSON
//! ```
//!
//! ```
//! let doc = isnad::Extractor::new().extract("قال أحد مشغلي مراكز البيانات في سنغافورة: \"نعم\".");
//! assert_eq!(doc.entities[0].name, "Singapore");
//! println!("{}", serde_json::to_string_pretty(&doc).unwrap());
//! ```
#![deny(missing_docs)]

mod bits;
mod claims;
mod coref;
mod error;
mod extract;
mod gallop;
pub mod gazetteer;
mod lexicon;
mod matcher;
pub mod normalize;
pub mod output;
mod people;
mod segment;
mod tokens;

pub use error::{Error, Result};
pub use extract::{Extractor, ExtractorBuilder};
pub use gazetteer::{Alias, Entity, Gazetteer};
pub use normalize::{Normalized, OffsetMap, normalize};
pub use output::{Claim, Document, Mention, Span};
