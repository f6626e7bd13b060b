"""The speakers of a build: plan them from the name forms its statements use, fold statements, write the index.

Each statement keeps the form its article gave (`speaker.form`, and the `speaker_form` field) beside the
speaker of the archive it was folded into, so that any later build or update can plan the speakers again
from the forms, with the corrections of the day, and move a statement back when a merge is undone.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from whoosh.index import create_in

from indexer.model import make_slug
from indexer.names import acronym_of, is_name

from .corrections import Corrections
from .documents import speaker_fields, statement_fields
from .identities import SpeakerPlan, parse_person, plan_speakers, same_person
from .schema import SPEAKERS, speaker_schema
from .speakers import SpeakerRecord
from .writing import index_writer


def form_of(statement: dict) -> dict:
    """The speaker as the statement's article named it: name, slug and type."""
    speaker = statement["speaker"]
    return speaker.get("form") or {"name": speaker["name"], "slug": speaker["slug"], "type": speaker["type"]}


def form_field(schema) -> str:
    """The statements' field that names their form (builds made before forms were kept name only the speaker)."""
    return "speaker_form" if "speaker_form" in schema else "speaker_slug"


def count_form(forms: dict[str, SpeakerRecord], statement: dict) -> None:
    """Count a statement (JSON dict) to the record of its form in `forms`. An article's statements must come
    together, as `SpeakerRecord.add` needs."""
    own = form_of(statement)
    forms.setdefault(own["slug"], SpeakerRecord(own["name"], own.get("type", "person"))).add(statement)


def speaker_records(plan: SpeakerPlan, forms: Mapping[str, SpeakerRecord],
                    corrections: Corrections) -> dict[str, SpeakerRecord]:
    """One record per speaker of the plan: its forms' records added up, with aliases that are its names."""
    records: dict[str, SpeakerRecord] = {}
    for slug, speaker in plan.speakers.items():
        record = SpeakerRecord(speaker.name, speaker.type)
        for form in speaker.forms:
            record.merge(forms[form])
        record.aliases = clean_aliases(record, corrections.dropped_aliases(slug))
        records[slug] = record
    return records


def clean_aliases(record: SpeakerRecord, dropped: set[str]) -> set[str]:
    """The aliases that are names of this speaker: for a person, names that can be theirs (`Mr. Trump`, not
    `Mrs. Trump`, `Donald Trump and Paul Ryan` or `Republican nominee Donald Trump`); for a body, names made of
    its words or its initials."""
    kept: set[str] = set()
    own = parse_person(record.name) if record.type == "person" else None
    own_words = {word.lower() for word in record.name.replace("-", " ").split()} - {"the"}
    for alias in record.aliases - {record.name}:
        if not is_name(alias) or make_slug(alias) in dropped or " and " in alias or "&" in alias:
            continue
        if record.type == "person":
            theirs = parse_person(alias)
            if own is None or theirs is None or theirs.offices:
                continue
            if theirs.first and not (own.first and same_person(own, theirs)):
                continue
            if not theirs.first and theirs.last not in {own.last, own.first}:  # `Trump`; `Wang` of `Wang Yi`
                continue
            if not theirs.first and theirs.gender and own.gender and theirs.gender != own.gender:
                continue
        elif record.type == "organization":  # its words, or its initials: not `Washington Post analysis`
            words = {word.lower() for word in alias.replace("-", " ").split()} - {"the"}
            if not (words <= own_words or alias.isupper() and alias == acronym_of(record.name)):
                continue
        else:
            continue  # a group or a description has no other names
        kept.add(alias)
    return kept


def fold(statement: dict, speaker: SpeakerRecord, slug: str) -> bool:
    """Make a statement (JSON dict) the words of the speaker `speaker` (slug `slug`), keeping its form; when that
    speaker is its form as it was, give it back its own form. Whether anything changed."""
    current = statement["speaker"]
    form = form_of(statement)
    if slug == form["slug"] and speaker.name == form["name"] and speaker.type == form["type"]:
        if "form" not in current:
            return False
        current.update(name=form["name"], slug=form["slug"], type=form["type"])
        del current["form"]
        return True
    aliases = sorted(speaker.aliases | {speaker.name})
    if (current["slug"], current["name"], current["type"], current.get("aliases")) == (
            slug, speaker.name, speaker.type, aliases) and "form" in current:
        return False
    current.update(form=form, name=speaker.name, slug=slug, type=speaker.type, aliases=aliases)
    return True


def fold_statements(statements_ix, articles_ix, plan: SpeakerPlan, records: Mapping[str, SpeakerRecord],
                    forms: Iterable[str]) -> None:
    """Fold the statements of `forms` into their speakers of `plan`, and the statement lists of their articles."""
    articles: dict[str, dict[str, dict]] = {}  # article slug -> statement id -> new speaker entry
    schema = statements_ix.schema
    field = form_field(schema)
    with statements_ix.searcher() as searcher, index_writer(statements_ix) as writer:
        for form in sorted(set(forms) & set(plan.target)):  # a form with no statement left has nothing to fold
            slug = plan.target[form]
            speaker = records[slug]
            for fields in searcher.documents(**{field: form}):
                data = fields["payload"]
                if fold(data, speaker, slug):
                    writer.update_document(**statement_fields(data, schema))
                    articles.setdefault(data["article"]["slug"], {})[data["id"]] = {
                        "name": data["speaker"]["name"], "slug": data["speaker"]["slug"]}
    if not articles:
        return
    with articles_ix.searcher() as searcher, index_writer(articles_ix) as writer:
        for article_slug in sorted(articles):
            fields = searcher.document(slug=article_slug)
            if fields is None:
                continue
            for entry in fields["payload"]["statements"]:
                entry["speaker"] = articles[article_slug].get(entry["id"], entry["speaker"])
            writer.update_document(**fields)


def count_articles(statements_ix, records: dict[str, SpeakerRecord], plan: SpeakerPlan, moved: set[str],
                   counted: Mapping[str, tuple[frozenset[str], int]]) -> None:
    """Count each speaker of several forms' articles once (their forms' counts add an article per form). A
    speaker whose forms are those of an earlier count (`counted`: slug -> its forms, its articles) and none of
    which `moved` keeps that count: an update reads only the statements of the speakers it changed."""
    with statements_ix.searcher() as searcher:
        for slug, speaker in plan.speakers.items():
            if len(speaker.forms) < 2 or slug not in records:
                continue
            earlier = counted.get(slug)
            if earlier is not None and earlier[0] == frozenset(speaker.forms) and not moved & earlier[0]:
                records[slug].articles = earlier[1]
                continue
            records[slug].articles = len({fields["article_slug"] for fields in searcher.documents(speaker_slug=slug)})


def write_speaker_index(build: Path, plan: SpeakerPlan, records: Mapping[str, SpeakerRecord],
                        forms: Mapping[str, SpeakerRecord]) -> None:
    """The speakers index of `build`, made anew: a document per speaker, with the records of its forms."""
    for old in build.glob(f"_{SPEAKERS}_*.toc"):
        old.unlink()
    for old in build.glob(f"{SPEAKERS}_*"):
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink()
    with index_writer(create_in(build, speaker_schema(), indexname=SPEAKERS)) as writer:
        for slug, record in records.items():
            speaker = plan.speakers[slug]
            names = {form: forms[form].to_record() for form in speaker.forms}
            writer.add_document(**speaker_fields(slug, record, speaker, names))


def settle_speakers(build: Path, statements_ix, articles_ix, forms: Mapping[str, SpeakerRecord],
                    corrections: Corrections, previous: Mapping[str, str] | None = None,
                    touched: Iterable[str] = (),
                    counted: Mapping[str, tuple[frozenset[str], int]] | None = None) -> SpeakerPlan:
    """Plan the speakers of a build from its forms, fold the statements whose speaker changed (with `previous`,
    the plan of the build it was copied from, only those and the forms in `touched`), write the speakers.
    `counted` gives the article counts of the earlier plan's speakers (see `count_articles`)."""
    plan = plan_speakers(forms, corrections, previous)
    records = speaker_records(plan, forms, corrections)
    refold = {form for form, slug in plan.target.items()
              if (slug, records[slug].name, records[slug].type) != (form, forms[form].name, forms[form].type)}
    if previous is not None:  # an update: also what moved since the last plan, and what it wrote
        refold |= plan.changed(previous) | set(touched)
    fold_statements(statements_ix, articles_ix, plan, records, refold)
    count_articles(statements_ix, records, plan, refold, counted or {})
    write_speaker_index(build, plan, records, forms)
    return plan
