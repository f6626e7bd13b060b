"""Index builds are atomic: a failed or concurrent rebuild never damages the index being served."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from search import Filters, IndexMissing, IndexStore, RebuildInProgress, SearchService, build_index

from .conftest import SEEDS, XINHUA


def test_failed_rebuild_leaves_the_old_index_serving(tmp_path, extractor):
    store = IndexStore(tmp_path)
    build_index([XINHUA], store, extractor)
    service = SearchService(store)
    before = service.stats()
    assert before["articles"] == 1

    class Boom(RuntimeError):
        pass

    def explode(stream):
        for number, item in enumerate(stream):
            if number == 1:
                raise Boom("killed mid-run")
            yield item

    with pytest.raises(Boom):
        build_index([SEEDS], store, extractor, progress=explode)
    assert service.stats() == before
    assert [p.name for p in store.builds.iterdir()] == [before["build"]]


def test_server_picks_up_a_new_build_without_restart(tmp_path, extractor):
    store = IndexStore(tmp_path)
    build_index([XINHUA], store, extractor)
    service = SearchService(store)
    assert service.stats()["articles"] == 1
    build_index([SEEDS], store, extractor)
    assert service.stats()["articles"] == 2
    assert service.search("Yonhap").total == 1


def test_second_rebuild_is_refused_while_one_runs(tmp_path, extractor):
    store = IndexStore(tmp_path)
    with pytest.raises(KeyboardInterrupt), store.new_build():
        with pytest.raises(RebuildInProgress, match="Another rebuild"):
            build_index([XINHUA], store, extractor)
        raise KeyboardInterrupt  # the first rebuild is abandoned: nothing is swapped in
    assert store.current_name() is None
    build_index([XINHUA], store, extractor)  # and the lock is free again
    assert store.current_name()


def test_damaged_index_gives_a_clear_message(tmp_path, extractor):
    store = IndexStore(tmp_path)
    build_index([XINHUA], store, extractor)
    shutil.rmtree(store.current_path())
    with pytest.raises(IndexMissing, match="saidwhat index"):
        SearchService(store).search("x")


def test_summary_lists_skipped_inputs(tmp_path, extractor):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "empty.txt").write_text("")
    shutil.copy(XINHUA, tmp_path / "docs" / "a.txt")
    shutil.copy(XINHUA, tmp_path / "docs" / "b.txt")
    summary = build_index([tmp_path / "docs"], IndexStore(tmp_path / "index"), extractor)
    assert summary.articles == 2  # same text, different files: both are articles
    assert [s.reason for s in summary.skipped] == ["empty file"]


def test_name_variants_become_one_speaker(tmp_path, extractor):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(
        "Headline one\n\nDonald J. Trump said the wall would be built and paid for by next year.\n")
    (tmp_path / "docs" / "b.txt").write_text(
        "Headline two\n\nDonald Trump said the trade deals were the worst in the history of the country.\n\n"
        "Trump said the polls were rigged against him in every single state.\n")
    store = IndexStore(tmp_path / "index")
    build_index([tmp_path / "docs"], store, extractor)
    service = SearchService(store)
    trump = service.speaker("donald-trump")
    assert trump["statements"] == 3 and "Donald J. Trump" in trump["aliases"]
    assert service.speaker("donald-j-trump") in (None, trump)
    assert {h.statement["speaker"]["slug"] for h in service.search("", Filters(speaker="donald-trump")).hits} == {
        "donald-trump"}


def test_a_build_is_on_disk_before_current_names_it(tmp_path, extractor, monkeypatch):
    store = IndexStore(tmp_path)
    build_index([XINHUA], store, extractor)
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{descriptor}")))
        real_fsync(descriptor)

    def replace(source, target):
        events.append(("replace", str(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    build_index([SEEDS], store, extractor)
    build = store.current_path()
    swap = events.index(("replace", str(store.root / "CURRENT")))
    before, after = [path for _, path in events[:swap]], [path for _, path in events[swap + 1:]]
    files = {str(file) for file in build.iterdir()}
    assert files <= set(before) and "manifest.json" in {Path(file).name for file in files}
    last_file = max(before.index(file) for file in files)
    assert before.index(str(build)) > last_file  # the folder after its files
    assert before.index(str(store.builds)) > before.index(str(build))
    assert Path(before[-1]).name.startswith(".CURRENT.")  # the pointer's own file, just before the rename
    assert str(store.root) in after


def test_an_update_starts_from_a_copy_that_shares_no_file_with_the_served_build(tmp_path, extractor):
    store = IndexStore(tmp_path)
    build_index([XINHUA], store, extractor)
    served = store.current_path()
    checksums = {file.name: file.read_bytes() for file in served.iterdir()}
    with pytest.raises(KeyboardInterrupt), store.new_build(from_current=True) as copy:
        copied = [file for file in copy.iterdir() if file.is_file()]
        assert copied
        for file in copied:
            assert os.stat(file).st_ino != os.stat(served / file.name).st_ino
            with file.open("r+b") as handle:  # damage to the copy...
                handle.write(b"\0" * 16)
        raise KeyboardInterrupt
    assert {file.name: file.read_bytes() for file in served.iterdir()} == checksums  # ...never reaches the build
    assert SearchService(store).stats()["articles"] == 1
