"""Turning a Doc's attributions into `Statement` records of an article: offsets, dates and context."""

from __future__ import annotations

from datetime import date, timedelta

from spacy.tokens import Doc

from .attribution import Attribution, extract_attributions
from .dates import resolve_weekday
from .model import Article, Statement


def said_on(attribution: Attribution, article: Article) -> date | None:
    """The day the words were said: a weekday or `yesterday` next to the cue, else the dateline's day,
    else the publication date."""
    reference = article.reference_date
    if reference is None:
        return None
    when = attribution.when
    if when == "yesterday":
        return reference - timedelta(days=1)
    if when and when not in ("today", "tonight"):
        return resolve_weekday(when, article.published or reference) if not article.dateline_date else (
            resolve_weekday(when, reference))
    return reference


def statements_from_doc(doc: Doc, article: Article) -> list[Statement]:
    """The statements of `article`, given the Doc of its body (`article.body`)."""
    attributions = doc._.get("attributions") if Doc.has_extension("attributions") else None
    if attributions is None:
        attributions = extract_attributions(doc, author=article.author)
    offset = article.body_start
    statements = []
    for attribution in attributions:
        start, end = attribution.start + offset, attribution.end + offset
        sentence = slice(attribution.sentence_start + offset, attribution.sentence_end + offset)
        context = article.text[sentence].strip()
        statements.append(Statement(
            speaker=attribution.speaker,
            kind=attribution.kind,  # type: ignore[arg-type]
            text=article.text[start:end],
            cue=attribution.cue,
            start=start,
            end=end,
            article=article,
            said_on=said_on(attribution, article),
            context=context,
            cited_source=attribution.cited_source,
        ))
    return statements
