//! [`OffsetMap`]: from a byte offset in normalized text back to the original.
//!
//! Normalization drops, merges and rewrites characters, so a normalized offset
//! is not an original one. The map records, for every normalized character,
//! the byte range of the original it came from, compressed into the points
//! where the difference between the two offsets changes (most text keeps its
//! length, so a whole run costs one entry).

/// One point where the normalized→original offset difference changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Step {
    norm: u32,
    orig: u32,
}

/// Maps character boundaries of a normalized text back to byte offsets of
/// the original text it was made from.
///
/// A normalized character's *start* maps to the start of the original
/// character(s) it came from; its *end* maps to the end of them, including
/// the marks (tashkeel, tatweel) that normalization dropped right after it.
///
/// ```
/// let n = isnad::normalize("الصينُ اليوم");
/// assert_eq!(n.text(), "الصين اليوم");
/// // "الصين" is bytes 0..10 of the normalized text; its damma stays with it.
/// assert_eq!(n.map().to_original(0, 10), (0, 12));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    starts: Vec<Step>,
    ends: Vec<Step>,
}

impl OffsetMap {
    /// Drops each list whose allocation `keep(capacity, item size)` refuses.
    pub(crate) fn trim(&mut self, keep: &impl Fn(usize, usize) -> bool) {
        for steps in [&mut self.starts, &mut self.ends] {
            if !keep(steps.capacity(), size_of::<Step>()) {
                *steps = Vec::new();
            }
        }
    }

    /// The original byte offset where the normalized character starting at
    /// `norm` came from. `norm` must be a character boundary of the
    /// normalized text (anything a match or a segment returns is).
    pub fn start(&self, norm: usize) -> usize {
        lookup(&self.starts, norm)
    }

    /// The original byte offset just past the source of the normalized
    /// character that ends at `norm`.
    pub fn end(&self, norm: usize) -> usize {
        lookup(&self.ends, norm)
    }

    /// Maps the normalized span `start..end` (non-empty) to the original
    /// byte span.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.start(start), self.end(end))
    }

    /// A reader of the map for spans that come in rising order, as a
    /// document's mentions do: see [`OffsetCursor`].
    pub(crate) fn cursor(&self) -> OffsetCursor<'_> {
        OffsetCursor { map: self, start: 0, end: 0 }
    }
}

/// [`OffsetMap::to_original`] for spans in rising order: each look-up
/// gallops on from the step the last one found (see [`crate::gallop`]), in
/// O(1) amortized for a document's sorted mentions where a binary search of
/// a big map costs a cache miss a probe. Any order is answered right; a
/// span before the last is searched from scratch.
pub(crate) struct OffsetCursor<'m> {
    map: &'m OffsetMap,
    /// How many of the map's start steps the last start passed, and end steps the last end.
    start: usize,
    end: usize,
}

impl OffsetCursor<'_> {
    /// [`OffsetMap::to_original`].
    #[inline(always)]
    pub(crate) fn original_span(&mut self, start: usize, end: usize) -> (usize, usize) {
        self.start = crate::gallop::partition_point_from(&self.map.starts, self.start, |s| s.norm as usize <= start);
        self.end = crate::gallop::partition_point_from(&self.map.ends, self.end, |s| s.norm as usize <= end);
        (at_step(&self.map.starts, self.start, start), at_step(&self.map.ends, self.end, end))
    }
}

fn lookup(steps: &[Step], norm: usize) -> usize {
    at_step(steps, steps.partition_point(|s| s.norm as usize <= norm), norm)
}

/// The original offset of `norm`, given `i`, how many steps are at or before it.
fn at_step(steps: &[Step], i: usize, norm: usize) -> usize {
    match i.checked_sub(1) {
        Some(i) => steps[i].orig as usize + (norm - steps[i].norm as usize),
        None => norm,
    }
}

/// Builds an [`OffsetMap`] one normalized character at a time.
///
/// The last character stays open, so a following dropped mark can extend its
/// source or a following character can be merged into it.
#[derive(Debug, Default)]
pub(crate) struct OffsetMapBuilder {
    map: OffsetMap,
    start_delta: i64,
    end_delta: i64,
    open: Option<Open>,
}

#[derive(Debug, Clone, Copy)]
struct Open {
    norm_start: usize,
    norm_end: usize,
    src_start: usize,
    src_end: usize,
}

impl OffsetMapBuilder {
    /// A builder that fills the allocations of `map`, emptied.
    pub(crate) fn reusing(mut map: OffsetMap) -> OffsetMapBuilder {
        map.starts.clear();
        map.ends.clear();
        OffsetMapBuilder { map, ..OffsetMapBuilder::default() }
    }

    /// A new normalized character `norm_start..norm_end` from the original
    /// bytes `src_start..src_end`.
    pub(crate) fn push(&mut self, norm_start: usize, norm_end: usize, src_start: usize, src_end: usize) {
        self.close();
        self.open = Some(Open { norm_start, norm_end, src_start, src_end });
    }

    /// Extends the source of the open character to `src_end` (a dropped mark
    /// after it, or a character merged into it).
    pub(crate) fn extend(&mut self, src_end: usize) {
        if let Some(open) = &mut self.open {
            open.src_end = open.src_end.max(src_end);
        }
    }

    /// Whether a character is open (something was emitted).
    pub(crate) fn has_open(&self) -> bool {
        self.open.is_some()
    }

    fn close(&mut self) {
        let Some(o) = self.open.take() else { return };
        let sd = o.src_start as i64 - o.norm_start as i64;
        if sd != self.start_delta {
            self.map.starts.push(Step { norm: o.norm_start as u32, orig: o.src_start as u32 });
            self.start_delta = sd;
        }
        let ed = o.src_end as i64 - o.norm_end as i64;
        if ed != self.end_delta {
            self.map.ends.push(Step { norm: o.norm_end as u32, orig: o.src_end as u32 });
            self.end_delta = ed;
        }
    }

    pub(crate) fn finish(mut self) -> OffsetMap {
        self.close();
        self.map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_needs_no_steps() {
        let mut b = OffsetMapBuilder::default();
        b.push(0, 1, 0, 1);
        b.push(1, 3, 1, 3);
        let m = b.finish();
        assert!(m.starts.is_empty() && m.ends.is_empty());
        assert_eq!(m.to_original(1, 3), (1, 3));
    }

    #[test]
    fn dropped_char_shifts_later_offsets() {
        // original "a\u{200f}b": the 3-byte control is dropped.
        let mut b = OffsetMapBuilder::default();
        b.push(0, 1, 0, 1);
        b.push(1, 2, 4, 5);
        let m = b.finish();
        assert_eq!(m.to_original(0, 1), (0, 1));
        assert_eq!(m.to_original(1, 2), (4, 5));
        assert_eq!(m.to_original(0, 2), (0, 5));
    }

    #[test]
    fn cursor_agrees_with_the_map() {
        // A dropped byte after every second character: past the size that
        // galloping skips, one step each.
        let mut b = OffsetMapBuilder::default();
        for k in 0..40_000 {
            let src = 3 * k / 2 + usize::from(k % 2 == 1);
            b.push(k, k + 1, src, src + 1);
        }
        let m = b.finish();
        assert!(m.starts.len() > 10_000);
        let mut cursor = m.cursor();
        // Rising, with jumps back (nested spans, a content before its cue).
        let spans = (0..39_000).step_by(7).flat_map(|s| [(s, s + 3), (s + 1, s + 2), (s / 2, s / 2 + 1000)]);
        for (s, e) in spans {
            assert_eq!(cursor.original_span(s, e), m.to_original(s, e), "{s} {e}");
        }
    }

    #[test]
    fn extended_end_covers_dropped_mark() {
        let mut b = OffsetMapBuilder::default();
        b.push(0, 2, 0, 2);
        b.extend(4);
        b.push(2, 3, 4, 5);
        let m = b.finish();
        assert_eq!(m.end(2), 4);
        assert_eq!(m.start(2), 4);
        assert_eq!(m.end(3), 5);
    }
}
