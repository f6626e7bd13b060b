"""The pages people read: search, check, speakers, articles, statements, and the Atom feeds of searches and
speakers. Server-rendered; the one script (a citation's Copy button) is an extra the pages work without."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from urllib.parse import urlencode

from flask import (
    Blueprint,
    abort,
    current_app,
    has_request_context,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from markupsafe import Markup

from search import Filters, IndexMissing, page_count

from .health import public_message
from .links import absolute, moved_permanently, web_url
from .params import SEARCH_PARAMS, CheckParams, paging_args, parse_search_args, read_params
from .payloads import (
    article_payload,
    article_rows,
    check_payload,
    home_examples,
    page_links,
    search_payload,
    speaker_payload,
    statement_payload,
)
from .service import get_service as _service
from .service import get_site, get_sources, site_url

pages = Blueprint("pages", __name__)

_EXAMPLES_OF: dict[str, list[str]] = {}  # the served build's name -> questions to try, made from its statements
EXAMPLES = (  # when the index has too few people to make them from
    "what did Wang Yi say about supply chains",
    "Cho Hyun on free trade",
    'who said "decoupling"',
    "what has the Chinese foreign minister said",
)


@pages.app_template_global()
def with_args(**changes) -> str:
    """The current page's address with some parameters changed (None removes one)."""
    args = {k: v for k, v in request.args.items() if k != "page"}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return f"{request.path}?{urlencode(args)}" if args else request.path


@pages.app_template_global()
def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager shows: the first, the last, and `around` on each side of this one; None for a gap."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None if number - numbers[-1] > 2 else number - 1)
        numbers.append(number)
    return numbers


def date_presets(last_said: str | None) -> list[tuple[str, str]]:
    """(label, first day) of the archive's last week, month and year, counted back from its latest statement (an
    archive of 2016 news is searched by its own last week, not by today's)."""
    try:
        last = date.fromisoformat(last_said) if last_said else None
    except ValueError:
        return []
    if last is None:
        return []
    return [(label, (last - timedelta(days=days)).isoformat()) for label, days in
            (("week", 6), ("month", 30), ("year", 364))]


@pages.app_template_filter("web_url")
def web_url_filter(value: object) -> str | None:
    """The address if it may be a link (http or https), else None: `{% if article.url|web_url %}`."""
    return web_url(value)


@pages.app_template_filter()
def month_end(month: str) -> str:
    """`2025-02` -> `2025-02-28`: the last day of a month, for a said_to filter."""
    try:
        year, number = (int(part) for part in month.split("-")[:2])
        return date(year, number, calendar.monthrange(year, number)[1]).isoformat()
    except (ValueError, TypeError):
        return f"{month}-28"


_MARK_GAP = re.compile(r'</mark>(\s+)<mark class="hl[^"]*">')


@pages.app_template_filter()
def join_marks(highlight: str) -> Markup:
    """One highlight over `supply chains`, not two: the search engine's HTML with adjacent marks joined."""
    return Markup(_MARK_GAP.sub(r"\1", highlight or ""))


@pages.app_template_filter()
def month_name(month: str) -> str:
    """`2025-07` -> `July 2025`."""
    try:
        year, number = (int(part) for part in month.split("-")[:2])
        return f"{calendar.month_name[number]} {year}"
    except (ValueError, TypeError, IndexError):
        return month


@pages.app_template_filter()
def day_name(day: str) -> str:
    """`2025-07-28` -> `Monday 28 July 2025`."""
    try:
        when = date.fromisoformat(day)
    except (ValueError, TypeError):
        return day
    return f"{calendar.day_name[when.weekday()]} {when.day} {calendar.month_name[when.month]} {when.year}"


@pages.app_template_filter()
def groupby_said(statements: list[dict]) -> list[tuple[str | None, list[dict]]]:
    """Statements (already in date order) in runs of the same day said."""
    groups: list[tuple[str | None, list[dict]]] = []
    for statement in statements:
        if groups and groups[-1][0] == statement.get("said_on"):
            groups[-1][1].append(statement)
        else:
            groups.append((statement.get("said_on"), [statement]))
    return groups


# The JSON twin of each page (datasette style): the API endpoint with the same data, and which of the page's
# query parameters it takes.
TWINS = {
    "pages.home": ("api.health", ()),
    "pages.search": ("api.search", tuple(sorted(SEARCH_PARAMS))),
    "pages.speakers": ("api.speakers", ("q", "page", "per_page")),
    "pages.speaker": ("api.speaker", ()),
    "pages.articles": ("api.articles", ("page", "per_page")),
    "pages.article": ("api.article", ()),
    "pages.statement": ("api.statement", ()),
    "pages.about": ("api.openapi", ()),
    "pages.check": ("api.check_quote", ("quote", "limit")),
}


def json_twin() -> str | None:
    """The address of this page's data as JSON, or None (error pages)."""
    if request.endpoint not in TWINS or request.routing_exception is not None:
        return None
    endpoint, kept = TWINS[request.endpoint]
    args = {k: v for k, v in request.args.items() if k in kept and v.strip()}
    return url_for(endpoint, **(request.view_args or {}), **args)


def feed_link() -> str | None:
    """The Atom feed that follows this page: a search's or a speaker's."""
    if request.routing_exception is not None:
        return None
    if request.endpoint == "pages.search":
        kept = {k: v for k, v in request.args.items() if k in SEARCH_PARAMS and k not in ("page", "per_page", "sort")
                and v.strip()}
        return url_for("pages.search_feed", **kept)
    if request.endpoint == "pages.speaker":
        return url_for("pages.speaker_feed", **(request.view_args or {}))
    return None


@pages.app_context_processor
def twin():
    if not has_request_context():
        return {"json_url": None, "atom_url": None}
    return {"json_url": json_twin(), "atom_url": feed_link()}


@pages.get("/")
def home():
    try:
        stats = _service().stats().to_dict()
    except IndexMissing as missing:
        message = public_message(missing, get_site().store.root)
        return render_template("home.html", stats=None, missing=message, examples=EXAMPLES), 503
    build = stats.get("build")
    if build not in _EXAMPLES_OF:
        _EXAMPLES_OF.clear()  # one build's examples at a time
        _EXAMPLES_OF[build] = home_examples(_service()) or list(EXAMPLES)
    return render_template("home.html", stats=stats, examples=_EXAMPLES_OF[build], missing=None)


@pages.get("/search")
def search():
    args = parse_search_args(request.args, strict=False)
    results = search_payload(_service(), request.path, request.args, sources=get_sources(), **args)
    for hit in results["results"]:  # a card's other reports, listed when it is opened
        if hit.get("group"):
            hit["reports"] = _service().reports(hit["id"]) or []
    kept = {k: v for k, v in request.args.items() if k in SEARCH_PARAMS and k not in ("page", "per_page") and v.strip()}
    exports = {format: url_for(f"api.search_{format}", **kept) for format in ("csv", "jsonl")}
    return render_template("search.html", results=results, q=args["q"], args=request.args, exports=exports,
                           presets=date_presets(_service().stats().last_said))


@pages.get("/speakers")
def speakers():
    paging = paging_args(request.args, allowed=frozenset({"q", "type"}))
    kind = (request.args.get("type") or "named").strip().lower()
    found = _service().speakers(q=request.args.get("q"), type=kind, **paging)
    links = page_links(request.path, request.args, paging["page"], page_count(found.total, paging["per_page"]))
    unnamed = _service().speakers(q=request.args.get("q"), type="description", per_page=1).total
    return render_template("speakers.html", speakers=[row.to_dict() for row in found.rows], total=found.total,
                           links=links, type=kind, unnamed=unnamed,
                           q=request.args.get("q", ""), **paging)


@pages.get("/speakers/<slug>")
def speaker(slug: str):
    payload = speaker_payload(_service(), slug, get_sources())
    if payload is None:
        abort(404, description=f"There is no speaker called {slug!r}.")
    if payload["speaker"]["slug"] != slug:
        return moved_permanently(slug=payload["speaker"]["slug"])
    return render_template("speaker.html", **payload)


@pages.get("/articles")
def articles():
    paging = paging_args(request.args)
    found = _service().articles(**paging)
    links = page_links(request.path, request.args, paging["page"], page_count(found.total, paging["per_page"]))
    return render_template("articles.html", articles=article_rows(found.rows, get_sources()), total=found.total,
                           links=links, **paging)


@pages.get("/articles/<slug>")
def article(slug: str):
    payload = article_payload(_service(), slug, get_sources())
    if payload is None:
        abort(404, description=f"There is no article {slug!r}.")
    return render_template("article.html", **payload)


@pages.get("/statements/<statement_id>")
def statement(statement_id: str):
    link = url_for("pages.statement", statement_id=statement_id)
    permalink = absolute(link, get_site().base_url)
    payload = statement_payload(_service(), statement_id, get_sources(), permalink)
    if payload is None:
        abort(404, description=f"There is no statement {statement_id!r}.")
    return render_template("statement.html", **payload, permalink=permalink or link)


@pages.get("/check")
def check():
    params = read_params(CheckParams, request.args, strict=False)
    result = check_payload(_service(), params.quote, params.limit, get_sources())
    return render_template("check.html", result=result, quote=params.quote)


def _feed(title: str, page_url: str, filters: Filters, q: str = ""):
    from .exports import FEED_ENTRIES, MEDIA_TYPES, atom_feed

    results = _service().search(q=q, filters=filters, per_page=FEED_ENTRIES, sort="newest")
    statements = [hit.statement.to_dict() for hit in results.hits]
    site = site_url()
    body = atom_feed(title, site + request.full_path.rstrip("?"), site + page_url, statements, site)
    return current_app.response_class(body, content_type=MEDIA_TYPES["atom"])


@pages.get("/search.atom")
def search_feed():
    """The newest statements of a search, to follow in a feed reader."""
    args = parse_search_args(request.args, strict=False)
    page = url_for("pages.search", **{k: v for k, v in request.args.items() if v})
    return _feed(f"saidwhat: {args['q'] or 'statements'}", page, args["filters"], args["q"])


@pages.get("/speakers/<slug>.atom")
def speaker_feed(slug: str):
    """A speaker's newest statements, to follow in a feed reader."""
    speaker = _service().speaker(slug)
    if speaker is None:
        abort(404, description=f"There is no speaker called {slug!r}.")
    if speaker.slug != slug:
        return moved_permanently(slug=speaker.slug)
    return _feed(f"saidwhat: {speaker.name}", url_for("pages.speaker", slug=speaker.slug),
                 Filters(speaker=speaker.slug))


@pages.get("/favicon.ico")
def favicon():
    """Browsers ask for it whatever the page says (JSON pages say nothing)."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml", max_age=86400)


@pages.get("/about")
def about():
    return render_template("about.html")
