"""The JSON API through Flask's test client: every endpoint, its errors, and its headers."""

from __future__ import annotations

import pytest


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    return response.get_json()


def test_health(client):
    body = get(client, "/api/v1/health")
    assert body["status"] == "ok" and body["index"]["statements"] > 0


def test_search_the_wang_yi_question(client):
    body = get(client, "/api/v1/search?q=what+did+Wang+Yi+say+about+supply+chains")
    top = body["results"][0]
    assert top["speaker"] == {**top["speaker"], "name": "Wang Yi", "slug": "wang-yi", "type": "person"}
    assert (top["kind"], top["said_on"], top["article"]["outlet"]) == ("mixed", "2025-07-28", "Xinhua")
    assert set(top) >= {"id", "speaker", "kind", "text", "cue", "said_on", "start", "end", "article", "highlight"}
    assert set(top["article"]) >= {"id", "slug", "title", "outlet", "published", "path"}
    assert body["facets"]["speaker"][0]["value"] == "wang-yi"


def test_search_paging_links(client):
    body = get(client, "/api/v1/search?speaker=wang-yi&per_page=5&page=2")
    assert body["links"]["next"] == "http://localhost/api/v1/search?speaker=wang-yi&per_page=5&page=3"
    assert body["links"]["prev"] == body["links"]["first"] == "http://localhost/api/v1/search?speaker=wang-yi&per_page=5"
    assert body["links"]["last"] == "http://localhost/api/v1/search?speaker=wang-yi&per_page=5&page=3"
    wang = get(client, "/api/v1/speakers/wang-yi")["speaker"]
    assert len(body["results"]) == 5 and body["total"] == wang["statements"]


@pytest.mark.parametrize("query", ["page=0", "page=abc", "per_page=1000", "kind=rumour", "sort=random",
                                   "said_from=yesterday", "colour=blue", "published_to=2025-13-01"])
def test_bad_parameters_are_400_with_a_json_error(client, query):
    body = get(client, f"/api/v1/search?q=trade&{query}", status=400)
    assert body["error"]["code"] == "bad_parameter" and body["error"]["message"]


def test_odd_queries_are_not_errors(client):
    for q in ["%22unbalanced", "x" * 5000, "%00%01", "%E4%B8%AD%E6%96%87", "AND+OR"]:
        assert get(client, f"/api/v1/search?q={q}")["total"] >= 0


def test_speakers(client):
    body = get(client, "/api/v1/speakers")
    assert body["speakers"][0]["slug"] == "wang-yi" and body["total"] == len(body["speakers"])
    assert get(client, "/api/v1/speakers?q=cho")["speakers"][0]["name"] == "Cho Hyun"
    wang = get(client, "/api/v1/speakers/wang-yi")
    assert wang["speaker"]["statements"] == wang["total"] >= 14
    assert wang["speaker"]["role"] == "Chinese Foreign Minister"
    assert "Wang" in wang["speaker"]["aliases"]
    assert [row["month"] for row in wang["timeline"]] == ["2025-07", "2025-10"]
    assert sum(row["count"] for row in wang["timeline"]) == wang["total"]
    statements = get(client, "/api/v1/speakers/cho-hyun/statements?q=trade")
    assert statements["total"] == 2 and statements["filters"] == {"speaker": "cho-hyun"}


def test_unknown_things_are_404(client):
    assert get(client, "/api/v1/speakers/nobody", 404)["error"]["code"] == "not_found"
    assert get(client, "/api/v1/speakers/nobody/statements", 404)["error"]["code"] == "not_found"
    assert get(client, "/api/v1/statements/nope", 404)["error"]["code"] == "not_found"
    assert get(client, "/api/v1/articles/nope", 404)["error"]["code"] == "not_found"
    assert get(client, "/api/v1/nothing-here", 404)["error"]["code"] == "not_found"


def test_wrong_method_is_405(client):
    response = client.post("/api/v1/search")
    assert response.status_code == 405 and response.get_json()["error"]["code"] == "method_not_allowed"


def test_statement_and_article(client):
    top = get(client, "/api/v1/search?q=decoupling")["results"][0]
    body = get(client, f"/api/v1/statements/{top['id']}")
    assert body["statement"]["text"] == top["text"] and "Wang Yi" in body["citation"]
    article = get(client, f"/api/v1/articles/{top['article']['slug']}")
    text = article["article"]["text"]
    assert all(text[s["start"] : s["end"]] for s in article["statements"])
    listing = get(client, "/api/v1/articles")
    assert listing["total"] == 2


def test_cors_and_security_headers(client):
    response = client.get("/api/v1/health")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_cors_preflight_and_openapi_document(client):
    response = client.options("/api/v1/search?q=x", headers={"Origin": "https://elsewhere.example",
                                                              "Access-Control-Request-Method": "GET"})
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "/search" in get(client, "/api/v1/openapi.json")["paths"]


def test_missing_index_is_503_with_advice(tmp_path):
    from web import create_app

    client = create_app(tmp_path).test_client()
    response = client.get("/api/v1/search?q=x")
    assert response.status_code == 503 and "saidwhat index" in response.get_json()["error"]["message"]
    assert client.get("/api/v1/health").status_code == 503
    assert client.get("/").status_code == 503


def test_no_server_path_in_any_response(client, seed_index, tmp_path):
    from web import create_app

    from .conftest import ROOT

    hit = get(client, "/api/v1/search?q=decoupling")["results"][0]
    urls = ["/api/v1/search?q=trade", "/api/v1/articles", "/api/v1/speakers/wang-yi",
            "/api/v1/speakers/wang-yi/statements", f"/api/v1/statements/{hit['id']}",
            f"/api/v1/articles/{hit['article']['slug']}", f"/articles/{hit['article']['slug']}",
            f"/statements/{hit['id']}", "/search?q=trade", "/speakers/wang-yi", "/articles"]
    for url in urls:
        body = client.get(url).get_data(as_text=True)
        assert str(ROOT) not in body and str(seed_index) not in body, url
    assert hit["article"]["path"] in ("000_ea5705f67dcdb256.txt", "002_c3ee7f5a63320e68.txt")
    missing = create_app(tmp_path).test_client()
    for url in ("/api/v1/search?q=x", "/api/v1/health", "/"):
        body = missing.get(url).get_data(as_text=True)
        assert "saidwhat index" in body and str(tmp_path) not in body, url


def test_answers_carry_an_etag_and_a_matching_one_is_a_304(client):
    first = client.get("/api/v1/search?q=Korea")
    tag = first.headers["ETag"]
    assert tag.startswith('W/"') and first.headers["Cache-Control"] == "public, max-age=60"
    again = client.get("/api/v1/search?q=Korea", headers={"If-None-Match": tag})
    assert again.status_code == 304 and not again.get_data()
    other = client.get("/api/v1/search?q=trade", headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["ETag"] != tag
    page = client.get("/speakers/wang-yi")
    assert client.get("/speakers/wang-yi", headers={"If-None-Match": page.headers["ETag"]}).status_code == 304
    assert "ETag" not in client.get("/api/v1/search?kind=bogus").headers  # errors are not cached


def test_answers_are_gzipped_for_clients_that_take_it(client):
    import gzip

    plain = client.get("/api/v1/search?q=Korea&per_page=20")
    zipped = client.get("/api/v1/search?q=Korea&per_page=20", headers={"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers and zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == plain.get_data() and "Accept-Encoding" in zipped.headers["Vary"]
    assert zipped.headers["ETag"] == plain.headers["ETag"]


@pytest.mark.parametrize(("query", "name"), [("said_from=2025-08-01&said_to=2025-07-01", "said_to"),
                                              ("published_from=2025-08-01&published_to=2025-07-01", "published_to")])
def test_a_date_range_that_ends_before_it_starts_is_a_400(client, query, name):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400 and response.get_json()["error"]["message"].startswith(f"{name}: must be on")
