//! The claim rules' short word lists, as bits: the zone and marker walks ask
//! about every token which lists its word is in, and one hash look-up
//! answers for all of them instead of a linear scan per list.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::complement::{CONNECTIVES, PREPOSITIONS, PRONOUN_PREPS, SUBORDINATORS};
use super::speaker::{ADVERBIAL_OPENERS, FI_ADVERBIALS, TIME_WORDS};

crate::bits::bit_set!(
    /// Which of the lists a word is in.
    Lists
);

impl Lists {
    /// In [`PRONOUN_PREPS`].
    pub(crate) const PRONOUN_PREP: Lists = Lists(1);
    /// In [`ADVERBIAL_OPENERS`].
    pub(crate) const ADVERBIAL_OPENER: Lists = Lists(1 << 1);
    /// In [`FI_ADVERBIALS`].
    pub(crate) const FI_ADVERBIAL: Lists = Lists(1 << 2);
    /// In [`TIME_WORDS`].
    pub(crate) const TIME_WORD: Lists = Lists(1 << 3);
    /// In [`CONNECTIVES`].
    pub(crate) const CONNECTIVE: Lists = Lists(1 << 4);
    /// In [`SUBORDINATORS`].
    pub(crate) const SUBORDINATOR: Lists = Lists(1 << 5);
    /// In [`PREPOSITIONS`].
    pub(crate) const PREPOSITION: Lists = Lists(1 << 6);
}

/// Each list with its bit.
const LISTS: [(&[&str], Lists); 7] = [
    (PRONOUN_PREPS, Lists::PRONOUN_PREP),
    (ADVERBIAL_OPENERS, Lists::ADVERBIAL_OPENER),
    (FI_ADVERBIALS, Lists::FI_ADVERBIAL),
    (TIME_WORDS, Lists::TIME_WORD),
    (CONNECTIVES, Lists::CONNECTIVE),
    (SUBORDINATORS, Lists::SUBORDINATOR),
    (PREPOSITIONS, Lists::PREPOSITION),
];

/// Every word of the lists, with its bits.
static TABLE: LazyLock<FxHashMap<&'static str, Lists>> = LazyLock::new(|| {
    let mut table: FxHashMap<&'static str, Lists> = FxHashMap::default();
    for (words, list) in LISTS {
        for w in words {
            table.entry(w).or_default().add(list);
        }
    }
    table
});

/// The lists `w` is in (none for the empty string of a punctuation token).
pub(crate) fn lists(w: &str) -> Lists {
    if w.is_empty() {
        return Lists::default();
    }
    TABLE.get(w).copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_agree_with_the_lists() {
        let lists_of = LISTS;
        let all: Vec<&str> = lists_of.iter().flat_map(|(w, _)| w.iter().copied()).chain(["", "كتاب", "x"]).collect();
        for w in all {
            for (words, list) in lists_of {
                assert_eq!(lists(w).has(list), words.contains(&w), "{w}");
            }
        }
    }
}
