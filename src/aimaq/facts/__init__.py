"""Fact assembly: from the mentions of each sentence to the facts of the output contract.

The text is read segment by segment (a sentence, or a sentence inside a quoted
speech); ``figures`` turns each segment's figures and predicates into
investment, portfolio, project, indicator and target facts, ``instructions``
finds who tasks whom. The work is one pass over the document: mentions and
word-list hits are bucketed into segments in order, and each segment is read
left to right. Before any of that, ``gate`` decides from the mention types and
the word forms of the text whether a fact can come out at all: most sentences
(no figure, no word that tasks anyone or names a project) stop there.

Speed note: on the paths every sentence or every group takes, lists are built by
plain loops, not comprehensions: in Python 3.11 each comprehension or generator
makes a function object, and in the pipeline those allocations (and the garbage
collections they bring on) cost more than the loop (measured, both orders averaged).
"""
from __future__ import annotations

import operator
import re

from aimaq.facts import figures, followups, gate, instructions, lexicon, projects
from aimaq.facts.segments import FIGURES, segments
from aimaq.records import Fact, Mention
from aimaq.regions import document_regions
from aimaq.text import Analysis


# the noun a bare number counts, when it follows within two words: (pattern, unit)
_COUNTED = re.compile(rf"\s+(?:[^\W\d_]+\s+){{0,2}}?(?:(?P<project>{lexicon.alt('counted_project')})|(?P<job>{lexicon.alt('counted_job')}))")


_REPORTED = lexicon.WordStart(rf"{lexicon.alt('reported_verbs')}(?![^\W\d_])", lexicon.needles("reported_verbs"))


_WORDS = re.compile(r"[^\W\d_]+")
_FIRST_PERSON_TASK = re.compile(rf"{lexicon.alt('first_person_endings')}(?![^\W\d_])")
_TIME_NOUN = re.compile(rf"[\d\s,.]+{lexicon.alt('time_nouns')}(?:[^\W\d_]*)$")
_FUNDS = re.compile(rf"\s+{lexicon.alt('funds_nouns')}")


def _counted(m: Mention, lower: str) -> Mention:
    """A cardinal (or unit-less count) followed by ``жоба`` / ``жұмыс орны`` read as a count of projects / jobs.

    The copy is for reading only; fact mention indices still point into the caller's list.
    """
    if m.type != "cardinal" and m.type != "count":  # dates, places, names, money ...: read as they are
        return m if isinstance(m.value, dict) else Mention(m.type, m.start, m.end, m.text, {})
    if not isinstance(m.value, dict):
        m = Mention(m.type, m.start, m.end, m.text, {})
    noun = str((m.value or {}).get("noun") or "")
    if figures.amount(m) >= 1_000_000 and (
            (m.type == "cardinal" and _FUNDS.match(lower, m.end))
            or (m.type == "count" and _FUNDS.match(" " + noun))):
        # ``1 млрд-қа жуық қаражат``: a large bare number naming funds is an amount of money (tenge in this press)
        return Mention("money", m.start, m.end, m.text, dict(m.value, currency="KZT"))
    if m.type == "count" and _TIME_NOUN.match(m.text.lower()):
        return Mention("duration", m.start, m.end, m.text, m.value)  # ``9 айда``: a span of time, not a figure
    if m.type not in ("cardinal", "count") or (m.value or {}).get("unit") in ("project", "job"):
        return m
    low = m.text.lower()
    if figures.unit(m) in ("project", "job") and m.type == "count":
        return m
    if figures.part_of_projects(lower, m):  # ``жобалардың 15-і``
        return Mention("count", m.start, m.end, m.text, dict(m.value or {}, unit="project"))
    hit = _COUNTED.match(lower, m.end)
    if not hit or hit.end() - m.end > 40:
        return m
    value = dict(m.value or {})
    value["unit"] = "project" if hit.group("project") else "job"
    return Mention("count", m.start, m.end, m.text, value)


# a word without which no count is one of projects or jobs (``_counted``, ``figures.unit``): the last word of
# each item; looked for as a plain substring (``str.find``), those holding another one left out
_COUNT_NOUNS = lexicon.fewest({x.split()[-1] for name in (
    "counted_project", "counted_job", "project_noun_in_count", "job_noun_in_count") for x in lexicon.items(name)})
GATED = True  # skip documents that cannot give a fact (tests turn it off to check it changes nothing)


def _figures_readable(mentions: list[Mention], lower: str, found: int) -> bool:
    """Can a figure of ``mentions`` become a fact, given the word-list ``found`` flags of the text?

    A count of projects, jobs or participants (a portfolio) or a percent in the possessive
    (``... 5 пайызы``, an indicator) does with no word-list hit at all; the others need a word
    of a class ``gate.NEED`` names for their type (fewer for a small bare number or count), or (a count,
    a quantity) a project noun with a status, a modal or a flow verb or a construction word (a single project).
    Keep in step with ``figures.build``.
    """
    counting = lexicon.holds(lower, _COUNT_NOUNS, 0, len(lower))  # without such a word no count is of projects or jobs
    if not found and not counting:
        # no word-list row at all: only a count whose value names projects, jobs or participants, or a possessive percent
        for m in mentions:
            if (m.type == "count" and (m.value or {}).get("unit") in ("project", "job", "participant")) \
                    or (m.type == "percent" and figures.POSSESSIVE_PERCENT.search(m.text.lower())):
                return True
        return False
    need = 0
    things = False
    for m in mentions:
        t = m.type
        if t == "cardinal" or t == "count":
            if counting or not isinstance(m.value, dict):
                m = _counted(m, lower)  # ``5 жоба``, ``1 млрд-қа жуық қаражат``: what the assembler will read
                t = m.type
            elif figures.amount(m) >= 1_000_000:  # may be read as money (``_counted``): needs what money needs
                need |= gate.NEED["money"]
            if t == "count" and figures.unit(m) in ("project", "job", "participant"):
                return True
        elif t == "percent" and figures.POSSESSIVE_PERCENT.search(m.text.lower()):
            return True
        if t == "cardinal" and figures.amount(m) < 1000:
            need |= gate.NEED_SMALL_NUMBER
        elif t == "count" and not (m.value or {}).get("unit") and figures.amount(m) < 1000:
            need |= gate.NEED_SMALL_COUNT
        else:
            need |= gate.NEED.get(t, 0)
        things = things or t == "count" or t == "quantity"
    if found & need:
        return True
    # (a flow verb too: ``12 мектеп салынды`` were built, ``... зауыт кешені салынып жатыр`` is being built)
    return things and bool(found & gate.CUE_PROJECT) and bool(
        found & (gate.WEAK_MODAL | gate.VERB["status"] | gate.VERB["modal"] | gate.VERB["flow"]) or figures.construction(lower))


def clear_caches() -> None:
    """Forget every per-form record (the gate's chunks, the word lists' words, count units): the next
    text is read as by a fresh process (tests compare cold and warm reading; timings start cold)."""
    gate.forget()
    lexicon.fact_lists().words.clear()
    figures._UNITS.clear()


def assemble(analysis: Analysis, mentions: list[Mention], regions: list[str] | None = None) -> list[Fact]:
    """Facts read from ``analysis`` given its resolved ``mentions`` (indices refer to that list).

    ``regions`` are the document's regions, main one first (computed from the mentions when not given);
    a fact with no place of its own belongs to the main one.
    """
    if not analysis.sentences:
        return []
    has_figures = has_org = False  # (a plain loop: no set made for every sentence)
    for m in mentions:
        if m.type in FIGURES:
            has_figures = True
        elif m.type == "organization":
            has_org = True
    pieces = analysis.norm.split() if GATED else None
    unquiet = False
    if not has_figures and GATED and not has_org:
        if gate.quiet(pieces):
            return []  # most text: no figure, no organization and no word that tasks anyone
        unquiet = True
    wanted = -1 if has_figures else gate.TASK if has_org else gate.QUIET  # (with an organization: a named project too)
    found, lower, chunks = gate.flags(analysis.norm, wanted, pieces, unquiet) if GATED else (-1, None, None)
    readable = found & gate.INSTR or (has_org and found & gate.STATUS and found & gate.PROJECT_NOUN)
    if not readable and found & gate.BODY:  # a body tasked with ``тиіс`` or an imperative (``... қолдау көрсетсін``)
        lower = lower or lexicon.lower(analysis.norm)
        readable = found & gate.MUST or instructions.imperative(lower)
    if not readable:
        if not has_figures:
            return []  # no word of a fact and no figure: nothing can come out
        lower = lower or lexicon.lower(analysis.norm)
        if not _figures_readable(mentions, lower, found):
            return []  # no figure that stands alone, and no word to read the others with
    lower = lower or lexicon.lower(analysis.norm)
    if regions is None:
        regions = document_regions(mentions, len(analysis.text))
    # only counts and cardinals (and a value that is no dict) are read again; the rest stay as they are
    read = []
    for m in mentions:  # (a plain loop: a comprehension makes a function object each time)
        read.append(m if m.type != "cardinal" and m.type != "count" and isinstance(m.value, dict) else _counted(m, lower))
    mentions = read
    ctx = figures.Context(mentions, lower, analysis.text, regions[0] if regions else None)
    ctx.issuer_of = instructions.issuer_of
    facts: list[Fact] = []
    state: dict = {}
    segs = segments(analysis, mentions, lower, chunks)
    for k, seg in enumerate(segs):
        issuer = instructions.issuer_of(seg, mentions, lower, analysis.text, seg.end) if seg.quoted else None
        if issuer is None:
            # a reported speech (``... деді``) is the last issuer's; with none yet there is nothing to look for
            if state.get("issuer") is not None and _REPORTED.search(lower, seg.start, seg.end):
                issuer = state["issuer"]
        else:
            state["issuer"] = issuer
        found = figures.build(ctx, seg, k, issuer)
        found += projects.build(ctx, seg, found)
        found += instructions.build(seg, mentions, lower, analysis.text, ctx.region, state)
        for f in found:
            if not 0 <= f.evidence[0] < f.evidence[1] <= len(analysis.text):
                f.evidence = (seg.start, seg.end)  # a degenerate clause: show the whole segment
        facts.extend(found)
    facts.sort(key=_EVIDENCE)
    facts = followups.join(ctx, segs, facts)  # ``... зауыт салынып жатыр. Оның құны ...``: one project
    return _without_paraphrased_tasks(analysis.text, _without_repeated_headline(analysis, _without_restated(facts)))


def _without_restated(facts: list[Fact]) -> list[Fact]:
    """One indicator per figure of a clause: a speaker who restates it (``жалақылары (30 пайынға ш) 30 пайызға
    шейін өседі``) gives two mentions of one amount with the same evidence."""
    seen = set()
    out = []
    for f in facts:
        if f.type == "indicator":
            v = f.fields.get("value")
            key = (f.evidence, v.get("amount") if isinstance(v, dict) else None)
            if key in seen:
                continue
            seen.add(key)
        out.append(f)
    return out


_EVIDENCE = operator.attrgetter("evidence")


def _stems(text: str | None) -> set[str]:
    return {w[:5].lower() for w in _WORDS.findall(text or "") if len(w) >= 5}


def _without_paraphrased_tasks(text: str, facts: list[Fact]) -> list[Fact]:
    """Drop a reported tasking (``... газбен қамтуды тапсырды.``) that the quoted one right after restates.

    News leads with a paraphrase and then quotes the official (``«... газбен толық қамтамасыз етуді
    тапсырамын», – деді``); the quotation, with its deadline, is the instruction.
    """
    tasks = []
    for f in facts:
        if f.type == "instruction":
            tasks.append(f)
    if len(tasks) < 2:
        return facts  # no pair to compare
    drop = set()
    for a, b in zip(tasks, tasks[1:]):
        first_person = _FIRST_PERSON_TASK.search(text, max(b.evidence[0], b.evidence[1] - 20), b.evidence[1])
        if first_person and not _FIRST_PERSON_TASK.search(text, max(a.evidence[0], a.evidence[1] - 20), a.evidence[1]) \
                and b.evidence[0] - a.evidence[1] < 600 \
                and len(_stems(a.fields.get("action")) & _stems(b.fields.get("action"))) >= 2:  # a paraphrase shares words
            drop.add(id(a))
    return [f for f in facts if id(f) not in drop]


_KEYS = ("amount", "value", "projects", "cost", "jobs")


def _key(f: Fact) -> tuple:
    return (f.type,) + tuple((f.fields.get(k) or {}).get("amount") if isinstance(f.fields.get(k), dict) else None
                             for k in _KEYS)


def _without_repeated_headline(analysis: Analysis, facts: list[Fact]) -> list[Fact]:
    """Drop facts of the headline (first sentence) that the body states again: one report, one fact."""
    first = analysis.sentences[0]
    if len(analysis.sentences) < 2 or not facts:
        return facts
    head = [f for f in facts if f.evidence[1] <= first.end]
    if not head:
        return facts
    body = [(_key(f), f.mentions) for f in facts if f.evidence[0] >= first.end]
    later = {key for key, _ms in body}
    # a title line may leave out a figure the body gives (``27 жоба`` / ``412 млрд теңгеге 27 жоба``): a body fact
    # that agrees with every figure it has, read from other mentions (not one that refers back to it), repeats it
    titled = analysis.text.startswith("\n", first.end) or analysis.text.startswith("\r\n", first.end)
    drop = set()
    for f in head:
        if f.type == "instruction":
            continue
        key = _key(f)
        if key in later or (titled and any(v is not None for v in key[1:]) and any(
                _within(key, k) and not set(f.mentions) & set(ms) for k, ms in body)):
            drop.add(id(f))
    return [f for f in facts if id(f) not in drop] if drop else facts


def _within(head: tuple, body: tuple) -> bool:
    """The body's fact key agrees with every figure the headline's gives (same type)."""
    if head[0] != body[0]:
        return False
    for h, b in zip(head[1:], body[1:]):
        if h is not None and h != b:
            return False
    return True
