"""Recognition: every recognizer reads the analysed text and proposes mentions.

A recognizer is a function ``(Analysis) -> list[Mention]``. ``recognize`` runs
them all and keeps a flat, non-overlapping set (as KazNERD spans are flat):
the longer span wins, and on equal length the recognizer listed first.
"""
from __future__ import annotations

from bisect import bisect_left
from operator import attrgetter
from typing import Callable

from aimaq.records import Mention
from aimaq.recognize import dates, entities, numbers, places
from aimaq.text import Analysis

Recognizer = Callable[[Analysis], list[Mention]]

# order = priority on ties
RECOGNIZERS: tuple[Recognizer, ...] = (
    numbers.recognize,
    dates.recognize,
    places.recognize,
    entities.recognize,
)


_PLACE = attrgetter("start", "end")  # the order of the resolved mentions


def resolve(candidates: list[tuple[int, Mention]]) -> list[Mention]:
    """Non-overlapping mentions, longest first, then by recognizer priority; sorted by offset."""
    # Most sentences have no candidates that overlap (none, one, two apart): then every non-empty one
    # is kept, and the choice by length and priority (_choose) would keep them all too
    if len(candidates) < 2:
        if not candidates:
            return []
        m = candidates[0][1]
        return [m] if m.end > m.start else []
    spans = sorted([m for _, m in candidates if m.end > m.start], key=_PLACE)
    end = spans[0].start if spans else 0
    for m in spans:
        if m.start < end:
            return _choose(candidates)
        end = m.end
    return spans


def _choose(candidates: list[tuple[int, Mention]]) -> list[Mention]:
    """``resolve`` for candidates that overlap: the longest first, on ties the earlier recognizer."""
    chosen: list[Mention] = []
    # the spans taken so far, in order: they never overlap, so their ends are in order too, and the
    # only one that can overlap a new span is the last one starting before its end (a bisection, not
    # a scan of all: a long report has thousands of mentions)
    starts: list[int] = []
    ends: list[int] = []
    for _, m in sorted(candidates, key=lambda pm: (-(pm[1].end - pm[1].start), pm[0], pm[1].start)):
        if m.end <= m.start:
            continue
        k = bisect_left(starts, m.end)
        if k and ends[k - 1] > m.start:
            continue
        chosen.append(m)
        starts.insert(k, m.start)
        ends.insert(k, m.end)
    chosen.sort(key=_PLACE)
    return chosen


def recognize(analysis: Analysis, recognizers: tuple[Recognizer, ...] = RECOGNIZERS) -> list[Mention]:
    """All mentions of ``analysis``, resolved (see module docstring)."""
    candidates = [(rank, m) for rank, rec in enumerate(recognizers) for m in rec(analysis)]
    return resolve(candidates)
