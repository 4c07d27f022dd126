"""The ``aimaq`` command line. Each command calls one function of :mod:`aimaq.api`.

Exit codes: 0 everything done; 1 some inputs could not be read or processed
(the rest were); 2 usage error.
"""
from __future__ import annotations

import io
import json
import sys

import click

from aimaq import __version__, api
from aimaq.progress import progress
from aimaq.records import Document

EXIT_PARTIAL = 1


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aimaq")
def main() -> None:
    """Aimaq: figures, dates, places and facts of Kazakhstan's regional economy, read from Kazakh news."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="json", show_default=True)
@click.option("--glob", default=None, help="Only files whose name matches this pattern (in directories).")
def extract(paths: tuple[str, ...], fmt: str, glob: str | None) -> None:
    """Print document records of PATHS (files, directories, .jsonl, .html, or - for stdin)."""
    out = _stdout()
    errors: list = []

    def on_error(err):
        errors.append(err)
        click.echo(f"aimaq: {err}", err=True)

    docs = progress(api.iter_extract(paths, glob, on_error=on_error), desc="extract", unit="doc")
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
    if errors:
        sys.exit(EXIT_PARTIAL)


if __name__ == "__main__":
    main()
