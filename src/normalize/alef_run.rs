//! Stage 8: a run of alefs collapses to one.
//!
//! After the alef forms are unified (stage 4), a doubled alef is a typing
//! slip or an elongation: the seed article spells Nvidia "إإنفيديا", and
//! informal text stretches words ("جداااا"). Arabic spelling never needs two
//! alefs in a row, so collapsing them loses nothing.

/// Whether `c` merges into the previous normalized character `prev`.
///
/// ```
/// assert!(isnad::normalize::alef_run::merges('ا', 'ا'));
/// assert!(!isnad::normalize::alef_run::merges('ل', 'ا'));
/// ```
pub fn merges(prev: char, c: char) -> bool {
    c == 'ا' && prev == 'ا'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_alef_after_alef() {
        assert!(merges('ا', 'ا'));
        assert!(!merges('ا', 'ل'));
        assert!(!merges('a', 'a'));
    }

    #[test]
    fn in_the_pipeline() {
        let n = crate::normalize("شرائح إإنفيديا");
        assert_eq!(n.text(), "شرائح انفيديا");
        // the name's span starts at the first of the doubled alefs
        let at = "شرائح ".len();
        assert_eq!(n.map().to_original(at, n.text().len()), (at, "شرائح إإنفيديا".len()));
        assert_eq!(crate::normalize("جداااا").text(), "جدا");
    }
}
