"""How well `check_quote` finds what a claim misquotes, and says so when nobody said it.

Claims are made from the index's own quoted statements: up to a third of their words changed, dropped or added,
with the real speaker named, with another speaker named, and with no speaker. Invented claims are sentences of
the articles' own narration that no statement holds (real English, on the same topics, that nobody said).

- changed, found first: the real statement is the first match (and close);
- swapped speaker, told: the check says the words are someone else's;
- invented, nothing close: the check says no statement is close.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from search.checking import check_quote

MIN_WORDS, MAX_WORDS = 8, 40


@dataclass
class CheckFigures:
    changed: int = 0
    changed_found: int = 0
    swapped: int = 0
    swapped_told: int = 0
    invented: int = 0
    invented_nothing: int = 0
    misses: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, int, int]]:
        return [("changed claims: the real statement first", self.changed_found, self.changed),
                ("another speaker named: said to be someone else's", self.swapped_told, self.swapped),
                ("invented claims: nothing close", self.invented_nothing, self.invented)]

    def share(self, found: int, total: int) -> float:
        return found / total if total else 0.0


def _statements(service) -> list[dict]:
    searcher = service.index.searcher()
    return [fields["payload"] for fields in searcher.all_stored_fields() if "payload" in fields
            and fields["payload"].get("kind") in ("direct", "mixed")]


def changed_claim(text: str, vocabulary: list[str], rng: random.Random) -> str:
    """`text` with between one word and a third of its words changed, dropped or added."""
    words = text.split()
    for _ in range(rng.randint(1, max(1, len(words) // 3))):
        position = rng.randrange(len(words))
        action = rng.choice(("change", "drop", "add"))
        if action == "change":
            words[position] = rng.choice(vocabulary)
        elif action == "drop" and len(words) > MIN_WORDS // 2:
            del words[position]
        else:
            words.insert(position, rng.choice(vocabulary))
    return " ".join(words)


def _narration(service, rng: random.Random, count: int) -> list[str]:
    """Sentences of the articles outside every statement and every quotation: things nobody is reported saying."""
    from search.schema import ARTICLES

    searcher = service.index.searcher(ARTICLES)
    sentences = []
    for fields in searcher.all_stored_fields():
        article = fields.get("payload")
        if not article or "text" not in article or "statements" not in article:
            continue
        text = article["text"]
        taken = [(s["start"], s["end"]) for s in article["statements"]]
        for match in re.finditer(r"[A-Z][^.!?\n\"“”]{40,220}[.!?]", text[article.get("body_start", 0):]):
            start = match.start() + article.get("body_start", 0)
            end = start + len(match.group())
            if not any(a < end and b > start for a, b in taken):
                sentences.append(match.group())
    rng.shuffle(sentences)
    return sentences[:count]


def measure_checks(service, count: int = 200, seed: int = 7) -> CheckFigures:
    rng = random.Random(seed)
    statements = [s for s in _statements(service) if MIN_WORDS <= len(s["text"].split()) <= MAX_WORDS]
    rng.shuffle(statements)
    sample = statements[:count]
    vocabulary = [w for s in statements[:2000] for w in s["text"].split() if w.isalpha()] or ["word"]
    speakers = sorted({s["speaker"]["name"] for s in statements if s["speaker"].get("type") == "person"})
    figures = CheckFigures()
    for number, statement in enumerate(sample):
        claim = changed_claim(statement["text"], vocabulary, rng)
        name = statement["speaker"]["name"]
        form = number % 3
        if form == 0:
            claim = f"{name} said {claim}"
        elif form == 1:
            claim = f"\u201c{claim}\u201d"
        result = check_quote(service, claim)
        figures.changed += 1
        if result.close and result.matches[0].statement.id == statement["id"]:
            figures.changed_found += 1
        else:
            figures.misses.append(f"changed: {claim[:100]}")
        others = [s for s in speakers if s != name and s.split()[-1] != name.split()[-1]]
        if others and number % 2 == 0:
            other = rng.choice(others)
            result = check_quote(service, f"{other} said \u201c{statement['text']}\u201d")
            figures.swapped += 1
            if result.close and result.matches[0].by_claimed_speaker is False and "but by" in result.verdict:
                figures.swapped_told += 1
            else:
                figures.misses.append(f"swapped to {other}: {statement['text'][:80]}")
    for sentence in _narration(service, rng, count):
        result = check_quote(service, sentence)
        figures.invented += 1
        if not result.close:
            figures.invented_nothing += 1
        else:
            figures.misses.append(f"invented: {sentence[:80]} ~ {result.matches[0].statement.text[:60]}")
    return figures


def print_checks(label: str, figures: CheckFigures, verbose: bool = False) -> None:
    print(f"quote check on {label}:")
    for title, found, total in figures.rows():
        print(f"  {title:50} {found:4} / {total:4}  {figures.share(found, total):6.1%}")
    if verbose:
        for miss in figures.misses[:30]:
            print(f"    miss: {miss}")
