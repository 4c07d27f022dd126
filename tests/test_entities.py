"""Persons, positions, organizations and programs (aimaq.recognize.entities) and the CRF tagger."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.pipeline import analyze
from aimaq.recognize import crf, entities
from aimaq.recognize import recognize as recognize_all
from tests.conftest import SHARED, needs_shared, read_corpus

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
                                              ("Ахметова", "Ахметова"), ("Тоқаевқа", "Тоқаев"),
                                              ("Сатыбалды", "Сатыбалды"), ("Құдайберді", "Құдайберді"),
                                              ("Нұрланды", "Нұрлан"), ("Тоқаевты", "Тоқаев")])
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


@needs_shared
def test_held_out_kaznerd_figures() -> None:
    """The recognizer alone on the held-out KazNERD sentences (the first 3000, never trained on).

    A guard against drift: a table edited without retraining the model (features come from them)
    shows up here. The scorer's figures (whole pipeline) are in docs/ner.md.
    """
    sents, cur = [], []
    for line in open(SHARED / "data" / "kaznerd" / "valid.txt", encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            if len(sents) == 3000:
                break
            continue
        cur.append(tuple(line.rsplit(" ", 1)))
    cls_type = {"PERSON": "person", "POSITION": "position", "ORGANISATION": "organization"}
    tp = {c: 0 for c in cls_type}
    fp = dict(tp)
    fn = dict(tp)
    for s in sents:
        text = " ".join(t for t, _ in s)
        offs, pos = [], 0
        for t, _ in s:
            offs.append((pos, pos + len(t)))
            pos += len(t) + 1
        gold, i = set(), 0
        while i < len(s):
            tag = s[i][1]
            if tag.startswith("B-") and tag[2:] in cls_type:
                j = i + 1
                while j < len(s) and s[j][1] == "I-" + tag[2:]:
                    j += 1
                gold.add((cls_type[tag[2:]], offs[i][0], offs[j - 1][1]))
                i = j
            else:
                i += 1
        pred = {(m.type, m.start, m.end) for m in entities.recognize(analyze(text)) if m.type in cls_type.values()}
        for c, typ in cls_type.items():
            g = {x for x in gold if x[0] == typ}
            p = {x for x in pred if x[0] == typ}
            tp[c] += len(g & p)
            fp[c] += len(p - g)
            fn[c] += len(g - p)
    f1 = {c: 2 * tp[c] / max(1, 2 * tp[c] + fp[c] + fn[c]) for c in cls_type}
    assert f1["PERSON"] >= 0.92 and f1["POSITION"] >= 0.85 and f1["ORGANISATION"] >= 0.76, f1


def test_quick_token_flags_equal_the_full_ones() -> None:
    """``_token_flags``' quick paths (a quiet lower-case word: none; a quiet capitalized word: only
    ``_cap_flags``) give what ``_full_flags`` gives, on every token of the corpus sentences."""
    tokens = {t.text: t for text, *_ in CASES for s in analyze(text).sentences for t in s.tokens}
    tokens.update((t.text, t) for s in analyze("Ақтау АЭА-ның Jobs Ә.Исекешев вице-министрі").sentences
                  for t in s.tokens)
    quiet_caps = 0
    for t in tokens.values():
        entities._FLAGS.pop(t.text, None)
        quick = entities._token_flags(t)
        entities._FLAGS.pop(t.text, None)
        assert quick == entities._full_flags(t), t.text
        quiet_caps += t.text[:1].isupper() and quick == entities._cap_flags(t.text, t.norm)
    assert quiet_caps > 100


def test_org_caches_equal_the_computation() -> None:
    """``org_kind`` and ``_org_filter`` remember their answers by the words' surface forms: the cached
    answers equal the computed ones (a split stays a split: ``Мәжіліс пен Сенат``)."""
    texts = [text for text, *_ in CASES] + ["Мәжіліс пен Сенат депутаттары жиналды.", "Үкіметке Жәнібек стационары хат жолдады."]
    checked = 0
    for text in texts:
        analysis = analyze(text)
        for sent in analysis.sentences:
            toks = sent.tokens
            for a in range(len(toks)):
                for b in range(a + 1, min(len(toks), a + 4) + 1):
                    part = toks[a:b]
                    assert entities.org_kind(part, "") == entities._org_kind_of(part)
                    ranges = entities._org_parts(part)
                    assert entities._org_filter(analysis, part, False) == [part[i:j] for i, j in ranges]
                    checked += 1
    assert checked > 1000
    toks = analyze("Мәжіліс пен Сенат").sentences[0].tokens
    assert [[t.text for t in p] for p in entities._org_filter(analyze("Мәжіліс пен Сенат"), toks, False)] == [
        ["Мәжіліс"], ["Сенат"]]


def _role_by_scan(stems: tuple[tuple[str, ...], ...]) -> str:
    """``_role_of_stems`` by a scan of the whole title table (what its index by last word must match)."""
    best = next((end for end in range(len(stems) - 1, -1, -1) if any((s,) in entities.POSITIONS for s in stems[end])),
                None)
    if best is None:
        return "other"
    for size in range(max(len(k) for k in entities.POSITIONS), 0, -1):
        for key, role in entities.POSITIONS.items():
            if len(key) != size or key[-1] not in stems[best]:
                continue
            if entities._title_ends_at(key, stems, best) and role:
                return role
    return "other"


def test_role_index_equals_a_table_scan() -> None:
    cases = []
    for key in entities.POSITIONS:
        words = [(w, w + "ы") for w in key]
        cases += [tuple(words), tuple([("облыс",)] + words), tuple(words[:1] + [("бас",)] + words[1:])]
    for text, *_ in CASES[:200]:
        words = [entities._stems(t) for s in analyze(text).sentences for t in s.tokens if t.kind == "word"]
        cases += [tuple(words[i:i + 4]) for i in range(len(words))]
    assert len(cases) > 1000
    for stems in cases:
        assert entities._role_of_stems.__wrapped__(stems) == _role_by_scan(stems), stems


def _nominative_by_scan(word: str) -> str:
    """``nominative`` by trying every ending of ``_CASE`` in turn (what its look-up of the word's own
    endings, by ``_CASE_RANK``, must match)."""
    low = word.lower()
    if low in entities.FIRST_NAMES or entities.SURNAME_END.search(low):
        return word
    for end in entities._CASE:
        if low.endswith(end) and len(low) - len(end) >= 3:
            rest = low[: -len(end)]
            if end in entities._STRICT and not (rest in entities.FIRST_NAMES or entities.SURNAME_END.search(rest)):
                continue
            return word[: -len(end)]
    return word


def test_nominative_equals_a_scan_of_the_endings() -> None:
    words = {t.text for text, *_ in CASES for s in analyze(text).sentences for t in s.tokens if t.kind == "word"}
    names = sorted(entities.FIRST_NAMES)[:300] + ["Исекешев", "Мамин", "Сатыбалды", "Құдайберді", "Ақтау"]
    words.update(n.capitalize() + e for n in names for e in ("",) + entities._CASE)
    assert len(words) > 5000
    for w in words:
        assert entities.nominative.__wrapped__(w) == _nominative_by_scan(w), w
