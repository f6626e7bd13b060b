"""Who the speaker is: one person or body, by the full name a reader would use, on any kind of news."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.metadata import article_from_text
from indexer.model import Article, Speaker


def speakers(extractor, body: str) -> list[tuple[str, str | None]]:
    article = Article(text=body, path="test.txt", published=date(2026, 3, 2))
    return [(s.speaker.name, s.speaker.role) for s in extractor.extract(article)]


def typed(extractor, body: str) -> list[tuple[str, str]]:
    """(name, type) of each statement's speaker."""
    return [(s.speaker.name, s.speaker.type) for s in extractor.extract(Article(text=body, path="test.txt"))]


def names(extractor, body: str) -> list[str]:
    return [name for name, _ in speakers(extractor, body)]


# -- short names take the full name the article gives anywhere --------------------------------------------

def test_a_surname_takes_the_full_name_from_a_narrative_sentence(extractor):
    body = ("Conservative Leader Andrew Scheer spent the day in Halifax.\n\n"
            "Scheer said the carbon tax would hurt families in the Maritimes.")
    assert names(extractor, body) == ["Andrew Scheer"]


def test_a_surname_takes_the_full_name_that_comes_later(extractor):
    body = ("Poulter said the club would appeal the ruling.\n\n"
            "Ian Poulter, who has played on six Ryder Cup teams, joined the league in June.")
    assert names(extractor, body) == ["Ian Poulter"]


def test_an_honorific_form_takes_the_full_name(extractor):
    body = ("Donald Trump held a rally in Ohio on Monday.\n\n"
            "Mr. Trump said the plant would reopen within a year.")
    assert names(extractor, body) == ["Donald Trump"]


def test_two_people_of_one_surname_are_told_apart_by_title(extractor):
    body = ("Hillary Clinton and Bill Clinton arrived in Little Rock on Sunday.\n\n"
            "Mrs. Clinton said the campaign would spend heavily in Arkansas.\n\n"
            "Mr. Clinton said he was proud of the state.")
    assert names(extractor, body) == ["Hillary Clinton", "Bill Clinton"]


def test_a_surname_stays_with_the_one_the_article_quoted_by_it(extractor):
    body = ("Sen. Ted Cruz endorsed the nominee on Friday.\n\n"
            "\"No, this is not politics,\" Cruz said at the time.\n\n"
            "The nominee had attacked his wife, Heidi, and his father, Rafael. The nominee repeatedly accused "
            "Rafael Cruz of lying. The nominee also retweeted an unflattering photo of Heidi Cruz.\n\n"
            "\"I am not in the habit of supporting people who attack my wife,\" Cruz said in July.")
    assert names(extractor, body) == ["Ted Cruz", "Ted Cruz"]


def test_he_after_a_surname_the_article_established_is_that_man_not_his_wife(extractor):
    body = ("Sen. Ted Cruz endorsed the nominee on Friday. Cruz said he had disagreed with him.\n\n"
            "The nominee had attacked his wife, Heidi, and his father, Rafael. The nominee also retweeted an "
            "unflattering photo of Heidi Cruz.\n\n"
            "\"I am not in the habit of supporting people who attack my wife,\" Cruz said in July.\n\n"
            "Delegates questioned how Cruz could turn back on a pledge he and other candidates made.\n\n"
            "\"The day that was abrogated was the day this became personal,\" he said.")
    assert names(extractor, body) == ["Ted Cruz", "Ted Cruz", "Ted Cruz"]


def test_he_is_not_the_man_his_own_verb_names_as_its_object(extractor):
    body = ("Daniel Montalvo, 19, was arrested after leaving the group. Montalvo was charged with taking hard "
            "drives. Montalvo thanked Mark Rathbun for his help.\n\n"
            "He described Montalvo as an individual, \"facing the penitentiary in thanks for the following sins: "
            "leaving a lifetime of slavery to get a taste of freedom.\"")
    assert names(extractor, body) == ["Mark Rathbun"]


def test_a_surname_the_parser_took_for_a_common_word_is_the_person(extractor):
    text = ("Montalvo had read a blog written by Mark Rathbun.\n\n"
            "Rathbun requested donations on his blog to help Montalvo with his defence.")
    entities, _ = _entities(extractor, text)
    rathbun = next(person for person in entities.people if person.name == "Mark Rathbun")
    assert text.rindex("Rathbun") in {mention.position for mention in rathbun.mentions}


def _entities(extractor, text: str):
    from indexer.entities import ArticleEntities
    from indexer.quotes import find_quotes

    doc = extractor.nlp(text)
    return ArticleEntities(doc, text, [(q.start, q.end) for q in find_quotes(text)]), doc


def test_a_bare_surname_is_not_held_to_a_rarer_full_name(extractor):
    text = ("Being a son of the elite was good for a young John Ellis Bush. Bush grew up in Texas.\n\n"
            "Jeb Bush now runs for president. Jeb Bush campaigns in Iowa. Jeb Bush spoke in Ames.\n\n"
            "Bush said he was not brought up to brag.")
    entities, _ = _entities(extractor, text)
    jeb = next(person for person in entities.people if person.name == "Jeb Bush")
    assert text.rindex("Bush said") in {mention.position for mention in jeb.mentions}


def test_a_sentence_that_opens_with_a_quotation_is_no_sentence_of_the_story(extractor):
    text = ("Mr. Bush tells voters he was not brought up that way.\n\n"
            "''I've had 62 years of life jammed into my DNA,'' he said recently.")
    entities, _ = _entities(extractor, text)
    assert entities.narrative_sentences_between(text.index("Bush"), text.index("he said")) == 0

def test_a_surname_misspelt_by_a_letter_takes_the_full_name(extractor):
    body = ("Tyresha McClenney waited for hours at the clinic.\n\n"
            "McLenney said she had never seen so many people in line.")
    assert names(extractor, body) == ["Tyresha McClenney"]


def test_a_surname_misspelt_by_a_letter_dropped_takes_the_full_name(extractor):
    body = ("Kathy Maurer runs the museum's education program.\n\n"
            "Mauer said the school visits had doubled since the spring.")
    assert names(extractor, body) == ["Kathy Maurer"]


def test_a_long_surname_misspelt_by_two_letters_takes_the_full_name(extractor):
    body = ("Lydia Buchtmann, for the food standards agency, says new guidelines are due by the end of the year.\n\n"
            "\u201cMost people already get enough from bread,\u201d Ms Bauchtman said.")
    assert names(extractor, body) == ["Lydia Buchtmann", "Lydia Buchtmann"]


def test_a_short_surname_a_letter_apart_is_someone_else(extractor):
    body = "John Dean met the board on Monday.\n\nBean said the meeting went well."
    assert names(extractor, body) == ["Bean"]


def test_an_ambiguous_surname_stays_short(extractor):
    body = ("Michael Greenspan and Dorie Greenspan run the bakery together.\n\n"
            "The town council met on Tuesday to discuss parking.\n\n"
            "The mayor opened the meeting with a minute of silence.\n\n"
            "Greenspan said the new rules would cost them customers.")
    assert names(extractor, body) == ["Greenspan"]


def headlined(extractor, title: str, body: str) -> list[str]:
    article = Article(text=f"{title}\n\n{body}", path="test.txt", title=title, body_start=len(title) + 2,
                      published=date(2026, 3, 2))
    return [s.speaker.name for s in extractor.extract(article)]


def test_a_surname_takes_the_full_name_from_the_headline(extractor):
    title = "Cecile Richards: women's health clinics face a hard year"
    body = ("The clinics in Fort Worth have seen twice as many patients since March.\n\n"
            "\u201cWe are seeing women drive 400 miles for care,\u201d said Richards.")
    assert headlined(extractor, title, body) == ["Cecile Richards"]


def test_a_surname_takes_a_full_name_of_an_unknown_first_name_from_a_sentence_case_headline(extractor):
    title = "Under the ice: the station interviews Marymegan Daly on a new sea anemone"
    body = ("The anemone lives upside down under the Ross Ice Shelf.\n\n"
            "Daly said the animals burrow into the ice itself.")
    assert headlined(extractor, title, body) == ["Marymegan Daly"]


def test_a_title_case_headline_lends_no_unknown_first_name(extractor):
    title = "Under The Ice: Station Interviews Marymegan Daly About A New Sea Anemone"
    body = ("The anemone lives upside down under the Ross Ice Shelf.\n\n"
            "Daly said the animals burrow into the ice itself.")
    assert headlined(extractor, title, body) == ["Daly"]


def test_a_one_word_name_takes_its_style_from_the_headline(extractor):
    title = "Lord Byron"
    body = ("Byron returned to Harrow in January 1804. Byron fell in love with Mary Chaworth, whom he met at "
            "school.\n\n"
            "He recalled the circle of his school friends with great vividness: \"My school friendships were "
            "with me passions.\"")
    assert headlined(extractor, title, body) == ["Lord Byron"]


def test_a_street_named_after_a_king_is_no_person(extractor):
    title = "King Street reopens after the flood"
    body = ("Street repairs took nine weeks.\n\n"
            "\u201cThe shops can open again,\u201d said Mayor Jane Wilson.")
    assert headlined(extractor, title, body) == ["Jane Wilson"]


def test_a_headline_name_gives_way_to_another_of_that_surname_in_the_body(extractor):
    title = "Sarah Murphy wins the Halifax marathon"
    body = ("Dan Murphy, her coach, watched from the finish line.\n\n"
            "Murphy said the wind had made the last ten kilometres hard.")
    assert headlined(extractor, title, body) == ["Dan Murphy"]


@pytest.mark.parametrize("sentence", [
    "Bashing Trump may be job one, but the spotlight will be just as bright on Clinton.",
    "Though Trump is gaining ground with voters, Clinton keeps a commanding lead.",
    "Chasing Trump and Cruz was Rubio, who has rung up major endorsements.",
])
def test_a_word_a_sentence_start_capitalised_is_not_a_first_name(extractor, sentence):
    body = ("Donald Trump spoke in Ohio on Monday, and his rivals answered within hours.\n\n"
            f"{sentence}\n\n"
            "Trump said the steel plant would reopen within a year.")
    assert names(extractor, body)[-1] == "Donald Trump"


def test_a_first_name_at_a_sentence_start_stays_a_first_name(extractor):
    body = ("Keith Scott was shot by police on Tuesday.\n\n"
            "Rakeyia Scott said her husband had been reading in his car.")
    assert names(extractor, body) == ["Rakeyia Scott"]


def test_a_person_the_recogniser_takes_for_a_body_is_a_person(extractor):
    body = ("Eswar Prasad, a professor of economics at Cornell University, said the central bank had "
            "amplified its role in the global economy.\n\n"
            "Mr. Prasad said the new governor listened to other countries.")
    assert names(extractor, body) == ["Eswar Prasad", "Eswar Prasad"]


def test_a_person_the_recogniser_ran_into_a_body_after_its_role_is_that_person(extractor):
    body = ("Facebook co-founder Mark Zuckerberg tweeted to the boy.\n\n"
            "Executive director of the Dallas chapter of the Council on American-Islamic Relations Alia Salem "
            "said the boy wishes to use his fame to spotlight social causes.\n\n"
            "Muslim Student Association president Sehar Memon said the support had made his situation better.")
    found = speakers(extractor, body)
    assert [name for name, _ in found] == ["Alia Salem", "Sehar Memon"]
    assert found[1][1] == "Muslim Student Association president"


def test_a_body_that_ends_in_a_first_name_and_surname_is_no_person_without_a_role(extractor):
    body = "Analysts at the Bank of America Merrill Lynch said the rate would rise in March."
    assert "Merrill Lynch" not in names(extractor, body)


def test_a_common_word_the_writer_capitalised_is_no_person(extractor):
    text = ("Children in Australia are borderline iodine deficient, a study found.\n\n"
            "Experts say Iodine deficiency can lead to serious health problems.\n\n"
            "Cres Eastman says the salt in bread should carry iodine.")
    entities, _ = _entities(extractor, text)
    assert [person.name for person in entities.people] == ["Cres Eastman"]


def test_a_sea_or_a_college_named_like_a_person_is_no_person(extractor):
    text = ("Frank Rack led the drilling team on the Ross Sea. He studied at Trinity College before the "
            "expedition.\n\n"
            "Frank Rack said the anemones lived under the ice.")
    entities, _ = _entities(extractor, text)
    assert [person.name for person in entities.people] == ["Frank Rack"]


def test_a_name_between_the_quotation_and_its_verb_is_the_speaker_not_the_day_after_it(extractor):
    body = ("The U.S. Department of Justice is investigating the shooting.\n"
            "\u201cI will just make this promise to you: We will achieve justice in this case,\u201d Tulsa police "
            "Chief Chuck Jordan said Monday.")
    assert names(extractor, body) == ["Chuck Jordan"]


@pytest.mark.parametrize("body", [
    "\u201cWe will achieve justice in this case,\u201d it was said Monday.",
    "The mayor spoke. \u201cWe will achieve justice,\u201d added Tuesday.",
])
def test_a_day_after_the_verb_is_never_the_speaker(extractor, body):
    assert not {"Monday", "Tuesday"} & set(names(extractor, body))


def test_a_surname_that_is_also_a_newspaper_word_is_a_person(extractor):
    body = ("\u201cAt this point, I don\u2019t think there is bad publicity,\" said Atlantic City Mayor Don Guardian "
            "in a telephone interview.")
    assert speakers(extractor, body) == [("Don Guardian", "Atlantic City Mayor")]


def test_a_plural_title_before_names_is_no_part_of_them(extractor):
    body = ("Nancy Foner and Richard Alba teach sociology in New York.\n\n"
            "Professors Foner and Alba suggest the gap has less to do with religion than with schools.")
    assert names(extractor, body) == ["Nancy Foner and Richard Alba"]


def test_a_newspaper_named_by_its_last_word_in_its_own_article_is_that_outlet(extractor):
    article = Article(text="\u201cWe stand by our reporting,\u201d the Star said in a statement on Monday.",
                      path="test.txt", outlet="Toronto Star", published=date(2026, 3, 2))
    assert [(s.speaker.name, s.speaker.type) for s in extractor.extract(article)] == [("Toronto Star", "organization")]


def test_a_person_described_by_a_people_is_an_unnamed_source(extractor):
    body = "Another Muslim who worshiped at the centre said he had heard the man talk of revenge."
    article = Article(text=body, path="test.txt", published=date(2026, 3, 2))
    assert [(s.speaker.name, s.speaker.type) for s in extractor.extract(article)] == [("another Muslim",
                                                                                         "description")]


def test_a_speaker_long_out_of_view_is_no_favourite_for_he(extractor):
    body = ("Evariste Galois sent his paper on equations to the academy in January, and Simeon Poisson said the "
            "paper was incomprehensible. The rejection reached the prison in October. Galois' fatal duel took place "
            "on 30 May. The true motives behind the duel are obscure. There has been much speculation as to the "
            "reasons behind it. Five days before his death, he wrote that the quarrel was over a broken love "
            "affair.")
    assert names(extractor, body) == ["Simeon Poisson", "Evariste Galois"]


def test_a_name_met_only_inside_a_quotation_completes_no_surname(extractor):
    body = ("Many accounts linked to the Islamic State half-jokingly put the location on their profile as ''Wilayat "
            "Twitter,'' or ''the province of Twitter.''\n\n"
            "''As the nature of the terrorist threat has changed, so has our ongoing work in this area,'' Twitter said "
            "in a statement.")
    assert names(extractor, body) == ["Twitter"]


def test_a_hyphenated_word_after_a_name_is_not_part_of_it(extractor):
    body = ("The Donald Trump-led ticket held a rally in Ohio on Monday.\n\n"
            "Trump said the plant would reopen within a year.")
    assert names(extractor, body) == ["Donald Trump"]


# -- roles are not names --------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "name", "role"), [
    ("Coach Stephen Gillis said the team had earned the win.", "Stephen Gillis", "Coach"),
    ("Organizer Dwayne Croteau said more than 300 people took part.", "Dwayne Croteau", "Organizer"),
    ("Representative Maxine Waters said the bill would not pass the House.", "Maxine Waters", "Representative"),
    ("NDP MP Nathan Cullen said the pipeline would never be built.", "Nathan Cullen", "NDP MP"),
    ("Nova Scotia Liberal MP Sean Fraser said the funding would arrive this spring.", "Sean Fraser",
     "Nova Scotia Liberal MP"),
    ("Mathematician Hermann Weyl said the work was a revelation.", "Hermann Weyl", "Mathematician"),
])
def test_a_role_before_a_name_is_the_role(extractor, body, name, role):
    assert speakers(extractor, body) == [(name, role)]


def test_a_hyphenated_given_name_keeps_its_role_apart(extractor):
    body = "South Korean President Park Geun-hye said the test was a grave provocation."
    assert speakers(extractor, body) == [("Park Geun-hye", "South Korean President")]


def test_an_adverb_before_the_subject_is_not_its_name(extractor):
    body = "Even China, Pyongyang's only ally, said the test was a mistake."
    assert names(extractor, body) == ["China"]


def test_a_hereditary_chief_keeps_his_one_name(extractor):
    body = "Wet'suwet'en Hereditary Chief Na'moks said the camp would stay on the road."
    assert names(extractor, body) == ["Na'moks"]


def test_a_name_in_apposition_is_the_speaker_and_its_description_the_role(extractor):
    body = "Jennifer Rodstrom, a spokeswoman for the utility, said crews would work through the night."
    assert names(extractor, body) == ["Jennifer Rodstrom"]


def test_a_first_name_that_ends_like_an_agent_is_no_role(extractor):
    body = ("Rucker Culpepper, who runs the effort for veterans' families, said, \"Trump has been disrespecting "
            "our veterans.\"")
    assert speakers(extractor, body) == [("Rucker Culpepper", None)]


def test_a_surname_glued_onto_a_body_s_name_is_the_person(extractor):
    body = ("Donald Trump spoke in Ohio.\n\nIn a March meeting with the editorial board of the Washington Post "
            "Trump said that U.S. involvement in NATO may need to be diminished.")
    assert typed(extractor, body) == [("Donald Trump", "person")]


def test_a_body_s_name_ends_at_a_comma_outside_it(extractor):
    body = "According to a new report by Politico, Democratic party insiders are trying to mobilize voters."
    assert typed(extractor, body) == [("Politico", "organization")]


def test_a_surname_two_people_share_stays_a_person_however_recognised(extractor):
    body = ("The chairman of the Podesta Group, Tony Podesta, is the brother of longtime Democratic strategist "
            "John Podesta.\n\nPodesta, who said the project was vetted by his firm's counsel, said he was unaware "
            "of any such disagreements.")
    assert typed(extractor, body) == [("Podesta", "person")]


def test_a_title_s_own_the_stays(extractor):
    body = "\"The bill would cut taxes for the rich,\" The Hill reported."
    assert typed(extractor, body) == [("The Hill", "organization")]


# -- descriptions and acronyms mean what the article named ---------------------------------------------

def test_the_company_is_the_company_named_before(extractor):
    body = ("Canadian Pacific Railway reported a profit of $600 million on Tuesday.\n\n"
            "The company said it expected freight volumes to grow next year.")
    assert names(extractor, body) == ["Canadian Pacific Railway"]


def test_an_acronym_is_the_body_it_abbreviates(extractor):
    body = ("Export Development Canada lends to firms that sell abroad.\n\n"
            "EDC said exports of aluminum would fall by a fifth this year.")
    assert names(extractor, body) == ["Export Development Canada"]


def test_a_description_of_a_named_person_is_that_person(extractor):
    body = ("Mike Pence spoke in Fort Wayne on Friday.\n\n"
            "The Republican vice presidential nominee said the ticket would carry Indiana.")
    assert names(extractor, body) == ["Mike Pence"]


def test_police_are_the_force_the_article_names_by_its_place(extractor):
    body = ("Kerr Putney, the Charlotte-Mecklenburg police chief, spoke on Friday.\n\n"
            "Police say the man posed a deadly threat. According to police, officers saw him leave a car.")
    assert names(extractor, body) == ["Charlotte-Mecklenburg police"] * 2


def test_police_of_two_places_stay_police(extractor):
    body = "Toronto police arrested a man on Friday, and Ottawa police arrested another.\n\nPolice said he was armed."
    assert names(extractor, body) == ["Police"]


def test_a_relative_is_the_person_named_as_one(extractor):
    body = ("Daniel Bernoulli was the son of Johann Bernoulli, a mathematician.\n\n"
            "Around schooling age, his father, Johann, encouraged him to study business. "
            "His father later said he should study medicine instead.")
    assert speakers(extractor, body) == [("Johann Bernoulli", "father")]


def test_a_relative_no_one_was_named_as_stays_a_description(extractor):
    body = "Ann Lee was born in Ohio.\n\nHer father said she had always wanted to fly."
    assert typed(extractor, body) == [("Ann Lee's father", "description")]


def test_a_description_of_no_one_named_stays_a_description(extractor):
    body = "A person familiar with the negotiations said the talks would resume in March."
    assert typed(extractor, body) == [("person familiar with the negotiations", "description")]


def test_an_official_described_by_a_name_is_an_unnamed_source(extractor):
    body = "A Clinton campaign official later said that Clinton had no particular video in mind."
    assert typed(extractor, body) == [("Clinton campaign official", "description")]


def test_officials_are_an_unnamed_source(extractor):
    body = "Officials said the bridge would reopen on Monday."
    assert typed(extractor, body) == [("officials", "description")]


# -- documents are not speakers -------------------------------------------------------------------------

def test_a_statement_from_a_place_speaks_for_it(extractor):
    body = "The talks were productive, according to a statement from Beijing."
    assert names(extractor, body) == ["Beijing"]


def test_her_statement_is_hers(extractor):
    body = ("Chrystia Freeland met her counterparts in Brussels on Thursday.\n\n"
            "Her statement said the tariffs were unacceptable.")
    assert names(extractor, body) == ["Chrystia Freeland"]


def test_an_unsigned_memo_is_a_description(extractor):
    body = "The plan would close three plants, according to the memo obtained by The Globe."
    assert typed(extractor, body) == [("memo", "description")]


def test_the_poll_is_the_poll_the_article_named_earlier(extractor):
    body = ("A Bloomberg poll shows that wealthy voters are leaving the Republican Party.\n\n"
            "Clinton beats Trump by 46 percent to 42 percent among them, according to the poll.")
    assert names(extractor, body)[-1] == "Bloomberg"


def test_a_statement_a_body_issued_is_that_body_s(extractor):
    body = ("Following a late-afternoon meeting, the Security Council issued a statement on the nuclear test.\n\n"
            "The statement noted that the members had warned of further significant measures.")
    assert names(extractor, body) == ["Security Council"]


def test_an_analysis_released_by_a_department_is_the_department_s(extractor):
    body = ("A 46-page suicide analysis released by the Department of Veterans Affairs last month says that "
            "veterans over 50 were most at risk.")
    assert names(extractor, body) == ["Department of Veterans Affairs"]


def test_the_ad_is_by_whoever_made_the_video_the_article_named(extractor):
    body = ("A web video by the Republican National Committee references four cases Kaine took on.\n\n"
            "The ad also mentions that Kaine commuted one death sentence.")
    assert names(extractor, body) == ["Republican National Committee"]


def test_the_book_is_the_memoir_s_writer_s(extractor):
    body = ("Dr. Connie Mariano wrote a memoir of her time at the White House.\n\n"
            "“Very few people knew of the blood clot at the time,” the book said.")
    assert names(extractor, body) == ["Connie Mariano"]


def test_the_ruling_is_the_court_s_that_ruled(extractor):
    body = ("A three-judge panel of the U.S. Court of Appeals for the Sixth Circuit overruled a district court "
            "judge.\n\n"
            "The appeals court ruled that Ohio's practices could remove eligible voters.\n\n"
            "“A state cannot avoid the conclusion that its process removes voters,” said the ruling.")
    assert names(extractor, body)[-1] == "U.S. Court of Appeals for the Sixth Circuit"


def test_the_report_is_by_the_authors_the_article_names(extractor):
    body = ("The authors of the report, which include the U.S. PIRG Education Fund and Citizens for Tax "
            "Justice, combed through the filings of the Fortune 500.\n\n"
            "The report says that Goldman Sachs holds $28.6 billion offshore.")
    assert typed(extractor, body) == [("U.S. PIRG Education Fund and Citizens for Tax Justice", "group")]


def test_a_letter_from_an_unnamed_group_is_the_group_s(extractor):
    body = ("In late September, a group of black parents with kids in charter schools sent a letter to the "
            "NAACP board urging them to reconsider.\n\n"
            "“We see charter schools offering parents of color hope,” the letter reads.")
    name, kind = typed(extractor, body)[-1]
    assert name.startswith("group of black parents") and kind == "description"


def test_a_person_s_team_is_the_campaign_the_article_names(extractor):
    body = ("Hillary Clinton’s campaign did not respond on Monday.\n\n"
            "Clinton’s team said she would be back on the trail by Thursday.")
    assert typed(extractor, body) == [("Clinton campaign", "organization")]


def test_a_person_s_team_stays_a_team_where_no_campaign_is_named(extractor):
    body = "Donald Trump spoke on Monday.\n\nThe Trump team said the plan would cover every mother."
    assert names(extractor, body) == ["Trump team"]


def test_a_document_on_a_body_s_website_is_the_body_s(extractor):
    body = "A document on the Trump campaign's website states that couples would receive six weeks of leave."
    assert typed(extractor, body) == [("Trump campaign", "organization")]


def test_a_description_names_the_person_its_pronoun_means(extractor):
    body = ("Bryan Pagliano, the former State Department staffer, appeared at the hearing on Tuesday.\n\n"
            "His lawyer said he would not answer questions.")
    assert typed(extractor, body) == [("Bryan Pagliano's lawyer", "description")]


def test_those_close_to_him_are_those_close_to_the_man_in_view(extractor):
    body = ("Gov. Terry McAuliffe will pick a successor.\n\nMcAuliffe has said that about 20 people want the "
            "seat, and he refuses to discuss them.\n\nThose close to him say he would have to consider Rep. Don "
            "Beyer.")
    assert names(extractor, body)[-1] == "those close to Terry McAuliffe"


# -- pronouns agree with the person they mean -------------------------------------------------------------

def test_she_is_the_woman_when_a_man_spoke_last(extractor):
    body = ("Sarah Nurse scored twice in the final.\n\n"
            "Her coach, Troy Ryan, said the team had prepared for months.\n\n"
            "She said the second goal was the one she would remember.")
    assert names(extractor, body)[-1] == "Sarah Nurse"


def test_a_title_tells_apart_two_people_of_one_surname_whatever_the_recogniser_joined(extractor):
    body = ("First lady Michelle Obama spoke first.\n\n"
            "Black voters turned out for Barack Obama Election Day in 2008 and 2012.\n\n"
            "“My name may not be on the ballot,” Mr. Obama said on Saturday.")
    assert names(extractor, body) == ["Barack Obama"]


def test_he_is_the_man_a_title_makes_male(extractor):
    body = ("Mr. Okafor and Ms. Diaz met the board on Tuesday.\n\n"
            "Ms. Diaz said the offer was too low.\n\n"
            "He said the union would vote on it anyway.")
    assert names(extractor, body) == ["Diaz", "Okafor"]


def test_he_is_the_one_who_was_last_a_subject_even_where_the_recogniser_missed_his_name(extractor):
    body = ("Politifact checked Donald Trump’s claim about shootings in Chicago.\n\n"
            "Trump made the claim during the debate. The transcript shows that Clinton talked about criminal "
            "justice reform. Trump responded by using the example of Chicago.\n\n"
            "He said:\n\n\"We have to bring back law and order.\"")
    assert names(extractor, body) == ["Donald Trump"]


def test_a_person_named_inside_the_quotation_even_by_first_name_is_not_its_speaker(extractor):
    body = ("Hillary Clinton toured Miami on Monday.\n\n"
            "“Her campaign is in panic mode,” said Leslie Wimes, a caucus president. Wimes believes the campaign "
            "took voters for granted.\n\n"
            "“They thought saying, ‘Hey, go vote for Hillary’ would do it. But it is not enough,” she said.")
    assert names(extractor, body) == ["Leslie Wimes", "Leslie Wimes"]


def test_he_after_a_quotation_is_the_man_brought_in_just_before_it(extractor):
    body = ("“A lot of her attempts to reach out come across as pandering,” said Bryan Anderson, a voter.\n\n"
            "Few artists have written songs for the campaign, which concerns Henry Crespo, president of the "
            "Miami-based caucus.\n\n"
            "“No one is writing songs for her. Obama had will.i.am. She has nobody like that,” he said.")
    assert names(extractor, body) == ["Bryan Anderson", "Henry Crespo"]


def test_the_last_speaker_of_a_first_name_of_no_known_gender_keeps_the_next_quotation(extractor):
    body = ("Hillary Clinton spoke in Toledo on Monday. She talked about schools. She talked about jobs.\n\n"
            "Tyresha McClenney said Clinton does not show consistency in her concern for racial issues.\n\n"
            "“It’s not something that she continuously says,” she said.")
    assert names(extractor, body) == ["Tyresha McClenney", "Tyresha McClenney"]


def test_a_surname_two_people_share_is_the_one_the_article_is_about(extractor):
    body = ("Hillary Clinton campaigned in Ohio on Monday, with former President Bill Clinton beside her.\n\n"
            "Hillary Clinton spoke about jobs. Hillary Clinton spoke about schools. Hillary Clinton spoke about "
            "the economy.\n\n"
            "The crowd was large. Many had waited for hours. The weather was cold.\n\n"
            "Volunteers handed out water. Others sold buttons.\n\n"
            "Police closed two streets for the event.\n\n"
            "Clinton told the audience that the plant would reopen.")
    assert names(extractor, body) == ["Hillary Clinton"]


def test_a_description_after_a_speaker_two_paragraphs_up_is_that_speaker(extractor):
    body = ("Mike Pence says too much is made of Donald Trump’s tweets.\n\n"
            "The Republican vice presidential nominee was speaking Friday in Fort Wayne, hours after Trump "
            "unleashed a flurry of tweets.\n\n"
            "The Indiana governor said Democrats and the media are to blame.")
    assert names(extractor, body) == ["Mike Pence", "Mike Pence"]


def test_a_description_is_not_the_one_given_the_role_in_other_words(extractor):
    body = ("Republican presidential nominee Donald Trump spoke in Ohio.\n\n"
            "Hillary Clinton says she is thrilled to receive the endorsement of LeBron James. Giving a speech in "
            "Toledo, Clinton says the Ohio native is a dedicated advocate for children. The Democratic "
            "presidential nominee says they both share the belief that every child should have a chance.")
    assert names(extractor, body)[-1] == "Hillary Clinton"


def test_a_described_epithet_is_the_person_in_view(extractor):
    body = ("Ivanka Trump, the nominee's eldest daughter, noted the rule in an interview last week. She said "
            "fathers would not be eligible, and when pressed on why, the 34-year-old mother of three replied "
            "that it was meant to benefit the mother who has given birth.")
    assert names(extractor, body) == ["Ivanka Trump", "Ivanka Trump"]


@pytest.mark.parametrize("body", [
    "Police Chief Jane Ruiz said the car was found on Monday.\n\nThe victim said the car had been taken from "
    "her driveway.",
    "Mayor Jane Ruiz opened the bridge on Monday. A woman who lives nearby watched.\n\nThe local woman said "
    "the bridge was too narrow.",
])
def test_a_description_of_someone_else_in_the_story_stays_a_description(extractor, body):
    assert typed(extractor, body)[-1][1] == "description"


@pytest.mark.parametrize(("written", "name"), [
    ('">Sanders', "Sanders"), ("“Trump", "Trump"), ("Tim Kaine,", "Tim Kaine"), ("Na'moks", "Na'moks"),
    ("AT&T", "AT&T"), ("FranÃ\x83Â§ois Hollande", "François Hollande"), ("CÃ©line Dion", "Céline Dion"),
    ("FranA\u0303\u0083A\u0302\u00a7ois Hollande", "François Hollande"),
    ("José Martí", "José Martí")])
def test_markup_or_marks_left_on_a_name_are_no_part_of_it(written, name):
    assert Speaker(written).name == name


def test_a_name_glued_to_markup_takes_the_full_name(extractor):
    body = ("Sen. Bernie Sanders and Donald Trump made similar claims about unemployment.\n\n"
            'We rate it Mostly True.">Sanders said that for young black Americans, “the real unemployment rate is '
            '51 percent.”')
    assert names(extractor, body) == ["Bernie Sanders"]


def test_a_short_sentence_after_the_headline_opens_the_body(extractor):
    text = ("The Latest: Pence on tweets\n\nMike Pence says too much is made of Donald Trump’s tweets.\n\n"
            "The governor spoke in Fort Wayne on Friday, hours after a flurry of tweets about a former beauty queen.")
    article = article_from_text(text, "test.txt")
    assert article.title == "The Latest: Pence on tweets"
    assert [s.speaker.name for s in extractor.extract(article)] == ["Mike Pence"]


@pytest.mark.parametrize(("body", "speaker"), [
    ("A former Democratic National Committee chairman says party leaders should come up with a contingency plan. "
     "“Now is the time for all good political leaders to come to the aid of their party,” said Don Fowler.",
     "Don Fowler"),
    ("Connecticut’s tax commissioner says an internal review shows no one from the state released the filings.\n\n"
     "Kevin Sullivan says he instructed staff Monday to check whether anyone disclosed them.", "Kevin Sullivan"),
])
def test_a_lede_describing_someone_is_the_person_the_next_sentence_names(extractor, body, speaker):
    assert names(extractor, body)[0] == speaker


@pytest.mark.parametrize("body", [
    "A White House official, who spoke on condition of anonymity, says the talks have stalled.\n\n"
    "Jane Ruiz says the talks will resume in May.",
    "A police spokesman says the car was found on Monday.\n\nJohn Okafor, 34, was taken to hospital.",
])
def test_a_source_kept_unnamed_or_someone_else_named_next_stays_a_description(extractor, body):
    assert typed(extractor, body)[0][1] == "description"


def test_people_named_together_are_one_group_speaker(extractor):
    body = ("Sens. Charles E. Grassley, Republican of Iowa, and Patrick J. Leahy, Democrat of Vermont, said the "
            "program should end.\n\n"
            "But Mr. Grassley and Mr. Leahy say other changes are needed.")
    assert typed(extractor, body) == [("Charles E. Grassley and Patrick J. Leahy", "group")] * 2


def test_a_body_named_in_full_and_shortened_is_one_speaker(extractor):
    body = ("The United Nations Security Council on Friday condemned the test.\n\n"
            "Following a meeting, the Security Council issued a statement. The statement noted that the members "
            "had warned of further measures. Ayrault said action was needed at the U.N. Security Council.")
    assert names(extractor, body)[0] == "United Nations Security Council"


def test_the_name_beside_one_of_a_group_is_the_speaker(extractor):
    body = "In a statement, one of the family's attorneys, Justin Bamberg, said the videos show him leaving his car."
    assert typed(extractor, body) == [("Justin Bamberg", "person")]


@pytest.mark.parametrize("body", [
    "My father died 22 years ago of brain cancer, which confirmed what I always knew.",
    "The new emissions rules promise to transform the economy but are likely to draw fire from Republicans.",
])
def test_things_are_no_speakers(extractor, body):
    assert typed(extractor, body) == []


@pytest.mark.parametrize(("body", "speaker"), [
    ("Human rights groups warned that the visit would reward the generals.", "human rights groups"),
    ("The jobless rate fell to 4 percent, according to federal statistics.", "federal statistics"),
])
def test_groups_of_people_and_cited_figures_are_sources(extractor, body, speaker):
    assert names(extractor, body) == [speaker]


def test_a_pronoun_bound_to_someone_weighs_less_than_their_name():
    from indexer.entities import Mention, Person

    named = Person("Ed Schultz", mentions=[Mention(10, 3, 2, True)])
    bound = Person("Larry King", mentions=[Mention(10, 3, 2, True, pronoun=True)])
    assert bound.salience(100, 3) == named.salience(100, 3) / 2

def test_those_described_are_an_unnamed_source(extractor):
    body = "Those close to the governor say that he would consider Don Beyer for the seat."
    assert typed(extractor, body) == [("those close to the governor", "description")]

# -- an article that is only a body keeps its first paragraph -------------------------------------------

@pytest.mark.parametrize("text", [
    "OTTAWA — Conservative Leader Andrew Scheer says Prime Minister Justin Trudeau is failing Canadians on the "
    "economy.\n\nScheer said the carbon tax was a cash grab.",
    "ST. JOHN'S, N.L. -- Premier Dwight Ball said Monday the province would borrow less next year.\n\n"
    "The budget will be tabled in April.",
    "Conservative Leader Andrew Scheer says Prime Minister Justin Trudeau is failing Canadians on the economy, the "
    "environment and the world stage, and that voters will see it in the fall.\n\nScheer said the tax was a grab.",
])
def test_a_body_without_a_headline_keeps_its_first_paragraph(extractor, text):
    from indexer.metadata import article_from_text

    article = article_from_text(text, "body.txt")
    first = text.split("\n\n")[0]
    assert article.title == ""
    statements = extractor.extract(article)
    assert statements and statements[0].start < len(first)
    assert statements[0].speaker.name in ("Andrew Scheer", "Dwight Ball")


@pytest.mark.parametrize(("text", "speaker"), [
    ("HIllary Clinton and Donald Trump are virtually tied heading into their first debate, according to a new "
     "Washington Post-ABC News national poll.\n\nAmong likely voters, 46 percent would choose Clinton.",
     "Washington Post-ABC News"),
    ("Not paying taxes ''makes me smart,'' Donald J. Trump said last week. His surrogates called him ''a genius'' "
     "for his tax avoidance.\n\nWell, if they are right, the executives are virtuosos.", "Donald J. Trump"),
])
def test_a_lede_in_running_text_is_no_headline(extractor, text, speaker):
    from indexer.metadata import article_from_text

    article = article_from_text(text, "body.txt")
    assert article.title == ""
    statements = extractor.extract(article)
    assert statements[0].start < text.index("\n\n") and statements[0].speaker.name == speaker


def test_a_short_headline_line_is_still_the_headline(extractor):
    from indexer.metadata import article_from_text

    article = article_from_text("Federal court rules against Ohio's purges of voter rolls.\n\nA federal appeals "
                                "court ruled Friday that the state's process is illegal, its lawyers said.", "x.txt")
    assert article.title == "Federal court rules against Ohio's purges of voter rolls."


def test_the_state_is_no_secretary_of_state(extractor):
    body = ("Secretary of State Mike Pompeo visited Ottawa on Monday.\n\n"
            "The state said the new rules would take effect in June.")
    assert "Mike Pompeo" not in names(extractor, body)


def test_the_businessman_is_the_man_in_view(extractor):
    body = ("Hillary Clinton and Donald Trump met for their first debate on Monday night.\n\n"
            "The New York businessman said the moderator had been unfair to him.")
    assert names(extractor, body) == ["Donald Trump"]


def test_a_name_inside_a_relative_clause_is_not_the_subject(extractor):
    body = ("The State Department withheld a key Benghazi email in 2014 that would have revealed Hillary Clinton's "
            "use of a private email server.")
    assert "Hillary Clinton" not in names(extractor, body)


def test_a_spokesman_for_a_candidate_is_not_the_candidate(extractor):
    body = "A spokesman for Democratic presidential candidate Hillary Clinton said the report was wrong."
    assert names(extractor, body) == ["spokesman"]


def test_a_first_name_the_recogniser_left_out_stays_in_the_name(extractor):
    assert names(extractor, "Anders Holm said the council had met on Monday to discuss the harbour.") == ["Anders Holm"]


@pytest.mark.parametrize("body, role", [
    ("Maria Lindqvist, the mayor of Uppsala, said the budget would pass.", "mayor of Uppsala"),
    ("Maria Lindqvist, a spokeswoman, said the budget would pass.", "spokeswoman"),
])
def test_an_appositive_gives_the_role(extractor, body, role):
    assert speakers(extractor, body) == [("Maria Lindqvist", role)]



# -- the article's people, whatever the recogniser called their names ------------------------------------

def _doc_with_entities(extractor, text: str, entities: list[tuple[str, str, int]]):
    """`text` parsed, with the recogniser's entities replaced by `entities` (words, label, which occurrence)."""
    from spacy.tokens import Span
    doc = extractor.nlp(text)
    spans = []
    for words, label, occurrence in entities:
        at = -1
        for _ in range(occurrence + 1):
            at = text.index(words, at + 1)
        span = doc.char_span(at, at + len(words))
        spans.append(Span(doc, span.start, span.end, label=label))
    doc.ents = spans
    return doc


def test_a_surname_the_recogniser_calls_a_body_is_still_the_person(extractor):
    from indexer.entities import ArticleEntities
    text = ("Donald Trump spoke in Ohio on Monday.\n\nTrump has record low support from black voters. He "
            "recently pitched himself to African-Americans.")
    doc = _doc_with_entities(extractor, text, [("Donald Trump", "PERSON", 0), ("Trump", "ORG", 1)])
    people = ArticleEntities(doc).people
    assert [person.name for person in people] == ["Donald Trump"]
    assert text.index("Trump has") in {mention.position for mention in people[0].mentions}


def test_a_name_the_recogniser_ends_with_a_period_is_still_a_name(extractor):
    from indexer.entities import ArticleEntities
    text = ("It recently published its 50,000th article, and to discuss what the site has achieved since its "
            "creation, Wikinews interviewed the site 's founder, Jack Herrick.\n\nIn the interview, Herrick explains "
            "what wikiHow is, why he decided to start it, and where it is going.")
    doc = _doc_with_entities(extractor, text, [("Jack Herrick.", "PERSON", 0), ("Herrick", "ORG", 1)])
    people = ArticleEntities(doc).people
    assert [person.name for person in people] == ["Jack Herrick"]
    assert text.index("Herrick explains") in {mention.position for mention in people[0].mentions}


def test_a_surname_the_recogniser_calls_a_natural_place_is_still_the_person(extractor):
    from indexer.entities import ArticleEntities
    text = ("Gov. Terry McAuliffe will pick a successor.\n\nMcAuliffe has said that about 20 people want the "
            "seat.")
    doc = _doc_with_entities(extractor, text, [("Terry McAuliffe", "PERSON", 0), ("McAuliffe", "LOC", 1)])
    people = ArticleEntities(doc).people
    assert [person.name for person in people] == ["Terry McAuliffe"]
    assert text.index("McAuliffe has") in {mention.position for mention in people[0].mentions}


@pytest.mark.parametrize("word", ["Terry", "Chris", "Kim", "Jordan"])
def test_first_names_of_either_gender_are_first_names(word):
    from indexer.names import is_first_name
    assert is_first_name(word)


# -- pronouns ----------------------------------------------------------------------------------------------

def test_he_is_the_man_just_made_the_subject_not_the_last_speaker(extractor):
    from indexer.entities import ArticleEntities
    text = ("“These are howls,” added Jim Clyburn, the assistant leader of the Democratic caucus.\n"
            "Donald Trump has record low support from black voters. He recently pitched himself to voters.")
    doc = _doc_with_entities(extractor, text, [("Jim Clyburn", "PERSON", 0), ("Donald Trump", "PERSON", 0)])
    entities = ArticleEntities(doc, quoted=[(0, text.index(",”") + 2)])
    clyburn = next(person for person in entities.people if person.name == "Jim Clyburn")
    he = next(token for token in doc if token.text == "He")
    assert entities.antecedent(he, "male", favourite=clyburn).name == "Donald Trump"


def test_a_pronoun_in_a_relative_clause_is_its_sentence_subject_whatever_the_first_name_suggests(extractor):
    from indexer.entities import ArticleEntities
    text = ("There she studied with Rem Koolhaas and Elia Zenghelis.\n\nHer former professor, Koolhaas, "
            "described her as a planet in her own orbit. Zenghelis described her as the most outstanding pupil "
            "he ever taught.")
    doc = _doc_with_entities(extractor, text, [("Rem Koolhaas", "PERSON", 0), ("Elia Zenghelis", "PERSON", 0),
                                               ("Koolhaas", "PERSON", 1), ("Zenghelis", "PERSON", 1)])
    entities = ArticleEntities(doc)
    he = next(token for token in doc if token.text == "he")
    zenghelis = next(person for person in entities.people if person.name == "Elia Zenghelis")
    assert entities.antecedent(he, "male").name == "Elia Zenghelis"
    assert zenghelis.likely_gender == "male"  # the name list says Elia is a woman's name; the sentence says not


def test_the_subject_of_a_bare_participle_is_not_taken_for_a_mention(extractor):
    from indexer.entities import ArticleEntities
    text = ("Jeff Weaver runs the campaign.\n\n“The time is long overdue,” Bernie Sanders insisted to the "
            "gathered cameras, with Weaver standing behind him as he urged the party to change.")
    doc = _doc_with_entities(extractor, text, [("Jeff Weaver", "PERSON", 0), ("Bernie Sanders", "PERSON", 0),
                                               ("Weaver", "ORG", 1)])
    weaver = next(person for person in ArticleEntities(doc).people if person.name == "Jeff Weaver")
    assert text.index("Weaver standing") not in {mention.position for mention in weaver.mentions}
