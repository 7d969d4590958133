//! A [`Document`] whose strings are borrowed: from the text, the
//! gazetteer, the extraction's own tables. The extractor builds this view,
//! and from it either the owned [`Document`] or its JSON, directly: the
//! JSON of a document needs none of the strings (one or more a mention)
//! that the owned form allocates and frees again.

use std::collections::BTreeMap;

use super::json::FixedEntity;
use super::{
    Antecedent, Claim, ClaimKind, Cue, Document, DocumentEntity, Mention, Meta, Party, Resolution, Source, Span,
    Speaker, SpeakerKind,
};
use crate::gazetteer::Entity;

/// [`Document`], borrowed.
pub(crate) struct DocumentRef<'a> {
    pub schema: &'a str,
    pub date: Option<&'a str>,
    pub entities: Vec<EntityRef<'a>>,
    pub mentions: Vec<MentionRef<'a>>,
    pub claims: Vec<ClaimRef<'a>>,
}

/// The allocations of a [`DocumentRef`]'s three lists, kept empty from one
/// document to the next (a document's borrows end with it: the lists are
/// kept as lists of `'static` items, which they never hold). Each list
/// made and dropped anew cost an allocation and a free, and growing ones
/// a copy, a document.
#[derive(Default)]
pub(crate) struct DocumentBuffers {
    entities: Vec<EntityRef<'static>>,
    mentions: Vec<MentionRef<'static>>,
    claims: Vec<ClaimRef<'static>>,
}

impl DocumentBuffers {
    /// Empty lists, in the kept allocations.
    #[allow(clippy::type_complexity)]
    pub fn take<'a>(&mut self) -> (Vec<EntityRef<'a>>, Vec<MentionRef<'a>>, Vec<ClaimRef<'a>>) {
        (
            recycle(std::mem::take(&mut self.entities)),
            recycle(std::mem::take(&mut self.mentions)),
            recycle(std::mem::take(&mut self.claims)),
        )
    }

    /// Keeps the allocations of `doc`'s lists, emptied.
    pub fn keep(&mut self, doc: DocumentRef<'_>) {
        self.entities = recycle(doc.entities);
        self.mentions = recycle(doc.mentions);
        self.claims = recycle(doc.claims);
    }

    /// Drops each list whose allocation `keep(capacity, item size)` refuses.
    pub fn trim(&mut self, keep: &impl Fn(usize, usize) -> bool) {
        if !keep(self.entities.capacity(), size_of::<EntityRef>()) {
            self.entities = Vec::new();
        }
        if !keep(self.mentions.capacity(), size_of::<MentionRef>()) {
            self.mentions = Vec::new();
        }
        if !keep(self.claims.capacity(), size_of::<ClaimRef>()) {
            self.claims = Vec::new();
        }
    }
}

/// The allocation of `v`, emptied (its items dropped), as a vector of `U`:
/// std collects an iterator over a vector in place, into the vector's own
/// allocation, when the items have the same size and alignment (as here,
/// the same type with another lifetime). Otherwise the new vector simply
/// allocates.
fn recycle<T, U>(v: Vec<T>) -> Vec<U> {
    v.into_iter().filter_map(|_| None).collect()
}

/// [`Span`], borrowed.
#[derive(Clone, Copy)]
pub(crate) struct SpanRef<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

/// [`DocumentEntity`], borrowed.
pub(crate) struct EntityRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub label: &'a str,
    pub kind: &'a str,
    pub source: Source,
    pub mentions: usize,
    pub links: Links<'a>,
    pub role: Option<&'a str>,
    pub affiliation: Option<&'a str>,
    /// A gazetteer entity's JSON written once (see [`EntityJson`](super::EntityJson)): the
    /// same bytes as its members above.
    pub fixed: Option<FixedEntity<'a>>,
}

impl<'a> EntityRef<'a> {
    /// Gazetteer entity `e`, without its fixed JSON.
    pub fn of_gazetteer(
        e: &'a Entity,
        mentions: usize,
        role: Option<&'a str>,
        affiliation: Option<&'a str>,
    ) -> EntityRef<'a> {
        EntityRef {
            id: &e.id,
            name: &e.name,
            label: &e.label,
            kind: &e.kind,
            source: Source::Gazetteer,
            mentions,
            links: Links::Attrs(&e.attrs),
            role,
            affiliation,
            fixed: None,
        }
    }
}

/// An entity's links: none, those among a gazetteer entry's attributes, or
/// those of an owned [`DocumentEntity`].
#[derive(Clone, Copy)]
pub(crate) enum Links<'a> {
    None,
    /// The attributes `country`, `maker`, `parent` and `region`, the last
    /// value of each (as a map they were inserted in would hold them).
    Attrs(&'a [(String, String)]),
    Map(&'a BTreeMap<String, String>),
}

/// The attributes that are links, in the order of their names (a map's).
const LINK_KEYS: [&str; 4] = ["country", "maker", "parent", "region"];

impl<'a> Links<'a> {
    /// The links in the order of their names.
    pub fn pairs(self) -> impl Iterator<Item = (&'a str, &'a str)> {
        let attrs = match self {
            Links::Attrs(attrs) => attrs,
            _ => &[],
        };
        let map = match self {
            Links::Map(map) => Some(map),
            _ => None,
        };
        let from_attrs = LINK_KEYS
            .into_iter()
            .filter(|_| !attrs.is_empty())
            .filter_map(move |key| attrs.iter().rev().find(|(k, _)| k == key).map(|(k, v)| (k.as_str(), v.as_str())));
        from_attrs.chain(map.into_iter().flatten().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Whether the entity has a `links` member: an owned entity's may be
    /// an empty map.
    pub fn present(self) -> bool {
        match self {
            Links::None => false,
            Links::Attrs(attrs) => attrs.iter().any(|(k, _)| LINK_KEYS.contains(&k.as_str())),
            Links::Map(_) => true,
        }
    }

    fn to_map(self) -> Option<BTreeMap<String, String>> {
        self.present().then(|| self.pairs().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }
}

/// [`Mention`], borrowed.
pub(crate) struct MentionRef<'a> {
    pub span: SpanRef<'a>,
    pub entity: &'a str,
    /// The entity's id quoted, when written once (a gazetteer entity's:
    /// [`FixedEntity::id`]).
    pub entity_json: Option<&'a [u8]>,
    pub sentence: usize,
}

/// [`Claim`], borrowed.
pub(crate) struct ClaimRef<'a> {
    pub kind: ClaimKind,
    pub sentence: usize,
    pub cue: SpanRef<'a>,
    pub lemma: &'a str,
    pub speaker: SpeakerRef<'a>,
    pub via: Option<PartyRef<'a>>,
    pub recipient: Option<PartyRef<'a>>,
    pub content: SpanRef<'a>,
    pub about: Vec<&'a str>,
    pub parent: Option<usize>,
}

/// [`Speaker`], borrowed.
pub(crate) struct SpeakerRef<'a> {
    pub span: SpanRef<'a>,
    pub name: &'a str,
    pub entity: Option<&'a str>,
    pub kind: SpeakerKind,
    pub resolution: Resolution,
    /// The antecedent's span and name.
    pub antecedent: Option<(SpanRef<'a>, &'a str)>,
}

/// [`Party`], borrowed.
#[derive(Clone, Copy)]
pub(crate) struct PartyRef<'a> {
    pub span: SpanRef<'a>,
    pub name: &'a str,
    pub entity: Option<&'a str>,
}

impl SpanRef<'_> {
    fn to_span(self) -> Span {
        Span {
            text: self.text.to_string(),
            start: self.start,
            end: self.end,
            byte_start: self.byte_start,
            byte_end: self.byte_end,
        }
    }
}

impl<'a> From<&'a Span> for SpanRef<'a> {
    fn from(s: &'a Span) -> Self {
        SpanRef { text: &s.text, start: s.start, end: s.end, byte_start: s.byte_start, byte_end: s.byte_end }
    }
}

impl PartyRef<'_> {
    fn to_party(self) -> Party {
        Party { span: self.span.to_span(), name: self.name.to_string(), entity: self.entity.map(str::to_string) }
    }
}

impl<'a> From<&'a Party> for PartyRef<'a> {
    fn from(p: &'a Party) -> Self {
        PartyRef { span: (&p.span).into(), name: &p.name, entity: p.entity.as_deref() }
    }
}

impl DocumentRef<'_> {
    /// The owned document.
    pub fn to_document(&self) -> Document {
        let entities = self
            .entities
            .iter()
            .map(|e| DocumentEntity {
                id: e.id.to_string(),
                name: e.name.to_string(),
                label: e.label.to_string(),
                kind: e.kind.to_string(),
                source: e.source,
                mentions: e.mentions,
                links: e.links.to_map(),
                role: e.role.map(str::to_string),
                affiliation: e.affiliation.map(str::to_string),
            })
            .collect();
        let mentions = self
            .mentions
            .iter()
            .map(|m| Mention { span: m.span.to_span(), entity: m.entity.to_string(), sentence: m.sentence })
            .collect();
        let claims = self
            .claims
            .iter()
            .map(|c| Claim {
                kind: c.kind,
                sentence: c.sentence,
                cue: Cue { span: c.cue.to_span(), lemma: c.lemma.to_string() },
                speaker: Speaker {
                    span: c.speaker.span.to_span(),
                    name: c.speaker.name.to_string(),
                    entity: c.speaker.entity.map(str::to_string),
                    kind: c.speaker.kind,
                    resolution: c.speaker.resolution,
                    antecedent: c
                        .speaker
                        .antecedent
                        .map(|(span, name)| Antecedent { span: span.to_span(), name: name.to_string() }),
                },
                via: c.via.map(PartyRef::to_party),
                recipient: c.recipient.map(PartyRef::to_party),
                content: c.content.to_span(),
                about: c.about.iter().map(|s| s.to_string()).collect(),
                parent: c.parent,
            })
            .collect();
        Document {
            schema: self.schema.to_string(),
            meta: Meta { date: self.date.map(str::to_string) },
            entities,
            mentions,
            claims,
        }
    }
}

impl<'a> From<&'a Document> for DocumentRef<'a> {
    fn from(d: &'a Document) -> Self {
        let entities = d
            .entities
            .iter()
            .map(|e| EntityRef {
                id: &e.id,
                name: &e.name,
                label: &e.label,
                kind: &e.kind,
                source: e.source,
                mentions: e.mentions,
                links: e.links.as_ref().map_or(Links::None, Links::Map),
                role: e.role.as_deref(),
                affiliation: e.affiliation.as_deref(),
                fixed: None,
            })
            .collect();
        let mentions = d
            .mentions
            .iter()
            .map(|m| MentionRef { span: (&m.span).into(), entity: &m.entity, entity_json: None, sentence: m.sentence })
            .collect();
        let claims = d
            .claims
            .iter()
            .map(|c| ClaimRef {
                kind: c.kind,
                sentence: c.sentence,
                cue: (&c.cue.span).into(),
                lemma: &c.cue.lemma,
                speaker: SpeakerRef {
                    span: (&c.speaker.span).into(),
                    name: &c.speaker.name,
                    entity: c.speaker.entity.as_deref(),
                    kind: c.speaker.kind,
                    resolution: c.speaker.resolution,
                    antecedent: c.speaker.antecedent.as_ref().map(|a| ((&a.span).into(), a.name.as_str())),
                },
                via: c.via.as_ref().map(PartyRef::from),
                recipient: c.recipient.as_ref().map(PartyRef::from),
                content: (&c.content).into(),
                about: c.about.iter().map(String::as_str).collect(),
                parent: c.parent,
            })
            .collect();
        DocumentRef { schema: &d.schema, date: d.meta.date.as_deref(), entities, mentions, claims }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recycle_keeps_the_allocation() {
        let text = String::from("x");
        let mut v: Vec<&str> = Vec::with_capacity(100);
        v.push(&text);
        let kept: Vec<&'static str> = recycle(v);
        assert!(kept.is_empty());
        assert_eq!(kept.capacity(), 100);
    }

    #[test]
    fn links_of_attributes_as_a_map_holds_them() {
        let attrs: Vec<(String, String)> = [("region", "r"), ("country", "a"), ("alias", "x"), ("country", "b")]
            .iter()
            .map(|&(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut map = BTreeMap::new();
        for (k, v) in attrs.iter().filter(|(k, _)| LINK_KEYS.contains(&k.as_str())) {
            map.insert(k.clone(), v.clone());
        }
        assert_eq!(Links::Attrs(&attrs).to_map(), Some(map));
        assert_eq!(Links::Attrs(&attrs[2..3]).to_map(), None);
        assert_eq!(Links::None.to_map(), None);
        assert_eq!(Links::Map(&BTreeMap::new()).to_map(), Some(BTreeMap::new()));
    }
}
