"""Running the passes over a Doc, in order, into one list of `Attribution`s."""

from __future__ import annotations

from spacy.tokens import Doc

from ..model import Speaker
from .according import according_candidates
from .builder import Builder
from .continuations import add_continuations
from .labels import attribute_labelled_turns, attribute_signed_quotes
from .quotations import attribute_loose_quotes, join_quote_parts
from .records import DEFAULT_LIMITS, Attribution, Candidate, Limits
from .syntax import subject_of
from .verbs import verb_candidates


def extract_attributions(
    doc: Doc, author: str | None = None, limits: Limits = DEFAULT_LIMITS, headline: str | None = None
) -> list[Attribution]:
    """Every attributed statement in a parsed Doc, in text order. `I` outside quotations is `author`; the
    `headline` of an article whose body the Doc is lends its names to the body's short names."""
    builder = Builder(doc, author, limits, headline)
    # A reporting verb inside a quotation is part of the quoted words, not a cue of the article's.
    candidates = sorted(
        (c for c in [*verb_candidates(doc, builder.quote_at, limits), *according_candidates(doc)]
         if builder.quote_at(c.cue.idx) is None),
        key=_speaker_position,
    )
    cues = {c.cue.i for c in candidates}
    speakers: dict[int, Speaker | None] = {}
    # Sentences with a reporting verb of their own do not need `according to` (`X said, according to Y`).
    # (only when the reporting clause is in what `according to` would source: `A, but X has vowed B` keeps it)
    verb_cues = [c.cue.i for c in candidates if c.cue_text != "according to" and c.subject]
    for candidate in candidates:
        if candidate.cue_text == "according to" and any(
                candidate.content[0] <= i < candidate.content[1] for i in verb_cues):
            continue
        speaker = _speaker_for(candidate, builder, speakers)
        speakers[candidate.cue.i] = speaker
        if speaker is not None:
            builder.add(candidate, speaker, cues)
    attribute_labelled_turns(builder)
    attribute_signed_quotes(builder)
    attribute_loose_quotes(builder, speakers)
    join_quote_parts(builder)
    add_continuations(builder)
    return sorted(builder.found, key=lambda a: a.start)


def _speaker_position(candidate: Candidate) -> int:
    token = candidate.subject or candidate.cue
    return token.idx if candidate.inherit_from is None else candidate.inherit_from.idx + 1


def _speaker_for(
    candidate: Candidate, builder: Builder, speakers: dict[int, Speaker | None]
) -> Speaker | None:
    if candidate.subject is not None:
        return builder.resolver.resolve(candidate.subject)
    head = candidate.inherit_from
    # Climb towards the root (whose head is itself) for the nearest clause with a subject.
    for _ in range(len(head.sent) if head is not None else 0):
        if head.i in speakers:
            return speakers[head.i]
        subject = subject_of(head)
        if subject is not None:
            return builder.resolver.resolve(subject)
        if head.head.i == head.i:
            break
        head = head.head
    return None
