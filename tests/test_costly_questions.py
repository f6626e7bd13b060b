"""Questions whose help costs the most (long, misspelt, random letters): the fuzzy work of a search is bounded, in
lookups counted here and in CPU time by a budget shared by speaker recognition and "did you mean"."""

from __future__ import annotations

import random

import pytest

from search import suggestions
from search.limits import Budget
from search.query import MAX_FUZZY_LOOKUPS, SpeakerDirectory, parse_question
from search.suggestions import Corrector


@pytest.fixture()
def lookups(monkeypatch) -> dict[str, int]:
    """Counts of the fuzzy lookups a search makes: spelling corrections and names with a typo."""
    counts = {"corrections": 0, "names": 0}
    suggest, fuzzy = Corrector.suggest, SpeakerDirectory.fuzzy

    def counting_suggest(self, *args, **kwargs):
        counts["corrections"] += 1
        return suggest(self, *args, **kwargs)

    def counting_fuzzy(self, *args, **kwargs):
        counts["names"] += 1
        return fuzzy(self, *args, **kwargs)

    monkeypatch.setattr(Corrector, "suggest", counting_suggest)
    monkeypatch.setattr(SpeakerDirectory, "fuzzy", counting_fuzzy)
    return counts


def misspelt_question(service, chars: int = 500) -> str:
    """Words of the index, each with one letter changed, up to `chars` characters."""
    rng = random.Random(7)
    words = sorted(w for w in service.index.vocabulary if w.isalpha() and 3 <= len(w) <= 5)
    question: list[str] = []
    while len(" ".join(question)) < chars - 6:
        word = rng.choice(words)
        at = rng.randrange(1, len(word))
        question.append(word[:at] + rng.choice("xzqj") + word[at + 1 :])
    return " ".join(question)[:chars]


def test_a_long_misspelt_question_corrects_a_few_words_only(service, lookups):
    q = misspelt_question(service)
    assert len(q.split()) > 80
    results = service.search(q)
    assert 1 <= lookups["corrections"] <= suggestions.MAX_CORRECTED
    assert lookups["names"] <= MAX_FUZZY_LOOKUPS
    assert results.suggestion  # still some help


def test_a_word_of_500_letters_is_not_looked_up(service, lookups):
    q = "".join(random.Random(3).choice("abcdefghijklmnopqrstuvwxyz") for _ in range(500))
    results = service.search(q)
    assert results.total == 0 and results.suggestion is None
    assert lookups == {"corrections": 0, "names": 0}


@pytest.mark.parametrize("token, word", [("supply", True), ("immigraton", True), ("zürich", True), ("b2b", False),
                                         ("xkcdqz", False), ("a" * 31, False), ("1234", False)])
def test_tokens_that_cannot_be_words_are_not_corrected(token, word):
    assert suggestions.could_be_word(token) is word


def test_a_spent_budget_stops_the_fuzzy_work_not_the_exact(service, lookups):
    spent = Budget(seconds=-1)
    directory = service.index.directory
    assert parse_question("Besent on tariffs", directory).speakers == ["scott-bessent"]
    assert parse_question("Besent on tariffs", directory, spent).speakers == []
    assert parse_question("Bessent on tariffs", directory, spent).speakers == ["scott-bessent"]
    parsed = parse_question("suply chians", directory)
    names = lookups["names"]
    assert names > 0
    assert suggestions.corrections(parsed, service.index)
    assert suggestions.corrections(parsed, service.index, budget=spent) == {}
    assert lookups["names"] == names


def test_the_budget_adds_up_the_steps():
    budget = Budget(seconds=0.5, used=0.4)
    assert not budget.spent
    with budget:
        assert not budget.spent
    budget.used += 0.2
    assert budget.spent
