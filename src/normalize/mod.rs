//! Normalization: one function for gazetteer aliases and for text alike.
//!
//! The stages run in this order, each in a file of its own:
//!
//! 1. [`controls`]: bidi and zero-width controls are dropped;
//! 2. [`presentation`]: Arabic presentation forms become base letters;
//! 3. [`marks`]: tashkeel, tatweel and Quranic marks are dropped;
//! 4. [`letters`]: alef forms, alef maqsura, ta marbuta, Persian yeh and kaf are unified;
//! 5. [`digits`]: Arabic-Indic digits become ASCII;
//! 6. [`case`]: case is folded;
//! 7. [`whitespace`]: whitespace runs fold to one space or newline;
//! 8. [`alef_run`]: a run of alefs collapses to one.
//!
//! The result is idempotent (`normalize(normalize(x)) == normalize(x)`) and
//! carries an [`OffsetMap`] back to the original.

pub mod alef_run;
pub mod case;
pub mod controls;
pub mod digits;
mod fast;
pub mod letters;
pub mod marks;
mod offset;
pub mod presentation;
#[cfg(test)]
mod reference;
pub mod whitespace;

pub(crate) use offset::OffsetCursor;
pub use offset::OffsetMap;
use offset::OffsetMapBuilder;

/// Normalized text with its map back to the original.
///
/// ```
/// let n = isnad::normalize("إإنفيديا");
/// assert_eq!(n.text(), "انفيديا");
/// assert_eq!(n.map().to_original(0, n.text().len()), (0, "إإنفيديا".len()));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    map: OffsetMap,
}

impl Normalized {
    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The map from normalized offsets back to the original.
    pub fn map(&self) -> &OffsetMap {
        &self.map
    }

    /// Takes the text and the map apart.
    pub fn into_parts(self) -> (String, OffsetMap) {
        (self.text, self.map)
    }

    /// Drops each allocation that `keep(capacity, item size)` refuses (see
    /// [`normalize_reusing`]).
    pub(crate) fn trim(&mut self, keep: &impl Fn(usize, usize) -> bool) {
        if !keep(self.text.capacity(), 1) {
            self.text = String::new();
        }
        self.map.trim(keep);
    }
}

/// Normalizes `input` (see the [module docs](self) for the stages).
///
/// ```
/// let n = isnad::normalize("الدكتورأحمد  بانافع");
/// assert_eq!(n.text(), "الدكتوراحمد بانافع");
/// ```
pub fn normalize(input: &str) -> Normalized {
    normalize_into(input, ()).0
}

/// Receives every character normalization writes, as it writes it: the
/// matcher encodes the text for its automaton in the same pass.
pub(crate) trait CharSink {
    /// Character `c` was written at byte `at` of the normalized text.
    fn push(&mut self, c: char, at: usize);
    /// The sink's byte for each character below U+0800 (one or two UTF-8
    /// bytes), indexed by its first two UTF-8 bytes, little-endian (an ASCII
    /// byte's entry whatever follows it): the fast path looks each of its
    /// characters up as it reads it, and hands the bytes over a block at a
    /// time to [`push_codes`](Self::push_codes).
    fn narrow_codes(&self) -> &[u8; 0x10000];
    /// How many characters the next [`push_codes`](Self::push_codes) may
    /// hold (at least one): a sink that keeps the offsets of some characters
    /// (the encoder, every 64th) has each of them start a block.
    fn codes_room(&self) -> usize;
    /// [`push`](Self::push) of characters written one after the other from
    /// byte `at` on, all below U+0800, as their bytes in
    /// [`narrow_codes`](Self::narrow_codes), no more than
    /// [`codes_room`](Self::codes_room) of them.
    fn push_codes(&mut self, codes: &[u8], at: usize);
    /// The last character written became `c` (a space that became a newline).
    fn replace_last(&mut self, c: char);
}

/// No sink.
impl CharSink for () {
    #[inline(always)]
    fn push(&mut self, _: char, _: usize) {}
    #[inline(always)]
    fn narrow_codes(&self) -> &[u8; 0x10000] {
        static NONE: [u8; 0x10000] = [0; 0x10000];
        &NONE
    }
    #[inline(always)]
    fn codes_room(&self) -> usize {
        usize::MAX
    }
    #[inline(always)]
    fn push_codes(&mut self, _: &[u8], _: usize) {}
    #[inline(always)]
    fn replace_last(&mut self, _: char) {}
}

/// [`normalize`], telling `sink` every character written.
pub(crate) fn normalize_into<S: CharSink>(input: &str, sink: S) -> (Normalized, S) {
    normalize_reusing(input, sink, Normalized::default())
}

/// [`normalize_into`] in the allocations of `old`, a normalized text done
/// with: a document fills its predecessor's buffers, which have the room
/// already, rather than allocating and growing its own.
pub(crate) fn normalize_reusing<S: CharSink>(input: &str, sink: S, old: Normalized) -> (Normalized, S) {
    let Normalized { text: mut out, map } = old;
    out.clear();
    out.reserve(input.len());
    let mut n = Normalizer { out, map: OffsetMapBuilder::reusing(map), last: None, sink };
    let mut i = 0;
    // Runs of plain characters take the fast path; the characters between
    // them go through the stages one at a time.
    while i < input.len() {
        i = n.run(input, i);
        if let Some(c) = input[i..].chars().next() {
            n.push(c, i, i + c.len_utf8());
            i += c.len_utf8();
        }
    }
    (Normalized { text: n.out, map: n.map.finish() }, n.sink)
}

/// Normalizes a gazetteer alias or a lexicon entry: the same stages, without
/// the offset map, trimmed of the spaces around it.
pub(crate) fn normalize_key(s: &str) -> String {
    let mut text = normalize(s.trim()).text;
    // Trimmed in place (gazetteers normalize tens of thousands of aliases).
    text.truncate(text.trim_end().len());
    text.drain(..text.len() - text.trim_start().len());
    text
}

struct Normalizer<S> {
    out: String,
    map: OffsetMapBuilder,
    /// The last character written to `out`.
    last: Option<char>,
    sink: S,
}

impl<S: CharSink> Normalizer<S> {
    /// Stages 1–2: drop controls, expand presentation forms.
    fn push(&mut self, c: char, src_start: usize, src_end: usize) {
        if c.is_ascii() {
            // Fast path: ASCII meets only the case and whitespace stages.
            return self.fold_case(c, src_start, src_end);
        }
        if controls::is_control(c) {
            return;
        }
        if presentation::is_presentation_form(c) {
            return presentation::decompose(c, |d| self.push_letter(d, src_start, src_end));
        }
        self.push_letter(c, src_start, src_end);
    }

    /// Stages 3–6: marks, letters, digits, case.
    fn push_letter(&mut self, c: char, src_start: usize, src_end: usize) {
        if marks::is_dropped_mark(c) {
            // Stays with the letter before it.
            return self.map.extend(src_end);
        }
        let c = digits::fold(letters::fold(c));
        self.fold_case(c, src_start, src_end);
    }

    fn fold_case(&mut self, c: char, src_start: usize, src_end: usize) {
        case::fold(c, |l| self.emit(l, src_start, src_end));
    }

    /// Stages 7–8: characters that merge into the previous one.
    fn emit(&mut self, c: char, src_start: usize, src_end: usize) {
        if let Some(space) = whitespace::classify(c) {
            match self.last {
                Some(' ') | Some('\n') => {
                    if space == whitespace::Space::Newline && self.last == Some(' ') {
                        self.out.pop();
                        self.out.push('\n');
                        self.last = Some('\n');
                        self.sink.replace_last('\n');
                    }
                    return self.map.extend(src_end);
                }
                _ => return self.write(space.folded(), src_start, src_end),
            }
        }
        if self.last.is_some_and(|prev| alef_run::merges(prev, c)) && self.map.has_open() {
            return self.map.extend(src_end);
        }
        self.write(c, src_start, src_end);
    }

    fn write(&mut self, c: char, src_start: usize, src_end: usize) {
        let at = self.out.len();
        self.out.push(c);
        self.last = Some(c);
        self.sink.push(c, at);
        self.map.push(at, self.out.len(), src_start, src_end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_whole_pipeline() {
        let input = "\u{FEFF}قالَ  الرئيسُ الأمريكي\u{200F} إن شركة «NVIDIA» ستبيع ١٠٠ شريحة H٢٠ للصين";
        assert_eq!(normalize(input).text(), "قال الرئيس الامريكي ان شركه «nvidia» ستبيع 100 شريحه h20 للصين");
    }

    #[test]
    fn seed_misspelling_and_glued_title() {
        assert_eq!(normalize("إإنفيديا").text(), normalize("إنفيديا").text());
        assert_eq!(normalize("الدكتورأحمد").text(), "الدكتوراحمد");
    }

    #[test]
    fn every_normalized_char_maps_inside_the_original() {
        let input = "ﺍﻟﺼﻴﻦ  وَالـهِنْدُ\r\nİstanbul ﻻ";
        let n = normalize(input);
        for (i, c) in n.text().char_indices() {
            let (s, e) = n.map().to_original(i, i + c.len_utf8());
            assert!(s < e && e <= input.len() && input.is_char_boundary(s) && input.is_char_boundary(e));
        }
    }

    fn messy_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "ا",
            "أ",
            "إإ",
            "آ",
            "ى",
            "ة",
            "ـ",
            "\u{064E}",
            "\u{0651}",
            "\u{0670}",
            "\u{200F}",
            "\u{FEFF}",
            "\u{202B}",
            "ﻻ",
            "\u{FEF7}",
            "\u{FC5E}",
            "ﺍ",
            "٣",
            "۳",
            "A",
            "İ",
            "ß",
            " ",
            "\t",
            "\n",
            "\r\n",
            "\u{00A0}",
            "\"",
            "«",
            "»",
            ":",
            "،",
            ".",
            "é",
            "\u{0301}",
            "😀",
            "👨‍👩‍👧",
            "\0",
            "\u{7f}",
            "الصين",
            "ByteDance",
        ]);
        prop::collection::vec(prop_oneof![pieces.prop_map(String::from), any::<char>().prop_map(String::from)], 0..40)
            .prop_map(|v| v.concat())
    }

    /// Characters the fast path must agree with the stages on: its own
    /// (ASCII, two-byte characters, the Arabic block), the ones that end a run,
    /// and anything at all.
    fn fast_path_text() -> impl Strategy<Value = String> {
        let ch = prop_oneof![
            4 => prop::sample::select(vec!['ا', 'أ', 'إ', 'آ', 'ٱ', 'ى', 'ي', 'ة', 'ه', 'ـ', 'ل', 'ک', 'ی', '،']),
            4 => prop::sample::select(vec![' ', ' ', '\t', '\n', '\r', '\u{000B}', '\u{000C}', '\u{0085}', '\u{00A0}', '\u{3000}']),
            2 => prop::char::range('\u{064B}', '\u{0652}'),
            2 => prop::char::range('\u{0600}', '\u{06FF}'),
            2 => prop::char::range('\u{0660}', '\u{0669}'),
            1 => prop::char::range('\u{06F0}', '\u{06F9}'),
            2 => prop::char::range('\u{FE70}', '\u{FEFC}'),
            1 => prop::char::range('\u{FB50}', '\u{FDFF}'),
            2 => prop::char::range('\u{200B}', '\u{200F}'),
            1 => prop::sample::select(vec!['\u{FEFF}', '\u{061C}', '\u{00AD}', '\u{202B}', '\u{2066}']),
            4 => prop::char::range('A', 'Z'),
            4 => prop::char::range('a', 'z'),
            2 => prop::char::range('\0', '\u{7F}'),
            2 => prop::char::range('\u{80}', '\u{7FF}'),
            1 => prop::sample::select(vec!['İ', 'ß', 'Σ', 'Ⱥ', '\u{0301}', '«', '»', '😀']),
            2 => any::<char>(),
        ];
        prop::collection::vec(ch, 0..60).prop_map(|v| v.into_iter().collect())
    }

    fn assert_same_as_reference(s: &str) {
        assert_eq!(normalize(s), reference::normalize_reference(s), "{s:?}");
    }

    /// Every character of one or two bytes (the fast path's table), alone,
    /// doubled, and after and before characters that set the context.
    #[test]
    fn every_fast_path_character_after_every_context() {
        let around = [
            "", "a", "A", " ", "  ", "\n", "\r", "\t", "ا", "أ", "ب", "ة", "\u{064E}", "ـ", "\u{200F}", "ﻻ", "١", "😀",
        ];
        for c in (0..0x800).filter_map(char::from_u32) {
            for before in around {
                for after in around {
                    assert_same_as_reference(&format!("{before}{c}{after}"));
                    assert_same_as_reference(&format!("{before}{c}{c}{after}"));
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn same_as_reference(s in fast_path_text()) {
            prop_assert_eq!(normalize(&s), reference::normalize_reference(&s), "{:?}", s);
        }

        #[test]
        fn same_as_reference_on_messy_text(s in messy_text()) {
            prop_assert_eq!(normalize(&s), reference::normalize_reference(&s), "{:?}", s);
        }
    }

    proptest! {
        #[test]
        fn idempotent(s in messy_text()) {
            let once = normalize(&s);
            let twice = normalize(once.text());
            prop_assert_eq!(twice.text(), once.text());
        }

        #[test]
        fn offsets_are_ordered_char_boundaries(s in messy_text()) {
            let n = normalize(&s);
            let (mut prev_start, mut prev_end) = (0, 0);
            for (i, c) in n.text().char_indices() {
                let (a, b) = n.map().to_original(i, i + c.len_utf8());
                prop_assert!(a < b && b <= s.len());
                prop_assert!(s.is_char_boundary(a) && s.is_char_boundary(b));
                prop_assert!(a >= prev_start && b >= prev_end, "{}..{} after {}..{}", a, b, prev_start, prev_end);
                (prev_start, prev_end) = (a, b);
            }
        }
    }
}
