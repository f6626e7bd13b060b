"""One build opened for reading: its three Whoosh indexes, its speakers, and a searcher per thread."""

from __future__ import annotations

import logging
import threading

from whoosh.index import open_dir
from whoosh.query import Phrase

from .docsets import DocSets
from .facets import FACET_FIELDS
from .groups import StatementGroups
from .identities import organization_key
from .queries import TOPIC_FIELDS
from .query import SpeakerDirectory, SpeakerEntry
from .schema import ARTICLES, SPEAKERS, STATEMENTS
from .store import IndexMissing, IndexStore

logger = logging.getLogger(__name__)
ARRAYS = "arrays"  # the folder of a build where its per-document arrays are kept (search/docsets.py)


class OpenIndex:
    """One build opened for reading: its three indexes, speakers, and per-thread searchers."""

    def __init__(self, store: IndexStore, name: str):
        path = store.verify(name)  # every file there, with its size: else IndexMissing saying what is wrong
        try:
            self.statements = open_dir(str(path), indexname=STATEMENTS)
            self.schema = self.statements.schema  # (Index.schema reads the table of contents from disk each time)
            self.articles = open_dir(str(path), indexname=ARTICLES)
            self.speakers_index = open_dir(str(path), indexname=SPEAKERS)
            self.speakers = self._load_speakers()
            # the slug of each name form merged into a speaker -> that speaker's slug (old links keep working)
            self.redirects = {merged["slug"]: slug for slug, payload in self.speakers.items()
                              for merged in payload.get("merged", ()) if merged["slug"] not in self.speakers}
            self.vocabulary = self._vocabulary()
        except IndexMissing:
            raise
        except Exception as error:  # whatever Whoosh raises on damaged files: the build is unusable
            raise IndexMissing(store.root, f"build {name!r} cannot be opened: {type(error).__name__}: {error}") \
                from error
        self.name = name
        self.manifest = store.manifest(path)
        self.outlets_quoted = self._outlets_quoted()
        self.groups = StatementGroups(path)
        self._local = threading.local()
        self.docsets = DocSets(self.searcher(), shared=path / ARRAYS)
        self.directory = SpeakerDirectory([
            SpeakerEntry(p["slug"], p["name"], p["statements"],
                         [*p["aliases"], *(merged["name"] for merged in p.get("merged", ()))],
                         p["roles"],
                         p.get("type") or "person", [seen["role"] for seen in p.get("role_history", ())])
            for p in self.speakers.values()
        ], self.vocabulary, self._phrase_uses)
        threading.Thread(target=self._warm, name=f"saidwhat-warm-{name}", daemon=True).start()

    def _warm(self) -> None:
        """Make the arrays of facets, sorting and scoring (search/docsets.py) in the background, so that the first
        searches after an open do not each wait for them."""
        try:
            with self.statements.searcher() as searcher:
                self.docsets.warm(searcher, ordinals=FACET_FIELDS.values(),
                                  numbers=["said_on", "position", *(f"{name} length" for name in TOPIC_FIELDS)])
                self.groups.warm(searcher)
        except Exception as error:  # the build was removed meanwhile, say: searches make what they need
            logger.warning("warming build %s stopped: %s: %s", self.name, type(error).__name__, error)

    def _vocabulary(self) -> dict[str, int]:
        """The words of the statements' text, each with the number of statements using it."""
        with self.statements.reader() as reader:
            return {(term.decode("utf-8") if isinstance(term, bytes) else term): info.doc_frequency()
                    for term, info in reader.iter_field("words")}

    def _phrase_uses(self, words: list[str]) -> int:
        """The number of statements whose text has these words in a row."""
        if any(not word for word in words):
            return 0
        return len(self.docsets.matches(Phrase("words", words), None, self.searcher()))

    def _outlets_quoted(self) -> dict[str, str]:
        """Speaker slug -> the outlet of this index it is (`The Washington Post` quoted as a source, and the
        outlet `Washington Post`): so that its page can lead to what the outlet published."""
        outlets = {organization_key(outlet): outlet for outlet in self.manifest.get("outlets", {})}
        found = {}
        for slug, payload in self.speakers.items():
            if payload.get("type") == "organization":
                names = [payload["name"], *(merged["name"] for merged in payload.get("merged", ()))]
                outlet = next((outlets[key] for key in map(organization_key, names) if key in outlets), None)
                if outlet:
                    found[slug] = outlet
        return found

    def _load_speakers(self) -> dict[str, dict]:
        with self.speakers_index.searcher() as searcher:
            return {fields["slug"]: fields["payload"] for fields in searcher.all_stored_fields()}

    def searcher(self, which: str = STATEMENTS):
        """This thread's searcher for one of the indexes (opened once per thread and build)."""
        searchers = self._local.__dict__.setdefault("searchers", {})
        if which not in searchers:
            searchers[which] = getattr(self, {STATEMENTS: "statements", ARTICLES: "articles"}[which]).searcher()
        return searchers[which]
