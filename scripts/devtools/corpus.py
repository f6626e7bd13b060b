"""Write N realistic plain-text test articles, deterministic for a seed, for the benchmarks.

Built from real news text: the PolNeAR articles in ../shared/corpora/polnear/{train,dev}/text (relative to
the repository root), or tests/data/polnear_sample when ../shared is absent. Article i takes source article
i mod S and varies it with a random generator seeded by (seed, i):
- outlet and publication date (written to metadata.tsv: filename, publisher, publication_date, title);
- person names (two capitalised words, not a known non-name) swapped consistently within the article, full
  name and surname alone, for made-up names;
- the order of the paragraphs after the headline shuffled.
A text already written (same hash) is redrawn, so no two articles of a corpus are identical.
Only the standard library is used.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

from . import ROOT

SHARED = ROOT.parent / "shared" / "corpora" / "polnear"
SAMPLE = ROOT / "tests" / "data" / "polnear_sample"

OUTLETS = [
    "Daily Ledger", "Harbor Times", "Northern Courier", "Capital Dispatch", "Evening Sentinel",
    "Pacific Record", "Midland Gazette", "Lakeside Herald", "Metro Observer", "Valley Tribune",
    "Coastal Post", "Summit Review", "Riverside Chronicle", "Granite Journal", "Prairie News",
]
FIRST = [
    "Marla", "Tobias", "Odile", "Renzo", "Priya", "Caspian", "Ingrid", "Tariq", "Leonie", "Dmitri",
    "Saoirse", "Bram", "Ysolde", "Kenji", "Anouk", "Ezra", "Halvard", "Nadia", "Quentin", "Rosalind",
    "Sven", "Talia", "Ulric", "Verity", "Wendel", "Ximena", "Yorick", "Zara", "Amadou", "Beatrix",
    "Cosimo", "Delphine", "Emrys", "Fenella", "Gideon", "Hester", "Ivo", "Juno", "Kasimir", "Linnea",
]
LAST = [
    "Quenby", "Ardell", "Brackwater", "Castellan", "Drummond", "Eskridge", "Fairweather", "Galloway",
    "Hollins", "Ingersol", "Jarrow", "Kettering", "Lindqvist", "Marchetti", "Novak", "Oyelaran",
    "Pemberton", "Ravensworth", "Stroud", "Thistlewood", "Umberfield", "Vance", "Whitcombe", "Yardley",
    "Zelinski", "Abernathy", "Blackburn", "Corrigan", "Delacroix", "Ellsworth", "Finchley", "Grimaldi",
    "Hawthorne", "Iwasaki", "Kowalczyk", "Larkspur", "Montague", "Nightingale", "Okonkwo", "Prescott",
]
# Capitalised words that start sentences or name places and institutions, not people.
NOT_NAMES = set("""
The A An In On At As And But If Or So Yet For Of To By From With Without After Before During When While Where
This That These Those It Its He She They We You I His Her Their Our My Your Mr Mrs Ms Dr Sen Rep Gov Pres
New York White House United States America American Americans North South East West Fox News Business
Republican Republicans Democrat Democrats Democratic Party National Committee Supreme Court Congress Senate
State Department Justice Federal Bureau Washington Post Times Street Journal Wall Los Angeles San Francisco
Breitbart Clinton Foundation Campaign Trump Tower Obama Administration Security Council
January February March April May June July August September October November December Monday Tuesday
Wednesday Thursday Friday Saturday Sunday Saturday Night Live Associated Press Reuters CNN MSNBC ABC CBS NBC
Middle Islamic Iran Iraq Syria Russia China Mexico Europe European Union Great Britain Twitter Facebook
Trans Pacific Partnership Affordable Care Act Clinton Cash Black Lives Matter Silicon Valley Hollywood
""".split())
# Both words of a real name: keep famous surnames swappable even if listed above (Trump, Clinton, Obama).
PEOPLE_ALWAYS = {"Trump", "Clinton", "Obama"}
NAME = re.compile(r"\b([A-Z][a-z]+)((?: [A-Z]\.)?) ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")


def source_articles() -> list[tuple[str, str]]:
    """(filename, text) of every source article, in a fixed order."""
    folders = [SHARED / "train" / "text", SHARED / "dev" / "text"]
    folders = [f for f in folders if f.is_dir()] or [SAMPLE / "text"]
    sources = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace").strip()
            if text:
                sources.append((path.name, text))
    if not sources:
        sys.exit(f"make-corpus: no source articles under {', '.join(map(str, folders))}")
    return sources


def find_names(text: str) -> list[tuple[str, str]]:
    """(full name, surname) of the person-like names in text, first occurrence first."""
    seen, names = set(), []
    for match in NAME.finditer(text):
        first, middle, last = match.groups()
        if first in NOT_NAMES and first not in PEOPLE_ALWAYS:
            continue
        if last in NOT_NAMES and last not in PEOPLE_ALWAYS:
            continue
        if first in PEOPLE_ALWAYS and last not in PEOPLE_ALWAYS:
            continue  # "Trump Tower", "Clinton Foundation"
        full = match.group(0)
        if full not in seen:
            seen.add(full)
            names.append((full, last))
    return names


def swap_names(text: str, rng: random.Random) -> str:
    names = find_names(text)
    if not names:
        return text
    pool = [(f, s) for f in FIRST for s in LAST]
    chosen = rng.sample(pool, min(len(names), len(pool)))
    full_map, surname_map = {}, {}
    for (full, last), (new_first, new_last) in zip(names, chosen, strict=False):
        if last in surname_map:  # same family name already mapped: keep surname-alone references consistent
            new_last = surname_map[last]
        full_map[full] = f"{new_first} {new_last}"
        surname_map.setdefault(last, new_last)
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(k) for k in sorted(full_map, key=len, reverse=True)) + r")\b"
        + r"|\b(" + "|".join(re.escape(k) for k in sorted(surname_map, key=len, reverse=True)) + r")\b"
    )

    def replace(match: re.Match) -> str:
        if match.group(1):
            return full_map[match.group(1)]
        return surname_map[match.group(2)]

    return pattern.sub(replace, text)


def vary(text: str, rng: random.Random) -> tuple[str, str]:
    """(title, varied text) of one source text."""
    text = swap_names(text, rng)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    headline, body = paragraphs[0], paragraphs[1:]
    rng.shuffle(body)
    return headline, "\n\n".join([headline, *body]) + "\n"


def run(args: argparse.Namespace) -> int:
    """Run with the parsed arguments of scripts/make-corpus; returns the exit status."""
    sources = source_articles()
    args.out.mkdir(parents=True, exist_ok=True)
    seen: set[bytes] = set()
    start = date(2015, 1, 1)
    rows = ["filename\tpublisher\tpublication_date\ttitle"]
    width = max(6, len(str(args.n)))
    for i in range(args.n):
        name, source = sources[i % len(sources)]
        rng = random.Random(f"{args.seed}:{i}")
        for _attempt in range(20):
            title, text = vary(source, rng)
            digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
            if digest not in seen:
                break
        seen.add(digest)
        outlet = rng.choice(OUTLETS)
        published = start + timedelta(days=rng.randrange(3650))
        filename = f"a{i:0{width}d}_{Path(name).stem[:40]}.txt"
        (args.out / filename).write_text(text, encoding="utf-8")
        title = re.sub(r"[\t\r\n]+", " ", title)
        rows.append(f"{filename}\t{outlet}\t{published.isoformat()}\t{title}")
    (args.out / "metadata.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"make-corpus: {args.n} articles from {len(sources)} sources (seed {args.seed}) in {args.out}",
          file=sys.stderr)
    return 0
