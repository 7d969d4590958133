//! Helpers shared by the integration tests.
#![allow(dead_code)]

use isnad::{Document, Span};

/// Every span of `doc`, with a name saying where it is.
pub fn spans(doc: &Document) -> Vec<(String, &Span)> {
    let mut out = Vec::new();
    for (i, m) in doc.mentions.iter().enumerate() {
        out.push((format!("mentions[{i}]"), &m.span));
    }
    for (i, c) in doc.claims.iter().enumerate() {
        out.push((format!("claims[{i}].cue"), &c.cue.span));
        out.push((format!("claims[{i}].speaker"), &c.speaker.span));
        out.push((format!("claims[{i}].content"), &c.content));
        if let Some(a) = &c.speaker.antecedent {
            out.push((format!("claims[{i}].speaker.antecedent"), &a.span));
        }
        if let Some(v) = &c.via {
            out.push((format!("claims[{i}].via"), &v.span));
        }
        if let Some(r) = &c.recipient {
            out.push((format!("claims[{i}].recipient"), &r.span));
        }
    }
    out
}

/// Checks that every span's `text` is the original at its char offsets and
/// at its byte offsets; returns the first problem found.
pub fn check_spans(original: &str, doc: &Document) -> Result<(), String> {
    let chars: Vec<(usize, char)> = original.char_indices().collect();
    let byte_of = |ci: usize| chars.get(ci).map_or(original.len(), |&(b, _)| b);
    for (at, s) in spans(doc) {
        if s.start > s.end || s.end > chars.len() || s.byte_start > s.byte_end || s.byte_end > original.len() {
            return Err(format!("{at}: span {s:?} is out of range"));
        }
        let by_bytes = original
            .get(s.byte_start..s.byte_end)
            .ok_or_else(|| format!("{at}: bytes not on char boundaries: {s:?}"))?;
        let by_chars = &original[byte_of(s.start)..byte_of(s.end)];
        if by_bytes != s.text || by_chars != s.text {
            return Err(format!("{at}: text {:?} but bytes give {by_bytes:?} and chars give {by_chars:?}", s.text));
        }
    }
    Ok(())
}
