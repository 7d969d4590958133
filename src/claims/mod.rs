//! Claims: who said what. The rule layer over tokens, mentions and segments.
//!
//! For each cue (see `gazetteers/cues.tsv`) the rules ask, in order:
//!
//! 1. **Is something claimed?** A verb needs propositional content after it
//!    ([`complement`]): a colon, a quotation, or an إن/أن clause — after the
//!    verb's own preposition (أشار إلى أن، شدد على أن) and not after a
//!    subordinator (بعد أن، يمكن أن). "نفت روسيا تورطها" has none: no claim.
//! 2. **Who?** ([`speaker`]) The phrase between the verb and its content (VSO),
//!    less adverbials and the recipient; else the phrase before the verb (SVO);
//!    else, when the verb has no subject of its own, the previous speaker
//!    (`carried_over`). The phrase must name a source — a person, a body, an
//!    outlet, a report, unnamed sources — or point back to one (`anaphora`):
//!    "يشير هذا التوجه إلى …" names none.
//! 3. **What?** ([`content`]) Per kind: the quotation; the clause to the end of
//!    the sentence, cut before the next claim's cue; the colon run, over the
//!    next paragraphs when a paragraph ends with ":"; for according-to, the
//!    clause it qualifies.

mod complement;
mod content;
mod cues;
mod speaker;
mod words;

use std::num::NonZeroU32;

use crate::lexicon::{CueClass, Lexicon, WordClass};
use crate::matcher::Hit;
use crate::output::{ClaimKind, Resolution, SpeakerKind};
use crate::segment::Segments;
use crate::tokens::Tokens;

use cues::CueHit;
pub(crate) use cues::find_cues;

/// How far back the rules look, in tokens (for a clause start) or in claims
/// (for a speaker to carry over or point back to). It keeps every cue's work
/// bounded, so the whole pass stays linear on hostile input.
pub(crate) const LOOK_BACK: usize = 80;

/// The last [`LOOK_BACK`] claims, newest first.
pub(crate) fn recent(prev: &[Draft]) -> impl Iterator<Item = &Draft> {
    prev.iter().rev().take(LOOK_BACK)
}

/// What the claim rules need to know about an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EntityInfo<'a> {
    pub(crate) label: &'a str,
    pub(crate) kind: &'a str,
}

/// A speaker or party, in normalized offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Party {
    pub(crate) span: (usize, usize),
    pub(crate) entity: Option<usize>,
}

/// A claim's speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpeakerDraft {
    pub(crate) party: Party,
    pub(crate) kind: SpeakerKind,
    pub(crate) resolution: Resolution,
    pub(crate) antecedent: Option<Party>,
    /// The whole phrase the speaker was read from (role included), for
    /// matching back-references.
    pub(crate) phrase: (usize, usize),
    /// An outlet named in the phrase that relays the speaker ("تقرير سري
    /// اطلعت عليه رويترز").
    pub(crate) via: Option<Party>,
}

/// A claim in normalized offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Draft {
    pub(crate) kind: ClaimKind,
    pub(crate) cue: (usize, usize),
    pub(crate) lemma: String,
    pub(crate) speaker: SpeakerDraft,
    pub(crate) via: Option<Party>,
    pub(crate) recipient: Option<Party>,
    pub(crate) content: (usize, usize),
    pub(crate) parent: Option<usize>,
    /// The cue's class, for the rules that follow (cuts, carrying over).
    pub(crate) class: CueClass,
    /// An according-to phrase inside another claim's sentence qualifies that
    /// claim's content ("وأضافت الصحيفة، نقلاً عن مسؤولين، أن …").
    pub(crate) borrows_content: bool,
}

/// Everything the rules read.
pub(crate) struct Ctx<'a, 't> {
    pub(crate) toks: &'a Tokens<'t>,
    pub(crate) seg: &'a Segments,
    pub(crate) lex: &'a Lexicon,
    pub(crate) mentions: &'a [Hit],
    pub(crate) entity: &'a dyn Fn(usize) -> EntityInfo<'a>,
    /// Whether the original character at a normalized offset is upper case.
    pub(crate) upper: &'a dyn Fn(usize) -> bool,
    /// Whether the original word at a normalized offset carries a damma on
    /// its first letter: the passive voice of a verb (يُقال، يُتوقع، أُعلن).
    pub(crate) passive: &'a dyn Fn(usize) -> bool,
    /// Per token: the index of the mention that covers its start, plus one
    /// (4 bytes a token, not 16: text of punctuation marks has a token per
    /// byte, and a zeroed array costs nothing until written).
    pub(crate) tok_mention: Vec<Option<NonZeroU32>>,
}

impl<'a, 't> Ctx<'a, 't> {
    #[allow(clippy::too_many_arguments)] // (the last is a buffer to reuse)
    pub(crate) fn new(
        toks: &'a Tokens<'t>,
        seg: &'a Segments,
        lex: &'a Lexicon,
        mentions: &'a [Hit],
        entity: &'a dyn Fn(usize) -> EntityInfo<'a>,
        upper: &'a dyn Fn(usize) -> bool,
        passive: &'a dyn Fn(usize) -> bool,
        mut tok_mention: Vec<Option<NonZeroU32>>,
    ) -> Self {
        // (A buffer kept from the last document, cleared.)
        tok_mention.clear();
        tok_mention.resize(toks.len(), None);
        // (The mentions are in order: each search starts where the last ended.)
        let mut from = 0;
        for (mi, m) in mentions.iter().enumerate() {
            // (Past u32::MAX mentions, the rest are not looked up by token.)
            let Some(tag) = u32::try_from(mi + 1).ok().and_then(NonZeroU32::new) else { break };
            let mut i = toks.at_from(from, m.start);
            from = i;
            // A mention may start inside a token ("وByteDance", "لصحيفة").
            if i > 0 && toks.toks[i - 1].end() > m.start {
                i -= 1;
            }
            while i < toks.len() && toks.toks[i].start() < m.end {
                tok_mention[i].get_or_insert(tag);
                i += 1;
            }
        }
        Ctx { toks, seg, lex, mentions, entity, upper, passive, tok_mention }
    }

    fn word(&self, i: usize) -> &'t str {
        if i < self.toks.len() && self.toks.toks[i].word { self.toks.str(i) } else { "" }
    }

    /// [`Ctx::word`] as bytes.
    #[inline]
    fn word_bytes(&self, i: usize) -> &'t [u8] {
        if i < self.toks.len() && self.toks.toks[i].word { self.toks.bytes(i) } else { &[] }
    }

    /// The lexicon lists token `i`'s word is in (none past the end or for
    /// punctuation).
    fn class(&self, i: usize) -> WordClass {
        self.toks.toks.get(i).map_or(WordClass::default(), |t| t.class)
    }

    fn sentence(&self, i: usize) -> usize {
        self.toks.toks[i].sentence as usize
    }

    fn same_sentence(&self, i: usize, j: usize) -> bool {
        j < self.toks.len() && self.toks.toks[i].sentence == self.toks.toks[j].sentence
    }

    /// The mention covering token `i`, if any, with its entity info.
    fn mention(&self, i: usize) -> Option<(usize, EntityInfo<'a>)> {
        let mi = (*self.tok_mention.get(i)?)?.get() as usize - 1;
        Some((mi, (self.entity)(self.mentions[mi].entity)))
    }

    /// Whether token `i` is a comma (`،` or `,`), by its class.
    fn is_comma(&self, i: usize) -> bool {
        self.class(i).has(WordClass::COMMA)
    }
}

/// Buffers of [`find_claims`] that the next document reuses.
#[derive(Debug, Default)]
pub(crate) struct Buffers {
    /// (Empty between documents: the cues borrow the lexicon.)
    cues: Vec<CueHit<'static>>,
    consumed: Vec<bool>,
    /// The drafts, given back once read.
    pub(crate) drafts: Vec<Draft>,
}

impl Buffers {
    /// Drops the buffers that `keep` refuses (given capacity and element size).
    pub(crate) fn trim(&mut self, keep: &dyn Fn(usize, usize) -> bool) {
        if !keep(self.cues.capacity(), size_of::<CueHit>()) {
            self.cues = Vec::new();
        }
        if !keep(self.consumed.capacity(), 1) {
            self.consumed = Vec::new();
        }
        if !keep(self.drafts.capacity(), size_of::<Draft>()) {
            self.drafts = Vec::new();
        }
    }
}

/// An empty vector of `U` in the allocation of `v`: collecting in place
/// from an iterator over a vector reuses its allocation when the element
/// layouts agree, as they do for the same type of another lifetime (else
/// the result is new and empty, which is as correct). No element is mapped.
fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().map(|_| -> U { unreachable!("the vector is empty") }).collect()
}

/// Finds every claim in the document, with the buffers of the last one.
pub(crate) fn find_claims(cx: &Ctx, buffers: &mut Buffers) -> Vec<Draft> {
    let mut cues = recycle(std::mem::take(&mut buffers.cues));
    find_cues(cx, &mut cues);
    let mut drafts: Vec<Draft> = std::mem::take(&mut buffers.drafts);
    drafts.clear();
    let consumed = &mut buffers.consumed;
    consumed.clear();
    consumed.resize(cues.len(), false);
    for (ci, cue) in cues.iter().enumerate() {
        if consumed[ci] {
            continue;
        }
        let found = match cue.form.class {
            CueClass::Verb | CueClass::Participle | CueClass::Relay => {
                complement::arabic_verb(cx, cue, ci, &cues, &drafts, consumed)
            }
            CueClass::According | CueClass::EnAccording => complement::according(cx, cue, &drafts),
            CueClass::EnVerb => complement::english_verb(cx, cue, &drafts),
            CueClass::Block => None,
        };
        if let Some(d) = found {
            drafts.push(d);
        }
    }
    buffers.cues = recycle(cues);
    content::finish(cx, &mut drafts);
    drafts
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod recycle_tests {
    use super::recycle;

    #[test]
    fn recycling_keeps_the_allocation() {
        let mut v: Vec<&'static str> = Vec::with_capacity(100);
        v.push("x");
        let at = v.as_ptr() as usize;
        let w: Vec<&str> = recycle(v);
        assert!(w.is_empty());
        assert_eq!((w.as_ptr() as usize, w.capacity()), (at, 100));
    }
}
