"""The command line: index, search (--json is exactly the API's body), extract, and its errors."""

from __future__ import annotations

import json

from web.cli import main

from .conftest import SEEDS, XINHUA


def test_index_then_search_json_matches_the_api(tmp_path, capsys, app):
    index_dir = str(tmp_path / "index")
    assert main(["index", str(SEEDS), "--index-dir", index_dir]) == 0
    out = capsys.readouterr().out
    assert "Indexed 2 articles" in out
    assert main(["--index-dir", index_dir, "search", "what did Wang Yi say about supply chains", "--json"]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    from_api = app.test_client().get("/api/v1/search?q=what+did+Wang+Yi+say+about+supply+chains").get_json()
    assert from_cli == from_api
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
