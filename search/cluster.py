"""Extraction on a Dask cluster (the optional extra `cluster`): the same statements as in this process, from the
workers of a cluster that may span many machines.

- `local:N` starts a `LocalCluster` of N worker processes (one thread each) on this machine, so the same code
  path runs on a laptop; any other address is a running scheduler (`tcp://host:8786`), such as one that
  dask-kubernetes, dask-jobqueue or `dask ssh` started. Every worker needs saidwhat and its spaCy model
  installed, and the input files at the same paths (a shared file system).
- Each worker makes its Extractor once, when it starts (`ExtractorPlugin`, a worker plugin), never per task.
- The articles loaded here go out in chunks; a WARC file is not read here at all but by a worker, one task per
  file, so a crawl of many gigabytes does not pass through this process. At most `CLUSTER_TASKS_IN_FLIGHT`
  tasks per worker are in flight (backpressure: memory here does not grow with the corpus), and their results
  come back in input order, so the index written from them is the one any other extraction writes.
- Faults: the scheduler reschedules the tasks of a worker that dies (Dask's own resilience); a scheduler plugin
  (`RetryCounter`) counts them, so the run says how many articles were extracted again. A task that killed its
  worker on every try (Dask's `KilledWorker`) is retried one article at a time, and an article that kills a
  worker on its own is skipped with that reason. A scheduler that goes away ends the run with `ClusterLost`:
  the build is not swapped in and the old index keeps serving.
- The per-article time limit needs a process's main thread (SIGALRM); a Dask task runs in a worker thread, so
  on a cluster only the length limits apply (`MAX_BODY_CHARS`), and Dask's own heartbeat ends a hung worker.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from contextlib import ExitStack
from dataclasses import dataclass, field

from indexer import Article, Extractor, Skipped, Statement

from .extraction import CHUNK_ARTICLES, MAX_BODY_CHARS
from .identity import DeferredFile

LOCAL = "local:"
CONNECT_SECONDS = 30
# Tasks in flight per worker: the results are taken in input order, so a worker that finished its tasks waits
# for the slowest one ahead of them; four keep both cores of bench-index's runs busy where two left ~8% idle.
CLUSTER_TASKS_IN_FLIGHT = 4


class ClusterLost(RuntimeError):
    """The cluster's scheduler cannot be reached, or went away during the run."""


def cluster_available() -> bool:
    """Whether the optional extra `cluster` (Dask distributed) is installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def check_address(address: str) -> str:
    """`local:N` (N >= 1) or a scheduler's address; a ValueError saying what is wrong."""
    if address.startswith(LOCAL):
        count = address[len(LOCAL):]
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"--cluster {address!r}: say how many local workers, as local:2")
    elif not address.strip():
        raise ValueError("--cluster needs a scheduler address (tcp://host:8786) or local:N")
    return address


@dataclass
class ClusterRun:
    """What a run on the cluster did, beyond its statements."""

    address: str
    workers: int = 0
    retried: int = 0  # articles extracted more than once (a worker died while it held them)
    tasks: int = 0
    token: str = field(default_factory=lambda: uuid.uuid4().hex)  # tells this run's tasks from others'
    sizes: dict[int, int] = field(default_factory=dict)  # articles of each task (a file's: once it is back)


@dataclass
class _Task:
    number: int
    items: list[Article] | DeferredFile
    future: object = None


def local_worker_config(distributed: dict) -> dict:
    """Dask settings for the workers a `local:N` run starts (a running cluster keeps its own), given Dask's
    `distributed` settings: the workers parse, and what Dask does beside a task takes time from the parse.

    - Its statistical profiler samples every worker thread 100 times a second, holding the interpreter lock
      that the parse needs: off.
    - Its nanny starts workers with `MALLOC_TRIM_THRESHOLD_` set, which stops glibc from adapting its
      thresholds and makes it hand memory back to the system after every large free: left out, as for the
      processes of `--workers`.
    - The event loop's tick (every 20 ms) and the memory monitor (every 100 ms) wake each worker's main thread,
      which then waits for the interpreter lock: every 500 ms and every second."""
    environ = {name: value for name, value in distributed["nanny"]["pre-spawn-environ"].items()
               if name != "MALLOC_TRIM_THRESHOLD_"}
    return {"distributed.worker.profile.enabled": False,
            "distributed.nanny.pre-spawn-environ": environ,
            "distributed.admin.tick.interval": "500ms",
            "distributed.worker.memory.monitor-interval": "1s"}


def _client(address: str, stack: ExitStack):
    """A Client of the cluster at `address` (a LocalCluster for `local:N`), closed with `stack`."""
    import dask
    from distributed import Client, LocalCluster

    try:
        if address.startswith(LOCAL):
            stack.enter_context(dask.config.set(local_worker_config(dask.config.get("distributed"))))
            cluster = stack.enter_context(LocalCluster(
                n_workers=int(address[len(LOCAL):]), threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=40))
            client = stack.enter_context(Client(cluster, timeout=CONNECT_SECONDS))
        else:
            client = stack.enter_context(Client(address, timeout=CONNECT_SECONDS))
    except (OSError, TimeoutError) as error:
        raise ClusterLost(f"the Dask scheduler at {address} cannot be reached: {error}") from error
    return client


def extract_on_cluster(
    items: Iterable[Article | DeferredFile],
    skip: Callable[[Skipped], None],
    factory: Callable[[], Extractor],
    address: str,
    admit: Callable[[Article], bool] = lambda article: True,
    max_body_chars: int = MAX_BODY_CHARS,
    chunk_size: int = CHUNK_ARTICLES,
    run: ClusterRun | None = None,
) -> Iterator[tuple[Article, list[Statement]]]:
    """(article, statements) in input order, extracted by the workers of the cluster at `address` (see the
    module's notes). Articles read by a worker (from a `DeferredFile`) are kept only if `admit` says so (the
    check that a build or update applies here to what it loads itself: each article once, only what changed).
    `run` gets the figures of the run."""
    from distributed import KilledWorker
    from distributed.comm import CommClosedError

    from .cluster_tasks import ExtractorPlugin, RetryCounter

    run = run or ClusterRun(address)
    with ExitStack() as stack:
        client = _client(address, stack)
        client.register_plugin(ExtractorPlugin(factory), name=ExtractorPlugin.name)
        if not client.run_on_scheduler(_has_plugin, RetryCounter.name):
            client.register_plugin(RetryCounter(), name=RetryCounter.name)
        run.workers = len(client.scheduler_info().get("workers", {})) or 1
        source = _tasks(iter(items), chunk_size)
        window: deque[_Task] = deque()
        try:
            while True:
                while len(window) < run.workers * CLUSTER_TASKS_IN_FLIGHT and (task := next(source, None)) is not None:
                    task.future = _submit(client, task, max_body_chars, run)
                    window.append(task)
                if not window:
                    break
                task = window.popleft()
                try:
                    results, skipped = task.future.result()
                except KilledWorker:
                    results, skipped = _one_at_a_time(client, task, max_body_chars, run)
                for item in skipped:
                    skip(item)
                run.sizes[task.number] = len(results) + len(skipped)
                deferred = isinstance(task.items, DeferredFile)
                for article, statements in results:
                    if not deferred or admit(article):
                        yield article, statements
        except (OSError, TimeoutError, CommClosedError, CancelledError) as error:
            raise ClusterLost(f"the Dask scheduler at {address} went away during the run ({type(error).__name__}"
                              f"{': ' + str(error) if str(error) else ''}); nothing was swapped in") from error
        run.retried += _retried_articles(client, run)


def _tasks(items: Iterator[Article | DeferredFile], chunk_size: int) -> Iterator[_Task]:
    """The run's tasks in input order: chunks of articles, and a task of its own for each deferred file."""
    number = 0
    chunk: list[Article] = []
    for item in items:
        if isinstance(item, DeferredFile):
            if chunk:
                yield _Task(number, chunk)
                number, chunk = number + 1, []
            yield _Task(number, item)
            number += 1
            continue
        chunk.append(item)
        if len(chunk) >= chunk_size:
            yield _Task(number, chunk)
            number, chunk = number + 1, []
    if chunk:
        yield _Task(number, chunk)


def _has_plugin(name: str, dask_scheduler=None) -> bool:
    return name in dask_scheduler.plugins


def _submit(client, task: _Task, max_body_chars: int, run: ClusterRun):
    from .cluster_tasks import TASK_PREFIX, extract_chunk_task, extract_file_task

    run.tasks += 1
    kind, function = ("file", extract_file_task) if isinstance(task.items, DeferredFile) else (
        "chunk", extract_chunk_task)
    return client.submit(function, task.items, max_body_chars, pure=False,
                         key=f"{TASK_PREFIX}{kind}-{run.token}-{task.number}")


def _one_at_a_time(client, task: _Task, max_body_chars: int, run: ClusterRun):
    """A chunk that killed its workers, each article on its own: only the article that kills a worker is lost."""
    from distributed import KilledWorker

    if isinstance(task.items, DeferredFile):
        return [], [Skipped(task.items.path, "reading or extracting this file crashed the Dask workers that tried")]
    results, skipped = [], []
    for article in task.items:
        single = _Task(10**9 + run.tasks, [article])
        try:
            found, lost = _submit(client, single, max_body_chars, run).result()
        except KilledWorker:
            skipped.append(Skipped(article.path, "extraction crashed the Dask workers that tried it (a crash in the "
                                                 "NLP library, or a worker out of memory)"))
            continue
        results += found
        skipped += lost
    return results, skipped


def _retried_articles(client, run: ClusterRun) -> int:
    """Articles of tasks that were run again because their worker died (the scheduler's count, RetryCounter)."""
    from .cluster_tasks import retried_tasks

    try:
        retried = client.run_on_scheduler(retried_tasks, run.token)
    except Exception:  # noqa: BLE001 - the figure is a report, not the run's result
        return 0
    return sum(count * run.sizes.get(int(key.rsplit("-", 1)[1]), 1) for key, count in retried.items())
