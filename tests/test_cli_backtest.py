"""`python -m xbmarkets backtest` and `build-data --as-of` on the shipped vintages, and every one-line error.

Figures are checked against an independent computation on the emitted CSV
(scipy's spearmanr on its columns, plain pandas on data/outcomes.csv).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from xbmarkets import cli
from xbmarkets.export import read_exported_csv
from xbmarkets.snapshot import DEFAULT_DATA_DIR, vintage_dir

DATA = Path(DEFAULT_DATA_DIR)


def run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


def backtest(capsys, tmp_path: Path, *argv: str) -> tuple[pd.DataFrame, str]:
    out = tmp_path / f"bt-{len(list(tmp_path.iterdir()))}.csv"
    code, err = run(capsys, "backtest", *argv, "--out", str(out))
    assert code == 0, err
    return read_exported_csv(out.read_bytes()), err


def _rho(meta: dict[str, str], key: str) -> float:
    return float(meta[f"rho.{key}"].split(" ")[0])


def test_growth_hunter_2021_against_findex_2021_2024(capsys, tmp_path):
    frame, err = backtest(capsys, tmp_path, "--as-of", "2021", "--preset", "growth_hunter")
    meta = frame.attrs["meta"]
    assert meta["backtest_as_of"] == "2021" and meta["outcome"].startswith("online_buying_2021_2024")
    both = frame.dropna(subset=["outcome"])
    for subject in ("score", "growth", "size", "competition", "logistics", "payments", "regulation"):
        expected = spearmanr(both[subject], both["outcome"]).statistic
        # the header prints rho at 3 decimals and the CSV scores at 4 (which can tie two markets)
        assert _rho(meta, f"online_buying_2021_2024.{subject}") == pytest.approx(expected, abs=2e-3), subject
        assert f"n {len(both)})" in meta[f"rho.online_buying_2021_2024.{subject}"]
    # the outcome column is data/outcomes.csv's value for that market
    outcomes = pd.read_csv(DATA / "outcomes.csv", keep_default_na=False)
    truth = outcomes[outcomes["outcome"] == "online_buying_2021_2024"].set_index("iso3")["value"]
    assert np.allclose(both.set_index("iso3")["outcome"], truth.reindex(both["iso3"]))
    assert 80 <= len(both) <= 100  # Findex 2024 asked low- and middle-income economies only
    assert "verdict (score):" in err and "verdict (growth):" in err and "caveat:" in err
    assert "rho.internet_use_2021_2022.score" in meta and "rho.gdp_growth_2022_2024.growth" in meta
    assert meta["snapshot_as_of"].startswith("2021")


def test_ranks_are_those_of_rank_on_the_vintage(capsys, tmp_path):
    frame, _ = backtest(capsys, tmp_path, "--as-of", "2017", "--preset", "balanced")
    out = tmp_path / "rank.csv"
    assert cli.main(["rank", "--data-dir", str(vintage_dir(2017)), "--preset", "balanced", "--out", str(out)]) == 0
    ranking = read_exported_csv(out.read_bytes())
    assert list(frame["iso3"]) == list(ranking["iso3"])
    assert np.allclose(frame["score"], ranking["score"])
    assert frame.attrs["meta"]["outcome"].startswith("online_buying_2017_2021")


def test_weights_origin_and_outcome_options(capsys, tmp_path):
    frame, _ = backtest(
        capsys, tmp_path, "--as-of", "2021", "--weights", "growth=1,fit=1", "--origin", "CHN", "--outcome", "gdp_growth"
    )
    assert "CHN" not in set(frame["iso3"]) and "fit" in frame.columns
    assert frame.attrs["meta"]["outcome"].startswith("gdp_growth_2022_2024")
    assert frame["outcome"].notna().sum() > 100


def test_same_seed_same_bytes(capsys, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    for path in (a, b):
        assert cli.main(["backtest", "--as-of", "2021", "--draws", "500", "--seed", "3", "--out", str(path)]) == 0
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--as-of", "2021", "--outcome", "sales"), "error: unknown outcome 'sales' for 2021; choose one of:"),
        (("--as-of", "2019"), "error: no outcome is measured after 2019; backtests exist for 2017, 2021"),
        (("--as-of", "1999"), "error: argument --as-of: must be a year from 2010 to 2025, got 1999"),
        (("--as-of", "twenty"), "error: argument --as-of: expected a year such as 2021, got 'twenty'"),
        (("--as-of", "2021", "--data-dir", str(DATA)), "is the current snapshot, not one as of 2021"),
        (("--as-of", "2021", "--data-dir", str(vintage_dir(2017))), "is a snapshot as of 2017, not one as of 2021"),
        (("--as-of", "2021", "--outcomes", "missing.csv"), "error: --outcomes: missing.csv not found"),
        (("--as-of", "2021", "--draws", "5"), "error: draws must be a whole number from 100 to 100000"),
        (("--as-of", "2021", "--preset", "nope"), "error: unknown preset 'nope'"),
        ((), "error: the following arguments are required: --as-of"),
    ],
)
def test_bad_input_is_one_line(capsys, argv, message):
    code, err = run(capsys, "backtest", *argv)
    assert code != 0
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_no_vintage_snapshot_for_the_year(capsys, monkeypatch, tmp_path):
    from xbmarkets import snapshot

    monkeypatch.setattr(snapshot, "vintage_dir", lambda year: tmp_path / f"vintage-{year}")
    code, err = run(capsys, "backtest", "--as-of", "2021")
    assert code == 2 and err.count("\n") == 1
    assert f"error: no vintage snapshot for 2021: {tmp_path / 'vintage-2021'} not found" in err
    assert "--as-of 2021" in err  # says how to build it


def test_build_data_as_of_is_checked_before_anything_is_read(capsys, tmp_path):
    code, err = run(capsys, "build-data", "--raw", str(tmp_path), "--out", str(tmp_path / "x"), "--as-of", "2009")
    assert code == 2 and "must be a year from 2010 to 2025, got 2009" in err and err.count("\n") == 1
    assert not (tmp_path / "x").exists()
