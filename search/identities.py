"""Which speakers of the archive are one person or body: merging the name forms articles use.

An article's statements name their speaker as the article does (`Donald J. Trump`, `Mr. Trump`, `Joe Biden`,
`The Washington Post`); each such name is a *form*. `plan_speakers` groups the forms of the whole archive into
speakers, with the reason for every merge, and `Corrections` (a newsroom's file) can overrule it:

- full names (a first name and a surname) are one person when the surnames are the same, the first names are
  one name (`Bill` and `William`, `Joe` and `J.`, through the `nicknames` list), middle initials and genders
  do not disagree, and so do suffixes: `Donald Trump Jr.` is not `Donald Trump` (a suffix on the same first
  name tells a son from his father), but `Joseph R. Biden Jr.` is `Joe Biden` (the formal style of a name);
  a form that fits two people (`J. Smith` with `John` and `Jane Smith`) stays on its own;
- a surname alone, or with a title (`Trump`, `Mr. Trump`, `President Clinton`), joins the one person of the
  archive it fits: that surname, the title's gender, and when the title is an office, the person whose roles
  have it. When it fits several (`Clinton` with Bill and Hillary Clinton), it stays as its article left it;
- organisations are one body when their names are the same but for a leading `the` (`The Washington Post`,
  `Washington Post`), and a one-word name or an acronym joins the one body whose last word or initials it is
  (`Post`, `FBI`);
- descriptions (`a senior official`) are grouped by their words, without articles, and never merge with a
  person.

A speaker takes the name of its most quoted full form (without middle initials when it has one); in an update,
a speaker keeps the slug it had while that form is still among its best names, so that adding an article
re-slugs a speaker only when it brings a better name (`Lindqvist` becomes `Maria Lindqvist`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from indexer.lexicon import (
    COMMON_BODY_NOUNS,
    COUNT_OPENERS,
    FEMALE_HONORIFICS,
    GENERIC_ROLE_HEADS,
    GENERIC_SPEAKER_WORDS,
    HONORIFICS,
    MALE_HONORIFICS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NOT_NAME_OPENERS,
    OFFICE_WORDS,
    POSSESSIVE_DETERMINERS,
    TITLE_WORDS,
)
from indexer.model import make_slug
from indexer.names import MARKUP, acronym_of, first_name_gender, first_names_match, is_first_name
from indexer.roles import role_head, role_key

from .corrections import Corrections
from .speakers import SpeakerRecord

_ARTICLES = ("the ", "a ", "an ")
NOTABLE_STATEMENTS = 3  # a surname alone joins a person quoted at least this often (or sharing a role)
WELL_KNOWN_STATEMENTS = 5  # two fitting full names with nothing else in common: one person if quoted this often
SAME_STORY_DAYS = 2  # one outlet quoting two fitting names this close together: one story, one person
FAMOUS_STATEMENTS = 20  # one first name, one surname: a name of a person quoted this often is theirs
_NOT_NAME = re.compile(r"[<>{}\[\]|=@#%$\d]")


@dataclass(frozen=True)
class PersonName:
    """A person's name read as title, first name, middle names, surname and suffix."""

    first: str | None
    middles: tuple[str, ...]
    last: str
    suffix: str | None
    titles: tuple[str, ...] = ()

    @property
    def gender(self) -> str | None:
        for title in self.titles:
            if title in MALE_HONORIFICS or f"{title}." in MALE_HONORIFICS:
                return "male"
            if title in FEMALE_HONORIFICS or f"{title}." in FEMALE_HONORIFICS:
                return "female"
        return first_name_gender(self.first.capitalize()) if self.first and len(self.first) > 1 else None

    @property
    def offices(self) -> set[str]:
        """The titles that are offices (`president`, `sen`), not honorifics (`mr`)."""
        return {t for t in self.titles if t not in HONORIFICS and f"{t}." not in HONORIFICS}


@lru_cache(maxsize=65536)
def parse_person(name: str) -> PersonName | None:
    """`President Donald J. Trump Jr.` -> titles (president), first donald, middles (j), last trump, suffix jr;
    None for a name with no surname left or with characters no name has."""
    if _NOT_NAME.search(name):
        return None
    words = [w for w in name.replace("’", "'").split() if w]
    titles: list[str] = []
    while len(words) > 1 and (words[0].lower() in TITLE_WORDS or words[0].lower() in HONORIFICS
                              or words[0].lower().removesuffix("s") in TITLE_WORDS):  # `Senators Rubio`
        titles.append(words.pop(0).lower().rstrip("."))
    suffix = None
    if len(words) > 1 and words[-1].lower() in NAME_SUFFIXES:
        suffix = words.pop().lower().rstrip(".")
    parts = [w.lower().rstrip(".,") for w in words]
    if not parts or not parts[-1] or not _name_shaped(words):
        return None
    if len(parts) == 1 or parts[0] in NAME_PARTICLES:
        return PersonName(None, (), " ".join(parts), suffix, tuple(titles))
    surname_start = len(parts) - 1
    while surname_start > 1 and parts[surname_start - 1] in NAME_PARTICLES:  # `Bill de Blasio`
        surname_start -= 1
    return PersonName(parts[0], tuple(parts[1:surname_start]), " ".join(parts[surname_start:]), suffix,
                      tuple(titles))


def _name_shaped(words: list[str]) -> bool:
    """Capitalised words (or particles), no possessive, not a pronoun or determiner first, no acronym last:
    `Chamber's chief political strategist`, `His chief aide` and `Trump PAC` are not names."""
    if words[0].lower() in NOT_NAME_OPENERS or (len(words[-1]) > 1 and words[-1].isupper()):
        return False
    return all((word[:1].isupper() or word.lower() in NAME_PARTICLES) and not word.endswith(("'s", "’s"))
               for word in words)


def same_person(a: PersonName, b: PersonName) -> bool:
    """Whether two full names can be one person (see the module's notes)."""
    if a.last != b.last or not a.first or not b.first or not first_names_match(a.first, b.first, strict=True):
        return False
    if a.middles and b.middles and a.middles[0][0] != b.middles[0][0]:
        return False
    if a.gender and b.gender and a.gender != b.gender:
        return False
    if a.suffix != b.suffix:
        if a.suffix and b.suffix:
            return False
        suffixed = a if a.suffix else b
        if a.first == b.first and not suffixed.middles:
            return False  # `Donald Trump Jr.` and `Donald Trump`
    return True


def organization_key(name: str) -> str:
    """`The Washington Post's` -> washington post."""
    key = re.sub(r"['’]s?$", "", re.sub(r"\s+", " ", name.strip().lower()))
    for article in _ARTICLES:
        if key.startswith(article):
            key = key[len(article):]
    return key


def description_key(name: str) -> str:
    """`A senior official` and `senior officials`: the words of a description, lower case, without articles."""
    key = organization_key(name)
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key


@dataclass
class Speaker:
    """One speaker of the archive: its forms, the record they add up to, and why each form is in it."""

    slug: str
    name: str
    type: str
    forms: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # form slug -> why it joined (absent: the name itself)
    by_hand: set[str] = field(default_factory=set)  # form slugs merged by a correction


@dataclass
class SpeakerPlan:
    """Every form's speaker."""

    speakers: dict[str, Speaker]
    target: dict[str, str]  # form slug -> speaker slug

    def changed(self, previous: Mapping[str, str]) -> set[str]:
        """The forms whose speaker is not the one `previous` (form slug -> speaker slug) gave them."""
        return {form for form, slug in self.target.items() if previous.get(form, form) != slug}


class _Groups:
    """Forms grouped into clusters (union by hand, so that each cluster is checked as a whole)."""

    def __init__(self, forms: Iterable[str]):
        self.cluster = {form: form for form in forms}
        self.members = {form: [form] for form in self.cluster}
        self.reasons: dict[str, str] = {}
        self.first_joined: dict[str, str] = {}  # form -> the first form that was joined to it

    def join(self, form: str, into: str, reason: str) -> None:
        a, b = self.cluster[form], self.cluster[into]
        if a == b:
            return
        for member in self.members.pop(a):
            self.cluster[member] = b
            self.members[b].append(member)
        self.reasons[form] = reason
        self.first_joined.setdefault(into, form)

    def reason(self, form: str, forms: Mapping[str, SpeakerRecord]) -> str:
        """Why a form is in its cluster: its own join, else the join of a form that was joined to it."""
        if form in self.reasons:
            return self.reasons[form]
        other = self.first_joined.get(form)
        return f"{forms[other].name} is {self.reasons[other]}" if other else "in one group"


def plan_speakers(forms: Mapping[str, SpeakerRecord], corrections: Corrections | None = None,
                  previous: Mapping[str, str] | None = None) -> SpeakerPlan:
    """Group the forms (form slug -> its record) into speakers; `previous` (form slug -> speaker slug) keeps the
    slugs of an earlier plan where it can."""
    corrections = corrections or Corrections()
    forms = _retyped(forms)
    groups = _Groups(forms)
    kept_apart = corrections.kept_apart(forms)
    _merge_people(forms, groups, kept_apart)
    _merge_bodies(forms, groups, kept_apart)
    _merge_descriptions(forms, groups)
    by_hand = corrections.apply_merges(forms, groups)
    return _speakers(forms, groups, by_hand, corrections, previous or {})


def _retyped(forms: Mapping[str, SpeakerRecord]) -> Mapping[str, SpeakerRecord]:
    """The forms, with a person or group named like an outlet of the archive (`Politico reported`) made the body
    it is, and a body named only by a common noun or a possessive (`Police`, `His campaign`), or any speaker
    whose name names no one in particular (`One`, `Six in 10 voters`), made an unnamed source."""
    outlets = {organization_key(outlet) for record in forms.values() for outlet in record.outlets}
    retyped = {}
    for slug, record in forms.items():
        key = organization_key(record.name)
        kind = record.type
        if kind in ("person", "group") and key in outlets:
            kind = "organization"
        elif kind != "description" and key not in outlets and (_no_one_named(record.name, key) or (
                kind == "organization" and (key in COMMON_BODY_NOUNS or key.split()[0] in POSSESSIVE_DETERMINERS))):
            kind = "description"
        if kind != record.type:
            retyped[slug] = record.copy()
            retyped[slug].type = kind
    return {**forms, **retyped} if retyped else forms


_COUNTED = re.compile(r"^(?:\S+\s+){0,2}?(?:\d[\d,.]*%?|\w+)\s+(?:in\s+(?:10|ten)|of|out of)\b", re.IGNORECASE)


def _no_one_named(name: str, key: str) -> bool:
    """A speaker name that names no one in particular: a generic word (`One`, `Those`, `Democrat`), a count of
    people (`Six in 10 Republican voters`, `400 registered voters`, `One of the authors`), or markup."""
    words = key.split()
    if not words or key in GENERIC_SPEAKER_WORDS or MARKUP.search(name) or name[:1].islower():
        return True  # a name in lower case is a description (`army of Twitter followers`, `a … Poll`)
    counted = words[0] in COUNT_OPENERS or words[0].replace(",", "").isdigit()
    return counted and (len(words) == 1 or bool(_COUNTED.match(key)) or words[1][:1].islower()
                        and not name.split()[1][:1].isupper())


def _forms_of(forms: Mapping[str, SpeakerRecord], kind: str) -> list[str]:
    """The forms of one type, most quoted first (so that big clusters form first), then by slug."""
    return sorted((slug for slug, record in forms.items() if record.type == kind),
                  key=lambda slug: (-forms[slug].statements, slug))


def _merge_people(forms: Mapping[str, SpeakerRecord], groups: _Groups, kept_apart: set[tuple[str, str]]) -> None:
    names = {slug: parse_person(forms[slug].name) for slug in _forms_of(forms, "person")}
    full = [slug for slug, name in names.items() if name and name.first]
    by_surname: dict[str, list[str]] = {}  # surname -> cluster heads (full names)
    firsts: dict[str, set[str]] = {}  # surname -> the first names used with it
    for slug in full:
        firsts.setdefault(names[slug].last, set()).add(names[slug].first)
    for slug in full:
        name = names[slug]
        fits = [head for head in by_surname.get(name.last, [])
                if all(same_person(name, names[member]) and (slug, member) not in kept_apart
                       for member in groups.members[head])]
        why = _why_one(forms, slug, name, groups.members[fits[0]], names, firsts) if len(fits) == 1 else None
        if why:
            groups.join(slug, fits[0], why)
        else:
            by_surname.setdefault(name.last, []).append(slug)
    for slug, name in names.items():
        if not name or name.first:
            continue
        gender, offices = _evidence(forms[slug], name)
        if gender == "both":
            continue  # `Mr. Clinton` and `Mrs. Clinton` under one form: nothing to go by
        heads = [head for head in by_surname.get(name.last, []) if (slug, head) not in kept_apart]
        fits = [head for head in heads if _fits_short(name, gender, head, names, groups)]
        if len(fits) > 1 and offices:
            fits = [head for head in fits if offices & _role_words(forms, groups.members[head])]
        if len(fits) == 1 and (_shared_role(forms, [slug], groups.members[fits[0]])
                               or _same_coverage(forms, slug, groups.members[fits[0]])
                               or _known_person(forms, groups.members[fits[0]], names)):
            head = fits[0]
            told = [f"{gender}" if gender else "", f"a {'/'.join(sorted(offices))}" if offices else ""]
            told = " and ".join(part for part in told if part) if len(heads) > 1 else ""
            surname = " ".join(forms[slug].name.split()[-len(name.last.split()) - bool(name.suffix):])
            groups.join(slug, head, f"the only person named {surname} in the archive"
                                    + (f" who is {told}" if told else ""))


def _why_one(forms: Mapping[str, SpeakerRecord], slug: str, name: PersonName, members: list[str],
             names: Mapping[str, PersonName | None], firsts: Mapping[str, set[str]]) -> str | None:
    """Why the full name `slug` is the person of `members` (a cluster whose names it fits), or None when nothing
    says so: two names that fit are not yet one person (`Bob Mason`, a letter carrier, and `Robert Mason`, a
    professor). It takes a role they share, an article that used both names, both names quoted often with one
    first name, or a surname nobody else in the archive has with the same first name (`Donald J. Trump`), or
    with a nickname of it when the person is quoted often (`Geoff` and `Geoffrey Garin`)."""
    others = [forms[member].name for member in members]
    if _shared_role(forms, [slug], members):
        return f"the same name as {others[0]} and the same role"
    if _same_coverage(forms, slug, members):
        return f"the same name as {others[0]}, quoted by the same outlet in the same days"
    if _named_alike(forms, slug, members):
        return f"the same name as {others[0]}, both used in one article"
    theirs = [names[member] for member in members]
    same_first = any(other and other.first == name.first for other in theirs)
    if same_first and min(_quoted(forms, members), forms[slug].statements) >= WELL_KNOWN_STATEMENTS:
        return f"the same name as {others[0]}, both quoted often"  # `Donald J. Trump` and `Donald Trump`
    if same_first and max(_quoted(forms, members), forms[slug].statements) >= FAMOUS_STATEMENTS:
        return f"the same name as {others[0]}, one of the most quoted"  # `Hillary Rodham Clinton`
    alone = all(first_names_match(name.first, first, strict=True) for first in firsts.get(name.last, ()))
    if alone and (same_first or max(_quoted(forms, members), forms[slug].statements) >= WELL_KNOWN_STATEMENTS):
        return f"the same name as {others[0]}, the only {name.last.title()} of the archive"
    return None


def _known_person(forms: Mapping[str, SpeakerRecord], members: list[str],
                  names: Mapping[str, PersonName | None]) -> bool:
    """Whether a surname alone may name the person of `members`: quoted three times or more with a first name
    the name list knows (not `Wilayat Twitter`), or quoted often."""
    quoted = _quoted(forms, members)
    if quoted >= WELL_KNOWN_STATEMENTS:
        return True
    firsts = [names[m].first for m in members if names.get(m) and names[m].first]
    return quoted >= NOTABLE_STATEMENTS and any(is_first_name(first.capitalize()) for first in firsts)


def _quoted(forms: Mapping[str, SpeakerRecord], members: Iterable[str]) -> int:
    return sum(forms[member].statements for member in members)


def _role_heads(record: SpeakerRecord) -> set[str]:
    heads = set()
    for seen in record.roles.values():
        words = role_key(seen.wording).split()
        if words:
            heads.add(role_head(words))
    return heads - GENERIC_ROLE_HEADS


def _same_coverage(forms: Mapping[str, SpeakerRecord], slug: str, members: Iterable[str]) -> bool:
    """Whether the form `slug` and a form of `members` were quoted by one outlet within SAME_STORY_DAYS of each
    other (most often one story, or its follow-up: `Smbatyan` and `Roman Smbatyan`)."""
    mine = forms[slug]
    if not mine.first or not mine.outlets:
        return False
    for member in members:
        theirs = forms[member]
        if theirs.first and set(mine.outlets) & set(theirs.outlets):
            gap = _days_apart(mine, theirs)
            if gap is not None and gap <= SAME_STORY_DAYS:
                return True
    return False


def _days_apart(a: SpeakerRecord, b: SpeakerRecord) -> int | None:
    """Days between the spans of days two records were quoted on (0 when they overlap)."""
    try:
        spans = [(date.fromisoformat(r.first), date.fromisoformat(r.last or r.first)) for r in (a, b)]
    except (TypeError, ValueError):
        return None
    (a_first, a_last), (b_first, b_last) = spans
    return max(0, (b_first - a_last).days, (a_first - b_last).days)


def _shared_role(forms: Mapping[str, SpeakerRecord], these: Iterable[str], those: Iterable[str]) -> bool:
    """Whether the forms `these` and `those` were given a role about the same noun (`senator`, `pollster`)."""
    mine = set().union(*(_role_heads(forms[slug]) for slug in these))
    return bool(mine & set().union(*(_role_heads(forms[slug]) for slug in those)))


def _plain_names(names: Iterable[str]) -> set[str]:
    """The full names among `names`, without titles: `Sen. Chuck Grassley` -> chuck grassley."""
    people = (parse_person(name) for name in names)
    return {" ".join([p.first, *p.middles, p.last, p.suffix or ""]).strip() for p in people if p and p.first}


def _named_alike(forms: Mapping[str, SpeakerRecord], slug: str, members: Iterable[str]) -> bool:
    """Whether an article called the speaker of `slug` by a name of `members` too (or the other way round):
    its aliases hold a name whose plain form (no title) is one of theirs."""
    own = _plain_names([forms[slug].name])
    mine = _plain_names(forms[slug].aliases) - own
    for member in members:
        theirs = _plain_names([forms[member].name])
        if mine & theirs or _plain_names(forms[member].aliases) & (own - theirs):
            return True
    return False


def _evidence(record: SpeakerRecord, name: PersonName) -> tuple[str | None, set[str]]:
    """What a surname form says of its person: a gender (from its title, or the honorifics of its aliases;
    `both` when they disagree) and the offices that at least half of its statements give (`president`)."""
    genders = {name.gender} if name.gender else set()
    for alias in record.aliases:
        theirs = parse_person(alias)
        if theirs and not theirs.first and theirs.last == name.last and theirs.titles and theirs.gender:
            genders.add(theirs.gender)
    gender = "both" if len(genders) > 1 else next(iter(genders), None)
    offices = set(name.offices)
    counts: dict[str, int] = {}
    for seen in record.roles.values():
        for word in {w.rstrip(".") for w in seen.wording.lower().split()} & OFFICE_WORDS:
            counts[word] = counts.get(word, 0) + seen.count
    offices |= {word for word, count in counts.items() if 2 * count >= record.statements}
    return gender, offices


def _fits_short(name: PersonName, gender: str | None, head: str, names: Mapping[str, PersonName | None],
                groups: _Groups) -> bool:
    """Whether a surname form fits the cluster `head`: the same suffix, and no other gender."""
    for member in groups.members[head]:
        theirs = names.get(member)
        if theirs is None or not theirs.first:
            continue
        if name.suffix and name.suffix != theirs.suffix:
            return False
        if gender and theirs.gender and gender != theirs.gender:
            return False
    return True


def _role_words(forms: Mapping[str, SpeakerRecord], members: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for member in members:
        for role in forms[member].roles.values():
            words.update(w.rstrip(".") for w in role.wording.lower().split())
    return words


def _merge_bodies(forms: Mapping[str, SpeakerRecord], groups: _Groups, kept_apart: set[tuple[str, str]]) -> None:
    bodies = _forms_of(forms, "organization")
    by_key: dict[str, str] = {}
    for slug in bodies:
        key = organization_key(forms[slug].name)
        if key in by_key and (slug, by_key[key]) not in kept_apart:
            groups.join(slug, by_key[key], f"the same name as {forms[by_key[key]].name}")
        else:
            by_key.setdefault(key, slug)
    longer = {key: slug for key, slug in by_key.items()
              if " " in key and not set(key.split()) & TITLE_WORDS}  # not `Atlantic City Mayor Don Guardian`
    for key, slug in by_key.items():
        if " " in key or groups.cluster[slug] != slug or key in COMMON_BODY_NOUNS:
            continue  # `Party` is any party
        word = forms[slug].name.strip()
        if word.isupper() and len(word) >= 2:
            fits = {groups.cluster[s] for k, s in longer.items() if acronym_of(forms[s].name) == word}
        else:
            fits = {groups.cluster[s] for k, s in longer.items() if k.split()[-1] == key}
        fits = {head for head in fits if (slug, head) not in kept_apart}
        if len(fits) == 1:
            head = fits.pop()
            groups.join(slug, head, f"the initials of {forms[head].name}" if word.isupper() else
                        f"the only body in the archive whose name ends in {word}")


def _merge_descriptions(forms: Mapping[str, SpeakerRecord], groups: _Groups) -> None:
    by_key: dict[str, str] = {}
    for slug in _forms_of(forms, "description"):
        key = description_key(forms[slug].name)
        if key in by_key:
            groups.join(slug, by_key[key], f"the same description as {forms[by_key[key]].name!r}")
        else:
            by_key[key] = slug


def _name_class(record: SpeakerRecord) -> tuple[bool, bool]:
    """How good a name a form is for its speaker, best first: a full name (a first name and a surname, no
    title; for a body, more than one word, or initials), then without middle initials (`Harry Reid`)."""
    name = parse_person(record.name) if record.type == "person" else None
    if record.type == "organization":  # `Chicago Sun-Times`, not `Sun-Times`; `FBI` is a name of its own
        full = " " in record.name.strip() or record.name.isupper()
    else:
        full = bool(name and name.first and not name.titles)
    initials = bool(name and any(len(middle) == 1 for middle in name.middles))
    return (not full, initials)


def _canonical(forms: Mapping[str, SpeakerRecord], members: list[str], previous: Mapping[str, str]) -> str:
    """The form whose name the speaker takes: of the best class of names, the one an earlier plan gave the
    speaker (so that counts changing by an update do not re-slug it), else the most quoted."""
    best = min(_name_class(forms[slug]) for slug in members)
    fit = [slug for slug in members if _name_class(forms[slug]) == best]
    earlier = [slug for slug in fit if previous.get(slug) == slug]
    return min(earlier or fit, key=lambda slug: (-forms[slug].statements, len(forms[slug].name), slug))


def _speakers(forms: Mapping[str, SpeakerRecord], groups: _Groups, by_hand: dict[str, str],
              corrections: Corrections, previous: Mapping[str, str]) -> SpeakerPlan:
    speakers: dict[str, Speaker] = {}
    target: dict[str, str] = {}
    for _head, members in sorted(groups.members.items()):
        members = sorted(members, key=lambda slug: (-forms[slug].statements, slug))
        chosen = _canonical(forms, members, previous)
        if preferred := corrections.first_named(forms, members):
            chosen = preferred
        name = corrections.renamed(forms[chosen].name) or forms[chosen].name
        slug = make_slug(name)
        kind = "description" if corrections.is_unnamed(name, members) else forms[chosen].type
        speaker = Speaker(slug, name, kind, members)
        for member in members:
            if member != chosen:
                speaker.reasons[member] = by_hand.get(member) or groups.reason(member, forms)
            if member in by_hand:
                speaker.by_hand.add(member)
            target[member] = slug
        if slug in speakers:  # two groups under one name (a rename onto another speaker): one speaker
            other = speakers[slug]
            other.forms.extend(members)
            other.reasons.update(speaker.reasons)
            other.by_hand |= speaker.by_hand
        else:
            speakers[slug] = speaker
    return SpeakerPlan(speakers, target)
