"""One speaker per person across the archive: name forms merged, namesakes kept apart, roles and aliases clean,
and a newsroom's corrections applied."""

from __future__ import annotations

from collections import Counter

import pytest

from scripts.devtools.merges import load_forms, load_people, merge_scores
from search.corrections import BadCorrections, Corrections
from search.identities import parse_person, plan_speakers, same_person
from search.speaker_index import clean_aliases
from search.speakers import RoleSeen, SpeakerRecord, is_role


def form(name: str, kind: str = "person", statements: int = 1, roles: dict[str, int] | None = None,
         aliases: tuple[str, ...] = ()) -> SpeakerRecord:
    record = SpeakerRecord(name, kind, statements=statements, articles=1, aliases=set(aliases))
    for role, count in (roles or {}).items():
        record.roles[role.lower()] = RoleSeen(Counter({role: count}), "2016-01-01", "2016-06-01")
    return record


def plan_of(*records: SpeakerRecord, corrections: Corrections | None = None) -> dict[str, str]:
    """Form name -> the name of its speaker."""
    from indexer.model import make_slug

    forms = {make_slug(record.name): record for record in records}
    plan = plan_speakers(forms, corrections)
    return {record.name: plan.speakers[plan.target[make_slug(record.name)]].name for record in records}


def test_full_names_of_one_person_are_one_speaker_and_namesakes_stay_apart():
    speakers = plan_of(form("Donald Trump", statements=50), form("Donald J. Trump", statements=9),
                       form("Donald Trump Jr.", statements=4), form("Eric Trump", statements=3),
                       form("Ivanka Trump", statements=2), form("Joe Biden", statements=5, roles={"Vice President": 5}),
                       form("Joseph R. Biden Jr.", statements=3, roles={"vice president": 1}),
                       form("Bill Clinton", statements=5, roles={"former president": 2}),
                       form("William Clinton", roles={"Former President": 1}), form("Hillary Clinton", statements=9),
                       form("Chelsea Clinton"))
    assert speakers == {
        "Donald Trump": "Donald Trump", "Donald J. Trump": "Donald Trump", "Donald Trump Jr.": "Donald Trump Jr.",
        "Eric Trump": "Eric Trump", "Ivanka Trump": "Ivanka Trump", "Joe Biden": "Joe Biden",
        "Joseph R. Biden Jr.": "Joe Biden", "Bill Clinton": "Bill Clinton", "William Clinton": "Bill Clinton",
        "Hillary Clinton": "Hillary Clinton", "Chelsea Clinton": "Chelsea Clinton"}


def test_two_names_that_fit_are_one_person_only_with_something_else_in_common():
    speakers = plan_of(
        form("Bob Mason", roles={"retired letter carrier": 1}), form("Robert Mason", statements=2),
        form("Gary Johnson", statements=9), form("Garrett Johnson"), form("Ron Johnson", statements=2),
        form("Geoff Garin", statements=11, roles={"Democratic pollster": 11}), form("Geoffrey Garin"),
        form("Chuck Grassley", statements=2, roles={"Sen.": 2}), form("Charles Grassley", roles={"senator": 1}),
        form("Dick Durbin", aliases=("Richard J. Durbin",)), form("Richard J. Durbin"),
        form("Andrew Hale"), form("Hale"), form("Will Rogers"), form("Fred Rogers"))
    assert speakers["Robert Mason"] == "Robert Mason" and speakers["Garrett Johnson"] == "Garrett Johnson"
    assert speakers["Geoffrey Garin"] == "Geoff Garin"  # well known, and the only Garin
    assert speakers["Charles Grassley"] == "Chuck Grassley"  # the same role
    assert speakers["Richard J. Durbin"] == "Dick Durbin"  # an article used both names
    assert speakers["Hale"] == "Hale"  # one statement of an Andrew Hale is no reason
    assert speakers["Fred Rogers"] == "Fred Rogers"  # `Will` and `Fred` are both `Wilfred`, not each other


def test_a_name_that_fits_two_people_stays_on_its_own():
    speakers = plan_of(form("John Smith", statements=6), form("Jane Smith", statements=6),
                       form("J. Smith", statements=6))
    assert speakers["J. Smith"] == "J. Smith"


def test_a_surname_joins_the_one_person_it_fits_by_gender_and_office():
    speakers = plan_of(
        form("Bill Clinton", statements=5, roles={"former president": 5}), form("Hillary Clinton", statements=9),
        form("Chelsea Clinton"), form("Clinton", statements=8), form("Mr. Clinton"), form("President Clinton"),
        form("Barack Obama", statements=4), form("Michelle Obama", statements=2),
        form("Obama", statements=10, roles={"President": 8}, aliases=("Mr. Obama",)),
        form("Marco Rubio", statements=7), form("Rubio", statements=2))
    assert speakers["Clinton"] == "Clinton"  # Bill, Hillary or Chelsea: the archive cannot tell
    assert speakers["Mr. Clinton"] == speakers["President Clinton"] == "Bill Clinton"
    assert speakers["Obama"] == "Barack Obama" and speakers["Michelle Obama"] == "Michelle Obama"
    assert speakers["Rubio"] == "Marco Rubio"


def test_an_honorific_that_disagrees_keeps_a_surname_apart():
    speakers = plan_of(form("Michelle Obama", statements=2), form("Mr. Obama"),
                       form("Obama", aliases=("Mr. Obama", "Mrs. Obama")))
    assert speakers == {"Michelle Obama": "Michelle Obama", "Mr. Obama": "Mr. Obama", "Obama": "Obama"}


def test_organisations_merge_by_name_initials_and_last_word_but_not_by_a_common_noun():
    speakers = plan_of(form("The Washington Post", "organization", 4), form("Washington Post", "organization", 6),
                       form("Post", "organization"), form("Federal Bureau of Investigation", "organization"),
                       form("FBI", "organization", 5), form("Republican Party", "organization", 3),
                       form("Party", "organization"))
    assert speakers["The Washington Post"] == speakers["Post"] == "Washington Post"
    assert speakers["Federal Bureau of Investigation"] == "FBI"
    assert speakers["Party"] == "Party"


def test_descriptions_group_by_their_words_and_never_join_a_person():
    speakers = plan_of(form("officials", "description", 5), form("official", "description"),
                       form("an official", "description"), form("Sources Official", statements=1))
    assert speakers["official"] == speakers["an official"] == "officials"
    assert speakers["Sources Official"] == "Sources Official"


@pytest.mark.parametrize("name", ["Chamber's chief political strategist", "His chief aide", "Trump PAC",
                                  "<b>Trump</b>", "42%"])
def test_what_is_not_a_name_is_not_read_as_one(name):
    assert parse_person(name) is None


def test_suffixes_tell_a_son_from_his_father_but_not_a_formal_name_from_its_short_form():
    assert not same_person(parse_person("Donald Trump Jr."), parse_person("Donald Trump"))
    assert same_person(parse_person("Joseph R. Biden Jr."), parse_person("Joe Biden"))
    assert not same_person(parse_person("Donald Trump Jr."), parse_person("Donald Trump Sr."))
    assert not same_person(parse_person("Harry M. Reid"), parse_person("Harry J. Reid"))


def test_the_fifty_most_quoted_people_of_the_train_archive_are_each_one_speaker():
    """Over the name forms of the PolNeAR train demo index (tests/data, made by scripts/devtools/merges.py)."""
    plan = plan_speakers(load_forms())
    scores = merge_scores(plan.target, load_people())
    assert scores.people >= 60 and scores.whole == scores.people, scores.split
    assert scores.precision == 1.0 and scores.recall == 1.0, (scores.split, scores.mixed)
    assert not scores.guessed


def test_junk_roles_are_dropped_and_variants_fold():
    assert not any(map(is_role, ["warm-and-fuzzy", "Palm Beach -", "most able candidate", "42%"]))
    assert all(map(is_role, ["Florida senator", "GOP front-runner", "co-founder of Uber", "spokeswoman"]))
    record = SpeakerRecord("Wang Yi", "person")
    for role, day in [("Chinese Foreign Minister", "2025-07-28"), ("Chinese foreign minister", "2025-07-29"),
                      ("Foreign Minister", "2025-10-08"), ("Vice President", "2025-10-09"), ("warm-and-fuzzy", None)]:
        record.add({"speaker": {"role": role}, "article": {"slug": day or "x", "outlet": None}, "said_on": day})
    data = record.to_dict("wang-yi")
    assert data["roles"] == ["Chinese Foreign Minister", "Vice President"]
    assert data["role_history"][0] == {"role": "Chinese Foreign Minister", "statements": 3,
                                       "first_seen": "2025-07-28", "last_seen": "2025-10-08"}
    assert data["role"] == "Chinese Foreign Minister"  # the last one seen of those given more than once
    record.add({"speaker": {"role": "Vice President"}, "article": {"slug": "y", "outlet": None},
                "said_on": "2025-10-10"})
    assert record.to_dict("wang-yi")["role"] == "Vice President"


def test_aliases_are_names_of_that_person_only():
    record = form("Donald Trump", aliases=(
        "Mr. Trump", "Trump", "Donald J. Trump", "Mrs. Trump", "Ivanka Trump",
        "Donald Trump and House Speaker Paul Ryan", "Republican nominee Donald Trump", "<i>Trump</i>", "Mr. Obama",
        "Donald"))
    assert clean_aliases(record, set()) == {"Mr. Trump", "Trump", "Donald J. Trump", "Donald"}
    assert clean_aliases(record, {"mr-trump"}) == {"Trump", "Donald J. Trump", "Donald"}


def test_corrections_merge_split_rename_and_mark_not_a_person():
    records = [form("Maxine Waters", statements=5), form("Waters office", "organization", statements=2),
               form("Bill Clinton", statements=5), form("William Clinton"), form("Polls", statements=3),
               form("Donald J. Trump", statements=4)]
    corrections = Corrections.from_dict({
        "merge": [{"speakers": ["Maxine Waters", "Waters office"]}],
        "split": [{"speaker": "Bill Clinton", "alias": "William Clinton"}],
        "rename": [{"speaker": "Donald J. Trump", "name": "Donald Trump"}],
        "not_a_person": [{"speaker": "Polls"}],
    })
    from indexer.model import make_slug

    forms = {make_slug(record.name): record for record in records}
    plan = plan_speakers(forms, corrections)
    waters = plan.speakers[plan.target["waters-office"]]
    assert waters.name == "Maxine Waters" and waters.by_hand == {"waters-office"}
    assert waters.reasons["waters-office"] == "merged by hand"
    assert plan.target["william-clinton"] != plan.target["bill-clinton"]
    assert plan.target["donald-j-trump"] == "donald-trump" and plan.speakers["donald-trump"].name == "Donald Trump"
    assert plan.speakers["polls"].type == "description"


@pytest.mark.parametrize("data, message", [
    ({"merge": [{"speakers": ["Only One"]}]}, "two speakers"),
    ({"merge": [{"names": ["A", "B"]}]}, "needs exactly speakers"),
    ({"rename": [{"speaker": "A", "name": 3}]}, "non-empty strings"),
    ({"forget": []}, "unknown section"),
])
def test_a_corrections_file_that_cannot_be_applied_says_why(data, message):
    with pytest.raises(BadCorrections, match=message):
        Corrections.from_dict(data)


def test_a_corrections_file_round_trips_and_a_broken_one_is_reported(tmp_path):
    corrections = Corrections(merge=[["A B", "C D"]], split=[("A B", "E F")], rename={"a-b": "A. B."},
                              unnamed={"polls"})
    corrections.save(tmp_path)
    assert Corrections.load(tmp_path) == corrections
    (tmp_path / "speakers.toml").write_text("[[merge]\nspeakers = [", encoding="utf-8")
    with pytest.raises(BadCorrections, match="speakers.toml"):
        Corrections.load(tmp_path)
    assert Corrections.load(tmp_path / "nothing-here") == Corrections()


def test_a_speaker_named_like_an_outlet_of_the_archive_is_that_body():
    from indexer.model import make_slug

    politico = form("Politico", statements=3)
    politico.outlets["Politico"] = 1
    records = [politico, form("Politico", "organization")]
    plan = plan_speakers({make_slug(r.name) + str(n): r for n, r in enumerate(records)})
    assert {speaker.type for speaker in plan.speakers.values()} == {"organization"}
    assert len(plan.speakers) == 1


@pytest.mark.parametrize("name, kind", [
    ("One", "person"), ("Those", "group"), ("Democrat", "person"), ("Six in 10 Republican", "group"),
    ("400 registered Latino voters", "group"), ("One of the authors of that 2013 report", "person"),
    ("Police", "organization"), ("His campaign", "organization"), ('datetime="2016', "organization"),
    ("army of Twitter followers", "organization"), ("a Suffolk University/Boston Globe Poll", "organization"),
])
def test_a_speaker_that_names_no_one_is_an_unnamed_source(name, kind):
    plan = plan_speakers({"x": form(name, kind)})
    assert plan.speakers[plan.target["x"]].type == "description"


@pytest.mark.parametrize("name", ["Fox 35", "NY1", "One Nation", "Washington Post"])
def test_a_body_with_a_number_or_a_count_word_in_its_name_stays_a_body(name):
    plan = plan_speakers({"x": form(name, "organization")})
    assert plan.speakers[plan.target["x"]].type == "organization"


def test_a_surname_quoted_by_the_same_outlet_in_the_same_days_is_that_person():
    from indexer.model import make_slug

    def quoted(name: str, outlet: str, day: str) -> SpeakerRecord:
        record = form(name)
        record.outlets[outlet] += 1
        record.first = record.last = day
        return record

    records = [quoted("Roman Smbatyan", "HuffPost", "2016-04-27"), quoted("Smbatyan", "HuffPost", "2016-04-28"),
               quoted("Andrew Hale", "USA Today", "2016-06-05"), quoted("Hale", "Politico", "2016-02-01")]
    plan = plan_speakers({make_slug(r.name): r for r in records})
    assert plan.target["smbatyan"] == "roman-smbatyan" and plan.target["hale"] == "hale"
