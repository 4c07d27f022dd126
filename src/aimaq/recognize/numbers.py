"""Figures: money, percentages, quantities, counts and bare cardinals.

A figure is ``[pre-qualifier] number [range] [unit] [post-qualifier]``, read
left to right over a sentence's tokens with bounded look-ahead (linear per
sentence). The number comes from :mod:`aimaq.kk.numerals`; the word after it
decides the type: a currency (``теңге``, ``АҚШ доллары``) → money, ``пайыз`` /
``%`` → percent, a measure unit (``тонна``, ``текше метр``) → quantity, a
counted noun (``жоба``, ``жұмыс орны``) → count, a date word (``жыл``, months)
→ nothing (dates belong to the dates recognizer), ordinals and references
(``5-бабы``) → nothing. Inflected last words are read by the suffix analysis.
Spans follow KazNERD: qualifiers such as ``астам``, ``дейін``, ``жуық`` are
inside, verbs such as ``асты`` are outside but still set the qualifier.
All word lists are TSV data in ``aimaq/kk/data``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from aimaq.kk import morph, resources
from aimaq.kk.numerals import (ENDINGS, WORDS, _WORD_PREFIX, Number, _word_info, clean_value, explode, numeral_word,
                               parse_number)
from aimaq.kk.tokenize import SIGNS
from aimaq.records import Mention
from aimaq.text import Analysis, Token

_APPROX_ENDINGS = ("дай", "дей", "тай", "тей")
_APPROX_IN = re.compile("|".join(_APPROX_ENDINGS))  # one of them anywhere in an ending


_NEEDS_SCALE: set[tuple[str, ...]] = set()  # unit phrases read only after a scaled number (мың бас)
_ABBR_UNITS: set[tuple[str, ...]] = set()  # one-letter units that also open abbreviations (500 т, but 5 т.б.)
_PLURALS = tuple(e for e, m in ENDINGS.items() if m == "plural")
_DERIVED = tuple(e for e, m in ENDINGS.items() if m == "derived")
_PRIVATIVE = tuple(e for e, m in ENDINGS.items() if m == "privative")  # жұмыссыз: a predicate after a noun
# a case ending that follows a possessive (noun_case) -> the possessive endings its stem must end in
_AFTER_POSSESSIVE = {r[0]: tuple(r[2].split(",")) for r in resources.table("numeral_endings.tsv") if r[1] == "noun_case"}


def _ending_fits(stem: str, ending: str) -> bool:
    """``_ending_ok``, or a case ending that follows a possessive (отбасы-на, отбасы-н) on a stem ending in one
    (``_AFTER_POSSESSIVE``: -сы/-сі, not келі-н, келін is a daughter-in-law)."""
    return _ending_ok(ending) or stem.endswith(_AFTER_POSSESSIVE.get(ending, ()))


@lru_cache(maxsize=4096)  # (endings repeat: a noun's candidate endings are tested for every new form)
def _ending_ok(ending: str) -> bool:
    """A unit or noun may carry case, possessive, plural, derivational or -дай endings, nothing else."""
    if ending == "" or ENDINGS.get(ending) in ("case", "approx", "derived", "plural"):
        return True
    return any(ending.startswith(p) and ENDINGS.get(ending[len(p):]) == "case" for p in _PLURALS)  # балаларды


def _build() -> tuple[dict[str, list], dict[str, tuple[str, object]]]:
    """Phrase tables: multi-word phrases indexed by first word, and single words."""
    entries: list[tuple[tuple[str, ...], str, object]] = []
    for row in resources.table("currencies.tsv"):
        entries.append((tuple(row[0].split()), "money", (row[1], float(row[2]))))
    for row in resources.table("percent_words.tsv"):
        entries.append(((row[0],), "percent", None))
    for row in resources.table("units.tsv"):
        if len(row) > 2 and row[2] == "scale":
            _NEEDS_SCALE.add(tuple(row[0].split()))
        elif len(row) > 2 and row[2] == "abbr":
            _ABBR_UNITS.add(tuple(row[0].split()))
        entries.append((tuple(row[0].split()), "quantity", row[1]))
    for row in resources.table("count_nouns.tsv"):
        entries.append((tuple(row[0].split()), "count", (row[1] if len(row) > 1 and row[1] else None,
                                                        row[2] if len(row) > 2 and row[2] else row[0])))
    for row in resources.table("number_stops.tsv"):
        entries.append(((row[0],), "stop", row[1] if len(row) > 1 else None))
    multi: dict[str, list] = {}
    single: dict[str, tuple[str, object]] = {}
    for words, kind, payload in entries:
        if len(words) == 1:
            single.setdefault(words[0], (kind, payload))
        else:
            multi.setdefault(words[0], []).append((words, kind, payload))
    for lst in multi.values():
        lst.sort(key=lambda e: -len(e[0]))
    return multi, single


_MULTI, _SINGLE = _build()


def _qualifiers() -> dict[str, dict[tuple[str, ...], tuple[str, str]]]:
    out: dict[str, dict[tuple[str, ...], tuple[str, str]]] = {"pre": {}, "post": {}, "after": {}}
    for row in resources.table("number_qualifiers.tsv"):
        out[row[2]][tuple(row[0].split())] = (row[1], row[3] if len(row) > 3 else "")
    return out


_QUALS = _qualifiers()
_QUAL_MAXLEN = {pos: max((len(p) for p in d), default=0) for pos, d in _QUALS.items()}
_QUAL_LAST = {pos: frozenset(p[-1] for p in d) for pos, d in _QUALS.items()}
_QUAL_PREFIX = {pos: frozenset(p[0][:3] for p in d) for pos, d in _QUALS.items()}
_QUAL_PRE_PREFIX = _QUAL_PREFIX["pre"]  # (tested before calling _qual_at: its own first test)
_QUAL_POST_PREFIX = _QUAL_PREFIX["post"]
_QUAL_ENDING = re.compile(r"ғы|ғын|ы|ын|ға|ге|на|не|ына|іне")  # астамы, астамын, жуығы, астамға
_UNIT_PARTS = {(r[0], r[1]): float(r[2]) for r in resources.table("unit_parts.tsv")}
_VAGUE = resources.words("number_vague.tsv")
_FILLERS = resources.words("fillers.tsv")
_NEGATIONS = resources.words("number_negations.tsv")
_RANGE_WORDS = resources.words("number_ranges.tsv")
_COUNT_STOPS = resources.words("count_stops.tsv")
_FUNDS = {r[0]: r[1] for r in resources.table("number_funds.tsv")}
_AGE_WORDS = resources.words("number_age_words.tsv")
_FRACTION_ENDINGS = tuple(sorted(resources.words("number_fraction_endings.tsv"), key=len, reverse=True))
_FINAL_VERBS = tuple(resources.words("number_final_verbs.tsv"))
_DASH_MEASURES = resources.words("number_dash_measures.tsv")
_PER_WORDS = resources.words("number_per_words.tsv")
_CODES = resources.words("number_codes.tsv")
# the words that make a year before them a date (2030-ға дейін, 2025-тен бастап): the dates recognizer's anchors
_YEAR_ANCHORS = frozenset(r[0] for r in resources.table("periods.tsv") if r[1] == "anchor")
_PREFIX_SYMBOLS = frozenset(c for c in SIGNS if c in _SINGLE and _SINGLE[c][0] == "money")  # the currency signs: $5, ¥300
_SIGNS = {tuple(r[0].split()): int(r[1]) for r in resources.table("number_signs.tsv")}
_SIGN_FIRST = frozenset(p[0] for p in _SIGNS)
_POSSESSIVE = ("ы", "і", "ын", "ін")  # жуығы, астамы, астамын
_PART_WORDS = tuple(resources.words("number_part_words.tsv"))  # бөлігі, бөлігін: "part", after a numerator
_RELATIONAL = ("лық", "лік", "дық", "дік", "тық", "тік")  # a noun turned adjective (инвестициялық)
_ADJECTIVES = resources.words("count_adjectives.tsv")
_VERB_ENDINGS = tuple(resources.words("verb_endings.tsv"))
_ADJ_ENDINGS = ("лық", "лік", "дық", "дік", "тық", "тік", "ғы", "гі", "дағы", "дегі", "тағы", "тегі",
                "лы", "лі", "ды", "ді", "ты", "ті")  # көпқабатты үй
_MEASURE_NOUNS = resources.words("number_measure_nouns.tsv")
_MEASURE_ADJ = ("лық", "лік", "дық", "дік", "тық", "тік", "лы", "лі", "ды", "ді", "ты", "ті")
_LIST_JOINERS = {r[0]: r[1] == "1" for r in resources.table("number_list_joiners.tsv")}
_COUNT_JOINERS = frozenset({"және", "мен", "бен", "пен"})  # "4 ірі провизорлық және инфекциялық стационар"
_YEARS = (1900, 2100)
_LOCATIVE = frozenset({"да", "де", "та", "те", "ында", "інде", "сында", "сінде"})
_ABLATIVE = frozenset({"нан", "нен", "дан", "ден", "тан", "тен", "інен", "ынан", "сынан", "сінен"})
_DATIVE = frozenset({"ға", "ге", "қа", "ке", "на", "не", "а", "е", "ына", "іне", "сына", "сіне"})
_AT_OR_TO = _LOCATIVE | _DATIVE  # a number with these endings is the head ("at 5", "to 5"), it counts no noun after it
_CASE_ENDINGS = tuple(sorted(_ABLATIVE | _DATIVE, key=len, reverse=True))  # longest first


def _last_word_ending(tok: Token, word: str) -> str | None:
    """The ending when ``tok`` is ``word`` (possibly inflected), else None."""
    if tok.norm == word:
        return ""
    if tok.kind not in ("word", "symbol"):
        return None
    if tok.suffix and tok.stem == word:
        return tok.suffix if _ending_ok(tok.suffix) else None
    if tok.kind == "word" and "-" in tok.norm:  # км / сағ-қа, ° C-қа: a hyphenated ending on the last word
        head, _, suf = tok.norm.rpartition("-")
        if head == word:
            return suf if _ending_ok(suf) else None
    if tok.kind == "word" and tok.norm.startswith(word[:-1]) and word in morph.stems(tok.norm):
        ending = tok.norm[len(word):]
        return ending if _ending_fits(word, ending) else None
    return None


def _phrase_at(toks: Sequence[Token], k: int):
    """The longest table phrase at ``toks[k]``: ``(kind, payload, end, ending, words)`` or None."""
    n = len(toks)
    if k >= n:
        return None
    t = toks[k]
    norm = t.norm
    for words, kind, payload in _MULTI.get(norm, ()):
        L = len(words)
        if k + L > n:
            continue
        if any(toks[k + m].norm != words[m] for m in range(1, L - 1)):
            continue
        ending = _last_word_ending(toks[k + L - 1], words[-1])
        if ending is not None:
            return kind, payload, k + L, ending, words
    single = _single_phrase(t.kind, norm, t.stem, t.suffix)
    if single is None:
        return None
    kind, payload, ending, words = single
    return kind, payload, k + 1, ending, words


@lru_cache(maxsize=100_000)
def _single_phrase(tkind: str, norm: str, stem: str, suffix: str):
    """The one-word table phrase a token form is: ``(kind, payload, ending, words)`` or None
    (cached: a pure function of the form, asked for every word after a number)."""
    if tkind not in ("word", "symbol"):
        return None
    if norm in _SINGLE:
        kind, payload = _SINGLE[norm]
        return kind, payload, "", (norm,)
    if suffix and stem in _SINGLE:
        if not _ending_ok(suffix):
            return None
        kind, payload = _SINGLE[stem]
        return kind, payload, suffix, (stem,)
    if tkind == "word" and "-" in norm:  # га-ға, км-ден: an abbreviation with a hyphenated ending
        head, _, suf = norm.rpartition("-")
        if head in _SINGLE and _ending_ok(suf):
            kind, payload = _SINGLE[head]
            return kind, payload, suf, (head,)
    if tkind == "word":
        for st in morph.stems(norm):
            if st in _SINGLE:
                ending = norm[len(st):]  # also when voicing changed the stem's last letter (бап → бабына)
                if _ending_fits(st, ending):
                    kind, payload = _SINGLE[st]
                    return kind, payload, ending, (st,)
        if norm.endswith(_DERIVED):  # endings the shared suffix table does not peel (пәтерлі)
            for e in _DERIVED:
                st = norm[: -len(e)]
                if norm.endswith(e) and st in _SINGLE:
                    kind, payload = _SINGLE[st]
                    return kind, payload, e, (st,)
    return None


def _qual_at(toks: Sequence[Token], k: int, pos: str, ending: str | None = None) -> tuple[str, int] | None:
    """A qualifier phrase of ``pos`` at ``toks[k]``: ``(qualifier, end)``; the last word may be inflected.

    ``ending`` is the case ending of the figure before a post qualifier: ``астам``
    needs an ablative (``мыңнан астам``), ``дейін`` a dative, else (``аса маңызды``)
    the word is no qualifier. A negation after ``кем`` lifts the requirement.
    """
    table = _QUALS[pos]
    n = len(toks)
    if k >= n or toks[k].norm[:3] not in _QUAL_PREFIX[pos]:
        return None  # fast path: no qualifier starts with these letters
    longest = min(_QUAL_MAXLEN[pos], n - k)
    norms = [t.norm for t in toks[k:k + longest]]
    for L in range(longest, 0, -1):
        last = toks[k + L - 1]
        if last.kind != "word":
            continue
        hit = table.get(tuple(norms[:L]))
        if hit is None:
            lemma = _qual_lemma(last.norm, pos)
            if lemma is not None:
                hit = table.get(tuple(norms[:L - 1]) + (lemma,))
        if hit is None:
            continue
        qual, case = hit
        if case and ending is not None:
            need = _needed_cases(case)
            negated = k + L < n and toks[k + L].norm in _NEGATIONS
            if ending not in need and not negated:
                continue
        return qual, k + L
    return None


@lru_cache(maxsize=20_000)
def _qual_lemma(word: str, pos: str) -> str | None:
    """The qualifier word of ``pos`` that ``word`` inflects (``астамы`` → ``астам``), or None (cached per form)."""
    lemma = morph.lemma(word, _QUAL_LAST[pos])
    if lemma is not None and _QUAL_ENDING.fullmatch(word[len(lemma) - 1:] if not word.startswith(lemma) else word[len(lemma):]):
        return lemma
    return None


@lru_cache(maxsize=None)
def _needed_cases(case: str) -> frozenset[str]:
    """The endings a qualifier's case list (``abl``, ``dat``, ``abl,dat``) allows on the figure before it."""
    return frozenset().union(*(_ABLATIVE if c == "abl" else _DATIVE for c in case.split(",")))


def _aside(toks: Sequence[Token], k: int) -> bool:
    """``( і )``, ``( су )`` at ``toks[k]``: one small word in parentheses, a hesitation or a false start
    of transcribed speech (a filler, or a lower-case word); before a unit it belongs to the figure."""
    if toks[k].norm != "(" or toks[k + 2].norm != ")":
        return False
    w = toks[k + 1]
    return w.norm in _FILLERS or (w.kind == "word" and w.text[:1].islower() and not _starts_number(w))


def _unit_follows(toks: Sequence[Token]):
    def follows(k: int) -> bool:
        if k + 3 < len(toks) and toks[k].norm == "(" and _aside(toks, k):
            k += 3
        ph = _phrase_at(toks, k)
        return ph is not None and ph[0] in ("money", "percent", "quantity")
    return follows


def _starts_number(tok: Token) -> bool:
    return tok.kind == "number" or numeral_word(tok) is not None


def _adjective(word: str) -> bool:
    return word in _ADJECTIVES or word.endswith(_ADJ_ENDINGS)


def _common_word(toks: Sequence[Token], k: int) -> bool:
    """A lower-case word that may be (part of) a counted noun phrase."""
    t = toks[k]
    if t.kind != "word" or len(t.norm) < 2 or t.norm in _COUNT_STOPS or _proper(t) or _starts_number(t) or _qual_at(toks, k, "pre"):
        return False
    ph = _phrase_at(toks, k)
    return ph is None or (ph[0] == "quantity" and ph[4] in _NEEDS_SCALE)


def _proper(tok: Token) -> bool:
    """A capitalized word (a name, not a counted noun); ``IT-сынып`` and known nouns (``ЖШС``) count as common."""
    if not tok.text[:1].isupper() or tok.norm in _SINGLE:
        return False
    return not ("-" in tok.text and tok.text.rsplit("-", 1)[1][:1].islower())


def _year(num: Number) -> bool:
    return not num.words and num.scale == 1 and float(num.value).is_integer() and _YEARS[0] <= num.value <= _YEARS[1]


def _ending_of(tok: Token) -> str:
    """The case ending of a counted noun (``адамнан`` → ``нан``), for the qualifier after it."""
    if tok.suffix:
        return tok.suffix
    return _case_ending(tok.norm)


@lru_cache(maxsize=20_000)
def _case_ending(norm: str) -> str:
    """The longest ablative or dative ending ``norm`` ends with, or "" (cached per form)."""
    if not norm.endswith(_CASE_ENDINGS):
        return ""
    for e in _CASE_ENDINGS:
        if norm.endswith(e):
            return e
    return ""


@lru_cache(maxsize=50_000)
def _noun_lemma(word: str) -> str:
    """The word without its case ending (``желісін`` → ``желі``), by the suffix analysis."""
    best = word
    for stem in morph.stems(word)[1:]:  # longest first: keep the shortest a case ending explains
        ending = word[len(stem):]
        if len(stem) >= 2 and len(ending) >= 2 and word.startswith(stem) and _ending_fits(stem, ending):
            best = stem  # a one-letter "ending" is too often the stem's own vowel (желі, бала)
    return best


@lru_cache(maxsize=20_000)
def _measure_stem(word: str) -> bool:
    """``word`` is a measure noun made an adjective (``кезеңдік``, ``ауысымды``, ``пәтерлік``)."""
    for e in _MEASURE_ADJ:
        if word.endswith(e) and len(word) > len(e) + 1:
            st = word[: -len(e)]
            if st in _MEASURE_NOUNS:
                return True
    return False


def _describes_next(toks: Sequence[Token], w: int) -> bool:
    """``toks[w]`` is an adjective of measure followed by the noun it describes: the number before it
    (``Бес кезеңдік жоба``, ``3 ауысымды мектептер``, ``300 орындық мектеп``) counts neither."""
    t = toks[w]
    if t.kind != "word" or w + 1 >= len(toks) or not _measure_stem(t.norm):
        return False
    nxt = toks[w + 1]
    ph = _phrase_at(toks, w + 1)
    if ph is not None:
        return ph[0] == "count"
    return _starts_number(nxt) or nxt.kind == "word" and not _proper(nxt) \
        and not nxt.norm.endswith(_VERB_ENDINGS) and not nxt.norm.endswith(_FINAL_VERBS)


def _count_after(toks: Sequence[Token], k: int) -> bool:
    """A counted noun the tables know begins at ``toks[k]`` (after an adjective such as ``жас``)."""
    ph = _phrase_at(toks, k)
    return ph is not None and ph[0] == "count"


def _time_or_phone(toks: Sequence[Token], j: int) -> int:
    """The index after a clock time (``10:30-да``) or a phone number (``+7 701 123 45 67``,
    ``8 (7172) 55-12-34``, ``8 701 123 45 67``) starting at the digits ``toks[j]``, else 0: neither is a figure."""
    n = len(toks)
    t = toks[j]
    if j + 2 < n and toks[j + 1].norm == ":" and toks[j + 2].kind == "number" \
            and toks[j + 1].start == t.end and toks[j + 2].start == toks[j + 1].end:
        return j + 3
    if t.norm == "8" and toks[j + 1].kind == "number":
        # "8 800 080 7777", "8 701 123 45 67": 10 or 11 digits in groups, one of them not of three
        # digits (so not "8 800 080 000 теңге", thousands groups)
        k, digits, odd = j, 0, False
        while k < n and toks[k].kind == "number" and toks[k].norm.isdigit() and (k == j or toks[k].start - toks[k - 1].end == 1):
            digits += len(toks[k].norm)
            odd = odd or (k > j and len(toks[k].norm) != 3)
            k += 1
        return k if odd and 10 <= digits <= 11 else 0
    plus = j > 0 and toks[j - 1].norm == "+" and toks[j - 1].end == t.start
    paren = j + 3 < n and toks[j + 1].norm == "(" and toks[j + 2].kind == "number" and toks[j + 3].norm == ")"
    if not (plus or paren):
        return 0
    k, digits = j, 0
    while k < n and (toks[k].kind == "number" or toks[k].norm in ("(", ")", "-")) and (k == j or toks[k].start - toks[k - 1].end <= 1):
        digits += sum(c.isdigit() for c in toks[k].stem or toks[k].norm) if toks[k].kind == "number" else 0
        k += 1
    return k if digits >= 9 else 0


def _initial(toks: Sequence[Token], k: int) -> bool:
    """The capitalized one- or two-letter unit at ``toks[k]`` is a name's initial: one letter (``Л.``,
    ``М``), or two with the second small and a dot and a capitalized word after (``Дж. Буш``); ``40 GB``,
    ``5 Гб``, ``110 КВ`` are units."""
    t = toks[k]
    if len(t.text) == 1:
        return True
    return t.text[1:2].islower() and k + 2 < len(toks) and toks[k + 1].norm == "." and toks[k + 2].text[:1].isupper()


def _abbr_chain(toks: Sequence[Token], k: int) -> bool:
    """A dot and a one-letter word follow at ``toks[k]``: the letter before was an abbreviation (т.б., т.с.с.)."""
    return k + 1 < len(toks) and toks[k].norm == "." and toks[k + 1].kind == "word" and len(toks[k + 1].norm) == 1


def _model_name(toks: Sequence[Token], j: int) -> bool:
    """The digits at ``toks[j]`` name a model or a technology, not a quantity: after a capitalized Latin
    word that is no unit or currency (``Boeing 737``; whatever follows the digits), or with Latin letters
    attached that are none (``5G``, ``3D``; not ``40GB``)."""
    prev = toks[j - 1] if j > 0 else None
    if prev is not None and prev.kind == "word" and "A" <= prev.text[:1] <= "Z" and prev.norm not in _SINGLE:
        return not _figure_after(toks, j + 1)  # (Halyk Bank 50 млрд теңге, KEGOC 120 км: a name, then a figure)
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    return nxt is not None and nxt.kind == "word" and nxt.start == toks[j].end and "A" <= nxt.text[:1].upper() <= "Z" \
        and _phrase_at(toks, j + 1) is None


def _figure_after(toks: Sequence[Token], k: int) -> bool:
    """What begins at ``toks[k]`` makes the digits before it a figure: a scale word, a unit of money,
    percent or quantity, or a counted noun without a possessive ending, maybe after one adjective
    (``Air Astana 5 жаңа ұшақ``; not ``Boeing 737 ұшағы``, the plane of that name)."""
    if k >= len(toks):
        return False
    info = numeral_word(toks[k])
    if info is not None and info[1] == "scale":
        return True
    for at in (k, k + 1):
        ph = _phrase_at(toks, at)
        if ph is not None and (ph[0] in ("money", "percent", "quantity")
                               or (ph[0] == "count" and not ph[3].startswith(_POSSESSIVE))):
            return True
    return False


def _fraction(toks: Sequence[Token], j: int) -> float | None:
    """The value of ``2/3`` written at ``toks[j:j + 3]`` without spaces (a small proper fraction); -1 for
    other whole numbers so joined (``24/7``, ``55/12``: codes; ``2023/2024``: years, the dates recognizer's),
    None when the digits are not so joined (``10/0,4 кВ``, ``1 / 3``)."""
    a, slash, b = toks[j], toks[j + 1], toks[j + 2]
    if b.kind != "number" or slash.start != a.end or b.start != slash.end or not a.norm.isdigit() \
            or not (b.stem or b.norm).isdigit():
        return None
    num, den = int(a.norm), int(b.stem or b.norm)
    return num / den if 0 < num < den <= 10 else -1.0


@lru_cache(maxsize=10_000)
def _numerator(word: str) -> float | None:
    """The value of ``бірі``, ``екісі``, ``үшіне``: a small numeral with a possessive ending, else None."""
    for e in _FRACTION_ENDINGS:
        if word.endswith(e):
            hit = WORDS.get(word[: -len(e)])
            if hit is not None and hit[1] == "unit":
                return hit[0]
    return None


def _noun_before_dash(toks: Sequence[Token], i: int, end: int):
    """``(unit, noun)`` when the bare number at ``toks[i:end]`` closes ``<noun> – N`` (``өтелген
    берешек – 563,``): the number counts that noun (a list entry). None otherwise, also after a name
    (``Франция — 130``) or a word of measure (``саны – 563``: the number of something unnamed)."""
    n = len(toks)
    if i < 2 or toks[i - 1].norm != "-" or toks[i - 1].kind != "punct" or (end < n and toks[end].kind != "punct"):
        return None
    t = toks[i - 2]
    if t.kind != "word" or _proper(t) or t.norm in _COUNT_STOPS or _starts_number(t):
        return None
    for k in (i - 3, i - 2):  # жұмыс орындары – 250: a two-word table noun
        ph = _phrase_at(toks, k) if k >= 0 else None
        if ph is not None and ph[2] == i - 1:
            return ph[1] if ph[0] == "count" else None
    lemma = _noun_lemma(t.norm)
    if lemma in _DASH_MEASURES or morph.lemma(t.norm, _DASH_MEASURES) or t.norm.endswith(_VERB_ENDINGS):
        return None
    return None, lemma


def _funds(toks: Sequence[Token], w: int, scale: int, known: bool) -> bool:
    """The counted noun at ``toks[w]`` (or the noun after it: бюджет қаражаты) names money
    (``1 млрд-қа жуық қаражат``): an amount without a currency word, no count. A noun the
    count tables know (``3 жобамен``) is the head itself: the word after it is not looked at."""
    for t in toks[w:w + (1 if known else 2)]:
        if t.kind != "word":
            break
        when = _fund_of(t.norm)
        if when is None:
            continue  # no money noun; or инвестициялық шарт: an adjective, the noun is the next word
        if when == "any" or (when == "scaled" and scale >= 1_000_000):
            return True
    return False


@lru_cache(maxsize=20_000)
def _fund_of(norm: str) -> str | None:
    """When the money noun that ``norm`` is a form of names money (``_FUNDS``), None for no such noun or
    an adjective made of one (cached per form)."""
    lemma = morph.lemma(norm, _FUNDS)
    if lemma is None or norm[len(lemma):].startswith(_RELATIONAL):
        return None
    return _FUNDS[lemma]


def _alone(toks: Sequence[Token], i: int, num: Number, amount: float, kind: str, payload, qual, text: str,
           scale: int = 1) -> Mention:
    """The number ``toks[i:num.end]`` alone, whose unit is written only on the next figure
    (``53530-дан 66913 теңгеге``, ``кемі 5, көбі 18 процент``). KazNERD tags it CARDINAL, so it
    stays a cardinal; ``shares`` holds the figure it is with the borrowed unit (and the borrowed
    scale: ``12 және 15 млн теңге``), for the facts."""
    if kind == "money":
        currency, factor = payload
        shared: dict = {"type": kind, "amount": clean_value(amount * scale * factor), "currency": currency}
    elif kind == "quantity":
        shared = {"type": kind, "amount": clean_value(amount * scale), "unit": payload}
    else:
        shared = {"type": kind, "amount": clean_value(amount * scale)}
    value = {"amount": clean_value(amount), "qualifier": qual or ("approx" if num.approx else "exact"),
             "shares": shared}
    s, e = toks[i].start, toks[num.end - 1].end
    return Mention("cardinal", s, e, text[s:e], value)


def _shared_unit(toks: Sequence[Token], k: int, num: Number, norm: str, follows):
    """``(kind, payload, scale)`` when the bare number ending at ``toks[k]`` is followed by a joiner and a
    figure with a unit it shares (``5 және 18 процент``, ``кемі 5, көбі 18 процент``), else None; ``scale``
    is the other's scale when only the other has one (``12 және 15 млн теңге``: 12 million)."""
    n = len(toks)
    needs_qual = _LIST_JOINERS.get(toks[k].norm) if k < n else None
    if needs_qual is None:
        return None
    p = k + 1
    q = _qual_at(toks, p, "pre") if p < n and toks[p].norm[:3] in _QUAL_PRE_PREFIX else None
    if q is not None:
        p = q[1]
    elif needs_qual:
        return None
    if p >= n or not _starts_number(toks[p]):
        return None
    cand = parse_number(toks, p, norm, follows)
    if cand is None or cand.ordinal:
        return None
    scale = 1
    if cand.scale != num.scale:
        if num.scale != 1 or num.value >= 1000:
            return None
        scale = cand.scale
    if cand.percent:
        return "percent", None, scale
    ph = _phrase_at(toks, cand.end)
    if ph is not None and ph[0] in ("money", "percent", "quantity") and ph[4] not in _NEEDS_SCALE:
        return ph[0], ph[1], scale
    return None


def _match(toks: Sequence[Token], i: int, text: str, norm: str):
    """``(mention or None, next index)`` for a figure starting at ``toks[i]``, or None."""
    n = len(toks)
    j = i
    pre_qual = None
    rate = negative = False
    for _ in range(2):
        q = _qual_at(toks, j, "pre") if j < n and toks[j].norm[:3] in _QUAL_PRE_PREFIX else None
        if q is None:
            break
        if q[0] == "rate":
            rate = True
        elif q[0] == "negative":
            negative = True
        else:
            pre_qual = q[0]
        j = q[1]
    if j >= n:
        return None
    money_pre = None
    if toks[j].kind == "symbol" and toks[j].norm in _PREFIX_SYMBOLS and j + 1 < n and toks[j + 1].kind == "number":
        ph = _phrase_at(toks, j)
        money_pre = ph[1] if ph and ph[0] == "money" else None
        j += 1
    tj = toks[j]
    if tj.kind != "number" and numeral_word(tj) is None:  # _starts_number
        return None
    # a clock time or phone number needs ":" or "(" after the digits, "+" before them, or is "8" and more digits
    # (_time_or_phone)
    if tj.kind == "number" and ((j + 1 < n and (toks[j + 1].norm in (":", "(") or (tj.norm == "8" and toks[j + 1].kind == "number")))
                                or (j > 0 and toks[j - 1].norm == "+")) \
            and (skip := _time_or_phone(toks, j)):
        return None, skip
    if tj.kind == "number" and j + 2 < n and toks[j + 1].norm == "/" and (frac := _fraction(toks, j)) is not None:
        if frac < 0:
            return None, j + 3  # "24/7", "55/12": digits joined by a slash, a code
        s, e = toks[i].start, toks[j + 2].end  # "2/3 бөлігі": a fraction
        return Mention("cardinal", s, e, text[s:e], {"amount": clean_value(frac), "qualifier": pre_qual or "exact"}), j + 3
    if (j > 0 and (toks[j - 1].norm in _CODES or (toks[j - 1].norm == "," and j > 1 and toks[j - 2].norm in _CODES))
            and not _unit_follows(toks)(j + 1)) \
            or (((j > 0 and "A" <= toks[j - 1].text[:1] <= "Z")  # (digits or words: Superjet жүз ұшағы)
                 or (tj.kind == "number" and j + 1 < n and toks[j + 1].start == tj.end)) and _model_name(toks, j)):
        num = parse_number(toks, j, norm)
        return None, (num.end if num else j + 1)
    follows = _unit_follows(toks)
    num = parse_number(toks, j, norm, follows)
    if num is None:
        return None
    if j > 0 and toks[j - 1].norm in _VAGUE and (numeral_word(toks[j]) or (0, ""))[1] in ("scale", "many", "hundred"):
        return None, num.end  # "бірнеше миллион теңге": several million, no figure
    if num.ordinal:
        return None, num.end
    k = num.end
    if num.ending and k < n and toks[k].norm in _YEAR_ANCHORS and _year(num) and not _count_after(toks, k + 1):
        return None, k + 1  # "2030-ға дейін", "2025-тен бастап": a year, the dates recognizer's
    if num.ending in _ABLATIVE and num.scale == 1 and num.value > 1 and k < n and toks[k].kind == "word":
        top = _numerator(toks[k].norm)
        if top is None and k + 1 < n and toks[k + 1].kind == "word" and toks[k + 1].norm.startswith(_PART_WORDS):
            info = _word_info(toks[k].norm)  # "бестен бір бөлігі": a fraction with the word for "part"
            top = info[0] if info is not None and info[1] == "unit" and not info[2] else None
        if top is not None:  # "үштен бірі": a fraction, one third
            s, e = toks[i].start, toks[k].end
            return Mention("cardinal", s, e, text[s:e], {"amount": clean_value(top / num.value),
                                                          "qualifier": pre_qual or "exact"}), k + 1
    hi: Number | None = None
    from_to = False
    if k + 1 < n and not num.ending and not num.percent and (
            (toks[k].norm == "-" and toks[k].kind == "punct") or toks[k].norm in _RANGE_WORDS):
        cand = parse_number(toks, k + 1, norm, follows)
        if cand is not None and not cand.ordinal:
            if cand.end + 1 < n and toks[cand.end].norm == "-" and toks[cand.end + 1].kind == "number":
                x = cand.end  # 2025-11-25, 8-701-555-12-34: a date or a phone number, skipped whole
                while x + 1 < n and toks[x].norm == "-" and toks[x + 1].kind == "number":
                    x += 2
                return None, x
            if cand.value >= num.value or (num.scale == 1 and cand.scale > 1):
                hi = cand
    elif k < n and num.ending in _ABLATIVE and not num.percent and _starts_number(toks[k]):
        # "5-тен 7 пайызға дейін" is one range; "25%-дан 30%-ға дейін" two figures, each with its unit
        cand = parse_number(toks, k, norm, follows)
        if cand is not None and not cand.ordinal:
            hi = cand
            from_to = True
    lo_v = num.value
    if hi is not None:
        hi_v = hi.value
        if num.scale == 1 and hi.scale > 1 and lo_v * hi.scale <= hi_v:
            lo_v *= hi.scale
        k = hi.end
    last = hi or num
    if hi is not None and _year(num) and _year(hi) and not _phrase_at(toks, k):
        return None, k  # 2019-2020 оқу жылы: a span of years, for the dates recognizer
    kind = None
    payload = None
    ending = last.ending
    end = k
    approx = num.approx or last.approx
    if last.percent:
        kind = "percent"
    elif not last.ending:
        kk = k
        if last.abbr and kk + 1 < n and toks[kk].norm == "." and follows(kk + 1):
            kk += 1
        if kk + 3 < n and toks[kk].norm == "(" and _aside(toks, kk) and follows(kk + 3):
            kk += 3  # "миллиондай ( і ) теңге", "миллион ( су ) куб": a transcribed hesitation inside the figure
        ph = _phrase_at(toks, kk)
        if ph is not None and len(ph[4]) == 1 and len(ph[4][0]) <= 2 and toks[kk].text[:1].isupper() \
                and _initial(toks, kk):
            ph = None  # "5 Л. Толстой": a capital letter is an initial, not a unit (л, м, га)
        if ph is not None:
            kind, payload, end, ending, words = ph
            if kind == "stop" and not (payload == "adj" and not ending and _count_after(toks, end)):
                return None, end
            if kind in ("count", "stop") or (kind == "quantity" and words in _NEEDS_SCALE and last.scale == 1) \
                    or (kind == "quantity" and words in _ABBR_UNITS and _abbr_chain(toks, end)):
                kind = None
                end = k
                ending = ""
    if kind == "quantity" and payload == "degree" and end + 1 < n and toks[end].norm in _SIGN_FIRST:
        sign_of = _SIGNS.get((toks[end].norm, toks[end + 1].norm))
        if sign_of is not None:  # "бес градус нөлден төмен": below zero
            negative = negative or sign_of < 0
            end += 2
            ending = ""
    if money_pre is not None and kind is None:
        kind, payload = "money", money_pre
    if ending and _APPROX_IN.search(ending):
        approx = True
    qual = pre_qual
    post = _qual_at(toks, end, "post", ending or "") if end < n and toks[end].norm[:3] in _QUAL_POST_PREFIX else None
    if post is not None:
        pq, pend = post
        if pq == "less_than" and pend < n and (toks[pend].norm in _NEGATIONS):
            pq = "at_least"
        if pq == "more_than" and (ending or "") in _DATIVE:
            pq = None  # "264 миллион теңгеге артық": more BY the figure, the figure itself is exact
        if toks[pend - 1].norm.startswith("аралығ"):
            pq = None
            if hi is None:
                pend, post = end, None  # "аралығында" closes a range only
        qual = qual or pq
        end = pend
    if kind is None and post is not None and end < n and toks[end].kind == "word":
        ph = _phrase_at(toks, end)  # "3 млрд-тан астам теңге": the unit after the qualifier
        if ph is not None and ph[0] in ("money", "percent", "quantity") and not (ph[0] == "quantity" and ph[4] in _NEEDS_SCALE and last.scale == 1):
            kind, payload, end = ph[0], ph[1], ph[2]
    if from_to and (post is None or post[0] != "up_to"):
        # "53530-дан 66913 теңгеге": a change from one figure to another, not a range; the first
        # shares the unit of the second (two mentions, like "42 496 теңгеден 74 388 теңгеге дейін")
        if kind not in ("money", "percent", "quantity"):
            return None, hi.start
        return _alone(toks, i, num, lo_v, kind, payload, pre_qual, text), hi.start
    if kind == "quantity" and hi is None and post is None and end + 1 < n and _starts_number(toks[end]):
        part = parse_number(toks, end, norm, follows)
        ph2 = _phrase_at(toks, part.end) if part is not None and not part.ending and not part.ordinal else None
        if ph2 is not None and ph2[0] == "quantity" and (payload, ph2[1]) in _UNIT_PARTS:
            lo_v += part.value / _UNIT_PARTS[(payload, ph2[1])]
            end = ph2[2]
    noun_unit = noun = None
    num_end = end
    noun_at = -1
    if kind is None and post is not None and toks[end - 1].norm not in _QUAL_LAST["post"] \
            and toks[end - 1].norm.endswith(_POSSESSIVE):
        kind = "cardinal"  # "2 мыңға жуығы тіркелді": a possessive qualifier is the noun itself
    if kind is None and post is None and hi is None and not last.ending and not last.percent \
            and (shared := _shared_unit(toks, end, last, norm, follows)) is not None:
        return _alone(toks, i, num, lo_v, shared[0], shared[1], pre_qual, text, shared[2]), end
    if kind is None and post is None and not last.ending and end < n and _describes_next(toks, end):
        kind = "cardinal"  # "Бес кезеңдік жоба": the number describes the noun, it counts nothing
    if kind is None:
        # a count: the number, maybe a qualifier, then modifiers and a noun the tables know
        w = end
        found = None
        named = False  # an abbreviation stood between the number and its noun
        # (none after a number "at" or "to" without a qualifier: сағат 5-те жүргізушілер)
        stop = end if post is None and last.ending in _AT_OR_TO else end + 5
        while w < n and w < stop:
            t = toks[w]
            inner_and = t.norm in _COUNT_JOINERS and w > end
            if t.kind == "word" and len(t.text) > 1 and t.text.isupper() and _count_after(toks, w + 1):
                w += 1  # "75 мың ШОБ субъектісі", "10 МЖӘ жобасы": an abbreviation before the counted noun
                named = True
                continue
            if t.kind != "word" or (t.norm in _COUNT_STOPS and not inner_and) or _proper(t) or _starts_number(t) \
                    or (t.norm[:3] in _QUAL_PRE_PREFIX and _qual_at(toks, w, "pre") is not None) \
                    or (t.norm.endswith(_VERB_ENDINGS) and not _count_after(toks, w)):
                break  # (a verb form ends the search; "үйді": a counted noun with such an ending is no verb)
            ph = _phrase_at(toks, w)
            if ph is not None and ph[0] == "stop" and ph[1] == "adj" and not ph[3]:
                w += 1  # "жас маман": an adjective that is also a stop noun
                continue
            if ph is None and not inner_and and not _adjective(t.norm) and _noun_lemma(t.norm) != t.norm:
                break  # an inflected noun in between ("үш ауысымда"): the number does not count what follows
            if ph is not None:
                if ph[0] == "count":
                    found = ph
                    nxt = _phrase_at(toks, ph[2])  # стартап жоба: the last of two nouns is the head
                    if nxt is not None and nxt[0] == "count" and (ph[1][0] is None or ph[1][0] == nxt[1][0]) \
                            and not nxt[4][-1].endswith(_PRIVATIVE):
                        found = nxt  # (not "15 мың адам жұмыссыз": a word in -сыз says what they are)
                break
            w += 1
        if found is not None:
            kind = "count"
            noun_unit, noun = found[1]
            end = found[2]
            noun_at = end - 1
            if named:  # the span stays on the number: the abbreviation may be a name (ҚР, АЭА) of its own
                end = num_end
        elif (last.ending and post is None) or (last.value == 1 and not last.percent and toks[j].kind == "word"):
            kind = "cardinal"  # "олардың 8-ін", "16-сы": a pronoun-like numeral; "бір" before a noun is an article
        else:
            # an unknown noun, maybe after adjectives: "бес ірі желі", "38 медициналық ұйым"
            w = end
            while w < n and w < end + 3 and _common_word(toks, w) and _adjective(toks[w].norm):
                w += 1
            if w < n and _common_word(toks, w) and not toks[w].norm.endswith(_VERB_ENDINGS):
                w += 1
            if w > end and toks[w - 1].norm.endswith(_FINAL_VERBS) and (w == n or toks[w].kind == "punct"):
                w = end  # "45 тіркелді.": a finite verb closing the clause, no counted noun
            if w > end:
                # the noun is not one the tables know: it goes into the value, the span stays
                # on the number, so names that begin with one ("Жүз жаңа есім") keep their span
                kind = "count"
                noun = _noun_lemma(toks[w - 1].norm)
                noun_at = w - 1
            else:
                kind = "cardinal"
        if kind == "count" and _funds(toks, noun_at, last.scale, found is not None):
            kind, noun_unit, noun, end = "cardinal", None, None, num_end  # money without a currency word
        if kind == "count" and end < n and toks[end].norm[:3] in _QUAL_POST_PREFIX:
            post2 = _qual_at(toks, end, "post", _ending_of(toks[end - 1]))
            if post2 is not None and post2[0] in ("more_than", "approx", "up_to"):
                qual = qual or post2[0]
                end = post2[1]
    if kind in ("count", "cardinal") and end < n and toks[end].norm in _PER_WORDS:
        return None, end + 1  # "бір адамға шаққанда", "100 мың тұрғынға шаққанда": the base of a rate
    if kind == "cardinal" and not last.ending and qual is None and post is None and hi is None:
        counted = _noun_before_dash(toks, i, end)
        if counted is not None:
            kind, (noun_unit, noun) = "count", counted
    if kind == "cardinal" and ((last.ending in _LOCATIVE and post is None) or (i > 0 and toks[i - 1].norm in _AGE_WORDS)):
        return None, end  # "29-да", "елу жетіде", "жасы 50-ге": an age or a day, the dates recognizer's
    if not qual:
        after = _qual_at(toks, end, "after") if end < n and toks[end].norm[:3] in _QUAL_PREFIX["after"] else None
        if after is not None:
            qual = after[0]
    if not qual:
        qual = "approx" if approx else "exact"
    start_tok = i
    if (rate or negative) and kind != "quantity":
        start_tok = j  # "сағатына", "минус" open a quantity only
    sign = -1.0 if negative and kind == "quantity" else 1.0
    factor = 1.0
    if kind == "money":
        currency, factor = payload
        value: dict = {"currency": currency}
    elif kind == "quantity":
        value = {"unit": payload}
    elif kind == "count":
        value = {"unit": noun_unit, "noun": noun}
    else:
        value = {}
    if hi is not None:
        lo, top = sorted((sign * lo_v * factor, sign * hi.value * factor))
        value = {"amount": clean_value(lo), "max": clean_value(top), **value}
    else:
        value = {"amount": clean_value(sign * lo_v * factor), **value}
    value["qualifier"] = qual
    s, e = toks[start_tok].start, toks[end - 1].end
    return Mention(kind, s, e, text[s:e], value), end


def _can_open(t: Token) -> bool:
    """False for a token that can open no figure (the fast path of ``recognize``)."""
    kind = t.kind
    if kind == "punct":
        return False
    if kind != "word" or t.norm[:3] in _QUAL_PRE_PREFIX:
        return True
    return (numeral_word(t) if t.suffix else _word_info(t.norm)) is not None  # numeral_word, inlined


# Every figure holds a token that starts a number (``_starts_number``: digits or a numeral word, maybe
# a part of a hyphenated word that ``explode`` splits): ``_match`` returns a mention only after one.
# ``_NO_NUMBER`` holds the token norms already known to start none, so a sentence made only of such
# norms (most sentences without a figure) is skipped with one set look-up per token. A norm is judged
# as a word's: digits (a norm starting with a decimal digit) are never put in the set; a punctuation
# mark or a symbol starts no number.
_NO_NUMBER: set[str] = set()
_STARTS_NUMBER: set[str] = set()  # the word norms known to start one
_CACHE_SIZE = 200_000


# a numeral word begins the form (a regex, cheaper than _word_info's cache on a form seen for the first
# time): without one _word_info gives None, as it says first itself
_NUMERAL_HEAD = _WORD_PREFIX.match


def _word_may_start_number(norm: str) -> bool:
    """Whether a word token of this norm, or a part ``explode`` makes of it, may start a number:
    a numeral word (``_word_info``), or a hyphenated word whose first part is one of the numeral
    words (``МЛН-ға``: stem and ending) or any of whose parts is a numeral word (``екі-үш``)."""
    if "-" not in norm:
        return _NUMERAL_HEAD(norm) is not None and _word_info(norm) is not None
    if _word_info(norm) is not None:
        return True
    parts = norm.split("-")
    return parts[0] in WORDS or any(_word_info(p) is not None for p in parts if p)


def _may_hold_figure(tokens: Sequence[Token]) -> bool:
    """False when no token of the sentence may start a number (so it holds no figure)."""
    no_number = _NO_NUMBER
    for t in tokens:  # (a plain loop: faster than a set method over mapped attributes)
        norm = t.norm
        if norm in no_number:
            continue
        if norm in _STARTS_NUMBER or norm[:1].isdecimal():
            return True
        if len(no_number) + len(_STARTS_NUMBER) >= _CACHE_SIZE:
            no_number.clear()
            _STARTS_NUMBER.clear()
        if _word_may_start_number(norm):
            _STARTS_NUMBER.add(norm)
            return True
        no_number.add(norm)
    return False


_SYMBOL_STARTS = frozenset("%" + SIGNS)  # the first characters of the tokenizer's symbols
# token norm -> whether a token of it can open a figure (``_can_open``), for the norms that decide it:
# no hyphen (a word with a hyphen may carry a split ending, so its stem decides)
_OPENS: dict[str, bool] = {}


def _opens(t: Token) -> bool:
    """``_can_open(t)``, remembered by norm where the norm decides it."""
    norm = t.norm
    if "-" in norm:
        return _can_open(t)
    if len(_OPENS) >= _CACHE_SIZE:
        _OPENS.clear()
    first = norm[:1]
    if first.isdecimal() or first in _SYMBOL_STARTS:
        o = _OPENS[norm] = True  # digits or a symbol: no punctuation mark or word has such a norm
    else:
        # a word without a hyphen has no split ending, so _can_open reads its norm alone; a
        # punctuation mark opens nothing, and no qualifier or numeral is a punctuation mark, so the
        # word's rule gives False for it too. Whether it is a numeral the sentence test may know
        # already (for a norm without a hyphen _word_may_start_number asks _word_info alone).
        o = norm[:3] in _QUAL_PRE_PREFIX or (
            norm not in _NO_NUMBER and (norm in _STARTS_NUMBER or _word_may_start_number(norm)))
        if o and t.kind == "punct":
            return False  # (never met: no qualifier or numeral is a punctuation mark)
        _OPENS[norm] = o
    return o


def clear_caches() -> None:
    """Forget every per-form record (the tests compare cold and warm runs)."""
    _NO_NUMBER.clear()
    _STARTS_NUMBER.clear()
    _OPENS.clear()
    for cached in (_ending_ok, _single_phrase, _noun_lemma, _measure_stem, _numerator, _qual_lemma, _case_ending,
                   _fund_of):
        cached.cache_clear()


def recognize(analysis: Analysis) -> list[Mention]:
    """Money, percent, quantity, count and cardinal mentions of ``analysis``."""
    out: list[Mention] = []
    text, norm_text = analysis.text, analysis.norm
    opens = _OPENS
    for sent in analysis.sentences:
        if not _may_hold_figure(sent.tokens):
            continue
        toks = explode(sent.tokens)
        resume = 0  # the index after the last figure or skipped stretch
        for i, t in enumerate(toks):  # (cheaper per token than a while loop over indices)
            if i < resume:
                continue
            o = opens.get(t.norm)
            if not (o if o is not None else _opens(t)):
                continue  # fast path: a token that can open no figure
            res = _match(toks, i, text, norm_text)
            if res is None:
                continue
            mention, resume = res
            if mention is not None:
                out.append(mention)
    return out
