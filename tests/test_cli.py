"""The command line: index, search (--json is exactly the API's body), extract, and its errors."""

from __future__ import annotations

import errno
import json

import pytest

from web.cli import main

from .conftest import SEEDS, XINHUA


def test_index_then_search_json_matches_the_api(tmp_path, capsys, app, monkeypatch):
    index_dir = str(tmp_path / "index")
    assert main(["index", str(SEEDS), "--index-dir", index_dir]) == 0
    out = capsys.readouterr().out
    assert "Indexed 2 articles" in out
    monkeypatch.setenv("SAIDWHAT_BASE_URL", "http://localhost")
    assert main(["--index-dir", index_dir, "search", "what did Wang Yi say about supply chains", "--json"]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    from_api = app.test_client().get("/api/v1/search?q=what+did+Wang+Yi+say+about+supply+chains").get_json()
    assert from_cli == from_api  # links under the site's address, which the command line knows from the setting
    assert from_cli["results"][0]["speaker"]["name"] == "Wang Yi"


def test_search_text_output_and_filters(seed_index, capsys):
    assert main(["search", "trade", "--speaker", "Cho Hyun", "--index-dir", str(seed_index)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 statements") and "Cho Hyun [indirect]" in out


def test_extract_json_lines(capsys):
    assert main(["extract", str(XINHUA), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) >= 15 and all(line["speaker"]["name"] in ("Wang Yi", "Cho Hyun") for line in lines)
    assert set(lines[0]) >= {"id", "speaker", "kind", "text", "cue", "said_on", "start", "end", "article"}


def test_errors_are_messages_not_tracebacks(tmp_path, capsys):
    assert main(["search", "x", "--index-dir", str(tmp_path)]) == 2
    assert "saidwhat index" in capsys.readouterr().err
    assert main(["index", str(tmp_path / "nothing"), "--index-dir", str(tmp_path / "i")]) == 1
    err = capsys.readouterr()
    assert "no such file or folder" in err.out and "no article" in err.err
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "empty.txt").write_text("")
    (tmp_path / "docs" / "ok.txt").write_text(XINHUA.read_text())
    assert main(["index", str(tmp_path / "docs"), "--index-dir", str(tmp_path / "j")]) == 0
    assert main(["index", str(tmp_path / "docs"), "--index-dir", str(tmp_path / "k"), "--strict"]) == 1


def test_search_date_and_article_filters(seed_index, capsys, app):
    assert main(["search", "", "--published-from", "2025-10-01", "--json", "--index-dir", str(seed_index)]) == 0
    october = json.loads(capsys.readouterr().out)
    assert october["total"] > 0 and all(r["article"]["published"] == "2025-10-08" for r in october["results"])
    slug = october["results"][0]["article"]["slug"]
    assert main(["search", "Wang", "--article", slug, "--published-to", "2025-12-31", "--json",
                 "--index-dir", str(seed_index)]) == 0
    narrowed = json.loads(capsys.readouterr().out)
    assert narrowed["filters"] == {"published_to": "2025-12-31", "article": slug}
    assert {r["article"]["slug"] for r in narrowed["results"]} == {slug}


def _one_line(err: str) -> str:
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


@pytest.fixture()
def read_only(monkeypatch):
    """Make a folder read-only as a read-only file system would (the tests may run as root, which chmod does not
    stop): every write under it raises EROFS."""
    import builtins
    import io
    import os

    folders: list[str] = []

    def refuse(path) -> None:
        if any(os.path.abspath(os.fspath(path)).startswith(folder) for folder in folders):
            raise OSError(errno.EROFS, "Read-only file system", os.fspath(path))

    real_open, real_os_open, real_mkdir = builtins.open, os.open, os.mkdir

    def checked_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and set(mode) & set("wax+"):
            refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def checked_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            refuse(path)
        return real_os_open(path, flags, *args, **kwargs)

    def checked_mkdir(path, *args, **kwargs):
        refuse(path)
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", checked_open)
    monkeypatch.setattr(io, "open", checked_open)
    monkeypatch.setattr(os, "open", checked_os_open)
    monkeypatch.setattr(os, "mkdir", checked_mkdir)
    return lambda folder: folders.append(os.path.abspath(folder) + os.sep)


def test_a_read_only_index_folder_is_a_one_line_error_with_status_2(tmp_path, capsys, read_only):
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    read_only(index_dir)
    assert main(["index", str(XINHUA), "--index-dir", str(index_dir), "--workers", "1"]) == 2
    err = _one_line(capsys.readouterr().err)
    assert "Read-only file system" in err and "--index-dir" in err


def test_a_full_disk_is_a_one_line_error_with_status_2(tmp_path, capsys, monkeypatch):
    import search.build

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "index" / "builds" / "x"))

    monkeypatch.setattr(search.build, "write_manifest", full)
    assert main(["index", str(XINHUA), "--index-dir", str(tmp_path / "index"), "--workers", "1"]) == 2
    err = _one_line(capsys.readouterr().err)
    assert "no space left" in err.lower() and "free some space" in err


def test_serving_on_a_port_in_use_is_a_one_line_error_with_status_2(seed_index, capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--index-dir", str(seed_index), "--port", str(port)]) == 2
    err = _one_line(capsys.readouterr().err)
    assert f"127.0.0.1:{port}" in err and "in use" in err and "--port" in err


def test_output_cut_short_by_a_pipe_is_no_error(seed_index, monkeypatch, capsys):
    class ClosedPipe:
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            pass

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert main(["--index-dir", str(seed_index), "search", "wang"]) == 0  # as `saidwhat search wang | head -1`
    assert "error" not in capsys.readouterr().err
