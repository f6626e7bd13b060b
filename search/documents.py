"""The Whoosh documents of one build: what is indexed and stored for a statement, an article, a speaker."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from indexer import Article, Statement
from indexer.model import make_slug

from .speakers import SpeakerRecord

if TYPE_CHECKING:
    from .identities import Speaker


def _datetime(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day) if day else None


def context_around(text: str, context: str) -> str:
    """What the statement's sentence says besides the statement (`Warren said of Trump`), for the `context`
    field: the words of the statement itself are indexed in `text` already (indexing them twice made a fifth of
    a statement's postings, and gave them a second score)."""
    at = context.find(text) if text else -1
    if at < 0:
        return "" if context in text else context
    # the statement as whole words (a short statement can also be the inside of a word: `no` in `Nobody`)
    while at >= 0:
        end = at + len(text)
        if not _word_char(context, at - 1) and not _word_char(context, end):
            return (context[:at] + " " + context[end:]).strip()
        at = context.find(text, at + 1)
    return context.strip()


def _word_char(text: str, at: int) -> bool:
    """Whether `text[at]` is there and is a word character (as `\\w` in a regular expression)."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def statement_fields(statement: dict, schema=None) -> dict:
    """The indexed fields of one statement (as its JSON dict); with `schema`, only the fields it has (a build made
    before a field was added is updated without it)."""
    speaker, article = statement["speaker"], statement["article"]
    said_on = date.fromisoformat(statement["said_on"]) if statement["said_on"] else None
    published = date.fromisoformat(article["published"]) if article["published"] else None
    fields = {
        "id": statement["id"],
        "text": statement["text"],
        "words": statement["text"],
        "pairs": statement["text"],
        "speaker": speaker["name"],
        "speaker_aliases": " ".join(speaker.get("aliases", [])),
        "role": speaker.get("role") or "",
        "title": article["title"] or "",
        "outlet_text": article["outlet"] or "",
        "context": context_around(statement["text"], statement.get("context") or ""),
        "speaker_slug": speaker["slug"],
        "speaker_form": (speaker.get("form") or speaker)["slug"],
        "kind": statement["kind"],
        "article_slug": article["slug"],
        "position": statement["start"],
        "payload": statement,
    }
    if article["outlet"]:
        fields["outlet"] = article["outlet"]
    if said_on:
        fields["said_on"] = _datetime(said_on)
        fields["month"] = said_on.strftime("%Y-%m")
    if published:
        fields["published"] = _datetime(published)
    if schema is not None:
        fields = {name: value for name, value in fields.items() if name in schema}
    return fields


def article_payload(article: Article, statements: list[Statement]) -> dict:
    """What is stored of an article: its text, metadata and where its statements are."""
    payload = article.to_dict()
    payload.update({
        "text": article.text,
        "url": article.url,
        "dateline_city": article.dateline_city,
        "body_start": article.body_start,
        "body_end": article.body_end,
        "statements": [
            {"id": s.id, "start": s.start, "end": s.end, "parts": [list(p) for p in s.parts or [(s.start, s.end)]],
             "kind": s.kind,
             "speaker": {"name": s.speaker.name, "slug": s.speaker.slug}}
            for s in statements
        ],
    })
    return payload


def article_fields(article: Article, statements: list[Statement]) -> dict:
    """The indexed fields of one article."""
    fields = {
        "slug": article.slug, "id": article.id, "source": article.source, "content_hash": article.content_hash,
        "title": article.title, "outlet": article.outlet or "", "statements": len(statements),
        "payload": article_payload(article, statements),
    }
    if article.published:
        fields["published"] = _datetime(article.published)
    return fields


def speaker_fields(slug: str, record: SpeakerRecord, speaker: Speaker | None = None,
                   forms: dict[str, dict] | None = None) -> dict:
    """The indexed fields of one speaker; with its plan (`speaker`) and the records of its forms, also the names
    it was merged from, each with the reason."""
    aliases = {record.name, *record.aliases, slug, *(make_slug(a) for a in record.aliases)}
    payload = record.to_dict(slug)
    if speaker is not None and forms is not None:
        payload["merged"] = [
            {"name": forms[form]["name"], "slug": form, "statements": forms[form]["statements"],
             "reason": speaker.reasons[form], "by_hand": form in speaker.by_hand}
            for form in speaker.forms if form in speaker.reasons]
    return {
        "slug": slug, "name": record.name, "aliases": ",".join(sorted({a.lower() for a in aliases if a})),
        "type": record.type, "statements": record.statements, "payload": payload, "forms": forms or {},
    }
