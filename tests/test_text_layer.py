"""The Kazakh text layer: normalization, tokens, sentences, morphology."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.clean import clean
from aimaq.kk import fold, normalize, stems, tokenize
from aimaq.lang import get
from aimaq.pipeline import analyze


def test_normalize_keeps_length_and_fixes_lookalikes():
    text = "Қазақстанда\u00a050\u202f000 «тонна» – 2i ҚазАзоt"
    out = normalize(text)
    assert len(out) == len(text)
    assert '"тонна"' in out and " - " in out and "50 000" in out
    assert normalize("бiлiм") == "білім"
    assert normalize("ZOOM") == "ZOOM"


@pytest.mark.parametrize("surface, stem, suffix", [
    ("1000-нан", "1000", "нан"),
    ("50%-ға", "50%", "ға"),
    ("АЭА-ында", "аэа", "ында"),
    ("8-ін", "8", "ін"),
    ("Қасым-Жомарт", "қасым-жомарт", ""),
])
def test_tokens_keep_suffixed_forms_whole(surface, stem, suffix):
    toks = tokenize(normalize(surface), original=surface)
    assert len(toks) == 1
    assert (toks[0].text, toks[0].stem, toks[0].suffix) == (surface, stem, suffix)


@pytest.mark.parametrize("form, stem", [
    ("теңгеге", "теңге"), ("облысының", "облыс"), ("Атыраудың", "атырау"),
    ("Исекешевтен", "исекешев"), ("тоннаға", "тонна"), ("пайыздан", "пайыз"), ("Қытаймен", "қытай"),
])
def test_stems(form, stem):
    assert stem in stems(form)


def test_fold_composes_and_drops_soft_hyphen():
    assert fold("Инвес\u00adтиция") == "инвестиция"
    assert fold("и\u0306") == "й"


def _sentences(text):
    lang = get()
    c = clean(text, lang)
    return [text[s.start:s.end] for s in analyze(text, lang, c.body).sentences]


def test_sentences_abbreviations_initials_quotes():
    text = ("Жоба құны 84,526 млрд. теңге. Брифинг соңында Е.Ким сөйледі. "
            "Ә. Исекешев келді. «Бұл маңызды. Біз жасаймыз», – деді ол. ҚР үкіметі т.б. ұйымдар.")
    assert _sentences(text) == [
        "Жоба құны 84,526 млрд. теңге.",
        "Брифинг соңында Е.Ким сөйледі.",
        "Ә. Исекешев келді.",
        "«Бұл маңызды. Біз жасаймыз», – деді ол.",
        "ҚР үкіметі т.б. ұйымдар.",
    ]


def test_sentences_broken_lines_join():
    text = "Бірінші жол.\nЖоба құны 5,6 млрд\nтеңгені құрады.\nАтап өту керек, 2010-2014 жж\nИндустрияландыру картасы."
    assert _sentences(text) == [
        "Бірінші жол.",
        "Жоба құны 5,6 млрд\nтеңгені құрады.",
        "Атап өту керек, 2010-2014 жж\nИндустрияландыру картасы.",
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("аәбғқңөұүһі АБҚ.,!?«»\"-–\n0123456789%iIh\u00a0\u00ad")), max_size=200))
def test_analysis_never_crashes_and_offsets_are_valid(text):
    a = analyze(text)
    assert len(a.norm) == len(text)
    for s in a.sentences:
        assert 0 <= s.start <= s.end <= len(text)
        for t in s.tokens:
            assert s.start <= t.start < t.end <= s.end
            assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("text, expected", [
    ("Өңірге 892,1 млрд теңге инвестиция тартылған.", ("kk", "Cyrl")),
    ("В регион привлечено 892,1 млрд тенге инвестиций, это на 5% больше.", ("ru", "Cyrl")),
    ("The region attracted 892.1 billion tenge of investment.", ("en", "Latn")),
    ("12345 !!!", ("unknown", "Cyrl")),
])
def test_language_detection(text, expected):
    from aimaq.langid import detect

    assert detect(text) == expected


@pytest.mark.parametrize("form, lexicon, expected", [
    ("бабына", {"бап"}, ("бап", "ына")),
    ("тарабы", {"тарап"}, ("тарап", "ы")),
    ("теңгеге", {"теңге"}, ("теңге", "ге")),
    ("кітап", {"теңге"}, None),
])
def test_split_gives_stem_and_ending(form, lexicon, expected):
    from aimaq.kk.morph import split

    assert split(form, lexicon) == expected


def test_quoted_name_ending_with_a_dot_keeps_its_legal_form():
    text = "Зауытты «Kazakhstan Petrochemical Industries Inc.» ЖШС салды. Келесі сөйлем."
    assert _sentences(text) == ["Зауытты «Kazakhstan Petrochemical Industries Inc.» ЖШС салды.", "Келесі сөйлем."]
