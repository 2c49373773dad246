"""Altair chart builders for the dashboard: tidy DataFrame in, chart out.

Kept free of streamlit so each chart's encoding can be unit-tested on its
spec. Labels arrive already translated (the caller owns the language), and no
chart ever names a URL data source: the machine may be offline, so the world
geometry is inlined from the vendored TopoJSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import altair as alt
import pandas as pd

from .vocab import TIERS

__all__ = [
    "TIER_COLORS",
    "load_topology",
    "choropleth",
    "backtest_scatter",
    "rho_intervals",
    "tier_scatter",
    "silhouette_chart",
    "wave_timeline",
    "acceptability_chart",
    "grouped_pillars",
    "contribution_bars",
    "coverage_heatmap",
    "stability_chart",
    "rank_slope",
]

# Colour-blind-safe (Okabe-Ito) and legible on white and on Streamlit's dark theme.
TIER_COLORS: Mapping[str, str] = {"mature": "#0072B2", "growth": "#009E73", "emerging": "#E69F00"}
_EXTRA_COLORS = ("#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")


def _tier_scale(tiers: Sequence[str], labels: Mapping[str, str] | None) -> alt.Scale:
    domain = [labels.get(t, t) if labels else t for t in tiers]
    extra = iter(_EXTRA_COLORS)
    rng = [TIER_COLORS.get(t) or next(extra, "#999999") for t in tiers]
    return alt.Scale(domain=domain, range=rng)


def load_topology(path: str | Path) -> dict[str, Any]:
    """The world-atlas TopoJSON as a dict (ids are zero-padded ISO 3166 numeric strings)."""
    with open(path, encoding="utf-8") as fh:
        topo = json.load(fh)
    if topo.get("type") != "Topology" or "countries" not in topo.get("objects", {}):
        raise ValueError(f"{path}: not a world-atlas TopoJSON with a 'countries' object")
    return topo


def iso_numeric_id(values: pd.Series) -> pd.Series:
    """Economies' iso_numeric (int, float or text) → world-atlas ids like "004"; missing stays NA."""
    num = pd.to_numeric(values, errors="coerce")
    out = num.map(lambda v: f"{int(v):03d}" if pd.notna(v) else None)
    return out.astype(object)


# --------------------------------------------------------------------------- backtest (issue 9)

_KIND_COLORS: Mapping[str, str] = {
    "supports": "#009E73",
    "contradicts": "#D55E00",
    "no_evidence": "#7f7f7f",
    "too_few": "#bdbdbd",
}


def backtest_scatter(
    data: pd.DataFrame,
    *,
    titles: Mapping[str, str],
    top_label: str,
    rest_label: str,
) -> alt.LayerChart:
    """A score as of a past year (x) against what happened afterwards (y); the founder's top markets named.

    `data`: country, rank, x, y, top (bool) -- one row per market with both.
    A dashed line marks "no change" (y = 0) so a fall reads as a fall.
    Channels are built as objects, not "field:type" strings: altair validates
    each shorthand against its schema, which made both charts three times
    slower to build (about 0.35 s against 0.1 s on every rerun here).
    """
    df = data.copy()
    df["group"] = [top_label if t else rest_label for t in df["top"]]
    tip = [
        alt.Tooltip("country", type="nominal", title=titles.get("country", "Country")),
        alt.Tooltip("rank", type="quantitative", title=titles.get("rank", "Rank")),
        alt.Tooltip("x", type="quantitative", title=titles.get("x", "x"), format=".3f"),
        alt.Tooltip("y", type="quantitative", title=titles.get("y", "y"), format="+.2f"),
    ]
    base = alt.Chart(df).encode(
        x=alt.X("x", type="quantitative", title=titles.get("x", "x"), scale=alt.Scale(zero=False, nice=True)),
        y=alt.Y("y", type="quantitative", title=titles.get("y", "y")),
    )
    points = base.mark_circle(size=60, stroke="white", strokeWidth=0.5, opacity=0.8).encode(
        color=alt.Color(
            "group",
            type="nominal",
            title=None,
            scale=alt.Scale(domain=[top_label, rest_label], range=["#D55E00", "#0072B2"]),
            legend=alt.Legend(orient="top"),
        ),
        tooltip=tip,
    )
    names = (
        base.transform_filter("datum.top")
        .mark_text(align="left", dx=6, dy=-6, fontSize=11)
        .encode(text=alt.Text("country", type="nominal"))
    )
    zero = (
        alt.Chart(pd.DataFrame({"y": [0.0]}))
        .mark_rule(strokeDash=[4, 4], color="#888")
        .encode(y=alt.Y("y", type="quantitative"))
    )
    return alt.LayerChart(layer=[zero, points, names]).properties(height=420)


def rho_intervals(data: pd.DataFrame, *, titles: Mapping[str, str], kind_labels: Mapping[str, str]) -> alt.LayerChart:
    """Spearman's ρ (point) and its 95 % interval (bar) per subject, a rule at 0; coloured by the verdict.

    `data`: label, rho, low, high, n, kind -- in the order to draw (score first).
    An interval crossing the rule is "no evidence either way", which the
    colour says as well.
    """
    df = data.copy()
    df["kind_label"] = [kind_labels.get(k, k) for k in df["kind"]]
    order = df["label"].tolist()
    kinds = [k for k in _KIND_COLORS if k in set(df["kind"])]
    color = alt.Color(
        "kind_label",
        type="nominal",
        title=titles.get("verdict", "Verdict"),
        scale=alt.Scale(domain=[kind_labels.get(k, k) for k in kinds], range=[_KIND_COLORS[k] for k in kinds]),
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=300),
    )
    tip = [
        alt.Tooltip("label", type="nominal", title=titles.get("subject", "Subject")),
        alt.Tooltip("rho", type="quantitative", title=titles.get("rho", "rho"), format="+.2f"),
        alt.Tooltip("low", type="quantitative", title=titles.get("low", "low"), format="+.2f"),
        alt.Tooltip("high", type="quantitative", title=titles.get("high", "high"), format="+.2f"),
        alt.Tooltip("n", type="quantitative", title=titles.get("n", "n")),
        alt.Tooltip("kind_label", type="nominal", title=titles.get("verdict", "Verdict")),
    ]
    y = alt.Y("label", type="nominal", sort=order, title=None)
    x_scale = alt.Scale(domain=[-1, 1])
    bars = (
        alt.Chart(df)
        .mark_rule(strokeWidth=3)
        .encode(
            y=y,
            x=alt.X("low", type="quantitative", title=titles.get("rho", "rho"), scale=x_scale),
            x2=alt.X2("high"),
            color=color,
            tooltip=tip,
        )
    )
    dots = (
        alt.Chart(df)
        .mark_point(filled=True, size=90)
        .encode(y=y, x=alt.X("rho", type="quantitative"), color=color, tooltip=tip)
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#555").encode(x=alt.X("x", type="quantitative"))
    return alt.LayerChart(layer=[zero, bars, dots]).properties(height=alt.Step(34))


def choropleth(
    topo: Mapping[str, Any],
    data: pd.DataFrame,
    *,
    value_title: str,
    country_title: str = "Country",
    year_title: str = "Year",
    no_data_title: str = "",
    width: int | str = "container",
    height: int = 460,
    scheme: str = "viridis",
) -> alt.LayerChart:
    """World choropleth: `data` has columns id (3-char ISO numeric), country, value, year.

    Every shape is drawn in grey first, then the shapes that have a value are
    coloured via a lookup on the ISO numeric id, so missing data is visibly
    missing rather than painted as the lowest colour.
    """
    missing = {"id", "country", "value", "year"} - set(data.columns)
    if missing:
        raise ValueError(f"choropleth: data lacks columns {', '.join(sorted(missing))}")
    rows = data.dropna(subset=["id", "value"])
    # an indicator has one year per value; a composite score carries a text range ("2019–2024") or nothing
    numeric_year = pd.api.types.is_numeric_dtype(rows["year"])

    def year(v: Any) -> Any:
        if v is None or (not isinstance(v, str) and pd.isna(v)) or v == "":
            return None
        return int(v) if numeric_year else str(v)

    records = [
        {"id": str(i), "country": str(c), "value": float(v), "year": year(y)}
        for i, c, v, y in zip(rows["id"], rows["country"], rows["value"], rows["year"], strict=True)
    ]
    year_tip = (
        alt.Tooltip("year:Q", title=year_title, format="d") if numeric_year else alt.Tooltip("year:N", title=year_title)
    )
    geo = alt.InlineData(values=topo, format=alt.TopoDataFormat(type="topojson", feature="countries"))
    # Antarctica (010) has no economy and would take a fifth of the frame
    base = (
        alt.Chart(geo)
        .transform_filter("datum.id != '010'")
        .mark_geoshape(fill="#d9d9d9", stroke="white", strokeWidth=0.4)
        .encode(tooltip=[alt.Tooltip("properties.name:N", title=no_data_title or country_title)])
        .project(type="equalEarth")
    )
    lookup = alt.LookupData(data=alt.Data(values=records), key="id", fields=["country", "value", "year"])
    colored = (
        alt.Chart(geo)
        .mark_geoshape(stroke="white", strokeWidth=0.4)
        .transform_filter("datum.id != '010'")
        .transform_lookup(lookup="id", from_=lookup)
        .transform_filter("isValid(datum.value)")
        .encode(
            color=alt.Color(
                "value:Q",
                title=value_title,
                # altair types `scheme` as a Literal of Vega's names; an unknown name is Vega's to report
                scale=alt.Scale(scheme=cast(Any, scheme)),
                legend=alt.Legend(orient="bottom", gradientLength=300, titleLimit=400),
            ),
            tooltip=[
                alt.Tooltip("country:N", title=country_title),
                alt.Tooltip("value:Q", title=value_title, format=",.3~f"),
                year_tip,
            ],
        )
        .project(type="equalEarth")
    )
    # LayerChart, not alt.layer(): the same chart (no facet encodings to hoist), typed as what it is
    return alt.LayerChart(layer=[base, colored]).properties(width=width, height=height)


def tier_scatter(
    data: pd.DataFrame,
    *,
    tier_order: Sequence[str],
    tier_labels: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
) -> alt.Chart:
    """Maturity (x) vs momentum (y) coloured by tier; `data`: country, maturity, momentum, tier, reason."""
    titles = dict(titles or {})
    df = data.copy()
    df["tier_label"] = df["tier"].map(lambda t: (tier_labels or {}).get(t, t))
    return (
        alt.Chart(df)
        .mark_circle(size=70, opacity=0.85, stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("maturity:Q", title=titles.get("maturity", "Maturity")),
            y=alt.Y("momentum:Q", title=titles.get("momentum", "Momentum")),
            color=alt.Color(
                "tier_label:N",
                title=titles.get("tier", "Tier"),
                scale=_tier_scale(tier_order, tier_labels),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("country:N", title=titles.get("country", "Country")),
                alt.Tooltip("tier_label:N", title=titles.get("tier", "Tier")),
                alt.Tooltip("reason:N", title=titles.get("reason", "Reason")),
            ],
        )
        .properties(height=420)
    )


def silhouette_chart(
    data: pd.DataFrame, *, k_title: str = "k", value_title: str = "silhouette", chosen: int | None = None
) -> alt.Chart:
    """Silhouette per k (`data`: k, silhouette); the k in use is highlighted."""
    df = data.copy()
    df["chosen"] = df["k"] == chosen
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("k:O", title=k_title, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("silhouette:Q", title=value_title),
            color=alt.condition("datum.chosen", alt.value("#0072B2"), alt.value("#9ecae1")),
            tooltip=[alt.Tooltip("k:O", title=k_title), alt.Tooltip("silhouette:Q", title=value_title, format=".3f")],
        )
        .properties(height=220)
    )


def wave_timeline(
    plan: pd.DataFrame,
    *,
    wave_label: str = "Wave {n}",
    tier_order: Sequence[str] = TIERS,
    tier_labels: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
) -> alt.LayerChart:
    """Waves left to right, markets stacked inside each wave, coloured by tier.

    `plan` columns: wave, country, tier, rank, rationale. A timeline reads as
    a sequence — one core market first — which a table does not.
    """
    titles = dict(titles or {})
    df = plan.copy()
    df["slot"] = df.groupby("wave").cumcount()
    df["wave_name"] = df["wave"].map(lambda n: wave_label.format(n=int(n)))
    df["tier_label"] = df["tier"].map(lambda t: (tier_labels or {}).get(t, t))
    order = [wave_label.format(n=int(n)) for n in sorted(df["wave"].unique())]
    base = alt.Chart(df).encode(
        x=alt.X(
            "wave_name:N",
            sort=order,
            title=None,
            axis=alt.Axis(labelAngle=0, orient="top", labelFontSize=13, domain=False, ticks=False),
            scale=alt.Scale(paddingInner=0.08),
        ),
        y=alt.Y("slot:O", axis=None, scale=alt.Scale(paddingInner=0.18)),
    )
    boxes = base.mark_rect(cornerRadius=6, opacity=0.9).encode(
        color=alt.Color(
            "tier_label:N",
            title=titles.get("tier", "Tier"),
            scale=_tier_scale(tier_order, tier_labels),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("country:N", title=titles.get("country", "Country")),
            alt.Tooltip("rank:Q", title=titles.get("rank", "Rank")),
            alt.Tooltip("tier_label:N", title=titles.get("tier", "Tier")),
            alt.Tooltip("rationale:N", title=titles.get("rationale", "Why")),
        ],
    )
    text = base.mark_text(color="white", fontWeight="bold", fontSize=13).encode(text="country:N")
    return alt.LayerChart(layer=[boxes, text]).properties(height=alt.Step(40))


def acceptability_chart(
    data: pd.DataFrame,
    *,
    titles: Mapping[str, str] | None = None,
    k: int = 5,
) -> alt.HConcatChart:
    """Share of draws in the top k (bars) beside the p05–p95 rank interval (error bars).

    `data`: country, p_top_k, median_rank, rank_p05, rank_p95, rank — one row per market.
    """
    titles = dict(titles or {})
    df = data.copy()
    order = df.sort_values("rank")["country"].tolist()
    y = alt.Y("country:N", sort=order, title=None)
    bars = (
        alt.Chart(df)
        .mark_bar(color="#0072B2")
        .encode(
            y=y,
            x=alt.X(
                "p_top_k:Q",
                title=titles.get("p_top_k", f"top {k}"),
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            tooltip=[
                alt.Tooltip("country:N", title=titles.get("country", "Country")),
                alt.Tooltip("p_top_k:Q", title=titles.get("p_top_k", f"top {k}"), format=".0%"),
            ],
        )
        .properties(width=260)
    )
    rule = (
        alt.Chart(df)
        .mark_rule(strokeWidth=2, color="#555")
        .encode(
            y=alt.Y("country:N", sort=order, title=None, axis=None),
            x=alt.X(
                "rank_p05:Q", title=titles.get("interval", "rank p05–p95"), scale=alt.Scale(zero=False, nice=False)
            ),
            x2="rank_p95:Q",
            tooltip=[
                alt.Tooltip("country:N", title=titles.get("country", "Country")),
                alt.Tooltip("rank_p05:Q", title=titles.get("rank_p05", "p05")),
                alt.Tooltip("median_rank:Q", title=titles.get("median_rank", "median")),
                alt.Tooltip("rank_p95:Q", title=titles.get("rank_p95", "p95")),
            ],
        )
    )
    tick = (
        alt.Chart(df)
        .mark_point(filled=True, color="#D55E00", size=50)
        .encode(
            y=alt.Y("country:N", sort=order, title=None, axis=None),
            x=alt.X("median_rank:Q"),
        )
    )
    interval = alt.LayerChart(layer=[rule, tick]).properties(width=260)
    return alt.hconcat(bars, interval).resolve_scale(y="shared")


def grouped_pillars(
    data: pd.DataFrame, *, titles: Mapping[str, str] | None = None, pillar_order: Sequence[str] | None = None
) -> alt.Chart:
    """Pillar scores side by side (`data` long: country, pillar, score), one colour per country."""
    titles = dict(titles or {})
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "pillar:N", sort=list(pillar_order) if pillar_order else None, title=None, axis=alt.Axis(labelAngle=0)
            ),
            xOffset=alt.XOffset("country:N"),
            y=alt.Y("score:Q", title=titles.get("score", "Score"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "country:N",
                title=titles.get("country", "Country"),
                legend=alt.Legend(orient="top"),
                scale=alt.Scale(scheme="tableau10"),
            ),
            tooltip=[
                alt.Tooltip("country:N", title=titles.get("country", "Country")),
                alt.Tooltip("pillar:N", title=titles.get("pillar", "Pillar")),
                alt.Tooltip("score:Q", title=titles.get("score", "Score"), format=".3f"),
            ],
        )
        .properties(height=320)
    )


def contribution_bars(
    data: pd.DataFrame,
    *,
    label_title: str = "",
    value_title: str = "Contribution",
    color_field: str | None = None,
    color_title: str = "",
) -> alt.Chart:
    """Horizontal bars of contributions (`data`: label, contribution[, color_field]), largest first."""
    enc: dict[str, Any] = {
        "y": alt.Y("label:N", sort="-x", title=label_title or None, axis=alt.Axis(labelLimit=320)),
        "x": alt.X("contribution:Q", title=value_title),
        "tooltip": [
            alt.Tooltip("label:N", title=label_title or " "),
            alt.Tooltip("contribution:Q", title=value_title, format=".4f"),
        ],
    }
    if color_field:
        enc["color"] = alt.Color(f"{color_field}:N", title=color_title, legend=alt.Legend(orient="top"))
    return alt.Chart(data).mark_bar().encode(**enc).properties(height=alt.Step(24))


def coverage_heatmap(
    data: pd.DataFrame, *, titles: Mapping[str, str] | None = None, pillar_order: Sequence[str] | None = None
) -> alt.Chart:
    """Economy × pillar coverage in [0, 1] (`data` long: country, pillar, coverage)."""
    titles = dict(titles or {})
    return (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X(
                "pillar:N",
                sort=list(pillar_order) if pillar_order else None,
                title=None,
                axis=alt.Axis(labelAngle=0, orient="top"),
            ),
            y=alt.Y("country:N", title=None, sort="ascending", axis=alt.Axis(labelFontSize=10, labelOverlap=False)),
            color=alt.Color(
                "coverage:Q",
                title=titles.get("coverage", "Coverage"),
                scale=alt.Scale(domain=[0, 1], scheme="blues"),
                legend=alt.Legend(format="%"),
            ),
            tooltip=[
                alt.Tooltip("country:N", title=titles.get("country", "Country")),
                alt.Tooltip("pillar:N", title=titles.get("pillar", "Pillar")),
                alt.Tooltip("coverage:Q", title=titles.get("coverage", "Coverage"), format=".0%"),
            ],
        )
        .properties(height=alt.Step(14))  # one readable row per economy
    )


def stability_chart(data: pd.DataFrame, *, titles: Mapping[str, str] | None = None) -> alt.LayerChart:
    """A bar per pillar from `low` to `high` (weight shares) with a dot at `now`: how far each weight can move.

    `data`: pillar (label), low, high, now, sentence (tooltip) — one row per weighted pillar, in order.
    """
    titles = dict(titles or {})
    order = data["pillar"].tolist()
    y = alt.Y("pillar:N", sort=order, title=None)
    x_axis = alt.Axis(format="%", title=titles.get("axis", "weight share"))
    tooltip = [
        alt.Tooltip("pillar:N", title=titles.get("pillar", "Pillar")),
        alt.Tooltip("now:Q", title=titles.get("now", "now"), format=".1%"),
        alt.Tooltip("low:Q", title=titles.get("low", "from"), format=".1%"),
        alt.Tooltip("high:Q", title=titles.get("high", "up to"), format=".1%"),
        alt.Tooltip("sentence:N", title=titles.get("sentence", "In words")),
    ]
    base = alt.Chart(data)
    bars = base.mark_bar(color="#56B4E9", height=16).encode(
        y=y, x=alt.X("low:Q", scale=alt.Scale(domain=[0, 1]), axis=x_axis), x2="high:Q", tooltip=tooltip
    )
    dots = base.mark_point(filled=True, color="#D55E00", size=90, opacity=1).encode(
        y=y, x=alt.X("now:Q"), tooltip=tooltip
    )
    return cast(alt.LayerChart, alt.layer(bars, dots).properties(height=alt.Step(30)))


def rank_slope(
    data: pd.DataFrame, *, labels: Sequence[str], titles: Mapping[str, str] | None = None, moves: Sequence[str] = ()
) -> alt.LayerChart:
    """Rank in scenario A (left) and B (right), one line per market, rank 1 at the top.

    `data` (long): country, scenario (one of `labels`), side (0 / 1), rank, score, move (label of up / down /
    same / one); `moves` fixes the colour order of the move labels.
    """
    titles = dict(titles or {})
    n = int(data["rank"].max()) if len(data) else 1
    x = alt.X(
        "scenario:N",
        sort=list(labels),
        title=None,
        axis=alt.Axis(labelAngle=0, orient="top"),
        scale=alt.Scale(domain=list(labels), paddingOuter=0.6),
    )
    y = alt.Y("rank:Q", scale=alt.Scale(reverse=True, domain=[1, max(n, 2)], nice=False), title=titles.get("rank"))
    colors = ["#009E73", "#D55E00", "#999999", "#CC79A7"]
    color = alt.Color(
        "move:N",
        title=titles.get("move", "Move"),
        scale=alt.Scale(domain=list(moves), range=colors[: len(moves)]) if moves else alt.Undefined,
        legend=alt.Legend(orient="bottom"),
    )
    tooltip = [
        alt.Tooltip("country:N", title=titles.get("country", "Country")),
        alt.Tooltip("scenario:N", title=titles.get("scenario", "Scenario")),
        alt.Tooltip("rank:Q", title=titles.get("rank", "Rank")),
        alt.Tooltip("score:Q", title=titles.get("score", "Score"), format=".3f"),
    ]
    base = alt.Chart(data).encode(x=x, y=y, color=color, detail="country:N", tooltip=tooltip)
    lines = base.mark_line(strokeWidth=2)
    points = base.mark_point(filled=True, size=50)
    left = (
        alt.Chart(data[data["side"] == 0])
        .mark_text(align="right", dx=-8, fontSize=11)
        .encode(x=x, y=y, text="country:N", color=color)
    )
    right = (
        alt.Chart(data[data["side"] == 1])
        .mark_text(align="left", dx=8, fontSize=11)
        .encode(x=x, y=y, text="country:N", color=color)
    )
    return cast(alt.LayerChart, alt.layer(lines, points, left, right).properties(height=max(320, 22 * n)))
