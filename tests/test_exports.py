"""Following and taking away: Atom feeds of a search and of a speaker, and whole result sets as CSV and JSON Lines
(streamed, in the search's order, each row with its citation and the article's address)."""

from __future__ import annotations

import csv
import io
import json

import feedparser

from web.cli import main
from web.exports import COLUMNS


def _all_pages(client, query: str) -> list[str]:
    ids, page = [], 1
    while True:
        body = client.get(f"/api/v1/search?{query}&per_page=5&page={page}").get_json()
        ids += [hit["id"] for hit in body["results"]]
        if page >= body["pages"]:
            return ids
        page += 1


def test_a_csv_export_is_every_match_in_the_search_order_with_citations(client):
    response = client.get("/api/v1/search.csv?q=Korea")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(rows[0]) == COLUMNS
    assert [row["id"] for row in rows] == _all_pages(client, "q=Korea") and len(rows) > 5
    first = rows[0]
    assert first["statement_url"] == f"http://localhost/statements/{first['id']}"
    assert first["citation"].startswith(first["speaker"]) and first["citation"].endswith(first["statement_url"])
    assert not first["source"].startswith("/")


def test_a_json_lines_export_takes_the_filters_and_the_order(client):
    response = client.get("/api/v1/search.jsonl?speaker=wang-yi&sort=oldest")
    rows = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert rows and {row["speaker"] for row in rows} == {"Wang Yi"}
    assert [row["said_on"] for row in rows] == sorted(row["said_on"] for row in rows)
    assert [row["id"] for row in rows] == _all_pages(client, "speaker=wang-yi&sort=oldest")
    assert client.get("/api/v1/search.jsonl?kind=bogus").status_code == 400
    assert client.get("/api/v1/search.csv?q=zzzyzzy").get_data(as_text=True).splitlines() == [",".join(COLUMNS)]


def test_the_command_line_exports_what_the_api_does(seed_index, client, capsys):
    assert main(["search", "--index-dir", str(seed_index), "--format", "jsonl", "Korea"]) == 0
    printed = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert printed == _all_pages(client, "q=Korea")
    assert main(["search", "--index-dir", str(seed_index), "--format", "csv", "--speaker", "wang-yi"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {row["speaker"] for row in rows} == {"Wang Yi"}


def test_a_search_and_a_speaker_have_atom_feeds_linked_from_their_pages(client):
    page = client.get("/search?q=Korea&sort=oldest").get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml" title="Follow in a feed reader" ' \
           'href="/search.atom?q=Korea">' in page
    assert 'href="/api/v1/search.csv?q=Korea&amp;sort=oldest" download>CSV</a>' in page
    feed = feedparser.parse(client.get("/search.atom?q=Korea").get_data())
    assert not feed.bozo and feed.feed.title == "saidwhat: Korea" and feed.entries
    entry = feed.entries[0]
    assert entry.link.startswith("http://localhost/statements/") and entry.author and entry.summary
    days = [e.updated for e in feed.entries]
    assert days == sorted(days, reverse=True)
    assert 'href="/speakers/wang-yi.atom"' in client.get("/speakers/wang-yi").get_data(as_text=True)
    speaker = feedparser.parse(client.get("/speakers/wang-yi.atom").get_data())
    assert not speaker.bozo and speaker.feed.title == "saidwhat: Wang Yi"
    assert {e.author for e in speaker.entries} == {"Wang Yi"}
    assert client.get("/speakers/nobody.atom").status_code == 404
