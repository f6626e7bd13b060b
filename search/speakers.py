"""What the index counts of a speaker, or of one form of a speaker's name: roles over time, aliases, outlets.

Records are built from statements in their JSON shape (`Statement.to_dict()`), so that a full build (from
fresh statements) and an incremental update (from the payloads stored in the index) count the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from indexer.lexicon import OFFICE_CHANGING_WORDS
from indexer.names import is_name
from indexer.roles import is_role, role_key


@dataclass
class RoleSeen:
    """One role of a speaker: how it was worded, how often, and the first and last day it was seen."""

    wordings: Counter = field(default_factory=Counter)
    first: str | None = None
    last: str | None = None

    @property
    def wording(self) -> str:
        return self.wordings.most_common(1)[0][0]

    @property
    def count(self) -> int:
        return sum(self.wordings.values())

    def add(self, wording: str, day: str | None, count: int = 1) -> None:
        self.wordings[wording] += count
        self.widen(day, day)

    def widen(self, first: str | None, last: str | None) -> None:
        if first:
            self.first = min(self.first or first, first)
        if last:
            self.last = max(self.last or last, last)

    def merge(self, other: RoleSeen) -> None:
        self.wordings.update(other.wordings)
        self.widen(other.first, other.last)

    def to_dict(self) -> dict:
        return {"role": self.wording, "statements": self.count, "first_seen": self.first, "last_seen": self.last}


MAX_ROLES_SHOWN = 5


@dataclass
class SpeakerRecord:
    """What the index knows of one speaker (or of one form of a speaker's name): names, roles over time,
    outlets, how much and when they spoke."""

    name: str
    type: str
    roles: dict[str, RoleSeen] = field(default_factory=dict)  # role_key -> what was seen of it
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
        role = speaker.get("role")
        if role and is_role(role):
            self.roles.setdefault(role_key(role), RoleSeen()).add(role.strip(), day or article.get("published"))
        self.aliases.update(alias for alias in speaker.get("aliases", ()) if is_name(alias))
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
        for key, seen in other.roles.items():
            self.roles.setdefault(key, RoleSeen()).merge(seen)
        self.aliases |= other.aliases | {other.name}
        self.outlets.update(other.outlets)
        self.statements += other.statements
        self.articles += other.articles
        days = [d for d in (self.first, self.last, other.first, other.last) if d]
        self.first, self.last = (min(days), max(days)) if days else (None, None)

    def copy(self) -> SpeakerRecord:
        return SpeakerRecord.from_record(self.to_record())

    def folded_roles(self) -> list[RoleSeen]:
        """The roles with each one folded into the one longer role it is the end of (`Foreign Minister` into
        `Chinese Foreign Minister`), unless the longer one's extra words change the office (`Vice President`,
        `former president`); most often given first."""
        folded: dict[str, RoleSeen] = {}
        for key in sorted(self.roles, key=lambda key: (-len(key.split()), key)):
            seen = self.roles[key]
            wider = [other for other in folded if other.endswith(" " + key)
                     and not set(other[: -len(key)].split()) & OFFICE_CHANGING_WORDS]
            if len(wider) == 1:
                folded[wider[0]].merge(seen)
            else:
                folded[key] = RoleSeen(Counter(seen.wordings), seen.first, seen.last)
        return sorted(folded.values(), key=lambda seen: (-seen.count, seen.wording))

    def current_role(self, roles: list[RoleSeen] | None = None) -> str | None:
        """The role seen last of those given more than once (of those seen on the latest day, the most
        frequent): a role one article gave is not what the speaker is now."""
        roles = self.folded_roles() if roles is None else roles
        if not roles:
            return None
        repeated = [seen for seen in roles if seen.count > 1] or roles
        return max(repeated, key=lambda seen: (seen.last or "", seen.count, seen.wording)).wording

    def to_dict(self, slug: str) -> dict:
        ranked = self.folded_roles()
        return {
            "name": self.name,
            "slug": slug,
            "type": self.type,
            "role": self.current_role(ranked),
            "roles": [seen.wording for seen in ranked[:MAX_ROLES_SHOWN]],
            "role_history": [seen.to_dict() for seen in ranked],
            "aliases": sorted(self.aliases - {self.name}),
            "statements": self.statements,
            "articles": self.articles,
            "outlets": dict(self.outlets.most_common()),
            "first_said": self.first,
            "last_said": self.last,
        }

    def to_record(self) -> dict:
        """Everything counted, as JSON (stored with the speaker, so that an update can plan again from it)."""
        return {
            "name": self.name, "type": self.type, "statements": self.statements, "articles": self.articles,
            "first": self.first, "last": self.last, "aliases": sorted(self.aliases),
            "outlets": dict(self.outlets),
            "roles": [[key, dict(seen.wordings), seen.first, seen.last] for key, seen in self.roles.items()],
        }

    @classmethod
    def from_record(cls, data: dict) -> SpeakerRecord:
        record = cls(data["name"], data["type"], aliases=set(data["aliases"]), outlets=Counter(data["outlets"]),
                     statements=data["statements"], articles=data["articles"], first=data["first"],
                     last=data["last"])
        for key, wordings, first, last in data["roles"]:
            record.roles[key] = RoleSeen(Counter(wordings), first, last)
        return record
