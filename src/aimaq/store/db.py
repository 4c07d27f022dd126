"""The SQLite store: documents, mentions and facts, tracked items and commitments.

One database file in WAL mode. A document is identified by the sha256 of its
text: adding a document already present adds nothing. Each document is stored,
with its mentions, facts and their consolidation into tracked items, in one
transaction, so an interrupted run never leaves half a document behind.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

from aimaq import monitor
from aimaq.records import Document
from aimaq.store.schema import LATEST, MIGRATIONS

DEFAULT_DB = "aimaq.db"


class StoreError(RuntimeError):
    """The database cannot be used (newer schema, not a database, ...)."""


def content_hash(text: str) -> str:
    """The identity of a document: sha256 of its text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


class Store:
    """An open Aimaq database. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike = DEFAULT_DB, today: date | None = None):
        self.path = str(path)
        self.today = today or date.today()
        self._facts_cache: dict[int, dict[str, Any]] = {}
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: not a usable Aimaq database ({err})") from err

    # ------------------------------------------------------------ plumbing
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        c = self.conn
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST:
            raise StoreError(f"{self.path}: schema version {version} is newer than this aimaq ({LATEST})")
        c.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                  "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        done = {r[0] for r in c.execute("SELECT version FROM schema_migrations")}
        for number, name, sql in MIGRATIONS:
            if number in done:
                continue
            c.execute("BEGIN IMMEDIATE")
            try:
                if c.execute("SELECT 1 FROM schema_migrations WHERE version=?", (number,)).fetchone():
                    c.execute("ROLLBACK")  # another process applied it meanwhile
                    continue
                if callable(sql):
                    sql(c)
                else:
                    for statement in _statements(sql):
                        c.execute(statement)
                c.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (number, name, _now()))
                c.execute(f"PRAGMA user_version={number}")
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # ------------------------------------------------------------ writing
    def has(self, digest: str) -> bool:
        """Whether a document with this content hash is stored."""
        return self.conn.execute("SELECT 1 FROM documents WHERE hash=?", (digest,)).fetchone() is not None

    def add(self, doc: Document, origin: str | None = None, digest: str | None = None) -> bool:
        """Store ``doc`` (one transaction); False when its text was already stored."""
        digest = digest or content_hash(doc.text)
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            if c.execute("SELECT 1 FROM documents WHERE hash=?", (digest,)).fetchone():
                c.execute("ROLLBACK")
                return False
            pk = c.execute(
                "INSERT INTO documents (hash, id, title, published, language, script, source, url, regions,"
                " region, origin, text, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (digest, doc.id, doc.title, doc.published, doc.language, doc.script, doc.source, doc.url,
                 _dumps(list(doc.regions)), doc.regions[0] if doc.regions else None, origin, doc.text, _now()),
            ).lastrowid
            c.executemany(
                'INSERT INTO mentions (document, idx, type, start, "end", text, amount, unit, kato, value)'
                " VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(pk, i, m.type, m.start, m.end, m.text, _num(m.value.get("amount")),
                  m.value.get("currency") or m.value.get("unit"),
                  m.value.get("kato") or m.value.get("region"), _dumps(m.value))
                 for i, m in enumerate(doc.mentions)],
            )
            records = [f.to_dict() for f in doc.facts]
            for i, rec in enumerate(records):
                self._insert_fact(pk, i, rec)
            self._consolidate(pk, doc, records)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            self._facts_cache.clear()
            raise
        return True

    def _insert_fact(self, pk: int, idx: int, rec: dict[str, Any]) -> None:
        main = monitor.main_value(rec)
        period = rec.get("period") if isinstance(rec.get("period"), dict) else {}
        deadline = rec.get("deadline") if isinstance(rec.get("deadline"), dict) else {}
        ev = rec.get("evidence") or {}
        self.conn.execute(
            "INSERT INTO facts (document, idx, type, region, evidence_start, evidence_end, period_start, period_end,"
            " amount, unit, flow, status, projects, jobs, deadline_start, deadline_end, data)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (pk, idx, rec.get("type"), rec.get("region"), int(ev.get("start", 0)), int(ev.get("end", 0)),
             period.get("start"), period.get("end"), _num(main and main.get("amount")), monitor.unit_of(main),
             _str(rec.get("flow")), _str(rec.get("status")), _amount(rec.get("projects")), _amount(rec.get("jobs")),
             deadline.get("start"), deadline.get("end"), _dumps(rec)),
        )

    # ------------------------------------------------------------ consolidation
    def _consolidate(self, pk: int, doc: Document, records: list[dict[str, Any]]) -> None:
        """Attach each fact of a new document to the tracked item it reports, or start one."""
        c = self.conn
        texts = {float(m.value["amount"]): m.text for m in doc.mentions
                 if isinstance(m.value.get("amount"), (int, float))}
        for idx, rec in enumerate(records):
            typ = rec.get("type")
            key = monitor.item_key(rec)
            vals = monitor.values(rec, texts)
            when = monitor.span(rec)
            ev = rec.get("evidence") or {}
            subj = monitor.subject(rec, doc.text[ev.get("start", 0):ev.get("end", 0)])
            terms = monitor.subject_terms(typ, subj)
            chosen, conflict = None, False
            sql = ("SELECT id, period_start, period_end, values_json, subject FROM items"
                   " WHERE type=? AND region IS ? AND key=?")
            args: list[Any] = [typ, rec.get("region"), key]
            if terms:  # only items sharing a word of what this fact is about
                sql += f" AND id IN (SELECT item FROM item_terms WHERE term IN ({','.join('?' * len(terms))}))"
                args += terms
            subjects: dict[int, dict] = {}
            for row in c.execute(sql + " ORDER BY id", args).fetchall():
                subjects[row["id"]] = json.loads(row["subject"])
                same_time = monitor.overlap(when, (row["period_start"], row["period_end"]))
                alike = rec.get("region") is None and same_time is None
                if not monitor.same_subject(typ, subj, subjects[row["id"]], alike):
                    continue
                if same_time is False:
                    continue
                theirs = json.loads(row["values_json"])
                verdict = monitor.all_agree(vals, theirs)
                if verdict is True or (not vals and not theirs):
                    chosen, conflict = row["id"], False
                    break
                if (verdict is False and same_time and chosen is None
                        and (row["period_start"], row["period_end"]) == when
                        and not self._item_has_document(row["id"], pk)):
                    chosen, conflict = row["id"], True
            new_item, filled = chosen is None, {}
            if new_item:
                main = monitor.main_value(rec)
                deadline = rec.get("deadline") if isinstance(rec.get("deadline"), dict) else {}
                chosen = c.execute(
                    "INSERT INTO items (type, region, key, period_start, period_end, amount, unit, values_json,"
                    " commitment, deadline_start, deadline_end, published, first_document, data, subject)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (typ, rec.get("region"), key, when[0], when[1], _num(main and main.get("amount")),
                     monitor.unit_of(main), _dumps(vals), int(typ in monitor.COMMITMENT_TYPES),
                     deadline.get("start"), deadline.get("end"), doc.published, pk, _dumps(rec), _dumps(subj)),
                ).lastrowid
                c.executemany("INSERT OR IGNORE INTO item_terms VALUES (?, ?)", [(t, chosen) for t in terms])
            else:
                if conflict:
                    c.execute("UPDATE items SET conflict=1 WHERE id=?", (chosen,))
                known = subjects[chosen]
                if any(name not in known for name in subj):  # a later report names what the first did not
                    merged = {**subj, **known}
                    c.execute("UPDATE items SET subject=? WHERE id=?", (_dumps(merged), chosen))
                    c.executemany("INSERT OR IGNORE INTO item_terms VALUES (?, ?)",
                                  [(t, chosen) for t in monitor.subject_terms(typ, merged)])
                filled = self._fill_item(chosen, rec)
            c.execute("INSERT OR IGNORE INTO item_evidence VALUES (?,?,?,?,?)",
                      (chosen, pk, idx, int(not conflict), _dumps(vals)))
            c.execute("UPDATE facts SET item=? WHERE document=? AND idx=?", (chosen, pk, idx))
            if typ in monitor.COMMITMENT_TYPES:
                if new_item:
                    self._record_status(chosen, pk, idx, "first reported")
                elif filled:
                    self._record_status(chosen, pk, idx, "a later report gives its " + ", ".join(sorted(filled)))
                else:  # restating a commitment does not move it; only the calendar can have
                    self._record_status(chosen, None, None, f"status as of {self.today.isoformat()}")
            else:
                self._check_met(pk, doc, rec, idx)

    def _fill_item(self, item: int, rec: dict[str, Any]) -> dict[str, Any]:
        """Give an item the fields a later report names and the first did not (a deadline, a
        recipient, a period); what the first report said is never overwritten. The filled fields."""
        c = self.conn
        row = c.execute("SELECT data, period_start FROM items WHERE id=?", (item,)).fetchone()
        data = json.loads(row["data"])
        filled = {k: v for k, v in rec.items() if k not in ("type", "evidence", "mentions", "region")
                  and _empty(data.get(k)) and not _empty(v)}
        if not filled:
            return {}
        data.update(filled)
        sets, args = ["data=?"], [_dumps(data)]
        if isinstance(filled.get("deadline"), dict):
            sets += ["deadline_start=?", "deadline_end=?"]
            args += [filled["deadline"].get("start"), filled["deadline"].get("end")]
        when = monitor.span(data)
        if row["period_start"] is None and when[0] is not None:
            sets += ["period_start=?", "period_end=?"]
            args += list(when)
        c.execute(f"UPDATE items SET {', '.join(sets)} WHERE id=?", (*args, item))
        self._facts_cache[item] = data
        return filled

    def _item_has_document(self, item: int, pk: int) -> bool:
        return self.conn.execute("SELECT 1 FROM item_evidence WHERE item=? AND document=?",
                                 (item, pk)).fetchone() is not None

    def _check_met(self, pk: int, doc: Document, rec: dict[str, Any], idx: int) -> None:
        """Mark open commitments of the fact's region met when this later fact reports them done."""
        region = rec.get("region")
        if region is None:
            return
        ev = rec.get("evidence") or {}
        evidence_text = doc.text[ev.get("start", 0):ev.get("end", 0)]
        for row in self.conn.execute(
                "SELECT id, published, first_document FROM items i WHERE commitment=1 AND region=? AND NOT EXISTS"
                " (SELECT 1 FROM status_history h WHERE h.item=i.id AND h.status='reported_met')",
                (region,)).fetchall():
            if not _later(doc.published, pk, row["published"], row["first_document"]):
                continue
            if monitor.reports_met(self._commitment_fact(row["id"]), rec, evidence_text):
                self._append_status(row["id"], "reported_met", pk, idx, "a later document reports it done")

    def _commitment_fact(self, item: int) -> dict[str, Any]:
        """The first fact of a commitment item (cached: items never change what they are about)."""
        fact = self._facts_cache.get(item)
        if fact is None:
            fact = json.loads(self.conn.execute("SELECT data FROM items WHERE id=?", (item,)).fetchone()[0])
            self._facts_cache[item] = fact
        return fact

    def _current_status(self, item: int) -> str | None:
        row = self.conn.execute("SELECT status FROM status_history WHERE item=? ORDER BY seq DESC LIMIT 1",
                                (item,)).fetchone()
        return row[0] if row else None

    def _status_now(self, item: int) -> str:
        row = self.conn.execute("SELECT data, published FROM items WHERE id=?", (item,)).fetchone()
        met = self._current_status(item) == "reported_met"
        return monitor.commitment_status(json.loads(row["data"]).get("deadline"), self.today, row["published"], met)

    def _record_status(self, item: int, pk: int | None, idx: int | None, reason: str) -> None:
        status = self._status_now(item)
        if status != self._current_status(item):
            self._append_status(item, status, pk, idx, reason)

    def _append_status(self, item: int, status: str, pk: int | None, idx: int | None, reason: str) -> None:
        self.conn.execute(
            "INSERT INTO status_history (item, status, as_of, document, fact_idx, reason, recorded_at)"
            " VALUES (?,?,?,?,?,?,?)", (item, status, self.today.isoformat(), pk, idx, reason, _now()))

    def refresh(self) -> int:
        """Append a history entry for each commitment whose status moved with the calendar; how many."""
        c = self.conn
        moved = 0
        c.execute("BEGIN IMMEDIATE")
        try:
            for (item,) in c.execute("SELECT id FROM items WHERE commitment=1").fetchall():
                before = self._current_status(item)
                self._record_status(item, None, None, f"status as of {self.today.isoformat()}")
                moved += before != self._current_status(item)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return moved

    # ------------------------------------------------------------ reading
    def counts(self) -> dict[str, Any]:
        """How much is stored: documents, mentions and facts (also per type), items, conflicts."""
        c = self.conn
        one = lambda sql: c.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "mentions": one("SELECT count(*) FROM mentions"),
            "facts": one("SELECT count(*) FROM facts"),
            "items": one("SELECT count(*) FROM items"),
            "conflicts": one("SELECT count(*) FROM items WHERE conflict=1"),
            "mentions_by_type": dict(c.execute("SELECT type, count(*) FROM mentions GROUP BY type ORDER BY 2 DESC")),
            "facts_by_type": dict(c.execute("SELECT type, count(*) FROM facts GROUP BY type ORDER BY 2 DESC")),
        }

    def documents(self) -> list[dict[str, Any]]:
        """One row per document (without its text)."""
        return [dict(r) for r in self.conn.execute(
            "SELECT pk, id, hash, title, published, language, script, source, url, regions, region, origin,"
            " ingested_at, length(text) AS chars FROM documents ORDER BY pk")]

    def records(self) -> Iterator[dict[str, Any]]:
        """The stored documents as records of the output contract (with their text)."""
        c = self.conn
        for d in c.execute("SELECT * FROM documents ORDER BY pk").fetchall():
            mentions = [{"type": m["type"], "start": m["start"], "end": m["end"], "text": m["text"],
                         "value": json.loads(m["value"])}
                        for m in c.execute('SELECT * FROM mentions WHERE document=? ORDER BY idx', (d["pk"],))]
            facts = [json.loads(f["data"]) for f in
                     c.execute("SELECT data FROM facts WHERE document=? ORDER BY idx", (d["pk"],))]
            yield {"schema_version": "1", "id": d["id"], "title": d["title"], "published": d["published"],
                   "language": d["language"], "script": d["script"], "source": d["source"],
                   "regions": json.loads(d["regions"]), "mentions": mentions, "facts": facts,
                   "text": d["text"], "url": d["url"], "hash": d["hash"]}

    def facts(self, regions: Iterable[str] | None = None, type: str | None = None,
              since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
        """Facts, optionally of some regions, one type, and a time window.

        A fact is in the window when its period overlaps it or, without a
        period, when its document was published in it.
        """
        where, args = _type_region_filter("f.", regions, type)
        if since:
            where.append("coalesce(f.period_end, f.period_start, d.published) >= ?")
            args.append(since)
        if until:
            where.append("coalesce(f.period_start, f.period_end, d.published) <= ?")
            args.append(until)
        sql = ("SELECT d.id AS document, d.published, f.idx, f.type, f.region, f.period_start, f.period_end,"
               " f.amount, f.unit, f.item, i.conflict, substr(d.text, f.evidence_start + 1,"
               " f.evidence_end - f.evidence_start) AS evidence, f.data"
               " FROM facts f JOIN documents d ON d.pk = f.document LEFT JOIN items i ON i.id = f.item"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY d.pk, f.idx")
        out = []
        for r in self.conn.execute(sql, args):
            row = dict(r)
            row["fact"] = json.loads(row.pop("data"))
            row["conflict"] = bool(row["conflict"])
            out.append(row)
        return out

    def items(self, regions: Iterable[str] | None = None, type: str | None = None,
              conflicts_only: bool = False) -> list[dict[str, Any]]:
        """Tracked items with all their evidence (document, published, values, evidence text)."""
        where, args = _type_region_filter("", regions, type)
        if conflicts_only:
            where.append("conflict=1")
        rows = self.conn.execute("SELECT * FROM items" + (" WHERE " + " AND ".join(where) if where else "")
                                 + " ORDER BY id", args).fetchall()
        return [self._item(r) for r in rows]

    def _item(self, r: sqlite3.Row) -> dict[str, Any]:
        evidence = [
            {"document": e["id"], "published": e["published"], "fact": e["fact_idx"], "agrees": bool(e["agrees"]),
             "values": json.loads(e["values_json"]), "text": e["evidence"]}
            for e in self.conn.execute(
                "SELECT d.id, d.published, e.fact_idx, e.agrees, e.values_json,"
                " substr(d.text, f.evidence_start + 1, f.evidence_end - f.evidence_start) AS evidence"
                " FROM item_evidence e JOIN documents d ON d.pk = e.document"
                " JOIN facts f ON f.document = e.document AND f.idx = e.fact_idx"
                " WHERE e.item=? ORDER BY e.document, e.fact_idx", (r["id"],))]
        return {"item": r["id"], "type": r["type"], "region": r["region"], "key": r["key"],
                "period": {"start": r["period_start"], "end": r["period_end"]} if r["period_start"] else None,
                "amount": r["amount"], "unit": r["unit"], "conflict": bool(r["conflict"]),
                "published": r["published"],
                "values": sorted({v for v in (_main_amount(r["type"], e["values"]) for e in evidence)
                                  if v is not None}),
                "fact": json.loads(r["data"]), "evidence": evidence}

    def commitments(self, status: str | None = None, regions: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Targets and instructions with their status against ``self.today`` and their status history."""
        self.refresh()
        out = []
        for item in self.items(regions=regions):
            if item["type"] not in monitor.COMMITMENT_TYPES:
                continue
            history = [dict(h) for h in self.conn.execute(
                "SELECT h.seq, h.status, h.as_of, d.id AS document, h.fact_idx, h.reason FROM status_history h"
                " LEFT JOIN documents d ON d.pk = h.document WHERE h.item=? ORDER BY h.seq", (item["item"],))]
            item["status"] = history[-1]["status"] if history else "no_deadline"
            item["deadline"] = item["fact"].get("deadline")
            item["history"] = history
            if status is None or item["status"] == status:
                out.append(item)
        return out

    def region_codes(self) -> list[str]:
        """Regions that have documents or facts."""
        return [r[0] for r in self.conn.execute(
            "SELECT region FROM facts WHERE region IS NOT NULL UNION SELECT region FROM documents"
            " WHERE region IS NOT NULL ORDER BY 1")]

    def regions_summary(self) -> list[dict[str, Any]]:
        """Per region: documents, investment attracted (tracked items, KZT, each counted once),
        projects and jobs (the largest portfolio reported, or the named projects when they are
        more), commitments by status."""
        c = self.conn
        by_status: dict[str, dict[str, int]] = {}
        for item in self.commitments():
            by_status.setdefault(item["region"], {}).setdefault(item["status"], 0)
            by_status[item["region"]][item["status"]] += 1
        out = []
        for code in self.region_codes():
            docs = c.execute("SELECT count(*) FROM documents WHERE region=?", (code,)).fetchone()[0]
            inv = c.execute("SELECT count(*), sum(amount) FROM items WHERE region=? AND type='investment'"
                            " AND unit='KZT' AND key LIKE 'flow=attracted|%'", (code,)).fetchone()
            inv_all = c.execute("SELECT sum(amount) FROM items WHERE region=? AND type='investment'"
                                " AND unit='KZT'", (code,)).fetchone()[0]
            # portfolios overlap (a total and its breakdown, monitored and implementing): the largest
            # one reported stands for the region; distinct named projects add up.
            port = c.execute(
                "SELECT max(json_extract(values_json, '$.projects.amount')), max(json_extract(values_json,"
                " '$.jobs.amount')) FROM items WHERE region=? AND type='portfolio'", (code,)).fetchone()
            named = c.execute(
                "SELECT count(*), sum(json_extract(values_json, '$.jobs.amount')) FROM items"
                " WHERE region=? AND type='project'", (code,)).fetchone()
            projects = max(port[0] or 0, named[0] or 0)
            jobs = max(port[1] or 0, named[1] or 0)
            facts = c.execute("SELECT count(*) FROM facts WHERE region=?", (code,)).fetchone()[0]
            out.append({"region": code, "documents": docs, "facts": facts,
                        "investment_attracted_kzt": inv[1] or 0.0, "investment_all_kzt": inv_all or 0.0,
                        "projects": projects, "jobs": jobs,
                        "commitments": by_status.get(code, {})})
        return out

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Documents matching a full-text query (FTS5 syntax; plain words match as prefixes)."""
        q = _fts_query(query)
        try:
            rows = self.conn.execute(
                "SELECT d.id, d.title, d.published, d.region, bm25(documents_fts) AS rank,"
                " snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet"
                " FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid"
                " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (q, limit)).fetchall()
        except sqlite3.OperationalError as err:
            raise ValueError(f"bad search query {query!r}: {err}") from err
        return [dict(r) for r in rows]

    def check(self) -> list[str]:
        """Consistency problems (empty when the database is sound)."""
        c = self.conn
        problems = []
        if c.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append("integrity_check failed")
        for label, sql in (
            ("mentions without a document", "SELECT count(*) FROM mentions WHERE document NOT IN (SELECT pk FROM documents)"),
            ("facts without a document", "SELECT count(*) FROM facts WHERE document NOT IN (SELECT pk FROM documents)"),
            ("facts not tracked", "SELECT count(*) FROM facts WHERE item IS NULL"),
            ("duplicate documents", "SELECT count(*) - count(DISTINCT hash) FROM documents"),
        ):
            n = c.execute(sql).fetchone()[0]
            if n:
                problems.append(f"{n} {label}")
        n_fts = c.execute("SELECT count(*) FROM documents_fts").fetchone()[0]
        n_doc = c.execute("SELECT count(*) FROM documents").fetchone()[0]
        if n_fts != n_doc:
            problems.append(f"full-text index has {n_fts} rows for {n_doc} documents")
        return problems


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements (triggers keep their inner semicolons)."""
    out, buf = [], []
    for line in sql.splitlines():
        buf.append(line)
        stmt = "\n".join(buf).strip()
        if stmt.endswith(";") and sqlite3.complete_statement(stmt):
            out.append(stmt)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out


def _fts_query(query: str) -> str:
    """Plain words become prefix terms (Kazakh words carry endings); FTS syntax is left alone."""
    if any(ch in query for ch in '"*():') or any(op in query.split() for op in ("AND", "OR", "NOT", "NEAR")):
        return query
    import re

    terms = re.findall(r"\w+", query)
    return " ".join(f'"{t}"*' for t in terms) if terms else '""'


def _type_region_filter(table: str, regions: Iterable[str] | None, type: str | None) -> tuple[list[str], list]:
    """WHERE clauses and arguments selecting rows of ``table`` (a ``"f."``-style prefix) by region and type."""
    where: list[str] = []
    args: list = []
    if regions is not None:
        regions = list(regions)
        where.append(_region_filter(table + "region", regions))
        args += [_region_prefix(r) for r in regions]
    if type:
        where.append(table + "type=?")
        args.append(type)
    return where, args


def _region_prefix(code: str) -> str:
    """A region's code stripped of its trailing zeros, so that its districts and places match too."""
    return code[:max(2, len(code.rstrip("0")))]  # Abai is 100000000: "10", not "1"


def _region_filter(column: str, regions: list[str]) -> str:
    if not regions:
        return "0"
    return "(" + " OR ".join(f"{column} LIKE ? || '%'" for _ in regions) + ")"


def _later(pub: str | None, pk: int, first_pub: str | None, first_pk: int) -> bool:
    """Whether a document comes after another: by publication date when both are known, else by arrival."""
    if pub and first_pub:
        return pub > first_pub
    return pk > first_pk


def _main_amount(typ: str, vals: dict[str, Any]) -> float | None:
    for name in monitor.VALUE_FIELDS.get(typ, ()):
        if name in vals:
            return vals[name]["amount"]
    return None


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == [] or v == {}


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _amount(v: Any) -> float | None:
    return _num(v.get("amount")) if isinstance(v, dict) else _num(v)


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def open_store(path: str | os.PathLike = DEFAULT_DB, today: date | None = None) -> Store:
    """Open (creating or migrating) the database at ``path``."""
    Path(path).parent.mkdir(parents=True, exist_ok=True) if str(path) != ":memory:" else None
    return Store(path, today)
