"""Pass 3, quotations: those whose cue stands beside them rather than in the parse, and quotes split by
their cue or carried on in the next sentence, joined into one statement."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from itertools import accumulate

from spacy.tokens import Doc, Token

from ..model import Speaker
from ..quotes import Quote
from .builder import Builder, strip_marks, time_word
from .records import Attribution
from .syntax import cue_text, is_speech_verb, subject_of
from .verbs import introduced_quote


def attribute_loose_quotes(builder: Builder, speakers: dict[int, Speaker | None]) -> None:
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
                subject = subject_of(cue)
                speaker = builder.resolver.resolve(subject) if subject is not None else None
        if speaker is None:
            continue
        start, end = strip_marks(builder.text, quote.start, quote.end, "direct")
        span = doc.char_span(start, end, alignment_mode="expand")
        builder.keep(Attribution(
            speaker=speaker, kind="direct", start=start, end=end, cue=cue_text(cue), cue_start=cue.idx,
            when=time_word(cue, span.start, span.end) if span is not None else None,
            sentence_start=span.sent.start_char if span is not None else start,
            sentence_end=doc[span.end - 1].sent.end_char if span is not None else end,
        ))


def _short_quote_with_cue(builder: Builder, quote: Quote) -> bool:
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


def _cue_beside(doc: Doc, quote: Quote, builder: Builder) -> Token | None:
    """A reporting verb with a subject just after the closing mark or just before the opening one."""
    return next((cue for finder in QUOTE_CUE_FINDERS if (cue := finder(doc, quote, builder)) is not None), None)


def _cue_after(doc: Doc, quote: Quote, builder: Builder) -> Token | None:
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
            if is_speech_verb(token) and subject_of(token) is not None \
                    and introduced_quote(token, builder.quote_at) is None:
                return token
    return None


def _cue_before(doc: Doc, quote: Quote, builder: Builder) -> Token | None:
    """A reporting verb with a subject just before a quotation's opening mark (`He said: "We won."`)."""
    before = doc.char_span(max(0, quote.start - 80), max(0, quote.start - 1), alignment_mode="expand")
    lead = builder.text[max(0, quote.start - 40) : quote.start].rstrip().rstrip("“\"'‘`„«").rstrip()
    # `showing off the "Make America Great Again" hat`: a quotation the cue introduces follows a comma or
    # colon (`he said, "..."`) or `that`, or opens its paragraph.
    if before is None or not (quote.opens_paragraph or lead.endswith((",", ":", "—", "–", " that"))):
        return None
    # `Reporter Jomana Karadsheh says:` closing one paragraph introduces the quote that opens the next.
    introduced = quote.opens_paragraph and re.search(r":\s*$", lead) is not None
    crossed = False
    for token in reversed(before):
        if "\n" in token.text and introduced and not crossed:
            crossed = True
            continue
        if token.text in (".", "!", "?") or "\n" in token.text:
            break
        if is_speech_verb(token) and subject_of(token) is not None:
            return token
    return None


QUOTE_CUE_FINDERS: tuple[Callable[[Doc, Quote, Builder], Token | None], ...] = (_cue_after, _cue_before)
"""Where a quotation's cue may stand, in the order they are tried."""


def join_quote_parts(builder: Builder) -> None:
    """One statement for a quote split by its cue (`"A," he said, "B."`) or carried on in the next
    sentence of the paragraph (`"A," he said. "B."`)."""
    text = builder.text
    found = sorted(builder.found, key=lambda a: a.start)
    joined: list[Attribution] = []
    for attribution in found:
        previous = joined[-1] if joined else None
        if previous is not None and previous.kind == "direct" and _continues_quote(builder, previous, attribution):
            for start, end in attribution.spans():
                previous.join(start, end)
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
        if not ends_quoted or not 0 <= quote.start - owner.end <= builder.limits.max_chars_between_quote_parts:
            continue
        between = text[owner.end : quote.start]
        new_paragraph = "\n" in between
        if new_paragraph and (not quote.opens_paragraph or between.count("\n") > 2 or re.search(r"\w", between)
                              and not _ends_with_cue(between)):
            continue
        if re.search(r"[.!?,]\W*$", between) \
                and len(re.findall(r"\w+", between)) <= builder.limits.max_words_between_quote_parts \
                and _cue_words_only(between, owner) \
                and _cue_after(builder.doc, quote, builder) is None:
            owner.join(*strip_marks(text, quote.start, quote.end, "direct"))
    builder.found = joined


def _continues_quote(builder: Builder, first: Attribution, second: Attribution) -> bool:
    between = builder.text[first.end : second.start]
    return (second.kind == "direct" and second.speaker is first.speaker and "\n" not in between
            and re.search(r"[,:.!?]\s*[“\"'‘]*\s*$", between) is not None
            and len(re.findall(r"\w+", between)) <= builder.limits.max_words_between_quote_parts
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
