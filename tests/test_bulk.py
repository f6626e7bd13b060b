"""Benchmark indexes generated without spaCy: the real layout, the asked size, searchable and updatable."""

from __future__ import annotations

from whoosh.index import open_dir

from scripts.devtools.bulk import ensure_index, generate_index
from search import IndexStore, SearchService
from search.update import update_index

from .conftest import ANADOLU


def test_a_generated_index_has_the_asked_size_and_opens_like_any_other(seed_index, tmp_path, extractor):
    target = IndexStore(tmp_path / "bench")
    manifest = generate_index(IndexStore(seed_index), target, 300, seed=3)

    assert manifest["statements"] == 300 and manifest["generated"]["statements"] == 300
    with open_dir(target.current_path(), indexname="speakers").searcher() as searcher:
        speakers = [fields["payload"] for fields in searcher.all_stored_fields()]
    assert sum(speaker["statements"] for speaker in speakers) == 300 == manifest["statements"]
    assert len(speakers) == manifest["speakers"]
    service = SearchService(target)
    assert service.stats()["statements"] == 300
    assert service.search("Wang Yi").total > 0
    # --update works on a generated index; copy 0 of each article is the article itself, so it is found again
    summary = update_index([ANADOLU], target, extractor)
    assert (summary.added, summary.replaced + summary.unchanged) == (0, 1) and not summary.skipped


def test_ensure_index_reuses_what_it_made(seed_index, tmp_path):
    first = ensure_index(IndexStore(seed_index), tmp_path / "bench", 120, seed=1)
    build = first.current_name()
    again = ensure_index(IndexStore(seed_index), tmp_path / "bench", 120, seed=1)
    assert again.current_name() == build
    other = ensure_index(IndexStore(seed_index), tmp_path / "bench", 150, seed=1)
    assert other.current_name() != build and other.manifest()["statements"] == 150
