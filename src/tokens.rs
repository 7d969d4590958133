//! Tokens of normalized text: words (runs of letters and digits) and single
//! punctuation marks, each with its byte span, sentence and paragraph.
//! The rule stages (people, claims) read text through them.

use crate::lexicon::{Lexicon, WordClass};
use crate::matcher::is_word_char;
use crate::segment::Segments;

/// One token of normalized text.
///
/// 16 bytes: byte offsets and the sentence index are `u32`. Hostile text
/// ("::::") has a token per byte, and the token array is the largest
/// structure of a document; at 24 bytes a token, 10 MB of colons took 240 MB.
/// Only the first [`MAX_TOKENIZED`] bytes of a text are tokenized (see
/// [`Tokens::new`]), so every offset fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    start: u32,
    end: u32,
    /// The sentence index. (Past 4 billion sentences the index saturates:
    /// no text has that many in its first 4 GiB.)
    pub(crate) sentence: u32,
    pub(crate) word: bool,
    /// For a word, the lexicon lists it is in; for a comma,
    /// [`WordClass::COMMA`].
    pub(crate) class: WordClass,
    /// For a word, whether it holds an ASCII letter or digit: most Arabic
    /// words hold none, and the Latin-name rule skips them on this.
    pub(crate) ascii: bool,
}

impl Tok {
    /// The byte offset where the token starts.
    #[inline]
    pub(crate) fn start(&self) -> usize {
        self.start as usize
    }

    /// The byte offset just past the token.
    #[inline]
    pub(crate) fn end(&self) -> usize {
        self.end as usize
    }
}

/// How many bytes of a text are tokenized at most: `u32::MAX`, so that a
/// token's offsets fit in 32 bits. Past it (a normalized text over 4 GiB)
/// the rule stages — people, Latin names, claims — see no tokens; the
/// gazetteer matches are still found over the whole text.
pub(crate) const MAX_TOKENIZED: usize = u32::MAX as usize;

/// [`is_word_char`], answering the common marks of Arabic text (، ؛ ؟ « » …)
/// without Unicode's alphanumeric tables, which are a slow lookup.
fn word_char(c: char) -> bool {
    match c {
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{00A0}' | '\u{00AB}' | '\u{00BB}' | '\u{2013}' | '\u{2014}'
        | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{2026}' => false,
        _ => is_word_char(c),
    }
}

/// For each byte, whether it is the second byte of an Arabic letter or digit
/// after the lead byte D8 (bit 0) or D9 (bit 1): U+0621–U+063A are D8 A1–BA,
/// U+0641–U+064A are D9 81–8A, U+0660–U+0669 are D9 A0–A9.
const ARABIC_SECOND: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        if c >= 0xA1 && c <= 0xBA {
            t[c] |= 1;
        }
        if (c >= 0x81 && c <= 0x8A) || (c >= 0xA0 && c <= 0xA9) {
            t[c] |= 2;
        }
        c += 1;
    }
    t
};

/// Whether bytes `lead`, `next` encode an Arabic letter or digit (the
/// reference for [`ARABIC_PAIRS`]).
const fn is_arabic_pair(lead: u8, next: u8) -> bool {
    let k = lead ^ 0xD8; // 0 for D8, 1 for D9
    k < 2 && ARABIC_SECOND[next as usize] >> k & 1 != 0
}

/// [`is_arabic_pair`] for every pair of bytes read as a little-endian `u16`
/// (`lead` in the low byte), a byte each: 64 KB, of which the text touches
/// the few cache lines of its letters. A byte, not a bit, per pair: the test
/// is one load and compare, where a bit cost a shift, a mask and a bit test
/// more (measured: the run loop is the tokenizer's largest cost).
static ARABIC_PAIRS: [bool; 1 << 16] = {
    let mut t = [false; 1 << 16];
    let mut v = 0;
    while v < 0x10000 {
        t[v] = is_arabic_pair((v & 0xFF) as u8, (v >> 8) as u8);
        v += 1;
    }
    t
};

/// [`is_arabic_pair`] on the pair `v` (lead byte low): one load, no branch.
#[inline]
fn arabic_pair_bits(v: u16) -> bool {
    ARABIC_PAIRS[usize::from(v)]
}

/// For each byte `j < 16` of `w`, bit `j`: whether bytes `j`, `j + 1` are
/// an Arabic letter or digit ([`is_arabic_pair`]), all sixteen tested at
/// once with SSE2 (baseline on x86_64): the bytes are compared with the lead
/// bytes D8, D9, and the bytes one further on with the ranges of second
/// bytes, so that a lane holds a whole letter test.
#[cfg(target_arch = "x86_64")]
fn letter_leads(w: &[u8; 17]) -> u32 {
    // SAFETY: SSE2 is part of the x86_64 baseline: every x86_64 CPU has it.
    unsafe { letter_leads_sse2(w) }
}

/// [`letter_leads`] on x86_64.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn letter_leads_sse2(w: &[u8; 17]) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128, _mm_sub_epi8, _mm_subs_epu8,
    };
    /// Lanes of `x` in `lo..=hi`: `x - lo`, saturated down by `hi - lo`, is zero.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn in_range(x: __m128i, lo: u8, hi: u8) -> __m128i {
        let t = _mm_sub_epi8(x, _mm_set1_epi8(lo as i8));
        _mm_cmpeq_epi8(_mm_subs_epu8(t, _mm_set1_epi8((hi - lo) as i8)), _mm_setzero_si128())
    }
    let (Some(here), Some(next)) = (w.first_chunk::<16>(), w.last_chunk::<16>()) else { return 0 };
    // SAFETY: `here` and `next` are 16 readable bytes each, and
    // `_mm_loadu_si128` reads 16 bytes at any alignment.
    let (v, after) = unsafe { (_mm_loadu_si128(here.as_ptr().cast()), _mm_loadu_si128(next.as_ptr().cast())) };
    let lead8 = _mm_cmpeq_epi8(v, _mm_set1_epi8(0xD8u8 as i8));
    let lead9 = _mm_cmpeq_epi8(v, _mm_set1_epi8(0xD9u8 as i8));
    let second8 = in_range(after, 0xA1, 0xBA);
    let second9 = _mm_or_si128(in_range(after, 0x81, 0x8A), in_range(after, 0xA0, 0xA9));
    let pair = _mm_or_si128(_mm_and_si128(lead8, second8), _mm_and_si128(lead9, second9));
    u32::from(_mm_movemask_epi8(pair) as u16)
}

/// For each byte `j < 16` of `w`, bit `j`: whether it is a space, all
/// sixteen compared at once with SSE2 (baseline on x86_64).
#[cfg(target_arch = "x86_64")]
fn space_bits(w: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    // SAFETY: SSE2 is part of the x86_64 baseline: every x86_64 CPU has
    // it; `w` is 16 readable bytes, and `_mm_loadu_si128` reads 16 bytes
    // at any alignment.
    unsafe {
        u32::from(
            _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(w.as_ptr().cast()), _mm_set1_epi8(b' ' as i8))) as u16
        )
    }
}

/// What the bytes of one block of 64 of the text are, a bit a byte (bit
/// `j` for the block's byte `j`), for the block loop of [`Tokens::split`].
/// The words it knows are runs of Arabic letters and digits (most words);
/// the rest are left to [`word_end_past_letters`] char by char.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BlockBits {
    /// The first bytes of runs of Arabic letters and digits.
    starts: u64,
    /// The bytes just past such a run.
    ends: u64,
    /// The bytes that are neither a space nor of an Arabic letter or digit
    /// (and those past the text): where a token may be another kind.
    other: u64,
}

/// [`BlockBits`] of the block of `b` that starts at byte `base` (the
/// letters found 16 bytes at a time by [`letter_leads`] and [`space_bits`]
/// on x86_64, byte by byte elsewhere), and its letter leads. A letter whose
/// lead byte ends the block is seen with the next block's first byte; the
/// letters before the block (`before`: the last block's leads, when it was
/// the block before this one) tell whether a run goes on into it.
#[inline]
fn block_bits(b: &[u8], base: usize, before: Option<u64>) -> (BlockBits, u64) {
    let rest = b.get(base..).unwrap_or_default();
    let (leads, spaces, past) = match rest.first_chunk::<65>() {
        Some(w) => {
            let (leads, spaces) = block_leads_and_spaces(w);
            (leads, spaces, 0)
        }
        None => last_block_leads_and_spaces(rest),
    };
    // Whether the letter before the block has its second byte in it, and
    // whether the byte before the block is of a letter.
    let (carried, letter_before) = match before {
        Some(before) => (before >> 63 != 0, before >> 62 != 0),
        None => {
            let pair_at = |p: Option<usize>| {
                p.and_then(|p| b.get(p..))
                    .and_then(<[u8]>::first_chunk::<2>)
                    .is_some_and(|&[l, n]| is_arabic_pair(l, n))
            };
            let carried = pair_at(base.checked_sub(1));
            (carried, carried || pair_at(base.checked_sub(2)))
        }
    };
    // The bytes of letters: both bytes of each.
    let letter = leads | leads << 1 | u64::from(carried);
    let shifted = letter << 1 | u64::from(letter_before);
    (BlockBits { starts: letter & !shifted, ends: !letter & shifted, other: !(letter | spaces) | past }, leads)
}

/// [`block_leads_and_spaces`] of the text's last bytes `rest` (fewer than
/// 65), padded with zeros (no letter, no space), and the bits past the text.
#[cold]
#[inline(never)]
fn last_block_leads_and_spaces(rest: &[u8]) -> (u64, u64, u64) {
    let mut w = [0; 65];
    let n = rest.len().min(64);
    w[..n].copy_from_slice(&rest[..n]);
    let (leads, spaces) = block_leads_and_spaces(&w);
    (leads, spaces, if n == 64 { 0 } else { u64::MAX << n })
}

/// The letter leads ([`is_arabic_pair`]) and the spaces of the 64 bytes
/// of `w` (its 65th byte is the one after them), a bit a byte.
#[inline]
fn block_leads_and_spaces(w: &[u8; 65]) -> (u64, u64) {
    #[cfg(target_arch = "x86_64")]
    {
        let (mut leads, mut spaces) = (0, 0);
        for k in 0..4 {
            if let Some(w) = w.get(16 * k..).and_then(<[u8]>::first_chunk::<17>) {
                leads |= u64::from(letter_leads(w)) << (16 * k);
            }
            if let Some(w) = w.get(16 * k..).and_then(<[u8]>::first_chunk::<16>) {
                spaces |= u64::from(space_bits(w)) << (16 * k);
            }
        }
        (leads, spaces)
    }
    #[cfg(not(target_arch = "x86_64"))]
    block_leads_and_spaces_by_bytes(w)
}

/// [`block_leads_and_spaces`] byte by byte.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn block_leads_and_spaces_by_bytes(w: &[u8; 65]) -> (u64, u64) {
    let leads = (0..64).filter(|&j| is_arabic_pair(w[j], w[j + 1])).fold(0, |m, j| m | 1 << j);
    let spaces = (0..64).filter(|&j| w[j] == b' ').fold(0, |m, j| m | 1 << j);
    (leads, spaces)
}

/// The end of the run of Arabic letters and digits that starts at byte `i`.
/// On x86_64, sixteen bytes (eight letters) at a time by [`letter_leads`]:
/// the run ends at the first even byte that starts no letter, found
/// without a branch, where a test a letter mispredicted about once a word
/// (the run ends at an unpredictable length). Then, and off x86_64, eight
/// bytes (four letters) read at once and tested letter by letter, so that
/// one bounds test serves four letters; the first pair that is no letter
/// ends the run. Near the end of the text, a pair at a time.
#[inline]
fn arabic_run(b: &[u8], mut i: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    while let Some(w) = b.get(i..).and_then(<[u8]>::first_chunk::<17>) {
        // Letters stand at even bytes of the run, each after the last.
        let stop = (!letter_leads(w) & 0x5555).trailing_zeros();
        if stop < 16 {
            return i + stop as usize;
        }
        i += 16;
    }
    while let Some(x) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*x);
        if !arabic_pair_bits(x as u16) {
            return i;
        }
        if !arabic_pair_bits((x >> 16) as u16) {
            return i + 2;
        }
        if !arabic_pair_bits((x >> 32) as u16) {
            return i + 4;
        }
        if !arabic_pair_bits((x >> 48) as u16) {
            return i + 6;
        }
        i += 8;
    }
    while let Some(&p) = b.get(i..).and_then(<[u8]>::first_chunk::<2>) {
        if !arabic_pair_bits(u16::from_le_bytes(p)) {
            break;
        }
        i += 2;
    }
    i
}

/// The end of the run of word chars ([`is_word_char`]) that starts at byte
/// `i` (`i` itself when there is none), and whether the run holds an ASCII
/// letter or digit (known here at no cost). ASCII letters and digits and the
/// Arabic letters and digits are recognized from their bytes, without
/// decoding; an inner loop takes the Arabic letters, most of the text.
/// (The tokenizer knows where a word's first letters end from its block's
/// bits, and calls [`word_end_past_letters`]; this is its reference.)
#[cfg(test)]
fn word_end(text: &str, i: usize) -> (usize, bool) {
    word_end_past_letters(text, arabic_run(text.as_bytes(), i))
}

/// `word_end` (the tests' reference) of a run whose first Arabic letters end at byte `i` (none:
/// `i` its start).
fn word_end_past_letters(text: &str, mut i: usize) -> (usize, bool) {
    let b = text.as_bytes();
    let mut ascii = false;
    loop {
        match b.get(i) {
            // Most words end at a space: that test first.
            Some(b' ') => break,
            Some(b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9') => {
                ascii = true;
                i += 1;
            }
            Some(0x80..) => match text[i..].chars().next() {
                Some(c) if word_char(c) => i += c.len_utf8(),
                _ => break,
            },
            _ => break,
        }
        i = arabic_run(b, i);
    }
    (i, ascii)
}

/// The index of the first token of `toks` with [`Tok::ascii`] set: four
/// tokens' flags are or-ed and tested at once (most words hold no ASCII).
pub(crate) fn next_ascii(toks: &[Tok]) -> Option<usize> {
    let mut at = 0;
    for four in toks.chunks_exact(4) {
        if four[0].ascii | four[1].ascii | four[2].ascii | four[3].ascii {
            break;
        }
        at += 4;
    }
    toks[at..].iter().position(|t| t.ascii).map(|k| at + k)
}

/// The class of a token of punctuation, char `c`: [`WordClass::COMMA`] for
/// `،` and `,`, else none.
#[inline]
fn punctuation_class(c: char) -> WordClass {
    if c == '،' || c == ',' { WordClass::COMMA } else { WordClass::default() }
}

/// Makes room for more tokens when `toks` is full and `left` bytes remain:
/// by doubling, but never past one token per remaining byte. On text made of
/// marks ("::::", a token a byte) the array ends exactly full instead of up
/// to twice too large — past the allocator's mmap threshold, a fresh
/// allocation is page-faulted anew on every call.
#[cold]
#[inline(never)]
fn grow(toks: &mut Vec<Tok>, left: usize) {
    toks.reserve_exact(toks.len().clamp(1, left));
}

/// Where [`Tokens::split`] puts its tokens, with the sentence walk and
/// the lexicon look-up each word takes. (A struct with an inlined method:
/// a closure called from several places is kept out of line, a call a
/// token.)
struct TokenSink<'a> {
    toks: Vec<Tok>,
    /// The bytes tokenized (up to the cut).
    text: &'a [u8],
    seg: &'a Segments,
    lex: &'a Lexicon,
    /// The sentence of the last token, and where the next one starts:
    /// sentences are in order, and are walked along with the tokens (one
    /// comparison a token).
    sentence: usize,
    next_sentence: usize,
}

impl<'a> TokenSink<'a> {
    fn new(toks: Vec<Tok>, text: &'a [u8], seg: &'a Segments, lex: &'a Lexicon) -> TokenSink<'a> {
        TokenSink { toks, text, seg, lex, sentence: 0, next_sentence: TokenSink::sentence_start(seg, 1) }
    }

    fn sentence_start(seg: &Segments, k: usize) -> usize {
        seg.sentences.get(k).map_or(usize::MAX, |s| s.span.start)
    }

    /// Adds the token `start..end` (char boundaries of the text, after the
    /// last token): a word, whose class is looked up, or a mark of class
    /// `mark`.
    #[inline(always)]
    fn push(&mut self, start: usize, end: usize, word: bool, ascii: bool, mark: WordClass) {
        while self.next_sentence <= start {
            self.sentence += 1;
            self.next_sentence = TokenSink::sentence_start(self.seg, self.sentence + 1);
        }
        // By bytes: `start..end` are char boundaries, and slicing the
        // bytes saves testing it again.
        let class = if word { self.lex.class_at(self.text, start, end) } else { mark };
        if self.toks.len() == self.toks.capacity() {
            grow(&mut self.toks, self.text.len() - start);
        }
        let sentence = u32::try_from(self.sentence).unwrap_or(u32::MAX);
        // Offsets below the cut <= u32::MAX: the casts are exact.
        self.toks.push(Tok { start: start as u32, end: end as u32, word, class, ascii, sentence });
    }

    /// Takes the token at byte `i` of `text` (the text of [`TokenSink::text`],
    /// `i` a char boundary), char by char: a word ([`word_end_past_letters`]), a mark, or
    /// nothing for other whitespace; its Arabic letters, if any, end at
    /// `letters_end` (`i` when none). Returns where the next one may start
    /// (past the text when `i` is).
    fn step(&mut self, text: &str, i: usize, letters_end: usize) -> usize {
        if i >= text.len() {
            return i;
        }
        let (end, ascii) = word_end_past_letters(text, letters_end);
        if end > i {
            self.push(i, end, true, ascii, WordClass::default());
            return end;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if !c.is_whitespace() {
            self.push(i, i + c.len_utf8(), false, false, punctuation_class(c));
        }
        i + c.len_utf8()
    }
}

/// Up to this many tokens (1 MiB of them), [`Tokens::at_from`] searches
/// the whole array: it fits the second-level cache.
const CACHED_TOKENS: usize = (1 << 20) / size_of::<Tok>();

/// The tokens of a text, with the text.
pub(crate) struct Tokens<'t> {
    pub(crate) text: &'t str,
    pub(crate) toks: Vec<Tok>,
}

impl<'t> Tokens<'t> {
    /// Splits `text`; each word is looked up in `lex` once (see [`WordClass`]).
    /// Only the first [`MAX_TOKENIZED`] bytes are split (a word across that
    /// point ends there).
    #[cfg(test)]
    pub(crate) fn new(text: &'t str, seg: &Segments, lex: &Lexicon) -> Tokens<'t> {
        Tokens::new_in(text, seg, lex, Vec::new())
    }

    /// [`Tokens::new`], into `toks` (cleared first): a buffer kept from the
    /// last document saves its allocation, and on big text its page faults.
    /// Kept out of line: measured cheaper than inlined into the caller, and
    /// a profile shows it.
    #[inline(never)]
    pub(crate) fn new_in(text: &'t str, seg: &Segments, lex: &Lexicon, toks: Vec<Tok>) -> Tokens<'t> {
        Tokens::split(text, seg, lex, toks, MAX_TOKENIZED)
    }

    /// [`Tokens::new_in`] with the limit as a parameter, for tests.
    #[inline(always)]
    fn split(text: &'t str, seg: &Segments, lex: &Lexicon, mut toks: Vec<Tok>, limit: usize) -> Tokens<'t> {
        toks.clear();
        let mut cut = text.len().min(limit);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let scanned = &text[..cut];
        if toks.capacity() < cut / 5 {
            toks.reserve_exact(cut / 5);
        }
        let b = scanned.as_bytes();
        let mut out = TokenSink::new(toks, b, seg, lex);
        // Block by block: the runs of Arabic letters that end at a space
        // are taken from the block's bits, a trailing-zero count each,
        // without a branch on their bytes; the first other byte (a mark, a
        // Latin letter, a letter the bits do not know, the text's end), or
        // a run that reaches it or the block's end, is taken char by char
        // ([`TokenSink::step`]), and the block goes on after it.
        let mut i = 0;
        let (mut block, mut bits, mut leads) = (usize::MAX, BlockBits { starts: 0, ends: 0, other: 0 }, 0);
        // The start of a run that the last block's end cut, going on here.
        let mut cut_run = None;
        while i < b.len() {
            let (k, off) = (i / 64, i % 64);
            if k != block {
                let before = (block.wrapping_add(1) == k).then_some(leads);
                ((bits, leads), block) = (block_bits(b, 64 * k, before), k);
            }
            // `i` is no byte of a run that started before it (runs are
            // taken whole, or cut at the last block's end): the runs from
            // `i` on, and their ends.
            let from = u64::MAX << off;
            let mut starts = bits.starts & from;
            let other = bits.other & from;
            // The bits below the first other byte (all, if none).
            let before_other = other.wrapping_sub(1) & !other;
            // (A cut run, `i` the block's start, may end at it.)
            let mut ends = bits.ends & (from << 1 | u64::from(cut_run.is_some())) & before_other;
            if let Some(start) = cut_run.take() {
                if ends == 0 {
                    // The run reaches the other byte, or the block's end.
                    if other != 0 {
                        i = out.step(scanned, start, 64 * k + other.trailing_zeros() as usize);
                    } else {
                        cut_run = Some(start);
                        i = 64 * (k + 1);
                    }
                    continue;
                }
                // Its end is the first: a run's start needs a byte that
                // is no letter before it, which would have ended it.
                out.push(start, 64 * k + ends.trailing_zeros() as usize, true, false, WordClass::default());
                ends &= ends.wrapping_sub(1);
            }
            while ends != 0 {
                out.push(
                    64 * k + starts.trailing_zeros() as usize,
                    64 * k + ends.trailing_zeros() as usize,
                    true,
                    false,
                    WordClass::default(),
                );
                starts &= starts.wrapping_sub(1);
                ends &= ends.wrapping_sub(1);
            }
            // The run left reaches the other byte or the block's end.
            let (run, next_other) = (starts.trailing_zeros() as usize, other.trailing_zeros() as usize);
            i = if next_other < run {
                // The other byte, and those right after it in the block
                // (a row of marks: "::::"), one after another without
                // the block's masks again.
                let mut at = 64 * k + next_other;
                loop {
                    let next = out.step(scanned, at, at);
                    // (`next` is past `at`, in this block or after it.)
                    let bit = next - 64 * k;
                    if next < b.len() && bit < 64 && bits.other >> bit & 1 != 0 {
                        at = next;
                    } else {
                        break next;
                    }
                }
            } else if run < 64 {
                if other != 0 {
                    // (Its letters end at the other byte.)
                    out.step(scanned, 64 * k + run, 64 * k + next_other)
                } else {
                    cut_run = Some(64 * k + run);
                    64 * (k + 1)
                }
            } else {
                64 * (k + 1)
            };
        }
        // (A run the text's last full block cut.)
        if let Some(start) = cut_run {
            out.step(scanned, start, arabic_run(b, start));
        }
        let toks = out.toks;
        Tokens { text, toks }
    }

    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }

    /// The text of token `i` (empty past the last token).
    pub(crate) fn str(&self, i: usize) -> &'t str {
        self.toks.get(i).map_or("", |t| &self.text[t.start()..t.end()])
    }

    /// The bytes of token `i` (empty past the last token): [`Tokens::str`]
    /// without the char-boundary tests of slicing a `str`, for the loops
    /// that compare most words with a few fixed ones.
    #[inline]
    pub(crate) fn bytes(&self, i: usize) -> &'t [u8] {
        self.toks.get(i).map_or(&[], |t| self.text.as_bytes().get(t.start()..t.end()).unwrap_or_default())
    }

    /// Whether token `i` is the punctuation mark `c`.
    #[inline]
    pub(crate) fn is(&self, i: usize, c: char) -> bool {
        // By bytes (`c` is a constant: its encoding folds away).
        i < self.toks.len() && !self.toks[i].word && self.bytes(i).starts_with(c.encode_utf8(&mut [0; 4]).as_bytes())
    }

    /// The index of the first token starting at or after byte `at`.
    pub(crate) fn at(&self, at: usize) -> usize {
        self.toks.partition_point(|t| t.start() < at)
    }

    /// [`Tokens::at`], searching from `from` (the answer for an earlier
    /// byte, as when walking sorted mentions): by steps that double, then
    /// halving, so that the probes stay near `from` ([`crate::gallop`]). A search of the whole
    /// array costs a cache miss a probe once it is larger than the cache
    /// (10 MB of text: 2 M tokens). With `from` past the answer, it is
    /// [`Tokens::at`], as it is for an array that fits the cache (up to
    /// [`CACHED_TOKENS`]), where it is cheaper.
    pub(crate) fn at_from(&self, from: usize, at: usize) -> usize {
        if self.toks.len() <= CACHED_TOKENS {
            return self.at(at);
        }
        crate::gallop::partition_point_from(&self.toks, from, |t| t.start() < at)
    }

    /// Whether token `i` is a quotation mark.
    pub(crate) fn is_quote(&self, i: usize) -> bool {
        i < self.toks.len() && !self.toks[i].word && is_quote_bytes(self.bytes(i))
    }
}

/// Whether `b` is one of the quotation marks `" « » “ ”`, by its bytes.
fn is_quote_bytes(b: &[u8]) -> bool {
    matches!(b, b"\"" | [0xC2, 0xAB | 0xBB] | [0xE2, 0x80, 0x9C | 0x9D])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::normalize::normalize;
    use crate::segment::segment;

    #[test]
    fn word_char_agrees_with_the_matcher() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(word_char(c), is_word_char(c), "{c:?}");
        }
    }

    #[test]
    fn word_end_agrees_with_the_matcher() {
        let mut buf = [0u8; 8];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            let want = if is_word_char(c) { s.len() } else { 0 };
            assert_eq!(word_end(s, 0), (want, want > 0 && c.is_ascii_alphanumeric()), "{c:?}");
        }
    }

    #[test]
    fn arabic_pairs_are_the_arabic_letters_and_digits() {
        for lead in 0..=255u8 {
            for next in 0..=255u8 {
                let want = std::str::from_utf8(&[lead, next]).is_ok_and(|s| {
                    matches!(
                        s.chars().next(),
                        Some('\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0660}'..='\u{0669}')
                    )
                });
                assert_eq!(is_arabic_pair(lead, next), want, "{lead:x} {next:x}");
            }
        }
    }

    #[test]
    fn pair_bits_agree_with_the_pair_test() {
        for v in 0..=u16::MAX {
            let [lead, next] = v.to_le_bytes();
            assert_eq!(arabic_pair_bits(v), is_arabic_pair(lead, next), "{v:x}");
        }
    }

    #[test]
    fn arabic_run_agrees_with_the_pair_test() {
        // Runs of every length with a non-letter at each place after them.
        let letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي٠١٢٣٤٥٦٧٨٩ءآأؤإئ";
        let stops = ["", " ", "،", "a", "\u{064B}", "\u{0640}", "؟", "٪"];
        for n in 0..20 {
            let run: String = letters.chars().cycle().skip(n).take(n).collect();
            for stop in stops {
                for tail in ["", "ب", "ببببببب"] {
                    let text = format!("{run}{stop}{tail}");
                    let b = text.as_bytes();
                    let mut want = 0;
                    while want + 1 < b.len() && is_arabic_pair(b[want], b[want + 1]) {
                        want += 2;
                    }
                    assert_eq!(arabic_run(b, 0), want, "{text:?}");
                }
            }
        }
    }

    /// [`letter_leads`] pair by pair.
    #[cfg(target_arch = "x86_64")]
    fn letter_leads_by_pairs(w: &[u8; 17]) -> u32 {
        (0..16).filter(|&j| is_arabic_pair(w[j], w[j + 1])).fold(0, |m, j| m | 1 << j)
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn letter_leads_agree_with_the_pair_test_on_every_pair() {
        for lead in 0..=255u8 {
            for next in 0..=255u8 {
                let mut w = [b' '; 17];
                // The pair at every place, the last one's second byte the 17th.
                for j in (0..16).step_by(3).chain([15]) {
                    w[j] = lead;
                    w[j + 1] = next;
                }
                assert_eq!(letter_leads(&w), letter_leads_by_pairs(&w), "{lead:x} {next:x}");
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    proptest::proptest! {
        #[test]
        fn letter_leads_agree_with_pairs(
            w in proptest::collection::vec(proptest::sample::select(vec![
                0u8, b' ', b'a', 0x80, 0x81, 0x8A, 0x8B, 0x9F, 0xA0, 0xA1, 0xA9, 0xAA, 0xBA, 0xBB, 0xD7, 0xD8, 0xD9,
                0xDA, 0xFF,
            ]), 17)
        ) {
            let w: [u8; 17] = w.try_into().unwrap();
            proptest::prop_assert_eq!(letter_leads(&w), letter_leads_by_pairs(&w));
        }
    }

    /// [`word_end`] char by char, with [`is_word_char`].
    fn word_end_by_chars(text: &str, i: usize) -> (usize, bool) {
        let run = text[i..].chars().take_while(|&c| is_word_char(c));
        let (len, ascii) = run.fold((0, false), |(n, a), c| (n + c.len_utf8(), a || c.is_ascii_alphanumeric()));
        (i + len, ascii)
    }

    proptest::proptest! {
        #[test]
        fn word_end_agrees_with_a_char_scan(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "ب", "ي", "٣", "ء", "a", "Z", "7", " ", "،", ".", "é", "\u{064B}", "\u{0640}", "中", "\u{1D400}",
                "\u{00A0}", "«",
            ]), 0..60)
        ) {
            let text = parts.concat();
            for (i, _) in text.char_indices() {
                proptest::prop_assert_eq!(word_end(&text, i), word_end_by_chars(&text, i));
            }
        }
    }

    #[test]
    fn space_bits_are_the_spaces() {
        for c in 0..=255u8 {
            for j in 0..16 {
                let mut w = [b'a'; 16];
                w[j] = c;
                let want = if c == b' ' { 1 << j } else { 0 };
                #[cfg(target_arch = "x86_64")]
                assert_eq!(space_bits(&w), want, "{c:x} {j}");
                let mut padded = [0; 65];
                padded[..16].copy_from_slice(&w);
                assert_eq!(block_leads_and_spaces_by_bytes(&padded).1, u64::from(want), "{c:x} {j}");
            }
        }
    }

    /// [`Tokens::split`]'s loop before the block loop: a token at a time,
    /// char by char, with [`word_end`] (the reference of the block loop).
    fn split_by_steps(text: &str, seg: &Segments, lex: &Lexicon) -> Vec<Tok> {
        let b = text.as_bytes();
        let mut out = TokenSink::new(Vec::new(), b, seg, lex);
        let mut i = 0;
        while i < b.len() {
            if b[i] == b' ' {
                i += 1;
                continue;
            }
            i = out.step(text, i, arabic_run(b, i));
        }
        out.toks
    }

    proptest::proptest! {
        #[test]
        fn block_leads_and_spaces_agree_with_bytes(
            w in proptest::collection::vec(proptest::sample::select(vec![
                0u8, b' ', b'a', b'\n', 0x80, 0x81, 0x8A, 0x8B, 0x9F, 0xA0, 0xA1, 0xA9, 0xAA, 0xBA, 0xBB, 0xD7, 0xD8,
                0xD9, 0xDA, 0xFF,
            ]), 65)
        ) {
            let w: [u8; 65] = w.try_into().unwrap();
            proptest::prop_assert_eq!(block_leads_and_spaces(&w), block_leads_and_spaces_by_bytes(&w));
        }

        #[test]
        fn block_loop_agrees_with_steps(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "ب", "ي", "٣", "ء", "ال", "كتاب", "a", "Z", "7", " ", " ", " ", "  ", "\n", "،", ".", ":", "«", "é",
                "\u{064B}", "\u{0640}", "中", "\u{1D400}", "\u{00A0}", "؟", "ابتثجحخدذرزسشصضطظعغ",
            ]), 0..120)
        ) {
            let text = parts.concat();
            let lex = Lexicon::builtin().unwrap();
            let seg = segment(&text, &lex.abbreviations);
            // Every alignment of the text to the blocks.
            for skip in 0..3 {
                let Some(text) = text.get(skip..) else { continue };
                let t = Tokens::new(text, &seg, &lex);
                proptest::prop_assert_eq!(t.toks, split_by_steps(text, &seg, &lex));
            }
        }
    }

    #[test]
    fn block_loop_takes_runs_across_blocks() {
        // Runs that a block's end cuts, at each place, and runs as long as
        // blocks.
        let lex = Lexicon::builtin().unwrap();
        for pad in 0..70 {
            for run in [1, 2, 31, 32, 33, 64, 65, 100] {
                for after in ["", " ", "،", "a", " ب"] {
                    let text = format!("{}{}{after}", " ".repeat(pad), "ب".repeat(run));
                    let seg = segment(&text, &lex.abbreviations);
                    assert_eq!(
                        Tokens::new(&text, &seg, &lex).toks,
                        split_by_steps(&text, &seg, &lex),
                        "{pad} {run} {after:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn ascii_flag_marks_words_with_latin_letters_or_digits() {
        let n = normalize("شركة وEnflame و2024 كتاب");
        let lex = Lexicon::builtin().unwrap();
        let seg = segment(n.text(), &lex.abbreviations);
        let t = Tokens::new(n.text(), &seg, &lex);
        let got: Vec<bool> = t.toks.iter().map(|t| t.ascii).collect();
        assert_eq!(got, [false, true, true, false]);
    }

    #[test]
    fn only_the_text_below_the_limit_is_split() {
        let n = normalize("قال: نعم، وByteDance.");
        let lex = Lexicon::builtin().unwrap();
        let seg = segment(n.text(), &lex.abbreviations);
        let all = Tokens::new(n.text(), &seg, &lex);
        for limit in 0..=n.text().len() + 1 {
            // A buffer from a longer text is reused as if new.
            let t = Tokens::split(n.text(), &seg, &lex, all.toks.clone(), limit);
            let mut cut = limit.min(n.text().len());
            while !n.text().is_char_boundary(cut) {
                cut -= 1;
            }
            let head = Tokens::new(&n.text()[..cut], &seg, &lex);
            assert_eq!(t.toks, head.toks, "{limit}");
            assert!(t.toks.iter().all(|t| t.end() <= cut));
        }
    }

    #[test]
    fn at_from_agrees_with_at() {
        let n = normalize("قال: \"نعم\"، وByteDance. ثم مضى والتقى ب الوزير ...");
        let lex = Lexicon::builtin().unwrap();
        let seg = segment(n.text(), &lex.abbreviations);
        let t = Tokens::new(n.text(), &seg, &lex);
        for from in 0..=t.len() + 2 {
            for at in 0..=n.text().len() + 1 {
                assert_eq!(t.at_from(from, at), t.at(at), "{from} {at}");
            }
        }
        // And past the size where it gallops.
        // Token k at bytes 2k..2k+1.
        let toks = (0..2 * CACHED_TOKENS as u32).map(|k| Tok { start: 2 * k, end: 2 * k + 1, ..t.toks[0] }).collect();
        let big = Tokens { text: t.text, toks };
        for from in (0..=big.len() + 1).step_by(997) {
            for at in (0..=2 * big.len() + 1).step_by(1009) {
                assert_eq!(big.at_from(from, at), big.at(at), "{from} {at}");
            }
        }
    }

    #[test]
    fn only_commas_have_the_comma_class() {
        let n = normalize("قال، الوزير, إن: «كتاب»؛ (نعم) - x.y،، ,\"a\" ؟ ٬ ‚ ، كذا");
        let lex = Lexicon::builtin().unwrap();
        let seg = segment(n.text(), &lex.abbreviations);
        let t = Tokens::new(n.text(), &seg, &lex);
        assert!(t.toks.iter().filter(|k| k.class.has(WordClass::COMMA)).count() >= 6);
        for (i, k) in t.toks.iter().enumerate() {
            assert_eq!(k.class.has(WordClass::COMMA), t.is(i, '،') || t.is(i, ','), "{i} {:?}", t.str(i));
        }
    }

    #[test]
    fn next_ascii_agrees_with_a_scan() {
        let n = normalize("قال وEnflame إن كتاب 2024 في بيان ، وأضاف: نعم وقالت OpenAI كذا كذا كذا قال x");
        let lex = Lexicon::builtin().unwrap();
        let seg = segment(n.text(), &lex.abbreviations);
        let t = Tokens::new(n.text(), &seg, &lex);
        for from in 0..=t.toks.len() {
            for to in from..=t.toks.len() {
                let toks = &t.toks[from..to];
                assert_eq!(next_ascii(toks), toks.iter().position(|t| t.ascii), "{from} {to}");
            }
        }
    }

    #[test]
    fn quote_bytes_are_the_quotation_marks() {
        let mut buf = [0u8; 8];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            assert_eq!(is_quote_bytes(s.as_bytes()), matches!(&*s, "\"" | "«" | "»" | "“" | "”"), "{c:?}");
        }
        assert!(!is_quote_bytes(b"\"\""));
    }

    #[test]
    fn words_and_marks() {
        let n = normalize("قال: \"نعم\"، وByteDance.");
        let lex = Lexicon::builtin().unwrap();
        let seg = segment(n.text(), &lex.abbreviations);
        let t = Tokens::new(n.text(), &seg, &lex);
        let got: Vec<&str> = (0..t.len()).map(|i| t.str(i)).collect();
        assert_eq!(got, ["قال", ":", "\"", "نعم", "\"", "،", "وbytedance", "."]);
        assert!(t.toks[0].word && !t.toks[1].word);
    }
}
