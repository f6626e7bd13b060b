"""The search measured against the relevance set: seeds and PolNeAR indexes, every query's rank, the figures.

Indexes: the seeds are indexed into a temporary folder (a few seconds). The PolNeAR queries run on the demo
index built by scripts/demo-polnear; without it, or with `subset`, on an index of the articles in
tests/relevance/polnear (built here, under a minute), as the test suite does; answers outside that subset are
then left out (and queries with none left). Metrics: see `relevance`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from search import IndexStore, SearchService, build_index

from . import ROOT
from .relevance import CUTOFF, POLNEAR_SUBSET, Outcome, evaluate, load_cases, missing_answers, restricted, summarise


def _build(paths: list[Path], label: str, workdir: Path) -> SearchService:
    from indexer import Extractor

    root = workdir / label
    print(f"Indexing {label} ...", file=sys.stderr, flush=True)
    summary = build_index(paths, IndexStore(root), Extractor())
    print(f"  {summary.articles} articles, {summary.statements} statements in {summary.seconds:.0f}s",
          file=sys.stderr)
    return SearchService(IndexStore(root))


def _show(outcome: Outcome, service: SearchService, verbose: bool) -> None:
    case = outcome.case
    rank = outcome.rank or "-"
    print(f"  {rank!s:>2}  R@{CUTOFF} {outcome.recall:4.2f}  {case.id:28} {case.q}")
    if verbose or not outcome.rank:
        for gone in missing_answers(service, case):
            print(f"        not in the index: {gone}")
    if verbose and (outcome.rank != 1 or outcome.recall < 1):
        for n, statement in enumerate(outcome.top[:CUTOFF], 1):
            mark = "*" if any(item.matches(statement) for item in case.relevant) else " "
            print(f"       {mark}{n} {statement['speaker']['slug'][:22]:22} {statement['text'][:90]!r}")


def measure(queries: Path, corpus: str = "all", polnear_index: Path = ROOT / "var" / "polnear-index",
            subset: bool = False, verbose: bool = False) -> int:
    """Run the relevance set's queries of `corpus` ("all", "seeds" or "polnear") and print each query's rank
    and recall, then MRR and recall at 5 by corpus. Returns the exit status."""
    cases = load_cases(queries)
    rows: list[tuple[str, dict]] = []
    everything: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="saidwhat-eval-search-") as tmp:
        workdir = Path(tmp)
        for name in ("seeds", "polnear"):
            if corpus not in ("all", name):
                continue
            chosen = [case for case in cases if case.corpus == name]
            if name == "seeds":
                service, label = _build([ROOT / "seeds"], "seeds", workdir), "seeds"
            elif not subset and IndexStore(polnear_index).current_name():
                service, label = SearchService(IndexStore(polnear_index)), "polnear (demo index)"
            else:
                if not subset:
                    print(f"No PolNeAR demo index in {polnear_index} (scripts/demo-polnear builds it): "
                          "using the test subset", file=sys.stderr)
                service = _build([POLNEAR_SUBSET / "text"], "polnear-subset", workdir)
                label = "polnear (test subset)"
                chosen = [case for case in map(restricted, chosen) if case is not None]
            print(f"\n{label}: rank of the first relevant result, recall at {CUTOFF}, query")
            outcomes = [evaluate(service, case) for case in chosen]
            for outcome in outcomes:
                _show(outcome, service, verbose)
            rows.append((label, summarise(outcomes)))
            everything += outcomes
    if len(rows) > 1:
        rows.append(("overall", summarise(everything)))
    print(f"\n{'corpus':24} {'queries':>7} {'MRR':>6} {'R@5':>6}")
    for label, figures in rows:
        print(f"{label:24} {figures['queries']:7d} {figures['mrr']:6.3f} {figures['recall@5']:6.3f}")
    return 0
