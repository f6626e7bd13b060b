"""News as it arrives: web pages of many designs, web archives, feeds, sitemaps and lists of URLs, fetched from a
news site on 127.0.0.1 (no internet)."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.fetching import Fetcher, FetchFailed, FetchPolicy
from indexer.loading import Skipped, load_paths
from search import IndexStore, SearchService
from tests.web_server import PAGES, Route, SiteServer, rss, sitemap
from web.cli import main

EXPECTED = json.loads((PAGES.parent / "expected.json").read_text(encoding="utf-8"))
ARTICLE_PAGES = sorted(name for name in EXPECTED if not name.startswith("_"))
FAST = FetchPolicy(delay=0.0, backoff=0.01, connect_timeout=2, read_timeout=2, total_timeout=3)


def fetcher(**changes) -> Fetcher:
    from dataclasses import replace

    return Fetcher(replace(FAST, **changes))


# -- pages of different designs -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_articles():
    return {Path(item.path).name: item for item in load_paths([PAGES])}


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_a_page_gives_its_headline_date_and_outlet_from_its_metadata(page_articles, name):
    article, expected = page_articles[name], EXPECTED[name]
    assert (article.title, article.published.isoformat(), article.outlet) == (
        expected["title"], expected["published"], expected["outlet"])


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_a_page_gives_its_article_text_without_the_site_around_it(page_articles, name):
    text = page_articles[name].text
    for chrome in ("Skip to main content", "We use cookies", "Sign up for our newsletter", "Add to cart"):
        assert chrome.lower() not in text.lower()
    assert text.startswith(EXPECTED[name]["title"] + "\n\n")


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_the_first_named_speaker_of_a_page_is_the_one_its_article_quotes_first(page_articles, extractor, name):
    statements = [s for s in extractor.extract(page_articles[name]) if s.speaker.type == "person"
                  and len(s.speaker.name.split()) > 1]
    first = EXPECTED[name]["first_statement"]
    assert statements and statements[0].speaker.name == first["speaker"]
    assert first["words"] in statements[0].text


BRIEF = """<!doctype html><html lang="en"><head><title>Clinton wins New York | The Wire</title>
<meta property="og:site_name" content="The Wire">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Clinton wins New York",
"datePublished": "2016-04-19"}</script></head>
<body><a href="#main">Skip to main content</a><nav><ul><li><a href="/">News</a></li><li><a href="/s">Sport</a></li>
<li><a href="/o">Opinion</a></li></ul></nav><main id="main"><article><h1>Clinton wins New York</h1>
<div class="byline">By Staff</div><p>NEW YORK (AP) — Hillary Clinton wins the Democratic presidential primary in New
York, which she represented for eight years in the United States Senate.</p></article></main>
<footer><p>© The Wire. All rights reserved.</p></footer></body></html>"""


def test_a_news_brief_of_one_paragraph_is_read_whole():
    from indexer.pages import read_page

    page = read_page(BRIEF)
    assert page.text.startswith("Clinton wins New York\n\nNEW YORK (AP) — Hillary Clinton wins")
    assert "Skip to main content" not in page.text and page.published == "2016-04-19"


def test_a_news_brief_in_a_heavy_template_is_read_too():
    from indexer.pages import read_page
    from scripts.devtools.bench_web_input import as_page

    body = ("NEW YORK (AP) — Hillary Clinton wins the Democratic presidential primary in New York, which she "
            "represented for eight years in the United States Senate.")
    page = as_page((PAGES / "arc-national.html").read_text(encoding="utf-8"), "Clinton wins New York", body)
    assert body in read_page(page).text


def test_pages_in_another_language_and_pages_that_are_no_news_are_skipped_with_the_reason(page_articles):
    reasons = {Path(item.path).name: item.reason for item in page_articles.values() if isinstance(item, Skipped)}
    assert reasons == {"not-english.html": "language de", "french-no-lang.html": "language fr",
                       "not-news.html": "not an article (a product page)"}


def test_plain_text_in_another_language_is_skipped_too(tmp_path):
    (tmp_path / "nouvelles.txt").write_text(
        "Le conseil municipal a voté mardi soir un budget de quatre millions de dollars pour la reconstruction de "
        "l'aréna. « C'est le vote le plus important de notre mandat », a déclaré la mairesse, qui a rappelé que le "
        "bâtiment avait plus de soixante ans et que les travaux commenceraient au printemps prochain.",
        encoding="utf-8")
    assert [(item.reason) for item in load_paths([tmp_path])] == ["language fr"]


# -- fetching -------------------------------------------------------------------------------------------


def test_a_feed_is_fetched_and_each_of_its_articles_read_with_its_address():
    with SiteServer() as site:
        first = site.page("/news/council", "wordpress-local.html")
        second = site.page("/news/rail", "arc-national.html")
        site.routes["/feed.xml"] = Route(rss(site, ["/news/council", "/news/rail", "/news/gone"]),
                                         "application/rss+xml")
        items = list(load_paths([site.url + "/feed.xml"], fetcher()))
    assert [(item.path, getattr(item, "url", None)) for item in items[:2]] == [(first, first), (second, second)]
    assert items[0].title == EXPECTED["wordpress-local.html"]["title"]
    assert isinstance(items[2], Skipped) and items[2].reason == "HTTP error (HTTP 404)"


def test_a_news_sitemap_lists_its_articles():
    with SiteServer() as site:
        site.page("/a", "wire-story.html")
        site.page("/b", "wikinews.html")
        site.routes["/sitemap.xml"] = Route(sitemap(site, ["/a", "/b"]), "application/xml")
        items = list(load_paths([site.url + "/sitemap.xml"], fetcher()))
    assert [item.outlet for item in items] == ["Meridian Wire", "Wikinews"]


def test_robots_txt_is_respected_and_the_user_agent_says_who_asks():
    with SiteServer() as site:
        site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
        site.page("/private/story", "wire-story.html")
        site.page("/public/story", "wire-story.html")
        client = fetcher()
        refused = client.fetch(site.url + "/private/story")
        allowed = client.fetch(site.url + "/public/story")
    assert isinstance(refused, FetchFailed) and refused.reason == "disallowed by robots.txt"
    assert not isinstance(allowed, FetchFailed) and site.asked["/private/story"] == 0
    assert all(agent.startswith("saidwhat/") for agent in site.user_agents)


def test_a_slow_page_times_out_and_a_large_page_is_refused_without_being_read_whole():
    with SiteServer() as site:
        site.routes["/slow"] = Route(b"<p>" + b"x" * 4000 + b"</p>", delay=0.2)
        site.routes["/big"] = Route(b"<html><body>" + b"<p>word word word</p>" * 110_000 + b"</body></html>")
        client = fetcher(total_timeout=1.0, retries=0, max_bytes=1024 * 1024)
        started = time.monotonic()
        slow = client.fetch(site.url + "/slow")
        elapsed = time.monotonic() - started
        big = client.fetch(site.url + "/big")
        roomy = fetcher().fetch(site.url + "/big")  # the 2 MB page under the default 5 MB limit
    assert isinstance(slow, FetchFailed) and slow.reason.startswith("timed out") and elapsed < 10
    assert isinstance(big, FetchFailed) and big.reason.startswith("page too large")
    assert not isinstance(roomy, FetchFailed) and len(roomy.body) > 2_000_000


def test_a_redirect_is_followed_and_a_busy_server_is_asked_again():
    with SiteServer() as site:
        site.page("/story", "guardian-like.html")
        site.routes["/old-story"] = Route(b"", status=301, location="/story")
        site.routes["/busy"] = Route((PAGES / "dw-like.html").read_bytes(), fail_first=2)
        client = fetcher()
        moved = client.fetch(site.url + "/old-story")
        busy = client.fetch(site.url + "/busy")
    assert moved.final_url == site.url + "/story" and moved.url == site.url + "/old-story"
    assert not isinstance(busy, FetchFailed) and site.asked["/busy"] == 3 and client.retried == 2


def test_an_unchanged_page_is_not_sent_again(tmp_path):
    with SiteServer() as site:
        url = site.page("/story", "wire-story.html", etag='"v1"')
        first = Fetcher(FAST, cache_dir=tmp_path).fetch(url)
        again = Fetcher(FAST, cache_dir=tmp_path).fetch(url)
        site.routes["/story"].etag = '"v2"'
        changed = Fetcher(FAST, cache_dir=tmp_path).fetch(url)
    assert not first.not_modified and again.not_modified and again.body == first.body
    assert not changed.not_modified
    assert (site.asked["/story"], site.conditional["/story"], site.not_modified["/story"]) == (3, 2, 1)


# -- the command line -----------------------------------------------------------------------------------


def test_index_and_update_take_feeds_and_url_files_and_an_update_fetches_nothing_twice(tmp_path, capsys):
    index_dir = str(tmp_path / "index")
    with SiteServer() as site:
        for path, name in (("/a", "wordpress-local.html"), ("/b", "postmedia-sports.html"),
                           ("/c", "science-magazine.html")):
            site.page(path, name)
        site.routes["/feed.xml"] = Route(rss(site, ["/a", "/b"]), "application/rss+xml")
        urls = tmp_path / "urls.txt"
        urls.write_text(f"# more\n{site.url}/c\n\n", encoding="utf-8")
        assert main(["index", site.url + "/feed.xml", "--urls", str(urls), "--index-dir", index_dir,
                     "--delay", "0", "--workers", "1"]) == 0
        assert "Indexed 3 articles" in capsys.readouterr().out
        assert main(["index", "--update", site.url + "/feed.xml", "--urls", str(urls), "--index-dir", index_dir,
                     "--delay", "0"]) == 0
        out = capsys.readouterr().out
    assert "0 articles added, 0 replaced, 3 unchanged" in out and "3 unchanged since the last fetch" in out
    assert site.not_modified["/a"] == site.not_modified["/b"] == site.not_modified["/c"] == 1
    service = SearchService(IndexStore(index_dir))
    rows, _ = service.articles(per_page=10)
    assert sorted(row["url"] for row in rows) == [site.url + "/a", site.url + "/b", site.url + "/c"]
    hit = service.search('"Nobody on our bench ever stopped"').hits[0].statement
    assert hit["article"]["url"] == site.url + "/b" and hit["speaker"]["name"] == "Dan Leclair"
    from web import create_app

    client = create_app(index_dir).test_client()
    page = client.get("/search?q=%22Nobody+on+our+bench%22").get_data(as_text=True)
    assert f'href="{site.url}/b" rel="noopener noreferrer">original</a>' in page
    api = client.get(f"/api/v1/statements/{hit['id']}").get_json()
    assert api["statement"]["article"]["url"] == site.url + "/b" and api["citation"].endswith(site.url + "/b")


def _warc(path: Path, site_url: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=True)

        def response(url, status, content_type, body):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        for name in ("wire-story.html", "chorus-tech.html"):
            writer.write_record(writer.create_warc_record(f"{site_url}/{name}", "request",
                                                          payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            response(f"{site_url}/{name}", "200 OK", "text/html; charset=utf-8", (PAGES / name).read_bytes())
        response(f"{site_url}/logo.png", "200 OK", "image/png", b"\x89PNG\r\n")
        response(f"{site_url}/old", "301 Moved Permanently", "text/html", b"")
        response(f"{site_url}/missing", "404 Not Found", "text/html", b"<p>gone</p>")


def test_a_web_archive_is_indexed_record_by_record(tmp_path, capsys):
    crawl = tmp_path / "crawl.warc.gz"
    _warc(crawl, "https://news.example")
    assert main(["index", str(crawl), "--index-dir", str(tmp_path / "index"), "--json", "--workers", "1"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["articles"] == 2
    assert sorted((s["path"], s["reason"]) for s in summary["skipped"]) == [
        ("https://news.example/logo.png", "not HTML (image/png)"),
        ("https://news.example/missing", "HTTP error (HTTP 404)"),
        ("https://news.example/old", "redirect (HTTP 301)")]
    rows, _ = SearchService(IndexStore(tmp_path / "index")).articles(per_page=10)
    assert sorted(row["url"] for row in rows) == ["https://news.example/chorus-tech.html",
                                                  "https://news.example/wire-story.html"]


def test_a_broken_web_archive_is_reported_and_skipped(tmp_path):
    crawl = tmp_path / "broken.warc.gz"
    crawl.write_bytes(b"WARC/1.0\r\nnot a record at all\r\n\r\n")
    items = list(load_paths([crawl]))
    assert len(items) == 1 and isinstance(items[0], Skipped) and items[0].reason.startswith("not a readable WARC")


def test_watch_updates_the_index_each_round_and_stops_cleanly(tmp_path):
    index_dir = tmp_path / "index"
    with SiteServer() as site:
        site.page("/a", "wordpress-local.html")
        site.routes["/feed.xml"] = Route(rss(site, ["/a"]), "application/rss+xml", etag='"feed1"')
        assert main(["watch", site.url + "/feed.xml", "--every", "0.2s", "--rounds", "2", "--delay", "0",
                     "--index-dir", str(index_dir)]) == 0
        assert site.asked["/a"] == 2 and site.not_modified["/a"] == 1
        site.page("/b", "trade-outlet.html")
        site.routes["/feed.xml"] = Route(rss(site, ["/a", "/b"]), "application/rss+xml", etag='"feed2"')
        process = subprocess.Popen([sys.executable, "-m", "web.cli", "watch", site.url + "/feed.xml", "--every",
                                    "30s", "--delay", "0", "--index-dir", str(index_dir)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while site.asked["/b"] == 0 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        while time.monotonic() < deadline and process.poll() is None and len(
                SearchService(IndexStore(index_dir)).articles(per_page=10)[0]) < 2:
            time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    rows, _ = SearchService(IndexStore(index_dir)).articles(per_page=10)
    assert sorted(row["url"] for row in rows) == [site.url + "/a", site.url + "/b"]
    store = IndexStore(index_dir)
    assert store.verify(store.current_name()).is_dir()
