"""Where indexes live on disk, and how a rebuild is swapped in atomically.

    INDEX_DIR/
        CURRENT                 name of the build being served (replaced atomically)
        builds/<name>/          one complete build: Whoosh indexes + manifest.json
        .lock                   held by a running rebuild

A rebuild writes a new build directory and only then replaces CURRENT, so readers always see either the
old build or the new one, complete. A second rebuild while one runs is refused. A rebuild that is killed
(even with SIGKILL) leaves its unfinished build directory behind and CURRENT untouched; the lock is an
flock, released by the kernel when the process dies, and the next rebuild removes what was left.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CURRENT = "CURRENT"
_BUILD_NAME = re.compile(r"[\w-][\w.-]*")  # what new_build names a build: no slash, no leading dot
BUILDS = "builds"
MANIFEST = "manifest.json"
MAX_POINTER_BYTES = 4096  # CURRENT holds one build name


class IndexMissing(RuntimeError):
    """There is no usable index: say how to build one."""

    def __init__(self, index_dir: Path, detail: str = "no index has been built"):
        super().__init__(
            f"No usable index in {index_dir} ({detail}). Build one with `saidwhat index [PATH ...]`."
        )


class RebuildInProgress(RuntimeError):
    """Another rebuild holds the lock."""


def default_index_dir() -> Path:
    """var/index in the project: where the index lives when no directory is named."""
    return Path(__file__).resolve().parent.parent / "var" / "index"


class IndexStore:
    """The builds under one index directory."""

    def __init__(self, index_dir: str | os.PathLike | None = None):
        self.root = Path(index_dir) if index_dir else default_index_dir()

    @property
    def builds(self) -> Path:
        return self.root / BUILDS

    def current_name(self) -> str | None:
        """The name CURRENT gives, or None when there is none or it is not a plain build name."""
        return self._pointer()[0]

    def current_path(self) -> Path:
        """The build being served; raises IndexMissing when there is none or it is damaged."""
        name, problem = self._pointer()
        if name is None:
            raise IndexMissing(self.root, problem) if problem else IndexMissing(self.root)
        return self.verify(name)

    def _pointer(self) -> tuple[str | None, str | None]:
        """(the build CURRENT names, None), or (None, what is wrong with CURRENT), or (None, None) without one.

        CURRENT is read only if it is a small regular file, never through a symbolic link, and opened without
        blocking: a link to /dev/zero would be read until memory ran out, and a FIFO would block every reader.
        """
        path = self.root / CURRENT
        damaged = f"{CURRENT} does not name a build"
        try:
            status = os.lstat(path)
        except FileNotFoundError:
            return None, None
        except OSError as error:
            return None, f"{damaged}: {error.strerror or error}"
        if not stat.S_ISREG(status.st_mode):
            return None, f"{damaged}: it is {_file_kind(status.st_mode)}, not a file"
        if status.st_size > MAX_POINTER_BYTES:
            return None, f"{damaged}: it has {status.st_size:,} bytes"
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except OSError as error:
            return None, f"{damaged}: {error.strerror or error}"
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced since the lstat
                return None, damaged
            data = handle.read(MAX_POINTER_BYTES + 1)
        try:
            name = data.decode("utf-8").strip()
        except ValueError:
            return None, damaged
        if len(data) > MAX_POINTER_BYTES or not _BUILD_NAME.fullmatch(name):
            return None, damaged  # empty, or damaged: never a path that leads out of builds/
        return name, None

    def verify(self, name: str) -> Path:
        """The directory of build `name` if it is whole: a readable manifest, and every file the manifest lists
        there with the size it had when the build finished. Raises IndexMissing saying what is wrong."""
        path = self.builds / name
        if not (path / MANIFEST).is_file():
            raise IndexMissing(self.root, f"build {name!r} is incomplete or damaged")
        for file, size in self.manifest(path).get("files", {}).items():
            try:
                actual = (path / file).stat().st_size
            except OSError:
                raise IndexMissing(self.root, f"build {name!r} is damaged: {file} is missing") from None
            if actual != size:
                raise IndexMissing(self.root, f"build {name!r} is damaged: {file} has {actual} bytes, not {size}")
        return path

    def manifest(self, path: Path | None = None) -> dict:
        path = path or self.current_path()
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise IndexMissing(self.root, f"unreadable manifest: {error}") from error
        if not isinstance(manifest, dict) or not all(
                isinstance(manifest.get(key), int) for key in ("articles", "statements", "speakers")) or not (
                isinstance(manifest.get("files", {}), dict)):
            raise IndexMissing(self.root, "damaged manifest: it lacks the counts of articles, statements, speakers")
        return manifest


    def rebuild_running(self) -> bool:
        """Whether another process holds the rebuild lock right now (a hint: `new_build` decides)."""
        try:
            with (self.root / ".lock").open("a") as lock_file:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(lock_file, fcntl.LOCK_UN)
        except BlockingIOError:
            return True
        except OSError:
            return False
        return False

    @contextmanager
    def new_build(self, from_current: bool = False) -> Iterator[Path]:
        """A fresh build directory, made current only if the block completes.

        With `from_current`, it starts as a copy of the build being served (`copy_build`); raises IndexMissing
        if there is none. Raises RebuildInProgress if another process is rebuilding. Before CURRENT names the new
        build, its files and folder are on disk (`_sync_build`), and CURRENT and its folder after: a power cut at
        any point leaves CURRENT naming a whole build, old or new.
        """
        self.builds.mkdir(parents=True, exist_ok=True)
        lock_file = (self.root / ".lock").open("w")
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            lock_file.close()
            raise RebuildInProgress(
                f"Another rebuild of {self.root} is running; try again when it has finished."
            ) from error
        self._remove_stale_pointers()
        previous = self.current_name()
        name = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
        path = self.builds / name
        path.mkdir()
        try:
            if from_current:
                copy_build(self.current_path(), path)
            yield path
            if not (path / MANIFEST).is_file():
                raise RuntimeError("build finished without a manifest")
            self._sync_build(path)
            self._point_at(name)
            self._remove_old_builds(keep={name, previous or name})
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)
            lock_file.close()

    def _sync_build(self, path: Path) -> None:
        """Every file of a finished build, then its folder and builds/, written through to the disk."""
        for file in sorted(path.iterdir()):
            if file.is_file():
                _fsync_file(file)
        _fsync_folder(path)
        _fsync_folder(self.builds)

    def _point_at(self, name: str) -> None:
        temporary = self.root / f".{CURRENT}.{os.getpid()}"
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write(name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.root / CURRENT)
        _fsync_folder(self.root)  # the rename itself

    def _remove_stale_pointers(self) -> None:
        """Temporary CURRENT files left by a rebuild killed between writing and renaming one."""
        for stale in self.root.glob(f".{CURRENT}.*"):
            stale.unlink(missing_ok=True)

    def _remove_old_builds(self, keep: set[str]) -> None:
        """Drop every build but the new one and the one it replaced (a server may still be reading it),
        including builds left behind by a rebuild that was killed."""
        for old in self.builds.iterdir():
            if old.is_dir() and old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)


def copy_build(source: Path, target: Path) -> None:
    """The files of build `source` copied into `target` (lock files and the manifest left out), for an update to
    add to. Real copies, not hard links: a hard-linked file is one file in both builds, so damage to it in one
    (a write by mistake, a tool that rewrites in place) would reach the build being served."""
    for file in source.iterdir():
        if file.is_file() and file.name != MANIFEST and not file.name.endswith("LOCK"):
            shutil.copy2(file, target / file.name)


def _fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(path: Path) -> None:
    """Write a folder's entries (new files, renames) through to the disk, where the system allows it."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:  # some file systems refuse to sync a folder
        pass
    finally:
        os.close(descriptor)


def _file_kind(mode: int) -> str:
    """What a file that is not a regular file is, for a message."""
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device")):
        if test(mode):
            return kind
    return "a special file"


def build_files(path: Path) -> dict[str, int]:
    """The files of a finished build with their sizes, for its manifest (lock files left out)."""
    return {file.name: file.stat().st_size for file in sorted(path.iterdir())
            if file.is_file() and file.name != MANIFEST and not file.name.endswith("LOCK")}
