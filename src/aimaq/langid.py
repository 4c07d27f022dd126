"""Which language and script a document is in, from its letters and commonest words.

Kazakh in Cyrillic has nine letters Russian lacks (ә ғ қ ң ө ұ ү һ і); Russian has
its own function words. The word lists are tiny, so they live here.
"""
from __future__ import annotations

import re

from aimaq.trie import trie_pattern

KAZAKH_LETTERS = frozenset("әғқңөұүһі")
RUSSIAN_WORDS = frozenset("и в на не что с по для это как из от до при он она они года также был была".split())
ENGLISH_WORDS = frozenset("the and of to in is for that with on was are by from".split())
_WORD = re.compile(r"[^\W\d_]+")
# The common case, without the slow Unicode-class regex and Python loop over words: a text whose only
# letters are Cyrillic letters (no other character than those, ASCII non-letters and common
# punctuation). Lower-casing maps each character to one (İ aside: checked by length) and keeps letters
# letters and Cyrillic Cyrillic, so the runs of Cyrillic letters of the lower-cased text are the words.
_CYRILLIC_LETTERS = "\u0400-\u0481\u048a-\u04ff"  # the block less its signs and combining marks
_UNCOMMON = re.compile(f"[^{_CYRILLIC_LETTERS}\x00-\x40\x5b-\x60\x7b-\x7f\u00a0\u00ab\u00bb"
                       "\u2010-\u2015\u2018-\u201f\u2026\u2116]")
_CYRILLIC_WORD = re.compile(f"[{_CYRILLIC_LETTERS}]+")
_KAZAKH_LETTER = re.compile("[" + "".join(sorted(KAZAKH_LETTERS)) + "]")


# A Russian word as a whole run of Cyrillic letters, found by one search (the engine skips the letters
# to the few characters a word may follow) instead of listing every word; at the very start by a match
_RUSSIAN = trie_pattern(RUSSIAN_WORDS) + f"(?![{_CYRILLIC_LETTERS}])"
_RUSSIAN_FIRST = re.compile(_RUSSIAN)
_RUSSIAN_NEXT = re.compile(f"[^{_CYRILLIC_LETTERS}]" + _RUSSIAN)


def detect(text: str, sample: int = 20_000) -> tuple[str, str]:
    """``(language, script)``: language ``kk``/``ru``/``en``/``unknown``, script ``Cyrl``/``Latn``."""
    part = text[:sample]
    low = part.lower()
    if len(low) != len(part) or _UNCOMMON.search(low):
        return _count(part)
    if _RUSSIAN_FIRST.match(low) is None and _RUSSIAN_NEXT.search(low) is None:
        # all words Cyrillic, none Russian: Kazakh when one has a Kazakh letter (what counting gives,
        # with no word at all too)
        return ("kk" if _KAZAKH_LETTER.search(low) else "unknown"), "Cyrl"
    return _decide(_CYRILLIC_WORD.findall(low))


def _count(part: str) -> tuple[str, str]:
    """``detect`` by counting words: by script, with Kazakh letters, Russian and English words."""
    return _decide([w.lower() for w in _WORD.findall(part)])


def _decide(words: list[str]) -> tuple[str, str]:
    """Language and script of lower-case ``words``."""
    cyr = sum(1 for w in words if "\u0400" <= w[0] <= "\u04ff")
    script = "Cyrl" if cyr >= len(words) - cyr else "Latn"
    if not words:
        return "unknown", "Cyrl"
    if script == "Cyrl":
        kazakh = sum(1 for w in words if KAZAKH_LETTERS.intersection(w))
        russian = sum(1 for w in words if w in RUSSIAN_WORDS)
        if kazakh >= max(1, russian) or (kazakh and kazakh * 10 >= len(words)):
            return "kk", script
        return ("ru", script) if russian else ("kk" if kazakh else "unknown", script)
    english = sum(1 for w in words if w in ENGLISH_WORDS)
    return ("en" if english else "unknown"), script
