"""saidwhat indexer: articles in, attributed statements out. Pure: no storage, no HTTP."""

from .loading import Skipped, load_paths
from .model import Article, Speaker, Statement
from .pipeline import Extractor

__all__ = ["Article", "Extractor", "Skipped", "Speaker", "Statement", "load_paths"]
