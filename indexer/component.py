"""The extractor as a spaCy component, for use in anyone's pipeline:

    import indexer.component  # registers "saidwhat_attributions"
    nlp.add_pipe("saidwhat_attributions")
    doc = nlp(text); doc._.attributions
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .attribution import extract_attributions

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)


@Language.component("saidwhat_attributions", requires=["token.dep", "token.lemma"],
                    assigns=["doc._.attributions"])
def attributions_component(doc: Doc) -> Doc:
    """Set `doc._.attributions` to the attributed statements found in the Doc."""
    doc._.attributions = extract_attributions(doc)
    return doc
