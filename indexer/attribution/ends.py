"""Where reported words end: another speaker's cue, the reporter's narration, or an aside."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..lexicon import CONTRAST_CONJUNCTIONS, RELATIVE_PRONOUNS
from .records import QuoteLookup
from .syntax import is_speech_verb, subject_of


def cut_at_other_cues(doc: Doc, start: int, end: int, cue: Token, cues: set[int]) -> int:
    """Reported words end where another reporting clause with its own speaker begins
    (`X said A, and Y said B`), or another reporting verb of the speaker's (`X said A and predicted B`)."""
    for index in range(start + 1, end):
        # (`A, while 22 percent said B`: a contrasting clause with a cue of its own is another statement)
        contrast = doc[index].dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in CONTRAST_CONJUNCTIONS for c in doc[index].children)
        if index in cues and index != cue.i and (doc[index].dep_ not in ("relcl", "acl", "advcl", "pcomp")
                                                 or contrast):
            other = doc[index]
            subject = subject_of(other)
            # `X said A and predicted B`: a second reporting verb of the speaker's, in the cue's tense.
            second = subject is None and other.dep_ == "conj" and other.tag_ == cue.tag_
            if subject is not None and start < subject.left_edge.i or second:
                cut = min(subject.left_edge.i, other.i) if subject is not None else other.i
                while cut > start and (doc[cut - 1].is_punct or doc[cut - 1].dep_ in ("cc", "mark")):
                    cut -= 1
                return cut
    return end


def cut_narration_tail(doc: Doc, start: int, end: int, cue: Token) -> int:
    """The reporter's words that trail reported speech end it: `, referring to ...`, `, calling them ...`,
    `and called on ...` (a second predicate of the speaker, in the tense of the cue)."""
    for index in range(start + 3, end - 1):
        token, following = doc[index], doc[index + 1]
        if token.text not in (",", "—", "–", "and", "but"):
            continue
        participle = following.tag_ == "VBG" and following.dep_ in ("advcl", "xcomp", "conj") and not any(
            c.dep_ in ("nsubj", "aux") for c in following.children) and (
            following.head.i == cue.i or is_speech_verb(following))
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


def cut_aside(doc: Doc, start: int, end: int, quote_at: QuoteLookup) -> int:
    """`he supports the bill, which includes ...`: a non-restrictive relative clause that closes reported
    words is the reporter's aside about what they name (unless it is quoted)."""
    for index in range(start + 3, end - 2):
        token, following = doc[index], doc[index + 1]
        if token.text != "," or any(quote_at(t.idx) for t in doc[index + 1 : end]):
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
        if token.lower_ not in RELATIVE_PRONOUNS:
            continue
        clause = token
        for _ in range(5):
            if clause.pos_ in ("VERB", "AUX"):  # the parser may call it relcl, advcl or acl
                return clause.left_edge.i == start and clause.right_edge.i >= end - 2
            clause = clause.head
        return False
    return False
