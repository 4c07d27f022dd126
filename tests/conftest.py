"""Shared fixtures: where the shared dev data is (tests needing it skip without it)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = Path(__file__).resolve().parent / "corpus"
DEMO = ROOT / "src" / "aimaq" / "demo"

needs_shared = pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared is not present")


def read_corpus(name: str) -> list[list[str]]:
    """Rows of a tab-separated corpus file in tests/corpus (``#`` comments, blank lines skipped)."""
    rows = []
    with open(CORPUS / name, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            rows.append([c for c in line.rstrip("\n").split("\t")])
    return rows


@pytest.fixture(scope="session")
def demo_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))}


def corpus_sentences() -> list[str]:
    """The sentences of the corpora (not the facts corpus's bracketed ones) and the demo articles' lines:
    real-looking text for whole-pipeline tests."""
    out = []
    for path in sorted(CORPUS.glob("*.tsv")):
        for row in read_corpus(path.name):
            text = row[0].replace("\\n", " ")
            if "[" not in text and len(text) > 20:  # (the facts corpus marks its mentions in brackets)
                out.append(text if text.endswith((".", "!", "?")) else text + ".")
    for path in sorted(DEMO.glob("*.txt")):
        out += [line for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 40]
    return out
