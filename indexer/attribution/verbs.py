"""Pass 1, reporting verbs: `said`, `stressed`, `expressed hope`, `adding`, with their subject and content."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Token

from ..lexicon import (
    CLAUSE_ONLY_VERBS,
    CUE_DELIMITERS,
    EXPRESSION_NOUNS,
    EXPRESSION_VERBS,
    NARRATION_OPENERS,
    NEEDS_PREPOSITION,
    OBJECT_CONTENT_VERBS,
    OBJECT_INFINITIVE_VERBS,
    OPENING_MARKS,
    PARTICIPLE_PREPOSITIONS,
    QUESTION_OPENERS,
    QUESTION_VERBS,
    REASON_MARKS,
    SPEECH_REFERENCE_NOUNS,
)
from .records import DEFAULT_LIMITS, Candidate, Limits, QuoteLookup
from .syntax import (
    CLAUSE_DEPS,
    QUOTE_ENDS,
    SUBJECT_DEPS,
    cue_text,
    has_main_clause,
    is_clause,
    is_speech_verb,
    is_subordinate,
    passive_agent,
    puts_it,
    subject_of,
    word_count,
)

Found = tuple[tuple[int, int], bool]
"""What a reporting verb reports: its token range, and whether it stands before the verb."""


class _NotReported:
    """A content detector's verdict that the verb reports nothing: later detectors are not tried."""


NOT_REPORTED = _NotReported()


@dataclass
class ReportingVerb:
    """A speech verb and what the content detectors ask of it, worked out once."""

    verb: Token

    @cached_property
    def lemma(self) -> str:
        return self.verb.lemma_.lower()

    @cached_property
    def subject(self) -> Token | None:
        return subject_of(self.verb)

    @cached_property
    def objects(self) -> list[Token]:
        return [c for c in self.verb.children if c.dep_ == "dobj" and c.i > self.verb.i]

    @cached_property
    def infinitives(self) -> list[Token]:
        return [c for c in self.verb.children if c.dep_ == "xcomp" and c.i > self.verb.i and c.pos_ in ("VERB", "AUX")]

    @cached_property
    def clauses(self) -> list[Token]:
        """The clauses the verb reports, in the order of CLAUSE_FINDERS (none when it expresses a feeling:
        `expressed hope` reports only the noun's clause)."""
        if self.lemma in EXPRESSION_VERBS and _expression_nouns(self.verb):
            return []
        return [clause for finder in CLAUSE_FINDERS for clause in finder(self)]


# -- the clauses a reporting verb reports ----------------------------------------------------------


def _complement_clauses(cue: ReportingVerb) -> list[Token]:
    """`said (that) A`, `A, he said`; (`saying she was "appalled"`: an adjective with a subject of its own
    heads a clause too)."""
    return [c for c in cue.verb.children if c.dep_ in CLAUSE_DEPS and (
        c.pos_ in ("VERB", "AUX") or c.dep_ == "ccomp" and any(g.dep_ in SUBJECT_DEPS for g in c.children))]


def _participle_clauses(cue: ReportingVerb) -> list[Token]:
    """`He said legalizing it could ...`: the parser sometimes takes the clause for a complement."""
    verb = cue.verb
    return [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and c.tag_ == "VBG"
            and any(g.dep_ in CLAUSE_DEPS for g in c.children)]


def _that_clause_on_noun(cue: ReportingVerb) -> list[Token]:
    """`said in a statement that ...`: the parser hangs the that-clause on the noun of the prepositional
    phrase."""
    verb = cue.verb
    return [c for prep in verb.children if prep.dep_ == "prep" and prep.i > verb.i
            for noun in prep.children if noun.dep_ == "pobj"
            for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl")
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]


def _indirect_question(cue: ReportingVerb) -> list[Token]:
    """`asked the students if they were ...`: the question the parser takes for an adverbial clause."""
    if cue.lemma not in QUESTION_VERBS:
        return []
    return [c for c in cue.verb.children if c.dep_ == "advcl" and c.i > cue.verb.i and any(
        m.dep_ == "mark" and m.lower_ in QUESTION_OPENERS for m in c.children)]


CLAUSE_FINDERS: tuple[Callable[[ReportingVerb], list[Token]], ...] = (
    _complement_clauses,
    _participle_clauses,
    _that_clause_on_noun,
    _indirect_question,
)


# -- content detectors, tried in order -------------------------------------------------------------


def _expression_nouns(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in EXPRESSION_NOUNS]


def _expressed_feeling(cue: ReportingVerb) -> Found | None:
    """`expressed hope that A`: the clause of the noun the verb expresses."""
    if cue.lemma not in EXPRESSION_VERBS:
        return None
    for noun in _expression_nouns(cue.verb):
        clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl")]
        if clauses:
            return (clauses[0].left_edge.i, clauses[0].right_edge.i + 1), False
    return None


def _needed_preposition(cue: ReportingVerb) -> Found | _NotReported | None:
    """`called for A`, `called on X to B`: the object of the preposition the verb needs; without it and
    without a clause, the verb reports nothing (`called him`)."""
    if cue.lemma not in NEEDS_PREPOSITION:
        return None
    for prep in cue.verb.children:
        if prep.dep_ == "prep" and prep.lower_ in NEEDS_PREPOSITION[cue.lemma]:
            return (prep.i + 1, prep.right_edge.i + 1), False
    return None if cue.clauses else NOT_REPORTED


def _clause_before(cue: ReportingVerb) -> Found | None:
    """`A, he said`: the last reported clause before the verb, unless it is not this cue's (`... as an
    example: He says A`, `Most voters say A; 26 percent say B`, a clause inside the speaker's description)."""
    verb, doc = cue.verb, cue.verb.doc
    after = [c for c in cue.clauses if c.i > verb.i]
    before = [c for c in cue.clauses if c.i < verb.i]
    subject = cue.subject
    if before and after and subject is not None and subject.i <= before[-1].right_edge.i:
        return None
    if before and after and (is_speech_verb(before[-1]) or any(
            t.text in (";", ":") for t in doc[before[-1].right_edge.i + 1 : verb.i])):
        return None
    if not before:
        return None
    clause = before[-1]
    start = verb.sent.start
    # `Noting that X, Cho said Y`: the sentence opens with another cue's clause.
    for child in verb.lefts:
        if child.dep_ == "advcl" and child.i < clause.left_edge.i:
            start = child.right_edge.i + 1
    return (min(start, clause.left_edge.i), clause.right_edge.i + 1), True


def _clause_after(cue: ReportingVerb) -> Found | None:
    """`He said A`: the reported clauses after the verb, run on to where the reported words end."""
    after = [c for c in cue.clauses if c.i > cue.verb.i]
    if not after:
        return None
    end = max(c.right_edge.i for c in after) + 1
    # `a rule change that he said would make ...`: the relative pronoun before the cue is not reported
    return (max(after[0].left_edge.i, cue.verb.i + 1), run_on_end(cue.verb, end)), False


def _object_and_infinitive(cue: ReportingVerb) -> Found | None:
    """`urged the government to act`: who was addressed and what they were asked to do."""
    if cue.lemma in OBJECT_INFINITIVE_VERBS and cue.objects and cue.infinitives:
        return (cue.objects[0].left_edge.i, cue.infinitives[-1].right_edge.i + 1), False
    return None


def _to_infinitive(cue: ReportingVerb) -> Found | None:
    """`pledged to oppose legal status`."""
    infinitives = cue.infinitives
    if cue.lemma in OBJECT_CONTENT_VERBS and infinitives and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in infinitives[0].children):
        return (infinitives[0].left_edge.i, infinitives[0].right_edge.i + 1), False
    return None


def _object(cue: ReportingVerb) -> Found | None:
    """`announced his resignation`, `predicted a Cruz win`: an object of two words or more, not a pronoun, and not
    words that name what was said without saying it (`repeating the minister's words`)."""
    if cue.lemma not in OBJECT_CONTENT_VERBS or not cue.objects:
        return None
    first = cue.objects[0]
    if first.lemma_.lower() in SPEECH_REFERENCE_NOUNS and not any(c.dep_ in CLAUSE_DEPS for c in first.children):
        return None
    if first.pos_ != "PRON" and word_count(cue.verb.doc, first.left_edge.i, first.right_edge.i + 1) >= 2:
        return (first.left_edge.i, run_on_end(cue.verb, first.right_edge.i + 1)), False
    return None


def _passive_subject(cue: ReportingVerb) -> Found | None:
    """`X was first reported by MSNBC`: the subject of a passive verb with an agent."""
    subjects = [c for c in cue.verb.children if c.dep_ in ("nsubjpass", "csubjpass")]
    if subjects and passive_agent(cue.verb) is not None:
        return (subjects[0].left_edge.i, subjects[0].right_edge.i + 1), True
    return None


def _words_before_closing_cue(cue: ReportingVerb) -> Found | None:
    """`X, Wang stressed.` / `X, said Wang.` with the clause parsed as a modifier: the cue ends the sentence. Not a
    relative clause's verb: `from Walter Energy, another company that had declared bankruptcy` reports nothing."""
    verb, doc, subject = cue.verb, cue.verb.doc, cue.subject
    if subject is None or verb.dep_ == "relcl":
        return None
    sent = verb.sent
    cue_left = min(subject.left_edge.i, verb.i)
    cue_right = max(subject.right_edge.i, verb.i)
    rest = [t for t in doc[cue_right + 1 : sent.end] if not t.is_punct and not t.is_space]
    if cue_left > sent.start and doc[cue_left - 1].text in CUE_DELIMITERS and len(rest) <= 12 \
            and is_clause(doc, sent.start, cue_left - 1):
        return (sent.start, cue_left - 1), True
    return None


def _clause_the_cue_hangs_off(cue: ReportingVerb) -> Found | None:
    """`X, Wang said`: the parser made the reporting verb hang off the reported clause."""
    verb, doc, sent = cue.verb, cue.verb.doc, cue.verb.sent
    hangs_off_clause = verb.dep_ in ("parataxis", "ccomp", "advcl", "conj") and verb.head.i < verb.i \
        and verb.tag_ != "VBG" and not is_subordinate(verb)
    if hangs_off_clause and verb.head.sent == sent:
        left = verb.left_edge.i
        if left > sent.start and (doc[left - 1].is_punct or doc[left].is_punct) and is_clause(doc, sent.start, left):
            return (sent.start, left), True
    return None


CONTENT_DETECTORS: tuple[Callable[[ReportingVerb], Found | _NotReported | None], ...] = (
    _expressed_feeling,
    _needed_preposition,
    _clause_before,
    _clause_after,
    _object_and_infinitive,
    _to_infinitive,
    _object,
    _passive_subject,
    _words_before_closing_cue,
    _clause_the_cue_hangs_off,
)


def content_of(verb: Token) -> Found | None:
    """What a reporting verb reports: the first answer of CONTENT_DETECTORS."""
    cue = ReportingVerb(verb)
    for detector in CONTENT_DETECTORS:
        found = detector(cue)
        if found is NOT_REPORTED:
            return None
        if found is not None:
            return found
    return None


# -- cue detectors, tried in order -----------------------------------------------------------------


def _as_cue(verb: Token, quote_at: QuoteLookup, limits: Limits) -> Candidate | None:
    """`As Clyburn noted, those voters will ...`, `A, as The Post reported, B`: a cue clause led by `as`
    sources the sentence it hangs on, around the cue unless the clause opens the sentence."""
    doc, sent, head = verb.doc, verb.sent, verb.head
    subject = subject_of(verb)
    if verb.dep_ != "advcl" or head.i <= verb.i or head.sent != sent or subject is None:
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) or any(
            c.dep_ in ("dobj", "ccomp", "xcomp", "dative") and not (puts_it(verb) and c.lower_ == "it")
            for c in verb.children):
        return None
    left, right = verb.left_edge.i, verb.right_edge.i + 1
    if right >= sent.end - 1 or doc[right].text != "," or head.i <= right:
        return None
    if all(t.dep_ == "cc" or t.is_punct for t in doc[sent.start : left]):
        return Candidate(verb, subject, (right + 1, sent.end), False, cue_text(verb), around_cue=False)
    return Candidate(verb, subject, (sent.start, sent.end), False, cue_text(verb), around_cue=True)


def _cue_inside(verb: Token, quote_at: QuoteLookup, limits: Limits) -> Candidate | None:
    """`Many of the closures, he said, have involved public courses`: a cue clause set off by commas inside
    the sentence it reports (the parser hangs it off the sentence's main verb, after it). The content is
    the whole sentence, cue included."""
    doc, sent, head = verb.doc, verb.sent, verb.head
    if verb.dep_ not in ("parataxis", "advcl", "ccomp") or head.i <= verb.i or head.sent != sent:
        return None
    if any(c.dep_ in CLAUSE_DEPS or c.dep_ in ("dobj", "xcomp") for c in verb.children):
        return None
    subject = subject_of(verb)
    if subject is None:
        return None
    # The cue clause: the subject, the verb and what follows the verb (`said Marcia Smith, a vice president`).
    left = min(subject.left_edge.i, verb.i) - 1
    right = max([verb.i, subject.right_edge.i, *(c.right_edge.i for c in verb.rights if not c.is_punct)]) + 1
    if left <= sent.start or right >= sent.end - 1 or doc[left].text not in CUE_DELIMITERS \
            or doc[right].text not in CUE_DELIMITERS or head.i <= right:
        return None
    after = word_count(doc, right + 1, sent.end)
    if not after or after + word_count(doc, sent.start, left) < limits.min_content_words:
        return None
    content = sent.start, sent.end
    # `Stressing the urgency, Trump said, "We must act."`: a scene-setting opener and a quotation after the
    # cue; only the quotation was said.
    subject_before = any(c.dep_ in SUBJECT_DEPS and c.i < left for c in head.children)
    if doc[right + 1].text in OPENING_MARKS and not subject_before and not has_main_clause(doc, sent.start, left):
        content = right + 1, sent.end
    cue_clause = None if content[0] > left else (left, right + 1)
    return Candidate(verb, subject, content, False, cue_text(verb), around_cue=True, cue_clause=cue_clause)


def _hung_on_its_head(verb: Token) -> Token | None:
    """`..., Wang said, adding that ...`, `Noting that ..., Cho said ...`, `X said ... and added ...`."""
    if verb.dep_ in ("advcl", "conj", "xcomp") and verb.tag_ in ("VBG", "VBD", "VBZ", "VBP", "VB"):
        return verb.head
    return None


def _after_a_preposition(verb: Token) -> Token | None:
    """`before explaining why ...`, `by pointing out that ...`: a participle after a preposition, with a
    clause of its own, reports for the clause the preposition hangs on."""
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ in PARTICIPLE_PREPOSITIONS \
            and any(c.dep_ == "ccomp" for c in verb.children) and verb.head.head.pos_ in ("VERB", "AUX"):
        return verb.head.head
    return None


SPEAKER_INHERITANCE: tuple[Callable[[Token], Token | None], ...] = (_hung_on_its_head, _after_a_preposition)
"""Where a cue without a subject of its own finds its speaker: the clause it hangs on."""


def _reported_words(verb: Token, quote_at: QuoteLookup, limits: Limits) -> Candidate | None:
    """The quotation the cue introduces, else what CONTENT_DETECTORS find; the speaker is the subject, the
    passive's agent, or that of the clause the cue hangs on."""
    quoted = introduced_quote(verb, quote_at)
    found = (quoted, False) if quoted is not None else content_of(verb)
    if found is None:
        return None
    content, before = found
    if not before and quoted is None:
        content = content[0], _tail_of_the_words(verb, content[1])
    subject = subject_of(verb)
    inherit_from = None
    if subject is None:
        subject = passive_agent(verb)
    if subject is None:
        inherit_from = next((head for rule in SPEAKER_INHERITANCE if (head := rule(verb)) is not None), None)
        if inherit_from is None:
            return None
    elif verb.lemma_.lower() in CLAUSE_ONLY_VERBS and quoted is None and not any(
            c.dep_ in CLAUSE_DEPS for c in verb.children):
        return None
    if before and quoted is None and subject is not None:
        around = _words_after_cue_clause(verb, subject, content)
        if around is not None:
            content, cue_clause = around
            return Candidate(verb, subject, content, before, cue_text(verb), around_cue=True, cue_clause=cue_clause)
    return Candidate(verb, subject, content, before, cue_text(verb), inherit_from, quoted=quoted is not None)


def _tail_of_the_words(verb: Token, end: int) -> int:
    """`said the event brought back memories of her father, and of "all the people ..."`, `said that claim
    smacked of hypocrisy, because Democrats ...`: what the parser hung on the cue after the reported clause
    carries the reported words on when it is a conjunct that is no predicate of the speaker's, or a clause
    of reason or concession. Returns the end of the words."""
    doc, sent = verb.doc, verb.sent
    if end >= sent.end - 1 or doc[end].text not in (",", "and", ";") or "\n" in doc[end].whitespace_:
        return end
    following = next((t for t in doc[end : sent.end] if not t.is_punct and t.dep_ != "cc"), None)
    while following is not None and following.head.i not in (verb.i, following.i) and following.head.i >= end:
        following = following.head  # (from `because` up to the clause it leads)
    if following is None or following.head.i != verb.i:
        return end
    coordinated = any(t.dep_ == "cc" for t in doc[end : following.left_edge.i + 1])
    carries_on = (following.dep_ == "conj" or following.dep_ == "prep" and coordinated) and following.pos_ not in (
        "VERB", "AUX") or (
        following.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in REASON_MARKS for c in following.children))
    tail_end = following.right_edge.i + 1
    if any(t.text in OPENING_MARKS for t in doc[end:tail_end]):
        while tail_end < sent.end and doc[tail_end].is_punct:
            tail_end += 1  # (and the marks that close the quotation it opens)
    if not carries_on or any(is_speech_verb(t) and subject_of(t) is not None for t in doc[end:tail_end]):
        return end  # (`..., though she acknowledged it was unlikely`: a statement of its own)
    return max(end, tail_end)


def _words_after_cue_clause(verb: Token, subject: Token, content: tuple[int, int]) \
        -> tuple[tuple[int, int], tuple[int, int]] | None:
    """`Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt`: a cue clause set off by commas
    after the words it reports, with the sentence carrying on after it, reports the rest of the sentence
    too. Returns the content and the cue clause (its commas included), or None when the sentence ends with
    the cue or carries on with the narrator's words (`, adding ...`, `, as he left`)."""
    doc, sent = verb.doc, verb.sent
    left = min(subject.left_edge.i, verb.i) - 1
    if left < content[1] - 1 or left <= sent.start or doc[left].text != ",":
        return None
    right = verb.i + 1
    while right < sent.end and doc[right].text != "," and not doc[right].is_space \
            and doc[right].dep_ not in CLAUSE_DEPS and doc[right].text not in OPENING_MARKS:
        right += 1
    if right >= sent.end or doc[right].text != "," or any(t.text in OPENING_MARKS for t in doc[verb.i + 1 : right]):
        return None
    rest = [t for t in doc[right + 1 : sent.end] if not t.is_punct and not t.is_space]
    # (`said Monday in a call with his counterpart, Cho Hyun.`: the comma is inside the cue clause)
    cue_words = {t.i for child in verb.rights if child.i < right for t in child.subtree}
    if len(rest) < 2 or rest[0].i in cue_words or rest[0].tag_ == "VBG" or rest[0].lower_ in NARRATION_OPENERS:
        return None
    if any("\n" in t.text for t in doc[right + 1 : sent.end - 1]):
        return None
    return (content[0], sent.end), (left, right + 1)


CUE_DETECTORS: tuple[Callable[[Token, QuoteLookup, Limits], Candidate | None], ...] = (
    _as_cue,
    _cue_inside,
    _reported_words,
)


def verb_candidates(
    doc: Doc, quote_at: QuoteLookup = lambda char: None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Candidate]:
    """A candidate statement for each speech verb: the first answer of CUE_DETECTORS."""
    for verb in doc:
        if not is_speech_verb(verb):
            continue
        for detector in CUE_DETECTORS:
            candidate = detector(verb, quote_at, limits)
            if candidate is not None:
                yield candidate
                break


def introduced_quote(verb: Token, quote_at: QuoteLookup) -> tuple[int, int] | None:
    """`she replied: "..."`, `telling reporters, "..."`, `saying at one point, "..."`: a comma or colon right
    after the cue (and its object or adverbial) opens a quotation, which is what was said, whatever the
    parser made of it. Returns the quotation's token range."""
    doc = verb.doc
    subject = subject_of(verb)
    left = min(verb.i, subject.left_edge.i) if subject is not None and subject.i < verb.i else verb.i
    before = "".join(t.text for t in doc[max(0, left - 3) : left] if not t.is_space)
    if re.search(r",(”|\"|'')$", before):
        return None  # `"A," she said, "B."`: one quotation split by its cue, joined later
    for token in doc[verb.i + 1 : min(len(doc) - 2, verb.i + 8)]:
        if token.text in (",", ":"):
            mark = doc[token.i + 1]
            if mark.text not in OPENING_MARKS or "\n" in token.whitespace_ or mark.i + 1 >= len(doc):
                return None
            quote = quote_at(doc[mark.i + 1].idx)
            span = doc.char_span(quote.start, quote.end, alignment_mode="expand") if quote is not None else None
            if span is None or span.start <= mark.i:
                return None
            # `"We have three weeks to go" until the caucuses`: the sentence carries on past the quotation.
            after = next((t for t in doc[span.end : span.end + 3] if t.text not in QUOTE_ENDS), None)
            ended = doc[span.end - 1].text in (".", "?", "!")
            return (span.start, span.end) if ended or after is None or not after.is_alpha else None
        if token.is_punct or token.is_space or token.pos_ in ("VERB", "AUX"):
            return None
    return None


def run_on_end(verb: Token, end: int) -> int:
    """Where reported words after the verb end: the parser often hangs their tail (`, compared to ...`)
    elsewhere, so run on to the sentence's end unless the verb itself owns what follows (`, adding ...`)."""
    sent = verb.sent
    if verb.dep_ == "pcomp":  # `After saying A, the man ended up ...`: the phrase ends the reported words
        return max(end, verb.head.right_edge.i + 1) if verb.head.i > verb.head.head.i else end
    owned = {t.i for child in verb.rights if child.i >= end for t in child.subtree}
    position = end
    while position < sent.end and position not in owned:
        position += 1
    return max(end, position)
