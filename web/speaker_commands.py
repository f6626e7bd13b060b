"""`saidwhat speakers`: see how a speaker was put together, and correct it (merge, split, rename, not a person).

A correction is written into the index folder's corrections file (search/corrections.py), which every rebuild and
update applies, and then applied to the served index at once (as atomically as an update).
"""

from __future__ import annotations

import argparse
import json
import sys

from indexer.model import make_slug

from .settings import Settings

EXIT_OK, EXIT_ERROR = 0, 2


def add_speakers_command(commands, common: argparse.ArgumentParser) -> None:
    speakers = commands.add_parser(
        "speakers", parents=[common], help="show how a speaker was merged, and correct it",
        description="Show a speaker (names merged into it and why, aliases, roles, statements), or correct the "
                    "speakers of the served index: each correction is kept in the index folder's speakers.toml, "
                    "applied now and on every rebuild and update.",
        epilog="exit status: 0 done; 2 no such speaker, no index, or a corrections file that cannot be read.")
    actions = speakers.add_subparsers(dest="action", required=True)
    show = actions.add_parser("show", help="a speaker: names merged into it and why, aliases, roles, statements")
    show.add_argument("name", help="a speaker's name, slug or alias")
    show.add_argument("--json", action="store_true", help="print what /api/v1/speakers/<slug> returns")
    merge = actions.add_parser("merge", help="make several speakers one (the first gives the name)")
    merge.add_argument("names", nargs="+", metavar="NAME", help="two speakers or more")
    split = actions.add_parser("split", help="take a name off a speaker it was wrongly merged into")
    split.add_argument("name", help="the speaker")
    split.add_argument("alias", help="the name (or alias) that is not theirs")
    rename = actions.add_parser("rename", help="give a speaker another name")
    rename.add_argument("name")
    rename.add_argument("new_name")
    unnamed = actions.add_parser("not-a-person", help="show a speaker as an unnamed source under its words")
    unnamed.add_argument("name")
    speakers.set_defaults(run=cmd_speakers)


def cmd_speakers(args: argparse.Namespace, settings: Settings) -> int:
    from search import open_search

    if args.action == "show":
        return _show(open_search(settings.index_dir), args.name, args.json)
    from search import IndexStore
    from search.corrections import Corrections
    from search.update import apply_corrections

    store = IndexStore(settings.index_dir)
    service = open_search(settings.index_dir)
    corrections = Corrections.load(store.root)
    found = _known(service, args.names if args.action == "merge" else [args.name])
    if not found:
        return EXIT_ERROR
    if args.action == "merge":
        if len(set(found)) < 2:
            print(f"error: {', '.join(args.names)} are one speaker already ({found[0]})", file=sys.stderr)
            return EXIT_ERROR
        corrections.merge.append(list(dict.fromkeys(found)))
    elif args.action == "split":
        corrections.add_split(found[0], args.alias)
    elif args.action == "rename":
        corrections.rename[make_slug(found[0])] = args.new_name
    else:
        corrections.unnamed.add(make_slug(found[0]))
    path = corrections.save(store.root)
    plan, changes = apply_corrections(store)
    print(f"Saved the correction in {path}; {len(plan.speakers)} speakers now.")
    for change in changes:
        print(f"  moved {change}")
    return EXIT_OK


def _known(service, names: list[str]) -> list[str] | None:
    """The names of the speakers `names` stand for (each found by name, slug or alias), or None with a message."""
    found = []
    for name in names:
        speaker = service.speaker(name)
        if speaker is None:
            print(f"error: no speaker {name!r} in this index (try `saidwhat speakers show`)", file=sys.stderr)
            return None
        found.append(speaker.name)
    return found


def _show(service, name: str, as_json: bool) -> int:
    speaker = service.speaker(name)
    if speaker is None:
        print(f"error: no speaker {name!r} in this index", file=sys.stderr)
        return EXIT_ERROR
    data = speaker.to_dict()
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{data['name']} ({data['type']}): {_count(data['statements'], 'statement')} in "
          f"{_count(data['articles'], 'article')}, "
          f"{data.get('first_said') or '?'} to {data.get('last_said') or '?'}")
    print(f"  page: /speakers/{data['slug']}")
    if data.get("role"):
        print(f"  role now: {data['role']}")
    for seen in data.get("role_history", [])[:10]:
        print(f"  role: {seen['role']} ({seen['statements']}, {seen['first_seen'] or '?'} to "
              f"{seen['last_seen'] or '?'})")
    if data.get("aliases"):
        print(f"  also called: {', '.join(data['aliases'])}")
    for merged in data.get("merged", []):
        how = "by hand" if merged["by_hand"] else merged["reason"]
        count = merged["statements"]
        print(f"  merged: {merged['name']} ({count} statement{'' if count == 1 else 's'}): {how}")
    found = service.search(filters=_filters(speaker.slug), per_page=5, sort="newest")
    for hit in found.hits:
        statement = hit.to_dict()
        print(f"  - {statement['said_on'] or ''} {statement['article']['outlet'] or ''}: {statement['text'][:160]}")
    return EXIT_OK


def _filters(slug: str):
    from search import Filters

    return Filters(speaker=slug)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
