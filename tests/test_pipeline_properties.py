"""Property tests (hypothesis) of the whole pipeline on small random DecisionMatrix objects.

`test_engine_properties.py` checks the bare methods; these check what a founder
sees: `scoring.score` (coverage, exclusion, pillar scores, ranks), `tiers` and
`robustness` on the pillar-score matrix, exactly as the CLI and UI call them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synthetic import make_dm

from xbmarkets.matrix import DecisionMatrix
from xbmarkets.robustness import rank_acceptability
from xbmarkets.scoring import score
from xbmarkets.tiers import assign_tiers

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PILLARS = ("growth", "competition", "logistics", "payments", "regulation")
UNIT_NORMALIZATIONS = ("minmax", "zscore", "percentile")

cell = st.one_of(
    st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False),
    st.integers(-3, 3).map(float),  # ties
)


@st.composite
def matrices(draw, min_rows=2, max_rows=8, nan=True):
    """(DecisionMatrix, pillar weights): the first economy is complete, so at least one is always scored."""
    n = draw(st.integers(min_rows, max_rows))
    k = draw(st.integers(1, 6))
    ids = [f"i{j}" for j in range(k)]
    pillars = dict(zip(ids, draw(st.lists(st.sampled_from(PILLARS), min_size=k, max_size=k)), strict=False))
    x = np.array(draw(st.lists(cell, min_size=n * k, max_size=n * k))).reshape(n, k)
    if nan:
        holes = np.array(draw(st.lists(st.booleans(), min_size=n * k, max_size=n * k))).reshape(n, k)
        holes[0] = False
        x[holes] = np.nan
    directions = dict(zip(ids, draw(st.lists(st.sampled_from([1, -1]), min_size=k, max_size=k)), strict=False))
    transforms = dict(
        zip(ids, draw(st.lists(st.sampled_from(["none", "asinh"]), min_size=k, max_size=k)), strict=False)
    )
    values = pd.DataFrame(x, index=[f"E{i:02d}" for i in range(n)], columns=ids)
    dm = make_dm(values, pillars, directions=directions, transforms=transforms)
    present = sorted(set(pillars.values()), key=PILLARS.index)
    w = draw(st.lists(st.floats(0.0, 10.0), min_size=len(present), max_size=len(present)))
    w[draw(st.integers(0, len(present) - 1))] += 0.5  # at least one pillar counts
    return dm, dict(zip(present, w, strict=False))


def permuted(dm: DecisionMatrix, rows: list[str], cols: list[str]) -> DecisionMatrix:
    return DecisionMatrix(
        values=dm.values.loc[rows, cols],
        years=dm.years.loc[rows, cols],
        criteria=dm.criteria.loc[cols],
        economies=dm.economies.loc[rows],
    )


def scored_pillars(result) -> tuple[pd.DataFrame, dict[str, float]]:
    pillars = result.pillars
    return result.table[pillars], {p: float(result.pillar_weights[p]) for p in pillars}


@SETTINGS
@given(
    matrices(),
    st.sampled_from(["wsm", "topsis"]),
    st.sampled_from(("minmax", "zscore", "percentile", "vector")),
    st.sampled_from([0.0, 0.5, 1.0]),
)
def test_scores_lie_in_unit_interval_with_missing_data(problem, method, normalization, threshold):
    dm, w = problem
    if method == "wsm" and normalization == "vector":
        normalization = "minmax"  # vector-normalised negative data leaves [0, 1] by design (scoring warns)
    r = score(dm, w, method=method, normalization=normalization, coverage_threshold=threshold)
    s = r.table["score"].to_numpy()
    assert np.isfinite(s).all() and ((s >= 0) & (s <= 1)).all()
    assert list(r.table["rank"]) == list(range(1, len(r.table) + 1))
    assert not r.table.drop(columns="name").isna().any().any()
    assert set(r.table.index).isdisjoint(r.excluded["iso3"])
    assert len(r.table) + len(r.excluded) == len(dm.values)


@SETTINGS
@given(matrices(), st.sampled_from(["wsm", "topsis", "vikor"]), st.randoms(use_true_random=False))
def test_permuting_rows_and_columns_changes_only_the_order(problem, method, rnd):
    dm, w = problem
    rows, cols = list(dm.values.index), list(dm.values.columns)
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    a = score(dm, w, method=method)
    b = score(permuted(dm, rows, cols), w, method=method)
    pd.testing.assert_frame_equal(b.table, a.table, rtol=1e-9, atol=1e-12)  # ranks decide the row order
    pd.testing.assert_frame_equal(
        b.normalized.loc[a.normalized.index, a.normalized.columns], a.normalized, rtol=1e-9, atol=1e-12
    )
    assert sorted(b.excluded["iso3"]) == sorted(a.excluded["iso3"])
    pd.testing.assert_series_equal(b.indicator_weights[a.indicator_weights.index], a.indicator_weights)


@SETTINGS
@given(matrices(), st.data())
def test_duplicating_an_economy_keeps_the_others_in_order_under_wsm(problem, data):
    dm, w = problem
    src = data.draw(st.sampled_from(list(dm.values.index)))
    values = pd.concat([dm.values, dm.values.loc[[src]].rename(index={src: "ZZZ"})])
    twin = make_dm(values, dm.pillars.to_dict(), dm.directions.to_dict(), dm.criteria["transform"].to_dict())
    before = score(dm, w)
    after = score(twin, w)
    others = [c for c in after.table.index if c != "ZZZ"]
    assert others == list(before.table.index)
    np.testing.assert_allclose(after.table.loc[others, "score"], before.table["score"], rtol=1e-12, atol=1e-15)
    if "ZZZ" in after.table.index:
        assert after.table.at["ZZZ", "score"] == pytest.approx(after.table.at[src, "score"], abs=1e-12)


@SETTINGS
@given(matrices(), st.sampled_from(["wsm", "topsis", "vikor"]), st.floats(1e-3, 1e3))
def test_scaling_all_pillar_weights_leaves_the_ranking_unchanged(problem, method, c):
    dm, w = problem
    a = score(dm, w, method=method)
    b = score(dm, {p: v * c for p, v in w.items()}, method=method)
    assert list(b.table.index) == list(a.table.index)
    np.testing.assert_allclose(b.table["score"], a.table["score"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(b.pillar_weights, a.pillar_weights, rtol=1e-12)


@settings(SETTINGS, max_examples=12)  # k-means + silhouettes twice per example: the slow one
@given(matrices(min_rows=5, max_rows=12, nan=False), st.integers(0, 2**16), st.integers(2, 4))
def test_same_seed_gives_identical_tiers(problem, seed, k):
    dm, _ = problem
    ids = list(dm.values.columns)
    features = {"maturity": ids[: max(1, len(ids) // 2)], "momentum": ids[len(ids) // 2 :] or ids}

    def run():
        try:
            return assign_tiers(dm, k=k, seed=seed, features=features)
        except ValueError as exc:  # too few or too alike economies: the same clear error both times
            return str(exc)

    first, second = run(), run()
    if isinstance(first, str):
        assert first == second and "k=" in first
        return
    pd.testing.assert_frame_equal(first.table, second.table)
    pd.testing.assert_frame_equal(first.centroids, second.centroids)
    pd.testing.assert_series_equal(first.silhouette, second.silhouette)


@SETTINGS
@given(
    matrices(),
    st.sampled_from(["wsm", "topsis"]),
    st.integers(0, 2**16),
    st.one_of(st.none(), st.floats(0.5, 50)),
    st.integers(1, 10),
)
def test_robustness_is_reproducible_and_shares_add_up(problem, method, seed, concentration, top_k):
    dm, w = problem
    result = score(dm, w, method=method)
    table, weights = scored_pillars(result)
    kw = dict(
        method=method,
        draws=300,
        seed=seed,
        concentration=concentration,
        top_k=top_k,
        normalization=None if method == "wsm" else "vector",
    )
    acc = rank_acceptability(table, weights, None, **kw)
    pd.testing.assert_frame_equal(acc, rank_acceptability(table, weights, None, **kw))
    assert acc["p_first"].sum() == pytest.approx(1.0)
    assert acc["p_top_k"].sum() == pytest.approx(min(top_k, len(table)))
    assert ((acc["rank_p05"] <= acc["median_rank"]) & (acc["median_rank"] <= acc["rank_p95"])).all()


@SETTINGS
@given(matrices(), st.sampled_from(["wsm", "topsis"]), st.integers(0, 2**16))
def test_robustness_on_raw_indicators_with_gaps_sums_over_scorable_alternatives(problem, method, seed):
    dm, _ = problem
    x = dm.values
    acc = rank_acceptability(
        x, {c: 1.0 for c in x.columns}, dm.directions.to_dict(), method=method, draws=200, seed=seed, top_k=3
    )
    scorable = x.notna().any(axis=1)
    assert acc.loc[~scorable].isna().all().all()
    assert acc.loc[scorable, "p_first"].sum() == pytest.approx(1.0)
    assert acc.loc[scorable, "p_top_k"].sum() == pytest.approx(min(3, int(scorable.sum())))
