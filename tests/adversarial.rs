//! Hostile and broken input: each case must give a valid document (every
//! span exact) or a clear error, without panicking. That they run in linear
//! time is shown by `cargo bench --bench pipeline -- adversarial`, not here.

mod common;

use std::sync::LazyLock;

use isnad::Extractor;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);

/// Extracts and checks every span; returns the document.
fn valid(text: &str) -> isnad::Document {
    let doc = EXTRACTOR.extract(text);
    common::check_spans(text, &doc).unwrap_or_else(|e| panic!("{e}"));
    doc
}

const KB: usize = 1 << 10;

/// `piece` repeated to about `bytes` bytes.
fn repeat(piece: &str, bytes: usize) -> String {
    piece.repeat(bytes / piece.len().max(1))
}

#[test]
fn empty_and_whitespace_only() {
    for text in ["", " ", "\n\n\n", "\t \r\n \u{00A0}\u{2029}"] {
        let doc = valid(text);
        assert!(doc.mentions.is_empty() && doc.claims.is_empty());
    }
}

#[test]
fn byte_order_mark_is_invisible() {
    let doc = valid("\u{FEFF}قال الوزير إن الصين مستعدة.");
    assert_eq!(doc.mentions[0].span.text, "الصين");
    assert_eq!(doc.mentions[0].span.start, 15);
}

#[test]
fn nul_bytes_and_controls() {
    valid("الصين\0والهند\u{7}\u{1b}[31m قال:\0\"نعم\"");
}

#[test]
fn invalid_utf8_is_a_clear_error() {
    let err = EXTRACTOR.extract_bytes("in.txt", b"\xd8\xa7\xd9\n\xff").unwrap_err();
    assert_eq!(err.to_string(), "in.txt: invalid UTF-8 at byte 2 (line 1)");
}

#[test]
fn presentation_forms_match_and_map_back() {
    // "الصين" typed in presentation forms.
    let text = "زار \u{FE8D}\u{FEDF}\u{FEBC}\u{FEF4}\u{FEE6} أمس";
    let doc = valid(text);
    assert_eq!(doc.mentions[0].entity, "china");
}

#[test]
fn every_bidi_and_zero_width_control_inside_names() {
    for c in [
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
        '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{061C}', '\u{FEFF}',
    ] {
        let text = format!("زار ال{c}صين");
        let doc = valid(&text);
        assert_eq!(doc.mentions.len(), 1, "{c:?}");
    }
}

#[test]
fn full_diacritization() {
    let doc = valid("قَالَ المُتَحَدِّثُ بِاسْمِ الوِزَارَةِ إِنَّ الصِّينَ مُسْتَعِدَّةٌ.");
    assert_eq!(doc.mentions[0].entity, "china");
    assert_eq!(doc.claims.len(), 1);
}

#[test]
fn emoji_and_zwj_sequences() {
    valid("👨‍👩‍👧‍👦 قال 🇸🇦 مسؤول: \"الصين 😀\" 🏳️‍🌈");
}

#[test]
fn one_long_line() {
    let text = repeat("قال مسؤول إن الصين والولايات المتحدة تتفاوضان، ", 512 * KB);
    let doc = valid(&text);
    assert!(doc.mentions.len() > 1000);
}

#[test]
fn quote_marks_and_colons_by_the_hundred_thousand() {
    for piece in ["\"", ":", "«", "»", "“", "\" ", ": ", "قال: ", "قال \"", "«قال: "] {
        valid(&repeat(piece, 256 * KB));
    }
}

#[test]
fn thousands_of_nested_quotes() {
    let depth = 5000;
    let text = format!("{}قال مسؤول: الصين{}", "«".repeat(depth), "»".repeat(depth));
    valid(&text);
    let mixed = format!("{}نعم{}", "« \" “ ".repeat(depth), " ” \" »".repeat(depth));
    valid(&mixed);
}

#[test]
fn unbalanced_quotes_stay_in_their_paragraph() {
    let doc = valid("قال مسؤول: \"بلا نهاية.\nوقال مسؤول آخر إن الصين \"ترفض\".");
    assert_eq!(doc.claims.last().map(|c| c.content.text.as_str()), Some("الصين \"ترفض\"."));
}

#[test]
fn cue_words_back_to_back() {
    let doc = valid(&repeat("قال ", 256 * KB));
    assert!(doc.claims.is_empty());
    valid(&repeat("وقالت المصادر نفسها إن ", 128 * KB));
    valid(&repeat("وفقا لمصادر ", 128 * KB));
}

#[test]
fn a_name_repeated_without_spaces() {
    let doc = valid(&repeat("الصين", 256 * KB));
    assert!(doc.mentions.is_empty());
}

#[test]
fn a_one_letter_alias_is_rejected_with_its_line() {
    let err =
        Extractor::builder().gazetteer_text("mine.tsv", "x\tORG\tcompany\tX\tب\t-\t-\tmine\n").build().unwrap_err();
    assert_eq!(err.to_string(), "mine.tsv:1: alias \"ب\" is shorter than 2 letters");
}

#[test]
fn a_document_over_the_limit_is_refused() {
    let e = Extractor::builder().max_document_bytes(100).build().unwrap();
    let err = e.extract_bytes("big.txt", &[b'a'; 101]).unwrap_err();
    assert_eq!(err.to_string(), "big.txt: document is 101 bytes, more than the limit of 100 bytes");
    assert!(e.extract_bytes("ok.txt", &[b'a'; 100]).is_ok());
}
