"""Writing articles into a build: the `IndexWriter` interface that a full build (search/build.py) and an
incremental update (search/update.py) both write through, and its Whoosh implementation.

A build writes every article into empty indexes; an update first removes the old version of each changed
article, then writes the new one the same way. Both then commit, or cancel when the build is rejected, and
read the outlets and days counted while writing for the build's manifest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from indexer import Article, Skipped, Statement

from .documents import article_fields, statement_fields
from .identity import DUPLICATE
from .writer import FastSegmentWriter

WRITER_MEMORY_MB = 64  # the posting buffer of a segment writer: memory stays flat, commits cost the same
SEGMENT_STATEMENTS = 100_000  # statements a segment holds at most (ArticleWriter)


class Days:
    """The first and the last day statements were made, without keeping every day."""

    def __init__(self, first: str | None = None, last: str | None = None):
        self.first, self.last = first, last

    def add(self, day: str | None) -> None:
        if day:
            self.first = min(self.first or day, day)
            self.last = max(self.last or day, day)


@runtime_checkable
class IndexWriter(Protocol):
    """Writes articles and their statements into one build, counting outlets and days as it goes."""

    outlets: Counter  # articles per outlet in the build
    days: Days  # the first and last day said in the build

    def write(self, article: Article, statements: list[Statement]) -> list[dict] | None:
        """Add an article and its statements; the statements written, as JSON dicts, or None (and a skip) when
        the article was written already in this run."""

    def remove(self, article_slug: str, outlet: str | None = None) -> None:
        """Delete an indexed article and its statements (and count one article less for its outlet)."""

    def commit(self) -> None:
        """Make everything written part of the build."""

    def cancel(self) -> None:
        """Throw away what was written since the last commit."""


WriterFactory = Callable[..., IndexWriter]  # (statements_ix, articles_ix, skipped, outlets=, days=) -> writer


def index_writer(index) -> FastSegmentWriter:
    """A writer for one of a build's Whoosh indexes. Segments are written as separate files, not one compound
    file: Whoosh reads a compound segment by copying each of its parts into memory, once for every searcher (and
    the server has a searcher per thread), while separate files are read through the page cache, shared by all.
    The writer is Whoosh's own with two wastes removed (search/writer.py)."""
    return FastSegmentWriter(index, limitmb=WRITER_MEMORY_MB, compound=False)


class ArticleWriter:
    """`IndexWriter` over a build's Whoosh statements and articles indexes.

    Every SEGMENT_STATEMENTS statements the segments written so far are committed and new ones begun: Whoosh
    keeps every distinct term of a segment in memory until the segment is written, and word pairs make distinct
    terms grow with the corpus, so this bounds that memory by the segment size rather than by the corpus.
    Searches read the few segments as one (search/docsets.py)."""

    def __init__(self, statements_ix, articles_ix, skipped: list[Skipped], outlets: Counter | None = None,
                 days: Days | None = None):
        self._indexes = statements_ix, articles_ix
        self._new_segments()
        self.outlets, self.days = outlets if outlets is not None else Counter(), days or Days()
        self.skipped = skipped
        self._seen: set[str] = set()

    def write(self, article: Article, statements: list[Statement]) -> list[dict] | None:
        if article.slug in self._seen:
            self.skipped.append(Skipped(article.path, DUPLICATE))
            return None
        self._seen.add(article.slug)
        if article.outlet:
            self.outlets[article.outlet] += 1
        self.articles.add_document(**article_fields(article, statements))
        written = [statement.to_dict() for statement in statements]
        for data in written:
            self.days.add(data["said_on"])
            self.statements.add_document(**statement_fields(data, self.statements.schema))
        self._in_segment += len(written)
        if self._in_segment >= SEGMENT_STATEMENTS:
            self._commit(merge=False)
            self._new_segments()
        return written

    def remove(self, article_slug: str, outlet: str | None = None) -> None:
        if outlet:
            self.outlets[outlet] -= 1
        self.statements.delete_by_term("article_slug", article_slug)
        self.articles.delete_by_term("slug", article_slug)

    def commit(self) -> None:
        self._commit(merge=True)

    def cancel(self) -> None:
        self.statements.cancel()
        self.articles.cancel()

    def _commit(self, merge: bool) -> None:
        self.statements.commit(merge=merge)
        self.articles.commit(merge=merge)

    def _new_segments(self) -> None:
        self.statements, self.articles = (index_writer(index) for index in self._indexes)
        self._in_segment = 0
