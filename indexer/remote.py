"""Articles from the web: a page's address, a feed's or a sitemap's (each article it lists is fetched).

Every address yields Articles and Skipped records as files do; nothing here raises on what a server does.
"""

from __future__ import annotations

from collections.abc import Iterator

from .feeds import listed_links
from .fetching import Fetched, Fetcher, FetchFailed
from .loading import Skipped, _article, _unexpected, decode, looks_like_html, normalize_text
from .model import Article

MAX_SITEMAP_DEPTH = 2  # a sitemap index of sitemap indexes, at most
HTML_TYPES = ("text/html", "application/xhtml+xml")


def load_url(url: str, fetcher: Fetcher, depth: int = 0) -> Iterator[Article | Skipped]:
    """The article at `url`, or every article of the feed or sitemap at `url`."""
    result = fetcher.fetch(url)
    if isinstance(result, FetchFailed):
        yield Skipped(url, result.reason)
        return
    listing = listed_links(result.body, result.content_type)
    if listing is None:
        yield page_article(result)
        return
    if not listing.links:
        yield Skipped(url, f"empty {listing.kind} (no article links)")
        return
    for link in dict.fromkeys(listing.links):
        if listing.kind == "sitemap index":
            if depth < MAX_SITEMAP_DEPTH:
                yield from load_url(link, fetcher, depth + 1)
            else:
                yield Skipped(link, "sitemap nested too deeply")
            continue
        try:
            fetched = fetcher.fetch(link)
            yield Skipped(link, fetched.reason) if isinstance(fetched, FetchFailed) else page_article(fetched)
        except Exception as error:  # noqa: BLE001 - one bad page must not stop the feed
            yield _unexpected(link, error)


def page_article(fetched: Fetched) -> Article | Skipped:
    """A fetched page as an article, its address as its path and URL."""
    content_type = fetched.content_type.split(";")[0].strip().lower()
    if listed_links(fetched.body, fetched.content_type) is not None:
        return Skipped(fetched.url, "a feed or sitemap inside a feed (not followed)")
    try:
        text = normalize_text(_decoded(fetched))
    except ValueError as error:
        return Skipped(fetched.url, str(error))
    if content_type and content_type not in HTML_TYPES and not looks_like_html(text):
        return Skipped(fetched.url, f"not HTML ({content_type})")
    return _article(text, fetched.url, html=True, url=fetched.final_url)


def _decoded(fetched: Fetched) -> str:
    """The body as text: in the charset the server names when it decodes cleanly, else as a file would be."""
    if fetched.charset:
        try:
            return fetched.body.decode(fetched.charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(fetched.body)
