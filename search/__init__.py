"""saidwhat search: the Whoosh index of statements, and everything about querying it.

Callers search through `open_search(index_dir)`, which gives a `StatementSearch`, and read its records.
"""

from .build import BuildSummary, build_index
from .engine import SearchService
from .interface import StatementSearch, open_search
from .limits import KINDS, MAX_PAGE, MAX_PER_PAGE, SORTS, SPEAKER_TYPES, InvalidParameter, page_count
from .records import (
    ArticleRecord,
    ArticleSummary,
    Facet,
    Filters,
    Hit,
    Page,
    SearchResults,
    SpeakerProfile,
    StatementRecord,
    Stats,
)
from .store import IndexMissing, IndexStore, RebuildInProgress

__all__ = [
    "KINDS", "MAX_PAGE", "MAX_PER_PAGE", "SORTS", "SPEAKER_TYPES",
    "ArticleRecord", "ArticleSummary", "BuildSummary", "Facet", "Filters", "Hit", "IndexMissing", "IndexStore",
    "InvalidParameter", "Page", "RebuildInProgress", "SearchResults", "SearchService", "SpeakerProfile",
    "StatementRecord", "StatementSearch", "Stats", "build_index", "open_search", "page_count",
]
