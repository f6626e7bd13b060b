"""The extractor as a spaCy component, for use in anyone's pipeline:

    import indexer.component  # registers the "saidwhat_attributions" factory
    nlp.add_pipe("saidwhat_attributions", config={"max_continuation_paragraph": 6})
    doc = nlp(text); doc._.attributions

In a pipeline config file the limits are settings of the component's block:

    [components.saidwhat_attributions]
    factory = "saidwhat_attributions"
    min_content_words = 3
"""

from __future__ import annotations

from dataclasses import asdict

from spacy.language import Language
from spacy.tokens import Doc

from .attribution import DEFAULT_LIMITS, Limits, extract_attributions

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)


class AttributionComponent:
    """Sets `doc._.attributions` to the attributed statements found in the Doc, within `limits`."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS):
        self.limits = limits

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = extract_attributions(doc, limits=self.limits)
        return doc


@Language.factory(
    "saidwhat_attributions",
    default_config=asdict(DEFAULT_LIMITS),
    requires=["token.dep", "token.lemma"],
    assigns=["doc._.attributions"],
)
def make_attributions(
    nlp: Language,
    name: str,
    min_content_words: int,
    max_continuation_paragraph: int,
    max_words_between_quote_parts: int,
    max_chars_between_quote_parts: int,
) -> AttributionComponent:
    """The component, with the limits from its config block (defaults: `Limits()`)."""
    return AttributionComponent(Limits(
        min_content_words=min_content_words,
        max_continuation_paragraph=max_continuation_paragraph,
        max_words_between_quote_parts=max_words_between_quote_parts,
        max_chars_between_quote_parts=max_chars_between_quote_parts,
    ))
