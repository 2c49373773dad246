"""Plan robustness (xbmarkets.plan_robustness): the vectorised planner against `plan.entry_plan`, draw by draw,
and the shares against the Robustness page's acceptabilities over the same draws."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic import five_pillar_dm

from xbmarkets.matrix import build_matrix
from xbmarkets.plan import entry_plan
from xbmarkets.plan_robustness import PLAN_ROBUSTNESS_COLUMNS, PlanSettings, plan_robustness, plans_from_orders
from xbmarkets.reweigh import pillar_problem
from xbmarkets.robustness import scenario_acceptability
from xbmarkets.scoring import score
from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot
from xbmarkets.tiers import assign_tiers


@pytest.fixture(scope="module")
def real():
    dm = build_matrix(load_snapshot(DEFAULT_DATA_DIR))
    result = score(dm, {p: 1.0 for p in dm.pillars.unique()})
    return dm, result, assign_tiers(dm).table


def _real_plans(result, tiers, economies, settings: PlanSettings, orders: np.ndarray) -> list[object]:
    """entry_plan on the ranking each order gives: [(wave, iso3), …] in pick order, or 'refused'."""
    pp = pillar_problem(result)
    out: list[object] = []
    for order in orders:
        ranking = pd.DataFrame({"rank": np.zeros(pp.n, dtype=int)}, index=pd.Index(pp.codes, name="iso3"))
        ranking.iloc[order, 0] = np.arange(1, pp.n + 1)
        try:
            plan = entry_plan(ranking, tiers, economies, **settings.kwargs())
        except ValueError:
            out.append("refused")
            continue
        out.append(list(zip(plan["wave"].tolist(), plan["iso3"].tolist(), strict=True)))
    return out


def _vectorised_plans(result, tiers, economies, settings: PlanSettings, orders: np.ndarray) -> list[object]:
    pp = pillar_problem(result)
    slots, failed = plans_from_orders(result, tiers, economies, settings, orders)
    out: list[object] = []
    for row, bad in zip(slots, failed, strict=True):
        if bad:
            out.append("refused")
            continue
        picks, start = [], 0
        for wave, size in enumerate(settings.wave_sizes, start=1):
            picks += [(wave, str(pp.codes[i])) for i in row[start : start + size] if i >= 0]
            start += size
        out.append(picks)
    return out


def _sample_orders(result, draws: int, seed: int) -> np.ndarray:
    pp = pillar_problem(result)
    w = np.random.default_rng(seed).dirichlet(np.ones(len(pp.pillars)), size=draws)
    return pp.order(pp.batch_scores(w))


SETTINGS = [
    PlanSettings(),
    PlanSettings(wave_sizes=(1, 2, 2, 2), expand_near=True),
    PlanSettings(exclude=("CHE", "USA", "GBR"), max_per_region=1),
    PlanSettings(must_include=("VNM", "BRA"), start_tier="growth", expand_near=True, max_per_region=2),
    PlanSettings(must_include=("DEU",), start_tier="emerging", wave_sizes=(1, 3)),
    PlanSettings(must_include=("KEN", "NGA", "ZAF", "EGY"), max_per_region=1, wave_sizes=(1, 2, 2)),
    # four Sub-Saharan must-includes, one per region per wave, three waves: no slot for one of them
    PlanSettings(must_include=("KEN", "NGA", "ZAF", "ETH"), max_per_region=1, wave_sizes=(1, 2, 2)),
]


@pytest.mark.parametrize("settings", SETTINGS, ids=range(len(SETTINGS)))
def test_vectorised_planner_equals_entry_plan_on_sampled_draws(real, settings: PlanSettings) -> None:
    dm, result, tiers = real
    orders = _sample_orders(result, 30, seed=len(settings.must_include) + len(settings.exclude))
    assert _vectorised_plans(result, tiers, dm.economies, settings, orders) == _real_plans(
        result, tiers, dm.economies, settings, orders
    )


def test_vectorised_planner_on_small_data_with_unknown_regions() -> None:
    dm = five_pillar_dm(n=16, seed=11)
    eco = dm.economies.copy()
    eco["region"] = ["Europe", "Europe", "", "Asia", "Asia", "", "Africa", "Africa"] * 2
    eco["income_group"] = ["High", "", "Low", "Low", "High", "", "Low", "High"] * 2
    eco = eco.replace("", np.nan)
    result = score(dm, {p: 1.0 for p in dm.pillars.unique()})
    tiers = pd.Series(["mature", "growth", "emerging", "growth"] * 4, index=dm.values.index)
    orders = _sample_orders(result, 40, seed=3)
    for settings in (
        PlanSettings(expand_near=True, max_per_region=1),
        PlanSettings(start_tier="emerging", expand_near=True, wave_sizes=(1, 4, 4)),
        PlanSettings(must_include=("KEN",), exclude=("DEU",), expand_near=True),
    ):
        assert _vectorised_plans(result, tiers, eco, settings, orders) == _real_plans(
            result, tiers, eco, settings, orders
        )


def test_core_and_wave_shares_equal_the_robustness_acceptabilities(real) -> None:
    """Without constraints the core is rank 1 and wave 1–2 the top 1 + wave size: the Robustness page's p_first and
    p_top_k over the *same* draws (same generator, seed and concentration)."""
    dm, result, tiers = real
    for concentration in (None, 40.0):
        pr = plan_robustness(result, tiers, dm.economies, draws=3000, concentration=concentration, seed=7)
        acc = scenario_acceptability(result, draws=3000, concentration=concentration, top_k=4, seed=7)
        table = pr.table.reindex(acc.index).fillna({"p_core": 0.0, "p_wave_1_2": 0.0})
        np.testing.assert_allclose(table["p_core"], acc["p_first"], atol=1e-12)
        np.testing.assert_allclose(table["p_wave_1_2"], acc["p_top_k"], atol=1e-12)


def test_summary_fields_are_consistent(real) -> None:
    dm, result, tiers = real
    pr = plan_robustness(result, tiers, dm.economies, draws=2000, concentration=30.0, seed=1, top_plans=4)
    assert tuple(pr.table.columns) == PLAN_ROBUSTNESS_COLUMNS
    assert pr.table["p_core"].sum() == pytest.approx(1.0)
    assert pr.table["p_wave_1_2"].sum() == pytest.approx(4.0)  # 1 + 3 markets per draw
    assert ((pr.table["p_core"] <= pr.table["p_wave_1_2"]) & (pr.table["p_wave_1_2"] <= pr.table["p_in_plan"])).all()
    base = entry_plan(result.table, tiers, dm.economies)
    assert pr.base_plan[0] == (base["iso3"].iloc[0],)
    assert set(pr.table.index[pr.table["plan_wave"] > 0]) == set(base["iso3"])
    assert pr.core_share == pytest.approx(pr.table.at[base["iso3"].iloc[0], "p_core"])
    assert len(pr.plans) == 4 and pr.plans["share"].is_monotonic_decreasing
    assert pr.plans["count"].sum() <= 2000 and pr.plans["is_base"].sum() <= 1
    if pr.plans["is_base"].any():
        assert pr.plans.loc[pr.plans["is_base"], "share"].iloc[0] == pytest.approx(pr.base_share)
    assert result.table["name"].iloc[0] in pr.sentence and "2,000" in pr.sentence


def test_near_certain_weights_reproduce_the_founders_plan(real) -> None:
    dm, result, tiers = real
    pr = plan_robustness(result, tiers, dm.economies, draws=500, concentration=1e7, seed=0)
    assert pr.base_share == pytest.approx(1.0)
    assert bool(pr.plans["is_base"].iloc[0]) and pr.plans["share"].iloc[0] == pytest.approx(1.0)


def test_settings_are_validated_like_the_plan_page(real) -> None:
    dm, result, tiers = real
    with pytest.raises(ValueError, match="wave 1 must be exactly one"):
        plan_robustness(result, tiers, dm.economies, PlanSettings(wave_sizes=(2, 3)), draws=10)
    with pytest.raises(ValueError, match="unknown ISO3"):
        plan_robustness(result, tiers, dm.economies, PlanSettings(exclude=("QQQ",)), draws=10)
    for bad in ({"draws": 0}, {"draws": 10, "seed": -1}, {"draws": 10, "concentration": -2.0}):
        with pytest.raises(ValueError):
            plan_robustness(result, tiers, dm.economies, **bad)
    with pytest.raises(ValueError, match="weighted sum and TOPSIS"):
        vikor = score(dm, {p: 1.0 for p in dm.pillars.unique()}, method="vikor")
        plan_robustness(vikor, tiers, dm.economies, draws=10)


def test_topsis_scenarios_use_topsis_draws(real) -> None:
    dm, _, tiers = real
    result = score(dm, {p: 1.0 for p in dm.pillars.unique()}, method="topsis")
    pr = plan_robustness(result, tiers, dm.economies, draws=1000, concentration=50.0, seed=2)
    acc = scenario_acceptability(result, draws=1000, concentration=50.0, top_k=1, seed=2)
    table = pr.table.reindex(acc.index).fillna({"p_core": 0.0})
    np.testing.assert_allclose(table["p_core"], acc["p_first"], atol=1e-12)
