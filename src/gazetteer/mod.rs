//! Gazetteers: the entities isnad knows by name, read from plain-text files.
//!
//! The format is documented in `gazetteers/README.md`: one entity a line,
//! eight TAB-separated fields (id, label, kind, name, Arabic aliases, Latin
//! aliases, attributes, source). The built-in files are compiled in; users
//! add or override entries by id with files of their own.

mod check;
mod expand;

pub use check::{Problem, Stats};

pub(crate) use expand::Meaning;
pub(crate) use expand::PatternSet;
use expand::expand_alias;

use std::path::Path;

use rustc_hash::FxHashMap as HashMap;

use crate::error::{Error, Result};

include!(concat!(env!("OUT_DIR"), "/builtin_gazetteers.rs"));

/// A string of the built-in entities: its byte span in `BUILTIN_STRINGS`.
type Span = (u32, u32);

/// The string at `span`. Empty for a span that is not one, which
/// `build.rs` never writes (and a test would show).
fn builtin_str((start, end): Span) -> &'static str {
    BUILTIN_STRINGS.get(start as usize..end as usize).unwrap_or_default()
}

/// A built-in entity line split into its fields by `build.rs`.
struct RawEntity {
    id: Span,
    label: Span,
    kind: Span,
    name: Span,
    source: Span,
    /// Its range of `BUILTIN_ALIASES`.
    aliases: (u32, u32),
    /// Its range of `BUILTIN_ATTRS`.
    attrs: (u32, u32),
    /// The name is one of the aliases, as written or once normalized
    /// (otherwise it is added as one).
    name_is_alias: bool,
}

/// A built-in [`Alias`].
struct RawAlias {
    text: Span,
    arabic: bool,
    ambiguous: bool,
}

impl RawEntity {
    fn to_entity(&self) -> Entity {
        let range = |(start, end): (u32, u32)| start as usize..end as usize;
        let raw_aliases = BUILTIN_ALIASES.get(range(self.aliases)).unwrap_or_default();
        let name = builtin_str(self.name);
        let mut aliases = Vec::with_capacity(raw_aliases.len() + usize::from(!self.name_is_alias));
        aliases.extend(raw_aliases.iter().map(|a| Alias {
            text: builtin_str(a.text).to_string(),
            arabic: a.arabic,
            ambiguous: a.ambiguous,
        }));
        if !self.name_is_alias {
            aliases.push(Alias { text: name.to_string(), arabic: false, ambiguous: false });
        }
        let attrs = BUILTIN_ATTRS.get(range(self.attrs)).unwrap_or_default();
        Entity {
            id: builtin_str(self.id).to_string(),
            label: builtin_str(self.label).to_string(),
            kind: builtin_str(self.kind).to_string(),
            name: name.to_string(),
            aliases,
            attrs: attrs.iter().map(|&(k, v)| (builtin_str(k).to_string(), builtin_str(v).to_string())).collect(),
            source: builtin_str(self.source).to_string(),
        }
    }
}

/// The OntoNotes labels an entity may carry.
pub const LABELS: &[&str] = &[
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
];

/// One named thing: a company, a person, a country, a law …
///
/// ```
/// let g = isnad::Gazetteer::builtin();
/// let nvidia = g.get("nvidia").unwrap();
/// assert_eq!(nvidia.label, "ORG");
/// assert!(nvidia.aliases.iter().any(|a| a.text == "إنفيديا"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Stable id, unique in a gazetteer (`nvidia`).
    pub id: String,
    /// OntoNotes label (`ORG`).
    pub label: String,
    /// Fine kind (`company`).
    pub kind: String,
    /// Canonical name (`Nvidia`).
    pub name: String,
    /// Every alias, Arabic and Latin, the canonical name included.
    pub aliases: Vec<Alias>,
    /// `key=value` attributes; `country=<id>` links to a country.
    pub attrs: Vec<(String, String)>,
    /// Where the entry comes from (`curated`, `seed`, `cldr-46`).
    pub source: String,
}

impl Entity {
    /// The value of attribute `key`, if the entity has it.
    ///
    /// ```
    /// let g = isnad::Gazetteer::builtin();
    /// assert_eq!(g.get("chinese").unwrap().attr("country"), Some("china"));
    /// ```
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// One written form of an entity's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The alias as written in the file, without its `~` flag.
    pub text: String,
    /// Whether it came from the Arabic field.
    pub arabic: bool,
    /// Marked `~`: also a common word or first name, matched only with
    /// supporting context.
    pub ambiguous: bool,
}

/// A set of entities, each with a unique id.
///
/// ```
/// let mut g = isnad::Gazetteer::builtin();
/// let mine = isnad::Gazetteer::parse("mine.tsv",
///     "acme\tORG\tcompany\tAcme\tأكمي\tAcme Corp\t-\tcurated\n")?;
/// g.extend(mine);
/// assert_eq!(g.get("acme").unwrap().name, "Acme");
/// # Ok::<(), isnad::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    /// The entities are the built-in ones, in their order, unchanged: their
    /// patterns are those `build.rs` gathered ([`Gazetteer::builtin_patterns`]).
    builtin: bool,
}

impl Gazetteer {
    /// An empty gazetteer.
    pub fn new() -> Gazetteer {
        Gazetteer::default()
    }

    /// The built-in entities (every `gazetteers/entities-*.tsv` of the source
    /// tree, compiled in).
    pub fn builtin() -> Gazetteer {
        // The files were split into fields at compile time (`build.rs`):
        // what is left is to copy them, half the time it took to parse them.
        // A test checks that this is what parsing the files gives.
        let mut g = Gazetteer::new();
        g.entities.reserve(BUILTIN_ENTITIES.len());
        g.by_id.reserve(BUILTIN_ENTITIES.len());
        g.extend(BUILTIN_ENTITIES.iter().map(RawEntity::to_entity));
        g.builtin = true;
        g
    }

    /// The patterns of the built-in gazetteer, gathered at compile time,
    /// when this is it: their texts one after another, where each ends, and
    /// what each stands for (as [`PatternSet`] gathers them at run time, a
    /// test checks).
    pub(crate) fn builtin_patterns(&self) -> Option<(&'static str, &'static [usize], &'static [Meaning])> {
        self.builtin.then_some((BUILTIN_PATTERNS, BUILTIN_PATTERN_ENDS, BUILTIN_MEANINGS))
    }

    /// The names of the built-in files, in the order they load.
    pub fn builtin_files() -> impl Iterator<Item = &'static str> {
        BUILTIN_ENTITY_NAMES.iter().copied()
    }

    /// Parses entity lines; `path` names the source in error messages.
    /// Nothing is returned unless every line is well-formed.
    ///
    /// ```
    /// let es = isnad::Gazetteer::parse("t.tsv", "# comment\nacme\tORG\tcompany\tAcme\tأكمي\t-\t-\tmine\n")?;
    /// assert_eq!(es[0].aliases.len(), 2);
    /// # Ok::<(), isnad::Error>(())
    /// ```
    pub fn parse(path: &str, text: &str) -> Result<Vec<Entity>> {
        // About one entity per 100 bytes in the built-in files.
        let mut out = Vec::with_capacity(text.len() / 100);
        let mut seen: HashMap<&str, usize> = HashMap::default();
        seen.reserve(text.len() / 100);
        for (i, line) in lines(text).enumerate() {
            let line_no = i + 1;
            let rest = line.trim_start();
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            let err = |reason: String| Error::Data { path: path.to_string(), line: line_no, reason };
            let (entity, id) = parse_line(line).map_err(err)?;
            // The id as written, so that the map borrows instead of copying it.
            if let Some(first) = seen.insert(id, line_no) {
                return Err(err(format!("duplicate id {:?} (first on line {first})", entity.id)));
            }
            out.push(entity);
        }
        Ok(out)
    }

    /// Reads and parses a gazetteer file.
    ///
    /// ```
    /// let err = isnad::Gazetteer::read_file("missing.tsv").unwrap_err();
    /// assert!(err.to_string().starts_with("missing.tsv: "));
    /// ```
    pub fn read_file(path: impl AsRef<Path>) -> Result<Vec<Entity>> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        let name = path.display().to_string();
        let text = std::str::from_utf8(&bytes).map_err(|e| Error::invalid_utf8(&name, &bytes, &e))?;
        Gazetteer::parse(&name, text)
    }

    /// Adds entities; one whose id is already present replaces the old one.
    pub fn extend(&mut self, entities: impl IntoIterator<Item = Entity>) {
        for e in entities {
            self.builtin = false;
            match self.by_id.get(&e.id) {
                Some(&i) => self.entities[i] = e,
                None => {
                    self.by_id.insert(e.id.clone(), self.entities.len());
                    self.entities.push(e);
                }
            }
        }
    }

    /// The entity with this id.
    ///
    /// ```
    /// assert_eq!(isnad::Gazetteer::builtin().get("china").unwrap().name, "China");
    /// ```
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// All entities, in load order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether there are no entities.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// Removes every entity for which `keep` returns false.
    ///
    /// ```
    /// let mut g = isnad::Gazetteer::builtin();
    /// g.retain(|e| e.label != "PERSON");
    /// assert!(g.get("donald_trump").is_none());
    /// ```
    pub fn retain(&mut self, keep: impl FnMut(&Entity) -> bool) {
        let before = self.entities.len();
        self.entities.retain(keep);
        self.builtin &= self.entities.len() == before;
        self.by_id = self.entities.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
    }
}

/// `text.lines()`, each line with one more `\r` off its end (a file
/// written with `\r\r\n`), without the char searcher's cost per line.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    split_byte(text, b'\n').filter_map(move |line| {
        at += line.len() + 1;
        let ended = at <= text.len();
        // `str::lines` leaves out the empty piece after the last `\n`, and
        // takes a `\r` off only before a `\n`.
        if !ended && line.is_empty() {
            return None;
        }
        let line = if ended { line.strip_suffix('\r').unwrap_or(line) } else { line };
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

/// `s.split(sep as char)` for an ASCII `sep`, without the char searcher's
/// cost per piece (the fields are short).
fn split_byte(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == sep) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// `s.trim()`, answered at once for the usual field that has no
/// whitespace at either end.
fn trim(s: &str) -> &str {
    let clean = |c: Option<char>| c.is_none_or(|c| !c.is_whitespace());
    if clean(s.chars().next()) && clean(s.chars().next_back()) { s } else { s.trim() }
}

/// One entity line, and its id as written.
fn parse_line(line: &str) -> std::result::Result<(Entity, &str), String> {
    let mut fields = [""; 8];
    let mut n = 0;
    for f in split_byte(line, b'\t') {
        if let Some(slot) = fields.get_mut(n) {
            *slot = trim(f);
        }
        n += 1;
    }
    if n != 8 {
        return Err(format!("expected 8 TAB-separated fields, found {n}"));
    }
    let [id, label, kind, name, ar, en, attrs, source] = fields;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        return Err(format!("id {id:?} is not lowercase ASCII [a-z0-9_]+"));
    }
    if !LABELS.contains(&label) {
        return Err(format!("label {label:?} is not one of {}", LABELS.join(" ")));
    }
    if kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return Err(format!("kind {kind:?} is not lowercase [a-z_]+"));
    }
    if name.is_empty() || name == "-" {
        return Err("the canonical name is empty".into());
    }
    let count = |field: &str| if field == "-" { 0 } else { 1 + field.bytes().filter(|&b| b == b'|').count() };
    let mut aliases = Vec::with_capacity(count(ar) + count(en) + 1);
    for (field, arabic) in [(ar, true), (en, false)] {
        if field == "-" {
            continue;
        }
        for raw in split_byte(field, b'|') {
            let trimmed = trim(raw);
            let (text, ambiguous) = match trimmed.strip_prefix('~') {
                Some(rest) => (trim(rest), true),
                None => (trimmed, false),
            };
            if !has_two_letters(text) && crate::normalize::normalize_key(text).chars().count() < 2 {
                return Err(format!("alias {raw:?} is shorter than 2 letters"));
            }
            aliases.push(Alias { text: text.to_string(), arabic, ambiguous });
        }
    }
    // Most names are written as one of the aliases: no need to normalize then.
    let named = aliases.iter().any(|a| a.text == name) || names_by_key(&aliases, name);
    if !named {
        aliases.push(Alias { text: name.to_string(), arabic: false, ambiguous: false });
    }
    let mut attr_list = Vec::new();
    if attrs != "-" {
        for pair in split_byte(attrs, b',') {
            let (k, v) = pair
                .split_once('=')
                .map(|(k, v)| (trim(k), trim(v)))
                .filter(|(k, v)| !k.is_empty() && !v.is_empty())
                .ok_or_else(|| format!("attribute {pair:?} is not key=value"))?;
            attr_list.push((k.to_string(), v.to_string()));
        }
    }
    if source.is_empty() || source == "-" {
        return Err("the source field is empty (say where the entry comes from)".into());
    }
    let entity = Entity {
        id: id.to_string(),
        label: label.to_string(),
        kind: kind.to_string(),
        name: name.to_string(),
        aliases,
        attrs: attr_list,
        source: source.to_string(),
    };
    Ok((entity, id))
}

/// Whether one of `aliases` is `name` once both are normalized.
fn names_by_key(aliases: &[Alias], name: &str) -> bool {
    let key = crate::normalize::normalize_key(name);
    aliases.iter().any(|a| crate::normalize::normalize_key(&a.text) == key)
}

/// Whether `s` has two letters that normalization keeps as two characters:
/// ASCII letters and digits, and Arabic letters other than the alef forms
/// (a run of alefs becomes one). A quick answer for the alias length check;
/// without it, the alias is normalized to tell.
fn has_two_letters(s: &str) -> bool {
    s.chars()
        .filter(|&c| {
            c.is_ascii_alphanumeric()
                || (('\u{0621}'..='\u{063A}').contains(&c) || ('\u{0641}'..='\u{064A}').contains(&c))
                    && !matches!(c, 'ا' | 'أ' | 'إ' | 'آ')
        })
        .nth(1)
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACME: &str = "acme\tORG\tcompany\tAcme\tأكمي|~نجمة\tAcme Corp\tcountry=egypt\tcurated";

    #[test]
    fn parses_a_line() {
        let e = &Gazetteer::parse("t", ACME).unwrap()[0];
        assert_eq!(
            (e.id.as_str(), e.label.as_str(), e.kind.as_str(), e.name.as_str()),
            ("acme", "ORG", "company", "Acme")
        );
        assert_eq!(e.aliases.len(), 4); // two Arabic, one Latin, and the name
        assert!(e.aliases[1].ambiguous && e.aliases[1].text == "نجمة");
        assert_eq!(e.attr("country"), Some("egypt"));
    }

    #[test]
    fn comments_blank_lines_and_crlf() {
        let text = format!("# a comment\n\n{ACME}\r\n");
        assert_eq!(Gazetteer::parse("t", &text).unwrap().len(), 1);
    }

    #[test]
    fn rejects_with_path_line_and_reason() {
        let cases = [
            ("x\tORG\tcompany\tX\t-\t-\t-", "t:1: expected 8 TAB-separated fields, found 7"),
            ("Acme\tORG\tcompany\tAcme\t-\t-\t-\tcurated", "t:1: id \"Acme\" is not lowercase ASCII [a-z0-9_]+"),
            ("acme\tCOMPANY\tcompany\tAcme\t-\t-\t-\tcurated", "t:1: label \"COMPANY\" is not one of"),
            ("acme\tORG\tcompany\tAcme\tا\t-\t-\tcurated", "t:1: alias \"ا\" is shorter than 2 letters"),
            ("acme\tORG\tcompany\tAcme\t-\t-\tcountry\tcurated", "t:1: attribute \"country\" is not key=value"),
            ("acme\tORG\tcompany\tAcme\t-\t-\t-\t-", "t:1: the source field is empty"),
            ("acme\tORG\tcompany\t-\t-\t-\t-\tcurated", "t:1: the canonical name is empty"),
        ];
        for (line, want) in cases {
            let got = Gazetteer::parse("t", line).unwrap_err().to_string();
            assert!(got.starts_with(want), "{got:?} should start with {want:?}");
        }
        let dup = format!("# c\n{ACME}\n{ACME}\n");
        assert_eq!(
            Gazetteer::parse("f.tsv", &dup).unwrap_err().to_string(),
            "f.tsv:3: duplicate id \"acme\" (first on line 2)"
        );
    }

    #[test]
    fn user_entry_overrides_builtin_by_id() {
        let mut g = Gazetteer::builtin();
        let before = g.len();
        g.extend(Gazetteer::parse("mine", "nvidia\tORG\tcompany\tNVIDIA Corp.\tإنفيديا\tNVDA\t-\tmine").unwrap());
        assert_eq!(g.len(), before);
        assert_eq!(g.get("nvidia").unwrap().name, "NVIDIA Corp.");
    }

    #[test]
    fn builtin_ids_are_unique_across_files() {
        let mut seen: HashMap<String, &str> = HashMap::default();
        for (name, text) in BUILTIN_ENTITY_FILES {
            for e in Gazetteer::parse(name, text).unwrap() {
                if let Some(first) = seen.insert(e.id.clone(), name) {
                    panic!("id {:?} is in {first} and in {name}", e.id);
                }
            }
        }
    }

    #[test]
    fn no_builtin_alias_names_two_entities() {
        let g = Gazetteer::builtin();
        let mut owner: HashMap<String, &str> = HashMap::default();
        let mut clashes = Vec::new();
        for e in g.entities() {
            for a in &e.aliases {
                let key = crate::normalize::normalize_key(&a.text);
                match owner.get(&key) {
                    Some(&other) if other != e.id => clashes.push(format!("{key:?}: {other} and {}", e.id)),
                    _ => {
                        owner.insert(key, &e.id);
                    }
                }
            }
        }
        assert!(clashes.is_empty(), "{}", clashes.join("\n"));
    }

    proptest::proptest! {
        /// The quick splitting and trimming agree with `str`'s own.
        #[test]
        fn quick_split_and_trim_agree(s in "[a|\t\n\r ،\u{00A0}\u{2003}ب#~]{0,24}") {
            let want: Vec<&str> = s.split('|').collect();
            proptest::prop_assert_eq!(split_byte(&s, b'|').collect::<Vec<_>>(), want);
            let want: Vec<&str> = s.lines().map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
            proptest::prop_assert_eq!(lines(&s).collect::<Vec<_>>(), want);
            proptest::prop_assert_eq!(trim(&s), s.trim());
        }

        #[test]
        fn two_letters_survive_normalization(s in "[a-zA-Z0-9 \u{0600}-\u{06FF}\u{FE70}-\u{FEFC}\u{200B}-\u{200F}]{0,6}") {
            if has_two_letters(&s) {
                proptest::prop_assert!(crate::normalize::normalize_key(&s).chars().count() >= 2, "{:?}", s);
            }
        }
    }

    /// The entities split at compile time are those parsing the files gives.
    #[test]
    fn builtin_is_the_files_parsed() {
        let mut parsed = Gazetteer::new();
        for (name, text) in BUILTIN_ENTITY_FILES {
            parsed.extend(Gazetteer::parse(name, text).unwrap());
        }
        let builtin = Gazetteer::builtin();
        assert_eq!(builtin.entities(), parsed.entities());
        assert_eq!(builtin.by_id, parsed.by_id);
    }

    /// The patterns gathered at compile time are those the built-in
    /// entities give at run time.
    #[test]
    fn builtin_patterns_are_the_entities_gathered() {
        let g = Gazetteer::builtin();
        let (text, ends, meanings) = g.builtin_patterns().unwrap();
        let mut set = PatternSet::<rustc_hash::FxBuildHasher>::with_aliases(0);
        for (i, e) in g.entities().iter().enumerate() {
            for a in &e.aliases {
                set.add(i, &a.text, a.arabic, a.ambiguous, &e.kind);
            }
        }
        let (strings, want) = set.finish();
        assert_eq!(meanings, want);
        let mut start = 0;
        let got: Vec<&str> = ends
            .iter()
            .map(|&end| {
                let s = &text[start..end];
                start = end;
                s
            })
            .collect();
        assert_eq!(got, strings);
        assert_eq!(start, text.len());
    }

    /// A changed gazetteer has its patterns gathered at run time.
    #[test]
    fn only_the_unchanged_builtin_has_builtin_patterns() {
        let mut g = Gazetteer::builtin();
        g.extend([]);
        g.retain(|_| true);
        assert!(g.builtin_patterns().is_some());
        let mut fewer = g.clone();
        fewer.retain(|e| e.label != "NORP");
        assert!(fewer.builtin_patterns().is_none());
        g.extend(Gazetteer::parse("mine", "nvidia\tORG\tcompany\tNVIDIA Corp.\tإنفيديا\tNVDA\t-\tmine").unwrap());
        assert!(g.builtin_patterns().is_none());
        assert!(Gazetteer::new().builtin_patterns().is_none());
    }

    #[test]
    fn every_builtin_file_parses() {
        for (name, text) in BUILTIN_ENTITY_FILES {
            Gazetteer::parse(name, text).unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(Gazetteer::builtin().len() >= 40);
    }
}
