"""Places, countries and locations: one corpus test (tests/corpus/places.tsv) and property tests."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.pipeline import analyze
from aimaq.recognize import places
from aimaq.regions import document_regions
from aimaq.records import Mention
from tests.conftest import read_corpus

CASES = read_corpus("places.tsv")
PLACE_TYPES = {"region", "place", "country", "location"}


def _fields(spec: str) -> dict[str, str]:
    return dict(kv.split("=", 1) for kv in spec.split(",")) if spec else {}


@pytest.mark.parametrize("row", CASES, ids=[f"line{k}" for k in range(len(CASES))])
def test_corpus(row):
    text, span = row[0], row[1]
    found = [m for m in places.recognize(analyze(text)) if m.type in PLACE_TYPES]
    if span == "-":
        assert found == [], [(m.text, m.value) for m in found]
        return
    typ, expected = row[2], _fields(row[3] if len(row) > 3 else "")
    hits = [m for m in found if m.text == span]
    assert hits, f"no mention [{span}] in {[(m.type, m.text) for m in found]}"
    m = hits[0]
    assert m.type == typ
    for k, v in expected.items():
        assert str(m.value.get(k)) == v, (k, m.value)


def test_corpus_is_large_enough():
    assert sum(1 for r in CASES if r[1] != "-") >= 150


def test_every_kato_unit_is_indexed():
    """The gazetteer holds all of KATO; every region and district is reachable by its bare name."""
    rows = [r for r in __import__("aimaq.kk.resources", fromlist=["table"]).table("places.tsv")]
    assert len(rows) == 15594
    codes = {e.code for entries in places.INDEX.values() for e in entries if e.source == "kato"}
    assert all(r[0] in codes for r in rows if r[3] in ("oblast", "republic_city", "district", "city_admin"))


def test_region_then_before_the_2022_split():
    found = places.recognize(analyze("Талдықорғанда жиын өтті.", published="2021-05-01"))
    assert found[0].value["region"] == "330000000" and found[0].value["region_then"] == "190000000"


def test_lookup_helper():
    assert places.lookup("Атырау облысы") == {"kato": "230000000"}


def test_document_regions_main_first():
    text = "Атырау облысына сапар. Атырау облысының әкімі. Алматыда да болды."
    mentions = places.recognize(analyze(text))
    assert document_regions(mentions, len(text))[0] == "230000000"


def test_document_regions_from_positions_and_sez():
    ms = [Mention("position", 0, 10, "x", {"role": "akim", "region": "150000000"}),
          Mention("organization", 20, 30, "y", {"kind": "sez", "region": "150000000"}),
          Mention("region", 900, 910, "z", {"kato": "710000000"})]
    assert document_regions(ms, 1000)[0] == "150000000"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Атырау облысы Қостанайға АҚШ-пен «Ақтөбе» , . - аудан ҚазақстанӘҒҚ")), max_size=120))
def test_never_crashes_offsets_valid(text):
    a = analyze(text)
    for m in places.recognize(a):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.type in PLACE_TYPES


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_never_crashes_on_any_text(text):
    for m in places.recognize(analyze(text)):
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize("name,region", [
    ("«Қостанай жолдары» ЖШС", "390000000"),
    ("Қостанай автокөлік колледжі", "390000000"),
    ("Маңғыстау облысының әкімі", "470000000"),
    ("«Самұрық-Қазына» ҰӘҚ", None),
])
def test_region_in_names(name, region):
    assert places.region_in(name) == region


def test_document_regions_from_an_organization_name():
    ms = [Mention("organization", 0, 22, "«Қостанай жолдары» ЖШС", {"name": "Қостанай жолдары", "kind": "company"})]
    assert document_regions(ms, 100) == ["390000000"]


def test_gazetteer_is_regenerated_from_the_shipped_kato_file():
    """scripts/build_gazetteer.py rebuilds the committed places.tsv from the packaged KATO copy."""
    import importlib.util
    from pathlib import Path

    from aimaq.kk import resources

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("build_gazetteer", root / "scripts" / "build_gazetteer.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = mod.build(root / "src" / "aimaq" / "data")
    assert [tuple(r) for r in rows] == [tuple(r) for r in resources.table("places.tsv")]


def test_cached_answers_equal_the_computed_ones():
    """The per-form and per-match caches (``_ONE_WORD``, ``_NAMES``, ``_facility_follows``,
    ``_resolve_all``, ``_context``) give what the computation gives, on the corpus sentences, with caches
    full and empty."""
    texts = [row[0] for row in CASES]
    unseen = object()
    for text in texts:
        analysis = analyze(text)
        matches = places._candidates(analysis, [])
        for sent in analysis.sentences:
            toks = sent.tokens
            for i, tok in enumerate(toks):
                if tok.text in places._ONE_WORD:
                    assert places._ONE_WORD[tok.text] == places._lookup(toks, i)
                assert places._facility_follows(toks, i) == places._facility_at(toks[i : i + 3])
                for length in (2, 3):
                    words = toks[i : i + length]
                    cached = places._NAMES.get(tuple(t.text for t in words), unseen)
                    assert cached is unseen or cached == places._name_of(words)
        context = places._context(matches)
        fresh = set()
        for m in matches:
            fresh |= places._context_of(m)
        assert context == fresh
        for m in matches:
            assert places._resolve_all(m, context) == places._resolve_match(m, context)
            assert places._resolve_all(m, set()) == places._resolve_match(m, set())
    places._FLAGS.clear()
    places._ONE_WORD.clear()
    places._RESOLVED.clear()
    places._CONTEXT_OF.clear()
    places._NAMES.clear()
    places._FACILITY.clear()
    assert [places.recognize(analyze(t)) for t in texts[:50]] == [places.recognize(analyze(t)) for t in texts[:50]]


def test_the_last_analysis_is_read_once(monkeypatch):
    # the entities recognizer asks for the places of the text the pipeline has just recognized
    calls = []
    real = places._recognize
    monkeypatch.setattr(places, "_recognize", lambda a: calls.append(a) or real(a))
    a = analyze("Облыс әкімі Атырау облысының Құлсары қаласында болды.")
    first = places.recognize(a)
    first.append(None)  # a caller's list is its own
    again = places.recognize(a)
    assert len(calls) == 1 and again == first[:-1] and {m.text for m in again} == {"Атырау облысының", "Құлсары"}
    places.recognize(analyze("Атырау облысы"))
    assert len(calls) == 2
