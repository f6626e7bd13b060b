"""Tests of the evaluation code: matching, scores, the brat reader and the seed gold. No spaCy needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.model import Article, Speaker, Statement
from scripts.devtools.evaluation import (
    GoldStatement,
    Score,
    align,
    is_piece_of,
    is_pronoun,
    is_speech_cue,
    load_polnear_gold,
    load_seed_gold,
    match,
    name_tokens,
    offset_mapper,
    parse_brat,
    quote_kind,
    quoted_regions,
    remap_gold,
    speaker_matches,
)

ROOT = Path(__file__).resolve().parent.parent
SEED_GOLD = ROOT / "tests" / "gold" / "seeds.json"
ARTICLE = Article(text="x" * 1000, path="test.txt")


def pred(name: str, start: int, end: int, kind: str = "indirect", aliases: list[str] | None = None,
         role: str | None = None) -> Statement:
    return Statement(speaker=Speaker(name, aliases=aliases or [], role=role), kind=kind,  # type: ignore[arg-type]
                     text=ARTICLE.text[start:end], cue="said", start=start, end=end, article=ARTICLE)


def gold(speaker: str, start: int, end: int, kind: str = "indirect", **extra) -> GoldStatement:
    return GoldStatement(speaker=speaker, kind=kind, text="", start=start, end=end, cue="said", **extra)


def polnear(source: str, start: int, end: int, **extra) -> GoldStatement:
    return gold(source, start, end, source_text=source, source_is_pronoun=is_pronoun(source), **extra)


# --- matching -------------------------------------------------------------------------------------------


def test_exact_match_is_a_true_positive_with_kind():
    score = match([pred("Wang Yi", 10, 50)], [gold("Wang Yi", 10, 50)])
    assert (score.tp, score.fp, score.fn, score.span_only, score.kind_correct) == (1, 0, 0, 0, 1)
    assert score.precision == score.recall == score.f1 == score.kind_accuracy == 1.0


def test_wrong_kind_still_matches_but_lowers_kind_accuracy():
    score = match([pred("Wang Yi", 10, 50, kind="direct")], [gold("Wang Yi", 10, 50, kind="mixed")])
    assert score.tp == 1 and score.kind_correct == 0 and score.kind_accuracy == 0.0


@pytest.mark.parametrize(
    ("start", "end", "matched"),
    [
        (10, 60, True),    # covers 50 of 100 gold chars, all of its own: exactly half of the gold
        (10, 59, False),   # 49 of 100: less than half of the gold
        (0, 200, True),    # covers the whole gold, 100 of its 200 chars: exactly half of itself
        (0, 201, False),   # 100 of 201: less than half of the prediction
        (100, 140, False),  # no overlap
        (40, 120, True),   # 70 of 100 gold, 70 of 80 own
    ],
)
def test_span_overlap_thresholds(start, end, matched):
    score = match([pred("Wang Yi", start, end)], [gold("Wang Yi", 10, 110)])
    assert score.tp == int(matched)
    assert score.fp == int(not matched) and score.fn == int(not matched)


def test_wrong_speaker_is_span_only_and_counts_as_error():
    alignment = align([pred("Cho Hyun", 10, 50)], [gold("Wang Yi", 10, 50)])
    score = alignment.score
    assert (score.tp, score.fp, score.fn, score.span_only) == (0, 1, 1, 1)
    assert alignment.span_only[0][1].speaker == "Wang Yi"


def test_seed_speaker_ignores_case_and_apostrophe_style_and_accepts_aliases():
    assert match([pred("china's foreign ministry", 0, 40)], [gold("China’s Foreign Ministry", 0, 40)]).tp == 1
    assert match([pred("Wang", 0, 40, aliases=["Wang Yi"])], [gold("Wang Yi", 0, 40)]).tp == 1
    assert match([pred("Wang", 0, 40)], [gold("Wang Yi", 0, 40)]).tp == 0


def test_matching_is_one_to_one():
    score = match([pred("Wang Yi", 10, 50), pred("Wang Yi", 12, 50)], [gold("Wang Yi", 10, 50)])
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)
    score = match([pred("Wang Yi", 10, 50)], [gold("Wang Yi", 10, 50), gold("Wang Yi", 12, 50)])
    assert (score.tp, score.fp, score.fn) == (1, 0, 1)


def test_greedy_prefers_right_speaker_then_best_overlap():
    # The first prediction overlaps the first gold best, but only the second has the right speaker for it.
    predictions = [pred("Cho Hyun", 0, 100), pred("Wang Yi", 0, 90)]
    golds = [gold("Wang Yi", 0, 100), gold("Cho Hyun", 5, 95)]
    alignment = align(predictions, golds)
    assert alignment.score.tp == 2 and alignment.score.span_only == 0
    pairs = {(p.speaker.name, g.speaker) for p, g in alignment.matches}
    assert pairs == {("Wang Yi", "Wang Yi"), ("Cho Hyun", "Cho Hyun")}


def test_predictions_on_ignored_attributions_are_excused():
    ignored = [polnear("Trump", 100, 200, ignored=True, ignore_reason="non-speech cue")]
    golds = [polnear("Trump", 300, 400)]
    alignment = align([pred("Donald Trump", 110, 190), pred("Donald Trump", 500, 600)], golds, ignored)
    assert (alignment.score.tp, alignment.score.fp, alignment.score.fn, alignment.score.excused) == (0, 1, 1, 1)
    # Flagged gold in the gold list is treated the same way.
    assert match([pred("Donald Trump", 110, 190)], golds + ignored) == Score(fn=1, excused=1)


def test_a_prediction_matching_gold_is_scored_even_over_an_ignored_attribution():
    golds = [polnear("Trump", 100, 200), polnear("Trump", 100, 200, ignored=True)]
    assert match([pred("Clinton", 100, 200)], golds) == Score(fp=1, fn=1, span_only=1)


def test_polnear_name_source_needs_a_shared_content_token():
    assert speaker_matches(pred("Bernie Sanders", 0, 10), polnear("Sen. Bernie Sanders's campaign", 0, 10))
    assert speaker_matches(pred("Donald Trump", 0, 10), polnear("Trump’s", 0, 10))
    assert not speaker_matches(pred("Hillary Clinton", 0, 10), polnear("Sen. Bernie Sanders", 0, 10))
    # Titles alone do not make a match ...
    assert not speaker_matches(pred("Gov. Mike Pence", 0, 10), polnear("Gov. Chris Christie", 0, 10))
    # ... unless the source is nothing but a title: then the title, or the speaker's role, counts.
    assert speaker_matches(pred("Bill de Blasio", 0, 10, role="Mayor"), polnear("the mayor", 0, 10))
    assert not speaker_matches(pred("Bill de Blasio", 0, 10), polnear("the mayor", 0, 10))
    assert speaker_matches(pred("X", 0, 10, aliases=["the Post"]), polnear("The Post", 0, 10))


def test_polnear_pronoun_source_accepts_any_resolved_name():
    assert speaker_matches(pred("Hillary Clinton", 0, 10), polnear("she", 0, 10))
    assert not speaker_matches(pred("she", 0, 10), polnear("she", 0, 10))
    assert not speaker_matches(pred("He", 0, 10), polnear("Trump", 0, 10))


def test_name_tokens():
    assert name_tokens("Sen. Bernie Sanders's") == {"bernie", "sanders"}
    assert name_tokens("the Republican nominee’s") == {"republican", "nominee"}
    assert name_tokens("the mayor") == set()
    assert name_tokens("the mayor", keep_titles=True) == {"mayor"}
    assert name_tokens("His ex-wife") == {"ex", "wife"}
    assert name_tokens("A spokeswoman for Hillary Clinton") == {"spokeswoman", "hillary", "clinton"}


def test_is_piece_of():
    assert is_piece_of(pred("Trump", 120, 150), polnear("Trump", 100, 200))
    assert not is_piece_of(pred("Clinton", 120, 150), polnear("Trump", 100, 200))
    assert not is_piece_of(pred("Trump", 180, 260), polnear("Trump", 100, 200))


def test_scores_add_up():
    first, second = Score(tp=3, fp=1, fn=2, span_only=1, kind_correct=2), Score(tp=1, fp=1, excused=4)
    total = first + second
    assert total == Score(tp=4, fp=2, fn=2, span_only=1, kind_correct=2, excused=4)
    assert sum([first, second], Score()) == total
    assert sum([first, second]) == total
    assert total.precision == pytest.approx(4 / 6)
    assert total.recall == pytest.approx(4 / 6)
    assert total.f1 == pytest.approx(4 / 6)
    assert total.kind_accuracy == pytest.approx(0.5)
    assert Score().precision == Score().recall == Score().f1 == Score().kind_accuracy == 0.0


def test_empty_inputs():
    assert match([], []) == Score()
    assert match([pred("A", 0, 5)], []) == Score(fp=1)
    assert match([], [gold("A", 0, 5)]) == Score(fn=1)


# --- PolNeAR / brat -------------------------------------------------------------------------------------

TEXT = (
    "Trump wins, poll says\n"
    "“We will win,” Trump said. “Believe me.”\n"
    "Clinton argued that the plan was “a disaster for families.”\n"
    "She believes the economy is strong.\n"
    "The report was released, it was said.\n"
    "According to aides, he told reporters: “Nothing to add.”\n"
)


def _offsets(fragment: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(fragment, start + 1)
    return start, start + len(fragment)


def _t(number: int, label: str, *fragments: str, occurrence: int = 0) -> str:
    spans = [_offsets(fragment, occurrence) for fragment in fragments]
    offsets = ";".join(f"{a} {b}" for a, b in spans)
    return f"T{number}\t{label} {offsets}\t{' '.join(fragments)}"


ANN = "\n".join([
    # 1: direct, discontinuous around the cue
    _t(1, "Content", "“We will win,”", "“Believe me.”"), _t(2, "Source", "Trump", occurrence=1),
    _t(3, "Cue", "said"), _t(4, "Attribution", "said"),
    "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
    # 2: mixed
    _t(5, "Source", "Clinton"), _t(6, "Cue", "argued"),
    _t(7, "Content", "that the plan was “a disaster for families.”"),
    "E2\tAttribution:T6 Cue:T6 Source:T5 Content:T7",
    # 3: a belief, not speech: ignored
    _t(8, "Source", "She"), _t(9, "Cue", "believes"), _t(10, "Content", "the economy is strong"),
    "E3\tAttribution:T9 Source:T8 Cue:T9 Content:T10",
    # 4: no source: ignored
    _t(11, "Cue", "it was said"), _t(12, "Content", "The report was released"),
    "E4\tAttribution-no-source:T11 Cue:T11 Content:T12",
    "#1\tAnnotatorNotes T12\tno source here",
    # 5: pronoun source, a colon-led quote plus a second content
    _t(13, "Source", "he", occurrence=4), _t(14, "Cue", "told reporters:"), _t(15, "Content", "“Nothing to add.”"),
    _t(16, "Content", "aides"),
    "E5\tAttribution:T14 Cue:T14 Source:T13 Content:T15 Content2:T16",
    "stray line left by a span text with a line break",
    "E6\tAttribution-no-source:T99 ",
])


def test_parse_brat_reads_spans_and_events():
    document = parse_brat(ANN)
    for span in document.spans.values():  # the inline fixture itself is consistent
        assert " ".join(TEXT[a:b] for a, b in span.fragments) == span.text, span
    assert TEXT[slice(*document.spans["T13"].fragments[0])] == "he" and TEXT[document.spans["T13"].start - 1] == " "
    assert document.spans["T1"].label == "Content"
    assert len(document.spans["T1"].fragments) == 2
    assert document.spans["T1"].start == TEXT.index("“We will win")
    assert document.spans["T1"].end == TEXT.index("\nClinton")
    assert document.events[0] == {"Content": "T1", "Cue": "T3", "Source": "T2"}
    assert document.events[3] == {"Cue": "T11", "Content": "T12"}
    assert document.events[5] == {}
    assert len(document.events) == 6


def test_load_polnear_gold(tmp_path):
    ann = tmp_path / "article_abcd.ann"
    ann.write_text(ANN, encoding="utf-8")
    golds = load_polnear_gold(ann, TEXT)
    kept = [g for g in golds if not g.ignored]
    ignored = {g.text: g.ignore_reason for g in golds if g.ignored}
    assert ignored == {"the economy is strong": "non-speech cue", "The report was released": "no source"}
    assert [g.start for g in golds] == sorted(g.start for g in golds)

    trump = next(g for g in kept if g.speaker == "Trump")
    assert (trump.kind, trump.cue, trump.source_is_pronoun, trump.discontinuous) == ("direct", "said", False, True)
    assert TEXT[trump.start : trump.end] == "“We will win,” Trump said. “Believe me.”"

    clinton = next(g for g in kept if g.speaker == "Clinton")
    assert clinton.kind == "mixed" and clinton.source_text == "Clinton"

    he = [g for g in kept if g.speaker == "he"]
    assert len(he) == 2  # Content and Content2
    assert all(g.source_is_pronoun and g.cue == "told reporters:" for g in he)
    assert {g.text: g.kind for g in he} == {"“Nothing to add.”": "direct", "aides": "indirect"}


@pytest.mark.parametrize(
    ("cue", "speech"),
    [
        ("said", True), ("has said", True), ("also told", True), ("according to", True), (":", True),
        ("said:", True), ("―", True), ("tweeted", True), ("adding", True), ("pointed out", True),
        ("wrote in an email", True), ("admitted", True), ("as he put it", True), ("said in a statement", True),
        ("believes", False), ("wants", False), ("called", False), ("found", False), ("was asked", False),
        ("did not mention", False), ("spoke about", False), ("responded to", False), ("", False),
        ("continued to call for", False), ("in", False), ("reportedly", False),
    ],
)
def test_is_speech_cue(cue, speech):
    assert is_speech_cue(cue) is speech


def test_quoted_regions_and_kind():
    text = 'He said "we will win" and "go."\n“An open quote runs on\nto here'
    regions = quoted_regions(text)
    assert [text[a:b] for a, b in regions] == ['"we will win"', '"go."', "“An open quote runs on"]
    whole = [(0, len(text))]
    assert quote_kind(text, [(8, 21)]) == "direct"
    assert quote_kind(text, [(3, 21)]) == "mixed"
    assert quote_kind(text, [(3, 31)], regions) == "mixed"
    assert quote_kind(text, [(0, 7)]) == "indirect"
    assert quote_kind('said "go" now', [(0, 13)]) == "indirect"  # a one-word quote is not mixed
    assert quote_kind(text, whole) == "mixed"
    nyt = "He said ''we will win,'' and left."
    assert [nyt[a:b] for a, b in quoted_regions(nyt)] == ["''we will win,''"]
    assert quote_kind(nyt, [(8, 24)]) == "direct"


def test_offset_mapper_and_remap():
    raw = "ab\r\ncd\x01ef\rgh"
    loaded = "ab\ncdef\ngh"
    to_loaded = offset_mapper(raw, loaded)
    for fragment in ("ab", "cd", "ef", "gh"):
        assert loaded[to_loaded(raw.index(fragment)) : to_loaded(raw.index(fragment) + 2)] == fragment
    moved = remap_gold([gold("A", raw.index("ef"), raw.index("ef") + 2, fragments=((7, 9),))], raw, loaded)
    assert loaded[moved[0].start : moved[0].end] == "ef"
    assert moved[0].fragments == ((5, 7),)
    assert offset_mapper("same", "same")(3) == 3


# --- seed gold ------------------------------------------------------------------------------------------


def test_seed_gold_offsets_match_the_article_text():
    golds = load_seed_gold(SEED_GOLD)
    assert set(golds) == {path.name for path in (ROOT / "seeds").glob("*.txt")}
    for name, statements in golds.items():
        text = (ROOT / "seeds" / name).read_text(encoding="utf-8").replace("\r\n", "\n")
        assert statements, name
        for statement in statements:
            assert text[statement.start : statement.end] == statement.text, (name, statement.text)
            assert statement.kind in ("direct", "indirect", "mixed")
            assert statement.speaker and statement.cue
            assert statement.text == statement.text.strip()
            assert not statement.text.endswith((",", ".")), statement.text


def test_seed_gold_follows_the_annotation_rules():
    golds = load_seed_gold(SEED_GOLD)
    xinhua, anadolu = golds["000_ea5705f67dcdb256.txt"], golds["002_c3ee7f5a63320e68.txt"]
    assert len(xinhua) == 18 and len(anadolu) == 5
    assert {g.speaker for g in xinhua} == {"Wang Yi", "Cho Hyun"}
    assert [g.cue for g in xinhua if g.speaker == "Cho Hyun"] == ["said", "noting", "said", "said"]
    assert [g.kind for g in xinhua if '"' in g.text] == ["mixed"]
    direct = next(g for g in anadolu if g.kind == "direct")
    assert direct.speaker == "Wang Yi" and not direct.text.startswith("“")
    yonhap = next(g for g in anadolu if g.speaker == "Yonhap News Agency")
    assert yonhap.cited_source == "a ruling party official"
    assert "China’s Foreign Ministry" in {g.speaker for g in anadolu}
    assert not any(g.text.startswith(("that ", "Foreign Minister Wang Yi held", "President Xi")) for g in anadolu)


# -- strict speakers, the GUM reader and the quality report ---------------------------------------------

def _predicted(name: str):
    from types import SimpleNamespace
    return SimpleNamespace(speaker=SimpleNamespace(name=name, aliases=[], role=None), start=0, end=10, kind="direct")


def test_strict_speaker_needs_the_canonical_name_or_an_alias():
    from scripts.devtools.evaluation import GoldStatement, strict_speaker_matches

    gold = GoldStatement("Trump", "direct", "x", 0, 10, canonical=("Donald Trump", "Donald J. Trump"),
                         canonical_type="person")
    assert strict_speaker_matches(_predicted("Donald J. Trump"), gold)
    assert strict_speaker_matches(_predicted("donald trump"), gold)
    assert not strict_speaker_matches(_predicted("Trump"), gold)
    assert not strict_speaker_matches(_predicted("Donald Trump Jr."), gold)


def test_strict_unnamed_source_matches_its_opening_words():
    from scripts.devtools.evaluation import GoldStatement, strict_speaker_matches

    gold = GoldStatement("observers", "indirect", "x", 0, 10,
                         canonical=("Political observers in Virginia",), canonical_type="description")
    assert strict_speaker_matches(_predicted("political observers"), gold)
    assert not strict_speaker_matches(_predicted("observers in Virginia"), gold)
    another = GoldStatement("another source", "indirect", "x", 0, 10,
                            canonical=("another source",), canonical_type="description")
    assert strict_speaker_matches(_predicted("source"), another)  # a quantifier aside, as `some`
    assert not strict_speaker_matches(_predicted("sources close to him"), another)


def test_gum_document_reads_text_mentions_and_gold_sources(tmp_path):
    from scripts.devtools.gum import accepted_names, gold_sources, read

    conllu = tmp_path / "GUM_news_tiny.conllu"
    conllu.write_text(
        "# meta::title = Tiny\n# newpar\n# text = Tiny\n1\tTiny\ttiny\tADJ\tJJ\t_\t0\troot\t_\t_\n\n"
        "# newpar\n# text = Jane Roe said it rained.\n"
        "1\tJane\tJane\tPROPN\tNNP\t_\t3\tnsubj\t_\tEntity=(1-person-new-x-x-1-coref\n"
        "2\tRoe\tRoe\tPROPN\tNNP\t_\t1\tflat\t_\tEntity=1)\n"
        "3\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_\n"
        "4\tit\tit\tPRON\tPRP\t_\t5\tnsubj\t_\t_\n"
        "5\trained\train\tVERB\tVBD\t_\t3\tccomp\t_\tSpaceAfter=No\n"
        "6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n"
        "# text = Roe said so.\n"
        "1\tRoe\tRoe\tPROPN\tNNP\t_\t2\tnsubj\t_\tEntity=(1-person-giv-x-x-1-coref)\n"
        "2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_\n"
        "3\tso\tso\tADV\tRB\t_\t2\tadvmod\t_\tSpaceAfter=No\n"
        "4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n", encoding="utf-8")
    document = read(conllu)
    assert document.text == "Jane Roe said it rained. Roe said so."
    golds = gold_sources(document)
    assert [(g.cue.form, g.form, g.canonical) for g in golds] == [("said", "full name", "Jane Roe"),
                                                                  ("said", "short name", "Jane Roe")]
    assert accepted_names(golds[1]) == {"jane roe"}


def test_quality_report_finds_fragments_roles_documents_and_cues():
    from scripts.devtools.quality import quality_report

    def statement(name, text, kind="direct", type_="person"):
        return {"speaker": {"name": name, "type": type_}, "kind": kind, "text": text}

    report = quality_report([
        statement("Neera Tanden", "We will win"), statement("Tanden", "We will win again"),
        statement("Coach Stephen Gillis", "They earned it"), statement("Statement", "It is over", type_="organization"),
        statement("Mike Pence", 'It is done," Pence said. "We move on'), statement("Jo Lee", 'a "strong'),
        statement("officials", "the bridge is closed", kind="indirect", type_="description"),
        statement("Washington Post", "It is so", kind="indirect", type_="organization"),
        statement("Fox 35", "It rained", kind="indirect", type_="organization"),
        statement("42%", "Yes", kind="indirect", type_="group"),
        statement("Coalition of 40 groups", "No", kind="indirect", type_="group"),
        statement("president", "No", kind="indirect", type_="person"),
        statement("FBI", "It is closed", kind="indirect", type_="organization"),
        statement("data from the FBI", "Crime fell", kind="indirect", type_="description"),
        statement("Guardian", "It is over", kind="indirect", type_="organization"),
        statement("Don Guardian", "We welcome them", kind="indirect", type_="person"),
    ])
    assert report.fragments == ["Tanden"] and report.role_glued == ["Coach Stephen Gillis"]
    assert report.document_or_generic == ["Statement", "42%", "Coalition of 40 groups"]
    assert report.lowercase == ["president"] and report.descriptions == 2
    assert len(report.cue_inside) == 1 and report.odd_marks == ['a "strong']


def test_the_quality_report_reads_every_statement_of_an_index(seed_index):
    from scripts.devtools.accuracy import index_statements
    from search import open_search

    statements = list(index_statements(seed_index))
    assert len(statements) == open_search(seed_index).stats().statements > 0
    assert len({s["id"] for s in statements}) == len(statements)
