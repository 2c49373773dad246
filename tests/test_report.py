"""The shared frame and header builders behind every CLI output and dashboard download."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic import five_pillar_dm, tier_groups_dm

from xbmarkets.report import (
    UNCLASSIFIED,
    acceptability_table,
    default_custom_weight,
    ranking_table,
    scenario_meta,
    sources_in_use,
    tiers_table,
    wave_sizes,
)
from xbmarkets.robustness import scenario_acceptability
from xbmarkets.scoring import score
from xbmarkets.tiers import assign_tiers


@pytest.fixture(scope="module")
def scenario():
    dm = five_pillar_dm(n=12)
    result = score(dm, {p: 1.0 for p in dm.pillars.unique()})
    return dm, result


def test_ranking_table_keeps_full_precision_and_names_missing_tiers(scenario):
    dm, result = scenario
    tiers = pd.Series({result.table.index[0]: "mature"})
    frame = ranking_table(result, dm, tiers)
    assert list(frame.columns[:6]) == ["rank", "iso3", "country", "score", "tier", "coverage"]
    np.testing.assert_array_equal(frame["score"].to_numpy(), result.table["score"].to_numpy())
    assert frame["tier"].iloc[0] == "mature"
    assert (frame["tier"].iloc[1:] == UNCLASSIFIED).all()
    assert frame["rank"].tolist() == sorted(frame["rank"].tolist())


def test_detail_adds_each_weighted_indicator_with_its_year(scenario):
    dm, result = scenario
    frame = ranking_table(result, dm, None, detail=True)
    for ind in result.normalized.columns:
        assert ind in frame.columns and f"{ind}_year" in frame.columns
        first = result.table.index[0]
        value = dm.values.loc[first, ind]
        shown = frame.loc[frame["iso3"] == first, ind].iloc[0]
        assert (pd.isna(value) and pd.isna(shown)) or value == shown


def test_tiers_and_acceptability_tables_have_one_country_column(scenario):
    dm, result = scenario
    tdm = tier_groups_dm()
    tiers = tiers_table(assign_tiers(tdm), tdm)
    assert tiers.columns.tolist().count("country") == 1 and "name" not in tiers.columns
    acc = scenario_acceptability(result, draws=200, top_k=3, seed=0)
    table = acceptability_table(acc, result, dm)
    assert table["rank"].tolist() == sorted(table["rank"].tolist())
    assert set(table["iso3"]) == set(result.table.index)


def test_scenario_meta_lists_only_the_sources_in_use_and_the_settings(scenario):
    dm, result = scenario
    sources = pd.DataFrame(
        {"publisher": ["P1", "P2"], "dataset": ["D1", "D2"], "edition": ["E1", "E2"]},
        index=pd.Index(["used", "unused"], name="source"),
    )
    meta = scenario_meta(result, sources, ["used"], {"command": "rank"})
    assert meta["data_editions"] == "P1 D1 (E1)"
    assert meta["command"] == "rank" and meta["method"] == "wsm"
    assert set(sources_in_use(result, dm)) <= set(dm.criteria["source"])


def test_wave_sizes_and_custom_weight_rules():
    assert wave_sizes(3, 2) == (1, 2, 2)
    with pytest.raises(ValueError, match="waves"):
        wave_sizes(0, 2)
    with pytest.raises(ValueError, match="2-3 advised"):
        wave_sizes(3, 9)
    assert default_custom_weight({"growth": 2.0, "logistics": 4.0, "payments": 0.0}) == 3.0
    assert default_custom_weight({}) == 1.0
