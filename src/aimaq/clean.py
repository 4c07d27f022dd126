"""Cleaning: decide which lines of a scraped page are article text, without rewriting it.

The result is a list of body spans into the original text (offsets stay valid),
plus what the debris told us: the publication date of a ``date 2025-11-25``
line, the outlet of a lone ``inform.kz`` line and the headline. Which lines are
debris is language data (``boilerplate.tsv`` of the language folder).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from aimaq.lang import Language
from aimaq.text import Span

DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
OUTLET_LINE = re.compile(r"^(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+(?:kz|ru|com|org|net|info|kg|uz|news|media))/?$", re.I)
MAX_TITLE = 250


@dataclass(slots=True)
class Cleaned:
    body: list[Span] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    source: str | None = None


@lru_cache(maxsize=None)
def _rules(lang: Language) -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(p, re.I), a) for p, a in lang.table("boilerplate.tsv"))


def _lines(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        yield pos, pos + len(body), body
        pos += len(line)


def clean(text: str, lang: Language) -> Cleaned:
    """Body spans and page metadata of ``text``."""
    # (a printable text holds no line break: the test is quicker than splitting)
    if text.isprintable() or len(text.splitlines()) <= 1:
        # one line (a sentence, a short note): no debris to tell from the body, which is the line
        # without its surrounding white space, as the loop below would find
        stripped = text.strip()
        if not stripped:
            return Cleaned([])
        s = len(text) - len(text.lstrip())
        return Cleaned([Span(s, s + len(stripped))])
    return _clean_lines(text, lang)


def _clean_lines(text: str, lang: Language) -> Cleaned:
    """``clean`` line by line."""
    out = Cleaned()
    rules = _rules(lang)
    lines = list(_lines(text))
    multiline = sum(1 for _, _, s in lines if s.strip()) > 1
    seen: set[str] = set()
    spans: list[Span] = []
    for start, end, line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        m = DATE_LINE.match(line) if multiline else None
        if m:
            out.published = out.published or m.group(1)
            start += m.end()
            stripped = text[start:end].strip()
            if not stripped:
                continue
        if multiline:
            o = OUTLET_LINE.match(stripped)
            if o:
                out.source = out.source or o.group(1).lower()
                continue
            action = next((a for rx, a in rules if rx.search(stripped)), None)
            if action == "stop":
                break
            if action == "skip":
                continue
            key = stripped.lower()
            if key in seen and len(stripped) < MAX_TITLE:
                continue  # a repeated headline or caption
            seen.add(key)
            if out.title is None and not spans and len(stripped) <= MAX_TITLE and stripped[-1] not in ".!?…:":
                out.title = stripped
        s = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        spans.append(Span(s, s + len(stripped)))
    out.body = _merge(text, spans)
    return out


def _merge(text: str, spans: list[Span]) -> list[Span]:
    """Join body lines that follow each other into regions (only debris lines separate them)."""
    regions: list[Span] = []
    for sp in spans:
        if regions and not text[regions[-1].end:sp.start].strip():
            regions[-1] = Span(regions[-1].start, sp.end)
        else:
            regions.append(sp)
    return regions
