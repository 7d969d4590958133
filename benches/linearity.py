#!/usr/bin/env python3
"""The table of `cargo bench --bench pipeline -- adversarial`: throughput at each
size and how much longer 10x the input takes.

    cargo bench --locked --bench pipeline -- adversarial --warm-up-time 1 --measurement-time 3
    python3 benches/linearity.py

Reads criterion's medians (target/criterion/adversarial/<case>_<size>/new/) and
prints, for each case, MiB/s at every size measured and the ratio of times from
each size to the next, scaled to exactly 10x the bytes (a case's texts are whole
repeats of a piece, so their lengths are only near 100 kB, 1 MB and 10 MB). The
target: 10x the input takes at most 11x the time.
"""
import json, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GROUP = os.path.join(ROOT, "target", "criterion", "adversarial")
LIMIT = 11.0


def human(size):
    """100000 as "100 kB", 10000000 as "10 MB"."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} B"


def main():
    if not os.path.isdir(GROUP):
        sys.exit(f"{GROUP} is missing: run the benchmark first (see the header of this script)")
    cases = {}
    for entry in os.listdir(GROUP):
        m = re.fullmatch(r"(.+)_(\d+)", entry)
        new = os.path.join(GROUP, entry, "new")
        if not m or not os.path.isdir(new):
            continue
        with open(os.path.join(new, "estimates.json")) as f:
            median_ns = json.load(f)["median"]["point_estimate"]
        with open(os.path.join(new, "benchmark.json")) as f:
            size = json.load(f)["throughput"]["Bytes"]
        cases.setdefault(m.group(1), {})[int(m.group(2))] = (size, median_ns)
    sizes = sorted({s for runs in cases.values() for s in runs})
    head = [f"{human(s)} MiB/s" for s in sizes] + [f"{human(a)}→{human(b)}" for a, b in zip(sizes, sizes[1:])]
    print(f"{'case':18}" + "".join(f"{h:>15}" for h in head))
    over = []
    for case in sorted(cases):
        runs = cases[case]
        cells = [f"{runs[s][0] / (runs[s][1] / 1e9) / 2**20:.0f}" if s in runs else "-" for s in sizes]
        for a, b in zip(sizes, sizes[1:]):
            if a in runs and b in runs:
                (bytes_a, time_a), (bytes_b, time_b) = runs[a], runs[b]
                ratio = (time_b / bytes_b) / (time_a / bytes_a) * (b / a)
                cells.append(f"{ratio:.2f}x")
                if ratio > LIMIT:
                    over.append(f"{case} {human(a)}→{human(b)}: {ratio:.2f}x")
            else:
                cells.append("-")
        print(f"{case:18}" + "".join(f"{c:>15}" for c in cells))
    if over:
        print(f"over {LIMIT:g}x: " + "; ".join(over))


if __name__ == "__main__":
    main()
