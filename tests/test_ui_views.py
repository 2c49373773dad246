"""What the pages show, built without streamlit (`xbmarkets.ui.views` and `xbmarkets.ui.labels`).

Every frame here is small and made by hand, so each expected row, name and
header is read off the input rather than produced by the code under test.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from synthetic import five_pillar_dm, make_dm

from xbmarkets.scenario import Problem
from xbmarkets.scoring import score
from xbmarkets.ui import labels, views
from xbmarkets.ui.i18n import translate

FIVE = {"growth": 1.0, "competition": 1.0, "logistics": 1.0, "payments": 1.0, "regulation": 1.0}


def small_dm():
    """Four economies, two pillars; BBB has no logistics value, DDD none of its own data at all in `cu1`."""
    values = {
        "AAA": {"g1": 10.0, "l1": 3.0, "cu1": 1.0},
        "BBB": {"g1": 20.0, "l1": np.nan, "cu1": np.nan},
        "CCC": {"g1": 30.0, "l1": 1.0, "cu1": 5.0},
        "DDD": {"g1": 40.0, "l1": 2.0, "cu1": np.nan},
    }
    economies = pd.DataFrame(
        {
            "name": ["Aland", "Borduria", "Carpania", "Dystopia"],
            "region": ["North", "South", "North", "South"],
            "income_group": ["High income", "Low income", "Low income", "High income"],
            "iso2": ["AA", "BB", "CC", "DD"],
            "iso_numeric": [4, 8, 12, 16],
        },
        index=pd.Index(["AAA", "BBB", "CCC", "DDD"], name="iso3"),
    )
    return make_dm(values, {"g1": "growth", "l1": "logistics", "cu1": "custom"}, economies=economies)


# --------------------------------------------------------------------------- headers and filters


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_translate_columns_uses_col_then_pillar_then_keeps_the_name(lang):
    df = pd.DataFrame(columns=["rank", "growth", "my_own_column", "p_top_k"])
    out = views.translate_columns(df, lang, k=7)
    assert list(out.columns) == [
        translate("col.rank", lang),
        translate("pillar.growth", lang),
        "my_own_column",
        translate("col.p_top_k", lang, k=7),
    ]
    assert "7" in out.columns[3]


def test_translate_columns_extra_wins_over_the_table():
    out = views.translate_columns(pd.DataFrame(columns=["rank", "x"]), "en", {"rank": "Place", "x": "Sales 2024"})
    assert list(out.columns) == ["Place", "Sales 2024"]


def test_filter_ranking_combines_filters_and_keeps_global_ranks():
    dm = small_dm()
    table = pd.DataFrame({"rank": [1, 2, 3, 4], "score": [0.9, 0.8, 0.7, 0.6]}, index=["CCC", "AAA", "DDD", "BBB"])
    tiers = pd.Series({"AAA": "mature", "BBB": "growth", "CCC": "emerging", "DDD": "mature"})
    eco = dm.economies
    assert list(views.filter_ranking(table, eco, tiers).index) == ["CCC", "AAA", "DDD", "BBB"]
    north = views.filter_ranking(table, eco, tiers, regions=["North"])
    assert list(north.index) == ["CCC", "AAA"] and list(north["rank"]) == [1, 2]
    rich_mature = views.filter_ranking(table, eco, tiers, incomes=["High income"], tier_names=["mature"])
    assert list(rich_mature.index) == ["AAA", "DDD"] and list(rich_mature["rank"]) == [2, 3]
    assert views.filter_ranking(table, eco, tiers, regions=["North"], incomes=["High income"]).index.tolist() == ["AAA"]


def test_filter_ranking_by_tier_without_tiers_keeps_nothing():
    dm = small_dm()
    table = pd.DataFrame({"rank": [1, 2]}, index=["AAA", "BBB"])
    assert views.filter_ranking(table, dm.economies, None, tier_names=["mature"]).empty


def test_ranking_view_orders_columns_names_countries_and_labels_tiers():
    frame = pd.DataFrame(
        {
            "rank": [1, 2],
            "iso3": ["AAA", "BBB"],
            "country": ["Aland", "Borduria"],
            "score": [0.75, 0.5],
            "tier": ["mature", np.nan],
            "logistics": [0.1, 0.2],
            "growth": [0.3, 0.4],
            "coverage": [1.0, 0.5],
            "unused": ["x", "y"],
        }
    )
    out = views.ranking_view(frame, ["growth", "payments"], {"mature": "Mature!"}, pd.Series({"AAA": "奥兰"}))
    # payments is not in the frame, logistics is not asked for, "unused" is never shown
    assert list(out.columns) == ["rank", "iso3", "country", "score", "tier", "growth", "coverage"]
    assert list(out["country"]) == ["奥兰", "Borduria"]  # a missing translation keeps the English name
    assert list(out["tier"]) == ["Mature!", ""]  # no tier is an empty cell, not "nan"
    assert list(out["score"]) == [0.75, 0.5]  # numbers untouched


# --------------------------------------------------------------------------- names, settings, picks


def test_country_names_in_chinese_fall_back_to_english_when_blank():
    names = pd.Series({"AAA": "Aland", "BBB": "Borduria", "CCC": "Carpania"})
    eco = pd.DataFrame({"name_zh": ["奥兰", "  ", None]}, index=["AAA", "BBB", "CCC"])
    assert views.country_names(names, eco, "zh").to_dict() == {"AAA": "奥兰", "BBB": "Borduria", "CCC": "Carpania"}
    assert views.country_names(names, eco, "en").to_dict() == names.to_dict()
    assert views.country_names(names, eco.drop(columns="name_zh"), "zh").to_dict() == names.to_dict()


def test_meta_settings_name_flips_and_the_upload():
    assert views.meta_settings((), None) == {}
    assert views.meta_settings([("online_buyers", -1), ("tariff_applied", 1)], "sales.csv") == {
        "flipped_directions": "online_buyers=lower_is_better, tariff_applied=higher_is_better",
        "custom_data": "sales.csv",
    }


def test_custom_coverage_counts_economies_with_any_own_value():
    assert views.custom_coverage(small_dm()) == 2  # AAA and CCC have cu1
    assert views.custom_coverage(five_pillar_dm(n=4)) == 0  # no custom pillar


def test_compare_pick_keeps_a_known_pick_else_takes_the_top():
    everyone = ["CCC", "AAA", "DDD", "BBB"]
    assert views.compare_pick(["BBB", "ZZZ", "AAA"], everyone, everyone) == ["BBB", "AAA"]
    assert views.compare_pick(["ZZZ"], everyone, everyone) == ["CCC", "AAA", "DDD"]
    assert views.compare_pick([], everyone, ["AAA"]) == ["AAA"]


def test_map_options_offer_scores_only_with_a_ranking():
    assert views.map_options(["growth", "custom"], ["g1", "cu1"], True) == [
        "score",
        "pillar:growth",
        "pillar:custom",
        "ind:g1",
        "ind:cu1",
    ]
    assert views.map_options(["growth"], ["g1"], False) == ["ind:g1"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_map_titles_and_option_labels(lang):
    crit = small_dm().criteria
    assert views.map_title("score", crit, lang) == translate("map.score", lang)
    assert views.map_title("pillar:logistics", crit, lang) == translate("pillar.logistics", lang)
    # an indicator the i18n table does not know keeps the matrix's own name (a founder's header)
    assert views.map_title("ind:cu1", crit, lang) == "Indicator cu1"
    assert views.map_option_label("ind:cu1", crit, lang) == translate("map.indicator", lang, name="Indicator cu1")
    assert views.map_option_label("pillar:growth", crit, lang) == translate(
        "map.pillar", lang, pillar=translate("pillar.growth", lang)
    )


# --------------------------------------------------------------------------- tables from engine results


def test_excluded_frame_lists_who_was_left_out_with_the_given_reasons():
    dm = five_pillar_dm(n=6, missing=[("USA", "p1"), ("BRA", "l1"), ("BRA", "l2")])
    result = score(dm, FIVE)
    excluded = set(result.excluded["iso3"])
    assert excluded == {"USA", "BRA"}  # no payments value / no logistics value at all
    reasons = pd.Series([f"why {c}" for c in result.excluded["iso3"]])
    out = views.excluded_frame(result, pd.Series({"USA": "美国"}), reasons)
    assert list(out.columns) == ["iso3", "country", "coverage", "reason"]
    by_iso = out.set_index("iso3")
    assert by_iso.loc["USA", "country"] == "美国" and by_iso.loc["BRA", "country"] == "Country BRA"
    assert by_iso.loc["USA", "reason"] == "why USA" and by_iso.loc["BRA", "reason"] == "why BRA"


def test_score_years_span_the_data_and_leave_projections_out():
    dm = small_dm()
    years = dm.years.copy()
    years.loc["AAA", "g1"] = 2030.0  # a projection: after its source's 2025 edition
    years.loc["AAA", "l1"] = 2021.0
    years.loc["CCC", "l1"] = 2023.0
    years.loc["CCC", "g1"] = 2023.0
    dm = dataclasses.replace(dm, years=years)
    out = views.score_years(dm, ["g1", "l1"], {"test": 2025.0})
    assert out["AAA"] == "2021"  # 2030 is not a data year
    assert out["CCC"] == "2023"  # one year, not "2023–2023"
    assert out["DDD"] == "2024"
    assert out["BBB"] == "2024"  # only g1 is present
    assert views.score_years(dm, ["l1"], {"test": 2025.0})["BBB"] == ""  # nothing behind it


def test_map_values_of_an_indicator_keep_its_years_and_drop_missing():
    dm = small_dm()
    out = views.map_values(dm, "ind:l1", None, pd.Series({"AAA": "奥兰", "BBB": "B", "CCC": "C", "DDD": "D"}))
    assert list(out["iso3"]) == ["AAA", "CCC", "DDD"]  # BBB has no l1
    assert list(out["value"]) == [3.0, 1.0, 2.0]
    assert list(out["year"]) == [2024, 2024, 2024]
    assert out.loc[0, "country"] == "奥兰"
    assert list(out["id"]) == ["004", "012", "016"]  # world-atlas ids are zero-padded ISO numeric


def test_map_values_refuses_what_it_cannot_map():
    dm = small_dm()
    with pytest.raises(ValueError, match="unknown indicator"):
        views.map_values(dm, "ind:nope", None)
    with pytest.raises(ValueError, match="no ranking"):
        views.map_values(dm, "score", None)
    result = score(five_pillar_dm(n=5), FIVE)
    with pytest.raises(ValueError, match="nothing to map"):
        views.map_values(five_pillar_dm(n=5), "pillar:custom", result)


def test_map_values_of_the_score_are_the_ranking_scores():
    dm = five_pillar_dm(n=6)
    result = score(dm, FIVE)
    out = views.map_values(dm, "score", result, source_years={"test": 2025.0}).set_index("iso3")
    assert out["value"].to_dict() == pytest.approx(result.table["score"].to_dict())
    assert set(out["year"]) == {"2024"}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (83_500_000, "83.5 M"),
        (4.0e12, "4 tn"),
        (2.5e9, "2.5 bn"),
        (12_345, "12,345"),
        (1.39, "1.39"),
        (0.0421, "0.0421"),
        (-3_200_000, "-3.2 M"),
        (float("nan"), "—"),
        (None, "—"),
    ],
)
def test_human_number(value, text):
    assert views.human_number(value) == text


def test_compare_values_one_row_per_indicator_with_value_year_and_source():
    dm = small_dm()
    out = views.compare_values(
        dm,
        ["AAA", "BBB"],
        {"g1": "Growth one"},
        {"growth": "Growth", "logistics": "Logistics"},
        {"AAA": "Aland", "BBB": "Borduria"},
        {"pillar": "Pillar", "indicator": "Indicator", "source": "Source"},
        {"test": "Test Office, Stats (2025)"},
    )
    assert list(out.columns) == ["Pillar", "Indicator", "Aland", "Borduria", "Source"]
    rows = out.set_index("Indicator")
    assert rows.loc["Growth one", "Aland"] == "10 (2024)"
    assert rows.loc["l1", "Borduria"] == "—"  # missing, never 0
    assert rows.loc["cu1", "Pillar"] == "custom"  # a pillar without a label keeps its name
    assert set(out["Source"]) == {"Test Office, Stats (2025)"}


def test_coverage_long_is_the_share_of_each_pillars_indicators_present():
    dm = small_dm()
    out = views.coverage_long(dm, ["growth", "logistics", "payments"])
    got = {(r.iso3, r.pillar): r.coverage for r in out.itertuples()}
    assert got[("BBB", "logistics")] == 0.0 and got[("AAA", "logistics")] == 1.0
    assert not any(p == "payments" for _, p in got)  # a pillar without indicators has no row
    assert len(out) == 8
    assert views.coverage_long(dm, ["payments"]).empty


def test_pillars_long_melts_the_chosen_countries():
    table = pd.DataFrame({"growth": [0.1, 0.2], "logistics": [0.3, 0.4]}, index=["AAA", "BBB"])
    out = views.pillars_long(table, ["BBB"], ["growth", "logistics"], {"BBB": "Borduria"}, {"growth": "Growth"})
    assert out.to_dict("records") == [
        {"country": "Borduria", "pillar": "Growth", "score": 0.2},
        {"country": "Borduria", "pillar": "logistics", "score": 0.4},
    ]


def test_plan_frame_keeps_the_plan_columns_in_the_reader_language():
    from xbmarkets.plan import PLAN_COLUMNS

    plan = pd.DataFrame(
        {
            "wave": [1, 2],
            "iso3": ["AAA", "BBB"],
            "country": ["Aland", "Borduria"],
            "rank": [1, 4],
            "tier": ["mature", "growth"],
            "region": ["North", "South"],
            "rationale": ["core", "next"],
            "reason_kind": ["core", "next_by_rank"],  # structured reason columns are not shown
        }
    )
    out = views.plan_frame(plan, "zh", labels.tier_labels("zh"), pd.Series({"AAA": "奥兰"}))
    assert list(out.columns) == [translate(f"col.{c}", "zh") for c in PLAN_COLUMNS]  # reason_kind left out
    assert list(out[translate("col.country", "zh")]) == ["奥兰", "Borduria"]
    assert list(out[translate("col.tier", "zh")]) == [translate("tier.mature", "zh"), translate("tier.growth", "zh")]


def test_page_meta_adds_filters_and_page_settings_to_the_cli_header():
    dm = five_pillar_dm(n=6)
    result = score(dm, FIVE)
    sources = pd.DataFrame(
        {"publisher": ["Test Office"], "dataset": ["Stats"], "edition": ["2025"]}, index=pd.Index(["test"])
    )
    meta = views.page_meta(result, dm, sources, {"k": 3}, {"region": ["North", "South"], "tier": []})
    assert meta["generated_by"] == views.DASHBOARD
    assert meta["filter_region"] == "North, South"
    assert "filter_tier" not in meta  # an empty filter is no filter
    assert meta["k"] == "3"
    assert meta["data_editions"] == "Test Office Stats (2025)"


def test_acceptability_view_names_countries_in_the_session_language():
    from xbmarkets.robustness import scenario_acceptability

    dm = five_pillar_dm(n=6)
    result = score(dm, FIVE)
    acc = scenario_acceptability(result, draws=200, concentration=None, top_k=2, seed=0)
    out = views.acceptability_view(acc, result, dm, pd.Series({"DEU": "德国"}))
    named = out.set_index("iso3")["country"]
    assert named["DEU"] == "德国" and named["FRA"] == "Country FRA"
    assert set(out["iso3"]) == set(result.table.index)


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_labels_follow_the_given_language(lang):
    assert labels.pillar_label("growth", lang) == translate("pillar.growth", lang)
    assert labels.tier_label("mature", lang) == translate("tier.mature", lang)
    assert labels.tier_label("ultra", lang) == "ultra"  # unknown tier shown as it is
    assert set(labels.tier_labels(lang)) == {"mature", "growth", "emerging", "unclassified", "n/a"}
    assert labels.choice_label("preset", "", lang) == translate("rank.preset.none", lang)
    assert labels.choice_label("profile", "", lang) == translate("rank.profile.none", lang)
    assert labels.choice_label("preset", "no_such_preset", lang) == "no such preset"
    assert labels.direction_label(-1, lang) == translate("dir.lower_is_better", lang)
    assert labels.concentration_label(0, lang) == translate("rob.conc_uniform", lang)
    assert labels.concentration_label(20, lang) == translate("rob.conc.20", lang)


def test_problem_notice_escapes_groups_and_caps():
    problems = [Problem("w_growth", "-5", "out_of_range"), Problem("w_growth", "abc", "bad_number")]
    problems += [Problem("[x](https://evil.example)", "1", "unknown_key")]
    problems += [Problem(f"k{i}", "1", "unknown_key") for i in range(40)]
    text = labels.problem_notice(problems, "en")
    assert text.startswith("w_growth='-5', 'abc' (out of range, not a number); ")
    assert "](" not in text  # a link in a key is shown as text
    assert text.count(";") == labels.MAX_NOTICE_KEYS  # 25 items, then "+N more"
    assert text.endswith(translate("state.more", "en").format(n=42 - labels.MAX_NOTICE_KEYS))


def tier_table():
    return pd.DataFrame(
        {
            "maturity": [0.9, 0.2, np.nan, 0.5],
            "momentum": [0.1, 0.8, 0.5, 0.4],
            "tier": ["mature", "emerging", "unclassified", "mature"],
            "reason": ["r1", "r2", "r3", "r4"],
        },
        index=["AAA", "BBB", "CCC", "DDD"],
    )


def test_tier_points_are_the_economies_that_can_be_placed():
    out = views.tier_points(tier_table(), pd.Series({"AAA": "Aland", "BBB": "Borduria", "DDD": "Dystopia"}))
    assert list(out.columns) == ["country", "maturity", "momentum", "tier", "reason"]
    assert list(out["country"]) == ["Aland", "Borduria", "Dystopia"]  # CCC has no maturity


def test_tier_order_puts_the_named_tiers_first():
    assert views.tier_order(["unclassified", "mature", "zeta", "emerging"]) == [
        "mature",
        "growth",
        "emerging",
        "unclassified",
        "zeta",
    ]


def test_tier_counts_most_first_in_words():
    out = views.tier_counts(tier_table(), {"mature": "Mature", "emerging": "Emerging"})
    assert out.to_dict("records")[0] == {"tier": "Mature", "n": 2}
    assert sorted(out["n"]) == [1, 1, 2] and "unclassified" in set(out["tier"])


def test_disagreements_view_names_countries_and_words_both_tiers():
    dis = pd.DataFrame(
        {"name": ["Aland"], "tier": ["mature"], "region_rule": ["emerging"], "confidence": [0.9]}, index=["AAA"]
    )
    out = views.disagreements_view(dis, pd.Series({"AAA": "奥兰"}), labels.tier_labels("zh"))
    assert list(out.columns) == ["country", "tier", "region_rule", "confidence"]
    assert out.iloc[0].to_dict() == {
        "country": "奥兰",
        "tier": translate("tier.mature", "zh"),
        "region_rule": translate("tier.emerging", "zh"),
        "confidence": 0.9,
    }
