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
}

/// A bit per [`sketch`] of the words in [`Lexicon::classes`]: most words of a
/// text are in no list, and a clear bit tells so without hashing the word.
/// (A fixed-size array: the index of a sketch is in bounds by its type, and
/// the look-up has no bounds test.)
#[derive(Debug, Clone)]
struct Sketches(Box<[u64; SKETCH_WORDS]>);

/// The `u64` words of [`Sketches`].
const SKETCH_WORDS: usize = 1 << (SKETCH_BITS - 6);

/// Bits of [`Sketches`]: the lists hold about a thousand words, so that a
/// word in none of them finds its bit set about one time in sixty (8 KB, in
/// the first-level cache; at 14 bits, one time in sixteen, the false
/// positives were about half of the look-ups).
const SKETCH_BITS: u32 = 16;

/// A cheap hash of a word from its length and three of its bytes: the second
/// (in Arabic, the first letter's), the last, and the third from last (the
/// last two letters'). Words shorter than three bytes hash to their length.
fn sketch(b: &[u8]) -> usize {
    let n = b.len();
    if n < 3 {
        return n;
    }
    let x = (n as u32 & 0xFF) | u32::from(b[1]) << 8 | u32::from(b[n - 1]) << 16 | u32::from(b[n - 3]) << 24;
    (x.wrapping_mul(0x9E37_79B1) >> (32 - SKETCH_BITS)) as usize
}

impl Sketches {
    fn new<'w>(words: impl Iterator<Item = &'w Vec<u8>>) -> Sketches {
        let mut bits = Box::new([0u64; SKETCH_WORDS]);
        for w in words {
            let h = sketch(w);
            bits[h >> 6] |= 1 << (h & 63);
        }
        Sketches(bits)
    }

    /// False when `w` is surely none of the words.
    #[inline]
    fn may_hold(&self, w: &[u8]) -> bool {
        let h = sketch(w);
        self.0[h >> 6] & 1 << (h & 63) != 0
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
    pub(crate) cues: HashMap<String, Vec<CueForm>>,
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
    /// Every word in one of the lists [`WordClass`] names, with its bits.
    /// (By bytes: the tokenizer asks about a word by its bytes, and saves
    /// the char-boundary tests of slicing the text.)
    classes: HashMap<Vec<u8>, WordClass>,
    /// The words of `classes`, to skip the look-up for most others.
    sketches: Sketches,
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
        let mut cues: HashMap<String, Vec<CueForm>> = HashMap::default();
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
                cues.entry(cue.words[0].clone()).or_default().push(cue);
            }
        }
        // Longest first; among equals, exact words before a glued tail
        // ("وفقا لما" before "وفقا ل-").
        for forms in cues.values_mut() {
            forms.sort_by_key(|f| (std::cmp::Reverse(f.words.len()), f.glued_tail));
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
            .flatten()
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
            classes: HashMap::default(),
            sketches: Sketches(Box::new([0; SKETCH_WORDS])),
        };
        lex.glued_academic = lex
            .glued_titles()
            .filter(|t| lex.titles.iter().any(|x| x.text == *t && x.class == "academic"))
            .map(String::from)
            .collect();
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
        lex.sketches = Sketches::new(classes.keys());
        lex.classes = classes;
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
        if self.sketches.may_hold(word) { self.listed_class(word) } else { WordClass::default() }
    }

    /// [`Lexicon::class_of`] from the map, kept out of line.
    #[inline(never)]
    fn listed_class(&self, word: &[u8]) -> WordClass {
        self.classes.get(word).copied().unwrap_or_default()
    }

    /// One-word Arabic titles, which writers sometimes glue to the name
    /// ("الدكتورأحمد").
    pub(crate) fn glued_titles(&self) -> impl Iterator<Item = &str> {
        self.titles.iter().map(|t| t.text.as_str()).filter(|t| {
            !t.contains(' ') && t.chars().count() > 2 && t.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
        })
    }
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
        assert!(lex.cues["قالت"].iter().any(|c| c.lemma == "قال" && c.class == CueClass::Verb));
        assert!(lex.cues["وفقا"].iter().any(|c| c.glued_tail && c.words == ["وفقا", "ل"]));
        assert_eq!(lex.heads.get("المصادر"), Some(&HeadKind::Anonymous));
        assert!(lex.stopwords.contains("ان"));
    }

    #[test]
    fn word_classes_answer_for_the_lists() {
        let lex = Lexicon::builtin().unwrap();
        for (w, c) in &lex.classes {
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

    #[test]
    fn records_reject_wrong_field_count() {
        let err = records("x.tsv", "# c\na\tb\tc\n", 2).unwrap_err();
        assert_eq!(err.to_string(), "x.tsv:2: expected 2 non-empty TAB-separated fields, found 3");
    }
}
