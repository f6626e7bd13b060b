"""Building the index from article files: load, extract, write, then swap the new build in."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from whoosh.index import create_in

from indexer import Article, Extractor, Skipped, Statement, load_paths
from indexer.model import make_slug

from .schema import ARTICLES, SPEAKERS, STATEMENTS, article_schema, speaker_schema, statement_schema
from .store import MANIFEST, IndexStore

WRITER_MEMORY_MB = 256


@dataclass
class BuildSummary:
    """What a rebuild did, for the command line and the logs."""

    articles: int = 0
    statements: int = 0
    speakers: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    build: str = ""

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            "statements": self.statements,
            "speakers": self.speakers,
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "seconds": round(self.seconds, 2),
            "build": self.build,
        }


@dataclass
class _SpeakerRecord:
    name: str
    type: str
    roles: Counter = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    outlets: Counter = field(default_factory=Counter)
    statements: int = 0
    articles: set[str] = field(default_factory=set)
    first: str | None = None
    last: str | None = None

    def add(self, statement: Statement) -> None:
        self.statements += 1
        if statement.speaker.role:
            self.roles[statement.speaker.role] += 1
        self.aliases.update(statement.speaker.aliases)
        if statement.article.outlet:
            self.outlets[statement.article.outlet] += 1
        self.articles.add(statement.article.slug)
        if statement.said_on:
            day = statement.said_on.isoformat()
            self.first = min(self.first or day, day)
            self.last = max(self.last or day, day)

    def merge(self, other: _SpeakerRecord) -> None:
        self.roles.update(other.roles)
        self.aliases |= other.aliases | {other.name}
        self.outlets.update(other.outlets)
        self.statements += other.statements
        self.articles |= other.articles
        days = [d for d in (self.first, self.last, other.first, other.last) if d]
        self.first, self.last = (min(days), max(days)) if days else (None, None)

    def to_dict(self, slug: str) -> dict:
        return {
            "name": self.name,
            "slug": slug,
            "type": self.type,
            "role": self.roles.most_common(1)[0][0] if self.roles else None,
            "roles": [role for role, _ in self.roles.most_common()],
            "aliases": sorted(self.aliases - {self.name}),
            "statements": self.statements,
            "articles": len(self.articles),
            "outlets": dict(self.outlets.most_common()),
            "first_said": self.first,
            "last_said": self.last,
        }


def _datetime(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day) if day else None


def _short_name_merges(speakers: dict[str, _SpeakerRecord]) -> dict[str, str]:
    """Slugs of one-word person names (`wang`) that name exactly one fuller person (`wang-yi`)."""
    by_token: dict[str, set[str]] = {}
    for slug, record in speakers.items():
        words = record.name.lower().split()
        if record.type == "person" and len(words) > 1:
            for word in (words[0], words[-1]):
                by_token.setdefault(word, set()).add(slug)
    merges = {}
    for slug, record in speakers.items():
        words = record.name.lower().split()
        if record.type == "person" and len(words) == 1 and len(by_token.get(words[0], ())) == 1:
            merges[slug] = next(iter(by_token[words[0]]))
    return merges


def statement_fields(statement: dict) -> dict:
    """The indexed fields of one statement (as its JSON dict)."""
    speaker, article = statement["speaker"], statement["article"]
    said_on = date.fromisoformat(statement["said_on"]) if statement["said_on"] else None
    published = date.fromisoformat(article["published"]) if article["published"] else None
    fields = {
        "id": statement["id"],
        "text": statement["text"],
        "words": statement["text"],
        "speaker": speaker["name"],
        "speaker_aliases": " ".join(speaker.get("aliases", [])),
        "role": speaker.get("role") or "",
        "title": article["title"] or "",
        "outlet_text": article["outlet"] or "",
        "context": statement.get("context") or "",
        "speaker_slug": speaker["slug"],
        "kind": statement["kind"],
        "article_slug": article["slug"],
        "position": statement["start"],
        "payload": statement,
    }
    if article["outlet"]:
        fields["outlet"] = article["outlet"]
    if said_on:
        fields["said_on"] = _datetime(said_on)
        fields["month"] = said_on.strftime("%Y-%m")
    if published:
        fields["published"] = _datetime(published)
    return fields


def _article_payload(article: Article, statements: list[Statement]) -> dict:
    payload = article.to_dict()
    payload.update({
        "text": article.text,
        "url": article.url,
        "dateline_city": article.dateline_city,
        "body_start": article.body_start,
        "body_end": article.body_end,
        "statements": [
            {"id": s.id, "start": s.start, "end": s.end, "kind": s.kind,
             "speaker": {"name": s.speaker.name, "slug": s.speaker.slug}}
            for s in statements
        ],
    })
    return payload


def build_index(
    paths: Iterable[str | Path],
    store: IndexStore,
    extractor: Extractor | None = None,
    progress: Callable[[Iterator], Iterator] | None = None,
) -> BuildSummary:
    """Rebuild the index from `paths` into a new build and swap it in when complete.

    Unreadable articles are skipped and listed in the summary; the old index serves until the swap.
    """
    started = time.monotonic()
    summary = BuildSummary()
    extractor = extractor or Extractor()

    def readable() -> Iterator[Article]:
        for item in load_paths(paths):
            if isinstance(item, Skipped):
                summary.skipped.append(item)
            else:
                yield item

    def failed(article: Article, error: Exception) -> None:
        summary.skipped.append(Skipped(article.path, f"extraction failed: {type(error).__name__}: {error}"))

    with store.new_build() as build:
        statements_ix = create_in(build, statement_schema(), indexname=STATEMENTS)
        articles_ix = create_in(build, article_schema(), indexname=ARTICLES)
        statement_writer = statements_ix.writer(limitmb=WRITER_MEMORY_MB)
        article_writer = articles_ix.writer()
        speakers: dict[str, _SpeakerRecord] = {}
        short_named: dict[str, dict] = {}
        outlets: Counter = Counter()
        days: list[str] = []
        seen_articles: set[str] = set()
        stream = extractor.extract_many(readable(), on_error=failed)
        for article, statements in progress(stream) if progress else stream:
            if article.slug in seen_articles:
                summary.skipped.append(Skipped(article.path, "duplicate of an article already indexed"))
                continue
            seen_articles.add(article.slug)
            summary.articles += 1
            if article.outlet:
                outlets[article.outlet] += 1
            article_fields = {
                "slug": article.slug, "id": article.id, "content_hash": article.content_hash,
                "title": article.title, "outlet": article.outlet or "", "statements": len(statements),
                "payload": _article_payload(article, statements),
            }
            if article.published:
                article_fields["published"] = _datetime(article.published)
            article_writer.add_document(**article_fields)
            for statement in statements:
                slug = statement.speaker.slug
                record = speakers.setdefault(slug, _SpeakerRecord(statement.speaker.name, statement.speaker.type))
                record.add(statement)
                data = statement.to_dict()
                if statement.said_on:
                    days.append(data["said_on"])
                if len(statement.speaker.name.split()) == 1:
                    short_named[statement.id] = data
                statement_writer.add_document(**statement_fields(data))
                summary.statements += 1
        for short, full in _short_name_merges(speakers).items():
            speakers[full].merge(speakers.pop(short))
            full_speaker = speakers[full]
            for data in short_named.values():
                if data["speaker"]["slug"] == short:
                    data["speaker"].update(name=full_speaker.name, slug=full,
                                           aliases=sorted(full_speaker.aliases | {full_speaker.name}))
                    statement_writer.update_document(**statement_fields(data))
        statement_writer.commit()
        article_writer.commit()
        _write_speakers(build, speakers)
        summary.speakers = len(speakers)
        summary.seconds = time.monotonic() - started
        summary.build = build.name
        manifest = {
            "created": datetime.now().isoformat(timespec="seconds"),
            "articles": summary.articles,
            "statements": summary.statements,
            "speakers": summary.speakers,
            "outlets": dict(outlets.most_common()),
            "first_said": min(days) if days else None,
            "last_said": max(days) if days else None,
            "sources": [str(p) for p in paths],
            "skipped": len(summary.skipped),
            "model": extractor.nlp.meta.get("name"),
        }
        (build / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return summary


def _write_speakers(build: Path, speakers: dict[str, _SpeakerRecord]) -> None:
    index = create_in(build, speaker_schema(), indexname=SPEAKERS)
    with index.writer() as writer:
        for slug, record in speakers.items():
            payload = record.to_dict(slug)
            aliases = {record.name, *record.aliases, slug, *(make_slug(a) for a in record.aliases)}
            writer.add_document(
                slug=slug, name=record.name, aliases=",".join(a.lower() for a in aliases if a),
                type=record.type, statements=record.statements, payload=payload,
            )
