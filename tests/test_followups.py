"""Follow-up sentences joined to their project (facts/followups.py): what the corpus lines cannot say
(the name, capacity, evidence and mention indices of the joined fact; which openers refer back)."""
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
def test_joining_never_drops_a_figure_and_keeps_offsets_valid(pieces) -> None:
    """Every mention a fact read before the join is still read by one after it; evidence stays in the text."""
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
    old = [f.to_dict() for f in before]
    for f in after:  # only projects are joined or made; another new fact is a headline's that no later fact repeats now
        assert f.to_dict() in old or f.type == "project" or not set(f.mentions) & read_before
    for f in after:
        assert 0 <= f.evidence[0] < f.evidence[1] <= len(text)
        assert all(0 <= i < len(mentions) for i in f.mentions)
