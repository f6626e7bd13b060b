"""Relevance pages over many matches: every page up to the last holds its results, all pages make one order
(no statement on two pages, every match on one), and a page scores exactly only the matches it needs."""

from __future__ import annotations

import re

import pytest

from scripts.devtools.bulk import generate_index
from search import IndexStore, SearchService, docsets, ranking
from search.limits import page_count

QUESTION = "China"  # ~700 of the 800 generated statements


@pytest.fixture(scope="module")
def large(seed_index, tmp_path_factory) -> IndexStore:
    """An index of 800 statements made from the seed index's (no spaCy), for questions with hundreds of matches."""
    target = IndexStore(tmp_path_factory.mktemp("large"))
    generate_index(IndexStore(seed_index), target, 800, seed=2)
    return target


@pytest.fixture(scope="module")
def large_service(large) -> SearchService:
    return SearchService(large)


def every_page(service: SearchService, q: str, per_page: int) -> list[list[str]]:
    first = service.search(q, per_page=per_page)
    return [[hit.statement["id"] for hit in service.search(q, page=page, per_page=per_page).hits]
            for page in range(1, first.pages + 1)]


def all_matching_ids(service: SearchService, q: str) -> set[str]:
    """The matches listed by date (no scoring involved), as the reference of what relevance pages must hold."""
    total = service.search(q, per_page=1, sort="newest").total
    return {hit.statement["id"] for page in range(1, page_count(total, 100) + 1)
            for hit in service.search(q, page=page, per_page=100, sort="newest").hits}


@pytest.mark.parametrize("per_page", [100, 10, 7])
def test_every_relevance_page_up_to_the_last_holds_its_results(large_service, per_page):
    results = large_service.search(QUESTION, per_page=per_page)
    assert results.total > 5 * ranking.CANDIDATES
    pages = every_page(large_service, QUESTION, per_page)
    assert len(pages) == results.pages == page_count(results.total, per_page)
    assert all(len(page) == per_page for page in pages[:-1])
    assert len(pages[-1]) == results.total - per_page * (results.pages - 1) > 0
    ids = [statement for page in pages for statement in page]
    assert len(ids) == len(set(ids)) == results.total
    assert set(ids) == all_matching_ids(large_service, QUESTION)
    assert large_service.search(QUESTION, page=results.pages + 1, per_page=per_page).hits == []


def test_pages_of_any_size_are_slices_of_one_order(large_service):
    by_ten = [statement for page in every_page(large_service, QUESTION, 10) for statement in page]
    by_hundred = [statement for page in every_page(large_service, QUESTION, 100) for statement in page]
    by_seven = [statement for page in every_page(large_service, QUESTION, 7) for statement in page]
    assert by_ten == by_hundred == by_seven


def test_the_first_page_is_the_best_by_the_exact_score(large_service):
    hits = large_service.search(QUESTION, per_page=100).hits
    scores = [hit.score for hit in hits]
    assert all(score is not None and score > 0 for score in scores)
    assert scores == sorted(scores, reverse=True)


def test_a_page_scores_exactly_only_the_tiers_it_overlaps(large_service, monkeypatch):
    scored: list[int] = []
    exact = ranking.exact_scores

    def counting(query, candidates, searcher, docsets):
        scored.append(len(candidates))
        return exact(query, candidates, searcher, docsets)

    monkeypatch.setattr(ranking, "exact_scores", counting)
    last = large_service.search(QUESTION, per_page=10).pages
    for page, per_page in [(1, 10), (last, 10), (2, 100), (5, 30)]:
        scored.clear()
        assert large_service.search(QUESTION, page=page, per_page=per_page).hits
        assert sum(scored) <= 2 * ranking.CANDIDATES, (page, per_page, scored)


def test_pages_scored_on_arrays_are_those_of_whooshs_matchers(large_service, monkeypatch):
    words = re.findall(r"[a-z]+", large_service.search(QUESTION, per_page=1).hits[0].statement["text"].lower())
    questions = [QUESTION, "trade deal", "China trade -wall", f'"{" ".join(words[:3])}" {words[-1]}']

    def pages(question: str) -> list[tuple[str, float]]:
        results = large_service.search(question, per_page=100)
        assert results.total, question
        return [(hit.statement["id"], hit.score) for page in range(1, results.pages + 1)
                for hit in large_service.search(question, page=page, per_page=100).hits]

    on_arrays = [pages(question) for question in questions]
    monkeypatch.setattr(ranking, "exact_scores", docsets.exact_scores)
    assert [pages(question) for question in questions] == on_arrays


def test_the_last_page_through_the_api(large):
    from web import create_app

    client = create_app(large.root).test_client()
    first = client.get(f"/api/v1/search?q={QUESTION}").get_json()
    last = client.get(f"/api/v1/search?q={QUESTION}&page={first['pages']}").get_json()
    assert len(last["results"]) == first["total"] - 10 * (first["pages"] - 1)
    assert client.get(f"/api/v1/search?q={QUESTION}&per_page=100&page=2").get_json()["results"]


def test_a_ranked_window_is_that_slice_of_the_full_sort_ties_included():
    import numpy as np

    keys = np.random.default_rng(5).integers(0, 20, 1000).astype(float)  # many ties
    full = np.lexsort((np.arange(len(keys)), keys))
    for low, high in [(0, 100), (100, 200), (950, 1050), (37, 38), (0, 1000)]:
        assert ranking.ranked_window(keys, low, high).tolist() == full[low:high].tolist()
