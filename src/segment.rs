//! Segmentation of normalized text: an optional date header, paragraphs,
//! sentences and quotations.
//!
//! - A **paragraph** is a line (normalization folds every line-break run to
//!   one "\n").
//! - A **sentence** ends at `. ! ? ؟ …` followed by a space or the paragraph's
//!   end — not after an abbreviation ("د. بانافع", "Dr.", "U.S.") or a single
//!   letter.
//! - A **quotation** runs from an opening mark to its closing mark inside one
//!   paragraph: « », “ ”, and the undirected `"`, which closes the open one or
//!   else opens — unless it is glued to the word before it and followed by a
//!   space or punctuation, which makes it a stray closer. Unbalanced marks are
//!   dropped, never allowed to swallow the rest of the document.

use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;

/// The segments of one document, as normalized byte ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Segments {
    /// `date YYYY-MM-DD` at the very start, if present.
    pub(crate) date: Option<String>,
    pub(crate) paragraphs: Vec<Range<usize>>,
    pub(crate) sentences: Vec<Sentence>,
    pub(crate) quotes: Vec<Quote>,
}

/// One sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    pub(crate) span: Range<usize>,
    pub(crate) paragraph: usize,
}

/// One quotation: the marks and what they enclose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Quote {
    /// From the opening mark to just past the closing one.
    pub(crate) outer: Range<usize>,
    /// Between the marks.
    pub(crate) inner: Range<usize>,
    pub(crate) paragraph: usize,
}

/// How many quotations a lookup walks back over at most: nesting deeper than
/// this is not followed (it keeps every lookup O(1) on hostile input).
const QUOTE_WALK: usize = 64;

impl Segments {
    /// The index of the quotation whose outer span starts at `at`.
    pub(crate) fn quote_starting_at(&self, at: usize) -> Option<usize> {
        let i = self.quotes.partition_point(|q| q.outer.start < at);
        self.quotes.get(i).filter(|q| q.outer.start == at).map(|_| i)
    }

    /// Quotations whose inner span holds byte `at`, innermost first (looking
    /// back over at most [`QUOTE_WALK`] quotations).
    pub(crate) fn quotes_holding(&self, at: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.quotes.partition_point(|q| q.outer.start <= at);
        (end.saturating_sub(QUOTE_WALK)..end)
            .rev()
            .filter(move |&k| self.quotes[k].inner.start <= at && at < self.quotes[k].inner.end)
    }

    /// The quotation whose outer span ends at `end` (its closing mark ends there).
    pub(crate) fn quote_ending_at(&self, end: usize) -> Option<usize> {
        let i = self.quotes.partition_point(|q| q.outer.start < end);
        (i.saturating_sub(QUOTE_WALK)..i).rev().find(|&k| self.quotes[k].outer.end == end)
    }

    /// Quotations that start in `from..to`.
    pub(crate) fn quotes_starting_in(&self, from: usize, to: usize) -> &[Quote] {
        let a = self.quotes.partition_point(|q| q.outer.start < from);
        let b = self.quotes.partition_point(|q| q.outer.start < to);
        &self.quotes[a..b.max(a)]
    }

    /// Index of the sentence that holds byte `at` (the last one starting at or
    /// before it; 0 before the first).
    pub(crate) fn sentence_at(&self, at: usize) -> usize {
        self.sentences.partition_point(|s| s.span.start <= at).saturating_sub(1)
    }

    /// Whether sentence `k` holds byte `at`: `sentence_at(at) == k` without
    /// a search (`k` is a sentence's index, or 0). The claim rules ask it of
    /// the last claims' cues, again and again: on big text each search cost
    /// a cache miss for most of its probes; two neighbours answer as well.
    #[inline]
    pub(crate) fn sentence_holds(&self, k: usize, at: usize) -> bool {
        let start = |i: usize| self.sentences.get(i).map_or(usize::MAX, |s| s.span.start);
        (k == 0 || start(k) <= at) && at < start(k + 1)
    }

    /// [`Segments::sentence_at`] for bytes in rising order (a document's
    /// mentions): `from` keeps where the last search ended, and the next
    /// gallops on from there (see [`crate::gallop`]). Start it at 0.
    #[inline]
    pub(crate) fn sentence_at_from(&self, from: &mut usize, at: usize) -> usize {
        *from = crate::gallop::partition_point_from(&self.sentences, *from, |s| s.span.start <= at);
        from.saturating_sub(1)
    }
}

/// Splits normalized `text`. `abbreviations` are normalized, dot included.
#[cfg(test)]
pub(crate) fn segment(text: &str, abbreviations: &HashSet<String>) -> Segments {
    let mut seg = Segments::default();
    segment_into(text, abbreviations, &mut seg, &mut SegmentScratch::default());
    seg
}

/// [`segment`] into `seg` (cleared first), with `scratch` for the open
/// quotation marks: buffers kept from the last document save allocations.
/// Kept out of line: measured cheaper than inlined into the caller, and a
/// profile shows it.
#[inline(never)]
pub(crate) fn segment_into(
    text: &str,
    abbreviations: &HashSet<String>,
    seg: &mut Segments,
    scratch: &mut SegmentScratch,
) {
    let (date, body_start) = date_header(text);
    seg.date = date;
    seg.paragraphs.clear();
    seg.sentences.clear();
    seg.quotes.clear();
    // One byte scan of the body finds the line breaks along with the marks
    // (not a search for each line's end, then a scan of the line).
    let b = text.as_bytes();
    let mut para = Paragraph::at(text, body_start, 0, &mut scratch.open);
    let mut from = body_start;
    while let Some(hit) = next_in(b, from, |c| is_terminator_byte(c) | is_quote_byte(c) | (c == b'\n')) {
        from = hit + 1;
        if b[hit] != b'\n' {
            para.mark(text, hit, abbreviations, &mut seg.sentences, &mut scratch.open);
        } else if hit >= para.start {
            // (A break before the paragraph's start ends a blank line.)
            para.finish(text, hit, seg, &mut scratch.open);
            para = Paragraph::at(text, from, seg.paragraphs.len(), &mut scratch.open);
        }
    }
    para.finish(text, text.len(), seg, &mut scratch.open);
}

/// The paragraph [`segment_into`] is in: a line, less the spaces around it.
struct Paragraph {
    /// Its index (if it is not blank).
    index: usize,
    /// Where it starts: past the spaces (and the blank lines) at `from`.
    start: usize,
    /// Where its open sentence starts.
    sentence: usize,
    /// Terminators count from here (past the last run of them).
    terminators_from: usize,
}

impl Paragraph {
    /// Paragraph `index`, of the line starting at byte `from`.
    fn at(text: &str, from: usize, index: usize, open: &mut OpenQuotes) -> Paragraph {
        let rest = &text[from..];
        let start = from + (rest.len() - rest.trim_start().len());
        open.clear();
        Paragraph { index, start, sentence: start, terminators_from: start }
    }

    /// Takes the byte at `hit`, where a terminator or quotation mark may
    /// start: a sentence may end there, a quotation open or close.
    fn mark(
        &mut self,
        text: &str,
        hit: usize,
        abbreviations: &HashSet<String>,
        sentences: &mut Vec<Sentence>,
        open: &mut OpenQuotes,
    ) {
        let b = text.as_bytes();
        if hit < self.start {
            return;
        }
        if is_quote_byte(b[hit]) {
            open.mark(&text[self.start..], hit - self.start);
        }
        if hit < self.terminators_from || !is_terminator_byte(b[hit]) {
            return;
        }
        // ؟ is found by its second byte.
        let i = if b[hit] == 0x9F { hit.saturating_sub(1) } else { hit };
        let Some(len) = terminator_len(b, i) else {
            return;
        };
        // Run over more terminators and closing marks: `?!`, `."`, `.)`.
        // (The paragraph ends at a space, where the run stops.)
        let mut end = i + len;
        while let Some(l) = terminator_len(b, end).or_else(|| closer_len(b, end)) {
            end += l;
        }
        let at_space = text[end..].chars().next().is_none_or(char::is_whitespace);
        let dot = b[i] == b'.';
        if at_space && !(dot && is_abbreviation(&text[self.sentence..i + 1], abbreviations)) {
            push_sentence(text, self.sentence..end, self.index, sentences);
            self.sentence = end;
        }
        self.terminators_from = end;
    }

    /// Ends the paragraph at the line break at `end` (or the text's end):
    /// its last sentence and its quotations. A blank line is no paragraph.
    fn finish(self, text: &str, end: usize, seg: &mut Segments, open: &mut OpenQuotes) {
        let span = trim(text, self.start.min(end)..end);
        if span.is_empty() {
            return;
        }
        seg.paragraphs.push(span.clone());
        push_sentence(text, self.sentence..span.end, self.index, &mut seg.sentences);
        open.finish(&text.as_bytes()[span.start..], span.start, self.index, &mut seg.quotes);
    }
}

/// Buffers [`segment_into`] keeps between paragraphs and documents.
#[derive(Debug, Default)]
pub(crate) struct SegmentScratch {
    open: OpenQuotes,
}

/// Whether to keep a buffer of `capacity` elements of `size` bytes.
pub(crate) type Keep<'a> = &'a dyn Fn(usize, usize) -> bool;

impl SegmentScratch {
    /// Drops the buffers that `keep` refuses.
    pub(crate) fn trim(&mut self, keep: Keep) {
        let o = &mut self.open;
        for v in [&mut o.ascii, &mut o.guillemet, &mut o.curly] {
            if !keep(v.capacity(), size_of::<u32>()) {
                *v = Vec::new();
            }
        }
        if !keep(o.found.capacity(), size_of::<(u32, u32)>()) {
            o.found = Vec::new();
        }
    }
}

impl Segments {
    /// Drops the buffers that `keep` refuses.
    pub(crate) fn trim(&mut self, keep: Keep) {
        if !keep(self.paragraphs.capacity(), size_of::<Range<usize>>()) {
            self.paragraphs = Vec::new();
        }
        if !keep(self.sentences.capacity(), size_of::<Sentence>()) {
            self.sentences = Vec::new();
        }
        if !keep(self.quotes.capacity(), size_of::<Quote>()) {
            self.quotes = Vec::new();
        }
    }
}

/// `date YYYY-MM-DD` at the start (after spaces), and where the body begins.
fn date_header(text: &str) -> (Option<String>, usize) {
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let Some(d) = rest.strip_prefix("date ") else {
        return (None, 0);
    };
    let b = d.as_bytes();
    let is_date = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && b.get(10).is_none_or(|c| c.is_ascii_whitespace());
    if !is_date {
        return (None, 0);
    }
    (Some(d[..10].to_string()), lead + "date ".len() + 10)
}

fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.start + s.trim_end().len();
    start..end.max(start)
}

/// Whether a sentence terminator may start at byte `c`: `. ! ?`, the lead
/// byte of `…` (E2), and the last byte of `؟` (D8 9F: D8 leads most Arabic
/// letters, 9F none of them).
fn is_terminator_byte(c: u8) -> bool {
    // `|`, not `||` nor a `match`: no branches, so that it vectorizes.
    (c == b'.') | (c == b'!') | (c == b'?') | (c == 0x9F) | (c == 0xE2)
}

/// Whether a quotation mark may start at byte `c`: `"`, and the lead bytes
/// of « » (C2) and “ ” (E2).
fn is_quote_byte(c: u8) -> bool {
    (c == b'"') | (c == 0xC2) | (c == 0xE2)
}

/// The first byte at or after `from` that `is_in` accepts. The marks are
/// rare (one byte in tens), so whole blocks of 32 bytes are tested first,
/// each byte to a 0/1 flag and the flags or-ed, with no early exit: in this
/// form (not a fold over bools, nor blocks of 16) the compiler makes it a
/// few vector compares a block. The first flag of the block that holds a
/// mark is found from the flags read as two `u128`, not by testing its
/// bytes again one by one.
#[inline(always)]
fn next_in(b: &[u8], from: usize, is_in: impl Fn(u8) -> bool) -> Option<usize> {
    let rest = b.get(from..)?;
    let mut at = 0;
    for block in rest.chunks_exact(BLOCK) {
        let mut flags = [0u8; BLOCK];
        for (flag, &c) in flags.iter_mut().zip(block) {
            *flag = u8::from(is_in(c));
        }
        if flags.iter().fold(0, |any, &f| any | f) != 0 {
            let half = |h: Option<&[u8; BLOCK / 2]>| h.map_or(0, |h| u128::from_le_bytes(*h));
            let (low, high) = (half(flags.first_chunk()), half(flags.last_chunk()));
            let k = if low != 0 { low.trailing_zeros() / 8 } else { BLOCK as u32 / 2 + high.trailing_zeros() / 8 };
            return Some(from + at + k as usize);
        }
        at += BLOCK;
    }
    rest[at..].iter().position(|&c| is_in(c)).map(|k| from + at + k)
}

/// Bytes in a block of [`next_in`].
const BLOCK: usize = 32;

/// The length of the sentence terminator (`. ! ? ؟ …`) at byte `i`, if one
/// starts there. Byte tests suffice: the marks are ASCII or fixed multi-byte
/// sequences, and a UTF-8 continuation byte never equals a lead byte.
fn terminator_len(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i..)? {
        [b'.' | b'!' | b'?', ..] => Some(1),
        [0xD8, 0x9F, ..] => Some(2),       // ؟ U+061F
        [0xE2, 0x80, 0xA6, ..] => Some(3), // … U+2026
        _ => None,
    }
}

/// The length of the closing mark (`" » ” ’ ) ]`) at byte `i`, if one starts there.
fn closer_len(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i..)? {
        [b'"' | b')' | b']', ..] => Some(1),
        [0xC2, 0xBB, ..] => Some(2),              // » U+00BB
        [0xE2, 0x80, 0x9D | 0x99, ..] => Some(3), // ” U+201D, ’ U+2019
        _ => None,
    }
}

fn push_sentence(text: &str, r: Range<usize>, paragraph: usize, out: &mut Vec<Sentence>) {
    let span = trim(text, r);
    if !span.is_empty() {
        out.push(Sentence { span, paragraph });
    }
}

/// Whether the word ending in the dot at the end of `upto` is an
/// abbreviation or a single letter.
fn is_abbreviation(upto: &str, abbreviations: &HashSet<String>) -> bool {
    let word_start = upto[..upto.len() - 1]
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '«' | '“'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &upto[word_start..];
    // Exactly one letter? Stop at the second.
    let mut letters = word[..word.len() - 1].chars().filter(|&c| is_letter(c));
    let single = letters.next().is_some() && letters.next().is_none();
    single || abbreviations.contains(word)
}

/// `char::is_alphabetic`, with fast paths for ASCII and the Arabic letters
/// (Unicode's alphabetic table is a slow lookup).
fn is_letter(c: char) -> bool {
    match c {
        '\0'..='\x7f' => c.is_ascii_alphabetic(),
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => true,
        _ => c.is_alphabetic(),
    }
}

/// The quotation marks of one paragraph so far (`"`, and « » “ ” by their
/// UTF-8 bytes): one stack of opening offsets per kind of mark, so that a
/// closing mark finds its opener in O(1) whatever else is open.
///
/// Offsets within the paragraph, as `u32`: a flood of opening marks fills a
/// stack with one a mark, and these stacks are kept for the next document.
/// (A mark past a paragraph's first 4 GiB is not read.)
#[derive(Debug, Default)]
struct OpenQuotes {
    ascii: Vec<u32>,
    guillemet: Vec<u32>,
    curly: Vec<u32>,
    /// (opening offset, closing offset)
    found: Vec<(u32, u32)>,
}

impl OpenQuotes {
    fn clear(&mut self) {
        self.ascii.clear();
        self.guillemet.clear();
        self.curly.clear();
        self.found.clear();
    }

    /// Takes the byte at offset `i` of paragraph `s`, where a mark may start.
    fn mark(&mut self, s: &str, i: usize) {
        let b = s.as_bytes();
        let Ok(at_i) = u32::try_from(i) else { return };
        match &b[i..] {
            [0xC2, 0xAB, ..] => self.guillemet.push(at_i), // «
            [0xC2, 0xBB, ..] => self.found.extend(self.guillemet.pop().map(|at| (at, at_i))), // »
            [0xE2, 0x80, 0x9C, ..] => self.curly.push(at_i), // “
            [0xE2, 0x80, 0x9D, ..] => self.found.extend(self.curly.pop().map(|at| (at, at_i))), // ”
            [b'"', ..] => {
                if let Some(at) = self.ascii.pop() {
                    self.found.push((at, at_i));
                    return;
                }
                let before = s[..i].chars().next_back();
                let after = s[i + 1..].chars().next();
                let glued_before = before.is_some_and(|b| !b.is_whitespace() && !matches!(b, '(' | '[' | '«' | '“'));
                let closer_like =
                    after.is_none_or(|a| a.is_whitespace() || a.is_ascii_punctuation() || matches!(a, '،' | '؛' | '؟'));
                if !(glued_before && closer_like) {
                    self.ascii.push(at_i); // else a stray closing mark
                }
            }
            _ => {}
        }
    }

    /// The quotations found, in order, for the paragraph of bytes `b`
    /// starting at `para_start`; marks left open are dropped.
    fn finish(&mut self, b: &[u8], para_start: usize, p: usize, out: &mut Vec<Quote>) {
        self.found.sort_unstable();
        // The marks are `"` (1 byte), « » (2) and “ ” (3): the lead byte tells.
        let mark_len = |at: usize| match b[at] {
            0xC2 => 2,
            0xE2 => 3,
            _ => 1,
        };
        for &(open_at, close_at) in &self.found {
            let (open_at, close_at) = (open_at as usize, close_at as usize);
            out.push(Quote {
                outer: para_start + open_at..para_start + close_at + mark_len(close_at),
                inner: para_start + open_at + mark_len(open_at)..para_start + close_at,
                paragraph: p,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::normalize::normalize;

    fn seg(text: &str) -> (String, Segments) {
        let n = normalize(text).text().to_string();
        let s = segment(&n, &Lexicon::builtin().unwrap().abbreviations);
        (n, s)
    }

    fn sentences(text: &str) -> Vec<String> {
        let (n, s) = seg(text);
        s.sentences.iter().map(|x| n[x.span.clone()].to_string()).collect()
    }

    /// The expected strings, normalized like the text they come from.
    fn n(want: &[&str]) -> Vec<String> {
        want.iter().map(|w| normalize(w).text().to_string()).collect()
    }

    fn quotes(text: &str) -> Vec<String> {
        let (n, s) = seg(text);
        s.quotes.iter().map(|q| n[q.inner.clone()].to_string()).collect()
    }

    #[test]
    fn date_header_is_read_and_skipped() {
        let (n, s) = seg(" date 2025-11-28 يعكس هذا. ثم");
        assert_eq!(s.date.as_deref(), Some("2025-11-28"));
        assert_eq!(&n[s.sentences[0].span.clone()], "يعكس هذا.");
        assert_eq!(seg("date 2025-1-28 x").1.date, None);
        assert_eq!(seg("dated 2025-11-28 x").1.date, None);
    }

    #[test]
    fn paragraphs_are_lines() {
        let (_, s) = seg("أ ب.\n\n  \nج د\n");
        assert_eq!(s.paragraphs.len(), 2);
        assert_eq!(s.sentences.iter().map(|x| x.paragraph).collect::<Vec<_>>(), vec![0, 1]);
    }

    #[test]
    fn sentence_ends() {
        assert_eq!(sentences("قال كذا. ثم مضى! هل؟ نعم"), n(&["قال كذا.", "ثم مضى!", "هل؟", "نعم"]));
        assert_eq!(sentences("انتهى.\" ثم"), n(&["انتهى.\"", "ثم"]));
    }

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        assert_eq!(sentences("ويضيف د. بانافع: كذا."), n(&["ويضيف د. بانافع: كذا."]));
        assert_eq!(sentences("Dr. Smith met U.S. officials. Then"), n(&["dr. smith met u.s. officials.", "then"]));
        assert_eq!(sentences("نما 3.5 بالمئة. ثم"), n(&["نما 3.5 بالمئة.", "ثم"]));
    }

    #[test]
    fn quotes_of_every_kind() {
        assert_eq!(quotes("قال: \"نعم\" و«لا» و“ربما”"), n(&["نعم", "لا", "ربما"]));
        assert_eq!(quotes("متاح كـ\"نموذج مفتوح\"."), n(&["نموذج مفتوح"]));
    }

    #[test]
    fn quote_with_spaces_inside_marks() {
        assert_eq!(quotes("وتحت عنوان \" ربما تفوز الصين\"، يشير"), n(&[" ربما تفوز الصين"]));
        assert_eq!(quotes("إن \"حقيقة أن كذا الآن \"."), n(&["حقيقة أن كذا الآن "]));
    }

    #[test]
    fn unbalanced_quotes_are_dropped() {
        // a stray closer glued to the end of a paragraph
        assert_eq!(quotes("أشباه الموصلات.\"\nثم \"نعم\""), n(&["نعم"]));
        // an opener that never closes stays inside its paragraph
        assert_eq!(quotes("قال \"بلا نهاية\nثم \"نعم\""), n(&["نعم"]));
        assert_eq!(quotes("«« » "), n(&[" "]));
    }

    #[test]
    fn lookups_by_position() {
        let (n, s) = seg("قال «أ “ب” ج» ثم");
        let b = n.find('ب').unwrap();
        let holding: Vec<usize> = s.quotes_holding(b).collect();
        assert_eq!(holding.len(), 2);
        assert_eq!(s.quotes[holding[0]].inner.len(), 'ب'.len_utf8());
        assert_eq!(s.quote_starting_at(n.find('«').unwrap()), Some(0));
        assert_eq!(s.quotes_starting_in(0, n.len()).len(), 2);
    }

    #[test]
    fn next_in_finds_every_mark_across_blocks() {
        // Marks close together, and far apart (whole blocks without one).
        let sparse = format!("{}.{}«{}…", "كلمات بلا علامة ".repeat(7), "x".repeat(31), "ب".repeat(40));
        for text in ["أب.ج؟ «د» “ه” … \"و\" ".repeat(5), sparse.repeat(3)] {
            let b = text.as_bytes();
            for is_in in [is_terminator_byte, is_quote_byte] {
                for from in 0..=b.len() + 1 {
                    let want = b.get(from..).and_then(|r| r.iter().position(|&c| is_in(c))).map(|k| from + k);
                    assert_eq!(next_in(b, from, is_in), want, "{from}");
                }
            }
        }
    }

    /// [`segment`] line by line, each line alone, the results put together:
    /// what the one scan of the whole text must find.
    fn segment_by_lines(text: &str, abbreviations: &HashSet<String>) -> Segments {
        let mut all = Segments::default();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let s = segment(line, abbreviations);
            let p = all.paragraphs.len();
            let shift = |r: &Range<usize>| r.start + at..r.end + at;
            all.paragraphs.extend(s.paragraphs.iter().map(shift));
            all.sentences
                .extend(s.sentences.iter().map(|x| Sentence { span: shift(&x.span), paragraph: p + x.paragraph }));
            all.quotes.extend(s.quotes.iter().map(|q| Quote {
                outer: shift(&q.outer),
                inner: shift(&q.inner),
                paragraph: p + q.paragraph,
            }));
            at += line.len();
        }
        all
    }

    proptest::proptest! {
        #[test]
        fn one_scan_agrees_with_a_scan_of_each_line(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "ب", "كتب", "x", "د.", "dr.", " ", "  ", "\n", " \n", "\n\n", "\u{00A0}", ".", "!", "?", "؟", "…",
                "\"", "«", "»", "“", "”", ")", "(", "3.5", "\u{2003}",
            ]), 0..40)
        ) {
            let text = parts.concat();
            let abbreviations = &Lexicon::builtin().unwrap().abbreviations;
            proptest::prop_assert_eq!(segment(&text, abbreviations), segment_by_lines(&text, abbreviations));
        }

        #[test]
        fn sentence_holds_is_sentence_at(
            parts in proptest::collection::vec(proptest::sample::select(vec!["ب", " ", "\n", ". ", "!", "؟ ", "\n\n"]), 0..40)
        ) {
            let text = parts.concat();
            let s = segment(&text, &Lexicon::builtin().unwrap().abbreviations);
            for at in 0..=text.len() + 1 {
                for k in 0..s.sentences.len().max(1) {
                    proptest::prop_assert_eq!(s.sentence_holds(k, at), s.sentence_at(at) == k, "{} {}", k, at);
                }
            }
        }
    }

    #[test]
    fn nested_quotes() {
        assert_eq!(quotes("«قال “نعم” ثم»"), n(&["قال “نعم” ثم", "نعم"]));
    }
}
