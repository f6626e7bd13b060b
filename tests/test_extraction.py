"""Statement extraction: the seed articles and the constructions the extractor must handle."""

from __future__ import annotations

from datetime import date

import pytest

from indexer import load_paths
from indexer.metadata import article_from_text
from indexer.statements import _quotation_balanced

from .conftest import ANADOLU, XINHUA


@pytest.fixture(scope="module")
def xinhua(extractor):
    return extractor.extract(next(iter(load_paths([XINHUA]))))


@pytest.fixture(scope="module")
def anadolu(extractor):
    return extractor.extract(next(iter(load_paths([ANADOLU]))))


def find(statements, words):
    matches = [s for s in statements if words in s.text]
    assert matches, f"no statement contains {words!r}"
    return matches[0]


def extract(extractor, body: str, published: str = "2025-07-29"):
    return extractor.extract(article_from_text(f"Headline\n\n{body}", "test.txt", published=published))


def test_supply_chain_statement_is_wang_yis_mixed_paraphrase(xinhua):
    statement = find(xinhua, "jointly oppose")
    assert statement.speaker.name == "Wang Yi"
    assert statement.speaker.role == "Chinese Foreign Minister"
    assert statement.kind == "mixed"
    assert statement.cue == "stressed"
    assert statement.said_on == date(2025, 7, 28)
    assert statement.article.outlet == "Xinhua"
    assert statement.text.startswith("As beneficiaries") and statement.text.endswith("supply chains")


def test_offsets_point_into_the_article_text(xinhua, anadolu):
    for statement in xinhua + anadolu:
        assert statement.article.text[statement.start : statement.end] == statement.text


def test_pronouns_and_short_names_resolve_to_the_full_speaker(xinhua):
    assert find(xinhua, "genuine strategic cooperative partners").speaker.name == "Wang Yi"  # He emphasized
    assert find(xinhua, "APEC Economic Leaders").speaker.name == "Wang Yi"  # He also said
    assert find(xinhua, "attaches great significance").speaker.name == "Cho Hyun"  # Cho said
    assert find(xinhua, "facing up to history").speaker.name == "Cho Hyun"  # he said, after Cho


def test_participle_and_expression_cues(xinhua):
    assert find(xinhua, "always attached great importance").cue == "adding"
    assert find(xinhua, "enjoy close economic and trade relations").cue == "noting"
    assert find(xinhua, "predictable without vacillation").cue == "expressed hope"


def test_continuations_belong_to_the_speaker_but_narration_does_not(xinhua):
    assert find(xinhua, "uphold independence and autonomy").speaker.name == "Wang Yi"
    assert find(xinhua, "deeply integrated industrial").speaker.name == "Wang Yi"
    assert not [s for s in xinhua if "exchanged views" in s.text]


def test_anadolu_bodies_citations_and_weekdays(anadolu):
    ministry = find(anadolu, "top diplomats discussed")
    assert (ministry.speaker.name, ministry.speaker.type) == ("China’s Foreign Ministry", "organization")
    assert ministry.said_on == date(2025, 10, 7)  # "said Tuesday" in a Wednesday story
    quote = find(anadolu, "attaches great importance to its relations")
    assert (quote.speaker.name, quote.kind) == ("Wang Yi", "direct")
    yonhap = find(anadolu, "arrive in the country")
    assert yonhap.speaker.name == "Yonhap News Agency"
    assert yonhap.cited_source == "ruling party official"
    assert yonhap.said_on == date(2025, 10, 4)  # On Saturday
    assert find(anadolu, "possible visit").speaker.type == "group"
    assert not [s for s in anadolu if "Anadolu Agency website" in s.text]


@pytest.mark.parametrize(("body", "speaker", "kind", "words"), [
    ('"We will not back down from this fight," Smith said.', "Smith", "direct",
     "We will not back down from this fight"),
    ('Senator Jane Smith said: "The bill is dead and everyone knows it."', "Jane Smith", "direct",
     "The bill is dead and everyone knows it"),
    ("“The economy is strong and getting stronger,” said Governor Tom Reed.", "Tom Reed", "direct",
     "The economy is strong and getting stronger"),
    ("The plan will fail within a year, according to Maria Lopez.", "Maria Lopez", "indirect",
     "The plan will fail within a year"),
    ("Officials warned that the river could flood the town by Friday.", "officials", "indirect",
     "the river could flood the town by Friday"),
])
def test_constructions(extractor, body, speaker, kind, words):
    statements = extract(extractor, body)
    assert statements, body
    assert (statements[0].speaker.name, statements[0].kind, statements[0].text) == (speaker, kind, words)


def test_quote_split_by_its_cue_is_one_statement(extractor):
    statements = extract(extractor, '"The first part matters a lot," Jones said, "and the second part matters more."')
    assert [(s.speaker.name, s.kind) for s in statements] == [("Jones", "direct")]
    statement = statements[0]
    assert statement.text == "The first part matters a lot, and the second part matters more"
    article = statement.article.text
    assert [article[a:b] for a, b in statement.parts] == ["The first part matters a lot,",
                                                            "and the second part matters more"]
    assert (statement.start, statement.end) == (statement.parts[0][0], statement.parts[-1][1])


def test_quote_carried_on_holds_no_cue_and_balanced_marks(extractor):
    statements = extract(extractor, 'Jessica Lane has played for the national wheelchair basketball team since she '
                                    'was 17.\n\n“None of us are powerful because of our disabilities,” she said. '
                                    '“But compared to others, we are lucky.”')
    assert [s.text for s in statements] == [
        "None of us are powerful because of our disabilities, But compared to others, we are lucky"]


def test_a_mixed_statement_keeps_the_mark_that_closes_its_quoted_words(extractor):
    statements = extract(extractor, 'Clinton said Trump favors a “strongman approach.”')
    assert [s.text for s in statements] == ["Trump favors a “strongman approach.”"]


def test_a_mixed_statement_that_starts_with_quoted_words_keeps_their_opening_mark(extractor):
    statements = extract(extractor, 'Mayor Ann Vo said "budget reforms" and new taxes would pay for the plan.')
    assert [s.text for s in statements] == ['"budget reforms" and new taxes would pay for the plan']
    assert statements[0].start == statements[0].article.text.index('"budget')


def test_quoted_words_that_run_on_past_the_sentence_stay_whole(extractor):
    statements = extract(extractor, "Ann Vo added that most voters seem angry, which is a problem because, “In the "
                                    "end, we don’t vote against somebody. We vote for somebody.”\n\nThe poll closed.")
    assert [s.text for s in statements] == ["most voters seem angry, which is a problem because, “In the end, we "
                                            "don’t vote against somebody. We vote for somebody.”"]


def test_a_misturned_closing_mark_closes_quoted_words(extractor):
    statements = extract(extractor, "Sen. Tom Ray said the claims were “Mostly False.“\n\nThe rate fell.")
    assert [s.text for s in statements] == ["the claims were “Mostly False.“"]


def test_quotation_marks_are_counted_over_every_part_of_a_statement():
    text = "She said it because “few know the rule,” she said. “We know little of the past.” Then"
    first = (text.index("it"), text.index(",”") + 1)
    second = (text.index("We"), text.index(" of the past") + len(" of the past"))
    assert _quotation_balanced(text, [first, second]) == [first, (second[0], second[1] + 2)]


def test_a_relative_clause_after_a_sentence_reports_nothing(extractor):
    body = "He took over the mine from Walter Energy, another mining company that had declared bankruptcy."
    assert extract(extractor, body) == []


def test_quote_carried_on_in_the_next_sentence_is_one_statement(extractor):
    statements = extract(extractor, '"We are not done," Lee said. "We will be back next year with a better plan."')
    assert [(s.speaker.name, s.kind) for s in statements] == [("Lee", "direct")]
    assert statements[0].text.endswith("with a better plan")


def test_alternating_speakers_with_pronouns(extractor):
    body = ("Prime Minister Anna Berg said the deal was fair to both countries.\n\n"
            "Opposition leader Paul Crane said the deal would cost thousands of jobs.\n\n"
            "He added that his party would vote against the deal in parliament.")
    statements = extract(extractor, body)
    assert [s.speaker.name for s in statements] == ["Anna Berg", "Paul Crane", "Paul Crane"]


def test_scare_quote_is_not_a_direct_quote(extractor):
    statements = extract(extractor, 'The minister said the so-called "reform" would hurt farmers across the region.')
    assert [s.kind for s in statements] == ["mixed"]


def test_component_sets_doc_attributions(extractor):
    import spacy

    import indexer.component  # noqa: F401  (registers the component)

    nlp = spacy.load(extractor.nlp.meta["lang"] + "_" + extractor.nlp.meta["name"])
    nlp.add_pipe("saidwhat_attributions")
    doc = nlp("The mayor said the bridge would reopen next month.")
    assert [(a.speaker.name.lower(), doc.text[a.start : a.end]) for a in doc._.attributions] == [
        ("mayor", "the bridge would reopen next month")]


def test_component_limits_come_from_its_config(extractor):
    import spacy

    import indexer.component  # noqa: F401  (registers the component)

    nlp = spacy.load(extractor.nlp.meta["lang"] + "_" + extractor.nlp.meta["name"])
    nlp.add_pipe("saidwhat_attributions", config={"min_content_words": 8})
    assert nlp.config["components"]["saidwhat_attributions"]["min_content_words"] == 8
    assert nlp.get_pipe("saidwhat_attributions").limits.max_continuation_paragraph == 4
    # six words: a statement by default, too short with the limit raised
    assert not nlp("The mayor said the bridge would reopen next month.")._.attributions


def test_first_person_outside_quotes_is_the_author(extractor):
    article = article_from_text("Headline\n\nI told the judge that the sentence was far too harsh for the offence.",
                                "t.txt", published="2016-01-01", author="Dinesh D'Souza")
    statements = extractor.extract(article)
    assert [(s.speaker.name, s.text) for s in statements] == [
        ("Dinesh D'Souza", "the sentence was far too harsh for the offence")]


def test_quote_carried_on_after_a_long_cue_clause(extractor):
    body = ('"We are not done yet," said Mary Lee, a veteran organizer who has run the group\'s campaigns in '
            'the county since the early nineties. "We will be back next year with a better plan."')
    statements = extract(extractor, body)
    assert [(s.speaker.name, s.kind) for s in statements] == [("Mary Lee", "direct")]
    assert statements[0].text.startswith("We are not done") and statements[0].text.endswith("a better plan")


def test_mixed_statement_ending_in_a_quote_is_carried_on(extractor):
    body = ('Still, the new stadium is “far too expensive for a town this size,” Mr. Hedge said. '
            '“Nobody here will ever be able to pay for it.”')
    statements = extract(extractor, body)
    assert [(s.speaker.name, s.kind) for s in statements] == [("Hedge", "mixed")]
    assert statements[0].text.endswith("size, Nobody here will ever be able to pay for it.”")


@pytest.mark.parametrize(("body", "speaker", "kind", "words"), [
    ("Many of the closures, Mr. Hedge said, have involved public and semi-private courses.", "Hedge", "indirect",
     "Many of the closures have involved public and semi-private courses"),
    ("If the county were to act on its own, Mr. Finlayson argued, it would simply lose jobs to its neighbours.",
     "Finlayson", "indirect",
     "If the county were to act on its own, it would simply lose jobs to its neighbours"),
    ("This campaign, Kasich says, is different.", "Kasich", "indirect", "This campaign is different"),
    ('Stressing the urgency of the matter, Trump said, "If we do not act fast, we will not have a country."',
     "Trump", "direct", "If we do not act fast, we will not have a country"),
])
def test_cue_in_the_middle_of_the_sentence(extractor, body, speaker, kind, words):
    statements = extract(extractor, body)
    assert [(s.speaker.name, s.kind, s.text) for s in statements] == [(speaker, kind, words)]


@pytest.mark.parametrize(("body", "speaker", "words"), [
    ("Karen Weaver didn’t seem impressed with the comments on Tuesday, telling reporters, “A lot of people said "
     "the governor should step down.”", "Karen Weaver", "A lot of people said the governor should step down"),
    ("Anna Lee, asked about her own vote, replied: “I don’t know. I’m going to see what happens.”", "Anna Lee",
     "I don’t know. I’m going to see what happens"),
])
def test_quote_introduced_by_a_comma_or_colon_after_the_cue(extractor, body, speaker, words):
    statements = extract(extractor, body)
    assert [(s.speaker.name, s.kind, s.text) for s in statements] == [(speaker, "direct", words)]


def test_surname_tagged_as_plural_is_still_the_person(extractor):
    body = ("Bernie Sanders told the union on Monday that federal jobs must stay in public hands.\n\n"
            "Sanders said the plan would fail in the end. He said the cost would be far too high for the state.")
    statements = extract(extractor, body)
    assert [(s.speaker.name, s.speaker.type) for s in statements] == [("Bernie Sanders", "person")] * 3


def test_quantifier_speaker_keeps_its_of_phrase(extractor):
    statements = extract(extractor, "One of his senior aides said the two cases were quite different in scale.")
    assert [(s.speaker.name, s.text) for s in statements] == [
        ("One of his senior aides", "the two cases were quite different in scale")]


def test_exchange_of_quotes_keeps_each_speaker(extractor):
    body = ("Hillary Clinton and her aide Cheryl Mills traded emails about the photo on Monday. Clinton responds to "
            "Mills with, “Why now? That was on my way to Libya?” Mills then writes back, “You look cute.”")
    statements = extract(extractor, body)
    assert [(s.speaker.name, s.text) for s in statements] == [
        ("Hillary Clinton", "Why now? That was on my way to Libya?"), ("Cheryl Mills", "You look cute")]


def test_second_quote_with_its_own_cue_stands_alone(extractor):
    body = ("Susan Sarandon spoke about the race on Monday. “That is a legitimate concern, because they are very "
            "passionate,” Sarandon told MSNBC when asked about it. “I think Bernie would probably encourage people "
            "to back her because he does not have any ego,” she said.")
    statements = extract(extractor, body)
    assert [s.text[:20] for s in statements] == ["That is a legitimate", "I think Bernie would"]


@pytest.mark.parametrize("body", [
    # an opener marks the reporter's own sentence
    "Still, ahead of the caucus, the two candidates must fight for every vote in the state. "
    "The race is essentially tied among young voters, Chris Anderson said.",
    # a quotation is self-delimiting: the unquoted sentence before it is narration
    "Reporters know they are being spun by the campaign every single day. "
    "“They go along with it anyway, every single time,” Noah Rothman said.",
    # a person named in a cue-less sentence: narration about them
    "Analysts said the senator would win the state by a wide margin. John Miller oversees several hundred "
    "workers in the region.",
])
def test_narration_around_a_statement_is_not_a_continuation(extractor, body):
    statements = extract(extractor, body)
    assert len(statements) == 1, [s.text for s in statements]


@pytest.mark.parametrize("body", [
    "The governor offered a similar explanation for the long delay in the state budget.",
    "The president threatened to veto the entire spending bill over the border wall.",
    "Senate Republicans agree the prison should be closed before the end of the year.",
])
def test_acts_and_judgements_are_not_statements(extractor, body):
    assert extract(extractor, body) == []


def test_according_to_sources_the_last_conjunct(extractor):
    body = ("There is one relevant law that criminalizes gross negligence, regardless of intent, and Clinton broke it, "
            "according to Andrew McCarthy.")
    statements = extract(extractor, body)
    assert [(s.speaker.name, s.text) for s in statements] == [("Andrew McCarthy", "Clinton broke it")]


def test_quote_named_in_the_cue_clause_is_not_a_statement(extractor):
    body = ("Ada Fisher, a party official, praised the nominee. “I think Trump will do quite fine. I think he will "
            "do great things,” she said, showing off the “Make America Great Again” hat his campaign had given her. "
            "“I have been a supporter of Donald Trump since the beginning.”")
    statements = extract(extractor, body)
    assert [(s.speaker.name, s.kind) for s in statements] == [("Ada Fisher", "direct")]
    assert statements[0].text.endswith("since the beginning")


@pytest.mark.parametrize(("body", "speaker"), [
    ("But 58 percent of Florida Latino voters said they were much less likely to vote for Republicans in November.",
     "58 percent of Florida Latino voters"),
    ("Almost half of respondents said the party has become more hostile to Latinos.", "almost half of respondents"),
])
def test_share_of_a_group_is_an_unnamed_source(extractor, body, speaker):
    statements = extract(extractor, body)
    assert [(s.speaker.name, s.speaker.type) for s in statements] == [(speaker, "description")]


def test_conjunct_of_the_reported_clause_stays_in_it(extractor):
    body = ("The actress said she was tired of the status quo and wanted a candidate who had not accepted money "
            "from Wall Street.")
    statements = extract(extractor, body)
    assert [s.text for s in statements] == [
        "she was tired of the status quo and wanted a candidate who had not accepted money from Wall Street"]


def test_name_in_apposition_names_the_speaker(extractor):
    body = "Mr. Trump's former campaign manager, Corey Lewandowski, said the staff member should be fired."
    assert [s.speaker.name for s in extract(extractor, body)] == ["Corey Lewandowski"]


@pytest.mark.parametrize(("body", "speaker"), [
    ('"Thanks, Clarkston, for welcoming these refugees," said master of ceremonies Asab Al-Tabchi, a Syrian engineer.',
     "Asab Al-Tabchi"),
    ('"What they do not understand is that Trump is bigger than the party," said one Trump confidant.',
     "one Trump confidant"),
])
def test_subject_after_the_quote_and_its_cue(extractor, body, speaker):
    assert [(s.speaker.name, s.kind) for s in extract(extractor, body)] == [(speaker, "direct")]


def test_short_quote_with_its_cue_right_after(extractor):
    body = ('Grimm talked about fears of terrorism. "Safety," said Grimm, a Trump supporter. '
            '"Safety for the whole country, everybody."\n\nThe mayor called the so-called "reform" a disaster, '
            "Jones said.")
    statements = extract(extractor, body)
    assert [(s.speaker.name, s.kind) for s in statements][0] == ("Grimm", "direct")
    assert statements[0].text == "Safety, Safety for the whole country, everybody"
    assert not [s for s in statements if s.text == "reform"]


def test_quote_carried_on_after_a_very_long_description_of_the_speaker(extractor):
    body = ("''You can aim for a lot of targeted policies in life,'' said Gene B. Sperling, a former top economic "
            "adviser to President Bill Clinton and President Obama, who has offered advice to Mrs. Clinton during her "
            "two presidential campaigns. ''But few come close to what you can do with a single big idea.''")
    statements = extract(extractor, body)
    assert len(statements) == 1 and statements[0].text.endswith("a single big idea")


def test_participle_of_the_reported_clause_stays_in_it(extractor):
    body = ("The women say officers still scrutinize the area, handing out penalties to skateboarders who forgo "
            "helmets or stay after hours.")
    statements = extract(extractor, body)
    assert [s.text for s in statements] == [
        "officers still scrutinize the area, handing out penalties to skateboarders who forgo helmets or stay "
        "after hours"]


@pytest.mark.parametrize(("body", "words"), [
    ("Clinton attacked Trump, saying he would appoint Supreme Court judges who would overturn Roe v. Wade, and "
     "reminded the audience of his comments.",
     "he would appoint Supreme Court judges who would overturn Roe v. Wade"),
    ('Ayotte has tangled with Trump once directly, saying she was "appalled" that he would "disparage" the parents '
     "of the soldier.",
     'she was "appalled" that he would "disparage" the parents of the soldier'),
])
def test_participle_cue_reports_what_follows_it(extractor, body, words):
    assert [s.text for s in extract(extractor, body)] == [words]


def test_of_two_subjects_the_one_next_to_the_cue_speaks(extractor):
    body = ("''Our popularity is strong enough to put states in play: Michigan, Pennsylvania, Virginia, Florida, "
            "Ohio,'' Mr. Trump said.")
    assert [(s.speaker.name, s.kind) for s in extract(extractor, body)] == [("Trump", "direct")]


def test_relative_clause_closing_indirect_speech_is_an_aside(extractor):
    body = "Chris Murphy said he supports the final bill, which includes accountability provisions for schools."
    assert [s.text for s in extract(extractor, body)] == ["he supports the final bill"]


def test_apposition_closing_indirect_speech_is_an_aside(extractor):
    body = ("A State Department official said two emails in the batch were upgraded to the secret level, a more "
            "sensitive classification for national security issues.")
    assert [s.text for s in extract(extractor, body)] == ["two emails in the batch were upgraded to the secret level"]


def test_agent_noun_names_a_speaker(extractor):
    body = ("A producer for Yahoo Studios told The New York Times on Tuesday that Trump abruptly canceled a "
            "scheduled interview.")
    assert [s.text for s in extract(extractor, body)] == ["Trump abruptly canceled a scheduled interview"]


def test_second_reporting_verb_of_the_speaker_starts_a_new_statement(extractor):
    body = ("Ruth Bader Ginsburg said she did not want to think about the possibility that Trump would be president "
            "and predicted that Hillary Clinton will win.")
    assert [s.text for s in extract(extractor, body)] == [
        "she did not want to think about the possibility that Trump would be president", "Hillary Clinton will win"]


def test_cue_inside_a_relative_clause_reports_what_follows(extractor):
    body = ("Bruce Ash accused the party leadership of trying to block a rule change that he said would make it harder "
            "to reopen the nomination fight.")
    assert [(s.speaker.name, s.text) for s in extract(extractor, body)] == [
        ("Bruce Ash", "would make it harder to reopen the nomination fight")]


def test_a_text_reads_a_quotation(extractor):
    body = 'At the bottom, the letter reads: “You can support the cause by chipping in $35 after you enter to win.”'
    assert [(s.speaker.name, s.kind) for s in extract(extractor, body)] == [("letter", "direct")]


def test_it_is_the_organization_that_just_spoke(extractor):
    body = ("The Washington Post reported that Klein said he was gathering material for a new venture. It added that "
            "the visit comes as Trump promises new attacks on the Clintons.")
    statements = extract(extractor, body)
    assert ("Washington Post", "the visit comes as Trump promises new attacks on the Clintons") in [
        (s.speaker.name, s.text) for s in statements]


def test_according_to_phrase_ends_at_its_comma(extractor):
    body = ("According to an online University of Texas/Texas Tribune poll out Thursday, the Texas senator and "
            "business mogul each have the support of 27 percent of likely Republican voters in the state.")
    assert [s.text for s in extract(extractor, body)] == [
        "the Texas senator and business mogul each have the support of 27 percent of likely Republican voters in "
        "the state"]


def test_subject_parsed_as_a_conjunct_with_an_apposition(extractor):
    body = ("Alarmed by the unrest in Nevada, Senator Harry Reid, the minority leader, said that he spoke with "
            "Mr. Sanders on Tuesday and that the Vermont senator faced a ''test of leadership'' over the unrest.")
    assert [s.speaker.name for s in extract(extractor, body)] == ["Harry Reid"]


def test_that_clause_after_said_in_a_statement(extractor):
    body = ("April Mellody, a spokeswoman for the convention, said in a statement that the convention's security team "
            "would work with the Philadelphia police.")
    assert [s.text for s in extract(extractor, body)] == [
        "the convention's security team would work with the Philadelphia police"]


def test_relative_clause_led_by_a_quantifier_is_an_aside(extractor):
    body = ("Clinton advisers say any efforts to muscle him out could backfire, angering his supporters and "
            "Mr. Sanders, both of which Mrs. Clinton praised Tuesday night.")
    assert [s.text for s in extract(extractor, body)] == [
        "any efforts to muscle him out could backfire, angering his supporters and Mr. Sanders"]


@pytest.mark.parametrize(("body", "texts"), [
    ("In the poll, 74 percent said they are set on voting for the real estate mogul, while 22 percent said they "
     "might change their mind.",
     ["they are set on voting for the real estate mogul", "they might change their mind"]),
    ("Some 45 percent of registered voters said they would vote for the Ohio governor, compared to 39 percent for "
     "the former secretary of state.",
     ["they would vote for the Ohio governor"]),
])
def test_poll_contrasts_and_comparisons(extractor, body, texts):
    assert [s.text for s in extract(extractor, body)] == texts


def test_that_as_a_subject_stays_in_the_statement(extractor):
    body = "Christie said that was a natural part of having to run against him."
    assert [s.text for s in extract(extractor, body)] == ["that was a natural part of having to run against him"]


@pytest.mark.parametrize("body", [
    "“Cruz could win the general election in a landslide,” Viguerie concludes.",
    "“He speaks his mind, and I think that might be what the country needs,” Jared Potts echoed.",
    "“We are going to win this state in November,” Trump repeated.",
])
def test_more_reporting_verbs(extractor, body):
    assert [s.kind for s in extract(extractor, body)] == ["direct"]


def test_opening_mark_typed_as_a_closing_one(extractor):
    body = "Chuck Todd was shocked. “Do you want to be associated with a fascist?“ he asked."
    assert [(s.speaker.name, s.kind, s.text) for s in extract(extractor, body)] == [
        ("Chuck Todd", "direct", "Do you want to be associated with a fascist?")]


def test_short_quotation_introduced_by_its_cue(extractor):
    body = "Chris Wallace pressed the candidate. Wallace then asked, “With nukes?”"
    assert [(s.speaker.name, s.text) for s in extract(extractor, body)] == [("Chris Wallace", "With nukes?")]


def test_name_right_before_the_cue_after_another_apposition(extractor):
    body = ("Tuesday in New York City, while on the campaign trail for his wife Democratic presidential front-runner "
            "Hillary Clinton, former president Bill Clinton said his wife was uniquely qualified to be president.")
    statements = extract(extractor, body)
    assert [(s.speaker.name, s.speaker.role) for s in statements] == [("Bill Clinton", "former president")]


@pytest.mark.parametrize(("body", "expected"), [
    ("Most Democratic primary voters say they are paying at least some attention to the presidential campaign; "
     "26 percent of Democrats say they have not been paying much attention.",
     [("Most Democratic primary voters", "they are paying at least some attention to the presidential campaign"),
      ("26 percent of Democrats", "they have not been paying much attention")]),
    ("At his rallies, Donald Trump primes supporters not to trust the media and cites the crowds themselves as an "
     "example: He says news outlets undercount his supporters, just to undermine him.",
     [("Donald Trump", "news outlets undercount his supporters, just to undermine him")]),
])
def test_clause_before_a_colon_or_another_cue_is_not_reported(extractor, body, expected):
    assert [(s.speaker.name, s.text) for s in extract(extractor, body)] == expected


def test_object_of_telling_is_not_the_speaker(extractor):
    body = ("Ruth Bader Ginsburg spoke to the Times. She escalated her criticism on Tuesday, telling CNN that Trump "
            "is a faker.")
    assert [(s.speaker.name, s.text) for s in extract(extractor, body)] == [("Ruth Bader Ginsburg", "Trump is a faker")]


@pytest.mark.parametrize(("body", "speaker"), [
    ("The last question was from a young child. “How big is that wall?” asked the boy, who was wearing a hat.",
     "boy"),
    ("It is hard. ''She needs one or two big ideas that are proportionate to the problems we face,'' said Robert "
     "Reich, who served as labor secretary during Mr. Clinton's first term yet endorsed Bernie Sanders.",
     "Robert Reich"),
])
def test_inverted_subject_after_a_quotation_with_a_clause(extractor, body, speaker):
    assert [(s.speaker.name, s.kind) for s in extract(extractor, body)] == [(speaker, "direct")]


def test_name_before_a_description_with_a_clause_of_its_own(extractor):
    body = ("Jeffrey Salkin, a Hollywood, Fla., rabbi helping to organize the boycott, said he and other rabbis were "
            "alarmed about Trump's behavior.")
    assert [(s.speaker.name, s.text) for s in extract(extractor, body)] == [
        ("Jeffrey Salkin", "he and other rabbis were alarmed about Trump's behavior")]


def test_cue_in_a_subordinate_clause_does_not_report_the_main_clause(extractor):
    body = ("But in 1992, California flipped from Republican to Democratic, as Mexican-American voters responded to "
            "Republican efforts to crack down on undocumented immigrants.")
    assert extract(extractor, body) == []


@pytest.mark.parametrize(("body", "speaker"), [
    ("Two in three said they are less likely to vote Republican in November.", "two in three"),
    ("Some 56 percent said so, and nearly three in five said they are much less likely to vote.",
     "nearly three in five"),
])
def test_poll_share_in_x_in_y_form(extractor, body, speaker):
    assert [s.speaker.name for s in extract(extractor, body)][-1:] == [speaker]


@pytest.mark.parametrize(("body", "expected"), [
    ("Mrs. Clinton enjoys a strong lead. Some 59 percent of registered voters view her unfavorably, according to "
     "an ABC News-Washington Post poll last week - virtually the same as Mr. Trump's 60 percent.",
     ("ABC News-Washington Post", "Some 59 percent of registered voters view her unfavorably")),
    ("Trump is lagging behind Clinton by more than nine percentage points, according to the RealClearPolitics "
     "polling average in New Hampshire.",
     ("RealClearPolitics", "Trump is lagging behind Clinton by more than nine percentage points")),
])
def test_according_to_a_poll_is_its_pollster_after_its_clause(extractor, body, expected):
    assert [(s.speaker.name, s.text) for s in extract(extractor, body)] == [expected]


def test_indirect_question_after_asked_and_its_object(extractor):
    body = "Then Mr. Rubin asked the students if they were always so preternaturally serious."
    assert [(s.speaker.name, s.text) for s in extract(extractor, body)] == [
        ("Rubin", "if they were always so preternaturally serious")]


@pytest.mark.parametrize(("body", "expected"), [
    ("But as Clyburn noted, those voters will give Sanders a second look if he starts winning.",
     ("Clyburn", "those voters will give Sanders a second look if he starts winning")),
    ("Just a few weeks ago, as Western Journalism reported, Thor and Beck were discussing a hypothetical situation.",
     ("Western Journalism",
      "Just a few weeks ago, as Western Journalism reported, Thor and Beck were discussing a hypothetical situation")),
])
def test_as_cue_clause_sources_its_sentence(extractor, body, expected):
    assert [(s.speaker.name, s.text) for s in extract(extractor, body)] == [expected]


@pytest.mark.parametrize(("body", "expected"), [
    ("Sheppard presented a message about healing before explaining why she stands behind Clinton.",
     [("Sheppard", "why she stands behind Clinton")]),
    ("Sanders dismissed Clinton’s charges by pointing out that she had not always looked so fondly on Obama.",
     [("Sanders", "she had not always looked so fondly on Obama")]),
    ("After saying he was nervous to ask a question, the man ended up in the middle of the room.",
     [("man", "he was nervous to ask a question")]),
])
def test_participle_after_a_preposition_reports_for_the_clause(extractor, body, expected):
    assert [(s.speaker.name, s.text) for s in extract(extractor, body)] == expected


def test_an_article_whose_title_comes_from_metadata_keeps_its_first_sentence(extractor):
    text = ("Transport Minister Anita Sorensen said the deal was good for the region.\n\n"
            '"It will bring jobs," Sorensen told reporters.\n')
    article = article_from_text(text, "news.jsonl:1", title="Port deal draws fire")
    assert article.body_start == 0 and article.title == "Port deal draws fire"
    statements = extractor.extract(article)
    assert [s.text for s in statements][0] == "the deal was good for the region"
    assert {s.speaker.name for s in statements} == {"Anita Sorensen"}
    repeated = article_from_text("Port deal\n\nPort deal draws fire today.\n\nMore.", "a.txt", title="Port deal")
    assert repeated.body_start > 0  # the title repeated above the body is still a headline


def test_words_that_name_what_was_said_are_not_a_statement(extractor):
    found = extract(extractor, '"The deal brings jobs," Mayor Lena Brooks said, repeating the minister\'s words.')
    assert [s.text for s in found] == ["The deal brings jobs"]


@pytest.mark.parametrize(("body", "speaker", "type_"), [
    ('After the match, Hernan Dario Gomez, Panama coach, said, "We have learned a lot from today\'s game."',
     "Hernan Dario Gomez", "person"),  # first names the name lists do not know stay in the name
    ('Mathematician Hermann Weyl said, "He was a genius of the first rank."', "Hermann Weyl", "person"),
    ("The museum drew 11,000 visitors, according to curator Elaine Gustafon.", "Elaine Gustafon", "person"),
    ("The executive director of the Dallas chapter, Alia Salem, said the arrest was wrong.", "Alia Salem",
     "person"),  # the recogniser takes Salem for the city
    ("The Internet security firm Secunia.com, has said that the browser has 277 vulnerabilities.", "Secunia.com",
     "organization"),  # the name in apposition to a body's description
])
def test_the_name_beside_a_description_is_the_speaker(extractor, body, speaker, type_):
    found = extract(extractor, body)
    assert [(s.speaker.name, s.speaker.type) for s in found] == [(speaker, type_)]


def test_a_transcripts_turns_are_their_speakers_words(extractor):
    found = extract(extractor, "Vice-presidential nominee Mike Pence spoke to host Chris Wallace on Sunday about "
                               "the debate.\n\n"
                               "Partial transcript as follows:\n\n"
                               "WALLACE: Why would Trump do that? And will she actually be there?\n\n"
                               "PENCE: Well, look, this is serious business. The people have a choice to make.\n\n"
                               "UPDATE: The debate starts at nine.\n")
    assert [(s.speaker.name, s.kind, s.text) for s in found] == [
        ("Chris Wallace", "direct", "Why would Trump do that? And will she actually be there?"),
        ("Mike Pence", "direct", "Well, look, this is serious business. The people have a choice to make")]


def test_a_label_names_a_speaker_only_in_a_transcript_or_as_a_person_of_the_article(extractor):
    found = extract(extractor, "The council met on Monday to discuss the closure of the harbour road.\n\n"
                               "NOTICE: Parking on Main Street is closed all week for the works.\n\n"
                               "BRIGGS: Works continue until the end of the month near the harbour.\n")
    assert found == []


def test_a_quotation_signed_with_a_dash_is_the_signers(extractor):
    found = extract(extractor, "Readers wrote to us after the debate.\n\n"
                               "”Fear. I am truly afraid that he will win the election.” ― Edwin G. Monroy\n"
                               "“He is ignorant of our culture and lives. He makes simple blanket statements.” ― "
                               "Pamela Padilla\n"
                               "“Trump must stop portraying Latinos as gangsters.”— Carla Sanchez, a teacher.\n")
    assert [(s.speaker.name, s.speaker.role, s.kind) for s in found] == [
        ("Edwin G. Monroy", None, "direct"), ("Pamela Padilla", None, "direct"), ("Carla Sanchez", "teacher", "direct")]
    assert found[0].text == "Fear. I am truly afraid that he will win the election"
    assert found[2].text == "Trump must stop portraying Latinos as gangsters"


def test_a_cue_clause_inside_the_reported_words_is_left_out_of_them(extractor):
    found = extract(extractor, "Tom Clarke bought the mines in 2015.\n\n"
                               "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt in 1999.\n")
    assert [(s.speaker.name, s.text) for s in found] == [
        ("Tom Clarke", "Lenox was a juggernaut, until it went bankrupt in 1999")]
    article = found[0].article.text
    assert [article[a:b] for a, b in found[0].parts] == ["Lenox was a juggernaut,", "until it went bankrupt in 1999"]


def test_narration_after_a_closing_cue_is_not_reported(extractor):
    found = extract(extractor, "The plan will cost jobs, the mayor said, as she left the hall on Monday.\n")
    assert [s.text for s in found] == ["The plan will cost jobs"]


def test_as_someone_put_it_is_a_cue(extractor):
    found = extract(extractor, "As Steven Rosenthal, a tax lawyer, recently put it, ''Did Trump lower his taxes "
                               "through legal tax avoidance, or illegal tax evasion?''\n\n"
                               "He put it on the table before the vote.\n")
    assert [(s.speaker.name, s.kind, s.text) for s in found] == [
        ("Steven Rosenthal", "direct",
         "Did Trump lower his taxes through legal tax avoidance, or illegal tax evasion?")]


@pytest.mark.parametrize(("body", "words"), [
    ("Donna Rawlings said the event brought back memories of her father, and of ''all the people who weren't "
     "here who did things to get us here.''",
     "the event brought back memories of her father, and of ''all the people who weren't here who did things to "
     "get us here.''"),
    ("Rep. Trey Gowdy said the claim smacked of hypocrisy, because Democrats have been at the forefront of "
     "questioning the FBI's decisions.",
     "the claim smacked of hypocrisy, because Democrats have been at the forefront of questioning the FBI's "
     "decisions"),
])
def test_what_the_parser_hangs_on_the_cue_can_carry_the_words_on(extractor, body, words):
    assert [s.text for s in extract(extractor, body)] == [words]


def test_a_concession_with_a_cue_of_its_own_is_another_statement(extractor):
    found = extract(extractor, "Melezia Figueroa said the campaign planned to bus in supporters to stage a "
                               "protest to grant her admission into the debate, though she acknowledged it was "
                               "unlikely to work.")
    assert [s.text for s in found] == [
        "the campaign planned to bus in supporters to stage a protest to grant her admission into the debate",
        "it was unlikely to work"]
