"""Loader for the Kazakh language data files in ``aimaq/kk/data``.

Language data is data: every lexicon, suffix table and unit list is a plain
UTF-8 TSV file (``#`` starts a comment, columns are tab-separated), read once.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources as _res

DATA_PACKAGE = "aimaq.kk"


@lru_cache(maxsize=None)
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of ``data/<name>``, comments and blank lines skipped."""
    text = _res.files(DATA_PACKAGE).joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The first column of ``data/<name>`` as a set."""
    return frozenset(row[0] for row in table(name))
