"""Whether the served build can answer, checked cheaply, and what a response may say about an unusable index:
the reason, never the server's paths."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from search import IndexMissing, IndexStore, StatementSearch

logger = logging.getLogger(__name__)

REBUILD = "Rebuild it with `saidwhat index [PATH ...]`."


@dataclass(frozen=True)
class Problem:
    """Why the index cannot serve: a machine-readable code and a message for people."""

    code: str
    message: str


def public_message(error: Exception, root: Path) -> str:
    """The message of `error` with the index folder's path left out (`No usable index (…)`)."""
    message = str(error)
    for where in dict.fromkeys((str(root), str(root.resolve()))):
        message = message.replace(f" in {where} (", " (").replace(where, "the index folder")
    return message


def damage(store: IndexStore) -> IndexMissing | None:
    """What is wrong with the build being served (a missing or damaged file, a bad CURRENT), or None."""
    try:
        store.current_path()  # every file the manifest lists, with its size
    except IndexMissing as missing:
        return missing
    return None


def check(service: StatementSearch, store: IndexStore) -> Problem | None:
    """None if the served build is whole and answers a trial search, else the problem.

    Cheap: a stat of each file of the build against its manifest, and a search for one statement."""
    try:
        build = service.stats().build
        if build is not None:
            store.verify(build)
        service.search(q="", per_page=1)
    except IndexMissing as missing:
        return Problem("index_missing", public_message(missing, store.root))
    except Exception as error:  # whatever a damaged build makes Whoosh raise
        logger.exception("health check: the trial search failed")
        return Problem("index_damaged", f"The index cannot be searched: a trial search failed "
                                        f"({type(error).__name__}). {REBUILD}")
    return None
