"""Web inputs on the command line: addresses and `--urls` files for `saidwhat index`, and `saidwhat watch`, which
polls feeds and updates the index until it is stopped.

Each index keeps its fetch cache (`fetched/` in the index folder): a page whose server says it has not changed
since the last fetch (a `304` to a conditional request) is read from there, so an update finds it unchanged.
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
import threading
import time
from pathlib import Path

FETCH_CACHE = "fetched"
DEFAULT_DELAY = 1.0
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}


def duration(text: str) -> float:
    """`15m`, `30s`, `1h`, `90` (seconds) as seconds."""
    match = _DURATION.match(text)
    if not match or float(match.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"must be a duration such as 30s, 15m or 1h (not {text!r})")
    return float(match.group(1)) * _UNIT_SECONDS[(match.group(2) or "s").lower()]


def add_fetch_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--delay", type=float, default=DEFAULT_DELAY, metavar="SECONDS",
                        help=f"seconds between two requests to one web host (default {DEFAULT_DELAY:g}; robots.txt's "
                             "Crawl-delay wins when longer)")


def read_url_file(path: str) -> list[str]:
    """The addresses of a file of URLs: one a line; blank lines and `#` comments left out."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def fetcher_for(root: Path, paths: list[str], delay: float):
    """A polite fetcher with the index's cache, when any input is a web address; else None."""
    from indexer.model import is_address

    if not any(is_address(str(path)) for path in paths):
        return None
    from indexer.fetching import Fetcher, FetchPolicy

    return Fetcher(FetchPolicy(delay=delay), cache_dir=root / FETCH_CACHE)


def print_fetch_summary(fetcher) -> None:
    if fetcher is None:
        return
    print(f"Fetched {fetcher.fetched} pages: {fetcher.not_modified} unchanged since the last fetch (HTTP 304), "
          f"{fetcher.retried} retries")


# -- saidwhat watch ----------------------------------------------------------------------------------------


def add_watch_command(commands, common: argparse.ArgumentParser, settings) -> None:
    watch = commands.add_parser(
        "watch", parents=[common], help="poll feeds and update the index until stopped",
        description="Fetch the given feeds, sitemaps or pages every so often and update the index with what is new "
                    "or changed. Each round is an atomic update: stopping at any moment (Ctrl-C, SIGTERM) leaves "
                    "the index as the last finished round left it.",
        epilog="exit status: 0 stopped after --rounds; 130 stopped by a signal; 2 bad setup.")
    watch.add_argument("feeds", nargs="+", metavar="FEED", help="feed, sitemap or page addresses")
    watch.add_argument("--every", type=duration, default=duration("15m"), metavar="DURATION",
                       help="time between the starts of two rounds (default 15m; 30s, 1h...)")
    watch.add_argument("--rounds", type=int, default=0, metavar="N", help="stop after N rounds (default: never)")
    add_fetch_arguments(watch)
    settings.add_argument(watch, "spacy_model")
    watch.set_defaults(run=cmd_watch)


def cmd_watch(args: argparse.Namespace, settings) -> int:
    from indexer import Extractor
    from search import IndexStore, RebuildInProgress, build_index
    from search.build import BuildRejected
    from search.update import update_index

    from .cli import EXIT_BUSY, check_writable, print_summary

    store = IndexStore(settings.index_dir)
    check_writable(store.root)
    extractor = Extractor(model=settings.spacy_model)
    fetcher = fetcher_for(store.root, list(args.feeds), args.delay)
    stop = threading.Event()
    in_round = threading.Event()

    def terminate(*_) -> None:
        stop.set()
        if in_round.is_set():
            raise KeyboardInterrupt  # the round's update is thrown away; the index stays as the last one left it

    previous = {sig: signal.signal(sig, terminate) for sig in (signal.SIGTERM,)}
    rounds = 0
    try:
        while not stop.is_set():
            started = time.monotonic()
            rounds += 1
            run = update_index if store.current_name() else build_index
            try:
                in_round.set()
                try:
                    summary = run(list(args.feeds), store, extractor, workers=1, fetcher=fetcher)
                finally:
                    in_round.clear()
                print_summary(summary, store.root, swapped=True)
            except BuildRejected as error:  # a round that found nothing: the index stays; the next may
                print_summary(error.summary, store.root, swapped=False)
            except RebuildInProgress as busy:
                print(f"error: {busy}", file=sys.stderr)
                return EXIT_BUSY
            print_fetch_summary(fetcher)
            sys.stdout.flush()
            if args.rounds and rounds >= args.rounds:
                break
            stop.wait(max(0.0, args.every - (time.monotonic() - started)))
        return 0 if not stop.is_set() else 130
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
