"""The per-document fast paths give what the general code gives.

Tokenization (chunk cache + arithmetic positions), one-sentence regions, the one-scan analysis of a
one-sentence text, one-line cleaning, Cyrillic-only language detection and the resolution of
candidates that do not overlap each skip work for the common case; here each is compared with the
general path it stands for, on random inputs built from what decides between them.
"""
from __future__ import annotations

import dataclasses
import importlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq import clean as clean_module
from aimaq import langid
from aimaq.lang import get
from aimaq.recognize import _choose, resolve
from aimaq.records import Mention
from aimaq.regions import document_regions
from aimaq.text import Span, Token
from aimaq.trie import trie_pattern

tokenize_module = importlib.import_module("aimaq.kk.tokenize")
segment = importlib.import_module("aimaq.kk.segment")
normalize = importlib.import_module("aimaq.kk.normalize").normalize
kk_analysis = importlib.import_module("aimaq.kk.analysis")

WHITE = [" ", "  ", "\t", "\n", "\r", "\u00a0", "\u2009", "\u3000", "\x0b", "\u2028"]
PIECES = ["сөз", "Астана", "АҚШ-пен", "1000-нан", "50%-ға", "2,5", "млрд", "жж", "т.б", "Ә", "ЖШС", "Inc",
          "и", "в", "на", "И", "На", "ДО", "Кое", "the", "of", "Kazakh", "İstanbul", "ΣΑΣ", "_", "_a", "a_b", "\u00ad", "x\u00ady",
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


def _sentence_forms(sentences) -> list[tuple]:
    return [(s.start, s.end, _forms(s.tokens)) for s in sentences]


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 3), st.integers(0, 3), st.booleans())
def test_one_scan_analysis_is_normalize_split_tokenize(text, cut_start, cut_end, cleaned):
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    regions = clean_module.clean(text, get()).body if cleaned else [Span(start, end)]
    norm = normalize(text)
    expected = [(sp.start, sp.end, _forms(tokenize_module.tokenize(norm, sp.start, sp.end, text)))
                for r in regions for sp in segment.split_region(text, r.start, r.end)]
    got_norm, got = kk_analysis.sentences(text, regions)
    assert got_norm == norm
    assert _sentence_forms(got) == expected
    by_definition = dataclasses.replace(get(), sentences=None)  # a language without its own: three passes
    def_norm, by_passes = by_definition.sentences(text, regions)
    assert def_norm == norm and _sentence_forms(by_passes) == expected


@settings(max_examples=300, deadline=None)
@given(texts)
def test_one_line_cleaning_is_the_line_by_line_cleaning(text):
    assert clean_module.clean(text, get()) == clean_module._clean_lines(text, get())


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from([20_000, 7]))
def test_cyrillic_detection_is_the_word_count(text, sample):
    assert langid.detect(text, sample) == langid._count(text[:sample])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 40), st.integers(-1, 8)), max_size=7))
def test_resolve_is_the_choice_by_length_and_priority(raw):
    candidates = sorted([(rank, Mention("x", start, start + length, "")) for rank, start, length in raw],
                        key=lambda c: c[0])
    assert [id(m) for m in resolve(candidates)] == [id(m) for m in _choose(candidates)]


def _choose_by_scan(candidates: list[tuple[int, Mention]]) -> list[Mention]:
    """``_choose`` as first written: each span checked against every span taken (quadratic)."""
    chosen, taken = [], []
    for _, m in sorted(candidates, key=lambda pm: (-(pm[1].end - pm[1].start), pm[0], pm[1].start)):
        if m.end > m.start and not any(m.start < e and s < m.end for s, e in taken):
            chosen.append(m)
            taken.append((m.start, m.end))
    return sorted(chosen, key=lambda m: (m.start, m.end))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 60), st.integers(-1, 12)), max_size=30))
def test_choice_by_bisection_is_the_choice_by_scan(raw):
    candidates = [(rank, Mention("x", start, start + length, "")) for rank, start, length in raw]
    assert [id(m) for m in _choose(candidates)] == [id(m) for m in _choose_by_scan(candidates)]



VOTES = [("region", {"kato": "150000000"}), ("region", {"kato": "230000000"}), ("place", {"kato": "231010000", "region": "230000000"}),
         ("position", {"role": "akim", "region": "150000000"}), ("count", {"region": "150000000"}),
         ("date", {"region": "230000000"}), ("person", {"name": "x"})]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(VOTES), st.integers(0, 900)), max_size=6))
def test_regions_only_count_the_mentions_that_vote(picked):
    """Mentions of a type without weight (figures, dates, persons) never change the regions, even with a
    region in their value; with no other mention there is none."""
    mentions = [Mention(kind, start, start + 5, "x", value) for (kind, value), start in picked]
    voters = [m for m in mentions if m.type in ("region", "place", "location", "organization", "position")]
    assert document_regions(mentions, 1000) == document_regions(voters, 1000)
    if not voters:
        assert document_regions(mentions, 1000) == []


_KEYS = st.sets(st.text(alphabet="аәбв.", min_size=1, max_size=4), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_KEYS, st.text(alphabet="аәбв.x", max_size=6))
def test_trie_pattern_matches_the_longest_word(words, text):
    """The trie-shaped regex (langid's Russian words, the facts lexicon's keys) is the list of words,
    longest first: whole matches are the words, a match at the start is the longest word there."""
    pattern = re.compile(trie_pattern(words) or "(?!)")
    assert (pattern.fullmatch(text) is not None) == (text in words)
    m = pattern.match(text)
    starts = [w for w in words if text.startswith(w)]
    assert (m.group() if m else None) == (max(starts, key=len) if starts else None)


facts_segments = importlib.import_module("aimaq.facts.segments")


@settings(max_examples=400, deadline=None)
@given(texts, st.lists(st.sampled_from([p for p in PIECES if p.split() == [p]]), max_size=6),  # (chunks: no white space)
       st.integers(0, 60), st.integers(0, 60), st.data())
def test_occurrences_by_scan_are_the_occurrences_by_search(text, extra, lo, width, data):
    # the word-list scan of a long text reads every chunk once instead of searching for each
    pieces = text.split()
    chunks = (data.draw(st.lists(st.sampled_from(pieces), max_size=8)) if pieces else []) + extra
    if not chunks:
        return
    lo = min(lo, len(text))
    hi = min(lo + width, len(text))
    by_search = facts_segments._occurrences(text, chunks, lo, hi)
    by_scan = facts_segments._occurrences_by_scan(text, chunks, lo, hi)
    assert sorted(set(by_search)) == by_scan
    assert facts_segments._places(text, chunks, lo, hi) == facts_segments._places(text, chunks * 9, lo, hi)
