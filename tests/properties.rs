//! Properties of the whole pipeline on generated text.

mod common;

use std::sync::LazyLock;

use isnad::Extractor;
use proptest::prelude::*;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);

/// News-like pieces mixed with hostile ones: marks, controls, presentation
/// forms, emoji, lone quotes, names with and without proclitics.
fn newsy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "الصين",
        "للصين",
        "والصين",
        "لشخصين",
        "الصينية",
        "إإنفيديا",
        "وByteDance",
        "علي بابا",
        "الدكتورأحمد بانافع",
        "عاصم جلال",
        "جلال",
        "قال",
        "وقالت المصادر نفسها إن",
        "وفقًا لـ",
        "يقول لموقع \"اقتصاد سكاي نيوز عربية\":",
        " ",
        " ",
        "\n",
        "\r\n",
        "\n\n",
        ".",
        "،",
        ":",
        "\"",
        "«",
        "»",
        "“",
        "”",
        "(",
        ")",
        "د.",
        "ـ",
        "\u{064E}",
        "\u{0651}",
        "\u{200F}",
        "\u{202B}",
        "\u{FEFF}",
        "\u{200D}",
        "ﺍﻟﺼﻴﻦ",
        "ﻻ",
        "\u{FC5E}",
        "٢٠٢٥",
        "H20",
        "😀",
        "👨‍👩‍👧",
        "\0",
        "\t",
        "İ",
        "date 2025-11-28 ",
    ]);
    prop::collection::vec(
        prop_oneof![4 => pieces.prop_map(String::from), 1 => any::<char>().prop_map(String::from)],
        0..60,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn spans_are_exact_on_newsy_text(text in newsy_text()) {
        let doc = EXTRACTOR.extract(&text);
        if let Err(e) = common::check_spans(&text, &doc) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn never_panics_on_any_string(text in any::<String>()) {
        let doc = EXTRACTOR.extract(&text);
        if let Err(e) = common::check_spans(&text, &doc) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn any_bytes_give_a_document_or_a_utf8_error(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        match EXTRACTOR.extract_bytes("x", &bytes) {
            Ok(doc) => prop_assert!(std::str::from_utf8(&bytes).is_ok() && doc.schema == "isnad.v1"),
            Err(e) => prop_assert!(e.to_string().starts_with("x: invalid UTF-8 at byte ")),
        }
    }

    /// `extract_json` writes, without the document, the bytes serde writes of it.
    #[test]
    fn extract_json_is_serde_of_extract(text in newsy_text()) {
        let mut out = Vec::new();
        EXTRACTOR.extract_json(&text, &mut out);
        let expected = serde_json::to_vec(&EXTRACTOR.extract(&text)).unwrap();
        prop_assert_eq!(String::from_utf8(out).unwrap(), String::from_utf8(expected).unwrap());
    }

    #[test]
    fn same_input_same_output(text in newsy_text()) {
        let a = serde_json::to_string(&EXTRACTOR.extract(&text)).unwrap();
        let b = serde_json::to_string(&EXTRACTOR.extract(&text)).unwrap();
        prop_assert_eq!(a, b);
    }
}

/// The same text with its line breaks written as LF, CRLF or CR.
fn with_line_ends(text: &str, end: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n").replace('\n', end)
}

/// What a document says, without offsets: to compare across line endings.
fn gist(doc: &isnad::Document) -> String {
    let flat = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    for m in &doc.mentions {
        out.push(format!("m {} {}", flat(&m.span.text), m.entity));
    }
    for c in &doc.claims {
        out.push(format!(
            "c {:?} {} {} {:?} {} {:?}",
            c.kind,
            flat(&c.cue.span.text),
            flat(&c.speaker.name),
            c.speaker.resolution,
            flat(&c.content.text),
            c.parent
        ));
    }
    out.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn spans_are_ordered_and_inside_the_input(text in newsy_text()) {
        let doc = EXTRACTOR.extract(&text);
        let chars = text.chars().count();
        for w in doc.mentions.windows(2) {
            prop_assert!(w[0].span.start <= w[1].span.start);
        }
        for w in doc.claims.windows(2) {
            prop_assert!(w[0].cue.span.start <= w[1].cue.span.start);
        }
        for (_, s) in common::spans(&doc) {
            prop_assert!(s.start < s.end && s.end <= chars && s.byte_end <= text.len());
        }
    }

    #[test]
    fn output_does_not_depend_on_line_endings(text in newsy_text()) {
        let lf = gist(&EXTRACTOR.extract(&with_line_ends(&text, "\n")));
        prop_assert_eq!(&lf, &gist(&EXTRACTOR.extract(&with_line_ends(&text, "\r\n"))));
        prop_assert_eq!(&lf, &gist(&EXTRACTOR.extract(&with_line_ends(&text, "\r"))));
    }

    #[test]
    fn a_content_holds_no_other_cue_unless_that_claim_is_nested(text in newsy_text()) {
        let doc = EXTRACTOR.extract(&text);
        for (a, outer) in doc.claims.iter().enumerate() {
            for (b, inner) in doc.claims.iter().enumerate() {
                let inside = outer.content.start <= inner.cue.span.start && inner.cue.span.end <= outer.content.end;
                if a != b && inside {
                    prop_assert!(inner.parent.is_some(), "claim {b} sits in claim {a}'s content without a parent");
                }
            }
        }
    }
}
