//! The [`Extractor`]: the pipeline from text to [`Document`].

use std::collections::HashMap;
use std::path::PathBuf;

use crate::coref::{FullName, surname_mentions};
use crate::error::{Error, Result};
use crate::gazetteer::{Entity, Gazetteer};
use crate::lexicon::Lexicon;
use crate::matcher::{Hit, Matcher, is_word_char, without_proclitics};
use crate::normalize::{Normalized, normalize};
use crate::output::{CharIndex, Document, DocumentEntity, Mention, Meta, SCHEMA, Source};
use crate::segment::{Segments, segment};

/// Reads texts and returns [`Document`]s. Build one, use it for every text:
/// building compiles the gazetteers into an automaton.
///
/// ```
/// let extractor = isnad::Extractor::new();
/// let doc = extractor.extract("تعد علي بابا وByteDance من بين شركات التكنولوجيا.");
/// let ids: Vec<&str> = doc.mentions.iter().map(|m| m.entity.as_str()).collect();
/// assert_eq!(ids, ["alibaba", "bytedance"]);
/// ```
#[derive(Debug, Clone)]
pub struct Extractor {
    gazetteer: Gazetteer,
    lexicon: Lexicon,
    matcher: Matcher,
    max_document_bytes: Option<usize>,
}

/// Configures an [`Extractor`]: which gazetteers, which limits.
///
/// ```
/// let extractor = isnad::Extractor::builder()
///     .gazetteer_text("mine.tsv", "acme\tORG\tcompany\tAcme\tأكمي\t-\t-\tcurated\n")
///     .max_document_bytes(1 << 20)
///     .build()?;
/// let doc = extractor.extract("قالت شركة أكمي إن الأرباح زادت.");
/// assert_eq!(doc.entities[0].id, "acme");
/// # Ok::<(), isnad::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ExtractorBuilder {
    base: Option<Gazetteer>,
    builtin: bool,
    extra: Vec<Extra>,
    max_document_bytes: Option<usize>,
}

#[derive(Debug, Clone)]
enum Extra {
    File(PathBuf),
    Text(String, String),
}

impl Default for ExtractorBuilder {
    fn default() -> Self {
        ExtractorBuilder { base: None, builtin: true, extra: Vec::new(), max_document_bytes: None }
    }
}

impl ExtractorBuilder {
    /// Whether to load the built-in gazetteers (default: yes).
    pub fn builtin_gazetteers(mut self, yes: bool) -> Self {
        self.builtin = yes;
        self
    }

    /// Starts from this gazetteer instead of the built-in one (e.g. the
    /// built-in one filtered with [`Gazetteer::retain`]).
    pub fn gazetteer(mut self, gazetteer: Gazetteer) -> Self {
        self.base = Some(gazetteer);
        self
    }

    /// Adds a gazetteer file; its entries override built-in ones with the
    /// same id. Read when [`build`](Self::build) runs.
    pub fn gazetteer_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.extra.push(Extra::File(path.into()));
        self
    }

    /// Adds gazetteer lines from memory; `name` stands for the file in errors.
    pub fn gazetteer_text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.extra.push(Extra::Text(name.into(), text.into()));
        self
    }

    /// Rejects documents larger than `bytes` in [`Extractor::extract_bytes`].
    pub fn max_document_bytes(mut self, bytes: usize) -> Self {
        self.max_document_bytes = Some(bytes);
        self
    }

    /// Reads every gazetteer and compiles the extractor. A malformed file is
    /// an [`Error::Data`] naming its path and line; nothing is half-loaded.
    pub fn build(self) -> Result<Extractor> {
        let mut gazetteer = match self.base {
            Some(g) => g,
            None if self.builtin => Gazetteer::builtin(),
            None => Gazetteer::new(),
        };
        let mut added: Vec<Entity> = Vec::new();
        for extra in &self.extra {
            added.extend(match extra {
                Extra::File(path) => Gazetteer::read_file(path)?,
                Extra::Text(name, text) => Gazetteer::parse(name, text)?,
            });
        }
        gazetteer.extend(added);
        let lexicon = Lexicon::builtin()?;
        let matcher = Matcher::new(&gazetteer, &lexicon);
        Ok(Extractor { gazetteer, lexicon, matcher, max_document_bytes: self.max_document_bytes })
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::new()
    }
}

impl Extractor {
    /// An extractor with the built-in gazetteers.
    ///
    /// # Panics
    /// Never for a released build: the built-in data is checked by tests.
    pub fn new() -> Extractor {
        match ExtractorBuilder::default().build() {
            Ok(e) => e,
            Err(e) => panic!("built-in data is malformed: {e}"),
        }
    }

    /// A builder, to choose gazetteers and limits.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Checks and decodes `bytes` (UTF-8, within the size limit), then
    /// extracts. `name` (a path, `<stdin>`) goes into error messages.
    ///
    /// ```
    /// let e = isnad::Extractor::new();
    /// let err = e.extract_bytes("a.txt", b"ok \xff").unwrap_err();
    /// assert_eq!(err.to_string(), "a.txt: invalid UTF-8 at byte 3 (line 1)");
    /// ```
    pub fn extract_bytes(&self, name: &str, bytes: &[u8]) -> Result<Document> {
        if let Some(limit) = self.max_document_bytes.filter(|&l| bytes.len() > l) {
            return Err(Error::TooLarge { path: name.to_string(), size: bytes.len(), limit });
        }
        let text = std::str::from_utf8(bytes).map_err(|e| Error::invalid_utf8(name, bytes, &e))?;
        Ok(self.extract(text))
    }

    /// Extracts entities, mentions and claims from `text`.
    pub fn extract(&self, text: &str) -> Document {
        let norm = normalize(text);
        let seg = segment(norm.text(), &self.lexicon.abbreviations);
        let hits = self.find_mentions(norm.text());
        self.document(text, &norm, &seg, &hits)
    }

    /// Gazetteer matches, ambiguous ones confirmed by context, then
    /// surnames of people named in full.
    fn find_mentions(&self, text: &str) -> Vec<Hit> {
        let raw = self.matcher.find(text);
        let entities = self.gazetteer.entities();
        let confirmed: std::collections::HashSet<usize> =
            raw.iter().filter(|h| !h.ambiguous).map(|h| h.entity).collect();
        let mut hits: Vec<Hit> = raw
            .into_iter()
            .filter(|h| {
                !h.ambiguous
                    || confirmed.contains(&h.entity)
                    || self.has_context(text, h.start, &entities[h.entity].kind)
            })
            .collect();
        let people: Vec<FullName> = hits
            .iter()
            .filter(|h| entities[h.entity].label == "PERSON" && text[h.start..h.end].contains(' '))
            .map(|h| FullName { entity: h.entity, start: h.start, end: h.end })
            .collect();
        let taken: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
        for (start, end, entity) in surname_mentions(text, &people, &taken) {
            hits.push(Hit { start, end, entity, ambiguous: false });
        }
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        hits
    }

    /// Whether the word before `start` (past any proclitics glued to the
    /// name, and its own) is a context word for entities of `kind`.
    fn has_context(&self, text: &str, start: usize, kind: &str) -> bool {
        let Some(words) = self.lexicon.context.get(kind) else {
            return false;
        };
        let head = text[..start].trim_end_matches(is_word_char).trim_end();
        let word = head.rsplit(char::is_whitespace).next().unwrap_or("");
        without_proclitics(word).any(|w| words.contains(w))
    }

    fn document(&self, original: &str, norm: &Normalized, seg: &Segments, hits: &[Hit]) -> Document {
        let chars = CharIndex::new(original);
        let map = norm.map();
        let entities = self.gazetteer.entities();
        let mut order: Vec<usize> = Vec::new();
        let mut counts: HashMap<usize, usize> = HashMap::new();
        let mut mentions = Vec::with_capacity(hits.len());
        for h in hits {
            let (s, e) = map.to_original(h.start, h.end);
            mentions.push(Mention {
                span: chars.span(s, e),
                entity: entities[h.entity].id.clone(),
                sentence: seg.sentence_at(h.start),
            });
            let n = counts.entry(h.entity).or_insert(0);
            if *n == 0 {
                order.push(h.entity);
            }
            *n += 1;
        }
        let entities_out = order
            .into_iter()
            .map(|i| {
                let e = &entities[i];
                let links: std::collections::BTreeMap<String, String> = e
                    .attrs
                    .iter()
                    .filter(|(k, _)| matches!(k.as_str(), "country" | "region" | "maker" | "parent"))
                    .cloned()
                    .collect();
                DocumentEntity {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    label: e.label.clone(),
                    kind: e.kind.clone(),
                    source: Source::Gazetteer,
                    mentions: counts[&i],
                    links: (!links.is_empty()).then_some(links),
                    role: None,
                    affiliation: None,
                }
            })
            .collect();
        Document {
            schema: SCHEMA.to_string(),
            meta: Meta { date: seg.date.clone() },
            entities: entities_out,
            mentions,
            claims: Vec::new(),
        }
    }
}
