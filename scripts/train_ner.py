#!/usr/bin/env python3
"""Retrain the CRF entity tagger shipped in ``src/aimaq/models/ner.crfsuite``.

Reads the KazNERD validation split (IOB2, one token and tag a line, blank line
between sentences; KazNERD by IS2AI, CC BY 4.0, Yeshpanov et al. LREC 2022),
trains on the sentences with 0-based index >= ``--skip`` (3000) and never looks
at the first 3000, which stay held out for ``score.py kaznerd ... --limit 3000``.

Each KazNERD sentence is joined with spaces (as the scorer does), run through
our own tokenizer (``aimaq.pipeline.analyze``), and every one of our tokens takes
the tag of the KazNERD token its first character falls in (B- only on the token
that starts the KazNERD span).

    .venv/bin/python scripts/train_ner.py [--data ../shared/data/kaznerd/valid.txt]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aimaq.pipeline import analyze  # noqa: E402
from aimaq.recognize import crf  # noqa: E402

# classes the tagger learns; the others are left O (numbers and dates have their own rules)
CLASSES = {"PERSON", "POSITION", "ORGANISATION", "PROJECT", "GPE", "LOCATION", "NORP", "FACILITY",
           "EVENT", "LAW", "ART", "PRODUCT"}


def read_iob2(path: Path) -> list[list[tuple[str, str]]]:
    sents, cur = [], []
    for line in path.open(encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        tok, tag = line.rsplit(" ", 1)
        cur.append((tok, tag))
    if cur:
        sents.append(cur)
    return sents


def align(sent: list[tuple[str, str]]):
    """Our tokens of the space-joined sentence and their BIO labels."""
    text = " ".join(t for t, _ in sent)
    char_tag = [None] * len(text)
    pos = 0
    for tok, tag in sent:
        cls = tag[2:] if tag != "O" and tag[2:] in CLASSES else None
        for k in range(pos, pos + len(tok)):
            char_tag[k] = (cls, tag[:1] == "B" and k == pos)
        pos += len(tok) + 1
    tokens = [t for s in analyze(text).sentences for t in s.tokens]
    labels = []
    prev = None
    for t in tokens:
        cls, begin = char_tag[t.start] or (None, False)
        if cls is None:
            labels.append("O")
        elif begin or prev != cls:
            labels.append("B-" + cls)
        else:
            labels.append("I-" + cls)
        prev = cls
    return tokens, labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "kaznerd" / "valid.txt")
    ap.add_argument("--skip", type=int, default=3000, help="held-out sentences at the start (not trained on)")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "aimaq" / "models" / crf.MODEL_NAME)
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--algorithm", default="lbfgs", help="crfsuite training algorithm (lbfgs, l2sgd, ap, pa, arow)")
    args = ap.parse_args()

    sents = read_iob2(args.data)[args.skip:]
    t0 = time.time()
    trainer = pycrfsuite.Trainer(algorithm=args.algorithm, verbose=False)
    for sent in sents:
        tokens, labels = align(sent)
        if tokens:
            trainer.append(crf.features(tokens), labels)
    print(f"{len(sents)} training sentences, features in {time.time() - t0:.1f}s", file=sys.stderr)
    params = {"max_iterations": args.iterations, "feature.possible_transitions": True}
    if args.algorithm == "lbfgs":
        params.update(c1=args.c1, c2=args.c2)
    trainer.set_params(params)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.out))
    print(f"trained in {time.time() - t0:.1f}s -> {args.out} ({args.out.stat().st_size // 1024} KiB)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
