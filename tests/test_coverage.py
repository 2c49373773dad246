"""Coverage tables on a hand-made snapshot."""

from __future__ import annotations

import pandas as pd

from xbmarkets.coverage import economy_coverage, indicator_summary
from xbmarkets.snapshot import Snapshot


def _snap() -> Snapshot:
    catalog = pd.DataFrame(
        {
            "name": ["A", "B", "C"],
            "pillar": ["growth", "growth", "payments"],
            "direction": ["higher_is_better"] * 3,
            "transform": ["none"] * 3,
            "window_start": [2021] * 3,
        },
        index=pd.Index(["a", "b", "c"], name="id"),
    )
    economies = pd.DataFrame({"name": ["Xland", "Yland", "Zland"]}, index=pd.Index(["XXX", "YYY", "ZZZ"], name="iso3"))
    values = pd.DataFrame(
        {
            "iso3": ["XXX", "XXX", "XXX", "YYY"],
            "indicator": ["a", "b", "c", "a"],
            "value": [1.0, 2.0, 3.0, 4.0],
            "year": [2022, 2023, 2021, 2024],
            "source": ["s"] * 4,
        }
    )
    return Snapshot(catalog=catalog, sources=pd.DataFrame(), economies=economies, values=values)


def test_indicator_summary_counts_and_latest_year():
    out = indicator_summary(_snap())
    assert out.loc["a", "n_economies"] == 2 and out.loc["a", "latest_year"] == 2024
    assert out.loc["c", "n_economies"] == 1
    assert list(out.index) == ["a", "b", "c"]


def test_economy_coverage_keeps_empty_economies_and_counts_pillars():
    out = economy_coverage(_snap())
    assert out.loc["XXX", "n_indicators"] == 3 and out.loc["XXX", "share"] == 1.0
    assert out.loc["YYY", "n_growth"] == 1 and out.loc["YYY", "n_payments"] == 0
    assert out.loc["ZZZ", "n_indicators"] == 0 and out.loc["ZZZ", "name"] == "Zland"
    assert abs(out.loc["YYY", "share"] - 1 / 3) < 1e-12
