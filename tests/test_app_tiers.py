"""Tiers & entry plan page (AppTest): scatter, silhouette, waves and constraints."""

from __future__ import annotations

import pytest
from app_support import assert_ok, chart_frames, open_page


def plan_rows(at):
    for chart in at.get("vega_lite_chart"):
        for frame in chart_frames(chart):
            if "wave" in frame.columns:
                return frame
    raise AssertionError("no wave timeline on the page")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_runs_and_wave_one_is_exactly_one_market(lang):
    at = open_page("tiers", lang)
    plan = plan_rows(at)
    assert (plan["wave"] == 1).sum() == 1
    later = plan[plan["wave"] > 1].groupby("wave").size()
    assert len(later) >= 1 and later.between(2, 3).all()
    heading = "Wave 1 — core market" if lang == "en" else "第 1 批 — 核心市场"
    assert any(heading in m.value for m in at.markdown)


def test_scatter_colours_every_classified_market_by_tier():
    at = open_page("tiers")
    scatter = chart_frames(at.get("vega_lite_chart")[0])[0]
    assert {"maturity", "momentum", "tier", "reason", "country"} <= set(scatter.columns)
    assert {"mature", "growth", "emerging"} <= set(scatter["tier"])


def test_silhouette_covers_k_2_to_6_and_k_changes_the_tiers():
    at = open_page("tiers")
    sil = chart_frames(at.get("vega_lite_chart")[1])[0]
    assert set(sil["k"]) <= {2, 3, 4, 5, 6} and len(sil) >= 3
    at.select_slider(key="tiers_k").set_value(4).run()
    assert_ok(at)
    assert chart_frames(at.get("vega_lite_chart")[1])[0].query("chosen")["k"].tolist() == [4]


def test_constraints_exclude_the_core_market_and_force_one_in():
    at = open_page("tiers")
    plan = plan_rows(at)
    core = plan.loc[plan["wave"] == 1, "iso3"].item()
    last_ranked = at.session_state["cmp_pick"]  # untouched page state must not break anything
    assert last_ranked == []
    at.multiselect(key="plan_exclude").set_value([core])
    at.multiselect(key="plan_must").set_value(["KEN"]).run()
    assert_ok(at)
    plan2 = plan_rows(at)
    assert core not in set(plan2["iso3"])
    assert "KEN" in set(plan2["iso3"])
    assert (plan2["wave"] == 1).sum() == 1


def test_wave_sizes_follow_the_inputs():
    at = open_page("tiers")
    at.slider(key="plan_waves").set_value(4)
    at.slider(key="plan_wave_size").set_value(2).run()
    assert_ok(at)
    sizes = plan_rows(at).groupby("wave").size().to_dict()
    assert sizes == {1: 1, 2: 2, 3: 2, 4: 2}


def test_plan_csv_has_translated_headers_like_every_other_download(monkeypatch):
    from app_support import capture_downloads

    from xbmarkets.export import read_exported_csv

    downloads = capture_downloads(monkeypatch)
    at = open_page("tiers", "zh")
    assert_ok(at)
    back = read_exported_csv(downloads["xbmarkets-plan.csv"])
    assert list(back.columns)[:3] == ["批次", "ISO3", "国家/地区"]
    assert back["批次"].iloc[0] == 1
    meta = back.attrs["meta"]
    assert meta["wave_sizes"] == "1,3,3" and meta["generated_by"] == "xbmarkets dashboard"
    tiers = read_exported_csv(downloads["xbmarkets-tiers.csv"])
    assert list(tiers.columns).count("country") == 1 and "name" not in tiers.columns  # one name column
    assert tiers.attrs["meta"]["seed"] == "0"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plan_constraints_say_the_region_cap_is_per_wave_and_explain_expand_near(lang):
    """Found walking the app: the cap read as a plan-wide limit (the engine caps each wave) and the
    toggle's label was clipped mid-word in its narrow column."""
    at = open_page("tiers", lang)
    cap = at.number_input(key="plan_cap")
    assert ("wave" in cap.label) if lang == "en" else ("每批" in cap.label)
    near = at.toggle(key="plan_near")
    assert len(near.label) <= 30 and near.help
