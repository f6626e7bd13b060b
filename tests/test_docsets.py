"""search/docsets.py: matches, counts and orders from arrays must be what Whoosh itself finds, counts and sorts."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from types import SimpleNamespace

import numpy as np
import pytest
from whoosh import sorting
from whoosh.index import create_in
from whoosh.query import And, AndMaybe, AndNot, Every, Or, Phrase, Term

from search import Filters
from search import docsets as docsets_module
from search.docsets import DocSets, common_positions, exact_scores
from search.queries import filter_query, question_query
from search.ranking import SUBSTANCE_WORDS, ordered
from search.schema import statement_schema

WORDS = "trade deal wall tax plan border jobs china election vote".split()


@pytest.fixture()
def searcher(tmp_path):
    """A statements index of two segments, with undated statements, statements of stop words only (no length)
    and a deleted one."""
    index = create_in(str(tmp_path), statement_schema(), indexname="statements")
    for segment in range(2):
        writer = index.writer()
        for n in range(40):
            number = segment * 40 + n
            text = " ".join(WORDS[(number * k) % len(WORDS)] for k in (1, 3, 7)) * (1 + number % 4)
            fields = {"id": f"s{number}", "text": "it is the and of a to" if number % 10 == 0 else text,
                      "words": text, "pairs": text, "speaker_slug": f"speaker-{number % 5}",
                      "kind": ("direct", "indirect")[n % 2],
                      "outlet": f"Outlet {number % 3}", "position": number % 7, "payload": {"id": f"s{number}"}}
            if number % 6:
                fields["said_on"] = datetime(2016, 1 + number % 12, 1 + number % 27)
                fields["month"] = f"2016-{1 + number % 12:02d}"
            writer.add_document(**fields)
        writer.commit(merge=False)
    with index.writer() as writer:
        writer.delete_by_term("id", "s3")
    with index.searcher() as opened:
        assert len(opened.reader().leaf_readers()) == 2 and opened.reader().has_deletions()
        yield opened


QUERIES = [
    Term("text", "trade"),
    Or([Term("text", "trade"), Term("text", "wall"), Term("speaker_slug", "speaker-2")]),
    And([Term("text", "tax"), Term("kind", "direct")]),
    AndMaybe(Term("text", "jobs"), Term("text", "china")),
    AndNot(Term("text", "vote"), Term("speaker_slug", "speaker-1")),
    Phrase("text", ["trade", "deal"]),
    Phrase("words", ["deal", "tax"]),  # one word pair (search/schema.py: word_pairs)
    Phrase("words", ["deal", "tax", "jobs"]),  # two pairs, then positions checked
    Phrase("words", ["tax", "deal"]),  # the words, never in this order
    Phrase("words", ["jobs", "jobs"]),
    Every(),
]


@pytest.mark.parametrize("query", QUERIES, ids=str)
def test_matches_and_counts_are_whooshs(searcher, query):
    docsets = DocSets(searcher)
    matches = docsets.matches(query, None, searcher)
    assert matches.tolist() == sorted(searcher.docs_for_query(query))
    results = searcher.search(query, limit=None, groupedby={
        "kind": sorting.FieldFacet("kind", maptype=sorting.Count),
        "speaker": sorting.FieldFacet("speaker_slug", maptype=sorting.Count)})
    assert docsets.counts("kind", matches, searcher) == {k: v for k, v in results.groups("kind").items() if k}
    assert docsets.counts("speaker_slug", matches, searcher) == \
        {k: v for k, v in results.groups("speaker").items() if k}
    filtered = docsets.matches(query, Term("kind", "direct"), searcher)
    assert filtered.tolist() == sorted(d for d in searcher.docs_for_query(query)
                                       if searcher.stored_fields(d)["kind"] == "direct")


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_date_order_is_whooshs(searcher, sort):
    """Undated statements first when newest first, last when oldest first, as Whoosh sorts them."""
    index = SimpleNamespace(docsets=DocSets(searcher))
    matches = index.docsets.matches(Every(), None, searcher)
    ours = ordered(matches, index, searcher, sort, substance=False).tolist()
    theirs = [hit.docnum for hit in searcher.search(Every(), limit=None, sortedby=[
        sorting.FieldFacet("said_on", reverse=sort != "oldest"), sorting.FieldFacet("position")])]
    assert ours == theirs


def _substance_facet(searcher) -> sorting.FacetType:
    """Whoosh's sorting key for what `search.ranking.ordered` calls substance: statements in the speaker's own
    words and of some length first (`Well, we'll see` last).

    The length is the statement's word count up to SUBSTANCE_WORDS; quotes and partial quotes count half
    as much again as paraphrases.
    """
    reader = searcher.reader()
    kinds = reader.column_reader("kind") if reader.has_column("kind") else None

    def key(_searcher, docnum: int) -> float:
        length = min(reader.doc_field_length(docnum, "text", 0) or 0, SUBSTANCE_WORDS)  # None when 0
        kind = kinds[docnum] if kinds is not None else ""
        if isinstance(kind, bytes):
            kind = kind.decode("utf-8")
        return -length * (1.5 if kind in ("direct", "mixed") else 1.0)

    return sorting.FunctionFacet(key)


def test_substance_order_is_whooshs(searcher):
    """A speaker's statements, own words and longer first; one of stop words only has no length (Whoosh says None)."""
    index = SimpleNamespace(docsets=DocSets(searcher))
    query = Term("speaker_slug", "speaker-0")
    matches = index.docsets.matches(query, None, searcher)
    ours = ordered(matches, index, searcher, "relevance", substance=True).tolist()
    theirs = [hit.docnum for hit in searcher.search(query, limit=None, sortedby=[
        _substance_facet(searcher), sorting.FieldFacet("said_on", reverse=True), sorting.FieldFacet("position")])]
    assert ours == theirs
    # Marked matches first, each part in the same order.
    marked = np.isin(matches, matches[::4])
    first = ordered(matches, index, searcher, "relevance", substance=True, first=marked).tolist()
    assert first == [d for d in theirs if d in matches[::4]] + [d for d in theirs if d not in matches[::4]]


def test_exact_scores_of_candidates_are_whooshs(searcher):
    query = Or([Term("text", "trade"), Term("text", "wall"), Phrase("text", ["tax", "plan"]),
                Phrase("text", ["trade", "deal"])])
    docsets = DocSets(searcher)
    matches = docsets.matches(query, None, searcher)
    theirs = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
    ours = dict(exact_scores(query, matches[::3], searcher, docsets))
    assert set(ours) == set(matches[::3].tolist())
    assert all(ours[d] == pytest.approx(theirs[d]) for d in ours)


@pytest.fixture()
def many_blocks(tmp_path):
    """Statements whose frequent words have several blocks of postings in each of two segments."""
    index = create_in(str(tmp_path), statement_schema(), indexname="statements")
    for segment in range(2):
        writer = index.writer()
        for n in range(700):
            number = segment * 700 + n
            text = " ".join(WORDS[(number * k) % len(WORDS)] for k in (1, 3, 7, 11)) * (1 + number % 3)
            writer.add_document(id=f"s{number}", text=text, words=text, pairs=text, payload={"id": f"s{number}"})
        writer.commit(merge=False)
    with index.searcher() as opened:
        yield opened


def test_frequent_terms_read_only_in_the_blocks_asked_about_score_as_whoosh_does(many_blocks, monkeypatch):
    query = Or([Term("text", "trade"), Term("text", "wall"), Phrase("text", ["tax", "plan"]),
                Phrase("text", ["trade", "deal"]), Phrase("words", ["deal", "tax"])])
    theirs = {hit.docnum: hit.score for hit in many_blocks.search(query, limit=None)}
    monkeypatch.setattr(docsets_module, "BLOCKWISE_RATIO", 10**9)  # every term read in full
    wholly = DocSets(many_blocks)
    candidates = wholly.matches(query, None, many_blocks)[::37]
    estimated = wholly.estimate(query, candidates, many_blocks)
    monkeypatch.setattr(docsets_module, "BLOCKWISE_RATIO", 0)  # every term read by block
    by_block = DocSets(many_blocks)
    ours = dict(exact_scores(query, candidates, many_blocks, by_block))
    assert by_block._block_tables and not by_block._terms, "the terms were read by block, not in full"
    assert max(len(table[0]) for table in by_block._block_tables.values()) > 1, "terms of several blocks"
    assert set(ours) == set(candidates.tolist()) and len(ours) > 10
    assert all(ours[d] == pytest.approx(theirs[d]) for d in ours)
    assert by_block.estimate(query, candidates, many_blocks) == pytest.approx(estimated)


def test_search_totals_facets_and_sorted_pages_agree_with_whoosh(service):
    index = service.index
    searcher = index.searcher()
    for q, filters in [("supply chains", Filters()), ("trade", Filters(kind="direct")), ("", Filters(kind="direct"))]:
        for sort in ("relevance", "newest", "oldest"):
            results = service.search(q, filters, sort=sort, per_page=5)
            query = question_query(results.query, index) or Every()
            found = searcher.search(query, filter=filter_query(filters, index), limit=None,
                                    groupedby={"kind": sorting.FieldFacet("kind", maptype=sorting.Count)})
            assert results.total == len(found)
            assert {row["value"]: row["count"] for row in results.facets["kind"]} == \
                {k: v for k, v in found.groups("kind").items() if k}


def test_phrases_without_the_pairs_field_are_found_by_positions(tmp_path):
    """A build made before the `pairs` field existed still answers phrases (from the words' positions)."""
    schema = statement_schema()
    schema.remove("pairs")
    index = create_in(str(tmp_path), schema, indexname="statements")
    with index.writer() as writer:
        for number, text in enumerate(["the deal tax plan", "tax deal", "deal and tax", "a deal tax"]):
            writer.add_document(id=f"s{number}", words=text, text=text)
    with index.searcher() as searcher:
        docsets = DocSets(searcher)
        assert docsets.matches(Phrase("words", ["deal", "tax"]), None, searcher).tolist() == [0, 3]
        assert docsets.matches(Phrase("words", ["deal", "tax", "plan"]), None, searcher).tolist() == [0]


def test_lengths_of_a_field_no_document_has_are_zero(searcher):
    """(Whoosh keeps no length column for it; asking Whoosh document by document took seconds at 100k.)"""
    docsets = DocSets(searcher)
    lengths = docsets.numbers("role length", searcher)
    assert lengths.tolist() == [searcher.reader().doc_field_length(d, "role", 0) for d in range(docsets.doc_count)]
    assert not lengths.any() and docsets.numbers("text length", searcher).any()


def test_threads_asking_for_the_same_array_make_it_once(searcher):
    docsets, made, answers = DocSets(searcher), [], []

    def make():
        made.append(1)
        time.sleep(0.2)
        return object()

    threads = [threading.Thread(target=lambda: answers.append(docsets._once(docsets._numbers, "key", make)))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1 and len(answers) == 4 and len({id(a) for a in answers}) == 1


def test_warm_makes_the_arrays_searches_use(searcher):
    docsets = DocSets(searcher)
    docsets.warm(searcher, ordinals=["kind", "speaker_slug"], numbers=["said_on", "text length"])
    assert set(docsets._ordinals) == {"kind", "speaker_slug"} and set(docsets._numbers) == {"said_on", "text length"}


@pytest.mark.parametrize("share", [1, 10**9], ids=["merged", "marked"])
@pytest.mark.parametrize("sizes", [(3, 5), (6, 7, 8)])
def test_union_is_the_sorted_unique_documents(searcher, sizes, share, monkeypatch):
    monkeypatch.setattr(docsets_module, "MARKED_UNION_SHARE", share)
    docsets, rng = DocSets(searcher), np.random.default_rng(3)
    parts = [np.sort(rng.choice(docsets.doc_count, size, replace=False)).astype(np.int32) for size in sizes]
    union = docsets.union([*parts, np.zeros(0, dtype=np.int32)])
    assert union.tolist() == np.unique(np.concatenate(parts)).tolist()


@pytest.mark.parametrize("ratio, share", [(0, 1), (10**9, 10**9)], ids=["looked up", "marked"])
@pytest.mark.parametrize("sizes", [(3, 5), (40, 7, 25), (0, 9), (30, 30)])
def test_intersection_and_difference_are_numpys(searcher, sizes, ratio, share, monkeypatch):
    monkeypatch.setattr(docsets_module, "LOOKUP_RATIO", ratio)
    monkeypatch.setattr(docsets_module, "MARKED_UNION_SHARE", share)
    docsets, rng = DocSets(searcher), np.random.default_rng(5)
    parts = [np.sort(rng.choice(docsets.doc_count, size, replace=False)).astype(np.int32) for size in sizes]
    expected = parts[0]
    for part in parts[1:]:
        expected = np.intersect1d(expected, part)
    both = docsets.intersection(parts)
    assert both.dtype == np.int32 and both.tolist() == expected.tolist()
    left = parts[0][~docsets._found(parts[0], parts[1])]
    assert left.tolist() == np.setdiff1d(parts[0], parts[1]).tolist()


def test_exists(searcher):
    docsets = DocSets(searcher)
    assert docsets.exists(Or([Term("text", "nosuchword"), Term("text", "deal")]), searcher)
    assert not docsets.exists(Or([Term("text", "nosuchword"), Term("text", "nosuchother")]), searcher)
    assert docsets.exists(AndMaybe(Term("text", "deal"), Term("text", "nosuchword")), searcher)
    assert not docsets.exists(Term("id", "s3"), searcher)  # deleted


@pytest.mark.parametrize("query", QUERIES, ids=str)
def test_frequent_terms_decoded_once_into_files_give_the_same_matches_and_scores(searcher, query, tmp_path,
                                                                                 monkeypatch):
    monkeypatch.setattr(docsets_module, "SHARED_TERM_POSTINGS", 1)  # every term counts as frequent here
    shared = tmp_path / "arrays"
    first, again, plain = DocSets(searcher, shared=shared), DocSets(searcher, shared=shared), DocSets(searcher)
    expected = plain.matches(query, None, searcher)
    assert first.matches(query, None, searcher).tolist() == expected.tolist()
    if len(expected) and not isinstance(query, Every):
        assert any(path.name.startswith("postings-") for path in shared.iterdir())
    read = again.matches(query, None, searcher)  # from the files the first one wrote
    assert read.tolist() == expected.tolist()
    if len(expected):
        assert exact_scores(query, expected, searcher, again) == exact_scores(query, expected, searcher, plain)


@pytest.mark.parametrize("sizes", [(5, 400), (400, 5), (0, 9), (300, 300)])
def test_common_positions_of_two_sorted_arrays(sizes):
    rng = np.random.default_rng(11)
    first, second = (np.sort(rng.choice(1000, size, replace=False)).astype(np.int32) for size in sizes)
    in_first, in_second = common_positions(first, second)
    both = np.intersect1d(first, second)
    assert first[in_first].tolist() == second[in_second].tolist() == both.tolist()


@pytest.mark.parametrize("query", [QUERIES[1], AndMaybe(QUERIES[1], Phrase("text", ["trade", "deal"])),
                                   AndNot(Term("text", "vote"), Term("speaker_slug", "speaker-1"))], ids=str)
def test_the_estimate_of_many_matches_added_up_for_every_document_is_the_same(searcher, monkeypatch, query):
    matches = DocSets(searcher).matches(query, None, searcher)
    monkeypatch.setattr(docsets_module, "DENSE_ESTIMATE_SHARE", 0)  # looked up among the matches
    among = DocSets(searcher).estimate(query, matches, searcher)
    monkeypatch.setattr(docsets_module, "DENSE_ESTIMATE_SHARE", 10**9)  # added up for every document
    every = DocSets(searcher).estimate(query, matches, searcher)
    assert len(matches) > 10 and np.count_nonzero(among) == len(matches)
    assert np.array_equal(among, every)
