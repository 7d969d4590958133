//! Stage 7: runs of whitespace fold to one space, or one newline.
//!
//! A run that holds a line break becomes "\n" (it may end a paragraph);
//! any other run becomes " ". Tabs, no-break spaces and the many Unicode
//! spaces all count.

/// Whether `c` is whitespace, and if so whether it breaks a line.
///
/// ```
/// use isnad::normalize::whitespace::{classify, Space};
/// assert_eq!(classify('\u{00A0}'), Some(Space::Blank));
/// assert_eq!(classify('\r'), Some(Space::Newline));
/// assert_eq!(classify('x'), None);
/// ```
pub fn classify(c: char) -> Option<Space> {
    match c {
        '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}' => Some(Space::Newline),
        c if c.is_whitespace() => Some(Space::Blank),
        _ => None,
    }
}

/// The two kinds of whitespace that normalization keeps apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Space {
    /// Spaces and tabs: folded to " ".
    Blank,
    /// Line and paragraph breaks: folded to "\n".
    Newline,
}

impl Space {
    /// The character a run of this kind folds to.
    pub fn folded(self) -> char {
        match self {
            Space::Blank => ' ',
            Space::Newline => '\n',
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(classify(' '), Some(Space::Blank));
        assert_eq!(classify('\t'), Some(Space::Blank));
        assert_eq!(classify('\u{3000}'), Some(Space::Blank));
        assert_eq!(classify('\n'), Some(Space::Newline));
        assert_eq!(classify('\u{2029}'), Some(Space::Newline));
        assert_eq!(classify('ا'), None);
    }

    #[test]
    fn in_the_pipeline() {
        assert_eq!(crate::normalize("a \t\u{00A0}b").text(), "a b");
        assert_eq!(crate::normalize("a \r\n\r\n  b").text(), "a\nb");
        let n = crate::normalize("a  \n b");
        // the folded newline covers the whole original run
        assert_eq!(n.map().to_original(1, 2), (1, 5));
    }
}
