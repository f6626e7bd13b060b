"""Lists of articles: RSS and Atom feeds (read by feedparser) and sitemaps, news sitemaps among them.

`listed_links` tells whether a fetched document is such a list and gives the addresses it lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from .model import is_address

MAX_LINKS = 50_000  # a sitemap's own limit

_FEED_TYPES = ("rss", "atom", "rdf", "feed")
_SITEMAP = re.compile(rb"<(?:\w+:)?(urlset|sitemapindex)\b")
_FEED = re.compile(rb"<(?:\w+:)?(rss|feed|RDF)\b")
_LOC = re.compile(rb"<(?:\w+:)?loc>\s*(.*?)\s*</(?:\w+:)?loc>", re.DOTALL)


@dataclass
class Listing:
    kind: str  # "feed", "sitemap" or "sitemap index" (whose links are sitemaps)
    links: list[str]


def listed_links(body: bytes, content_type: str = "") -> Listing | None:
    """The links of a feed or sitemap, in the order given; None for a document that is neither (a page)."""
    head = body[:4096].lstrip()
    if head[:1] != b"<" or re.match(rb"<!doctype\s+html|<html\b", head, re.IGNORECASE):
        return None
    if match := _SITEMAP.search(head):
        kind = "sitemap index" if match.group(1) == b"sitemapindex" else "sitemap"
        links = [unescape(loc.decode("utf-8", errors="replace")) for loc in _LOC.findall(body)[:MAX_LINKS]]
        return Listing(kind, [link for link in links if is_address(link)])
    if _FEED.search(head) or any(kind in content_type.lower() for kind in _FEED_TYPES):
        import feedparser  # only when a feed is read

        parsed = feedparser.parse(body)
        links = []
        for entry in parsed.entries[:MAX_LINKS]:
            link = entry.get("link") or next((item.get("href") for item in entry.get("links", [])
                                              if item.get("rel", "alternate") == "alternate"), None)
            if link and is_address(link):
                links.append(link)
        return Listing("feed", links)
    return None

