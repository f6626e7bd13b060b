"""Bad articles, end to end through `saidwhat index`: each is indexed as well as it can be or skipped with a
clear reason in the summary; one bad file never stops a run, and no article can hang it."""

from __future__ import annotations

import contextlib
import io
import json
import random
import time

import pytest

import indexer.pipeline
import search.extraction
from indexer import Article, Extractor, Skipped, load_paths
from indexer.loading import looks_like_html
from search import IndexStore, SearchService, build_index
from search.build import BuildRejected
from web.cli import main

from .conftest import XINHUA

GOOD = "Talks go on\n\nThe minister said the talks would go on next week, according to officials in the capital."
HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Talks go on - Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<style>p { color: red }</style><script>var secret = "do not index me";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministers agree to keep talking</h1>
<p>The foreign minister said on Tuesday that the talks &amp; the meetings would go on next week, and that
both sides wanted a deal before the summer.</p>
<p>&ldquo;We are hopeful,&rdquo; she told reporters in the capital, adding that the <b>next round</b> would be
held in Geneva.</p></article>
<footer>Copyright Example News</footer></body></html>
"""


def write_bad_corpus(folder):
    """Every kind of bad article, and two good ones."""
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "xinhua.txt").write_text(XINHUA.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("  \n\n\t \n")
    noise = random.Random(7)
    (folder / "random.txt").write_bytes(bytes(noise.randrange(1, 256) for _ in range(6000)))
    (folder / "nul.txt").write_bytes(b"Talks\x00\x01\x02" * 100)
    (folder / "report.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (folder / "latin1.txt").write_bytes(
        "Café talks in Zürich\n\nThe minister said the café would reopen on Monday, officials in Zürich said."
        .encode("latin-1"))
    (folder / "utf16.txt").write_bytes(
        "Ünïcode talks\n\n“We will meet again,” the minister said on Monday in the capital city.".encode("utf-16"))
    with (folder / "huge.txt").open("wb") as handle:  # 50 MB, sparse
        handle.seek(50 * 1024 * 1024 - 1)
        handle.write(b".")
    (folder / "longest.txt").write_text("Long\n\n" + "The minister said the talks went on. " * 7000)
    (folder / "undated.txt").write_text(
        "No date, no outlet\n\n\u201cWe will not give up,\u201d the mayor said at the town hall meeting yesterday.")
    (folder / "unbalanced.txt").write_text(
        'Unbalanced\n\n"The talks went well," the minister said. "We will go on, he added.\n\n'
        'She said "no more" and "then" left.\n\n\u201cOne more\u201d\u201d\u201d, the mayor said.')
    (folder / "never_closes.txt").write_text(
        'Never closes\n\nThe minister said: "' + "the talks went on and on " * 400)
    (folder / "quotes.txt").write_text("Ten thousand quotation marks\n\n" + '"' * 10_000)
    (folder / "page.html").write_text(HTML_PAGE)
    (folder / "html.txt").write_text("<html><body><h1>Talks go on</h1><p>The minister said the talks would go on"
                                     " next week, officials said.</p><p>Nothing more.</p></body></html>")
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "feed.jsonl").write_text("\n".join([
        json.dumps({"id": 1, "title": 123, "text": GOOD.replace("minister", "senator"), "outlet": ["x"],
                    "published": 2024}),
        "{not json",
        json.dumps([1, 2, 3]),
        json.dumps({"text": None}),
        json.dumps({"text": "   "}),
        "[" * 100_000,
    ]))
    return folder


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    """`saidwhat index --json` over the bad corpus: (exit status, summary, index dir, seconds taken)."""
    root = tmp_path_factory.mktemp("bad")
    corpus = write_bad_corpus(root / "corpus")
    buffer = io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(buffer):
        status = main(["index", str(corpus), "--index-dir", str(root / "index"), "--json"])
    return status, json.loads(buffer.getvalue()), root / "index", time.monotonic() - started


def reasons(summary) -> dict[str, str]:
    return {item["path"].rsplit("/", 1)[-1]: item["reason"] for item in summary["skipped"]}


def test_run_goes_on_and_reports_every_skip_with_its_reason(bad_run):
    status, summary, _, seconds = bad_run
    assert status == 0 and summary["swapped_in"]
    skipped = reasons(summary)
    assert skipped.pop("empty.txt") == "empty file"
    assert skipped.pop("blank.txt") == "no text (only white space)"
    assert skipped.pop("random.txt") == "binary file (mostly control characters)"
    assert skipped.pop("nul.txt") == "binary file (contains NUL bytes)"
    assert skipped.pop("report.txt") == "binary file (PDF document)"
    assert skipped.pop("huge.txt") == "file too large (50 MB; the limit is 20 MB a file)"
    assert skipped.pop("longest.txt") == "article too long (258,999 characters of text; the limit is 200,000)"
    assert skipped.pop("picture.png") == "unsupported file type '.png'"
    assert skipped.pop("feed.jsonl:2").startswith("invalid JSON: ")
    assert skipped.pop("feed.jsonl:3") == "no 'text' field"
    assert skipped.pop("feed.jsonl:4") == "no 'text' field"
    assert skipped.pop("feed.jsonl:5") == "empty text"
    assert skipped.pop("feed.jsonl:6").startswith("invalid JSON")
    assert skipped == {}
    assert summary["skipped_count"] == 13
    assert summary["skip_reasons"] == {"binary file": 3, "no 'text' field": 2, "invalid JSON": 2, "empty file": 1,
                                       "no text": 1, "file too large": 1, "article too long": 1,
                                       "unsupported file type '.png'": 1, "empty text": 1}
    # good, xinhua, latin1, utf16, undated, unbalanced, never_closes, quotes, page.html, html.txt, feed.jsonl:1
    assert summary["articles"] == 11
    assert seconds < 120


def test_every_readable_article_is_in_the_index(bad_run):
    _, _, index_dir, _ = bad_run
    service = SearchService(IndexStore(index_dir))
    rows, total = service.articles(per_page=100)
    by_file = {row["path"].rsplit("/", 1)[-1]: row for row in rows}
    assert total == 11
    assert by_file["latin1.txt"]["title"] == "Café talks in Zürich"
    assert by_file["utf16.txt"]["title"] == "Ünïcode talks"
    assert by_file["xinhua.txt"]["outlet"] == "Xinhua"
    assert (by_file["undated.txt"]["outlet"], by_file["undated.txt"]["published"]) == (None, None)
    assert by_file["quotes.txt"]["title"] == "Ten thousand quotation marks"
    assert by_file["html.txt"]["title"] == "Talks go on"
    page = by_file["page.html"]
    assert (page["title"], page["outlet"], page["published"]) == (
        "Ministers agree to keep talking", "Example News", "2024-03-05")
    feed = by_file["feed.jsonl:1"]
    assert (feed["title"], feed["outlet"], feed["published"]) == ("Talks go on", None, None)
    # Statements are found where they can be, with offsets into the text as loaded.
    assert service.search("Zürich").total >= 1
    assert service.search("mayor give up").hits[0].statement["said_on"] is None
    for row in rows:
        article = service.article(row["slug"])
        for statement in article["statements"]:
            record = service.statement(statement["id"])
            parts = record["parts"]
            assert " ".join(article["text"][a:b] for a, b in parts) == record["text"]
            assert (record["start"], record["end"]) == (parts[0][0], parts[-1][1])


def test_html_is_indexed_as_text_with_its_paragraphs(bad_run):
    _, _, index_dir, _ = bad_run
    service = SearchService(IndexStore(index_dir))
    rows, _ = service.articles(per_page=100)
    slug = next(row["slug"] for row in rows if row["path"].endswith("page.html"))
    text = service.article(slug)["text"]
    assert "<" not in text and "secret" not in text and "color: red" not in text and "Home" not in text
    assert "talks & the meetings" in text and "\u201cWe are hopeful,\u201d" in text
    assert "\n\nThe foreign minister said on Tuesday" in text and "next round would be\nheld" not in text
    assert service.search('"we are hopeful"').hits[0].statement["article"]["slug"] == slug


def test_html_detection_leaves_text_that_mentions_tags_alone():
    assert looks_like_html(HTML_PAGE) and looks_like_html("<html><p>x</p></html>")
    assert looks_like_html("<div><p>One</p>\n<p>Two</p>\n<p>Three</p>\n<br>\n<p>Four</p></div>")
    assert not looks_like_html("<b>Bold headline</b>\n\n\"<script>alert(1)</script> will run,\" he said.")
    assert not looks_like_html("Use the <p> tag for paragraphs, the editor said. " * 20)


def test_summary_text_groups_the_reasons(tmp_path, capsys):
    corpus = write_bad_corpus(tmp_path / "corpus")
    for name in ("quotes.txt", "never_closes.txt", "xinhua.txt", "page.html", "feed.jsonl"):
        (corpus / name).unlink()
    assert main(["index", str(corpus), "--index-dir", str(tmp_path / "index")]) == 0
    out = capsys.readouterr().out
    assert "Indexed 6 articles" in out and "skipped 8" in out
    assert ("Skipped 8: 3 binary file, 1 article too long, 1 empty file, 1 file too large, 1 no text, "
            "1 unsupported file type '.png'") in out
    assert "  binary file (3):\n" in out and f"    {corpus / 'report.txt'} (PDF document)\n" in out


def test_strict_makes_a_skip_an_error_and_keeps_the_old_index(tmp_path, capsys):
    index_dir = str(tmp_path / "index")
    assert main(["index", str(XINHUA), "--index-dir", index_dir]) == 0
    before = IndexStore(index_dir).current_name()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "good.txt").write_text(GOOD)
    (tmp_path / "docs" / "empty.txt").write_text("")
    capsys.readouterr()
    assert main(["index", str(tmp_path / "docs"), "--index-dir", index_dir, "--strict"]) == 1
    captured = capsys.readouterr()
    assert "Read 1 articles" in captured.out and "empty file (1)" in captured.out
    assert "1 input(s) skipped with --strict; the index was left as it was" in captured.err
    assert IndexStore(index_dir).current_name() == before
    assert SearchService(IndexStore(index_dir)).stats()["articles"] == 1
    assert [p.name for p in IndexStore(index_dir).builds.iterdir()] == [before]
    (tmp_path / "docs" / "empty.txt").unlink()
    assert main(["index", str(tmp_path / "docs"), "--index-dir", index_dir, "--strict", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["swapped_in"] is True


def test_a_run_that_indexes_nothing_keeps_the_old_index(tmp_path, capsys, extractor):
    store = IndexStore(tmp_path / "index")
    build_index([XINHUA], store, extractor)
    before = store.current_name()
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "empty.txt").write_text("")
    with pytest.raises(BuildRejected, match="no article could be indexed") as rejected:
        build_index([tmp_path / "junk"], store, extractor)
    assert rejected.value.summary.skipped[0].reason == "empty file"
    assert store.current_name() == before and SearchService(store).stats()["articles"] == 1
    assert main(["index", str(tmp_path / "typo"), "--index-dir", str(store.root)]) == 1
    assert "no such file or folder" in capsys.readouterr().out
    assert store.current_name() == before


def test_bad_metadata_table_and_odd_files_do_not_stop_loading(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "metadata.tsv").write_bytes(b"filename\ttitle\n" + b"story\t" + b"x" * 200_000 + b"\n")
    (tmp_path / "a" / "story.txt").write_text(GOOD)
    (tmp_path / "a" / "utf16-no-bom.txt").write_bytes(GOOD.encode("utf-16-le"))
    items = {item.path.rsplit("/", 1)[-1]: item for item in load_paths([tmp_path / "a"])}
    assert items["a"].reason.startswith("metadata table unreadable (field larger than field limit")
    assert isinstance(items["story.txt"], Article) and items["story.txt"].title == "Talks go on"
    assert items["utf16-no-bom.txt"].title == "Talks go on"


# -- time limits ----------------------------------------------------------------------------------------


class SlowPipeline:
    """The real pipeline, but `HANG` in a text makes spaCy's batch (and the single parse) hang, `BOOM` raise."""

    def __init__(self, nlp):
        self.nlp, self.meta = nlp, nlp.meta

    @staticmethod
    def _trouble(text: str) -> None:
        if "HANG" in text:
            time.sleep(60)
        if "BOOM" in text:
            raise ValueError("the parser choked")

    def __call__(self, text):
        self._trouble(text)
        return self.nlp(text)

    def pipe(self, pairs, as_tuples=True, batch_size=16):
        for doc, context in self.nlp.pipe(pairs, as_tuples=as_tuples, batch_size=batch_size):
            self._trouble(doc.text)
            yield doc, context


def articles_folder(tmp_path, troubles):
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(6):
        word = troubles.get(number, "")
        (folder / f"{number}.txt").write_text(
            f"Story {number}\n\nThe minister said talks {word} number {number} would go on next week, officials said.")
    return folder


def test_an_article_that_hangs_inside_the_batch_is_skipped_and_the_batch_goes_on(tmp_path, extractor):
    folder = articles_folder(tmp_path, {2: "HANG", 4: "BOOM"})
    slow = Extractor(nlp=SlowPipeline(extractor.nlp))
    started = time.monotonic()
    summary = build_index([folder], IndexStore(tmp_path / "index"), slow, article_seconds=1)
    assert time.monotonic() - started < 30
    assert {s.path.rsplit("/", 1)[-1]: s.reason for s in summary.skipped} == {
        "2.txt": "timed out (extraction took longer than 1 s)",
        "4.txt": "extraction failed: ValueError: the parser choked",
    }
    assert summary.articles == 4 and summary.statements == 4


def test_an_article_that_hangs_in_the_statement_passes_is_skipped(tmp_path, extractor, monkeypatch):
    real = indexer.pipeline.statements_from_doc

    def slow_statements(doc, article):
        if "HANG" in doc.text:
            time.sleep(60)
        return real(doc, article)

    monkeypatch.setattr(indexer.pipeline, "statements_from_doc", slow_statements)
    folder = articles_folder(tmp_path, {0: "HANG", 5: "HANG"})
    summary = build_index([folder], IndexStore(tmp_path / "index"), extractor, article_seconds=0.5)
    assert [(s.path.rsplit("/", 1)[-1], s.group) for s in summary.skipped] == [("0.txt", "timed out"),
                                                                              ("5.txt", "timed out")]
    assert summary.articles == 4


def test_time_limit_gives_back_the_alarm_signal(tmp_path, extractor):
    import signal

    before = signal.getsignal(signal.SIGALRM)
    build_index([XINHUA], IndexStore(tmp_path / "index"), extractor, article_seconds=5)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_long_articles_are_parsed_alone_not_in_a_batch(tmp_path, extractor, monkeypatch):
    class Counting(Extractor):
        alone: list[str] = []

        def extract(self, article):
            self.alone.append(article.path.rsplit("/", 1)[-1])
            return super().extract(article)

    monkeypatch.setattr(search.extraction, "SOLO_BODY_CHARS", 2000)
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, sentences in (("a", 70), ("b", 10), ("c", 70), ("d", 200)):
        (folder / f"{name}.txt").write_text(f"Story {name}\n\n" + "The minister said the talks went on. " * sentences)
    counting = Counting(nlp=extractor.nlp)
    summary = build_index([folder], IndexStore(tmp_path / "index"), counting, max_body_chars=5000)
    assert summary.articles == 3 and [(s.path[-5:], s.group) for s in summary.skipped] == [
        ("d.txt", "article too long")]
    assert counting.alone == ["a.txt", "c.txt"]


def test_extract_command_skips_with_reasons(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("")
    assert main(["extract", str(tmp_path / "empty.txt"), str(XINHUA), "--json"]) == 0
    captured = capsys.readouterr()
    assert "empty.txt: empty file" in captured.err and len(captured.out.splitlines()) >= 10
    assert main(["extract", str(tmp_path / "empty.txt"), "--strict"]) == 1


def test_dates_that_cannot_be_read_are_left_out(tmp_path):
    (tmp_path / "odd.txt").write_text("Odd dates\n\nXinhua) 13:40, July 99, 99999999999\n\n" + GOOD.split("\n\n")[1])
    (article,) = load_paths([tmp_path / "odd.txt"])
    assert isinstance(article, Article) and article.published is None
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": GOOD, "published": "the 45th of Smarch"}))
    (article,) = load_paths([feed])
    assert not isinstance(article, Skipped) and article.published is None


def test_any_error_loading_one_file_skips_only_that_file(tmp_path, monkeypatch):
    import indexer.loading

    real = indexer.loading.article_from_text

    def fragile(text, path, **known):
        if path.endswith("b.txt"):
            raise RuntimeError("a bug in the header reader")
        return real(text, path, **known)

    monkeypatch.setattr(indexer.loading, "article_from_text", fragile)
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(GOOD)
    items = [(item.path.rsplit("/", 1)[-1], getattr(item, "reason", None)) for item in load_paths([tmp_path])]
    assert items == [("a.txt", None), ("b.txt", "could not be loaded: RuntimeError: a bug in the header reader"),
                     ("c.txt", None)]


def test_a_file_that_hangs_while_loading_is_skipped(tmp_path, monkeypatch, extractor):
    import indexer.loading

    real = indexer.loading.article_from_text

    def stuck(text, path, **known):
        if path.endswith("b.txt"):
            time.sleep(60)
        return real(text, path, **known)

    monkeypatch.setattr(indexer.loading, "article_from_text", stuck)
    for name in ("a", "b", "c"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / f"{name}.txt").write_text(GOOD.replace("minister", f"minister {name}"))
    started = time.monotonic()
    summary = build_index([tmp_path / "in"], IndexStore(tmp_path / "index"), extractor, article_seconds=0.5)
    assert time.monotonic() - started < 20
    assert [(s.path.rsplit("/", 1)[-1], s.reason) for s in summary.skipped] == [
        ("b.txt", "timed out (loading took longer than 0.5 s)")]
    assert summary.articles == 2


def test_a_pipeline_that_fails_before_reading_anything_is_an_error_not_a_loop(tmp_path, extractor):
    class Broken(SlowPipeline):
        def pipe(self, pairs, as_tuples=True, batch_size=16):
            raise RuntimeError("the pipeline is misconfigured")
            yield  # a generator, like spaCy's

    store = IndexStore(tmp_path / "index")
    with pytest.raises(RuntimeError, match="misconfigured"):
        build_index([XINHUA], store, Extractor(nlp=Broken(extractor.nlp)))
    assert store.current_name() is None and list(store.builds.iterdir()) == []
