//! Tokens of normalized text: words (runs of letters and digits) and single
//! punctuation marks, each with its byte span, sentence and paragraph.
//! The rule stages (people, claims) read text through them.

use crate::matcher::is_word_char;
use crate::segment::Segments;

/// One token of normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) word: bool,
    pub(crate) sentence: usize,
}

/// The tokens of a text, with the text.
pub(crate) struct Tokens<'t> {
    pub(crate) text: &'t str,
    pub(crate) toks: Vec<Tok>,
}

impl<'t> Tokens<'t> {
    pub(crate) fn new(text: &'t str, seg: &Segments) -> Tokens<'t> {
        let mut toks = Vec::with_capacity(text.len() / 5);
        let mut word_start: Option<usize> = None;
        // Sentences are in order: walk them along with the tokens.
        let mut sentence = 0;
        let mut push = |toks: &mut Vec<Tok>, start: usize, end: usize, word: bool| {
            while seg.sentences.get(sentence + 1).is_some_and(|s| s.span.start <= start) {
                sentence += 1;
            }
            toks.push(Tok { start, end, word, sentence });
        };
        for (i, c) in text.char_indices() {
            if is_word_char(c) {
                word_start.get_or_insert(i);
                continue;
            }
            if let Some(s) = word_start.take() {
                push(&mut toks, s, i, true);
            }
            if !c.is_whitespace() {
                push(&mut toks, i, i + c.len_utf8(), false);
            }
        }
        if let Some(s) = word_start {
            push(&mut toks, s, text.len(), true);
        }
        Tokens { text, toks }
    }

    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }

    /// The text of token `i` (empty past the last token).
    pub(crate) fn str(&self, i: usize) -> &'t str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    /// Whether token `i` is the punctuation mark `c`.
    pub(crate) fn is(&self, i: usize, c: char) -> bool {
        i < self.toks.len() && !self.toks[i].word && self.str(i).starts_with(c)
    }

    /// The index of the first token starting at or after byte `at`.
    pub(crate) fn at(&self, at: usize) -> usize {
        self.toks.partition_point(|t| t.start < at)
    }

    /// Whether token `i` is a quotation mark.
    pub(crate) fn is_quote(&self, i: usize) -> bool {
        i < self.toks.len() && !self.toks[i].word && matches!(self.str(i), "\"" | "«" | "»" | "“" | "”")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::normalize::normalize;
    use crate::segment::segment;

    #[test]
    fn words_and_marks() {
        let n = normalize("قال: \"نعم\"، وByteDance.");
        let seg = segment(n.text(), &Lexicon::builtin().unwrap().abbreviations);
        let t = Tokens::new(n.text(), &seg);
        let got: Vec<&str> = (0..t.len()).map(|i| t.str(i)).collect();
        assert_eq!(got, ["قال", ":", "\"", "نعم", "\"", "،", "وbytedance", "."]);
        assert!(t.toks[0].word && !t.toks[1].word);
    }
}
