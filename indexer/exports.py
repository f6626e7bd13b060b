"""Lazy package exports: `from package import Name` imports the module that defines Name only when asked.

The packages use it so that importing one light module (the data model, the settings, the limits) does not
import spaCy, Whoosh and Flask with it: a worker process then reaches its first line, which asks the kernel to
end it with its parent, in a fraction of a second rather than after seconds of imports.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`, whose public names are `exports` (name -> submodule)."""

    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{exports[name]}"), name)

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__
