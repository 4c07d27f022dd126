"""Sentence splitting that knows Kazakh abbreviations, initials and quotes.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` followed by a capital, digit,
quote or dash, unless the dot closes an abbreviation (``млрд.``, ``жж.``), an
initial (``Ә.``) or falls inside «…». A line break ends a sentence unless the
next line goes on in lower case (``5,6 млрд`` / ``теңгені құрады.``) or the
line was cut after an abbreviation (``2010-2014 жж`` / ``Индустрияландыру ...``).
"""
from __future__ import annotations

import re

from aimaq.kk import resources
from aimaq.text import Span

ABBREVIATIONS = resources.words("abbreviations.tsv")
_END = re.compile(r"[.!?…]+")
_OPEN, _CLOSE = "«“„", "»”‟"
# a legal form after a quoted name that ends with a dot (``«... Inc.» ЖШС``) continues the sentence
_LEGAL_FORM = re.compile("(?:" + "|".join(sorted((re.escape(r[0]) for r in resources.table("legal_forms.tsv")),
                                                 key=len, reverse=True)) + r")(?![^\W\d_])")
_SPECIAL = re.compile("[\n.!?…" + _OPEN + _CLOSE + "]")
# the marks that close a sentence, and what may end one: a region without one before its closing marks
# is one sentence (quotes only matter where a sentence end is, inside them or not)
ENDS = ".!?…"
STOPS = "\n" + ENDS
_STOP = re.compile("[" + re.escape(STOPS) + "]")
_CLOSE_QUOTE = _CLOSE + '"'
_CLOSERS = _CLOSE + '")'


def _word_before(text: str, pos: int) -> str:
    i = pos
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    return text[i:pos]


def _is_abbreviation(text: str, pos: int) -> bool:
    """Is the dot at ``pos`` the end of an abbreviation or an initial?"""
    word = _word_before(text, pos)
    last = word.rsplit(".", 1)[-1]
    if not last:
        return False
    if word.lower().strip(".") in ABBREVIATIONS or last.lower() in ABBREVIATIONS:
        return True
    # a lone capital (an initial) followed by a capitalised name: Ә. Исекешев
    return len(last) == 1 and last.isupper() and pos + 1 < len(text)


def _next_visible(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in " \t\u00a0\u202f":
        pos += 1
    return pos


def split_region(text: str, start: int, end: int) -> list[Span]:
    """Sentence spans (stripped of surrounding space) of ``text[start:end]``."""
    region = text[start:end]
    body = region.rstrip()
    core = body.rstrip(ENDS)
    if "\n" not in region and _STOP.search(core) is None and (
            len(core) == len(body) or end >= len(text) or text[end] not in ENDS):
        # no line break and no sentence end but the closing one (most sentences, titles): one sentence,
        # the region less its surrounding white space, as the loop below would find
        if not body:
            return []
        return [Span(start + len(region) - len(region.lstrip()), start + len(body))]
    return _scan(text, start, end)


def _scan(text: str, start: int, end: int) -> list[Span]:
    """``split_region`` by scanning every line break, sentence end and quote."""
    found = _SPECIAL.search(text, start, end)
    bounds: list[tuple[int, int]] = []
    sent_start = start
    depth = 0
    while found is not None:  # jump from one character that can matter to the next
        i = found.start()
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == "\n":
            j = i
            while j < end and text[j].isspace():
                j += 1
            if j < end and not _ends_sentence(text, sent_start, i) and (
                    text[j].islower() or _ends_with_abbreviation(text, sent_start, i)):
                found = _SPECIAL.search(text, j, end)
                continue
            bounds.append((sent_start, i))
            sent_start, depth = j, 0
            found = _SPECIAL.search(text, j, end)
            continue
        else:  # . ! ? …
            m = _END.match(text, i)
            stop = m.end()
            quoted = stop < end and text[stop] in _CLOSE_QUOTE
            while stop < end and text[stop] in _CLOSERS:
                stop += 1
                depth = max(0, depth - 1)
            nxt = _next_visible(text, stop, end)
            boundary = (
                depth == 0
                and (nxt >= end or (nxt > stop and _starts_sentence(text[nxt])))
                and not (nxt < end and m.group(0) == "." and _is_abbreviation(text, i))
                and not (quoted and _LEGAL_FORM.match(text, nxt))  # «... Inc.» ЖШС goes on
            )
            if boundary:
                bounds.append((sent_start, stop))
                sent_start = nxt
                i = nxt
            else:
                i = stop
            found = _SPECIAL.search(text, i, end) if i < end else None
            continue
        found = _SPECIAL.search(text, i + 1, end) if i + 1 < end else None
    bounds.append((sent_start, end))
    return _stripped(text, bounds)


def _stripped(text: str, bounds: list[tuple[int, int]]) -> list[Span]:
    """The non-empty spans of ``bounds`` with surrounding white space taken off."""
    out = []
    for s, e in bounds:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Span(s, e))
    return out


def _ends_sentence(text: str, start: int, pos: int) -> bool:
    tail = text[start:pos].rstrip()
    return bool(tail) and tail[-1] in ".!?…"


def _ends_with_abbreviation(text: str, start: int, pos: int) -> bool:
    """A line cut after ``млрд`` or ``жж`` goes on in the next line."""
    tail = text[start:pos].rstrip()
    word = tail.rsplit(None, 1)[-1].lower() if tail else ""
    return word in ABBREVIATIONS and word not in ("с", "ж", "ғ")


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _OPEN + '"-–—'
