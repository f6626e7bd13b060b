"""Hostile and careless requests: every API parameter fuzzed with hypothesis (never a 500, always JSON), no path
from a URL reaches the file system, the index directory is never served, security headers on every response.

Bounded in time: each fuzz test runs a fixed number of examples, with no deadline per example, except the
questions of bounded cost (long misspelt ones, any page up to the last), which have a generous one.
"""

from __future__ import annotations

import socket
import tempfile
import threading
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from scripts.devtools.bulk import generate_index
from search import IndexStore, build_index
from search.limits import page_count

from .conftest import XINHUA

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "saidwhat-hypothesis")  # not .hypothesis/ in the project
API_STATUSES = {200, 400, 404}
FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SEARCH_PARAMS = ["q", "page", "per_page", "sort", "speaker", "kind", "outlet", "said_from", "said_to",
                 "published_from", "published_to", "article"]

# Values: any text (no lone surrogates: they cannot be sent), raw bytes (often not UTF-8), numbers of any
# size and sign, dates and near-dates, long strings, control characters and other scripts.
texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
raw = st.binary(max_size=40)
numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)
dates = st.one_of(st.dates().map(lambda d: d.isoformat()),
                  st.from_regex(r"\A-?\d{1,6}-\d{1,3}-\d{1,3}\Z"))
special = st.sampled_from(["", " ", "0", "-1", "1e3", "0x10", "١٢", "\x00", "\u202e", "%", "%%", "../../etc/passwd",
                           "x" * 10_000, '"' * 500, "AND OR NOT", "*", "?", "[a TO b]", "field:value", "\ufeff",
                           "2025-02-30", "9999-12-31", "0001-01-01", "李克强", "Сергей Лавров", "🙂" * 50])
values = st.one_of(texts, raw, numbers, dates, special)
keys = st.one_of(st.sampled_from(SEARCH_PARAMS), texts, raw)


def encode(value: str | bytes) -> str:
    return quote_from_bytes(value, safe="") if isinstance(value, bytes) else quote(value, safe="")


def query_string(pairs: list[tuple[str | bytes, str | bytes]]) -> str:
    return "&".join(f"{encode(key)}={encode(value)}" for key, value in pairs)


def check_api(response) -> dict:
    """A response any API call may give: a known status, JSON, an error object for errors, the headers.

    The exceptions: a path with an empty segment (`/api/v1/speakers//statements`, from a slug that is
    `/`) is redirected by the router to the path with the slashes merged, on the same host; a speaker asked for by
    another of its names is redirected to its own address (relative: never to another host)."""
    check_headers(response)
    if response.status_code == 308:
        assert response.headers["Location"].startswith("http://localhost/api/v1/"), response.headers["Location"]
        return {}
    if response.status_code == 301:
        assert response.headers["Location"].startswith("/api/v1/speakers/"), response.headers["Location"]
        return {}
    assert response.status_code in API_STATUSES, (response.status_code, response.get_data(as_text=True)[:500])
    assert response.is_json and response.mimetype == "application/json"
    body = response.get_json()
    if response.status_code != 200:
        assert set(body) == {"error"} and body["error"]["code"] and body["error"]["message"]
    return body


def check_headers(response) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy")


@pytest.fixture(scope="module")
def http(app):
    return app.test_client()


@FUZZ
@given(st.lists(st.tuples(keys, values), max_size=5))
def test_search_never_fails(http, pairs):
    check_api(http.get(f"/api/v1/search?{query_string(pairs)}"))


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(SEARCH_PARAMS), values), min_size=1, max_size=4))
def test_search_known_parameters_with_any_value(http, pairs):
    body = check_api(http.get(f"/api/v1/search?{query_string(pairs)}"))
    if "results" in body:
        assert body["total"] >= len(body["results"]) and 1 <= body["per_page"] <= 100


@settings(FUZZ, max_examples=500)
@given(st.one_of(texts, raw, special, st.lists(st.sampled_from(["Wang", "Yi", "AND", "OR", "NOT", "-trade", '"',
                                                               "supply", "chains", "(", ")", "*", ":", "on", "what"]),
                                               max_size=8).map(" ".join)))
def test_any_question_is_answered(http, q):
    body = check_api(http.get(f"/api/v1/search?q={encode(q)}"))
    assert "results" in body, body


BOUNDED = settings(FUZZ, max_examples=60, deadline=timedelta(seconds=5))  # a search costs well under 1 s
TOPIC_WORDS = ["china", "cooperation", "trade", "korea", "supply", "chains", "minister", "foreign", "talks"]


def misspelt(word: str, at: int, letter: str) -> str:
    at %= len(word)
    return word[:at] + letter + word[at + 1 :]


misspelt_words = st.builds(misspelt, st.sampled_from(TOPIC_WORDS), st.integers(0, 20), st.sampled_from("aeiouxzq"))
long_questions = st.lists(st.one_of(misspelt_words, st.text("abcdefghijklmnopqrstuvwxyz", min_size=20, max_size=500)),
                          min_size=1, max_size=100).map(" ".join)


@pytest.fixture(scope="module")
def large_http(seed_index, tmp_path_factory):
    """The API over 800 statements made from the seed index's: questions with hundreds of matches."""
    from web import create_app

    store = IndexStore(tmp_path_factory.mktemp("fuzz-large"))
    generate_index(IndexStore(seed_index), store, 800, seed=2)
    return create_app(store.root).test_client()


@BOUNDED
@given(long_questions)
def test_long_misspelt_questions_are_answered(large_http, q):
    body = check_api(large_http.get(f"/api/v1/search?q={encode(q[:500])}"))
    assert "results" in body, body


@BOUNDED
@given(st.sampled_from(["China", "cooperation", "trade", "Korea", "China trade", "Wang Yi", "Wang Yi cooperation"]),
       st.integers(1, 100), st.sampled_from(["relevance", "newest", "oldest"]), st.data())
def test_every_page_up_to_the_last_holds_its_results(large_http, q, per_page, sort, data):
    base = f"/api/v1/search?q={encode(q)}&per_page={per_page}&sort={sort}"
    total = check_api(large_http.get(base))["total"]
    pages = page_count(total, per_page)
    page = data.draw(st.integers(1, pages + 1), label="page")
    body = check_api(large_http.get(f"{base}&page={page}"))
    expected = min(per_page, total - (page - 1) * per_page) if page <= pages else 0
    assert body["total"] == total and body["pages"] == pages and len(body["results"]) == max(expected, 0)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["q", "page", "per_page"]) | keys, values), max_size=3))
def test_speakers_and_articles_listings_never_fail(http, pairs):
    check_api(http.get(f"/api/v1/speakers?{query_string(pairs)}"))
    check_api(http.get(f"/api/v1/articles?{query_string(pairs)}"))


@FUZZ
@given(st.one_of(texts, raw, special, st.sampled_from(["wang-yi", "Wang Yi", "wang", "cho-hyun", "WANG YEE"])),
       st.lists(st.tuples(keys, values), max_size=2))
def test_records_by_any_slug_or_id_never_fail(http, slug, pairs):
    segment = encode(slug) or "x"
    query = query_string(pairs)
    for base in ("/api/v1/speakers/", "/api/v1/statements/", "/api/v1/articles/"):
        check_api(http.get(f"{base}{segment}" + (f"?{query}" if query else "")))
    check_api(http.get(f"/api/v1/speakers/{segment}/statements" + (f"?{query}" if query else "")))


@FUZZ
@given(st.lists(st.tuples(keys, values), max_size=3))
def test_pages_never_fail_on_any_parameter(http, pairs):
    query = query_string(pairs)
    for path in ("/search", "/speakers", "/articles"):
        response = http.get(f"{path}?{query}")
        assert response.status_code in {200, 400, 404}, response.get_data(as_text=True)[:300]
        assert response.mimetype == "text/html"
        check_headers(response)


def test_valid_records_are_found_for_real_ids(http):
    """The fuzzing above mostly sees 404s; the same endpoints answer 200 for real records."""
    hit = check_api(http.get("/api/v1/search?q=trade"))["results"][0]
    for url in (f"/api/v1/statements/{hit['id']}", f"/api/v1/articles/{hit['article']['slug']}",
                f"/api/v1/speakers/{hit['speaker']['slug']}"):
        assert http.get(url).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_other_methods_are_405_json(http, method):
    for url in ("/api/v1/search?q=x", "/api/v1/speakers/wang-yi", "/api/v1/statements/x"):
        response = getattr(http, method)(url, data=b"\x00" * 100)
        assert response.status_code == 405 and response.is_json
        check_headers(response)


# -- the file system and the index directory -------------------------------------------------------------


MARKER = "do-not-serve-7f3a9c"
TRAVERSALS = [
    "/static/../var/index/CURRENT",
    "/static/..%2f..%2fvar%2findex%2fCURRENT",
    "/static/%2e%2e/%2e%2e/README.md",
    "/static/%2e%2e%2f%2e%2e%2fREADME.md",
    "/static/..%5c..%5cREADME.md",
    "/static/....//....//README.md",
    "/static/%252e%252e/%252e%252e/README.md",
    "/static//etc/passwd",
    "/static/%00",
    "/static/style.css%00.txt",
    "/static/..",
    "/static/.",
    "/var/index/CURRENT",
    "/index/CURRENT",
    "/builds",
    "/manifest.json",
    "/CURRENT",
    "/.lock",
    "/secret.txt",
    "/api/v1/../../README.md",
    "/api/v1/articles/..%2f..%2f..%2fREADME.md",
    "/api/v1/statements/..%2fmanifest.json",
    "/articles/..%2f..%2fREADME.md",
    "/speakers/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
]


@pytest.fixture(scope="module")
def marked_index(tmp_path_factory, extractor):
    """An index whose directory holds marker files, to show that none of it is ever served."""
    root = tmp_path_factory.mktemp("marked")
    store = IndexStore(root)
    build_index([XINHUA], store, extractor)
    (root / "secret.txt").write_text(MARKER)
    (store.current_path() / "secret.txt").write_text(MARKER)
    return store


@pytest.fixture(scope="module")
def marked_client(marked_index):
    from web import create_app

    return create_app(marked_index.root).test_client()


@pytest.mark.parametrize("url", TRAVERSALS)
def test_no_url_reaches_the_file_system(marked_client, marked_index, url):
    response = marked_client.get(url)
    text = response.get_data(as_text=True)
    assert response.status_code in {400, 404, 308}, (url, response.status_code)
    assert MARKER not in text and "root:x:0:0" not in text and marked_index.current_name() not in text
    assert "[project]" not in text and "# saidwhat" not in text
    check_headers(response)


def test_static_files_are_served_from_the_static_folder_only(marked_client):
    response = marked_client.get("/static/style.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    check_headers(response)


def raw_get(port: int, target: str) -> bytes:
    """One HTTP/1.0 request with the target sent exactly as written (no client-side normalising)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"GET {target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode("latin-1"))
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_traversal_through_a_real_server(marked_index):
    """The same paths sent verbatim to waitress on loopback, as `saidwhat serve` runs it."""
    from waitress.server import create_server

    from web import create_app

    server = create_server(create_app(marked_index.root), host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for url in [*TRAVERSALS, "/static/../../../../../../etc/passwd", "/static/..\\..\\README.md",
                    "/../../../etc/passwd", "//etc/passwd"]:
            reply = raw_get(server.effective_port, url)
            head, _, body = reply.partition(b"\r\n\r\n")
            status = int(head.split()[1])
            assert status in {400, 404, 308}, (url, head)
            assert MARKER.encode() not in body and b"root:x:0:0" not in body and b"[project]" not in body
            if status != 308:
                assert b"Content-Security-Policy:" in head and b"X-Content-Type-Options: nosniff" in head
        assert raw_get(server.effective_port, "/api/v1/health").startswith(b"HTTP/1.0 200")
    finally:
        server.close()
        thread.join(timeout=10)


@pytest.mark.parametrize("url", ["/", "/search?q=trade", "/speakers", "/speakers/wang-yi", "/articles", "/about",
                                 "/no/such/page", "/search?page=-1", "/static/style.css", "/api/v1/health",
                                 "/api/v1/search?q=trade", "/api/v1/nothing", "/api/v1/openapi.json"])
def test_security_headers_on_every_page(http, url):
    response = http.get(url)
    assert response.status_code < 500
    check_headers(response)
