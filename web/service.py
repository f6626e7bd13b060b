"""The search service of the running app: made once per app, found by the blueprints through `current_app`.

Blueprints import this module, never the app factory. The service lives for the app, not for a request
(`g`): it keeps the open index and its arrays between requests, and reopens when a rebuild swaps one in. Beside
it the app keeps what responses need of the site: the store (to check the served build), the names articles'
sources are shown by, and the base URL absolute links are made from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from flask import Flask, current_app

from search import IndexStore, StatementSearch, open_search

from .sources import BuildSources, SourceNames

EXTENSION = "saidwhat"
SITE = "saidwhat.site"


@dataclass(frozen=True)
class Site:
    """What the app serves besides the search: the index store, source names and the public base URL."""

    store: IndexStore
    sources: BuildSources
    base_url: str | None = None


def open_service(index_dir: str | os.PathLike | None) -> StatementSearch:
    """The search service over the index in `index_dir` (None: the store's default). Every caller makes
    its service here."""
    return open_search(index_dir)


def open_site(index_dir: str | os.PathLike | None, base_url: str | None = None) -> Site:
    store = IndexStore(index_dir)
    return Site(store, BuildSources(store), base_url)


def init_app(app: Flask, index_dir: str | os.PathLike | None, base_url: str | None = None) -> None:
    """Give `app` its service and site."""
    app.extensions[EXTENSION] = open_service(index_dir)
    app.extensions[SITE] = open_site(index_dir, base_url)


def service_of(app: Flask) -> StatementSearch:
    return app.extensions[EXTENSION]


def site_of(app: Flask) -> Site:
    return app.extensions[SITE]


def get_service() -> StatementSearch:
    """The service of the app handling the current request."""
    return service_of(current_app)


def get_site() -> Site:
    return site_of(current_app)


def get_sources() -> SourceNames:
    """The source names of the build being served."""
    return get_site().sources.current()


def site_url() -> str:
    """This site's address, without a trailing slash: the configured base URL, else the request's."""
    from flask import request

    return (get_site().base_url or request.url_root).rstrip("/")
