"""Query latency in-process and over HTTP, against SQLite FTS5 over the same statements as a reference.

Five kinds of query, drawn (seeded) from the index itself:
- speaker:          a speaker's name alone ("Marla Quenby"), from the speakers with most statements;
- phrase:           two consecutive words of a stored statement, quoted ("\"tax plan\"");
- topic:            one or two frequent content words of the statements;
- speaker+topic:    a speaker's name and a word from that speaker's statements;
- faceted:          a topic with filters (outlet and kind=direct); facets are computed by every search.
saidwhat: `search.SearchService(IndexStore(dir)).search(q, filters)` (first page of 10, facets, highlights),
one service and searcher reused. FTS5: an in-memory table (porter tokenizer) of the statements read from the
index (stored `payload`s), each query answered by the top 10 by bm25 plus the total count, and for faceted
queries the counts by speaker, outlet and kind. Each kind runs --warmup queries untimed, then --queries timed,
one after the other in one thread: queries/s is 1 / mean latency.

--http: the same queries as `GET /api/v1/search?q=...&outlet=...&kind=...` against `saidwhat serve` (waitress,
--server-threads threads), started here on 127.0.0.1 and a free port with this checkout's code, after the
in-process runs. For each kind, --clients client threads (one keep-alive connection each) send the kind's
queries over and over until --http-requests requests are answered; requests/s is answered requests / wall
time; latency is per request as the client sees it. Every response must be 200. The clients share the
machine's cores with the server.

Before and after, a fixed amount of work is timed (`machine.reference`): runs are comparable only where those
figures are close, since the machine's cores are shared with other work.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from . import ROOT
from .machine import cpu_times, reference, steal_share

STOP = set("""
about above after again against all also among and another any are around because been before being below
between both but can could did does doing down during each even every from further had has have having here
hers herself him himself his how into its itself just know like made make many more most much must never
night now off once only other ought our ours out over own said same say says she should since some such than
that the their theirs them then there these they this those through too under until upon very want was were
what when where which while who whom why will with would year years you your yours going think people
""".split())
WORD = re.compile(r"[A-Za-z]{4,}")


def statements_of(service) -> list[dict]:
    rows = []
    for fields in service.index.statements.searcher().all_stored_fields():
        payload = fields["payload"]
        rows.append({"id": payload["id"], "text": payload["text"], "speaker": payload["speaker"]["name"],
                     "slug": payload["speaker"]["slug"], "kind": payload["kind"],
                     "outlet": (payload.get("article") or {}).get("outlet") or fields.get("outlet") or "",
                     "said_on": str(fields.get("said_on") or "")})
    return rows


def make_queries(rows: list[dict], n: int, seed: int) -> dict[str, list[tuple[str, dict]]]:
    """{kind: [(question, filters as a dict of Filters fields)]}"""
    rng = random.Random(seed)
    by_speaker: dict[str, list[dict]] = {}
    for row in rows:
        by_speaker.setdefault(row["speaker"], []).append(row)
    speakers = [s for s, _ in Counter({s: len(v) for s, v in by_speaker.items()}).most_common(50)]
    words = Counter(w.lower() for row in rows for w in WORD.findall(row["text"]) if w.lower() not in STOP)
    common = [w for w, _ in words.most_common(200)]
    outlets = [o for o, _ in Counter(r["outlet"] for r in rows if r["outlet"]).most_common()]
    queries: dict[str, list[tuple[str, dict]]] = {k: [] for k in
                                                  ("speaker", "phrase", "topic", "speaker+topic", "faceted")}
    for _ in range(n):
        queries["speaker"].append((rng.choice(speakers), {}))
        pairs = []
        while not pairs:
            tokens = WORD.findall(rng.choice(rows)["text"])
            pairs = [(a, b) for a, b in zip(tokens, tokens[1:], strict=False)
                     if a.lower() not in STOP or b.lower() not in STOP]
        a, b = rng.choice(pairs)
        queries["phrase"].append((f'"{a} {b}"', {}))
        queries["topic"].append((" ".join(rng.sample(common, rng.choice((1, 2)))), {}))
        speaker = rng.choice(speakers)
        own = [w.lower() for r in by_speaker[speaker] for w in WORD.findall(r["text"]) if w.lower() not in STOP]
        queries["speaker+topic"].append((f"{speaker} {rng.choice(own or common)}", {}))
        queries["faceted"].append((rng.choice(common), {"outlet": rng.choice(outlets), "kind": "direct"}))
    return queries


def fts_build(rows: list[dict]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE s USING fts5(text, speaker, id UNINDEXED, kind UNINDEXED, "
               "outlet UNINDEXED, said_on UNINDEXED, tokenize='porter unicode61')")
    db.executemany("INSERT INTO s VALUES (?, ?, ?, ?, ?, ?)",
                   [(r["text"], r["speaker"], r["id"], r["kind"], r["outlet"], r["said_on"]) for r in rows])
    db.commit()
    return db


def _fts_quote(words: str) -> str:
    return " ".join('"' + w.replace('"', '""') + '"' for w in words.split())


def fts_search(db: sqlite3.Connection, kind: str, q: str, filters: dict, speakers: set[str]):
    if kind == "speaker":
        match = f'speaker : "{q}"'
    elif kind == "phrase":
        match = "text : " + '"' + q.strip('"').replace('"', '""') + '"'
    elif kind == "speaker+topic":
        speaker = next(s for s in sorted(speakers, key=len, reverse=True) if q.startswith(s + " "))
        match = f'speaker : "{speaker}" AND text : {_fts_quote(q[len(speaker) + 1:])}'
    else:
        match = _fts_quote(q)
    where, params = "s MATCH ?", [match]
    for column in ("outlet", "kind"):
        if filters.get(column):
            where += f" AND {column} = ?"
            params.append(filters[column])
    top = db.execute(f"SELECT id, text, speaker FROM s WHERE {where} ORDER BY rank LIMIT 10", params).fetchall()
    total = db.execute(f"SELECT count(*) FROM s WHERE {where}", params).fetchone()[0]
    if kind == "faceted":
        for column in ("speaker", "outlet", "kind"):
            db.execute(f"SELECT {column}, count(*) FROM s WHERE {where} GROUP BY {column}", params).fetchall()
    return top, total


def _percentiles(times: list[float]) -> dict:
    times = sorted(times)

    def pct(p: float) -> float:
        return times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))]

    return {"n": len(times), "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
            "mean_ms": statistics.fmean(times)}


def search_url(question: str, filters: dict) -> str:
    return "/api/v1/search?" + urllib.parse.urlencode({"q": question, **filters})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(connection: http.client.HTTPConnection, path: str) -> int:
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def http_run(base_host: str, port: int, paths: list[str], requests: int, clients: int) -> dict:
    """`requests` GETs of `paths` (round robin) from `clients` threads, one keep-alive connection each."""
    feed = itertools.islice(itertools.cycle(paths), requests)
    lock = threading.Lock()
    times: list[float] = []
    statuses: Counter = Counter()

    def client() -> None:
        connection = http.client.HTTPConnection(base_host, port, timeout=60)
        mine, codes = [], Counter()
        while True:
            with lock:
                path = next(feed, None)
            if path is None:
                break
            started = time.perf_counter()
            try:
                code = _get(connection, path)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(base_host, port, timeout=60)
                code = 0
            mine.append((time.perf_counter() - started) * 1000)
            codes[code] += 1
        connection.close()
        with lock:
            times.extend(mine)
            statuses.update(codes)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    result = _percentiles(times)
    result.update({"rps": len(times) / wall, "seconds": wall, "errors": sum(n for c, n in statuses.items() if c != 200),
                   "statuses": {str(c): n for c, n in statuses.items()}})
    return result


def serving_memory_mb(pid: int) -> dict:
    """The memory of a server and its worker processes together: the sum of their resident sets (pages they
    share, such as the memory-mapped arrays and index files, counted in each) and of their proportional set sizes
    (shared pages divided among the processes that map them: what they cost together)."""
    from .bench_index import tree_pids

    rss = pss = 0
    pids = tree_pids(pid)
    for current in pids:
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return {"processes": len(pids), "rss_mb": round(rss / 1024, 1), "pss_mb": round(pss / 1024, 1)}


def http_bench(index_dir: Path, queries: dict, args) -> dict:
    """Start `saidwhat serve` on the index (--server-processes processes of --server-threads threads), run every
    kind's queries through /api/v1/search with each number of --clients, stop it."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    server = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--threads", str(args.server_threads), "--processes", str(args.server_processes),
         "--index-dir", str(index_dir)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    results: dict = {"clients": args.clients, "server_threads": args.server_threads,
                     "server_processes": args.server_processes, "runs": {}}
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
                if _get(connection, "/api/v1/health") == 200:
                    connection.close()
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not come up: " + (server.stderr.read() if server.stderr else ""))
            time.sleep(0.2)
        for clients in args.clients:
            kinds = {}
            for kind, items in queries.items():
                paths = [search_url(q, filters) for q, filters in items]
                http_run("127.0.0.1", port, paths[: args.warmup] * clients, args.warmup * clients,
                         clients)  # every server thread's searcher opened, the index's arrays read
                kinds[kind] = http_run("127.0.0.1", port, paths[args.warmup:], args.http_requests, clients)
            results["runs"][str(clients)] = {"kinds": kinds, "memory": serving_memory_mb(server.pid)}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return results


def measure(run, queries, warmup: int) -> dict:
    for q in queries[:warmup]:
        run(q)
    times, totals = [], []
    for q in queries[warmup:]:
        t0 = time.perf_counter()
        totals.append(run(q))
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()

    def pct(p: float) -> float:
        return times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))]

    return {"n": len(times), "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
            "mean_ms": statistics.fmean(times), "qps": 1000 / statistics.fmean(times),
            "mean_hits": statistics.fmean(totals) if totals else 0}


def run(args: argparse.Namespace) -> int:
    """Run with the parsed arguments of scripts/bench-query; returns the exit status."""
    from search import Filters, IndexStore, SearchService

    if args.statements:
        from .bulk import bench_index_dir, ensure_index

        args.index_dir = ensure_index(IndexStore(args.source), bench_index_dir(args.statements), args.statements).root
    before, ticks = reference(), cpu_times()
    store = IndexStore(args.index_dir)
    service = SearchService(store)
    t0 = time.perf_counter()
    rows = statements_of(service)
    open_s = time.perf_counter() - t0
    queries = make_queries(rows, args.queries + args.warmup, args.seed)
    speakers = {r["speaker"] for r in rows}
    manifest = store.manifest()
    result = {"statements": len(rows), "speakers": len(speakers), "manifest_speakers": manifest["speakers"],
              "articles": manifest["articles"], "index_mb": sum(manifest.get("files", {}).values()) / 1e6,
              "generated": manifest.get("generated"), "open_and_read_seconds": open_s,
              "taken": time.strftime("%Y-%m-%d %H:%M"), "saidwhat": {}, "fts5": {}}

    def saidwhat(kind):
        def run(item):
            q, filters = item
            return service.search(q, Filters(**filters)).total
        return run

    for kind, items in queries.items():
        result["saidwhat"][kind] = measure(saidwhat(kind), items, args.warmup)
    if not args.no_fts:
        t0 = time.perf_counter()
        db = fts_build(rows)
        result["fts5_build_seconds"] = time.perf_counter() - t0
        for kind, items in queries.items():
            result["fts5"][kind] = measure(lambda item, k=kind: fts_search(db, k, item[0], item[1], speakers)[1],
                                           items, args.warmup)
    if args.http:
        del service  # the server has its own copy of the index in memory
        result["http"] = http_bench(store.root, queries, args)
    result["examples"] = {kind: items[args.warmup][0] for kind, items in queries.items()}
    after, stolen = reference(), steal_share(ticks, cpu_times())
    result["machine"] = {"before": before.as_dict(), "after": after.as_dict(), "steal": stolen}
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"index: {len(rows):,} statements, {len(speakers):,} speakers; {args.queries} timed queries per kind "
          f"after {args.warmup} warm-up, one thread")
    print(f"{'engine':<9} {'kind':<14} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'q/s':>8} {'mean hits':>10}")
    for engine in ("saidwhat", "fts5"):
        for kind, m in result[engine].items():
            print(f"{engine:<9} {kind:<14} {m['p50_ms']:8.2f} {m['p95_ms']:8.2f} {m['p99_ms']:8.2f} "
                  f"{m['qps']:8.1f} {m['mean_hits']:10.1f}")
    if "http" in result:
        h = result["http"]
        for clients, run in h["runs"].items():
            memory = run["memory"]
            print(f"over HTTP: /api/v1/search, {clients} clients, {h['server_processes']} server processes of "
                  f"{h['server_threads']} threads, {args.http_requests} requests per kind; memory of the "
                  f"{memory['processes']} serving processes: RSS {memory['rss_mb']:,.0f} MB summed, PSS "
                  f"{memory['pss_mb']:,.0f} MB (shared pages counted once)")
            print(f"{'kind':<14} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'errors':>7}")
            for kind, m in run["kinds"].items():
                print(f"{kind:<14} {m['p50_ms']:8.2f} {m['p95_ms']:8.2f} {m['p99_ms']:8.2f} {m['rps']:8.1f} "
                      f"{m['errors']:7d}")
    print("examples: " + "; ".join(f"{k}: {v!r}" for k, v in result["examples"].items()))
    print(f"machine reference (scripts/devtools/machine.py), before: {before.line()}; after: {after.line()}; "
          + ("CPU time stolen by the host meanwhile: " + (f"{stolen:.1%}" if stolen is not None else "unknown")))
    return 0
