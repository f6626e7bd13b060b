"""The extractor measured against gold annotations: seeds and PolNeAR, scored with `evaluation.align`.

Corpora:
- seeds: seeds/*.txt against the hand-written gold in tests/gold/seeds.json (canonical speaker names);
- PolNeAR: SPLIT/text/*.txt against the first annotator's SPLIT/attributions/NAME_ANN.ann. Only speech
  attributions are gold; non-speech ones (beliefs, intentions), source-less ones and those outside the
  article body (headlines) are ignored: predictions on them count neither right nor wrong.

`measure` runs the extractor over the corpora asked for and prints the table (and the error listing);
`evaluate_seeds` and `evaluate_polnear` are what the accuracy tests call.
"""

from __future__ import annotations

import csv
import sys
import textwrap
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from indexer.loading import Skipped, load_paths
from indexer.model import Article

from . import ROOT
from .evaluation import (
    Alignment,
    GoldStatement,
    Score,
    align,
    is_piece_of,
    load_canonical_speakers,
    load_polnear_gold,
    load_seed_gold,
    remap_gold,
    with_canonical,
)

CANONICAL_SPEAKERS = ROOT / "tests" / "gold" / "polnear_dev_speakers.tsv"
"""Hand-checked canonical speakers of the PolNeAR dev articles (tests/gold/README.md); the fixed sample is drawn
from dev, so it is scored strictly too."""


@dataclass
class ArticleResult:
    """One article's alignment, with what is needed to print its errors."""

    name: str
    group: str
    article: Article
    alignment: Alignment
    ignored: Counter = field(default_factory=Counter)
    strict: Alignment | None = None  # speakers scored by canonical name, where a table gives them
    uncovered: int = 0  # scored gold statements the canonical table has no row for
    statements: list = field(default_factory=list)  # what the extractor found, for the quality report


@dataclass
class CorpusResult:
    name: str
    articles: list[ArticleResult] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def score(self) -> Score:
        return sum((result.alignment.score for result in self.articles), Score())

    @property
    def strict_score(self) -> Score | None:
        """The strict score, when the canonical table covers every scored gold statement."""
        if not self.articles or any(result.strict is None or result.uncovered for result in self.articles):
            return None
        return sum((result.strict.score for result in self.articles), Score())

    def by_group(self) -> dict[str, Score]:
        groups: dict[str, Score] = {}
        for result in self.articles:
            groups[result.group] = groups.get(result.group, Score()) + result.alignment.score
        return dict(sorted(groups.items()))


def resolve_path(raw: str) -> Path:
    """A path as given, else relative to the repository root."""
    path = Path(raw)
    return path if path.exists() or path.is_absolute() else ROOT / path


def first_annotation(folder: Path, stem: str) -> Path | None:
    """The first annotator's .ann file for an article (NAME_ANNOTATOR.ann, sorted)."""
    candidates = sorted(path for path in folder.glob(f"{stem}_*.ann") if "_" not in path.stem[len(stem) + 1 :])
    return candidates[0] if candidates else None


def publishers(metadata: Path) -> dict[str, str]:
    if not metadata.is_file():
        return {}
    with metadata.open(encoding="utf-8", newline="") as handle:
        return {row["filename"]: row.get("publisher") or "?" for row in csv.DictReader(handle, delimiter="\t")}


def extracted(extractor, articles: Iterable[Article | Skipped], total: int, label: str,
              skipped: list[Skipped]) -> Iterator[tuple[Article, list]]:
    """(article, statements) pairs with a progress bar on stderr; Skipped inputs are collected."""
    def readable() -> Iterator[Article]:
        for item in articles:
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                yield item

    progress = tqdm(total=total, desc=label, unit="article", file=sys.stderr, leave=False)
    for article, statements in extractor.extract_many(readable()):
        progress.update()
        yield article, statements
    progress.close()


def evaluate_seeds(extractor, seeds: Path, gold_path: Path) -> CorpusResult:
    gold = load_seed_gold(gold_path)
    result = CorpusResult("seeds")
    files = [seeds / name for name in sorted(gold)]
    for article, statements in extracted(extractor, load_paths(files), len(files), "seeds", result.skipped):
        name = Path(article.path).name
        result.articles.append(ArticleResult(name, "seeds", article, align(statements, gold[name]),
                                             statements=statements))
    return result


def evaluate_polnear(extractor, text_dir: Path, ann_dir: Path, metadata: Path, label: str,
                     limit: int | None, canonical: Path | None = None) -> CorpusResult:
    """PolNeAR scored as annotated (mentions); with a `canonical` table, also strictly by full name."""
    result = CorpusResult(label)
    table = load_canonical_speakers(canonical) if canonical is not None and canonical.is_file() else None
    outlet = publishers(metadata)
    files = sorted(path for path in text_dir.glob("*.txt") if first_annotation(ann_dir, path.stem))
    if limit is not None:
        files = files[:limit]
    for article, statements in extracted(extractor, load_paths(files), len(files), label, result.skipped):
        path = Path(article.path)
        raw = path.read_text(encoding="utf-8")
        gold = load_polnear_gold(first_annotation(ann_dir, path.stem), raw)
        uncovered = 0
        if table is not None:
            gold, uncovered = with_canonical(gold, path.stem, table)
        gold = remap_gold(gold, raw, article.text)
        body_end = len(article.text) if article.body_end is None else article.body_end
        marked: list[GoldStatement] = []
        for item in gold:
            inside = max(0, min(item.end, body_end) - max(item.start, article.body_start))
            if not item.ignored and inside < 0.5 * max(1, item.end - item.start):
                item = replace(item, ignored=True, ignore_reason="outside body")
            marked.append(item)
        ignored = Counter(item.ignore_reason for item in marked if item.ignored)
        lenient = [replace(item, canonical=()) for item in marked]
        strict = align(statements, marked) if table is not None else None
        result.articles.append(ArticleResult(path.stem, outlet.get(path.stem, path.stem.split("_")[0]),
                                             article, align(statements, lenient), ignored, strict, uncovered,
                                             statements))
    return result


# --- report ---------------------------------------------------------------------------------------------

HEADER = (f"{'corpus':<24} {'docs':>5} {'gold':>5} {'pred':>5} {'TP':>5} {'FP':>5} {'FN':>5} {'span':>5} "
          f"{'excus':>5} {'P':>6} {'R':>6} {'F1':>6} {'kind':>6}")


def row(name: str, docs: int, score: Score) -> str:
    return (f"{name:<24} {docs:>5} {score.gold:>5} {score.predicted:>5} {score.tp:>5} {score.fp:>5} "
            f"{score.fn:>5} {score.span_only:>5} {score.excused:>5} {score.precision:>6.1%} "
            f"{score.recall:>6.1%} {score.f1:>6.1%} {score.kind_accuracy:>6.1%}")


def print_table(corpora: list[CorpusResult]) -> None:
    print(HEADER)
    print("-" * len(HEADER))
    for corpus in corpora:
        print(row(corpus.name, len(corpus.articles), corpus.score))
        groups = corpus.by_group()
        if len(groups) > 1:
            for group, score in groups.items():
                docs = sum(result.group == group for result in corpus.articles)
                print(row(f"  {group}", docs, score))
    if len(corpora) > 1:
        print("-" * len(HEADER))
        print(row("overall", sum(len(c.articles) for c in corpora), sum((c.score for c in corpora), Score())))
    strict = [(corpus, corpus.strict_score) for corpus in corpora if corpus.strict_score is not None]
    if strict:
        print("-" * len(HEADER))
        for corpus, score in strict:
            print(row(f"{corpus.name} strict", len(corpus.articles), score))
    print()
    print("gold: scored gold statements; pred: scored predictions (excused ones left out); span: span right but")
    print("speaker wrong (counted in FP and FN too); excus: predictions on ignored (non-speech) attributions;")
    print("kind: direct/indirect/mixed accuracy over TP. strict: the speaker must be the canonical full name")
    print("(or a recorded alias) of tests/gold/polnear_dev_speakers.tsv, not a name sharing a word with the mention.")
    for corpus in corpora:
        ignored = sum((result.ignored for result in corpus.articles), Counter())
        if ignored:
            details = ", ".join(f"{count} {reason}" for reason, count in ignored.most_common())
            print(f"{corpus.name}: ignored gold attributions: {details}")
        discontinuous = sum(gold.discontinuous for result in corpus.articles
                            for gold in result.alignment.false_negatives)
        pieces = sum(any(is_piece_of(pred, gold) for gold in result.alignment.gold)
                     for result in corpus.articles for pred in result.alignment.false_positives)
        if pieces or discontinuous:
            print(f"{corpus.name}: {pieces} FP are pieces of a longer gold content (inside its span, right "
                  f"speaker); {discontinuous} FN are discontinuous gold contents (“A,” he said. “B.”)")
        uncovered = sum(result.uncovered for result in corpus.articles)
        if uncovered and corpus.strict_score is None and any(r.strict for r in corpus.articles):
            print(f"{corpus.name}: {uncovered} gold statements have no canonical speaker row: no strict score")
        for skipped in corpus.skipped:
            print(f"{corpus.name}: skipped {skipped.path}: {skipped.reason}")


def snippet(text: str, width: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def print_errors(corpora: list[CorpusResult]) -> None:
    indent = " " * 6
    for corpus in corpora:
        for result in corpus.articles:
            alignment = result.alignment
            kind_errors = [(p, g) for p, g in alignment.matches if p.kind != g.kind]
            span_only = {id(pred) for pred, _ in alignment.span_only}
            span_only_gold = {id(gold) for _, gold in alignment.span_only}
            false_positives = [pred for pred in alignment.false_positives if id(pred) not in span_only]
            false_negatives = [gold for gold in alignment.false_negatives if id(gold) not in span_only_gold]
            lenient_right = {id(pred) for pred, _ in alignment.matches}
            strict_only = [(pred, gold) for pred, gold in (result.strict.span_only if result.strict else ())
                           if id(pred) in lenient_right]  # right by a shared word, wrong by full name
            if not (false_positives or false_negatives or alignment.span_only or kind_errors or strict_only):
                continue
            print(f"\n=== {corpus.name}: {result.name}  ({alignment.score.tp} TP, {alignment.score.fp} FP, "
                  f"{alignment.score.fn} FN)")
            for pred, gold in alignment.span_only:
                print(f"  SPEAKER  predicted {pred.speaker.name!r}, gold {gold.speaker!r}  [{pred.start}:{pred.end}]")
                print(textwrap.indent(snippet(pred.text), indent))
            for pred in false_positives:
                print(f"  FP       {pred.speaker.name!r} ({pred.kind}, cue {pred.cue!r})  [{pred.start}:{pred.end}]")
                print(textwrap.indent(snippet(pred.text), indent))
            for gold in false_negatives:
                print(f"  FN       {gold.speaker!r} ({gold.kind}, cue {gold.cue!r})  [{gold.start}:{gold.end}]")
                print(textwrap.indent(snippet(gold.text), indent))
            for pred, gold in kind_errors:
                print(f"  KIND     predicted {pred.kind}, gold {gold.kind}: {pred.speaker.name!r}  "
                      f"[{pred.start}:{pred.end}]")
                print(textwrap.indent(snippet(pred.text), indent))
            for pred, gold in strict_only:
                print(f"  STRICT   predicted {pred.speaker.name!r}, canonical {gold.canonical[0]!r} "
                      f"({gold.canonical_type}; mention {gold.speaker!r})  [{pred.start}:{pred.end}]")


@dataclass(frozen=True)
class PolnearSource:
    """Where a PolNeAR-style corpus is: texts, brat annotations, metadata table, and its label."""

    text_dir: Path
    ann_dir: Path
    metadata: Path
    label: str

    @classmethod
    def split(cls, folder: Path, split: str) -> PolnearSource:
        """A split of the PolNeAR release (FOLDER/SPLIT/text, FOLDER/SPLIT/attributions)."""
        return cls(folder / split / "text", folder / split / "attributions", folder / "metadata.tsv",
                   f"polnear-{split}")

    @classmethod
    def sample(cls, folder: Path) -> PolnearSource:
        """A folder laid out as one split (text/, attributions/, metadata.tsv), e.g. tests/data/polnear_sample."""
        return cls(folder / "text", folder / "attributions", folder / "metadata.tsv", folder.name)


def measure(seeds: Path | None, gold: Path, polnear: PolnearSource | None, limit: int | None = None,
            errors: bool = False, gum: Path | None = None, index: Path | None = None) -> int:
    """Extract from the seed articles (unless `seeds` is None), the PolNeAR corpus and GUM (unless None), then
    print the error listing (with `errors`), the table, the GUM speaker figures and the quality report of each
    corpus (and of the index in `index`). Returns the exit status."""
    from indexer.pipeline import Extractor

    from .gum import evaluate_gum, print_gum
    from .quality import print_report, quality_report

    extractor = Extractor()
    corpora: list[CorpusResult] = []
    if seeds is not None:
        corpora.append(evaluate_seeds(extractor, seeds, gold))
    if polnear is not None:
        corpora.append(evaluate_polnear(extractor, polnear.text_dir, polnear.ann_dir, polnear.metadata,
                                        polnear.label, limit, CANONICAL_SPEAKERS))
    if errors:
        print_errors(corpora)
        print()
    print_table(corpora)
    gum_result = evaluate_gum(gum, extractor.nlp) if gum is not None else None
    if gum_result is not None:
        print()
        print_gum(gum_result, errors)
    print()
    print("Quality of speakers and texts (no gold needed):")
    for corpus in corpora:
        statements = [s.to_dict() for result in corpus.articles for s in result.statements]
        print_report(corpus.name, quality_report(statements), examples=8 if errors else 0)
    if gum_result is not None:
        print_report("gum", quality_report(gum_result.statements), examples=8 if errors else 0)
    if index is not None:
        print_report(f"index {index}", quality_report(index_statements(index)), examples=8 if errors else 0)
        from .merges import PEOPLE, index_targets, load_people, merge_scores, print_scores

        print_scores(merge_scores(index_targets(index), load_people(PEOPLE)), f"speaker merges of index {index} "
                                                                               f"over {PEOPLE.name}")
    return 0


def index_statements(index: Path) -> Iterator[dict]:
    """Every statement of the index in `index`, as the API gives it: article by article."""
    from search import MAX_PER_PAGE, open_search

    service = open_search(index)
    page, seen = 1, 0
    while True:
        rows = service.articles(page=page, per_page=MAX_PER_PAGE)
        for row in rows.rows:
            article = service.article(row.to_dict()["slug"])
            for placed in article.to_dict()["statements"] if article else ():
                statement = service.statement(placed["id"])
                if statement is not None:
                    yield statement.to_dict()
        seen += len(rows.rows)
        if not rows.rows or seen >= rows.total:
            return
        page += 1
