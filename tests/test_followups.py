"""Follow-up sentences linked to their project (facts/followups.py): what the corpus lines cannot say
(the name, company and ``refers_to`` a follow-up's facts take; which openers refer back). Each figure keeps
a fact of its own sentence, as the gold annotates them."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.facts import assemble, figures, followups, lexicon
from aimaq.facts.segments import segments
from aimaq.pipeline import analyze
from tests.test_facts import parse

KPI = ("Атырау облысында «[KPI|organization=company KPI]» компаниясы полиэтилен өндіретін зауыттың құрылысын "
       "жалғастыруда. Жобаның құны [7,4 млрд АҚШ долларын|money=7400000000 USD] құрайды. Зауыттың қуаты жылына "
       "[1,25 млн тонна|quantity=1250000 t] полиэтилен болмақ.")
RUDNY = ("Жобалардың ішінде Рудный қаласындағы жылына [1,5 млн тонна|quantity=1500000 t] шойын өндіретін металлургия "
         "зауыты бар. Оның құны [180 млрд теңге|money=180000000000], [1200 жаңа жұмыс орны|count=1200 job] ашылады.")


def _facts(annotated: str):
    text, mentions = parse(annotated)
    return text, mentions, [f.to_dict() for f in assemble(analyze(text), mentions)]


def test_the_facts_of_follow_ups_take_the_name_and_company_of_a_project_named_in_prose() -> None:
    text, mentions, facts = _facts(KPI)
    projects = [f for f in facts if f["type"] == "project"]
    assert [("cost" if f["cost"] else "capacity") for f in projects] == ["cost", "capacity"]
    for f in projects:
        assert f["name"] == "полиэтилен өндіретін зауыт" and f["organization"] == "KPI"
        assert f["refers_to"]["start"] == 0 and text[:f["refers_to"]["end"]].endswith("жалғастыруда")
        assert text[f["evidence"]["start"]:f["evidence"]["end"]].startswith(("Жобаның", "Зауыттың"))
    assert projects[0]["cost"]["amount"] == 7400000000 and projects[0]["mentions"] == [1]
    assert [c["amount"] for c in projects[1]["capacity"]] == [1250000] and projects[1]["mentions"] == [2]


def test_a_figure_no_fact_took_makes_a_project_fact_of_its_sentence() -> None:
    text, mentions, facts = _facts(RUDNY)
    first, jobs, cost = facts
    assert first["type"] == "project" and first["name"] == "металлургия зауыты" and "refers_to" not in first
    assert jobs["type"] == "portfolio" and jobs["jobs"]["amount"] == 1200
    assert cost["type"] == "project" and cost["name"] == "металлургия зауыты" and cost["cost"]["amount"] == 180000000000
    for f in (jobs, cost):
        assert f["refers_to"] == first["evidence"]
        assert text[f["evidence"]["start"]:f["evidence"]["end"]].startswith("Оның құны")


@pytest.mark.parametrize("opener,refers", [
    ("Жобаның құны", True), ("Зауыттың қуаты", True), ("Кәсіпорында", True), ("Оның құны", True),
    ("Мұнда", True), ("Бұл зауыт", True), ("Ал оның құны", True), ("Бұл жобаға", True), ("Аталған нысанның", True),
    ("Оның ішінде", False), ("Зауыттардың қуаты", False), ("Облыстың", False), ("Зауыт", False),
    ("Сондай-ақ зауыттың", False),
])
def test_which_openers_refer_back(opener: str, refers: bool) -> None:
    text = f"Ауданда зауыт салынды. {opener} [100 жұмыс орны|count=100 job] ашылды."
    plain, mentions = parse(text)
    analysis = analyze(plain)
    lower = lexicon.lower(analysis.norm)
    segs = segments(analysis, mentions, lower)
    ctx = figures.Context(mentions, lower, plain, None)
    assert (followups.anaphor(ctx, segs[-1]) is not None) == refers


def test_one_sentence_is_left_alone() -> None:
    """The pass reads nothing of a one-segment text (most KazNERD sentences): the facts come back as they were."""
    text, mentions = parse("Зауыттың құны [40 млрд теңге|money=40000000000] болады.")
    analysis = analyze(text)
    facts = assemble(analysis, mentions)
    assert followups.join(None, [object()], facts) is facts


def test_a_follow_up_name_loses_its_case_ending() -> None:
    text, mentions, facts = _facts(
        "«[Болат|organization=company Болат]» ЖШС болат балқыту кешенін салуда. Кешеннің құны "
        "[120 млрд теңге|money=120000000000].")
    (f,) = [f for f in facts if f["type"] == "project"]
    assert f["name"] == "болат балқыту кешені"  # ``кешенін``: the accusative cut, the possessive kept
    assert f["organization"] == "Болат" and f["cost"]["amount"] == 120000000000
    assert text[f["refers_to"]["start"]:f["refers_to"]["end"]].startswith("«Болат»")


_PIECES = [
    "Ауданда құны [12 млрд теңге|money=12000000000] болатын сүт зауыты салынып жатыр.",
    "«[Нұр|organization=company Нұр]» ЖШС жаңа кірпіш зауытын іске қосты.",
    "Облыста жаңа цемент зауыты салынып жатыр.",
    "Жобаның құны [7 млрд теңге|money=7000000000] құрайды.",
    "Зауыттың қуаты жылына [200 мың тонна|quantity=200000 t] болмақ.",
    "Оның құны [180 млрд теңге|money=180000000000], [1200 жаңа жұмыс орны|count=1200 job] ашылады.",
    "Мұнда [80 адам|count=80 person] жұмыспен қамтылады.",
    "Бұл кешен [2026 жылы|date=2026-01-01..2026-12-31] іске қосылады.",
    "Облыста биыл [14 жоба|count=14 project] іске қосылды.",
    "Облыста биыл [1200 жаңа жұмыс орны|count=1200 job] ашылды.",
    "Оның ішінде [35 өнеркәсіптік жоба|count=35 project] бар.",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=2, max_size=6))
def test_linking_never_drops_a_fact_and_keeps_offsets_valid(pieces) -> None:
    """Every fact and mention read before the links is still there after them; evidence stays in the text."""
    text, mentions = parse(" ".join(pieces))
    analysis = analyze(text)
    real = followups.join
    try:
        followups.join = lambda ctx, segs, facts: facts
        before = assemble(analysis, mentions)
    finally:
        followups.join = real
    after = assemble(analysis, mentions)
    read_before = {i for f in before for i in f.mentions}
    read_after = {i for f in after for i in f.mentions}
    assert read_before <= read_after
    linked = ("name", "organization", "refers_to")  # what a link may set on a fact of a follow-up
    old = [{k: v for k, v in f.to_dict().items() if k not in linked} for f in before]
    assert len(after) >= len(before)  # no fact is dropped: a follow-up's figures keep their facts
    for f in after:  # only projects are made
        assert {k: v for k, v in f.to_dict().items() if k not in linked} in old or f.type == "project"
    for f in after:
        assert 0 <= f.evidence[0] < f.evidence[1] <= len(text)
        assert all(0 <= i < len(mentions) for i in f.mentions)
