"""The seams of search: the StatementSearch protocol and its factory, the records' JSON, the limits shared with
the web, the writer interface of build and update, and the adapter over Whoosh's private fields."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import get_args

import numpy as np
import pytest
from whoosh.index import create_in

from indexer.model import SpeakerType, StatementKind
from search import (
    KINDS,
    SPEAKER_TYPES,
    ArticleRecord,
    ArticleSummary,
    Facet,
    IndexStore,
    InvalidParameter,
    Page,
    SpeakerProfile,
    StatementRecord,
    StatementSearch,
    Stats,
    build_index,
    open_search,
    page_count,
)
from search.limits import check_paging
from search.schema import statement_schema
from search.update import update_index
from search.whoosh_internals import column_values, read_postings
from search.writing import ArticleWriter, IndexWriter
from web.openapi import openapi_document

from .conftest import ANADOLU, XINHUA


@pytest.fixture(scope="module")
def search(seed_index) -> StatementSearch:
    return open_search(seed_index)


def test_the_factory_gives_a_statement_search_whose_methods_return_records(search):
    assert isinstance(search, StatementSearch)
    search.open()
    results = search.search("supply chains")
    assert results.total and isinstance(results.hits[0].statement, StatementRecord)
    assert all(isinstance(row, Facet) for rows in results.facets.values() for row in rows)
    speakers = search.speakers(per_page=3)
    assert isinstance(speakers, Page) and len(speakers.rows) == 3 and speakers.total >= 3
    assert all(isinstance(row, SpeakerProfile) for row in speakers.rows)
    assert isinstance(search.speaker("Wang Yi"), SpeakerProfile) and search.speaker("nobody at all") is None
    articles = search.articles()
    assert all(isinstance(row, ArticleSummary) for row in articles.rows) and articles.total == 2
    assert isinstance(search.article(articles.rows[0].slug), ArticleRecord)
    assert isinstance(search.stats(), Stats)


def test_an_object_lacking_a_method_is_no_statement_search(search):
    class SearchOnly:
        def search(self, *args, **kwargs):
            return search.search(*args, **kwargs)

    assert not isinstance(SearchOnly(), StatementSearch)


def source_names(stored):
    """A record's JSON as the API serves it: articles named by their source's name relative to what was indexed
    (here: the seed file's name), never by a path of the indexing machine."""
    stored = copy.deepcopy(stored)
    stack = [stored]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("path"), str):
                item["path"] = Path(item["path"]).name
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return stored


def test_records_give_the_json_the_api_serves(search, client):
    assert client.get("/api/v1/health").get_json()["index"] == search.stats().to_dict()
    hit = search.search("supply chains").hits[0]
    statement = search.statement(hit.statement.id)
    served = client.get(f"/api/v1/statements/{statement.id}").get_json()["statement"]
    assert served == source_names(statement.to_dict())
    assert statement == hit.statement and statement.text == statement.to_dict()["text"]
    speakers = search.speakers(per_page=5)
    assert client.get("/api/v1/speakers?per_page=5").get_json()["speakers"] == [r.to_dict() for r in speakers.rows]
    articles = search.articles()
    assert client.get("/api/v1/articles").get_json()["articles"] == source_names([r.to_dict() for r in articles.rows])
    served = client.get("/api/v1/search?q=supply+chains").get_json()
    own = source_names(json.loads(json.dumps(search.search("supply chains").to_dict())))
    assert {k: v for k, v in served.items() if k != "links"} == own
    assert set(own["facets"]["speaker"][0]) == {"value", "count", "label"}


def test_a_record_reads_as_its_json_object(search):
    speaker = search.speaker("wang-yi")
    assert speaker["slug"] == speaker.slug == "wang-yi" and dict(speaker) == speaker.to_dict()
    stats = search.stats()
    assert stats["articles"] == stats.articles == 2 and list(stats) == list(stats.to_dict())
    article = search.articles().rows[0]
    assert article["statement_count"] == article.statement_count and "text" not in article


def test_kinds_speaker_types_and_page_limits_come_from_one_place():
    assert get_args(StatementKind) == KINDS and get_args(SpeakerType) == SPEAKER_TYPES
    document = json.dumps(openapi_document())
    assert json.dumps(list(KINDS)) in document and json.dumps(list(SPEAKER_TYPES)) in document
    assert [page_count(total, 10) for total in (0, 1, 10, 11, 100)] == [1, 1, 1, 2, 10]
    check_paging(10_000, 100, "oldest", "mixed")
    for args, name in [((0, 10), "page"), ((10_001, 10), "page"), ((1, 101), "per_page"),
                       ((1, 10, "best"), "sort"), ((1, 10, "newest", "rumour"), "kind")]:
        with pytest.raises(InvalidParameter) as raised:
            check_paging(*args)
        assert raised.value.name == name


class RecordingWriter(ArticleWriter):
    """The index writer, remembering which of its methods were called."""

    made: list[RecordingWriter] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls: list[str] = []
        RecordingWriter.made.append(self)

    def write(self, article, statements):
        self.calls.append("write")
        return super().write(article, statements)

    def remove(self, article_slug, outlet=None):
        self.calls.append("remove")
        super().remove(article_slug, outlet)

    def commit(self):
        self.calls.append("commit")
        super().commit()


def test_build_and_update_both_write_through_the_index_writer(tmp_path, extractor):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    shutil.copy(XINHUA, corpus / "xinhua.txt")
    store = IndexStore(tmp_path / "index")
    RecordingWriter.made.clear()
    build_index([corpus], store, extractor, writer_factory=RecordingWriter)
    text = (corpus / "xinhua.txt").read_text(encoding="utf-8")
    (corpus / "xinhua.txt").write_text(text.replace("decoupling", "separation"), encoding="utf-8")
    shutil.copy(ANADOLU, corpus / "anadolu.txt")
    summary = update_index([corpus], store, extractor, writer_factory=RecordingWriter)
    built, updated = RecordingWriter.made
    assert isinstance(built, IndexWriter) and isinstance(updated, IndexWriter)
    assert built.calls == ["write", "commit"]
    assert sorted(updated.calls) == ["commit", "remove", "write", "write"] and updated.calls[-1] == "commit"
    assert (summary.added, summary.replaced) == (1, 1)
    assert open_search(store.root).search("separation").total > 0


def test_the_whoosh_adapter_reads_postings_and_columns_as_whoosh_does(tmp_path):
    index = create_in(str(tmp_path), statement_schema(), indexname="statements")
    with index.writer() as writer:
        for n in range(300):
            writer.add_document(id=str(n), text="alpha beta" if n % 3 else "beta", position=n * 7)
    with index.searcher() as searcher:
        reader = searcher.reader()
        ids, weights, table = read_postings(reader.postings("text", "beta"))
        walked = reader.postings("text", "beta")
        expected = []
        while walked.is_active():
            expected.append((walked.id(), walked.weight()))
            walked.next()
        assert list(zip(ids.tolist(), weights.tolist(), strict=True)) == expected
        assert table is not None and int(table[1][-1]) == len(expected) == 300
        column = column_values(reader.column_reader("position", translate=False), reader.doc_count_all())
        assert column.tolist() == list(reader.column_reader("position", translate=False))
        assert np.all(np.diff(column.astype(np.int64)) == 7)  # as sortable as the positions
