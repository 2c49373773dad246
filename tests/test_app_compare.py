"""Compare page (AppTest): 2–5 countries, pillar bars, values with year and source, explanations."""

from __future__ import annotations

import pytest
from app_support import assert_ok, chart_frames, open_page

from xbmarkets.catalog import PILLARS
from xbmarkets.matrix import build_matrix
from xbmarkets.snapshot import load_snapshot


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_runs_with_the_top_three_preselected(lang):
    at = open_page("compare", lang)
    assert len(at.multiselect(key="cmp_pick").value) == 3
    assert len(at.tabs) == 3


def test_grouped_bars_and_values_follow_the_picked_countries():
    at = open_page("compare")
    at.multiselect(key="cmp_pick").set_value(["BRA", "VNM"]).run()
    assert_ok(at)
    bars = chart_frames(at.get("vega_lite_chart")[0])[0]
    assert set(bars["country"]) == {"Brazil", "Viet Nam"} or set(bars["country"]) == {"Brazil", "Vietnam"}
    assert bars.groupby("country").size().min() == len(PILLARS)  # one bar per pillar
    values = at.dataframe[0].value
    dm = build_matrix(load_snapshot())
    assert len(values) == len(dm.criteria)
    lpi = values[values["Indicator"].str.contains("overall")].iloc[0]
    bra = dm.values.at["BRA", "lpi_overall"]
    assert lpi.iloc[2].startswith(f"{bra:.3g}") and f"({int(dm.years.at['BRA', 'lpi_overall'])})" in lpi.iloc[2]
    assert "World Bank" in lpi["Source"]


def test_one_country_is_not_a_comparison():
    at = open_page("compare")
    at.multiselect(key="cmp_pick").set_value(["BRA"]).run()
    assert_ok(at)
    assert any("at least two" in i.value for i in at.info)


def test_why_it_ranks_here_shows_pillar_contributions():
    at = open_page("compare")
    frames = [f for c in at.get("vega_lite_chart") for f in chart_frames(c)]
    contrib = [f for f in frames if "contribution" in f.columns]
    assert contrib and all(len(f) > 0 for f in contrib)


def test_values_are_written_as_a_founder_reads_them():
    from xbmarkets.ui.views import human_number

    assert human_number(83_491_249.0) == "83.5 M"
    assert human_number(4.003e12) == "4 tn"
    assert human_number(62_009.4) == "62,009"
    assert human_number(1.388) == "1.39"
    assert human_number(float("nan")) == "—"
