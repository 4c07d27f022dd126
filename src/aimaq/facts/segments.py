"""Sub-sentences and their contents: the unit the fact rules read.

The sentence splitter keeps a quoted speech whole (``«... . ... », – деді
Президент.``); facts are read from each sentence inside it, so a figure is never
tied to a verb of another sentence. Each segment gathers, in one pass over the
document, its figure, date, place and entity mentions and its word-list hits.
"""
from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass

from aimaq.facts import lexicon
from aimaq.facts.lexicon import Hit
from aimaq.records import Mention
from aimaq.text import Analysis

FIGURES = frozenset({"money", "percent", "quantity", "count", "cardinal"})
PLACES = frozenset({"region", "place"})
ENTITIES = frozenset({"person", "position", "organization", "program"})

# a sentence end inside a sentence: . ! ? (and a closing quote) then space then an upper-case start
_INNER_END = re.compile(r'(?<=[.!?…])"?\s+(?=["\-]?\s*[^\W\d_a-zа-яёәғқңөұүһі])')
# a short quoted name (``«Нәтижелі жұмыспен қамту ...» бағдарламасы``): no sentence end inside, not a quoted speech
_SHORT_QUOTE = re.compile(rf'"[^"\n.!?]{{1,60}}"(?![\s,\-]*{lexicon.alt("speech_verbs")})')
_DASH_BEFORE = re.compile(r"[,.!?]\s*-\s*$")  # the dash that opens the author's words after a quotation
_SPEAKER = lexicon.WordStart(rf"{lexicon.alt('speech_verbs')}(?![^\W\d_])")


@dataclass(slots=True)
class Segment:
    """A sentence (or a sentence inside a quotation) with what was found in it.

    What was found is read only, never changed in place: an empty kind stays the shared empty tuple
    (no ten new lists for every segment), and ``segments`` sets new lists where something was found.
    """

    start: int
    end: int
    sentence: int  # index of the analysed sentence it belongs to
    figures: Sequence[int] = ()
    dates: Sequence[int] = ()
    places: Sequence[int] = ()
    entities: Sequence[int] = ()
    verbs: Sequence[Hit] = ()
    cues: Sequence[Hit] = ()
    sectors: Sequence[Hit] = ()
    institutions: Sequence[Hit] = ()
    quoted: bool = False  # inside a quotation whose speaker is named after it
    speaker_start: int = -1  # where the speaker phrase (after ``деді``) starts, or -1
    speaker: Sequence[int] = ()  # entity mentions of the speaker phrase
    next_speaker: int = -1  # where the next speaker phrase of the text starts (a quotation may span sentences)
    next_speaker_entities: Sequence[int] = ()


_START = operator.attrgetter("start")
_END_MARK = re.compile(r"[.!?…]")


def _has_inner_end(norm: str, start: int, end: int) -> bool:
    """Can ``_INNER_END`` match in ``norm[start:end]``? Only after a . ! ? … that is not the last character
    (its look-behind may see the one before ``start``); one scan in C instead of the regex at every position."""
    m = _END_MARK.search(norm, max(0, start - 1), end - 1)
    return m is not None


def _bucket(items, key_start, segments: list[Segment], attr: str) -> None:
    """Distribute position-sorted ``items`` into position-sorted ``segments`` (one merge pass): each
    segment's ``attr`` becomes a new list of its items."""
    got: list[list] = [[] for _ in segments]
    k = 0
    for item in items:
        pos = key_start(item)
        while k < len(segments) and segments[k].end <= pos:
            k += 1
        if k == len(segments):
            break
        if segments[k].start <= pos:
            got[k].append(item)
    for seg, mine in zip(segments, got):
        setattr(seg, attr, mine)


MAX_SEGMENT = 1500  # longer runs (tables, run-on lists) are cut at a comma or line break, so work per segment is bounded
_CUT = re.compile(r"[\n;]|, ")


def _pieces(norm: str, start: int, end: int):
    """``(start, end)`` pieces of at most ``MAX_SEGMENT`` characters, cut at a comma, semicolon or line break."""
    while end - start > MAX_SEGMENT:
        cut = None
        for m in _CUT.finditer(norm, start + MAX_SEGMENT // 2, start + MAX_SEGMENT):
            cut = m.end()
        if cut is None:
            space = norm.rfind(" ", start + 1, start + MAX_SEGMENT)
            cut = space + 1 if space > start else start + MAX_SEGMENT
        yield start, cut
        start = cut
    if end > start:
        yield start, end


def segments(analysis: Analysis, mentions: list[Mention], lower: str, chunks: list[str] | None = None) -> list[Segment]:
    """The segments of ``analysis`` in text order, filled with mention indices and word-list hits.

    ``chunks`` (white-space-free pieces of the normalized text, from ``gate.flags``) are the only
    places a word-list row may start; without them every word is read.
    """
    norm = analysis.norm
    segs: list[Segment] = []
    spoken = False  # some segment has a speaker phrase after it
    for si, sent in enumerate(analysis.sentences):
        start = sent.start
        first = len(segs)
        for m in (_INNER_END.finditer(norm, sent.start, sent.end) if _has_inner_end(norm, sent.start, sent.end) else ()):
            k = m.start() - 2  # ``Қ. Тоқаев``: an initial, not a sentence end
            if k >= sent.start and norm[k].isupper() and (k == sent.start or not norm[k - 1].isalpha()):
                continue
            if m.start() > start:
                segs.extend(Segment(a, b, si) for a, b in _pieces(norm, start, m.start()))
            start = m.end()
        if sent.end > start:
            if sent.end - start <= MAX_SEGMENT:  # the usual sentence: one piece
                segs.append(Segment(start, sent.end, si))
            else:
                segs.extend(Segment(a, b, si) for a, b in _pieces(norm, start, sent.end))
        sp = _SPEAKER.search(lower, max(sent.start, sent.end - 300), sent.end)
        if sp and sp.start() - sent.start > 3 and len(segs) - first >= 1:
            for s in segs[first:]:
                if s.start < sp.start():
                    # ``"...", - деді`` or, without quotation marks, ``..., - деді облыс әкімі``
                    s.quoted = '"' in norm[sent.start:sp.start()] or bool(_DASH_BEFORE.search(norm, sent.start, sp.start()))
                    s.speaker_start = sp.end()
                    spoken = True
    if not segs:
        return segs
    order = sorted(range(len(mentions)), key=list(map(_START, mentions)).__getitem__) if len(mentions) > 1 \
        else range(len(mentions))
    figs, dates, places, ents = [], [], [], []
    for i in order:
        t = mentions[i].type
        if t in FIGURES:
            figs.append(i)
        elif t == "date":
            dates.append(i)
        elif t in PLACES:
            places.append(i)
        elif t in ENTITIES:
            ents.append(i)
    quoted_names = [(m.start(), m.end()) for m in _SHORT_QUOTE.finditer(norm)] if '"' in norm else []
    figs = _outside(figs, mentions, quoted_names)
    if len(segs) == 1 and (not order or (segs[0].start <= mentions[order[0]].start
                                         and mentions[order[-1]].start < segs[0].end)):
        # the usual case: one sentence, one segment, every mention in it
        seg = segs[0]
        seg.figures, seg.dates, seg.places, seg.entities = figs, dates, places, ents
    else:
        for attr, items in (("figures", figs), ("dates", dates), ("places", places), ("entities", ents)):
            _bucket(items, lambda i: mentions[i].start, segs, attr)
    if spoken:  # (else every segment keeps no speaker and no next speaker)
        _speakers(segs, mentions)
    # word-list hits, skipping those inside names (entity mentions, short quoted names)
    blocked = None
    lo, hi = segs[0].start, segs[-1].end
    names = ("verbs", "cues", "sectors", "institutions")
    lists = lexicon.fact_lists()
    if chunks is None:
        found = lexicon.scan(lists, lower, lexicon.words_of(lower, lo, hi))
    else:
        found = lexicon.scan_at(lists, lower, _places(norm, chunks, lo, hi), lo, hi)
    for attr, hits in zip(names, found):
        if not hits:
            continue
        if attr in ("verbs", "cues") and (ents or quoted_names):
            if blocked is None:
                blocked = sorted([(mentions[i].start, mentions[i].end) for i in ents] + quoted_names)
            hits = _unblocked(hits, blocked)
        if len(segs) == 1:
            setattr(segs[0], attr, hits)  # every hit lies in ``[lo, hi)``, the one segment
        else:
            _bucket(hits, lambda h: h.start, segs, attr)
    return segs


def _speakers(segs: list[Segment], mentions: list[Mention]) -> None:
    """The speaker's entities of each quoted segment and the next speaker phrase after each segment."""
    # the speaker phrase lies after the quotation, in the sentence's last segment
    last_of_sentence: dict[int, Segment] = {}
    for s in segs:
        last_of_sentence[s.sentence] = s
    for s in segs:
        if s.speaker_start >= 0:
            tail = last_of_sentence[s.sentence]
            s.speaker = [i for i in tail.entities if mentions[i].start >= s.speaker_start] if tail is not s else \
                [i for i in s.entities if mentions[i].start >= s.speaker_start]
    # the next speaker phrase after each segment (one backward pass), for quotations split over sentences
    nxt, nxt_ents = -1, []
    for s in reversed(segs):
        if s.speaker_start >= 0:
            nxt, nxt_ents = s.speaker_start, s.speaker
        s.next_speaker = nxt if nxt >= 0 and nxt - s.end <= 2500 else -1
        s.next_speaker_entities = nxt_ents if s.next_speaker >= 0 else []


def _places(norm: str, chunks: list[str], lo: int, hi: int) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every white-space-delimited occurrence of ``chunks`` overlapping ``[lo, hi)``,
    in order, with the chunks cut by ``lo`` and ``hi`` (their words are cut there too, so read them anyway)."""
    n = len(norm)
    out = _occurrences(norm, chunks, lo, hi) if len(chunks) <= _FEW_CHUNKS else _occurrences_by_scan(norm, chunks, lo, hi)
    if lo > 0 and not norm[lo - 1].isspace():  # the text read starts inside a chunk
        out.append((lo, _chunk_end(norm, lo)))
    if hi < n and not norm[hi].isspace() and hi > lo:  # ... or ends inside one
        out.append((_chunk_start(norm, hi - 1), hi))
    if len(out) > 1:
        out.sort()
        merged = [out[0]]
        for a, b in out[1:]:
            if a < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        out = merged
    return out


_FEW_CHUNKS = 16  # up to this many a search per chunk is quicker than reading every chunk of the text
_CHUNK = re.compile(r"\S+")


def _occurrences(norm: str, chunks: list[str], lo: int, hi: int) -> list[tuple[int, int]]:
    """The white-space-delimited occurrences of ``chunks`` starting before ``hi`` and ending at ``lo`` or
    after, found by a search per chunk (a short text, or a few chunks)."""
    out = []
    n = len(norm)
    for chunk in chunks:
        size = len(chunk)
        stop = hi - 1 + size  # (an occurrence starting before hi ends by here)
        p = norm.find(chunk, max(0, lo - size), stop)
        while 0 <= p < hi:
            if (p == 0 or norm[p - 1].isspace()) and (p + size == n or norm[p + size].isspace()):
                out.append((p, p + size))
                p = norm.find(chunk, p + size, stop)
            else:
                p = norm.find(chunk, p + 1, stop)
    return out


def _occurrences_by_scan(norm: str, chunks: list[str], lo: int, hi: int) -> list[tuple[int, int]]:
    """``_occurrences`` by one pass over the chunks of the text: a long report has thousands of distinct
    chunks to look for, and a search per chunk would read the text once for each."""
    wanted = set(chunks)
    out = []
    for m in _CHUNK.finditer(norm, max(0, lo - max(map(len, chunks)))):
        a, b = m.span()
        if a >= hi:
            break
        if b >= lo and (a == 0 or norm[a - 1].isspace()) and m.group() in wanted:
            out.append((a, b))
    return out


def _chunk_end(norm: str, pos: int) -> int:
    while pos < len(norm) and not norm[pos].isspace():
        pos += 1
    return pos


def _chunk_start(norm: str, pos: int) -> int:
    while pos > 0 and not norm[pos - 1].isspace():
        pos -= 1
    return pos


def _outside(figures: list[int], mentions: list[Mention], names: list[tuple[int, int]]) -> list[int]:
    """Figures not inside a short quoted name (``«100 жаңа есім» жобасы``; ``names``: their spans)."""
    if not names:
        return figures
    out, k = [], 0
    for i in figures:
        pos = mentions[i].start
        while k < len(names) and names[k][1] <= pos:
            k += 1
        if k < len(names) and names[k][0] < pos and mentions[i].end < names[k][1]:
            continue
        out.append(i)
    return out


def _unblocked(hits, blocked: list[tuple[int, int]]) -> list[Hit]:
    """``hits`` that do not start inside a blocked span (both sorted by start)."""
    out, k = [], 0
    for h in hits:
        while k < len(blocked) and blocked[k][1] <= h.start:
            k += 1
        if k < len(blocked) and blocked[k][0] <= h.start < blocked[k][1]:
            continue
        out.append(h)
    return out
