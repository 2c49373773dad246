"""Backtest page (AppTest): the figures are the engine's on the founder's scenario, in English and Chinese.

Every expected figure is computed here from the engine directly (the vintage
snapshot, `scoring.score` with the catalog's indicator weights,
`backtest.run_backtest`), not through the page's own helpers.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from app_support import PAGES, assert_ok, capture_downloads, open_link, open_page

from xbmarkets import backtest as engine
from xbmarkets.catalog import PILLARS
from xbmarkets.export import read_exported_csv
from xbmarkets.matrix import build_matrix
from xbmarkets.outcomes import load_outcomes
from xbmarkets.scoring import score
from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot, vintage_dir
from xbmarkets.ui.i18n import TEXT, translate

CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _outcomes():
    return load_outcomes(DEFAULT_DATA_DIR / "outcomes.csv")


@cache
def _vintage(year: int, origin: str | None):
    return build_matrix(load_snapshot(vintage_dir(year)), origin=origin)


def expected(at, year: int = 2021, outcome: str | None = None, origin: str | None = None) -> engine.Backtest:
    """run_backtest on the page's scenario: its pillar weights (those the vintage has), method and coverage."""
    dm = _vintage(year, origin)
    present = set(dm.criteria["pillar"])
    weights = {p: float(at.session_state[f"w_{p}"]) for p in PILLARS if p in present}
    result = score(dm, weights, method=at.session_state["method"], coverage_threshold=float(at.session_state["cov"]))
    return engine.run_backtest(result, _outcomes(), year, outcome)


def shown_summary(at, lang: str = "en"):
    """The ρ table as shown (the first dataframe), indexed by its subject words."""
    return at.dataframe[0].value.set_index(TEXT["bt.col.subject"][lang])


def rows_of(bt: engine.Backtest):
    return bt.summary[bt.summary["outcome"] == bt.outcome.id].reset_index(drop=True)


def assert_same_figures(at, bt: engine.Backtest, lang: str = "en") -> None:
    shown = shown_summary(at, lang)
    want = rows_of(bt)
    assert len(shown) == len(want) == len(bt.subjects)
    for column in ("rho", "low", "high", "n", "top_fifth", "bottom_fifth"):
        got = shown[TEXT[f"bt.col.{column}"][lang]].tolist()
        assert got == pytest.approx(want[column].tolist(), abs=1e-12), column
    subject = at.session_state["bt_subject"]
    row = want[want["subject"] == subject].iloc[0]
    assert at.metric[0].value == f"{row['rho']:+.2f}"
    assert at.metric[2].value == str(int(row["n"]))


def verdict_box(at, lang: str = "en") -> str:
    lead = translate("bt.verdict", lang, verdict="")
    found = [b.value for b in [*at.success, *at.info, *at.warning] if b.value.startswith(lead)]
    assert len(found) == 1, [b.value for b in [*at.success, *at.info, *at.warning]]
    return found[0][len(lead) :]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_opens_from_the_navigation_with_the_engines_figures(lang):
    at = open_page("backtest", lang)
    assert at.title[0].value == translate("bt.title", lang)
    assert at.radio(key="bt_year").value == 2021 and at.selectbox(key="bt_outcome").value == "online_buying"
    assert_same_figures(at, expected(at), lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_opens_from_a_link(lang):
    at = open_link("backtest", lang=lang)
    assert_ok(at)
    assert at.title[0].value == translate("bt.title", lang)
    assert_same_figures(at, expected(at), lang)


def test_english_verdict_and_growth_line_are_the_engines_sentences():
    at = open_page("backtest")
    bt = expected(at)
    assert verdict_box(at) == bt.verdicts["score"].message(bt.outcome)
    growth = translate("bt.growth_line", "en", verdict=bt.verdicts["growth"].message(bt.outcome))
    assert growth in [m.value for m in at.markdown]
    caveats = "\n".join(at.markdown[i].value for i in range(len(at.markdown)))
    for line in bt.caveat_lines():
        assert line in caveats


def test_chinese_verdict_has_no_english_word_of_the_template():
    at = open_page("backtest", "zh")
    text = verdict_box(at, "zh")
    template = {
        w
        for key, entry in TEXT.items()
        if key.startswith(("bt.v.", "bt.strength."))
        for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}", " ", entry["en"]))
    }
    assert CJK.search(text) and "ρ" in text
    assert not set(re.findall(r"[A-Za-z]{3,}", text)) & template, text
    bt = expected(at)
    assert f"{bt.verdicts['score'].rho:+.2f}" in text


def test_year_and_outcome_switches_show_that_years_figures():
    at = open_page("backtest")
    before = shown_summary(at)[TEXT["bt.col.rho"]["en"]].tolist()
    at.radio(key="bt_year").set_value(2017).run()
    assert_ok(at)
    bt17 = expected(at, 2017)
    assert bt17.outcome.id == "online_buying_2017_2021"
    assert_same_figures(at, bt17)
    assert shown_summary(at)[TEXT["bt.col.rho"]["en"]].tolist() != before
    at.selectbox(key="bt_outcome").set_value("gdp_growth").run()
    assert_ok(at)
    assert_same_figures(at, expected(at, 2017, "gdp_growth"))
    gdp = expected(at, 2017, "gdp_growth")
    assert verdict_box(at) == gdp.verdicts["score"].message(gdp.outcome)
    at.radio(key="bt_year").set_value(2021).run()  # the outcome picked stays picked for the other year
    assert at.selectbox(key="bt_outcome").value == "gdp_growth"
    assert_same_figures(at, expected(at, 2021, "gdp_growth"))


def test_judging_a_pillar_shows_its_figures_and_verdict():
    at = open_page("backtest")
    at.selectbox(key="bt_subject").set_value("growth").run()
    assert_ok(at)
    bt = expected(at)
    assert verdict_box(at) == bt.verdicts["growth"].message(bt.outcome)
    assert at.metric[0].value == f"{bt.verdicts['growth'].rho:+.2f}"
    assert not [m for m in at.markdown if m.value.startswith("**Momentum")]  # no growth line under growth itself


def test_a_pillar_weight_change_on_ranking_changes_the_score_rho():
    at = open_page("backtest")
    before = shown_summary(at).loc["Overall score", "Spearman's ρ"]
    at.switch_page(PAGES["ranking"]).run()
    for p in ("size", "competition", "payments", "regulation"):
        at.slider(key=f"w_{p}").set_value(0)
    at.slider(key="w_logistics").set_value(100).run()
    at.switch_page(PAGES["backtest"]).run()
    assert_ok(at)
    after = shown_summary(at).loc["Overall score", "Spearman's ρ"]
    assert after != before
    assert_same_figures(at, expected(at))
    assert set(shown_summary(at).index) == {"Overall score", "Growth", "Logistics"}


def test_the_origin_is_honoured_home_market_absent():
    at = open_page("backtest", query={"origin": "CHN"})
    markets = at.dataframe[1].value
    assert "CHN" not in set(markets["ISO3"])
    assert "Fit" in shown_summary(at).index  # the bilateral fit indicators hold in 2021 too
    assert_same_figures(at, expected(at, origin="CHN"))
    assert any("Seen from China" in c.value for c in at.caption)


def test_what_the_vintage_lacks_is_named_not_an_error():
    at = open_page("backtest")
    captions = " ".join(c.value for c in at.caption)
    assert "IMF growth outlook (2025)" in captions
    assert translate("bt.absent_pillars", "en", pillars="Fit", year=2021) in captions


def test_no_pillar_with_data_then_is_one_sentence():
    at = open_page("backtest")
    at.switch_page(PAGES["ranking"]).run()
    for p in PILLARS:
        at.slider(key=f"w_{p}").set_value(50 if p == "fit" else 0)
    at.run()
    at.switch_page(PAGES["backtest"]).run()
    assert_ok(at)
    assert [e.value for e in at.error] == [translate("bt.no_weight", "en", year=2021)]


def test_the_downloads_hold_the_shown_rows_and_the_clis_header(monkeypatch):
    downloads = capture_downloads(monkeypatch)
    at = open_page("backtest")
    bt = expected(at)
    markets = read_exported_csv(downloads["xbmarkets-backtest-2021.csv"])
    assert markets["ISO3"].tolist() == at.dataframe[1].value["ISO3"].tolist() == bt.table["iso3"].tolist()
    meta = markets.attrs["meta"]
    for key, value in engine.backtest_meta(bt).items():
        assert meta[key] == value, key
    assert meta["generated_by"] == "xbmarkets dashboard" and meta["snapshot_as_of"].startswith("2021")
    assert meta["pillars_without_data_then"] == "fit" and "weo_growth_2030" in meta["indicators_without_data_then"]
    summary = read_exported_csv(downloads["xbmarkets-backtest-2021-summary.csv"])
    assert summary["Spearman's ρ"].tolist() == pytest.approx(rows_of(bt)["rho"].tolist(), abs=1e-4)
    assert summary.attrs["meta"]["verdict.growth"] == bt.verdict_text("growth")


def test_the_backtest_is_computed_once_per_scenario(monkeypatch):
    """2,000 resamples run only when the scenario as of that year (or the year, the outcome) changes."""
    from xbmarkets.ui import cache

    calls: list[int] = []
    real = engine.run_backtest

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "run_backtest", counting)
    cache.backtest.clear()
    at = open_page("backtest")
    assert len(calls) == 1
    at.selectbox(key="bt_subject").set_value("growth").run()  # what the scatter judges: same backtest
    at.switch_page(PAGES["ranking"]).run()
    at.slider(key="w_fit").set_value(10).run()  # fit has no data as of 2021 without an origin
    at.switch_page(PAGES["backtest"]).run()
    assert_ok(at)
    assert len(calls) == 1
    at.switch_page(PAGES["ranking"]).run()
    at.slider(key="w_growth").set_value(10).run()
    at.switch_page(PAGES["backtest"]).run()
    assert len(calls) == 2
    at.radio(key="bt_year").set_value(2017).run()
    at.radio(key="bt_year").set_value(2021).run()
    assert len(calls) == 3
    assert_same_figures(at, expected(at))


def test_an_upload_is_left_out_of_the_past_and_a_flip_is_applied(monkeypatch):
    """The founder's own columns have no past: the page says so and the CSV does not name the file as used."""
    upload = b"country,my_sales\nGermany,10\nBrazil,5\nViet Nam,7\nKenya,2\nFrance,9\n"
    downloads = capture_downloads(monkeypatch)
    at = open_page("data")
    at.file_uploader(key="custom_file").upload("mine.csv", upload, "text/csv").run()
    at.switch_page(PAGES["ranking"]).run()
    assert "w_custom" in [s.key for s in at.slider]
    at.session_state["dir_gdp_growth_6y"] = -1  # read past growth backwards, as the Ranking page's radio would
    at.switch_page(PAGES["backtest"]).run()
    assert_ok(at)
    captions = " ".join(c.value for c in at.caption)
    assert translate("bt.absent_pillars", "en", pillars="Fit, Your data", year=2021) in captions
    dm = _vintage(2021, None).with_directions({"gdp_growth_6y": -1})
    present = set(dm.criteria["pillar"])
    weights = {p: float(at.session_state[f"w_{p}"]) for p in PILLARS if p in present}
    want = engine.run_backtest(score(dm, weights), _outcomes(), 2021)
    assert_same_figures(at, want)
    meta = read_exported_csv(downloads["xbmarkets-backtest-2021.csv"]).attrs["meta"]
    assert "custom_data" not in meta and meta["pillars_without_data_then"] == "fit, custom"
    assert meta["flipped_directions"] == "gdp_growth_6y=lower_is_better"
