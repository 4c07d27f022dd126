"""Regions by name or code, for queries: ``--region Атырау`` → ``230000000``.

The 20 first-level units and their aliases are in ``kk/data/regions.tsv``; any
other KATO code (a district, a village) is mapped to its region by its first two
digits, and its name is looked up in the packaged KATO file when present.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources as _res

from aimaq.kk.resources import table

# Type words dropped before comparing names: "Атырау облысы", "Атырауская область", "г.Алматы".
_TYPE_WORDS = re.compile(
    r"\b(облысы\w*|облыс\w*|область|обл|region|oblast|қаласы\w*|қ|г|город|city|ауданы\w*|район)\b\.?",
    re.IGNORECASE)


def _plain(name: str) -> str:
    name = unicodedata.normalize("NFC", name).lower().replace("ё", "е")
    return " ".join(re.findall(r"\w+(?:-\w+)*", name.replace(".", ". ")))


def _norm(name: str) -> str:
    return " ".join(_TYPE_WORDS.sub(" ", _plain(name)).split())


@lru_cache(maxsize=1)
def _full_names() -> dict[str, str]:
    """Whole names (type word included) → code: tells ``Алматы облысы`` from ``Алматы қ.``."""
    out = {}
    for row in table("regions.tsv"):
        for name in (*row[1:4], *(row[4].split(",") if len(row) > 4 and row[4] else [])):
            out[_plain(name)] = row[0]
    return out


@lru_cache(maxsize=1)
def _regions() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(kato, Kazakh name, all normalized names) of the 20 regions."""
    out = []
    for row in table("regions.tsv"):
        kato, kk, ru, en = row[:4]
        aliases = row[4].split(",") if len(row) > 4 and row[4] else []
        names = {_norm(n) for n in (kk, ru, en, *aliases)} - {""}
        out.append((kato, kk, tuple(sorted(names))))
    return tuple(out)


@lru_cache(maxsize=1)
def _kato_names() -> dict[str, str]:
    try:
        text = _res.files("aimaq").joinpath("data", "kato.csv").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {}
    return {r["kato"]: r.get("name_kk") or r.get("name_ru") or "" for r in csv.DictReader(text.splitlines())}


def region_of(code: str) -> str:
    """The region (first-level KATO code) a KATO code belongs to."""
    return code[:2] + "0" * 7 if len(code) == 9 and code.isdigit() else code


def region_name(code: str | None) -> str:
    """The Kazakh name of a KATO code (the code itself when unknown)."""
    if not code:
        return "—"
    for kato, kk, _ in _regions():
        if kato == code:
            return kk
    return _kato_names().get(code, code)


def resolve(query: str) -> list[str]:
    """Region codes named by ``query``: a KATO code (or its leading digits), or a Kazakh,
    Russian or English name or alias in any case form (``Атырау``, ``Атырауская``,
    ``Атырау облысында``). Ambiguous names give every match (``Алматы``: region and city).
    Raises ``ValueError`` when nothing matches."""
    q = query.strip()
    if not q:
        raise ValueError("empty region name")
    if q.isdigit():
        codes = sorted({region_of(k) for k, _, _ in _regions() if k.startswith(q)}
                       | ({region_of(q)} if len(q) == 9 else set()))
        if codes:
            return codes
        raise ValueError(f"no region with KATO code {q}")
    if _plain(q) in _full_names():
        return [_full_names()[_plain(q)]]
    n = _norm(q)
    if not n:
        raise ValueError(f"no region named {query!r}")
    exact = [k for k, _, names in _regions() if n in names]
    if exact:
        return exact
    # a case form or an abbreviation of a name: one is a prefix of the other (4+ letters)
    scored = []
    for k, _, names in _regions():
        best = max((len(name) for name in names
                    if min(len(name), len(n)) >= 4 and (n.startswith(name) or name.startswith(n))), default=0)
        if best:
            scored.append((best, k))
    if scored:
        top = max(s for s, _ in scored)
        return sorted(k for s, k in scored if s == top)
    raise ValueError(f"no region named {query!r} (try a KATO code, e.g. 230000000, or `aimaq regions`)")
