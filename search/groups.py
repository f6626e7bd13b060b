"""The same statement reported in several articles: the near-identical words of one speaker, grouped.

Wire copy is republished, and a quote is picked up by outlet after outlet, with a comma changed or a clause
trimmed. Each statement's words get a MinHash signature (datasketch) cut into bands; statements of one speaker
from different articles that share a band are candidates, found by sorting the band keys (no pair of statements
is compared unless they share one, so the work grows near-linearly with the archive), and a candidate is the same
statement when rapidfuzz finds the words close (`same_words`). Groups are the connected candidates.

A build keeps every statement's sketch (its bands, speaker form, article and words) in `sketches.npz`, so an
update regroups from the kept sketches and those of its new statements, reading the text of the candidates only;
the groups, each with its reports earliest first, are in `groups.json`.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from datasketch import MinHash
from rapidfuzz import fuzz

SKETCHES = "sketches.npz"
GROUPS = "groups.json"

BANDS, ROWS = 10, 3  # 30 permutations: a pair with 60% of its words in common is a candidate 9 times in 10
MIN_WORDS = 6  # shorter words (`No comment`, `We will win`) are said by many, about many things
SAME_RATIO = 90  # rapidfuzz ratio of the two texts' words at which they are the same
TRIMMED_SHARE = 0.5  # a shorter report keeps at least this share of the longer one's words (a trimmed clause)
_WORD = re.compile(r"\w+")


def words_of(text: str) -> list[str]:
    """The words of a text as they are compared: lower case, without punctuation."""
    return _WORD.findall(text.lower())


def same_words(a: str, b: str) -> bool:
    """Whether two texts are one statement as two outlets reported it: the same words but for punctuation and a
    few words, or one of them the other with a clause trimmed."""
    first, second = " ".join(words_of(a)), " ".join(words_of(b))
    if fuzz.ratio(first, second) >= SAME_RATIO:
        return True
    shorter, longer = sorted((first, second), key=len)
    return (len(shorter.split()) >= max(MIN_WORDS, TRIMMED_SHARE * len(longer.split()))
            and fuzz.partial_ratio(shorter, longer) >= SAME_RATIO + 5)


def _key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def _band_hashes(signatures: np.ndarray) -> np.ndarray:
    """(n, BANDS) keys of the bands of `signatures` (n, BANDS * ROWS)."""
    bands = signatures.astype(np.uint64).reshape(len(signatures), BANDS, ROWS)
    mixed = np.zeros(bands.shape[:2], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for row in range(ROWS):
            mixed = mixed * np.uint64(0x100000001B3) ^ bands[:, :, row]
    return mixed


@dataclass
class Sketches:
    """The sketches of a build's statements, one row per statement."""

    ids: np.ndarray  # S20: statement ids
    forms: np.ndarray  # int32: index into `form_names`
    form_names: list[str]
    articles: np.ndarray  # uint64: key of the article's slug
    bands: np.ndarray  # (n, BANDS) uint64; rows of statements too short to group are zero

    @classmethod
    def empty(cls) -> Sketches:
        return cls(np.empty(0, "S20"), np.empty(0, np.int32), [], np.empty(0, np.uint64),
                   np.empty((0, BANDS), np.uint64))

    @classmethod
    def load(cls, build: Path) -> Sketches:
        """The sketches a build kept; none for a build made before they were kept (an update then groups only
        what it writes)."""
        path = build / SKETCHES
        if not path.exists():
            return cls.empty()
        with np.load(path) as data:
            return cls(data["ids"], data["forms"], [str(name) for name in data["form_names"]], data["articles"],
                       data["bands"])

    def save(self, build: Path) -> None:
        with (build / SKETCHES).open("wb") as out:
            np.savez(out, ids=self.ids, forms=self.forms, form_names=np.array(self.form_names, dtype=str),
                     articles=self.articles, bands=self.bands)

    def without_articles(self, slugs: Iterable[str]) -> Sketches:
        """These sketches but those of the articles `slugs` (replaced by an update)."""
        gone = np.array([_key(slug) for slug in slugs], dtype=np.uint64)
        keep = ~np.isin(self.articles, gone)
        return Sketches(self.ids[keep], self.forms[keep], self.form_names, self.articles[keep], self.bands[keep])

    def __len__(self) -> int:
        return len(self.ids)


class SketchWriter:
    """Collects the sketches of the statements written into a build, in batches (MinHash.bulk)."""

    BATCH = 2000

    def __init__(self, earlier: Sketches | None = None):
        earlier = earlier or Sketches.empty()
        self._form_names = list(earlier.form_names)
        self._form_numbers = {name: number for number, name in enumerate(self._form_names)}
        self._done = [earlier]
        self._pending: list[tuple[str, str, str, list[str]]] = []

    def add(self, statement: dict, form: str) -> None:
        """The sketch of one written statement (its JSON dict), whose speaker form has slug `form`."""
        self._pending.append((statement["id"], form, statement["article"]["slug"], words_of(statement["text"])))
        if len(self._pending) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        long_enough = [index for index, row in enumerate(pending) if len(row[3]) >= MIN_WORDS]
        bands = np.zeros((len(pending), BANDS), dtype=np.uint64)
        if long_enough:
            hashed = MinHash.bulk([[word.encode() for word in set(pending[i][3])] for i in long_enough],
                                  num_perm=BANDS * ROWS)
            bands[long_enough] = _band_hashes(np.stack([m.hashvalues for m in hashed]))
        forms = [self._form_numbers.setdefault(row[1], len(self._form_numbers)) for row in pending]
        self._form_names.extend(list(self._form_numbers)[len(self._form_names):])
        self._done.append(Sketches(np.array([row[0] for row in pending], dtype="S20"),
                                   np.array(forms, dtype=np.int32), self._form_names,
                                   np.array([_key(row[2]) for row in pending], dtype=np.uint64), bands))

    def sketches(self) -> Sketches:
        self._flush()
        done = self._done
        return Sketches(np.concatenate([d.ids for d in done]), np.concatenate([d.forms for d in done]),
                        list(self._form_names), np.concatenate([d.articles for d in done]),
                        np.concatenate([d.bands for d in done]))


class _Groups:
    """Union-find over rows."""

    def __init__(self, size: int):
        self.parent = np.arange(size)

    def find(self, row: int) -> int:
        parent = self.parent
        root = row
        while parent[root] != root:
            root = parent[root]
        while parent[row] != root:
            parent[row], row = root, parent[row]
        return root

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def candidate_runs(sketches: Sketches, speakers: np.ndarray):
    """Runs of rows (sorted by id) that share a band and a speaker: each run's rows in order."""
    grouped = np.flatnonzero(sketches.bands[:, 0] != 0)
    if len(grouped) < 2:
        return
    ids = sketches.ids[grouped]
    for band in range(BANDS):
        with np.errstate(over="ignore"):
            keys = sketches.bands[grouped, band] * np.uint64(31) + speakers[grouped].astype(np.uint64)
        order = np.lexsort((ids, keys))
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        ends = np.r_[starts[1:], len(order)]
        for start, end in zip(starts, ends, strict=True):
            if end - start > 1:
                yield grouped[order[start:end]]


def group_rows(sketches: Sketches, speakers: np.ndarray, text_of) -> list[list[int]]:
    """The groups of rows (two or more each) that are one statement of one speaker in different articles.
    `speakers` gives each row's speaker number; `text_of(row)` its text. Each row of a run is compared with the
    run's first row and with the row before it."""
    groups = _Groups(len(sketches))
    for run in candidate_runs(sketches, speakers):
        for index in range(1, len(run)):
            row = run[index]
            for other in dict.fromkeys((run[0], run[index - 1])):
                if (speakers[row] == speakers[other] and sketches.articles[row] != sketches.articles[other]
                        and groups.find(row) != groups.find(other) and same_words(text_of(row), text_of(other))):
                    groups.join(row, other)
    members: dict[int, list[int]] = {}
    for row in np.flatnonzero(groups.parent != np.arange(len(sketches))):
        members.setdefault(groups.find(int(row)), []).append(int(row))
    return [[root, *rows] for root, rows in sorted(members.items())]


def speaker_numbers(sketches: Sketches, target: Mapping[str, str]) -> np.ndarray:
    """Each row's speaker, as a number: the speaker its form is folded into (`target`: form -> speaker slug)."""
    numbers: dict[str, int] = {}
    by_form = np.array([numbers.setdefault(target.get(form, form), len(numbers)) for form in sketches.form_names]
                       or [0], dtype=np.int64)
    return by_form[sketches.forms] if len(sketches) else np.empty(0, np.int64)


def report_of(statement: dict) -> dict:
    """What a group lists of one report: the statement and its article."""
    article = statement["article"]
    return {"id": statement["id"], "said_on": statement.get("said_on"), "text": statement["text"],
            "article": {key: article.get(key) for key in ("slug", "title", "outlet", "published", "url")}}


def _earliest_first(report: dict) -> tuple:
    published = report["article"]["published"] or report["said_on"] or "9999"
    return published, report["said_on"] or "9999", report["article"]["outlet"] or "", report["id"]


def write_groups(build: Path, statements_ix, sketches: Sketches, target: Mapping[str, str]) -> int:
    """Group the statements of a build (`target`: each speaker form's speaker slug), write the groups and the
    sketches into the build; the number of groups."""
    sketches.save(build)
    groups: list[list[dict]] = []
    with statements_ix.searcher() as searcher:
        payloads: dict[int, dict] = {}

        def payload(row: int) -> dict:
            if row not in payloads:
                fields = searcher.document(id=sketches.ids[row].decode())
                payloads[row] = fields["payload"] if fields else {"text": ""}
            return payloads[row]

        for rows in group_rows(sketches, speaker_numbers(sketches, target), lambda row: payload(row)["text"]):
            reports = sorted((report_of(payload(row)) for row in rows if "id" in payload(row)), key=_earliest_first)
            if len(reports) > 1:
                groups.append(reports)
    groups.sort(key=lambda reports: reports[0]["id"])
    (build / GROUPS).write_text(json.dumps({"groups": groups}), encoding="utf-8")
    return len(groups)


class StatementGroups:
    """The groups of an open build: each statement's group, and collapsing a search's matches to one per group."""

    def __init__(self, build: Path):
        path = build / GROUPS
        self.groups: list[list[dict]] = json.loads(path.read_text(encoding="utf-8"))["groups"] if path.exists() \
            else []
        self._place = {report["id"]: (number, rank) for number, reports in enumerate(self.groups)
                       for rank, report in enumerate(reports)}
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return bool(self.groups)

    def reports(self, statement_id: str) -> list[dict] | None:
        """Every report of the statement's group, earliest first; None when it is reported once."""
        place = self._place.get(statement_id)
        return self.groups[place[0]] if place else None

    def summary(self, statement_id: str) -> dict | None:
        """What a statement shows of its group: the group's id (its earliest report's), how many reports it has,
        and the earliest."""
        reports = self.reports(statement_id)
        if reports is None:
            return None
        earliest = {key: value for key, value in reports[0].items() if key != "text"}
        return {"id": reports[0]["id"], "reports": len(reports), "earliest": earliest}

    def warm(self, searcher) -> None:
        """Find the documents of the grouped statements now (OpenIndex's warming), not in the first search."""
        self._docs(searcher)

    def _docs(self, searcher) -> tuple[np.ndarray, np.ndarray]:
        """Per document of the build: its group's number (-1: none) and its rank in the group."""
        if self._arrays is None:
            with self._lock:
                if self._arrays is None:
                    group = np.full(searcher.doc_count_all(), -1, dtype=np.int32)
                    rank = np.zeros(len(group), dtype=np.int32)
                    for statement_id, (number, place) in self._place.items():
                        docnum = searcher.document_number(id=statement_id)
                        if docnum is not None:
                            group[docnum], rank[docnum] = number, place
                    self._arrays = group, rank
        return self._arrays

    def collapse(self, matches: np.ndarray, searcher) -> np.ndarray:
        """`matches` (sorted document numbers) with one document per group: its earliest report among them."""
        if not self.groups or not len(matches):
            return matches
        group, rank = self._docs(searcher)
        numbers = group[matches]
        grouped = numbers >= 0
        if not grouped.any():
            return matches
        members = matches[grouped]
        order = np.lexsort((rank[members], numbers[grouped]))
        firsts = order[np.r_[True, numbers[grouped][order][1:] != numbers[grouped][order][:-1]]]
        return np.union1d(matches[~grouped], members[firsts])
