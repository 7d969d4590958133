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

use crate::normalize::CharSink;

/// A letter or digit of any script: what a name may not touch.
pub(crate) fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        // The Arabic letters and digits normalization leaves (a fast path:
        // Unicode's alphabetic table is a slow lookup).
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0660}'..='\u{0669}' => true,
        _ => c.is_alphanumeric(),
    }
}

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alphabet {
    /// Codes of U+0000..U+07FF (one or two bytes in UTF-8: ASCII, Arabic,
    /// Latin with diacritics), indexed by code point.
    two_byte: Box<[u8; 0x800]>,
    /// `two_byte` by UTF-8 bytes, for [`Encoding::step`] and the
    /// normalizer's fast path ([`CharSink::narrow_codes`]): indexed by a
    /// character's first two bytes (little-endian), so that one look-up,
    /// without a branch, encodes an ASCII byte (whatever follows it) or a
    /// two-byte sequence alike.
    by_bytes: Box<[u8; 0x10000]>,
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
    #[cfg(test)]
    pub(crate) fn new<'p>(patterns: impl IntoIterator<Item = &'p str>) -> Alphabet {
        Alphabet::encoding(patterns, &mut Vec::new(), &mut Vec::new())
    }

    /// [`new`](Self::new), and the patterns in codes, in the same pass (a
    /// character's code, once given, stays): one after another in `codes`,
    /// `ends[i]` where the i-th ends.
    pub(crate) fn encoding<'p>(
        patterns: impl IntoIterator<Item = &'p str>,
        codes: &mut Vec<u8>,
        ends: &mut Vec<usize>,
    ) -> Alphabet {
        let mut a = Alphabet {
            two_byte: Box::new(std::array::from_fn(|cp| match char::from_u32(cp as u32) {
                Some(c) if c.is_ascii() => c as u8,
                Some(c) if is_word_char(c) => OTHER_WORD,
                _ => OTHER,
            })),
            by_bytes: Box::new([0; 0x10000]),
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
        for c in ('\u{0621}'..='\u{064A}').filter(|&c| is_word_char(c)) {
            a.add(c, &mut next);
        }
        // Loops of their own, not a chain of iterators: the patterns hold
        // over a hundred thousand characters.
        for p in patterns {
            for c in p.chars() {
                let code = match a.code(c) {
                    OTHER | OTHER_WORD => a.add(c, &mut next),
                    code => code,
                };
                codes.push(code);
            }
            ends.push(codes.len());
        }
        a.fill_by_bytes();
        a
    }

    /// The alphabet whose parts [`Alphabet::to_rust`] wrote (the built-in
    /// gazetteer's, made by `build.rs`): what [`Alphabet::encoding`] gives
    /// for the patterns it was made of, without reading them again.
    pub(crate) fn from_static(
        two_byte: &[u8; 0x800],
        wide: &[(char, u8)],
        word: &[bool; 256],
        overflows: bool,
    ) -> Alphabet {
        let mut a = Alphabet {
            two_byte: Box::new(*two_byte),
            by_bytes: Box::new([0; 0x10000]),
            wide: wide.iter().copied().collect(),
            word: *word,
            overflows,
        };
        a.fill_by_bytes();
        a
    }

    /// Rust source of statics that [`Alphabet::from_static`] makes this
    /// alphabet of, named `{prefix}_TWO_BYTE` and so on (for `build.rs`).
    #[allow(dead_code)]
    pub(crate) fn to_rust(&self, prefix: &str) -> String {
        let two_byte: String = self.two_byte.iter().map(|c| format!("{c},")).collect();
        let mut wide: Vec<(char, u8)> = self.wide.iter().map(|(&c, &code)| (c, code)).collect();
        wide.sort_unstable();
        let wide: String = wide.iter().map(|(c, code)| format!("({c:?},{code}),")).collect();
        let word: String = self.word.iter().map(|w| format!("{w},")).collect();
        format!(
            "static {prefix}_TWO_BYTE: [u8; 0x800] = [{two_byte}];\nstatic {prefix}_WIDE: &[(char, u8)] = &[{wide}];\nstatic {prefix}_WORD: [bool; 256] = [{word}];\nconst {prefix}_OVERFLOWS: bool = {};\n",
            self.overflows
        )
    }

    /// `by_bytes` from `two_byte`.
    fn fill_by_bytes(&mut self) {
        for (i, slot) in self.by_bytes.iter_mut().enumerate() {
            let (b0, b1) = (i & 0xFF, i >> 8);
            *slot = match b0 {
                0..0x80 => self.two_byte[b0],
                0xC0..0xE0 => self.two_byte[((b0 & 0x1F) << 6) | (b1 & 0x3F)],
                // No character starts with a continuation byte; wider ones
                // take the slow path.
                _ => OTHER,
            };
        }
    }

    /// Whether some characters share the overflow codes (`build.rs` makes
    /// sure the built-in alphabet's do not).
    #[allow(dead_code)]
    pub(crate) fn overflows(&self) -> bool {
        self.overflows
    }

    /// Gives `c` the code `next` (then one more), or an overflow code when
    /// they are all given, and returns it.
    fn add(&mut self, c: char, next: &mut u8) -> u8 {
        let code = if *next <= LAST_CODE {
            *next += 1;
            self.word[usize::from(*next - 1)] = is_word_char(c);
            *next - 1
        } else {
            self.overflows = true;
            if is_word_char(c) { OVERFLOW_WORD } else { OVERFLOW }
        };
        match self.two_byte.get_mut(c as usize) {
            Some(slot) => *slot = code,
            None => {
                self.wide.insert(c, code);
            }
        }
        code
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

    /// `s` in codes (a title).
    pub(crate) fn encode_str(&self, s: &str) -> Vec<u8> {
        s.chars().map(|c| self.code(c)).collect()
    }

    /// `text` in codes, one per character, with the way back to UTF-8
    /// offsets: the same as pushing each character to an [`Encoder`].
    #[cfg(test)]
    pub(crate) fn encode(&self, text: &str) -> Encoded {
        let mut e = Encoding::new(self, text);
        e.ensure(usize::MAX);
        e.encoded
    }
}

/// Encodes text as normalization writes it (a [`CharSink`]): the same
/// [`Encoded`] as [`Alphabet::encode`] on the normalized text, without a
/// second pass over it.
#[derive(Debug)]
pub(crate) struct Encoder<'a> {
    alphabet: &'a Alphabet,
    /// `alphabet.two_byte`, one load nearer: pushing is per character.
    two_byte: &'a [u8; 0x800],
    encoded: Encoded,
}

impl<'a> Encoder<'a> {
    /// An encoder for about `len` bytes of text.
    #[cfg(test)]
    pub(crate) fn new(alphabet: &'a Alphabet, len: usize) -> Encoder<'a> {
        Encoder::reusing(alphabet, len, Encoded::default())
    }

    /// [`Encoder::new`] in the allocations of `old`, codes done with.
    pub(crate) fn reusing(alphabet: &'a Alphabet, len: usize, mut old: Encoded) -> Encoder<'a> {
        old.codes.clear();
        old.codes.reserve(len);
        old.checkpoints.clear();
        old.checkpoints.reserve(len / CHECKPOINT + 1);
        Encoder { alphabet, two_byte: &alphabet.two_byte, encoded: old }
    }

    /// The codes of everything pushed.
    pub(crate) fn finish(self) -> Encoded {
        self.encoded
    }

    #[inline(always)]
    fn push_code(&mut self, code: u8, at: usize) {
        let e = &mut self.encoded;
        if e.codes.len().is_multiple_of(CHECKPOINT) {
            e.checkpoints.push(at);
        }
        e.codes.push(code);
    }
}

impl CharSink for Encoder<'_> {
    #[inline(always)]
    fn push(&mut self, c: char, at: usize) {
        let code = match self.two_byte.get(c as usize) {
            Some(&code) => code,
            None => self.alphabet.code(c),
        };
        self.push_code(code, at);
    }

    /// The normalizer's fast path: a character below U+0800 has its code
    /// looked up by its bytes, with no test.
    #[inline(always)]
    fn narrow_codes(&self) -> &[u8; 0x10000] {
        &self.alphabet.by_bytes
    }

    /// Up to the next checkpoint.
    #[inline(always)]
    fn codes_room(&self) -> usize {
        CHECKPOINT - self.encoded.codes.len() % CHECKPOINT
    }

    /// A block of codes at once: no capacity test, no checkpoint test, per
    /// character.
    #[inline(always)]
    fn push_codes(&mut self, codes: &[u8], at: usize) {
        let e = &mut self.encoded;
        if !codes.is_empty() && e.codes.len().is_multiple_of(CHECKPOINT) {
            e.checkpoints.push(at);
        }
        e.codes.extend_from_slice(codes);
    }

    fn replace_last(&mut self, c: char) {
        if let Some(last) = self.encoded.codes.last_mut() {
            *last = self.alphabet.code(c);
        }
    }
}

/// Text encoded as a scan reaches it: the same [`Encoded`] as an
/// [`Encoder`] given each character, a character at a time, so that the scan
/// ([`Searcher::find_encoding`](super::lazy::Searcher::find_encoding)) does
/// the encoding's work in its own loop, while it waits on its table.
#[derive(Debug)]
pub(crate) struct Encoding<'a> {
    alphabet: &'a Alphabet,
    text: &'a str,
    /// Bytes of `text` encoded so far.
    i: usize,
    encoded: Encoded,
}

impl<'a> Encoding<'a> {
    /// Nothing of `text` encoded yet.
    pub(crate) fn new(alphabet: &'a Alphabet, text: &'a str) -> Encoding<'a> {
        let encoded = Encoded {
            codes: Vec::with_capacity(text.len()),
            checkpoints: Vec::with_capacity(text.len() / CHECKPOINT + 1),
        };
        Encoding { alphabet, text, i: 0, encoded }
    }

    /// The codes so far.
    pub(crate) fn codes(&self) -> &[u8] {
        &self.encoded.codes
    }

    /// What is encoded so far.
    pub(crate) fn encoded(&self) -> &Encoded {
        &self.encoded
    }

    /// Whether the whole text is encoded.
    pub(crate) fn done(&self) -> bool {
        self.i >= self.text.len()
    }

    /// Encodes the next character and returns its code (`None` at the end).
    #[inline(always)]
    pub(crate) fn step(&mut self) -> Option<u8> {
        // A character of one or two bytes with a byte after it (the text is
        // valid UTF-8: a lead byte below 0xE0 starts one of at most two).
        if let Some(&[b0, b1]) = self.text.as_bytes().get(self.i..self.i + 2)
            && b0 < 0xE0
        {
            let code = self.alphabet.by_bytes[usize::from(u16::from_le_bytes([b0, b1]))];
            self.push(code, 1 + usize::from(b0 >> 7));
            return Some(code);
        }
        self.step_slow()
    }

    /// [`step`](Self::step) on a wider character, or the last one.
    #[cold]
    #[inline(never)]
    fn step_slow(&mut self) -> Option<u8> {
        let c = self.text.get(self.i..)?.chars().next()?;
        let code = self.alphabet.code(c);
        self.push(code, c.len_utf8());
        Some(code)
    }

    #[inline(always)]
    fn push(&mut self, code: u8, len: usize) {
        let e = &mut self.encoded;
        if e.codes.len().is_multiple_of(CHECKPOINT) {
            e.checkpoints.push(self.i);
        }
        e.codes.push(code);
        self.i += len;
    }

    /// Encodes character after character, handing each code to `f`, until
    /// `f` returns false or the text ends. [`step`](Self::step) in a loop,
    /// with the position and the length in registers.
    #[inline(always)]
    pub(crate) fn scan(&mut self, mut f: impl FnMut(u8) -> bool) {
        let bytes = self.text.as_bytes();
        let by_bytes: &[u8; 0x10000] = &self.alphabet.by_bytes;
        let mut i = self.i;
        loop {
            let code = if let Some(&[b0, b1]) = bytes.get(i..i + 2)
                && b0 < 0xE0
            {
                let code = by_bytes[usize::from(u16::from_le_bytes([b0, b1]))];
                let e = &mut self.encoded;
                if e.codes.len().is_multiple_of(CHECKPOINT) {
                    e.checkpoints.push(i);
                }
                e.codes.push(code);
                i += 1 + usize::from(b0 >> 7);
                code
            } else {
                self.i = i;
                let Some(code) = self.step_slow() else { return };
                i = self.i;
                code
            };
            if !f(code) {
                self.i = i;
                return;
            }
        }
    }

    /// Encodes up to `n` codes (fewer at the end of the text).
    pub(crate) fn ensure(&mut self, n: usize) {
        while self.encoded.codes.len() < n && self.step().is_some() {}
    }
}

/// Text in codes, one per character.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Encoded {
    pub(crate) codes: Vec<u8>,
    /// The UTF-8 offset of every [`CHECKPOINT`]th character.
    checkpoints: Vec<usize>,
}

impl Encoded {
    /// Drops each list whose allocation `keep(capacity, item size)` refuses.
    pub(crate) fn trim(&mut self, keep: &impl Fn(usize, usize) -> bool) {
        if !keep(self.codes.capacity(), 1) {
            self.codes = Vec::new();
        }
        if !keep(self.checkpoints.capacity(), size_of::<usize>()) {
            self.checkpoints = Vec::new();
        }
    }

    /// The UTF-8 offset in `text` (the text this was encoded from) of
    /// character `at` (`codes.len()` for the end).
    pub(crate) fn utf8_offset(&self, text: &str, at: usize) -> usize {
        let Some(&from) = self.checkpoints.get(at / CHECKPOINT) else { return text.len() };
        skip_chars(text.as_bytes(), from, at % CHECKPOINT)
    }

    /// The UTF-8 span in `text` of characters `start..end`: the end counted
    /// on from the start when that is nearer than its checkpoint (a name is
    /// a few characters long; a checkpoint, on average 32 back).
    pub(crate) fn utf8_span(&self, text: &str, start: usize, end: usize) -> (usize, usize) {
        let from = self.utf8_offset(text, start);
        let n = end.saturating_sub(start);
        if n <= end % CHECKPOINT {
            (from, skip_chars(text.as_bytes(), from, n))
        } else {
            (from, self.utf8_offset(text, end))
        }
    }
}

/// Where the `n`th character after the one at byte `i` of `bytes` starts
/// (`i` on a character boundary).
///
/// Eight bytes at a time: a character starts at every byte but a
/// continuation byte (`0b10xx_xxxx`), so the starts in a word are counted
/// with a few bit operations, whole words skipped while they hold no more
/// than the starts still to skip, and the answer picked out of the word
/// that holds it. A character at a time (a table look-up each) cost about
/// ten instructions per character, and the offsets of every match are
/// counted from a checkpoint on average 32 characters back.
fn skip_chars(bytes: &[u8], mut i: usize, mut n: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(word) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        // The high bit of each byte that starts a character: not bit 7 set
        // with bit 6 clear (`w << 1` brings bit 6 under bit 7).
        let starts = !(w & !(w << 1)) & HIGH;
        // Their number, summed into the top byte by the multiplication.
        let count = ((starts >> 7).wrapping_mul(ONES) >> 56) as usize;
        if count > n {
            // The answer is the start after the next `n` in this word.
            let mut rest = starts;
            for _ in 0..n {
                rest &= rest - 1;
            }
            return i + (rest.trailing_zeros() / 8) as usize;
        }
        n -= count;
        i += 8;
    }
    // The last few bytes, one at a time (`i` may be inside a character
    // here, on its continuation bytes).
    let Some(tail) = bytes.get(i..) else { return i };
    for &b in tail {
        if b & 0xC0 != 0x80 {
            if n == 0 {
                return i;
            }
            n -= 1;
        }
        i += 1;
    }
    i
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

    /// The reference: every character pushed to an [`Encoder`] on its own.
    fn encode_per_char(a: &Alphabet, text: &str) -> Encoded {
        let mut e = Encoder::new(a, text.len());
        for (i, c) in text.char_indices() {
            e.push(c, i);
        }
        e.finish()
    }

    /// A small alphabet, one with a pattern character of every UTF-8 length,
    /// and one that overflows (CJK names past the last code, an astral one).
    fn alphabets() -> [Alphabet; 3] {
        let han: String = ('\u{4E00}'..'\u{4F00}').collect();
        [
            Alphabet::new(["الصين"]),
            Alphabet::new(["الصين", "é", "Ω", "中国", "😀", "a-b"]),
            Alphabet::new([han.as_str(), "😀🙂", "ñ"]),
        ]
    }

    /// Any text, weighted towards what the table path handles and where it
    /// stops: Arabic, marks, ASCII, two-byte Latin, CJK, astral.
    fn any_text() -> impl Strategy<Value = String> {
        let ch = prop_oneof![
            4 => prop::char::range('\u{0600}', '\u{06FF}'),
            2 => prop::char::range('\u{064B}', '\u{0652}'),
            4 => prop::char::range('\0', '\u{7F}'),
            2 => prop::char::range('\u{80}', '\u{7FF}'),
            2 => prop::char::range('\u{4E00}', '\u{4F10}'),
            1 => prop::sample::select(vec!['😀', '🙂', '𝐀', '\u{FEFF}', '\u{200F}', '«', 'é', 'Ω', 'ñ']),
            2 => any::<char>(),
        ];
        prop::collection::vec(ch, 0..300).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        /// The word-at-a-time skip agrees with a walk over the characters,
        /// from every boundary, for every count (past the end too).
        #[test]
        fn skip_chars_agrees_with_char_walk(text in "[a-zé\u{0621}-\u{064A} «中😀]{0,80}", n in 0usize..90) {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            for (k, &from) in boundaries.iter().enumerate() {
                let expected = boundaries.get(k + n).copied().unwrap_or(text.len());
                prop_assert_eq!(skip_chars(text.as_bytes(), from, n), expected);
            }
        }

        /// The table-driven encoder gives the codes and checkpoints of
        /// encoding one character at a time.
        #[test]
        fn fast_encoder_agrees_with_per_char(text in any_text()) {
            for a in &alphabets() {
                prop_assert_eq!(a.encode(&text), encode_per_char(a, &text));
            }
        }

        /// The patterns' codes given while the alphabet is made are those
        /// the finished alphabet gives them, overflowing or not.
        #[test]
        fn patterns_coded_as_they_are_read(mut patterns in prop::collection::vec(any_text(), 0..6), overflow: bool) {
            if overflow {
                patterns.insert(0, ('\u{4E00}'..'\u{4F00}').collect());
            }
            let (mut codes, mut ends) = (Vec::new(), Vec::new());
            let a = Alphabet::encoding(patterns.iter().map(String::as_str), &mut codes, &mut ends);
            prop_assert_eq!(ends.len(), patterns.len());
            let mut start = 0;
            for (p, &end) in patterns.iter().zip(&ends) {
                prop_assert_eq!(&codes[start..end], &a.encode_str(p)[..]);
                start = end;
            }
        }

        /// Encoding as a scan goes, in steps of any size, gives the same too.
        #[test]
        fn encoding_agrees_with_encode(text in any_text(), sizes in prop::collection::vec(0usize..80, 1..10)) {
            for a in &alphabets() {
                let mut e = Encoding::new(a, &text);
                for (k, &n) in sizes.iter().enumerate() {
                    match k % 3 {
                        0 => e.ensure(e.codes().len() + n),
                        1 => {
                            for _ in 0..n {
                                e.step();
                            }
                        }
                        _ => {
                            let mut left = n;
                            e.scan(|_| {
                                left = left.saturating_sub(1);
                                left > 0
                            });
                        }
                    }
                }
                e.ensure(usize::MAX);
                prop_assert!(e.done());
                prop_assert_eq!(e.encoded(), &a.encode(&text));
            }
        }

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
            for (start, &want_start) in starts.iter().enumerate() {
                for (end, &want_end) in starts.iter().enumerate().skip(start).take(70) {
                    prop_assert_eq!(e.utf8_span(&text, start, end), (want_start, want_end));
                }
            }
        }
    }
}
