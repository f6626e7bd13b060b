"""One-line messages for the errors of the system a user can act on: a folder that cannot be written, a full
disk, a port in use. The commands print them and exit with status 2 (bad setup), never a traceback."""

from __future__ import annotations

import errno
import socket

NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)
NO_SPACE = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))

INDEX_ADVICE = "choose another index folder with --index-dir or $SAIDWHAT_INDEX_DIR"


def describe(error: OSError) -> str:
    """`cannot write /srv/index/builds: Read-only file system; choose another index folder …`."""
    where = f" {error.filename}" if error.filename else ""
    reason = error.strerror or str(error)
    if error.errno in NOT_WRITABLE:
        return f"cannot write{where}: {reason}; {INDEX_ADVICE}"
    if error.errno in NO_SPACE:
        return f"no space left on the disk writing{where} ({reason}); free some space and run the command again"
    return f"{reason}{':' + where if where else ''}"


def describe_listen(error: OSError, host: str, port: int) -> str:
    """Why `saidwhat serve` cannot listen on host:port, and what to do."""
    if error.errno == errno.EADDRINUSE:
        return (f"cannot listen on {host}:{port}: the port is in use (another saidwhat serve?); choose another "
                f"with --port or $SAIDWHAT_PORT")
    if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}:{port}: no such address here; choose another with --host or $SAIDWHAT_HOST"
    if error.errno in NOT_WRITABLE:
        return f"cannot listen on {host}:{port}: {error.strerror}; ports below 1024 need privileges, choose another"
    return f"cannot listen on {host}:{port}: {error.strerror or error}"
