"""The command line: every command, its output formats and exit codes (0 ok, 1 partial, 2 usage),
and parity with the Python API."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from aimaq import api
from aimaq.cli import main
from aimaq.store import Store
from tests.conftest import DEMO
from tests.test_store import GAS, SUGAR, commitment_doc, investment_doc

TODAY = "2026-12-05"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """The demo corpus ingested by ``aimaq run`` (default ./aimaq.db), plus constructed monitoring records."""
    root = tmp_path_factory.mktemp("cli")
    r = CliRunner().invoke(main, ["run", "--db", str(root / "aimaq.db"), "--today", TODAY])
    assert r.exit_code == 0, r.output
    with Store(root / "aimaq.db") as s:
        s.add(investment_doc("inv-a", "892,1 млрд теңге", 892.1e9, region="230000000"))
        s.add(investment_doc("inv-b", "890 млрд теңге", 890e9, region="230000000"))
        s.add(commitment_doc("sugar", *SUGAR, published="2025-12-07"))
        s.add(commitment_doc("gas", *GAS, published="2025-12-07"))
    return root / "aimaq.db"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_run_stores_five_documents_into_default_db(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = invoke("run", "--today", TODAY)
    assert r.exit_code == 0, r.output
    assert "stored: 5 documents" in r.output and "mentions by type" in r.output and "facts by type" in r.output
    assert (tmp_path / "aimaq.db").exists()
    again = invoke("run", "--today", TODAY)
    assert "0 new document(s), 5 already present" in again.output and "stored: 5 documents" in again.output
    js = json.loads(invoke("run", "--format", "json", "--today", TODAY).output)
    assert js["documents"] == 5 and {r["region"] for r in js["regions"]} >= {"150000000", "330000000"}


def test_run_lists_commitments_and_investment_per_region(demo_db):
    s = api.summary(demo_db, today=__import__("datetime").date(2026, 12, 5))
    by_region = {r["region"]: r for r in s["regions"]}
    zhetysu = by_region["330000000"]
    # the constructed reports may join commitments read from seed 004: look them up by document
    statuses = {doc: c["status"] for c in zhetysu["commitments"] for doc in c["documents"]}
    assert statuses["sugar"] == "due_this_year"
    assert statuses["gas"] == "overdue"
    (inv,) = [i for i in by_region["230000000"]["investment"] if "inv-a" in i["documents"]]
    assert inv["amount"] == 892.1e9 and inv["conflict"] and inv["values"] == [890e9, 892.1e9]
    from aimaq.cli import render_summary
    text = render_summary(s)
    assert "Жетісу облысы (330000000)" in text and "[overdue]" in text and "892.1 bn KZT" in text


def test_ingest_exit_codes(tmp_path):
    ok = invoke("ingest", DEMO, "--db", tmp_path / "a.db")
    assert ok.exit_code == 0 and "stored 5 new document(s)" in ok.output
    (tmp_path / "bad.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    bad = invoke("ingest", tmp_path / "bad.jsonl", DEMO, "--db", tmp_path / "a.db")
    assert bad.exit_code == 1 and "bad.jsonl:1" in bad.output and "5 already present" in bad.output
    missing = invoke("ingest", tmp_path / "nope.txt", "--db", tmp_path / "a.db")
    assert missing.exit_code == 1 and "nope.txt" in missing.output
    assert invoke("ingest", "--db", tmp_path / "a.db").exit_code == 2  # no PATH


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_facts_by_region_type_since(demo_db, fmt):
    r = invoke("facts", "--db", demo_db, "--region", "Атырау", "--type", "investment", "--since", "2025-01-01",
               "--format", fmt)
    assert r.exit_code == 0, r.output
    if fmt == "json":
        rows = json.loads(r.output)
        assert {x["document"] for x in rows} == {"inv-a", "inv-b"}
        assert all(x["fact"]["type"] == "investment" and x["conflict"] for x in rows)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.output)))
        assert [x["amount"] for x in rows] == ["892100000000", "890000000000"]
        assert {x["region_name"] for x in rows} == {"Атырау облысы"}
    else:
        assert "inv-a" in r.output and "Атырау облысы" in r.output
    assert api.facts(demo_db, "Атырау", "investment", "2025-01-01") != []  # parity
    assert api.facts(demo_db, "230000000", "investment", since="2026-01-01") == []


def test_facts_usage_errors(demo_db):
    assert invoke("facts", "--db", demo_db, "--region", "Атлантида").exit_code == 2
    assert invoke("facts", "--db", demo_db, "--since", "yesterday").exit_code == 2
    assert invoke("facts", "--db", demo_db, "--type", "gossip").exit_code == 2
    r = invoke("facts", "--db", demo_db.parent / "missing.db")
    assert r.exit_code == 2 and "missing.db" in r.output


def test_commitments_by_status(demo_db):
    r = invoke("commitments", "--db", demo_db, "--status", "overdue", "--today", TODAY, "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert any("gas" in {e["document"] for e in c["evidence"]} for c in rows)
    assert all(c["status"] == "overdue" and c["history"] for c in rows)
    upcoming = invoke("commitments", "--db", demo_db, "--today", "2025-12-10", "--region", "Жетісу")
    assert upcoming.exit_code == 0 and "sugar" in upcoming.output
    assert [c["status"] for c in api.commitments(demo_db, status="due_this_year", region="330000000",
                                                 today=__import__("datetime").date(2026, 12, 5))
            if "sugar" in {e["document"] for e in c["evidence"]}] == ["due_this_year"]


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_regions_table(demo_db, fmt):
    r = invoke("regions", "--db", demo_db, "--today", TODAY, "--format", fmt)
    assert r.exit_code == 0, r.output
    if fmt == "json":
        rows = {x["region"]: x for x in json.loads(r.output)}
        attracted = rows["230000000"]["investment_attracted_kzt"]
        assert 892.1e9 <= attracted < 892.1e9 + 890e9  # the conflicting reports are one item, counted once
        assert rows["330000000"]["commitments"].get("overdue", 0) >= 1
    elif fmt == "csv":
        rows = {x["region"]: x for x in csv.DictReader(io.StringIO(r.output))}
        assert rows["230000000"]["name"] == "Атырау облысы"
    else:
        assert "Жетісу облысы" in r.output and "892.1 bn KZT" in r.output


def test_items_and_conflicts(demo_db):
    r = invoke("items", "--db", demo_db, "--conflicts", "--format", "json")
    rows = json.loads(r.output)
    assert r.exit_code == 0 and len(rows) == 1 and rows[0]["values"] == [890e9, 892.1e9]
    assert len(rows[0]["evidence"]) == 2


def test_search(demo_db):
    r = invoke("search", "инвестиция", "--db", demo_db, "--format", "json")
    assert r.exit_code == 0
    ids = [x["id"] for x in json.loads(r.output)]
    assert "001_1778b573cca2054e" in ids and "inv-a" in ids
    assert invoke("search", '"broken', "--db", demo_db).exit_code == 2
    assert api.search("Тоқаев", demo_db)  # parity


def test_export_json_csv(demo_db, tmp_path):
    r = invoke("export", "--db", demo_db, "--format", "json")
    assert r.exit_code == 0
    records = json.loads(r.output)
    assert len(records) == 9 and all(rec["schema_version"] == "1" for rec in records)
    for rec in records:
        for m in rec["mentions"]:
            assert rec["text"][m["start"]:m["end"]] == m["text"]
    out = tmp_path / "facts.csv"
    r = invoke("export", "--db", demo_db, "--format", "csv", "-o", out)
    assert r.exit_code == 0 and "wrote" in r.output
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert len(rows) == api.export(demo_db, "csv", io.StringIO())
    for table in api.EXPORT_TABLES:
        assert invoke("export", "--db", demo_db, "--format", "csv", "--table", table).exit_code == 0


def test_export_parquet_without_pyarrow_says_so(demo_db, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    r = invoke("export", "--db", demo_db, "--format", "parquet", "-o", tmp_path / "f.parquet")
    assert r.exit_code == 1 and "pip install 'aimaq[parquet]'" in r.output
    assert not (tmp_path / "f.parquet").exists()


def test_export_parquet_with_pyarrow(demo_db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    r = invoke("export", "--db", demo_db, "--format", "parquet", "-o", tmp_path / "f.parquet")
    assert r.exit_code == 0
    assert pq.read_table(tmp_path / "f.parquet").num_rows == len(api.facts(demo_db))


def test_every_command_is_a_documented_api_function():
    for name in ("extract_paths", "ingest", "run", "summary", "facts", "items", "commitments", "regions",
                 "search", "export"):
        fn = getattr(api, name)
        assert callable(fn) and fn.__doc__ and len(fn.__doc__) > 30
    assert set(main.commands) == {"extract", "ingest", "run", "facts", "items", "commitments", "regions",
                                  "search", "export"}


def test_version_and_help():
    assert invoke("--version").output.startswith("aimaq, version")
    for cmd in main.commands:
        assert invoke(cmd, "--help").exit_code == 0
    assert invoke("nonsense").exit_code == 2


def test_progress_is_quiet_when_piped(tmp_path):
    p = subprocess.run([sys.executable, "-m", "aimaq.cli", "ingest", str(DEMO), "--db", str(tmp_path / "p.db")],
                       capture_output=True, text=True)
    assert p.returncode == 0
    assert p.stderr.strip().splitlines() == [f"aimaq: {tmp_path / 'p.db'}: stored 5 new document(s), 0 already present"]


def test_extract_stdin_jsonl_still_one_record_per_line():
    lines = "".join(json.dumps({"id": f"s{i}", "text": f"Өңірге {i} млрд теңге инвестиция тартылды."},
                               ensure_ascii=False) + "\n" for i in range(200))
    p = subprocess.run([sys.executable, "-m", "aimaq.cli", "extract", "--format", "jsonl", "-"],
                       input=lines.encode(), capture_output=True)
    assert p.returncode == 0
    out = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == [f"s{i}" for i in range(200)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pty test")
def test_progress_bar_on_a_terminal(tmp_path):
    import fcntl
    import os
    import pty
    import struct
    import termios

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Өңірге {i} млрд теңге бөлінді."},
                                       ensure_ascii=False) + "\n" for i in range(300)), encoding="utf-8")
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal 120 columns wide
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execv(sys.executable, [sys.executable, "-m", "aimaq.cli", "ingest", str(feed), "--db",
                                  str(tmp_path / "t.db")])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"ingest:" in out and b"doc" in out and b"stored 300 new document(s)" in out


def test_ingest_of_a_folder_holding_the_database_skips_the_database(tmp_path, monkeypatch):
    for p in DEMO.glob("*.txt"):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert invoke("ingest", ".").exit_code == 0
    again = invoke("ingest", ".")
    assert again.exit_code == 0 and "5 already present" in again.output
