//! The matching floor for the comparison script (benches/compare.py): reads
//! normalized texts, one a line, on stdin (what `--example normalize` writes)
//! and times, in this one process and interleaved run by run, three scans of
//! every line with the same patterns:
//!
//! - `isnad_match`: isnad's matching stage alone (boundary and clitic rules
//!   included), from normalized text;
//! - `bare_dfa`: a bare `aho-corasick` leftmost-longest scan, built as a DFA;
//! - `bare_nfa`: the same as `aho-corasick`'s default contiguous NFA.
//!
//! Building the automata is not timed (as for pyahocorasick in the script).
//! Prints one line a scan: its name, the median seconds of `RUNS` runs, and
//! the matches it found.
//!
//! ```text
//! zcat ../shared/corpus/ant-v1.1-jawharafm.jsonl.gz | cargo run --release --example normalize > corpus.norm.txt
//! cargo run --release --example floor -- 5 < corpus.norm.txt
//! ```

use std::io::Read;
use std::time::Instant;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// A named scan: the matches it finds in one text.
type Scan<'a> = (&'static str, &'a dyn Fn(&str) -> usize);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runs: usize = match std::env::args().nth(1) {
        Some(n) => n.parse().map_err(|e| format!("RUNS must be a count, not {n:?}: {e}"))?,
        None => 3,
    };
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let lines: Vec<&str> = input.lines().collect();

    let extractor = isnad::Extractor::new();
    let bare = |kind| {
        AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).kind(Some(kind)).build(extractor.patterns())
    };
    let (dfa, nfa) = (bare(AhoCorasickKind::DFA)?, bare(AhoCorasickKind::ContiguousNFA)?);
    let scans: [Scan; 3] = [
        ("isnad_match", &|t| extractor.count_matches(t)),
        ("bare_dfa", &|t| dfa.find_iter(t).count()),
        ("bare_nfa", &|t| nfa.find_iter(t).count()),
    ];

    let mut times = vec![Vec::with_capacity(runs); scans.len()];
    let mut found = vec![0; scans.len()];
    for _ in 0..runs.max(1) {
        for (k, (_, scan)) in scans.iter().enumerate() {
            let start = Instant::now();
            found[k] = lines.iter().map(|t| scan(t)).sum::<usize>();
            times[k].push(start.elapsed().as_secs_f64());
        }
    }
    for (k, (name, _)) in scans.iter().enumerate() {
        times[k].sort_by(f64::total_cmp);
        println!("{name} {:.6} {}", times[k][times[k].len() / 2], found[k]);
    }
    Ok(())
}
