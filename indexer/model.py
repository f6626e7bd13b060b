"""The data model: articles, speakers and the statements attributed to them.

Everything downstream (the index, the API, the pages) is built from these records, and
`to_dict` gives the one JSON shape they share.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from slugify import slugify

from .names import clean_name

StatementKind = Literal["direct", "indirect", "mixed"]
SpeakerType = Literal["person", "organization", "group", "description"]
"""`description`: a source the article describes but does not name (`a senior official`, `the report`)."""


def make_slug(text: str, max_length: int = 80) -> str:
    """A URL-safe slug; never empty."""
    return slugify(text, max_length=max_length, word_boundary=True) or "untitled"


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


WEB_SCHEMES = ("http://", "https://")


def is_address(text: str) -> bool:
    """Whether an input or an article's path is a web address (a page, a feed's item, a web archive's record)."""
    return text.startswith(WEB_SCHEMES)


@dataclass
class Speaker:
    """A canonical speaker: one person or body, however the text names it."""

    name: str
    type: SpeakerType = "person"
    role: str | None = None
    aliases: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # markup or marks a broken page left on the name's edges (`">Sanders`) are no part of it
        self.name = clean_name(self.name)

    @property
    def slug(self) -> str:
        return make_slug(self.name)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "slug": self.slug,
            "role": self.role,
            "type": self.type,
            "aliases": list(self.aliases),
        }


@dataclass
class Article:
    """A loaded article: its text exactly as loaded, and what is known about it."""

    text: str
    path: str
    title: str = ""
    outlet: str | None = None
    published: date | None = None
    dateline_city: str | None = None
    dateline_date: date | None = None
    url: str | None = None
    author: str | None = None
    body_start: int = 0
    body_end: int | None = None
    external_id: str | None = None
    source_name: str = ""
    """Its file's name relative to the file or folder it was read under (`2025/a.txt`, `feed.jsonl:3`), or its
    web address: set by the reader of an archive (search/identity.py)."""

    @property
    def source(self) -> str:
        """What the article is known by in an archive: its given id, else its source name, else its path."""
        return self.external_id or self.source_name or self.path

    @property
    def id(self) -> str:
        """Stable id: the content hash of the text and where it came from."""
        digest = hashlib.sha1(f"{self.external_id or self.path}\0{self.text}".encode()).hexdigest()
        return digest[:16]

    @property
    def content_hash(self) -> str:
        return hashlib.sha1(self.text.encode()).hexdigest()

    @property
    def slug(self) -> str:
        return f"{make_slug(self.title or 'article', max_length=60)}-{self.id[:8]}"

    @property
    def body(self) -> str:
        return self.text[self.body_start : self.body_end]

    @property
    def reference_date(self) -> date | None:
        """The day the reported events happened, as far as the article says."""
        return self.dateline_date or self.published

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "slug": self.slug,
            "title": self.title,
            "outlet": self.outlet,
            "published": iso(self.published),
            "path": self.path,
            "url": self.url,
        }


@dataclass
class Statement:
    """Words attributed to a speaker in one article."""

    speaker: Speaker
    kind: StatementKind
    text: str
    cue: str | None
    start: int
    end: int
    article: Article
    said_on: date | None = None
    context: str = ""
    cited_source: str | None = None
    parts: list[tuple[int, int]] = field(default_factory=list)
    """Where `text` stands in the article: one (start, end) span, or each part of a quotation split by its cue
    (`"A," she said. "B."`), whose text is the parts joined without the cue."""
    occurrence: int = 0
    """How many statements of the article before this one have the same words."""

    @property
    def id(self) -> str:
        """Stable while the statement stands in its article: made of the article's source and the statement's own
        words, not of the rest of the article's text or of where in it the words stand, so an edit elsewhere in
        the article (a corrected paragraph, an added caption) leaves the statement's links working."""
        key = f"{self.article.source}\0{self.text}\0{self.occurrence}"
        return hashlib.sha1(key.encode()).hexdigest()[:20]

    def to_dict(self) -> dict:
        speaker = self.speaker.to_dict()
        return {
            "id": self.id,
            "speaker": speaker,
            "kind": self.kind,
            "text": self.text,
            "cue": self.cue,
            "said_on": iso(self.said_on),
            "start": self.start,
            "end": self.end,
            "parts": [list(part) for part in self.parts or [(self.start, self.end)]],
            "context": self.context,
            "cited_source": self.cited_source,
            "article": self.article.to_dict(),
        }
