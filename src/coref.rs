//! Surname coreference: once a person is named in full ("عاصم جلال"), the
//! surname alone ("ويلفت جلال") refers to them for the rest of the document.
//!
//! A careful reader does this without thinking; a gazetteer cannot list every
//! surname as an alias (many are common words or first names), so the rule
//! runs per document, after the first full mention only.

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
    let mut surnames: Vec<&str> = Vec::new();
    let mut owners: Vec<(usize, usize)> = Vec::new(); // (entity, first full mention end)
    for p in people {
        let full = &text[p.start..p.end];
        let Some((_, last)) = full.rsplit_once(' ') else {
            continue;
        };
        if last.chars().count() < 3 || !last.chars().all(is_word_char) {
            continue;
        }
        match surnames.iter().position(|s| *s == last) {
            // Two people share the surname: it names neither.
            Some(i) if owners[i].0 != p.entity => owners[i].0 = usize::MAX,
            Some(i) => owners[i].1 = owners[i].1.min(p.end),
            None => {
                surnames.push(last);
                owners.push((p.entity, p.end));
            }
        }
    }
    // A handful of surnames a document: a plain substring search each is
    // cheaper than building an automaton for them.
    let mut out = Vec::new();
    for (k, surname) in surnames.iter().enumerate() {
        let (entity, after) = owners[k];
        if entity == usize::MAX {
            continue;
        }
        for (start, _) in text[after..].match_indices(surname) {
            let (start, end) = (after + start, after + start + surname.len());
            if !word_ends_at(text, end) {
                continue;
            }
            let Some(from) = word_start_within(text, start, 2) else { continue };
            if !(from == start || is_proclitic_chain(&text[from..start])) {
                continue;
            }
            let i = taken.partition_point(|&(_, e)| e <= start);
            if taken.get(i).is_some_and(|&(s, _)| s < end) {
                continue;
            }
            out.push((start, end, entity));
        }
    }
    out.sort_unstable();
    out
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

    #[test]
    fn not_inside_a_word() {
        let text = "عاصم جلال ثم الجلالة";
        let people = [FullName { entity: 0, start: 0, end: "عاصم جلال".len() }];
        assert!(surname_mentions(text, &people, &[(0, people[0].end)]).is_empty());
    }
}
