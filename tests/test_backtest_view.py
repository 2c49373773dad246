"""The Backtest page's words and frames (pure): English equals the engine's, Chinese is Chinese, the scenario
maps onto a past-year snapshot without inventing anything."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import cache

import pandas as pd
import pytest

from xbmarkets import scenario as sc
from xbmarkets.backtest import CAVEATS, Verdict, caveat_text, run_backtest
from xbmarkets.catalog import PILLARS
from xbmarkets.charts import backtest_scatter, rho_intervals
from xbmarkets.matrix import build_matrix
from xbmarkets.outcomes import OUTCOMES, load_outcomes, outcome_spec
from xbmarkets.scoring import score
from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot, vintage_dir
from xbmarkets.ui import backtest_view as bv
from xbmarkets.ui.i18n import TEXT

CJK = re.compile(r"[\u4e00-\u9fff]")
# proper names and codes that stay as they are in Chinese text
NAMES = {"Findex", "WDI", "WGI", "GDP", "IMF"}


@cache
def now_dm():
    return build_matrix(load_snapshot())


@cache
def vintage(year: int, origin: str | None = None):
    return build_matrix(load_snapshot(vintage_dir(year)), origin=origin)


@cache
def shipped_backtest(year: int, outcome: str | None = None):
    dm = vintage(year)
    weights = {p: 1.0 for p in PILLARS if p in set(dm.criteria["pillar"])}
    result = score(dm, weights)
    return run_backtest(result, load_outcomes(DEFAULT_DATA_DIR / "outcomes.csv"), year, outcome, draws=200)


def defaults() -> dict:
    dm = now_dm()
    return sc.defaults(sc.choices_for(dm))


def english_words() -> set[str]:
    """Every word of the English verdict and caveat templates (placeholders and proper names removed)."""
    words: set[str] = set()
    for key, entry in TEXT.items():
        if key.startswith(("bt.v.", "bt.caveat.", "bt.strength.")):
            text = re.sub(r"\{[^}]*\}", " ", entry["en"])
            words |= {w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in NAMES}
    return words


# --------------------------------------------------------------------------- the verdict in words


@pytest.mark.parametrize("spec", OUTCOMES, ids=lambda s: s.id)
def test_outcome_words_exist_and_english_is_the_engines(spec):
    assert bv.outcome_short(spec, "en") == spec.short
    assert bv.outcome_unit(spec, "en") == spec.unit
    for lang in ("en", "zh"):
        assert str(spec.start) in bv.outcome_label(spec, lang) and str(spec.end) in bv.outcome_label(spec, lang)
    assert CJK.search(bv.outcome_short(spec, "zh")) and CJK.search(bv.outcome_unit(spec, "zh"))


def _verdicts() -> list[Verdict]:
    """Verdicts of every kind, subject and strength: from real backtests, and the kinds they lack made by hand."""
    real = [
        v
        for year in (2017, 2021)
        for o in ("online_buying", "gdp_growth")
        for v in shipped_backtest(year, o).verdicts.values()
    ]
    base = real[0]
    made = [
        replace(base, kind="too_few", strength="", n=7),
        replace(base, kind="contradicts", strength="moderate", rho=-0.41, low=-0.6, high=-0.2),
        replace(base, kind="supports", strength="strong", subject="payments", rho=0.55, low=0.3, high=0.7),
        replace(base, kind="no_evidence", strength="negligible", subject="fit", rho=0.01, low=-0.2, high=0.2),
    ]
    return real + made


def test_the_verdicts_cover_every_kind_and_strength():
    seen = {(v.kind, v.strength) for v in _verdicts()}
    assert {k for k, _ in seen} == {"supports", "contradicts", "no_evidence", "too_few"}
    assert {s for _, s in seen} >= {"negligible", "weak", "moderate", "strong"}


def test_english_verdict_equals_the_engines_message():
    for v in _verdicts():
        spec = outcome_spec(v.as_of, v.outcome)
        assert bv.verdict_text(v, spec, "en") == v.message(spec), v


def test_chinese_verdict_has_no_english_word_of_the_template():
    words = english_words()
    assert {"Evidence", "interval", "markets", "relation", "pillar", "score"} <= words  # the scan is not empty
    for v in _verdicts():
        text = bv.verdict_text(v, outcome_spec(v.as_of, v.outcome), "zh")
        assert CJK.search(text)
        found = {w for w in re.findall(r"[A-Za-z]{3,}", text)} & words
        assert not found, (found, text)
        assert f"{v.n}" in text and (v.kind == "too_few" or f"{v.rho:+.2f}" in text)


@pytest.mark.parametrize("code", sorted(CAVEATS))
def test_caveats_in_english_equal_the_engines_and_chinese_is_chinese(code):
    v = replace(shipped_backtest(2021).verdicts["score"], caveats=(code,))
    assert bv.caveat_lines(v, "en") == [caveat_text(code, v.n, v.as_of)]
    (zh,) = bv.caveat_lines(v, "zh")
    assert CJK.search(zh)
    assert not set(re.findall(r"[A-Za-z]{3,}", zh)) & english_words()


def test_verdict_box_follows_the_kind():
    assert [bv.verdict_box(k) for k in ("supports", "contradicts", "no_evidence", "too_few")] == [
        "success",
        "warning",
        "info",
        "info",
    ]


def test_fifths_text_names_both_means_and_the_group_size():
    bt = shipped_backtest(2021)
    row = bv.summary_row(bt, "growth")
    text = bv.fifths_text(row, bt.outcome, "en")
    assert f"{row['top_fifth']:+.2f}" in text and f"{row['bottom_fifth']:+.2f}" in text
    assert f"({int(row['fifth'])} markets each)" in text
    assert bv.fifths_text({**row.to_dict(), "fifth": 0}, bt.outcome, "en") == ""
    with pytest.raises(KeyError):
        bv.summary_row(bt, "no_such_pillar")


# --------------------------------------------------------------------------- the scenario as of a past year


def test_default_scenario_drops_what_the_vintage_lacks_and_names_it():
    then = vintage(2021)
    got = bv.vintage_inputs(defaults(), PILLARS, now_dm().criteria, then.criteria)
    present = set(then.criteria["pillar"])
    assert "fit" not in present and got.absent_pillars == ("fit",)  # its generic indicators have no 2021 edition
    assert {p for p, _ in got.pillar_weights} == present
    assert dict(got.indicator_weights).keys() == set(then.criteria.index)
    left_out = set(load_snapshot(vintage_dir(2021)).left_out["id"])
    # every weighted indicator the vintage lacks is one its left_out table lists (fit's are there too)
    assert set(got.absent_indicators) <= left_out and "weo_growth_2030" in got.absent_indicators
    assert not set(got.absent_indicators) & set(then.criteria.index)


def test_an_unweighted_indicator_or_pillar_is_not_called_missing():
    scen = defaults() | {sc.ind_weight_key("weo_growth_2030"): 0.0, sc.weight_key("regulation"): 0}
    got = bv.vintage_inputs(scen, PILLARS, now_dm().criteria, vintage(2021).criteria)
    assert "weo_growth_2030" not in got.absent_indicators
    assert not [i for i in got.absent_indicators if i.startswith("cyberlaw") or i == "vat_rate"]
    assert dict(got.pillar_weights)["regulation"] == 0


def test_indicator_weights_are_the_founders_where_the_vintage_holds_the_indicator():
    scen = defaults() | {sc.ind_weight_key("gdp_growth_6y"): 2.5}
    got = dict(bv.vintage_inputs(scen, PILLARS, now_dm().criteria, vintage(2021).criteria).indicator_weights)
    assert got["gdp_growth_6y"] == 2.5
    assert got["population_growth"] == float(vintage(2021).criteria.at["population_growth", "weight"])


def test_with_an_origin_the_fit_pillar_is_present_then():
    now, then = build_matrix(load_snapshot(), origin="CHN"), vintage(2021, "CHN")
    got = bv.vintage_inputs(defaults(), PILLARS, now.criteria, then.criteria)
    assert "fit" in dict(got.pillar_weights) and got.absent_pillars == ()


def test_no_weight_left_is_reported_not_raised():
    scen = defaults() | {sc.weight_key(p): 0 for p in PILLARS} | {sc.weight_key("fit"): 50}
    got = bv.vintage_inputs(scen, PILLARS, now_dm().criteria, vintage(2021).criteria)
    assert not got.has_weight and got.absent_pillars == ("fit",)


def test_left_out_text_names_each_indicator_with_its_editions_year():
    snap = load_snapshot(vintage_dir(2021))
    text = bv.left_out_text(("weo_growth_2030", "vat_rate"), snap.left_out, 2021, "en")
    assert text.startswith("The 2021 snapshot has no edition of: IMF growth outlook (2025), VAT rate (2026).")
    zh = bv.left_out_text(("weo_growth_2030",), snap.left_out, 2021, "zh")
    assert "IMF 增长预测（2025）" in zh
    assert bv.left_out_text((), snap.left_out, 2021, "en") == ""


def test_years_are_those_with_a_vintage_in_the_data_folder(tmp_path):
    assert bv.backtest_years(DEFAULT_DATA_DIR) == [2017, 2021]
    assert bv.backtest_years(tmp_path) == []
    (tmp_path / "vintage-2017").mkdir()
    assert bv.backtest_years(tmp_path) == [2017]


def test_choose_keeps_a_valid_pick_and_falls_back_to_the_first():
    assert bv.choose("gdp_growth", ["online_buying", "gdp_growth"]) == "gdp_growth"
    assert bv.choose("gone", ["online_buying", "gdp_growth"]) == "online_buying"
    assert bv.choose(None, []) is None


def test_meta_helpers_say_where_weights_came_from_and_the_origin():
    assert bv.weights_from({"preset": "growth_hunter", "profile": ""}) == "preset growth_hunter"
    assert bv.weights_from({"preset": "", "profile": "toys"}) == "sliders, profile toys"
    assert bv.origin_setting(vintage(2021)).startswith("none")
    assert bv.origin_setting(vintage(2021, "CHN")) == "CHN (China)"


# --------------------------------------------------------------------------- frames and charts


def test_scatter_frame_holds_markets_with_an_outcome_and_marks_the_top_ten():
    bt = shipped_backtest(2021)
    names = pd.Series({"IND": "印度"})
    points = bv.scatter_frame(bt.table, "growth", names)
    measured = bt.table[bt.table["outcome"].notna()]
    assert sorted(points["iso3"]) == sorted(measured["iso3"])
    assert points["top"].tolist() == (points["rank"] <= bv.TOP_LABELLED).tolist()
    by_code = points.set_index("iso3")
    assert by_code.at["IND", "country"] == "印度"
    other = measured.iloc[0]
    if other["iso3"] != "IND":
        assert by_code.at[other["iso3"], "country"] == other["country"]
    assert by_code["y"].to_dict() == measured.set_index("iso3")["outcome"].to_dict()


def test_summary_and_market_views_translate_headers_and_keep_numbers():
    bt = shipped_backtest(2021)
    for lang in ("en", "zh"):
        view = bv.summary_view(bt.summary, bt.outcome, lang)
        rows = bt.summary[bt.summary["outcome"] == bt.outcome.id]
        assert len(view) == len(bt.subjects)
        rho = TEXT["bt.col.rho"][lang]
        assert view[rho].tolist() == rows["rho"].tolist()
        markets = bv.market_view(bt.table, bt.subjects, bt.outcome, pd.Series(dtype=str), lang)
        assert len(markets) == len(bt.table)
        assert list(markets.columns[:5]) == [
            TEXT["col.rank"][lang],
            TEXT["col.iso3"][lang],
            TEXT["col.country"][lang],
            bv.subject_label("score", lang),
            bv.outcome_title(bt.outcome, lang),
        ]
        shown = markets[bv.outcome_title(bt.outcome, lang)]
        pd.testing.assert_series_equal(shown, bt.table["outcome"], check_names=False)
    zh = bv.summary_view(bt.summary, bt.outcome, "zh")
    assert all(CJK.search(c) for c in zh.columns)


def _no_urls(spec) -> bool:
    text = json.dumps(spec)
    return '"url"' not in text


def test_the_charts_are_inline_and_titled_as_given():
    bt = shipped_backtest(2021)
    points = bv.scatter_frame(bt.table, "score", pd.Series(dtype=str))
    chart = backtest_scatter(points, titles={"x": "X轴", "y": "Y轴"}, top_label="前 10 名", rest_label="其他")
    spec = chart.to_dict()
    assert _no_urls(spec)
    text = json.dumps(spec, ensure_ascii=False)
    assert "X轴" in text and "Y轴" in text and "前 10 名" in text
    frame = bv.interval_frame(bt.summary, bt.outcome, "zh")
    spec = rho_intervals(frame, titles={"rho": "斯皮尔曼 ρ"}, kind_labels={"no_evidence": "无法判断"}).to_dict()
    assert _no_urls(spec)
    assert frame["label"].tolist()[0] == "总分" and len(frame) == len(bt.subjects)
