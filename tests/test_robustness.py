"""Tests for xbmarkets.robustness: Monte Carlo rank acceptability and the plain-words verdict."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from xbmarkets.methods import topsis, weighted_sum
from xbmarkets.robustness import MAX_DRAWS, rank_acceptability, stability_verdict

COLS = ["g", "c", "l", "p"]
DIRS = {"g": 1, "c": -1, "l": 1, "p": 1}


def random_matrix(seed: int, n: int = 12, missing: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, size=(n, len(COLS)))
    x[rng.random(x.shape) < missing] = np.nan
    return pd.DataFrame(x, columns=COLS, index=[f"E{i:02d}" for i in range(n)])


def reference(df, weights, method, draws, seed, concentration=None, normalization="default"):
    """One call of the public method per draw, ranks by sorting: slow but obviously right."""
    w = np.array([weights[c] for c in COLS], dtype=float)
    w = w / w.sum()
    rng = np.random.default_rng(seed)
    alpha = np.ones(len(COLS)) if concentration is None else concentration * w
    draws_w = rng.dirichlet(alpha, size=draws)
    fn = weighted_sum if method == "wsm" else topsis
    kw = {} if normalization == "default" else {"normalization": normalization}
    ranks = []
    for row in draws_w:
        s = fn(df, dict(zip(COLS, row, strict=False)), DIRS, **kw).to_numpy()
        order = np.argsort(-np.where(np.isnan(s), -np.inf, s), kind="stable")
        r = np.empty(len(s))
        r[order] = np.arange(1, len(s) + 1)
        ranks.append(r)
    return np.array(ranks)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
@pytest.mark.parametrize("missing", [0.0, 0.2])
def test_matches_per_draw_reference(method, missing):
    df = random_matrix(4, missing=missing)
    df.iloc[3] = np.nan  # an alternative that cannot be scored
    weights = {"g": 3, "c": 1, "l": 2, "p": 1}
    ranks = reference(df, weights, method, draws=300, seed=9)
    got = rank_acceptability(df, weights, DIRS, method=method, draws=300, seed=9, top_k=3)
    ok = np.arange(len(df)) != 3
    assert got.iloc[3].isna().all()
    assert got["p_first"].to_numpy()[ok] == pytest.approx((ranks == 1).mean(axis=0)[ok])
    assert got["p_top_k"].to_numpy()[ok] == pytest.approx((ranks <= 3).mean(axis=0)[ok])
    for col, q in [("median_rank", 0.5), ("rank_p05", 0.05), ("rank_p95", 0.95)]:
        expected = np.quantile(ranks, q, axis=0, method="inverted_cdf")
        assert got[col].to_numpy()[ok] == pytest.approx(expected[ok]), col
    assert got["mean_rank"].to_numpy()[ok] == pytest.approx(ranks.mean(axis=0)[ok])


@pytest.mark.parametrize(("method", "norm"), [("topsis", "minmax"), ("topsis", None), ("wsm", "percentile")])
def test_other_normalisations_match_reference(method, norm):
    df = random_matrix(13, missing=0.1)
    if norm is None and method == "topsis":
        df = df / 10.0  # TOPSIS on values as given; directions still choose the ideal
    w = {"g": 1, "c": 1, "l": 2, "p": 1}
    ranks = reference(df, w, method, draws=200, seed=4, normalization=norm)
    got = rank_acceptability(df, w, DIRS, method=method, draws=200, seed=4, normalization=norm)
    assert got["p_first"].to_numpy() == pytest.approx((ranks == 1).mean(axis=0))
    assert got["median_rank"].to_numpy() == pytest.approx(np.quantile(ranks, 0.5, axis=0, method="inverted_cdf"))


def test_wsm_without_normalisation_rejects_cost_criteria():
    with pytest.raises(ValueError, match="benefit-oriented"):
        rank_acceptability(random_matrix(0), {c: 1 for c in COLS}, DIRS, normalization=None)


def test_rank_at_base_matches_method_ranking():
    df = random_matrix(1)
    w = {"g": 1, "c": 2, "l": 1, "p": 1}
    got = rank_acceptability(df, w, DIRS, draws=50)
    base = weighted_sum(df, w, DIRS).rank(ascending=False, method="first")
    assert got["rank_at_base"].tolist() == base.tolist()


def test_first_place_shares_sum_to_one_and_columns_are_consistent():
    df = random_matrix(2, n=30, missing=0.1)
    got = rank_acceptability(df, {c: 1 for c in COLS}, DIRS, draws=2000, top_k=5)
    assert got["p_first"].sum() == pytest.approx(1.0)
    assert got["p_top_k"].sum() == pytest.approx(5.0)
    assert (got["p_top_k"] >= got["p_first"]).all()
    assert (got["rank_p05"] <= got["median_rank"]).all() and (got["median_rank"] <= got["rank_p95"]).all()
    assert list(got.index) == list(df.index)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_dominating_alternative_is_always_first(method):
    df = random_matrix(3)
    df.loc["E05"] = [20.0, -1.0, 20.0, 20.0]  # best on every criterion (c is a cost)
    got = rank_acceptability(df, {c: 1 for c in COLS}, DIRS, method=method, draws=1000)
    assert got.loc["E05", "p_first"] == 1.0
    assert got.loc["E05", "rank_p95"] == 1.0


def test_same_seed_same_frame_and_other_seed_differs():
    df = random_matrix(5)
    a = rank_acceptability(df, {c: 1 for c in COLS}, DIRS, draws=500, seed=1)
    b = rank_acceptability(df, {c: 1 for c in COLS}, DIRS, draws=500, seed=1)
    c = rank_acceptability(df, {c: 1 for c in COLS}, DIRS, draws=500, seed=2)
    pd.testing.assert_frame_equal(a, b)
    assert not a["p_first"].equals(c["p_first"])


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_huge_concentration_reproduces_the_base_ranking(method):
    df = random_matrix(6)
    w = {"g": 4, "c": 1, "l": 2, "p": 3}
    got = rank_acceptability(df, w, DIRS, method=method, draws=500, concentration=1e7)
    fn = weighted_sum if method == "wsm" else topsis
    base_rank = fn(df, w, DIRS).rank(ascending=False, method="first")
    assert got["median_rank"].tolist() == base_rank.tolist()
    assert got.loc[base_rank.idxmin(), "p_first"] > 0.99


def test_zero_weight_criterion_stays_switched_off():
    df = random_matrix(7)
    df["p"] = 0.0
    df.loc["E01", "p"] = 1000.0  # would win outright if p got any weight (minmax makes it 1 vs 0)
    df.loc["E01", ["g", "l"]] = 0.0
    df.loc["E01", "c"] = 10.0
    got = rank_acceptability(df, {"g": 1, "c": 1, "l": 1, "p": 0}, DIRS, draws=500)
    assert got.loc["E01", "p_first"] == 0.0


def test_chunking_gives_the_same_counts_as_a_single_chunk(monkeypatch):
    import xbmarkets.robustness as rob

    df = random_matrix(8)
    w = {c: 1 for c in COLS}
    whole = rank_acceptability(df, w, DIRS, draws=600, concentration=5.0)
    monkeypatch.setattr(rob, "_CHUNK_CELLS", 12 * 7)  # 7 draws per chunk
    chunked = rank_acceptability(df, w, DIRS, draws=600, concentration=5.0)
    # Dirichlet rows come from the stream in order, so chunking must not change a single count
    pd.testing.assert_frame_equal(chunked, whole)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"draws": 0}, "draws must be"),
        ({"draws": MAX_DRAWS + 1}, "200,000"),
        ({"draws": 10.5}, "draws must be"),
        ({"concentration": 0}, "concentration must be a positive"),
        ({"concentration": -2.0}, "concentration must be a positive"),
        ({"concentration": float("nan")}, "concentration must be a positive"),
        ({"concentration": "lots"}, "concentration must be a positive"),
        ({"method": "vikor"}, "unknown method 'vikor'"),
        ({"top_k": 0}, "top_k"),
        ({"weights": {"g": 0, "c": 0, "l": 0, "p": 0}}, "all weights are zero"),
    ],
)
def test_bad_arguments(kwargs, message):
    args = {"matrix": random_matrix(0), "weights": {c: 1 for c in COLS}, "directions": DIRS} | kwargs
    with pytest.raises(ValueError, match=message):
        rank_acceptability(**args)


def frame(p_first, p_top_k=None):
    idx = [f"X{i}" for i in range(len(p_first))]
    return pd.DataFrame({"p_first": p_first, "p_top_k": p_top_k or [0.0] * len(p_first)}, index=idx)


def test_verdict_levels_and_wording():
    v = stability_verdict(frame([0.91, 0.09, 0.0]), top_k=3, names={"X0": "Poland"})
    assert v.level == "stable"
    assert v.message.startswith("Poland is first in 91% of weightings")
    f = stability_verdict(frame([0.6, 0.4]), top_k=1)
    assert f.level == "fragile" and "X0" in f.message and "X1" in f.message and "40%" in f.message
    u = stability_verdict(frame([0.3, 0.3, 0.4], [0.9, 0.5, 0.95]), top_k=2)
    assert u.level == "unstable"
    assert "X2 40%" in u.message and "X0, X2 stay in the top 2" in u.message


def test_verdict_on_real_output_and_bad_input():
    df = random_matrix(3)
    df.loc["E05"] = [20.0, -1.0, 20.0, 20.0]
    acc = rank_acceptability(df, {c: 1 for c in COLS}, DIRS, draws=200, top_k=3)
    v = stability_verdict(acc)
    assert v.level == "stable" and "E05 is first in 100%" in v.message
    with pytest.raises(ValueError, match="p_first"):
        stability_verdict(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="no alternative"):
        stability_verdict(frame([np.nan, np.nan]))


def test_scenario_acceptability_centres_on_the_ranking_shown() -> None:
    """With near-certain weights the draws reproduce the scenario's own ranking, for wsm and TOPSIS."""
    from tests.synthetic import five_pillar_dm
    from xbmarkets.robustness import scenario_acceptability
    from xbmarkets.scoring import score

    dm = five_pillar_dm()
    for method in ("wsm", "topsis"):
        result = score(dm, {p: 1.0 for p in dm.pillars.unique()}, method=method)
        acc = scenario_acceptability(result, draws=500, concentration=1e6, top_k=1, seed=1)
        assert acc.loc[result.table.index, "rank_at_base"].tolist() == result.table["rank"].tolist()
        assert acc["median_rank"].loc[result.table.index].tolist() == result.table["rank"].astype(float).tolist()
