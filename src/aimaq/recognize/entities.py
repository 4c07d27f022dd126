"""Persons, positions, organizations and programs.

Two sources, merged (longer span wins, rules before the tagger on ties):

* the CRF tagger (:mod:`aimaq.recognize.crf`, trained on KazNERD) proposes
  PERSON / POSITION / ORGANISATION / PROJECT spans, following the KazNERD
  guidelines (case endings inside the span: ``Нұрсұлтан Назарбаевтың``);
* rules over the ``kk/data`` tables find what the news domain needs and a
  tagger trained on TV transcripts rarely saw: special economic zones
  (``«Ақтөбе» арнайы экономикалық аймағы``, ``«Ақтау теңіз порты» АЭА``,
  ``sez.tsv``), companies with a legal form (``«ҚазАзот» ЖШС``, ``legal_forms.tsv``),
  programs (``programs.tsv``, ``«...» бағдарламасы``), known organizations
  (``known_orgs.tsv``), initials with a surname (``Ә.Исекешев``).

Values: a person's ``name`` is in the nominative (``Исекешевтен`` → ``Исекешев``)
and a short mention of someone named in full elsewhere in the document gets
``ref`` (the full name); a position gets a ``role`` (``positions.tsv``), a
``region`` (KATO, from a place named inside it) and ``person`` when a name
stands right after it; an organization gets ``name``, ``kind`` and, when known,
``region``.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from operator import attrgetter

from aimaq.kk import morph, resources
from aimaq.records import Mention
from aimaq.recognize import crf
from aimaq.recognize.formcache import by_forms
from aimaq.text import Analysis, Token

CLASS_TYPE = {"PERSON": "person", "POSITION": "position", "ORGANISATION": "organization", "PROJECT": "program"}

# ---------------------------------------------------------------- tables (read once)
POSITIONS: dict[tuple[str, ...], str] = {tuple(r[0].lower().split()): r[1] for r in resources.table("positions.tsv")}
STRONG_TITLES: dict[str, list[tuple[str, ...]]] = {}
for _r in resources.table("positions.tsv"):
    if _r[-1] == "strong":
        STRONG_TITLES.setdefault(_r[0].split()[0], []).append(tuple(_r[0].split()))
ORG_KINDS: dict[tuple[str, ...], str] = {tuple(r[0].lower().split()): r[1] for r in resources.table("org_kinds.tsv")}
NAME_MARKERS: dict[str, str] = {r[0]: r[1] for r in resources.table("name_markers.tsv")}
LEGAL_FORMS: dict[str, str] = {r[0]: r[1] for r in resources.table("legal_forms.tsv")}
KNOWN_ORGS: dict[tuple[str, ...], tuple[str, str]] = {
    tuple(r[0].split()): (r[1], r[2]) for r in resources.table("known_orgs.tsv")}
QUOTED_ONLY = frozenset(tuple(r[0].split()) for r in resources.table("known_orgs.tsv") if r[-1] == "quoted")
KNOWN_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _key in sorted(KNOWN_ORGS, key=len, reverse=True):
    KNOWN_FIRST.setdefault(_key[0], []).append(_key)
GENERIC_PLACES = frozenset(("облыс", "аудан", "қала", "облыстың", "ауданның", "қаланың"))
PLACE_TYPES = frozenset(("облыс", "аудан", "қала", "ауыл", "округ", "кент"))
TITLE_HEADS = frozenset(k[0] for k in POSITIONS if len(k) == 1)
_DERIVED = re.compile(r"^(?:лық|лік|дық|дік|тық|тік|шы|ші|шіл|шыл)")
_NOT_ONE = re.compile(r"^(?:лы[қғ]|лі[кг]|ды[қғ]|ді[кг]|ты[қғ]|ті[кг]|шы|ші|лар|лер|дар|дер|тар|тер)")  # әкімдігі too
ORDINAL = re.compile(r"^(?:\d+-?(?:ші|шы|інші|ыншы|нші|ншы)|бірінші|екінші|үшінші|төртінші|бесінші|вице)$")


def _title_stems(tok: Token) -> tuple[str, ...]:
    """Stems of a title word used as one title (not plural ``әкімдері``, not derived ``әкімдік``)."""
    if tok.kind != "word":
        return ()
    return _title_stems_of(tok.norm, tok.stem, tok.suffix)


@lru_cache(maxsize=50_000)
def _title_stems_of(norm: str, stem: str, suffix: str) -> tuple[str, ...]:
    """``_title_stems`` of a word token, by the fields it depends on (cached: every token asks, twice)."""
    stems = (*morph.stems(norm), stem) if suffix else morph.stems(norm)
    return tuple(s for s in stems if not (norm.startswith(s) and _NOT_ONE.match(norm[len(s):])))


_DASHES = re.compile(r"\s*[-–—]\s*")
_SPACES = re.compile(r"\s+")
_YI_END = re.compile("[ыі]$")


@lru_cache(maxsize=20_000)
def _dash(s: str) -> str:
    """One spelling of dashes and spaces for name look-up (``Астана – жаңа қала`` = ``астана-жаңа қала``)."""
    s = _DASHES.sub("-", s.lower().replace("«", "").replace("»", "").replace('"', ""))
    return _SPACES.sub(" ", s).strip()


SEZ: dict[str, tuple[str, str]] = {}
for _row in resources.table("sez.tsv"):
    for _alias in [_row[0], *(_row[2].split("|") if len(_row) > 2 else [])]:
        SEZ[_dash(_alias)] = (_row[0], _row[1])
_SEZ_PREFIXES = frozenset(k[:m] for k in SEZ for m in range(1, len(k) + 1))
_ALNUM_HEAD = re.compile(r"[^\W_]*")  # the letters and digits a word starts with


def _may_start_sez(word: str) -> bool:
    """False only when no SEZ name can start with ``word``: ``_dash`` keeps a word's leading letters and
    digits (lower-cased) as they are, so a key that matches text starting with ``word`` starts with them."""
    head = _ALNUM_HEAD.match(word).group()
    if not head or "Σ" in head:  # nothing to go by; Σ lower-cases by what follows it
        return True
    return head.lower() in _SEZ_PREFIXES
PROGRAMS: dict[str, str] = {}
for _row in resources.table("programs.tsv"):
    for _alias in [_row[0], *(_row[1].split("|") if len(_row) > 1 else [])]:
        PROGRAMS[_dash(_alias)] = _row[0]
PROGRAM_PHRASES: dict[str, list[tuple[str, ...]]] = {}
for _alias in PROGRAMS:
    _words = tuple(_alias.split())
    if len(_words) > 1:
        PROGRAM_PHRASES.setdefault(_words[0], []).append(_words)

SURNAME_END = re.compile(r"(?:ов|ев|ёв|ова|ева|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|енко|ұлы|қызы|улы|кызы|"
                         r"ович|евич|овна|евна|ична|баев|баева|бекова|беков|ук|юк|ян|швили)$")
FIRST_NAMES = resources.words("first_names.tsv")
# case endings a name may carry (longest first); the short, ambiguous ones need a name-like stem
_CASE = ("ның", "нің", "дың", "дің", "тың", "тің", "ға", "ге", "қа", "ке", "ны", "ні", "ды", "ді", "ты", "ті",
         "дан", "ден", "тан", "тен", "нан", "нен", "мен", "бен", "пен", "да", "де", "та", "те", "ын", "ін",
         "на", "не", "а", "е", "н")
_CASE_RANK: dict[str, int] = {}  # ending -> its place in _CASE (nominative tries them in that order)
for _n, _end in enumerate(_CASE):
    _CASE_RANK.setdefault(_end, _n)
_CASE_LENGTHS = tuple(sorted({len(e) for e in _CASE}))
# strict: only peeled when what is left is a known name (Сатыбалды, Құдайберді end in -ды/-ді themselves)
_STRICT = frozenset(("да", "де", "та", "те", "ын", "ін", "дан", "ден", "тан", "тен", "нан", "нен",
                     "ны", "ні", "на", "не", "а", "е", "н", "ды", "ді", "ты", "ті"))
SEZ_WORDS = ("арнайы", "экономикалық", "аймақ")
PROGRAM_HEADS = frozenset(("бағдарлама", "жоба", "бастама", "стратегия", "жоспар", "карта"))
OPEN_QUOTES = frozenset("«“„")
YEAR_STOPS = resources.words("year_stops.tsv")
THEMED_YEAR = frozenset(("жылы", "жылын", "жылында", "жылының", "жылынан"))  # not жылына: "per year"


# ---------------------------------------------------------------- small helpers
def _stems(tok: Token) -> tuple[str, ...]:
    """Candidate stems of a token, cached by its surface form (which gives kind, norm, stem, suffix)."""
    found = _STEMS.get(tok.text)
    return _by_form(_STEMS, tok, _stems_of) if found is None else found


def _by_form(cache: dict, tok: Token, compute):
    """``compute(tok)``, remembered in ``cache`` under the token's surface form (bounded)."""
    if len(cache) >= 200_000:
        cache.clear()
    found = cache[tok.text] = compute(tok)
    return found


_STEMS: dict[str, tuple[str, ...]] = {}


def _stems_of(tok: Token) -> tuple[str, ...]:
    if tok.kind == "word":
        if tok.suffix:  # АЭА-ның: the abbreviation itself
            return (*morph.stems(tok.norm), tok.stem)
        return morph.stems(tok.norm)
    return (tok.stem or tok.norm,)


@lru_cache(maxsize=50_000)
def nominative(word: str) -> str:
    """A name without its case ending (``Исекешевтен`` → ``Исекешев``, ``Маминге`` → ``Мамин``)."""
    low = word.lower()
    if low in FIRST_NAMES or SURNAME_END.search(low):
        return word
    # the endings the word has (one per length: a set look-up each), in _CASE's order
    ends = sorted((low[-k:] for k in _CASE_LENGTHS if len(low) - k >= 3 and low[-k:] in _CASE_RANK),
                  key=_CASE_RANK.__getitem__)
    for end in ends:
        rest = low[: -len(end)]
        if end in _STRICT and not (rest in FIRST_NAMES or SURNAME_END.search(rest)):
            continue
        return word[: -len(end)]
    return word


def _namelike(word: str) -> bool:
    """A person's name rather than a place (first name, or a surname/patronymic ending)."""
    word = nominative(word).lower()
    return word in FIRST_NAMES or bool(SURNAME_END.search(word)) or "-" in word and word.split("-")[0] in FIRST_NAMES


@lru_cache(maxsize=20_000)
def _place_value(text: str) -> dict | None:
    """The place named in ``text`` (region of a position or an organization), via the places recognizer."""
    try:
        from aimaq.recognize import places

        return places.lookup(text)
    except Exception:  # places are another recognizer's business; a failure there costs only the region
        return None


def _region_in(text: str) -> str | None:
    v = _place_value(text)
    if not v:
        return None
    return v.get("kato") if "region" not in v else v.get("region")


def _region_of_span(tokens: list[Token], text: str, start: int) -> str | None:
    """Region code of the first capitalized place-like word group inside a span."""
    caps = [t for t in tokens if t.kind == "word" and t.text[:1].isupper()]
    if not caps:
        return None
    return _region_in(text[caps[0].start - start:])


# ---------------------------------------------------------------- values
_POS_BY_LAST: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}  # last word -> (table order, title, role)
for _n, (_key, _role) in enumerate(POSITIONS.items()):
    _POS_BY_LAST.setdefault(_key[-1], []).append((_n, _key, _role))


def role_of(words: list[Token]) -> str:
    """Role of a position from its title words: the longest title ending at the head word."""
    return _role_of_stems(tuple(_stems(t) for t in words if t.kind == "word"))


@lru_cache(maxsize=20_000)
def _role_of_stems(stems: tuple[tuple[str, ...], ...]) -> str:
    """``role_of`` by the stems of the words (cached: the same titles recur, and the search is long)."""
    best = None
    for end in range(len(stems) - 1, -1, -1):
        for s in stems[end]:
            if (s,) in POSITIONS:
                best = end
                break
        if best is not None:
            break
    if best is None:
        return "other"
    # try multi-word titles ending at ``best``, allowing one skipped modifier between words: longest
    # first, in table order (the titles ending in one of its stems, by _POS_BY_LAST)
    for *_, key, role in sorted((-len(key), n, key, r) for s in set(stems[best])
                                for n, key, r in _POS_BY_LAST.get(s, ())):
        if role and _title_ends_at(key, stems, best):
            return role
    return "other"


def _title_ends_at(key: tuple[str, ...], stems: tuple[tuple[str, ...], ...], last: int) -> bool:
    """Whether the title ``key`` (its last word already found at word ``last``) reads backwards over
    the words before ``last`` (their stems), one modifier between its words allowed to be skipped."""
    k, j = len(key) - 2, last - 1
    skips = 1
    while k >= 0 and j >= 0:
        if key[k] in stems[j]:
            k -= 1
        elif skips:
            skips -= 1
        else:
            break
        j -= 1
    return k < 0


def org_kind(tokens: list[Token], text: str) -> str:
    """The kind of an organization from its words (cached by their surface forms, which give all it reads)."""
    return by_forms(_ORG_KIND, 20_000, tokens, _org_kind_of)


_ORG_KIND: dict[tuple[str, ...], str] = {}


def _org_kind_of(tokens: list[Token]) -> str:
    words = [t for t in tokens if t.kind == "word"]
    low = tuple(t.norm for t in words)
    if low in KNOWN_ORGS:
        return KNOWN_ORGS[low][0]
    for t in tokens:
        form = t.text.split("-")[0]
        if form in LEGAL_FORMS:
            return LEGAL_FORMS[form]
    if words:
        last = _stems(words[-1])
        for size in (3, 2):
            if len(words) >= size:
                prev = [t.norm for t in words[-size:-1]]
                for s in last:
                    if tuple(prev) + (s,) in ORG_KINDS:
                        return ORG_KINDS[tuple(prev) + (s,)]
        for s in last:
            if (s,) in ORG_KINDS:
                return ORG_KINDS[(s,)]
        if len(words) == 1:  # the first one-word known name (in table order) among its stems
            found = [_KNOWN_ONE[s] for s in last if s in _KNOWN_ONE]
            if found:
                return min(found)[1]
    return "organization"


# one-word known organization names -> (row order, kind): org_kind takes the first in table order
_KNOWN_ONE: dict[str, tuple[int, str]] = {}
for _n, (_key, (_kind, _)) in enumerate(KNOWN_ORGS.items()):
    if len(_key) == 1:
        _KNOWN_ONE.setdefault(_key[0], (_n, _kind))


_VOICE = {"к": "г", "қ": "ғ", "п": "б"}


@lru_cache(maxsize=20_000)
def org_name(text: str) -> str:
    """The name without quotes, its last word back in the nominative when it is a kind word
    (``Сыртқы істер министрлігіне`` → ``Сыртқы істер министрлігі``, ``Үкіметке`` → ``Үкімет``)."""
    name = _SPACES.sub(" ", text.replace("«", "").replace("»", "").replace('"', "")).strip()
    head, _, last = name.rpartition(" ")
    low = last.lower()
    for stem in morph.stems(low):
        if (stem,) not in ORG_KINDS and (stem,) not in KNOWN_ORGS:
            continue
        voiced = stem[:-1] + _VOICE.get(stem[-1], stem[-1])
        forms = [stem, stem + "ы", stem + "і", stem + "сы", stem + "сі", voiced + "ы", voiced + "і"]
        best = max((f for f in forms if low.startswith(f)), key=len, default=None)
        if best:
            return (head + " " if head else "") + last[: len(best)]
    return name


def _person_name(tokens: list[Token], text: str, start: int) -> str:
    """The name in the nominative: every word loses its case ending (``Баянның Мұратқызының``)."""
    out, pos = [], start
    for t in tokens:
        out.append(text[pos - start : t.start - start])
        out.append(nominative(t.text) if t.kind == "word" else t.text)
        pos = t.end
    out.append(text[pos - start :])
    return "".join(out)


# ---------------------------------------------------------------- rules
def _quote_spans(toks: list[Token]) -> list[tuple[int, int]]:
    """Index pairs (open, close) of quote tokens in one sentence."""
    out, open_at = [], None
    for i, t in enumerate(toks):
        if t.norm != '"':
            continue
        if open_at is None or t.text in OPEN_QUOTES:
            open_at = i
        else:
            if i > open_at + 1:
                out.append((open_at, i))
            open_at = None
    return out


_GENITIVE = re.compile("(?:" + "|".join(morph.endings("genitive")) + ")$")
_PLURAL = re.compile(r"(?:лар|лер|дар|дер|тар|тер)")
_NOT_PLAIN = re.compile(r"лар|лер|дар|дер|тар|тер|дағы|дегі|тағы|тегі|лық|лік|дық|дік|тық|тік")


def _plain_form(tok: Token, stem: str) -> bool:
    """``tok`` is ``stem`` with only possessive/case endings (not plural, adjectival or derived)."""
    norm = tok.norm
    if not norm.startswith(stem[:-1]):
        return False
    return not _NOT_PLAIN.search(norm[len(stem):])


def _match_words(toks: list[Token], i: int, words: tuple[str, ...]) -> int | None:
    """End index (exclusive) if ``words`` match the tokens from ``i`` (last word by stem), else None."""
    j = i
    for k, w in enumerate(words):
        if j >= len(toks):
            return None
        t = toks[j]
        if k == len(words) - 1:
            if w not in _stems(t) and t.norm != w:
                return None
        elif t.norm != w and w not in _stems(t):
            return None
        j += 1
    return j


def _sez_after(toks: list[Token], j: int) -> int | None:
    """End index of an SEZ kind phrase starting at ``j`` (``арнайы экономикалық аймағы``, ``АЭА-ның``)."""
    if j < len(toks) and (toks[j].stem == "аэа" or toks[j].norm.startswith("аэа")):
        return j + 1
    return _match_words(toks, j, SEZ_WORDS)


def _rules(analysis: Analysis, scan: _Scan | None = None) -> list[Mention]:
    """Rule mentions: quoted names (SEZ, companies, programs, known organizations), then the rules that
    start at a token. Only the sentences and tokens the scan (``_scan``) flags are looked at."""
    scan = _scan(analysis) if scan is None else scan
    if not scan.flags & (_R_QUOTE | _R_SEZ | _R_YEAR | _R_PHRASE2 | _R_STRONG2 | _R_DOT):
        return []
    text = analysis.text
    out: list[Mention] = []

    def add(typ: str, a: int, b: int, value: dict) -> None:
        out.append(Mention(typ, a, b, text[a:b], value))

    for sent, hits in scan:
        quotes = sez_head = False
        starts: list[int] = []
        sez: list[int] = []
        for i, f, prev in hits:
            if f & _R_QUOTE:
                quotes = True
            if f & _R_SEZ_HEAD:
                sez_head = True
            if (f & _R_YEAR and prev & _R_YEAR_NAME or f & _R_PHRASE2 and prev & _R_PHRASE1
                    or f & _R_STRONG2 and prev & _R_STRONG1 or f & _R_DOT and prev & _R_INITIAL):
                starts.append(i - 1)
            if f & _R_SEZ:
                sez.append(i)
        if sez and sez_head:  # an SEZ name needs АЭА or арнайы after it
            starts = sorted(set(starts + sez))
        if not (quotes or starts):
            continue
        toks = sent.tokens
        inside = _quoted_rules(toks, text, add) if quotes else ()
        for i in starts:
            if i not in inside:
                _rule_at(toks, i, text, add)
    return out


def _quoted_rules(toks: list[Token], text: str, add) -> set[int]:
    """The rules on quoted names of one sentence; returns the token indices they cover."""
    n = len(toks)
    quoted = _quote_spans(toks)
    inside = set()
    for o, c in quoted:
        inside.update(range(o, c + 1))
        name_text = text[toks[o + 1].start : toks[c - 1].end]
        key = _dash(name_text)
        # «X» арнайы экономикалық аймағы / «X» АЭА
        end = _sez_after(toks, c + 1)
        if end is not None:
            known = SEZ.get(key)
            value = {"name": known[0] if known else name_text, "kind": "sez",
                     "region": known[1] if known else _region_in(name_text)}
            manager = _match_words(toks, end, ("басқарушы", "компания"))
            if manager is not None:  # «Ақтөбе» АЭА басқарушы компаниясы
                value = {"name": text[toks[o].start:toks[manager - 1].end], "kind": "company",
                         "region": value["region"], "sez": value["name"]}
                value["name"] = org_name(value["name"])
                end = manager
            add("organization", toks[o].start, toks[end - 1].end, value)
            continue
        # «X» ұлттық басқарушы холдингі» АҚ: the official form, the kind words inside the outer quotes
        q = c + 1
        while q < n and q <= c + 6 and toks[q].kind == "word" and toks[q].text.islower():
            q += 1
        if q > c + 1 and q + 1 < n and toks[q].text in ("»", "”") and toks[q + 1].text.split("-")[0] in LEGAL_FORMS:
            j = q + 1
            while j < n and toks[j].text.split("-")[0] in LEGAL_FORMS:
                j += 1
            form = toks[q + 1].text.split("-")[0]
            known = KNOWN_ORGS.get(tuple(key.split()))
            inside.update(range(c + 1, j))
            add("organization", toks[o].start, toks[j - 1].end,
                {"name": known[1] if known else name_text, "kind": known[0] if known else LEGAL_FORMS[form],
                 "form": form})
            continue
        # «X» ЖШС, «X» ҰК АҚ, ЖШС «X»
        j = c + 1
        while j < n and toks[j].text.split("-")[0] in LEGAL_FORMS:
            j += 1
        a = o
        if (j == c + 1 and o > 0 and toks[o - 1].text in LEGAL_FORMS
                and not (o >= 2 and toks[o - 2].norm == '"')):  # not холдингі» АҚ «X»: АҚ closes the name before
            a = o - 1
        if j > c + 1 or a < o:
            form = toks[c + 1].text.split("-")[0] if j > c + 1 else toks[a].text
            add("organization", toks[a].start, toks[max(j - 1, c)].end,
                {"name": name_text, "kind": LEGAL_FORMS[form], "form": form})
            continue
        # «X» (мемлекеттік|ұлттық)? бағдарламасы / жобасы
        for k in range(c + 1, min(n, c + 4)):
            if toks[k].kind != "word":
                break
            if not PROGRAM_HEADS.isdisjoint(_stems(toks[k])):
                if not (k > c + 1 and "заң" in _stems(toks[k - 1])):
                    add("program", toks[o + 1].start, toks[c - 1].end,
                        {"name": PROGRAMS.get(key, name_text)})
                break
        else:
            after = crf.descriptor(morph.stems(toks[c + 1].norm)) if c + 1 < n and toks[c + 1].kind == "word" else None
            if after and "PROJECT" not in after:
                continue  # «Нұрлы жол» бекеті, «Бақытты отбасы» орталығы: named after the program
            if key in PROGRAMS and " " in key:
                add("program", toks[o + 1].start, toks[c - 1].end, {"name": PROGRAMS[key]})
            elif tuple(key.split()) in KNOWN_ORGS:
                kind, canon = KNOWN_ORGS[tuple(key.split())]
                add("organization", toks[o + 1].start, toks[c - 1].end, {"name": canon, "kind": kind})
    return inside


def _rule_at(toks: list[Token], i: int, text: str, add) -> None:
    """The rules that start at token ``i`` (SEZ names, strong titles, themed years, program phrases,
    initials)."""
    n = len(toks)
    t = toks[i]
    if t.kind != "word" or not t.text[:1].isupper():  # only a program phrase can start here
        for words in PROGRAM_PHRASES.get(t.norm, ()):
            end = _match_words(toks, i, words)
            if end is not None:
                add("program", t.start, toks[end - 1].end, {"name": PROGRAMS[" ".join(words)]})
                break
        return
    # unquoted SEZ: Х арнайы экономикалық аймағы with a known name
    if _may_start_sez(text[t.start:t.end]):
        for size in (4, 3, 2, 1):
            if i + size > n:
                continue
            name_text = text[t.start : toks[i + size - 1].end]
            known = SEZ.get(_dash(name_text))
            if known:
                end = _sez_after(toks, i + size)
                if end is not None:
                    add("organization", t.start, toks[end - 1].end,
                        {"name": known[0], "kind": "sez", "region": known[1]})
                    break
    # Мемлекет басшысы, Үкімет басшысының: titles of several words
    for key in STRONG_TITLES.get(t.norm, ()):
        end = _match_words(toks, i, key) if len(key) > 1 else None
        if end is not None and _plain_form(toks[end - 1], key[-1]):
            add("position", t.start, toks[end - 1].end, {"role": POSITIONS[key], "region": None})
            break
    # themed years: Жастар жылы, Еріктілер жылында, Өзбекстан жылы
    if (i + 1 < n and t.norm not in YEAR_STOPS
            and toks[i + 1].norm in THEMED_YEAR and not (i > 0 and toks[i - 1].is_number)
            and not (i + 2 < n and toks[i + 2].norm in ("бойы", "сайын", "бойғы"))):
        add("program", t.start, toks[i + 1].end, {"name": t.text + " жылы"})
    # program names of several words (Индустрияландыру картасы)
    for words in PROGRAM_PHRASES.get(t.norm, ()):
        end = _match_words(toks, i, words)
        if end is not None:
            add("program", t.start, toks[end - 1].end, {"name": PROGRAMS[" ".join(words)]})
            break
    # initials and a surname: Ә.Исекешев, Е. Ким, А.Б.Сейітов
    if (len(t.text) == 1 and i + 2 < n
            and toks[i + 1].text == "."):
        j = i + 2
        if j + 1 < n and len(toks[j].text) == 1 and toks[j].text.isupper() and toks[j + 1].text == ".":
            j += 2
        if j < n and toks[j].kind == "word" and toks[j].text[:1].isupper() and len(toks[j].text) > 1 \
                and (i == 0 or toks[i - 1].end < t.start or toks[i - 1].kind == "punct"):
            sur = toks[j].text
            if SURNAME_END.search(nominative(sur).lower()) or len(sur) <= 4 or sur != nominative(sur):
                add("person", t.start, toks[j].end,
                    {"name": text[t.start : toks[j].start] + nominative(sur)})


@lru_cache(maxsize=50_000)
def _known_org_keys(norm: str, stem: str, suffix: str) -> tuple[tuple[str, ...], ...]:
    """Known organization names (not quoted-only ones) a capitalized word token may start, in the
    order ``_known_org_at`` tries them: by the word itself, then one-word names by its shorter stems."""
    stems = (*morph.stems(norm), stem) if suffix else morph.stems(norm)
    keys = list(KNOWN_FIRST.get(norm, ())) + [k for s in stems[1:] for k in KNOWN_FIRST.get(s, ()) if len(k) == 1]
    return tuple(k for k in keys if k not in QUOTED_ONLY)


def _known_org_at(toks: list[Token], i: int) -> tuple[int, tuple[str, str]] | None:
    """A known organization name (``known_orgs.tsv``) starting at token ``i``: (end index, (kind, name))."""
    t = toks[i]
    if t.kind != "word" or not t.text[:1].isupper():
        return None
    for key in _known_org_keys(t.norm, t.stem, t.suffix):
        end = _match_words(toks, i, key)
        if end is None:
            continue
        if not _plain_form(toks[end - 1], key[-1]):
            continue
        return end, KNOWN_ORGS[key]
    return None


@lru_cache(maxsize=50_000)
def _strong_title_keys(norm: str, stem: str, suffix: str) -> tuple[tuple[str, ...], ...]:
    """Strong titles (``positions.tsv``) a word token may start, by its title stems, in order."""
    return tuple(k for s in _title_stems_of(norm, stem, suffix) for k in STRONG_TITLES.get(s, ()))


def _fallbacks(analysis: Analysis, scan: _Scan | None = None) -> list[Mention]:
    """Rule mentions kept only where nothing else was found: known organizations, akims of named places.
    Only the tokens the scan (``_scan``) flags as a possible start are looked at."""
    scan = _scan(analysis) if scan is None else scan
    if not scan.flags & (_FB_SELF | _FB_SECOND | _FB_AFTER_PLACE | _FB_AKIM):
        return []
    text = analysis.text
    out: list[Mention] = []
    for sent, hits in scan:
        last = -1
        for i, f, prev in hits:
            if f & _FB_SECOND and prev & _FB_FIRST and last < i - 1:
                _fallback_at(sent.tokens, i - 1, text, out)
            if (f & _FB_SELF or f & _FB_AFTER_PLACE and prev & _FB_PLACE
                    or f & _FB_AKIM and prev & (_FB_CAP_GEN | _FB_PLACE)):
                _fallback_at(sent.tokens, i, text, out)
                last = i
    return out


def _fallback_at(toks: list[Token], i: int, text: str, out: list[Mention]) -> None:
    """The ``_fallbacks`` rules at token ``i`` (appends to ``out``)."""
    n = len(toks)
    t = toks[i]
    cap = t.kind == "word" and t.text[:1].isupper()
    if cap:
        for key in _strong_title_keys(t.norm, t.stem, t.suffix):
            end = _match_words(toks, i, key)
            if end is not None and _plain_form(toks[end - 1], key[-1]):
                span_toks = toks[i:end]
                out.append(Mention("position", t.start, toks[end - 1].end, text[t.start:toks[end - 1].end],
                                   {"role": role_of(span_toks), "region": None}))
                break
    if "вице" in t.norm and (t.norm == "вице" or t.norm.startswith("вице-")):
        # вице премьер-министр, бірінші вице-премьер министр (lower case, the tagger's blind spot)
        b = i + 1 if t.norm == "вице" else i
        if b < n and _is_title(toks[b]):
            if b + 1 < n and _is_title(toks[b + 1]) and toks[b + 1].kind == "word" and toks[b + 1].text.islower():
                b += 1
            a = i
            while a > 0 and ORDINAL.match(toks[a - 1].norm):
                a -= 1
            span_toks = toks[a:b + 1]
            out.append(Mention("position", toks[a].start, toks[b].end, text[toks[a].start:toks[b].end],
                               {"role": role_of(span_toks), "region": None}))
            return
    hit = _known_org_at(toks, i) if cap else None
    if hit:
        end, (kind, canon) = hit
        out.append(Mention("organization", t.start, toks[end - 1].end, text[t.start:toks[end - 1].end],
                           {"name": canon, "kind": kind}))
        return
    # <Place> облысының / ауданы / қаласының әкімі (орынбасары); <Place> облысы әкімдігі (an akimat)
    if i < 1 or t.kind != "word":
        return
    if not any(s in PLACE_TYPES for s in _stems(toks[i - 1])):
        prev = toks[i - 1]
        # Шымкенттің әкімі, Атыраудың әкімі: a city or region in the genitive, no type word
        if (prev.kind == "word" and prev.text[:1].isupper() and _GENITIVE.search(prev.norm)
                and "әкім" in _title_stems_of(t.norm, t.stem, t.suffix) and not _namelike(prev.norm)):
            place = _place_value(prev.text)
            kato = (place or {}).get("kato") or ""
            if kato.endswith("00000") and not (i >= 2 and toks[i - 2].kind == "word" and toks[i - 2].text[:1].isupper()):
                b = i
                if i + 1 < n and _is_title(toks[i + 1]) and toks[i + 1].text.islower():
                    b = i + 1  # Шымкенттің әкімінің орынбасары
                out.append(Mention("position", prev.start, toks[b].end, text[prev.start:toks[b].end],
                                   {"role": role_of(toks[i - 1:b + 1]),
                                    "region": (place or {}).get("region") or kato}))
        return
    if not _is_title_of(t.norm, t.stem, t.suffix):
        a = i - 1
        while (a - 1 >= 0 and a > i - 4 and toks[a - 1].kind == "word" and toks[a - 1].text[:1].isupper()
               and not _namelike(toks[a - 1].norm)):
            a -= 1
        if (a < i - 1 and any(ORG_KINDS.get((s,)) == "akimat" for s in _stems(t))
                and not _PLURAL.search(t.norm) and not _PLURAL.search(toks[i - 1].norm)):
            # (not қалаларының әкімдіктерімен: several akimats, KazNERD tags the places)
            span = text[toks[a].start:t.end]
            out.append(Mention("organization", toks[a].start, t.end, span,
                               {"name": org_name(span), "kind": "akimat",
                                "region": _region_of_span(toks[a:i + 1], span, toks[a].start)}))
        return
    if toks[i - 1].norm in GENERIC_PLACES and i + 1 < n and toks[i + 1].kind == "word" \
            and toks[i + 1].text[:1].isupper() and (_namelike(toks[i + 1].norm) or (
                len(toks[i + 1].text) == 1 and i + 2 < n and toks[i + 2].text == ".") or (  # or Е.Ким
                i + 2 < n and toks[i + 2].kind == "word" and toks[i + 2].text[:1].isupper()
                and SURNAME_END.search(nominative(toks[i + 2].norm).lower()))):  # a first name not listed, a surname
        # облыс әкімі Асхат Шахаров: the akim of the document's region, named right after
        out.append(Mention("position", toks[i - 1].start, t.end, text[toks[i - 1].start:t.end],
                           {"role": role_of(toks[i - 1:i + 1]), "region": None}))
        return
    a = i - 1
    if a >= 2 and toks[a - 1].norm in ("ауылдық", "кенттік"):  # Бесқарағай ауылдық округінің әкімі
        a -= 1
    a0 = a
    while (a - 1 >= 0 and a > a0 - 3 and toks[a - 1].kind == "word" and toks[a - 1].text[:1].isupper()
           and not _namelike(toks[a - 1].norm)):
        a -= 1
    if a == a0:
        return
    b = i
    for k in range(i + 1, min(n, i + 3)):
        if toks[k].kind != "word":
            break
        if _is_title(toks[k]):
            b = k
            break
    span_toks = toks[a:b + 1]
    span = text[toks[a].start:toks[b].end]
    out.append(Mention("position", toks[a].start, toks[b].end, span,
                       {"role": role_of(span_toks), "region": _region_of_span(span_toks, span, toks[a].start)}))


# ---------------------------------------------------------------- token flags (one scan)
# What the rules can use at a token, from its surface form alone (the tokenizer derives kind, norm,
# stem and suffix from it), cached by that form: the vocabulary repeats. One scan of the tokens lists
# the tokens where a rule may start, or the token after one (a pair of flags: the first word of a
# phrase, then a word its second word can be); every rule looks at those only. Most tokens have no
# flag, most sentences list nothing.
# -- a rule may start at the token itself
_R_QUOTE = 1 << 0  # a quote: the quoted-name rules run on the sentence
_R_SEZ = 1 << 1  # a capitalized word an SEZ name may start with (needs an _R_SEZ_HEAD in the sentence)
_R_SEZ_HEAD = 1 << 2  # АЭА, арнайы: what follows an SEZ name
_FB_SELF = 1 << 3  # a capitalized one-word strong title or known organization, вице
_REMIT_WORD = 1 << 4  # жөніндегі (_remit_orgs)
_LOCAL_BODY_WORD = 1 << 5  # қалалық, облысының ... (_place_titles)
_LATIN_TOKEN = 1 << 6  # a Latin-script word (_latin_names)
_SINGLES = (1 << 7) - 1
# -- a rule may start at the token before (second flag of a pair, the first flag below)
_R_YEAR = 1 << 7  # a themed-year word (жылы) after ...
_R_PHRASE2 = 1 << 8  # a word that may be the second word of a program phrase, after ...
_R_STRONG2 = 1 << 9  # a word that may be the second word of a strong title of several words, after ...
_R_DOT = 1 << 10  # a full stop, after ...
_FB_SECOND = 1 << 11  # a word that may be the second word of a strong title or known organization, after ...
# -- a rule may start at the token, given the token before (second flag of a pair)
_FB_AFTER_PLACE = 1 << 12  # a title or an akimat word, after a place type word
_FB_AKIM = 1 << 13  # әкім, after a capitalized genitive (Шымкенттің әкімі) or a place type word
_SECONDS = (1 << 14) - 1 - _SINGLES
# -- first flags of the pairs
_R_YEAR_NAME = 1 << 14  # a capitalized word that may name a themed year (Жастар жылы)
_R_PHRASE1 = 1 << 15  # the first word of a program phrase (Индустрияландыру картасы)
_R_STRONG1 = 1 << 16  # a capitalized first word of a strong title of several words (Мемлекет басшысы)
_R_INITIAL = 1 << 17  # a capital letter alone (Ә.Исекешев)
_FB_FIRST = 1 << 18  # a capitalized word that begins a strong title or known organization of several words
_FB_PLACE = 1 << 19  # a place type word (облыс, ауданының)
_FB_CAP_GEN = 1 << 20  # a capitalized genitive that is no person's name (Шымкенттің)
_FLAGS: dict[str, int] = {}
_PHRASE_SECOND = frozenset(words[1] for phrases in PROGRAM_PHRASES.values() for words in phrases)
_STRONG_SECOND = frozenset(k[1] for keys in STRONG_TITLES.values() for k in keys if len(k) > 1)
_KNOWN_SECOND = frozenset(k[1] for k in KNOWN_ORGS if len(k) > 1)


def _token_flags(t: Token) -> int:
    """The flags of a token (computed once per surface form)."""
    if len(_FLAGS) >= 200_000:
        _FLAGS.clear()
    text, norm = t.text, t.norm
    if t.kind == "word" and not t.suffix:
        # a word none of whose stems (morph.stems(norm), the word first) is a trigger (most new forms:
        # keep this cheap) has no flag below but those of a capitalized word as such
        stems = morph.stems(norm)
        if (_QUIET_STEMS.isdisjoint(stems) and norm not in _QUIET_NORMS and "вице" not in norm
                and not norm.startswith("аэа")):
            if not text[:1].isupper():  # (a Latin one may be a Latin name: _LATIN_WORD starts with an ASCII letter)
                if not "a" <= text[0] <= "z" or not _LATIN_WORD.match(text):
                    _FLAGS[text] = 0
                    return 0
            elif STRONG_TITLES.keys().isdisjoint(stems) and KNOWN_FIRST.keys().isdisjoint(stems):
                f = _cap_flags(text, norm)  # no title or known name starts here either
                _FLAGS[text] = f
                return f
    return _full_flags(t)


def _cap_flags(text: str, norm: str) -> int:
    """The flags a capitalized word has as such (from its form, whatever its stems)."""
    f = _R_SEZ if _may_start_sez(text) else 0
    if len(text) == 1:
        f |= _R_INITIAL
    if norm not in YEAR_STOPS:
        f |= _R_YEAR_NAME
    if _GENITIVE.search(norm) and not _namelike(norm):
        f |= _FB_CAP_GEN
    if _LATIN_WORD.match(text):
        f |= _LATIN_TOKEN
    return f


def _full_flags(t: Token) -> int:
    """``_token_flags``, computed in full (and remembered)."""
    text, norm = t.text, t.norm
    f = 0
    stem, suffix = t.stem, t.suffix
    stems = _stems(t)
    cap = t.kind == "word" and text[:1].isupper()
    forms = {norm, *stems}  # what a word of a phrase is compared with (_match_words)
    if norm == '"':
        f |= _R_QUOTE
    if stem == "аэа" or norm.startswith("аэа") or "арнайы" in forms:
        f |= _R_SEZ_HEAD
    if norm in PROGRAM_PHRASES:
        f |= _R_PHRASE1
    if not forms.isdisjoint(_PHRASE_SECOND):
        f |= _R_PHRASE2
    if cap:
        f |= _cap_flags(text, norm)
        if any(len(k) > 1 for k in STRONG_TITLES.get(norm, ())):
            f |= _R_STRONG1
        keys = ()  # (looked up only when a stem can begin a strong title or known name)
        if not STRONG_TITLES.keys().isdisjoint(stems):
            keys += _strong_title_keys(norm, stem, suffix)
        if norm in KNOWN_FIRST or not KNOWN_FIRST.keys().isdisjoint(stems):
            keys += _known_org_keys(norm, stem, suffix)
        for key in keys:
            f |= _FB_SELF if len(key) == 1 else _FB_FIRST
    if not forms.isdisjoint(_STRONG_SECOND):
        f |= _R_STRONG2
    if not forms.isdisjoint(_STRONG_SECOND) or not forms.isdisjoint(_KNOWN_SECOND):
        f |= _FB_SECOND
    if t.text == ".":
        f |= _R_DOT
    if norm in THEMED_YEAR:
        f |= _R_YEAR
    if t.kind == "word":  # (title stems are some of the stems: test those first)
        if "әкім" in stems and "әкім" in _title_stems_of(norm, stem, suffix):
            f |= _FB_AKIM
        if (not TITLE_HEADS.isdisjoint(stems) and _is_title_of(norm, stem, suffix)
                or not _AKIMAT_STEMS.isdisjoint(stems)):
            f |= _FB_AFTER_PLACE
    if "вице" in norm:
        f |= _FB_SELF
    if not PLACE_TYPES.isdisjoint(stems):
        f |= _FB_PLACE
    if norm in REMIT_WORDS:
        f |= _REMIT_WORD
    if norm in LOCAL_BODIES:
        f |= _LOCAL_BODY_WORD
    if not cap and _LATIN_WORD.match(t.text):  # (_cap_flags tests a capitalized word)
        f |= _LATIN_TOKEN
    _FLAGS[t.text] = f
    return f


class _Scan(list):
    """``(sentence, [(index, flags, flags of the token before), ...])`` for the flagged tokens of each
    sentence that has any; ``flags``: all their flags together (a rule whose flag is absent skips)."""

    __slots__ = ("flags",)


def _scan(analysis: Analysis) -> _Scan:
    """The flagged tokens of ``analysis`` (see ``_Scan``)."""
    out = _Scan()
    union = 0
    get = _FLAGS.get
    listed = _SINGLES | _SECONDS  # (a local: this loop runs over every token)
    for sent in analysis.sentences:
        hits = None
        prev = 0
        for i, t in enumerate(sent.tokens):
            f = get(t.text)
            if f is None:
                f = _token_flags(t)
            if f & listed and (f & _SINGLES or prev):
                if hits is None:
                    hits = []
                hits.append((i, f, prev))
                union |= f
            prev = f
        if hits:
            out.append((sent, hits))
    out.flags = union
    return out


# ---------------------------------------------------------------- the recognizer
class _Index:
    """Token look-up by offset for one analysis (bisect over token starts, so a document stays linear)."""

    def __init__(self, analysis: Analysis) -> None:
        self.sents = [s.tokens for s in analysis.sentences if s.tokens]
        self.starts = [t[0].start for t in self.sents]

    def sentence(self, offset: int) -> list[Token]:
        k = bisect.bisect_right(self.starts, offset) - 1
        return self.sents[k] if k >= 0 else []

    def tokens(self, a: int, b: int) -> list[Token]:
        sent = self.sentence(a)
        i = _first_at(sent, a)
        out = []
        for t in sent[i:]:
            if t.start >= b:
                break
            if t.end <= b:
                out.append(t)
        return out


def _first_at(sent: list[Token], a: int) -> int:
    """Index of the first token of ``sent`` starting at or after offset ``a``."""
    return bisect.bisect_left(sent, a, key=_START)


_INDEX: list[tuple[Analysis, _Index]] = []


def _index(analysis: Analysis) -> _Index:
    for a, ix in _INDEX:
        if a is analysis:
            return ix
    ix = _Index(analysis)
    _INDEX[:] = [*_INDEX[-3:], (analysis, ix)]
    return ix


def _tokens_in(analysis: Analysis, a: int, b: int) -> list[Token]:
    return _index(analysis).tokens(a, b)


def _balance(toks: list[Token]) -> list[Token]:
    """Cut a tagged span at an unbalanced quote (``Даму» қоры`` → ``Даму``), drop quotes at its edges."""
    depth = 0
    for k, t in enumerate(toks):
        if t.norm == '"':
            if t.text in OPEN_QUOTES or (t.text == '"' and depth == 0):
                depth += 1
            elif depth:
                depth -= 1
            else:
                toks = toks[:k]
                break
    while toks and toks[0].norm == '"' and not any(u.norm == '"' for u in toks[1:]):
        toks = toks[1:]
    while toks and toks[-1].norm == '"' and not any(u.norm == '"' for u in toks[:-1]):
        toks = toks[:-1]
    return toks


_OBLIQUE = re.compile(r"(?:да|де|та|те|нда|нде|дан|ден|тан|тен|нан|нен|ға|ге|қа|ке|на|не)$")


_LOCATIVE = re.compile(r"(?:да|де|та|те)$")  # шеруде, парадта: where, not who


def _trim_position(toks: list[Token]) -> list[Token]:
    """Drop what cannot open a title: an organization in the locative/ablative/dative
    (``Үкіметте Индустрия ... вице-министрі``), a lower-case adjective before a name (``бельгиялық Лёвен``)."""
    while len(toks) > 1:
        t, nxt = toks[0], toks[1]
        if t.kind == "word" and nxt.text[:1].isupper() and (
                (t.text[:1].islower() and _DERIVED.match(t.norm[-3:]) and not _is_title(t))
                or (_OBLIQUE.search(t.norm) and any((s,) in KNOWN_ORGS for s in _stems(t)) and t.norm not in
                    {k[0] for k in KNOWN_ORGS})
                or (_LOCATIVE.search(t.norm) and len(t.norm) > 4 and not _is_title(t)
                    and not any(s in crf.PLACE_WORDS for s in _stems(t)))):
            toks = toks[1:]
        else:
            break
    return toks


def _extend_left(analysis: Analysis, toks: list[Token]) -> list[Token]:
    """Take in an ordinal or ``вице`` right before a position (``бірінші вице-премьер``, ``вице премьер-министр``)."""
    sent = _index(analysis).sentence(toks[0].start)
    k = _first_at(sent, toks[0].start)
    while k and ORDINAL.match(sent[k - 1].norm) and (toks[0].norm.startswith("вице") or sent[k - 1].norm == "вице"):
        k -= 1
        toks = [sent[k], *toks]
    return toks


def _is_title(t: Token) -> bool:
    """A word token that is a title (cached by its surface form)."""
    found = _TITLE.get(t.text)
    if found is None:
        if len(_TITLE) >= 200_000:
            _TITLE.clear()
        found = _TITLE[t.text] = t.kind == "word" and _is_title_of(t.norm, t.stem, t.suffix)
    return found


_TITLE: dict[str, bool] = {}


@lru_cache(maxsize=50_000)
def _is_title_of(norm: str, stem: str, suffix: str) -> bool:
    """``_is_title`` of a word token, by the fields it depends on (cached: every token asks)."""
    return not TITLE_HEADS.isdisjoint(_title_stems_of(norm, stem, suffix))


def _split_titles(toks: list[Token]) -> list[list[Token]]:
    """Titles run together → separate positions: ``Аймақ басшысының орынбасары ҚР ... министрі``,
    ``... орынбасары , ұлттық компания басшысы``; ``Елбасы Министрлер`` → ``Елбасы``."""
    if len(toks) > 1 and toks[0].norm in STRONG_TITLES and (toks[0].norm,) in STRONG_TITLES[toks[0].norm] \
            and not any(_is_title(t) for t in toks[1:]):
        return [toks[:1]]
    parts, cur = [], []
    for k, t in enumerate(toks):
        if t.text == "," and cur and _is_title(cur[-1]):
            parts.append(cur)
            cur = []
            continue
        cur.append(t)
        if (k + 1 < len(toks) and toks[k + 1].text[:1].isupper() and t.kind == "word" and _YI_END.search(t.norm)
                and any(s in TITLE_HEADS and t.norm in (s + "ы", s + "і", s + "сы", s + "сі") for s in _stems(t))):
            parts.append(cur)
            cur = []
    parts = parts + [cur] if cur else parts
    return [p for p in parts if p and not _derived_head(p[-1])] or [[]]


def _derived_head(t: Token) -> bool:
    """``Президенттік``, ``президенттікке``: an adjective made from a title, not a title."""
    return t.kind == "word" and not _is_title(t) and any(
        s in TITLE_HEADS and t.norm.startswith(s) and _DERIVED.match(t.norm[len(s):]) for s in _stems(t))


def _placelike(t: Token) -> bool:
    """A word the KATO gazetteer knows as a place and no name list knows as a person's name (cached by
    the token's surface form)."""
    found = _PLACELIKE.get(t.text)
    return _by_form(_PLACELIKE, t, _placelike_of) if found is None else found


_PLACELIKE: dict[str, bool] = {}


def _placelike_of(t: Token) -> bool:
    stems = _stems(t)
    return (any(s in crf.PLACE_WORDS for s in stems) and not any(s in FIRST_NAMES for s in stems)
            and not SURNAME_END.search(nominative(t.text).lower()))


def _sentence_of(analysis: Analysis, tok: Token) -> list[Token]:
    return _index(analysis).sentence(tok.start)


def _quoted_as(analysis: Analysis, toks: list[Token], cls: str) -> bool | None:
    """For a name in quotes: does the descriptor after the closing quote allow ``cls``? None: no descriptor."""
    sent = _sentence_of(analysis, toks[0])
    first = _first_at(sent, toks[0].start)
    last = _first_at(sent, toks[-1].start)
    if 0 < first and last + 2 < len(sent) and sent[first - 1].norm == '"' and sent[last + 1].norm == '"':
        nxt = sent[last + 2]
        d = crf.descriptor(morph.stems(nxt.norm)) if nxt.kind == "word" else None
        if d:
            return cls in d
    return None


def _bare_quoted(analysis: Analysis, toks: list[Token]) -> bool:
    """A quoted name that a following word shows is no organization: ``«Қазақ батыры» атты
    туындылары`` (``атты``/``деген`` + a word of another kind), ``«ДжиПиЭй» бойынша`` (a measure)."""
    sent = _sentence_of(analysis, toks[0])
    first = _first_at(sent, toks[0].start)
    last = _first_at(sent, toks[-1].start)
    if not (0 < first and last + 2 < len(sent) and sent[first - 1].norm == '"' and sent[last + 1].norm == '"'):
        return False
    what = NAME_MARKERS.get(sent[last + 2].norm)
    if what is None or _known_org_at(toks, 0) is not None:
        return False
    if what == "not_org":
        return True
    nxt = sent[last + 3] if last + 3 < len(sent) else None  # атты/деген: the word after says the kind
    if nxt is None or nxt.kind != "word":
        return False
    d = crf.descriptor(morph.stems(nxt.norm))
    return not (d and "ORGANISATION" in d) and not any((s,) in ORG_KINDS for s in _stems(nxt))


def _org_filter(analysis: Analysis, toks: list[Token], quotes: bool = True) -> list[list[Token]]:
    """A tagged organization, checked: a quoted name whose descriptor says it is no organization
    (``«Томирис» картиналары``) or a plural/derived form of an organization word (``Үкіметтер``,
    ``Үкіметтік``) is dropped; two known names run together (``Ұлттық банк Үкіметпен``) are split."""
    if quotes and _quoted_as(analysis, toks, "ORGANISATION") is False:  # (quotes: the text has a quote)
        return []
    if quotes and _bare_quoted(analysis, toks):
        return []
    ranges = by_forms(_ORG_PARTS, 20_000, toks, _org_parts)  # (the rest reads the words' forms only)
    return [toks[a:b] for a, b in ranges]


_ORG_PARTS: dict[tuple[str, ...], tuple[tuple[int, int], ...]] = {}


def _org_parts(toks: list[Token]) -> tuple[tuple[int, int], ...]:
    """``_org_filter``'s tests on the words themselves, as index ranges of the parts kept."""
    n = len(toks)
    if n == 1 and toks[0].kind == "word":
        t = toks[0]
        for stem in _stems(t):
            if ((stem,) in KNOWN_ORGS or (stem,) in ORG_KINDS) and t.norm != stem and not _plain_form(t, stem):
                return ()
    t = toks[0]
    if n > 1 and t.kind == "word" and _OBLIQUE.search(t.norm) and toks[1].text[:1].isupper() and any(
            (s,) in KNOWN_ORGS and t.norm != s and _plain_form(t, s) for s in _stems(t)):
        return ((0, 1),)  # Үкіметке Жәнібек стационары ...: the addressee, then another name
    for k, t in enumerate(toks):
        if t.norm in ("мен", "пен", "бен") and 0 < k < n - 1:
            hit = _known_org_at(toks, 0)
            if hit and hit[0] == k:  # Мәжіліс пен Сенат: two organizations
                return ((0, k), (k + 1, n))
    parts, k = [], 0
    while k < n:
        hit = _known_org_at(toks, k)
        if not hit:
            break
        parts.append((k, hit[0]))
        k = hit[0]
    if len(parts) > 1 and k == n and not any(_possessed(toks[b - 1]) for _, b in parts[1:]):
        return tuple(parts)
    if n == 1 and len(toks[0].text) == 1:
        return ()
    return ((0, n),)


def _possessed(t: Token) -> bool:
    """``Мәжілісінің`` in ``Парламент Мәжілісінің``: the second name belongs to the first."""
    return any(t.norm.startswith(s) and t.norm[len(s):][:1] in ("ы", "і") or t.norm[len(s):][:2] in ("сы", "сі")
               for s in _stems(t) if len(s) < len(t.norm))


def _crf_mentions(analysis: Analysis, scan: _Scan | None = None) -> list[Mention]:
    """The tagger's person, position, organization and program spans, checked and given values. The
    quote tests need a quote in the text (``scan`` tells)."""
    quotes = scan is None or bool(scan.flags & _R_QUOTE)
    text = analysis.text
    out = []
    index = None
    for cls, a, b in crf.tag(analysis):
        typ = CLASS_TYPE.get(cls)
        if typ is None:
            continue
        if index is None:
            index = _index(analysis)
        toks = _balance(index.tokens(a, b))
        if not toks or not any(t.kind == "word" or t.is_number for t in toks):
            continue
        while toks and toks[0].text.split("-")[0] in LEGAL_FORMS:  # «X» ЖШС belongs to the name before
            toks = toks[1:]
        while (typ == "organization" and len(toks) > 1 and toks[0].kind == "word" and toks[1].text[:1].isupper()
               and (toks[0].text[:1].islower() and _OBLIQUE.search(toks[0].norm)
                    or _LOCATIVE.search(toks[0].norm) and len(toks[0].norm) > 4
                    and _first_at(_sentence_of(analysis, toks[0]), toks[0].start) == 0
                    and not any((s,) in KNOWN_ORGS or s in crf.PLACE_WORDS for s in _stems(toks[0])))):
            toks = toks[1:]  # парадта Кеңес Одағының: a place or time word, not the name
        if not toks:
            continue
        if typ == "program" and quotes and _quoted_as(analysis, toks, "PROJECT") is False:
            continue
        if typ == "organization":
            parts = _org_filter(analysis, toks, quotes)
            for part in parts[:-1]:
                pa, pb = part[0].start, part[-1].end
                out.append(Mention(typ, pa, pb, text[pa:pb], {"name": org_name(text[pa:pb]),
                                                              "kind": org_kind(part, text[pa:pb])}))
            toks = parts[-1] if parts else []
            if not toks:
                continue
        if typ == "position":
            toks = _trim_position(toks)
            if not toks:
                continue
            toks = _extend_left(analysis, toks)
            parts = _split_titles(toks)
            for part in parts[:-1]:
                pa, pb = part[0].start, part[-1].end
                out.append(Mention(typ, pa, pb, text[pa:pb], {"role": role_of(part),
                                                              "region": _region_of_span(part, text[pa:pb], pa)}))
            toks = parts[-1]
            if not toks:
                continue
        a, b = toks[0].start, toks[-1].end
        span = text[a:b]
        if typ == "person":
            words = [t for t in toks if t.kind == "word"]
            if words and all(_placelike(t) for t in words):
                continue  # Алматыдан Ростовқа: places the tagger took for a name
            value = {"name": _person_name(toks, span, a)}
        elif typ == "position":
            value = {"role": role_of(toks), "region": _region_of_span(toks, span, a)}
        elif typ == "organization":
            name = org_name(span)
            value = {"name": name, "kind": org_kind(toks, span)}
            words = [t for t in toks if t.kind == "word"]
            if (value["kind"] == "center" and len(words) >= 2 and _GENITIVE.search(words[-2].norm)
                    and any(s in PLACE_TYPES for s in _stems(words[-2]))):
                continue  # Ұлытау облысының орталығы: the region's seat (a place), not a centre

            region = _region_of_span(toks, span, a) if value["kind"] in ("akimat", "maslikhat", "department") else None
            if region:
                value["region"] = region
        else:
            value = {"name": PROGRAMS.get(_dash(span), span.replace("«", "").replace("»", "").strip())}
        out.append(Mention(typ, a, b, span, value))
    return out


def _resolve(rules: list[Mention], tagged: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions: the longer span wins, rules before the tagger on ties."""
    if not rules and not tagged:
        return []
    ordered = sorted(rules + tagged, key=_START)
    end = 0
    for m in ordered:
        if m.start < end or m.end <= m.start:
            break
        end = m.end
    else:  # nothing overlaps (the common case): every mention stays, in text order
        return ordered
    chosen = []
    taken = bytearray(max((m.end for m in rules + tagged), default=0))
    ranked = [(0, m) for m in rules] + [(1, m) for m in tagged]
    for _, m in sorted(ranked, key=lambda rm: (-(rm[1].end - rm[1].start), rm[0], rm[1].start)):
        if m.end <= m.start or any(taken[m.start:m.end]):
            continue
        chosen.append(m)
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    chosen.sort(key=_START)
    return chosen


_START = attrgetter("start")


def _link(mentions: list[Mention], analysis: Analysis) -> None:
    """Short person mentions → the full name; a position → the person named right after it."""
    full: dict[str, str] = {}
    for m in mentions:
        if m.type == "person":
            first, last, size = _name_keys(m.value["name"])
            if size > 1:
                full.setdefault(last, m.value["name"])
                full.setdefault(first, m.value["name"])
    for m in mentions:
        if m.type == "person":
            name = m.value["name"]
            key = _name_keys(name)[1]
            ref = full.get(key)
            if ref and ref != name:
                m.value["ref"] = ref
    text = analysis.text
    for k, m in enumerate(mentions[:-1]):
        nxt = mentions[k + 1]
        if m.type == "position" and nxt.type == "person" and not text[m.end : nxt.start].strip(" ,"):
            m.value["person"] = nxt.value.get("ref", nxt.value["name"])
    for k, m in enumerate(mentions[1:], 1):
        prev = mentions[k - 1]
        if (m.type == "position" and "person" not in m.value and prev.type == "person"
                and text[prev.end : m.start].strip() in (",", "-", "–", "—")):
            m.value["person"] = prev.value.get("ref", prev.value["name"])  # Асхат Шахаров, облыс әкімі


def _repeats(analysis: Analysis, mentions: list[Mention]) -> list[Mention]:
    """Surnames of people named in full elsewhere in the document, where the tagger missed them."""
    surnames: dict[str, str] = {}
    for m in mentions:
        if m.type == "person":
            _, last, size = _name_keys(m.value["name"])
            if size > 1 and SURNAME_END.search(last):
                surnames.setdefault(last, m.value["name"])
    if not surnames:
        return []
    out = []
    get = _NOMINATIVE_KEY.get
    for sent in analysis.sentences:
        for t in sent.tokens:
            key = get(t.text)
            if key is None:
                key = _nominative_key(t)
            if key and key in surnames:
                out.append(Mention("person", t.start, t.end, t.text, {"name": nominative(t.text)}))
    return out


@lru_cache(maxsize=20_000)
def _name_keys(name: str) -> tuple[str, str, int]:
    """A person's name: its first and last word lower-cased, and its number of words (an initial is a
    word: ``Ә.Исекешев`` has two)."""
    parts = name.replace(".", ". ").split()
    return parts[0].lower(), parts[-1].lower(), len(parts)


_NOMINATIVE_KEY: dict[str, str] = {}


def _nominative_key(t: Token) -> str:
    """A capitalized word's nominative, lower-cased (what ``_repeats`` compares with surnames), or "" for
    any other token; cached by the surface form."""
    if len(_NOMINATIVE_KEY) >= 200_000:
        _NOMINATIVE_KEY.clear()
    key = _NOMINATIVE_KEY[t.text] = (nominative(t.text).lower()
                                     if t.kind == "word" and t.text[:1].isupper() else "")
    return key


def _uncrossed(tagged: list[Mention], rules: list[Mention]) -> list[Mention]:
    """Tagged spans that do not cut through a rule span (``Президент Қ`` of ``Президент Қ.Тоқаев``)."""
    if not rules:
        return tagged
    starts = sorted((m.start, m.end) for m in rules)
    keys = [a for a, _ in starts]
    out = []
    for m in tagged:
        k = bisect.bisect_left(keys, m.end) - 1
        crossed = False
        while k >= 0 and k >= bisect.bisect_left(keys, m.start) - 8:
            a, b = starts[k]
            if a < m.end and m.start < b and not (m.start <= a and b <= m.end) and not (a <= m.start and m.end <= b):
                crossed = True
                break
            k -= 1
        if not crossed:
            out.append(m)
    return out


def _with_free(mentions: list[Mention], extra: list[Mention]) -> list[Mention]:
    """``mentions`` and those of ``extra`` that overlap none of them (resolving resolved mentions with
    nothing new gives them back unchanged: skipped)."""
    if not extra:
        return mentions
    extra = _free(mentions, extra)
    return _resolve(mentions, extra) if extra else mentions


def _free(found: list[Mention], extra: list[Mention]) -> list[Mention]:
    """The ``extra`` mentions that overlap nothing ``found``."""
    if not extra or not found:
        return list(extra)
    taken = bytearray(max((m.end for m in found + extra), default=0))
    for m in found:
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    return [m for m in extra if not any(taken[m.start:m.end])]


_LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9&'.-]*$")


def _latin_names(analysis: Analysis, scan: _Scan | None = None) -> list[Mention]:
    """A run of Latin-script words in Kazakh text with a capital, followed by a word naming an
    organization (``Kazakh TV арнасымен``, ``500 Startups компаниясының``), where nothing else matched;
    the descriptor stays out of the span, as in KazNERD. Runs start at the Latin words the scan flags
    (``_scan``) that follow no Latin word."""
    scan = _scan(analysis) if scan is None else scan
    if not scan.flags & _LATIN_TOKEN:
        return []
    text = analysis.text
    out = []
    for sent, hits in scan:
        toks = sent.tokens
        for i, f, prev in hits:
            if not f & _LATIN_TOKEN or prev & _LATIN_TOKEN:
                continue
            a = i - 1 if i and toks[i - 1].is_number else i
            j = i
            while j + 1 < len(toks) and _LATIN_WORD.match(toks[j + 1].text):
                j += 1
            words = [t.text for t in toks[i:j + 1]]
            nxt = toks[j + 1] if j + 1 < len(toks) else None
            if nxt is not None and nxt.kind == "word" and any(w[:1].isupper() for w in words) and (
                    "ORGANISATION" in (crf.descriptor(morph.stems(nxt.norm)) or "")
                    or any((s,) in ORG_KINDS for s in _stems(nxt))):
                start, end = toks[a].start, toks[j].end
                span = text[start:end]
                out.append(Mention("organization", start, end, span, {"name": span, "kind": "organization"}))
    return out


REMIT_WORDS = resources.words("remit_words.tsv")
_REMIT = re.compile("|".join(sorted(REMIT_WORDS, key=len, reverse=True)))
_REMIT_LEFT = 6  # Азиядағы өзара іс-қимыл және сенім шаралары жөніндегі


def _sentences_holding(at: list[int], sents):
    """The ``(sentence, hits)`` pairs of ``sents`` holding one of the sorted offsets ``at``."""
    for sent, hits in sents:
        k = bisect.bisect_left(at, sent.start)
        if k < len(at) and at[k] < sent.end:
            yield sent, hits


def _remit_orgs(analysis: Analysis, scan: _Scan | None = None) -> list[Mention]:
    """``Мемлекеттік қызмет істері жөніндегі агенттік``, ``Отбасылық саясат жөніндегі ұлттық комиссияның``:
    a capitalized word, lower-case words of the body's remit, ``жөніндегі``, at most two adjectives and
    a kind of body. The tagger often stops before ``жөніндегі``; KazNERD takes the whole name.
    Only sentences where the scan (``_scan``) flags the word, and where the normalized text (not
    lower-cased) holds it, are looked at."""
    scan = _scan(analysis) if scan is None else scan
    if not scan.flags & _REMIT_WORD:
        return []
    sents = [(sent, hits) for sent, hits in scan
             if any(f & _REMIT_WORD for _, f, _ in hits)]
    if not sents:
        return []
    norm = analysis.norm
    if not any(w in norm for w in REMIT_WORDS):
        return []
    found = [h.start() for h in _REMIT.finditer(norm)]
    text = analysis.text
    out = []
    for sent, hits in _sentences_holding(found, sents):
        toks = sent.tokens
        for i, f, _ in hits:
            if not f & _REMIT_WORD or i < 2:
                continue
            t = toks[i]
            a = i - 1
            while a > max(0, i - _REMIT_LEFT) and toks[a].kind == "word" and toks[a].text[:1].islower():
                a -= 1
            first = toks[a]
            if a == i - 1 or first.kind != "word" or not first.text[:1].isupper() or _person_like(first) or any(
                    s in PLACE_TYPES for u in toks[a + 1:i] for s in _stems(u)):
                continue  # Нұр-Сұлтан қаласының дамуы жөніндегі кеңесте: a place's council, no name
            b = i + 1
            while b < min(len(toks), i + 3) and toks[b].kind == "word" and toks[b].text[:1].islower() \
                    and not any((s,) in ORG_KINDS for s in _stems(toks[b])):
                b += 1
            if b >= len(toks) or toks[b].kind != "word" or not toks[b].text[:1].islower() \
                    or not any((s,) in ORG_KINDS for s in _stems(toks[b])):
                continue
            part = toks[a:b + 1]
            span = text[first.start:toks[b].end]
            out.append(Mention("organization", first.start, toks[b].end, span,
                               {"name": org_name(span), "kind": org_kind(part, span)}))
    return out


def _person_like(t: Token) -> bool:
    """A capitalized word that is a person's name or a bare place name (not ``Азиядағы``)."""
    stems = _stems(t)
    if any(s in FIRST_NAMES for s in stems) or SURNAME_END.search(nominative(t.text).lower()):
        return True
    return _placelike(t) and not re.search(r"[дт][аеа]ғы$|[дт]егі$", t.norm)


def recognize(analysis: Analysis) -> list[Mention]:
    """Person, position, organization and program mentions of ``analysis``."""
    scan = _scan(analysis)
    tagged = _crf_mentions(analysis, scan)
    if not tagged and not scan:
        return []  # no rule can start anywhere and the tagger found nothing (most sentences)
    rules = _rules(analysis, scan)
    mentions = _resolve(rules, _uncrossed(tagged, rules))
    mentions = _with_free(mentions, _fallbacks(analysis, scan))
    mentions = _with_free(mentions, _latin_names(analysis, scan))
    remit = _remit_orgs(analysis, scan)
    if remit:
        mentions = _resolve(remit, mentions)
    if mentions:  # (_repeats looks for people named in full among them)
        mentions = _with_free(mentions, _repeats(analysis, mentions))
    mentions = _org_titles(mentions, analysis, scan)
    if not mentions:
        return mentions
    _country_prefix(mentions, analysis.text)
    _link(mentions, analysis)
    _kinds_after(mentions, analysis)
    _sez_refs(mentions)
    _local_regions(mentions, analysis)
    return mentions


GAP_STOPS = resources.words("title_gap_stops.tsv")
_PARTICIPLE = re.compile(r"(?:ған|ген|қан|кен|атын|етін|йтын|йтін)$")


def _gap_stop(t: Token) -> bool:
    """A word that cannot stand between a name and the title it owns: a conjunction or postposition
    (``мен``, ``секілді``), a participle (``құрылған``), a word in the locative/ablative/dative
    (``отырысында Мемлекет басшысы``, ``жанынан``)."""
    return t.kind == "word" and _gap_stop_of(t.norm, t.stem, t.suffix)


@lru_cache(maxsize=50_000)
def _gap_stop_of(norm: str, stem: str, suffix: str) -> bool:
    """``_gap_stop`` of a word token, by the fields it depends on (cached)."""
    return not _is_title_of(norm, stem, suffix) and (norm in GAP_STOPS or bool(_PARTICIPLE.search(norm))
                                                     or (len(norm) > 3 and bool(_OBLIQUE.search(norm))))


WEAK_TITLES = resources.words("weak_titles.tsv")


def _owned_title(t: Token) -> bool:
    """A possessed title (``депутаты``, ``мүшесі``) that KazNERD tags as a position (cached by the
    token's surface form)."""
    found = _OWNED.get(t.text)
    if found is None:
        if len(_OWNED) >= 200_000:
            _OWNED.clear()
        found = _OWNED[t.text] = t.kind == "word" and _is_title(t) and _possessed(t) and WEAK_TITLES.isdisjoint(_stems(t))
    return found


_OWNED: dict[str, bool] = {}


_TITLE_GAP = 4  # words between an organization and the title it heads (``мектебінің 11-інші сынып``)


def _org_titles(mentions: list[Mention], analysis: Analysis, scan: _Scan | None = None) -> list[Mention]:
    """An organization followed by a title it owns is one position in KazNERD: ``Сенат депутаты``,
    ``Орталық сайлау комиссиясының мүшесі``, ``«Информбюро» ақпарат агенттігінің журналисі``. The title
    must be possessed (``-ы/-і/-сы/-сі``); words between need a genitive link."""
    mentions = _place_titles(mentions, analysis, scan)
    if not any(m.type == "organization" for m in mentions):
        return mentions
    index = _index(analysis)
    text = analysis.text
    out: list[Mention] = []
    k = 0
    while k < len(mentions):
        m = mentions[k]
        merged = None
        if m.type == "organization" and not _OBLIQUE.search(text[m.start:m.end].lower()):
            sent = index.sentence(m.start)
            j = _first_at(sent, m.end)
            if j < len(sent) and sent[j].norm == '"' and sent[j].start == m.end or (
                    j < len(sent) and sent[j].norm == '"' and not text[m.end:sent[j].start].strip()):
                j += 1
            linked = bool(_GENITIVE.search(text[m.start:m.end].lower()))
            for g in range(j, min(j + _TITLE_GAP + 1, len(sent))):
                t = sent[g]
                if not (t.kind == "word" or t.is_number) or _gap_stop(t):
                    break
                if _owned_title(t) and (linked or g == j):
                    merged = t
                    break
                if t.kind == "word" and _GENITIVE.search(t.norm):
                    linked = True
        if merged is not None:
            end = merged.end
            n = k + 1
            while n < len(mentions) and mentions[n].start < end:
                n += 1
            if all(x.end <= end for x in mentions[k + 1:n]) and all(x.type in ("organization", "position")
                                                                    for x in mentions[k + 1:n]):
                start = m.start
                i = _first_at(sent, m.start)
                if i and sent[i - 1].norm == '"' and sent[i - 1].text in OPEN_QUOTES | {'"'} \
                        and any(u.norm == '"' and u.end <= end for u in sent[i:i + 12]):
                    start = sent[i - 1].start  # the quotes are part of a position's span
                toks = _tokens_in(analysis, start, end)
                span = text[start:end]
                out.append(Mention("position", start, end, span,
                                   {"role": role_of(toks), "region": _region_of_span(toks, span, start)}))
                k = n
                continue
        out.append(m)
        k += 1
    return out


LOCAL_BODIES = frozenset(("қалалық", "облыстық", "аудандық", "қаласының", "облысының", "ауданының"))
_LOCAL_BODY = re.compile("|".join(sorted(LOCAL_BODIES, key=len, reverse=True)))  # which sentences to look at
_PLACE_GAP = 7  # Ақтөбе қалалық тұрғын үй-коммуналдық шаруашылығы бөлімінің бас маманы


def _place_titles(mentions: list[Mention], analysis: Analysis, scan: _Scan | None = None) -> list[Mention]:
    """A place, a local body and a title it owns are one position in KazNERD, even where no
    organization was found: ``Ақтау қалалық мәслихатының депутаты``, ``Алматы қаласының бас
    санитарлық дәрігері``. Needs a genitive before the possessed title; stops at a conjunction.
    Only sentences where the scan (``_scan``) flags a local body word, and where the normalized text
    (not lower-cased) holds one, are looked at."""
    scan = _scan(analysis) if scan is None else scan
    if not scan.flags & _LOCAL_BODY_WORD:
        return mentions
    sents = [(sent, hits) for sent, hits in scan
             if any(f & _LOCAL_BODY_WORD for _, f, _ in hits)]
    if not sents:
        return mentions
    norm = analysis.norm
    if not any(w in norm for w in LOCAL_BODIES):
        return mentions
    at = [h.start() for h in _LOCAL_BODY.finditer(norm)]
    found = []
    text = analysis.text
    for sent, hits in _sentences_holding(at, sents):
        toks = sent.tokens
        for i, f, _ in hits:
            if not f & _LOCAL_BODY_WORD or i < 1 or not toks[i - 1].text[:1].isupper() or toks[i - 1].kind != "word":
                continue
            linked = bool(_GENITIVE.search(toks[i].norm))
            for g in range(i + 1, min(i + 1 + _PLACE_GAP, len(toks))):
                t = toks[g]
                if t.kind != "word" or _gap_stop(t):
                    break
                if _owned_title(t) and linked:
                    a, b = toks[i - 1].start, t.end
                    part = toks[i - 1:g + 1]
                    found.append(Mention("position", a, b, text[a:b],
                                         {"role": role_of(part), "region": _region_of_span(part, text[a:b], a)}))
                    break
                if _GENITIVE.search(t.norm):
                    linked = True
    if not found:
        return mentions
    found = [f for f in found if not _crossed(mentions, f)]
    if not found:
        return mentions
    # the mentions inside a found position give way to it: inside one iff, of the positions starting at
    # or before it, the one reaching furthest reaches its end (positions may overlap each other)
    found_starts, reach = [], []
    for f in sorted(found, key=_START):
        found_starts.append(f.start)
        reach.append(max(f.end, reach[-1]) if reach else f.end)
    keep = [m for m in mentions
            if (k := bisect.bisect_right(found_starts, m.start)) == 0 or reach[k - 1] < m.end]
    return sorted(keep + found, key=lambda m: m.start)


def _crossed(mentions: list[Mention], f: Mention) -> bool:
    """Does one of ``mentions`` (in order, none overlapping: resolved) overlap ``f`` without lying inside
    it? Only those ending after ``f`` starts and starting before it ends can: a bisection finds them."""
    k = bisect.bisect_left(mentions, f.end, key=_START)
    while k and mentions[k - 1].end > f.start:
        m = mentions[k - 1]
        if not (f.start <= m.start and m.end <= f.end):
            return True
        k -= 1
    return False


def _country_prefix(mentions: list[Mention], text: str) -> None:
    """``ҚР Энергетика министрі``, ``ҚР Үкіметі``: the abbreviation of the republic before a title or
    an organization belongs to its span, as a country name does in KazNERD (``Ресей Премьер-министрі``)."""
    for m in mentions:
        if m.type in ("position", "organization") and m.start >= 3 and text[m.start - 3:m.start] == "ҚР " \
                and (m.start == 3 or not text[m.start - 4].isalnum()) and text[m.start:m.start + 1].isupper():
            m.start -= 3
            m.text = text[m.start:m.end]


def _kinds_after(mentions: list[Mention], analysis: Analysis) -> None:
    """A name of no known kind takes the kind of the word after it (KazNERD leaves that word out of
    the span): ``«CITIC Group» компаниясы`` → company, ``«Семей» индустриялық аймағы`` → industrial_zone."""
    index = None
    for m in mentions:
        if m.type != "organization" or m.value.get("kind") != "organization":
            continue
        index = index or _index(analysis)
        sent = index.sentence(m.start)
        j = _first_at(sent, m.end)
        if j < len(sent) and sent[j].norm == '"':
            j += 1
        if j >= len(sent) or sent[j].kind != "word":
            continue
        kind = None
        if j + 1 < len(sent) and sent[j + 1].kind == "word":
            kind = next((ORG_KINDS[(sent[j].norm, s)] for s in _stems(sent[j + 1]) if (sent[j].norm, s) in ORG_KINDS),
                        None)
        kind = kind or next((ORG_KINDS[(s,)] for s in _stems(sent[j]) if (s,) in ORG_KINDS), None)
        if kind:
            m.value["kind"] = kind


def _sez_refs(mentions: list[Mention]) -> None:
    """A bare ``АЭА`` / ``арнайы экономикалық аймақ`` after a named zone is that zone."""
    last = None
    for m in mentions:
        if m.type != "organization" or m.value.get("kind") != "sez":
            continue
        if m.value.get("region"):
            last = m
        elif last is not None and m.value.get("name", "").lower() in ("аэа", "сэз", "арнайы экономикалық аймақ"):
            m.value["ref"] = last.value["name"]
            m.value["region"] = last.value["region"]


def _local_regions(mentions: list[Mention], analysis: Analysis) -> None:
    """``облыс әкімі``, ``облыс әкімдігі`` name no place: they mean the region the text was just
    talking about, so they take the region of the nearest place mentioned before (else after)."""
    generic = [m for m in mentions if m.type in ("position", "organization") and not m.value.get("region")
               and m.text.split()[0].lower() in GENERIC_PLACES]
    if not generic:
        return
    found = [(m.start, m.value["region"]) for m in mentions if m.value.get("region")]
    try:
        from aimaq.recognize import places

        found += [(p.start, p.value.get("region") or p.value.get("kato")) for p in places.recognize(analysis)
                  if p.type in ("region", "place")]
    except Exception:  # places are another recognizer's business
        pass
    found = sorted((start, code) for start, code in found if code)
    if not found:
        return
    starts = [start for start, _ in found]
    for m in generic:
        k = bisect.bisect_left(starts, m.start) - 1
        m.value["region"] = found[k][1] if k >= 0 else found[0][1]


# _token_flags' quick test (here: after every table it draws on): a word none of whose stems is in
# _QUIET_STEMS and whose form is not in _QUIET_NORMS has no flag if lower-case, and only _cap_flags if
# capitalized and no strong title or known organization starts with one of its stems
_AKIMAT_STEMS = frozenset(k[0] for k, kind in ORG_KINDS.items() if len(k) == 1 and kind == "akimat")
_QUIET_STEMS = frozenset({"арнайы", "әкім"} | _PHRASE_SECOND | _STRONG_SECOND | _KNOWN_SECOND | TITLE_HEADS
                         | PLACE_TYPES | _AKIMAT_STEMS)
_QUIET_NORMS = frozenset(PROGRAM_PHRASES) | THEMED_YEAR | REMIT_WORDS | LOCAL_BODIES
