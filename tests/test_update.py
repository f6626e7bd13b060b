"""Incremental updates: new and changed articles go in without a rebuild, and the served build is untouched."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from indexer import Extractor
from indexer.model import Speaker, Statement
from search import IndexMissing, IndexStore, SearchService, build_index
from search.build import BuildRejected
from search.update import update_index
from web import create_app
from web.cli import main

from .conftest import ANADOLU, XINHUA
from .test_workers import _stored


def _checksums(path) -> dict[str, str]:
    return {file.name: hashlib.sha1(file.read_bytes()).hexdigest() for file in sorted(path.iterdir())}


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(XINHUA, folder / "xinhua.txt")
    return folder


def test_adding_an_article_gives_the_index_a_rebuild_would(tmp_path, corpus, extractor):
    store = IndexStore(tmp_path / "index")
    build_index([corpus], store, extractor)
    served = store.current_path()
    before = _checksums(served)
    shutil.copy(ANADOLU, corpus / "anadolu.txt")

    summary = update_index([corpus], store, extractor)

    assert (summary.added, summary.replaced, summary.unchanged) == (1, 0, 1)
    assert summary.statements_added > 5 and summary.statements_removed == 0
    assert store.current_path() != served
    assert _checksums(served) == before  # the build that was serving is byte for byte as it was
    build_index([corpus], IndexStore(tmp_path / "rebuilt"), extractor)
    assert _stored(tmp_path / "index") == _stored(tmp_path / "rebuilt")
    manifest, rebuilt = store.manifest(), IndexStore(tmp_path / "rebuilt").manifest()
    for key in ("articles", "statements", "speakers", "outlets", "first_said", "last_said"):
        assert manifest[key] == rebuilt[key], key


def test_a_changed_article_replaces_its_old_version(tmp_path, corpus, extractor):
    store = IndexStore(tmp_path / "index")
    build_index([corpus], store, extractor)
    service = SearchService(store)
    assert service.search("decoupling").total > 0
    text = (corpus / "xinhua.txt").read_text(encoding="utf-8")
    (corpus / "xinhua.txt").write_text(text.replace("decoupling", "separation"), encoding="utf-8")

    summary = update_index([corpus], store, extractor)

    assert (summary.added, summary.replaced, summary.unchanged) == (0, 1, 0)
    assert summary.statements_added == summary.statements_removed
    assert service.search("decoupling").total == 0
    assert service.search("separation").total > 0
    assert service.stats()["articles"] == 1
    build_index([corpus], IndexStore(tmp_path / "rebuilt"), extractor)
    assert _stored(tmp_path / "index") == _stored(tmp_path / "rebuilt")


def test_statement_links_survive_an_edit_elsewhere_in_the_article(tmp_path, corpus, extractor):
    store = IndexStore(tmp_path / "index")
    build_index([corpus], store, extractor)
    service = SearchService(store)
    before = {h.statement["text"]: h.statement["id"] for h in service.search("Wang Yi", per_page=100).hits}
    text = (corpus / "xinhua.txt").read_text(encoding="utf-8")
    edited = text.replace("\n\n", "\n\nA correction was appended to this article.\n\n", 1)
    assert edited != text
    (corpus / "xinhua.txt").write_text(edited, encoding="utf-8")

    update_index([corpus], store, extractor)

    after = {h.statement["text"]: h.statement["id"] for h in service.search("Wang Yi", per_page=100).hits}
    assert len(before) > 3 and after == before
    first = next(iter(after.values()))
    assert create_app(store.root).test_client().get(f"/api/v1/statements/{first}").status_code == 200


def test_an_unchanged_corpus_changes_nothing_but_the_build(tmp_path, corpus, extractor):
    store = IndexStore(tmp_path / "index")
    build_index([corpus], store, extractor)
    summary = update_index([corpus / "xinhua.txt"], store, extractor)
    assert (summary.added, summary.replaced, summary.unchanged, summary.statements_added) == (0, 0, 1, 0)


@pytest.mark.parametrize("first", ["full name", "short name"])
def test_a_short_name_and_its_full_name_are_folded_whichever_comes_first(tmp_path, extractor, first):
    folder = tmp_path / "articles"
    folder.mkdir()
    articles = {"full name": ("a.txt", "Talks\n\nMayor Maria Lindqvist said the talks would continue.\n"),
                "short name": ("b.txt", "More talks\n\nMayor Lindqvist said the talks had failed.\n")}
    name, text = articles.pop(first)
    (folder / name).write_text(text, encoding="utf-8")
    store = IndexStore(tmp_path / "index")
    build_index([folder], store, extractor)
    [(name, text)] = articles.values()
    (folder / name).write_text(text, encoding="utf-8")

    update_index([folder], store, extractor)

    service = SearchService(store)
    hits = service.search("failed").hits + service.search("continue").hits
    assert [hit.statement["speaker"]["slug"] for hit in hits] == ["maria-lindqvist", "maria-lindqvist"]
    build_index([folder], IndexStore(tmp_path / "rebuilt"), extractor)
    assert _stored(tmp_path / "index") == _stored(tmp_path / "rebuilt")


def test_a_strict_update_with_a_skip_leaves_the_index_as_it_was(tmp_path, corpus, extractor):
    store = IndexStore(tmp_path / "index")
    build_index([corpus], store, extractor)
    served = store.current_name()
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    shutil.copy(ANADOLU, corpus / "anadolu.txt")
    with pytest.raises(BuildRejected):
        update_index([corpus], store, extractor, strict=True)
    assert store.current_name() == served
    assert [p.name for p in store.builds.iterdir()] == [served]


def test_updating_without_an_index_says_to_build_one(tmp_path, corpus, extractor):
    with pytest.raises(IndexMissing, match="Build one with `saidwhat index"):
        update_index([corpus], IndexStore(tmp_path / "none"), extractor)
    assert not list((tmp_path / "none" / "builds").iterdir())


def test_index_update_command(tmp_path, corpus, capsys):
    index = str(tmp_path / "index")
    assert main(["--index-dir", index, "index", "--workers", "1", str(corpus)]) == 0
    shutil.copy(ANADOLU, corpus / "anadolu.txt")
    capsys.readouterr()
    assert main(["--index-dir", index, "index", "--update", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "1 articles added, 0 replaced, 1 unchanged" in out
    assert main(["--index-dir", index, "search", "--json", "Wang"]) == 0


class TwoNamesExtractor(Extractor):
    """Every paragraph is a statement; `Lindqvist said` paragraphs by `Lindqvist`, the rest by the full name; both
    are the mayor (the role that makes them one person across articles)."""

    def __init__(self):
        self.nlp, self.batch_size, self.model = None, 16, "two-names"

    @property
    def pipeline_name(self) -> str:
        return self.model

    def extract(self, article):
        statements, start = [], 0
        for paragraph in article.text.split("\n"):
            if paragraph.strip():
                name = "Lindqvist" if paragraph.startswith("Lindqvist") else "Maria Lindqvist"
                statements.append(Statement(Speaker(name, role="mayor"), "indirect", paragraph, "said", start,
                                            start + len(paragraph), article))
            start += len(paragraph) + 1
        return statements

    def extract_many(self, articles, on_error=None):
        for article in articles:
            yield article, self.extract(article)


def test_folding_a_short_name_counts_an_article_where_both_names_speak_once(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Maria Lindqvist said one.\nLindqvist said two.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Lindqvist said three.\n", encoding="utf-8")
    (folder / "c.txt").write_text("Maria Lindqvist said four.\n", encoding="utf-8")
    store = IndexStore(tmp_path / "index")
    build_index([folder], store, TwoNamesExtractor())
    [speaker] = _speaker_payloads(store)
    assert (speaker["slug"], speaker["statements"], speaker["articles"]) == ("maria-lindqvist", 4, 3)


def _speaker_payloads(store: IndexStore) -> list[dict]:
    from whoosh.index import open_dir

    with open_dir(store.current_path(), indexname="speakers").searcher() as searcher:
        return [fields["payload"] for fields in searcher.all_stored_fields()]


def test_a_build_made_before_the_pairs_field_is_updated_without_it(tmp_path, corpus, extractor, monkeypatch):
    import search.build
    from search.schema import statement_schema

    def without_pairs():
        schema = statement_schema()
        schema.remove("pairs")
        return schema

    store = IndexStore(tmp_path / "index")
    with monkeypatch.context() as patched:
        patched.setattr(search.build, "statement_schema", without_pairs)
        build_index([corpus], store, extractor)
    shutil.copy(ANADOLU, corpus / "anadolu.txt")
    assert update_index([corpus], store, extractor).added == 1
    service = SearchService(store)
    assert "pairs" not in service.index.schema
    build_index([corpus], IndexStore(tmp_path / "rebuilt"), extractor)
    rebuilt = SearchService(IndexStore(tmp_path / "rebuilt"))
    for phrase in ('"South Korea"', '"free trade"', '"supply chains"', '"China and South Korea"'):
        # found by word positions in the old build, by word pairs in the new one
        assert service.search(phrase).total == rebuilt.search(phrase).total > 0, phrase


def _three_articles(folder):
    folder.mkdir()
    (folder / "a.txt").write_text("Maria Lindqvist said one.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Maria Lindqvist said two.\n", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "c.txt").write_text("Maria Lindqvist said three.\n", encoding="utf-8")
    return folder


def test_an_update_through_a_symlink_to_the_same_folder_adds_nothing(tmp_path):
    folder = _three_articles(tmp_path / "articles")
    (tmp_path / "link").symlink_to(folder, target_is_directory=True)
    store = IndexStore(tmp_path / "index")
    build_index([folder], store, TwoNamesExtractor())
    summary = update_index([tmp_path / "link"], store, TwoNamesExtractor())
    assert (summary.added, summary.replaced, summary.unchanged) == (0, 0, 3)
    assert (store.manifest()["articles"], store.manifest()["statements"]) == (3, 3)


def test_a_moved_corpus_updates_nothing(tmp_path):
    folder = _three_articles(tmp_path / "articles")
    store = IndexStore(tmp_path / "index")
    build_index([folder], store, TwoNamesExtractor())
    moved = tmp_path / "elsewhere" / "news"
    moved.parent.mkdir()
    folder.rename(moved)
    summary = update_index([moved], store, TwoNamesExtractor())
    assert (summary.added, summary.replaced, summary.unchanged, summary.statements_added) == (0, 0, 3, 0)
    assert store.manifest()["articles"] == 3


def test_a_moved_and_edited_file_replaces_its_old_version(tmp_path):
    folder = _three_articles(tmp_path / "articles")
    store = IndexStore(tmp_path / "index")
    build_index([folder], store, TwoNamesExtractor())
    moved = tmp_path / "moved"
    folder.rename(moved)
    (moved / "a.txt").write_text("Maria Lindqvist said one again.\n", encoding="utf-8")
    summary = update_index([moved], store, TwoNamesExtractor())
    assert (summary.added, summary.replaced, summary.unchanged) == (0, 1, 2)
    assert store.manifest()["articles"] == 3


def _same_id_records(path):
    path.write_text('{"id": "x-1", "title": "First", "text": "Maria Lindqvist said one."}\n'
                    '{"id": "x-1", "title": "Second", "text": "Maria Lindqvist said two."}\n', encoding="utf-8")
    return path


def test_two_records_with_one_id_are_built_once_with_a_reported_duplicate(tmp_path):
    feed = _same_id_records(tmp_path / "feed.jsonl")
    summary = build_index([feed], IndexStore(tmp_path / "index"), TwoNamesExtractor())
    assert (summary.articles, summary.statements) == (1, 1)
    assert [(s.path, s.group) for s in summary.skipped] == [(f"{feed}:2", "duplicate of an article already indexed")]


def test_two_records_with_one_id_are_added_once_by_an_update_with_a_reported_duplicate(tmp_path):
    folder = _three_articles(tmp_path / "articles")
    store = IndexStore(tmp_path / "index")
    build_index([folder], store, TwoNamesExtractor())
    feed = _same_id_records(tmp_path / "feed.jsonl")
    summary = update_index([feed], store, TwoNamesExtractor())
    assert (summary.added, summary.replaced, summary.unchanged) == (1, 0, 0)
    assert [(s.path, s.group) for s in summary.skipped] == [(f"{feed}:2", "duplicate of an article already indexed")]
    assert store.manifest()["articles"] == 4
    again = update_index([feed], store, TwoNamesExtractor())
    assert (again.added, again.replaced, again.unchanged, len(again.skipped)) == (0, 0, 1, 1)
