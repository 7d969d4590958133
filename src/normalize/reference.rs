//! The per-character implementation of [`normalize`](super::normalize), kept
//! as written before the fast path (see [`fast`](super::fast)) as the
//! reference the tests compare against: every character goes through the
//! eight stages one at a time. Test builds only.

use super::offset::OffsetMapBuilder;
use super::{Normalized, alef_run, case, controls, digits, letters, marks, presentation, whitespace};

/// The reference normalization: `normalize` must give the same text and the
/// same map for every input.
pub(crate) fn normalize_reference(input: &str) -> Normalized {
    let mut n = Normalizer { out: String::with_capacity(input.len()), map: OffsetMapBuilder::default(), last: None };
    for (i, c) in input.char_indices() {
        n.push(c, i, i + c.len_utf8());
    }
    Normalized { text: n.out, map: n.map.finish() }
}

struct Normalizer {
    out: String,
    map: OffsetMapBuilder,
    /// The last character written to `out`.
    last: Option<char>,
}

impl Normalizer {
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
        self.map.push(at, self.out.len(), src_start, src_end);
    }
}
