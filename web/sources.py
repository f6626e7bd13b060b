"""The name an article's source is shown by: its path relative to the file or folder given to `saidwhat index`,
never the absolute path of the machine that built the index."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import PurePath

from indexer.model import is_address
from search import IndexMissing, IndexStore


@dataclass(frozen=True)
class SourceNames:
    """Article paths as names relative to the inputs of a build (the `sources` of its manifest)."""

    sources: tuple[str, ...] = ()

    def __call__(self, path: str | None) -> str:
        """`/srv/news/2025/a.txt` given `/srv/news` -> `2025/a.txt`; a file given by itself, or an article from no
        known input, -> its file name (`feed.jsonl:3` for a JSON Lines record); an article read from the web -> its
        address."""
        if not path:
            return ""
        if is_address(path):
            return path
        best = ""
        for source in self.sources:
            if path.startswith(source + "/") and len(source) > len(best):
                best = source
        if best:
            return path[len(best) + 1:]
        return PurePath(path).name


def source_names_of(manifest: dict) -> SourceNames:
    """The names for a build, from its manifest's inputs (as given to `saidwhat index`, slashes normalised)."""
    sources = manifest.get("sources") or []
    return SourceNames(tuple(str(PurePath(s)) for s in sources if isinstance(s, str) and s))


class BuildSources:
    """The SourceNames of whichever build a store serves, read once per build."""

    def __init__(self, store: IndexStore):
        self.store = store
        self._cache: tuple[str, SourceNames] | None = None
        self._lock = threading.Lock()

    def current(self) -> SourceNames:
        name = self.store.current_name()
        cached = self._cache
        if name is None:
            return SourceNames()
        if cached is None or cached[0] != name:
            try:
                names = source_names_of(self.store.manifest(self.store.builds / name))
            except IndexMissing:
                names = SourceNames()
            with self._lock:
                self._cache = cached = (name, names)
        return cached[1]
