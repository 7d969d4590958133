//! Whether a cue claims something, and the parts around it: the marker that
//! opens the content, the zone that holds the speaker.

use super::cues::CueHit;
use super::speaker::{Zone, read_speaker, read_zone};
use super::{Ctx, Draft, Party, SpeakerDraft};
use crate::lexicon::CueClass;
use crate::output::{ClaimKind, Resolution, SpeakerKind};

/// Words (normalized) that open an إن/أن clause: إن، أن، بأن، and with a
/// pronoun (أنه، إنها …).
fn is_complementizer(w: &str) -> bool {
    let core = w.strip_prefix('ب').unwrap_or(w);
    matches!(core, "ان" | "انه" | "انها" | "انهم" | "انهما" | "اننا" | "انني" | "انك" | "انكم" | "انهن")
}

/// Words after which أن does not open reported content ("بعد أن", "يمكن أن").
const SUBORDINATORS: &[&str] = &[
    "بعد",
    "قبل",
    "منذ",
    "دون",
    "حتي",
    "رغم",
    "بمجرد",
    "يمكن",
    "يجب",
    "ينبغي",
    "بد",
    "لابد",
    "شان",
    "شانه",
    "عسي",
    "كاد",
    "اراد",
    "ارادت",
    "يريد",
    "تريد",
    "قرر",
    "قررت",
    "يحاول",
    "تحاول",
    "المقرر",
    "المتوقع",
    "المرجح",
    "الممكن",
    "بدل",
    "بدلا",
    "عوضا",
    "مجرد",
    "امل",
    "يامل",
    "تامل",
    "ما",
];

/// Prepositions that may stand before أن.
const PREPOSITIONS: &[&str] = &["الي", "علي", "عن", "من", "في", "ل"];

/// Where a verb's content opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    /// A colon at this token.
    Colon(usize),
    /// An إن/أن word at this token.
    Comp(usize),
    /// A quotation opening at this token (index into the document's quotes).
    Quote(usize, usize),
}

impl Marker {
    fn tok(self) -> usize {
        match self {
            Marker::Colon(t) | Marker::Comp(t) | Marker::Quote(t, _) => t,
        }
    }
}

/// The first marker after token `from` in the cue's sentence, or the cue
/// that stops the search.
fn find_marker(cx: &Ctx, cue: &CueHit, from: usize, next_cue: Option<usize>) -> (Option<Marker>, bool) {
    let limit = (from + 60).min(cx.toks.len());
    let mut j = from;
    while j < limit && cx.same_sentence(cue.first, j) {
        if Some(j) == next_cue {
            if is_according_word(cx, j) {
                // A sourcing phrase inside the zone: "وأضافت الصحيفة، نقلاً عن …، أن".
                j = (j + 1..limit).find(|&k| cx.is_comma(k)).map_or(limit, |k| k + 1);
                continue;
            }
            return (None, true);
        }
        if cx.toks.is(j, ':') {
            return (Some(Marker::Colon(j)), false);
        }
        if let Some(q) = content_quote(cx, j) {
            return (Some(Marker::Quote(j, q)), false);
        }
        let w = cx.word(j);
        if is_complementizer(w) || (w == "لان" || w == "لانه" || w == "لانها") && !cue.form.preps.is_empty()
        {
            let prev = cx.word(j.saturating_sub(1));
            let blocked = SUBORDINATORS.contains(&prev)
                || (PREPOSITIONS.contains(&prev) && !cue.form.preps.iter().any(|p| p == prev));
            if !blocked && j > 0 {
                return (Some(Marker::Comp(j)), false);
            }
        }
        j += 1;
    }
    (None, false)
}

fn is_according_word(cx: &Ctx, j: usize) -> bool {
    let w = cx.word(j);
    let w = w.strip_prefix('و').filter(|r| r.chars().count() > 2).unwrap_or(w);
    cx.lex.cues.get(w).is_some_and(|forms| forms.iter().any(|f| f.class == CueClass::According))
}

/// A quotation opening at token `j` that holds reported words, not a name
/// ("موقع "أكسيوس"", "لـ"العربية"", "عنوان "…"").
fn content_quote(cx: &Ctx, j: usize) -> Option<usize> {
    if !cx.toks.is_quote(j) {
        return None;
    }
    let start = cx.toks.toks[j].start;
    let q = cx.seg.quotes.iter().position(|q| q.outer.start == start)?;
    let prev = cx.word(j.saturating_sub(1));
    let bare = prev.strip_prefix('ل').unwrap_or(prev);
    if prev == "ل" || prev == "عنوان" || cx.lex.heads.contains_key(bare) {
        return None;
    }
    // A short quotation followed by أن or a colon is a name.
    let after = cx.toks.at(cx.seg.quotes[q].outer.end);
    if (after..after + 3).any(|k| is_complementizer(cx.word(k)) || cx.toks.is(k, ':')) {
        return None;
    }
    Some(q)
}

/// The claim of an Arabic verb, participle or relay cue, if it makes one.
pub(crate) fn arabic_verb(
    cx: &Ctx,
    cue: &CueHit,
    ci: usize,
    cues: &[CueHit],
    prev: &[Draft],
    consumed: &mut [bool],
) -> Option<Draft> {
    let next_cue = cues.get(ci + 1).map(|c| c.first);
    let (marker, stopped) = find_marker(cx, cue, cue.last + 1, next_cue);
    let class = cue.form.class;
    let prep_in = |lo: usize, hi: usize| (lo..hi).find(|&k| cue.form.preps.iter().any(|p| p == cx.word(k)));

    // "ويلفت جلال إلى المواجهة …، معتبراً أنها …": the verb's noun object is
    // spelled out by a participle; one claim, from the object on.
    let (marker, merged_from) = match marker {
        Some(m) => (m, None),
        None if stopped && class == CueClass::Verb => {
            let p = cues.get(ci + 1).filter(|p| p.form.class == CueClass::Participle)?;
            let after = cues.get(ci + 2).map(|c| c.first);
            let (pm, _) = find_marker(cx, p, p.last + 1, after);
            let pm = pm?;
            let prep = prep_in(cue.last + 1, p.first)?;
            consumed[ci + 1] = true;
            (pm, Some(prep))
        }
        None => return None,
    };
    let mut zone_end = merged_from.unwrap_or(marker.tok());
    if let Marker::Comp(j) = marker
        && merged_from.is_none()
        && cue.form.preps.iter().any(|p| p == cx.word(j - 1))
    {
        zone_end = j - 1;
    }
    // A verb's own preposition ends the speaker's zone ("أعرب X عن أسفه لأن").
    if class != CueClass::Relay
        && let Some(p) = prep_in(cue.last + 1, zone_end)
    {
        zone_end = p;
    }

    let mut via = None;
    let (speaker, recipient) = if class == CueClass::Relay {
        // نقل X عن Y قوله …
        let an = (cue.last + 1..zone_end).find(|&k| cx.word(k) == "عن")?;
        let via_zone = read_zone(cx, cue.last + 1, an);
        if let Some((a, b)) = via_zone.subject {
            via = read_speaker(cx, a, b, prev).map(|s| {
                s.antecedent.clone().map_or(s.party.clone(), |ante| Party { span: s.party.span, entity: ante.entity })
            });
        }
        let says = (an + 1..zone_end).find(|&k| cx.word(k).starts_with("قول")).unwrap_or(zone_end);
        let zone = read_zone(cx, an + 1, says);
        let (a, b) = zone.subject?;
        (read_speaker(cx, a, b, prev)?, zone.recipient)
    } else if class == CueClass::Participle {
        (governing_speaker(cx, cue, prev)?, None)
    } else {
        let zone: Zone = read_zone(cx, cue.last + 1, zone_end);
        let speaker = match zone.subject {
            Some((a, b)) => read_speaker(cx, a, b, prev)?,
            None => subject_before(cx, cue, prev)?,
        };
        (speaker, zone.recipient)
    };

    let (kind, content) = match marker {
        Marker::Colon(j) => {
            if let Some(q) = content_quote(cx, j + 1).filter(|&q| quote_fills_sentence(cx, q)) {
                (ClaimKind::Direct, quote_inner(cx, q))
            } else {
                (
                    ClaimKind::Colon,
                    (cx.toks.toks.get(j + 1).map_or(cx.toks.toks[j].end, |t| t.start), cx.toks.toks[j].end),
                )
            }
        }
        Marker::Comp(j) => {
            let from = merged_from.map_or(j + 1, |p| p + 1);
            let start = cx.toks.toks.get(from).map_or(cx.toks.toks[j].end, |t| t.start);
            (ClaimKind::Indirect, (start, start))
        }
        Marker::Quote(_, q) => (ClaimKind::Direct, quote_inner(cx, q)),
    };
    Some(Draft {
        kind,
        cue: cue.span,
        lemma: cue.form.lemma.clone(),
        speaker,
        via,
        recipient,
        content,
        parent: None,
        class,
    })
}

fn quote_inner(cx: &Ctx, q: usize) -> (usize, usize) {
    let r = &cx.seg.quotes[q].inner;
    (r.start, r.end)
}

/// Whether quotation `q` runs to the end of its sentence (or beyond),
/// leaving only punctuation after it.
fn quote_fills_sentence(cx: &Ctx, q: usize) -> bool {
    let quote = &cx.seg.quotes[q];
    let s = cx.seg.sentence_at(quote.outer.start);
    let end = cx.seg.sentences[s].span.end.max(quote.outer.end);
    cx.toks.text[quote.outer.end..end].chars().all(|c| !c.is_alphanumeric())
        || cx.seg.sentence_at(quote.outer.end.saturating_sub(1)) != s
}

/// Connectives that may stand before a verb without being its subject.
const CONNECTIVES: &[&str] = &[
    "كما",
    "ثم",
    "لكن",
    "لكنه",
    "لكنها",
    "بينما",
    "فيما",
    "حيث",
    "اذ",
    "كذلك",
    "ايضا",
    "قد",
    "وقد",
    "فقد",
    "لقد",
    "و",
    "ف",
];

/// The speaker of a verb with nothing between it and its content: the phrase
/// before it (SVO: "الخبير … كامل الحرمي يقول …"), or else the previous speaker.
fn subject_before(cx: &Ctx, cue: &CueHit, prev: &[Draft]) -> Option<SpeakerDraft> {
    let start = clause_start(cx, cue.first);
    let mut a = start;
    while a < cue.first && (CONNECTIVES.contains(&cx.word(a)) || cx.is_comma(a)) {
        a += 1;
    }
    if !cue.proclitic && a < cue.first {
        if let Some(s) = read_speaker(cx, a, cue.first - 1, prev) {
            return Some(s);
        }
        // Text before the verb that names no source: an adverbial opening
        // ("وبعد الاجتماع، قال …") lets the previous speaker carry over; an
        // abstract subject ("هذه الأرقام تشير …") does not.
        let w = cx.word(a);
        let adverbial = ["بعد", "في", "خلال", "على", "من", "عقب", "منذ", "وفي", "وبعد", "وخلال", "وعلى"].contains(&w);
        if !adverbial {
            return None;
        }
    }
    carried_over(prev)
}

/// The speaker of the last claim that is not an according-to qualifier.
pub(crate) fn carried_over(prev: &[Draft]) -> Option<SpeakerDraft> {
    let d = prev.iter().rev().find(|d| !matches!(d.class, CueClass::According | CueClass::EnAccording))?;
    let mut s = d.speaker.clone();
    // Carry the source itself, not the back-reference that named it.
    if let Some(a) = s.antecedent.take() {
        s.party = a;
    }
    s.resolution = Resolution::CarriedOver;
    Some(s)
}

/// The first token of the clause that holds token `i`: the sentence start,
/// or just after a colon or semicolon before it.
fn clause_start(cx: &Ctx, i: usize) -> usize {
    let mut s = i;
    while s > 0
        && cx.same_sentence(i, s - 1)
        && !(cx.toks.is(s - 1, ':') || cx.toks.is(s - 1, '؛') || cx.toks.is(s - 1, ';'))
    {
        s -= 1;
    }
    s
}

/// A participle's speaker: the claim it continues in the same sentence, or
/// the person or body the sentence is about, or the previous speaker.
fn governing_speaker(cx: &Ctx, cue: &CueHit, prev: &[Draft]) -> Option<SpeakerDraft> {
    let sentence = cx.sentence(cue.first);
    if let Some(d) = prev.iter().rev().find(|d| cx.seg.sentence_at(d.cue.0) == sentence) {
        let mut s = d.speaker.clone();
        s.resolution = Resolution::CarriedOver;
        return Some(s);
    }
    let lo = clause_start(cx, cue.first);
    if let Some(k) =
        (lo..cue.first).find(|&k| cx.mention(k).is_some_and(|(_, e)| matches!(e.label, "PERSON" | "ORG" | "GPE")))
    {
        let party = super::speaker::mention_party(cx, k);
        let (_, e) = cx.mention(k)?;
        let kind = match (e.label, e.kind) {
            ("PERSON", _) => SpeakerKind::Person,
            (_, "media") => SpeakerKind::Media,
            _ => SpeakerKind::Organization,
        };
        return Some(SpeakerDraft {
            phrase: party.span,
            party,
            kind,
            resolution: Resolution::CarriedOver,
            antecedent: None,
        });
    }
    carried_over(prev)
}

/// The claim of an according-to phrase: its source follows it, its content
/// is the clause it qualifies.
pub(crate) fn according(cx: &Ctx, cue: &CueHit, prev: &[Draft]) -> Option<Draft> {
    let n = cx.toks.len();
    let lemma = cue.form.lemma.clone();
    let pronoun_source =
        cue.form.words.last().is_some_and(|w| w.starts_with("قول") || w.starts_with("تعبير") || w.starts_with("وصف"))
            && cue.form.words.len() == 3;
    // The source phrase.
    let (speaker, np_end) = if pronoun_source {
        (carried_over(prev)?, cue.last)
    } else {
        let glued_rest = cue.form.glued_tail && cx.toks.toks[cue.last].end > cue.span.1;
        let mut a = if glued_rest { cue.last } else { cue.last + 1 };
        // "وفق ما نقلته وكالة …", "بحسب ما ذكرت …": skip ما and its verb.
        if cue.form.words.last().is_some_and(|w| w == "ما" || w == "لما") {
            a += 1;
        }
        let mut b = a;
        while b + 1 < n
            && cx.same_sentence(a, b + 1)
            && b + 1 < a + 12
            && !cx.is_comma(b + 1)
            && !cx.toks.is(b + 1, '.')
            && !cx.toks.is(b + 1, ')')
            && !cx.toks.is(b + 1, ':')
        {
            b += 1;
        }
        if a >= n || a > b || !cx.same_sentence(cue.first, a) {
            return None;
        }
        let speaker = super::speaker::read_speaker_from(cx, a, b, prev, glued_rest.then_some(cue.span.1))?;
        (speaker, b)
    };
    // The clause it qualifies.
    let start = clause_start(cx, cue.first);
    let lead_empty = (start..cue.first).all(|k| CONNECTIVES.contains(&cx.word(k)) || cx.is_comma(k));
    let sentence_end = cx.seg.sentences[cx.sentence(cue.first)].span.end;
    let content = if lead_empty {
        let from = (np_end + 1..n).find(|&k| !cx.is_comma(k) && cx.same_sentence(cue.first, k))?;
        (cx.toks.toks[from].start, sentence_end)
    } else {
        let mut last = cue.first - 1;
        while last > start && (cx.is_comma(last) || cx.word(last) == "و") {
            last -= 1;
        }
        (cx.toks.toks[start].start, cx.toks.toks[last].end)
    };
    if content.0 >= content.1 {
        return None;
    }
    Some(Draft {
        kind: ClaimKind::AccordingTo,
        cue: cue.span,
        lemma,
        speaker,
        via: None,
        recipient: None,
        content,
        parent: None,
        class: cue.form.class,
    })
}

/// English adverbials between a verb and its content.
const EN_SKIP: &[&str] = &[
    "on",
    "in",
    "at",
    "a",
    "an",
    "the",
    "last",
    "earlier",
    "later",
    "this",
    "late",
    "week",
    "month",
    "year",
    "statement",
    "interview",
    "with",
    "news",
    "conference",
    "briefing",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "reporters",
    "journalists",
    "told",
    "also",
    "separately",
    "then",
];

/// The claim of an English verb: "X said (that) …", "… , X said.", "said X".
pub(crate) fn english_verb(cx: &Ctx, cue: &CueHit, prev: &[Draft]) -> Option<Draft> {
    let n = cx.toks.len();
    let i = cue.first;
    // The subject before the verb, back to a clause boundary.
    let mut a = i;
    while a > 0
        && cx.same_sentence(i, a - 1)
        && cx.toks.toks[a - 1].word
        && !["that", "while", "and", "but", "as"].contains(&cx.word(a - 1))
    {
        a -= 1;
    }
    let mut recipient = None;
    let mut j = i + 1;
    let subject_after;
    let speaker = if a < i {
        subject_after = false;
        read_english_speaker(cx, a, i - 1, prev)?
    } else {
        // "…," said John Smith, a spokesman.
        let mut b = j;
        while b < n && cx.same_sentence(i, b) && cx.toks.toks[b].word && b < j + 6 {
            b += 1;
        }
        if b == j {
            return None;
        }
        subject_after = true;
        let s = read_english_speaker(cx, j, b - 1, prev)?;
        j = b;
        s
    };
    // Recipient: "told CNBC"; adverbials: "on Wednesday", "in an interview with Fox News".
    while j < n && cx.same_sentence(i, j) && (EN_SKIP.contains(&cx.word(j)) || media_party(cx, j).is_some()) {
        if let Some(p) = media_party(cx, j) {
            j = cx.toks.at(p.span.1);
            recipient.get_or_insert(p);
            continue;
        }
        j += 1;
    }
    let sentence_end = cx.seg.sentences[cx.sentence(i)].span.end;
    let (kind, content) = if j < n && cx.same_sentence(i, j) && cx.word(j) == "that" && j + 1 < n {
        (ClaimKind::Indirect, (cx.toks.toks[j + 1].start, sentence_end))
    } else if j < n && cx.toks.is(j, ':') && j + 1 < n {
        match content_quote(cx, j + 1) {
            Some(q) => (ClaimKind::Direct, quote_inner(cx, q)),
            None => (ClaimKind::Colon, (cx.toks.toks[j + 1].start, cx.toks.toks[j].end)),
        }
    } else if let Some(q) = quote_before(cx, if subject_after { i } else { a }) {
        (ClaimKind::Direct, quote_inner(cx, q))
    } else if j < n
        && cx.same_sentence(i, j)
        && (j..n).take_while(|&k| cx.same_sentence(i, k)).filter(|&k| cx.toks.toks[k].word).count() >= 3
        && !subject_after
    {
        (ClaimKind::Indirect, (cx.toks.toks[j].start, sentence_end))
    } else {
        return None;
    };
    Some(Draft {
        kind,
        cue: cue.span,
        lemma: cue.form.lemma.clone(),
        speaker,
        via: None,
        recipient,
        content,
        parent: None,
        class: cue.form.class,
    })
}

/// The outlet mentioned at token `j`, as a party.
fn media_party(cx: &Ctx, j: usize) -> Option<Party> {
    let (mi, e) = cx.mention(j)?;
    let m = cx.mentions[mi];
    (e.kind == "media").then_some(Party { span: (m.start, m.end), entity: Some(m.entity) })
}

/// A quotation that ends right before token `i` ("…," she said).
fn quote_before(cx: &Ctx, i: usize) -> Option<usize> {
    let mut k = i;
    while k > 0 && (cx.is_comma(k - 1) || cx.toks.is(k - 1, '.')) {
        k -= 1;
    }
    let at = cx.toks.toks.get(k.checked_sub(1)?)?.end;
    let before_comma = cx.toks.toks.get(k)?.start;
    cx.seg
        .quotes
        .iter()
        .position(|q| q.outer.end == at || (q.outer.end <= before_comma && q.outer.end + 2 >= before_comma))
}

fn read_english_speaker(cx: &Ctx, a: usize, b: usize, prev: &[Draft]) -> Option<SpeakerDraft> {
    if let Some(s) = read_speaker(cx, a, b, prev) {
        return Some(s);
    }
    // A capitalized name at the end of the phrase: "Treasury Secretary Scott Bessent".
    let mut s = b + 1;
    while s > a && cx.toks.toks[s - 1].word && (cx.upper)(cx.toks.toks[s - 1].start) && b + 1 - s < 3 {
        s -= 1;
    }
    if s <= b && b + 1 - s >= 2 {
        let span = (cx.toks.toks[s].start, cx.toks.toks[b].end);
        return Some(SpeakerDraft {
            party: Party { span, entity: None },
            kind: SpeakerKind::Person,
            resolution: Resolution::Explicit,
            antecedent: None,
            phrase: (cx.toks.toks[a].start, span.1),
        });
    }
    None
}
