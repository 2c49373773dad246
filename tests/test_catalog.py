"""Indicator definitions and catalog.csv reading."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from xbmarkets.catalog import (
    ALL_PILLARS,
    CATALOG_COLUMNS,
    OPTIONAL_DEFAULTS,
    PILLARS,
    QUALITIES,
    direction_name,
    direction_sign,
    load_catalog,
    validate_catalog,
)
from xbmarkets.catalog_spec import INDICATORS, SOURCES, parse_specs


def test_pillars_contract():
    assert PILLARS == ("size", "growth", "competition", "logistics", "payments", "regulation", "fit")
    assert ALL_PILLARS == PILLARS + ("custom",)


def test_at_least_30_indicators_and_3_per_pillar():
    assert len(INDICATORS) >= 30
    counts = pd.Series([s.pillar for s in INDICATORS]).value_counts()
    for pillar in PILLARS:
        assert counts.get(pillar, 0) >= 2 if pillar == "fit" else counts.get(pillar, 0) >= 3, pillar


def test_ids_unique_snake_case_and_fields_valid():
    ids = [s.id for s in INDICATORS]
    assert len(ids) == len(set(ids))
    sources = {s.source for s in SOURCES}
    for spec in INDICATORS:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", spec.id), spec.id
        assert spec.direction in ("higher_is_better", "lower_is_better")
        assert spec.transform in ("none", "log", "asinh")
        assert spec.source in sources
        assert spec.why.strip(), spec.id
        assert spec.quality in QUALITIES, spec.id
        assert spec.name_zh and spec.short and spec.short_zh, spec.id  # names written once, both languages
        assert 1990 <= spec.window_start() <= 2030
        assert 0 < spec.weight <= 3


def test_growth_measures_momentum_only():
    """'Growth' weighted must not mean 'size' weighted: every growth indicator is a rate or a change."""
    for spec in INDICATORS:
        if spec.pillar == "growth":
            assert "%" in spec.unit or "percentage points" in spec.unit, spec.id
            assert not any(word in spec.unit for word in ("US$", "persons", "international $")), spec.id
    levels = {"population", "gdp_usd", "gdp_pc_ppp", "merch_imports_usd", "internet_users", "online_buyers_est"}
    assert not levels & {s.id for s in INDICATORS if s.pillar == "growth"}


def test_size_holds_the_reachable_market_with_its_formula():
    size = {s.id: s for s in INDICATORS if s.pillar == "size"}
    assert {"population", "gdp_usd", "merch_imports_usd", "online_buyers_est"} <= set(size)
    rule = size["online_buyers_est"].scoring_rule
    assert "x" in rule and "pop_adult" in rule and "never filled" in rule


def test_competition_speaks_of_retail_competition_with_a_quality_label():
    competition = [s for s in INDICATORS if s.pillar == "competition"]
    assert {s.quality for s in competition} <= {"proxy", "proxy_europe", "direct_europe"}
    assert any(s.quality == "direct_europe" for s in competition)  # seller density: the one direct measure
    for spec in competition:
        assert spec.direction == "lower_is_better", spec.id
        assert "saturat" in spec.why.lower() or "seller" in spec.why.lower(), spec.id
    # openness measures are not competition (README says why they were dropped)
    gone = {"import_share", "merch_trade_gdp", "fdi_inflows"}
    assert not gone & {s.id for s in INDICATORS}


def test_derived_and_categorical_values_document_their_rule():
    by_id = {s.id: s for s in INDICATORS}
    assert "Draft Legislation = 0.5" in by_id["cyberlaw_etransactions"].scoring_rule
    assert "2025-2030" in by_id["weo_growth_2030"].scoring_rule
    assert "NOT official" in by_id["vat_rate"].scoring_rule
    assert "2015-2019" in by_id["tariff_applied"].scoring_rule
    assert by_id["tariff_applied"].direction == "lower_is_better"
    for derived in ("gdp_growth_6y", "internet_change_5y", "online_buying_change"):
        assert by_id[derived].quality == "derived" and by_id[derived].scoring_rule, derived
    assert by_id["population_growth"].weight < 1  # a slow signal: low default weight


def test_catalog_toml_problems_are_named():
    good = (
        '[[source]]\nkey = "s"\npublisher = "p"\ndataset = "d"\nedition = "e"\nyear = 2024\n'
        'licence = "l"\norigin = "o"\nraw_file = "r"\n'
        '[[indicator]]\nid = "a"\nname = "A"\npillar = "size"\ndirection = "higher_is_better"\nunit = "u"\n'
        'transform = "none"\nwindow = 5\nsource = "s"\nloader = "wdi"\n'
    )
    indicators, sources = parse_specs(good)
    assert indicators[0].window_start(2021) == 2017 and sources[0].year == 2024
    with pytest.raises(ValueError, match="unknown fields colour"):
        parse_specs(good + 'colour = "red"\n')
    with pytest.raises(ValueError, match="duplicate indicator ids"):
        parse_specs(good + good.split("[[indicator]]")[1].join(["[[indicator]]", ""]))
    with pytest.raises(ValueError, match="unknown sources t"):
        parse_specs(good.replace('source = "s"\nloader', 'source = "t"\nloader'))
    with pytest.raises(ValueError, match="lacks window"):
        parse_specs(good.replace("window = 5\n", ""))
    with pytest.raises(ValueError, match="catalog.toml"):
        parse_specs("[[indicator]\n")


def test_sources_do_not_name_a_registry_host():
    for source in SOURCES:
        assert "registry" not in source.origin.lower() and "npmjs" not in source.origin.lower()


def test_direction_helpers_round_trip_and_reject():
    assert direction_sign("lower_is_better") == -1
    assert direction_name(direction_sign("higher_is_better")) == "higher_is_better"
    with pytest.raises(ValueError, match="unknown direction"):
        direction_sign("up")
    with pytest.raises(ValueError):
        direction_name(0)


def _frame(**changes):
    row = {c: OPTIONAL_DEFAULTS.get(c, "x") for c in CATALOG_COLUMNS}
    row.update(pillar="growth", direction="higher_is_better", transform="none", window_start="2021")
    row.update(changes)
    return pd.DataFrame([row]).set_index("id")


def test_validate_catalog_rejects_bad_values():
    assert validate_catalog(_frame())["window_start"].iloc[0] == 2021
    with pytest.raises(ValueError, match="unknown pillar"):
        validate_catalog(_frame(pillar="fun"))
    with pytest.raises(ValueError, match="transform"):
        validate_catalog(_frame(transform="sqrt"))
    with pytest.raises(ValueError, match="missing columns"):
        validate_catalog(_frame().drop(columns=["why"]))
    with pytest.raises(ValueError, match="quality"):
        validate_catalog(_frame(quality="trust me"))
    with pytest.raises(ValueError, match="scope"):
        validate_catalog(_frame(scope="galaxy"))
    with pytest.raises(ValueError, match="weight"):
        validate_catalog(_frame(weight="-1"))
    old = validate_catalog(_frame().drop(columns=["quality", "weight", "scope", "winsorize", "short"]))
    assert old["quality"].iloc[0] == "official" and old["weight"].iloc[0] == 1.0  # an older catalog.csv loads


def test_load_catalog_missing_file_is_clear(tmp_path):
    with pytest.raises(ValueError, match="not found"):
        load_catalog(tmp_path)
