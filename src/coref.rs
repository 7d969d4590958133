//! Surname coreference: once a person is named in full ("عاصم جلال"), the
//! surname alone ("ويلفت جلال") refers to them for the rest of the document.
//!
//! A careful reader does this without thinking; a gazetteer cannot list every
//! surname as an alias (many are common words or first names), so the rule
//! runs per document, after the first full mention only.

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap as HashMap;

use crate::matcher::{is_proclitic_chain, is_word_char, word_ends_at, word_start_within};

/// A person mentioned in full: the entity and where its full name was found.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FullName {
    pub(crate) entity: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Later mentions of the surnames of `people` in `text` that overlap nothing
/// in `taken` (sorted, non-overlapping spans of the mentions already found),
/// as `(start, end, entity)`.
pub(crate) fn surname_mentions(
    text: &str,
    people: &[FullName],
    taken: &[(usize, usize)],
) -> Vec<(usize, usize, usize)> {
    surname_mentions_with(text, people, taken, FEW_SURNAMES)
}

/// [`surname_mentions`], searching for each surname apart up to `few` of them.
fn surname_mentions_with(
    text: &str,
    people: &[FullName],
    taken: &[(usize, usize)],
    few: usize,
) -> Vec<(usize, usize, usize)> {
    let mut surnames: Vec<&str> = Vec::new();
    let mut owners: Vec<(usize, usize)> = Vec::new(); // (entity, first full mention end)
    // Each surname's index in `surnames` (a scan of them made hostile text,
    // thousands of people, quadratic).
    let mut index: HashMap<&str, usize> = HashMap::default();
    for p in people {
        let full = &text[p.start..p.end];
        let Some((_, last)) = full.rsplit_once(' ') else {
            continue;
        };
        if last.chars().count() < 3 || !last.chars().all(is_word_char) {
            continue;
        }
        match index.get(last) {
            // Two people share the surname: it names neither.
            Some(&i) if owners[i].0 != p.entity => owners[i].0 = usize::MAX,
            Some(&i) => owners[i].1 = owners[i].1.min(p.end),
            None => {
                index.insert(last, surnames.len());
                surnames.push(last);
                owners.push((p.entity, p.end));
            }
        }
    }
    let mut out = Vec::new();
    let mut found = |start: usize, end: usize, entity: usize| {
        if !word_ends_at(text, end) {
            return;
        }
        let Some(from) = word_start_within(text, start, 2) else { return };
        if !(from == start || is_proclitic_chain(&text[from..start])) {
            return;
        }
        let i = taken.partition_point(|&(_, e)| e <= start);
        if taken.get(i).is_some_and(|&(s, _)| s < end) {
            return;
        }
        out.push((start, end, entity));
    };
    if surnames.len() <= few {
        // A handful of surnames a document: a plain substring search each is
        // cheaper than building an automaton for them.
        for (k, surname) in surnames.iter().enumerate() {
            let (entity, after) = owners[k];
            if entity == usize::MAX {
                continue;
            }
            // (What `match_indices` finds, by a SIMD search: a third of the cost.)
            for start in memchr::memmem::find_iter(&text.as_bytes()[after..], surname) {
                found(after + start, after + start + surname.len(), entity);
            }
        }
    } else {
        all_at_once(text, &surnames, &owners, &mut found);
    }
    out.sort_unstable();
    out
}

/// Up to this many surnames, each is searched for apart.
const FEW_SURNAMES: usize = 8;

/// The search of [`surname_mentions`] for many surnames: one pass of an
/// automaton over the text, not one pass a surname (which made text naming
/// thousands of people quadratic). Its matches overlap; each surname keeps
/// where its last match ended and skips those that start before, which is
/// what `match_indices` finds for each alone.
fn all_at_once(text: &str, surnames: &[&str], owners: &[(usize, usize)], found: &mut impl FnMut(usize, usize, usize)) {
    let live: Vec<usize> = (0..surnames.len()).filter(|&k| owners[k].0 != usize::MAX).collect();
    let Some(from) = live.iter().map(|&k| owners[k].1).min() else { return };
    let Ok(ac) = AhoCorasick::builder().match_kind(MatchKind::Standard).build(live.iter().map(|&k| surnames[k])) else {
        // (Too large to build: no surname is linked.)
        return;
    };
    // Per surname: where the next match may start.
    let mut next: Vec<usize> = live.iter().map(|&k| owners[k].1).collect();
    // Matches come by their end, so each surname's in the order of their start.
    for m in ac.find_overlapping_iter(&text[from..]) {
        let p = m.pattern().as_usize();
        let (start, end) = (from + m.start(), from + m.end());
        if start < next[p] {
            continue;
        }
        next[p] = end;
        found(start, end, owners[live[p]].0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surname_after_full_name() {
        let text = "جلال قبل. قال عاصم جلال كذا. ويلفت جلال وبجلال الى";
        let full = text.find("عاصم جلال").unwrap();
        let people = [FullName { entity: 7, start: full, end: full + "عاصم جلال".len() }];
        let got = surname_mentions(text, &people, &[(people[0].start, people[0].end)]);
        let got: Vec<&str> = got.iter().map(|&(s, e, _)| &text[s..e]).collect();
        assert_eq!(got, vec!["جلال", "جلال"]);
    }

    #[test]
    fn shared_surname_names_nobody() {
        let text = "احمد علي وسعيد علي. ثم علي";
        let a = FullName { entity: 1, start: 0, end: "احمد علي".len() };
        let s = text.find("سعيد علي").unwrap();
        let b = FullName { entity: 2, start: s, end: s + "سعيد علي".len() };
        assert!(surname_mentions(text, &[a, b], &[]).is_empty());
    }

    /// The automaton finds what a search for each surname apart finds.
    #[test]
    fn many_surnames_as_one_by_one() {
        // Words that overlap themselves and each other, with proclitics.
        let words = ["ننن", "نننن", "بنن", "وننن", "لبنن", "نبن", "x", "،", "نن"];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let mut total = 0;
        for round in 0..300 {
            let n = 5 + next(40);
            let picked: Vec<&str> = (0..n).map(|_| words[next(words.len())]).collect();
            let text = picked.join(if round % 3 == 0 { "" } else { " " });
            // People: spans of two words, wherever a space stands.
            let spaces: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
            let mut people = Vec::new();
            let mut taken = Vec::new();
            for _ in 0..next(12) {
                let Some(&sp) = spaces.get(next(spaces.len().max(1))) else { break };
                let start = text[..sp].rfind(' ').map_or(0, |i| i + 1);
                let end = text[sp + 1..].find(' ').map_or(text.len(), |i| sp + 1 + i);
                people.push(FullName { entity: next(4), start, end });
                if next(2) == 0 {
                    taken.push((start, end));
                }
            }
            taken.sort_unstable();
            taken.dedup_by(|b, a| b.0 < a.1);
            let want = surname_mentions_with(&text, &people, &taken, usize::MAX);
            let got = surname_mentions_with(&text, &people, &taken, 0);
            assert_eq!(got, want, "{text:?} {people:?} {taken:?}");
            total += want.len();
        }
        assert!(total > 100, "{total}");
    }

    #[test]
    fn not_inside_a_word() {
        let text = "عاصم جلال ثم الجلالة";
        let people = [FullName { entity: 0, start: 0, end: "عاصم جلال".len() }];
        assert!(surname_mentions(text, &people, &[(0, people[0].end)]).is_empty());
    }
}
