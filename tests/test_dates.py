"""Dates, periods and deadlines: a corpus of Kazakh time expressions with their intervals.

Each line of ``tests/corpus/dates.tsv`` is one case (Duckling style: adding a case is
adding a line): text, publication date (``-`` = unknown), the expected mention text,
start, end (``-`` = null), grain, relative (``-`` = null) and optional ``key=value``
checks on other fields of the value (``deadline=true``, ``anchor=by``).
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.pipeline import analyze
from aimaq.recognize import dates
from tests.conftest import read_corpus

CASES = read_corpus("dates.tsv")


def _null(cell: str) -> str | None:
    return None if cell == "-" else cell


def _mentions(text: str, published: str | None):
    return dates.recognize(analyze(text, published=published))


def _check(row: list[str]) -> None:
    text, pub, span, start, end, grain, relative = row[:7]
    checks = row[7].split() if len(row) > 7 and row[7] else []
    found = [m for m in _mentions(text, _null(pub)) if m.text == span]
    assert found, f"no date mention [{span}] in {text!r}: {[m.text for m in _mentions(text, _null(pub))]}"
    v = found[0].value
    assert (v["start"], v["end"]) == (_null(start), _null(end)), v
    assert v["grain"] == grain, v
    assert v["relative"] == _null(relative), v
    for check in checks:
        key, _, want = check.partition("=")
        got = v.get(key)
        want_val = {"true": True, "false": False, "none": None}.get(want, want)
        if isinstance(got, (int, float)) and not isinstance(got, bool):
            want_val = float(want)
        assert got == want_val, (key, v)


@pytest.mark.parametrize("row", CASES, ids=[f"{r[0][:40]}@{r[1]}" for r in CASES])
def test_corpus(row: list[str]) -> None:
    _check(row)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 250
    assert any(r[1] == "-" for r in CASES)
    assert any(r[1].endswith("-02-29") for r in CASES)
    assert any(r[1].endswith("-12-31") for r in CASES)


def test_same_sentence_two_publication_dates_and_unknown() -> None:
    """The corpus holds sentences read against two publication dates and against none."""
    by_text: dict[tuple[str, str], dict[str, tuple[str, str, str]]] = {}
    for r in CASES:
        by_text.setdefault((r[0], r[2]), {})[r[1]] = (r[3], r[4], r[6])
    relative_cases = 0
    for (text, span), per_pub in by_text.items():
        known = {p: v for p, v in per_pub.items() if p != "-"}
        if len(known) >= 2 and "-" in per_pub:
            intervals = {(v[0], v[1]) for v in known.values()}
            assert len(intervals) >= 2, (text, per_pub)  # resolves differently per date
            start, end, rel = per_pub["-"]
            assert (start, end) == ("-", "-") and rel != "-", (text, per_pub)  # kept relative
            relative_cases += 1
    assert relative_cases >= 10
    # and directly, without the corpus file
    a = _mentions("Келесі жылы зауыт салынады.", "2024-12-31")[0].value
    b = _mentions("Келесі жылы зауыт салынады.", "2025-01-01")[0].value
    c = _mentions("Келесі жылы зауыт салынады.", None)[0].value
    assert (a["start"], b["start"], c["start"]) == ("2025-01-01", "2026-01-01", None)
    assert a["relative"] == b["relative"] == c["relative"] == "next_year"


def test_deadline_marker() -> None:
    v = _mentions("2026 жылға қарай өндіріс артады.", None)[0].value
    assert v["deadline"] is True and v["anchor"] == "by"
    v = _mentions("2017 жылдан бастап жұмыс істейді.", None)[0].value
    assert "deadline" not in v and v["anchor"] == "from"


def test_context_year_when_publication_unknown() -> None:
    """A day without a year takes the last explicit year of the document when the date is unknown."""
    ms = _mentions("2018 жылдың 6 айында өсім болды. Осы жылдың 1 шілдесінде 500 кәсіпорын тіркелген.", None)
    assert [m.value["start"] for m in ms] == ["2018-01-01", "2018-07-01"]
    assert ms[1].value.get("context") is True


DATELINES = [
    ("15 қазан 2025, Астана. Облыста жиын өтті.", "2025-10-15"),
    ("Астана, 15.10.2025\nОблыста 2019 жылы басталған жұмыстар туралы ұзақ сөйлем бар.", "2025-10-15"),
    ("Тақырып\nМәтін.\nЖарияланды: 2025-11-25 10:30", "2025-11-25"),
    ("2018 жылы 15 қазан 2019 жылы салынды деп хабарлады облыс әкімдігінің баспасөз қызметі бүгін", None),
    ("Тақырып\nМәтін 12.03.2024 күні өткен жиында айтылды, бұл өте ұзын жол болып табылады, иә.\nАвтор", None),
    ("31.02.2024\nМәтін", None),
    ("15 қазан 2025 жылы зауыт ашылды және ол өте үлкен зауыт болып табылады деп хабарлады", None),
    ("25 қараша 2025 ж., 10:30\nМәтін", "2025-11-25"),
    ("Мәтін мұнда.\nАвтор: А. Ахметов, 12.03.2024", "2024-03-12"),
    ("2025 жылғы 25 қарашада облыста жиын өтті", None),
    ("", None),
]


@pytest.mark.parametrize("text,want", DATELINES)
def test_dateline(text: str, want: str | None) -> None:
    assert dates.dateline(text) == want


ALPHABET = st.sampled_from(list("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя 0123456789.,-–«»()\n")
                           + ["жыл", " жылы ", " айында ", " қаңтар", " биыл ", "дейін", " 2025 ", " 15 ",
                              " бірінші ", " тоқсан", "ғасыр", " XXI ", " соңғы ", " бес ", " мың ", "-інші", " сайын "])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join),
       st.sampled_from([None, "2024-02-29", "2025-12-31", "2000-01-01", "0001-01-01", "9999-12-31", "garbage"]))
def test_never_crashes_offsets_valid(text: str, published: str | None) -> None:
    analysis = analyze(text, published=published)
    ms = dates.recognize(analysis)
    for m in ms:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert set(m.value) >= {"start", "end", "grain", "relative"}
        if m.value["start"] and m.value["end"]:
            assert m.value["start"] <= m.value["end"]
    assert dates.dateline(text) is None or len(dates.dateline(text)) == 10


NOT_DATES = [r[0] for r in read_corpus("not_dates.tsv")]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    """Words that look like date words to the suffix analysis, and what KazNERD leaves out, give no date."""
    assert [m.text for m in _mentions(text, "2025-11-25")] == []
