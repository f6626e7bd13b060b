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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from spacy.tokens import Doc, Span, Token

from .lexicon import (
    CLAUSE_ONLY_VERBS,
    EXPRESSION_NOUNS,
    EXPRESSION_VERBS,
    GROUP_HEADS,
    NEEDS_PARTICLE,
    NEEDS_PREPOSITION,
    OBJECT_CONTENT_VERBS,
    SPEECH_VERBS,
    WEEKDAY_WORDS,
)
from .model import Speaker
from .quotes import Quote, find_quotes
from .speakers import SpeakerResolver, mention_tokens

SUBJECT_DEPS = ("nsubj", "nsubjpass")
CLAUSE_DEPS = ("ccomp", "parataxis")
MIN_CONTENT_WORDS = 3
MAX_CONTINUATION_PARAGRAPH = 4
FIRST_PERSON_WORDS = frozenset({"i", "me", "my", "we", "our", "us"})
MAX_WORDS_BETWEEN_QUOTE_PARTS = 40
MAX_CHARS_BETWEEN_QUOTE_PARTS = 320  # `," said Name, a long description of who they are. "`
_TRIM_LEFT = set(",;:—–-") | {"that"}
_TRIM_RIGHT = set(",;:—–-.")
_ADDRESSEE_VERBS = frozenset({"tell", "ask", "warn", "urge", "inform", "assure", "remind", "advise"})
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
    around_cue: bool = False  # the content runs on both sides of the cue (`A, he said, B`)
    quoted: bool = False  # the content is the quotation the cue introduces (`he said: "..."`)


# -- small helpers ---------------------------------------------------------------------------------


def _is_speech_verb(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in SPEECH_VERBS:
        return False
    lemma = token.lemma_.lower()
    if lemma in NEEDS_PARTICLE:
        return any(c.dep_ == "prt" and c.lower_ in NEEDS_PARTICLE[lemma] for c in token.children)
    return True


def _subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    # `"Thanks for coming," said one organizer`: after a closing quotation mark the subject follows the verb;
    # a word of the quotation the parser took for one does not count.
    if verb.i > 0 and verb.doc[verb.i - 1].text in _CLOSING_MARKS and any(c.i > verb.i for c in subjects):
        subjects = [c for c in subjects if c.i > verb.i]
    # `"... states in play: Michigan, Ohio," Mr. Trump said`: of two subjects, the one next to the verb.
    subjects.sort(key=lambda c: abs(c.i - verb.i))
    for child in subjects:
        if child.dep_ == "nsubj":
            # `voters, who said ...`: the relative pronoun stands for the noun the clause hangs on.
            if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                return verb.head
            return child
    # `..., former president Bill Clinton said ...` with the name parsed as an apposition: the name
    # right before the verb is its subject.
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.dep_ == "advmod" and before.i > 0:
        before = verb.doc[before.i - 1]
    # `..., Senator Harry Reid, the minority leader, said ...`: past the name's apposition.
    if before is not None and before.text == "," and before.i > 0 and verb.doc[before.i - 1].dep_ == "appos":
        before = verb.doc[before.i - 1]
        while before.dep_ == "appos" and before.pos_ != "PROPN" and before.head.i < before.i:
            before = before.head
    if before is not None and verb.dep_ == "ROOT" and before.dep_ in ("appos", "conj", "pobj", "compound") and (
        before.pos_ in ("PROPN", "PRON") or before.lower_ in GROUP_HEADS
    ):
        return before
    # Inverted `..., said Wang`: the parser sometimes makes the name an object or modifier.
    # `Jeffrey Salkin, a Hollywood, Fla., rabbi helping to organize the boycott, said ...` with the name
    # hung elsewhere: the person named before the comma-set-off description.
    if verb.dep_ == "ROOT" and verb.tag_ in ("VBD", "VBZ") and before is not None and before.text == ",":
        doc = verb.doc
        for index in range(verb.i - 3, max(verb.sent.start, verb.i - 25) - 1, -1):
            token = doc[index]
            if token.text in _OPENING_MARKS or token.text in _CLOSING_MARKS[:-1] or _is_speech_verb(token):
                break
            if token.ent_type_ == "PERSON" and doc[index + 1].text == "," and token.ent_iob_ in ("B", "I"):
                first = index
                while first > verb.sent.start and doc[first].ent_iob_ == "I":
                    first -= 1
                if first == verb.sent.start or doc[first - 1].text == ",":
                    return token
                break
    # `"How big is that wall?" asked the boy, who ...`, `'' said Robert Reich, who ...`: after a closing
    # quotation mark the noun phrase right after the verb is its subject, wherever the parser hung it.
    if verb.i > 0 and verb.doc[verb.i - 1].text in _CLOSING_MARKS[:-1] and verb.tag_ != "VBG":
        position = verb.i + 1
        while position < len(verb.doc) and verb.doc[position].dep_ in ("det", "compound", "amod", "poss", "case"):
            position += 1
        if position + 1 < len(verb.doc):
            noun, following = verb.doc[position], verb.doc[position + 1]
            if noun.pos_ in ("PROPN", "NOUN") and following.is_punct:
                return noun
    # (not `telling CNN that ...`: the object of a participle or of `tell` is who was spoken to)
    if verb.tag_ == "VBG" or verb.lemma_.lower() in _ADDRESSEE_VERBS:
        return None
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod", "nsubjpass") and (
            child.pos_ == "PROPN" or child.ent_type_ in ("PERSON", "ORG")
        ) and child.i == verb.i + 1:
            return child
    return None


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without leading `that`/punctuation and trailing punctuation or spaces."""
    # (`that` as a subject, `said that was a mistake`, stays)
    while start < end and (doc[start].lower_ in _TRIM_LEFT and doc[start].dep_ not in SUBJECT_DEPS
                           or doc[start].is_space or doc[start].dep_ == "cc"
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


_CUE_DELIMITERS = (",", "—", "–")
_OPENING_MARKS = ("“", '"', "''", "``", "‘")
_CLOSING_MARKS = ("”", '"', "''", "’", ",")


def _cue_inside(verb: Token) -> tuple[int, int] | None:
    """`Many of the closures, he said, have involved public courses`: a cue clause set off by commas inside
    the sentence it reports (the parser hangs it off the sentence's main verb, after it). The content is
    the whole sentence, cue included."""
    doc, sent, head = verb.doc, verb.sent, verb.head
    if verb.dep_ not in ("parataxis", "advcl", "ccomp") or head.i <= verb.i or head.sent != sent:
        return None
    if any(c.dep_ in CLAUSE_DEPS or c.dep_ in ("dobj", "xcomp") for c in verb.children):
        return None
    subject = _subject(verb)
    if subject is None:
        return None
    # The cue clause: the subject, the verb and what follows the verb (`said Marcia Smith, a vice president`).
    left = min(subject.left_edge.i, verb.i) - 1
    right = max([verb.i, subject.right_edge.i, *(c.right_edge.i for c in verb.rights if not c.is_punct)]) + 1
    if left <= sent.start or right >= sent.end - 1 or doc[left].text not in _CUE_DELIMITERS \
            or doc[right].text not in _CUE_DELIMITERS or head.i <= right:
        return None
    after = _words(doc, right + 1, sent.end)
    if not after or after + _words(doc, sent.start, left) < MIN_CONTENT_WORDS:
        return None
    # `Stressing the urgency, Trump said, "We must act."`: a scene-setting opener and a quotation after the
    # cue; only the quotation was said.
    subject_before = any(c.dep_ in SUBJECT_DEPS and c.i < left for c in head.children)
    if doc[right + 1].text in _OPENING_MARKS and not subject_before and not _has_main_clause(doc, sent.start, left):
        return right + 1, sent.end
    return sent.start, sent.end


def _as_cue(verb: Token) -> tuple[tuple[int, int], bool] | None:
    """`As Clyburn noted, those voters will ...`, `A, as The Post reported, B`: a cue clause led by `as` sources
    the sentence it hangs on. Returns the content and whether the cue is inside it."""
    doc, sent, head = verb.doc, verb.sent, verb.head
    if verb.dep_ != "advcl" or head.i <= verb.i or head.sent != sent or _subject(verb) is None:
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) or any(
            c.dep_ in ("dobj", "ccomp", "xcomp", "dative") for c in verb.children):
        return None
    left, right = verb.left_edge.i, verb.right_edge.i + 1
    if right >= sent.end - 1 or doc[right].text != "," or head.i <= right:
        return None
    if all(t.dep_ == "cc" or t.is_punct for t in doc[sent.start : left]):
        return (right + 1, sent.end), False
    return (sent.start, sent.end), True


def _has_main_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether words have a subject of their own outside a subordinate clause (`the tax must rise`, not
    `Stressing the urgency` or `after the two divorced`)."""
    return any(t.dep_ in SUBJECT_DEPS and start <= t.head.i < end
               and not any(c.dep_ == "mark" for c in t.head.children) for t in doc[start:end])


def _content_of(verb: Token) -> tuple[tuple[int, int], bool] | None:
    """The token range of what a reporting verb reports, and whether it stands before the verb."""
    doc, sent = verb.doc, verb.sent
    lemma = verb.lemma_.lower()
    # (`saying she was "appalled"`: an adjective with a subject of its own heads a clause too)
    clauses = [c for c in verb.children if c.dep_ in CLAUSE_DEPS and (
        c.pos_ in ("VERB", "AUX") or c.dep_ == "ccomp" and any(g.dep_ in SUBJECT_DEPS for g in c.children))]
    # `He said legalizing it could ...`: the parser sometimes takes the clause for a complement.
    clauses += [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and c.tag_ == "VBG"
                and any(g.dep_ in CLAUSE_DEPS for g in c.children)]
    # `said in a statement that ...`: the parser hangs the that-clause on the noun of the prepositional phrase.
    clauses += [c for prep in verb.children if prep.dep_ == "prep" and prep.i > verb.i
                for noun in prep.children if noun.dep_ == "pobj"
                for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
    # `asked the students if they were ...`: the indirect question the parser takes for an adverbial clause
    if lemma in ("ask", "wonder", "question"):
        clauses += [c for c in verb.children if c.dep_ == "advcl" and c.i > verb.i and any(
            m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children)]
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
        # `... as an example: He says A`, `Most voters say A; 26 percent say B`: a clause before the cue
        # that a colon or semicolon closes, or that another cue reports, is not what this cue reports.
        subject = _subject(verb)
        # (`Salkin, a rabbi helping to organize the boycott, said A`: a clause inside the speaker's description)
        if before and after and subject is not None and subject.i <= before[-1].right_edge.i:
            before = []
        if before and after and (_is_speech_verb(before[-1]) or any(
                t.text in (";", ":") for t in doc[before[-1].right_edge.i + 1 : verb.i])):
            before = []
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
        # `a rule change that he said would make ...`: the relative pronoun before the cue is not reported
        return (max(clause.left_edge.i, verb.i + 1), _run_on_end(verb, end)), False
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    xcomps = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and c.pos_ in ("VERB", "AUX")]
    if lemma in ("urge", "ask", "warn", "tell", "call") and objects and xcomps:
        return (objects[0].left_edge.i, xcomps[-1].right_edge.i + 1), False
    if lemma in OBJECT_CONTENT_VERBS:
        # `pledged to oppose legal status`, `announced his resignation`, `predicted a Cruz win`
        if xcomps and any(c.dep_ == "aux" and c.lower_ == "to" for c in xcomps[0].children):
            return (xcomps[0].left_edge.i, xcomps[0].right_edge.i + 1), False
        if objects and objects[0].pos_ not in ("PRON",) and _words(doc, objects[0].left_edge.i,
                                                                   objects[0].right_edge.i + 1) >= 2:
            return (objects[0].left_edge.i, _run_on_end(verb, objects[0].right_edge.i + 1)), False
    passive_subjects = [c for c in verb.children if c.dep_ in ("nsubjpass", "csubjpass")]
    if passive_subjects and _passive_agent(verb) is not None:
        return (passive_subjects[0].left_edge.i, passive_subjects[0].right_edge.i + 1), True
    # `X, Wang stressed.` / `X, said Wang.` with the clause parsed as a modifier: the cue ends the sentence.
    subject = _subject(verb)
    if subject is not None:
        cue_left = min(subject.left_edge.i, verb.i)
        cue_right = max(subject.right_edge.i, verb.i)
        rest = [t for t in doc[cue_right + 1 : sent.end] if not t.is_punct and not t.is_space]
        if cue_left > sent.start and doc[cue_left - 1].text in (",", "—", "–") and len(rest) <= 12 \
                and _is_clause(doc, sent.start, cue_left - 1):
            return (sent.start, cue_left - 1), True
    # `X, Wang said`: the parser made the reporting verb hang off the reported clause.
    hangs_off_clause = verb.dep_ in ("parataxis", "ccomp", "advcl", "conj") and verb.head.i < verb.i \
        and verb.tag_ != "VBG" and not _subordinate(verb)
    if hangs_off_clause and verb.head.sent == sent:
        left = verb.left_edge.i
        if left > sent.start and (doc[left - 1].is_punct or doc[left].is_punct) and _is_clause(doc, sent.start, left):
            return (sent.start, left), True
    return None


def _subordinate(verb: Token) -> bool:
    """`A, as voters responded to B`, `A when she said B`: a cue in a clause of its own that says what it
    reports, not the reporter's `A, as the Times reported`."""
    marks = [c.lower_ for c in verb.children if c.dep_ == "mark"]
    return bool(marks) and (marks != ["as"] or any(
        c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ in ("to", "about") for c in verb.children))


def _is_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether words before a cue say something (`China should oppose ...`) rather than only set the
    scene (`In a statement on Tuesday`, `On ABC's "Good Morning America"`)."""
    tops = [t for t in doc[start:end] if not start <= t.head.i < end or t.head.i == t.i]
    return any(t.pos_ in ("VERB", "AUX") and not any(c.dep_ == "mark" for c in t.children)
               or t.dep_ in ("nsubj", "nsubjpass") for t in tops)


def _run_on_end(verb: Token, end: int) -> int:
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


def _cut_at_other_cues(doc: Doc, start: int, end: int, cue: Token, cues: set[int]) -> int:
    """Reported words end where another reporting clause with its own speaker begins
    (`X said A, and Y said B`), or another reporting verb of the speaker's (`X said A and predicted B`)."""
    for index in range(start + 1, end):
        # (`A, while 22 percent said B`: a contrasting clause with a cue of its own is another statement)
        contrast = doc[index].dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("while", "whereas") for c in doc[index].children)
        if index in cues and index != cue.i and (doc[index].dep_ not in ("relcl", "acl", "advcl", "pcomp")
                                                 or contrast):
            other = doc[index]
            subject = _subject(other)
            # `X said A and predicted B`: a second reporting verb of the speaker's, in the cue's tense.
            second = subject is None and other.dep_ == "conj" and other.tag_ == cue.tag_
            if subject is not None and start < subject.left_edge.i or second:
                cut = min(subject.left_edge.i, other.i) if subject is not None else other.i
                while cut > start and (doc[cut - 1].is_punct or doc[cut - 1].dep_ in ("cc", "mark")):
                    cut -= 1
                return cut
    return end


def _cut_narration_tail(doc: Doc, start: int, end: int, cue: Token) -> int:
    """The reporter's words that trail reported speech end it: `, referring to ...`, `, calling them ...`,
    `and called on ...` (a second predicate of the speaker, in the tense of the cue)."""
    for index in range(start + 3, end - 1):
        token, following = doc[index], doc[index + 1]
        if token.text not in (",", "—", "–", "and", "but"):
            continue
        participle = following.tag_ == "VBG" and following.dep_ in ("advcl", "xcomp", "conj") and not any(
            c.dep_ in ("nsubj", "aux") for c in following.children) and (
            following.head.i == cue.i or _is_speech_verb(following))
        conjunct = following.pos_ == "VERB" and following.dep_ == "conj" and not any(
            c.dep_ == "nsubj" for c in following.children)
        # a conjunct of the cue, in its tense, not of the reported clause (`she was tired and wanted ...`)
        same_tense = conjunct and following.head.i == cue.i and following.tag_ == cue.tag_ \
            and cue.tag_ in ("VBD", "VBZ")
        # `X attacked Y, saying A, and reminded ...`: a conjunct of the clause a participle cue hangs on
        same_tense = same_tense or conjunct and cue.tag_ == "VBG" and following.head.i == cue.head.i \
            and following.tag_ == cue.head.tag_
        # `, compared with 39 percent for ...`: the reporter's comparison
        compared = token.text == "," and following.lower_ in ("compared", "comparing") and index + 2 < end \
            and doc[index + 2].lower_ in ("to", "with")
        if participle or same_tense or compared:
            return index
    return end


def _cut_aside(builder: _Builder, start: int, end: int) -> int:
    """`he supports the bill, which includes ...`: a non-restrictive relative clause that closes reported
    words is the reporter's aside about what they name (unless it is quoted)."""
    doc = builder.doc
    for index in range(start + 3, end - 2):
        token, following = doc[index], doc[index + 1]
        if token.text != "," or any(builder.quote_at(t.idx) for t in doc[index + 1 : end]):
            continue
        relative = _relative_clause_at(doc, index + 1, end)
        # `upgraded to the "Secret" level, a more sensitive classification for ...`
        apposition = following.head.dep_ == "appos" and following.head.left_edge.i == index + 1 \
            and following.head.right_edge.i >= end - 2 and following.head.head.i < index
        if relative or apposition:
            return index
    return end


def _relative_clause_at(doc: Doc, start: int, end: int) -> bool:
    """Whether a relative clause (`which includes ...`, `both of which she praised`) starts at `start` and
    runs to `end`."""
    for token in doc[start : min(end, start + 4)]:
        if token.lower_ not in ("which", "who", "whom", "whose"):
            continue
        clause = token
        for _ in range(5):
            if clause.pos_ in ("VERB", "AUX"):  # the parser may call it relcl, advcl or acl
                return clause.left_edge.i == start and clause.right_edge.i >= end - 2
            clause = clause.head
        return False
    return False


def _passive_agent(verb: Token) -> Token | None:
    """`X was first reported by MSNBC`: the speaker of a passive reporting verb is its agent."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _introduced_quote(verb: Token, quote_at: Callable[[int], Quote | None]) -> tuple[int, int] | None:
    """`she replied: "..."`, `telling reporters, "..."`, `saying at one point, "..."`: a comma or colon right
    after the cue (and its object or adverbial) opens a quotation, which is what was said, whatever the
    parser made of it. Returns the quotation's token range."""
    doc = verb.doc
    subject = _subject(verb)
    left = min(verb.i, subject.left_edge.i) if subject is not None and subject.i < verb.i else verb.i
    before = "".join(t.text for t in doc[max(0, left - 3) : left] if not t.is_space)
    if re.search(r",(”|\"|'')$", before):
        return None  # `"A," she said, "B."`: one quotation split by its cue, joined later
    for token in doc[verb.i + 1 : min(len(doc) - 2, verb.i + 8)]:
        if token.text in (",", ":"):
            mark = doc[token.i + 1]
            if mark.text not in _OPENING_MARKS or "\n" in token.whitespace_ or mark.i + 1 >= len(doc):
                return None
            quote = quote_at(doc[mark.i + 1].idx)
            span = doc.char_span(quote.start, quote.end, alignment_mode="expand") if quote is not None else None
            if span is None or span.start <= mark.i:
                return None
            # `"We have three weeks to go" until the caucuses`: the sentence carries on past the quotation.
            after = next((t for t in doc[span.end : span.end + 3] if t.text not in _CLOSING_MARKS), None)
            ended = doc[span.end - 1].text in (".", "?", "!")
            return (span.start, span.end) if ended or after is None or not after.is_alpha else None
        if token.is_punct or token.is_space or token.pos_ in ("VERB", "AUX"):
            return None
    return None


def _verb_candidates(doc: Doc, quote_at: Callable[[int], Quote | None] = lambda char: None) -> Iterator[_Candidate]:
    for verb in doc:
        if not _is_speech_verb(verb):
            continue
        if (sourced := _as_cue(verb)) is not None:
            content, around = sourced
            yield _Candidate(verb, _subject(verb), content, False, _cue_text(verb), around_cue=around)
            continue
        if (inside := _cue_inside(verb)) is not None:
            yield _Candidate(verb, _subject(verb), inside, False, _cue_text(verb), around_cue=True)
            continue
        quoted = _introduced_quote(verb, quote_at)
        found = (quoted, False) if quoted is not None else _content_of(verb)
        if found is None:
            continue
        content, before = found
        subject = _subject(verb)
        inherit_from = None
        if subject is None and (agent := _passive_agent(verb)) is not None:
            subject = agent
        if subject is None:
            # `..., Wang said, adding that ...`, `Noting that ..., Cho said ...`, `X said ... and added ...`
            if verb.dep_ in ("advcl", "conj", "xcomp") and verb.tag_ in ("VBG", "VBD", "VBZ", "VBP", "VB"):
                inherit_from = verb.head
            # `before explaining why ...`, `by pointing out that ...`: a participle after a preposition, with a
            # clause of its own, reports for the clause the preposition hangs on.
            elif verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ in ("by", "before", "after", "upon") \
                    and any(c.dep_ == "ccomp" for c in verb.children) and verb.head.head.pos_ in ("VERB", "AUX"):
                inherit_from = verb.head.head
            else:
                continue
        elif verb.lemma_.lower() in CLAUSE_ONLY_VERBS and quoted is None and not any(
            c.dep_ in CLAUSE_DEPS for c in verb.children
        ):
            continue
        yield _Candidate(verb, subject, content, before, _cue_text(verb), inherit_from, quoted=quoted is not None)


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
        # `According to a poll out Thursday, ...`: words of the source phrase the parser hung elsewhere.
        comma = next((t.i for t in doc[phrase_end : min(sent.end, phrase_end + 5)] if t.text == ","), None)
        if comma is not None and phrase_start < sent.start + 2 and not any(
                t.pos_ in ("VERB", "AUX") for t in doc[phrase_end:comma]):
            phrase_end = comma
        # `A, according to a poll last week - B`: a clause before the phrase's comma is what it sources.
        clause_before = phrase_start > sent.start + 2 and doc[phrase_start - 1].text == "," \
            and _is_clause(doc, sent.start, phrase_start - 1)
        if clause_before or phrase_start - sent.start > sent.end - phrase_end:
            content, before = (sent.start, phrase_start), True
            # `A, and B, according to X`: the phrase sources the clause it hangs on, the last conjunct.
            head = token.head
            if head.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and sent.start < head.left_edge.i < head.i \
                    < phrase_start and any(c.dep_ in SUBJECT_DEPS for c in head.children):
                content = (head.left_edge.i, phrase_start)
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
    def __init__(self, doc: Doc, author: str | None = None):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token: compute it once
        self.quotes = find_quotes(self.text)
        self.quote_starts = [q.start for q in self.quotes]
        self.resolver = SpeakerResolver(doc, author, self.text)
        self.found: list[Attribution] = []
        self.used_cues: set[int] = set()
        self.cue_tokens: set[int] = set()

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
        start, end = candidate.content
        if not candidate.quoted:
            end = _cut_at_other_cues(doc, start, end, candidate.cue, self.cue_tokens)
        if not candidate.content_before_cue and not candidate.quoted:
            end = _cut_narration_tail(doc, start, end, candidate.cue)
            end = _cut_aside(self, start, end)
        start, end = _trim(doc, start, end)
        # (a quotation the cue introduces may be short: `Wallace then asked, "With nukes?"`)
        if _words(doc, start, end) < (1 if candidate.quoted else MIN_CONTENT_WORDS):
            return None
        cue = candidate.cue
        if start <= cue.i < end and candidate.cue_text != "according to" and not candidate.around_cue:
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


def extract_attributions(doc: Doc, author: str | None = None) -> list[Attribution]:
    """Every attributed statement in a parsed Doc, in text order. `I` outside quotations is `author`."""
    builder = _Builder(doc, author)
    # A reporting verb inside a quotation is part of the quoted words, not a cue of the article's.
    candidates = sorted(
        (c for c in [*_verb_candidates(doc, builder.quote_at), *_according_candidates(doc)]
         if builder.quote_at(c.cue.idx) is None),
        key=_speaker_position,
    )
    builder.cue_tokens = {c.cue.i for c in candidates}
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
        if speaker is not None and builder.add(candidate, speaker):
            builder.used_cues.add(candidate.cue.i)
    _attribute_loose_quotes(builder, speakers)
    _join_quote_parts(builder)
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
    # Whether a statement already covers a quote: the furthest end among statements starting before it.
    spans = sorted((a.start, a.end) for a in builder.found)
    starts = [start for start, _ in spans]
    reach = list(accumulate((end for _, end in spans), max))
    for quote in builder.quotes:
        index = bisect.bisect_right(starts, quote.start)
        if index and reach[index - 1] >= quote.end:
            continue
        if len(quote.words(builder.text)) < 4 and not _short_quote_with_cue(builder, quote):
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


def _short_quote_with_cue(builder: _Builder, quote: Quote) -> bool:
    """`"Not even one," he said.`: a quotation of a few words is a statement when it opens its sentence and
    its cue follows the closing mark at once (unlike a scare quote inside a sentence)."""
    text = builder.text
    lead = text[max(0, quote.start - 6) : quote.start].rstrip().rstrip("“\"'‘`„«").rstrip()
    opens = not lead or lead[-1] in ".!?:\n" or lead.endswith(("”", '"', "''"))
    closing = re.match(r"\s*([,!?]\s*)?(”|\"|'')", text[quote.end : quote.end + 6])
    inside = text[quote.end - 1 : quote.end] in "!?"
    if not opens or closing is None or not (closing.group(1) or inside):
        return False
    cue = _cue_after(builder.doc, quote, builder)
    return cue is not None and cue.idx - quote.end <= 40


def _cue_beside(doc: Doc, quote: Quote, builder: _Builder) -> Token | None:
    """A reporting verb with a subject just after the closing mark or just before the opening one."""
    found = _cue_after(doc, quote, builder)
    return found if found is not None else _cue_before(doc, quote, builder)


def _cue_after(doc: Doc, quote: Quote, builder: _Builder) -> Token | None:
    """A reporting verb with a subject just after a quotation's closing mark (`"We won," he said.`)."""
    # `"We won," he said.` has its cue after the quote; `"We won." He said ...` starts a new sentence.
    ends_sentence = builder.text[quote.start : quote.end].rstrip()[-1:] == "."
    after = doc.char_span(quote.end, min(len(builder.text), quote.end + 80), alignment_mode="expand")
    if after is not None and not ends_sentence:
        for token in after:
            if token.text in (".", "!", "?") or "\n" in token.text or (
                builder.quote_at(token.idx) and token.idx > quote.end + 2
            ):
                break
            # `"A?" Mills writes back, "B."`: a cue that introduces the next quotation is not this one's.
            if _is_speech_verb(token) and _subject(token) is not None \
                    and _introduced_quote(token, builder.quote_at) is None:
                return token
    return None


def _cue_before(doc: Doc, quote: Quote, builder: _Builder) -> Token | None:
    """A reporting verb with a subject just before a quotation's opening mark (`He said: "We won."`)."""
    before = doc.char_span(max(0, quote.start - 80), max(0, quote.start - 1), alignment_mode="expand")
    lead = builder.text[max(0, quote.start - 40) : quote.start].rstrip().rstrip("“\"'‘`„«").rstrip()
    # `showing off the "Make America Great Again" hat`: a quotation the cue introduces follows a comma or
    # colon (`he said, "..."`) or `that`, or opens its paragraph.
    if before is None or not (quote.opens_paragraph or lead.endswith((",", ":", "—", "–", " that"))):
        return None
    if before is not None:
        # `Reporter Jomana Karadsheh says:` closing one paragraph introduces the quote that opens the next.
        introduced = quote.opens_paragraph and re.search(r":\s*$", lead) is not None
        crossed = False
        for token in reversed(before):
            if "\n" in token.text and introduced and not crossed:
                crossed = True
                continue
            if token.text in (".", "!", "?") or "\n" in token.text:
                break
            if _is_speech_verb(token) and _subject(token) is not None:
                return token
    return None


def _join_quote_parts(builder: _Builder) -> None:
    """One statement for a quote split by its cue (`"A," he said, "B."`) or carried on in the next
    sentence of the paragraph (`"A," he said. "B."`)."""
    text = builder.text
    found = sorted(builder.found, key=lambda a: a.start)
    joined: list[Attribution] = []
    for attribution in found:
        previous = joined[-1] if joined else None
        if previous is not None and previous.kind == "direct" and _continues_quote(builder, previous, attribution):
            previous.end = attribution.end
            previous.sentence_end = max(previous.sentence_end, attribution.sentence_end)
            continue
        joined.append(attribution)
    # Cue-less quotes right after a direct statement carry it on, in the same paragraph or opening the next.
    starts = [a.start for a in joined]
    for quote in builder.quotes:
        index = bisect.bisect_left(starts, quote.start)
        if index < len(joined) and joined[index].start < quote.end or not index:
            continue
        owner = joined[index - 1]  # the nearest statement before the quote
        # A mixed statement that ends in a quotation (`Still, it is ''just a profit,'' he said. ''B.''`) too.
        ends_quoted = owner.kind == "direct" or owner.kind == "mixed" and builder.quote_at(owner.end - 1) is not None
        if not ends_quoted or not 0 <= quote.start - owner.end <= MAX_CHARS_BETWEEN_QUOTE_PARTS:
            continue
        between = text[owner.end : quote.start]
        new_paragraph = "\n" in between
        if new_paragraph and (not quote.opens_paragraph or between.count("\n") > 2 or re.search(r"\w", between)
                              and not _ends_with_cue(between)):
            continue
        if re.search(r"[.!?,]\W*$", between) and len(re.findall(r"\w+", between)) <= MAX_WORDS_BETWEEN_QUOTE_PARTS \
                and _cue_words_only(between, owner) \
                and _cue_after(builder.doc, quote, builder) is None:
            owner.end = _strip_marks(text, quote.start, quote.end, "direct")[1]
    builder.found = joined


def _continues_quote(builder: _Builder, first: Attribution, second: Attribution) -> bool:
    between = builder.text[first.end : second.start]
    return (second.kind == "direct" and second.speaker is first.speaker and "\n" not in between
            and re.search(r"[,:.!?]\s*[“\"'‘]*\s*$", between) is not None
            and len(re.findall(r"\w+", between)) <= MAX_WORDS_BETWEEN_QUOTE_PARTS
            and first.cue_start is not None and (
                first.cue_start == second.cue_start
                # `"A," he said. "B," he added.`: a second quotation with a cue of its own stands alone.
                or first.end <= first.cue_start < second.start
                and (second.cue_start is None or second.cue_start < second.start)))


def _ends_with_cue(between: str) -> bool:
    """`,” Viguerie tells Breitbart News.\n\n“`: the cue clause closes the first paragraph."""
    return bool(re.search(r"[.!?]\W*\n", between))


def _cue_words_only(between: str, owner: Attribution) -> bool:
    """The words between two quote parts are only the cue clause (`he said.`), or nothing."""
    words = re.findall(r"\w+", between)
    return not words or owner.cue_start is not None and owner.end <= owner.cue_start


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
        if len(sentences) > MAX_CONTINUATION_PARAGRAPH:
            continue
        for index, sent in enumerate(sentences):
            if covered[index] or _words(doc, sent.start, sent.end) < 4 or _has_cue(sent) or not _sounds_reported(sent):
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


def _sounds_reported(sent: Span) -> bool:
    """Present tense or a modal, third person, a statement: how reported speech carries on
    (`The two countries should also uphold ...`), unlike past-tense narration (`The two sides exchanged ...`)."""
    root = sent.root
    if sent.text.rstrip().endswith("?") or any(t.lower_ in FIRST_PERSON_WORDS for t in sent):
        return False
    verbs = [root, *(c for c in root.children if c.dep_ in ("aux", "auxpass"))]
    if any(v.tag_ == "VBD" for v in verbs):
        return False
    # Reported speech carries on with its topic as the subject, first (`China and South Korea share ...`);
    # an opener (`Still,`, `In recent years,`, `But`) or a person named in it marks the reporter's narration.
    subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.left_edge.i != sent.start or any(t.ent_type_ == "PERSON" for t in sent):
        return False
    return any(v.tag_ in ("VBZ", "VBP", "MD") for v in verbs)


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
            # A quotation is self-delimiting: the unquoted sentences before it are the reporter's.
            return first if first.content_before_cue and not first.continuation and first.kind != "direct" else None
    for earlier in reversed(covered[:index]):
        if earlier:
            last = earlier[-1]
            opens_paragraph = covered[0] and covered[0][0] is last or last.continuation
            return last if not last.content_before_cue and opens_paragraph and last.kind != "direct" else None
    return None
