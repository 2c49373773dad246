"""The "Ship from" origin in the dashboard (AppTest): picker, link, home market, fit wording, both languages."""

from __future__ import annotations

import json

import pytest
from app_support import assert_ok, open_link, open_page

from xbmarkets.matrix import build_matrix
from xbmarkets.scoring import score
from xbmarkets.snapshot import load_snapshot
from xbmarkets.weights import PRESETS


def _codes(at) -> list[str]:
    return list(at.dataframe[0].value["ISO3"])  # the ranking is the first table on the page


def test_picking_an_origin_leaves_home_out_and_adds_fit(monkeypatch):
    at = open_page("ranking")
    assert at.selectbox(key="origin").value == ""  # the generic view by default
    generic = _codes(at)
    assert "CHN" in generic
    at.selectbox(key="origin").set_value("CHN").run()
    assert_ok(at)
    shipped = _codes(at)
    assert "CHN" not in shipped
    assert at.query_params["origin"] in ("CHN", ["CHN"])  # the link carries it
    # the engine's own ranking from China, as the CLI computes it
    expected = score(build_matrix(load_snapshot(), origin="CHN"), PRESETS["balanced"].pillar_weights)
    assert shipped[:10] == list(expected.table.index[:10])
    assert shipped.index("VNM") < generic.index("VNM")  # a neighbour moves up from China
    excluded = at.dataframe[1].value  # the excluded economies, the home market first with its reason
    assert excluded.iloc[0].astype(str).str.contains("home market").any()
    assert "Fit" in at.dataframe[0].value.columns


def test_a_shared_link_opens_from_the_origin_in_chinese():
    at = open_link("ranking", {"origin": "DEU", "lang": "zh"})
    assert_ok(at)
    assert at.selectbox(key="origin").value == "DEU"
    codes = _codes(at)
    assert "DEU" not in codes and codes.index("AUT") < 30
    assert any("本国市场" in df.value.to_string() for df in at.dataframe[1:])  # the home reason, in Chinese


def test_a_tampered_origin_falls_back_to_the_generic_view_with_a_notice():
    at = open_link("ranking", {"origin": "XYZ"})
    assert_ok(at)
    assert at.selectbox(key="origin").value == ""
    assert any("origin" in w.value for w in at.warning)
    assert "CHN" in _codes(at)


def test_explanation_speaks_of_fit_in_both_languages():
    for lang, words in (("en", ("Fit from China:", "km from China", "shares Chinese")), ("zh", ("距中国", "通用中文"))):
        at = open_page("ranking", lang=lang, query={"origin": "CHN"})
        at.selectbox(key="explain_iso3").set_value("SGP").run()
        assert_ok(at)
        info = " ".join(i.value for i in at.info)
        for word in words:
            assert word in info, (lang, word, info[:300])


def test_compare_and_plan_say_why_a_market_is_near():
    at = open_page("compare", query={"origin": "CHN"})
    at.multiselect(key="cmp_pick").set_value(["VNM", "USA"]).run()
    assert_ok(at)
    captions = " ".join(c.value for c in at.caption)
    assert "Fit from China" in captions and "a land border" in captions  # Vietnam borders China
    plan = open_page("tiers", query={"origin": "CHN"})
    text = " ".join(m.value for m in plan.markdown)
    assert "km from China" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_scenario_file_carries_the_origin(lang):
    from xbmarkets import scenario as sc

    at = open_page("home", lang=lang, query={"origin": "VNM"})
    payload = json.loads(at.session_state["origin"] and sc.to_json({"origin": "VNM"}, sc.Choices(pillars=())))
    assert payload["origin"] == "VNM"
    assert at.session_state["origin"] == "VNM"
    assert any("Viet" in c.value or "越南" in c.value for c in at.caption)  # Home says where one ships from
