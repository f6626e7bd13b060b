"""The extraction passes one by one, on small parsed sentences: each detector of the verb-cue pass,
`according to`, the cues beside quotations and the joining of quote parts, continuations, and the builder."""

from __future__ import annotations

import pytest

from indexer.attribution import DEFAULT_LIMITS, Attribution, Limits, extract_attributions, verbs
from indexer.attribution.according import according_candidates
from indexer.attribution.builder import Builder
from indexer.attribution.continuations import add_continuations
from indexer.attribution.quotations import QUOTE_CUE_FINDERS, join_quote_parts
from indexer.attribution.syntax import is_speech_verb
from indexer.model import Speaker


@pytest.fixture(scope="module")
def nlp(extractor):
    return extractor.nlp


def cue_in(doc, word):
    """The speech verb `word` in the Doc."""
    return next(t for t in doc if t.text == word and is_speech_verb(t))


def text_of(doc, found):
    (start, end), before = found
    return doc[start:end].text, before


@pytest.mark.parametrize(("detector", "sentence", "cue", "expected"), [
    (verbs._expressed_feeling, "She expressed hope that the talks would resume soon.", "expressed",
     ("that the talks would resume soon", False)),
    (verbs._needed_preposition, "The senator called for an end to the strike.", "called",
     ("an end to the strike", False)),
    (verbs._clause_before, "The bill is dead and everyone knows it, the senator said.", "said",
     ("The bill is dead and everyone knows it", True)),
    (verbs._clause_after, "The governor said the tax must rise next year.", "said",
     ("the tax must rise next year", False)),
    (verbs._object_and_infinitive, "The union urged the workers to return to their jobs.", "urged",
     ("the workers to return to their jobs", False)),
    (verbs._to_infinitive, "The minister pledged to oppose the new tariff.", "pledged",
     ("to oppose the new tariff", False)),
    (verbs._object, "The company announced a major restructuring plan.", "announced",
     ("a major restructuring plan", False)),
    (verbs._passive_subject, "The deal was first reported by the local newspaper.", "reported", ("The deal", True)),
    (verbs._words_before_closing_cue, "Legalizing it could raise millions, he said, noting that other states had "
     "done so.", "said", ("Legalizing it could raise millions", True)),
    (verbs._clause_the_cue_hangs_off, "Prices will keep rising, she said, because the drought has destroyed most "
     "of the harvest in the southern provinces this year.", "said", ("Prices will keep rising", True)),
])
def test_content_detector(nlp, detector, sentence, cue, expected):
    doc = nlp(sentence)
    found = detector(verbs.ReportingVerb(cue_in(doc, cue)))
    assert found is not None and found is not verbs.NOT_REPORTED
    assert text_of(doc, found) == expected


def test_content_detectors_are_tried_in_order(nlp):
    # `urged X to Y` fits three detectors; the first in the list decides.
    doc = nlp("The union urged the workers to return to their jobs.")
    assert text_of(doc, verbs.content_of(cue_in(doc, "urged"))) == ("the workers to return to their jobs", False)
    assert verbs.CONTENT_DETECTORS.index(verbs._object_and_infinitive) < verbs.CONTENT_DETECTORS.index(verbs._object)


def test_a_verb_that_needs_a_preposition_reports_nothing_without_it(nlp):
    doc = nlp("The minister called him.")
    assert verbs._needed_preposition(verbs.ReportingVerb(cue_in(doc, "called"))) is verbs.NOT_REPORTED
    assert verbs.content_of(cue_in(doc, "called")) is None


@pytest.mark.parametrize(("finder", "sentence", "cue", "head"), [
    (verbs._complement_clauses, "The governor said the tax must rise next year.", "said", "rise"),
    (verbs._indirect_question, "Then Mr. Rubin asked the students if they were always so serious.", "asked", "were"),
])
def test_clause_finder(nlp, finder, sentence, cue, head):
    doc = nlp(sentence)
    assert [c.text for c in finder(verbs.ReportingVerb(cue_in(doc, cue)))] == [head]


def test_indirect_question_needs_a_question_verb(nlp):
    doc = nlp("Then Mr. Rubin said the students if they were always so serious.")
    assert verbs._indirect_question(verbs.ReportingVerb(cue_in(doc, "said"))) == []


def test_as_cue_sources_what_follows_it(nlp):
    doc = nlp("As the mayor noted, the bridge needs urgent repairs.")
    candidate = verbs._as_cue(cue_in(doc, "noted"), lambda char: None, Limits())
    assert candidate is not None and candidate.subject.text == "mayor"
    assert doc[candidate.content[0] : candidate.content[1]].text == "the bridge needs urgent repairs."
    assert not candidate.around_cue


def test_cue_inside_sources_its_whole_sentence(nlp):
    doc = nlp("Many of the closures, he said, have involved public courses.")
    candidate = verbs._cue_inside(cue_in(doc, "said"), lambda char: None, Limits())
    assert candidate is not None and candidate.around_cue and candidate.subject.text == "he"
    assert doc[candidate.content[0] : candidate.content[1]].text == doc.text
    assert verbs._cue_inside(cue_in(doc, "said"), lambda char: None, Limits(min_content_words=20)) is None


def test_participle_cue_inherits_the_speaker_of_its_clause(nlp):
    doc = nlp("The minister spoke at length, adding that the deal was fair.")
    candidate = verbs._reported_words(cue_in(doc, "adding"), lambda char: None, Limits())
    assert candidate is not None and candidate.subject is None and candidate.inherit_from.text == "spoke"
    assert verbs.verb_candidates(doc).__next__().cue.text == "adding"


def test_according_to_sources_the_clause_before_it(nlp):
    doc = nlp("The plan will fail within a year, according to Maria Lopez.")
    [candidate] = according_candidates(doc)
    assert (candidate.subject.text, candidate.content_before_cue) == ("Lopez", True)
    assert doc[candidate.content[0] : candidate.content[1]].text == "The plan will fail within a year,"


def test_according_to_a_document_names_its_source(nlp):
    doc = nlp("According to a report by the Post, the deal is off.")
    [candidate] = according_candidates(doc)
    assert (candidate.subject.text, candidate.content_before_cue) == ("Post", False)
    assert doc[candidate.content[0] : candidate.content[1]].text == ", the deal is off."


@pytest.mark.parametrize(("sentence", "cue"), [
    ('"We will win the vote," he said.', "said"),
    ('He said: "We will win the vote."', "said"),
])
def test_cue_beside_a_quotation(nlp, sentence, cue):
    doc = nlp(sentence)
    builder = Builder(doc)
    [quote] = builder.quotes
    found = [finder(doc, quote, builder) for finder in QUOTE_CUE_FINDERS]
    assert [token.text for token in found if token is not None] == [cue]


def quote_parts(nlp, text, first_speaker, second_speaker, limits=DEFAULT_LIMITS):
    """A builder holding the two quoted parts of `text` as direct statements with the one cue `said`."""
    doc = nlp(text)
    builder = Builder(doc, limits=limits)
    cue = text.index("said")
    for quote, speaker in zip(builder.quotes, (first_speaker, second_speaker), strict=True):
        builder.keep(Attribution(speaker, "direct", quote.start, quote.end, "said", cue_start=cue))
    return builder


def test_quote_split_by_its_cue_is_joined(nlp):
    jones = Speaker("Jones")
    text = '"The first part matters a lot," Jones said, "and the second part matters more."'
    builder = quote_parts(nlp, text, jones, jones)
    join_quote_parts(builder)
    assert [(a.speaker, text[a.start : a.end]) for a in builder.found] == [
        (jones, 'The first part matters a lot," Jones said, "and the second part matters more.')]


@pytest.mark.parametrize(("second", "limits"), [
    (Speaker("Smith"), Limits()),  # another speaker's words
    (None, Limits(max_words_between_quote_parts=1)),  # `Jones said` is two words
])
def test_quote_parts_stay_apart(nlp, second, limits):
    jones = Speaker("Jones")
    text = '"The first part matters a lot," Jones said, "and the second part matters more."'
    builder = quote_parts(nlp, text, jones, second or jones, limits)
    join_quote_parts(builder)
    assert len(builder.found) == 2


def first_sentence_statement(nlp, text, limits=DEFAULT_LIMITS):
    """A builder holding `Wang said A.` as a statement whose content follows its cue."""
    doc = nlp(text)
    builder = Builder(doc, limits=limits)
    start = text.index("China")
    end = text.index(".")
    builder.keep(Attribution(Speaker("Wang"), "indirect", start, end, "said", cue_start=text.index("said"),
                             sentence_start=0, sentence_end=end + 1))
    return builder


def test_continuation_carries_on_the_speakers_words(nlp):
    text = "Wang said China is ready to work with South Korea. The two countries should also uphold free trade."
    builder = first_sentence_statement(nlp, text)
    add_continuations(builder)
    assert [(a.speaker.name, text[a.start : a.end], a.continuation) for a in builder.found[1:]] == [
        ("Wang", "The two countries should also uphold free trade", True)]


@pytest.mark.parametrize(("text", "limits"), [
    ("Wang said China is ready to work with South Korea. The two sides exchanged views on trade.", Limits()),
    ("Wang said China is ready to work with South Korea. The two countries should also uphold free trade.",
     Limits(max_continuation_paragraph=1)),
])
def test_no_continuation(nlp, text, limits):
    builder = first_sentence_statement(nlp, text, limits)
    add_continuations(builder)
    assert len(builder.found) == 1


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("He said the plan would fail.", "the plan would fail", ("indirect", "the plan would fail")),
    ('He said: "The plan will fail."', '"The plan will fail.', ("direct", "The plan will fail.")),
    ('He said the plan was "a disaster" for farmers.', 'the plan was "a disaster" for farmers',
     ("mixed", 'the plan was "a disaster" for farmers')),
])
def test_builder_classifies_by_quotation(nlp, text, span, expected):
    builder = Builder(nlp(text))
    start = text.index(span)
    kind, start, end = builder.classify(start, start + len(span))
    assert (kind, text[start:end]) == expected


def test_builder_keeps_no_statement_that_mostly_repeats_another(nlp):
    builder = Builder(nlp("He said the plan would fail."))
    speaker = Speaker("He")
    assert builder.keep(Attribution(speaker, "indirect", 8, 27, "said")) is not None
    assert builder.keep(Attribution(speaker, "indirect", 12, 27, "said")) is None
    assert builder.keep(Attribution(speaker, "indirect", 0, 7, "said")) is not None
    assert len(builder.found) == 2


def test_builder_drops_content_shorter_than_the_limit(nlp):
    doc = nlp("The mayor said the bridge would reopen next month.")
    assert len(extract_attributions(doc)) == 1
    assert extract_attributions(doc, limits=Limits(min_content_words=7)) == []
