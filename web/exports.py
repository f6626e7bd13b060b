"""Statements taken away: a whole result set as CSV or JSON Lines, streamed a row at a time, and Atom feeds to
follow a search or a speaker.

Each exported row has the statement, its speaker, its article and outlet, the article's web address, the
statement's address on this site and its citation line.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from xml.sax.saxutils import escape, quoteattr

from .payloads import citation, named
from .sources import SourceNames

COLUMNS = ("id", "speaker", "speaker_slug", "speaker_type", "role", "kind", "text", "cue", "said_on", "outlet",
           "published", "title", "article_url", "statement_url", "source", "citation")
FEED_ENTRIES = 50
FORMATS = ("csv", "jsonl")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
               "atom": "application/atom+xml; charset=utf-8"}


def export_row(statement: dict, site_url: str, sources: SourceNames) -> dict:
    """One statement as a flat row. `site_url`: this site's address (no trailing slash) for the statement's link."""
    article = named(dict(statement["article"]), sources)
    speaker = statement["speaker"]
    link = f"{site_url}/statements/{statement['id']}"
    return {
        "id": statement["id"], "speaker": speaker["name"], "speaker_slug": speaker["slug"],
        "speaker_type": speaker.get("type"), "role": speaker.get("role"), "kind": statement["kind"],
        "text": statement["text"], "cue": statement.get("cue"), "said_on": statement.get("said_on"),
        "outlet": article.get("outlet"), "published": article.get("published"), "title": article.get("title"),
        "article_url": article.get("url"), "statement_url": link, "source": article.get("path"),
        "citation": citation(statement, article.get("url") or link),
    }


def csv_lines(rows: Iterable[dict]) -> Iterator[str]:
    """A CSV document, a header and one line a row, yielded as made."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        yield _taken(buffer)
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    yield _taken(buffer)


def _taken(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def jsonl_lines(rows: Iterable[dict]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def lines(rows: Iterable[dict], format: str) -> Iterator[str]:
    return csv_lines(rows) if format == "csv" else jsonl_lines(rows)


# -- Atom ----------------------------------------------------------------------------------------------------


def _stamp(day: str | None) -> str:
    """An Atom date (RFC 3339) for a statement's day, midnight UTC; now when it has none."""
    if day:
        return f"{day}T00:00:00Z"
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(title: str, feed_url: str, page_url: str, statements: list[dict], site_url: str) -> str:
    """An Atom document of statements (newest first), each linking to its page on this site."""
    days = [s.get("said_on") or s["article"].get("published") for s in statements]
    updated = _stamp(max((day for day in days if day), default=None))
    entries = []
    for statement, day in zip(statements, days, strict=True):
        speaker = statement["speaker"]["name"]
        link = f"{site_url}/statements/{statement['id']}"
        outlet = statement["article"].get("outlet") or "unknown outlet"
        words = statement["text"]
        short = words if len(words) <= 90 else words[:87].rstrip() + "…"
        entries.append(
            f"<entry><id>{escape(link)}</id><title>{escape(f'{speaker}: {short}')}</title>"
            f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(link)}/>"
            f"<updated>{_stamp(day)}</updated><author><name>{escape(speaker)}</name></author>"
            f"<summary>{escape(words)} ({escape(outlet)}{', ' + escape(day) if day else ''})</summary></entry>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<id>{escape(feed_url)}</id><title>{escape(title)}</title><updated>{updated}</updated>"
            f"<link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(feed_url)}/>"
            f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(page_url)}/>"
            f"<generator>saidwhat</generator>{''.join(entries)}</feed>\n")
