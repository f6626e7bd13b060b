"""The site's pages through Flask's test client, including escaping of article text."""

from __future__ import annotations

import re

import pytest

from search import IndexStore, build_index


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    return response.get_data(as_text=True)


def test_home_shows_search_box_examples_and_figures(client):
    html = page(client, "/")
    assert '<label for="q">' in html and 'name="q"' in html
    assert "what did Wang Yi say about supply chains" in html
    assert re.search(r"<dt>Statements</dt><dd>\d+</dd>", html)


def test_search_page_shows_the_right_first_card_and_facets(client):
    html = page(client, "/search?q=what+did+Wang+Yi+say+about+supply+chains")
    first_card = html.split('<article class="card"', 2)[1]
    assert "Wang Yi" in first_card and "Partial quote" in first_card and "Xinhua" in first_card
    assert "2025-07-28" in first_card and "jointly oppose" in first_card
    assert 'value="what did Wang Yi say about supply chains"' in html  # the query stays in the box
    assert "facet-speaker" in html and "facet-kind" in html


def test_search_page_filters_and_no_results(client):
    html = page(client, "/search?q=trade&speaker=cho-hyun")
    assert "2 statements" in html and "Speaker: Cho Hyun" in html
    assert 'href="/search?q=trade" title="Remove this filter"' in html
    html = page(client, "/search?q=suply+chanes")
    assert "Did you mean" in html and "supply chains" in html


def test_speaker_article_statement_and_about_pages(client):
    html = page(client, "/speakers/wang-yi")
    assert "<h1>Wang Yi</h1>" in html and "Chinese Foreign Minister" in html and "Timeline" in html
    assert "Xinhua" in html
    assert "Cho Hyun" in page(client, "/speakers")
    search = client.get("/api/v1/search?q=decoupling").get_json()["results"][0]
    html = page(client, f"/articles/{search['article']['slug']}")
    assert f'id="s-{search["id"]}"' in html and "legend" in html
    html = page(client, f"/statements/{search['id']}")
    assert "Cite" in html and "quoted" not in html.split("citation")[0][:0]  # renders
    assert "Where it can be wrong" in page(client, "/about")
    assert "Chinese, S. Korean FMs" in page(client, "/articles")


def test_unknown_pages_are_friendly_404s(client):
    assert "Not found" in page(client, "/speakers/nobody", 404)
    assert "Not found" in page(client, "/articles/nope", 404)
    assert "Not found" in page(client, "/no/such/page", 404)
    assert "could not be understood" in page(client, "/search?q=x&page=-1", 400)


def test_result_cards_carry_everything_the_issue_asks(client):
    html = page(client, "/search?q=what+did+Wang+Yi+say+about+supply+chains")
    card = html.split('<article class="card"', 2)[1].split("</article>")[0]
    assert 'href="/speakers/wang-yi"' in card and "Chinese Foreign Minister" in card  # speaker link and role
    assert "Partial quote" in card and 'class="kind kind-mixed"' in card  # quote or paraphrase mark
    assert '<mark class="hl' in card and "supply chains</mark>" in card  # highlighted words, one mark a phrase
    assert '<time datetime="2025-07-28"' in card and "Xinhua" in card  # date said, outlet
    assert re.search(r'href="/articles/[\w-]+#s-[\w-]+">in the article</a>', card)  # at the statement
    assert '<p class="headline">in <cite>Chinese, S. Korean FMs hold phone talks on bilateral ties</cite>' in card
    assert 'href="/api/v1/search?q=what+did+Wang+Yi+say+about+supply+chains"' in html  # the JSON twin


def test_facets_months_pagination(client):
    html = page(client, "/search?speaker=wang-yi&per_page=5")
    pages = client.get("/api/v1/search?speaker=wang-yi&per_page=5").get_json()["pages"]
    assert "said_to=2025-07-31" in html and "said_to=2025-10-31" in html and "July 2025" in html
    assert 'rel="next" href="/search?speaker=wang-yi&amp;per_page=5&amp;page=2"' in html
    assert f"Page 1 of {pages}" in html and pages > 1
    assert '<span aria-current="page">1</span>' in html
    assert f'<a href="/search?speaker=wang-yi&amp;per_page=5&amp;page={pages}" aria-label="Page {pages}">' in html
    html = page(client, "/search?speaker=wang-yi&kind=direct")
    assert 'aria-current="true"' in html  # the chosen facet is marked and removable


def test_a_pager_shows_the_first_the_last_and_the_pages_around_this_one():
    from web.pages import page_numbers

    assert page_numbers(1, 1) == [1] and page_numbers(2, 5) == [1, 2, 3, 4, 5]
    assert page_numbers(6, 12) == [1, None, 4, 5, 6, 7, 8, None, 12]
    assert page_numbers(12, 12) == [1, None, 10, 11, 12]


def test_month_facets_end_on_the_last_day_of_the_month():
    from web.pages import month_end, month_name

    assert [month_end("2025-02"), month_end("2024-02"), month_end("2025-04")] == [
        "2025-02-28", "2024-02-29", "2025-04-30"]
    assert month_name("2025-07") == "July 2025" and month_name("junk") == "junk"


def test_speaker_page_has_a_timeline_by_date_and_a_search_box(client):
    html = page(client, "/speakers/wang-yi")
    wang = client.get("/api/v1/speakers/wang-yi").get_json()["speaker"]
    assert "Also called" in html and "Wang" in html and f"{wang['statements']} in 2 articles" in html
    for outlet, count in wang["outlets"].items():
        assert f"{outlet}</a> ({count})" in html
    assert '<input type="hidden" name="speaker" value="wang-yi">' in html and 'for="speaker-search"' in html
    days = re.findall(r'<h3 id="day-\d+"><time datetime="([\d-]+)">', html)
    assert days == sorted(days, reverse=True) and days[0] == "2025-10-08" and "Monday 28 July 2025" in html
    html = page(client, "/search?speaker=wang-yi&q=supply")
    assert 'value="supply"' in html and "Speaker: Wang Yi" in html


def test_statement_page_has_context_and_a_citation(client):
    hit = client.get("/api/v1/search?q=what+did+Wang+Yi+say+about+supply+chains").get_json()["results"][0]
    html = page(client, f"/statements/{hit['id']}")
    assert "<h2>Context</h2>" in html and "Wang stressed." in html
    citation = re.search(r'<textarea id="citation"[^>]*>([^<]*)</textarea>', html).group(1)
    assert citation == ("Wang Yi, Chinese Foreign Minister, partly quoted in &#34;Chinese, S. Korean FMs hold phone "
                        "talks on bilateral ties&#34;, Xinhua, 2025-07-29 (said 2025-07-28).")
    assert '<label for="citation">' in html and f'#s-{hit["id"]}"' in html


def test_every_statement_of_an_article_is_marked_with_an_anchor(client):
    for row in client.get("/api/v1/articles").get_json()["articles"]:
        article = client.get(f"/api/v1/articles/{row['slug']}").get_json()
        html = page(client, f"/articles/{row['slug']}")
        for statement in article["statements"]:
            assert f'id="s-{statement["id"]}"' in html
            assert f'href="/statements/{statement["id"]}"' in html
        assert html.count('<mark class="stmt sp-') >= len(article["statements"]) > 0


def test_overlapping_statements_are_all_marked():
    from web.payloads import mark_segments

    text = "Alpha said one thing and Beta said another."
    statements = [
        {"id": "a", "start": 0, "end": 23, "kind": "direct", "speaker": {"slug": "alpha", "name": "Alpha"}},
        {"id": "b", "start": 11, "end": 42, "kind": "indirect", "speaker": {"slug": "beta", "name": "Beta"}},
        {"id": "c", "start": 11, "end": 20, "kind": "indirect", "speaker": {"slug": "beta", "name": "Beta"}},
    ]
    segments = mark_segments(text, statements, {"alpha": 0, "beta": 1})
    assert "".join(seg["text"] for seg in segments) == text
    anchors = [a for seg in segments for a in seg.get("anchors", [])]
    ends = [s["id"] for seg in segments for s in seg.get("ends", [])]
    assert sorted(anchors) == sorted(ends) == ["a", "b", "c"]
    assert [seg.get("colour") for seg in segments] == [0, 1, 1, 1, None]


@pytest.fixture()
def hostile_client(tmp_path, extractor):
    from web import create_app

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "x.txt").write_text(
        "<b>Bold headline</b>\n\n"
        '"<script>alert(1)</script> will run in every browser we can find," said Mallory Hacker, a security '
        "researcher, on Monday.\n")
    build_index([tmp_path / "articles"], IndexStore(tmp_path / "index"), extractor)
    return create_app(tmp_path / "index").test_client()


def test_article_html_is_shown_as_text(hostile_client):
    html = page(hostile_client, "/search?q=browser")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    slug = hostile_client.get("/api/v1/articles").get_json()["articles"][0]["slug"]
    html = page(hostile_client, f"/articles/{slug}")
    assert "<script>alert" not in html and "<b>Bold" not in html and "&lt;b&gt;Bold" in html


def test_did_you_mean_shows_beside_results_too(client):
    html = page(client, "/search?q=good+neighbourliness")
    assert '<ol class="hits">\n      <li>' in html or '<article class="card"' in html
    suggestion = html.split('class="suggestion"', 1)[1].split("</p>", 1)[0]
    assert "good neighborliness" in suggestion


def test_published_date_filters_in_the_form(client):
    html = page(client, "/search?q=Wang&published_from=2025-10-01")
    assert '<input id="published_from" type="date" name="published_from" value="2025-10-01">' in html
    assert "Anadolu Agency" in html and "Xinhua" not in html.split('class="results"', 1)[1]


@pytest.fixture()
def linked_client(tmp_path, extractor):
    """Two articles from JSON Lines: one whose `url` is a script, one with a web address."""
    import json

    from web import create_app

    from .conftest import ANADOLU, XINHUA

    (tmp_path / "feed").mkdir()
    lines = [{"id": "bad", "text": XINHUA.read_text(), "url": "javascript:alert(1)"},
             {"id": "good", "text": ANADOLU.read_text(), "url": "https://news.example/story"}]
    (tmp_path / "feed" / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    build_index([tmp_path / "feed"], IndexStore(tmp_path / "index"), extractor)
    return create_app(tmp_path / "index").test_client()


def test_only_web_addresses_become_links(linked_client):
    from web.links import web_url

    for bad in ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "java\tscript:x", "data:text/html,x",
                "vbscript:x", "//evil.example/x", "http://", "/statements/x", None, 3]:
        assert web_url(bad) is None, bad
    assert web_url("HTTPS://news.example/a?b=c") == "HTTPS://news.example/a?b=c"
    articles = linked_client.get("/api/v1/articles").get_json()["articles"]
    by_id = {"bad" if a["outlet"] == "Xinhua" else "good": a["slug"] for a in articles}
    html = page(linked_client, f"/articles/{by_id['bad']}")
    assert "javascript:" not in html
    html = page(linked_client, f"/articles/{by_id['good']}")
    assert '<a href="https://news.example/story" rel="noopener noreferrer">original</a>' in html
    assert "Source: <code>feed.jsonl:2</code>" in html
    statement = linked_client.get(f"/api/v1/search?article={by_id['bad']}").get_json()["results"][0]
    assert "javascript:" not in page(linked_client, f"/statements/{statement['id']}")


def test_permalinks_come_from_the_base_url_never_the_host_header(seed_index):
    from web import create_app
    from web.settings import Settings

    relative = create_app(seed_index).test_client()
    hit = relative.get("/api/v1/search?q=decoupling").get_json()["results"][0]
    html = relative.get(f"/statements/{hit['id']}", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in html
    assert f'<a href="/statements/{hit["id"]}">/statements/{hit["id"]}</a>' in html
    based = create_app(Settings(index_dir=str(seed_index), base_url="https://saidwhat.example/news/")).test_client()
    html = based.get(f"/statements/{hit['id']}", headers={"Host": "evil.example"}).get_data(as_text=True)
    permalink = f"https://saidwhat.example/news/statements/{hit['id']}"
    assert "evil.example" not in html.replace("saidwhat.example", "") and f'<a href="{permalink}">' in html
    assert based.get(f"/api/v1/statements/{hit['id']}").get_json()["citation"].endswith(f" {permalink}")


def test_the_home_page_suggests_questions_about_the_index_it_serves(client):
    html = page(client, "/")
    assert '<a href="/search?q=what+did+Wang+Yi+say+about+cooperation">what did Wang Yi say about cooperation</a>' \
        in html
    assert "what has Scott Bessent said" in html and "Cho Hyun on " in html


@pytest.mark.parametrize(("query", "link"), [
    ("/search?q=Korea&said_from=2030-01-01", "/search?q=Korea"),  # the filter dropped
    ("/search?q=Cho+Hyun+on+decoupling", "/search?q=decoupling"),  # the topic without the speaker
    ("/search?q=Wang+Yi+on+bananas+and+apples", "/search?speaker=wang-yi"),  # the speaker's statements
    ("/search?q=%22supply+chains+of+korea%22", "/search?q=supply+chains+of+korea"),  # no quotation marks
])
def test_a_no_results_hint_links_to_the_search_it_advises(client, query, link):
    html = page(client, query)
    assert f'<a class="hint-link" href="{link}">' in html
    assert client.get(link).status_code == 200 and "No statements found" not in page(client, link)


def test_date_presets_count_back_from_the_archives_latest_statement(client):
    last = client.get("/api/v1/health").get_json()["index"]["last_said"]
    from datetime import date, timedelta

    week = (date.fromisoformat(last) - timedelta(days=6)).isoformat()
    html = page(client, "/search?q=Korea")
    assert f'<a href="/search?q=Korea&amp;said_from={week}">week</a>' in html
    chosen = page(client, f"/search?q=Korea&said_from={week}")
    assert f'<a href="/search?q=Korea&amp;said_from={week}" aria-current="true">week</a>' in chosen
