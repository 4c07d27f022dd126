"""Work per document stays linear in its length: a long report costs per character what a short text does.

The text is made of the corpora's sentences (and the demo articles' lines), five to a paragraph in
changing combinations, so that no line repeats (cleaning drops repeated lines as page furniture).
Two quadratic steps were once found this way: overlap resolution checked each mention against every
mention kept, and the facts' word-list scan searched the whole text once per distinct word.
"""
from __future__ import annotations

import time

from aimaq.pipeline import extract_text
from tests.conftest import corpus_sentences


def _report(sentences: list[str], paragraphs: int) -> str:
    n = len(sentences)
    return "\n\n".join(" ".join(sentences[(7 * k + 13 * j) % n] for j in range(5)) + f" {k}-бөлім."
                       for k in range(paragraphs))


def _seconds_per_char(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        extract_text(text)
        best = min(best, time.perf_counter() - t0)
    return best / len(text)


def test_a_long_report_costs_per_character_what_a_short_one_does():
    sentences = corpus_sentences()
    short, long = _report(sentences, 60), _report(sentences, 480)
    extract_text(long)  # every word form seen once, so that both are timed with warm caches
    ratio = _seconds_per_char(long) / _seconds_per_char(short)
    assert len(long) > 100_000
    assert ratio < 1.8, f"a text 8 times longer costs {ratio:.2f} times as much per character"
