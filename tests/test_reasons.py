"""ui.reasons: engine reasons re-worded from structured columns.

The English wording must equal the engine's own sentence for every row —
that is what proves the structured columns carry everything the sentence
says (and keeps the two wordings from drifting).  The Chinese wording must
carry no English words of those sentences.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from synthetic import five_pillar_dm, tier_groups_dm

from xbmarkets.catalog_spec import INDICATORS
from xbmarkets.matrix import build_matrix
from xbmarkets.plan import entry_plan
from xbmarkets.robustness import scenario_acceptability, stability_verdict
from xbmarkets.scoring import score
from xbmarkets.snapshot import load_snapshot
from xbmarkets.tiers import REGION_RULE_TEXT, assign_tiers
from xbmarkets.ui import i18n, reasons

EQUAL = {p: 1.0 for p in ("size", "growth", "competition", "logistics", "payments", "regulation")}
FIVE = {p: 1.0 for p in ("growth", "competition", "logistics", "payments", "regulation")}  # synthetic five_pillar_dm
ENGLISH_WORDS = re.compile(
    r"\b(?:maturity|momentum|borderline|needs|has|unclassified|rank|of|tier|Core|Wave|"
    r"strongest|same|region|income|must|include|no|data|for|below|threshold|the)\b"
)


@pytest.fixture(scope="module")
def dm():
    return build_matrix(load_snapshot())


@pytest.fixture(scope="module")
def tiers(dm):
    return assign_tiers(dm)


@pytest.fixture(scope="module")
def result(dm):
    return score(dm, EQUAL)


@pytest.mark.parametrize("k", [3, 4])
def test_english_tier_reasons_and_rule_equal_the_engine(dm, k):
    tr = assign_tiers(dm, k=k)
    assert (tr.table["tier"] == "unclassified").any() and (tr.table["runner_up"] != "").any()
    pd.testing.assert_series_equal(
        reasons.tier_reasons(tr, dm, "en"), tr.table["reason"], check_names=False, check_dtype=False
    )
    assert reasons.tier_rule(tr, dm, k, 0, "en") == tr.rule


def test_english_tier_reasons_on_synthetic_groups():
    dm = tier_groups_dm()
    tr = assign_tiers(dm, seed=3)
    pd.testing.assert_series_equal(
        reasons.tier_reasons(tr, dm, "en"), tr.table["reason"], check_names=False, check_dtype=False
    )
    assert reasons.tier_rule(tr, dm, 3, 3, "en") == tr.rule  # one unclassified economy: singular wording


def test_chinese_tier_reasons_and_rule_have_no_english_words(dm, tiers):
    zh = reasons.tier_reasons(tiers, dm, "zh")
    assert not zh.str.contains(ENGLISH_WORDS).any(), zh[zh.str.contains(ENGLISH_WORDS)].head(3).tolist()
    t = tiers.table
    assert zh[t["runner_up"] != ""].str.contains("处于边界").all()
    assert zh[t["tier"] == "unclassified"].str.startswith("未分类：").all()
    assert zh[(t["tier"] == "mature") & (t["maturity_level"] == "high")].str.contains("成熟度高").all()
    rule = reasons.tier_rule(tiers, dm, 3, 0, "zh")
    assert "k=3" in rule and "成熟度" in rule and not re.search(r"\b(mean|needed|Naming|rule)\b", rule)


def test_translation_table_mirrors_the_engine_constants():
    assert i18n.translate("tiers.rule.region", "en") == REGION_RULE_TEXT
    for spec in INDICATORS:  # indicator names come from the catalog, in both languages
        assert i18n.label("short", spec.id, "en") == spec.short
        assert i18n.label("short", spec.id, "zh") == spec.short_zh
        assert i18n.label("ind", spec.id, "zh") == spec.name_zh


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"start_tier": "growth"},
        {"must_include": ["KEN", "VNM"], "expand_near": True, "wave_sizes": (1, 3, 3, 3)},
        {"exclude": ["CHE"], "expand_near": True, "max_per_region": 1},
    ],
)
def test_english_plan_rationale_equals_the_engine(result, tiers, dm, kwargs):
    plan = entry_plan(result.table, tiers, dm.economies, **kwargs)
    pd.testing.assert_series_equal(
        reasons.plan_rationales(plan, "en"), plan["rationale"], check_names=False, check_dtype=False
    )
    zh = reasons.plan_rationales(plan, "zh")
    assert not zh.str.contains(ENGLISH_WORDS).any(), zh.tolist()
    assert zh.iloc[0].startswith("核心市场")


def test_plan_rationale_kinds_all_reach_chinese(result, tiers, dm):
    plan = entry_plan(
        result.table, tiers, dm.economies, must_include=["KEN"], expand_near=True, wave_sizes=(1, 3, 3, 3)
    )
    zh = reasons.plan_rationales(plan, "zh")
    kinds = set(plan["reason_kind"])
    assert {"must_include", "same_region"} <= kinds
    assert zh[plan["reason_kind"] == "must_include"].str.contains("指定必选").all()
    assert zh[plan["reason_kind"] == "same_region"].str.contains("同属一个地区").all()


def test_exclusion_reasons_in_both_languages(result):
    ex = result.excluded
    assert len(ex)
    pd.testing.assert_series_equal(
        reasons.exclusion_reasons(ex, "en"), ex["reason"], check_names=False, check_dtype=False
    )
    low = score(
        five_pillar_dm(missing=[("USA", "g1"), ("USA", "l1"), ("DEU", "p1"), ("DEU", "g1")]),
        FIVE,
        coverage_threshold=0.85,
    ).excluded
    assert set(low["reason_kind"]) == {"below_threshold", "both"}
    pd.testing.assert_series_equal(
        reasons.exclusion_reasons(low, "en"), low["reason"], check_names=False, check_dtype=False
    )
    zh = reasons.exclusion_reasons(low.set_index("iso3"), "zh")
    assert zh["USA"] == "数据只覆盖 80% 的指标权重，低于 85% 的门槛"
    assert zh["DEU"].startswith("支付没有任何数据；")


def test_verdicts_in_english_equal_the_engine_for_every_level(result):
    frames = {
        "stable": pd.DataFrame({"p_first": [0.9, 0.1, 0.0], "p_top_k": [1.0, 0.9, 0.5]}, index=["A", "B", "C"]),
        "fragile": pd.DataFrame({"p_first": [0.6, 0.3, 0.1], "p_top_k": [0.9, 0.7, 0.5]}, index=["A", "B", "C"]),
        "unstable": pd.DataFrame({"p_first": [0.4, 0.35, 0.25], "p_top_k": [0.6, 0.6, 0.6]}, index=["A", "B", "C"]),
    }
    names = {"A": "Alpha", "B": "Beta", "C": "Gamma"}
    for level, acc in frames.items():
        v = stability_verdict(acc, 2, names=names)
        assert v.level == level
        assert reasons.verdict_text(acc, level, 2, names, "en") == v.message
        zh = reasons.verdict_text(acc, level, 2, names, "zh")
        assert "Alpha" in zh and not re.search(r"\b(is|first|weightings|stable|market)\b", zh)
    acc = scenario_acceptability(result, draws=500, top_k=5)
    names = dict(result.table["name"])
    v = stability_verdict(acc, 5, names=names)
    assert reasons.verdict_text(acc, v.level, 5, names, "en") == v.message


def test_chinese_explanation_summary(result, dm):
    from xbmarkets.explain import explain

    ex = explain(result, dm, "DEU")
    zh = reasons.explanation_summary(ex, "德国", "zh")
    assert zh.startswith(f"德国 在 {ex.n_ranked} 个市场中排名第 {ex.rank}")
    assert "优势在于" in zh or "没有高于中位数" in zh
    if ex.coverage < 1:
        assert "缺少" in zh
    assert not re.search(r"\b(ranks|carried|held|Data|missing|bn|M)\b", zh), zh
    topsis = explain(score(dm, EQUAL, method="topsis"), dm, "DEU")
    assert "TOPSIS" in reasons.explanation_summary(topsis, "德国", "zh")


def test_numbers_group_digits_the_chinese_way():
    assert reasons.number(62.6e9, "zh") == "626 亿"
    assert reasons.number(83.5e6, "zh") == "8,350 万"
    assert reasons.number(3.2e13, "zh") == "32 万亿"
    assert reasons.number(4.1, "zh") == "4.1"
    assert reasons.number(96_498.0, "zh") == "96,498"  # below a million: plain digits
    assert reasons.number(62.6e9, "en") == "62.6 bn"


def test_plan_rationale_without_the_wave_head(result, tiers, dm):
    plan = entry_plan(result.table, tiers, dm.economies, must_include=["KEN"], expand_near=True)
    full = reasons.plan_rationales(plan, "en")
    bare = reasons.plan_rationales(plan, "en", head=False)
    for f, b, kind in zip(full, bare, plan["reason_kind"], strict=False):
        assert not b.startswith(("Core market", "Wave"))
        if kind == "must_include":
            assert b.startswith("must include; ") and f.endswith(b.split("; ", 1)[1])
        else:
            assert f.endswith(": " + b)
    zh = reasons.plan_rationales(plan, "zh", head=False)
    assert not zh.str.contains("核心市场：|第 \\d 批：").any()
    assert zh[plan["reason_kind"] == "same_region"].str.contains("与核心市场同属").any()
