"""Fetching articles over HTTP, politely: a clear user agent, robots.txt, a delay per host, time limits,
retries with backoff, a size limit, and conditional requests, so that a page that has not changed since the
last fetch is not sent again.

    fetcher = Fetcher(cache_dir=Path("index/fetched"))
    result = fetcher.fetch("https://example.org/news/story")  # a Fetched, or a FetchFailed with the reason

The cache keeps, for each URL, its `ETag` and `Last-Modified` and the body last received; a `304 Not
Modified` answer is served from it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from .loading import _megabytes

USER_AGENT = "saidwhat/1.0 (quote search indexer; +https://github.com/saidwhat/saidwhat)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0  # seconds: a longer `Retry-After` is a failure for this run


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how patiently to fetch."""

    user_agent: str = USER_AGENT
    delay: float = 1.0  # seconds between two requests to one host (robots.txt's Crawl-delay wins when longer)
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # between two bytes
    total_timeout: float = 60.0  # for one response, however it trickles
    retries: int = 2  # after the first try, for time-outs, dropped connections, 429 and 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled at each
    max_bytes: int = 5 * 1024 * 1024
    robots: bool = True


@dataclass
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    not_modified: bool = False  # served from the cache after a 304

    @property
    def charset(self) -> str | None:
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ").lower()
        return None


@dataclass
class FetchFailed:
    url: str
    reason: str  # `<what> (<detail>)`, as the loader's skip reasons read


@dataclass
class _Host:
    robots: RobotFileParser | None = None
    next_request: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Fetcher:
    """One polite HTTP client for a run: one connection pool, robots.txt read once per host."""

    def __init__(self, policy: FetchPolicy | None = None, cache_dir: str | os.PathLike | None = None,
                 session=None):
        import requests  # a run with no URL never loads it

        self.policy = policy or FetchPolicy()
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = self.policy.user_agent
        self.session.max_redirects = 5
        self._hosts: dict[str, _Host] = {}
        self._requests = requests
        self.fetched = 0  # pages had, this run (from the cache after a 304 too)
        self.not_modified = 0  # answers served from the cache after a 304, this run
        self.retried = 0

    # -- public --------------------------------------------------------------------------------------

    def fetch(self, url: str) -> Fetched | FetchFailed:
        """The page at `url`, or why it could not be had."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return FetchFailed(url, f"not an HTTP address ({url})")
        host = self._host(parts)
        if self.policy.robots and not self._allowed(host, parts, url):
            return FetchFailed(url, "disallowed by robots.txt")
        cached = self._cached(url)
        headers = {}
        if cached:
            if cached.get("etag"):
                headers["If-None-Match"] = cached["etag"]
            if cached.get("last_modified"):
                headers["If-Modified-Since"] = cached["last_modified"]
        result = self._get(host, url, headers)
        if isinstance(result, FetchFailed):
            return result
        response, body = result
        if response.status_code == 304 and cached:
            self.not_modified += 1
            self.fetched += 1
            return Fetched(url, cached.get("final_url", url), 200, cached.get("content_type", ""),
                           self._cached_body(url), not_modified=True)
        if response.status_code != 200:
            return FetchFailed(url, f"HTTP error (HTTP {response.status_code})")
        fetched = Fetched(url, response.url, 200, response.headers.get("Content-Type", ""), body)
        self.fetched += 1
        self._store(fetched, response.headers)
        return fetched

    # -- requests ------------------------------------------------------------------------------------

    def _get(self, host: _Host, url: str, headers: dict[str, str]):
        """(response, body) for a GET, retried as the policy says; a FetchFailed when it cannot be had."""
        policy = self.policy
        failure = FetchFailed(url, "not fetched")
        for attempt in range(policy.retries + 1):
            if attempt:
                self.retried += 1
            self._wait_turn(host)
            wait = policy.backoff * 2 ** attempt
            try:
                response = self.session.get(url, headers=headers, stream=True, allow_redirects=True,
                                            timeout=(policy.connect_timeout, policy.read_timeout))
            except self._requests.TooManyRedirects:
                return FetchFailed(url, "too many redirects")
            except (self._requests.Timeout, self._requests.ConnectionError) as error:
                failure = FetchFailed(url, f"unreachable ({_short(error)})")
                if attempt < policy.retries:
                    time.sleep(wait)
                continue
            except self._requests.RequestException as error:
                return FetchFailed(url, f"unreachable ({_short(error)})")
            with response:
                if response.status_code in RETRY_STATUSES:
                    failure = FetchFailed(url, f"HTTP error (HTTP {response.status_code})")
                    retry_after = _retry_after(response.headers.get("Retry-After"))
                    if attempt < policy.retries and (retry_after is None or retry_after <= MAX_RETRY_AFTER):
                        time.sleep(max(wait, retry_after or 0.0))
                    continue
                if response.status_code != 200:
                    return response, b""
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > policy.max_bytes:
                    return FetchFailed(url, f"page too large ({_megabytes(int(declared))}; the limit is "
                                            f"{_megabytes(policy.max_bytes)})")
                body = self._read(response, url)
                if isinstance(body, FetchFailed):
                    failure = body
                    if body.reason.startswith("page too large"):
                        return body
                    if attempt < policy.retries:
                        time.sleep(wait)
                    continue
                return response, body
        return failure

    def _read(self, response, url: str) -> bytes | FetchFailed:
        """The body, within the size limit and the total time limit."""
        policy = self.policy
        deadline = time.monotonic() + policy.total_timeout
        chunks, size = [], 0
        try:
            while chunk := response.raw.read1(65536, decode_content=True):  # what has come, not a full buffer
                size += len(chunk)
                if size > policy.max_bytes:
                    return FetchFailed(url, f"page too large (over {_megabytes(policy.max_bytes)}; the limit is "
                                            f"{_megabytes(policy.max_bytes)})")
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    return FetchFailed(url, f"timed out (no whole page within {policy.total_timeout:g} s)")
        except (self._requests.RequestException, OSError) as error:
            return FetchFailed(url, f"timed out ({_short(error)})")
        return b"".join(chunks)

    def _host(self, parts) -> _Host:
        key = f"{parts.scheme}://{parts.netloc}".lower()
        return self._hosts.setdefault(key, _Host())

    def _wait_turn(self, host: _Host) -> None:
        """Sleep until this host may be asked again."""
        with host.lock:
            now = time.monotonic()
            if host.next_request > now:
                time.sleep(host.next_request - now)
            delay = self.policy.delay
            if host.robots is not None:
                delay = max(delay, float(host.robots.crawl_delay(self.policy.user_agent) or 0))
            host.next_request = time.monotonic() + delay

    def _allowed(self, host: _Host, parts, url: str) -> bool:
        if host.robots is None:
            host.robots = self._read_robots(host, f"{parts.scheme}://{parts.netloc}/robots.txt")
        return host.robots.can_fetch(self.policy.user_agent, url)

    def _read_robots(self, host: _Host, robots_url: str) -> RobotFileParser:
        """robots.txt as RFC 9309 reads it: none (4xx) allows all; unreachable (5xx, no answer) allows none."""
        robots = RobotFileParser(robots_url)
        result = self._get(host, robots_url, {})
        if isinstance(result, FetchFailed):
            robots.disallow_all = True
            return robots
        response, body = result
        if 400 <= response.status_code < 500:
            robots.allow_all = True
        elif response.status_code != 200:
            robots.disallow_all = True
        else:
            robots.parse(body.decode("utf-8", errors="replace").splitlines())
        return robots

    # -- the cache -----------------------------------------------------------------------------------

    def _paths(self, url: str) -> tuple[Path, Path] | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        return self.cache_dir / f"{key}.json", self.cache_dir / f"{key}.body.gz"

    def _cached(self, url: str) -> dict | None:
        paths = self._paths(url)
        if paths is None or not paths[0].exists() or not paths[1].exists():
            return None
        try:
            entry = json.loads(paths[0].read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry if entry.get("url") == url else None

    def _cached_body(self, url: str) -> bytes:
        paths = self._paths(url)
        assert paths is not None
        return gzip.decompress(paths[1].read_bytes())

    def _store(self, fetched: Fetched, headers) -> None:
        paths = self._paths(fetched.url)
        if paths is None or not (headers.get("ETag") or headers.get("Last-Modified")):
            return
        entry = {"url": fetched.url, "final_url": fetched.final_url, "content_type": fetched.content_type,
                 "etag": headers.get("ETag"), "last_modified": headers.get("Last-Modified")}
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        _write_atomically(paths[1], gzip.compress(fetched.body))
        _write_atomically(paths[0], json.dumps(entry).encode("utf-8"))


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def _short(error: Exception) -> str:
    text = str(error).split(":")[-1].strip() or type(error).__name__
    return text[:120]



