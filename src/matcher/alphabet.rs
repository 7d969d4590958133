//! The one-byte alphabet the automaton walks.
//!
//! Normalized Arabic needs only a few dozen symbols, but UTF-8 spends two
//! bytes on each letter. Re-encoding the text one byte per character halves
//! the bytes the automaton walks, and the states it has: ASCII stays itself;
//! the Arabic letters, then every other character of a pattern, get codes of
//! their own from 0x80; a character no pattern holds becomes one of two codes
//! no pattern holds — a word character or not, which is all the boundary
//! rules need to know of it.
//!
//! A gazetteer with more distinct characters than there are codes (names in
//! many scripts) still works: the characters past the last code share two
//! overflow codes, and a candidate that holds one is checked against the
//! text before it counts.

use rustc_hash::FxHashMap;

use super::is_word_char;
use crate::normalize::CharSink;

/// Code of a character no pattern holds that is not a word character.
pub(crate) const OTHER: u8 = 0xFE;
/// Code of a character no pattern holds that is a word character.
pub(crate) const OTHER_WORD: u8 = 0xFF;
/// Code shared by pattern characters past the last code (not word characters).
const OVERFLOW: u8 = 0xFC;
/// Code shared by pattern characters past the last code (word characters).
const OVERFLOW_WORD: u8 = 0xFD;
/// The codes given out one per character.
const FIRST_CODE: u8 = 0x80;
const LAST_CODE: u8 = 0xFB;

/// How many characters apart the checkpoints back to UTF-8 offsets stand.
const CHECKPOINT: usize = 64;

/// Characters to codes.
#[derive(Debug, Clone)]
pub(crate) struct Alphabet {
    /// Codes of U+0000..U+07FF (one or two bytes in UTF-8: ASCII, Arabic,
    /// Latin with diacritics), indexed by code point.
    two_byte: Box<[u8; 0x800]>,
    /// Codes of pattern characters of three or four UTF-8 bytes.
    wide: FxHashMap<char, u8>,
    /// Whether a code stands for word characters.
    word: [bool; 256],
    /// Whether some characters share the overflow codes.
    overflows: bool,
}

impl Alphabet {
    /// An alphabet with a code for every Arabic letter and every character
    /// of `patterns`.
    pub(crate) fn new<'p>(patterns: impl IntoIterator<Item = &'p str>) -> Alphabet {
        let mut a = Alphabet {
            two_byte: Box::new(std::array::from_fn(|cp| match char::from_u32(cp as u32) {
                Some(c) if c.is_ascii() => c as u8,
                Some(c) if is_word_char(c) => OTHER_WORD,
                _ => OTHER,
            })),
            wide: FxHashMap::default(),
            word: [false; 256],
            overflows: false,
        };
        for b in 0..0x80u8 {
            a.word[usize::from(b)] = is_word_char(char::from(b));
        }
        a.word[usize::from(OTHER_WORD)] = true;
        a.word[usize::from(OVERFLOW_WORD)] = true;
        let mut next = FIRST_CODE;
        // The Arabic letters first, so that the proclitics and the article
        // always have codes of their own.
        let letters = ('\u{0621}'..='\u{064A}').filter(|&c| is_word_char(c));
        for c in letters.chain(patterns.into_iter().flat_map(str::chars)) {
            if c.is_ascii() || a.holds(c) {
                continue;
            }
            let code = if next <= LAST_CODE {
                next += 1;
                a.word[usize::from(next - 1)] = is_word_char(c);
                next - 1
            } else {
                a.overflows = true;
                if is_word_char(c) { OVERFLOW_WORD } else { OVERFLOW }
            };
            match a.two_byte.get_mut(c as usize) {
                Some(slot) => *slot = code,
                None => {
                    a.wide.insert(c, code);
                }
            }
        }
        a
    }

    /// Whether `c` has a code of its own (or an overflow code).
    fn holds(&self, c: char) -> bool {
        let code = self.code(c);
        code != OTHER && code != OTHER_WORD
    }

    /// The code of `c`.
    #[inline]
    pub(crate) fn code(&self, c: char) -> u8 {
        match c as u32 {
            cp @ 0..0x800 => self.two_byte[cp as usize],
            _ => self.wide.get(&c).copied().unwrap_or(if is_word_char(c) { OTHER_WORD } else { OTHER }),
        }
    }

    /// Whether `code` stands for word characters.
    pub(crate) fn is_word(&self, code: u8) -> bool {
        self.word[usize::from(code)]
    }

    /// Whether `codes` may stand for more than one string (it holds an
    /// overflow code) and must be checked against the text.
    pub(crate) fn is_shared(&self, codes: &[u8]) -> bool {
        self.overflows && codes.iter().any(|&b| b == OVERFLOW || b == OVERFLOW_WORD)
    }

    /// `s` in codes (a pattern, a title).
    pub(crate) fn encode_str(&self, s: &str) -> Vec<u8> {
        // Sized exactly: no regrowth, and no shrinking into a boxed slice.
        let mut codes = Vec::with_capacity(s.chars().count());
        codes.extend(s.chars().map(|c| self.code(c)));
        codes
    }

    /// `text` in codes, one per character, with the way back to UTF-8
    /// offsets.
    pub(crate) fn encode(&self, text: &str) -> Encoded {
        let bytes = text.as_bytes();
        let mut codes = vec![0; bytes.len()];
        let mut checkpoints = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
        let (mut i, mut n) = (0, 0);
        while let Some(&b) = bytes.get(i) {
            if n % CHECKPOINT == 0 {
                checkpoints.push(i);
            }
            let (code, len) = if b < 0x80 {
                (b, 1)
            } else if b < 0xE0 {
                // A two-byte sequence (the text is valid UTF-8).
                let second = bytes.get(i + 1).map_or(0, |&x| x & 0x3F);
                (self.two_byte[(usize::from(b & 0x1F) << 6) | usize::from(second)], 2)
            } else {
                let c = text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
                (self.code(c), c.len_utf8())
            };
            // One code per character, and no character is shorter than one byte.
            if let Some(slot) = codes.get_mut(n) {
                *slot = code;
            }
            n += 1;
            i += len;
        }
        codes.truncate(n);
        Encoded { codes, checkpoints }
    }
}

/// Encodes text as normalization writes it (a [`CharSink`]): the same
/// [`Encoded`] as [`Alphabet::encode`] on the normalized text, without a
/// second pass over it.
#[derive(Debug)]
pub(crate) struct Encoder<'a> {
    alphabet: &'a Alphabet,
    encoded: Encoded,
}

impl<'a> Encoder<'a> {
    /// An encoder for about `len` bytes of text.
    pub(crate) fn new(alphabet: &'a Alphabet, len: usize) -> Encoder<'a> {
        let encoded = Encoded { codes: Vec::with_capacity(len), checkpoints: Vec::with_capacity(len / CHECKPOINT + 1) };
        Encoder { alphabet, encoded }
    }

    /// The codes of everything pushed.
    pub(crate) fn finish(self) -> Encoded {
        self.encoded
    }
}

impl CharSink for Encoder<'_> {
    #[inline(always)]
    fn push(&mut self, c: char, at: usize) {
        let e = &mut self.encoded;
        if e.codes.len().is_multiple_of(CHECKPOINT) {
            e.checkpoints.push(at);
        }
        e.codes.push(self.alphabet.code(c));
    }

    fn replace_last(&mut self, c: char) {
        if let Some(last) = self.encoded.codes.last_mut() {
            *last = self.alphabet.code(c);
        }
    }
}

/// Text in codes, one per character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Encoded {
    pub(crate) codes: Vec<u8>,
    /// The UTF-8 offset of every [`CHECKPOINT`]th character.
    checkpoints: Vec<usize>,
}

impl Encoded {
    /// The UTF-8 offset in `text` (the text this was encoded from) of
    /// character `at` (`codes.len()` for the end).
    pub(crate) fn utf8_offset(&self, text: &str, at: usize) -> usize {
        let Some(&from) = self.checkpoints.get(at / CHECKPOINT) else { return text.len() };
        let bytes = text.as_bytes();
        let mut i = from;
        for _ in 0..at % CHECKPOINT {
            i += utf8_len(bytes[i]);
        }
        i
    }
}

/// The length of the UTF-8 sequence that starts with `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0..0x80 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn one_code_per_character() {
        let a = Alphabet::new(["الصين", "é"]);
        let e = a.encode("في الصين ñ é 中");
        assert_eq!(e.codes.len(), "في الصين ñ é 中".chars().count());
        assert_eq!(e.codes[3..8], a.encode_str("الصين")[..]);
        // ñ and 中 are in no pattern: word characters without a code.
        assert_eq!(e.codes[9], OTHER_WORD);
        assert_eq!(e.codes[13], OTHER_WORD);
        assert_ne!(e.codes[11], OTHER_WORD);
        assert!(a.is_word(e.codes[11]));
    }

    #[test]
    fn punctuation_without_a_code_is_not_a_word_character() {
        let a = Alphabet::new(["الصين"]);
        assert_eq!(a.code('«'), OTHER);
        assert_eq!(a.code('—'), OTHER);
        assert!(!a.is_word(a.code('،')));
        assert!(a.is_word(a.code('ب')));
    }

    #[test]
    fn overflow_codes_are_shared_and_flagged() {
        let han: String = ('\u{4E00}'..'\u{4E00}').chain('\u{4E00}'..'\u{4F00}').collect();
        let a = Alphabet::new([han.as_str()]);
        let last = a.encode_str("\u{4EFF}");
        assert_eq!(last, [OVERFLOW_WORD]);
        assert!(a.is_shared(&last));
        assert!(!a.is_shared(&a.encode_str("الصين")));
    }

    proptest! {
        /// Encoding while normalizing gives what encoding the normalized
        /// text afterwards gives.
        #[test]
        fn encoder_agrees_with_encode(text in "[a-zA-Zé\u{0621}-\u{065F}\u{0660}-\u{0669} \t\n\r«ـ\u{200F}\u{FEF5}中]{0,300}") {
            let a = Alphabet::new(["الصين", "é"]);
            let (n, encoder) = crate::normalize::normalize_into(&text, Encoder::new(&a, text.len()));
            prop_assert_eq!(encoder.finish(), a.encode(n.text()));
        }

        #[test]
        fn offsets_map_back_to_character_boundaries(text in "[a-zé\u{0621}-\u{064A} «中]{0,300}") {
            let a = Alphabet::new(["الصين"]);
            let e = a.encode(&text);
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            prop_assert_eq!(e.codes.len() + 1, starts.len());
            for (at, &want) in starts.iter().enumerate() {
                prop_assert_eq!(e.utf8_offset(&text, at), want);
            }
        }
    }
}
