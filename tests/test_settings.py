"""Settings: read from the environment then the command line, documented in the README, and the only reader
of the environment."""

from __future__ import annotations

import re
from argparse import Namespace
from pathlib import Path

import pytest

from web.settings import SETTINGS, BadSetting, Settings, settings_table

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings_table() in readme
    for setting in SETTINGS:
        assert f"`{setting.metadata['env']}`" in readme and f"`{setting.metadata['option']}`" in readme


def test_environment_then_command_line():
    assert Settings.from_env({}) == Settings()
    assert Settings().index_dir is None and (Settings().host, Settings().port) == ("127.0.0.1", 5000)
    env = {"SAIDWHAT_INDEX_DIR": "/srv/index", "SAIDWHAT_SPACY_MODEL": "en_core_web_md", "SAIDWHAT_HOST": "",
           "SAIDWHAT_PORT": "8080"}
    settings = Settings.from_env(env)
    assert settings == Settings(index_dir="/srv/index", spacy_model="en_core_web_md", port=8080)
    assert settings.with_args(Namespace(port=9000, threads=8)) == Settings(
        index_dir="/srv/index", spacy_model="en_core_web_md", port=9000)
    with pytest.raises(BadSetting, match="SAIDWHAT_PORT"):
        Settings.from_env({"SAIDWHAT_PORT": "eighty"})


def test_command_line_options_take_their_defaults_from_the_settings():
    from web.cli import build_parser

    parser = build_parser(Settings(index_dir="/from/env", host="0.0.0.0", port=8080))
    args = parser.parse_args(["serve"])
    assert (args.index_dir, args.host, args.port) == ("/from/env", "0.0.0.0", 8080)
    args = parser.parse_args(["serve", "--index-dir", "/given", "--port", "1"])
    assert (args.index_dir, args.port) == ("/given", 1)
    args = parser.parse_args(["--index-dir", "/top", "index", "--model", "m"])
    assert (args.index_dir, args.spacy_model) == ("/top", "m")
    kinds = next(a for a in parser._subparsers._group_actions[0].choices["search"]._actions if a.dest == "kind")
    assert tuple(kinds.choices) == ("direct", "indirect", "mixed")


def test_only_the_settings_module_reads_the_environment():
    readers = []
    for package in ("indexer", "search", "web"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if re.search(r"os\.environ|os\.getenv|environ\.get", path.read_text(encoding="utf-8")):
                readers.append(path.relative_to(ROOT).as_posix())
    assert readers == ["web/settings.py"]


def test_the_base_url_is_a_web_address():
    assert Settings().base_url is None
    settings = Settings.from_env({"SAIDWHAT_BASE_URL": "https://saidwhat.example/news"})
    assert settings.base_url == "https://saidwhat.example/news"
    for bad in ("javascript:alert(1)", "saidwhat.example", "ftp://saidwhat.example"):
        with pytest.raises(BadSetting, match="SAIDWHAT_BASE_URL must be an http or https address"):
            Settings.from_env({"SAIDWHAT_BASE_URL": bad})
    from web.cli import build_parser

    args = build_parser(Settings()).parse_args(["serve", "--base-url", "http://127.0.0.1:5000/"])
    assert args.base_url == "http://127.0.0.1:5000/"
