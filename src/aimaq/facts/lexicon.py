"""Word lists of the fact assembler, read once from ``aimaq/kk/data`` and compiled to one regex each.

A form is a stem prefix matched at a word start, so one row covers the inflected
forms (``бөлінді``, ``бөлінген``, ``бөлініп`` from ``бөлін``); a trailing ``$``
pins the word end; several words match across any run of spaces. At one position
the longest form wins, which lets a longer ``none`` row block a homonym or a passive.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from aimaq.kk import resources

_LETTER = r"[^\W\d_]"


@dataclass(frozen=True, slots=True)
class Hit:
    """A word-list match: ``start``/``end`` offsets, the row's ``cls`` and ``label``."""

    start: int
    end: int
    cls: str
    label: str


class WordList:
    """One compiled alternation over the rows of a TSV file (form, class, label)."""

    def __init__(self, rows: list[tuple[str, str, str]]):
        rows = sorted(rows, key=lambda r: len(r[0].rstrip("$")), reverse=True)
        self.rows = rows
        parts = []
        for form, _, _ in rows:
            exact = form.endswith("$")
            words = form.rstrip("$").split()
            body = r"\s+".join(re.escape(w) for w in words)
            tail = rf"(?!{_LETTER})" if exact else rf"{_LETTER}*"
            parts.append(f"({body}{tail})")
        self.regex = re.compile(rf"(?<!{_LETTER})(?:{'|'.join(parts)})") if parts else None

    def finditer(self, lower: str, start: int = 0, end: int | None = None):
        """Hits in ``lower[start:end]`` (``lower`` is the lower-cased normalized text)."""
        if self.regex is None:
            return
        end = len(lower) if end is None else end
        for m in self.regex.finditer(lower, start, end):
            form, cls, label = self.rows[m.lastindex - 1]
            yield Hit(m.start(), m.end(), cls, label)


def _rows(name: str, label_default: str = "") -> list[tuple[str, str, str]]:
    out = []
    for row in resources.table(name):
        form = row[0].lower()
        cls = row[1] if len(row) > 1 else label_default
        label = row[2] if len(row) > 2 else cls
        out.append((form, cls, label))
    return out


@lru_cache(maxsize=None)
def verbs() -> WordList:
    """Predicates: investment flow, project status, jobs, target, modal, change, indicator, instruction."""
    return WordList(_rows("fact_verbs.tsv"))


@lru_cache(maxsize=None)
def cues() -> WordList:
    """Nouns near a figure: cost, sum, funds, capacity, project nouns, refer-back openers, prices."""
    return WordList(_rows("fact_cues.tsv"))


@lru_cache(maxsize=None)
def sectors() -> WordList:
    """Sector words of a portfolio (``өнеркәсіптік``, ``ауыл шаруашылығы``)."""
    return WordList([(r[0].lower(), "sector", r[1]) for r in resources.table("fact_sectors.tsv")])


@lru_cache(maxsize=None)
def institutions() -> WordList:
    """Bodies that are tasked (``Үкімет``, ``министрлігі``, ``әкімдігі``)."""
    return WordList([(r[0].lower(), "institution", r[1]) for r in resources.table("fact_institutions.tsv")])


def lower(text: str) -> str:
    """Lower-case ``text`` keeping its length (offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
