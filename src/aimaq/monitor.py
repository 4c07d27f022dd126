"""Monitoring across documents: when two facts are the same item, and where a commitment stands.

Pure functions over fact records (``Fact.to_dict()``), used by :mod:`aimaq.store`:

- :func:`item_key` says what a fact is about (type, region, and the type's
  discriminating fields: flow and recipient of an investment, measure of an
  indicator or target, name of a project, ...), so that only facts with the same
  key are ever compared.
- :func:`agree` says whether two reported figures are the same figure "within
  rounding": the tolerance is half the last written digit of the coarser one
  (``892 млрд`` and ``892,1 млрд`` agree; ``890 млрд`` and ``892,1 млрд`` do not).
- :func:`commitment_status` places a target or instruction against today.
"""
from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Any

from aimaq.kk.resources import table, words

COMMITMENT_TYPES = ("target", "instruction")
STATUSES = ("no_deadline", "upcoming", "due_this_year", "overdue", "reported_met")

# The figures of each fact type that are compared between reports.
VALUE_FIELDS: dict[str, tuple[str, ...]] = {
    "investment": ("amount",),
    "portfolio": ("projects", "cost", "jobs"),
    "project": ("cost", "jobs"),
    "indicator": ("value",),
    "target": ("value",),
    "instruction": (),
}
# Exact discriminators: facts differing in one of these are never the same item.
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "investment": ("flow",),
    "portfolio": ("status",),
    "project": (),
    "indicator": (),
    "target": (),
    "instruction": (),
}
# What a fact is about, compared by word stems. "similar": both must name it, with at least
# SIMILAR of their stems shared (Jaccard); "soft": differs only when both name it and share no stem.
SUBJECT_FIELDS: dict[str, dict[str, str]] = {
    "investment": {"recipient": "soft"},
    "portfolio": {"sector": "soft", "program": "soft", "sez": "soft"},
    "project": {"name": "similar", "organization": "soft"},
    "indicator": {"measure": "similar"},
    "target": {"measure": "similar"},
    "instruction": {"action": "similar", "issuer": "soft"},
}
SIMILAR = 0.5
EVIDENCE = "_evidence"  # the subject's entry for the stems of the whole evidence sentence
APPROX_TOLERANCE = 0.10  # relative, when either figure is approximate or bounded (шамамен, астам, ...)
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)*")
STEM_LEN = 5  # words are compared by their first letters: Kazakh endings vary, stems do not


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """Words that never tell two subjects apart: the stop list, and the names of the regions
    (a fact's region is compared on its own; "Ақтөбе облысына" as a recipient names no other thing)."""
    regional = set()
    for row in table("regions.tsv"):
        for name in (row[1], row[2], *(row[4].split(",") if len(row) > 4 else ())):
            regional.update(w[:STEM_LEN] for w in _WORD.findall(name.lower()) if len(w) >= 3)
    try:  # numeral words: "жетпіс төрт" and "74" are the same sentence
        numerals = {w[:STEM_LEN] for w in words("numerals.tsv")}
    except (FileNotFoundError, OSError):
        numerals = set()
    return words("monitor_stopwords.tsv") | frozenset(regional) | frozenset(numerals)


def stems(text: str | None) -> list[str]:
    """Content-word stems of a short phrase, in order, for comparing measures and names."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", text).lower()
    stop = _stopwords()
    out = []
    for w in _WORD.findall(text):
        if w.isdigit() or w in stop or len(w) < 3:
            continue
        s = w[:STEM_LEN]
        if s not in stop and s not in out:
            out.append(s)
    return out


def _text_of(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return value.get("name") or value.get("role") or value.get("text")
    if isinstance(value, (list, tuple)):
        return " ".join(filter(None, (_text_of(v) for v in value)))
    return str(value)


def _figure(v: Any) -> dict[str, Any] | None:
    """A value object with a numeric ``amount`` (a bare number is taken as one)."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return {"amount": v}
    if isinstance(v, dict) and isinstance(v.get("amount"), (int, float)) and not isinstance(v["amount"], bool):
        return v
    return None


def main_value(fact: dict[str, Any]) -> dict[str, Any] | None:
    """The figure a fact is mainly about (first present of its type's value fields)."""
    for name in VALUE_FIELDS.get(fact.get("type", ""), ()):
        v = _figure(fact.get(name))
        if v:
            return v
    return None


def unit_of(value: dict[str, Any] | None) -> str | None:
    if not value:
        return None
    return value.get("currency") or value.get("unit")


def item_key(fact: dict[str, Any]) -> str:
    """The exact part of what ``fact`` is about: its type's discriminators and the main figure's unit."""
    parts = [f"{name}={fact.get(name) or ''}" for name in KEY_FIELDS.get(fact.get("type", ""), ())]
    parts.append(f"unit={unit_of(main_value(fact)) or ''}")
    return "|".join(parts)


def subject(fact: dict[str, Any], evidence_text: str | None = None) -> dict[str, list[str]]:
    """The word stems of each subject field of ``fact`` (see SUBJECT_FIELDS).

    A "similar" field the fact does not fill (an indicator without a measure) is
    taken from the words of its evidence, so that two facts that say nothing of
    what they measure are the same item only if their sentences are alike.
    """
    out = {}
    sentence = stems(evidence_text) if evidence_text else []
    for name, mode in SUBJECT_FIELDS.get(fact.get("type", ""), {}).items():
        st = stems(_text_of(fact.get(name)))
        if not st and mode == "similar":
            st = sentence
        if st:
            out[name] = st
    if sentence:
        out[EVIDENCE] = sentence
    return out


def subject_terms(fact_type: str, subj: dict[str, list[str]]) -> list[str]:
    """Stems of the "similar" fields: an item is only compared with facts sharing one of them."""
    out: list[str] = []
    for name, mode in SUBJECT_FIELDS.get(fact_type, {}).items():
        if mode == "similar":
            out += [t for t in subj.get(name, []) if t not in out]
    return out


def same_subject(fact_type: str, a: dict[str, list[str]], b: dict[str, list[str]], alike: bool = False) -> bool:
    """Whether two subjects (from :func:`subject`) name the same thing.

    ``alike``: also require their sentences to be alike — for facts that have
    neither a region nor a period, whose figure alone would match too easily.
    """
    if alike and not _similar(set(a.get(EVIDENCE, ())), set(b.get(EVIDENCE, ()))):
        return False
    for name, mode in SUBJECT_FIELDS.get(fact_type, {}).items():
        x, y = set(a.get(name, ())), set(b.get(name, ()))
        if mode == "soft":
            if x and y and not x & y:
                return False
        elif (x or y) and not _similar(x, y):
            return False
    return True


def _similar(x: set[str], y: set[str]) -> bool:
    return bool(x and y) and len(x & y) >= SIMILAR * len(x | y)


def values(fact: dict[str, Any], mention_texts: dict[float, str] | None = None) -> dict[str, dict]:
    """The comparable figures of ``fact`` with the precision they were written with.

    ``mention_texts`` maps an amount to the surface text it was read from (the
    fact's mentions), which tells ``892,1 млрд`` (precision 0.1 bn) from ``890 млрд``
    (precision 1 bn) although both are plain numbers once parsed.
    """
    out = {}
    for name in VALUE_FIELDS.get(fact.get("type", ""), ()):
        v = _figure(fact.get(name))
        if not v:
            continue
        amount = float(v["amount"])
        text = (mention_texts or {}).get(amount)
        out[name] = {
            "amount": amount,
            "max": v.get("max"),
            "unit": unit_of(v),
            "qualifier": v.get("qualifier") or "exact",
            "precision": precision(amount, text),
        }
    return out


def precision(amount: float, text: str | None = None) -> float:
    """The value of the last digit ``amount`` was written with.

    From the surface text when given (``892,1 млрд теңге`` → 1e8; ``8 мың`` → 1000),
    else from the number itself (trailing zeros are taken as not significant).
    """
    amount = abs(float(amount))
    if amount == 0:
        return 1.0
    if text:
        m = _NUMBER.search(text)
        if m:
            lit = re.sub(r"[ \u00a0\u202f]", "", m.group())
            for written, decimals in _readings(lit):
                if written <= 0:
                    continue
                scale = amount / written
                exp = round(math.log10(scale)) if scale > 0 else 0
                if exp >= 0 and math.isclose(scale, 10.0 ** exp, rel_tol=1e-6):
                    return 10.0 ** (exp - decimals)
    if amount == int(amount):
        n, p = int(amount), 1.0
        while n and n % 10 == 0:
            n //= 10
            p *= 10
        # at least three significant digits: 10 is not "about 5 to 15", 890e9 not "885e9 to 895e9"
        return min(p, 10.0 ** max(0, math.floor(math.log10(amount)) - 2))
    decimals = len(repr(amount).split(".")[1]) if "." in repr(amount) else 0
    return 10.0 ** -min(decimals, 6)


def _readings(lit: str) -> list[tuple[float, int]]:
    """(value, decimals written) for each way to read a numeral like ``916,865`` or ``1.844.036,12``."""
    out = []
    seps = re.findall(r"[.,]", lit)
    if not seps:
        return [(float(lit), 0)]
    # last separator as decimal point, the others as thousands groups
    whole, frac = lit.rsplit(seps[-1], 1)
    whole = re.sub(r"[.,]", "", whole)
    if whole.isdigit() and frac.isdigit():
        out.append((float(f"{whole}.{frac}"), len(frac)))
    # every separator as a thousands group
    digits = re.sub(r"[.,]", "", lit)
    if digits.isdigit():
        out.append((float(digits), 0))
    return out


def agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two figures (entries of :func:`values`) report the same number within rounding."""
    if (a.get("unit") or None) != (b.get("unit") or None):
        return False
    x, y = a["amount"], b["amount"]
    for lo, hi, other in ((x, a.get("max"), y), (y, b.get("max"), x)):
        if isinstance(hi, (int, float)) and lo <= other <= hi:
            return True
    tol = 0.5 * max(a.get("precision") or 0, b.get("precision") or 0)
    if a.get("qualifier", "exact") != "exact" or b.get("qualifier", "exact") != "exact":
        tol = max(tol, APPROX_TOLERANCE * max(abs(x), abs(y)))
    return abs(x - y) <= tol + 1e-9 * max(abs(x), abs(y))


def all_agree(a: dict[str, dict], b: dict[str, dict]) -> bool | None:
    """True if every figure both report agrees, False if one differs, None if they share none."""
    shared = [k for k in a if k in b]
    if not shared:
        return None
    return all(agree(a[k], b[k]) for k in shared)


def span(fact: dict[str, Any]) -> tuple[str | None, str | None]:
    """The time a fact is about: its period, or for a commitment its deadline."""
    p = fact.get("period") or (fact.get("deadline") if fact.get("type") in COMMITMENT_TYPES else None)
    if isinstance(p, dict) and (p.get("start") or p.get("end")):
        return p.get("start") or p.get("end"), p.get("end") or p.get("start")
    return None, None


def overlap(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool | None:
    """Whether two (start, end) ISO intervals overlap; None when either is unknown."""
    if a[0] is None or b[0] is None:
        return None
    return a[0] <= b[1] and b[0] <= a[1]


# ---------------------------------------------------------------- commitments
def deadline_end(deadline: Any, published: str | None) -> date | None:
    """Last day a commitment may be met by: the deadline's end, or a relative year resolved
    against the publication date (``next_year`` in a 2025 article → 2026-12-31)."""
    if not isinstance(deadline, dict):
        return None
    end = deadline.get("end") or deadline.get("start")
    if end:
        try:
            return date.fromisoformat(str(end)[:10])
        except ValueError:
            return None
    rel = deadline.get("relative")
    if rel and published:
        year = int(published[:4])
        shift = {"this_year": 0, "current_year": 0, "next_year": 1, "last_year": -1}.get(rel)
        if shift is not None:
            return date(year + shift, 12, 31)
    return None


def commitment_status(deadline: Any, today: date, published: str | None = None, met: bool = False) -> str:
    """``reported_met``, ``no_deadline``, ``overdue``, ``due_this_year`` or ``upcoming``."""
    if met:
        return "reported_met"
    end = deadline_end(deadline, published)
    if end is None:
        return "no_deadline"
    if end < today:
        return "overdue"
    if end.year == today.year:
        return "due_this_year"
    return "upcoming"


def reports_met(commitment: dict[str, Any], fact: dict[str, Any], evidence_text: str = "") -> bool:
    """Whether ``fact`` (from a later document, same region) reports ``commitment`` as met.

    A target is met when a fact about the same measure (shared word stems) reports
    a figure in the same unit at or beyond the target's value; an instruction or a
    target without a figure is met when a fact about the same thing says it was
    done (a completion word from ``kk/data/completion_words.tsv`` or status
    commissioned/operating).
    """
    if fact.get("type") in COMMITMENT_TYPES:
        return False
    want = set(stems(commitment.get("measure") or commitment.get("action")))
    about = fact.get("measure") or fact.get("name") or fact.get("sector") or ""
    have = set(stems(_text_of(about))) | set(stems(evidence_text))
    if not want or len(want & have) < max(1, (len(want) + 1) // 2):
        return False
    target = _figure(commitment.get("value"))
    got = main_value(fact)
    if target:
        if not got or unit_of(got) != unit_of(target):
            return False
        return float(got["amount"]) >= float(target["amount"]) * (1 - 1e-9)
    if fact.get("status") in ("commissioned", "operating"):
        return True
    text = evidence_text.lower()
    return any(w in text for w in words("completion_words.tsv"))
