"""What would it take (xbmarkets.whatif): nearest weights against a grid search, and single-indicator changes
against full re-scores.

Small data is hand-made (tests/synthetic.py); real-data tests pick markets by
rank position, never by name, so they survive data and pillar changes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from synthetic import five_pillar_dm, make_dm

from xbmarkets.matrix import DecisionMatrix, build_matrix
from xbmarkets.reweigh import MIN_SHARE
from xbmarkets.scoring import score
from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot
from xbmarkets.whatif import INDICATOR_COLUMNS, WEIGHT_COLUMNS, _IndicatorModel, indicator_changes, what_if

THREE = {"g": "growth", "l": "logistics", "p": "payments"}


@pytest.fixture(scope="module")
def real_dm():
    return build_matrix(load_snapshot(DEFAULT_DATA_DIR))


def small_dm(seed: int, n: int = 8) -> DecisionMatrix:
    rng = np.random.default_rng(seed)
    codes = ["DEU", "FRA", "USA", "BRA", "MEX", "IDN", "VNM", "POL", "KEN", "NGA"][:n]
    values = pd.DataFrame(rng.uniform(0, 100, size=(n, 3)), index=codes, columns=list(THREE))
    return make_dm(values, THREE)


def simplex_grid(step: float) -> np.ndarray:
    n = round(1 / step)
    pts = [(i, j, n - i - j) for i in range(n + 1) for j in range(n + 1 - i)]
    return np.array(pts, dtype=float) / n


def grid_feasible(result, code: str, k: int, grid: np.ndarray) -> np.ndarray:
    """Which grid weightings put `code` in the top k: scores recomputed from the pillar scores, scoring's tie rule."""
    scores = result.table[list(result.pillars)].to_numpy() @ grid.T  # markets × grid
    rounded = np.round(scores, 12)
    i = result.table.index.get_loc(code)
    codes = result.table.index.to_numpy(dtype=str)
    ahead = (rounded > rounded[i]) | ((rounded == rounded[i]) & (codes < code)[:, None])
    return ahead.sum(axis=0) <= k - 1


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("k", [1, 2, 3])
def test_nearest_weights_agree_with_a_grid_search(seed: int, k: int) -> None:
    dm = small_dm(seed)
    result = score(dm, {"growth": 1.0, "logistics": 2.0, "payments": 1.5})
    grid = simplex_grid(0.005)
    grid = grid[(grid >= MIN_SHARE).all(axis=1)]  # a weighted pillar keeps a share (reweigh.MIN_SHARE)
    w = result.pillar_weights[list(result.pillars)].to_numpy()
    for code in result.table.index[k:]:
        wi = what_if(result, code, k, dm, indicators=False)
        feasible = grid_feasible(result, code, k, grid)
        if wi.status == "impossible":
            assert wi.exact and not feasible.any(), code
            continue
        assert wi.status == "found" and wi.exact, (code, wi.status)
        assert wi.rank_after is not None and wi.rank_after <= k and wi.rescored
        needed = wi.weights["weight_needed"].to_numpy()
        assert needed.sum() == pytest.approx(1.0) and (needed >= 0).all()
        assert wi.distance == pytest.approx(np.abs(needed - w).sum())
        nearest_on_grid = np.abs(grid[feasible] - w).sum(axis=1).min()
        assert nearest_on_grid >= wi.distance - 1e-3, code  # no grid weighting is nearer
        assert nearest_on_grid <= wi.distance + 0.05, code  # and the grid finds one about as near (thin regions)


def test_a_market_beaten_on_every_pillar_is_named_as_impossible() -> None:
    values = {
        "AAA": {"g": 90, "l": 80, "p": 70},
        "BBB": {"g": 85, "l": 85, "p": 75},
        "CCC": {"g": 80, "l": 90, "p": 80},
        "DDD": {"g": 70, "l": 60, "p": 60},  # below AAA, BBB and CCC on every pillar
        "EEE": {"g": 10, "l": 95, "p": 5},
        "FFF": {"g": 5, "l": 5, "p": 95},
    }
    dm = make_dm(values, THREE)
    result = score(dm, {"growth": 1, "logistics": 1, "payments": 1})
    wi = what_if(result, "DDD", 3, dm)
    assert wi.status == "impossible" and wi.exact
    assert set(wi.dominated_by) >= {"AAA", "BBB", "CCC"}
    assert wi.weights["weight_needed"].isna().all() and wi.rank_after is None
    for code in ("AAA", "BBB", "CCC"):
        assert f"Country {code}" in wi.sentence
    assert "No weighting" in wi.sentence
    assert what_if(result, "DDD", 4, dm).status == "already"  # rank 4 now


def test_already_in_the_top_k_changes_nothing() -> None:
    dm = small_dm(1)
    result = score(dm, {"growth": 1, "logistics": 1, "payments": 1})
    code = result.table.index[1]
    wi = what_if(result, code, 3, dm)
    assert wi.status == "already" and wi.distance == 0.0 and wi.rank_after == 2
    np.testing.assert_allclose(wi.weights["weight_needed"], wi.weights["weight_now"])
    assert "already" in wi.sentence and wi.indicators.empty


def test_bad_markets_and_k_are_refused() -> None:
    dm = five_pillar_dm(n=10, missing=[("KEN", "l1"), ("KEN", "l2")])
    result = score(dm, {"growth": 1, "logistics": 1})
    with pytest.raises(ValueError, match=r"KEN is not ranked in this scenario \(no data for logistics\)"):
        what_if(result, "ken", 2, dm)
    with pytest.raises(ValueError, match="not a ranked market"):
        what_if(result, "XYZ", 2, dm)
    with pytest.raises(ValueError, match="ISO3"):
        what_if(result, "  ", 2, dm)
    for bad in (0, 2.5, False):
        with pytest.raises(ValueError, match="k must be"):
            what_if(result, "DEU", bad, dm)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="weighted sum and TOPSIS"):
        what_if(score(dm, {"growth": 1, "logistics": 1}, method="vikor"), "DEU", 2, dm)


def test_topsis_answers_are_searched_and_verified() -> None:
    dm = five_pillar_dm(n=12, seed=7)
    result = score(dm, {"growth": 1, "competition": 1, "logistics": 2, "payments": 1, "regulation": 1}, method="topsis")
    found = 0
    for code in result.table.index[3:]:
        wi = what_if(result, code, 3, dm, indicators=False)
        assert not wi.exact or wi.status == "impossible"
        if wi.status == "found":
            found += 1
            assert wi.rank_after is not None and wi.rank_after <= 3
            assert "we found" in wi.sentence
    assert found >= 1


def test_real_data_answers_hold_after_a_full_rescore(real_dm) -> None:
    result = score(real_dm, {p: 1.0 for p in real_dm.pillars.unique()})
    table = result.table
    pillars = list(result.pillars)
    seen = set()
    for position, k in ((5, 3), (12, 5), (20, 3), (30, 10), (60, 10), (len(table) - 5, 5)):
        code = table.index[position]
        wi = what_if(result, code, k, real_dm, indicators=False)
        seen.add(wi.status)
        assert wi.rank_now == position + 1
        if wi.status == "found":
            assert wi.rescored and wi.rank_after is not None and wi.rank_after <= k
        if wi.status == "impossible" and len(wi.dominated_by) >= k:
            mine = table.loc[code, pillars].to_numpy()
            for other in wi.dominated_by:
                assert (table.loc[other, pillars].to_numpy() >= mine - 1e-6).all()
    assert "found" in seen


@settings(max_examples=10)
@given(seed=st.integers(0, 5_000), scale=st.floats(min_value=1e-2, max_value=1e2))
def test_scaling_all_weights_changes_nothing(seed: int, scale: float) -> None:
    dm = small_dm(seed, n=7)
    raw = {"growth": 1.0, "logistics": 3.0, "payments": 2.0}
    a = what_if(score(dm, raw), score(dm, raw).table.index[-1], 2, dm, indicators=False)
    scaled = score(dm, {p: v * scale for p, v in raw.items()})
    b = what_if(scaled, scaled.table.index[-1], 2, dm, indicators=False)
    assert (a.iso3, a.status, a.rank_after, a.exact) == (b.iso3, b.status, b.rank_after, b.exact)
    np.testing.assert_allclose(a.weights["weight_needed"], b.weights["weight_needed"], atol=1e-6)


def test_frames_have_the_documented_columns() -> None:
    dm = small_dm(2)
    result = score(dm, {"growth": 1, "logistics": 1, "payments": 1})
    wi = what_if(result, result.table.index[-2], 2, dm)
    assert tuple(wi.weights.columns) == WEIGHT_COLUMNS
    assert tuple(wi.indicators.columns) == INDICATOR_COLUMNS
    assert list(wi.weights["pillar"]) == list(result.pillars)


# --------------------------------------------------------------------------- one indicator


def _changed(dm: DecisionMatrix, code: str, ind: str, value: float) -> DecisionMatrix:
    values = dm.values.copy()
    values.loc[code, ind] = value
    return DecisionMatrix(values, dm.years, dm.criteria, dm.economies)


def _rank_after_change(dm, result, code: str, ind: str, value: float) -> int:
    weights = {p: float(result.pillar_weights[p]) for p in result.pillars}
    again = score(
        _changed(dm, code, ind, value),
        weights,
        method=result.method,
        normalization=result.normalization,
        coverage_threshold=result.coverage_threshold,
        winsorize=result.winsorize,
    )
    return int(again.table.at[code, "rank"])


def _check_fast_path(dm, result, code: str, samples: int = 3) -> None:
    """The vectorised partial re-score equals scoring.score with the changed value, score for score."""
    from xbmarkets.reweigh import pillar_problem

    pp = pillar_problem(result)
    model = _IndicatorModel.build(dm, result, pp, pp.index_of(code))
    rng = np.random.default_rng(0)
    weights = {p: float(result.pillar_weights[p]) for p in result.pillars}
    for j, ind in enumerate(model.indicators):
        now, best, _ = model.bounds(j)
        if np.isnan(now) or np.isnan(best):
            continue
        values = now + rng.uniform(0, 1, samples) * (best - now)
        fast = model.scores_with([j], values[None, :])[0]
        for v, row in zip(values, fast, strict=True):
            again = score(
                _changed(dm, code, ind, float(v)),
                weights,
                method=result.method,
                normalization=result.normalization,
                coverage_threshold=result.coverage_threshold,
                winsorize=result.winsorize,
            )
            expected = again.table["score"].reindex(pp.codes).to_numpy()
            np.testing.assert_allclose(row, expected, atol=1e-12, err_msg=f"{ind}={v}")


def test_indicator_fast_path_equals_a_full_rescore_on_real_data(real_dm) -> None:
    result = score(real_dm, {p: 1.0 for p in real_dm.pillars.unique()})
    _check_fast_path(real_dm, result, result.table.index[25], samples=2)


@pytest.mark.parametrize(
    ("method", "normalization", "winsorize"),
    [("wsm", "zscore", False), ("wsm", "minmax", True), ("topsis", "percentile", False), ("topsis", "vector", True)],
)
def test_indicator_fast_path_equals_a_full_rescore_for_every_setting(method, normalization, winsorize) -> None:
    dm = five_pillar_dm(n=12, seed=9, missing=[("BRA", "g1"), ("KEN", "l2")])
    result = score(
        dm,
        {"growth": 2, "competition": 1, "logistics": 1, "payments": 1, "regulation": 1},
        method=method,
        normalization=normalization,
        winsorize=winsorize,
    )
    _check_fast_path(dm, result, result.table.index[6])


@pytest.mark.parametrize("seed", [0, 8])
def test_indicator_changes_are_minimal_and_verified(seed: int) -> None:
    dm = five_pillar_dm(n=12, seed=seed, missing=[("NGA", "p1")])
    result = score(dm, {"growth": 1, "competition": 1, "logistics": 1, "payments": 1, "regulation": 1})
    k = 3
    statuses = set()
    for code in result.table.index[k : k + 6]:
        table = indicator_changes(dm, result, code, k)
        statuses |= set(table["status"])
        for row in table.itertuples():
            if row.status == "possible":
                assert row.rank_after <= k
                assert _rank_after_change(dm, result, code, row.indicator, row.value_needed) <= k
                backed_off = row.value_now + 0.99 * (row.value_needed - row.value_now)
                assert _rank_after_change(dm, result, code, row.indicator, backed_off) > k
                assert np.sign(row.change) == row.direction
                assert 0 < row.share_of_range <= 1
            elif row.status == "not_possible":
                assert _rank_after_change(dm, result, code, row.indicator, row.best_in_field) > k
            elif row.status == "no_data":
                assert np.isnan(dm.values.at[code, row.indicator])
    assert {"possible", "not_possible"} <= statuses
    order = table["status"].map({"possible": 0, "not_possible": 1, "already_best": 2, "no_data": 3})
    assert order.is_monotonic_increasing


def test_indicator_sentence_names_the_indicator_and_both_values() -> None:
    dm = five_pillar_dm(n=12, seed=0)
    result = score(dm, {"growth": 1, "competition": 1, "logistics": 1, "payments": 1, "regulation": 1})
    for code in result.table.index[3:]:
        wi = what_if(result, code, 3, dm)
        possible = wi.indicators[wi.indicators["status"] == "possible"]
        if len(possible):
            first = possible.iloc[0]
            assert first["name"] in wi.indicator_sentence and wi.name in wi.indicator_sentence
            return
    pytest.fail("no market in this data can reach the top 3 with one indicator")


def test_the_indicator_what_if_needs_the_matrix() -> None:
    dm = small_dm(0)
    result = score(dm, {"growth": 1, "logistics": 1, "payments": 1})
    with pytest.raises(ValueError, match="decision matrix"):
        indicator_changes(None, result, result.table.index[-1], 2)
    assert what_if(result, result.table.index[-1], 2).indicators.empty  # without dm: weights only
