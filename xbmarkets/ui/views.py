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
    frame = report.table_frame(table, economies, tiers)
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
    year: pd.Series  # an indicator's own years, or the range of years behind a composite score (text)
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


# --------------------------------------------------------------------------- decisions (issue 10)
# Frames for stability intervals, "what would it take", plan robustness and the scenario comparison.
# Internal column names (translated by `translate_columns`), country names in the session language.

MAX_POINTS_OVERSHOOT = (0.0, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5)
"""How far past the engine's answer (as a share of the move) whole-point candidates may go: the engine's
weights sit 10⁻⁶ inside the top k, so rounding to slider points lands outside about half the time."""


def _names_of(codes: Iterable[object], names: Mapping[str, str] | pd.Series) -> list[str]:
    get = names.get
    return [str(get(str(c), c)) if str(c) else "" for c in codes]


def stability_frame(
    table: pd.DataFrame, names: Mapping[str, str] | pd.Series, sentences: Sequence[str], lang: str
) -> pd.DataFrame:
    """The stability table as shown and downloaded: pillar, k, shares now / low / high, who enters and leaves
    just outside each end (country names in `lang`), and the sentence in `lang`."""
    from xbmarkets.ui.labels import pillar_label

    out = pd.DataFrame(
        {
            "pillar": [pillar_label(str(p), lang) for p in table["pillar"]],
            "k": table["k"].astype(int).to_numpy(),
            "weight_now": table["weight_now"].astype(float).to_numpy(),
            "low": table["low"].astype(float).to_numpy(),
            "high": table["high"].astype(float).to_numpy(),
        }
    )
    for end in ("low_in", "low_out", "high_in", "high_out"):
        out[end] = _names_of(table[end], names)
    out["sentence"] = list(sentences)
    return out


def stability_bars(table: pd.DataFrame, sentences: Sequence[str], lang: str) -> pd.DataFrame:
    """The stability chart's rows: pillar label, low, high, now (shares) and the sentence for the tooltip."""
    from xbmarkets.ui.labels import pillar_label

    return pd.DataFrame(
        {
            "pillar": [pillar_label(str(p), lang) for p in table["pillar"]],
            "low": table["low"].astype(float).to_numpy(),
            "high": table["high"].astype(float).to_numpy(),
            "now": table["weight_now"].astype(float).to_numpy(),
            "sentence": list(sentences),
        }
    )


def whatif_weights_frame(wi: Any, lang: str, points: Mapping[str, int] | None = None) -> pd.DataFrame:
    """The what-if's pillar shares now and needed (and the slider points that would be applied)."""
    from xbmarkets.ui.labels import pillar_label

    w = wi.weights
    out = pd.DataFrame(
        {
            "pillar": [pillar_label(str(p), lang) for p in w["pillar"]],
            "weight_now": w["weight_now"].astype(float).to_numpy(),
            "weight_needed": w["weight_needed"].astype(float).to_numpy(),
            "change": w["change"].astype(float).to_numpy(),
        }
    )
    if points is not None:
        out["points"] = [int(points.get(str(p), 0)) for p in w["pillar"]]
    return out


def whatif_indicators_frame(wi: Any, lang: str) -> pd.DataFrame:
    """The single-indicator changes that would do it (status possible), smallest first, named in `lang`.

    Values are the source's own units, so the export must never round them as shares.
    """
    from xbmarkets.export import KINDS_ATTR
    from xbmarkets.ui.i18n import label
    from xbmarkets.ui.labels import pillar_label

    ind = wi.indicators
    ind = ind[ind["status"] == "possible"] if len(ind) else ind
    out = pd.DataFrame(
        {
            "indicator": [
                label("ind", str(i), lang, fallback=str(n)) for i, n in zip(ind["indicator"], ind["name"], strict=True)
            ],
            "pillar": [pillar_label(str(p), lang) for p in ind["pillar"]],
            "value_now": ind["value_now"].astype(float).to_numpy(),
            "value_needed": ind["value_needed"].astype(float).to_numpy(),
            "best_in_field": ind["best_in_field"].astype(float).to_numpy(),
            "rank_after": pd.array(ind["rank_after"], dtype="Int64"),
        }
    )
    out.attrs[KINDS_ATTR] = {c: "exact" for c in ("value_now", "value_needed", "best_in_field")}
    return out


def weight_points(
    result: ScoreResult,
    iso3: str,
    k: int,
    needed: Mapping[str, float],
    base_points: Mapping[str, float] | None = None,
) -> list[dict[str, int]]:
    """Whole slider points (0..WEIGHT_MAX) for the weighted pillars that keep `iso3` in the top k, nearest to the
    scenario's own weights first; [] when rounding to whole points cannot hold it there.

    The engine's `weight_needed` shares sit just inside the top k, so plain
    rounding drops the market back out about half the time.  Candidates are
    the answer, then points a little past it (along the move from the
    current weights), each at every total of points the sliders allow; every
    weighted pillar keeps at least one point (at 0 it would stop counting and
    change which markets are ranked).  They are checked on the pillar scores
    here; the page confirms the first ones by a full re-score.  Among equally
    near candidates, the one whose points add up closest to `base_points`
    (the founder's sliders now) comes first, so the sliders keep their scale.
    """
    from xbmarkets.reweigh import pillar_problem
    from xbmarkets.scenario import WEIGHT_MAX

    pp = pillar_problem(result)
    a = pp.index_of(str(iso3))
    now = pp.weights
    target = np.array([float(needed[p]) for p in pp.pillars])
    rows = []
    for over in MAX_POINTS_OVERSHOOT:
        x = np.clip(now + (1.0 + over) * (target - now), 1e-9, None)
        x = x / x.sum()
        top = int(np.floor(WEIGHT_MAX / x.max()))
        for total in range(max(len(x), 10), top + 1):
            rows.append(np.maximum(1, np.rint(x * total)))
    if not rows:
        return []
    cand = np.unique(np.array(rows, dtype=np.int64), axis=0)
    cand = cand[cand.max(axis=1) <= WEIGHT_MAX]
    shares = cand / cand.sum(axis=1, keepdims=True)
    ok = pp.rank_of(pp.batch_scores(shares), a) <= int(k)
    cand, shares = cand[ok], shares[ok]
    # nearest to the founder's shares (to half a point of share), then slider totals closest to the founder's
    near = np.rint(np.abs(shares - now).sum(axis=1) / 0.005)
    total_now = sum(float(base_points.get(p, 0)) for p in pp.pillars) if base_points else float(WEIGHT_MAX)
    order = np.lexsort((np.arange(len(cand)), np.abs(cand.sum(axis=1) - total_now), near))
    return [dict(zip(pp.pillars, map(int, cand[i]), strict=True)) for i in order]


PLAN_ROBUSTNESS_SHOWN = ("country", "p_core", "p_wave_1_2", "p_in_plan", "plan_wave", "rank")
"""The columns the Tiers page shows beside the plan (its narrow column); the CSV has every column."""


def plan_robustness_frame(pr: Any, names: Mapping[str, str] | pd.Series) -> pd.DataFrame:
    """Per market: rank now, wave in the founder's plan (0 = not in it), shares core / wave 1–2 / in the plan."""
    t = pr.table
    return pd.DataFrame(
        {
            "iso3": t.index.astype(str),
            "country": _names_of(t.index, names),
            "rank": t["rank"].astype(int).to_numpy(),
            "plan_wave": t["plan_wave"].astype(int).to_numpy(),
            "p_core": t["p_core"].astype(float).to_numpy(),
            "p_wave_1_2": t["p_wave_1_2"].astype(float).to_numpy(),
            "p_in_plan": t["p_in_plan"].astype(float).to_numpy(),
        }
    )


def plans_frame(pr: Any, names: Mapping[str, str] | pd.Series, lang: str) -> pd.DataFrame:
    """The most frequent plans, written with country names ('core | wave 2 | …'), their share and whether it is
    the founder's own plan."""
    from xbmarkets.ui.i18n import translate
    from xbmarkets.ui.reasons import plan_text

    plans = pr.plans
    return pd.DataFrame(
        {
            "plan": [plan_text(w, dict(names), lang) for w in plans["waves"]],
            "share": plans["share"].astype(float).to_numpy(),
            "is_base": [translate("tiers.pr.yes", lang) if b else "" for b in plans["is_base"]],
        }
    )


def scenario_ranks_frame(comp: Any, names: Mapping[str, str] | pd.Series, lang: str) -> pd.DataFrame:
    """Every market ranked in either scenario: rank and score in both, places gained in B, where it is ranked."""
    from xbmarkets.ui.i18n import translate

    r = comp.ranks
    return pd.DataFrame(
        {
            "iso3": r.index.astype(str),
            "country": _names_of(r.index, names),
            "rank_a": pd.array(r["rank_a"], dtype="Int64"),
            "rank_b": pd.array(r["rank_b"], dtype="Int64"),
            "score_a": r["score_a"].astype(float).to_numpy(),
            "score_b": r["score_b"].astype(float).to_numpy(),
            "rank_change": pd.array(r["rank_change"], dtype="Int64"),
            "status": [translate(f"sc.status.{s}", lang) for s in r["status"]],
        }
    )


def slope_frame(comp: Any, names: Mapping[str, str] | pd.Series, labels: Sequence[str], lang: str) -> pd.DataFrame:
    """Long rows for the slope chart (markets in either top `comp.top`): country, scenario label, rank, score,
    side (0 = A, 1 = B) and how it moves (up / down / same / one: ranked in one scenario only)."""
    from xbmarkets.ui.i18n import translate

    rows = []
    for code, r in comp.slope.iterrows():
        change = r["rank_change"]
        move = "one" if pd.isna(change) else "up" if change > 0 else "down" if change < 0 else "same"
        for side, (rank, score) in enumerate(((r["rank_a"], r["score_a"]), (r["rank_b"], r["score_b"]))):
            if pd.isna(rank):
                continue
            rows.append(
                {
                    "country": str(names.get(str(code), r["name"])),
                    "scenario": labels[side],
                    "side": side,
                    "rank": int(rank),
                    "score": float(score),
                    "move": translate(f"sc.move.{move}", lang),
                }
            )
    return pd.DataFrame(rows, columns=["country", "scenario", "side", "rank", "score", "move"])


def scenario_weights_frame(comp: Any, lang: str) -> pd.DataFrame:
    """Pillar weight shares in A and B and the difference (B − A), pillars named in `lang`."""
    from xbmarkets.ui.labels import pillar_label

    w = comp.weights
    return pd.DataFrame(
        {
            "pillar": [pillar_label(str(p), lang) for p in w["pillar"]],
            "weight_a": w["weight_a"].astype(float).to_numpy(),
            "weight_b": w["weight_b"].astype(float).to_numpy(),
            "difference": w["difference"].astype(float).to_numpy(),
        }
    )


def scenario_setting_diffs(
    a: Mapping[str, Any], b: Mapping[str, Any], criteria: pd.DataFrame, lang: str
) -> pd.DataFrame:
    """The settings besides pillar weights in which two scenarios differ: method, coverage threshold, seller
    origin, indicator weights and directions (columns setting, a, b; empty when they agree)."""
    from xbmarkets.ui.i18n import label, translate
    from xbmarkets.ui.labels import direction_label

    def ind(key: str) -> str:
        code = key.split("_", 1)[1]
        name = criteria["name"].get(code, code) if "name" in criteria.columns else code
        return label("ind", code, lang, fallback=str(name))

    def shown(key: str, value: Any) -> str:
        if key == "method":
            return translate(f"method.{value}", lang) if value in ("wsm", "topsis") else str(value)
        if key == "cov":
            return f"{float(value):.0%}"
        if key.startswith("dir_"):
            return direction_label(int(value), lang)
        if key == "origin":
            return str(value) if value else translate("sc.no_origin", lang)
        return f"{float(value):g}"

    rows = []
    keys = ["method", "cov", "origin"]
    keys += sorted(k for k in set(a) | set(b) if k.startswith(("iw_", "dir_")))
    for key in keys:
        va, vb = a.get(key), b.get(key)
        if key == "origin":
            va, vb = va or "", vb or ""
        if va is None or vb is None or va == vb:
            continue
        if key in ("method", "cov", "origin"):
            setting = translate(f"sc.setting.{key}", lang)
        else:
            kind = "iw" if key.startswith("iw_") else "dir"
            setting = translate(f"sc.setting.{kind}", lang, name=ind(key))
        rows.append({"setting": setting, "a": shown(key, va), "b": shown(key, vb)})
    return pd.DataFrame(rows, columns=["setting", "a", "b"])


def main_weight_changes(comp: Any, lang: str, least: float = 0.005, most: int = 4) -> list[str]:
    """The largest pillar weight differences (B − A) as 'Growth +3.1 %', at least `least` of a share (half a
    point) unless every difference is smaller; at most `most` of them, largest first."""
    from xbmarkets.ui.labels import pillar_label

    w = comp.weights.assign(size=comp.weights["difference"].abs())
    w = w[w["size"] > 1e-12]
    big = w[w["size"] >= least]
    w = (big if len(big) else w).sort_values("size", ascending=False, kind="mergesort").head(most)
    return [f"{pillar_label(str(p), lang)} {float(d):+.1%}" for p, d in zip(w["pillar"], w["difference"], strict=True)]
