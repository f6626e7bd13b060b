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
    assert "2 statements" in html and "Remove filter speaker" in html
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
