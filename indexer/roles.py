"""Judging a role as a reader would: what it is about, whether it is a role at all, and one key for its wordings.

`is_role` keeps `Florida senator`, `co-founder of Uber` and `spokeswoman for the company`, and drops what an
article's sentence only looks like a role in (`warm-and-fuzzy`, `his Democratic opponent`, `best friend`,
`only doctor on stage`, `Twitter account`, a caption's photo credit glued to it); `role_key` makes `Florida Sen.`,
`the Florida senator` and `Florida Senator.` one role.
"""

from __future__ import annotations

import re

from .lexicon import JUDGING_WORDS, ROLE_ABBREVIATIONS, ROLE_NOUNS, ROLE_PREPOSITIONS, ROLE_SUFFIXES
from .names import MARKUP

MAX_ROLE_WORDS = 8
_CLAUSE = re.compile(r",|\b(?:who|which|that|whose)\b", re.IGNORECASE)  # `manager, who was fired in June`
_GLUED = re.compile(r"[a-z]{2}[A-Z][a-z]")  # `ImagesRepublican`: a caption's credit run into the role
_ROLE_PUNCTUATION = re.compile(r"[^\w\s'’&.-]|(?<!\w)[-.]|[-.](?!\w)")


def role_key(role: str) -> str:
    """The wording-free key of a role: `Democratic Presidential Nominee`, `democratic presidential nominee.`,
    `the Democratic presidential nominee` are one role, and so are `Florida Sen.` and `Florida senator`."""
    key = _ROLE_PUNCTUATION.sub(" ", role.lower().replace("’", "'"))
    words = [ROLE_ABBREVIATIONS.get(word.rstrip("."), word.rstrip(".") if word.endswith(".") else word)
             for word in key.split()]
    while words and words[0] in ("the", "a", "an"):
        words.pop(0)
    return " ".join(words)


def role_head(words: list[str]) -> str:
    """The word a role is about: the last one before a preposition (`secretary` of `secretary of state`)."""
    before = words[: next((n for n, word in enumerate(words) if word in ROLE_PREPOSITIONS and n), len(words))]
    return before[-1].strip("'-") if before else ""


def is_role(role: str) -> bool:
    """Whether a role names what someone is (an office, a job, a relation), by the word it is about:
    `warm-and-fuzzy`, `Palm Beach -`, `most able candidate`, `state`, `runner` and photo credits glued to a
    caption (`Getty ImagesRepublican candidate`) do not."""
    if MARKUP.search(role) or _GLUED.search(role) or _CLAUSE.search(role) or any(ch.isdigit() for ch in role):
        return False
    words = role_key(role).split()
    if not words or len(words) > MAX_ROLE_WORDS or words[0] in JUDGING_WORDS:
        return False
    head = role_head(words)
    if head in ROLE_NOUNS or head.rstrip("s") in ROLE_NOUNS:
        return True
    if len(words) == 1:  # `Mathematician`, `Economist`; not `hater` or `undercover`
        return len(head) > 5 and head.endswith(("ian", "ist"))
    return len(head) > 5 and head.endswith(ROLE_SUFFIXES)  # `New York developer`


def clean_role(role: str | None) -> str | None:
    """The role as given, or None when it is no role."""
    role = (role or "").strip(" ,;:-")
    return role if role and is_role(role) else None
