"""How complete the snapshot is, per indicator and per economy.

Founders must see which figures are thin before trusting a ranking; these
tables back `python -m xbmarkets indicators|coverage` and the build report.
Bilateral (origin-scoped) indicators have a value per pair of economies, not
per economy: an economy counts as covered when it has a value as a destination
from at least one origin, and per-economy coverage shares leave them out (they
depend on the origin the founder picks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from xbmarkets.catalog import PILLARS

if TYPE_CHECKING:
    from xbmarkets.snapshot import Snapshot

__all__ = ["indicator_summary", "economy_coverage", "origin_scoped"]


def origin_scoped(catalog: pd.DataFrame) -> pd.Index:
    """Ids of the catalog's bilateral indicators (scope 'origin')."""
    if "scope" not in catalog.columns:
        return pd.Index([])
    return catalog.index[catalog["scope"] == "origin"]


def _bilateral_counts(snapshot: Snapshot, ids: pd.Index) -> tuple[pd.Series, pd.Series]:
    """Per bilateral indicator: economies with a value as a destination, and the source's edition year."""
    table = snapshot.bilateral
    counts = pd.Series(0, index=ids, dtype="int64")
    years = pd.Series(pd.NA, index=ids, dtype="Int64")
    for ind in ids:
        if ind in table.columns:
            counts[ind] = int(table.loc[table[ind].notna(), "destination"].nunique())
        src = str(snapshot.catalog.at[ind, "source"])
        if counts[ind] and src in snapshot.sources.index:
            years[ind] = int(snapshot.sources["year"][src])
    return counts, years


def indicator_summary(snapshot: Snapshot) -> pd.DataFrame:
    """Catalog (index id, catalog order) plus `n_economies` with a value and `latest_year`."""
    values = snapshot.values
    grouped = values.groupby("indicator", sort=False)
    counts = grouped["iso3"].nunique()
    latest = grouped["year"].max()
    out = snapshot.catalog.copy()
    out["n_economies"] = counts.reindex(out.index).fillna(0).astype("int64")
    out["latest_year"] = latest.reindex(out.index).astype("Int64")
    bilateral = origin_scoped(out)
    if len(bilateral):
        b_counts, b_years = _bilateral_counts(snapshot, bilateral)
        out.loc[bilateral, "n_economies"] = b_counts
        out.loc[bilateral, "latest_year"] = b_years
    return out


def economy_coverage(snapshot: Snapshot) -> pd.DataFrame:
    """Per economy (index iso3, sorted): name, n_indicators, share, n_<pillar> for each pillar.

    Economies without any value are kept with zeros, so gaps are visible.
    Bilateral indicators are not counted (see the module docstring).
    """
    catalog = snapshot.catalog.drop(index=origin_scoped(snapshot.catalog))
    values = snapshot.values
    values = values[values["indicator"].isin(catalog.index)]
    present = pd.crosstab(values["iso3"], values["indicator"]).clip(upper=1)
    present = present.reindex(index=snapshot.economies.index, columns=catalog.index, fill_value=0)
    out = pd.DataFrame(index=snapshot.economies.index.copy())
    out["name"] = snapshot.economies["name"]
    out["n_indicators"] = present.sum(axis=1).astype("int64")
    out["share"] = out["n_indicators"] / max(len(catalog), 1)
    pillar_of = catalog["pillar"]
    for pillar in PILLARS:
        cols = pillar_of.index[pillar_of == pillar]
        out[f"n_{pillar}"] = present[cols].sum(axis=1).astype("int64")
    out.index.name = "iso3"
    return out.sort_index()
