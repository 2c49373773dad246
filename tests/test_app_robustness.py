"""Robustness page (AppTest): verdict in words, acceptability chart, inputs."""

from __future__ import annotations

import pytest
from app_support import assert_ok, chart_frames, open_page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_runs_and_gives_a_verdict(lang):
    at = open_page("robustness", lang)
    boxes = [*at.success, *at.info, *at.warning]
    word = "Verdict" if lang == "en" else "结论"
    assert any(word in b.value for b in boxes)


def test_acceptability_shares_are_probabilities_and_intervals_ordered():
    at = open_page("robustness")
    frame = chart_frames(at.get("vega_lite_chart")[0])[0]
    assert frame["p_top_k"].between(0, 1).all()
    assert (frame["rank_p05"] <= frame["median_rank"]).all() and (frame["median_rank"] <= frame["rank_p95"]).all()
    assert len(frame) == at.slider(key="rob_show").value


def test_more_certainty_about_weights_narrows_the_rank_intervals():
    at = open_page("robustness")
    wide = chart_frames(at.get("vega_lite_chart")[0])[0]
    at.select_slider(key="rob_conc").set_value(200).run()
    assert_ok(at)
    narrow = chart_frames(at.get("vega_lite_chart")[0])[0]
    spread = lambda f: (f["rank_p95"] - f["rank_p05"]).mean()  # noqa: E731
    assert spread(narrow) < spread(wide)


def test_top_k_input_changes_the_column_title():
    at = open_page("robustness")
    at.number_input(key="rob_top_k").set_value(3).run()
    assert_ok(at)
    assert "Share of draws in top 3" in at.dataframe[0].value.columns
