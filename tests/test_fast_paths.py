"""The per-document fast paths give what the general code gives.

Tokenization (chunk cache + arithmetic positions), one-sentence regions, one-line cleaning and
Cyrillic-only language detection each skip work for the common case; here each is compared with the
general path it stands for, on random texts built from the characters that decide between them.
"""
from __future__ import annotations

import importlib

from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq import clean as clean_module
from aimaq import langid
from aimaq.lang import get
from aimaq.text import Token

tokenize_module = importlib.import_module("aimaq.kk.tokenize")
segment = importlib.import_module("aimaq.kk.segment")
normalize = importlib.import_module("aimaq.kk.normalize").normalize

WHITE = [" ", "  ", "\t", "\n", "\r", "\u00a0", "\u2009", "\u3000", "\x0b", "\u2028"]
PIECES = ["сөз", "Астана", "АҚШ-пен", "1000-нан", "50%-ға", "2,5", "млрд", "жж", "т.б", "Ә", "ЖШС", "Inc",
          "и", "в", "на", "the", "of", "Kazakh", "İstanbul", "ΣΑΣ", "_", "_a", "a_b", "\u00ad", "x\u00ady",
          "²", "№", "$", "-", "–", ".", "..", "!", "?", "…", ",", "«", "»", "“", "”", '"', "(", ")",
          "date 2025-01-02", "inform.kz", "Фото:"]
texts = st.lists(st.sampled_from(PIECES + WHITE), max_size=24).map("".join)


def _forms(tokens: list[Token]) -> list[tuple]:
    return [(type(t), t.start, t.end, t.text, t.norm, t.kind, t.stem, t.suffix) for t in tokens]


def _regex_tokens(norm_text: str, start: int, end: int, original: str) -> list[Token]:
    """The tokenization by definition: every match of the token regex."""
    out = []
    for m in tokenize_module.TOKEN_RE.finditer(norm_text, start, end):
        norm, stem, suffix = tokenize_module._forms(m.lastgroup, m.group())
        out.append(Token(m.start(), m.end(), original[m.start():m.end()], norm, m.lastgroup, stem, suffix))
    return out


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(0, 3), st.integers(0, 3))
def test_tokenize_is_the_token_regex(text, cut_start, cut_end):
    norm = normalize(text)
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    expected = _forms(_regex_tokens(norm, start, end, text))
    assert _forms(tokenize_module.tokenize(norm, start, end, text)) == expected
    assert _forms(tokenize_module.tokenize(norm, start, end, text)) == expected  # from the cache
    tokens = tokenize_module.tokenize(norm, start, end, text)
    if tokens:  # built through TokenBuilder, still a frozen Token
        try:
            tokens[0].norm = "x"
        except AttributeError:
            pass
        else:
            raise AssertionError("Token is not frozen")


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(0, 3), st.integers(0, 3))
def test_one_sentence_regions_split_as_the_scan_does(text, cut_start, cut_end):
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    assert segment.split_region(text, start, end) == segment._scan(text, start, end)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_one_line_cleaning_is_the_line_by_line_cleaning(text):
    assert clean_module.clean(text, get()) == clean_module._clean_lines(text, get())


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from([20_000, 7]))
def test_cyrillic_detection_is_the_word_count(text, sample):
    assert langid.detect(text, sample) == langid._count(text[:sample])
