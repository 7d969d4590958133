//! Compiles the built-in gazetteers into the binary. Every
//! `gazetteers/entities-*.tsv` (a new file needs no code change) is split
//! into its entities' fields here, so that start-up only copies them: the
//! files stay the one source of the data. The tests also get each file's
//! text (`BUILTIN_ENTITY_FILES`), to parse it and check that both agree.
//!
//! The automaton of the built-in gazetteer is made here too: its patterns
//! gathered, their alphabet and trie built, by the crate's own normalizer,
//! alias expansion, alphabet and trie (compiled into this script from their
//! source files), and written as statics that the matcher borrows. Start-up
//! neither normalizes nor expands a built-in alias, nor builds the 64
//! thousand states (most runs use the built-in gazetteer alone); a test
//! checks that these are the parts the matcher builds at run time.
use std::collections::HashMap;
use std::{env, fs, path::Path};

// The modules the patterns and their automaton are made with, as the
// library compiles them: they use nothing else of the crate (and of other
// crates, `rustc-hash` and `unicode-normalization`, build-dependencies).
// Not all of them is used here.
#[allow(dead_code)]
#[path = "src/matcher/alphabet.rs"]
mod alphabet;
#[allow(dead_code)]
#[path = "src/gazetteer/expand.rs"]
mod expand;
#[allow(dead_code)]
#[path = "src/gallop.rs"]
mod gallop;
#[allow(dead_code, unused_imports)]
#[path = "src/normalize/mod.rs"]
mod normalize;
#[allow(dead_code)]
#[path = "src/matcher/trie.rs"]
mod trie;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for source in
        ["src/gazetteer/expand.rs", "src/gallop.rs", "src/matcher/alphabet.rs", "src/matcher/trie.rs", "src/normalize"]
    {
        println!("cargo:rerun-if-changed={}", root.join(source).display());
    }
    let dir = root.join("gazetteers");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("gazetteers/ is readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("entities-") && n.ends_with(".tsv"))
        .collect();
    names.sort();
    let mut out = String::from(
        "/// The built-in entity files, `(file name, contents)`, sorted by name.\n#[cfg(test)]\npub(crate) static BUILTIN_ENTITY_FILES: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        println!("cargo:rerun-if-changed={}", dir.join(n).display());
        out.push_str(&format!(
            "    ({n:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/gazetteers/{n}\"))),\n"
        ));
    }
    out.push_str("];\n");
    out.push_str(&format!(
        "/// The built-in entity files' names, sorted.\nstatic BUILTIN_ENTITY_NAMES: &[&str] = &{names:?};\n"
    ));
    let mut t = Tables::default();
    for n in &names {
        let text = fs::read_to_string(dir.join(n)).expect("a built-in gazetteer is UTF-8");
        for (i, line) in text.lines().enumerate() {
            t.entity(n, i + 1, line);
        }
    }
    out.push_str(&format!(
        "/// Every string of the built-in entities, once, one after another.\nstatic BUILTIN_STRINGS: &str = {:?};\n",
        t.strings
    ));
    out.push_str("/// The built-in entities, in file then line order.\nstatic BUILTIN_ENTITIES: &[RawEntity] = &[\n");
    out.push_str(&t.entities);
    out.push_str("];\n/// Their aliases.\nstatic BUILTIN_ALIASES: &[RawAlias] = &[\n");
    out.push_str(&t.aliases);
    out.push_str("];\n/// Their attributes.\nstatic BUILTIN_ATTRS: &[(Span, Span)] = &[\n");
    out.push_str(&t.attrs);
    out.push_str("];\n");
    let automaton = t.patterns(&mut out);
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_automaton.rs");
    fs::write(dest, automaton).expect("OUT_DIR is writable");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_gazetteers.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

/// The generated tables, as Rust source. Strings are spans of one text
/// (offsets, not pointers: the tables need no relocation at load time).
#[derive(Default)]
struct Tables {
    strings: String,
    spans: HashMap<String, (usize, usize)>,
    entities: String,
    aliases: String,
    alias_count: usize,
    attrs: String,
    attr_count: usize,
    /// The file of each entity id, to tell one given twice.
    ids: HashMap<String, String>,
    /// Each entity's aliases as `Gazetteer::builtin` makes them (the name
    /// added when it is none of them), and its kind.
    alias_lists: Vec<(Vec<RawAlias>, String)>,
}

/// An alias: its text, whether it is from the Arabic field, whether ambiguous.
type RawAlias = (String, bool, bool);

impl Tables {
    fn span(&mut self, s: &str) -> String {
        let (start, end) = match self.spans.get(s) {
            Some(&span) => span,
            None => {
                let span = (self.strings.len(), self.strings.len() + s.len());
                self.strings.push_str(s);
                self.spans.insert(s.to_string(), span);
                span
            }
        };
        format!("({start}, {end})")
    }

    /// One entity line: the fields split and trimmed as `Gazetteer::parse`
    /// does, nothing checked (the tests parse the files themselves).
    fn entity(&mut self, file: &str, line_no: usize, line: &str) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            return;
        }
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [id, label, kind, name, ar, en, attrs, source] = f[..] else {
            panic!("gazetteers/{file}:{line_no}: expected 8 TAB-separated fields, found {}", f.len());
        };
        if let Some(first) = self.ids.insert(id.to_string(), file.to_string()) {
            // (The patterns below number the entities by their place.)
            panic!("gazetteers/{file}:{line_no}: id {id:?} is in {first} too");
        }
        let first_alias = self.alias_count;
        let mut name_is_alias = false;
        let mut alias_list = Vec::new();
        for (field, arabic) in [(ar, true), (en, false)] {
            if field == "-" {
                continue;
            }
            for raw in field.split('|') {
                let (text, ambiguous) = match raw.trim().strip_prefix('~') {
                    Some(rest) => (rest.trim(), true),
                    None => (raw.trim(), false),
                };
                name_is_alias |= text == name;
                alias_list.push((text.to_string(), arabic, ambiguous));
                let text = self.span(text);
                self.aliases
                    .push_str(&format!("    RawAlias {{ text: {text}, arabic: {arabic}, ambiguous: {ambiguous} }},\n"));
                self.alias_count += 1;
            }
        }
        // Most names are written as one of the aliases; else one may be
        // the name once both are normalized (as `Gazetteer::parse` checks).
        let key = normalize::normalize_key(name);
        name_is_alias = name_is_alias || alias_list.iter().any(|(a, _, _)| normalize::normalize_key(a) == key);
        if !name_is_alias {
            alias_list.push((name.to_string(), false, false));
        }
        self.alias_lists.push((alias_list, kind.to_string()));
        let first_attr = self.attr_count;
        if attrs != "-" {
            for pair in attrs.split(',') {
                let (k, v) = pair
                    .split_once('=')
                    .unwrap_or_else(|| panic!("gazetteers/{file}:{line_no}: {pair:?} is not key=value"));
                let (k, v) = (self.span(k.trim()), self.span(v.trim()));
                self.attrs.push_str(&format!("    ({k}, {v}),\n"));
                self.attr_count += 1;
            }
        }
        let [id, label, kind, name, source] = [id, label, kind, name, source].map(|s| self.span(s));
        self.entities.push_str(&format!(
            "    RawEntity {{ id: {id}, label: {label}, kind: {kind}, name: {name}, source: {source}, aliases: ({first_alias}, {}), attrs: ({first_attr}, {}), name_is_alias: {name_is_alias} }},\n",
            self.alias_count, self.attr_count,
        ));
    }
}

impl Tables {
    /// The patterns of every entity's aliases, gathered as `Matcher::new`
    /// gathers them at run time: `BUILTIN_PATTERNS` (their texts one after
    /// another), `BUILTIN_PATTERN_ENDS` (where each ends) and
    /// `BUILTIN_MEANINGS` (what each stands for). Returns the source of
    /// their alphabet and trie, as `Matcher::new` would build them.
    fn patterns(&self, out: &mut String) -> String {
        let aliases = self.alias_lists.iter().map(|(a, _)| a.len()).sum();
        let mut set = expand::PatternSet::<std::hash::RandomState>::with_aliases(aliases);
        for (entity, (alias_list, kind)) in self.alias_lists.iter().enumerate() {
            for (text, arabic, ambiguous) in alias_list {
                set.add(entity, text, *arabic, *ambiguous, kind);
            }
        }
        let (strings, meanings) = set.finish();
        let mut ends = String::new();
        let mut end = 0;
        for s in &strings {
            end += s.len();
            ends.push_str(&format!("{end},"));
        }
        out.push_str(&format!(
            "/// The built-in gazetteer's patterns, one after another.\nstatic BUILTIN_PATTERNS: &str = {:?};\n",
            strings.concat()
        ));
        out.push_str(&format!("/// Where each ends.\nstatic BUILTIN_PATTERN_ENDS: &[usize] = &[{ends}];\n"));
        out.push_str("/// What each stands for.\nstatic BUILTIN_MEANINGS: &[Meaning] = &[\n");
        for m in meanings {
            out.push_str(&format!(
                "    Meaning {{ entity: {}, needs_lam: {}, ambiguous: {}, generated: {} }},\n",
                m.entity, m.needs_lam, m.ambiguous, m.generated
            ));
        }
        out.push_str("];\n");
        let (mut codes, mut ends) = (Vec::new(), Vec::new());
        let alphabet = alphabet::Alphabet::encoding(strings.iter().map(String::as_str), &mut codes, &mut ends);
        // (Else the matcher would need each pattern's codes, to flag those that share them.)
        assert!(!alphabet.overflows(), "the built-in patterns have more characters than the alphabet has codes");
        let pattern_codes = |i: usize| &codes[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
        let trie =
            trie::Trie::new((0..ends.len()).map(pattern_codes)).expect("the built-in patterns fit the automaton");
        alphabet.to_rust("BUILTIN_ALPHABET") + &trie.to_rust("BUILTIN_TRIE")
    }
}
