"""The facets of a search's matches: how many are by each speaker, in each outlet, of each kind, each month."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .records import Facet

if TYPE_CHECKING:
    from .opened import OpenIndex

FACET_FIELDS = {"speaker": "speaker_slug", "outlet": "outlet", "kind": "kind", "month": "month"}
FACET_LIMIT = 20  # speakers shown (the other facets have few values)
KIND_LABELS = {"direct": "Quote", "indirect": "Paraphrase", "mixed": "Partial quote"}


def facets(matches: np.ndarray, index: OpenIndex, searcher) -> dict[str, list[Facet]]:
    """Each facet's values among the matches, most frequent first (months in order)."""
    found = {}
    for name, fieldname in FACET_FIELDS.items():
        # the speakers shown only (and their ties), not the thousands a frequent word's statements have
        counts = index.docsets.counts(fieldname, matches, searcher, top=FACET_LIMIT + 1 if name == "speaker" else None)
        rows = sorted(((value, count) for value, count in counts.items() if value),
                      key=lambda pair: (-pair[1], pair[0]) if name != "month" else (pair[0],))
        if name == "speaker":
            rows = rows[:FACET_LIMIT]
        found[name] = [Facet(value, count, facet_label(name, value, index)) for value, count in rows]
    return found


def facet_label(facet: str, value: str, index: OpenIndex) -> str:
    """How a facet's value is shown: a speaker's name, a kind's word (`Quote`), else the value."""
    if facet == "speaker":
        return index.speakers.get(value, {}).get("name", value)
    if facet == "kind":
        return KIND_LABELS.get(value, value)
    return value
