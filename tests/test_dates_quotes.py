"""Dates as news prints them, weekday resolution, and finding quotations."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.dates import parse_date, resolve_weekday
from indexer.quotes import find_quotes


def test_parse_date_formats():
    assert parse_date("July 29, 2025") == date(2025, 7, 29)
    assert parse_date("08.10.2025") == date(2025, 10, 8)  # day first
    assert parse_date("2016-09-12") == date(2016, 9, 12)
    assert parse_date("July 28", relative_to=date(2025, 7, 29)) == date(2025, 7, 28)
    assert parse_date("Dec. 30", relative_to=date(2026, 1, 2)) == date(2025, 12, 30)
    assert parse_date("no date here") is None
    assert parse_date("31.02.2025") is None


def test_weekday_is_the_last_one_on_or_before_the_reference():
    assert resolve_weekday("Monday", date(2025, 7, 28)) == date(2025, 7, 28)
    assert resolve_weekday("Monday", date(2025, 7, 29)) == date(2025, 7, 28)
    assert resolve_weekday("Tuesday", date(2025, 10, 8)) == date(2025, 10, 7)
    assert resolve_weekday("Someday", date(2025, 10, 8)) is None


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_and_straight_quotes():
    assert quoted('“We will win,” he said. She said "no way" twice.') == ["We will win", "no way"]


def test_unclosed_quote_ends_with_its_paragraph():
    text = "“This never closes, he said.\n\nNext paragraph is narration."
    assert quoted(text) == ["This never closes, he said."]


def test_quote_running_over_paragraphs():
    text = "“First paragraph of the quote.\n\n“Second paragraph,” she said."
    found = find_quotes(text)
    assert [text[q.start : q.end] for q in found] == ["First paragraph of the quote.", "Second paragraph"]
    assert all(q.opens_paragraph for q in found)


def test_ten_thousand_quote_marks_are_fast_and_paired():
    text = '"' * 10_000
    assert find_quotes(text) == []


def _find_quotes_one_character_at_a_time(text: str) -> list:
    """The scan find_quotes replaced (every character looked at in Python): the reference it must agree with."""
    from indexer.quotes import CLOSING, OPENING, STRAIGHT, _misused_opening, _paragraph_spans, _quote

    quotes = []
    for para_start, para_end in _paragraph_spans(text):
        open_at, open_width, index = None, 1, para_start
        while index < para_end:
            char = text[index]
            width = 2 if text.startswith("''", index) else 1
            straight = char == STRAIGHT or width == 2
            if open_at is None and (char in OPENING or straight):
                open_at, open_width = index, width
            elif open_at is not None and (char in CLOSING or straight or _misused_opening(text, index, para_end)):
                quotes.append(_quote(text, open_at, index, para_start, open_width))
                open_at = None
            elif open_at is not None and char in OPENING:
                open_at, open_width = index, width
            index += width if straight else 1
        if open_at is not None:
            quotes.append(_quote(text, open_at, para_end, para_start, open_width))
    return [quote for quote in quotes if quote.end > quote.start]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab ,.'\"“”„«»\n", max_size=80))
def test_find_quotes_agrees_with_a_character_by_character_scan(text):
    assert find_quotes(text) == _find_quotes_one_character_at_a_time(text)
