"""What a search gives back: typed records, each with `to_dict()`, the JSON the API serves.

Statements, speakers and articles are stored in the index as their JSON payloads; their records wrap the
payload (typed accessors for what callers use, the payload untouched for the JSON), so that the JSON stays
exactly what was indexed. Every record also reads as its JSON object (`record["slug"]`, `dict(record)`),
read-only, for code written against the JSON shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, NamedTuple, TypeVar

from .limits import page_count
from .query import ParsedQuery

T = TypeVar("T")


class JsonRecord(Mapping[str, Any]):
    """A record that reads as its JSON object too."""

    def to_dict(self) -> dict:
        raise NotImplementedError

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_dict())

    def __len__(self) -> int:
        return len(self.to_dict())


@dataclass(eq=True)
class PayloadRecord(JsonRecord):
    """A record stored as its JSON payload."""

    data: dict

    def to_dict(self) -> dict:
        return dict(self.data)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


@dataclass(eq=True)
class StatementRecord(PayloadRecord):
    """One statement: `Statement.to_dict()` as indexed."""

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def text(self) -> str:
        return self.data["text"]

    @property
    def kind(self) -> str:
        return self.data["kind"]

    @property
    def said_on(self) -> str | None:
        return self.data.get("said_on")

    @property
    def speaker_slug(self) -> str:
        return self.data["speaker"]["slug"]

    @property
    def article_slug(self) -> str:
        return self.data["article"]["slug"]


@dataclass(eq=True)
class SpeakerProfile(PayloadRecord):
    """One speaker across the corpus: names, roles, outlets, counts and first and last day said."""

    @property
    def slug(self) -> str:
        return self.data["slug"]

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def type(self) -> str:
        return self.data.get("type") or "person"

    @property
    def statements(self) -> int:
        return self.data["statements"]

    @property
    def aliases(self) -> list[str]:
        return self.data.get("aliases", [])

    @property
    def roles(self) -> list[str]:
        return self.data.get("roles", [])


@dataclass(eq=True)
class ArticleRecord(PayloadRecord):
    """One article: its metadata, its whole text, and where each of its statements is."""

    @property
    def slug(self) -> str:
        return self.data["slug"]

    @property
    def text(self) -> str:
        return self.data["text"]

    @property
    def url(self) -> str | None:
        return self.data.get("url")

    @property
    def statements(self) -> list[dict]:
        """{id, start, end, kind, speaker: {name, slug}} of each statement, in the order written."""
        return self.data["statements"]


@dataclass(eq=True)
class ArticleSummary(PayloadRecord):
    """An article as listed: its metadata and `statement_count`, without its text."""

    @property
    def slug(self) -> str:
        return self.data["slug"]

    @property
    def statement_count(self) -> int:
        return self.data["statement_count"]


class Page(NamedTuple, Generic[T]):
    """One page of a listing, and the number of rows of the whole listing."""

    rows: list[T]
    total: int


@dataclass(eq=True)
class Stats(JsonRecord):
    """The figures of the build being served."""

    statements: int
    speakers: int
    articles: int
    outlets: int
    first_said: str | None
    last_said: str | None
    built: str | None
    build: str

    def to_dict(self) -> dict:
        return {"statements": self.statements, "speakers": self.speakers, "articles": self.articles,
                "outlets": self.outlets, "first_said": self.first_said, "last_said": self.last_said,
                "built": self.built, "build": self.build}


@dataclass(eq=True)
class Facet(JsonRecord):
    """One value of a facet of the matches, how many matches have it, and how to show it."""

    value: str
    count: int
    label: str

    def to_dict(self) -> dict:
        return {"value": self.value, "count": self.count, "label": self.label}


@dataclass
class Filters:
    """Narrowing a search: all optional, combined with AND."""

    speaker: str | None = None
    kind: str | None = None
    outlet: str | None = None
    said_from: date | None = None
    said_to: date | None = None
    published_from: date | None = None
    published_to: date | None = None
    article: str | None = None

    def active(self) -> dict[str, str]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in vars(self).items() if v}


@dataclass
class Hit:
    """A statement found, its score (None when ordered by date or substance), its text with marks, and where in its
    text the marks are."""

    statement: StatementRecord
    score: float | None
    highlight: str
    highlight_offsets: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {**self.statement.to_dict(), "score": self.score, "highlight": self.highlight,
                "highlight_offsets": [list(span) for span in self.highlight_offsets]}


@dataclass
class SearchResults:
    """One page of the statements a search found, with the facets of all of them and help when few match."""

    query: ParsedQuery
    filters: Filters
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    sort: str
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    suggestion: str | None = None
    hint: str | None = None
    hint_change: dict[str, str | None] | None = None  # the parameters the hint advises changing (None: drop)
    speaker_names: dict[str, str] = field(default_factory=dict)
    group: bool = True  # one result per statement reported by several articles
    grouped: int = 0  # reports left out of `total` because another report of their statement is a result

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)

    def to_dict(self) -> dict:
        return {
            "query": {**self.query.to_dict(), "speaker_names": self.speaker_names},
            "filters": self.filters.active(),
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "sort": self.sort,
            "group": self.group,
            "grouped": self.grouped,
            "results": [hit.to_dict() for hit in self.hits],
            "facets": {name: [row.to_dict() for row in rows] for name, rows in self.facets.items()},
            "suggestion": self.suggestion,
            "hint": self.hint,
            "hint_change": self.hint_change,
        }
