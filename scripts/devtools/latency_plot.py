"""The plot of query latency against index size for docs/performance.md, from saved bench-query results.

Needs matplotlib (`pip install -e '.[bench]'`) for the plot. Left: p95 latency in-process (solid) and over
HTTP (dashed; a kind's HTTP run with failed requests is left out) of each query kind, by number of statements
(log-log), with the targets (50 ms at 100k, 200 ms at 1M in-process); right: the same for p50, with SQLite
FTS5's p95 (dotted) as the reference. Several result files of one size: all plotted.
"""

from __future__ import annotations

import argparse
import json

KINDS = ("speaker", "phrase", "topic", "speaker+topic", "faceted")
COLOURS = dict(zip(KINDS, ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple"), strict=True))


def print_tables(runs: list[dict]) -> int:
    runs.sort(key=lambda run: (run["statements"], run.get("taken", "")))
    print("| statements | engine | kind | p50 | p95 | p99 | q/s | hits |")
    print("|---|---|---|---|---|---|---|---|")
    for run in runs:
        for engine, label in (("saidwhat", "saidwhat"), ("fts5", "FTS5")):
            for kind, m in run.get(engine, {}).items():
                print(f"| {run['statements']:,} | {label} | {kind} | {m['p50_ms']:.2f} | {m['p95_ms']:.2f} | "
                      f"{m['p99_ms']:.2f} | {m['qps']:,.0f} | {m['mean_hits']:,.1f} |")
    print()
    print("| statements | kind | p50 | p95 | p99 | requests/s | errors |")
    print("|---|---|---|---|---|---|---|")
    for run in runs:
        for kind, m in run.get("http", {}).get("kinds", {}).items():
            print(f"| {run['statements']:,} | {kind} | {m['p50_ms']:.1f} | {m['p95_ms']:.1f} | {m['p99_ms']:.1f} | "
                  f"{m['rps']:,.0f} | {m['errors']} |")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run with the parsed arguments of scripts/plot-query-latency; returns the exit status."""
    if args.table:
        return print_tables([json.loads(path.read_text(encoding="utf-8")) for path in args.results])

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def http_kinds(run: dict) -> dict:
        """The HTTP figures by kind: of the run with the fewest clients (results with several client counts)."""
        http = run["http"]
        return http["kinds"] if "kinds" in http else http["runs"][min(http["runs"], key=int)]["kinds"]

    runs = sorted((json.loads(path.read_text(encoding="utf-8")) for path in args.results),
                  key=lambda run: run["statements"])
    sizes = [run["statements"] for run in runs]
    figure, axes = plt.subplots(1, 2, figsize=(12, 5), sharex=True, sharey=True)
    for axis, stat in zip(axes, ("p95_ms", "p50_ms"), strict=True):
        for kind in KINDS:
            colour = COLOURS[kind]
            axis.plot(sizes, [run["saidwhat"][kind][stat] for run in runs], "o-", color=colour,
                      label=f"{kind} in-process")
            http = [(run["statements"], http_kinds(run)[kind][stat]) for run in runs
                    if "http" in run and not http_kinds(run)[kind]["errors"]]  # failed requests: not plotted
            if http:
                axis.plot(*zip(*http, strict=True), "s--", color=colour, alpha=0.6, label=f"{kind} HTTP")
            if stat == "p50_ms":
                fts = [(run["statements"], run["fts5"][kind]["p95_ms"]) for run in runs if run.get("fts5")]
                if fts:
                    axis.plot(*zip(*fts, strict=True), ":", color=colour, alpha=0.6, label=f"{kind} FTS5 p95")
        if stat == "p95_ms":
            axis.plot([100_000], [50], "k_", markersize=30, mew=2)
            axis.plot([1_000_000], [200], "k_", markersize=30, mew=2)
            axis.annotate("targets (p95 in-process)", (100_000, 50), textcoords="offset points", xytext=(-60, 12))
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("statements in the index")
        axis.set_title(f"{stat[:3]} latency per query kind")
        axis.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("milliseconds")
    axes[1].legend(fontsize=7, ncol=3, loc="upper left")
    http_note = next((run["http"] for run in runs if "http" in run), None)
    note = (f"HTTP: saidwhat serve (waitress, {http_note['server_threads']} threads), {http_note['clients']} "
            "concurrent clients on the same 2 cores" if http_note else "")
    figure.suptitle(f"saidwhat query latency against index size ({runs[-1].get('taken', '')}). {note}", fontsize=9)
    figure.tight_layout()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")
    return 0
