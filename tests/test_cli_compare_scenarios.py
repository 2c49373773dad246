"""`compare-scenarios A B` on the command line: scenario files saved by the dashboard, or preset:NAME.

Ranks are checked end to end against another CLI command (`rank` with the
same weights and settings), never against the engine call behind the
command.  Hostile arguments get exactly one `error:` line, no traceback, and
an existing --out file is left as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from cli_support import read_shipped_once

from xbmarkets import cli
from xbmarkets import scenario as sc
from xbmarkets.export import read_exported_csv
from xbmarkets.matrix import build_matrix
from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot

DATA = Path(DEFAULT_DATA_DIR)
PRECIOUS = b"# an earlier export\r\nrank,iso3\r\n1,DEU\r\n"


@pytest.fixture(autouse=True)
def _one_snapshot_load(monkeypatch: pytest.MonkeyPatch) -> None:
    read_shipped_once(monkeypatch)


@pytest.fixture(scope="module")
def choices():
    return sc.choices_for(build_matrix(load_snapshot(DATA)))


def run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


def csv_out(capsys, tmp_path: Path, *argv: str) -> tuple[pd.DataFrame, str]:
    out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}.csv"
    code, err = run(capsys, *argv, "--out", str(out))
    assert code == 0, err
    assert "Traceback" not in err and "error:" not in err
    return read_exported_csv(out.read_bytes()), err


def ranks(frame: pd.DataFrame, column: str) -> dict[str, int]:
    return frame.dropna(subset=[column]).set_index("iso3")[column].astype(int).to_dict()


def test_two_presets_rank_as_the_rank_command_ranks_them(capsys, tmp_path):
    frame, err = csv_out(capsys, tmp_path, "compare-scenarios", "preset:growth_hunter", "preset:safe_premium")
    a, _ = csv_out(capsys, tmp_path, "rank", "--preset", "growth_hunter")
    b, _ = csv_out(capsys, tmp_path, "rank", "--preset", "safe_premium")
    assert ranks(frame, "rank_a") == a.set_index("iso3")["rank"].astype(int).to_dict()
    assert ranks(frame, "rank_b") == b.set_index("iso3")["rank"].astype(int).to_dict()
    both = frame.dropna(subset=["rank_a", "rank_b"])
    assert (both["rank_change"] == both["rank_a"] - both["rank_b"]).all()
    top = frame[frame["in_top"].astype(str) == "True"]
    assert set(top["iso3"]) == {c for c, r in ranks(frame, "rank_a").items() if r <= 15} | {
        c for c, r in ranks(frame, "rank_b").items() if r <= 15
    }
    meta = frame.attrs["meta"]
    assert meta["scenario_a"] == "preset growth_hunter" and meta["command"] == "compare-scenarios"
    assert meta["changed_pillars"] != "none" and "first market:" in err


def test_a_saved_file_is_scored_with_its_weights_method_and_flips(capsys, tmp_path, choices):
    scen = sc.defaults(choices) | {"w_logistics": 100, "w_growth": 0, "method": "topsis", "cov": 0.6}
    scen[sc.dir_key("gdp_usd")] = -1
    path = tmp_path / "mine.json"
    path.write_bytes(sc.to_json(scen, choices))
    frame, _ = csv_out(capsys, tmp_path, "compare-scenarios", str(path), "preset:balanced")
    weights = ",".join(f"{p}={scen[sc.weight_key(p)]}" for p in choices.pillars if p != "custom")
    want, _ = csv_out(
        capsys,
        tmp_path,
        "rank",
        "--weights",
        weights,
        "--method",
        "topsis",
        "--min-coverage",
        "0.6",
        "--flip",
        "gdp_usd",
    )
    assert ranks(frame, "rank_a") == want.set_index("iso3")["rank"].astype(int).to_dict()
    meta = frame.attrs["meta"]
    assert meta["scenario_a"] == "mine.json"
    assert "method" in meta["settings_that_differ"] and "coverage_threshold" in meta["settings_that_differ"]


def test_a_file_with_bad_values_is_used_with_a_warning_per_value(capsys, tmp_path):
    path = tmp_path / "edited.json"
    path.write_text(json.dumps({"xbmarkets_scenario": 1, "w_size": "lots", "w_fit": 0, "zzz": 1}), encoding="utf-8")
    frame, err = csv_out(capsys, tmp_path, "compare-scenarios", str(path), "preset:balanced")
    assert "warning:" in err and "w_size" in err and "zzz" in err
    assert len(frame) > 0


def test_xlsx_out(capsys, tmp_path):
    out = tmp_path / "cmp.xlsx"
    code, err = run(capsys, "compare-scenarios", "preset:balanced", "preset:logistics_first", "--out", str(out))
    assert code == 0, err
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{nope", "not a scenario file"),
        (b"\xff\xfe\x00garbage", "not a scenario file"),
        (json.dumps({"xbmarkets_scenario": 2, "w_size": 3}).encode(), "xbmarkets_scenario = 1 is missing"),
        (json.dumps([1, 2, 3]).encode(), "xbmarkets_scenario = 1 is missing"),
        (b"[" * 100_000, "too large"),
        (
            json.dumps(
                {
                    "xbmarkets_scenario": 1,
                    **{
                        f"w_{p}": 0
                        for p in ("size", "growth", "competition", "logistics", "payments", "regulation", "fit")
                    },
                }
            ).encode(),
            "every pillar weight is zero",
        ),
    ],
    ids=["not-json", "binary", "wrong-version", "a-list", "huge", "all-zero"],
)
def test_hostile_scenario_files_get_one_line(capsys, tmp_path, content, words):
    path = tmp_path / "theirs.json"
    path.write_bytes(content)
    out = tmp_path / "out.csv"
    out.write_bytes(PRECIOUS)
    code, err = run(capsys, "compare-scenarios", str(path), "preset:balanced", "--out", str(out))
    assert code != 0 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], err
    assert str(path) in lines[0]
    assert out.read_bytes() == PRECIOUS


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["preset:nope", "preset:balanced"], "unknown preset 'nope'; choose one of: balanced"),
        (["preset:", "preset:balanced"], "unknown preset ''"),
        (["missing.json", "preset:balanced"], "missing.json: no such file"),
        ([".", "preset:balanced"], "is a folder"),
        (["preset:balanced"], "the following arguments are required"),
    ],
)
def test_hostile_arguments_get_one_line(capsys, tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    code, err = run(capsys, "compare-scenarios", *args)
    assert code != 0 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], err
