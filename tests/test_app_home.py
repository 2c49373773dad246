"""Home page and URL handling (AppTest): both languages, top 10, data vintage, tampered links."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from app_support import ROOT, assert_ok, open_page, redraw


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_home_runs_and_shows_top10_and_every_source(lang):
    at = open_page("home", lang)
    top, vintage = at.dataframe[0].value, at.dataframe[1].value
    assert len(top) == 10
    assert top.iloc[:, 0].tolist() == list(range(1, 11))
    sources = pd.read_csv(ROOT / "data" / "sources.csv", dtype=str, keep_default_na=False)
    assert len(vintage) == len(sources)
    assert set(vintage.iloc[:, 2]) == set(sources["edition"])
    assert at.title[0].value == (
        "Which market should you sell into next?" if lang == "en" else "下一个该进入哪个市场？"
    )


def test_a_shared_link_restores_the_scenario():
    at = open_page(
        "ranking",
        query={
            "w_growth": "0",
            "w_competition": "0",
            "w_logistics": "100",
            "w_payments": "0",
            "w_regulation": "0",
            "method": "topsis",
            "cov": "0.6",
        },
    )
    assert at.slider(key="w_logistics").value == 100 and at.slider(key="w_growth").value == 0
    assert at.radio(key="method").value == "topsis"
    assert at.slider(key="cov").value == pytest.approx(0.6)
    assert not at.warning


def test_tampered_query_shows_a_notice_and_uses_defaults():
    at = open_page(
        "ranking",
        query={
            "w_growth": "-40",
            "w_payments": "1e12",
            "preset": "free_money",
            "f_region": "Atlantis",
            "junk": "<script>",
        },
    )
    notice = " ".join(w.value for w in at.warning)
    for key in ("w_growth", "w_payments", "preset", "f_region", "junk"):
        assert key in notice
    default = at.session_state["w_logistics"]  # untouched key: the default
    assert at.slider(key="w_growth").value == default
    assert at.slider(key="w_payments").value == default
    assert at.multiselect(key="f_region").value == []
    assert at.selectbox(key="preset").value == "balanced"
    # the notice can be dismissed and the corrected scenario is written back to the URL
    at.button(key="dismiss_url_warning").click().run()
    assert_ok(at)
    assert not at.warning
    assert "junk" not in at.query_params
    assert at.query_params["w_growth"] in (str(default), [str(default)])


def test_language_switch_translates_the_page():
    at = open_page("home")
    at.selectbox(key="lang").set_value("zh").run()
    assert_ok(at)
    assert at.title[0].value == "下一个该进入哪个市场？"
    assert at.query_params["lang"] in ("zh", ["zh"])


def test_scenario_file_round_trip_through_the_sidebar():
    at = open_page("ranking")
    redraw(at.slider(key="w_payments").set_value(9).run())  # the sidebar again after the table-only rerun
    scen = {k: at.session_state[k] for k in ("w_growth", "w_competition", "w_logistics", "w_regulation")}
    scen.update({"w_payments": 33, "method": "topsis"})
    payload = json.dumps({"xbmarkets_scenario": 1, **scen}).encode()
    at.file_uploader(key="scenario_file").upload("scenario.json", payload, "application/json").run()
    assert_ok(at)
    assert at.slider(key="w_payments").value == 33
    assert at.radio(key="method").value == "topsis"
    assert any("Scenario loaded" in s.value for s in at.success)


def test_a_broken_scenario_file_is_refused_in_words():
    at = open_page("ranking")
    at.file_uploader(key="scenario_file").upload("x.json", b"{not json", "application/json").run()
    assert_ok(at)
    assert any("scenario file" in e.value for e in at.error)
    assert at.slider(key="w_growth").value == at.session_state["w_logistics"]
