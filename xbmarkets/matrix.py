"""The decision matrix: economies × indicators, with the metadata every method needs.

Kept as one immutable object (after scikit-criteria's DecisionMatrix) so that
the methods that act on it never have to re-join values, years, directions and
pillars themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from xbmarkets.snapshot import Snapshot

__all__ = ["DecisionMatrix", "build_matrix", "custom_rows_outside"]


@dataclass(frozen=True)
class DecisionMatrix:
    """Values, their years, and what each criterion and economy is."""

    values: pd.DataFrame
    """index "iso3", columns = indicator ids, float64; NaN = missing."""
    years: pd.DataFrame
    """same shape as `values`; year of each value (NaN where the value is missing)."""
    criteria: pd.DataFrame
    """index = indicator id; columns name, pillar, direction (+1/-1), transform, unit, source."""
    economies: pd.DataFrame
    """index = iso3; columns name, region, income_group, iso2, iso_numeric."""

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

    @property
    def directions(self) -> pd.Series:
        """+1 for benefit criteria, -1 for cost criteria."""
        return self.criteria["direction"].astype(int)

    @property
    def pillars(self) -> pd.Series:
        """indicator id -> pillar name."""
        return self.criteria["pillar"].astype(str)

    def subset(self, iso3: list[str] | pd.Index) -> "DecisionMatrix":
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
        )

    def with_directions(self, overrides: dict[str, int]) -> "DecisionMatrix":
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
        return DecisionMatrix(self.values, self.years, criteria, self.economies)


_CRITERIA_COLUMNS = ["name", "pillar", "direction", "transform", "unit", "source"]
_ECONOMY_COLUMNS = ["name", "region", "income_group", "iso2", "iso_numeric", "subregion"]


def custom_rows_outside(snapshot: "Snapshot", custom: object) -> list[str]:
    """iso3 codes in a founder's custom data that are not snapshot economies.

    `build_matrix` ignores those rows (it never invents economy metadata); the
    UI shows this list as a warning.
    """
    index = getattr(custom, "values").index
    return sorted(str(c) for c in index.difference(snapshot.economies.index))


def build_matrix(
    snapshot: "Snapshot",
    custom: object | None = None,
    direction_overrides: Mapping[str, int] | None = None,
) -> DecisionMatrix:
    """Economies × indicators from the long snapshot, plus optional custom columns.

    Rows: every economy in economies.csv (sorted iso3), even one with no value,
    so coverage filtering stays the scorer's decision.  Columns: catalog order,
    then custom criteria.  Custom rows for unknown economies are ignored (see
    `custom_rows_outside`); custom ids that clash with catalog ids raise ValueError.
    """
    from xbmarkets.catalog import direction_sign

    catalog = snapshot.catalog
    economies = snapshot.economies.sort_index()
    long = snapshot.values
    long = long[long["indicator"].isin(catalog.index) & long["iso3"].isin(economies.index)]
    rows = economies.index.get_indexer(long["iso3"])
    cols = catalog.index.get_indexer(long["indicator"])
    shape = (len(economies), len(catalog))
    values = np.full(shape, np.nan)
    years = np.full(shape, np.nan)
    values[rows, cols] = long["value"].to_numpy(dtype="float64")
    years[rows, cols] = long["year"].to_numpy(dtype="float64")
    index = pd.Index(economies.index, name="iso3")
    values_df = pd.DataFrame(values, index=index, columns=catalog.index.copy())
    years_df = pd.DataFrame(years, index=index, columns=catalog.index.copy())
    criteria = pd.DataFrame(
        {
            "name": catalog["name"].astype(str),
            "pillar": catalog["pillar"].astype(str),
            "direction": [direction_sign(d) for d in catalog["direction"]],
            "transform": catalog["transform"].astype(str),
            "unit": catalog["unit"].astype(str),
            "source": catalog["source"].astype(str),
        },
        index=catalog.index.copy(),
    )
    criteria["direction"] = criteria["direction"].astype(int)

    if custom is not None:
        c_values: pd.DataFrame = getattr(custom, "values")
        c_criteria: pd.DataFrame = getattr(custom, "criteria")
        clash = sorted(set(c_criteria.index) & set(criteria.index))
        if clash:
            raise ValueError(f"custom indicator ids clash with the catalog: {', '.join(clash)}")
        missing = [c for c in c_criteria.index if c not in c_values.columns]
        if missing:
            raise ValueError(f"custom criteria without values: {', '.join(map(str, missing))}")
        extra = c_values.reindex(index=index, columns=c_criteria.index).astype("float64")
        extra_years = pd.DataFrame(np.nan, index=index, columns=c_criteria.index)  # undated
        values_df = pd.concat([values_df, extra], axis=1)
        years_df = pd.concat([years_df, extra_years], axis=1)
        add = c_criteria.reindex(columns=_CRITERIA_COLUMNS)
        add["pillar"] = "custom"
        add["name"] = add["name"].fillna(pd.Series(add.index, index=add.index))
        add["direction"] = add["direction"].fillna(1).astype(int)
        add["transform"] = add["transform"].fillna("none")
        add["unit"] = add["unit"].fillna("")
        add["source"] = add["source"].fillna("custom")
        criteria = pd.concat([criteria, add[_CRITERIA_COLUMNS]])
        criteria["direction"] = criteria["direction"].astype(int)

    econ = economies.reindex(columns=_ECONOMY_COLUMNS).fillna("")
    econ.index.name = "iso3"
    matrix = DecisionMatrix(values=values_df, years=years_df, criteria=criteria, economies=econ)
    if direction_overrides:
        matrix = matrix.with_directions(dict(direction_overrides))
    return matrix
