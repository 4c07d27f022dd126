"""The compiled body of ``morph.stems`` (``aimaq.kk._stems``) gives the reference's tuples exactly.

Same stems, same order (longest first, ties in the order found): callers keep the first stem a
lexicon knows, so any difference could change an output. Skipped when the extension is not built.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.kk import morph
from tests.conftest import CORPUS, SHARED, needs_shared

pytest.importorskip("aimaq.kk._stems", reason="the optional extension aimaq.kk._stems is not built")
if morph._stems_compiled is None:  # built, but turned off (AIMAQ_PURE_STEMS): feed it here
    from aimaq.kk import _stems as _ext

    _ext.configure(morph.SUFFIXES, morph._DEVOICE, morph.MAX_DEPTH, morph.MIN_STEM)
    compiled = _ext.stems
else:
    compiled = morph._stems_compiled

WORD = re.compile(r"\w+")


def _differences(forms) -> list[tuple[str, tuple, tuple]]:
    out = []
    for form in forms:
        ref, got = morph._stems_py(form), compiled(form)
        if ref != got:
            out.append((form, ref, got))
    return out


def _forms(text: str) -> set[str]:
    """Whitespace pieces (with their punctuation and hyphens) and \\w+ words of a text."""
    return set(text.split()) | set(WORD.findall(text))


def test_corpus_forms():
    forms = set()
    for path in sorted(CORPUS.glob("*.tsv")):
        forms |= _forms(path.read_text(encoding="utf-8"))
    assert len(forms) > 1000
    assert _differences(sorted(forms)) == []


@needs_shared
def test_kaznerd_tokens():
    valid = SHARED / "data" / "kaznerd" / "valid.txt"
    if not valid.exists():
        pytest.skip("no KazNERD validation split")
    tokens = {line.rsplit(" ", 1)[0] for line in valid.open(encoding="utf-8") if line.strip()}
    assert len(tokens) > 10000
    assert _differences(sorted(tokens)) == []


def test_edge_forms():
    forms = ["", "а", "аб", "ға", "аға", "тарабы", "тарап", "облысының", "ТЕҢГЕГЕ", "Теңгеге",
             "İstanbul", "ǅ", "теңгеге" * 20, "облыс" + "тарының" * 15, "1000-нан", "50%-ға", "бағ", "ааб"]
    assert _differences(forms) == []
    assert compiled("тарабы") == morph._stems_py("тарабы") and "тарап" in compiled("тарабы")


def test_strings_are_canonical():
    """Stems built from code points compare and hash like the reference's (dict look-ups by stem)."""
    for form in ("облысының", "тарабы", "Qазақстанға", "abc-ге"):
        for a, b in zip(morph._stems_py(form), compiled(form)):
            assert a == b and hash(a) == hash(b) and {a: 1}.get(b) == 1


KAZAKH = "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяәАБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯӘ"
ALPHABET = KAZAKH + "0123456789-–%.'abcxyzABCİ "
SUFFIX_PIECES = st.sampled_from(morph.SUFFIXES)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=30))
def test_random_strings(text):
    assert compiled(text) == morph._stems_py(text)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=KAZAKH, min_size=1, max_size=8), st.lists(SUFFIX_PIECES, max_size=6),
       st.sampled_from(["", "г", "ғ", "б", "к", "қ", "п"]))
def test_random_inflected_words(root, endings, last):
    """Roots with chains of real endings, often after a voiced consonant (deep peels, devoicing)."""
    word = root + last + "".join(endings)
    assert compiled(word) == morph._stems_py(word)


def test_public_function_uses_a_body_that_matches():
    morph.stems.cache_clear()
    for form in ("облысының", "тарабы", "Теңгеге"):
        assert morph.stems(form) == morph._stems_py(form)
