"""Speaker and text quality of extracted statements with no gold: figures any corpus or index can give.

- short-name fragments: a one-word speaker name that the name of another speaker of its kind ends with (`Tanden`
  beside the person `Neera Tanden`, `Post` beside the body `Washington Post`; an unnamed source's description
  is no name, and the newspaper `Guardian` is no fragment of the mayor `Don Guardian`);
- role-glued names: a person's name that starts with, or holds, a role or title (`Coach Stephen Gillis`);
- document or generic speakers: names of documents (`Statement`, `Report`), generic words (`Some`, `People`),
  numbers (a name that starts with one, or a count inside it: `42%`, `Coalition of 40 groups`; not a station's
  number in its name, `Fox 35`, `NY1`) or markup;
- cue inside a quote: a quoted statement whose text holds a reporting cue (`" Pence said. "`, `said Brandon
  Silverman, CrowdTangle chief executive`);
- odd quotation marks: a statement whose text has an odd number of them;
- lower-case names: a speaker named in lower case (`president`, `one person`) that is not marked as an unnamed
  source (a description).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from indexer.lexicon import HONORIFICS

# Words that make a role, not a name, when a person's name starts with them.
ROLE_WORDS = HONORIFICS | frozenset("""
president vice deputy secretary spokesman spokeswoman spokesperson senator sen. sen rep. rep representative
governor gov. gov mayor chairman chairwoman chair director ambassador premier chancellor prime minister general
gen. adviser advisor ceo chief officer professor prof judge attorney speaker leader commissioner envoy councillor
councilman councilwoman lt. col. colonel capt. captain sgt. sergeant admiral king queen prince princess pope
reverend father manager executive founder co-founder head analyst economist strategist pollster lawmaker
congressman congresswoman assemblyman assemblywoman candidate nominee coach organizer organiser mp mpp mla
detective constable inspector superintendent officer trooper coroner principal superintendent
""".split())

DOCUMENT_WORDS = frozenset("""
statement statements memo memos report reports document documents study studies survey surveys poll polls figures
data efforts release releases complaint complaints letter letters filing filings email emails transcript
analysis review records record ruling lawsuit suit order affidavit indictment tweet tweets post posts video
article articles book books paper papers
""".split())
GENERIC_WORDS = frozenset("""
some one people company many others other all most few several another someone somebody anyone everyone
this that these those it they he she we i you who which
""".split())
QUOTE_MARKS = re.compile(r'["“”]')
CUE_INSIDE = re.compile(
    r'[”"]\s*,?\s*[^"“”]{0,120}?\b(?:said|says|say|added|adds|told|tells|asked|asks|wrote|writes|explained|'
    r'noted|continued|according)\b[^"“”]{0,160}?[“"]', re.IGNORECASE)
TRAILING_CUE = re.compile(
    r'[,.]?\s*[”"]?\s*,?\s*(?:said|says|added|told)\s+[A-Z][\w.\'-]*(?:\s+[A-Z][\w.\'-]*)*\s*,?[^"“”]*$')


@dataclass
class QualityReport:
    speakers: int = 0
    descriptions: int = 0  # of the speakers, unnamed sources marked as such
    statements: int = 0
    quoted: int = 0
    fragments: list[str] = field(default_factory=list)
    role_glued: list[str] = field(default_factory=list)
    document_or_generic: list[str] = field(default_factory=list)
    cue_inside: list[str] = field(default_factory=list)
    odd_marks: list[str] = field(default_factory=list)
    lowercase: list[str] = field(default_factory=list)  # lower-case names not marked as descriptions

    def rows(self) -> list[tuple[str, int, int, float]]:
        """(label, count, of how many, share) for each figure."""
        figures = [
            ("short-name fragments (of speakers)", self.fragments, self.speakers),
            ("role-glued names (of speakers)", self.role_glued, self.speakers),
            ("document or generic speakers (of speakers)", self.document_or_generic, self.speakers),
            ("lower-case names, unmarked (of speakers)", self.lowercase, self.speakers),
            ("cue inside a quote (of quoted statements)", self.cue_inside, self.quoted),
            ("odd quotation marks (of statements)", self.odd_marks, self.statements),
        ]
        return [(label, len(items), total, len(items) / total if total else 0.0) for label, items, total in figures]


def quality_report(statements: Iterable[dict]) -> QualityReport:
    """`statements` as the API gives them (dicts with speaker, kind, text). Speakers marked `description` (an
    unnamed source as the article describes it) are counted apart, not as names."""
    report = QualityReport()
    names: dict[str, str | None] = {}
    for statement in statements:
        speaker = statement["speaker"]
        names.setdefault(speaker["name"], speaker.get("type"))
        report.statements += 1
        text = statement["text"]
        if len(QUOTE_MARKS.findall(text)) % 2:
            report.odd_marks.append(text)
        if statement["kind"] in ("direct", "mixed"):
            report.quoted += 1
            if CUE_INSIDE.search(text) or TRAILING_CUE.search(text):
                report.cue_inside.append(text)
    report.speakers = len(names)
    # the last words of longer names of the same kind: a person's surname, a body's last word (`data from the
    # FBI`, a description, leaves `FBI` whole; the mayor `Don Guardian` leaves the newspaper `Guardian` whole)
    endings = {(name.split()[-1].lower(), type_) for name, type_ in names.items()
               if len(name.split()) > 1 and type_ != "description"}
    for name, type_ in names.items():
        if type_ == "description":
            report.descriptions += 1
            continue
        words = name.split()
        lowered = [w.lower().strip(".,") for w in words]
        if name[:1].islower():
            report.lowercase.append(name)
        if len(words) == 1 and name[:1].isupper() and (lowered[0], type_) in endings:
            report.fragments.append(name)
        if (len(words) > 1 and type_ == "person" and words[-1][:1].isupper()
                and (lowered[0] in ROLE_WORDS or any(w in ROLE_WORDS for w in lowered[1:-1]))):
            report.role_glued.append(name)
        # a document's noun after a proper name is a body's name (`Washington Post`, `Gallup Poll`)
        named = len(words) > 1 and all(w[:1].isupper() for w in words)
        if (lowered[-1] in DOCUMENT_WORDS and not named or (len(words) <= 2 and lowered[-1] in GENERIC_WORDS)
                or not re.search(r"[A-Za-z]", name) or re.search(r"[<>%{}\[\]|]|^\W*\d|\s\d+%?\s", name)):
            report.document_or_generic.append(name)
    return report


def print_report(title: str, report: QualityReport, examples: int = 0) -> None:
    print(f"{title}: {report.speakers} speakers ({report.descriptions} of them unnamed sources, marked as "
          f"descriptions), {report.statements} statements ({report.quoted} quoted)")
    for label, count, total, share in report.rows():
        print(f"  {label:45} {count:5} / {total:5}  {share:6.2%}")
    if examples:
        for label, items in (("fragments", report.fragments), ("role-glued", report.role_glued),
                             ("document/generic", report.document_or_generic), ("lower-case", report.lowercase),
                             ("cue inside", report.cue_inside),
                             ("odd marks", report.odd_marks)):
            print(f"  {label}: " + " | ".join(item[:80] for item in items[:examples]))
