"""Whoosh's exact scores of a few candidate statements, worked out on arrays.

Whoosh scores a document by walking a tree of matchers in Python: every candidate costs a visit to every term of
the query (six fields per topic word), the coordination bonus counts the matching terms again, and a phrase
reads the positions of its words. Here each term is scored for all candidates at once (BM25F on the term's
weights and the field lengths, as arrays), and each kind of query combines its parts' arrays as Whoosh's
matcher for it combines scores:

- Term: BM25F of the term in its field (the weight alone in a field that is not scored), times the boost;
- Or: the sum of the parts that match; with a `scale`, times Whoosh's coordination bonus ("SQR", counting the
  terms of the tree that match the document among those that exist in the segment);
- And: the sum, where every part matches; AndMaybe: the required part, plus the optional part where it matches;
  AndNot: the required part, where the excluded part does not match;
- Phrase: the sum of its words' scores, times its boost, where the words are next to each other.

A query with any other part (prefixes, ranges, fuzzy terms, slop) is scored by Whoosh's matchers
(`search.docsets.exact_scores`). The sums are added in another order than Whoosh's tree adds them: the scores
agree to about 1e-12, far below the four decimals a score is rounded to.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.fields import NUMERIC
from whoosh.query import And, AndMaybe, AndNot, NullQuery, Or, Phrase, Query, Term
from whoosh.scoring import BM25F

from .docsets import DocSets
from .docsets import exact_scores as matcher_scores
from .whoosh_internals import bm25f_parameters

# Whoosh's Or reads all postings of its parts into an array (instead of a tree of unions) in a segment of at
# most this many documents, when it has more than two parts and no coordination bonus; that matcher reports no
# matching terms to a coordination bonus above it (whoosh.query.compound.Or._matcher).
PRELOADED_OR_DOCUMENTS = 5000
PRELOADED_OR_CLAUSES = 1024  # or with at least this many parts, whatever the segment


class Unsupported(Exception):
    """A part of a query that is scored by Whoosh's matchers."""


@dataclass
class Scores:
    """A query part's scores of the candidates of one segment, as Whoosh's matcher for it gives them."""

    hit: np.ndarray  # whether the part matches each candidate
    score: np.ndarray  # its score of each (meaningful where it matches)
    matching: np.ndarray  # the term matchers at each candidate, as a coordination bonus above counts them
    terms: int  # the term matchers of the part (those of terms the segment has)

    @classmethod
    def none(cls, size: int) -> Scores:
        return cls(np.zeros(size, dtype=bool), np.zeros(size), np.zeros(size, dtype=np.int64), 0)


def exact_scores(query: Query, candidates: np.ndarray, searcher, docsets: DocSets) -> list[tuple[int, float]]:
    """[(document, Whoosh's score)] of the candidates (sorted document numbers) that the query matches, in order."""
    if not isinstance(searcher.weighting, BM25F):
        return matcher_scores(query, candidates, searcher, docsets)
    scored: list[tuple[int, float]] = []
    for leaf, offset in searcher.leaf_searchers():
        mine = candidates[(candidates >= offset) & (candidates < offset + leaf.doc_count_all())]
        if not len(mine):
            continue
        try:
            scores = _Segment(searcher, leaf.reader(), mine, docsets).scores(query)
        except Unsupported:
            return matcher_scores(query, candidates, searcher, docsets)
        hits = np.flatnonzero(scores.hit)
        scored.extend(zip(mine[hits].tolist(), scores.score[hits].tolist(), strict=True))
    return scored


class _Segment:
    """Scores of the candidates of one segment (numbered as in the top searcher, whose statistics score)."""

    def __init__(self, searcher, reader, candidates: np.ndarray, docsets: DocSets):
        self.searcher, self.reader, self.docsets = searcher, reader, docsets
        self.candidates = candidates
        self.size = len(candidates)
        self.documents = reader.doc_count_all()

    def scores(self, query: Query) -> Scores:
        if isinstance(query, Term):
            return self.term(query.fieldname, query.text, query.boost)
        if isinstance(query, Phrase):
            return self.phrase(query)
        if isinstance(query, (Or, And)) and type(query) in (Or, And):
            return self.compound(query)
        if isinstance(query, AndMaybe):
            required, optional = self.scores(query.a), self.scores(query.b)
            extra = required.hit & optional.hit
            return Scores(required.hit, required.score + np.where(extra, optional.score, 0.0),
                          required.matching + np.where(extra, optional.matching, 0),
                          required.terms + optional.terms)
        if isinstance(query, AndNot):
            kept, excluded = self.scores(query.a), self.scores(query.b)
            return Scores(kept.hit & ~excluded.hit, kept.score, kept.matching, kept.terms + excluded.terms)
        if query is NullQuery or isinstance(query, type(NullQuery)):
            return Scores.none(self.size)
        raise Unsupported(type(query).__name__)

    def compound(self, query: Or | And) -> Scores:
        parts = query.subqueries
        if not parts:
            return Scores.none(self.size)
        if len(parts) == 1:  # Whoosh uses the part's matcher as it is (no boost, no bonus)
            return self.scores(parts[0])
        if isinstance(query, Or) and query.minmatch:
            raise Unsupported("Or with minmatch")
        scored = [self.scores(part) for part in parts]
        matching = sum(part.hit * part.matching for part in scored)
        terms = sum(part.terms for part in scored)
        if isinstance(query, And):
            hit = np.logical_and.reduce([part.hit for part in scored])
            score = sum(np.where(part.hit, part.score, 0.0) for part in scored) * query.boost
            return Scores(hit, score, matching, terms)
        hit = np.logical_or.reduce([part.hit for part in scored])
        score = sum(np.where(part.hit, part.score, 0.0) for part in scored) * query.boost
        preloaded = len(parts) >= PRELOADED_OR_CLAUSES or (
            not query.scale and len(parts) > 2 and self.documents <= PRELOADED_OR_DOCUMENTS)
        if preloaded:
            matching = np.zeros(self.size, dtype=np.int64)
        elif query.scale and terms:
            score = np.where(hit, _coordinated(score, matching, terms, query.scale), 0.0)
        return Scores(hit, score, matching, terms)

    def term(self, fieldname: str, text, boost: float) -> Scores:
        """A term's scores: BM25F where its field is scored, else its weight; none where the segment lacks it."""
        found = self._postings(fieldname, text)
        if found is None:
            return Scores.none(self.size)
        where, weights, _positions = found
        hit = np.zeros(self.size, dtype=bool)
        hit[where] = True
        score = np.zeros(self.size)
        score[where] = self._weighted(fieldname, text, where, weights.astype(np.float64))
        if boost != 1.0:
            score = score * boost
        return Scores(hit, score, hit.astype(np.int64), 1)

    def phrase(self, query: Phrase) -> Scores:
        """The sum of the words' scores, times the boost, where they are next to each other in the field."""
        fieldname, words = query.fieldname, list(query.words)
        if query.slop != 1:
            raise Unsupported("phrase with slop")
        if fieldname not in self.searcher.schema or not words:
            return Scores.none(self.size)
        field = self.searcher.schema[fieldname]
        if not field.format or not field.format.supports("positions"):
            raise Unsupported("phrase of a field without positions")  # Whoosh says what is wrong
        found = [self._postings(fieldname, word) for word in words]
        if any(part is None for part in found):
            return Scores.none(self.size)
        present = np.zeros((len(words), self.size), dtype=bool)
        for row, (where, _weights, _positions) in enumerate(found):
            present[row, where] = True
        hit = np.logical_and.reduce(present)
        decode = field.format.decoder("positions")
        score = np.zeros(self.size)
        for candidate in np.flatnonzero(hit):
            places = []
            for where, _weights, positions in found:
                places.append(set(decode(positions(int(np.searchsorted(where, candidate))))))
            starts = {start for start in places[0]
                      if all(start + k in later for k, later in enumerate(places[1:], start=1))}
            hit[candidate] = bool(starts)
        for word, (where, weights, _positions) in zip(words, found, strict=True):
            score[where] += self._weighted(fieldname, word, where, weights.astype(np.float64))
        score = np.where(hit, score, 0.0)
        if query.boost != 1.0:
            score = score * query.boost
        return Scores(hit, score, hit * len(words), len(words))

    def _postings(self, fieldname: str, text):
        """(where among the candidates, sorted; weights; encoded positions of the i-th) of a term, or None where
        the schema, the term's form or the segment lacks it (Whoosh's matcher for it is then empty)."""
        schema = self.searcher.schema
        if fieldname not in schema:
            return None
        field = schema[fieldname]
        if isinstance(field, NUMERIC):
            raise Unsupported("a numeric term")
        try:
            encoded = field.to_bytes(text)
        except ValueError:
            return None
        if (fieldname, encoded) not in self.reader:
            return None
        return self.docsets.postings_of(fieldname, text, self.candidates, self.searcher)

    def _weighted(self, fieldname: str, text, where: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Whoosh's BM25F score of a term for the candidates at `where`, given its weights in them."""
        field = self.searcher.schema[fieldname]
        if not field.scorable:
            return weights
        searcher = self.searcher
        lengths = self.docsets.numbers(f"{fieldname} length", searcher)[self.candidates[where]].astype(np.float64)
        lengths = np.where(lengths > 0, lengths, 1.0)
        b, k1 = bm25f_parameters(searcher.weighting, fieldname)
        avgfl = searcher.avg_field_length(fieldname) or 1
        idf = searcher.idf(fieldname, text)
        return idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))


def _coordinated(score: np.ndarray, matching: np.ndarray, terms: int, scale: float) -> np.ndarray:
    """Whoosh's coordination bonus (CoordMatcher: Apple V-Twin's "SQR") of scores, given the matching terms."""
    if terms == scale:
        return np.zeros_like(score)
    return (score + ((matching - 1) / (terms - scale) ** 2)) * ((terms - 1) / terms)
