"""Extraction on a real local Dask cluster: the same index as one process, and a worker killed mid-run loses
nothing."""

from __future__ import annotations

import os
import shutil
import signal
import socket
from functools import partial
from pathlib import Path

import pytest

from indexer import Extractor
from search import IndexStore, SearchService, build_index
from search.cluster import CLUSTER_TASKS_IN_FLIGHT, ClusterLost, _client, extract_on_cluster
from search.extraction import extractor_factory
from search.update import update_index

from .conftest import ANADOLU, ROOT, SEEDS, XINHUA
from .test_web_input import _warc
from .test_workers import _stored

pytest.importorskip("distributed")
SAMPLE = ROOT / "tests" / "data" / "polnear_sample" / "text"


class KillsItsWorkerOnce(Extractor):
    """An Extractor whose worker process is killed (SIGKILL, as `kill -9` or the OOM killer do) the first time it
    meets the article whose text has `marker`; the marker file says it happened."""

    def __init__(self, marker: str, flag: str, **kwargs):
        super().__init__(**kwargs)
        self.marker, self.flag = marker, flag

    def _check(self, article) -> None:
        if self.marker in article.body and not os.path.exists(self.flag):
            Path(self.flag).write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)

    def extract_many(self, articles, on_error=None):
        def checked():
            for article in articles:
                self._check(article)
                yield article

        return super().extract_many(checked(), on_error)

    def extract(self, article):
        self._check(article)
        return super().extract(article)


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for path in [XINHUA, ANADOLU, *sorted(SAMPLE.iterdir())[:6]]:
        shutil.copy(path, folder / path.name)
    return folder


def test_a_local_cluster_builds_the_same_index_as_one_process(tmp_path, extractor):
    corpus = _corpus(tmp_path / "articles")
    build_index([corpus], IndexStore(tmp_path / "one"), extractor)
    summary = build_index([corpus], IndexStore(tmp_path / "cluster"), cluster="local:2",
                          factory=extractor_factory())
    assert summary.articles == 8 and summary.statements > 40 and not summary.skipped and summary.retried == 0
    assert _stored(tmp_path / "one") == _stored(tmp_path / "cluster")


def test_a_web_archive_is_read_by_the_workers_and_updates_work_on_the_cluster(tmp_path, extractor):

    folder = tmp_path / "in"
    folder.mkdir()
    _warc(folder / "crawl.warc.gz", "https://news.example")
    build_index([folder], IndexStore(tmp_path / "one"), extractor)
    store = IndexStore(tmp_path / "cluster")
    summary = build_index([folder], store, cluster="local:1", factory=extractor_factory())
    assert summary.articles == 2 and [s.reason for s in summary.skipped].count("redirect (HTTP 301)") == 1
    assert _stored(tmp_path / "one") == _stored(tmp_path / "cluster")
    shutil.copy(XINHUA, folder / "xinhua.txt")
    summary = update_index([folder], store, cluster="local:1", factory=extractor_factory())
    assert (summary.added, summary.replaced, summary.unchanged) == (1, 0, 2)


def test_a_worker_killed_mid_run_has_its_articles_rescheduled(tmp_path, extractor):
    corpus = _corpus(tmp_path / "articles")
    marker = "multilateral areas"  # in the Xinhua seed article only
    assert marker in XINHUA.read_text(encoding="utf-8") and marker not in ANADOLU.read_text(encoding="utf-8")
    flag = tmp_path / "killed"
    factory = partial(KillsItsWorkerOnce, marker, str(flag))
    build_index([corpus], IndexStore(tmp_path / "one"), extractor)
    summary = build_index([corpus], IndexStore(tmp_path / "cluster"), cluster="local:2", factory=factory)
    assert flag.exists()  # a worker was killed
    assert summary.articles == 8 and not summary.skipped  # nothing lost, nothing written twice
    assert summary.retried >= 1
    assert _stored(tmp_path / "one") == _stored(tmp_path / "cluster")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_scheduler_is_said_and_the_old_index_stays(tmp_path, extractor, monkeypatch):
    import search.cluster

    monkeypatch.setattr(search.cluster, "CONNECT_SECONDS", 2)
    store = IndexStore(tmp_path / "index")
    build_index([SEEDS], store, extractor)
    before = store.current_name()
    with pytest.raises(ClusterLost, match="cannot be reached"):
        build_index([SEEDS], store, cluster=f"tcp://127.0.0.1:{_free_port()}", factory=extractor_factory())
    assert store.current_name() == before and SearchService(store).stats().articles == 2


def test_a_scheduler_that_goes_away_stops_the_run(tmp_path, extractor):
    from distributed import LocalCluster

    store = IndexStore(tmp_path / "index")
    build_index([SEEDS], store, extractor)
    before = store.current_name()
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for number in range(80):  # several tasks: some are still on the cluster when it goes
        (corpus / f"{number}.txt").write_text(f"Story {number}\n\nThe mayor said bridge {number} would open.\n",
                                              encoding="utf-8")
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None)

    def stop_after_first(stream):
        for number, item in enumerate(stream):
            if number == 0:
                cluster.close()
            yield item

    try:
        with pytest.raises(ClusterLost, match="went away"):
            build_index([corpus], store, cluster=cluster.scheduler_address, factory=extractor_factory(),
                        progress=stop_after_first)
    finally:
        cluster.close()
    assert store.current_name() == before


def test_the_window_of_tasks_in_flight_is_bounded(tmp_path):
    """However many articles, the client holds only a window of tasks: the source is read as results come."""
    from indexer.metadata import article_from_text

    read = []

    def articles():
        for number in range(200):
            read.append(number)
            yield article_from_text(f"Story {number}\n\nThe mayor said the bridge would open in May.\n",
                                    f"{number}.txt")

    stream = extract_on_cluster(articles(), lambda skipped: None, extractor_factory(), "local:1", chunk_size=4)
    first = next(stream)
    assert first[0].path == "0.txt"
    assert len(read) <= 4 * CLUSTER_TASKS_IN_FLIGHT + 4  # the window: one worker's tasks in flight, one being filled
    assert sum(1 for _ in stream) == 199


def _worker_settings() -> tuple:
    import dask

    return (os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OMP_NUM_THREADS"),
            dask.config.get("distributed.worker.profile.enabled"), dask.config.get("distributed.admin.tick.interval"))


def test_local_workers_run_without_what_slows_a_parse(monkeypatch):
    from contextlib import ExitStack

    # as in a new process: a Dask nanny started with its defaults (by another test) leaves the setting behind
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    with ExitStack() as stack:
        client = _client("local:1", stack)
        settings = list(client.run(_worker_settings).values())
    # glibc left to adapt its thresholds, one thread for numerical libraries, no profiler, a slower tick
    assert settings == [(None, "1", False, "500ms")]
