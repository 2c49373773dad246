"""The decision tools on the pages (AppTest), in English and Chinese.

Robustness: stability intervals (chart, sentences, CSV).  Ranking and
Compare: what would it take, with the button that applies the weights.
Tiers & plan: plan robustness under the Robustness page's draws.  Compare:
two scenarios (current, preset + profile, saved file).  Expected values come
from the engine called directly on the same scenario, never from the page.
"""

from __future__ import annotations

import json

import pytest
from app_support import assert_ok, capture_downloads, chart_frames, open_page

from xbmarkets import scenario as sc
from xbmarkets.catalog import PILLARS
from xbmarkets.export import read_exported_csv
from xbmarkets.matrix import build_matrix
from xbmarkets.plan_robustness import PlanSettings, plan_robustness
from xbmarkets.robustness import scenario_acceptability
from xbmarkets.scoring import score
from xbmarkets.snapshot import load_snapshot
from xbmarkets.stability import stability_intervals
from xbmarkets.tiers import assign_tiers
from xbmarkets.weights import PRESETS, apply_profile, normalise_weights
from xbmarkets.whatif import what_if


@pytest.fixture(scope="module")
def dm():
    return build_matrix(load_snapshot())


@pytest.fixture(scope="module")
def choices(dm):
    return sc.choices_for(dm)


@pytest.fixture(scope="module")
def base(dm, choices):
    """The first-visit scenario's result (the default preset on the sliders), as the pages score it."""
    return score(dm, sc.pillar_weights(sc.defaults(choices), PILLARS))


def bullets(at) -> list[str]:
    return [line[2:] for m in at.markdown for line in m.value.split("\n") if line.startswith("- ")]


def weights_now(at) -> dict[str, float]:
    return {p: float(at.session_state[sc.weight_key(p)]) for p in PILLARS}


# --------------------------------------------------------------------------- Robustness: stability intervals


def test_stability_sentences_are_the_engines_and_the_bars_hold_the_weight(dm, base):
    at = open_page("robustness")
    stab = stability_intervals(base, 1, dm)
    shown = bullets(at)
    assert [s.replace("\\", "") for s in shown if "stays first" in s] == stab.sentences
    bars = [f for c in at.get("vega_lite_chart") for f in chart_frames(c) if {"low", "high", "now"} <= set(f.columns)]
    assert len(bars) == 1 and len(bars[0]) == len(base.pillars)
    b = bars[0]
    assert ((b["low"] <= b["now"]) & (b["now"] <= b["high"])).all()
    assert b["high"].tolist() == pytest.approx(stab.table["high"].tolist())


def test_the_top_k_set_follows_the_pages_top_k_control(dm, base):
    at = open_page("robustness")
    at.radio(key="rob_stab_keep").set_value("top").run()
    at.number_input(key="rob_top_k").set_value(3).run()
    assert_ok(at)
    tops = [s.replace("\\", "") for s in bullets(at) if s.startswith("Your top 3")]
    assert tops == stability_intervals(base, 3, dm).sentences


def test_stability_in_chinese():
    at = open_page("robustness", "zh")
    shown = bullets(at)
    assert any("保持第一" in s for s in shown)
    assert not any("stays first" in s for s in shown)
    assert any(s.value == "每个权重能调整多少？" for s in at.subheader)


def test_stability_csv_is_the_table_shown_with_its_settings(monkeypatch, base):
    downloads = capture_downloads(monkeypatch)
    open_page("robustness")
    back = read_exported_csv(downloads["xbmarkets-stability.csv"])
    assert list(back.columns[:5]) == ["Pillar", "Top k", "Weight now", "Holds from", "Holds up to"]
    assert len(back) == len(base.pillars) and (back["Top k"] == 1).all()
    assert back.attrs["meta"]["top_k"] == "1" and back.attrs["meta"]["command"] == "stability"


# --------------------------------------------------------------------------- Ranking: what would it take


def _find(at, key: str, iso3: str | None = None):
    if iso3 is not None:
        at.selectbox(key="explain_iso3").set_value(iso3).run()
    at.button(key=f"{key}_wi_find").click().run()
    assert_ok(at)
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_what_it_takes_on_ranking_and_the_apply_button(dm, base, lang):
    at = _find(open_page("ranking", lang), "rank", "CAN")
    wi = what_if(base, "CAN", 3, dm)
    assert wi.status == "found"
    infos = [i.value for i in at.info]
    if lang == "en":
        assert wi.sentence in infos
        assert any(c.value == wi.indicator_sentence for c in at.caption)
    else:
        assert any("调到" in i and "加拿大" in i for i in infos)
    assert "rank_wi_find" not in [b.key for b in at.button]  # the answer replaced the button
    at.button(key="rank_wi_apply").click().run()
    assert_ok(at)
    points = weights_now(at)
    assert points != {p: float(v) for p, v in sc.pillar_weights(sc.defaults(sc.choices_for(dm)), PILLARS).items()}
    assert all(float(v).is_integer() and 0 <= v <= sc.WEIGHT_MAX for v in points.values())
    assert at.session_state["preset"] == "" and at.session_state["profile"] == ""
    # the link carries the new weights, and the full ranking at them puts Canada in the top 3
    for p, v in points.items():
        assert at.query_params[sc.weight_key(p)] in (str(int(v)), [str(int(v))])
    assert int(score(dm, points).table.at["CAN", "rank"]) <= 3
    assert at.slider(key=sc.weight_key("payments")).value == points["payments"]
    word = "now ranks" if lang == "en" else "现在排名"
    assert any(word in s.value for s in at.success)


def test_a_market_already_in_the_top_k_needs_no_search():
    at = open_page("ranking")
    at.selectbox(key="explain_iso3").set_value("SGP").run()
    assert "rank_wi_find" not in [b.key for b in at.button]
    assert any("is already in your top 3 (rank 1)" in i.value for i in at.info)


def test_the_answer_is_dropped_when_the_weights_move():
    """A slider move must not recompute the what-if: the stale answer goes, the button comes back."""
    at = _find(open_page("ranking"), "rank", "CAN")
    assert "rank_wi_apply" in [b.key for b in at.button]
    at.slider(key=sc.weight_key("logistics")).set_value(70).run()
    assert_ok(at)
    keys = [b.key for b in at.button]
    assert "rank_wi_find" in keys and "rank_wi_apply" not in keys


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_what_it_takes_on_compare(dm, base, lang):
    at = open_page("compare", lang)
    at.multiselect(key="cmp_pick").set_value(["SGP", "GBR"]).run()
    at.selectbox(key="cmp_wi_pick").set_value("GBR").run()
    at.number_input(key="cmp_wi_k").set_value(5).run()
    at.button(key="cmp_wi_find").click().run()
    assert_ok(at)
    wi = what_if(base, "GBR", 5, dm)
    if lang == "en":
        assert wi.sentence in [i.value for i in at.info]
    else:
        assert any("英国" in i.value or "联合王国" in i.value for i in at.info)
    at.button(key="cmp_wi_apply").click().run()
    assert_ok(at)
    assert int(score(dm, weights_now(at)).table.at["GBR", "rank"]) <= 5


# --------------------------------------------------------------------------- Tiers & plan: plan robustness


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plan_robustness_uses_the_robustness_pages_draws(dm, base, lang):
    at = open_page("robustness", lang)
    at.select_slider(key="rob_draws").set_value(500).run()
    at.select_slider(key="rob_conc").set_value(20).run()
    at.switch_page("pages/2_Tiers_and_plan.py").run()
    assert_ok(at)
    pr = plan_robustness(base, assign_tiers(dm).table, dm.economies, PlanSettings(), draws=500, concentration=20.0)
    if lang == "en":
        assert any(
            i.value.startswith("Over 500 weightings near yours, Singapore is the core market in") for i in at.info
        )
    else:
        assert any(i.value.startswith("在 500 组贴近你的权重的抽样中") for i in at.info)
    table = next(d.value for d in at.dataframe if d.value.shape[1] == 6)
    core = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert core[table.iloc[0, 0]] == pytest.approx(float(pr.table["p_core"].iloc[0]))
    # no plan constraints: the core market is the draw's first market, so its share is the Robustness page's
    acc = scenario_acceptability(base, draws=500, concentration=20.0, top_k=5, seed=0)
    assert float(pr.table["p_core"].iloc[0]) == pytest.approx(float(acc.loc[pr.table.index[0], "p_first"]))


def test_plan_robustness_follows_the_plan_constraints_and_downloads(monkeypatch):
    downloads = capture_downloads(monkeypatch)
    at = open_page("tiers")
    at.multiselect(key="plan_exclude").set_value(["SGP"]).run()
    assert_ok(at)
    back = read_exported_csv(downloads["xbmarkets-plan-robustness.csv"])
    assert "SGP" not in set(back["ISO3"])
    assert back.attrs["meta"]["draws"] == str(at.session_state["rob_draws"])
    assert back.attrs["meta"]["summary"].startswith("Over ")
    assert not any(i.value.startswith("Over") and "Singapore is the core" in i.value for i in at.info)


# --------------------------------------------------------------------------- Compare: two scenarios


def _scenarios(lang: str = "en"):
    at = open_page("compare", lang)
    at.segmented_control(key="cmp_view").set_value("scenarios").run()
    assert_ok(at)
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_two_scenarios_current_and_a_preset_with_a_profile(dm, base, lang):
    at = _scenarios(lang)
    at.selectbox(key="sc_B").set_value("preset:growth_hunter").run()
    at.selectbox(key="sc_B_profile").set_value("electronics").run()
    assert_ok(at)
    b = score(dm, sc.scale_weights(apply_profile(PRESETS["growth_hunter"].pillar_weights, "electronics"), PILLARS))
    slope = [f for c in at.get("vega_lite_chart") for f in chart_frames(c) if "move" in f.columns][0]
    top = set(base.table.index[:15]) | set(b.table.index[:15])
    assert slope["country"].nunique() == len(top)
    weights = at.dataframe[0].value
    # the preset and profile as the Ranking sidebar would set them: whole slider points, within 0.5 % of the shares
    exact = normalise_weights(apply_profile(PRESETS["growth_hunter"].pillar_weights, "electronics"))
    assert weights.iloc[:, 2].tolist() == pytest.approx([float(b.pillar_weights[p]) for p in base.pillars])
    assert weights.iloc[:, 2].tolist() == pytest.approx([exact[p] for p in base.pillars], abs=5e-3)
    ranks = at.dataframe[-1].value
    assert ranks.iloc[:, 3].dropna().astype(int).tolist()[:5] == [int(b.table.at[c, "rank"]) for c in ranks.iloc[:5, 0]]
    word = "First market" if lang == "en" else "排名第一的市场"
    assert any(word in i.value for i in at.info)


def test_a_saved_scenario_file_is_compared_and_exported(monkeypatch, dm, choices):
    downloads = capture_downloads(monkeypatch)
    at = _scenarios()
    theirs = sc.defaults(choices) | {"w_logistics": 100, "method": "topsis", sc.dir_key("gdp_usd"): -1}
    at.selectbox(key="sc_B").set_value("file").run()
    at.file_uploader(key="sc_B_file").set_value(("cofounder.json", sc.to_json(theirs, choices), "application/json"))
    at.run()
    assert_ok(at)
    flipped = dm.with_directions({"gdp_usd": -1})
    b = score(flipped, sc.pillar_weights(theirs, PILLARS), method="topsis")
    settings = at.dataframe[1].value
    assert set(settings.iloc[:, 0]) >= {"Method"} and any("Direction" in s for s in settings.iloc[:, 0])
    back = read_exported_csv(downloads["xbmarkets-scenarios.csv"])
    assert back.attrs["meta"]["scenario_b"] == "B: file cofounder.json"
    assert "method" in back.attrs["meta"]["settings_that_differ"]
    ranked_b = back.dropna(subset=["Rank in B"]).set_index("ISO3")["Rank in B"].astype(int)
    assert ranked_b.to_dict() == b.table["rank"].astype(int).to_dict()


@pytest.mark.parametrize(
    ("payload", "words"),
    [(b"{not json", "not a scenario file"), (json.dumps({"xbmarkets_scenario": 2}).encode(), "xbmarkets_scenario")],
)
def test_a_hostile_scenario_file_gets_one_sentence(payload, words):
    at = _scenarios()
    at.selectbox(key="sc_A").set_value("file").run()
    at.file_uploader(key="sc_A_file").set_value(("x.json", payload, "application/json")).run()
    assert_ok(at)
    assert len(at.error) == 1 and words in at.error[0].value
    assert not at.get("vega_lite_chart")


def test_when_whole_points_cannot_hold_the_market_the_page_says_so(monkeypatch):
    """The rounding case itself is tested on data in test_reasons_decide; here: the page's sentence, no button."""
    import streamlit as st

    from xbmarkets.ui import views

    monkeypatch.setattr(views, "weight_points", lambda *args, **kwargs: [])
    st.cache_data.clear()  # an earlier test may have cached whole points for this very question
    at = _find(open_page("ranking"), "rank", "CAN")
    assert any("whole points" in w.value and "Canada" in w.value for w in at.warning)
    assert "rank_wi_apply" not in [b.key for b in at.button]
    st.cache_data.clear()
