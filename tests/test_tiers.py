"""Tiers: named clusters on maturity / momentum, unclassified economies, region rule of thumb."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic import make_dm, tier_groups_dm

from xbmarkets.tiers import assign_tiers, region_disagreements, region_rule


def test_three_separated_groups_are_named_by_rule():
    r = assign_tiers(tier_groups_dm())
    t = r.table
    classified = t[t["tier"] != "unclassified"]
    expected = classified.index.str[0].map({"R": "mature", "F": "growth", "S": "emerging"})
    assert (classified["tier"] == expected).all()
    assert list(r.centroids["tier"]) == ["mature", "growth", "emerging"]
    assert list(r.centroids.index) == [0, 1, 2]
    assert r.centroids.loc[0, "maturity"] > r.centroids.loc[1, "maturity"] > r.centroids.loc[2, "maturity"]
    assert classified["confidence"].between(0, 1).all()
    assert classified["confidence"].min() > 0.5  # well separated


def test_economy_without_momentum_data_is_unclassified_not_imputed():
    r = assign_tiers(tier_groups_dm())
    row = r.table.loc["XNG"]
    assert row["tier"] == "unclassified"
    assert np.isnan(row["momentum"]) and not np.isnan(row["maturity"])
    assert "momentum needs at least 1 of 2" in row["reason"]
    assert pd.isna(row["cluster"]) and pd.isna(row["agrees"])
    assert r.centroids["n"].sum() == len(r.table) - 1


def test_same_seed_same_labels_and_reason_text():
    a = assign_tiers(tier_groups_dm(), seed=7)
    b = assign_tiers(tier_groups_dm(), seed=7)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert a.table.loc["RAA", "reason"].endswith("→ mature")
    assert a.table.loc["RAA", "reason"].startswith("high maturity")


def test_labels_do_not_depend_on_seed_for_clear_groups():
    tiers = {seed: assign_tiers(tier_groups_dm(), seed=seed).table["tier"] for seed in (0, 1, 2)}
    pd.testing.assert_series_equal(tiers[0], tiers[1])
    pd.testing.assert_series_equal(tiers[0], tiers[2])


def test_silhouette_has_keys_two_to_six_and_peaks_at_three():
    r = assign_tiers(tier_groups_dm())
    assert list(r.silhouette.index) == [2, 3, 4, 5, 6]
    assert r.silhouette.idxmax() == 3


def test_k_four_reuses_names():
    r = assign_tiers(tier_groups_dm(per_group=10), k=4)
    assert len(r.centroids) == 4
    assert set(r.centroids["tier"]) == {"mature", "growth", "emerging"}
    assert r.centroids["tier"].tolist() == sorted(r.centroids["tier"], key=["mature", "growth", "emerging"].index)


def test_k_two_names_mature_and_one_other():
    r = assign_tiers(tier_groups_dm(), k=2)
    assert r.centroids["tier"].iloc[0] == "mature"
    assert r.centroids["tier"].iloc[1] in ("growth", "emerging")


def test_custom_features_and_errors():
    dm = tier_groups_dm()
    r = assign_tiers(dm, features={"maturity": ["gdp_pc_ppp"], "momentum": ["gdp_growth_6y"]})
    assert r.features == {"maturity": ("gdp_pc_ppp",), "momentum": ("gdp_growth_6y",)}
    with pytest.raises(ValueError, match="unknown indicators nope"):
        assign_tiers(dm, features={"maturity": ["nope"], "momentum": ["gdp_growth_6y"]})
    with pytest.raises(ValueError, match="must define momentum"):
        assign_tiers(dm, features={"maturity": ["gdp_pc_ppp"]})
    with pytest.raises(ValueError, match="k must be a whole number between 2 and 10"):
        assign_tiers(dm, k=1)
    with pytest.raises(ValueError, match="needs at least"):
        assign_tiers(dm.subset(["RAA", "FAA", "SAA"]), k=3)


def test_fallback_by_pillar_when_default_ids_absent():
    rng = np.random.default_rng(0)
    values = pd.DataFrame(
        {
            "pay": rng.uniform(0, 1, 12),
            "log": rng.uniform(0, 1, 12),
            "real_growth": rng.uniform(0, 5, 12),
            "pop": rng.uniform(1, 9, 12),
        },
        index=[f"C{i:02d}" for i in range(12)],
    )
    dm = make_dm(values, {"pay": "payments", "log": "logistics", "real_growth": "growth", "pop": "growth"})
    r = assign_tiers(dm)
    assert r.features == {"maturity": ("pay", "log"), "momentum": ("real_growth",)}


def test_region_rule_mapping_and_disagreements():
    eco = pd.DataFrame(
        {
            "name": ["Germany", "Italy", "Albania", "Viet Nam", "Brazil", "Saudi Arabia", "Japan", "China", "Kenya"],
            "region": ["Europe & Central Asia"] * 3
            + [
                "East Asia & Pacific",
                "Latin America & Caribbean",
                "Middle East, North Africa, Afghanistan & Pakistan",
                "East Asia & Pacific",
                "East Asia & Pacific",
                "Sub-Saharan Africa",
            ],
            "income_group": [
                "High income",
                "High income",
                "Upper middle income",
                "Lower middle income",
                "Upper middle income",
                "High income",
                "High income",
                "Upper middle income",
                "Lower middle income",
            ],
            "subregion": [
                "Western Europe",
                "Southern Europe",
                "Southern Europe",
                "South-eastern Asia",
                "Latin America and the Caribbean",
                "Western Asia",
                "Eastern Asia",
                "Eastern Asia",
                "Sub-Saharan Africa",
            ],
        },
        index=["DEU", "ITA", "ALB", "VNM", "BRA", "SAU", "JPN", "CHN", "KEN"],
    )
    rule = region_rule(eco)
    assert rule.to_dict() == {
        "DEU": "mature",
        "ITA": "mature",
        "ALB": "growth",
        "VNM": "growth",
        "BRA": "emerging",
        "SAU": "emerging",
        "JPN": "mature",
        "CHN": "n/a",
        "KEN": "emerging",
    }


def test_region_disagreements_lists_only_disagreeing_classified():
    dm = tier_groups_dm()
    r = assign_tiers(dm)  # synthetic economies all sit in "Western Europe" -> rule says mature
    d = region_disagreements(r)
    assert set(d.index) == set(r.table.index[r.table["tier"].isin(["growth", "emerging"])])
    assert (d["region_rule"] == "mature").all()
    assert d["confidence"].is_monotonic_decreasing
    assert bool(r.table.loc["RAA", "agrees"]) is True


def test_extra_composite_is_clustered_and_reported():
    dm = tier_groups_dm()
    r = assign_tiers(
        dm,
        features={"maturity": ["gdp_pc_ppp", "internet_users"], "momentum": ["gdp_growth_6y"], "payments": ["account"]},
    )
    assert "payments" in r.table.columns and "payments" in r.centroids.columns
    assert r.centroids.loc[0, "tier"] == "mature"
    assert r.centroids.loc[0, "payments"] > r.centroids.loc[2, "payments"]


def test_cluster_naming_orders_by_maturity_and_picks_growth_by_momentum() -> None:
    """Emerging is the least mature cluster even when its momentum beats the middle one's.

    DOMAIN.md defines emerging markets by limited infrastructure; a fast-growing
    population must not turn the least mature cluster into "growth".
    """
    from xbmarkets.tiers import _name_clusters

    # columns: maturity, momentum
    centres = np.array([[2.0, -1.0], [0.0, 0.5], [-2.0, 1.0]])
    assert _name_clusters(centres, 0, 1) == ["mature", "growth", "emerging"]
    four = np.array([[2.0, -1.0], [0.5, 1.5], [0.2, -0.5], [-2.0, 1.0]])
    # the fourth cluster takes the name of the nearest anchor centroid (mature here)
    assert _name_clusters(four, 0, 1) == ["mature", "growth", "mature", "emerging"]


def test_borderline_economies_name_the_runner_up_tier():
    from xbmarkets.matrix import build_matrix
    from xbmarkets.snapshot import load_snapshot
    from xbmarkets.tiers import BORDERLINE

    # the shipped snapshot: real economies sit between tiers, synthetic groups do not
    t = assign_tiers(build_matrix(load_snapshot())).table
    classified = t[t["tier"] != "unclassified"]
    low = classified["confidence"] < BORDERLINE
    assert low.any() and (~low).any()
    assert classified.loc[low, "reason"].str.contains("borderline, close to ").all()
    assert not classified.loc[~low, "reason"].str.contains("borderline").any()
    for reason, tier in zip(classified.loc[low, "reason"], classified.loc[low, "tier"], strict=False):
        runner_up = reason.rsplit("close to ", 1)[1]
        assert runner_up in ("mature", "growth", "emerging") and runner_up != tier


def test_maturity_axis_counts_more_than_momentum_in_the_split():
    """A lone fast grower with middling maturity must not take a whole cluster of its own.

    With equal axes k-means can spend a cluster on momentum outliers; maturity is
    stretched (FEATURE_WEIGHTS) so the three tiers follow the maturity ladder.
    """
    from xbmarkets.tiers import FEATURE_WEIGHTS

    assert FEATURE_WEIGHTS["maturity"] > FEATURE_WEIGHTS["momentum"]
    t = assign_tiers(tier_groups_dm()).table
    means = t[t["tier"] != "unclassified"].groupby("tier")["maturity"].mean()
    assert means["mature"] > means["growth"] > means["emerging"]


def test_reason_ingredients_are_columns():
    """Levels, runner-up, lacking composites and counts: what the reason says, as data."""
    from xbmarkets.matrix import build_matrix
    from xbmarkets.snapshot import load_snapshot
    from xbmarkets.tiers import BORDERLINE, LEVELS

    r = assign_tiers(build_matrix(load_snapshot()))
    t = r.table
    ok = t["tier"] != "unclassified"
    assert set(t.loc[ok, "maturity_level"]) == set(LEVELS) and set(t.loc[ok, "momentum_level"]) == set(LEVELS)
    assert (t.loc[~ok, ["maturity_level", "momentum_level", "runner_up"]] == "").all().all()
    for name in ("maturity", "momentum"):
        lvl = t.loc[ok, f"{name}_level"]
        # terciles: every 'high' economy sits above every 'low' one on that composite
        assert t.loc[lvl[lvl == "high"].index, name].min() > t.loc[lvl[lvl == "low"].index, name].max()
        assert t.loc[ok, "reason"].str.contains(name).all()
        assert all(f"{lv} {name} (" in reason for lv, reason in zip(lvl, t.loc[ok, "reason"], strict=False))
    border = ok & (t["confidence"] < BORDERLINE)
    assert (t.loc[border, "runner_up"] != t.loc[border, "tier"]).all()
    assert (t.loc[border, "runner_up"] != "").all() and (t.loc[ok & ~border, "runner_up"] == "").all()
    assert all(
        reason.endswith(f"close to {ru}")
        for ru, reason in zip(t.loc[border, "runner_up"], t.loc[border, "reason"], strict=False)
    )
    assert (t.loc[ok, "lacking"] == "").all() and (t.loc[~ok, "lacking"] != "").all()
    for _code, row in t.loc[~ok].iterrows():
        for name in row["lacking"].split(","):
            need = -(-len(r.features[name]) // 2)
            assert row[f"present_{name}"] < need
            assert f"{name} needs at least {need} of {len(r.features[name])} indicators" in row["reason"]
            assert f"has {row[f'present_{name}']}" in row["reason"]
    present = build_matrix(load_snapshot()).values[list(r.features["maturity"])].notna().sum(axis=1)
    assert (t["present_maturity"] == present.reindex(t.index)).all()


def test_unclassified_synthetic_economy_names_the_lacking_composite():
    t = assign_tiers(tier_groups_dm()).table
    assert t.loc["XNG", ["lacking", "present_momentum"]].tolist() == ["momentum", 0]
