//! A direct writer of the compact JSON of a [`Document`]: the bytes
//! `serde_json::to_writer` writes, without serde's per-value calls. Most of
//! the cost of serde_json here is its escaping, a byte at a time, of every
//! string and every key; this checks eight bytes at a time and copies the
//! keys as they are. The serde impls stay the reference: the tests hold the
//! two to the same bytes.

use std::sync::OnceLock;

use super::view::{ClaimRef, DocumentRef, EntityRef, MentionRef, PartyRef, SpanRef, SpeakerRef};
use super::{ClaimKind, Document, Resolution, Source, SpeakerKind};
use crate::gazetteer::Entity;

impl Document {
    /// Appends the document to `out` as compact JSON: the same bytes as
    /// `serde_json::to_writer(out, self)`, written several times faster.
    /// ([`Extractor::extract_json`](crate::Extractor::extract_json) writes
    /// them without making the document first.)
    ///
    /// ```
    /// let doc = isnad::Extractor::new().extract("قال ماكرون إن \"الصين\" شريك.");
    /// let mut out = Vec::new();
    /// doc.write_json(&mut out);
    /// assert_eq!(out, serde_json::to_vec(&doc).unwrap());
    /// ```
    pub fn write_json(&self, out: &mut Vec<u8>) {
        DocumentRef::from(self).write_json(out);
    }

    /// Appends the document's members without the braces around them
    /// (`"schema":…,"claims":[…]`), for an object that holds them flattened
    /// among its own, as `#[serde(flatten)]` would write them.
    pub fn write_json_fields(&self, out: &mut Vec<u8>) {
        DocumentRef::from(self).write_json_fields(out);
    }
}

impl DocumentRef<'_> {
    /// [`Document::write_json`].
    pub(crate) fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        self.write_json_fields(out);
        out.push(b'}');
    }

    /// [`Document::write_json_fields`].
    pub(crate) fn write_json_fields(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"\"schema\":");
        string(out, self.schema);
        out.extend_from_slice(b",\"meta\":{");
        if let Some(date) = self.date {
            out.extend_from_slice(b"\"date\":");
            string(out, date);
        }
        out.extend_from_slice(b"},\"entities\":");
        array(out, &self.entities, entity);
        out.extend_from_slice(b",\"mentions\":");
        array(out, &self.mentions, mention);
        out.extend_from_slice(b",\"claims\":");
        array(out, &self.claims, claim);
    }
}

fn entity(out: &mut Vec<u8>, e: &EntityRef) {
    match e.fixed {
        Some(fixed) => out.extend_from_slice(fixed.head),
        None => entity_head(out, e),
    }
    number(out, e.mentions);
    match e.fixed {
        Some(fixed) => out.extend_from_slice(fixed.links),
        None => entity_links(out, e),
    }
    optional_string(out, b",\"role\":", e.role);
    optional_string(out, b",\"affiliation\":", e.affiliation);
    out.push(b'}');
}

/// How an entity's object starts.
const ID_KEY: &[u8] = b"{\"id\":";

/// An entity's members before the number of its mentions, up to
/// `"mentions":`.
fn entity_head(out: &mut Vec<u8>, e: &EntityRef) {
    out.extend_from_slice(ID_KEY);
    string(out, e.id);
    out.extend_from_slice(b",\"name\":");
    string(out, e.name);
    out.extend_from_slice(b",\"label\":");
    string(out, e.label);
    out.extend_from_slice(b",\"kind\":");
    string(out, e.kind);
    out.extend_from_slice(b",\"source\":");
    out.extend_from_slice(source_name(e.source));
    out.extend_from_slice(b",\"mentions\":");
}

/// An entity's `links` member, if it has one.
fn entity_links(out: &mut Vec<u8>, e: &EntityRef) {
    if e.links.present() {
        out.extend_from_slice(b",\"links\":{");
        for (i, (k, v)) in e.links.pairs().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            string(out, k);
            out.push(b':');
            string(out, v);
        }
        out.push(b'}');
    }
}

/// The JSON of each gazetteer entity's members that no document changes,
/// written once, the first time a document mentions the entity: a document
/// copies them for each entity it mentions, where it escaped four strings
/// and looked the links up among the attributes (and the id again for every
/// mention). Written on demand, not when the extractor is built: a run over
/// one article mentions a few dozen of the thousands of entities, and
/// writing them all was a tenth of its start-up.
#[derive(Debug, Clone, Default)]
pub(crate) struct EntityJson {
    /// By entity, its pieces once written.
    pieces: Box<[OnceLock<Pieces>]>,
}

/// One entity's fixed JSON: its head ([`entity_head`], which starts with
/// the `"id":` member), then its links ([`entity_links`]).
#[derive(Debug, Clone)]
struct Pieces {
    bytes: Box<[u8]>,
    /// Where the quoted id ends.
    id_end: usize,
    /// Where the head ends and the links start.
    head_end: usize,
}

impl Pieces {
    fn of(e: &Entity) -> Pieces {
        let e = EntityRef::of_gazetteer(e, 0, None, None);
        let mut bytes = Vec::with_capacity(160);
        // The head starts with the id: where it ends, written alone.
        bytes.extend_from_slice(ID_KEY);
        string(&mut bytes, e.id);
        let id_end = bytes.len();
        bytes.clear();
        entity_head(&mut bytes, &e);
        let head_end = bytes.len();
        entity_links(&mut bytes, &e);
        Pieces { bytes: bytes.into_boxed_slice(), id_end, head_end }
    }
}

/// A gazetteer entity's fixed JSON (see [`EntityJson`]).
#[derive(Clone, Copy)]
pub(crate) struct FixedEntity<'a> {
    /// The id, quoted and escaped.
    pub id: &'a [u8],
    head: &'a [u8],
    links: &'a [u8],
}

impl EntityJson {
    /// Room for the JSON of `entities` entities, none written yet.
    pub(crate) fn new(entities: usize) -> EntityJson {
        EntityJson { pieces: (0..entities).map(|_| OnceLock::new()).collect() }
    }

    /// The fixed JSON of gazetteer entity `i` of `entities` (those the
    /// extractor was built with), written if this is the first time.
    #[inline]
    pub(crate) fn get<'a>(&'a self, i: usize, entities: &[Entity]) -> Option<FixedEntity<'a>> {
        let (slot, e) = (self.pieces.get(i)?, entities.get(i)?);
        let p = slot.get_or_init(|| Pieces::of(e));
        Some(FixedEntity {
            id: p.bytes.get(ID_KEY.len()..p.id_end)?,
            head: p.bytes.get(..p.head_end)?,
            links: p.bytes.get(p.head_end..)?,
        })
    }
}

fn mention(out: &mut Vec<u8>, m: &MentionRef) {
    span_fields(out, m.span);
    out.extend_from_slice(b",\"entity\":");
    match m.entity_json {
        Some(id) => out.extend_from_slice(id),
        None => string(out, m.entity),
    }
    out.extend_from_slice(b",\"sentence\":");
    number(out, m.sentence);
    out.push(b'}');
}

fn claim(out: &mut Vec<u8>, c: &ClaimRef) {
    out.extend_from_slice(b"{\"kind\":");
    out.extend_from_slice(claim_kind_name(c.kind));
    out.extend_from_slice(b",\"sentence\":");
    number(out, c.sentence);
    out.extend_from_slice(b",\"cue\":");
    span_fields(out, c.cue);
    out.extend_from_slice(b",\"lemma\":");
    string(out, c.lemma);
    out.extend_from_slice(b"},\"speaker\":");
    speaker(out, &c.speaker);
    if let Some(via) = c.via {
        out.extend_from_slice(b",\"via\":");
        party(out, via);
    }
    if let Some(recipient) = c.recipient {
        out.extend_from_slice(b",\"recipient\":");
        party(out, recipient);
    }
    out.extend_from_slice(b",\"content\":");
    span_fields(out, c.content);
    out.extend_from_slice(b"},\"about\":");
    array(out, &c.about, |out, id| string(out, id));
    if let Some(parent) = c.parent {
        out.extend_from_slice(b",\"parent\":");
        number(out, parent);
    }
    out.push(b'}');
}

fn speaker(out: &mut Vec<u8>, s: &SpeakerRef) {
    span_fields(out, s.span);
    out.extend_from_slice(b",\"name\":");
    string(out, s.name);
    out.extend_from_slice(b",\"entity\":");
    string_or_null(out, s.entity);
    out.extend_from_slice(b",\"kind\":");
    out.extend_from_slice(speaker_kind_name(s.kind));
    out.extend_from_slice(b",\"resolution\":");
    out.extend_from_slice(resolution_name(s.resolution));
    if let Some((span, name)) = s.antecedent {
        out.extend_from_slice(b",\"antecedent\":");
        span_fields(out, span);
        out.extend_from_slice(b",\"name\":");
        string(out, name);
        out.push(b'}');
    }
    out.push(b'}');
}

fn party(out: &mut Vec<u8>, p: PartyRef) {
    span_fields(out, p.span);
    out.extend_from_slice(b",\"name\":");
    string(out, p.name);
    out.extend_from_slice(b",\"entity\":");
    string_or_null(out, p.entity);
    out.push(b'}');
}

/// An object's opening brace and the span's members: the rest of the
/// object follows (a span is flattened into the objects that hold one).
fn span_fields(out: &mut Vec<u8>, s: SpanRef) {
    out.extend_from_slice(b"{\"text\":");
    string(out, s.text);
    // The four offsets, made on the stack from the end (no number's length
    // is needed first) and copied into the output once: a copy of a
    // number's few bytes cost about as much as making them.
    let mut buf = [0u8; 128];
    let mut at = buf.len();
    for (key, n) in [
        (b",\"byte_end\":".as_slice(), s.byte_end),
        (b",\"byte_start\":", s.byte_start),
        (b",\"end\":", s.end),
        (b",\"start\":", s.start),
    ] {
        at = digits_before(&mut buf, at, n);
        buf[at - key.len()..at].copy_from_slice(key);
        at -= key.len();
    }
    out.extend_from_slice(&buf[at..]);
}

fn array<T>(out: &mut Vec<u8>, items: &[T], mut write: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

/// `key` and the value, when there is one (`skip_serializing_if`).
fn optional_string(out: &mut Vec<u8>, key: &[u8], value: Option<&str>) {
    if let Some(value) = value {
        out.extend_from_slice(key);
        string(out, value);
    }
}

fn string_or_null(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        Some(value) => string(out, value),
        None => out.extend_from_slice(b"null"),
    }
}

fn number(out: &mut Vec<u8>, n: usize) {
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
    let mut buf = [0u8; 20];
    let at = digits_before(&mut buf, 20, n);
    out.extend_from_slice(&buf[at..]);
}

/// Writes the decimal digits of `n` into `buf` to end at `end` (20 bytes
/// hold any `u64`), two at a time from a table: a division for every digit
/// was a sixth of the writer. Returns where they start.
fn digits_before(buf: &mut [u8], end: usize, mut n: usize) -> usize {
    const PAIRS: &[u8; 200] = b"\
        0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let mut at = end;
    while n >= 100 {
        let pair = (n % 100) * 2;
        n /= 100;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        at -= 2;
        buf[at..at + 2].copy_from_slice(&PAIRS[n * 2..n * 2 + 2]);
    } else {
        at -= 1;
        buf[at] = b'0' + n as u8;
    }
    at
}

/// A JSON string, escaped as serde_json does: `"` and `\` with a
/// backslash, the controls as `\b \t \n \f \r` or `\u00xx`, the rest as is.
fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Few strings need an escape (ids, names, most spans): one quick test,
    // and the string is copied as it is.
    if needs_escape(bytes) {
        escaped(out, bytes);
    } else {
        out.extend_from_slice(bytes);
    }
    out.push(b'"');
}

/// Whether any byte of `bytes` is `"`, `\` or a control character. A short
/// string (most: ids, labels, names) is tested as a word or two, made of
/// its first and last bytes (which overlap: some checked twice, harmlessly)
/// with [`special`], a longer one a block of 32 bytes at a time, the last block overlapping
/// the one before (its bytes checked again, harmlessly), each tested in a
/// way the compiler makes into a few vector instructions.
fn needs_escape(bytes: &[u8]) -> bool {
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
    let half = |b: &[u8]| u64::from(u32::from_le_bytes(b.try_into().unwrap_or_default()));
    let n = bytes.len();
    if n < 4 {
        bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
    } else if n < 8 {
        special(half(&bytes[..4]) | half(&bytes[n - 4..]) << 32) & HIGH != 0
    } else if n <= 16 {
        (special(word(&bytes[..8])) | special(word(&bytes[n - 8..]))) & HIGH != 0
    } else if n < 32 {
        (special(word(&bytes[..8]))
            | special(word(&bytes[8..16]))
            | special(word(&bytes[n - 16..n - 8]))
            | special(word(&bytes[n - 8..])))
            & HIGH
            != 0
    } else {
        bytes.chunks_exact(32).any(any_special) || any_special(&bytes[n - 32..])
    }
}

/// Whether a block of 32 bytes has a byte [`needs_escape`] looks for
/// (`true` for a block of another length: never asked). `b ^ 2 <= 0x20` is
/// `b < 0x20 || b == b'"'`: the xor moves `"` to 0x20 and no byte across it.
#[inline]
fn any_special(block: &[u8]) -> bool {
    let Ok(block) = <&[u8; 32]>::try_from(block) else { return true };
    block.iter().fold(false, |any, &b| any | ((b ^ 2) <= 0x20) | (b == b'\\'))
}

/// Appends `bytes` with its escapes (see [`string`]), sixteen bytes tested
/// at a time.
fn escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
    // `bytes[..done]` is written.
    let mut done = 0;
    // Sixteen bytes a step, tested together.
    let mut chunks = bytes.chunks_exact(16);
    for (k, chunk) in (&mut chunks).enumerate() {
        if (special(word(&chunk[..8])) | special(word(&chunk[8..]))) & HIGH != 0 {
            escape(out, bytes, &mut done, k * 16, chunk);
        }
    }
    // The last bytes: in the last sixteen, or the first and last eight, when
    // there are eight (some checked again, harmlessly), else one by one.
    let rest = chunks.remainder();
    let n = bytes.len();
    let needs = if rest.is_empty() {
        false
    } else if n >= 8 {
        let before = &bytes[n.saturating_sub(16)..][..8];
        (special(word(before)) | special(word(&bytes[n - 8..]))) & HIGH != 0
    } else {
        rest.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
    };
    if needs {
        escape(out, bytes, &mut done, n - rest.len(), rest);
    }
    out.extend_from_slice(&bytes[done..]);
}

/// Writes `bytes[done..]` up to each byte of `chunk` (at `at` in `bytes`)
/// that needs an escape, and the escape.
fn escape(out: &mut Vec<u8>, bytes: &[u8], done: &mut usize, at: usize, chunk: &[u8]) {
    for (i, &b) in chunk.iter().enumerate() {
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x09 => b't',
            0x0A => b'n',
            0x0C => b'f',
            0x0D => b'r',
            0x00..=0x1F => b'u',
            _ => continue,
        };
        out.extend_from_slice(&bytes[*done..at + i]);
        out.extend_from_slice(&[b'\\', short]);
        if short == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]);
        }
        *done = at + i + 1;
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` that is `"`, `\` or below `0x20` is
/// set, and no high bit when there is none such (the classic "has less"
/// test: a byte below `n`, for `n <= 0x80`, borrows); the other bits are
/// noise, to be masked off with [`HIGH`].
fn special(w: u64) -> u64 {
    let below = |w: u64, n: u64| w.wrapping_sub(ONES * n) & !w;
    below(w, 0x20) | below(w ^ (ONES * 0x22), 1) | below(w ^ (ONES * 0x5C), 1)
}

/// The names of the variants, quoted: they need no escapes.
fn source_name(s: Source) -> &'static [u8] {
    match s {
        Source::Gazetteer => b"\"gazetteer\"",
        Source::Rule => b"\"rule\"",
    }
}

fn claim_kind_name(k: ClaimKind) -> &'static [u8] {
    match k {
        ClaimKind::Direct => b"\"direct\"",
        ClaimKind::Indirect => b"\"indirect\"",
        ClaimKind::Mixed => b"\"mixed\"",
        ClaimKind::Colon => b"\"colon\"",
        ClaimKind::AccordingTo => b"\"according_to\"",
    }
}

fn speaker_kind_name(k: SpeakerKind) -> &'static [u8] {
    match k {
        SpeakerKind::Person => b"\"person\"",
        SpeakerKind::Organization => b"\"organization\"",
        SpeakerKind::Media => b"\"media\"",
        SpeakerKind::Report => b"\"report\"",
        SpeakerKind::Anonymous => b"\"anonymous\"",
    }
}

fn resolution_name(r: Resolution) -> &'static [u8] {
    match r {
        Resolution::Explicit => b"\"explicit\"",
        Resolution::CarriedOver => b"\"carried_over\"",
        Resolution::Anaphora => b"\"anaphora\"",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::output::{Antecedent, Claim, Cue, DocumentEntity, Mention, Meta, Party, Span, Speaker};

    fn same_as_serde(doc: &Document) {
        let mut out = Vec::new();
        doc.write_json(&mut out);
        let expected = serde_json::to_vec(doc).unwrap();
        assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(&expected));
    }

    fn span(text: &str, at: usize) -> Span {
        Span { text: text.to_string(), start: at, end: at + 7, byte_start: at * 1000, byte_end: usize::MAX }
    }

    /// A document with `text` in every string and every optional member
    /// present or absent, by `full`.
    fn document(text: &str, full: bool) -> Document {
        let some = |s: &str| full.then(|| s.to_string());
        let party = |k: usize| Party { span: span(text, k), name: text.into(), entity: some(text) };
        let claim = |kind, kind_s, resolution| Claim {
            kind,
            sentence: 3,
            cue: Cue { span: span(text, 1), lemma: text.into() },
            speaker: Speaker {
                span: span(text, 2),
                name: text.into(),
                entity: some(text),
                kind: kind_s,
                resolution,
                antecedent: full.then(|| Antecedent { span: span(text, 3), name: text.into() }),
            },
            via: full.then(|| party(4)),
            recipient: full.then(|| party(5)),
            content: span(text, 6),
            about: if full { vec![text.into(), "x".into()] } else { Vec::new() },
            parent: full.then_some(10),
        };
        let entity = |source| DocumentEntity {
            id: text.into(),
            name: text.into(),
            label: text.into(),
            kind: text.into(),
            source,
            mentions: 0,
            links: full.then(|| BTreeMap::from([(text.to_string(), text.to_string()), ("a".into(), "b".into())])),
            role: some(text),
            affiliation: some(text),
        };
        Document {
            schema: text.into(),
            meta: Meta { date: some(text) },
            entities: vec![entity(Source::Gazetteer), entity(Source::Rule)],
            mentions: vec![Mention { span: span(text, 0), entity: text.into(), sentence: 12345 }; 2],
            claims: vec![
                claim(ClaimKind::Direct, SpeakerKind::Person, Resolution::Explicit),
                claim(ClaimKind::Indirect, SpeakerKind::Organization, Resolution::CarriedOver),
                claim(ClaimKind::Mixed, SpeakerKind::Media, Resolution::Anaphora),
                claim(ClaimKind::Colon, SpeakerKind::Report, Resolution::Explicit),
                claim(ClaimKind::AccordingTo, SpeakerKind::Anonymous, Resolution::Explicit),
            ],
        }
    }

    #[test]
    fn every_member_and_variant_as_serde_writes_it() {
        for full in [false, true] {
            same_as_serde(&document("الصين", full));
            same_as_serde(&Document { entities: Vec::new(), mentions: Vec::new(), ..document("", full) });
        }
    }

    #[test]
    fn every_escape_as_serde_writes_it() {
        let all: String = (0..=0x80u8).map(char::from).chain("\"\\ص😀\u{2028}".chars()).collect();
        for text in [
            all.clone(),
            all.repeat(3),
            "ab\"cd\\ef\u{1}".into(),
            "abcdefghij\u{1f}".into(),
            "12345678\"".into(),
            "\n".into(),
        ] {
            same_as_serde(&document(&text, true));
        }
    }

    #[test]
    fn extracted_articles_as_serde_writes_them() {
        let extractor = crate::Extractor::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["tests/articles", "seeds"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "txt") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let doc = extractor.extract(&text);
                    same_as_serde(&doc);
                    // And straight from the extraction, the document never made.
                    let mut out = Vec::new();
                    extractor.extract_json(&text, &mut out);
                    assert_eq!(out, serde_json::to_vec(&doc).unwrap(), "{}", path.display());
                }
            }
        }
    }

    #[test]
    fn entities_fixed_json_as_written_member_by_member() {
        let mut entities = crate::Gazetteer::builtin().entities().to_vec();
        let mut odd = entities[0].clone();
        odd.id = "a\"b\\c\u{1}".into();
        odd.name = "\n".into();
        entities.push(odd);
        let json = EntityJson::new(entities.len());
        for (i, e) in entities.iter().enumerate() {
            for (mentions, role) in [(1, None), (12345, Some("r\"ole"))] {
                let generic = EntityRef::of_gazetteer(e, mentions, role, role);
                let fixed =
                    EntityRef { fixed: json.get(i, &entities), ..EntityRef::of_gazetteer(e, mentions, role, role) };
                let (mut a, mut b) = (Vec::new(), Vec::new());
                entity(&mut a, &generic);
                entity(&mut b, &fixed);
                assert_eq!(String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
            }
            let mut id = Vec::new();
            string(&mut id, &e.id);
            assert_eq!(json.get(i, &entities).map(|f| f.id), Some(id.as_slice()));
        }
        assert!(json.get(entities.len(), &entities).is_none());
    }

    #[test]
    fn strings_as_serde_writes_them_whatever_the_length_and_place() {
        for len in 0..72 {
            for filler in ['a', ' ', ']', '\u{7f}', 'é'] {
                let base: Vec<char> = std::iter::repeat_n(filler, len).collect();
                for at in 0..len.max(1) {
                    for c in ['\0', '\u{1f}', '"', '\\', '\n', ' ', '~', 'ص'] {
                        let mut chars = base.clone();
                        if at < len {
                            chars[at] = c;
                        }
                        let text: String = chars.into_iter().collect();
                        let mut out = Vec::new();
                        string(&mut out, &text);
                        assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&text).unwrap());
                    }
                }
            }
        }
    }

    #[test]
    fn numbers_as_display_writes_them() {
        let mut edges = vec![0, usize::MAX, u32::MAX as usize];
        for p in 1..20 {
            let ten = 10usize.pow(p);
            edges.extend([ten - 1, ten, ten + 1]);
        }
        for n in edges {
            let mut out = Vec::new();
            number(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }

    proptest! {
        #[test]
        fn any_number_as_display_writes_it(n in any::<usize>(), shift in 0..64u32) {
            let n = n >> shift;
            let mut out = Vec::new();
            number(&mut out, n);
            prop_assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }

        #[test]
        fn any_text_as_serde_writes_it(text in any::<String>(), full in any::<bool>()) {
            same_as_serde(&document(&text, full));
        }
    }
}
