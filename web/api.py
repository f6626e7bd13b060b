"""The JSON API, /api/v1/...: the same data as the pages, for programs."""

from __future__ import annotations

from itertools import chain

from flask import Blueprint, Response, abort, jsonify, request, url_for

from search import page_count

from .exports import MEDIA_TYPES, export_row, lines
from .health import check
from .links import absolute, moved_permanently
from .openapi import openapi_document
from .params import (
    CheckParams,
    NoParams,
    SpeakerListParams,
    SpeakerSearchParams,
    paging_args,
    parse_search_args,
    read_params,
)
from .payloads import (
    article_payload,
    article_rows,
    check_payload,
    page_links,
    reports_payload,
    search_payload,
    speaker_payload,
    statement_payload,
)
from .service import get_service as _service
from .service import get_site, get_sources, site_url

api = Blueprint("api", __name__)


@api.get("/health")
def health():
    """Whether the served build is whole and answers a trial search, and its figures; 503 with the reason if not."""
    problem = check(_service(), get_site().store)
    if problem is not None:
        return jsonify({"status": "unavailable", "error": {"code": problem.code, "message": problem.message}}), 503
    return jsonify({"status": "ok", "index": _service().stats().to_dict()})


@api.get("/search")
def search():
    args = parse_search_args(request.args)
    return jsonify(search_payload(_service(), site_url() + request.path, request.args, sources=get_sources(),
                                  **args))


@api.get("/search.csv")
def search_csv():
    return search_export("csv")


@api.get("/search.jsonl")
def search_jsonl():
    return search_export("jsonl")


def search_export(format: str):
    """The whole result set of a search (all pages, in the search's order) as CSV or JSON Lines, streamed: each
    row the statement, its speaker and article, the article's address and a citation line."""
    args = parse_search_args(request.args)
    statements = _service().every_match(args["q"], args["filters"], args["sort"], args["group"])
    first = next(statements, None)  # a parameter that cannot be used is a 400 here, before any row is sent
    site, sources = site_url(), get_sources()
    rows = (export_row(s.to_dict(), site, sources) for s in chain([first] if first else [], statements))
    # (the rows need no request context: the site's address and the source names are read above)
    response = Response(lines(rows, format), mimetype=MEDIA_TYPES[format].split(";")[0])
    response.headers["Content-Type"] = MEDIA_TYPES[format]
    response.headers["Content-Disposition"] = f'attachment; filename="saidwhat-search.{format}"'
    return response


def _listing(name: str, rows: list[dict], total: int, paging: dict):
    """A page of a listing with its total, page count and links."""
    pages = page_count(total, paging["per_page"])
    return jsonify({name: rows, "total": total, **paging, "pages": pages,
                    "links": page_links(site_url() + request.path, request.args, paging["page"], pages)})


def _record(payload: dict | None, what: str):
    """One record as JSON; 404 when there is none."""
    if payload is None:
        abort(404, description=f"No {what}.")
    return jsonify(payload)


@api.get("/check")
def check_quote():
    """The statements closest to a claimed quote, with a verdict and what the claim changed."""
    params = read_params(CheckParams, request.args)  # no quote: nothing checked, nothing found
    return jsonify(check_payload(_service(), params.quote, params.limit, get_sources()))


@api.get("/speakers")
def speakers():
    params = read_params(SpeakerListParams, request.args)
    paging = params.paging()
    rows, total = _service().speakers(q=params.q, type=params.type, **paging)
    return _listing("speakers", [row.to_dict() for row in rows], total, paging)


@api.get("/speakers/<slug>")
def speaker(slug: str):
    read_params(NoParams, request.args)
    payload = speaker_payload(_service(), slug, get_sources())
    if payload is not None and payload["speaker"]["slug"] != slug:
        return moved_permanently(slug=payload["speaker"]["slug"])
    return _record(payload, f"speaker {slug!r}")


@api.get("/speakers/<slug>/statements")
def speaker_statements(slug: str):
    args = parse_search_args(request.args, model=SpeakerSearchParams)
    found = _service().speaker(slug)
    if found is None:
        abort(404, description=f"No speaker {slug!r}.")
    if found.slug != slug:
        return moved_permanently(slug=found.slug)
    args["filters"].speaker = found.slug
    return jsonify(search_payload(_service(), site_url() + request.path, request.args, sources=get_sources(),
                                  **args))


@api.get("/statements/<statement_id>")
def statement(statement_id: str):
    read_params(NoParams, request.args)
    permalink = absolute(url_for("pages.statement", statement_id=statement_id), get_site().base_url)
    return _record(statement_payload(_service(), statement_id, get_sources(), permalink), f"statement {statement_id!r}")


@api.get("/statements/<statement_id>/reports")
def statement_reports(statement_id: str):
    """Every article that reported the statement, earliest first."""
    read_params(NoParams, request.args)
    return _record(reports_payload(_service(), statement_id, site_url()), f"statement {statement_id!r}")


@api.get("/articles")
def articles():
    paging = paging_args(request.args)
    found = _service().articles(**paging)
    return _listing("articles", article_rows(found.rows, get_sources()), found.total, paging)


@api.get("/articles/<slug>")
def article(slug: str):
    read_params(NoParams, request.args)
    payload = article_payload(_service(), slug, get_sources())
    return _record(payload and {k: v for k, v in payload.items() if k != "segments"}, f"article {slug!r}")


@api.get("/openapi.json")
def openapi():
    """This API described as OpenAPI 3.1."""
    read_params(NoParams, request.args)
    return jsonify(openapi_document())
