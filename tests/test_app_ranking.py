"""Ranking page (AppTest): live re-ranking, presets, profiles, filters, empty states, CSV."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
from app_support import assert_ok, capture_downloads, open_link, open_page, redraw

from xbmarkets.catalog import PILLARS
from xbmarkets.export import read_exported_csv
from xbmarkets.matrix import build_matrix
from xbmarkets.report import default_custom_weight, ranking_table
from xbmarkets.scoring import score
from xbmarkets.snapshot import load_snapshot
from xbmarkets.ui import views
from xbmarkets.ui.i18n import translate
from xbmarkets.weights import PRESETS, PROFILES


@pytest.fixture(scope="module")
def dm():
    return build_matrix(load_snapshot())


def only(at, pillar: str):
    for p in PILLARS:
        at.slider(key=f"w_{p}").set_value(100 if p == pillar else 0)
    return at.run()


def shown_indicators(at):
    """Turn on the per-indicator controls (built on demand, issue 12)."""
    return at.toggle(key="show_ind").set_value(True).run()


def table(at) -> pd.DataFrame:
    return at.dataframe[0].value  # the ranking is the first table on the page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_runs_in_both_languages(lang):
    at = open_page("ranking", lang)
    assert at.title[0].value == ("Market ranking" if lang == "en" else "市场排名")
    assert len(table(at)) > 100
    assert [s.key for s in at.slider][: len(PILLARS)] == [f"w_{p}" for p in PILLARS]


def test_weighting_only_logistics_puts_a_top_decile_lpi_country_first(dm):
    at = only(open_page("ranking"), "logistics")
    assert_ok(at)
    top = table(at).iloc[0]["ISO3"]
    lpi = dm.values["lpi_overall"].dropna()
    assert lpi[top] >= lpi.quantile(0.9)


def test_raising_growth_moves_the_ranking_towards_growth_leaders():
    at = open_page("ranking")
    before = table(at)
    at = only(at, "growth")
    after = table(at)
    assert list(after["ISO3"][:10]) != list(before["ISO3"][:10])
    # with growth alone, the order is the order of the growth pillar score
    growth = after["Growth"].to_numpy()
    assert (growth[:-1] >= growth[1:] - 1e-9).all()
    assert after["Growth"].iloc[0] >= before["Growth"].iloc[0]


def test_slider_move_is_mirrored_in_the_url():
    """Speed is measured by benchmarks/bench_page.py, never asserted here."""
    at = open_page("ranking")
    for value in (10, 70, 30):
        redraw(at).slider(key="w_growth").set_value(value).run()
        assert_ok(at)
    assert at.query_params["w_growth"] == ["30"] or at.query_params["w_growth"] == "30"
    assert at.session_state["preset"] == ""  # a hand-moved slider is no longer the preset


def test_a_slider_move_reruns_the_table_not_the_controls():
    """Issue 12: the weights' callbacks rerun only the table's fragment; the ~20 controls are not redrawn."""
    at = open_page("ranking")
    at.selectbox(key="preset").set_value("").run()  # a hand-set weighting: the next move names no preset
    before = table(at)["ISO3"].tolist()
    at = redraw(at)
    for p in PILLARS:
        at.slider(key=f"w_{p}").set_value(100 if p == "logistics" else 0)
    at.run()
    assert_ok(at)
    assert table(at)["ISO3"].tolist() != before  # the table reran with the new weights
    assert not at.title and not [s for s in at.slider if s.key == "w_logistics"]  # nothing else was redrawn
    assert any(
        c.value
        == "Weights now: "
        + ", ".join(f"{translate(f'pillar.{p}', 'en')} {100 if p == 'logistics' else 0}%" for p in PILLARS)
        + "."
        for c in at.caption
    )  # the shares are told beside the table, which did rerun
    redraw(at)
    assert at.title and at.slider(key="w_logistics").value == 100


@pytest.mark.parametrize("preset", [p for p in PRESETS if p != "balanced"][:2])
def test_a_preset_sets_the_sliders(preset):
    at = open_page("ranking")
    at.selectbox(key="preset").set_value(preset).run()
    assert_ok(at)
    weights = PRESETS[preset].pillar_weights
    top = max(weights, key=weights.get)
    low = min(weights, key=weights.get)
    assert at.slider(key=f"w_{top}").value > at.slider(key=f"w_{low}").value


def test_a_product_profile_shifts_the_sliders():
    profile = max(PROFILES, key=lambda n: max(PROFILES[n].pillar_weights.values()))
    boosted = max(PROFILES[profile].pillar_weights, key=PROFILES[profile].pillar_weights.get)
    at = open_page("ranking")
    before = {p: at.slider(key=f"w_{p}").value for p in PILLARS}
    at.selectbox(key="profile").set_value(profile).run()
    assert_ok(at)
    after = {p: at.slider(key=f"w_{p}").value for p in PILLARS}
    others = [p for p in PILLARS if p != boosted]
    assert after[boosted] / max(after[others[0]], 1) > before[boosted] / max(before[others[0]], 1)


def test_weights_persist_across_pages():
    at = open_page("ranking")
    at.slider(key="w_regulation").set_value(7).run()
    at.switch_page("pages/5_Map.py").run()
    at.switch_page("pages/1_Ranking.py").run()
    assert_ok(at)
    assert at.slider(key="w_regulation").value == 7


def test_all_weights_zero_is_explained_not_a_traceback():
    at = open_page("ranking")
    for p in PILLARS:
        at.slider(key=f"w_{p}").set_value(0)
    at.run()
    assert_ok(at)
    assert any("zero" in e.value for e in at.error)


def test_region_filter_keeps_only_that_region(dm):
    at = open_page("ranking")
    region = "South Asia"
    at.multiselect(key="f_region").set_value([region]).run()
    assert_ok(at)
    shown = table(at)
    assert len(shown) > 0
    assert set(dm.economies.loc[shown["ISO3"], "region"]) == {region}


def test_filters_that_leave_nothing_say_so():
    at = open_page("ranking")
    at.multiselect(key="f_region").set_value(["North America"])
    at.multiselect(key="f_income").set_value(["Low income"]).run()
    assert_ok(at)
    assert any("No market passes" in i.value for i in at.info)


def test_topsis_method_changes_scores():
    at = open_page("ranking")
    before = table(at)["Score"].to_numpy()
    at.radio(key="method").set_value("topsis").run()
    assert_ok(at)
    assert (table(at)["Score"].to_numpy()[:5] != before[:5]).any()


def test_explain_shows_the_engine_summary_for_the_picked_country():
    at = open_page("ranking")
    second = table(at).iloc[1]["ISO3"]
    at.selectbox(key="explain_iso3").set_value(second).run()
    assert_ok(at)
    assert any(str(table(at).iloc[1]["Country"]) in i.value for i in at.info)


def test_ranking_csv_is_the_table_shown_plus_how_it_was_made(monkeypatch):
    """The bytes the page serves: the filtered rows shown, scores at 4 decimals, and the CLI's header keys."""
    downloads = capture_downloads(monkeypatch)
    at = open_page("ranking")
    at.multiselect(key="f_region").set_value(["Europe & Central Asia"]).run()
    assert_ok(at)
    shown = table(at)
    back = read_exported_csv(downloads["xbmarkets-ranking.csv"])
    assert list(back.columns) == list(shown.columns)
    assert back["ISO3"].tolist() == shown["ISO3"].tolist()
    # (was: full precision) scores are written for people at 4 decimals, and read back exactly so
    assert back["Score"].tolist() == [round(v, 4) for v in shown["Score"].tolist()]
    assert back["Coverage"].tolist() == [round(v, 4) for v in shown["Coverage"].tolist()]
    m = back.attrs["meta"]
    assert m["filter_region"] == "Europe & Central Asia"
    assert m["method"] == "wsm" and m["normalization"] and "World Bank" in m["data_editions"]
    assert m["generated_by"] == "xbmarkets dashboard" and "flipped_directions" not in m
    assert int(m["ranked"].split()[0]) > len(shown)  # the header counts every ranked market, not the filtered rows


def test_ranking_offers_the_table_as_csv_and_as_excel_side_by_side(monkeypatch):
    """Two buttons, one table: the workbook holds the CSV's rows and numbers, and its header on an About sheet."""
    from app_support import capture_deferred
    from openpyxl import load_workbook

    from xbmarkets.export import read_exported_xlsx

    downloads = capture_downloads(monkeypatch)
    deferred = capture_deferred(monkeypatch)
    at = open_page("ranking")
    assert_ok(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download CSV" in labels and "Download Excel" in labels
    csv_back = read_exported_csv(downloads["xbmarkets-ranking.csv"])
    data = deferred["xbmarkets-ranking.xlsx"]()  # what the click would build
    book = read_exported_xlsx(data)
    assert list(book.columns) == list(csv_back.columns)
    assert book["ISO3"].tolist() == csv_back["ISO3"].tolist()
    for col in ("Score", "Coverage"):
        assert book[col].astype(float).tolist() == csv_back[col].tolist(), col
    assert book.attrs["meta"] == csv_back.attrs["meta"]
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws.freeze_panes == "A2"
    formats = {
        ws.cell(row=1, column=c).value: ws.cell(row=2, column=c).number_format for c in range(1, ws.max_column + 1)
    }
    assert formats["Score"] == "0.0000" and formats["Coverage"] == "0.00%"


def test_ranking_frame_keeps_full_precision_like_the_cli(dm):
    """CLI and dashboard build the table with report.ranking_table: same numbers, unrounded."""
    result = score(dm, {"growth": 2, "logistics": 1})
    cli = ranking_table(result, dm)
    view = views.ranking_view(cli, ["growth", "logistics"])
    np.testing.assert_array_equal(view["score"].to_numpy(), result.table["score"].to_numpy())
    assert (view["score"].round(4) != view["score"]).any()  # the data carry more than 4 decimals
    assert set(view["tier"]) == {"unclassified"}  # no tiers given: the CLI's word, not ""


def test_a_missing_tier_reads_unclassified_in_both_languages(dm):
    result = score(dm, {"growth": 1})
    view = views.ranking_view(
        ranking_table(result, dm), ["growth"], {"unclassified": translate("tier.unclassified", "zh")}
    )
    assert set(view["tier"]) == {translate("tier.unclassified", "zh")}


# --------------------------------------------------------------------------- indicator weights and direction flips


def test_flipping_online_buyers_changes_the_ranking_and_the_link(monkeypatch):
    downloads = capture_downloads(monkeypatch)
    at = shown_indicators(open_page("ranking"))
    radio = at.radio(key="dir_online_buyers")
    assert radio.value == -1  # the catalog reads a high share of online buyers as a saturated market
    assert radio.help and "saturat" in radio.help.lower()  # the catalog's why: the two readings, explained
    before = table(at)
    radio.set_value(1).run()
    assert_ok(at)
    after = table(at)
    assert list(after["ISO3"]) != list(before["ISO3"])
    assert at.query_params["dir_online_buyers"] in ("1", ["1"])
    meta = read_exported_csv(downloads["xbmarkets-ranking.csv"]).attrs["meta"]
    assert meta["flipped_directions"] == "online_buyers=higher_is_better"

    again = open_link("ranking", {"dir_online_buyers": "1"})  # the shared link, in a fresh tab
    assert_ok(again)
    assert not again.warning
    shown_indicators(again)
    assert again.radio(key="dir_online_buyers").value == 1
    assert list(table(again)["ISO3"]) == list(after["ISO3"])


def test_the_flipped_ranking_is_the_engine_ranking_of_the_flipped_matrix(dm):
    at = shown_indicators(open_page("ranking"))
    at.radio(key="dir_online_buyers").set_value(1).run()
    weights = {p: at.slider(key=f"w_{p}").value for p in PILLARS}
    want = score(dm.with_directions({"online_buyers": 1}), weights)
    assert list(table(at)["ISO3"]) == list(want.table.index)


@pytest.mark.parametrize("value", ["2", "0", "up", "-1.5"])
def test_a_tampered_direction_falls_back_with_the_notice(value):
    at = open_link("ranking", {"dir_online_buyers": value})
    assert_ok(at)
    assert any("dir_online_buyers" in w.value for w in at.warning)
    assert shown_indicators(at).radio(key="dir_online_buyers").value == -1


def test_a_link_cannot_put_an_active_link_or_image_into_the_notice():
    key = "[Session expired - sign in here](https://evil.example/login)"
    at = open_link("ranking", {key: "1", "w_growth": "![x](https://evil.example/track.png)"})
    assert_ok(at)
    body = next(w.value for w in at.warning if "Session expired" in w.value)
    assert "](" not in body
    assert not re.search(r"(?<!\\)[\[\]]", body)  # every bracket is escaped: no link or image syntax
    assert "https://" not in body  # no bare autolink either
    assert "w_growth" in body  # identifiers stay readable as typed


def test_the_notice_is_capped():
    at = open_link("ranking", {"k" * 5000: "1", "f_region": [f"r{i}" for i in range(900)]})
    assert_ok(at)
    body = next(w.value for w in at.warning if "kkkk" in w.value)
    assert len(body) < 1000 and "+897 more" in body


# --------------------------------------------------------------------------- the founder's own data on Ranking


GOOD = b"country,my_sales\nGermany,10\nBrazil,5\nViet Nam,7\nKenya,2\nFrance,9\n"


def test_an_upload_limits_the_ranking_and_says_so():
    at = open_page("data")
    at.file_uploader(key="custom_file").set_value(("mine.csv", GOOD, "text/csv")).run()
    at.switch_page("pages/1_Ranking.py").run()
    assert_ok(at)
    assert len(table(at)) == 5
    assert any("covers 5 countries" in i.value for i in at.info)
    at.slider(key="w_custom").set_value(0).run()
    assert len(table(at)) > 100
    assert not any("covers 5 countries" in i.value for i in at.info)


def test_the_custom_weight_defaults_to_the_clis(dm):
    """The CLI weighs an upload like an average pillar (report.default_custom_weight); so does the slider."""
    at = open_page("data")
    points = {p: at.session_state[f"w_{p}"] for p in PILLARS}
    at.file_uploader(key="custom_file").set_value(("mine.csv", GOOD, "text/csv")).run()
    assert at.session_state["w_custom"] == round(default_custom_weight(points))
    assert at.session_state["w_custom"] == round(
        sum(v for v in points.values() if v > 0) / sum(v > 0 for v in points.values())
    )


def test_explain_labels_the_indicator_lines_so_a_dash_pillar_line_is_not_contradicted(dm):
    """Found walking the app: "Weakest: —" sat above an unlabelled list of weak indicators."""
    at = open_page("ranking")
    pick = str(table(at)["ISO3"].iloc[0])
    at.selectbox(key="explain_iso3").set_value(pick).run()
    from xbmarkets.explain import explain

    ex = explain(score(dm, {p: 1.0 for p in PILLARS}), dm, pick)
    captions = [c.value for c in at.caption]
    for prefix, items in (
        ("Best indicators: ", ex.strongest_indicators),
        ("Weakest indicators: ", ex.weakest_indicators),
    ):
        lines = [c for c in captions if c.startswith(prefix)]
        assert len(lines) == (1 if items else 0)
        if items:
            from xbmarkets.ui.i18n import label

            assert all(label("ind", i, "en") in lines[0] for i in items)


def test_indicator_controls_are_built_on_demand_and_keep_their_values():
    """A pillar slider's rerun does not redraw ~80 indicator widgets (issue 12); hiding them loses nothing."""
    at = open_page("ranking")
    assert not [s for s in at.slider if s.key.startswith("iw_")]
    assert not [r for r in at.radio if r.key.startswith("dir_")]
    at.toggle(key="show_ind").set_value(True).run()
    keys = [s.key for s in at.slider if s.key.startswith("iw_")]
    assert len(keys) >= 30 and [r for r in at.radio if r.key.startswith("dir_")]
    before = table(at)["ISO3"].tolist()
    at.slider(key="iw_population").set_value(0.0).run()
    changed = table(at)["ISO3"].tolist()
    assert changed != before
    redraw(at).toggle(key="show_ind").set_value(False).run()
    assert_ok(at)
    assert not [s for s in at.slider if s.key.startswith("iw_")]
    assert table(at)["ISO3"].tolist() == changed  # still weighted as set, though hidden
    assert any(translate("rank.ind_changed", "en", n=1) == c.value for c in at.caption)
    at.toggle(key="show_ind").set_value(True).run()
    assert at.slider(key="iw_population").value == 0.0


def test_a_link_with_indicator_weights_applies_them_with_the_controls_hidden(dm):
    at = open_link("ranking", {"iw_population": "0", "iw_gdp_usd": "2"})
    assert_ok(at)
    assert not [s for s in at.slider if s.key.startswith("iw_")]
    assert any(translate("rank.ind_changed", "en", n=2) == c.value for c in at.caption)
    weights = {p: at.session_state[f"w_{p}"] for p in PILLARS}
    iw = {i: float(dm.criteria.at[i, "weight"]) for i in dm.criteria.index} | {"population": 0.0, "gdp_usd": 2.0}
    want = score(dm, weights, indicator_weights=iw).table.index[:10].tolist()
    assert table(at)["ISO3"].tolist()[:10] == want


def test_the_indicator_detail_is_built_when_asked_for_and_matches_the_engine(dm):
    """Every indicator's bar and row, behind a toggle (issue 12): a slider move does not rebuild them unseen."""
    at = open_page("ranking")
    pick = str(table(at)["ISO3"].iloc[0])
    at.selectbox(key="explain_iso3").set_value(pick).run()
    assert not [d for d in at.dataframe if "Note" in d.value.columns]
    at.toggle(key="explain_detail").set_value(True).run()
    assert_ok(at)
    from app_support import chart_frames

    from xbmarkets.explain import explain

    ex = explain(score(dm, {p: float(at.session_state[f"w_{p}"]) for p in PILLARS}), dm, pick)
    bars = [f for c in at.get("vega_lite_chart") for f in chart_frames(c) if "pillar" in f.columns]
    assert len(bars) == 1
    charted = ex.indicators["contribution"].dropna()
    assert len(bars[0]) == len(charted)  # a missing indicator is not drawn as a zero bar
    assert sorted(bars[0]["contribution"].round(9)) == sorted(charted.astype(float).round(9))
    (rows,) = [d.value for d in at.dataframe if "Note" in d.value.columns]
    assert len(rows) == len(ex.indicators)
    assert (rows["Note"] == "no data").sum() == ex.indicators["normalized"].isna().sum()


def test_nothing_is_explained_until_a_market_is_picked():
    """The explanation follows every slider move once asked for; unasked it is not built (issue 12)."""
    at = open_page("ranking")
    assert at.selectbox(key="explain_iso3").value is None
    assert not at.get("vega_lite_chart") and not [i for i in at.info if " ranks " in i.value]
    assert "explain_detail" not in [tg.key for tg in at.toggle]
    at.selectbox(key="explain_iso3").set_value("SGP").run()
    assert_ok(at)
    assert [i for i in at.info if i.value.startswith("Singapore ranks 1st")]
    assert at.get("vega_lite_chart")  # the pillar contributions
    at.slider(key="w_growth").set_value(100).run()  # the pick stays, and is explained under the new weights
    assert at.selectbox(key="explain_iso3").value == "SGP"
    assert [i for i in at.info if i.value.startswith("Singapore ranks ")]
