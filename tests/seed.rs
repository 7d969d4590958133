//! The seed article, end to end: what the pipeline finds in it, exactly.

mod common;

use isnad::Extractor;

const SEED: &str = include_str!("../seeds/000_7f48c9e5c63e1f81.txt");

fn seed_doc() -> isnad::Document {
    Extractor::new().extract(SEED)
}

#[test]
fn every_span_is_exact_at_chars_and_bytes() {
    let doc = seed_doc();
    assert!(doc.mentions.len() > 100);
    common::check_spans(SEED, &doc).unwrap();
}

#[test]
fn date_header() {
    assert_eq!(seed_doc().meta.date.as_deref(), Some("2025-11-28"));
}

/// Counts of mentions per entity, for the entities whose spelling in the seed
/// tests a rule: the doubled alef (إإنفيديا ×4), proclitics (للصين،
/// وByteDance), nisba inflections, the glued title (الدكتورأحمد), surnames
/// (جلال، بانافع) and the nationality inside a law's name.
#[test]
fn mention_counts_that_test_rules() {
    let doc = seed_doc();
    let count = |id: &str| doc.mentions.iter().filter(|m| m.entity == id).count();
    assert_eq!(count("nvidia"), 8);
    assert_eq!(count("china"), 11);
    assert_eq!(count("bytedance"), 3);
    assert_eq!(count("chinese"), 18);
    assert_eq!(count("american"), 9);
    assert_eq!(count("european"), 2);
    assert_eq!(count("ahmed_banafa"), 3);
    assert_eq!(count("asem_galal"), 2);
    // "لشخصين" (two persons) is not China: no mention starts inside it.
    let at = SEED.find("لشخصين").unwrap();
    assert!(doc.mentions.iter().all(|m| m.span.byte_start < at || m.span.byte_start > at + "لشخصين".len()));
}

/// The whole JSON output, one entity, mention or claim a line, so that a
/// reviewer can read it (and did).
#[test]
fn seed_snapshot() {
    let doc = seed_doc();
    let mut out = String::new();
    out.push_str(&format!(
        "schema: {}\nmeta: {}\n\nentities:\n",
        doc.schema,
        serde_json::to_string(&doc.meta).unwrap()
    ));
    for e in &doc.entities {
        out.push_str(&serde_json::to_string(e).unwrap());
        out.push('\n');
    }
    out.push_str("\nmentions:\n");
    for m in &doc.mentions {
        out.push_str(&serde_json::to_string(m).unwrap());
        out.push('\n');
    }
    out.push_str("\nclaims:\n");
    for c in &doc.claims {
        out.push_str(&serde_json::to_string(c).unwrap());
        out.push('\n');
    }
    insta::assert_snapshot!("seed", out);
}

/// Speakers come from rules, not lists: with every PERSON entry removed from
/// the gazetteers, the seed's four named speakers are still found, with roles.
#[test]
fn named_speakers_without_any_person_in_the_gazetteers() {
    let mut g = isnad::Gazetteer::builtin();
    g.retain(|e| e.label != "PERSON");
    let doc = Extractor::builder().gazetteer(g).build().unwrap().extract(SEED);
    let speaker_of = |cue_at: &str| {
        let at = SEED[..SEED.find(cue_at).unwrap()].chars().count();
        let c = doc.claims.iter().find(|c| c.cue.span.start == at).unwrap_or_else(|| panic!("no claim at {cue_at}"));
        (c.speaker.name.clone(), c.speaker.entity.clone().unwrap_or_default())
    };
    let role_of =
        |entity: &str| doc.entities.iter().find(|e| e.id == entity).and_then(|e| e.role.clone()).unwrap_or_default();
    for (cue_at, name, role) in [
        (
            "يقول لموقع \"اقتصاد سكاي نيوز عربية\"،",
            "عاصم جلال",
            "استشاري العلوم الإدارية وتكنولوجيا المعلومات في شركة G&K",
        ),
        ("نقل التقرير عن شيلدون", "شيلدون فرنانديز", "المؤسس المشارك لشركة داروين إيه آي ومقرها تورنتو"),
        ("أعرب الرئيس التنفيذي", "براين تشيسكي", "الرئيس التنفيذي لشركة Airbnb"),
        (
            "يقول لموقع \"اقتصاد سكاي نيوز عربية\":",
            "أحمد بانافع",
            "خبير الذكاء الاصطناعي والتحول الرقمي من جامعة سان هوزه الحكومية في كاليفورنيا",
        ),
    ] {
        let (got, entity) = speaker_of(cue_at);
        assert_eq!(got, name, "speaker at {cue_at}");
        assert!(entity.starts_with("rule:"), "{entity}");
        assert_eq!(role_of(&entity), role, "role of {name}");
        let e = doc.entities.iter().find(|e| e.id == entity).unwrap();
        assert_eq!((e.label.as_str(), e.source), ("PERSON", isnad::output::Source::Rule));
    }
    // Their surnames alone still point at them ("ويلفت جلال", "د. بانافع").
    assert_eq!(speaker_of("يلفت جلال").0, "عاصم جلال");
    assert_eq!(speaker_of("يضيف د. بانافع").0, "أحمد بانافع");
}
