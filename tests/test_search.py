"""Search: every query form, over the seed index and (for speaker recognition among many
speakers) a directory of made-up speakers; questions, speakers, phrases, operators, filters, sorting,
paging, facets, highlights, suggestions, hints, odd input."""

from __future__ import annotations

import random
import re
import threading
from datetime import date

import pytest

from search import Filters, IndexMissing, IndexStore, InvalidParameter, SearchService, build_index
from search.facets import FACET_FIELDS
from search.query import SpeakerDirectory, SpeakerEntry, clean_query, parse_question
from web.pages import join_marks


def first(service, q, **kwargs):
    results = service.search(q, **kwargs)
    assert results.hits, f"nothing for {q!r}"
    return results.hits[0].statement


def texts(results) -> list[str]:
    return [hit.statement["text"] for hit in results.hits]


# -- plain questions, speakers, topics -------------------------------------------------------------------

def test_the_wang_yi_question_finds_the_supply_chain_statement_first(service):
    results = service.search("what did Wang Yi say about supply chains")
    assert results.query.speakers == ["wang-yi"] and results.query.terms == ["supply", "chains"]
    top = results.hits[0].statement
    assert top["speaker"]["name"] == "Wang Yi"
    assert "jointly oppose" in top["text"]
    assert (top["kind"], top["said_on"], top["article"]["outlet"]) == ("mixed", "2025-07-28", "Xinhua")


@pytest.mark.parametrize("q", ["Wang Yi supply chains", "wang yi supply chain", "WANG supply chains",
                               "Wang Yee supply chains", "what did wang-yi say about supply chains",
                               "Foreign Minister Wang Yi on supply chains", "Yi supply chains"])
def test_speaker_variants_typos_titles_and_stemming(service, q):
    results = service.search(q)
    assert results.query.speakers == ["wang-yi"]
    assert "jointly oppose" in results.hits[0].statement["text"]
    assert all(h.statement["speaker"]["slug"] == "wang-yi" for h in results.hits)


def test_speaker_only_and_role_questions(service):
    cho = service.search("Cho Hyun")
    assert cho.total == service.search("", Filters(speaker="cho-hyun")).total == 4
    assert {h.statement["speaker"]["slug"] for h in cho.hits} == {"cho-hyun"}
    assert service.search("cho").query.speakers == ["cho-hyun"]
    assert service.search("what has the Chinese foreign minister said").query.speakers == ["wang-yi"]
    assert service.search("what did the chinese foreign minister say").total == \
        service.search("", Filters(speaker="wang-yi")).total


def test_a_speaker_alone_lists_their_fullest_statements_first(service):
    results = service.search("Wang Yi", per_page=50)
    lengths = [len(h.statement["text"].split()) for h in results.hits]
    assert lengths[0] >= 20 and min(lengths[:3]) > min(lengths)
    newest = service.search("Wang Yi", per_page=50, sort="newest")
    assert [h.statement["said_on"] for h in newest.hits] == sorted((h.statement["said_on"] for h in newest.hits),
                                                                   reverse=True)


def test_several_speakers(service):
    both = service.search("Wang Yi Cho Hyun", per_page=50)
    assert set(both.query.speakers) == {"wang-yi", "cho-hyun"}
    assert {h.statement["speaker"]["slug"] for h in both.hits} == {"wang-yi", "cho-hyun"}
    assert both.total == sum(service.search("", Filters(speaker=s)).total for s in ("wang-yi", "cho-hyun"))


def test_topic_with_speaker(service):
    top = first(service, "Cho Hyun on free trade")
    assert top["speaker"]["name"] == "Cho Hyun" and "free trade negotiations" in top["text"]


def test_question_and_stop_words_are_not_topic(service):
    parsed = service.search("what did Cho Hyun say about the trade").query
    assert parsed.speakers == ["cho-hyun"] and parsed.terms == ["trade"]
    assert service.search("what did he say").query.terms == []


def test_a_name_after_about_is_the_topic(service):
    """`what did Wang Yi say about Cho Hyun`: Wang Yi's statements that mention Cho Hyun, not both men's."""
    results = service.search("what did Wang Yi say about Cho Hyun")
    assert results.query.speakers == ["wang-yi"] and results.query.terms == ["Cho", "Hyun"]
    assert {h.statement["speaker"]["slug"] for h in results.hits} <= {"wang-yi"}


def test_who_questions_ask_for_the_speaker(service):
    results = service.search("who talked about Wang Yi")
    assert results.query.speakers == [] and results.total >= 1
    assert {"beijing"} <= {h.statement["speaker"]["slug"] for h in results.hits}


def test_stemming_matches_inflections(service):
    assert "deeply integrated industrial and supply chains" in " ".join(texts(service.search("supply chain")))
    cooperate = service.search("cooperate")
    assert any("cooperation" in t for t in texts(cooperate)) and cooperate.suggestion is None


def test_speaker_role_outlet_and_headline_count_too(service):
    # "Yonhap" is only the speaker's name, "Xinhua" only the outlet, "phone talks" only in a headline.
    assert service.search("Yonhap").hits[0].statement["speaker"]["slug"] == "yonhap-news-agency"
    xinhua = service.search("xinhua")
    assert xinhua.total and all(h.statement["article"]["outlet"] == "Xinhua" for h in xinhua.hits)
    assert service.search("phone talks").total >= 10


def test_statement_words_weigh_more_than_headline_words(service):
    # Both seed headlines concern the two ministers; the statement that says "APEC" comes first.
    assert "APEC" in first(service, "APEC talks")["text"]


# -- phrases and operators -----------------------------------------------------------------------------

def test_quoted_phrase_and_highlight(service):
    results = service.search('who said "decoupling"')
    assert results.total == 1
    assert results.query.phrases == ["decoupling"]
    assert "<mark" in results.hits[0].highlight and "decoupling</mark>" in results.hits[0].highlight


def test_quoted_phrases_are_exact_and_required(service):
    assert service.search('"supply chains"').total == 2
    assert service.search('"supply chain"').total == 0  # exact words: no stemming inside quotation marks
    assert service.search('"chains supply"').total == 0
    mixed = service.search('"free trade" negotiations')
    assert mixed.total == 2 and "negotiations" in mixed.hits[0].statement["text"]
    assert service.search("“decoupling”").query.phrases == ["decoupling"]  # typographic quotation marks


def test_operators_exclude_words(service):
    with_word = {h.statement["id"] for h in service.search("supply chains").hits}
    without = {h.statement["id"] for h in service.search("supply chains -decoupling").hits}
    assert without and without < with_word
    assert {h.statement["id"] for h in service.search("supply AND chains NOT decoupling").hits} == without


def test_and_or(service):
    both = service.search("Korea AND APEC")
    assert both.total == service.search("APEC").total and "APEC" in both.hits[0].statement["text"]
    either = service.search("APEC OR decoupling")
    assert either.total == service.search("APEC").total + 1
    assert {"decoupling", "APEC"} <= {w for t in texts(either) for w in ("decoupling", "APEC") if w in t}
    assert service.search("APEC AND decoupling").total == 0
    assert service.search('"free trade" AND decoupling').total == 1


def test_excluding_a_speaker_word(service):
    results = service.search("South Korea -Wang", per_page=50)
    assert results.total and all(h.statement["speaker"]["slug"] != "wang-yi" for h in results.hits)


# -- filters -------------------------------------------------------------------------------------------

def test_filters(service):
    direct = service.search("", Filters(kind="direct"))
    assert direct.total == 1 and direct.hits[0].statement["speaker"]["name"] == "Wang Yi"
    assert service.search("Wang", Filters(outlet="anadolu agency")).total == 1
    october = service.search("", Filters(said_from=date(2025, 10, 1), said_to=date(2025, 10, 31)))
    assert october.total > 0 and all(h.statement["said_on"].startswith("2025-10") for h in october.hits)
    assert service.search("trade", Filters(speaker="Cho Hyun")).total == 2
    july = service.search("", Filters(published_to=date(2025, 7, 31)))
    assert july.total == service.search("", Filters(outlet="Xinhua")).total >= 17


@pytest.mark.parametrize("speaker", ["wang-yi", "Wang Yi", "wang yi", "Wang", "Wang Yee"])
def test_the_speaker_filter_takes_a_name_or_a_slug(service, speaker):
    results = service.search("", Filters(speaker=speaker), per_page=50)
    assert results.total == service.search("", Filters(speaker="wang-yi")).total > 10
    assert {h.statement["speaker"]["slug"] for h in results.hits} == {"wang-yi"}


@pytest.mark.parametrize("outlet", ["Xinhua", "xinhua", "XINHUA"])
def test_the_outlet_filter_ignores_case(service, outlet):
    assert service.search("", Filters(outlet=outlet)).total == service.search("", Filters(outlet="Xinhua")).total


def test_date_and_article_filters(service):
    xinhua_slug = first(service, "decoupling")["article"]["slug"]
    in_article = service.search("", Filters(article=xinhua_slug), per_page=100)
    assert in_article.total >= 17 and {h.statement["article"]["slug"] for h in in_article.hits} == {xinhua_slug}
    published = service.search("", Filters(published_from=date(2025, 10, 1)), per_page=100)
    assert published.total and all(h.statement["article"]["published"] >= "2025-10-01" for h in published.hits)
    said = service.search("", Filters(said_from=date(2025, 10, 8), said_to=date(2025, 10, 8)), per_page=100)
    assert said.total and {h.statement["said_on"] for h in said.hits} == {"2025-10-08"}
    assert service.search("Wang", Filters(said_to=date(2025, 7, 27))).total == 0


def test_filters_combine_with_a_question(service):
    results = service.search("what did Wang Yi say about South Korea", Filters(kind="direct"))
    assert results.total == 1 and results.hits[0].statement["kind"] == "direct"


# -- sorting, paging, facets, highlights, context -------------------------------------------------------

def test_paging_and_sorting(service):
    everything = service.search("", Filters(speaker="wang-yi"), per_page=5, sort="newest")
    assert everything.pages == 3 and len(everything.hits) == 5
    dates = [h.statement["said_on"] for h in service.search("", Filters(speaker="wang-yi"), per_page=50,
                                                             sort="oldest").hits]
    assert dates == sorted(dates)
    with pytest.raises(InvalidParameter):
        service.search("x", page=0)
    with pytest.raises(InvalidParameter):
        service.search("x", per_page=1000)
    with pytest.raises(InvalidParameter):
        service.search("x", Filters(kind="rumour"))
    with pytest.raises(InvalidParameter):
        service.search("x", sort="random")


def test_pages_hold_every_result_once_with_the_total(service):
    seen = []
    for page in range(1, 8):
        results = service.search("China", per_page=4, page=page)
        assert results.total == service.search("China").total
        seen += [h.statement["id"] for h in results.hits]
    assert len(seen) == len(set(seen)) == results.total
    assert service.search("China", per_page=4, page=99).hits == []


def test_relevance_and_date_orders(service):
    relevance = service.search("South Korea")
    scores = [h.score for h in relevance.hits]
    assert all(isinstance(s, float) for s in scores) and scores == sorted(scores, reverse=True)
    newest = service.search("South Korea", sort="newest", per_page=50)
    days = [h.statement["said_on"] for h in newest.hits]
    assert days == sorted(days, reverse=True) and days[0] == "2025-10-08"
    assert newest.total == relevance.total


def test_facets_count_all_results(service):
    results = service.search("china", per_page=1)
    speakers = {row["value"]: row["count"] for row in results.facets["speaker"]}
    assert sum(speakers.values()) == results.total > 1
    assert {row["value"] for row in results.facets["kind"]} <= {"direct", "indirect", "mixed"}
    assert sum(row["count"] for row in results.facets["kind"]) == results.total
    assert results.facets["month"] and results.facets["outlet"]


def test_facet_values_labels_and_order(service):
    results = service.search("", Filters(said_from=date(2025, 1, 1)))
    facets = results.facets
    assert [row["value"] for row in facets["month"]] == ["2025-07", "2025-10"]
    assert {row["value"]: row["label"] for row in facets["kind"]}["mixed"] == "Partial quote"
    assert {row["value"]: row["label"] for row in facets["speaker"]}["wang-yi"] == "Wang Yi"
    counts = [row["count"] for row in facets["speaker"]]
    assert counts == sorted(counts, reverse=True)
    assert {row["value"] for row in facets["outlet"]} == {"Xinhua", "Anadolu Agency"}
    # Facets follow the filters: a chosen outlet leaves one outlet row.
    one = service.search("", Filters(outlet="Xinhua")).facets["outlet"]
    assert [row["value"] for row in one] == ["Xinhua"]


def test_highlights_mark_stemmed_words_and_escape_html(service):
    hit = service.search("supply chain").hits[0]
    assert "<mark" in hit.highlight and "chains</mark>" in hit.highlight
    plain = service.search("Cho Hyun").hits[0]  # no topic words: the text, escaped, unmarked
    assert "<mark" not in plain.highlight and plain.highlight
    assert all("<" not in h.highlight.replace("<mark", "").replace("</mark>", "") for h in
               service.search("ROK").hits)


def test_highlight_offsets_point_at_the_marked_words(service, client):
    hit = service.search("supply chain").hits[0]
    marked = re.findall(r"<mark[^>]*>(.*?)</mark>", join_marks(hit.highlight))
    assert [hit.statement["text"][a:b] for a, b in hit.highlight_offsets] == marked
    assert "supply chains" in marked  # two words in a row: one span
    assert service.search("Cho Hyun").hits[0].highlight_offsets == []
    api = client.get("/api/v1/search?q=supply+chain").get_json()["results"][0]
    assert api["highlight_offsets"] == [list(span) for span in hit.highlight_offsets]


def test_the_sentence_around_the_statement_is_given(service):
    top = first(service, "decoupling")
    assert top["text"] in top["context"] and "Wang stressed" in top["context"]
    assert {"id", "speaker", "kind", "text", "cue", "said_on", "start", "end", "context", "article"} <= set(top)


# -- when nothing is found ------------------------------------------------------------------------------

def test_no_results_suggests_a_spelling_and_a_hint(service):
    results = service.search("suply chanes")
    assert results.total == 0 and results.suggestion == "supply chains"
    assert service.search("Wang Yi decouplin").suggestion == "Wang Yi decoupling"
    # With results too, for a word no statement uses.
    some = service.search("good neighbourliness")
    assert some.total and some.suggestion == "good neighborliness"
    assert service.search("xyzzyq").suggestion is None and service.search("xyzzyq").total == 0
    assert service.search("supply chains").suggestion is None
    # Words the index knows are never "corrected", not even when a filter leaves nothing.
    assert service.search("trade", Filters(outlet="Nowhere Times")).suggestion is None


def test_hints_say_which_filter_to_drop(service):
    hint = service.search("trade", Filters(outlet="Nowhere Times")).hint
    assert "outlet" in hint and "Nowhere Times" in hint and "without it" in hint
    both = service.search("decoupling", Filters(kind="direct", said_from=date(2025, 10, 1))).hint
    assert both and "filters" in both
    assert service.search("decoupling").hint is None


def test_hints_for_a_speaker_without_the_topic_and_for_phrases(service):
    hint = service.search("Cho Hyun on decoupling").hint
    assert hint.startswith("Cho Hyun has no statement on that topic") and "1 statement by others" in hint
    assert "quotation marks" in service.search('"chains supply"').hint


# -- odd input -----------------------------------------------------------------------------------------

ODD = ['"unbalanced', 'two "unbalanced" "quotes', "the of and", "x" * 10_000, "Wang " * 3000,
       "\x00\x07 control\x1b[31m", "\u202eright to left\u200b", "中文 查询", "한국 외교부", "وزير الخارجية", "🙂🙃",
       "AND OR NOT", "((()))", "field:value", "text:china", "-", "--", "- -", '""', '" "', "NOT", "NOT NOT",
       "*?~^", "[a TO z]", "'", "'''", "\\", "%s %d {0}", "<script>alert(1)</script>", "Wang-", "-Wang",
       "AND Wang", "Wang OR", "OR OR OR", "‘single’ “double”", "\t\n\r", "", "   ", None]


@pytest.mark.parametrize("q", ODD)
def test_odd_queries_never_fail(service, q):
    results = service.search(q)
    assert results.total >= 0
    results.to_dict()


def test_random_text_never_fails(service):
    rng = random.Random(4)
    alphabet = ' "\'-+()*:~^!?.,;AORNDTaeiouWangYi中한ب\x00\u200b\n\\/[]{}<>&|@#$%'
    for _ in range(300):
        q = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        service.search(q, per_page=3).to_dict()


def test_cleaning_keeps_text_safe_to_parse():
    assert clean_query('a "b') == "a b"
    assert clean_query("x" * 10_000) == "x" * 500
    assert clean_query("field:value (x)") == "field value  x "
    assert clean_query("“quoted”") == '"quoted"'


# -- speaker recognition among many speakers (a made-up directory) --------------------------------------

PEOPLE = [
    SpeakerEntry("hillary-clinton", "Hillary Clinton", 400, ["Clinton", "Mrs. Clinton"],
                 ["Democratic presidential nominee", "former secretary of state"]),
    SpeakerEntry("bill-clinton", "Bill Clinton", 40, ["Clinton", "Mr. Clinton"], ["former President"]),
    SpeakerEntry("chelsea-clinton", "Chelsea Clinton", 5, [], []),
    SpeakerEntry("donald-trump", "Donald Trump", 550, ["Mr. Trump"], ["Republican nominee"]),
    SpeakerEntry("donald-j-trump", "Donald J. Trump", 90, ["Donald"], []),
    SpeakerEntry("eric-trump", "Eric Trump", 18, ["Trump"], []),
    SpeakerEntry("donald-trump-jr", "Donald Trump Jr.", 2, [], []),
    SpeakerEntry("bernie-sanders", "Bernie Sanders", 200, ["Sanders", "Sen. Bernie Sanders"], ["Vermont Sen."]),
    SpeakerEntry("sen-sanders", "Sen. Sanders", 1, [], []),
    SpeakerEntry("mike-pence", "Mike Pence", 20, ["Pence"], ["Republican vice presidential nominee"]),
    SpeakerEntry("mike-lee", "Mike Lee", 15, [], []),
    SpeakerEntry("jeffrey-sachs", "Jeffrey Sachs", 2, [], []),
    SpeakerEntry("wang-yi", "Wang Yi", 15, [], ["Chinese foreign minister"]),
    SpeakerEntry("emails", "Emails", 2, [], [], "group"),
    SpeakerEntry("people", "People", 21, [], [], "group"),
    SpeakerEntry("china", "China", 1, [], [], "organization"),
    SpeakerEntry("white-house", "White House", 9, [], [], "organization"),
    SpeakerEntry("x", "X", 1, [], []),
    SpeakerEntry("clinton-ally", "Clinton ally", 1, [], []),
]
# How many statements use each word, as the index would say.
WORD_USES = {"trump": 1100, "clinton": 850, "emails": 70, "people": 600, "china": 55, "sanders": 330,
             "pence": 60, "trade": 200, "sachs": 12, "goldman": 10, "aides": 20, "wall": 80, "x": 3}
PHRASES = {("goldman", "sachs"): 10, ("clinton", "emails"): 5}


@pytest.fixture(scope="module")
def directory() -> SpeakerDirectory:
    return SpeakerDirectory(PEOPLE, WORD_USES, lambda words: PHRASES.get(tuple(words), 0))


def test_a_misspelt_name_is_the_closest_name_of_all(directory):
    """Names are searched only among those of lengths that can reach the cutoff: the answer is still the one a
    search of every name gives, the first of equally close ones included."""
    from rapidfuzz import fuzz, process

    names = [f"{first} {last}" for first in ("ann", "annabel", "jo", "maximilian") for last in ("lee", "leeson",
                                                                                             "lees", "li")]
    names += ["lee", "leeds", "bo", "abcdefghijklmnopqrstuvwxyz"]
    people = [SpeakerEntry(name.replace(" ", "-"), name.title(), 1, [], []) for name in names]
    close = SpeakerDirectory(people)
    choices = list(close._spellings)
    rng = random.Random(7)
    keys = ["ann lees", "annabel le", "maximilian leesonn", "leeed", "jo leee", "abcdefghijklmnopqrstuvw",
            "abcdefghijklmnopqrstuvwxyz123"]  # the last two: three letters shorter and longer than a name
    for name in names:
        letters = list(name)
        del letters[rng.randrange(len(letters))]
        keys += ["".join(letters), name + rng.choice("aeiou")]
    for key in keys:
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=78 if " " in key else 88)
        expected = best[0] if best and len(key) >= 4 else ""
        assert close.fuzzy(key)[0] == expected, key
    assert directory.fuzzy("Wang Yee") == ("wang yi", ["wang-yi"])
    assert close.fuzzy("ann leed")[0] == "ann lee"
    assert SpeakerDirectory(people, {"leed": 5}).fuzzy("ann leed")[0] == ""  # a word of the statements: no typo


def understood(q, directory):
    parsed = parse_question(q, directory)
    return parsed.speakers, parsed.terms


@pytest.mark.parametrize("q, speakers, terms", [
    # A surname several speakers share: the one quoted most; any case.
    ("Clinton", ["hillary-clinton"], []),
    ("clinton", ["hillary-clinton"], []),
    ("TRUMP", ["donald-trump"], []),
    ("Trump", ["donald-trump"], []),
    # Full names, first names that are mostly one speaker's, a name with its suffix.
    ("Bill Clinton", ["bill-clinton"], []),
    ("Hillary", ["hillary-clinton"], []),
    ("Bernie on trade", ["bernie-sanders"], ["trade"]),
    ("Donald", ["donald-trump"], []),
    ("Mike", [], ["Mike"]),  # Mike Pence and Mike Lee: no first name to go by
    ("Trump Jr", ["donald-trump-jr"], []),
    # Titles and role words: part of the name, and they choose between namesakes.
    ("President Clinton", ["bill-clinton"], []),
    ("Former President Clinton on trade", ["bill-clinton"], ["trade"]),
    ("Secretary Clinton emails", ["hillary-clinton"], ["emails"]),
    ("Mrs. Clinton", ["hillary-clinton"], []),
    ("Mr Trump", ["donald-trump"], []),
    ("Sen. Sanders", ["bernie-sanders"], []),
    ("what did the Republican vice presidential nominee say", ["mike-pence"], []),
    ("the chinese foreign minister", ["wang-yi"], []),
    # A misspelt topic after a name is no other speaker's name: the most quoted Clinton, and the topic.
    ("Clinton emial", ["hillary-clinton"], ["emial"]),
    # Question words and topic markers.
    ("what did Clinton say about emails", ["hillary-clinton"], ["emails"]),
    ("what did Trump say about Clinton", ["donald-trump"], ["Clinton"]),
    ("Trump on China", ["donald-trump"], ["China"]),
    ("statements about Trump", [], ["Trump"]),
    ("who called Trump a liar", [], ["called", "Trump", "liar"]),
    ("who said Clinton emails", [], ["Clinton", "emails"]),
    # Several speakers.
    ("Clinton and Trump", ["hillary-clinton", "donald-trump"], []),
    ("Pence Sanders trade", ["mike-pence", "bernie-sanders"], ["trade"]),
    # Typos, but not real words.
    ("Hilary Clinton", ["hillary-clinton"], []),
    ("Bernie Sandres", ["bernie-sanders"], []),
    ("Clintn emails", ["hillary-clinton"], ["emails"]),
    ("Clinton aides", ["hillary-clinton"], ["aides"]),
    # Words that name a rarely quoted speaker but are mostly topic words; part of a longer name.
    ("emails", [], ["emails"]),
    ("People", [], ["People"]),
    ("Trump China", ["donald-trump"], ["China"]),
    ("Goldman Sachs speeches", [], ["Goldman", "Sachs", "speeches"]),
    ("Sachs", ["jeffrey-sachs"], []),
    ("x", [], []),
    ("White House", ["white-house"], []),
])
def test_speaker_recognition(directory, q, speakers, terms):
    assert understood(q, directory) == (speakers, terms)


def test_speaker_lookup_for_filters(directory):
    assert directory.lookup("Clinton") == "hillary-clinton"
    assert directory.lookup("bill-clinton") == "bill-clinton"
    assert directory.lookup("emails") == "emails"  # a filter names a speaker on purpose
    assert directory.lookup("nobody at all") is None


def test_excluded_and_boolean_parts(directory):
    parsed = parse_question('Clinton "private server" emails -Benghazi NOT Libya', directory)
    assert parsed.speakers == ["hillary-clinton"] and parsed.phrases == ["private server"]
    assert parsed.excluded == ["Benghazi", "Libya"] and parsed.terms == ["emails"]
    assert parse_question("AND trade OR OR", directory).boolean == "trade"
    assert parse_question("trade AND wall", directory).boolean == "trade AND wall"


# -- records and a missing index ------------------------------------------------------------------------

def test_records(service):
    top = first(service, "decoupling")
    assert service.statement(top["id"]) == top
    assert service.statement("nope") is None
    assert service.speaker("wang-yi")["name"] == "Wang Yi"
    assert service.speaker("Wang")["slug"] == "wang-yi"
    article = service.article(top["article"]["slug"])
    assert article["outlet"] == "Xinhua" and any(s["id"] == top["id"] for s in article["statements"])
    rows, total = service.articles()
    assert total == 2 and rows[0]["published"] == "2025-10-08"


def test_missing_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexMissing, match="saidwhat index"):
        SearchService(IndexStore(tmp_path)).search("anything")


def test_several_speakers_put_what_one_said_naming_another_first(tmp_path, extractor):
    """`Nolan Reyes Ada Brook`: statements by either speaker, those naming the other first, then the fullest."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "talks.txt").write_text(
        "Talks end without a deal\n\n"
        "Nolan Reyes said the harbour tax would be cut next spring for every family in the region.\n\n"
        "Ada Brook said the new bridge would open in May after years of delays and rising costs.\n\n"
        "Reyes said that Brook was a tough negotiator.\n\n"
        "Brook said the budget for schools, hospitals and roads would grow by a tenth over the next two years.\n",
        encoding="utf-8")
    build_index([tmp_path / "articles"], IndexStore(tmp_path / "index"), extractor)
    results = SearchService(IndexStore(tmp_path / "index")).search("Nolan Reyes Ada Brook")
    assert set(results.query.speakers) == {"nolan-reyes", "ada-brook"}
    texts = [hit.statement["text"] for hit in results.hits]
    assert len(texts) == 4 and texts[0] == "Brook was a tough negotiator"
    assert texts[1].startswith("the budget for schools")  # the fullest of the others next
    # The same with a word excluded.
    excluded = SearchService(IndexStore(tmp_path / "index")).search("Nolan Reyes Ada Brook -bridge")
    assert [hit.statement["text"] for hit in excluded.hits] == [text for text in texts if "bridge" not in text]


def test_opening_a_build_makes_its_arrays_in_the_background(seed_index, tmp_path):
    service = SearchService(IndexStore(seed_index))
    service.open()
    for thread in threading.enumerate():
        if thread.name == f"saidwhat-warm-{service.index.name}":
            thread.join(30)
    docsets = service.index.docsets
    assert set(FACET_FIELDS.values()) <= set(docsets._ordinals)
    assert {"said_on", "position", "text length", "context length"} <= set(docsets._numbers)
    with pytest.raises(IndexMissing):
        SearchService(IndexStore(tmp_path)).open()


@pytest.mark.parametrize("at_once", [1, 3])
def test_searches_of_several_threads_take_turns(seed_index, monkeypatch, at_once):
    service = SearchService(IndexStore(seed_index), searches_at_once=at_once)
    running, most, lock = [0], [0], threading.Lock()
    real = SearchService._search

    def counted(self, *args):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            threading.Event().wait(0.05)  # long enough for the other threads to arrive
            return real(self, *args)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(SearchService, "_search", counted)
    totals: list[int] = []
    threads = [threading.Thread(target=lambda: totals.append(service.search("Wang Yi").total)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert most[0] == at_once and len(set(totals)) == 1 and totals[0] > 0
