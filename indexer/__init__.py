"""saidwhat indexer: articles in, attributed statements out. Pure: no storage, no HTTP."""

from .exports import lazy_exports

_EXPORTS = {
    "Article": "model", "Speaker": "model", "Statement": "model",
    "Extractor": "pipeline",
    "Skipped": "loading", "load_paths": "loading",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
