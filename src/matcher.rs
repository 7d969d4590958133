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

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use crate::gazetteer::{Gazetteer, expand_alias};
use crate::lexicon::Lexicon;

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

#[derive(Debug, Clone, Copy)]
struct PatternInfo {
    entity: usize,
    needs_lam: bool,
    ambiguous: bool,
    generated: bool,
}

/// The compiled automaton and what each pattern stands for.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    ac: AhoCorasick,
    /// The normalized patterns, in automaton order.
    strings: Vec<String>,
    patterns: Vec<PatternInfo>,
    is_person: Vec<bool>,
    is_norp: Vec<bool>,
    glued_titles: Vec<String>,
}

impl Matcher {
    /// Compiles every alias of `gazetteer`. Two entities with the same
    /// normalized alias: an alias written in a file beats a generated variant,
    /// and otherwise the one loaded later wins (a user file overrides the
    /// built-in data).
    pub(crate) fn new(gazetteer: &Gazetteer, lexicon: &Lexicon) -> Matcher {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut strings: Vec<String> = Vec::new();
        let mut patterns: Vec<PatternInfo> = Vec::new();
        for (entity, e) in gazetteer.entities().iter().enumerate() {
            for alias in &e.aliases {
                for v in expand_alias(alias, &e.kind) {
                    let info = PatternInfo {
                        entity,
                        needs_lam: v.needs_lam,
                        ambiguous: alias.ambiguous,
                        generated: v.generated,
                    };
                    match index.get(&v.pattern) {
                        Some(&i) if info.generated && !patterns[i].generated => {}
                        Some(&i) => patterns[i] = info,
                        None => {
                            index.insert(v.pattern.clone(), strings.len());
                            strings.push(v.pattern);
                            patterns.push(info);
                        }
                    }
                }
            }
        }
        // A contiguous NFA: it builds in milliseconds and stays small with
        // thousands of patterns; a DFA with both start kinds took 0.2 s and
        // 100 MB to build for the built-in gazetteers.
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&strings)
            .expect("aliases are plain strings and fit the automaton");
        Matcher {
            ac,
            strings,
            patterns,
            is_person: gazetteer.entities().iter().map(|e| e.label == "PERSON").collect(),
            is_norp: gazetteer.entities().iter().map(|e| e.label == "NORP").collect(),
            glued_titles: lexicon.glued_titles().map(String::from).collect(),
        }
    }

    /// The normalized patterns the automaton searches for.
    pub(crate) fn patterns(&self) -> &[String] {
        &self.strings
    }

    /// Every mention in normalized `text`, in order, with nationality
    /// adjectives inside longer names ("قانون الذكاء الاصطناعي الأوروبي")
    /// reported as well.
    pub(crate) fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = self.ac.find(Input::new(text).range(at..)) else {
                break;
            };
            match self.accept(text, m.start(), m.end(), m.pattern().as_usize()) {
                Some(hit) => {
                    at = hit.end;
                    hits.push(hit);
                    if !self.is_norp[hit.entity] {
                        self.find_nested(text, hit, &mut hits);
                    }
                }
                None => at = next_boundary(text, m.start()),
            }
        }
        hits
    }

    /// The hit for the candidate `start..end` of pattern `pid`, or for the
    /// longest shorter pattern at `start` that ends at a word end.
    fn accept(&self, text: &str, start: usize, mut end: usize, mut pid: usize) -> Option<Hit> {
        loop {
            let info = self.patterns[pid];
            if !self.left_ok(text, start, info) {
                // Shorter patterns at this start share the left context,
                // except for the after-ل forms, which the automaton reports
                // only when they are the longest; trying the rest costs more
                // than it finds.
                return None;
            }
            if word_ends_at(text, end) {
                let start = if info.needs_lam { start - 'ل'.len_utf8() } else { start };
                return Some(Hit { start, end, entity: info.entity, ambiguous: info.ambiguous });
            }
            let shorter = self.ac.find(Input::new(text).range(start..end - 1).anchored(Anchored::Yes))?;
            end = shorter.end();
            pid = shorter.pattern().as_usize();
        }
    }

    fn left_ok(&self, text: &str, start: usize, info: PatternInfo) -> bool {
        // What may stand glued before a name is short (a proclitic chain, a
        // one-word title): look back no further, or a long run of letters
        // would make every candidate in it cost its whole length.
        let Some(from) = word_start_within(text, start, MAX_GLUED_PREFIX) else { return false };
        let prefix = &text[from..start];
        if info.needs_lam {
            return prefix.ends_with('ل') && is_proclitic_chain(prefix);
        }
        if prefix.is_empty() || is_proclitic_chain(prefix) {
            return true;
        }
        if self.is_person[info.entity] {
            let bare = prefix.strip_prefix(['و', 'ف']).unwrap_or(prefix);
            return self.glued_titles.iter().any(|t| t == bare || t == prefix);
        }
        false
    }

    /// A nationality adjective that ends the multi-word name `outer` as its
    /// definite modifier ("قانون الذكاء الاصطناعي الأوروبي" is European);
    /// an indefinite last word is part of a brand ("سكاي نيوز عربية").
    fn find_nested(&self, text: &str, outer: Hit, hits: &mut Vec<Hit>) {
        let Some(space) = text[outer.start..outer.end].rfind(' ') else { return };
        let from = outer.start + space + 1;
        if !text[from..].starts_with("ال") {
            return;
        }
        let input = Input::new(text).range(from..outer.end).anchored(Anchored::Yes);
        if let Some(m) = self.ac.find(input).filter(|m| m.end() == outer.end) {
            let info = self.patterns[m.pattern().as_usize()];
            if self.is_norp[info.entity] && !info.needs_lam {
                hits.push(Hit { start: m.start(), end: m.end(), entity: info.entity, ambiguous: info.ambiguous });
            }
        }
    }
}

/// A letter or digit of any script: what a name may not touch.
pub(crate) fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        // The Arabic letters and digits normalization leaves (a fast path:
        // Unicode's alphabetic table is a slow lookup).
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0660}'..='\u{0669}' => true,
        _ => c.is_alphanumeric(),
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

fn next_boundary(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(1, char::len_utf8)
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
    t!(alef_run_typo, "شرائح إإنفيديا والصين", [("الصين", "china")]);
}
