"""One record per speaker across the corpus, and folding name variants into one speaker.

Records are built from statements in their JSON shape (`Statement.to_dict()`), so that a full build (from
fresh statements) and an incremental update (from the payloads stored in the index) count the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from indexer.model import make_slug

_INITIAL = re.compile(r"^[A-Z]\.?$")


@dataclass
class SpeakerRecord:
    """What the index knows of one speaker: names, roles, outlets, how much and when they spoke."""

    name: str
    type: str
    roles: Counter = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    outlets: Counter = field(default_factory=Counter)
    statements: int = 0
    articles: int = 0
    first: str | None = None
    last: str | None = None
    _last_article: str | None = field(default=None, repr=False, compare=False)

    def add(self, statement: dict) -> None:
        """Count one statement (as its JSON dict). An article's statements must come together (as they do when
        an article is written), so that articles are counted without remembering them all."""
        speaker, article, day = statement["speaker"], statement["article"], statement.get("said_on")
        self.statements += 1
        if speaker.get("role"):
            self.roles[speaker["role"]] += 1
        self.aliases.update(speaker.get("aliases", ()))
        if article.get("outlet"):
            self.outlets[article["outlet"]] += 1
        if article["slug"] != self._last_article:
            self.articles += 1
            self._last_article = article["slug"]
        if day:
            self.first = min(self.first or day, day)
            self.last = max(self.last or day, day)

    def merge(self, other: SpeakerRecord) -> None:
        """Add another record's counts (articles where both speak are counted twice: the caller corrects)."""
        self.roles.update(other.roles)
        self.aliases |= other.aliases | {other.name}
        self.outlets.update(other.outlets)
        self.statements += other.statements
        self.articles += other.articles
        days = [d for d in (self.first, self.last, other.first, other.last) if d]
        self.first, self.last = (min(days), max(days)) if days else (None, None)

    def to_dict(self, slug: str) -> dict:
        return {
            "name": self.name,
            "slug": slug,
            "type": self.type,
            "role": self.roles.most_common(1)[0][0] if self.roles else None,
            "roles": [role for role, _ in self.roles.most_common()],
            "aliases": sorted(self.aliases - {self.name}),
            "statements": self.statements,
            "articles": self.articles,
            "outlets": dict(self.outlets.most_common()),
            "first_said": self.first,
            "last_said": self.last,
        }


def without_initials(name: str) -> str:
    """`Donald J. Trump` -> `Donald Trump`: middle initials dropped (first and last words kept)."""
    words = name.split()
    return " ".join([words[0], *(w for w in words[1:-1] if not _INITIAL.match(w)), words[-1]]) if words else name


def may_merge(name: str) -> bool:
    """Whether a speaker name could be folded into another one (one word, or a middle initial)."""
    return len(name.split()) == 1 or without_initials(name) != name


def name_merges(speakers: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Speakers (slug -> (name, type)) that are another speaker under a shorter name: `Donald J. Trump` ->
    `Donald Trump` (when both are in the index), then one-word names (`wang`) that name exactly one fuller
    person (`wang-yi`). Returns slug -> slug of the speaker to fold it into."""
    persons = {slug: name for slug, (name, kind) in speakers.items() if kind == "person"}
    plain_slugs = {make_slug(name): slug for slug, name in persons.items()}
    merges: dict[str, str] = {}
    for slug, name in persons.items():
        plain = without_initials(name)
        target = plain_slugs.get(make_slug(plain))
        if plain != name and target and target != slug:
            merges[slug] = target
    by_token: dict[str, set[str]] = {}
    for slug, name in persons.items():
        words = name.lower().split()
        if len(words) > 1 and slug not in merges:
            for word in (words[0], words[-1]):
                by_token.setdefault(word, set()).add(slug)
    for slug, name in persons.items():
        words = name.lower().split()
        if len(words) == 1 and len(by_token.get(words[0], ())) == 1:
            merges[slug] = next(iter(by_token[words[0]]))
    return merges


def fold_into(statement: dict, record: SpeakerRecord, slug: str) -> None:
    """Make a statement (JSON dict) the words of the speaker `record` (slug `slug`), in place."""
    statement["speaker"].update(name=record.name, slug=slug, aliases=sorted(record.aliases | {record.name}))
