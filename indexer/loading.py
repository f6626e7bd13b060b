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
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import charset_normalizer

from .metadata import article_from_text, parse_date
from .model import Article

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
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

_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "pre", "table", "tr", "section", "article", "main", "header", "figure", "figcaption", "address",
    "hr", "body", "html", "caption", "details", "summary", "form",
}
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head",
                 "nav", "aside", "footer", "button", "select", "canvas"}
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
              "track", "wbr", "param"}
_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(r"<(/?)(p|div|br|h[1-6]|li|ul|ol|table|tr|td|article|section|body|head|meta|title)\b[^>]*>",
                        re.IGNORECASE)
_LINE_BREAK = "\u2028"  # a <br>, kept through the folding of white space
_META_FIELDS = {
    "og:site_name": "outlet", "publisher": "outlet", "application-name": "outlet",
    "article:published_time": "published", "date": "published", "pubdate": "published",
    "publish-date": "published", "dc.date": "published", "dc.date.issued": "published",
    "datepublished": "published", "og:url": "url",
}


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


class _TextExtractor(HTMLParser):
    """The readable text of an HTML document: one paragraph per block element, scripts and navigation
    left out; its <title>, first <h1> and <meta> fields kept aside as metadata."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0
        self.title: list[str] = []
        self.in_title = False
        self.h1: str | None = None
        self.h1_parts: list[str] | None = None
        self.meta: dict[str, str] = {}
        self.open_skipped: list[str] = []

    def _flush(self) -> None:
        text = "".join(self.line)
        if not self.pre_depth:
            text = re.sub(r"[ \t\n\f\r\u00a0]+", " ", text)
        text = text.replace(_LINE_BREAK, "\n")
        text = "\n".join(line.strip() for line in text.split("\n")).strip("\n ")
        if text:
            self.blocks.append(text)
        self.line = []

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag == "meta":
            self._meta(dict(attrs))
            return
        if tag == "title":
            self.in_title = True
            return
        if tag == "body" and "head" in self.open_skipped:  # a <head> left open ends where the body starts
            self.skip_depth, self.open_skipped = 0, []
        if tag in _SKIPPED_TAGS:
            if tag not in _VOID_TAGS:
                self.skip_depth += 1
                self.open_skipped.append(tag)
            return
        if self.skip_depth:
            return
        if tag == "br":
            self.line.append(_LINE_BREAK)
        elif tag in _BLOCK_TAGS or tag in ("td", "th"):
            if tag in ("td", "th"):
                self.line.append(" ")
            else:
                self._flush()
            if tag == "pre":
                self.pre_depth += 1
            if tag == "h1" and self.h1 is None:
                self.h1_parts = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        tag = tag.lower()
        if tag == "title":
            self.in_title = False
            return
        if tag in _SKIPPED_TAGS and tag not in _VOID_TAGS:
            if tag in self.open_skipped:
                while self.open_skipped:  # close whatever was left open inside it
                    self.skip_depth -= 1
                    if self.open_skipped.pop() == tag:
                        break
            return
        if self.skip_depth:
            return
        if tag in _BLOCK_TAGS:
            if tag == "h1" and self.h1_parts is not None:
                self.h1 = re.sub(r"\s+", " ", "".join(self.h1_parts)).strip() or None
                self.h1_parts = None
            if tag == "pre" and self.pre_depth:
                self.pre_depth -= 1
            self._flush()

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
            return
        if self.skip_depth:
            return
        self.line.append(data)
        if self.h1_parts is not None:
            self.h1_parts.append(data)

    def _meta(self, attrs: dict[str, str | None]) -> None:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        content = (attrs.get("content") or "").strip()
        field = _META_FIELDS.get(key)
        if field and content and field not in self.meta:
            self.meta[field] = content[:500]

    def close(self):
        super().close()
        self._flush()


def html_to_text(markup: str) -> tuple[str, dict[str, str]]:
    """Readable text of an HTML document, paragraphs separated by blank lines, and what its <meta> tags
    say (`outlet`, `published`, `url`). The headline (<h1>, else <title>) opens the text."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    blocks = parser.blocks
    title = re.sub(r"\s+", " ", "".join(parser.title)).strip()
    if parser.h1 is None and title and (not blocks or blocks[0] != title):
        blocks = [title, *blocks]
    return "\n\n".join(blocks), dict(parser.meta)


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
    if html or (html is None and looks_like_html(text)):
        text, meta = html_to_text(text)
        text = normalize_text(text)
        if not text.strip():
            return Skipped(path, "no text (HTML without readable text)")
        known = {**meta, **{k: v for k, v in known.items() if v not in (None, "")}}
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
        elif path.exists():
            yield from _load_file(path, {})
        else:
            yield Skipped(str(path), "no such file or folder")


def _load_file(file: Path, tables: dict[Path, dict[str, dict[str, str]]]) -> Iterator[Article | Skipped]:
    """The articles of one file; whatever goes wrong becomes a Skipped for the file, never an error."""
    try:
        if kind := special_file(file):
            yield Skipped(str(file), f"not a regular file ({kind})")
            return
        suffix = file.suffix.lower()
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
