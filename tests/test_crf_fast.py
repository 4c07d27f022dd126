"""The CRF tagger's fast paths must tag exactly as crfsuite does on the plain feature lists the
model was trained on (``crf.features``): the cached per-word features filtered by the model
(the fallback without the compiled core), and the compiled core (``_viterbi.Model``), whose state
scores must be crfsuite's bit for bit and whose per-form features mirror ``crf._word_features``."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.pipeline import analyze
from aimaq.recognize import crf
from aimaq.text import Token
from tests.conftest import SHARED, needs_shared, read_corpus

TEXTS = sorted({c[0] for c in read_corpus("entities.tsv")})

pytestmark = pytest.mark.skipif(crf.tagger() is None, reason="no CRF model or python-crfsuite")
MODEL = crf._MODEL  # the compiled core's model (None when the extension is not built)
needs_core = pytest.mark.skipif(MODEL is None, reason="compiled core not built")


def test_model_attributes_match_the_tagger() -> None:
    known = crf.model_attributes(crf.model_path())
    assert known is not None and len(known) > 1000
    assert {a for a, _ in crf.tagger().info().state_features} <= known


def test_model_weights_are_the_taggers() -> None:
    # read from the file at full precision; crfsuite's own listing rounds them to 6 decimals
    labels, state, trans = crf.model_weights(crf.model_path())
    t = crf.tagger()
    info = t.info()
    assert labels == list(t.labels())
    assert set(state) == set(info.state_features) and set(trans) == set(info.transitions)
    assert all(abs(state[k] - w) <= 5e-7 for k, w in info.state_features.items())
    assert all(abs(trans[k] - w) <= 5e-7 for k, w in info.transitions.items())
    assert any(state[k] != w for k, w in info.state_features.items())  # (the listing is rounded)


def _sentences(text: str):
    return [s.tokens for s in analyze(text).sentences if s.tokens]


def _kaznerd_texts() -> list[str]:
    """KazNERD validation sentences, tokens joined by spaces, as the scorer builds them."""
    texts, cur = [], []
    for line in open(SHARED / "data" / "kaznerd" / "valid.txt", encoding="utf-8"):
        if line.strip():
            cur.append(line.rsplit(" ", 1)[0])
        elif cur:
            texts.append(" ".join(cur))
            cur = []
    return texts


@pytest.fixture
def without_core(monkeypatch):
    """The tagger as it runs when the extension is not built (crfsuite on the known features)."""
    monkeypatch.setattr(crf, "_MODEL", None)
    crf._CACHE.clear()
    yield
    crf._CACHE.clear()


@pytest.mark.parametrize("text", TEXTS)
def test_fast_features_are_the_known_features(text: str) -> None:
    known = crf.model_attributes(crf.model_path())
    for toks in _sentences(text):
        full = crf.features(toks)
        fast = crf._known_features(toks)
        assert [[x for x in f if x in known] for f in full] == [[x.decode() for x in f] for f in fast]
        assert crf.tag_tokens(toks) == crf.tagger().tag(full)


_ALPHABET = st.sampled_from(list("«»\"“”-.,:() 12") + list("АаӘәБбҚқҢңҰұҮүІіОоЕеИиНнТтРрСсЛлМм") +
                            ["ЖШС", "АЭА", "әкімі", "министрі", "Тоқаев", "облысының", "Нұрсұлтан", "ҚР", "Σ",
                             "АҚ", "ұлы", "қызы", "Ахметов", "Ахметовна", "Самұрық", "банкі", "LLP", "Ltd-"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_fast_path_tags_as_the_full_features(text: str) -> None:
    for toks in _sentences(text):
        assert crf.tag_tokens(toks) == crf.tagger().tag(crf.features(toks))


def test_the_compiled_core_is_built() -> None:
    # the project's install (make venv / pip install -e .) builds it; without it tagging is ~5x slower
    assert crf._core is not None, "aimaq.recognize._viterbi was not built (C compiler + Cython at install)"
    assert crf._MODEL is not None


# ------------------------------------------------------------ the compiled core against crfsuite
def _compiled_features(t: Token):
    return MODEL.features(t.text, t.norm, t.kind)


def _reference_scores(toks) -> list[list[str]]:
    """crfsuite's state scores: from 0.0, each (feature, label) weight of the model file added in
    feature order (hex, so that bit differences, even -0.0 against 0.0, show)."""
    if not hasattr(_reference_scores, "weights"):
        labels, state, _ = crf.model_weights(crf.model_path())
        index = {lab: k for k, lab in enumerate(labels)}
        weights: dict[str, list[tuple[int, float]]] = {}
        for (attr, lab), w in state.items():
            weights.setdefault(attr, []).append((index[lab], w))
        _reference_scores.weights, _reference_scores.size = weights, len(labels)
    weights = _reference_scores.weights
    out = []
    for f in crf.features(toks):
        score = [0.0] * _reference_scores.size
        for x in f:
            for k, w in weights.get(x, ()):
                score[k] += w
        out.append([v.hex() for v in score])
    return out


def _check_compiled(toks) -> None:
    for t in toks:  # the mirror of crf._word_features: any drift fails here
        assert _compiled_features(t) == crf._word_features(t.text, t.norm, t.kind), t
    assert [[v.hex() for v in row] for row in MODEL.state_scores(toks)] == _reference_scores(toks)
    assert crf.tag_tokens(toks) == crf.tag_tokens_crfsuite(toks)


@needs_core
@pytest.mark.parametrize("text", TEXTS)
def test_compiled_scores_are_crfsuites(text: str) -> None:
    for toks in _sentences(text):
        _check_compiled(toks)


@needs_core
@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_compiled_scores_are_crfsuites_on_any_text(text: str) -> None:
    for toks in _sentences(text):
        _check_compiled(toks)


@needs_core
def test_compiled_spans_are_the_fallbacks(without_core) -> None:
    analyses = [analyze(text) for text in TEXTS]
    slow = [crf.tag(a) for a in analyses]
    assert any(slow)
    assert [MODEL.spans(a.sentences) for a in analyses] == slow


@needs_core
def test_one_text_with_two_norms() -> None:
    # the records are looked up by token text; a caller's token whose norm differs from the text's
    # first one gets its own record
    a = [Token(0, 6, "Ахмет", "ахмет", "word"), Token(7, 13, "Оспан", "оспан", "word")]
    b = [Token(0, 6, "Ахмет", "ахметов", "word"), Token(7, 13, "Оспан", "оспан", "punct")]
    for toks in (a, b, a, b):
        _check_compiled(toks)


@needs_core
def test_records_emptied_between_sentences_change_nothing() -> None:
    model = MODEL
    sentences = [toks for text in TEXTS for toks in _sentences(text)]
    before = [model.tag(toks) for toks in sentences]
    size = model.forms_size
    try:
        model.forms_size = 3  # the record dicts are emptied before almost every sentence
        assert [model.tag(toks) for toks in sentences] == before
        model.clear()
        assert [model.tag(toks) for toks in sentences] == before
    finally:
        model.forms_size = size


@needs_shared
@needs_core
def test_compiled_path_tags_kaznerd_as_crfsuite() -> None:
    n = 0
    for text in _kaznerd_texts()[:3000]:
        for toks in _sentences(text):
            _check_compiled(toks)
            n += 1
    assert n >= 3000


@needs_shared
def test_fallback_tags_kaznerd_as_crfsuite(without_core) -> None:
    for text in _kaznerd_texts()[:500]:
        a = analyze(text)
        expected = [x for s in a.sentences if s.tokens
                    for x in crf.spans(s.tokens, crf.tagger().tag(crf.features(s.tokens)))]
        assert crf.tag(a) == expected, text


@needs_core
def test_tokens_read_from_slots_or_by_attribute() -> None:
    # Token's text, norm and kind are read from its slots; any other object by attribute
    class Plain:
        def __init__(self, t: Token) -> None:
            self.text, self.norm, self.kind, self.start, self.end = t.text, t.norm, t.kind, t.start, t.end

    assert MODEL.read_slots(Token)
    sentences = [toks for text in TEXTS[:40] for toks in _sentences(text)]
    for toks in sentences:
        assert MODEL.tag([Plain(t) for t in toks]) == MODEL.tag(toks) == crf.tag_tokens_crfsuite(toks)
    try:
        assert not MODEL.read_slots(Plain)  # no slots: every token read by attribute
        for toks in sentences:
            assert MODEL.tag(toks) == crf.tag_tokens_crfsuite(toks)
    finally:
        assert MODEL.read_slots(Token)


@needs_core
def test_long_sentence() -> None:
    # past the decoder's stack buffer (256 tokens)
    toks = [t for text in TEXTS for toks in _sentences(text) for t in toks][:700]
    assert len(toks) > 256
    assert crf.tag_tokens(toks) == crf.tag_tokens_crfsuite(toks)


@needs_core
def test_threads_share_the_model() -> None:
    # new forms run Python code (morph.stems), where another thread may tag with the same model
    import threading

    sentences = [toks for text in TEXTS for toks in _sentences(text)]
    expected = [crf.tag_tokens_crfsuite(toks) for toks in sentences]
    results: dict[int, list] = {}

    def work(k: int) -> None:
        for _ in range(3):
            MODEL.clear()
            results[k] = [MODEL.tag(toks) for toks in (sentences[k:] + sentences[:k])]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k, got in results.items():
        assert got == expected[k:] + expected[:k]
