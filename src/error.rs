//! Errors as typed values.

use std::path::PathBuf;

/// Everything that can go wrong while building an extractor or reading input.
///
/// Each variant names what and where, so its `Display` form can go straight
/// to a user:
///
/// ```
/// let err = isnad::Gazetteer::parse("mine.tsv", "acme\tORG\tcompany\n").unwrap_err();
/// assert_eq!(err.to_string(), "mine.tsv:1: expected 8 TAB-separated fields, found 3");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A gazetteer or lexicon line is malformed.
    #[error("{path}:{line}: {reason}")]
    Data {
        /// The file (or the name given to an in-memory text).
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        reason: String,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Input is not valid UTF-8.
    #[error("{path}: invalid UTF-8 at byte {byte} (line {line})")]
    InvalidUtf8 {
        /// The input's name (a path, or `<stdin>`).
        path: String,
        /// 0-based byte offset of the first invalid byte.
        byte: usize,
        /// 1-based line of that byte.
        line: usize,
    },
    /// A document is larger than the configured limit.
    #[error("{path}: document is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// The input's name.
        path: String,
        /// The document's size in bytes.
        size: usize,
        /// The configured limit.
        limit: usize,
    },
}

impl Error {
    /// The error for bytes that are not UTF-8, with the offset and line of
    /// the first bad byte.
    ///
    /// ```
    /// let bytes = b"ok\nbad \xff";
    /// let utf8 = std::str::from_utf8(bytes).unwrap_err();
    /// let err = isnad::Error::invalid_utf8("a.txt", bytes, &utf8);
    /// assert_eq!(err.to_string(), "a.txt: invalid UTF-8 at byte 7 (line 2)");
    /// ```
    pub fn invalid_utf8(path: &str, bytes: &[u8], err: &std::str::Utf8Error) -> Error {
        let byte = err.valid_up_to();
        let line = 1 + bytes[..byte].iter().filter(|&&b| b == b'\n').count();
        Error::InvalidUtf8 { path: path.to_string(), byte, line }
    }
}

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
