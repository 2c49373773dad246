"""Entry plan: one core market, then waves; constraints and errors."""

from __future__ import annotations

import pandas as pd
import pytest

from xbmarkets.plan import PLAN_COLUMNS, REASON_COLUMNS, REASON_KINDS, entry_plan

CODES = ["DEU", "FRA", "USA", "BRA", "MEX", "IDN", "VNM", "POL", "KEN", "NGA", "JPN", "CHL"]
REGION = {
    "DEU": "ECA",
    "FRA": "ECA",
    "USA": "NAM",
    "BRA": "LAC",
    "MEX": "LAC",
    "IDN": "EAP",
    "VNM": "EAP",
    "POL": "ECA",
    "KEN": "SSA",
    "NGA": "SSA",
    "JPN": "EAP",
    "CHL": "LAC",
}
INCOME = {
    "DEU": "High",
    "FRA": "High",
    "USA": "High",
    "BRA": "Upper",
    "MEX": "Upper",
    "IDN": "Lower",
    "VNM": "Lower",
    "POL": "High",
    "KEN": "Lower",
    "NGA": "Lower",
    "JPN": "High",
    "CHL": "High",
}
TIER = {
    "DEU": "mature",
    "FRA": "mature",
    "USA": "mature",
    "BRA": "emerging",
    "MEX": "emerging",
    "IDN": "growth",
    "VNM": "growth",
    "POL": "growth",
    "KEN": "emerging",
    "NGA": "emerging",
    "JPN": "mature",
    "CHL": "emerging",
}


@pytest.fixture
def ranking() -> pd.DataFrame:
    n = len(CODES)
    return pd.DataFrame(
        {
            "rank": range(1, n + 1),
            "score": [1 - i / n for i in range(n)],
            "growth": [(i * 7) % n / n for i in range(n)],
            "payments": [1 - i / n for i in range(n)],
        },
        index=pd.Index(CODES, name="iso3"),
    )


@pytest.fixture
def economies() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": [f"Country {c}" for c in CODES],
            "region": [REGION[c] for c in CODES],
            "income_group": [INCOME[c] for c in CODES],
        },
        index=CODES,
    )


@pytest.fixture
def tiers() -> pd.Series:
    return pd.Series(TIER)


def test_default_plan_is_one_core_then_waves_by_rank(ranking, tiers, economies):
    plan = entry_plan(ranking, tiers, economies)
    assert list(plan.columns) == [*PLAN_COLUMNS, *REASON_COLUMNS]
    assert (plan["wave"] == 1).sum() == 1
    assert plan.groupby("wave").size().tolist() == [1, 3, 3]
    assert plan["iso3"].tolist() == CODES[:7]
    core = plan.iloc[0]
    assert core["rationale"].startswith("Core market: rank 1 of 12, mature tier, strongest in payments")
    assert plan.iloc[1]["rationale"].startswith("Wave 2: rank 2 of 12")
    assert plan.attrs["notes"] == []


def test_exclude_is_honoured(ranking, tiers, economies):
    plan = entry_plan(ranking, tiers, economies, exclude=["deu", "USA"])
    assert plan.iloc[0]["iso3"] == "FRA"
    assert not {"DEU", "USA"} & set(plan["iso3"])


def test_must_include_is_placed_in_earliest_wave_it_fits(ranking, tiers, economies):
    plan = entry_plan(ranking, tiers, economies, must_include=["CHL", "NGA"], start_tier="mature")
    waves = plan.set_index("iso3")["wave"]
    assert waves["DEU"] == 1  # neither must-include is mature, so neither can be the core
    assert waves["NGA"] == 2 and waves["CHL"] == 2
    assert "must include" in plan.set_index("iso3").loc["CHL", "rationale"]
    plan2 = entry_plan(ranking, tiers, economies, must_include=["VNM"])
    assert plan2.iloc[0]["iso3"] == "VNM"


def test_start_tier_restricts_core(ranking, tiers, economies):
    plan = entry_plan(ranking, tiers, economies, start_tier="growth")
    assert plan.iloc[0]["iso3"] == "IDN"
    assert "best-ranked growth-tier economy" in plan.iloc[0]["rationale"]
    with pytest.raises(ValueError, match="no growth-tier economy is available"):
        entry_plan(ranking, tiers, economies, start_tier="growth", exclude=["IDN", "VNM", "POL"])


def test_max_per_region_caps_every_wave(ranking, tiers, economies):
    plan = entry_plan(ranking, tiers, economies, wave_sizes=(1, 3, 3, 3), max_per_region=1)
    assert plan.groupby(["wave", "region"]).size().max() == 1
    assert plan["iso3"].is_unique


def test_expand_near_prefers_core_region(ranking, tiers, economies):
    plan = entry_plan(ranking, tiers, economies, wave_sizes=(1, 2), exclude=["DEU"], expand_near=True)
    # core FRA (ECA); wave 2 takes POL (same region) before better-ranked USA
    assert plan.iloc[0]["iso3"] == "FRA"
    wave2 = plan[plan["wave"] == 2]
    assert wave2["iso3"].tolist() == ["POL", "USA"]
    assert "same region as the core (ECA)" in wave2.iloc[0]["rationale"]
    assert "same income group as the core (High)" in wave2.iloc[1]["rationale"]


def test_too_few_economies_returns_shorter_plan_with_note(ranking, tiers, economies):
    plan = entry_plan(ranking.iloc[:3], tiers, economies)
    assert len(plan) == 3
    assert plan.attrs["notes"][0].startswith("wave 2: 2 of 3 slots filled")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(wave_sizes=(2, 3)), "wave 1 must be exactly one core market"),
        (dict(wave_sizes=(1, 6)), "wave 2 size must be a whole number between 1 and 5"),
        (dict(wave_sizes=()), "wave_sizes must list"),
        (dict(exclude=["XYZ", "ABC"]), "unknown ISO3 code\\(s\\) in exclude: XYZ, ABC"),
        (dict(must_include=["QQQ"]), "unknown ISO3 code\\(s\\) in must_include: QQQ"),
        (dict(must_include=["BRA"], exclude=["BRA"]), "in both must_include and exclude: BRA"),
        (dict(wave_sizes=(1, 1), must_include=["BRA", "MEX", "CHL"]), "3 must_include markets but only 2 slots"),
        (dict(start_tier="premium"), "unknown start_tier"),
        (dict(max_per_region=0), "max_per_region"),
        (dict(exclude=CODES), "no economy left"),
        (
            dict(wave_sizes=(1, 1), must_include=["BRA", "MEX"], max_per_region=1, start_tier="mature"),
            "cannot place must_include",
        ),
    ],
)
def test_bad_inputs_raise(ranking, tiers, economies, kwargs, message):
    with pytest.raises(ValueError, match=message):
        entry_plan(ranking, tiers, economies, **kwargs)


def test_must_include_not_ranked_is_an_error(ranking, tiers, economies):
    eco = pd.concat(
        [economies, pd.DataFrame({"name": ["Chad"], "region": ["SSA"], "income_group": ["Low"]}, index=["TCD"])]
    )
    with pytest.raises(ValueError, match="not in the ranking"):
        entry_plan(ranking, tiers, eco, must_include=["TCD"])


def test_accepts_tier_result_like_object(ranking, economies):
    class Fake:
        table = pd.DataFrame({"tier": pd.Series(TIER)})

    plan = entry_plan(ranking, Fake(), economies)
    assert plan.iloc[0]["tier"] == "mature"
    assert (entry_plan(ranking, None, economies)["tier"] == "n/a").all()


def test_reason_columns_carry_what_the_rationale_says(ranking, tiers, economies):
    """The structured reason columns let a UI rebuild the rationale without parsing English."""
    plan = entry_plan(ranking, tiers, economies).set_index("iso3")
    assert set(plan["reason_kind"]) <= set(REASON_KINDS)
    assert plan.loc["DEU", "reason_kind"] == "core"
    assert (plan.loc[plan["wave"] > 1, "reason_kind"] == "next_by_rank").all()
    assert (plan["n_ranked"] == len(ranking)).all()
    # DEU is first on payments: top 1/12 of the field -> "top 8 %"
    assert plan.loc["DEU", "strongest_pillar"] == "payments"
    assert plan.loc["DEU", "strongest_top_pct"] == round(100 / 12)
    for _code, row in plan.iterrows():
        if pd.isna(row["strongest_top_pct"]):
            assert "no pillar in the top half" in row["rationale"]
        else:
            assert f"strongest in {row['strongest_pillar']} (top {row['strongest_top_pct']} %)" in row["rationale"]
    assert (plan["near_iso3"] == "").all() and (plan["near_group"] == "").all()


def test_reason_kind_for_must_include_start_tier_and_nearness(ranking, tiers, economies):
    must = entry_plan(ranking, tiers, economies, must_include=["CHL"], start_tier="mature").set_index("iso3")
    assert must.loc["CHL", "reason_kind"] == "must_include"
    assert must.loc["DEU", "reason_kind"] == "core_start_tier"
    near = entry_plan(ranking, tiers, economies, wave_sizes=(1, 2, 2), exclude=["DEU"], expand_near=True)
    near = near.set_index("iso3")
    assert near.loc["POL", ["reason_kind", "near_iso3", "near_group"]].tolist() == ["same_region", "FRA", "ECA"]
    assert near.loc["USA", ["reason_kind", "near_iso3", "near_group"]].tolist() == ["same_income", "FRA", "High"]
    wave3 = near[near["wave"] == 3]
    assert (wave3["near_iso3"].isin(["FRA", "POL", "USA"]) | (wave3["reason_kind"] == "next_by_rank")).all()
    for _code, row in wave3.iterrows():
        if row["near_iso3"] and row["near_iso3"] != "FRA":
            assert f"as {row['near_iso3']} ({row['near_group']})" in row["rationale"]


def test_plan_without_pillar_columns_has_no_strongest_pillar(ranking, tiers, economies):
    plan = entry_plan(ranking[["rank"]], tiers, economies)
    assert (plan["strongest_pillar"] == "").all() and plan["strongest_top_pct"].isna().all()
    assert plan.iloc[0]["rationale"] == "Core market: rank 1 of 12, mature tier"
