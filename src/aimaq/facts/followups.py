"""A project's details given in the sentences after the one that names it.

Regional news names a project once and gives its figures in the next sentences, opening them
with a word that refers back (``... «KPI» компаниясы полиэтилен өндіретін зауыттың құрылысын
жалғастыруда. Жобаның құны 7,4 млрд АҚШ долларын құрайды. Зауыттың қуаты жылына 1,25 млн
тонна.``; ``... бордақылау алаңы салынып жатыр. Мұнда 80 адам жұмыспен қамтылады.``). The
figure rules read each sentence alone, so such a sentence gives a project named ``Жобаның`` or a
portfolio of jobs that names no project. This pass links them, and keeps a fact per sentence, as the
gold annotates them (``Жоба құны 5,6 млрд теңгені құрады`` after the plant's sentence is a project
fact of its own there; so is the portfolio of ``8 мың жаңа жұмыс орнын`` after its projects'). A
segment whose first word refers back (a pronoun, a demonstrative before a project noun, or a bare
project noun in the genitive or locative; the words are in ``kk/data/followup_anaphors.tsv``, the
project nouns are the ``project`` rows of ``fact_cues.tsv``) is about the project of the segment
before: its project and jobs facts take that project's name and company where they have none of their
own, and ``refers_to`` (the project's evidence); its cost, capacity or jobs that no fact took become a
project fact of the follow-up, linked the same way. When the sentence before has no project fact, a
project it names in prose (a single project noun with a company, or being built) is the one referred to
(it makes no fact itself). A follow-up that names a region, a programme or an SEZ keeps its figures
unlinked (they are theirs); one with no figure gives the project fact before a status verb at its end
(and its date), and only when opened by a project noun (``Бұл кешен 2026 жылы іске қосылады``).

It is the refer-back idea of ``figures`` (``Бұл жобаларды ... 8 мың жұмыс орны`` goes to the
portfolio before; ``бұл жобаға``, a ``refer`` row of fact_cues.tsv, opens a follow-up here too) for
a single project. It runs only on documents of more than one segment with a project fact or a
portfolio of jobs alone, and reads only the first words of a segment (after a project, or with figures).
The same antecedent (the project fact of the segment before, else the project it names) is the recipient of an
investment that refers back (``... су құбырын іске қосуды тапсырды. Бұл жобаға ... 45 млрд теңге бөлінген``).
Project names are read by one rule, ``facts.names.project_name``.
"""
from __future__ import annotations

import operator
import re
from collections.abc import Sequence

from aimaq.facts import lexicon, names
from aimaq.facts.figures import REFER_BACK, Context, period_of, region_at, unit, value_of
from aimaq.facts.segments import Segment
from aimaq.records import Fact

_PRONOUNS = names.PRONOUNS
_PLACE_PRONOUNS = frozenset(names.kind("place_pronoun"))
_DEMONSTRATIVES = names.DEMONSTRATIVES
_LEADS = frozenset(names.kind("lead"))
_BLOCKS = names.kind("block")
_CASES = names.CASES
_PLURALS = names.kind("plural")
_GENERIC = frozenset(names.kind("generic_label"))
_WORD = names.WORD
_rest_of_word = names.rest_of_word
_name = names.project_name
_CONSTRUCTION = re.compile(lexicon.alt("construction_words"))
_TRIM = " ,;:-–—\n\t\"«».!?"
_LEAD = " ,;:-–—\n\t»"
_STATUSES = ("commissioned", "operating", "implementing", "planned")
_PREDICATE = 25  # characters between a status verb and the end of a figure-less follow-up


class _Anaphor:
    """What opens a follow-up segment: ``kind`` (``pronoun``, ``place``, ``noun``), the project-noun label, if any."""

    __slots__ = ("kind", "label")

    def __init__(self, kind: str, label: str | None = None):
        self.kind = kind
        self.label = label


def _first_words(lower: str, seg: Segment, n: int = 3) -> list[re.Match]:
    """The first ``n`` words of ``seg`` (read from its start only)."""
    out = []
    for w in _WORD.finditer(lower, seg.start, min(seg.end, seg.start + 80)):
        out.append(w)
        if len(out) == n:
            break
    return out


def _project_cue(seg: Segment, pos: int):
    for h in seg.cues:
        if h.cls == "project" and h.start == pos:
            return h
        if h.start > pos:
            break
    return None


def _plural(rest: str) -> bool:
    for p in _PLURALS:
        if p in rest:
            return True
    return False


def anaphor(ctx: Context, seg: Segment) -> _Anaphor | None:
    """The word that opens ``seg`` and refers back to a project, if any."""
    lower = ctx.lower
    words = _first_words(lower, seg)
    if words and words[0].group() in _LEADS:
        words = words[1:]
    if not words:
        return None
    first = words[0].group()
    for b in _BLOCKS:
        if lower.startswith(b, words[0].start()) and not _WORD.match(lower, words[0].start() + len(b)):
            return None
    if first in _PRONOUNS:
        return _Anaphor("pronoun")
    if first in _PLACE_PRONOUNS:
        return _Anaphor("place")
    for h in seg.cues:  # a refer-back row of fact_cues.tsv that names one project (``Бұл жобаға``)
        if h.start > words[0].start():
            break
        if h.start == words[0].start() and h.cls == "refer" and h.label == "project":
            return _Anaphor("noun", "project")
    demonstrative = first in _DEMONSTRATIVES
    k = 1 if demonstrative else 0
    if k >= len(words):
        return None
    h = _project_cue(seg, words[k].start())
    if h is None:
        return None
    rest = _rest_of_word(lower, h)
    if _plural(rest):
        return None
    # a bare noun refers back in the genitive or locative (``Зауыттың``, ``Кәсіпорында``; ``жобаның$`` is a row itself)
    if demonstrative or (rest or words[k].group()).endswith(_CASES):
        return _Anaphor("noun", h.label)
    return None


def _label_at(seg: Segment, a: int, b: int) -> str | None:
    for h in seg.cues:
        if h.cls == "project" and a <= h.start < b:
            return h.label
    return None


def _agrees(label: str | None, other: str | None) -> bool:
    """A follow-up's project noun names the antecedent: the same kind, or a word for any project (``Жобаның``)."""
    return label is None or other is None or label in _GENERIC or other in _GENERIC or label == other


def _recipients(ctx: Context, segs: Sequence[Segment], facts: list[Fact]) -> None:
    """An investment whose recipient refers back (``Бұл жобаға ... 45 млрд теңге бөлінген``) goes to the project of the
    sentence before: its project fact, else the project it names (the antecedent of a follow-up); with none, or when
    the word after is no single project (``бұл жұмыстарға``), it has no recipient (a pronoun is no name)."""
    k = 0
    for f in facts:
        if f.type != "investment" or f.fields.get("refers_to"):
            continue
        r = f.fields.get("recipient")
        if not r or r.split(None, 1)[0].lower() not in REFER_BACK:
            continue
        f.fields["recipient"] = None
        while k + 1 < len(segs) and segs[k + 1].start <= f.evidence[0]:
            k += 1
        seg = segs[k]
        at = ctx.text.find(r, f.evidence[0], f.evidence[1])
        noun = next((h for h in seg.cues if (h.cls == "project" or (h.cls == "refer" and h.label == "project"))
                     and at <= h.start < at + len(r)), None) if at >= 0 else None  # (``бұл жобаға`` is a refer row)
        if k == 0 or noun is None or _plural(_rest_of_word(ctx.lower, noun)):
            continue
        prev = segs[k - 1]
        ant, label = None, None
        for g in facts:
            if g.type == "project" and _covers(g, prev):
                ant, label = g, _label_at(prev, g.evidence[0], g.evidence[1])
        if ant is None:
            ant, label = _prose_project(ctx, prev, named=True) or (None, None)
        if ant is not None and ant.fields.get("name") and _agrees(noun.label, label):
            f.fields["recipient"] = ant.fields["name"]
            f.fields["refers_to"] = {"start": ant.evidence[0], "end": ant.evidence[1]}


def _prose_project(ctx: Context, seg: Segment, named: bool = False) -> tuple[Fact, str | None] | None:
    """A single project named in ``seg`` with no fact of its own (``«KPI» компаниясы ... зауыттың құрылысын
    жалғастыруда``): a project noun, not counted, not plural, with a company or a word of building or status
    (``named``: a later sentence names it, ``Бұл жобаға``: the noun alone)."""
    ms = ctx.mentions
    hit = None
    for h in seg.cues:
        if h.cls != "project" or _plural(_rest_of_word(ctx.lower, h)):
            continue
        if any(ms[i].start <= h.start < ms[i].end for i in seg.figures):
            continue  # ``3 зауыт``: counted, many
        hit = h
    if hit is None:
        return None
    org = None
    for i in seg.entities:
        m = ms[i]
        if m.type == "organization" and (m.value or {}).get("kind") in ("company", None):
            org = i
    status = None
    building = False  # ``салынып жатыр``: being built
    for h in seg.verbs:
        if h.cls == "status" and h.label in _STATUSES:
            status = h.label
        building = building or (h.cls == "flow" and h.label == "invested") or h.cls == "status"
    if org is None and not building and not named and not _CONSTRUCTION.search(ctx.lower, seg.start, seg.end):
        return None
    start, name = _name(ctx, seg, hit)
    date, di = period_of(ms, seg, hit.start)
    mids = ([org] if org is not None else []) + ([di] if di is not None else [])
    fields = {"name": name, "organization": (ms[org].value.get("name") or ms[org].text) if org is not None else None,
              "cost": None, "capacity": [], "jobs": None, "status": status, "date": date}
    return Fact("project", _trim(ctx.text, seg.start, seg.end), region_at(ctx, seg, hit.start), date, sorted(mids),
                fields), hit.label


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """``[a, b)`` without the spaces and punctuation around it (an opening quote stays: ``«KPI» компаниясы``)."""
    piece = text[a:b]
    a2 = a + len(piece) - len(piece.lstrip(_LEAD))
    b2 = b - (len(piece) - len(piece.rstrip(_TRIM)))
    return (a2, b2) if b2 > a2 else (a, b)


def _cue_before(seg: Segment, cls: str, pos: int) -> bool:
    for h in seg.cues:
        if h.cls == cls and seg.start <= h.start < pos:
            return True
    return False


def _contribution(ctx: Context, seg: Segment, facts: list[Fact], used: set[int]):
    """What the follow-up ``seg`` tells of a project: ``(facts, figures, status, (date, index))``, or None.

    Its facts that are about a project (a project with no company of its own, a portfolio of jobs only) are linked to
    it; its figures no fact took (money after ``құны``, a quantity after ``қуаты``, a count of jobs) make a project
    fact of the follow-up."""
    ms = ctx.mentions
    figures: dict = {}
    linkable: list[Fact] = []
    for f in facts:
        x = f.fields
        if f.type == "project" and not x.get("organization"):
            linkable.append(f)
        elif f.type == "portfolio" and x.get("projects") is None and x.get("cost") is None and x.get("jobs") is not None:
            linkable.append(f)
    for i in seg.figures:
        if i in used:
            continue
        m = ms[i]
        if m.type == "money" and "cost" not in figures and _cue_before(seg, "cost", m.start):
            figures["cost"] = (value_of(m), [i])
        elif m.type == "quantity" and "capacity" not in figures and _cue_before(seg, "capacity", m.start):
            figures["capacity"] = ([value_of(m)], [i])
        elif m.type == "count" and unit(m) == "job" and "jobs" not in figures:
            figures["jobs"] = (value_of(m), [i])
    if not linkable and not figures:
        return None
    status = None
    for h in seg.verbs:
        if h.cls == "status" and h.label in _STATUSES:
            status = h.label
    return linkable, figures, status, period_of(ms, seg, seg.start)


def _link(f: Fact, ant: Fact, ant_name: str | None) -> None:
    """The follow-up fact ``f`` is about the project ``ant``: it takes its name and company where it has none
    of its own (``Жобаның құны ...``: the project of the sentence before), and ``refers_to`` its evidence."""
    x = f.fields
    if f.type == "project":
        if ant_name and (not x.get("name") or _anaphoric_name(x["name"])):
            x["name"] = ant_name
        if not x.get("organization") and ant.fields.get("organization"):
            x["organization"] = ant.fields["organization"]
    x["refers_to"] = {"start": ant.evidence[0], "end": ant.evidence[1]}


def _anaphoric_name(name: str) -> bool:
    """A project name that is only the project noun the follow-up opened with (``Жоба``, ``Зауыт``, ``Кешен``)."""
    return len(name.split()) == 1


def join(ctx: Context, segs: Sequence[Segment], facts: list[Fact]) -> list[Fact]:
    """``facts`` (in evidence order) with the facts of follow-up segments linked to the project they refer back to, and
    a project fact for the figures of a follow-up no fact took."""
    _recipients(ctx, segs, facts)
    if len(segs) < 2:
        return facts
    for f in facts:  # a project, or jobs with no projects (``Бұл кәсіпорында 150 жұмыс орны ашылды``)
        if f.type == "project" or (f.type == "portfolio" and f.fields.get("projects") is None
                                   and f.fields.get("cost") is None):
            break
    else:
        return facts
    used: set[int] = set()
    for f in facts:
        used.update(f.mentions)
    by_seg: list[list[Fact]] = [[] for _ in segs]  # facts by the segment their evidence starts in (one merge pass)
    k = 0
    for f in facts:
        while k < len(segs) and segs[k].end <= f.evidence[0]:
            k += 1
        if k < len(segs) and segs[k].start <= f.evidence[0]:
            by_seg[k].append(f)
    added: list[Fact] = []
    root: dict[int, tuple[Fact, str | None, bool]] = {}  # a linked fact -> the project it refers to, its label, prose
    ant: Fact | None = None  # the project of the segment before (named there, or referred to from there)
    ant_label: str | None = None
    prose = False  # ``ant`` was named in prose and makes no fact: what follow-ups tell goes to their own facts
    last: Fact | None = None  # the last project fact linked to ``ant``
    linked = False  # the segment before was a follow-up of ``ant``
    for k in range(1, len(segs)):
        prev, seg = segs[k - 1], segs[k]
        before = None
        for f in by_seg[k - 1]:
            if f.type == "project":
                before = f
        if before is not None:
            if id(before) in root:
                ant, ant_label, prose = root[id(before)]
            else:
                ant, ant_label, prose, last = before, _label_at(prev, before.evidence[0], before.evidence[1]), False, None
        elif not (linked or _covers(ant, prev)):
            ant = None  # (a project whose follow-up was the segment before is still the one referred to)
        linked = False
        if not seg.figures:
            holder = last if prose else ant  # (a project named in prose has no fact: its last linked one tells it)
            if holder is not None and (seg.dates or seg.verbs):  # ``Бұл кешен 2026 жылы іске қосылады.``
                _status_and_date(ctx, seg, holder)
            continue
        ana = anaphor(ctx, seg)
        if ana is None or _of_region(ctx, seg):
            continue
        got = _contribution(ctx, seg, by_seg[k], used)
        if got is None:
            continue
        linkable, figures, status, (date, di) = got
        made = False
        if ant is None:
            if ana.kind == "place":
                continue  # ``Мұнда`` may be the region: only a project fact already made is its antecedent
            named = _prose_project(ctx, prev)
            if named is None:
                continue
            (ant, ant_label), made, prose, last = named, True, True, None
        if not _agrees(ana.label, ant_label):
            if made:
                ant = None
            continue
        joined = False
        name = ant.fields.get("name")
        for f in linkable:
            if f.type == "project" and not _agrees(_label_at(seg, *f.evidence), ant_label):
                continue  # another kind of project (``Оның жанынан балабақша салынады``)
            _link(f, ant, name)
            root[id(f)] = (ant, ant_label, prose)
            if f.type == "project":
                last = f
            joined = True
        if figures:  # figures no fact took (``Оның құны 180 млрд теңге``): a project fact of the follow-up
            idx = sorted({i for _, ids in figures.values() for i in ids} | ({di} if di is not None else set()))
            fields = {"name": name, "organization": ant.fields.get("organization"), "cost": None, "capacity": [],
                      "jobs": None, "status": status, "date": date}
            fields.update({key: value for key, (value, _ids) in figures.items()})
            new = Fact("project", _trim(ctx.text, seg.start, seg.end), region_at(ctx, seg, seg.start), date, idx, fields)
            _link(new, ant, name)
            root[id(new)] = (ant, ant_label, prose)
            used.update(idx)
            added.append(new)
            last = new
            joined = True
        linked = joined
        if not joined and made:
            ant = None
    if not added:
        return facts
    out = facts + added
    out.sort(key=_EVIDENCE)
    return out


_EVIDENCE = operator.attrgetter("evidence")


def _of_region(ctx: Context, seg: Segment) -> bool:
    """The follow-up names a region, a programme or a special economic zone: its figures are theirs
    (``Онда «... жол картасы» бағдарламасы аясында 26 мың жұмыс орны ашылады``), not the project's."""
    ms = ctx.mentions
    for i in seg.places:
        if ms[i].type == "region":
            return True
    for i in seg.entities:
        if ms[i].type == "program" or (ms[i].type == "organization" and (ms[i].value or {}).get("kind") == "sez"):
            return True
    return False


def _status_and_date(ctx: Context, seg: Segment, ant: Fact) -> None:
    """A follow-up with no figure (``Бұл кешен 2026 жылы іске қосылады.``) that opens with a word referring back
    and tells when or how far the project is: its status and date, when the project has none."""
    if ant.fields.get("status") and ant.fields.get("date"):
        return
    ana = anaphor(ctx, seg)
    if ana is None or ana.kind != "noun":
        return  # (``Оның ... іске қосылатынына сенбейді``: a pronoun may be anyone's)
    status = None
    end = _trim(ctx.text, seg.start, seg.end)[1]
    for h in seg.verbs:
        if h.cls == "status" and h.label in _STATUSES and end - h.end < _PREDICATE:
            status = h.label  # the sentence's predicate: the verb at its end
    if status is None:
        return  # a date alone says nothing of the project
    date, di = period_of(ctx.mentions, seg, seg.start)
    if not ant.fields.get("status"):
        ant.fields["status"] = status
    if date is not None and not ant.fields.get("date"):
        ant.fields["date"] = date
        ant.period = ant.period or date
        ant.mentions = sorted(set(ant.mentions) | {di})
    ant.evidence = (ant.evidence[0], max(ant.evidence[1], end))  # (it reaches to the end of the follow-up)


def _covers(f: Fact | None, seg: Segment) -> bool:
    return f is not None and f.evidence[0] < seg.end and seg.start < f.evidence[1]
