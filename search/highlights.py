"""Marking the words a search looked for in a statement's text: as HTML, and as character offsets."""

from __future__ import annotations

from whoosh import highlight
from whoosh.query import Query

_FRAGMENTER = highlight.WholeFragmenter(charlimit=None)


def highlight_terms(query: Query) -> frozenset[str]:
    """The words of the statement's text a query looks for (as the text field's analyzer makes them)."""
    return frozenset((text.decode("utf-8") if isinstance(text, bytes) else text)
                     for fieldname, text in query.iter_all_terms(phrases=True) if fieldname == "text")


def page_formatter() -> highlight.HtmlFormatter:
    """The formatter for the hits of one page (it numbers the words it marks: `term0`...)."""
    return highlight.HtmlFormatter(tagname="mark", classname="hl", between="")


def highlighted(text: str, words: frozenset[str], analyzer, formatter: highlight.HtmlFormatter) -> str:
    """The whole text, escaped, with the words looked for marked as Whoosh's `Hit.highlights` marks them; the
    text escaped and unmarked when there is none to mark."""
    marked = highlight.highlight(text, words, analyzer, _FRAGMENTER, formatter) if words else ""
    return marked or highlight.htmlescape(text)


def highlight_offsets(text: str, words: frozenset[str], analyzer) -> list[tuple[int, int]]:
    """Where in `text` (as Python string indices) the words looked for are, the same words `highlighted` marks;
    words with only spaces between them are one span (`supply chains`)."""
    spans: list[tuple[int, int]] = []
    if not words:
        return spans
    for token in analyzer(text, chars=True, mode="query", removestops=False):
        if token.text not in words:
            continue
        if spans and not text[spans[-1][1]:token.startchar].strip():
            spans[-1] = (spans[-1][0], token.endchar)
        else:
            spans.append((token.startchar, token.endchar))
    return spans
