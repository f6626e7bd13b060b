"""Serving with several processes: gunicorn's pre-fork master over worker processes of threads.

One process answers every request of `saidwhat serve --processes 1` (waitress, web/cli.py); under concurrent load
its threads share one interpreter lock, so phrase and topic searches queue behind each other. With N processes,
gunicorn's master binds the address and forks N workers (`gthread`: each a pool of threads), restarts one that
dies, and stops them all on SIGTERM or Ctrl-C. Each worker makes its own app and opens the index itself after the
fork (no file handle or thread is shared across processes), and each picks up a swapped-in build on its own, as a
single process does. The per-build arrays of searches are memory-mapped files in the build (search/docsets.py),
so N processes read one copy through the page cache rather than holding N.
"""

from __future__ import annotations

import gc
import sys

from gunicorn.app.base import BaseApplication

from .settings import Settings

# As waitress's SERVER_LIMITS (web/cli.py), in gunicorn's terms.
GUNICORN_LIMITS = {
    "limit_request_line": 8190,  # bytes of the request line (gunicorn's largest); then 414
    "limit_request_field_size": 8190,  # bytes of one header
    "limit_request_fields": 100,
    "worker_connections": 1000,  # open connections of a worker
    "keepalive": 5,  # seconds an idle kept-alive connection stays open
    "timeout": 120,  # seconds a worker may be silent before the master replaces it
    "graceful_timeout": 20,  # seconds workers get to finish their requests on SIGTERM
}


class PreforkServer(BaseApplication):
    """`saidwhat serve --processes N`: gunicorn, configured here rather than from a file or its command line."""

    def __init__(self, settings: Settings, processes: int, threads: int):
        self.settings = settings
        self.options = {
            "bind": f"{settings.host}:{settings.port}",
            "workers": processes,
            "worker_class": "gthread",
            "threads": threads,
            "preload_app": False,  # each worker opens the index after the fork
            "proc_name": "saidwhat",
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "post_worker_init": _open_index,
            **GUNICORN_LIMITS,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from .app import create_app

        return create_app(self.settings)


def _open_index(worker) -> None:
    """In each worker, once its app is made: open the index, so that its first request does not wait; then keep
    what is open out of the garbage collector's full passes (`gc.freeze`). The open index is some 300,000 objects
    at 1M statements: a full pass over them took 150-190 ms of one request's time, and frozen they are not walked.
    When a rebuild swaps in a new build, the service unfreezes (search/engine.py), so that the old build is
    collected; the new one is not frozen."""
    from search import IndexMissing

    from .service import service_of

    try:
        service_of(worker.wsgi).open()
    except IndexMissing as missing:
        print(f"warning: {missing}", file=sys.stderr)
    gc.freeze()
