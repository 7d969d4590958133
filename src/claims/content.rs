//! Content spans: where each claim's content ends, its final kind, and which
//! claims nest inside another's quotation.

use super::{Ctx, Draft};
use crate::lexicon::CueClass;
use crate::output::ClaimKind;

/// Completes the drafts: colon runs, clause ends and cuts, direct or mixed,
/// parents. Drafts left without content are dropped.
pub(crate) fn finish(cx: &Ctx, drafts: &mut Vec<Draft>) {
    let cues: Vec<usize> =
        drafts.iter().map(|d| cx.toks.toks[cx.toks.at(d.cue.0).min(cx.toks.len() - 1)].start.min(d.cue.0)).collect();
    for i in 0..drafts.len() {
        let d = &drafts[i];
        let content = match d.kind {
            ClaimKind::Colon => colon_run(cx, d.content.1, d.content.0, &cues),
            ClaimKind::Indirect => {
                // An open content (its marker only) runs to the clause end.
                let end = if d.content.1 > d.content.0 { d.content.1 } else { clause_end(cx, d.content.0) };
                let cut = cue_cut(cx, d.content.0, end, drafts, i);
                (d.content.0, cut)
            }
            ClaimKind::AccordingTo => {
                let cut = cue_cut(cx, d.content.0, d.content.1, drafts, i);
                (d.content.0, cut)
            }
            _ => d.content,
        };
        drafts[i].content = trim(cx.toks.text, content);
        if drafts[i].kind == ClaimKind::Indirect {
            drafts[i].kind = refine_kind(cx, &mut drafts[i].content);
        }
    }
    // An according-to phrase inside another claim's sentence qualifies that
    // claim's content.
    for i in 0..drafts.len() {
        if drafts[i].borrows_content {
            let sentence = cx.seg.sentence_at(drafts[i].cue.0);
            let host = drafts.iter().enumerate().rev().find(|(k, d)| {
                *k != i && !d.borrows_content && d.class != drafts[i].class && cx.seg.sentence_at(d.cue.0) == sentence
            });
            drafts[i].content = host.map_or((0, 0), |(_, d)| d.content);
        }
    }
    drafts.retain(|d| d.content.0 < d.content.1);
    for i in 0..drafts.len() {
        drafts[i].parent = parent_of(cx, drafts, i);
    }
}

/// The end of the sentence that holds `at`, or of a quotation opened before
/// it that runs on past the sentence.
fn clause_end(cx: &Ctx, at: usize) -> usize {
    let s = cx.seg.sentence_at(at);
    let mut end = cx.seg.sentences[s].span.end;
    for q in &cx.seg.quotes {
        if q.outer.start >= at && q.outer.start < end && q.outer.end > end {
            end = cx.seg.sentences[cx.seg.sentence_at(q.outer.end - 1)].span.end.max(q.outer.end);
        }
    }
    end
}

/// Cuts `start..end` before the cue of another claim inside it (and the
/// comma or و before that cue), unless that cue is inside a quotation.
fn cue_cut(cx: &Ctx, start: usize, end: usize, drafts: &[Draft], me: usize) -> usize {
    let in_quote =
        |at: usize| cx.seg.quotes.iter().any(|q| q.inner.start <= at && at < q.inner.end && q.outer.start >= start);
    let Some(other) =
        drafts.iter().enumerate().find(|(k, d)| *k != me && d.cue.0 > start && d.cue.0 < end && !in_quote(d.cue.0))
    else {
        return end;
    };
    // The cue's token may carry و in front of the cue span; a subject may
    // stand before the cue (", while Treasury Secretary Scott Bessent told").
    let tok = cx.toks.at(other.1.cue.0);
    let tok = if tok > 0 && cx.toks.toks[tok - 1].end > other.1.cue.0 { tok - 1 } else { tok.min(cx.toks.len() - 1) };
    let mut cut = cx.toks.toks[tok].start.min(other.1.cue.0);
    let subject = other.1.speaker.phrase.0;
    if other.1.speaker.resolution == crate::output::Resolution::Explicit && subject > start && subject < cut {
        cut = subject;
        let before = cx.toks.at(cut);
        if before > 0 && ["while", "and", "but", "as", "بينما", "فيما"].contains(&cx.word(before - 1)) {
            cut = cx.toks.toks[before - 1].start;
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
        let has_cue = cues.iter().any(|&c| c >= r.start && c < r.end);
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
    let words = line.split_whitespace().count();
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

/// An indirect claim whose content is one quotation is direct; one that holds
/// a quoted fragment is mixed.
fn refine_kind(cx: &Ctx, content: &mut (usize, usize)) -> ClaimKind {
    let (s, e) = *content;
    let inside: Vec<_> = cx.seg.quotes.iter().filter(|q| q.outer.start >= s && q.outer.start < e).collect();
    if inside.is_empty() {
        return ClaimKind::Indirect;
    }
    let first = inside[0];
    let rest = &cx.toks.text[first.outer.end.min(e)..e];
    // The quotation is all that is claimed when only punctuation follows, or
    // a circumstantial participle ("…"، داعياً إلى …).
    let after = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '،' || c == ',');
    let next_word: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
    let participle = rest.trim_start().starts_with(['،', ','])
        && (next_word.ends_with('ا') && next_word.chars().count() >= 4
            || cx.lex.cues.get(next_word.as_str()).is_some_and(|f| f.iter().any(|f| f.class == CueClass::Participle)));
    if first.outer.start == s && (rest.chars().all(|c| !c.is_alphanumeric()) || participle) {
        *content = (first.inner.start, first.inner.end);
        return ClaimKind::Direct;
    }
    ClaimKind::Mixed
}

/// The claim whose quotation holds claim `i`'s cue (the innermost one).
fn parent_of(cx: &Ctx, drafts: &[Draft], i: usize) -> Option<usize> {
    let at = drafts[i].cue.0;
    drafts
        .iter()
        .enumerate()
        .filter(|(k, d)| {
            *k != i
                && matches!(d.kind, ClaimKind::Direct | ClaimKind::Mixed | ClaimKind::Colon)
                && d.content.0 <= at
                && at < d.content.1
                && cx.seg.quotes.iter().any(|q| {
                    q.inner.start <= at && at < q.inner.end && q.inner.end > d.content.0 && q.inner.start < d.content.1
                })
        })
        .min_by_key(|(_, d)| d.content.1 - d.content.0)
        .map(|(k, _)| k)
}
