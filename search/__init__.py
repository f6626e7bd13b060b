"""saidwhat search: the Whoosh index of statements, and everything about querying it."""

from .build import BuildSummary, build_index
from .engine import Filters, InvalidParameter, SearchResults, SearchService
from .store import IndexMissing, IndexStore, RebuildInProgress

__all__ = [
    "BuildSummary", "Filters", "IndexMissing", "IndexStore", "InvalidParameter", "RebuildInProgress",
    "SearchResults", "SearchService", "build_index",
]
