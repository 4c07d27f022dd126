"""Does a change leave the output byte-identical? The check for speed work.

Usage: python benchmarks/same_output.py write|check REFERENCE.jsonl [PATH...] [--limit N]

``write`` extracts the corpus and saves every record (``json.dumps(..., sort_keys=True)``, one a
line) to REFERENCE; ``check`` extracts it again and compares, printing the first differences
field by field and exiting 1 when any document differs. The corpus is PATH... when given, else
the benchmark's (``bench.py``: seeds and KazNERD validation sentences when ../shared exists, else
the demo corpus) plus ../shared/dev-sentences when present. Take the reference before the change,
in a file outside the tree.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import SHARED, default_corpus  # noqa: E402

from aimaq.ingest import RawDocument, read  # noqa: E402
from aimaq.pipeline import extract  # noqa: E402


def corpus(paths: list[str]) -> list[RawDocument]:
    if paths:
        return [d for d in read(paths) if isinstance(d, RawDocument)]
    docs = default_corpus()[1]
    if (SHARED / "dev-sentences").is_dir():
        docs += [d for d in read([SHARED / "dev-sentences"]) if isinstance(d, RawDocument)]
    return docs


def records(docs: list[RawDocument]) -> list[str]:
    return [json.dumps(extract(d).to_dict(), ensure_ascii=False, sort_keys=True) for d in docs]


def differences(ref: dict[str, str], out: list[str], show: int = 5) -> int:
    """How many records differ from the reference; the first ``show`` printed field by field."""
    bad = 0
    for line in out:
        new = json.loads(line)
        old_line = ref.get(new["id"])
        if old_line == line:
            continue
        bad += 1
        if bad <= show:
            old = json.loads(old_line) if old_line else {}
            for key in sorted(set(old) | set(new)):
                if old.get(key) != new.get(key):
                    print(f"DIFF {new['id']} {key}\n  ref: {json.dumps(old.get(key), ensure_ascii=False)[:600]}"
                          f"\n  new: {json.dumps(new.get(key), ensure_ascii=False)[:600]}")
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["write", "check"])
    ap.add_argument("reference", type=Path)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    args = ap.parse_args(argv)
    docs = corpus(args.paths)
    if args.limit:
        docs = docs[: args.limit]
    t0 = time.perf_counter()
    out = records(docs)
    print(f"{len(docs)} documents, {(time.perf_counter() - t0) / max(1, len(docs)) * 1e6:.0f} us each")
    if args.mode == "write":
        args.reference.write_text("\n".join(out) + "\n", encoding="utf-8")
        return 0
    ref = {json.loads(line)["id"]: line for line in args.reference.read_text(encoding="utf-8").splitlines()}
    bad = differences(ref, out)
    print("IDENTICAL" if not bad else f"{bad} documents differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
