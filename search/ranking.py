"""Putting matches in order: by Whoosh's score (scoring exactly only the matches a page needs), or by date, or
by substance (the speaker's own words, of some length, first) when there is nothing to score."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from whoosh.query import Query

from .docsets import reverse_order
from .scoring import exact_scores

if TYPE_CHECKING:
    from .opened import OpenIndex

# Matches are scored exactly in tiers of this many, taken in the order of an estimate; 100 gave the same first
# pages at 1M statements for 1.4 (topic) to 2.1 (phrase) times the time a search (docs/performance.md).
CANDIDATES = 50
SUBSTANCE_WORDS = 30  # beyond this length, a longer statement is no more substantial
OWN_WORDS_WEIGHT = 1.5  # quotes and partial quotes against paraphrases, in the substance order


def scored(query: Query, matches: np.ndarray, index: OpenIndex, searcher, first: int = 0,
           last: int | None = None) -> list[tuple[int, float]]:
    """(document, score) of the rows `first` to `last` (0-based, `last` excluded) of the matches in relevance
    order.

    Exact scores need the coordination bonus and the positions of phrases' words for every match scored; the
    estimate (`DocSets.estimate`) is array work: the sum of the BM25F scores of the query's words, without the
    coordination bonus and the phrase scores Whoosh adds.
    So the relevance order is: the matches by the estimate (best first, the document number breaking ties), cut
    into tiers of CANDIDATES, the first tier first; within a tier, by Whoosh's exact score (best first, the
    document number breaking ties). A page then costs the exact scores of the one or two tiers it overlaps, the
    first page as much as the last, and every page is a slice of the same order: no statement on two pages,
    every match on one.
    """
    size = CANDIDATES
    last = len(matches) if last is None else min(last, len(matches))
    if first >= last:
        return []
    if len(matches) <= size:
        return exact_order(query, matches, index, searcher)[first:last]
    keys = -index.docsets.estimate(query, matches, searcher)
    start = first // size * size
    rows: list[tuple[int, float]] = []
    for tier in range(first // size, (last - 1) // size + 1):
        chosen = matches[np.sort(ranked_window(keys, tier * size, (tier + 1) * size))]
        rows.extend(exact_order(query, chosen, index, searcher))
    return rows[first - start : last - start]


def ranked_window(keys: np.ndarray, low: int, high: int) -> np.ndarray:
    """The positions in `keys` of the rows `low` to `high` (excluded) of the keys in ascending order, the
    position breaking ties, in that order; without sorting all of them (two partitions and a few comparisons)."""
    high = min(high, len(keys))
    if low >= high:
        return np.zeros(0, dtype=np.intp)
    partitioned = np.partition(keys, [low, high - 1])
    smallest, largest = partitioned[low], partitioned[high - 1]
    inside = np.flatnonzero((keys >= smallest) & (keys <= largest))
    before = int(np.count_nonzero(keys < smallest))
    inside = inside[np.lexsort((inside, keys[inside]))]
    return inside[low - before : high - before]


def exact_order(query: Query, chosen: np.ndarray, index: OpenIndex, searcher) -> list[tuple[int, float]]:
    """(document, Whoosh's score) of `chosen` (sorted document numbers), best first, the document number breaking
    ties; any that Whoosh's matcher does not reach come last with score 0, so that none drops out of the pages."""
    pairs = [(docnum, round(score, 4)) for docnum, score in exact_scores(query, chosen, searcher, index.docsets)]
    pairs.sort(key=lambda pair: (-pair[1], pair[0]))
    if len(pairs) < len(chosen):
        reached = {docnum for docnum, _ in pairs}
        pairs += [(int(docnum), 0.0) for docnum in chosen if int(docnum) not in reached]
    return pairs


def ordered(matches: np.ndarray, index: OpenIndex, searcher, sort: str, substance: bool,
            first: np.ndarray | None = None) -> np.ndarray:
    """The matches newest first (oldest first with sort=oldest), as Whoosh sorts on the said_on and position
    columns (undated statements first, and last with sort=oldest), the document number breaking ties; with
    `substance`, the statements in their speaker's own words and of some length first (the length in words up
    to SUBSTANCE_WORDS, quotes and partial quotes counting OWN_WORDS_WEIGHT times as much as paraphrases); with
    `first` (a boolean per match), the matches marked True before all others."""
    docsets = index.docsets
    said_on = docsets.numbers("said_on", searcher)[matches]
    keys = [matches, docsets.numbers("position", searcher)[matches],
            reverse_order(said_on) if sort != "oldest" else said_on]
    if substance:
        length = np.minimum(docsets.numbers("text length", searcher)[matches], SUBSTANCE_WORDS)
        ordinals, values = docsets.ordinals("kind", searcher)
        own = np.array([value in ("direct", "mixed") for value in values] + [False])
        keys.append(-length * np.where(own[ordinals[matches]], OWN_WORDS_WEIGHT, 1.0))
    if first is not None:
        keys.append(~first)
    return matches[np.lexsort(keys)]
