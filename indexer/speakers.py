"""Who spoke: turning the subject of a reporting verb into one canonical speaker per person or body.

`Chinese Foreign Minister Wang Yi`, `Wang Yi`, `Wang` and `he` become one `Speaker("Wang Yi", role=
"Chinese Foreign Minister")`. Entity labels from the small model are used as hints only: it tags `Wang`
as an organisation, so the shape of the phrase and the word lists decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .lexicon import (
    ALL_PRONOUNS,
    DOCUMENT_HEADS,
    FIRST_PERSON,
    GROUP_HEADS,
    HONORIFICS,
    ORGANIZATION_HEADS,
    PERSONAL_PRONOUNS,
    PLURAL_PRONOUNS,
    TITLE_WORDS,
)
from .model import Speaker

PERSON_NOUNS = frozenset(
    """
    official spokesman spokeswoman spokesperson aide adviser advisor source analyst expert economist
    lawyer attorney judge prosecutor candidate nominee president senator governor mayor minister
    secretary director chairman chairwoman chair chief leader member voter supporter critic resident
    witness author writer reporter editor columnist host anchor officer agent pollster strategist
    consultant manager executive owner founder professor teacher student scientist researcher doctor
    nurse victim survivor friend neighbor neighbour mother father wife husband son daughter brother sister
    colleague partner worker employee activist protester organizer organiser lawmaker legislator
    representative congressman congresswoman diplomat ambassador envoy commander general soldier veteran
    historian scholar observer insider staffer donor delegate operative campaigner coordinator
    commentator blogger correspondent journalist man woman person someone somebody one fan actor actress
    singer musician artist comedian celebrity athlete player coach rabbi pastor priest bishop imam cleric
    boy girl child kid teenager student parent mom dad grandmother grandfather moderator panelist
    demographer statistician physician surgeon lobbyist businessman businesswoman entrepreneur investor
    farmer owner trader banker attendee participant respondent volunteer confidant ally loyalist insider
    master organiser planner official
    """.split()
)
SHARE_HEADS = frozenset("percent % majority minority plurality half third quarter fifth share fraction".split())
"""Heads that make a speaker a share of a group: `58 percent of Florida Latino voters`, `Almost half`."""
_RIGHT_ATTACHMENTS = {"compound", "flat", "nmod"}
_NOT_AGENTS = frozenset("""
    number matter order border corner chapter quarter letter paper center centre poster banner
    sector factor error behavior behaviour motor monitor mirror horror honor honour favor favour rumor
    rumour humor humour labor labour meter sweater answer
""".split())
QUANTIFIER_HEADS = frozenset(
    """
    one two three four five six seven eight nine ten dozens hundreds thousands some many most several both
    each none all few half majority minority number plenty rest percent plurality third quarter fifth share
    fraction
    """.split()
)
"""Heads whose `of` phrase says who they are: `one of his senior aides`, `Some of the women`."""
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def normalize_apostrophes(text: str) -> str:
    return text.translate(_APOSTROPHES)


def mention_tokens(head: Token) -> list[Token]:
    """The words of a speaker phrase headed by `head`, without appositives, clauses and determiners."""
    left = [t for t in head.subtree if t.i < head.i and t.i >= head.left_edge.i]
    # Keep only the contiguous run of words that ends at the head (drops `, who ...` and parentheses).
    kept: list[Token] = []
    for token in reversed(left):
        if token.is_punct and token.text not in ("-", ".", "'", "’") or token.dep_ in ("relcl", "appos"):
            break
        kept.append(token)
    kept.reverse()
    kept.append(head)
    for child in head.rights:
        if child.dep_ in _RIGHT_ATTACHMENTS or (
            child.dep_ == "prep" and child.lower_ == "of"
            and (head.lower_ in ORGANIZATION_HEADS or head.lower_ in QUANTIFIER_HEADS or head.pos_ == "NUM")
            # `Two in three said ...`: a poll's share
            or child.dep_ == "prep" and child.lower_ == "in" and head.pos_ == "NUM"
            and any(c.dep_ == "pobj" and c.pos_ == "NUM" for c in child.children)
        ):
            kept.extend(t for t in child.subtree)
        else:
            break
    while kept and (kept[0].dep_ == "det" or kept[0].is_punct or kept[0].dep_ == "cc"):
        kept.pop(0)
    return kept or [head]


def _join(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return re.sub(r"\s+", " ", doc[tokens[0].i : tokens[-1].i + 1].text).strip()


@dataclass
class _Known:
    speaker: Speaker
    tokens: set[str]
    gender: str | None = None
    positions: list[int] = field(default_factory=list)


class SpeakerResolver:
    """Resolves speaker phrases in one Doc, in text order, to canonical speakers.

    Call `resolve` for each subject in the order the text gives them: pronouns resolve to the most recent
    fitting speaker before them, short names to the full name the article uses.
    """

    def __init__(self, doc: Doc, author: str | None = None, text: str | None = None):
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text makes a Token of every token: pass it if known
        self.author = author
        self.known: dict[str, _Known] = {}
        self.history: list[tuple[int, _Known]] = []
        self.full_names = self._person_names(doc)

    @staticmethod
    def _person_names(doc: Doc) -> list[tuple[int, str, Token | None]]:
        """Full person names (two or more words) the article mentions, with where and in what role."""
        names = []
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            tokens = [t for t in ent if t.text not in ("'s", "’s") and t.lower_ not in HONORIFICS]
            while tokens and tokens[0].lower_ in TITLE_WORDS:
                tokens.pop(0)
            if len(tokens) >= 2 and all(t.text[:1].isupper() for t in tokens) and not any(
                t.lower_ in ORGANIZATION_HEADS for t in tokens
            ):
                names.append((ent.start_char, _join(tokens), ent.root))
        return names

    # -- public --------------------------------------------------------------------------------------

    def resolve(self, head: Token) -> Speaker | None:
        """The speaker named by the phrase headed by `head`, or None when it cannot be told."""
        lower = head.lower_
        if lower in PERSONAL_PRONOUNS or lower in PLURAL_PRONOUNS or lower == "it":
            return self._resolve_pronoun(head)
        if lower == "i" and self.author:
            # Outside quotations, `I` is the article's author.
            return self._remember(Speaker(self.author), head.idx, None)
        if lower in FIRST_PERSON or lower in ALL_PRONOUNS:
            return None
        # `master of ceremonies Asab Al-Tabchi`, `his campaign manager, Corey Lewandowski`: the name in
        # apposition to a description names the speaker.
        if head.pos_ == "NOUN":
            name = next((c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"
                         and c.ent_type_ == "PERSON"), None)
            if name is not None:
                head = name
        tokens = mention_tokens(head)
        speaker = self._classify(tokens, head)
        if speaker is None:
            return None
        return self._remember(speaker, head.idx, _join(tokens))

    def last_person(self, before: int) -> Speaker | None:
        """The most recent person speaker before a position."""
        for position, known in reversed(self.history):
            if position < before and known.speaker.type == "person":
                return known.speaker
        return None

    # -- helpers -------------------------------------------------------------------------------------

    def _classify(self, tokens: list[Token], head: Token) -> Speaker | None:
        words = [t.lower_ for t in tokens]
        head_lower = head.lower_
        text = _join(tokens)
        if head_lower in ORGANIZATION_HEADS or head_lower in DOCUMENT_HEADS or (
            head.ent_type_ == "ORG" and len(tokens) == 1 and head.text.isupper() and len(head.text) > 1
        ):
            return Speaker(self._organization_name(tokens), type="organization")
        # `Sanders` tagged as a plural noun: a surname the article gives in full elsewhere is a person.
        surname = len(tokens) == 1 and head.text[:1].isupper() and head_lower not in GROUP_HEADS \
            and self._full_name(head.text, head.idx) != head.text
        if (head_lower in GROUP_HEADS or head.tag_ in ("NNS", "NNPS")) and not surname:
            return Speaker(text[:1].upper() + text[1:], type="group")
        # poll respondents: `58 percent of voters`, `Almost half of them`, `nearly three in five`
        if head_lower in SHARE_HEADS or head.pos_ == "NUM" and "in" in words[1:-1]:
            return Speaker(text[:1].upper() + text[1:], type="group")
        if head.ent_type_ in ("GPE",) and len(tokens) <= 3:
            return Speaker(text, type="organization")
        if head.pos_ not in ("PROPN", "X") and not head.text[:1].isupper():
            # A description such as `a ruling party official`: keep it as written, without the article.
            # Only nouns that name people count: `his eyes seemed to say` has no speaker.
            # Nouns of agents (`producer`, `strategist`, `historian`, `consultant`) name people too.
            agent = head.tag_ == "NN" and head_lower.endswith(("er", "or", "ist", "ian", "ant")) \
                and len(head_lower) > 5 and head_lower not in _NOT_AGENTS
            if head.lemma_.lower() not in PERSON_NOUNS and head_lower not in TITLE_WORDS and not agent:
                return None
            return Speaker(text, type="person") if words else None
        name_tokens: list[Token] = []
        for token in reversed(tokens):
            if token.lower_ in HONORIFICS or token.text in ("'s", "’s"):
                break
            hyphen = token.text == "-" and bool(name_tokens) and token.idx + 1 == name_tokens[0].idx  # Al-Tabchi
            if not hyphen and (token.lower_ in TITLE_WORDS or not token.text[:1].isupper()
                               or token.ent_type_ in ("NORP",)):
                break
            name_tokens.insert(0, token)
        if not name_tokens:
            return Speaker(text, type="person") if text else None
        role_tokens = tokens[: len(tokens) - len(name_tokens)]
        while role_tokens and role_tokens[-1].lower_ in HONORIFICS:
            role_tokens.pop()
        role = _join(role_tokens) or None
        name = self._full_name(_join(name_tokens), head.idx)
        return Speaker(name, type="person", role=role)

    @staticmethod
    def _organization_name(tokens: list[Token]) -> str:
        """`South Korea's Yonhap News Agency` -> `Yonhap News Agency`; `China's Foreign Ministry` stays."""
        for index, token in enumerate(tokens):
            if token.text in ("'s", "’s") and index + 1 < len(tokens):
                rest = tokens[index + 1 :]
                generic = all(
                    t.lower_ in ORGANIZATION_HEADS or t.lower_ in TITLE_WORDS or not t.text[:1].isupper()
                    for t in rest
                )
                if not generic:
                    return _join(rest)
        text = _join(tokens)
        return text[:1].upper() + text[1:]

    def _full_name(self, name: str, position: int) -> str:
        """A short name (`Wang`) as the full name (`Wang Yi`) the article gives it elsewhere."""
        parts = normalize_apostrophes(name).lower().split()
        best: tuple[int, str] | None = None
        candidates = [(k.positions[0] if k.positions else 0, k.speaker.name)
                      for k in self.known.values() if k.speaker.type == "person"]
        candidates += [(pos, full) for pos, full, _ in self.full_names]
        for candidate_position, full in candidates:
            full_parts = normalize_apostrophes(full).lower().split()
            if len(full_parts) <= len(parts) or not set(parts) <= set(full_parts):
                continue
            # Prefer the most recent mention before this one, else the first after it.
            score = candidate_position if candidate_position <= position else -candidate_position - 10**9
            if best is None or score > best[0]:
                best = (score, full)
        return best[1] if best else name

    def _resolve_pronoun(self, head: Token) -> Speaker | None:
        lower = head.lower_
        if lower == "it":
            # `The Post reported ... It added`: the most recent organization that spoke, in the same paragraph.
            paragraph_start = self.text.rfind("\n", 0, head.idx)
            for position, known in reversed(self.history):
                if paragraph_start < position < head.idx and known.speaker.type == "organization":
                    return self._remember(known.speaker, head.idx, None)
            return None
        if lower in PLURAL_PRONOUNS:
            for position, known in reversed(self.history):
                if position < head.idx and known.speaker.type in ("organization", "group"):
                    return self._remember(known.speaker, head.idx, None)
            return None
        gender = PERSONAL_PRONOUNS[lower]
        candidates = [(pos, known) for pos, known in self.history if known.speaker.type == "person"]
        # People named as the subject of a sentence are candidates even before they speak.
        for position, full, root in self.full_names:
            if root is not None and root.dep_ in ("nsubj", "nsubjpass") and position < head.idx:
                known = self.known.get(full) or _Known(Speaker(full), set(full.lower().split()))
                candidates.append((position, known))
        candidates.sort(key=lambda pair: pair[0])
        for position, known in reversed(candidates):
            if position < head.idx and known.gender in (None, gender):
                known.gender = gender
                return self._remember(known.speaker, head.idx, None)
        return None

    def _remember(self, speaker: Speaker, position: int, mention: str | None) -> Speaker:
        known = self.known.get(speaker.name)
        if known is None:
            known = _Known(speaker, set(speaker.name.lower().split()))
            self.known[speaker.name] = known
            self._add_alias(known.speaker, speaker.name)
        elif speaker.role and not known.speaker.role:
            known.speaker.role = speaker.role
        if mention:
            self._add_alias(known.speaker, mention)
        known.positions.append(position)
        self.history.append((position, known))
        return known.speaker

    @staticmethod
    def _add_alias(speaker: Speaker, alias: str) -> None:
        alias = alias.strip()
        if alias and alias not in speaker.aliases:
            speaker.aliases.append(alias)
