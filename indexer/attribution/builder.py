"""Keeping statements: cutting a candidate's content to size, classifying it and dropping overlaps."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from ..lexicon import TIME_WORDS
from ..model import Speaker
from ..quotes import Quote, find_quotes
from ..speakers import SpeakerResolver, mention_tokens
from .ends import cut_aside, cut_at_other_cues, cut_narration_tail
from .records import DEFAULT_LIMITS, Attribution, Candidate, Limits
from .syntax import char_range, trim, word_count


class Builder:
    """What the passes share for one Doc: its quotations, its speakers and the statements kept so far.

    `add` turns a candidate into a statement, `classify` tells its kind, and `keep` keeps a statement unless
    it mostly repeats one already kept.
    """

    def __init__(self, doc: Doc, author: str | None = None, limits: Limits = DEFAULT_LIMITS,
                 headline: str | None = None):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token: compute it once
        self.limits = limits
        self.quotes = find_quotes(self.text)
        self._quote_starts = [q.start for q in self.quotes]
        self.resolver = SpeakerResolver(doc, author, self.text, self.quotes, headline)
        self.found: list[Attribution] = []

    def quote_at(self, char: int) -> Quote | None:
        """The quotation the character offset is inside, if any."""
        index = bisect.bisect_right(self._quote_starts, char) - 1
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

    def add(self, candidate: Candidate, speaker: Speaker, cues: set[int]) -> Attribution | None:
        """Keep a candidate's content as `speaker`'s statement, cut where the reported words end (`cues` are
        the tokens of every reporting cue in the Doc); None when too short or not kept."""
        doc = self.doc
        start, end = candidate.content
        if not candidate.quoted:
            end = cut_at_other_cues(doc, start, end, candidate.cue, cues)
        if not candidate.content_before_cue and not candidate.quoted:
            end = cut_narration_tail(doc, start, end, candidate.cue)
            end = cut_aside(doc, start, end, self.quote_at)
        start, end = trim(doc, start, end)
        # (a quotation the cue introduces may be short: `Wallace then asked, "With nukes?"`)
        if word_count(doc, start, end) < (1 if candidate.quoted else self.limits.min_content_words):
            return None
        cue = candidate.cue
        if start <= cue.i < end and candidate.cue_text != "according to" and not candidate.around_cue:
            return None
        char_start, char_end = char_range(doc, start, end)
        kind, char_start, char_end = self.classify(char_start, char_end)
        char_start, char_end = strip_marks(self.text, char_start, char_end, kind)
        attribution = Attribution(
            speaker=speaker, kind=kind, start=char_start, end=char_end, cue=candidate.cue_text,
            cue_start=cue.idx, when=time_word(cue, start, end), cited_source=cited_source(cue),
            content_before_cue=candidate.content_before_cue,
            sentence_start=doc[start].sent.start_char, sentence_end=doc[end - 1].sent.end_char,
            parts=self._around(candidate.cue_clause, start, end, kind),
        )
        return self.keep(attribution)

    def _around(self, cue_clause: tuple[int, int] | None, start: int, end: int, kind: str) -> list[tuple[int, int]]:
        """The two parts of words a cue clause stands inside (`A, he said, B`: A and B), as character ranges;
        none when the clause is not inside the words."""
        if cue_clause is None or not start < cue_clause[0] < cue_clause[1] < end:
            return []
        parts = [trim(self.doc, start, cue_clause[0]), trim(self.doc, cue_clause[1], end)]
        if any(a >= b for a, b in parts):
            return []
        (first_start, first_end), (second_start, second_end) = [
            strip_marks(self.text, *char_range(self.doc, a, b), kind) for a, b in parts]
        # `If the county acts alone, it loses jobs` keeps the comma a clause ends with; `Many of the closures
        # have involved ...` loses the one that only set off the cue.
        clause = any(t.pos_ in ("VERB", "AUX") for t in self.doc[parts[0][0] : parts[0][1]])
        if clause and self.text[first_end : first_end + 1] == ",":
            first_end += 1
        return [(first_start, first_end), (second_start, second_end)]

    def keep(self, attribution: Attribution) -> Attribution | None:
        """Keep a statement unless half of it, or of one already kept, is shared with that one."""
        for other in self.found:
            shared = attribution.overlaps(other)
            if shared and shared >= 0.5 * min(attribution.end - attribution.start, other.end - other.start):
                return None
        self.found.append(attribution)
        return attribution


def strip_marks(text: str, start: int, end: int, kind: str) -> tuple[int, int]:
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


def time_word(cue: Token, content_start: int, content_end: int) -> str | None:
    """`said Monday`, `On Saturday, ... reported`: a day word that modifies the cue, outside the content."""
    for token in cue.subtree:
        if content_start <= token.i < content_end:
            continue
        if token.lower_ in TIME_WORDS:
            return token.lower_
    return None


def cited_source(cue: Token) -> str | None:
    """`Yonhap, citing a ruling party official, reported`: the source behind the reporter."""
    for child in cue.children:
        if child.lower_ == "citing":
            target = next((c for c in child.children if c.dep_ in ("dobj", "pobj")), None)
            if target is not None:
                tokens = mention_tokens(target)
                return cue.doc[tokens[0].i : tokens[-1].i + 1].text
    return None
