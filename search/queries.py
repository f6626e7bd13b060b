"""Whoosh queries from a parsed question and from filters.

Speakers (any of them) AND exact phrases AND the topic words (at least one, or the boolean expression), minus
exclusions; what only ranks (phrases of neighbouring topic words, a speaker naming another) is the optional
side of an AndMaybe. Filters are a conjunction of terms and date ranges.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import And, AndMaybe, AndNot, DateRange, NullQuery, Or, Phrase, Query, Term

from .query import ParsedQuery
from .records import Filters

if TYPE_CHECKING:
    from .opened import OpenIndex

TOPIC_FIELDS = ("text", "speaker", "role", "title", "outlet_text", "context")
FIELD_BOOSTS = {"text": 3.0, "speaker": 1.5, "role": 1.0, "title": 0.5, "outlet_text": 0.5, "context": 0.3}
PAIR_BOOST = 1.0


def parsed_text(parser: MultifieldParser, text: str) -> Query | None:
    """A parsed query string, or None if nothing searchable is left of it."""
    if not text.strip():
        return None
    query = parser.parse(text)
    return None if query is NullQuery or isinstance(query, type(NullQuery)) else query


def adjacent_pairs(terms: list[str], schema) -> list[Query]:
    """Topic words next to each other in the question, as optional phrases of the statement's text: `wall
    street` ranks "Wall Street creditors" above "walk down the street"."""
    stems = [token.text for token in schema["text"].analyzer(" ".join(terms))]
    pairs = [[first, second] for first, second in zip(stems, stems[1:], strict=False) if first != second]
    return [Phrase("text", pair, boost=PAIR_BOOST) for pair in pairs]


def exact_words(words: list[str], schema) -> Query:
    """The statements with these words in a row, as written: one word's term; two words' pair term (`pairs`,
    see search/schema.py: matched and scored without reading word positions); else the phrase."""
    if len(words) == 1:
        return Term("words", words[0])
    if len(words) == 2 and "pairs" in schema:
        return Term("pairs", " ".join(words))
    return Phrase("words", words)


def question_query(parsed: ParsedQuery, index: OpenIndex) -> Query | None:
    """The question as a query (None when it asks for nothing). Phrases match the words as written
    (`"rigged"` is not `rigging`); with a phrase, topic words only rank. Topic words match stemmed over several
    fields."""
    schema = index.schema
    parser = MultifieldParser(list(TOPIC_FIELDS), schema, fieldboosts=FIELD_BOOSTS, group=OrGroup.factory(0.9))
    required: list[Query] = []
    ranking: list[Query] = []
    if parsed.speakers:
        required.append(Or([Term("speaker_slug", slug) for slug in parsed.speakers]))
    for phrase in parsed.phrases:
        words = [token.text for token in schema["words"].analyzer(phrase)]
        if words:
            required.append(exact_words(words, schema))
            ranking.append(parsed_text(parser, '"' + " ".join(words) + '"'))
    topic = parsed_text(parser, parsed.boolean or " ".join(parsed.terms))
    if topic is not None:
        (ranking if parsed.phrases and not parsed.boolean else required).append(topic)
        if not parsed.boolean:
            ranking += adjacent_pairs(parsed.terms, schema)
    if len(parsed.speakers) > 1 and not (parsed.terms or parsed.phrases or parsed.boolean):
        # `Trump Putin`: what each said naming another first.
        names = MultifieldParser(["text"], schema, group=OrGroup)
        for slug in parsed.speakers:
            others = parsed_text(names, " ".join(words for other, words in parsed.mentions if other != slug))
            if others is not None:
                ranking.append(And([Term("speaker_slug", slug), others]))
    ranking = [q for q in ranking if q is not None]
    if not required:
        return None
    positive = required[0] if len(required) == 1 else And(required)
    if ranking:
        positive = AndMaybe(positive, ranking[0] if len(ranking) == 1 else Or(ranking))
    if parsed.excluded:
        parser = MultifieldParser(["text", "speaker", "role"], schema, group=OrGroup)
        excluded = parsed_text(parser, " ".join(parsed.excluded))
        if excluded is not None:
            return AndNot(positive, excluded)
    return positive


def outlet_key(outlet: str) -> str:
    """An outlet's name as compared in filters: `The New York Times`, `new-york-times`, `NEW YORK TIMES`."""
    words = re.findall(r"[a-z0-9]+", outlet.lower())
    return " ".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)


def day_range(field_name: str, start: date | None, end: date | None) -> Query | None:
    """The days from `start` to `end`, both included (either may be open)."""
    if not start and not end:
        return None
    low = datetime.combine(start, datetime.min.time()) if start else None
    high = datetime.combine(end, datetime.min.time()) + timedelta(days=1, microseconds=-1) if end else None
    return DateRange(field_name, low, high)


def filter_query(filters: Filters, index: OpenIndex) -> Query | None:
    """The filters as a query (None when there is none). A speaker is named by slug, name or a slight
    misspelling of it; an outlet as the index spells it, in any case, with or without `The`."""
    parts: list[Query] = []
    if filters.speaker:
        name = filters.speaker.strip()
        slug = name if name in index.speakers else index.directory.lookup(name)
        if slug is None and (misspelt := index.directory.fuzzy(name)[1]):
            slug = index.directory.best(misspelt)
        parts.append(Term("speaker_slug", slug or name.lower()))
    if filters.kind:
        parts.append(Term("kind", filters.kind))
    if filters.outlet:
        wanted = outlet_key(filters.outlet)
        outlet = next((o for o in index.manifest.get("outlets", {}) if outlet_key(o) == wanted), filters.outlet)
        parts.append(Term("outlet", outlet))
    if filters.article:
        parts.append(Term("article_slug", filters.article))
    for name, start, end in (("said_on", filters.said_from, filters.said_to),
                             ("published", filters.published_from, filters.published_to)):
        if (days := day_range(name, start, end)) is not None:
            parts.append(days)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)
