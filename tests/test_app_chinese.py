"""Chinese mode (AppTest): no sentence the engine writes in English reaches the page.

The engine keeps English sentences for the CLI (tier reasons, plan rationale,
exclusion reasons, the explanation summary, the stability verdict, the tier
rule).  In Chinese every page must word them from the structured columns, so
this test collects every text a page shows — markdown, captions, alerts,
table cells and headers, chart data (tooltips) — and looks for fragments of
those English sentences.  Run against the dashboard before the
structured columns existed, it failed on the ranking, tiers and compare pages
(exclusion reasons, tier reasons and rule, plan rationale).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from app_support import assert_ok, chart_frames, open_page

# Fragments of the engine's English sentences (tiers.py, plan.py, scoring.py, explain.py, robustness.py).
ENGINE_FRAGMENTS = (
    " maturity (",
    " momentum (",
    "borderline, close to",
    "needs at least",
    "unclassified:",
    "Core market",
    "Wave ",
    "rank ",
    "strongest in",
    "no pillar in the top half",
    "same region as",
    "same income group as",
    "must include",
    "best-ranked",
    "no data for",
    "below the",
    "of the indicator weight",
    "ranks ",
    "carried by",
    "held back by",
    "Data cover",
    "weights were re-spread",
    "of weightings",
    "stable.",
    "No market is first",
    "shortlist",
    "stay in the top",
    "stays in the top",
    "mean z-score",
    "k-means with",
    "Naming:",
    "Region rule of thumb",
    "lack the data",
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def page_texts(at) -> list[str]:
    """Every string a founder can read on the page (tables and chart data included)."""
    texts: list[str] = []
    for kind in ("markdown", "caption", "info", "warning", "success", "error", "title", "subheader"):
        texts += [str(e.value) for e in getattr(at, kind)]
    for df in at.dataframe:
        frame = df.value
        texts += [str(c) for c in frame.columns]
        for col in frame.columns:
            if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
                texts += [str(v) for v in frame[col].dropna()]
    for chart in at.get("vega_lite_chart"):
        for frame in chart_frames(chart):
            for col in frame.columns:
                if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
                    texts += [str(v) for v in frame[col].dropna()]
    return texts


def english_fragments(at) -> list[tuple[str, str]]:
    return [(frag, text[:120]) for text in page_texts(at) for frag in ENGINE_FRAGMENTS if frag in text]


@pytest.fixture
def zh_outside_the_script(monkeypatch):
    """AppTest calls a widget's format_func in the test thread, where the session (and its language) is
    out of reach, so a Chinese page's options would be matched against English labels; in the app the
    call happens inside the script run.  Pin the language for those calls."""
    from xbmarkets.ui import i18n

    monkeypatch.setattr(i18n, "current_lang", lambda: "zh")


def _tiers(at):
    # every plan rationale kind: must include, start tier, same region / income group
    at.toggle(key="plan_near").set_value(True)
    at.multiselect(key="plan_must").set_value(["KEN"]).run()
    return at


@pytest.mark.parametrize("page", ["home", "ranking", "tiers", "compare", "robustness", "map", "data"])
def test_no_engine_english_on_any_page_in_chinese(page, zh_outside_the_script):
    at = open_page(page, "zh")
    if page == "tiers":
        _tiers(at)
    if page == "compare":
        at.multiselect(key="cmp_pick").set_value(["DEU", "BRA", "COM"]).run()  # Comoros: excluded, no data
        assert at.warning, "the excluded economy's reason is not shown"
    assert_ok(at)
    texts = page_texts(at)
    assert texts and any(CJK.search(x) for x in texts)
    assert english_fragments(at) == []


def test_the_probe_finds_english_when_it_is_there():
    """The same scan on the English page does find the engine's sentences (the test can fail)."""
    at = open_page("tiers", "en")
    found = {frag for frag, _ in english_fragments(at)}
    assert {" maturity (", "Core market", "k-means with"} <= found


def test_chinese_tier_reasons_plan_and_exclusions_are_worded_in_chinese(zh_outside_the_script):
    at = open_page("tiers", "zh")
    _tiers(at)
    assert_ok(at)
    plan_lines = [m.value for m in at.markdown if m.value.startswith("- **")]
    assert plan_lines and all("排名第" in line for line in plan_lines)
    assert any("核心市场（指定必选）" in line or "指定必选" in line for line in plan_lines)
    assert any("同属一个" in line for line in plan_lines)
    scatter = chart_frames(at.get("vega_lite_chart")[0])[0]
    assert scatter["reason"].str.contains("成熟度").all()
    assert any("按地区的经验划分" in c.value for c in at.caption)


def test_chinese_country_names_come_from_the_snapshot():
    at = open_page("ranking", "zh")
    countries = set(at.dataframe[0].value["国家/地区"])
    assert {"德国", "中国", "土耳其"} <= countries  # 土耳其: the ISO table's M49 name (UNTERM short is blank)
    assert "Kosovo" in countries or "XKX" not in set(at.dataframe[0].value["ISO3"])  # no Chinese name: English


def test_excluded_reasons_are_translated_on_the_ranking_page():
    at = open_page("ranking", "zh")
    excluded = [df.value for df in at.dataframe if "原因" in df.value.columns]
    assert excluded and len(excluded[0]) > 0
    assert excluded[0]["原因"].str.contains("没有任何数据|低于").all()
