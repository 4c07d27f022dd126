"""Fact assembly: a corpus of annotated sentences (mentions given by hand, so the rules are tested
apart from the recognizers) and properties that hold for any input."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.facts import assemble
from aimaq.pipeline import analyze, extract_text
from aimaq.records import Mention
from tests.conftest import read_corpus

BRACKET = re.compile(r"\[([^\[\]|]+)\|([a-z]+)=([^\]]*)\]")
NUMBER_KEYS = {"amount", "projects", "cost", "jobs", "value"}


def _value(typ: str, spec: str) -> dict:
    extra = dict(p.split(":", 1) for p in spec.split() if ":" in p and not p.startswith("relative:"))
    value = _base_value(typ, " ".join(p for p in spec.split() if ":" not in p or p.startswith("relative:")))
    for k, v in extra.items():  # max:183200 q:up_to
        value["qualifier" if k == "q" else k] = float(v) if k == "max" else v
    return value


def _base_value(typ: str, spec: str) -> dict:
    parts = spec.split()
    if typ == "money":
        return {"amount": float(parts[0]), "currency": parts[1] if len(parts) > 1 else "KZT", "qualifier": "exact"}
    if typ in ("percent", "cardinal"):
        return {"amount": float(parts[0]), "qualifier": "exact"}
    if typ in ("quantity", "count"):  # unit ``-``: the recognizer could not name it
        return {"amount": float(parts[0]), "unit": None if parts[1] == "-" else parts[1], "qualifier": "exact"}
    if typ == "date":
        if parts[0].startswith("relative:"):
            return {"start": None, "end": None, "grain": None, "relative": parts[0][9:]}
        start, end = parts[0].split("..")
        out = {"start": start, "end": end, "grain": "year", "relative": None}
        if "deadline" in parts:
            out["deadline"] = True
        return out
    if typ == "region":
        return {"kato": spec}
    if typ == "place":
        return {"kato": None, "region": spec}
    if typ == "position":
        return {"role": spec, "region": None}
    if typ == "organization":
        return {"kind": parts[0], "name": " ".join(parts[1:])}
    return {"name": spec}


def parse(annotated: str) -> tuple[str, list[Mention]]:
    """The plain sentence and its hand-made mentions (``\\n`` in the corpus is a line break)."""
    annotated = annotated.replace("\\n", "\n")
    text, mentions, pos = [], [], 0
    length = 0
    for m in BRACKET.finditer(annotated):
        chunk = annotated[pos:m.start()]
        text.append(chunk)
        length += len(chunk)
        surface = m.group(1)
        mentions.append(Mention(m.group(2), length, length + len(surface), surface, _value(m.group(2), m.group(3))))
        text.append(surface)
        length += len(surface)
        pos = m.end()
    text.append(annotated[pos:])
    return "".join(text), mentions


def expectations(spec: str) -> list[tuple[str, dict[str, str]]]:
    if spec.strip() == "-":
        return []
    out = []
    for part in spec.split(" ; "):
        words = part.split()
        out.append((words[0], dict(w.split("=", 1) for w in words[1:])))
    return out


def _num(v):
    return v.get("amount") if isinstance(v, dict) else v


def matches(fact: dict, typ: str, keys: dict[str, str]) -> bool:
    if fact["type"] != typ:
        return False
    for k, want in keys.items():
        if k in NUMBER_KEYS:
            got = _num(fact.get(k))
            if got is None or abs(got - float(want)) > 0.005 * max(abs(float(want)), 1):
                return False
        elif k == "year":
            when = fact.get("deadline") if typ in ("target", "instruction") else fact.get("period")
            if not ((when or {}).get("start") or "").startswith(want):
                return False
        elif k == "direction":
            if (fact.get("change") or {}).get("direction") != want:
                return False
        elif str(fact.get(k)) != want:
            return False
    return True


CASES = read_corpus("facts.tsv")


@pytest.mark.parametrize("annotated,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_corpus(annotated: str, expected: str) -> None:
    text, mentions = parse(annotated)
    facts = [f.to_dict() for f in assemble(analyze(text), mentions)]
    wanted = expectations(expected)
    left = list(facts)
    for typ, keys in wanted:
        hit = next((f for f in left if matches(f, typ, keys)), None)
        assert hit is not None, f"no {typ} {keys} in {facts}"
        left.remove(hit)
    assert not left, f"unexpected facts: {left}"


def test_corpus_size() -> None:
    assert len(CASES) >= 60


def _check(text: str, mentions: list[Mention], facts) -> None:
    for f in facts:
        s, e = f.evidence
        assert 0 <= s < e <= len(text)
        assert all(0 <= i < len(mentions) for i in f.mentions)
        assert f.type in ("investment", "portfolio", "project", "indicator", "target", "instruction")


WORDS = st.sampled_from(["бөлінді", "арттыруға", "болады", "жоспарланып", "зауыт", "қуаттылығы", "олардың", "жоба", "теңге", "тапсырамын", "Үкімет", "тиіс", "арттыру", "қажет", "құны",
                         "жұмыс", "орны", "ашылды", "оның", "ішінде", "деді", "«", "»", ",", ".", "–", "\n",
                         "өсті", "пайыз", "инвестиция", "бұл", "жобалар", "саны", "жалпы", "сомасы"])
TYPES = st.sampled_from(["money", "percent", "quantity", "count", "cardinal", "date", "region", "position"])


def random_mentions(text: str, spans, value: dict) -> list[Mention]:
    """Mentions at the drawn ``(start, length, type)`` spans, clipped to ``text``, overlapping ones dropped."""
    mentions: list[Mention] = []
    for start, length, typ in sorted(spans):
        start = min(start, len(text))
        end = min(len(text), start + length)
        if end <= start or (mentions and start < mentions[-1].end):
            continue
        mentions.append(Mention(typ, start, end, text[start:end], dict(value)))
    return mentions


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=40), st.lists(st.tuples(st.integers(0, 300), st.integers(1, 30), TYPES), max_size=8),
       st.sampled_from([0, 1, 5, 2.5, 10 ** 12, None]), st.sampled_from(["project", "job", "person", "t", None]))
def test_never_crashes_and_indices_are_valid(words, spans, amount, unit) -> None:
    text = " ".join(words)
    mentions = random_mentions(text, spans, {"amount": amount, "unit": unit, "currency": "KZT", "kato": "230000000",
                                             "start": "2025-01-01", "end": "2025-12-31", "role": "president"})
    facts = assemble(analyze(text), mentions)
    _check(text, mentions, facts)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_text_through_the_pipeline(text: str) -> None:
    doc = extract_text(text)
    _check(text, doc.mentions, doc.facts)


def test_demo_documents(demo_texts) -> None:
    """The demo corpus gives facts of several types, all with valid evidence."""
    types = set()
    for name, text in demo_texts.items():
        doc = extract_text(text, name)
        _check(text, doc.mentions, doc.facts)
        types |= {f.type for f in doc.facts}
    assert "instruction" in types


CONTRACT = {
    "investment": {"amount", "flow", "recipient"},
    "portfolio": {"projects", "cost", "jobs", "status", "sector", "program", "sez"},
    "project": {"name", "organization", "cost", "capacity", "jobs", "status", "date"},
    "indicator": {"measure", "value", "change"},
    "target": {"measure", "value", "deadline", "issuer"},
    "instruction": {"issuer", "addressees", "action", "deadline"},
}


def test_fields_follow_the_output_contract(demo_texts) -> None:
    """Every fact carries the common keys and its type's fields (extra keys are additive)."""
    seen = set()
    for name, text in demo_texts.items():
        for f in extract_text(text, name).to_dict()["facts"]:
            assert {"type", "evidence", "region", "period", "mentions"} <= set(f)
            assert CONTRACT[f["type"]] <= set(f), (f["type"], sorted(f))
            seen.add(f["type"])
    assert {"investment", "portfolio", "indicator", "target", "instruction"} <= seen


@pytest.mark.parametrize("text, recipient", [
    ("10 айдың қорытындысы бойынша Ақтөбе облысына 892,1 млрд теңге инвестиция тартылған.", None),
    ("«Ақтау теңіз порты» АЭА-ға 30 млрд теңге инвестиция тартылды.", "Ақтау теңіз порты"),
    ("Өткен жылы өңірге 498,6 млрд теңге инвестиция тартылды.", None),  # a date and the region itself
    ("Биыл облыс экономикасына 386 млрд теңге инвестиция тартылды.", None),
    ("Министрдің айтуынша, бұл жұмыстарға 60 млрд теңге бөлінеді.", None),  # refers back to no project
    ("Бұл жобаға республикалық бюджеттен 45 млрд теңге бөлінген.", None),  # no sentence before
    ("Шымкентте әйнек зауытының құрылысына 75 млрд теңге жұмсалды.", "әйнек зауытының құрылысына"),
    ("Биыл «Шипагер» емханасына 300 млн теңге бөлінді.", "«Шипагер» емханасына"),
    ("Алдағы үш жылға 20 млрд теңге бөлінеді.", None),  # a span of time
    ("Атырау облысында негізгі капиталға 1,9 трлн теңге инвестиция салынды.", "негізгі капиталға"),
    ("Бағдарлама аясында жылыжайлар салуға 5 млрд теңге бөлінді.", "жылыжайлар салуға"),
    ("Жобаны жүзеге асыруға 2 млрд теңге бөлінді.", "Жобаны жүзеге асыруға"),
])
def test_investment_recipient_is_a_named_receiver_not_the_region(text, recipient):
    facts = [f for f in extract_text(text).facts if f.type == "investment"]
    assert len(facts) == 1 and facts[0].fields["recipient"] == recipient


def _fact_texts(demo_texts) -> list[str]:
    """The corpus and demo texts, lower-cased as the assembler reads them."""
    from aimaq.facts import lexicon
    return [lexicon.lower(parse(c[0])[0]) for c in CASES] + [lexicon.lower(t) for t in demo_texts.values()]


def test_needles_are_in_every_match(demo_texts) -> None:
    """The ``str.find`` pre-checks (``lexicon.needles``; the count nouns) rule out only text the regex they
    stand before cannot match: every match of the pattern holds a needle, on real text and on every item."""
    from aimaq import facts as facts_module
    from aimaq.facts import figures, lexicon
    texts = _fact_texts(demo_texts)
    matched = 0
    for name in ("reported_verbs", "speed_words", "multiplier_words", "sez_words"):
        rx = re.compile(lexicon.alt(name))
        needles = lexicon.needles(name)
        for text in texts + [f"бұл {item} болды" for item in lexicon.items(name)]:
            for m in rx.finditer(text):
                matched += 1
                assert lexicon.holds(m.group(), needles, 0, len(m.group())), (name, m.group())
    assert matched > 50
    for text in texts:  # the multiplier test on a mention's text, with and without its pre-check
        for k in range(0, len(text), 25):
            low = text[k:k + 40]
            assert figures._multiplier_in(low) == (figures._MULTIPLIER.search(low) is not None), low
    for name in ("counted_project", "counted_job", "project_noun_in_count", "job_noun_in_count"):
        for item in lexicon.items(name):
            assert lexicon.holds(item, facts_module._COUNT_NOUNS, 0, len(item)), item


def test_last_words_from_a_short_tail_are_those_of_the_whole_span(demo_texts) -> None:
    """``figures._words_before`` reads a span's short tail first; it gives what reading the whole span gives,
    with and without a date left out."""
    from types import SimpleNamespace

    from aimaq.facts import figures
    for text in demo_texts.values():
        for b in range(1, len(text), 53):
            for a in (0, b - 60, b - 100, b - 200):
                if a < 0:
                    continue
                ds, de = b - 50, b - 20  # a "date" near the end of the span
                spans = [(max(a, ds), min(b, de))] if a < de and ds < b else []
                ctx = SimpleNamespace(text=text, mentions=[Mention("date", ds, de, text[ds:de], None)])
                for n in (1, 4, 8):
                    whole = " ".join(reversed(figures._last_words(text, a, b, n, [])))
                    assert figures._words_before(ctx, a, b, n) == whole, (a, b, n)
                    whole = " ".join(reversed(figures._last_words(text, a, b, n, spans)))
                    assert figures._words_before(ctx, a, b, n, SimpleNamespace(dates=[0])) == whole, (a, b, n)


def test_linking_words_stay_out_of_the_measure() -> None:
    """A linking word of ``fact_patterns.tsv`` is no part of what a figure measures, a hyphenated one too
    (its set once held the regex-escaped ``сондай\\-ақ``, so ``Сондай-ақ`` opened the measure)."""
    doc = extract_text("Сондай-ақ өнеркәсіп өнімінің көлемі 5 пайызға өсті.")
    assert [f.fields["measure"] for f in doc.facts if f.type == "indicator"] == ["өнеркәсіп өнімінің көлемі"]


@pytest.mark.parametrize("text, name", [
    ("Түркістан облысында жылына 50 мың тонна мақта талшығын өңдейтін тоқыма фабрикасының құрылысы басталды.",
     "тоқыма фабрикасы"),
    ("Павлодарда жылына 100 мың тонна өнім шығаратын ферроқорытпа зауыты ашылды.", "ферроқорытпа зауыты"),
    ("Қостанай облысында құны 40 млрд теңге болатын астық терминалының құрылысы басталды.", "астық терминалы"),
    ("Жамбыл облысында қуаты 100 МВт жел электр станциясының құрылысы жүріп жатыр.", "жел электр станциясы"),
    ("2014 жылдың желтоқсанында «КИС-Ақтау» ЖШС индустриалдық құрылыс комбинаты ашылды.",
     "индустриалдық құрылыс комбинаты"),
])
def test_a_project_is_named_by_its_noun_phrase_without_its_case(text, name):
    """One name rule (``facts.names.project_name``) for every project: the head noun with the plain nouns before it,
    the genitive or accusative cut, the possessive kept; the company is the organization, not the name."""
    facts = [f for f in extract_text(text).facts if f.type == "project"]
    assert [f.fields["name"] for f in facts] == [name]


def test_a_task_names_its_body_in_full_and_its_action_and_measure_start_after_the_deadline() -> None:
    """The addressee is the body's full name; the action and the target's measure start after the body tasked and
    after the deadline with its postposition (``2026 жылға қарай``)."""
    doc = extract_text("«Ауыл шаруашылығы басқармасына 2026 жылға қарай ет өңдеу көлемін 20 пайызға арттыруды "
                       "тапсырамын», – деді облыс әкімі.")
    [instr] = [f.fields for f in doc.facts if f.type == "instruction"]
    [target] = [f.fields for f in doc.facts if f.type == "target"]
    assert instr["addressees"] == ["Ауыл шаруашылығы басқармасына"]
    assert instr["action"] == "ет өңдеу көлемін 20 пайызға арттыруды"
    assert target["measure"] == "ет өңдеу көлемін" and target["deadline"]["start"] == "2026-01-01"


def test_a_task_keeps_the_place_that_opens_it() -> None:
    """A task cut to its last words keeps a place whose head noun it starts with (``Атырау қаласының ...``)."""
    doc = extract_text("Мемлекет басшысы Қасым-Жомарт Тоқаев Үкіметке 2027 жылдың соңына дейін Атырау қаласының жаңа "
                       "су құбырын іске қосуды тапсырды.")
    [instr] = [f.fields for f in doc.facts if f.type == "instruction"]
    assert instr["action"] == "Атырау қаласының жаңа су құбырын іске қосуды" and instr["addressees"] == ["Үкіметке"]


def test_a_recipient_that_refers_back_is_the_project_of_the_sentence_before() -> None:
    """``Бұл жобаға`` is the project the sentence before names (the antecedent a follow-up would take)."""
    doc = extract_text("Мемлекет басшысы Үкіметке 2027 жылдың соңына дейін Атырау қаласының жаңа су құбырын іске қосуды "
                       "тапсырды. Бұл жобаға республикалық бюджеттен 45 млрд теңге бөлінген.")
    [inv] = [f for f in doc.facts if f.type == "investment"]
    assert inv.fields["recipient"] == "су құбыры"
    ref = inv.fields["refers_to"]
    assert doc.text[ref["start"]:ref["end"]].startswith("Мемлекет басшысы")


def test_who_reports_a_figure_is_no_part_of_its_measure() -> None:
    """The measure starts after a person or an official named before the figure (the speaker, not the measure)."""
    doc = extract_text("Облыс әкімі Құмар Ақсақалов биыл 5,3 млн тонна астық жиналғанын баяндады.")
    measures = [f.fields["measure"] for f in doc.facts if f.type == "indicator"]
    assert measures == ["астық жиналғанын"]


def test_an_addressee_does_not_take_the_official_who_tasks() -> None:
    """A body's name stops at another body or official before it (``Аудан әкімі энергетика басқармасына``)."""
    doc = extract_text("Аудан әкімі энергетика басқармасына жыл соңына дейін 15 елді мекенді газбен қамтуды тапсырды.")
    [instr] = [f.fields for f in doc.facts if f.type == "instruction"]
    assert instr["addressees"] == ["энергетика басқармасына"]


@pytest.mark.parametrize("text, addressees, action", [
    ("Облыс әкімі аудан әкімдеріне жылыту маусымына дайындықты қазан айына дейін аяқтауды тапсырды.",
     ["аудан әкімдеріне"], "жылыту маусымына дайындықты аяқтауды"),  # the task read around its deadline
    ("Энергетика министрлігі жылу электр орталықтарын жөндеу жұмыстарын жыл соңына дейін аяқтауы тиіс.",
     ["Энергетика министрлігі"], "жылу электр орталықтарын жөндеу жұмыстарын аяқтауы"),  # the subject is no task
])
def test_the_task_is_what_the_body_must_do_without_its_deadline(text, addressees, action):
    [instr] = [f.fields for f in extract_text(text).facts if f.type == "instruction"]
    assert instr["addressees"] == addressees and instr["action"] == action
