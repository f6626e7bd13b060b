"""Pass 1, reporting verbs: `said`, `stressed`, `expressed hope`, `adding`, with their subject and content."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Token

from ..lexicon import (
    CLAUSE_ONLY_VERBS,
    CUE_DELIMITERS,
    EXPRESSION_NOUNS,
    EXPRESSION_VERBS,
    NEEDS_PREPOSITION,
    OBJECT_CONTENT_VERBS,
    OBJECT_INFINITIVE_VERBS,
    OPENING_MARKS,
    PARTICIPLE_PREPOSITIONS,
    QUESTION_OPENERS,
    QUESTION_VERBS,
)
from ..quotes import Quote
from .records import Candidate
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
    subject_of,
    word_count,
)

MIN_CONTENT_WORDS = 3


def _cue_inside(verb: Token) -> tuple[int, int] | None:
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
    if not after or after + word_count(doc, sent.start, left) < MIN_CONTENT_WORDS:
        return None
    # `Stressing the urgency, Trump said, "We must act."`: a scene-setting opener and a quotation after the
    # cue; only the quotation was said.
    subject_before = any(c.dep_ in SUBJECT_DEPS and c.i < left for c in head.children)
    if doc[right + 1].text in OPENING_MARKS and not subject_before and not has_main_clause(doc, sent.start, left):
        return right + 1, sent.end
    return sent.start, sent.end


def _as_cue(verb: Token) -> tuple[tuple[int, int], bool] | None:
    """`As Clyburn noted, those voters will ...`, `A, as The Post reported, B`: a cue clause led by `as` sources
    the sentence it hangs on. Returns the content and whether the cue is inside it."""
    doc, sent, head = verb.doc, verb.sent, verb.head
    if verb.dep_ != "advcl" or head.i <= verb.i or head.sent != sent or subject_of(verb) is None:
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
    if lemma in QUESTION_VERBS:
        clauses += [c for c in verb.children if c.dep_ == "advcl" and c.i > verb.i and any(
            m.dep_ == "mark" and m.lower_ in QUESTION_OPENERS for m in c.children)]
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
        subject = subject_of(verb)
        # (`Salkin, a rabbi helping to organize the boycott, said A`: a clause inside the speaker's description)
        if before and after and subject is not None and subject.i <= before[-1].right_edge.i:
            before = []
        if before and after and (is_speech_verb(before[-1]) or any(
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
        return (max(clause.left_edge.i, verb.i + 1), run_on_end(verb, end)), False
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    xcomps = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and c.pos_ in ("VERB", "AUX")]
    if lemma in OBJECT_INFINITIVE_VERBS and objects and xcomps:
        return (objects[0].left_edge.i, xcomps[-1].right_edge.i + 1), False
    if lemma in OBJECT_CONTENT_VERBS:
        # `pledged to oppose legal status`, `announced his resignation`, `predicted a Cruz win`
        if xcomps and any(c.dep_ == "aux" and c.lower_ == "to" for c in xcomps[0].children):
            return (xcomps[0].left_edge.i, xcomps[0].right_edge.i + 1), False
        if objects and objects[0].pos_ not in ("PRON",) and word_count(doc, objects[0].left_edge.i,
                                                                   objects[0].right_edge.i + 1) >= 2:
            return (objects[0].left_edge.i, run_on_end(verb, objects[0].right_edge.i + 1)), False
    passive_subjects = [c for c in verb.children if c.dep_ in ("nsubjpass", "csubjpass")]
    if passive_subjects and passive_agent(verb) is not None:
        return (passive_subjects[0].left_edge.i, passive_subjects[0].right_edge.i + 1), True
    # `X, Wang stressed.` / `X, said Wang.` with the clause parsed as a modifier: the cue ends the sentence.
    subject = subject_of(verb)
    if subject is not None:
        cue_left = min(subject.left_edge.i, verb.i)
        cue_right = max(subject.right_edge.i, verb.i)
        rest = [t for t in doc[cue_right + 1 : sent.end] if not t.is_punct and not t.is_space]
        if cue_left > sent.start and doc[cue_left - 1].text in (",", "—", "–") and len(rest) <= 12 \
                and is_clause(doc, sent.start, cue_left - 1):
            return (sent.start, cue_left - 1), True
    # `X, Wang said`: the parser made the reporting verb hang off the reported clause.
    hangs_off_clause = verb.dep_ in ("parataxis", "ccomp", "advcl", "conj") and verb.head.i < verb.i \
        and verb.tag_ != "VBG" and not is_subordinate(verb)
    if hangs_off_clause and verb.head.sent == sent:
        left = verb.left_edge.i
        if left > sent.start and (doc[left - 1].is_punct or doc[left].is_punct) and is_clause(doc, sent.start, left):
            return (sent.start, left), True
    return None


def introduced_quote(verb: Token, quote_at: Callable[[int], Quote | None]) -> tuple[int, int] | None:
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


def verb_candidates(doc: Doc, quote_at: Callable[[int], Quote | None] = lambda char: None) -> Iterator[Candidate]:
    for verb in doc:
        if not is_speech_verb(verb):
            continue
        if (sourced := _as_cue(verb)) is not None:
            content, around = sourced
            yield Candidate(verb, subject_of(verb), content, False, cue_text(verb), around_cue=around)
            continue
        if (inside := _cue_inside(verb)) is not None:
            yield Candidate(verb, subject_of(verb), inside, False, cue_text(verb), around_cue=True)
            continue
        quoted = introduced_quote(verb, quote_at)
        found = (quoted, False) if quoted is not None else _content_of(verb)
        if found is None:
            continue
        content, before = found
        subject = subject_of(verb)
        inherit_from = None
        if subject is None and (agent := passive_agent(verb)) is not None:
            subject = agent
        if subject is None:
            # `..., Wang said, adding that ...`, `Noting that ..., Cho said ...`, `X said ... and added ...`
            if verb.dep_ in ("advcl", "conj", "xcomp") and verb.tag_ in ("VBG", "VBD", "VBZ", "VBP", "VB"):
                inherit_from = verb.head
            # `before explaining why ...`, `by pointing out that ...`: a participle after a preposition, with a
            # clause of its own, reports for the clause the preposition hangs on.
            elif verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ in PARTICIPLE_PREPOSITIONS \
                    and any(c.dep_ == "ccomp" for c in verb.children) and verb.head.head.pos_ in ("VERB", "AUX"):
                inherit_from = verb.head.head
            else:
                continue
        elif verb.lemma_.lower() in CLAUSE_ONLY_VERBS and quoted is None and not any(
            c.dep_ in CLAUSE_DEPS for c in verb.children
        ):
            continue
        yield Candidate(verb, subject, content, before, cue_text(verb), inherit_from, quoted=quoted is not None)


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
