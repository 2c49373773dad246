"""Indicator definitions and catalog.csv reading."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from xbmarkets.catalog import (
    ALL_PILLARS,
    CATALOG_COLUMNS,
    PILLARS,
    direction_name,
    direction_sign,
    load_catalog,
    validate_catalog,
)
from xbmarkets.catalog_spec import INDICATORS, SOURCES


def test_pillars_contract():
    assert PILLARS == ("growth", "competition", "logistics", "payments", "regulation")
    assert ALL_PILLARS == PILLARS + ("custom",)


def test_at_least_24_indicators_and_4_per_pillar():
    assert len(INDICATORS) >= 24
    counts = pd.Series([s.pillar for s in INDICATORS]).value_counts()
    for pillar in PILLARS:
        assert counts.get(pillar, 0) >= 4, pillar


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
        assert 2010 <= spec.window_start <= 2030


def test_competition_proxies_explain_the_flip():
    for spec in INDICATORS:
        if spec.pillar == "competition":
            assert "flip" in spec.why, spec.id


def test_derived_and_categorical_values_document_their_rule():
    by_id = {s.id: s for s in INDICATORS}
    assert "Draft Legislation = 0.5" in by_id["cyberlaw_etransactions"].scoring_rule
    assert "2025-2030" in by_id["weo_growth_2030"].scoring_rule
    assert "NOT official" in by_id["vat_rate"].scoring_rule
    assert "2015-2019" in by_id["tariff_applied"].scoring_rule
    assert by_id["tariff_applied"].direction == "lower_is_better"
    assert by_id["fdi_inflows"].transform == "asinh"


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
    row = {c: "x" for c in CATALOG_COLUMNS}
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


def test_load_catalog_missing_file_is_clear(tmp_path):
    with pytest.raises(ValueError, match="not found"):
        load_catalog(tmp_path)
