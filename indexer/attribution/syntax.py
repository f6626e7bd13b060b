"""Parse-tree helpers every pass shares: speech verbs, their subjects, clause tests and token ranges."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..lexicon import (
    ADDRESSEE_VERBS,
    CLOSING_MARKS,
    EXPRESSION_NOUNS,
    GROUP_HEADS,
    NEEDS_PARTICLE,
    NEEDS_PREPOSITION,
    OPENING_MARKS,
    SPEECH_VERBS,
    SUBJECT_RELATIVES,
    TRIM_LEFT,
    TRIM_RIGHT,
)

SUBJECT_DEPS = ("nsubj", "nsubjpass")
WHEN_LABELS = frozenset(("DATE", "TIME"))  # the recogniser's labels of when something was said, never who
CLAUSE_DEPS = ("ccomp", "parataxis")
QUOTE_ENDS = (*CLOSING_MARKS, ",")
"""What ends a quotation's words before its cue: a closing mark or a comma (`"We won," he said`)."""


def is_speech_verb(token: Token) -> bool:
    if token.pos_ == "VERB" and puts_it(token):
        return True
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in SPEECH_VERBS:
        return False
    lemma = token.lemma_.lower()
    if lemma in NEEDS_PARTICLE:
        return any(c.dep_ == "prt" and c.lower_ in NEEDS_PARTICLE[lemma] for c in token.children)
    return True


def puts_it(verb: Token) -> bool:
    """`As Ms. Simonyan put it, RT is ...`: `put it` in a clause led by `as` is a way of saying."""
    return verb.lemma_.lower() == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children) \
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def subject_of(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    # `"Thanks for coming," said one organizer`: after a closing quotation mark the subject follows the verb;
    # a word of the quotation the parser took for one does not count.
    if verb.i > 0 and verb.doc[verb.i - 1].text in QUOTE_ENDS and any(c.i > verb.i for c in subjects):
        subjects = [c for c in subjects if c.i > verb.i]
    # `"... states in play: Michigan, Ohio," Mr. Trump said`: of two subjects, the one next to the verb.
    subjects.sort(key=lambda c: abs(c.i - verb.i))
    if subjects:
        # `voters, who said ...`: the relative pronoun stands for the noun the clause hangs on.
        if subjects[0].lower_ in SUBJECT_RELATIVES and verb.dep_ == "relcl":
            return verb.head
        return subjects[0]
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
    # `"...," Tulsa police Chief Chuck Jordan said Monday.` with the verb hung on the quotation: a person's name
    # right before the verb, after the closing mark with no punctuation between, is its subject.
    if before is not None and before.ent_type_ == "PERSON" and verb.tag_ in ("VBD", "VBZ"):
        for token in reversed(verb.doc[max(0, verb.i - 9) : before.i]):
            if token.text in CLOSING_MARKS:
                return before
            if token.is_punct:
                break
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
            if token.text in OPENING_MARKS or token.text in CLOSING_MARKS or is_speech_verb(token):
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
    if verb.i > 0 and verb.doc[verb.i - 1].text in CLOSING_MARKS and verb.tag_ != "VBG":
        position = verb.i + 1
        while position < len(verb.doc) and verb.doc[position].dep_ in ("det", "compound", "amod", "poss", "case"):
            position += 1
        if position + 1 < len(verb.doc):
            noun, following = verb.doc[position], verb.doc[position + 1]
            if noun.pos_ in ("PROPN", "NOUN") and following.is_punct and noun.ent_type_ not in WHEN_LABELS:
                return noun
    # (not `telling CNN that ...`: the object of a participle or of `tell` is who was spoken to)
    if verb.tag_ == "VBG" or verb.lemma_.lower() in ADDRESSEE_VERBS:
        return None
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod", "nsubjpass") and (
            child.pos_ == "PROPN" or child.ent_type_ in ("PERSON", "ORG")
        ) and child.i == verb.i + 1 and child.ent_type_ not in WHEN_LABELS:  # (not `said Monday`)
            return child
    return None


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without leading `that`/punctuation and trailing punctuation or spaces."""
    # (`that` as a subject, `said that was a mistake`, stays)
    while start < end and (doc[start].lower_ in TRIM_LEFT and doc[start].dep_ not in SUBJECT_DEPS
                           or doc[start].is_space or doc[start].dep_ == "cc"
                           and start + 1 < end and doc[start + 1].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in TRIM_RIGHT or doc[end - 1].is_space):
        end -= 1
    return start, end


def word_count(doc: Doc, start: int, end: int) -> int:
    return sum(1 for t in doc[start:end] if not t.is_punct and not t.is_space)


def char_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character range of a token range, without enclosing whitespace."""
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def has_main_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether words have a subject of their own outside a subordinate clause (`the tax must rise`, not
    `Stressing the urgency` or `after the two divorced`)."""
    return any(t.dep_ in SUBJECT_DEPS and start <= t.head.i < end
               and not any(c.dep_ == "mark" for c in t.head.children) for t in doc[start:end])


def is_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether words before a cue say something (`China should oppose ...`) rather than only set the
    scene (`In a statement on Tuesday`, `On ABC's "Good Morning America"`)."""
    tops = [t for t in doc[start:end] if not start <= t.head.i < end or t.head.i == t.i]
    return any(t.pos_ in ("VERB", "AUX") and not any(c.dep_ == "mark" for c in t.children)
               or t.dep_ in ("nsubj", "nsubjpass") for t in tops)


def is_subordinate(verb: Token) -> bool:
    """`A, as voters responded to B`, `A when she said B`: a cue in a clause of its own that says what it
    reports, not the reporter's `A, as the Times reported`."""
    marks = [c.lower_ for c in verb.children if c.dep_ == "mark"]
    return bool(marks) and (marks != ["as"] or any(
        c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ in ("to", "about") for c in verb.children))


def passive_agent(verb: Token) -> Token | None:
    """`X was first reported by MSNBC`: the speaker of a passive reporting verb is its agent."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def cue_text(verb: Token) -> str:
    parts = [verb]
    for child in verb.children:
        if child.dep_ == "prt" or (child.dep_ == "dobj" and child.lemma_.lower() in EXPRESSION_NOUNS):
            parts.append(child)
        if child.dep_ == "prep" and child.lower_ in NEEDS_PREPOSITION.get(verb.lemma_.lower(), ()):
            parts.append(child)
    parts.sort(key=lambda t: t.i)
    return " ".join(t.lower_ for t in parts)
