"""The per-form records of the dates and numbers recognizers change nothing: the mentions of a text
are the same with every record forgotten (cold) and with the records a first run left (warm).

Both recognizers skip a sentence by its token norms (no anchor word, no number start) and keep
what they learned of each norm; a record that depended on the token rather than its norm, or a
skip that was not exact, would show up as a difference here.
"""
from __future__ import annotations

from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.kk import resources
from aimaq.pipeline import analyze
from aimaq.recognize import dates, numbers
from aimaq.text import Token
from tests.conftest import CORPUS, read_corpus

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


@lru_cache(maxsize=None)
def _corpus_words() -> frozenset[str]:
    """The word norms of every test corpus, and every date-lexicon entry with every ending of the suffix table."""
    words: set[str] = set()
    for path in sorted(CORPUS.glob("*.tsv")):
        for row in read_corpus(path.name):
            words.update(t.norm for s in analyze(row[0]).sentences for t in s.tokens if t.kind == "word")
    endings = [""] + [r[0] for r in resources.table("suffixes.tsv")]
    for lex in dates._LEXICONS.values():
        words.update(e + x for e in lex for x in endings)
    words.update(r + e for r in dates.ORDINAL_STEMS for e in dates.ORDINAL_ENDINGS)
    return frozenset(words)


def test_plain_word_fast_path_matches_the_full_features():
    """``dates._plain_word`` (the cheap test that a form has no reading) never says so of a form
    whose full features hold something."""
    fields = dates.Feat.__slots__
    checked = 0
    for w in _corpus_words():
        if dates._plain_word(w):
            full = dates._full_features("word", w, w, "")
            bare = dates.Feat("word", w, w, "")
            assert [getattr(full, k) for k in fields] == [getattr(bare, k) for k in fields], w
            checked += 1
    assert checked > 1000


def test_one_word_phrases_of_word_tokens_are_the_full_ones():
    """``numbers._phrase_at`` of a word token without a split ending gives the full look-up's one-word
    phrase (cached or not), whatever the token's stem says."""
    numbers.clear_caches()
    words = sorted(_corpus_words())[:4000] + sorted(numbers._SINGLE)
    for w in words:
        for stem in (w, "", "x"):  # (one token: no phrase of several words fits, the one-word one is read)
            full = numbers._single_phrase.__wrapped__("word", w, stem, "")
            want = None if full is None else (full[0], full[1], 1, full[2], full[3])
            assert numbers._phrase_at([Token(0, len(w), w, w, "word", stem, "")], 0) == want, (w, stem)
