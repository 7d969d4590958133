//! Checking gazetteers: aliases that name two entities, links that point
//! nowhere, and counts by label and kind (`extract gazetteer check|stats`).

use std::collections::{BTreeMap, HashMap};

use super::{Gazetteer, expand_alias};
use crate::normalize::normalize_key;

/// A problem found in a gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// One normalized alias written for two entities.
    AliasConflict {
        /// The alias, normalized.
        alias: String,
        /// The entity that had it first.
        first: String,
        /// The entity that has it too.
        second: String,
    },
    /// An attribute links to an id no entity has.
    DanglingLink {
        /// The entity with the link.
        id: String,
        /// The attribute (`country`, `maker` …).
        key: String,
        /// The id it points to.
        target: String,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::AliasConflict { alias, first, second } => {
                write!(f, "alias {alias:?} names both {first} and {second}")
            }
            Problem::DanglingLink { id, key, target } => write!(f, "{id}: {key}={target} links to no entity"),
        }
    }
}

/// Counts of entities and aliases by label and kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// `(label, kind)` → `(entities, aliases as written, patterns after generating variants)`.
    pub by_kind: BTreeMap<(String, String), (usize, usize, usize)>,
}

impl Gazetteer {
    /// Aliases written for two entities, and links to ids that do not exist.
    ///
    /// ```
    /// let mut g = isnad::Gazetteer::new();
    /// g.extend(isnad::Gazetteer::parse("t", "a\tORG\tcompany\tA Co\tنجم\t-\t-\tt\nb\tORG\tcompany\tB Co\tنجم\t-\tcountry=nowhere\tt\n")?);
    /// let problems: Vec<String> = g.problems().iter().map(|p| p.to_string()).collect();
    /// assert_eq!(problems, ["alias \"نجم\" names both a and b", "b: country=nowhere links to no entity"]);
    /// # Ok::<(), isnad::Error>(())
    /// ```
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut owner: HashMap<String, &str> = HashMap::new();
        for e in self.entities() {
            for a in &e.aliases {
                let key = normalize_key(&a.text);
                match owner.get(&key) {
                    Some(&first) if first != e.id => {
                        out.push(Problem::AliasConflict { alias: key, first: first.to_string(), second: e.id.clone() })
                    }
                    Some(_) => {}
                    None => {
                        owner.insert(key, &e.id);
                    }
                }
            }
        }
        for e in self.entities() {
            for (key, target) in &e.attrs {
                if matches!(key.as_str(), "country" | "region" | "maker" | "parent") && self.get(target).is_none() {
                    out.push(Problem::DanglingLink { id: e.id.clone(), key: key.clone(), target: target.clone() });
                }
            }
        }
        out
    }

    /// Counts by label and kind.
    ///
    /// ```
    /// let stats = isnad::Gazetteer::builtin().stats();
    /// let (entities, _, _) = stats.by_kind[&("ORG".to_string(), "company".to_string())];
    /// assert!(entities >= 300);
    /// ```
    pub fn stats(&self) -> Stats {
        let mut stats = Stats::default();
        for e in self.entities() {
            let row = stats.by_kind.entry((e.label.clone(), e.kind.clone())).or_default();
            row.0 += 1;
            row.1 += e.aliases.len();
            row.2 += e.aliases.iter().map(|a| expand_alias(&a.text, a.arabic, &e.kind).len()).sum::<usize>();
        }
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_no_problem() {
        let problems = Gazetteer::builtin().problems();
        let shown: Vec<String> = problems.iter().take(20).map(|p| p.to_string()).collect();
        assert!(problems.is_empty(), "{} problems, first: {shown:#?}", problems.len());
    }

    #[test]
    fn stats_count_generated_variants() {
        let mut g = Gazetteer::new();
        g.extend(Gazetteer::parse("t", "chinese\tNORP\tnationality\tChinese\tصيني\t-\t-\tt\n").unwrap());
        let s = g.stats();
        let (n, aliases, patterns) = s.by_kind[&("NORP".to_string(), "nationality".to_string())];
        assert_eq!((n, aliases), (1, 2));
        assert!(patterns > 15, "{patterns}");
    }
}
