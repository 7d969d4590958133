//! Stage 6: letter case is folded (to lower case).
//!
//! "NVIDIA", "Nvidia" and "nvidia" are one name. Lower-casing can turn one
//! character into several ('İ' → "i̇"); the offset map keeps them all on the
//! one original character.

/// Calls `emit` with the lower-case form of `c`.
///
/// ```
/// let mut s = String::new();
/// isnad::normalize::case::fold('Q', |c| s.push(c));
/// assert_eq!(s, "q");
/// ```
pub fn fold(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
    } else if ('\u{0590}'..='\u{08FF}').contains(&c) {
        // Hebrew, Arabic, Syriac, Thaana …: scripts without case (a fast path).
        emit(c);
    } else if c.is_uppercase() {
        c.to_lowercase().for_each(emit);
    } else {
        emit(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(s: &str) -> String {
        let mut out = String::new();
        s.chars().for_each(|c| fold(c, |l| out.push(l)));
        out
    }

    #[test]
    fn latin_and_beyond() {
        assert_eq!(lower("ByteDance G&K ÉCOLE"), "bytedance g&k école");
        assert_eq!(lower("الصين"), "الصين");
    }

    #[test]
    fn in_the_pipeline() {
        let n = crate::normalize("وByteDance");
        assert_eq!(n.text(), "وbytedance");
    }
}
