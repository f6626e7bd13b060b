"""Loading articles from files: plain text, JSON Lines, and folders with a metadata table.

`load_paths` yields an `Article` for each article it can read and a `Skipped` record, with the
reason, for each it cannot. Nothing here raises on bad input.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .metadata import article_from_text
from .model import Article

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
METADATA_NAMES = ("metadata.tsv", "metadata.csv")
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class Skipped:
    """An input that was not indexed, and why."""

    path: str
    reason: str


def decode(data: bytes) -> str:
    """Decode article bytes: a byte order mark wins, then UTF-8, then Windows-1252.

    Raises ValueError for data that is not text.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding)
    if b"\0" in data[:8192]:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def normalize_text(text: str) -> str:
    """Line endings to \\n; control characters other than tab and newline removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or ch >= " " or ch == "\x7f")


def read_text_file(path: Path) -> str:
    size = path.stat().st_size
    if size == 0:
        raise ValueError("empty file")
    if size > MAX_FILE_BYTES:
        raise ValueError(f"file too large ({size // (1024 * 1024)} MB; the limit is "
                         f"{MAX_FILE_BYTES // (1024 * 1024)} MB)")
    text = normalize_text(decode(path.read_bytes()))
    if not text.strip():
        raise ValueError("no text")
    return text


def _metadata_rows(folder: Path) -> dict[str, dict[str, str]]:
    """Rows of a folder's metadata table, keyed by file name without its suffix."""
    for name in METADATA_NAMES:
        table = folder / name
        if table.is_file():
            delimiter = "\t" if table.suffix == ".tsv" else ","
            with table.open(encoding="utf-8", newline="") as handle:
                rows = csv.DictReader(handle, delimiter=delimiter)
                return {Path(row.get("filename") or row.get("file") or "").stem: row for row in rows}
    return {}


def _known_metadata(row: dict[str, str] | None) -> dict:
    if not row:
        return {}
    return {
        "title": row.get("title"),
        "outlet": row.get("outlet") or row.get("publisher"),
        "published": row.get("published") or row.get("publication_date") or row.get("date"),
        "url": row.get("url"),
    }


def load_text_file(path: Path, metadata: dict[str, str] | None = None) -> Article | Skipped:
    """One plain-text article; metadata from a table wins over what the text says."""
    try:
        text = read_text_file(path)
    except (OSError, ValueError) as error:
        return Skipped(str(path), str(error))
    return article_from_text(text, str(path), **_known_metadata(metadata))


def load_jsonl(path: Path) -> Iterator[Article | Skipped]:
    """One article per line: {"id", "title", "text", "outlet", "published", "url"}."""
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as error:
        yield Skipped(str(path), str(error))
        return
    with handle:
        for number, line in enumerate(handle, 1):
            where = f"{path}:{number}"
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield Skipped(where, f"invalid JSON: {error.msg}")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                yield Skipped(where, "no 'text' field")
                continue
            text = normalize_text(record["text"])
            if not text.strip():
                yield Skipped(where, "empty text")
                continue
            yield article_from_text(
                text, where, external_id=str(record["id"]) if record.get("id") is not None else None,
                title=record.get("title"), outlet=record.get("outlet"),
                published=record.get("published"), url=record.get("url"),
            )


def _files_under(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def load_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Article | Skipped]:
    """Every article under the given files and folders, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            tables: dict[Path, dict[str, dict[str, str]]] = {}
            for file in _files_under(path):
                if file.name in METADATA_NAMES:
                    continue
                yield from _load_file(file, tables)
        elif path.is_file():
            yield from _load_file(path, {})
        else:
            yield Skipped(str(path), "no such file or folder")


def _load_file(file: Path, tables: dict[Path, dict[str, dict[str, str]]]) -> Iterator[Article | Skipped]:
    suffix = file.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from load_jsonl(file)
        return
    if suffix not in TEXT_SUFFIXES:
        yield Skipped(str(file), f"unsupported file type '{suffix}'")
        return
    row = None
    # A metadata table in the file's folder or the folder above (polnear: split/text/ and metadata.tsv).
    for folder in (file.parent, file.parent.parent, file.parent.parent.parent):
        if folder not in tables:
            tables[folder] = _metadata_rows(folder)
        if row := tables[folder].get(file.stem):
            break
    yield load_text_file(file, row)
