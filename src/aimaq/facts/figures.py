"""Facts built on figures: investment, portfolio, project, indicator and target.

Kazakh puts the verb last: every figure of a clause comes before the predicate
that says what happened to it (``... 3,8 трлн теңгеге 55 жоба жүзеге
асырылуда``). So a segment is read left to right: figures wait until a predicate
word arrives, and that predicate (with the cue nouns around the figures) decides
the facts of the waiting group. A flow participle before a figure
(``бөлінген 32 млрд теңге``) is kept as a pre-modifier; an attributive participle
(``... жұмыс орны ашылатын 162 жоба``) does not end the group.
"""
from __future__ import annotations

import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from aimaq.facts import lexicon, names
from aimaq.kk import resources
from aimaq.facts.lexicon import Hit
from aimaq.facts.segments import Segment
from aimaq.records import Fact, Mention

# participles that modify the next noun instead of ending a clause
_ATTRIBUTIVE = re.compile(rf"{lexicon.alt('attributive_endings')}$")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_DATIVE = re.compile(rf"{lexicon.alt('dative_endings')}$")
_PROJECT_NOUN = re.compile(lexicon.alt("project_noun_in_count"))
_JOB_NOUN = re.compile(lexicon.alt("job_noun_in_count"))
_PERSON_NOUN = re.compile(lexicon.alt("person_noun_in_count"))
_CONSTRUCTION = re.compile(lexicon.alt("construction_words"))
_PER_ITEM = re.compile(rf"{lexicon.alt('per_item_money')}$")
_LESS = re.compile(lexicon.alt("less_word"))
_REPORTED_PLAN = re.compile(lexicon.alt("quote_particle"))
_MULTIPLIER = re.compile(rf"\s*(?<![^\W\d_]){lexicon.alt('multiplier_words')}(?![^\W\d_])")
_MULTIPLIER_NEEDLES = lexicon.needles("multiplier_words")
_SEZ = re.compile(lexicon.alt("sez_words"))
_SEZ_NEEDLES = lexicon.needles("sez_words")
_CONVERB_ENDINGS = lexicon.items("converb_endings")
_CONVERB_LAST = frozenset(x[-1] for x in _CONVERB_ENDINGS)
_LETTER_AT = re.compile(r"[^\W\d_]")
_GENITIVE_END = re.compile(rf"{lexicon.alt('genitive_endings')}$")
_CLAUSE_END = re.compile(r"\s*(?:[.!?;]|$)")
_MODIFIER_CASE = re.compile(rf"(?:{lexicon.alt('genitive_endings')}|{lexicon.alt('locative_endings')}|{lexicon.alt('instrumental_endings')})$")
_ADJECTIVE = re.compile(rf"{lexicon.alt('having_endings')}$")
_ATTRIBUTIVE_NEXT = re.compile(rf"\s+[^\W\d_]+{lexicon.alt('attributive_endings')}\s+[^\W\d_]")
_LINKING = frozenset(lexicon.items("linking_words"))
_DEADLINE = re.compile(rf"\s*{lexicon.alt('deadline_words')}")
# ``50 пәтерлік``: a relational adjective right after a small number, ending the span (``15 индустриялық аймақ`` counts
# zones); ``3 ауысымды мектептер``: a having-adjective
# with its head noun after it (``85 вагонды`` alone is an accusative noun, not an adjective)
_RELATIONAL_COUNT = re.compile(rf"\d[\d\s,.]*\s+([^\W\d_]+{lexicon.alt('relational_after_number')})\s*$")  # no head noun in the span
_RELATIONAL_END = re.compile(rf"{lexicon.alt('relational_after_number')}$")  # ``97 шақырымдық``: describes a noun
_HAVING_COUNT = re.compile(rf"\d[\d\s,.]*\s+([^\W\d_]+{lexicon.alt('having_after_number')})\s+[^\W\d_]")
# adjectives that describe the counted noun (``1800 көпбалалы отбасы``, ``8 мың тұрақты жұмыс орны``)
_DESCRIPTIVE = resources.words("count_adjectives.tsv") | frozenset(lexicon.items("descriptive_adjectives"))


def _adjective_count(m: Mention) -> bool:
    """``3 ауысымды мектептер``, ``50 пәтерлік үй``: the number counts the adjective's noun (shifts, flats), not the head."""
    if m.type != "count" or unit(m) in ("project", "job", "person"):
        return False
    text = m.text.lower()
    hit = _HAVING_COUNT.match(text) or (_RELATIONAL_COUNT.match(text) if amount(m) < 1000 else None)
    return bool(hit) and hit.group(1) not in _DESCRIPTIVE
_YIELD_UNITS = frozenset(lexicon.items("yield_units"))
_SPEED = lexicon.WordStart(rf"{lexicon.alt('speed_words')}(?![^\W\d_])", lexicon.needles("speed_words"))
_WEATHER_UNITS = frozenset(lexicon.items("weather_units"))
_PARTICIPLE_BEFORE = re.compile(rf"{lexicon.alt('past_participle_endings')}\s+$")
_NUMERAL_WORDS = "|".join(sorted(resources.words("numerals.tsv"), key=len, reverse=True))
_NUMBER_NEXT = re.compile(rf"\s+(?:\d|(?:{_NUMERAL_WORDS}){lexicon.alt('possessive_after_number')}?(?![^\W\d_]))")  # ``жүз екісі``
_FRAMEWORK_NEXT = re.compile(rf"\s+{lexicon.alt('framework_words')}(?![^\W\d_])")
_CONVERB = re.compile(rf"{lexicon.alt('converb_final')}$")
_ABLATIVE = re.compile(rf"{lexicon.alt('ablative_endings')}$")
POSSESSIVE_PERCENT = re.compile(rf"{lexicon.alt('possessive_percent_endings')}$")  # ``5 пайызы``: a share
_FROM_TO_GAP = re.compile(r"[\s\-]*")
_POS_KIND = operator.itemgetter(0, 1)  # events sort by position, then kind (stable: an item is never compared)
CLOSING = frozenset({"flow", "status", "jobs", "target", "modal", "change", "indicator", "instr", "negated"})
PRE_WINDOW = 48  # characters between a pre-modifier and its figure


_NONE_USED: frozenset = frozenset()  # a group with no count reads none as a portfolio or jobs
_NO_PRE: Mapping[int, Hit] = MappingProxyType({})  # the pre-modifiers of most groups: none (one shared, read only)


@dataclass(slots=True)
class Group:
    """Figures waiting for one predicate, and the text window they were read from."""

    start: int
    figures: list[int]
    verb: Hit | None
    pre: Mapping[int, Hit]  # figure -> pre-modifying predicate (read only; ``_NO_PRE`` when none)
    end: int = 0
    origin: dict[int, int] | None = None  # figure -> the figure it moved from (``4,9 пайыздан 4,6 пайызға``), if any
    subject: tuple[int, int] | None = None  # the subject shared with the clause before (``... көлемі 7 %-ға өсіп, ...``)


# ---------------------------------------------------------------- mention helpers
_UNITS: dict[tuple, str] = {}  # (value unit, text) of a count -> what it counts: the forms repeat


def unit(m: Mention) -> str:
    """What a count counts: ``project``, ``job``, ``person``, ... (from the value, else the words)."""
    u = (m.value or {}).get("unit")
    if m.type != "count":
        return u or ""
    key = (u, m.text) if u is None or isinstance(u, str) else None
    got = _UNITS.get(key) if key is not None else None
    if got is None:
        got = _count_unit(u, m.text)
        if key is not None and len(_UNITS) < 100_000:
            _UNITS[key] = got
    return got


def _count_unit(u, text: str) -> str:
    text = text.lower()
    if u in ("project", "job", "person"):
        return u
    if _PROJECT_NOUN.search(text):
        return "project"
    if _JOB_NOUN.search(text):
        return "job"
    if _PERSON_NOUN.search(text):
        return "person"
    return u or "item"


def amount(m: Mention) -> float:
    """The mention's amount as a number (0 when it has none)."""
    a = (m.value or {}).get("amount")
    return a if isinstance(a, (int, float)) else 0


def value_of(m: Mention) -> dict:
    """The mention's value as a fact number (same shape as the mention value)."""
    v = dict(m.value or {})
    v.setdefault("qualifier", "exact")
    return v


def period_of(mentions: list[Mention], seg: Segment, pos: int, deadline: bool = False,
              lower: str | None = None) -> tuple[dict | None, int | None]:
    """The date of ``seg`` nearest before ``pos`` (else after): ``({start,end} or {relative}, index)``.

    With ``deadline`` only dates that set a deadline or lie ahead (``2026 жылға қарай``,
    ``келесі жылы``) count; without it those are skipped.
    """
    best, best_i = None, None
    for i in seg.dates:
        m = mentions[i]
        v = m.value or {}
        is_deadline = bool(v.get("deadline")) or _is_deadline_text(m, lower, anchored=not deadline)
        if deadline != is_deadline and not (deadline and v.get("relative") in ("next_year", "this_year", "end_of_year")):
            continue
        if best is None or (m.start <= pos and (best.start > pos or m.start > best.start)):
            best, best_i = m, i
    if best is None:
        return None, None
    v = best.value or {}
    start, end = v.get("start"), v.get("end")
    if start or end:
        return {"start": start or end, "end": end or start}, best_i
    if deadline and v.get("relative"):
        return {"relative": v["relative"]}, best_i
    return None, None


_DEADLINE_IN_DATE = re.compile(f"{lexicon.alt('deadline_words')}|{lexicon.alt('deadline_next_words')}")


def _is_deadline_text(m: Mention, lower: str | None = None, anchored: bool = False) -> bool:
    """The date sets a deadline: ``2026 жылға қарай``, ``жыл соңына дейін``, ``келесі жылы``.

    ``anchored``: only a date that says ``by``/``until`` counts (a fact's period may be ``келесі жылы``:
    ``келесі жылы ... 60 млрд теңге бөлінеді`` is money of next year)."""
    low = m.text.lower()
    if (_DEADLINE if anchored else _DEADLINE_IN_DATE).search(low):
        return True
    return lower is not None and bool(_DEADLINE.match(lower, m.end))


def deadline_end(m: Mention, lower: str) -> int | None:
    """Where the deadline ``m`` ends, its postposition included (``2026 жылға қарай``), or None: no deadline."""
    after = _DEADLINE.match(lower, m.end)
    if after is not None:
        end = after.end()
        while end < len(lower) and lower[end].isalpha():
            end += 1
        return end
    return m.end if (m.value or {}).get("deadline") or _DEADLINE.search(m.text.lower()) else None


TASK_OBJECT = re.compile(rf"[^\W\d_]{{2}}{lexicon.alt('tasked_endings')}$")  # ``салуды``, ``аяқтауды``: a task, as an object


def _verbal_noun_before(lower: str, pos: int, accusative: bool = True) -> bool:
    """The word before ``pos`` is a verbal noun (``іске қосу жоспарланып``, ``салу көзделген``; ``accusative``: also
    ``салуды жоспарлап отыр``, not for money, which a plan puts in: ``17 млрд теңге салуды жоспарлап``)."""
    words = _WORD.findall(lower[max(0, pos - 30):pos])
    return bool(words) and ((words[-1].endswith(("у", "ю")) and len(words[-1]) >= 3)
                            or (accusative and bool(TASK_OBJECT.search(words[-1])))  # ``15 мың пәтер салуды жоспарлап отыр``
                            or bool(_REPORTED_PLAN.fullmatch(words[-1])))  # ``... алады деп жоспарлануда``


def _converb_commas(lower: str, start: int, end: int) -> list[int]:
    """Where a word in a converb ending (``жүріп``) ends, before a comma of ``lower[start:end]``.

    Found from the commas back (a comma is rare, a word common): a letter, the ending, white space, the comma.
    """
    out = []
    c = lower.find(",", start, end)
    while c >= 0:
        e = c
        while e > start and lower[e - 1].isspace():
            e -= 1
        for x in (_CONVERB_ENDINGS if e > start and lower[e - 1] in _CONVERB_LAST else ()):
            k = e - len(x) - 1  # the letter before the ending
            if k >= start and lower.startswith(x, k + 1) and _LETTER_AT.match(lower, k):
                out.append(e)
                break
        c = lower.find(",", c + 1, end)
    return out


def construction(lower: str) -> bool:
    """A construction word (``салу``, ``құрылыс``) anywhere in ``lower`` (the assembler's gate asks)."""
    return _CONSTRUCTION.search(lower) is not None


# ---------------------------------------------------------------- grouping
def groups(seg: Segment, mentions: list[Mention], lower: str) -> list[Group]:
    """The figure groups of ``seg`` in order, each with the predicate that closed it."""
    out: list[Group] = []
    if not seg.figures:
        return out
    events: list[tuple[int, int, object]] = []
    for i in seg.figures:
        events.append((mentions[i].start, 0, i))
    for h in seg.verbs:
        if h.cls in CLOSING:
            events.append((h.start, 1, h))
    # a comma after a converb we do not know (``... жол жүріп, ауылға жетті``) still ends its clause
    for pos in _converb_commas(lower, seg.start, seg.end):
        events.append((pos, 2, None))
    events.sort(key=_POS_KIND)
    pending: list[int] = []
    pre: dict[int, Hit] | None = None  # (made when a figure has a pre-modifier)
    last_pre: Hit | None = None
    start = seg.start
    for pos, kind, item in events:
        if kind == 2:
            if pending:
                out.append(Group(start, pending, None, pre or _NO_PRE, pos))
                pending, pre, start, last_pre = [], None, pos, None
            continue
        if kind == 0:
            i = item
            if last_pre is not None and pos - last_pre.end <= PRE_WINDOW and "," not in lower[last_pre.end:pos]:
                if pre is None:
                    pre = {}
                pre[i] = last_pre
            pending.append(i)
            continue
        hit: Hit = item
        if hit.label == "attributive" and hit.cls == "indicator" and pending \
                and mentions[pending[-1]].start <= hit.start < mentions[pending[-1]].end:
            continue
        attributive = (hit.label == "attributive" or bool(_ATTRIBUTIVE.search(lower[hit.start:hit.end]))) \
            and not _CLAUSE_END.match(lower, hit.end)  # ``... өнім өндіретін.``: a participle ending the sentence is its verb
        if hit.label == "attributive" and not attributive and _PARTICIPLE_BEFORE.search(lower, max(start, hit.start - 30), hit.start):
            # ``... таңдаған болатын.``: an auxiliary after a verb we do not know; that verb ends the clause
            if pending:
                out.append(Group(start, pending, None, pre or _NO_PRE, hit.end))
                pending, pre, start, last_pre = [], None, hit.end, None
            continue
        if pending and not attributive:
            out.append(Group(start, pending, hit, pre or _NO_PRE, hit.end))
            pending, pre, start = [], None, hit.end
            last_pre = None
        else:
            last_pre = hit
    if pending:
        out.append(Group(start, pending, None, pre or _NO_PRE, seg.end))
    return out


# ---------------------------------------------------------------- classification
class Context:
    """What the assembler knows across segments: the document region and the last portfolio."""

    def __init__(self, mentions: list[Mention], lower: str, text: str, region: str | None):
        self.mentions = mentions
        self.lower = lower
        self.text = text
        self.region = region
        self.last_portfolio: Fact | None = None
        self.last_portfolio_seg = -10
        self.last_measured: Fact | None = None  # the last indicator or investment, for ``бұл ... 8 пайызға көп``
        self.last_measured_seg = -10
        self.issuer_of = None  # (segment, mentions, lower, text, before) -> issuer, set by the assembler


def _cues_in(seg: Segment, a: int, b: int) -> Sequence[Hit]:
    """The cues of ``seg`` starting in ``[a, b)`` (read only)."""
    if not seg.cues:
        return ()
    out = []
    for h in seg.cues:  # (plain loops here and in ``build``: a comprehension makes a function object each time)
        if a <= h.start < b:
            out.append(h)
    return out


def _has(cues: list[Hit], *classes: str) -> bool:
    for h in cues:  # a plain loop: called for every figure, over a list of zero to three cues
        if h.cls in classes:
            return True
    return False


def region_at(ctx: Context, seg: Segment, pos: int) -> str | None:
    """The region of the place mentioned nearest ``pos`` in the segment, else the document's."""
    best = None
    for i in seg.places:
        m = ctx.mentions[i]
        code = m.value.get("kato") if m.type == "region" else m.value.get("region")
        if code and (best is None or abs(m.start - pos) < best[0]):
            best = (abs(m.start - pos), code)
    return best[1] if best else ctx.region


def _words_before(ctx: Context, a: int, b: int, n: int = 4, seg: Segment | None = None) -> str:
    """The last ``n`` content words of ``[a, b)``, dates and linking words left out (a short measure phrase)."""
    spans = []
    if seg is not None:
        for i in seg.dates:
            m = ctx.mentions[i]
            if a < m.end and m.start < b:
                spans.append((max(a, m.start), min(b, m.end)))
    text = ctx.text
    # only the last ``n`` are kept: read the words of a short tail first. No word holds a space, so the words
    # after one are the last words of the whole span; too few there, and the whole span is read
    lo = text.find(" ", b - _TAIL, b) + 1 if b - a > _TAIL else 0
    words = _last_words(text, max(a, lo), b, n, spans) if lo > a else None
    if words is None or len(words) < n:
        words = _last_words(text, a, b, n, spans)
    return " ".join(reversed(words))


_TAIL = 80  # characters read first for the last words of a span


def _last_words(text: str, a: int, b: int, n: int, spans: list[tuple[int, int]]) -> list[str]:
    """The last ``n`` words of ``text[a:b]`` outside ``spans`` and not linking words, last first."""
    words = []
    if not spans:  # no positions needed: the words alone
        for word in reversed(_WORD.findall(text, a, b)):
            if len(words) == n:
                break
            if word.lower() not in _LINKING:
                words.append(word)
        return words
    for w in reversed(list(_WORD.finditer(text, a, b))):
        if len(words) == n:
            break
        p = w.start()
        if any(s <= p < e for s, e in spans):
            continue
        word = w.group()
        if word.lower() not in _LINKING:
            words.append(word)
    return words


def _measure(ctx: Context, seg: Segment, g: Group, m: Mention, tasked: bool = False) -> str | None:
    """What a figure measures: the words before it in its clause after any person or official named there, else the
    words after it (``tasked``: a target's, read after the body tasked with it: ``Ауыл шаруашылығы басқармасына ...
    ет өңдеу көлемін``)."""
    if m.type == "count":  # ``23 нысан пайдалануға берілгенін``: the counted noun and what happened to it
        counted = " ".join(_WORD.findall(m.text) + _words_before(ctx, m.end, g.end, n=3, seg=seg).split()[:3])
        if counted:
            return counted
    a = g.start
    for i in seg.entities:  # ``Облыс әкімі Құмар Ақсақалов биыл 5,3 млн тонна астық жиналғанын``: who speaks is no measure
        e = ctx.mentions[i]
        if e.type in ("person", "position") and g.start <= e.start and e.end <= m.start:
            a = max(a, e.end)
    if tasked:
        for x in seg.institutions:
            if g.start <= x.start < m.start:
                end = _word_end(ctx.lower, x.end - 1)
                if end <= m.start and _DATIVE.search(ctx.lower, x.start, end):
                    a = max(a, end)
    before = _words_before(ctx, a, m.start, seg=seg)
    if len(before.split()) >= 2:
        return before
    if not before and g.subject is not None:
        shared = _words_before(ctx, g.subject[0], g.subject[1], seg=seg)
        if shared:
            return shared
    after = _words_before(ctx, m.end, g.end, n=4, seg=seg)
    return before or after or None


def _recipient(ctx: Context, seg: Segment, a: int, pos: int) -> str | None:
    for i in seg.entities:
        m = ctx.mentions[i]
        if m.type == "program" or (m.type == "organization" and m.value.get("kind") == "sez"):
            return m.value.get("name") or m.text
    words = list(_WORD.finditer(ctx.lower, a, pos))
    for k in range(len(words) - 1, -1, -1):
        if _DATIVE.search(words[k].group()):
            named = _mention_at(ctx, seg, words[k].start())
            if named is not None:
                # a region or place is the fact's region, not a recipient; an organization is named as itself
                return None if named.type in ("region", "place", "country") else (named.value.get("name") or named.text)
            word = words[k].group()
            for stem in _REGION_RECEIVERS:
                if word.startswith(stem) and len(word) - len(stem) <= _RECEIVER_ENDING:
                    return None  # ``өңірге``, ``облыс экономикасына``: the region itself (the fact's region); ``жылға``
            # the words that name it (``зауыттың құрылысына``, ``Бұл жобаға``): not across a comma, a date or a
            # linking word, a refer-back word kept (``followups`` reads it)
            first = k
            while first > 0 and k - first < 2:
                w = words[first - 1]
                if ctx.lower[w.end():words[first].start()].strip(_QUOTES) or _date_or_place_at(ctx, seg, w.start()):
                    break
                if w.group() in _LINKING and w.group() not in _REFER_BACK \
                        or (len(w.group()) > _SHORT_STEM and _NO_RECEIVER_WORD.search(w.group())) or _body_at(seg, w.start()):
                    break  # (``аясында``, ``шығаратын``, ``әкімдігі``: no part of the receiver's name)
                first -= 1
                if w.group() in _REFER_BACK:
                    break
            a = words[first].start()
            if a > 0 and ctx.lower[a - 1] in _QUOTES[1:] and ctx.lower.count(ctx.lower[a - 1], a, words[k].start()) % 2:
                a -= 1  # ``«Шипагер» емханасына``: the opening quote of a name closed inside
            return ctx.text[a:words[k].end()]
    return None


_QUOTES = ' "«»'
_REGION_RECEIVERS = lexicon.items("region_receivers") + lexicon.items("period_receivers")
_RECEIVER_ENDING = 6  # letters after a region word's stem: plural, possessive, dative (``аудандарына``)
REFER_BACK = frozenset(lexicon.items("refer_back_words"))
_REFER_BACK = REFER_BACK


# a word before a receiver that is no part of its name: a locative, an attributive participle (a dative may be:
# ``жүзеге асыруға``)
_NO_RECEIVER_WORD = re.compile(rf"(?:{lexicon.alt('locative_endings')}|{lexicon.alt('attributive_endings')})$")
_SHORT_STEM = 5  # a shorter word ending so is a stem (``орта жөндеуден``), not a case


def _date_or_place_at(ctx: Context, seg: Segment, pos: int) -> bool:
    for group in (seg.dates, seg.places):
        for i in group:
            if ctx.mentions[i].start <= pos < ctx.mentions[i].end:
                return True
    return False


def _body_at(seg: Segment, pos: int) -> bool:
    for x in seg.institutions:
        if x.start <= pos < x.end:
            return True
    return False


def _mention_at(ctx: Context, seg: Segment, pos: int) -> Mention | None:
    """The place or organization mention of the segment that covers ``pos``."""
    for i in (*seg.places, *seg.entities):
        m = ctx.mentions[i]
        if m.start <= pos < m.end and m.type in ("region", "place", "country", "organization"):
            return m
    return None


def _evidence(ctx: Context, a: int, b: int) -> tuple[int, int]:
    seg_text = ctx.text[a:b]
    lead = len(seg_text) - len(seg_text.lstrip(" ,;:-–—\n\t\"«»"))
    trail = len(seg_text) - len(seg_text.rstrip(" ,;:-–—\n\t\"«».!?"))
    a2, b2 = a + lead, b - trail
    return (a2, b2) if b2 > a2 else (a, b)


def _later_modal(seg: Segment, pos: int, lower: str = "") -> bool:
    """A modal, a plan or a tasking comes later in the segment (``... жеткізіп, ... арттыру қажет``, ``... жеткізуді тапсырды``)."""
    return any(h.start >= pos and (h.cls == "modal" or (h.cls == "status" and h.label == "planned")
                                   or (h.cls == "instr" and (h.label == "strong" or _TASKED.search(lower, max(0, h.start - 30), h.start))))
               for h in seg.verbs) \
        or any(h.start >= pos and h.cls == "plan" for h in seg.cues)  # ``... жеткізу туралы міндеттеме``


def _portfolios(ctx: Context, seg: Segment, seg_index: int, g: Group, projects: list[int], jobs: list[int],
                persons_as_jobs: list[int], status: str | None, used: set[int], facts: list[Fact]) -> None:
    """One portfolio per counted project figure, with the money and jobs of its stretch of the clause.

    Several counted figures in one clause are a breakdown (``Оның ішінде 35 өнеркәсіптік жоба, ... 13 жоба``):
    each gets its own stretch, sector and evidence.
    """
    if not projects:
        return
    ms = ctx.mentions
    vcls = g.verb.cls if g.verb else None
    breakdown = len(projects) > 1
    money = [i for i in g.figures if ms[i].type == "money"]
    # ``35 өнеркәсіптік жоба, ...`` names each sector before its count; ``21 жоба өңдеу өнеркәсібінде, ...`` after it
    first, second = ms[projects[0]], (ms[projects[1]].start if breakdown else g.end)
    after = not any(g.start <= h.start < first.end for h in seg.sectors) \
        and any(first.end <= h.start < second for h in seg.sectors)
    for k, p in enumerate(projects):
        fields = {"projects": value_of(ms[p]) if unit(ms[p]) == "project" else None, "cost": None, "jobs": None,
                  "status": status, "sector": None, "program": None, "sez": None}
        if unit(ms[p]) == "participant":
            fields["participants"] = value_of(ms[p])
        mids = [p]
        lo = ms[projects[k - 1]].end if k else g.start
        hi = ms[projects[k + 1]].start if k + 1 < len(projects) else g.end
        for i in money:
            if lo <= ms[i].start < hi and i not in used and not (vcls == "flow" and not g.pre.get(i)
                                                                 and not _price_of(ctx, ms[i])):
                fields["cost"] = value_of(ms[i])
                mids.append(i)
                used.add(i)
                break
        for i in jobs + persons_as_jobs:
            if i not in used and (not breakdown or lo <= ms[i].start < hi) \
                    and ((ms[i].start > ms[p].start and ", " not in ctx.lower[ms[p].end:ms[i].start])
                         or _attributive_between(ctx, seg, ms[i].end, ms[p].start)):
                fields["jobs"] = value_of(ms[i])
                mids.append(i)
                used.add(i)
                break
        for h in seg.sectors:
            if (ms[p].end <= h.start < hi) if after else (lo <= h.start < ms[p].end):
                fields["sector"] = h.label
                if after:
                    break
        if ((_GENITIVE_END.search(ms[p].text.lower()) and not _NUMBER_NEXT.match(ctx.lower, ms[p].end))  # not ``150 жобаның 102-сі``
                or amount(ms[p]) == 1 or _FRAMEWORK_NEXT.match(ctx.lower, ms[p].end)) \
                and not (fields["status"] or fields["cost"] or fields["jobs"]):
            used.add(p)  # ``бес жобаның жартылай финалына``, ``тағы бір маңызды жоба``: nothing is reported of these projects
            continue
        _program(ctx, seg, fields)
        pev = _evidence(ctx, ms[p].start, hi) if breakdown and after else \
            _evidence(ctx, max(lo, g.start), ms[p].end if breakdown else g.end)
        period, di = period_of(ms, seg, ms[p].start)
        f = Fact("portfolio", pev, region_at(ctx, seg, ms[p].start), period,
                 sorted(mids + ([di] if di is not None else [])), fields)
        facts.append(f)
        used.add(p)
        if not breakdown:
            ctx.last_portfolio, ctx.last_portfolio_seg = f, seg_index


def _jobs(ctx: Context, seg: Segment, seg_index: int, g: Group, jobs: list[int], targeted: list[int],
          status: str | None, ev: tuple[int, int], refer: bool, used: set[int], facts: list[Fact]) -> None:
    """Jobs stated on their own; after ``Бұл жобаларды ...`` they belong to the portfolio of the sentence before."""
    ms = ctx.mentions
    for i in jobs:
        if i in used:
            continue
        used.add(i)
        if i in targeted:
            continue
        fields = {"projects": None, "cost": None, "jobs": value_of(ms[i]), "status": status,
                  "sector": None, "program": None, "sez": None}
        mids = [i]
        if refer and ctx.last_portfolio is not None and seg_index - ctx.last_portfolio_seg <= 2:
            ant = ctx.last_portfolio
            fields["projects"] = ant.fields.get("projects")
            fields["cost"] = ant.fields.get("cost")
            mids += ant.mentions
        _program(ctx, seg, fields)
        period, di = period_of(ms, seg, ms[i].start)
        facts.append(Fact("portfolio", ev, region_at(ctx, seg, ms[i].start), period,
                          sorted(set(mids + ([di] if di is not None else []))), fields))


def build(ctx: Context, seg: Segment, seg_index: int, issuer: str | None) -> list[Fact]:
    """Facts of one segment's figure groups."""
    facts: list[Fact] = []
    if not seg.figures:
        return facts
    grs = groups(seg, ctx.mentions, ctx.lower)
    refer = False  # a refer-back opener (``Бұл жобалар ...``) in the first 40 characters
    for h in seg.cues:
        if h.cls == "refer" and seg.start <= h.start < seg.start + 40:
            refer = True
            break
    pending_change: dict | None = None
    for gi, g in enumerate(grs):
        ms = ctx.mentions
        verb = g.verb
        if verb is not None and verb.cls == "negated":
            # ``... 3,2 млрд теңге бөлінбеді``: nothing moved; only a figure a flow participle names stays
            # (``бөлінген 2 млрд теңге әлі аударылмады``), read as with no predicate
            kept = [i for i in g.figures if g.pre.get(i) is not None and g.pre[i].cls == "flow"]
            if not kept:
                continue
            g.figures, g.verb, verb = kept, None, None
        vcls = verb.cls if verb else None
        vlab = verb.label if verb else None
        cues = _cues_in(seg, g.start, g.end)
        ev = _evidence(ctx, g.start, g.end)
        count_figs = []  # projects, jobs and persons are counts
        for i in g.figures:
            if ms[i].type == "count":
                count_figs.append(i)
        projects = [i for i in count_figs if not _partitive(ctx, ms[i])
                    and (unit(ms[i]) == "project" or (unit(ms[i]) == "participant" and _sez_in(ctx, seg)))] \
            if count_figs else []
        jobs = [i for i in count_figs if unit(ms[i]) == "job"] if count_figs else []
        # ``20 мың жаңа жұмыс орнын ашуды тапсырды``: jobs to be made are a target, read with the rest
        jobs_tasked = bool(jobs) and vcls == "jobs" and bool(TASK_OBJECT.search(ctx.lower, verb.start, verb.end)) \
            and any(h.start >= verb.end and h.cls == "instr" for h in seg.verbs)
        if jobs_tasked:
            jobs = []
        persons_as_jobs = []
        if count_figs and (vcls == "jobs" or (g.pre and any(h.cls == "jobs" for h in g.pre.values())) or any(
                h.cls == "jobs" for h in seg.verbs if g.start <= h.start < g.end)):
            persons_as_jobs = [i for i in count_figs if unit(ms[i]) == "person"]
        is_target = (vcls == "target" and (vlab.endswith("_future") or _later_modal(seg, verb.end, ctx.lower))) \
            or (vcls == "modal" and vlab in ("must", "plan")) or (_has(cues, "plan") and vcls != "flow" and vlab != "execution") \
            or (vcls == "status" and vlab == "planned"
                and _verbal_noun_before(ctx.lower, verb.start, not any(ms[i].type == "money" for i in g.figures))) \
            or (vcls == "instr" and (vlab == "strong" or bool(_TASKED.search(ctx.lower, max(g.start, verb.start - 30), verb.start)))) \
            or jobs_tasked \
            or (vcls == "status" and vlab == "approved" and _has(cues, "budget"))  # ``бюджеті 980 млрд теңге ... бекітілді``
        jobs_target = False
        if persons_as_jobs and any(h.cls == "modal" and h.label == "plan" for h in seg.verbs if h.start >= g.start):
            is_target = jobs_target = True
            persons_as_jobs = []
        used: set[int] | frozenset = set() if count_figs else _NONE_USED  # counts read as portfolios or jobs
        status = vlab if vcls == "status" else ("planned" if vcls == "target" and is_target else None)  # ``іске қосу жоспарланған``
        if projects:
            _portfolios(ctx, seg, seg_index, g, projects, jobs, persons_as_jobs, status, used, facts)
        if jobs or persons_as_jobs:
            _jobs(ctx, seg, seg_index, g, jobs + persons_as_jobs, persons_as_jobs if jobs_target else [], status, ev,
                  refer, used, facts)
        # -- the other figures, one by one
        rest = []
        for i in g.figures:
            m = ms[i]
            if i not in used and not _partitive(ctx, m) and not _in_aside(ctx, seg, m) \
                    and (is_target and m.type == "cardinal"  # ``ЖӨӨ-ні 1,5 есеге ұлғайту міндеті``: a target may be a multiple
                         or not _MULTIPLIER.match(ctx.lower, m.end) and not _multiplier_in(m.text.lower())) \
                    and not (projects and m.type == "count"):
                rest.append(i)  # (with counted projects, other counts are their context: ``31 қатысушы тіркелді, 9 жоба``)
        if not rest:
            continue
        pre_flow = False  # a flow participle before a figure of the group (``бөлінген 32 млрд теңге``)
        for h in g.pre.values():
            if h.cls == "flow":
                pre_flow = True
                break
        if _has(cues, "price") and not pre_flow and vcls != "flow":
            continue
        kept = []
        has_money = False
        for i in rest:
            m = ms[i]
            if not (m.type == "quantity" and (m.value or {}).get("amount") == 1):
                kept.append(i)
                has_money = has_money or m.type == "money"
        rest = kept
        if (vcls == "flow" or pre_flow) and has_money:
            rest = [i for i in rest if ms[i].type == "money"]  # the money is the fact; the rest is what it buys
        if not rest:
            continue
        project_noun = False
        if cues:  # (no cue, no project noun)
            counted = [(ms[i].start, ms[i].end) for i in g.figures if ms[i].type == "count"]
            project_noun = any(h.cls == "project" and not _DATIVE_LOC.search(ctx.lower[h.start:_word_end(ctx.lower, h.end - 1)])
                               and not any(a <= h.start < b for a, b in counted)  # the counted noun itself
                               for h in cues)
        capacity = _has(cues, "capacity") or (project_noun and _made_by(ctx, seg, g) and _all_of(ms, rest, ("quantity",)))
        # (``has_money`` holds for ``rest`` as it is now: keeping only its money kept some)
        priced = _has(cues, "cost", "sum") and project_noun and not _has(cues, "projects") and has_money
        # ``құны 4,2 млрд теңге болатын ... алаңы салынады``: a priced project to be built is a planned project, not a target
        built_later = vcls == "target" and vlab == "reach_future" and priced
        # ``құны 2 млрд теңге болатын 150 орындық балабақша``: beside a priced project a bare number is its size
        own = rest if not priced else [i for i in rest if ms[i].type != "cardinal"]
        if (vcls != "target" or built_later) and not projects and own and _all_of(ms, own, _PROJECT_FIGURES) and (
                priced or (not has_money and (capacity or (project_noun and (
                    vcls in ("status", "modal")
                    # ``... өнім шығаратын зауыты ашылды``, ``... элеватор кешені салынып жатыр``: opened, being built
                    or (((vcls == "indicator" and vlab == "opened") or (vcls == "flow" and vlab == "invested"))
                        and _all_of(ms, own, ("quantity",)))  # (``42 ... фермасы салынды``: many farms, no one project)
                    or _CONSTRUCTION.search(ctx.lower, g.start, g.end)))))):
            if built_later:
                status = "planned"
            if status is None and vcls == "indicator" and vlab == "opened":
                status = "commissioned"  # ``... фермасы ашылды``: a single project that opened is commissioned
            facts.append(_project(ctx, seg, g, own, ev, status))
            continue
        # an inventory (``90 қонақ үй, 2 санаторий, 41 демалыс орны ...``) is a description, not a reported figure
        counts = 0
        for i in rest:
            if ms[i].type == "count":
                counts += 1
        if counts >= 3 and len({unit(ms[i]) for i in rest if ms[i].type == "count"}) >= 2 and not is_target:
            rest = [i for i in rest if ms[i].type != "count"]
            if not rest:
                continue
        # ``3 ауысымды мектептер``, ``50 пәтерлік үй``: the number counts the adjective's noun (shifts, flats), not the head;
        # ``сағатына 30 шақырымнан``: a speed (a traffic rule, a vehicle) is no figure of the economy
        kept = []
        for i in rest:
            m = ms[i]
            if not _adjective_count(m) \
                    and not (m.type == "quantity" and _SPEED.search(ctx.lower, max(g.start, m.start - 12), m.start + 12)):
                kept.append(i)
        rest = kept
        if not rest:
            continue
        if not is_target:
            rest = _from_to(ctx, g, rest)
        else:  # ``6 % берілетін микрокредит``: a figure describing the next noun is not where a measure must get to
            rest = [i for i in rest if not _ATTRIBUTIVE_NEXT.match(ctx.lower, ms[i].end)]
            if not rest:
                continue
        if is_target:  # a few of an unclassified thing (``3 ауысымды``, ``үш тілде``) is no target either
            rest = [i for i in rest if not (ms[i].type == "count" and not (ms[i].value or {}).get("unit")
                                            and amount(ms[i]) < 1000
                                            and (_MODIFIER_CASE.search(ms[i].text.lower())
                                                 or _ADJECTIVE.search(ms[i].text.lower())))
                    # ``үш мектептің құрылысын аяқтауы тиіс``: a counted thing in the genitive owns the task's
                    # object; it is not where a figure must get to
                    and not (ms[i].type == "count" and unit(ms[i]) not in ("job", "person")
                             and _GENITIVE_END.search(ms[i].text.lower()))
                    # ``бір архитектуралық стильмен салу``, ``жарыстардың 1-іне``: one of a thing is an article, no target
                    and not (ms[i].type in ("count", "cardinal") and amount(ms[i]) == 1)]
            if not rest:
                continue
        if is_target and vcls == "instr":
            rest = [i for i in rest if ms[i].type in ("money", "percent", "quantity")
                    or (ms[i].type == "count" and (ms[i].value or {}).get("unit"))]  # ``Абайдың 175 жылдығына``: no target
            if not rest:
                continue
        if is_target:
            who = issuer
            task = verb if vcls == "instr" else next((h for h in seg.verbs if h.cls == "instr" and h.start >= g.end), None)
            if task is not None and ctx.issuer_of is not None:  # ``... жеткізуді тапсырды``: the one who tasks sets it
                who = ctx.issuer_of(seg, ctx.mentions, ctx.lower, ctx.text, task.start) or issuer
            facts.extend(_target(ctx, seg, g, rest, ev, who))
            continue
        # ``инвестиция көлемі 18 пайызға өсіп, 1,1 трлн теңгеге жетті``: after a converb the subject is shared
        prev = grs[gi - 1].verb if gi else None
        subject = grs[gi - 1].start if prev is not None and prev.cls in ("change", "indicator") \
            and _CONVERB.search(ctx.lower, prev.start, prev.end) else g.start
        if subject < g.start:
            g.subject = (subject, ms[grs[gi - 1].figures[0]].start)
        for i in rest:
            m = ms[i]
            if _compared(ctx, seg_index, m, i, facts):
                continue
            whole = _whole_of(ctx, seg, g, m, facts) if verb is None and m.type in _PART_TYPES else None
            if whole is not None:  # ``..., оның ішінде мал шаруашылығы өнімі – 410 млрд теңге``
                if whole.type == "investment":
                    facts.append(_investment(ctx, seg, g, i, ev, whole.fields.get("flow")))
                else:
                    pending_change = _indicator(ctx, seg, g, i, ev, None, None, facts, grs, gi, pending_change)
                continue
            mc = _cues_in(seg, subject if m.type == "money" else g.start, m.end + 40 if verb is None else g.end)
            pre = g.pre.get(i)
            flow = pre.label if pre is not None and pre.cls == "flow" else (vlab if vcls == "flow" else None)
            if m.type == "money":
                if _PER_ITEM.search(m.text.lower().rstrip()) and not _EXCEED.match(ctx.lower, m.end):
                    continue  # ``50 мың теңгеден сыйлық``: so much each, a price or a handout, not a total
                if _PER_UNIT.search(ctx.lower, max(g.start, m.start - 40), m.start):
                    continue  # ``бір бетпердеге он жеті теңге``: a price per unit
                if flow is None and vcls == "indicator" and vlab in ("repaired", "purchased") and _DATIVE.search(m.text.lower()):
                    flow = "spent"  # ``1,3 млрд теңгеге 7 мектеп жөндеуден өтті``, ``25 млн теңгеге ... сатып алды``: the cost
                if flow is None and vcls == "status":
                    if vlab == "planned" or _has(mc, "investment", "projects", "sum", "funds", "cost"):
                        flow = "planned" if vlab == "planned" else "invested"
                if flow is None and (_has(mc, "refer_cost") or (_has(mc, "cost", "sum") and _has(mc, "refer"))) \
                        and ctx.last_portfolio is not None and seg_index - ctx.last_portfolio_seg <= 2 and vcls != "change":
                    ant = ctx.last_portfolio
                    if ctx.last_portfolio_seg == seg_index and ant.fields.get("cost") is None:
                        ant.fields["cost"] = value_of(m)
                        ant.mentions = sorted(set(ant.mentions + [i]))
                        ant.evidence = (ant.evidence[0], max(ant.evidence[1], ev[1]))
                        continue
                    # ``Олардың жалпы құны ..., 2,5 мың жұмыс орны ашылады``: the jobs of this clause already refer back
                    same = next((f for f in facts if f.type == "portfolio" and f.fields.get("cost") is None
                                 and f.fields.get("projects") == ant.fields.get("projects") and f.evidence[1] > g.start), None)
                    if same is not None:
                        same.fields["cost"] = value_of(m)
                        same.mentions = sorted(set(same.mentions + [i]))
                        continue
                    fields = {"projects": ant.fields.get("projects"), "cost": value_of(m), "jobs": None,
                              "status": ant.fields.get("status"), "sector": None, "program": None, "sez": None}
                    facts.append(Fact("portfolio", ev, region_at(ctx, seg, m.start), ant.period,
                                      sorted(set(ant.mentions + [i])), fields))
                    continue
                if flow is None and (_has(mc, "funds", "investment", "refer_cost")
                                     or (_has(mc, "cost", "sum") and _has(mc, "total") and not _GENITIVE_END.search(m.text.lower()))) \
                        and not (vcls == "indicator" and vlab in ("revenue", "output", "saved")) and not _has(mc, "penalty") \
                        and vcls != "modal":
                    flow = "allocated" if not _has(mc, "investment", "refer_cost") else "invested"
                if flow is not None and _has(mc, "crime"):
                    flow = None  # ``бөлінген 37 млн теңгені жымқырды``: embezzled, not invested
                if flow is not None:
                    fact = _investment(ctx, seg, g, i, ev, flow)
                    fields = fact.fields
                    if refer and ctx.last_portfolio is not None and seg_index - ctx.last_portfolio_seg <= 2:
                        # ``Олардың құрылысына салынатын инвестиция ...``: the projects of the sentence before
                        a, b = ctx.last_portfolio.evidence
                        fields["recipient"] = ctx.text[a:b][:120]
                        fields["refers_to"] = {"start": a, "end": b}
                    if pending_change is not None:  # the change stated before it (``... өсіп, ... жетті``)
                        fields["change"] = pending_change["change"]
                        fact.mentions = sorted(fact.mentions + [pending_change["mention"]])
                        pending_change = None
                    facts.append(fact)
                    continue
                if (vcls in ("indicator", "change") and not (vlab == "be" and not _has(mc, "sum", "cost", "count", "measure"))) \
                        or _has(mc, "share", "measure", "count", "volume"):
                    pending_change = _indicator(ctx, seg, g, i, ev, vcls, vlab, facts, grs, gi, pending_change)
                continue
            if m.type == "cardinal" and not (_has(mc, "count", "measure") or vcls == "change"
                                             or (vcls == "indicator" and amount(m) >= 1000)):
                continue
            if m.type in ("count", "quantity") and (vcls is None or vlab == "be" or (m.value or {}).get("unit") in _WEATHER_UNITS) \
                    and not _has(mc, "count", "measure", "share", "capacity") \
                    and not (m.type == "quantity" and _has(mc, "volume")) \
                    and not (vcls is None and m.type == "quantity" and pre is not None and pre.cls == "status"
                             and pre.label == "commissioned"):  # ``пайдалануға берілген тұрғын үй – 412 мың шаршы метр``
                continue
            if m.type == "count" and not (m.value or {}).get("unit") and amount(m) < 1000 \
                    and not _has(mc, "count", "measure"):
                continue  # a few of an unclassified thing (``300 сұрақ``, ``2 бөлім``) is seldom a reported figure
            if m.type in ("count", "cardinal") and amount(m) == 1:
                continue  # ``бір себеп``: one of a thing is an article, not a figure
            if m.type != "money" and _ATTRIBUTIVE_NEXT.match(ctx.lower, m.end):
                continue  # ``алпыс шаршы метрден асатын пәтер``: the figure describes the next noun
            if m.type == "count" and _MODIFIER_CASE.search(m.text.lower()):
                continue  # ``үш өзеннің суында``, ``3 бағытта``: the count modifies another noun
            if m.type == "count" and (vlab == "harvested" or (vlab == "output" and unit(m) == "person")):
                continue  # ``тұрғын жиналды``: people gather, crops are harvested
            if vlab in ("yield", "stored") and (m.value or {}).get("unit") not in _YIELD_UNITS:
                # ``600 мың тонна картоп шықты`` is a yield; ``20 адам шықты``, ``қарап шықты`` are not;
                # ``... тонна астық сақтаулы`` is a stock, ``3 мың жәдігер сақтаулы`` a collection
                continue
            if m.type == "count" and (vcls in ("flow", "instr", "jobs")
                                      or (vcls == "status" and vlab not in ("commissioned", "operating"))) \
                    and not (vlab == "invested" and _PAST_FINITE.search(ctx.lower, verb.start, verb.end)
                             # ``12 мектеп салынды``: its own noun names a facility, built (``салынатыны``: not yet)
                             and _has(_cues_in(seg, m.start, m.end), "project")):
                continue  # things approved, proposed or funded are no measured figure
            if m.type == "quantity" and vcls == "status" and _RELATIONAL_END.search(m.text.lower()):
                continue  # ``97 шақырымдық жол құрылысы басталды``: the size of what is built, no measured figure
            if m.type in ("count", "cardinal") and any(h.cls == "breakdown" and g.start <= h.start < m.start for h in mc):
                continue
            if m.type == "percent" and vcls is None and not (_has(mc, "measure", "share", "count")
                                                             or POSSESSIVE_PERCENT.search(m.text.lower())):
                continue
            if vcls in ("target", "modal", "instr"):
                continue  # a figure that only could or should be, or that was handed over, is no measured figure
            if _partitive(ctx, m):
                continue
            pending_change = _indicator(ctx, seg, g, i, ev, vcls, vlab, facts, grs, gi, pending_change)
    for f in reversed(facts):
        if f.type in ("indicator", "investment"):
            ctx.last_measured, ctx.last_measured_seg = f, seg_index
            break
    return facts


_COMPARED = re.compile(rf"\s+(?:(?P<up>{lexicon.alt('comparison_up')})|(?P<down>{lexicon.alt('comparison_down')}))(?![^\W\d_])")


_GROWTH = re.compile(rf"(?<![^\W\d_])(?:{lexicon.alt('growth_nouns')})\s*$")  # a bare growth noun right before a percent
_SENT_END = re.compile(r"[.!?]\s")
_THIS = lexicon.WordStart(rf"{lexicon.alt('this_words')}(?![^\W\d_])")
_BASE = lexicon.WordStart(rf"{lexicon.alt('comparison_base')}(?![^\W\d_])", lexicon.needles("comparison_base"))


def _compared(ctx: Context, seg_index: int, m: Mention, i: int, facts: list[Fact]) -> bool:
    """``..., бұл былтырғыдан 6,1 пайызға жоғары``: a difference to last year is the change of the figure just stated."""
    hit = _COMPARED.match(ctx.lower, m.end)
    if hit is None or m.type not in ("percent", "money", "quantity") or not _DATIVE.search(m.text.lower()):
        return False
    before = next((f for f in reversed(facts) if f.type in ("indicator", "investment")), None)
    if before is None and ctx.last_measured is not None and seg_index - ctx.last_measured_seg <= 1:
        before = ctx.last_measured
    if before is None or before.fields.get("change") is not None \
            or not (_THIS.search(ctx.lower, before.evidence[1], m.start)  # ``бұл`` points back to it
                    # ``..., былтырғы деңгейден 400 мың тоннаға асып түсті``: last year's level, in the same sentence
                    or (_BASE.search(ctx.lower, before.evidence[1], m.start)
                        and not _SENT_END.search(ctx.text, before.evidence[1], m.start))):
        return False
    before.fields["change"] = _change(m, "up" if hit.group("up") else "down")
    before.mentions = sorted(set(before.mentions + [i]))
    return True


_DATIVE_LOC = re.compile(rf"{lexicon.alt('dative_locative_endings')}$")


def _word_end(lower: str, pos: int) -> int:
    m = _WORD.match(lower, pos)
    return m.end() if m else pos


def _attributive_between(ctx: Context, seg: Segment, a: int, b: int) -> bool:
    """An attributive participle between ``a`` and ``b`` (``... жұмыс орны ашылатын 162 жоба``)."""
    return any(_ATTRIBUTIVE.search(w) for w in _WORD.findall(ctx.lower[a:b]))


# ``бір бетпердеге``, ``әр мұқтаж отбасына`` (one word may describe the noun)
_PER_UNIT = re.compile(rf"(?<![^\W\d_]){lexicon.alt('per_unit_words')}\s+(?:[^\W\d_]+\s+)?[^\W\d_]+{lexicon.alt('per_unit_endings')}\s+$")
_EXCEED = re.compile(rf"\s*{lexicon.alt('exceed_words')}")
_TASKED = re.compile(rf"{lexicon.alt('tasked_endings')}\s+$")
_PRICE_OF = re.compile(rf"{lexicon.alt('price_of_endings')}$")
_PRICE_NEXT = re.compile(rf"\s*{lexicon.alt('price_next_words')}")


def _price_of(ctx: Context, m: Mention) -> bool:
    """Money stated as the worth of what follows (``1,7 млрд теңгеге 14 жоба``, ``... теңгенің 77 жобасы``)."""
    return bool(_PRICE_OF.search(m.text.lower())) or bool(_PRICE_NEXT.match(ctx.lower, m.end))


_GENITIVE_BEFORE = re.compile(rf"{lexicon.alt('genitive_endings')}\s+$")
_PART_NUMBER = re.compile(rf"\d+(?:[.,]\d+)?-{lexicon.alt('possessive_after_number')}(?![^\W\d_])")


def _investment(ctx: Context, seg: Segment, g: Group, i: int, ev: tuple[int, int], flow: str | None) -> Fact:
    """The investment of the money ``mentions[i]`` (its period, recipient and region read around it)."""
    m = ctx.mentions[i]
    period, di = period_of(ctx.mentions, seg, m.start)
    fields = {"amount": value_of(m), "flow": flow, "recipient": _recipient(ctx, seg, g.start, m.start)}
    return Fact("investment", ev, region_at(ctx, seg, m.start), period, sorted([i] + ([di] if di is not None else [])),
                fields)


def _made_by(ctx: Context, seg: Segment, g: Group) -> bool:
    """An attributive production verb in the group (``жылына 100 мың тонна май өндіретін зауыт``): the figure is
    what the plant named after it can make, its capacity."""
    for h in seg.verbs:
        if g.start <= h.start < g.end and h.cls == "indicator" and h.label == "output" \
                and _ATTRIBUTIVE.search(ctx.lower, h.start, h.end) and not _CLAUSE_END.match(ctx.lower, h.end) \
                and any(c.cls == "project" and c.start >= h.end for c in seg.cues):  # the plant it describes follows
            return True
    return False


_PAST_FINITE = re.compile(rf"{lexicon.alt('past_finite_endings')}$")


_PART_TYPES = ("money", "quantity", "percent")


def _whole_of(ctx: Context, seg: Segment, g: Group, m: Mention, facts: list[Fact]) -> Fact | None:
    """The indicator or investment of this segment that a verbless figure after ``оның ішінде`` is a part of
    (``... 780 млрд теңгеге жетті, оның ішінде мал шаруашылығы өнімі – 410 млрд теңге``): a figure of the same
    kind (currency, unit) stated just before; the part is a fact of the same type."""
    if not _has(_cues_in(seg, g.start, m.start), "breakdown"):
        return None
    v = m.value or {}
    for f in reversed(facts):
        if f.type in ("indicator", "investment") and f.evidence[1] <= m.start:
            w = f.fields.get("value") if f.type == "indicator" else f.fields.get("amount")
            if isinstance(w, dict) and w.get("currency") == v.get("currency") and w.get("unit") == v.get("unit") \
                    and ("currency" in w) == ("currency" in v):
                return f
            return None
    return None


def _in_aside(ctx: Context, seg: Segment, m: Mention) -> bool:
    """``1,04 трлн теңгені (2024 жылдың осы кезеңінде – 870 млрд теңге) құрады``: a figure in parentheses after a
    date is the base the figure before is compared with, no fact of its own."""
    text = ctx.text
    o = text.rfind("(", seg.start, m.start)
    if o < 0 or text.find(")", o, m.start) >= 0:
        return False
    for d in seg.dates:
        if o < ctx.mentions[d].start < m.start:
            return True
    return False


def _partitive(ctx: Context, m: Mention) -> bool:
    """A part of a number counted just before (``22 жобаның 16-сы``, ``олардың 8-ін``, ``оның 704-і``)."""
    return m.type in ("cardinal", "count") and bool(_PART_NUMBER.match(m.text.lower())) \
        and bool(_GENITIVE_BEFORE.search(ctx.lower[max(0, m.start - 14):m.start])) \
        and not _of_projects(ctx.lower, m)  # (the part of projects is no part of a number: ``part_of_projects``)


_OF_PROJECTS = re.compile(rf"(?<![^\W\d_]){lexicon.alt('projects_genitive')}\s+$")


def part_of_projects(lower: str, m: Mention) -> bool:
    """``жобалардың 15-і мақұлданды``: a part of projects no number counted before (a plural takes none), so
    the part is the count of projects the clause reports."""
    return m.type in ("cardinal", "count") and bool(_PART_NUMBER.match(m.text.lower())) and _of_projects(lower, m)


def _of_projects(lower: str, m: Mention) -> bool:
    """Projects in the plural genitive right before ``m``."""
    return _OF_PROJECTS.search(lower, max(0, m.start - 40), m.start) is not None


_PROJECT_FIGURES = ("quantity", "count", "money")  # what a single project's figures can be


def _all_of(ms: list[Mention], items: list[int], types: tuple[str, ...]) -> bool:
    """Is every mention of ``items`` of one of ``types``? (a loop: no generator made)"""
    for i in items:
        if ms[i].type not in types:
            return False
    return True


def _sez_in(ctx: Context, seg: Segment) -> bool:
    """A special economic zone named in ``seg`` (its participants count as projects)."""
    return lexicon.holds(ctx.lower, _SEZ_NEEDLES, seg.start, seg.end) and _SEZ.search(ctx.lower, seg.start, seg.end) is not None


def _multiplier_in(low: str) -> bool:
    """``_MULTIPLIER`` somewhere in ``low`` (a mention's text)."""
    return lexicon.holds(low, _MULTIPLIER_NEEDLES, 0, len(low)) and _MULTIPLIER.search(low) is not None


def _program(ctx: Context, seg: Segment, fields: dict) -> None:
    for i in seg.entities:
        m = ctx.mentions[i]
        if m.type == "program" and fields.get("program") is None:
            fields["program"] = m.value.get("name") or m.text
        if m.type == "organization" and m.value.get("kind") == "sez" and fields.get("sez") is None:
            fields["sez"] = m.value.get("name") or m.text


def _change(m: Mention, direction: str) -> dict:
    v = m.value or {}
    unit = "%" if m.type == "percent" else (v.get("currency") or v.get("unit"))
    return {"amount": v.get("amount"), "unit": unit, "direction": direction}


def _from_to(ctx: Context, g: Group, rest: list[int]) -> list[int]:
    """``4,9 пайыздан 4,6 пайызға дейін төмендеді``: a figure in the ablative right before one of the same kind
    is where the measure moved from; the second is the figure, the first goes into its ``origin``."""
    ms = ctx.mentions
    out = []
    for k, i in enumerate(rest):
        j = rest[k + 1] if k + 1 < len(rest) else None
        if j is not None and ms[i].type == ms[j].type and ms[i].type in ("money", "percent", "quantity", "count") \
                and unit(ms[i]) == unit(ms[j]) and (ms[i].value or {}).get("currency") == (ms[j].value or {}).get("currency") \
                and _ABLATIVE.search(ms[i].text.lower()) and _FROM_TO_GAP.fullmatch(ctx.lower, ms[i].end, ms[j].start):
            if g.origin is None:
                g.origin = {}
            g.origin[j] = i
            continue
        out.append(i)
    return out


def _indicator(ctx, seg, g, i, ev, vcls, vlab, facts, grs, gi, pending_change):
    """An indicator for figure ``i``; a change-only figure is folded into its neighbour."""
    ms = ctx.mentions
    m = ms[i]
    if m.type == "percent" and _GROWTH.search(ctx.lower, max(seg.start, m.start - 30), m.start):
        # ``... инвестиция салынып, өсім 12 пайызды құрады``: the growth of the figure just stated
        before = next((f for f in reversed(facts) if f.type in ("indicator", "investment")), None) or ctx.last_measured
        if before is not None and before.fields.get("change") is None and before.evidence[1] <= m.start \
                and m.start - before.evidence[1] < 200 and not _SENT_END.search(ctx.text, before.evidence[1], m.start):
            before.fields["change"] = _change(m, "up")
            before.mentions = sorted(set(before.mentions + [i]))
            return pending_change
    if vcls == "change":
        # a change stated after a figure of the same segment belongs to it
        for f in reversed(facts):
            if f.type in ("indicator", "investment") and f.fields.get("change") is None:
                f.fields["change"] = _change(m, vlab)
                f.mentions = sorted(set(f.mentions + [i]))
                return pending_change
        # ... or to the figure that follows in the next group
        if gi + 1 < len(grs) and any(ms[j].type in ("money", "quantity", "percent", "count")
                                      or (ms[j].type == "cardinal" and amount(ms[j]) >= 1000) for j in grs[gi + 1].figures) \
                and (grs[gi + 1].verb is None or grs[gi + 1].verb.cls == "indicator"):
            return {"change": _change(m, vlab), "mention": i}
    period, di = period_of(ms, seg, m.start)
    origin = g.origin.get(i) if g.origin else None
    measure = _measure(ctx, seg, g, ms[origin] if origin is not None else m)
    change = _change(m, vlab) if vcls == "change" else None
    value = value_of(m)
    mids = [i]
    if origin is not None:  # from one figure to another: the change is the difference
        a, b = amount(ms[origin]), amount(m)
        value["from"] = a
        if value.get("qualifier") == "up_to" and value.get("max") is None:
            value["qualifier"] = "exact"  # ``... пайыздан 4,6 пайызға дейін``: the end point, not an upper bound
        change = dict(_change(m, "up" if b > a else "down"), amount=round(abs(b - a), 6))
        mids.append(origin)
    if pending_change is not None:
        change = pending_change["change"]
        mids.append(pending_change["mention"])
        pending_change = None
    pre = g.pre.get(i)
    if change is None and pre is not None and pre.cls == "change" and pre.label in ("up", "down"):
        change = _change(m, pre.label)  # ``өсім 2,25 процент``: the change named before its figure
    if change is None:
        for h in seg.verbs:
            if h.cls == "change" and g.start <= h.start < g.end and h.label in ("up", "down") and _LESS.search(ctx.lower, h.start, h.end):
                change = _change(m, h.label)
    if di is not None:
        mids.append(di)
    facts.append(Fact("indicator", ev, region_at(ctx, seg, m.start), period, sorted(mids),
                      {"measure": measure or None, "value": value, "change": change}))
    return pending_change


def _target(ctx, seg, g, rest, ev, issuer) -> list[Fact]:
    """One target: the last figure is where the measure must get to (``179 390-дан 183 200-ге дейін``)."""
    ms = ctx.mentions
    named = [j for j in rest if ms[j].type != "cardinal"] or rest
    i = named[-1]
    m = ms[i]
    deadline, di = period_of(ms, seg, m.start, deadline=True, lower=ctx.lower)
    if deadline is None:  # ``2025 жылы 18 пайызға жетуі керек``: the year a target names is its deadline
        deadline, di = period_of(ms, seg, m.start, lower=ctx.lower)
    measure = _measure(ctx, seg, g, m, tasked=True)
    mids = list(rest) + ([di] if di is not None else [])
    value = value_of(m)
    if value.get("max") is not None and value.get("qualifier") == "up_to":
        # ``179 390-дан 183 200-ге дейін арттыру``: where it must get to is the upper end
        value = dict(value, amount=value["max"], qualifier="exact", **{"from": value.get("amount")})
        value.pop("max", None)
    return [Fact("target", ev, region_at(ctx, seg, m.start), None, sorted(mids),
                 {"measure": measure or None, "value": value, "deadline": deadline, "issuer": issuer})]


def _project(ctx, seg, g, figs, ev, status) -> Fact:
    """A single named project: its cost, capacity and jobs from the group's figures."""
    ms = ctx.mentions
    cost = next((value_of(ms[i]) for i in figs if ms[i].type == "money"), None)
    capacity = [value_of(ms[i]) for i in figs if ms[i].type in ("quantity", "count") and unit(ms[i]) != "job"]
    jobs = next((value_of(ms[i]) for i in figs if ms[i].type == "count" and unit(ms[i]) == "job"), None)
    org = next((ms[i].value.get("name") or ms[i].text for i in seg.entities if ms[i].type == "organization"), None)
    period, di = period_of(ms, seg, ms[figs[0]].start)
    name = None
    for h in seg.cues:
        if h.cls == "project" and g.start <= h.start < g.end + 60:
            # ``тоқыма фабрикасының құрылысы`` -> ``тоқыма фабрикасы``: the rule of every project's name
            name = names.project_name(ctx, seg, h)[1] or None
            break
    mids = list(figs) + ([di] if di is not None else [])
    return Fact("project", ev, region_at(ctx, seg, ms[figs[0]].start), period, sorted(mids),
                {"name": name, "organization": org, "cost": cost, "capacity": capacity, "jobs": jobs,
                 "status": status, "date": period})
