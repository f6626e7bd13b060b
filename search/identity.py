"""What makes two loaded articles the same article, whatever path they were read through.

An article's source is its given id (a JSON Lines record's `id`), else its source name: its file's name relative
to the file or folder given to `saidwhat index` (`2025/a.txt`, `feed.jsonl:3`), never the absolute path it was
read from, so a corpus read through a symlink or after a move is the same corpus. `--update` replaces the indexed
article with the same source when its text changed. Two articles are one when they have the same given id, or,
without one, the same source name and the same text: a build keeps the first and reports the others as duplicates,
and so does an update.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from indexer import Article, Skipped, load_paths
from indexer.loading import Deferred
from indexer.model import is_address

DUPLICATE = "duplicate of an article already indexed"


def source_name(path: str, given: str | os.PathLike) -> str:
    """`/srv/news/2025/a.txt` read from `/srv/news` -> `2025/a.txt`; a file given by itself -> its file name
    (`feed.jsonl:3` for a record of a JSON Lines file); an article read from the web (a page, a feed's item, a
    web archive's record) -> its address."""
    if is_address(path):
        return path
    root = str(PurePath(given))
    if root == "." and not os.path.isabs(path):
        return path
    if path.startswith(root + os.sep) or path.startswith(root + "/"):
        return path[len(root) + 1:]
    return PurePath(path).name


def legacy_source_key(article: Article) -> str:
    """The source that builds made before source names stored: the given id, else the absolute path."""
    return article.external_id or os.path.abspath(article.path)


def identity(article: Article) -> str:
    """One key for all the copies of an article: its given id, else its source name with its text."""
    if article.external_id:
        return "id\0" + article.external_id
    return hashlib.sha1(f"file\0{article.source}\0{article.content_hash}".encode()).hexdigest()


@dataclass(frozen=True)
class DeferredFile:
    """A file of the inputs left for a cluster's worker to read (a WARC file), with the input it was found under
    (for its articles' source names)."""

    path: str
    given: str


class FirstCopies:
    """Each identity once: every later copy of an article goes to `skipped` as a duplicate."""

    def __init__(self, skipped: list[Skipped]):
        self.skipped = skipped
        self._seen: set[str] = set()

    def keep(self, article: Article) -> bool:
        key = identity(article)
        if key in self._seen:
            self.skipped.append(Skipped(article.path, DUPLICATE))
            return False
        self._seen.add(key)
        return True


def sourced_articles(paths: Iterable[str | Path], skipped: list[Skipped], fetcher=None,
                     copies: FirstCopies | None = None,
                     defer_warc: bool = False) -> Iterator[Article | DeferredFile]:
    """The articles loaded from `paths` (web addresses fetched with `fetcher`), each with its source name, and each
    identity once (`copies`, which a cluster's run shares to check what its workers read): what cannot be loaded,
    and every later copy of an article, goes to `skipped`. With `defer_warc`, a WARC file is a `DeferredFile`."""
    copies = copies or FirstCopies(skipped)
    for given in paths:
        for item in load_paths([given], fetcher, defer_warc=defer_warc):
            if isinstance(item, Skipped):
                skipped.append(item)
            elif isinstance(item, Deferred):
                yield DeferredFile(item.path, str(given))
            elif copies.keep(article := replace(item, source_name=source_name(item.path, given))):
                yield article
