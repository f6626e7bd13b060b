"""`saidwhat serve --processes N`: several processes answer on one address, share the index's arrays, and each
picks up a swapped-in build."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

from search import IndexStore, SearchService, build_index

from .conftest import ROOT, SEEDS, XINHUA
from .test_rebuild_process import children, running


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> dict:
    with urlopen(url, timeout=10) as response:
        return json.load(response)


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else "the server stopped"
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not answer")


def test_two_processes_answer_share_the_arrays_and_follow_a_rebuild(tmp_path, extractor):
    corpus = tmp_path / "articles"
    shutil.copytree(SEEDS, corpus)
    store = IndexStore(tmp_path / "index")
    build_index([corpus], store, extractor)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    server = subprocess.Popen([sys.executable, "-m", "web.cli", "serve", "--index-dir", str(store.root),
                               "--port", str(port), "--processes", "2", "--threads", "2"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_until_up(f"{base}/health", server)
        workers = children(server.pid)
        assert len(workers) == 2  # the master and its two serving processes
        for _ in range(20):  # every process answers searches (their arrays are made on the way)
            assert _get(f"{base}/search?q=supply+chains")["total"] == 2
        arrays = store.current_path() / "arrays"
        kept = sorted(path.name for path in arrays.glob("*.npy"))
        assert kept, "the arrays of searches are kept as files in the build"
        mapped = [pid for pid in workers if str(arrays) in Path(f"/proc/{pid}/maps").read_text(encoding="utf-8")]
        assert mapped, "a serving process reads the kept arrays memory-mapped"

        (corpus / "again.txt").write_text(XINHUA.read_text(encoding="utf-8").replace("Wang Yi", "Li Qiang"),
                                          encoding="utf-8")
        old = store.current_name()
        build_index([corpus], store, extractor)
        assert store.current_name() != old
        builds = {_get(f"{base}/health")["index"]["build"] for _ in range(20)}
        assert builds == {store.current_name()}  # both processes serve the new build
        assert _get(f"{base}/search?q=Li+Qiang")["total"] > 0
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        finally:
            if server.poll() is None:
                server.kill()
    assert server.returncode == 0
    assert not any(running(pid) for pid in workers)  # no serving process outlives the master
    assert "with 2 processes of 2 threads" in server.stdout.read()


def test_a_serving_process_opens_the_index_and_freezes_it_out_of_full_collections(app):
    import gc
    from types import SimpleNamespace

    from web.serving import _open_index

    gc.unfreeze()
    try:
        _open_index(SimpleNamespace(wsgi=app))
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_swapped_in_build_gives_the_frozen_one_back_to_the_collector(tmp_path, extractor):
    import gc

    store = IndexStore(tmp_path)
    build_index([XINHUA], store, extractor)
    service = SearchService(store)
    service.open()
    gc.freeze()
    try:
        build_index([XINHUA], store, extractor)
        assert service.stats()["build"] == store.current_name()
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
