//! The fast path of [`normalize`](super::normalize): runs of plain characters
//! in one go.
//!
//! Real news text is mostly Arabic letters that no stage touches, single
//! spaces, and ASCII punctuation and digits. Sending each of them through the
//! eight stages one at a time costs a couple of hundred instructions per
//! character; here a run of them costs a table look-up per character and a
//! slice copy per run.
//!
//! **Which characters.** Every character of one or two UTF-8 bytes (below
//! U+0800: ASCII, Latin, the Arabic block) has an [`Entry`] in a table
//! computed once *by the stage functions themselves*, so the stage files stay
//! the one place the rules are written: the character that stages 1–6 and
//! the whitespace fold make of it, or [`SLOW`] when a stage drops it,
//! expands it or changes its byte length. Only characters that become one
//! character of their own byte length run here: 'ة' → 'ه', 'أ' → 'ا', 'A' →
//! 'a' and '\t' → ' ' do, an Arabic-Indic digit (two bytes → one) or a
//! tashkeel mark (dropped) does not. Anything else (three- and four-byte
//! characters, `SLOW` entries) ends the run and goes through the per-character
//! stages in [`Normalizer::push`](super::Normalizer).
//!
//! **The two rules with context** (stages 7 and 8) look at the last character
//! written, of which the run tracks what they need (a [`Ctx`]): a whitespace
//! character after a space or a newline, and a character that
//! [`alef_run::merges`] into the last one, end the run and go the slow way.
//!
//! **The offset map.** Every character of a run keeps its byte length, so
//! its normalized→original delta is that of the run's first character, and
//! nothing extends a character inside a run (only a dropped mark or a merged
//! character does, and they end the run). [`OffsetMapBuilder`] records a
//! step only when it closes a character whose delta differs from the one
//! before, so of a run's characters only the first can record one, when the
//! second is pushed; the others record nothing. Pushing the run's first and
//! last characters therefore leaves the builder exactly as pushing each one
//! would: the deltas of the run, and the last character open, so that a mark
//! after the run still extends it.
//!
//! [`OffsetMapBuilder`]: super::offset::OffsetMapBuilder

use std::sync::LazyLock;

use super::{CharSink, Normalizer, alef_run, case, controls, digits, letters, marks, presentation, whitespace};

/// What the last character written was, as far as stages 7 and 8 care: a
/// folded whitespace (`' '` or `'\n'`), an alef, or anything else (or none).
/// One bit each, so that a set of contexts is a bit mask.
///
/// Stage 8 ([`alef_run::merges`]) merges an alef into an alef and nothing
/// else (a test checks it over every character of the table), so these three
/// contexts are all the run needs to know of the last character.
type Ctx = u8;
const OTHER: Ctx = 1;
const SPACE: Ctx = 2;
const ALEF: Ctx = 4;

/// The context after writing `c`.
fn context(c: Option<char>) -> Ctx {
    match c {
        Some(' ' | '\n') => SPACE,
        Some('ا') => ALEF,
        _ => OTHER,
    }
}

/// What normalization makes of one character, when it runs on the fast path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// The contexts after which this character ends the run (as it merges
    /// into the last character, or is not for the fast path at all).
    ends: Ctx,
    /// The context once it is written.
    then: Ctx,
    /// Whether `out` is the original character (it is copied as is).
    same: bool,
    /// The character written, of the original's byte length.
    out: char,
}

const SLOW: Entry = Entry { ends: OTHER | SPACE | ALEF, then: OTHER, same: false, out: '\0' };

/// Characters below this have an entry: the one- and two-byte UTF-8 ones.
const TABLE_LEN: usize = 0x800;

/// The entries of U+0000..U+07FF, indexed by code point.
static TABLE: LazyLock<Box<[Entry; TABLE_LEN]>> = LazyLock::new(|| {
    let mut table = Box::new([SLOW; TABLE_LEN]);
    for (cp, e) in table.iter_mut().enumerate() {
        if let Some(c) = char::from_u32(cp as u32) {
            *e = entry(c);
        }
    }
    table
});

/// Runs stages 1–7 on `c` alone, the way [`Normalizer::push`] does, and
/// keeps the result when it is one character of `c`'s byte length.
fn entry(c: char) -> Entry {
    // Stages 1–3 drop or expand (ASCII meets none of them).
    if !c.is_ascii() && (controls::is_control(c) || presentation::is_presentation_form(c) || marks::is_dropped_mark(c))
    {
        return SLOW;
    }
    // Stages 4–6.
    let folded = if c.is_ascii() { c } else { digits::fold(letters::fold(c)) };
    let mut lower = None;
    let mut count = 0;
    case::fold(folded, |l| {
        lower = Some(l);
        count += 1;
    });
    let (Some(lower), 1) = (lower, count) else { return SLOW };
    // Stages 7 and 8: whitespace after whitespace merges into it, and so
    // does a character that `alef_run` merges into the last one.
    let (ends, out) = match whitespace::classify(lower) {
        Some(space) => (SPACE, space.folded()),
        None => {
            let after = |ctx: Ctx, prev: char| if alef_run::merges(prev, lower) { ctx } else { 0 };
            (after(ALEF, 'ا') | after(SPACE, ' ') | after(SPACE, '\n'), lower)
        }
    };
    if out.len_utf8() != c.len_utf8() {
        return SLOW;
    }
    Entry { ends, then: context(Some(out)), same: out == c, out }
}

impl<S: CharSink> Normalizer<S> {
    /// Normalizes the run of fast-path characters that starts at byte `start`
    /// of `input` (possibly empty) and returns where it ends: at the end of
    /// `input` or at a character for [`push`](Normalizer::push).
    // Not inlined: alone, the loop keeps its few variables in registers.
    #[inline(never)]
    pub(super) fn run(&mut self, input: &str, start: usize) -> usize {
        let table = &**TABLE;
        let bytes = input.as_bytes();
        let norm_start = self.out.len();
        let mut ctx = context(self.last);
        let mut i = start;
        // `input[copied..i]` is yet to be copied to `out`.
        let mut copied = start;
        while let Some(&b0) = bytes.get(i) {
            let (cp, len) = match b0 {
                0x00..=0x7F => (usize::from(b0), 1),
                // A two-byte lead: `input` is valid UTF-8, so a continuation byte follows.
                // (`i` is a character boundary, so `b0` is a lead byte, not a continuation byte.)
                0x80..=0xDF => (usize::from(b0 & 0x1F) << 6 | usize::from(bytes[i + 1] & 0x3F), 2),
                _ => break,
            };
            let e = &table[cp];
            if e.ends & ctx != 0 {
                break;
            }
            ctx = e.then;
            // Every character of a run keeps its byte length, one or two bytes:
            // it is below U+0800.
            self.sink.push_narrow(e.out, norm_start + (i - start));
            if !e.same {
                self.out.push_str(&input[copied..i]);
                self.out.push(e.out);
                copied = i + len;
            }
            i += len;
        }
        if i == start {
            return i;
        }
        self.out.push_str(&input[copied..i]);
        self.last = self.out.chars().next_back();
        // The run's characters have one or two bytes (the second one >= 0x80).
        let last_start = if bytes[i - 1] < 0x80 { i - 1 } else { i - 2 };
        let first_len = if bytes[start] < 0x80 { 1 } else { 2 };
        self.map.push(norm_start, norm_start + first_len, start, start + first_len);
        if last_start > start {
            let norm_end = self.out.len();
            self.map.push(norm_end - (i - last_start), norm_end, last_start, i);
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The three contexts are all the run needs: a character merges into the
    /// last one only where its entry says so.
    #[test]
    fn contexts_cover_every_merge() {
        let prevs: Vec<char> = (0..0x800).filter_map(char::from_u32).chain(['\u{2028}', 'ﻻ', '😀']).collect();
        for e in TABLE.iter().filter(|e| **e != SLOW) {
            for &prev in &prevs {
                let merges = match whitespace::classify(e.out) {
                    Some(_) => matches!(prev, ' ' | '\n'),
                    None => alef_run::merges(prev, e.out),
                };
                assert_eq!(merges, e.ends & context(Some(prev)) != 0, "{prev:?} then {:?}", e.out);
            }
        }
    }

    #[test]
    fn entries() {
        let at = |c: char| TABLE[c as usize];
        assert_eq!(at('ب'), Entry { ends: 0, then: OTHER, same: true, out: 'ب' });
        assert_eq!(at('ة'), Entry { ends: 0, then: OTHER, same: false, out: 'ه' });
        assert_eq!(at('أ'), Entry { ends: ALEF, then: ALEF, same: false, out: 'ا' });
        assert_eq!(at('\t'), Entry { ends: SPACE, then: SPACE, same: false, out: ' ' });
        assert_eq!(at('A').out, 'a');
        for c in ['\u{064E}', 'ـ', '\u{061C}', '٣', '\u{00A0}', '\u{0085}', 'İ'] {
            assert_eq!(at(c), SLOW, "{c:?}");
        }
    }
}
