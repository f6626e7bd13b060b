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


def jsonl(tmp_path, *lines: str):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return list(load_paths([path]))


BODY = "Talks\\n\\nThe minister said on Friday the talks would go on next week, officials said."


def test_relative_publication_dates_are_left_out_with_a_warning(tmp_path, caplog):
    values = ["yesterday", "today", "last week", "Monday", "July 28", "July 29, 2025", "2016-09-12"]
    items = jsonl(tmp_path, *(f'{{"text": "{BODY}", "published": "{value}"}}' for value in values))
    assert all(isinstance(item, Article) for item in items)
    assert [item.published for item in items] == [None] * 5 + [date(2025, 7, 29), date(2016, 9, 12)]
    assert "feed.jsonl:1: published 'yesterday' is not an absolute date; left out" in caplog.text
    (tmp_path / "metadata.tsv").write_text("filename\tpublication_date\nstory\tlast week\n")
    (tmp_path / "story.txt").write_text(BODY.replace("\\n", "\n"))
    assert load_one(tmp_path / "story.txt").published is None


def test_titles_and_outlets_that_are_not_text_are_left_out_with_a_warning(tmp_path, caplog):
    items = jsonl(tmp_path, f'{{"text": "{BODY}", "title": 1e309, "outlet": NaN, "published": 2024}}',
                  f'{{"text": "{BODY}", "title": 123, "outlet": ["Reuters"], "id": NaN}}')
    assert [(item.title, item.outlet, item.published) for item in items] == [("Talks", None, None)] * 2
    assert items[1].external_id is None
    assert "feed.jsonl:1: title inf is not text (a number); left out" in caplog.text
    assert "feed.jsonl:1: outlet nan is not text (a number); left out" in caplog.text
    assert "feed.jsonl:2: outlet ['Reuters'] is not text (a list); left out" in caplog.text


def test_out_of_range_dates_are_left_out_not_the_article(tmp_path, caplog, extractor):
    items = jsonl(tmp_path, *(f'{{"text": "{BODY}", "published": "{value}"}}' for value in
                              ("0001-01-01", "9999-12-31", "1599-12-31")))
    assert [item.published for item in items] == [None, None, None]
    assert "feed.jsonl:1: published 0001-01-01 is out of range (1600-01-01 to 2199-12-31); left out" in caplog.text
    assert extractor.extract(items[0])  # said on Friday: no date arithmetic on year 1


def test_metadata_rows_match_only_the_file_they_name(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("passwd.txt", "story.txt", "sub/story.txt", "other.html"):
        (tmp_path / name).write_text(BODY.replace("\\n", "\n"))
    (tmp_path / "metadata.tsv").write_text(
        "filename\ttitle\n../../etc/passwd\tStolen\n/etc/passwd\tStolen too\nsub/story.txt\tThe story below\n"
        "other\tOther by stem\n")
    titles = {item.path.removeprefix(f"{tmp_path}/"): item.title for item in load_paths([tmp_path])}
    assert titles == {"passwd.txt": "Talks", "story.txt": "Talks", "sub/story.txt": "The story below",
                      "other.html": "Other by stem"}
