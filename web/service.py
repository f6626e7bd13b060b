"""The search service of the running app: made once per app, found by the blueprints through `current_app`.

Blueprints import this module, never the app factory. The service lives for the app, not for a request
(`g`): it keeps the open index and its arrays between requests, and reopens when a rebuild swaps one in.
"""

from __future__ import annotations

import os

from flask import Flask, current_app

from search import StatementSearch, open_search

EXTENSION = "saidwhat"


def open_service(index_dir: str | os.PathLike | None) -> StatementSearch:
    """The search service over the index in `index_dir` (None: the store's default). Every caller makes
    its service here."""
    return open_search(index_dir)


def init_app(app: Flask, index_dir: str | os.PathLike | None) -> None:
    """Give `app` its service."""
    app.extensions[EXTENSION] = open_service(index_dir)


def service_of(app: Flask) -> StatementSearch:
    return app.extensions[EXTENSION]


def get_service() -> StatementSearch:
    """The service of the app handling the current request."""
    return service_of(current_app)
