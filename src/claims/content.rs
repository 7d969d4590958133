//! Content spans: where each claim's content ends, its final kind, and which
//! claims nest inside another's quotation. Every lookup here is a binary
//! search or a bounded walk, so the pass is linear in the document.

use super::{Ctx, Draft, LOOK_BACK};
use crate::lexicon::CueClass;
use crate::output::ClaimKind;

/// Completes the drafts: colon runs, clause ends and cuts, direct or mixed,
/// parents. Drafts left without content are dropped.
pub(crate) fn finish(cx: &Ctx, drafts: &mut Vec<Draft>) {
    // Cue starts, with the token's و/ف: drafts are in cue order.
    let cues: Vec<usize> = drafts.iter().map(|d| cue_token_start(cx, d.cue.0)).collect();
    // A participle after a claim in its sentence continues that claim
    // ("قال X إن A، مشيراً إلى أن B": one claim, A … B), as the seed's gold
    // reads "ويلفت جلال إلى …، معتبراً أنها …"; it neither cuts nor stands alone.
    let host: Vec<Option<usize>> = (0..drafts.len())
        .map(|i| {
            if drafts[i].class != CueClass::Participle {
                return None;
            }
            let sentence = cx.seg.sentence_at(drafts[i].cue.0);
            (i.saturating_sub(LOOK_BACK)..i).rev().find(|&k| {
                !matches!(drafts[k].class, CueClass::According | CueClass::EnAccording)
                    && cx.seg.sentence_holds(sentence, drafts[k].cue.0)
            })
        })
        .collect();
    let host: Vec<Option<usize>> =
        host.into_iter().map(|h| h.filter(|&k| drafts[k].content.0 > drafts[k].cue.0)).collect();
    let continues: Vec<bool> = host.iter().map(Option::is_some).collect();
    for i in 0..drafts.len() {
        let d = &drafts[i];
        let content = match d.kind {
            ClaimKind::Colon => {
                let (s, e) = colon_run(cx, d.content.1, d.content.0, &cues);
                (s, cue_cut(cx, s, e, drafts, &cues, &continues, i, true))
            }
            ClaimKind::Indirect => {
                // An open content (its marker only) runs to the clause end.
                let end = if d.content.1 > d.content.0 { d.content.1 } else { clause_end(cx, d.content.0) };
                (d.content.0, cue_cut(cx, d.content.0, end, drafts, &cues, &continues, i, false))
            }
            ClaimKind::AccordingTo => {
                (d.content.0, cue_cut(cx, d.content.0, d.content.1, drafts, &cues, &continues, i, false))
            }
            _ => d.content,
        };
        drafts[i].content = trim(cx.toks.text, content);
    }
    for i in (0..drafts.len()).rev() {
        if let Some(k) = host[i] {
            let end = drafts[i].content.1.max(drafts[k].content.1);
            // Not after a quotation that came before its verb ("…," said X, adding that …).
            let after_cue = drafts[k].content.0 > drafts[k].cue.0;
            if after_cue && drafts[k].content.0 < drafts[k].content.1 && end > drafts[k].content.1 {
                drafts[k].content.1 = end;
                if drafts[k].kind == ClaimKind::Direct {
                    drafts[k].kind = ClaimKind::Mixed;
                }
            }
        }
    }
    for d in drafts.iter_mut() {
        if d.kind == ClaimKind::Indirect {
            d.kind = refine_kind(cx, &mut d.content);
        }
    }
    let mut i = 0;
    drafts.retain(|_| {
        i += 1;
        !continues[i - 1]
    });
    // An according-to phrase inside another claim's sentence qualifies that
    // claim's content.
    for i in 0..drafts.len() {
        if drafts[i].borrows_content {
            let sentence = cx.seg.sentence_at(drafts[i].cue.0);
            let lo = i.saturating_sub(LOOK_BACK);
            let host = (lo..drafts.len().min(i + LOOK_BACK)).rev().find(|&k| {
                k != i
                    && !drafts[k].borrows_content
                    && drafts[k].class != drafts[i].class
                    && cx.seg.sentence_holds(sentence, drafts[k].cue.0)
            });
            drafts[i].content = host.map_or((0, 0), |k| drafts[k].content);
        }
    }
    drafts.retain(|d| d.content.0 < d.content.1);
    for i in 0..drafts.len() {
        drafts[i].parent = parent_of(cx, drafts, i);
    }
}

/// The start of the token that holds the cue (its و/ف included).
fn cue_token_start(cx: &Ctx, cue: usize) -> usize {
    let tok = cx.toks.at(cue);
    if tok > 0 && cx.toks.toks[tok - 1].end() > cue { cx.toks.toks[tok - 1].start() } else { cue }
}

/// The end of the sentence that holds `at`, or of a quotation opened after
/// it that runs on past the sentence.
fn clause_end(cx: &Ctx, at: usize) -> usize {
    let s = cx.seg.sentence_at(at);
    let mut end = cx.seg.sentences[s].span.end;
    let starting = cx.seg.quotes_starting_in(at, end);
    let ends = starting.iter().take(LOOK_BACK).chain(starting.iter().rev().take(LOOK_BACK));
    if let Some(q) = ends.filter(|q| q.outer.end > end).max_by_key(|q| q.outer.end) {
        end = cx.seg.sentences[cx.seg.sentence_at(q.outer.end - 1)].span.end.max(q.outer.end);
    }
    end
}

/// Cuts `start..end` before the cue of the next claim inside it (and the
/// comma or و before that cue), unless that cue is inside a quotation. A colon
/// run is cut only by a speech verb, not by an according-to phrase inside it.
#[allow(clippy::too_many_arguments)]
fn cue_cut(
    cx: &Ctx,
    start: usize,
    end: usize,
    drafts: &[Draft],
    cues: &[usize],
    continues: &[bool],
    me: usize,
    verbs_only: bool,
) -> usize {
    let in_quote = |at: usize| cx.seg.quotes_holding(at).any(|k| cx.seg.quotes[k].outer.start >= start);
    let first = cues.partition_point(|&c| c < start);
    let other = (first..cues.len()).take_while(|&k| cues[k] < end).take(LOOK_BACK).find(|&k| {
        let d = &drafts[k];
        k != me
            && !continues[k]
            && d.cue.0 >= start
            && !in_quote(d.cue.0)
            && !(verbs_only && matches!(d.class, CueClass::According | CueClass::EnAccording))
    });
    let Some(k) = other else { return end };
    let other = &drafts[k];
    let mut cut = cues[k];
    // A subject may stand before the cue (", while Treasury Secretary Scott Bessent told").
    let subject = other.speaker.phrase.0;
    if other.speaker.resolution == crate::output::Resolution::Explicit && subject > start && subject < cut {
        cut = subject;
        let before = cx.toks.at(cut);
        if before > 0 && ["while", "and", "but", "as", "بينما", "فيما"].contains(&cx.word(before - 1)) {
            cut = cx.toks.toks[before - 1].start();
        }
    }
    let text = cx.toks.text;
    while cut > start {
        let before = text[..cut].chars().next_back().unwrap_or(' ');
        if before.is_whitespace() || before == '،' || before == ',' {
            cut -= before.len_utf8();
        } else {
            break;
        }
    }
    // Keep the comma that closes the clause, as a careful reader marks it.
    if text[cut..].starts_with('،') || text[cut..].starts_with(',') {
        cut += 1 + usize::from(text[cut..].starts_with('،'));
    }
    cut
}

/// A colon's content: to the end of the paragraph; when the colon ends its
/// paragraph, or the paragraph ends with another colon, over the next
/// paragraphs until one that holds another claim's cue, or a heading.
fn colon_run(cx: &Ctx, colon_end: usize, start: usize, cues: &[usize]) -> (usize, usize) {
    let paras = &cx.seg.paragraphs;
    let p = paras.partition_point(|r| r.start < colon_end).saturating_sub(1);
    let Some(own) = paras.get(p) else { return (start, start) };
    let text = cx.toks.text;
    let rest_empty = text[colon_end.min(own.end)..own.end].trim().is_empty();
    let (start, mut end, mut q) = if rest_empty {
        let Some(next) = paras.get(p + 1) else { return (start, start) };
        (next.start, next.start, p + 1)
    } else {
        let end = own.end;
        let more = text[start..end].trim_end().ends_with(':');
        (start, end, if more { p + 1 } else { paras.len() })
    };
    while let Some(r) = paras.get(q) {
        let first_cue = cues.partition_point(|&c| c < r.start);
        let has_cue = cues.get(first_cue).is_some_and(|&c| c < r.end);
        if has_cue || is_heading(text, r) {
            break;
        }
        end = r.end;
        q += 1;
    }
    (start, end)
}

/// A short line with no closing punctuation: a sub-heading.
fn is_heading(text: &str, r: &std::ops::Range<usize>) -> bool {
    let line = text[r.clone()].trim();
    let words = line.split_whitespace().take(6).count();
    let closed = line.ends_with(['.', '!', '?', '؟', ':', '…', '"', '»', '”', ')']);
    words <= 5 && !closed
}

/// Trims spaces around a span.
fn trim(text: &str, (s, e): (usize, usize)) -> (usize, usize) {
    if s >= e {
        return (s, s);
    }
    let t = &text[s..e];
    let s2 = s + (t.len() - t.trim_start().len());
    let e2 = s + t.trim_end().len();
    (s2, e2.max(s2))
}

/// [`char::is_alphanumeric`], answering for the Arabic letters (U+0621 to
/// U+064A, all alphabetic) without the Unicode tables: their look-up cost
/// some 500 instructions a letter, and the text is mostly those letters.
fn is_alphanumeric(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{0621}'..='\u{064A}').contains(&c) || (!c.is_ascii() && c.is_alphanumeric())
}

/// An indirect claim whose content is one quotation is direct; one that holds
/// a quoted fragment is mixed.
fn refine_kind(cx: &Ctx, content: &mut (usize, usize)) -> ClaimKind {
    let (s, e) = *content;
    let Some(first) = cx.seg.quotes_starting_in(s, e).first() else {
        return ClaimKind::Indirect;
    };
    let rest = &cx.toks.text[first.outer.end.min(e)..e];
    // The quotation is all that is claimed when only punctuation follows, or
    // a circumstantial participle ("…"، داعياً إلى …).
    let after = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '،' || c == ',');
    let next_word: String = after.chars().take_while(|&c| is_alphanumeric(c)).collect();
    let participle = rest.trim_start().starts_with(['،', ','])
        && (next_word.ends_with('ا') && next_word.chars().count() >= 4
            || cx
                .lex
                .cues
                .get(next_word.as_str())
                .is_some_and(|f| f.forms.iter().any(|f| f.class == CueClass::Participle)));
    if first.outer.start == s && (rest.chars().all(|c| !is_alphanumeric(c)) || participle) {
        *content = (first.inner.start, first.inner.end);
        return ClaimKind::Direct;
    }
    ClaimKind::Mixed
}

/// The claim that holds claim `i`'s cue in its content (the innermost one),
/// among the claims near it: speech reported inside a quotation, or a
/// sourcing phrase inside a colon run ("ويضيف تقرير الصحيفة: وفقاً لمطلعين …").
fn parent_of(cx: &Ctx, drafts: &[Draft], i: usize) -> Option<usize> {
    let at = drafts[i].cue.0;
    let holding: Vec<usize> = cx.seg.quotes_holding(at).collect();
    let lo = i.saturating_sub(LOOK_BACK);
    let hi = drafts.len().min(i + LOOK_BACK);
    (lo..hi)
        .filter(|&k| {
            let d = &drafts[k];
            let in_quote = || {
                holding.iter().any(|&q| {
                    let q = &cx.seg.quotes[q];
                    q.inner.end > d.content.0 && q.inner.start < d.content.1
                })
            };
            k != i && d.content.0 <= at && at < d.content.1 && (d.kind == ClaimKind::Colon || in_quote())
        })
        .min_by_key(|&k| drafts[k].content.1 - drafts[k].content.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_alphanumeric_agrees_with_the_standard_one() {
        for c in (0..0x3000u32).chain(0xFB50..0xFF00).filter_map(char::from_u32) {
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
