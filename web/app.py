"""The Flask app factory: pages for people, a JSON API for programs, one search service behind both."""

from __future__ import annotations

import gzip
import os

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from search import IndexMissing, InvalidParameter

from . import service
from .api import api
from .health import damage, public_message
from .pages import pages
from .settings import Settings

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


CACHE_SECONDS = 60  # how long a client may reuse a page or an answer without asking (a rebuild shows within it)
GZIP_FROM_BYTES = 1024
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/atom+xml", "application/x-ndjson")


def cached_and_compressed(response):
    """A whole GET answer with a (weak) ETag, a 304 when the client has it already, Cache-Control, and gzip when the
    client takes it. Streamed answers (exports) and errors are left as they are."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.is_streamed \
            or response.direct_passthrough:
        return response
    response.headers.setdefault("Cache-Control", f"public, max-age={CACHE_SECONDS}")
    response.add_etag(weak=True)  # one tag for the plain and the gzipped body
    response.make_conditional(request)
    if response.status_code == 304:
        return response
    response.vary.add("Accept-Encoding")
    if "gzip" in request.accept_encodings and len(response.get_data()) >= GZIP_FROM_BYTES and \
            response.mimetype.startswith(COMPRESSIBLE) and "Content-Encoding" not in response.headers:
        response.set_data(gzip.compress(response.get_data(), compresslevel=5))
        response.headers["Content-Encoding"] = "gzip"
    return response


def create_app(settings: Settings | str | os.PathLike | None = None, config: dict | None = None) -> Flask:
    """Build the app with `settings` (default: read from the environment); a path is the index directory."""
    if settings is None:
        settings = Settings.from_env()
    elif not isinstance(settings, Settings):
        settings = Settings(index_dir=os.fspath(settings))
    app = Flask(__name__)
    app.url_map.merge_slashes = False  # `/api/v1/speakers//statements` is a JSON 404, not a redirect
    app.config.update(JSON_SORT_KEYS=False)
    app.config.update(config or {})
    app.json.sort_keys = False
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    service.init_app(app, settings.index_dir, settings.base_url)
    app.register_blueprint(pages)
    app.register_blueprint(api, url_prefix="/api/v1")

    @app.after_request
    def add_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.path.startswith("/api/"):
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
        return cached_and_compressed(response)

    def wants_json() -> bool:
        return request.path.startswith("/api/")

    def error(status: int, code: str, message: str):
        if wants_json():
            return jsonify({"error": {"code": code, "message": message}}), status
        return render_template("error.html", status=status, message=message, json_url=None), status

    @app.errorhandler(InvalidParameter)
    def invalid_parameter(exc: InvalidParameter):
        return error(400, "bad_parameter", str(exc))

    @app.errorhandler(IndexMissing)
    def index_missing(exc: IndexMissing):
        return error(503, "index_missing", public_message(exc, service.site_of(app).store.root))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = (exc.name or "error").lower().replace(" ", "_")
        return error(exc.code or 500, code, exc.description or exc.name)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("Unhandled error on %s", request.path)
        store = service.site_of(app).store
        damaged = damage(store)  # a file of the served build truncated or removed since it was opened
        if damaged is not None:
            return error(503, "index_missing", public_message(damaged, store.root))
        return error(500, "internal_error", "Something went wrong on our side; the error has been logged.")

    return app
