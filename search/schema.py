"""The Whoosh schemas: one index each for statements, articles and speakers, in one build directory."""

from __future__ import annotations

from whoosh import formats
from whoosh.analysis import ShingleFilter, SimpleAnalyzer, StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema

STATEMENTS = "statements"
ARTICLES = "articles"
SPEAKERS = "speakers"

_stemmed = StemmingAnalyzer()
_words = SimpleAnalyzer()


def word_pairs() -> FieldType:
    """Every two words in a row of a text (`republican nominee`; a one-word text: that word), as the `words` field
    splits it, indexed without positions: a two-word phrase is one term, and a longer phrase's candidates are
    the statements with all of its pairs. Checking word positions in Python for every statement that has the
    words of a phrase took hundreds of milliseconds for frequent words at 1M statements (search/docsets.py)."""
    return FieldType(formats.Existence(), _words | ShingleFilter(2, " "))


def statement_schema() -> Schema:
    """Statements: the words weighted highest, then the speaker, role, outlet and headline."""
    return Schema(
        id=ID(stored=True, unique=True),
        text=TEXT(analyzer=_stemmed, stored=True, field_boost=3.0),
        words=TEXT(analyzer=_words),  # unstemmed: phrases as written, "did you mean"
        pairs=word_pairs(),
        speaker=TEXT(field_boost=2.0),
        speaker_aliases=TEXT,
        role=TEXT(analyzer=_stemmed),
        title=TEXT(analyzer=_stemmed, field_boost=0.5),
        outlet_text=TEXT(field_boost=0.5),
        context=TEXT(analyzer=_stemmed, field_boost=0.3),
        speaker_slug=ID(stored=True, sortable=True),
        speaker_form=ID,  # the speaker as the article named it (search/speaker_index.py)
        kind=ID(stored=True, sortable=True),
        outlet=ID(stored=True, sortable=True),
        month=ID(stored=True, sortable=True),
        article_slug=ID(stored=True),
        said_on=DATETIME(stored=True, sortable=True),
        published=DATETIME(stored=True, sortable=True),
        position=NUMERIC(stored=True, sortable=True),
        payload=STORED,
    )


def article_schema() -> Schema:
    return Schema(
        slug=ID(stored=True, unique=True),
        id=ID(stored=True),
        source=ID(stored=True),  # its file or given id: what `--update` replaces (Article.source)
        content_hash=ID(stored=True),
        title=TEXT(analyzer=_stemmed, stored=True),
        outlet=ID(stored=True, sortable=True),
        published=DATETIME(stored=True, sortable=True),
        statements=NUMERIC(stored=True),
        payload=STORED,
    )


def speaker_schema() -> Schema:
    return Schema(
        slug=ID(stored=True, unique=True),
        name=TEXT(stored=True, field_boost=2.0),
        aliases=KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        type=ID(stored=True),
        statements=NUMERIC(stored=True, sortable=True),
        payload=STORED,
        forms=STORED,  # the records of the name forms it was planned from (search/speaker_index.py)
    )
