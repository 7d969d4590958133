//! Stage 2: Arabic presentation forms become the letters they draw.
//!
//! Old PDFs and some web pages store shaped glyphs (U+FB50–FDFF, U+FE70–FEFF)
//! instead of letters: "ﺍﻟﺼﻴﻦ" must read as "الصين". Their Unicode
//! compatibility decomposition gives the base letters (a ligature gives
//! several: "ﻻ" → "لا").

/// Whether `c` is an Arabic presentation form.
///
/// ```
/// assert!(isnad::normalize::presentation::is_presentation_form('\u{FEE3}'));
/// assert!(!isnad::normalize::presentation::is_presentation_form('م'));
/// ```
pub fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Calls `emit` with the letters the presentation form `c` stands for.
pub(crate) fn decompose(c: char, emit: impl FnMut(char)) {
    unicode_normalization::char::decompose_compatible(c, emit);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters(c: char) -> String {
        let mut s = String::new();
        decompose(c, |d| s.push(d));
        s
    }

    #[test]
    fn shaped_letters_become_base_letters() {
        assert_eq!(letters('\u{FEE3}'), "م"); // meem initial form
        assert_eq!(letters('\u{FE8D}'), "ا"); // alef isolated form
        assert_eq!(letters('\u{FEFB}'), "لا"); // lam-alef ligature
    }

    #[test]
    fn in_the_pipeline() {
        // "الصين" typed in presentation forms, and a lam-alef-with-hamza ligature.
        assert_eq!(crate::normalize("\u{FE8D}\u{FEDF}\u{FEBC}\u{FEF4}\u{FEE6}").text(), "الصين");
        assert_eq!(crate::normalize("\u{FEF7}").text(), "لا");
    }
}
