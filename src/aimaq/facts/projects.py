"""Named projects without figures: a company's plant, terminal or complex that opened or is being built.

``2014 жылдың желтоқсанында ... ашылған «КИС-Ақтау» ЖШС индустриалдық құрылыс
комбинаты`` names a project by its organization and a project noun, with a
status from the verb and a date from the sentence. Only a company name next to a
project noun counts, so plain mentions of plants (``зауыт жұмыс істейді``) stay out.
"""
from __future__ import annotations

from collections.abc import Sequence

from aimaq.facts import lexicon, names
from aimaq.facts.figures import Context, _evidence, period_of
from aimaq.facts.segments import Segment
from aimaq.records import Fact

NEAR = 60  # characters between the company name and its project noun
_STATUS = {"opened": "commissioned"}
_BARE_PROJECT = frozenset(lexicon.items("bare_project_words"))  # ``жобасы``: no plant or terminal named


def build(ctx: Context, seg: Segment, found: list[Fact]) -> Sequence[Fact]:
    """At most one named project of ``seg`` (none when a figure-based project is among ``found``, its facts so far;
    none: the shared empty tuple)."""
    ms = ctx.mentions
    status = None
    for h in seg.verbs:
        if h.cls == "status" and h.label in ("commissioned", "operating", "implementing", "planned"):
            status = h.label
        elif h.cls == "indicator" and h.label in _STATUS:
            status = _STATUS[h.label]
    if status is None or any(f.type == "project" for f in found):
        return ()
    for i in seg.entities:
        org = ms[i]
        if org.type != "organization" or org.value.get("kind") not in ("company", None):
            continue
        noun = next((h for h in seg.cues if h.cls == "project" and org.end <= h.start <= org.end + NEAR
                     and ctx.lower[h.start:h.end] not in _BARE_PROJECT), None)
        if noun is None:
            continue
        date, di = period_of(ms, seg, org.start)
        mids = [i] + ([di] if di is not None else [])
        return [Fact("project", _evidence(ctx, seg.start, seg.end), ctx.region, date, mids,
                     {"name": names.project_name(ctx, seg, noun)[1] or None,  # the company is the organization
                      "organization": org.value.get("name") or org.text,
                      "cost": None, "capacity": [], "jobs": None, "status": status, "date": date})]
    return ()
