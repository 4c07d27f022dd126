"""Follow-up sentences joined to their project (facts/followups.py): what the corpus lines cannot say
(the name, capacity, evidence and mention indices of the joined fact; which openers refer back)."""
from __future__ import annotations

import pytest

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


def test_a_project_named_in_prose_takes_the_figures_of_the_next_sentences() -> None:
    text, mentions, facts = _facts(KPI)
    assert len(facts) == 1
    f = facts[0]
    assert f["type"] == "project" and f["organization"] == "KPI"
    assert f["name"] == "полиэтилен өндіретін зауыт"
    assert f["cost"]["amount"] == 7400000000 and [c["amount"] for c in f["capacity"]] == [1250000]
    assert f["mentions"] == [0, 1, 2]  # the company, the cost, the capacity
    assert f["evidence"]["start"] == 0 and text[:f["evidence"]["end"]].endswith("полиэтилен болмақ")


def test_the_joined_project_keeps_its_capacity_and_is_named_with_its_noun_phrase() -> None:
    text, mentions, facts = _facts(RUDNY)
    assert len(facts) == 1
    f = facts[0]
    assert f["name"] == "металлургия зауыты"
    assert f["cost"]["amount"] == 180000000000 and f["jobs"]["amount"] == 1200
    assert [c["amount"] for c in f["capacity"]] == [1500000]
    assert f["mentions"] == [0, 1, 2]
    assert text[f["evidence"]["start"]:f["evidence"]["end"]].endswith("ашылады")


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


def test_a_figureless_follow_up_gives_status_and_date_and_the_name_loses_its_case() -> None:
    text, mentions, facts = _facts(
        "«[Болат|organization=company Болат]» ЖШС болат балқыту кешенін салуда. Кешеннің құны "
        "[120 млрд теңге|money=120000000000]. Бұл кешен [2026 жылы|date=2026-01-01..2026-12-31] іске қосылады.")
    assert len(facts) == 1
    f = facts[0]
    assert f["name"] == "болат балқыту кешені"  # ``кешенін``: the accusative cut, the possessive kept
    assert f["status"] == "planned" and f["date"]["start"] == "2026-01-01"
    assert f["mentions"] == [0, 1, 2]
    assert text[f["evidence"]["start"]:f["evidence"]["end"]].startswith("«Болат»")
    assert text[:f["evidence"]["end"]].endswith("іске қосылады")
