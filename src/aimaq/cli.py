"""The ``aimaq`` command line. Each command calls one function of :mod:`aimaq.api`.

Exit codes: 0 everything done; 1 some inputs could not be read or processed
(the rest were); 2 usage error (bad option, unknown region, missing database).
"""
from __future__ import annotations

import io
import json
import sys
from datetime import date

import click

from aimaq import __version__, api
from aimaq.progress import progress
from aimaq.records import Document
from aimaq.store import DEFAULT_DB, StoreError

EXIT_PARTIAL = 1
SUMMARY_ROWS = 25  # per region and kind in the text of `aimaq run`; --format json has everything
FORMATS = click.Choice(["table", "json", "csv"])


def _stdout() -> io.TextIOWrapper:
    return io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", line_buffering=False, write_through=False)


def _table(doc: Document) -> str:
    rows = [f"# {doc.id}  published={doc.published}  source={doc.source}  regions={','.join(doc.regions)}"]
    for m in doc.mentions:
        val = ", ".join(f"{k}={v}" for k, v in m.value.items())
        rows.append(f"  {m.start:>6}-{m.end:<6} {m.type:<12} {m.text:<40} {val}")
    for f in doc.facts:
        d = f.to_dict()
        keys = {k: v for k, v in d.items() if k not in ("type", "evidence", "mentions")}
        rows.append(f"  fact {f.type:<11} {json.dumps(keys, ensure_ascii=False)}")
    return "\n".join(rows)


def _db_option(must_exist: bool):
    return click.option("--db", default=DEFAULT_DB, show_default=True, envvar="AIMAQ_DB",
                        type=click.Path(dir_okay=False, exists=must_exist),
                        help="The database file (env AIMAQ_DB).")


_today_option = click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                             help="Judge commitments against this date instead of the system date.")
_format_option = click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)


def _day(value) -> date | None:
    return value.date() if value is not None else None


def _emit(rows: list[dict], fmt: str, flat=None, columns: list[str] | None = None) -> None:
    """Print query results as an aligned table, JSON (the full rows) or CSV (flat columns)."""
    out = _stdout()
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        flat_rows = [flat(r) for r in rows] if flat else rows
        if fmt == "csv":
            api.write_csv(flat_rows, out)
        else:
            out.write(api.format_table(flat_rows, columns) + "\n")
    out.flush()
    out.detach()  # leave sys.stdout open for whoever comes next


def _call(fn, *args, **kwargs):
    """Run an API function, turning bad arguments into usage errors (exit 2)."""
    try:
        return fn(*args, **kwargs)
    except (ValueError, StoreError) as err:
        raise click.UsageError(str(err)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aimaq")
def main() -> None:
    """Aimaq: figures, dates, places and facts of Kazakhstan's regional economy, read from Kazakh news."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="json", show_default=True)
@click.option("--glob", default=None, help="Only files whose name matches this pattern (in directories).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes for extraction (0: one per core).")
def extract(paths: tuple[str, ...], fmt: str, glob: str | None, jobs: int) -> None:
    """Print document records of PATHS (files, directories, .jsonl, .html, or - for stdin)."""
    out = _stdout()
    errors: list = []

    def on_error(err):
        errors.append(err)
        click.echo(f"aimaq: {err}", err=True)

    docs = progress(api.iter_extract(paths, glob, on_error=on_error, jobs=jobs), desc="extract", unit="doc")
    if fmt == "json":
        out.write("[")
        for k, doc in enumerate(docs):
            out.write(("," if k else "") + "\n" + json.dumps(doc.to_dict(), ensure_ascii=False))
        out.write("\n]\n")
    elif fmt == "jsonl":
        for doc in docs:
            out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
    else:
        for doc in docs:
            out.write(_table(doc) + "\n")
    out.flush()
    out.detach()
    if errors:
        sys.exit(EXIT_PARTIAL)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_db_option(must_exist=False)
@click.option("--glob", default=None, help="Only files whose name matches this pattern (in directories).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Extract in this many worker processes (0: one per core) while this one stores.")
def ingest(paths: tuple[str, ...], db: str, glob: str | None, jobs: int) -> None:
    """Read, extract and store PATHS (files, directories, .jsonl, .html, or -) in the database.

    Documents already stored (same text) are skipped; each new one is stored in
    one transaction, so an interrupted run can simply be run again.
    """
    report = _call(api.ingest, paths, db, glob, jobs=jobs)
    click.echo(f"aimaq: {report}", err=True)
    if report.errors:
        sys.exit(EXIT_PARTIAL)


@main.command()
@_db_option(must_exist=False)
@_today_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def run(db: str, today, fmt: str) -> None:
    """Ingest the bundled demo corpus (five articles) into the database and print what it holds."""
    result = _call(api.run, db, _day(today))
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo(render_summary(result))
    if result["ingest"]["errors"]:
        sys.exit(EXIT_PARTIAL)


def render_summary(s: dict) -> str:
    """The text of ``aimaq run``: counts, then per region its facts, investment and commitments."""
    ing = s.get("ingest")
    lines = [f"Aimaq database {s['db']} (schema {s['schema_version']}), as of {s['today']}"]
    if ing:
        lines.append(f"ingested: {ing['stored']} new document(s), {ing['present']} already present"
                     + (f", {len(ing['errors'])} failed" if ing["errors"] else ""))
    lines.append(f"stored: {s['documents']} documents, {s['mentions']} mentions, {s['facts']} facts, "
                 f"{s['items']} tracked items, {s['conflicts']} conflicts")
    lines.append("mentions by type: " + (", ".join(f"{k} {v}" for k, v in s["mentions_by_type"].items()) or "none"))
    lines.append("facts by type: " + (", ".join(f"{k} {v}" for k, v in s["facts_by_type"].items()) or "none"))
    for r in s["regions"]:
        lines.append("")
        head = f"{r['name']}" + (f" ({r['region']})" if r["region"] else "")
        lines.append(f"== {head}: {r['documents']} document(s) mainly about it")
        if r["mentions"]:
            lines.append("  mentions (in those documents): " + ", ".join(f"{k} {v}" for k, v in r["mentions"].items()))
        lines.append("  facts (about the region): " + (", ".join(f"{k} {v}" for k, v in r["facts"].items()) or "none"))
        for inv in r["investment"][:SUMMARY_ROWS]:
            period = f"{inv['period_start']}..{inv['period_end']}" if inv["period_start"] else "period unknown"
            extra = " CONFLICT: " + " vs ".join(api.fmt_amount(v, inv["unit"]) for v in inv["values"]) \
                if inv["conflict"] else ""
            lines.append(f"  investment {inv['flow'] or '?'}: {api.fmt_amount(inv['amount'], inv['unit'])}, {period}"
                         f" [{', '.join(inv['documents'])}; {inv['evidence']} evidence]{extra}")
        if len(r["investment"]) > SUMMARY_ROWS:
            lines.append(f"  … {len(r['investment']) - SUMMARY_ROWS} more investment items: "
                         "aimaq items --type investment" + (f" --region {r['region']}" if r["region"] else ""))
        for c in r["commitments"][:SUMMARY_ROWS]:
            what = " ".join((c["what"] or c["text"] or "").split())
            what = what if len(what) <= 90 else what[:89] + "…"
            lines.append(f"  {c['type']} [{c['status']}] deadline {c['deadline'] or '—'}"
                         + (f", {c['value']}" if c["value"] else "") + f": {what} [{', '.join(c['documents'])}]")
        if len(r["commitments"]) > SUMMARY_ROWS:
            lines.append(f"  … {len(r['commitments']) - SUMMARY_ROWS} more commitments: "
                         "aimaq commitments" + (f" --region {r['region']}" if r["region"] else ""))
    return "\n".join(lines)


@main.command()
@_db_option(must_exist=True)
@click.option("--region", default=None, help="Region name (Kazakh, Russian) or KATO code.")
@click.option("--type", "type_", type=click.Choice(api.FACT_TYPES), default=None)
@click.option("--since", default=None, help="YYYY-MM-DD: facts whose period (or publication) ends on or after.")
@click.option("--until", default=None, help="YYYY-MM-DD: facts whose period (or publication) starts on or before.")
@_format_option
def facts(db: str, region, type_, since, until, fmt: str) -> None:
    """List stored facts, e.g. ``aimaq facts --region Атырау --type investment --since 2025-01-01``."""
    rows = _call(api.facts, db, region, type_, since, until)
    _emit(rows, fmt, api.fact_row, ["document", "published", "type", "region_name", "period_start", "period_end",
                                    "amount", "unit", "item", "conflict", "evidence"] if fmt == "table" else None)


@main.command()
@_db_option(must_exist=True)
@click.option("--region", default=None, help="Region name (Kazakh, Russian) or KATO code.")
@click.option("--type", "type_", type=click.Choice(api.FACT_TYPES), default=None)
@click.option("--conflicts", is_flag=True, help="Only items whose reports give different values.")
@_format_option
def items(db: str, region, type_, conflicts: bool, fmt: str) -> None:
    """List tracked items: one fact reported in one or more documents, with all its evidence."""
    rows = _call(api.items, db, region, type_, conflicts)
    _emit(rows, fmt, api.item_row)


@main.command()
@_db_option(must_exist=True)
@click.option("--status", type=click.Choice(["no_deadline", "upcoming", "due_this_year", "overdue", "reported_met"]),
              default=None)
@click.option("--region", default=None, help="Region name (Kazakh, Russian) or KATO code.")
@_today_option
@_format_option
def commitments(db: str, status, region, today, fmt: str) -> None:
    """List targets and instructions with their status against today (and its history)."""
    rows = _call(api.commitments, db, status, region, _day(today))
    _emit(rows, fmt, api.commitment_row,
          ["item", "status", "type", "region_name", "deadline", "value", "what", "documents"] if fmt == "table" else None)


@main.command()
@_db_option(must_exist=True)
@_today_option
@_format_option
def regions(db: str, today, fmt: str) -> None:
    """Per region: documents, investment attracted, projects, jobs, commitments by status."""
    rows = _call(api.regions, db, _day(today))

    def flat(r):
        return {"region": r["region"], "name": r["name"], "documents": r["documents"], "facts": r["facts"],
                "investment_attracted": api.fmt_amount(r["investment_attracted_kzt"], "KZT") if fmt == "table"
                else r["investment_attracted_kzt"],
                "projects": r["projects"], "jobs": r["jobs"],
                **{s: r["commitments"].get(s, 0) for s in ("overdue", "due_this_year", "upcoming", "no_deadline",
                                                           "reported_met")}}
    _emit(rows, fmt, flat)


@main.command()
@click.argument("query")
@_db_option(must_exist=True)
@click.option("--limit", default=20, show_default=True)
@_format_option
def search(query: str, db: str, limit: int, fmt: str) -> None:
    """Full-text search of the stored documents (plain words match any ending)."""
    rows = _call(api.search, query, db, limit)
    _emit(rows, fmt, columns=["id", "published", "region", "title", "snippet"] if fmt == "table" else None)


@main.command()
@_db_option(must_exist=True)
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "parquet"]), default="json", show_default=True)
@click.option("--table", type=click.Choice(api.EXPORT_TABLES), default=None,
              help="What to export (default: documents for json, facts for csv/parquet).")
@click.option("--output", "-o", default=None, help="Output file (default stdout; parquet: aimaq-TABLE.parquet).")
@_today_option
def export(db: str, fmt: str, table, output, today) -> None:
    """Export the database as JSON (records of the output contract), CSV or Parquet."""
    if fmt == "parquet" and not output:
        output = f"aimaq-{table or 'facts'}.parquet"
    try:
        n = _call(api.export, db, fmt, output, table, _day(today))
    except api.MissingExtra as err:
        click.echo(f"aimaq: {err}", err=True)
        sys.exit(EXIT_PARTIAL)
    if output:
        click.echo(f"aimaq: wrote {n} row(s) to {output}", err=True)


if __name__ == "__main__":
    main()
