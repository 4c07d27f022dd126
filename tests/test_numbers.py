"""Figures: corpus tests (tests/corpus/{money,percent,quantity,count,numbers}.tsv) and property tests.

Adding a case is adding a line to a corpus file. The property tests check that
every integer up to 10^13, spelled out in Kazakh by a generator written here
(independent of the parser), reads back to itself, and that no input crashes
the recognizer or yields a mention whose offsets do not cut out its text.
"""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.kk import numerals
from aimaq.pipeline import analyze
from aimaq.recognize import numbers
from tests.conftest import read_corpus

FIGURES = {"money", "percent", "quantity", "count", "cardinal"}
FILES = ("money.tsv", "percent.tsv", "quantity.tsv", "count.tsv")
CASES = [(name, row) for name in FILES for row in read_corpus(name)]
PARSE_CASES = read_corpus("numbers.tsv")


def _close(a, b) -> bool:
    return isinstance(b, (int, float)) and abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-9)


def _value_ok(expected: dict, got: dict) -> bool:
    for key, want in expected.items():
        have = got.get(key)
        if isinstance(want, (int, float)) and not isinstance(want, bool):
            if not _close(want, have):
                return False
        elif want != have:
            return False
    return True


@pytest.mark.parametrize("name,row", CASES, ids=[f"{n}:{k}" for k, (n, _) in enumerate(CASES)])
def test_corpus(name, row):
    text = row[0].replace("\\n", "\n")
    found = [m for m in numbers.recognize(analyze(text)) if m.type in FIGURES]
    if row[1] == "-":
        assert found == [], [(m.type, m.text, m.value) for m in found]
        return
    span = text if row[1] == "=" else row[1].replace("\\n", "\n")
    typ, expected = row[2], json.loads(row[3])
    hits = [m for m in found if m.type == typ and m.text == span]
    assert hits, [(m.type, m.text, m.value) for m in found]
    assert any(_value_ok(expected, m.value) for m in hits), [m.value for m in hits]


def test_corpus_is_large_enough():
    assert len(CASES) + len(PARSE_CASES) >= 400


@pytest.mark.parametrize("row", PARSE_CASES, ids=[f"numbers:{k}" for k in range(len(PARSE_CASES))])
def test_parse(row):
    text, want = row[0], row[1]
    got = numerals.parse(text)
    if want == "-":
        assert got is None, got
    else:
        assert got is not None and _close(float(want), got), got


# ------------------------------------------------------------ spelled integers
_UNITS = ["", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
_TENS = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"]
_SCALES = [(10 ** 12, "триллион"), (10 ** 9, "миллиард"), (10 ** 6, "миллион"), (10 ** 3, "мың"), (1, "")]


def _spell_group(g: int, say_one: bool) -> list[str]:
    """1..999 in words; ``say_one`` writes ``бір жүз`` rather than ``жүз``."""
    words = []
    h, rest = divmod(g, 100)
    if h:
        if h > 1 or say_one:
            words.append(_UNITS[h])
        words.append("жүз")
    t, u = divmod(rest, 10)
    if t:
        words.append(_TENS[t])
    if u:
        words.append(_UNITS[u])
    return words


def spell(n: int, say_one: bool = False) -> str:
    """``n`` (0 ≤ n ≤ 10^13) in Kazakh words, written here independently of the parser."""
    if n == 0:
        return "нөл"
    words: list[str] = []
    for size, name in _SCALES:
        g, n = divmod(n, size)
        if not g:
            continue
        if g == 1 and name and not say_one:
            words.append(name)  # "мың", "миллион" alone mean one thousand, one million
            continue
        words.extend(_spell_group(g, say_one))
        if name:
            words.append(name)
    return " ".join(words)


def test_spell_examples():
    assert spell(215000) == "екі жүз он бес мың"
    assert spell(10 ** 13) == "он триллион"


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 13), st.booleans())
def test_spelled_integers_parse_back(n, say_one):
    assert numerals.parse(spell(n, say_one)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 13), st.sampled_from([" ", "\u00a0"]))
def test_grouped_digits_parse_back(n, sep):
    text = f"{n:,}".replace(",", sep)
    assert numerals.parse(text) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10 ** 12))
def test_spelled_money_is_one_mention(n):
    text = f"Облысқа {spell(n)} теңге бөлінді."
    found = [m for m in numbers.recognize(analyze(text)) if m.type == "money"]
    assert len(found) == 1 and found[0].value["amount"] == n and found[0].text.endswith("теңге")


# ------------------------------------------------------------ robustness
_PIECES = st.sampled_from([
    "5", "2015", "3,8", "1.844.036.360,12", "3 634", "50%", "%-ке", "-", "–", ",", ".", " ", "\n", "\u00a0",
    "млрд", "млн.", "мың", "миллион", "жүз", "бір", "бүтін", "оннан", "жарым", "жарты", "де", "теңге",
    "теңгеден", "астам", "аса", "дейін", "жуық", "кем", "емес", "пайыз", "тонна", "шаршы", "метр", "жоба",
    "жұмыс", "орны", "адам", "жыл", "үшінші", "31-інші", "АҚШ", "доллары", "$", "№", "шамамен", "минус",
    "сағатына", "екі-үш", "млн-ға", "1000-нан", "5-бабы", "(", ")", "«", "»", "Қ", "a", "0", "00",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_PIECES, max_size=30).map(" ".join), st.lists(_PIECES, max_size=30).map("".join),
                 st.text(max_size=80)))
def test_never_crashes_offsets_valid(text):
    for m in numbers.recognize(analyze(text)):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.type in FIGURES
        assert isinstance(m.value.get("amount"), (int, float))
