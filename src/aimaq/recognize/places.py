"""Places, countries and geographic locations, linked to KATO and ISO codes.

Gazetteers, not hand lists of forms: ``kk/data/places.tsv`` (every KATO unit with
its type word stripped, built by ``scripts/build_gazetteer.py``), ``places_extra.tsv``
(historical and informal names), ``countries.tsv``, ``foreign_places.tsv`` and
``locations.tsv``. Names are looked up by stem (``aimaq.kk.morph.stems``) so every
case form is found (``Атыраудың``, ``Ақтауда``); the last word carries the ending.

A type word after the name (``облысы``, ``ауданында``, ``қаласының``, ``ауылы``,
``өзені``; table ``place_types.tsv``) selects the kind of unit and, for ``облысы``
and country words, joins the span (KazNERD conventions). Many villages share a
name, and many names are ordinary words: a bare name resolves to the largest
unit, and toward regions the document names elsewhere; small units need a
capital letter, no sentence-initial position and no stop-word status.

Russian forms (``Атырауской области``, ``в Павлодаре``) are matched against KATO's
Russian names through the nominative candidates of ``place_ru_endings.tsv``. Names
the gazetteers lack can come from the statistical tagger (``aimaq.recognize.crf``)
as a fallback, for the classes where it measurably helps.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from aimaq.kk import morph, resources
from aimaq.kk.normalize import fold
from aimaq.records import Mention
from aimaq.recognize.formcache import by_forms
from aimaq.text import Analysis, Token

_WORD_RE = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_SMALL = {"rural", "village"}  # bare names of these need extra evidence
_BIG_RANK = 7  # ranks up to "town" may stand bare
_MAJOR = {"oblast", "city_admin", "city"}  # a bare name is these before a district out of context
_INFORMAL_KINDS = {"oblast", "republic_city", "city_admin", "city"}  # Қарағанды өңірі, Орал өңірі


@dataclass(frozen=True, slots=True)
class Entry:
    """One reading of a name: a KATO unit, a country, a foreign place, a location or a special name."""

    source: str  # kato | extra | country | foreign | location
    type: str  # region | place | country | location
    code: str  # KATO code, ISO code, or "" (location)
    region: str  # KATO region code or ""
    kind: str  # unit kind (places.tsv), or the source for the others
    rank: int
    name: str
    needs: str = ""  # a type-word stem the name requires ("" = may stand bare)
    valid: str = ""


def _key(name: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in _WORD_RE.findall(name))


def _build() -> tuple[dict[tuple[str, ...], list[Entry]], int]:
    index: dict[tuple[str, ...], list[Entry]] = {}

    def add(name: str, entry: Entry) -> None:
        key = _key(name)
        if key:
            index.setdefault(key, []).append(entry)

    kind_of: dict[str, str] = {}
    for row in resources.table("places.tsv"):
        code, region, _district, kind, rank, kk, ru = row[:7]
        kind_of[code] = kind
        if kind == "minor":
            continue
        typ = "region" if kind in ("oblast", "republic_city") else "place"
        needs = "облыс" if kind == "oblast" and len(_key(kk)) > 1 else ""
        add(kk, Entry("kato", typ, code, region, kind, int(rank), kk, needs))
        if ru and fold(ru) != fold(kk):
            add(ru, Entry("kato", typ, code, region, kind, int(rank) + 1, kk, needs))
    for name, typ, code, needs, valid, *_ in resources.table("places_extra.tsv"):
        codes = code.split("|")
        region = codes[0][:2] + "0000000" if typ != "location" else codes[0]
        entry = Entry("extra", typ, code if typ != "location" else "", region if typ != "location" else code,
                      kind_of.get(codes[0], "extra"), 0, name, "" if needs == "-" else needs, "" if valid == "-" else valid)
        add(name, entry)
    for name, iso in resources.table("countries.tsv"):
        add(name, Entry("country", "country", iso, "", "country", 0, name))
    for name, iso in resources.table("foreign_places.tsv"):
        add(name, Entry("foreign", "place", iso, "", "foreign", 6, name))
    for name, kind, region, bare in resources.table("locations.tsv"):
        add(name, Entry("location", "location", "", "" if region == "-" else region, kind, 0 if bare == "yes" else 50,
                        name, "" if bare == "yes" else "location"))
    return index, max(len(k) for k in index)


INDEX, MAXLEN = _build()
TYPES: dict[str, tuple[frozenset[str], bool]] = {
    row[0]: (frozenset(row[1].split(",")) - {"-"}, row[2] == "yes") for row in resources.table("place_types.tsv")
}
NOT_TYPES = frozenset(w for row in resources.table("place_types.tsv") if len(row) > 3 for w in row[3].split(",") if w)
PERSON_CUES = frozenset(resources.words("place_person_cues.tsv"))
STOP = frozenset(resources.words("place_stopwords.tsv"))
try:  # the person recogniser's first names, when present: a village named like a person needs more evidence
    FIRST_NAMES = frozenset(resources.words("first_names.tsv"))
except (FileNotFoundError, OSError):  # pragma: no cover
    FIRST_NAMES = frozenset()
CHANGES = [(new, old, until) for new, old, until, *_ in resources.table("region_changes.tsv")]


def _cues(kind: str) -> tuple[str, ...]:
    return tuple(row[1] for row in resources.table("place_cues.tsv") if row[0] == kind)


def _alternation(words) -> re.Pattern:
    return re.compile("(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")")


_CONJ = frozenset(_cues("conjunction"))
_PLURAL = _alternation(row[0] for row in resources.table("suffixes.tsv") if row[1] == "plural")
_QUOTES = frozenset({'"', "'"})


def _endings() -> frozenset[str]:
    """Every ending a name can take: [plural] [possessive] [case], from the suffix table
    (``облыс-тар-ы-нда``, ``Алматы-дағы``, ``Атырау-дың``)."""
    by_kind: dict[str, set[str]] = {}
    for row in resources.table("suffixes.tsv"):
        by_kind.setdefault(row[1], set()).add(row[0])
    plural = {""} | by_kind.get("plural", set())
    possessive = {""} | by_kind.get("possessive", set())
    cases = {""}
    for kind in ("genitive", "dative", "accusative", "locative", "ablative", "instrumental", "adjectival",
                 "similative", "possessive_pronoun", "equative"):
        cases |= by_kind.get(kind, set())
    return frozenset(a + b + c for a in plural for b in possessive for c in cases)


ENDINGS = _endings()
# an ending that makes a name an adjective or a demonym (Атыраулық, Еуразиялық, Арыстықтарға): not a place
_DERIVED = re.compile("^" + _alternation(_cues("derivational")).pattern)
_UNKNOWN_OK = frozenset(_cues("unknown_type"))
_UNKNOWN_LOCATION = frozenset(_cues("unknown_location_type"))
_UNKNOWN_TYPES = _UNKNOWN_OK | _UNKNOWN_LOCATION
_LOCATION_KINDS = frozenset({"location"})
_SETTLEMENT_KINDS = frozenset({"village", "town", "rural"})
FACILITY_HEADS = frozenset(resources.words("facility_heads.tsv"))
_SECOND_WORDS = frozenset(h.split()[1] for h in FACILITY_HEADS if " " in h)
_SURNAME = re.compile(_alternation(_cues("surname_ending")).pattern + "$")


@lru_cache(maxsize=100_000)
def _type_of(norm: str) -> str | None:
    """The type-word stem of a token (``облыстарындағы`` → ``облыс``; not ``облыстық``), or None."""
    if norm in NOT_TYPES:
        return None
    stem = morph.lemma(norm, TYPES)
    if stem and norm.startswith(stem) and _DERIVED.match(norm[len(stem):]):
        return None
    return stem


def _stems(tok: Token) -> tuple[str, ...]:
    if tok.suffix:  # АҚШ-пен: the tokenizer split the ending already
        return (tok.norm, tok.stem)
    return morph.stems(tok.norm)


_KAZAKH_LETTERS = frozenset(_cues("kazakh_letter"))
RU_ENDINGS = tuple((a, b) for a, b, *_ in (r + ("",) for r in resources.table("place_ru_endings.tsv")))


@lru_cache(maxsize=50_000)
def _ru_forms(norm: str) -> tuple[str, ...]:
    """Nominative candidates of a Russian word form (``атырауской`` → ``атырауская``, ``павлодаре`` →
    ``павлодар``); empty for a word with Kazakh letters."""
    if not _KAZAKH_LETTERS.isdisjoint(norm):
        return ()
    found = []  # (row, candidate): the endings the word has, by a set look-up per ending length
    for k in _RU_LENGTHS:
        if len(norm) - k < 3:
            continue
        for row, nominative in _RU_BY_END.get(norm[len(norm) - k:], ()):
            found.append((row, norm[: len(norm) - k] + nominative))
    found.sort()  # in table order, as a scan of the table gives them
    return tuple(dict.fromkeys(form for _, form in found))


_RU_BY_END: dict[str, list[tuple[int, str]]] = {}  # oblique ending -> [(row, nominative ending)]
for _row, (_oblique, _nominative) in enumerate(RU_ENDINGS):
    _RU_BY_END.setdefault(_oblique, []).append((_row, _nominative))
_RU_LENGTHS = tuple(sorted({len(o) for o in _RU_BY_END}))


@lru_cache(maxsize=50_000)
def _is_cue(norm: str) -> bool:
    """``қажы``, ``бидің``, ``батырдың``: an honorific after a name (``place_person_cues.tsv``)."""
    return any(norm.startswith(c) and norm[len(c):] in ENDINGS for c in PERSON_CUES)


def _is_cap(tok: Token) -> bool:
    return tok.kind == "word" and tok.text[:1].isupper()


@dataclass(slots=True)
class _Match:
    start: int
    end: int  # span end (type word included when it joins the span)
    entries: list[Entry]  # (a gazetteer name's is its ``INDEX`` list itself, shared: never changed)
    type_stem: str | None  # the type word after the name (own, or shared in a coordination)
    initial: bool  # first word of its sentence
    stop: bool  # the name (or the word as written) is an ordinary word (place_stopwords.tsv)
    person_like: bool  # next to a capitalized first name or surname
    name: str  # the name as looked up (nominative)
    allowed: list[Entry] | None = None  # the entries _allowed lets through (computed once, by _allowed_of)
    shared: bool = False  # ``allowed`` is a list of the ``_allowed_for`` cache (a gazetteer name's match)


def _allowed_of(m: _Match) -> list[Entry]:
    """The entries of ``m`` that ``_allowed`` lets through, in order (``_context`` and ``_resolve_all``
    both need them)."""
    if m.allowed is None:
        m.allowed = [e for e in m.entries if _allowed(e, m)]
    return m.allowed


_ALLOWED: dict[tuple[int, str | None, bool], tuple[list[Entry], list[Entry]]] = {}


def _allowed_for(entries: list[Entry], type_stem: str | None, stop: bool) -> list[Entry]:
    """``_allowed_of`` a match of a gazetteer name (``entries`` is an ``INDEX`` list, which lives as long
    as the module): ``_allowed`` looks at the match's type word and stop status only, so the answer is
    cached by those and the list itself (kept in the cache, so its id is never reused)."""
    key = (id(entries), type_stem, stop)
    hit = _ALLOWED.get(key)
    if hit is not None and hit[0] is entries:
        return hit[1]
    probe = _Match(0, 0, entries, type_stem, False, stop, False, "")
    allowed = [e for e in entries if _allowed(e, probe)]
    if len(_ALLOWED) >= 100_000:
        _ALLOWED.clear()
    _ALLOWED[key] = (entries, allowed)
    return allowed


def _first_words() -> dict[str, frozenset[int]]:
    out: dict[str, set[int]] = {}
    for key in INDEX:
        if len(key) > 1:
            out.setdefault(key[0], set()).add(len(key))
    return {w: frozenset(ls) for w, ls in out.items()}


_FIRST_WORDS = _first_words()  # first word of a name of two words or more -> the lengths of such names


@lru_cache(maxsize=100_000)
def _lengths(norm: str) -> tuple[int, ...]:
    """The name lengths (in words, longest first) worth trying at a word: 1, and those of the names of
    several words that begin with it or with one of its Russian nominatives (no other key can match)."""
    forms = _ru_forms(norm)
    if not forms and norm not in _FIRST_WORDS:
        return (1,)  # (most words)
    out = set(_FIRST_WORDS.get(norm, ()))
    for form in forms:
        out |= _FIRST_WORDS.get(form, frozenset())
    return tuple(sorted(out, reverse=True)) + (1,)


def _lookup(toks: list[Token], i: int) -> tuple[int, list[Entry], bool, str] | None:
    """Longest name starting at token ``i``: (length in tokens, entries, last word inflected, key)."""
    n = len(toks)
    for length in _lengths(toks[i].norm):
        if length > n - i:
            continue
        if length == 1:  # the last length tried; its answer depends on the word's form only
            t = toks[i]
            found = _lookup_word(t.kind, t.norm, t.stem, t.suffix)
            return None if found is None else (1,) + found
        found = by_forms(_NAMES, 50_000, toks[i : i + length], _name_of)  # (_name_of reads the forms only)
        if found is _NOT_A_NAME:
            return None
        if found is not None:
            return (length,) + found
    return None


_NOT_A_NAME = ()  # _name_of: a name in a derived form (Атыраулық): no shorter name either
_NAMES: dict[tuple[str, ...], object] = {}  # _name_of of several words, by their forms


def _name_of(words: list[Token]) -> tuple[list[Entry], bool, str] | tuple[()] | None:
    """The name ``words`` are: (entries, last word inflected, key); None when they are none,
    ``_NOT_A_NAME`` when they are a name turned into another word."""
    if any(t.kind != "word" for t in words):
        return None
    prefix = tuple(t.norm for t in words[:-1])
    for stem in _stems(words[-1]):
        entries = INDEX.get(prefix + (stem,))
        if entries:
            last = words[-1].norm
            ending = last[len(stem):].lstrip("-")  # АҚШ-пен
            if _DERIVED.match(ending):
                return _NOT_A_NAME
            if ending not in ENDINGS:
                continue  # Шараның is not Шар + а + ның: endings do not stack that way
            return entries, stem != last, " ".join(prefix + (stem,))
    return _lookup_ru(words)


@lru_cache(maxsize=100_000)
def _lookup_word(kind: str, norm: str, stem: str, suffix: str) -> tuple[list[Entry], bool, str] | None:
    """``_name_of`` one word, by its form (cached: most capitalized words are tried alone): the same steps,
    without building a token (a new form costs this once)."""
    if kind != "word":
        return None
    for st in (norm, stem) if suffix else morph.stems(norm):
        entries = INDEX.get((st,))
        if entries:
            ending = norm[len(st):].lstrip("-")  # АҚШ-пен
            if _DERIVED.match(ending):
                return None  # a name turned into another word (_NOT_A_NAME)
            if ending not in ENDINGS:
                continue
            return entries, st != norm, st
    forms = _ru_forms(norm)  # _lookup_ru of one word
    if not forms:
        return None
    for key in (norm, *forms):
        entries = INDEX.get((key,))
        if entries:
            return entries, key != norm, key
    return None


def _lookup_ru(words: list[Token]) -> tuple[list[Entry], bool, str] | None:
    """A Russian form of a name (``Атырауской области``, ``Павлодаре``): each word's nominative candidates."""
    if len(words) > 3:
        return None
    options = [(w.norm,) + _ru_forms(w.norm) for w in words]
    if all(len(o) == 1 for o in options):
        return None
    keys: list[tuple[str, ...]] = [()]
    for opts in options:
        keys = [k + (o,) for k in keys for o in opts]
    for key in keys:
        entries = INDEX.get(key)
        if entries:
            return entries, key != tuple(w.norm for w in words), " ".join(key)
    return None


@lru_cache(maxsize=50_000)
def _facility_head(norm: str) -> str | None:
    """``morph.lemma`` of a word in ``facility_heads.tsv`` (cached)."""
    return morph.lemma(norm, FACILITY_HEADS)


@lru_cache(maxsize=50_000)
def _facility_second(norm: str) -> str | None:
    """``morph.lemma`` of a word among the second words of facility heads (cached)."""
    return morph.lemma(norm, _SECOND_WORDS)


def _facility_follows(toks: list[Token], j: int) -> bool:
    """``Тегеран әуежайы``, ``Павлодар мұнай-химия зауыты``, ``Атырау тас жолы``: a facility or institution
    head (``facility_heads.tsv``) within two lower-case words (cached by the forms of the three words
    from ``j``, all it reads)."""
    return by_forms(_FACILITY, 50_000, toks[j : j + 3], _facility_at)


_FACILITY: dict[tuple[str, ...], bool] = {}


def _facility_at(words: list[Token]) -> bool:
    """``_facility_follows``, computed from the (up to three) words it reads."""
    for k in range(min(len(words), 2)):
        t = words[k]
        if t.kind != "word" or _is_cap(t):
            return False
        if _facility_head(t.norm):
            return True
        if k + 1 < len(words) and words[k + 1].kind == "word":
            nxt = _facility_second(words[k + 1].norm)
            if nxt and f"{t.norm} {nxt}" in FACILITY_HEADS:
                return True
    return False


def _route_end(toks: list[Token], i: int, j: int) -> int | None:
    """End of a dash-joined chain of names (``Атырау – Астрахань``, ``Нұрлы жол – Ақтөбе``) that this
    name belongs to, or None when it stands alone."""
    before = i >= 2 and toks[i - 1].norm == "-" and _is_cap(toks[i - 2])
    k = j
    while k + 1 < len(toks) and toks[k].norm == "-" and _is_cap(toks[k + 1]):
        k += 2
        while k < len(toks) and _is_cap(toks[k]):
            k += 1
    return k if (before or k > j) else None


def _part_of_a_name(toks: list[Token], i: int, j: int, opening: set[int], entries: list[Entry]) -> bool:
    """A bare name in the nominative that begins or belongs to another name: a facility (``Тегеран
    әуежайы``), a route (``Атырау – Астрахань күрежолы``, ``« Астана – Алматы »``) or a quoted title
    (``« Астана Хаб »``, ``« Бәйтерек » ғарыш жобасы``)."""
    if _facility_follows(toks, j):
        return True
    quoted = i > 0 and (i - 1) in opening
    route = _route_end(toks, i, j)
    if route is not None:
        closing = route < len(toks) and toks[route].norm in _QUOTES and route not in opening
        if closing or _facility_follows(toks, route):
            return True
    if quoted and j < len(toks) and not (toks[j].norm in _QUOTES and j not in opening) and any(
            toks[k].norm in _QUOTES and k not in opening for k in range(j + 1, min(len(toks), j + 4))):
        return True  # « Алтай балының »: a short quoted title
    if quoted and j < len(toks) and ((toks[j].norm in _QUOTES and j not in opening) or _is_cap(toks[j])):
        # « Ақтөбе » АЭА is a zone, « Астана Хаб » a company; « Алтынемел » ұлттық паркі is still the park
        return not any(e.source == "location" for e in entries) or _is_cap(toks[j])
    return False


# What a token form can be here, from its surface form alone (the tokenizer derives kind, norm, stem
# and suffix from it), cached by that form: most tokens are no capitalized word, and most capitalized
# words neither begin a name nor can be an unknown place, so ``_candidates`` steps over them.
_NAME = 1  # a capitalized word that is a name or may begin one of several words
_UNKNOWN = 2  # a capitalized word that may be an unknown place (``_unknown_place``) before a type word
_FLAGS: dict[str, int] = {}
_FLAGS_SIZE = 200_000  # emptied when it grows this big
# the ``_lookup`` of a _NAME form that only names of one word can start with (it depends on the form
# only), filled by ``_form_flags`` and emptied with ``_FLAGS``; a form missing here is looked up
_ONE_WORD: dict[str, tuple[int, list[Entry], bool, str]] = {}


def _form_flags(tok: Token) -> int:
    """The flags above of a token (computed once per surface form)."""
    if len(_FLAGS) >= _FLAGS_SIZE:
        _FLAGS.clear()
        _ONE_WORD.clear()
    f = 0
    norm = tok.norm
    if tok.kind == "word" and tok.text[:1].isupper():
        if _lengths(norm) != (1,):
            f |= _NAME
        else:
            found = _lookup_word(tok.kind, norm, tok.stem, tok.suffix)
            if found is not None:
                f |= _NAME
                _ONE_WORD[tok.text] = (1,) + found
        if norm not in STOP and len(norm) >= 3 and tok.text[1:].replace("-", "").islower():
            f |= _UNKNOWN
    _FLAGS[tok.text] = f
    return f


def _candidates(analysis: Analysis, seen: list[tuple[int, int]] | None = None) -> list[_Match]:
    """Name matches of the text; ``seen`` collects the spans of names set aside as parts of other names."""
    out: list[_Match] = []
    seen = [] if seen is None else seen
    get = _FLAGS.get
    for sent in analysis.sentences:
        toks = sent.tokens
        n = len(toks)
        opening: set[int] | None = None
        resume = 0  # the next token to look at: a match skips the tokens it covers
        for i, tok in enumerate(toks):
            f = get(tok.text, -1)
            if not f or i < resume:
                continue
            if f < 0:  # a form seen for the first time
                if tok.kind != "word" or not tok.text[:1].isupper():
                    if len(_FLAGS) < _FLAGS_SIZE:
                        _FLAGS[tok.text] = 0  # no capitalized word: nothing starts here
                    continue
                f = _form_flags(tok)
            initial = i == 0 or (i == 1 and toks[0].kind == "punct")
            if not f & _NAME:  # no name here: at most an unknown place, before a type word or a quote
                if not f & _UNKNOWN or i + 1 >= n or initial:
                    continue  # (_unknown_place takes no sentence-initial word)
                nxt = toks[i + 1]  # a lower-case type word (Зашаған кентінде) or a quote (« Зерделі » ...) must follow
                if nxt.kind == "word":
                    if nxt.text[:1].isupper() or _type_of(nxt.norm) not in _UNKNOWN_TYPES:
                        continue
                elif nxt.norm not in _QUOTES:
                    continue
            if opening is None:  # only sentences with a capitalized word need their quotes
                has_quote = analysis.norm.find('"', sent.start, sent.end) >= 0 or analysis.norm.find(
                    "'", sent.start, sent.end) >= 0  # (a quote token's norm is one of these characters)
                opening = _opening_quotes(analysis.text, toks) if has_quote else set()
            found = _ONE_WORD.get(tok.text) or _lookup(toks, i)
            if found is None:
                unknown = _unknown_place(toks, i, initial, opening)
                if unknown:
                    out.append(unknown)
                    resume = i + 2
                continue
            length, entries, inflected, key = found
            j = i + length
            type_stem = None
            in_span = False
            if not inflected and j < n and toks[j].kind == "word":
                type_stem = _type_of(toks[j].norm)
                if type_stem:
                    in_span = TYPES[type_stem][1]
            if (type_stem is None and not inflected and j + 1 < n and i > 0 and (i - 1) in opening
                    and toks[j].norm in _QUOTES and j not in opening and toks[j + 1].kind == "word"):
                after = _type_of(toks[j + 1].norm)  # « Алғабас » ықшамауданы, « Достық » ауылы
                if after and TYPES[after][0] & (_LOCATION_KINDS | _SETTLEMENT_KINDS):
                    type_stem = after
            if type_stem and not TYPES[type_stem][0]:  # АҚШ доллары: part of something else
                resume = j
                continue
            shared = None
            if type_stem is None and j < n and toks[j].norm in _CONJ:
                shared = _shared_type(toks, j)
            if type_stem is None and shared is None:
                if all(e.needs for e in entries):
                    continue  # Солтүстік Қазақстанның without облысы: only Қазақстан is a name here
                if not inflected and _part_of_a_name(toks, i, j, opening, entries):
                    seen.append((tok.start, toks[j - 1].end))
                    resume = j
                    continue
            end = toks[j].end if in_span else toks[j - 1].end
            person_like = type_stem is None and ((j < n and _is_cue(toks[j].norm))
                                                 or (length > 1 and _is_cue(toks[j - 1].norm)))
            person_like = person_like or not inflected and (
                (j < n and _is_cap(toks[j]) and _SURNAME.search(toks[j].norm) is not None)
                or (i > 0 and _is_cap(toks[i - 1])
                    and (toks[i - 1].norm in FIRST_NAMES or _SURNAME.search(toks[i - 1].norm) is not None)))
            stop = key in STOP or (tok.norm if length == 1 else " ".join(t.norm for t in toks[i:j])) in STOP
            out.append(_Match(tok.start, end, entries, type_stem or shared, initial, stop, person_like, key,
                              _allowed_for(entries, type_stem or shared, stop), True))
            resume = j + (1 if in_span else 0)
    return out


def _unknown_place(toks: list[Token], i: int, initial: bool, opening: set[int]) -> _Match | None:
    """A capitalized word the gazetteers lack before a settlement or geographic type word: ``Зашаған
    кентінде``, ``Амала штатындағы`` (places), ``Орқаш орманы``, ``« Зерделі » ықшамауданында`` (locations)."""
    tok = toks[i]
    if initial or tok.norm in STOP or len(tok.norm) < 3 or not tok.text[1:].replace("-", "").islower():
        return None
    k = i + 1
    if i > 0 and (i - 1) in opening and k < len(toks) and toks[k].norm in _QUOTES and k not in opening:
        k += 1  # « Зерделі » ықшамауданы
    if k >= len(toks) or toks[k].kind != "word" or _is_cap(toks[k]):
        return None
    stem = _type_of(toks[k].norm)
    if stem in _UNKNOWN_OK:
        entry = Entry("unknown", "place", "", "", "unknown", 90, tok.text)
    elif stem in _UNKNOWN_LOCATION:
        entry = Entry("location", "location", "", "", "unknown", 90, tok.text)
    else:
        return None
    return _Match(tok.start, tok.end, [entry], stem, False, False, False, tok.text)


def _opening_quotes(text: str, toks: list[Token]) -> set[int]:
    """Indices of the quote tokens that open a quotation (« or an odd-numbered straight quote)."""
    out: set[int] = set()
    straight = 0
    for k, t in enumerate(toks):
        if t.norm not in _QUOTES:
            continue
        ch = text[t.start]
        if ch in "«“„‹":
            out.add(k)
        elif ch in "\"'":
            if straight % 2 == 0:
                out.add(k)
            straight += 1
    return out


def _shared_type(toks: list[Token], j: int) -> str | None:
    """``Маңғыстау мен Атырау облыстарындағы``: a plural type word later in a coordination."""
    for k in range(j, min(len(toks), j + 8)):
        t = toks[k]
        if t.norm in _CONJ or _is_cap(t):
            continue
        stem = _type_of(t.norm) if t.kind == "word" else None
        if stem and _PLURAL.search(t.norm[len(stem) :]):
            return stem
        return None
    return None


def _allowed(e: Entry, m: _Match) -> bool:
    """May ``e`` be the reading of ``m`` given its type word (or lack of one)?"""
    if m.stop and m.type_stem is None and e.source in ("kato", "foreign"):
        return False  # an ordinary word (Бірлік, Келесі): only an extra name or a type word-led reading
    if m.type_stem is None:
        if e.needs:
            return False
        if e.source == "kato" and e.rank > _BIG_RANK:
            return False  # small units stand bare only through document context (see _resolve)
        return True
    kinds = TYPES[m.type_stem][0]
    if e.source == "unknown":
        return True
    if e.needs and e.needs != m.type_stem and not (e.needs == "location" and "location" in kinds):
        return False
    if "informal" in kinds:  # Сыр өңірі, Ертіс өңірі: a location; Қарағанды өңірі: the region
        return e.source != "kato" or e.kind in _INFORMAL_KINDS
    if e.source == "kato":
        return e.kind in kinds
    if e.source == "extra":
        return e.needs == m.type_stem or (not e.needs and e.type != "location" and e.kind in kinds)
    if e.source == "country":
        return "country" in kinds
    if e.source == "foreign":
        return "foreign" in kinds
    return "location" in kinds  # location


def _resolve(m: _Match, context: set[str]) -> Entry | None:
    """The reading of a match: allowed, in the document's regions if possible, largest unit first."""
    found = _resolve_all(m, context)
    return found[0] if found else None


_RESOLVED: dict[tuple, tuple[list[Entry], tuple[Entry, bool] | None]] = {}


def _resolve_all(m: _Match, context: set[str]) -> tuple[Entry, bool] | None:
    """(reading, ambiguous): ambiguous when an equally good reading lies in another region and the
    document's context does not tell them apart (Бірлік ауылы, with some forty villages of that name).

    A gazetteer name's match is answered from a cache: its ``allowed`` list (shared, see ``_allowed_for``)
    stands for its entries, type word and stop status, the key holds the other fields the answer reads
    and the context; the cache keeps the list, so its id is never reused while the key is there."""
    if not m.shared:
        return _resolve_match(m, context)
    key = (id(m.allowed), m.initial, m.person_like, m.name, frozenset(context))
    hit = _RESOLVED.get(key)
    if hit is not None and hit[0] is m.allowed:
        return hit[1]
    found = _resolve_match(m, context)
    if len(_RESOLVED) >= 100_000:
        _RESOLVED.clear()
    _RESOLVED[key] = (m.allowed, found)
    return found


def _resolve_match(m: _Match, context: set[str]) -> tuple[Entry, bool] | None:
    """``_resolve_all``, computed."""
    entries = _allowed_of(m)
    if m.type_stem is None and not entries and not m.initial and not m.stop:
        # a bare village: only when the document's regions hold exactly such a unit
        entries = [e for e in m.entries if e.source == "kato" and e.kind in _SMALL and e.region in context]
    if not entries and m.type_stem in _UNKNOWN_OK and not m.initial and not m.stop:
        # Сауран қаласы: a settlement word on a name KATO has as another kind of unit
        entries = [e for e in m.entries if e.source == "kato" and e.kind != "oblast"]
    if (not entries and m.type_stem and "location" in TYPES[m.type_stem][0] and not m.initial and not m.stop
            and all(e.source == "kato" and e.kind in _SMALL for e in m.entries)):
        # Орқаш орманы: a village's name on a forest; the type word says which
        entries = [Entry("location", "location", "", "", "named", 90, m.entries[0].name)]
    if not entries:
        return None
    if m.type_stem is None:
        if m.person_like and not any(e.source == "country" for e in entries):
            return None
        if m.name in FIRST_NAMES and not any(e.source == "country" or e.kind in _MAJOR or e.rank == 0 for e in entries):
            return None  # Мәдина, Қажытай: a person before a village
    informal = m.type_stem is not None and "informal" in TYPES[m.type_stem][0]

    def order(e: Entry) -> tuple:
        if informal:  # Сыр өңірі: the informal name first, then the region
            return (0 if e.source == "extra" else 1 if e.kind == "oblast" else 2, e.rank)
        if m.type_stem is None and e.source == "location":
            return (-1, 0, 0)  # Ертіс, Каспий: the bare name is the river or sea
        group = 1 if e.source == "kato" and e.kind in _SMALL else 0
        if group:  # villages: the named district first, then the region; a village before its rural district
            rural_first = m.type_stem == "ауылдық"
            rank = e.rank if (e.kind == "rural") == rural_first else e.rank + 2
            return (1, 0 if e.code[:4] in context else 1 if e.region in context else 2, rank)
        major = e.kind in _MAJOR or e.source != "kato"
        if e.kind == "republic_city":
            tier = 0
        elif e.region and e.region in context:
            tier = 1 if major else 2
        else:
            tier = 3 if major else 4
        return (group, tier, e.rank)

    best = min(entries, key=order)
    key = order(best)
    ambiguous = best.source == "kato" and best.region not in context and any(
        e.source == "kato" and e.region != best.region and order(e) == key for e in entries)
    return best, ambiguous


def _context(matches: list[_Match]) -> set[str]:
    """Regions and districts a document names without doubt: a region or district with its type word,
    or a name of one region only. Districts enter as their 4-digit KATO prefix."""
    ctx: set[str] = set()
    for m in matches:
        if not m.shared:
            ctx |= _context_of(m)
            continue
        hit = _CONTEXT_OF.get(id(m.allowed))  # (its allowed list stands for its entries and type word)
        if hit is None or hit[0] is not m.allowed:
            if len(_CONTEXT_OF) >= 100_000:
                _CONTEXT_OF.clear()
            hit = _CONTEXT_OF[id(m.allowed)] = (m.allowed, _context_of(m))  # (kept: the id is not reused)
        ctx |= hit[1]
    return ctx


_CONTEXT_OF: dict[int, tuple[list[Entry], frozenset[str]]] = {}


def _context_of(m: _Match) -> frozenset[str]:
    """What one match adds to ``_context``."""
    allowed = [e for e in _allowed_of(m) if e.source in ("kato", "extra") and e.region]
    regions = {e.region for e in allowed}
    if len(regions) != 1:
        return frozenset()
    districts = {e.code[:4] for e in allowed if e.kind in ("district", "city_admin")}
    if len(districts) == 1 and m.type_stem is not None:
        return frozenset(regions | districts)
    return frozenset(regions)


def _value(e: Entry, m: _Match, context: set[str], published: str | None) -> tuple[str, dict]:
    if e.source == "unknown":
        return "place", {"kato": None, "region": None, "name": e.name}
    if e.type == "location":
        region = e.region
        if "|" in region:  # Мұнайлы өңір: whichever of its regions the document names
            region = next((r for r in region.split("|") if r in context), "")
        value = {"name": e.name}
        if region:
            value["region"] = region
        return "location", value
    if e.type == "country":
        return "country", {"iso": e.code}
    if e.source == "foreign":
        return "place", {"kato": None, "region": None, "country": e.code}
    value: dict = {"kato": e.code} if e.type == "region" else {"kato": e.code, "region": e.region}
    if e.valid:
        value["valid"] = e.valid
    if e.type == "place" and published:
        for new, old, until in CHANGES:
            if e.region == new and published < until:
                value["region_then"] = old
    return e.type, value


_LAST: list = [None, []]  # the last analysis and its mentions: the entities recognizer asks again for them


def recognize(analysis: Analysis) -> list[Mention]:
    """Region, place, country and location mentions of ``analysis`` (remembered for the last analysis)."""
    if _LAST[0] is analysis:
        return list(_LAST[1])
    out = _recognize(analysis)
    _LAST[0], _LAST[1] = analysis, tuple(out)
    return out


def _recognize(analysis: Analysis) -> list[Mention]:
    set_aside: list[tuple[int, int]] = []
    matches = _candidates(analysis, set_aside)
    if not matches:  # (most sentences)
        return _crf_fallback(analysis, matches, set_aside) if USE_CRF else []
    out = _mentions(analysis, matches)
    if USE_CRF:
        out.extend(_crf_fallback(analysis, matches, set_aside))
    return out


def _mentions(analysis: Analysis, matches: list[_Match]) -> list[Mention]:
    """The mentions of the gazetteer matches, resolved in the context of the whole text."""
    context = _context(matches)
    out = []
    for m in matches:
        found = _resolve_all(m, context)
        if found is None:
            continue
        e, ambiguous = found
        typ, value = _value(e, m, context, analysis.published)
        if ambiguous and typ == "place":  # the name alone does not say which one: no code rather than a guess
            value = {"kato": None, "region": None, "name": e.name, "ambiguous": True}
        if typ == "location" and "region" not in value and e.source == "extra":
            continue  # an informal name the context does not settle
        out.append(Mention(typ, m.start, m.end, analysis.text[m.start : m.end], value))
    return out


USE_CRF = True
# classes taken from the tagger: on the held-out KazNERD sentences its GPE spans cost more precision
# than they add recall (GPE F1 0.943 -> 0.929), its LOCATION spans help (0.792 -> 0.816)
CRF_CLASSES = frozenset({"LOCATION"})


_crf = None  # aimaq.recognize.crf, once imported


def _crf_fallback(analysis: Analysis, matches: list[_Match], set_aside: list[tuple[int, int]]) -> list[Mention]:
    """GPE and LOCATION spans the statistical tagger (``aimaq.recognize.crf``, when its model is there)
    finds where the gazetteers found no name at all (no match, nothing set aside): villages and foreign
    places they lack."""
    global _crf
    try:
        if _crf is None:
            from aimaq.recognize import crf

            _crf = crf
        tagged = _crf.tag(analysis)
    except Exception:  # the tagger is optional: without it the gazetteers stand alone
        return []
    out = []
    seen = None
    for cls, a, b in tagged:
        if cls not in CRF_CLASSES:
            continue
        if seen is None:
            seen = [(m.start, m.end) for m in matches] + set_aside
        if any(a < e and s < b for s, e in seen):
            continue
        span = analysis.text[a:b]
        if not span[:1].isupper():
            continue
        if cls == "LOCATION":
            out.append(Mention("location", a, b, span, {"name": span}))
        else:
            out.append(Mention("place", a, b, span, {"kato": None, "region": None, "name": span}))
    return out


_TOWN_KINDS = frozenset(("oblast", "republic_city", "city", "city_admin"))  # a city a name may carry


@lru_cache(maxsize=20_000)
def region_in(text: str) -> str | None:
    """The region of the first Kazakhstan place named in a short text, an organization or position name
    (``«Қостанай жолдары» ЖШС``, ``Қостанай автокөлік колледжі`` → 390000000), or None.

    Unlike ``recognize`` it takes a name inside quotes or before a facility word: here the name is
    known to be part of a larger one, and only its region is asked for."""
    from aimaq.pipeline import analyze

    for sent in analyze(text).sentences:
        toks = sent.tokens
        for i, tok in enumerate(toks):
            if not _is_cap(tok):
                continue
            found = _lookup(toks, i)
            if found is None:
                continue
            length, entries, _inflected, key = found
            m = _Match(tok.start, toks[i + length - 1].end, list(entries), None, False, key in STOP, False, key)
            found = _resolve_all(m, set())
            if found and not found[1] and found[0].source in ("kato", "extra") and "|" not in found[0].region:
                if found[0].source == "kato" and found[0].kind not in _TOWN_KINDS:
                    continue  # «Бәйтерек» холдингі, «Атамекен» палатасы: a district or village name is a mere word
                return found[0].region or None
    return None


def lookup(name: str) -> dict | None:
    """The reading of a place name on its own (for other recognisers: ``Атырау облысы`` → region 230000000)."""
    from aimaq.pipeline import analyze

    # the first mention ``recognize`` would give: a gazetteer's if any (the tagger's come after them),
    # so the tagger runs only when the gazetteers find nothing
    analysis = analyze(name)
    set_aside: list[tuple[int, int]] = []
    matches = _candidates(analysis, set_aside)
    found = _mentions(analysis, matches) if matches else []
    if not found and USE_CRF:
        found = _crf_fallback(analysis, matches, set_aside)
    return found[0].value if found else None
