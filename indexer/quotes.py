"""Finding quoted passages: curly or straight double quotation marks, quotes over several paragraphs,
and quotation marks that never close (closed at the paragraph's end)."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Quote:
    """The words between a pair of quotation marks (offsets exclude the marks)."""

    start: int
    end: int
    opens_paragraph: bool = False

    def words(self, text: str) -> list[str]:
        return text[self.start : self.end].split()


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        spans.append((position, brk.start()))
        position = brk.end()
    spans.append((position, len(text)))
    return spans


# Quotation marks, the doubled apostrophe some archives use as one (''like this'') first.
_MARKS = re.compile("''|[" + re.escape(OPENING + CLOSING + STRAIGHT) + "]")


def find_quotes(text: str) -> list[Quote]:
    """All quoted passages in text, in order. A quote does not cross a paragraph break: a quote that runs
    on (the next paragraph opens with a quotation mark) or never closes ends with its paragraph."""
    quotes: list[Quote] = []
    for para_start, para_end in _paragraph_spans(text):
        open_at: int | None = None
        open_width = 1
        for mark in _MARKS.finditer(text, para_start, para_end):
            index, width = mark.start(), mark.end() - mark.start()
            char = text[index]
            straight = char == STRAIGHT or width == 2
            if open_at is None and (char in OPENING or straight):
                open_at, open_width = index, width
            elif open_at is not None and (char in CLOSING or straight or _misused_opening(text, index, para_end)):
                quotes.append(_quote(text, open_at, index, para_start, open_width))
                open_at = None
            elif open_at is not None and char in OPENING:
                open_at, open_width = index, width  # a stray opening mark: the last one wins
        if open_at is not None:
            quotes.append(_quote(text, open_at, para_end, para_start, open_width))
    return [quote for quote in quotes if quote.end > quote.start]


def _misused_opening(text: str, index: int, para_end: int) -> bool:
    """An opening mark typed where a closing one belongs: right after the words (`fascist?“ he asked`), with
    a space or the paragraph's end after it."""
    if text[index] not in OPENING or index == 0:
        return False
    before, after = text[index - 1], text[index + 1 : index + 2]
    return not before.isspace() and before not in OPENING and (index + 1 >= para_end or after.isspace())


def _quote(text: str, open_at: int, close_at: int, para_start: int, width: int = 1) -> Quote:
    start, end = open_at + width, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ","):
        end -= 1
    return Quote(start, end, opens_paragraph=not text[para_start:open_at].strip())
