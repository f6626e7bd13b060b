"""The same statement reported by several outlets: grouped at index time, one card per group in results."""

from __future__ import annotations

import json

import pytest

from search import IndexStore, SearchService, build_index
from search.groups import Sketches, same_words
from search.update import update_index
from web import create_app

QUOTE = "This agreement will bring jobs to every town on the coast, and it will not cost taxpayers a cent"
REPORTS = [
    # (id, outlet, published, text): one quote as a wire service, a paper and a broadcaster reported it
    ("wire-1", "Coast Wire", "2025-03-03",
     "HALIFAX — Transport Minister Anita Sorensen defended the port agreement on Monday.\n\n"
     f'"{QUOTE}," Sorensen said at a news conference.\n\n'
     'Opposition critic Paul Marchand disagreed. "It is a giveaway to the shipping companies," Marchand said.\n'),
    ("times-1", "Coastal Times", "2025-03-04",
     "Transport Minister Anita Sorensen said the deal was good for the region.\n\n"
     f'"{QUOTE.replace(", and", " and")}," Sorensen told reporters.\n\nCritics were unconvinced.\n'),
    ("radio-1", "Harbour Radio", "2025-03-05",
     "Anita Sorensen, the transport minister, stood by the port agreement.\n\n"
     '"This agreement will bring jobs to every town on the coast," Sorensen said.\n\n'
     'Paul Marchand, the opposition critic, said: "We will fight this in Parliament, every single day."\n'),
    # the same words from someone else are not the same statement
    ("gazette-1", "Toronto Gazette", "2025-03-06",
     "Mayor Lena Brooks spoke about the harbour.\n\n"
     f'"{QUOTE}," Brooks said, repeating the minister\'s words.\n'),
]
LATER = ("post-1", "Evening Post", "2025-03-02",
         "Transport Minister Anita Sorensen spoke in Halifax.\n\n"
         f'"{QUOTE}," Sorensen said in Halifax.\n')


def write_reports(path, reports) -> None:
    path.write_text("".join(json.dumps({"id": rid, "outlet": outlet, "published": day, "title": f"{outlet} story",
                                        "text": text}) + "\n" for rid, outlet, day, text in reports),
                    encoding="utf-8")


@pytest.fixture(scope="module")
def grouped(tmp_path_factory, extractor):
    root = tmp_path_factory.mktemp("groups")
    write_reports(root / "news.jsonl", REPORTS)
    store = IndexStore(root / "index")
    build_index([root / "news.jsonl"], store, extractor)
    return store


def _quote_hits(service, **kwargs):
    return [h for h in service.search("jobs every town coast taxpayers", per_page=50, **kwargs).hits]


def test_one_statement_reported_by_three_outlets_is_one_group(grouped):
    service = SearchService(grouped)
    hits = _quote_hits(service)
    sorensen = [h for h in hits if h.statement["speaker"]["name"] == "Anita Sorensen"]
    assert len(sorensen) == 1  # one card for the three reports
    group = sorensen[0].statement["group"]
    assert group["reports"] == 3 and group["earliest"]["article"]["outlet"] == "Coast Wire"
    assert sorensen[0].statement["article"]["outlet"] == "Coast Wire"  # the card is the earliest report
    reports = service.reports(sorensen[0].statement["id"])
    assert [r["article"]["outlet"] for r in reports] == ["Coast Wire", "Coastal Times", "Harbour Radio"]
    brooks = [h for h in hits if h.statement["speaker"]["name"] == "Lena Brooks"]
    assert len(brooks) == 1 and brooks[0].statement["group"] is None  # same words, another speaker


def test_without_grouping_every_report_is_a_result(grouped):
    service = SearchService(grouped)
    grouped_total = service.search("jobs every town coast taxpayers").total
    every = _quote_hits(service, group=False)
    assert len([h for h in every if h.statement["speaker"]["name"] == "Anita Sorensen"]) == 3
    assert service.search("jobs every town coast taxpayers", group=False).total == grouped_total + 2
    outlet = service.search("jobs every town coast taxpayers", filters=None, group=True)
    assert outlet.total == grouped_total


def test_the_api_gives_the_group_and_the_reports(grouped):
    client = create_app(grouped.root).test_client()
    hit = next(h for h in client.get("/api/v1/search?q=taxpayers+cent").get_json()["results"]
               if h["speaker"]["name"] == "Anita Sorensen")
    assert hit["group"]["reports"] == 3
    body = client.get(f"/api/v1/statements/{hit['id']}/reports").get_json()
    assert [r["article"]["outlet"] for r in body["reports"]] == ["Coast Wire", "Coastal Times", "Harbour Radio"]
    assert all(r["statement_url"].startswith("http") for r in body["reports"])
    every = client.get("/api/v1/search?q=jobs+coast&group=false").get_json()
    grouped_search = client.get("/api/v1/search?q=jobs+coast").get_json()
    assert every["total"] == grouped_search["total"] + 2 == grouped_search["grouped"] + grouped_search["total"]
    assert client.get("/api/v1/search?group=maybe&q=x").status_code == 400
    assert client.get("/api/v1/statements/nosuchid/reports").status_code == 404
    single = client.get("/api/v1/search?q=giveaway").get_json()["results"][0]
    assert single["group"] is None
    assert len(client.get(f"/api/v1/statements/{single['id']}/reports").get_json()["reports"]) == 1


def test_the_pages_show_one_card_with_the_other_reports(grouped):
    client = create_app(grouped.root).test_client()
    html = client.get("/search?q=taxpayers+cent").get_data(as_text=True)
    assert "also reported by 2 other articles" in html and "earliest: Coast Wire, 2025-03-03" in html
    assert "group=false" in html  # a link to every report
    hit = SearchService(grouped).search("taxpayers cent").hits[0]
    page = client.get(f"/statements/{hit.statement['id']}").get_data(as_text=True)
    assert page.index("Coast Wire") < page.index("Coastal Times") < page.index("Harbour Radio")


def test_an_update_adds_a_report_to_the_group(grouped, tmp_path, extractor):
    folder = tmp_path / "in"
    folder.mkdir()
    write_reports(folder / "news.jsonl", REPORTS)
    store = IndexStore(tmp_path / "index")
    build_index([folder / "news.jsonl"], store, extractor)
    write_reports(folder / "later.jsonl", [LATER])
    update_index([folder], store, extractor)
    service = SearchService(store)
    hit = next(h for h in _quote_hits(service) if h.statement["speaker"]["name"] == "Anita Sorensen")
    assert hit.statement["group"]["reports"] == 4
    assert hit.statement["article"]["outlet"] == "Evening Post"  # now the earliest
    assert len(Sketches.load(store.current_path())) == service.stats().statements


@pytest.mark.parametrize(("a", "b", "same"), [
    (QUOTE, QUOTE.replace(",", ""), True),  # punctuation
    (QUOTE, "This agreement will bring jobs to every town on the coast", True),  # a trimmed clause
    (QUOTE, QUOTE.replace("will not", "will"), True),  # a word changed: one report misquoting another
    (QUOTE, "This agreement will cost taxpayers a great deal and bring no jobs at all", False),
    ("We will fight this in Parliament", "We will fight this in the courts, and we will win", False),
])
def test_same_words(a, b, same):
    assert same_words(a, b) is same


def test_the_command_line_says_who_else_reported_it(grouped, capsys):
    from web.cli import main

    assert main(["search", "jobs coast", "--index", str(grouped.root)]) == 0
    assert "also reported by 2 other article(s); earliest: Coast Wire, 2025-03-03" in capsys.readouterr().out
    assert main(["search", "jobs coast", "--every-report", "--index", str(grouped.root), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["group"] is False
