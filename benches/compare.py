#!/usr/bin/env python3
"""Side-by-side throughput on the same corpus and the same gazetteer, one core.

    python3 -m pip install spacy==3.8.18 pyahocorasick==2.3.1
    cargo build --release --locked --examples
    python3 benches/compare.py [--corpus ../shared/corpus/ant-v1.1-jawharafm.jsonl.gz] [--runs 3]

Tools (medians of --runs runs, MB/s of article text, measured in one run of
this script so that the machine's load is the same for all):
  isnad extract --jsonl -j 1   the whole process: read, normalize, match, segment,
                               claims, write JSON (what a pipeline pays)
  isnad match stage            the matching stage alone (boundary and clitic rules
                               included) over the normalized text, in process
  bare aho-corasick DFA / NFA  leftmost-longest over the normalized text, same
                               patterns, no rules: the floor (examples/floor.rs,
                               interleaved with the row above in one process)
  pyahocorasick                iter_long over the normalized text, same patterns
  spaCy blank("ar") + EntityRuler (phrase patterns), nlp.pipe over the normalized text
The script pins itself (and so every tool) to one CPU: the pipeline's reader
and writer threads get no second core that the Python tools do not use.
Building an automaton is timed for no tool but isnad's end-to-end row (whose
start-up, about 12 ms, includes it). `cargo bench --bench pipeline` has the
stages one by one.
"""
import argparse, gzip, json, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXTRACT = os.path.join(ROOT, "target", "release", "extract")
NORMALIZE = os.path.join(ROOT, "target", "release", "examples", "normalize")
FLOOR = os.path.join(ROOT, "target", "release", "examples", "floor")


def timed(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "ant-v1.1-jawharafm.jsonl.gz"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-spacy", action="store_true")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    for tool in (EXTRACT, NORMALIZE, FLOOR):
        if not os.path.exists(tool):
            sys.exit(f"{tool} is missing: run `cargo build --release --examples` first")

    raw = gzip.open(args.corpus, "rb").read()
    texts = [json.loads(line)["text"] for line in raw.splitlines() if line.strip()]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    norm = subprocess.run([NORMALIZE], input=raw, capture_output=True, check=True).stdout.decode().split("\n")[: len(texts)]
    patterns = subprocess.run([EXTRACT, "gazetteer", "patterns"], capture_output=True, check=True).stdout.decode().split("\n")
    patterns = [p for p in patterns if p]
    print(f"corpus: {len(texts)} articles, {mb:.1f} MB of text; {len(patterns)} normalized patterns; {args.runs} runs each")
    rows = []

    def isnad():
        subprocess.run([EXTRACT, "--jsonl", "-j", "1", "--quiet"], input=raw, stdout=subprocess.DEVNULL, check=False)

    rows.append(("isnad extract --jsonl -j 1 (end to end)", timed(isnad, args.runs)))

    floor = subprocess.run([FLOOR, str(args.runs)], input="\n".join(norm).encode(), capture_output=True, check=True)
    medians = {name: float(t) for name, t, _ in (l.split() for l in floor.stdout.decode().splitlines())}
    rows.append(("isnad match stage (in process)", medians["isnad_match"]))
    rows.append(("bare aho-corasick DFA (floor)", medians["bare_dfa"]))
    rows.append(("bare aho-corasick contiguous NFA", medians["bare_nfa"]))

    import ahocorasick
    automaton = ahocorasick.Automaton()
    for i, p in enumerate(patterns):
        automaton.add_word(p, i)
    automaton.make_automaton()
    rows.append(("pyahocorasick iter_long", timed(lambda: sum(1 for t in norm for _ in automaton.iter_long(t)), args.runs)))

    if not args.skip_spacy:
        import spacy
        nlp = spacy.blank("ar")
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": None})
        ruler.add_patterns([{"label": "E", "pattern": p} for p in patterns])
        rows.append(("spaCy blank('ar') + EntityRuler", timed(lambda: sum(len(d.ents) for d in nlp.pipe(norm, batch_size=256)), args.runs)))

    base = rows[-1][1] if not args.skip_spacy else None
    print(f"{'tool':45} {'median s':>9} {'MB/s':>8} {'vs spaCy':>9}")
    for name, t in rows:
        ratio = f"{base / t:8.1f}x" if base else ""
        print(f"{name:45} {t:9.2f} {mb / t:8.1f} {ratio:>9}")


if __name__ == "__main__":
    main()
