"""Tests for xbmarkets.weights: presets, profiles, entropy, CRITIC, AHP, parsing."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from xbmarkets.weights import (
    PILLARS,
    PRESETS,
    PROFILES,
    ahp_weights,
    apply_profile,
    critic_weights,
    entropy_weights,
    normalise_weights,
    parse_weights,
)


def test_presets_cover_the_five_pillars_with_positive_weights_and_a_reason():
    assert {"balanced", "safe_premium", "growth_hunter", "logistics_first", "compliance_light"} <= set(PRESETS)
    for name, ws in PRESETS.items():
        assert set(ws.pillar_weights) == set(PILLARS), name
        assert all(v > 0 for v in ws.pillar_weights.values()), name
        assert len(ws.reason) > 20, name


def test_presets_encode_their_strategy():
    def top(name):
        w = PRESETS[name].pillar_weights
        return max(w, key=w.get)

    assert top("growth_hunter") == "growth"
    gh = PRESETS["growth_hunter"].pillar_weights
    assert gh["competition"] > PRESETS["balanced"].pillar_weights["competition"] * min(gh.values())
    assert top("logistics_first") == "logistics"
    assert top("compliance_light") == "regulation"
    sp = normalise_weights(PRESETS["safe_premium"].pillar_weights)
    even = 1 / len(PILLARS)
    assert sp["size"] > even and sp["regulation"] > even and sp["payments"] > even and sp["growth"] < even
    assert len(set(PRESETS["balanced"].pillar_weights.values())) == 1


def test_apply_profile_is_multiplicative_and_renormalised():
    base = {p: 1.0 for p in PILLARS}
    out = apply_profile(base, "home_furniture")
    assert sum(out.values()) == pytest.approx(1.0)
    assert out["logistics"] == pytest.approx(2 * out["growth"])
    # a switched-off pillar stays off, and extra pillars keep factor 1
    out2 = apply_profile({"growth": 1, "logistics": 0, "custom": 1}, "home_furniture")
    assert out2["logistics"] == 0.0 and out2["growth"] == pytest.approx(out2["custom"])


def test_profiles_shift_in_the_documented_direction():
    base = {p: 1.0 for p in PILLARS}
    even = 1 / len(PILLARS)
    assert apply_profile(base, "electronics")["regulation"] > even
    assert apply_profile(base, "digital_goods")["logistics"] < even
    assert apply_profile(base, "low_ticket_impulse")["payments"] > even
    assert apply_profile(base, "general") == pytest.approx({p: even for p in PILLARS})
    for name, ws in PROFILES.items():
        assert ws.reason, name


def test_apply_profile_rejects_unknown_profile_and_bad_weights():
    with pytest.raises(ValueError, match="unknown product profile 'cars'"):
        apply_profile({"growth": 1}, "cars")
    with pytest.raises(ValueError, match="all weights are zero"):
        apply_profile({"growth": 0}, "fashion")
    with pytest.raises(ValueError, match=">= 0"):
        apply_profile({"growth": -1}, "fashion")


def test_entropy_weights_hand_derived():
    """Column a is constant (entropy 1 → no information); b = (1, 0): p = (1, 0), entropy 0;
    c = (1, 3): p = (.25, .75), e = −(.25 ln .25 + .75 ln .75)/ln 2 = 0.811278…;
    weights ∝ (0, 1, 1 − e)."""
    df = pd.DataFrame({"a": [2.0, 2.0], "b": [1.0, 0.0], "c": [1.0, 3.0]})
    e_c = -(0.25 * math.log(0.25) + 0.75 * math.log(0.75)) / math.log(2)
    expected = np.array([0.0, 1.0, 1 - e_c]) / (2 - e_c)
    assert entropy_weights(df).to_numpy() == pytest.approx(expected)


def test_entropy_weights_ignore_missing_values():
    df = pd.DataFrame({"b": [1.0, 0.0, np.nan], "c": [1.0, 3.0, np.nan]})
    full = pd.DataFrame({"b": [1.0, 0.0], "c": [1.0, 3.0]})
    assert entropy_weights(df).to_numpy() == pytest.approx(entropy_weights(full).to_numpy())


def test_entropy_weights_reject_negative_and_default_to_equal():
    with pytest.raises(ValueError, match="non-negative"):
        entropy_weights(pd.DataFrame({"a": [-1.0, 1.0]}))
    w = entropy_weights(pd.DataFrame({"a": [1.0, 1.0], "b": [5.0, 5.0]}))
    assert w.tolist() == [0.5, 0.5]


def test_critic_weights_hand_derived():
    """a and b are uncorrelated with equal spread, c duplicates a (r = 1):
    C_a = σ(0 + 1 + 0), C_b = σ(1 + 0 + 1), C_c = σ(0 + 1 + 0) → weights (.25, .5, .25)."""
    df = pd.DataFrame({"a": [0, 1, 0, 1], "b": [0, 0, 1, 1], "c": [0, 1, 0, 1]}, dtype=float)
    assert critic_weights(df).tolist() == pytest.approx([0.25, 0.5, 0.25])
    two = critic_weights(df[["a", "b"]])
    assert two.tolist() == pytest.approx([0.5, 0.5])


def test_critic_constant_column_gets_zero_and_direction_irrelevant_for_weight():
    df = pd.DataFrame({"a": [1.0, 2.0, 4.0], "k": [3.0, 3.0, 3.0], "b": [5.0, 1.0, 2.0]})
    w = critic_weights(df)
    assert w["k"] == 0.0 and w.sum() == pytest.approx(1.0)
    flipped = critic_weights(df, {"a": -1, "k": 1, "b": -1})
    assert flipped.to_numpy() == pytest.approx(w.to_numpy())


def test_critic_matches_pymcdm():
    pymcdm = pytest.importorskip("pymcdm")
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 10, size=(30, 4))
    ref = pymcdm.weights.critic_weights(x)
    got = critic_weights(pd.DataFrame(x, columns=list("abcd")))
    assert got.to_numpy() == pytest.approx(ref, abs=1e-9)


SAATY_WEALTH = np.array(
    [
        [1, 4, 9, 6, 6, 5, 5],
        [1 / 4, 1, 7, 5, 5, 3, 4],
        [1 / 9, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 7, 1 / 5],
        [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
        [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
        [1 / 5, 1 / 3, 7, 3, 3, 1, 2],
        [1 / 5, 1 / 4, 5, 3, 3, 1 / 2, 1],
    ]
)


def test_ahp_saaty_1980_relative_wealth_of_nations():
    """Saaty (1980), *The Analytic Hierarchy Process*, relative wealth of nations
    (US, USSR, China, France, UK, Japan, W. Germany): eigenvector .427, .230, .021, .052,
    .052, .123, .094 and λmax = 7.61."""
    res = ahp_weights(SAATY_WEALTH)
    assert res.weights.round(3).tolist() == [0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094]
    assert round(res.lambda_max, 2) == 7.61
    assert res.consistency_index == pytest.approx((res.lambda_max - 7) / 6)
    assert res.consistency_ratio == pytest.approx(res.consistency_index / 1.32)
    assert res.consistent


def test_ahp_perfectly_consistent_matrix_has_zero_cr():
    w = np.array([0.5, 0.25, 0.15, 0.1])
    a = pd.DataFrame(w[:, None] / w[None, :], index=list("abcd"), columns=list("abcd"))
    res = ahp_weights(a)
    assert res.weights.to_numpy() == pytest.approx(w)
    assert list(res.weights.index) == list("abcd")
    assert res.lambda_max == pytest.approx(4.0)
    assert res.consistency_ratio == pytest.approx(0.0, abs=1e-12)
    assert res.consistent


def test_ahp_flags_inconsistent_judgements():
    # a > b (9), b > c (9) but c > a (9): a cycle
    a = np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    res = ahp_weights(a)
    assert res.consistency_ratio > 0.1
    assert not res.consistent


def test_ahp_accepts_rounded_reciprocals_but_rejects_bad_matrices():
    ok = ahp_weights(np.array([[1, 3], [0.33, 1]]))
    assert ok.weights.iloc[0] > ok.weights.iloc[1]
    with pytest.raises(ValueError, match="not reciprocal"):
        ahp_weights(np.array([[1, 3], [3, 1]]))
    with pytest.raises(ValueError, match="positive"):
        ahp_weights(np.array([[1, -2], [-0.5, 1]]))
    with pytest.raises(ValueError, match="square"):
        ahp_weights(np.ones((2, 3)))
    with pytest.raises(ValueError, match="diagonal"):
        ahp_weights(np.array([[2, 1], [1, 2]]))


def test_parse_weights_good_and_bad():
    assert parse_weights("growth=2, logistics=1") == {"growth": 2.0, "logistics": 1.0}
    assert parse_weights("growth:0.5", allowed=PILLARS) == {"growth": 0.5}
    for junk, msg in [
        ("", "empty"),
        ("growth", "name=number"),
        ("growth=abc", "not a number"),
        ("growth=-1", ">= 0"),
        ("growth=1,,logistics=2", "empty entry"),
        ("growth=1,growth=2", "given twice"),
        ("growth=0,logistics=0", "all weights are zero"),
        ("growth=nan", "finite"),
    ]:
        with pytest.raises(ValueError, match=msg):
            parse_weights(junk)
    with pytest.raises(ValueError, match="unknown name 'speed'"):
        parse_weights("speed=1", allowed=PILLARS)


def test_weight_helpers_reject_junk():
    with pytest.raises(ValueError, match="not a number"):
        normalise_weights({"growth": "high"})
    with pytest.raises(ValueError, match="non-empty DataFrame"):
        entropy_weights(pd.DataFrame())
    with pytest.raises(ValueError, match="non-numeric"):
        critic_weights(pd.DataFrame({"a": ["x", "y"]}))
    with pytest.raises(ValueError, match="infinite"):
        entropy_weights(pd.DataFrame({"a": [1.0, np.inf]}))


def test_ahp_rejects_mislabelled_oversized_and_non_numeric_matrices():
    with pytest.raises(ValueError, match="labels"):
        ahp_weights(pd.DataFrame([[1, 2], [0.5, 1]], index=["a", "b"], columns=["b", "a"]))
    with pytest.raises(ValueError, match="at most 10"):
        ahp_weights(np.ones((11, 11)))
    with pytest.raises(ValueError, match="numbers only"):
        ahp_weights(np.array([["1", "x"], ["y", "1"]], dtype=object))
