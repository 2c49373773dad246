"""Atomic file writes: write aside, fsync, then replace.

A failed build, refresh or export must leave whatever the user already had
byte-for-byte untouched, so nothing is ever written in place.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

__all__ = ["write_atomic", "write_many_atomic"]

_P = TypeVar("_P", bound="str | os.PathLike[str]")  # Mapping is invariant in its key: dict[Path, bytes] must fit


def _final_mode(target: Path) -> int:
    """Keep an existing file's permissions; new files get the usual 0666 & ~umask.

    mkstemp creates 0600 files, which would silently make shared data private.
    """
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace `path` with `data`, or leave it untouched if anything fails."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _final_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_many_atomic(files: Mapping[_P, bytes]) -> None:
    """Write several files so that either all are replaced or none is.

    Every file is first written aside; only when all are on disk are they moved
    into place (each move is atomic; the window between moves is tiny and no
    content is ever half-written).
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, _final_mode(target))
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    moved = 0
    try:
        for tmp, target in staged:
            os.replace(tmp, target)
            moved += 1
    finally:
        for tmp, _ in staged[moved:]:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
