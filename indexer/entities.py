"""Who the article names: every person and organisation it mentions, with name forms, roles and gender.

Built once per Doc before any speaker is resolved, so that a short name (`Scheer`), an honorific form
(`Mr. Trump`), an acronym (`EDC`), a description (`the company`, `the mayor`) or a pronoun finds the one
person or body the article means, wherever in the article its full name stands.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .lexicon import (
    FEMALE_PRONOUNS,
    HONORIFICS,
    MALE_PRONOUNS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    ORGANIZATION_HEADS,
    PARTY_SYNONYMS,
    PERSON_NOUNS,
    PLACE_HEADS,
    ROLE_NOUNS,
    ROLE_SUFFIXES,
    SENTENCE_OPENERS,
    SPEECH_VERBS,
    TITLE_WORDS,
)
from .names import (
    acronym_of,
    core_parts,
    first_name_gender,
    first_names_match,
    full_names_ending,
    headline_names,
    honorific_gender,
    is_first_name,
    misspelled,
    name_core,
    name_parts,
    name_suffix,
    sentence_case_full_names,
    styled_headline_names,
    without_leading_marks,
)

_POSSESSIVE = ("'s", "’s", "'", "’")
NOT_PERSON_LABELS = frozenset(("ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"))
BODY_LABELS = frozenset(("ORG", "NORP", "PRODUCT", "WORK_OF_ART"))  # the recogniser's labels that are not places
PERSON_ROLES = frozenset(("nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "attr"))  # a word standing for someone
HYPHEN_TAILS = frozenset(("style", "era", "like", "type", "esque", "backed", "led", "based"))
DECAY = 0.5  # how much of a mention's weight is left a sentence later
SUBJECT_WEIGHT = 2.0  # a subject counts more than any other mention
PRONOUN_WEIGHT = 0.5  # a pronoun bound to someone counts for less than their name
PREVIOUS_SPEAKER_BONUS = 3.0  # `he said` after a quote of his: the same speaker, most often
ARTICLE_SUBJECT_MENTIONS, ARTICLE_SUBJECT_RATIO = 3, 4  # of people sharing a surname, the one named far more
NAMED_NEXT_SENTENCES = 2  # how soon a lede's description of someone (`A former chairman says`) names them
GOVERNING_SUBJECT_BONUS = 1.0  # `Zenghelis described her as the pupil he ever taught`: the clause's subject
INTRODUCTION_BONUS = 0.5  # a person the sentence before a quotation brought into the article


def _trimmed(ent: Span) -> Span:
    """An entity without the punctuation the recogniser took in at its ends (`Jack Herrick.`) and without a
    possessive ending (`Donald Trump’s`), label kept."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].is_punct:
        start += 1
    while end > start and (ent.doc[end - 1].is_punct or ent.doc[end - 1].text in _POSSESSIVE):
        end -= 1
    return ent if (start, end) == (ent.start, ent.end) else Span(ent.doc, start, end, label=ent.label_)


def _bare_participle(verb: Token) -> bool:
    """A participle with no auxiliary (`with Weaver standing behind him`): a phrase the parser often gives a
    subject, not a clause of its own."""
    return verb.tag_ in ("VBG", "VBN") and not any(child.dep_ in ("aux", "auxpass") for child in verb.children)


def is_role_word(token: Token, names_after: int = 2) -> bool:
    """A word that makes a role, not a name: `Coach`, `Mathematician`, `Organizer`, `MP`. A capitalised word
    that opens a sentence and only ends like an agent is a role before a full name (`Organizer Dwayne Croteau`),
    not before a surname alone (`Rucker Culpepper`): `names_after` is how many name words follow it."""
    lower = token.lower_
    if lower in TITLE_WORDS or lower.endswith("s") and lower[:-1] in TITLE_WORDS:  # `Professors Foner and Alba`
        return True
    if is_first_name(token.text):
        return False
    if token.pos_ in ("NOUN", "ADJ", "VERB"):  # `Rival Hillary Clinton`: a common word before a name
        return True
    return lower in PERSON_NOUNS or (len(lower) > 5 and lower.endswith(ROLE_SUFFIXES)
                                     and (token.pos_ != "PROPN" or token.is_sent_start and names_after >= 2))


def _first_names_too(words: list[Token]) -> bool:
    """Whether the words before a known first name are first names the name lists do not know, as in Spanish
    and Portuguese names (`Hernan Dario Gomez`): proper nouns the recogniser puts in the person's name, neither
    role words (`Mathematician Hermann Weyl`) nor words of another kind (`Crooked`)."""
    return all(t.pos_ == "PROPN" and t.ent_type_ == "PERSON" and not is_role_word(t)
               and not (len(t.text) > 5 and t.lower_.endswith(ROLE_SUFFIXES))
               and not t.lower_.endswith(("ed", "ing")) and t.text[1:].islower() for t in words)


def organization_tokens(ent: Span) -> list[Token]:
    """A body's entity up to a comma that the parser hangs outside it (`a report by Politico, Democratic party
    insiders are ...`); the commas of a name stay (`Skadden, Arps, Slate, Meagher & Flom`)."""
    tokens: list[Token] = []
    for token in ent:
        if token.text == "," and not ent.start <= token.head.i < ent.end:
            break
        if not token.is_space:
            tokens.append(token)
    return tokens


def _bodies(doc: Doc) -> list[Span]:
    """The article's organisation entities, one joined to the next across `for` (`the U.S. Court of Appeals` `for`
    `the Sixth Circuit`: the parser hangs `for the Sixth Circuit` on the phrase around them)."""
    bodies = [ent for ent in doc.ents if ent.label_ == "ORG"]
    joined: list[Span] = []
    for ent in bodies:
        if joined and doc[joined[-1].end].lower_ == "for" and ent.start in (joined[-1].end + 1, joined[-1].end + 2) \
                and (ent.start == joined[-1].end + 1 or doc[ent.start - 1].lower_ == "the"):
            joined[-1] = Span(doc, joined[-1].start, ent.end, label="ORG")
        else:
            joined.append(ent)
    return joined


def split_role(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """A name phrase as (role words, name words): `NDP MP Nathan Cullen` -> (`NDP MP`, `Nathan Cullen`)."""
    name: list[Token] = []
    while len(tokens) >= 3 and tokens[-2].text == "-" and not tokens[-3].whitespace_ and (
            tokens[-1].tag_ in ("VBN", "VBD", "VBG") or tokens[-1].lower_ in HYPHEN_TAILS):
        tokens = tokens[:-2]  # `Donald Trump-led`, `Obama-era`
    for token in reversed(tokens):
        if token.text in _POSSESSIVE:
            if name:
                break
            continue
        glued = token.text in ("-", "'", "’") and bool(name) and token.idx + len(token.text) == name[0].idx
        surname = not name and token.pos_ == "PROPN" and token.text[:1].isupper()  # `Larry King`, `Mr. Price`
        doc = token.doc
        if (not token.text[:1].isupper() and token.i >= 2 and doc[token.i - 1].text == "-"
                and not doc[token.i - 1].whitespace_ and not doc[token.i - 2].whitespace_
                and doc[token.i - 2].text[:1].isupper()):
            name.insert(0, token)  # `Park Geun-hye`
            continue
        if not glued and not surname and (
                token.lower_ in HONORIFICS or token.lower_ in TITLE_WORDS or token.ent_type_ == "NORP"
                or token.lower_ in ORGANIZATION_HEADS
                or not (token.text[:1].isupper() or token.lower_ in NAME_PARTICLES and name)):
            break
        if surname and token.lower_ in HONORIFICS:
            break
        name.insert(0, token)
    # `Mathematician Hermann Weyl`, `Emeritus Professor John Burrows`: role words before a first name
    for index, token in enumerate(name[:-1]):
        if not index and is_first_name(token.text):
            break
        if index and token.whitespace_ and is_first_name(token.text) and not any(
                is_first_name(t.text) for t in name[:index]):  # (`Asab Al-Tabchi`: `Al-` begins a surname)
            if not _first_names_too(name[:index]):
                name = name[index:]  # `Crooked Hillary Clinton`, `Miss Universe Alicia Machado`: the name starts here
            break
    else:
        if len(name) > 1 and is_role_word(name[0], len(name) - 1) and not is_first_name(name[0].text):
            name = name[1:]
    while name and name[0].text in NAME_PARTICLES:  # lowercase `de`, `van`; `Al Sharpton` keeps `Al`
        name = name[1:]
    role = [t for t in tokens if t.i < name[0].i] if name else tokens
    while name and name[-1].text in _POSSESSIVE:
        name = name[:-1]
    return list(role), name


def _without_leading_word(name: list[Token], surnames: set[str], lowercase_words: set[str]) -> list[Token]:
    """A name without the word before it that only a sentence's start capitalised: a function word (`Though
    Sanders`, `Without Bloomberg`), or, before a surname the article gives with a first name, a common word
    (one ending in -ing or written in lower case elsewhere in the article: `Bashing Trump`, `Fascist Trump`)."""
    if len(name) < 2 or is_first_name(name[0].text):
        return name
    first = name[0]
    if first.lower_ in SENTENCE_OPENERS or is_role_word(first) and first.lower_.endswith("s"):
        return name[1:]  # (`Professors Foner and Alba`)
    starts = first.is_sent_start or first.i == 0 or first.doc[first.i - 1].is_punct
    if len(name) == 2 and starts and name[-1].lower_ in surnames and (
            first.lower_.endswith("ing") or first.lower_ in lowercase_words):
        return name[1:]
    return name


def _person_shaped(run: list[Token], starts_with_first_name: bool = False) -> bool:
    """A run of proper nouns that may be a person's name: no organisation word, nationality or title, and, unless
    it starts with a first name (`Valeska Paris`), not what the recogniser calls a place or body as a whole
    (`Hong Kong`, `Goldman Sachs`)."""
    if any(t.lower_ in ORGANIZATION_HEADS or t.lower_ in TITLE_WORDS or t.ent_type_ == "NORP" for t in run):
        return False
    if starts_with_first_name:
        return True
    labels = {t.ent_type_ for t in run}
    return not (len(labels) == 1 and labels <= {"GPE", "ORG", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})


def join_tokens(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return without_leading_marks(re.sub(r"\s+", " ", doc[tokens[0].i : tokens[-1].i + 1].text).strip())


@dataclass
class Mention:
    position: int
    sentence: int
    paragraph: int
    subject: bool
    main: bool = False  # a subject, not of a circumstance's clause (`hours after Trump unleashed ...`)
    pronoun: bool = False  # a `he`/`she` bound to the person: weighs less than a name, so as not to snowball


@dataclass
class Person:
    name: str
    gender: str | None = None  # from a title (`Mr.`, `Mrs.`): certain
    likely_gender: str | None = None  # from the first name or a pronoun bound to them: a hint
    role: str | None = None
    roles: list[str] = field(default_factory=list)
    forms: dict[str, int] = field(default_factory=dict)  # full-name forms and how often each is used
    mentions: list[Mention] = field(default_factory=list)

    @property
    def parts(self) -> list[str]:
        return core_parts(self.name)

    @property
    def surname(self) -> str:
        """The last word of the name as written (`McCain`, `DeSantis`), a suffix left out."""
        words = [w for w in self.name.split() if w.lower() not in NAME_SUFFIXES]
        return words[-1] if words else self.name

    @property
    def last(self) -> str:
        return self.parts[-1] if self.parts else ""

    def salience(self, before: int, sentence: int) -> float:
        """How much in view the person is at a position: mentions decay by the sentence; a subject weighs
        more."""
        score = 0.0
        for mention in self.mentions:
            if mention.position >= before:
                break
            distance = max(0, sentence - mention.sentence)
            weight = (SUBJECT_WEIGHT if mention.subject else 1.0) * (PRONOUN_WEIGHT if mention.pronoun else 1.0)
            score += weight * DECAY ** distance
        return score

    def last_mention(self, before: int) -> Mention | None:
        last = None
        for mention in self.mentions:
            if mention.position >= before:
                break
            last = mention
        return last

    def add_form(self, name: str) -> None:
        self.forms[name] = self.forms.get(name, 0) + 1
        multi = [f for f in self.forms if len(name_core(name_parts(f))) >= 2]
        if multi:
            # the form a reader would use: not a tail of a fuller form (`Suu Kyi` of `Aung San Suu Kyi`), then
            # the most used (`Donald Trump` over a rarer `Donald J. Trump`), ties to the fuller one
            cores = {f: name_core(name_parts(f)) for f in multi}
            heads = [f for f in multi if not any(
                len(c) > len(cores[f]) and c[-len(cores[f]):] == cores[f] for c in cores.values())]
            self.name = max(heads or multi, key=lambda f: (
                is_first_name(f.split()[0]), self.forms[f], len(cores[f]), len(f)))


@dataclass
class Organization:
    name: str
    acronym: str | None = None
    positions: list[int] = field(default_factory=list)


class ArticleEntities:
    """The people and organisations one Doc names, found before any speaker is resolved."""

    def __init__(self, doc: Doc, text: str | None = None, quoted: list[tuple[int, int]] | None = None,
                 headline: str | None = None):
        """`headline`, when the Doc is an article's body, lends its full names to the body's short ones."""
        self.doc = doc
        self.text = doc.text if text is None else text
        self.quoted = quoted or []
        self.people: list[Person] = []
        self.organizations: list[Organization] = []
        self._sentence_of: dict[int, int] = {}
        self._narrative_starts: list[int] | None = None
        self._paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", self.text)]
        for number, sent in enumerate(doc.sents):
            self._sentence_of[sent.start] = number
        self._sentence_index = self._index_sentences()
        self.headline = headline or ""
        spans = self._name_spans()
        # names of bodies and places of one word (`Twitter`, `Paris`): never a person's surname here
        reclaimed = {span.text for span in spans if len(span) == 1 and span.label_ in BODY_LABELS}
        self._not_people = {ent.text for ent in doc.ents
                            if len(ent) == 1 and ent.label_ in NOT_PERSON_LABELS and ent.text not in reclaimed}
        self.name_spans = spans  # every span taken for a person's name, the recogniser's or found again
        self._collect_people(spans)
        # who each name (by the position of its last word) is, for `governing_subject`
        self._named_at = {mention.position: person for person in self.people for mention in person.mentions}
        self._collect_organizations()
        self._resolve_pronouns()

    # -- positions -----------------------------------------------------------------------------------

    def _index_sentences(self) -> list[int]:
        index, number = [], -1
        self._token_starts = [token.idx for token in self.doc]
        for token in self.doc:
            if token.is_sent_start:
                number += 1
            index.append(max(number, 0))
        return index

    def sentence(self, token: Token) -> int:
        return self._sentence_index[token.i]

    def sentence_at(self, position: int) -> int:
        """The sentence of the token at or after a character position."""
        index = min(bisect.bisect_left(self._token_starts, position), len(self._sentence_index) - 1)
        return self._sentence_index[index] if self._sentence_index else 0

    def narrative_sentences_between(self, start: int, end: int) -> int:
        """How many sentences begin after `start` and up to `end` outside quotations: a long quotation
        is one turn of its speaker, not sentences of the story that push them out of view."""
        if self._narrative_starts is None:
            self._narrative_starts = [sent.start_char for sent in self.doc.sents if not any(
                self.in_quote(position) for position in range(sent.start_char, sent.start_char + 3))]  # (`''I've`)
        return bisect.bisect_right(self._narrative_starts, end) - bisect.bisect_right(self._narrative_starts, start)

    def paragraph(self, position: int) -> int:
        low, high = 0, len(self._paragraph_starts)
        while low < high - 1:
            middle = (low + high) // 2
            if self._paragraph_starts[middle] <= position:
                low = middle
            else:
                high = middle
        return low

    def in_quote(self, position: int) -> bool:
        return any(start <= position < end for start, end in self.quoted)

    def reported_quotation(self, token: Token) -> tuple[str, int | None]:
        """The words quoted in the sentence of a pronoun (who said them does not name themselves in them), and
        where the first quotation before the pronoun starts (`"...," he said`: salience is seen from there)."""
        sentence = token.sent
        reported = [(start, end) for start, end in self.quoted
                    if start < sentence.end_char and end > sentence.start_char]
        before = [start for start, _ in reported if start < token.idx]
        return " ".join(self.text[start:end] for start, end in reported), min(before) if before else None

    def _mention(self, token: Token) -> Mention:
        subject = token.dep_ in ("nsubj", "nsubjpass") or token.head.dep_ in ("nsubj", "nsubjpass") and \
            token.dep_ in ("compound", "flat", "appos")
        verb = token.head if token.dep_ in ("nsubj", "nsubjpass") else token.head.head
        while verb.dep_ == "conj" and verb.head is not verb:
            verb = verb.head
        main = subject and verb.dep_ not in ("advcl", "pcomp")
        return Mention(token.idx, self.sentence(token), self.paragraph(token.idx), subject, main)

    # -- people --------------------------------------------------------------------------------------

    def _name_spans(self) -> list[Span]:
        """PERSON entities (with the first names the recogniser left out), and runs of proper nouns that start with a
        first name (`Valeska Paris`)."""
        spans = [self._widened(_trimmed(ent)) for ent in self.doc.ents if ent.label_ == "PERSON"]
        spans = [span for span in spans if len(span)]
        spans = self._without_common_words(spans)
        spans += self._people_called_bodies(spans)
        spans += self._people_ending_bodies()
        spans += self._surnames_called_bodies(spans)
        covered = {t.i for ent in spans for t in ent}
        run: list[Token] = []
        for token in [*self.doc, None]:
            if token is not None and token.pos_ == "PROPN" and token.text[:1].isupper() and token.i not in covered:
                run.append(token)
                continue
            if 2 <= len(run) <= 4 and run[-1].dep_ in ("nsubj", "nsubjpass") and _person_shaped(run):
                spans.append(self.doc[run[0].i : run[-1].i + 1])  # `Chrystia Freeland met ...`
            elif len(run) >= 2:
                start = next((k for k, t in enumerate(run[:-1]) if is_first_name(t.text)), None)
                if start is not None and _person_shaped(run[start:], starts_with_first_name=True):
                    spans.append(self.doc[run[start].i : run[-1].i + 1])
            run = []
        spans = [span for span in spans
                 if not any(t.lower_ in ORGANIZATION_HEADS for t in span) and span[-1].lower_ not in PLACE_HEADS]
        return sorted(spans, key=lambda span: span.start)

    def _people_called_bodies(self, people: list[Span]) -> list[Span]:
        """Names the recogniser took for a body that are people: two or three capitalised words with no body's
        word, whose last word the article gives a person elsewhere (`Eswar Prasad` beside `Mr. Prasad`), or
        that are described as a person (`Brett O'Donnell, chief strategist`; `Amara Diallo, the commissioner`)."""
        surnames = {span[-1].text for span in people}
        found = []
        for ent in self.doc.ents:
            if ent.label_ != "ORG" or not 2 <= len(ent) <= 3 or any(
                    not t.text[:1].isupper() or not t.text.replace("’", "").replace("'", "").isalpha()
                    or t.lower_ in ORGANIZATION_HEADS for t in ent):
                continue
            described = any(child.dep_ == "appos" and child.lemma_.lower() in ROLE_NOUNS
                            for child in ent.root.children)
            if described or ent[-1].text in surnames and all(t.pos_ == "PROPN" for t in ent):
                found.append(ent)
        return found

    def _without_common_words(self, spans: list[Span]) -> list[Span]:
        """The names without a one-word name that is a word the article writes in lower case elsewhere, where only a
        sentence's start capitalised it or the parser took it for a common word (`WHO say Iodine deficiency is`
        in a story of `iodine`), unless it is the surname of a person named in full (`Price said` beside `Tom
        Price` and the `price` of drugs)."""
        lowercase = {t.text for t in self.doc if t.is_lower}
        surnames = {span[-1].text for span in spans if len(span) >= 2}
        return [span for span in spans if not (
            len(span) == 1 and (span[0].is_sent_start or span[0].pos_ != "PROPN")
            and span[0].lower_ in lowercase and span.text not in surnames)]

    def _people_ending_bodies(self) -> list[Span]:
        """A person's name that the recogniser ran into the body before it, after a role of that body (`Executive
        director of the Dallas chapter of the Council on American-Islamic Relations Alia Salem said`): a known
        first name and a surname that end the body's entity, in a role's phrase with no determiner."""
        found = []
        for ent in self.doc.ents:
            if ent.label_ != "ORG" or len(ent) < 4:
                continue
            before, first, last = ent[-3], ent[-2], ent[-1]
            if not (first.pos_ == last.pos_ == "PROPN" and first.text.istitle() and last.text.istitle()
                    and is_first_name(first.text) and not is_first_name(before.text) and before.pos_ == "PROPN"
                    and last.lower_ not in ORGANIZATION_HEADS):
                continue
            role = next((t for t in ent.root.ancestors if t.dep_ not in ("pobj", "prep", "compound")), None)
            if role is not None and role.pos_ in ("NOUN", "PROPN") and role.lemma_.lower() in ROLE_NOUNS \
                    and not any(child.dep_ == "det" for child in role.children):
                found.append(Span(self.doc, first.i, last.i + 1, label="PERSON"))
        return found

    def _surnames_called_bodies(self, people: list[Span]) -> list[Span]:
        """A surname alone that the recogniser took for a body (`Trump has record low support`: ORG), or left
        untagged (`Trump responded`), where the article names that person with a first name, and the word stands
        for someone (a subject, an object), not for a thing named after them (`Trump supporters`, a compound).
        Places of government are left alone: too many surnames are such places too (`Washington`); a surname
        taken for a natural place (LOC: `McAuliffe has said`) is the person."""
        surnames = {span[-1].text for span in people if len(span) >= 2 and is_first_name(span[0].text)}
        surnames |= {name.split()[-1] for name in styled_headline_names(self.headline)}
        bodies = [ent for ent in self.doc.ents if len(ent) == 1 and (ent.label_ in BODY_LABELS or ent.label_ == "LOC")]
        # a surname the parser took for a common word is one too as the bare subject of a verb, where the article
        # never writes it in lower case (`Rathbun requested donations`; not `Price rose` in a story of prices)
        lowercase = {t.text for t in self.doc if t.is_lower}
        untagged = [self.doc[t.i : t.i + 1] for t in self.doc  # `Trump responded`, left untagged, alone
                    if (t.pos_ == "PROPN" or t.pos_ in ("NOUN", "VERB") and t.dep_ == "nsubj" and t.n_lefts == 0
                        and t.n_rights == 0 and t.lower_ not in lowercase)
                    and not t.ent_type_ and t.text in surnames
                    and not any(n.pos_ == "PROPN" for n in self.doc[max(0, t.i - 1) : t.i + 2] if n.i != t.i)]
        return [span for span in bodies + untagged
                if span.text in surnames and span.root.dep_ in PERSON_ROLES
                and not (span.root.dep_ in ("nsubj", "nsubjpass") and _bare_participle(span.root.head))]

    def _widened(self, ent: Span) -> Span:
        """`Anders Holm` where the recogniser saw only `Holm`: the capitalised proper noun just before a one-word
        PERSON entity, a compound of it, joins it when it can be a first name (never a title, a role or a place:
        `Gov.`, `Administrator`, `Texas`)."""
        if len(ent) != 1 or ent.start <= ent.sent.start:
            return ent
        before = self.doc[ent.start - 1]
        if (before.pos_ == "PROPN" and before.text[:1].isupper() and before.text.isalpha()
                and before.dep_ == "compound" and before.head.i == ent.start and before.ent_type_ in ("", "PERSON")
                and before.lower_ not in TITLE_WORDS and not is_role_word(before)
                and (is_first_name(before.text) or not before.lower_.endswith(ROLE_SUFFIXES))):
            return self.doc[ent.start - 1 : ent.end]
        return ent

    def _collect_people(self, spans: list[Span]) -> None:
        singles: list[tuple[Span, list[Token], list[Token]]] = []
        splits = [(span, *split_role([t for t in span if not t.is_space])) for span in spans]
        # surnames the article gives with a first name: `Bashing Trump` beside `Donald Trump` is Trump
        surnames = {name[-1].lower_ for _, _, name in splits if len(name) >= 2 and is_first_name(name[0].text)}
        lowercase_words = {t.text for t in self.doc if t.is_lower}
        # names the article gives outside quotations: a name of unknown first word met only inside one (and not in
        # the headline) is a quoted phrase's (`''Wilayat Twitter,'' or the province of Twitter`), not a person's
        named_outside = {join_tokens(name) for span, _, name in splits if name and not self.in_quote(span.start_char)}
        for span, role, name in splits:
            name = _without_leading_word(name, surnames, lowercase_words)
            if not name or (len(name) == 1 and name[0].text.isupper() and len(name[0].text) > 1):
                continue
            if len(name) >= 2 and not is_first_name(name[0].text) and self.in_quote(span.start_char) \
                    and join_tokens(name) not in named_outside and join_tokens(name) not in self.headline:
                continue
            if len(name_core(name_parts(join_tokens(name)))) >= 2:
                self._add_person(span, role, name)
            else:
                singles.append((span, role, name))
        self._add_headline_people()
        # a bare surname stays with the one person it meant when it first could mean no one else (`Cruz` is Ted
        # Cruz after `his wife, Heidi` and `a photo of Heidi Cruz`); a title may still say otherwise
        bare: dict[str, Person] = {}
        for span, role, name in singles:
            gender = self._honorific_gender(span, role)
            surname = name[-1].lower_
            established = bare.get(surname) if len(name) == 1 else None
            if established is not None and (gender is None or (established.gender or established.likely_gender)
                                            in (None, gender)) and self._named_most(established, surname):
                self._note(established, span, role, name, gender)
                continue
            person = self.person_for(join_tokens(name), name[-1].idx, gender)
            if person is not None and len(name) == 1 and gender is None and [
                    p for p in self.people if p.last == surname and len(p.parts) >= 2
                    and p.mentions and p.mentions[0].position < name[-1].idx] == [person]:
                bare.setdefault(surname, person)
            if person is None and (gender or not any(p.last == name[-1].lower_ for p in self.people)):
                # (`Mr. Obama` beside Michelle Obama is someone else: the Barack Obama the text names, if it does)
                full = self._named_in_full(name[-1].text, gender) or join_tokens(name)
                person = Person(full, gender=gender, likely_gender=first_name_gender(full.split()[0]))
                person.add_form(person.name)
                self.people.append(person)
            if person is not None:
                self._note(person, span, role, name, gender)

    def _named_most(self, person: Person, surname: str) -> bool:
        """Whether no one else of a surname is named in full more often (`Jeb Bush` over a `John Ellis Bush`
        named once: a bare `Bush` is not held to the rarer one)."""
        count = sum(person.forms.values())
        return all(sum(other.forms.values()) <= count for other in self.people
                   if other is not person and other.last == surname and len(other.parts) >= 2)

    def _add_headline_people(self) -> None:
        """People the headline names in full whose surname alone the body uses as a name, not a body's or a
        place's (`Hillary Clinton Goes After ...` over a body that says `Clinton`; not `Will Twitter Ban ...`
        over a body's `Twitter`), unless the body names someone else of that surname."""
        for name in headline_names(self.headline) + styled_headline_names(self.headline):
            parts = core_parts(name)
            surname = name.split()[-1]
            if surname in self._not_people or any(p.last == parts[-1] for p in self.people) or not re.search(
                    rf"(?<![\w-]){re.escape(surname)}(?![\w-])", self.text):
                continue
            person = Person(name, likely_gender=first_name_gender(name.split()[0]))
            person.add_form(name)
            self.people.append(person)

    def _named_in_full(self, surname: str, gender: str | None = None) -> str | None:
        """The one full name the text gives a surname that the article's people lack, where no recognised name
        holds it (`The Rachel Maddow Show`), of a first name of `gender` when given. (The headline's names are
        added before, `_add_headline_people`.)"""
        if surname in self._not_people:
            return None
        found = set(full_names_ending(self.text, surname)) or set(sentence_case_full_names(self.headline, surname))
        if gender:
            found = {name for name in found if first_name_gender(name.split()[0]) == gender}
        cores = {tuple(core_parts(name)) for name in found}
        return max(found, key=len) if len(cores) == 1 else None

    def _honorific_gender(self, span: Span, role: list[Token]) -> str | None:
        before = span.doc[span.start - 1].lower_ if span.start else ""
        return honorific_gender([*(t.lower_ for t in role), before])

    def _add_person(self, span: Span, role: list[Token], name: list[Token]) -> None:
        text = join_tokens(name)
        parts = name_core(name_parts(text))
        gender = self._honorific_gender(span, role)
        person = None
        for candidate in self.people:
            if self._same_person(candidate, parts, name_suffix(name_parts(text)), gender):
                person = candidate
                break
        if person is None:
            person = Person(text, gender=gender)
            self.people.append(person)
        person.likely_gender = person.likely_gender or first_name_gender(name[0].text)
        person.add_form(text)
        self._note(person, span, role, name, gender)

    @staticmethod
    def _same_person(person: Person, parts: list[str], suffix: str | None, gender: str | None) -> bool:
        theirs_suffix = name_suffix(name_parts(person.name))
        if theirs_suffix and suffix and theirs_suffix != suffix or (
                gender and person.gender and gender != person.gender):
            return False  # `Jr.` left out is the same man; `Jr.` and `Sr.` are two
        for form in person.forms or {person.name: 1}:
            theirs = name_core(name_parts(form))
            if not theirs or theirs[-1] != parts[-1]:
                continue
            if len(theirs) < 2 or len(parts) < 2 or first_names_match(theirs[0], parts[0]):
                return True
            shorter, longer = sorted((theirs, parts), key=len)
            if len(shorter) >= 2 and longer[-len(shorter):] == shorter:  # `Suu Kyi`, `Aung San Suu Kyi`
                return True
        return False

    def _note(self, person: Person, span: Span, role: list[Token], name: list[Token], gender: str | None) -> None:
        if gender and not person.gender:
            person.gender = gender
        if not role:
            # `Republican presidential nominee Donald Trump`: the words before the name in its noun phrase, up to
            # a punctuation mark or a determiner
            role = []
            for token in reversed(span.doc[max(name[0].sent.start, name[0].i - 8) : name[0].i]):
                if token.is_space or token.is_punct or token.dep_ in ("det", "cc", "case") or token.pos_ in (
                        "VERB", "AUX", "ADP", "PART", "PRON", "SCONJ", "CCONJ", "NUM", "ADV"):
                    break
                role.insert(0, token)
        role_text = join_tokens([t for t in role if t.lower_ not in HONORIFICS and t.text not in _POSSESSIVE])
        if role_text and role_text[:1].isalpha():
            person.roles.append(role_text)
            person.role = person.role or role_text
        described = name[-1].head
        if name[-1].dep_ == "appos" and described.pos_ == "NOUN" and described.i < name[0].i:
            # `his father, Johann, encouraged him`: the noun the name stands beside, without its determiner
            person.roles.append(join_tokens([t for t in described.lefts if t.dep_ in ("amod", "compound")]
                                            + [described]))
        for child in name[-1].children:  # `Jennifer Rodstrom, a spokeswoman for ...`
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                appositive = join_tokens([t for t in child.subtree if t.dep_ != "det" and not t.is_punct])
                person.roles.append(appositive)
                person.role = person.role or appositive
        person.mentions.append(self._mention(name[-1]))
        person.mentions.sort(key=lambda m: m.position)

    def person_for(self, name: str, position: int, gender: str | None = None) -> Person | None:
        """The one person a name form means at a position, or None when no one or several fit."""
        parts = name_core(name_parts(name))
        if not parts:
            return None
        if len(parts) >= 2:
            fitting = [p for p in self.people if self._same_person(p, parts, name_suffix(name_parts(name)), gender)]
            if not fitting:
                fitting = [p for p in self.people if len(p.parts) > len(parts) and p.parts[-len(parts):] == parts]
        else:
            word = parts[0]
            fitting = [p for p in self.people if p.last == word and len(p.parts) >= 2]
            if not fitting:
                fitting = [p for p in self.people if p.parts and p.parts[0] == word and len(p.parts) >= 2]
            if not fitting:
                fitting = [p for p in self.people if len(p.parts) >= 2 and misspelled(word, p.last)]
                fitting = fitting if len(fitting) == 1 else []
            if not fitting:
                fitting = [p for p in self.people if p.parts == [word]]
        if gender:  # from a title: `Mr. Obama` is not Michelle Obama
            fitting = [p for p in fitting if (p.gender or p.likely_gender) in (None, gender)]
        if len(fitting) == 1:
            return fitting[0]
        if not fitting:
            return None
        return self._nearest(fitting, position)

    def ambiguous(self, name: str) -> bool:
        """Whether a short name fits several people of the article (`Greenspan` for Michael and Dorie)."""
        parts = name_core(name_parts(name))
        if len(parts) != 1:
            return False
        return len([p for p in self.people if p.last == parts[0] and len(p.parts) >= 2]) > 1

    def _nearest(self, people: list[Person], position: int) -> Person | None:
        """Of several people a short name fits, the one clearly most in view (mentioned in this paragraph or the
        two before, most salient by far: the subject of the sentence before); else no one."""
        paragraph = self.paragraph(position)
        sentence = self.sentence_at(position)
        scored = []
        for person in people:
            last = person.last_mention(position)
            if last is not None and paragraph - last.paragraph <= 2:
                scored.append((person.salience(position, sentence), person))
        scored.sort(key=lambda pair: -pair[0])
        if scored and (len(scored) == 1 or scored[0][0] >= 1.5 * scored[1][0]):
            return scored[0][1]
        if not scored:
            # no one in view: the one the article is about (`Clinton told the debate audience` in a story of
            # Hillary Clinton's campaign that names Bill Clinton once)
            counts = sorted(((len([m for m in p.mentions if m.position < position]), p) for p in people),
                            key=lambda pair: -pair[0])
            if counts[0][0] >= ARTICLE_SUBJECT_MENTIONS and counts[0][0] >= ARTICLE_SUBJECT_RATIO * counts[1][0]:
                return counts[0][1]
        return None

    # -- organisations -------------------------------------------------------------------------------

    def _collect_organizations(self) -> None:
        for ent in _bodies(self.doc):
            tokens = organization_tokens(ent)
            while tokens and (tokens[0].lower_ == "the" or tokens[0].is_lower or tokens[0].is_punct):  # `federal`
                tokens.pop(0)
            while tokens and (tokens[-1].is_punct or tokens[-1].text in _POSSESSIVE):
                tokens.pop()
            if self.glued_person([t.text for t in tokens]) is not None:
                tokens.pop()  # `the Washington Post Trump said`: the body, then who spoke
            if not tokens:
                continue
            name = join_tokens(tokens)
            if self._names_a_person(name):
                continue  # `Trump`, `the Weiners'`: what the recogniser took for a body is a person here
            org = next((o for o in self.organizations if o.name == name), None)
            if org is None:
                org = Organization(name, acronym_of(name))
                self.organizations.append(org)
            org.positions.append(ent.start_char)
            after = ent.doc[ent.end : ent.end + 3]
            if len(after) == 3 and after[0].text == "(" and after[2].text == ")" and after[1].text.isupper():
                org.acronym = after[1].text

    def glued_person(self, words: list[str]) -> Person | None:
        """The person whose surname the recogniser glued onto a body's name (`the Washington Post Trump said`):
        a surname of the article's people right after a word that ends a body's name."""
        if len(words) < 2 or words[-2].lower() not in ORGANIZATION_HEADS:
            return None
        people = [p for p in self.people if p.last == words[-1].lower() and len(p.parts) >= 2]
        return people[0] if len(people) == 1 else None

    def _names_a_person(self, name: str) -> bool:
        parts = name_core(name_parts(name))
        if len(parts) == 1:
            word = parts[0]
            return any(p.last in (word, word.removesuffix("s")) for p in self.people)
        return any(p.parts == parts for p in self.people)

    def organization_for(self, name: str, position: int) -> Organization | None:
        """An acronym (`EDC`) or a short form (`Post`, `the Church`) as the organisation's full name."""
        letters = name.replace(".", "")
        if letters.isupper() and 2 <= len(letters) <= 8:
            fitting = [o for o in self.organizations if o.acronym == letters and o.name.replace(".", "") != letters]
            if fitting:
                return fitting[0]
        words = name_parts(name)
        if len(words) >= 2:  # `Tax Policy Center` -> `Urban-Brookings Tax Policy Center`
            fuller = {o.name: o for o in self.organizations
                      if len(name_parts(o.name)) > len(words) and name_parts(o.name)[-len(words):] == words}
            if len(fuller) > 1:
                # `U.N. Security Council` beside `United Nations Security Council`: one body written two ways,
                # the words before the short form being the longest form's or their initials
                longest = max(fuller, key=len)
                initials = acronym_of(" ".join(longest.split()[: -len(words)]))
                if initials and all("".join(other.split()[: -len(words)]).replace(".", "").upper() == initials
                                    for other in fuller if other != longest):
                    return fuller[longest]
            return next(iter(fuller.values())) if len(fuller) == 1 else None
        if len(words) == 1 and any(words[0] in p.parts for p in self.people):
            return None  # `Clinton` is a person here, not the Clinton Foundation
        if len(words) == 1:
            fitting = [o for o in self.organizations if len(name_parts(o.name)) > 1
                       and (name_parts(o.name)[-1] == words[0] or name_parts(o.name)[0] == words[0])]
            names = {o.name for o in fitting}
            if len(names) == 1:
                return fitting[0]
        return None

    def organization_before(self, position: int, head: str) -> Organization | None:
        """`the ministry`, `the company`: the organisation mentioned last before, preferring one whose name
        has the description's noun."""
        best: tuple[int, int, Organization] | None = None
        paragraph = self.paragraph(position)
        for org in self.organizations:
            last = max((p for p in org.positions if p < position), default=None)
            if last is None or paragraph - self.paragraph(last) > 3:
                continue
            fits = int(head in name_parts(org.name))
            key = (fits, last)
            if best is None or key > best[:2]:
                best = (*key, org)
        if best is None:
            return None
        # `the newspaper` after `the Journal`: the body's full name when the article gives it
        return (self.organization_for(best[2].name, position) if " " not in best[2].name else None) or best[2]

    def named_force(self, noun: str) -> str | None:
        """`police said`: the one force the article names by its place (`the Charlotte-Mecklenburg police chief`,
        `Toronto police`, `the Toronto Police Service`), or None when it names none or several."""
        names = {org.name.lower(): org.name for org in self.organizations if noun in org.name.lower().split()[1:]}
        for token in self.doc:
            if token.lower_ != noun or token.ent_type_:
                continue
            place: list[Token] = []
            for before in reversed(token.doc[max(0, token.i - 4) : token.i]):
                hyphen = before.text == "-" and not before.whitespace_ and place
                if not (hyphen or before.pos_ == "PROPN" and before.text[:1].isupper()):
                    break
                place.insert(0, before)
            if place and place[0].text != "-":
                name = join_tokens([*place, token])
                names.setdefault(name.lower(), name)
        return next(iter(names.values())) if len(names) == 1 else None

    def person_with_role(self, head: str, position: int, modifiers: frozenset[str] = frozenset()) -> Person | None:
        """`the mayor`, `the former sergeant-at-arms`: the person the article gave that role, last before. A
        description's proper `modifiers` (lower case) must be in the role when it has any: `the Democratic
        nominee` is not the `Republican presidential nominee`."""
        fitting = []
        for person in self.people:
            if self._holds_role(person, head, modifiers):
                last = person.last_mention(position)
                if last is not None:
                    fitting.append((last.position, person))
        return max(fitting, key=lambda pair: pair[0])[1] if fitting else None

    def described_person(self, token: Token, gender: str | None, modifiers: frozenset[str],
                         favourite: Person | None = None, favourite_at: int | None = None,
                         not_named_in: str = "") -> Person | None:
        """`The Indiana governor said ...` after `Mike Pence says ...`: the person in view (named in this
        paragraph or the two before) that a description of someone already named means, ranked as a
        pronoun's antecedent is; never one the article gave the description's role in other words (`the
        Democratic nominee` is not the `Republican nominee`), nor one named in the description itself."""
        paragraph = self.paragraph(token.idx)
        head = token.lower_
        among = []
        for person in self.people:
            last = person.last_mention(token.idx)
            if last is None or paragraph - last.paragraph > 2:
                continue
            if gender is not None and (person.gender or person.likely_gender) not in (None, gender):
                continue  # (`the New York businessman` is no woman)
            if self._holds_role(person, head, frozenset()) and not self._holds_role(person, head, modifiers):
                continue  # (given the role in other words)
            among.append(person)
        return self.antecedent(token, gender, favourite=favourite, favourite_at=favourite_at,
                               not_named_in=not_named_in, among=among)

    def named_next(self, token: Token) -> Person | None:
        """`A former Democratic National Committee chairman says ...` then `..., said Don Fowler.`: the one
        person the next sentences bring into the article as a subject, whom a lede's description of someone
        not yet named introduces."""
        sentence = self.sentence(token)
        fitting = [person for person in self.people
                   if len(person.parts) >= 2 and person.mentions and person.mentions[0].position > token.idx
                   and sentence < person.mentions[0].sentence <= sentence + NAMED_NEXT_SENTENCES
                   and person.mentions[0].subject and not self.in_quote(person.mentions[0].position)
                   and self._speaks(person.mentions[0].position)]
        return fitting[0] if len(fitting) == 1 else None

    def _speaks(self, position: int) -> bool:
        """Whether the name at a position is the subject of a verb of saying (`Kevin Sullivan says`, `said Don
        Fowler`, `Jennifer Palmieri spoke to reporters`), not of another deed (`was taken to hospital`)."""
        index = min(bisect.bisect_left(self._token_starts, position), len(self.doc) - 1)
        token = self.doc[index]
        while token.dep_ in ("compound", "flat", "appos") and token.head is not token:
            token = token.head
        verb = token.head
        return verb.lemma_.lower() in SPEECH_VERBS or verb.lemma_.lower() == "speak"

    @staticmethod
    def _holds_role(person: Person, head: str, modifiers: frozenset[str]) -> bool:
        for role in person.roles:
            words = {PARTY_SYNONYMS.get(word, word) for word in name_parts(role)}
            if head in words and (not modifiers or modifiers & words):
                return True
        return False

    def salient_person(self, token: Token, gender: str | None = None) -> Person | None:
        """The person most in view at `token`: named in this paragraph or the two before, most salient; of
        `gender` when the description says (`the businessman`)."""
        paragraph = self.paragraph(token.idx)
        sentence = self.sentence(token)
        best: tuple[float, Person] | None = None
        for person in self.people:
            last = person.last_mention(token.idx)
            if last is None or paragraph - last.paragraph > 2:
                continue
            if gender and (person.gender or person.likely_gender) not in (None, gender):
                continue
            score = person.salience(token.idx, sentence)
            if best is None or score > best[0]:
                best = (score, person)
        return best[1] if best else None

    # -- pronouns ------------------------------------------------------------------------------------

    def _resolve_pronouns(self) -> None:
        """Every `he`/`she` outside quotations, in order, bound to the most salient person who fits."""
        for token in self.doc:
            lower = token.lower_
            if lower not in MALE_PRONOUNS and lower not in FEMALE_PRONOUNS:
                continue
            if self.in_quote(token.idx):
                continue
            gender = "male" if lower in MALE_PRONOUNS else "female"
            quoted, seen_from = self.reported_quotation(token) if token.dep_ in ("nsubj", "nsubjpass") else ("", None)
            person = self.antecedent(token, gender, not_named_in=quoted, seen_from=seen_from)
            if person is None:
                continue
            if person is self.governing_subject(token):
                person.likely_gender = gender  # a pronoun bound by the sentence says more than a first name
            else:
                person.likely_gender = person.likely_gender or gender
            mention = self._mention(token)
            mention.pronoun = True
            person.mentions.append(mention)
            person.mentions.sort(key=lambda m: m.position)

    def antecedent(self, token: Token, gender: str | None, favourite: Person | None = None,
                   not_named_in: str = "", favourite_at: int | None = None,
                   seen_from: int | None = None, among: list[Person] | None = None) -> Person | None:
        """The person a pronoun at `token` most likely means: gender agrees, most salient just before it. A
        person named in `not_named_in` (the quotation the pronoun's verb reports) is not its speaker: people
        quoted say `I`, not `Secretary Clinton` or `Hillary`. `favourite` is the last speaker, named as one at
        `favourite_at`. Salience is seen from `seen_from` when given (the start of the quotation the pronoun's
        verb reports after it: its sentences put no distance between the speaker and `he said`). A description
        (`the Indiana governor`) may leave the gender unknown (None) and the people to choose `among`."""
        sentence = self.sentence(token) if seen_from is None else self.sentence_at(seen_from)
        named = {word.lower().rstrip("'’-") for word in re.findall(r"\b[A-Z][\w'’-]+", not_named_in)}
        objects = self._objects_of(token)
        candidates = [person for person in (self.people if among is None else among)
                      if (gender is None or person.gender in (None, gender)) and not named.intersection(person.parts)
                      and person not in objects]
        if favourite is not None and self._taken_over(favourite, candidates, token.idx, gender, favourite_at):
            favourite = None
        governing = self.governing_subject(token)
        best: tuple[float, Person] | None = None
        for person in candidates:
            score = person.salience(token.idx, sentence)
            if score <= 0:
                continue
            hint = person.gender or person.likely_gender
            if gender is None:
                hint = None  # nothing to agree with: all alike
            agreement = 1.0 if hint == gender else 0.7 if hint is None else 0.3  # a first name can mislead
            score *= agreement
            if person is favourite:
                # the last speaker, unless known to be of the other gender
                score += PREVIOUS_SPEAKER_BONUS * (1.0 if hint in (None, gender) else agreement / 2)
            if person is governing:
                score += GOVERNING_SUBJECT_BONUS
            if seen_from is not None and hint == gender and sentence - person.mentions[0].sentence <= 1:
                score += INTRODUCTION_BONUS  # `... concerns Henry Crespo, president of ... "...," he said`
            if best is None or score > best[0]:
                best = (score, person)
        return best[1] if best and best[0] > 0.05 else None

    def _objects_of(self, token: Token) -> list[Person]:
        """The people named as the objects of the verb a pronoun is the subject of: never that pronoun's person
        (`He described Montalvo as ...`)."""
        if token.dep_ != "nsubj":
            return []
        objects = [child for child in token.head.children if child.dep_ in ("dobj", "dative")]
        return [person for child in objects if (person := self._named_at.get(child.idx)) is not None]

    def governing_subject(self, token: Token) -> Person | None:
        """The person named as the subject of a clause that holds the pronoun's own clause as a relative or
        adverbial clause (`Zenghelis described her as the most outstanding pupil he ever taught`: Zenghelis).
        Never the subject of the pronoun's own clause, which a `he` or `him` there does not mean (`Trump praised
        him`), nor of a clause that reports it (`Trump said she lied`)."""
        if token.dep_ not in ("nsubj", "nsubjpass"):
            return None  # `so he could ogle her figure`: only the subject of a clause is bound to the one above
        own = token.head
        if own.pos_ not in ("VERB", "AUX"):
            return None
        below = own
        for clause in own.ancestors:
            if below.dep_ in ("ccomp", "parataxis", "conj"):
                return None  # what someone says (`Trump said she lied`) is about anyone
            below = clause
            if clause.pos_ not in ("VERB", "AUX") or _bare_participle(clause):
                continue  # not a clause of its own (`with Weaver standing behind him as he urged`: Weaver's)
            for child in clause.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "PROPN":
                    return self._named_at.get(child.idx)
            return None  # a higher clause without a named subject: no say
        return None

    def _taken_over(self, favourite: Person, candidates: list[Person], before: int, gender: str,
                    spoke_at: int | None = None) -> bool:
        """Whether someone else of the pronoun's gender became the subject of a sentence, or was brought into
        the article, after the last speaker was last named, as a speaker (at `spoke_at`) or otherwise: (`...,
        added Rep. Jim Clyburn. Trump has record low support. He recently pitched`; `... concerns Henry Crespo,
        president of the caucus. "No one is writing songs for Hillary," he said.`)."""
        mention = favourite.last_mention(before)
        positions = [p for p in (mention.position if mention else None, spoke_at) if p is not None]
        if not positions:
            return False
        last_named = max(positions)
        named_in = self.sentence_at(last_named)
        for person in candidates:
            if person is favourite or gender is not None and (person.gender or person.likely_gender) != gender:
                continue
            mention = person.last_mention(before)
            if mention is not None and mention.position > last_named and (
                    mention.main or person.mentions[0].sentence > named_in):
                return True
        return False

