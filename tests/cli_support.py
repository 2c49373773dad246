"""Shared by the CLI tests: read the shipped data/ once per test process, not once per command."""

from __future__ import annotations

from pathlib import Path

import pytest

from xbmarkets import cli
from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot

DATA = Path(DEFAULT_DATA_DIR)
_SHIPPED: list[object] = []


def read_shipped_once(monkeypatch: pytest.MonkeyPatch, only_shipped: bool = False) -> None:
    """Replace `cli._read_snapshot`: the shipped folder comes from memory (a full snapshot also serves a
    caller that skips the origin pairs); any other folder is read for real, or refused with `only_shipped`."""
    real = cli._read_snapshot

    def cached(data_dir: Path, **kwargs: bool):
        if Path(data_dir).resolve() != DATA.resolve():
            assert not only_shipped, f"unexpected data folder {data_dir}"
            return real(data_dir, **kwargs)
        if not _SHIPPED:
            _SHIPPED.append(load_snapshot(DATA))
        return _SHIPPED[0]

    monkeypatch.setattr(cli, "_read_snapshot", cached)
