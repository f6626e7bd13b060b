"""The `saidwhat` command line: index, search, check, extract, serve, speakers, watch.

The composition root: the one place that reads the settings and wires indexer, search and web together.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from search.limits import ARTICLE_SECONDS, KINDS, SORTS
from search.workers import default_workers

from .failures import describe, describe_listen
from .settings import BadSetting, Settings
from .speaker_commands import add_speakers_command
from .web_inputs import add_fetch_arguments, add_watch_command, fetcher_for, print_fetch_summary, read_url_file

if TYPE_CHECKING:
    from search.build import BuildSummary
    from search.update import UpdateSummary

# Only light modules are imported above; each command imports what it uses. A spawned extraction worker imports
# this module (the program's main module) before it can tie itself to its parent, so spaCy must not come with it.

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_corpus() -> list[str]:
    """`seeds/` here if there is one, else the project's demo corpus."""
    return ["seeds"] if Path("seeds").is_dir() else [str(PROJECT_ROOT / "seeds")]


def _progress(stream):
    from tqdm import tqdm

    return tqdm(stream, unit=" articles", desc="Indexing", file=sys.stderr, disable=None)


MAX_LISTED_PER_REASON = 20
# Exit statuses of the commands (`saidwhat index` uses them all).
EXIT_OK, EXIT_REJECTED, EXIT_ERROR, EXIT_BUSY = 0, 1, 2, 3


def print_summary(summary: BuildSummary | UpdateSummary, root: Path, swapped: bool) -> None:
    """What a rebuild or an update did: counts, then the skipped inputs grouped by reason."""
    from search.update import UpdateSummary

    update = isinstance(summary, UpdateSummary)
    where = f" {'in' if update else 'into'} {root}" if swapped else ""
    if update:
        print(f"{'Updated' if swapped else 'Did not update'}{where}: {summary.added} articles added, "
              f"{summary.replaced} replaced, {summary.unchanged} unchanged; {summary.statements_added} statements "
              f"written, {summary.statements_removed} removed; {summary.speakers} speakers; in "
              f"{summary.seconds:.1f}s; skipped {len(summary.skipped)}")
    else:
        print(f"{'Indexed' if swapped else 'Read'} {summary.articles} articles, {summary.statements} statements, "
              f"{summary.speakers} speakers in {summary.seconds:.1f}s{where}; skipped {len(summary.skipped)}")
    if summary.retried:
        print(f"Retried {summary.retried} articles whose cluster worker stopped while it held them")
    for change in getattr(summary, "speaker_changes", ()):
        print(f"Speaker moved: {change}")
    if not summary.skipped:
        return
    print(f"Skipped {len(summary.skipped)}: " + ", ".join(f"{count} {reason}" for reason, count in
                                                         summary.skip_reasons()))
    for reason, count in summary.skip_reasons():
        print(f"  {reason} ({count}):")
        same = [s for s in summary.skipped if s.group == reason]
        for skipped in same[:MAX_LISTED_PER_REASON]:
            detail = skipped.reason[len(reason):].strip(" :()")
            print(f"    {skipped.path}" + (f" ({detail})" if detail else ""))
        if len(same) > MAX_LISTED_PER_REASON:
            print(f"    ... and {len(same) - MAX_LISTED_PER_REASON} more (--json lists them all)")


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of processes, 1 or more (not {text!r})")
    return value


def _cluster(text: str) -> str:
    from search.cluster import check_address, cluster_available

    try:
        address = check_address(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if not cluster_available():
        raise argparse.ArgumentTypeError("Dask is not installed: pip install -e .[cluster]")
    return address


def check_writable(folder: Path) -> None:
    """Raise the OSError of writing in `folder` (made if need be), if any: a read-only folder or a full disk is
    then said before seconds are spent on loading the model."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=folder, prefix=".probe-"):
        pass


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from indexer import Extractor
    from search import IndexStore, RebuildInProgress, build_index
    from search.build import BuildRejected
    from search.cluster import ClusterLost
    from search.extraction import extractor_factory
    from search.update import update_index

    store = IndexStore(settings.index_dir)
    paths = [*args.paths, *(read_url_file(args.urls) if args.urls else [])] or default_corpus()
    busy_message = f"Another rebuild of {store.root} is running; try again when it has finished."
    if store.rebuild_running():  # say so before spending seconds on loading the model
        print(f"error: {busy_message}", file=sys.stderr)
        return EXIT_BUSY
    check_writable(store.root)
    # An update usually touches a few articles: not worth starting worker processes unless asked.
    workers = args.workers or (1 if args.update else default_workers())
    # With workers (or a cluster), each worker loads the pipeline; this process reads files and writes the index.
    alone = workers == 1 and not args.cluster
    extractor = Extractor(model=settings.spacy_model) if alone else None
    factory = None if alone else extractor_factory(settings.spacy_model)
    run = update_index if args.update else build_index
    fetcher = fetcher_for(store.root, paths, args.delay)
    try:
        summary = run(paths, store, extractor, progress=_progress, strict=args.strict,
                      article_seconds=args.time_limit or None, workers=workers, factory=factory, fetcher=fetcher,
                      cluster=args.cluster)
        rejected = None
    except RebuildInProgress as busy:
        print(f"error: {busy}", file=sys.stderr)
        return EXIT_BUSY
    except ClusterLost as lost:
        print(f"error: {lost}; the index was left as it was", file=sys.stderr)
        return EXIT_ERROR
    except BuildRejected as error:
        summary, rejected = error.summary, error
    if args.json:
        print(json.dumps({**summary.to_dict(), "swapped_in": rejected is None}, indent=2))
    else:
        print_summary(summary, store.root, swapped=rejected is None)
        print_fetch_summary(fetcher)
    if rejected is not None:
        print(f"error: {rejected}", file=sys.stderr)
        return EXIT_REJECTED
    return EXIT_OK


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from .params import parse_search_args
    from .payloads import search_payload
    from .service import open_service, open_site

    service = open_service(settings.index_dir)
    sources = open_site(settings.index_dir).sources.current()
    # The same parameters the API would get, leaving out defaults so that the links match too.
    params = {"q": args.query, "speaker": args.speaker, "kind": args.kind, "outlet": args.outlet,
              "said_from": args.said_from, "said_to": args.said_to,
              "published_from": args.published_from, "published_to": args.published_to, "article": args.article,
              "page": str(args.page) if args.page != 1 else None,
              "per_page": str(args.limit) if args.limit != 10 else None,
              "sort": args.sort if args.sort != "relevance" else None,
              "group": "false" if args.every_report else None}
    params = {k: v for k, v in params.items() if v not in (None, "")}
    search_args = parse_search_args(params)
    if args.format:
        from .exports import export_row, lines

        statements = service.every_match(search_args["q"], search_args["filters"], search_args["sort"],
                                         search_args["group"])
        site = (settings.base_url or "").rstrip("/")
        for line in lines((export_row(s.to_dict(), site, sources) for s in statements), args.format):
            sys.stdout.write(line)
        return 0
    site = (settings.base_url or "").rstrip("/")  # the API's links are absolute: so are these, given the address
    payload = search_payload(service, f"{site}/api/v1/search", params, sources=sources, **search_args)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    print(f"{payload['total']} statements" + (f" (page {payload['page']} of {payload['pages']})"
                                              if payload["pages"] > 1 else ""))
    for number, hit in enumerate(payload["results"], (payload["page"] - 1) * payload["per_page"] + 1):
        article = hit["article"]
        print(f"\n{number}. {hit['speaker']['name']} [{hit['kind']}] {article['outlet'] or ''} {hit['said_on'] or ''}")
        print(f"   {hit['text']}")
        if group := hit.get("group"):
            earliest = group["earliest"]["article"]
            print(f"   also reported by {group['reports'] - 1} other article(s); earliest: "
                  f"{earliest['outlet'] or 'unknown outlet'}, {earliest['published'] or 'date unknown'}")
        print(f"   /statements/{hit['id']}")
    if payload["suggestion"]:
        print(f"Did you mean: {payload['suggestion']}")
    if payload["hint"]:
        print(payload["hint"])
    return 0


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from .payloads import check_payload
    from .service import open_service, open_site

    if not args.quote.strip():
        print("error: give the quote to check", file=sys.stderr)
        return EXIT_ERROR
    service = open_service(settings.index_dir)
    sources = open_site(settings.index_dir).sources.current()
    payload = check_payload(service, args.quote, args.limit, sources)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    print(payload["verdict"])
    for number, match in enumerate(payload["matches"], 1):
        if number == 1 and not payload["close"]:
            print("The closest anyway:")
        statement, article = match["statement"], match["statement"]["article"]
        print(f"\n{number}. {round(match['score'] * 100)}% the same: {statement['speaker']['name']} "
              f"[{statement['kind']}] {article['outlet'] or ''} {statement['said_on'] or ''}")
        print(f"   {statement['text']}")
        print("   " + " ".join(_marked(change) for change in match["changes"]))
        print(f"   /statements/{statement['id']}")
    return 0


def _marked(change: dict) -> str:
    """A step of the comparison as text: [-dropped-], {+added+}, [-real-]{+claimed+}."""
    if change["op"] == "same":
        return change["real"]
    if change["op"] == "dropped":
        return f"[-{change['real']}-]"
    if change["op"] == "added":
        return f"{{+{change['claim']}+}}"
    return f"[-{change['real']}-]{{+{change['claim']}+}}"


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from indexer import Extractor, Skipped, load_paths
    from search.extraction import extract_articles

    extractor = Extractor(model=settings.spacy_model)
    skipped = 0

    def report(item: Skipped) -> None:
        nonlocal skipped
        skipped += 1
        print(f"skipped {item.path}: {item.reason}", file=sys.stderr)

    def articles():
        for item in load_paths(args.paths):
            if isinstance(item, Skipped):
                report(item)
            else:
                yield item

    for article, statements in extract_articles(extractor, articles(), report, args.time_limit or None):
        if not args.json:
            print(f"# {article.title} ({article.outlet or 'unknown outlet'}, {article.published or 'undated'})")
        for statement in statements:
            if args.json:
                print(json.dumps(statement.to_dict(), ensure_ascii=False))
            else:
                print(f"- {statement.speaker.name} [{statement.kind}, {statement.cue}, {statement.said_on}]: "
                      f"{statement.text}")
    return 1 if skipped and args.strict else 0


# The waitress limits of `saidwhat serve` (README, "Serving"). Waitress reads requests in its main loop and hands
# only whole ones to the threads, so a slow client costs a socket, not a thread: many connections are allowed, and
# idle ones are closed soon. Waitress has no deadline for a whole request, so a client that trickles a header line
# more often than `channel_timeout` keeps its socket; a reverse proxy in front is the place for that deadline.
SERVER_LIMITS = {
    "connection_limit": 1000,  # open connections before new ones wait (waitress: 100, which 100 idle sockets fill)
    "channel_timeout": 30,  # seconds a connection may send and receive nothing before it is closed (waitress: 120)
    "cleanup_interval": 5,  # how often those idle connections are looked for, in seconds (waitress: 30)
    "max_request_header_size": 64 * 1024,  # bytes of request line and headers (waitress: 256 KiB); then 431
    "max_request_body_size": 1024 * 1024,  # bytes of body (waitress: 1 GiB); the API takes none; then 413
    "asyncore_use_poll": True,  # poll(), not select(), whose 1,024 file descriptors 1,000 connections would pass
}


def make_server(app, host: str, port: int, threads: int):
    """The waitress server `saidwhat serve` runs, with SERVER_LIMITS."""
    from waitress.server import create_server

    return create_server(app, host=host, port=port, threads=threads, ident="saidwhat", **SERVER_LIMITS)


def serve_in_processes(settings: Settings, processes: int, threads: int) -> int:
    """`saidwhat serve --processes N` (web/serving.py); an address that cannot be listened on is said first."""
    import socket

    from search import IndexStore

    from .serving import PreforkServer

    try:
        with socket.create_server((settings.host, settings.port)):  # gunicorn would only log it and exit
            pass
    except OSError as error:
        print(f"error: {describe_listen(error, settings.host, settings.port)}", file=sys.stderr)
        return EXIT_ERROR
    print(f"saidwhat is serving {IndexStore(settings.index_dir).root} at http://{settings.host}:{settings.port}/ "
          f"with {processes} processes of {threads} threads", flush=True)
    PreforkServer(settings, processes, threads).run()
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from search import IndexMissing, IndexStore

    from .app import create_app
    from .service import service_of

    store = IndexStore(settings.index_dir)
    if args.processes > 1:
        return serve_in_processes(settings, args.processes, args.threads)
    app = create_app(settings)
    try:
        server = make_server(app, settings.host, settings.port, args.threads)
    except OSError as error:
        print(f"error: {describe_listen(error, settings.host, settings.port)}", file=sys.stderr)
        return EXIT_ERROR
    try:
        service_of(app).open()  # the arrays searches use are made while the server starts
    except IndexMissing as missing:
        print(f"warning: {missing}", file=sys.stderr)
    print(f"saidwhat is serving {store.root} at http://{settings.host}:{settings.port}/", flush=True)
    try:
        server.run()
    finally:
        server.close()
    return 0


def build_parser(settings: Settings) -> argparse.ArgumentParser:
    """The parser, its defaults the settings given (from the environment)."""
    parser = argparse.ArgumentParser(prog="saidwhat", description="Quote and attribution search for news.")
    settings.add_argument(parser, "index_dir")
    common = argparse.ArgumentParser(add_help=False)
    settings.add_argument(common, "index_dir", default=argparse.SUPPRESS, help="index directory")
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser(
        "index", parents=[common], help="rebuild the index from article files or folders",
        description="Rebuild the index from article files or folders, atomically: the old index serves until "
                    "the new one is complete. Inputs that cannot be read or extracted are skipped and listed "
                    "in the summary, grouped by reason.",
        epilog="exit status: 0 indexed (maybe with skips); 1 nothing could be indexed, or --strict and something "
               "was skipped (the old index is kept); 2 bad setup (no spaCy model, an index folder that cannot be "
               "written, a full disk); 3 another rebuild of "
               "the same index is running; 130 interrupted.")
    index.add_argument("paths", nargs="*", help="files, folders, web archives (.warc, .warc.gz) or web addresses of "
                                                "pages, feeds and sitemaps (default: seeds/)")
    index.add_argument("--urls", metavar="FILE", help="a file of web addresses to index too, one a line")
    add_fetch_arguments(index)
    index.add_argument("--update", action="store_true",
                       help="add the articles that are not indexed and replace those whose text changed (known by "
                            "their id or file), keeping the rest: no full rebuild; as atomic as one")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.add_argument("--strict", action="store_true",
                       help="make any skipped input an error: exit 1 and keep the old index")
    index.add_argument("--time-limit", type=float, default=ARTICLE_SECONDS, metavar="SECONDS",
                       help=f"skip an article that takes longer than this to load or to extract (default "
                            f"{ARTICLE_SECONDS:g}; 0 for none)")
    settings.add_argument(index, "spacy_model")
    index.add_argument("--workers", type=_workers, default=0, metavar="N",
                       help=f"processes that extract statements (default: every core, {default_workers()} here; "
                            "1 with --update)")
    index.add_argument("--cluster", type=_cluster, metavar="ADDRESS",
                       help="extract on a Dask cluster: its scheduler's address (tcp://host:8786), or local:N for N "
                            "local worker processes (needs the extra: pip install -e .[cluster])")
    index.set_defaults(run=cmd_index)

    search = commands.add_parser("search", parents=[common], help="search the statements")
    search.add_argument("query", nargs="?", default="")
    search.add_argument("--speaker")
    search.add_argument("--kind", choices=KINDS)
    search.add_argument("--outlet")
    search.add_argument("--said-from", help="YYYY-MM-DD")
    search.add_argument("--said-to", help="YYYY-MM-DD")
    search.add_argument("--published-from", help="YYYY-MM-DD")
    search.add_argument("--published-to", help="YYYY-MM-DD")
    search.add_argument("--article", help="article slug")
    search.add_argument("--sort", choices=SORTS, default="relevance")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--page", type=int, default=1)
    search.add_argument("--every-report", action="store_true",
                        help="list each article's report of a statement, not one result per statement")
    search.add_argument("--json", action="store_true", help="print what /api/v1/search returns")
    search.add_argument("--format", choices=("csv", "jsonl"),
                        help="print every matching statement (all pages) as CSV or JSON Lines, as "
                             "/api/v1/search.csv and .jsonl give them")
    search.set_defaults(run=cmd_search)

    check = commands.add_parser("check", parents=[common], help="check a quote against the statements",
                                description="Find the statements closest to a quote as someone remembers or "
                                            "reposts it, with what the claim added, dropped or changed "
                                            "([-real-]{+claimed+}) and whether the speaker it names said it.")
    check.add_argument("quote", help='the quote, with its speaker if the claim names one ("Trump said ...")')
    check.add_argument("--limit", type=int, default=5, choices=range(1, 21), metavar="N",
                       help="how many of the closest statements (1 to 20, default 5)")
    check.add_argument("--json", action="store_true", help="print what /api/v1/check returns")
    check.set_defaults(run=cmd_check)

    extract = commands.add_parser("extract", parents=[common], help="print the statements of articles without indexing")
    extract.add_argument("paths", nargs="+")
    extract.add_argument("--json", action="store_true", help="one JSON object per statement per line")
    extract.add_argument("--strict", action="store_true", help="fail if any input is skipped")
    extract.add_argument("--time-limit", type=float, default=ARTICLE_SECONDS, metavar="SECONDS",
                         help="skip an article that takes longer than this to extract (0 for none)")
    settings.add_argument(extract, "spacy_model")
    extract.set_defaults(run=cmd_extract)

    serve = commands.add_parser("serve", parents=[common], help="serve the site and the API",
                                epilog="exit status: 2 bad setup (the port is in use, no such address).")
    settings.add_argument(serve, "host")
    settings.add_argument(serve, "port")
    settings.add_argument(serve, "base_url")
    serve.add_argument("--threads", type=int, default=8, help="threads of each serving process (default 8)")
    serve.add_argument("--processes", type=_workers, default=default_workers(), metavar="N",
                       help=f"serving processes sharing the address (default: every core, {default_workers()} "
                            "here); 1 serves from this process alone")
    serve.set_defaults(run=cmd_serve)

    add_speakers_command(commands, common)
    add_watch_command(commands, common, settings)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        settings = Settings.from_env()
    except BadSetting as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    args = build_parser(settings).parse_args(argv)
    from indexer.nlp import ModelNotInstalled
    from search import IndexMissing, InvalidParameter
    from search.corrections import BadCorrections

    try:
        return args.run(args, settings.with_args(args))
    except (IndexMissing, InvalidParameter, ModelNotInstalled, BadCorrections) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `saidwhat search ... | head`: the reader had enough
        with contextlib.suppress(AttributeError, OSError, ValueError):  # so that the last flush cannot fail again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:  # a folder that cannot be written, a full disk: the user can act on it
        print(f"error: {describe(error)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
