"""saidwhat search: the Whoosh index of statements, and everything about querying it.

Callers search through `open_search(index_dir)`, which gives a `StatementSearch`, and read its records.
"""

from indexer.exports import lazy_exports

_EXPORTS = {
    "BuildSummary": "build", "build_index": "build",
    "SearchService": "engine",
    "StatementSearch": "interface", "open_search": "interface",
    **{name: "limits" for name in ("KINDS", "MAX_PAGE", "MAX_PER_PAGE", "SORTS", "SPEAKER_TYPES",
                                   "InvalidParameter", "page_count")},
    **{name: "records" for name in ("ArticleRecord", "ArticleSummary", "Facet", "Filters", "Hit", "Page",
                                    "SearchResults", "SpeakerProfile", "StatementRecord", "Stats")},
    "IndexMissing": "store", "IndexStore": "store", "RebuildInProgress": "store",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
