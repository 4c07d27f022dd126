"""A small suffix analysis of Kazakh word forms.

Kazakh attaches case, possessive, plural and derivational endings to the stem
(``облыс-ы-ның``, ``теңге-ге``, ``Исекешев-тен``), with vowel harmony and voicing
(``ғ/қ``, ``г/к``, ``д/т``) giving each ending several shapes. Rather than list
forms, ``stems`` peels endings from the suffix table (``data/suffixes.tsv``) and
returns every candidate stem; a caller keeps the first one its lexicon knows.
Final-consonant voicing before a vowel (``тарабы`` ← ``тарап``) is undone too.

``_stems_py`` is the reference body. When the optional extension ``aimaq.kk._stems`` is built,
``stems`` runs its compiled body instead (same tuples, tested in ``tests/test_morph_compiled.py``);
the environment variable ``AIMAQ_PURE_STEMS=1`` keeps the reference, to measure or compare.
"""
from __future__ import annotations

import os
from functools import lru_cache

from aimaq.kk import resources

SUFFIXES: tuple[str, ...] = tuple(sorted({row[0] for row in resources.table("suffixes.tsv")}, key=len, reverse=True))
_SUFFIX_SET = frozenset(SUFFIXES)
_SUFFIX_LENGTHS = tuple(sorted({len(s) for s in SUFFIXES}, reverse=True))
_DEVOICE = {"г": "к", "ғ": "қ", "б": "п"}
MAX_DEPTH = 4
MIN_STEM = 2


def _stems_py(word: str) -> tuple[str, ...]:
    """Candidate stems of ``word`` (lower-case), the word itself first, longest first: the
    reference body of ``stems``, which the compiled one (``_stems.pyx``) must match tuple for tuple.

    >>> 'теңге' in _stems_py('теңгеге')
    True
    >>> 'облыс' in _stems_py('облысының')
    True
    """
    word = word.lower()
    found: dict[str, None] = {word: None}
    frontier = [word]
    for _ in range(MAX_DEPTH):
        nxt = []
        for form in frontier:
            for k in _SUFFIX_LENGTHS:  # a set look-up per ending length, not a scan of the table
                if len(form) - k >= MIN_STEM and form[-k:] in _SUFFIX_SET:
                    stem = form[:-k]
                    if stem not in found:
                        found[stem] = None
                        nxt.append(stem)
                    last = stem[-1]
                    if last in _DEVOICE:
                        alt = stem[:-1] + _DEVOICE[last]
                        if alt not in found:
                            found[alt] = None
                            nxt.append(alt)
        frontier = nxt
        if not frontier:
            break
    return tuple(sorted(found, key=len, reverse=True))


def _compiled_body():
    """The compiled body, fed this module's table and limits, or None (not built, or turned off)."""
    if os.environ.get("AIMAQ_PURE_STEMS", "") not in ("", "0"):
        return None
    try:
        from aimaq.kk import _stems
        _stems.configure(SUFFIXES, _DEVOICE, MAX_DEPTH, MIN_STEM)
    except (ImportError, ValueError):
        return None
    return _stems.stems


_stems_compiled = _compiled_body()

# lru_cache over the body itself (no Python frame between the cache and the compiled code)
stems = lru_cache(maxsize=200_000)(_stems_compiled or _stems_py)
stems.__doc__ = """Candidate stems of ``word`` (lower-case), the word itself first, longest first (cached).

    >>> 'теңге' in stems('теңгеге')
    True
    >>> 'облыс' in stems('облысының')
    True
    """


@lru_cache(maxsize=None)
def endings(kind: str) -> tuple[str, ...]:
    """The endings of one kind in the suffix table (``genitive``, ``ablative``, ...), longest first."""
    return tuple(sorted({row[0] for row in resources.table("suffixes.tsv") if row[1] == kind},
                        key=lambda e: (-len(e), e)))


def lemma(word: str, lexicon) -> str | None:
    """The longest stem of ``word`` that ``lexicon`` (a set or mapping) holds, or None."""
    for stem in stems(word):
        if stem in lexicon:
            return stem
    return None


def split(word: str, lexicon) -> tuple[str, str] | None:
    """``(stem, ending)`` for the longest known stem of ``word``, or None."""
    word = word.lower()
    stem = lemma(word, lexicon)
    if stem is None:
        return None
    # voicing changes the stem's last letter (бап → баб-ына), never its length
    return stem, word[len(stem):]
