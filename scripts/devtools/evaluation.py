"""Scoring extracted statements against gold annotations.

Two kinds of gold are supported:

- the hand-written gold of the seed articles (`tests/gold/seeds.json`, read by `load_seed_gold`), whose
  speakers are canonical names;
- PolNeAR brat files (`load_polnear_gold`), whose sources are mentions as written ("he", "the Post",
  "Trump"); with the hand-checked table of their canonical speakers (`load_canonical_speakers`,
  `with_canonical`), speakers are scored strictly by full name. Only attributions with a speech cue are
  gold; the others (beliefs, intentions, sources-less attributions) come back flagged `ignored`, and
  predictions on them count neither right nor wrong.

`align` pairs predictions with gold one-to-one and keeps the details for error listings; `match` returns
just the `Score`. Everything here is pure: no spaCy, no files other than the ones asked for.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

# --- gold records ---------------------------------------------------------------------------------------


@dataclass
class GoldStatement:
    """One gold statement: who said what, where in the article text.

    `start`/`end` are character offsets into the article text (for a discontinuous PolNeAR content, the
    smallest start and the largest end; its pieces are in `fragments`). `source_text` is set for PolNeAR
    gold only: the source mention as written; `source_is_pronoun` says whether that mention is a pronoun.
    `ignored` marks attributions that are not statements (a cue that is not a speech act, no source...):
    predictions overlapping them are excused rather than scored.
    """

    speaker: str
    kind: str
    text: str
    start: int
    end: int
    cue: str | None = None
    source_is_pronoun: bool = False
    source_text: str | None = None
    cited_source: str | None = None
    ignored: bool = False
    ignore_reason: str | None = None
    fragments: tuple[tuple[int, int], ...] = ()
    source_span: tuple[int, int] | None = None
    canonical: tuple[str, ...] = ()
    canonical_type: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start

    @property
    def discontinuous(self) -> bool:
        """Whether the content is made of several pieces (PolNeAR: `“A,” he said. “B.”`)."""
        return len(self.fragments) > 1


class SpeakerLike(Protocol):
    name: str


class StatementLike(Protocol):
    """What `match` needs from a prediction (an `indexer.model.Statement` fits)."""

    speaker: SpeakerLike
    kind: str
    text: str
    start: int
    end: int


# --- seed gold ------------------------------------------------------------------------------------------


def load_seed_gold(path: str | os.PathLike) -> dict[str, list[GoldStatement]]:
    """The hand-written seed gold, keyed by article file name, statements in text order."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    gold: dict[str, list[GoldStatement]] = {}
    for entry in data["articles"]:
        statements = [
            GoldStatement(
                speaker=item["speaker"],
                kind=item["kind"],
                text=item["text"],
                start=int(item["start"]),
                end=int(item["end"]),
                cue=item.get("cue"),
                cited_source=item.get("cited_source"),
            )
            for item in entry["statements"]
        ]
        gold[entry["file"]] = sorted(statements, key=lambda g: (g.start, g.end))
    return gold


# --- brat / PolNeAR -------------------------------------------------------------------------------------


@dataclass
class BratSpan:
    """A brat text-bound annotation (`T` line)."""

    id: str
    label: str
    fragments: list[tuple[int, int]]
    text: str

    @property
    def start(self) -> int:
        return min(start for start, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(end for _, end in self.fragments)


@dataclass
class BratDocument:
    """The spans and events of one .ann file."""

    spans: dict[str, BratSpan] = field(default_factory=dict)
    events: list[dict[str, str]] = field(default_factory=list)


_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


def parse_brat(ann_text: str) -> BratDocument:
    """Parse brat standoff text. Notes, relations and the stray lines that multi-line span texts leave
    behind are skipped; an `E` line becomes a {role: span id} dict (roles like Cue, Source, Content,
    Content2; the trigger role is dropped)."""
    document = BratDocument()
    for line in ann_text.splitlines():
        if match := _T_LINE.match(line):
            span_id, label, offsets, text = match.groups()
            fragments = [(int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))]
            document.spans[span_id] = BratSpan(span_id, label, fragments, text)
        elif match := _E_LINE.match(line):
            roles: dict[str, str] = {}
            for index, part in enumerate(match.group(2).split()):
                role, _, target = part.partition(":")
                if index == 0 or not target:  # the trigger (Attribution / Attribution-no-source)
                    continue
                roles[role] = target
            document.events.append(roles)
    return document


def _inflections(verb: str) -> set[str]:
    """Regular forms of a verb: note -> note, notes, noted, noting."""
    forms = {verb}
    if verb.endswith("e"):
        forms |= {verb + "s", verb + "d", verb[:-1] + "ing"}
    elif verb.endswith("y") and verb[-2:-1] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    elif verb.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {verb + "es", verb + "ed", verb + "ing"}
    else:
        forms |= {verb + "s", verb + "ed", verb + "ing"}
    return forms


_REGULAR_SPEECH_VERBS = """
    acknowledge add advise affirm allege announce answer argue ask assert assure boast brag caution
    charge claim comment complain concede conclude confirm contend continue counter declare deny echo
    emphasise emphasize exclaim explain inform insist joke lament maintain mention note observe pledge post
    predict proclaim promise pronounce recall recount reiterate remark repeat reply report respond retort
    retweet reveal scoff shout state stress suggest testify tweet urge vow warn whisper yell
""".split()

SPEECH_CUE_WORDS: frozenset[str] = frozenset(
    {form for verb in _REGULAR_SPEECH_VERBS for form in _inflections(verb)}
    | {"say", "says", "said", "saying", "tell", "tells", "told", "telling", "write", "writes", "wrote",
       "written", "writing", "speak", "speaks", "spoke", "spoken", "speaking", "read", "reads", "reading",
       "cry", "cries", "cried", "crying", "admit", "admits", "admitted", "admitting", "quip", "quips",
       "quipped", "quipping", "email", "emails", "emailed", "text", "texts", "texted"}
)
"""Word forms whose cue is a speech act (the cue's first content word is checked)."""

SPEECH_CUE_PHRASES = ("according to", "point out", "points out", "pointed out", "pointing out",
                      "went on to say", "goes on to say", "put it", "puts it")
"""Multi-word speech cues, matched anywhere in the cue."""

SPEECH_CUE_PUNCTUATION = frozenset({":", "—", "―", "–", "-"})
"""A cue that is only punctuation (a colon or a dash introducing a quote) is a speech cue."""

_CUE_SKIP_WORDS = frozenset("""
    has have had having also was were is are be been being will would could should may might can must did
    does do just even often again once later then previously repeatedly recently further not never first
    already still ever earlier originally initially quickly flatly simply publicly privately reportedly
    since last finally subsequently widely famously memorably not never now both all each only
""".split())

_PASSIVE_AUX = frozenset({"was", "were", "is", "are", "be", "been", "being"})
_PASSIVE_NOT_SPEECH = frozenset({"asked", "told"})  # "he was asked/told": the source is the hearer
_NEGATIONS = frozenset({"not", "never", "n't"})
_TOPIC_PREPOSITIONS = frozenset({"about", "of", "for", "to", "on", "against", "with"})
"""After the cue word these make the content a topic, not words said ("spoke about", "responded to")."""


def is_speech_cue(cue: str) -> bool:
    """Whether a cue (as annotated) is a speech act: said, has told, according to, a colon...

    The first word that is not an auxiliary or a light adverb decides; `according to`-style phrases and a
    cue made only of a colon or dash also count. Not speech: `was asked` / `was told` (the source is the one
    spoken to), negated cues (`did not mention`) and cues whose verb takes a topic (`spoke about`,
    `warned of`, `responded to`, `continued to call for`).
    """
    lowered = cue.lower().replace("’", "'").strip()
    if not lowered:
        return False
    if all(ch in SPEECH_CUE_PUNCTUATION or ch.isspace() for ch in lowered):
        return True
    padded = f" {' '.join(re.findall(r'[a-z]+', lowered))} "
    if any(f" {phrase} " in padded for phrase in SPEECH_CUE_PHRASES):
        return True
    words = re.findall(r"[a-z]+", lowered.replace("n't", " not"))
    passive = False
    for index, word in enumerate(words):
        if word in _NEGATIONS:
            return False
        if word in _CUE_SKIP_WORDS:
            passive = passive or word in _PASSIVE_AUX
            continue
        if passive and word in _PASSIVE_NOT_SPEECH:
            return False
        following = words[index + 1] if index + 1 < len(words) else None
        return word in SPEECH_CUE_WORDS and following not in _TOPIC_PREPOSITIONS
    return False


PRONOUNS: frozenset[str] = frozenset("""
    i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves who whom which one
""".split())


def is_pronoun(text: str) -> bool:
    """Whether a mention is just a pronoun ("he", "They", "who")."""
    return text.strip().lower().replace("’", "'") in PRONOUNS


QUOTE_OPENERS = frozenset("“\"«„")
QUOTE_CLOSERS = frozenset("”\"»“")


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of the double-quoted passages of `text`, marks included.

    Quotes are paired within a paragraph (a line); a quote left open runs to the end of its paragraph, as
    in news style where a multi-paragraph quote only closes in its last paragraph. Two single quotes
    (`''`, the New York Times' style in PolNeAR) count as a straight double quote; other single quotes are
    ignored (they are mostly apostrophes and nested quotes).
    """
    regions: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        opened: int | None = None
        for found in re.finditer(r"''|[\"“”«»„]", line):
            char = '"' if found.group() == "''" else found.group()
            if opened is None and char in QUOTE_OPENERS and char != "”":
                opened = found.start()
            elif opened is not None and char in QUOTE_CLOSERS and char not in "“„«":
                regions.append((position + opened, position + found.end()))
                opened = None
        if opened is not None:
            regions.append((position + opened, position + len(line)))
        position += len(line) + 1
    return regions


def quote_kind(text: str, fragments: Sequence[tuple[int, int]],
               regions: Sequence[tuple[int, int]] | None = None) -> str:
    """The kind of the content at `fragments` of `text`: "direct" if every word is inside quotation marks,
    "mixed" if one quoted passage covers two or more of its words, else "indirect"."""
    regions = quoted_regions(text) if regions is None else regions
    words = [(start + a, start + b) for start, end in fragments
             for a, b in (m.span() for m in re.finditer(r"\w+", text[start:end]))]
    if not words:
        return "indirect"
    inside: dict[int, int] = {}
    unquoted = 0
    for word_start, word_end in words:
        region = next((i for i, (a, b) in enumerate(regions) if a <= word_start and word_end <= b), None)
        if region is None:
            unquoted += 1
        else:
            inside[region] = inside.get(region, 0) + 1
    if not unquoted:
        return "direct"
    return "mixed" if any(count >= 2 for count in inside.values()) else "indirect"


def load_polnear_gold(ann_path: str | os.PathLike, text: str) -> list[GoldStatement]:
    """The attributions of one PolNeAR .ann file as gold statements, in text order.

    `text` is the article's .txt content (the offsets' reference). Each attribution gives one gold per
    Content span (`Content2` spans give a second one). Attributions are returned flagged `ignored` (with
    `ignore_reason`) when their cue is not a speech act ("non-speech cue"), they have no source ("no
    source") or no cue ("no cue").
    """
    document = parse_brat(Path(ann_path).read_text(encoding="utf-8"))
    regions = quoted_regions(text)
    gold: list[GoldStatement] = []
    for roles in document.events:
        contents = [document.spans[span_id] for role, span_id in sorted(roles.items())
                    if role.startswith("Content") and span_id in document.spans]
        if not contents:
            continue
        cue = document.spans.get(roles.get("Cue", ""))
        source = document.spans.get(roles.get("Source", ""))
        reason = None
        if cue is None:
            reason = "no cue"
        elif source is None:
            reason = "no source"
        elif not is_speech_cue(cue.text):
            reason = "non-speech cue"
        source_text = source.text if source else ""
        for content in contents:
            gold.append(GoldStatement(
                speaker=source_text,
                kind=quote_kind(text, content.fragments, regions),
                text=" ".join(text[a:b] for a, b in content.fragments),
                start=content.start,
                end=content.end,
                cue=cue.text if cue else None,
                source_is_pronoun=is_pronoun(source_text),
                source_text=source_text,
                fragments=tuple(content.fragments),
                source_span=(source.start, source.end) if source else None,
                ignored=reason is not None,
                ignore_reason=reason,
            ))
    return sorted(gold, key=lambda g: (g.start, g.end))


def offset_mapper(raw: str, loaded: str) -> Callable[[int], int]:
    """Map offsets in `raw` to offsets in `loaded`, where `loaded` is `raw` with characters removed and
    \\r / \\r\\n turned into \\n (what the article loader does). Identity when the two are equal."""
    if raw == loaded:
        return lambda offset: offset
    mapping = [0] * (len(raw) + 1)
    j = 0
    for i, char in enumerate(raw):
        mapping[i] = j
        if j < len(loaded) and (char == loaded[j] or (char == "\r" and loaded[j] == "\n"
                                                     and raw[i + 1 : i + 2] != "\n")):
            j += 1
    mapping[len(raw)] = j
    return lambda offset: mapping[max(0, min(offset, len(raw)))]


def remap_gold(gold: Iterable[GoldStatement], raw: str, loaded: str) -> list[GoldStatement]:
    """Gold with offsets moved from the raw file text to the loaded article text."""
    to_loaded = offset_mapper(raw, loaded)
    remapped = []
    for item in gold:
        fragments = tuple((to_loaded(a), to_loaded(b)) for a, b in item.fragments)
        remapped.append(replace(item, start=to_loaded(item.start), end=to_loaded(item.end), fragments=fragments))
    return remapped


# --- matching -------------------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})

NAME_STOPWORDS: frozenset[str] = frozenset("""
    the a an of and or for in on to at by with from as this that these those both all some many other
    another two three several few most each every no s 's
""".split()) | PRONOUNS

TITLE_WORDS: frozenset[str] = frozenset("""
    mr mrs ms miss mx dr sir dame lord lady sen senator rep representative congressman congresswoman gov
    governor president vice secretary gen general lt col maj capt sgt adm chairman chairwoman chair judge
    justice former prof professor rev st jr sr mayor minister prime foreign
""".split())
"""Honorifics and titles written before names: sharing only these ("President Obama", "President Trump")
does not make two speakers the same. Not the extractor's `indexer.lexicon.TITLE_WORDS`, which also holds roles
and institutions ("campaign", "White House", "state") and lacks abbreviations such as "jr", "st", "col": the
scoring rules stay fixed when the extractor's lexicon changes."""


def normalize_name(name: str) -> str:
    """Case-folded name with apostrophes unified and spaces collapsed."""
    return " ".join(name.translate(_APOSTROPHES).casefold().split())


def name_tokens(name: str, keep_titles: bool = False) -> set[str]:
    """The content tokens of a name or mention: lower case, possessive 's stripped, no stopwords and (unless
    `keep_titles`) no titles. "Sen. Bernie Sanders's" -> {"bernie", "sanders"}."""
    tokens = set()
    for token in re.findall(r"[\w']+", name.translate(_APOSTROPHES).casefold()):
        token = re.sub(r"'s?$", "", token).strip("'")
        if token and token not in NAME_STOPWORDS and (keep_titles or token not in TITLE_WORDS):
            tokens.add(token)
    return tokens


_LEADING_ARTICLE = re.compile(r"^(?:the|a|an) ")


def strict_name(name: str) -> str:
    """A name as the strict score compares it: case, apostrophes, dots and a leading article do not count."""
    return _LEADING_ARTICLE.sub("", normalize_name(name).replace(".", ""))


QUANTIFIERS = frozenset("some many one all several other others another both two three few most".split())


def strict_speaker_matches(predicted: StatementLike, gold: GoldStatement) -> bool:
    """The predicted speaker's name is the gold's canonical name or one of its recorded aliases. An unnamed
    source (`description`, `group`) is written in full in the gold ("political observers in Virginia and
    around the country"): a prediction that is its opening words, quantifiers aside ("political observers"),
    names the same source."""
    name = strict_name(predicted.speaker.name or "")
    if name in {strict_name(canonical) for canonical in gold.canonical}:
        return True
    if gold.canonical_type not in ("description", "group") or not name:
        return False
    words = name.split()
    while words and words[0] in QUANTIFIERS:
        words = words[1:]
    for canonical in gold.canonical:
        wanted = strict_name(canonical).split()
        while wanted and wanted[0] in QUANTIFIERS:
            wanted = wanted[1:]
        if words and wanted[: len(words)] == words:
            return True
    return False


def speaker_matches(predicted: StatementLike, gold: GoldStatement) -> bool:
    """Whether the predicted speaker is the gold speaker.

    Gold with `canonical` names (the hand-checked PolNeAR table): strictly, by `strict_speaker_matches`.
    Seed gold (canonical names): same name, ignoring case and apostrophe style, or the gold name is one of
    the predicted speaker's aliases. PolNeAR gold (mentions): for a pronoun source, any speaker that is not
    itself a pronoun; otherwise the predicted name (or one of its aliases) shares a content token with the
    source mention. A mention made only of titles ("the mayor", "the senator") is compared with titles kept,
    and with the predicted speaker's role too.
    """
    if gold.canonical:
        return strict_speaker_matches(predicted, gold)
    name = predicted.speaker.name or ""
    aliases = list(getattr(predicted.speaker, "aliases", None) or [])
    if gold.source_text is None:
        wanted = normalize_name(gold.speaker)
        return normalize_name(name) == wanted or any(normalize_name(alias) == wanted for alias in aliases)
    if is_pronoun(name) or not name.strip():
        return False
    if gold.source_is_pronoun:
        return True
    candidates = [name, *aliases]
    source = name_tokens(gold.source_text)
    if not source:  # "the mayor": a title is all there is to go on
        source = name_tokens(gold.source_text, keep_titles=True)
        role = getattr(predicted.speaker, "role", None)
        return any(name_tokens(candidate, keep_titles=True) & source for candidate in [*candidates, role or ""])
    return any(name_tokens(candidate) & source for candidate in candidates)


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Number of characters two ranges share."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def spans_match(predicted: StatementLike, gold: GoldStatement, threshold: float = 0.5) -> bool:
    """The spans overlap by at least `threshold` of the gold's length and of the prediction's length."""
    shared = overlap(predicted.start, predicted.end, gold.start, gold.end)
    return (shared > 0 and shared >= threshold * (gold.end - gold.start)
            and shared >= threshold * (predicted.end - predicted.start))


@dataclass
class Score:
    """Counts of one evaluation; scores add up with `+`.

    `fp` and `fn` include the span-only pairs (span right, speaker wrong): such a prediction is wrong and
    its gold is missed. `span_only` counts them separately. `excused` counts predictions that fell on an
    ignored (non-speech) attribution and were not scored. `kind_correct` counts true positives whose kind
    (direct / indirect / mixed) is right.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    span_only: int = 0
    kind_correct: int = 0
    excused: int = 0

    @property
    def predicted(self) -> int:
        """Scored predictions (excused ones left out)."""
        return self.tp + self.fp

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_correct / self.tp if self.tp else 0.0

    def __add__(self, other: Score) -> Score:
        if not isinstance(other, Score):
            return NotImplemented
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn,
                     self.span_only + other.span_only, self.kind_correct + other.kind_correct,
                     self.excused + other.excused)

    def __radd__(self, other: object) -> Score:
        if other == 0:  # sum() starts from 0
            return self
        return NotImplemented


@dataclass
class Alignment:
    """The outcome of `align`: the score and which prediction went where."""

    score: Score
    gold: list[GoldStatement] = field(default_factory=list)
    matches: list[tuple[StatementLike, GoldStatement]] = field(default_factory=list)
    span_only: list[tuple[StatementLike, GoldStatement]] = field(default_factory=list)
    false_positives: list[StatementLike] = field(default_factory=list)
    false_negatives: list[GoldStatement] = field(default_factory=list)
    excused: list[tuple[StatementLike, GoldStatement]] = field(default_factory=list)


def align(predicted: Sequence[StatementLike], gold: Sequence[GoldStatement],
          ignored: Iterable[GoldStatement] = (), threshold: float = 0.5) -> Alignment:
    """Pair predictions with gold statements one to one, greedily.

    Candidate pairs are those whose spans match (`spans_match`). Pairs with the right speaker are taken
    first, best overlap first; the remaining span matches are then paired as span-only. Gold flagged
    `ignored` is moved to `ignored`. A prediction paired with nothing that covers an ignored attribution
    by at least `threshold` of its own length is excused; any other unpaired prediction, and every
    span-only prediction, is a false positive.
    """
    ignored = [*ignored, *(item for item in gold if item.ignored)]
    gold = [item for item in gold if not item.ignored]

    candidates = []
    for p_index, pred in enumerate(predicted):
        for g_index, item in enumerate(gold):
            if spans_match(pred, item, threshold):
                shared = overlap(pred.start, pred.end, item.start, item.end)
                union = max(pred.end, item.end) - min(pred.start, item.start)
                candidates.append((not speaker_matches(pred, item), -shared / union, p_index, g_index))
    candidates.sort()

    used_pred: set[int] = set()
    used_gold: set[int] = set()
    found_gold: set[int] = set()  # paired with the right speaker
    alignment = Alignment(Score(), gold=list(gold))
    for wrong_speaker, _, p_index, g_index in candidates:
        if p_index in used_pred or g_index in used_gold:
            continue
        used_pred.add(p_index)
        used_gold.add(g_index)
        if not wrong_speaker:
            found_gold.add(g_index)
        pair = (predicted[p_index], gold[g_index])
        (alignment.span_only if wrong_speaker else alignment.matches).append(pair)

    for p_index, pred in enumerate(predicted):
        if p_index in used_pred:
            continue
        covering = next((item for item in ignored
                         if overlap(pred.start, pred.end, item.start, item.end)
                         >= threshold * max(1, pred.end - pred.start)), None)
        if covering is not None:
            alignment.excused.append((pred, covering))
        else:
            alignment.false_positives.append(pred)
    alignment.false_positives.extend(pred for pred, _ in alignment.span_only)
    alignment.false_positives.sort(key=lambda pred: pred.start)
    alignment.false_negatives = [item for g_index, item in enumerate(gold) if g_index not in found_gold]

    alignment.score = Score(
        tp=len(alignment.matches),
        fp=len(alignment.false_positives),
        fn=len(alignment.false_negatives),
        span_only=len(alignment.span_only),
        kind_correct=sum(pred.kind == item.kind for pred, item in alignment.matches),
        excused=len(alignment.excused),
    )
    return alignment


def is_piece_of(predicted: StatementLike, gold: GoldStatement, threshold: float = 0.5) -> bool:
    """Whether a prediction lies (for at least `threshold` of its length) inside a gold span, with the right
    speaker: a piece of a longer or discontinuous gold content. For error analysis; `align` scores such a
    prediction as a false positive when another prediction took the gold."""
    shared = overlap(predicted.start, predicted.end, gold.start, gold.end)
    return shared >= threshold * max(1, predicted.end - predicted.start) and speaker_matches(predicted, gold)


def match(predicted: Sequence[StatementLike], gold: Sequence[GoldStatement],
          ignored: Iterable[GoldStatement] = (), threshold: float = 0.5) -> Score:
    """The `Score` of predictions against gold (see `align` for the rules)."""
    return align(predicted, gold, ignored, threshold).score


# --- canonical speakers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CanonicalSpeaker:
    """A hand-checked row of a canonical speaker table: who a source mention is, by full name."""

    name: str
    aliases: tuple[str, ...]
    type: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def load_canonical_speakers(path: str | os.PathLike) -> dict[tuple[str, int, int], CanonicalSpeaker]:
    """The table `tests/gold/polnear_dev_speakers.tsv`: (article, source start, source end) -> speaker."""
    table = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
            key = (row["article"], int(row["source_start"]), int(row["source_end"]))
            table[key] = CanonicalSpeaker(row["canonical"].strip(), aliases, row["type"].strip())
    return table


def with_canonical(gold: Iterable[GoldStatement], article: str,
                   table: dict[tuple[str, int, int], CanonicalSpeaker]) -> tuple[list[GoldStatement], int]:
    """Gold with the canonical names of its sources (raw offsets, before `remap_gold`), and how many scored
    gold statements the table did not cover (those keep the lenient speaker rule)."""
    result, missing = [], 0
    for item in gold:
        speaker = table.get((article, *item.source_span)) if item.source_span else None
        if speaker is None:
            missing += not item.ignored
            result.append(item)
        else:
            result.append(replace(item, canonical=speaker.names, canonical_type=speaker.type))
    return result, missing
