"""Every page, read as a checker would: one h1 and headings in order, a label for every field, unique ids, no
assets from other hosts, nothing the Content-Security-Policy would block (no inline script or style), a JSON
twin, links that lead somewhere, and colours with enough contrast.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CSS = Path(__file__).resolve().parent.parent / "web" / "static" / "style.css"
ASSET_TAGS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src",
              "embed": "src", "object": "data", "input": "src"}


class Page(HTMLParser):
    """What the checks need from one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.fields: list[dict] = []
        self.labels: set[str] = set()
        self.ids: list[str] = []
        self.assets: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.problems: list[str] = []
        self.lang = None
        self.title = ""
        self.twin = None
        self._open: list[dict] = []  # open <a>, <h1>..<h6>, <label>, <title>, <button> elements collecting text

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if "style" in a:
            self.problems.append(f"inline style on <{tag}>")
        for name in a:
            if name.startswith("on"):
                self.problems.append(f"inline event handler {name} on <{tag}>")
        if tag == "style" or tag == "script" and not (a.get("src") or "").startswith("/static/"):
            self.problems.append(f"<{tag}> element inline or from elsewhere (the CSP allows only files from this "
                                 "host, and the one script is /static/copy.js)")
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ASSET_TAGS and a.get(ASSET_TAGS[tag]):
            self.assets.append(a[ASSET_TAGS[tag]])
        if tag == "link":
            rel = (a.get("rel") or "").split()
            if {"stylesheet", "icon", "preload", "manifest", "modulepreload"} & set(rel):
                self.assets.append(a.get("href", ""))
            if "alternate" in rel and a.get("type") == "application/json":
                self.twin = a.get("href")
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button", "reset"):
            self.fields.append(a)
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag == "a" and a.get("href"):
            self.links.append((a["href"], a.get("aria-label") or ""))
        if tag in ("a", "h1", "h2", "h3", "h4", "h5", "h6", "title", "button"):
            self._open.append({"tag": tag, "text": "", "attrs": a})

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i]["tag"] == tag:
                element = self._open.pop(i)
                text = " ".join(element["text"].split())
                if tag == "title":
                    self.title = text
                elif tag.startswith("h") and tag[1:].isdigit():
                    self.headings.append((int(tag[1]), text))
                elif tag in ("a", "button") and not (text or element["attrs"].get("aria-label")):
                    self.problems.append(f"<{tag}> without a name: {element['attrs']}")
                break


@pytest.fixture(scope="module")
def addresses(app):
    client = app.test_client()
    hit = client.get("/api/v1/search?q=decoupling").get_json()["results"][0]
    return [
        ("/", 200), ("/search?q=what+did+Wang+Yi+say+about+supply+chains", 200),
        ("/search?q=trade&speaker=cho-hyun&kind=indirect", 200), ("/search", 200),
        ("/search?q=suply+chanes", 200), ("/search?speaker=wang-yi&per_page=5&page=2", 200),
        ("/speakers", 200), ("/speakers?q=cho", 200), ("/speakers/wang-yi", 200), ("/speakers/cho-hyun", 200),
        ("/articles", 200), (f"/articles/{hit['article']['slug']}", 200), (f"/statements/{hit['id']}", 200),
        ("/about", 200), ("/speakers/nobody", 404), ("/search?q=x&page=0", 400),
    ]


def read(client, url: str, status: int) -> Page:
    response = client.get(url)
    assert response.status_code == status, url
    assert response.mimetype == "text/html"
    page = Page()
    page.feed(response.get_data(as_text=True))
    page.close()
    return page


def test_every_page_is_well_formed_for_everyone(client, addresses):
    for url, status in addresses:
        page = read(client, url, status)
        where = f"{url}: "
        assert page.lang == "en", where + "no lang"
        assert page.title.endswith("saidwhat"), where + "no title"
        h1s = [text for level, text in page.headings if level == 1]
        assert len(h1s) == 1 and h1s[0], where + f"h1s {h1s}"
        assert page.headings[0][0] == 1, where + "the first heading is not the h1"
        for (before, _), (after, text) in pairwise(page.headings):
            assert after <= before + 1, where + f"heading h{after} {text!r} skips a level after h{before}"
        for field in page.fields:
            assert field.get("id") in page.labels or field.get("aria-label"), where + f"field without label {field}"
        duplicates = {i for i in page.ids if page.ids.count(i) > 1}
        assert not duplicates, where + f"ids used twice: {duplicates}"
        for asset in page.assets:
            parts = urlsplit(asset)
            assert not parts.scheme and not parts.netloc and asset.startswith("/"), where + f"asset {asset}"
        assert not page.problems, where + "; ".join(page.problems)


def test_every_page_has_a_visible_json_twin(client, addresses):
    for url, status in addresses:
        page = read(client, url, status)
        if status != 200:
            assert page.twin is None, url
            continue
        assert page.twin and page.twin.startswith("/api/v1/"), url
        assert (page.twin, "") in page.links or any(href == page.twin for href, _ in page.links), url
        twin = client.get(page.twin)
        assert twin.status_code == 200 and twin.is_json, (url, page.twin)


def test_twins_carry_the_search(client):
    page = read(client, "/search?q=trade&speaker=cho-hyun&page=1&utm_source=x", 200)
    assert page.twin == "/api/v1/search?q=trade&speaker=cho-hyun&page=1"


def test_internal_links_lead_somewhere(client, addresses):
    seen: set[str] = set()
    for url, status in addresses:
        for href, _ in read(client, url, status).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("#") or href in seen:
                continue
            seen.add(href)
            response = client.get(href)
            assert response.status_code == 200, f"{url} links to {href}: {response.status_code}"
            fragment = parts.fragment
            if fragment and response.mimetype == "text/html":
                assert f'id="{fragment}"' in response.get_data(as_text=True), f"{url} links to missing #{fragment}"
    assert len(seen) > 20


def test_article_html_and_the_static_files_are_served_from_here(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert "@import" not in css and not re.search(r"url\((?!['\"]?(?:data:|/))", css), "CSS pulls from elsewhere"


# -- contrast (WCAG 2: 4.5:1 for text, 3:1 for focus rings and large text) ------------------------------

def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_colours_have_enough_contrast():
    css = CSS.read_text(encoding="utf-8")
    var = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", css))
    speaker_backgrounds = re.findall(r"\.sp-\d+ \{ background: (#[0-9a-fA-F]{3,6}); \}", css)
    assert len(speaker_backgrounds) == 8
    highlight = re.search(r"mark\.hl, mark \{ background: (#[0-9a-fA-F]{6})", css).group(1)
    text_pairs = [
        ("ink", var["ink"], var["bg"]), ("ink on card", var["ink"], var["card"]),
        ("muted", var["muted"], var["bg"]), ("muted on card", var["muted"], var["card"]),
        ("links", var["accent"], var["bg"]), ("links on card", var["accent"], var["card"]),
        ("buttons", var["accent-ink"], var["accent"]), ("quote badge", "#ffffff", var["quote"]),
        ("paraphrase badge", var["para"], var["card"]), ("partial badge", var["mixed"], var["card"]),
        ("highlighted words", var["ink"], highlight),
    ]
    for i, background in enumerate(speaker_backgrounds):
        text_pairs += [(f"text marked for speaker {i}", var["ink"], background),
                       (f"speaker link in mark {i}", var["accent"], background)]
    for name, foreground, background in text_pairs:
        assert contrast(foreground, background) >= 4.5, f"{name}: {contrast(foreground, background):.2f}:1"
    assert contrast(var["ink"], var["card"]) >= 3, "focus ring"
