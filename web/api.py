"""The JSON API, /api/v1/...: the same data as the pages, for programs."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from search import IndexMissing, page_count

from .openapi import openapi_document
from .params import NoParams, SpeakerListParams, SpeakerSearchParams, paging_args, parse_search_args, read_params
from .payloads import article_payload, page_links, search_payload, speaker_payload, statement_payload
from .service import get_service as _service

api = Blueprint("api", __name__)


@api.get("/health")
def health():
    """Whether the index is there, and its figures."""
    try:
        return jsonify({"status": "ok", "index": _service().stats().to_dict()})
    except IndexMissing as missing:
        return jsonify({"status": "unavailable", "error": {"code": "index_missing", "message": str(missing)}}), 503


@api.get("/search")
def search():
    args = parse_search_args(request.args)
    return jsonify(search_payload(_service(), request.path, request.args, **args))


def _listing(name: str, rows: list[dict], total: int, paging: dict):
    """A page of a listing with its total, page count and links."""
    pages = page_count(total, paging["per_page"])
    return jsonify({name: rows, "total": total, **paging, "pages": pages,
                    "links": page_links(request.path, request.args, paging["page"], pages)})


def _record(payload: dict | None, what: str):
    """One record as JSON; 404 when there is none."""
    if payload is None:
        abort(404, description=f"No {what}.")
    return jsonify(payload)


@api.get("/speakers")
def speakers():
    params = read_params(SpeakerListParams, request.args)
    paging = params.paging()
    rows, total = _service().speakers(q=params.q, **paging)
    return _listing("speakers", [row.to_dict() for row in rows], total, paging)


@api.get("/speakers/<slug>")
def speaker(slug: str):
    read_params(NoParams, request.args)
    return _record(speaker_payload(_service(), slug), f"speaker {slug!r}")


@api.get("/speakers/<slug>/statements")
def speaker_statements(slug: str):
    args = parse_search_args(request.args, model=SpeakerSearchParams)
    found = _service().speaker(slug)
    if found is None:
        abort(404, description=f"No speaker {slug!r}.")
    args["filters"].speaker = found.slug
    return jsonify(search_payload(_service(), request.path, request.args, **args))


@api.get("/statements/<statement_id>")
def statement(statement_id: str):
    read_params(NoParams, request.args)
    return _record(statement_payload(_service(), statement_id), f"statement {statement_id!r}")


@api.get("/articles")
def articles():
    paging = paging_args(request.args)
    found = _service().articles(**paging)
    return _listing("articles", [row.to_dict() for row in found.rows], found.total, paging)


@api.get("/articles/<slug>")
def article(slug: str):
    read_params(NoParams, request.args)
    payload = article_payload(_service(), slug)
    return _record(payload and {k: v for k, v in payload.items() if k != "segments"}, f"article {slug!r}")


@api.get("/openapi.json")
def openapi():
    """This API described as OpenAPI 3.1."""
    read_params(NoParams, request.args)
    return jsonify(openapi_document())
