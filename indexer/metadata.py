"""Reading an article's own header: headline, outlet, publication date, dateline and boilerplate.

News text arrives in many house styles. The two seed styles are

    Xinhua) 13:40, July 29, 2025          BEIJING, July 28 (Xinhua) -- China and ...
    Anadolu staff  | 08.10.2025 - Update : 08.10.2025          ANKARA

and the wire style `DALLAS (AP) — ...`. What cannot be read is left as None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from .dates import parse_date as _parse_date
from .model import Article

KNOWN_OUTLETS = {
    "xinhua": "Xinhua",
    "anadolu": "Anadolu Agency",
    "anadolu agency": "Anadolu Agency",
    "aa": "Anadolu Agency",
    "ap": "Associated Press",
    "associated press": "Associated Press",
    "reuters": "Reuters",
    "afp": "AFP",
    "breitbart": "Breitbart",
    "huff-post": "HuffPost",
    "huffpost": "HuffPost",
    "huffington post": "HuffPost",
    "nyt": "The New York Times",
    "new york times": "The New York Times",
    "politico": "Politico",
    "usa-today": "USA Today",
    "usa today": "USA Today",
    "wash-post": "The Washington Post",
    "washington post": "The Washington Post",
    "west-journal": "Western Journalism",
    "western journalism": "Western Journalism",
}

# "Xinhua) 13:40, July 29, 2025"
_TIMESTAMP_LINE = re.compile(
    r"^\(?(?P<outlet>[A-Z][\w.&' -]{1,40}?)\)\s*(?:\d{1,2}:\d{2}(?::\d{2})?,?\s*)?(?P<date>.*\d{4})\s*$"
)
# "Anadolu staff  | 08.10.2025 - Update : 08.10.2025"
_STAFF_LINE = re.compile(
    r"^(?P<outlet>[A-Z][\w.&' -]{1,40}?)\s+(?:staff|Staff|News|Desk)\b.*?\|\s*(?P<date>[\d./-]{8,10})"
)
# "BEIJING, July 28 (Xinhua) -- " or "DALLAS (AP) — " at the start of the body
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’ -]{1,40}?)"
    r"(?:,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)))?"
    r"\s*\((?P<outlet>[^)\n]{1,40})\)\s*(?:--|—|–|-|:)\s*"
)
# A dateline without the outlet: "OTTAWA — ", "ST. JOHN'S, N.L. -- "
_CITY_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+){0,3})(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:--|—|–)\s+"
)
# A line that is only a dateline city: "ANKARA"
_CITY_LINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,40}$")
_BOILERPLATE = re.compile(
    r"subscri|all rights reserved|copyright|©|contains only a portion|click here|follow us on"
    r"|sign up for|newsletter|read more:|related:|advertisement",
    re.IGNORECASE,
)


HEADLINE_SENTENCE_WORDS = 6  # a first line of this many words ending in a full stop can be the body's first
SHORT_SENTENCE_WORDS = 6  # after the headline, a running sentence of this many words opens the body
# A first line in running text of this many words (one sentence, or two) is a lede: none of PolNeAR's 891
# headlines is, while 88 of its 202 ledes in running text of 25 words or fewer are.
LEDE_SENTENCE_WORDS = 18
LEDE_SENTENCES_WORDS = 15
_SENTENCE_BREAK = re.compile(r"(?:^|\s)[a-z]{2,}[”\"'’]*[.!?][”\"'’]*\s+[“\"'‘]?[A-Z]")  # `week. His`, not `Rep. Gwen`
SAME_TITLE_RATIO = 80  # rapidfuzz ratio at which a first line is the title the metadata gives


@dataclass
class _Paragraph:
    start: int
    end: int
    text: str


def parse_date(text: str | None, relative_to: date | None = None) -> date | None:
    """`dates.parse_date`, but a date that cannot be read is None, never an error: a header must not stop an
    article from loading (dateparser can raise on odd input, e.g. a year out of range)."""
    try:
        return _parse_date(text, relative_to)
    except Exception:  # noqa: BLE001
        return None


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[_Paragraph]:
    """The blank-line separated paragraphs of text[start:end], with their offsets."""
    end = len(text) if end is None else end
    found = []
    for match in re.finditer(r"\S(?:.*\S)?(?:\n[ \t]*\S.*)*", text[start:end]):
        s, e = match.span()
        found.append(_Paragraph(start + s, start + e, match.group().strip()))
    return found


def normalize_outlet(name: str | None) -> str | None:
    """The outlet's usual name, e.g. `Anadolu` -> `Anadolu Agency`."""
    if not name:
        return None
    cleaned = re.sub(r"\s+", " ", name).strip(" ()-|")
    return KNOWN_OUTLETS.get(cleaned.lower(), cleaned) or None


def _ends_sentence(text: str) -> bool:
    return text.rstrip("”\"' ")[-1:] in ".!?:;"


def _running(words: list[str]) -> bool:
    """Whether words are running text: at least half of them lower case, as a headline in title case is not."""
    return sum(word[:1].islower() for word in words) * 2 >= len(words)


def _opens_body(paragraph: _Paragraph) -> bool:
    """Whether an article's first paragraph is its body rather than a headline: it opens with a dateline, or it
    is too long for a headline (a headline is one short line: 25 words at most, 40 with a subheadline), or it
    is a lede's running text: a long sentence (`HIllary Clinton and Donald Trump are virtually tied heading into
    their first debate, according to a new ... poll.`) or two sentences (`... Donald J. Trump said last week. His
    surrogates called him ...`), longer than headlines in running text are."""
    words = paragraph.text.split()
    one_line = "\n" not in paragraph.text
    sentence = _ends_sentence(paragraph.text)
    running = one_line and _running(words)
    lede = running and (sentence and len(words) >= LEDE_SENTENCE_WORDS
                        or len(words) >= LEDE_SENTENCES_WORDS and _SENTENCE_BREAK.search(paragraph.text))
    return bool(_DATELINE.match(paragraph.text) or _CITY_DATELINE.match(paragraph.text)
                or len(words) >= 40 or one_line and sentence and len(words) > 25 or lede)


def _not_the_title(paragraph: _Paragraph, title: str) -> bool:
    """Whether an article's first paragraph is a sentence of its body although its form could be a headline's:
    the article's metadata gives a title, the paragraph is not that title (nor a part of it, nor it a part of the
    paragraph), and it is one line of several words ending in a full stop (`Transport Minister Anita Sorensen said
    the deal was good for the region.`). Without a title from metadata, a headline may end in one (corpora that
    add a full stop to every headline)."""
    text = paragraph.text
    ending = text.rstrip("”\"' ")
    if not title or "\n" in text or not ending.endswith(".") or len(text.split()) < HEADLINE_SENTENCE_WORDS:
        return False
    line, given = text.lower().rstrip(". "), title.lower().strip()
    return given not in line and line not in given and fuzz.ratio(line, given) < SAME_TITLE_RATIO


def _is_prose(paragraph: _Paragraph) -> bool:
    """Whether a paragraph after the first is a sentence of the body: long, or a short sentence in running
    text (`Mike Pence says too much is made of Donald Trump’s tweets.`), not a deck in title case or a byline."""
    words = paragraph.text.split()
    sentence = _ends_sentence(paragraph.text)
    return len(words) >= 12 and sentence or len(words) >= 25 or (
        len(words) >= SHORT_SENTENCE_WORDS and sentence and _running(words) and "\n" not in paragraph.text)


def read_header(article: Article) -> Article:
    """Fill in the headline, outlet, dates and body range read from the article text.

    Fields already set (from a metadata file, say) are kept: they win over the text.
    """
    text = article.text
    paras = paragraphs(text)
    if not paras:
        return article

    header_lines: list[str] = []
    outlet = published = None
    body_index = len(paras)
    for index, para in enumerate(paras):
        opens_body = _opens_body(para) or _not_the_title(para, article.title) if index == 0 else (
            _is_prose(para) or _DATELINE.match(para.text) or _CITY_DATELINE.match(para.text))
        if opens_body and len(paras) > 1 or len(paras) == 1:
            body_index = index
            break
        first_line = para.text.splitlines()[0].strip()
        if match := _TIMESTAMP_LINE.match(first_line) or _STAFF_LINE.match(first_line):
            day = parse_date(match.group("date"))
            if day:
                outlet = outlet or match.group("outlet")
                published = published or day
                continue
        header_lines.append(first_line)

    city = None
    if body_index < len(paras) and header_lines and _CITY_LINE.match(header_lines[-1]):
        city = header_lines.pop().title()
    if body_index == len(paras):
        # Nothing looks like prose: all but a leading headline is body.
        body_index = 1 if len(paras) > 1 else 0
        header_lines = header_lines[:1]
    # A headline repeated just above the body (the Anadolu style) is boilerplate, not a second headline.
    long_lines = [line for line in header_lines if len(line.split()) > 3]
    headline = (long_lines or header_lines or [""])[0]
    body_start = paras[body_index].start
    dateline_date = None
    if match := _DATELINE.match(text[body_start:]):
        city = match.group("city").strip().title()
        outlet = outlet or match.group("outlet")
        reference = article.published or published
        if match.group("date"):
            dateline_date = parse_date(match.group("date"), relative_to=reference)
        body_start += match.end()
    elif match := _CITY_DATELINE.match(text[body_start:]):
        city = match.group("city").strip().title()
        body_start += match.end()

    body_paras = [p for p in paras if p.end > body_start]
    while body_paras and _BOILERPLATE.search(body_paras[-1].text) and len(body_paras) > 1:
        body_paras.pop()
    body_end = body_paras[-1].end if body_paras else len(text)

    article.title = article.title or headline.strip()
    article.outlet = article.outlet or normalize_outlet(outlet)
    article.published = article.published or published
    article.dateline_city = article.dateline_city or city
    article.dateline_date = article.dateline_date or dateline_date
    article.body_start = body_start
    article.body_end = body_end
    return article


def article_from_text(text: str, path: str, **known) -> Article:
    """An Article from plain text; `known` metadata (title, outlet, published, url...) wins."""
    known = {key: value for key, value in known.items() if value not in (None, "")}
    if isinstance(known.get("published"), str):
        known["published"] = parse_date(known["published"])
    if not isinstance(known.get("published"), date):
        known.pop("published", None)
    if "outlet" in known:
        known["outlet"] = normalize_outlet(str(known["outlet"]))
    return read_header(Article(text=text, path=path, **known))

