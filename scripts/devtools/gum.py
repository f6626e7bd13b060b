"""Speakers measured on GUM: news stories, interviews and biographies with gold coreference.

For every reporting verb (`said`, `told`, `wrote`, ...) and `according to` whose source is a gold person or
organisation with a name, the predicted speaker must be that entity's full name: its Wikipedia title, the
longest proper-name mention of its chain, or another first-and-last-name form of the chain
(`accepted_names`). Scored by the form of the source mention: full name, short name, pronoun, description.
The corpus and its format: ../shared/corpora/gum/README.md.
"""
from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from indexer.lexicon import TITLE_WORDS

REPORTING_LEMMAS = frozenset("""
say tell add state explain note claim announce report write ask reply respond answer argue insist warn suggest
comment confirm deny describe declare acknowledge admit recall conclude told
""".split())
SOURCE_TYPES = frozenset({"person", "organization"})
PRONOUNS = frozenset("he she they it i we you him her them me us his its their".split())


@dataclass
class Token:
    index: int  # in the document
    form: str
    lemma: str
    upos: str
    head: int  # document index of the head, -1 for root
    deprel: str
    start: int = 0
    end: int = 0


@dataclass
class Mention:
    entity: str
    etype: str
    first: int
    last: int
    identity: str | None


@dataclass
class GoldSource:
    doc: str
    cue: Token
    mention_text: str
    form: str  # full name, short name, pronoun, description
    names: set[str]
    canonical: str
    has_identity: bool = False


@dataclass
class GumDocument:
    name: str
    title: str
    text: str  # body paragraphs, blank lines between them
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def _entity_marks(misc: str):
    for part in misc.split("|"):
        if part.startswith("Entity="):
            yield from re.findall(r"\(\d+-[^()]*\)?|\d+\)", part[len("Entity="):])


def read(path: Path) -> GumDocument:
    lines = path.read_text(encoding="utf-8").splitlines()
    title, paragraphs, sentence, tokens, mentions = "", [], [], [], []
    open_mentions: dict[str, list] = {}
    base = 0
    first_sentence = True
    for line in lines + [""]:
        if line.startswith("# meta::title = "):
            title = line.split("= ", 1)[1]
        elif line.startswith("# newpar") and not line.startswith("# newpar_block"):
            paragraphs.append([])
        elif not line:
            if sentence:
                if first_sentence:
                    first_sentence = False  # the headline
                else:
                    paragraphs[-1].append(sentence)
                base += len(sentence)
                sentence = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            sentence.append(cols)
    # second pass: text with offsets, tokens and mentions, skipping the headline sentence
    text_parts: list[str] = []
    offset = 0
    doc_index = 0
    for paragraph in (p for p in paragraphs if p):
        if text_parts:
            text_parts.append("\n\n")
            offset += 2
        for s_no, cols_list in enumerate(paragraph):
            if s_no:
                text_parts.append(" ")
                offset += 1
            sent_base = doc_index
            for cols in cols_list:
                form, misc = cols[1], cols[9]
                head = int(cols[6]) if cols[6] != "_" else 0
                token = Token(doc_index, form, cols[2].lower(), cols[3], sent_base + head - 1 if head else -1,
                              cols[7], offset, offset + len(form))
                tokens.append(token)
                text_parts.append(form)
                offset += len(form)
                for mark in _entity_marks(misc):
                    if mark.startswith("("):
                        fields = mark.strip("()").split("-", 7)
                        entity = fields[0]
                        identity = fields[7] if len(fields) > 7 else None
                        open_mentions.setdefault(entity, []).append((doc_index, fields[1], identity))
                        if mark.endswith(")"):
                            first, etype, ident = open_mentions[entity].pop()
                            mentions.append(Mention(entity, etype, first, doc_index, ident))
                    else:
                        entity = mark.rstrip(")")
                        first, etype, ident = open_mentions[entity].pop()
                        mentions.append(Mention(entity, etype, first, doc_index, ident))
                if "SpaceAfter=No" not in misc:
                    text_parts.append(" ")
                    offset += 1
                doc_index += 1
            # drop a trailing space at the sentence's end
            if text_parts and text_parts[-1] == " ":
                text_parts.pop()
                offset -= 1
    return GumDocument(path.stem, title, "".join(text_parts), tokens, mentions)


def _mention_words(doc: GumDocument, mention: Mention) -> list[Token]:
    return doc.tokens[mention.first:mention.last + 1]


def _name_of(doc: GumDocument, mention: Mention) -> str | None:
    """The proper name a mention holds: the run of PROPN tokens around its head, less leading titles, when no
    common noun follows it inside the mention (`the State Department spokesperson` names no one)."""
    head = _head(doc, mention)
    if head is not None and head.upos != "PROPN" and doc.tokens[mention.last].upos == "PROPN":
        # `student Sehar Memon`: the name stands at the end, in apposition to the head noun
        first = mention.last
        while first - 1 > mention.first and doc.tokens[first - 1].upos == "PROPN":
            first -= 1
        if doc.tokens[first].head == head.index and doc.tokens[first].deprel in ("appos", "flat", "compound"):
            head = doc.tokens[mention.last]
    if head is None or head.upos != "PROPN":
        return None
    first = last = head.index
    while first - 1 >= mention.first and (doc.tokens[first - 1].upos == "PROPN" or (
            doc.tokens[first - 1].form in ("-", ".") and first - 2 >= mention.first
            and doc.tokens[first - 2].upos == "PROPN")):
        first -= 1
    while last + 1 <= mention.last and (doc.tokens[last + 1].upos == "PROPN" or (
            doc.tokens[last + 1].form in ("-",) and last + 2 <= mention.last
            and doc.tokens[last + 2].upos == "PROPN")):
        last += 1
    if last + 1 <= mention.last and doc.tokens[last + 1].upos in ("NOUN", "PROPN", "NUM"):
        return None
    while first < last and (doc.tokens[first].form.lower().rstrip(".") in TITLE_WORDS
                            or not doc.tokens[first].form[:1].isupper()):
        first += 1
    return doc.text[doc.tokens[first].start:doc.tokens[last].end]


def _head(doc: GumDocument, mention: Mention) -> Token | None:
    for token in _mention_words(doc, mention):
        if not mention.first <= token.head <= mention.last:
            return token
    return None


def normal(name: str) -> str:
    """A name compared without accents, case or punctuation; a hyphen is a space (GUM's tokens give
    `Al - Maeena` for `Al-Maeena`)."""
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    name = re.sub(r"[-‐–_]", " ", name)
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", name)).strip().lower()


def gold_sources(doc: GumDocument) -> list[GoldSource]:
    by_entity: dict[str, list[Mention]] = {}
    for mention in doc.mentions:
        by_entity.setdefault(mention.entity, []).append(mention)
    heads = {}
    for mention in doc.mentions:
        head = _head(doc, mention)
        if head is not None:
            heads.setdefault(head.index, []).append(mention)
    children: dict[int, list[Token]] = {}
    for token in doc.tokens:
        children.setdefault(token.head, []).append(token)
    golds = []
    for token in doc.tokens:
        source = None
        if token.lemma == "accord" and token.form.lower() == "according":
            # `according to X`: X has `according` as its case marker
            if token.head >= 0:
                source = doc.tokens[token.head]
        elif token.lemma in REPORTING_LEMMAS and token.upos == "VERB":
            subjects = [c for c in children.get(token.index, []) if c.deprel in ("nsubj",)]
            if subjects:
                source = subjects[0]
        if source is None or source.index not in heads:
            continue
        mention = min(heads[source.index], key=lambda m: m.last - m.first)
        if mention.etype not in SOURCE_TYPES:
            continue
        chain = by_entity[mention.entity]
        names = {n for n in (_name_of(doc, m) for m in chain) if n}
        identity = next((m.identity for m in chain if m.identity), None)
        if identity:
            identity = re.sub(r" \(.*\)$", "", urllib.parse.unquote(identity).replace("_", " "))
            names.add(identity)
        if not names:
            continue  # an unnamed source: nothing to hold a name against
        full = identity or max(names, key=lambda n: (len(n.split()), len(n)))
        words = " ".join(t.form for t in _mention_words(doc, mention))
        own = _name_of(doc, mention)
        if source.form.lower() in PRONOUNS:
            form = "pronoun"
        elif own is None:
            form = "description"
        elif len(own.split()) >= len(full.split()) or normal(own) == normal(identity or ""):
            form = "full name"
        else:
            form = "short name"
        golds.append(GoldSource(doc.name, token, words, form, names, full, bool(identity)))
    return golds


def documents(folder: Path, genres=("news", "interview", "bio")) -> list[GumDocument]:
    return [read(p) for p in sorted(folder.glob("GUM_*.conllu")) if p.stem.split("_")[1] in genres]


# Chains whose names the automatic reading gets wrong, checked by hand against the text.
CANONICAL_FIXES: dict[tuple[str, str], tuple[str, ...]] = {
    ("GUM_news_clock", "Islamic Relations Alia Salem"): ("Alia Salem",),
    ("GUM_news_crane", "Authority"): ("Civil Defense Authority", "Saudi Civil Defense Authority"),
    ("GUM_news_questionnaire", "Refugee Council Enver Solomon"): ("Enver Solomon",),
    ("GUM_news_taxes", "Undersecretary"): ("Toccafondi",),
    ("GUM_news_stampede", "Ministry of Interior"): ("Ministry of Interior", "Saudi Interior Ministry"),
    ("GUM_interview_daly", "Daly"): ("Marymegan Daly",),
    ("GUM_news_afghan", "Hamdullah Mohib"): ("Hamdullah Mohib",),
    ("GUM_news_nasa", "Christine Gregoire"): ("Christine Gregoire", "Chris Gregoire"),
    ("GUM_news_flag", "Emeritus Professor John Burrows"): ("John Burrows",),
}
_NAME = re.compile(r"^[^\W\d_][\w.'’ -]*$")


def accepted_names(gold: GoldSource) -> set[str]:
    """The names that count as the speaker's full name: the Wikipedia title, the longest proper-name form, and
    the chain's other first-and-last-name forms of the same person."""
    override = CANONICAL_FIXES.get((gold.doc, gold.canonical))
    if override:
        return {normal(name) for name in override}
    names = {n for n in gold.names if _NAME.match(n)}
    if not names:
        return {normal(gold.canonical)}
    longest = max(names, key=lambda n: (len(n.split()), len(n)))
    lasts = {gold.canonical.split()[-1].lower()} if gold.has_identity else {longest.split()[-1].lower()}
    accepted = {normal(longest), normal(gold.canonical)}
    accepted |= {normal(n) for n in names if len(n.split()) >= 2 and n.split()[-1].lower() in lasts}
    return accepted


FORMS = ("full name", "short name", "pronoun", "description")


@dataclass
class GumResult:
    """Gold sources, how many the extractor found a cue for, and how many of those got the right speaker."""

    total: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    right: Counter = field(default_factory=Counter)
    misses: list[tuple[GoldSource, str]] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)  # every predicted statement, for the quality report

    def accuracy(self, form: str | None = None) -> float:
        found = sum(self.found.values()) if form is None else self.found[form]
        right = sum(self.right.values()) if form is None else self.right[form]
        return right / found if found else 0.0

    def cue_recall(self) -> float:
        total = sum(self.total.values())
        return sum(self.found.values()) / total if total else 0.0


def score(golds: list[GoldSource], predicted: dict[tuple[str, int], str]) -> GumResult:
    """`predicted`: (document, character offset of the cue) -> speaker name."""
    result = GumResult()
    for gold in golds:
        result.total[gold.form] += 1
        key = (gold.doc, gold.cue.start)
        if key not in predicted:
            continue
        result.found[gold.form] += 1
        if normal(predicted[key]) in accepted_names(gold):
            result.right[gold.form] += 1
        else:
            result.misses.append((gold, predicted[key]))
    return result


def evaluate_gum(folder: Path, nlp=None) -> GumResult:
    """Extract from every document and score the speakers of its reporting verbs."""
    from indexer import Article
    from indexer.attribution import extract_attributions
    from indexer.nlp import load_pipeline
    from indexer.statements import statements_from_doc

    nlp = nlp or load_pipeline()
    golds: list[GoldSource] = []
    predicted: dict[tuple[str, int], str] = {}
    statements = []
    for document in documents(folder):
        golds += gold_sources(document)
        doc = nlp(document.text)
        attributions = extract_attributions(doc, headline=document.title)  # as an article's title is passed
        for attribution in attributions:
            if attribution.cue_start is not None:
                predicted[(document.name, attribution.cue_start)] = attribution.speaker.name
        # the quality report reads the statements as they are stored (their parts joined, marks balanced)
        article = Article(text=document.text, path=document.name, title=document.title)
        statements += [{"speaker": statement.speaker.to_dict(), "kind": statement.kind, "text": statement.text}
                       for statement in statements_from_doc(doc, article, attributions)]
    result = score(golds, predicted)
    result.statements = statements
    return result


def print_gum(result: GumResult, errors: bool = False) -> None:
    total = sum(result.total.values())
    print(f"GUM speakers: {total} gold sources of reporting verbs, cue found for {sum(result.found.values())} "
          f"({result.cue_recall():.1%}); speaker right for {result.accuracy():.1%} of those found")
    for form in FORMS:
        print(f"  {form:12} gold {result.total[form]:4}  found {result.found[form]:4}  right {result.right[form]:4}"
              f"  accuracy {result.accuracy(form):6.1%}")
    if errors:
        for gold, name in result.misses:
            print(f"  MISS {gold.doc}: {gold.cue.form!r} ({gold.form}, {gold.mention_text!r}) -> {name!r}, "
                  f"gold {gold.canonical!r}")
