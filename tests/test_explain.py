"""Explanations of a score: contributions add up, field position, plain-English summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic import five_pillar_dm, make_dm

from xbmarkets.explain import contributions_table, explain
from xbmarkets.scoring import score

EQUAL = {"growth": 1, "competition": 1, "logistics": 1, "payments": 1, "regulation": 1}


def test_pillar_and_indicator_contributions_sum_to_wsm_score():
    dm = five_pillar_dm(missing=[("FRA", "g1")])
    r = score(dm, {"growth": 2, "competition": 1, "logistics": 1, "payments": 3, "regulation": 1})
    for iso3 in r.table.index:
        e = explain(r, dm, iso3)
        assert e.additive
        assert e.pillars["contribution"].sum() == pytest.approx(e.score, abs=1e-12)
        assert e.indicators["contribution"].sum() == pytest.approx(e.score, abs=1e-12)
        by_pillar = e.indicators.groupby("pillar")["contribution"].sum()
        np.testing.assert_allclose(by_pillar[e.pillars.index], e.pillars["contribution"], atol=1e-12)


def test_indicator_rows_carry_raw_value_year_and_missing():
    dm = five_pillar_dm(missing=[("FRA", "g1")])
    r = score(dm, EQUAL)
    e = explain(r, dm, "FRA")
    assert e.indicators.loc["l1", "raw"] == dm.values.loc["FRA", "l1"]
    assert e.indicators.loc["l1", "year"] == 2024
    assert np.isnan(e.indicators.loc["g1", "raw"])
    # no data is not "the worst value": the contribution is missing, not 0
    assert np.isnan(e.indicators.loc["g1", "contribution"])
    assert e.indicators.loc["g1", "weight_used"] == 0
    assert e.missing_indicators == ("g1",)
    # g1's weight is re-spread onto g2
    assert e.indicators.loc["g2", "weight_used"] == pytest.approx(0.2)
    assert "missing: Indicator g1" in e.summary


def test_strongest_and_weakest_relative_to_field():
    values = pd.DataFrame(
        {"g": [10.0, 5.0, 1.0, 2.0, 3.0], "p": [1.0, 5.0, 10.0, 9.0, 8.0]},
        index=["AAA", "BBB", "CCC", "DDD", "EEE"],
    )
    dm = make_dm(values, {"g": "growth", "p": "payments"})
    r = score(dm, {"growth": 1, "payments": 1})
    e = explain(r, dm, "AAA")
    assert e.strongest_pillars == ("growth",)
    assert e.weakest_pillars == ("payments",)
    assert e.pillars.loc["growth", "percentile"] == 100
    assert e.pillars.loc["payments", "percentile"] == 0
    assert "carried by growth" in e.summary and "held back by payments" in e.summary
    assert "top 20 %" in e.summary  # best of 5


def test_summary_names_rank_with_ordinal():
    dm = five_pillar_dm(n=12)
    r = score(dm, EQUAL)
    third = r.table.index[2]
    e = explain(r, dm, third)
    assert e.summary.startswith(f"Country {third} ranks 3rd of 12")
    assert e.rank == 3 and e.n_ranked == 12


def test_topsis_explanation_says_closeness_and_not_additive():
    dm = five_pillar_dm()
    r = score(dm, EQUAL, method="topsis")
    e = explain(r, dm, r.table.index[0])
    assert not e.additive
    assert "closeness coefficient" in e.summary
    np.testing.assert_allclose(e.pillars["contribution"], e.pillars["weight"] * e.pillars["score"])


def test_excluded_economy_explained_by_reason():
    dm = five_pillar_dm(missing=[("DEU", "l1"), ("DEU", "l2")])
    r = score(dm, EQUAL)
    with pytest.raises(ValueError, match="DEU is not ranked: no data for logistics"):
        explain(r, dm, "DEU")
    with pytest.raises(ValueError, match="not in the result"):
        explain(r, dm, "XXX")


def test_contributions_table_rows_sum_to_score():
    dm = five_pillar_dm()
    r = score(dm, {"growth": 1, "payments": 2})
    c = contributions_table(r, dm)
    assert list(c.columns) == ["growth", "payments"]
    assert list(c.index) == list(r.table.index)
    np.testing.assert_allclose(c.sum(axis=1), r.table["score"], atol=1e-12)
