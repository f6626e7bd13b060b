"""Incremental update: add new articles and replace changed ones without rebuilding the whole index.

An article is known by its source (`identity.source_key`: its id, else its file's name relative to the folder
given) and its text by a content hash; each article of the inputs counts once, as in a build. `update_index`
copies the served build (its files copied), extracts only the articles that are new or whose text changed,
deletes what the old versions said, writes the new statements, recounts the speakers they touch, and swaps the
copy in, as atomically as a rebuild: the old build serves until then, and a failed update leaves it as it was.
Articles that are not in the inputs stay in the index (an update never removes).

The speakers' records are recounted from the statements stored in the index, so they are what a full
rebuild would give, with two exceptions written down here: name folding (`Trump` into `Donald Trump`) is
done for the speakers the update touches, and the index's first and last day of speech only widen.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import open_dir
from whoosh.query import Or, Term

from indexer import Article, Extractor, Skipped

from .build import (
    fold_speakers,
    readable_articles,
    reject_if_strict,
    skip_reasons,
    skips_dict,
    write_manifest,
    write_speakers,
)
from .extraction import ARTICLE_SECONDS, MAX_BODY_CHARS, extract_stream
from .identity import legacy_source_key, source_key
from .schema import ARTICLES, SPEAKERS, STATEMENTS
from .speakers import SpeakerRecord, name_merges
from .store import IndexMissing, IndexStore
from .writing import ArticleWriter, Days, WriterFactory, index_writer


class UpdateUnsupported(IndexMissing):
    """The served index was built before updates were possible: rebuild it once."""


@dataclass
class UpdateSummary:
    """What an update did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    statements_added: int = 0
    statements_removed: int = 0
    speakers: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    build: str = ""

    @property
    def articles(self) -> int:
        """Articles written (added or replaced)."""
        return self.added + self.replaced

    def skip_reasons(self) -> list[tuple[str, int]]:
        return skip_reasons(self.skipped)

    def to_dict(self) -> dict:
        return {
            "added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
            "statements_added": self.statements_added, "statements_removed": self.statements_removed,
            "speakers": self.speakers, **skips_dict(self.skipped),
            "seconds": round(self.seconds, 2), "build": self.build,
        }


def update_index(
    paths: Iterable[str | Path],
    store: IndexStore,
    extractor: Extractor | None = None,
    progress: Callable[[Iterator], Iterator] | None = None,
    *,
    strict: bool = False,
    article_seconds: float | None = ARTICLE_SECONDS,
    max_body_chars: int = MAX_BODY_CHARS,
    workers: int = 1,
    factory: Callable[[], Extractor] | None = None,
    writer_factory: WriterFactory = ArticleWriter,
) -> UpdateSummary:
    """Add the articles of `paths` that are not indexed, and replace those whose text changed.

    Old versions are removed and new ones written through the `IndexWriter` that `writer_factory` makes. Skips
    are handled as in `build_index`; with `strict`, any skip leaves the index as it was (BuildRejected).
    Raises IndexMissing when there is no index to update (or UpdateUnsupported when it predates updates), and
    RebuildInProgress when a rebuild or another update is running.
    """
    started = time.monotonic()
    summary = UpdateSummary()
    paths = list(paths)
    with store.new_build(from_current=True) as build:
        manifest = store.manifest(store.current_path())
        statements_ix = open_dir(build, indexname=STATEMENTS)
        articles_ix = open_dir(build, indexname=ARTICLES)
        speakers_ix = open_dir(build, indexname=SPEAKERS)
        if "source" not in articles_ix.schema:
            raise UpdateUnsupported(store.root, "it was built by an older saidwhat, before updates; rebuild it once "
                                                "with `saidwhat index PATH ...`")
        touched: set[str] = set()  # speakers whose statements change
        replaced: dict[str, str] = {}  # slug of the new version -> slug of the old one

        with articles_ix.searcher() as old_articles, statements_ix.searcher() as old_statements:
            claimed: set[str] = set()  # old slugs kept or being replaced by an article of this update

            def changed() -> Iterator[Article]:
                for article in readable_articles(paths, summary.skipped):
                    old = _indexed_version(old_articles, article, claimed)
                    if old is not None:
                        claimed.add(old["slug"])
                        if old["content_hash"] == article.content_hash:
                            summary.unchanged += 1
                            continue
                        replaced[article.slug] = old["slug"]
                    yield article

            extracted, model = extract_stream(changed(), summary.skipped.append, extractor=extractor,
                                              workers=workers, factory=factory, seconds=article_seconds,
                                              max_body_chars=max_body_chars)
            writer = writer_factory(statements_ix, articles_ix, summary.skipped,
                                    outlets=Counter(manifest.get("outlets", {})),
                                    days=Days(manifest.get("first_said"), manifest.get("last_said")))
            with closing(extracted):
                for article, statements in progress(extracted) if progress else extracted:
                    old_slug = replaced.pop(article.slug, None)  # once: a second copy is a duplicate
                    if old_slug:
                        old = old_articles.document(slug=old_slug)
                        for fields in old_statements.documents(article_slug=old_slug):
                            touched.add(fields["speaker_slug"])
                            summary.statements_removed += 1
                        writer.remove(old_slug, old["outlet"] if old else None)
                    written = writer.write(article, statements)
                    if written is None:
                        continue
                    if old_slug:
                        summary.replaced += 1
                    else:
                        summary.added += 1
                    summary.statements_added += len(written)
                    touched.update(data["speaker"]["slug"] for data in written)
        reject_if_strict(writer, summary, strict)
        writer.commit()
        _recount(statements_ix, articles_ix, speakers_ix, touched)
        summary.speakers = speakers_ix.doc_count()
        summary.seconds = time.monotonic() - started
        summary.build = build.name
        write_manifest(build, articles=articles_ix.doc_count(), statements=statements_ix.doc_count(),
                       speakers=summary.speakers,
                       outlets=dict(Counter({k: v for k, v in writer.outlets.items() if v > 0}).most_common()),
                       first_said=writer.days.first, last_said=writer.days.last,
                       sources=list(dict.fromkeys([*manifest.get("sources", []), *(str(p) for p in paths)])),
                       skipped=len(summary.skipped), model=model or manifest.get("model"))
    return summary


def _indexed_version(searcher, article: Article, claimed: set[str]) -> dict | None:
    """The stored fields of the indexed version of `article`, if any, that no other article of the update has
    claimed: the same article (same slug), else one of the same source, the same text first, then the one read from
    the same path (two inputs can hold files of one name). Builds made before source names were stored know a
    file by its absolute path."""
    same = searcher.document(slug=article.slug)
    if same is not None and same["slug"] not in claimed:
        return same
    found = {fields["slug"]: fields for key in dict.fromkeys([source_key(article), legacy_source_key(article)])
             for fields in searcher.documents(source=key) if fields["slug"] not in claimed}
    if not found:
        return None
    candidates = list(found.values())
    for fields in candidates:
        if fields["content_hash"] == article.content_hash:
            return fields
    for fields in candidates:
        if fields["payload"].get("path") == article.path:
            return fields
    return candidates[0]


def _recount(statements_ix, articles_ix, speakers_ix, touched: set[str]) -> None:
    """Recount the speakers in `touched` from their statements in the index, fold short names into the full
    names they stand for (as a rebuild would), and rewrite their entries in the speakers index."""
    with statements_ix.searcher() as searcher:
        speakers = {slug: record for slug in sorted(touched) if (record := _record_of(searcher, slug))}
        names = _namesakes(speakers_ix, [record.name for record in speakers.values()])
        for slug in touched - set(speakers):
            names.pop(slug, None)  # nothing of theirs is left
        names.update({slug: (record.name, record.type) for slug, record in speakers.items()})
        merges = {short: full for short, full in name_merges(names).items() if short in touched or full in touched}
        for slug in sorted({*merges, *merges.values()} - set(speakers)):
            if record := _record_of(searcher, slug):
                speakers[slug] = record
    rewritten = {*touched, *speakers, *merges}
    fold_speakers(statements_ix, articles_ix, merges, speakers)
    with index_writer(speakers_ix) as writer:
        for slug in sorted(rewritten):
            writer.delete_by_term("slug", slug)
        write_speakers(writer, speakers)


def _namesakes(speakers_ix, names: list[str]) -> dict[str, tuple[str, str]]:
    """The indexed speakers (slug -> (name, type)) that share a word with one of `names`: all that
    `name_merges` needs to fold those names (every speaker when a word is not indexed, as a stop word)."""
    analyzer = speakers_ix.schema["name"].analyzer
    words: set[str] = set()
    lost = False  # a word the index leaves out
    for word in {word for name in names for word in name.split()}:
        indexed = [token.text for token in analyzer(word)]
        lost = lost or not indexed
        words.update(indexed)
    with speakers_ix.searcher() as searcher:
        if lost:
            everyone = searcher.all_stored_fields()
            return {fields["slug"]: (fields["name"], fields["type"]) for fields in everyone}
        if not words:
            return {}
        hits = searcher.search(Or([Term("name", word) for word in sorted(words)]), limit=None)
        return {hit["slug"]: (hit["name"], hit["type"]) for hit in hits}


def _record_of(searcher, slug: str) -> SpeakerRecord | None:
    """A speaker's record counted from their statements in the index; None if they have none."""
    statements = [fields["payload"] for fields in searcher.documents(speaker_slug=slug)]
    if not statements:
        return None
    speaker = statements[0]["speaker"]
    record = SpeakerRecord(speaker["name"], speaker.get("type", "person"))
    for data in sorted(statements, key=lambda data: (data["article"]["slug"], data["start"])):
        record.add(data)  # an article's statements together, as add() needs
    return record
