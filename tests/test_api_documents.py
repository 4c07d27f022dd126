"""``api.extract_documents``: in-memory documents, in order, errors reported, the same records in workers."""
from aimaq import api
from aimaq.ingest import RawDocument, ReadError

DOCS = [
    RawDocument("a", "Атырау облысына 2025 жылы 5 млрд теңге бөлінді.", "a"),
    ReadError("broken.jsonl:3", "not JSON"),
    RawDocument("b", "Ақтөбе облысында 93 инвестициялық жоба жүзеге асырылуда.", "b"),
]


def test_documents_in_order_and_errors_reported():
    errors = []
    docs = list(api.extract_documents(DOCS, on_error=errors.append))
    assert [d.id for d in docs] == ["a", "b"]
    assert [e.origin for e in errors] == ["broken.jsonl:3"]
    assert any(m.type == "money" and m.value["amount"] == 5_000_000_000 for m in docs[0].mentions)


def test_workers_give_the_same_records():
    one = [d.to_dict() for d in api.extract_documents(DOCS, on_error=lambda e: None, jobs=1)]
    two = [d.to_dict() for d in api.extract_documents(DOCS, on_error=lambda e: None, jobs=2)]
    assert one == two and len(one) == 2


def _db_rows(db):
    import sqlite3

    con = sqlite3.connect(db)
    try:
        documents = con.execute("SELECT pk, hash, id, title, published, language, script, source, url, regions,"
                                " region, origin, text FROM documents ORDER BY pk").fetchall()  # (not ingested_at)
        return {"documents": documents,
                **{table: sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall()))
                   for table in ("mentions", "facts")}}
    finally:
        con.close()


def test_ingest_in_workers_stores_what_one_process_stores(tmp_path):
    """The same feed, with a repeated text across and within the read-ahead batches and a bad line,
    ingested with jobs=1 and jobs=2: the same rows, the same report, nothing stored twice."""
    import json

    from aimaq.store import Store

    texts = [d.text for d in DOCS if isinstance(d, RawDocument)]
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": f"{texts[i % 2]}\n№{i % 300}"}, ensure_ascii=False) for i in range(600)]
    lines.insert(5, "{not json")
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reports = []
    for jobs in (1, 2):
        errors = []
        reports.append(api.ingest([feed], tmp_path / f"j{jobs}.db", on_error=errors.append,
                                  show_progress=False, jobs=jobs))
        assert len(errors) == 1 and "feed.jsonl:6" in str(errors[0])
        with Store(tmp_path / f"j{jobs}.db") as s:
            assert s.counts()["documents"] == 300 and s.check() == []
    one, two = reports
    assert (one.stored, one.present, one.ids) == (two.stored, two.present, two.ids) == (one.stored, 300, one.ids)
    assert one.stored == 300
    assert _db_rows(tmp_path / "j1.db") == _db_rows(tmp_path / "j2.db")


def test_cli_ingest_jobs(tmp_path):
    from click.testing import CliRunner

    from aimaq.cli import main

    result = CliRunner().invoke(main, ["ingest", "--jobs", "2", "--db", str(tmp_path / "c.db"),
                                       str(api.demo_paths()[0].parent)])
    assert result.exit_code == 0, result.output
    assert "stored 5 new document(s), 0 already present" in result.output
