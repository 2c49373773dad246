"""Every hostile founder CSV through the CLI front door: `rank --data FILE --out OUT`.

The same corpus (`hostile_cases.CASES`) goes through `load_custom` directly in
test_hostile_loader.py; here we check that the CLI turns each refusal into
exactly one `error:` line quoting the loader, never a traceback, never a
touched output file, and that nothing in the shipped `data/` changes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hostile_cases import CASES

from xbmarkets import cli
from xbmarkets.custom import CustomDataError, load_custom
from xbmarkets.export import read_exported_csv
from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot

DATA = Path(DEFAULT_DATA_DIR)
PRECIOUS = b"# an earlier export\r\nrank,iso3\r\n1,DEU\r\n"


def _tree(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def shipped() -> dict:
    """The snapshot loaded once, and data/'s hashes before and after the whole corpus."""
    before = _tree(DATA)
    state = {"snapshot": load_snapshot(DATA)}
    yield state
    assert _tree(DATA) == before, "the hostile corpus changed files in data/"


@pytest.fixture(autouse=True)
def _reuse_snapshot(monkeypatch: pytest.MonkeyPatch, shipped: dict) -> None:
    monkeypatch.setattr(cli, "_read_snapshot", lambda data_dir, **_: shipped["snapshot"])


@pytest.mark.parametrize(("case_id", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file_through_rank(capsys, tmp_path, shipped, case_id: str, content: bytes, expected) -> None:
    path = tmp_path / f"{case_id}.csv"
    path.write_bytes(content)
    out = tmp_path / "out.csv"
    out.write_bytes(PRECIOUS)
    known = frozenset(shipped["snapshot"].economies.index)

    code = cli.main(["rank", "--data", str(path), "--out", str(out)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "Traceback" not in captured.out

    if isinstance(expected, str):
        with pytest.raises(CustomDataError) as info:
            load_custom(path, known_iso3=known)
        lines = captured.err.splitlines()
        assert code != 0
        assert len(lines) == 1 and lines[0].startswith("error: "), captured.err
        assert str(info.value) in lines[0]
        assert expected.casefold() in lines[0].casefold()
        assert captured.out == ""
        assert out.read_bytes() == PRECIOUS
    else:
        assert code == 0, captured.err
        frame = read_exported_csv(out.read_bytes())
        assert sorted(frame["iso3"]) == sorted(expected["values"].keys() & _scored(expected["values"]))
        assert "custom" in frame.columns
        assert frame["rank"].tolist() == list(range(1, len(frame) + 1))
        assert not any(line.startswith("error:") for line in captured.err.splitlines())


def _scored(values: dict) -> set[str]:
    """Countries with at least one custom value: only they can be ranked on a weighted custom pillar."""
    return {iso3 for iso3, row in values.items() if any(v is not None for v in row.values())}
