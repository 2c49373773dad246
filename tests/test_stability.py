"""Weight stability intervals (xbmarkets.stability) against brute-force scans of the moving weight.

The scans re-aggregate with `methods.weighted_sum` / `methods.topsis` (the
public methods, not the interval algebra) on a dense grid, and re-score end
to end with `scoring.score` just inside and just outside each interval end.
Pillar names are read from the result, never assumed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from synthetic import FIVE_PILLARS, five_pillar_dm, make_dm

from xbmarkets.matrix import build_matrix
from xbmarkets.methods import topsis, weighted_sum
from xbmarkets.scoring import score
from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot
from xbmarkets.stability import STABILITY_COLUMNS, TOLERANCE, path_weights, percent, stability_intervals


@pytest.fixture(scope="module")
def real_dm():
    return build_matrix(load_snapshot(DEFAULT_DATA_DIR))


def _equal_weights(dm) -> dict[str, float]:
    return {p: 1.0 for p in dm.pillars.unique()}


def _top(result, weights: np.ndarray, k: int) -> list[str]:
    """Top k by re-aggregating the pillar scores with the public method at `weights` (ties: ISO3)."""
    pillars = list(result.pillars)
    matrix = result.table[pillars]
    w = dict(zip(pillars, weights, strict=True))
    s = weighted_sum(matrix, w, None, normalization=None) if result.method == "wsm" else topsis(matrix, w, None)
    frame = pd.DataFrame({"s": np.round(s.to_numpy(), 12), "iso3": s.index})
    return frame.sort_values(["s", "iso3"], ascending=[False, True])["iso3"].head(k).tolist()


def _full_top(dm, result, weights: np.ndarray, k: int) -> list[str]:
    """Top k from a full re-score with `scoring.score` (same settings, new pillar weights)."""
    again = score(
        dm,
        dict(zip(result.pillars, weights, strict=True)),
        method=result.method,
        coverage_threshold=result.coverage_threshold,
    )
    return again.table.index[:k].tolist()


def _scan_agrees(result, k: int, step: float = 1e-3, margin: float = 2e-3) -> None:
    """Inside [low, high] the top k is the current one; just beyond each end it is not, and the named market enters."""
    st_ = stability_intervals(result, k)
    now = result.pillar_weights[list(result.pillars)].to_numpy()
    now = now / now.sum()
    current = sorted(result.table.index[:k])
    for j, row in st_.table.iterrows():
        grid = np.arange(0.0, 1.0 + step / 2, step)
        inside = grid[(grid > row.low + margin) & (grid < row.high - margin)]
        for t in inside[:: max(1, len(inside) // 60)]:
            assert sorted(_top(result, path_weights(now, j, [t])[0], k)) == current, (row.pillar, t)
        for end, edge, sign in (("high", row.high, 1.0), ("low", row.low, -1.0)):
            if (sign > 0 and edge >= 1.0) or (sign < 0 and edge <= 0.0):
                assert row[f"{end}_in"] == ""
                continue
            beyond = edge + sign * (TOLERANCE * 10 if result.method == "topsis" else 1e-7)
            after = _top(result, path_weights(now, j, [beyond])[0], k)
            assert sorted(after) != current, (row.pillar, end)
            assert row[f"{end}_in"] in after and row[f"{end}_out"] not in after


@pytest.mark.parametrize("method", ["wsm", "topsis"])
@pytest.mark.parametrize("k", [1, 3])
def test_intervals_match_a_brute_force_scan_on_small_data(method: str, k: int) -> None:
    dm = five_pillar_dm(n=12, seed=4)
    result = score(dm, {"growth": 2, "competition": 1, "logistics": 3, "payments": 1, "regulation": 1}, method=method)
    _scan_agrees(result, k)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_intervals_match_a_brute_force_scan_on_the_shipped_data(real_dm, method: str) -> None:
    result = score(real_dm, _equal_weights(real_dm), method=method)
    _scan_agrees(result, 1)
    _scan_agrees(result, 5)


@pytest.mark.parametrize(
    ("threshold", "with_dm", "method"), [(0.0, False, "wsm"), (0.5, True, "wsm"), (0.5, True, "topsis")]
)
def test_interval_ends_hold_under_a_full_rescore(real_dm, threshold: float, with_dm: bool, method: str) -> None:
    """Threshold 0: the ranked field cannot move, the fixed-field algebra must agree with a full re-score.
    Default threshold: the field moves along the path; given the matrix the intervals must follow it."""
    result = score(real_dm, _equal_weights(real_dm), coverage_threshold=threshold, method=method)
    table = stability_intervals(result, 1, real_dm if with_dm else None).table
    step = 1e-6 if method == "wsm" else 10 * TOLERANCE
    now = result.pillar_weights[list(result.pillars)].to_numpy()
    leader = result.table.index[0]
    for j, row in table.iterrows():
        for end, edge, sign in (("high", row.high, 1.0), ("low", row.low, -1.0)):
            if not 0.0 < edge < 1.0:
                continue
            assert _full_top(real_dm, result, path_weights(now, j, [edge - sign * step])[0], 1) == [leader]
            assert _full_top(real_dm, result, path_weights(now, j, [edge + sign * step])[0], 1) == [row[f"{end}_in"]]


def test_the_path_is_cut_where_the_ranked_field_changes_and_rescored_exactly(real_dm) -> None:
    """At each break the set of ranked markets changes; the field computed past it equals a full re-score."""
    from xbmarkets.reweigh import pillar_problem
    from xbmarkets.stability import _Field, _Path

    result = score(real_dm, _equal_weights(real_dm))
    pp = pillar_problem(result)
    field = _Field.build(result, pp, real_dm)
    assert field.fast
    for j in range(len(pp.pillars)):
        path = _Path.build(field, pp, j)
        current = pp
        for stop in path.breaks[path.breaks > pp.weights[j]][:6]:  # walking up from the current share
            weights = [path_weights(pp.weights, j, [stop + d])[0] for d in (-1e-7, 1e-7)]
            before, after = (score(real_dm, dict(zip(pp.pillars, w, strict=True))) for w in weights)
            assert set(before.table.index) != set(after.table.index), (j, stop)
            current = path.problem_after(stop, True, current)
            assert set(current.codes) == set(after.table.index)
            expected = after.table.loc[list(current.codes), list(pp.pillars)].to_numpy()
            np.testing.assert_allclose(current.scores, expected, atol=1e-12)


def test_table_columns_sentences_and_the_current_top() -> None:
    dm = five_pillar_dm(n=10, seed=2)
    result = score(dm, dict.fromkeys(set(FIVE_PILLARS.values()), 1.0))
    st_ = stability_intervals(result, 3)
    assert tuple(st_.table.columns) == STABILITY_COLUMNS
    assert st_.top == tuple(result.table.index[:3])
    assert st_.tolerance is None and st_.k == 3
    assert len(st_.table) == len(result.pillars)
    leader = result.table["name"].iloc[0]
    for sentence, row in zip(st_.sentences, st_.table.itertuples(), strict=True):
        assert row.pillar in sentence and "Your top 3" in sentence
        if row.high < 1.0:
            assert row.high_in_name in sentence
    one = stability_intervals(result, 1)
    assert all(f"Your first market, {leader}, stays first" in s for s in one.sentences)


def test_a_single_weighted_pillar_cannot_move() -> None:
    dm = five_pillar_dm(n=8, seed=3)
    result = score(dm, {"logistics": 1.0})
    row = stability_intervals(result, 1).table.iloc[0]
    assert row.pillar == "logistics" and row.low == row.high == row.weight_now == 1.0
    assert "only weighted pillar" in row.sentence


def test_top_k_as_large_as_the_field_never_changes() -> None:
    dm = five_pillar_dm(n=6, seed=5)
    result = score(dm, dict.fromkeys(set(FIVE_PILLARS.values()), 1.0))
    table = stability_intervals(result, 99).table
    assert (table["low"] == 0.0).all() and (table["high"] == 1.0).all() and (table["k"] == 6).all()


def test_a_leader_that_wins_everywhere_gets_the_whole_range() -> None:
    values = {"AAA": {"x": 9, "y": 9}, "BBB": {"x": 5, "y": 1}, "CCC": {"x": 1, "y": 5}}
    result = score(make_dm(values, {"x": "growth", "y": "logistics"}), {"growth": 1, "logistics": 1})
    table = stability_intervals(result, 1).table
    assert (table["low"] == 0.0).all() and (table["high"] == 1.0).all()
    assert "whatever the" in table["sentence"].iloc[0]


def test_hand_computed_crossing() -> None:
    """Two markets, two pillars (min-max scores 1/0): A leads while x's share t satisfies t ≥ 1 − t."""
    values = {"AAA": {"x": 10, "y": 0}, "BBB": {"x": 0, "y": 10}, "CCC": {"x": 1, "y": 1}}
    result = score(make_dm(values, {"x": "growth", "y": "logistics"}), {"growth": 3, "logistics": 1})
    assert result.table.index[0] == "AAA"
    row = stability_intervals(result, 1).table.set_index("pillar").loc["growth"]
    assert row.low == pytest.approx(0.5, abs=1e-12) and row.high == 1.0
    assert row.low_in == "BBB" and row.low_out == "AAA"


def test_refuses_vikor_and_bad_k() -> None:
    dm = five_pillar_dm(n=6)
    with pytest.raises(ValueError, match="weighted sum and TOPSIS"):
        stability_intervals(score(dm, {"growth": 1, "logistics": 1}, method="vikor"))
    result = score(dm, {"growth": 1, "logistics": 1})
    for bad in (0, -1, 1.5, True, "3"):
        with pytest.raises(ValueError, match="k must be"):
            stability_intervals(result, bad)  # type: ignore[arg-type]


def test_percent_adds_decimals_only_to_tell_numbers_apart() -> None:
    assert percent(0.31) == "31 %"
    assert percent(0.31, 0.2) == "31 %"
    assert percent(0.2004, 0.2) == "20.04 %"
    assert percent(0.2, 0.2004) == "20.00 %"
    assert percent(0.205, 0.2) == "20.5 %"
    assert percent(0.003) == "0.3 %" and percent(0.9996) == "99.96 %" and percent(0.0) == "0 %"


# --------------------------------------------------------------------------- properties

_weights = st.lists(st.floats(min_value=0.05, max_value=10.0), min_size=3, max_size=3)


@settings(max_examples=40)
@given(seed=st.integers(0, 10_000), raw=_weights, k=st.integers(1, 4), method=st.sampled_from(["wsm", "topsis"]))
def test_interval_contains_the_current_weight(seed: int, raw: list[float], k: int, method: str) -> None:
    dm = five_pillar_dm(n=9, seed=seed)
    result = score(dm, dict(zip(["growth", "logistics", "payments"], raw, strict=True)), method=method)
    table = stability_intervals(result, k).table
    assert ((table["low"] <= table["weight_now"]) & (table["weight_now"] <= table["high"])).all()
    assert ((table["low"] >= 0.0) & (table["high"] <= 1.0)).all()


@settings(max_examples=25)
@given(seed=st.integers(0, 10_000), raw=_weights, scale=st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_all_weights_changes_nothing(seed: int, raw: list[float], scale: float) -> None:
    dm = five_pillar_dm(n=9, seed=seed)
    pillars = ["growth", "logistics", "payments"]
    a = stability_intervals(score(dm, dict(zip(pillars, raw, strict=True))), 2).table
    b = stability_intervals(score(dm, {p: v * scale for p, v in zip(pillars, raw, strict=True)}), 2).table
    pd.testing.assert_frame_equal(
        a.drop(columns=["low", "high", "weight_now"]), b.drop(columns=["low", "high", "weight_now"])
    )
    for col in ("low", "high", "weight_now"):
        np.testing.assert_allclose(a[col], b[col], atol=1e-9)
