"""The speed caches change nothing: results with cold caches equal results with warm ones.

The tokenizer keeps surface forms in a dict, dates share one feature record per token
form, places and numbers cache per-form answers. A shared record that someone changed,
or a form whose kind depended on its context, would show up as a difference here.
"""
from __future__ import annotations

import importlib

from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.pipeline import analyze
from aimaq.recognize import dates, numbers, places
from aimaq.text import Token

tokenize_module = importlib.import_module("aimaq.kk.tokenize")

ALPHABET = list("аәбғқңөұүһі АБҚ.,!?«»\"'-–\n0123456789%$№iIh\u00a0\u00ad²_")
WORDS = ["2025", "жылы", "15", "қазанда", "1-тоқсанда", "екі-үш", "мың", "теңге", "50%-ға", "Атырау",
         "облысында", "Алматы", "Павлодаре", "биыл", "өткен", "айда", "бес", "жыл", "бойы", "«", "»",
         "ХХІ", "ғасыр", "АҚШ-пен", "млн-ға", "адам", "-", "2019-2020", "жж", ".", "Қасым-Жомарт"]


def _forms(tokens: list[Token]) -> list[tuple]:
    return [(t.start, t.end, t.text, t.norm, t.kind, t.stem, t.suffix) for t in tokens]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=120))
def test_tokens_do_not_depend_on_the_form_cache(text):
    warm = _forms(tokenize_module.tokenize(text))
    tokenize_module._FORM_CACHE.clear()
    cold = _forms(tokenize_module.tokenize(text))
    assert warm == cold
    assert _forms(tokenize_module.tokenize(text)) == cold


def _mentions(text: str) -> list[tuple]:
    a = analyze(text)
    return [(m.type, m.start, m.end, repr(m.value)) for rec in (numbers, dates, places) for m in rec.recognize(a)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14))
def test_recognizers_give_the_same_mentions_twice(words):
    text = " ".join(words)
    first = _mentions(text)
    assert _mentions(text) == first  # the shared per-form records were not changed by the first run
    dates.clear_caches()
    numbers.clear_caches()
    places._lookup_word.cache_clear()
    assert _mentions(text) == first
