//! The fast path of [`normalize`](super::normalize): runs of plain characters
//! in one go.
//!
//! Real news text is mostly Arabic letters that no stage touches, single
//! spaces, and ASCII punctuation and digits. Sending each of them through the
//! eight stages one at a time costs a couple of hundred instructions per
//! character; here a run of them costs two table look-ups per character (its
//! class, and the sink's code for it) and a slice copy per block of 64.
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
//! **The loop.** A character is read by its first two bytes at once (so a
//! run leaves a last byte of the text, which has nothing after it, to
//! `push`), classified by one load from [`BY_BYTES`], and its code for the
//! [`CharSink`] (the matcher's one-byte alphabet) loaded from the sink's own
//! table by the same index, with no decoding to a `char`. [`scan_block`]
//! does that for up to 64 characters (up to the sink's next checkpoint),
//! with no call in its loop, so that it keeps everything in registers; it
//! only notes where the characters that change are. The block's bytes are
//! then copied to `out` in one slice copy, the characters that change are
//! written over (each keeps its byte length), and the codes go to the sink
//! in one piece.
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

/// [`TABLE`] as the run reads it: one byte per character, indexed by the
/// character's first two UTF-8 bytes (little-endian, so that an ASCII byte
/// indexes the same entry whatever follows it), so that one load classifies
/// a character without decoding it.
///
/// The low nibble is the contexts after which the character ends the run
/// ([`Entry::ends`]) and [`CHANGED`]; the high nibble is the mask the next
/// character is tested against: the context once it is written
/// ([`Entry::then`]), and `CHANGED`. A character takes the plain path (copied
/// as is, nothing to decide) exactly when its low nibble and the mask left
/// by the character before it have no bit in common.
static BY_BYTES: LazyLock<Box<[u8; 0x10000]>> = LazyLock::new(|| {
    let mut by_bytes = Box::new([0; 0x10000]);
    for (i, slot) in by_bytes.iter_mut().enumerate() {
        *slot = flags(entry_by_bytes(i).unwrap_or(&SLOW));
    }
    by_bytes
});

/// The [`TABLE`] entry of the character whose first two UTF-8 bytes
/// (little-endian) are `pair`; `None` where `pair` starts no character of
/// one or two bytes (a continuation byte starts none; a wider one, or a lead
/// without its continuation, is not for the fast path).
fn entry_by_bytes(pair: usize) -> Option<&'static Entry> {
    let (b0, b1) = (pair & 0xFF, pair >> 8);
    match b0 {
        0..0x80 => Some(&TABLE[b0]),
        0xC0..0xE0 if (0x80..0xC0).contains(&b1) => Some(&TABLE[((b0 & 0x1F) << 6) | (b1 & 0x3F)]),
        _ => None,
    }
}

/// What each character of [`BY_BYTES`] is written as, by the same index: its
/// own first two bytes, or those of the character it changes into.
static INTO: LazyLock<Box<[u16; 0x10000]>> = LazyLock::new(|| {
    let mut into = Box::new([0; 0x10000]);
    for (i, slot) in into.iter_mut().enumerate() {
        let out = entry_by_bytes(i).map_or('\0', |e| e.out);
        let mut utf8 = [0; 4];
        out.encode_utf8(&mut utf8);
        *slot = u16::from_le_bytes([utf8[0], utf8[1]]);
    }
    into
});

/// An entry's byte in [`BY_BYTES`].
fn flags(e: &Entry) -> u8 {
    let changed = if e.same { 0 } else { CHANGED };
    e.ends | changed | (e.then | CHANGED) << 4
}

/// The bit of [`BY_BYTES`] entries for characters that are not copied as
/// they are (and in the mask, so that they always leave the plain path).
const CHANGED: u8 = 8;

/// The most characters [`scan_block`] reads at once (its offsets in a block,
/// of at most twice as many bytes, fit in a `u8`).
const BLOCK: usize = 64;

impl<S: CharSink> Normalizer<S> {
    /// Normalizes the run of fast-path characters that starts at byte `start`
    /// of `input` (possibly empty) and returns where it ends: at the end of
    /// `input` or at a character for [`push`](Normalizer::push).
    #[inline(never)]
    pub(super) fn run(&mut self, input: &str, start: usize) -> usize {
        let by_bytes = &**BY_BYTES;
        let into = &**INTO;
        let table = &**TABLE;
        let bytes = input.as_bytes();
        let norm_start = self.out.len();
        // What the next character's flags are tested against (see `BY_BYTES`).
        let mut mask = context(self.last) | CHANGED;
        // `input[i..]`, the bytes yet to be read. A character and the byte
        // after it are read at once, so the run stops before a last byte of
        // its own (`push` takes it).
        let mut rest = &bytes[start..];
        // The sink's codes go to it a block at a time.
        let mut open = true;
        while open {
            // Every character of a run keeps its byte length: the block's
            // first character is as far into the run in `out` as in `input`.
            let block_start = bytes.len() - rest.len();
            let at = norm_start + (block_start - start);
            let room = self.sink.codes_room().min(BLOCK);
            let mut codes = [0; BLOCK];
            let mut changed = [0; BLOCK];
            let block =
                scan_block(by_bytes, into, self.sink.narrow_codes(), rest, mask, &mut codes[..room], &mut changed);
            // The block's text is its bytes in `input`, with the characters
            // that change written over.
            let out_start = self.out.len();
            self.out.push_str(&input[block_start..block_start + block.read]);
            for &offset in &changed[..block.changed] {
                let i = block_start + usize::from(offset);
                let pair = usize::from(bytes[i]) | usize::from(bytes.get(i + 1).copied().unwrap_or(0)) << 8;
                overwrite_char(&mut self.out, out_start + usize::from(offset), table[code_point(pair)].out);
            }
            rest = &rest[block.read..];
            mask = block.mask;
            open = block.chars == room;
            self.sink.push_codes(&codes[..block.chars], at);
        }
        let i = bytes.len() - rest.len();
        if i == start {
            return i;
        }
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

/// What [`scan_block`] read.
struct Block {
    /// Bytes read.
    read: usize,
    /// Characters read (codes written).
    chars: usize,
    /// How many of them change (their offsets written).
    changed: usize,
    /// The mask after the last of them.
    mask: u8,
}

/// Reads the run's characters at the start of `rest`, after one that left
/// `mask`, as many as `codes` holds: writes the sink's code of each (its
/// entry in `narrow_codes`) to `codes`, and the offset in `rest` of each
/// that changes to `changed`. Stops before a character that ends the run,
/// or a last byte of its own.
// Not inlined, and no call in it: the loop has the registers to itself.
#[inline(never)]
fn scan_block(
    by_bytes: &[u8; 0x10000],
    into: &[u16; 0x10000],
    narrow_codes: &[u8; 0x10000],
    mut rest: &[u8],
    mut mask: u8,
    codes: &mut [u8],
    changed: &mut [u8; BLOCK],
) -> Block {
    let len = rest.len();
    let mut chars = 0;
    let mut n_changed = 0;
    for code in codes {
        let Some((&two, _)) = rest.split_first_chunk::<2>() else { break };
        // The character's first two bytes, little-endian.
        let pair = usize::from(u16::from_le_bytes(two));
        let f = by_bytes[pair];
        if f & mask == 0 {
            *code = narrow_codes[pair];
        } else {
            if f & mask & !CHANGED != 0 {
                break;
            }
            // (A block has no more characters than `changed` has room for.)
            if let Some(slot) = changed.get_mut(n_changed) {
                *slot = (len - rest.len()) as u8;
                n_changed += 1;
            }
            *code = narrow_codes[usize::from(into[pair])];
        }
        mask = f >> 4;
        // Every character of a run is below U+0800: its lead byte says
        // whether it has one byte or two.
        rest = &rest[1 + (pair >> 7 & 1)..];
        chars += 1;
    }
    Block { read: len - rest.len(), chars, changed: n_changed, mask }
}

/// The code point of the character of one or two bytes whose first two
/// bytes (little-endian) are `pair`.
fn code_point(pair: usize) -> usize {
    if pair & 0x80 == 0 { pair & 0x7F } else { (pair & 0x1F) << 6 | (pair >> 8 & 0x3F) }
}

/// Writes `c` over the character at byte `at` of `out`, one of the same
/// UTF-8 length (the run's changed characters keep their length). Leaves
/// `out` alone if `at` and the end of `c` there are not character boundaries.
fn overwrite_char(out: &mut str, at: usize, c: char) {
    let mut utf8 = [0; 4];
    let new = c.encode_utf8(&mut utf8).as_bytes();
    let end = at + new.len();
    if !(out.is_char_boundary(at) && out.is_char_boundary(end)) {
        return;
    }
    // SAFETY: `at..end` runs from one character boundary of `out` to
    // another (`is_char_boundary` also says `end <= out.len()`), so it holds
    // whole characters; writing over them the UTF-8 bytes of one character
    // leaves `out` valid UTF-8.
    let bytes = unsafe { out.as_bytes_mut() };
    // (One or two bytes: not worth a call to `memcpy`.)
    match (&mut bytes[at..end], new) {
        ([to], [from]) => *to = *from,
        ([to0, to1], [from0, from1]) => (*to0, *to1) = (*from0, *from1),
        (to, from) => to.copy_from_slice(from),
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
    fn overwrite_char_keeps_whole_characters() {
        let mut s = String::from("aةb");
        overwrite_char(&mut s, 1, 'ه');
        assert_eq!(s, "aهb");
        // Not at a character boundary, or past the end: left alone.
        overwrite_char(&mut s, 2, 'ه');
        overwrite_char(&mut s, 3, 'ه');
        overwrite_char(&mut s, 4, 'x');
        assert_eq!(s, "aهb");
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
