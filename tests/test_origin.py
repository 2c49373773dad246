"""Where the seller ships from: resolving the origin, the home market, fit in explanations (shipped data)."""

from __future__ import annotations

import pandas as pd
import pytest

from xbmarkets.explain import explain
from xbmarkets.matrix import build_matrix
from xbmarkets.origin import FitFacts, fit_facts, language_name, resolve_origin
from xbmarkets.scoring import score
from xbmarkets.snapshot import load_snapshot
from xbmarkets.weights import PRESETS


@pytest.fixture(scope="module")
def snap():
    return load_snapshot()


@pytest.mark.parametrize("text", ["CHN", "chn", " CHN ", "CN", "China", "china"])
def test_origin_in_any_usual_form(snap, text):
    assert resolve_origin(text, snap.economies) == "CHN"


@pytest.mark.parametrize(
    ("text", "message"),
    [("XYZ", "unknown origin 'XYZ'"), ("", "origin must be a country"), (None, "origin must be a country")],
)
def test_unknown_origin_is_one_clear_error(snap, text, message):
    with pytest.raises(ValueError, match=message):
        resolve_origin(text, snap.economies)


def test_home_market_is_set_aside_with_its_reason_not_ranked(snap):
    dm = build_matrix(snap, origin="CHN")
    result = score(dm, PRESETS["balanced"].pillar_weights)
    assert "CHN" not in result.table.index
    home = result.excluded.iloc[0]
    assert home["iso3"] == "CHN" and home["reason_kind"] == "home" and "home market" in home["reason"]
    generic = score(build_matrix(snap), PRESETS["balanced"].pillar_weights)
    assert "CHN" in generic.table.index  # without an origin China is a market like any other


def test_the_answer_depends_on_where_the_seller_ships_from(snap):
    weights = PRESETS["balanced"].pillar_weights
    from_china = score(build_matrix(snap, origin="CHN"), weights).table
    from_germany = score(build_matrix(snap, origin="DEU"), weights).table
    # the neighbours of each origin move up its own ranking
    assert from_china.at["VNM", "rank"] < from_germany.at["VNM", "rank"]
    assert from_germany.at["AUT", "rank"] < from_china.at["AUT", "rank"]
    assert from_germany.at["POL", "rank"] < from_china.at["POL", "rank"]


def test_fit_facts_come_from_the_bilateral_table(snap):
    dm = build_matrix(snap, origin="CHN")
    pair = snap.bilateral.set_index(["origin", "destination"]).loc[("CHN", "VNM")]
    facts = fit_facts(dm.context, "VNM")
    assert facts is not None
    assert facts.distance_km == pytest.approx(pair["distance"])
    assert facts.border is True  # CEPII contig: China and Vietnam share a land border
    assert facts.agreements and facts.agreement_year == int(pair["agreement_year"])
    assert facts.tz_gap_hours == pytest.approx(pair["tz_gap"])
    assert fit_facts(None, "VNM") is None and fit_facts(dm.context, "ZZZ") is None


def test_explanation_speaks_of_fit_from_the_origin(snap):
    dm = build_matrix(snap, origin="CHN")
    result = score(dm, PRESETS["balanced"].pillar_weights)
    ex = explain(result, dm, "SGP")
    assert ex.origin == "CHN" and ex.fit is not None
    assert "Fit from China:" in ex.summary and " km from China" in ex.summary
    assert "shares Chinese" in ex.summary  # CLDR: most Singaporeans speak Chinese
    generic = explain(score(build_matrix(snap), PRESETS["balanced"].pillar_weights), build_matrix(snap), "SGP")
    assert generic.fit is None and "Fit from" not in generic.summary


def test_fit_sentence_says_only_what_is_known():
    facts = FitFacts(
        distance_km=2330.8,
        languages=("zh",),
        border=True,
        agreements=("ASEAN - China",),
        agreement_year=2005,
        tz_gap_hours=1.0,
    )
    assert facts.sentence("China") == (
        "2,331 km from China, shares Chinese, a land border, ASEAN - China in force since 2005, 1 h time difference"
    )
    unknown = FitFacts(None, (), None, (), None, None)
    assert unknown.sentence("China") == ""  # nothing known: nothing said, never 0 km


def test_language_names_in_both_languages():
    assert language_name("zh") == "Chinese"
    assert language_name("de", "zh") == "德语"
    assert language_name("qqq") == "qqq"


def test_bilateral_table_covers_every_ordered_pair_once(snap):
    table = snap.bilateral
    n = len(snap.economies)
    assert len(table) == n * (n - 1)
    assert not table.duplicated(["origin", "destination"]).any()
    assert (table["origin"] != table["destination"]).all()
    distance = table.set_index(["origin", "destination"])["distance"]
    assert distance[("DEU", "FRA")] == distance[("FRA", "DEU")]  # symmetric where CEPII is
    assert pd.isna(distance[("SRB", "DEU")])  # CEPII's YUG places nowhere: missing, not guessed
