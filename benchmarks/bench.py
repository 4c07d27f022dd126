"""Speed of ``aimaq extract`` against a bare regex tokenization pass over the same text.

Usage: python benchmarks/bench.py [PATH...] [--limit N] [--jobs N] [--ingest N] [--json]

The corpus is PATH... (files, directories, JSONL) when given; else the seeds and
the KazNERD validation sentences when ../shared exists; else the bundled demo
corpus. Both passes run in this process, one after the other, on the same
documents: ``extract`` is the whole pipeline (cleaning, segmentation,
recognizers, facts, the record as JSON), ``bare`` is
``re.findall(r"\\w+|[^\\w\\s]", text)`` (the fastest of five passes; extract runs once, with its
caches cold, as for a new batch). The ratio extract/bare (documents per
second) is the figure the issues set limits on. Peak memory is the process's
maximum resident set size (``resource.getrusage``).

``--jobs N`` also times the same extraction in N worker processes (``0``: one per core), as
``aimaq extract --jobs N`` runs it (``aimaq.api.extract_documents``); the records come back to this
process, which writes them as JSON. This pass runs before the one-process pass, so that the workers,
forked from this process, start with caches as cold as it does. The issues' ratio is the
one-process figure; this one shows what the machine's cores add.

``--ingest N`` also times ``aimaq ingest`` of N documents (the corpus repeated,
each copy made distinct) into a temporary database; with ``--jobs``, also in worker processes.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aimaq.ingest import RawDocument, ReadError, read  # noqa: E402
from aimaq.pipeline import extract  # noqa: E402

SHARED = ROOT.parent / "shared"
BARE = re.compile(r"\w+|[^\w\s]")


def kaznerd_sentences(path: Path) -> list[RawDocument]:
    """Sentences of an IOB2 file as the scorer builds them (tokens joined by spaces)."""
    docs, cur = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if cur:
                docs.append(RawDocument(f"s{len(docs)}", " ".join(cur), str(path)))
                cur = []
            continue
        cur.append(line.rsplit(" ", 1)[0])
    if cur:
        docs.append(RawDocument(f"s{len(docs)}", " ".join(cur), str(path)))
    return docs


def default_corpus() -> tuple[str, list[RawDocument]]:
    if (SHARED / "seeds").is_dir():
        docs = [d for d in read([SHARED / "seeds"]) if isinstance(d, RawDocument)]
        valid = SHARED / "data" / "kaznerd" / "valid.txt"
        if valid.exists():
            docs += kaznerd_sentences(valid)
        return "seeds + KazNERD valid sentences", docs
    demo = ROOT / "src" / "aimaq" / "demo"
    return "demo corpus", [d for d in read([demo]) if isinstance(d, RawDocument)]


def time_extract(docs: list[RawDocument]) -> float:
    t0 = time.perf_counter()
    for d in docs:
        json.dumps(extract(d).to_dict(), ensure_ascii=False)
    return time.perf_counter() - t0


def time_extract_jobs(docs: list[RawDocument], jobs: int) -> float:
    from aimaq.api import extract_documents

    t0 = time.perf_counter()
    for doc in extract_documents(docs, jobs=jobs):
        json.dumps(doc.to_dict(), ensure_ascii=False)
    return time.perf_counter() - t0


def time_bare(docs: list[RawDocument], repeats: int = 5) -> float:
    """The fastest of ``repeats`` passes: one pass takes a few hundredths of a second, which a busy
    machine can stretch by a third; the fastest gives the lowest (most demanding) ratio."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for d in docs:
            BARE.findall(d.text)
        best = min(best, time.perf_counter() - t0)
    return best


def time_ingest(docs: list[RawDocument], n: int, jobs: int = 1) -> dict:
    from aimaq import api

    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        with open(feed, "w", encoding="utf-8") as fh:
            for i in range(n):
                d = docs[i % len(docs)]
                fh.write(json.dumps({"id": f"{d.id}#{i}", "text": f"{d.text}\n№{i}"}, ensure_ascii=False) + "\n")
        t0 = time.perf_counter()
        report = api.ingest([feed], Path(tmp) / "bench.db", show_progress=False, jobs=jobs)
        secs = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*"))
    return {"documents": n, "stored": report.stored, "seconds": round(secs, 2), "docs_per_s": round(n / secs, 1),
            "db_mb": round(size / 2**20, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="corpus (default: seeds + KazNERD valid, else the demo corpus)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N documents")
    ap.add_argument("--jobs", type=int, default=None, metavar="N",
                    help="also time extraction in N worker processes (0: one per core)")
    ap.add_argument("--ingest", type=int, default=0, metavar="N", help="also time ingesting N documents")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    if args.paths:
        name = " ".join(args.paths)
        docs = [d for d in read(args.paths) if not isinstance(d, ReadError)]
    else:
        name, docs = default_corpus()
    if args.limit:
        docs = docs[: args.limit]
    if not docs:
        print("bench: no documents", file=sys.stderr)
        return 1
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 2**20

    t0 = time.perf_counter()
    extract(RawDocument("warmup", "Атырау облысына 2025 жылы 5 млрд теңге бөлінді.", "warmup"))
    warmup = time.perf_counter() - t0  # lexicons and models load on first use
    t_bare = time_bare(docs)
    jobs = None if args.jobs is None else args.jobs or os.cpu_count() or 1
    # the workers fork from this process: run them first, so that they start as cold as the one-process pass
    t_jobs = time_extract_jobs(docs, jobs) if jobs is not None else None
    t_extract = time_extract(docs)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = rss / 2**20 if sys.platform == "darwin" else rss / 1024

    out = {
        "corpus": name, "documents": len(docs), "mb": round(mb, 3),
        "extract": {"seconds": round(t_extract, 3), "docs_per_s": round(len(docs) / t_extract, 1),
                    "mb_per_s": round(mb / t_extract, 3)},
        "bare": {"seconds": round(t_bare, 4), "docs_per_s": round(len(docs) / t_bare, 1),
                 "mb_per_s": round(mb / t_bare, 2)},
        "ratio": round(t_bare / t_extract, 5),
        "warmup_seconds": round(warmup, 2),
        "peak_memory_mb": round(peak_mb, 1),
    }
    if jobs is not None:
        out["extract_jobs"] = {"jobs": jobs, "seconds": round(t_jobs, 3), "docs_per_s": round(len(docs) / t_jobs, 1),
                               "ratio": round(t_bare / t_jobs, 5)}
    if args.ingest:
        out["ingest"] = time_ingest(docs, args.ingest)
        if jobs is not None:
            out["ingest_jobs"] = {"jobs": jobs, **time_ingest(docs, args.ingest, jobs)}
        out["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    e, b = out["extract"], out["bare"]
    print(f"corpus: {name}: {len(docs)} documents, {mb:.2f} MB")
    print(f"extract: {e['docs_per_s']:>10.1f} docs/s  {e['mb_per_s']:>8.3f} MB/s  ({e['seconds']} s)")
    print(f"bare:    {b['docs_per_s']:>10.1f} docs/s  {b['mb_per_s']:>8.2f} MB/s  ({b['seconds']} s)")
    print(f"ratio extract/bare: {out['ratio']:.4f}   (first-use loading: {out['warmup_seconds']} s)")
    if jobs is not None:
        j = out["extract_jobs"]
        print(f"extract in {j['jobs']} processes: {j['docs_per_s']:>10.1f} docs/s  ({j['seconds']} s), "
              f"ratio to bare {j['ratio']:.4f}")
    if args.ingest:
        i = out["ingest"]
        print(f"ingest: {i['documents']} documents in {i['seconds']} s ({i['docs_per_s']} docs/s), "
              f"database {i['db_mb']} MB")
        if "ingest_jobs" in out:
            i = out["ingest_jobs"]
            print(f"ingest in {i['jobs']} processes: {i['documents']} documents in {i['seconds']} s "
                  f"({i['docs_per_s']} docs/s)")
    print(f"peak memory: {out['peak_memory_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
