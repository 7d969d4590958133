//! Throughput of each stage on the real corpus (`../shared/corpus`, 9,965
//! Arabic news articles, 12 MB of text) and on the seed article.
//!
//! ```text
//! cargo bench --bench pipeline
//! ```
//!
//! `bare_aho_corasick` is the floor the matching stage is compared with: the
//! same normalized patterns, leftmost-longest, no boundary rules, as a DFA
//! and as the default contiguous NFA.

use std::hint::black_box;
use std::io::{BufRead, BufReader};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use isnad::{Extractor, normalize};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/ant-v1.1-jawharafm.jsonl.gz");
const SEED: &str = include_str!("../seeds/000_7f48c9e5c63e1f81.txt");

/// The corpus articles, or nothing when the corpus is not beside the repository.
fn corpus() -> Vec<String> {
    let Ok(f) = std::fs::File::open(CORPUS) else {
        eprintln!("{CORPUS} not found: benchmarking the seed only");
        return Vec::new();
    };
    BufReader::new(flate2::read::GzDecoder::new(f))
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok()?["text"].as_str().map(String::from))
        .collect()
}

fn benches(c: &mut Criterion) {
    let extractor = Extractor::new();
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let normalized: String = docs.iter().map(|d| normalize(d).text().to_string()).collect::<Vec<_>>().join("\n");

    let mut g = c.benchmark_group("seed");
    g.throughput(Throughput::Bytes(SEED.len() as u64));
    g.bench_function("extract", |b| b.iter(|| black_box(extractor.extract(black_box(SEED)))));
    g.bench_function("build_extractor", |b| b.iter(|| black_box(Extractor::new())));
    g.finish();

    // Linear time on hostile input: each case at 100 kB, 1 MB and 10 MB; the
    // time per byte must stay the same (10× the input, at most 11× the time).
    // 10 MB outgrows the caches and the allocator's reuse of freed memory.
    let mut g = c.benchmark_group("adversarial");
    g.sample_size(10);
    // The seed as one paragraph: real claims, no paragraph break to bound a
    // scan (a look-ahead to the document's end once made this quadratic).
    let one_paragraph = SEED.replace('\n', " ");
    for (name, piece) in [
        ("quotes", "\""),
        ("colons", ":"),
        ("nested_quotes", "«"),
        ("cue_words", "قال "),
        ("cue_colon_quote", "قال: \"نعم\" "),
        ("according", "وفقا لمصادر "),
        ("glued_name", "الصين"),
        ("roles", "وزير الخارجية "),
        ("one_paragraph", one_paragraph.as_str()),
    ] {
        for size in [100_000usize, 1_000_000, 10_000_000] {
            let text = piece.repeat(size.div_ceil(piece.len()));
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_function(format!("{name}/{size}"), |b| b.iter(|| extractor.extract(black_box(&text)).claims.len()));
        }
    }
    g.finish();

    if docs.is_empty() {
        return;
    }
    let mut g = c.benchmark_group("corpus");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("normalize", |b| b.iter(|| docs.iter().map(|d| normalize(d).text().len()).sum::<usize>()));
    g.bench_function("extract", |b| b.iter(|| docs.iter().map(|d| extractor.extract(d).mentions.len()).sum::<usize>()));
    g.bench_function("extract_to_json", |b| {
        b.iter(|| {
            docs.iter().map(|d| serde_json::to_string(&extractor.extract(d)).map_or(0, |s| s.len())).sum::<usize>()
        })
    });
    g.bench_function("extract_json", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    out.clear();
                    extractor.extract_json(d, &mut out);
                    out.len()
                })
                .sum::<usize>()
        })
    });
    g.throughput(Throughput::Bytes(normalized.len() as u64));
    g.bench_function("match_normalized", |b| b.iter(|| extractor.count_matches(black_box(&normalized))));
    for (name, kind) in
        [("bare_aho_corasick_dfa", AhoCorasickKind::DFA), ("bare_aho_corasick_nfa", AhoCorasickKind::ContiguousNFA)]
    {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(extractor.patterns())
            .expect("patterns build");
        g.bench_function(name, |b| b.iter(|| ac.find_iter(black_box(&normalized)).count()));
    }
    g.finish();
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
