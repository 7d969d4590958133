//! Whether a cue claims something, and the parts around it: the marker that
//! opens the content, the zone that holds the speaker.

use super::cues::CueHit;
use super::speaker::{Zone, read_speaker, read_zone};
use super::words::{Lists, lists};
use super::{Ctx, Draft, Party, SpeakerDraft};
use crate::lexicon::CueClass;
use crate::output::{ClaimKind, Resolution, SpeakerKind};

/// Words (normalized) that open an إن/أن clause: إن، أن، بأن، and with a
/// pronoun (أنه، إنها …).
fn is_complementizer(w: &str) -> bool {
    let core = w.strip_prefix('ب').unwrap_or(w);
    // Each Arabic one starts with ان: that one test turns most words away.
    (core.starts_with("ان")
        && matches!(core, "ان" | "انه" | "انها" | "انهم" | "انهما" | "اننا" | "انني" | "انك" | "انكم" | "انهن"))
        || w == "that"
}

/// [`is_complementizer`] on the bytes of a word.
fn is_complementizer_bytes(w: &[u8]) -> bool {
    let core = w.strip_prefix("ب".as_bytes()).unwrap_or(w);
    (core.starts_with("ان".as_bytes())
        && ["ان", "انه", "انها", "انهم", "انهما", "اننا", "انني", "انك", "انكم", "انهن"]
            .iter()
            .any(|c| core == c.as_bytes()))
        || w == b"that"
}

/// Words after which أن does not open reported content ("بعد أن", "يمكن أن").
pub(crate) const SUBORDINATORS: &[&str] = &[
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
pub(crate) const PREPOSITIONS: &[&str] = &["الي", "علي", "عن", "من", "في", "ل"];

/// The most tokens a speaker phrase between a verb and its content has, once
/// adverbials and the recipient are out ("المتحدث باسم الجيش السوداني العميد
/// نبيل عبد الله" has 8).
const MAX_SUBJECT_TOKENS: usize = 12;

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
        if !cx.toks.toks[j].word {
            if cx.toks.is(j, ':') {
                return (Some(Marker::Colon(j)), false);
            }
            if let Some(q) = content_quote(cx, j) {
                return (Some(Marker::Quote(j, q)), false);
            }
            j += 1;
            continue;
        }
        // By bytes: most words are none of these, and need no `str`.
        let w = cx.word_bytes(j);
        if is_complementizer_bytes(w)
            || !cue.form.preps.is_empty() && ["لان", "لانه", "لانها"].iter().any(|c| w == c.as_bytes())
        {
            let prev = cx.word(j.saturating_sub(1));
            let listed = lists(prev);
            let blocked = listed.has(Lists::SUBORDINATOR)
                || (listed.has(Lists::PREPOSITION) && !cue.form.preps.iter().any(|p| p == prev));
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
    cx.lex.cues.get(w).is_some_and(|forms| forms.forms.iter().any(|f| f.class == CueClass::According))
}

/// A quotation opening at token `j` that holds reported words, not a name
/// ("موقع "أكسيوس"", "لـ"العربية"", "عنوان "…"").
fn content_quote(cx: &Ctx, j: usize) -> Option<usize> {
    if !cx.toks.is_quote(j) {
        return None;
    }
    let q = cx.seg.quote_starting_at(cx.toks.toks[j].start())?;
    let prev = cx.word(j.saturating_sub(1));
    let bare = prev.strip_prefix('ل').unwrap_or(prev);
    if prev == "ل" || prev == "عنوان" || cx.lex.heads.contains_key(bare) {
        return None;
    }
    // A short quotation is a title or a name ("مسلسل "الدوامة""), or one
    // followed by أن or a colon.
    let quote = &cx.seg.quotes[q];
    let words = cx.toks.text[quote.inner.clone()].split_whitespace().take(4).count();
    let after = cx.toks.at(quote.outer.end);
    if words < 4 || (after..after + 3).any(|k| is_complementizer(cx.word(k)) || cx.toks.is(k, ':')) {
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
    let (speaker, recipient): (SpeakerDraft, Option<Party>) = if class == CueClass::Relay {
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
            // A long "subject" is either a short one with a clause set off by
            // commas ("مسؤولون أميركيون، طلبوا عدم الكشف عن هوياتهم …،") or
            // has swallowed an object and another verb's clause ("أعلنت
            // مصادر العثور على مقبرة … يعتقد أن …"): keep the first, drop the second.
            Some((a, b)) if b + 1 - a > MAX_SUBJECT_TOKENS => {
                let comma = (a..=b).find(|&k| cx.is_comma(k)).filter(|&k| k > a && k - a <= MAX_SUBJECT_TOKENS)?;
                read_speaker(cx, a, comma - 1, prev)?
            }
            // "قالت في إفصاح للجهات التنظيمية …": a zone that opens with a
            // preposition is an adverbial; the subject stands before the verb.
            Some((a, _)) if ["في", "من", "علي", "عن", "الي", "مع", "خلال"].contains(&cx.word(a)) => {
                subject_before(cx, cue, prev)?
            }
            Some((a, b)) => read_speaker(cx, a, b, prev)?,
            None => subject_before(cx, cue, prev)?,
        };
        (speaker, zone.recipient)
    };

    let (kind, content) = match marker {
        Marker::Colon(j) => {
            if let Some(q) = content_quote(cx, j + 1) {
                (ClaimKind::Direct, quote_inner(cx, q))
            } else {
                (
                    ClaimKind::Colon,
                    (cx.toks.toks.get(j + 1).map_or(cx.toks.toks[j].end(), |t| t.start()), cx.toks.toks[j].end()),
                )
            }
        }
        Marker::Comp(j) => {
            let from = merged_from.map_or(j + 1, |p| p + 1);
            let start = cx.toks.toks.get(from).map_or(cx.toks.toks[j].end(), |t| t.start());
            (ClaimKind::Indirect, (start, start))
        }
        Marker::Quote(_, q) => (ClaimKind::Direct, quote_inner(cx, q)),
    };
    let via = via.or_else(|| speaker.via.clone());
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
        borrows_content: false,
    })
}

fn quote_inner(cx: &Ctx, q: usize) -> (usize, usize) {
    let r = &cx.seg.quotes[q].inner;
    (r.start, r.end)
}

/// Connectives that may stand before a verb without being its subject.
pub(crate) const CONNECTIVES: &[&str] = &[
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
    "اما",
    "واما",
    "كان",
    "كانت",
    "وكان",
    "وكانت",
    "فكان",
    "فكانت",
];

/// Whether `w` is one of the [`CONNECTIVES`].
fn is_connective(w: &str) -> bool {
    lists(w).has(Lists::CONNECTIVE)
}

/// The speaker of a verb with nothing between it and its content: the phrase
/// before it (SVO: "الخبير … كامل الحرمي يقول …", "أما X، …، فيرى أن"), or,
/// for a verb with و in front or after an adverbial opening, the speaker it
/// continues.
fn subject_before(cx: &Ctx, cue: &CueHit, prev: &[Draft]) -> Option<SpeakerDraft> {
    let start = clause_start(cx, cue.first);
    let mut a = start;
    loop {
        if a < cue.first && (is_connective(cx.word(a)) || cx.is_comma(a)) {
            a += 1;
        } else if a + 1 < cue.first && ["غير", "الا", "بيد"].contains(&cx.word(a)) && cx.word(a + 1) == "ان"
        {
            a += 2; // "غير أن", "إلا أن": however
        } else {
            break;
        }
    }
    let mut b = cue.first;
    while b > a && (is_connective(cx.word(b - 1)) || cx.is_comma(b - 1)) {
        b -= 1;
    }
    // "…، لكنها شددت على أن": a connective right before the verb starts a new
    // clause; the speaker is the one it continues.
    if cue.first > start && is_connective(cx.word(cue.first - 1)) && cx.word(cue.first - 1) != "قد" {
        return governing_speaker(cx, cue, prev);
    }
    let topic = cx.word(start) == "اما" || cx.word(start) == "واما";
    let glued_fa = cue.proclitic && cx.toks.str(cue.first).starts_with('ف');
    if a < b && (!cue.proclitic || topic || glued_fa) {
        if let Some(s) = read_speaker(cx, a, b - 1, prev) {
            return Some(s);
        }
        // Text before the verb that names no source: after an adverbial
        // opening ("وبعد الاجتماع، قال …") the speaker carries over; before a
        // relative verb ("نشرت مجلة X مقالاً قالت فيه …") it is the body named
        // earlier; an abstract subject ("هذه الأرقام تشير …") names nobody.
        let w = cx.word(a);
        let adverbial = ["بعد", "في", "خلال", "على", "من", "عقب", "منذ", "وفي", "وبعد", "وخلال", "وعلى"].contains(&w);
        if !adverbial {
            return named_earlier(cx, cue);
        }
    }
    carried_over(prev).or_else(|| named_earlier(cx, cue))
}

/// The person or body named earlier in the cue's clause, as a carried-over speaker.
fn named_earlier(cx: &Ctx, cue: &CueHit) -> Option<SpeakerDraft> {
    let lo = clause_start(cx, cue.first);
    let k = (lo..cue.first).find(|&k| cx.mention(k).is_some_and(|(_, e)| matches!(e.label, "PERSON" | "ORG")))?;
    let party = super::speaker::mention_party(cx, k);
    let (_, e) = cx.mention(k)?;
    let kind = match (e.label, e.kind) {
        ("PERSON", _) => SpeakerKind::Person,
        (_, "media") => SpeakerKind::Media,
        _ => SpeakerKind::Organization,
    };
    Some(SpeakerDraft {
        phrase: party.span,
        party,
        kind,
        resolution: Resolution::CarriedOver,
        antecedent: None,
        via: None,
    })
}

/// The speaker of the last claim that is not an according-to qualifier.
pub(crate) fn carried_over(prev: &[Draft]) -> Option<SpeakerDraft> {
    let d = super::recent(prev).find(|d| !matches!(d.class, CueClass::According | CueClass::EnAccording))?;
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
        && i - s < super::LOOK_BACK
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
    let continues = |d: &&Draft| {
        cx.seg.sentence_holds(sentence, d.cue.0) && !matches!(d.class, CueClass::According | CueClass::EnAccording)
    };
    if let Some(d) = super::recent(prev).find(continues) {
        let mut s = d.speaker.clone();
        if let Some(a) = s.antecedent.take() {
            s.party = a;
        }
        s.resolution = Resolution::CarriedOver;
        return Some(s);
    }
    named_earlier(cx, cue).or_else(|| carried_over(prev))
}

/// Pronoun-prepositions that may follow a verb without being its subject
/// ("قالت فيه", "أفاد به").
pub(crate) const PRONOUN_PREPS: &[&str] =
    &["فيه", "فيها", "له", "لها", "لي", "لنا", "عنه", "عنها", "به", "بها", "لهم", "عليه"];

/// The claim of an according-to phrase: its source follows it, its content
/// is the clause it qualifies.
pub(crate) fn according(cx: &Ctx, cue: &CueHit, prev: &[Draft]) -> Option<Draft> {
    let n = cx.toks.len();
    let last_word = cue.form.words.last().map_or("", String::as_str);
    let pronoun_source = ["قول", "تعبير", "وصف", "راي"].iter().any(|w| last_word.starts_with(w))
        && ["ه", "ها", "هم", "هما"].iter().any(|p| last_word.ends_with(p));
    // The source phrase.
    let (speaker, np_end) = if pronoun_source {
        (carried_over(prev)?, cue.last)
    } else {
        let glued_rest = cue.form.glued_tail && cx.toks.toks[cue.last].end() > cue.span.1;
        let mut a = if glued_rest { cue.last } else { cue.last + 1 };
        // "وفق ما نقلته وكالة …", "بحسب ما أفاد به مصدر …": skip the verb.
        if last_word.ends_with("ما") {
            a += 1;
            while a < n && lists(cx.word(a)).has(Lists::PRONOUN_PREP) {
                a += 1;
            }
        }
        let mut b = a;
        let is_cue = |k: usize| crate::matcher::without_proclitics(cx.word(k)).any(|w| cx.lex.cue_words.contains(w));
        // The source phrase ends at punctuation, a cue, an إن/أن word
        // ("بحسب مصدر أمني فإن …") or an adverbial ("في لقاء إعلامي").
        let stop = |k: usize| {
            let w = cx.word(k);
            (!cx.toks.toks[k].word && !cx.toks.is_quote(k) && !cx.toks.is(k, '('))
                || is_cue(k)
                || is_complementizer(w)
                || ["فان", "فانه", "فانها"].contains(&w)
                || (w == "في" && super::speaker::is_fi_adverbial(cx.word(k + 1)))
        };
        while b + 1 < n && cx.same_sentence(a, b + 1) && b + 1 < a + 12 && !stop(b + 1) {
            b += 1;
        }
        if a >= n || a > b || !cx.same_sentence(cue.first, a) {
            return None;
        }
        let speaker = if cue.form.class == CueClass::EnAccording {
            read_english_speaker(cx, a, b, prev)?
        } else {
            // The phrase must open on a source: "وفق الصيغة الواردة في خطة
            // ترامب" is "in line with the plan", not Trump speaking.
            let head = if glued_rest { &cx.toks.text[cue.span.1..cx.toks.toks[a].end()] } else { cx.word(a) };
            let head_ok = cx.lex.heads.contains_key(head)
                || cx.mention(a).is_some_and(|(_, e)| matches!(e.label, "PERSON" | "ORG" | "GPE"))
                || cx.toks.is_quote(a);
            if !head_ok {
                return None;
            }
            super::speaker::read_speaker_from(cx, a, b, prev, glued_rest.then_some(cue.span.1))?
        };
        (speaker, b)
    };
    // The clause it qualifies.
    let sentence = cx.sentence(cue.first);
    let start = clause_start(cx, cue.first);
    let lead_empty = (start..cue.first).all(|k| is_connective(cx.word(k)) || cx.is_comma(k));
    let sentence_end = cx.seg.sentences[sentence].span.end;
    // Within the sentence: scanning on to the end of the document made a
    // long paragraph of "according to" clauses quadratic.
    let rest = (np_end + 1..n)
        .take_while(|&k| cx.same_sentence(cue.first, k))
        .find(|&k| !cx.is_comma(k) && !cx.toks.is(k, '.'));
    // Inside another claim's sentence, it qualifies that claim's content.
    // Inside another claim's sentence but outside its content (between its
    // verb and its content, or after content that came first), it qualifies
    // that claim's content.
    let host = super::recent(prev).find(|d| {
        !matches!(d.class, CueClass::According | CueClass::EnAccording) && cx.seg.sentence_holds(sentence, d.cue.0)
    });
    let at = cue.span.0;
    let borrows = host.is_some_and(|d| at < d.content.0 || (d.content.1 > d.content.0 && at >= d.content.1));
    let content = if borrows {
        (cx.toks.toks[cue.first].start(), cx.toks.toks[cue.first].start())
    } else if lead_empty {
        // "وفقاً لـ"المرصد"، فإن …": the content starts after فإن.
        let mut from = rest?;
        if ["فان", "فانه", "فانها", "فانهم"].contains(&cx.word(from)) && from + 1 < n {
            from += 1;
        }
        (cx.toks.toks[from].start(), sentence_end)
    } else if rest.is_some() {
        // Mid-clause ("والقرار، على حد قوله، …"): the whole clause.
        (clause_text_start(cx, start), sentence_end)
    } else {
        let mut last = cue.first - 1;
        while last > start && (cx.is_comma(last) || cx.word(last) == "و" || cx.word(last) == "and") {
            last -= 1;
        }
        (clause_text_start(cx, start), cx.toks.toks[last].end())
    };
    if content.0 > content.1 || (!borrows && content.0 == content.1) {
        return None;
    }
    Some(Draft {
        kind: ClaimKind::AccordingTo,
        cue: cue.span,
        lemma: cue.form.lemma.clone(),
        via: speaker.via.clone(),
        speaker,
        recipient: None,
        content,
        parent: None,
        class: cue.form.class,
        borrows_content: borrows,
    })
}

/// Where a clause's content starts: after a conjunction glued to an article
/// ("والقرار" → "القرار").
fn clause_text_start(cx: &Ctx, tok: usize) -> usize {
    let t = cx.toks.toks[tok];
    let w = cx.toks.str(tok);
    if t.word && (w.starts_with("وال") || w.starts_with("فال")) { t.start() + 'و'.len_utf8() } else { t.start() }
}

/// English adverbials between a verb and its content.
const EN_SKIP: &[&str] = &[
    "on",
    "in",
    "at",
    "this",
    "late",
    "statement",
    "interview",
    "with",
    "news",
    "conference",
    "briefing",
    "reporters",
    "journalists",
    "also",
    "separately",
    "then",
    "an",
    "me",
    "us",
    "him",
    "her",
    "them",
];

/// English words that end a subject phrase walking back from the verb.
const EN_CLAUSE_WORDS: &[&str] = &["that", "while", "and", "but", "as", "when", "after", "before", "because", "which"];

/// The claim of an English verb: "X said (that) …", "…, X said.", "said X",
/// "…, the Journal reported".
pub(crate) fn english_verb(cx: &Ctx, cue: &CueHit, prev: &[Draft]) -> Option<Draft> {
    let n = cx.toks.len();
    let i = cue.first;
    let sentence_end = cx.seg.sentences[cx.sentence(i)].span.end;
    // The subject before the verb, back to a clause boundary; commas may
    // hold an appositive ("Mark Carney, Canada's prime minister, says").
    let mut a = i;
    let pronoun_subject = i > 0 && ["he", "she", "they", "it", "we"].contains(&cx.word(i - 1));
    if pronoun_subject {
        a = i - 1;
    }
    while !pronoun_subject && a > 0 && i - a < 40 && cx.same_sentence(i, a - 1) {
        let k = a - 1;
        let abbreviation_dot = cx.toks.is(k, '.') && k > 0 && cx.word(k - 1).chars().count() == 1;
        let ok = cx.toks.toks[k].word && !EN_CLAUSE_WORDS.contains(&cx.word(k))
            || cx.is_comma(k)
            || cx.toks.is(k, '\'')
            || cx.toks.is(k, '’')
            || abbreviation_dot;
        if !ok {
            break;
        }
        a = k;
    }
    while a < i && (cx.is_comma(a) || cx.toks.is(a, '.')) {
        a += 1;
    }
    let mut j = i + 1;
    let mut subject_after = false;
    let mut content_first: Option<(usize, usize)> = None;
    let speaker = if a < i {
        // "…, the Journal reported": the text before the last comma is the content.
        let after = (i + 1..n)
            .take_while(|&k| cx.same_sentence(i, k))
            .find(|&k| cx.toks.toks[k].word && !EN_SKIP.contains(&cx.word(k)));
        let nothing_after = after.is_none_or(|k| cx.is_comma(k - 1));
        let last_comma = (a..i).rev().find(|&k| cx.is_comma(k));
        if let (true, Some(c)) = (nothing_after, last_comma) {
            let clause = clause_start(cx, i);
            if c > clause && quote_before(cx, c + 1).is_none() {
                content_first = Some((cx.toks.toks[clause].start(), cx.toks.toks[c].end()));
                a = c + 1;
            }
        }
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
    // Recipient ("told CNBC") and adverbials ("on Wednesday", "in an interview with Fox News").
    let mut recipient = None;
    while j < n
        && cx.same_sentence(i, j)
        && (EN_SKIP.contains(&cx.word(j)) || super::speaker::is_time_word(cx.word(j)) || media_party(cx, j).is_some())
    {
        if let Some(p) = media_party(cx, j) {
            j = cx.toks.at(p.span.1);
            recipient.get_or_insert(p);
            continue;
        }
        j += 1;
    }
    if cue.form.lemma == "tell" && recipient.is_none() && j < n && cx.toks.toks[j].word {
        // "told staff to return" is an order, not a claim.
        if cx.word(j + 1) == "to" {
            return None;
        }
    }
    let words_after = (j..n).take_while(|&k| cx.same_sentence(i, k)).filter(|&k| cx.toks.toks[k].word).count();
    let (kind, content) = if let Some(c) = content_first {
        (ClaimKind::Indirect, c)
    } else if j < n && cx.same_sentence(i, j) && cx.word(j) == "that" && j + 1 < n {
        (ClaimKind::Indirect, (cx.toks.toks[j + 1].start(), sentence_end))
    } else if j < n && cx.toks.is(j, ':') && j + 1 < n {
        match content_quote(cx, j + 1) {
            Some(q) => (ClaimKind::Direct, quote_inner(cx, q)),
            None => (ClaimKind::Colon, (cx.toks.toks[j + 1].start(), cx.toks.toks[j].end())),
        }
    } else if let Some(q) = quote_before(cx, if subject_after { i } else { a }) {
        (ClaimKind::Direct, quote_inner(cx, q))
    } else if j < n && cx.same_sentence(i, j) && words_after >= 3 && !subject_after && cx.toks.toks[j].word {
        (ClaimKind::Indirect, (cx.toks.toks[j].start(), sentence_end))
    } else {
        return None;
    };
    Some(Draft {
        kind,
        cue: cue.span,
        lemma: cue.form.lemma.clone(),
        via: speaker.via.clone(),
        speaker,
        recipient,
        content,
        parent: None,
        class: cue.form.class,
        borrows_content: false,
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
    let close = cx.toks.toks.get(k.checked_sub(1)?)?;
    cx.seg.quote_ending_at(close.end())
}

/// English determiners and adverbs at the edges of a subject phrase.
const EN_DETERMINERS: &[&str] = &["the", "a", "an", "also", "separately", "earlier", "later", "then"];

/// Reads an English speaker phrase `a..=b`: a known name or body, a head word
/// (the last word before a preposition: "a spokesperson for …", "the Israeli
/// military"), a capitalized name ("Treasury Secretary Scott Bessent"), or a
/// pronoun pointing back.
pub(crate) fn read_english_speaker(cx: &Ctx, a: usize, b: usize, prev: &[Draft]) -> Option<SpeakerDraft> {
    let (mut a, mut b) = (a, b);
    while a < b && (EN_DETERMINERS.contains(&cx.word(a)) || !cx.toks.toks[a].word) {
        a += 1;
    }
    while b > a && (EN_DETERMINERS.contains(&cx.word(b)) || cx.is_comma(b)) {
        b -= 1;
    }
    let phrase = (cx.toks.toks[a].start(), cx.toks.toks[b].end());
    let explicit = |party: Party, kind| SpeakerDraft {
        party,
        kind,
        resolution: Resolution::Explicit,
        antecedent: None,
        phrase,
        via: None,
    };
    if let Some(k) = (a..=b).find(|&k| cx.mention(k).is_some_and(|(_, e)| e.label == "PERSON")) {
        return Some(explicit(super::speaker::mention_party(cx, k), SpeakerKind::Person));
    }
    if a == b && ["he", "she", "they", "it", "we"].contains(&cx.word(a)) {
        // The person named earlier in the sentence ("When I met the president
        // last week, he told me …"), else the previous speaker.
        let sentence_start = clause_start(cx, a);
        let named = (sentence_start..a).rev().find(|&k| {
            k > 0 && cx.word(k - 1) == "the" && cx.lex.heads.get(cx.word(k)) == Some(&crate::lexicon::HeadKind::Role)
        });
        let ante = match named {
            Some(k) => Party { span: (cx.toks.toks[k - 1].start(), cx.toks.toks[k].end()), entity: None },
            None => {
                let s = carried_over(prev)?;
                s.party
            }
        };
        let kind = if named.is_some() { SpeakerKind::Person } else { carried_over(prev)?.kind };
        return Some(SpeakerDraft {
            party: Party { span: phrase, entity: ante.entity },
            kind,
            resolution: Resolution::Anaphora,
            antecedent: Some(ante),
            phrase,
            via: None,
        });
    }
    // The head: the first word when it is a known head ("people familiar
    // with …", "officials briefed on …"), else the last word before a
    // preposition ("a spokesperson for …", "the Israeli military").
    let before_prep = (a..=b).find(|&k| ["for", "of", "at", "from", "with", "in", "on"].contains(&cx.word(k)));
    let head_at =
        if cx.lex.heads.contains_key(cx.word(a)) { a } else { before_prep.map_or(b, |k| k.saturating_sub(1).max(a)) };
    let head_kind = cx.lex.heads.get(cx.word(head_at)).copied();
    // A role or unnamed source heads the phrase even when a body is named in
    // it: "A spokesperson for the European Commission".
    let headed_by_person =
        matches!(head_kind, Some(crate::lexicon::HeadKind::Role | crate::lexicon::HeadKind::Anonymous))
            && before_prep.is_some_and(|p| p > head_at);
    // A name at the end, after a role: "Federal Reserve Chair Jerome Powell".
    let mut s = b + 1;
    while s > a && cx.toks.toks[s - 1].word && (cx.upper)(cx.toks.toks[s - 1].start()) && cx.mention(s - 1).is_none() {
        s -= 1;
    }
    let run = b + 1 - s;
    let first_run_end = (a..=b)
        .take_while(|&k| cx.toks.toks[k].word && (cx.upper)(cx.toks.toks[k].start()) && cx.mention(k).is_none())
        .count();
    let name = if run >= 2 {
        let from = if run > 2 { b - 1 } else { s };
        Some((from, b))
    } else if first_run_end >= 2 && cx.is_comma(a + first_run_end) {
        // "Mark Carney, Canada's prime minister,"
        Some((a, a + first_run_end - 1))
    } else {
        None
    };
    if let Some((x, y)) = name {
        let span = (cx.toks.toks[x].start(), cx.toks.toks[y].end());
        return Some(explicit(Party { span, entity: None }, SpeakerKind::Person));
    }
    if !headed_by_person
        && let Some(k) = (a..=b).find(|&k| cx.mention(k).is_some_and(|(_, e)| matches!(e.label, "ORG" | "GPE")))
    {
        let (_, e) = cx.mention(k)?;
        let kind = if e.kind == "media" { SpeakerKind::Media } else { SpeakerKind::Organization };
        return Some(explicit(Party { span: phrase, entity: super::speaker::mention_party(cx, k).entity }, kind));
    }
    let kind = match head_kind? {
        crate::lexicon::HeadKind::Anonymous => SpeakerKind::Anonymous,
        crate::lexicon::HeadKind::Organization => SpeakerKind::Organization,
        crate::lexicon::HeadKind::Media => SpeakerKind::Media,
        crate::lexicon::HeadKind::Report => SpeakerKind::Report,
        crate::lexicon::HeadKind::Role => SpeakerKind::Person,
        crate::lexicon::HeadKind::Pronoun => return None,
    };
    Some(explicit(Party { span: phrase, entity: None }, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complementizer_bytes_agree_with_the_words() {
        let words = ["ان", "انه", "انها", "انهم", "انهما", "اننا", "انني", "انك", "انكم", "انهن", "that"];
        let others = ["", "ا", "ب", "بان", "بانه", "بانهم", "انت", "انهاء", "لان", "لانه", "That", "thats", "كتاب", "بب"];
        for w in words
            .iter()
            .chain(&others)
            .copied()
            .chain(words.iter().map(|w| format!("ب{w}")).collect::<Vec<_>>().iter().map(String::as_str))
        {
            assert_eq!(is_complementizer_bytes(w.as_bytes()), is_complementizer(w), "{w}");
        }
    }
}
