"""The data behind each page and its JSON twin, built once so the two never disagree.

An article's `path` is given as its source's name (`sources.SourceNames`: relative to what was indexed), never
as a path on the machine that built the index.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from itertools import pairwise
from urllib.parse import urlencode

from search import Filters, StatementSearch

from .links import web_url
from .sources import SourceNames

SPEAKER_COLOURS = 8
FILE_NAMES = SourceNames()  # no inputs known: every source shown by its file name


def named(article: dict, sources: SourceNames) -> dict:
    """An article's JSON with its `path` as the source's name."""
    if "path" in article:
        article["path"] = sources(article["path"])
    return article


def _named_hits(hits: list[dict], sources: SourceNames) -> list[dict]:
    for hit in hits:
        if isinstance(hit.get("article"), dict):
            hit["article"] = named(dict(hit["article"]), sources)
    return hits


def article_rows(rows, sources: SourceNames = FILE_NAMES) -> list[dict]:
    """The rows of an article listing as JSON."""
    return [named(row.to_dict(), sources) for row in rows]


def page_links(path: str, args: Mapping[str, str], page: int, pages: int) -> dict[str, str | None]:
    """`self`, `first`, `last`, `next` and `prev` links for a paged listing, keeping every other parameter (`path`
    absolute for the API). A page past the last has the last as its `prev`."""
    def link(number: int) -> str:
        kept = {k: v for k, v in args.items() if k != "page" and v not in (None, "")}
        if number > 1:
            kept["page"] = str(number)
        return f"{path}?{urlencode(kept)}" if kept else path

    return {
        "self": link(page),
        "first": link(1),
        "last": link(max(pages, 1)),
        "next": link(page + 1) if page < pages else None,
        "prev": link(min(page - 1, pages)) if page > 1 and pages else None,
    }


def search_payload(service: StatementSearch, path: str, args: Mapping[str, str],
                   sources: SourceNames = FILE_NAMES, **search_args) -> dict:
    """Search results with their links (the body of /api/v1/search)."""
    results = service.search(**search_args)
    payload = results.to_dict()
    _named_hits(payload["results"], sources)
    payload["links"] = page_links(path, args, results.page, results.pages)
    return payload


def speaker_payload(service: StatementSearch, slug: str, sources: SourceNames = FILE_NAMES) -> dict | None:
    """A speaker with a timeline of statements by month and the outlets that quoted them."""
    speaker = service.speaker(slug)
    if speaker is None:
        return None
    # every report counts in the timeline, as in the speaker's count; the recent ones are one per statement
    everything = service.search(filters=Filters(speaker=speaker.slug), per_page=1, sort="newest", group=False)
    recent = service.search(filters=Filters(speaker=speaker.slug), per_page=20, sort="newest")
    months = {row.value: row.count for row in everything.facets.get("month", [])}
    return {
        "speaker": speaker.to_dict(),
        "timeline": [{"month": month, "count": count} for month, count in sorted(months.items())],
        "recent": _named_hits([hit.to_dict() for hit in recent.hits], sources),
        "total": everything.total,
    }


def mark_segments(text: str, statements: list[dict], colours: dict[str, int]) -> list[dict]:
    """The text cut at every statement's start and end (each part's, for a quotation split by its cue), so that
    every statement is marked in place and a cue between its parts is not.

    A segment is `{"text"}`, or, inside statements, also `{"statement", "colour", "anchors", "ends"}`: the
    innermost statement (the one that began last), the ids of statements that begin there (each gets an
    anchor) and the statements that end there (each gets a link after its words). Overlapping statements
    therefore never nest marks, and none loses its anchor.
    """
    spans = {s["id"]: [tuple(part) for part in s.get("parts") or [(s["start"], s["end"])]] for s in statements}
    cuts = sorted({0, len(text), *(edge for parts in spans.values() for part in parts for edge in part)})
    cuts = [cut for cut in cuts if 0 <= cut <= len(text)]
    segments: list[dict] = []
    for low, high in pairwise(cuts):
        covering = [s for s in statements if any(a <= low and b >= high for a, b in spans[s["id"]])]
        starting = [s["id"] for s in statements if s["start"] == low]
        if not covering:
            segments.append({"text": text[low:high]})
            continue
        inner = max(covering, key=lambda s: (s["start"], -s["end"]))
        segments.append({
            "text": text[low:high],
            "statement": inner,
            "colour": colours[inner["speaker"]["slug"]],
            "anchors": starting,
            "ends": [s for s in covering if s["end"] == high],
        })
    # a statement of no characters still gets its anchor
    empty = [s["id"] for s in statements if s["start"] >= s["end"]]
    if empty:
        segments.append({"text": "", "anchors": empty})
    return segments


def article_payload(service: StatementSearch, slug: str, sources: SourceNames = FILE_NAMES) -> dict | None:
    """An article with its statements, and its text cut into segments with each statement marked."""
    found = service.article(slug)
    if found is None:
        return None
    article = named(found.to_dict(), sources)
    statements = sorted(found.statements, key=lambda s: (s["start"], -s["end"]))
    order = list(dict.fromkeys(s["speaker"]["slug"] for s in statements))
    colours = {slug: i % SPEAKER_COLOURS for i, slug in enumerate(order)}
    segments = mark_segments(article["text"], statements, colours)
    counts = Counter(s["speaker"]["slug"] for s in statements)
    names = {s["speaker"]["slug"]: s["speaker"]["name"] for s in statements}
    speakers = [{"slug": slug, "name": names[slug], "count": counts[slug], "colour": colours[slug]}
                for slug in order]
    body = {k: v for k, v in article.items() if k != "statements"}
    return {"article": body, "statements": statements, "speakers": speakers, "segments": segments}


CITED_AS = {"direct": "quoted in", "indirect": "paraphrased in", "mixed": "partly quoted in"}


def citation(statement: dict, url: str | None = None) -> str:
    """A line to cite a statement by: who, how reported, where, when, and the address of the article.

    `Wang Yi, Chinese Foreign Minister, partly quoted in "Chinese, S. Korean FMs hold phone talks", Xinhua,
    2025-07-29 (said 2025-07-28).`
    """
    article = statement["article"]
    speaker = statement["speaker"]
    who = f'{speaker["name"]}, {speaker["role"]}' if speaker.get("role") else speaker["name"]
    line = f'{who}, {CITED_AS.get(statement["kind"], "reported in")} "{article.get("title") or "untitled"}"'
    line += f', {article.get("outlet") or "unknown outlet"}'
    published, said = article.get("published"), statement.get("said_on")
    if published:
        line += f", {published}"
    if said and said != published:
        line += f" (said {said})"
    line += "."
    if url:
        line += f" {url}"
    return line


def statement_payload(service: StatementSearch, statement_id: str, sources: SourceNames = FILE_NAMES,
                      permalink: str | None = None) -> dict | None:
    """A statement and its citation line, which ends with the article's web address, else with `permalink` (the
    statement's absolute address, when the site knows its own)."""
    found = service.statement(statement_id)
    if found is None:
        return None
    article = service.article(found.article_slug)
    statement = _named_hits([found.to_dict()], sources)[0]
    url = web_url(article.url if article else None) or permalink
    return {"statement": statement, "citation": citation(statement, url),
            "reports": service.reports(statement_id) if statement["group"] else []}


def reports_payload(service: StatementSearch, statement_id: str, site: str) -> dict | None:
    """Every article that reported a statement, earliest first, each with the address of its statement here (the
    body of /api/v1/statements/<id>/reports); None when there is no such statement."""
    reports = service.reports(statement_id)
    if reports is None:
        return None
    found = service.statement(statement_id)
    return {"statement": statement_id, "group": found["group"] if found else None,
            "reports": [{**report, "statement_url": f"{site}/statements/{report['id']}"} for report in reports]}


def check_payload(service: StatementSearch, quote: str, limit: int = 5, sources: SourceNames = FILE_NAMES) -> dict:
    """What checking a claimed quote found (the body of /api/v1/check): a verdict, and the closest statements with
    a score and the word-by-word comparison."""
    from search.checking import check_quote

    result = check_quote(service, quote, limit=limit).to_dict() if quote.strip() else {
        "claim": "", "quote": "", "close": False, "verdict": "", "claimed_speaker": None, "matches": []}
    for match in result["matches"]:
        match["statement"] = _named_hits([match["statement"]], sources)[0]
    return result


_EXAMPLE_STOPWORDS = frozenset("""
about after again against because before being between could during every first going great other people
really should something their there these thing things think those through under where which while would years
""".split())


def home_examples(service: StatementSearch, count: int = 4) -> list[str]:
    """Questions to try, from the index served: its most quoted people, each with a word of their latest
    statements that they use more than the others do (`what did Donald Trump say about mexico`)."""
    rows, _ = service.speakers(per_page=12, type="person")
    people = [row for row in rows if len(row.name.split()) > 1][:count]
    counts = []
    for person in people:
        hits = service.search(filters=Filters(speaker=person.slug), per_page=60, sort="newest").hits
        counts.append(Counter(word for hit in hits for word in re.findall(r"[a-z]{6,}", hit.statement.text.lower())
                              if word not in _EXAMPLE_STOPWORDS and word not in person.name.lower()))
    everyone = sum(counts, Counter())
    examples = []
    for number, (person, words) in enumerate(zip(people, counts, strict=True)):
        own = sorted((word for word, n in words.items() if n >= 2),
                     key=lambda word: (-words[word] ** 2 / (everyone[word] + 2), word))
        if number == count - 1 or not own:
            examples.append(f"what has {person.name} said")
        elif number % 2:
            examples.append(f"{person.name} on {own[0]}")
        else:
            examples.append(f"what did {person.name} say about {own[0]}")
    return examples
