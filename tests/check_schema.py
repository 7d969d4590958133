#!/usr/bin/env python3
"""Validates real output against the published JSON Schema (Draft 2020-12).

    python3 -m pip install jsonschema
    cargo build --release && python3 tests/check_schema.py

Checks the seed article's document, a multi-file run (JSON Lines with ids) and
a --jsonl run with passed-through fields. Exit status 1 on the first invalid
document, naming where it is.
"""
import json, os, subprocess, sys, tempfile

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXTRACT = os.path.join(ROOT, "target", "release", "extract")
SEED = os.path.join(ROOT, "seeds", "000_7f48c9e5c63e1f81.txt")


def run(args, stdin=None):
    return subprocess.run([EXTRACT, *args], input=stdin, capture_output=True, check=True).stdout.decode()


def main():
    schema = json.loads(run(["--schema"]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    docs = [("seed", json.loads(run([SEED])))]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("قال المتحدث باسم الوزارة إن الصين \"لن تتراجع\".")
    docs += [(f"multi[{i}]", json.loads(l)) for i, l in enumerate(run([f.name, SEED]).splitlines())]
    line = json.dumps({"id": 7, "text": open(SEED, encoding="utf-8").read(), "url": "x"}, ensure_ascii=False)
    docs += [("jsonl", json.loads(run(["--jsonl", "--quiet"], (line + "\n").encode())))]
    for name, doc in docs:
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            e = errors[0]
            sys.exit(f"{name}: {'/'.join(map(str, e.path))}: {e.message}")
    print(f"schema: {len(docs)} documents valid")


if __name__ == "__main__":
    main()
