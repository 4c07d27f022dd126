"""Persons, positions, organizations and programs (aimaq.recognize.entities) and the CRF tagger."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.pipeline import analyze
from aimaq.recognize import crf, entities
from aimaq.recognize import recognize as recognize_all
from tests.conftest import read_corpus

CASES = read_corpus("entities.tsv")


def _expected(spec: str) -> dict[str, str]:
    return dict(kv.split("=", 1) for kv in spec.split(";") if kv)


@pytest.mark.parametrize("text,typ,span,spec", CASES, ids=[f"{c[1]}:{c[2]}" for c in CASES])
def test_corpus(text: str, typ: str, span: str, spec: str) -> None:
    if typ.startswith("no_"):  # a negative case: no mention of that type covering the span
        a, b = text.index(span), text.index(span) + len(span)
        assert not [m for m in entities.recognize(analyze(text))
                    if m.type == typ[3:] and m.start < b and a < m.end]
        return
    found = [m for m in entities.recognize(analyze(text)) if m.type == typ and m.text == span]
    assert found, f"no {typ} [{span}] in {[(m.type, m.text) for m in entities.recognize(analyze(text))]}"
    value = found[0].value
    for key, want in _expected(spec).items():
        assert str(value.get(key)) == want, (key, value)


def test_corpus_is_big_enough() -> None:
    kinds = [c[1] for c in CASES]
    assert kinds.count("person") + kinds.count("organization") >= 60
    assert kinds.count("position") >= 10 and kinds.count("program") >= 5


def test_sez_beats_the_region_inside_it() -> None:
    text = "«Ақтөбе» арнайы экономикалық аймағында 10 жоба іске асырылуда."
    ms = recognize_all(analyze(text))
    sez = [m for m in ms if m.type == "organization"]
    assert sez and sez[0].text.startswith("«Ақтөбе» арнайы экономикалық аймағ")
    assert sez[0].value["kind"] == "sez" and sez[0].value["region"] == "150000000"
    assert not any(m.type == "region" and m.start >= sez[0].start and m.end <= sez[0].end for m in ms)


def test_short_mention_refers_to_full_name() -> None:
    ms = entities.recognize(analyze("Әсет Исекешев кеше сөйледі. Исекешевтің айтуынша, жоба аяқталады."))
    persons = [m for m in ms if m.type == "person"]
    assert persons[0].value["name"] == "Әсет Исекешев"
    assert persons[-1].value["name"] == "Исекешев" and persons[-1].value["ref"] == "Әсет Исекешев"


@pytest.mark.parametrize("word,nominative", [("Исекешевтен", "Исекешев"), ("Маминге", "Мамин"),
                                              ("Байманованың", "Байманова"), ("Нұрсұлтан", "Нұрсұлтан"),
                                              ("Ахметова", "Ахметова"), ("Тоқаевқа", "Тоқаев")])
def test_nominative(word: str, nominative: str) -> None:
    assert entities.nominative(word) == nominative


def test_crf_model_loads_and_tags() -> None:
    assert crf.model_path().is_file(), "the trained model ships in aimaq/models"
    assert crf.tagger() is not None
    a = analyze("Мемлекет басшысы Қасым-Жомарт Тоқаев Сыртқы істер министрлігінде болды.")
    tags = crf.tag(a)
    got = {(cls, a.text[s:e]) for cls, s, e in tags}
    assert ("PERSON", "Қасым-Жомарт Тоқаев") in got
    assert ("POSITION", "Мемлекет басшысы") in got
    assert crf.tag(a) is tags  # cached per analysis


def test_without_model_rules_still_work(monkeypatch) -> None:
    monkeypatch.setattr(crf, "_TAGGER", None)
    monkeypatch.setattr(crf, "_LOADED", True)
    ms = entities.recognize(analyze("«ҚазАзот» ЖШС және «Ақтау теңіз порты» АЭА."))
    assert [(m.type, m.value["kind"]) for m in ms] == [("organization", "company"), ("organization", "sez")]


_ALPHABET = st.sampled_from(list("«»\"-.,: ") + list("АаӘәБбҚқҢңҰұҮүІіОоЕеИиНнТтРрСсЛлМмЖжШш") + ["ЖШС", "АЭА", "әкімі",
                                                                                         "министрі", "Тоқаев", "облысының"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_never_crashes_offsets_valid(text: str) -> None:
    a = analyze(text)
    for m in entities.recognize(a):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.type in ("person", "position", "organization", "program")
