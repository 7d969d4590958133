//! The claim rules against hand-written cases in real news style
//! (`tests/claims/cases.json`): every expected claim found with its speaker,
//! kind, resolution and content; no claim where a case says there is none.

mod common;

use std::sync::LazyLock;

use isnad::{Document, Extractor, normalize};
use serde::Deserialize;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    text: String,
    claims: Vec<Expected>,
    #[serde(default)]
    not_claims: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Expected {
    cue: String,
    speaker: String,
    speaker_kind: String,
    resolution: String,
    kind: String,
    content_from: String,
    content_to: String,
    via: Option<String>,
    recipient: Option<String>,
    parent: Option<usize>,
}

/// Text compared the way a reader compares it: normalized, words only.
fn fold(s: &str) -> String {
    normalize(s)
        .text()
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The scorer's rule (../shared/eval/score.py): equal, contained, or more
/// than half the words shared.
fn same_party(want: &str, got: &[&str]) -> bool {
    let w = fold(want);
    got.iter().map(|g| fold(g)).any(|g| {
        if g.is_empty() {
            return false;
        }
        let (a, b): (std::collections::HashSet<&str>, std::collections::HashSet<&str>) =
            (g.split(' ').collect(), w.split(' ').collect());
        let inter = a.intersection(&b).count() as f64;
        let f1 = if inter == 0.0 {
            0.0
        } else {
            2.0 * (inter / a.len() as f64) * (inter / b.len() as f64)
                / (inter / a.len() as f64 + inter / b.len() as f64)
        };
        g == w || g.contains(&w) || f1 > 0.5
    })
}

fn char_pos(text: &str, needle: &str) -> Option<(usize, usize)> {
    let b = text.find(needle)?;
    let start = text[..b].chars().count();
    Some((start, start + needle.chars().count()))
}

fn check(case: &Case, doc: &Document) -> Vec<String> {
    let mut problems = Vec::new();
    let mut used = vec![false; doc.claims.len()];
    let mut matched: Vec<Option<usize>> = Vec::new();
    for (k, want) in case.claims.iter().enumerate() {
        let Some((lo, hi)) = char_pos(&case.text, &want.cue) else {
            problems.push(format!("claim {k}: cue {:?} is not in the text", want.cue));
            matched.push(None);
            continue;
        };
        let found =
            doc.claims.iter().enumerate().find(|(i, c)| !used[*i] && lo <= c.cue.span.start && c.cue.span.start < hi);
        let Some((i, got)) = found else {
            problems.push(format!("claim {k} at {:?}: not found", want.cue));
            matched.push(None);
            continue;
        };
        used[i] = true;
        matched.push(Some(i));
        let sp = &got.speaker;
        let ante = sp.antecedent.as_ref();
        let names = [
            sp.name.as_str(),
            sp.span.text.as_str(),
            ante.map_or("", |a| a.name.as_str()),
            ante.map_or("", |a| a.span.text.as_str()),
        ];
        if !same_party(&want.speaker, &names) {
            problems.push(format!(
                "claim {k} at {:?}: speaker {:?} / {:?}, want {:?}",
                want.cue, sp.name, sp.span.text, want.speaker
            ));
        }
        let kind = serde_json::to_value(sp.kind).unwrap();
        if kind != want.speaker_kind.as_str() {
            problems.push(format!("claim {k} at {:?}: speaker kind {kind}, want {}", want.cue, want.speaker_kind));
        }
        let res = serde_json::to_value(sp.resolution).unwrap();
        if res != want.resolution.as_str() {
            problems.push(format!("claim {k} at {:?}: resolution {res}, want {}", want.cue, want.resolution));
        }
        let ck = serde_json::to_value(got.kind).unwrap();
        if ck != want.kind.as_str() {
            problems.push(format!("claim {k} at {:?}: kind {ck}, want {}", want.cue, want.kind));
        }
        // A conjunction glued to the first word (و، ف) may or may not be counted in.
        let content = fold(&got.content.text);
        let from = fold(&want.content_from);
        let starts =
            content.starts_with(&from) || content.strip_prefix(['و', 'ف']).is_some_and(|c| c.starts_with(&from));
        if !starts || !content.ends_with(&fold(&want.content_to)) {
            problems.push(format!(
                "claim {k} at {:?}: content {:?}, want {:?} … {:?}",
                want.cue, got.content.text, want.content_from, want.content_to
            ));
        }
        if let Some(v) = &want.via {
            // The via's name, its text, or how the text spells its entity elsewhere.
            let ok = got.via.as_ref().is_some_and(|p| {
                let surfaces: Vec<&str> = doc
                    .mentions
                    .iter()
                    .filter(|m| Some(&m.entity) == p.entity.as_ref())
                    .map(|m| m.span.text.as_str())
                    .collect();
                same_party(v, &[p.name.as_str(), p.span.text.as_str()]) || same_party(v, &surfaces)
            });
            if !ok {
                problems.push(format!(
                    "claim {k} at {:?}: via {:?}, want {v:?}",
                    want.cue,
                    got.via.as_ref().map(|p| &p.name)
                ));
            }
        }
        if let Some(r) = &want.recipient {
            let ok = got.recipient.as_ref().is_some_and(|p| same_party(r, &[p.name.as_str(), p.span.text.as_str()]));
            if !ok {
                problems.push(format!(
                    "claim {k} at {:?}: recipient {:?}, want {r:?}",
                    want.cue,
                    got.recipient.as_ref().map(|p| &p.span.text)
                ));
            }
        }
    }
    for (k, want) in case.claims.iter().enumerate() {
        let (Some(i), Some(p)) = (matched[k], want.parent) else { continue };
        if doc.claims[i].parent != matched.get(p).copied().flatten() {
            problems.push(format!("claim {k}: parent {:?}, want claim {p}", doc.claims[i].parent));
        }
    }
    for (i, c) in doc.claims.iter().enumerate() {
        if !used[i] {
            problems.push(format!("unexpected claim at {:?} ({:?} by {:?})", c.cue.span.text, c.kind, c.speaker.name));
        }
    }
    for trap in &case.not_claims {
        let Some((lo, hi)) = char_pos(&case.text, trap) else { continue };
        let expected_at =
            |at: usize| case.claims.iter().any(|w| char_pos(&case.text, &w.cue).is_some_and(|(a, _)| a == at));
        if doc.claims.iter().any(|c| lo <= c.cue.span.start && c.cue.span.start < hi && !expected_at(c.cue.span.start))
        {
            problems.push(format!("a claim at the trap {trap:?}"));
        }
    }
    problems
}

#[test]
fn every_case() {
    let cases: Vec<Case> = serde_json::from_str(include_str!("claims/cases.json")).unwrap();
    assert!(cases.len() >= 30);
    let mut failed = Vec::new();
    for case in &cases {
        let doc = EXTRACTOR.extract(&case.text);
        common::check_spans(&case.text, &doc).unwrap();
        let problems = check(case, &doc);
        if !problems.is_empty() {
            failed.push(format!("{}:\n    {}", case.name, problems.join("\n    ")));
        }
    }
    assert!(failed.is_empty(), "{} of {} cases fail:\n{}", failed.len(), cases.len(), failed.join("\n"));
}
