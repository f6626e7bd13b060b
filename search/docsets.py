"""Which statements match, as arrays: totals, facet counts and date/substance ordering without scoring.

Whoosh counts and groups matches one document at a time in Python (a facet key read per document and facet,
scores and matched terms recorded for every hit), and opens its column readers anew for each search: the
time of a search grew with the number of matches and with the size of the index. Here, per build (the
arrays never change while a build is open, and a swap opens a new `OpenIndex` with new ones):

- the documents of a term are read block by block from its postings into a sorted numpy array (cached, a
  bounded number of terms), and queries are evaluated on those arrays: Term, And, Or, AndMaybe (its
  required side), AndNot, Every; anything else (phrases, date ranges) is asked of Whoosh, then kept as an
  array too;
- each facet field is an array of value numbers per document, so the counts are one `bincount`;
- the sort keys (date, position, text length, kind) are arrays, so ordering by date or by substance is one
  `lexsort` over the matches;
- a rough BM25F score of every match (term weights and field lengths as arrays) picks the few matches that
  are then scored exactly (search/scoring.py; `exact_scores` below with Whoosh's matchers for the queries
  that module does not know), instead of Whoosh scoring every match.

Reading postings and columns in blocks needs Whoosh's private fields: search/whoosh_internals.py does that.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from whoosh.query import And, AndMaybe, AndNot, DisjunctionMax, Every, NullQuery, Or, Phrase, Query, Term
from whoosh.searching import Searcher

from .whoosh_internals import (
    EMPTY,
    LazyPositionsMatcher,
    block_postings,
    block_table,
    block_values,
    bm25f_parameters,
    length_column,
    numeric_column,
    read_postings,
    unfiltered,
)

TERM_CACHE_POSTINGS = 20_000_000  # postings of the terms kept in memory, 8 bytes each (~160 MB at most)
SHARED_TERM_POSTINGS = 1_000  # a term with this many postings or more is decoded once per build, kept as files
CACHED_TERMS = 20_000  # terms kept at all (those in files cost a mapping each, no memory of the process's own)
VALUE_BLOCKS = 10_000  # blocks of positions kept for phrases (up to 128 postings each, ~50 MB at most)
BLOCK_TABLES = 5_000  # tables of the blocks of frequent terms kept (16 bytes a block)
# A term with this many times more postings than the documents a search asks about is read only in the blocks
# that hold those documents: at least two blocks of 128 postings for each document, each block costing about as
# much to decode either way (a frequent word's postings at 1M statements are thousands of blocks).
BLOCKWISE_RATIO = 256
# A union of more than one in this many of the documents is marked in an array of every document rather than
# sorted (at 1M statements: 500,000 numbers marked in 2 ms, sorted in 25 ms; 20,000 in about 0.5 ms either way).
MARKED_UNION_SHARE = 64
# The score estimate of more than one in this many of the documents is added up for every document, then taken
# for the matches: a frequent term's postings used as they are instead of looked up among 100,000 matches.
DENSE_ESTIMATE_SHARE = 16
# An intersection looks the fewer documents up among the more (binary search) when they are this many times
# fewer, or when both together are fewer than one in MARKED_UNION_SHARE of the documents; otherwise it marks the more
# in an array of every document and keeps the fewer found marked. At 1M statements, 300,000 among 500,000:
# 3 ms marked, 10 ms looked up, 26 ms merged and sorted (`np.intersect1d`); 1,000 among 500,000: 0.03 ms
# looked up, 1.4 ms marked.
LOOKUP_RATIO = 8


def common_positions(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(where in `first`, where in `second`) of the numbers both hold (each sorted, unique), in order: the
    shorter one looked up in the longer one (a term's few postings among 50,000 matches, or the reverse)."""
    if len(first) > len(second):
        in_second, in_first = common_positions(second, first)
        return in_first, in_second
    where = np.searchsorted(second, first)
    inside = where < len(second)
    inside[inside] = second[where[inside]] == first[inside]
    return np.flatnonzero(inside), where[inside]


def _weighted_terms(query: Query, boost: float):
    """(field, text, boost) of the terms a query scores with; excluded terms left out."""
    boost *= getattr(query, "boost", 1.0)
    if isinstance(query, Term):
        yield query.fieldname, query.text, boost
    elif isinstance(query, Phrase):
        for word in query.words:
            yield query.fieldname, word, boost
    elif isinstance(query, AndNot):
        yield from _weighted_terms(query.a, boost)
    elif isinstance(query, AndMaybe):
        yield from _weighted_terms(query.a, boost)
        yield from _weighted_terms(query.b, boost)
    elif hasattr(query, "subqueries"):
        for sub in query.subqueries:
            yield from _weighted_terms(sub, boost)


def _as_text(text):
    """A term's text as a string (a query's matcher asks for it as bytes)."""
    if isinstance(text, bytes):
        with contextlib.suppress(UnicodeDecodeError):
            return text.decode("utf-8")
    return text


def _doc_frequency(searcher, fieldname: str, text) -> int:
    try:
        return searcher.doc_frequency(fieldname, text)
    except (KeyError, ValueError):  # a field the schema lacks, a term the field cannot hold
        return 0


class DocSets:
    """Arrays of one open build's statements (see the module's notes). Thread-safe: every call is given the
    calling thread's searcher; the shared caches are filled under a lock."""

    def __init__(self, searcher, shared: Path | None = None):
        self.doc_count = searcher.doc_count_all()
        self.shared = shared  # where the per-document arrays are kept as files (`_kept`), if anywhere
        self._lock = threading.Lock()
        self._terms: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached_postings = 0
        # per term: for each segment that has it, (its offset, how many of the term's postings it gave, its block
        # table or None)
        self._blocks: dict[tuple[str, str], list[tuple[int, int, tuple | None]]] = {}
        self._value_blocks: OrderedDict[tuple, tuple] = OrderedDict()
        self._block_tables: OrderedDict[tuple, tuple | None] = OrderedDict()
        self._ordinals: dict[str, tuple[np.ndarray, list[str]]] = {}
        self._numbers: dict[str, np.ndarray] = {}
        self._computing: dict[tuple[str, str], threading.Lock] = {}
        live = None
        if searcher.reader().has_deletions():
            live = np.fromiter(searcher.reader().all_doc_ids(), dtype=np.int32)
        self._live = live

    # -- matching documents ----------------------------------------------------------------------------

    def matches(self, query: Query | None, filter_query: Query | None, searcher) -> np.ndarray:
        """The sorted document numbers matching `query` and `filter_query` (either may be None: everything)."""
        parts = [self.docs(q, searcher) for q in (query, filter_query) if q is not None]
        if self._live is not None:
            parts.append(self._live)
        return self.intersection(parts) if parts else self.every()

    def every(self) -> np.ndarray:
        return self._live if self._live is not None else np.arange(self.doc_count, dtype=np.int32)

    def docs(self, query: Query, searcher) -> np.ndarray:
        if isinstance(query, Term):
            return self.term(query.fieldname, query.text, searcher)
        if isinstance(query, (Or, DisjunctionMax)):
            return self.union([self.docs(q, searcher) for q in query.subqueries])
        if isinstance(query, And):
            return self.intersection([self.docs(q, searcher) for q in query.subqueries])
        if isinstance(query, AndMaybe):
            return self.docs(query.a, searcher)
        if isinstance(query, AndNot):
            kept = self.docs(query.a, searcher)
            return kept[~self._found(kept, self.docs(query.b, searcher))]
        if isinstance(query, Every) and not query.fieldname:
            return self.every()
        if query is NullQuery or isinstance(query, type(NullQuery)):
            return EMPTY
        if isinstance(query, Phrase) and query.words:
            return self.phrase(query, searcher)
        # Ranges and whatever else: Whoosh's own matcher (deleted documents left out by it).
        return np.fromiter(searcher.docs_for_query(query), dtype=np.int32)

    def intersection(self, arrays: list[np.ndarray]) -> np.ndarray:
        """The documents in every one of `arrays` (each sorted, unique), the fewest first; nothing if none."""
        arrays = sorted(arrays, key=len)
        docs = np.asarray(arrays[0]) if arrays else EMPTY
        for other in arrays[1:]:
            if not len(docs):
                break
            docs = docs[self._found(docs, other)]
        return docs

    def _found(self, docs: np.ndarray, among: np.ndarray) -> np.ndarray:
        """Which of `docs` are in `among` (each sorted, unique), as a mask over `docs`."""
        if not len(among):
            return np.zeros(len(docs), dtype=bool)
        if len(docs) * LOOKUP_RATIO < len(among) or (len(docs) + len(among)) * MARKED_UNION_SHARE < self.doc_count:
            where = np.searchsorted(among, docs)
            found = where < len(among)
            found[found] = among[where[found]] == docs[found]
            return found
        marked = np.zeros(self.doc_count, dtype=bool)
        marked[among] = True
        return marked[docs]

    def union(self, parts: list[np.ndarray]) -> np.ndarray:
        """The sorted documents in any of `parts`: marked in an array of every document when they are many (a
        frequent word over six fields at 1M statements: millions of numbers), else merged, sorted and deduplicated
        (`np.unique` hashes first: four times slower at 100,000 numbers)."""
        parts = [part for part in parts if len(part)]
        if len(parts) <= 1:
            return parts[0] if parts else EMPTY
        if sum(len(part) for part in parts) * MARKED_UNION_SHARE < self.doc_count:
            merged = np.sort(np.concatenate(parts))
            first = np.empty(len(merged), dtype=bool)
            first[0] = True
            np.not_equal(merged[1:], merged[:-1], out=first[1:])
            return merged[first]
        marked = np.zeros(self.doc_count, dtype=bool)
        for part in parts:
            marked[part] = True
        return np.flatnonzero(marked).astype(np.int32)

    def exists(self, query: Query, searcher) -> bool:
        """Whether some live document matches (without making the whole union of an Or)."""
        if isinstance(query, (Or, DisjunctionMax)):
            return any(self.exists(sub, searcher) for sub in query.subqueries)
        if isinstance(query, AndMaybe):
            return self.exists(query.a, searcher)
        return bool(len(self.matches(query, None, searcher)))

    def phrase(self, query: Phrase, searcher) -> np.ndarray:
        """The documents with the phrase's words in a row. For the `words` field, the statements with each of its
        word pairs (`pairs`, see search/schema.py): for two words that is the answer; else the candidates whose
        positions Whoosh's phrase matcher checks. For other fields (and builds made before `pairs`), the
        candidates are the documents with every word."""
        words = list(query.words)
        if query.fieldname == "words" and query.slop == 1 and len(words) > 1 and "pairs" in searcher.schema:
            terms = [("pairs", f"{first} {second}") for first, second in zip(words, words[1:], strict=False)]
            exact = len(words) == 2
        else:
            terms = [(query.fieldname, word) for word in words]
            exact = False
        docs = self.intersection([self.term(fieldname, text, searcher) for fieldname, text in terms])
        if exact or not len(docs):
            return docs
        return matching_documents(query, docs, searcher, self)

    def term(self, fieldname: str, text, searcher) -> np.ndarray:
        return self.postings(fieldname, text, searcher)[0]

    def postings(self, fieldname: str, text, searcher) -> tuple[np.ndarray, np.ndarray]:
        """(the documents with a term, sorted; its weight in each). A frequent term's are decoded once per build
        and kept as files beside the build's other arrays (`_shared_postings`); the others are decoded here and
        kept in memory, a bounded number of them."""
        text = _as_text(text)
        key = (fieldname, text)
        with self._lock:
            cached = self._terms.get(key)
            if cached is not None:
                self._terms.move_to_end(key)
                return cached
        shared = self._is_shared(_doc_frequency(searcher, fieldname, text))
        pair, tables = (self._shared_postings if shared else self._decoded)(fieldname, text, searcher)
        with self._lock:
            if key not in self._terms:
                self._terms[key] = pair
                self._blocks[key] = tables
                self._cached_postings += 0 if isinstance(pair[0], np.memmap) else len(pair[0])
            while (self._cached_postings > TERM_CACHE_POSTINGS or len(self._terms) > CACHED_TERMS) \
                    and len(self._terms) > 1:
                gone, (gone_ids, _) = self._terms.popitem(last=False)
                self._blocks.pop(gone, None)
                self._cached_postings -= 0 if isinstance(gone_ids, np.memmap) else len(gone_ids)
        return pair

    def _is_shared(self, frequency: int) -> bool:
        """Whether a term of this many postings is decoded once per build and kept as files."""
        return self.shared is not None and frequency >= SHARED_TERM_POSTINGS

    def _shared_postings(self, fieldname: str, text: str, searcher):
        """`_decoded` of a frequent term, decoded by the first process of the server to ask and kept in the
        `shared` folder, memory-mapped from it after: the processes then share one copy through the page cache,
        and a restart reads the numbers instead of decoding thousands of blocks again."""
        name = "postings-" + hashlib.sha1(f"{fieldname}\0{text}".encode()).hexdigest()[:20]
        decoded: list = []

        def decode():
            if not decoded:
                decoded.append(self._decoded(fieldname, text, searcher))
            return decoded[0]

        def ids_and_tables():
            (ids, _weights), tables = decode()
            return ids, [[offset, count, None if table is None else [list(map(int, table[0])),
                                                                    table[1].tolist()]]
                         for offset, count, table in tables]

        ids, kept_tables = self._kept(f"{name}-ids", ids_and_tables)
        weights, _ = self._kept(f"{name}-weights", lambda: (decode()[0][1], None))
        tables = [(offset, count, None if table is None else (table[0], np.array(table[1], dtype=np.int64)))
                  for offset, count, table in kept_tables or []]
        return (ids, weights), tables

    def _decoded(self, fieldname: str, text: str, searcher):
        """((the documents with a term, its weights), per segment that has it: (its offset, how many postings it
        gave, its block table)), read from the term's postings in every segment."""
        ids, weights, tables = [], [], []
        for reader, offset in searcher.reader().leaf_readers():
            try:
                if (fieldname, text) not in reader:
                    continue
                docs, freqs, table = read_postings(reader.postings(fieldname, text))
            except (KeyError, ValueError):  # a field the schema lacks, a term the field cannot hold
                continue
            ids.append(docs + offset if offset else docs)
            weights.append(freqs)
            tables.append((offset, len(docs), table))
        pair = (np.concatenate(ids), np.concatenate(weights)) if ids else (EMPTY, np.zeros(0, dtype=np.float32))
        return pair, tables

    def postings_of(self, fieldname: str, text, docs: np.ndarray, searcher):
        """(where in `docs`, sorted, the documents that have a term are; its weight in each; a function giving the
        encoded positions of the i-th of them). From the term's postings when they are cached, decoded once per
        build (a frequent term's) or not many times more than `docs`, else from only the blocks of postings that
        hold `docs`: the same numbers, without reading every block."""
        text = _as_text(text)
        with self._lock:
            cached = (fieldname, text) in self._terms
        frequency = 0 if cached else _doc_frequency(searcher, fieldname, text)
        if self._is_shared(frequency):
            cached = True  # decoded once per build for every process (`postings`): cheaper than blocks each time
        if not cached and len(docs) * BLOCKWISE_RATIO < frequency:
            found = self._blockwise(fieldname, text, docs, searcher)
            if found is not None:
                return found
        ids, weights = self.postings(fieldname, text, searcher)
        found, indexes = common_positions(docs, ids)
        reader_of: list = []

        def positions(i: int):
            if not reader_of:
                reader_of.append(self.positions_reader(fieldname, text, searcher))
            return reader_of[0](int(indexes[i]))

        return found, weights[indexes], positions

    def _blockwise(self, fieldname: str, text: str, docs: np.ndarray, searcher):
        """`postings_of` from the blocks that hold `docs` (their headers say which: `_block_table`); None where a
        segment's postings are not Whoosh 3's blocks."""
        found, found_weights, places = [], [], []
        segments = {}  # offset -> (the term's matcher in the segment, where its blocks start)
        for reader, offset in searcher.reader().leaf_readers():
            inside = np.flatnonzero((docs >= offset) & (docs < offset + reader.doc_count_all()))
            if not len(inside) or (fieldname, text) not in reader:
                continue
            table = self._block_table(fieldname, text, offset, reader)
            if table is None:
                return None
            starts, largest = table
            blocks = np.searchsorted(largest, docs[inside] - offset)  # the first block not all below the document
            inside, blocks = inside[blocks < len(largest)], blocks[blocks < len(largest)]
            matcher = unfiltered(reader.postings(fieldname, text))
            segments[offset] = (matcher, starts)
            for block in np.unique(blocks):
                ids, weights = block_postings(matcher, int(starts[block]))
                wanted = inside[blocks == block]
                at = np.searchsorted(ids, docs[wanted] - offset)
                hit = at < len(ids)
                hit[hit] = ids[at[hit]] == docs[wanted][hit] - offset
                found.append(wanted[hit])
                found_weights.append(weights[at[hit]])
                places += [(offset, int(block), int(j)) for j in at[hit]]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), lambda i: None

        def positions(i: int):
            offset, block, j = places[i]
            matcher, starts = segments[offset]
            return self._block_values((fieldname, text, "at", offset, block), matcher, int(starts[block]))[j]

        return np.concatenate(found), np.concatenate(found_weights), positions

    def _block_table(self, fieldname: str, text: str, offset: int, reader):
        """The block table of a term in a segment (kept: a frequent word comes up again)."""
        return self._kept_in(self._block_tables, (fieldname, text, offset), BLOCK_TABLES,
                             lambda: block_table(reader.postings(fieldname, text)))

    def _kept_in(self, cache: OrderedDict, key: tuple, limit: int, make: Callable[[], object]):
        """`cache[key]`, made by `make` the first time, the least recently used dropped past `limit` entries."""
        with self._lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        value = make()
        with self._lock:
            cache[key] = value
            while len(cache) > limit:
                cache.popitem(last=False)
        return value

    def positions_reader(self, fieldname: str, text, searcher):
        """A function giving the encoded positions of a term's i-th posting (in the order of `postings`): the
        block that holds it is read directly, for phrases over a few candidates."""
        ids, _weights = self.postings(fieldname, text, searcher)
        text = _as_text(text)
        tables = self._blocks.get((fieldname, text))
        if tables is None:  # dropped from the cache meanwhile: read again
            with self._lock:
                self._terms.pop((fieldname, text), None)
            ids, _weights = self.postings(fieldname, text, searcher)
            tables = self._blocks.get((fieldname, text), [])
        readers = {offset: reader for reader, offset in searcher.reader().leaf_readers()}
        cache: dict = {}

        def value(i: int):
            # A segment's postings here start where Whoosh's matcher for it starts (at its first live document:
            # postings of deleted documents before it are not among `ids`); a segment can give none.
            first = 0
            for n, (offset, count, table) in enumerate(tables):
                if i >= first + count:
                    first += count
                    continue
                reader = readers[offset]
                if table is None:  # not Whoosh 3's block matcher: walk it, as `read_postings` did
                    matcher = unfiltered(reader.postings(fieldname, text))
                    for _ in range(i - first):
                        matcher.next()
                    return matcher.value()
                matcher = cache.get(n)
                if matcher is None:
                    matcher = cache[n] = unfiltered(reader.postings(fieldname, text))
                starts, ends = table
                block = int(np.searchsorted(ends, i - first, side="right"))
                values = self._block_values((fieldname, text, n, block), matcher, starts[block])
                return values[i - first - (int(ends[block - 1]) if block else 0)]
            raise IndexError(i)

        return value if len(ids) else None

    def _block_values(self, key: tuple, matcher, start: int):
        """The encoded values of one block of postings (kept: the blocks of frequent words come up again)."""
        return self._kept_in(self._value_blocks, key, VALUE_BLOCKS, lambda: block_values(matcher, start))

    # -- an estimate of the score ----------------------------------------------------------------------

    def estimate(self, query: Query, matches: np.ndarray, searcher) -> np.ndarray:
        """A rough score of each of `matches` (sorted): the BM25F scores of the query's terms (a phrase counted as
        its words), times their boosts, added up, without Whoosh's coordination bonus. Only for choosing which
        matches to score exactly: the best ones by this estimate are the best ones by Whoosh's score, give or
        take a few near the cut (see `ranking.scored`)."""
        # Many matches: every document's score is added up (a term's postings in place, without looking them up
        # among the matches), then the matches' are taken; the same numbers, added in the same order.
        every = len(matches) * DENSE_ESTIMATE_SHARE >= self.doc_count
        scores = np.zeros(self.doc_count if every else len(matches))
        weighting = searcher.weighting
        for fieldname, text, boost in _weighted_terms(query, 1.0):
            if every:
                where, tf = self.postings(fieldname, text, searcher)
                docs = where
            else:
                where, tf, _positions = self.postings_of(fieldname, text, matches, searcher)
                docs = matches[where]
            if not len(where):
                continue
            b, k1 = bm25f_parameters(weighting, fieldname)
            norms = self.length_norms(fieldname, searcher, b, k1)[docs]
            scores[where] += boost * searcher.idf(fieldname, text) * (tf * (k1 + 1)) / (tf + norms)
        return scores[matches] if every else scores

    def length_norms(self, fieldname: str, searcher, b: float, k1: float) -> np.ndarray:
        """BM25F's length normalisation of a field in every document, `K1 * ((1 - B) + B * length / average)`
        (a length of 0 counted as 1), made once per build: the same numbers as worked out for each term."""
        avgfl = searcher.avg_field_length(fieldname) or 1

        def make() -> np.ndarray:
            lengths = self.numbers(f"{fieldname} length", searcher)
            return k1 * ((1 - b) + b * np.where(lengths > 0, lengths, 1) / avgfl)

        return self._once(self._numbers, f"{fieldname} norms {b} {k1} {avgfl}",
                          lambda: self._kept(f"norms-{fieldname}-{b}-{k1}-{avgfl}", lambda: (make(), None))[0])

    # -- per-document values ---------------------------------------------------------------------------

    def warm(self, searcher, ordinals: Iterable[str] = (), numbers: Iterable[str] = ()) -> None:
        """Make the per-document arrays searches will ask for (seconds for a speaker field at 1M statements), so
        that the first searches do not wait for them; a search that asks meanwhile waits for the same work."""
        for fieldname in ordinals:
            self.ordinals(fieldname, searcher)
        for fieldname in numbers:
            self.numbers(fieldname, searcher)

    def _once(self, cache: dict, key: str, make: Callable[[], object]):
        """`cache[key]`, made by `make()` once: threads asking at the same time wait for the first one's answer
        instead of making it again (eight server threads would otherwise each make it, sharing the GIL)."""
        with self._lock:
            if key in cache:
                return cache[key]
            making = self._computing.setdefault((id(cache), key), threading.Lock())
        with making:
            with self._lock:
                if key in cache:
                    return cache[key]
            try:
                value = make()
                with self._lock:
                    cache[key] = value
            finally:
                with self._lock:
                    self._computing.pop((id(cache), key), None)
            return value

    def ordinals(self, fieldname: str, searcher) -> tuple[np.ndarray, list[str]]:
        """(the number of each document's value of a one-value field, -1 for none; the values)."""

        def make() -> tuple[np.ndarray, list[str]]:
            values: list[str] = []
            ordinals = np.full(self.doc_count, -1, dtype=np.int32)
            for term in searcher.reader().field_terms(fieldname):
                ordinals[self.term(fieldname, term, searcher)] = len(values)
                values.append(term)
            return ordinals, values

        return self._once(self._ordinals, fieldname, lambda: self._kept(f"ordinals-{fieldname}", make))

    def counts(self, fieldname: str, docs: np.ndarray, searcher, top: int | None = None) -> dict[str, int]:
        """{value: number of `docs` with it} for a facet field; with `top`, only the values with as many as the
        top-th most frequent one or more (ties kept: the caller orders them)."""
        ordinals, values = self.ordinals(fieldname, searcher)
        chosen = ordinals[docs]
        counts = np.bincount(chosen[chosen >= 0], minlength=len(values))
        present = np.flatnonzero(counts)
        if top is not None and len(present) > top:
            cut = np.partition(counts[present], len(present) - top)[len(present) - top]
            present = present[counts[present] >= cut]
        return {values[i]: int(counts[i]) for i in present}

    def numbers(self, fieldname: str, searcher) -> np.ndarray:
        """A sortable numeric field's column as an array of its own type (documents without a value: the column's
        default, as Whoosh sorts them); for `FIELD length`, the length Whoosh keeps of a field."""

        def make() -> np.ndarray:
            parts = []
            for reader, _offset in searcher.reader().leaf_readers():
                if fieldname.endswith(" length"):
                    parts.append(length_column(reader, fieldname[: -len(" length")], reader.doc_count_all()))
                else:
                    parts.append(numeric_column(reader, fieldname, reader.doc_count_all()))
            return np.concatenate(parts) if parts else EMPTY

        return self._once(self._numbers, fieldname,
                          lambda: self._kept(f"numbers-{fieldname}", lambda: (make(), None))[0])

    def _kept(self, name: str, make: Callable[[], tuple[np.ndarray, list[str] | None]]):
        """(array, values) made by `make`, kept in the `shared` folder the first time and memory-mapped from it
        after: the server's processes then share one copy through the page cache instead of holding one each, and
        a process that opens the build later reads it instead of making it. A build never changes once served,
        so the files stay right; where the folder cannot be written, the array is made in memory."""
        if self.shared is None:
            return make()
        stem = self.shared / re.sub(r"[^\w.-]", "_", name)
        array_file, values_file = stem.with_suffix(".npy"), stem.with_suffix(".json")
        try:
            values = json.loads(values_file.read_text(encoding="utf-8")) if values_file.exists() else None
            return np.load(array_file, mmap_mode="r"), values
        except (OSError, ValueError):
            pass
        array, values = make()
        try:
            self.shared.mkdir(exist_ok=True)
            if values is not None:
                _write_atomically(values_file, json.dumps(values).encode())
            buffer = io.BytesIO()
            np.save(buffer, np.ascontiguousarray(array))
            _write_atomically(array_file, buffer.getvalue())  # last: its presence says both are whole
            return np.load(array_file, mmap_mode="r"), values
        except OSError:
            return array, values


def _write_atomically(path: Path, data: bytes) -> None:
    """`data` as the file `path`, which either does not exist or is whole (written aside, then renamed)."""
    aside = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    aside.write_bytes(data)
    os.replace(aside, path)


def reverse_order(values: np.ndarray) -> np.ndarray:
    """Keys that sort `values` in reverse, as Whoosh reverses a numeric column (0 - value; for unsigned columns,
    whose default is their largest number, the same order)."""
    return ~values if values.dtype.kind == "u" else -values


# -- exact scores of a few documents -------------------------------------------------------------------------


class _CandidateSearcher(Searcher):
    """A searcher of one segment whose postings hold the candidate documents only: Whoosh's own matchers and
    scorers (idf, field lengths, coordination, phrases) then score those few documents and nothing else."""

    def __init__(self, top, leaf, offset: int, candidates: np.ndarray, docsets: DocSets):
        super().__init__(leaf.reader(), weighting=top.weighting, closereader=False, parent=top)
        self._top, self._offset, self._docsets = top, offset, docsets
        self._candidates = candidates  # sorted, numbered as in the top searcher

    def postings(self, fieldname, text, weighting=None, qf=1):
        scorer = (weighting or self.weighting).scorer(self, fieldname, text, qf=qf)
        where, weights, positions = self._docsets.postings_of(fieldname, text, self._candidates, self._top)
        return LazyPositionsMatcher((self._candidates[where] - self._offset).tolist(), weights.tolist(),
                                    self.schema[fieldname].format, scorer, (fieldname, text), positions)


def matching_documents(query: Query, candidates: np.ndarray, searcher, docsets: DocSets) -> np.ndarray:
    """Those of the candidates (sorted document numbers) that the query matches."""
    found = []
    for leaf, offset in searcher.leaf_searchers():
        mine = candidates[(candidates >= offset) & (candidates < offset + leaf.doc_count_all())]
        if len(mine):
            restricted = _CandidateSearcher(searcher, leaf, offset, mine, docsets)
            found.extend(docnum + offset for docnum in query.matcher(restricted, restricted.context()).all_ids())
    return np.array(found, dtype=np.int32)


def exact_scores(query: Query, candidates: np.ndarray, searcher, docsets: DocSets) -> list[tuple[int, float]]:
    """[(document, Whoosh's score)] of the candidates (sorted document numbers) that the query matches."""
    scored = []
    for leaf, offset in searcher.leaf_searchers():
        mine = candidates[(candidates >= offset) & (candidates < offset + leaf.doc_count_all())]
        if not len(mine):
            continue
        restricted = _CandidateSearcher(searcher, leaf, offset, mine, docsets)
        matcher = query.matcher(restricted, restricted.context())
        while matcher.is_active():
            scored.append((matcher.id() + offset, matcher.score()))
            matcher.next()
    return scored
