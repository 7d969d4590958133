//! The small word lists the rules use, read from `gazetteers/` like the
//! entities: titles, context words for ambiguous aliases, abbreviations.
//! All entries are normalized like text.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::error::{Error, Result};
use crate::normalize::normalize_key;

const TITLES: &str = include_str!("../gazetteers/titles.tsv");
const CONTEXT: &str = include_str!("../gazetteers/context.tsv");
const ABBREVIATIONS: &str = include_str!("../gazetteers/abbreviations.tsv");
const CUES: &str = include_str!("../gazetteers/cues.tsv");
const SPEAKERS: &str = include_str!("../gazetteers/speakers.tsv");
const STOPWORDS: &str = include_str!("../gazetteers/stopwords.tsv");

/// What a cue does (see `gazetteers/cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CueClass {
    Verb,
    Participle,
    Relay,
    According,
    Block,
    EnVerb,
    EnAccording,
}

/// One cue form: a phrase of normalized words; the last may be a prefix
/// glued to the next word (`ل-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CueForm {
    pub(crate) words: Vec<String>,
    /// The last word is a prefix of the next token (وفقا لـمصادر).
    pub(crate) glued_tail: bool,
    pub(crate) lemma: String,
    pub(crate) class: CueClass,
    /// Prepositions the verb takes before أن, normalized.
    pub(crate) preps: Vec<String>,
}

/// The cue forms that start with one word, and what they need of the word
/// after it: the next word rules most of them out at once when it is none
/// of their second words ("على" starts only "على حد …" and is one of the
/// commonest words: its ten forms were tried one by one, each reading its
/// words from the heap).
#[derive(Debug, Clone, Default)]
pub(crate) struct CueForms {
    /// Longest first; among equals, exact words before a glued tail.
    pub(crate) forms: Vec<CueForm>,
    /// Whether a form is the word alone: it matches whatever follows.
    pub(crate) single: bool,
    /// The second words of the longer forms, without repeats, each with
    /// whether a word that starts with it matches (the glued tail of a
    /// two-word form: "وفقا ل-").
    pub(crate) seconds: Vec<(String, bool)>,
}

impl CueForms {
    /// Whether a form may match when the next token is `next` (its bytes;
    /// None when it is no word or there is none): false only when none can.
    pub(crate) fn may_match(&self, next: Option<&[u8]>) -> bool {
        self.single
            || next.is_some_and(|w| {
                self.seconds
                    .iter()
                    .any(|(s, glued)| if *glued { w.starts_with(s.as_bytes()) } else { w == s.as_bytes() })
            })
    }
}

/// What a speaker phrase's head word makes the speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum HeadKind {
    Anonymous,
    Organization,
    Media,
    Report,
    Role,
    Pronoun,
}

crate::bits::bit_set!(
    /// Which of the lexicon's lists a word is in, as bits: the passes that ask
    /// about every token (people, cues) look each word up once, when the
    /// tokens are made, instead of once per list.
    WordClass
);

impl WordClass {
    /// In [`Lexicon::title_set`].
    pub(crate) const TITLE: WordClass = WordClass(1);
    /// In [`Lexicon::personal_titles`].
    pub(crate) const PERSONAL_TITLE: WordClass = WordClass(1 << 1);
    /// A speaker head of kind [`HeadKind::Role`].
    pub(crate) const ROLE_HEAD: WordClass = WordClass(1 << 2);
    /// A key of [`Lexicon::cues`]: a cue form may start with it.
    pub(crate) const CUE_START: WordClass = WordClass(1 << 3);
    /// Less و/ف in front (two letters or more left), a key of
    /// [`Lexicon::cues`].
    pub(crate) const BARE_CUE_START: WordClass = WordClass(1 << 4);
    /// In [`Lexicon::cue_words`].
    pub(crate) const CUE_WORD: WordClass = WordClass(1 << 5);
    /// A key of [`Lexicon::heads`].
    pub(crate) const HEAD: WordClass = WordClass(1 << 6);
    /// Not a word's: a token of punctuation that is a comma, `،` or `,`. The
    /// rules test commas wherever they walk (the people rules start at each
    /// one): set when the token is made, the test is the class's, as for a
    /// word, and the loop over every token tests one byte.
    pub(crate) const COMMA: WordClass = WordClass(1 << 7);
}

/// The words of the lists [`WordClass`] names, each with its bits, found by
/// their [`sketch`] (one cheap hash, not a hash map's): a bit per sketch
/// tells whether any word has it (most words of a text are in no list, and
/// a clear bit tells so), and the number of set bits before it (its rank) is
/// the word's slot in a table sorted by sketch, where the one or two words
/// of that sketch are compared. (Fixed-size arrays: the index of a sketch is
/// in bounds by its type, and the look-up has no bounds test.)
#[derive(Debug, Clone)]
struct WordClasses {
    bits: Box<[u64; SKETCH_WORDS]>,
    /// For each `u64` of `bits`, the set bits before it.
    ranks: Box<[u32; SKETCH_WORDS]>,
    /// For the slot of each set bit, where its words start in `words`; one
    /// more at the end.
    starts: Vec<u32>,
    /// The words and their bits, by sketch.
    words: Vec<(Box<[u8]>, WordClass)>,
}

/// The `u64` words of [`WordClasses::bits`].
const SKETCH_WORDS: usize = 1 << (SKETCH_BITS - 6);

/// Bits of [`WordClasses::bits`]: the lists hold about 1,500 words, so that
/// a word in none of them finds its bit set about one time in 45 (8 KB, in
/// the first-level cache).
const SKETCH_BITS: u32 = 16;

/// A cheap hash of a word, from its length and its first and last eight
/// bytes (all of them in a word of up to 16 bytes, most words), read as
/// two `u64` that may overlap; a word shorter than eight bytes is read as
/// one `u64`, padded with zeros, for both. Most listed words share their
/// first letter and their ending with others ("ال…ه"): a hash of three of
/// their bytes put up to 17 of them under one sketch, and let two and a half
/// times as many words of a text past the bits (measured on the corpus).
/// [`sketch_at`] is the same hash read from the text around the word.
fn sketch(b: &[u8]) -> usize {
    let k = b.len().min(8);
    let (mut lo, mut hi) = ([0; 8], [0; 8]);
    lo[..k].copy_from_slice(&b[..k]);
    hi[..k].copy_from_slice(&b[b.len() - k..]);
    mix(u64::from_le_bytes(lo), u64::from_le_bytes(hi), b.len())
}

/// [`sketch`] of the word `text[start..end]` (not empty), its eight bytes
/// from `start` and the eight before `end` read from the text and the bytes
/// past the word shifted out, so that no branch asks whether the word has
/// eight bytes: the tokenizer's look-up, where that branch mispredicted
/// about every other word (Arabic words hold 4 to 12 bytes). `None` when
/// the eight bytes are not all in the text (a word at its start or end).
#[inline]
fn sketch_at(text: &[u8], start: usize, end: usize) -> Option<usize> {
    let n = end.checked_sub(start)?;
    let lo = text.get(start..).and_then(<[u8]>::first_chunk::<8>)?;
    let hi = text.get(end.checked_sub(8)?..).and_then(<[u8]>::first_chunk::<8>)?;
    // The bits of the bytes past the word's `min(n, 8)`: 0 to 56 (56 for
    // an empty word too, whose sketch is then not [`sketch`]'s: no listed
    // word is empty, and [`Lexicon::class_at`] compares the bytes).
    let past = 8 * (8 - n.clamp(1, 8)) as u32;
    Some(mix(u64::from_le_bytes(*lo) & u64::MAX >> past, u64::from_le_bytes(*hi) >> past, n))
}

/// The sketch of a word of `n` bytes from its first and last (up to) eight
/// bytes, little-endian, zero-padded.
#[inline]
fn mix(lo: u64, hi: u64, n: usize) -> usize {
    // (Multiplied, not rotated: the bytes both halves hold must not cancel.)
    let x = lo ^ hi.wrapping_mul(0xA076_1D64_78BD_642F);
    // A folded multiply: every input bit reaches the top bits of the result
    // (a plain multiply leaves them blind to the top bytes, letters' lead bytes).
    let m = u128::from(x.wrapping_add(n as u64)) * 0x9E37_79B9_7F4A_7C15;
    ((m as u64 ^ (m >> 64) as u64) >> (64 - SKETCH_BITS)) as usize
}

impl WordClasses {
    fn new(classes: HashMap<Vec<u8>, WordClass>) -> WordClasses {
        let mut words: Vec<(Box<[u8]>, WordClass)> =
            classes.into_iter().map(|(w, c)| (w.into_boxed_slice(), c)).collect();
        // Each sketch computed once, not at every comparison (that was most
        // of the lexicon's start-up after the normalizer's).
        words.sort_by_cached_key(|(w, _)| sketch(w));
        let mut bits = Box::new([0u64; SKETCH_WORDS]);
        let mut starts = Vec::new();
        for (k, (w, _)) in words.iter().enumerate() {
            let h = sketch(w);
            if bits[h >> 6] & 1 << (h & 63) == 0 {
                bits[h >> 6] |= 1 << (h & 63);
                starts.push(u32::try_from(k).unwrap_or(u32::MAX));
            }
        }
        starts.push(u32::try_from(words.len()).unwrap_or(u32::MAX));
        let mut ranks = Box::new([0u32; SKETCH_WORDS]);
        let mut rank = 0;
        for (r, b) in ranks.iter_mut().zip(bits.iter()) {
            *r = rank;
            rank += b.count_ones();
        }
        WordClasses { bits, ranks, starts, words }
    }

    /// The slot of the sketch `h`, if any listed word has that sketch.
    /// Inlined: for most words this answers.
    #[inline]
    fn slot(&self, h: usize) -> Option<usize> {
        let bits = self.bits[h >> 6];
        let below = bits & !(u64::MAX << (h & 63));
        (bits >> (h & 63) & 1 != 0).then(|| (self.ranks[h >> 6] + below.count_ones()) as usize)
    }

    /// The bits of the word of slot `slot` that is `w` (none if none is).
    #[inline(never)]
    fn class_in_slot(&self, slot: usize, w: &[u8]) -> WordClass {
        let (Some(&from), Some(&to)) = (self.starts.get(slot), self.starts.get(slot + 1)) else {
            return WordClass::default();
        };
        let words = self.words.get(from as usize..to as usize).unwrap_or_default();
        words.iter().find(|(word, _)| **word == *w).map_or(WordClass::default(), |&(_, c)| c)
    }
}

/// A title before a person's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Title {
    /// Normalized (`الدكتور`, `د.`).
    pub(crate) text: String,
    pub(crate) class: String,
}

/// The built-in word lists.
#[derive(Debug, Clone)]
pub(crate) struct Lexicon {
    pub(crate) titles: Vec<Title>,
    /// Fine kind → words that, right before an ambiguous alias, confirm it.
    pub(crate) context: HashMap<String, HashSet<String>>,
    /// Normalized abbreviations, each ending in a dot.
    pub(crate) abbreviations: HashSet<String>,
    /// Cue forms by their first word.
    pub(crate) cues: HashMap<String, CueForms>,
    /// Speaker head words (bare and with the article).
    pub(crate) heads: HashMap<String, HeadKind>,
    pub(crate) stopwords: HashSet<String>,
    /// Single-word cues (verbs, participles): words that end a name or a
    /// source phrase. Multi-word cues are not here: "على" starts "على حد قوله"
    /// but is no cue alone.
    pub(crate) cue_words: HashSet<String>,
    /// Every title, normalized.
    pub(crate) title_set: HashSet<String>,
    /// Titles a name follows directly (not offices: "النائب العام").
    pub(crate) personal_titles: HashSet<String>,
    /// Academic titles that writers glue to the name ("الدكتورأحمد").
    pub(crate) glued_academic: Vec<String>,
    /// The first eight bytes of each of [`Lexicon::glued_academic`] (all of
    /// a shorter one) as a little-endian `u64`, with the mask of the bytes
    /// it has, without repeats: the people rules compare a long word with
    /// the titles only when it starts like one.
    pub(crate) glued_heads: Vec<(u64, u64)>,
    /// Every word in one of the lists [`WordClass`] names, with its bits.
    /// (By bytes: the tokenizer asks about a word by its bytes, and saves
    /// the char-boundary tests of slicing the text.)
    classes: WordClasses,
}

impl Lexicon {
    pub(crate) fn builtin() -> Result<Lexicon> {
        let mut titles = Vec::new();
        for (line, fields) in records("gazetteers/titles.tsv", TITLES, 2)? {
            let class = fields[1];
            if !["honorific", "academic", "office", "military", "religious"].contains(&class) {
                return Err(data_err("gazetteers/titles.tsv", line, format!("unknown title class {class:?}")));
            }
            titles.push(Title { text: normalize_key(fields[0]), class: class.to_string() });
        }
        let mut context: HashMap<String, HashSet<String>> = HashMap::default();
        for (_, fields) in records("gazetteers/context.tsv", CONTEXT, 2)? {
            context.entry(fields[0].to_string()).or_default().extend(fields[1].split('|').map(normalize_key));
        }
        let mut abbreviations = HashSet::default();
        for (line, fields) in records("gazetteers/abbreviations.tsv", ABBREVIATIONS, 1)? {
            if !fields[0].ends_with('.') {
                return Err(data_err("gazetteers/abbreviations.tsv", line, "an abbreviation ends with a dot".into()));
            }
            abbreviations.insert(normalize_key(fields[0]));
        }
        let mut cues: HashMap<String, CueForms> = HashMap::default();
        for (line, fields) in records("gazetteers/cues.tsv", CUES, 4)? {
            let class = match fields[1] {
                "verb" => CueClass::Verb,
                "participle" => CueClass::Participle,
                "relay" => CueClass::Relay,
                "according" => CueClass::According,
                "block" => CueClass::Block,
                "en_verb" => CueClass::EnVerb,
                "en_according" => CueClass::EnAccording,
                other => return Err(data_err("gazetteers/cues.tsv", line, format!("unknown cue class {other:?}"))),
            };
            let preps: Vec<String> =
                if fields[3] == "-" { Vec::new() } else { fields[3].split('|').map(normalize_key).collect() };
            for form in fields[2].split('|') {
                let (form, glued_tail) = match form.trim().strip_suffix('-') {
                    Some(f) => (f, true),
                    None => (form.trim(), false),
                };
                let words: Vec<String> = normalize_key(form).split(' ').map(String::from).collect();
                let cue = CueForm { words, glued_tail, lemma: fields[0].to_string(), class, preps: preps.clone() };
                cues.entry(cue.words[0].clone()).or_default().forms.push(cue);
            }
        }
        // Longest first; among equals, exact words before a glued tail
        // ("وفقا لما" before "وفقا ل-").
        for forms in cues.values_mut() {
            forms.forms.sort_by_key(|f| (std::cmp::Reverse(f.words.len()), f.glued_tail));
            forms.single = forms.forms.iter().any(|f| f.words.len() == 1);
            for f in &forms.forms {
                if let Some(second) = f.words.get(1) {
                    let next = (second.clone(), f.glued_tail && f.words.len() == 2);
                    if !forms.seconds.contains(&next) {
                        forms.seconds.push(next);
                    }
                }
            }
        }
        let mut heads = HashMap::default();
        for (line, fields) in records("gazetteers/speakers.tsv", SPEAKERS, 2)? {
            let kind = match fields[1] {
                "anonymous" => HeadKind::Anonymous,
                "organization" => HeadKind::Organization,
                "media" => HeadKind::Media,
                "report" => HeadKind::Report,
                "role" => HeadKind::Role,
                "pronoun" => HeadKind::Pronoun,
                other => return Err(data_err("gazetteers/speakers.tsv", line, format!("unknown head kind {other:?}"))),
            };
            let (word, bare_only) = match fields[0].strip_suffix('!') {
                Some(w) => (normalize_key(w), true),
                None => (normalize_key(fields[0]), false),
            };
            if !bare_only && !word.starts_with("ال") && word.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c)) {
                heads.entry(format!("ال{word}")).or_insert(kind);
            }
            heads.insert(word, kind);
        }
        let stopwords =
            records("gazetteers/stopwords.tsv", STOPWORDS, 1)?.into_iter().map(|(_, f)| normalize_key(f[0])).collect();
        let title_set = titles.iter().map(|t| t.text.clone()).collect();
        let personal_titles = titles.iter().filter(|t| t.class != "office").map(|t| t.text.clone()).collect();
        let cue_words = cues
            .values()
            .flat_map(|f| &f.forms)
            .filter(|f| f.words.len() == 1 && !f.glued_tail)
            .map(|f| f.words[0].clone())
            .collect();
        let mut lex = Lexicon {
            cue_words,
            titles,
            context,
            abbreviations,
            cues,
            heads,
            stopwords,
            title_set,
            personal_titles,
            glued_academic: Vec::new(),
            glued_heads: Vec::new(),
            classes: WordClasses::new(HashMap::default()),
        };
        lex.glued_academic = lex
            .glued_titles()
            .filter(|t| lex.titles.iter().any(|x| x.text == *t && x.class == "academic"))
            .map(String::from)
            .collect();
        lex.glued_heads = lex.glued_academic.iter().map(|t| head_and_mask(t.as_bytes())).collect();
        lex.glued_heads.sort_unstable();
        lex.glued_heads.dedup();
        let mut classes: HashMap<Vec<u8>, WordClass> = HashMap::default();
        let mut mark = |words: &mut dyn Iterator<Item = &String>, class: WordClass| {
            for w in words {
                classes.entry(w.clone().into_bytes()).or_default().add(class);
            }
        };
        mark(&mut lex.title_set.iter(), WordClass::TITLE);
        mark(&mut lex.personal_titles.iter(), WordClass::PERSONAL_TITLE);
        mark(&mut lex.heads.iter().filter(|(_, k)| **k == HeadKind::Role).map(|(w, _)| w), WordClass::ROLE_HEAD);
        mark(&mut lex.cues.keys(), WordClass::CUE_START);
        mark(&mut lex.cue_words.iter(), WordClass::CUE_WORD);
        mark(&mut lex.heads.keys(), WordClass::HEAD);
        // The cue starts again with و/ف in front, so that one look-up
        // answers for the word and for it without them.
        let bare: Vec<String> = lex
            .cues
            .keys()
            .filter(|k| k.chars().nth(1).is_some())
            .flat_map(|k| [format!("و{k}"), format!("ف{k}")])
            .collect();
        mark(&mut bare.iter(), WordClass::BARE_CUE_START);
        lex.classes = WordClasses::new(classes);
        Ok(lex)
    }

    /// The lists `word` is in. Inlined: for most words the sketch answers.
    #[inline]
    pub(crate) fn class_of(&self, word: &str) -> WordClass {
        self.class_of_bytes(word.as_bytes())
    }

    /// [`Lexicon::class_of`] for a word as bytes (a word of UTF-8 text).
    #[inline]
    pub(crate) fn class_of_bytes(&self, word: &[u8]) -> WordClass {
        match self.classes.slot(sketch(word)) {
            Some(slot) => self.classes.class_in_slot(slot, word),
            None => WordClass::default(),
        }
    }

    /// [`Lexicon::class_of_bytes`] of the word `text[start..end]` (empty
    /// if that is no range of `text`), its sketch read from the text in
    /// place ([`sketch_at`]): the tokenizer's look-up.
    #[inline]
    pub(crate) fn class_at(&self, text: &[u8], start: usize, end: usize) -> WordClass {
        let Some(word) = text.get(start..end) else { return WordClass::default() };
        let h = sketch_at(text, start, end).unwrap_or_else(|| sketch(word));
        match self.classes.slot(h) {
            Some(slot) => self.classes.class_in_slot(slot, word),
            None => WordClass::default(),
        }
    }

    /// One-word Arabic titles, which writers sometimes glue to the name
    /// ("الدكتورأحمد").
    pub(crate) fn glued_titles(&self) -> impl Iterator<Item = &str> {
        self.titles.iter().map(|t| t.text.as_str()).filter(|t| {
            !t.contains(' ') && t.chars().count() > 2 && t.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
        })
    }
}

/// The first eight bytes of `b` (all of it, if shorter) as a little-endian
/// `u64`, and the mask of the bytes taken.
fn head_and_mask(b: &[u8]) -> (u64, u64) {
    let n = b.len().min(8);
    let mut head = [0u8; 8];
    head[..n].copy_from_slice(&b[..n]);
    let mask = if n == 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 };
    (u64::from_le_bytes(head), mask)
}

fn data_err(path: &str, line: usize, reason: String) -> Error {
    Error::Data { path: path.to_string(), line, reason }
}

/// The non-comment lines of a TAB-separated file with exactly `fields` fields.
pub(crate) fn records<'a>(path: &str, text: &'a str, fields: usize) -> Result<Vec<(usize, Vec<&'a str>)>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        if f.len() != fields || f.iter().any(|x| x.is_empty()) {
            return Err(data_err(
                path,
                i + 1,
                format!("expected {fields} non-empty TAB-separated fields, found {}", f.len()),
            ));
        }
        out.push((i + 1, f));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_load() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.glued_titles().any(|t| t == "الدكتور"));
        assert!(!lex.glued_titles().any(|t| t == "د."));
        assert!(lex.context["company"].contains("شركه"));
        assert!(lex.abbreviations.contains("dr."));
        assert!(lex.cues["قالت"].forms.iter().any(|c| c.lemma == "قال" && c.class == CueClass::Verb));
        assert!(lex.cues["وفقا"].forms.iter().any(|c| c.glued_tail && c.words == ["وفقا", "ل"]));
        assert_eq!(lex.heads.get("المصادر"), Some(&HeadKind::Anonymous));
        assert!(lex.stopwords.contains("ان"));
    }

    #[test]
    fn cue_forms_are_ruled_out_only_when_none_matches() {
        let lex = Lexicon::builtin().unwrap();
        let seconds: Vec<&str> =
            lex.cues.values().flat_map(|f| f.forms.iter().filter_map(|f| f.words.get(1))).map(String::as_str).collect();
        assert!(!lex.cues["علي"].single && lex.cues["علي"].seconds.len() == 1);
        // Each second word, cut, extended, and some others.
        let mut nexts: Vec<String> = vec![String::new(), "كتاب".into(), "x".into()];
        for s in &seconds {
            nexts.push(s.to_string());
            nexts.push(format!("{s}مصادر"));
            nexts.push(s.chars().skip(1).collect());
            nexts.push(s.chars().take(s.chars().count().saturating_sub(1)).collect());
        }
        for forms in lex.cues.values() {
            for next in nexts.iter().map(|n| Some(n.as_bytes())).chain([None]) {
                let second_ok = |f: &CueForm| match (f.words.get(1), next) {
                    (None, _) => true,
                    (Some(_), None) => false,
                    (Some(s), Some(w)) if f.glued_tail && f.words.len() == 2 => w.starts_with(s.as_bytes()),
                    (Some(s), Some(w)) => w == s.as_bytes(),
                };
                assert_eq!(
                    forms.may_match(next),
                    forms.forms.iter().any(second_ok),
                    "{:?} {next:?}",
                    forms.forms[0].words
                );
            }
        }
    }

    #[test]
    fn word_classes_answer_for_the_lists() {
        let lex = Lexicon::builtin().unwrap();
        for (w, c) in &lex.classes.words {
            let w = std::str::from_utf8(w).unwrap();
            assert!(lex.class_of(w) == *c, "{w}");
            assert_eq!(c.has(WordClass::CUE_WORD), lex.cue_words.contains(w), "{w}");
            assert_eq!(c.has(WordClass::HEAD), lex.heads.contains_key(w), "{w}");
            let bare = w.strip_prefix(['و', 'ف']).filter(|r| r.chars().nth(1).is_some());
            assert_eq!(c.has(WordClass::BARE_CUE_START), bare.is_some_and(|r| lex.cues.contains_key(r)), "{w}");
            // A token of punctuation is in no list (its class is left empty).
            assert!(w.chars().count() > 1 || crate::matcher::is_word_char(w.chars().next().unwrap()), "{w}");
        }
        assert_eq!(lex.class_of("وقال"), WordClass::BARE_CUE_START);
        assert_eq!(lex.class_of("كتاب"), WordClass::default());
    }

    proptest::proptest! {
        #[test]
        fn word_classes_agree_with_a_map(
            // Listed words cut, extended and recombined: words that share
            // sketches with them and are not listed.
            picks in proptest::collection::vec((0usize..10_000, 0usize..4, 0usize..4), 1..4)
        ) {
            let lex = Lexicon::builtin().unwrap();
            let map: HashMap<&[u8], WordClass> = lex.classes.words.iter().map(|(w, c)| (&**w, *c)).collect();
            let listed = &lex.classes.words;
            let mut word = Vec::new();
            for (k, cut, ext) in picks {
                let w = &listed[k % listed.len()].0;
                word.extend_from_slice(&w[..w.len().saturating_sub(cut)]);
                word.extend_from_slice(&"ابو".as_bytes()[..2 * ext]);
            }
            proptest::prop_assert_eq!(lex.class_of_bytes(&word), map.get(&*word).copied().unwrap_or_default());
            for w in listed.iter().map(|(w, _)| w) {
                proptest::prop_assert_eq!(lex.class_of_bytes(w), map[&**w]);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn sketch_at_agrees_with_sketch(
            text in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, b' ', 0x41, 0xD8, 0xA7, 0xFF]), 0..40),
            start in 0usize..44,
            end in 0usize..44,
        ) {
            match sketch_at(&text, start, end) {
                Some(h) if start < end => proptest::prop_assert_eq!(h, sketch(&text[start..end])),
                // (An empty word's sketch is no listed word's: any will do.)
                Some(_) => proptest::prop_assert_eq!(start, end),
                // Only a word whose eight bytes around are not all in the
                // text is left to [`sketch`].
                None => proptest::prop_assert!(end < start || end > text.len() || start + 8 > text.len() || end < 8),
            }
        }

        #[test]
        fn class_at_agrees_with_class_of_bytes(
            k in 0usize..10_000,
            before in 0usize..12,
            after in 0usize..12,
            cut in 0usize..3,
        ) {
            let lex = Lexicon::builtin().unwrap();
            let listed = &lex.classes.words;
            let w = &listed[k % listed.len()].0;
            let word = &w[..w.len().saturating_sub(cut)];
            let text = [" ".repeat(before).as_bytes(), word, "ب".repeat(after).as_bytes()].concat();
            proptest::prop_assert_eq!(lex.class_at(&text, before, before + word.len()), lex.class_of_bytes(word));
        }
    }

    #[test]
    fn records_reject_wrong_field_count() {
        let err = records("x.tsv", "# c\na\tb\tc\n", 2).unwrap_err();
        assert_eq!(err.to_string(), "x.tsv:2: expected 2 non-empty TAB-separated fields, found 3");
    }
}
