"""Searching the index: ranked statements with filters, facets, highlights and suggestions.

`SearchService` opens the current build once and keeps it; every call checks (one small file read)
whether a rebuild has swapped in a newer build, and reopens only then.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import numpy as np
from rapidfuzz import fuzz
from whoosh import highlight, sorting
from whoosh.index import open_dir
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import And, AndMaybe, AndNot, DateRange, Every, NullQuery, Or, Phrase, Query, Term

from .docsets import DocSets, exact_scores, reverse_order
from .query import ParsedQuery, SpeakerDirectory, SpeakerEntry, parse_question
from .schema import ARTICLES, SPEAKERS, STATEMENTS
from .store import IndexMissing, IndexStore

logger = logging.getLogger(__name__)

KINDS = ("direct", "indirect", "mixed")
SORTS = ("relevance", "newest", "oldest")
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
FACET_LIMIT = 20
CANDIDATES = 100  # of more matches, only this many (the best by an estimate) are scored exactly
FACET_FIELDS = {"speaker": "speaker_slug", "outlet": "outlet", "kind": "kind", "month": "month"}
TOPIC_FIELDS = ("text", "speaker", "role", "title", "outlet_text", "context")
PAIR_BOOST = 1.0
FIELD_BOOSTS = {"text": 3.0, "speaker": 1.5, "role": 1.0, "title": 0.5, "outlet_text": 0.5, "context": 0.3}


class InvalidParameter(ValueError):
    """A search parameter that cannot be used; the message says which and why."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name


@dataclass
class Filters:
    """Narrowing a search: all optional, combined with AND."""

    speaker: str | None = None
    kind: str | None = None
    outlet: str | None = None
    said_from: date | None = None
    said_to: date | None = None
    published_from: date | None = None
    published_to: date | None = None
    article: str | None = None

    def active(self) -> dict[str, str]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in vars(self).items() if v}


@dataclass
class Hit:
    statement: dict
    score: float | None
    highlight: str

    def to_dict(self) -> dict:
        return {**self.statement, "score": self.score, "highlight": self.highlight}


@dataclass
class SearchResults:
    query: ParsedQuery
    filters: Filters
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    sort: str
    facets: dict[str, list[dict]] = field(default_factory=dict)
    suggestion: str | None = None
    hint: str | None = None
    speaker_names: dict[str, str] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    def to_dict(self) -> dict:
        return {
            "query": {**self.query.to_dict(), "speaker_names": self.speaker_names},
            "filters": self.filters.active(),
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "sort": self.sort,
            "results": [hit.to_dict() for hit in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "hint": self.hint,
        }


def _parsed(parser: MultifieldParser, text: str) -> Query | None:
    """A parsed query string, or None if nothing searchable is left of it."""
    if not text.strip():
        return None
    query = parser.parse(text)
    return None if query is NullQuery or isinstance(query, type(NullQuery)) else query


def _adjacent_pairs(terms: list[str], schema) -> list[Query]:
    """Topic words next to each other in the question, as optional phrases of the statement's text: `wall
    street` ranks "Wall Street creditors" above "walk down the street"."""
    stems = [token.text for token in schema["text"].analyzer(" ".join(terms))]
    pairs = [[first, second] for first, second in zip(stems, stems[1:], strict=False) if first != second]
    return [Phrase("text", pair, boost=PAIR_BOOST) for pair in pairs]


def _exact_words(words: list[str], schema) -> Query:
    """The statements with these words in a row, as written: one word's term; two words' pair term (`pairs`,
    see search/schema.py: matched and scored without reading word positions); else the phrase."""
    if len(words) == 1:
        return Term("words", words[0])
    if len(words) == 2 and "pairs" in schema:
        return Term("pairs", " ".join(words))
    return Phrase("words", words)


def _stem_used(word: str, index: OpenIndex) -> bool:
    """Whether a word's stem is in some statement's text (`cooperate`, for "cooperation")."""
    stems = [token.text for token in index.schema["text"].analyzer(word)]
    return bool(stems) and all(index.searcher().doc_frequency("text", stem) for stem in stems)


def _outlet_key(outlet: str) -> str:
    """An outlet's name as compared in filters: `The New York Times`, `new-york-times`, `NEW YORK TIMES`."""
    words = re.findall(r"[a-z0-9]+", outlet.lower())
    return " ".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)


def _day_range(field_name: str, start: date | None, end: date | None) -> Query | None:
    if not start and not end:
        return None
    low = datetime.combine(start, datetime.min.time()) if start else None
    high = datetime.combine(end, datetime.min.time()) + timedelta(days=1, microseconds=-1) if end else None
    return DateRange(field_name, low, high)


class OpenIndex:
    """One build opened for reading: its three indexes, speakers, and per-thread searchers."""

    def __init__(self, store: IndexStore, name: str):
        path = store.verify(name)  # every file there, with its size: else IndexMissing saying what is wrong
        try:
            self.statements = open_dir(str(path), indexname=STATEMENTS)
            self.schema = self.statements.schema  # (Index.schema reads the table of contents from disk each time)
            self.articles = open_dir(str(path), indexname=ARTICLES)
            self.speakers_index = open_dir(str(path), indexname=SPEAKERS)
            self.speakers = self._load_speakers()
            self.vocabulary = self._vocabulary()
        except IndexMissing:
            raise
        except Exception as error:  # whatever Whoosh raises on damaged files: the build is unusable
            raise IndexMissing(store.root, f"build {name!r} cannot be opened: {type(error).__name__}: {error}") \
                from error
        self.name = name
        self.manifest = store.manifest(path)
        self._local = threading.local()
        self.docsets = DocSets(self.searcher())
        self.directory = SpeakerDirectory([
            SpeakerEntry(p["slug"], p["name"], p["statements"], p["aliases"], p["roles"], p.get("type") or "person")
            for p in self.speakers.values()
        ], self.vocabulary, self._phrase_uses)
        threading.Thread(target=self._warm, name=f"saidwhat-warm-{name}", daemon=True).start()

    def _warm(self) -> None:
        """Make the arrays of facets, sorting and scoring (search/docsets.py) in the background, so that the first
        searches after an open do not each wait seconds for them (the speaker facet at 1M statements)."""
        try:
            with self.statements.searcher() as searcher:
                self.docsets.warm(searcher, ordinals=FACET_FIELDS.values(),
                                  numbers=["said_on", "position", *(f"{name} length" for name in TOPIC_FIELDS)])
        except Exception as error:  # the build was removed meanwhile, say: searches make what they need
            logger.warning("warming build %s stopped: %s: %s", self.name, type(error).__name__, error)

    def _vocabulary(self) -> dict[str, int]:
        """The words of the statements' text, each with the number of statements using it."""
        with self.statements.reader() as reader:
            return {(term.decode("utf-8") if isinstance(term, bytes) else term): info.doc_frequency()
                    for term, info in reader.iter_field("words")}

    def _phrase_uses(self, words: list[str]) -> int:
        """The number of statements whose text has these words in a row."""
        if any(not word for word in words):
            return 0
        return len(self.docsets.matches(Phrase("words", words), None, self.searcher()))

    def _load_speakers(self) -> dict[str, dict]:
        with self.speakers_index.searcher() as searcher:
            return {fields["slug"]: fields["payload"] for fields in searcher.all_stored_fields()}

    def searcher(self, which: str = STATEMENTS):
        """This thread's searcher for one of the indexes (opened once per thread and build)."""
        searchers = self._local.__dict__.setdefault("searchers", {})
        if which not in searchers:
            searchers[which] = getattr(self, {STATEMENTS: "statements", ARTICLES: "articles"}[which]).searcher()
        return searchers[which]


class SearchService:
    """Queries over whatever build is current in the store."""

    def __init__(self, store: IndexStore):
        self.store = store
        self._open: OpenIndex | None = None
        self._lock = threading.Lock()

    @property
    def index(self) -> OpenIndex:
        name = self.store.current_name()
        if name is None:
            raise IndexMissing(self.store.root)
        current = self._open
        if current is None or current.name != name:
            with self._lock:
                if self._open is None or self._open.name != name:
                    self._open = OpenIndex(self.store, name)
                current = self._open
        return current

    def open(self) -> None:
        """Open the current build now rather than at the first search (its arrays are then made in the
        background while, say, the server starts); IndexMissing if there is none or it is damaged."""
        _ = self.index

    # -- statements -----------------------------------------------------------------------------------

    def search(
        self,
        q: str = "",
        filters: Filters | None = None,
        page: int = 1,
        per_page: int = 10,
        sort: str = "relevance",
    ) -> SearchResults:
        """Statements matching a question and filters, best first, with facets and highlights."""
        filters = filters or Filters()
        _check_paging(page, per_page, sort, filters)
        index = self.index
        parsed = parse_question(q, index.directory)
        query = self._query(parsed, index)
        filter_query = self._filter(filters, index)
        if query is None and filter_query is None:
            return SearchResults(parsed, filters, [], 0, page, per_page, sort)
        searcher = index.searcher()
        # Which statements match, their facets and their total: from arrays (search/docsets.py), never by
        # scoring or reading every match.
        matches = index.docsets.matches(query, filter_query, searcher)
        total = len(matches)
        query = query or Every()
        first, last = (page - 1) * per_page, page * per_page
        by_date = sort != "relevance" or isinstance(query, Every)
        only_speakers = not (parsed.terms or parsed.phrases)
        if not total:
            found = []
        elif by_date or only_speakers:
            # Newest (oldest) first, or the speakers' most substantial statements first: no score needed. Of
            # several speakers (`Trump Putin`), what one said naming another comes first (`_query`'s ranking).
            naming = None
            positive = query.a if isinstance(query, AndNot) else query  # (`Trump Putin -wall`)
            if only_speakers and not by_date and isinstance(positive, AndMaybe):
                naming = np.isin(matches, index.docsets.docs(positive.b, searcher), assume_unique=True)
            page_docs = self._ordered(matches, index, searcher, sort, substance=not by_date, first=naming)
            found = [(int(docnum), None) for docnum in page_docs[first:last]]
        else:
            found = self._scored(query, matches, index, searcher)[first:last]
        words = _highlight_terms(query) if parsed.terms or parsed.phrases else frozenset()
        analyzer = index.schema["text"].analyzer
        formatter = highlight.HtmlFormatter(tagname="mark", classname="hl", between="")
        hits = []
        for docnum, score in found:
            statement = searcher.stored_fields(docnum)["payload"]
            marked = _highlight(statement["text"], words, analyzer, formatter) if words else ""
            hits.append(Hit(statement, score, marked or highlight.htmlescape(statement["text"])))
        outcome = SearchResults(parsed, filters, hits, total, page, per_page, sort,
                                facets=self._facets(matches, index, searcher))
        outcome.speaker_names = {s: index.speakers[s]["name"] for s in parsed.speakers if s in index.speakers}
        # "Did you mean": when nothing is found, or when a topic word is one no statement uses (`immigraton`).
        corrections = self._corrections(parsed, index, strict=total > 0)
        outcome.suggestion = self._suggest(parsed, index, corrections)
        if total == 0:
            outcome.hint = self._hint(parsed, filters, query, index)
        return outcome

    @staticmethod
    def _scored(query: Query, matches, index: OpenIndex, searcher, candidates: int = 0) -> list[tuple[int, float]]:
        """(document, score) of the best matches by Whoosh's score, best first (the document number breaking
        ties): of many matches, only the CANDIDATES best by an estimate of the score are scored exactly.

        Scoring in Whoosh costs about 0.1-0.2 ms a match in Python: every match of a frequent word, as the facet
        counting search did, took most of a second at 100k statements. The estimate (docsets.estimate) is the
        sum of the BM25F scores of the query's words, without the coordination bonus and the phrase scores
        Whoosh adds; the exact score reorders the candidates.
        """
        candidates = candidates or CANDIDATES
        chosen = matches
        if len(matches) > candidates:
            estimate = index.docsets.estimate(query, matches, searcher)
            chosen = np.sort(matches[np.argpartition(-estimate, candidates)[:candidates]])
        scored = [(docnum, round(score, 4)) for docnum, score in exact_scores(query, chosen, searcher, index.docsets)]
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        return scored

    def _count(self, query: Query | None, filter_query: Query | None, index: OpenIndex) -> int:
        if query is None and filter_query is None:
            return 0
        return len(index.docsets.matches(query, filter_query, index.searcher()))

    def _hint(self, parsed: ParsedQuery, filters: Filters, query: Query | None, index: OpenIndex) -> str | None:
        """Why nothing was found and what to drop: a filter, the speaker, or the quotation marks."""
        active = filters.active()
        if active:
            for name in sorted(active):
                count = self._count(query, self._filter(replace(filters, **{name: None}), index), index)
                if count:
                    label = name.replace("_", " ")
                    return (f"No statements match with the {label} filter ({active[name]}); without it, "
                            f"{count} statement{'s' if count != 1 else ''} match.")
            names = ", ".join(name.replace("_", " ") for name in sorted(active))
            return f"No statements match with the filters ({names}); try removing some."
        if parsed.speakers and (parsed.terms or parsed.phrases):
            others = self._count(self._query(replace(parsed, speakers=[]), index), None, index)
            who = " or ".join(index.speakers.get(s, {}).get("name", s) for s in parsed.speakers)
            if others:
                return (f"{who} has no statement on that topic; {others} statement{'s' if others != 1 else ''}"
                        " by others match it without the speaker.")
            return f"{who} has no statement on that topic; try fewer topic words."
        if parsed.phrases and not parsed.boolean:
            loose = replace(parsed, phrases=[], terms=[*parsed.terms, *" ".join(parsed.phrases).split()])
            loose_query = self._query(loose, index)
            if loose_query is not None and index.docsets.exists(loose_query, index.searcher()):
                return "No statement has these exact words; try without the quotation marks."
        return None

    def _query(self, parsed: ParsedQuery, index: OpenIndex) -> Query | None:
        """Speakers (any of them) AND exact phrases AND the topic words (at least one, or the boolean
        expression), minus exclusions. Phrases match the words as written (`"rigged"` is not `rigging`);
        with a phrase, topic words only rank. Topic words match stemmed over several fields."""
        schema = index.schema
        parser = MultifieldParser(list(TOPIC_FIELDS), schema, fieldboosts=FIELD_BOOSTS,
                                  group=OrGroup.factory(0.9))
        required: list[Query] = []
        ranking: list[Query] = []
        if parsed.speakers:
            required.append(Or([Term("speaker_slug", slug) for slug in parsed.speakers]))
        for phrase in parsed.phrases:
            words = [token.text for token in schema["words"].analyzer(phrase)]
            if words:
                required.append(_exact_words(words, schema))
                ranking.append(_parsed(parser, '"' + " ".join(words) + '"'))
        topic = _parsed(parser, parsed.boolean or " ".join(parsed.terms))
        if topic is not None:
            (ranking if parsed.phrases and not parsed.boolean else required).append(topic)
            if not parsed.boolean:
                ranking += _adjacent_pairs(parsed.terms, schema)
        if len(parsed.speakers) > 1 and not (parsed.terms or parsed.phrases or parsed.boolean):
            # `Trump Putin`: what each said naming another first.
            names = MultifieldParser(["text"], schema, group=OrGroup)
            for slug in parsed.speakers:
                others = _parsed(names, " ".join(words for other, words in parsed.mentions if other != slug))
                if others is not None:
                    ranking.append(And([Term("speaker_slug", slug), others]))
        ranking = [q for q in ranking if q is not None]
        if not required:
            return None
        positive = required[0] if len(required) == 1 else And(required)
        if ranking:
            positive = AndMaybe(positive, ranking[0] if len(ranking) == 1 else Or(ranking))
        if parsed.excluded:
            parser = MultifieldParser(["text", "speaker", "role"], schema, group=OrGroup)
            excluded = _parsed(parser, " ".join(parsed.excluded))
            if excluded is not None:
                return AndNot(positive, excluded)
        return positive

    def _filter(self, filters: Filters, index: OpenIndex) -> Query | None:
        parts: list[Query] = []
        if filters.speaker:
            name = filters.speaker.strip()
            slug = name if name in index.speakers else index.directory.lookup(name)
            if slug is None and (misspelt := index.directory.fuzzy(name)[1]):
                slug = index.directory.best(misspelt)
            parts.append(Term("speaker_slug", slug or name.lower()))
        if filters.kind:
            parts.append(Term("kind", filters.kind))
        if filters.outlet:
            wanted = _outlet_key(filters.outlet)
            outlet = next((o for o in index.manifest.get("outlets", {}) if _outlet_key(o) == wanted),
                          filters.outlet)
            parts.append(Term("outlet", outlet))
        if filters.article:
            parts.append(Term("article_slug", filters.article))
        for name, start, end in (("said_on", filters.said_from, filters.said_to),
                                 ("published", filters.published_from, filters.published_to)):
            if (day_range := _day_range(name, start, end)) is not None:
                parts.append(day_range)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

    @staticmethod
    def _facets(matches, index: OpenIndex, searcher) -> dict[str, list[dict]]:
        facets = {}
        for name, fieldname in FACET_FIELDS.items():
            # the speakers shown only (and their ties), not the thousands a frequent word's statements have
            counts = index.docsets.counts(fieldname, matches, searcher,
                                          top=FACET_LIMIT + 1 if name == "speaker" else None)
            rows = sorted(((value, count) for value, count in counts.items() if value),
                          key=lambda pair: (-pair[1], pair[0]) if name != "month" else (pair[0],))
            if name == "speaker":
                rows = rows[:FACET_LIMIT]
            facets[name] = [{"value": value, "count": count, "label": _facet_label(name, value, index)}
                            for value, count in rows]
        return facets

    @staticmethod
    def _ordered(matches, index: OpenIndex, searcher, sort: str, substance: bool, first=None):
        """The matches newest first (oldest first with sort=oldest), as Whoosh sorts on the said_on and position
        columns (undated statements first, and last with sort=oldest), the document number breaking ties; with
        `substance`, the statements in their speaker's own words and of some length first (the length in words up
        to SUBSTANCE_WORDS, quotes and partial quotes counting half as much again as paraphrases); with `first`
        (a boolean per match), the matches marked True before all others."""
        docsets = index.docsets
        said_on = docsets.numbers("said_on", searcher)[matches]
        keys = [matches, docsets.numbers("position", searcher)[matches],
                reverse_order(said_on) if sort != "oldest" else said_on]
        if substance:
            length = np.minimum(docsets.numbers("text length", searcher)[matches], SUBSTANCE_WORDS)
            ordinals, values = docsets.ordinals("kind", searcher)
            own = np.array([value in ("direct", "mixed") for value in values] + [False])
            keys.append(-length * np.where(own[ordinals[matches]], 1.5, 1.0))
        if first is not None:
            keys.append(~first)
        return matches[np.lexsort(keys)]

    @staticmethod
    def _corrections(parsed: ParsedQuery, index: OpenIndex, strict: bool = False) -> dict[str, str]:
        """Topic words no statement uses, as the index spells them (`suply` -> supply); `strict`: only
        corrections close to the word (when there are results anyway)."""
        corrector = index.searcher().corrector("words")
        analyzer = index.schema["words"].analyzer
        corrections = {}
        for word in parsed.terms:
            tokens = [token.text for token in analyzer(word)]
            if len(tokens) != 1 or len(tokens[0]) < (4 if strict else 3) or tokens[0].isdigit():
                continue
            lowered = tokens[0]
            if index.vocabulary.get(lowered) or _stem_used(word, index):
                continue
            suggestions = corrector.suggest(lowered, limit=1)
            if suggestions and suggestions[0] != lowered \
                    and fuzz.ratio(suggestions[0], lowered) >= (80 if strict else 60):
                corrections[word] = suggestions[0]
        return corrections

    @staticmethod
    def _suggest(parsed: ParsedQuery, index: OpenIndex, corrections: dict[str, str]) -> str | None:
        """`did you mean`: the question with its topic words as the index spells them."""
        if not corrections:
            return None
        names = [index.speakers[s]["name"] for s in parsed.speakers if s in index.speakers]
        words = [corrections.get(word, word) for word in parsed.terms]
        return " ".join(names + [f'"{p}"' for p in parsed.phrases] + words)

    # -- single records -------------------------------------------------------------------------------

    def statement(self, statement_id: str) -> dict | None:
        fields = self.index.searcher().document(id=statement_id)
        return fields["payload"] if fields else None

    def speakers(self, q: str | None = None, page: int = 1, per_page: int = 50) -> tuple[list[dict], int]:
        """Speakers, most quoted first; `q` narrows by name."""
        _check_paging(page, per_page, "relevance", Filters())
        everyone = sorted(self.index.speakers.values(), key=lambda s: (-s["statements"], s["name"]))
        if q:
            needle = q.strip().lower()
            everyone = [s for s in everyone if needle in s["name"].lower()
                        or any(needle in a.lower() for a in s["aliases"])]
        return everyone[(page - 1) * per_page : page * per_page], len(everyone)

    def speaker(self, slug_or_name: str) -> dict | None:
        index = self.index
        slug = slug_or_name if slug_or_name in index.speakers else index.directory.lookup(slug_or_name)
        return index.speakers.get(slug) if slug else None

    def article(self, slug: str) -> dict | None:
        fields = self.index.searcher(ARTICLES).document(slug=slug)
        return fields["payload"] if fields else None

    def articles(self, page: int = 1, per_page: int = 50) -> tuple[list[dict], int]:
        """Articles, newest first."""
        _check_paging(page, per_page, "relevance", Filters())
        searcher = self.index.searcher(ARTICLES)
        results = searcher.search(Every(), limit=page * per_page,
                                  sortedby=sorting.FieldFacet("published", reverse=True))
        rows = []
        for hit in results[(page - 1) * per_page : page * per_page]:
            payload = {k: v for k, v in hit["payload"].items() if k not in ("text", "statements")}
            payload["statement_count"] = hit["statements"]
            rows.append(payload)
        return rows, len(results)

    def stats(self) -> dict:
        """The index's figures, for the home page and health check."""
        manifest = self.index.manifest
        return {
            "statements": manifest["statements"],
            "speakers": manifest["speakers"],
            "articles": manifest["articles"],
            "outlets": len(manifest.get("outlets", {})),
            "first_said": manifest.get("first_said"),
            "last_said": manifest.get("last_said"),
            "built": manifest.get("created"),
            "build": self.index.name,
        }


KIND_LABELS = {"direct": "Quote", "indirect": "Paraphrase", "mixed": "Partial quote"}


SUBSTANCE_WORDS = 30  # beyond this length, a longer statement is no more substantial


_FRAGMENTER = highlight.WholeFragmenter(charlimit=None)


def _highlight_terms(query: Query) -> frozenset[str]:
    """The words of the statement's text a query looks for (as the text field's analyzer makes them)."""
    return frozenset((text.decode("utf-8") if isinstance(text, bytes) else text)
                     for fieldname, text in query.iter_all_terms(phrases=True) if fieldname == "text")


def _highlight(text: str, words: frozenset[str], analyzer, formatter: highlight.HtmlFormatter) -> str:
    """The whole text with the words looked for marked, as Whoosh's `Hit.highlights` marks them; computed for
    the hits shown only. One formatter for the hits of a page (it numbers the words it marks: `term0`...)."""
    return highlight.highlight(text, words, analyzer, _FRAGMENTER, formatter)


def _facet_label(facet: str, value: str, index: OpenIndex) -> str:
    if facet == "speaker":
        return index.speakers.get(value, {}).get("name", value)
    if facet == "kind":
        return KIND_LABELS.get(value, value)
    return value


def _check_paging(page: int, per_page: int, sort: str, filters: Filters) -> None:
    if page < 1:
        raise InvalidParameter("page", "must be 1 or more")
    if page > MAX_PAGE:
        raise InvalidParameter("page", f"must be at most {MAX_PAGE}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidParameter("per_page", f"must be between 1 and {MAX_PER_PAGE}")
    if sort not in SORTS:
        raise InvalidParameter("sort", f"must be one of {', '.join(SORTS)}")
    if filters.kind and filters.kind not in KINDS:
        raise InvalidParameter("kind", f"must be one of {', '.join(KINDS)}")
