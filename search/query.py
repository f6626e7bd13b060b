"""Understanding what people type: speaker names, a topic, quoted phrases and operators.

`what did Wang Yi say about supply chains` -> speakers ["wang-yi"], topic "supply chains".

Speaker names are recognised from the index's own speakers: full names, aliases, slugs, surnames of full
names, first names that are mostly one speaker's (`Hillary`), roles of two words or more (`the Chinese
foreign minister`), in any case and with a small typo (`Wang Yee`). Of several speakers a word names
(`Clinton`), the one quoted most. Titles before a name are part of it (`Secretary Clinton`, `Mr. Trump`) and
choose between speakers who share a surname (`President Clinton` is the former president). What follows
`about`, `on`, `regarding` is the topic even when it names someone (`what did Trump say about Clinton`), and
so is every name in a question that asks who (`who called Trump a con artist`). A lone word that the
statements use far more often than its speaker is quoted (`people`, `emails`, when the index has a speaker
of that name), or that belongs to a longer name (`Goldman Sachs`), stays a topic word: the topic search
covers speaker names too, so a name read as a topic still finds its speaker, while a topic read as a name
would hide everything else.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from whoosh.analysis import STOP_WORDS

from indexer.lexicon import NAME_TITLES

from .limits import Budget

MAX_QUERY_CHARS = 500
MAX_NGRAM = 5
MAX_SPEAKER_WORDS = 40  # speaker names are looked for in the first words only (bounded work on long input)
MAX_FUZZY_LOOKUPS = 100  # names looked up with a typo per question (each a pass over every name): all windows
# of a question of up to 17 words
MAX_NAME_WORD = 30  # a longer word (or one with a digit) is no part of a name, misspelt or not
QUESTION_WORDS = frozenset("""
    what whats what's who whom whose which when where why how did does do has have had say says said
    saying tell tells told talk talked talks about on regarding concerning re statement statements quote
    quotes quoted comment comments commented remarks remark think thinks thought anything something ever
    everything i me show find search give list all any by from of the a an was were been is are
    according claim claims claimed stated speak spoke spoken mention mentions mentioned
    he she they him her his hers them their theirs its my our
""".split())
HONORIFICS = frozenset("mr mrs ms miss mx dr sir dame madam mister".split())
# Words that stand before a name in a question (`Former Secretary of State Hillary Clinton`, `rival Trump`): the
# lexicon's titles, the abbreviations people type and words of comparison. Not the extractor's role words
# (`White`, `House`, `trade`, `security`), which in a question begin a speaker's name or are the topic.
QUESTION_TITLES = frozenset("american chinese gen opponent pres presumptive rival sec u.s".split())
TITLE_WORDS = NAME_TITLES | QUESTION_TITLES | HONORIFICS
ASKING_FOR_SPEAKER = frozenset({"who", "whom", "who's", "whoever"})
TOPIC_MARKERS = frozenset({"about", "on", "regarding", "concerning", "re"})
STOP = frozenset(STOP_WORDS) | QUESTION_WORDS | HONORIFICS
OPERATORS = frozenset({"AND", "OR", "NOT"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# A lone word is read as a speaker's name only if the speaker is quoted at least this often relative to
# the number of statements whose text uses the word (Trump: 555 statements, the word in 1131: a name;
# `people`, a speaker of 21 statements, the word in 595: a topic).
NAME_EVIDENCE = 0.1
# A first name alone names a speaker only if this share of the statements of all speakers with that first
# name is theirs (`Hillary`: Hillary Clinton; `John`: nobody).
FIRST_NAME_SHARE = 2 / 3
# A word used by this many statements is a word, not a misspelt name (`Clinton emails` is not `Clinton aides`).
KNOWN_WORD_USES = 3
_TOKEN = re.compile(r"\"[^\"]*\"|[-+]?[\w'’.]+(?:-[\w'’.]+)*", re.UNICODE)
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'"})


@dataclass
class SpeakerEntry:
    slug: str
    name: str
    statements: int
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # the most frequent: their words tell namesakes apart
    type: str = "person"
    every_role: list[str] = field(default_factory=list)  # each role once given: found as a phrase (`the nominee`)


def _words(text: str) -> list[str]:
    """The folded words of a name or role, without possessives and dots (`Mr. Trump's` -> mr trump)."""
    return [w for w in re.split(r"[^\w-]+", re.sub(r"['’]s\b", "", _fold(text))) if w]


class SpeakerDirectory:
    """Every speaker's names (and roles), for recognising them in a question.

    `vocabulary` maps the words of the statements' text to the number of statements using them; without
    it, every name counts as a name and every misspelling as a typo. `phrase_uses` counts the statements
    whose text has some words in a row (`goldman sachs`).
    """

    def __init__(self, entries: list[SpeakerEntry], vocabulary: Mapping[str, int] | None = None,
                 phrase_uses: Callable[[list[str]], int] | None = None):
        self.entries = {entry.slug: entry for entry in entries}
        self.vocabulary = vocabulary or {}
        self.phrase_uses = phrase_uses
        self.names: dict[str, list[str]] = {}
        self.surnames: dict[str, list[str]] = {}
        self.first_names: dict[str, list[str]] = {}
        self.roles: dict[str, list[str]] = {}
        self.role_words: dict[str, set[str]] = {}
        for entry in entries:
            for alias in {entry.name, *entry.aliases, entry.slug.replace("-", " ")}:
                key = _key(alias)
                if key:
                    self.names.setdefault(key, []).append(entry.slug)
            for key in _short_names(entry):
                self.surnames.setdefault(key, []).append(entry.slug)
            if first := _first_name(entry):
                self.first_names.setdefault(first, []).append(entry.slug)
            words: set[str] = set()
            for role in entry.roles:
                words.update(_words(role))
            for role in dict.fromkeys([*entry.roles, *entry.every_role]):
                if len(role.split()) >= 2:
                    self.roles.setdefault(_key(role), []).append(entry.slug)
            self.role_words[entry.slug] = words - STOP
        self._spellings: dict[str, list[str]] = {}
        for table in (self.names, self.surnames):
            for key, slugs in table.items():
                if len(key) >= 4:
                    self._spellings.setdefault(key, []).extend(slugs)
        self._order = {choice: i for i, choice in enumerate(self._spellings)}  # ties go to the first
        self._by_length = sorted(self._spellings, key=len)
        self._lengths = [len(choice) for choice in self._by_length]
        self._name_words = {word for choice in self._spellings for word in choice.split()}

    def best(self, slugs: list[str]) -> str:
        """Of several speakers with one name, the one quoted most."""
        return max(dict.fromkeys(slugs), key=lambda slug: (self.entries[slug].statements, slug))

    def candidates(self, text: str, roles_only: bool = False) -> list[str]:
        """Every speaker a name, surname, slug or role names exactly; a first name only if it is mostly one
        speaker's (`Hillary`, `Bernie`, not `John`)."""
        key = _key(text.replace("-", " ") if "-" in text and " " not in text else text)
        if roles_only:
            return list(dict.fromkeys(self.roles.get(key, [])))
        slugs = self.names.get(key, []) + self.surnames.get(key, [])
        if key in self.first_names:
            named = list(dict.fromkeys(self.first_names[key]))
            counts = [self.entries[slug].statements for slug in named]
            if max(counts) >= FIRST_NAME_SHARE * sum(counts):
                slugs += named
        if not slugs:
            slugs = self.roles.get(key, [])
        if not slugs and key.replace(" ", "-") in self.entries:
            slugs = [key.replace(" ", "-")]
        return list(dict.fromkeys(slugs))

    def lookup(self, text: str) -> str | None:
        """The speaker a name, slug or role names exactly, if any (the most quoted of several)."""
        slugs = self.candidates(text)
        return self.best(slugs) if slugs else None

    def fuzzy(self, text: str) -> tuple[str, list[str]]:
        """The name a slightly misspelt one means (`Wang Yee`), and its speakers; known words are no typos."""
        key = _key(text)
        if len(key) < 4 or not self._by_length or any(self._known_word(word) for word in key.split()):
            return "", []
        cutoff = 78 if " " in key else 88
        # fuzz.ratio is 100 * (1 - edits / (len(a) + len(b))), and two texts differ by at least their difference
        # in length: only names of lengths near the key's can reach the cutoff.
        spread = (200 - cutoff) / cutoff  # the longer of two texts reaching the cutoff is at most this many times
        low = bisect.bisect_left(self._lengths, int(len(key) / spread))  # as long as the other (rounded out)
        high = bisect.bisect_right(self._lengths, int(len(key) * spread) + 1)
        found = process.extract(key, self._by_length[low:high], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        if not found:
            return "", []
        top = max(score for _name, score, _i in found)
        match = min((name for name, score, _i in found if score == top), key=self._order.__getitem__), top
        name_words = set(match[0].split())
        if any(word not in name_words and self.vocabulary.get(word, 0) >= KNOWN_WORD_USES for word in key.split()):
            return "", []
        return match[0], list(dict.fromkeys(self._spellings[match[0]]))

    def _known_word(self, word: str) -> bool:
        """A word of the statements that is in no name: no misspelling of a name has it (`fuzzy` would refuse
        any match for it), so the names need not be searched."""
        return word not in self._name_words and self.vocabulary.get(word, 0) >= KNOWN_WORD_USES

    def is_common_word(self, word: str, slugs: list[str]) -> bool:
        """A lone word the statements use far more often than its speakers are quoted: a topic, not a name."""
        uses = self.vocabulary.get(_key(word), 0)
        quoted = max((self.entries[slug].statements for slug in slugs), default=0)
        return uses > 0 and quoted < NAME_EVIDENCE * uses

    def in_longer_name(self, word: str, neighbours: list[str], slugs: list[str]) -> bool:
        """A lone word that, with a word next to it, is a phrase the statements use more often than its
        speakers are quoted: part of another name (`Goldman Sachs` is not Jeffrey Sachs)."""
        if not self.phrase_uses:
            return False
        quoted = max((self.entries[slug].statements for slug in slugs), default=0)
        return any(self.phrase_uses(pair) > quoted for pair in neighbours_pairs(word, neighbours))

    def choose(self, slugs: list[str], titles: list[str]) -> str:
        """Of speakers sharing a name, the one the titles before it describe, else the one quoted most."""
        described = set(titles) - STOP - {"former"}
        if described:
            fits = {slug: len(described & self.role_words.get(slug, set())) for slug in slugs}
            top = max(fits.values())
            if top:
                return self.best([slug for slug, fit in fits.items() if fit == top])
        return self.best(slugs)


def neighbours_pairs(word: str, neighbours: list[str]) -> list[list[str]]:
    """[left, word] and [word, right] as folded words, for the neighbours given as [left, right]."""
    left, right = neighbours
    pairs = [[left, word]] if left else []
    return [[_key(a), _key(b)] for a, b in pairs + ([[word, right]] if right else [])]


def _fold(text: str) -> str:
    """Lower case, straight apostrophes, no accents, single spaces."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip().lower()


def _key(text: str) -> str:
    """A name as looked up: folded, without dots (`Donald J. Trump` and `donald j trump` are one key)."""
    return re.sub(r"\s+", " ", _fold(text).replace(".", " ")).strip()


def _name_words(entry: SpeakerEntry) -> list[str]:
    """The words of a person's full name written as a name (`Joseph R. Biden Jr.`), else []."""
    if entry.type != "person":
        return []
    words = entry.name.split()
    if len(words) < 2 or not all(w[0].isupper() and w.replace(".", "").replace("-", "").isalpha() for w in words):
        return []
    return [_key(w) for w in words]


def _usable(word: str) -> bool:
    return len(word) >= 2 and word not in STOP and word not in TITLE_WORDS


def _short_names(entry: SpeakerEntry) -> list[str]:
    """The surname (`Hillary Rodham Clinton` -> clinton), and with its suffix (`Donald Trump Jr.` -> trump jr)."""
    words = _name_words(entry)
    suffix = []
    while len(words) > 2 and words[-1] in NAME_SUFFIXES:
        suffix, words = [words[-1]], words[:-1]
    if not words or not _usable(words[-1]):
        return []
    return [words[-1]] + ([f"{words[-1]} {suffix[0]}"] if suffix else [])


def _first_name(entry: SpeakerEntry) -> str | None:
    words = _name_words(entry)
    return words[0] if words and len(words[0]) >= 3 and _usable(words[0]) else None


def clean_query(text: str) -> str:
    """A query string safe to parse: printable, bounded, balanced quotation marks, no field syntax."""
    text = "".join(ch if ch.isprintable() else " " for ch in text or "")[:MAX_QUERY_CHARS]
    text = text.translate(_QUOTES)
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
    mentions: list[tuple[str, str]] = field(default_factory=list)  # (speaker slug, the words naming them)
    terms: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    boolean: str | None = None

    @property
    def topic(self) -> str:
        """What the statements must be about, as a Whoosh query string (exclusions apart)."""
        return " ".join([f'"{phrase}"' for phrase in self.phrases] + ([self.boolean] if self.boolean else self.terms))

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


def parse_question(text: str, directory: SpeakerDirectory, budget: Budget | None = None) -> ParsedQuery:
    """Split a question into speakers (recognised from the index), phrases and topic words; names with a typo
    are looked for within the budget (a fresh one if none is given)."""
    cleaned = clean_query(text)
    parsed = ParsedQuery(text=cleaned.strip())
    words: list[str | None] = []
    for token in _TOKEN.findall(cleaned):
        if token.startswith('"'):
            phrase = " ".join(re.findall(r"[\w'.-]+", token))
            if phrase:
                parsed.phrases.append(phrase)
            words.append(None)
        elif token.startswith("-") and len(token) > 1:
            if excluded := token.lstrip("-").strip(".'"):
                parsed.excluded.append(excluded)
            words.append(None)
        else:
            words.append(token.lstrip("+").strip(".'") or None)
    with budget or Budget() as spending:
        _take_speakers(words, directory, parsed, spending)
    uses_operators = any(w in OPERATORS for w in words if w)
    rest = [w for w in words if w]
    if uses_operators:
        kept: list[str] = []
        for index, word in enumerate(rest):
            if word == "NOT":
                continue
            if index and rest[index - 1] == "NOT":
                if word not in OPERATORS:
                    parsed.excluded.append(word)
            elif word in OPERATORS or word.lower() not in STOP:
                kept.append(word)
        # No dangling or doubled operators.
        joined: list[str] = []
        for word in kept:
            if word in OPERATORS and (not joined or joined[-1] in OPERATORS):
                continue
            joined.append(word)
        while joined and joined[-1] in OPERATORS:
            joined.pop()
        parsed.boolean = " ".join(joined) or None
        parsed.terms = [w for w in joined if w not in OPERATORS]
    else:
        parsed.terms = [w for w in rest if (w.lower() not in STOP and len(w) > 1) or w.isdigit()]
    return parsed


def _take_speakers(words: list[str | None], directory: SpeakerDirectory, parsed: ParsedQuery,
                   budget: Budget) -> None:
    """Find speaker names in the words (longest first), replacing them and their titles with None.

    Names are looked for before the first topic marker (`about`, `on`, ...) only; names with a typo at most
    MAX_FUZZY_LOOKUPS times, of words that can be names, and not once the budget is spent.
    """
    end = next((i for i, w in enumerate(words) if w and w.lower() in TOPIC_MARKERS), len(words))
    end = min(end, MAX_SPEAKER_WORDS)
    first_word = next((w for w in words if w), None)
    if first_word and first_word.lower() in ASKING_FOR_SPEAKER:
        end = 0  # `who called Trump a con artist`: the speaker is what is asked, a name is the topic
    # A misspelt full name is tried before its exactly spelt part (`Wang Yee` is Wang Yi, not Wang + yee).
    passes = [(size, fuzzy) for size in range(MAX_NGRAM, 1, -1) for fuzzy in (False, True)]
    passes += [(1, False), (1, True)]
    fuzzy_lookups = 0
    for size, fuzzy in passes:
        if fuzzy and size == 1 and parsed.speakers:
            return
        for start in range(0, end - size + 1):
            window = words[start : start + size]
            if any(w is None for w in window):
                continue
            lowered = [w.lower() for w in window]  # type: ignore[union-attr]
            if lowered[0] in STOP or lowered[-1] in STOP or any(w in OPERATORS for w in window):
                continue
            if size == 1 and (lowered[0] in TITLE_WORDS or len(lowered[0]) < 2):
                continue
            if fuzzy and (fuzzy_lookups >= MAX_FUZZY_LOOKUPS or budget.spent or not all(map(_nameable, lowered))):
                continue
            phrase = " ".join(window)  # type: ignore[arg-type]
            if size > 1 and _key(lowered[0]) in TITLE_WORDS:
                # `Sen. Sanders`: a title and a name, found as such below; a role (`Chinese foreign minister`)
                # unless it is the title of a name that follows (`Former President Clinton`).
                following = words[start + size] if start + size < len(words) else None
                if fuzzy or (following and directory.candidates(following)):
                    continue
                name, slugs = phrase, directory.candidates(phrase, roles_only=True)
            elif fuzzy:
                fuzzy_lookups += 1
                name, slugs = directory.fuzzy(phrase)
                if slugs and _part_quoted_far_more(window, slugs, directory):
                    continue  # `Clinton emial`: Hillary Clinton and a misspelt topic, not the `Clinton ally`
            else:
                name, slugs = phrase, directory.candidates(phrase)
            if not slugs:
                continue
            if size == 1:
                neighbours = [_plain(words, start - 1), _plain(words, start + 1)]
                if directory.is_common_word(name, slugs) or directory.in_longer_name(name, neighbours, slugs):
                    continue
            first = start
            while first > 0 and words[first - 1] and _is_title(words[first - 1], slugs, directory):
                first -= 1
            titles = [_key(w) for w in words[first:start] if w]
            slug = directory.choose(slugs, titles)
            if slug not in parsed.speakers:
                parsed.speakers.append(slug)
            parsed.speaker_words.append(" ".join(w for w in words[first : start + size] if w))
            parsed.mentions.append((slug, phrase))
            words[first : start + size] = [None] * (start + size - first)


FAR_MORE_QUOTED = 10


def _part_quoted_far_more(window: list[str], slugs: list[str], directory: SpeakerDirectory) -> bool:
    """Whether one word of a misspelt name names, exactly, a speaker quoted far more than the name's best fit:
    the word is then that speaker, and the rest of the window is the question's topic."""
    fit = directory.entries[directory.best(slugs)].statements
    for word in window:
        exact = directory.candidates(word)
        if exact and set(exact) != set(slugs) and \
                directory.entries[directory.best(exact)].statements >= FAR_MORE_QUOTED * max(fit, 1):
            return True
    return False


def _nameable(word: str) -> bool:
    """Whether a word could be (part of) a name: not too long, no digits."""
    return len(word) <= MAX_NAME_WORD and not any(ch.isdigit() for ch in word)


def _is_title(word: str, slugs: list[str], directory: SpeakerDirectory) -> bool:
    """A word before a name that is part of how the name is introduced (`the`, `Sen.`, `Democratic`)."""
    key = _key(word)
    if key in TITLE_WORDS or key in ("the", "of"):
        return True
    return any(key in directory.role_words.get(slug, ()) for slug in slugs)


def _plain(words: list[str | None], index: int) -> str | None:
    """The word at `index` if it is an ordinary word (no stop word, operator or recognised name)."""
    if not 0 <= index < len(words) or not words[index]:
        return None
    word = words[index]
    return None if word.lower() in STOP or word in OPERATORS else word
