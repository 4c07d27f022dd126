"""Kazakh numerals: number words of any size, digits, scales and fractions.

Kazakh news writes one figure many ways: ``51753``, ``3 634`` (space or NBSP
groups), ``916,865`` and ``11.2`` (decimal comma or point), ``1.844.036.360,12``,
``екі жүз он бес мың``, ``екі бүтін оннан бір`` (2.1), ``бір жарым миллион``,
``2,5 миллион``, ``2 млрд 89 млн``, ``84,526 млрд.`` and inflected last words
(``мыңнан``, ``1000-нан``, ``млн-ға``). ``parse_number`` reads the longest
number that starts at a token and reports what the recognizers need (value,
trailing scale, case ending, approximation, ordinal). The words are data:
``data/numerals.tsv``, ``data/scales.tsv``, ``data/numeral_endings.tsv``.

>>> parse('екі жүз он бес мың')
215000
>>> parse('2 млрд 89 млн')
2089000000
>>> parse('екі бүтін оннан бір')
2.1
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

from aimaq.kk import morph, resources
from aimaq.text import Token

# word -> (value, category)
WORDS: dict[str, tuple[float, str]] = {r[0]: (float(r[1]), r[2]) for r in resources.table("numerals.tsv")}
SCALES: dict[str, int] = {r[0]: int(r[1]) for r in resources.table("scales.tsv")}
ABBREVIATED_SCALES: frozenset[str] = frozenset(r[0] for r in resources.table("scales.tsv") if r[2] == "1")
for _w, _v in SCALES.items():
    WORDS[_w] = (float(_v), "scale")
ENDINGS: dict[str, str] = {r[0]: r[1] for r in resources.table("numeral_endings.tsv")}
_ORDINAL_ENDINGS = tuple(sorted((e for e, m in ENDINGS.items() if m == "ordinal"), key=len, reverse=True))
_STOPS = resources.words("numeral_stops.tsv")
_NUMERAL_MEANINGS = frozenset({"case", "approx", "many", "ordinal", "particle"})
_WORD_PREFIX = re.compile("|".join(sorted(map(re.escape, WORDS), key=len, reverse=True)))  # a numeral begins
_DENOMINATORS = {"он": 10, "жүз": 100, "мың": 1000}
_ABLATIVE = frozenset(morph.endings("ablative"))
_DECIMAL_JOINERS = frozenset({"да", "де", "та", "те"})

_DIGITS_RE = re.compile(r"\d+(?:[.,]\d+)*")
_GROUP_START = re.compile(r"\d{1,3}")
_GROUP_NEXT = re.compile(r"\d{3}(?:[.,]\d+)?%?")
_SPACES = " \u00a0\u202f\u2009"


@dataclass(slots=True)
class Number:
    """A number read from ``tokens[start:end]``.

    ``scale`` is the multiplier of the last scale word (``15 мың`` → 1000, so a
    range ``10-15 мың`` can share it); ``ending`` is the case ending on the last
    token; ``percent`` says the digits carried ``%``; ``abbr`` that the last
    token is an abbreviated scale (``млрд``) that may be followed by a dot.
    """

    value: float
    start: int
    end: int
    scale: int = 1
    ending: str = ""
    approx: bool = False
    ordinal: bool = False
    percent: bool = False
    abbr: bool = False
    words: bool = False  # spelled (at least partly) in words


def clean_value(v: float) -> int | float:
    """An int when ``v`` is whole (floating error allowed), else ``v`` rounded to 9 significant places."""
    if type(v) is float and v.is_integer():
        return int(v)  # (what the test below gives for a whole float, without its arithmetic)
    r = round(v)
    if abs(v - r) <= max(1e-6, 1e-14 * abs(v)):
        return int(r)
    return float(f"{v:.12g}")


@lru_cache(maxsize=50_000)  # a pure function of the digit string, and figures repeat
def parse_digits(s: str, scale_follows: bool = False) -> int | float | None:
    """The value of a digit string; groups vs decimals decided by the pattern.

    A single separator followed by exactly three digits is a thousands group
    (``1,500``) unless a scale word follows (``916,865 млрд`` = 916.865 bn);
    a repeated separator groups thousands (``1,234,567``), and with both
    characters the last one is the decimal mark (``1.844.036.360,12``).
    Returns None for strings that are not one number (``12.05.2020``).
    """
    if not _DIGITS_RE.fullmatch(s):
        return None
    seps = [c for c in s if c in ".,"]
    if not seps:
        return int(s)
    groups = re.split(r"[.,]", s)
    if len(seps) == 1:
        a, b = groups
        if len(b) == 3 and 1 <= len(a) <= 3 and a != "0" and not scale_follows:
            return int(a + b)
        return float(f"{int(a)}.{b}")
    last = seps[-1]
    if len(set(seps[:-1])) == 1 and seps[0] != last:
        ints, frac = groups[:-1], groups[-1]
    elif len(set(seps)) == 1:
        ints, frac = groups, None
    else:
        return None
    if not (1 <= len(ints[0]) <= 3 and all(len(g) == 3 for g in ints[1:])):
        return None
    whole = int("".join(ints))
    return float(f"{whole}.{frac}") if frac else whole


def ending_meaning(ending: str) -> str | None:
    """What an ending on a numeral means (``case``, ``approx``, ``many``, ``ordinal``, ``particle``), or None."""
    return ENDINGS.get(ending)


def is_ordinal_word(word: str) -> bool:
    """``үшінші``, ``жиырмасыншы``: a numeral word with an ordinal ending."""
    for e in _ORDINAL_ENDINGS:
        if word.endswith(e):
            stem = word[: -len(e)]
            if stem in WORDS or (stem + "ы") in WORDS or (stem + "і") in WORDS:
                return True
    return False


def numeral_word(tok: Token) -> tuple[float, str, str, str] | None:
    """``(value, category, ending, meaning)`` of a numeral word token, or None.

    The ending is found by the suffix analysis (``aimaq.kk.morph``) and must be
    one a numeral takes (``numeral_endings.tsv``): ``мыңнан`` is ``мың`` +
    ``нан``, while ``жүзеге`` (as in ``жүзеге асыру``) is not a numeral.
    """
    if tok.kind != "word":
        return None
    if tok.suffix:
        hit = WORDS.get(tok.stem)
        meaning = ENDINGS.get(tok.suffix)
        if hit and meaning in _NUMERAL_MEANINGS:
            return hit[0], hit[1], tok.suffix, meaning
        return None
    return _word_info(tok.norm)


@lru_cache(maxsize=100_000)
def _word_info(w: str) -> tuple[float, str, str, str] | None:
    """``numeral_word`` of a plain (unhyphenated) word form, cached: words repeat."""
    if w in _STOPS:
        return None
    hit = WORDS.get(w)
    if hit:
        return hit[0], hit[1], "", ""
    if not _WORD_PREFIX.match(w):  # w is no numeral itself, so a match is a shorter one
        return None  # no numeral is a prefix: skip the suffix analysis (the common case)
    if is_ordinal_word(w):
        v = WORDS.get(w, (0.0, "unit"))
        return v[0], "unit", "", "ordinal"
    sp = morph.split(w, WORDS)
    if sp is None:
        return None
    stem, ending = sp
    meaning = ENDINGS.get(ending)
    if meaning not in _NUMERAL_MEANINGS or not w.startswith(stem):
        return None  # бірлік (unity), бірлі: derived words, not numbers
    if len(stem) <= 3 and meaning == "case" and ending not in _ABLATIVE and ending not in (
            "ға", "ге", "қа", "ке", "на", "не", "ның", "нің", "дың", "дің", "тың", "тің"):
        return None  # оны, онда, бірі: pronouns and particles, not numbers
    value, cat = WORDS[stem]
    return value, cat, ending, meaning


def _gap_is_space(a: Token, b: Token, text: str | None) -> bool:
    if b.start - a.end != 1:
        return False
    return text is None or text[a.end] in _SPACES


def _is_scale(tok: Token | None) -> bool:
    if tok is None or tok.kind != "word":
        return False
    info = numeral_word(tok)
    return info is not None and info[1] == "scale"


def _closes(num: Number, part: Number) -> bool:
    """The fractional ``part`` just read ends ``num`` when it carries a case ending (then ``num``'s)."""
    if part.ending:
        num.ending = part.ending
        return True
    return False


def parse_number(tokens: Sequence[Token], i: int, text: str | None = None,
                 follows: Callable[[int], bool] | None = None, small: bool = False) -> Number | None:
    """The longest number starting at ``tokens[i]``, or None.

    ``text`` (the document's normalized text) lets digit groups be joined only
    across a plain space; ``follows(k)`` says whether a unit begins at token
    ``k`` (used for KazNERD's space-tokenized decimals ``1 , 8 миллиард``);
    ``small`` stops before scale words (the fraction after ``бүтін``).
    """
    n = len(tokens)
    total = 0.0
    cur: float | None = None
    last: str | None = None
    scale_last: int | None = None
    trailing = 1
    num = Number(0.0, i, i)
    k = i
    while k < n:
        t = tokens[k]
        if t.kind == "number":
            if last not in (None, "scale"):
                break
            stem = t.stem or t.norm
            pct = stem.endswith("%")
            core = stem.rstrip("%")
            parts = [core]
            kk = k
            if len(core) <= 3 and core.isdecimal() and not t.suffix and not pct:  # _GROUP_START, \d{1,3}
                while kk + 1 < n and tokens[kk + 1].kind == "number" and _GROUP_NEXT.fullmatch(tokens[kk + 1].stem or "") \
                        and _gap_is_space(tokens[kk], tokens[kk + 1], text):
                    kk += 1
                    nxt = tokens[kk].stem
                    pct = nxt.endswith("%")
                    parts.append(nxt.rstrip("%"))
                    if tokens[kk].suffix or pct or not nxt.isdigit():
                        break
            suffix = tokens[kk].suffix
            s = "".join(parts)
            scale_next = _is_scale(tokens[kk + 1]) if kk + 1 < n else False
            v = parse_digits(s, scale_next)
            if v is None:
                return None
            if last == "scale" and scale_last is not None and (v >= scale_last or v >= 1000):
                break  # after a scale only a lower group follows (2 млрд 89 млн), never "5 млн 2019 жылы"
            meaning = ENDINGS.get(suffix) if suffix else ""
            if meaning == "ordinal":
                num.ordinal = True
                num.end = kk + 1
                return num
            # KazNERD writes decimals space-tokenized: "1 , 8 миллиард"
            if not suffix and not pct and isinstance(v, int) and kk + 2 < n and tokens[kk + 1].norm == "," \
                    and tokens[kk + 2].kind == "number" and tokens[kk + 2].stem.rstrip("%").isdigit() \
                    and _gap_is_space(tokens[kk], tokens[kk + 1], text) and _gap_is_space(tokens[kk + 1], tokens[kk + 2], text):
                frac_tok = tokens[kk + 2]
                after = kk + 3
                if frac_tok.stem.endswith("%") or (after < n and (_is_scale(tokens[after]) or tokens[after].norm == "-"
                                                                  or (follows and follows(after)))):
                    v = float(f"{v}.{frac_tok.stem.rstrip('%')}")
                    kk += 2
                    suffix = frac_tok.suffix
                    pct = frac_tok.stem.endswith("%")
                    meaning = ENDINGS.get(suffix) if suffix else ""
            if suffix and meaning not in _NUMERAL_MEANINGS and not (pct and meaning == "derived"):
                return None  # 5-бабы, 12-тармақ: a reference, not a figure (but 12%-дық: a percent made adjective)
            cur = float(v)
            last = "digits"
            k = kk + 1
            num.percent = pct
            if suffix and meaning != "particle":
                if meaning in ("approx", "many"):
                    num.approx = True  # 200-дей адам, 1000-даған шақырым: a unit may follow
                else:
                    num.ending = suffix
                break
            if pct:
                break
            continue
        if t.kind == "punct" or t.kind == "symbol":
            # "1 млрд. 200 млн. теңге": the dot of an abbreviated scale inside a compound
            if t.norm == "." and last == "scale" and num.abbr and k + 1 < n and t.start == tokens[k - 1].end \
                    and tokens[k + 1].kind == "number" and not tokens[k + 1].suffix \
                    and (parse_digits(tokens[k + 1].stem) or 0) < (scale_last or 0) \
                    and k + 2 < n and _is_scale(tokens[k + 2]):
                k += 1
                continue
            break
        # words
        if t.norm in _DECIMAL_JOINERS and last in ("unit", "ten", "hundred") and cur is not None:
            sub = parse_number(tokens, k + 1, text, follows, small=True) if k + 1 < n else None
            if sub is None or sub.words is False or sub.ordinal:
                break
            if cur >= 100 and cur % 100 == 0:
                cur += sub.value  # алты жүз да қырық төрт = 644
            else:
                digits = len(str(int(sub.value)))
                cur += sub.value / 10 ** digits  # бір де алпыс жеті = 1.67
            k, last = sub.end, "frac"
            if _closes(num, sub):
                break
            continue
        info = numeral_word(t)
        if info is None:
            break
        value, cat, ending, meaning = info
        if meaning == "ordinal":  # үшінші; екі мың жиырмасыншы (the 2020th): an ordinal, whole
            num.ordinal = True
            num.end = k + 1
            return num
        ok = False
        if cat == "unit":
            if last in (None, "ten", "hundred", "scale"):
                cur = (cur or 0.0) + value
                ok = True
        elif cat == "ten":
            if last in (None, "hundred", "scale"):
                cur = (cur or 0.0) + value
                ok = True
            elif last == "unit" and k - i == 1 and follows is not None and not small and not ending:
                # "екі қырық бес миллиграмм": a spoken decimal (2.45), read only when a unit follows
                sub = parse_number(tokens, k, text, follows, small=True)
                if sub is not None and not sub.ordinal and sub.value < 100 and sub.end < n and follows(sub.end):
                    cur = (cur or 0.0) + sub.value / 100
                    k, last = sub.end, "frac"
                    num.words = True
                    if _closes(num, sub):
                        break
                    continue
        elif cat == "hundred":
            if last in (None, "scale") or (last == "unit" and cur is not None and cur < 10):
                cur = (cur if last == "unit" else 1.0) * value
                ok = True
        elif cat == "scale":
            if small:
                break
            if last in (None, "unit", "ten", "hundred", "digits", "half", "halfpre", "frac", "scale") and (
                    scale_last is None or value < scale_last):  # "миллион мың" = 1 001 000
                total += (cur if cur is not None else 1.0) * value
                cur = None
                scale_last = int(value)
                trailing = int(value)
                ok = True
                num.abbr = t.norm in ABBREVIATED_SCALES or t.stem in ABBREVIATED_SCALES
        elif cat == "half":
            if last in ("unit", "ten", "hundred", "digits") and cur is not None:
                cur += value
                ok = True
            elif last is None:  # "жарым процент", "ширек миллион"
                cur = value
                ok = True
            elif last == "scale" and cur is None and scale_last is not None and not small:
                total += value * scale_last  # "мың жарым" = 1500, "екі миллиард жарым" = 2.5 bn
                ok = True
        elif cat == "halfpre":
            if last is None and not small:
                cur = value
                ok = True
        elif cat == "point":
            if last in ("unit", "ten", "hundred", "digits") and cur is not None and k + 1 < n:
                kk = k + 1
                if kk + 3 < n and tokens[kk].norm == "(" and tokens[kk + 2].norm == ")":
                    kk += 3  # "жиырма сегіз бүтін ( оннан ) он": a false start of transcribed speech
                den = None
                dinfo = numeral_word(tokens[kk])
                if dinfo and dinfo[2] in _ABLATIVE and tokens[kk].norm[: -len(dinfo[2])] in _DENOMINATORS:
                    den = _DENOMINATORS[tokens[kk].norm[: -len(dinfo[2])]]
                    kk += 1
                sub = parse_number(tokens, kk, text, follows, small=True) if kk < n else None
                if sub is None or sub.ordinal:
                    break
                frac = sub.value
                cur += frac / den if den else frac / 10 ** len(str(int(frac)))
                k, last = sub.end, "frac"
                num.words = True
                if _closes(num, sub):
                    break
                continue
        elif cat == "many":
            if last in (None, "unit", "ten", "digits"):
                cur = (cur if cur is not None else 1.0) * value if last else value
                num.approx = True
                ok = True
                last = "many"
                k += 1
                num.words = True
                if not ending and k < n and not small:  # "жүздеген миллион теңге": hundreds of millions
                    nxt = numeral_word(tokens[k]) if tokens[k].kind == "word" else None
                    if nxt is not None and nxt[1] == "scale" and nxt[0] > cur and nxt[3] != "ordinal":
                        total += cur * nxt[0]
                        cur = None
                        scale_last = trailing = int(nxt[0])
                        num.abbr = tokens[k].norm in ABBREVIATED_SCALES or tokens[k].stem in ABBREVIATED_SCALES
                        if nxt[2] and nxt[3] not in ("particle", "approx", "many"):
                            num.ending = nxt[2]
                        k += 1
                break
        if not ok:
            break
        last = cat
        num.words = True
        k += 1
        if ending and meaning != "particle":
            if meaning in ("approx", "many"):
                num.approx = True  # үш мыңдай қозы: a noun or unit may follow
            else:
                num.ending = ending
            if cat != "scale":
                num.abbr = False
            break
        if cat != "scale":
            num.abbr = False
    if last is None or last == "point" or (last == "halfpre" and not (follows is not None and k < n and follows(k))):
        return None  # "жарты" alone is a half only before a scale or a unit (жарты миллиард, жарты пайыз)
    num.value = total + (cur or 0.0)
    num.end = k
    num.scale = trailing if cur is None else 1
    return num


def tokens_of(s: str) -> list[Token]:
    """Plain tokens of a short string (for ``parse`` and tests)."""
    from aimaq.kk.tokenize import tokenize
    from aimaq.kk.normalize import normalize
    return explode(tokenize(normalize(s), original=s))


def parse(s: str) -> int | float | None:
    """The value of ``s`` when the whole string is one number, else None.

    >>> parse('сегіз жарым миллиард')
    8500000000
    >>> parse('1.844.036.360,12')
    1844036360.12
    """
    from aimaq.kk.normalize import normalize
    toks = tokens_of(s)
    num = parse_number(toks, 0, normalize(s)) if toks else None
    if num is None or num.ordinal or num.end != len(toks):
        return None
    return clean_value(num.value)


def explode(tokens: Sequence[Token]) -> list[Token]:
    """Tokens with hyphenated numeral words split: ``екі-үш`` → ``екі - үш``, ``млн-ға`` → ``млн`` + ending ``ға``
    (``tokens`` itself when it is a list and nothing is split: callers only read the result).

    The tokenizer keeps hyphenated words whole (``мұнай-газ``); for numbers the
    parts matter (a range, or a scale with its case ending).
    """
    for t in tokens:
        if "-" in t.norm:
            break
    else:  # no hyphen in any token (most sentences): nothing to split
        return tokens if tokens.__class__ is list else list(tokens)  # (the caller's list: read, never changed)
    out: list[Token] = []
    for t in tokens:
        if t.kind != "word" or "-" not in t.norm or len(t.norm) != len(t.text):
            out.append(t)
            continue
        parts = t.norm.split("-")
        if len(parts) == 2 and parts[0] in WORDS and parts[1] in ENDINGS:
            out.append(Token(t.start, t.end, t.text, t.norm, "word", parts[0], parts[1]))
            continue
        infos = []
        for p in parts:
            probe = Token(0, len(p), p, p, "word", p, "")
            infos.append(numeral_word(probe) if p else None)
        if len(parts) >= 2 and all(infos):
            pos = t.start
            for idx, p in enumerate(parts):
                if idx:
                    out.append(Token(pos, pos + 1, t.text[pos - t.start], "-", "punct", "-", ""))
                    pos += 1
                out.append(Token(pos, pos + len(p), t.text[pos - t.start: pos - t.start + len(p)], p, "word", p, ""))
                pos += len(p)
            continue
        out.append(t)
    return out
