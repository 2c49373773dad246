"""derive: from a long history to one value per economy (recency window, as-of cap, spans, waves)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from xbmarkets.derive import capped, change_over, latest, mean_of_last, prefer_sources, wave_change


def _long(rows: list[tuple[str, int, float]], source: str = "src") -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["iso3", "year", "value"])
    frame["source"] = source
    return frame.astype({"year": "int64", "value": "float64"})


HISTORY = _long(
    [
        ("AAA", 2019, 1.0),
        ("AAA", 2020, -4.0),
        ("AAA", 2021, 6.0),
        ("AAA", 2022, 3.0),
        ("AAA", 2023, 2.0),
        ("AAA", 2024, 2.0),
        ("AAA", 2025, np.nan),  # a blank newest cell: the newest *value* is 2024
        ("BBB", 2021, 5.0),
        ("BBB", 2023, 5.0),  # 2022 missing: a gap inside the span
        ("BBB", 2024, 5.0),
        ("CCC", 2015, 9.0),  # only outside the window
    ]
)


def test_latest_takes_the_newest_value_in_the_window():
    out = latest(HISTORY, start=2021).set_index("iso3")
    assert out.loc["AAA", "year"] == 2024 and out.loc["AAA", "value"] == 2.0
    assert out.loc["BBB", "year"] == 2024
    assert "CCC" not in out.index


def test_cap_hides_everything_after_the_as_of_year():
    out = latest(HISTORY, start=2017, cap=2021).set_index("iso3")
    assert out.loc["AAA", "year"] == 2021 and out.loc["AAA", "value"] == 6.0
    assert (capped(HISTORY, 2021)["year"] <= 2021).all()
    assert capped(HISTORY, None)["value"].notna().all()


def test_mean_of_last_needs_every_year_of_the_span():
    out = mean_of_last(HISTORY, years=6, start=2021).set_index("iso3")
    assert math.isclose(out.loc["AAA", "value"], (1 - 4 + 6 + 3 + 2 + 2) / 6)
    assert out.loc["AAA", "year"] == 2024
    assert "BBB" not in out.index  # 2022 is missing: no average of fewer years
    short = mean_of_last(HISTORY, years=2, start=2021).set_index("iso3")
    assert short.loc["BBB", "value"] == 5.0 and short.loc["AAA", "value"] == 2.0


def test_mean_of_last_respects_the_cap():
    out = mean_of_last(HISTORY, years=3, start=2017, cap=2021).set_index("iso3")
    assert math.isclose(out.loc["AAA", "value"], (1 - 4 + 6) / 3) and out.loc["AAA", "year"] == 2021


def test_change_over_is_newest_minus_exactly_n_years_earlier():
    out = change_over(HISTORY, years=5, start=2021).set_index("iso3")
    assert out.loc["AAA", "value"] == 2.0 - 1.0 and out.loc["AAA", "year"] == 2024
    assert "BBB" not in out.index  # no 2019 value
    assert change_over(HISTORY, years=3, start=2021).set_index("iso3").loc["BBB", "value"] == 0.0


def test_wave_change_is_per_year_between_the_two_newest_waves():
    waves = _long([("AAA", 2017, 40.0), ("AAA", 2021, 52.0), ("AAA", 2024, 61.0), ("BBB", 2024, 30.0)])
    out = wave_change(waves, start=2023).set_index("iso3")
    assert math.isclose(out.loc["AAA", "value"], (61.0 - 52.0) / 3) and out.loc["AAA", "year"] == 2024
    assert "BBB" not in out.index  # one wave only
    past = wave_change(waves, start=2019, cap=2021).set_index("iso3")
    assert math.isclose(past.loc["AAA", "value"], (52.0 - 40.0) / 4)
    assert wave_change(waves, start=2025).empty  # newest wave outside the window


def test_prefer_sources_keeps_one_row_per_year_by_priority():
    both = pd.concat([_long([("AAA", 2021, 1.0)], "old"), _long([("AAA", 2021, 2.0), ("AAA", 2024, 3.0)], "new")])
    out = prefer_sources(both, ("old", "new"))
    assert list(out["value"]) == [1.0, 3.0]
    assert list(prefer_sources(both, ("new", "old"))["value"]) == [2.0, 3.0]


@pytest.mark.parametrize("shuffle_seed", [0, 1, 2])
def test_row_order_does_not_change_any_result(shuffle_seed):
    shuffled = HISTORY.sample(frac=1.0, random_state=shuffle_seed)
    for fn in (
        lambda h: latest(h, 2021),
        lambda h: mean_of_last(h, 2, 2021),
        lambda h: change_over(h, 3, 2021),
        lambda h: wave_change(h, 2021),
    ):
        pd.testing.assert_frame_equal(
            fn(HISTORY).sort_values("iso3").reset_index(drop=True),
            fn(shuffled).sort_values("iso3").reset_index(drop=True),
        )
