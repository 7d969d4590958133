//! The output: a [`Document`] in the `isnad.v1` wire format.
//!
//! Every type here serializes to the JSON that `extract` prints and that
//! `src/output/isnad.v1.schema.json` describes. All offsets point into the
//! caller's original text: `start`/`end` count Unicode scalar values (Python
//! `str` indexing), `byte_start`/`byte_end` count UTF-8 bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod json;
mod view;

pub(crate) use json::EntityJson;
pub(crate) use view::{
    ClaimRef, DocumentBuffers, DocumentRef, EntityRef, Links, MentionRef, PartyRef, SpanRef, SpeakerRef,
};

/// The schema version this crate writes.
pub const SCHEMA: &str = "isnad.v1";

/// The JSON Schema of the output, as published in `src/output/isnad.v1.schema.json`.
pub const JSON_SCHEMA: &str = include_str!("isnad.v1.schema.json");

/// Everything isnad found in one text.
///
/// ```
/// let doc = isnad::Extractor::new().extract("زار ماكرون الصين.");
/// assert_eq!(doc.schema, "isnad.v1");
/// let china = &doc.mentions[doc.mentions.len() - 1];
/// assert_eq!((china.span.text.as_str(), china.span.start, china.span.end), ("الصين", 11, 16));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Facts about the document itself.
    pub meta: Meta,
    /// The entities mentioned, in order of first mention.
    pub entities: Vec<DocumentEntity>,
    /// Every mention, in text order (a name nested in a longer one comes
    /// after it).
    pub mentions: Vec<Mention>,
    /// Every attribution, in text order of the cue.
    pub claims: Vec<Claim>,
}

/// Facts about the document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// From a leading `date YYYY-MM-DD` header, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A piece of the original text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// The original text of the span, exactly.
    pub text: String,
    /// Start, in Unicode scalar values.
    pub start: usize,
    /// End (exclusive), in Unicode scalar values.
    pub end: usize,
    /// Start, in UTF-8 bytes.
    pub byte_start: usize,
    /// End (exclusive), in UTF-8 bytes.
    pub byte_end: usize,
}

/// Where an entity's record comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A gazetteer entry.
    Gazetteer,
    /// A rule (a title, a role) found it in the text.
    Rule,
}

/// An entity mentioned in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentEntity {
    /// The gazetteer id, or a rule-made id (`rule:…`).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// OntoNotes label.
    pub label: String,
    /// Fine kind.
    pub kind: String,
    /// Where the record comes from.
    pub source: Source,
    /// How many mentions it has in this document.
    pub mentions: usize,
    /// Links to other entities (`country` → id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<BTreeMap<String, String>>,
    /// A person's role as the document gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The organization a person's role belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Where it is.
    #[serde(flatten)]
    pub span: Span,
    /// The entity's id.
    pub entity: String,
    /// Index of the sentence that holds it.
    pub sentence: usize,
}

/// An attribution: someone said something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// How the content is given.
    pub kind: ClaimKind,
    /// Index of the sentence that holds the cue.
    pub sentence: usize,
    /// The word that signals the attribution.
    pub cue: Cue,
    /// Who says it.
    pub speaker: Speaker,
    /// The report or outlet that relays the speaker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Party>,
    /// The outlet the speaker spoke to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Party>,
    /// What is claimed.
    pub content: Span,
    /// Ids of the entities mentioned inside the content.
    pub about: Vec<String>,
    /// Index of the claim whose quotation holds this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<usize>,
}

/// How a claim's content is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// A quotation.
    Direct,
    /// An إن/أن ("that") clause.
    Indirect,
    /// An indirect clause holding a quoted fragment.
    Mixed,
    /// After a colon, to the end of the paragraph or over the next ones.
    Colon,
    /// The clause an according-to phrase qualifies.
    AccordingTo,
}

/// The cue of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    /// Where it is.
    #[serde(flatten)]
    pub span: Span,
    /// Its dictionary form (قال، أضاف، وفقا ل، said …).
    pub lemma: String,
}

/// Who makes a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// Where the speaker is named (for a carried-over speaker, the cue).
    #[serde(flatten)]
    pub span: Span,
    /// The speaker's name.
    pub name: String,
    /// The entity, when the speaker is one.
    pub entity: Option<String>,
    /// What sort of speaker.
    pub kind: SpeakerKind,
    /// How the speaker was found.
    pub resolution: Resolution,
    /// For anaphora: the earlier mention it points back to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<Antecedent>,
}

/// What sort of speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    /// A named person.
    Person,
    /// A government, company or other body.
    Organization,
    /// A news outlet.
    Media,
    /// A report (of an outlet or body).
    Report,
    /// Unnamed sources.
    Anonymous,
}

/// How a speaker was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// Named at the cue.
    Explicit,
    /// The cue has no subject: the previous claim's speaker.
    CarriedOver,
    /// Named by a back-reference ("المصادر نفسها", "التقرير").
    Anaphora,
}

/// The earlier mention an anaphoric speaker points back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Antecedent {
    /// Where it is.
    #[serde(flatten)]
    pub span: Span,
    /// Its name.
    pub name: String,
}

/// An outlet or report that relays a claim or receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Where it is.
    #[serde(flatten)]
    pub span: Span,
    /// Its name.
    pub name: String,
    /// Its entity id, when known.
    pub entity: Option<String>,
}

/// Turns byte offsets of a text into `char` offsets, in O(1) per call after
/// one linear pass.
pub(crate) struct CharIndex<'a> {
    text: &'a str,
    /// Chars before each block of `BLOCK` bytes, and one more entry for the
    /// (possibly empty) block at the end, so that every offset up to
    /// `text.len()` has its block.
    /// (`usize`, not `u32`: a text past 4 GiB would wrap the count.)
    blocks: Vec<usize>,
}

/// Bytes in a block of [`CharIndex`]: a multiple of 8, at most 248 (see
/// [`count_chars`]).
const BLOCK: usize = 128;

impl<'a> CharIndex<'a> {
    #[cfg(test)]
    pub(crate) fn new(text: &'a str) -> CharIndex<'a> {
        CharIndex::new_in(text, Vec::new())
    }

    /// [`CharIndex::new`] in the allocation of `blocks` (kept from the
    /// last document: see [`CharIndex::into_blocks`]).
    pub(crate) fn new_in(text: &'a str, mut blocks: Vec<usize>) -> CharIndex<'a> {
        blocks.clear();
        blocks.reserve(text.len() / BLOCK + 1);
        let mut n = 0usize;
        for chunk in text.as_bytes().chunks_exact(BLOCK) {
            blocks.push(n);
            n += count_chars(chunk);
        }
        blocks.push(n);
        CharIndex { text, blocks }
    }

    /// The buffer of the index, for the next one.
    pub(crate) fn into_blocks(self) -> Vec<usize> {
        self.blocks
    }

    /// The char offset of byte offset `byte` (at most `text.len()`).
    pub(crate) fn char_at(&self, byte: usize) -> usize {
        let block = byte / BLOCK;
        let from = block * BLOCK;
        self.blocks[block] + count_chars(&self.text.as_bytes()[from..byte])
    }

    /// The span of original bytes `start..end`.
    pub(crate) fn span(&self, start: usize, end: usize) -> SpanRef<'a> {
        let start_char = self.char_at(start);
        // A span within a block (most names) counts on from its start.
        let end_char = if start / BLOCK == end / BLOCK {
            start_char + count_chars(&self.text.as_bytes()[start..end])
        } else {
            self.char_at(end)
        };
        SpanRef { text: &self.text[start..end], start: start_char, end: end_char, byte_start: start, byte_end: end }
    }
}

/// The number of chars that start in `bytes`, at most 248 of them (31
/// words): the bytes that are not UTF-8 continuation bytes (`0b10xx_xxxx`).
/// Eight at a time, which counting byte by byte does not come near: spans
/// are counted from the start of their block, and the text once, whole.
fn count_chars(bytes: &[u8]) -> usize {
    debug_assert!(bytes.len() <= 248);
    let mut words = bytes.chunks_exact(8);
    // One counter of continuation bytes in each byte lane: at most 31 each,
    // so that their sum (by the multiplication) fits in the top byte.
    let mut lanes = 0u64;
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        // Bit 7 set and bit 6 clear (shifted up to bit 7).
        lanes += (w & !(w << 1) & 0x8080_8080_8080_8080) >> 7;
    }
    let continuation = (lanes.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
        + words.remainder().iter().filter(|&&b| (b as i8) < -0x40).count();
    bytes.len() - continuation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_matches_chars() {
        let text = "ab الصين 😀 x".repeat(50);
        let idx = CharIndex::new(&text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_at(bi), ci);
        }
        assert_eq!(idx.char_at(text.len()), text.chars().count());
    }

    #[test]
    fn char_index_at_the_end_of_a_whole_block() {
        let text = "ص".repeat(BLOCK / 2);
        let idx = CharIndex::new(&text);
        assert_eq!(idx.char_at(text.len()), BLOCK / 2);
        assert_eq!(CharIndex::new("").char_at(0), 0);
    }

    #[test]
    fn count_chars_counts_every_length() {
        let text = "a😀بx€".repeat(30);
        let bytes = text.as_bytes();
        for from in 0..8 {
            for len in 0..=248.min(bytes.len() - from) {
                let slice = &bytes[from..from + len];
                let slow = slice.iter().filter(|&&b| (b as i8) >= -0x40).count();
                assert_eq!(count_chars(slice), slow, "{from}+{len}");
            }
        }
    }
}
