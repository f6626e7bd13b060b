"""Large benchmark indexes without spaCy: the statements of a real index, replicated and varied.

Extracting statements runs at about 60 statements/s on one core here, so indexes of 100k and 1M statements
for query benchmarks are made from the statements of an index built the normal way (the PolNeAR demo index,
`scripts/demo-polnear`), copied over and over with:

- copy 0 of every source article as it is (real outlets, dates, speakers, text);
- in every later copy *k* of an article: a new id and slug, an outlet drawn from 20 (the source's own and
  made-up ones, Zipf-like weights), a publication date drawn from 2015-2024 (the dates of its statements
  moved by as much), and each of its speakers replaced, consistently within the article, by the real
  speaker (one time in two) or by one of `ceil(k ** 0.6)` made-up namesakes of that speaker (first and last
  names drawn from the source's own person names), so that the number of speakers grows with the index
  (about 2.8k in the 8.8k-statement source, ~12k at 100k statements and ~50k at 1M) while the most quoted
  speakers stay the most quoted; one statement in two has one of its words swapped for a word drawn from
  the source statements' words (by frequency), so that copies are not identical.

The build is written with the real schemas, `statement_fields`, a speakers index in the layout `build_index`
writes and a manifest with the file sizes, through `IndexStore.new_build()`, so `SearchService` opens it like
any other index. The source's article texts are kept as they are (the offsets of copied statements still
point into them; a varied word is not varied there).
"""

from __future__ import annotations

import copy
import hashlib
import math
import random
import re
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from whoosh.index import create_in, open_dir

from indexer.model import make_slug
from search.build import statement_fields, write_manifest
from search.documents import speaker_fields
from search.schema import ARTICLES, SPEAKERS, STATEMENTS, article_schema, speaker_schema, statement_schema
from search.speakers import SpeakerRecord
from search.store import IndexStore
from search.writing import Days, index_writer

from . import ROOT

GENERATOR_VERSION = 4  # 2: speakers written by search.build.write_speakers; 3: the `pairs` field; 4: context around
MADE_UP_OUTLETS = [
    "The Daily Ledger", "Capitol Courier", "Northern Star Tribune", "Evening Chronicle", "Harbor Gazette",
    "Metro Dispatch", "The Plains Herald", "Coastal Observer", "The Morning Wire", "Riverside Post",
    "Granite State Record", "The Civic Review", "Lakeshore Times",
]
FIRST_DAY, LAST_DAY = date(2015, 1, 1), date(2024, 12, 31)
_NAME_WORD = re.compile(r"^[A-Z][a-z]{2,}$")
_SWAPPABLE = re.compile(r"\b[a-z]{4,}\b")


def _read_source(source: IndexStore) -> tuple[list[tuple[dict, list[dict]]], dict[str, dict], dict]:
    """[(article fields, its statements' payloads in order)], {slug: speaker payload}, the manifest."""
    path = source.current_path()
    statements_ix = open_dir(str(path), indexname=STATEMENTS)
    by_article: dict[str, list[dict]] = {}
    with statements_ix.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            payload = fields["payload"]
            by_article.setdefault(payload["article"]["slug"], []).append(payload)
    articles = []
    with open_dir(str(path), indexname=ARTICLES).searcher() as searcher:
        for fields in searcher.all_stored_fields():
            statements = sorted(by_article.get(fields["slug"], []), key=lambda s: s["start"])
            articles.append((fields, statements))
    articles.sort(key=lambda pair: pair[0]["slug"])
    with open_dir(str(path), indexname=SPEAKERS).searcher() as searcher:
        speakers = {fields["slug"]: fields["payload"] for fields in searcher.all_stored_fields()}
    return articles, speakers, source.manifest(path)


def _namesake(name: str, slug: str, variant: int, firsts: list[str], lasts: list[str]) -> tuple[str, str]:
    """Made-up speaker number `variant` standing in for one real one: (name, slug)."""
    h = zlib.crc32(f"{slug}/{variant}".encode())
    made = f"{firsts[h % len(firsts)]} {lasts[(h // len(firsts)) % len(lasts)]}"
    return made, make_slug(made)


def _day(value: str | None, shift: timedelta) -> str | None:
    return (date.fromisoformat(value) + shift).isoformat() if value else None


def generate_index(
    source: IndexStore,
    target: IndexStore,
    statements: int,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Write a build of exactly `statements` statements into `target` (see the module's notes); its manifest."""
    started = time.monotonic()
    articles, source_speakers, source_manifest = _read_source(source)
    if not any(statements_ for _, statements_ in articles):
        raise ValueError(f"the source index {source.root} has no statements")
    rng = random.Random(seed)
    persons = [p["name"].split() for p in source_speakers.values() if p.get("type", "person") == "person"]
    firsts = sorted({w[0] for w in persons if len(w) == 2 and all(_NAME_WORD.match(x) for x in w)})
    lasts = sorted({w[1] for w in persons if len(w) == 2 and all(_NAME_WORD.match(x) for x in w)})
    words = [w for _, items in articles for s in items for w in _SWAPPABLE.findall(s["text"])]
    outlets = list(dict.fromkeys([*source_manifest.get("outlets", {}), *MADE_UP_OUTLETS]))[:20]
    outlet_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(outlets))]
    span = (LAST_DAY - FIRST_DAY).days

    speakers: dict[str, SpeakerRecord] = {}
    outlet_counts: Counter = Counter()
    days = Days()
    written = 0
    with target.new_build() as build:
        statements_ix = create_in(build, statement_schema(), indexname=STATEMENTS)
        articles_ix = create_in(build, article_schema(), indexname=ARTICLES)
        statement_writer = index_writer(statements_ix)
        article_writer = index_writer(articles_ix)
        n_articles = 0
        k = 0
        while written < statements:
            order = list(range(len(articles)))
            if k:
                rng.shuffle(order)
            variants = math.ceil(k ** 0.6)
            for position in order:
                if written >= statements:
                    break
                fields, items = articles[position]
                items = items[: statements - written]
                if not items:
                    continue
                article = copy.deepcopy(fields["payload"])
                if k:
                    new_id = hashlib.sha1(f"{article['id']}/{k}".encode()).hexdigest()[:16]
                    stem = fields["slug"].rsplit("-", 1)[0] if "-" in fields["slug"] else fields["slug"]
                    article["id"], article["slug"] = new_id, f"{stem}-{new_id[:8]}"
                    article["outlet"] = rng.choices(outlets, outlet_weights)[0]
                    old = date.fromisoformat(article["published"]) if article.get("published") else FIRST_DAY
                    new = FIRST_DAY + timedelta(days=rng.randrange(span + 1))
                    shift = new - old
                    article["published"] = new.isoformat()
                else:
                    shift = timedelta(0)
                cast: dict[str, tuple[str, str]] = {}
                article_statements = []
                for item in items:
                    statement = copy.deepcopy(item)
                    speaker = statement["speaker"]
                    if k and speaker["slug"] not in cast:
                        variant = 0 if rng.random() < 0.5 else rng.randint(1, variants)
                        if variant and speaker.get("type", "person") == "person" and firsts and lasts:
                            cast[speaker["slug"]] = _namesake(speaker["name"], speaker["slug"], variant,
                                                              firsts, lasts)
                        else:
                            cast[speaker["slug"]] = (speaker["name"], speaker["slug"])
                    if k and cast[speaker["slug"]][1] != speaker["slug"]:
                        name, slug = cast[speaker["slug"]]
                        speaker.update(name=name, slug=slug, aliases=[name])
                    if k and rng.random() < 0.5 and (spots := list(_SWAPPABLE.finditer(statement["text"]))):
                        spot = rng.choice(spots)
                        text = statement["text"]
                        statement["text"] = text[: spot.start()] + rng.choice(words) + text[spot.end():]
                    statement["said_on"] = _day(statement.get("said_on"), shift)
                    statement["id"] = f"{article['id']}-{statement['start']}"
                    statement["article"] = {**statement["article"], "id": article["id"], "slug": article["slug"],
                                            "outlet": article["outlet"], "published": article["published"]}
                    speakers.setdefault(speaker["slug"],
                                        SpeakerRecord(speaker["name"], speaker.get("type", "person"))).add(statement)
                    days.add(statement["said_on"])
                    statement_writer.add_document(**statement_fields(statement))
                    article_statements.append(statement)
                    written += 1
                    if progress and written % 10_000 == 0:
                        progress(written)
                article["statements"] = [
                    {"id": s["id"], "start": s["start"], "end": s["end"], "kind": s["kind"],
                     "speaker": {"name": s["speaker"]["name"], "slug": s["speaker"]["slug"]}}
                    for s in article_statements]
                article_fields = {
                    "slug": article["slug"], "id": article["id"], "source": f"bench:{article['slug']}",
                    "content_hash": hashlib.sha1(f"{fields['content_hash']}/{k}".encode()).hexdigest(),
                    "title": article.get("title") or "", "outlet": article.get("outlet") or "",
                    "statements": len(article_statements), "payload": article,
                }
                if article.get("published"):
                    article_fields["published"] = datetime.fromisoformat(article["published"])
                article_writer.add_document(**article_fields)
                n_articles += 1
                if article.get("outlet"):
                    outlet_counts[article["outlet"]] += 1
            k += 1
        statement_writer.commit()
        article_writer.commit()
        with index_writer(create_in(build, speaker_schema(), indexname=SPEAKERS)) as writer:
            for slug, record in speakers.items():  # the source's speakers, already planned: one form each
                writer.add_document(**speaker_fields(slug, record))
        generated = {"by": "scripts.devtools.bulk", "version": GENERATOR_VERSION, "seed": seed,
                     "statements": statements, "source_statements": source_manifest["statements"],
                     "source_build": source.current_name(),
                     "seconds": round(time.monotonic() - started, 1)}
        write_manifest(build, articles=n_articles, statements=written, speakers=len(speakers),
                       outlets=dict(outlet_counts.most_common()), first_said=days.first, last_said=days.last,
                       sources=[str(source.root)], skipped=0, model=source_manifest.get("model"),
                       generated=generated)
        manifest = target.manifest(build)
    return manifest


def ensure_index(source: IndexStore, root: Path, statements: int, seed: int = 1,
                 progress: Callable[[int], None] | None = None) -> IndexStore:
    """The generated index of `statements` statements under `root`, made only if it is not there yet (the same
    size, seed and generator version)."""
    target = IndexStore(root)
    if target.current_name():
        generated = target.manifest().get("generated", {})
        if (generated.get("statements"), generated.get("seed"), generated.get("version")) == \
                (statements, seed, GENERATOR_VERSION):
            return target
    root.mkdir(parents=True, exist_ok=True)
    generate_index(source, target, statements, seed, progress)
    return target


def bench_index_dir(statements: int) -> Path:
    """Where the benchmark index of `statements` statements lives: var/bench/sN."""
    return ROOT / "var" / "bench" / f"s{statements}"


def make_bench_indexes(source: Path, sizes: list[int], seed: int = 1) -> int:
    """Make (or reuse) the benchmark index of each size from the index at `source`, printing each one's
    directory and figures (progress on stderr). Returns the exit status."""
    for n in sizes:
        started = time.monotonic()
        store = ensure_index(IndexStore(source), bench_index_dir(n), n, seed,
                             progress=lambda done, n=n, started=started: print(f"  {done:,} / {n:,} statements "
                                                              f"({time.monotonic() - started:.0f} s)",
                                                              file=sys.stderr, flush=True))
        manifest = store.manifest()
        size = sum(manifest["files"].values())
        print(f"{store.root}: {manifest['statements']:,} statements, {manifest['speakers']:,} speakers, "
              f"{manifest['articles']:,} articles, {len(manifest['outlets'])} outlets, {size / 1e6:,.0f} MB; "
              f"generated in {manifest['generated']['seconds']:,.0f} s")
    return 0
