"""Chart builders: offline map join, tier colours, wave order — checked on the Vega-Lite spec."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from xbmarkets import charts

ROOT = Path(__file__).resolve().parents[1]
WORLD = ROOT / "data" / "world-110m.json"


@pytest.fixture(scope="module")
def topo():
    return charts.load_topology(WORLD)


def _walk(obj):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield k, v
            yield from _walk(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _walk(v)


def test_vendored_world_atlas_has_iso_numeric_ids_and_licence(topo):
    geoms = topo["objects"]["countries"]["geometries"]
    ids = [g.get("id") for g in geoms]
    assert len(geoms) > 170
    assert all(len(i) == 3 and i.isdigit() for i in ids if i is not None)
    assert sum(i is None for i in ids) <= 3  # N. Cyprus, Somaliland, Kosovo carry no ISO code
    assert (
        "ISC" in (ROOT / "data" / "world-atlas.LICENSE").read_text()
        or "Permission to use" in (ROOT / "data" / "world-atlas.LICENSE").read_text()
    )


def test_economies_join_the_map_on_zero_padded_iso_numeric(topo):
    eco = pd.read_csv(ROOT / "data" / "economies.csv", dtype=str, keep_default_na=False)
    ids = set(charts.iso_numeric_id(eco["iso_numeric"]).dropna())
    shapes = {g.get("id") for g in topo["objects"]["countries"]["geometries"]}
    matched = ids & shapes
    # every sizeable economy has a 1:110m shape; small islands legitimately have none
    assert len(matched) >= 160
    big = {"156", "356", "840", "076", "276", "566"}  # China, India, USA, Brazil, Germany, Nigeria
    assert big <= matched


def test_iso_numeric_id_pads_and_keeps_missing_missing():
    out = charts.iso_numeric_id(pd.Series([4, "004", 840.0, None, "x"]))
    assert out.tolist()[:3] == ["004", "004", "840"]
    assert pd.isna(out.iloc[3]) and pd.isna(out.iloc[4])


def test_choropleth_inlines_geometry_and_values_and_names_no_url(topo):
    data = pd.DataFrame(
        {
            "id": ["276", "840", "250"],
            "country": ["Germany", "United States", "France"],
            "value": [0.7, 0.6, float("nan")],
            "year": [2024, 2023, 2024],
        }
    )
    spec = charts.choropleth(topo, data, value_title="Score").to_dict()
    text = json.dumps(spec)
    assert '"url"' not in text  # offline: no remote data source anywhere
    fmt = [v for k, v in _walk(spec) if k == "format"]
    assert {"type": "topojson", "feature": "countries"} in fmt
    lookups = [v for k, v in _walk(spec) if k == "lookup"]
    assert "id" in lookups
    joined = [v for k, v in _walk(spec) if k == "values" and isinstance(v, list) and v and "country" in v[0]]
    assert joined and {r["id"] for r in joined[0]} == {"276", "840"}  # NaN rows are not painted
    tooltips = {t.get("field") for k, v in _walk(spec) if k == "tooltip" and isinstance(v, list) for t in v}
    assert {"country", "value", "year"} <= tooltips


def test_choropleth_rejects_frames_without_the_join_columns(topo):
    with pytest.raises(ValueError, match="id"):
        charts.choropleth(topo, pd.DataFrame({"country": ["X"], "value": [1.0], "year": [2020]}), value_title="v")


def test_load_topology_refuses_other_json(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"type": "FeatureCollection"}')
    with pytest.raises(ValueError, match="TopoJSON"):
        charts.load_topology(bad)


def test_tier_scatter_colours_follow_tiers_not_label_order():
    data = pd.DataFrame(
        {
            "country": ["A", "B", "C"],
            "maturity": [1.0, 0.0, -1.0],
            "momentum": [0.0, 1.0, 0.0],
            "tier": ["mature", "growth", "emerging"],
            "reason": ["r", "r", "r"],
        }
    )
    labels = {"mature": "成熟市场", "growth": "增长市场", "emerging": "新兴市场"}
    spec = charts.tier_scatter(data, tier_order=("mature", "growth", "emerging"), tier_labels=labels).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == ["成熟市场", "增长市场", "新兴市场"]
    assert scale["range"][0] == charts.TIER_COLORS["mature"]
    assert scale["range"][2] == charts.TIER_COLORS["emerging"]


def test_wave_timeline_orders_waves_and_stacks_markets():
    plan = pd.DataFrame(
        {
            "wave": [2, 1, 2, 3, 10],
            "country": ["B", "A", "C", "D", "E"],
            "tier": ["growth", "mature", "growth", "emerging", "growth"],
            "rank": [2, 1, 3, 4, 5],
            "rationale": ["x"] * 5,
        }
    )
    spec = charts.wave_timeline(plan, wave_label="Wave {n}").to_dict()
    x = spec["layer"][0]["encoding"]["x"]
    assert x["sort"] == ["Wave 1", "Wave 2", "Wave 3", "Wave 10"]  # numeric, not alphabetical
    rows = next(v for k, v in _walk(spec) if k == "values" or (k.startswith("data-") and isinstance(v, list)))
    slots = {(r["country"], r["slot"]) for r in rows}
    assert ("B", 0) in slots and ("C", 1) in slots and ("A", 0) in slots


def test_acceptability_chart_shares_on_a_fixed_0_1_axis():
    df = pd.DataFrame(
        {
            "country": ["A", "B"],
            "rank": [1, 2],
            "p_top_k": [0.9, 0.4],
            "median_rank": [1, 3],
            "rank_p05": [1, 1],
            "rank_p95": [2, 7],
        }
    )
    spec = charts.acceptability_chart(df, k=5).to_dict()
    bars = spec["hconcat"][0]
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 1]
    assert bars["encoding"]["y"]["sort"] == ["A", "B"]
    rule = spec["hconcat"][1]["layer"][0]["encoding"]
    assert rule["x"]["field"] == "rank_p05" and rule["x2"]["field"] == "rank_p95"


def test_coverage_heatmap_and_grouped_bars_build_from_long_frames():
    long = pd.DataFrame(
        {
            "country": ["A", "A", "B"],
            "pillar": ["Growth", "Logistics", "Growth"],
            "coverage": [1.0, 0.5, 0.0],
            "score": [0.3, 0.6, 0.9],
        }
    )
    heat = charts.coverage_heatmap(long, pillar_order=["Growth", "Logistics"]).to_dict()
    assert heat["encoding"]["color"]["scale"]["domain"] == [0, 1]
    bars = charts.grouped_pillars(long, pillar_order=["Growth", "Logistics"]).to_dict()
    assert bars["encoding"]["xOffset"]["field"] == "country"
    assert bars["encoding"]["x"]["sort"] == ["Growth", "Logistics"]
