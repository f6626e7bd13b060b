"""Checking a quote as someone remembers or reposts it against what the archive's statements really say.

    result = check_quote(service, 'Trump said "we will build a great wall and Mexico pays"')
    result.close, result.verdict, result.matches[0].statement, result.matches[0].changes

Candidates come from the index (BM25 over the claim's words, neighbouring pairs ranked up); each is aligned word
by word with the claim (difflib's matcher over the part of the statement the claim covers), which gives the
score (the share of words the two have in common, in order) and what the claim added, dropped or changed. A
claim that names its speaker (`Trump said ...`, `Trump: ...`, `"...," Trump said`) is checked against who really
said the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from whoosh.query import Or, Term

from .records import StatementRecord

CANDIDATES = 40  # statements aligned with the claim, of those the words find
CLOSE = 0.6  # the score from which a statement is what the claim quotes, changed or not
MIN_SHARED_WORDS = 3  # words in common, in order, below which nothing is close
MAX_CLAIM_CHARS = 2000
CLAIM_VERBS = ("said", "says", "told", "tells", "claimed", "claims", "wrote", "writes", "tweeted", "tweets",
               "stated", "states", "declared", "declares", "argued", "argues", "insisted", "insists", "added")
_VERBS = "|".join(CLAIM_VERBS)
_QUOTES = "\"“”‘’'«»„"
_SPEAKER = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}"
_SPEAKER_FIRST = re.compile(rf"^\s*(?P<speaker>{_SPEAKER})\s*(?:(?:{_VERBS})\b(?:\s+that)?\s*[:,]?|:)\s*(?P<quote>.+)$",
                            re.DOTALL)
_SPEAKER_AFTER = re.compile(rf"^\s*(?P<quote>[{_QUOTES}].+?[{_QUOTES}])\s*,?\s*"
                            rf"(?:(?P<speaker1>{_SPEAKER})\s+(?:{_VERBS})|(?:{_VERBS})\s+(?P<speaker2>{_SPEAKER}))"
                            rf"\s*[.!]?\s*$", re.DOTALL)
_WORD = re.compile(r"[\w’'-]+")


@dataclass
class WordChange:
    """One step of the comparison: words both have (`same`), or what the claim `added`, `dropped` or `changed`."""

    op: str
    claim: str = ""  # the claim's words
    real: str = ""  # the statement's words

    def to_dict(self) -> dict:
        return {"op": self.op, "claim": self.claim, "real": self.real}


@dataclass
class CheckMatch:
    statement: StatementRecord
    score: float  # 0 to 1: the share of words the claim and the statement's part share, in order
    changes: list[WordChange]
    by_claimed_speaker: bool | None = None  # None when the claim names no speaker

    def to_dict(self) -> dict:
        return {"score": round(self.score, 3), "by_claimed_speaker": self.by_claimed_speaker,
                "changes": [change.to_dict() for change in self.changes], "statement": self.statement.to_dict()}


@dataclass
class CheckResult:
    claim: str
    quote: str  # the words checked: the claim without its speaker and quotation marks
    claimed_speaker: str | None = None  # as the claim names it
    speaker_slug: str | None = None  # the archive's speaker it names, when known
    speaker_name: str | None = None
    matches: list[CheckMatch] = field(default_factory=list)

    @property
    def close(self) -> bool:
        return bool(self.matches) and self.matches[0].score >= CLOSE

    @property
    def verdict(self) -> str:
        """What the check found, in a sentence, the most important first."""
        if not self.close:
            return "No statement in this archive is close to this."
        best = self.matches[0]
        said_by = best.statement["speaker"]["name"]
        exact = best.score >= 0.999
        words = "These are the words of" if exact else "The closest statement, with words changed, is by"
        if self.claimed_speaker and best.by_claimed_speaker is False:
            claimed = self.speaker_name or self.claimed_speaker
            return f"The words were said, but by {said_by}, not by {claimed}."
        return f"{words} {said_by}."

    def to_dict(self) -> dict:
        return {"claim": self.claim, "quote": self.quote, "close": self.close, "verdict": self.verdict,
                "claimed_speaker": ({"name": self.claimed_speaker, "slug": self.speaker_slug,
                                     "speaker": self.speaker_name} if self.claimed_speaker else None),
                "matches": [match.to_dict() for match in self.matches]}


def split_claim(claim: str) -> tuple[str | None, str]:
    """(the speaker the claim names or None, the quoted words): `Trump said "..."`, `Trump: ...`, `"...," Trump
    said`, or words alone."""
    claim = re.sub(r"\s+", " ", claim).strip()
    if match := _SPEAKER_AFTER.match(claim):
        return match.group("speaker1") or match.group("speaker2"), _unquoted(match.group("quote"))
    if match := _SPEAKER_FIRST.match(claim):
        quote = match.group("quote")
        if len(_WORD.findall(quote)) >= MIN_SHARED_WORDS:
            return match.group("speaker"), _unquoted(quote)
    return None, _unquoted(claim)


def _unquoted(text: str) -> str:
    return text.strip().strip(_QUOTES + " ,.").strip()


def words_of(text: str) -> list[str]:
    """The words compared: lower case, one kind of apostrophe, no punctuation."""
    return [word.replace("’", "'").lower().strip("'-") for word in _WORD.findall(text) if word.strip("'’-")]


def align(claim_words: list[str], claim_shown: list[str], text: str) -> tuple[float, list[WordChange]]:
    """The score of a statement's text for a claim, and the word-by-word comparison over the part it covers."""
    shown = [word for word in _WORD.findall(text) if word.strip("'’-")]
    real = [word.replace("’", "'").lower().strip("'-") for word in shown]
    matcher = SequenceMatcher(None, claim_words, real, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    shared = sum(block.size for block in blocks)
    if shared < min(MIN_SHARED_WORDS, len(claim_words)) or not blocks:
        return 0.0, []
    start, end = blocks[0].b, blocks[-1].b + blocks[-1].size
    # the statement's words just around the part covered, when the claim has words there (dropped at its ends)
    start = max(0, start - blocks[0].a)
    end = min(len(real), end + (len(claim_words) - blocks[-1].a - blocks[-1].size))
    window, window_shown = real[start:end], shown[start:end]
    matcher = SequenceMatcher(None, claim_words, window, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    score = 2 * shared / (len(claim_words) + len(window))
    changes = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        kind = {"equal": "same", "insert": "dropped", "delete": "added", "replace": "changed"}[op]
        changes.append(WordChange(kind, " ".join(claim_shown[a1:a2]), " ".join(window_shown[b1:b2])))
    return score, changes


def check_quote(service, claim: str, limit: int = 5) -> CheckResult:
    """The statements of the archive closest to `claim`, best first (at most `limit`)."""
    claim = claim[:MAX_CLAIM_CHARS]
    speaker_text, quote = split_claim(claim)
    result = CheckResult(claim=claim, quote=quote, claimed_speaker=speaker_text)
    if speaker_text:
        profile = service.speaker(speaker_text)
        if profile is None:
            rows, _ = service.speakers(q=speaker_text, per_page=1)
            profile = service.speaker(rows[0].slug) if rows else None
        if profile is not None:
            result.speaker_slug, result.speaker_name = profile.slug, profile.name
    claim_shown = [word for word in _WORD.findall(quote) if word.strip("'’-")]
    claim_words = words_of(quote)
    if not claim_words:
        return result
    index = service.index
    searcher = index.searcher()
    stems = list(dict.fromkeys(token.text for token in index.schema["text"].analyzer(quote)))
    if not stems:
        return result
    query = Or([Term("text", stem) for stem in stems])
    matches = []
    for hit in searcher.search(query, limit=CANDIDATES):
        statement = StatementRecord(hit["payload"])
        score, changes = align(claim_words, claim_shown, statement.text)
        if score > 0:
            by = None if not speaker_text else (statement.speaker_slug == result.speaker_slug
                                                 if result.speaker_slug else False)
            matches.append((score, hit.score, CheckMatch(statement, score, changes, by)))
    matches.sort(key=lambda item: (-item[0], -item[1]))
    ranked = [match for _, _, match in matches]
    if speaker_text and ranked and ranked[0].score >= CLOSE:
        # the claimed speaker's own close statement first when there is one, however close another's is
        own = [m for m in ranked if m.by_claimed_speaker and m.score >= CLOSE]
        if own and own[0] is not ranked[0] and own[0].score >= ranked[0].score - 0.15:
            ranked.remove(own[0])
            ranked.insert(0, own[0])
    result.matches = ranked[:limit]
    return result
