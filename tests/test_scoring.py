"""search/scoring.py: the scores worked out on arrays must be the ones Whoosh's matchers give, for every kind of
query a search makes, in segments large and small (Whoosh combines an Or differently in each)."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh.index import create_in
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import And, AndMaybe, AndNot, FuzzyTerm, NullQuery, Or, Phrase, Prefix, Term

from search import scoring
from search.docsets import DocSets
from search.docsets import exact_scores as matcher_scores
from search.queries import FIELD_BOOSTS, TOPIC_FIELDS, adjacent_pairs
from search.schema import statement_schema

WORDS = "trade deal wall tax plan border jobs china election vote".split()
LARGE_SEGMENT = 5100  # Whoosh preloads an Or of more than two parts in segments of up to 5,000 documents


def _statement(number: int) -> dict:
    text = " ".join([WORDS[(number * k) % len(WORDS)] for k in (1, 3, 7)] * (1 + number % 4))
    return {"id": f"s{number}", "text": text, "words": text, "pairs": text,
            "speaker": f"{WORDS[number % 10]} {WORDS[number % 3]}", "role": WORDS[number % 4],
            "title": " ".join(WORDS[number % 5: number % 5 + 3]), "speaker_slug": f"speaker-{number % 5}",
            "kind": ("direct", "indirect")[number % 2], "payload": {"id": f"s{number}"}}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    """Statements in a segment of more documents than Whoosh preloads an Or for, and in a small one with a
    deleted statement."""
    index = create_in(str(tmp_path_factory.mktemp("scoring")), statement_schema(), indexname="statements")
    for first, count in ((0, LARGE_SEGMENT), (LARGE_SEGMENT, 60)):
        writer = index.writer()
        for number in range(first, first + count):
            writer.add_document(**_statement(number))
        writer.commit(merge=False)
    with index.writer() as writer:
        writer.delete_by_term("id", f"s{LARGE_SEGMENT + 7}")
    with index.searcher() as opened:
        assert [reader.doc_count_all() for reader, _ in opened.reader().leaf_readers()] == [LARGE_SEGMENT, 60]
        yield opened


def _topic_of_schema(text: str):
    """A question's topic words as search.queries parses them."""
    parser = MultifieldParser(list(TOPIC_FIELDS), statement_schema(), fieldboosts=FIELD_BOOSTS,
                              group=OrGroup.factory(0.9))
    return parser.parse(text)


def _topic(_searcher, text: str):
    return _topic_of_schema(text)


def _queries(searcher) -> dict[str, object]:
    schema = searcher.schema
    topic = _topic(searcher, "tax plan")
    return {
        "one word": _topic(searcher, "trade"),
        "two words": topic,
        "three words with a coordination bonus": _topic(searcher, "trade wall china"),
        "words and their neighbours as phrases": AndMaybe(topic, Or(adjacent_pairs(["tax", "plan"], schema))),
        "one neighbour pair": AndMaybe(_topic(searcher, "jobs border"), adjacent_pairs(["jobs", "border"], schema)[0]),
        "speaker and words": AndMaybe(And([Or([Term("speaker_slug", "speaker-1"), Term("speaker_slug", "speaker-3")]),
                                           _topic(searcher, "jobs border")]), Phrase("text", ["jobs", "border"])),
        "words without others": AndNot(_topic(searcher, "vote election"), Or([Term("text", "china"),
                                                                               Term("role", "wall")])),
        "a quoted phrase over the fields": _topic(searcher, '"trade deal"'),
        "a boolean question": _topic(searcher, "trade AND (wall OR tax)"),  # (NOT words are excluded apart)
        "a phrase of three words": Phrase("words", ["deal", "tax", "china"]),
        "a phrase of one word twice": Phrase("text", ["trade", "trade"]),
        "a phrase with a word no statement has": Phrase("text", ["trade", "nosuchword"]),
        "a boosted phrase among terms": Or([Phrase("text", ["wall", "tax"], boost=2.0), Term("text", "wall"),
                                            Term("speaker", "vote", boost=1.5)], boost=0.5),
        "a scaled Or of two": Or([Term("text", "tax"), Term("title", "plan")], scale=0.9),
        "an Or of three parts under a coordination bonus": Or([
            Or([Term("text", "trade"), Term("speaker", "trade"), Term("role", "trade")]), Term("text", "wall")],
            scale=0.9),
        "a word pair term": Term("pairs", "deal tax"),
        "nothing": NullQuery,
    }


def _compare(query, searcher) -> int:
    """The number of candidates the query matches, after checking that both ways score them alike."""
    docsets = DocSets(searcher)
    matches = docsets.matches(query, None, searcher)
    candidates = np.union1d(matches[::3], np.arange(0, searcher.doc_count_all(), 97)).astype(np.int32)
    theirs = dict(matcher_scores(query, candidates, searcher, DocSets(searcher)))
    ours = scoring.exact_scores(query, candidates, searcher, docsets)
    assert [d for d, _ in ours] == sorted(theirs), "the same candidates match, in order"
    for docnum, score in ours:
        assert score == pytest.approx(theirs[docnum], rel=1e-12, abs=1e-12), docnum
    return len(ours)


@pytest.mark.parametrize("shape", [
    "one word", "two words", "three words with a coordination bonus", "words and their neighbours as phrases",
    "one neighbour pair", "speaker and words", "words without others", "a quoted phrase over the fields",
    "a boolean question", "a phrase of three words", "a phrase of one word twice",
    "a phrase with a word no statement has", "a boosted phrase among terms", "a scaled Or of two",
    "an Or of three parts under a coordination bonus", "a word pair term", "nothing"])
def test_array_scores_are_whooshs(searcher, monkeypatch, shape):
    query = _queries(searcher)[shape]

    def not_asked(*_args):
        raise AssertionError("scored by Whoosh's matchers")

    monkeypatch.setattr(scoring, "matcher_scores", not_asked)
    found = _compare(query, searcher)
    assert found or shape in ("a phrase with a word no statement has", "nothing")


@pytest.mark.parametrize("query", [Prefix("text", "tr"), FuzzyTerm("text", "trada"),
                                   Phrase("text", ["deal", "china"], slop=3),
                                   _topic_of_schema("trade AND (wall OR tax) NOT china"),
                                   AndMaybe(Term("text", "trade"), Prefix("speaker", "vo"))], ids=str)
def test_queries_of_other_kinds_are_scored_by_whooshs_matchers(searcher, query):
    assert _compare(query, searcher) > 0
