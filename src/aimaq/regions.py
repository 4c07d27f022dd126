"""Which regions a document is about, from its place, akim and SEZ mentions.

Every mention that carries a region votes for it: an akim of a region counts
most, a region named outright (``Атырау облысының``), a SEZ or akimat of a region
and a city or district as much, a village less, an informal name (``Сыр өңірі``)
least. A vote counts more the earlier it comes (the headline and lead say what a
text is about) and repeated mentions add up, with diminishing returns so one
long list of villages does not outvote the headline.
"""
from __future__ import annotations

import math
from collections import defaultdict
from functools import lru_cache

from aimaq.records import Mention

# weight of one mention by type (and role for positions)
WEIGHTS = {"region": 1.0, "place": 0.6, "location": 0.4, "organization": 1.0}
ROLE_WEIGHTS = {"akim": 1.5, "deputy_akim": 1.0}
POSITION_WEIGHT = 0.8
PLACE_WEIGHT = 1.0  # a city or district (KATO code of district level)
LEAD = 400  # characters of headline and lead, counted double
INNER = 0.5  # a region read from inside an organization or position name
KEEP = 0.25  # a region is listed when its score reaches this share of the main one


def _region(m: Mention) -> tuple[str | None, float]:
    """(region code, weight factor): the mention's own region, or one named inside an organization or
    position name (``«Қостанай жолдары» ЖШС``), which counts half."""
    v = m.value
    code = (v.get("kato") if m.type == "region" else v.get("region")) if v else None
    if isinstance(code, str) and code.endswith("0000000"):
        return code, 1.0
    if m.type in _NAMED and m.text:
        code = _region_in()(m.text)
        if code:
            return code, INNER
    return None, 0.0


_NAMED = frozenset(("organization", "position"))


@lru_cache(maxsize=None)
def _region_in():
    """``places.region_in``, imported on first use (places imports the lexicons; regions must not)."""
    from aimaq.recognize.places import region_in

    return region_in


# the only mention types _weight may weigh above zero: no other mention votes
_VOTERS = frozenset(WEIGHTS) | {"position"}


def _weight(m: Mention) -> float:
    if m.type == "place":  # a city or district speaks for its region more than a village does
        kato = (m.value or {}).get("kato") or ""
        return PLACE_WEIGHT if kato.endswith("00000") else WEIGHTS["place"]
    if m.type == "position":
        return ROLE_WEIGHTS.get((m.value or {}).get("role"), POSITION_WEIGHT)
    return WEIGHTS.get(m.type, 0.0)


def document_regions(mentions: list[Mention], text_length: int) -> list[str]:
    """KATO codes of the regions, main one first: weighted by count and by how early they come."""
    for m in mentions:
        if m.type in _VOTERS:
            break
    else:  # no mention may vote (most sentences: figures, dates, persons only)
        return []
    votes: dict[str, list[float]] = defaultdict(list)
    first: dict[str, int] = {}
    length = max(text_length, 1)
    for m in mentions:
        if m.type not in _VOTERS:  # weight 0, no vote
            continue
        code, factor = _region(m)
        if not code:
            continue
        w = _weight(m) * factor
        if w <= 0:
            continue
        position = 1.0 + (1.0 - min(m.start, length) / length)  # 2 at the start, 1 at the end
        if m.start < LEAD:
            position *= 2.0
        votes[code].append(w * position)
        first[code] = min(first.get(code, m.start), m.start)
    if len(votes) < 2:  # no region, or one (its score is above zero: it is listed)
        return list(votes)
    score = {}
    for code, vs in votes.items():
        vs.sort(reverse=True)
        # diminishing returns: the k-th vote counts 1/sqrt(k)
        score[code] = sum(v / math.sqrt(k + 1) for k, v in enumerate(vs))
    ranked = sorted(score, key=lambda c: (-score[c], first[c]))
    top = score[ranked[0]]
    return [c for c in ranked if score[c] >= KEEP * top]
