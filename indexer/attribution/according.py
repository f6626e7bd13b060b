"""Pass 2, `according to X`: the phrase sources the clause before it, or the words after it."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..lexicon import DOCUMENT_HEADS, SOURCE_PREPOSITIONS
from .records import Candidate
from .syntax import SUBJECT_DEPS, is_clause


def according_candidates(doc: Doc) -> Iterator[Candidate]:
    for token in doc:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            to = doc[token.i + 1]
        source = _named_object(to) if to is not None else None
        if source is None:
            continue
        sent = token.sent
        phrase_start, phrase_end = token.i, max(source.right_edge.i, to.i) + 1
        # `According to a poll out Thursday, ...`: words of the source phrase the parser hung elsewhere.
        comma = next((t.i for t in doc[phrase_end : min(sent.end, phrase_end + 5)] if t.text == ","), None)
        if comma is not None and phrase_start < sent.start + 2 and not any(
                t.pos_ in ("VERB", "AUX") for t in doc[phrase_end:comma]):
            phrase_end = comma
        # `A, according to a poll last week - B`: a clause before the phrase's comma is what it sources.
        clause_before = phrase_start > sent.start + 2 and doc[phrase_start - 1].text == "," \
            and is_clause(doc, sent.start, phrase_start - 1)
        if clause_before or phrase_start - sent.start > sent.end - phrase_end:
            content, before = (sent.start, phrase_start), True
            # `A, and B, according to X`: the phrase sources the clause it hangs on, the last conjunct.
            head = token.head
            if head.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and sent.start < head.left_edge.i < head.i \
                    < phrase_start and any(c.dep_ in SUBJECT_DEPS for c in head.children):
                content = (head.left_edge.i, phrase_start)
        else:
            content, before = (phrase_end, sent.end), False
        yield Candidate(token, _document_source(source), content, before, "according to")


def _named_object(to: Token) -> Token | None:
    """The object of `to`; when the parser gives it two, a role and then a name (`according to curator Elaine
    Gustafon` as `curator` and `Gustafon`), the name."""
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if len(objects) > 1 and objects[0].pos_ == "NOUN" and objects[1].pos_ == "PROPN" \
            and objects[1].left_edge.i == objects[0].right_edge.i + 1:
        return objects[1]
    return objects[0] if objects else None


def _document_source(source: Token) -> Token:
    """`a statement from Beijing` names Beijing; `a report by the Post` names the Post."""
    if source.lower_ in DOCUMENT_HEADS:
        for prep in source.children:
            if prep.dep_ == "prep" and prep.lower_ in SOURCE_PREPOSITIONS:
                inner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if inner is not None:
                    return inner
    return source
