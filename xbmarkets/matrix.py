"""The decision matrix: economies × indicators, with the metadata every method needs.

Kept as one immutable object (after scikit-criteria's DecisionMatrix) so that
the methods that act on it never have to re-join values, years, directions and
pillars themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from xbmarkets.custom import CustomData
    from xbmarkets.snapshot import Snapshot

__all__ = ["DecisionMatrix", "build_matrix", "custom_rows_outside", "BILATERAL_TEXT"]

BILATERAL_TEXT: tuple[str, ...] = ("languages", "agreements", "agreement_year")
"""Columns of data/bilateral.csv that are context for wording (not scored): kept in `DecisionMatrix.context`."""


@dataclass(frozen=True)
class DecisionMatrix:
    """Values, their years, and what each criterion and economy is."""

    values: pd.DataFrame
    """index "iso3", columns = indicator ids, float64; NaN = missing."""
    years: pd.DataFrame
    """same shape as `values`; year of each value (NaN where the value is missing)."""
    criteria: pd.DataFrame
    """index = indicator id; columns name, pillar, direction (+1/-1), transform, unit, source,
    weight (the default weight within the pillar; absent = 1), winsorize (clip at the 5th/95th
    percentile of the scored field before normalising)."""
    economies: pd.DataFrame
    """index = iso3; columns name, region, income_group, iso2, iso_numeric."""
    origin: str | None = None
    """ISO3 of the economy the seller ships from (its row stays, the scorer sets it aside as
    'home'); None = the generic, origin-free view."""
    context: pd.DataFrame | None = None
    """index = iso3 (destinations): what the scores do not show but a sentence needs, e.g. the
    bilateral values from the origin and the names of shared languages and agreements."""

    def __post_init__(self) -> None:
        # Every later step looks economies and indicators up by label; a repeated
        # label would make those look-ups ambiguous, so refuse it here, once.
        for what, labels in (("economy (ISO3)", self.values.index), ("indicator", self.values.columns)):
            if labels.has_duplicates:
                dup = ", ".join(map(str, labels[labels.duplicated()].unique()[:5]))
                raise ValueError(f"DecisionMatrix: duplicate {what} labels: {dup}; each must appear once")
        if list(self.values.columns) != list(self.criteria.index):
            raise ValueError("DecisionMatrix: values columns and criteria index differ")
        if self.values.shape != self.years.shape:
            raise ValueError("DecisionMatrix: values and years differ in shape")
        missing = self.values.index.difference(self.economies.index)
        if len(missing):
            raise ValueError(f"DecisionMatrix: no economy metadata for {', '.join(missing[:5])}")
        if self.origin is not None and self.origin not in self.values.index:
            raise ValueError(f"DecisionMatrix: origin {self.origin!r} is not an economy of the matrix")

    @property
    def directions(self) -> pd.Series:
        """+1 for benefit criteria, -1 for cost criteria."""
        return self.criteria["direction"].astype(int)

    @property
    def pillars(self) -> pd.Series:
        """indicator id -> pillar name."""
        return self.criteria["pillar"].astype(str)

    def subset(self, iso3: list[str] | pd.Index) -> DecisionMatrix:
        """Same matrix restricted to some economies (order kept as given)."""
        idx = pd.Index(iso3, name=self.values.index.name)
        unknown = idx.difference(self.values.index)
        if len(unknown):
            raise ValueError(f"not in the matrix: {', '.join(map(str, unknown[:5]))}")
        return DecisionMatrix(
            values=self.values.loc[idx],
            years=self.years.loc[idx],
            criteria=self.criteria,
            economies=self.economies.loc[self.economies.index.intersection(idx)],
            origin=self.origin if self.origin in idx else None,
            context=None if self.context is None else self.context.reindex(idx),
        )

    def with_directions(self, overrides: dict[str, int]) -> DecisionMatrix:
        """Copy with some criteria's directions flipped (e.g. a competition proxy)."""
        unknown = set(overrides) - set(self.criteria.index)
        if unknown:
            raise ValueError(f"unknown indicators: {', '.join(sorted(unknown))}")
        bad = {k: v for k, v in overrides.items() if v not in (1, -1)}
        if bad:
            raise ValueError(f"direction must be +1 or -1, got {bad}")
        criteria = self.criteria.copy()
        for key, value in overrides.items():
            criteria.loc[key, "direction"] = int(value)
        return replace(self, criteria=criteria)


_CRITERIA_COLUMNS = ["name", "short", "pillar", "direction", "transform", "unit", "source", "weight", "winsorize"]
_ECONOMY_COLUMNS = ["name", "region", "income_group", "iso2", "iso_numeric", "subregion"]


def custom_rows_outside(snapshot: Snapshot, custom: CustomData) -> list[str]:
    """iso3 codes in a founder's custom data that are not snapshot economies.

    `build_matrix` ignores those rows (it never invents economy metadata); the
    UI shows this list as a warning.
    """
    index = custom.values.index
    return sorted(str(c) for c in index.difference(snapshot.economies.index))


def _economy_block(snapshot: Snapshot, catalog: pd.DataFrame, index: pd.Index) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Values and years of the origin-free indicators, scattered from the long snapshot."""
    long = snapshot.values
    long = long[long["indicator"].isin(catalog.index) & long["iso3"].isin(index)]
    rows = index.get_indexer(pd.Index(long["iso3"]))
    cols = catalog.index.get_indexer(pd.Index(long["indicator"]))
    values = np.full((len(index), len(catalog)), np.nan)
    years = np.full((len(index), len(catalog)), np.nan)
    values[rows, cols] = long["value"].to_numpy(dtype="float64")
    years[rows, cols] = long["year"].to_numpy(dtype="float64")
    return (
        pd.DataFrame(values, index=index, columns=catalog.index.copy()),
        pd.DataFrame(years, index=index, columns=catalog.index.copy()),
    )


def _bilateral_block(
    snapshot: Snapshot, catalog: pd.DataFrame, origin: str, index: pd.Index
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Values and years of the bilateral indicators seen from `origin`, plus their wording context.

    A bilateral value has no year of its own in the table: it is dated by its
    source's edition year, except an agreement, which is dated by its entry
    into force.  The origin's own row stays empty (no pair with itself).
    """
    table = snapshot.bilateral
    rows = table[table["origin"] == origin].set_index("destination").reindex(index)
    missing = [c for c in catalog.index if c not in rows.columns]
    if missing:
        raise ValueError(f"bilateral data lacks {', '.join(missing)}: rebuild the snapshot (build-data)")
    values = rows[list(catalog.index)].astype("float64")
    source_year = snapshot.sources["year"].astype(float)
    years = pd.DataFrame({c: catalog.at[c, "source"] for c in catalog.index}, index=index)
    years = years.apply(lambda col: col.map(source_year)).astype("float64")
    if "trade_agreement" in years.columns and "agreement_year" in rows.columns:
        dated = values["trade_agreement"] > 0
        years.loc[dated, "trade_agreement"] = pd.to_numeric(rows.loc[dated, "agreement_year"], errors="coerce")
    years = years.where(values.notna())
    return values, years, rows


def _criteria(catalog: pd.DataFrame) -> pd.DataFrame:
    from xbmarkets.catalog import direction_sign

    criteria = pd.DataFrame(
        {
            "name": catalog["name"].astype(str),
            "short": catalog["short"].astype(str) if "short" in catalog.columns else catalog["name"].astype(str),
            "pillar": catalog["pillar"].astype(str),
            "direction": [direction_sign(d) for d in catalog["direction"]],
            "transform": catalog["transform"].astype(str),
            "unit": catalog["unit"].astype(str),
            "source": catalog["source"].astype(str),
            "weight": pd.to_numeric(catalog["weight"], errors="coerce") if "weight" in catalog.columns else 1.0,
            "winsorize": catalog["winsorize"].astype(str).str.lower().isin(["true", "1"])
            if "winsorize" in catalog.columns
            else False,
        },
        index=catalog.index.copy(),
    )
    criteria["direction"] = criteria["direction"].astype(int)
    criteria["weight"] = criteria["weight"].fillna(1.0).astype(float)
    return criteria


def _add_custom(
    values: pd.DataFrame, years: pd.DataFrame, criteria: pd.DataFrame, custom: CustomData
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Append the founder's columns as the `custom` pillar (undated; rows outside the snapshot ignored)."""
    c_values: pd.DataFrame = custom.values
    c_criteria: pd.DataFrame = custom.criteria
    clash = sorted(set(c_criteria.index) & set(criteria.index))
    if clash:
        raise ValueError(f"custom indicator ids clash with the catalog: {', '.join(clash)}")
    missing = [c for c in c_criteria.index if c not in c_values.columns]
    if missing:
        raise ValueError(f"custom criteria without values: {', '.join(map(str, missing))}")
    index = values.index
    extra = c_values.reindex(index=index, columns=c_criteria.index).astype("float64")
    extra_years = pd.DataFrame(np.nan, index=index, columns=c_criteria.index)
    given = c_criteria
    ids = pd.Series(c_criteria.index, index=c_criteria.index, dtype=object)

    def column(name: str, default: object) -> pd.Series:
        if name not in given.columns:
            return pd.Series([default] * len(given), index=given.index, dtype=object)
        return given[name].astype(object).where(given[name].notna(), default)

    names = given["name"].astype(object).where(given["name"].notna(), ids) if "name" in given.columns else ids
    add = pd.DataFrame(
        {
            "name": names,
            "short": column("short", None).where(column("short", None).notna(), names),
            "pillar": "custom",
            "direction": pd.to_numeric(column("direction", 1), errors="coerce").fillna(1).astype(int),
            "transform": column("transform", "none"),
            "unit": column("unit", ""),
            "source": column("source", "custom"),
            "weight": pd.to_numeric(column("weight", 1.0), errors="coerce").fillna(1.0).astype(float),
            "winsorize": column("winsorize", False).astype(bool),
        },
        index=given.index,
    )
    criteria = pd.concat([criteria, add[_CRITERIA_COLUMNS]])
    criteria["direction"] = criteria["direction"].astype(int)
    return pd.concat([values, extra], axis=1), pd.concat([years, extra_years], axis=1), criteria


def build_matrix(
    snapshot: Snapshot,
    custom: CustomData | None = None,
    direction_overrides: Mapping[str, int] | None = None,
    origin: str | None = None,
) -> DecisionMatrix:
    """Economies × indicators from the long snapshot, plus optional custom columns.

    Rows: every economy in economies.csv (sorted iso3), even one with no value,
    so coverage filtering stays the scorer's decision.  Columns: catalog order
    (origin-scoped indicators only when `origin`, an ISO3 code of the snapshot, is
    given), then custom criteria.  Custom rows for unknown economies are ignored
    (see `custom_rows_outside`); custom ids that clash with catalog ids raise ValueError.
    """
    catalog = snapshot.catalog
    economies = snapshot.economies.sort_index()
    index = pd.Index(economies.index, name="iso3")
    if origin is not None and origin not in index:
        raise ValueError(f"unknown origin {origin!r}: not an economy of this snapshot")
    scope = catalog["scope"] if "scope" in catalog.columns else pd.Series("economy", index=catalog.index)
    own = catalog[scope != "origin"]
    values_df, years_df = _economy_block(snapshot, own, index)
    criteria = _criteria(own)
    context = None
    if origin is not None:
        bilateral = catalog[scope == "origin"]
        b_values, b_years, context = _bilateral_block(snapshot, bilateral, origin, index)
        values_df = pd.concat([values_df, b_values], axis=1)
        years_df = pd.concat([years_df, b_years], axis=1)
        criteria = pd.concat([criteria, _criteria(bilateral)])
    if custom is not None:
        values_df, years_df, criteria = _add_custom(values_df, years_df, criteria, custom)
    econ = economies.reindex(columns=_ECONOMY_COLUMNS).fillna("")
    econ.index.name = "iso3"
    matrix = DecisionMatrix(
        values=values_df, years=years_df, criteria=criteria, economies=econ, origin=origin, context=context
    )
    if direction_overrides:
        matrix = matrix.with_directions(dict(direction_overrides))
    return matrix
