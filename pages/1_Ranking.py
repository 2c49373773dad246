"""Ranking: weights in, a live ranking out, with its CSV and a per-country explanation."""

from __future__ import annotations

import time

import streamlit as st

from xbmarkets.ui import views
from xbmarkets.ui.i18n import current_lang, label, t
from xbmarkets.ui.reasons import exclusion_reasons
from xbmarkets.ui.widgets import (
    TIERS,
    country_names,
    download_csv,
    guard,
    pillar_label,
    scored,
    setup_page,
    tier_label,
    tier_series,
    weight_controls,
)

_start = time.perf_counter()
ctx = setup_page("nav.ranking")
st.title(t("rank.title"))
st.caption(t("rank.intro"))

with st.sidebar:
    st.divider()
    weight_controls(ctx)

names = country_names(ctx)
f1, f2, f3 = st.columns(3)
f1.multiselect(
    t("rank.f_region"),
    ctx.choices.regions,
    key="f_region",
    placeholder=t("rank.f_all"),
    format_func=lambda r: label("region", r),
)
f2.multiselect(
    t("rank.f_income"),
    ctx.choices.income_groups,
    key="f_income",
    placeholder=t("rank.f_all"),
    format_func=lambda r: label("income", r),
)
f3.multiselect(t("rank.f_tier"), TIERS, key="f_tier", placeholder=t("rank.f_all"), format_func=tier_label)

result = scored(ctx)
if result is not None:
    scen = ctx.scenario()
    tiers = tier_series(ctx)
    shown = views.filter_ranking(
        result.table, ctx.dm.economies, tiers, scen["f_region"], scen["f_income"], scen["f_tier"]
    )
    headers = {
        "rank": t("col.rank"),
        "iso3": t("col.iso3"),
        "country": t("col.country"),
        "score": t("col.score"),
        "tier": t("col.tier"),
        "coverage": t("col.coverage"),
        **{p: pillar_label(p) for p in ctx.pillars},
    }
    frame = views.ranking_frame(
        shown,
        ctx.dm.economies,
        tiers,
        ctx.pillars,
        headers,
        {k: tier_label(k) for k in (*TIERS, "unclassified")},
        names,
    )
    if frame.empty:
        st.info(t("err.no_rows"))
    else:
        bars = {
            pillar_label(p): st.column_config.ProgressColumn(
                pillar_label(p), min_value=0.0, max_value=1.0, format="%.2f", width="small"
            )
            for p in ctx.pillars
        }
        st.dataframe(
            frame,
            hide_index=True,
            width="stretch",
            height=min(38 + 35 * len(frame), 560),
            key="ranking_table",
            column_config={
                t("col.rank"): st.column_config.NumberColumn(width="small"),
                t("col.iso3"): st.column_config.TextColumn(width="small"),
                t("col.tier"): st.column_config.TextColumn(width="small"),
                t("col.country"): st.column_config.TextColumn(width="medium"),
                t("col.score"): st.column_config.NumberColumn(format="%.3f"),
                t("col.coverage"): st.column_config.NumberColumn(format="percent"),
                **bars,
            },
        )
    st.caption(t("rank.shown", shown=len(frame), total=len(result.table)))
    used = ctx.dm.criteria["source"].unique()
    meta = views.export_meta(
        result,
        ctx.snap.sources,
        used,
        {"region": scen["f_region"], "income_group": scen["f_income"], "tier": scen["f_tier"]},
    )
    download_csv("rank.download", frame, meta, "xbmarkets-ranking.csv", "download_ranking")

    excl = result.excluded
    with st.expander(t("rank.excluded", n=len(excl))):
        if len(excl):
            ex = excl.copy()
            if "iso3" not in ex.columns:
                ex = ex.reset_index()
            ex["name"] = ex["iso3"].map(names).fillna(ex.get("name", ex["iso3"]))
            ex["reason"] = exclusion_reasons(ex, current_lang()).to_numpy()
            ex = ex[["iso3", "name", "coverage", "reason"]].rename(
                columns={
                    "iso3": t("col.iso3"),
                    "name": t("col.country"),
                    "coverage": t("col.coverage"),
                    "reason": t("col.reason"),
                }
            )
            st.dataframe(
                ex,
                hide_index=True,
                width="stretch",
                column_config={t("col.coverage"): st.column_config.NumberColumn(format="percent")},
            )

    st.subheader(t("rank.explain"))
    options = list(result.table.index)
    pick = st.selectbox(
        t("rank.explain_pick"), options, key="explain_iso3", format_func=lambda c: f"{names.get(c, c)} ({c})"
    )
    if pick:
        from xbmarkets.explain import explain

        ex = guard(explain, result, ctx.dm, pick)
        if ex is not None:
            from xbmarkets.ui.explain_view import show_explanation

            show_explanation(ex, ctx)
if "_score_ms" in st.session_state:
    st.caption(t("rank.timing", ms=(time.perf_counter() - _start) * 1000))
