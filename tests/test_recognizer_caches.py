"""The per-form records of the dates and numbers recognizers change nothing: the mentions of a text
are the same with every record forgotten (cold) and with the records a first run left (warm).

Both recognizers skip a sentence by its token norms (no anchor word, no number start) and keep
what they learned of each norm; a record that depended on the token rather than its norm, or a
skip that was not exact, would show up as a difference here.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.pipeline import analyze
from aimaq.recognize import dates, numbers

WORDS = ["2025", "жылы", "жылдың", "15", "қазанда", "1-тоқсанда", "екі-үш", "мың", "теңге", "50%-ға", "млн-ға",
         "биыл", "өткен", "айда", "бес", "жыл", "бойы", "ХХІ", "ғасыр", "2019-2020", "жж", "ж", ".", ",", "-", "–",
         "қаңтар-маусым", "бүгін-ертең", "жасы", "57-де", "отызға", "жуық", "астам", "дейін", "бастап", "жарты",
         "екінші", "жартысында", "15.10.2025", "2024-12-01", "мен", "аралығында", "адам", "жаңа", "айтты",
         "Айдос", "бір", "оның", "тонна", "пайыз", "¹", "²", "\u00ad-\u00ad", "сәуір", "айының", "ортасында"]


def _mentions(text: str, published: str | None) -> list[tuple]:
    a = analyze(text, published=published)
    return [(m.type, m.start, m.end, repr(m.value)) for rec in (numbers, dates) for m in rec.recognize(a)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14), st.sampled_from([None, "2025-06-15"]))
def test_cold_and_warm_records_give_the_same_mentions(words, published):
    text = " ".join(words)
    dates.clear_caches()
    numbers.clear_caches()
    cold = _mentions(text, published)
    assert _mentions(text, published) == cold  # warm: the records of the first run
    dates.clear_caches()
    numbers.clear_caches()
    _mentions(" ".join(reversed(words)), published)  # the records learned from the words in another order
    assert _mentions(text, published) == cold
