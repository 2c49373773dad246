"""Tests for xbmarkets.normalize: hand-derived values, NaN handling, orientation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from xbmarkets.normalize import (
    NORMALIZATIONS,
    apply_transforms,
    log_invalid_mask,
    minmax,
    percentile,
    vector,
    winsorize,
    zscore,
)


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"gdp": [1.0, 10.0, 100.0, np.nan], "cost": [4.0, 2.0, np.nan, 0.0]},
        index=["A", "B", "C", "D"],
    )


def test_log_transform_and_nonpositive_become_nan():
    df = pd.DataFrame({"x": [math.e, 1.0, 0.0, -3.0, np.nan], "y": [-1.0, 0.0, 1.0, 2.0, 3.0]})
    out = apply_transforms(df, {"x": "log", "y": "asinh"})
    assert out["x"].iloc[0] == pytest.approx(1.0)
    assert out["x"].iloc[1] == 0.0
    assert out["x"].iloc[2:].isna().all()
    assert out["y"].tolist() == pytest.approx(np.arcsinh([-1.0, 0.0, 1.0, 2.0, 3.0]).tolist())
    mask = log_invalid_mask(df, {"x": "log", "y": "asinh"})
    assert mask["x"].tolist() == [False, False, True, True, False]  # NaN input is not "invalid", it is missing
    assert not mask["y"].any()


def test_apply_transforms_default_none_and_unknown_rejected(frame):
    out = apply_transforms(frame, {})
    pd.testing.assert_frame_equal(out, frame)
    with pytest.raises(ValueError, match="unknown transform 'sqrt'"):
        apply_transforms(frame, {"gdp": "sqrt"})


def test_apply_transforms_does_not_mutate_input(frame):
    before = frame.copy()
    apply_transforms(frame, {"gdp": "log"})
    pd.testing.assert_frame_equal(frame, before)


def test_minmax_benefit_and_cost_with_nan(frame):
    out = minmax(frame, {"gdp": 1, "cost": -1})
    assert out["gdp"].tolist()[:3] == pytest.approx([0.0, 9 / 99, 1.0])
    assert np.isnan(out.loc["D", "gdp"])
    # cost: best (lowest) = 0 -> 1, worst 4 -> 0
    assert out.loc["A", "cost"] == 0.0
    assert out.loc["B", "cost"] == pytest.approx(0.5)
    assert out.loc["D", "cost"] == 1.0
    assert np.isnan(out.loc["C", "cost"])


def test_minmax_constant_column_is_one_for_present_values():
    df = pd.DataFrame({"k": [3.0, 3.0, np.nan]})
    out = minmax(df, {"k": 1})
    assert out["k"].iloc[:2].tolist() == [1.0, 1.0]
    assert np.isnan(out["k"].iloc[2])


def test_vector_normalisation_hand_computed():
    df = pd.DataFrame({"a": [3.0, 4.0, np.nan], "c": [1.0, 0.0, 0.0]})
    out = vector(df, {"a": 1, "c": -1})
    assert out["a"].iloc[:2].tolist() == pytest.approx([0.6, 0.8])
    assert np.isnan(out["a"].iloc[2])
    assert out["c"].tolist() == pytest.approx([0.0, 1.0, 1.0])  # mirrored cost: 1 - x/|x|
    plain = vector(df)
    assert plain["c"].tolist() == pytest.approx([1.0, 0.0, 0.0])


def test_vector_all_zero_column_has_no_nan():
    out = vector(pd.DataFrame({"z": [0.0, 0.0]}))
    assert out["z"].tolist() == [0.0, 0.0]


def test_zscore_mapped_to_unit_interval():
    # mean 2, population sd sqrt(2/3)
    df = pd.DataFrame({"x": [1.0, 2.0, 3.0, np.nan]})
    out = zscore(df, {"x": 1})
    z = 1 / math.sqrt(2 / 3)
    assert out["x"].iloc[:3].tolist() == pytest.approx([(3 - z) / 6, 0.5, (3 + z) / 6])
    assert np.isnan(out["x"].iloc[3])
    cost = zscore(df, {"x": -1})
    assert cost["x"].iloc[0] == pytest.approx((3 + z) / 6)


def test_zscore_clips_outliers_and_constant_is_half():
    df = pd.DataFrame({"x": [0.0] * 99 + [1000.0], "k": [5.0] * 100})
    out = zscore(df, {"x": 1, "k": 1})
    assert out["x"].iloc[-1] == 1.0
    assert (out["k"] == 0.5).all()
    assert out.min().min() >= 0.0 and out.max().max() <= 1.0


def test_percentile_ranks_with_ties_and_cost():
    df = pd.DataFrame({"x": [10.0, 20.0, 20.0, 40.0, np.nan]})
    out = percentile(df, {"x": 1})
    assert out["x"].iloc[:4].tolist() == pytest.approx([0.25, 0.625, 0.625, 1.0])
    assert np.isnan(out["x"].iloc[4])
    cost = percentile(df, {"x": -1})
    assert cost["x"].iloc[0] == 1.0 and cost["x"].iloc[3] == 0.25


def test_winsorize_clips_to_quantiles_nan_aware():
    x = np.arange(1.0, 101.0)
    df = pd.DataFrame({"x": np.append(x, np.nan)})
    out = winsorize(df, 0.1, 0.9)
    lo, hi = np.quantile(x, [0.1, 0.9])
    assert out["x"].min() == pytest.approx(lo)
    assert out["x"].max() == pytest.approx(hi)
    assert np.isnan(out["x"].iloc[-1])
    with pytest.raises(ValueError, match="lower < upper"):
        winsorize(df, 0.9, 0.1)


@pytest.mark.parametrize("name", sorted(NORMALIZATIONS))
def test_every_normalization_is_nan_preserving_and_bounded(name):
    rng = np.random.default_rng(1)
    a = rng.normal(size=(40, 4)) * [1, 100, 1e6, 0.01]
    a[rng.random(a.shape) < 0.2] = np.nan
    df = pd.DataFrame(a, columns=list("abcd"))
    out = NORMALIZATIONS[name](df, {"a": 1, "b": -1, "c": 1, "d": -1})
    assert (out.isna() == df.isna()).all().all()
    if name != "vector":  # vector of signed data lies in [-1, 2]; the others in [0, 1]
        assert out.min().min() >= 0.0 and out.max().max() <= 1.0


@pytest.mark.parametrize("name", ["minmax", "zscore", "percentile"])
def test_cost_direction_reverses_order(name):
    df = pd.DataFrame({"x": [1.0, 5.0, 2.0, 9.0]})
    up = NORMALIZATIONS[name](df, {"x": 1})["x"]
    down = NORMALIZATIONS[name](df, {"x": -1})["x"]
    assert list(up.rank()) == list(down.rank(ascending=False))


def test_bad_inputs_raise_value_error(frame):
    with pytest.raises(ValueError, match="no direction given for criteria: cost"):
        minmax(frame, {"gdp": 1})
    with pytest.raises(ValueError, match=r"direction of 'gdp' must be \+1"):
        minmax(frame, {"gdp": 2, "cost": 1})
    with pytest.raises(ValueError, match="non-numeric criteria columns: name"):
        minmax(pd.DataFrame({"name": ["a", "b"]}), None)
    with pytest.raises(ValueError, match="infinite"):
        minmax(pd.DataFrame({"x": [1.0, np.inf]}), None)


@given(
    hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=12),
        elements=st.one_of(st.floats(-1e6, 1e6), st.just(np.nan)),
    ),
    st.floats(0.0, 0.45),
    st.floats(0.55, 1.0),
)
def test_winsorize_equals_pandas_quantile_and_clip(a, lower, upper):
    """The numpy winsorize (issue 12: it runs on every slider move) gives pandas' limits, NaN-aware."""
    df = pd.DataFrame(a)
    want = df.astype(float).clip(lower=df.quantile(lower), upper=df.quantile(upper), axis=1)
    got = winsorize(df, lower, upper)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12, atol=1e-9)
