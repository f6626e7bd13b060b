"""Who spoke: turning the subject of a reporting verb into one canonical speaker per person or body.

`Chinese Foreign Minister Wang Yi`, `Wang Yi`, `Wang` and `he` become one `Speaker("Wang Yi", role=
"Chinese Foreign Minister")`. Entity labels from the small model are used as hints only: it tags `Wang`
as an organisation, so the shape of the phrase and the word lists decide.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .entities import ArticleEntities, join_tokens, organization_tokens, split_role
from .lexicon import (
    ALL_PRONOUNS,
    ANONYMITY_WORDS,
    AUTHOR_NOUNS,
    DEMONSTRATIVES,
    DOCUMENT_HEADS,
    DOCUMENT_KINDS,
    DOCUMENT_VERBS,
    FIRST_PERSON,
    FORCE_NOUNS,
    GENDERED_NOUNS,
    GROUP_HEADS,
    HONORIFICS,
    ISSUING_VERBS,
    KINSHIP_WORDS,
    OFFICE_WORDS,
    ORGANIZATION_DESCRIPTIONS,
    ORGANIZATION_HEADS,
    OWNER_PRONOUNS,
    PARTY_NOUNS,
    PARTY_SYNONYMS,
    PERSON_NOUNS,
    PERSONAL_BODIES,
    PERSONAL_PRONOUNS,
    PLURAL_PRONOUNS,
    PUBLISHING_PLACES,
    ROLE_SUFFIXES,
    TEAM_NOUNS,
    TITLE_WORDS,
)
from .model import Speaker
from .names import honorific_gender, is_first_name
from .quotes import Quote, find_quotes

SHARE_HEADS = frozenset("percent % majority minority plurality half third quarter fifth share fraction".split())
"""Heads that make a speaker a share of a group: `58 percent of Florida Latino voters`, `Almost half`."""
_RIGHT_ATTACHMENTS = {"compound", "flat", "nmod"}
_NOT_AGENTS = frozenset("""
    number matter order border corner chapter quarter letter paper center centre poster banner
    sector factor error behavior behaviour motor monitor mirror horror honor honour favor favour rumor
    rumour humor humour labor labour meter sweater answer cancer disaster weather water power tower
    dinner winter summer charter theater theatre computer computers
""".split())
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant")


def _is_agent(word: str, endings: tuple[str, ...]) -> bool:
    """Whether a noun ends like one for a person who does something (`producer`, `strategist`), not a thing
    (`cancer`, `matter`)."""
    return word.endswith(endings) and len(word) > 5 and word not in _NOT_AGENTS
QUANTIFIER_HEADS = frozenset(
    """
    one two three four five six seven eight nine ten dozens hundreds thousands some many most several both
    each none all few half majority minority number plenty rest percent plurality third quarter fifth share
    fraction
    """.split()
)
"""Heads whose `of` phrase says who they are: `one of his senior aides`, `Some of the women`."""
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def document_kind(lemma: str) -> str:
    """The kind of document a noun names: `memoir` and `book` are one kind."""
    return DOCUMENT_KINDS.get(lemma, lemma)


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
            # `a person familiar with the negotiations`
            child.dep_ == "amod" and head.pos_ == "NOUN" and child.pos_ == "ADJ"
        ) or (
            child.dep_ == "prep" and child.lower_ == "of"
            and (head.lower_ in ORGANIZATION_HEADS or head.lower_ in QUANTIFIER_HEADS or head.pos_ == "NUM")
            # `Two in three said ...`: a poll's share
            or child.dep_ == "prep" and child.lower_ == "in" and head.pos_ == "NUM"
            and any(c.dep_ == "pobj" and c.pos_ == "NUM" for c in child.children)
        ):
            kept.extend(t for t in child.subtree)
        else:
            break
    while kept and (kept[0].dep_ in ("det", "cc", "preconj") or kept[0].is_punct
                    or kept[0].dep_ == "advmod" and kept[0].pos_ == "ADV" and len(kept) > 1
                    and kept[1].pos_ == "PROPN"):  # `Even China`; `almost half of voters` keeps its `almost`
        kept.pop(0)
    return kept or [head]


def _split_label(label: str) -> tuple[str, str, str | None]:
    """A label's title, name (in capitals only when it is an acronym) and the gender its honorific gives:
    `SEN. TIM KAINE` -> `Sen.`, `Tim Kaine`, None; `Mrs. Clinton` -> `Mrs.`, `Clinton`, female."""
    words = label.split()
    if label.isupper() and not (len(words) == 1 and len(words[0]) <= 4):  # `NDP` stays, `PENCE` is Pence
        words = [word.capitalize() for word in words]
    title = []
    while len(words) > 1 and (words[0].lower() in TITLE_WORDS or words[0].lower() in HONORIFICS):
        title.append(words.pop(0))
    return " ".join(title), " ".join(words), honorific_gender(word.lower() for word in title)


def _attachment_path(token: Token, ancestor: Token) -> list[str] | None:
    """The dependency labels from `token` up to `ancestor`, or None when `ancestor` is not above it."""
    labels = []
    while token.i != ancestor.i:
        if token.head.i == token.i:
            return None
        labels.append(token.dep_)
        token = token.head
    return labels


def _agent(verb: Token) -> Token | None:
    """The `by` phrase's noun of a passive verb: `released by the Department of Veterans Affairs`."""
    for child in verb.children:
        if child.dep_ == "agent" or child.dep_ == "prep" and child.lower_ == "by":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _one_person(speaker: Speaker) -> bool:
    """A speaker `he` or `she` can stand for: a person, or one person described (`the foreign minister`)."""
    if speaker.type == "person":
        return True
    last = speaker.name.lower().split()[-1] if speaker.name.strip() else ""
    return speaker.type == "description" and (last in PERSON_NOUNS or last in TITLE_WORDS)


def _lowered_start(first: Token) -> bool:
    """Whether a description's first word has only the capital a sentence's first word takes."""
    return first.is_sent_start and first.pos_ != "PROPN" and not first.text.isupper()


def _described(tokens: list[Token]) -> str:
    """A description as written, without the capital a sentence's first word takes: `Officials` -> `officials`,
    `the RealClearPolitics polling average` keeps its name's capitals."""
    text = join_tokens(tokens)
    if tokens and _lowered_start(tokens[0]):
        text = text[:1].lower() + text[1:]
    return text


@dataclass
class _Known:
    speaker: Speaker
    tokens: set[str]
    gender: str | None = None
    positions: list[int] = field(default_factory=list)


SPEAKER_IN_VIEW_SENTENCES = 2  # how far back the last speaker stays the favourite of a `he` or `she`
SPEAKER_IN_VIEW_PARAGRAPHS = 1  # (and no further back than this paragraph or the one before)
DESCRIBED_IN_VIEW_PARAGRAPHS = 2  # a description (`The Indiana governor said`) looks a paragraph further back


class SpeakerResolver:
    """Resolves speaker phrases in one Doc, in text order, to canonical speakers.

    Call `resolve` for each subject in the order the text gives them: pronouns resolve to the most recent
    fitting speaker before them, short names to the full name the article uses.
    """

    def __init__(self, doc: Doc, author: str | None = None, text: str | None = None,
                 quotes: list[Quote] | None = None, headline: str | None = None):
        """`text` and `quotes` (the Doc's text and its quotations) are found again when not given."""
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text makes a Token of every token: pass it if known
        self.author = author
        self.known: dict[str, _Known] = {}
        self.history: list[tuple[int, _Known]] = []
        self.full_names = self._person_names(doc)
        quoted = [(quote.start, quote.end) for quote in (find_quotes(self.text) if quotes is None else quotes)]
        self.entities = ArticleEntities(doc, self.text, quoted, headline)

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
                names.append((ent.start_char, join_tokens(tokens), ent.root))
        return names

    # -- public --------------------------------------------------------------------------------------

    def resolve(self, head: Token) -> Speaker | None:
        """The speaker named by the phrase headed by `head`, or None when it cannot be told."""
        lower = head.lower_
        if lower in PERSONAL_PRONOUNS:
            return self._person_pronoun(head)
        group = self._named_group(head)
        if group is not None:
            return self._remember(group, head.idx, None)
        if head.pos_ == "NOUN" or head.lower_ in TITLE_WORDS:
            # `Governor of Washington Chris Gregoire said`: the name that ends the subject phrase
            subtree = [t for t in head.subtree if not t.is_punct]
            ending = [e for e in self.entities.name_spans if e.start > head.i and e.end - 1 == subtree[-1].i]
            # the name ends the phrase and hangs on it by apposition, compound or `of`, not inside a clause
            chain = _attachment_path(ending[0].root, head) if ending else None
            # through a preposition only after a place or body (`Governor of Washington Chris Gregoire`,
            # `Ambassador to the United States Hamdullah Mohib`): the `spokesman for candidate Hillary Clinton` is
            # not Clinton
            through_of = [t for t in head.doc[head.i + 1 : ending[0].start] if t.dep_ == "prep"] if ending else []
            place = any(t.ent_type_ in ("GPE", "ORG", "LOC") for t in head.doc[head.i + 1 : ending[0].start]) \
                if ending else False
            if chain is not None and all(dep in ("appos", "pobj", "prep", "compound", "flat", "nmod")
                                         for dep in chain) and (
                    "prep" not in chain or place and not any(t.lower_ in ("for", "with", "by") for t in through_of)):
                ent = ending[0]
                person = self.entities.person_for(join_tokens(split_role(list(ent))[1]), ent.start_char)
                if person is not None:
                    role = join_tokens([t for t in subtree if t.i < ent.start and t.dep_ != "det"]).strip(" ,") or None
                    return self._remember(Speaker(person.name, role=role), head.idx, person.name)
        return self._resolve_phrase(head)

    def _named_group(self, head: Token) -> Speaker | None:
        """`Charles E. Grassley and Patrick J. Leahy`, `Mr. King and Mr. Schultz`: people named together, each
        a person of the article, are one group speaker named by their full names."""
        members = [head, *(t for t in head.conjuncts if t.i > head.i)]
        if len(members) < 2 or head.pos_ != "PROPN" or not any(
                t.dep_ == "cc" and t.lower_ == "and" for t in head.subtree):
            return None
        names = []
        for member in members:
            if member.pos_ != "PROPN":
                return None
            words = [t for t in member.subtree if t.pos_ == "PROPN" and (t.i == member.i or t.head.i == member.i
                     and t.dep_ in ("compound", "flat"))]
            role, name = split_role(words)
            gender = honorific_gender(t.lower_ for t in role)
            person = self.entities.person_for(join_tokens(name), member.idx, gender) if name else None
            if person is None:
                return None
            names.append(person.name)
        if len(set(names)) < len(names):
            return None
        return Speaker(", ".join(names[:-1]) + " and " + names[-1], type="group")

    def names_a_person(self, label: str, position: int) -> bool:
        """Whether a name given as text (`PENCE`, `Sonya Herridge`) is one of the article's people."""
        _, name, gender = _split_label(label)
        return bool(name) and self.entities.person_for(name, position, gender) is not None

    def resolve_label(self, label: str, position: int, role: str | None = None) -> Speaker | None:
        """The speaker a label names rather than a phrase of a sentence: a transcript's turn (`PENCE:`,
        `SEN. TIM KAINE:`) or a quotation's signature (`― Sonya Herridge`, with its `role` if any)."""
        title, name, gender = _split_label(label)
        if not name:
            return None
        role = " ".join(part for part in (title, (role or "").strip(" .")) if part) or None
        person = self.entities.person_for(name, position, gender)
        if person is not None:
            speaker = Speaker(person.name, role=person.role or role)
        elif (org := self.entities.organization_for(name, position)) is not None:
            speaker = Speaker(org.name, type="organization")
        else:
            speaker = Speaker(name, role=role)
        return self._remember(speaker, position, name)

    def _resolve_phrase(self, head: Token) -> Speaker | None:
        """The speaker a phrase names by its words alone."""
        lower = head.lower_
        if lower in PERSONAL_PRONOUNS or lower in PLURAL_PRONOUNS or lower == "it":
            return self._resolve_pronoun(head)
        if lower == "i" and self.author:
            # Outside quotations, `I` is the article's author.
            return self._remember(Speaker(self.author), head.idx, None)
        if lower in FIRST_PERSON or lower in ALL_PRONOUNS:
            return None
        if lower in DEMONSTRATIVES and head.pos_ == "PRON":
            # `Those close to him say`, `those who know her`: unnamed people, as described; bare, no one
            described = any(c.dep_ in ("amod", "relcl", "acl", "prep") for c in head.rights)
            words = [t for t in head.subtree if not (t.is_punct and t.i in (head.left_edge.i, head.right_edge.i))]
            return self._remember(Speaker(self._described_with_owner(words), type="description"), head.idx, None) \
                if described else None
        # `master of ceremonies Asab Al-Tabchi`, `his campaign manager, Corey Lewandowski`, `the Internet security
        # firm Secunia.com`: the name in apposition to a description names the speaker.
        if head.pos_ == "NOUN" or head.lower_ == "one" and any(c.dep_ == "prep" and c.lower_ == "of"
                                                               for c in head.children):  # `one of the attorneys`
            body = head.lemma_.lower() in ORGANIZATION_HEADS
            name = next((c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"
                         and (c.ent_type_ == "PERSON" or body and c.ent_type_ == "ORG" or self._a_person(c))), None)
            if name is not None:
                head = name
        tokens = mention_tokens(head)
        speaker = self._classify(tokens, head)
        if speaker is None:
            return None
        if speaker.type == "description" and (named := self._named_next(head)) is not None:
            return self._remember(Speaker(named.name, role=_described(tokens)), head.idx, None)
        if speaker.type == "description" and speaker.name.lower() == _described(tokens).lower():
            speaker.name = self._described_with_owner(tokens)
        if speaker.type == "person" and " " not in speaker.name:
            # a one-word name however it was found (`">Sanders` of a broken page): the full name if the
            # article gives one person of it
            speaker.name = self._full_name(speaker.name, head.idx)
        if speaker.type == "person" and head.ent_type_ == "ORG" and head.dep_ == "appos" \
                and head.head.lemma_.lower() in ORGANIZATION_HEADS:
            speaker.type = "organization"  # (`the firm Secunia.com`)
        return self._remember(speaker, head.idx, join_tokens(tokens))

    def _described_with_owner(self, tokens: list[Token]) -> str:
        """A description with the person its `his`, `her` or `him` means named (`His lawyer` -> `Bryan
        Pagliano's lawyer`, `Those close to him` -> `those close to Terry McAuliffe`): a reader searching for
        speakers has no use for a pronoun. A pronoun that points to no one stays."""
        named: dict[int, str] = {}
        for token in tokens:
            gender = OWNER_PRONOUNS.get(token.lower_)
            person = self.entities.antecedent(token, gender) if gender else None
            if person is not None:
                named[token.i] = f"{person.name}'s" if token.tag_ == "PRP$" else person.name
        if not named:
            return _described(tokens)
        span = tokens[0].doc[tokens[0].i : tokens[-1].i + 1]
        text = re.sub(r"\s+", " ", "".join(named.get(t.i, t.text) + t.whitespace_ for t in span)).strip()
        if tokens[0].i not in named and _lowered_start(tokens[0]):
            text = text[:1].lower() + text[1:]
        return text

    def _a_person(self, name: Token) -> bool:
        """Whether a proper noun heads a name the article gives a person, whatever the recogniser called it
        (`the executive director of the Dallas chapter, Alia Salem,`: Salem as a city)."""
        words = [t for t in name.subtree if t.pos_ == "PROPN" and t.i <= name.i]
        return len(words) >= 2 and self.entities.person_for(join_tokens(words), name.idx) is not None

    def _person_pronoun(self, head: Token) -> Speaker | None:
        """`he`/`she`: the person the article's salience and gender point to."""
        gender = PERSONAL_PRONOUNS[head.lower_]
        last = self._last_speaker_mention(head.idx)
        spoke_at, favourite = last if last else (None, None)
        quoted, seen_from = self.entities.reported_quotation(head)
        person = self.entities.antecedent(head, gender, favourite=favourite, not_named_in=quoted,
                                          favourite_at=spoke_at, seen_from=seen_from)
        if person is None:
            return self._resolve_pronoun(head)
        person.likely_gender = person.likely_gender or gender
        return self._remember(Speaker(person.name, role=person.role), head.idx, None)

    def _last_speaker_in_paragraph(self, position: int):
        """The person who spoke last, if in this paragraph or the one before, and no more than a few sentences
        before (a text with few paragraph breaks keeps no speaker in view for pages)."""
        last = self._last_speaker_mention(position)
        return last[1] if last else None

    def _last_speaker_mention(self, position: int, paragraphs: int = SPEAKER_IN_VIEW_PARAGRAPHS):
        """Where the last speaker (`_last_speaker_in_paragraph`) was named as one, and that person; in view
        `paragraphs` back."""
        paragraph = self.entities.paragraph(position)
        for pos, known in reversed(self.history):
            if pos < position and known.speaker.type == "person":
                if self.entities.paragraph(pos) >= paragraph - paragraphs and \
                        self.entities.narrative_sentences_between(pos, position) <= SPEAKER_IN_VIEW_SENTENCES:
                    person = self.entities.person_for(known.speaker.name, pos)
                    return (pos, person) if person is not None else None
                break
        return None

    def _quoted_as(self, short: str, position: int):
        """The one person the article has quoted so far under the short name `short`, or None."""
        people = {known.speaker.name for known in self.known.values()
                  if known.speaker.type == "person" and short in known.speaker.aliases and known.speaker.name != short}
        return self.entities.person_for(people.pop(), position) if len(people) == 1 else None

    def _classify(self, tokens: list[Token], head: Token) -> Speaker | None:
        """The speaker a phrase means: through the article's people and bodies first, else by its words."""
        head_lower = head.lower_
        determiner = next((c for c in head.children if c.dep_ in ("det", "poss")), None)
        # documents: `Her statement`, `a statement from Beijing`, `the memo` -> who issued it
        named = head.pos_ == "PROPN" and (head.ent_type_ in ("ORG", "PERSON", "GPE") or any(
            c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.children))  # `The New York Post`
        if not named and (head_lower in DOCUMENT_HEADS or head.lemma_.lower() in DOCUMENT_HEADS):
            issuer = self._issuer(head) or self._issuing_subject(head)
            if issuer is None and determiner is not None and determiner.lower_ in ("the", "this", "that"):
                issuer = self._earlier_issuer(head)  # `A Bloomberg poll shows ...` ... `according to the poll`
            if issuer is not None:
                return issuer
            return Speaker(_described(tokens), type="description")
        # `the Clinton campaign`, `Trump's campaign`, `The Trump team`
        if head_lower in PERSONAL_BODIES or head_lower in TEAM_NOUNS:
            owner = next((c for c in head.children if c.dep_ in ("compound", "poss") and c.pos_ == "PROPN"), None)
            person = self.entities.person_for(owner.text, owner.idx) if owner is not None else None
            if owner is not None and (person is not None or owner.ent_type_ == "PERSON"):
                surname = person.surname if person else owner.text
                noun = "campaign" if head_lower in PERSONAL_BODIES or self._names_campaign(surname) else head_lower
                return Speaker(f"{surname} {noun}", type="organization")
            if owner is None and determiner is not None and determiner.lower_ == "the":
                # `the campaign`: the campaign of the candidate most in view
                person = self.entities.salient_person(head)
                if person is not None:
                    return Speaker(f"{person.surname} {head_lower}", type="organization")
        # `police said`, `the police said`: the one force the article names by its place
        if head_lower in FORCE_NOUNS and head.pos_ == "NOUN" and not any(
                c.dep_ in ("compound", "poss", "amod") for c in head.children):
            force = self.entities.named_force(head_lower)
            if force is not None:
                return Speaker(force, type="organization")
        # `the company`, `the ministry`, `the Calgary-based railway`
        if determiner is not None and determiner.lower_ == "the" and not head.text[:1].isupper() \
                and head_lower in ORGANIZATION_DESCRIPTIONS and head_lower not in PERSONAL_BODIES and not any(
                    c.dep_ in ("compound", "poss") and c.pos_ == "PROPN" for c in head.children):
            org = self.entities.organization_before(head.idx, head_lower)
            if org is not None:
                return Speaker(org.name, type="organization")
        # `his father`: the person the article named as his father
        if determiner is not None and determiner.dep_ == "poss" and determiner.pos_ == "PRON" \
                and head_lower in KINSHIP_WORDS and head.tag_ == "NN":
            person = self.entities.person_with_role(head_lower, head.idx)
            if person is not None:
                return Speaker(person.name, role=head_lower, type="person")
        # `the mayor`, `the former sergeant-at-arms`, `the Republican nominee`
        if determiner is not None and determiner.lower_ == "the" and (
                head_lower in OFFICE_WORDS or head.lemma_.lower() in PERSON_NOUNS
        ) and head.tag_ == "NN":  # not the role words of bodies: `the state said` is no Secretary of State
            person = self._described_person(head)
            if person is not None:
                return Speaker(person.name, role=person.role, type="person")
        # a title before a name the recogniser took for a body: `Wet'suwet'en Hereditary Chief Na'moks`
        role, name = split_role(tokens)
        if name and role and role[-1].lower_ in TITLE_WORDS and role[-1].lower_ not in ORGANIZATION_HEADS \
                and head.pos_ == "PROPN" and head.ent_type_ == "ORG" and head in name \
                and not any(t.lower_ in ORGANIZATION_HEADS for t in name):
            person = self.entities.person_for(join_tokens(name), head.idx)
            return Speaker(person.name if person else join_tokens(name), type="person", role=join_tokens(role))
        # an organisation the entity recogniser names in full: `the Commission on Presidential Debates`
        if head.ent_type_ == "ORG" and head.pos_ == "PROPN":
            ent = next((e for e in head.doc.ents if e.start <= head.i < e.end and e.label_ == "ORG"), None)
            if ent is not None:
                words = [t for t in organization_tokens(ent) if not t.is_punct and t.text not in ("'s", "’s")]
                while words and (words[0].lower_ == "the" or not words[0].text[:1].isupper()):
                    words.pop(0)
                glued = self.entities.glued_person([t.text for t in words])
                if glued is not None and words[-1].i == head.i:
                    return Speaker(glued.name, type="person", role=glued.role)
                if len(words) >= 2:
                    name = join_tokens(words)
                    person = self.entities.person_for(name, head.idx)
                    if person is not None and person.name == name:  # a person the recogniser took for a body
                        return Speaker(person.name, type="person", role=person.role)
                    fuller = self.entities.organization_for(name, head.idx)
                    return Speaker(fuller.name if fuller else name, type="organization")
        # acronyms and short organisation names: `EDC`, `Post`, `State` (however tagged) of the `State Department`
        if (head.pos_ == "PROPN" or head.text[:1].isupper() and head.pos_ == "NOUN") and len(tokens) == 1:
            org = self.entities.organization_for(head.text, head.idx)
            if org is not None and self.entities.person_for(head.text, head.idx) is None:
                return Speaker(org.name, type="organization")
        # a proper name the article gives to a person, whatever its tag: `Waters` (NNS), `Bolden` (GPE)
        hyphenated = head.i >= 2 and head.doc[head.i - 1].text == "-" and not head.doc[head.i - 1].whitespace_
        if head.pos_ == "PROPN" and (head.text[:1].isupper() or hyphenated):  # `Park Geun-hye`
            role, name = split_role(tokens)
            if name:
                gender = honorific_gender(t.lower_ for t in role)
                form, person = join_tokens(name), None
                if gender is None and self.entities.ambiguous(form):
                    # `Clinton said` after Bill Clinton spoke: the one of them who was speaking; else the one
                    # the article quoted by this short name before (`Cruz said` of Ted Cruz, beside Heidi Cruz)
                    previous = self._last_speaker_in_paragraph(head.idx)
                    if previous is not None and previous.last == name[-1].lower_:
                        person = previous
                    else:
                        person = self._quoted_as(form, head.idx)
                person = person or self.entities.person_for(form, head.idx, gender)
                if person is not None:
                    role_text = join_tokens([t for t in role if t.lower_ not in HONORIFICS
                                       and t.text not in ("'s", "’s")]) or None
                    return Speaker(person.name, type="person", role=role_text or person.role)
                if len(name) >= 2 and head.ent_type_ not in ("ORG", "GPE", "NORP", "FAC") \
                        and head_lower not in ORGANIZATION_HEADS:
                    role_text = join_tokens([t for t in role if t.lower_ not in HONORIFICS]) or None
                    return Speaker(join_tokens(name), type="person", role=role_text)
        speaker = self._classify_phrase(tokens, head)
        if speaker is None:
            return None
        share = head_lower in SHARE_HEADS or head.pos_ == "NUM"
        if speaker.type == "group" and (share or not any(w[:1].isupper() for w in speaker.name.split()[1:]) and (
                head_lower in GROUP_HEADS or head.pos_ == "NOUN")):
            return Speaker(_described(tokens), type="description")
        if speaker.type == "person" and not speaker.name[:1].isupper():
            return Speaker(speaker.name, type="description")
        return speaker

    def _names_campaign(self, surname: str) -> bool:
        """Whether the article names the campaign of the person of this surname (`the Trump campaign`,
        `Clinton’s campaign`)."""
        return re.search(rf"\b{re.escape(surname)}(?:['’]s)? campaign\b", self.text) is not None

    def _described_person(self, head: Token):
        """The named person a definite description means: the one the article gave its role (`the mayor` after
        `Mayor Don Guardian`), else, for an office or a described epithet (`the Indiana governor`, `the
        34-year-old mother of three`, not `the victim`), the one in view it fits, as a pronoun's antecedent;
        none when the article brought in an unnamed one before (`a woman ... the woman said`)."""
        head_lower = head.lower_
        words = [t for t in head.subtree if t.i != head.i and t.dep_ not in ("det", "punct")]
        modifiers = frozenset(PARTY_SYNONYMS.get(t.lower_, t.lower_) for t in words
                              if t.i < head.i and t.text[:1].isupper() and t.dep_ in ("amod", "compound", "nmod"))
        person = self.entities.person_with_role(head_lower, head.idx, modifiers)
        if person is not None:
            return person
        epithet = head_lower in OFFICE_WORDS or bool(words) and head.lemma_.lower() not in PARTY_NOUNS
        if not epithet or self._brought_in_unnamed(head):
            return None
        last = self._last_speaker_mention(head.idx, paragraphs=DESCRIBED_IN_VIEW_PARAGRAPHS)
        spoke_at, favourite = last if last else (None, None)
        named_inside = " ".join(t.text for t in words if t.text[:1].isupper())
        return self.entities.described_person(head, GENDERED_NOUNS.get(head_lower), modifiers, favourite=favourite,
                                              favourite_at=spoke_at, not_named_in=named_inside)

    def _named_next(self, head: Token):
        """The person a description that opens a paragraph introduces before naming them in the next
        sentences (`Connecticut’s tax commissioner says ...` then `Kevin Sullivan says he instructed staff`);
        not a source kept unnamed on purpose, nor many people, nor someone the description names itself."""
        line_start = self.text.rfind("\n", 0, head.idx) + 1
        opens_paragraph = not self.text[line_start : head.left_edge.idx].strip()
        lemma = head.lemma_.lower()
        if head.tag_ != "NN" or lemma in PARTY_NOUNS or lemma in DOCUMENT_HEADS or not opens_paragraph:
            return None
        if any(t.lower_ in ANONYMITY_WORDS for t in head.sent):
            return None
        person = self.entities.named_next(head)
        if person is None or set(person.parts) & {t.lower_ for t in head.subtree}:
            return None
        return person

    @staticmethod
    def _brought_in_unnamed(head: Token) -> bool:
        """Whether an indefinite phrase of the same noun came before (`a woman who lives nearby`)."""
        lemma = head.lemma_.lower()
        return any(token.lemma_.lower() == lemma and token.pos_ == "NOUN" and any(
            c.dep_ == "det" and c.lower_ in ("a", "an", "another", "one") for c in token.children)
            for token in head.doc[: head.i])

    def _issuer(self, head: Token) -> Speaker | None:
        """Who issued a document: `Her statement`, `a statement from Beijing`, `a Times/CBS News poll`."""
        for child in head.children:
            if child.dep_ == "poss":
                if child.lower_ in PERSONAL_PRONOUNS or child.lower_ in ("his", "her", "its", "their"):
                    gender = OWNER_PRONOUNS.get(child.lower_)
                    if gender:
                        person = self.entities.antecedent(child, gender)
                        if person is not None:
                            return Speaker(person.name, role=person.role)
                    return None
                return self.resolve(child)
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_):
                    return self.resolve(obj)
            if child.dep_ == "prep" and child.lower_ in ("on", "in"):
                # `A document on the Trump campaign's website`: whoever the website is of
                place = next((c for c in child.children if c.dep_ == "pobj" and c.lower_ in PUBLISHING_PLACES), None)
                owner = next((c for c in place.children if c.dep_ == "poss"), None) if place is not None else None
                if owner is not None and owner.lower_ not in ALL_PRONOUNS:
                    return self.resolve(owner)
        authors = self._authors(head)
        if authors is not None:
            return authors
        # `a New York Times/CBS News poll`: the run of proper nouns before the document's noun
        run = [t for t in head.doc[head.left_edge.i : head.i]]
        best: list[Token] = []
        current: list[Token] = []
        for token in run:
            if token.pos_ == "PROPN" or (token.text[:1].isupper() and not token.is_sent_start) or (
                    current and token.text in ("-", "/", "&")):
                current.append(token)
            else:
                current = []
            if len(current) > len(best):
                best = list(current)
        while best and best[-1].text in ("-", "/", "&"):
            best.pop()
        if best:
            name = join_tokens(best)
            org = self.entities.organization_for(name, head.idx)
            person = self.entities.person_for(name, head.idx) if best[-1].ent_type_ == "PERSON" else None
            if person is not None:
                return Speaker(person.name, role=person.role)
            return Speaker(org.name if org else name, type="organization")
        return None

    def _authors(self, head: Token) -> Speaker | None:
        """The makers a sentence names for a document: `The authors of the report, which include the U.S. PIRG
        Education Fund and Citizens for Tax Justice` (or `, X and Y,` in apposition)."""
        if not (head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in AUTHOR_NOUNS):
            return None
        makers = head.head.head
        named: list[Token] = []
        for child in makers.children:
            if child.dep_ == "relcl" and child.lemma_.lower() == "include":
                named = [c for c in child.children if c.dep_ == "dobj"]
            elif child.dep_ == "appos":
                named = [child]
            if named:
                break
        named += [c for t in list(named) for c in t.conjuncts if c.i > t.i]
        speakers = [self._classify(mention_tokens(t), t) for t in named if t.pos_ == "PROPN"]
        if not speakers or None in speakers or len(speakers) != len(named):
            return None
        if len(speakers) == 1:
            return speakers[0]
        return Speaker(" and ".join(s.name for s in speakers), type="group")

    def _issuing_subject(self, head: Token) -> Speaker | None:
        """Who the sentence says issued a document: `the Security Council issued a statement`, `a study released
        by a group of researchers`, `parents ... sent a letter`. Not who obtained or saw it (`obtained by The
        Globe`)."""
        named = None
        if head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_.lower() in ISSUING_VERBS:
            verb = head.head
            named = next((c for c in verb.children if c.dep_ == "nsubj"), None) if head.dep_ == "dobj" else \
                _agent(verb)
        else:
            verb = next((c for c in head.children if c.dep_ == "acl" and c.lemma_.lower() in ISSUING_VERBS), None)
            named = _agent(verb) if verb is not None else None
        return self._named_by(named)

    def _named_by(self, token: Token | None) -> Speaker | None:
        """The speaker a subject names by its words (`The appeals court`), not through a pronoun."""
        if token is None or token.lower_ in ALL_PRONOUNS:
            return None
        return self._classify(mention_tokens(token), token)

    def _earlier_issuer(self, head: Token) -> Speaker | None:
        """The issuer of the latest earlier document of the same kind whose issuer the article gives (`the
        report` after `a report by the U.S. PIRG Education Fund`, `the ad` after `A web video by the RNC`), or
        the subject of a verb that made one (`the ruling` after `The appeals court ruled`)."""
        kind, kept = document_kind(head.lemma_.lower()), list(self.history)
        try:
            for token in reversed(head.doc[: head.i]):
                lemma = token.lemma_.lower()
                if token.pos_ == "NOUN" and document_kind(lemma) == kind:
                    issuer = self._issuer(token) or self._issuing_subject(token)
                    if issuer is not None:
                        return issuer
                elif token.pos_ == "VERB" and DOCUMENT_VERBS.get(lemma) == kind:
                    speaker = self._named_by(next((c for c in token.children if c.dep_ == "nsubj"), None))
                    if speaker is not None and speaker.type != "description":
                        return speaker
        finally:
            self.history[:] = kept  # the earlier mentions were looked at, not spoken by anyone here
        return None

    def _full_name(self, name: str, position: int) -> str:
        """A short name (`Wang`) as the full name (`Wang Yi`) the article gives it anywhere."""
        person = self.entities.person_for(name, position)
        if person is not None:
            return person.name
        return name  # no one, or several people nothing tells apart: the short form, not a guess

    def _classify_phrase(self, tokens: list[Token], head: Token) -> Speaker | None:
        """The speaker a phrase's words make, by their shape and the word lists."""
        words = [t.lower_ for t in tokens]
        head_lower = head.lower_
        text = join_tokens(tokens)
        before = head.doc[head.i - 1] if head.i else None
        # `Mayor Don Guardian`, `Jack Post`: a surname that is also a body's word, after a first name
        surname_of_person = head.ent_type_ == "PERSON" and before is not None and before.ent_type_ == "PERSON" \
            and is_first_name(before.text)
        one_word_body = head.ent_type_ == "ORG" and len(tokens) == 1 and len(head.text) > 1 and (
            head.text.isupper() or head.pos_ == "PROPN" and self.entities.person_for(head.text, head.idx) is None
            and not self.entities.ambiguous(head.text) and not is_first_name(head.text)
        )  # `NATO`, `Politico`; not `Trump` the recogniser took for a body, nor `Podesta` of Tony and John
        if one_word_body and before is not None and before.text == "The" and not before.is_sent_start:
            return Speaker(f"The {head.text}", type="organization")  # `, The Hill reported`: the title's own `The`
        if not surname_of_person and (head_lower in ORGANIZATION_HEADS or head_lower in DOCUMENT_HEADS) or \
                one_word_body:
            described = [t for t in tokens if t.dep_ != "det"]
            if head.pos_ == "NOUN" and len(described) > 1 and not any(
                    t.text[:1].isupper() and not t.is_sent_start for t in tokens):
                return Speaker(_described(tokens), type="description")  # `a group of researchers`: no name
            return Speaker(self._organization_name(tokens), type="organization")
        # `Sanders` tagged as a plural noun: a surname the article gives in full elsewhere is a person.
        surname = len(tokens) == 1 and head.text[:1].isupper() and head_lower not in GROUP_HEADS \
            and self._full_name(head.text, head.idx) != head.text
        if (head_lower in GROUP_HEADS or head.tag_ in ("NNS", "NNPS")) and not surname:
            according = head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.head.lower_ == "according"
            if head.tag_ == "NNS" and head_lower not in GROUP_HEADS and not according and not self._names_people(head):
                return None  # `the new emissions rules promise`: no people (`according to federal statistics` may)
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
            agent = head.tag_ == "NN" and _is_agent(head_lower, _AGENT_ENDINGS)
            if head.lemma_.lower() not in PERSON_NOUNS and head_lower not in TITLE_WORDS and not agent:
                return None
            return Speaker(text, type="description") if words else None
        name_tokens: list[Token] = []
        for token in reversed(tokens):
            if token.lower_ in HONORIFICS or token.text in ("'s", "’s"):
                break
            hyphen = token.text == "-" and bool(name_tokens) and token.idx + 1 == name_tokens[0].idx  # Al-Tabchi
            if not hyphen and (token.lower_ in TITLE_WORDS or not token.text[:1].isupper()
                               or token.ent_type_ in ("NORP",)):
                break
            name_tokens.insert(0, token)
        if not name_tokens and head.ent_type_ == "NORP":
            # `Another Muslim who worshiped there`, `a Republican`: a person described by a people or party
            determiner = [c for c in head.children if c.dep_ == "det" and c.lower_ not in ("the", "a", "an")]
            return Speaker(_described(determiner + tokens), type="description")
        if not name_tokens:
            return Speaker(text, type="person") if text else None
        role_tokens = tokens[: len(tokens) - len(name_tokens)]
        while role_tokens and role_tokens[-1].lower_ in HONORIFICS:
            role_tokens.pop()
        role = join_tokens(role_tokens) or None
        name = self._full_name(join_tokens(name_tokens), head.idx)
        return Speaker(name, type="person", role=role)

    @staticmethod
    def _names_people(head: Token) -> bool:
        """Whether a common noun names people: a noun of the word lists, or of an agent (`producers`,
        `strategists`, `historians`)."""
        lemma = head.lemma_.lower()
        return lemma in PERSON_NOUNS or lemma in TITLE_WORDS or lemma in GROUP_HEADS or lemma in ORGANIZATION_HEADS \
            or lemma in ORGANIZATION_DESCRIPTIONS or _is_agent(lemma, ROLE_SUFFIXES)

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
                    return join_tokens(rest)
        text = join_tokens(tokens)
        return text[:1].upper() + text[1:]

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
        candidates = [(pos, known) for pos, known in self.history if _one_person(known.speaker)]
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
        bisect.insort(self.history, (position, known), key=lambda entry: entry[0])  # (labels come after verbs)
        return known.speaker

    @staticmethod
    def _add_alias(speaker: Speaker, alias: str) -> None:
        alias = alias.strip()
        if alias and alias not in speaker.aliases:
            speaker.aliases.append(alias)
