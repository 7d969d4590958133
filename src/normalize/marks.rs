//! Stage 3: tashkeel, tatweel and Quranic marks are dropped.
//!
//! Vowel marks are optional in Arabic and used unevenly ("الصينُ" and
//! "الصين" are one word); tatweel (ـ) only stretches a letter. A dropped mark
//! stays with the letter before it in the offset map, so a span never cuts a
//! letter from its vowel.

/// Whether `c` is a mark that normalization drops.
///
/// ```
/// assert!(isnad::normalize::marks::is_dropped_mark('\u{064F}')); // damma
/// assert!(isnad::normalize::marks::is_dropped_mark('\u{0640}')); // tatweel
/// assert!(!isnad::normalize::marks::is_dropped_mark('ب'));
/// ```
pub fn is_dropped_mark(c: char) -> bool {
    matches!(c,
        '\u{064B}'..='\u{065F}'      // tashkeel: tanween, harakat, shadda, sukun, extended marks
        | '\u{0670}'                 // superscript alef
        | '\u{0640}'                 // tatweel
        | '\u{0610}'..='\u{061A}'    // Quranic honorifics and small letters
        | '\u{06D6}'..='\u{06DC}'    // Quranic annotation marks
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tashkeel_and_tatweel_are_marks() {
        for c in
            ['\u{064B}', '\u{064E}', '\u{0650}', '\u{0651}', '\u{0652}', '\u{065F}', '\u{0670}', '\u{0640}', '\u{06E1}']
        {
            assert!(is_dropped_mark(c), "{:?}", c);
        }
    }

    #[test]
    fn letters_are_not_marks() {
        for c in ['ا', 'ي', 'ة', 'a', '\u{0301}', '\u{06E5}'] {
            assert!(!is_dropped_mark(c), "{:?}", c);
        }
    }

    #[test]
    fn in_the_pipeline() {
        let n = crate::normalize("مُحَمَّدٌ الـصـيـن");
        assert_eq!(n.text(), "محمد الصين");
        // the word's span covers its marks
        assert_eq!(n.map().to_original(0, "محمد".len()), (0, "مُحَمَّدٌ".len()));
    }
}
