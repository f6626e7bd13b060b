"""Search over the seed index: questions, speakers, phrases, operators, filters, facets, odd input."""

from __future__ import annotations

from datetime import date

import pytest

from search import Filters, IndexMissing, IndexStore, InvalidParameter, SearchService


def first(service, q, **kwargs):
    results = service.search(q, **kwargs)
    assert results.hits, f"nothing for {q!r}"
    return results.hits[0].statement


def test_the_wang_yi_question_finds_the_supply_chain_statement_first(service):
    top = first(service, "what did Wang Yi say about supply chains")
    assert top["speaker"]["name"] == "Wang Yi"
    assert "jointly oppose" in top["text"]
    assert (top["kind"], top["said_on"], top["article"]["outlet"]) == ("mixed", "2025-07-28", "Xinhua")


@pytest.mark.parametrize("q", ["Wang Yi supply chains", "wang yi supply chain", "WANG supply chains",
                               "Wang Yee supply chains", "what did wang-yi say about supply chains"])
def test_speaker_variants_typos_and_stemming(service, q):
    results = service.search(q)
    assert results.query.speakers == ["wang-yi"]
    assert "jointly oppose" in results.hits[0].statement["text"]


def test_speaker_only_and_role_questions(service):
    results = service.search("Cho Hyun")
    assert results.total == 4 and {h.statement["speaker"]["slug"] for h in results.hits} == {"cho-hyun"}
    assert service.search("what has the Chinese foreign minister said").query.speakers == ["wang-yi"]


def test_topic_with_speaker(service):
    top = first(service, "Cho Hyun on free trade")
    assert top["speaker"]["name"] == "Cho Hyun" and "free trade negotiations" in top["text"]


def test_quoted_phrase_and_highlight(service):
    results = service.search('who said "decoupling"')
    assert results.total == 1
    assert results.query.phrases == ["decoupling"]
    assert "<mark" in results.hits[0].highlight and "decoupling</mark>" in results.hits[0].highlight


def test_operators_exclude_words(service):
    with_word = {h.statement["id"] for h in service.search("supply chains").hits}
    without = {h.statement["id"] for h in service.search("supply chains -decoupling").hits}
    assert without and without < with_word
    assert {h.statement["id"] for h in service.search("supply AND chains NOT decoupling").hits} == without


def test_filters(service):
    direct = service.search("", Filters(kind="direct"))
    assert direct.total == 1 and direct.hits[0].statement["speaker"]["name"] == "Wang Yi"
    assert service.search("Wang", Filters(outlet="anadolu agency")).total == 1
    october = service.search("", Filters(said_from=date(2025, 10, 1), said_to=date(2025, 10, 31)))
    assert october.total > 0 and all(h.statement["said_on"].startswith("2025-10") for h in october.hits)
    assert service.search("trade", Filters(speaker="Cho Hyun")).total == 2
    july = service.search("", Filters(published_to=date(2025, 7, 31)))
    assert july.total == service.search("", Filters(outlet="Xinhua")).total >= 17


def test_facets_count_all_results(service):
    results = service.search("china", per_page=1)
    speakers = {row["value"]: row["count"] for row in results.facets["speaker"]}
    assert sum(speakers.values()) == results.total > 1
    assert {row["value"] for row in results.facets["kind"]} <= {"direct", "indirect", "mixed"}
    assert results.facets["month"] and results.facets["outlet"]


def test_paging_and_sorting(service):
    everything = service.search("", Filters(speaker="wang-yi"), per_page=5, sort="newest")
    assert everything.pages == 3 and len(everything.hits) == 5
    dates = [h.statement["said_on"] for h in service.search("", Filters(speaker="wang-yi"), per_page=50,
                                                             sort="oldest").hits]
    assert dates == sorted(dates)
    with pytest.raises(InvalidParameter):
        service.search("x", page=0)
    with pytest.raises(InvalidParameter):
        service.search("x", per_page=1000)
    with pytest.raises(InvalidParameter):
        service.search("x", Filters(kind="rumour"))


def test_no_results_suggests_a_spelling_and_a_hint(service):
    results = service.search("suply chanes")
    assert results.total == 0 and results.suggestion == "supply chains"
    assert service.search("trade", Filters(outlet="Nowhere Times")).hint


@pytest.mark.parametrize("q", ['"unbalanced', "the of and", "x" * 10_000, "\x00\x07 control", "中文 查询",
                               "AND OR NOT", "((()))", "field:value", "-", '""', "NOT", "*?~^"])
def test_odd_queries_never_fail(service, q):
    results = service.search(q)
    assert results.total >= 0


def test_records(service):
    top = first(service, "decoupling")
    assert service.statement(top["id"]) == top
    assert service.statement("nope") is None
    assert service.speaker("wang-yi")["name"] == "Wang Yi"
    assert service.speaker("Wang")["slug"] == "wang-yi"
    article = service.article(top["article"]["slug"])
    assert article["outlet"] == "Xinhua" and any(s["id"] == top["id"] for s in article["statements"])
    rows, total = service.articles()
    assert total == 2 and rows[0]["published"] == "2025-10-08"


def test_missing_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexMissing, match="saidwhat index"):
        SearchService(IndexStore(tmp_path)).search("anything")
