"""Web pages as articles: the main text and the page's own metadata, through trafilatura.

`read_page` keeps what a reader of the article reads (its paragraphs, in order, one per block) and leaves out
navigation, cookie banners, newsletter boxes, captions, related links and comments. Title, author, date,
outlet (the site's name), canonical URL and language come from the page's metadata (Open Graph, JSON-LD,
`<meta>` tags, `<html lang>`) before any guess from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .languages import declared_language

MIN_ARTICLE_WORDS = 12  # fewer words of main text: a page that is no article (a shop, an index page)
# what a page that says it is one of these is (Open Graph's og:type, schema.org's @type): no article
NOT_ARTICLE_KINDS = {"product": "a product page", "product.item": "a product page", "profile": "a profile page",
                     "music.song": "a song's page", "music.album": "an album's page"}
_PRODUCT_TYPES = frozenset({"Product", "ProductGroup", "Offer", "AggregateOffer"})


@dataclass
class Page:
    text: str  # the headline, a blank line, then the paragraphs of the article, one blank line apart
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    author: str | None = None
    url: str | None = None
    language: str | None = None  # as the page declares it (`en`, `de`), or None
    kind: str | None = None  # what the page says it is (og:type: `article`, `product`), or None

    @property
    def not_an_article(self) -> str | None:
        """What the page is when it says it is no article (`a product page`), else None."""
        return NOT_ARTICLE_KINDS.get(self.kind or "")

    @property
    def words(self) -> int:
        return len(self.text.split())

    def metadata(self) -> dict[str, str]:
        """The fields an Article takes, for those the page gives."""
        fields = {"title": self.title, "outlet": self.outlet, "published": self.published, "author": self.author,
                  "url": self.url}
        return {key: value for key, value in fields.items() if value}


@lru_cache(maxsize=1)
def _trafilatura():
    """trafilatura and its settings: imported when a page is read (half a second that text-only runs never pay);
    no time limit of its own, which would take the SIGALRM timer the indexer keeps each article's limit with."""
    import trafilatura
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "extraction_timeout", "0")
    return trafilatura, config


def _extract(markup, url: str | None, precision: bool):
    trafilatura, config = _trafilatura()
    return trafilatura.bare_extraction(
        markup, url=url, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
        favor_precision=precision, favor_recall=not precision, deduplicate=False, config=config,
        date_extraction_params={"extensive_search": False, "original_date": True})


def read_page(markup: str, url: str | None = None) -> Page:
    """The article of an HTML page (an empty text when the page has none). Read for precision first; a page where
    that finds next to nothing (a news brief in a heavy template) is read again for recall."""
    from trafilatura.utils import load_html

    tree = load_html(markup[:MAX_MARKUP])  # parsed once: the metadata is read before trafilatura prunes the tree
    declared = declared_metadata(tree) if tree is not None else {}
    document = _extract(tree, url, precision=True) if tree is not None else None
    if document is None or len((document.text or "").split()) < MIN_ARTICLE_WORDS:
        document = _extract(markup, url, precision=False) or document  # (a fresh tree: the first was pruned)
    if document is None:
        return Page(text="", language=declared_language(markup))
    outlet = _outlet(declared.get("outlet") or _clean(document.sitename), declared.get("page_title") or document.title)
    title = declared.get("title") or _clean_title(document.title, outlet)
    blocks = list(_blocks(document.body)) if document.body is not None else []
    if blocks and title and _same(blocks[0], title):
        blocks = blocks[1:]  # the page's own <h1>: the headline goes first once
    text = "\n\n".join([title, *blocks] if title else blocks)
    return Page(
        text=text,
        title=title or None,
        outlet=outlet,
        published=declared.get("published") or document.date or None,
        author=_clean(document.author),
        url=document.url or url,
        language=declared_language(markup),
        kind=declared.get("kind"),
    )


# -- the page's own metadata -----------------------------------------------------------------------------

# <meta> names and properties of a publication date, most trusted first
DATE_FIELDS = ("article:published_time", "og:published_time", "datepublished", "citation_publication_date",
               "citation_date", "dcterms.date", "dc.date.issued", "dc.date", "prism.publicationdate",
               "parsely-pub-date", "sailthru.date", "pubdate", "publish-date", "date")
OUTLET_FIELDS = ("og:site_name", "application-name", "citation_journal_title")
_ISO_DAY = re.compile(r"(\d{4})[-/](\d{2})[-/](\d{2})")


def declared_metadata(tree) -> dict[str, str]:
    """Title, outlet and publication day as the page (its parsed lxml tree) states them for machines: JSON-LD
    (`NewsArticle`, `@graph`), `<meta>` tags, microdata, `<time datetime>` in the article, and the headline of its
    <h1>; and the text of its <title> (`page_title`)."""
    found: dict[str, str] = {}
    articles, kinds = _json_ld(tree)
    if kinds & _PRODUCT_TYPES and not articles:
        found["kind"] = "product"
    for article in articles:
        if day := _day(article.get("datePublished")):
            found.setdefault("published", day)
        publisher = article.get("publisher")
        if isinstance(publisher, list):
            publisher = publisher[0] if publisher else None
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            found.setdefault("outlet", _clean(publisher["name"]) or "")
        if isinstance(article.get("headline"), str):
            found.setdefault("title", _clean(article["headline"]) or "")
    meta = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        if key and element.get("content") and key not in meta:
            meta[key] = element.get("content")
    for key in DATE_FIELDS:
        if "published" not in found and (day := _day(meta.get(key))):
            found["published"] = day
    for key in OUTLET_FIELDS:
        if meta.get(key):
            found.setdefault("outlet", _clean(meta[key]) or "")
    if meta.get("og:type"):
        found.setdefault("kind", meta["og:type"].strip().lower())
    if "published" not in found:
        for element in tree.xpath('//*[@itemprop="datePublished"] | //article//time[@datetime] | '
                                  '//*[contains(@class, "publish") or contains(@id, "publish")]'):
            if day := _day(element.get("content") or element.get("datetime") or element.get("title")):
                found["published"] = day
                break
    found["page_title"] = _clean(tree.findtext(".//title")) or ""
    headings = [_clean(h.text_content()) for h in tree.iter("h1")]
    headings = [h for h in headings if h]
    if "title" not in found and len(headings) == 1:
        titles = [_clean(meta.get("og:title")), _clean(meta.get("twitter:title")), found["page_title"]]
        # the one <h1> is the headline when a title the page gives starts with it (`Headline | Outlet`)
        if any(t and t.lower().startswith(headings[0].lower()) for t in titles):
            found["title"] = headings[0]
    return {key: value for key, value in found.items() if value}


MAX_MARKUP = 5 * 1024 * 1024


def _json_ld(tree) -> tuple[list[dict], set[str]]:
    """The JSON-LD objects of the page that are articles (`NewsArticle`, `Article`, `ReportageNewsArticle`...),
    and the types of all its objects."""
    import json

    articles, types = [], set()
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                types.update(kind for kind in kinds if isinstance(kind, str))
                if any(isinstance(kind, str) and kind.endswith("Article") for kind in kinds):
                    articles.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return articles, types


def _day(value) -> str | None:
    """`2026-02-21T22:41:09-08:00` -> 2026-02-21: the day where it was published, as the page writes it."""
    if not isinstance(value, str):
        return None
    match = _ISO_DAY.match(value.strip())
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def _outlet(sitename: str | None, title: str | None) -> str | None:
    """The outlet's name as a reader writes it: the page title's own ending when the site's name is only its
    host or is written without spaces (`en.wikinews.org`, `MeridianWire` -> `Wikinews`, `Meridian Wire`), or
    that ending when the page names no site (`Headline | Fleet Operator Weekly`)."""
    parts = _TITLE_SEPARATORS.split(_clean(title) or "")
    ending = parts[-1].split(",")[0].strip() if len(parts) > 1 else None
    if ending and not 1 <= len(ending.split()) <= 5:
        ending = None
    if not sitename:
        return ending if ending and ending[:1].isupper() and " | " in (title or "") else None
    compact = re.sub(r"\W+", "", sitename).lower()
    if ending:
        ending_compact = re.sub(r"\W+", "", ending).lower()
        host_like = "." in sitename and " " not in sitename
        if ending_compact == compact or host_like and ending_compact and ending_compact in compact:
            return ending
    return sitename


def _blocks(body) -> list[str]:
    """One paragraph per block of trafilatura's tree: paragraphs, headings, quotes; a list's items one a line."""
    blocks = []
    for element in body:
        if element.tag == "list":
            lines = [_inline(item) for item in element.iter("item")]
            text = "\n".join(line for line in lines if line)
        else:
            text = _inline(element)
        if text:
            blocks.append(text)
    return blocks


def _inline(element) -> str:
    """An element's text, line breaks kept, other white space folded."""
    parts = []
    for node in element.iter():
        if node.tag == "lb":
            parts.append("\n")
        if node.text and node.tag != "lb":
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    lines = (re.sub(r"[ \t\f\r\u00a0]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _clean(value: str | None) -> str | None:
    value = re.sub(r"\s+", " ", value or "").strip()
    return value or None


_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014:-]\s+")


def _clean_title(title: str | None, sitename: str | None) -> str:
    """The headline without the site's name a page title carries (`Port strike ends | Harbour Times`)."""
    title = _clean(title) or ""
    site = (_clean(sitename) or "").lower()
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        if site and (parts[-1].lower() in site or site in parts[-1].lower()):
            title = title[: title.lower().rfind(parts[-1].lower())].rstrip(" |-\u2013\u2014:")
        elif site and (parts[0].lower() in site or site in parts[0].lower()):
            title = title[len(parts[0]):].lstrip(" |-\u2013\u2014:")
    return title.strip()


def _same(a: str, b: str) -> bool:
    def fold(text: str) -> str:
        return re.sub(r"\W+", " ", text).strip().lower()

    return fold(a) == fold(b)
