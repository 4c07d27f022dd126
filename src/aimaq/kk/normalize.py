"""Normalization of Kazakh text for matching, keeping every offset.

``normalize`` returns a string of exactly the same length as its input: each
character is replaced by its matching form (Latin look-alikes inside Cyrillic
words by the Cyrillic letter, typographic quotes and dashes by plain ones,
NBSP and thin spaces by a space, a soft hyphen by a zero-width marker that the
tokenizer drops). Offsets found on the normalized copy are valid in the
original. Canonical composition (NFC) changes lengths, so it is applied to
token forms only (``fold``).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from aimaq.kk import resources

SOFT_HYPHEN = "\u00ad"

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"), " ")
_PUNCT = {ord(k): v for k, v in resources.table("punctuation.tsv")}
_LOOKALIKES = {ord(k): v for k, v in resources.table("lookalikes.tsv")}
_TABLE = {**_SPACES, **_PUNCT}
# every replacement is one character, white space for white space and the rest for the rest: the text
# keeps its length (offsets found on the copy hold in the original) and its white space
assert all(len(v) == 1 and chr(k).isspace() == v.isspace() for k, v in {**_TABLE, **_LOOKALIKES}.items())
_NEEDS_TABLE = re.compile("[" + re.escape("".join(map(chr, _TABLE))) + "]")
_CYR = "\u0400-\u04ff"
_LATIN = re.compile("[A-Za-z]")
# a run of letters holding a Latin letter (a look-alike when the run also holds Cyrillic)
_MIXED_WORD = re.compile(rf"[A-Za-z{_CYR}]*[A-Za-z][A-Za-z{_CYR}]*")
# the characters normalization may change (as a regex class body) and one scan that tells whether there
# is anything to do at all (most sentences: nothing)
CHANGED = "A-Za-z" + re.escape("".join(map(chr, _TABLE)))
_ANYTHING = re.compile("[" + CHANGED + "]")
_REPLACEMENTS = {chr(k): v for k, v in _TABLE.items()}
# a few str.replace calls over the text beat str.translate's per-character look-up, unless a
# replacement is itself replaced (then the order of the calls would matter)
_REPLACE_CHAINS = any(v in _REPLACEMENTS for v in _REPLACEMENTS.values())


def _translate(text: str) -> str:
    """``text.translate(_TABLE)``."""
    if _REPLACE_CHAINS:
        return text.translate(_TABLE)
    for ch in set(_NEEDS_TABLE.findall(text)):
        text = text.replace(ch, _REPLACEMENTS[ch])
    return text


def _fix_lookalikes(match: re.Match) -> str:
    word = match.group(0)
    if any("\u0400" <= ch <= "\u04ff" for ch in word) and any(ch.isascii() for ch in word):
        return word.translate(_LOOKALIKES)
    return word


def normalize(text: str) -> str:
    """Same-length matching form of ``text``."""
    if _ANYTHING.search(text) is None:
        return text
    out = _translate(text)
    if _LATIN.search(out):
        out = _MIXED_WORD.sub(_fix_lookalikes, out)
    assert len(out) == len(text)
    return out


@lru_cache(maxsize=200_000)
def fold(form: str) -> str:
    """Lower-cased, composed form of a token for dictionary look-up."""
    if SOFT_HYPHEN in form:
        form = form.replace(SOFT_HYPHEN, "")
    if not unicodedata.is_normalized("NFC", form):
        form = unicodedata.normalize("NFC", form)
    return form.lower().replace("ё", "е")
