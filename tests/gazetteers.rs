//! The gazetteers at scale: ambiguity, generated inflections, overrides, and
//! the `extract gazetteer check|stats` tools.

use std::process::Command;

use isnad::Extractor;

fn ids(text: &str) -> Vec<String> {
    Extractor::new().extract(text).mentions.into_iter().map(|m| m.entity).collect()
}

#[test]
fn ambiguous_alias_needs_context() {
    // "أبل" may be camels; "Apple" the fruit.
    assert!(!ids("رعاة إبل في الصحراء").contains(&"apple".to_string()));
    assert!(!ids("I ate an apple.").contains(&"apple".to_string()));
    // A kind word in front confirms it.
    assert!(ids("أعلنت شركة أبل نتائجها").contains(&"apple".to_string()));
    assert!(ids("the company Apple said").contains(&"apple".to_string()));
    // An unambiguous alias elsewhere in the document confirms it too.
    assert_eq!(ids("Apple Inc. reported. Apple said more.").iter().filter(|i| *i == "apple").count(), 2);
}

#[test]
fn generated_inflections_match_like_written_ones() {
    for text in ["الشركات الصينية", "المسؤولون الصينيون", "شركتان صينيتان", "للصينيين", "مواطنين صينيين"]
    {
        assert!(ids(text).contains(&"chinese".to_string()), "{text}");
    }
    // A country's written alias beats a nationality's generated form.
    assert_eq!(ids("زار السعودية"), ["saudi_arabia"]);
}

#[test]
fn user_file_overrides_a_builtin_entry() {
    let e = Extractor::builder()
        .gazetteer_text("mine.tsv", "nvidia\tORG\tcompany\tNVIDIA Corporation\tإنفيديا\tNVDA\t-\tmine\n")
        .build()
        .unwrap();
    let doc = e.extract("سهم NVDA وإنفيديا");
    assert_eq!(doc.entities[0].name, "NVIDIA Corporation");
    assert_eq!(doc.mentions.len(), 2);
    // The override replaced the entry whole: its old Latin alias is gone.
    assert!(e.extract("Nvidia").mentions.is_empty());
}

fn extract(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_extract")).args(args).output().unwrap()
}

fn tmp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("isnad-gaz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn check_accepts_a_good_file() {
    let f = tmp("good.tsv", "acme\tORG\tcompany\tAcme\tأكمي\tAcme Corp\tcountry=egypt\tmine\n");
    let out = extract(&["gazetteer", "check", &f]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{f}: 1 entities, 0 override built-in ids\n"));
}

#[test]
fn check_reports_bad_lines_and_conflicts() {
    let bad = tmp("bad.tsv", "acme\tORG\tcompany\n");
    let out = extract(&["gazetteer", "check", &bad]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        format!("extract: {bad}:1: expected 8 TAB-separated fields, found 3")
    );

    let clash = tmp("clash.tsv", "fruit_co\tORG\tcompany\tFruit Co\tالصين\t-\tcountry=atlantis\tmine\n");
    let out = extract(&["gazetteer", "check", &clash]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("alias \"الصين\" names both china and fruit_co"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("warning: fruit_co: country=atlantis links to no entity"));
}

#[test]
fn stats_show_the_counts() {
    let out = extract(&["gazetteer", "stats"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let count = |label: &str, kind: &str| -> usize {
        text.lines()
            .find(|l| l.split_whitespace().take(2).eq([label, kind]))
            .and_then(|l| l.split_whitespace().nth(2)?.parse().ok())
            .unwrap_or(0)
    };
    assert!(count("ORG", "company") >= 300);
    assert!(count("ORG", "media") >= 100);
    assert!(count("PRODUCT", "ai_model") + count("PRODUCT", "chip") >= 100);
    assert!(count("PERSON", "person") >= 300);
    assert!(count("ORG", "organization") + count("ORG", "government_body") >= 80);
    assert!(count("GPE", "country") >= 190);
}
