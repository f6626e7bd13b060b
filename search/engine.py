"""Searching the index: ranked statements with filters, facets, highlights and suggestions.

`SearchService` opens the current build once and keeps it; every call checks (one small file read)
whether a rebuild has swapped in a newer build, and reopens only then.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rapidfuzz import fuzz
from whoosh import highlight, sorting
from whoosh.index import EmptyIndexError, open_dir
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import And, AndNot, DateRange, Every, NullQuery, Or, Query, Term

from .query import ParsedQuery, SpeakerDirectory, SpeakerEntry, parse_question
from .schema import ARTICLES, SPEAKERS, STATEMENTS
from .store import IndexMissing, IndexStore

KINDS = ("direct", "indirect", "mixed")
SORTS = ("relevance", "newest", "oldest")
MAX_PER_PAGE = 100
FACET_LIMIT = 20
TOPIC_FIELDS = ("text", "speaker", "role", "title", "outlet_text", "context")
FIELD_BOOSTS = {"text": 3.0, "speaker": 1.5, "role": 1.0, "title": 0.5, "outlet_text": 0.5, "context": 0.3}


class InvalidParameter(ValueError):
    """A search parameter that cannot be used; the message says which and why."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name


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
    statement: dict
    score: float | None
    highlight: str

    def to_dict(self) -> dict:
        return {**self.statement, "score": self.score, "highlight": self.highlight}


@dataclass
class SearchResults:
    query: ParsedQuery
    filters: Filters
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    sort: str
    facets: dict[str, list[dict]] = field(default_factory=dict)
    suggestion: str | None = None
    hint: str | None = None
    speaker_names: dict[str, str] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    def to_dict(self) -> dict:
        return {
            "query": {**self.query.to_dict(), "speaker_names": self.speaker_names},
            "filters": self.filters.active(),
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "sort": self.sort,
            "results": [hit.to_dict() for hit in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "hint": self.hint,
        }


def _day_range(field_name: str, start: date | None, end: date | None) -> Query | None:
    if not start and not end:
        return None
    low = datetime.combine(start, datetime.min.time()) if start else None
    high = datetime.combine(end, datetime.min.time()) + timedelta(days=1, microseconds=-1) if end else None
    return DateRange(field_name, low, high)


class OpenIndex:
    """One build opened for reading: its three indexes, speakers, and per-thread searchers."""

    def __init__(self, store: IndexStore, name: str):
        path = store.builds / name
        try:
            self.statements = open_dir(str(path), indexname=STATEMENTS)
            self.articles = open_dir(str(path), indexname=ARTICLES)
            self.speakers_index = open_dir(str(path), indexname=SPEAKERS)
        except (EmptyIndexError, OSError, ValueError) as error:
            raise IndexMissing(store.root, f"build {name!r} cannot be opened: {error}") from error
        self.name = name
        self.manifest = store.manifest(path)
        self._local = threading.local()
        self.speakers = self._load_speakers()
        self.directory = SpeakerDirectory([
            SpeakerEntry(p["slug"], p["name"], p["statements"], p["aliases"], p["roles"])
            for p in self.speakers.values()
        ])

    def _load_speakers(self) -> dict[str, dict]:
        with self.speakers_index.searcher() as searcher:
            return {fields["slug"]: fields["payload"] for fields in searcher.all_stored_fields()}

    def searcher(self, which: str = STATEMENTS):
        """This thread's searcher for one of the indexes (opened once per thread and build)."""
        searchers = self._local.__dict__.setdefault("searchers", {})
        if which not in searchers:
            searchers[which] = getattr(self, {STATEMENTS: "statements", ARTICLES: "articles"}[which]).searcher()
        return searchers[which]


class SearchService:
    """Queries over whatever build is current in the store."""

    def __init__(self, store: IndexStore):
        self.store = store
        self._open: OpenIndex | None = None
        self._lock = threading.Lock()

    @property
    def index(self) -> OpenIndex:
        name = self.store.current_name()
        if name is None:
            raise IndexMissing(self.store.root)
        current = self._open
        if current is None or current.name != name:
            with self._lock:
                if self._open is None or self._open.name != name:
                    self._open = OpenIndex(self.store, name)
                current = self._open
        return current

    # -- statements -----------------------------------------------------------------------------------

    def search(
        self,
        q: str = "",
        filters: Filters | None = None,
        page: int = 1,
        per_page: int = 10,
        sort: str = "relevance",
    ) -> SearchResults:
        """Statements matching a question and filters, best first, with facets and highlights."""
        filters = filters or Filters()
        _check_paging(page, per_page, sort, filters)
        index = self.index
        parsed = parse_question(q, index.directory)
        query = self._query(parsed, index)
        filter_query = self._filter(filters, index)
        if query is None and filter_query is None:
            return SearchResults(parsed, filters, [], 0, page, per_page, sort)
        query = query or Every()
        searcher = index.searcher()
        facets = {
            "speaker": sorting.FieldFacet("speaker_slug", maptype=sorting.Count),
            "outlet": sorting.FieldFacet("outlet", maptype=sorting.Count),
            "kind": sorting.FieldFacet("kind", maptype=sorting.Count),
            "month": sorting.FieldFacet("month", maptype=sorting.Count),
        }
        sortedby, reverse = None, False
        if sort != "relevance" or isinstance(query, Every) or not (parsed.terms or parsed.phrases):
            sortedby = [sorting.FieldFacet("said_on", reverse=sort != "oldest"),
                        sorting.FieldFacet("position")]
        results = searcher.search(
            query, filter=filter_query, limit=page * per_page, groupedby=facets,
            sortedby=sortedby, reverse=reverse, terms=True,
        )
        results.fragmenter = highlight.WholeFragmenter(charlimit=None)
        results.formatter = highlight.HtmlFormatter(tagname="mark", classname="hl", between="")
        hits = []
        for hit in results[(page - 1) * per_page : page * per_page]:
            statement = hit["payload"]
            marked = hit.highlights("text", text=statement["text"]) if parsed.terms or parsed.phrases else ""
            score = round(hit.score, 4) if isinstance(hit.score, float) and sortedby is None else None
            hits.append(Hit(statement, score,
                            marked or highlight.htmlescape(statement["text"])))
        total = len(results)
        outcome = SearchResults(parsed, filters, hits, total, page, per_page, sort,
                                facets=self._facets(results, index))
        outcome.speaker_names = {s: index.speakers[s]["name"] for s in parsed.speakers if s in index.speakers}
        if total == 0:
            outcome.suggestion = self._suggest(parsed, index)
            if filters.active():
                names = ", ".join(sorted(filters.active()))
                outcome.hint = f"No statements match with the filters ({names}); try removing some."
            elif parsed.speakers and (parsed.terms or parsed.phrases):
                outcome.hint = "The speaker has no statement on that topic; try fewer topic words."
        return outcome

    def _query(self, parsed: ParsedQuery, index: OpenIndex) -> Query | None:
        parts: list[Query] = []
        if parsed.speakers:
            parts.append(Or([Term("speaker_slug", slug) for slug in parsed.speakers]))
        topic = parsed.topic
        if topic:
            parser = MultifieldParser(list(TOPIC_FIELDS), index.statements.schema,
                                      fieldboosts=FIELD_BOOSTS, group=OrGroup.factory(0.9))
            topic_query = parser.parse(topic)
            if topic_query is not NullQuery and not isinstance(topic_query, type(NullQuery)):
                parts.append(topic_query)
        if not parts:
            return None
        positive = parts[0] if len(parts) == 1 else And(parts)
        if parsed.excluded:
            parser = MultifieldParser(["text", "speaker", "role"], index.statements.schema, group=OrGroup)
            return AndNot(positive, parser.parse(" ".join(parsed.excluded)))
        return positive

    def _filter(self, filters: Filters, index: OpenIndex) -> Query | None:
        parts: list[Query] = []
        if filters.speaker:
            slug = index.directory.lookup(filters.speaker) or filters.speaker.strip().lower()
            parts.append(Term("speaker_slug", slug))
        if filters.kind:
            parts.append(Term("kind", filters.kind))
        if filters.outlet:
            outlet = next((o for o in index.manifest.get("outlets", {}) if o.lower() == filters.outlet.lower()),
                          filters.outlet)
            parts.append(Term("outlet", outlet))
        if filters.article:
            parts.append(Term("article_slug", filters.article))
        for name, start, end in (("said_on", filters.said_from, filters.said_to),
                                 ("published", filters.published_from, filters.published_to)):
            if (day_range := _day_range(name, start, end)) is not None:
                parts.append(day_range)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

    @staticmethod
    def _facets(results, index: OpenIndex) -> dict[str, list[dict]]:
        facets = {}
        for name in ("speaker", "outlet", "kind", "month"):
            counts = results.groups(name)
            rows = sorted(((value, count) for value, count in counts.items() if value),
                          key=lambda pair: (-pair[1], pair[0]) if name != "month" else (pair[0],))
            if name == "speaker":
                rows = rows[:FACET_LIMIT]
            facets[name] = [{"value": value, "count": count, "label": _facet_label(name, value, index)}
                            for value, count in rows]
        return facets

    @staticmethod
    def _suggest(parsed: ParsedQuery, index: OpenIndex) -> str | None:
        """`did you mean`: the topic words as the index spells them."""
        if not parsed.terms:
            return None
        corrector = index.searcher().corrector("words")
        changed, words = False, []
        for word in parsed.terms:
            lowered = word.lower()
            suggestions = corrector.suggest(lowered, limit=1) if len(lowered) >= 3 else []
            if suggestions and suggestions[0] != lowered and fuzz.ratio(suggestions[0], lowered) >= 60:
                words.append(suggestions[0])
                changed = True
            else:
                words.append(word)
        if not changed:
            return None
        names = [index.speakers[s]["name"] for s in parsed.speakers if s in index.speakers]
        return " ".join(names + [f'"{p}"' for p in parsed.phrases] + words)

    # -- single records -------------------------------------------------------------------------------

    def statement(self, statement_id: str) -> dict | None:
        fields = self.index.searcher().document(id=statement_id)
        return fields["payload"] if fields else None

    def speakers(self, q: str | None = None, page: int = 1, per_page: int = 50) -> tuple[list[dict], int]:
        """Speakers, most quoted first; `q` narrows by name."""
        _check_paging(page, per_page, "relevance", Filters())
        everyone = sorted(self.index.speakers.values(), key=lambda s: (-s["statements"], s["name"]))
        if q:
            needle = q.strip().lower()
            everyone = [s for s in everyone if needle in s["name"].lower()
                        or any(needle in a.lower() for a in s["aliases"])]
        return everyone[(page - 1) * per_page : page * per_page], len(everyone)

    def speaker(self, slug_or_name: str) -> dict | None:
        index = self.index
        slug = slug_or_name if slug_or_name in index.speakers else index.directory.lookup(slug_or_name)
        return index.speakers.get(slug) if slug else None

    def article(self, slug: str) -> dict | None:
        fields = self.index.searcher(ARTICLES).document(slug=slug)
        return fields["payload"] if fields else None

    def articles(self, page: int = 1, per_page: int = 50) -> tuple[list[dict], int]:
        """Articles, newest first."""
        _check_paging(page, per_page, "relevance", Filters())
        searcher = self.index.searcher(ARTICLES)
        results = searcher.search(Every(), limit=page * per_page,
                                  sortedby=sorting.FieldFacet("published", reverse=True))
        rows = []
        for hit in results[(page - 1) * per_page : page * per_page]:
            payload = {k: v for k, v in hit["payload"].items() if k not in ("text", "statements")}
            payload["statement_count"] = hit["statements"]
            rows.append(payload)
        return rows, len(results)

    def stats(self) -> dict:
        """The index's figures, for the home page and health check."""
        manifest = self.index.manifest
        return {
            "statements": manifest["statements"],
            "speakers": manifest["speakers"],
            "articles": manifest["articles"],
            "outlets": len(manifest.get("outlets", {})),
            "first_said": manifest.get("first_said"),
            "last_said": manifest.get("last_said"),
            "built": manifest.get("created"),
            "build": self.index.name,
        }


KIND_LABELS = {"direct": "Quote", "indirect": "Paraphrase", "mixed": "Partial quote"}


def _facet_label(facet: str, value: str, index: OpenIndex) -> str:
    if facet == "speaker":
        return index.speakers.get(value, {}).get("name", value)
    if facet == "kind":
        return KIND_LABELS.get(value, value)
    return value


def _check_paging(page: int, per_page: int, sort: str, filters: Filters) -> None:
    if page < 1:
        raise InvalidParameter("page", "must be 1 or more")
    if page > 10_000:
        raise InvalidParameter("page", "must be at most 10000")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidParameter("per_page", f"must be between 1 and {MAX_PER_PAGE}")
    if sort not in SORTS:
        raise InvalidParameter("sort", f"must be one of {', '.join(SORTS)}")
    if filters.kind and filters.kind not in KINDS:
        raise InvalidParameter("kind", f"must be one of {', '.join(KINDS)}")
