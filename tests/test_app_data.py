"""Data page (AppTest): sources and licences, coverage, and the founder's own CSV."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from app_support import ROOT, assert_ok, chart_frames, open_page

from xbmarkets.catalog import PILLARS
from xbmarkets.custom import CustomDataError, load_custom, template_csv

GOOD = b"country,my_sales,ad_cost\nGermany,10,3\nBrazil,5,1\nViet Nam,7,0.5\nKenya,2,0.2\nFrance,9,2.5\n"
BAD = b"country,revenue\nGermany,lots\nBrazil,some\n"  # no numeric column


def loader_message(data: bytes) -> str:
    with pytest.raises(CustomDataError) as info:
        load_custom(data)
    return str(info.value)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_lists_every_source_with_edition_year_and_licence(lang):
    at = open_page("data", lang)
    sources = pd.read_csv(ROOT / "data" / "sources.csv", dtype=str, keep_default_na=False)
    shown = at.dataframe[0].value
    assert len(shown) == len(sources)
    assert set(shown["Licence" if lang == "en" else "许可协议"]) == set(sources["licence"])
    catalog = pd.read_csv(ROOT / "data" / "catalog.csv")
    assert len(at.dataframe[1].value) == len(catalog)


def test_coverage_heatmap_is_economy_by_pillar_in_0_1():
    at = open_page("data")
    heat = chart_frames(at.get("vega_lite_chart")[0])[0]
    assert heat["coverage"].between(0, 1).all()
    assert heat["pillar"].nunique() == len(PILLARS) and heat["country"].nunique() > 150


def test_template_is_offered_and_is_a_csv_without_figures():
    text = template_csv().decode("utf-8-sig")
    header, *rows = text.strip().splitlines()
    assert header.startswith("country,")
    assert all(set(r.split(",", 1)[1]) <= {","} for r in rows)  # we never type in a number


def test_a_rejected_upload_shows_the_loaders_message_and_the_app_keeps_working():
    at = open_page("data")
    at.file_uploader(key="custom_file").upload("mine.csv", BAD, "text/csv").run()
    assert_ok(at)
    assert any(loader_message(BAD) in e.value for e in at.error)
    at.switch_page("pages/1_Ranking.py").run()
    assert_ok(at)
    assert len(at.dataframe[0].value) > 100
    assert "w_custom" not in [s.key for s in at.slider]


def test_a_good_upload_joins_as_the_custom_pillar_and_survives_a_later_bad_one():
    at = open_page("data")
    at.file_uploader(key="custom_file").upload("mine.csv", GOOD, "text/csv").run()
    assert_ok(at)
    assert any("mine.csv" in s.value for s in at.success)
    assert [r.key for r in at.radio if r.key.startswith("cdir_")] == ["cdir_custom:my_sales", "cdir_custom:ad_cost"]

    at.switch_page("pages/1_Ranking.py").run()
    assert_ok(at)
    assert "w_custom" in [s.key for s in at.slider]
    ranked = at.dataframe[0].value
    assert "Your data" in ranked.columns
    assert set(ranked["ISO3"]) <= {"DEU", "BRA", "VNM", "KEN", "FRA"}  # only economies with the weighted pillar

    # flipping a column's direction re-scores: ad cost is a cost
    at.switch_page("pages/6_Data.py").run()
    at.radio(key="cdir_custom:ad_cost").set_value(-1).run()
    assert_ok(at)

    at.file_uploader(key="custom_file").set_value(("broken.csv", BAD, "text/csv")).run()
    assert_ok(at)
    assert any(loader_message(BAD) in e.value for e in at.error)
    assert any("mine.csv" in i.value for i in at.info)  # the previous good file is still in use
    at.switch_page("pages/1_Ranking.py").run()
    assert "w_custom" in [s.key for s in at.slider]


def test_removing_own_data_restores_the_official_model():
    at = open_page("data")
    at.file_uploader(key="custom_file").upload("mine.csv", GOOD, "text/csv").run()
    at.button(key="remove_custom").click().run()
    assert_ok(at)
    at.switch_page("pages/1_Ranking.py").run()
    assert "w_custom" not in [s.key for s in at.slider]


def test_a_stored_upload_that_stops_joining_is_kept_and_explained(monkeypatch):
    """Nothing the founder had is lost: a warning says why, and the file can still be downloaded."""
    from app_support import capture_downloads

    downloads = capture_downloads(monkeypatch)
    at = open_page("data")
    at.file_uploader(key="custom_file").upload("mine.csv", GOOD, "text/csv").run()
    stored = dict(at.session_state["custom_upload"])
    broken = {**stored, "bytes": b"country,sales\nAtlantis,1\n"}  # as if the data folder changed under it
    at.session_state["custom_upload"] = broken
    at.run()
    assert_ok(at)
    assert any("mine.csv" in w.value and "Atlantis" in w.value for w in at.warning)
    assert at.session_state["custom_upload"]["bytes"] == broken["bytes"]  # kept, not dropped
    assert downloads["mine.csv"] == broken["bytes"]
    at.switch_page("pages/1_Ranking.py").run()
    assert_ok(at)
    assert "w_custom" not in [s.key for s in at.slider]  # the official model meanwhile
    assert any("mine.csv" in w.value for w in at.warning)  # and every page says so


def test_upload_file_name_and_headers_are_shown_as_text_not_markdown():
    data = b"country,[click](https://evil.example)\nGermany,1\nBrazil,2\nKenya,3\n"
    at = open_page("data")
    at.file_uploader(key="custom_file").upload("![x](https://evil.example/p.png).csv", data, "text/csv").run()
    assert_ok(at)
    loaded = next(s.value for s in at.success)
    radio = next(r for r in at.radio if r.key.startswith("cdir_"))
    for text in (loaded, radio.label):
        assert "](" not in text and "https://" not in text
        assert not re.search(r"(?<!\\)[\[\]]", text)
    at.switch_page("pages/1_Ranking.py").run()
    at.toggle(key="show_ind").set_value(True).run()  # the per-indicator controls are built on demand
    assert_ok(at)
    label = next(s.label for s in at.slider if s.key.startswith("iw_custom"))
    assert "](" not in label and "\\[click\\]" in label


def test_a_columns_direction_survives_visiting_other_pages():
    """Found walking the app: 'lower is better' on a cost column reverted once the founder left the Data page."""
    at = open_page("data")
    at.file_uploader(key="custom_file").upload("mine.csv", GOOD, "text/csv").run()
    at.radio(key="cdir_custom:ad_cost").set_value(-1).run()
    at.switch_page("pages/1_Ranking.py").run()
    first = at.dataframe[0].value
    at.run()
    assert_ok(at)
    pd.testing.assert_frame_equal(at.dataframe[0].value, first)
    at.switch_page("pages/5_Map.py").run()
    at.switch_page("pages/6_Data.py").run()
    assert at.radio(key="cdir_custom:ad_cost").value == -1
    assert at.radio(key="cdir_custom:my_sales").value == 1
