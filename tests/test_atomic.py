"""Atomic writes: nothing half-written, no temp files left behind, permissions kept."""

from __future__ import annotations

import os
import stat

import pytest

from xbmarkets import atomic
from xbmarkets.atomic import write_atomic, write_many_atomic


def test_write_atomic_keeps_the_existing_files_mode(tmp_path):
    target = tmp_path / "a.csv"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_failed_write_leaves_the_old_bytes_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "a.csv"
    target.write_bytes(b"old")

    def boom(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", boom)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_failed_move_midway_cleans_up_the_remaining_temp_files(tmp_path, monkeypatch):
    files = {tmp_path / f"{n}.csv": n.encode() for n in ("a", "b", "c")}
    real_replace = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "I/O error")
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", flaky)
    with pytest.raises(OSError):
        write_many_atomic(files)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert (tmp_path / "a.csv").read_bytes() == b"a"
