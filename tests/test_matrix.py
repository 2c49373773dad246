"""build_matrix: long snapshot -> DecisionMatrix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rawfixtures import FIXTURE, write_raw_tree

from xbmarkets.build import build
from xbmarkets.catalog import PILLARS
from xbmarkets.matrix import build_matrix, custom_rows_outside
from xbmarkets.snapshot import load_snapshot

REPO_DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def snap(tmp_path_factory):
    root = tmp_path_factory.mktemp("matrix")
    build(write_raw_tree(root / "raw"), root / "data")
    return load_snapshot(root / "data")


@dataclass(frozen=True)
class _Custom:
    values: pd.DataFrame
    criteria: pd.DataFrame


def _custom(ids=("custom:aov",), rows=("USA", "ETH", "ZZZ")) -> _Custom:
    values = pd.DataFrame({i: np.arange(len(rows), dtype=float) + 1 for i in ids}, index=pd.Index(rows, name="iso3"))
    criteria = pd.DataFrame(
        {
            "name": ["AOV"] * len(ids),
            "pillar": ["custom"] * len(ids),
            "direction": [-1] * len(ids),
            "transform": ["none"] * len(ids),
            "unit": ["USD"] * len(ids),
            "source": ["founder"] * len(ids),
        },
        index=pd.Index(ids, name="id"),
    )
    return _Custom(values, criteria)


def test_shape_values_years_and_missing(snap):
    dm = build_matrix(snap)
    assert list(dm.values.index) == sorted(snap.economies.index)
    economy_scoped = snap.catalog.index[snap.catalog["scope"] != "origin"]
    assert list(dm.values.columns) == list(economy_scoped)  # no origin: no bilateral columns
    assert dm.origin is None and dm.context is None
    assert dm.values.loc["USA", "population"] == FIXTURE["usa_population_2024"]
    assert dm.years.loc["USA", "gdp_growth_6y"] == 2023
    assert np.isnan(dm.values.loc["DEU", "population"]) and np.isnan(dm.years.loc["DEU", "population"])
    assert dm.values.notna().sum().sum() == len(snap.values)
    assert (dm.values.isna() == dm.years.isna()).all().all()


def test_criteria_directions_and_economy_metadata(snap):
    dm = build_matrix(snap)
    assert dm.criteria.loc["tariff_applied", "direction"] == -1
    assert dm.criteria.loc["population", "direction"] == 1
    assert dm.criteria.loc["population", "transform"] == "log"
    assert dm.economies.loc["NAM", "iso2"] == "NA"
    assert set(dm.criteria["pillar"]) <= set(PILLARS)
    assert dm.criteria.loc["population_growth", "weight"] == 0.5  # the catalog's default weight travels
    assert bool(dm.criteria.loc["gdp_growth_6y", "winsorize"]) and not bool(dm.criteria.loc["population", "winsorize"])


def test_direction_overrides(snap):
    dm = build_matrix(snap, direction_overrides={"online_buyers": 1})
    assert dm.criteria.loc["online_buyers", "direction"] == 1
    with pytest.raises(ValueError, match="unknown indicators"):
        build_matrix(snap, direction_overrides={"nope": 1})


def test_custom_columns_added_and_unknown_rows_ignored(snap):
    custom = _custom()
    dm = build_matrix(snap, custom=custom)
    assert dm.values.columns[-1] == "custom:aov"
    assert dm.criteria.loc["custom:aov", "pillar"] == "custom"
    assert dm.criteria.loc["custom:aov", "direction"] == -1
    assert dm.values.loc["USA", "custom:aov"] == 1.0 and dm.values.loc["ETH", "custom:aov"] == 2.0
    assert "ZZZ" not in dm.values.index
    assert custom_rows_outside(snap, custom) == ["ZZZ"]


def test_custom_id_clash_raises(snap):
    with pytest.raises(ValueError, match="clash"):
        build_matrix(snap, custom=_custom(ids=("population",)))


@pytest.mark.skipif(not (REPO_DATA / "snapshot.csv").is_file(), reason="shipped data/ not built")
def test_full_snapshot_builds_every_economy_and_indicator():
    """Shape of the full matrix; its speed is measured in benchmarks/, not asserted here."""
    full = load_snapshot(REPO_DATA)
    dm = build_matrix(full)
    bilateral = int((full.catalog["scope"] == "origin").sum())
    assert dm.values.shape == (len(full.economies), len(full.catalog) - bilateral)
    assert dm.values.notna().sum().sum() == len(full.values)
    seen_from_china = build_matrix(full, origin="CHN")
    assert seen_from_china.values.shape == (len(full.economies), len(full.catalog))
    assert np.isnan(seen_from_china.values.loc["CHN", "distance"])  # no pair with itself


def test_origin_adds_the_bilateral_fit_columns_from_the_fixture(snap):
    """DEU and ROU are in both fixture trees: DEU's row seen from ROU carries the CEPII distance and its year."""
    dm = build_matrix(snap, origin="ROU")
    assert dm.origin == "ROU"
    scoped = list(snap.catalog.index[snap.catalog["scope"] == "origin"])
    assert scoped and set(scoped) <= set(dm.values.columns)
    assert set(dm.criteria.loc[scoped, "pillar"]) == {"fit"}
    pair = snap.bilateral.set_index(["origin", "destination"]).loc[("ROU", "DEU")]
    assert dm.values.loc["DEU", "distance"] == pair["distance"]
    assert dm.years.loc["DEU", "distance"] == float(snap.sources.at["cepii_geodist", "year"])
    assert dm.values.loc[["ROU"], scoped].isna().all().all()  # the origin's own row: no pair with itself
    assert dm.context is not None and dm.context.loc["DEU", "languages"] == pair["languages"]


def test_unknown_origin_is_one_clear_error(snap):
    with pytest.raises(ValueError, match="unknown origin 'ZZZ'"):
        build_matrix(snap, origin="ZZZ")
