"""Indexing throughput against the raw spaCy pipeline, on one generated corpus.

Phases, each in its own subprocesses so that their memory is their own:
- raw:  `indexer.nlp.load_pipeline()` then `nlp.pipe` over the article bodies (loaded beforehand, untimed),
        batch size --batch-size (default 16, as `indexer.Extractor`). With --workers N, N such processes run
        at once, each over every N-th body (the ceiling for N processes: nothing is sent back); the phase
        takes as long as the slowest.
- full: `search.build_index(paths, IndexStore(tmp), Extractor(batch_size=B), workers=N)`: load, extract,
        write, swap. With N > 1 the worker processes start (and load the model) inside the timed build, as
        they do in `saidwhat index`.
Model loading in this process is timed apart and left out of the throughput. Statements/s of the raw phase
uses the statement count of the full build (same texts). Words are whitespace-separated tokens of the bodies.
With --replay, the full phase runs without spaCy: each article's "statements" are its paragraphs that hold a
quotation mark, given to a few dozen made-up speakers (`ReplayExtractor`). That measures the rest of the build
(loading, writing, speaker records, folding, commit) at sizes spaCy cannot reach here in a session: whether the
build's own memory stays flat over 100,000 articles. The raw phase is skipped.
Memory: the resident set of the whole process tree (the build and its workers), sampled every 0.5 s during
the full phase: its peak, and its value at each tenth of the run, to show whether it grows with the corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import ROOT

SCRIPT = ROOT / "scripts" / "bench-index"
"""Run again with --phase for each phase, so that its memory is its own."""


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def load_articles(corpus: Path):
    from indexer.loading import Skipped, load_paths
    return [a for a in load_paths([corpus]) if not isinstance(a, Skipped)]


def tree_pids(pid: int) -> list[int]:
    """A process and all its descendants (started by any of its threads), from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in children.read_text().split())
            except OSError:
                continue
    return found


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    total = 0
    for current in tree_pids(pid):
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
    return total / 1024


class MemorySampler:
    """Samples the process tree's RSS in a thread."""

    def __init__(self, every: float = 0.5):
        import threading
        self.every, self.samples = every, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        start = time.perf_counter()
        while not self._stop.wait(self.every):
            self.samples.append((time.perf_counter() - start, tree_rss_mb(os.getpid())))

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def profile(self) -> list[float]:
        """RSS at each tenth of the run (the largest sample in each tenth)."""
        if not self.samples:
            return []
        end = self.samples[-1][0]
        tenths = [[] for _ in range(10)]
        for at, rss in self.samples:
            tenths[min(9, int(10 * at / end))].append(rss)
        return [round(max(t), 1) if t else None for t in tenths]


def phase_raw(corpus: Path, batch: int, shard: int = 0, shards: int = 1) -> dict:
    from indexer.nlp import load_pipeline
    articles = load_articles(corpus)[shard::shards]
    bodies = [a.body for a in articles]
    t0 = time.perf_counter()
    nlp = load_pipeline()
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    cpu0 = _cpu_seconds(resource.RUSAGE_SELF)
    tokens = 0
    for doc in nlp.pipe(bodies, batch_size=batch):
        tokens += len(doc)
    seconds = time.perf_counter() - t0
    return {"articles": len(bodies), "words": sum(len(b.split()) for b in bodies), "spacy_tokens": tokens,
            "seconds": seconds, "cpu_seconds": _cpu_seconds(resource.RUSAGE_SELF) - cpu0,
            "model_load_seconds": load_s, "batch_size": batch,
            "components": nlp.pipe_names, "peak_rss_mb": peak_rss_mb()}


def replay_extractor():
    """An Extractor without spaCy, for --replay: quoted paragraphs become statements of made-up speakers."""
    import zlib

    from indexer.model import Speaker, Statement
    from indexer.pipeline import Extractor

    class ReplayExtractor(Extractor):
        def __init__(self):
            self.nlp, self.batch_size, self.model = None, 16, "replay"

        @property
        def pipeline_name(self) -> str:
            return "replay (no spaCy)"

        def extract(self, article):
            statements, body, offset = [], article.body, article.body_start
            start = 0
            for paragraph in body.split("\n"):
                if '"' in paragraph or "\u201c" in paragraph:
                    name = f"Speaker {zlib.crc32(paragraph.encode()) % 40:02d} Person"
                    statements.append(Statement(Speaker(name, aliases=[name.split()[-1]]), "direct", paragraph,
                                                "said", offset + start, offset + start + len(paragraph), article,
                                                article.published, paragraph))
                start += len(paragraph) + 1
            return statements

        def extract_many(self, articles, on_error=None):
            for article in articles:
                yield article, self.extract(article)

    return ReplayExtractor()


def _cpu_seconds(who: int) -> float:
    """User + system CPU time of this process (RUSAGE_SELF) or of its finished children (RUSAGE_CHILDREN)."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def phase_full(corpus: Path, index_dir: Path, batch: int, workers: int, replay: bool = False,
               cluster: str | None = None, model_in_build: bool = False) -> dict:
    """One full build. With `model_in_build`, a one-process build's model load is timed with the build, as
    worker processes load theirs inside it (and as `saidwhat index` does either way)."""
    from indexer.pipeline import Extractor
    from search import IndexStore, build_index
    from search.extraction import extractor_factory
    t0 = time.perf_counter()
    alone = workers == 1 and not cluster
    extractor = replay_extractor() if replay else Extractor(batch_size=batch) if alone else None
    factory = None if alone else extractor_factory(batch_size=batch)
    load_s = time.perf_counter() - t0
    rss_after_model = peak_rss_mb()
    if not model_in_build:
        t0 = time.perf_counter()
    cpu_before = [_cpu_seconds(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    with MemorySampler() as memory:
        summary = build_index([corpus], IndexStore(index_dir), extractor, workers=workers, factory=factory,
                              cluster=cluster)
    seconds = time.perf_counter() - t0
    cpu_parent, cpu_workers = (_cpu_seconds(who) - before for who, before in
                               zip((resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN), cpu_before, strict=True))
    build = IndexStore(index_dir).current_path()
    size = sum(p.stat().st_size for p in Path(build).rglob("*") if p.is_file())
    words = sum(len(a.body.split()) for a in load_articles(corpus))  # after timing
    return {"articles": summary.articles, "statements": summary.statements, "speakers": summary.speakers,
            "skipped": len(summary.skipped), "skip_reasons": dict(summary.skip_reasons()), "words": words,
            "seconds": seconds,
            "model_load_seconds": load_s, "index_bytes": size, "peak_rss_mb": peak_rss_mb(),
            "rss_after_model_mb": rss_after_model, "workers": workers, "cluster": cluster, "retried": summary.retried,
            "cpu_parent_seconds": cpu_parent, "cpu_workers_seconds": cpu_workers,
            "tree_peak_rss_mb": max((rss for _, rss in memory.samples), default=None),
            "tree_rss_by_tenth_mb": memory.profile(), "phases": summary.phases}


def run_phase(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, str(SCRIPT), *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_raw(corpus: Path, batch: list[str], workers: int) -> dict:
    """The raw phase on `workers` processes at once, each over its share of the bodies."""
    procs = [subprocess.Popen([sys.executable, str(SCRIPT), "--phase", "raw", "--corpus", str(corpus), *batch,
                               "--shard", str(i), "--workers", str(workers)], stdout=subprocess.PIPE, text=True)
             for i in range(workers)]
    shards = []
    for proc in procs:
        out, _ = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"raw phase failed with status {proc.returncode}")
        shards.append(json.loads(out.strip().splitlines()[-1]))
    raw = dict(shards[0])
    for key in ("articles", "words", "spacy_tokens", "cpu_seconds"):
        raw[key] = sum(shard[key] for shard in shards)
    raw["seconds"] = max(shard["seconds"] for shard in shards)
    raw["peak_rss_mb"] = sum(shard["peak_rss_mb"] for shard in shards)
    raw["processes"] = workers
    return raw


def run(args: argparse.Namespace) -> int:
    """Run with the parsed arguments of scripts/bench-index; returns the exit status."""
    if args.phase == "raw":
        print(json.dumps(phase_raw(args.corpus, args.batch_size, args.shard, args.workers)))
        return 0
    if args.phase == "full":
        print(json.dumps(phase_full(args.corpus, args.index_dir, args.batch_size, args.workers, args.replay,
                                    args.cluster, args.model_in_build)))
        return 0
    if args.cluster:
        return compare_cluster(args)

    with tempfile.TemporaryDirectory(prefix="saidwhat-bench-") as tmp:
        corpus = args.corpus or generated_corpus(args, Path(tmp))
        index_dir = args.keep_index or Path(tmp) / "index"
        batch = ["--batch-size", str(args.batch_size)]
        full = run_phase(["--phase", "full", "--corpus", str(corpus), "--index-dir", str(index_dir), *batch,
                          "--workers", str(args.workers), *(["--replay"] if args.replay else [])])
        raw = None if args.replay else run_raw(corpus, batch, args.workers)

    statements = full["statements"]
    result = {"corpus": str(args.corpus or f"make-corpus {args.articles} --seed {args.seed}"),
              "raw": raw, "full": full}
    phases = [("full", full)] if raw is None else [("raw", raw), ("full", full)]
    for _name, phase in phases:
        s = phase["seconds"]
        phase["articles_per_s"] = phase["articles"] / s
        phase["statements_per_s"] = statements / s
        phase["words_per_s"] = phase["words"] / s
    result["full_over_raw"] = full["articles_per_s"] / raw["articles_per_s"] if raw else None
    full_cpu = full["cpu_parent_seconds"] + full["cpu_workers_seconds"]
    result["cpu_raw_over_full"] = (raw["cpu_seconds"] / raw["articles"]) / (full_cpu / full["articles"]) \
        if raw else None
    result["index_bytes_per_statement"] = full["index_bytes"] / max(1, statements)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"corpus: {result['corpus']}: {full['articles']} articles, {full['words']:,} words, "
          f"{statements:,} statements, {full['speakers']:,} speakers, {full['skipped']} skipped")
    if raw:
        print(f"components: {', '.join(raw['components'])}; batch size {raw['batch_size']}; "
              f"{args.workers} process(es) in each phase")
    else:
        print("replay: no spaCy; statements made up from quoted paragraphs")
    print(f"{'phase':<6} {'seconds':>8} {'articles/s':>11} {'statements/s':>13} {'words/s':>9} "
          f"{'model load s':>13} {'peak RSS MB':>12}")
    for name, phase in phases:
        print(f"{name:<6} {phase['seconds']:8.1f} {phase['articles_per_s']:11.2f} "
              f"{phase['statements_per_s']:13.1f} {phase['words_per_s']:9.0f} "
              f"{phase['model_load_seconds']:13.1f} {phase['peak_rss_mb']:12.0f}")
    if raw:
        print(f"full / raw throughput: {result['full_over_raw']:.1%} (target >= 80%)")
        print(f"CPU time per article: raw {1000 * raw['cpu_seconds'] / raw['articles']:.0f} ms, full "
              f"{1000 * full_cpu / full['articles']:.0f} ms (parent and workers): raw / full "
              f"{result['cpu_raw_over_full']:.1%} (less sensitive to a shared machine than the wall-clock ratio)")
    busy = (full["cpu_parent_seconds"] + full["cpu_workers_seconds"]) / full["seconds"]
    print(f"CPU of the full build: parent {full['cpu_parent_seconds']:.1f} s, workers "
          f"{full['cpu_workers_seconds']:.1f} s, over {full['seconds']:.1f} s: {busy:.2f} cores busy on average")
    print(f"memory of the full build (process tree): peak {full['tree_peak_rss_mb']:.0f} MB; by tenth of the run: "
          + " ".join(f"{mb:.0f}" if mb else "-" for mb in full["tree_rss_by_tenth_mb"]))
    print(f"index: {full['index_bytes'] / 1e6:.1f} MB, {result['index_bytes_per_statement']:.0f} bytes/statement"
          + (f" (kept in {args.keep_index})" if args.keep_index else ""))
    return 0


def generated_corpus(args: argparse.Namespace, tmp: Path) -> Path:
    """`make-corpus --articles` articles (seed `--seed`) in `tmp`/corpus."""
    corpus = tmp / "corpus"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make-corpus"), str(args.articles),
                    "--out", str(corpus), "--seed", str(args.seed)], check=True)
    return corpus


def compare_cluster(args: argparse.Namespace) -> int:
    """Full builds of one corpus with 1 local worker process, with N, and on the cluster (N: the cluster's
    `local:N`, else --workers), each `--repeat` times, interleaved: the median throughput of each, the cluster
    against the local workers, and the scaling. Every build is timed as `saidwhat index` runs, model loading
    included."""
    workers = int(args.cluster.split(":", 1)[1]) if args.cluster.startswith("local:") else max(2, args.workers)
    choices = (("--workers 1", ["--workers", "1"]), (f"--workers {workers}", ["--workers", str(workers)]),
               (f"--cluster {args.cluster}", ["--cluster", args.cluster]))
    tries: dict[str, list[dict]] = {name: [] for name, _ in choices}
    with tempfile.TemporaryDirectory(prefix="saidwhat-bench-") as tmp:
        corpus = args.corpus or generated_corpus(args, Path(tmp))
        batch = ["--batch-size", str(args.batch_size)]
        for attempt in range(max(1, args.repeat)):
            for name, extra in choices:
                index_dir = Path(tmp) / f"{name.replace(' ', '_').strip('-')}-{attempt}"
                tries[name].append(run_phase(["--phase", "full", "--corpus", str(corpus), "--index-dir",
                                              str(index_dir), *batch, *extra, "--model-in-build"]))
                shutil.rmtree(index_dir, ignore_errors=True)
    runs = {name: median_run(found) for name, found in tries.items()}
    one, local, cluster = runs.values()
    result = {"corpus": str(args.corpus or f"make-corpus {args.articles} --seed {args.seed}"), "runs": runs,
              "seconds_of_each_try": {name: [round(t["seconds"], 1) for t in found] for name, found in tries.items()},
              "cluster_over_local_workers": cluster["articles_per_s"] / local["articles_per_s"],
              "scaling_1_to_n": local["articles_per_s"] / one["articles_per_s"], "workers": workers}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"corpus: {result['corpus']}: {one['articles']} articles, {one['statements']:,} statements; "
          f"median of {max(1, args.repeat)} builds each, interleaved, model loading included")
    print(f"{'run':<24} {'seconds':>8} {'articles/s':>11} {'peak RSS MB (tree)':>19} {'retried':>8}  each try (s)")
    for name, phase in runs.items():
        each = " ".join(f"{seconds:.1f}" for seconds in result["seconds_of_each_try"][name])
        print(f"{name:<24} {phase['seconds']:8.1f} {phase['articles_per_s']:11.2f} "
              f"{phase['tree_peak_rss_mb'] or 0:19.0f} {phase['retried']:8d}  {each}")
    print("seconds of each step of the median build, and the CPU of the build's own process:")
    for name, phase in runs.items():
        steps = ", ".join(f"{step} {seconds:.1f}" for step, seconds in phase["phases"].items())
        print(f"  {name:<22} {steps}; parent CPU {phase['cpu_parent_seconds']:.1f} s")
    print(f"cluster / {workers} local workers: {result['cluster_over_local_workers']:.1%} (target >= 95%)")
    print(f"scaling from 1 to {workers} workers: {result['scaling_1_to_n']:.2f}x (target >= 1.8x on 2 cores)")
    return 0


def median_run(tries: list[dict]) -> dict:
    """The try of median seconds (the slower middle one of an even count), with its throughput."""
    chosen = dict(sorted(tries, key=lambda found: found["seconds"])[len(tries) // 2])
    chosen["articles_per_s"] = chosen["articles"] / chosen["seconds"]
    return chosen
