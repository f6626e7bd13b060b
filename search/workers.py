"""The start of an extraction worker process, kept free of heavy imports.

A spawned worker imports the parent's main module and this module before its initializer runs; only then
may it import spaCy (seconds of work). So the first thing `start_worker` does is ask the kernel to end the
worker with its parent, and only afterwards does it unpickle the extractor factory, which imports spaCy.
A parent killed at any moment, even while its workers start, leaves no worker behind for more than a second.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import threading
import time
from typing import Any

PARENT_CHECK_SECONDS = 1.0  # how often a worker checks that the process that started it is still there
_PR_SET_PDEATHSIG = 1  # linux/prctl.h

_extractor: Any = None


def default_workers() -> int:
    """Every core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def start_worker(pickled_factory: bytes, parent: int) -> None:
    """A pool's initializer: tie this process to `parent`, then make its extractor with the pickled factory."""
    global _extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    threading.Thread(target=exit_with_parent, args=(parent,), name="saidwhat-parent-watch", daemon=True).start()
    _extractor = pickle.loads(pickled_factory)()


def worker_extractor() -> Any:
    """The extractor `start_worker` made in this process."""
    if _extractor is None:
        raise RuntimeError("not an extraction worker: start_worker has not run in this process")
    return _extractor


def die_with_parent() -> bool:
    """Ask the kernel (Linux) to SIGKILL this worker the moment its parent dies; whether it agreed.

    The signal needs nothing from this process: it ends a worker busy in C code that holds the interpreter lock
    (loading a spaCy model, parsing a batch), where the watch thread cannot run until that code is done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def exit_with_parent(parent: int, every: float = PARENT_CHECK_SECONDS) -> None:
    """End this worker once its parent (the process id the parent gave: it may be gone before this runs) is no
    longer its parent, where `die_with_parent` is not available. A parent killed outright (SIGKILL, the OOM
    killer) cannot shut its pool down, and its workers would otherwise wait for work forever, holding a spaCy
    pipeline each."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)
