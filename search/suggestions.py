"""Help when a search finds little: "did you mean" (topic words as the index spells them), and a hint saying
why nothing matched and what to drop (a filter, the speaker, the quotation marks)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from whoosh.query import Query

from .limits import Budget
from .queries import filter_query, question_query
from .query import ParsedQuery
from .records import Filters

if TYPE_CHECKING:
    from .opened import OpenIndex

CLOSE, LOOSE = 80, 60  # how alike (rapidfuzz ratio) a correction must be: with results anyway, and without
MAX_CORRECTED = 3  # words of a question looked up for a correction
MAX_EDITS = 2  # a correction is within this many edits of the word (a transposition one edit)
MAX_WORD_CHARS = 30  # longer tokens are no misspelt words
VOWELS = frozenset("aeiouy")
_correctors: WeakKeyDictionary = WeakKeyDictionary()  # one per open build


def stem_used(word: str, index: OpenIndex) -> bool:
    """Whether a word's stem is in some statement's text (`cooperate`, for "cooperation")."""
    stems = [token.text for token in index.schema["text"].analyzer(word)]
    return bool(stems) and all(index.searcher().doc_frequency("text", stem) for stem in stems)


def could_be_word(token: str) -> bool:
    """Whether an analysed token could be a misspelt word: not too long, letters only, and (in the Latin
    alphabet) with a vowel; not `b2b`, `xkcdqz` or 500 random letters."""
    return len(token) <= MAX_WORD_CHARS and token.isalpha() and (not token.isascii() or bool(VOWELS & set(token)))


class Corrector:
    """Spelling corrections from the words of the statements, as Whoosh's corrector of the `words` field gives
    them (of the words within MAX_EDITS edits, a transposition counting one, the most frequent, then the last
    alphabetically), but from the build's vocabulary in memory: milliseconds a word, where Whoosh's walk of
    the term index of a build of several segments took about 0.4 s of CPU a word at 9k statements."""

    def __init__(self, index: OpenIndex):
        self.words = list(index.vocabulary)

    def suggest(self, word: str, searcher) -> str | None:
        close = process.extract(word, self.words, scorer=OSA.distance, score_cutoff=MAX_EDITS, limit=None)
        candidates = [candidate for candidate, _distance, _n in close if candidate != word]
        if not candidates:
            return None
        return max(candidates, key=lambda candidate: (searcher.frequency("words", candidate) or 1, candidate))


def corrector(index: OpenIndex) -> Corrector:
    """The build's corrector, made at its first use."""
    found = _correctors.get(index)
    if found is None:
        found = _correctors[index] = Corrector(index)
    return found


def corrections(parsed: ParsedQuery, index: OpenIndex, strict: bool = False,
                budget: Budget | None = None) -> dict[str, str]:
    """Topic words no statement uses, as the index spells them (`suply` -> supply); `strict`: only
    corrections close to the word (when there are results anyway). Bounded work: at most MAX_CORRECTED words
    are looked up, tokens that cannot be words are not, and none once the budget is spent."""
    budget = budget or Budget()
    analyzer = index.schema["words"].analyzer
    found: dict[str, str] = {}
    looked_up = 0
    with budget:
        for word in parsed.terms:
            if looked_up >= MAX_CORRECTED or budget.spent:
                break
            tokens = [token.text for token in analyzer(word)]
            if len(tokens) != 1 or len(tokens[0]) < (4 if strict else 3) or not could_be_word(tokens[0]):
                continue
            lowered = tokens[0]
            if index.vocabulary.get(lowered) or stem_used(word, index):
                continue
            looked_up += 1
            correction = corrector(index).suggest(lowered, index.searcher())
            if correction and fuzz.ratio(correction, lowered) >= (CLOSE if strict else LOOSE):
                found[word] = correction
    return found


def suggestion(parsed: ParsedQuery, index: OpenIndex, corrected: dict[str, str]) -> str | None:
    """`did you mean`: the question with its topic words as the index spells them."""
    if not corrected:
        return None
    names = [index.speakers[s]["name"] for s in parsed.speakers if s in index.speakers]
    words = [corrected.get(word, word) for word in parsed.terms]
    return " ".join(names + [f'"{p}"' for p in parsed.phrases] + words)


def count(query: Query | None, filtering: Query | None, index: OpenIndex) -> int:
    """The number of statements matching a query and a filter query (nothing when both are None)."""
    if query is None and filtering is None:
        return 0
    return len(index.docsets.matches(query, filtering, index.searcher()))


def hint(parsed: ParsedQuery, filters: Filters, query: Query | None, index: OpenIndex) -> str | None:
    """Why nothing was found and what to drop: a filter, the speaker, or the quotation marks."""
    found = hint_and_change(parsed, filters, query, index)
    return found[0] if found else None


def hint_and_change(parsed: ParsedQuery, filters: Filters, query: Query | None,
                    index: OpenIndex) -> tuple[str, dict[str, str | None]] | None:
    """The hint, and the change of the search's parameters it advises (a parameter to a new value, or to None to
    drop it), for a link that makes it: a filter dropped, the question without its speaker (or only the speaker's
    page), or without its quotation marks."""
    active = filters.active()
    if active:
        for name in sorted(active):
            found = count(query, filter_query(replace(filters, **{name: None}), index), index)
            if found:
                label = name.replace("_", " ")
                return (f"No statements match with the {label} filter ({active[name]}); without it, "
                        f"{found} statement{'s' if found != 1 else ''} match.", {name: None})
        names = ", ".join(name.replace("_", " ") for name in sorted(active))
        return f"No statements match with the filters ({names}); try removing some.", dict.fromkeys(active)
    if parsed.speakers and (parsed.terms or parsed.phrases):
        others = count(question_query(replace(parsed, speakers=[]), index), None, index)
        who = " or ".join(index.speakers.get(s, {}).get("name", s) for s in parsed.speakers)
        topic = " ".join([*(f'"{p}"' for p in parsed.phrases), *parsed.terms])
        if others:
            return (f"{who} has no statement on that topic; {others} statement{'s' if others != 1 else ''}"
                    " by others match it without the speaker.", {"q": topic})
        return f"{who} has no statement on that topic; try fewer topic words.", {"q": None,
                                                                                 "speaker": parsed.speakers[0]}
    if parsed.phrases and not parsed.boolean:
        loose = replace(parsed, phrases=[], terms=[*parsed.terms, *" ".join(parsed.phrases).split()])
        loose_query = question_query(loose, index)
        if loose_query is not None and index.docsets.exists(loose_query, index.searcher()):
            return ("No statement has these exact words; try without the quotation marks.",
                    {"q": " ".join([*parsed.speaker_words, *loose.terms])})
    return None
