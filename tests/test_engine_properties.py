"""Property tests (hypothesis) for the decision engine: invariances every ranking must respect."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xbmarkets.methods import topsis, vikor, weighted_sum
from xbmarkets.robustness import rank_acceptability

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
METHODS = {"wsm": weighted_sum, "topsis": topsis, "vikor": vikor}

values = st.one_of(
    st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False),
    st.integers(-5, 5).map(float),  # ties
)


@st.composite
def problems(draw, min_rows=2, max_rows=8, nan=True):
    n = draw(st.integers(min_rows, max_rows))
    k = draw(st.integers(1, 5))
    cells = draw(st.lists(values, min_size=n * k, max_size=n * k))
    x = np.array(cells).reshape(n, k)
    if nan:
        holes = draw(st.lists(st.booleans(), min_size=n * k, max_size=n * k))
        x[np.array(holes).reshape(n, k) & (draw(st.floats(0, 1)) < 0.5)] = np.nan
    cols = [f"c{j}" for j in range(k)]
    df = pd.DataFrame(x, columns=cols, index=[f"a{i}" for i in range(n)])
    w = draw(st.lists(st.floats(0.01, 10), min_size=k, max_size=k))
    d = draw(st.lists(st.sampled_from([1, -1]), min_size=k, max_size=k))
    return df, dict(zip(cols, w, strict=False)), dict(zip(cols, d, strict=False))


def same(a: pd.Series, b: pd.Series) -> None:
    assert list(a.index) == list(b.index)
    assert np.allclose(a.to_numpy(), b.to_numpy(), rtol=1e-9, atol=1e-12, equal_nan=True)


@SETTINGS
@given(problems(), st.sampled_from(sorted(METHODS)), st.randoms(use_true_random=False))
def test_row_order_changes_only_the_order(problem, method, rnd):
    df, w, d = problem
    perm = list(df.index)
    rnd.shuffle(perm)
    fn = METHODS[method]
    same(fn(df.loc[perm], w, d).reindex(df.index), fn(df, w, d))


@SETTINGS
@given(problems(), st.sampled_from(sorted(METHODS)), st.floats(1e-3, 1e3))
def test_scaling_weights_changes_nothing(problem, method, c):
    df, w, d = problem
    fn = METHODS[method]
    same(fn(df, {k: v * c for k, v in w.items()}, d), fn(df, w, d))


@SETTINGS
@given(problems(), st.sampled_from(sorted(METHODS)), st.randoms(use_true_random=False))
def test_column_order_changes_nothing(problem, method, rnd):
    df, w, d = problem
    cols = list(df.columns)
    rnd.shuffle(cols)
    fn = METHODS[method]
    same(fn(df[cols], w, d), fn(df, w, d))


@SETTINGS
@given(problems(), st.data())
def test_improving_a_benefit_value_never_lowers_the_wsm_score(problem, data):
    df, w, d = problem
    present = np.argwhere(~np.isnan(df.to_numpy()))
    if len(present) == 0:
        return
    i, j = present[data.draw(st.integers(0, len(present) - 1))]
    col = df.columns[j]
    step = data.draw(st.floats(0.0, 500.0))
    better = df.copy()
    better.iloc[i, j] += step * d[col]  # "improve" means up for a benefit, down for a cost
    before = weighted_sum(df, w, d).iloc[i]
    after = weighted_sum(better, w, d).iloc[i]
    assert after >= before - 1e-12


@SETTINGS
@given(problems(min_rows=1), st.sampled_from(["vector", "minmax", "zscore", "percentile"]))
def test_wsm_and_topsis_scores_lie_in_unit_interval(problem, norm):
    df, w, d = problem
    has_data = df.notna().any(axis=1)
    scores = [topsis(df, w, d, normalization=norm)]
    if norm != "vector":  # vector-normalised values of signed data are not in [0, 1], so WSM on them is not either
        scores.append(weighted_sum(df, w, d, normalization=norm))
    for s in scores:
        assert s[has_data].notna().all()
        assert s[~has_data].isna().all()
        assert ((s[has_data] >= 0) & (s[has_data] <= 1)).all()


@SETTINGS
@given(problems(), st.data())
def test_duplicating_an_alternative_leaves_the_others_untouched_under_wsm(problem, data):
    df, w, d = problem
    i = data.draw(st.integers(0, len(df) - 1))
    dup = pd.concat([df, df.iloc[[i]].rename(index=lambda s: s + "_copy")])
    before = weighted_sum(df, w, d)
    after = weighted_sum(dup, w, d).drop(index=df.index[i] + "_copy")
    same(after, before)


@settings(max_examples=15, deadline=None)
@given(
    problems(min_rows=2, max_rows=6),
    st.sampled_from(["wsm", "topsis"]),
    st.integers(0, 2**32 - 1),
    st.one_of(st.none(), st.floats(0.5, 100)),
)
def test_robustness_shares_sum_to_one_and_are_reproducible(problem, method, seed, conc):
    df, w, d = problem
    df = df.fillna(1.0)  # every alternative rankable
    a = rank_acceptability(df, w, d, method=method, draws=200, seed=seed, concentration=conc, top_k=2)
    b = rank_acceptability(df, w, d, method=method, draws=200, seed=seed, concentration=conc, top_k=2)
    pd.testing.assert_frame_equal(a, b)
    assert a["p_first"].sum() == pytest.approx(1.0)
    assert a["p_top_k"].sum() == pytest.approx(min(2, len(df)))
