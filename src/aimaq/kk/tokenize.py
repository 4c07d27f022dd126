"""Tokenization with offsets.

Tokens are found on the same-length normalized text, so their offsets hold in
the original. A number or an upper-case abbreviation keeps its hyphenated
ending in one token (``1000-нан``, ``50%-ға``, ``АЭА-ында``) and exposes it as
``stem`` + ``suffix``; hyphenated words (``Қасым-Жомарт``, ``мұнай-газ``) stay
whole.
"""
from __future__ import annotations

import re

from aimaq.kk import resources
from aimaq.kk.normalize import fold

_fold = getattr(fold, "__wrapped__", fold)  # a new chunk's form: the chunk cache keeps it, not fold's cache
from aimaq.text import Token, TokenBuilder

_L = r"(?:[^\W\d_]|\u00ad)"  # a letter (soft hyphens ride along inside words)
# the signs that are symbols (not punctuation): the currency table's signs ($, ₸, ₽ ...), № and §
SIGNS = "".join(sorted({row[0] for row in resources.table("currencies.tsv") if len(row[0]) == 1 and not row[0].isalnum()}
                       | set("№§")))
TOKEN_RE = re.compile(
    rf"(?P<number>\d+(?:[.,]\d+)*%?(?:-{_L}+)?)"
    rf"|(?P<word>{_L}+(?:['-](?:{_L}|\d)+)*)"
    rf"|(?P<symbol>%(?:-{_L}+)?|[{re.escape(SIGNS)}])"
    rf"|(?P<punct>[^\s\w])"
)
# marks that are a token by themselves wherever they stand next to a word or number (not ``-`` or ``'``,
# which may join two words, nor ``%`` or a currency sign, which may join a number)
_EDGE_MARKS = '.,;:!?()"…'
_ABBR_SUFFIX = re.compile(r"^([^\W\d_a-zа-яәғқңөұүһі]{2,})-([^\W\d_]+)$")


# whitespace-separated chunk of the normalized text -> its tokens. No token spans white space and none
# looks outside its match (no look-arounds), so a chunk tokenizes the same alone as in its text, and
# chunks repeat like words do: a cache hit replaces the token regex (slow: Unicode classes, four
# alternatives) by one ``str.split`` (and a ``str.find`` when chunks are not one space apart).
# An entry takes one of three shapes, cheapest first:
# - a kind string (``"word"``, ``"punct"``, ``"number"``...): the chunk is one token that is its own
#   norm and stem, with no suffix (six chunks in seven: lower-case words, marks, plain numbers). The
#   token then refers only to the chunk string just split off and to an interned constant, so building
#   it reads no cached memory (the per-token cost when the CPU caches are cold, as they are after the
#   recognizers' passes);
# - ``(norm, kind, stem, suffix)``: another one-token chunk, ``stem`` None when it is ``norm``;
# - a list of ``(offset, end offset, surface, norm, kind, stem, suffix)`` relative to the chunk.
# Emptied when it grows too big.
_Entry = str | tuple[str, str, str | None, str] | list[tuple[int, int, str, str, str, str, str]]
_FORM_CACHE: dict[str, _Entry] = {}
FORM_CACHE_SIZE = 200_000


def _new_chunk(chunk: str) -> _Entry:
    if len(_FORM_CACHE) >= FORM_CACHE_SIZE:
        _FORM_CACHE.clear()
    # a chunk of letters only is one word, of decimal digits only one number (the regex would say so):
    # its norm is its fold, its stem its norm, no suffix. One chunk in six is new in a KazNERD
    # sentence, most of them such, and the regex with its match objects is most of a new chunk's cost.
    kind = "word" if chunk.isalpha() else "number" if chunk.isdecimal() else None
    if kind is not None:
        norm = _fold(chunk)
        out = _FORM_CACHE[chunk] = kind if norm == chunk else (norm, kind, None, "")
        return out
    # punctuation stuck to a word or number (``облысында,`` ``(2023`` ``"Самұрық"``): each of these marks
    # is a token of its own, the letters or digits between them one more, as the regex would find
    body = chunk.strip(_EDGE_MARKS)
    kind = ("word" if body.isalpha() else "number" if body.isdecimal() else None) if body else None
    if kind is not None:
        head = len(chunk) - len(chunk.lstrip(_EDGE_MARKS))
        tail = head + len(body)
        norm = _fold(body)
        out = ([(i, i + 1, *_MARK_FORMS[chunk[i]]) for i in range(head)]
               + [(head, tail, body, norm, kind, norm, "")]
               + [(i, i + 1, *_MARK_FORMS[chunk[i]]) for i in range(tail, len(chunk))])
        _FORM_CACHE[chunk] = out
        return out
    entries = []
    for m in TOKEN_RE.finditer(chunk):
        surface = m.group()
        kind = m.lastgroup
        norm, stem, suffix = _forms(kind, surface)
        entries.append((m.start(), m.end(), surface, norm, kind, stem, suffix))
    out: _Entry
    if len(entries) == 1 and entries[0][1] - entries[0][0] == len(chunk):
        _, _, _, norm, kind, stem, suffix = entries[0]
        if norm == chunk and stem == norm and not suffix:
            out = kind
        else:
            out = (norm, kind, None if stem == norm else stem, suffix)
    else:
        out = entries
    _FORM_CACHE[chunk] = out
    return out


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


# (surface, norm, kind, stem, suffix) of each edge mark as a token
_MARK_FORMS = {mark: (mark, *_forms("punct", mark)[:1], "punct", *_forms("punct", mark)[1:]) for mark in _EDGE_MARKS}


def tokenize(norm_text: str, start: int = 0, end: int | None = None, original: str | None = None) -> list[Token]:
    """Tokens of ``norm_text[start:end]``; ``original`` (the text ``norm_text`` was normalized from)
    gives ``Token.text``."""
    end = len(norm_text) if end is None else end
    piece = norm_text[start:end]
    chunks = piece.split()  # str.split and the regex's \s agree on what white space is
    # where the original reads like the normalized text (most sentences) a token's text is its surface
    if original is None or original is norm_text or original[start:end] == piece:
        if " ".join(chunks) == piece:
            return _spaced_tokens(chunks, start)
        original = None
    return _placed(chunks, norm_text, start, end, original)


def _spaced_tokens(chunks: list[str], start: int) -> list[Token]:
    """Tokens of ``chunks`` (of ``str.split``) standing one space apart from ``start`` in a text that
    reads like its normalized copy (most sentences): a token's text is its surface, its place the sum
    of the lengths before it."""
    tokens: list[Token] = []
    append = tokens.append
    get = _FORM_CACHE.get
    builder = TokenBuilder
    token_class = Token
    a = start
    for chunk in chunks:
        entry = get(chunk)
        if entry is None:
            entry = _new_chunk(chunk)
        # each token is the same frozen Token as Token(...) gives, built by plain slot stores (see
        # TokenBuilder)
        if entry.__class__ is str:  # one token, the chunk itself (its text, norm and stem)
            t = builder()
            t.start = a
            a += len(chunk)
            t.end = a
            t.text = t.norm = t.stem = chunk
            t.kind = entry
            t.suffix = ""
            t.__class__ = token_class
            append(t)
        elif entry.__class__ is tuple:  # one token, the whole chunk
            t = builder()
            t.start = a
            a += len(chunk)
            t.end = a
            t.text = chunk
            t.norm, t.kind, stem, t.suffix = entry
            t.stem = t.norm if stem is None else stem
            t.__class__ = token_class
            append(t)
        else:
            _append_parts(append, entry, a, None)
            a += len(chunk)
        a += 1
    return tokens


def _append_parts(append, entry: list, a: int, original: str | None) -> None:
    """The tokens of a chunk that holds several (``entry``, from the chunk cache), the chunk at offset
    ``a``; their texts are read from ``original`` when given (it differs from the normalized text)."""
    for off, off_end, surface, norm, kind, stem, suffix in entry:
        t = TokenBuilder()
        t.start = x = a + off
        t.end = y = a + off_end
        t.text = surface if original is None else original[x:y]
        t.norm = norm
        t.kind = kind
        t.stem = stem
        t.suffix = suffix
        t.__class__ = Token
        append(t)


def _placed(chunks: list[str], norm_text: str, start: int, end: int, original: str | None) -> list[Token]:
    """``tokenize`` for any spacing: each chunk found by a search (only white space lies between chunks,
    so the first hit from the end of the last one is the chunk), each token's text read from
    ``original``, None when it reads like the normalized text there."""
    find = norm_text.find
    tokens: list[Token] = []
    append = tokens.append
    cache = _FORM_CACHE
    builder = TokenBuilder
    token_class = Token
    a = start
    for chunk in chunks:
        a = find(chunk, a, end)
        entry = cache.get(chunk)
        if entry is None:
            entry = _new_chunk(chunk)
        if entry.__class__ is not list:  # one token, the whole chunk
            if entry.__class__ is str:
                norm, kind, stem, suffix = chunk, entry, chunk, ""
            else:
                norm, kind, stem, suffix = entry
                if stem is None:
                    stem = norm
            t = builder()
            t.start = a
            t.end = b = a + len(chunk)
            t.text = chunk if original is None else original[a:b]
            t.norm = norm
            t.kind = kind
            t.stem = stem
            t.suffix = suffix
            t.__class__ = token_class
            append(t)
        else:
            _append_parts(append, entry, a, original)
        a += len(chunk)
    return tokens
