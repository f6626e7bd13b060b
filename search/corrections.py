"""A newsroom's corrections to the speakers: a TOML file in the index's folder, applied on every build and update.

    [[merge]]                      # one speaker; the first name given names it
    speakers = ["Maxine Waters", "Representative Maxine Waters"]

    [[split]]                      # this form of a name is not this speaker (or, if no statement uses it as
    speaker = "Bill Clinton"       # a name, it is not one of the speaker's aliases)
    alias = "Mrs. Clinton"

    [[rename]]
    speaker = "Donald J. Trump"
    name = "Donald Trump"

    [[not_a_person]]               # shown as an unnamed source, under its words
    speaker = "Polls"

Speakers and aliases are matched by their slugs, so case and punctuation do not matter. `saidwhat speakers
merge|split|rename|not-a-person` edit the file and apply it to the served index.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli_w
import tomllib

from indexer.model import make_slug

if TYPE_CHECKING:
    from .identities import _Groups
    from .speakers import SpeakerRecord

CORRECTIONS_FILE = "speakers.toml"
MAX_CORRECTIONS_BYTES = 4 * 1024 * 1024
_KEYS = {"merge": ("speakers",), "split": ("speaker", "alias"), "rename": ("speaker", "name"),
         "not_a_person": ("speaker",)}
_HEADER = ("# Corrections to the speakers of this index (saidwhat): applied on every rebuild and update.\n"
           "# Edit by hand or with `saidwhat speakers merge|split|rename|not-a-person`.\n\n")


class BadCorrections(ValueError):
    """A corrections file that cannot be read or says something that cannot be applied."""


@dataclass
class Corrections:
    """The corrections of one index (empty when it has no file)."""

    merge: list[list[str]] = field(default_factory=list)
    split: list[tuple[str, str]] = field(default_factory=list)
    rename: dict[str, str] = field(default_factory=dict)  # slug of the old name -> new name
    unnamed: set[str] = field(default_factory=set)  # slugs of speakers that are not a person (not_a_person)

    # reading and writing

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Corrections:
        unknown = set(data) - set(_KEYS)
        if unknown:
            raise BadCorrections(f"unknown section {sorted(unknown)[0]!r} (known: {', '.join(_KEYS)})")
        for section, keys in _KEYS.items():
            entries = data.get(section, [])
            if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
                raise BadCorrections(f"[[{section}]] must be a list of tables")
            for number, entry in enumerate(entries, 1):
                if set(entry) != set(keys):
                    raise BadCorrections(f"[[{section}]] entry {number} needs exactly {', '.join(keys)}")
                values = [v for key in keys for v in (entry[key] if isinstance(entry[key], list) else [entry[key]])]
                if not all(isinstance(v, str) and v.strip() for v in values):
                    raise BadCorrections(f"[[{section}]] entry {number}: names must be non-empty strings")
                if section == "merge" and len(entry["speakers"]) < 2:
                    raise BadCorrections(f"[[merge]] entry {number} needs two speakers or more")
        return cls(
            merge=[list(entry["speakers"]) for entry in data.get("merge", [])],
            split=[(entry["speaker"], entry["alias"]) for entry in data.get("split", [])],
            rename={make_slug(entry["speaker"]): entry["name"] for entry in data.get("rename", [])},
            unnamed={make_slug(entry["speaker"]) for entry in data.get("not_a_person", [])},
        )

    def to_dict(self) -> dict:
        data: dict[str, list] = {}
        if self.merge:
            data["merge"] = [{"speakers": names} for names in self.merge]
        if self.split:
            data["split"] = [{"speaker": speaker, "alias": alias} for speaker, alias in self.split]
        if self.rename:
            data["rename"] = [{"speaker": slug, "name": name} for slug, name in self.rename.items()]
        if self.unnamed:
            data["not_a_person"] = [{"speaker": slug} for slug in sorted(self.unnamed)]
        return data

    @classmethod
    def load(cls, folder: str | Path) -> Corrections:
        """The corrections in `folder` (the index's folder); none when there is no file."""
        path = Path(folder) / CORRECTIONS_FILE
        try:
            if not path.is_file():
                return cls()
            if path.stat().st_size > MAX_CORRECTIONS_BYTES:
                raise BadCorrections(f"{path} is larger than {MAX_CORRECTIONS_BYTES // 1024 // 1024} MB")
            return cls.from_dict(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise BadCorrections(f"{path}: {error}") from error
        except BadCorrections as error:
            raise BadCorrections(f"{path}: {error}" if str(path) not in str(error) else str(error)) from error

    def save(self, folder: str | Path) -> Path:
        """Write the corrections into `folder` (atomically: a temporary file renamed over the old one)."""
        path = Path(folder) / CORRECTIONS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(_HEADER + tomli_w.dumps(self.to_dict()), encoding="utf-8")
        temporary.replace(path)
        return path

    # applying

    def add_split(self, speaker: str, alias: str) -> None:
        """Keep `alias` apart from `speaker`, undoing a merge of the two by hand."""
        if (speaker, alias) not in self.split:
            self.split.append((speaker, alias))
        apart = {self._slug(speaker), self._slug(alias)}
        for names in self.merge:
            if apart <= {self._slug(name) for name in names}:
                names[:] = [name for name in names if self._slug(name) != self._slug(alias)]
        self.merge = [names for names in self.merge if len(names) > 1]

    def kept_apart(self, forms: Mapping[str, SpeakerRecord]) -> set[tuple[str, str]]:
        """Pairs of forms (both ways) that a split keeps from being one speaker."""
        pairs: set[tuple[str, str]] = set()
        for speaker, alias in self.split:
            a, b = self._form(speaker, forms), make_slug(alias)
            if a and b in forms:
                pairs |= {(a, b), (b, a)}
        return pairs

    def dropped_aliases(self, speaker_slug: str) -> set[str]:
        """Slugs of the aliases a split takes from this speaker."""
        return {make_slug(alias) for speaker, alias in self.split if self._slug(speaker) == speaker_slug}

    def apply_merges(self, forms: Mapping[str, SpeakerRecord], groups: _Groups) -> dict[str, str]:
        """Join the speakers each merge names, into the first; form slug -> reason, for the forms joined."""
        joined: dict[str, str] = {}
        apart = self.kept_apart(forms)
        for names in self.merge:
            slugs = [self._form(name, forms) for name in names]
            first = slugs[0]
            if not first:
                continue
            for slug in slugs[1:]:
                if slug and groups.cluster[slug] != groups.cluster[first] and (slug, first) not in apart:
                    members = list(groups.members[groups.cluster[slug]])
                    groups.join(slug, first, "merged by hand")
                    joined.update({member: "merged by hand" for member in members})
        return joined

    def first_named(self, forms: Mapping[str, SpeakerRecord], members: list[str]) -> str | None:
        """The form a merge names first, if a merge joined these members."""
        for names in self.merge:
            first = self._form(names[0], forms)
            if first in members and any(self._form(name, forms) in members for name in names[1:]):
                return first
        return None

    def renamed(self, name: str) -> str | None:
        return self.rename.get(make_slug(name))

    def is_unnamed(self, name: str, members: list[str]) -> bool:
        """Whether a correction says this speaker is not a person: an unnamed source, under its words."""
        return bool(self.unnamed & {make_slug(name), *members})

    def _slug(self, name: str) -> str:
        """The slug a name given in the file stands for: a renamed speaker is found by its new name too."""
        slug = make_slug(name)
        renamed_from = {make_slug(new): old for old, new in self.rename.items()}
        return renamed_from.get(slug, slug)

    def _form(self, name: str, forms: Mapping[str, SpeakerRecord]) -> str | None:
        slug = self._slug(name)
        return slug if slug in forms else None
