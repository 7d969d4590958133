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

use super::Alias;
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

/// All the variants of `alias` for an entity of fine kind `kind`.
pub(crate) fn expand_alias(alias: &Alias, kind: &str) -> Vec<Variant> {
    let mut out = Vec::new();
    expand_alias_into(alias, kind, &mut out);
    out
}

/// [`expand_alias`] into `out` (cleared first), so that one buffer serves
/// every alias of a gazetteer.
pub(crate) fn expand_alias_into(alias: &Alias, kind: &str, out: &mut Vec<Variant>) {
    out.clear();
    let base = plain_key(&alias.text).unwrap_or_else(|| normalize_key(&alias.text));
    if alias.arabic && kind == "nationality" && base.ends_with('ي') && !base.contains(' ') {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ar(text: &str) -> Alias {
        Alias { text: text.into(), arabic: true, ambiguous: false }
    }

    fn patterns(alias: &Alias, kind: &str) -> Vec<String> {
        expand_alias(alias, kind).into_iter().filter(|v| !v.needs_lam).map(|v| v.pattern).collect()
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
        let latin = Alias { text: "Chinese".into(), arabic: false, ambiguous: false };
        assert_eq!(patterns(&latin, "nationality"), vec!["chinese"]);
    }

    #[test]
    fn article_gets_a_form_for_after_lam() {
        let v = expand_alias(&ar("الصين"), "country");
        assert!(v.contains(&Variant { pattern: "لصين".into(), needs_lam: true, generated: true }));
        assert!(v.contains(&Variant { pattern: "الصين".into(), needs_lam: false, generated: false }));
        // no article, no such form
        assert!(expand_alias(&ar("سنغافورة"), "country").iter().all(|v| !v.needs_lam));
    }
}
