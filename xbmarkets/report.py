"""The tables and CSV headers every front end shows, built once.

The CLI and the dashboard must hand a founder the same numbers for the same
scenario, so the frames behind `rank`, `plan`, `robustness` and `tiers` (and
the `# key: value` lines that say how they were made) are built here, with
internal column names and full precision.  Front ends only translate headers
and format numbers at display time; `xbmarkets.export` rounds for people when
a table is written (source values marked "exact" are never cut to 4 decimals).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from .export import KINDS_ATTR
from .matrix import DecisionMatrix
from .validation import check_scalar
from .vocab import MAX_WAVE_SIZE, MAX_WAVES, UNCLASSIFIED

__all__ = [
    "MAX_WAVES",
    "MAX_WAVE_SIZE",
    "UNCLASSIFIED",
    "acceptability_table",
    "comparison_meta",
    "comparison_table",
    "default_custom_weight",
    "data_editions",
    "ranking_table",
    "scenario_meta",
    "snapshot_about",
    "sources_in_use",
    "tiers_table",
    "wave_sizes",
]


def default_custom_weight(weights: Mapping[str, float]) -> float:
    """Weight a founder's own data gets unless they set one: that of an average weighted pillar.

    Their own figures matter to them, but should not silently outweigh the
    official pillars either.
    """
    positive = [float(w) for k, w in weights.items() if k != "custom" and float(w) > 0]
    return sum(positive) / len(positive) if positive else 1.0


def wave_sizes(waves: int, size: int) -> tuple[int, ...]:
    """(1, size, size, …): one core market first, then waves of `size` (2-3 advised)."""
    waves = check_scalar(waves, "the number of waves", int, min_val=1, max_val=MAX_WAVES)
    size = check_scalar(size, "markets per later wave", int, min_val=1, max_val=MAX_WAVE_SIZE, note="2-3 advised")
    return (1,) + (size,) * (waves - 1)


def table_frame(table: pd.DataFrame, economies: pd.DataFrame, tiers: pd.Series | None = None) -> pd.DataFrame:
    """The columns of `ranking_table` for a bare ranking table (index iso3: rank, score, coverage, pillars…),
    e.g. one a filter cut down; `economies` (index iso3, with `name`) gives the country names."""
    tier_of = (tiers if tiers is not None else pd.Series(dtype=object)).reindex(table.index)
    frame = pd.DataFrame(
        {
            "rank": table["rank"].astype("int64").to_numpy(),
            "iso3": table.index.to_numpy(dtype=object),
            "country": economies["name"].reindex(table.index).to_numpy(dtype=object),
            "score": table["score"].astype(float).to_numpy(),
            "tier": tier_of.fillna(UNCLASSIFIED).to_numpy(dtype=object),
            "coverage": table["coverage"].astype(float).to_numpy(),
        }
    )
    rest = [c for c in table.columns if c not in ("rank", "name", "score", "coverage")]
    return pd.concat([frame, table[rest].reset_index(drop=True)], axis=1)


def ranking_table(
    result,
    dm: DecisionMatrix,
    tiers: pd.Series | None = None,
    detail: bool = False,
) -> pd.DataFrame:
    """rank, iso3, country, score, tier, coverage, <pillar>…, coverage_<pillar>… [, every value and year].

    `tiers` is iso3 -> tier name; economies without one are "unclassified".
    """
    table = result.table
    parts = [table_frame(table, dm.economies, tiers)]
    if detail:
        used = list(result.normalized.columns)  # indicators with weight > 0
        values = dm.values.loc[table.index, used].reset_index(drop=True)
        years = dm.years.loc[table.index, used].reset_index(drop=True).astype("Int64")
        pairs = {}
        for col in used:
            pairs[col] = values[col]
            pairs[f"{col}_year"] = years[col]
        parts.append(pd.DataFrame(pairs))
    out = pd.concat(parts, axis=1)
    if detail:  # source values: never cut to a share's 4 decimals, even when they lie in [0, 1]
        out.attrs[KINDS_ATTR] = dict.fromkeys(used, "exact")
    return out


def tiers_table(tier_result, dm: DecisionMatrix) -> pd.DataFrame:
    """iso3, country, then every column of the tier table (one name column, not two).

    With a seller origin, a `home` column names the origin's own row: tiers do
    not depend on where one ships from, but the home market is not a target.
    """
    table = tier_result.table
    frame = table.drop(columns=["name"], errors="ignore").reset_index(drop=True)
    frame.insert(0, "iso3", table.index.to_numpy(dtype=object))
    frame.insert(1, "country", dm.economies["name"].reindex(table.index).to_numpy(dtype=object))
    if dm.origin is not None:
        frame.insert(2, "home", table.index.to_numpy(dtype=object) == dm.origin)
    return frame


def acceptability_table(acc: pd.DataFrame, result, dm: DecisionMatrix) -> pd.DataFrame:
    """iso3, country, rank, then the acceptability columns, in ranking order."""
    frame = acc.reset_index(drop=True)
    frame.insert(0, "iso3", acc.index.to_numpy(dtype=object))
    frame.insert(1, "country", dm.economies["name"].reindex(acc.index).to_numpy(dtype=object))
    frame.insert(2, "rank", result.table["rank"].reindex(acc.index).to_numpy())
    return frame.sort_values(["rank", "iso3"], kind="mergesort").reset_index(drop=True)


def sources_in_use(result, dm: DecisionMatrix) -> list[str]:
    """Source keys behind the indicators that carry weight in this scenario."""
    used = [c for c in result.normalized.columns if c in dm.criteria.index]
    return sorted(set(dm.criteria.loc[used, "source"].astype(str)))


def scenario_meta(
    result,
    sources: pd.DataFrame,
    used_sources: Iterable[str] | None = None,
    settings: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The `# key: value` header of a CSV: how these numbers were made, same keys everywhere."""
    pillar_w = ", ".join(f"{k}={float(v):.3f}" for k, v in dict(result.pillar_weights).items() if float(v) > 0)
    meta = {
        "generated_by": "xbmarkets",
        "method": str(result.method),
        "normalization": str(result.normalization),
        "pillar_weights": pillar_w,
    }
    iw = getattr(result, "indicator_weights", None)
    if iw is not None and len(iw):
        meta["indicator_weights"] = ", ".join(f"{k}={float(v):.4f}" for k, v in dict(iw).items() if float(v) > 0)
    meta["coverage_threshold"] = f"{float(result.coverage_threshold):g}"
    meta["ranked"] = f"{len(result.table)} economies ({len(result.excluded)} left out for missing data)"
    for key, value in (settings or {}).items():
        meta[key] = str(value)
    meta["data_editions"] = data_editions(sources, used_sources)
    return meta


def data_editions(sources: pd.DataFrame, used_sources: Iterable[str] | None = None) -> str:
    """'Publisher Dataset (edition); …' for the sources in use (all of them when `used_sources` is None)."""
    src = sources if used_sources is None else sources.loc[sources.index.intersection(list(used_sources))]
    return "; ".join(f"{r.publisher} {r.dataset} ({r.edition})" for r in src.itertuples())


def snapshot_about(snapshot) -> dict[str, str]:
    """Header lines saying which year a past-year snapshot stands at and what it cannot hold.

    Empty for the current snapshot.  The income groups and regions are today's
    (the classification file has one edition), which a reader of a 2017 ranking
    must know.
    """
    if snapshot.as_of is None:
        return {}
    year = snapshot.as_of
    left = snapshot.left_out
    meta = {
        "snapshot_as_of": f"{year} (values dated after {year} unused; recency windows count back from {year})",
        "left_out": (
            f"no edition as old as {year}: " + ", ".join(f"{r.id} ({r.source_year})" for r in left.itertuples())
            if len(left)
            else "none"
        ),
    }
    groups = snapshot.about.get("income_groups", "")
    if groups:
        meta["income_groups"] = f"{groups}: today's groups and regions, not those of {year}"
    return meta


def comparison_table(comp) -> pd.DataFrame:
    """`compare.ScenarioComparison.ranks` as a table: iso3, country, rank and score in A and B, places gained in B,
    whether it is in either top, and where it is ranked (both | only_a | only_b)."""
    frame = comp.ranks.reset_index().rename(columns={"name": "country"})
    return frame[["iso3", "country", "rank_a", "rank_b", "score_a", "score_b", "rank_change", "in_top", "status"]]


def comparison_meta(comp, result_a, result_b, sources: pd.DataFrame) -> dict[str, str]:
    """The header of a scenario comparison: what A and B are, their weights and settings, what differs."""

    def weights(result) -> str:
        return ", ".join(f"{k}={float(v):.3f}" for k, v in dict(result.pillar_weights).items() if float(v) > 0)

    def settings(result) -> str:
        return (
            f"method={result.method}, normalization={result.normalization}, "
            f"coverage_threshold={float(result.coverage_threshold):g}, winsorize={bool(result.winsorize)}"
        )

    differ = [str(s) for s, d in zip(comp.settings["setting"], comp.settings["differs"], strict=True) if bool(d)]
    return {
        "generated_by": "xbmarkets",
        "command": "compare-scenarios",
        "scenario_a": comp.names[0],
        "scenario_b": comp.names[1],
        "pillar_weights_a": weights(result_a),
        "pillar_weights_b": weights(result_b),
        "changed_pillars": ", ".join(comp.changed_pillars) or "none",
        "settings_a": settings(result_a),
        "settings_b": settings(result_b),
        "settings_that_differ": ", ".join(differ) or "none",
        "ranked": f"{len(result_a.table)} economies in A, {len(result_b.table)} in B",
        "top": str(comp.top),
        "rank_change": "rank in A minus rank in B (positive: better in B)",
        "data_editions": data_editions(sources),
    }
