"""Loading articles from files: plain text, HTML, JSON Lines, and folders with a metadata table.

`load_paths` yields an `Article` for each article it can read and a `Skipped` record, with the
reason, for each it cannot. Nothing here raises on bad input: whatever goes wrong with one file
(or one JSON line) becomes a `Skipped` for it, and loading goes on with the next.

Reasons read `<what> (<detail>)` or `<what>: <detail>`, so that a summary can group them by `<what>`
(see `Skipped.group`).
"""

from __future__ import annotations

import csv
import json
import logging
import math
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import charset_normalizer

from .languages import foreign_language
from .metadata import article_from_text, parse_date
from .model import Article, is_address
from .pages import MIN_ARTICLE_WORDS, read_page

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = (".warc", ".warc.gz")
METADATA_NAMES = ("metadata.tsv", "metadata.csv")
MAX_FILE_BYTES = 20 * 1024 * 1024
_MB = 1024 * 1024

logger = logging.getLogger(__name__)

# Formats that are not text, by their first bytes.
_SIGNATURES = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"{\\rtf", "RTF document"),
    (b"\xd0\xcf\x11\xe0", "old Office document"),
    (b"\x7fELF", "executable"),
)


@dataclass
class Skipped:
    """An input that was not indexed, and why."""

    path: str
    reason: str

    @property
    def group(self) -> str:
        """The kind of reason, without its details: `file too large (50 MB; ...)` -> `file too large`."""
        return re.split(r" \(|: ", self.reason, maxsplit=1)[0]


@dataclass(frozen=True)
class Deferred:
    """A file left unread for the caller to read elsewhere (a WARC file that a cluster's worker reads)."""

    path: str


def decode(data: bytes) -> str:
    """Decode article bytes: UTF-8 (with or without a byte order mark) when they are valid UTF-8, else the
    encoding `charset-normalizer` finds (byte order marks, UTF-16 and UTF-32 without one, single-byte code
    pages), with Windows-1252 preferred among the code pages that fit equally well.

    Raises ValueError for data that is not text.
    """
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise ValueError(f"binary file ({kind})")
    sample = data[:8192]
    try:
        text = data.decode("utf-8-sig") if b"\0" not in sample else None
    except UnicodeDecodeError:
        text = None
    if text is None:
        text = _detected(data, has_nul=b"\0" in sample)
    if _mostly_control(text[:8192]):
        raise ValueError("binary file (mostly control characters)")
    return text


def _detected(data: bytes, has_nul: bool) -> str:
    """The text of bytes that are not plain UTF-8, in the encoding charset-normalizer finds for them.

    For short Western text its first guess among single-byte code pages that decode the bytes alike is
    arbitrary (Windows-1250 for French `à`, say), so Windows-1252, the usual code page of English news, wins
    whenever it is one of the candidates. NUL bytes are text only in UTF-16 or UTF-32 of 16 bytes or more.
    Bytes that fit no encoding are decoded as Windows-1252, for the control-character check to judge.
    """
    matches = charset_normalizer.from_bytes(data)
    if has_nul:
        best = matches.best()
        if best is None or len(data) < 16 or not best.encoding.startswith(("utf_16", "utf_32")):
            raise ValueError("binary file (contains NUL bytes)")
        return str(best)
    if not matches or any("cp1252" in match.could_be_from_charset for match in matches):
        return data.decode("cp1252", errors="replace")
    return str(matches.best())


def _mostly_control(sample: str) -> bool:
    """Whether decoded text is really binary: more than a tenth control or undecodable characters."""
    if not sample:
        return False
    odd = sum(1 for ch in sample if (ch < " " and ch not in "\n\r\t\f") or ch == "\ufffd")
    return odd > len(sample) / 10


def normalize_text(text: str) -> str:
    """Line endings to \\n; control characters other than tab and newline removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or ch >= " " or ch == "\x7f")


# -- HTML ------------------------------------------------------------------------------------------------

_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(r"<(/?)(p|div|br|h[1-6]|li|ul|ol|table|tr|td|article|section|body|head|meta|title)\b[^>]*>",
                        re.IGNORECASE)


_ANY_TAG = re.compile(r"<(?:!doctype|/?[a-z][a-z0-9]*)[\s>/]", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """A whole HTML page or fragment rather than text that mentions a tag or two.

    HTML is a text that opens with a doctype, `<html>`, `<head>` or `<body>`, or one with at least four
    block-level tags (p, div, br, h1...), one per 400 characters or more, and closing tags of two kinds.
    """
    head = text[:100_000]
    if _HTML_START.match(head):
        return True
    tags = _BLOCK_TAG.findall(head)
    closed = {name.lower() for slash, name in tags if slash}
    return len(tags) >= 4 and len(tags) * 400 >= len(head) and len(closed) >= 2


# -- files -----------------------------------------------------------------------------------------------


def read_text_file(path: Path) -> str:
    """The decoded, normalized text of a file. Raises ValueError or OSError with the reason to skip it."""
    limit = MAX_FILE_BYTES
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            raise ValueError("empty file")
        if size > limit:
            raise ValueError(f"file too large ({_megabytes(size)}; the limit is {_megabytes(limit)} a file)")
        data = handle.read(limit + 1)  # the file may have grown since stat
    if len(data) > limit:
        raise ValueError(f"file too large (over {_megabytes(limit)}; the limit is {_megabytes(limit)} a file)")
    text = normalize_text(decode(data))
    if not text.strip():
        raise ValueError("no text (only white space)")
    return text


def _megabytes(size: int) -> str:
    """A size for a message: `50 MB`, or `1,000 bytes` under a megabyte."""
    return f"{size / _MB:.0f} MB" if size >= _MB else f"{size:,} bytes"


def special_file(path: Path) -> str | None:
    """What `path` is if it is neither a regular file nor a folder (links followed): `a FIFO`, `a device`...

    Such files are never opened: a FIFO blocks its reader, and a device such as /dev/zero never ends."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # the caller's open reports why
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device")):
        if test(mode):
            return kind
    return "a special file"


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading in binary; ValueError unless it is a regular file. Opened without blocking, so
    that a file replaced by a FIFO after it was listed cannot hang the run."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    handle = os.fdopen(descriptor, "rb")
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        handle.close()
        raise ValueError(f"not a regular file ({special_file(path) or 'a folder'})")
    return handle


_LINE_END = re.compile(rb"\r\n?|\n")
_READ_BYTES = 64 * 1024


def read_lines(handle: BinaryIO, limit: int) -> Iterator[bytes | int]:
    """The lines of a binary file, split at `\\n`, `\\r\\n` or `\\r` (as a text file reads them), without their
    ends; for a line longer than `limit` bytes, its size instead. Read in blocks: no more than `limit` bytes of a
    line are ever held, however long it is."""
    parts: list[bytes] = []
    size = 0
    after_cr = False
    while block := handle.read(_READ_BYTES):
        position = 1 if after_cr and block.startswith(b"\n") else 0
        for end in _LINE_END.finditer(block, position):
            piece = block[position:end.start()]
            size = _add(parts, piece, size, limit)
            yield b"".join(parts) if size <= limit else size
            parts, size = [], 0
            position = end.end()
        piece = block[position:]
        size = _add(parts, piece, size, limit)
        after_cr = block.endswith(b"\r")
    if size:
        yield b"".join(parts) if size <= limit else size


def _add(parts: list[bytes], piece: bytes, size: int, limit: int) -> int:
    """Keep `piece` of a line while the line is within `limit`, drop what was kept once it is over; its new size."""
    size += len(piece)
    if size <= limit:
        parts.append(piece)
    else:
        parts.clear()
    return size


def _metadata_rows(folder: Path) -> dict[str, dict[str, str]]:
    """Rows of a folder's metadata table, keyed by the relative file name they give (`story`, `story.txt`,
    `text/story.txt`). A row naming an absolute path or one with `..` is left out: it names no file here.

    Raises ValueError when the table cannot be read."""
    for name in METADATA_NAMES:
        table = folder / name
        if table.is_file():
            delimiter = "\t" if table.suffix == ".tsv" else ","
            try:
                with table.open(encoding="utf-8", errors="replace", newline="") as handle:
                    rows = csv.DictReader(handle, delimiter=delimiter)
                    named = ((_row_name(row.get("filename") or row.get("file")), row) for row in rows)
                    return {key: row for key, row in named if key}
            except (OSError, csv.Error) as error:
                raise ValueError(f"metadata table unreadable ({error})") from error
    return {}


def _row_name(value) -> str | None:
    """A metadata row's file name as a relative POSIX path, or None if it names nothing inside the folder."""
    if not isinstance(value, str) or not value.strip():
        return None
    name = PurePosixPath(value.strip().replace("\\", "/"))
    if name.is_absolute() or ".." in name.parts or re.match(r"[A-Za-z]:", name.as_posix()):
        return None
    return name.as_posix()


def _row_for(file: Path, folder: Path, rows: dict[str, dict[str, str]]) -> dict[str, str] | None:
    """The row of a metadata table in `folder` for `file`: the one naming its path relative to the folder, with or
    without its suffix, else the one naming its file name, with or without its suffix."""
    relative = PurePosixPath(file.relative_to(folder).as_posix())
    for key in (relative.as_posix(), relative.with_suffix("").as_posix(), file.name, file.stem):
        if row := rows.get(key):
            return row
    return None


def _string(value) -> str | None:
    """An identifier as text: strings and finite numbers only, at most 1000 characters."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return str(value).strip()[:1000] or None


def _text(value, field: str, where: str) -> str | None:
    """A metadata value that must be text (a title, an outlet...): another type (a JSON number such as 1e309 or
    NaN, a list) is left out with a warning rather than turned into `inf` or `nan`."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        logger.warning("%s: %s %s is not text (a %s); left out", where, field, _shown(value), _kind(value))
        return None
    return value.strip()[:1000] or None


def _kind(value) -> str:
    return {bool: "boolean", int: "number", float: "number", list: "list", dict: "object"}.get(
        type(value), type(value).__name__)


def _shown(value) -> str:
    return repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."


EARLIEST_DATE = date(1600, 1, 1)  # before the first newspapers
LATEST_DATE = date(2199, 12, 31)
# Two days a date is read relative to: an absolute date reads the same from both.
_BASES = (date(2001, 1, 1), date(2011, 7, 15))


def _absolute_date(value, where: str) -> date | None:
    """A publication date from metadata: an absolute date (`2016-09-12`, `July 29, 2025`) within EARLIEST_DATE and
    LATEST_DATE, else None. A relative one (`yesterday`, `last week`, `Monday`, `July 28` without a year) would be
    read against the day of indexing, a date out of range (`0001-01-01`) breaks date arithmetic: both are left
    out with a warning, and the article kept. A date that cannot be read at all is left out silently, as one read
    from the text is."""
    if value is None or value == "" or isinstance(value, date):
        return value or None
    if not isinstance(value, str):
        logger.warning("%s: published %s is not a date in text (a %s); left out", where, _shown(value), _kind(value))
        return None
    day = parse_date(value)
    if day is None:
        return None
    if len({parse_date(value, relative_to=base) for base in _BASES}) > 1:
        logger.warning("%s: published %s is not an absolute date; left out", where, _shown(value))
        return None
    return _in_range(day, "published", where)


def _in_range(day: date | None, field: str, where: str) -> date | None:
    if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
        logger.warning("%s: %s %s is out of range (%s to %s); left out", where, field, day.isoformat(),
                       EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat())
        return None
    return day


def _known_metadata(row: dict | None, where: str) -> dict:
    if not row:
        return {}
    return {
        "title": _text(row.get("title"), "title", where),
        "outlet": _text(row.get("outlet") or row.get("publisher"), "outlet", where),
        "published": row.get("published") or row.get("publication_date") or row.get("date"),
        "url": _text(row.get("url"), "url", where),
        "author": _text(row.get("author"), "author", where),
    }


def _article(text: str, path: str, html: bool | None = None, **known) -> Article | Skipped:
    """An article from decoded text: HTML is turned into text first; `known` metadata wins over the page's.

    Publication dates from metadata must be absolute and in range; a date read from the text out of range is
    left out too."""
    declared = None
    if html and not _ANY_TAG.search(text[:100_000]):
        html = False  # an .html file with no markup in it: plain text
    if html or (html is None and looks_like_html(text)):
        page = read_page(text, url=known.get("url") or None)
        text = normalize_text(page.text)
        if not text.strip():
            return Skipped(path, "no text (HTML without readable text)")
        if page.not_an_article:
            return Skipped(path, f"not an article ({page.not_an_article})")
        if page.words < MIN_ARTICLE_WORDS:
            return Skipped(path, f"not an article ({page.words} words of main text)")
        declared = page.language
        known = {**page.metadata(), **{k: v for k, v in known.items() if v not in (None, "")}}
    if language := foreign_language(text, declared):
        return Skipped(path, f"language {language}")
    known["published"] = _absolute_date(known.get("published"), path)
    article = article_from_text(text, path, **known)
    article.published = _in_range(article.published, "published", path)
    article.dateline_date = _in_range(article.dateline_date, "dateline date", path)
    return article


def load_text_file(path: Path, metadata: dict[str, str] | None = None) -> Article | Skipped:
    """One plain-text (or HTML) article; metadata from a table wins over what the text says."""
    try:
        text = read_text_file(path)
    except OSError as error:
        return Skipped(str(path), f"unreadable ({error.strerror or error})")
    except ValueError as error:
        return Skipped(str(path), str(error))
    html = True if path.suffix.lower() in HTML_SUFFIXES else None
    return _article(text, str(path), html=html, **_known_metadata(metadata, str(path)))


def load_jsonl(path: Path) -> Iterator[Article | Skipped]:
    """One article per line: {"id", "title", "text", "outlet", "published", "url"}. A line over the size limit
    for a file is skipped without being held in memory."""
    limit = MAX_FILE_BYTES
    try:
        handle = open_regular(path)
    except OSError as error:
        yield Skipped(str(path), f"unreadable ({error.strerror or error})")
        return
    except ValueError as error:
        yield Skipped(str(path), str(error))
        return
    with handle:
        for number, line in enumerate(read_lines(handle, limit), 1):
            where = f"{path}:{number}"
            if isinstance(line, int):
                yield Skipped(where, f"line too long ({_megabytes(line)}; the limit is {_megabytes(limit)})")
                continue
            text = line.decode("utf-8", errors="replace")
            if not text.strip():
                continue
            try:
                yield _jsonl_article(text, where)
            except Exception as error:  # noqa: BLE001 - one bad line must not stop the file
                yield _unexpected(where, error)


def _jsonl_article(line: str, where: str) -> Article | Skipped:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        return Skipped(where, f"invalid JSON: {getattr(error, 'msg', 'nested too deeply')}")
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return Skipped(where, "no 'text' field")
    text = normalize_text(record["text"])
    if not text.strip():
        return Skipped(where, "empty text")
    external_id = _string(record.get("id"))
    return _article(text, where, external_id=external_id, **_known_metadata(record, where))


def _unexpected(where: str, error: Exception) -> Skipped:
    """A Skipped for an error nobody expected (a time limit, a bug): the run goes on without the file."""
    if isinstance(error, TimeoutError):
        return Skipped(where, f"timed out ({error})")
    return Skipped(where, f"could not be loaded: {type(error).__name__}: {error}")


def _files_under(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def load_paths(paths: Iterable[str | os.PathLike], fetcher=None,
               defer_warc: bool = False) -> Iterator[Article | Skipped | Deferred]:
    """Every article under the given files and folders, in a stable order, and at the given web addresses (a
    page, a feed or a sitemap), fetched with `fetcher` (an `indexer.fetching.Fetcher`; one is made if needed).
    With `defer_warc`, a WARC file is not read: it is a `Deferred` in its place."""
    for raw in paths:
        if isinstance(raw, str) and is_address(raw):
            from .fetching import Fetcher
            from .remote import load_url

            fetcher = fetcher or Fetcher()
            try:
                yield from load_url(raw, fetcher)
            except Exception as error:  # noqa: BLE001 - one bad address must not stop a run
                yield _unexpected(raw, error)
            continue
        path = Path(raw)
        if path.is_dir():
            tables: dict[Path, dict[str, dict[str, str]]] = {}
            for file in _files_under(path):
                if file.name in METADATA_NAMES:
                    continue
                yield from _load_file(file, tables, defer_warc)
        elif path.exists():
            yield from _load_file(path, {}, defer_warc)
        else:
            yield Skipped(str(path), "no such file or folder")


def _load_file(file: Path, tables: dict[Path, dict[str, dict[str, str]]],
               defer_warc: bool = False) -> Iterator[Article | Skipped | Deferred]:
    """The articles of one file; whatever goes wrong becomes a Skipped for the file, never an error."""
    try:
        if kind := special_file(file):
            yield Skipped(str(file), f"not a regular file ({kind})")
            return
        suffix = file.suffix.lower()
        if file.name.lower().endswith(WARC_SUFFIXES):
            if defer_warc:
                yield Deferred(str(file))
                return
            from .warc import load_warc

            yield from load_warc(file)
            return
        if suffix in JSONL_SUFFIXES:
            yield from load_jsonl(file)
            return
        if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
            yield Skipped(str(file), f"unsupported file type '{suffix}'")
            return
        row = None
        # A metadata table in the file's folder or the folder above (polnear: split/text/ and metadata.tsv).
        for folder in (file.parent, file.parent.parent, file.parent.parent.parent):
            if folder not in tables:
                try:
                    tables[folder] = _metadata_rows(folder)
                except ValueError as error:
                    tables[folder] = {}
                    yield Skipped(str(folder), str(error))
            if row := _row_for(file, folder, tables[folder]):
                break
        yield load_text_file(file, row)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop a run
        yield _unexpected(str(file), error)
