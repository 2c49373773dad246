"""Tests for xbmarkets.methods: published examples, textbook cross-checks, NaN handling, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from xbmarkets.methods import topsis, vikor, vikor_details, weighted_sum

COLS = ["c1", "c2", "c3"]
TZENG = pd.DataFrame([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], columns=COLS, index=list("ABCD"))
TZENG_W = {"c1": 0.3, "c2": 0.4, "c3": 0.3}
BENEFIT = {c: 1 for c in COLS}


def textbook_topsis(x: np.ndarray, w: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Hwang & Yoon step by step, on a complete matrix; the reference for the fast core."""
    r = x / np.sqrt((x**2).sum(axis=0))
    v = r * (w / w.sum())
    ideal = np.where(d > 0, v.max(axis=0), v.min(axis=0))
    anti = np.where(d > 0, v.min(axis=0), v.max(axis=0))
    dp = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    dm = np.sqrt(((v - anti) ** 2).sum(axis=1))
    return dm / (dp + dm)


def textbook_topsis_nan(x: np.ndarray, w: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Per alternative: distances over its present criteria, weights re-spread, column stats over present values."""
    norm = np.sqrt(np.nansum(x**2, axis=0))
    v = x / norm
    ideal = np.where(d > 0, np.nanmax(v, axis=0), np.nanmin(v, axis=0))
    anti = np.where(d > 0, np.nanmin(v, axis=0), np.nanmax(v, axis=0))
    out = np.empty(len(x))
    for i in range(len(x)):
        p = ~np.isnan(x[i])
        wi = w[p] / w[p].sum()
        dp = np.sqrt((wi**2 * (v[i, p] - ideal[p]) ** 2).sum())
        dm = np.sqrt((wi**2 * (v[i, p] - anti[p]) ** 2).sum())
        out[i] = dm / (dp + dm)
    return out


def test_topsis_tzeng_huang_2011_example():
    """Tzeng & Huang (2011), *Multiple Attribute Decision Making: Methods and Applications*, TOPSIS example:
    weights (.3, .4, .3), all benefit → closeness .5037, .6581, .7482, .3340."""
    cc = topsis(TZENG, TZENG_W, BENEFIT)
    assert cc.round(4).tolist() == [0.5037, 0.6581, 0.7482, 0.3340]
    assert list(cc.index) == list("ABCD")


def test_wsm_triantaphyllou_2000_example():
    """Triantaphyllou (2000), *Multi-Criteria Decision Making Methods: A Comparative Study*, ch. 2 WSM example:
    weights (.20, .15, .40, .25) on raw same-unit data → A1 21.50, A2 22.00, A3 22.00."""
    m = pd.DataFrame(
        [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]],
        columns=["C1", "C2", "C3", "C4"],
        index=["A1", "A2", "A3"],
    )
    w = {"C1": 0.20, "C2": 0.15, "C3": 0.40, "C4": 0.25}
    s = weighted_sum(m, w, {c: 1 for c in m.columns}, normalization=None)
    assert s.tolist() == pytest.approx([21.50, 22.00, 22.00])


def test_vikor_hand_derived_on_tzeng_matrix():
    """VIKOR steps (Opricovic & Tzeng 2004) by hand on the matrix above, all benefit:
    best f* = (8, 8, 8), worst f^ = (5, 4, 4), so the weighted gaps w·(f*−f)/(f*−f^) are
    A (.3, 0, .3), B (.1, .2, 0), C (0, 0, .15), D (.1, .4, .15):
    S = (.60, .30, .15, .65), R = (.30, .20, .15, .40),
    Q (v=.5) = .5(S−.15)/.5 + .5(R−.15)/.25 = (.75, .25, 0, 1)."""
    det = vikor_details(TZENG, TZENG_W, BENEFIT)
    assert det["S"].tolist() == pytest.approx([0.60, 0.30, 0.15, 0.65])
    assert det["R"].tolist() == pytest.approx([0.30, 0.20, 0.15, 0.40])
    assert det["Q"].tolist() == pytest.approx([0.75, 0.25, 0.0, 1.0])
    assert vikor(TZENG, TZENG_W, BENEFIT).tolist() == pytest.approx([0.25, 0.75, 1.0, 0.0])


def test_vikor_matches_pymcdm():
    pymcdm = pytest.importorskip("pymcdm")
    rng = np.random.default_rng(3)
    x = rng.uniform(1, 50, size=(30, 5))
    w = rng.uniform(0.1, 1, 5)
    d = np.array([1, -1, 1, -1, 1])
    cols = [f"k{i}" for i in range(5)]
    ours = vikor_details(
        pd.DataFrame(x, columns=cols), dict(zip(cols, w, strict=False)), dict(zip(cols, d, strict=False))
    )["Q"]
    ref = pymcdm.methods.VIKOR()(x, w / w.sum(), d)
    assert ours.to_numpy() == pytest.approx(ref, abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_topsis_equals_textbook_on_random_matrices(seed):
    rng = np.random.default_rng(seed)
    n, k = 50, 6
    x = rng.uniform(0.5, 100, size=(n, k))
    w = rng.uniform(0.05, 1, k)
    d = rng.choice([1, -1], size=k)
    cols = [f"k{i}" for i in range(k)]
    got = topsis(pd.DataFrame(x, columns=cols), dict(zip(cols, w, strict=False)), dict(zip(cols, d, strict=False)))
    assert got.to_numpy() == pytest.approx(textbook_topsis(x, w, d), abs=1e-12)


def test_topsis_no_cancellation_on_large_close_values():
    """Values near 1e9 that differ only in the 7th digit: the centred one-pass formula must agree with the textbook."""
    rng = np.random.default_rng(7)
    x = 1e9 + rng.uniform(0, 1000, size=(200, 4))
    w = np.array([0.4, 0.3, 0.2, 0.1])
    d = np.array([1, -1, 1, 1])
    cols = list("abcd")
    got = topsis(pd.DataFrame(x, columns=cols), dict(zip(cols, w, strict=False)), dict(zip(cols, d, strict=False)))
    assert got.to_numpy() == pytest.approx(textbook_topsis(x, w, d), abs=1e-7)


def test_topsis_with_missing_values_equals_per_alternative_reference():
    rng = np.random.default_rng(11)
    x = rng.uniform(1, 10, size=(40, 5))
    x[rng.random(x.shape) < 0.25] = np.nan
    x[0, 1:] = np.nan  # one criterion only
    w = rng.uniform(0.1, 1, 5)
    d = np.array([1, -1, 1, 1, -1])
    cols = list("abcde")
    keep = ~np.isnan(x).all(axis=1)
    got = topsis(pd.DataFrame(x, columns=cols), dict(zip(cols, w, strict=False)), dict(zip(cols, d, strict=False)))
    assert got.to_numpy()[keep] == pytest.approx(textbook_topsis_nan(x[keep], w, d), abs=1e-12)


@pytest.mark.filterwarnings("ignore:Although TOPSIS can operate with minimization")
def test_topsis_matches_scikit_criteria():
    skc = pytest.importorskip("skcriteria")
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.preprocessing.scalers import VectorScaler

    rng = np.random.default_rng(5)
    x = rng.uniform(1, 1000, size=(300, 8))
    w = rng.uniform(0.1, 1, 8)
    d = rng.choice([1, -1], size=8)
    dm = skc.mkdm(x, [max if s > 0 else min for s in d], weights=w)
    ref = TOPSIS().evaluate(VectorScaler(target="matrix").transform(dm)).e_.similarity
    cols = [f"k{i}" for i in range(8)]
    got = topsis(pd.DataFrame(x, columns=cols), dict(zip(cols, w, strict=False)), dict(zip(cols, d, strict=False)))
    assert got.to_numpy() == pytest.approx(ref, abs=1e-12)


def test_topsis_minmax_matches_pymcdm_default():
    pymcdm = pytest.importorskip("pymcdm")
    rng = np.random.default_rng(8)
    x = rng.uniform(1, 50, size=(25, 4))
    w = np.array([0.1, 0.2, 0.3, 0.4])
    d = np.array([1, -1, -1, 1])
    ref = pymcdm.methods.TOPSIS()(x, w, d)  # pymcdm's TOPSIS default normalisation is min-max
    got = topsis(
        pd.DataFrame(x, columns=list("abcd")),
        dict(zip("abcd", w, strict=False)),
        dict(zip("abcd", d, strict=False)),
        "minmax",
    )
    assert got.to_numpy() == pytest.approx(ref, abs=1e-12)


def test_wsm_minmax_hand_computed_with_cost():
    m = pd.DataFrame({"gdp": [10.0, 20.0, 30.0], "tariff": [5.0, 1.0, 3.0]}, index=["X", "Y", "Z"])
    s = weighted_sum(m, {"gdp": 3, "tariff": 1}, {"gdp": 1, "tariff": -1})
    # minmax: gdp (0, .5, 1); tariff cost (0, 1, .5); weights .75/.25
    assert s.tolist() == pytest.approx([0.0, 0.625, 0.875])


def test_wsm_missing_values_use_weighted_mean_of_available():
    m = pd.DataFrame({"a": [0.0, 1.0, 0.5], "b": [np.nan, 0.0, 1.0]}, index=["X", "Y", "Z"])
    s = weighted_sum(m, {"a": 1, "b": 3}, {"a": 1, "b": 1}, normalization=None)
    assert s["X"] == 0.0  # only a present: its own value, not dragged by a zero-filled b
    assert s["Y"] == pytest.approx(0.25)
    assert s["Z"] == pytest.approx(0.875)


@pytest.mark.parametrize("method", [weighted_sum, topsis, vikor])
def test_alternative_without_any_value_scores_nan(method):
    m = pd.DataFrame({"a": [1.0, 2.0, np.nan, 3.0], "b": [3.0, 1.0, np.nan, 2.0]})
    s = method(m, {"a": 1, "b": 1}, {"a": 1, "b": -1})
    assert np.isnan(s.iloc[2])
    assert s.drop(index=2).notna().all()


def test_alternative_with_values_only_on_zero_weight_criteria_scores_nan():
    m = pd.DataFrame({"a": [1.0, np.nan, 3.0], "b": [3.0, 1.0, 2.0]})
    for method in (weighted_sum, topsis):
        s = method(m, {"a": 1, "b": 0}, {"a": 1, "b": 1})
        assert np.isnan(s.iloc[1]) and s.iloc[[0, 2]].notna().all()


@pytest.mark.parametrize("method", [weighted_sum, topsis, vikor])
def test_constant_matrix_gives_finite_equal_scores(method):
    m = pd.DataFrame({"a": [2.0, 2.0, 2.0], "b": [0.0, 0.0, 0.0]})
    s = method(m, {"a": 1, "b": 1}, {"a": 1, "b": -1})
    assert s.notna().all() and s.nunique() == 1


@pytest.mark.parametrize("norm", ["vector", "minmax", "zscore", "percentile"])
def test_topsis_dominant_alternative_scores_one(norm):
    m = pd.DataFrame({"a": [9.0, 2.0, 5.0], "b": [1.0, 3.0, 2.0]}, index=["best", "p", "q"])
    s = topsis(m, {"a": 1, "b": 1}, {"a": 1, "b": -1}, normalization=norm)
    assert s["best"] == pytest.approx(1.0)
    assert s.idxmax() == "best"


def test_weight_scale_does_not_matter():
    a = topsis(TZENG, TZENG_W, BENEFIT)
    b = topsis(TZENG, {k: v * 17 for k, v in TZENG_W.items()}, BENEFIT)
    assert a.tolist() == pytest.approx(b.tolist())


def test_series_weights_and_directions_accepted():
    s = weighted_sum(TZENG, pd.Series(TZENG_W), pd.Series(BENEFIT))
    assert s.idxmax() == "C"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": {"c1": 0, "c2": 0, "c3": 0}}, "all weights are zero"),
        ({"weights": {"c1": -1, "c2": 1, "c3": 1}}, "negative for c1"),
        ({"weights": {"c1": np.nan, "c2": 1, "c3": 1}}, "finite"),
        ({"weights": {"c1": 1, "c2": 1}}, "missing criteria c3"),
        ({"weights": {"c1": 1, "c2": 1, "c3": 1, "zz": 1}}, "unknown criteria zz"),
        ({"directions": {"c1": 1, "c2": 0, "c3": 1}}, r"direction of 'c2' must be \+1"),
        ({"directions": {"c1": 1, "c2": 1}}, "directions do not match"),
        ({"normalization": "l2"}, "unknown normalization 'l2'"),
    ],
)
def test_bad_arguments_raise_clear_value_errors(kwargs, message):
    args = {"matrix": TZENG, "weights": TZENG_W, "directions": BENEFIT} | kwargs
    with pytest.raises(ValueError, match=message):
        (weighted_sum if "normalization" in kwargs else topsis)(**args)


def test_bad_matrices_raise():
    with pytest.raises(ValueError, match="empty"):
        topsis(pd.DataFrame(columns=COLS, dtype=float), TZENG_W, BENEFIT)
    with pytest.raises(ValueError, match="non-numeric"):
        weighted_sum(TZENG.assign(c1=list("wxyz")), TZENG_W, BENEFIT)
    with pytest.raises(ValueError, match="infinite"):
        topsis(TZENG.astype(float).assign(c1=np.inf), TZENG_W, BENEFIT)
    with pytest.raises(ValueError, match="benefit-oriented"):
        weighted_sum(TZENG, TZENG_W, {"c1": -1, "c2": 1, "c3": 1}, normalization=None)
    with pytest.raises(ValueError, match=r"v must be a number in \[0, 1\]"):
        vikor(TZENG, TZENG_W, BENEFIT, v=1.5)


def test_topsis_extremes_are_exact_even_on_large_offsets():
    """A dominating / dominated alternative sits exactly on the ideal / anti-ideal: closeness 1 and 0,
    with no rounding residue from expanding squares (values near 1e9)."""
    m = pd.DataFrame(
        {"a": [1e9 + 7, 1e9 + 1, 1e9 + 3], "b": [2e9 + 1, 2e9 + 9, 2e9 + 4]}, index=["top", "bottom", "mid"]
    )
    s = topsis(m, {"a": 2, "b": 1}, {"a": 1, "b": -1})
    assert s["top"] == 1.0 and s["bottom"] == 0.0
    assert 0.0 < s["mid"] < 1.0


def test_topsis_on_prenormalised_matrix_equals_vector_normalisation():
    from xbmarkets.normalize import vector

    rng = np.random.default_rng(12)
    df = pd.DataFrame(rng.uniform(1, 9, size=(20, 3)), columns=COLS)
    d = {"c1": 1, "c2": -1, "c3": 1}
    expected = topsis(df, TZENG_W, d)
    assert topsis(vector(df), TZENG_W, d, normalization=None).to_numpy() == pytest.approx(expected.to_numpy())
    # vector(df, d) is already benefit-oriented (costs mirrored): same closeness with all-benefit directions
    assert topsis(vector(df, d), TZENG_W, BENEFIT, normalization=None).to_numpy() == pytest.approx(expected.to_numpy())


def test_vikor_with_no_scorable_alternative_is_all_nan():
    m = pd.DataFrame({"a": [np.nan, np.nan], "b": [np.nan, np.nan]})
    assert vikor(m, {"a": 1, "b": 1}, None).isna().all()
