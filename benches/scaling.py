#!/usr/bin/env python3
"""`extract --jsonl` on one core and on two, and its peak memory on a big stream.

    cargo build --release --locked
    python3 benches/scaling.py [--corpus ../shared/corpus/ant-v1.1-jawharafm.jsonl.gz]
                               [--copies 4] [--runs 7] [--gigabytes 1]

Speed-up: the corpus, --copies times over in one file, through
`extract --jsonl -q -j1` pinned to the first CPU and `extract --jsonl -q -j2`
pinned to the first two, interleaved (one of each a round, so both see the
same load), --runs rounds; medians and their ratio. The one-core run is pinned
too, so that its reader and writer threads do not get the second core for free.

Memory: --gigabytes of corpus lines written through a pipe into
`extract --jsonl -q -j2 -` (nothing stored on disk); the peak resident set of
the process, from the kernel's accounting (wait4). Skip with --gigabytes 0.
"""
import argparse, gzip, os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXTRACT = os.path.join(ROOT, "target", "release", "extract")


def run_pinned(cpus, args):
    """Wall seconds of `extract args` on these CPUs, output discarded."""
    t = time.perf_counter()
    subprocess.run(
        [EXTRACT, *args],
        stdout=subprocess.DEVNULL,
        check=True,
        preexec_fn=lambda: os.sched_setaffinity(0, cpus),
    )
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "ant-v1.1-jawharafm.jsonl.gz"))
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--gigabytes", type=float, default=1.0)
    args = ap.parse_args()
    if not os.path.exists(EXTRACT):
        sys.exit(f"{EXTRACT} is missing: run `cargo build --release --locked` first")
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        sys.exit("two CPUs are needed")
    one, two = {cpus[0]}, {cpus[0], cpus[1]}

    lines = gzip.open(args.corpus, "rb").read()
    if not lines.endswith(b"\n"):
        lines += b"\n"
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as f:
        for _ in range(args.copies):
            f.write(lines)
        f.flush()
        mb = len(lines) * args.copies / 1e6
        j1, j2 = [], []
        for _ in range(args.runs):
            j1.append(run_pinned(one, ["--jsonl", "-q", "-j1", f.name]))
            j2.append(run_pinned(two, ["--jsonl", "-q", "-j2", f.name]))
    m1, m2 = statistics.median(j1), statistics.median(j2)
    print(f"input: the corpus {args.copies} times, {mb:.0f} MB of JSON Lines; {args.runs} interleaved runs each")
    print(f"-j1 on 1 CPU   median {m1:.3f} s  {mb / m1:6.1f} MB/s")
    print(f"-j2 on 2 CPUs  median {m2:.3f} s  {mb / m2:6.1f} MB/s")
    print(f"speed-up       {m1 / m2:.2f}x  (per round: {', '.join(f'{a / b:.2f}' for a, b in zip(j1, j2))})")

    if args.gigabytes > 0:
        target = int(args.gigabytes * 1e9)
        p = subprocess.Popen(
            [EXTRACT, "--jsonl", "-q", "-j2", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            preexec_fn=lambda: os.sched_setaffinity(0, two),
        )
        written = 0
        while written < target:
            p.stdin.write(lines)
            written += len(lines)
        p.stdin.close()
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            sys.exit(f"extract exited with {p.returncode}")
        print(f"memory         {written / 1e9:.2f} GB through stdin with -j2: peak RSS {usage.ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
