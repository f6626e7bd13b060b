"""Addresses the site writes into pages and payloads: only web addresses as links, absolute ones only from the
configured base URL (never from the request's Host header)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# A browser drops tabs and line breaks anywhere in an address and spaces or control characters around it, so
# `java\tscript:` is `javascript:`: an address with any of them is not taken.
_UNSAFE = re.compile(r"[\x00-\x20\x7f]")


def web_url(value: object) -> str | None:
    """`value` if it is an http or https address with a host, else None (`javascript:`, `data:`, `//host`...)."""
    if not isinstance(value, str) or not value or _UNSAFE.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def absolute(path: str, base_url: str | None) -> str | None:
    """The address of site path `path` (`/statements/x`) under `base_url`, or None without one."""
    if not base_url:
        return None
    return base_url.rstrip("/") + path


def moved_permanently(**values: str):
    """A 301 to this request's endpoint with other URL values (a speaker's new slug), its query kept: old links to
    a speaker that was merged or renamed lead to the speaker."""
    from flask import redirect, request, url_for

    return redirect(url_for(request.endpoint, **{**request.view_args, **values}, **request.args), code=301)
