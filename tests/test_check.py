"""Checking a quote as someone remembers it: the closest real statements, what the claim changed, and whether the
speaker it names said it; on the API, the page and the command line."""

from __future__ import annotations

import json

import pytest

from search.checking import align, check_quote, split_claim, words_of
from web.cli import main

REAL = ("China always attaches great importance to its relations with the ROK (Republic of Korea), and is "
        "willing to work with the ROK to enhance mutual trust")
CHANGED = ("China always attaches huge importance to its ties with the ROK, and is ready to work with the ROK to "
           "enhance mutual trust and friendship")


@pytest.mark.parametrize(("claim", "speaker", "quote"), [
    ('Trump said "we will build a wall"', "Trump", "we will build a wall"),
    ("Hillary Clinton: I will be a president for all Americans", "Hillary Clinton",
     "I will be a president for all Americans"),
    ("\u201cWe will build a wall,\u201d Trump said.", "Trump", "We will build a wall"),
    ("\u201cWe will build a wall,\u201d said Donald Trump", "Donald Trump", "We will build a wall"),
    ("we will build a wall and make them pay", None, "we will build a wall and make them pay"),
])
def test_a_claim_is_split_into_its_speaker_and_its_words(claim, speaker, quote):
    assert split_claim(claim) == (speaker, quote)


def test_the_comparison_marks_what_the_claim_added_dropped_and_changed():
    claim = "we shall build a big wall and Mexico pays"
    score, changes = align(words_of(claim), claim.split(), "We will build a great wall, and Mexico will pay for it.")
    steps = [(c.op, c.claim, c.real) for c in changes]
    assert ("changed", "shall", "will") in steps and ("changed", "big", "great") in steps
    assert ("same", "build a", "build a") in steps and 0.5 < score < 0.9
    exact, _ = align(words_of("Mexico will pay for it"), "Mexico will pay for it".split(), "Mexico will pay for it.")
    assert exact == 1.0


def test_a_changed_quote_finds_the_real_statement_and_its_speaker(service):
    result = check_quote(service, f"Wang Yi said {CHANGED}")
    assert result.close and result.speaker_name == "Wang Yi"
    best = result.matches[0]
    assert best.statement.text.startswith("China always attaches great importance") and best.by_claimed_speaker
    assert {"huge", "ties", "ready"} <= {c.claim for c in best.changes if c.op == "changed"}
    assert result.verdict == "The closest statement, with words changed, is by Wang Yi."


def test_real_words_given_to_someone_else_say_so_first(service):
    result = check_quote(service, f"Scott Bessent said \u201c{REAL}\u201d")
    assert result.close and result.matches[0].by_claimed_speaker is False
    assert result.verdict == "The words were said, but by Wang Yi, not by Scott Bessent."


def test_an_invented_quote_is_close_to_nothing(service):
    result = check_quote(service, "The moon landing was staged in a studio in Nevada, everybody knows it")
    assert not result.close and result.verdict == "No statement in this archive is close to this."


def test_the_api_gives_the_verdict_the_matches_and_the_comparison(client):
    body = client.get("/api/v1/check", query_string={"quote": f"Wang Yi: {CHANGED}"}).get_json()
    assert body["close"] and body["claimed_speaker"]["speaker"] == "Wang Yi"
    match = body["matches"][0]
    assert match["by_claimed_speaker"] is True and 0.6 <= match["score"] < 1
    assert {"op": "changed", "claim": "huge", "real": "great"} in match["changes"]
    statement = match["statement"]
    assert statement["speaker"]["name"] == "Wang Yi" and not statement["article"]["path"].startswith("/")
    assert client.get("/api/v1/check").get_json() == {"claim": "", "quote": "", "close": False, "verdict": "",
                                                      "claimed_speaker": None, "matches": []}
    assert client.get("/api/v1/check", query_string={"quote": "x", "limit": "50"}).status_code == 400


def test_the_page_shows_the_verdict_and_marks_the_changes(client):
    page = client.get("/check", query_string={"quote": f"Scott Bessent said {REAL}"}).get_data(as_text=True)
    assert "The words were said, but by Wang Yi, not by Scott Bessent." in page
    assert 'class="verdict close"' in page and "said by someone else" in page
    changed = client.get("/check", query_string={"quote": CHANGED}).get_data(as_text=True)
    assert '<del title="The statement says">great</del><ins title="The claim says">huge</ins>' in changed
    empty = client.get("/check").get_data(as_text=True)
    assert '<textarea id="quote" name="quote"' in empty and "verdict" not in empty
    nothing = client.get("/check", query_string={"quote": "Aliens built the pyramids of Giza in a week"})
    assert "No statement in this archive is close to this." in nothing.get_data(as_text=True)


def test_the_command_line_checks_a_quote(seed_index, capsys):
    assert main(["check", "--index-dir", str(seed_index), f"Wang Yi said {CHANGED}"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The closest statement, with words changed, is by Wang Yi.")
    assert "[-great-]{+huge+}" in out
    assert main(["check", "--index-dir", str(seed_index), "--json", CHANGED]) == 0
    assert json.loads(capsys.readouterr().out)["close"] is True
    assert main(["check", "--index-dir", str(seed_index), " "]) == 2
