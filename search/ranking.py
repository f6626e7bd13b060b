"""Putting matches in order: by Whoosh's score (scoring only the best candidates exactly), or by date, or by
substance (the speaker's own words, of some length, first) when there is nothing to score."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from whoosh.query import Query

from .docsets import exact_scores, reverse_order

if TYPE_CHECKING:
    from .opened import OpenIndex

CANDIDATES = 100  # of more matches, only this many (the best by an estimate) are scored exactly
SUBSTANCE_WORDS = 30  # beyond this length, a longer statement is no more substantial
OWN_WORDS_WEIGHT = 1.5  # quotes and partial quotes against paraphrases, in the substance order


def scored(query: Query, matches: np.ndarray, index: OpenIndex, searcher,
           candidates: int = CANDIDATES) -> list[tuple[int, float]]:
    """(document, score) of the best matches by Whoosh's score, best first (the document number breaking
    ties): of more than `candidates` matches, only the `candidates` best by an estimate are scored exactly.

    Scoring in Whoosh is Python work for every match; the estimate (`DocSets.estimate`) is array work: the sum
    of the BM25F scores of the query's words, without the coordination bonus and the phrase scores Whoosh adds.
    The exact score then orders the candidates.
    """
    chosen = matches
    if len(matches) > candidates:
        estimate = index.docsets.estimate(query, matches, searcher)
        chosen = np.sort(matches[np.argpartition(-estimate, candidates)[:candidates]])
    pairs = [(docnum, round(score, 4)) for docnum, score in exact_scores(query, chosen, searcher, index.docsets)]
    pairs.sort(key=lambda pair: (-pair[1], pair[0]))
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
