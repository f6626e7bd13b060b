"""Turning a Doc's attributions into `Statement` records of an article: offsets, dates and context."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

from spacy.tokens import Doc

from .attribution import Attribution, extract_attributions
from .dates import resolve_weekday
from .lexicon import NEWSPAPER_WORDS
from .model import Article, Speaker, Statement
from .roles import clean_role


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


_QUOTATION_MARKS = re.compile(r"[\"“”]")
# The mark that closes quoted words at a statement's end, after their own punctuation; a misturned `“` too
# (`“Mostly False.“`), where it stands right after the words.
_CLOSING = re.compile(r"[.,!?;:]?[”\"“]")
# Quoted words that run on past the sentence the statement ends with (`because, “In the end, we don’t vote
# against somebody. We vote for somebody.”`): up to their closing mark, within the paragraph.
_RUN_ON = re.compile(r"[^\"“”\n]{0,400}?[”\"]")
_OPENING, _CLOSING_MARKS = "“\"", "”\""


def _quotation_balanced(text: str, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A statement's parts with balanced quotation marks (counted over all its parts, `“A, B.”`): a statement
    that starts with quoted words keeps the mark that opens them (`said "budget reforms" and`), and one that
    ends inside quoted words keeps the rest of them up to the mark that closes them (`a “strongman
    approach.”`, a quotation that runs on into the next sentence)."""
    if not sum(len(_QUOTATION_MARKS.findall(text, start, end)) for start, end in parts) % 2:
        return parts
    first_start, first_end = parts[0]
    first_mark = _QUOTATION_MARKS.search(text, first_start, first_end)
    if first_start and text[first_start - 1] in _OPENING and first_mark and first_mark.group() in _CLOSING_MARKS:
        return [(first_start - 1, first_end), *parts[1:]]
    start, end = parts[-1]
    match = _CLOSING.match(text, end) or _RUN_ON.match(text, end)
    if match:
        return [*parts[:-1], (start, match.end())]
    return parts


def _name_own_outlet(speaker: Speaker, outlet: str | None) -> None:
    """`the Times said` in a New York Times article, `the Star` in the Toronto Star's: the article's own outlet."""
    if not outlet or " " in speaker.name or speaker.type not in ("organization", "person"):
        return
    words = outlet.split()
    last = words[-1].lower()
    if len(words) > 1 and speaker.name.lower() == last and (speaker.type == "organization" or last in NEWSPAPER_WORDS):
        speaker.aliases = list(dict.fromkeys([*speaker.aliases, speaker.name]))
        speaker.name, speaker.type, speaker.role = outlet, "organization", None


def statements_from_doc(doc: Doc, article: Article, attributions: list[Attribution] | None = None,
                        ) -> list[Statement]:
    """The statements of `article`, given the Doc of its body (`article.body`) and, if already made, its
    attributions."""
    if attributions is None and Doc.has_extension("attributions"):
        attributions = doc._.get("attributions")
    if attributions is None:
        attributions = extract_attributions(doc, author=article.author, headline=article.title)
    offset = article.body_start
    statements = []
    for attribution in attributions:
        attribution.speaker.role = clean_role(attribution.speaker.role)  # `his Democratic opponent` is no role
        _name_own_outlet(attribution.speaker, article.outlet)
        start, end = attribution.start + offset, attribution.end + offset
        parts = [(a + offset, b + offset) for a, b in attribution.spans()]
        # a part's own comma stays with it: `"A," she said. "B."` reads `A, B.` (the parts of a paraphrase
        # around its cue come with the commas they keep)
        parts = [(a, b + 1) if index < len(parts) - 1 and article.text[b:b + 1] in (",", ";", ".", "!", "?")
                 and attribution.kind != "indirect" else (a, b) for index, (a, b) in enumerate(parts)]
        parts = _quotation_balanced(article.text, parts)
        start, end = min(start, parts[0][0]), parts[-1][1]
        sentence = slice(attribution.sentence_start + offset, attribution.sentence_end + offset)
        context = article.text[sentence].strip()
        statements.append(Statement(
            speaker=attribution.speaker,
            kind=attribution.kind,  # type: ignore[arg-type]
            text=" ".join(article.text[a:b] for a, b in parts),
            cue=attribution.cue,
            start=start,
            end=end,
            article=article,
            said_on=said_on(attribution, article),
            context=context,
            cited_source=attribution.cited_source,
            parts=parts,
        ))
    number_repeats(statements)
    return statements


def number_repeats(statements: list[Statement]) -> None:
    """Number the statements of one article that have the same words (their ids tell them apart)."""
    seen: Counter[str] = Counter()
    for statement in statements:
        statement.occurrence = seen[statement.text]
        seen[statement.text] += 1
