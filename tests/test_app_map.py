"""Map page (AppTest): an offline choropleth of the score, a pillar or an indicator."""

from __future__ import annotations

import json

import pytest
from app_support import assert_ok, open_page

from xbmarkets.matrix import build_matrix
from xbmarkets.snapshot import load_snapshot


def spec_of(at) -> dict:
    return json.loads(at.get("vega_lite_chart")[0].proto.spec)


def joined_values(at) -> list[dict]:
    """The values the coloured layer looks up by ISO numeric id."""
    lookup = next(t for t in spec_of(at)["layer"][1]["transform"] if "lookup" in t)
    assert lookup["lookup"] == "id" and lookup["from"]["key"] == "id"
    return lookup["from"]["data"]["values"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_map_renders_inline_topojson_without_any_url(lang):
    at = open_page("map", lang)
    spec = at.get("vega_lite_chart")[0].proto.spec
    assert '"url"' not in spec
    full = json.loads(spec)
    data = full["data"]
    assert data["format"] == {"type": "topojson", "feature": "countries"}
    assert full["datasets"][data["name"]]["type"] == "Topology"  # the geometry travels inside the spec
    values = joined_values(at)
    assert len(values) > 120 and all(
        len(v["id"]) == 3 for v in values
    )  # every ranked economy with a map shape (136 ranked by default)


def test_an_indicator_maps_its_own_values_and_years():
    at = open_page("map")
    at.selectbox(key="map_what").set_value("ind:lpi_overall").run()
    assert_ok(at)
    dm = build_matrix(load_snapshot())
    values = {v["country"]: (v["value"], v["year"]) for v in joined_values(at)}
    deu = dm.economies.at["DEU", "name"]
    assert values[deu] == (pytest.approx(dm.values.at["DEU", "lpi_overall"]), int(dm.years.at["DEU", "lpi_overall"]))
    with_shape = dm.values["lpi_overall"].notna() & dm.economies["iso_numeric"].astype(str).str.len().gt(0)
    assert len(values) == int(with_shape.sum())


def test_a_pillar_can_be_mapped():
    at = open_page("map")
    at.selectbox(key="map_what").set_value("pillar:payments").run()
    assert_ok(at)
    assert all(0 <= v["value"] <= 1 for v in joined_values(at))


def test_the_score_map_never_gives_the_projection_horizon_as_a_data_year(monkeypatch):
    """A score's 'year' is the range of data years behind it, projections (WEO growth to 2030) left out."""
    from app_support import capture_downloads

    from xbmarkets.export import read_exported_csv

    downloads = capture_downloads(monkeypatch)
    at = open_page("map")
    assert at.session_state["map_what"] == "score"
    snap = load_snapshot()
    newest_data_year = int(snap.sources["year"].max())
    years = [v["year"] for v in joined_values(at) if v["year"]]
    assert years and all(isinstance(y, str) for y in years)
    for y in years:
        assert all(int(part) <= newest_data_year for part in y.split("–"))
    assert not any("2030" in y for y in years)
    back = read_exported_csv(downloads["xbmarkets-map.csv"])
    assert "Data years (no projections)" in back.columns
    assert not back["Data years (no projections)"].astype(str).str.contains("2030").any()


def test_score_years_drop_values_dated_after_their_source():
    from xbmarkets.ui.views import score_years

    dm = build_matrix(load_snapshot())
    years = score_years(dm, ["weo_growth_2030", "lpi_overall"], {"weo_apr2025": 2025, "lpi2023": 2023})
    assert years["DEU"] == str(int(dm.years.at["DEU", "lpi_overall"]))  # the 2030 projection is not a data year
    only_projection = score_years(dm, ["weo_growth_2030"], {"weo_apr2025": 2025})
    assert (only_projection == "").all()
