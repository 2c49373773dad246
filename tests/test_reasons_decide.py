"""ui.reasons / ui.views for the decision tools: stability intervals, what would it take, plan robustness.

As for the tier reasons (tests/test_reasons.py), the English wording built
from the engine's structured results must equal the engine's own sentence,
row by row: that proves the structured fields carry everything the sentence
says.  The Chinese wording must carry none of the English sentence's words.
The whole-point weights a what-if button applies are checked by re-scoring.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from synthetic import FIVE_PILLARS, five_pillar_dm, make_dm

from xbmarkets import scenario as sc
from xbmarkets.catalog import PILLARS
from xbmarkets.compare import compare_scenarios
from xbmarkets.matrix import build_matrix
from xbmarkets.plan_robustness import PlanSettings, plan_robustness
from xbmarkets.scoring import score
from xbmarkets.snapshot import load_snapshot
from xbmarkets.stability import stability_intervals
from xbmarkets.tiers import assign_tiers
from xbmarkets.ui import reasons, views
from xbmarkets.ui.i18n import label
from xbmarkets.weights import PRESETS
from xbmarkets.whatif import what_if

ENGLISH = re.compile(
    r"\b(?:Your|first|stays|while|between|above|below|takes|over|replaces|whatever|weight|now|nearest|"
    r"weights|rank|ranks|top|change|total|indicator|would|reach|Over|core|market|plan|frequent|the)\b"
)


@pytest.fixture(scope="module")
def snap():
    return load_snapshot()


@pytest.fixture(scope="module")
def dm(snap):
    return build_matrix(snap)


def _names(result) -> dict[str, str]:
    return {str(k): str(v) for k, v in result.table["name"].items()}


# --------------------------------------------------------------------------- stability


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("k", [1, 3, 5])
def test_english_stability_sentences_equal_the_engine(dm, preset, k):
    result = score(dm, PRESETS[preset].pillar_weights)
    stab = stability_intervals(result, k, dm)
    mine = reasons.stability_sentences(stab.table, stab.top, _names(result), "en")
    assert mine.tolist() == stab.sentences


def test_english_stability_sentences_cover_every_shape():
    """The real data has no 'whatever', 'only pillar' or top-k replacement at both ends in every preset: small data."""
    whatever = score(
        make_dm(
            {"AAA": {"x": 9, "y": 9}, "BBB": {"x": 5, "y": 1}, "CCC": {"x": 1, "y": 5}},
            {"x": "growth", "y": "logistics"},
        ),
        {"growth": 1, "logistics": 1},
    )
    only = score(five_pillar_dm(n=8, seed=3), {"logistics": 1.0})
    spread = score(five_pillar_dm(n=12, seed=2), dict.fromkeys(set(FIVE_PILLARS.values()), 1.0))
    seen = set()
    for result, k in ((whatever, 1), (only, 1), (spread, 1), (spread, 3), (spread, 4)):
        stab = stability_intervals(result, k)
        mine = reasons.stability_sentences(stab.table, stab.top, _names(result), "en").tolist()
        assert mine == stab.sentences
        seen |= {word for s in mine for word in ("whatever", "only weighted", "replaces", "takes over") if word in s}
    assert seen == {"whatever", "only weighted", "replaces", "takes over"}


def test_chinese_stability_sentences_have_no_english_words_and_close_up_percent(dm):
    result = score(dm, PRESETS["balanced"].pillar_weights)
    for k in (1, 5):
        stab = stability_intervals(result, k, dm)
        zh = reasons.stability_sentences(stab.table, stab.top, {c: "某国" for c in result.table.index}, "zh")
        assert not zh.str.contains(ENGLISH).any(), zh.tolist()[:2]
        assert not zh.str.contains(" %").any() and zh.str.contains(r"\d%").all()
        assert zh.str.contains("保持第一" if k == 1 else f"前 {k} 名").all()


def test_stability_frame_and_bars_follow_the_table(dm):
    result = score(dm, PRESETS["growth_hunter"].pillar_weights)
    stab = stability_intervals(result, 3, dm)
    sentences = reasons.stability_sentences(stab.table, stab.top, _names(result), "zh").tolist()
    zh_names = {"IND": "印度"}
    frame = views.stability_frame(stab.table, zh_names, sentences, "zh")
    assert list(frame.columns) == [
        "pillar",
        "k",
        "weight_now",
        "low",
        "high",
        "low_in",
        "low_out",
        "high_in",
        "high_out",
        "sentence",
    ]
    assert (frame["low"] <= frame["weight_now"]).all() and (frame["weight_now"] <= frame["high"]).all()
    assert frame["pillar"].iloc[0] == "市场规模"  # pillar names in the language, not ids
    # a country code becomes its name in the language; an empty end (interval reaches 0 or 1) stays empty
    for end in ("low_in", "high_in"):
        for code, shown in zip(stab.table[end], frame[end], strict=True):
            assert shown == ("" if code == "" else zh_names.get(code, code))
    bars = views.stability_bars(stab.table, sentences, "en")
    assert bars["now"].tolist() == stab.table["weight_now"].tolist() and len(bars) == len(result.pillars)


# --------------------------------------------------------------------------- what would it take


def test_english_whatif_sentences_equal_the_engine_for_every_status(dm):
    result = score(dm, PRESETS["balanced"].pillar_weights)
    names = _names(result)
    seen = set()
    for code, k in (("SGP", 3), ("CAN", 3), ("CAN", 5), ("GBR", 3), ("POL", 3), ("UZB", 5)):
        wi = what_if(result, code, k, dm)
        seen.add(wi.status)
        assert reasons.whatif_text(wi, names, "en") == wi.sentence
        assert reasons.whatif_indicator_text(wi, names, "en") == wi.indicator_sentence
    assert {"already", "found", "not_found"} <= seen


def test_english_whatif_sentence_for_a_dominated_market_equals_the_engine():
    values = {"AAA": {"x": 9, "y": 9}, "BBB": {"x": 8, "y": 8}, "CCC": {"x": 1, "y": 1}, "DDD": {"x": 5, "y": 0}}
    dm = make_dm(values, {"x": "growth", "y": "logistics"})
    result = score(dm, {"growth": 1, "logistics": 1})
    wi = what_if(result, "CCC", 2, dm)
    assert wi.status == "impossible" and wi.dominated_by
    assert reasons.whatif_text(wi, _names(result), "en") == wi.sentence
    zh = reasons.whatif_text(wi, {"CCC": "丙国", "AAA": "甲国", "BBB": "乙国"}, "zh")
    assert "无法进入" in zh and "甲国" in zh and not ENGLISH.search(zh)


def test_chinese_whatif_sentences_have_no_english_words(dm):
    result = score(dm, PRESETS["balanced"].pillar_weights)
    chinese = {c: "某国" for c in result.table.index}
    for code in ("CAN", "POL", "SGP"):
        wi = what_if(result, code, 3, dm)
        for text in (reasons.whatif_text(wi, chinese, "zh"), reasons.whatif_indicator_text(wi, chinese, "zh")):
            assert not ENGLISH.search(text), text
    found = what_if(result, "CAN", 3, dm)
    assert "调到" in reasons.whatif_text(found, chinese, "zh")


def test_a_move_under_half_a_point_is_still_named():
    """Regression: every pillar moving < 0.5 % left the engine's sentence with an empty list ('top 5:  (total…')."""
    dm = build_matrix(load_snapshot())
    result = score(dm, PRESETS["balanced"].pillar_weights)
    wi = what_if(result, "CAN", 5, dm, indicators=False)
    assert wi.status == "found" and (wi.weights["change"].abs() < 0.005).all()
    assert ":  (" not in wi.sentence and " → " in wi.sentence
    assert reasons.whatif_text(wi, _names(result), "en") == wi.sentence


def test_whole_point_weights_keep_the_market_in_the_top_k_when_rescored(dm):
    """What the Apply button would set: slider points whose full re-score puts the market in the top k."""
    ch = sc.choices_for(dm)
    base = {p: float(v) for p, v in sc.pillar_weights(sc.defaults(ch), PILLARS).items()}
    result = score(dm, base)
    for code, k in (("CAN", 3), ("GBR", 3), ("UZB", 5)):
        wi = what_if(result, code, k, dm, indicators=False)
        needed = dict(zip(wi.weights["pillar"], wi.weights["weight_needed"], strict=True))
        points = views.weight_points(result, code, k, needed, base)
        assert points, code
        first = points[0]
        assert all(isinstance(v, int) and 1 <= v <= sc.WEIGHT_MAX for v in first.values())
        again = score(dm, {**base, **{p: float(v) for p, v in first.items()}})
        assert int(again.table.at[code, "rank"]) <= k


def _window_case():
    """Four markets, two pillars: XXX is first only while growth's share is within ~10⁻⁵ of 0.3858."""
    a = 0.3725
    t = (1 - a) / (2 - a)
    s = 1 - t + 3e-6
    values = {"AAA": {"x": 1, "y": a}, "BBB": {"x": 0, "y": 1}, "XXX": {"x": s, "y": s}, "DDD": {"x": 0, "y": 0}}
    dm = make_dm(values, {"x": "growth", "y": "logistics"})
    return dm, score(dm, {"growth": 1, "logistics": 1})


def test_no_whole_points_when_rounding_always_drops_the_market_out():
    dm, result = _window_case()
    wi = what_if(result, "XXX", 1, dm, indicators=False)
    assert wi.status == "found" and wi.rank_after == 1  # exact shares do it ...
    # ... but no pair of slider points does (brute force over every pair, on the pillar scores)
    p = result.table[["growth", "logistics"]].to_numpy()
    grid = np.array([(g, lo) for g in range(1, sc.WEIGHT_MAX + 1) for lo in range(1, sc.WEIGHT_MAX + 1)], dtype=float)
    scores = (grid / grid.sum(axis=1, keepdims=True)) @ p.T
    x = list(result.table.index).index("XXX")
    assert not (scores.argmax(axis=1) == x).any()
    needed = dict(zip(wi.weights["pillar"], wi.weights["weight_needed"], strict=True))
    assert views.weight_points(result, "XXX", 1, needed, {"growth": 50, "logistics": 50}) == []


def test_whatif_frames_name_pillars_and_indicators_in_the_language(dm):
    result = score(dm, PRESETS["balanced"].pillar_weights)
    wi = what_if(result, "GBR", 3, dm)
    w = views.whatif_weights_frame(wi, "zh", {p: 7 for p in wi.weights["pillar"]})
    assert "市场规模" in set(w["pillar"]) and (w["points"] == 7).all()
    assert np.allclose(w["weight_now"] + w["change"], w["weight_needed"])
    ind = views.whatif_indicators_frame(wi, "zh")
    possible = wi.indicators[wi.indicators["status"] == "possible"]
    assert len(ind) == len(possible) and (ind["rank_after"] <= 3).all()
    assert ind["value_needed"].tolist() == possible["value_needed"].tolist()


# --------------------------------------------------------------------------- plan robustness


@pytest.mark.parametrize("concentration", [None, 20.0])
def test_english_plan_robustness_sentence_equals_the_engine(dm, concentration):
    result = score(dm, PRESETS["balanced"].pillar_weights)
    tiers = assign_tiers(dm).table
    pr = plan_robustness(result, tiers, dm.economies, PlanSettings(), draws=800, concentration=concentration, seed=0)
    assert reasons.plan_robustness_text(pr, pr.names, "en", plan_names=False) == pr.sentence
    zh = reasons.plan_robustness_text(pr, {c: "某国" for c in pr.names}, "zh")
    assert not ENGLISH.search(zh) and "核心市场" in zh
    plans = views.plans_frame(pr, pr.names, "en")
    assert plans["share"].tolist() == pr.plans["share"].tolist()
    assert plans["plan"].iloc[0].split(" | ")[0] == pr.names[pr.plans["core"].iloc[0]]
    table = views.plan_robustness_frame(pr, pr.names)
    assert table["p_core"].sum() == pytest.approx(1.0 - pr.failed / pr.draws)


# --------------------------------------------------------------------------- two scenarios


def test_scenario_frames(dm):
    a = score(dm, PRESETS["balanced"].pillar_weights)
    b = score(dm, PRESETS["growth_hunter"].pillar_weights, method="topsis")
    comp = compare_scenarios(a, b, names=("A: x", "B: y"), top=15)
    ranks = views.scenario_ranks_frame(comp, _names(a), "zh")
    assert len(ranks) == len(comp.ranks) and set(ranks["status"]) <= {"两者", "仅 A", "仅 B"}
    slope = views.slope_frame(comp, _names(a), ("A: x", "B: y"), "en")
    assert set(slope["scenario"]) == {"A: x", "B: y"}
    assert set(slope["country"]) == {_names(a).get(c, c) for c in comp.slope.index}
    for _country, rows in slope.groupby("country"):
        if len(rows) == 2:
            a_rank, b_rank = rows.sort_values("side")["rank"]
            move = rows["move"].iloc[0]
            assert move == ("higher in B" if b_rank < a_rank else "lower in B" if b_rank > a_rank else "same rank")
    w = views.scenario_weights_frame(comp, "en")
    assert np.allclose(w["weight_b"] - w["weight_a"], w["difference"])
    changes = views.main_weight_changes(comp, "en")
    assert changes and all(re.fullmatch(r"[A-Za-z ]+ [+-]\d+\.\d%", c) for c in changes)


def test_setting_differences_name_what_differs_only(dm):
    ch = sc.choices_for(dm)
    a = sc.defaults(ch)
    b = {**a, "method": "topsis", "cov": 0.7, sc.ind_weight_key("lpi_overall"): 2.0, sc.dir_key("gdp_usd"): -1}
    diffs = views.scenario_setting_diffs(a, b, dm.criteria, "en")
    assert diffs["setting"].tolist() == [
        "Method",
        "Minimum data coverage",
        "Direction: " + label("ind", "gdp_usd", "en", fallback="gdp_usd"),
        "Indicator weight: " + label("ind", "lpi_overall", "en", fallback="lpi_overall"),
    ]
    assert diffs.iloc[1].tolist()[1:] == ["50%", "70%"]
    assert views.scenario_setting_diffs(a, dict(a), dm.criteria, "zh").empty
    assert isinstance(diffs, pd.DataFrame)
