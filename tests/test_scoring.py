"""Scoring pipeline (DESIGN.md "Scoring design") on small synthetic matrices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic import FIVE_PILLARS, five_pillar_dm, make_dm

from xbmarkets.scoring import score

EQUAL = {"growth": 1, "competition": 1, "logistics": 1, "payments": 1, "regulation": 1}


def test_wsm_pillar_contributions_sum_to_score():
    dm = five_pillar_dm(missing=[("FRA", "g1")])
    r = score(dm, {"growth": 3, "competition": 1, "logistics": 2, "payments": 1, "regulation": 1})
    pillars = r.pillars
    contrib = (r.table[pillars] * r.pillar_weights[pillars]).sum(axis=1)
    np.testing.assert_allclose(contrib, r.table["score"], rtol=0, atol=1e-12)
    assert r.pillar_weights.sum() == pytest.approx(1.0)
    assert r.indicator_weights.sum() == pytest.approx(1.0)
    assert r.pillar_weights["growth"] == pytest.approx(3 / 8)


def test_pillar_score_is_weighted_mean_of_present_indicators_by_hand():
    values = pd.DataFrame(
        {"a": [0.0, 10.0, 5.0], "b": [0.0, 10.0, np.nan], "c": [1.0, 3.0, 2.0]}, index=["AAA", "BBB", "CCC"]
    )
    dm = make_dm(values, {"a": "growth", "b": "growth", "c": "payments"})
    r = score(dm, {"growth": 1, "payments": 1}, indicator_weights={"a": 1, "b": 3})
    # CCC: a normalised 0.5, b missing -> growth = 0.5 (weight re-spread to a); coverage_growth = 1/4
    assert r.table.loc["CCC", "growth"] == pytest.approx(0.5)
    assert r.table.loc["CCC", "coverage_growth"] == pytest.approx(0.25)
    assert r.table.loc["CCC", "coverage"] == pytest.approx(0.5 * 0.25 + 0.5)
    assert r.table.loc["CCC", "score"] == pytest.approx(0.5 * 0.5 + 0.5 * 0.5)
    assert r.indicator_weights.to_dict() == pytest.approx({"a": 0.125, "b": 0.375, "c": 0.5})


def test_coverage_exclusion_lists_economy_with_reason():
    dm = five_pillar_dm(
        missing=[("DEU", "l1"), ("DEU", "l2"), ("USA", "g1"), ("USA", "g2"), ("USA", "c1"), ("USA", "p1")]
    )
    r = score(dm, EQUAL)
    assert "DEU" not in r.table.index and "USA" not in r.table.index
    ex = r.excluded.set_index("iso3")
    assert "no data for logistics" in ex.loc["DEU", "reason"]
    assert "below the 50 % threshold" in ex.loc["USA", "reason"]
    assert ex.loc["USA", "coverage"] == pytest.approx(0.4)
    assert ex.loc["DEU", "name"] == "Country DEU"
    assert not r.table.isna().any().any()


def test_exclusion_reason_is_also_given_as_data():
    """reason_kind / pillars / threshold say what the English reason says, for a UI in another language."""
    dm = five_pillar_dm(
        missing=[
            ("DEU", "l1"),
            ("DEU", "l2"),
            ("USA", "g1"),
            ("USA", "g2"),
            ("USA", "c1"),
            ("USA", "p1"),
            ("FRA", "g1"),
            ("FRA", "g2"),
            ("FRA", "l1"),
            ("FRA", "l2"),
            ("FRA", "c1"),
        ]
    )
    r = score(dm, EQUAL, coverage_threshold=0.6)
    ex = r.excluded.set_index("iso3")
    assert ex.loc["DEU", ["reason_kind", "pillars"]].tolist() == ["no_data_in_pillar", "logistics"]
    assert ex.loc["USA", "reason_kind"] == "both"  # 40 % < 60 %, and three pillars without data
    assert ex.loc["USA", "pillars"].split(",") == ["growth", "competition", "payments"]
    assert ex.loc["FRA", "reason_kind"] == "both"
    assert ex.loc["FRA", "pillars"].split(",") == ["growth", "competition", "logistics"]
    assert (ex["threshold"] == 0.6).all()
    for _code, row in ex.iterrows():
        assert ("below the 60 % threshold" in row["reason"]) == (row["reason_kind"] != "no_data_in_pillar")
        for p in filter(None, row["pillars"].split(",")):
            assert p in row["reason"]
    only_low = score(
        five_pillar_dm(missing=[("USA", "g1"), ("USA", "l1")]), EQUAL, coverage_threshold=0.85
    ).excluded.set_index("iso3")
    assert only_low.loc["USA", ["reason_kind", "pillars"]].tolist() == ["below_threshold", ""]


def test_zero_weight_pillar_does_not_exclude_and_is_not_a_column():
    dm = five_pillar_dm(missing=[("DEU", "l1"), ("DEU", "l2")])
    r = score(dm, {"growth": 1, "payments": 1})
    assert "DEU" in r.table.index
    assert "logistics" not in r.table.columns
    assert list(r.pillars) == ["growth", "payments"]


def test_indicator_weight_zero_drops_indicator():
    dm = five_pillar_dm()
    base = score(dm, EQUAL)
    r = score(dm, EQUAL, indicator_weights={"g1": 0})
    assert "g1" not in r.normalized.columns
    assert r.indicator_weights["g1"] == 0
    assert r.indicator_weights["g2"] == pytest.approx(0.2)
    np.testing.assert_allclose(r.table["growth"], r.normalized.loc[r.table.index, "g2"])
    assert not np.allclose(base.table.loc[r.table.index, "growth"], r.table["growth"])


def test_indicator_weight_zero_drops_missing_data_problem():
    dm = five_pillar_dm(missing=[("DEU", "l1"), ("DEU", "l2")])
    r = score(dm, EQUAL, indicator_weights={"l1": 0, "l2": 1})
    assert "DEU" in r.excluded["iso3"].tolist()
    dm2 = five_pillar_dm(missing=[("DEU", "l1")])
    r2 = score(dm2, EQUAL, indicator_weights={"l1": 0})
    assert r2.table.loc["DEU", "coverage"] == pytest.approx(1.0)


def test_deterministic_and_ranks_are_a_permutation():
    dm = five_pillar_dm(n=20)
    a = score(dm, EQUAL, method="topsis")
    b = score(dm, EQUAL, method="topsis")
    pd.testing.assert_frame_equal(a.table, b.table)
    assert sorted(a.table["rank"]) == list(range(1, 21))
    assert a.table["score"].is_monotonic_decreasing


def test_ties_broken_by_iso3():
    values = pd.DataFrame({"a": [1.0, 1.0, 0.0]}, index=["ZZZ", "AAA", "MMM"])
    r = score(make_dm(values, {"a": "growth"}), {"growth": 1})
    assert list(r.table.index) == ["AAA", "ZZZ", "MMM"]
    assert list(r.table["rank"]) == [1, 2, 3]


@pytest.mark.parametrize("method", ["wsm", "topsis", "vikor"])
def test_improving_a_pillar_raises_the_economy(method):
    dm = five_pillar_dm(n=12)
    before = score(dm, EQUAL, method=method)
    target = before.table.index[6]
    values = dm.values.copy()
    best_p1 = values["p1"].max()
    values.loc[target, "p1"] = best_p1  # now ties the best payments value (field range unchanged)
    after = score(make_dm(values, FIVE_PILLARS, directions={"c1": -1}), EQUAL, method=method)
    assert after.table.loc[target, "score"] > before.table.loc[target, "score"]
    assert after.table.loc[target, "rank"] <= before.table.loc[target, "rank"]
    assert after.table.loc[target, "payments"] == pytest.approx(1.0)


def test_cost_criterion_lower_is_better():
    values = pd.DataFrame({"c": [10.0, 20.0, 30.0]}, index=["AAA", "BBB", "CCC"])
    r = score(make_dm(values, {"c": "competition"}, directions={"c": -1}), {"competition": 1})
    assert list(r.table.index) == ["AAA", "BBB", "CCC"]


def test_log_of_non_positive_value_is_missing_and_reported():
    values = pd.DataFrame(
        {"a": [100.0, 0.0, -5.0, 10.0], "b": [1.0, 2.0, 3.0, 4.0]}, index=["AAA", "BBB", "CCC", "DDD"]
    )
    dm = make_dm(values, {"a": "growth", "b": "payments"}, transforms={"a": "log"})
    r = score(dm, {"growth": 1, "payments": 1})
    assert any("2 values ≤ 0 treated as missing in a" in w for w in r.warnings)
    assert set(r.excluded["iso3"]) == {"BBB", "CCC"}


@pytest.mark.parametrize("norm", ["minmax", "zscore", "percentile", "vector"])
def test_every_normalisation_scores_in_unit_interval(norm):
    r = score(five_pillar_dm(), EQUAL, normalization=norm, winsorize=True)
    assert r.normalization == norm
    assert r.table["score"].between(0, 1).all()
    assert r.normalized.min().min() >= 0 and r.normalized.max().max() <= 1


def test_default_normalisation_is_minmax():
    r = score(five_pillar_dm(), EQUAL)
    assert r.normalization == "minmax"
    assert (r.normalized.max() == 1).all() and (r.normalized.min() == 0).all()


@pytest.mark.parametrize("method", ["wsm", "topsis", "vikor"])
def test_single_economy_scores_one(method):
    values = pd.DataFrame({"a": [3.0], "b": [7.0]}, index=["AAA"])
    r = score(make_dm(values, {"a": "growth", "b": "payments"}), {"growth": 1, "payments": 2}, method=method)
    assert r.table.loc["AAA", "rank"] == 1
    assert r.table.loc["AAA", "score"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(pillar_weights={"growth": 0, "payments": 0}), "all pillar weights are zero"),
        (dict(pillar_weights={"growth": -1}), ">= 0"),
        (dict(pillar_weights={"growth": float("nan")}), ">= 0"),
        (dict(pillar_weights={"growht": 1}), "unknown pillars: growht"),
        (dict(pillar_weights={"custom": 1, "growth": 1}), "no indicators in the matrix: custom"),
        (
            dict(pillar_weights=EQUAL, indicator_weights={"zz": 1, "g1": 1}),
            "unknown indicators in indicator_weights: zz",
        ),
        (dict(pillar_weights=EQUAL, indicator_weights={"g1": -2}), ">= 0"),
        (dict(pillar_weights=EQUAL, indicator_weights={"g1": 0, "g2": 0}), "every indicator weighted 0: growth"),
        (dict(pillar_weights=EQUAL, method="ahp"), "unknown method"),
        (dict(pillar_weights=EQUAL, normalization="l1"), "unknown normalization"),
        (dict(pillar_weights=EQUAL, coverage_threshold=1.5), "coverage_threshold"),
    ],
)
def test_bad_inputs_raise_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        score(five_pillar_dm(), **kwargs)


def test_zero_weight_for_absent_custom_pillar_is_fine():
    r = score(five_pillar_dm(), {**EQUAL, "custom": 0})
    assert "custom" not in r.pillar_weights.index


def test_pillar_nobody_has_names_the_pillar_not_the_threshold():
    # No threshold can help when a weighted pillar has no data at all: say which pillar and what to do.
    dm = five_pillar_dm(n=3, missing=[("DEU", "r1"), ("FRA", "r1"), ("USA", "r1")])
    with pytest.raises(ValueError, match="no economy has any data for regulation — set its weight to 0"):
        score(dm, EQUAL)


def test_every_economy_excluded_suggests_lower_threshold():
    # Every pillar is present but half of growth and of logistics is missing: coverage 0.8 < 0.9.
    gaps = [(c, i) for c in ("DEU", "FRA", "USA") for i in ("g2", "l2")]
    dm = five_pillar_dm(n=3, missing=gaps)
    with pytest.raises(ValueError, match="lower coverage_threshold"):
        score(dm, EQUAL, coverage_threshold=0.9)


def test_empty_matrix_raises():
    dm = five_pillar_dm(n=3)
    empty = dm.subset([])
    with pytest.raises(ValueError, match="no economies"):
        score(empty, EQUAL)


def test_full_size_matrix_scores_every_economy_with_data():
    """~217 economies × 35 indicators (the real snapshot's shape); speed is benchmarks/bench_rerank.py's job."""
    rng = np.random.default_rng(0)
    ids = [f"i{k}" for k in range(35)]
    pillars = {i: ["growth", "competition", "logistics", "payments", "regulation"][k % 5] for k, i in enumerate(ids)}
    values = pd.DataFrame(rng.uniform(1, 100, (217, 35)), index=[f"X{k:02d}" for k in range(217)], columns=ids)
    values = values.mask(rng.uniform(size=values.shape) < 0.2)
    dm = make_dm(values, pillars, transforms={"i0": "log", "i1": "asinh"})
    r = score(dm, EQUAL)
    assert len(r.table) + len(r.excluded) == 217
    assert r.table["score"].between(0, 1).all()


def test_internal_transform_matches_normalize_apply_transforms():
    """scoring transforms in numpy for speed; it must agree with normalize.apply_transforms."""
    from xbmarkets.normalize import apply_transforms
    from xbmarkets.scoring import _transform

    raw = pd.DataFrame({"a": [100.0, 0.0, -5.0, np.nan], "b": [-3.0, 0.0, 2.0, np.nan], "c": [1.0, -2.0, 3.0, 4.0]})
    kinds = {"a": "log", "b": "asinh", "c": "none"}
    ours, bad = _transform(raw.to_numpy(), np.array([kinds[c] for c in raw.columns], dtype=object))
    pd.testing.assert_frame_equal(pd.DataFrame(ours, columns=raw.columns), apply_transforms(raw, kinds))
    assert bad.tolist() == [2, 0, 0]
