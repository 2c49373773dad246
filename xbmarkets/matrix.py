"""The decision matrix: economies × indicators, with the metadata every method needs.

Kept as one immutable object (after scikit-criteria's DecisionMatrix) so that
the methods that act on it never have to re-join values, years, directions and
pillars themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["DecisionMatrix"]


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
