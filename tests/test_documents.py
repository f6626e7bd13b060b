"""search/documents.py: what is indexed of a statement."""

from __future__ import annotations

from search.documents import context_around


def test_context_is_what_the_sentence_says_besides_the_statement():
    sentence = 'Warren said of Trump: "He is a loser."'
    assert context_around("He is a loser.", sentence) == 'Warren said of Trump: " "'
    # The statement is the whole sentence, or runs beyond it: nothing else to index.
    assert context_around(sentence, sentence) == ""
    assert context_around("He is a loser. He always was.", "He is a loser.") == ""
    # Overlapping only in part: the sentence as it is.
    assert context_around("a loser. He always was.", sentence) == sentence


def test_context_removes_the_statement_as_whole_words_only():
    assert context_around("no", "Nobody knows, he said no") == "Nobody knows, he said"
