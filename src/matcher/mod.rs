//! Matching: one leftmost-longest Aho-Corasick automaton over every
//! normalized alias, with the word-boundary rules applied inside the search.
//!
//! A candidate counts only where a word may begin and end:
//!
//! - **left**: at the start of a word, or after Arabic proclitics glued to it
//!   (و ف, then ب ل ك: "وللصين", "بالصين", "وByteDance"); a form whose article
//!   was swallowed by ل ("للصين") only after ل; a person's name also right
//!   after a glued one-word title ("الدكتورأحمد");
//! - **right**: at the end of a word (the next character is no letter or
//!   digit), so "الصين" is not found in "الصينية" and "China" not in "Chinatown".
//!
//! When the longest candidate fails on the right, shorter ones at the same
//! start are tried; when all fail, the search resumes one character further,
//! so a rejected candidate never hides a valid one that overlaps it
//! ("الدكتوراحمد بانافع" still yields "بانافع" when only that is known).
//!
//! The automaton walks the text in a one-byte alphabet ([`alphabet`]): one
//! code per character, so an Arabic letter costs one step instead of two,
//! and the boundary rules read codes too. It is a DFA built lazily ([`lazy`])
//! over the Aho-Corasick trie, whose failure links are found lazily too
//! ([`trie`]): quick to build, and as fast as a DFA on the states text keeps
//! coming back to.

mod alphabet;
mod lazy;
mod trie;

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::gazetteer::{Gazetteer, Meaning, PatternSet};
use crate::lexicon::Lexicon;
use alphabet::{Alphabet, Encoder, Encoding};
pub(crate) use alphabet::{Encoded, is_word_char};
use lazy::{Found, LazyDfa, Searcher};

/// Where [`Matcher::find_in`] gets its candidates: codes encoded already
/// (as normalization wrote the text), or encoded as the scan reaches them.
trait Scan {
    /// The next candidate at or after code `at`, with the codes encoded up
    /// to the character after it (or to the end).
    fn next(&mut self, dfa: &mut Searcher, at: usize) -> Option<Found>;
    /// The codes so far.
    fn encoded(&self) -> &Encoded;
}

impl Scan for &Encoded {
    fn next(&mut self, dfa: &mut Searcher, at: usize) -> Option<Found> {
        dfa.find(&self.codes, at)
    }

    fn encoded(&self) -> &Encoded {
        self
    }
}

impl Scan for Encoding<'_> {
    fn next(&mut self, dfa: &mut Searcher, at: usize) -> Option<Found> {
        let m = dfa.find_encoding(self, at)?;
        // The right boundary looks at the character after the candidate.
        self.ensure(m.end + 1);
        Some(m)
    }

    fn encoded(&self) -> &Encoded {
        Encoding::encoded(self)
    }
}

/// A mention found in normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Normalized byte span of the name (proclitics excluded; for the
    /// swallowed-article form, the ل that carries the article included).
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Index of the entity in the gazetteer.
    pub(crate) entity: usize,
    /// Found through an ambiguous alias: kept only with supporting context.
    pub(crate) ambiguous: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PatternInfo {
    entity: usize,
    needs_lam: bool,
    ambiguous: bool,
    /// Its codes may stand for other strings too (see [`alphabet`]).
    shared: bool,
}

impl PatternInfo {
    fn of(m: &Meaning, shared: bool) -> PatternInfo {
        PatternInfo { entity: m.entity, needs_lam: m.needs_lam, ambiguous: m.ambiguous, shared }
    }
}

// The built-in gazetteer's alphabet and trie, built by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/builtin_automaton.rs"));

/// The compiled automaton and what each pattern stands for.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    alphabet: Alphabet,
    /// Searches the text in [`alphabet`] codes.
    dfa: LazyDfa,
    /// The normalized patterns, in automaton order.
    texts: PatternTexts,
    /// [`Matcher::texts`] as strings, made when first asked for
    /// ([`Matcher::patterns`]: tests and tools, not extraction).
    strings: OnceLock<Vec<String>>,
    /// Each pattern's id by its text, when codes are shared.
    by_text: FxHashMap<String, usize>,
    patterns: Vec<PatternInfo>,
    is_person: Vec<bool>,
    is_norp: Vec<bool>,
    glued_titles: Vec<Vec<u8>>,
    /// Codes of the letters the boundary rules look at.
    letters: Letters,
}

/// Normalized patterns one after another in `text`, the i-th ending at
/// byte `ends[i]`: the built-in gazetteer's are borrowed from the tables
/// `build.rs` made, others are gathered at run time.
#[derive(Debug, Clone)]
struct PatternTexts {
    text: Cow<'static, str>,
    ends: Cow<'static, [usize]>,
}

impl PatternTexts {
    fn gathered(strings: &[String]) -> PatternTexts {
        let mut text = String::with_capacity(strings.iter().map(String::len).sum());
        let mut ends = Vec::with_capacity(strings.len());
        for s in strings {
            text.push_str(s);
            ends.push(text.len());
        }
        PatternTexts { text: Cow::Owned(text), ends: Cow::Owned(ends) }
    }

    /// Each pattern, in order.
    fn iter(&self) -> impl Iterator<Item = &str> {
        let text: &str = &self.text;
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let s = text.get(start..end).unwrap_or_default();
            start = end;
            s
        })
    }
}

/// Codes of the proclitics and the article.
#[derive(Debug, Clone, Copy)]
struct Letters {
    waw: u8,
    fa: u8,
    ba: u8,
    lam: u8,
    kaf: u8,
    alef: u8,
}

impl Matcher {
    /// Compiles every alias of `gazetteer`. Two entities with the same
    /// normalized alias: an alias written in a file beats a generated variant,
    /// and otherwise the one loaded later wins (a user file overrides the
    /// built-in data); see [`PatternSet`].
    pub(crate) fn new(gazetteer: &Gazetteer, lexicon: &Lexicon) -> Matcher {
        let Some((text, ends, meanings)) = gazetteer.builtin_patterns() else {
            let aliases = gazetteer.entities().iter().map(|e| e.aliases.len()).sum();
            let mut set = PatternSet::<FxBuildHasher>::with_aliases(aliases);
            for (entity, e) in gazetteer.entities().iter().enumerate() {
                for a in &e.aliases {
                    set.add(entity, &a.text, a.arabic, a.ambiguous, &e.kind);
                }
            }
            let (strings, meanings) = set.finish();
            return Matcher::compile(gazetteer, lexicon, PatternTexts::gathered(&strings), &meanings);
        };
        // The built-in gazetteer's patterns were gathered at compile time,
        // and their alphabet and trie built (by this module's own code,
        // run by `build.rs`; a test compares them with those built here).
        let texts = PatternTexts { text: Cow::Borrowed(text), ends: Cow::Borrowed(ends) };
        let alphabet = Alphabet::from_static(
            &BUILTIN_ALPHABET_TWO_BYTE,
            BUILTIN_ALPHABET_WIDE,
            &BUILTIN_ALPHABET_WORD,
            BUILTIN_ALPHABET_OVERFLOWS,
        );
        let trie = trie::Trie::from_static(
            BUILTIN_TRIE_STATES,
            &BUILTIN_TRIE_ROOT,
            BUILTIN_TRIE_SECOND,
            BUILTIN_TRIE_SHIFT,
            BUILTIN_TRIE_PATTERN_LENS,
            BUILTIN_TRIE_CLASSES,
            BUILTIN_TRIE_COLUMNS,
        );
        // (`build.rs` makes sure that no code is shared.)
        let patterns = meanings.iter().map(|m| PatternInfo::of(m, false)).collect();
        Matcher::assemble(gazetteer, lexicon, texts, patterns, alphabet, LazyDfa::over(trie))
    }

    /// [`Matcher::new`] for patterns gathered at run time.
    fn compile(gazetteer: &Gazetteer, lexicon: &Lexicon, texts: PatternTexts, meanings: &[Meaning]) -> Matcher {
        // Every pattern's codes one after another, `ends[i]` after the i-th:
        // one buffer, not one a pattern.
        let mut codes = Vec::with_capacity(texts.text.len());
        let mut ends = Vec::with_capacity(meanings.len());
        let alphabet = Alphabet::encoding(texts.iter(), &mut codes, &mut ends);
        let pattern_codes = |i: usize| &codes[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
        let patterns = meanings
            .iter()
            .enumerate()
            .map(|(i, m)| PatternInfo::of(m, alphabet.is_shared(pattern_codes(i))))
            .collect();
        // Over one-byte codes, and only unanchored searches (the shorter
        // names at a start are looked up in the trie, by their codes): both
        // halve the states, and so the time to build.
        let dfa = LazyDfa::new((0..ends.len()).map(pattern_codes)).expect("aliases fit the automaton");
        Matcher::assemble(gazetteer, lexicon, texts, patterns, alphabet, dfa)
    }

    /// The matcher of these parts.
    fn assemble(
        gazetteer: &Gazetteer,
        lexicon: &Lexicon,
        texts: PatternTexts,
        patterns: Vec<PatternInfo>,
        alphabet: Alphabet,
        dfa: LazyDfa,
    ) -> Matcher {
        let by_text = if patterns.iter().any(|p| p.shared) {
            texts.iter().enumerate().map(|(i, s)| (s.to_string(), i)).collect()
        } else {
            FxHashMap::default()
        };
        let letters = Letters {
            waw: alphabet.code('و'),
            fa: alphabet.code('ف'),
            ba: alphabet.code('ب'),
            lam: alphabet.code('ل'),
            kaf: alphabet.code('ك'),
            alef: alphabet.code('ا'),
        };
        Matcher {
            dfa,
            texts,
            strings: OnceLock::new(),
            by_text,
            patterns,
            is_person: gazetteer.entities().iter().map(|e| e.label == "PERSON").collect(),
            is_norp: gazetteer.entities().iter().map(|e| e.label == "NORP").collect(),
            glued_titles: lexicon.glued_titles().map(|t| alphabet.encode_str(t)).collect(),
            alphabet,
            letters,
        }
    }

    /// The normalized patterns the automaton searches for.
    pub(crate) fn patterns(&self) -> &[String] {
        self.strings.get_or_init(|| self.texts.iter().map(String::from).collect())
    }

    /// Every mention in normalized `text`, in order, with nationality
    /// adjectives inside longer names ("قانون الذكاء الاصطناعي الأوروبي")
    /// reported as well.
    pub(crate) fn find(&self, text: &str) -> Vec<Hit> {
        self.find_in(text, &mut Encoding::new(&self.alphabet, text), Vec::new())
    }

    /// A sink for [`normalize_into`](crate::normalize::normalize_into) that
    /// encodes the text for [`find_encoded`](Self::find_encoded) as it is
    /// normalized (`len`: about how long the text is).
    #[cfg(test)]
    pub(crate) fn encoder(&self, len: usize) -> Encoder<'_> {
        Encoder::new(&self.alphabet, len)
    }

    /// [`encoder`](Self::encoder) in the allocations of `old`, codes done
    /// with (the last document's).
    pub(crate) fn encoder_reusing(&self, len: usize, old: Encoded) -> Encoder<'_> {
        Encoder::reusing(&self.alphabet, len, old)
    }

    /// [`find`](Self::find) on `text` already encoded.
    #[cfg(test)]
    pub(crate) fn find_encoded(&self, text: &str, encoded: &Encoded) -> Vec<Hit> {
        self.find_encoded_into(text, encoded, Vec::new())
    }

    /// [`find_encoded`](Self::find_encoded) into the allocation of `hits`
    /// (emptied first).
    pub(crate) fn find_encoded_into(&self, text: &str, encoded: &Encoded, hits: Vec<Hit>) -> Vec<Hit> {
        let mut scan = encoded;
        self.find_in(text, &mut scan, hits)
    }

    /// [`find`](Self::find), the candidates from `scan`, into `hits`.
    fn find_in(&self, text: &str, scan: &mut impl Scan, mut hits: Vec<Hit>) -> Vec<Hit> {
        hits.clear();
        self.dfa.searching(|dfa| {
            let mut at = 0;
            while let Some(m) = scan.next(dfa, at) {
                let encoded = scan.encoded();
                match self.accept(text, encoded, m.start, m.end, m.pattern) {
                    Some(hit) => {
                        at = hit.end;
                        hits.push(hit);
                        if !self.is_norp[hit.entity] {
                            self.find_nested(text, encoded, hit, &mut hits);
                        }
                    }
                    // One code is one character: resume at the next one.
                    None => at = m.start + 1,
                }
            }
        });
        // Spans so far are in characters (codes): back to UTF-8 offsets.
        let encoded = scan.encoded();
        for h in &mut hits {
            (h.start, h.end) = encoded.utf8_span(text, h.start, h.end);
        }
        hits
    }

    /// The hit for the candidate `start..end` of pattern `pid`, or for the
    /// longest shorter pattern at `start` that ends at a word end (spans in
    /// characters).
    fn accept(&self, text: &str, encoded: &Encoded, start: usize, end: usize, pid: usize) -> Option<Hit> {
        let codes = encoded.codes.as_slice();
        // Only a name that ends where a word ends can count: the candidate,
        // else the text up to each word end inside it, longest first.
        let word_ends = (start + 1..end).rev().filter(|&e| !self.alphabet.is_word(codes[e]));
        for e in std::iter::once(end).chain(word_ends) {
            let pid = if e == end {
                pid
            } else if let Some(shorter) = self.dfa.pattern_of(&codes[start..e]) {
                shorter
            } else {
                continue;
            };
            let Some(pid) = self.resolve(text, encoded, start, e, pid) else { continue };
            let info = self.patterns[pid];
            if !self.left_ok(codes, start, info) {
                // Shorter patterns at this start share the left context,
                // except for the after-ل forms, which the automaton reports
                // only when they are the longest; trying the rest costs more
                // than it finds.
                return None;
            }
            if self.word_ends_at(codes, e) {
                return Some(self.hit(start, e, info));
            }
        }
        None
    }

    fn hit(&self, start: usize, end: usize, info: PatternInfo) -> Hit {
        let start = if info.needs_lam { start - 1 } else { start };
        Hit { start, end, entity: info.entity, ambiguous: info.ambiguous }
    }

    /// The pattern characters `start..end` are, given that their codes are
    /// those of `pid`: `pid` itself unless its codes are shared (see
    /// [`alphabet`]), when the text decides.
    fn resolve(&self, text: &str, encoded: &Encoded, start: usize, end: usize, pid: usize) -> Option<usize> {
        if !self.patterns[pid].shared {
            return Some(pid);
        }
        let (start, end) = encoded.utf8_span(text, start, end);
        self.by_text.get(text.get(start..end)?).copied()
    }

    fn word_ends_at(&self, codes: &[u8], at: usize) -> bool {
        codes.get(at).is_none_or(|&c| !self.alphabet.is_word(c))
    }

    fn left_ok(&self, codes: &[u8], start: usize, info: PatternInfo) -> bool {
        // What may stand glued before a name is short (a proclitic chain, a
        // one-word title): look back no further, or a long run of letters
        // would make every candidate in it cost its whole length.
        let window = start.saturating_sub(MAX_GLUED_PREFIX + 1);
        let from = match codes[window..start].iter().rposition(|&c| !self.alphabet.is_word(c)) {
            Some(i) => window + i + 1,
            None if window == 0 => 0,
            None => return false,
        };
        if start - from > MAX_GLUED_PREFIX {
            return false;
        }
        let prefix = &codes[from..start];
        if info.needs_lam {
            return prefix.last() == Some(&self.letters.lam) && self.is_proclitic_chain(prefix);
        }
        if prefix.is_empty() || self.is_proclitic_chain(prefix) {
            return true;
        }
        if self.is_person[info.entity] {
            let l = self.letters;
            let bare = prefix.strip_prefix(&[l.waw]).or_else(|| prefix.strip_prefix(&[l.fa])).unwrap_or(prefix);
            return self.glued_titles.iter().any(|t| t == bare || t == prefix);
        }
        false
    }

    /// [`is_proclitic_chain`] in codes.
    fn is_proclitic_chain(&self, prefix: &[u8]) -> bool {
        let l = self.letters;
        let rest = match prefix {
            [c, rest @ ..] if *c == l.waw || *c == l.fa => rest,
            _ => prefix,
        };
        let rest = match rest {
            [c, rest @ ..] if *c == l.ba || *c == l.lam || *c == l.kaf => rest,
            _ => rest,
        };
        rest.is_empty() && !prefix.is_empty()
    }

    /// A nationality adjective that ends the multi-word name `outer` as its
    /// definite modifier ("قانون الذكاء الاصطناعي الأوروبي" is European);
    /// an indefinite last word is part of a brand ("سكاي نيوز عربية").
    fn find_nested(&self, text: &str, encoded: &Encoded, outer: Hit, hits: &mut Vec<Hit>) {
        let codes = encoded.codes.as_slice();
        let Some(space) = codes[outer.start..outer.end].iter().rposition(|&c| c == b' ') else { return };
        let from = outer.start + space + 1;
        if !codes[from..].starts_with(&[self.letters.alef, self.letters.lam]) {
            return;
        }
        let Some(pid) = self.dfa.pattern_of(&codes[from..outer.end]) else { return };
        let Some(pid) = self.resolve(text, encoded, from, outer.end, pid) else { return };
        let info = self.patterns[pid];
        if self.is_norp[info.entity] && !info.needs_lam {
            hits.push(Hit { start: from, end: outer.end, entity: info.entity, ambiguous: info.ambiguous });
        }
    }
}

/// Whether a word ends at byte `at` of `text`.
pub(crate) fn word_ends_at(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_none_or(|c| !is_word_char(c))
}

/// Whether `prefix` is a chain of Arabic proclitics that may stand glued
/// before a name: an optional conjunction (و ف) then an optional
/// preposition (ب ل ك), at least one of them.
pub(crate) fn is_proclitic_chain(prefix: &str) -> bool {
    let mut chars = prefix.chars().peekable();
    let mut n = 0;
    if chars.next_if(|c| matches!(c, 'و' | 'ف')).is_some() {
        n += 1;
    }
    if chars.next_if(|c| matches!(c, 'ب' | 'ل' | 'ك')).is_some() {
        n += 1;
    }
    n > 0 && chars.next().is_none()
}

/// The longest prefix, in chars, that may stand glued before a name: a
/// proclitic chain and a one-word title ("والدكتور").
pub(crate) const MAX_GLUED_PREFIX: usize = 14;

/// Where the run of word characters that ends at `at` begins, if it is at
/// most `max` chars long.
pub(crate) fn word_start_within(text: &str, at: usize, max: usize) -> Option<usize> {
    let mut start = at;
    for (n, c) in text[..at].chars().rev().enumerate() {
        if !is_word_char(c) {
            return Some(start);
        }
        if n >= max {
            return None;
        }
        start -= c.len_utf8();
    }
    Some(start)
}

/// `word` itself, then `word` without each proclitic chain it may start
/// with ("لشركه" → "لشركه", "شركه").
pub(crate) fn without_proclitics(word: &str) -> impl Iterator<Item = &str> {
    let cuts = word.char_indices().take(2).map(|(i, c)| i + c.len_utf8());
    std::iter::once(word)
        .chain(cuts.filter(move |&i| i < word.len() && is_proclitic_chain(&word[..i])).map(move |i| &word[i..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::normalize::normalize;

    const DATA: &str = "\
china\tGPE\tcountry\tChina\tالصين\tChina\t-\tt
chinese\tNORP\tnationality\tChinese\tصيني\tChinese\tcountry=china\tt
bytedance\tORG\tcompany\tByteDance\tبايت دانس\tByteDance\t-\tt
banafa\tPERSON\tperson\tAhmed Banafa\tأحمد بانافع|بانافع\t-\t-\tt
ai_act\tLAW\tlaw\tEU AI Act\tقانون الذكاء الاصطناعي الأوروبي\t-\t-\tt
european\tNORP\tnationality\tEuropean\tأوروبي\t-\t-\tt
us\tGPE\tcountry\tUnited States\tالولايات المتحدة|أمريكا\tU.S.\t-\tt
north_america\tLOC\tregion\tNorth America\tأمريكا الشمالية\t-\t-\tt
apple\tORG\tcompany\tApple\t~أبل\t~Apple\t-\tt
saudi_arabia\tGPE\tcountry\tSaudi Arabia\tالسعودية\t-\t-\tt
sky\tORG\tmedia\tSky News Arabia\tسكاي نيوز عربية\t-\t-\tt
arab\tNORP\tnationality\tArab\tعربي\t-\t-\tt
saudi\tNORP\tnationality\tSaudi\tسعودي\t-\t-\tt
";

    fn matcher() -> (Matcher, Gazetteer) {
        let mut g = Gazetteer::new();
        g.extend(Gazetteer::parse("t", DATA).unwrap());
        (Matcher::new(&g, &Lexicon::builtin().unwrap()), g)
    }

    /// `t!(name, text, [(surface, entity id), …])`: the mentions of `text`,
    /// as normalized surfaces with their entity ids.
    macro_rules! t {
        ($name:ident, $text:expr, [$(($surface:expr, $id:expr)),* $(,)?]) => {
            #[test]
            fn $name() {
                let (m, g) = matcher();
                let n = normalize($text);
                let got: Vec<(String, String)> = m
                    .find(n.text())
                    .iter()
                    .map(|h| (n.text()[h.start..h.end].to_string(), g.entities()[h.entity].id.clone()))
                    .collect();
                let want: Vec<(String, String)> = vec![$((normalize($surface).text().to_string(), $id.to_string())),*];
                assert_eq!(got, want);
            }
        };
    }

    t!(plain_word, "زار الصين أمس", [("الصين", "china")]);
    t!(proclitic_waw, "بين الهند والصين", [("الصين", "china")]);
    t!(proclitic_ba_and_ka, "في بالصين وكالصين", [("الصين", "china"), ("الصين", "china")]);
    t!(lam_swallows_article, "المخصصة للصين فقط", [("للصين", "china")]);
    t!(waw_lam_swallows_article, "وللصين دور", [("للصين", "china")]);
    t!(two_persons_is_not_china, "وفقًا لشخصين مطلعين", []);
    t!(lam_form_needs_lam, "لصين", []);
    t!(not_inside_a_longer_word, "الصينية", [("الصينية", "chinese")]);
    t!(not_a_word_suffix, "كالصينx", []);
    t!(mixed_script_waw, "تعد علي بابا وByteDance من", [("ByteDance", "bytedance")]);
    t!(latin_needs_word_boundary, "xByteDance ByteDancex", []);
    t!(
        nisba_inflections,
        "الشركات الصينية والصينيون صيني",
        [("الصينية", "chinese"), ("الصينيون", "chinese"), ("صيني", "chinese")]
    );
    t!(glued_title_before_person, "الدكتورأحمد بانافع", [("أحمد بانافع", "banafa")]);
    t!(glued_title_only_for_persons, "الدكتورالصين", []);
    t!(glued_non_title_rejected_then_shorter_name_found, "محمدأحمد بانافع", [("بانافع", "banafa")]);
    t!(
        nested_nationality_in_law,
        "(قانون الذكاء الاصطناعي الأوروبي)",
        [("قانون الذكاء الاصطناعي الأوروبي", "ai_act"), ("الأوروبي", "european")]
    );
    t!(indefinite_last_word_is_part_of_a_brand, "سكاي نيوز عربية", [("سكاي نيوز عربية", "sky")]);
    t!(longest_wins, "أمريكا الشمالية وأمريكا", [("أمريكا الشمالية", "north_america"), ("أمريكا", "us")]);
    t!(dotted_abbreviation, "the U.S. said", [("U.S.", "us")]);
    t!(ambiguous_alias_is_a_candidate, "شركة أبل", [("أبل", "apple")]);
    t!(ambiguous_alias_after_proclitic, "ولشركة أبل", [("أبل", "apple")]);
    t!(written_alias_beats_generated_inflection, "السعودية وسعودي", [("السعودية", "saudi_arabia"), ("سعودي", "saudi")]);
    /// More distinct characters than one-byte codes: names past the last
    /// code share codes, and the text decides which one (if any) is there.
    #[test]
    fn names_with_shared_codes_are_checked_against_the_text() {
        let ch = |k: u32| char::from_u32(0x4E00 + k).unwrap_or('?');
        let name = |k: u32| format!("{}{}", ch(2 * k), ch(2 * k + 1));
        let rows: String = (0..100).map(|k| format!("n{k}\tORG\tcompany\tN{k}\t{}\t-\t-\tt\n", name(k))).collect();
        let mut g = Gazetteer::new();
        g.extend(Gazetteer::parse("t", &rows).unwrap());
        let m = Matcher::new(&g, &Lexicon::builtin().unwrap());
        let (late, early) = (name(99), name(98));
        let unknown = format!("{}{}", ch(199), ch(198));
        let text = format!("{late} {unknown} {early} الصين");
        let got: Vec<(&str, &str)> =
            m.find(&text).iter().map(|h| (&text[h.start..h.end], g.entities()[h.entity].id.as_str())).collect();
        assert_eq!(got, [(late.as_str(), "n99"), (early.as_str(), "n98")]);
    }

    t!(alef_run_typo, "شرائح إإنفيديا والصين", [("الصين", "china")]);

    /// The built-in gazetteer's alphabet and trie, which `build.rs` builds,
    /// are those built at run time from its patterns.
    #[test]
    fn builtin_automaton_is_the_one_built_from_its_patterns() {
        let (g, lexicon) = (Gazetteer::builtin(), Lexicon::builtin().unwrap());
        let built_in = Matcher::new(&g, &lexicon);
        let (text, ends, meanings) = g.builtin_patterns().unwrap();
        let texts = PatternTexts { text: Cow::Borrowed(text), ends: Cow::Borrowed(ends) };
        let compiled = Matcher::compile(&g, &lexicon, texts, meanings);
        // (Not `assert_eq!`: the Debug of 64 thousand states.)
        assert!(built_in.alphabet == compiled.alphabet);
        assert!(built_in.dfa.trie() == compiled.dfa.trie());
        assert_eq!(built_in.patterns, compiled.patterns);
        assert_eq!(built_in.patterns(), compiled.patterns());
        assert!(compiled.by_text.is_empty());
    }

    proptest::proptest! {
        /// Encoding as the scan goes finds what a scan over codes encoded
        /// beforehand (by normalization) finds.
        #[test]
        fn encoding_while_scanning_finds_the_same(pieces in proptest::collection::vec(proptest::sample::select(vec![
            "الصين", "والصين", "للصين", "بالصين", "الصينية", "صيني", "أحمد بانافع", "الدكتورأحمد", "بانافع",
            "قانون الذكاء الاصطناعي الأوروبي", "أمريكا الشمالية", "أمريكا", "سكاي نيوز عربية", "شركة أبل", "أبل",
            "ByteDance", "وByteDance", "China", "the U.S.", "U.S.", " ", " ", "\n", "،", ".", "«", "»", "x", "中",
            "😀", "é", "ـ", "١٢", "السعودية", "وسعودي",
        ]), 0..60)) {
            let (m, _) = matcher();
            let n = normalize(&pieces.concat());
            let (_, encoder) = crate::normalize::normalize_into(n.text(), m.encoder(n.text().len()));
            let encoded = encoder.finish();
            proptest::prop_assert_eq!(m.find(n.text()), m.find_encoded(n.text(), &encoded));
        }
    }
}
