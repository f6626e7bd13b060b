"""A bounded load test on loopback: many concurrent searches against `saidwhat serve`, no errors allowed, and
the server's memory watched for growth.

It starts its own server on 127.0.0.1 (a free port; never another host), warms it up, sends at most
--requests requests from --concurrency threads for at most --max-seconds, samples the server's resident memory
(/proc/PID/status) as it goes, stops the server and prints a summary. Exit status 0 when every response was
as expected and the memory of the second half of the run stayed within --max-growth-mb of the first half's,
1 otherwise. Only the standard library is used for the client side.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import ROOT

PYTHON = ROOT / ".venv" / "bin" / "python"
HOST = "127.0.0.1"  # loopback only, on purpose

# What people and programs ask: questions, filters, paging, listings, records, pages, and some nonsense.
URLS = [
    "/api/v1/search?q=what+did+Wang+Yi+say+about+supply+chains",
    "/api/v1/search?q=Cho+Hyun+on+free+trade",
    "/api/v1/search?q=%22supply+chains%22+OR+trade&sort=newest",
    "/api/v1/search?q=cooperation&kind=direct&per_page=50",
    "/api/v1/search?q=minister&said_from=2025-01-01&said_to=2025-12-31",
    "/api/v1/search?q=Wang+Yee",
    "/api/v1/search?q=" + "x" * 2000,
    "/api/v1/search?q=%00%01%02",
    "/api/v1/search?page=0",  # 400, expected
    "/api/v1/speakers",
    "/api/v1/speakers/wang-yi",
    "/api/v1/articles",
    "/api/v1/health",
    "/search?q=trade",
    "/speakers/wang-yi",
    "/",
    "/no/such/page",  # 404, expected
]
EXPECTED = {200, 400, 404}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def fetch(base: str, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except (urllib.error.URLError, OSError):
        status = 0  # no answer at all
    return status, time.perf_counter() - started


def ensure_index(index_dir: Path | None) -> Path:
    if index_dir is not None:
        return index_dir
    default = Path(os.environ.get("SAIDWHAT_INDEX_DIR") or ROOT / "var" / "index")
    if (default / "CURRENT").is_file():
        return default
    built = Path(tempfile.mkdtemp(prefix="saidwhat-loadtest-"))
    print(f"No index in {default}: indexing seeds/ into {built}", flush=True)
    subprocess.run([str(PYTHON), "-m", "web.cli", "index", str(ROOT / "seeds"), "--index-dir", str(built)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return built


def run(args: argparse.Namespace) -> int:
    """Run with the parsed arguments of scripts/loadtest; returns the exit status."""
    index_dir = ensure_index(args.index_dir)
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = subprocess.Popen(
        [str(PYTHON), "-m", "web.cli", "serve", "--host", HOST, "--port", str(port), "--threads",
         str(args.threads), "--index-dir", str(index_dir)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, float]] = []
    stop_sampling = threading.Event()
    try:
        deadline = time.monotonic() + 60
        while fetch(base, "/api/v1/health")[0] != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                print("error: the server did not come up:\n" + (server.stderr.read() if server.stderr else ""))
                return 1
            time.sleep(0.2)
        for path in URLS * 5:  # warm up: every page and searcher opened once
            fetch(base, path)

        def sample() -> None:
            while not stop_sampling.is_set():
                if (value := rss_mb(server.pid)) is not None:
                    samples.append((time.monotonic(), value))
                stop_sampling.wait(0.25)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.monotonic()
        stop_at = started + args.max_seconds
        paths = itertools.islice(itertools.cycle(URLS), args.requests)
        lock = threading.Lock()

        def worker(_: int) -> list[tuple[str, int, float]]:
            done = []
            while time.monotonic() < stop_at:
                with lock:
                    path = next(paths, None)
                if path is None:
                    break
                status, seconds = fetch(base, path)
                done.append((path, status, seconds))
            return done

        with ThreadPoolExecutor(args.concurrency) as pool:
            results = [row for rows in pool.map(worker, range(args.concurrency)) for row in rows]
        elapsed = time.monotonic() - started
        stop_sampling.set()
        sampler.join()
    finally:
        stop_sampling.set()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    statuses: dict[int, int] = {}
    for _, status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    errors = [(path, status) for path, status, _ in results if status not in EXPECTED]
    latencies = sorted(seconds for _, _, seconds in results)
    memory = [value for _, value in samples]
    half = len(memory) // 2
    first, second = (max(memory[:half]), max(memory[half:])) if half else (0.0, 0.0)
    growth = second - first
    report = {
        "requests": len(results),
        "seconds": round(elapsed, 1),
        "requests_per_second": round(len(results) / elapsed, 1) if elapsed else None,
        "statuses": dict(sorted(statuses.items())),
        "errors": len(errors),
        "latency_ms": {
            "p50": round(1000 * statistics.median(latencies), 1) if latencies else None,
            "p95": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
            "p99": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 1) if latencies else None,
            "max": round(1000 * latencies[-1], 1) if latencies else None,
        },
        "server_rss_mb": {
            "start": round(memory[0], 1) if memory else None,
            "max_first_half": round(first, 1),
            "max_second_half": round(second, 1),
            "end": round(memory[-1], 1) if memory else None,
            "growth": round(growth, 1),
        },
        "concurrency": args.concurrency,
        "server_threads": args.threads,
        "index": str(index_dir),
    }
    print(json.dumps(report, indent=2))
    if errors:
        print(f"FAIL: {len(errors)} unexpected responses, e.g. {errors[:5]}")
    if growth > args.max_growth_mb:
        print(f"FAIL: the server's memory grew by {growth:.1f} MB (allowed {args.max_growth_mb:g} MB)")
    if not errors and growth <= args.max_growth_mb:
        print("OK: no errors, no memory growth")
        return 0
    return 1
