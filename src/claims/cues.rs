//! Finding cues: words and phrases of the cue lexicon, with و/ف in front.

use super::Ctx;
use crate::lexicon::{CueClass, CueForm, WordClass};
use crate::tokens::Tok;

/// One cue in the text.
#[derive(Debug, Clone)]
pub(crate) struct CueHit<'l> {
    /// First and last token of the cue phrase.
    pub(crate) first: usize,
    pub(crate) last: usize,
    /// Normalized byte span (without و/ف in front; a glued ل- tail ends the span).
    pub(crate) span: (usize, usize),
    /// Whether و or ف stands glued in front ("وقال").
    pub(crate) proclitic: bool,
    pub(crate) form: &'l CueForm,
}

/// Every cue in the text, in order. A `block` phrase ("يذكر أن") hides the
/// verb inside it.
pub(crate) fn find_cues<'l>(cx: &Ctx<'l, '_>, out: &mut Vec<CueHit<'l>>) {
    let toks = cx.toks;
    out.clear();
    let mut i = 0;
    while i < toks.len() {
        // Most words are no cue, as the tokens' word classes tell: skip to
        // the next word that may start one (a punctuation mark has no class).
        let Some(skip) = next_cue_start(&toks.toks[i..]) else { break };
        i += skip;
        if let Some(hit) = cue_at(cx, i) {
            i = hit.last + 1;
            out.push(hit);
        } else {
            i += 1;
        }
    }
}

/// The index of the first token whose class may start a cue: four tokens'
/// classes are or-ed and tested at once (few tokens start one).
fn next_cue_start(toks: &[Tok]) -> Option<usize> {
    let mut at = 0;
    for four in toks.chunks_exact(4) {
        if four[0].class.or(four[1].class).or(four[2].class).or(four[3].class).has_any(CUE_STARTS) {
            break;
        }
        at += 4;
    }
    toks[at..].iter().position(|t| t.class.has_any(CUE_STARTS)).map(|k| at + k)
}

/// The word classes of a word that may start a cue: a cue word, or one with
/// و/ف in front.
const CUE_STARTS: WordClass = WordClass::CUE_START.or(WordClass::BARE_CUE_START);

/// Words after which a cue word is a noun or a passive, not a speaker's verb:
/// "فضّل عدم ذكر اسمه", "the said company", "is said to be".
const NOT_AFTER: &[&str] =
    &["عدم", "دون", "بدون", "the", "a", "an", "this", "that", "is", "was", "are", "were", "be", "been", "being"];

/// Words after which a verb is the reported content's own verb: "قالوا إنهم
/// يتوقعون أن …" is one claim, not two.
const COMPLEMENTIZERS: &[&str] =
    &["ان", "انه", "انها", "انهم", "انهما", "اننا", "انني", "بان", "بانه", "بانها", "بانهم"];

fn cue_at<'l>(cx: &Ctx<'l, '_>, i: usize) -> Option<CueHit<'l>> {
    let toks = cx.toks;
    if !toks.toks[i].word {
        return None;
    }
    // Most words are no cue, as the tokens' word classes tell: read the
    // context and the cue forms only for a cue.
    let class = toks.toks[i].class;
    if !class.has_any(CUE_STARTS) {
        return None;
    }
    let w = toks.str(i);
    let bare = w.strip_prefix(['و', 'ف']).filter(|_| class.has(WordClass::BARE_CUE_START));
    let candidates = [(Some(w).filter(|_| class.has(WordClass::CUE_START)), false), (bare, true)]
        .map(|(word, proclitic)| word.and_then(|word| Some((word, proclitic, cx.lex.cues.get(word)?))));
    if i > 0 && (NOT_AFTER.contains(&cx.word(i - 1)) || COMPLEMENTIZERS.contains(&cx.word(i - 1))) {
        return None;
    }
    // (What the forms need of the next word, asked once for them all.)
    let next = toks.toks.get(i + 1).filter(|t| t.word).map(|_| toks.bytes(i + 1));
    for (word, proclitic, forms) in candidates.into_iter().flatten() {
        if !forms.may_match(next) {
            continue;
        }
        for form in &forms.forms {
            if let Some((last, end)) = matches_form(cx, i, form) {
                let start = toks.toks[i].end() - word.len();
                // "يُتوقع أن", "أُعلن أن": a passive verb names no speaker.
                if matches!(form.class, CueClass::Verb | CueClass::Relay) && (cx.passive)(start) {
                    return None;
                }
                // "و يقول": a conjunction typed apart still joins the verb to what came before.
                let proclitic = proclitic || (i > 0 && matches!(cx.word(i - 1), "و" | "ف"));
                return Some(CueHit { first: i, last, span: (start, end), proclitic, form });
            }
        }
    }
    None
}

/// Whether `form` matches from token `i`: the index of its last token and the
/// byte end of the cue.
fn matches_form(cx: &Ctx, i: usize, form: &CueForm) -> Option<(usize, usize)> {
    let toks = cx.toks;
    let n = form.words.len();
    let mut end = toks.toks[i].end();
    for (k, want) in form.words.iter().enumerate().skip(1) {
        let j = i + k;
        if j >= toks.len() || !toks.toks[j].word {
            return None;
        }
        // By bytes: a cue's forms are tried one by one, each comparing the
        // next tokens, and slicing them as `str` cost most of it.
        let got = toks.bytes(j);
        if k == n - 1 && form.glued_tail {
            if !got.starts_with(want.as_bytes()) {
                return None;
            }
            end = toks.toks[j].start() + want.len();
        } else if got != want.as_bytes() {
            return None;
        } else {
            end = toks.toks[j].end();
        }
    }
    Some((i + n - 1, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::normalize::normalize;
    use crate::segment::segment;
    use crate::tokens::Tokens;

    #[test]
    fn next_cue_start_agrees_with_a_scan() {
        let n = normalize("وقال الوزير إن كتاب فقال في بيان ، وأضاف: نعم وقالت هي كذا كذا كذا قال");
        let lex = Lexicon::builtin().unwrap();
        let seg = segment(n.text(), &lex.abbreviations);
        let t = Tokens::new(n.text(), &seg, &lex);
        assert!(t.toks.iter().filter(|t| t.class.has_any(CUE_STARTS)).count() >= 4);
        for from in 0..=t.toks.len() {
            for to in from..=t.toks.len() {
                let toks = &t.toks[from..to];
                assert_eq!(next_cue_start(toks), toks.iter().position(|t| t.class.has_any(CUE_STARTS)), "{from} {to}");
            }
        }
    }
}
