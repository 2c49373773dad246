"""The backtest engine on synthetic histories with known relations (no snapshot, no raw files).

Expected figures are computed by hand or by an independent implementation
(scipy's rankdata and spearmanr on explicit resamples), never by the engine.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata, spearmanr

from xbmarkets.backtest import (
    CAVEATS,
    MIN_MARKETS,
    bootstrap_spearman,
    caveat_text,
    run_backtest,
    spearman,
)
from xbmarkets.outcomes import OUTCOMES, compute_outcomes, outcome_spec, outcomes_for

PRIMARY_2021 = "online_buying_2021_2024"


def _codes(n: int) -> list[str]:
    return [f"{chr(65 + i // 26)}{chr(65 + i % 26)}X" for i in range(n)]


def _result(scores: pd.DataFrame) -> SimpleNamespace:
    """A ScoreResult stand-in: table indexed by iso3, in ranking order, with score and pillar columns."""
    table = scores.sort_values(["score"], ascending=False, kind="mergesort").copy()
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table.insert(1, "name", [f"Country {c}" for c in table.index])
    pillars = [c for c in scores.columns if c != "score"]
    return SimpleNamespace(table=table, pillars=pillars)


def _outcomes(values: dict[str, pd.Series]) -> pd.DataFrame:
    """Long outcomes rows for the 2021 outcomes from iso3 -> value series."""
    parts = []
    for outcome, series in values.items():
        spec = next(o for o in OUTCOMES if o.id == outcome)
        parts.append(
            pd.DataFrame(
                {
                    "outcome": outcome,
                    "iso3": series.index,
                    "start_year": spec.start,
                    "end_year": spec.end,
                    "value": series.to_numpy(dtype=float),
                    "source": "test",
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


@pytest.fixture
def synthetic():
    """40 markets: the outcome is a monotone function of growth, and unrelated to logistics by construction."""
    rng = np.random.default_rng(7)
    codes = _codes(40)
    growth = pd.Series(rng.uniform(0, 1, 40), index=codes)
    logistics = pd.Series(rng.uniform(0, 1, 40), index=codes)
    scores = pd.DataFrame({"score": (growth + logistics) / 2, "growth": growth, "logistics": logistics})
    online = np.exp(3 * growth) - 1  # strictly increasing in growth
    gdp = pd.Series(rng.normal(size=40), index=codes)
    internet = -growth  # strictly decreasing: the model points the wrong way
    frame = _outcomes({PRIMARY_2021: online, "gdp_growth_2022_2024": gdp, "internet_use_2021_2022": internet.iloc[:30]})
    return scores, frame


# --------------------------------------------------------------------------- statistics


def test_spearman_hand_computed():
    # d = (-1, 1, -1, 1, 0): rho = 1 - 6 * 4 / (5 * 24) = 0.8
    assert math.isclose(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 0.8)
    # ties get average ranks: x ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4) -> 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10)
    assert math.isclose(spearman([1, 2, 2, 3], [1, 2, 3, 4]), 3 / math.sqrt(10))
    assert math.isnan(spearman([1, 2], [2, 1]))  # fewer than 3 pairs
    assert math.isnan(spearman([1, 1, 1], [1, 2, 3]))  # no spread
    with pytest.raises(ValueError):
        spearman([1, 2, 3], [1, 2])


def test_bootstrap_matches_explicit_resamples():
    """Counting draws instead of copying them gives exactly scipy's ρ on each explicit resample."""
    rng = np.random.default_rng(3)
    n, draws = 25, 300
    x = np.round(rng.normal(size=n), 1)  # rounded: ties, also between distinct markets
    y = x + rng.normal(size=n)
    rho, low, high = bootstrap_spearman(x[:, None], y, draws, np.random.default_rng(11))
    picks = np.random.default_rng(11).integers(0, n, size=(draws, n))
    reference = [spearmanr(rankdata(x[p]), rankdata(y[p])).statistic for p in picks]
    assert math.isclose(rho[0], spearmanr(x, y).statistic, abs_tol=1e-12)
    expected = np.percentile(np.array(reference)[~np.isnan(reference)], [2.5, 97.5])
    assert np.allclose([low[0], high[0]], expected, atol=1e-12)


def test_bootstrap_is_deterministic_with_a_seed(synthetic):
    scores, frame = synthetic
    a = run_backtest(_result(scores), frame, 2021, seed=5)
    b = run_backtest(_result(scores), frame, 2021, seed=5)
    c = run_backtest(_result(scores), frame, 2021, seed=6)
    pd.testing.assert_frame_equal(a.summary, b.summary)
    gdp = a.summary["outcome"] == "gdp_growth_2022_2024"
    assert not np.allclose(a.summary.loc[gdp, "low"], c.summary.loc[gdp, "low"])


# --------------------------------------------------------------------------- known relations


def test_monotone_function_of_a_pillar_gives_rho_one(synthetic):
    scores, frame = synthetic
    bt = run_backtest(_result(scores), frame, 2021)
    row = bt.summary.set_index(["outcome", "subject"]).loc[(PRIMARY_2021, "growth")]
    assert row["rho"] == pytest.approx(1.0) and row["low"] == pytest.approx(1.0) and row["n"] == 40
    wrong = bt.summary.set_index(["outcome", "subject"]).loc[("internet_use_2021_2022", "growth")]
    assert wrong["rho"] == pytest.approx(-1.0) and wrong["n"] == 30
    assert bt.verdicts["growth"].kind == "supports" and bt.verdicts["growth"].strength == "strong"
    assert bt.summary.set_index(["outcome", "subject"]).loc[("internet_use_2021_2022", "growth"), "verdict"] == (
        "contradicts"
    )


def test_constructed_case_with_a_hand_computed_rho():
    """Ten markets, outcome ranks (2, 1, 4, 3, 6, 5, 8, 7, 10, 9) against score ranks 1..10:
    every d = ±1, so rho = 1 - 6 * 10 / (10 * 99) = 1 - 60 / 990."""
    codes = _codes(10)
    score = pd.Series(np.arange(10, dtype=float), index=codes)
    outcome = pd.Series([2, 1, 4, 3, 6, 5, 8, 7, 10, 9], index=codes, dtype=float) * 1.5
    bt = run_backtest(
        _result(pd.DataFrame({"score": score, "growth": score})), _outcomes({PRIMARY_2021: outcome}), 2021
    )
    row = bt.summary.iloc[0]
    assert math.isclose(row["rho"], 1 - 60 / 990)
    # top fifth = the two highest scores (outcome 10, 9 x 1.5), bottom fifth = the two lowest (2, 1 x 1.5)
    assert row["fifth"] == 2 and math.isclose(row["top_fifth"], 9.5 * 1.5) and math.isclose(row["bottom_fifth"], 2.25)


def test_shuffled_rows_change_nothing(synthetic):
    scores, frame = synthetic
    base = run_backtest(_result(scores), frame, 2021)
    rng = np.random.default_rng(1)
    shuffled_scores = _result(scores)
    shuffled_scores.table = shuffled_scores.table.sample(frac=1.0, random_state=2)
    shuffled = run_backtest(shuffled_scores, frame.sample(frac=1.0, random_state=int(rng.integers(1000))), 2021)
    pd.testing.assert_frame_equal(base.summary, shuffled.summary)
    ordered = shuffled.table.sort_values("rank").reset_index(drop=True)
    pd.testing.assert_frame_equal(base.table, ordered)


def test_alignment_is_by_iso3(synthetic):
    """Outcome rows for markets not ranked are ignored; each market gets its own outcome, not a neighbour's."""
    scores, frame = synthetic
    extra = _outcomes({PRIMARY_2021: pd.Series([99.0, -99.0], index=["ZZZ", "ZZY"])})
    bt = run_backtest(_result(scores), pd.concat([extra, frame], ignore_index=True), 2021)
    assert bt.summary.iloc[0]["n"] == 40
    measured = frame[frame["outcome"] == PRIMARY_2021].set_index("iso3")["value"]
    table = bt.table.set_index("iso3")
    assert np.allclose(table["outcome"], measured.reindex(table.index))
    assert set(table["outcome_start"]) == {2021} and set(table["outcome_end"]) == {2024}
    # markets the internet outcome misses have none in its rows
    internet = run_backtest(_result(scores), frame, 2021, outcome="internet_use").table
    assert internet["outcome"].isna().sum() == 10


def test_no_evidence_and_too_few():
    codes = _codes(12)
    score = pd.Series(np.arange(12, dtype=float), index=codes)
    zigzag = pd.Series([1, 12, 2, 11, 3, 10, 4, 9, 5, 8, 6, 7], index=codes, dtype=float)
    bt = run_backtest(_result(pd.DataFrame({"score": score})), _outcomes({PRIMARY_2021: zigzag}), 2021)
    verdict = bt.verdicts["score"]
    assert verdict.low < 0 < verdict.high and verdict.kind == "no_evidence"
    assert "No evidence either way" in bt.verdict_text() and "includes 0" in bt.verdict_text()
    few = _outcomes({PRIMARY_2021: zigzag.iloc[: MIN_MARKETS - 1]})
    small = run_backtest(_result(pd.DataFrame({"score": score})), few, 2021)
    assert small.verdicts["score"].kind == "too_few" and "Too few markets (9)" in small.verdict_text()


def test_verdict_words_carry_the_numbers_and_the_caveats(synthetic):
    scores, frame = synthetic
    bt = run_backtest(_result(scores), frame, 2021)
    v = bt.verdicts["growth"]
    text = bt.verdict_text("growth")
    assert f"{v.rho:+.2f}" in text and f"{v.low:+.2f}" in text and "40 markets" in text
    assert v.caveats[:3] == ("small_sample", "findex_2024_lmic", "survey_noise")
    assert "revised_data" in v.caveats
    lines = bt.caveat_lines()
    assert lines[0] == caveat_text("small_sample", 40, 2021) and "40 markets" in lines[0]
    assert any("published in 2022" in line for line in lines)
    assert set(v.caveats) <= set(CAVEATS)


def test_subjects_are_the_score_and_the_weighted_pillars_in_pillar_order(synthetic):
    scores, frame = synthetic
    bt = run_backtest(_result(scores[["score", "logistics", "growth"]]), frame, 2021)
    assert bt.subjects == ("score", "growth", "logistics")
    assert list(bt.table.columns) == [
        "rank",
        "iso3",
        "country",
        "score",
        "growth",
        "logistics",
        "outcome",
        "outcome_start",
        "outcome_end",
    ]
    assert bt.outcome.id == PRIMARY_2021 and [o.id for o in bt.outcomes][0] == PRIMARY_2021


def test_errors_name_the_problem(synthetic):
    scores, frame = synthetic
    with pytest.raises(ValueError, match="unknown outcome 'sales' for 2021; choose one of: online_buying"):
        run_backtest(_result(scores), frame, 2021, outcome="sales")
    with pytest.raises(ValueError, match="no outcome is measured after 2019; backtests exist for 2017, 2021"):
        run_backtest(_result(scores), frame, 2019)
    for bad in (10, 10**6, 2.5, True):
        with pytest.raises(ValueError, match="draws must be a whole number"):
            run_backtest(_result(scores), frame, 2021, draws=bad)
    with pytest.raises(ValueError, match="seed"):
        run_backtest(_result(scores), frame, 2021, seed=-1)


# --------------------------------------------------------------------------- outcome definitions


def test_every_vintage_has_its_outcomes_default_first():
    assert [o.name for o in outcomes_for(2021)] == ["online_buying", "internet_use", "gdp_growth"]
    assert outcome_spec(2017).id == "online_buying_2017_2021"
    assert outcome_spec(2021, "gdp_growth").id == "gdp_growth_2022_2024"
    assert all(o.start >= o.as_of for o in OUTCOMES)  # nothing an outcome uses was observable at the vintage


def test_compute_outcomes_requires_both_ends_and_every_year():
    def long(rows):
        return pd.DataFrame(rows, columns=["iso3", "year", "value", "source"])

    findex = long([("AAA", 2017, 5.0, "f"), ("AAA", 2022, 9.0, "f"), ("AAA", 2024, 12.5, "f"), ("BBB", 2021, 4.0, "f")])
    internet = long([("AAA", 2021, 50.0, "i"), ("AAA", 2022, 53.5, "i"), ("BBB", 2022, 70.0, "i")])
    gdp = long([("AAA", y, float(y - 2020), "w") for y in range(2018, 2025)] + [("BBB", 2022, 3.0, "w")])
    out = compute_outcomes({"findex_online": findex, "internet": internet, "gdp_growth": gdp})
    got = out.set_index(["outcome", "iso3"])["value"].to_dict()
    assert got == {
        ("gdp_growth_2018_2021", "AAA"): -0.5,  # (-2 - 1 + 0 + 1) / 4
        ("gdp_growth_2022_2024", "AAA"): 3.0,
        ("internet_use_2021_2022", "AAA"): 3.5,
        ("online_buying_2017_2021", "AAA"): 4.0,  # the 2021 wave dated 2022
        ("online_buying_2021_2024", "AAA"): 3.5,
    }
    with pytest.raises(ValueError, match="histories"):
        compute_outcomes({"internet": internet})
