"""What a search may ask for: kinds, speaker types, sort orders and page limits, checked in one place; and how
much work the help around a search (speaker names read with typos, "did you mean") may cost.

The kinds and speaker types are the data model's own (`indexer.model`); the web's parameters and its OpenAPI
description import them from here, so that the engine, the API and its description cannot disagree.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import get_args

from indexer.model import SpeakerType, StatementKind

KINDS: tuple[str, ...] = get_args(StatementKind)
SPEAKER_TYPES: tuple[str, ...] = get_args(SpeakerType)
SORTS = ("relevance", "newest", "oldest")
NAMED_TYPES: tuple[str, ...] = tuple(kind for kind in SPEAKER_TYPES if kind != "description")
SPEAKER_LIST_TYPES: tuple[str, ...] = ("named", "all", *SPEAKER_TYPES)  # what a list of speakers may show
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
ARTICLE_SECONDS = 60.0  # the time limit to load one article, and to extract its statements
HELP_SECONDS = 0.5  # CPU time of a search's fuzzy work (speaker names with typos, "did you mean"), all told
# Searches a process runs at once; the others wait their turn. A search is Python work under the interpreter lock
# with many short releases of it (numpy on large arrays): threads searching together only take turns, and each
# turn given back costs a wait for the lock, so that at 1M statements, with 8 clients over 2 processes of 8
# threads, a heavy search took 300-500 ms instead of the 20-60 ms it takes alone (docs/performance.md).
SEARCHES_AT_ONCE = 1


class InvalidParameter(ValueError):
    """A search parameter that cannot be used; the message says which and why."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name


def page_count(total: int, per_page: int) -> int:
    """The number of pages `total` rows make, `per_page` a page; an empty listing still has one page."""
    return max(1, math.ceil(total / per_page))


def check_paging(page: int, per_page: int, sort: str = "relevance", kind: str | None = None) -> None:
    """InvalidParameter for a page, page size, sort order or kind out of bounds."""
    if page < 1:
        raise InvalidParameter("page", "must be 1 or more")
    if page > MAX_PAGE:
        raise InvalidParameter("page", f"must be at most {MAX_PAGE}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidParameter("per_page", f"must be between 1 and {MAX_PER_PAGE}")
    if sort not in SORTS:
        raise InvalidParameter("sort", f"must be one of {', '.join(SORTS)}")
    if kind and kind not in KINDS:
        raise InvalidParameter("kind", f"must be one of {', '.join(KINDS)}")


@dataclass
class Budget:
    """The CPU time (of the calling thread) a search's fuzzy work may take, its steps together: each step runs
    `with budget:` and, once `spent`, answers with what it has found so far. The search's other work (matching,
    scoring) is not counted; thread time, so that a busy machine does not cut the work short."""

    seconds: float = HELP_SECONDS
    used: float = 0.0
    _since: float | None = field(default=None, repr=False)

    def __enter__(self) -> Budget:
        self._since = time.thread_time()
        return self

    def __exit__(self, *_exc) -> None:
        if self._since is not None:
            self.used += time.thread_time() - self._since
        self._since = None

    @property
    def spent(self) -> bool:
        running = time.thread_time() - self._since if self._since is not None else 0.0
        return self.used + running > self.seconds
