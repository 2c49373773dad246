"""What a page shows, as plain DataFrames: the same frame feeds the table and its CSV.

"Download CSV exports exactly the rows and columns shown" is only true by
construction if one function builds both.  The frames themselves come from
`xbmarkets.report`, the builders the CLI uses, so both front ends hand a
founder the same numbers (rounded alike by `xbmarkets.export`); these functions only pick the
columns a page shows, put country names and tier labels in the session
language and translate headers (no streamlit here, so tests can check them
and the CSV bytes directly).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from xbmarkets import report
from xbmarkets.matrix import DecisionMatrix
from xbmarkets.scoring import ScoreResult

__all__ = [
    "pillars_long",
    "ranking_frame",
    "ranking_view",
    "filter_ranking",
    "translate_columns",
    "page_meta",
    "excluded_frame",
    "map_values",
    "score_years",
    "compare_values",
    "human_number",
    "coverage_long",
    "plan_frame",
    "acceptability_view",
    "tiers_view",
    "tier_points",
    "tier_order",
    "tier_counts",
    "disagreements_view",
    "flipped_setting",
    "meta_settings",
    "country_names",
    "custom_coverage",
    "compare_pick",
    "map_options",
    "map_title",
    "map_option_label",
]

DASHBOARD = "xbmarkets dashboard"


def translate_columns(
    df: pd.DataFrame, lang: str = "en", extra: Mapping[str, str] | None = None, **fmt: object
) -> pd.DataFrame:
    """Internal column names -> the reader's headers: `col.<name>`, else `pillar.<name>`, else as is.

    `extra` wins over the table (e.g. a custom column's own header); `fmt`
    fills placeholders such as `{k}` in "Share of draws in top {k}".
    """
    from xbmarkets.ui.i18n import has, translate

    names: dict[str, str] = {}
    for c in df.columns:
        if extra and c in extra:
            names[c] = extra[c]
        elif has(f"col.{c}"):
            names[c] = translate(f"col.{c}", lang, **fmt)
        elif has(f"pillar.{c}"):
            names[c] = translate(f"pillar.{c}", lang)
    return _keep_kinds(df, df.rename(columns=names), names)


def _keep_kinds(before: pd.DataFrame, after: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Carry each column's export kind (`export.column_kinds`) over to its translated header.

    The export recognises coverage and probability columns by their internal
    names; once a header reads "数据覆盖率" it would show them as 0.9017
    instead of 90.17 %.
    """
    from xbmarkets.export import KINDS_ATTR, column_kinds

    kinds = dict(before.attrs.get(KINDS_ATTR) or {})  # what the table's builder declared wins
    for c, kind in zip(before.columns, column_kinds(before), strict=True):
        if kind == "percent":
            kinds.setdefault(c, kind)
    after.attrs[KINDS_ATTR] = {names.get(c, c): kind for c, kind in kinds.items()}
    return after


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


def ranking_view(
    frame: pd.DataFrame,
    pillars: Sequence[str],
    tier_labels: Mapping[str, str] | None = None,
    country_names: pd.Series | None = None,
) -> pd.DataFrame:
    """The Ranking table from `report.ranking_table`: rank, iso3, country, score, tier, pillars, coverage.

    Internal column names, numbers untouched (the page formats them with
    `column_config`; `xbmarkets.export` rounds the downloads for people).
    """
    cols = ["rank", "iso3", "country", "score", "tier", *[p for p in pillars if p in frame.columns], "coverage"]
    out = frame[cols].copy()
    if country_names is not None:
        out["country"] = out["iso3"].map(country_names).fillna(out["country"]).astype(str)
    out["tier"] = [(tier_labels or {}).get(x, x) if isinstance(x, str) else "" for x in out["tier"]]
    return out.reset_index(drop=True)


def ranking_frame(
    table: pd.DataFrame,
    economies: pd.DataFrame,
    tiers: pd.Series | None,
    pillars: Sequence[str],
    headers: Mapping[str, str],
    tier_labels: Mapping[str, str] | None = None,
    country_names: pd.Series | None = None,
) -> pd.DataFrame:
    """`ranking_view` of a bare ranking table (index iso3), headers renamed with `headers`.

    For callers holding a table rather than a ScoreResult (e.g. a filtered
    one); the frame is still `report.ranking_table`'s.
    """
    frame = report.ranking_table(SimpleNamespace(table=table), SimpleNamespace(economies=economies), tiers)
    return ranking_view(frame, pillars, tier_labels, country_names).rename(columns=dict(headers))


def page_meta(
    result: ScoreResult,
    dm: DecisionMatrix,
    sources: pd.DataFrame,
    settings: Mapping[str, Any] | None = None,
    filters: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, str]:
    """`report.scenario_meta` (the CLI's header) plus what only the dashboard sets (filters, page settings)."""
    meta_settings: dict[str, str] = {"generated_by": DASHBOARD}
    for key, values in (filters or {}).items():
        if values:
            meta_settings[f"filter_{key}"] = ", ".join(map(str, values))
    meta_settings.update({k: str(v) for k, v in (settings or {}).items()})
    return report.scenario_meta(result, sources, report.sources_in_use(result, dm), meta_settings)


def flipped_setting(flips: Iterable[tuple[str, int]]) -> dict[str, str]:
    """{'flipped_directions': 'online_buyers=higher_is_better, …'} when the founder reversed any.

    A CSV made with a reversed reading of an indicator must say so: the same
    weights give a different ranking.
    """
    items = [f"{ind}={'higher_is_better' if int(d) == 1 else 'lower_is_better'}" for ind, d in flips]
    return {"flipped_directions": ", ".join(items)} if items else {}


def meta_settings(flips: Iterable[tuple[str, int]], upload_name: str | None) -> dict[str, str]:
    """CSV header lines every page adds to `report.scenario_meta`: flipped directions, the founder's file.

    A ranking made with the founder's own columns is not reproducible from
    the shipped data alone, so the file's name travels with the CSV.
    """
    out = flipped_setting(flips)
    if upload_name:
        out["custom_data"] = str(upload_name)
    return out


def country_names(names: pd.Series, economies: pd.DataFrame, lang: str) -> pd.Series:
    """iso3 -> country name in `lang`: `name_zh` from economies.csv in Chinese, else the English `names`.

    Read from the snapshot's economies, not the decision matrix: the matrix
    keeps only the columns the engine needs, and names are the UI's business.
    An economy without a Chinese name (Kosovo) keeps its English one.
    """
    english = names.astype(str)
    if lang == "zh" and "name_zh" in economies.columns:
        zh = economies["name_zh"].reindex(english.index)
        return zh.where(zh.notna() & (zh.astype(str).str.strip() != ""), english).astype(str)
    return english


def custom_coverage(dm: DecisionMatrix) -> int:
    """Economies with at least one value in the founder's own columns (what an upload can rank at most)."""
    cols = dm.criteria.index[dm.criteria["pillar"] == "custom"]
    return int(dm.values[cols].notna().any(axis=1).sum()) if len(cols) else 0


def compare_pick(saved: Sequence[str], everyone: Sequence[str], ranked: Sequence[str], n: int = 3) -> list[str]:
    """The countries the Compare page starts with: the founder's earlier pick still in the data, else the top `n`.

    Economies come and go with an upload or a new snapshot; a pick naming
    one that is gone must not break the page or keep a stale entry.
    """
    known = set(everyone)
    kept = [c for c in saved if c in known]
    return kept or list(ranked[:n])


def map_options(pillars: Sequence[str], indicators: Sequence[str], has_ranking: bool) -> list[str]:
    """What the Map can show: "score", "pillar:<p>" (only with a ranking), then "ind:<id>" for every indicator."""
    scored = ["score", *[f"pillar:{p}" for p in pillars]] if has_ranking else []
    return scored + [f"ind:{i}" for i in indicators]


def map_title(option: str, criteria: pd.DataFrame, lang: str) -> str:
    """What is mapped, as a legend / CSV column title (an indicator's full name, a custom header as written)."""
    from xbmarkets.ui.i18n import label, translate

    if option == "score":
        return translate("map.score", lang)
    if option.startswith("pillar:"):
        return translate(f"pillar.{option[7:]}", lang)
    ind = option[4:]
    return label("ind", ind, lang, fallback=str(criteria.loc[ind, "name"]))


def map_option_label(option: str, criteria: pd.DataFrame, lang: str) -> str:
    """The option as the picker lists it (plain text, not markdown)."""
    from xbmarkets.ui.i18n import translate

    if option == "score":
        return translate("map.score", lang)
    if option.startswith("pillar:"):
        return translate("map.pillar", lang, pillar=translate(f"pillar.{option[7:]}", lang))
    return translate("map.indicator", lang, name=map_title(option, criteria, lang))


def excluded_frame(result: ScoreResult, names: pd.Series, reasons: pd.Series) -> pd.DataFrame:
    """iso3, country, coverage, reason of the economies left out (`reasons` worded in the session language)."""
    ex = result.excluded.reset_index(drop=True)
    return pd.DataFrame(
        {
            "iso3": ex["iso3"].astype(str),
            "country": ex["iso3"].map(names).fillna(ex["name"]).astype(str),
            "coverage": ex["coverage"].astype(float),
            "reason": np.asarray(reasons, dtype=object),
        }
    )


def score_years(dm: DecisionMatrix, indicators: Sequence[str], source_years: Mapping[str, float]) -> pd.Series:
    """iso3 -> 'oldest–newest' data year behind a composite score, projections left out ('' if none).

    A value dated after its source's publication year is a projection (the
    IMF WEO's growth to 2030): it is not a data year, so it does not set the range.
    """
    ids = [i for i in indicators if i in dm.years.columns]
    years = dm.years[ids]
    published = pd.Series([source_years.get(str(dm.criteria.loc[i, "source"]), np.nan) for i in ids], index=ids)
    observed = years.where(~(years.gt(published, axis=1)))
    lo, hi = observed.min(axis=1), observed.max(axis=1)
    text = [
        "" if pd.isna(a) else (f"{int(a)}" if a == b else f"{int(a)}–{int(b)}") for a, b in zip(lo, hi, strict=True)
    ]
    return pd.Series(text, index=dm.years.index, dtype=object)


def map_values(
    dm: DecisionMatrix,
    what: str,
    result: ScoreResult | None,
    country_names: pd.Series | None = None,
    source_years: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Columns iso3, id (world-atlas id), country, value, year for `what`.

    `what` is "score", "pillar:<name>" or "ind:<indicator id>". An indicator
    has one year per value; a score has none, so its year is the range of
    data years behind it without projections (`score_years`; empty when
    `source_years` is not given) -- never the 2030 projection horizon.
    """
    from xbmarkets.charts import iso_numeric_id

    eco = dm.economies
    names = country_names if country_names is not None else eco["name"]
    if what.startswith("ind:"):
        ind = what[4:]
        if ind not in dm.values.columns:
            raise ValueError(f"unknown indicator {ind!r}")
        value = dm.values[ind]
        year = dm.years[ind].reindex(eco.index).astype("Int64")
    else:
        if result is None:
            raise ValueError("no ranking to map")
        col = "score" if what == "score" else what.split(":", 1)[1]
        if col not in result.table.columns:
            raise ValueError(f"nothing to map for {what!r}")
        value = result.table[col].reindex(eco.index)
        used = [i for i in result.normalized.columns if col == "score" or dm.criteria.loc[i, "pillar"] == col]
        if source_years is None:
            year = pd.Series("", index=eco.index, dtype=object)
        else:
            year = score_years(dm, used, source_years).reindex(eco.index)
    out = pd.DataFrame(
        {
            "iso3": eco.index.astype(str),
            "id": iso_numeric_id(eco["iso_numeric"]).to_numpy(),
            "country": names.reindex(eco.index).astype(str).to_numpy(),
            "value": value.reindex(eco.index).astype(float).to_numpy(),
            "year": year.reindex(eco.index).to_numpy(),
        }
    )
    return out[out["value"].notna()].reset_index(drop=True)


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
    quality: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per indicator: pillar, indicator, then '<value> (<year>)' per country, source, and how far
    the figure can be trusted (`quality`: indicator id -> label, e.g. 'proxy', 'direct measure, Europe only').

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
        if quality is not None:
            row["quality"] = quality.get(ind, "")
        rows.append(row)
    return pd.DataFrame(rows).rename(columns=dict(headers))


def coverage_long(dm: DecisionMatrix, pillars: Sequence[str], country_names: pd.Series | None = None) -> pd.DataFrame:
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
    lang: str = "en",
    tier_labels: Mapping[str, str] | None = None,
    country_names: pd.Series | None = None,
) -> pd.DataFrame:
    """The plan's PLAN_COLUMNS in the session language (names, tiers, headers), like every other CSV."""
    from xbmarkets.plan import PLAN_COLUMNS

    out = plan[list(PLAN_COLUMNS)].copy()
    if country_names is not None:
        out["country"] = out["iso3"].map(country_names).fillna(out["country"])
    out["tier"] = out["tier"].map(lambda x: (tier_labels or {}).get(x, x))
    return translate_columns(out, lang)


def acceptability_view(acc: pd.DataFrame, result: ScoreResult, dm: DecisionMatrix, names: pd.Series) -> pd.DataFrame:
    """`report.acceptability_table` with country names in the session language (best current rank first)."""
    out = report.acceptability_table(acc, result, dm)
    out["country"] = out["iso3"].map(names).fillna(out["country"]).astype(str)
    return out


def tiers_view(tier_result: Any, dm: DecisionMatrix, names: pd.Series, reasons: pd.Series) -> pd.DataFrame:
    """`report.tiers_table` with country names and reasons in the session language."""
    out = report.tiers_table(tier_result, dm)
    out["country"] = out["iso3"].map(names).fillna(out["country"]).astype(str)
    out["reason"] = reasons.reindex(out["iso3"]).to_numpy()
    return out


def tier_points(table: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """The tier scatter's points: economies with both composites, named (one without either cannot be placed)."""
    pts = table.dropna(subset=["maturity", "momentum"]).copy()
    pts["country"] = names.reindex(pts.index).to_numpy()
    return pts[["country", "maturity", "momentum", "tier", "reason"]]


def tier_order(present: Iterable[str]) -> list[str]:
    """Legend order: the three named tiers as the engine orders them, then anything else alphabetically."""
    from xbmarkets.scenario import TIERS

    return [*TIERS, *sorted(set(present) - set(TIERS))]


def tier_counts(table: pd.DataFrame, tier_labels: Mapping[str, str]) -> pd.DataFrame:
    """How many economies each tier holds, most first (columns tier, n)."""
    counts = table["tier"].value_counts()
    return pd.DataFrame({"tier": [tier_labels.get(x, x) for x in counts.index], "n": counts.to_numpy()})


def disagreements_view(dis: pd.DataFrame, names: pd.Series, tier_labels: Mapping[str, str]) -> pd.DataFrame:
    """`tiers.region_disagreements` as shown: country name first, both tiers in words, the English name dropped."""
    out = dis.drop(columns=[c for c in ("name",) if c in dis.columns]).copy()
    out.insert(0, "country", names.reindex(out.index).to_numpy())
    for col in ("tier", "region_rule"):
        out[col] = out[col].map(lambda x: tier_labels.get(x, x))
    return out


def pillars_long(
    table: pd.DataFrame,
    iso3s: Sequence[str],
    pillars: Sequence[str],
    names: Mapping[str, str],
    pillar_labels: Mapping[str, str],
) -> pd.DataFrame:
    """Long frame country / pillar / score for the grouped pillar bars of the chosen economies."""
    wide = table.loc[list(iso3s), list(pillars)].copy()
    wide.index = [names.get(c, c) for c in iso3s]
    wide = wide.rename(columns=dict(pillar_labels))
    return wide.rename_axis("country").reset_index().melt("country", var_name="pillar", value_name="score")
