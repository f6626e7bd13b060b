"""Extraction in worker processes: the same index as one process, and a dying worker costs one article."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer import Extractor
from search import IndexStore, build_index
from search.build import readable_articles
from search.extraction import extract_in_workers, extractor_factory
from web.cli import main

from .conftest import ANADOLU, ROOT, SEEDS, XINHUA
from .test_rebuild_process import children, running

CRASH_MARKER = "THIS-ARTICLE-KILLS-ITS-WORKER"


class CrashingExtractor(Extractor):
    """An Extractor whose process dies (as on a segfault or the OOM killer) on one marked article."""

    def extract_many(self, articles, on_error=None):
        def checked():
            for article in articles:
                if CRASH_MARKER in article.body:
                    os._exit(9)
                yield article

        return super().extract_many(checked(), on_error)

    def extract(self, article):
        if CRASH_MARKER in article.body:
            os._exit(9)
        return super().extract(article)


def _stored(root) -> dict[str, list]:
    from whoosh.index import open_dir

    path = IndexStore(root).current_path()
    stored = {}
    for name in ("statements", "articles", "speakers"):
        with open_dir(path, indexname=name).searcher() as searcher:
            stored[name] = sorted(repr(sorted(fields.items())) for fields in searcher.all_stored_fields())
    return stored


def test_two_workers_build_the_same_index_as_one_process(tmp_path, extractor):
    build_index([SEEDS], IndexStore(tmp_path / "one"), extractor)
    summary = build_index([SEEDS], IndexStore(tmp_path / "two"), extractor, workers=2)
    assert summary.articles == 2 and summary.statements > 20 and not summary.skipped
    assert _stored(tmp_path / "one") == _stored(tmp_path / "two")


def test_a_worker_that_dies_costs_only_the_article_that_killed_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(3):
        shutil.copy(XINHUA if number % 2 else ANADOLU, folder / f"{number}-good.txt")
    text = XINHUA.read_text(encoding="utf-8")
    (folder / "1-killer.txt").write_text(text.replace("Wang Yi", f"Wang Yi {CRASH_MARKER}", 1), encoding="utf-8")
    skipped = []
    articles = readable_articles([folder], skipped)
    results = list(extract_in_workers(articles, skipped.append, CrashingExtractor, workers=2, chunk_size=2))
    paths = [article.path for article, _ in results]
    assert paths == sorted(str(p) for p in folder.iterdir() if "good" in p.name)  # the others, in input order
    assert [s.path for s in skipped] == [str(folder / "1-killer.txt")]
    assert "crashed its worker process" in skipped[0].reason
    assert all(statements for _, statements in results)


def test_the_factory_makes_the_extractor_a_worker_uses():
    factory = extractor_factory("some_model", batch_size=4)
    assert factory.func is Extractor and factory.keywords == {"model": "some_model", "batch_size": 4}


def test_index_command_takes_a_number_of_workers(tmp_path, capsys):
    assert main(["--index-dir", str(tmp_path), "index", "--workers", "2", str(XINHUA)]) == 0
    assert "Indexed 1 articles" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["--index-dir", str(tmp_path), "index", "--workers", "0", str(XINHUA)])
    assert exit_.value.code == 2
    assert "--workers: must be a whole number of processes, 1 or more" in capsys.readouterr().err


def busy_factory(marker: str) -> Extractor:
    """A worker's start-up that holds the interpreter lock for minutes (as loading a model in C code can)."""
    Path(marker).touch()
    return sum(range(10**11))


_ORPHANED_WORKER = """
import functools, os, pickle, sys, time
from concurrent.futures import ProcessPoolExecutor
import multiprocessing
from search.workers import start_worker
from tests.test_workers import busy_factory
pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker,
                           initargs=(pickle.dumps(functools.partial(busy_factory, sys.argv[1])), os.getpid()))
pool.submit(os.getpid)
print(*pool._processes, flush=True)
time.sleep(600)
"""


def test_a_worker_starting_up_exits_within_a_second_of_its_parent_being_killed(tmp_path):
    marker = tmp_path / "started"
    parent = subprocess.Popen([sys.executable, "-c", _ORPHANED_WORKER, str(marker)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    worker = int(parent.stdout.readline())
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the worker never started"
        time.sleep(0.5)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        killed = time.monotonic()
        while running(worker) and time.monotonic() - killed < 5:
            time.sleep(0.05)
        assert not running(worker) and time.monotonic() - killed < 1.5
    finally:
        if running(worker):
            os.kill(worker, signal.SIGKILL)
        parent.stdout.close()


@pytest.mark.parametrize("program", [["-m", "web.cli"], ["saidwhat"]], ids=["module", "console-script"])
def test_index_workers_killed_while_they_start_exit_within_a_second(tmp_path, program):
    """A spawned worker imports the program's main module before its initializer ties it to its parent: that
    import must be light, or a parent killed then leaves its workers importing spaCy for seconds."""
    command = ([sys.executable, *program] if program[0] == "-m"
               else [str(Path(sys.executable).parent / program[0])])
    log = (tmp_path / "log").open("w")
    parent = subprocess.Popen([*command, "index", str(SEEDS), "--index-dir", str(tmp_path / "index"),
                               "--workers", "2"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers := children(parent.pid)) < 2 and time.monotonic() < deadline:  # a worker, the tracker
            time.sleep(0.01)
        assert len(workers) >= 2, "the workers never started"
        time.sleep(0.2)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        killed = time.monotonic()
        while any(map(running, workers)) and time.monotonic() - killed < 5:
            time.sleep(0.02)
        assert not any(map(running, workers)) and time.monotonic() - killed < 1.5
    finally:
        for worker in workers:
            if running(worker):
                os.kill(worker, signal.SIGKILL)
        log.close()
