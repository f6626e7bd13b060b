"""A news site on 127.0.0.1 for the tests of web inputs: pages, a feed, a sitemap, robots.txt, and the ways a real
server misbehaves (a slow page, a 404, a redirect, a page too large, a 503 that recovers). It counts what it was
asked, and answers conditional requests with 304 when the page has not changed."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "data" / "web" / "pages"


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    location: str | None = None
    delay: float = 0.0  # seconds between two chunks of the body (a slow page)
    fail_first: int = 0  # answer 503 this many times before the page


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    asked: Counter = field(default_factory=Counter)  # path -> requests
    not_modified: Counter = field(default_factory=Counter)  # path -> 304 answers
    conditional: Counter = field(default_factory=Counter)  # path -> requests with If-None-Match
    user_agents: set[str] = field(default_factory=set)
    url: str = ""

    def page(self, path: str, name: str, etag: str | None = None) -> str:
        self.routes[path] = Route((PAGES / name).read_bytes(), etag=etag or f'"{name}"')
        return self.url + path


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            site.asked[path] += 1
            site.user_agents.add(self.headers.get("User-Agent", ""))
            route = site.routes.get(path)
            if route is None:
                self._send(404, b"<html><body>Not found</body></html>", "text/html")
                return
            if route.fail_first:
                route.fail_first -= 1
                self._send(503, b"busy", "text/plain", {"Retry-After": "0"})
                return
            if route.location:
                self._send(route.status, b"", "text/html", {"Location": site.url + route.location})
                return
            if route.etag and self.headers.get("If-None-Match"):
                site.conditional[path] += 1
                if self.headers["If-None-Match"] == route.etag:
                    site.not_modified[path] += 1
                    self._send(304, b"", route.content_type, {"ETag": route.etag})
                    return
            headers = {"ETag": route.etag} if route.etag else {}
            self._send(route.status, route.body, route.content_type, headers, route.delay)

        def _send(self, status, body, content_type, headers=None, delay=0.0) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if not delay:
                self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if status == 304:
                return
            try:
                if delay:
                    for start in range(0, len(body), 64):
                        self.wfile.write(body[start:start + 64])
                        self.wfile.flush()
                        time.sleep(delay)
                else:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


class SiteServer:
    """`with SiteServer() as site:` a running server; `site.url` its address."""

    def __enter__(self) -> Site:
        self.site = Site()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.site))
        self.server.daemon_threads = True
        self.site.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self.site

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def rss(site: Site, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>Story {n}</title><link>{site.url}{path}</link></item>"
                    for n, path in enumerate(paths))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>{site.url}/</link>'
            f"<description>Latest</description>{items}</channel></rss>").encode()


def sitemap(site: Site, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{site.url}{path}</loc><news:news><news:title>T</news:title></news:news></url>"
                   for path in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>').encode()
