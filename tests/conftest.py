"""Shared fixtures: one spaCy pipeline and one seed index per test session."""

from __future__ import annotations

import ast
import sys
import threading
from pathlib import Path

import pytest

from indexer import Extractor
from search import IndexStore, SearchService, build_index

if sys.version_info < (3, 11, 8):
    # CPython before 3.11.8 keeps one AST recursion counter for all threads (python/cpython gh-106905): two
    # threads parsing at once (Werkzeug compiles each URL rule with `ast.parse` as an app is made, while a test's
    # server thread runs) fail with "AST constructor recursion depth mismatch". The suite parses one at a time.
    _parse, _parsing = ast.parse, threading.Lock()

    def _parse_alone(*args, **kwargs):
        with _parsing:
            return _parse(*args, **kwargs)

    ast.parse = _parse_alone

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
XINHUA = SEEDS / "000_ea5705f67dcdb256.txt"
ANADOLU = SEEDS / "002_c3ee7f5a63320e68.txt"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, extractor) -> Path:
    """An index of the seed corpus, built once."""
    root = tmp_path_factory.mktemp("index")
    build_index([SEEDS], IndexStore(root), extractor)
    return root


@pytest.fixture(scope="session")
def service(seed_index) -> SearchService:
    return SearchService(IndexStore(seed_index))


@pytest.fixture(scope="session")
def app(seed_index):
    from web import create_app

    application = create_app(seed_index)
    application.config.update(TESTING=True)
    return application


@pytest.fixture()
def client(app):
    return app.test_client()
