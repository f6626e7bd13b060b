"""The data behind each page and its JSON twin, built once so the two never disagree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from urllib.parse import urlencode

from search import Filters, SearchService

SPEAKER_COLOURS = 8


def page_links(path: str, args: Mapping[str, str], page: int, pages: int) -> dict[str, str | None]:
    """`self`, `next` and `prev` links for a paged listing, keeping every other parameter."""
    def link(number: int) -> str:
        kept = {k: v for k, v in args.items() if k != "page" and v not in (None, "")}
        if number > 1:
            kept["page"] = str(number)
        return f"{path}?{urlencode(kept)}" if kept else path

    return {
        "self": link(page),
        "next": link(page + 1) if page < pages else None,
        "prev": link(page - 1) if page > 1 else None,
    }


def search_payload(service: SearchService, path: str, args: Mapping[str, str], **search_args) -> dict:
    """Search results with their links (the body of /api/v1/search)."""
    results = service.search(**search_args)
    payload = results.to_dict()
    payload["links"] = page_links(path, args, results.page, results.pages)
    return payload


def speaker_payload(service: SearchService, slug: str) -> dict | None:
    """A speaker with a timeline of statements by month and the outlets that quoted them."""
    speaker = service.speaker(slug)
    if speaker is None:
        return None
    everything = service.search(filters=Filters(speaker=speaker["slug"]), per_page=100, sort="newest")
    months = {row["value"]: row["count"] for row in everything.facets.get("month", [])}
    return {
        "speaker": speaker,
        "timeline": [{"month": month, "count": count} for month, count in sorted(months.items())],
        "recent": [hit.to_dict() for hit in everything.hits[:20]],
        "total": everything.total,
    }


def article_payload(service: SearchService, slug: str) -> dict | None:
    """An article with its statements, and its text cut into segments with each statement marked."""
    article = service.article(slug)
    if article is None:
        return None
    statements = sorted(article["statements"], key=lambda s: s["start"])
    order = list(dict.fromkeys(s["speaker"]["slug"] for s in statements))
    segments, position = [], 0
    text = article["text"]
    for statement in statements:
        if statement["start"] < position:
            continue  # overlapping marks are not nested
        if statement["start"] > position:
            segments.append({"text": text[position : statement["start"]]})
        segments.append({
            "text": text[statement["start"] : statement["end"]],
            "statement": statement,
            "colour": order.index(statement["speaker"]["slug"]) % SPEAKER_COLOURS,
        })
        position = statement["end"]
    segments.append({"text": text[position:]})
    counts = Counter(s["speaker"]["slug"] for s in statements)
    names = {s["speaker"]["slug"]: s["speaker"]["name"] for s in statements}
    speakers = [{"slug": slug, "name": names[slug], "count": counts[slug], "colour": i % SPEAKER_COLOURS}
                for i, slug in enumerate(order)]
    body = {k: v for k, v in article.items() if k != "statements"}
    return {"article": body, "statements": statements, "speakers": speakers, "segments": segments}


def citation(statement: dict) -> str:
    """A citation line: who, what kind, where and when."""
    article = statement["article"]
    said = "quoted" if statement["kind"] == "direct" else "reported"
    when = statement["said_on"] or article.get("published") or "undated"
    outlet = article.get("outlet") or "unknown outlet"
    return (f'{statement["speaker"]["name"]}, {said} by {outlet}, "{article.get("title") or "untitled"}", '
            f"{when}.")


def statement_payload(service: SearchService, statement_id: str) -> dict | None:
    statement = service.statement(statement_id)
    if statement is None:
        return None
    return {"statement": statement, "citation": citation(statement)}
