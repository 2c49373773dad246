"""From a long history to the one value per economy a snapshot keeps.

A snapshot stores one value per economy and indicator, but several indicators
are not "the newest figure": momentum is a change or an average over years.
These pure functions say exactly how each is computed from a long history
(`iso3, year, value, source`), and take the same two limits everywhere:

* ``start``: the oldest year the *result* may be dated (the recency window);
* ``cap``: the newest year that may be used at all (an as-of-YEAR snapshot sees
  nothing after YEAR; ``None`` = no cap).

`xbmarkets.build` and `xbmarkets.refresh` both call them, so a rebuilt and a
refreshed snapshot compute the same figure the same way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["LONG_COLUMNS", "capped", "latest", "mean_of_last", "change_over", "wave_change", "prefer_sources"]

LONG_COLUMNS: tuple[str, ...] = ("iso3", "year", "value", "source")


def capped(long: pd.DataFrame, cap: int | None) -> pd.DataFrame:
    """Rows observable by the end of `cap` (all rows when `cap` is None), missing values dropped."""
    rows = long[long["value"].notna()]
    return rows if cap is None else rows[rows["year"] <= cap]


def _newest_first(long: pd.DataFrame) -> pd.DataFrame:
    """One row per (iso3, year): ties broken by source then value, so the result is deterministic."""
    rows = long.sort_values(["iso3", "year", "source", "value"], kind="mergesort")
    return rows.drop_duplicates(["iso3", "year"], keep="last")


def latest(long: pd.DataFrame, start: int, cap: int | None = None) -> pd.DataFrame:
    """The newest value per economy dated `start`..`cap`."""
    rows = capped(long, cap)
    rows = rows[rows["year"] >= start].sort_values(["iso3", "year", "source", "value"], kind="mergesort")
    return rows.drop_duplicates("iso3", keep="last").reset_index(drop=True)[list(LONG_COLUMNS)]


def _anchor(long: pd.DataFrame, start: int, cap: int | None) -> tuple[pd.DataFrame, pd.Series]:
    """One row per (iso3, year) and each economy's newest year, if that year is in the window."""
    rows = _newest_first(capped(long, cap))
    newest = rows.groupby("iso3")["year"].max()
    return rows, newest[newest >= start]


def mean_of_last(long: pd.DataFrame, years: int, start: int, cap: int | None = None) -> pd.DataFrame:
    """Mean over the `years` years ending at each economy's newest year; every one of them required.

    Dated by that newest year.  A gap anywhere in the span makes the value
    missing rather than an average of fewer years, which would mix periods.
    """
    rows, newest = _anchor(long, start, cap)
    rows = rows[rows["iso3"].isin(newest.index)]
    end = rows["iso3"].map(newest)
    span = rows[(rows["year"] > end - years) & (rows["year"] <= end)]
    grouped = span.groupby("iso3")
    count, mean = grouped["value"].count(), grouped["value"].mean()
    source = grouped["source"].last()
    keep = count[count == years].index
    out = pd.DataFrame({"iso3": keep, "year": newest.reindex(keep).to_numpy(), "value": mean.reindex(keep).to_numpy()})
    out["source"] = source.reindex(keep).to_numpy()
    return out.astype({"year": "int64", "value": "float64"})[list(LONG_COLUMNS)]


def change_over(long: pd.DataFrame, years: int, start: int, cap: int | None = None) -> pd.DataFrame:
    """Newest value minus the value exactly `years` years earlier (both required), dated by the newest."""
    rows, newest = _anchor(long, start, cap)
    by_key = rows.set_index(["iso3", "year"])["value"]
    source = rows.set_index(["iso3", "year"])["source"]
    end_keys = list(zip(newest.index, newest.to_numpy(), strict=True))
    base_keys = [(iso, int(y) - years) for iso, y in end_keys]
    end_v = by_key.reindex(end_keys).to_numpy()
    base_v = by_key.reindex(base_keys).to_numpy()
    ok = ~np.isnan(end_v) & ~np.isnan(base_v)
    out = pd.DataFrame(
        {
            "iso3": newest.index[ok],
            "year": newest.to_numpy()[ok],
            "value": (end_v - base_v)[ok],
            "source": source.reindex(end_keys).to_numpy()[ok],
        }
    )
    return out.astype({"year": "int64", "value": "float64"})[list(LONG_COLUMNS)]


def wave_change(long: pd.DataFrame, start: int, cap: int | None = None) -> pd.DataFrame:
    """Change per year between each economy's two newest survey waves, dated by the newer wave.

    Survey waves are years apart and not the same for everyone (a 2021 wave
    fielded in 2022 somewhere, a 2024 wave asked of some economies only), so
    the change is divided by the years between the two waves.
    """
    rows, newest = _anchor(long, start, cap)
    rows = rows[rows["iso3"].isin(newest.index)].sort_values(["iso3", "year"], kind="mergesort")
    last_two = rows.groupby("iso3").tail(2)
    counts = last_two.groupby("iso3")["year"].count()
    pairs = last_two[last_two["iso3"].isin(counts[counts == 2].index)]
    first = pairs.groupby("iso3").first()
    second = pairs.groupby("iso3").last()
    out = pd.DataFrame(
        {
            "iso3": second.index,
            "year": second["year"].to_numpy(),
            "value": ((second["value"] - first["value"]) / (second["year"] - first["year"])).to_numpy(),
            "source": second["source"].to_numpy(),
        }
    )
    return out.astype({"year": "int64", "value": "float64"})[list(LONG_COLUMNS)]


def prefer_sources(long: pd.DataFrame, order: tuple[str, ...]) -> pd.DataFrame:
    """One row per (iso3, year) where several sources report the same year: the first source in `order` wins."""
    rank = long["source"].map({s: i for i, s in enumerate(order)}).fillna(len(order))
    rows = long.assign(_rank=rank).sort_values(["iso3", "year", "_rank"], kind="mergesort")
    return rows.drop_duplicates(["iso3", "year"], keep="first").drop(columns="_rank").reset_index(drop=True)
