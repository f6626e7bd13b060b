"""The index survives real processes: `saidwhat index` killed with SIGKILL mid-run, two rebuilds at once, and a
server answering all through a rebuild and seeing the new index after the swap, without a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search import IndexMissing, IndexStore, RebuildInProgress, SearchService, build_index

from .conftest import ROOT, SEEDS, XINHUA
from .limits import deadline

COPIES = 60  # of each seed: 120 articles, several seconds of work for `saidwhat index`


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """The seeds copied many times, each copy a little different (headline and a closing line)."""
    folder = tmp_path_factory.mktemp("big")
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        headline, rest = text.split("\n", 1)
        for number in range(COPIES):
            (folder / f"{seed.stem}-{number:03d}.txt").write_text(
                f"{headline} (part {number})\n{rest.rstrip()}\n\nThe talks were the {number}th of the year.\n",
                encoding="utf-8")
    return folder


def start_index(corpus: Path, index_dir: Path, log: Path, *options: str) -> subprocess.Popen:
    """`saidwhat index` in its own process (stdout and stderr to `log`)."""
    with log.open("w") as out:
        command = [sys.executable, "-m", "web.cli", "index", str(corpus), "--index-dir", str(index_dir), *options]
        return subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})


def wait_for_new_build(store: IndexStore, old: set[str], process: subprocess.Popen, timeout: float = 120) -> str:
    """The name of the build directory the running rebuild writes into, once it has made one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the rebuild ended before it could be watched"
        new = {p.name for p in store.builds.iterdir()} - old
        if new:
            return new.pop()
        time.sleep(0.05)
    process.kill()
    pytest.fail("the rebuild never started writing a build")


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    """Whether a process exists and has not exited (an exited orphan nobody reaps stays a zombie, state Z)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)


def test_a_rebuild_killed_mid_run_leaves_the_old_index_whole_and_serving(tmp_path, big_corpus, extractor):
    from web import create_app

    store = IndexStore(tmp_path / "index")
    build_index([SEEDS], store, extractor)
    old = store.current_name()
    service = SearchService(store)
    before_stats, before_hits = service.stats(), [h.statement["id"] for h in service.search("Wang Yi trade").hits]
    process = start_index(big_corpus, store.root, tmp_path / "log", "--workers", "2")
    try:
        killed = wait_for_new_build(store, {old}, process)
        deadline = time.monotonic() + 60
        while len(workers := children(process.pid)) < 3 and time.monotonic() < deadline:  # 2 workers, 1 tracker
            time.sleep(0.1)
        time.sleep(3.0)  # the workers started (spaCy loaded), well into extracting and writing
        assert process.poll() is None, "the rebuild finished too fast to be killed mid-run"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        stop(process)
    # Its worker processes do not outlive it (they would wait for work forever, a spaCy pipeline each).
    assert len(workers) >= 3
    deadline = time.monotonic() + 20
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(running(pid) for pid in workers)
    # The unfinished build is left behind, but CURRENT still names the old one, which answers as before.
    assert {p.name for p in store.builds.iterdir()} == {old, killed}
    assert not (store.builds / killed / "manifest.json").exists()
    assert store.current_name() == old
    assert service.stats() == before_stats
    assert [h.statement["id"] for h in service.search("Wang Yi trade").hits] == before_hits
    fresh = SearchService(IndexStore(store.root))  # a server started now
    assert fresh.stats() == before_stats
    client = create_app(store.root).test_client()
    assert client.get("/api/v1/search?q=supply+chains").status_code == 200
    assert client.get("/api/v1/health").get_json()["index"]["build"] == old
    # The kernel released the dead process's lock: the next rebuild runs, and clears what was left.
    assert not store.rebuild_running()
    summary = build_index([XINHUA], store, extractor)
    assert store.current_name() == summary.build != old
    assert {p.name for p in store.builds.iterdir()} == {old, summary.build}
    assert not list(store.root.glob(".CURRENT.*"))
    assert service.stats()["articles"] == 1


def test_a_second_rebuild_is_refused_and_a_server_answers_throughout(tmp_path, big_corpus, extractor):
    from web import create_app

    store = IndexStore(tmp_path / "index")
    build_index([XINHUA], store, extractor)
    old = store.current_name()
    client = create_app(store.root).test_client()
    assert client.get("/api/v1/health").get_json()["index"]["articles"] == 1
    process = start_index(big_corpus, store.root, tmp_path / "log")
    try:
        wait_for_new_build(store, {old}, process)
        # A second rebuild, from the command line: refused at once with a clear message and exit status 3.
        started = time.monotonic()
        second = subprocess.run([sys.executable, "-m", "web.cli", "index", str(SEEDS), "--index-dir", str(store.root)],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert second.returncode == 3, second.stderr
        assert f"error: Another rebuild of {store.root} is running; try again when it has finished." in second.stderr
        assert "Traceback" not in second.stderr and time.monotonic() - started < 60
        # ... and from Python, past the command line's early check: the lock itself refuses.
        with pytest.raises(RebuildInProgress, match="Another rebuild"):
            build_index([SEEDS], store, extractor)
        assert process.poll() is None, "the first rebuild finished before the second one was tried"
        # The server answers all through the rebuild, from the old index.
        answered, builds_seen = 0, set()
        while process.poll() is None:
            health = client.get("/api/v1/health")
            search = client.get("/api/v1/search?q=what+did+Wang+Yi+say+about+supply+chains")
            assert (health.status_code, search.status_code) == (200, 200)
            assert search.get_json()["total"] >= 1
            builds_seen.add(health.get_json()["index"]["build"])
            answered += 1
            time.sleep(0.02)
        assert process.wait(timeout=300) == 0, (tmp_path / "log").read_text()
        assert answered >= 5
    finally:
        stop(process)
    # After the swap the same app, not restarted, serves the new index (and never served anything else).
    new = store.current_name()
    assert new != old and old in builds_seen and builds_seen <= {old, new}
    health = client.get("/api/v1/health").get_json()["index"]
    assert (health["build"], health["articles"]) == (new, 2 * COPIES)
    body = client.get("/api/v1/search?q=talks+year&per_page=5&group=false").get_json()  # the copies, each
    assert body["total"] >= 5 and "(part " in body["results"][0]["article"]["title"]
    grouped = client.get("/api/v1/search?q=talks+year&per_page=5").get_json()  # one result per statement
    assert grouped["total"] + grouped["grouped"] == body["total"] and grouped["total"] < body["total"]
    log = (tmp_path / "log").read_text()
    assert f"Indexed {2 * COPIES} articles" in log


# -- a damaged index: a clear message that says how to rebuild, never a stack trace ----------------------


def damage_toc(store: IndexStore) -> None:
    for toc in store.current_path().glob("*.toc"):
        toc.write_bytes(toc.read_bytes()[:10])


def damage_segments(store: IndexStore) -> None:
    segments = list(store.current_path().glob("*.pst"))  # the postings of each segment
    assert segments
    for segment in segments:
        segment.unlink()


def damage_manifest(store: IndexStore) -> None:
    (store.current_path() / "manifest.json").write_text("[1, 2]")


def damage_current(store: IndexStore) -> None:
    (store.root / "CURRENT").write_bytes(b"\xff\xfe../../../etc")


def escape_current(store: IndexStore) -> None:
    (store.root / "CURRENT").write_text("../../../etc\n")


def endless_current(store: IndexStore) -> None:
    (store.root / "CURRENT").unlink()
    (store.root / "CURRENT").symlink_to("/dev/zero")


def fifo_current(store: IndexStore) -> None:
    (store.root / "CURRENT").unlink()
    os.mkfifo(store.root / "CURRENT")


def linked_current(store: IndexStore) -> None:
    """A link to a file that names the build: still refused (CURRENT is only ever a file written here)."""
    (store.root / "elsewhere").write_text(store.current_name() + "\n")
    (store.root / "CURRENT").unlink()
    (store.root / "CURRENT").symlink_to(store.root / "elsewhere")


def huge_current(store: IndexStore) -> None:
    (store.root / "CURRENT").write_text(store.current_name() + "\n" + " " * 10_000)


def folder_current(store: IndexStore) -> None:
    (store.root / "CURRENT").unlink()
    (store.root / "CURRENT").mkdir()


@pytest.fixture()
def fresh_store(tmp_path, extractor) -> IndexStore:
    store = IndexStore(tmp_path / "index")
    build_index([XINHUA], store, extractor)
    return store


@pytest.mark.parametrize("damage, detail", [
    (damage_toc, "is damaged: _articles_1.toc has 10 bytes"),
    (damage_segments, "is missing"),
    (damage_manifest, "damaged manifest"),
    (damage_current, "CURRENT does not name a build"),
    (escape_current, "CURRENT does not name a build"),
    (endless_current, "CURRENT does not name a build: it is a symbolic link, not a file"),
    (fifo_current, "CURRENT does not name a build: it is a FIFO, not a file"),
    (linked_current, "CURRENT does not name a build: it is a symbolic link, not a file"),
    (huge_current, "CURRENT does not name a build: it has 10,"),
    (folder_current, "CURRENT does not name a build: it is a folder, not a file"),
])
def test_the_store_knows_a_damaged_build(fresh_store, damage, detail):
    damage(fresh_store)
    with deadline(5), pytest.raises(IndexMissing, match="saidwhat index") as missing:
        fresh_store.current_path()
    assert detail in str(missing.value)


@pytest.mark.parametrize("damage", [damage_manifest, damage_current, escape_current, endless_current, fifo_current])
def test_a_damaged_index_is_a_503_with_advice(fresh_store, damage, capsys):
    from web import create_app
    from web.cli import main

    damage(fresh_store)
    with deadline(20):
        client = create_app(fresh_store.root).test_client()
        for url in ("/api/v1/health", "/api/v1/search?q=trade", "/api/v1/speakers"):
            response = client.get(url)
            assert response.status_code == 503 and "saidwhat index" in response.get_json()["error"]["message"]
        assert client.get("/").status_code == 503
        assert main(["search", "trade", "--index-dir", str(fresh_store.root)]) == 2
    assert "saidwhat index" in capsys.readouterr().err


@pytest.mark.parametrize("damage", [endless_current, fifo_current])
def test_a_rebuild_replaces_a_current_that_is_not_a_file(fresh_store, damage, extractor):
    damage(fresh_store)
    with deadline(60):
        build_index([SEEDS], fresh_store, extractor)
    assert (fresh_store.root / "CURRENT").is_file() and not (fresh_store.root / "CURRENT").is_symlink()
    assert SearchService(fresh_store).stats()["articles"] == 2


@pytest.mark.parametrize("damage", [damage_toc, damage_segments])
def test_damaged_index_files_are_a_503_with_advice(fresh_store, damage):
    from web import create_app

    damage(fresh_store)
    response = create_app(fresh_store.root).test_client().get("/api/v1/search?q=trade")
    assert response.status_code == 503 and "saidwhat index" in response.get_json()["error"]["message"]


def test_a_rebuild_repairs_a_damaged_index(fresh_store, extractor):
    damage_segments(fresh_store)
    build_index([SEEDS], fresh_store, extractor)
    assert SearchService(fresh_store).stats()["articles"] == 2
