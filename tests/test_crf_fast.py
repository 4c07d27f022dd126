"""The CRF tagger's fast paths must tag exactly as crfsuite does on the plain feature lists the
model was trained on (``crf.features``): the cached per-word features filtered by the model, and
the compiled core (``_viterbi``) summing per-word-form score vectors."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.pipeline import analyze
from aimaq.recognize import crf
from tests.conftest import SHARED, needs_shared, read_corpus

TEXTS = sorted({c[0] for c in read_corpus("entities.tsv")})

pytestmark = pytest.mark.skipif(crf.tagger() is None, reason="no CRF model or python-crfsuite")


def test_model_attributes_match_the_tagger() -> None:
    known = crf.model_attributes(crf.model_path())
    assert known is not None and len(known) > 1000
    assert {a for a, _ in crf.tagger().info().state_features} <= known


def _sentences(text: str):
    return [s.tokens for s in analyze(text).sentences if s.tokens]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_features_are_the_known_features(text: str) -> None:
    known = crf.model_attributes(crf.model_path())
    for toks in _sentences(text):
        full = crf.features(toks)
        fast = crf._known_features(toks)
        assert [[x for x in f if x in known] for f in full] == [[x.decode() for x in f] for f in fast]
        assert crf.tag_tokens(toks) == crf.tagger().tag(full)


_ALPHABET = st.sampled_from(list("«»\"“”-.,:() 12") + list("АаӘәБбҚқҢңҰұҮүІіОоЕеИиНнТтРрСсЛлМм") +
                            ["ЖШС", "АЭА", "әкімі", "министрі", "Тоқаев", "облысының", "Нұрсұлтан", "ҚР", "Σ"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_fast_path_tags_as_the_full_features(text: str) -> None:
    for toks in _sentences(text):
        assert crf.tag_tokens(toks) == crf.tagger().tag(crf.features(toks))


def test_the_compiled_core_is_built() -> None:
    # the project's install (make venv / pip install -e .) builds it; without it tagging is ~3x slower
    assert crf._viterbi is not None, "aimaq.recognize._viterbi was not built (C compiler + Cython at install)"


@needs_shared
def test_compiled_path_tags_kaznerd_as_crfsuite() -> None:
    # KazNERD tokens joined by spaces, as the scorer builds the sentences
    texts, cur = [], []
    for line in open(SHARED / "data" / "kaznerd" / "valid.txt", encoding="utf-8"):
        if line.strip():
            cur.append(line.rsplit(" ", 1)[0])
        elif cur:
            texts.append(" ".join(cur))
            cur = []
    n = 0
    for text in texts[:3000]:
        for toks in _sentences(text):
            assert crf.tag_tokens(toks) == crf.tag_tokens_crfsuite(toks), text
            n += 1
    assert n >= 3000
