//! Stage 1: invisible controls are dropped.
//!
//! Bidi marks and embeddings, zero-width characters, the Arabic letter mark,
//! the byte-order mark and the soft hyphen change how text is shown, never
//! what it says; web text sprinkles them inside names.

/// Whether `c` is an invisible control that normalization drops.
///
/// ```
/// assert!(isnad::normalize::controls::is_control('\u{200F}'));
/// assert!(!isnad::normalize::controls::is_control('a'));
/// ```
pub fn is_control(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                    // soft hyphen
        | '\u{061C}'                  // Arabic letter mark
        | '\u{180E}'                  // Mongolian vowel separator (old zero-width space)
        | '\u{200B}'..='\u{200F}'     // zero-width space, ZWNJ, ZWJ, LRM, RLM
        | '\u{202A}'..='\u{202E}'     // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'     // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'     // bidi isolates
        | '\u{FEFF}'                  // byte-order mark / zero-width no-break space
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_control_is_dropped() {
        for c in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}',
            '\u{061C}', '\u{FEFF}', '\u{00AD}',
        ] {
            assert!(is_control(c), "{:?}", c);
        }
    }

    #[test]
    fn visible_text_is_kept() {
        for c in ['ا', 'a', ' ', '\n', '،', '"', '\u{0640}'] {
            assert!(!is_control(c), "{:?}", c);
        }
    }

    #[test]
    fn in_the_pipeline() {
        assert_eq!(crate::normalize("إن\u{200F}فيديا\u{FEFF}").text(), "انفيديا");
    }
}
