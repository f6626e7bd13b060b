"""saidwhat web: the Flask site, the JSON API and the command line."""

from .app import create_app

__all__ = ["create_app"]
