"""Web archives (WARC and WARC.gz files, as the Internet Archive and Common Crawl write them), read by warcio.

Every HTML response record is an article, with its address; other responses (images, scripts, redirects,
errors) are skipped with the reason. Request, metadata and warcinfo records describe other records and are
passed over. The file is streamed record by record, never read whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .loading import (
    MAX_FILE_BYTES,
    WARC_SUFFIXES,
    Skipped,
    _article,
    _megabytes,
    _unexpected,
    decode,
    normalize_text,
    open_regular,
)
from .model import Article
from .remote import HTML_TYPES

ARTICLE_RECORDS = ("response", "resource")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def load_warc(path: Path) -> Iterator[Article | Skipped]:
    """The articles of a WARC file, in record order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = open_regular(path)
    except (OSError, ValueError) as error:
        yield Skipped(str(path), f"unreadable ({getattr(error, 'strerror', None) or error})")
        return
    with handle:
        number = 0
        try:
            for number, record in enumerate(ArchiveIterator(handle), 1):
                if not record.rec_type:
                    yield Skipped(f"{path}#{number}", "not a readable WARC record (no WARC-Type)")
                    continue
                if record.rec_type not in ARTICLE_RECORDS:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{number}"
                try:
                    yield _record_article(record, url)
                except Exception as error:  # noqa: BLE001 - one bad record must not stop the archive
                    yield _unexpected(url, error)
        except (ArchiveLoadFailed, OSError, EOFError) as error:
            yield Skipped(str(path), f"not a readable WARC file ({(str(error).splitlines() or [''])[0][:120]})")
            return
        if not number:
            yield Skipped(str(path), "not a readable WARC file (no records)")


def _record_article(record, url: str) -> Article | Skipped:
    if record.rec_type == "response":
        if record.http_headers is None:
            return Skipped(url, "not an HTTP response")
        status = int(record.http_headers.get_statuscode() or 0)
        if 300 <= status < 400:
            return Skipped(url, f"redirect (HTTP {status})")
        if status != 200:
            return Skipped(url, f"HTTP error (HTTP {status})")
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media = content_type.split(";")[0].strip().lower()
    if media not in HTML_TYPES:
        return Skipped(url, f"not HTML ({media or 'no content type'})")
    data = record.content_stream().read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return Skipped(url, f"page too large (over {_megabytes(MAX_FILE_BYTES)})")
    try:
        text = normalize_text(decode(data))
    except ValueError as error:
        return Skipped(url, str(error))
    return _article(text, url, html=True, url=url)
