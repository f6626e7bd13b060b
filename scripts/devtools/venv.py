"""Run a script with the project's Python: the one script-level decision that every script shares.

A script started as `scripts/eval` runs under whatever `python3` is first on PATH, usually one without the
project's dependencies. `use_project_python` replaces the process with `.venv/bin/python` running the same
script and arguments, once (an environment variable stops a second switch). Standard library only.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from . import ROOT

VENV = ROOT / ".venv"
REEXEC_FLAG = "SAIDWHAT_SCRIPT_REEXEC"


def use_project_python(unless_importable: str | None = None) -> None:
    """Re-run the calling script (`sys.argv`) with `.venv/bin/python` if this Python is not the venv's.

    With `unless_importable`, a Python that can already import that module (one with the dependencies
    installed some other way) is kept. Nothing happens without a `.venv`, or after one switch.
    """
    python = VENV / "bin" / "python"
    if not python.exists() or Path(sys.prefix).resolve() == VENV.resolve() or os.environ.get(REEXEC_FLAG):
        return
    if unless_importable and importlib.util.find_spec(unless_importable) is not None:
        return
    os.environ[REEXEC_FLAG] = "1"
    os.execv(str(python), [str(python), str(Path(sys.argv[0]).resolve()), *sys.argv[1:]])
