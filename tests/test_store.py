"""The store: schema and migrations, idempotence, queries, and monitoring across documents
(consolidation, conflicts, commitment status and its append-only history).

Monitoring is tested on constructed records so that it does not depend on how
well facts are assembled; tests/test_ingest.py checks it on real extraction.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from aimaq import monitor
from aimaq.records import Document, Fact, Mention
from aimaq.store import Store, StoreError, content_hash, resolve_region
from aimaq.store.schema import LATEST
from tests.conftest import read_corpus

AKTOBE, ZHETYSU = "150000000", "330000000"
TEN_MONTHS_2025 = {"start": "2025-01-01", "end": "2025-10-31"}


def investment_doc(doc_id: str, surface: str, amount: float, published: str | None = "2025-11-25",
                   period: dict | None = TEN_MONTHS_2025, region: str = AKTOBE, flow: str = "attracted") -> Document:
    """A one-sentence document reporting an investment figure, with its money mention and fact."""
    text = f"{doc_id}: 10 айдың қорытындысы бойынша өңірге {surface} инвестиция тартылған."
    start = text.index(surface)
    value = {"amount": amount, "currency": "KZT", "qualifier": "exact"}
    m = Mention("money", start, start + len(surface), surface, value)
    f = Fact("investment", (0, len(text)), region, period, [0],
             {"amount": value, "flow": flow, "recipient": None})
    return Document(doc_id, text, published=published, regions=[region], mentions=[m], facts=[f])


def commitment_doc(doc_id: str, text: str, fact_type: str, fields: dict, published: str | None,
                   region: str = ZHETYSU) -> Document:
    f = Fact(fact_type, (0, len(text)), region, None, [], fields)
    return Document(doc_id, text, published=published, regions=[region], facts=[f])


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "t.db", today=date(2026, 12, 5)) as s:
        yield s


# ---------------------------------------------------------------- schema
def test_schema_is_versioned_and_wal(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as s:
        assert s.schema_version == LATEST
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        applied = [r[0] for r in s.conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
        assert applied == list(range(1, LATEST + 1))
    with Store(path) as s:  # reopening applies nothing twice
        assert s.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == LATEST


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={LATEST + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable"):
        Store(path)


# ---------------------------------------------------------------- documents
def test_adding_twice_stores_once(store):
    doc = investment_doc("a", "892,1 млрд теңге", 892.1e9)
    assert store.add(doc) is True
    assert store.add(doc) is False
    assert store.has(content_hash(doc.text))
    c = store.counts()
    assert (c["documents"], c["mentions"], c["facts"], c["items"]) == (1, 1, 1, 1)
    assert store.check() == []


def test_record_round_trip(store):
    doc = investment_doc("a", "892,1 млрд теңге", 892.1e9)
    store.add(doc)
    (rec,) = list(store.records())
    want = doc.to_dict()
    assert {k: rec[k] for k in want} == want
    assert rec["text"][rec["mentions"][0]["start"]:rec["mentions"][0]["end"]] == "892,1 млрд теңге"


def test_failed_add_leaves_nothing(store):
    doc = investment_doc("a", "892,1 млрд теңге", 892.1e9)
    doc.facts.append(Fact("indicator", (0, 5), AKTOBE, None, [], {"value": {"amount": object()}}))
    with pytest.raises(Exception):
        store.add(doc)
    assert store.counts()["documents"] == 0 and store.counts()["mentions"] == 0
    assert store.check() == []


def test_full_text_search_matches_word_endings(store):
    store.add(investment_doc("a", "892,1 млрд теңге", 892.1e9))
    store.add(Document("b", "Жетісу облысында қант зауыты салынады.", regions=[ZHETYSU]))
    assert [r["id"] for r in store.search("инвестиция")] == ["a"]   # finds "инвестиция" in any form
    assert [r["id"] for r in store.search("зауыт")] == ["b"]         # "зауыты"
    assert store.search("жоқсөз") == []
    with pytest.raises(ValueError):
        store.search('"unbalanced')


def test_facts_query_filters(store):
    store.add(investment_doc("a", "892,1 млрд теңге", 892.1e9))
    store.add(investment_doc("b", "5 млрд теңге", 5e9, region=ZHETYSU, period={"start": "2024-01-01",
                                                                                   "end": "2024-12-31"}))
    assert [r["document"] for r in store.facts(regions=[AKTOBE])] == ["a"]
    assert [r["document"] for r in store.facts(since="2025-01-01")] == ["a"]
    assert [r["document"] for r in store.facts(until="2024-12-31")] == ["b"]
    assert store.facts(type="target") == []
    row = store.facts(type="investment", regions=[AKTOBE])[0]
    assert row["amount"] == 892.1e9 and row["unit"] == "KZT"
    assert "892,1 млрд теңге" in row["evidence"]


# ---------------------------------------------------------------- consolidation
def test_same_figure_in_two_documents_is_one_item(store):
    store.add(investment_doc("seed", "892,1 млрд теңге", 892.1e9))
    store.add(investment_doc("rewrite", "892,1 миллиард теңге", 892.1e9, published="2025-11-27"))
    (item,) = store.items()
    assert not item["conflict"]
    assert sorted(e["document"] for e in item["evidence"]) == ["rewrite", "seed"]
    assert len(item["evidence"]) == 2 and all(e["agrees"] for e in item["evidence"])


def test_rounded_figure_is_the_same_item(store):
    store.add(investment_doc("a", "892,1 млрд теңге", 892.1e9))
    store.add(investment_doc("b", "892 млрд теңге", 892e9))
    (item,) = store.items()
    assert not item["conflict"] and len(item["evidence"]) == 2


def test_different_figure_same_period_is_a_conflict(store):
    store.add(investment_doc("a", "892,1 млрд теңге", 892.1e9))
    store.add(investment_doc("b", "890 млрд теңге", 890e9))
    (item,) = store.items()
    assert item["conflict"]
    assert item["amount"] == 892.1e9          # the first report is kept, nothing averaged
    assert item["values"] == [890e9, 892.1e9]
    assert {e["document"]: e["agrees"] for e in item["evidence"]} == {"a": True, "b": False}
    assert len(store.items(conflicts_only=True)) == 1


def test_different_period_or_region_or_flow_is_another_item(store):
    store.add(investment_doc("a", "892,1 млрд теңге", 892.1e9))
    store.add(investment_doc("b", "700 млрд теңге", 700e9, period={"start": "2024-01-01", "end": "2024-10-31"}))
    store.add(investment_doc("c", "890 млрд теңге", 890e9, region=ZHETYSU))
    store.add(investment_doc("d", "890 млрд теңге", 890e9, flow="allocated"))
    assert len(store.items()) == 4 and not store.items(conflicts_only=True)


def test_unknown_period_consolidates_but_never_conflicts(store):
    store.add(investment_doc("a", "892,1 млрд теңге", 892.1e9))
    store.add(investment_doc("b", "892,1 млрд теңге", 892.1e9, period=None))
    store.add(investment_doc("c", "500 млрд теңге", 500e9, period=None))
    items = store.items()
    assert [len(i["evidence"]) for i in items] == [2, 1]
    assert not any(i["conflict"] for i in items)


@pytest.mark.parametrize("row", read_corpus("rounding.tsv"), ids=lambda r: f"{r[1]}~{r[3]}")
def test_rounding_corpus(row):
    a_amount, a_text, b_amount, b_text, expected = row
    fact = lambda amount: {"type": "investment", "amount": {"amount": float(amount), "currency": "KZT"}}  # noqa
    a = monitor.values(fact(a_amount), {float(a_amount): a_text} if a_text != "-" else None)["amount"]
    b = monitor.values(fact(b_amount), {float(b_amount): b_text} if b_text != "-" else None)["amount"]
    assert monitor.agree(a, b) is (expected == "same")
    assert monitor.agree(b, a) is (expected == "same")


# ---------------------------------------------------------------- commitments
@pytest.mark.parametrize("deadline,published,today,status", [
    (None, "2025-05-01", date(2026, 12, 5), "no_deadline"),
    ({"start": "2025-01-01", "end": "2025-12-31"}, None, date(2026, 12, 5), "overdue"),
    ({"start": "2026-01-01", "end": "2026-12-31"}, None, date(2026, 12, 5), "due_this_year"),
    ({"start": "2026-01-01", "end": "2026-12-31"}, None, date(2025, 6, 1), "upcoming"),
    ({"relative": "next_year"}, "2025-12-07", date(2026, 12, 5), "due_this_year"),
    ({"relative": "next_year"}, None, date(2026, 12, 5), "no_deadline"),
    ({"start": None, "end": "2026-12-04"}, None, date(2026, 12, 5), "overdue"),
])
def test_commitment_status(deadline, published, today, status):
    assert monitor.commitment_status(deadline, today, published) == status
    assert monitor.commitment_status(deadline, today, published, met=True) == "reported_met"


SUGAR = ("2026 жылға қарай қант өндірісін 180 мың тоннаға жеткізу қажет.", "target",
         {"measure": "қант өндірісі", "value": {"amount": 180000, "unit": "t"},
          "deadline": {"start": "2026-01-01", "end": "2026-12-31"}, "issuer": None})
GAS = ("Үкіметке 2025 жылға дейін елді мекендерді газбен қамтуды тапсырамын.", "instruction",
       {"issuer": "president", "addressees": ["Үкімет"], "action": "елді мекендерді газбен қамту",
        "deadline": {"start": "2025-01-01", "end": "2025-12-31"}})


def test_commitments_get_status_against_today(store):
    store.add(commitment_doc("sugar", *SUGAR, published="2025-12-07"))
    store.add(commitment_doc("gas", *GAS, published="2025-12-07"))
    got = {c["fact"]["type"]: c["status"] for c in store.commitments()}
    assert got == {"target": "due_this_year", "instruction": "overdue"}
    assert [c["fact"]["type"] for c in store.commitments(status="overdue")] == ["instruction"]
    assert store.commitments(regions=[AKTOBE]) == []


def test_later_report_marks_target_met_with_its_evidence(store):
    store.add(commitment_doc("sugar", *SUGAR, published="2025-12-07"))
    text = "Өткен жылы облыста қант өндірісі 185 мың тоннаға жетті."
    store.add(commitment_doc("report", text, "indicator",
                             {"measure": "қант өндірісі", "value": {"amount": 185000, "unit": "t"}, "change": None},
                             published="2026-03-01"))
    (c,) = store.commitments()
    assert c["status"] == "reported_met"
    assert [(h["status"], h["document"]) for h in c["history"]] == [("due_this_year", "sugar"),
                                                                      ("reported_met", "report")]


def test_earlier_or_smaller_report_does_not_meet_target(store):
    store.add(commitment_doc("sugar", *SUGAR, published="2025-12-07"))
    store.add(commitment_doc("small", "Қант өндірісі 120 мың тоннаға жетті.", "indicator",
                             {"measure": "қант өндірісі", "value": {"amount": 120000, "unit": "t"}},
                             published="2026-03-01"))
    store.add(commitment_doc("old", "Қант өндірісі 190 мың тонна болды.", "indicator",
                             {"measure": "қант өндірісі", "value": {"amount": 190000, "unit": "t"}},
                             published="2024-03-01"))
    assert store.commitments()[0]["status"] == "due_this_year"


def test_instruction_met_by_completion_report(store):
    store.add(commitment_doc("gas", *GAS, published="2025-12-07"))
    store.add(commitment_doc("done", "Облыстағы елді мекендерді газбен қамту жұмысы аяқталды.", "project",
                             {"name": "елді мекендерді газбен қамту", "status": "commissioned"},
                             published="2026-02-01"))
    assert store.commitments()[0]["status"] == "reported_met"


def test_status_history_is_append_only_and_follows_the_calendar(tmp_path):
    path = tmp_path / "h.db"
    with Store(path, today=date(2025, 12, 10)) as s:
        s.add(commitment_doc("sugar", *SUGAR, published="2025-12-07"))
        assert s.commitments()[0]["status"] == "upcoming"
    with Store(path, today=date(2026, 1, 2)) as s:
        assert s.commitments()[0]["status"] == "due_this_year"
    with Store(path, today=date(2027, 1, 2)) as s:
        (c,) = s.commitments()
        assert [(h["status"], h["as_of"], h["document"]) for h in c["history"]] == [
            ("upcoming", "2025-12-10", "sugar"), ("due_this_year", "2026-01-02", None),
            ("overdue", "2027-01-02", None)]
        assert s.refresh() == 0  # nothing moved: nothing appended
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            s.conn.execute("UPDATE status_history SET status='reported_met'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            s.conn.execute("DELETE FROM status_history")


def test_regions_summary_counts_tracked_items_once(store):
    store.add(investment_doc("a", "892,1 млрд теңге", 892.1e9))
    store.add(investment_doc("b", "892,1 млрд теңге", 892.1e9, published="2025-11-27"))
    store.add(commitment_doc("gas", *GAS, published="2025-12-07"))
    rows = {r["region"]: r for r in store.regions_summary()}
    assert rows[AKTOBE]["investment_attracted_kzt"] == 892.1e9
    assert rows[AKTOBE]["documents"] == 2
    assert rows[ZHETYSU]["commitments"] == {"overdue": 1}


@pytest.mark.parametrize("row", read_corpus("region_names.tsv"), ids=lambda r: r[0])
def test_region_names_resolve(row):
    name, codes = row
    assert resolve_region(name) == codes.split(",")


@pytest.mark.parametrize("bad", ["Foo", "", "99", "Атлантида"])
def test_unknown_region_is_an_error(bad):
    with pytest.raises(ValueError):
        resolve_region(bad)


def test_region_filter_takes_in_districts(store):
    store.add(investment_doc("district", "5 млрд теңге", 5e9, region="231010000"))
    store.add(investment_doc("other", "6 млрд теңге", 6e9, region="330000000"))
    store.add(investment_doc("akmola", "7 млрд теңге", 7e9, region="110000000"))
    assert [r["document"] for r in store.facts(regions=["230000000"])] == ["district"]
    assert store.facts(regions=["100000000"]) == []  # Abai (10...) does not take in Akmola (11...)
    assert [i["region"] for i in store.items(regions=["230000000"])] == ["231010000"]


from hypothesis import given, strategies as st  # noqa: E402

_figure = st.fixed_dictionaries({
    "amount": st.floats(min_value=0, max_value=1e13, allow_nan=False),
    "max": st.none(), "unit": st.sampled_from(["KZT", "USD", "t"]),
    "qualifier": st.sampled_from(["exact", "approx", "more_than"]),
    "precision": st.sampled_from([0.1, 1.0, 1e3, 1e8, 1e9]),
})


@given(_figure, _figure)
def test_agreement_is_symmetric_and_reflexive(a, b):
    assert monitor.agree(a, a)
    assert monitor.agree(a, b) == monitor.agree(b, a)
    if a["unit"] != b["unit"]:
        assert not monitor.agree(a, b)


@given(st.floats(min_value=1e-3, max_value=1e14, allow_nan=False), st.text(max_size=30))
def test_precision_is_a_positive_power_of_ten(amount, text):
    p = monitor.precision(amount, text)
    assert p > 0 and abs(__import__("math").log10(p) - round(__import__("math").log10(p))) < 1e-6


def test_migration_from_an_older_schema_keeps_and_rekeys_items(tmp_path, monkeypatch):
    from aimaq.store import db as dbmod
    from aimaq.store.schema import MIGRATIONS

    path = tmp_path / "old.db"
    monkeypatch.setattr(dbmod, "MIGRATIONS", MIGRATIONS[:2])
    monkeypatch.setattr(dbmod, "LATEST", 2)
    with Store(path) as s:  # a version-2 database holding one item keyed the old way
        assert s.schema_version == 2
        s.conn.execute("INSERT INTO documents (hash, id, text, ingested_at) VALUES ('h', 'old', 'x', 'now')")
        fact = {"type": "target", "evidence": {"start": 0, "end": 1}, "region": ZHETYSU, "period": None,
                "mentions": [], **SUGAR[2]}
        s.conn.execute("INSERT INTO items (type, region, key, commitment, first_document, data, values_json)"
                       " VALUES ('target', ?, 'measure=қант өндір|unit=t', 1, 1, ?, ?)",
                       (ZHETYSU, json.dumps(fact), json.dumps(monitor.values(fact))))
    monkeypatch.undo()
    with Store(path) as s:
        assert s.schema_version == LATEST
        assert s.conn.execute("SELECT key FROM items").fetchone()[0] == "unit=t"
        assert s.conn.execute("SELECT count(*) FROM item_terms").fetchone()[0] == 2
        s.add(commitment_doc("sugar2", "Қант өндірісін 2026 жылға қарай 180 мың тоннаға жеткізу.", "target",
                             dict(SUGAR[2], measure="қант өндірісін"), published="2025-12-08"))
        (item,) = s.items()
        assert [e["document"] for e in item["evidence"]] == ["sugar2"]


@pytest.mark.parametrize("a,b,same", [
    ("қант өндірісі", "қант өндірісінің", True),
    ("қант өндірісі", "мұнай өндірісі", False),
    ("облыс экономикасының үлесі", "экономикадағы үлесі", True),
    ("суармалы жердің көлемі", "қант өндірісі", False),
])
def test_indicators_are_the_same_item_when_their_measures_are(store, a, b, same):
    for doc_id, measure in (("a", a), ("b", b)):
        store.add(commitment_doc(doc_id, f"{doc_id}: {measure} 185 мың тоннаға жетті.", "indicator",
                                 {"measure": measure, "value": {"amount": 185000, "unit": "t"}},
                                 published="2026-03-01"))
    assert len(store.items()) == (1 if same else 2)


def test_recipient_named_in_one_report_only_is_still_the_same_item(store):
    a = investment_doc("a", "892,1 млрд теңге", 892.1e9)
    b = investment_doc("b", "892,1 миллиард теңге", 892.1e9)
    b.facts[0].fields["recipient"] = "«Ақтау теңіз порты» АЭА"
    c = investment_doc("c", "892,1 млрд  теңге", 892.1e9)
    c.facts[0].fields["recipient"] = "«Қорғас» АЭА"
    for d in (a, b, c):
        store.add(d)
    assert sorted(len(i["evidence"]) for i in store.items()) == [1, 2]


def test_without_region_or_period_only_alike_sentences_are_one_item(store):
    def doc(doc_id, text, amount):
        surface = text.split(" теңге")[0].split()[-2] + " млрд теңге"
        d = investment_doc(doc_id, surface, amount, period=None, region=None)
        d.text = text
        d.mentions[0].start = text.index(surface)
        d.mentions[0].end = d.mentions[0].start + len(surface)
        d.facts[0].evidence = (0, len(text))
        d.regions = []
        return d

    store.add(doc("a", "Денсаулық сақтау саласына 93 млрд теңге жұмсалды.", 93e9))
    store.add(doc("b", "Денсаулық сақтау саласына тағы 93 млрд теңге жұмсалды.", 93e9))   # the same report
    store.add(doc("c", "Жол құрылысына 93 млрд теңге жұмсалды.", 93e9))                 # another one
    assert sorted(len(i["evidence"]) for i in store.items()) == [1, 2]


def test_regions_summary_takes_the_largest_portfolio_not_the_sum(store):
    def portfolio(doc_id, n, sector, jobs=None):
        fields = {"projects": {"amount": n, "unit": "project"}, "status": "implementing", "sector": sector}
        if jobs:
            fields["jobs"] = {"amount": jobs, "unit": "job"}
        return commitment_doc(doc_id, f"{doc_id}: {n} жоба {sector or ''} жүзеге асырылуда.", "portfolio", fields,
                              published="2025-11-25", region=AKTOBE)

    for d in (portfolio("total", 55, None, 8000), portfolio("industry", 35, "өнеркәсіптік"),
              portfolio("farming", 13, "ауыл шаруашылығы")):
        store.add(d)
    (row,) = store.regions_summary()
    assert (row["projects"], row["jobs"]) == (55, 8000)


def test_restated_commitment_is_one_item_and_moves_only_with_the_calendar(tmp_path):
    path = tmp_path / "r.db"
    with Store(path, today=date(2025, 12, 10)) as s:
        s.add(commitment_doc("sugar", *SUGAR, published="2025-12-07"))
    with Store(path, today=date(2026, 2, 1)) as s:
        text, typ, fields = SUGAR
        s.add(commitment_doc("again", "Тағы да: " + text, typ, fields, published="2026-01-20"))
        (c,) = s.commitments()
        assert sorted(e["document"] for e in c["evidence"]) == ["again", "sugar"]
        assert [(h["status"], h["document"], h["reason"]) for h in c["history"]] == [
            ("upcoming", "sugar", "first reported"), ("due_this_year", None, "status as of 2026-02-01")]


def test_a_later_report_that_gives_the_deadline_moves_the_status_with_its_evidence(store):
    text, typ, fields = GAS
    store.add(commitment_doc("vague", "Үкіметке елді мекендерді газбен қамтуды тапсырамын.", typ,
                             {k: v for k, v in fields.items() if k != "deadline"}, published="2025-12-07"))
    assert store.commitments()[0]["status"] == "no_deadline"
    store.add(commitment_doc("dated", text, typ, fields, published="2025-12-08"))
    (c,) = store.commitments()
    assert c["status"] == "overdue" and c["deadline"] == fields["deadline"]
    assert [(h["status"], h["document"]) for h in c["history"]] == [("no_deadline", "vague"), ("overdue", "dated")]
    assert "deadline" in c["history"][-1]["reason"]
    assert c["fact"]["action"] == fields["action"]  # nothing the first report said was overwritten
