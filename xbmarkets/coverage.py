"""How complete the snapshot is, per indicator and per economy.

Founders must see which figures are thin before trusting a ranking; these
tables back `python -m xbmarkets indicators|coverage` and the build report.
"""

from __future__ import annotations

import pandas as pd

from xbmarkets.catalog import PILLARS

__all__ = ["indicator_summary", "economy_coverage"]


def indicator_summary(snapshot: "Snapshot") -> pd.DataFrame:  # noqa: F821
    """Catalog (index id, catalog order) plus `n_economies` with a value and `latest_year`."""
    values = snapshot.values
    grouped = values.groupby("indicator", sort=False)
    counts = grouped["iso3"].nunique()
    latest = grouped["year"].max()
    out = snapshot.catalog.copy()
    out["n_economies"] = counts.reindex(out.index).fillna(0).astype("int64")
    out["latest_year"] = latest.reindex(out.index).astype("Int64")
    return out


def economy_coverage(snapshot: "Snapshot") -> pd.DataFrame:  # noqa: F821
    """Per economy (index iso3, sorted): name, n_indicators, share, n_<pillar> for each pillar.

    Economies without any value are kept with zeros, so gaps are visible.
    """
    catalog = snapshot.catalog
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
