"""The one place that reads Whoosh's private fields (Whoosh 2.7's `whoosh3` codec), for search/docsets.py.

Whoosh reads postings and columns one value at a time in Python; the array code reads them a block or a column
at a time instead, which needs fields Whoosh does not publish: a posting block's ids, weights and offsets, a
numeric column's raw bytes, the per-document length columns, BM25F's parameters, a list matcher's cursor.
Every such access is here, so that a change of Whoosh's internals has one module to check. Each function
falls back to Whoosh's public, slower interface when the object is not the one expected.
"""

from __future__ import annotations

import numpy as np
from whoosh.columns import NumericColumn
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length, length_to_byte

EMPTY = np.zeros(0, dtype=np.int32)
LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.int64)  # a length byte -> the length
_BLOCK_READER = ("_read_ids", "_read_weights", "_next_block", "_goto")


def unfiltered(matcher):
    """A leaf matcher without the wrapper that skips deleted documents (callers filter those themselves)."""
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def read_postings(matcher) -> tuple[np.ndarray, np.ndarray, tuple | None]:
    """The document numbers and weights (term frequencies) of a leaf matcher, a block at a time when it is
    Whoosh 3's on-disk matcher; and then the block table: where its blocks start in the postings file and how
    many postings they hold, cumulated (to read the positions of one posting later without walking the blocks
    before it). Other matchers are walked one posting at a time, and have no table (None)."""
    matcher = unfiltered(matcher)
    if not all(hasattr(matcher, name) for name in _BLOCK_READER):
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32), None
    ids, weights, starts, sizes = [], [], [], []
    where = matcher._baseoffset
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        ids.append(np.asarray(matcher._ids, dtype=np.int32))
        weights.append(np.asarray(matcher._weights, dtype=np.float32))
        starts.append(where)
        sizes.append(matcher._blocklength)
        where = matcher._nextoffset
        matcher._next_block()
    if not ids:
        return EMPTY, np.zeros(0, dtype=np.float32), None
    return np.concatenate(ids), np.concatenate(weights), (starts, np.cumsum(sizes))


def block_table(matcher) -> tuple[np.ndarray, np.ndarray] | None:
    """(where each block starts in the postings file, its largest document number) of Whoosh 3's on-disk matcher,
    from the blocks' headers alone (no block is decoded); None for other matchers."""
    matcher = unfiltered(matcher)
    if not all(hasattr(matcher, name) for name in _BLOCK_READER):
        return None
    starts, largest = [], []
    where = matcher._baseoffset
    while matcher.is_active():
        starts.append(where)
        largest.append(matcher._maxid)
        where = matcher._nextoffset
        matcher._next_block()
    return np.array(starts, dtype=np.int64), np.array(largest, dtype=np.int64)


def block_postings(matcher, start: int) -> tuple[np.ndarray, np.ndarray]:
    """The document numbers and weights of the postings block at offset `start` of a Whoosh 3 matcher."""
    matcher._goto(start)
    matcher._read_ids()
    matcher._read_weights()
    return np.asarray(matcher._ids, dtype=np.int32), np.asarray(matcher._weights, dtype=np.float32)


def block_values(matcher, start: int):
    """The encoded values (positions) of the postings block at offset `start` of a Whoosh 3 matcher."""
    matcher._goto(start)
    matcher._read_values()
    return matcher._values


def bm25f_parameters(weighting, fieldname: str) -> tuple[float, float]:
    """(B, K1) of a BM25F weighting for a field (Whoosh's defaults when it is not one)."""
    b = getattr(weighting, "_field_B", {}).get(fieldname, getattr(weighting, "B", 0.75))
    return b, getattr(weighting, "K1", 1.2)


def length_column(reader, fieldname: str, doc_count: int) -> np.ndarray:
    """The length of a field in every document of a segment, as Whoosh keeps it (one byte, then decoded)."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None:
        return LENGTHS[np.array([length_to_byte(reader.doc_field_length(d, fieldname, 0)) for d in range(doc_count)],
                                dtype=np.int64)]
    column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is None:  # no document of this segment has the field: every length is 0
        return LENGTHS[np.zeros(doc_count, dtype=np.int64)]
    return LENGTHS[column_values(column, doc_count)]


def numeric_column(reader, fieldname: str, doc_count: int) -> np.ndarray:
    """A sortable field's column in a segment, as an array (documents without a value: the column's default)."""
    return column_values(reader.column_reader(fieldname, translate=False), doc_count)


def column_values(column, doc_count: int) -> np.ndarray:
    """A column reader's values: a numeric column's bytes read at once, any other column value by value."""
    if isinstance(column, NumericColumn.Reader):
        dtype = np.dtype(column._typecode)
        count = min(column._count, doc_count)
        raw = column._dbfile.get(column._basepos, count * column._fixedlen)
        values = np.frombuffer(raw, dtype=dtype.newbyteorder(">")).astype(dtype)
        if count < doc_count:  # the documents after the last one with a value: the default
            values = np.concatenate([values, np.full(doc_count - count, column._default, dtype=dtype)])
        return values
    values = [int(v) for v in column]
    return np.array(values, dtype=np.uint64 if values and min(values) >= 0 else np.int64)


class LazyPositionsMatcher(ListMatcher):
    """A list of postings whose encoded positions are looked up (by `positions(i)`, for the i-th posting) only
    when a phrase asks for them."""

    def __init__(self, ids, weights, format_, scorer, term, positions):
        super().__init__(ids, weights=weights, format=format_, scorer=scorer, term=term)
        self._positions = positions

    def value(self):
        return self._positions(self._i)

    def copy(self):
        other = LazyPositionsMatcher(self._ids, self._weights, self._format, self._scorer, self._term,
                                     self._positions)
        other._i = self._i
        return other
