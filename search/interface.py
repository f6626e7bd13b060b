"""What the web and the command line need of a search engine, and the one place that makes one.

`StatementSearch` is the protocol; `open_search` returns its implementation (`SearchService` over the Whoosh
builds of an `IndexStore`). Callers depend on the protocol and the records of search/records.py only.
"""

from __future__ import annotations

import os
from typing import Protocol, runtime_checkable

from .records import ArticleRecord, ArticleSummary, Filters, Page, SearchResults, SpeakerProfile, StatementRecord, Stats


@runtime_checkable
class StatementSearch(Protocol):
    """Searching statements and reading the speakers and articles of the index being served.

    Every method raises `IndexMissing` when there is no usable index; the paged ones raise `InvalidParameter`
    for a page, page size, sort order or kind out of bounds (search/limits.py)."""

    def open(self) -> None:
        """Open the index now rather than at the first call."""

    def search(self, q: str = "", filters: Filters | None = None, page: int = 1, per_page: int = 10,
               sort: str = "relevance", group: bool = True) -> SearchResults:
        """Statements matching a question and filters: best first, or `newest`, `oldest`; with `group`, one
        for each statement reported in several articles."""

    def statement(self, statement_id: str) -> StatementRecord | None:
        """One statement by id, with its group; None when there is none."""

    def reports(self, statement_id: str) -> list[dict] | None:
        """Every report of a statement in the index, earliest first; None when there is no such statement."""

    def speakers(self, q: str | None = None, page: int = 1, per_page: int = 50,
                 type: str = "named") -> Page[SpeakerProfile]:
        """Speakers, most quoted first; `q` narrows by name or alias; `type` is `named` (all but unnamed
        sources), `all`, or one speaker type."""

    def speaker(self, slug_or_name: str) -> SpeakerProfile | None:
        """One speaker by slug or by a name naming them; None when there is none."""

    def articles(self, page: int = 1, per_page: int = 50) -> Page[ArticleSummary]:
        """Articles, newest first."""

    def article(self, slug: str) -> ArticleRecord | None:
        """One article with its text and statements; None when there is none."""

    def stats(self) -> Stats:
        """The figures of the index being served."""


def open_search(index_dir: str | os.PathLike | None = None) -> StatementSearch:
    """The search over the index in `index_dir` (default: $SAIDWHAT_INDEX_DIR or var/index). Opening is lazy:
    a missing index is reported by the first call (or by `open()`)."""
    from .engine import SearchService
    from .store import IndexStore

    return SearchService(IndexStore(index_dir))
