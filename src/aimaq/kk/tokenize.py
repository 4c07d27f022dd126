"""Tokenization with offsets.

Tokens are found on the same-length normalized text, so their offsets hold in
the original. A number or an upper-case abbreviation keeps its hyphenated
ending in one token (``1000-нан``, ``50%-ға``, ``АЭА-ында``) and exposes it as
``stem`` + ``suffix``; hyphenated words (``Қасым-Жомарт``, ``мұнай-газ``) stay
whole.
"""
from __future__ import annotations

import re

from aimaq.kk.normalize import fold
from aimaq.text import Token

_L = r"(?:[^\W\d_]|\u00ad)"  # a letter (soft hyphens ride along inside words)
TOKEN_RE = re.compile(
    rf"(?P<number>\d+(?:[.,]\d+)*%?(?:-{_L}+)?)"
    rf"|(?P<word>{_L}+(?:['-](?:{_L}|\d)+)*)"
    rf"|(?P<symbol>%(?:-{_L}+)?|[$€₸£¥№§])"
    rf"|(?P<punct>[^\s\w])"
)
_ABBR_SUFFIX = re.compile(r"^([^\W\d_a-zа-яәғқңөұүһі]{2,})-([^\W\d_]+)$")


# surface form -> (kind, norm, stem, suffix): forms repeat. Which group of ``TOKEN_RE`` matches depends
# on the first character only, so the surface alone gives the kind. Emptied when it grows too big.
_FORM_CACHE: dict[str, tuple[str, str, str, str]] = {}
FORM_CACHE_SIZE = 200_000


def _new_form(kind: str, surface: str) -> tuple[str, str, str, str]:
    if len(_FORM_CACHE) >= FORM_CACHE_SIZE:
        _FORM_CACHE.clear()
    form = _FORM_CACHE[surface] = (kind, *_forms(kind, surface))
    return form


def _forms(kind: str, surface: str) -> tuple[str, str, str]:
    """``(norm, stem, suffix)`` of a token's surface form."""
    stem, suffix = _split(kind, surface)
    norm = fold(surface)
    return norm, (norm if stem == surface.lower() else fold(stem)), (fold(suffix) if suffix else "")


def _split(kind: str, norm: str) -> tuple[str, str]:
    if kind in ("number", "symbol") and "-" in norm:
        stem, _, suffix = norm.partition("-")
        return stem, suffix
    if kind == "word":
        m = _ABBR_SUFFIX.match(norm)
        if m and m.group(2).islower():
            return m.group(1).lower(), m.group(2)
    return norm.lower(), ""


def tokenize(norm_text: str, start: int = 0, end: int | None = None, original: str | None = None) -> list[Token]:
    """Tokens of ``norm_text[start:end]``; ``original`` (same length) gives ``Token.text``."""
    original = norm_text if original is None else original
    end = len(norm_text) if end is None else end
    tokens: list[Token] = []
    append = tokens.append
    cache = _FORM_CACHE
    for m in TOKEN_RE.finditer(norm_text, start, end):
        a, b = m.span()
        surface = m.group()
        kind, norm, stem, suffix = cache.get(surface) or _new_form(m.lastgroup, surface)
        append(Token(a, b, original[a:b], norm, kind, stem, suffix))
    return tokens
