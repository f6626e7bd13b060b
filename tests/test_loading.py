"""Loading articles: encodings, bad files, JSON Lines, metadata tables, and reading the seed headers."""

from __future__ import annotations

import json
from datetime import date

from indexer import Article, Skipped, load_paths
from indexer.loading import decode

from .conftest import ANADOLU, XINHUA


def load_one(path) -> Article | Skipped:
    items = list(load_paths([path]))
    assert len(items) == 1
    return items[0]


def test_xinhua_header_is_read():
    article = load_one(XINHUA)
    assert article.title == "Chinese, S. Korean FMs hold phone talks on bilateral ties"
    assert article.outlet == "Xinhua"
    assert article.published == date(2025, 7, 29)
    assert article.dateline_city == "Beijing"
    assert article.dateline_date == date(2025, 7, 28)
    assert article.body.startswith("China and South Korea should deepen")
    assert article.body.endswith("among other issues.")


def test_anadolu_header_is_read_day_first_and_footer_dropped():
    article = load_one(ANADOLU)
    assert article.title == "China, South Korea foreign ministers discuss deepening cooperation, regional stability"
    assert article.outlet == "Anadolu Agency"
    assert article.published == date(2025, 10, 8)
    assert article.dateline_city == "Ankara"
    assert article.body.startswith("China and South Korea’s top diplomats")
    assert "subscription" not in article.body


def test_encodings_are_decoded():
    text = "Café “quoted”, he said."
    assert decode(text.encode("utf-16")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode(text.encode("cp1252")) == text


def test_bad_files_are_skipped_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "good.txt").write_text("Headline\n\nThe minister said the talks went well and would go on next week.")
    items = {item.path.rsplit("/", 1)[-1]: item for item in load_paths([tmp_path])}
    assert items["empty.txt"].reason == "empty file"
    assert "binary" in items["binary.txt"].reason
    assert "unsupported" in items["image.png"].reason
    assert isinstance(items["good.txt"], Article)
    assert isinstance(load_one(tmp_path / "missing.txt"), Skipped)


def test_jsonl_articles_and_bad_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    good = {"id": "a1", "title": "Talks", "text": "Talks\n\nThe minister said talks went well, officials said.",
            "outlet": "Reuters", "published": "2024-05-02", "url": "https://example.org/a1"}
    path.write_text(json.dumps(good) + "\nnot json\n" + json.dumps({"title": "no text"}) + "\n")
    items = list(load_paths([path]))
    assert isinstance(items[0], Article)
    assert (items[0].title, items[0].outlet, items[0].published) == ("Talks", "Reuters", date(2024, 5, 2))
    assert items[0].url == "https://example.org/a1"
    assert [type(i) for i in items[1:]] == [Skipped, Skipped]
    assert "invalid JSON" in items[1].reason and items[1].path.endswith(":2")


def test_metadata_table_wins_over_text(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "story.txt").write_text("A headline in the text\n\nThe senator said the bill would pass soon.")
    (tmp_path / "metadata.tsv").write_text(
        "filename\tpublisher\tpublication_date\ttitle\nstory\tnyt\t2016-09-12\tThe real headline\n")
    article = load_one(tmp_path / "text")
    assert (article.title, article.outlet, article.published) == (
        "The real headline", "The New York Times", date(2016, 9, 12))


def test_single_byte_code_pages_other_than_windows_1252_are_detected():
    russian = "Министр иностранных дел заявил, что переговоры продолжатся на следующей неделе в столице."
    polish = "Minister spraw zagranicznych powiedział, że rozmowy będą kontynuowane w przyszłym tygodniu. Łódź, Śląsk."
    assert decode(russian.encode("cp1251")) == russian
    assert decode(polish.encode("cp1250")) == polish


def test_windows_1252_wins_where_it_fits_as_well_as_another_code_page():
    for text in ("Le ministre a déclaré à la presse que les négociations reprendraient « très bientôt ».",
                 "It costs 5€ — “really”, he said.", "Café talks in Zürich, the minister said."):
        assert decode(text.encode("cp1252")) == text
