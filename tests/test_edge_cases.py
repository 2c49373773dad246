"""Hostile and degenerate input at every public engine entry point.

Each case asserts one of two things: a `ValueError` whose message names the
problem in words a founder understands, or a well-defined result with no NaN
where a value is promised.  Never a pandas/numpy internal error, never a
silent NaN table.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from synthetic import FIVE_PILLARS, TIER_IDS, five_pillar_dm, make_dm, tier_groups_dm

from xbmarkets.explain import explain
from xbmarkets.matrix import DecisionMatrix
from xbmarkets.methods import topsis, vikor, weighted_sum
from xbmarkets.normalize import NORMALIZATIONS
from xbmarkets.plan import entry_plan
from xbmarkets.robustness import MAX_DRAWS, rank_acceptability, stability_verdict
from xbmarkets.scoring import score
from xbmarkets.tiers import assign_tiers

EQUAL = {"growth": 1, "competition": 1, "logistics": 1, "payments": 1, "regulation": 1}
METHODS = {"wsm": weighted_sum, "topsis": topsis, "vikor": vikor}
COLS = ["a", "b", "c"]
DF = pd.DataFrame(
    {"a": [3.0, 1.0, 4.0, 1.5, 5.0], "b": [9.0, 2.0, 6.0, 5.0, 3.0], "c": [5.0, 8.0, 9.0, 7.0, 9.5]},
    index=["DEU", "FRA", "USA", "BRA", "MEX"],
)
DIRS = {"a": 1, "b": -1, "c": 1}
UNIT = {c: 1.0 for c in COLS}


def acceptability(df=DF, w=None, d=DIRS, **kw):
    kw.setdefault("draws", 200)
    return rank_acceptability(df, UNIT if w is None else w, d, **kw)


def finite(frame: pd.DataFrame | pd.Series) -> bool:
    return bool(np.isfinite(np.asarray(frame, dtype=float)).all())


def replace_values(dm: DecisionMatrix, values: pd.DataFrame) -> DecisionMatrix:
    return DecisionMatrix(values, dm.years, dm.criteria, dm.economies)


# --------------------------------------------------------------------------- weights

BAD_WEIGHTS = [
    (0.0, "all weights are zero"),
    (-1.0, "must be >= 0; negative for a, b, c"),
    (np.nan, "must be finite numbers; not for a, b, c"),
    (np.inf, "must be finite numbers; not for a, b, c"),
    ("heavy", "weight of 'a' is not a number"),
]


@pytest.mark.parametrize("method", sorted(METHODS))
@pytest.mark.parametrize(("value", "message"), BAD_WEIGHTS)
def test_methods_reject_bad_weights(method, value, message):
    with pytest.raises(ValueError, match=message):
        METHODS[method](DF, {c: value for c in COLS}, DIRS)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
@pytest.mark.parametrize(("value", "message"), BAD_WEIGHTS)
def test_robustness_rejects_bad_weights(method, value, message):
    with pytest.raises(ValueError, match=message):
        acceptability(w={c: value for c in COLS}, method=method)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "all pillar weights are zero"),
        (-1, r"pillar weight for 'growth' must be a finite number >= 0, got -1"),
        (np.nan, r"pillar weight for 'growth' must be a finite number >= 0, got nan"),
        (np.inf, r"pillar weight for 'growth' must be a finite number >= 0, got inf"),
        ("2", r"pillar weight for 'growth' must be a number, got '2'"),
    ],
)
def test_score_rejects_bad_pillar_weights(value, message):
    weights = {p: 0 for p in EQUAL} if value == 0 else {**EQUAL, "growth": value}
    with pytest.raises(ValueError, match=message):
        score(five_pillar_dm(), weights)


def test_score_with_no_pillar_weights_at_all_is_all_zero():
    with pytest.raises(ValueError, match="all pillar weights are zero"):
        score(five_pillar_dm(), {})


@pytest.mark.parametrize("method", sorted(METHODS))
def test_huge_weights_mean_the_same_as_their_ratios(method):
    """1e308 + 1e308 overflows; only the ratios matter, so the result must equal the small-scale one."""
    fn = METHODS[method]
    huge = fn(DF, {c: 1e308 for c in COLS}, DIRS)
    assert finite(huge)
    pd.testing.assert_series_equal(huge, fn(DF, UNIT, DIRS), rtol=1e-12)
    mixed = fn(DF, {"a": 1e308, "b": 1e308, "c": 1e307}, DIRS)
    pd.testing.assert_series_equal(mixed, fn(DF, {"a": 10.0, "b": 10.0, "c": 1.0}, DIRS), rtol=1e-12)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_huge_weights_in_robustness_match_unit_weights(method):
    huge = acceptability(w={c: 1e308 for c in COLS}, method=method)
    assert finite(huge)
    pd.testing.assert_frame_equal(huge, acceptability(method=method))


@pytest.mark.parametrize("method", ["wsm", "topsis", "vikor"])
def test_huge_pillar_and_indicator_weights_in_score_match_small_ones(method):
    dm = five_pillar_dm()
    huge = score(dm, {p: 1e308 for p in EQUAL}, indicator_weights={"g1": 1e308, "g2": 1e308}, method=method)
    small = score(dm, EQUAL, method=method)
    assert finite(huge.table.drop(columns="name"))
    pd.testing.assert_frame_equal(huge.table, small.table, rtol=1e-12)
    assert huge.pillar_weights.sum() == pytest.approx(1.0)
    assert huge.indicator_weights.sum() == pytest.approx(1.0)


# --------------------------------------------------------------------------- tiny fields


@pytest.mark.parametrize("method", sorted(METHODS))
def test_methods_single_alternative_scores_one(method):
    s = METHODS[method](DF.iloc[:1], UNIT, DIRS)
    assert s.to_dict() == {"DEU": 1.0}


@pytest.mark.parametrize("method", sorted(METHODS))
def test_methods_two_alternatives_dominant_gets_one_other_zero(method):
    two = pd.DataFrame({"a": [2.0, 1.0], "b": [1.0, 3.0], "c": [5.0, 4.0]}, index=["DEU", "FRA"])
    s = METHODS[method](two, UNIT, DIRS)  # DEU better on a, b (cost) and c
    assert s.to_dict() == {"DEU": 1.0, "FRA": 0.0}


@pytest.mark.parametrize("method", ["wsm", "topsis", "vikor"])
def test_score_single_country_is_ranked_first_without_nan(method):
    dm = five_pillar_dm().subset(["DEU"])
    r = score(dm, EQUAL, method=method)
    assert list(r.table.index) == ["DEU"]
    assert r.table.at["DEU", "rank"] == 1
    assert r.table.at["DEU", "score"] == 1.0  # min-max of one value is 1 (nobody differs)
    assert finite(r.table.drop(columns="name"))


@pytest.mark.parametrize("method", ["wsm", "topsis", "vikor"])
def test_score_two_countries_ranks_one_and_two(method):
    dm = five_pillar_dm().subset(["DEU", "FRA"])
    r = score(dm, EQUAL, method=method)
    assert sorted(r.table["rank"]) == [1, 2]
    assert finite(r.table.drop(columns="name"))
    assert r.table["score"].between(0, 1).all()


def test_robustness_single_alternative_is_always_first():
    acc = acceptability(DF.iloc[:1])
    assert acc.loc["DEU", ["p_first", "p_top_k", "median_rank", "rank_at_base"]].tolist() == [1.0, 1.0, 1.0, 1.0]
    assert stability_verdict(acc).level == "stable"


def test_robustness_two_alternatives_shares_sum_to_one():
    acc = acceptability(DF.iloc[:2], top_k=1)
    assert acc["p_first"].sum() == pytest.approx(1.0)
    assert acc["p_top_k"].tolist() == acc["p_first"].tolist()
    assert set(acc["rank_at_base"]) == {1.0, 2.0}


@pytest.mark.parametrize(("n", "k"), [(1, 3), (3, 3), (2, 2), (4, 5)])
def test_tiers_need_more_economies_than_clusters(n, k):
    dm = tier_groups_dm()
    codes = ["RAA", "FAA", "SAA", "RAB", "FAB"][:n]
    with pytest.raises(
        ValueError,
        match=rf"only {n} econom(y has|ies have) data for maturity and momentum; "
        rf"k={k} needs at least {k + 1}",
    ):
        assign_tiers(dm.subset(codes), k=k)


def test_tiers_refuse_identical_profiles_instead_of_naming_empty_clusters():
    values = tier_groups_dm().values.copy()
    values.loc[:, :] = 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no k-means ConvergenceWarning leaks out either
        with pytest.raises(
            ValueError, match="only 1 distinct maturity and momentum profile; they cannot be split into k=3 tiers"
        ):
            assign_tiers(make_dm(values, TIER_IDS))


def test_tiers_smallest_valid_field_classifies_everyone():
    dm = tier_groups_dm().subset(["RAA", "RAB", "FAA", "FAB", "SAA"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = assign_tiers(dm, k=3)
    assert set(r.table["tier"]) == {"mature", "growth", "emerging"}
    assert r.table["confidence"].between(0, 1).all()
    assert np.isnan(r.silhouette[5]) and np.isnan(r.silhouette[6])  # k >= n: undefined, not an error


def test_plan_with_one_country_fills_the_core_and_notes_the_rest():
    r = score(five_pillar_dm().subset(["DEU"]), EQUAL)
    plan = entry_plan(r.table, None, r.table[["name"]])
    assert plan[["wave", "iso3"]].values.tolist() == [[1, "DEU"]]
    assert plan.attrs["notes"] == [
        "wave 2: 0 of 3 slots filled — not enough economies left that fit the constraints",
        "wave 3: 0 of 3 slots filled — not enough economies left that fit the constraints",
    ]


def test_explain_single_and_two_country_fields_have_no_nan():
    dm = five_pillar_dm()
    one = explain(score(dm.subset(["DEU"]), EQUAL), dm, "DEU")
    assert one.rank == 1 and one.n_ranked == 1
    assert finite(one.pillars) and (one.pillars["percentile"] == 100).all()
    two = explain(score(dm.subset(["DEU", "FRA"]), EQUAL, method="topsis"), dm, "FRA")
    assert not two.additive and "TOPSIS" in two.summary
    assert finite(two.pillars)


# --------------------------------------------------------------------------- missing data


@pytest.mark.parametrize("method", sorted(METHODS))
def test_criterion_missing_everywhere_counts_as_absent(method):
    """A column nobody has must act as if it were not there (weights re-spread), not as zeros."""
    fn = METHODS[method]
    holed = DF.assign(b=np.nan)
    got = fn(holed, UNIT, DIRS)
    assert finite(got)
    pd.testing.assert_series_equal(got, fn(DF[["a", "c"]], {"a": 1.0, "c": 1.0}, {"a": 1, "c": 1}))


@pytest.mark.parametrize("method", sorted(METHODS))
def test_methods_all_missing_matrix_gives_nan_scores_by_contract(method):
    # DESIGN.md: no value on any weighted criterion -> NaN score; the caller lists it as excluded.
    assert METHODS[method](DF * np.nan, UNIT, DIRS).isna().all()


def test_robustness_all_missing_matrix_cannot_be_ranked():
    acc = acceptability(DF * np.nan)
    assert acc.isna().all().all()
    with pytest.raises(ValueError, match="no alternative could be ranked"):
        stability_verdict(acc)


def test_score_indicator_missing_everywhere_in_one_pillar_is_re_spread_with_a_warning():
    values = five_pillar_dm().values.assign(g1=np.nan)
    dm = make_dm(values, FIVE_PILLARS, {"c1": -1})
    r = score(dm, EQUAL)
    assert "no scored economy has data for g1; its weight is re-spread within its pillar" in r.warnings
    assert finite(r.table.drop(columns="name"))
    np.testing.assert_allclose(r.table["growth"], r.normalized.loc[r.table.index, "g2"])


def test_score_pillar_missing_everywhere_names_the_pillar():
    values = five_pillar_dm().values.assign(l1=np.nan, l2=np.nan)
    with pytest.raises(ValueError, match="no economy has any data for logistics — set its weight to 0"):
        score(make_dm(values, FIVE_PILLARS, {"c1": -1}), EQUAL)
    # ... and with that pillar switched off the rest is scored normally
    r = score(make_dm(values, FIVE_PILLARS, {"c1": -1}), {**EQUAL, "logistics": 0})
    assert len(r.table) == 12 and finite(r.table.drop(columns="name"))


def test_score_whole_matrix_missing_names_every_pillar():
    values = five_pillar_dm().values * np.nan
    with pytest.raises(
        ValueError,
        match="no economy has any data for growth, competition, logistics, "
        "payments, regulation — set their weight to 0",
    ):
        score(make_dm(values, FIVE_PILLARS), EQUAL)


def test_tiers_composite_missing_everywhere():
    values = tier_groups_dm().values.assign(gdp_growth_6y=np.nan, weo_growth_2030=np.nan)
    with pytest.raises(ValueError, match="only 0 economies have data for maturity and momentum"):
        assign_tiers(make_dm(values, TIER_IDS))


def test_score_weighted_pillar_without_indicators():
    with pytest.raises(ValueError, match="pillars with weight but no indicators in the matrix: custom"):
        score(five_pillar_dm(), {**EQUAL, "custom": 1})
    with pytest.raises(ValueError, match="pillars with weight but every indicator weighted 0: growth"):
        score(five_pillar_dm(), EQUAL, indicator_weights={"g1": 0, "g2": 0})


# --------------------------------------------------------------------------- empty fields


def test_filter_leaving_no_country():
    dm = five_pillar_dm()
    empty = dm.subset([])
    with pytest.raises(ValueError, match="the matrix has no economies to score"):
        score(empty, EQUAL)
    with pytest.raises(ValueError, match="the matrix has no economies"):
        assign_tiers(empty)
    for fn in METHODS.values():
        with pytest.raises(ValueError, match=r"matrix is empty \(0 alternatives × 3 criteria\)"):
            fn(DF.iloc[:0], UNIT, DIRS)
    with pytest.raises(ValueError, match=r"matrix is empty \(0 alternatives"):
        acceptability(DF.iloc[:0])
    r = score(dm, EQUAL)
    with pytest.raises(ValueError, match="the ranking is empty: no economy to plan"):
        entry_plan(r.table.iloc[:0], None, dm.economies)
    with pytest.raises(ValueError, match="no economy left to plan after the exclusions"):
        entry_plan(r.table, None, dm.economies, exclude=list(r.table.index))


def test_subset_with_unknown_codes_says_which():
    with pytest.raises(ValueError, match="not in the matrix: XXX"):
        five_pillar_dm().subset(["DEU", "XXX"])


# --------------------------------------------------------------------------- duplicate labels


def test_decision_matrix_refuses_duplicate_economies_and_indicators():
    values = five_pillar_dm().values
    dup_rows = values.rename(index={"FRA": "DEU"})
    with pytest.raises(ValueError, match="duplicate economy \\(ISO3\\) labels: DEU"):
        make_dm(dup_rows, FIVE_PILLARS)
    dm = five_pillar_dm()
    cols = dm.values.rename(columns={"g2": "g1"})
    crit = dm.criteria.rename(index={"g2": "g1"})
    with pytest.raises(ValueError, match="duplicate indicator labels: g1"):
        DecisionMatrix(cols, dm.years, crit, dm.economies)


def test_methods_and_robustness_refuse_duplicate_alternatives():
    dup = DF.rename(index={"FRA": "DEU"})
    for fn in METHODS.values():
        with pytest.raises(ValueError, match="duplicate alternatives: DEU appears more than once"):
            fn(dup, UNIT, DIRS)
    with pytest.raises(ValueError, match="duplicate alternatives: DEU"):
        acceptability(dup)


def test_plan_refuses_duplicate_codes():
    dm = five_pillar_dm()
    r = score(dm, EQUAL)
    with pytest.raises(ValueError, match="ranking has duplicate ISO3 codes"):
        entry_plan(pd.concat([r.table, r.table.iloc[:1]]), None, dm.economies)
    with pytest.raises(ValueError, match="economies table has duplicate ISO3 codes: DEU"):
        entry_plan(r.table, None, pd.concat([dm.economies, dm.economies.loc[["DEU"]]]))


# --------------------------------------------------------------------------- non-numeric / non-finite values


def test_non_numeric_values_are_named():
    dm = five_pillar_dm()
    text = dm.values.astype(object)
    text.loc["DEU", "g1"] = "12 %"
    with pytest.raises(ValueError, match="indicator values must be numbers; g1 has .12 %. for DEU"):
        score(replace_values(dm, text), EQUAL)
    flags = dm.values.astype(object)
    flags.loc["FRA", "c1"] = True
    with pytest.raises(ValueError, match="indicator values must be numbers; c1 has True for FRA"):
        score(replace_values(dm, flags), EQUAL)
    as_objects = score(replace_values(dm, dm.values.astype(object)), EQUAL)  # numbers stored as objects are fine
    pd.testing.assert_frame_equal(as_objects.table, score(dm, EQUAL).table)
    obj = DF.astype(object)
    obj.loc["DEU", "a"] = "three"
    for fn in METHODS.values():
        with pytest.raises(ValueError, match="non-numeric criteria columns: a"):
            fn(obj, UNIT, DIRS)
    with pytest.raises(ValueError, match="non-numeric criteria columns: a"):
        acceptability(obj)
    tiers_text = tier_groups_dm().values.astype(object)
    tiers_text.iloc[0, 1] = "n/a"
    t = tier_groups_dm()
    with pytest.raises(ValueError, match="non-numeric criteria columns: gdp_pc_ppp, internet_users"):
        assign_tiers(replace_values(t, tiers_text))


def test_infinite_values_are_refused_as_not_missing():
    dm = five_pillar_dm()
    with pytest.raises(ValueError, match="infinite values; use NaN for missing data"):
        score(replace_values(dm, dm.values.replace({dm.values.iat[0, 0]: np.inf})), EQUAL)
    for fn in METHODS.values():
        with pytest.raises(ValueError, match="infinite values"):
            fn(DF.replace({3.0: -np.inf}), UNIT, DIRS)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_extreme_magnitudes_rank_like_their_scaled_down_copy(method):
    """±1e308 (a founder's CSV may hold it) must not overflow max − min or Σx²: scale-free methods ignore scale."""
    scale = 2.0**1000  # exact in floating point
    fn = METHODS[method]
    big = fn(DF * scale, UNIT, DIRS)
    assert finite(big)
    pd.testing.assert_series_equal(big, fn(DF, UNIT, DIRS), rtol=1e-12)
    wide = pd.DataFrame({"a": [1e308, -1e308, 0.0, 5.0], "c": [1.0, 2.0, 3.0, 4.0]}, index=list("ABCD"))
    assert finite(fn(wide, {"a": 1, "c": 1}, None))


@pytest.mark.parametrize("norm", sorted(NORMALIZATIONS))
def test_normalisations_survive_extreme_magnitudes(norm):
    wide = pd.DataFrame({"a": [1e308, -1e308, 0.0, 5.0]})
    out = NORMALIZATIONS[norm](wide, None)
    assert finite(out) and out["a"].iloc[0] == out["a"].max()


@pytest.mark.parametrize(
    ("method", "normalization"),
    [("wsm", None), ("wsm", "zscore"), ("topsis", None), ("topsis", "vector"), ("vikor", None)],
)
def test_score_with_extreme_values_matches_scaled_copy(method, normalization):
    dm = five_pillar_dm()
    big = replace_values(dm, dm.values * 2.0**1000)
    a = score(big, EQUAL, method=method, normalization=normalization).table
    b = score(dm, EQUAL, method=method, normalization=normalization).table
    pd.testing.assert_frame_equal(a, b, rtol=1e-9)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_robustness_with_extreme_values_matches_scaled_copy(method):
    pd.testing.assert_frame_equal(acceptability(DF * 2.0**1000, method=method), acceptability(method=method))


# --------------------------------------------------------------------------- explain


def test_explain_excluded_economy_gives_the_reason():
    dm = five_pillar_dm(missing=[("DEU", "l1"), ("DEU", "l2")])
    with pytest.raises(ValueError, match="DEU is not ranked: no data for logistics"):
        explain(score(dm, EQUAL), dm, "DEU")


@pytest.mark.parametrize("code", ["XXX", "ZZZ"])
def test_explain_unknown_code(code):
    dm = five_pillar_dm()
    with pytest.raises(ValueError, match=f"{code} is not in the result: it was neither ranked nor excluded"):
        explain(score(dm, EQUAL), dm, code)


@pytest.mark.parametrize("bad", [None, 5, ["DEU"], "  "])
def test_explain_needs_a_country_code(bad):
    dm = five_pillar_dm()
    with pytest.raises(ValueError, match="iso3 must be a country code such as 'DEU'"):
        explain(score(dm, EQUAL), dm, bad)


def test_explain_accepts_a_hand_typed_code():
    dm = five_pillar_dm()
    assert explain(score(dm, EQUAL), dm, " deu ").iso3 == "DEU"


def test_explain_against_another_matrix_is_refused():
    dm = five_pillar_dm()
    with pytest.raises(ValueError, match="this result was not scored on this matrix"):
        explain(score(dm, EQUAL), tier_groups_dm(), "DEU")


# --------------------------------------------------------------------------- robustness parameters


@pytest.mark.parametrize("draws", [0, -5, MAX_DRAWS + 1, 10.0, True, "100", None])
def test_draws_outside_the_allowed_range(draws):
    with pytest.raises(ValueError, match=f"draws must be a whole number between 1 and {MAX_DRAWS:,}"):
        acceptability(draws=draws)


def test_draws_at_the_limit_is_accepted():
    acc = acceptability(DF.iloc[:3], draws=MAX_DRAWS)
    assert acc["p_first"].sum() == pytest.approx(1.0)
    assert acc.attrs["draws"] == MAX_DRAWS


def test_top_k_larger_than_the_field_is_the_whole_field():
    acc = acceptability(top_k=50)
    assert acc.attrs["top_k"] == len(DF)
    assert (acc["p_top_k"] == 1.0).all()
    with pytest.raises(ValueError, match="top_k must be a whole number >= 1"):
        acceptability(top_k=0)


@pytest.mark.parametrize("c", [0, -1.0, np.nan, np.inf, "wide"])
def test_concentration_must_be_positive_and_finite(c):
    with pytest.raises(ValueError, match="concentration must be a positive number"):
        acceptability(concentration=c)


@pytest.mark.parametrize("c", [1e-300, 1e-3, 1e6, 1e308])
def test_extreme_but_valid_concentrations_give_proper_shares(c):
    acc = acceptability(w={"a": 1.0, "b": 2.0, "c": 3.0}, concentration=c)
    assert finite(acc)
    assert acc["p_first"].sum() == pytest.approx(1.0)
    assert acc["p_top_k"].sum() == pytest.approx(min(5, len(DF)))


@pytest.mark.parametrize("seed", [-1, 1.5, "0", None, True])
def test_seed_must_be_a_whole_number(seed):
    with pytest.raises(ValueError, match="seed must be a whole number >= 0"):
        acceptability(seed=seed)


# --------------------------------------------------------------------------- plan inputs


@pytest.mark.parametrize(("rank", "shown"), [("first", "'first'"), (np.inf, "inf"), (0, "0"), (1.5, "1.5")])
def test_plan_refuses_ranks_that_are_not_whole_numbers(rank, shown):
    dm = five_pillar_dm()
    table = score(dm, EQUAL).table.astype({"rank": object})
    table.iloc[2, table.columns.get_loc("rank")] = rank
    with pytest.raises(ValueError, match=f"ranks must be whole numbers >= 1; {table.index[2]} has {shown}"):
        entry_plan(table, None, dm.economies)


def test_plan_needs_an_economies_table():
    r = score(five_pillar_dm(), EQUAL)
    with pytest.raises(ValueError, match="economies must be a DataFrame indexed by ISO3"):
        entry_plan(r.table, None, None)
