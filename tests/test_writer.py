"""search/writer.py: the faster writer must write exactly what Whoosh's own writer writes."""

from __future__ import annotations

import random

from whoosh.filedb.filestore import FileStorage
from whoosh.index import create_in

from search.schema import statement_schema
from search.writer import RUN_BATCH, BatchedPostingPool, FastSegmentWriter

VOCABULARY = "trade deal wall tax plan border jobs china election vote supply chain tariff market".split()


def _statements(count: int):
    rng = random.Random(7)
    for number in range(count):
        text = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(1, 30)))
        yield {"id": f"s{number}", "text": text, "words": text, "pairs": text, "speaker": f"Speaker {number % 9}",
               "speaker_slug": f"speaker-{number % 9}", "kind": ("direct", "indirect")[number % 2],
               "position": number, "payload": {"id": f"s{number}", "text": text}}


def _contents(index) -> tuple:
    """Every term with its postings (document, weight, encoded value), every stored document, every length."""
    with index.searcher() as searcher:
        reader = searcher.reader()
        postings = []
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            postings.append((fieldname, text, [(docnum, weight, value) for docnum, weight, value in
                                               zip(matcher.all_ids(), _weights(reader, fieldname, text),
                                                   _values(reader, fieldname, text), strict=True)]))
        stored = list(searcher.all_stored_fields())
        lengths = [reader.doc_field_length(d, "text") for d in range(reader.doc_count_all())]
        return postings, stored, lengths


def _weights(reader, fieldname, text):
    matcher = reader.postings(fieldname, text)
    while matcher.is_active():
        yield matcher.weight()
        matcher.next()


def _values(reader, fieldname, text):
    matcher = reader.postings(fieldname, text)
    while matcher.is_active():
        yield matcher.value()
        matcher.next()


def test_the_index_is_the_one_whooshs_writer_makes(tmp_path, monkeypatch):
    """With a 1 MB pool the postings spill into several runs, each of several batches."""
    runs = []
    original_save = BatchedPostingPool.save
    monkeypatch.setattr(BatchedPostingPool, "save", lambda pool: (runs.append(len(pool.current)), original_save(pool)))
    indexes = {}
    for name, make in (("whoosh", lambda ix: ix.writer(limitmb=1)), ("fast", lambda ix: FastSegmentWriter(ix, 1))):
        (tmp_path / name).mkdir()
        index = create_in(str(tmp_path / name), statement_schema(), indexname="statements")
        with make(index) as writer:
            for fields in _statements(3000):
                writer.add_document(**fields)
        indexes[name] = index
    assert len([n for n in runs if n]) >= 3 and max(runs) > RUN_BATCH
    assert _contents(indexes["fast"]) == _contents(indexes["whoosh"])


def test_a_missing_length_column_is_looked_up_once(tmp_path, monkeypatch):
    """Whoosh's reader asks the file system for a field's lengths at every posting of a field without them."""
    index = create_in(str(tmp_path), statement_schema(), indexname="statements")
    asked: list[str] = []
    original = FileStorage.file_exists
    monkeypatch.setattr(FileStorage, "file_exists",
                        lambda storage, name: (asked.append(name), original(storage, name))[1])
    with FastSegmentWriter(index) as writer:
        for fields in _statements(200):
            writer.add_document(**fields)
    columns = [name for name in asked if name.endswith(".col") or "_len" in name]
    assert columns and len(columns) == len(set(columns))


def test_a_build_in_several_segments_holds_and_finds_what_one_segment_does(tmp_path, extractor, monkeypatch):
    """(Segments bound the build's memory: Whoosh keeps a segment's distinct terms in memory until it is written.)"""
    import search.writing
    from search import Filters, IndexStore, SearchService, build_index

    from .conftest import SEEDS
    from .test_workers import _stored

    build_index([SEEDS], IndexStore(tmp_path / "one"), extractor)
    monkeypatch.setattr(search.writing, "SEGMENT_STATEMENTS", 5)
    build_index([SEEDS], IndexStore(tmp_path / "several"), extractor)
    several = SearchService(IndexStore(tmp_path / "several"))
    assert len(several.index.searcher().reader().leaf_readers()) >= 2  # (Whoosh merges the smallest at the end)
    assert _stored(tmp_path / "several") == _stored(tmp_path / "one")
    one = SearchService(IndexStore(tmp_path / "one"))
    for q, filters in [("supply chains", Filters()), ('"South Korea"', Filters()), ("Wang Yi", Filters()),
                       ("trade", Filters(kind="direct")), ("Cho Hyun on free trade", Filters())]:
        ours, theirs = several.search(q, filters, per_page=50), one.search(q, filters, per_page=50)
        assert ours.total == theirs.total <= 50 and ours.facets == theirs.facets, q
        # The same statements; by relevance in a near but not always the same order: Whoosh's coordination
        # bonus counts only the query's parts that have postings in the segment being scored.
        assert {h.statement["id"] for h in ours.hits} == {h.statement["id"] for h in theirs.hits}, q
        newest = several.search(q, filters, per_page=50, sort="newest").hits
        assert [h.statement["id"] for h in newest] == \
            [h.statement["id"] for h in one.search(q, filters, per_page=50, sort="newest").hits], q
