"""From articles to statements: the indexer's public entry point.

    extractor = Extractor()
    for article, statements in extractor.extract_many(load_paths(["seeds"])):
        ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language

from .model import Article, Statement
from .nlp import load_pipeline, model_name
from .statements import statements_from_doc


class Extractor:
    """Runs the spaCy pipeline over article bodies and turns each Doc into Statements."""

    def __init__(self, nlp: Language | None = None, model: str | None = None, batch_size: int = 16):
        self.nlp = nlp or load_pipeline(model)
        self.batch_size = batch_size
        # The pipeline's package name (None when given a loaded pipeline), so that worker processes can load
        # the same one.
        self.model = model or (model_name() if nlp is None else None)

    @property
    def pipeline_name(self) -> str:
        """The package name of the pipeline, or its own name when it was given loaded."""
        meta = self.nlp.meta
        return self.model or f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"

    def extract(self, article: Article) -> list[Statement]:
        """The statements of one article, in text order."""
        return statements_from_doc(self.nlp(article.body), article)

    def extract_many(
        self,
        articles: Iterable[Article],
        on_error: Callable[[Article, Exception], None] | None = None,
    ) -> Iterator[tuple[Article, list[Statement]]]:
        """Statements for a stream of articles, batched through the pipeline.

        An article whose extraction fails is passed to `on_error` and left out; without `on_error`
        the error is raised.
        """
        pairs = ((article.body, article) for article in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            try:
                statements = statements_from_doc(doc, article)
            except Exception as error:  # noqa: BLE001 - one bad article must not stop a run
                if on_error is None:
                    raise
                on_error(article, error)
                continue
            yield article, statements
