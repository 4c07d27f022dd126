"""`aimaq extract` on the demo corpus (the five seeds shipped in the package)."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.clean import clean
from aimaq.ingest import RawDocument
from aimaq.lang import get
from aimaq.pipeline import analyze, extract
from aimaq.records import SCHEMA_VERSION
from tests.conftest import DEMO, corpus_sentences

SEEDS = sorted(DEMO.glob("*.txt"))


def _record(path):
    text = path.read_text(encoding="utf-8")
    return text, extract(RawDocument(path.stem, text, str(path))).to_dict()


def test_demo_corpus_is_shipped():
    assert len(SEEDS) == 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_record_shape_and_offsets(path):
    text, rec = _record(path)
    assert rec["schema_version"] == SCHEMA_VERSION
    assert rec["id"] == path.stem
    assert set(rec) >= {"title", "published", "language", "script", "source", "regions", "mentions", "facts"}
    for m in rec["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    for f in rec["facts"]:
        assert 0 <= f["evidence"]["start"] < f["evidence"]["end"] <= len(text)
        assert all(0 <= i < len(rec["mentions"]) for i in f["mentions"])


def test_published_and_source_from_page_debris():
    recs = {p.stem[:3]: _record(p)[1] for p in SEEDS}
    assert recs["001"]["published"] == "2025-11-25"
    assert recs["002"]["source"] == "inform.kz"
    assert [recs[k]["published"] for k in ("000", "002", "003", "004")] == [None] * 4
    assert recs["004"]["title"] == "Президент Жетісу облысы жұртшылығымен кездесті"


def test_debris_is_not_body():
    lang = get()
    text = (DEMO / "004_9a5133ad0e34a6fe.txt").read_text(encoding="utf-8")
    body = "".join(text[s.start:s.end] + "\n" for s in clean(text, lang).body)
    assert "ашық дереккөзі" not in body and "50153" not in body
    assert "Серіктес жаңалықтары" not in body
    assert body.count("Президент Жетісу облысы жұртшылығымен кездесті") == 1


def _seed_sentences():
    lang = get()
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        for s in analyze(text, lang, clean(text, lang).body).sentences:
            yield path.stem, text[s.start:s.end]


def test_seed_sentences_do_not_end_at_abbreviations_initials_or_inside_quotes():
    for doc, sent in _seed_sentences():
        assert not re.search(r"\b(млрд|млн|трлн)\.?$", sent), (doc, sent)
        assert not re.search(r"(^|\s)[А-ЯӘҒҚҢӨҰҮҺІ]\.$", sent), (doc, sent)
        assert sent.count("«") <= sent.count("»") or sent.count("«") == 0 or "»" not in sent, (doc, sent)


def test_broken_mlrd_lines_of_002_are_one_sentence():
    sents = [s for d, s in _seed_sentences() if d.startswith("002")]
    assert "Жоба құны 5,6 млрд\nтеңгені құрады." in sents
    assert any(s.startswith("Инвестицияның жалпы көлемі — 916,865 млрд\nтеңге") for s in sents)


def test_cli_extract_jsonl_stdin_is_one_process_for_many_lines():
    lines = "".join(json.dumps({"id": f"s{i}", "text": "Өңірге 892,1 млрд теңге инвестиция тартылған."},
                               ensure_ascii=False) + "\n" for i in range(300))
    p = subprocess.run([sys.executable, "-m", "aimaq.cli", "extract", "--format", "jsonl", "-"],
                       input=lines.encode(), capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    recs = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert [r["id"] for r in recs] == [f"s{i}" for i in range(300)]


def test_cli_extract_json_array_of_seeds():
    p = subprocess.run([sys.executable, "-m", "aimaq.cli", "extract", "--format", "json", *map(str, SEEDS)],
                       capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    recs = json.loads(p.stdout.decode())
    assert [r["id"] for r in recs] == [p.stem for p in SEEDS]


def test_published_from_a_dateline_when_metadata_is_silent():
    from aimaq.pipeline import extract_text

    doc = extract_text("15 қазан 2025, Астана. Өңірге биыл 5 млрд теңге инвестиция тартылды.\nЕкінші жол.")
    assert doc.published == "2025-10-15"
    meta = extract(RawDocument("m", "15 қазан 2025, Астана. Мәтін.", "m", published="2025-10-16"))
    assert meta.published == "2025-10-16"


def test_parallel_extraction_gives_the_same_records_in_order(tmp_path):
    from aimaq import api

    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    paths = [*map(str, SEEDS), str(bad)]
    one = api.extract_paths(paths, jobs=1)
    two = api.extract_paths(paths, jobs=2)
    assert [d.to_dict() for d in two.documents] == [d.to_dict() for d in one.documents]
    assert len(one.documents) == 5
    assert [str(e) for e in two.errors] == [str(e) for e in one.errors] and len(one.errors) == 1


# the whole pipeline on random texts: sentences of the corpora, cut and glued, with pieces that open
# follow-ups, limits, codes and figures; no crash, every offset and index valid (facts included)
_PIECES = ["Жобаның құны", "Мұнда", "Оның", "Бұл жобаға", "1 наурызға дейін", "2030-ға дейін", "2023/2024", "₽",
           "Halyk Bank", "Boeing 737", "«", "»", "—", "\n\n", ",", "0", "жүз", "млрд теңге", "деді облыс әкімі.",
           "тапсырамын", "Superjet жүз ұшағы", "8 701 123 45 67", "1/15", "мың жарым"]
_SENTENCE = st.sampled_from(corpus_sentences()).flatmap(  # a corpus sentence, maybe with one word left out
    lambda s: st.integers(0, len(s.split())).map(lambda k: " ".join(w for j, w in enumerate(s.split()) if j != k)))
_TEXTS = st.lists(st.one_of(_SENTENCE, st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5).map(" ".join)),
                  min_size=1, max_size=6).flatmap(lambda parts: st.sampled_from([" ", "\n", "\n\n"]).map(
                      lambda sep: sep.join(parts)))


@settings(max_examples=120, deadline=None)
@given(_TEXTS, st.sampled_from([None, "2025-10-10", "2024-02-29"]))
def test_the_whole_pipeline_never_crashes_and_its_offsets_hold(text, published):
    d = extract(RawDocument("x", text, "x", published=published)).to_dict()
    for m in d["mentions"]:
        assert 0 <= m["start"] < m["end"] <= len(text) and text[m["start"]:m["end"]] == m["text"]
    for f in d["facts"]:
        assert 0 <= f["evidence"]["start"] < f["evidence"]["end"] <= len(text)
        if f.get("refers_to"):
            assert 0 <= f["refers_to"]["start"] < f["refers_to"]["end"] <= len(text)
        assert all(0 <= i < len(d["mentions"]) for i in f["mentions"])
