//! Alias variants generated at load time, so the files list each name once.
//!
//! - Nisba adjectives (`kind=nationality`, Arabic, ending in ي) get their
//!   inflections: feminine, accusative, dual, plural, with and without the
//!   article (صيني → صينية، الصيني، الصينيون، الصينيين …).
//! - A name with the article (الصين) also gets the form that follows the
//!   proclitic ل, which swallows the article's alef (للصين = ل + لصين); the
//!   matcher accepts that form only right after ل.
//!
//! The other proclitics (و ف ب ك ل before a full word) need no variants: the
//! matcher's boundary rule allows them in front of any name.
//!
//! [`PatternSet`] gathers a gazetteer's variants into the automaton's
//! patterns, each once. For the built-in gazetteer, `build.rs` runs this
//! module (and the normalizer) at compile time: start-up copies nothing of
//! it (this file uses nothing of the crate but [`crate::normalize`]).

use std::collections::HashMap;
use std::hash::BuildHasher;

use crate::normalize::{alef_run, letters, normalize_key};

/// One pattern the automaton searches for, in normalized form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    pub(crate) pattern: String,
    /// The article's alef was swallowed by a proclitic ل: the pattern counts
    /// only right after one.
    pub(crate) needs_lam: bool,
    /// Made by a rule (an inflection, the after-ل form), not written in a
    /// file: an alias written in a file wins over it ("السعودية" is Saudi
    /// Arabia, not the feminine of سعودي).
    pub(crate) generated: bool,
}

/// Endings of a nisba adjective after its final ي: masculine (none), feminine
/// (ة, normalized ه), accusative, dual, sound plurals. Normalized already, and
/// none starts with a space or follows ي differently than alone, so a
/// normalized stem plus an ending is normalized.
const NISBA_ENDINGS: &[&str] = &["", "ه", "ا", "ان", "ين", "ون", "ات", "تان", "تين"];

/// [`normalize_key`] for the plain aliases most are: ASCII letters, digits
/// and punctuation, Arabic letters, single spaces between words. The stages'
/// own rules fold them (letter forms, case, alef runs); `None` for anything
/// else (marks, controls, other scripts), which needs the full stages.
fn plain_key(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ' ' if !out.is_empty() && !out.ends_with(' ') => out.push(' '),
            '!'..='~' => out.push(c.to_ascii_lowercase()),
            '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => {
                let c = letters::fold(c);
                if !out.chars().next_back().is_some_and(|prev| alef_run::merges(prev, c)) {
                    out.push(c);
                }
            }
            _ => return None,
        }
    }
    (!out.ends_with(' ')).then_some(out)
}

/// All the variants of the alias `text` (from the Arabic field: `arabic`)
/// for an entity of fine kind `kind`.
pub(crate) fn expand_alias(text: &str, arabic: bool, kind: &str) -> Vec<Variant> {
    let mut out = Vec::new();
    expand_alias_into(text, arabic, kind, &mut out);
    out
}

/// [`expand_alias`] into `out` (cleared first), so that one buffer serves
/// every alias of a gazetteer.
pub(crate) fn expand_alias_into(text: &str, arabic: bool, kind: &str, out: &mut Vec<Variant>) {
    out.clear();
    let base = plain_key(text).unwrap_or_else(|| normalize_key(text));
    if arabic && kind == "nationality" && base.ends_with('ي') && !base.contains(' ') {
        for ending in NISBA_ENDINGS {
            let mut f = String::with_capacity(base.len() + ending.len() + "ال".len());
            f.push_str(&base);
            f.push_str(ending);
            if *ending != "ا" {
                let mut with_article = String::with_capacity(f.len() + "ال".len());
                with_article.push_str("ال");
                with_article.push_str(&f);
                push_form(out, with_article, true);
            }
            push_form(out, f, !ending.is_empty());
        }
    } else {
        push_form(out, base, false);
    }
}

/// Adds form `f`, and before it the after-ل form if `f` has the article.
fn push_form(out: &mut Vec<Variant>, f: String, generated: bool) {
    if let Some(rest) = f.strip_prefix('ا').filter(|r| r.starts_with('ل') && r.chars().count() > 2) {
        out.push(Variant { pattern: rest.to_string(), needs_lam: true, generated: true });
    }
    out.push(Variant { pattern: f, needs_lam: false, generated });
}

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Meaning {
    /// Index of the entity in the gazetteer.
    pub(crate) entity: usize,
    /// Counts only right after a ل (see [`Variant::needs_lam`]).
    pub(crate) needs_lam: bool,
    /// From an ambiguous alias: kept only with supporting context.
    pub(crate) ambiguous: bool,
    /// Made by a rule (see [`Variant::generated`]).
    pub(crate) generated: bool,
}

/// The patterns of a gazetteer, each once, in the order first met, with
/// what each stands for. Two entities with the same pattern: one written in
/// a file beats a generated variant, and otherwise the one added later wins
/// (a user file overrides the built-in data).
#[derive(Debug)]
pub(crate) struct PatternSet<H> {
    /// Each pattern's index by its text.
    index: HashMap<String, usize, H>,
    meanings: Vec<Meaning>,
    variants: Vec<Variant>,
}

impl<H: BuildHasher + Default> PatternSet<H> {
    /// An empty set, with room for the patterns of `aliases` aliases.
    pub(crate) fn with_aliases(aliases: usize) -> PatternSet<H> {
        // About 1.6 patterns an alias in the built-in data: sized once, and
        // no larger (at twice the aliases the table had twice the buckets,
        // a megabyte of them, every page touched).
        let patterns = aliases * 8 / 5;
        let mut index = HashMap::default();
        index.reserve(patterns);
        PatternSet { index, meanings: Vec::with_capacity(patterns), variants: Vec::new() }
    }

    /// Adds the variants of alias `text` of entity `entity`, of fine kind `kind`.
    pub(crate) fn add(&mut self, entity: usize, text: &str, arabic: bool, ambiguous: bool, kind: &str) {
        expand_alias_into(text, arabic, kind, &mut self.variants);
        for v in self.variants.drain(..) {
            let meaning = Meaning { entity, needs_lam: v.needs_lam, ambiguous, generated: v.generated };
            match self.index.entry(v.pattern) {
                std::collections::hash_map::Entry::Occupied(o) => {
                    let old = &mut self.meanings[*o.get()];
                    if !meaning.generated || old.generated {
                        *old = meaning;
                    }
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(self.meanings.len());
                    self.meanings.push(meaning);
                }
            }
        }
    }

    /// The patterns, in order, and what each stands for.
    pub(crate) fn finish(self) -> (Vec<String>, Vec<Meaning>) {
        let mut strings = vec![String::new(); self.meanings.len()];
        for (s, i) in self.index {
            strings[i] = s;
        }
        (strings, self.meanings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Alias {
        text: &'static str,
        arabic: bool,
    }

    fn ar(text: &'static str) -> Alias {
        Alias { text, arabic: true }
    }

    fn expand(alias: &Alias, kind: &str) -> Vec<Variant> {
        expand_alias(alias.text, alias.arabic, kind)
    }

    fn patterns(alias: &Alias, kind: &str) -> Vec<String> {
        expand(alias, kind).into_iter().filter(|v| !v.needs_lam).map(|v| v.pattern).collect()
    }

    #[test]
    fn nisba_inflections_are_generated() {
        let got = patterns(&ar("صيني"), "nationality");
        for want in [
            "صيني",
            "صينيه",
            "الصيني",
            "الصينيه",
            "صينيا",
            "صينيان",
            "الصينيين",
            "صينيون",
            "الصينيون",
            "صينيات",
            "صينيتان",
            "الصينيتين",
        ] {
            assert!(got.contains(&want.to_string()), "{want} missing from {got:?}");
        }
        assert!(!got.contains(&"الصينيا".to_string()));
    }

    #[test]
    fn nisba_with_hamza_normalizes_like_text() {
        let got = patterns(&ar("أميركي"), "nationality");
        assert!(got.contains(&"الاميركيه".to_string()));
    }

    #[test]
    fn endings_are_normalized() {
        for ending in NISBA_ENDINGS {
            assert_eq!(normalize_key(ending), *ending);
        }
    }

    #[test]
    fn plain_key_is_normalize_key() {
        for e in crate::Gazetteer::builtin().entities() {
            for a in &e.aliases {
                if let Some(k) = plain_key(&a.text) {
                    assert_eq!(k, normalize_key(&a.text), "{:?}", a.text);
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_key_agrees(s in "[a-zA-Z0-9 !-~\t\u{0600}-\u{06FF}\u{064B}\u{0640}ـ]{0,8}") {
            if let Some(k) = plain_key(&s) {
                proptest::prop_assert_eq!(k, normalize_key(&s));
            }
        }

        #[test]
        fn plain_key_agrees_on_letters(s in "[ اأإآٱىةيaAzZ]{0,8}") {
            if let Some(k) = plain_key(&s) {
                proptest::prop_assert_eq!(k, normalize_key(&s));
            }
        }
    }

    #[test]
    fn only_nationalities_inflect() {
        assert_eq!(patterns(&ar("هواوي"), "company"), vec!["هواوي"]);
        let latin = Alias { text: "Chinese", arabic: false };
        assert_eq!(patterns(&latin, "nationality"), vec!["chinese"]);
    }

    #[test]
    fn article_gets_a_form_for_after_lam() {
        let v = expand(&ar("الصين"), "country");
        assert!(v.contains(&Variant { pattern: "لصين".into(), needs_lam: true, generated: true }));
        assert!(v.contains(&Variant { pattern: "الصين".into(), needs_lam: false, generated: false }));
        // no article, no such form
        assert!(expand(&ar("سنغافورة"), "country").iter().all(|v| !v.needs_lam));
    }
}
