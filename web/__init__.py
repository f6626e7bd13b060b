"""saidwhat web: the Flask site, the JSON API and the command line."""

from indexer.exports import lazy_exports

_EXPORTS = {"create_app": "app"}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
