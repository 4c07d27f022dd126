"""Which regions a document is about, from its place, akim and SEZ mentions."""
from __future__ import annotations

from collections import Counter

from aimaq.records import Mention


def document_regions(mentions: list[Mention], text_length: int) -> list[str]:
    """KATO codes of the regions, main one first: weighted by count and by how early they come."""
    score: Counter[str] = Counter()
    for m in mentions:
        code = m.value.get("kato") if m.type == "region" else m.value.get("region")
        if not code or m.type not in ("region", "place", "position", "organization"):
            continue
        early = 1.0 - m.start / max(text_length, 1)
        score[code] += 1.0 + early
    return [code for code, _ in score.most_common()]
