"""Reading documents: files, directories, JSON Lines, HTML pages and standard input.

Every source yields :class:`RawDocument` records or, for what cannot be read,
:class:`ReadError` records naming the file and line, so that one bad input
never stops a batch. Encodings are detected: UTF-8 (with or without BOM),
UTF-16, and the Kazakh Windows code page KZ-1048 (with cp1251 as its Russian
sibling).
"""
from __future__ import annotations

import fnmatch
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator

MAX_BYTES = 50 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_CP1251_ODDITIES = set("ЂЃЉЊЋЏђѓљњћџЎўЈҐ")


@dataclass(slots=True)
class RawDocument:
    id: str
    text: str
    origin: str  # file path (and line) it came from, for messages
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None


@dataclass(slots=True)
class ReadError:
    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


class DecodeError(ValueError):
    pass


def decode(data: bytes) -> str:
    """Text of ``data`` in the encoding it was written in (see module docstring)."""
    if not data.strip():
        raise DecodeError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        # UTF-16 without a BOM: NULs on one side only (ASCII), and what decodes is text
        sample = data[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        for enc, ok in (("utf-16-le", odd and not even), ("utf-16-be", even and not odd)):
            if ok and len(data) % 2 == 0:
                try:
                    text = data.decode(enc)
                except UnicodeDecodeError:
                    break
                if _looks_like_text(text):
                    return text
        raise DecodeError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    # Mostly good UTF-8 Cyrillic with a few bad bytes is damaged UTF-8, not a code page.
    lenient = data.decode("utf-8", "replace")
    bad = lenient.count("\ufffd")
    if sum("\u0400" <= ch <= "\u04ff" for ch in lenient) >= 10 * bad:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise DecodeError(f"undecodable bytes at line {line} (invalid UTF-8: {data[utf8_error.start:utf8_error.start + 4]!r})")
    candidates = []
    for enc in ("kz1048", "cp1251"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = sum(ch in _KAZAKH_LETTERS for ch in text) - 3 * sum(ch in _CP1251_ODDITIES for ch in text)
        candidates.append((score, enc == "kz1048", text))
    controls = sum(b < 9 or 13 < b < 32 for b in data[:4096])
    if not candidates or controls > 8:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise DecodeError(f"undecodable bytes at line {line} (not UTF-8, UTF-16 or KZ-1048)")
    return max(candidates)[2]


def _looks_like_text(text: str) -> bool:
    """Whether a decoded sample is text: nearly all printable or whitespace."""
    sample = text[:2000]
    good = sum(ch.isprintable() or ch in "\n\r\t" for ch in sample)
    return bool(sample) and good >= 0.97 * len(sample)


def _is_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def html_document(html: str, doc_id: str, origin: str) -> RawDocument:
    """Main article text and metadata of an HTML page (trafilatura)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
    if doc is None:
        raise DecodeError("no article text found in the HTML page")
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = get("text") or ""
    if not text.strip():
        raise DecodeError("no article text found in the HTML page")
    published = get("date")
    return RawDocument(doc_id, text, origin, title=get("title"), published=published[:10] if published else None,
                       url=get("url"), source=get("sitename") or get("hostname"))


def read_jsonl(stream: Iterable[str], origin: str) -> Iterator[RawDocument | ReadError]:
    """Documents of a JSON Lines stream: ``{"id", "text", "title"?, "published"?, "url"?, "source"?}``."""
    for lineno, line in enumerate(stream, 1):
        if line.strip():
            yield _jsonl_line(line, lineno, origin)


def _jsonl_line(line: str, lineno: int, origin: str) -> RawDocument | ReadError:
    where = f"{origin}:{lineno}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return ReadError(where, f"not JSON ({err.msg})")
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return ReadError(where, 'no "text" string in this line')
    doc_id = str(obj.get("id") or f"{Path(origin).stem}-{lineno}")
    return RawDocument(doc_id, obj["text"], where, title=obj.get("title"), published=obj.get("published"),
                       url=obj.get("url"), source=obj.get("source"))


def read_jsonl_file(path: Path) -> Iterator[RawDocument | ReadError]:
    """Documents of a JSON Lines file, read line by line: a feed of any size is fine, the
    size limit holds for each line (one document), and a bad line is named, not fatal."""
    origin = str(path)
    try:
        fh = open(path, "rb")
    except OSError as err:
        yield ReadError(origin, err.strerror or str(err))
        return
    with fh:
        if b"\x00" in fh.read(4096):
            yield ReadError(origin, "binary file (NUL bytes), not JSON Lines (which must be UTF-8)")
            return
        fh.seek(0)
        seen = False
        for lineno, raw in enumerate(fh, 1):
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            seen = True
            if len(raw) > MAX_BYTES:
                yield ReadError(f"{origin}:{lineno}", f"line too large ({len(raw) / 2**20:.0f} MB; "
                                                       f"the limit is {MAX_BYTES // 2**20} MB)")
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield ReadError(f"{origin}:{lineno}", f"undecodable bytes (JSON Lines must be UTF-8: "
                                                       f"{raw[err.start:err.start + 4]!r})")
                continue
            yield _jsonl_line(line, lineno, origin)
        if not seen:
            yield ReadError(origin, "empty file")


def read_file(path: str | os.PathLike) -> Iterator[RawDocument | ReadError]:
    """Documents of one file: a text, an HTML page, or JSON Lines."""
    path = Path(path)
    origin = str(path)
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl_file(path)
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield ReadError(origin, f"file too large ({size / 2**20:.0f} MB; the limit is {MAX_BYTES // 2**20} MB)")
            return
        text = decode(path.read_bytes())
    except (OSError, DecodeError, UnicodeDecodeError) as err:
        yield ReadError(origin, str(err) if not isinstance(err, OSError) else err.strerror or str(err))
        return
    if _is_html(path, text):
        try:
            doc = html_document(text, path.stem, origin)
        except DecodeError as err:
            yield ReadError(origin, str(err))
        except ImportError as err:
            yield ReadError(origin, f"HTML pages need trafilatura and its dependencies ({err})")
        except Exception as err:  # a page the HTML library chokes on must not stop the batch
            yield ReadError(origin, f"HTML page could not be read ({type(err).__name__}: {err})")
        else:
            yield doc
    else:
        yield RawDocument(path.stem, text, origin)


def expand(paths: Iterable[str | os.PathLike], glob: str | None = None) -> Iterator[Path]:
    """Files named by ``paths``: directories are walked recursively in sorted order."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    if glob and not fnmatch.fnmatch(name, glob):
                        continue
                    yield Path(root) / name
        else:
            yield p


def read_stream(stream: IO[str], origin: str = "<stdin>") -> Iterator[RawDocument | ReadError]:
    """Documents of a text stream: JSON Lines when it starts with ``{``, else one plain text."""
    first = stream.readline()
    if first.lstrip().startswith("{"):
        yield from read_jsonl(_chain(first, stream), origin)
        return
    text = first + stream.read()
    if not text.strip():
        yield ReadError(origin, "empty input")
        return
    yield RawDocument("stdin", text, origin)


def _chain(first: str, stream: IO[str]) -> Iterator[str]:
    yield first
    yield from stream


def read(paths: Iterable[str | os.PathLike], glob: str | None = None) -> Iterator[RawDocument | ReadError]:
    """Every document behind ``paths`` (``-`` is standard input)."""
    for path in expand(paths, glob):
        if str(path) == "-":
            yield from read_stream(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig"))
        else:
            yield from read_file(path)
