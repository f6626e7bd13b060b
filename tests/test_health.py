"""The health check opens and checks the served build: a build damaged under a running server is a 503 with the
reason, from /api/v1/health and from searches, never "ok" and a 500."""

from __future__ import annotations

import pytest

from search import IndexStore, build_index

from .conftest import XINHUA


@pytest.fixture()
def served(tmp_path, extractor):
    """A running app over a fresh build, opened and answering."""
    from web import create_app

    store = IndexStore(tmp_path / "index")
    build_index([XINHUA], store, extractor)
    app = create_app(store.root)
    client = app.test_client()
    assert client.get("/api/v1/search?q=trade").status_code == 200
    assert client.get("/api/v1/health").get_json()["status"] == "ok"
    return store, app, client


def test_truncated_segment_files_under_a_running_server_are_a_503_with_the_reason(served):
    store, _, client = served
    for segment in store.current_path().iterdir():
        if segment.suffix in (".pst", ".trm", ".col"):
            segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 2])
    health = client.get("/api/v1/health")
    body = health.get_json()
    assert health.status_code == 503 and body["status"] == "unavailable"
    assert "is damaged" in body["error"]["message"] and "saidwhat index" in body["error"]["message"]
    assert str(store.root) not in health.get_data(as_text=True)
    for url in ("/api/v1/search?q=trade", "/api/v1/search?q=supply+chains"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert "saidwhat index" in response.get_json()["error"]["message"]
        assert str(store.root) not in response.get_data(as_text=True)
    assert client.get("/search?q=trade").status_code == 503


def test_a_build_that_fails_a_trial_search_is_unhealthy(served, monkeypatch):
    from web.service import service_of

    _, app, client = served

    def broken(*args, **kwargs):
        raise ValueError("unpack requires a buffer of 12 bytes")

    monkeypatch.setattr(service_of(app), "search", broken)
    health = client.get("/api/v1/health")
    assert health.status_code == 503
    assert health.get_json()["error"] == {"code": "index_damaged", "message": health.get_json()["error"]["message"]}
    assert "trial search failed" in health.get_json()["error"]["message"]
