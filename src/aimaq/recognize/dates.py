"""Kazakh dates, periods, durations and deadlines, resolved to calendar intervals.

Why a token grammar: a Kazakh date is a short phrase whose words carry case
endings (``2014 жылдың желтоқсанында``), so each token is looked up by its stem
(``aimaq.kk.morph.stems``, with the ending checked against the suffix table) and
a small left-to-right grammar reads ``[modifier] core [postposition]``:

* cores: a year (``2015 жылы``, ``екі мың жиырмасыншы жылы``, ``2017-2021 жылдарға``,
  ``2010-2014 жж``) optionally narrowed by a month, a day, ``N айы``, a quarter, a half
  or a part (``жылдың басынан``); a day and month (``15 қазан 2025``, ``1 шілдесінде``);
  a numeric date (``15.10.2025``); a month; a count of units (``3 жыл``, ``10 айдың``);
  a relative word (``биыл``, ``кеше``); a modified unit (``өткен жылы``); a season, a
  weekday, a century (``ХХІ ғасыр``), an age (``13 жастағы``).
* spans follow the KazNERD guidelines: modifiers and the postpositions of its table V
  (``бойы``, ``бұрын``, ``бері``, ``дейін``, ``ішінде``, ``сайын``…) are inside the
  span; ``бастап`` and ``қарай`` are outside it but still read.

The value of a ``date`` mention (see ``docs/dates.md``)::

    start, end   ISO dates, inclusive, or None when the expression has no interval
                 (a duration, an age, a recurring period, or a relative expression
                 in a document whose publication date is unknown)
    grain        day | week | month | quarter | year | years | decade | century | millennium
    relative     the relative reading (this_year, last_year, next_year, today, …,
                 year_to_date, last_n_years, ago, every_year…) or None when absolute
    deadline     True when the date is a limit to reach (``2026 жылға қарай``,
                 ``2025 жылға дейін``, ``жыл соңына дейін``), else absent
    anchor       how the interval is used: ``by`` (қарай), ``until`` (дейін, шейін),
                 ``from`` (бастап), ``after`` (кейін, соң), ``since`` (бері); absent otherwise
    duration     ``{"amount", "unit"}`` for counts of time (``3 жыл бойы``)
    age          years of age (``13 жастағы``)

Relative words (``биыл``, ``былтыр``, ``келесі жылы``, ``9 айда``) resolve against
``analysis.published`` and stay null without it. A day or month named without its
year (``осы жылдың 1 шілдесінде``, a bare ``1 шілдесінде``) takes the publication
year, or, when it is unknown, the last explicit year read earlier in the same
document (``"context": true`` marks such values). A bare limit (``1 наурызға дейін``)
that would have ended more than ``STALE_DEADLINE_DAYS`` before publication is the
next year's.

``dateline(text)`` finds a publication date written in the text itself.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import Any

from aimaq.kk import morph, resources
from aimaq.records import Mention
from aimaq.text import Analysis, Token

# ---------------------------------------------------------------- language data


def _rows(name: str):
    return resources.table(name)


MONTHS: dict[str, tuple[int, bool]] = {r[0]: (int(r[1]), r[2] == "1") for r in _rows("months.tsv")}
SEASON_MONTHS: frozenset[str] = frozenset(r[0] for r in _rows("months.tsv") if r[2] == "2")
NUMERALS: dict[str, int] = {r[0]: int(r[1]) for r in _rows("date_numerals.tsv")}
ORDINAL_STEMS: dict[str, int] = {r[2]: int(r[1]) for r in _rows("date_numerals.tsv")}
UNITS: dict[str, tuple[str, int, str]] = {r[0]: (r[1], int(r[2]), r[3]) for r in _rows("date_units.tsv")}
STOPWORDS: frozenset[str] = resources.words("date_stopwords.tsv")
REL_WORDS: dict[str, tuple[str, str, int]] = {}
RECURRING: dict[str, tuple[str, str]] = {}
MODIFIERS: dict[str, tuple[str, str]] = {}
MODIFIER_UNITS: dict[str, str] = {}  # a modifier that picks only one unit (ол күні, бұл күн)
for _r in _rows("relative_dates.tsv"):
    if _r[1] == "word":
        REL_WORDS[_r[0]] = (_r[2], _r[3], int(_r[4]))
    elif _r[1] == "recurring":
        RECURRING[_r[0]] = (_r[2], _r[3])
    else:
        MODIFIERS[_r[0]] = (_r[2], _r[4])
        if _r[3] != "unit":
            MODIFIER_UNITS[_r[0]] = _r[3]
PARTS: dict[str, str] = {}
SEASONS: dict[str, tuple[int, int]] = {}
WEEKDAYS: dict[str, int] = {}
ANCHORS: dict[str, str] = {}
POSTS: dict[str, str] = {}
HOLIDAY_NOUNS: set[str] = set()
QUALIFIERS: dict[str, str] = {}
SEVERAL: set[str] = set()
ORDINAL_WORDS: dict[str, int] = {}
NEW_YEAR: set[str] = set()
MONTHLY_NOUNS: set[str] = set()
SUN_NOUNS: set[str] = set()
SEASON_GENITIVE_AMBIGUOUS: set[str] = set()
SAME_PERIOD: set[str] = set()  # "осы", "сәйкес" before "кезең": the same period of another year
SAME_PERIOD_NOUNS: tuple[str, ...] = ()
CASED_QUALIFIERS: dict[tuple[str, str], str] = {}  # (word, case of the count before it) -> qualifier  # seasons whose genitive is also a verb form (жаздың)
YEAR_INFIXES: dict[str, str] = {}
for _r in _rows("periods.tsv"):
    kind, val = _r[1], _r[2]
    if kind == "part":
        PARTS[_r[0]] = val
    elif kind == "season":
        a, b = val.split("-")
        SEASONS[_r[0]] = (int(a), int(b))
    elif kind == "weekday":
        WEEKDAYS[_r[0]] = int(val)
    elif kind == "anchor":
        ANCHORS[_r[0]] = val
    elif kind == "post":
        POSTS[_r[0]] = val
    elif kind == "holiday":
        HOLIDAY_NOUNS.add(_r[0])
    elif kind == "qualifier":
        QUALIFIERS[_r[0]] = val
    elif kind == "several":
        SEVERAL.add(_r[0])
    elif kind == "ordinal":
        ORDINAL_WORDS[_r[0]] = int(val)
    elif kind == "new_year":
        NEW_YEAR.add(_r[0])
    elif kind == "monthly_noun":
        MONTHLY_NOUNS.add(_r[0])
    elif kind == "sun_noun":
        SUN_NOUNS.add(_r[0])
    elif kind == "cased_qualifier":
        _case, _q = val.split(":")
        CASED_QUALIFIERS[(_r[0], _case)] = _q
    elif kind == "same_period":
        SAME_PERIOD.add(_r[0])
    elif kind == "same_period_noun":
        SAME_PERIOD_NOUNS += (_r[0],)
    elif kind == "season_verb":
        SEASON_GENITIVE_AMBIGUOUS.add(_r[0])
    elif kind == "year_infix":
        YEAR_INFIXES[_r[0]] = val

_CASED_Q_WORDS = frozenset(w for w, _ in CASED_QUALIFIERS)
_SUFFIX_KIND: dict[str, set[str]] = {}
for _r in resources.table("suffixes.tsv"):
    _SUFFIX_KIND.setdefault(_r[0], set()).add(_r[1] if len(_r) > 1 else "")
# morphotactic order of endings: a word's ending must be a chain of suffixes of strictly rising rank
_RANK = {"derivational": 0, "plural": 1, "possessive": 2, "adjectival": 3, "genitive": 4, "dative": 4,
         "accusative": 4, "locative": 4, "ablative": 4, "instrumental": 4, "similative": 4, "equative": 4}
_ACCUSATIVE = "accusative"
_VOICED = {"ғ": "қ", "г": "к", "б": "п"}
# endings that, alone, make a date word something else (жаза, кешен, наурызым): bare vowel datives,
# the bare accusative -н and first/second-person possessives
_BANNED_ENDINGS = frozenset({"а", "е", "н", "м", "ым", "ім", "ң", "ың", "ің", "мыз", "міз", "ымыз", "іміз",
                             "ңыз", "ңіз", "ыңыз", "іңіз"})
ORDINAL_ENDINGS = ("сыншы", "сінші", "ыншы", "інші", "ншы", "нші")
_ORDINAL_TAILS = tuple({e[-3:] for e in ORDINAL_ENDINGS})
DEADLINE_ANCHORS = {"by", "until"}
PAST_RELATIVE = {"today", "yesterday", "day_before_yesterday", "ago", "last_year", "last_month", "last_week"}
CONJ = {"мен", "бен", "пен", "және"}
_GENITIVE = morph.endings("genitive")
_ATTRIB = ("ғы", "гі", "қы", "кі")
_ABLATIVE = morph.endings("ablative")
_DATIVE = ("ға", "ге", "қа", "ке", "на", "не", "а", "е")


def _case_of(f: "Feat") -> str:
    """The case a count is in, for a qualifier after it (dative "отызға", ablative "30-дан")."""
    w = f.suffix if f.num is not None else f.lower
    if w.endswith(_DATIVE[:6]):
        return "dative"
    if w.endswith(_ABLATIVE):
        return "ablative"
    return ""
_ADJ_ENDINGS = ("ғы", "гі", "қы", "кі", "лық", "лік", "дық", "дік", "тық", "тік", "лы", "лі", "ды", "ді", "ты", "ті")
_PARTICLES = ("-ақ", "-ек", "-ау")

# a numeric token's attached ending that makes it an ordinal
_ORD_SUFFIX = re.compile(r"^(?:ыншы|інші|ншы|нші|сыншы|сінші|шы|ші)")
_YEAR_ABBR = {"ж", "жж"}
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_ROMAN = re.compile(r"^[ivxlхі]+(?:-[ivxlхі]+)?$")
_ROMAN_VAL = {"i": 1, "і": 1, "v": 5, "x": 10, "х": 10, "l": 50}
_ROMAN_LETTERS = frozenset(_ROMAN_VAL)
_DASHES = {"-", "–", "—"}


@lru_cache(maxsize=4096)
def _ending_ok(ending: str, min_rank: int = -1, allow_acc: bool = True) -> bool:
    """True when ``ending`` is a chain of known suffixes in morphotactic order."""
    if not ending:
        return True
    for k in range(len(ending), 0, -1):
        head = ending[:k]
        kinds = _SUFFIX_KIND.get(head, set())
        if head[-1] in _VOICED and k < len(ending):  # "жыл-дығ-ы": a final қ/к voiced before a vowel
            kinds = kinds | _SUFFIX_KIND.get(head[:-1] + _VOICED[head[-1]], set())
        for kind in kinds:
            rank = _RANK.get(kind)
            if rank is None or rank <= min_rank:
                continue
            if kind == _ACCUSATIVE and not allow_acc:
                continue
            if _ending_ok(ending[k:], rank, allow_acc):
                return True
    return False


@lru_cache(maxsize=50_000)
def _lookup(word: str, lexname: str, allow_acc: bool = True) -> tuple[str, str] | None:
    """``(stem, ending)`` when ``word`` is a form of an entry of lexicon ``lexname``."""
    lex = _LEXICONS[lexname]
    if not _HEADS[lexname].match(word):
        return None  # every candidate stem but its last letter begins the word: no entry can match
    for stem in morph.stems(word):
        if stem in lex:
            ending = word[len(stem):]  # a voiced final consonant (тарап → тарабы) keeps the length
            if ending in _BANNED_ENDINGS:
                continue
            if _ending_ok(ending, -1, allow_acc):
                return stem, ending
    return None


_LEXICONS: dict[str, Any] = {
    "month": MONTHS, "unit": UNITS, "rel": REL_WORDS, "part": PARTS, "season": SEASONS,
    "weekday": WEEKDAYS, "numeral": NUMERALS,
}
# morph.stems returns prefixes of a word, the last letter maybe devoiced (тарабы -> тарап): a form of an
# entry begins with the entry, or, for one ending in к, қ or п, with it ending in г, ғ or б instead
_VOICED_OF = {"к": "г", "қ": "ғ", "п": "б"}


def _head(entry: str) -> str:
    last = entry[-1]
    if last in _VOICED_OF:
        return re.escape(entry[:-1]) + "[" + last + _VOICED_OF[last] + "]"
    return re.escape(entry)


def _heads(entries) -> re.Pattern:
    """A pattern that matches at the start of every form of ``entries`` (checked before the suffix analysis)."""
    return re.compile("|".join(sorted({_head(e) for e in entries}, key=len, reverse=True)))


_HEADS: dict[str, re.Pattern] = {name: _heads(lex) for name, lex in _LEXICONS.items()}
_HEAD = {name: rx.match for name, rx in _HEADS.items()}
# a word no date-anchor entry begins (a unit, month, relative word, season, weekday, half) is no anchor
# unless hyphenated, a recurring word or ``ж`` (see _is_anchor): no features are computed for it
_WORD_HEAD = _heads([e for name in ("month", "unit", "rel", "part", "season", "weekday") for e in _LEXICONS[name]]).match
_ANCHOR_HEAD = _heads([e for name in ("month", "unit", "rel", "season", "weekday") for e in _LEXICONS[name]]
                      + [e for e, v in PARTS.items() if v == "half"]).match


# ---------------------------------------------------------------- token features


@dataclass(slots=True, eq=False)  # compared by identity: one shared record per form
class Feat:
    """What the grammar knows of a token form: its kind, norm (``lower``), split ending, and readings."""

    kind: str                       # the token's kind, norm, stem and suffix
    lower: str = ""
    stem: str = ""
    suffix: str = ""
    starts: bool = False            # a date may start here (_could_start)
    num: int | None = None          # digits value
    ordinal: bool = False           # 2020-сыншы, жиырмасыншы
    cased: bool = False             # a number with a case/possessive ending (15-і, бірі, онына)
    numword: int | None = None      # value of a numeral word (one word)
    numword_ord: bool = False
    month: int | None = None
    month_ctx: bool = False         # month name needs context
    month_season: bool = False      # маусым: also a sports/heating season
    month_ending: str = ""
    month_in_suffix: int | None = None  # 15-қазанда
    unit_in_suffix: str | None = None   # 1-тоқсанда, 2-жартыжылдықта
    unit: str | None = None
    unit_ending: str = ""
    rel: str | None = None
    rel_ending: str = ""
    mod: str | None = None
    part: str | None = None
    part_ending: str = ""
    season: str | None = None
    season_ending: str = ""
    weekday: int | None = None
    recurring: str | None = None
    lead: int = 0                   # +1: the next word may start an age (жасы); -1: the word before may start a count (жуық)
    anchor: bool = False            # a word every date holds one of (_is_anchor)
    numish: bool = False            # _read_number may read a number here (_is_numish)
    cores: tuple = ()               # the cores of _Parser that may match here, in their order (_cores_of)


def _numeral_word(w: str) -> tuple[int, bool, bool] | None:
    """(value, ordinal, cased) of a numeral word."""
    if w in NUMERALS:
        return NUMERALS[w], False, False
    if w in ORDINAL_WORDS:
        return ORDINAL_WORDS[w], True, False
    if w.endswith(_ORDINAL_TAILS):  # every ordinal ending ends so (a cheap test before the loop)
        for end in ORDINAL_ENDINGS:
            if w.endswith(end):
                root = w[: -len(end)]
                if root in ORDINAL_STEMS:
                    return ORDINAL_STEMS[root], True, False
    # a cardinal with a possessive ending names a day of a month (қаңтардың бірі, наурыздың жиырма бесі)
    hit = _lookup(w, "numeral") if _HEAD["numeral"](w) else None
    if hit and hit[1] and hit[1][0] in "ыісн" and NUMERALS[hit[0]] < 1000:
        return NUMERALS[hit[0]], False, True
    return None


@lru_cache(maxsize=50_000)
def _word_feats(w: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "-" in w:  # every particle is written after a hyphen
        for p in _PARTICLES:
            if w.endswith(p) and len(w) > len(p) + 1:
                w = w[: -len(p)]
                break
    if w in STOPWORDS:
        return out
    if w in MODIFIERS:
        out["mod"] = w
    if w in RECURRING:
        out["recurring"] = w
    nw = _numeral_word(w)
    if nw:
        out["numword"], out["numword_ord"], out["cased"] = nw
    if _WORD_HEAD(w) is None:
        return out  # no entry of the lexicons below begins the word (most words): one test for six
    # each look-up only when the lexicon's head test passes (saves a cache entry per word and lexicon)
    head = _HEAD
    m = _lookup(w, "month") if head["month"](w) else None
    if m and not m[1].startswith(("дық", "дік", "тық", "тік", "лық", "лік")):
        out["month"], out["month_ctx"] = MONTHS[m[0]]
        out["month_season"] = m[0] in SEASON_MONTHS
        out["month_ending"] = m[1]
    u = _lookup(w, "unit") if head["unit"](w) else None
    if u:
        out["unit"], out["unit_ending"] = u
    r = _lookup(w, "rel") if head["rel"](w) else None
    if r:
        out["rel"], out["rel_ending"] = r
    p = _lookup(w, "part") if head["part"](w) else None
    if p and p[1][:1] in ("ы", "і", "с"):
        out["part"], out["part_ending"] = PARTS[p[0]], p[1]
    s = _lookup(w, "season", False) if head["season"](w) else None
    if s:
        out["season"], out["season_ending"] = s
    d = _lookup(w, "weekday", False) if head["weekday"](w) else None
    if d:
        out["weekday"] = WEEKDAYS[d[0]]
    return out




def _form_features(kind: str, norm: str, stem: str, suffix: str) -> Feat:
    """The features of a token form (remembered by norm in ``_FEATS``, see there). One ``Feat`` is
    shared by every token of the form, so nobody may change it; offsets come from the tokens themselves."""
    if kind == "word" and _plain_word(norm):
        return Feat(kind, norm, stem, suffix)  # most words: every reading empty, every flag false
    return _full_features(kind, norm, stem, suffix)


# A word form for which _full_features finds nothing (each reading empty, each flag false) fails all
# of these: a hyphen (particles, ranges), a word some table or test of the grammar names, an ordinal
# ending, the head of an entry of a lexicon read by the suffix analysis, letters of a roman numeral.
_NAMED_WORDS = frozenset().union(STOPWORDS, MODIFIERS, RECURRING, NUMERALS, ORDINAL_WORDS, QUALIFIERS, SEVERAL,
                                 NEW_YEAR, _CASED_Q_WORDS, _YEAR_ABBR, ("кем", "жарты", "ширек"))
_ANY_HEAD = _heads([e for name in ("numeral", "month", "unit", "rel", "part", "season", "weekday")
                    for e in _LEXICONS[name]]).match


def _plain_word(w: str) -> bool:
    """Whether a word form has no reading (``_full_features`` gives a bare Feat), by cheap tests
    (tests/test_recognizer_caches.py compares both on the corpora's words)."""
    return ("-" not in w and w not in _NAMED_WORDS and not w.endswith(_ORDINAL_TAILS) and _ANY_HEAD(w) is None
            and not _ROMAN_LETTERS.issuperset(w))


def _full_features(kind: str, norm: str, stem: str, suffix: str) -> Feat:
    """``_form_features`` computed in full."""
    f = Feat(kind, norm, stem, suffix)
    if kind == "number":
        stem = stem or norm
        if stem.isdigit():
            f.num = int(stem)
            suf = suffix
            if suf and suf not in ("ақ", "ек"):
                if _ORD_SUFFIX.match(suf):
                    f.ordinal = True
                else:
                    m = _lookup(suf, "month")
                    u = _lookup(suf, "unit")
                    if m:
                        f.month_in_suffix = MONTHS[m[0]][0]
                    elif u and UNITS[u[0]][0] in ("quarter", "halfyear"):
                        f.unit_in_suffix = u[0]
                    elif u and u[0] == "жыл":  # "2019-жылы", "90-жылдары"
                        f.unit_in_suffix, f.unit_ending = u
                    else:
                        f.cased = True
    elif kind == "word":
        for k, v in _word_feats(norm).items():
            setattr(f, k, v)
    f.starts = _could_start(f)
    f.lead = 1 if f.unit == "жас" else (-1 if norm in _CASED_Q_WORDS else 0)
    f.anchor = _is_anchor(f)
    f.numish = _is_numish(f)
    f.cores = _cores_of(f)
    return f


def _is_numish(f: Feat) -> bool:
    """Whether ``_read_number`` can read anything at a token of this form: each of its paths needs digits,
    a numeral word (or a form of one: "отызға жуық"), a hyphenated word, a roman numeral, ``бірнеше``,
    ``жарты`` or ``ширек``."""
    if f.num is not None:
        return True
    if f.kind != "word":
        return False
    w = f.lower
    return (f.numword is not None or "-" in w or w in SEVERAL or w in ("жарты", "ширек")
            or (_ROMAN_LETTERS.issuperset(w) and _roman(w) is not None)
            or (_HEAD["numeral"](w) is not None and _lookup(w, "numeral") is not None))


def _cores_of(f: Feat) -> tuple:
    """The cores of ``_Parser`` worth trying at a token of this form (each other one returns None at its
    first test), in the order ``_Parser.parse`` tries them; ``core_age`` depends on the word before and is
    decided there."""
    word = f.kind == "word"
    out = []
    if f.kind == "number":
        out.append(_Parser.core_numeric)
    if f.numish:
        out += (_Parser.core_year, _Parser.core_daymonth, _Parser.core_count)
    if word and f.unit is not None:
        out.append(_Parser.core_unit)
    if word and (f.recurring or "-" in f.lower or f.rel is not None):
        out.append(_Parser.core_rel)
    if word and f.month:
        out.append(_Parser.core_month)
    if word and (f.season or f.weekday or "-" in f.lower or _century_values(f.lower)):
        out.append(_Parser.core_misc)
    return tuple(out)


def _century_values(w: str) -> list | None:
    """The centuries a word may name before "ғасыр" (ХХІ, X-XII, жетінші-сегізінші), as core_misc reads them."""
    parts = w.split("-")
    if _ROMAN_LETTERS.issuperset(w.replace("-", "")):  # (a part with another letter is no roman numeral)
        vals = [_roman(p) for p in parts]
        if all(vals):
            return vals if len(vals) <= 2 else None
    for p in parts:
        if p not in ORDINAL_WORDS and not p.endswith(_ORDINAL_TAILS):
            return None  # no ordinal word (_numeral_word reads an ordinal only so)
    vals = [(_numeral_word(p) or (None, False, False)) for p in parts]
    vals = [v[0] if v[1] else None for v in vals]
    return vals if all(vals) and len(vals) <= 2 else None


def _is_anchor(f: Feat) -> bool:
    """Whether the form is one a date needs: every core of the grammar reads one of these at or after
    its first token (a unit, a month, a relative word, a season, a weekday, ``жарты`` as a half,
    ``ж``, a number with a month or unit in its ending, a possible year, a numeric date, a range of
    months or of relative words), or, for an age, right before it (``жасы 57-де``). So a sentence
    without one holds no date, and no date starts after the last one but one (read by ``recognize``
    to skip the grammar)."""
    if (f.unit or f.month or f.rel or f.recurring or f.season or f.weekday or f.part == "half"
            or f.month_in_suffix or f.unit_in_suffix or f.lower in _YEAR_ABBR):
        return True
    if f.kind == "number":
        if f.num is not None:
            return 1000 <= f.num <= 2200  # a year (2017-де), or the first of an ISO date
        return _DMY.match(f.stem or f.lower) is not None
    if f.kind == "word" and "-" in f.lower:  # бүгін-ертең, қаңтар-маусым
        a, _, b = f.lower.partition("-")
        if a in REL_WORDS and b in REL_WORDS:
            return True
        return bool(_word_feats(a).get("month") and _word_feats(b).get("month"))
    return False


# token norm -> its Feat, for the norms that decide their token's kind: a norm starting with a decimal
# digit is a number's (whose stem and ending the tokenizer splits at the hyphen, so the norm decides them
# too), one starting with a letter a word's (a word's stem and ending are not read by the grammar), a
# single other character a punctuation mark's or a symbol's, by the character. Only a norm made of
# hyphens and apostrophes alone ("-") could also be a word's (soft hyphens folded away): those are looked
# up by their whole form each time.
_FEATS: dict[str, Feat] = {}
_FEATS_SIZE = 200_000


def _features(tokens: list[Token], norms: list[str] | None = None) -> list[Feat]:
    """The Feat of each token (``norms``: the tokens' norms, when the caller has them)."""
    if norms is None:
        norms = list(map(_norm_of, tokens))
    fs = list(map(_FEATS.get, norms))
    if None in fs:  # (Feat compares by identity: a C-level scan)
        if len(_FEATS) >= _FEATS_SIZE:
            _FEATS.clear()
        for k, f in enumerate(fs):
            if f is None:
                t = tokens[k]
                if t.norm.strip("-'"):
                    fs[k] = _FEATS[t.norm] = _form_features(t.kind, t.norm, t.stem, t.suffix)
                else:
                    fs[k] = _odd_features(t.kind, t.norm, t.stem, t.suffix)
    return fs


_odd_features = lru_cache(maxsize=1024)(_form_features)  # the forms whose norm does not decide their kind


# ---------------------------------------------------------------- values


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    m0 = d.year * 12 + d.month - 1 + n
    y, m = divmod(m0, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _val(start: date | None, end: date | None, grain: str, relative: str | None = None, **extra) -> dict:
    v = {"start": _iso(start), "end": _iso(end), "grain": grain, "relative": relative}
    v.update(extra)
    return v


def _year_val(y: int) -> dict:
    if not 1 <= y <= 9999:
        return _val(None, None, "year")
    return _val(date(y, 1, 1), date(y, 12, 31), "year")


# ---------------------------------------------------------------- grammar


@dataclass(slots=True)
class Match:
    i: int              # first token index
    j: int              # one past the last token
    value: dict
    year: int | None = None  # explicit year read (for the document's context year)
    rolled: bool = False  # a limit named without its year, moved to the next year (_roll_forward)


@dataclass(slots=True)
class Num:
    j: int                      # one past the number
    val: float | None           # None for "бірнеше", "біраз"
    ordinal: bool = False
    hi: float | None = None     # a range's upper end
    approx: bool = False        # "он шақты"
    qual: str | None = None     # "отызға жуық", "30-дан астам"


class _Doc:
    """Per-document state: the publication date and the last explicit year."""

    def __init__(self, published: str | None):
        self.pub: date | None = None
        if published:
            try:
                self.pub = date.fromisoformat(published[:10])
            except ValueError:
                self.pub = None
        self.context_year: int | None = None

    def pub_year(self) -> tuple[int | None, bool]:
        """The publication year only (for periods of the current year: quarters, "9 айда")."""
        return (self.pub.year if self.pub else None), False

    def ref_year(self) -> tuple[int | None, bool]:
        """Year for anaphoric dates: publication year, else the context year (flagged)."""
        if self.pub:
            return self.pub.year, False
        return self.context_year, self.context_year is not None


def _is_dash(f: Feat) -> bool:
    return f.kind == "punct" and f.lower in _DASHES


def _is_int(v: float | None) -> bool:
    return v is not None and float(v).is_integer()


def _word_number(fs: list[Feat], i: int, allow_case: bool) -> tuple[int, int, bool, bool] | None:
    """Numeral words from ``i``: (next index, value, ordinal, cased)."""
    n = len(fs)
    total, cur, j, ordn, cased = 0, 0, i, False, False
    while j < n and fs[j].numword is not None and not ordn and not cased:
        f = fs[j]
        if f.cased and not allow_case:
            break
        v = f.numword
        if v == 1000:
            total += max(cur, 1) * 1000
            cur = 0
        elif v == 100:
            cur = max(cur, 1) * 100
        else:
            last = cur % 100
            if last and (v >= 10 or last % 10):
                break  # "бес алты", "он жиырма": two numbers, not one
            cur += v
        ordn, cased = f.numword_ord, f.cased
        j += 1
    if j == i:
        return None
    return j, total + cur, ordn, cased


def _read_number(fs: list[Feat], i: int, allow_case: bool = False, ranges: bool = True) -> Num | None:
    """A number at ``i``: digits, numeral words, ``бірнеше``, ``жарты``, ranges (``2 – 3``, ``екі-үш``, ``18 бен 30``)."""
    n = len(fs)
    if i >= n or not fs[i].numish:
        return None
    f = fs[i]
    if (not allow_case and i + 2 < n and fs[i + 1].lower in _CASED_Q_WORDS and fs[i + 2].unit is not None
            and CASED_QUALIFIERS.get((fs[i + 1].lower, _case_of(f))) is not None):
        # "отызға жуық жыл", "30-дан астам жыл": a cased count and a qualifier before the unit
        r = _read_number(fs, i, allow_case=True, ranges=False)
        if r is None and f.kind == "word":
            hit = _lookup(f.lower, "numeral") if _HEAD["numeral"](f.lower) else None
            r = Num(i + 1, NUMERALS[hit[0]]) if hit else None
        if r and r.j == i + 1:
            r.j, r.qual = i + 2, CASED_QUALIFIERS[(fs[i + 1].lower, _case_of(f))]
            return r
        return None
    if f.num is not None:
        if f.month_in_suffix or f.unit_in_suffix or (f.cased and not allow_case):
            return None
        r = Num(i + 1, f.num, f.ordinal)
        j = i + 1
        # decimals written "1 , 5" or "1,5" (KazNERD spaces punctuation)
        if (j + 1 < n and fs[j].lower in {",", "."} and fs[j + 1].num is not None and not r.ordinal
                and len(fs[j + 1].stem or fs[j + 1].lower) == 1 and not fs[j + 1].suffix):
            r.val = float(f"{f.num}.{fs[j + 1].num}")
            j += 2
    elif f.kind == "word":
        w = f.lower
        if "-" in w:
            parts = [p for p in w.split("-") if p]
            if len(parts) == 2 and parts[0] in NUMERALS and parts[1] in NUMERALS:
                return Num(i + 1, NUMERALS[parts[0]], False, NUMERALS[parts[1]])
            if len(parts) == 2 and all(_numeral_word(p) and _numeral_word(p)[1] for p in parts):
                return Num(i + 1, _numeral_word(parts[0])[0], True, _numeral_word(parts[1])[0])
        if w in SEVERAL:
            return Num(i + 1, None)
        if i + 1 < n and fs[i + 1].unit in ("тоқсан", "жартыжылдық") and _roman(w):
            return Num(i + 1, _roman(w), True)  # "І тоқсанда", "ІІ жартыжылдықта"
        if w == "жарты":
            return Num(i + 1, 0.5)
        if w == "ширек" and i + 1 < n and fs[i + 1].unit == "ғасыр":
            return Num(i + 1, 0.25)  # "ширек ғасыр": a quarter century
        wn = _word_number(fs, i, allow_case)
        if wn is None:
            return None
        j, v, ordn, cased = wn
        r = Num(j, v, ordn)
    else:
        return None
    j = r.j if f.num is None else j
    # "төрт жарым", "он шақты"
    if j < n and fs[j].lower == "жарым" and _is_int(r.val):
        r.val = r.val + 0.5
        j += 1
    elif j < n and fs[j].lower == "шақты":
        r.approx = True
        j += 1
    # ranges: "2 – 3", "он бес пен жиырма тоғыз", "1 және 6"
    if ranges and j + 1 < n and fs[j].lower == "/" and f.num is not None and 1900 <= f.num < 2100 \
            and fs[j + 1].num == f.num + 1 and not fs[j + 1].cased:
        r.hi = fs[j + 1].num  # "2023/2024 оқу жылы": a school or a fiscal year over two calendar years
        j += 2
    elif ranges and j + 1 < n and (_is_dash(fs[j]) or fs[j].lower in CONJ or fs[j].lower == ","):
        if fs[j].lower == "," and r.val is not None and not r.ordinal:
            pass
        else:
            nxt = _read_number(fs, j + 1, allow_case, ranges=False)
            if nxt and nxt.val is not None and r.val is not None and nxt.hi is None:
                if _is_dash(fs[j]) or nxt.val > r.val:
                    r.hi = nxt.val
                    r.ordinal = r.ordinal or nxt.ordinal
                    j = nxt.j
    r.j = j
    return r


def _roman(w: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(w):
        v = _ROMAN_VAL.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if 0 < total <= 30 else None


def _decade(y: int, century: int | None = None) -> dict:
    base = (century - 1) * 100 if century else 1900
    return _val(date(base + y, 1, 1), date(base + y + 9, 12, 31), "decade")


class _Parser:
    def __init__(self, fs: list[Feat], doc: _Doc, toks: list[Token]):
        self.fs = fs  # features are shared by all tokens of a form: offsets come from ``toks``
        self.toks = toks
        self.n = len(fs)
        self.doc = doc
        self.year_at: dict[int, int] = {}  # token index -> the year written just before it ("2024 жылы желтоқсанда")
        self.numbers: dict[int, Num | None] = {}  # token index -> _read_number(fs, index), asked by several cores

    def number_at(self, j: int) -> Num | None:
        """``_read_number(self.fs, j)``, read once per index (the cores share the result and never change it)."""
        try:
            return self.numbers[j]
        except KeyError:
            r = self.numbers[j] = _read_number(self.fs, j)
            return r

    def year_for(self, j: int) -> tuple[int | None, bool]:
        """The year of a part of a year at ``j``: one written just before it ("2025 жылы 1-тоқсанда"), else the publication's."""
        if j in self.year_at:
            return self.year_at[j], False
        return self.doc.pub_year()

    def this_year(self, j: int) -> str | None:
        return None if j in self.year_at else "this_year"

    def adjoin(self, a: int, b: int) -> bool:
        """Token ``b`` starts where token ``a`` ends (no space between)."""
        return self.toks[b].start == self.toks[a].end

    def word(self, j: int) -> str:
        return self.fs[j].lower if 0 <= j < self.n else ""

    # -- continuations of a period in the genitive: month / day+month / N айы / quarter / half / part
    def after_year(self, j: int, y: int | None, base: dict) -> tuple[int, dict]:
        fs, n = self.fs, self.n
        if j >= n:
            return j, base
        f = fs[j]
        if f.num is not None and f.month_in_suffix and 1 <= f.num <= 31:
            d = _safe_date(y, f.month_in_suffix, f.num) if y else None
            return j + 1, _val(d, d, "day")
        if f.num is not None and f.unit_in_suffix:
            v = self.ordinal_period(f.num, f.unit_in_suffix, y)
            if v:
                return j + 1, v
        if f.kind == "word" and "-" in f.lower:
            a, _, b = f.lower.partition("-")
            fa, fb = _word_feats(a), _word_feats(b)
            if fa.get("month") and fb.get("month") and fa["month"] <= fb["month"]:
                k = self.skip_ai(j + 1, True)
                if y:
                    return k, _val(date(y, fa["month"], 1), _month_end(y, fb["month"]), "month")
                return k, _val(None, None, "month")
        if f.lower in ORDINAL_WORDS and j + 2 < n and fs[j + 1].num is not None and fs[j + 2].unit == "ай":
            j += 1  # "2025 жылдың алғашқы 10 айында": the first ten months
        r = self.number_at(j)
        if (r and r.hi is not None and _is_int(r.val) and _is_int(r.hi) and r.j < n and fs[r.j].month
                and fs[r.j].kind == "word" and 1 <= r.val < r.hi <= 31):
            d, d2 = (_safe_date(y, fs[r.j].month, int(r.val)), _safe_date(y, fs[r.j].month, int(r.hi))) if y else (None, None)
            return r.j + 1, _val(d, d2, "day")  # "2025 жылғы 1-15 желтоқсан аралығында"
        if r and r.hi is None and _is_int(r.val):
            k, v = r.j, int(r.val)
            if k < n and fs[k].month and fs[k].kind == "word" and 1 <= v <= 31:
                d = _safe_date(y, fs[k].month, v) if y else None
                return k + 1, _val(d, d, "day")
            if k < n and fs[k].unit == "ай" and 1 <= v <= 12 and not r.ordinal:
                if y:
                    return k + 1, _val(date(y, 1, 1), _month_end(y, v), "month", None, months=v)
                return k + 1, _val(None, None, "month", None, months=v)
            if k < n and fs[k].unit == "тоқсан" and 1 <= v <= 4 and r.ordinal:
                if y:
                    return k + 1, _val(date(y, 3 * v - 2, 1), _month_end(y, 3 * v), "quarter")
                return k + 1, _val(None, None, "quarter")
            if k < n and (fs[k].unit == "жартыжылдық" or fs[k].part == "half") and v in (1, 2) and r.ordinal:
                if y:
                    return k + 1, _val(date(y, 6 * v - 5, 1), _month_end(y, 6 * v), "month")
                return k + 1, _val(None, None, "month")
        if f.month and f.kind == "word":
            m = f.month
            k = self.skip_ai(j + 1, True)
            if k + 1 < n and _is_dash(fs[k]) and fs[k + 1].month:  # "қаңтар – мамыр айларында"
                m2 = fs[k + 1].month
                k = self.skip_ai(k + 2)
                if y and m2 >= m:
                    return k, _val(date(y, m, 1), _month_end(y, m2), "month")
                return k, _val(None, None, "month")
            if k < n and fs[k].num is not None and fs[k].cased and 1 <= fs[k].num <= 31:
                d = _safe_date(y, m, fs[k].num) if y else None
                return k + 1, _val(d, d, "day")
            if k < n and fs[k].part and f.month_ending.endswith(_GENITIVE):
                return k + 1, self.part_val(y, fs[k].part, "month", m)
            if y:
                return k, _val(date(y, m, 1), _month_end(y, m), "month")
            return k, _val(None, None, "month")
        if f.part in ("begin", "end", "middle"):
            pub = self.doc.pub
            if f.part == "begin" and f.part_ending.endswith(_ABLATIVE) and y and pub and pub.year == y:
                return j + 1, _val(date(y, 1, 1), pub, "day")  # "биылғы жылдың басынан бері": up to publication
            return j + 1, self.part_val(y, f.part, "year")
        if f.season:
            a, b = SEASONS[f.season]
            return j + 1, self.season_val(y, a, b)
        return j, base

    def decade_at(self, k: int) -> tuple[int, int] | None:
        """(end, decade) for "50-інші жылдары", "алпысыншы жылдары", "90-жылдары" at ``k``."""
        fs, n = self.fs, self.n
        if k >= n:
            return None
        if fs[k].num is not None and fs[k].unit_in_suffix == "жыл":
            v, end, ending = fs[k].num, k + 1, fs[k].unit_ending
        else:
            r = _read_number(fs, k, ranges=False)
            if not r or not r.ordinal or not _is_int(r.val) or r.j >= n or fs[r.j].unit != "жыл":
                return None
            v, end, ending = int(r.val), r.j + 1, fs[r.j].unit_ending
        if 10 <= v <= 90 and v % 10 == 0 and ending.startswith(("дар", "дер", "тар", "лар")):
            return end, v
        return None

    @staticmethod
    def ordinal_period(v: int, unit: str, y: int | None) -> dict | None:
        """The v-th quarter or half of year y."""
        if unit == "тоқсан" and 1 <= v <= 4:
            lo, hi, grain = 3 * v - 2, 3 * v, "quarter"
        elif unit == "жартыжылдық" and v in (1, 2):
            lo, hi, grain = 6 * v - 5, 6 * v, "month"
        else:
            return None
        if y:
            return _val(date(y, lo, 1), _month_end(y, hi), grain)
        return _val(None, None, grain)

    def skip_ai(self, k: int, always: bool = False) -> int:
        """After a month name, step over "айы" only before a postposition (KazNERD: "[қаңтар] айында",
        "[қараша айына дейін]"), or over "айының" before a part ("[сәуір айының ортасында]")."""
        fs, n = self.fs, self.n
        if k < n and fs[k].unit == "ай" and not fs[k].unit_ending.startswith("лық"):
            if always:
                return k + 1
            after = self.word(k + 1)
            if after in POSTS or (after in ANCHORS and ANCHORS[after] in ("until", "since", "after")):
                return k + 1
            if fs[k].unit_ending.endswith(_GENITIVE) and k + 1 < n and fs[k + 1].part:
                return k + 1
        return k

    def part_val(self, y: int | None, part: str, of: str, month: int | None = None) -> dict:
        if not y:
            return _val(None, None, "month" if of == "year" else "day")
        if of == "year":
            if part == "begin":
                return _val(date(y, 1, 1), date(y, 1, 31), "month")
            if part == "end":
                return _val(date(y, 12, 1), date(y, 12, 31), "month")
            if part == "half":
                return _val(date(y, 1, 1), date(y, 6, 30), "month")
            return _val(date(y, 6, 1), date(y, 7, 31), "month")
        m = month or 1
        last = calendar.monthrange(y, m)[1]
        if part == "begin":
            return _val(date(y, m, 1), date(y, m, 10), "day")
        if part == "end":
            return _val(date(y, m, 21), date(y, m, last), "day")
        return _val(date(y, m, 11), date(y, m, 20), "day")

    def season_val(self, y: int | None, a: int, b: int) -> dict:
        if not y:
            return _val(None, None, "month", "season")
        if a > b:  # winter: December of y to February of y+1
            return _val(date(y, a, 1), _month_end(y + 1, b), "month")
        return _val(date(y, a, 1), _month_end(y, b), "month")

    # -- the cores
    def parse(self, i: int) -> Match | None:
        fs, n = self.fs, self.n
        f = fs[i]
        if not f.mod and f.lower != "кем" and f.lower not in QUALIFIERS:
            # the common case: the core starts at i itself (what the loop below does for one start)
            cores = f.cores
            if i and fs[i - 1].lead > 0:
                cores = (_Parser.core_age,) + cores
            best = None
            for core in cores:
                cand = core(self, i, None)
                if cand and (best is None or cand.j > best.j or (cand.j == best.j and i > best.i)):
                    best = cand
            return best
        starts = [(i, None, None)]
        j = i
        qual = None
        # qualifiers and modifiers before the core: "кем дегенде", "тура", "дәл осы", "өткен", "соңғы"
        if f.lower == "кем" and self.word(i + 1) == "дегенде":
            j, qual = i + 2, "at_least"
        elif f.lower in QUALIFIERS:
            j, qual = i + 1, QUALIFIERS[f.lower]
        if j > i and j < n:
            starts.append((j, None, qual))
        if j < n and fs[j].mod and (fs[j].mod not in MODIFIER_UNITS
                                    or (j + 1 < n and fs[j + 1].unit == MODIFIER_UNITS[fs[j].mod]
                                        and not (j + 2 < n and fs[j + 2].rel))):  # "Бұл күні бүгінге дейін": "this", then "to this day"
            starts.append((j + 1, fs[j].mod, qual))
        best: Match | None = None
        for s, mod, q in starts:
            if s >= n:
                continue
            cores = fs[s].cores
            if mod is None and s and fs[s - 1].lead > 0:
                cores = (_Parser.core_age,) + cores
            for core in cores:  # the cores that may match, in the order core_age, numeric, year, daymonth,
                cand = core(self, s, mod)  # count, unit, rel, month, misc
                if cand and (best is None or cand.j > best.j or (cand.j == best.j and s > best.i)):
                    if mod is None and q is None and s > i:
                        continue
                    cand.i = i if s > i else cand.i
                    if q:
                        cand.value.setdefault("qualifier", q)
                    best = cand
        return best

    def core_age(self, j: int, mod: str | None) -> Match | None:
        """An age after "жасы": "жасы 57-де", "жасы жиырма тоғызда", "жастары елуге" (KazNERD tags the number)."""
        fs, n = self.fs, self.n
        if mod is not None or j == 0 or fs[j - 1].unit != "жас" or fs[j - 1].unit_ending[:1] not in ("ы", "і", "т", "д", "л"):
            return None
        f = fs[j]
        if f.num is not None and f.cased:
            return Match(j, j + 1, _val(None, None, "year", None, age=f.num))
        k, total = j, 0
        while k < n and f.kind == "word":
            w = fs[k].lower
            if w in NUMERALS:
                total += NUMERALS[w]
                k += 1
                continue
            hit = _lookup(w, "numeral")
            if hit and hit[1]:
                return Match(j, k + 1, _val(None, None, "year", None, age=total + NUMERALS[hit[0]]))
            break
        return None

    def core_numeric(self, j: int, mod: str | None = None) -> Match | None:
        fs, n = self.fs, self.n
        f = fs[j]
        if f.kind != "number":
            return None
        m = _DMY.match(f.stem or f.lower)
        if m:
            d = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if d:
                k = j + 1
                if k < n and fs[k].lower in _YEAR_ABBR:  # "25.12.2024 ж.", as "2019 ж."
                    k += 1
                    if k < n and fs[k].lower == "." and self.adjoin(k - 1, k):
                        k += 1
                return Match(j, k, _val(d, d, "day"), year=d.year)
        # 2025-11-25 (ISO) written as number - number - number
        if (f.num is not None and 1000 <= f.num <= 2200 and j + 4 < n and _is_dash(fs[j + 1])
                and fs[j + 2].num is not None and _is_dash(fs[j + 3]) and fs[j + 4].num is not None
                and self.adjoin(j + 3, j + 4) and self.adjoin(j + 1, j + 2)
                and len(fs[j + 2].lower) == 2):
            d = _safe_date(f.num, fs[j + 2].num, fs[j + 4].num)
            if d:
                return Match(j, j + 5, _val(d, d, "day"), year=d.year)
        return None

    def core_year(self, j: int, mod: str | None) -> Match | None:
        """Year: ``2015 жылы``, ``2017-2021 жылдарға``, ``2010-2014 жж``, ``екі мың жиырмасыншы жылы``."""
        if mod is not None:
            return None
        fs, n = self.fs, self.n
        if (fs[j].num is not None and fs[j].cased and 1900 <= fs[j].num <= 2100
                and fs[j].suffix in ("да", "де", "та", "те")):
            return Match(j, j + 1, _year_val(fs[j].num), year=fs[j].num)  # "2017-де": in 2017
        if (fs[j].num is not None and fs[j].cased and 1900 <= fs[j].num <= 2100 and fs[j].suffix
                and _anchor_fits(fs[j].suffix, ANCHORS.get(self.word(j + 1)))):
            # "2030-ға дейін", "2025-тен бастап", "2060-қа қарай": a year and its anchor (_with_post reads it)
            return Match(j, j + 1, _year_val(fs[j].num), year=fs[j].num)
        if fs[j].num is not None and fs[j].unit_in_suffix == "жыл":
            # "2019-жылы", "90-жылдары": the year word glued to the number
            r = Num(j + 1, fs[j].num, fs[j].num < 100)
            ending = fs[j].unit_ending
            if not (1000 <= r.val <= 2200 or (10 <= r.val <= 99 and r.val % 10 == 0 and ending.startswith("дар"))):
                return None
            k = j + 1
        else:
            r = self.number_at(j)
            if not r or not _is_int(r.val):
                return None
            k = r.j
            ending = None
        y = int(r.val)
        if ending is not None:
            pass
        elif not (1000 <= y <= 2200 or (r.ordinal and 10 <= y <= 99)):
            return None
        elif k + 1 < n and fs[k].lower in YEAR_INFIXES and fs[k + 1].unit == "жыл":
            ending = fs[k + 1].unit_ending  # "2024-2025 оқу жылында"
            k += 2
        elif k < n and fs[k].unit == "жыл":
            ending = fs[k].unit_ending
            if ending.startswith(("дық", "дік")):
                return None
            k += 1
        elif k < n and fs[k].lower in _YEAR_ABBR:
            ending = ""
            k += 1
            if k < n and fs[k].lower == "." and self.adjoin(k - 1, k):
                k += 1
        else:
            return None
        if y >= 1000 and y % 10 == 0 and ending.startswith(("дар", "дер", "лар")) and r.hi is None:
            v = _val(date(y, 1, 1), date(y + 9, 12, 31), "decade")  # "1990 жылдары"
            if ending.endswith(_GENITIVE) and k < n and fs[k].part:
                v["part"] = fs[k].part  # "2010 жылдардың басында", as "90-ыншы жылдардың басында"
                k += 1
            return Match(j, k, v, year=y)
        if y < 100:
            if y % 10 == 0 and ending.startswith(("дар", "дер", "тар", "лар")) and r.hi is None:
                v = _decade(y)  # "тоқсаныншы жылдар", "50-інші жылдары"
                if ending.endswith(_GENITIVE) and k < n and fs[k].part:
                    v["part"] = fs[k].part  # "90-ыншы жылдардың басында"
                    k += 1
                return Match(j, k, v)
            y = 2000 + y if y < 50 else 1900 + y  # "жиырма үшінші жылға дейін"
        if r.hi is not None:
            y2 = int(r.hi)
            if y2 < 100:
                y2 = (y // 100) * 100 + y2
            if not (y <= y2 <= 2200):
                return None
            return Match(j, k, _val(date(y, 1, 1), date(y2, 12, 31), "years"), year=y2)
        base = _year_val(y)
        if ending.endswith(_GENITIVE + _ATTRIB):
            k2, val = self.after_year(k, y, base)
            return Match(j, k2, val, year=y)
        abbr = ending == ""  # "2025 ж. 15 қазанда", "2025 жыл 15 қазан"
        if (ending == "ы" or abbr) and k < n and (fs[k].num is not None or fs[k].numword is not None):
            k2, val = self.after_year(k, y, base)
            if val.get("grain") == "day":
                return Match(j, k2, val, year=y)
        if (ending == "ы" or abbr) and k < n and (fs[k].month or fs[k].unit_in_suffix or fs[k].numword_ord or fs[k].ordinal
                                                  or (k + 1 < n and fs[k + 1].unit == "ай")):
            self.year_at[k] = y  # "2024 жылы [желтоқсанда]": KazNERD keeps two spans; the month is of that year
        return Match(j, k, base, year=y)

    def core_daymonth(self, j: int, mod: str | None = None) -> Match | None:
        """``15 қазан 2025``, ``1 шілдесінде``, ``жиырма тоғызыншы қаңтарында``, ``15-16 мамыр``."""
        fs, n = self.fs, self.n
        f = fs[j]
        hi = None
        if f.num is not None and f.month_in_suffix:
            day, m, k = f.num, f.month_in_suffix, j + 1
        else:
            r = self.number_at(j)
            if not r or not _is_int(r.val):
                return None
            k = r.j
            if k >= n or not fs[k].month or fs[k].kind != "word" or not 1 <= r.val <= 31:
                return None
            day, m, hi = int(r.val), fs[k].month, r.hi
            if fs[k].month_season and fs[k].month_ending[:1] in ("ы", "і", "с"):
                return None  # "4-інші маусымындағы": the fourth season
            k += 1
        if hi is not None and not (_is_int(hi) and day < hi <= 31):
            return None
        y, ctx, explicit = None, False, None
        if k < n and fs[k].num is not None and 1000 <= fs[k].num <= 2200 and not fs[k].suffix:
            explicit = fs[k].num
            k += 1
            if k < n and (fs[k].unit == "жыл" or fs[k].lower in _YEAR_ABBR):
                k += 1
                if k < n and fs[k].lower == "." and self.adjoin(k - 1, k) and fs[k - 1].lower in _YEAR_ABBR:
                    k += 1
        y = explicit
        if y is None:
            y, ctx = self.doc.ref_year()
        extra = {"context": True} if ctx and explicit is None else {}
        d = _safe_date(y, m, day) if y else None
        if hi is not None:
            d2 = _safe_date(y, m, int(hi)) if y else None
            return Match(j, k, _val(d, d2, "day", **extra), year=explicit)
        return Match(j, k, _val(d, d, "day", **extra), year=explicit)

    def core_month(self, j: int, mod: str | None) -> Match | None:
        """A month name: ``қаңтар``, ``қаңтарда``, ``қараша айына дейін``, ``наурыздың 8-і``, ``қаңтардың бірі``."""
        fs, n = self.fs, self.n
        f = fs[j]
        if not f.month or f.kind != "word":
            return None
        if mod is not None and (f.month_season or MODIFIERS[mod][1] not in ("0", "-1", "1")):
            return None
        m = f.month
        k = j + 1
        nxt = self.word(k)
        if nxt and any(nxt.startswith(h) for h in HOLIDAY_NOUNS):
            return None
        y, ctx = (self.year_at[j], False) if j in self.year_at and mod is None else self.doc.ref_year()
        extra = {"context": True} if ctx else {}
        genitive = f.month_ending.endswith(_GENITIVE)
        # "наурыздың 8-і", "қаңтардың бірі", "наурыздың жиырма бесі"
        if genitive:
            r = _read_number(fs, k, allow_case=True)
            if r and _is_int(r.val) and 1 <= r.val <= 31 and (r.j - 1 < n) and (fs[r.j - 1].cased or fs[r.j - 1].ordinal):
                d = _safe_date(y, m, int(r.val)) if y else None
                if r.hi is not None and _is_int(r.hi):
                    d2 = _safe_date(y, m, int(r.hi)) if y else None
                    return Match(j, r.j, _val(d, d2, "day", **extra))
                return Match(j, r.j, _val(d, d, "day", **extra))
            if k < n and fs[k].part:
                v = self.part_val(y, fs[k].part, "month", m)
                v.update(extra)
                return Match(j, k + 1, v)
            if mod is None:
                return None  # a month in the genitive stands before its day or part
        # a month with a possessive ending stands only after a year or a day ("жылдың қаңтарында")
        if f.month_ending[:1] in ("ы", "і", "с") and not genitive:
            return None
        prev = self.word(j - 1)
        if f.month_ctx or (f.month_season and prev.endswith(_ADJ_ENDINGS) and mod is None):
            if not (k < n and fs[k].unit == "ай"):
                return None
        if f.month_season and j > 0 and (fs[j - 1].ordinal or fs[j - 1].numword_ord or fs[j - 1].mod
                                         or fs[j - 1].lower in NEW_YEAR or fs[j - 1].rel):
            return None  # "екінші маусымда", "келер маусымда", "жаңа маусым": a season of sport or heating
        if (not genitive and k + 1 < n and fs[k].unit == "ай" and fs[k].unit_ending.endswith(_GENITIVE)
                and fs[k + 1].num is not None and fs[k + 1].cased and 1 <= fs[k + 1].num <= 31):
            d = _safe_date(y, m, fs[k + 1].num) if y else None  # "қараша айының 1-іне дейін"
            return Match(j, k + 2, _val(d, d, "day", **extra))
        k = self.skip_ai(k)
        if k > j + 1 and k < n and fs[k].part and fs[k - 1].unit_ending.endswith(_GENITIVE):
            v = self.part_val(y, fs[k].part, "month", m)  # "сәуір айының ортасында"
            v.update(extra)
            return Match(j, k + 1, v)
        if mod is not None:
            # "өткен ақпан айында", "биылғы мамыр айынан", "келесі қаңтарда": the nearest such month
            pub = self.doc.pub
            off = int(MODIFIERS[mod][1])
            k = self.skip_ai(k, off != 0)
            code = {-1: "last_", 0: "this_", 1: "next_"}[off] + "month_name"
            if not pub:
                return Match(j, k, _val(None, None, "month", code))
            yy = pub.year
            if off == -1 and m >= pub.month:
                yy -= 1
            elif off == 1 and m <= pub.month:
                yy += 1
            return Match(j, k, _val(date(yy, m, 1), _month_end(yy, m), "month", code))
        # month range "қаңтар - мамыр"
        if k + 1 < n and _is_dash(fs[k]) and fs[k + 1].month:
            m2 = fs[k + 1].month
            k = self.skip_ai(k + 2)
            if y and m2 >= m:
                return Match(j, k, _val(date(y, m, 1), _month_end(y, m2), "month", **extra))
            return Match(j, k, _val(None, None, "month", **extra))
        if y:
            return Match(j, k, _val(date(y, m, 1), _month_end(y, m), "month", **extra))
        return Match(j, k, _val(None, None, "month"))

    def core_count(self, j: int, mod: str | None) -> Match | None:
        """A count of units: ``3 жыл``, ``соңғы бес жылда``, ``10 айдың``, ``2 жыл бұрын``, ``13 жастағы``."""
        fs, n = self.fs, self.n
        if fs[j].num is not None and fs[j].unit_in_suffix:  # "1-тоқсанда", "2-жартыжылдықта"
            if mod is not None and fs[j - 1].lower in ("биылғы", "былтырғы"):
                y = self.doc.pub.year + int(MODIFIERS[mod][1]) if self.doc.pub else None
                ctx = False
            elif mod is not None:
                return None
            else:
                y, ctx = self.year_for(j)
            v = self.ordinal_period(fs[j].num, fs[j].unit_in_suffix, y)
            if v:
                v["relative"] = "last_year" if mod and MODIFIERS[mod][1] == "-1" else self.this_year(j)
                if ctx and v["start"]:
                    v["context"] = True
                return Match(j, j + 1, v)
            return None
        r = self.number_at(j)
        if not r:
            return None
        k = r.j
        if (mod is None and r.ordinal and r.hi is None and k < n and fs[k].part == "half"
                and fs[k].part_ending[:1] in ("ы", "с") and (j == 0 or not self.word(j - 1).endswith(_GENITIVE))):
            # "екінші жартысында": a half of the current year, as "бірінші тоқсанда" is a quarter of it
            # ("матчтың екінші жартысында" is a half of something else)
            y, _ = self.doc.pub_year()
            v = self.ordinal_period(int(r.val), "жартыжылдық", y) if _is_int(r.val) else None
            if v:
                v["relative"] = "this_year"
                return Match(j, k + 1, v)
        if k >= n or fs[k].unit is None:
            return None
        unit = fs[k].unit
        if r.ordinal and fs[j].lower in ORDINAL_WORDS and unit not in ("тоқсан", "жартыжылдық"):
            return None  # "алғашқы жылдарында": the first years of something, not of the calendar
        year_off = None
        if mod is not None and fs[j - 1].lower in ("биылғы", "былтырғы"):
            # "биылғы 9 айда", "биылғы бірінші тоқсанда", "өткен жылғы": a count inside a named year
            cumulative = unit == "ай" and not r.ordinal and r.hi is None and _is_int(r.val) and 1 <= (r.val or 0) <= 12
            if not (cumulative or (r.ordinal and unit in ("тоқсан", "жартыжылдық"))):
                return None
            year_off = int(MODIFIERS[mod][1])
        elif mod is not None and MODIFIERS[mod][0] in ("this", "that"):
            return None
        grain, months, kind = UNITS[unit]
        ending = fs[k].unit_ending
        if unit == "тоқсан" and not r.ordinal:
            return None  # "тоқсан" after a cardinal is the number 90
        if unit == "ай" and ending.startswith("лық") and self.word(k + 1) in MONTHLY_NOUNS:
            return None  # "айлық есептік көрсеткіш": a money unit
        if kind == "age" and unit == "жас" and not ending and POSTS.get(self.word(k + 1)) != "between":
            return None  # "15 жас" = fifteen young people
        if kind == "age" and (ending.startswith(("тар", "дар", "лар")) or (r.val or 0) > 130):
            return None  # "500 жастарға": young people
        if unit == "жыл" and ending.startswith(("дығ", "дег")):
            return None  # "Абайдың 175 жылдығына": an anniversary, not a period (KazNERD leaves it out)
        if unit == "күн" and self.word(k + 1) in SUN_NOUNS:
            return None  # "3 күн электр станциясы": solar
        k += 1
        v = r.val
        amount = (int(v) if _is_int(v) else v) if v is not None else None
        extra: dict[str, Any] = {}
        if r.approx:
            extra["qualifier"] = "approx"
        if r.qual:
            extra["qualifier"] = r.qual
        if kind == "age":
            return Match(j, k, _val(None, None, "year", None, age=amount, **({"max": r.hi} if r.hi else {}), **extra))
        if year_off is not None:
            y = self.doc.pub.year + year_off if self.doc.pub else None
            rel = "last_year" if year_off else "this_year"
            q = int(amount)
            if unit == "ай":
                if y:
                    return Match(j, k, _val(date(y, 1, 1), _month_end(y, q), "month", rel, months=q))
                return Match(j, k, _val(None, None, "month", rel, months=q))
            lo, hi_m, grain2 = (3 * q - 2, 3 * q, "quarter") if unit == "тоқсан" else (6 * q - 5, 6 * q, "month")
            if y and 1 <= lo and hi_m <= 12:
                return Match(j, k, _val(date(y, lo, 1), _month_end(y, hi_m), grain2, rel))
            return Match(j, k, _val(None, None, grain2, rel))
        if r.ordinal and amount is not None:
            y, ctx = self.year_for(j)
            cx = {"context": True} if ctx else {}
            if unit == "тоқсан" and 1 <= amount <= 4:
                q = int(amount)
                if y:
                    return Match(j, k, _val(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter", self.this_year(j), **cx))
                return Match(j, k, _val(None, None, "quarter", "this_year"))
            if unit == "жартыжылдық" and amount in (1, 2):
                h = int(amount)
                if y:
                    return Match(j, k, _val(date(y, 6 * h - 5, 1), _month_end(y, 6 * h), "month", self.this_year(j), **cx))
                return Match(j, k, _val(None, None, "month", "this_year"))
            return Match(j, k, _val(None, None, grain, None, ordinal=amount))
        dur: dict[str, Any] = {"amount": amount, "unit": grain}
        if r.hi:
            dur["max"] = r.hi
        pub = self.doc.pub
        nxt = self.word(k)
        post = POSTS.get(nxt) or ANCHORS.get(nxt)
        # "10 айдың қорытындысы", "9 айда", "6 айында": months of the year so far
        if (unit == "ай" and mod is None and r.hi is None and _is_int(v) and 1 <= v <= 12 and post is None
                and (ending.endswith(_GENITIVE) or ending.endswith(("да", "де", "нда", "нде")))
                and not ending.startswith(("лар", "лер"))):
            y, ctx = self.year_for(j)
            if y:
                return Match(j, k, _val(date(y, 1, 1), _month_end(y, int(v)), "month", self.this_year(j), months=amount,
                                        **({"context": True} if ctx else {})))
            return Match(j, k, _val(None, None, "month", "this_year", months=amount))
        # "жарты жылда", "жарты жылдың қорытындысы": the first half of the current year, like "6 айда"
        if (unit == "жыл" and v == 0.5 and mod is None and post is None
                and (ending.endswith(_GENITIVE) or ending.endswith(("да", "де", "нда", "нде")))):
            y, _ = self.doc.pub_year()
            if y:
                return Match(j, k, _val(date(y, 1, 1), date(y, 6, 30), "month", "this_year", months=6))
            return Match(j, k, _val(None, None, "month", "this_year", months=6))
        if mod is not None and MODIFIERS[mod][1] in ("last", "-1") or mod is not None and MODIFIERS[mod][0] == "next":
            back = MODIFIERS[mod][1] in ("last", "-1")
            rel = ("last_n_" if back else "next_n_") + grain + "s"
            if pub and amount and _is_int(amount) and months:
                span = int(months * amount)
                start, end = (_add_months(pub, -span), pub) if back else (pub, _add_months(pub, span))
                return Match(j, k, _val(start, end, "years" if grain == "year" else grain, rel, duration=dur, **extra))
            if pub and amount and _is_int(amount) and grain in ("day", "week"):
                days = int(amount) * (7 if grain == "week" else 1)
                start, end = (pub - timedelta(days=days), pub) if back else (pub, pub + timedelta(days=days))
                return Match(j, k, _val(start, end, "day", rel, duration=dur, **extra))
            return Match(j, k, _val(None, None, grain, rel, duration=dur, **extra))
        if post == "ago":
            k += 1
            if pub and amount and _is_int(amount) and months and r.hi and _is_int(r.hi) and grain == "year":
                return Match(j, k, _val(date(pub.year - int(r.hi), 1, 1), date(pub.year - int(amount), 12, 31), "years",
                                        "ago", duration=dur))
            if pub and amount and _is_int(months * amount) and months:
                d = _add_months(pub, -int(months * amount))
                if months >= 12:
                    return Match(j, k, _val(date(d.year, 1, 1), date(d.year, 12, 31), "year", "ago", duration=dur))
                return Match(j, k, _val(date(d.year, d.month, 1), _month_end(d.year, d.month), "month", "ago", duration=dur))
            if pub and amount and _is_int(amount) and grain in ("day", "week"):
                d = pub - timedelta(days=int(amount) * (7 if grain == "week" else 1))
                return Match(j, k, _val(d, d, "day", "ago", duration=dur))
            return Match(j, k, _val(None, None, grain, "ago", duration=dur))
        return Match(j, k, _val(None, None, grain, None, duration=dur, **extra))

    def core_unit(self, j: int, mod: str | None) -> Match | None:
        """A unit picked by a modifier or part: ``өткен жылы``, ``осы айда``, ``жыл басынан``, ``жыл сайын``."""
        fs, n = self.fs, self.n
        f = fs[j]
        if f.unit is None or f.kind != "word":
            return None
        unit = f.unit
        grain, months, kind = UNITS[unit]
        if kind == "age":
            return None
        k = j + 1
        pub = self.doc.pub
        nxt = self.word(k)
        plural = f.unit_ending.startswith(("дар", "дер", "лар", "лер", "тар", "тер"))
        if mod is None:
            if kind == "middle_ages":  # "ортағасырлық"
                return Match(j, k, _val(None, None, grain, "middle_ages"))
            if months >= 120 and unit != "ғасыр":  # "онжылдық", "мыңжылдық"
                return Match(j, k, _val(None, None, grain, None, duration={"amount": 1, "unit": grain}))
            if unit == "ғасыр" and j > 0 and fs[j - 1].lower == "орта":  # "орта ғасырларда": the Middle Ages
                return Match(j - 1, k, _val(None, None, "century", "middle_ages"))
            if j > 0 and fs[j - 1].lower in NEW_YEAR and unit == "жыл" and ANCHORS.get(nxt) in ("until", "after", "from", "since"):
                # "жаңа жылдан кейін", "жаңа жылға дейін": 1 January
                y = pub.year + (1 if pub and f.unit_ending.startswith(("ға", "ге", "қа")) else 0) if pub else None
                d = date(y, 1, 1) if y else None
                return Match(j - 1, k, _val(d, d, "day", "new_year"))
            if POSTS.get(nxt) == "every":  # "жыл сайын", "күн сайын"
                return Match(j, k + 1, _val(None, None, grain, "every_" + grain))
            if POSTS.get(nxt) == "during" and (unit in ("тәулік", "күн", "жыл", "ай", "апта", "ғасыр")):
                return Match(j, k + 1, _val(None, None, grain, None, duration={"amount": None if plural else 1, "unit": grain}))
            if unit == "жыл" and f.unit_ending in _GENITIVE and k < n and not fs[k].part:
                # "жылдың бірінші жартысында", "жылдың 9 айында": a part of the current year
                y = pub.year if pub else None
                k2, v = self.after_year(k, y, _year_val(y) if y else _val(None, None, "year"))
                if k2 > k and v.get("grain") in ("day", "month", "quarter"):
                    v["relative"] = "this_year"
                    return Match(j, k2, v)
            if unit == "жартыжылдық" and not plural:  # "жартыжылдық қорытындысы": which half is not said
                return Match(j, k, _val(None, None, grain, "this_" + grain))
            if unit in ("жыл", "ай") and k < n and fs[k].part in ("begin", "end", "middle", "half"):
                part = fs[k].part
                k += 1
                ref = pub.year if pub else None
                if unit == "жыл":
                    if part == "begin" and fs[k - 1].part_ending.endswith(_ABLATIVE):
                        if self.word(k) == "бері":
                            k += 1
                        return Match(j, k, _val(date(ref, 1, 1) if ref else None, pub, "day", "year_to_date"))
                    v = self.part_val(ref, part, "year")
                    v["relative"] = "this_year"
                    return Match(j, k, v)
                if pub:
                    v = self.part_val(pub.year, part, "month", pub.month)
                else:
                    v = self.part_val(None, part, "month")
                v["relative"] = "this_month"
                return Match(j, k, v)
            return None
        code, offset = MODIFIERS[mod]
        if offset == "that":
            if plural or f.unit_ending.endswith(_GENITIVE):
                return None
            return Match(j, k, _val(None, None, grain, "that_" + grain))
        if offset == "last":
            if unit in ("жыл", "ай", "күн", "апта") and plural:
                return Match(j, k, _val(None, None, grain, "recent_" + grain + "s"))
            if code == "recent" and unit in ("апта", "ай", "жыл", "күн"):
                return Match(j, k, _val(None, None, grain, "last_" + grain))
            return None
        off = int(offset)
        rel = {-1: "last_", 0: "this_", 1: "next_"}[off] + grain
        if unit == "ғасыр":
            # "өткен ғасырдың 50-інші жылдары", "өткен ғасырда"
            c = (pub.year // 100 + 1 + off) if pub else (20 if off == -1 else 21)
            if f.unit_ending.endswith(_GENITIVE):
                dec = self.decade_at(k)
                if dec:
                    return Match(j, dec[0], dict(_decade(dec[1], c), relative=rel))
                if k < n and fs[k].part:
                    return Match(j, k + 1, _val(None, None, "century", rel, part=fs[k].part))
            return Match(j, k, _val(date((c - 1) * 100 + 1, 1, 1), date(c * 100, 12, 31), "century", rel))
        if unit == "жыл":
            if plural:
                return Match(j, k, _val(None, None, "year", rel + "s"))
            if pub:
                y, ctx = pub.year + off, False
            elif off == 0:
                y, ctx = self.doc.ref_year()
            else:
                y, ctx = None, False
            base = dict(_year_val(y), relative=rel) if y else _val(None, None, "year", rel)
            if f.unit_ending.endswith(_GENITIVE + _ATTRIB):
                k, base = self.after_year(k, y, base)
            base["relative"] = rel
            if ctx and base.get("start"):
                if base["grain"] == "day" or (base["grain"] == "month" and "months" not in base):
                    base["context"] = True  # "осы жылдың 1 шілдесінде": a day of the year the text is about
                else:
                    base["start"] = base["end"] = None  # "осы жылы", "ағымдағы жылдың 6 айында": the unknown current year
            return Match(j, k, base)
        if unit == "ай":
            if pub:
                d = _add_months(date(pub.year, pub.month, 1), off)
                if k < n and fs[k].part and f.unit_ending.endswith(_GENITIVE):
                    v = self.part_val(d.year, fs[k].part, "month", d.month)
                    v["relative"] = rel
                    return Match(j, k + 1, v)
                return Match(j, k, _val(d, _month_end(d.year, d.month), "month", rel))
            if k < n and fs[k].part and f.unit_ending.endswith(_GENITIVE):
                return Match(j, k + 1, _val(None, None, "day", rel, part=fs[k].part))
            return Match(j, k, _val(None, None, "month", rel))
        if unit in ("апта", "жұма"):
            if pub:
                monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=off)
                return Match(j, k, _val(monday, monday + timedelta(days=6), "week", rel))
            return Match(j, k, _val(None, None, "week", rel))
        if unit in ("күн", "тәулік"):
            if pub:
                d = pub + timedelta(days=off)
                return Match(j, k, _val(d, d, "day", rel))
            return Match(j, k, _val(None, None, "day", rel))
        if unit == "тоқсан":
            if pub:
                q = (pub.month - 1) // 3 + off
                y = pub.year + q // 4
                q = q % 4 + 1
                return Match(j, k, _val(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter", rel))
            return Match(j, k, _val(None, None, "quarter", rel))
        if unit in ("жартыжылдық", "онжылдық"):
            return Match(j, k, _val(None, None, grain, rel))
        return None

    def core_rel(self, j: int, mod: str | None = None) -> Match | None:
        """``биыл``, ``былтыр``, ``бүгін``, ``кеше``, ``ертең`` and their forms (``биылғы жылдың…``)."""
        fs, n = self.fs, self.n
        f = fs[j]
        if f.kind != "word":
            return None
        if f.recurring:
            code, grain = RECURRING[f.recurring]
            return Match(j, j + 1, _val(None, None, grain, code))
        if "-" in f.lower:
            a, _, b = f.lower.partition("-")
            if a in REL_WORDS and b in REL_WORDS:  # бүгін-ертең
                code, grain, off = REL_WORDS[a]
                return Match(j, j + 1, self.rel_val(code, grain, off, REL_WORDS[b][2]))
        if f.rel is None:
            return None
        code, grain, off = REL_WORDS[f.rel]
        k = j + 1
        pub = self.doc.pub
        if grain == "year":
            y = pub.year + off if pub else None
            base = dict(_year_val(y), relative=code) if y else _val(None, None, "year", code)
            # "биылғы жылдың 6 айында", "былтырғы жылы", "биылдың"
            if k < n and fs[k].unit == "жыл" and f.rel_ending.endswith(_ATTRIB):
                k += 1
                if fs[k - 1].unit_ending.endswith(_GENITIVE + _ATTRIB):
                    k, base = self.after_year(k, y, base)
            elif f.rel_ending.endswith(_GENITIVE):
                k, base = self.after_year(k, y, base)
            base["relative"] = code
            return Match(j, k, base)
        # day words: "бүгінгі таңда", "бүгінгі күні", "кешегі күні"
        if k < n and f.rel_ending.endswith(_ATTRIB) and (fs[k].unit == "күн" or fs[k].lower in ("таңда", "таңдағы")):
            k += 1
        return Match(j, k, self.rel_val(code, grain, off))

    def rel_val(self, code: str, grain: str, off: int, off2: int | None = None) -> dict:
        pub = self.doc.pub
        if not pub:
            return _val(None, None, grain, code)
        d = pub + timedelta(days=off)
        d2 = pub + timedelta(days=off2) if off2 is not None else d
        return _val(d, d2, "day", code)

    def core_misc(self, j: int, mod: str | None) -> Match | None:
        """Seasons, weekdays, centuries: ``қыста``, ``жаз айларында``, ``сәрсенбі``, ``ХХІ ғасыр``."""
        fs, n = self.fs, self.n
        f = fs[j]
        if f.kind != "word":
            return None
        if f.season:
            a, b = SEASONS[f.season]
            pub = self.doc.pub
            k = j + 1
            if k < n and fs[k].unit == "ай" and fs[k].unit_ending.startswith("лар"):
                k += 1  # "жаз айларында"
            elif k < n and fs[k].part and f.season_ending.endswith(_GENITIVE):
                k += 1  # "жаздың ортасында"
            elif (f.season_ending.endswith(_GENITIVE) and k + 1 < n
                  and (fs[k].lower in ORDINAL_WORDS or fs[k].numword is not None or fs[k].num is not None)
                  and (r := _read_number(fs, k, ranges=False)) and r.j < n and fs[r.j].unit in ("күн", "ай", "апта")):
                k = r.j + 1  # "көктемнің алғашқы күні", "жаздың екі айында"
            elif (f.season_ending.endswith(_GENITIVE) and not (k < n and fs[k].unit in ("күн", "ай"))
                  and mod is None and f.season in SEASON_GENITIVE_AMBIGUOUS):
                return None  # "жаздың": also "you wrote"
            elif f.season_ending.endswith(_GENITIVE) and not (k < n and fs[k].unit in ("күн", "ай")):
                pass  # "осы көктемнің кезінде", "қыстың қызығы": KazNERD tags the season alone
            elif f.season_ending.endswith(_GENITIVE):
                k += 1  # "қыстың күні"
            if mod is not None:
                code, off = MODIFIERS[mod]
                if off == "that":
                    return None
                if off not in ("that", "last") and pub:
                    v = self.season_val(pub.year + int(off), a, b)
                    v["relative"] = code + "_season"
                    return Match(j, k, v)
                return Match(j, k, _val(None, None, "month", code + "_season"))
            return Match(j, k, _val(None, None, "month", "season"))
        if f.weekday:
            return Match(j, j + 1, _val(None, None, "day", "weekday", weekday=f.weekday))
        if "-" in f.lower:  # "қаңтар-маусым айларында"
            a, _, b = f.lower.partition("-")
            fa, fb = _word_feats(a), _word_feats(b)
            if fa.get("month") and fb.get("month") and fa["month"] <= fb["month"]:
                y, ctx = self.doc.ref_year()
                k = self.skip_ai(j + 1)
                if y:
                    return Match(j, k, _val(date(y, fa["month"], 1), _month_end(y, fb["month"]), "month",
                                            **({"context": True} if ctx else {})))
                return Match(j, k, _val(None, None, "month"))
        # century: "ХХІ ғасыр", "X-XII ғасырларда", "жетінші-сегізінші ғасырларда"
        if j + 1 < n and fs[j + 1].unit == "ғасыр":
            parts = f.lower.split("-")
            vals = [_roman(p) for p in parts]
            if not all(vals):
                vals = [(_numeral_word(p) or (None, False, False)) for p in parts]
                vals = [v[0] if v[1] else None for v in vals]
            if all(vals) and len(vals) <= 2:
                c1, c2 = vals[0], vals[-1]
                dec = self.decade_at(j + 2) if c1 == c2 and fs[j + 1].unit_ending.endswith(_GENITIVE) else None
                if dec:  # "ХХ ғасырдың 90-жылдары"
                    return Match(j, dec[0], _decade(dec[1], c1))
                if c1 <= c2 <= 30:
                    v = _val(date((c1 - 1) * 100 + 1, 1, 1), date(c2 * 100, 12, 31), "century")
                    if c1 == c2 and fs[j + 1].unit_ending.endswith(_GENITIVE) and j + 2 < n and fs[j + 2].part:
                        v["part"] = fs[j + 2].part  # "ХХІ ғасырдың басында", as "90-жылдардың басында"
                        return Match(j, j + 3, v)
                    return Match(j, j + 2, v)
        return None


# ---------------------------------------------------------------- driver


def _with_post(p: _Parser, m: Match) -> Match:
    """Extend a match over a KazNERD postposition and read the anchor (deadline) word after it."""
    fs, n = p.fs, p.n
    k = m.j
    w = p.word(k)
    last = fs[m.j - 1].lower
    v = m.value
    if w in SAME_PERIOD and last.endswith(_GENITIVE) and p.word(k + 1).startswith(SAME_PERIOD_NOUNS):
        v["same_period"] = True  # "өткен жылдың осы кезеңімен": the same months of that year (span stays the year)
        return m
    kind = POSTS.get(w)
    if kind == "every":
        if v.get("duration"):
            m.j = k + 1
            v["relative"] = "every_" + v["grain"]
            v["start"] = v["end"] = None
        return m
    if kind == "ago":
        if v.get("duration") or v.get("relative") == "ago":
            m.j = k + 1
        return m
    if kind is not None:
        m.j = k + 1
        if kind in ("approx", "more_than"):
            v["qualifier"] = kind
        k = m.j
        w = p.word(k)
        last = fs[m.j - 1].lower
    if w in ANCHORS:
        anchor = ANCHORS[w]
        if anchor in ("after", "since", "from") and not last.endswith(_ABLATIVE):
            return m
        if anchor == "by" and not last.endswith(_DATIVE):
            return m
        if anchor in ("until", "after", "since"):
            m.j = k + 1
        if v.get("age") is not None:
            return m
        v["anchor"] = anchor
        dur = v.get("duration")
        if anchor in DEADLINE_ANCHORS and not dur and v.get("relative") not in PAST_RELATIVE:
            v["deadline"] = True
        pub = p.doc.pub
        if v.get("deadline") and pub and _without_year(p, m) and v.get("end") \
                and date.fromisoformat(v["end"]) < pub - timedelta(days=STALE_DEADLINE_DAYS):
            # "наурыздың 1-не дейін" in an October article: a limit named without its year is the
            # next one, not one long past (a limit just passed stays: "1 қазанға дейін ... тіркелді")
            _roll_forward(m)
        if dur and anchor in ("since", "after") and v.get("start") is None:
            v["relative"] = {"since": "since", "after": "later"}[anchor]
        if dur and pub and v.get("start") is None and _is_int(dur.get("amount")) and dur.get("amount"):
            unit_months = {"year": 12, "month": 1}.get(dur["unit"])
            days = {"day": 1, "week": 7}.get(dur["unit"])
            amount = int(dur["amount"])
            if anchor == "since":
                start = _add_months(pub, -amount * unit_months) if unit_months else (pub - timedelta(days=amount * days) if days else None)
                if start:
                    v.update(start=_iso(start), end=_iso(pub), relative="since")
            elif anchor == "after":
                d = _add_months(pub, amount * unit_months) if unit_months else (pub + timedelta(days=amount * days) if days else None)
                if d:
                    v.update(start=_iso(d), end=_iso(d), grain="day", relative="later")
    return m


STALE_DEADLINE_DAYS = 45  # a limit named without its year that ended this long before publication is the next one


def _anchor_fits(ending: str, anchor: str | None) -> bool:
    """The anchor word after a number with this case ending governs that case: the dative for
    ``дейін`` / ``қарай``, the ablative for ``бастап`` / ``бері`` / ``кейін``."""
    if anchor in DEADLINE_ANCHORS:
        return ending in _DATIVE
    return anchor in ("from", "since", "after") and ending in _ABLATIVE


def _without_year(p: _Parser, m: Match) -> bool:
    """A day or month named without a year, a modifier or a context year: the match starts at the day
    or the month (``1 наурызға``, ``наурыздың 1-не``, ``наурызға``)."""
    v, f = m.value, p.fs[m.i]
    return m.year is None and v.get("relative") is None and not v.get("context") and v.get("start") is not None \
        and v.get("grain") in ("day", "month") and bool(f.month or (f.num is not None and 1 <= f.num <= 31))


def _roll_forward(m: Match) -> None:
    """Move ``m``'s interval a year on (a month keeps its last day: February's moves with leap years)."""
    v = m.value
    start = _add_months(date.fromisoformat(v["start"]), 12)
    end = _add_months(date.fromisoformat(v["end"]), 12)
    if v["grain"] == "month":
        end = end.replace(day=calendar.monthrange(end.year, end.month)[1])
    v["start"], v["end"] = _iso(start), _iso(end)
    m.rolled = True


def _join(a: dict, b: dict) -> dict:
    """The interval from ``a`` to ``b`` (a range "A мен B аралығында", "Aдан Bға дейін")."""
    v = dict(b)
    v["start"] = a.get("start")
    if a.get("start") and b.get("end") and a["start"] > b["end"]:
        v["start"] = v["end"] = None
    if a.get("grain") in ("year", "years") and b.get("grain") in ("year", "years") and v.get("start"):
        v["grain"] = "years"
    if a.get("age") is not None and b.get("age") is not None:
        v["age"], v["max"] = a["age"], b["age"]
    if a.get("duration") and b.get("duration"):
        v["duration"] = dict(b["duration"], amount=a["duration"]["amount"], max=b["duration"]["amount"])
    return v


def _parse_sentence(tokens: list[Token], doc: _Doc, last_anchor: int | None = None,
                    norms: list[str] | None = None) -> list[Match]:
    """The dates of one sentence; ``last_anchor`` is the index of its last anchor (``_last_anchor``),
    ``norms`` the tokens' norms."""
    fs = _features(tokens, norms)
    if last_anchor is None:
        last_anchor = max((k for k, f in enumerate(fs) if f.anchor), default=-1)
    starts = list(map(_starts_of, fs))
    p = _Parser(fs, doc, tokens)
    out: list[Match] = []
    i, n = 0, len(fs)
    limit = min(n, last_anchor + 2)  # no date starts after the token following the last anchor
    while i < limit:
        if not starts[i]:  # (nothing below reads a token no date starts at): on to the next start
            try:
                i = starts.index(True, i, limit)
            except ValueError:
                break
        m = None
        if starts[i] and i >= 2 and fs[i - 1].lead < 0 and fs[i].unit and _may_lead(fs[i - 2]) and (not out or out[-1].j <= i - 2):
            try:  # "отызға жуық жыл": a cased numeral word, a qualifier, then this unit
                m = p.parse(i - 2)
            except (ValueError, OverflowError):
                m = None
            if m is not None and m.j <= i:
                m = None
        if m is None:
            try:
                m = p.parse(i) if starts[i] else None
            except (ValueError, OverflowError):  # date arithmetic beyond the calendar (year 1 minus five years)
                m = None
        if m is None or m.j <= i:
            if starts[i] and fs[i].lead > 0 and i + 1 < n and _may_lead(fs[i + 1]):
                starts[i + 1] = True  # "жастары елуге": an age after "жас"
            i += 1
            continue
        k = m.j
        joined = False
        # "27 наурыз бен 4 сәуір аралығында", "1 айдан 6 айға дейін", "2005 – 2018 жылдар аралығында"
        if k < n and (fs[k].lower in CONJ or fs[k - 1].lower.endswith(_ABLATIVE)):
            s2 = k + 1 if fs[k].lower in CONJ else k
            if fs[k - 1].lower.endswith(_ABLATIVE) and p.word(k) in ANCHORS:
                s2 = -1
            try:
                m2 = p.parse(s2) if 0 <= s2 < n and starts[s2] else None
            except (ValueError, OverflowError):
                m2 = None
            if m2 is not None:
                end0 = m2.j
                if fs[k].lower in CONJ and end0 + 1 < n and fs[end0].unit == "күн" and POSTS.get(p.word(end0 + 1)) == "between":
                    m2.j = end0 = end0 + 1  # "сәуірдің 29-ы мен мамырдың 5-і күндері аралығында"
                try:
                    m2 = _with_post(p, m2)
                except (ValueError, OverflowError):
                    m2.value = _val(None, None, m2.value.get("grain", "day"), m2.value.get("relative"))
                post = p.word(end0)
                if (fs[k].lower in CONJ and POSTS.get(post) == "between") or (
                        s2 == k and ANCHORS.get(p.word(m2.j - 1)) == "until"):
                    if m2.rolled and _without_year(p, m):
                        _roll_forward(m)  # "1 ақпаннан 15 наурызға дейін": the range moves as one
                    m = Match(m.i, m2.j, _join(m.value, m2.value), m2.year or m.year)
                    joined = True
        if not joined:
            try:
                m = _with_post(p, m)
            except (ValueError, OverflowError):
                pass
        if out and m.i < out[-1].j:
            m.i = i  # a match reaching back ("орта ғасыр", "жаңа жыл") never overlaps the one before
        out.append(m)
        if m.year and 1000 <= m.year <= 2200 and not m.value.get("deadline") and m.value.get("grain") != "years":
            doc.context_year = m.year  # the year the text is about; a target year or a span of years is not
        i = m.j
    return out


def _may_lead(f: Feat) -> bool:
    """A word that starts no date by itself but may start one beside a lead word (жасы, жуық)."""
    return not f.starts and f.kind == "word" and f.lower not in STOPWORDS


def _could_start(f: Feat) -> bool:
    return bool(f.kind == "number" or f.numword is not None or f.month or f.unit or f.rel or f.mod
                or f.season or f.weekday or f.recurring or f.lower in QUALIFIERS or f.lower in SEVERAL
                or f.lower in ("кем", "жарты", "ширек") or f.lower in NEW_YEAR
                or (f.kind == "word" and ("-" in f.lower or (f.lower[:1] in _ROMAN_LETTERS and _ROMAN.match(f.lower)))))


# token norms already classified: no token of the norm is an anchor / some token of it is. A norm whose
# first character is a decimal digit is a number's, and the tokenizer splits a number's norm at its hyphen into
# stem and ending (``2019-жылы`` -> ``2019`` + ``жылы``), so the norm decides its features; any other norm
# is classified as a word's (a punctuation mark or symbol is never an anchor, so this is only wider).
_PLAIN: set[str] = set()
_ANCHORS: set[str] = set()
_ANCHOR_CACHE_SIZE = 200_000
_norm_of = attrgetter("norm")
_starts_of = attrgetter("starts")


def _classify(norm: str) -> bool:
    """Record a norm seen for the first time as plain or anchor; True for an anchor."""
    if len(_PLAIN) + len(_ANCHORS) >= _ANCHOR_CACHE_SIZE:
        _PLAIN.clear()
        _ANCHORS.clear()
    if len(_FEATS) >= _FEATS_SIZE:
        _FEATS.clear()
    # a norm that decides its token's kind (see _FEATS) keeps its features there: _features reads them
    if norm[:1].isdecimal():  # what the tokenizer reads as a digit (\d), so "²" is a word
        stem, dash, suffix = norm.partition("-")
        f = _FEATS[norm] = _form_features("number", norm, stem if dash else norm, suffix)
    elif "-" not in norm and norm not in RECURRING and norm not in _YEAR_ABBR and _ANCHOR_HEAD(norm) is None:
        _PLAIN.add(norm)  # most new words: no anchor entry begins them
        return False
    elif norm[:1].isalnum():  # a word's (a letter)
        f = _FEATS[norm] = _form_features("word", norm, norm, "")
    else:  # a symbol's ("%-ға") or a mark's: judged as a word's, which is only wider (see _PLAIN)
        f = _odd_features("word", norm, norm, "")
    (_ANCHORS if f.anchor else _PLAIN).add(norm)
    return f.anchor


def _last_anchor(tokens: list[Token]) -> tuple[int, list[str] | None]:
    """The index of the last anchor token (``_is_anchor``), -1 when there is none, and the tokens' norms;
    most sentences hold no anchor and their forms are already known to be plain."""
    plain = _PLAIN
    anchors = _ANCHORS
    for t in tokens:  # (a plain loop: faster than a set method over mapped attributes, and it stops early)
        if t.norm in plain:
            continue
        norm = t.norm
        if norm in anchors or _classify(norm):  # (_classify: a form seen for the first time)
            break
    else:
        return -1, None
    norms = [t.norm for t in tokens]
    last = len(norms) - 1
    while last >= 0:  # from the end: the first anchor met is the last one
        norm = norms[last]
        if norm in anchors or (norm not in plain and _classify(norm)):
            return last, norms
        last -= 1
    return -1, norms  # (never: the anchor met above is one)


def clear_caches() -> None:
    """Forget every per-form record (the tests compare cold and warm runs)."""
    _FEATS.clear()
    _PLAIN.clear()
    _ANCHORS.clear()
    for cached in (_odd_features, _word_feats, _lookup):
        cached.cache_clear()


def recognize(analysis: Analysis) -> list[Mention]:
    """The ``date`` mentions of ``analysis``, resolved against ``analysis.published``."""
    doc = None
    text = analysis.text
    out: list[Mention] = []
    for sent in analysis.sentences:
        toks = sent.tokens
        if not toks:
            continue
        last, norms = _last_anchor(toks)
        if last < 0:
            continue  # no date without an anchor (most sentences): skip the features and the grammar
        if doc is None:  # the document state changes only where a date is read
            doc = _Doc(analysis.published)
        for m in _parse_sentence(toks, doc, last, norms):
            start, end = toks[m.i].start, toks[m.j - 1].end
            if end <= start:
                continue
            out.append(Mention("date", start, end, text[start:end], m.value))
    return out


# ---------------------------------------------------------------- dateline

_DL_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")
_DL_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_DL_WORDS = re.compile(r"(?<!\d)(\d{1,2})\s+([А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]+)\s+(\d{4})(?:\s*(?:ж\.|жыл\w*))?")
# a date opening the text, followed by what follows a dateline (a comma, a dash, a time, the line end),
# not by the rest of a sentence ("15 қазан 2025 жылы зауыт ашылды")
_DL_HEAD = re.compile(r"^\W{0,3}(\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+\S+\s+\d{4})"
                      r"(?:\s*ж\.)?\s*(?:[,.|/\-–—]|\d{1,2}:\d{2}|$)")
_FOUR_DIGITS = re.compile(r"\d\d\d\d")  # (spelt out: scans twice as fast as \d{4})
DATELINE_MAX_LINE = 60
DATELINE_LINES = 3
DATELINE_MAX_WORDS = 3  # words beside the date on a dateline ("Автор: А. Ахметов, 12.03.2024")


def _dateline_in(line: str) -> str | None:
    for rx in (_DL_ISO,):
        for m in rx.finditer(line):
            d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d and 1990 <= d.year <= 2100:
                return d.isoformat()
    for m in _DL_NUMERIC.finditer(line):
        d = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d and 1990 <= d.year <= 2100:
            return d.isoformat()
    for m in _DL_WORDS.finditer(line):
        hit = _lookup(m.group(2).lower(), "month")
        if hit:
            d = _safe_date(int(m.group(3)), MONTHS[hit[0]][0], int(m.group(1)))
            if d and 1990 <= d.year <= 2100:
                return d.isoformat()
    return None


def dateline(text: str) -> str | None:
    """A publication date written in the text itself, as ISO ``YYYY-MM-DD``, or None.

    Only a date standing alone where a dateline stands is taken: at the very start
    of the text (``15 қазан 2025, Астана. …``), or as the main content of one of
    the first or last few short lines. A date inside a sentence of the body is a
    date the article talks about, not when it was written, so it is never taken.
    """
    if not text or not _FOUR_DIGITS.search(text):
        return None  # every dateline form holds a four-digit year
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return None
    head = lines[0]
    m = _DL_HEAD.match(head)
    if m:
        found = _dateline_in(m.group(1))
        if found:
            return found
    cands = lines[:DATELINE_LINES] + lines[max(DATELINE_LINES, len(lines) - DATELINE_LINES):]  # each line once
    for ln in cands:
        if len(ln) > DATELINE_MAX_LINE:
            continue
        found = _dateline_in(ln)
        if not found:
            continue
        # the date must be most of the line: strip it and what may stand beside it (time, city, "жыл")
        rest = _DL_ISO.sub("", _DL_NUMERIC.sub("", _DL_WORDS.sub("", ln)))
        rest = re.sub(r"\d{1,2}:\d{2}|[\W\d_]+|\bж\b|жыл\w*", " ", rest).split()
        if len(rest) <= DATELINE_MAX_WORDS:
            return found
    return None
