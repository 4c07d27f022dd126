"""The Python API: every CLI command is one of these functions."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from aimaq.ingest import RawDocument, ReadError, read
from aimaq.pipeline import extract
from aimaq.records import Document


@dataclass(slots=True)
class Outcome:
    """What a batch did: the documents it produced and the inputs it could not read."""

    documents: list[Document] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def iter_extract(paths: Iterable[str | os.PathLike], glob: str | None = None,
                 on_error: Callable[[ReadError], None] | None = None) -> Iterator[Document]:
    """Document records of everything behind ``paths``, one at a time.

    Unreadable inputs are passed to ``on_error`` (default: printed to stderr)
    and the batch goes on.
    """
    for item in read(paths, glob):
        if isinstance(item, ReadError):
            (on_error or _print_error)(item)
            continue
        try:
            yield extract(item)
        except Exception as err:  # one bad document must not stop a batch
            (on_error or _print_error)(ReadError(item.origin, f"extraction failed: {type(err).__name__}: {err}"))


def extract_paths(paths: Iterable[str | os.PathLike], glob: str | None = None) -> Outcome:
    """``aimaq extract``: document records of files, directories, JSONL or ``-`` (stdin)."""
    out = Outcome()
    out.documents = list(iter_extract(paths, glob, on_error=out.errors.append))
    return out


def extract_raw(raw: RawDocument) -> Document:
    """The record of one in-memory document."""
    return extract(raw)


def _print_error(err: ReadError) -> None:
    print(f"aimaq: {err}", file=sys.stderr)
