"""Presets and product profiles do what their descriptions promise, on the shipped data.

Each test states the expectation an analyst would check in words, on economies
nobody would dispute, and checks it against the published figures in the
snapshot (the IMF outlook, LPI 2023, WGI, World Bank income groups) rather
than against the model's own output.  When one fails, tune the model, not the test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from xbmarkets.matrix import build_matrix
from xbmarkets.scoring import score
from xbmarkets.snapshot import load_snapshot
from xbmarkets.weights import PILLARS, PRESETS, PROFILES, apply_profile

ORIGINS = (None, "CHN", "DEU", "USA")


@pytest.fixture(scope="module")
def snap():
    return load_snapshot()


@pytest.fixture(scope="module")
def matrices(snap):
    return {origin: build_matrix(snap, origin=origin) for origin in ORIGINS}


def _top(dm, weights, n=10):
    return score(dm, weights).table.head(n)


def _raw(dm, indicator, codes):
    return dm.values.loc[list(codes), indicator]


@pytest.mark.parametrize("origin", ORIGINS)
def test_growth_hunters_top_10_are_markets_with_a_strong_growth_outlook(matrices, origin):
    """Every one of its first ten markets has an IMF 2025-2030 real growth outlook of 3 % a year or more."""
    dm = matrices[origin]
    top = _top(dm, PRESETS["growth_hunter"].pillar_weights)
    outlook = _raw(dm, "weo_growth_2030", top.index)
    assert (outlook >= 3.0).all(), outlook[outlook < 3.0].to_dict()


def test_growth_hunter_prefers_fast_growers_to_rich_slow_markets(matrices):
    """India, Indonesia and Vietnam rank ahead of Switzerland, the United Kingdom, the United States and Japan."""
    table = score(matrices[None], PRESETS["growth_hunter"].pillar_weights).table
    fast = table.loc[["IND", "IDN", "VNM"], "rank"]
    slow = table.loc[["CHE", "GBR", "USA", "JPN"], "rank"]
    assert fast.max() < slow.min()


@pytest.mark.parametrize("origin", ORIGINS)
def test_safe_premium_favours_large_rich_well_regulated_markets(snap, matrices, origin):
    """Its first ten are high-income economies in the best-regulated quarter, with above-median market size."""
    dm = matrices[origin]
    result = score(dm, PRESETS["safe_premium"].pillar_weights)
    top = result.table.head(10)
    income = snap.economies.loc[top.index, "income_group"]
    assert (income == "High income").all(), income[income != "High income"].to_dict()
    quality = dm.values["wgi_regulatory_quality"]
    assert (quality.loc[top.index] >= quality.quantile(0.75)).all()
    assert (top["size"] >= result.table["size"].median()).all()


@pytest.mark.parametrize("origin", ORIGINS)
def test_logistics_first_puts_top_lpi_markets_first(matrices, origin):
    """Its first ten are all in the top fifth of LPI 2023, and on average in the top tenth."""
    dm = matrices[origin]
    lpi = dm.values["lpi_overall"].dropna()
    top = _top(dm, PRESETS["logistics_first"].pillar_weights)
    own = _raw(dm, "lpi_overall", top.index)
    assert (own >= lpi.quantile(0.80)).all(), own.to_dict()
    assert own.mean() >= lpi.quantile(0.90)


@pytest.mark.parametrize("origin", ORIGINS)
def test_compliance_light_favours_predictable_administrations(matrices, origin):
    """Its first ten have regulatory quality and rule of law in the best quarter of the world."""
    dm = matrices[origin]
    top = _top(dm, PRESETS["compliance_light"].pillar_weights)
    for indicator in ("wgi_regulatory_quality", "wgi_rule_of_law"):
        field = dm.values[indicator]
        assert (field.loc[top.index] >= field.quantile(0.75)).all(), indicator


def test_balanced_weighs_every_pillar_the_same_new_ones_included():
    weights = PRESETS["balanced"].pillar_weights
    assert set(weights) == set(PILLARS) and len(set(weights.values())) == 1
    assert {"size", "fit"} <= set(weights)


def test_balanced_counts_market_size(matrices):
    """With size a pillar of its own, the largest economies outrank Switzerland in the balanced view."""
    table = score(matrices[None], PRESETS["balanced"].pillar_weights).table
    assert table.at["USA", "rank"] < table.at["CHE", "rank"]
    assert table.at["IND", "rank"] < table.at["CHE", "rank"]
    assert table.at["CHE", "rank"] > 3


def test_saturated_e_commerce_markets_read_as_more_competitive_than_the_median(matrices):
    """Where 70 % or more of adults already buy online, the competition score is below the field median;
    the United Kingdom and the United States are among them, not 'uncompetitive'."""
    dm = matrices[None]
    table = score(dm, PRESETS["balanced"].pillar_weights).table
    share = dm.values.loc[table.index, "online_buyers"]
    saturated = share.index[share >= 70]
    assert len(saturated) >= 10
    assert (table.loc[saturated, "competition"] < table["competition"].median()).all()
    assert {"USA", "GBR"} <= set(table.index[table["competition"] < table["competition"].median()])


def test_trade_hubs_are_not_read_as_retail_competition(matrices):
    """Vietnam's trade-to-GDP ratio no longer counts: it is not among the most competitive tenth."""
    table = score(matrices[None], PRESETS["balanced"].pillar_weights).table
    assert table.at["VNM", "competition"] > table["competition"].quantile(0.10)


def _mean_top10(dm, weights, pillar):
    return _top(dm, weights)[pillar].mean()


@pytest.mark.parametrize(
    ("profile", "pillar"),
    [
        ("home_furniture", "logistics"),
        ("home_furniture", "fit"),
        ("electronics", "regulation"),
        ("toys", "regulation"),
        ("beauty", "regulation"),
        ("fashion", "competition"),
        ("digital_goods", "payments"),
        ("low_ticket_impulse", "payments"),
    ],
)
def test_each_profile_lifts_what_its_description_names(matrices, profile, pillar):
    """A profile that says 'X matters more' gives a top 10 at least as strong in X as the balanced one."""
    assert PROFILES[profile].pillar_weights[pillar] > 1  # the description and the factor agree
    assert pillar in PROFILES[profile].reason.lower()
    for origin in (None, "CHN"):
        dm = matrices[origin]
        base = PRESETS["balanced"].pillar_weights
        shifted = apply_profile(base, profile)
        assert _mean_top10(dm, shifted, pillar) >= _mean_top10(dm, base, pillar), (profile, origin)


def test_digital_goods_care_least_about_logistics(matrices):
    """Nothing to ship: the top 10's logistics strength may drop compared with balanced, and payments rise."""
    dm = matrices[None]
    base = PRESETS["balanced"].pillar_weights
    shifted = apply_profile(base, "digital_goods")
    assert _mean_top10(dm, shifted, "logistics") <= _mean_top10(dm, base, "logistics") + 1e-9


def test_every_preset_and_profile_names_only_real_pillars():
    for table in (PRESETS, PROFILES):
        for name, item in table.items():
            assert set(item.pillar_weights) <= set(PILLARS), name
            assert item.reason.strip(), name
    assert pd.Series(PRESETS["growth_hunter"].pillar_weights).idxmax() == "growth"
    assert pd.Series(PRESETS["logistics_first"].pillar_weights).idxmax() == "logistics"
    assert pd.Series(PRESETS["compliance_light"].pillar_weights).idxmax() == "regulation"
