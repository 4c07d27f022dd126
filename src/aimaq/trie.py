"""Regex sources built from word lists in the shape of their trie.

Python's regex engine tries the alternatives of a group one by one; a list of words written as
``a|b|c...`` makes it try every word at every position. Branching one letter at a time
(``н(?:а|е)``) lets a position fail at its first letter, and a word's continuations come before
where it ends (``ab(?:c(?:d)?)?``), so a match is the longest word first and falls back only to
where a shorter one ends.
"""
from __future__ import annotations

import re
from typing import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching exactly ``words`` (non-empty strings; longest first), ``""`` when there
    are none."""
    rest: dict[str, set[str]] = {}
    ends = False
    for w in words:
        if w:
            rest.setdefault(w[0], set()).add(w[1:])
        else:
            ends = True
    parts = [re.escape(letter) + trie_pattern(tails) for letter, tails in sorted(rest.items())]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if ends else body
