"""Scoring the search against the relevance set in tests/relevance/queries.json: mean reciprocal rank and
recall at 5.

Each query lists the statements that must come first. A statement is named so that it survives changes of
the extractor (which renumber statement ids): the article's file name without `.txt`, a distinctive piece
of the statement's text (compared case-insensitively, with straight quotes and single spaces) and, where the
extractor gets it right, the speaker's slug. An item with only `speaker` stands for any statement of that
speaker (for questions like `what did Pence say`).

- Reciprocal rank: 1 / the rank of the first relevant result among the first 10, else 0.
- Recall at 5: of the listed statements, the share found in the first 5 results (at most 5 count). A
  speaker item counts as min(5, the speaker's statements) wanted results, and each of their statements in
  the first 5 as one found.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from search import Filters, SearchService

from . import ROOT

RELEVANCE = ROOT / "tests" / "relevance"
QUERIES = RELEVANCE / "queries.json"
POLNEAR_SUBSET = RELEVANCE / "polnear"  # text/ and metadata.tsv: the PolNeAR articles the set's answers are in
DEPTH = 10
CUTOFF = 5


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass
class Item:
    """One statement that must come first (or, with only `speaker`, any statement of that speaker)."""

    article: str | None = None
    text: str | None = None
    speaker: str | None = None

    @property
    def is_speaker(self) -> bool:
        return not (self.article or self.text)

    def matches(self, statement: dict) -> bool:
        speaker = statement["speaker"]
        if self.speaker and self.speaker not in (speaker["slug"], (speaker.get("form") or {}).get("slug")):
            return False  # an item names the speaker as its article does, or as the archive does
        if self.article and Path(statement["article"].get("path") or "").stem != self.article:
            return False
        return not self.text or _norm(self.text) in _norm(statement["text"])


@dataclass
class Case:
    id: str
    corpus: str
    q: str
    relevant: list[Item]
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    note: str = ""

    def articles(self) -> set[str]:
        return {item.article for item in self.relevant if item.article}

    def search_filters(self) -> Filters:
        values = {k: date.fromisoformat(v) if k.endswith(("_from", "_to")) else v for k, v in self.filters.items()}
        return Filters(**values)


@dataclass
class Outcome:
    case: Case
    rank: int | None  # of the first relevant result, 1-based, within DEPTH
    recall: float
    top: list[dict]

    @property
    def reciprocal_rank(self) -> float:
        return 1.0 / self.rank if self.rank else 0.0


def load_cases(path: Path = QUERIES) -> list[Case]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Case(id=row["id"], corpus=row["corpus"], q=row["q"], relevant=[Item(**i) for i in row["relevant"]],
                 filters=row.get("filters", {}), sort=row.get("sort", "relevance"), note=row.get("note", ""))
            for row in data["queries"]]


def restricted(case: Case, subset: Path = POLNEAR_SUBSET) -> Case | None:
    """The case with only its answers in the fixed PolNeAR subset of articles (which the test suite
    indexes), or None if none is; speaker items stay."""
    names = {p.stem for p in (subset / "text").glob("*.txt")}
    items = [item for item in case.relevant if not item.article or item.article in names]
    return replace(case, relevant=items) if items else None


def evaluate(service: SearchService, case: Case) -> Outcome:
    results = service.search(case.q, case.search_filters(), per_page=DEPTH, sort=case.sort)
    top = [hit.statement for hit in results.hits]
    rank = next((n for n, st in enumerate(top, 1) if any(item.matches(st) for item in case.relevant)), None)
    wanted = found = 0
    for item in case.relevant:
        if item.is_speaker:
            total = service.search("", Filters(speaker=item.speaker), per_page=1).total
            wanted += min(CUTOFF, total)
            found += sum(item.matches(st) for st in top[:CUTOFF])
        else:
            wanted += 1
            found += any(item.matches(st) for st in top[:CUTOFF])
    wanted = min(wanted, CUTOFF)
    return Outcome(case, rank, min(found, wanted) / wanted if wanted else 0.0, top)


def summarise(outcomes: list[Outcome]) -> dict[str, float]:
    if not outcomes:
        return {"queries": 0, "mrr": 0.0, "recall@5": 0.0}
    return {
        "queries": len(outcomes),
        "mrr": sum(o.reciprocal_rank for o in outcomes) / len(outcomes),
        "recall@5": sum(o.recall for o in outcomes) / len(outcomes),
    }


def missing_answers(service: SearchService, case: Case) -> list[Item]:
    """Listed statements that are not in the index at all (a changed extractor, or a mistyped item)."""
    gone = []
    for item in case.relevant:
        if item.is_speaker:
            if not service.search("", Filters(speaker=item.speaker), per_page=1).total:
                gone.append(item)
            continue
        query = " ".join(re.findall(r"\w+", item.text or ""))
        found = service.speaker(item.speaker) if item.speaker else None  # a merged name leads to its speaker
        filters = Filters(speaker=found.slug if found else item.speaker) if item.speaker else None
        candidates = service.search(f'"{query}"' if query else "", filters, per_page=100).hits
        if not any(item.matches(hit.statement) for hit in candidates):
            gone.append(item)
    return gone
