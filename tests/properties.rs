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

    #[test]
    fn same_input_same_output(text in newsy_text()) {
        let a = serde_json::to_string(&EXTRACTOR.extract(&text)).unwrap();
        let b = serde_json::to_string(&EXTRACTOR.extract(&text)).unwrap();
        prop_assert_eq!(a, b);
    }
}
