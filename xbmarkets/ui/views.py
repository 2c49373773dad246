"""What a page shows, as plain DataFrames: the same frame feeds the table and its CSV.

"Download CSV exports exactly the rows and columns shown" is only true by
construction if one function builds both; these functions take engine results
and return display frames (no streamlit here, so tests can check them and the
CSV bytes directly).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "ranking_frame",
    "filter_ranking",
    "export_meta",
    "data_editions",
    "map_values",
    "compare_values",
    "human_number",
    "coverage_long",
    "plan_frame",
    "acceptability_frame",
]


def filter_ranking(
    table: pd.DataFrame,
    economies: pd.DataFrame,
    tiers: pd.Series | None,
    regions: Sequence[str] = (),
    incomes: Sequence[str] = (),
    tier_names: Sequence[str] = (),
) -> pd.DataFrame:
    """Rows of a ranking table (index iso3) kept by the region / income / tier filters.

    An empty filter keeps everything; ranks stay the global ranks, so a
    filtered view never suggests a market is better than it is.
    """
    keep = pd.Series(True, index=table.index)
    eco = economies.reindex(table.index)
    if regions:
        keep &= eco["region"].isin(list(regions)).to_numpy()
    if incomes:
        keep &= eco["income_group"].isin(list(incomes)).to_numpy()
    if tier_names:
        tier_of = tiers.reindex(table.index) if tiers is not None else pd.Series(np.nan, index=table.index)
        keep &= tier_of.isin(list(tier_names)).to_numpy()
    return table.loc[keep.to_numpy()]


def ranking_frame(
    table: pd.DataFrame,
    economies: pd.DataFrame,
    tiers: pd.Series | None,
    pillars: Sequence[str],
    headers: Mapping[str, str],
    tier_labels: Mapping[str, str] | None = None,
    country_names: pd.Series | None = None,
) -> pd.DataFrame:
    """Ranking rows as shown: rank, iso3, country, score, tier, one column per pillar, coverage.

    `headers` maps the internal names (rank, iso3, country, score, tier,
    coverage and each pillar) to the translated column titles.
    """
    names = (country_names if country_names is not None else economies["name"]).reindex(table.index)
    tier_of = tiers.reindex(table.index) if tiers is not None else pd.Series(np.nan, index=table.index)
    out = pd.DataFrame(
        {
            "rank": table["rank"].astype("int64").to_numpy(),
            "iso3": table.index.astype(str),
            "country": names.fillna(pd.Series(table.index, index=table.index)).astype(str).to_numpy(),
            "score": table["score"].astype(float).round(4).to_numpy(),
            "tier": [(tier_labels or {}).get(x, x) if isinstance(x, str) else "" for x in tier_of],
        }
    )
    for p in pillars:
        if p in table.columns:
            out[p] = table[p].astype(float).round(4).to_numpy()
    out["coverage"] = table["coverage"].astype(float).round(4).to_numpy()
    return out.rename(columns=dict(headers))


def data_editions(sources: pd.DataFrame, used: Iterable[str] | None = None) -> str:
    """'Publisher Dataset (edition); …' for the sources in use (all when `used` is None)."""
    src = sources if used is None else sources.loc[sources.index.intersection(list(used))]
    return "; ".join(f"{r.publisher} {r.dataset} ({r.edition})" for r in src.itertuples())


def export_meta(
    result: Any,
    sources: pd.DataFrame,
    used_sources: Iterable[str] | None = None,
    filters: Mapping[str, Sequence[str]] | None = None,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The `# key: value` header of every dashboard CSV: how these numbers were made."""
    weights = ", ".join(f"{k}={float(v):.3f}" for k, v in dict(result.pillar_weights).items() if float(v) > 0)
    meta = {
        "generated_by": "xbmarkets dashboard",
        "method": str(getattr(result, "method", "")),
        "pillar_weights": weights,
        "coverage_threshold": f"{float(getattr(result, 'coverage_threshold', float('nan'))):g}",
    }
    iw = getattr(result, "indicator_weights", None)
    if iw is not None and len(iw):
        meta["indicator_weights"] = ", ".join(f"{k}={float(v):.4f}" for k, v in dict(iw).items() if float(v) > 0)
    for key, values in (filters or {}).items():
        if values:
            meta[f"filter_{key}"] = ", ".join(map(str, values))
    meta["data_editions"] = data_editions(sources, used_sources)
    meta.update(extra or {})
    return meta


def map_values(dm: Any, what: str, result: Any | None, country_names: pd.Series | None = None) -> pd.DataFrame:
    """Columns iso3, id (world-atlas id), country, value, year for `what`.

    `what` is "score", "pillar:<name>" or "ind:<indicator id>". Scores carry no
    single year, so their year column is the newest year behind that economy's data.
    """
    from xbmarkets.charts import iso_numeric_id

    eco = dm.economies
    names = country_names if country_names is not None else eco["name"]
    if what.startswith("ind:"):
        ind = what[4:]
        if ind not in dm.values.columns:
            raise ValueError(f"unknown indicator {ind!r}")
        value = dm.values[ind]
        year = dm.years[ind]
    else:
        if result is None:
            raise ValueError("no ranking to map")
        col = "score" if what == "score" else what.split(":", 1)[1]
        if col not in result.table.columns:
            raise ValueError(f"nothing to map for {what!r}")
        value = result.table[col].reindex(eco.index)
        year = dm.years.max(axis=1).reindex(eco.index)
    out = pd.DataFrame(
        {
            "iso3": eco.index.astype(str),
            "id": iso_numeric_id(eco["iso_numeric"]).to_numpy(),
            "country": names.reindex(eco.index).astype(str).to_numpy(),
            "value": value.reindex(eco.index).astype(float).to_numpy(),
            "year": year.reindex(eco.index).to_numpy(),
        }
    )
    out = out[out["value"].notna()].reset_index(drop=True)
    out["year"] = out["year"].astype("Int64")
    return out


def human_number(value: float) -> str:
    """A value as a founder reads it: 83.5 M, 4.0 tn, 1.39, 0.0421 — never 8.349e+07."""
    if value is None or pd.isna(value):
        return "—"
    v = float(value)
    for bound, suffix in ((1e12, " tn"), (1e9, " bn"), (1e6, " M")):
        if abs(v) >= bound:
            return f"{v / bound:.3g}{suffix}"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.3g}"


def compare_values(
    dm: Any,
    iso3: Sequence[str],
    indicator_names: Mapping[str, str],
    pillar_names: Mapping[str, str],
    country_names: Mapping[str, str] | pd.Series,
    headers: Mapping[str, str],
    source_names: Mapping[str, str] | None = None,
    number: Callable[[float], str] = human_number,
) -> pd.DataFrame:
    """One row per indicator: pillar, indicator, then '<value> (<year>)' per country, and source.

    `number` writes a value as the reader counts (human_number in English, 万/亿 in Chinese).
    """
    rows = []
    for ind in dm.criteria.index:
        row = {
            "pillar": pillar_names.get(str(dm.criteria.loc[ind, "pillar"]), dm.criteria.loc[ind, "pillar"]),
            "indicator": indicator_names.get(ind, ind),
        }
        for code in iso3:
            v = dm.values.at[code, ind]
            y = dm.years.at[code, ind]
            row[country_names[code]] = number(v) + (f" ({int(y)})" if pd.notna(y) else "") if pd.notna(v) else "—"
        src = str(dm.criteria.loc[ind, "source"])
        row["source"] = (source_names or {}).get(src, src)
        rows.append(row)
    return pd.DataFrame(rows).rename(columns=dict(headers))


def coverage_long(result: Any, dm: Any, pillars: Sequence[str], country_names: pd.Series | None = None) -> pd.DataFrame:
    """Economy × pillar share of that pillar's indicators present (long: iso3, country, pillar, coverage)."""
    present = dm.values.notna()
    names = country_names if country_names is not None else dm.economies["name"]
    frames = []
    for p in pillars:
        cols = dm.criteria.index[dm.criteria["pillar"] == p]
        if len(cols) == 0:
            continue
        share = present[cols].mean(axis=1)
        frames.append(
            pd.DataFrame(
                {
                    "iso3": share.index,
                    "country": names.reindex(share.index).to_numpy(),
                    "pillar": p,
                    "coverage": share.to_numpy(),
                }
            )
        )
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["iso3", "country", "pillar", "coverage"])
    )


def plan_frame(
    plan: pd.DataFrame,
    headers: Mapping[str, str],
    tier_labels: Mapping[str, str] | None = None,
    country_names: pd.Series | None = None,
) -> pd.DataFrame:
    out = plan.copy()
    if country_names is not None:
        out["country"] = out["iso3"].map(country_names).fillna(out["country"])
    out["tier"] = out["tier"].map(lambda x: (tier_labels or {}).get(x, x))
    return out.rename(columns=dict(headers))


def acceptability_frame(acc: pd.DataFrame, table: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """Robustness rows with country and the current rank, best current rank first."""
    out = acc.copy().rename_axis(None)
    out.insert(0, "country", names.reindex(out.index).astype(str).to_numpy())
    out.insert(0, "iso3", out.index.astype(str))
    out.insert(2, "rank", table["rank"].reindex(out.index).to_numpy())
    return out.sort_values(["rank", "iso3"]).reset_index(drop=True)
