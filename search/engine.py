"""The Whoosh implementation of `StatementSearch`: statements with filters, facets, highlights and
suggestions; speakers, articles and the index's figures.

`SearchService` opens the current build once and keeps it; every call checks (one small file read) whether a
rebuild has swapped in a newer build, and reopens only then. Which statements match, their total and their
facets come from arrays (search/docsets.py), never from scoring or reading every match.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import numpy as np
from whoosh import sorting
from whoosh.query import AndMaybe, AndNot, Every

from .facets import facets
from .groups import report_of
from .highlights import highlight_offsets, highlight_terms, highlighted, page_formatter
from .limits import (
    NAMED_TYPES,
    SEARCHES_AT_ONCE,
    SPEAKER_LIST_TYPES,
    SPEAKER_TYPES,
    Budget,
    InvalidParameter,
    check_paging,
)
from .opened import OpenIndex
from .queries import filter_query, question_query
from .query import parse_question
from .ranking import ordered, scored
from .records import (
    ArticleRecord,
    ArticleSummary,
    Filters,
    Hit,
    Page,
    SearchResults,
    SpeakerProfile,
    StatementRecord,
    Stats,
)
from .schema import ARTICLES
from .store import IndexMissing, IndexStore
from .suggestions import corrections, hint_and_change, suggestion


class SearchService:
    """Queries over whatever build is current in the store."""

    def __init__(self, store: IndexStore, searches_at_once: int = SEARCHES_AT_ONCE):
        self.store = store
        self._open: OpenIndex | None = None
        self._lock = threading.Lock()
        self._turns = threading.BoundedSemaphore(searches_at_once)  # searches running at once (limits.py)

    @property
    def index(self) -> OpenIndex:
        name = self.store.current_name()
        if name is None:
            raise IndexMissing(self.store.root)
        current = self._open
        if current is None or current.name != name:
            with self._lock:
                if self._open is None or self._open.name != name:
                    if self._open is not None and gc.get_freeze_count():
                        gc.unfreeze()  # the build replaced is collected (a serving process froze it: web/serving.py)
                    self._open = OpenIndex(self.store, name)
                current = self._open
        return current

    def open(self) -> None:
        """Open the current build now rather than at the first search (its arrays are then made in the
        background while, say, the server starts); IndexMissing if there is none or it is damaged."""
        _ = self.index

    # -- statements -----------------------------------------------------------------------------------

    def search(
        self,
        q: str = "",
        filters: Filters | None = None,
        page: int = 1,
        per_page: int = 10,
        sort: str = "relevance",
        group: bool = True,
    ) -> SearchResults:
        """Statements matching a question and filters, best first, with facets and highlights; with `group`, one
        statement (its earliest report that matches) for each statement reported in several articles. Searches
        of several threads take turns (SEARCHES_AT_ONCE)."""
        filters = filters or Filters()
        check_paging(page, per_page, sort, filters.kind)
        with self._turns:
            return self._search(q, filters, page, per_page, sort, group)

    def _search(self, q: str, filters: Filters, page: int, per_page: int, sort: str, group: bool) -> SearchResults:
        index = self.index
        budget = Budget()  # for the fuzzy work: speaker names with typos, "did you mean"
        parsed, query, searcher, matches, left_out = self._matching(q, filters, budget, group)
        if matches is None:
            return SearchResults(parsed, filters, [], 0, page, per_page, sort, group=group)
        total = len(matches)
        first, last = (page - 1) * per_page, page * per_page
        found = self._rows(parsed, query, matches, sort, searcher)(first, last) if total else []
        words = highlight_terms(query) if parsed.terms or parsed.phrases else frozenset()
        analyzer = index.schema["text"].analyzer
        formatter = page_formatter()
        hits = []
        for docnum, score in found:
            statement = self._record(searcher.stored_fields(docnum)["payload"])
            hits.append(Hit(statement, score, highlighted(statement.text, words, analyzer, formatter),
                            highlight_offsets(statement.text, words, analyzer)))
        outcome = SearchResults(parsed, filters, hits, total, page, per_page, sort,
                                facets=facets(matches, index, searcher), group=group, grouped=left_out)
        outcome.speaker_names = {s: index.speakers[s]["name"] for s in parsed.speakers if s in index.speakers}
        # "Did you mean": when nothing is found, or when a topic word is one no statement uses (`immigraton`).
        outcome.suggestion = suggestion(parsed, index, corrections(parsed, index, total > 0, budget))
        if total == 0 and (found_hint := hint_and_change(parsed, filters, query, index)):
            outcome.hint, outcome.hint_change = found_hint
        return outcome

    def _matching(self, q: str, filters: Filters, budget: Budget, group: bool):
        """(parsed question, query, searcher, matching documents, reports left out) of a search; the documents None
        when the question and the filters ask for nothing, the query Every() when only filters do; with `group`,
        one document of each group of reports of one statement (the others are left out)."""
        index = self.index
        parsed = parse_question(q, index.directory, budget)
        query = question_query(parsed, index)
        filtering = filter_query(filters, index)
        if query is None and filtering is None:
            return parsed, None, None, None, 0
        searcher = index.searcher()
        every = index.docsets.matches(query, filtering, searcher)
        matches = index.groups.collapse(every, searcher) if group else every
        return parsed, query or Every(), searcher, matches, len(every) - len(matches)

    def _rows(self, parsed, query, matches: np.ndarray, sort: str, searcher):
        """A function of (first, last) giving those rows of the matches in the search's order, as (document,
        score or None): every page, and every chunk of an export, a slice of one order."""
        index = self.index
        by_date = sort != "relevance" or isinstance(query, Every)
        only_speakers = not (parsed.terms or parsed.phrases)
        if by_date or only_speakers:
            # Newest (oldest) first, or the speakers' most substantial statements first: no score needed. Of
            # several speakers (`Trump Putin`), what one said naming another comes first (question_query's
            # ranking side).
            naming = None
            positive = query.a if isinstance(query, AndNot) else query  # (`Trump Putin -wall`)
            if only_speakers and not by_date and isinstance(positive, AndMaybe):
                naming = np.isin(matches, index.docsets.docs(positive.b, searcher), assume_unique=True)
            docs = ordered(matches, index, searcher, sort, substance=not by_date, first=naming)
            return lambda first, last: [(int(docnum), None) for docnum in docs[first:last]]
        return lambda first, last: scored(query, matches, index, searcher, first, last)

    def every_match(self, q: str = "", filters: Filters | None = None, sort: str = "relevance",
                    group: bool = True, chunk: int = 500) -> Iterator[StatementRecord]:
        """Every statement a search matches (`group`: as `search`), in the search's order, read `chunk` at a time:
        an export of a whole result set never holds it in memory (only the numbers of the matching documents)."""
        filters = filters or Filters()
        check_paging(1, 1, sort, filters.kind)
        parsed, query, searcher, matches, _ = self._matching(q, filters, Budget(), group)
        if matches is None:
            return
        rows = self._rows(parsed, query, matches, sort, searcher)
        for first in range(0, len(matches), chunk):
            for docnum, _ in rows(first, first + chunk):
                yield self._record(searcher.stored_fields(docnum)["payload"])

    # -- single records -------------------------------------------------------------------------------

    def statement(self, statement_id: str) -> StatementRecord | None:
        fields = self.index.searcher().document(id=statement_id)
        return self._record(fields["payload"]) if fields else None

    def reports(self, statement_id: str) -> list[dict] | None:
        """Every article that reported the statement (its group's reports, earliest first; the statement alone
        when only its article did); None when there is no such statement."""
        grouped = self.index.groups.reports(statement_id)
        if grouped:
            return grouped
        statement = self.statement(statement_id)
        return [report_of(statement.to_dict())] if statement is not None else None

    def _record(self, payload: dict) -> StatementRecord:
        """A stored statement with its group: null, or the group's id, its number of reports and the earliest."""
        return StatementRecord({**payload, "group": self.index.groups.summary(payload["id"])})

    def speakers(self, q: str | None = None, page: int = 1, per_page: int = 50,
                 type: str = "named") -> Page[SpeakerProfile]:
        """Speakers, most quoted first; `q` narrows by name, `type` by type (`named`: all but unnamed sources)."""
        check_paging(page, per_page)
        if type not in SPEAKER_LIST_TYPES:
            raise InvalidParameter("type", f"must be one of {', '.join(SPEAKER_LIST_TYPES)}")
        types = set(NAMED_TYPES if type == "named" else SPEAKER_TYPES if type == "all" else [type])
        everyone = sorted((s for s in self.index.speakers.values() if (s.get("type") or "person") in types),
                          key=lambda s: (-s["statements"], s["name"]))
        if q:
            needle = q.strip().lower()
            everyone = [s for s in everyone if needle in s["name"].lower()
                        or any(needle in a.lower() for a in s["aliases"])]
        return Page([SpeakerProfile(s) for s in everyone[(page - 1) * per_page : page * per_page]], len(everyone))

    def speaker(self, slug_or_name: str) -> SpeakerProfile | None:
        """A speaker by slug (also the slug of a name merged into them), else by a name, alias or role naming them."""
        index = self.index
        slug = slug_or_name if slug_or_name in index.speakers else (
            index.redirects.get(slug_or_name) or index.directory.lookup(slug_or_name))
        found = index.speakers.get(slug) if slug else None
        if found is None:
            return None
        outlet = index.outlets_quoted.get(slug)
        return SpeakerProfile({**found, "outlet": outlet} if outlet else found)

    def article(self, slug: str) -> ArticleRecord | None:
        fields = self.index.searcher(ARTICLES).document(slug=slug)
        return ArticleRecord(fields["payload"]) if fields else None

    def articles(self, page: int = 1, per_page: int = 50) -> Page[ArticleSummary]:
        """Articles, newest first."""
        check_paging(page, per_page)
        searcher = self.index.searcher(ARTICLES)
        results = searcher.search(Every(), limit=page * per_page,
                                  sortedby=sorting.FieldFacet("published", reverse=True))
        rows = []
        for hit in results[(page - 1) * per_page : page * per_page]:
            payload = {k: v for k, v in hit["payload"].items() if k not in ("text", "statements")}
            payload["statement_count"] = hit["statements"]
            rows.append(ArticleSummary(payload))
        return Page(rows, len(results))

    def stats(self) -> Stats:
        """The index's figures, for the home page and health check."""
        index = self.index
        manifest = index.manifest
        return Stats(
            statements=manifest["statements"],
            speakers=manifest["speakers"],
            articles=manifest["articles"],
            outlets=len(manifest.get("outlets", {})),
            first_said=manifest.get("first_said"),
            last_said=manifest.get("last_said"),
            built=manifest.get("created"),
            build=index.name,
        )
