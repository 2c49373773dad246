"""Scenario comparison (xbmarkets.compare): ranks, scores, weights and settings of two scored scenarios."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic import five_pillar_dm

from xbmarkets.compare import COMPARE_COLUMNS, compare_scenarios
from xbmarkets.scoring import score


@pytest.fixture(scope="module")
def dm():
    return five_pillar_dm(n=20, seed=6, missing=[("KEN", "l1"), ("KEN", "l2"), ("NGA", "g1")])


def test_a_scenario_compared_with_itself_changes_nothing(dm) -> None:
    a = score(dm, {"growth": 1, "logistics": 2})
    c = compare_scenarios(a, a, ("mine", "same"))
    assert tuple(c.ranks.columns) == COMPARE_COLUMNS
    assert (c.ranks["rank_change"] == 0).all() and (c.ranks["status"] == "both").all()
    assert (c.weights["difference"] == 0).all() and not c.settings["differs"].any()
    assert c.changed_pillars == [] and c.names == ("mine", "same")


def test_ranks_scores_and_weights_come_from_each_scenario(dm) -> None:
    a = score(dm, {"growth": 3, "competition": 1, "logistics": 1, "payments": 1, "regulation": 1})
    b = score(dm, {"growth": 1, "competition": 1, "logistics": 3, "payments": 1, "regulation": 1}, method="topsis")
    c = compare_scenarios(a, b, top=5)
    for code, row in c.ranks.iterrows():
        assert row["rank_a"] == a.table.at[code, "rank"] and row["rank_b"] == b.table.at[code, "rank"]
        assert row["score_a"] == a.table.at[code, "score"] and row["score_b"] == b.table.at[code, "score"]
        assert row["rank_change"] == row["rank_a"] - row["rank_b"]
        assert row["in_top"] == (row["rank_a"] <= 5 or row["rank_b"] <= 5)
    assert set(c.slope.index) == set(a.table.index[:5]) | set(b.table.index[:5])
    assert list(c.ranks["rank_a"]) == sorted(c.ranks["rank_a"])
    weights = c.weights.set_index("pillar")
    assert weights.loc["growth", "difference"] == pytest.approx(1 / 7 - 3 / 7)
    assert weights.loc["logistics", "difference"] == pytest.approx(3 / 7 - 1 / 7)
    assert set(c.changed_pillars) == {"growth", "logistics"}
    assert c.settings.set_index("setting").loc["method", "differs"]


def test_markets_ranked_in_only_one_scenario(dm) -> None:
    a = score(dm, {"growth": 1, "payments": 1})  # KEN has growth and payments data
    b = score(dm, {"growth": 1, "logistics": 1})  # KEN has no logistics data: left out
    c = compare_scenarios(a, b)
    row = c.ranks.loc["KEN"]
    assert row["status"] == "only_a" and row["rank_b"] is pd.NA and np.isnan(row["score_b"])
    assert (c.ranks["status"] == "only_a").sum() == len(a.table.index.difference(b.table.index))
    assert set(c.weights["pillar"]) >= {"growth", "payments", "logistics"}


def test_bad_arguments(dm) -> None:
    a = score(dm, {"growth": 1})
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="top must be"):
            compare_scenarios(a, a, top=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="two non-empty labels"):
        compare_scenarios(a, a, names=("x", " "))
    with pytest.raises(ValueError, match="not a scored result"):
        compare_scenarios(a, object())
