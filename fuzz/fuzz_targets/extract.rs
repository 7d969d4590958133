//! Arbitrary bytes into `extract_bytes`: a document or an error, never a
//! panic; every span of a document slices the input to its text.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

static EXTRACTOR: LazyLock<isnad::Extractor> = LazyLock::new(isnad::Extractor::new);

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = EXTRACTOR.extract_bytes("fuzz", data) else { return };
    let text = std::str::from_utf8(data).expect("a document means UTF-8");
    let mut spans = Vec::new();
    for m in &doc.mentions {
        spans.push(&m.span);
    }
    for c in &doc.claims {
        spans.extend([&c.cue.span, &c.speaker.span, &c.content]);
        spans.extend(c.via.as_ref().map(|p| &p.span));
        spans.extend(c.recipient.as_ref().map(|p| &p.span));
        spans.extend(c.speaker.antecedent.as_ref().map(|a| &a.span));
    }
    for s in spans {
        assert_eq!(&text[s.byte_start..s.byte_end], s.text);
        assert_eq!(text[..s.byte_start].chars().count(), s.start);
        assert_eq!(s.start + s.text.chars().count(), s.end);
    }
    serde_json::to_string(&doc).expect("a document serializes");
});
