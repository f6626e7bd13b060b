"""What runs on a Dask worker for `search.cluster`: the plugin that makes each worker's Extractor once, and the
tasks. Imported only where Dask is installed (the client imports it when a run starts; the workers to run it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from distributed import SchedulerPlugin, WorkerPlugin, get_worker

from indexer import Article, Extractor, Skipped, Statement

from .extraction import extract_all
from .identity import DeferredFile, source_name

TASK_PREFIX = "saidwhat-"


class RetryCounter(SchedulerPlugin):
    """On the scheduler: the saidwhat tasks that finished after a worker died while running them (Dask counts
    those deaths as the task's `suspicious`, and reschedules it)."""

    name = "saidwhat-retries"

    def __init__(self):
        self.retried: dict[str, int] = {}

    async def start(self, scheduler) -> None:
        self.scheduler = scheduler

    def transition(self, key, start, finish, *args, **kwargs) -> None:
        if finish == "memory" and str(key).startswith(TASK_PREFIX):
            task = self.scheduler.tasks.get(key)
            if task is not None and task.suspicious:
                self.retried[str(key)] = task.suspicious


def retried_tasks(token: str, dask_scheduler=None) -> dict[str, int]:
    """(run on the scheduler) The run's tasks that were run again, with how many times."""
    plugin = dask_scheduler.plugins.get(RetryCounter.name)
    return {key: count for key, count in (plugin.retried.items() if plugin else ()) if token in key}


class ExtractorPlugin(WorkerPlugin):
    """A worker plugin: the worker makes its Extractor once, with the factory the run gives, when it starts (and
    when a replacement worker starts)."""

    name = "saidwhat-extractor"

    def __init__(self, factory: Callable[[], Extractor]):
        self.factory = factory

    def setup(self, worker) -> None:
        worker.saidwhat_extractor = self.factory()


def _worker_extractor() -> Extractor:
    worker = get_worker()
    extractor = getattr(worker, "saidwhat_extractor", None)
    if extractor is None:
        raise RuntimeError("this Dask worker has no saidwhat extractor: its plugin did not run")
    return extractor


def extract_chunk_task(articles: list[Article], max_body_chars: int,
                       ) -> tuple[list[tuple[Article, list[Statement]]], list[Skipped]]:
    """On a worker: the statements of a chunk of articles loaded by the client."""
    return extract_all(_worker_extractor(), articles, None, max_body_chars)


def extract_file_task(deferred: DeferredFile, max_body_chars: int,
                      ) -> tuple[list[tuple[Article, list[Statement]]], list[Skipped]]:
    """On a worker: read one file (a WARC file) from the shared file system and extract its articles."""
    from indexer import load_paths

    skipped: list[Skipped] = []

    def articles() -> Iterator[Article]:
        for item in load_paths([deferred.path]):
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                yield replace(item, source_name=source_name(item.path, deferred.given))

    results, failed = extract_all(_worker_extractor(), articles(), None, max_body_chars)
    return results, skipped + failed
