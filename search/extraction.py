"""Extracting the statements of a stream of articles, within limits, in this process or in several.

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
- with `workers` > 1 (`extract_in_workers`), the articles are loaded here and sent in chunks to worker
  processes, each of which loads the pipeline once and runs `extract_articles` (so every limit above holds
  in the worker's own main thread). Only a few chunks are in flight at a time, so memory does not grow with
  the corpus, and workers are replaced after `WORKER_CHUNKS` chunks (spaCy's string store only grows). A
  worker that dies (a crash, the kernel's OOM killer) costs only the article that killed it: the chunks in
  flight are retried one article at a time in a fresh pool. A worker starts in `search.workers`, which
  ties it to its parent before anything heavy is imported.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from functools import partial
from itertools import islice

from indexer import Article, Extractor, Skipped, Statement
from indexer.nlp import model_name

from .limits import ARTICLE_SECONDS
from .workers import start_worker, worker_extractor

MAX_BODY_CHARS = 200_000  # about 35,000 words: far longer than any news article
SOLO_BODY_CHARS = 50_000  # longer bodies are parsed alone, so that a batch never holds several of them


class ArticleTimeout(TimeoutError):
    """An article took longer than the time limit."""


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




CHUNK_ARTICLES = 16  # articles sent to a worker at a time
CHUNKS_IN_FLIGHT = 2  # per worker: enough to keep it busy, few enough that memory stays flat
WORKER_CHUNKS = 250  # chunks a worker process extracts before it is replaced by a fresh one


def extractor_factory(model: str | None = None, batch_size: int = 16) -> Callable[[], Extractor]:
    """What a worker process calls to make its own Extractor (picklable, so it can be sent to the worker)."""
    return partial(Extractor, model=model, batch_size=batch_size)


def extract_all(extractor: Extractor, articles: Iterable[Article], seconds: float | None, max_body_chars: int,
                ) -> tuple[list[tuple[Article, list[Statement]]], list[Skipped]]:
    """`extract_articles` run to its end: what a worker sends back, (article, statements) and the skips."""
    skipped: list[Skipped] = []
    with closing(extract_articles(extractor, articles, skipped.append, seconds, max_body_chars)) as stream:
        return list(stream), skipped


def _extract_chunk(articles: list[Article], seconds: float | None, max_body_chars: int,
                   ) -> tuple[list[tuple[Article, list[Statement]]], list[Skipped]]:
    return extract_all(worker_extractor(), articles, seconds, max_body_chars)


def _timed_loading(source: Iterator[Article], skip: Callable[[Skipped], None],
                   seconds: float | None) -> Iterator[Article]:
    """The articles of `source`, each load under the time limit (the loader reports its own skips)."""
    with _Clock(seconds) as clock:
        clock.doing = "loading"
        while True:
            clock.start(clock.seconds)
            try:
                article = next(source)
            except StopIteration:
                return
            except ArticleTimeout as error:
                skip(Skipped("(loading)", f"loading stopped: {error}"))
                return
            finally:
                clock.stop()
            yield article


class _Pool:
    """A process pool of extraction workers that can be replaced when one of its processes dies."""

    def __init__(self, factory: Callable[[], Extractor], workers: int):
        self.factory, self.workers = factory, workers
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=start_worker, initargs=(pickle.dumps(self.factory), os.getpid()),
                                   max_tasks_per_child=WORKER_CHUNKS)

    def submit(self, articles: list[Article], seconds: float | None, max_body_chars: int) -> Future:
        return self.executor.submit(_extract_chunk, articles, seconds, max_body_chars)

    def restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def extract_in_workers(
    articles: Iterable[Article],
    skip: Callable[[Skipped], None],
    factory: Callable[[], Extractor],
    workers: int,
    seconds: float | None = ARTICLE_SECONDS,
    max_body_chars: int = MAX_BODY_CHARS,
    chunk_size: int = CHUNK_ARTICLES,
) -> Iterator[tuple[Article, list[Statement]]]:
    """(article, statements) in input order, extracted by `workers` processes that each make their Extractor
    with `factory`; `skip` gets what could not be loaded or extracted. See the module's notes."""
    source = _timed_loading(iter(articles), skip, seconds)
    pool = _Pool(factory, workers)
    window: deque[tuple[list[Article], Future]] = deque()
    try:
        while True:
            while len(window) < workers * CHUNKS_IN_FLIGHT:
                chunk = list(islice(source, chunk_size))
                if not chunk:
                    break
                window.append((chunk, pool.submit(chunk, seconds, max_body_chars)))
            if not window:
                return
            chunk, future = window.popleft()
            try:
                results, skipped = future.result()
            except BrokenProcessPool:
                unfinished = chunk + [article for pending, _ in window for article in pending]
                window.clear()
                pool.restart()
                yield from _one_at_a_time(pool, unfinished, skip, seconds, max_body_chars)
                continue
            for item in skipped:
                skip(item)
            yield from results
    finally:
        pool.close()


def _one_at_a_time(pool: _Pool, articles: list[Article], skip: Callable[[Skipped], None],
                   seconds: float | None, max_body_chars: int) -> Iterator[tuple[Article, list[Statement]]]:
    """After a worker died: each article alone, so that only the one that kills a worker is lost."""
    for article in articles:
        try:
            results, skipped = pool.submit([article], seconds, max_body_chars).result()
        except BrokenProcessPool:
            skip(Skipped(article.path, "extraction crashed its worker process (a crash in the NLP library, "
                                       "or the system ran out of memory)"))
            pool.restart()
            continue
        for item in skipped:
            skip(item)
        yield from results


def extract_stream(
    articles: Iterable[Article],
    skip: Callable[[Skipped], None],
    *,
    extractor: Extractor | None = None,
    workers: int = 1,
    factory: Callable[[], Extractor] | None = None,
    seconds: float | None = ARTICLE_SECONDS,
    max_body_chars: int = MAX_BODY_CHARS,
    cluster: str | None = None,
    admit: Callable[[Article], bool] | None = None,
    run=None,
) -> tuple[Iterator[tuple[Article, list[Statement]]], str]:
    """(article, statements) for `articles`, in this process (`workers` 1: with `extractor`, made if None), in
    `workers` processes, or on the Dask cluster at `cluster` (search/cluster.py: `admit` checks the articles its
    workers read themselves, `run` gets the run's figures); each worker with `factory()`, by default an
    Extractor like `extractor`. Also the name of the spaCy pipeline that does it."""
    if workers <= 1 and cluster is None:
        extractor = extractor or Extractor()
        return extract_articles(extractor, articles, skip, seconds, max_body_chars), extractor.pipeline_name
    model = extractor.model if extractor else None
    if factory is None:
        factory = extractor_factory(model, extractor.batch_size if extractor else 16)
    if cluster is not None:
        from .cluster import extract_on_cluster

        stream = extract_on_cluster(articles, skip, factory, cluster, admit or (lambda article: True),
                                    max_body_chars, run=run)
        return stream, model or model_name()
    return extract_in_workers(articles, skip, factory, workers, seconds, max_body_chars), model or model_name()
