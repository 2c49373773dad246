"""Robustness page (AppTest): verdict in words, acceptability chart, inputs."""

from __future__ import annotations

import re

import pytest
from app_support import assert_ok, capture_downloads, chart_frames, open_page

from xbmarkets.catalog import PILLARS
from xbmarkets.export import read_exported_csv
from xbmarkets.matrix import build_matrix
from xbmarkets.robustness import scenario_acceptability
from xbmarkets.scoring import score
from xbmarkets.snapshot import load_snapshot

GROWTH = ("population", "gdp_usd", "gdp_growth", "weo_growth_2030")


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


def _p_first(at) -> dict[str, float]:
    shown = at.dataframe[0].value
    return dict(zip(shown["ISO3"], shown["Share ranked first"], strict=False))


def test_an_indicator_weight_change_reaches_the_acceptability():
    """Regression: the cache key once missed indicator weights, so Robustness showed the old scenario's shares."""
    at = open_page("ranking")
    at.switch_page("pages/4_Robustness.py").run()
    before = _p_first(at)
    at.switch_page("pages/1_Ranking.py").run()
    at.toggle(key="show_ind").set_value(True).run()
    growth = [s.key for s in at.slider if s.key.startswith("iw_") and s.key[3:] in GROWTH]
    assert growth
    for key in growth:
        at.slider(key=key).set_value(0.0)
    at.run()
    weights = {p: at.session_state[f"w_{p}"] for p in PILLARS}
    at.switch_page("pages/4_Robustness.py").run()
    assert_ok(at)
    after = _p_first(at)
    assert after != before
    # and they are the CLI's numbers for that scenario: robustness.scenario_acceptability of the re-scored result
    dm = build_matrix(load_snapshot())
    iw = {i: (0.0 if i in GROWTH else float(dm.criteria.at[i, "weight"])) for i in dm.criteria.index}
    want = scenario_acceptability(
        score(dm, weights, indicator_weights=iw),
        draws=at.session_state["rob_draws"],
        top_k=at.session_state["rob_top_k"],
        seed=0,
    )
    for iso3, share in after.items():
        assert share == want.loc[iso3, "p_first"]


def test_the_csv_is_what_the_page_shows_with_the_seed_of_the_draws(monkeypatch):
    downloads = capture_downloads(monkeypatch)
    at = open_page("robustness")
    back = read_exported_csv(downloads["xbmarkets-robustness.csv"])
    shown = at.dataframe[0].value
    assert list(back.columns) == list(shown.columns)
    assert back["Share ranked first"].tolist() == shown["Share ranked first"].tolist()
    meta = back.attrs["meta"]
    assert meta["seed"] == "0" and meta["draws"] == str(at.session_state["rob_draws"])
    assert meta["verdict"].split(":")[0] in ("stable", "fragile", "unstable")


@pytest.mark.parametrize("n", [3, 5])
def test_few_ranked_markets_are_all_shown_without_a_slider(n):
    """Regression: with exactly 5 ranked markets the 'markets shown' slider had min == max and crashed."""
    rows = "".join(f"{c},{i + 1}\n" for i, c in enumerate(["Germany", "Brazil", "Viet Nam", "Kenya", "France"][:n]))
    at = open_page("data")
    at.file_uploader(key="custom_file").set_value(("few.csv", f"country,sales\n{rows}".encode(), "text/csv")).run()
    at.switch_page("pages/4_Robustness.py").run()
    assert_ok(at)
    assert "rob_show" not in [s.key for s in at.slider]
    assert len(at.dataframe[0].value) == n
    frame = chart_frames(at.get("vega_lite_chart")[0])[0]
    assert len(frame) == n


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_certainty_level_reads_as_words_not_a_bare_number(lang):
    """Found walking the app: the slider's right end read just "200"."""
    at = open_page("robustness", lang)
    options = at.select_slider(key="rob_conc").options
    assert len(options) == 5
    assert not any(re.fullmatch(r"\d+", o) for o in options)
    assert all(re.search(r"[A-Za-z\u4e00-\u9fff]", o) for o in options)
