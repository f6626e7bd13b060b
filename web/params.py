"""Reading search parameters from a request (or the command line) into typed values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from search import Filters, InvalidParameter

FILTER_PARAMS = ("speaker", "kind", "outlet", "said_from", "said_to", "published_from", "published_to", "article")
SEARCH_PARAMS = frozenset(("q", "page", "per_page", "sort", *FILTER_PARAMS))
MAX_PARAM_CHARS = 1000


def text_param(args: Mapping[str, str], name: str) -> str | None:
    """A text parameter, printable characters only, at most MAX_PARAM_CHARS (except `q`); None when empty."""
    value = args.get(name)
    if value is None:
        return None
    if len(value) > MAX_PARAM_CHARS and name != "q":
        raise InvalidParameter(name, f"must be at most {MAX_PARAM_CHARS} characters")
    value = "".join(ch for ch in value if ch.isprintable()).strip()
    return value or None


def _int(args: Mapping[str, str], name: str, default: int) -> int:
    value = text_param(args, name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise InvalidParameter(name, f"must be a whole number, not {value[:40]!r}") from None


def _date(args: Mapping[str, str], name: str) -> date | None:
    value = text_param(args, name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidParameter(name, f"must be a date as YYYY-MM-DD, not {value[:40]!r}") from None


def reject_unknown(args: Mapping[str, str], known: frozenset[str] | set[str]) -> None:
    """An error naming the first parameter that is not one of `known`."""
    unknown = sorted(set(args) - set(known))
    if unknown:
        allowed = f"known ones are {', '.join(sorted(known))}" if known else "this address takes none"
        raise InvalidParameter(unknown[0], f"unknown parameter; {allowed}")


def parse_search_args(args: Mapping[str, str], strict: bool = True, per_page: int = 10,
                      known: frozenset[str] = SEARCH_PARAMS) -> dict:
    """Keyword arguments for `SearchService.search` from query parameters.

    With `strict`, a parameter not in `known` is an error (the API); pages ignore them.
    """
    if strict:
        reject_unknown(args, known)
    filters = Filters(
        speaker=text_param(args, "speaker"),
        kind=(text_param(args, "kind") or "").lower() or None,
        outlet=text_param(args, "outlet"),
        said_from=_date(args, "said_from"),
        said_to=_date(args, "said_to"),
        published_from=_date(args, "published_from"),
        published_to=_date(args, "published_to"),
        article=text_param(args, "article"),
    )
    return {
        "q": (args.get("q") or "")[:10_000],
        "filters": filters,
        "page": _int(args, "page", 1),
        "per_page": _int(args, "per_page", per_page),
        "sort": (text_param(args, "sort") or "relevance").lower(),
    }


def paging_args(args: Mapping[str, str], allowed: frozenset[str] = frozenset(), per_page: int = 50) -> dict:
    """`page` and `per_page` for the listing endpoints, rejecting unknown parameters."""
    reject_unknown(args, {"page", "per_page"} | allowed)
    return {"page": _int(args, "page", 1), "per_page": _int(args, "per_page", per_page)}
