"""Building the index from article files: load, extract, write, then swap the new build in.

Extraction and its limits are in `search.extraction`, writing through `IndexWriter` in `search.writing`; a
build with no article, or (strict) with any skip, is not swapped in: the old index keeps serving.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from whoosh.index import create_in

from indexer import Article, Extractor, Skipped

from .cluster import ClusterRun
from .corrections import Corrections
from .documents import statement_fields
from .extraction import ARTICLE_SECONDS, MAX_BODY_CHARS, extract_stream
from .groups import SketchWriter, write_groups
from .identity import DeferredFile, FirstCopies, sourced_articles
from .schema import ARTICLES, STATEMENTS, article_schema, statement_schema
from .speaker_index import count_form, form_of, settle_speakers
from .speakers import SpeakerRecord
from .store import MANIFEST, IndexStore, build_files
from .writing import ArticleWriter, Days, IndexWriter, WriterFactory, index_writer

# Days, index_writer and statement_fields are listed for search/bulk.py, which writes builds of its own.
__all__ = ["ARTICLE_SECONDS", "BuildRejected", "BuildSummary", "Days", "build_index", "index_writer",
           "reject_if_strict", "statement_fields"]


class BuildRejected(RuntimeError):
    """A finished build that was not swapped in (nothing indexed, or skips with `strict`)."""

    def __init__(self, summary: BuildSummary, message: str):
        super().__init__(message)
        self.summary = summary


@dataclass
class BuildSummary:
    """What a rebuild did, for the command line and the logs."""

    articles: int = 0
    statements: int = 0
    speakers: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    build: str = ""
    retried: int = 0  # articles extracted again after a cluster's worker died holding them
    phases: dict[str, float] = field(default_factory=dict)  # seconds of each step, in the order they ran

    def timed(self, phase: str, since: float) -> float:
        """Record the seconds of `phase`, which began at `since` (time.monotonic()); returns now."""
        now = time.monotonic()
        self.phases[phase] = round(now - since, 3)
        return now

    def skip_reasons(self) -> list[tuple[str, int]]:
        return skip_reasons(self.skipped)

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            "statements": self.statements,
            "speakers": self.speakers,
            "retried": self.retried,
            **skips_dict(self.skipped),
            "seconds": round(self.seconds, 2),
            "phases": dict(self.phases),
            "build": self.build,
        }


def skip_reasons(skipped: list[Skipped]) -> list[tuple[str, int]]:
    """The kinds of reasons for skipping, with how many inputs each, most frequent first."""
    counts = Counter(s.group for s in skipped)
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def skips_dict(skipped: list[Skipped]) -> dict:
    """The skipped inputs of a run, for its JSON summary."""
    return {"skipped_count": len(skipped), "skip_reasons": dict(skip_reasons(skipped)),
            "skipped": [{"path": s.path, "reason": s.reason} for s in skipped]}


def reject_if_strict(writer: IndexWriter, summary, strict: bool) -> None:
    """Throw the writing away (BuildRejected) when `strict` and something was skipped."""
    if strict and summary.skipped:
        writer.cancel()
        raise BuildRejected(summary, f"{len(summary.skipped)} input(s) skipped with --strict; the index was left "
                                     "as it was")


def readable_articles(paths: Iterable[str | Path], skipped: list[Skipped], fetcher=None,
                      copies: FirstCopies | None = None, defer_warc: bool = False) -> Iterator[Article | DeferredFile]:
    """The articles loaded from `paths` (web addresses through `fetcher`, an `indexer.fetching.Fetcher`), each
    article once (search/identity.py: `copies`); what cannot be loaded, and the duplicates, go to `skipped`. With
    `defer_warc` (a cluster's run), WARC files are left for the workers to read."""
    return sourced_articles(paths, skipped, fetcher, copies, defer_warc)


def write_manifest(build: Path, **facts) -> None:
    """The build's manifest: its figures, and its files with their sizes (IndexStore.verify checks them)."""
    manifest = {"created": datetime.now().isoformat(timespec="seconds"), **facts, "files": build_files(build)}
    (build / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def build_index(
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
    fetcher=None,
    cluster: str | None = None,
) -> BuildSummary:
    """Rebuild the index from `paths` into a new build and swap it in when complete.

    Unreadable articles, and articles that fail or take longer than `article_seconds` to extract, are
    skipped and listed in the summary; the old index serves until the swap. A build without any article,
    or with a skip when `strict`, is thrown away (BuildRejected) and the old index stays.
    With `workers` > 1, extraction runs in that many processes, each with an Extractor made by `factory`
    (default: the same model and batch size as `extractor`); the index is written here, in input order, through
    the `IndexWriter` that `writer_factory` makes. Web addresses among `paths` are fetched with `fetcher` (an
    `indexer.fetching.Fetcher`; default: one with no cache). With `cluster` (a Dask scheduler's address, or
    `local:N`), extraction runs on that cluster's workers instead (search/cluster.py); raises ClusterLost when
    its scheduler cannot be reached or goes away, and nothing is swapped in.
    The speakers are planned from the name forms the statements use, with the store's corrections file.
    Raises RebuildInProgress when another rebuild of the store is running, BadCorrections when the corrections
    file cannot be read.
    """
    started = time.monotonic()
    summary = BuildSummary()
    paths = list(paths)
    corrections = Corrections.load(store.root)  # a file that cannot be read stops the build before it starts
    with store.new_build() as build:
        statements_ix = create_in(build, statement_schema(), indexname=STATEMENTS)
        articles_ix = create_in(build, article_schema(), indexname=ARTICLES)
        writer = writer_factory(statements_ix, articles_ix, summary.skipped)
        speakers: dict[str, SpeakerRecord] = {}
        sketches = SketchWriter()
        copies, run = FirstCopies(summary.skipped), ClusterRun(cluster or "")
        articles = readable_articles(paths, summary.skipped, fetcher, copies, defer_warc=cluster is not None)
        extracted, model = extract_stream(articles, summary.skipped.append,
                                          extractor=extractor, workers=workers, factory=factory,
                                          seconds=article_seconds, max_body_chars=max_body_chars,
                                          cluster=cluster, admit=copies.keep, run=run)
        with closing(extracted):
            for article, statements in progress(extracted) if progress else extracted:
                written = writer.write(article, statements)
                if written is None:
                    continue
                summary.articles += 1
                summary.statements += len(written)
                for data in written:
                    count_form(speakers, data)
                    sketches.add(data, form_of(data)["slug"])
        summary.retried = run.retried
        step = summary.timed("extract and write", started)
        summary.seconds = step - started
        if summary.articles == 0:
            writer.cancel()
            raise BuildRejected(summary, "no article could be indexed; the index was left as it was")
        reject_if_strict(writer, summary, strict)
        writer.commit()
        step = summary.timed("commit", step)
        plan = settle_speakers(build, statements_ix, articles_ix, speakers, corrections)
        summary.speakers = len(plan.speakers)
        step = summary.timed("speakers", step)
        groups = write_groups(build, statements_ix, sketches.sketches(), plan.target)
        summary.timed("groups", step)
        summary.seconds = time.monotonic() - started
        summary.build = build.name
        write_manifest(build, articles=summary.articles, statements=summary.statements, speakers=summary.speakers,
                       groups=groups,
                       outlets=dict(writer.outlets.most_common()), first_said=writer.days.first,
                       last_said=writer.days.last, sources=[str(p) for p in paths], skipped=len(summary.skipped),
                       model=model)
    return summary
