//! Speakers: reading a speaker phrase, and the back-references.

use super::words::{Lists, lists};
use super::{Ctx, Draft, Party, SpeakerDraft};
use crate::lexicon::{CueClass, HeadKind, WordClass};
use crate::output::{Resolution, SpeakerKind};

/// Words that open an adverbial inside the zone between a verb and its
/// content: it runs to the next comma ("في بيان نشرته …، ", "خلال مؤتمر صحفي …،").
pub(crate) const ADVERBIAL_OPENERS: &[&str] = &[
    "خلال",
    "عبر",
    "امام",
    "اثناء",
    "عقب",
    "بعد",
    "قبل",
    "لدي",
    "بدوره",
    "بدورها",
    "بدورهم",
    "كذلك",
    "ايضا",
    "مجددا",
    "on",
    "in",
    "at",
    "during",
    "last",
    "earlier",
    "later",
    "this",
    "on",
    "after",
    "before",
];

/// After في, words that make an adverbial (في بيان، في مقابلة …).
pub(crate) const FI_ADVERBIALS: &[&str] = &[
    "بيان",
    "بيانه",
    "بيانها",
    "تصريح",
    "تصريحه",
    "تصريحها",
    "تصريحات",
    "تصريحاته",
    "تصريحاتها",
    "مؤتمر",
    "مقابلة",
    "مقابله",
    "حديث",
    "حديثه",
    "كلمة",
    "كلمه",
    "كلمته",
    "كلمتها",
    "تغريدة",
    "تغريده",
    "منشور",
    "رسالة",
    "رساله",
    "الوقت",
    "وقت",
    "اجتماع",
    "ختام",
    "افتتاح",
    "لقاء",
    "ندوة",
    "ندوه",
    "جلسة",
    "جلسه",
    "خطاب",
    "حوار",
    "اتصال",
    "تقرير",
    "بث",
    "مداخلة",
    "مداخله",
    "تدوينة",
    "تدوينه",
    "المقابل",
    "السياق",
    "هذا",
    "بلاغ",
    "بلاغها",
    "بلاغه",
    "اطار",
    "ظل",
];

/// Whether `w`, after في, makes an adverbial ("في بيان", "في لقاء").
pub(crate) fn is_fi_adverbial(w: &str) -> bool {
    lists(w).has(Lists::FI_ADVERBIAL)
}

/// Relative pronouns: a clause they open after a comma describes, it does not name.
const RELATIVES: &[&str] = &["الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي"];

/// Whether `w` is a word of time ("الأحد", "أمس", "Wednesday", "last").
pub(crate) fn is_time_word(w: &str) -> bool {
    lists(w).has(Lists::TIME_WORD)
}

/// Words for data and figures: a source only with a body named after them.
const DATA_WORDS: &[&str] = &["بيانات", "ارقام", "تقديرات", "معطيات", "احصاءات", "احصائيات", "مؤشرات", "توقعات"];

/// Words of time that stand alone as adverbials.
pub(crate) const TIME_WORDS: &[&str] = &[
    "اليوم",
    "يوم",
    "امس",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
    "صباح",
    "مساء",
    "ظهر",
    "فجر",
    "الليله",
    "الشهر",
    "الاسبوع",
    "العام",
    "الماضي",
    "المقبل",
    "الجاري",
    "الحالي",
    "سابقا",
    "لاحقا",
    "مؤخرا",
    "يناير",
    "فبراير",
    "مارس",
    "ابريل",
    "مايو",
    "يونيو",
    "يوليو",
    "اغسطس",
    "سبتمبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
    "جانفي",
    "فيفري",
    "افريل",
    "ماي",
    "جوان",
    "جويليه",
    "اوت",
    "كانون",
    "شباط",
    "اذار",
    "نيسان",
    "ايار",
    "حزيران",
    "تموز",
    "اب",
    "ايلول",
    "تشرين",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "week",
    "month",
    "year",
    "earlier",
    "last",
    "later",
];

/// Parts of the zone between a verb and its content.
#[derive(Debug, Default)]
pub(crate) struct Zone {
    /// The speaker phrase: first and last token, inclusive.
    pub(crate) subject: Option<(usize, usize)>,
    pub(crate) recipient: Option<Party>,
}

/// Splits tokens `lo..hi` into the speaker phrase, adverbials and a recipient.
pub(crate) fn read_zone(cx: &Ctx, lo: usize, hi: usize) -> Zone {
    let mut zone = Zone::default();
    let mut i = lo;
    let mut subject: Option<(usize, usize)> = None;
    let mut subject_closed = false;
    while i < hi {
        let w = cx.word(i);
        let listed = lists(w);
        let to_comma = |from: usize| (from..hi).find(|&k| cx.is_comma(k)).unwrap_or(hi);
        if cx.is_comma(i) || cx.toks.is(i, '-') || listed.has(Lists::PRONOUN_PREP) {
            i += 1;
            continue;
        }
        // "المفوض العام لوكالة الأونروا": after a role not yet named, ل is
        // "of", not "to".
        let role_open = subject.is_some_and(|(a, _)| {
            cx.class(a).has(WordClass::ROLE_HEAD)
                && (a..i).all(|k| cx.mention(k).is_none_or(|(_, e)| e.label != "PERSON"))
        });
        if !role_open && let Some(end) = recipient_at(cx, i, hi, &mut zone) {
            if subject.is_some() {
                subject_closed = true;
            }
            i = end;
            continue;
        }
        let fi_adverbial = w == "في" && {
            let next = cx.word(i + 1);
            lists(next).has_any(Lists::FI_ADVERBIAL.or(Lists::TIME_WORD)) || next.chars().all(|c| c.is_ascii_digit())
        };
        let opener = listed.has(Lists::ADVERBIAL_OPENER)
            || w == "من" && ["جهته", "جهتها", "جانبه", "جانبها", "ناحيته"].contains(&cx.word(i + 1));
        if fi_adverbial || opener || (w == "على" && cx.word(i + 1) == "هامش") {
            // An adverbial may name an outlet: "في مقابلة مع CNBC".
            let end = to_comma(i + 1);
            if zone.recipient.is_none()
                && (w == "في" || w == "in")
                && let Some(k) = (i + 1..end).find(|&k| cx.mention(k).is_some_and(|(_, e)| e.kind == "media"))
            {
                zone.recipient = Some(mention_party(cx, k));
            }
            if subject.is_some() {
                subject_closed = true;
            }
            i = end;
            continue;
        }
        if listed.has(Lists::TIME_WORD) && subject.is_none_or(|_| cx.mention(i).is_none()) && !is_subject_word(cx, i) {
            if subject.is_some() && !is_time_word(cx.word(i.saturating_sub(1))) {
                subject_closed = true;
            }
            i += 1;
            continue;
        }
        if !subject_closed {
            subject = Some((subject.map_or(i, |s| s.0), i));
        }
        i += 1;
    }
    zone.subject = subject;
    zone
}

/// A word that begins a speaker phrase, even if it looks like time ("العام" in
/// "المدعي العام" follows a head and is part of it).
fn is_subject_word(cx: &Ctx, i: usize) -> bool {
    i > 0 && cx.class(i - 1).has(WordClass::HEAD)
}

/// The kind of speaker head token `k`'s word is, if it is one: the token's
/// word class tells most words are none without a look-up.
fn head_kind_at(cx: &Ctx, k: usize) -> Option<HeadKind> {
    if cx.class(k).has(WordClass::HEAD) { cx.lex.heads.get(cx.word(k)).copied() } else { None }
}

/// A recipient at token `i`: "لـ"العربية"", "لموقع X", "لوكالة X", "told CNBC".
/// Returns the token after it.
fn recipient_at(cx: &Ctx, i: usize, hi: usize, zone: &mut Zone) -> Option<usize> {
    let w = cx.word(i);
    let rest = w.strip_prefix('ل')?;
    // "تقرير لصحيفة …" is the newspaper's report, not words to a newspaper.
    if i > 0 && head_kind_at(cx, i - 1) == Some(HeadKind::Report) {
        return None;
    }
    let is_media_word = cx.lex.heads.get(rest) == Some(&HeadKind::Media);
    let quoted = rest.is_empty() && cx.toks.is_quote(i + 1);
    let media_mention =
        cx.mention(i).filter(|(mi, e)| e.kind == "media" && cx.mentions[*mi].start > cx.toks.toks[i].start());
    if !(is_media_word || quoted || media_mention.is_some()) {
        return None;
    }
    let end = (i + 1..hi).find(|&k| cx.is_comma(k) || cx.word(k) == "ان" || cx.toks.is(k, ':')).unwrap_or(hi);
    let party = if let Some(k) = (i..end).find(|&k| cx.mention(k).is_some_and(|(_, e)| e.kind == "media")) {
        mention_party(cx, k)
    } else if let Some(q) =
        cx.toks.toks.get(i + 1).and_then(|t| cx.seg.quote_starting_at(t.start())).map(|q| &cx.seg.quotes[q])
    {
        Party { span: (q.inner.start, q.inner.end), entity: None }
    } else {
        Party { span: (cx.toks.toks[i].start() + 'ل'.len_utf8(), cx.toks.toks[end - 1].end()), entity: None }
    };
    if zone.recipient.is_none() {
        zone.recipient = Some(party);
    }
    Some(end)
}

pub(crate) fn mention_party(cx: &Ctx, tok: usize) -> Party {
    let (mi, _) = cx.mention(tok).expect("a mention covers the token");
    let m = cx.mentions[mi];
    Party { span: (m.start, m.end), entity: Some(m.entity) }
}

/// Reads the speaker phrase `a..=b`. None when it names no source.
pub(crate) fn read_speaker(cx: &Ctx, a: usize, b: usize, prev: &[Draft]) -> Option<SpeakerDraft> {
    read_speaker_from(cx, a, b, prev, None)
}

/// [`read_speaker`], with the phrase starting at byte `from` inside token `a`
/// (after a glued ل: "وفقًا لشخصين").
pub(crate) fn read_speaker_from(
    cx: &Ctx,
    a: usize,
    b: usize,
    prev: &[Draft],
    from: Option<usize>,
) -> Option<SpeakerDraft> {
    // A quotation mark at an edge goes only when the phrase does not close it
    // ("لـ"المرصد"" keeps both marks of "تقرير لـ "سي بي سي نيوز"").
    let quotes = (a..=b.min(cx.toks.len().saturating_sub(1))).filter(|&k| cx.toks.is_quote(k)).count();
    let edge = |k: usize| {
        cx.is_comma(k)
            || cx.toks.is(k, '-')
            || (quotes % 2 == 1 && cx.toks.is_quote(k))
            || lists(cx.word(k)).has(Lists::PRONOUN_PREP)
    };
    let (mut a, mut b) = (a, b);
    // A phrase that is one quotation: "لـ"المرصد السوري""
    if a < b && cx.toks.is_quote(a) && cx.toks.is_quote(b) {
        a += 1;
        b -= 1;
    }
    let mut from = from;
    while a <= b && edge(a) {
        a += 1;
        from = None;
    }
    while b > a && (edge(b) || cx.toks.is(b, '.')) {
        b -= 1;
    }
    if a > b || a >= cx.toks.len() {
        return None;
    }
    // A relative clause set off by a comma describes the speaker; it does not
    // name them ("الوكالة، التي تتخذ من باريس مقراً").
    if let Some(k) = (a + 1..b).find(|&k| cx.is_comma(k) && RELATIVES.contains(&cx.word(k + 1))) {
        b = k - 1;
    }
    let np = (from.unwrap_or(cx.toks.toks[a].start()), cx.toks.toks[b].end());
    let head = match from {
        Some(f) => &cx.toks.text[f..cx.toks.toks[a].end()],
        None => cx.word(a),
    };
    // "فأعضاء في الكونغرس …": the head may carry a conjunction.
    let head = if cx.lex.heads.contains_key(head) {
        head
    } else {
        head.strip_prefix(['و', 'ف']).filter(|h| cx.lex.heads.contains_key(*h)).unwrap_or(head)
    };
    let head_kind = cx.lex.heads.get(head).copied();
    let explicit = |party: Party, kind| SpeakerDraft {
        party,
        kind,
        resolution: Resolution::Explicit,
        antecedent: None,
        phrase: np,
        via: None,
    };
    let has_pronoun = (a..=b).any(|k| head_kind_at(cx, k) == Some(HeadKind::Pronoun));

    // Unnamed sources first: "أحد مساعدي الرئيس ترامب" is not Trump.
    if head_kind == Some(HeadKind::Anonymous) {
        let points_back = has_pronoun || (head.starts_with("ال") && (a..=b).all(|k| cx.mention(k).is_none()));
        if points_back && let Some(ante) = antecedent(prev, |d| d.speaker.kind == SpeakerKind::Anonymous) {
            return Some(anaphora(np, ante));
        }
        return Some(explicit(Party { span: np, entity: None }, SpeakerKind::Anonymous));
    }
    // A report issued by someone speaks for them: "بيان صادر عن الجيش الأردني",
    // "تقرير صادر عن صندوق النقد الدولي".
    if head_kind == Some(HeadKind::Report)
        && let Some(k) = (a + 1..b).find(|&k| cx.word(k) == "عن")
        && let Some(mut s) = read_speaker(cx, k + 1, b, prev)
    {
        s.phrase = np;
        return Some(s);
    }
    // A body that heads the phrase speaks, whoever is named in it: "مكتب رئيس
    // الوزراء بنيامين نتنياهو", "وزارة الخارجية".
    let head_is_person = cx.mention(a).is_some_and(|(_, e)| e.label == "PERSON");
    if matches!(head_kind, Some(HeadKind::Organization | HeadKind::Media)) && !head_is_person {
        let named = (a..=b).find(|&k| cx.mention(k).is_some_and(|(_, e)| matches!(e.label, "ORG" | "GPE")));
        if let Some(k) = named {
            let (_, e) = cx.mention(k)?;
            let kind = if e.kind == "media" { SpeakerKind::Media } else { SpeakerKind::Organization };
            return Some(explicit(Party { span: np, entity: mention_party(cx, k).entity }, kind));
        }
        if (a..=b).any(|k| cx.mention(k).is_some_and(|(_, e)| e.label == "PERSON")) {
            let kind = if head_kind == Some(HeadKind::Media) { SpeakerKind::Media } else { SpeakerKind::Organization };
            return Some(explicit(Party { span: np, entity: None }, kind));
        }
    }
    // A person named in the phrase: the last one ("مستشار الرئيس ترامب … مسعد بولس").
    if let Some(k) = (a..=b).rev().find(|&k| cx.mention(k).is_some_and(|(_, e)| e.label == "PERSON")) {
        return Some(explicit(mention_party(cx, k), SpeakerKind::Person));
    }
    // An outlet or a body named in the phrase.
    if let Some(k) = (a..=b).find(|&k| cx.mention(k).is_some_and(|(_, e)| matches!(e.label, "ORG" | "GPE"))) {
        let (_, e) = cx.mention(k)?;
        let party = mention_party(cx, k);
        // "تقرير لصحيفة X", "تقرير X": the outlet's report. "تقرير سري اطلعت
        // عليه رويترز": a report the outlet relays.
        let attached = (a + 1..k).all(|m| {
            let w = cx.word(m);
            let bare = w.strip_prefix('ل').unwrap_or(w);
            w.is_empty()
                || w == "ل"
                || cx.lex.heads.get(bare).is_some_and(|h| matches!(h, HeadKind::Media | HeadKind::Organization))
        });
        if head_kind == Some(HeadKind::Report) && !attached {
            let mut s = explicit(Party { span: np, entity: None }, SpeakerKind::Report);
            s.via = (e.kind == "media").then_some(party);
            return Some(s);
        }
        // A role or unnamed source heads the phrase: the body named in it is
        // their affiliation ("مندوب في أوبك+"), not the speaker.
        if k == a || matches!(head_kind, Some(HeadKind::Organization | HeadKind::Media | HeadKind::Report)) {
            let kind = if e.kind == "media" { SpeakerKind::Media } else { SpeakerKind::Organization };
            return Some(explicit(Party { span: np, entity: party.entity }, kind));
        }
    }
    if ["he", "she", "they", "it"].contains(&head) && a == b {
        let ante = super::recent(prev).find(|d| d.class != CueClass::According && d.class != CueClass::EnAccording)?;
        return Some(anaphora(np, ante.speaker.party.clone()).with_kind(ante.speaker.kind));
    }
    // Data is no source unless a body is named with it: "تشير البيانات إلى
    // أن …" is the writer's voice; "بحسب بيانات شركة X" is X's.
    if DATA_WORDS.contains(&head.strip_prefix("ال").unwrap_or(head)) {
        let named = (a + 1..=b).any(|k| {
            cx.mention(k).is_some_and(|(_, e)| e.label != "NORP")
                || matches!(head_kind_at(cx, k), Some(HeadKind::Organization | HeadKind::Media))
        });
        if !named {
            return None;
        }
    }
    let kind = match head_kind? {
        HeadKind::Anonymous | HeadKind::Pronoun => return None,
        HeadKind::Organization => SpeakerKind::Organization,
        HeadKind::Media => SpeakerKind::Media,
        HeadKind::Report => SpeakerKind::Report,
        HeadKind::Role => SpeakerKind::Person,
    };
    // A definite head with nothing to name it points back: "التقرير",
    // "تقرير الصحيفة", "الوزير المصري", "الصحيفة".
    let definite = head.starts_with("ال") || (a < b && cx.word(a + 1).starts_with("ال") && kind == SpeakerKind::Report);
    let unnamed = (a..=b).all(|k| cx.mention(k).is_none_or(|(_, e)| e.label == "NORP"));
    if definite && unnamed {
        let words: Vec<&str> = (a..=b).map(|k| cx.word(k)).filter(|w| !w.is_empty()).collect();
        let fits = |d: &Draft| match kind {
            SpeakerKind::Media => matches!(d.speaker.kind, SpeakerKind::Media),
            SpeakerKind::Report => {
                matches!(d.speaker.kind, SpeakerKind::Media | SpeakerKind::Report | SpeakerKind::Organization)
            }
            SpeakerKind::Person => d.speaker.kind == SpeakerKind::Person,
            SpeakerKind::Organization => d.speaker.kind == SpeakerKind::Organization,
            SpeakerKind::Anonymous => d.speaker.kind == SpeakerKind::Anonymous,
        };
        let media_word = words.iter().skip(1).find(|w| cx.lex.heads.get(**w) == Some(&HeadKind::Media));
        let fits_all = |d: &Draft| fits(d) && media_word.is_none_or(|_| d.speaker.kind == SpeakerKind::Media);
        // A role points back only to a speaker with that role ("الوزير المصري"
        // → "وزير الخارجية المصري …"), not to any person.
        // In order: an earlier speaker whose phrase shares a word with this
        // one; a body of the kind named in the same sentence; for a role, no
        // more ("الوزير المصري" is not any earlier person); else any earlier
        // speaker of the kind, then the body of the kind the text is about.
        let with_kind = |ante: &SpeakerDraft| {
            anaphora(np, ante.party.clone()).with_kind(ante.kind).with_antecedent(ante.antecedent.clone())
        };
        // "وأضافت الوكالة" after "وكالة الطاقة الدولية": the shared word
        // decides, whatever kind the earlier speaker was.
        let any_but_people = |d: &Draft| (d.speaker.kind == SpeakerKind::Person) == (kind == SpeakerKind::Person);
        if let Some(ante) = antecedent_by_words(cx, prev, &any_but_people, &words, true) {
            return Some(with_kind(ante));
        }
        if let Some(party) = named_before(cx, a, kind, head, true) {
            return Some(anaphora(np, party).with_kind(kind));
        }
        if kind != SpeakerKind::Person {
            if let Some(ante) = antecedent_by_words(cx, prev, &fits_all, &words, false) {
                return Some(with_kind(ante));
            }
            if let Some(party) = named_before(cx, a, kind, head, false) {
                return Some(anaphora(np, party).with_kind(kind));
            }
        }
    }
    Some(explicit(Party { span: np, entity: None }, kind))
}

impl SpeakerDraft {
    fn with_kind(mut self, kind: SpeakerKind) -> Self {
        self.kind = kind;
        self
    }

    /// When the antecedent was itself an anaphora, point at the first mention.
    fn with_antecedent(mut self, first: Option<Party>) -> Self {
        if let Some(f) = first {
            self.antecedent = Some(f);
        }
        self
    }
}

fn anaphora(np: (usize, usize), ante: Party) -> SpeakerDraft {
    SpeakerDraft {
        party: Party { span: np, entity: ante.entity },
        kind: SpeakerKind::Anonymous,
        resolution: Resolution::Anaphora,
        antecedent: Some(ante),
        phrase: np,
        via: None,
    }
}

/// The last earlier speaker that `fits`.
fn antecedent(prev: &[Draft], fits: impl Fn(&Draft) -> bool) -> Option<Party> {
    let d = super::recent(prev).find(|d| fits(d))?;
    Some(d.speaker.antecedent.clone().unwrap_or_else(|| d.speaker.party.clone()))
}

/// The last earlier speaker that fits and, preferably, whose phrase shares a
/// word with this one ("الوزير المصري" → "وزير الخارجية المصري …").
fn antecedent_by_words<'d>(
    cx: &Ctx,
    prev: &'d [Draft],
    fits: &dyn Fn(&Draft) -> bool,
    words: &[&str],
    need_shared_word: bool,
) -> Option<&'d SpeakerDraft> {
    let bare: Vec<&str> =
        words.iter().map(|w| w.strip_prefix("ال").unwrap_or(w)).filter(|w| w.chars().count() > 2).collect();
    let shares = |d: &Draft| {
        let (s, e) = d.speaker.phrase;
        bare.iter().any(|w| cx.toks.text[s..e].contains(w))
    };
    let shared = super::recent(prev).find(|d| fits(d) && shares(d));
    if need_shared_word {
        return shared.map(|d| &d.speaker);
    }
    shared.or_else(|| super::recent(prev).find(|d| fits(d))).map(|d| &d.speaker)
}

/// The entity a definite head points back to when no earlier speaker fits:
/// among the bodies of its kind named before token `before` (an outlet for a
/// media word, a company for "الشركة", another body for the other
/// organization words), with `same_sentence` the latest in the cue's
/// sentence; else the one named most often — the article's subject — and of
/// those the one named first. At most [`super::LOOK_BACK`] mentions back.
fn named_before(cx: &Ctx, before: usize, kind: SpeakerKind, head: &str, same_sentence: bool) -> Option<Party> {
    let at = cx.toks.toks.get(before)?.start();
    let company = head.contains("شرك");
    let end = cx.mentions.partition_point(|m| m.start < at);
    let window = &cx.mentions[end.saturating_sub(super::LOOK_BACK)..end];
    let fits = |m: &crate::matcher::Hit| {
        let e = (cx.entity)(m.entity);
        match kind {
            SpeakerKind::Media => e.kind == "media",
            SpeakerKind::Organization if company => e.kind == "company",
            SpeakerKind::Organization => e.label == "ORG" && e.kind != "media" && e.kind != "company",
            _ => false,
        }
    };
    let party = |m: &crate::matcher::Hit| Party { span: (m.start, m.end), entity: Some(m.entity) };
    if same_sentence {
        // Latest in the sentence, and first of all one introduced by the same
        // noun ("تمضي شركة هيوماين … وفقاً لما أعلنته الشركة").
        let sentence = cx.seg.sentence_at(at);
        let bare = head.strip_prefix("ال").unwrap_or(head);
        let introduced = |m: &crate::matcher::Hit| {
            let t = cx.toks.at(m.start);
            t > 0 && cx.word(t - 1) == bare
        };
        let here: Vec<&crate::matcher::Hit> =
            window.iter().rev().filter(|m| fits(m) && cx.seg.sentence_holds(sentence, m.start)).collect();
        return here.iter().find(|m| introduced(m)).or(here.first()).map(|m| party(m));
    }
    let mut counts: rustc_hash::FxHashMap<usize, usize> = Default::default();
    for m in window.iter().filter(|m| fits(m)) {
        *counts.entry(m.entity).or_default() += 1;
    }
    let top = counts.values().copied().max()?;
    window.iter().find(|m| fits(m) && counts[&m.entity] == top).map(party)
}
