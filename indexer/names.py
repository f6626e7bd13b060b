"""Comparing person names without spaCy: their parts, first names of one person (`Bill`, `William`), gender.

Used within an article (`indexer.entities`) and across the archive (`search.identities`), so that both read
a name the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .lexicon import ACRONYM_SKIP, FEMALE_HONORIFICS, MALE_HONORIFICS, NAME_STYLES, NAME_SUFFIXES

MARKUP = re.compile(r"[<>{}\[\]|=@#\\]|&\w+;|https?:")  # what no name or role has: tags, entities, links
MAX_NAME_WORDS = 8


def is_name(text: str) -> bool:
    """Whether a text can be a name (an alias, say): no markup, no figures, not a sentence."""
    return bool(text.strip()) and not MARKUP.search(text) and not any(ch.isdigit() for ch in text) and (
        len(text.split()) <= MAX_NAME_WORDS)


_MARKS = "\"“”<>=/\\|*#"  # what a broken page leaves glued to a name (`">Sanders`)
_LEADING_MARKS = re.compile(f"^[{_MARKS}]+")
_NAME_EDGES = re.compile(f"^[\\s'‘’{_MARKS}]+|[\\s'‘’{_MARKS},;:]+$")
_MOJIBAKE = re.compile("[ÃÂâ][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def without_leading_marks(text: str) -> str:
    """A phrase without the markup a broken page glued before it (`">Sanders` -> `Sanders`)."""
    return _LEADING_MARKS.sub("", text) or text


def clean_name(name: str) -> str:
    """A speaker's name without marks or markup on its edges, and repaired when its UTF-8 was read as
    Latin-1, once or more (`FranÃ\x83Â§ois Hollande` -> `François Hollande`, decomposed marks composed
    first); any other name as it is."""
    name = _NAME_EDGES.sub("", name) or name
    if _MOJIBAKE.search(unicodedata.normalize("NFC", name)):
        name = unicodedata.normalize("NFC", name)
    while _MOJIBAKE.search(name):
        try:
            repaired = name.encode("cp1252" if any(ord(c) > 255 for c in name) else "latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return name
        if repaired == name:
            break
        name = repaired
    return name


def honorific_gender(words: Iterable[str]) -> str | None:
    """The gender titles say (`Mr.`, `Mrs.`, `Lord`), from lower-case words; None when none does."""
    lowered = set(words)
    return "male" if lowered & MALE_HONORIFICS else "female" if lowered & FEMALE_HONORIFICS else None


@lru_cache(maxsize=1)
def _gender_detector():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


def first_name_gender(word: str) -> str | None:
    """`male` or `female` for a first name the name list knows, else None."""
    if not word[:1].isupper() or len(word) < 2 or word.isupper():
        return None
    guess = _gender_detector().get_gender(word)
    return guess if guess in ("male", "female") else None  # `mostly_female` Bernie is not a woman


def is_first_name(word: str) -> bool:
    """Whether the name list knows the word as a first name, of either gender or mostly of one (`Terry`,
    `Chris`, `Kim`)."""
    return first_name_gender(word) is not None or (
        word[:1].isupper() and len(word) > 1 and not word.isupper()
        and _gender_detector().get_gender(word) in ("andy", "mostly_male", "mostly_female"))


@lru_cache(maxsize=8192)
def _parts(name: str) -> tuple[str, ...]:
    return tuple(p for p in re.split(r"\s+", name.replace("’", "'").lower().strip()) if p)


def name_parts(name: str) -> list[str]:
    """A name's words, lower case, apostrophes unified: `Donald J. Trump` -> donald, j., trump."""
    return list(_parts(name))


@lru_cache(maxsize=8192)
def _core_parts(name: str) -> tuple[str, ...]:
    return tuple(name_core(list(_parts(name))))


def core_parts(name: str) -> list[str]:
    """`Joseph R. Biden Jr.` -> joseph, r, biden: the parts compared when name forms are matched."""
    return list(_core_parts(name))


def name_core(parts: list[str]) -> list[str]:
    """Name parts without suffixes and initials' dots: `Joseph R. Biden Jr.` -> joseph r biden."""
    return [p.rstrip(".") for p in parts if p not in NAME_SUFFIXES]


def name_suffix(parts: list[str]) -> str | None:
    return next((p.rstrip(".") for p in parts if p in NAME_SUFFIXES), None)


@lru_cache(maxsize=1)
def _nicknames():
    from nicknames import NickNamer

    return NickNamer()


def first_names_match(a: str, b: str, strict: bool = False) -> bool:
    """`Bill` ~ `William`, `J.` ~ `Joe`, `Hillary` !~ `Bill`. Within an article, two nicknames of one name
    match too (`Will` and `Fred`, both `Wilfred`); `strict` (across an archive) wants one to be the other's."""
    a, b = a.rstrip(".").lower(), b.rstrip(".").lower()
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    namer = _nicknames()
    if b in namer.nicknames_of(a) or a in namer.nicknames_of(b):
        return True
    if not strict and namer.canonicals_of(a) & ({b} | namer.canonicals_of(b)):
        return True
    # one name spelt two ways in one article (`Kristin` and `Kristen`); genders are compared apart
    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 85


MISSPELLING_MIN_LETTERS = 5  # shorter surnames one letter apart are often two names (`Dean`, `Bean`)
MISSPELLING_TWO_LETTERS_MIN = 9  # surnames this long may be misspelt by two letters (`Bauchtman`, `Buchtmann`)


def misspelled(word: str, surname: str) -> bool:
    """Whether `word` is `surname` misspelt by one letter (`mclenney` for `mcclenney`, `mauer` for `maurer`), or
    by two in a long surname (`bauchtman` for `buchtmann`), as the same article sometimes spells a name: both
    long enough, the same first letter, letters added, dropped or changed; not the surname's plural (`the
    Clintons`)."""
    if len(word) < MISSPELLING_MIN_LETTERS or len(surname) < MISSPELLING_MIN_LETTERS or word[0] != surname[0]:
        return False
    if word in (surname + "s", surname + "es"):
        return False
    edits = 2 if min(len(word), len(surname)) >= MISSPELLING_TWO_LETTERS_MIN else 1
    return 0 < Levenshtein.distance(word, surname, score_cutoff=edits) <= edits


def acronym_of(name: str) -> str | None:
    """`Export Development Canada` -> EDC; None for a name of one word or of words not all capitalised."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in ACRONYM_SKIP]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words).upper()


_WORD = re.compile(r"[A-Za-z][\w.'’-]*")


def headline_names(headline: str) -> list[str]:
    """Person names a headline may give: a first name and the capitalised words after it (`Cecile Richards: ...`
    -> Cecile Richards). In a title-case headline, where every word is capitalised, a name is a first name, a
    middle initial or two and one surname word (`Anthony Weiner Receives More Bad News` -> Anthony Weiner)."""
    matches = list(_WORD.finditer(headline))
    words = [m.group().rstrip(".,:;") if not re.fullmatch(r"[A-Z]\.", m.group()) else m.group() for m in matches]
    # a name ends at punctuation: `... strikes Paris; Facebook ...` names no `Paris Facebook`
    ends = [bool(re.match(r"\s*[,;:!?()\[\]\u2013\u2014|]", headline[m.end():]) or m.group()[-1:] in ",:;"
                 or re.search(r"['’]s?$", m.group())) for m in matches]
    words = [re.sub(r"['’]s?$", "", w) for w in words]
    title_case = _title_case(words)
    names, index = [], 0
    while index < len(words):
        word = words[index]
        if not _first_name(word):
            index += 1
            continue
        end = index + 1
        while end < len(words) and re.fullmatch(r"[A-Z]\.?", words[end]):  # middle initials
            end += 1
        limit = end + 1 if title_case else index + 4
        while end < min(limit, len(words)) and not ends[end - 1] and words[end][:1].isupper() and not re.fullmatch(
                r"[A-Z]\.?", words[end]):
            end += 1
        if end - index >= 2 and not re.fullmatch(r"[A-Z]\.?", words[end - 1]):
            names.append(" ".join(words[index:end]))
        index = end
    return names


def styled_headline_names(headline: str) -> list[str]:
    """Names of one word with the style a reader gives them in a headline (`Lord Byron`, `Emperor Norton`): the
    style and the capitalised word after it, when no other capitalised word follows."""
    pattern = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b(?!\s+[A-Z])")
    return [match.group(0) for match in pattern.finditer(headline) if match.group(1).lower() in NAME_STYLES]


def _title_case(words: list[str]) -> bool:
    """Whether a headline's words are nearly all capitalised (`Anthony Weiner Receives More Bad News`)."""
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 3 and sum(w[:1].isupper() for w in long_words) >= 0.8 * len(long_words)


def sentence_case_full_names(headline: str, surname: str) -> list[str]:
    """The names `First Surname` of a headline in sentence case whose first name the name list does not know
    (`Cold as ice: Wikinews interviews Marymegan Daly on ...`): there a capitalised word inside a clause is a
    name's."""
    if _title_case([m.group() for m in _WORD.finditer(headline)]):
        return []
    found = []
    for match in re.finditer(rf"\b([A-Z][a-z]{{2,}})\s+{re.escape(surname)}(?![\w-])", headline):
        before = headline[: match.start()].rstrip()
        if before and before[-1] not in ":;.!?|\u2013\u2014-\"'\u201c\u2018":
            found.append(match.group(0))
    return found


def _first_name(word: str) -> bool:
    """A word the name list knows as a first name, of either sex or mostly one (`Chris`, `Bernie`)."""
    return _gender_detector().get_gender(word) in ("male", "female", "mostly_male", "mostly_female")


def full_names_ending(text: str, surname: str) -> list[str]:
    """The names `First Surname` (a middle initial allowed) a text gives, in order, with a first name the name
    list knows: `Rachel Maddow` of `The Rachel Maddow Show`."""
    pattern = re.compile(rf"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?{re.escape(surname)}(?![\w-])")
    return [match.group(0) for match in pattern.finditer(text) if _first_name(match.group(1))]
