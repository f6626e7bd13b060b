"""Incremental update: add new articles and replace changed ones without rebuilding the whole index.

An article is known by its source (`Article.source`: its id, else its file's name relative to the folder
given) and its text by a content hash; each article of the inputs counts once, as in a build. `update_index`
copies the served build (its files copied), extracts only the articles that are new or whose text changed,
deletes what the old versions said, writes the new statements, recounts the speakers they touch, and swaps the
copy in, as atomically as a rebuild: the old build serves until then, and a failed update leaves it as it was.
Articles that are not in the inputs stay in the index (an update never removes).

The name forms the update touches are recounted from the statements stored in the index, and the speakers
planned again from every form with the corrections file (search/speaker_index.py), so they are what a full
rebuild would give, except that a speaker keeps the slug it had while that is still one of its forms, and the
index's first and last day of speech only widen.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import open_dir

from indexer import Article, Extractor, Skipped

from .build import readable_articles, reject_if_strict, skip_reasons, skips_dict, write_manifest
from .cluster import ClusterRun
from .corrections import Corrections
from .extraction import ARTICLE_SECONDS, MAX_BODY_CHARS, extract_stream
from .groups import Sketches, SketchWriter, write_groups
from .identities import SpeakerPlan
from .identity import DeferredFile, FirstCopies, legacy_source_key
from .schema import ARTICLES, SPEAKERS, STATEMENTS
from .speaker_index import count_form, form_field, form_of, settle_speakers
from .speakers import SpeakerRecord
from .store import IndexMissing, IndexStore
from .writing import ArticleWriter, Days, WriterFactory


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
    speaker_changes: list[str] = field(default_factory=list)  # names that now belong to another speaker
    retried: int = 0  # articles extracted again after a cluster's worker died holding them

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
            "speakers": self.speakers, "speaker_changes": self.speaker_changes, "retried": self.retried,
            **skips_dict(self.skipped),
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
    fetcher=None,
    cluster: str | None = None,
) -> UpdateSummary:
    """Add the articles of `paths` that are not indexed, and replace those whose text changed.

    Old versions are removed and new ones written through the `IndexWriter` that `writer_factory` makes. Skips
    are handled as in `build_index`; with `strict`, any skip leaves the index as it was (BuildRejected). Web
    addresses among `paths` are fetched with `fetcher`, and `cluster` extracts on a Dask cluster, as in
    `build_index`.
    Raises IndexMissing when there is no index to update (or UpdateUnsupported when it predates updates), and
    RebuildInProgress when a rebuild or another update is running.
    """
    started = time.monotonic()
    summary = UpdateSummary()
    paths = list(paths)
    corrections = Corrections.load(store.root)  # a file that cannot be read stops the update before it starts
    with store.new_build(from_current=True) as build:
        manifest = store.manifest(store.current_path())
        statements_ix = open_dir(build, indexname=STATEMENTS)
        articles_ix = open_dir(build, indexname=ARTICLES)
        speakers_ix = open_dir(build, indexname=SPEAKERS)
        if "source" not in articles_ix.schema:
            raise UpdateUnsupported(store.root, "it was built by an older saidwhat, before updates; rebuild it once "
                                                "with `saidwhat index PATH ...`")
        touched: set[str] = set()  # speakers whose statements change
        removed: list[str] = []  # slugs of the old versions of replaced articles
        sketches = SketchWriter(Sketches.load(build))
        replaced: dict[str, str] = {}  # slug of the new version -> slug of the old one

        with articles_ix.searcher() as old_articles, statements_ix.searcher() as old_statements:
            claimed: set[str] = set()  # old slugs kept or being replaced by an article of this update
            copies, run = FirstCopies(summary.skipped), ClusterRun(cluster or "")

            def wanted(article: Article) -> bool:
                """Whether an article is new or changed (and, if changed, which old version it replaces)."""
                old = _indexed_version(old_articles, article, claimed)
                if old is not None:
                    claimed.add(old["slug"])
                    if old["content_hash"] == article.content_hash:
                        summary.unchanged += 1
                        return False
                    replaced[article.slug] = old["slug"]
                return True

            def changed() -> Iterator[Article | DeferredFile]:
                for item in readable_articles(paths, summary.skipped, fetcher, copies, defer_warc=cluster is not None):
                    if isinstance(item, DeferredFile) or wanted(item):
                        yield item

            extracted, model = extract_stream(changed(), summary.skipped.append, extractor=extractor,
                                              workers=workers, factory=factory, seconds=article_seconds,
                                              max_body_chars=max_body_chars, cluster=cluster,
                                              admit=lambda article: copies.keep(article) and wanted(article),
                                              run=run)
            writer = writer_factory(statements_ix, articles_ix, summary.skipped,
                                    outlets=Counter(manifest.get("outlets", {})),
                                    days=Days(manifest.get("first_said"), manifest.get("last_said")))
            with closing(extracted):
                for article, statements in progress(extracted) if progress else extracted:
                    old_slug = replaced.pop(article.slug, None)  # once: a second copy is a duplicate
                    if old_slug:
                        old = old_articles.document(slug=old_slug)
                        for fields in old_statements.documents(article_slug=old_slug):
                            touched.add(form_of(fields["payload"])["slug"])
                            summary.statements_removed += 1
                        writer.remove(old_slug, old["outlet"] if old else None)
                        removed.append(old_slug)
                    written = writer.write(article, statements)
                    if written is None:
                        continue
                    if old_slug:
                        summary.replaced += 1
                    else:
                        summary.added += 1
                    summary.statements_added += len(written)
                    touched.update(form_of(data)["slug"] for data in written)
                    for data in written:
                        sketches.add(data, form_of(data)["slug"])
        summary.retried = run.retried
        reject_if_strict(writer, summary, strict)
        writer.commit()
        plan, summary.speaker_changes = _resettle(build, statements_ix, articles_ix, speakers_ix, touched,
                                                  corrections)
        summary.speakers = len(plan.speakers)
        groups = write_groups(build, statements_ix, sketches.sketches().without_articles(removed), plan.target)
        summary.seconds = time.monotonic() - started
        summary.build = build.name
        write_manifest(build, articles=articles_ix.doc_count(), statements=statements_ix.doc_count(),
                       speakers=summary.speakers, groups=groups,
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
    found = {fields["slug"]: fields for key in dict.fromkeys([article.source, legacy_source_key(article)])
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


def apply_corrections(store: IndexStore) -> tuple[SpeakerPlan, list[str]]:
    """Plan the speakers of the served index again with its corrections file and swap the result in (as an
    update does, atomically); the plan, and the names that moved to another speaker."""
    corrections = Corrections.load(store.root)
    with store.new_build(from_current=True) as build:
        manifest = store.manifest(store.current_path())
        statements_ix = open_dir(build, indexname=STATEMENTS)
        articles_ix = open_dir(build, indexname=ARTICLES)
        speakers_ix = open_dir(build, indexname=SPEAKERS)
        plan, changes = _resettle(build, statements_ix, articles_ix, speakers_ix, set(), corrections)
        groups = write_groups(build, statements_ix, Sketches.load(build), plan.target)
        facts = {key: value for key, value in manifest.items() if key not in ("created", "files")}
        write_manifest(build, **{**facts, "speakers": len(plan.speakers), "groups": groups})
    return plan, changes


def _resettle(build: Path, statements_ix, articles_ix, speakers_ix, touched: set[str],
              corrections: Corrections) -> tuple[SpeakerPlan, list[str]]:
    """Recount the name forms in `touched` from their statements, plan the speakers again from every form (the
    others as the build recorded them), fold what moved, and write the speakers index anew. The plan, and the
    names of earlier forms that now belong to another speaker (`Trump: trump -> donald-trump`)."""
    forms, previous, counted = _stored_forms(speakers_ix)
    with statements_ix.searcher() as searcher:
        for form in sorted(touched):
            record = _form_record(searcher, form)
            if record is None:
                forms.pop(form, None)  # nothing of theirs is left
            else:
                forms[form] = record
    plan = settle_speakers(build, statements_ix, articles_ix, forms, corrections, previous, touched, counted)
    changes = [f"{forms[form].name}: {previous[form]} -> {plan.target[form]}"
               for form in sorted(plan.changed(previous)) if form in previous]
    return plan, changes


def _stored_forms(speakers_ix) -> tuple[dict[str, SpeakerRecord], dict[str, str],
                                        dict[str, tuple[frozenset[str], int]]]:
    """The form records the build stored (form slug -> record), each form's speaker slug, and each speaker's
    forms and article count. A build made before forms were stored knows each speaker as one form."""
    forms: dict[str, SpeakerRecord] = {}
    previous: dict[str, str] = {}
    counted: dict[str, tuple[frozenset[str], int]] = {}
    with speakers_ix.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            stored = fields.get("forms") or {fields["slug"]: _record_from_payload(fields["payload"])}
            for form, data in stored.items():
                forms[form] = SpeakerRecord.from_record(data)
                previous[form] = fields["slug"]
            counted[fields["slug"]] = (frozenset(stored), fields["payload"].get("articles", 0))
    return forms, previous, counted


def _record_from_payload(payload: dict) -> dict:
    """A form record (SpeakerRecord.to_record) from the speaker payload of an older build."""
    roles = [[role, {role: 1}, None, None] for role in payload.get("roles", [])]
    return {"name": payload["name"], "type": payload.get("type", "person"), "statements": payload["statements"],
            "articles": payload.get("articles", 0), "first": payload.get("first_said"),
            "last": payload.get("last_said"), "aliases": payload.get("aliases", []),
            "outlets": payload.get("outlets", {}), "roles": roles}


def _form_record(searcher, form: str) -> SpeakerRecord | None:
    """A form's record counted from its statements in the index; None if it has none."""
    statements = [fields["payload"] for fields in searcher.documents(**{form_field(searcher.schema): form})]
    counted: dict[str, SpeakerRecord] = {}
    for data in sorted(statements, key=lambda data: (data["article"]["slug"], data["start"])):
        count_form(counted, data)  # an article's statements together
    return counted.get(form)
