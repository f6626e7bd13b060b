"""Finding attributed statements in a parsed Doc: `extract_attributions(doc)` yields `Attribution`s.

The passes, in order:
1. reporting verbs (`said`, `stressed`, `expressed hope`, `adding`) with their subject and clause;
2. `according to X`;
3. quotations whose cue is beside them rather than in the parse (`"...," he said.` split by the parser);
4. continuations: cue-less sentences in a paragraph that carry on a speaker's words, and quotes that run on.
Offsets are character offsets into `doc.text`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .lexicon import (
    CLAUSE_ONLY_VERBS,
    EXPRESSION_NOUNS,
    EXPRESSION_VERBS,
    NEEDS_PARTICLE,
    NEEDS_PREPOSITION,
    SPEECH_VERBS,
    WEEKDAY_WORDS,
)
from .model import Speaker
from .quotes import Quote, find_quotes
from .speakers import SpeakerResolver, mention_tokens

SUBJECT_DEPS = ("nsubj", "nsubjpass")
CLAUSE_DEPS = ("ccomp", "parataxis")
MIN_CONTENT_WORDS = 3
_TRIM_LEFT = set(",;:—–-") | {"that"}
_TRIM_RIGHT = set(",;:—–-.")
_TIME_WORDS = WEEKDAY_WORDS | {"yesterday", "today", "tonight"}


@dataclass
class Attribution:
    """One statement found in a Doc (offsets into doc.text)."""

    speaker: Speaker
    kind: str
    start: int
    end: int
    cue: str | None
    cue_start: int | None = None
    when: str | None = None
    cited_source: str | None = None
    content_before_cue: bool = False
    continuation: bool = False
    sentence_start: int = 0
    sentence_end: int = 0

    def overlaps(self, other: Attribution) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass
class _Candidate:
    """A reporting verb with the token that names its speaker and the token range of its content."""

    cue: Token
    subject: Token | None
    content: tuple[int, int]
    content_before_cue: bool
    cue_text: str
    inherit_from: Token | None = None
    extra_cue_tokens: list[Token] = field(default_factory=list)


# -- small helpers ---------------------------------------------------------------------------------


def _is_speech_verb(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in SPEECH_VERBS:
        return False
    lemma = token.lemma_.lower()
    if lemma in NEEDS_PARTICLE:
        return any(c.dep_ == "prt" and c.lower_ in NEEDS_PARTICLE[lemma] for c in token.children)
    return True


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
    # Inverted `..., said Wang`: the parser sometimes makes the name an object or modifier.
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod", "nsubjpass") and (
            child.pos_ == "PROPN" or child.ent_type_ in ("PERSON", "ORG")
        ) and child.i == verb.i + 1:
            return child
    return None


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without leading `that`/punctuation and trailing punctuation or spaces."""
    while start < end and (doc[start].lower_ in _TRIM_LEFT or doc[start].is_space or doc[start].dep_ == "cc"
                           and start + 1 < end and doc[start + 1].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in _TRIM_RIGHT or doc[end - 1].is_space):
        end -= 1
    return start, end


def _words(doc: Doc, start: int, end: int) -> int:
    return sum(1 for t in doc[start:end] if not t.is_punct and not t.is_space)


def _chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character range of a token range, without enclosing whitespace."""
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


# -- pass 1: reporting verbs -----------------------------------------------------------------------


def _content_of(verb: Token) -> tuple[tuple[int, int], bool] | None:
    """The token range of what a reporting verb reports, and whether it stands before the verb."""
    doc, sent = verb.doc, verb.sent
    lemma = verb.lemma_.lower()
    clauses = [c for c in verb.children if c.dep_ in CLAUSE_DEPS and c.pos_ in ("VERB", "AUX")]
    if lemma in EXPRESSION_VERBS:
        for noun in verb.children:
            if noun.dep_ == "dobj" and noun.lemma_.lower() in EXPRESSION_NOUNS:
                clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl")]
                if clauses:
                    return (clauses[0].left_edge.i, clauses[0].right_edge.i + 1), False
    if lemma in NEEDS_PREPOSITION:
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in NEEDS_PREPOSITION[lemma]:
                return (prep.i + 1, prep.right_edge.i + 1), False
        if not clauses:
            return None
    if clauses:
        after = [c for c in clauses if c.i > verb.i]
        before = [c for c in clauses if c.i < verb.i]
        if before:
            clause = before[-1]
            start = sent.start
            # `Noting that X, Cho said Y`: the sentence opens with another cue's clause.
            for child in verb.lefts:
                if child.dep_ == "advcl" and child.i < clause.left_edge.i:
                    start = child.right_edge.i + 1
            return (min(start, clause.left_edge.i), clause.right_edge.i + 1), True
        clause = after[0]
        end = max(c.right_edge.i for c in after) + 1
        return (clause.left_edge.i, end), False
    if lemma in ("urge", "ask", "warn", "tell", "call"):
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        xcomps = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
        if objects and xcomps:
            return (objects[0].left_edge.i, xcomps[-1].right_edge.i + 1), False
    # `X, Wang stressed.` / `X, said Wang.` with the clause parsed as a modifier: the cue ends the sentence.
    subject = _subject(verb)
    if subject is not None:
        cue_left = min(subject.left_edge.i, verb.i)
        cue_right = max(subject.right_edge.i, verb.i)
        rest = [t for t in doc[cue_right + 1 : sent.end] if not t.is_punct and not t.is_space]
        if cue_left > sent.start and doc[cue_left - 1].text in (",", "—", "–") and len(rest) <= 8:
            return (sent.start, cue_left - 1), True
    # `X, Wang said`: the parser made the reporting verb hang off the reported clause.
    hangs_off_clause = verb.dep_ in ("parataxis", "ccomp", "advcl", "conj") and verb.head.i < verb.i
    if hangs_off_clause and verb.head.sent == sent:
        left = verb.left_edge.i
        if left > sent.start and (doc[left - 1].is_punct or doc[left].is_punct):
            return (sent.start, left), True
    return None


def _verb_candidates(doc: Doc) -> Iterator[_Candidate]:
    for verb in doc:
        if not _is_speech_verb(verb):
            continue
        found = _content_of(verb)
        if found is None:
            continue
        content, before = found
        subject = _subject(verb)
        inherit_from = None
        if subject is None:
            # `..., Wang said, adding that ...`, `Noting that ..., Cho said ...`, `X said ... and added ...`
            if verb.dep_ in ("advcl", "conj", "xcomp") and verb.tag_ in ("VBG", "VBD", "VBZ", "VBP", "VB"):
                inherit_from = verb.head
            else:
                continue
        elif verb.lemma_.lower() in CLAUSE_ONLY_VERBS and not any(
            c.dep_ in CLAUSE_DEPS for c in verb.children
        ):
            continue
        yield _Candidate(verb, subject, content, before, _cue_text(verb), inherit_from)


def _cue_text(verb: Token) -> str:
    parts = [verb]
    for child in verb.children:
        if child.dep_ == "prt" or (child.dep_ == "dobj" and child.lemma_.lower() in EXPRESSION_NOUNS):
            parts.append(child)
        if child.dep_ == "prep" and child.lower_ in NEEDS_PREPOSITION.get(verb.lemma_.lower(), ()):
            parts.append(child)
    parts.sort(key=lambda t: t.i)
    return " ".join(t.lower_ for t in parts)


# -- pass 2: according to --------------------------------------------------------------------------


def _according_candidates(doc: Doc) -> Iterator[_Candidate]:
    for token in doc:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            to = doc[token.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if source is None:
            continue
        sent = token.sent
        phrase_start, phrase_end = token.i, max(source.right_edge.i, to.i) + 1
        if phrase_start - sent.start > sent.end - phrase_end:
            content, before = (sent.start, phrase_start), True
        else:
            content, before = (phrase_end, sent.end), False
        yield _Candidate(token, _document_source(source), content, before, "according to")


def _document_source(source: Token) -> Token:
    """`a statement from Beijing` names Beijing; `a report by the Post` names the Post."""
    from .speakers import DOCUMENT_HEADS

    if source.lower_ in DOCUMENT_HEADS:
        for prep in source.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
                inner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if inner is not None:
                    return inner
    return source


# -- assembling ------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token: compute it once
        self.quotes = find_quotes(self.text)
        self.quote_starts = [q.start for q in self.quotes]
        self.resolver = SpeakerResolver(doc)
        self.found: list[Attribution] = []
        self.used_cues: set[int] = set()

    def quote_at(self, char: int) -> Quote | None:
        index = bisect.bisect_right(self.quote_starts, char) - 1
        if index >= 0 and self.quotes[index].start <= char < self.quotes[index].end:
            return self.quotes[index]
        return None

    def classify(self, start: int, end: int) -> tuple[str, int, int]:
        """Direct when the content is one quotation, mixed when it quotes some of its words."""
        inner = [q for q in self.quotes if q.start < end and q.end > start]
        if not inner:
            return "indirect", start, end
        if len(inner) == 1:
            quote = inner[0]
            outside = self.text[start : quote.start - 1] + self.text[quote.end + 1 : end]
            if len(re.findall(r"\w+", outside)) <= 1:
                return "direct", quote.start, quote.end
        return "mixed", start, end

    def add(self, candidate: _Candidate, speaker: Speaker) -> Attribution | None:
        doc = self.doc
        start, end = _trim(doc, *candidate.content)
        if _words(doc, start, end) < MIN_CONTENT_WORDS:
            return None
        cue = candidate.cue
        if start <= cue.i < end and candidate.cue_text != "according to":
            return None
        char_start, char_end = _chars(doc, start, end)
        kind, char_start, char_end = self.classify(char_start, char_end)
        char_start, char_end = _strip_marks(self.text, char_start, char_end, kind)
        attribution = Attribution(
            speaker=speaker, kind=kind, start=char_start, end=char_end, cue=candidate.cue_text,
            cue_start=cue.idx, when=_time_word(cue, start, end), cited_source=_cited_source(cue),
            content_before_cue=candidate.content_before_cue,
            sentence_start=doc[start].sent.start_char, sentence_end=doc[end - 1].sent.end_char,
        )
        return self._keep(attribution)

    def _keep(self, attribution: Attribution) -> Attribution | None:
        for other in self.found:
            shared = attribution.overlaps(other)
            if shared and shared >= 0.5 * min(attribution.end - attribution.start, other.end - other.start):
                return None
        self.found.append(attribution)
        return attribution


def _strip_marks(text: str, start: int, end: int, kind: str) -> tuple[int, int]:
    """Drop a trailing comma or full stop, and quotation marks left dangling at either end."""
    while end > start and text[end - 1] in ",.;: \n":
        end -= 1
    if kind != "direct":
        if text[start] in "“\"" and text.count("\"", start, end) % 2 == 1 or (
            text[start] == "“" and "”" not in text[start:end]
        ):
            start += 1
        unbalanced = text.count('"', start, end) % 2 == 1 or "“" not in text[start : end - 1]
        if text[end - 1] in "”\"" and unbalanced:
            end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _time_word(cue: Token, content_start: int, content_end: int) -> str | None:
    """`said Monday`, `On Saturday, ... reported`: a day word that modifies the cue, outside the content."""
    for token in cue.subtree:
        if content_start <= token.i < content_end:
            continue
        if token.lower_ in _TIME_WORDS:
            return token.lower_
    return None


def _cited_source(cue: Token) -> str | None:
    """`Yonhap, citing a ruling party official, reported`: the source behind the reporter."""
    for child in cue.children:
        if child.lower_ == "citing":
            target = next((c for c in child.children if c.dep_ in ("dobj", "pobj")), None)
            if target is not None:
                tokens = mention_tokens(target)
                return cue.doc[tokens[0].i : tokens[-1].i + 1].text
    return None


def extract_attributions(doc: Doc) -> list[Attribution]:
    """Every attributed statement in a parsed Doc, in text order."""
    builder = _Builder(doc)
    candidates = sorted([*_verb_candidates(doc), *_according_candidates(doc)], key=_speaker_position)
    speakers: dict[int, Speaker | None] = {}
    # Sentences with a reporting verb of their own do not need `according to` (`X said, according to Y`).
    verb_sentences = {c.cue.sent.start for c in candidates if c.cue_text != "according to" and c.subject}
    for candidate in candidates:
        if candidate.cue_text == "according to" and candidate.cue.sent.start in verb_sentences:
            continue
        speaker = _speaker_for(candidate, builder, speakers)
        speakers[candidate.cue.i] = speaker
        if speaker is not None and builder.add(candidate, speaker):
            builder.used_cues.add(candidate.cue.i)
    _attribute_loose_quotes(builder, speakers)
    _add_continuations(builder)
    return sorted(builder.found, key=lambda a: a.start)


def _speaker_position(candidate: _Candidate) -> int:
    token = candidate.subject or candidate.cue
    return token.idx if candidate.inherit_from is None else candidate.inherit_from.idx + 1


def _speaker_for(
    candidate: _Candidate, builder: _Builder, speakers: dict[int, Speaker | None]
) -> Speaker | None:
    if candidate.subject is not None:
        return builder.resolver.resolve(candidate.subject)
    head = candidate.inherit_from
    # Climb towards the root (whose head is itself) for the nearest clause with a subject.
    for _ in range(len(head.sent) if head is not None else 0):
        if head.i in speakers:
            return speakers[head.i]
        subject = _subject(head)
        if subject is not None:
            return builder.resolver.resolve(subject)
        if head.head.i == head.i:
            break
        head = head.head
    return None


# -- pass 3: quotations whose cue stands beside them -------------------------------------------------


def _attribute_loose_quotes(builder: _Builder, speakers: dict[int, Speaker | None]) -> None:
    doc = builder.doc
    for quote in builder.quotes:
        if len(quote.words(builder.text)) < 4 or any(
            a.start <= quote.start and quote.end <= a.end for a in builder.found
        ):
            continue
        cue = _cue_beside(doc, quote, builder)
        speaker = None
        if cue is not None:
            speaker = speakers.get(cue.i)
            if speaker is None and cue.i not in speakers:
                subject = _subject(cue)
                speaker = builder.resolver.resolve(subject) if subject is not None else None
        if speaker is None:
            continue
        start, end = _strip_marks(builder.text, quote.start, quote.end, "direct")
        span = doc.char_span(start, end, alignment_mode="expand")
        builder._keep(Attribution(
            speaker=speaker, kind="direct", start=start, end=end, cue=_cue_text(cue), cue_start=cue.idx,
            when=_time_word(cue, span.start, span.end) if span is not None else None,
            sentence_start=span.sent.start_char if span is not None else start,
            sentence_end=doc[span.end - 1].sent.end_char if span is not None else end,
        ))


def _cue_beside(doc: Doc, quote: Quote, builder: _Builder) -> Token | None:
    """A reporting verb with a subject just after the closing mark or just before the opening one."""
    after = doc.char_span(quote.end, min(len(builder.text), quote.end + 80), alignment_mode="expand")
    if after is not None:
        for token in after:
            if token.text in (".", "!", "?") or token.text == "\n" or (
                builder.quote_at(token.idx) and token.idx > quote.end + 2
            ):
                break
            if _is_speech_verb(token) and (_subject(token) is not None):
                return token
    before = doc.char_span(max(0, quote.start - 60), max(0, quote.start - 1), alignment_mode="expand")
    if before is not None:
        for token in reversed(before):
            if token.text in (".", "!", "?") or "\n" in token.text:
                break
            if _is_speech_verb(token) and _subject(token) is not None:
                return token
    return None


# -- pass 4: continuations -------------------------------------------------------------------------


def _paragraph_sentences(doc: Doc, text: str) -> list[list[Span]]:
    paragraphs: list[list[Span]] = [[]]
    for sent in doc.sents:
        if not sent.text.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(sent)
        if "\n" in text[sent.end_char : sent.end_char + 2] or sent.text.endswith("\n"):
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _add_continuations(builder: _Builder) -> None:
    """Cue-less sentences that carry on a speaker's words within the same paragraph."""
    doc = builder.doc
    for sentences in _paragraph_sentences(doc, builder.text):
        covered = [[a for a in builder.found if a.start < s.end_char and a.end > s.start_char]
                   for s in sentences]
        for index, sent in enumerate(sentences):
            if covered[index] or _words(doc, sent.start, sent.end) < 4 or _has_cue(sent):
                continue
            source = _continued(sentences, covered, index)
            if source is None:
                continue
            start, end = _trim(doc, sent.start, sent.end)
            char_start, char_end = _chars(doc, start, end)
            kind, char_start, char_end = builder.classify(char_start, char_end)
            char_start, char_end = _strip_marks(builder.text, char_start, char_end, kind)
            builder._keep(Attribution(
                speaker=source.speaker, kind=kind, start=char_start, end=char_end, cue=source.cue,
                cue_start=source.cue_start, when=source.when, continuation=True,
                sentence_start=sent.start_char, sentence_end=sent.end_char,
            ))


def _has_cue(sent: Span) -> bool:
    return any(_is_speech_verb(t) and _subject(t) is not None for t in sent) or any(
        t.lower_ == "according" for t in sent
    )


def _continued(sentences: list[Span], covered: list[list[Attribution]], index: int) -> Attribution | None:
    """The statement a cue-less sentence continues: the next one in the paragraph when its cue comes last
    (`A. B. C, said Wang.`), or the paragraph's first when its cue comes first (`He noted that A. B.`)."""
    for later in covered[index + 1 :]:
        if later:
            first = later[0]
            return first if first.content_before_cue and not first.continuation else None
    for earlier in reversed(covered[:index]):
        if earlier:
            last = earlier[-1]
            opens_paragraph = covered[0] and covered[0][0] is last or last.continuation
            return last if not last.content_before_cue and opens_paragraph else None
    return None
