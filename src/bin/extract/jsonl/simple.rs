//! A reader for the common line: one object whose keys have no escapes and
//! whose values are strings, numbers, `true`, `false` or `null`, the text a
//! string. It reads such a line in one pass over its bytes, finding each
//! string's end a block of bytes at a time; serde_json went over the text
//! again for each escape in it (a news text has a `\n` a paragraph), and
//! then copied the unescaped text twice. The text is unescaped as it is
//! read.
//!
//! Anything else (a nested value, a key with escapes, a `\u` surrogate, a
//! text that is not a string, or any invalid JSON) is left to serde_json:
//! [`read`] returns `None` and the caller parses the line with serde, which
//! gives the same result for a line this reads and the error records for a
//! line that is not JSON. The tests hold the two to the same results.

use std::borrow::Cow;

use super::{Fields, Line, Text};

/// Reads `line` if it is of the simple form, as [`super::LineSeed`] would:
/// the text field `text_field` (`None`: none, every field as written) is
/// read as a string, unescaped into `buf` when it has escapes.
pub(super) fn read<'a>(line: &'a str, text_field: Option<&str>, buf: &mut String) -> Option<Line<'a>> {
    let mut s = Scanner { line, at: 0 };
    let mut fields: Vec<(Cow<'a, str>, &'a str)> = Vec::with_capacity(8);
    let mut text = None;
    s.skip_whitespace();
    s.eat(b'{')?;
    s.skip_whitespace();
    if s.peek() == Some(b'}') {
        s.at += 1;
    } else {
        loop {
            let (key, escaped) = s.string()?;
            if escaped {
                return None;
            }
            // The key without its quotes.
            let key = line.get(key.start + 1..key.end - 1)?;
            s.skip_whitespace();
            s.eat(b':')?;
            s.skip_whitespace();
            if Some(key) == text_field {
                text = Some(s.text(buf)?);
            } else {
                let value = s.value()?;
                match fields.iter_mut().find(|(k, _)| k == key) {
                    Some(field) => field.1 = value,
                    None => fields.push((Cow::Borrowed(key), value)),
                }
            }
            s.skip_whitespace();
            match s.next()? {
                b',' => s.skip_whitespace(),
                b'}' => break,
                _ => return None,
            }
        }
    }
    s.skip_whitespace();
    (s.at == line.len()).then_some(Line { fields: Fields(fields), text })
}

/// A position in a line.
struct Scanner<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn eat(&mut self, expected: u8) -> Option<()> {
        (self.next()? == expected).then_some(())
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// A string, number or literal: as written.
    fn value(&mut self) -> Option<&'a str> {
        let start = self.at;
        match self.peek()? {
            b'"' => {
                self.string()?;
            }
            b'-' | b'0'..=b'9' => self.number()?,
            _ => {
                let rest = &self.line.as_bytes()[start..];
                let literal = [b"true".as_slice(), b"false", b"null"].into_iter().find(|l| rest.starts_with(l))?;
                self.at += literal.len();
            }
        }
        self.line.get(start..self.at)
    }

    /// A number, by JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.some_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            self.some_digits()?;
        }
        Some(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }

    fn some_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.digits();
        (self.at > start).then_some(())
    }

    /// A string: where it is, quotes included, and whether it has escapes.
    /// `None` for an invalid string, and for a `\u` escape of a surrogate
    /// (serde_json pairs them, or rejects a lone one).
    fn string(&mut self) -> Option<(std::ops::Range<usize>, bool)> {
        let start = self.at;
        self.eat(b'"')?;
        let bytes = self.line.as_bytes();
        let mut escaped = false;
        loop {
            self.at += plain_len(&bytes[self.at..]);
            match self.next()? {
                b'"' => return Some((start..self.at, escaped)),
                b'\\' => {
                    escaped = true;
                    match self.next()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' => {
                            let hex = bytes.get(self.at..self.at + 4)?;
                            if !matches!(hex_value(hex)?, 0..=0xD7FF | 0xE000..) {
                                return None;
                            }
                            self.at += 4;
                        }
                        _ => return None,
                    }
                }
                // A control character.
                _ => return None,
            }
        }
    }
}

#[cfg(not(target_arch = "x86_64"))]
use plain_len_portable as plain_len;

impl<'a> Scanner<'a> {
    /// The text's string, [`Scanner::string`] that unescapes it into `buf`
    /// as it reads it, once it has met an escape: the runs between escapes
    /// are copied as they are found, with no second search for them.
    fn text(&mut self, buf: &mut String) -> Option<Text<'a>> {
        let content = self.at + 1;
        self.eat(b'"')?;
        let bytes = self.line.as_bytes();
        let mut escaped = false;
        // Where the run not yet copied starts.
        let mut run = content;
        loop {
            self.at += plain_len(&bytes[self.at..]);
            // (The runs end at a quote or a backslash: char boundaries.)
            let before = self.at;
            match self.next()? {
                b'"' if !escaped => return Some(Text::Borrowed(self.line.get(content..before)?)),
                b'"' => {
                    buf.push_str(self.line.get(run..before)?);
                    return Some(Text::InBuffer);
                }
                b'\\' => {
                    if !escaped {
                        buf.clear();
                        escaped = true;
                    }
                    buf.push_str(self.line.get(run..before)?);
                    buf.push(match self.next()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hex = bytes.get(self.at..self.at + 4)?;
                            self.at += 4;
                            // (A surrogate is `None`: see `string`.)
                            char::from_u32(hex_value(hex)?)?
                        }
                        _ => return None,
                    });
                    run = self.at;
                }
                // A control character.
                _ => return None,
            }
        }
    }
}

/// How many bytes at the start of `bytes` need no escape in a JSON string:
/// neither `"`, `\` nor a control character (below 0x20). Thirty-two bytes
/// at a time in SSE2 (baseline on x86_64), whose mask of the bytes found gives
/// the first one's place with no second look: most strings are short (keys,
/// ids) or end soon (a text at its next escape), and the portable search,
/// a block then a word at a time, cost about four times as much for them.
/// The last bytes are copied into a block of spaces.
#[cfg(target_arch = "x86_64")]
fn plain_len(bytes: &[u8]) -> usize {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_xor_si128,
    };
    // The bits of the bytes of `block` that need an escape (`b ^ 2 <= 0x20`
    // is `b < 0x20 || b == b'"'`: the xor moves `"` to 0x20 and no byte
    // across it; unsigned, `x <= 0x20` is `min(x, 0x20) == x`).
    let special = |block: &[u8; 16]| -> u32 {
        // SAFETY: the load reads the 16 bytes of `block` (unaligned loads
        // allow any address); the other intrinsics only compute, in SSE2,
        // which every x86_64 processor has.
        let mask = unsafe {
            let v = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
            let x = _mm_xor_si128(v, _mm_set1_epi8(2));
            let low = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x20)), x);
            let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
            _mm_movemask_epi8(_mm_or_si128(low, backslash))
        };
        mask as u32
    };
    // Two blocks a step, their masks as one.
    let pair = |block: &[u8]| match (block.first_chunk::<16>(), block.get(16..).and_then(|b| b.first_chunk::<16>())) {
        (Some(a), Some(b)) => special(a) | special(b) << 16,
        _ => 0,
    };
    let mut blocks = bytes.chunks_exact(32);
    for (k, block) in (&mut blocks).enumerate() {
        let found = pair(block);
        if found != 0 {
            return k * 32 + found.trailing_zeros() as usize;
        }
    }
    let rest = blocks.remainder();
    let mut block = [b' '; 32];
    block[..rest.len()].copy_from_slice(rest);
    let at = bytes.len() - rest.len();
    match pair(&block) {
        0 => bytes.len(),
        found => at + found.trailing_zeros() as usize,
    }
}

/// [`plain_len`] without SIMD: a block of 32 at a time, tested in a way the
/// compiler makes into a few vector instructions, then a word at a time in
/// the block that has the byte.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn plain_len_portable(bytes: &[u8]) -> usize {
    let any_special = |block: &[u8; 32]| block.iter().fold(false, |any, &b| any | ((b ^ 2) <= 0x20) | (b == b'\\'));
    let mut blocks = bytes.chunks_exact(32);
    for (k, block) in (&mut blocks).enumerate() {
        let Ok(block) = <&[u8; 32]>::try_from(block) else { break };
        if any_special(block) {
            return k * 32 + first_special(block);
        }
    }
    let rest = blocks.remainder();
    let mut block = [b' '; 32];
    block[..rest.len()].copy_from_slice(rest);
    let at = bytes.len() - rest.len();
    if any_special(&block) { at + first_special(&block) } else { bytes.len() }
}

/// The place of the first `"`, `\` or control character in `block`, a word
/// at a time: in each word, the high bit of each such byte is set, and of
/// no byte before the first (the classic "has less than" test: a byte
/// below `n`, for `n <= 0x80`, borrows, and the borrow runs only upward).
fn first_special(block: &[u8; 32]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |w: u64, n: u64| w.wrapping_sub(ONES * n) & !w;
    for (i, word) in block.chunks_exact(8).enumerate() {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let found = (below(w, 0x20) | below(w ^ (ONES * 0x22), 1) | below(w ^ (ONES * 0x5C), 1)) & HIGH;
        if found != 0 {
            return i * 8 + found.trailing_zeros() as usize / 8;
        }
    }
    block.len()
}

/// The value of four hex digits.
fn hex_value(hex: &[u8]) -> Option<u32> {
    hex.iter().try_fold(0, |n, &b| Some(n * 16 + char::from(b).to_digit(16)?))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A line read: its fields, and its text (`None`: no text field;
    /// `Some(None)`: not a string).
    type Read = (Vec<(String, String)>, Option<Option<String>>);

    fn resolve(line: Line, buf: &str) -> Read {
        let fields = line.fields.0.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let text = line.text.map(|t| match t {
            Text::Borrowed(s) => Some(s.to_string()),
            Text::InBuffer => Some(buf.to_string()),
            Text::Other => None,
        });
        (fields, text)
    }

    fn by_serde(line: &str, text_field: Option<&str>) -> Option<Read> {
        let mut buf = String::new();
        let line = super::super::parse_with_serde(line, text_field, &mut buf).ok()?;
        Some(resolve(line, &buf))
    }

    fn by_simple(line: &str, text_field: Option<&str>) -> Option<Read> {
        let mut buf = String::from("left over from the line before");
        let line = read(line, text_field, &mut buf)?;
        Some(resolve(line, &buf))
    }

    /// Where the simple reader reads a line, serde reads it the same.
    fn agrees(line: &str) {
        for text_field in [Some("text"), None] {
            if let Some(simple) = by_simple(line, text_field) {
                assert_eq!(Some(simple), by_serde(line, text_field), "{line:?}");
            }
        }
    }

    #[test]
    fn reads_the_common_line_as_serde_does() {
        let line = r#" {"id": "a-1", "title":"x \"y\"", "n": -1.5e+3, "t": true, "f": false, "z": null,
            "text": "قال \"ماكرون\"\n\tإن \\ \/ \u0627\u00e9 \b\f\r", "id": "b"} "#;
        assert!(by_simple(line, Some("text")).is_some());
        agrees(line);
        assert!(by_simple(r#"{"text": "الصين"}"#, Some("text")).is_some());
        assert!(by_simple("{}", Some("text")).is_some());
        agrees("{}");
    }

    #[test]
    fn leaves_the_rest_to_serde() {
        for line in [
            r#"{"text": 7}"#,
            r#"{"a": [1], "text": "x"}"#,
            r#"{"a": {"b": 1}, "text": "x"}"#,
            r#"{"t\u0065xt": "x"}"#,
            r#"{"text": "\ud83d\ude00"}"#,
            r#"{"text": "\ud83d"}"#,
            "{\"text\": \"a\tb\"}",
            r#"{"text": "x"} trailing"#,
            r#"{"text": "x",}"#,
            r#"{"n": 01}"#,
            r#"{"n": 1.}"#,
            r#"{"n": -}"#,
            r#"{"n": 1e}"#,
            r#"{"n": tru}"#,
            r#"{"text": "\x"}"#,
            r#"{"text": "\u00g0"}"#,
            r#"{"text": "x"#,
            r#"["text"]"#,
            "",
        ] {
            assert_eq!(by_simple(line, Some("text")), None, "{line}");
        }
    }

    #[test]
    fn plain_len_stops_at_the_first_special_byte() {
        let text = "الصين x".repeat(10);
        for at in 0..text.len() {
            for special in [b'"', b'\\', b'\n', 0, 0x1F] {
                let mut bytes = text.as_bytes().to_vec();
                bytes[at] = special;
                assert_eq!(plain_len(&bytes), at);
                assert_eq!(plain_len_portable(&bytes), at);
            }
        }
        assert_eq!(plain_len(text.as_bytes()), text.len());
        assert_eq!(plain_len(b""), 0);
        assert_eq!(plain_len_portable(text.as_bytes()), text.len());
        assert_eq!(plain_len_portable(b""), 0);
    }

    proptest! {
        #[test]
        fn plain_len_is_the_length_before_the_first_special_byte(
            bytes in prop::collection::vec(prop::sample::select(vec![b'a', 0xD8, b' ', b'"', b'\\', 0, 0x1F, 0x20, 0x7F, 0x5B, 0xA2]), 0..100),
        ) {
            let slow = bytes.iter().position(|&b| b < 0x20 || b == b'"' || b == b'\\').unwrap_or(bytes.len());
            prop_assert_eq!(plain_len(&bytes), slow);
            prop_assert_eq!(plain_len_portable(&bytes), slow);
        }
    }

    /// Pieces of JSON, valid and not, to make lines of.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            " ",
            "\n",
            "\t",
            "\"",
            "\\",
            "\\\"",
            "\\n",
            "\\u0627",
            "\\u00",
            "\\ud83d",
            "\\ude00",
            "\\/",
            "\\x",
            "text",
            "id",
            "a",
            "الصين",
            "é",
            "0",
            "1",
            "-",
            ".",
            "e",
            "+",
            "true",
            "null",
            "\u{1}",
            "\"text\":",
            "\"id\":",
            "\"a\":",
        ])
    }

    proptest! {
        #[test]
        fn agrees_with_serde_on_made_up_lines(pieces in prop::collection::vec(piece(), 0..24)) {
            agrees(&pieces.concat());
        }

        #[test]
        fn agrees_with_serde_on_objects_of_strings(
            members in prop::collection::vec((piece(), piece(), "[a-z\"\\\\ ]{0,3}", piece()), 0..5),
        ) {
            let members: Vec<String> =
                members.iter().map(|(k, a, b, c)| format!("\"{k}\": \"{a}{b}{c}\"")).collect();
            agrees(&format!("{{{}}}", members.join(",")));
        }

        #[test]
        fn agrees_with_serde_on_objects_of_other_values(
            members in prop::collection::vec((piece(), prop::collection::vec(value_piece(), 1..4)), 0..5),
        ) {
            let members: Vec<String> = members.iter().map(|(k, v)| format!("\"{k}\":{}", v.concat())).collect();
            agrees(&format!(" {{{}}} ", members.join(",")));
        }
    }

    /// Pieces of values, valid and not.
    fn value_piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "0", "1", "9", "-", ".", "e", "E", "+", "true", "false", "null", "nul", "\"x\"", "\"\\n\"", "[1]", "{}",
            " ",
        ])
    }
}
