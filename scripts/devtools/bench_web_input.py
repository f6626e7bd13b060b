"""What reading web pages costs beside extracting them: the same articles indexed as text files and as HTML pages
in a WARC file, with the reading and the extraction timed apart.

Each text article is wrapped in one of the fixture pages' designs (tests/data/web/pages), its body in place of the
page's, so that trafilatura has a real page's navigation, banners and boxes to leave out.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import tempfile
import time
from pathlib import Path

from . import ROOT

PAGES = ROOT / "tests" / "data" / "web" / "pages"
DESIGNS = ("wordpress-local.html", "arc-national.html", "guardian-like.html", "postmedia-sports.html")


def as_page(design: str, title: str, body: str) -> str:
    """`design` with its headline and article paragraphs replaced by `title` and the paragraphs of `body`."""
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>\n" for p in body.split("\n\n") if p.strip())
    page = re.sub(r"<h1([^>]*)>.*?</h1>", lambda m: f"<h1{m.group(1)}>{html.escape(title)}</h1>", design,
                  count=1, flags=re.DOTALL)
    first, last = page.find("<p"), page.rfind("</p>")
    article_start = page.find("<article")
    start = page.find("<p", article_start) if article_start >= 0 else first
    return page[:start] + paragraphs + page[last + 4:] if start >= 0 else page


def write_inputs(texts: list[Path], folder: Path) -> tuple[Path, Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    text_dir = folder / "text"
    text_dir.mkdir()
    designs = [(PAGES / name).read_text(encoding="utf-8") for name in DESIGNS]
    crawl = folder / "crawl.warc.gz"
    with crawl.open("wb") as output:
        writer = WARCWriter(output, gzip=True)
        for number, path in enumerate(texts):
            text = path.read_text(encoding="utf-8")
            shutil.copy(path, text_dir / path.name)
            title, _, body = text.partition("\n\n")
            page = as_page(designs[number % len(designs)], title.strip(), body).encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://news.example/{path.stem}", "response",
                                                          payload=io.BytesIO(page), http_headers=headers))
    return text_dir, crawl


def timed_reading(path: Path) -> tuple[list, list, float]:
    """(articles, skipped, seconds) of loading `path`."""
    from indexer import Skipped, load_paths

    started = time.perf_counter()
    items = list(load_paths([path]))
    seconds = time.perf_counter() - started
    return [i for i in items if not isinstance(i, Skipped)], [i for i in items if isinstance(i, Skipped)], seconds


def run(corpus: Path, count: int) -> int:
    from indexer import Extractor

    texts = sorted(corpus.glob("*.txt"))[:count]
    extractor = Extractor()
    with tempfile.TemporaryDirectory() as scratch:
        text_dir, crawl = write_inputs(texts, Path(scratch))
        results = {}
        for label, path in (("text files", text_dir), ("WARC of HTML pages", crawl)):
            articles, skipped, reading = timed_reading(path)
            for item in skipped:
                print(f"{label}: skipped {item.path} ({item.reason})")
            started = time.perf_counter()
            statements = sum(len(statements) for _, statements in extractor.extract_many(articles))
            extraction = time.perf_counter() - started
            results[label] = (len(articles), statements, reading, extraction)
    print(f"{count} PolNeAR articles, read and extracted in one process")
    print(f"{'input':22} {'articles':>8} {'statements':>10} {'reading s':>10} {'extraction s':>12} "
          f"{'articles/s':>10} {'reading/extraction':>18}")
    for label, (articles, statements, reading, extraction) in results.items():
        print(f"{label:22} {articles:8} {statements:10} {reading:10.2f} {extraction:12.2f} "
              f"{articles / (reading + extraction):10.2f} {reading / extraction:18.1%}")
    return 0
