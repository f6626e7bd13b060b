"""Building the index from article files: load, extract, write, then swap the new build in.

One bad article never stops a run and never hangs it:

- an article whose body is longer than `MAX_BODY_CHARS` is skipped before it reaches spaCy (the pipeline's
  time and memory grow with the text: about 40 s and 1.4 GB for 500,000 characters with the small
  English model), and one longer than `SOLO_BODY_CHARS` is parsed on its own rather than in a batch;
- every article has a time limit (`ARTICLE_SECONDS`), kept with a SIGALRM timer (`_Clock`) in the main
  thread. Extraction stays batched through `Extractor.extract_many` (spaCy's `nlp.pipe`): each step of
  that stream (the statements of one article, and now and then the parse of the next batch) is timed,
  with one time limit for each article fed into the batch. A time-out inside the statement passes is
  reported through `extract_many`'s `on_error` and only that article is skipped; a time-out (or any
  error) inside spaCy's batch ends the stream, so the articles of that batch are retried one at a time,
  each with its own limit, and a new batched stream goes on with the rest. Loading each file is timed
  too (the loader turns an error in one file into a skip). A signal is the only way to interrupt code
  that runs in the same thread without a second process per article; off the main thread (signals
  cannot be used there) only the length limits apply.
- a build with no article, or (strict) with any skip, is not swapped in: the old index keeps serving.
"""

from __future__ import annotations

import json
import re
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from whoosh.index import create_in

from indexer import Article, Extractor, Skipped, Statement, load_paths
from indexer.model import make_slug

from .schema import ARTICLES, SPEAKERS, STATEMENTS, article_schema, speaker_schema, statement_schema
from .store import MANIFEST, IndexStore, build_files

_INITIAL = re.compile(r"^[A-Z]\.?$")
WRITER_MEMORY_MB = 256
MAX_BODY_CHARS = 200_000  # about 35,000 words: far longer than any news article
SOLO_BODY_CHARS = 50_000  # longer bodies are parsed alone, so that a batch never holds several of them
ARTICLE_SECONDS = 60.0  # the time limit to load one article, and to extract its statements


class ArticleTimeout(TimeoutError):
    """An article took longer than the time limit."""


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

    def skip_reasons(self) -> list[tuple[str, int]]:
        """The kinds of reasons for skipping, with how many inputs each, most frequent first."""
        counts = Counter(s.group for s in self.skipped)
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            "statements": self.statements,
            "speakers": self.speakers,
            "skipped_count": len(self.skipped),
            "skip_reasons": dict(self.skip_reasons()),
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "seconds": round(self.seconds, 2),
            "build": self.build,
        }


class _Clock:
    """A per-article time limit: raises ArticleTimeout in the main thread when the time is up.

    Disabled (every call does nothing) off the main thread or without a limit. The timer repeats every
    second after it first fires, so that a time-out swallowed by some library's `except` is raised again.
    """

    def __init__(self, seconds: float | None):
        self.seconds = seconds or 0
        self.enabled = (self.seconds > 0 and hasattr(signal, "setitimer")
                        and threading.current_thread() is threading.main_thread())
        self.armed = False
        self.doing = "extraction"  # what the time is for, for the message

    def __enter__(self) -> _Clock:
        if self.enabled:
            self._previous = signal.signal(signal.SIGALRM, self._ring)
        return self

    def __exit__(self, *exc) -> None:
        if self.enabled:
            self.stop()
            signal.signal(signal.SIGALRM, self._previous)

    def _ring(self, signum, frame) -> None:
        if self.armed:
            raise ArticleTimeout(f"{self.doing} took longer than {self.seconds:g} s")

    def start(self, seconds: float) -> None:
        if self.enabled:
            self.armed = True
            signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001), 1.0)

    def stop(self) -> float:
        """Stop the timer; the time that was left."""
        if not self.enabled:
            return 0.0
        self.armed = False
        return signal.setitimer(signal.ITIMER_REAL, 0)[0]


def _failure(article: Article, error: Exception, seconds: float) -> Skipped:
    if isinstance(error, ArticleTimeout):
        return Skipped(article.path, f"timed out (extraction took longer than {seconds:g} s)")
    return Skipped(article.path, f"extraction failed: {type(error).__name__}: {error}")


def extract_articles(
    extractor: Extractor,
    articles: Iterable[Article],
    skip: Callable[[Skipped], None],
    seconds: float | None = ARTICLE_SECONDS,
    max_body_chars: int = MAX_BODY_CHARS,
) -> Iterator[tuple[Article, list[Statement]]]:
    """(article, statements) for each article that can be extracted within `seconds`; `skip` gets the rest
    with the reason. See the module's notes: batched through `extract_many`, every step timed, a broken
    batch retried one article at a time. Close the generator (or exhaust it) to give SIGALRM back.
    """
    with _Clock(seconds) as clock:
        yield from _extracted(extractor, iter(articles), skip, clock, max_body_chars)


def _extracted(
    extractor: Extractor,
    source: Iterator[Article],
    skip: Callable[[Skipped], None],
    clock: _Clock,
    max_body_chars: int,
) -> Iterator[tuple[Article, list[Statement]]]:
    limit = clock.seconds
    pending: deque[Article] = deque()  # fed into the batched stream, not yet out of it
    alone: deque[Article] = deque()  # long articles, parsed one at a time
    pulls = 0  # how often the stream has asked the loader for an article

    def feed() -> Iterator[Article]:
        nonlocal pulls
        while True:
            remaining = clock.stop()
            clock.doing = "loading"
            clock.start(limit)  # loading one file has its own time limit
            article = None
            pulls += 1
            try:
                article = next(source)
                clock.stop()
            except StopIteration:
                clock.doing = "extraction"
                clock.start(remaining)
                return
            except Exception as error:  # noqa: BLE001 - the loader itself failed: keep what was loaded
                clock.stop()
                clock.doing = "extraction"
                if article is None:
                    skip(Skipped("(loading)", f"loading stopped: {type(error).__name__}: {error}"))
                    clock.start(remaining)
                    return
                # else the time ran out just as the article was loaded: keep it
            clock.doing = "extraction"
            size = len(article.body)
            if size > max_body_chars:
                skip(Skipped(article.path, f"article too long ({size:,} characters of text; the limit is "
                                           f"{max_body_chars:,})"))
                clock.start(remaining)
            elif size > SOLO_BODY_CHARS:
                alone.append(article)
                clock.start(remaining)
            else:
                pending.append(article)
                clock.start(remaining + limit)  # its share of the batch's parse
                yield article

    def done(article: Article) -> None:
        if any(a is article for a in pending):
            while pending.popleft() is not article:
                pass

    def failed(article: Article, error: Exception) -> None:
        clock.stop()
        done(article)
        skip(_failure(article, error, limit))
        clock.start(limit)  # the next article of the batch has its own time

    def one_at_a_time(articles: deque[Article]) -> Iterator[tuple[Article, list[Statement]]]:
        while articles:
            article = articles.popleft()
            clock.start(limit)
            try:
                statements = extractor.extract(article)
                clock.stop()
            except Exception as error:  # noqa: BLE001 - one bad article must not stop a run
                clock.stop()
                skip(_failure(article, error, limit))
                continue
            yield article, statements

    while True:
        stream = extractor.extract_many(feed(), on_error=failed)
        pulls_before, broken = pulls, False
        while True:
            clock.start(limit)
            try:
                article, statements = next(stream)
                clock.stop()
            except StopIteration:
                clock.stop()
                break
            except Exception:  # noqa: BLE001 - a time-out or error inside spaCy's batch: retry it below
                clock.stop()
                if pulls == pulls_before:
                    raise  # the pipeline fails before reading any article: not an article's fault
                broken = True
                break
            done(article)
            yield article, statements
            yield from one_at_a_time(alone)
        del stream
        retry, pending = pending, deque()
        yield from one_at_a_time(retry)
        yield from one_at_a_time(alone)
        if not broken:
            return


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


def _without_initials(name: str) -> str:
    """`Donald J. Trump` -> `Donald Trump`: middle initials dropped (first and last words kept)."""
    words = name.split()
    return " ".join([words[0], *(w for w in words[1:-1] if not _INITIAL.match(w)), words[-1]]) if words else name


def may_merge(name: str) -> bool:
    """Whether a speaker name could be folded into another one (one word, or a middle initial)."""
    return len(name.split()) == 1 or _without_initials(name) != name


def _name_merges(speakers: dict[str, _SpeakerRecord]) -> dict[str, str]:
    """Speakers that are another speaker under a shorter name: `Donald J. Trump` -> `Donald Trump` (when both
    are in the index), then one-word names (`wang`) that name exactly one fuller person (`wang-yi`)."""
    persons = {slug: record for slug, record in speakers.items() if record.type == "person"}
    plain_slugs = {make_slug(record.name): slug for slug, record in persons.items()}
    merges: dict[str, str] = {}
    for slug, record in persons.items():
        plain = _without_initials(record.name)
        target = plain_slugs.get(make_slug(plain))
        if plain != record.name and target and target != slug:
            merges[slug] = target
    by_token: dict[str, set[str]] = {}
    for slug, record in persons.items():
        words = record.name.lower().split()
        if len(words) > 1 and slug not in merges:
            for word in (words[0], words[-1]):
                by_token.setdefault(word, set()).add(slug)
    for slug, record in persons.items():
        words = record.name.lower().split()
        if len(words) == 1 and len(by_token.get(words[0], ())) == 1:
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
    *,
    strict: bool = False,
    article_seconds: float | None = ARTICLE_SECONDS,
    max_body_chars: int = MAX_BODY_CHARS,
) -> BuildSummary:
    """Rebuild the index from `paths` into a new build and swap it in when complete.

    Unreadable articles, and articles that fail or take longer than `article_seconds` to extract, are
    skipped and listed in the summary; the old index serves until the swap. A build without any article,
    or with a skip when `strict`, is thrown away (BuildRejected) and the old index stays.
    Raises RebuildInProgress when another rebuild of the store is running.
    """
    started = time.monotonic()
    summary = BuildSummary()
    paths = list(paths)

    def readable() -> Iterator[Article]:
        for item in load_paths(paths):
            if isinstance(item, Skipped):
                summary.skipped.append(item)
            else:
                yield item

    with store.new_build() as build:
        extractor = extractor or Extractor()
        statements_ix = create_in(build, statement_schema(), indexname=STATEMENTS)
        articles_ix = create_in(build, article_schema(), indexname=ARTICLES)
        statement_writer = statements_ix.writer(limitmb=WRITER_MEMORY_MB)
        article_writer = articles_ix.writer()
        speakers: dict[str, _SpeakerRecord] = {}
        mergeable: dict[str, dict] = {}
        outlets: Counter = Counter()
        days: list[str] = []
        seen_articles: set[str] = set()
        extracted = extract_articles(extractor, readable(), summary.skipped.append, article_seconds,
                                     max_body_chars)
        with closing(extracted):
            for article, statements in progress(extracted) if progress else extracted:
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
                    if may_merge(statement.speaker.name):
                        mergeable[statement.id] = data
                    statement_writer.add_document(**statement_fields(data))
                    summary.statements += 1
        for short, full in _name_merges(speakers).items():
            speakers[full].merge(speakers.pop(short))
            full_speaker = speakers[full]
            for data in mergeable.values():
                if data["speaker"]["slug"] == short:
                    data["speaker"].update(name=full_speaker.name, slug=full,
                                           aliases=sorted(full_speaker.aliases | {full_speaker.name}))
                    statement_writer.update_document(**statement_fields(data))
        summary.seconds = time.monotonic() - started
        if summary.articles == 0:
            statement_writer.cancel()
            article_writer.cancel()
            raise BuildRejected(summary, "no article could be indexed; the index was left as it was")
        if strict and summary.skipped:
            statement_writer.cancel()
            article_writer.cancel()
            raise BuildRejected(summary, f"{len(summary.skipped)} input(s) skipped with --strict; the index was "
                                         "left as it was")
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
            "files": build_files(build),  # so that a damaged build is known for one (IndexStore.verify)
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
