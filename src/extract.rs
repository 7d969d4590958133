//! The [`Extractor`]: the pipeline from text to [`Document`].

use std::cell::Cell;
use std::collections::BTreeMap;
use std::num::NonZeroU32;

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::PathBuf;

use crate::claims::{self, Draft, EntityInfo, Party as ClaimParty};
use crate::coref::{FullName, surname_mentions};
use crate::error::{Error, Result};
use crate::gazetteer::{Entity, Gazetteer};
use crate::lexicon::Lexicon;
use crate::matcher::{Encoded, Hit, Matcher, is_word_char, without_proclitics};
use crate::normalize::{Normalized, OffsetCursor, OffsetMap, normalize_reusing};
use crate::output::{
    CharIndex, ClaimRef, Document, DocumentBuffers, DocumentRef, EntityJson, EntityRef, Links, MentionRef, PartyRef,
    SCHEMA, Source, SpeakerRef,
};
use crate::people::{Known, People};
use crate::segment::{SegmentScratch, Segments, segment_into};
use crate::tokens::{Tok, Tokens};

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
    /// The gazetteer entities' JSON that is the same in every document.
    entity_json: EntityJson,
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
    ///
    /// ```
    /// let e = isnad::Extractor::builder().builtin_gazetteers(false).build()?;
    /// assert!(e.extract("الصين").mentions.is_empty());
    /// # Ok::<(), isnad::Error>(())
    /// ```
    pub fn builtin_gazetteers(mut self, yes: bool) -> Self {
        self.builtin = yes;
        self
    }

    /// Starts from this gazetteer instead of the built-in one (e.g. the
    /// built-in one filtered with [`Gazetteer::retain`]).
    ///
    /// ```
    /// let mut g = isnad::Gazetteer::builtin();
    /// g.retain(|e| e.label == "GPE");
    /// let e = isnad::Extractor::builder().gazetteer(g).build()?;
    /// let doc = e.extract("قالت إنفيديا إن الصين سوق كبيرة");
    /// assert_eq!(doc.entities.len(), 1);
    /// # Ok::<(), isnad::Error>(())
    /// ```
    pub fn gazetteer(mut self, gazetteer: Gazetteer) -> Self {
        self.base = Some(gazetteer);
        self
    }

    /// Adds a gazetteer file; its entries override built-in ones with the
    /// same id. Read when [`build`](Self::build) runs.
    ///
    /// ```
    /// let err = isnad::Extractor::builder().gazetteer_file("no/such.tsv").build().unwrap_err();
    /// assert!(err.to_string().starts_with("no/such.tsv: "));
    /// ```
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
    ///
    /// ```
    /// let e = isnad::Extractor::builder().max_document_bytes(4).build()?;
    /// assert!(e.extract_bytes("x", b"12345").is_err());
    /// # Ok::<(), isnad::Error>(())
    /// ```
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
        let entity_json = EntityJson::new(gazetteer.len());
        Ok(Extractor { gazetteer, lexicon, matcher, entity_json, max_document_bytes: self.max_document_bytes })
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

    /// Every pattern the automaton searches for: the aliases of the
    /// gazetteer in normalized form, with their generated variants
    /// (inflections, the form after ل).
    ///
    /// ```
    /// let e = isnad::Extractor::new();
    /// assert!(e.patterns().iter().any(|p| p == "الصينيين"));
    /// ```
    pub fn patterns(&self) -> &[String] {
        self.matcher.patterns()
    }

    /// The matching stage alone, on text already normalized: how many
    /// gazetteer matches it finds (for benchmarks).
    #[doc(hidden)]
    pub fn count_matches(&self, normalized: &str) -> usize {
        self.matcher.find(normalized).len()
    }

    /// The gazetteer in use.
    ///
    /// ```
    /// assert!(isnad::Extractor::new().gazetteer().get("china").is_some());
    /// ```
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
        // SIMD validation; std's only to locate an error.
        let text = simdutf8::basic::from_utf8(bytes)
            .or_else(|_| std::str::from_utf8(bytes))
            .map_err(|e| Error::invalid_utf8(name, bytes, &e))?;
        Ok(self.extract(text))
    }

    /// Extracts entities, mentions and claims from `text`.
    ///
    /// Gazetteer mentions are found in the whole text; the rules (people,
    /// Latin names, claims) read its first 4 GiB (normalized), which keeps a
    /// token at 16 bytes. Set a limit with
    /// [`ExtractorBuilder::max_document_bytes`] to refuse such input instead.
    ///
    /// ```
    /// let doc = isnad::Extractor::new().extract("وقالت وزارة الخارجية الصينية في بيان إن بكين ترفض القرار.");
    /// let claim = &doc.claims[0];
    /// assert_eq!(claim.cue.lemma, "قال");
    /// assert_eq!(claim.speaker.span.text, "وزارة الخارجية الصينية");
    /// assert_eq!(claim.content.text, "بكين ترفض القرار.");
    /// ```
    pub fn extract(&self, text: &str) -> Document {
        self.with_document(text, |doc| doc.to_document())
    }

    /// Extracts from `text` and appends the result to `out` as compact
    /// JSON: the bytes of `serde_json::to_vec(&self.extract(text))`, written
    /// without making the [`Document`] (whose strings, one or more a
    /// mention, cost more than the JSON of them).
    ///
    /// ```
    /// let extractor = isnad::Extractor::new();
    /// let text = "قال ماكرون إن \"الصين\" شريك.";
    /// let mut out = Vec::new();
    /// extractor.extract_json(text, &mut out);
    /// assert_eq!(out, serde_json::to_vec(&extractor.extract(text))?);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn extract_json(&self, text: &str, out: &mut Vec<u8>) {
        self.with_document(text, |doc| doc.write_json(out));
    }

    /// [`Extractor::extract_json`] without the braces around the members
    /// (`"schema":…,"claims":[…]`), for an object that holds them among its
    /// own: see [`Document::write_json_fields`].
    ///
    /// ```
    /// let extractor = isnad::Extractor::new();
    /// let mut out = b"{\"id\":7,".to_vec();
    /// extractor.extract_json_fields("زار ماكرون الصين.", &mut out);
    /// out.push(b'}');
    /// let value: serde_json::Value = serde_json::from_slice(&out)?;
    /// assert_eq!(value["id"], 7);
    /// assert_eq!(value["mentions"][1]["text"], "الصين");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn extract_json_fields(&self, text: &str, out: &mut Vec<u8>) {
        self.with_document(text, |doc| doc.write_json_fields(out));
    }

    /// Extracts from `text` and hands the document, borrowed, to `f`.
    fn with_document<R>(&self, text: &str, f: impl FnOnce(&DocumentRef) -> R) -> R {
        // The buffers this thread kept from its last document (none the
        // first time, or in a nested call).
        let mut scratch = SCRATCH.try_with(Cell::take).ok().flatten().unwrap_or_default();
        let (result, n) = self.extract_with(text, &mut scratch, f);
        scratch.trim(n);
        // (Gone when the thread is being torn down: the buffers are dropped.)
        let _ = SCRATCH.try_with(|s| s.set(Some(scratch)));
        result
    }

    /// [`Extractor::with_document`] with these buffers; also the normalized length.
    fn extract_with<R>(&self, text: &str, scratch: &mut Scratch, f: impl FnOnce(&DocumentRef) -> R) -> (R, usize) {
        // The automaton's one-byte codes are made as the text is normalized.
        // (In the buffers of the last document's text, codes and mentions.)
        let encoder = self.matcher.encoder_reusing(text.len(), std::mem::take(&mut scratch.encoded));
        let (norm, encoder) = normalize_reusing(text, encoder, std::mem::take(&mut scratch.norm));
        let seg = &mut scratch.seg;
        segment_into(norm.text(), &self.lexicon.abbreviations, seg, &mut scratch.seg_scratch);
        let seg = &*seg;
        let toks = Tokens::new_in(norm.text(), seg, &self.lexicon, std::mem::take(&mut scratch.toks));
        let encoded = encoder.finish();
        let mut found =
            self.find_mentions(norm.text(), &encoded, std::mem::take(&mut scratch.hits), &mut scratch.confirmed);
        scratch.encoded = encoded;
        self.find_people(&toks, &mut found, &mut scratch.labels);
        self.find_latin_names(&toks, &mut found, text, norm.map());
        self.add_surnames(norm.text(), &mut found);
        found.hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let gazetteer_len = self.gazetteer.len();
        let entities = self.gazetteer.entities();
        let info = |e: usize| -> EntityInfo<'_> {
            if e < gazetteer_len {
                EntityInfo { label: &entities[e].label, kind: &entities[e].kind }
            } else {
                let r = &found.rule[e - gazetteer_len];
                EntityInfo { label: r.label, kind: r.kind }
            }
        };
        let upper = |at: usize| text[norm.map().start(at)..].chars().next().is_some_and(char::is_uppercase);
        let passive = |at: usize| {
            let mut chars = text[norm.map().start(at)..].chars();
            chars.next();
            chars.next() == Some('\u{064F}')
        };
        let tok_mention = std::mem::take(&mut scratch.tok_mention);
        let cx = claims::Ctx::new(&toks, seg, &self.lexicon, &found.hits, &info, &upper, &passive, tok_mention);
        let drafts = claims::find_claims(&cx, &mut scratch.claims);
        scratch.tok_mention = cx.tok_mention;
        scratch.toks = toks.toks;
        let result = self.document(text, &norm, seg, &found, &drafts, &mut scratch.doc, f);
        scratch.claims.drafts = drafts;
        scratch.hits = found.hits;
        let len = norm.text().len();
        scratch.norm = norm;
        (result, len)
    }

    /// Gazetteer matches, ambiguous ones confirmed by context.
    fn find_mentions(&self, text: &str, encoded: &Encoded, hits: Vec<Hit>, confirmed: &mut HashSet<usize>) -> Found {
        let mut hits = self.matcher.find_encoded_into(text, encoded, hits);
        // (Most documents have no ambiguous mention, and nothing to confirm.)
        if hits.iter().any(|h| h.ambiguous) {
            let entities = self.gazetteer.entities();
            confirmed.clear();
            confirmed.extend(hits.iter().filter(|h| !h.ambiguous).map(|h| h.entity));
            hits.retain(|h| {
                !h.ambiguous
                    || confirmed.contains(&h.entity)
                    || self.has_context(text, h.start, &entities[h.entity].kind)
                    || latin_in_arabic(text, h.start, h.end)
                    || quoted_whole(text, h.start, h.end)
            });
        }
        Found { hits, rule: Vec::new(), roles: HashMap::default() }
    }

    /// People the rules find (titles, roles, appositives): new PERSON
    /// entities, and roles for the known ones.
    // Out of line: it runs once a document, and a profile shows the stage apart.
    #[inline(never)]
    fn find_people(&self, toks: &Tokens, found: &mut Found, labels_out: &mut Vec<Option<Known>>) {
        let entities = self.gazetteer.entities();
        let g = self.gazetteer.len();
        let mut labels = std::mem::take(labels_out);
        labels.clear();
        labels.resize(toks.len(), None);
        // (The hits are in order: each search starts where the last ended.)
        let mut from = 0;
        for h in &found.hits {
            let mut i = toks.at_from(from, h.start);
            from = i;
            if i > 0 && toks.toks[i - 1].end() > h.start {
                i -= 1;
            }
            while i < toks.len() && toks.toks[i].start() < h.end {
                labels[i] = Some(match entities[h.entity].label.as_str() {
                    "PERSON" => Known::Person,
                    "NORP" => Known::Nationality,
                    _ => Known::Other,
                });
                i += 1;
            }
        }
        let is_person = |e: usize| e >= g || entities[e].label == "PERSON";
        // (No rule entity exists yet: the people are the first rule.)
        // The gazetteer mentions, sorted by start, and the surnames of the
        // people among them with where each was first named in full.
        // (The rule's hits go after them: the first `known` are the gazetteer's.)
        let known = found.hits.len();
        let mut surnames: HashMap<&str, usize> = HashMap::default();
        for h in found.hits.iter().filter(|h| is_person(h.entity)) {
            if let Some((_, last)) = toks.text[h.start..h.end].rsplit_once(' ') {
                surnames.entry(last).or_insert(h.start);
            }
        }
        let text = toks.text;
        let mut rule_ids: HashMap<String, usize> = HashMap::default();
        // Names that cover a nationality mention ("عمر البلوشي"): it goes.
        let mut shadowed: Vec<(usize, usize)> = Vec::new();
        let people = People::new(toks, &self.lexicon, labels);
        let people_found = people.find();
        *labels_out = people.into_known();
        for f in people_found {
            let known_hits = &found.hits[..known];
            let i = known_hits.partition_point(|h| h.start < f.name.1);
            let overlapping = known_hits[i.saturating_sub(2)..i].iter().rev().find(|h| f.name.0 < h.end).copied();
            let name = &toks.text[f.name.0..f.name.1];
            // One word after a title ("د. بانافع") is the surname of someone
            // already named in full: the surname pass will link it.
            let surname_of_known = surnames.get(name).is_some_and(|&first| first < f.name.0);
            // A nationality inside the name is the person's family name.
            let overlapping = overlapping.filter(|h| entities[h.entity].label != "NORP");
            let entity = match overlapping {
                Some(h) if is_person(h.entity) => h.entity,
                Some(_) => continue,
                None if surname_of_known => continue,
                None => {
                    let k = *rule_ids.entry(name.to_string()).or_insert_with(|| {
                        found.rule.push(RuleEntity { name: name.to_string(), label: "PERSON", kind: "person" });
                        found.rule.len() - 1
                    });
                    shadowed.push(f.name);
                    found.hits.push(Hit { start: f.name.0, end: f.name.1, entity: g + k, ambiguous: false });
                    if let Some((_, last)) = text[f.name.0..f.name.1].rsplit_once(' ') {
                        surnames.entry(last).or_insert(f.name.0);
                    }
                    g + k
                }
            };
            if let Some(role) = f.role {
                found.roles.entry(entity).or_insert(role);
            }
        }
        if !shadowed.is_empty() {
            shadowed.sort_unstable();
            found.hits.retain(|h| {
                let i = shadowed.partition_point(|&(s, _)| s <= h.start);
                i == 0 || !(shadowed[i - 1].1 >= h.end && h.entity < g && entities[h.entity].label == "NORP")
            });
        }
    }

    /// Names no gazetteer knows, written in Latin script inside Arabic text:
    /// after a company word ("شركة G&K", "شركات مثل Cambricon وEnflame") they
    /// are companies; after a product word ("تطبيقات مثل Zillow وCanva",
    /// "نموذج Sora 2") products; elsewhere, set in Arabic text, an
    /// organization's or a brand's name. Later mentions of the same name follow.
    // Out of line: it runs once a document, and a profile shows the stage apart.
    #[inline(never)]
    fn find_latin_names(&self, toks: &Tokens, found: &mut Found, original: &str, map: &OffsetMap) {
        let g = self.gazetteer.len();
        let is_latin = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric());
        let capital = |at: usize| original[map.start(at)..].chars().next().is_some_and(|c| c.is_ascii_uppercase());
        let arabic = |w: &str| w.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c));
        let mut known = Taken::new(found.hits.iter().map(|h| (h.start, h.end)).collect());
        let n = toks.len();
        // The end of the Latin name that starts at token `j` (byte `start`):
        // capitalized words, joined by "&", "-", "." glued on both sides
        // ("G&K", "Booking.com"), and a number after a word ("Sora 2").
        let run = |j: usize| -> (usize, usize) {
            let mut end = toks.toks[j].end();
            let mut k = j + 1;
            while k < n && k < j + 8 {
                let glued_joiner = !toks.toks[k].word
                    && matches!(toks.str(k), "&" | "-" | ".")
                    && toks.toks[k].start() == end
                    && k + 1 < n
                    && toks.toks[k + 1].start() == toks.toks[k].end()
                    && is_latin(toks.str(k + 1));
                if glued_joiner {
                    end = toks.toks[k + 1].end();
                    k += 2;
                } else if toks.toks[k].word
                    && is_latin(toks.str(k))
                    && (capital(toks.toks[k].start()) || toks.str(k).chars().all(|c| c.is_ascii_digit()))
                {
                    end = toks.toks[k].end();
                    k += 1;
                } else {
                    break;
                }
            }
            (end, k)
        };
        let mut ids: HashMap<String, usize> = HashMap::default();
        let mut add = |found: &mut Found,
                       known: &mut Taken,
                       start: usize,
                       end: usize,
                       label: &'static str,
                       kind: &'static str| {
            let name = toks.text[start..end].to_string();
            let e = g + *ids.entry(name.clone()).or_insert_with(|| {
                found.rule.push(RuleEntity { name, label, kind });
                found.rule.len() - 1
            });
            found.hits.push(Hit { start, end, entity: e, ambiguous: false });
            known.insert(start, end);
        };
        let mut i = 0;
        // Most words hold no ASCII letter or digit at all: the tokens tell,
        // and the walk goes from one that does to the next.
        while let Some(skip) = crate::tokens::next_ascii(&toks.toks[i..]) {
            i += skip;
            let t = toks.toks[i];
            let w = toks.str(i);
            // "وEnflame", "لـChatGPT": a proclitic glued to the name.
            let Some(lead) = w.bytes().position(|b| b.is_ascii_alphanumeric()) else {
                i += 1;
                continue;
            };
            let glued_ok = lead == 0 || crate::matcher::is_proclitic_chain(&w[..lead]);
            let start = t.start() + lead;
            if !glued_ok || !is_latin(&w[lead..]) || !capital(start) || w[lead..].chars().all(|c| c.is_ascii_digit()) {
                i += 1;
                continue;
            }
            let (end, next) = run(i);
            // Who stands before the list ("شركات مثل X وY"): walk back over
            // the names and their و to the word that introduces them.
            let mut k = i;
            while k > 0
                && (toks.toks[k - 1].word
                    && (is_latin(toks.str(k - 1))
                        || toks.str(k - 1).starts_with('و') && is_latin(toks.str(k - 1).trim_start_matches('و'))))
            {
                k -= 1;
            }
            let intro = |k: usize| {
                let mut p = k;
                while p > 0 && ["مثل", "منها", "ك", "كـ"].contains(&toks.str(p - 1)) {
                    p -= 1;
                }
                p.checked_sub(1).map(|p| toks.str(p)).unwrap_or("")
            };
            let before = intro(k);
            let is_word = |list: &[&str]| without_proclitics(before).any(|w| list.contains(&w));
            let (label, kind) = if is_word(COMPANY_WORDS) {
                ("ORG", "company")
            } else if is_word(PRODUCT_WORDS) {
                ("PRODUCT", "product")
            } else {
                ("ORG", "company")
            };
            // In Arabic text only: an English sentence has capitals everywhere.
            let near_arabic = (i.saturating_sub(2)..(next + 2).min(n)).any(|m| arabic(toks.str(m)));
            let acronym = end - start <= 3
                && toks.text[start..end].chars().all(|c| c.is_ascii_alphabetic())
                && original[map.start(start)..map.end(end)].chars().all(|c| c.is_ascii_uppercase());
            // A capitalized function word of a French or English fragment is no name.
            let function_word = [
                "le", "la", "les", "il", "elle", "the", "a", "an", "in", "on", "of", "de", "du", "des", "et", "en",
                "un", "une", "and", "or", "to", "for", "by", "is", "we", "i",
            ]
            .contains(&&toks.text[start..end]);
            if near_arabic && !acronym && !function_word && known.free(start, end) {
                add(found, &mut known, start, end, label, kind);
            }
            i = next.max(i + 1);
        }
        // Once named, the name alone is the same entity later on.
        let mut again = |start: usize, name: &str, k: usize| {
            let end = start + name.len();
            let bounded = crate::matcher::word_ends_at(toks.text, end)
                && crate::matcher::word_start_within(toks.text, start, 2)
                    .is_some_and(|f| f == start || crate::matcher::is_proclitic_chain(&toks.text[f..start]));
            if bounded && known.free(start, end) {
                found.hits.push(Hit { start, end, entity: g + k, ambiguous: false });
                known.insert(start, end);
            }
        };
        if ids.len() <= FEW_NAMES {
            for (name, &k) in &ids {
                // (What `match_indices` finds, by a SIMD search.)
                for start in memchr::memmem::find_iter(toks.text.as_bytes(), name) {
                    again(start, name, k);
                }
            }
        } else {
            let names: Vec<(&str, usize)> = ids.iter().map(|(name, &k)| (name.as_str(), k)).collect();
            for (&(name, k), starts) in names.iter().zip(match_starts(toks.text, &names)) {
                for start in starts {
                    again(start, name, k);
                }
            }
        }
    }

    /// Surnames of people named in full, after their first full mention.
    // Out of line: it runs once a document, and a profile shows the stage apart.
    #[inline(never)]
    fn add_surnames(&self, text: &str, found: &mut Found) {
        let g = self.gazetteer.len();
        let entities = self.gazetteer.entities();
        let is_person =
            |e: usize| if e >= g { found.rule[e - g].label == "PERSON" } else { entities[e].label == "PERSON" };
        let mut taken: Vec<(usize, usize)> = found.hits.iter().map(|h| (h.start, h.end)).collect();
        taken.sort_unstable();
        let people: Vec<FullName> = found
            .hits
            .iter()
            .filter(|h| is_person(h.entity) && text[h.start..h.end].contains(' '))
            .map(|h| FullName { entity: h.entity, start: h.start, end: h.end })
            .collect();
        for (start, end, entity) in surname_mentions(text, &people, &taken) {
            found.hits.push(Hit { start, end, entity, ambiguous: false });
        }
    }

    /// Whether the word before `start` (past any proclitics glued to the
    /// name, and its own) is a context word for entities of `kind`.
    fn has_context(&self, text: &str, start: usize, kind: &str) -> bool {
        let Some(words) = self.lexicon.context.get(kind) else { return false };
        let head = text[..start].trim_end_matches(is_word_char).trim_end();
        let word = head.rsplit(char::is_whitespace).next().unwrap_or("");
        without_proclitics(word).any(|w| words.contains(w))
    }

    /// The document, as a view of borrowed strings handed to `f`: from it
    /// `f` makes the owned [`Document`] or writes the JSON, which needs
    /// none of those strings.
    #[allow(clippy::too_many_arguments)]
    fn document<R>(
        &self,
        original: &str,
        norm: &Normalized,
        seg: &Segments,
        found: &Found,
        drafts: &[Draft],
        scratch: &mut DocumentScratch,
        f: impl FnOnce(&DocumentRef) -> R,
    ) -> R {
        let DocumentScratch { slots, order, char_blocks, lists } = scratch;
        let chars = CharIndex::new_in(original, std::mem::take(char_blocks));
        let map = norm.map();
        let span = |(s, e): (usize, usize)| {
            let (a, b) = map.to_original(s, e);
            chars.span(a, b)
        };
        // [`span`] for spans in rising order, read through an offset cursor.
        let span_by = |cursor: &mut OffsetCursor, (s, e): (usize, usize)| {
            let (a, b) = cursor.original_span(s, e);
            chars.span(a, b)
        };
        // The original text of a normalized span, without its char offsets.
        let text = |(s, e): (usize, usize)| {
            let (a, b) = map.to_original(s, e);
            &original[a..b]
        };
        let g = self.gazetteer.len();
        let entities = self.gazetteer.entities();
        // Made once: the mentions of a rule entity borrow its id.
        let rule_ids: Vec<String> = found.rule.iter().map(|r| rule_id(&r.name)).collect();
        let id = |e: usize| if e < g { entities[e].id.as_str() } else { rule_ids[e - g].as_str() };
        // The entities in order of first mention, and each hit's place there.
        // (A list and a map kept from the last document, cleared; the
        // document's lists too.)
        order.clear();
        slots.clear();
        let (mut entities_out, mut mentions, mut claims_out) = lists.take();
        mentions.reserve(found.hits.len());
        // The hits are sorted by start: their offsets and sentences are
        // looked up by cursors that move on, not searches from scratch.
        let mut offsets = map.cursor();
        let mut sentence = 0;
        for (k, h) in found.hits.iter().enumerate() {
            let slot = *slots.entry(h.entity).or_insert_with(|| {
                order.push(Seen { entity: h.entity, mentions: 0, first: k, about: Cell::new(0) });
                order.len() - 1
            });
            order[slot].mentions += 1;
            mentions.push(MentionRef {
                span: span_by(&mut offsets, (h.start, h.end)),
                entity: id(h.entity),
                entity_json: self.entity_json.get(h.entity, entities).map(|fixed| fixed.id),
                sentence: seg.sentence_at_from(&mut sentence, h.start),
            });
        }
        let name = |e: usize| {
            if e < g {
                entities[e].name.as_str()
            } else {
                match slots.get(&e) {
                    Some(&slot) => mentions[order[slot].first].span.text,
                    None => found.rule[e - g].name.as_str(),
                }
            }
        };
        entities_out.extend(order.iter().map(|seen| {
            let i = seen.entity;
            let (role, affiliation) = match found.roles.get(&i) {
                Some(&(s, e)) => {
                    let from = found.hits.partition_point(|h| h.start < s);
                    let affiliation = found.hits[from..]
                        .iter()
                        .take_while(|h| h.start < e)
                        .find(|h| h.end <= e && h.entity < g && entities[h.entity].label == "ORG")
                        .map(|h| entities[h.entity].name.as_str());
                    (Some(text((s, e))), affiliation)
                }
                None => (None, None),
            };
            if i >= g {
                return EntityRef {
                    id: id(i),
                    name: name(i),
                    label: found.rule[i - g].label,
                    kind: found.rule[i - g].kind,
                    source: Source::Rule,
                    mentions: seen.mentions,
                    links: Links::None,
                    role,
                    affiliation,
                    fixed: None,
                };
            }
            EntityRef {
                fixed: self.entity_json.get(i, entities),
                ..EntityRef::of_gazetteer(&entities[i], seen.mentions, role, affiliation)
            }
        }));
        let party_name = |p: &ClaimParty| p.entity.map_or_else(|| text(p.span), name);
        let party = |p: &ClaimParty| PartyRef { span: span(p.span), name: party_name(p), entity: p.entity.map(id) };
        // Drafts are in cue order, and contents and speakers mostly follow
        // their cues: cursors again for the cues, the speakers, the contents
        // and the hits in them.
        let mut cue_offsets = map.cursor();
        let mut speaker_offsets = map.cursor();
        let mut content_offsets = map.cursor();
        let (mut first_hit, mut sentence) = (0, 0);
        claims_out.extend(drafts.iter().zip(1..).map(|(d, claim)| {
            let from = crate::gallop::partition_point_from(&found.hits, first_hit, |h| h.start < d.content.0);
            first_hit = from;
            let to = crate::gallop::partition_point_from(&found.hits, from, |h| h.start < d.content.1).max(from);
            let mut about = Vec::new();
            for h in found.hits[from..to].iter().filter(|h| h.end <= d.content.1) {
                let seen = &order[slots[&h.entity]];
                if seen.about.replace(claim) != claim {
                    about.push(id(h.entity));
                }
            }
            ClaimRef {
                kind: d.kind,
                sentence: seg.sentence_at_from(&mut sentence, d.cue.0),
                cue: span_by(&mut cue_offsets, d.cue),
                lemma: &d.lemma,
                speaker: SpeakerRef {
                    span: span_by(&mut speaker_offsets, d.speaker.party.span),
                    name: party_name(d.speaker.antecedent.as_ref().unwrap_or(&d.speaker.party)),
                    entity: d.speaker.party.entity.map(id),
                    kind: d.speaker.kind,
                    resolution: d.speaker.resolution,
                    antecedent: d.speaker.antecedent.as_ref().map(|a| (span(a.span), party_name(a))),
                },
                via: d.via.as_ref().map(party),
                recipient: d.recipient.as_ref().map(party),
                content: span_by(&mut content_offsets, d.content),
                about,
                parent: d.parent,
            }
        }));
        let doc = DocumentRef {
            schema: SCHEMA,
            date: seg.date.as_deref(),
            entities: entities_out,
            mentions,
            claims: claims_out,
        };
        let result = f(&doc);
        lists.keep(doc);
        *char_blocks = chars.into_blocks();
        result
    }
}

/// An entity of a document, as its mentions are read.
struct Seen {
    entity: usize,
    /// How many mentions it has.
    mentions: usize,
    /// The index of its first mention.
    first: usize,
    /// The last claim (counted from 1) it is in the `about` of: a set of
    /// the claim's entities that needs no clearing.
    about: Cell<usize>,
}

/// The spans of the mentions found, as a sorted vector in which each new
/// span goes before those with the same start. Past [`TAKEN_IN_VEC`] of
/// them, in a B-tree that keeps that order: an insertion is O(log n), not a
/// shift of the rest (text naming thousands of Latin names made it
/// quadratic); below, the vector is cheaper.
struct Taken {
    vec: Vec<(usize, usize)>,
    /// (start, order among equal starts) -> end, once there are many.
    tree: Option<BTreeMap<(usize, i64), usize>>,
    inserted: i64,
}

/// Spans that [`Taken`] keeps in a vector.
const TAKEN_IN_VEC: usize = 1024;

impl Taken {
    fn new(mut vec: Vec<(usize, usize)>) -> Taken {
        vec.sort_unstable();
        let mut taken = Taken { vec, tree: None, inserted: 0 };
        taken.grow();
        taken
    }

    /// Moves the spans into the tree once there are many, in their order.
    fn grow(&mut self) {
        if self.tree.is_none() && self.vec.len() > TAKEN_IN_VEC {
            let vec = std::mem::take(&mut self.vec);
            self.tree = Some(vec.into_iter().zip(0..).map(|((s, e), k)| ((s, k), e)).collect());
        }
    }

    fn insert(&mut self, start: usize, end: usize) {
        match &mut self.tree {
            Some(tree) => {
                self.inserted += 1;
                tree.insert((start, -self.inserted), end);
            }
            None => {
                let at = self.vec.partition_point(|&(s, _)| s < start);
                self.vec.insert(at, (start, end));
                self.grow();
            }
        }
    }

    /// Whether `a..b` overlaps none of the last three spans that start before `b`.
    fn free(&self, a: usize, b: usize) -> bool {
        match &self.tree {
            Some(tree) => tree.range(..(b, i64::MIN)).rev().take(3).all(|(_, &e)| e <= a),
            None => {
                let i = self.vec.partition_point(|&(s, _)| s < b);
                self.vec[..i].iter().rev().take(3).all(|&(_, e)| e <= a)
            }
        }
    }
}

/// Up to this many Latin names, each is searched for apart.
const FEW_NAMES: usize = 8;

/// For each name, where it occurs in `text` as `match_indices` finds it
/// (left to right, not overlapping itself), in one pass of an automaton, not
/// one pass a name (quadratic for text naming thousands): its matches
/// overlap, and each name skips those that start before its last one ended.
/// (Were the automaton too large to build, no name is found again.)
fn match_starts(text: &str, names: &[(&str, usize)]) -> Vec<Vec<usize>> {
    let mut starts = vec![Vec::new(); names.len()];
    let Ok(ac) = AhoCorasick::builder().match_kind(MatchKind::Standard).build(names.iter().map(|(name, _)| name))
    else {
        return starts;
    };
    let mut next = vec![0; names.len()];
    // Matches come by their end, so each name's in the order of their start.
    for m in ac.find_overlapping_iter(text) {
        let p = m.pattern().as_usize();
        if m.start() >= next[p] {
            next[p] = m.end();
            starts[p].push(m.start());
        }
    }
    starts
}

/// The id of a rule-made entity: `rule:` and its name, `_` for spaces.
fn rule_id(name: &str) -> String {
    let mut id = String::with_capacity("rule:".len() + name.len());
    id.push_str("rule:");
    for (k, part) in name.split(' ').enumerate() {
        if k > 0 {
            id.push('_');
        }
        id.push_str(part);
    }
    id
}

/// A Latin-script name set in Arabic text ("أطلقت Apple"): there it is a
/// name, not the English word.
fn latin_in_arabic(text: &str, start: usize, end: usize) -> bool {
    let name = &text[start..end];
    let arabic = |c: char| ('\u{0600}'..='\u{06FF}').contains(&c);
    let before = text[..start].chars().rev().take(12).any(arabic);
    let after = text[end..].chars().take(12).any(arabic);
    name.is_ascii() && (before || after)
}

/// A name that fills a quotation ("لـ"العربية""): quoted, it is a name.
fn quoted_whole(text: &str, start: usize, end: usize) -> bool {
    let open = text[..start].chars().next_back();
    let close = text[end..].chars().next();
    matches!((open, close), (Some('"'), Some('"')) | (Some('«'), Some('»')) | (Some('“'), Some('”')))
}

/// An entity a rule found in one document.
struct RuleEntity {
    /// Normalized name, the key that merges its mentions.
    name: String,
    label: &'static str,
    kind: &'static str,
}

/// Words that name a company before its name ("شركة G&K", "شركتي Cambricon وEnflame").
const COMPANY_WORDS: &[&str] = &["شركه", "شركات", "شركتي", "شركتا", "مجموعه", "منصه", "company", "firm"];

/// Words that name a product before its name ("تطبيقات مثل Zillow", "نموذج Sora 2").
const PRODUCT_WORDS: &[&str] = &[
    "نموذج",
    "نماذج",
    "تطبيق",
    "تطبيقات",
    "منصه",
    "منصات",
    "اداه",
    "ادوات",
    "متصفح",
    "خدمه",
    "خدمات",
    "روبوت",
    "شريحه",
    "شرائح",
    "رقائق",
    "معالج",
    "معالجات",
    "هاتف",
    "هواتف",
    "نظام",
    "برنامج",
    "برامج",
    "مساعد",
    "app",
    "model",
];

/// The mentions of one document, with the people the rules added.
struct Found {
    hits: Vec<Hit>,
    /// Entities the rules made; entity `gazetteer.len() + k` is the k-th.
    rule: Vec<RuleEntity>,
    /// The role phrase found for an entity (normalized span).
    roles: HashMap<usize, (usize, usize)>,
}

thread_local! {
    /// The buffers of [`Scratch`], kept by each thread between documents.
    /// (Boxed: taking the buffers and putting them back moves a pointer,
    /// where it moved, and made anew, the whole struct of them.)
    static SCRATCH: Cell<Option<Box<Scratch>>> = const { Cell::new(None) };
}

/// Buffers for one document that the next one reuses: the token array and
/// the others a token or a byte long. Most documents are alike in size, so
/// after the first few an extraction allocates none of them.
#[derive(Default)]
struct Scratch {
    seg: Segments,
    seg_scratch: SegmentScratch,
    toks: Vec<Tok>,
    /// Per token, what a gazetteer mention over it is (for the people rules).
    labels: Vec<Option<Known>>,
    /// Per token, the mention over it (for the claim rules).
    tok_mention: Vec<Option<NonZeroU32>>,
    claims: claims::Buffers,
    /// The entities of unambiguous mentions (find_mentions).
    confirmed: HashSet<usize>,
    /// The normalized text and its offset map.
    norm: Normalized,
    /// The text in the matcher's codes.
    encoded: Encoded,
    /// The gazetteer mentions.
    hits: Vec<Hit>,
    /// The buffers of [`Extractor::document`].
    doc: DocumentScratch,
}

/// The buffers of [`Extractor::document`], kept from one document to the
/// next.
#[derive(Default)]
struct DocumentScratch {
    /// Each entity's place in the document's list.
    slots: HashMap<usize, usize>,
    /// The entities in order of first mention.
    order: Vec<Seen>,
    /// The blocks of the [`CharIndex`].
    char_blocks: Vec<usize>,
    /// The document's lists.
    lists: DocumentBuffers,
}

/// A buffer up to this many bytes is always kept for the next document.
const SCRATCH_KEPT: usize = 4 << 20;

impl Scratch {
    /// After a document of `n` (normalized) bytes: drops each buffer that
    /// holds more than [`SCRATCH_KEPT`] bytes and more than two elements a
    /// byte of the document. Every buffer grows to at most two elements a
    /// byte (one a byte, doubled), so a document never drops what it grew
    /// itself, and one of similar
    /// size reuses it: on big text, fresh pages past the allocator's mmap
    /// threshold cost a page fault each, every time (10 MB of ':' took 40%
    /// longer). A huge document's buffers stay only until the thread's
    /// next, smaller document.
    fn trim(&mut self, n: usize) {
        let keep = |capacity: usize, size: usize| capacity * size <= SCRATCH_KEPT || capacity <= n.saturating_mul(2);
        self.seg.trim(&keep);
        self.seg_scratch.trim(&keep);
        self.claims.trim(&keep);
        self.norm.trim(&keep);
        self.encoded.trim(&keep);
        if !keep(self.hits.capacity(), size_of::<Hit>()) {
            self.hits = Vec::new();
        }
        if !keep(self.toks.capacity(), size_of::<Tok>()) {
            self.toks = Vec::new();
        }
        if !keep(self.labels.capacity(), size_of::<Option<Known>>()) {
            self.labels = Vec::new();
        }
        if !keep(self.tok_mention.capacity(), size_of::<Option<NonZeroU32>>()) {
            self.tok_mention = Vec::new();
        }
        if !keep(self.confirmed.capacity(), size_of::<usize>()) {
            self.confirmed = HashSet::default();
        }
        let doc = &mut self.doc;
        if !keep(doc.slots.capacity(), size_of::<(usize, usize)>()) {
            doc.slots = HashMap::default();
        }
        if !keep(doc.order.capacity(), size_of::<Seen>()) {
            doc.order = Vec::new();
        }
        if !keep(doc.char_blocks.capacity(), size_of::<usize>()) {
            doc.char_blocks = Vec::new();
        }
        doc.lists.trim(&keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcg(seed: &mut u64, n: usize) -> usize {
        *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (*seed >> 33) as usize % n
    }

    /// The automaton finds what `match_indices` finds for each name alone.
    #[test]
    fn match_starts_as_one_by_one() {
        let words = ["aa", "aaa", "ab", "ba", "aba", "b", " ", "و"];
        let mut seed = 3;
        for _ in 0..300 {
            let n = 1 + lcg(&mut seed, 30);
            let text: String = (0..n).map(|_| words[lcg(&mut seed, words.len())]).collect();
            let mut names: Vec<(&str, usize)> = Vec::new();
            for k in 0..1 + lcg(&mut seed, 6) {
                let w = words[lcg(&mut seed, 6)];
                if !names.iter().any(|(x, _)| *x == w) {
                    names.push((w, k));
                }
            }
            let one_by_one: Vec<Vec<usize>> =
                names.iter().map(|(name, _)| text.match_indices(name).map(|(s, _)| s).collect()).collect();
            assert_eq!(match_starts(&text, &names), one_by_one, "{text:?} {names:?}");
        }
    }

    /// [`Taken`] answers as the sorted vector it stands for.
    #[test]
    fn taken_as_a_sorted_vector() {
        let mut seed = 5;
        for round in 0..200 {
            let mut spans: Vec<(usize, usize)> = (0..lcg(&mut seed, 10)
                + match round % 4 {
                    0 | 2 => TAKEN_IN_VEC,
                    1 => TAKEN_IN_VEC - 12,
                    _ => 0,
                })
                .map(|_| {
                    let s = lcg(&mut seed, 20);
                    (s, s + 1 + lcg(&mut seed, 4))
                })
                .collect();
            let mut taken = Taken::new(spans.clone());
            spans.sort_unstable();
            for _ in 0..if round % 4 == 1 { TAKEN_IN_VEC + 30 } else { 30 } {
                let (a, b) = {
                    let s = lcg(&mut seed, 24);
                    (s, s + 1 + lcg(&mut seed, 4))
                };
                let i = spans.partition_point(|&(s, _)| s < b);
                let want = spans[..i].iter().rev().take(3).all(|&(_, e)| e <= a);
                assert_eq!(taken.free(a, b), want);
                if lcg(&mut seed, 2) == 0 {
                    let at = spans.partition_point(|&(s, _)| s < a);
                    spans.insert(at, (a, b));
                    taken.insert(a, b);
                }
            }
        }
    }

    /// The buffers kept between documents change nothing: every document
    /// reads the same after others, longer or shorter, as on a fresh thread.
    #[test]
    fn reused_buffers_change_no_output() {
        let e = Extractor::new();
        let docs = [
            "وقالت وزارة الخارجية الصينية في بيان إن بكين ترفض القرار.",
            "date 2025-01-02\nقال الدكتور أحمد بانافع: \"نعم\" و«لا».\n\nوأضاف أن شركة G&K ستفعل.",
            "",
            ":".repeat(1000).leak(),
            "x",
        ];
        let fresh: Vec<String> = docs
            .iter()
            .map(|d| std::thread::scope(|s| s.spawn(|| format!("{:?}", e.extract(d))).join().unwrap()))
            .collect();
        for round in 0..2 {
            for (d, want) in docs.iter().zip(&fresh).rev() {
                assert_eq!(&format!("{:?}", e.extract(d)), want, "round {round}");
            }
        }
    }
}
