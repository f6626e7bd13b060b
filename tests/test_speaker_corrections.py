"""Speakers across a real index: forms merged by a build and an update, a newsroom's corrections applied by the
file and by `saidwhat speakers`, and old speaker links redirected to the merged speaker."""

from __future__ import annotations

import pytest

from search import IndexStore, SearchService, build_index
from search.update import update_index
from web import create_app
from web.cli import main

ARTICLES = {
    "a.txt": "Budget talks\n\nMaria Lindqvist, the mayor of Uppsala, said the budget would pass next week.\n",
    "b.txt": "Budget vote\n\nMayor Lindqvist said the vote on the budget was close.\n",
    "c.txt": "Council\n\nErik Holm said the council had met on Monday to discuss the harbour.\n",
}


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def speakers_of(store: IndexStore) -> dict[str, str]:
    """Statement text -> speaker name, over the served index."""
    from whoosh.index import open_dir

    with open_dir(str(store.current_path()), indexname="statements").searcher() as searcher:
        return {fields["payload"]["text"]: fields["payload"]["speaker"]["name"]
                for fields in searcher.all_stored_fields()}


def test_a_surname_joins_its_full_name_and_keeps_its_form(tmp_path, corpus, extractor):
    store = IndexStore(tmp_path / "index")
    build_index([corpus], store, extractor)
    said = speakers_of(store)
    assert said["the vote on the budget was close"] == "Maria Lindqvist"
    service = SearchService(store)
    maria = service.speaker("maria-lindqvist").to_dict()
    assert maria["statements"] == 2 and maria["articles"] == 2 and maria["role"] == "mayor of Uppsala"
    assert maria["merged"] == [{"name": "Lindqvist", "slug": "lindqvist", "statements": 1, "by_hand": False,
                                "reason": "the only person named Lindqvist in the archive"}]
    assert maria["role_history"][0]["role"] in ("mayor of Uppsala", "Mayor")
    hit = service.search("close").hits[0].statement
    assert hit["speaker"]["form"] == {"name": "Lindqvist", "slug": "lindqvist", "type": "person"}


def test_corrections_by_command_apply_at_once_and_on_every_rebuild_and_update(tmp_path, corpus, extractor, capsys):
    index = tmp_path / "index"
    store = IndexStore(index)
    build_index([corpus], store, extractor)
    assert main(["--index-dir", str(index), "speakers", "merge", "Maria Lindqvist", "Erik Holm"]) == 0
    assert "moved Erik Holm: erik-holm -> maria-lindqvist" in capsys.readouterr().out
    assert speakers_of(store)["the council had met on Monday to discuss the harbour"] == "Maria Lindqvist"
    assert main(["--index-dir", str(index), "speakers", "show", "erik-holm"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Maria Lindqvist (person): 3 statements") and "Erik Holm (1 statement): by hand" in shown

    build_index([corpus], store, extractor)  # a rebuild reads the corrections file again
    assert speakers_of(store)["the council had met on Monday to discuss the harbour"] == "Maria Lindqvist"
    (corpus / "d.txt").write_text("Harbour\n\nErik Holm said the harbour would reopen.\n", encoding="utf-8")
    update_index([corpus], store, extractor)  # so does an update, for the articles it adds
    assert speakers_of(store)["the harbour would reopen"] == "Maria Lindqvist"

    assert main(["--index-dir", str(index), "speakers", "split", "Maria Lindqvist", "Erik Holm"]) == 0
    said = speakers_of(store)
    assert said["the harbour would reopen"] == said["the council had met on Monday to discuss the harbour"] == \
        "Erik Holm"
    assert said["the vote on the budget was close"] == "Maria Lindqvist"

    assert main(["--index-dir", str(index), "speakers", "rename", "Erik Holm", "Erik B. Holm"]) == 0
    assert main(["--index-dir", str(index), "speakers", "not-a-person", "Maria Lindqvist"]) == 0
    service = SearchService(store)
    assert service.speaker("erik-b-holm").name == "Erik B. Holm"
    assert service.speaker("maria-lindqvist").type == "description"


def test_a_merged_speakers_old_links_redirect_to_the_speaker(tmp_path, corpus, extractor):
    index = tmp_path / "index"
    build_index([corpus], IndexStore(index), extractor)
    client = create_app(index).test_client()
    page = client.get("/speakers/lindqvist?page=1")
    assert page.status_code == 301 and page.headers["Location"] == "/speakers/maria-lindqvist?page=1"
    api = client.get("/api/v1/speakers/lindqvist")
    assert api.status_code == 301 and api.headers["Location"] == "/api/v1/speakers/maria-lindqvist"
    statements = client.get("/api/v1/speakers/lindqvist/statements")
    assert statements.status_code == 301
    assert statements.headers["Location"] == "/api/v1/speakers/maria-lindqvist/statements"
    html = client.get("/speakers/maria-lindqvist").get_data(as_text=True)
    assert "Merged from" in html and "the only person named Lindqvist in the archive" in html
    assert client.get("/speakers/nobody-at-all").status_code == 404


def test_a_speaker_merged_by_hand_is_marked_on_the_page(tmp_path, corpus, extractor):
    index = tmp_path / "index"
    (index).mkdir()
    (index / "speakers.toml").write_text('[[merge]]\nspeakers = ["Maria Lindqvist", "Erik Holm"]\n',
                                         encoding="utf-8")
    build_index([corpus], IndexStore(index), extractor)
    html = create_app(index).test_client().get("/speakers/maria-lindqvist").get_data(as_text=True)
    assert "Erik Holm" in html and "merged by hand" in html


def test_a_broken_corrections_file_stops_a_rebuild_with_a_message_and_keeps_the_index(tmp_path, corpus, extractor,
                                                                                      capsys):
    index = tmp_path / "index"
    store = IndexStore(index)
    build_index([corpus], store, extractor)
    served = store.current_name()
    (index / "speakers.toml").write_text("[[merge]\n", encoding="utf-8")
    assert main(["index", str(corpus), "--index-dir", str(index), "--workers", "1"]) == 2
    assert "speakers.toml" in capsys.readouterr().err
    assert store.current_name() == served
    assert main(["--index-dir", str(index), "speakers", "merge", "Maria Lindqvist", "Erik Holm"]) == 2
    assert main(["--index-dir", str(index), "speakers", "show", "Nobody"]) == 2


def test_a_phrase_finds_statements_rewritten_when_their_speaker_was_merged(tmp_path, corpus, extractor):
    """Folding rewrites a statement into a new segment and deletes it from the old one; a phrase's positions must
    still be read from the segment that holds the live copy."""
    store = IndexStore(tmp_path / "index")
    build_index([corpus], store, extractor)
    found = SearchService(store).search('"the vote on the budget was close"')
    assert [hit.statement["speaker"]["name"] for hit in found.hits] == ["Maria Lindqvist"]


def test_an_update_keeps_speakers_unless_an_article_brings_a_better_name_and_says_so(tmp_path, corpus, extractor,
                                                                                       capsys):
    full = corpus / "a.txt"
    text = full.read_text(encoding="utf-8")
    full.unlink()
    index = tmp_path / "index"
    store = IndexStore(index)
    build_index([corpus], store, extractor)
    assert SearchService(store).speaker("lindqvist").name == "Lindqvist"
    (corpus / "e.txt").write_text("Ferry\n\nErik Holm said the ferry would run again.\n", encoding="utf-8")
    assert update_index([corpus], store, extractor).speaker_changes == []  # nothing new about anyone

    full.write_text(text, encoding="utf-8")
    assert main(["index", "--update", str(corpus), "--index-dir", str(index)]) == 0
    assert "Speaker moved: Lindqvist: lindqvist -> maria-lindqvist" in capsys.readouterr().out
    service = SearchService(store)
    assert service.speaker("lindqvist").slug == "maria-lindqvist"
    assert service.speaker("erik-holm").statements == 2


def test_unnamed_sources_are_listed_apart_and_marked(tmp_path, corpus, extractor):
    (corpus / "f.txt").write_text("Harbour talks\n\nOfficials said the harbour talks would resume in May.\n",
                                  encoding="utf-8")
    index = tmp_path / "index"
    build_index([corpus], IndexStore(index), extractor)
    client = create_app(index).test_client()
    named = client.get("/api/v1/speakers").get_json()["speakers"]
    assert {s["type"] for s in named} <= {"person", "organization", "group"} and named
    unnamed = client.get("/api/v1/speakers?type=description").get_json()["speakers"]
    assert [(s["name"], s["type"]) for s in unnamed] == [("officials", "description")]
    assert client.get("/api/v1/speakers?type=nobody").status_code == 400
    page = client.get("/speakers").get_data(as_text=True)
    assert "officials</a>" not in page and "1 unnamed source</a>" in page
    listing = client.get("/speakers?type=description").get_data(as_text=True)
    assert "Unnamed sources" in listing and "officials</a>" in listing
    html = client.get("/speakers/officials").get_data(as_text=True)
    assert "Unnamed source: statements the articles attribute to" in html
