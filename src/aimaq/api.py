"""The Python API: every CLI command is one of these functions.

=====================  ======================================================
``aimaq extract``      :func:`extract_paths` / :func:`iter_extract`
``aimaq ingest``       :func:`ingest`
``aimaq run``          :func:`run` (ingest the demo corpus, then :func:`summary`)
``aimaq facts``        :func:`facts`
``aimaq items``        :func:`items` (tracked items, conflicts)
``aimaq commitments``  :func:`commitments`
``aimaq regions``      :func:`regions`
``aimaq search``       :func:`search`
``aimaq export``       :func:`export`
=====================  ======================================================

Functions that read the database take ``db`` (a path, default ``./aimaq.db``);
those that judge commitments take ``today`` (default: the system date).
"""
from __future__ import annotations

import csv
import json
import os
import sys
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from importlib import resources as _res
from itertools import islice
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

from aimaq.ingest import RawDocument, ReadError, expand, read
from aimaq.pipeline import extract
from aimaq.progress import progress
from aimaq.records import Document
from aimaq.store import DEFAULT_DB, Store, content_hash, region_name, resolve_region

FACT_TYPES = ("investment", "portfolio", "project", "indicator", "target", "instruction")
EXPORT_TABLES = ("documents", "mentions", "facts", "items", "commitments")


@dataclass(slots=True)
class Outcome:
    """What a batch did: the documents it produced and the inputs it could not read."""

    documents: list[Document] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class IngestReport:
    """What :func:`ingest` did: new documents stored, documents already present, failures."""

    db: str
    stored: int = 0
    present: int = 0
    errors: list[ReadError] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def __str__(self) -> str:
        s = f"{self.db}: stored {self.stored} new document(s), {self.present} already present"
        return s + (f", {len(self.errors)} input(s) failed" if self.errors else "")


# ---------------------------------------------------------------- extract
def iter_extract(paths: Iterable[str | os.PathLike], glob: str | None = None,
                 on_error: Callable[[ReadError], None] | None = None, jobs: int = 1) -> Iterator[Document]:
    """Document records of everything behind ``paths``, one at a time, in input order.

    Unreadable inputs are passed to ``on_error`` (default: printed to stderr)
    and the batch goes on. ``jobs`` > 1 extracts in that many worker processes
    (``0``: one per core); reading and output stay in this process.
    """
    return extract_documents(read(paths, glob), on_error, jobs)


def extract_documents(items: Iterable[RawDocument | ReadError], on_error: Callable[[ReadError], None] | None = None,
                      jobs: int = 1) -> Iterator[Document]:
    """Document records of in-memory documents, one at a time, in input order.

    ``items`` may hold ``ReadError`` entries (as ``aimaq.ingest.read`` yields them): they and
    documents whose extraction fails go to ``on_error`` (default: printed to stderr). ``jobs`` > 1
    extracts in that many worker processes (``0``: one per core), fed ``CHUNK`` documents at a time (on
    11,172 KazNERD sentences with 2 workers: 1.48-1.52 s in chunks of 16, 1.24-1.32 s in chunks of 64).
    """
    report = on_error or _print_error
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1:
        results: Iterable[Document | ReadError] = map(_extract_or_error, items)
        yield from _report_errors(results, report)
        return
    with _pool(jobs) as pool:
        yield from _report_errors(pool.imap(_extract_or_error, items, chunksize=CHUNK), report)


CHUNK = 64  # documents sent to a worker process at a time
BATCH = 256  # documents ingest reads ahead while their records are extracted in workers


def _pool(jobs: int):
    """A pool of ``jobs`` worker processes (forked where the platform can: the loaded tables come along)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None).Pool(jobs)


def _extract_or_error(item: RawDocument | ReadError) -> Document | ReadError:
    if isinstance(item, ReadError):
        return item
    try:
        return extract(item)
    except Exception as err:  # one bad document must not stop a batch
        return ReadError(item.origin, f"extraction failed: {type(err).__name__}: {err}")


def _report_errors(results: Iterable[Document | ReadError], report: Callable[[ReadError], None]) -> Iterator[Document]:
    for result in results:
        if isinstance(result, ReadError):
            report(result)
        else:
            yield result


def extract_paths(paths: Iterable[str | os.PathLike], glob: str | None = None, jobs: int = 1) -> Outcome:
    """``aimaq extract``: document records of files, directories, JSONL or ``-`` (stdin)."""
    out = Outcome()
    out.documents = list(iter_extract(paths, glob, on_error=out.errors.append, jobs=jobs))
    return out


def extract_raw(raw: RawDocument) -> Document:
    """The record of one in-memory document."""
    return extract(raw)


# ---------------------------------------------------------------- store
def ingest(paths: Iterable[str | os.PathLike], db: str | os.PathLike = DEFAULT_DB, glob: str | None = None,
           on_error: Callable[[ReadError], None] | None = None, today: date | None = None,
           show_progress: bool = True, jobs: int = 1) -> IngestReport:
    """``aimaq ingest``: read, extract and store every document behind ``paths``.

    A document whose text is already stored is skipped before extraction; each
    new one is stored in its own transaction. Unreadable inputs go to
    ``on_error`` (default: printed to stderr) and the rest is processed.
    ``jobs`` > 1 extracts in that many worker processes (``0``: one per core)
    while this process stores (see :func:`_extracted`).
    """
    report = IngestReport(str(db))

    def fail(err: ReadError) -> None:
        report.errors.append(err)
        (on_error or _print_error)(err)

    own = {Path(f"{db}{suffix}").resolve() for suffix in ("", "-wal", "-shm", "-journal")}
    files = [p for p in expand(paths, glob) if str(p) == "-" or Path(p).resolve() not in own]
    jobs = jobs or os.cpu_count() or 1
    # the workers are forked before the database is opened: no child holds its connection
    with (_pool(jobs) if jobs > 1 else nullcontext()) as pool, Store(db, today) as store:
        items = read(files)

        def new_documents() -> Iterator[tuple[RawDocument, str]]:
            for item in (progress(items, desc="ingest", unit="doc") if show_progress else items):
                if isinstance(item, ReadError):
                    fail(item)
                    continue
                digest = content_hash(item.text)
                if store.has(digest):
                    report.present += 1
                    continue
                yield item, digest

        for (item, digest), doc in _extracted(new_documents(), pool):
            if isinstance(doc, ReadError):
                fail(doc)
                continue
            try:
                added = store.add(doc, origin=item.origin, digest=digest)
            except Exception as err:  # rolled back: nothing of this document is stored
                fail(ReadError(item.origin, f"could not be stored: {type(err).__name__}: {err}"))
                continue
            if added:
                report.stored += 1
                report.ids.append(doc.id)
            else:
                report.present += 1
    return report


def _extracted(pending: Iterator[tuple[RawDocument, str]], pool) -> Iterator[tuple[tuple[RawDocument, str],
                                                                                 Document | ReadError]]:
    """``(pending item, its record or ReadError)`` in input order. With a ``pool`` of worker processes,
    the next ``BATCH`` items are read and sent to the workers before this batch's records are handed
    out, so that the caller stores while the workers extract. ``pending`` is read in this thread only
    (its already-stored test reads the caller's database); a text repeated within the read-ahead is
    extracted twice, and the store turns the second away."""
    if pool is None:
        for item in pending:
            yield item, _extract_or_error(item[0])
        return

    def send(batch: list) -> Any:
        return pool.map_async(_extract_or_error, [raw for raw, _ in batch], chunksize=CHUNK)

    batch = list(islice(pending, BATCH))
    records = send(batch)
    while batch:
        following = list(islice(pending, BATCH))
        following_records = send(following) if following else None
        yield from zip(batch, records.get())
        batch, records = following, following_records


def demo_paths() -> list[Path]:
    """The bundled demo corpus (the five seed articles)."""
    root = _res.files("aimaq").joinpath("demo")
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".txt"))


def run(db: str | os.PathLike = DEFAULT_DB, today: date | None = None,
        on_error: Callable[[ReadError], None] | None = None) -> dict[str, Any]:
    """``aimaq run``: ingest the demo corpus into ``db`` and return :func:`summary` (with ``ingest``)."""
    report = ingest(demo_paths(), db, on_error=on_error, today=today)
    out = summary(db, today)
    out["ingest"] = {"stored": report.stored, "present": report.present,
                     "errors": [str(e) for e in report.errors]}
    return out


def summary(db: str | os.PathLike = DEFAULT_DB, today: date | None = None) -> dict[str, Any]:
    """What the database holds: counts (mentions and facts per type), and per region its
    documents, facts per type, investment figures and commitments with their status."""
    with Store(db, today) as store:
        counts = store.counts()
        commitments_by_region: dict[str | None, list] = {}
        for c in store.commitments():
            commitments_by_region.setdefault(c["region"], []).append(commitment_row(c))
        regions_out = []
        codes = store.region_codes()
        if None in commitments_by_region or store.conn.execute(
                "SELECT 1 FROM facts WHERE region IS NULL LIMIT 1").fetchone():
            codes = codes + [None]
        for code in codes:
            facts_by_type = dict(store.conn.execute(
                "SELECT type, count(*) FROM facts WHERE region IS ? GROUP BY type ORDER BY 2 DESC", (code,)))
            docs = store.conn.execute("SELECT count(*) FROM documents WHERE region IS ?", (code,)).fetchone()[0]
            mentions_by_type = dict(store.conn.execute(
                "SELECT m.type, count(*) FROM mentions m JOIN documents d ON d.pk = m.document"
                " WHERE d.region IS ? GROUP BY m.type ORDER BY 2 DESC", (code,)))
            investment = [item_row(i) for i in store.items(regions=None if code is None else [code],
                                                               type="investment")
                          if i["region"] == code]
            regions_out.append({"region": code, "name": region_name(code) if code else "(no region)",
                                "documents": docs, "mentions": mentions_by_type, "facts": facts_by_type, "investment": investment,
                                "commitments": commitments_by_region.get(code, [])})
        return {"db": str(db), "schema_version": store.schema_version, "today": store.today.isoformat(),
                **counts, "regions": regions_out}


def facts(db: str | os.PathLike = DEFAULT_DB, region: str | None = None, type: str | None = None,
          since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """``aimaq facts``: stored facts, filtered by region (name or KATO code), type and time
    window (``since``/``until`` as YYYY-MM-DD; a fact counts by its period, else its
    document's publication date). Each row: document, type, region, period, main figure,
    tracked item and whether it is in conflict, the evidence text, and the whole fact."""
    if type and type not in FACT_TYPES:
        raise ValueError(f"unknown fact type {type!r} (one of {', '.join(FACT_TYPES)})")
    _check_date(since, "since")
    _check_date(until, "until")
    with Store(db) as store:
        return store.facts(_regions(region), type, since, until)


def items(db: str | os.PathLike = DEFAULT_DB, region: str | None = None, type: str | None = None,
          conflicts: bool = False) -> list[dict[str, Any]]:
    """``aimaq items``: tracked items (the same fact across documents) with all their evidence;
    ``conflicts=True`` keeps those whose reports disagree."""
    with Store(db) as store:
        return store.items(_regions(region), type, conflicts_only=conflicts)


def commitments(db: str | os.PathLike = DEFAULT_DB, status: str | None = None, region: str | None = None,
                today: date | None = None) -> list[dict[str, Any]]:
    """``aimaq commitments``: targets and instructions with their status against ``today``
    (``no_deadline``, ``upcoming``, ``due_this_year``, ``overdue``, ``reported_met``) and
    their append-only status history."""
    from aimaq.monitor import STATUSES

    if status and status not in STATUSES:
        raise ValueError(f"unknown status {status!r} (one of {', '.join(STATUSES)})")
    with Store(db, today) as store:
        return store.commitments(status, _regions(region))


def regions(db: str | os.PathLike = DEFAULT_DB, today: date | None = None) -> list[dict[str, Any]]:
    """``aimaq regions``: per region, documents, facts, investment attracted (KZT, tracked items
    so that a figure reported twice counts once), projects, jobs and commitments by status."""
    with Store(db, today) as store:
        rows = store.regions_summary()
    for r in rows:
        r["name"] = region_name(r["region"])
    return rows


def search(query: str, db: str | os.PathLike = DEFAULT_DB, limit: int = 20) -> list[dict[str, Any]]:
    """``aimaq search``: documents matching a full-text query, best first, with a snippet.
    Plain words match any ending (``инвестиция`` finds ``инвестициялық``); FTS5 syntax
    (quotes, AND/OR/NOT, ``*``) is passed through."""
    with Store(db) as store:
        return store.search(query, limit)


def export(db: str | os.PathLike = DEFAULT_DB, format: str = "json", output: str | os.PathLike | IO[str] | None = None,
           table: str | None = None, today: date | None = None) -> int:
    """``aimaq export``: write a table of the database as ``json``, ``csv`` or ``parquet``.

    ``table`` is one of documents, mentions, facts, items, commitments (default:
    documents — the full records of the output contract — for JSON, facts
    otherwise). ``output`` is a path or a text stream (default stdout; parquet
    needs a path and the optional ``pyarrow``). Returns the number of rows.
    """
    table = table or ("documents" if format == "json" else "facts")
    if table not in EXPORT_TABLES:
        raise ValueError(f"unknown table {table!r} (one of {', '.join(EXPORT_TABLES)})")
    if format not in ("json", "csv", "parquet"):
        raise ValueError(f"unknown export format {format!r} (json, csv or parquet)")
    if format == "parquet":
        try:
            import pyarrow
            import pyarrow.parquet as pq
        except ImportError:
            raise MissingExtra("parquet export needs pyarrow: pip install 'aimaq[parquet]' (or pip install pyarrow)")
        if output is None or hasattr(output, "write"):
            output = f"aimaq-{table}.parquet"
    with Store(db, today) as store:
        rows = _export_rows(store, table, flat=format != "json")
    if format == "parquet":
        pq.write_table(pyarrow.Table.from_pylist(rows), str(output))
        return len(rows)
    stream, close = _open_out(output)
    try:
        if format == "json":
            json.dump(rows, stream, ensure_ascii=False, indent=1)
            stream.write("\n")
        else:
            write_csv(rows, stream)
    finally:
        if close:
            stream.close()
        else:
            stream.flush()
    return len(rows)


class MissingExtra(RuntimeError):
    """An optional dependency is needed for this (e.g. pyarrow for parquet)."""


# ---------------------------------------------------------------- rows and formats
def fact_row(row: dict[str, Any]) -> dict[str, Any]:
    """A stored fact (from :func:`facts`) as flat columns for tables and CSV."""
    f = row["fact"]
    rest = {k: v for k, v in f.items() if k not in ("type", "evidence", "region", "period", "mentions")}
    return {"document": row["document"], "published": row["published"], "type": row["type"],
            "region": row["region"], "region_name": region_name(row["region"]) if row["region"] else None,
            "period_start": row["period_start"], "period_end": row["period_end"],
            "amount": row["amount"], "unit": row["unit"], "item": row["item"], "conflict": row["conflict"],
            "fields": json.dumps(rest, ensure_ascii=False), "evidence": row["evidence"]}


def item_row(item: dict[str, Any]) -> dict[str, Any]:
    """A tracked item (from :func:`items`) as flat columns: figure, all reported values, documents."""
    f = item["fact"]
    return {"item": item["item"], "type": item["type"], "region": item["region"],
            "period_start": (item["period"] or {}).get("start"), "period_end": (item["period"] or {}).get("end"),
            "amount": item["amount"], "unit": item["unit"], "flow": f.get("flow"),
            "values": item["values"], "conflict": item["conflict"],
            "documents": sorted({e["document"] for e in item["evidence"]}),
            "evidence": len(item["evidence"]), "text": item["evidence"][0]["text"] if item["evidence"] else None}


def commitment_row(c: dict[str, Any]) -> dict[str, Any]:
    """A commitment (from :func:`commitments`) as flat columns: status, deadline, what, history."""
    from aimaq.monitor import deadline_end

    f = c["fact"]
    dl = c.get("deadline") if isinstance(c.get("deadline"), dict) else {}
    end = deadline_end(dl, c.get("published"))
    what = f.get("measure") or f.get("action")
    return {"item": c["item"], "status": c["status"], "type": c["type"], "region": c["region"],
            "region_name": region_name(c["region"]) if c["region"] else None,
            "deadline": end.isoformat() if end else (f"{dl['relative']} (publication date unknown)"
                                                     if dl.get("relative") else None),
            "what": what if isinstance(what, str) else json.dumps(what, ensure_ascii=False),
            "value": _fmt_value(f.get("value")), "issuer": _text(f.get("issuer")),
            "documents": sorted({e["document"] for e in c["evidence"]}),
            "text": c["evidence"][0]["text"] if c["evidence"] else None,
            "history": " → ".join(f"{h['status']}@{h['as_of']}" + (f"[{h['document']}]" if h["document"] else "")
                                  for h in c["history"])}


def _export_rows(store: Store, table: str, flat: bool) -> list[dict[str, Any]]:
    if table == "documents":
        rows = list(store.records())
        if flat:
            rows = [{"id": r["id"], "hash": r["hash"], "title": r["title"], "published": r["published"],
                     "language": r["language"], "script": r["script"], "source": r["source"], "url": r["url"],
                     "regions": ",".join(r["regions"]), "mentions": len(r["mentions"]), "facts": len(r["facts"]),
                     "text": r["text"]} for r in rows]
        return rows
    if table == "mentions":
        rows = [dict(r) for r in store.conn.execute(
            'SELECT d.id AS document, m.idx, m.type, m.start, m."end", m.text, m.amount, m.unit, m.kato, m.value'
            " FROM mentions m JOIN documents d ON d.pk = m.document ORDER BY m.document, m.idx")]
        if not flat:
            for r in rows:
                r["value"] = json.loads(r["value"])
        return rows
    if table == "facts":
        got = store.facts()
        return [fact_row(r) for r in got] if flat else got
    if table == "items":
        got = store.items()
        return [item_row(i) for i in got] if flat else got
    got = store.commitments()
    return [commitment_row(c) for c in got] if flat else got


def write_csv(rows: list[dict[str, Any]], stream: IO[str]) -> None:
    """Rows as CSV (header from the first row; nested values as JSON)."""
    if not rows:
        return
    cols = list(rows[0])
    w = csv.writer(stream)
    w.writerow(cols)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in cols])


def format_table(rows: list[dict[str, Any]], columns: list[str] | None = None, width: int = 60) -> str:
    """Rows as an aligned text table (cells cut to ``width``)."""
    if not rows:
        return "(nothing)"
    cols = columns or list(rows[0])
    cells = [[_short(_cell(r.get(c)), width) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    return "\n".join([line(cols), line(["-" * w for w in widths])] + [line(r) for r in cells])


def fmt_amount(amount: float | None, unit: str | None = None) -> str:
    """``892100000000, KZT`` → ``892.1 bn KZT``."""
    if amount is None:
        return ""
    for scale, word in ((1e12, "trn"), (1e9, "bn"), (1e6, "mn")):
        if abs(amount) >= scale:
            return f"{amount / scale:,.4g} {word} {unit or ''}".rstrip()
    return f"{amount:,.10g} {unit or ''}".rstrip()


def _fmt_value(v: Any) -> str:
    if isinstance(v, dict) and isinstance(v.get("amount"), (int, float)):
        return fmt_amount(v["amount"], v.get("currency") or v.get("unit"))
    return ""


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, dict):
        return v.get("name") or v.get("role") or json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return ", ".join(filter(None, (_text(x) for x in v)))
    return str(v)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e18 else repr(v)
    if isinstance(v, list) and all(isinstance(x, (str, int, float)) for x in v):
        return ", ".join(_cell(x) for x in v)
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _short(s: str, width: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def _regions(region: str | None) -> list[str] | None:
    return resolve_region(region) if region else None


def _check_date(value: str | None, name: str) -> None:
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"--{name} must be a date YYYY-MM-DD, not {value!r}") from None


def _open_out(output: str | os.PathLike | IO[str] | None) -> tuple[IO[str], bool]:
    if output is None or str(output) == "-":
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(encoding="utf-8")
        return sys.stdout, False
    if hasattr(output, "write"):
        return output, False  # type: ignore[return-value]
    return open(output, "w", encoding="utf-8", newline=""), True


def _print_error(err: ReadError) -> None:
    print(f"aimaq: {err}", file=sys.stderr)
