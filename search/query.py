"""Understanding what people type: speaker names, a topic, quoted phrases and operators.

`what did Wang Yi say about supply chains` -> speakers ["wang-yi"], topic "supply chains".
Speaker names are recognised from the index's own speakers (full names, surnames, roles, slugs), also
with a small typo (`Wang Yee`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from whoosh.analysis import STOP_WORDS

MAX_QUERY_CHARS = 500
MAX_NGRAM = 5
QUESTION_WORDS = frozenset("""
    what whats what's who whom whose which when where why how did does do has have had say says said
    saying tell told talk talked talks about on regarding concerning re statement statements quote quotes
    quoted comment comments remarks think thinks thought anything something ever everything i me show
    find search give list all any by from of the a an was were been is are
""".split())
STOP = frozenset(STOP_WORDS) | QUESTION_WORDS
OPERATORS = frozenset({"AND", "OR", "NOT"})
_TOKEN = re.compile(r"\"[^\"]*\"|[-+]?[\w'’.]+(?:-[\w'’.]+)*", re.UNICODE)


@dataclass
class SpeakerEntry:
    slug: str
    name: str
    statements: int
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


class SpeakerDirectory:
    """Every speaker's names (and roles), for recognising them in a question."""

    def __init__(self, entries: list[SpeakerEntry]):
        self.entries = {entry.slug: entry for entry in entries}
        self.names: dict[str, list[str]] = {}
        self.roles: dict[str, list[str]] = {}
        for entry in entries:
            for alias in {entry.name, *entry.aliases, entry.slug.replace("-", " ")}:
                self.names.setdefault(_fold(alias), []).append(entry.slug)
            for role in entry.roles:
                if len(role.split()) >= 2:
                    self.roles.setdefault(_fold(role), []).append(entry.slug)
        self._choices = list(self.names)

    def best(self, slugs: list[str]) -> str:
        """Of several speakers with one name, the one quoted most."""
        return max(dict.fromkeys(slugs), key=lambda slug: self.entries[slug].statements)

    def lookup(self, text: str) -> str | None:
        """The speaker a name, slug or role names exactly, if any."""
        key = _fold(text.replace("-", " ") if "-" in text and " " not in text else text)
        slugs = self.names.get(key) or self.roles.get(key)
        if slugs:
            return self.best(slugs)
        return key.replace(" ", "-") if key.replace(" ", "-") in self.entries else None

    def fuzzy(self, text: str) -> str | None:
        """The speaker a slightly misspelt name names (`Wang Yee`)."""
        key = _fold(text)
        if len(key) < 5 or not self._choices:
            return None
        cutoff = 78 if " " in key else 88
        match = process.extractOne(key, self._choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        return self.best(self.names[match[0]]) if match else None


def _fold(text: str) -> str:
    """Lower case, straight apostrophes, no accents, single spaces."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip().lower()


def clean_query(text: str) -> str:
    """A query string safe to parse: printable, bounded, balanced quotation marks, no field syntax."""
    text = "".join(ch if ch.isprintable() else " " for ch in text or "")[:MAX_QUERY_CHARS]
    text = text.replace("“", '"').replace("”", '"').replace("’", "'")
    if text.count('"') % 2:
        last = text.rfind('"')
        text = text[:last] + text[last + 1 :]
    return re.sub(r"[:(){}\[\]^~*?\\/<>=!|&@#$%]", " ", text)


@dataclass
class ParsedQuery:
    """A question taken apart: who, about what, and in which exact words."""

    text: str
    speakers: list[str] = field(default_factory=list)
    speaker_words: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    boolean: str | None = None

    @property
    def topic(self) -> str:
        """What the statements must be about, as a Whoosh query string (exclusions apart)."""
        if self.boolean:
            return self.boolean
        return " ".join([f'"{phrase}"' for phrase in self.phrases] + self.terms)

    @property
    def is_empty(self) -> bool:
        return not (self.speakers or self.terms or self.phrases or self.boolean)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "speakers": self.speakers,
            "topic": " ".join([f'"{p}"' for p in self.phrases] + self.terms),
            "phrases": self.phrases,
            "excluded": self.excluded,
        }


def parse_question(text: str, directory: SpeakerDirectory) -> ParsedQuery:
    """Split a question into speakers (recognised from the index), phrases and topic words."""
    cleaned = clean_query(text)
    parsed = ParsedQuery(text=cleaned.strip())
    tokens = [t for t in _TOKEN.findall(cleaned)]
    words: list[str | None] = []
    for token in tokens:
        if token.startswith('"'):
            phrase = " ".join(re.findall(r"[\w'.-]+", token))
            if phrase:
                parsed.phrases.append(phrase)
            words.append(None)
        elif token.startswith("-") and len(token) > 1:
            parsed.excluded.append(token[1:].strip(".'"))
            words.append(None)
        else:
            words.append(token.lstrip("+").strip(".'"))
    _take_speakers(words, directory, parsed)
    uses_operators = any(w in OPERATORS for w in words if w)
    rest = [w for w in words if w]
    if uses_operators:
        kept: list[str] = []
        for index, word in enumerate(rest):
            if word == "NOT":
                continue
            if index and rest[index - 1] == "NOT":
                parsed.excluded.append(word)
            elif word in OPERATORS or word.lower() not in STOP:
                kept.append(word)
        # No dangling or doubled operators.
        cleaned: list[str] = []
        for word in kept:
            if word in OPERATORS and (not cleaned or cleaned[-1] in OPERATORS):
                continue
            cleaned.append(word)
        while cleaned and cleaned[-1] in OPERATORS:
            cleaned.pop()
        quoted = " ".join(f'"{p}"' for p in parsed.phrases)
        parsed.boolean = " ".join(part for part in (quoted, " ".join(cleaned)) if part) or None
        parsed.terms = [w for w in cleaned if w not in OPERATORS]
    else:
        parsed.terms = [w for w in rest if w.lower() not in STOP and len(w) > 1 or w.isdigit()]
    return parsed


def _take_speakers(words: list[str | None], directory: SpeakerDirectory, parsed: ParsedQuery) -> None:
    """Find speaker names in the words (longest first), replacing them with None."""
    passes = [(size, False) for size in range(MAX_NGRAM, 0, -1)]
    # A misspelt full name is tried before its exactly spelt part (`Wang Yee` is Wang Yi, not Wang + yee).
    passes = [p for size, _ in passes for p in ((size, False), (size, True)) if size > 1 or not p[1]]
    passes += [(1, True)]
    for size, fuzzy in passes:
        if fuzzy and size == 1 and parsed.speakers:
            return
        for start in range(0, len(words) - size + 1):
            window = words[start : start + size]
            if any(w is None for w in window):
                continue
            lowered = [w.lower() for w in window]  # type: ignore[union-attr]
            if lowered[0] in STOP or lowered[-1] in STOP or any(w in OPERATORS for w in window):
                continue
            phrase = " ".join(window)  # type: ignore[arg-type]
            slug = directory.fuzzy(phrase) if fuzzy else directory.lookup(phrase)
            if slug:
                if slug not in parsed.speakers:
                    parsed.speakers.append(slug)
                parsed.speaker_words.append(phrase)
                words[start : start + size] = [None] * size
