"""Where the spaCy time goes: each component of the extractor's pipeline timed on its own.

The bodies are tokenized, then each component is run over all the Docs in turn (`pipe` with the extractor's
batch size, in pipeline order), so that each one's share of the pipeline's time can be read off. The statement
passes (`statements_from_doc`) are timed last, on the same Docs, for comparison.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import ROOT


def run(args: argparse.Namespace) -> int:
    """Run with the parsed arguments of scripts/bench-components; returns the exit status."""
    from indexer.loading import Skipped, load_paths
    from indexer.nlp import load_pipeline
    from indexer.statements import statements_from_doc

    with tempfile.TemporaryDirectory(prefix="saidwhat-bench-") as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            subprocess.run([sys.executable, str(ROOT / "scripts" / "make-corpus"), str(args.articles),
                            "--out", str(corpus), "--seed", str(args.seed)], check=True, capture_output=True)
        articles = [a for a in load_paths([corpus]) if not isinstance(a, Skipped)]
    nlp = load_pipeline()
    times: dict[str, float] = {}
    started = time.perf_counter()
    docs = [nlp.make_doc(article.body) for article in articles]
    times["tokenizer"] = time.perf_counter() - started
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=args.batch_size))
        else:
            docs = [component(doc) for doc in docs]
        times[name] = time.perf_counter() - started
    spacy_total = sum(times.values())
    started = time.perf_counter()
    statements = sum(len(statements_from_doc(doc, article)) for doc, article in zip(docs, articles, strict=True))
    passes = time.perf_counter() - started
    words = sum(len(article.body.split()) for article in articles)
    print(f"{len(articles)} articles, {words:,} words, {statements:,} statements")
    print(f"{'component':<22} {'seconds':>8} {'share':>7}")
    for name, seconds in times.items():
        print(f"{name:<22} {seconds:8.2f} {seconds / spacy_total:7.1%}")
    print(f"{'spaCy in all':<22} {spacy_total:8.2f} {1:7.1%}")
    print(f"{'statement passes':<22} {passes:8.2f} {passes / spacy_total:7.1%} (of spaCy's time)")
    return 0
