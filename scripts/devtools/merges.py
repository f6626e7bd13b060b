"""How well speakers are merged across an archive: merge precision and recall over a hand-checked list of
people with every name form the archive uses for them (tests/gold/polnear_train_people.tsv).

`python -m scripts.devtools.merges var/polnear-index` saves the name forms of a demo index into
tests/data/polnear_train_forms.json.gz, which the tests plan speakers from.

A pair of forms of the list is merged rightly when both are one person and one speaker; precision is the share
of merged pairs that are one person, recall the share of one person's pairs that are merged. Forms the archive
does not use are left out.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from indexer.model import make_slug
from search.speaker_index import count_form
from search.speakers import SpeakerRecord

from . import ROOT

PEOPLE = ROOT / "tests" / "gold" / "polnear_train_people.tsv"
UNTOLD = "?"  # the people list's line of surnames that must stay speakers of their own
TRAIN_FORMS = ROOT / "tests" / "data" / "polnear_train_forms.json.gz"


def load_people(path: Path = PEOPLE) -> dict[str, list[str]]:
    """Person -> the name forms used for them (one line each: `person<TAB>form | form | ...`; `#` comments)."""
    people: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        person, forms = line.split("\t")
        people[person] = [form.strip() for form in forms.split("|") if form.strip()]
    return people


def forms_of_statements(statements: Iterable[dict]) -> dict[str, SpeakerRecord]:
    """The name forms of a stream of statements (JSON dicts, an article's together), each with its record."""
    forms: dict[str, SpeakerRecord] = {}
    for statement in statements:
        count_form(forms, statement)
    return forms


def save_forms(forms: Mapping[str, SpeakerRecord], path: Path = TRAIN_FORMS) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        json.dump({slug: record.to_record() for slug, record in sorted(forms.items())}, out, ensure_ascii=False,
                  separators=(",", ":"))


def load_forms(path: Path = TRAIN_FORMS) -> dict[str, SpeakerRecord]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return {slug: SpeakerRecord.from_record(data) for slug, data in json.load(stream).items()}


def _speaker_documents(index_dir: Path) -> Iterator[dict]:
    """The stored fields of every speaker of the served build of an index folder."""
    from whoosh.index import open_dir

    from search import IndexStore
    from search.schema import SPEAKERS

    speakers = open_dir(str(IndexStore(index_dir).current_path()), indexname=SPEAKERS)
    with speakers.searcher() as searcher:
        yield from searcher.all_stored_fields()


def index_forms(index_dir: Path) -> dict[str, SpeakerRecord]:
    """The name forms of the served build of an index folder, with their records, as the build stored them."""
    return {form: SpeakerRecord.from_record(data) for fields in _speaker_documents(index_dir)
            for form, data in (fields.get("forms") or {}).items()}


def index_targets(index_dir: Path) -> dict[str, str]:
    """Form slug -> speaker slug, as the served build of an index folder has them."""
    return {form: fields["slug"] for fields in _speaker_documents(index_dir)
            for form in (fields.get("forms") or {fields["slug"]: None})}


@dataclass
class MergeScores:
    people: int = 0  # people of the list the archive quotes
    whole: int = 0  # of them, those that are exactly one speaker
    true_pairs: int = 0
    merged_pairs: int = 0
    right_pairs: int = 0
    split: list[str] = field(default_factory=list)  # people found under several speakers
    mixed: list[str] = field(default_factory=list)  # speakers that hold several people of the list
    guessed: list[str] = field(default_factory=list)  # untold surnames merged into someone

    @property
    def precision(self) -> float:
        return self.right_pairs / self.merged_pairs if self.merged_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.right_pairs / self.true_pairs if self.true_pairs else 1.0


def merge_scores(target: Mapping[str, str], people: Mapping[str, list[str]]) -> MergeScores:
    """Merge precision and recall of `target` (form slug -> speaker slug) over the people list."""
    scores = MergeScores()
    owner: dict[str, str] = {}  # form slug -> person
    untold = {make_slug(name) for name in people.get(UNTOLD, ())} & set(target)
    for person, names in people.items():
        if person == UNTOLD:
            continue
        present = sorted({make_slug(name) for name in names} & set(target))
        if not present:
            continue
        scores.people += 1
        owner.update({form: person for form in present})
        speakers = {target[form] for form in present}
        if len(speakers) == 1:
            scores.whole += 1
        else:
            scores.split.append(f"{person}: " + ", ".join(f"{form}->{target[form]}" for form in present))
    holders: dict[str, set[str]] = {}
    for form, person in owner.items():
        holders.setdefault(target[form], set()).add(person)
    scores.mixed = [f"{slug}: {', '.join(sorted(persons))}" for slug, persons in holders.items() if len(persons) > 1]
    scores.guessed = [f"{form} -> {target[form]}" for form in sorted(untold) if target[form] in holders]
    for a, b in combinations(sorted(owner), 2):
        same_person, same_speaker = owner[a] == owner[b], target[a] == target[b]
        scores.true_pairs += same_person
        scores.merged_pairs += same_speaker
        scores.right_pairs += same_person and same_speaker
    return scores


def print_scores(scores: MergeScores, title: str) -> None:
    print(f"{title}: merge precision {scores.precision:.3f}, recall {scores.recall:.3f} over "
          f"{scores.merged_pairs}/{scores.true_pairs} pairs; {scores.whole} of {scores.people} people are exactly "
          f"one speaker; {len(scores.mixed)} speakers mix people; {len(scores.guessed)} surnames that cannot be told "
          "apart were given to someone")
    for line in scores.split[:20]:
        print(f"  split: {line}")
    for line in scores.mixed[:20]:
        print(f"  mixed: {line}")
    for line in scores.guessed[:20]:
        print(f"  guessed: {line}")


def main(argv: list[str] | None = None) -> int:
    """Save the name forms of a demo index (the PolNeAR train one: scripts/demo-polnear) for the tests."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("index", type=Path, help="index folder, e.g. var/polnear-index")
    parser.add_argument("--out", type=Path, default=TRAIN_FORMS)
    args = parser.parse_args(argv)
    forms = index_forms(args.index)
    save_forms(forms, args.out)
    print(f"{len(forms)} name forms saved in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
