"""Dates: parsing the dates articles print, and resolving `said Monday` to a day."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMERIC_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


@lru_cache(maxsize=4096)
def _parse(text: str, relative_to: date | None) -> date | None:
    settings = {"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month"]}
    if relative_to:
        settings["RELATIVE_BASE"] = datetime.combine(relative_to, datetime.min.time())
        settings["PREFER_DATES_FROM"] = "past"
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def parse_date(text: str | None, relative_to: date | None = None) -> date | None:
    """Parse a date as news prints it: `July 29, 2025`, `08.10.2025` (day first), `2016-09-12`.

    A date without a year (`July 28`) takes the year that puts it on or before `relative_to`.
    """
    if not text or not text.strip():
        return None
    if match := _ISO.match(text):
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            return None
    if match := _NUMERIC_DAY_FIRST.match(text):
        day, month, year = map(int, match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return _parse(text.strip()[:100], relative_to)


def resolve_weekday(weekday: str, reference: date | None) -> date | None:
    """The last `weekday` on or before `reference` (`said Monday` in a Monday or Tuesday story)."""
    if reference is None:
        return None
    try:
        wanted = WEEKDAYS.index(weekday.lower().rstrip("."))
    except ValueError:
        return None
    return reference - timedelta(days=(reference.weekday() - wanted) % 7)
