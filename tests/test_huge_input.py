"""Inputs that are too big or never end: a JSON Lines line over the size limit, FIFOs, sockets and devices (also
behind a symbolic link) under any file name. Each is skipped with a reason, without being read into memory and
without blocking."""

from __future__ import annotations

import json
import os
import socket
import tracemalloc

import pytest

import indexer.loading
from indexer import Article, Skipped, load_paths

from .limits import deadline

GOOD = "Talks go on\n\nThe minister said the talks would go on next week, according to officials in the capital."


def line(text: str = GOOD) -> str:
    return json.dumps({"text": text})


@pytest.fixture()
def small_limit(monkeypatch) -> int:
    monkeypatch.setattr(indexer.loading, "MAX_FILE_BYTES", 1024 * 1024)
    return 1024 * 1024


def test_a_jsonl_line_over_the_limit_is_skipped_and_never_held_in_memory(tmp_path, small_limit):
    path = tmp_path / "feed.jsonl"
    with path.open("w") as handle:
        handle.write(line() + "\n")
        handle.write('{"text": "' + "x" * (20 * small_limit) + '"}\n')
        handle.write(line() + "\n")
    (tmp_path / "warm.jsonl").write_text(line() + "\n")
    list(load_paths([tmp_path / "warm.jsonl"]))  # imports and caches outside the measurement
    tracemalloc.start()
    try:
        items = list(load_paths([path]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [type(item) for item in items] == [Article, Skipped, Article]
    assert items[1].path.endswith("feed.jsonl:2") and items[2].path.endswith("feed.jsonl:3")
    assert items[1].reason == "line too long (20 MB; the limit is 1 MB)"
    assert peak < 4 * small_limit, f"{peak:,} bytes"


def test_a_line_of_the_limit_is_read_and_one_byte_more_is_not(tmp_path, monkeypatch):
    exact = line("Talks go on\n\n" + "The minister said the talks would go on. " * 30)
    monkeypatch.setattr(indexer.loading, "MAX_FILE_BYTES", len(exact.encode()))
    (tmp_path / "feed.jsonl").write_text(exact + "\n" + exact + " \n")
    items = list(load_paths([tmp_path / "feed.jsonl"]))
    assert isinstance(items[0], Article)
    assert items[1].reason == f"line too long ({len(exact) + 1:,} bytes; the limit is {len(exact):,} bytes)"


def test_lines_end_at_any_line_break_as_in_a_text_file(tmp_path):
    (tmp_path / "feed.jsonl").write_bytes(
        f"{line()}\r\n{line()}\r{line()}\n\n{{bad\r\n{line()}".encode())
    items = list(load_paths([tmp_path / "feed.jsonl"]))
    assert [(type(item), item.path.rsplit(":", 1)[1]) for item in items] == [
        (Article, "1"), (Article, "2"), (Article, "3"), (Skipped, "5"), (Article, "6")]


@pytest.fixture()
def special_files(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    for name in ("feed.jsonl", "story.txt", "page.html"):
        os.mkfifo(folder / name)
    (folder / "zero.jsonl").symlink_to("/dev/zero")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "fifo-link.jsonl").symlink_to(folder / "feed.jsonl")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "socket.txt"))
    yield folder
    listener.close()


def test_fifos_devices_and_sockets_are_skipped_by_their_type(special_files):
    with deadline(10):
        items = {item.path.rsplit("/", 1)[-1]: item for item in load_paths([special_files])}
    assert isinstance(items.pop("good.txt"), Article)
    assert {name: item.reason for name, item in items.items()} == {
        "feed.jsonl": "not a regular file (a FIFO)", "story.txt": "not a regular file (a FIFO)",
        "page.html": "not a regular file (a FIFO)", "fifo-link.jsonl": "not a regular file (a FIFO)",
        "zero.jsonl": "not a regular file (a device)", "zero.txt": "not a regular file (a device)",
        "socket.txt": "not a regular file (a socket)"}


def test_a_special_file_named_on_the_command_line_is_skipped_by_its_type(special_files):
    with deadline(10):
        items = list(load_paths([special_files / "zero.jsonl", special_files / "feed.jsonl", "/dev/null"]))
    assert [item.reason for item in items] == ["not a regular file (a device)", "not a regular file (a FIFO)",
                                               "not a regular file (a device)"]
