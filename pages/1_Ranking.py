"""Ranking: weights in, a live ranking out, with its CSV and a per-country explanation."""

from __future__ import annotations

import streamlit as st

from xbmarkets.report import ranking_table
from xbmarkets.ui import state, views
from xbmarkets.ui.i18n import current_lang, label, t
from xbmarkets.ui.reasons import exclusion_reasons
from xbmarkets.ui.widgets import (
    TIERS,
    country_names,
    custom_coverage,
    download_csv,
    guard,
    meta_settings,
    pillar_label,
    scored,
    setup_page,
    tier_label,
    tier_series,
    weight_controls,
)

ctx = setup_page("nav.ranking")
st.title(t("rank.title"))
st.caption(t("rank.intro"))

with st.sidebar:
    st.divider()
    weight_controls(ctx)

lang = current_lang()
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
    if ctx.has_custom and float(scen[state.weight_key("custom")]) > 0:
        st.info(t("rank.custom_limits", n=custom_coverage(ctx)), icon=":material/filter_alt:")
    tiers = tier_series(ctx)
    kept = views.filter_ranking(
        result.table, ctx.dm.economies, tiers, scen["f_region"], scen["f_income"], scen["f_tier"]
    ).index
    full = ranking_table(result, ctx.dm, tiers)
    view = views.ranking_view(
        full[full["iso3"].isin(kept)], ctx.pillars, {k: tier_label(k) for k in (*TIERS, "unclassified")}, names
    )
    frame = views.translate_columns(view, lang)
    if frame.empty:
        st.info(t("err.no_rows"))
    else:
        bars = {
            pillar_label(p): st.column_config.ProgressColumn(
                pillar_label(p),
                min_value=0.0,
                max_value=1.0,
                format="%.2f",
                width="small",  # wider pushes Coverage off-screen; the header tooltip names a clipped pillar
                help=f"{pillar_label(p)}: {t(f'pillar.help.{p}')}",
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
    meta = views.page_meta(
        result,
        ctx.dm,
        ctx.snap.sources,
        meta_settings(ctx),
        {"region": scen["f_region"], "income_group": scen["f_income"], "tier": scen["f_tier"]},
    )
    download_csv("rank.download", frame, meta, "xbmarkets-ranking.csv", "download_ranking")

    with st.expander(t("rank.excluded", n=len(result.excluded))):
        if len(result.excluded):
            ex = views.excluded_frame(result, names, exclusion_reasons(result.excluded, lang))
            st.dataframe(
                views.translate_columns(ex, lang),
                hide_index=True,
                width="stretch",
                column_config={t("col.coverage"): st.column_config.NumberColumn(format="percent")},
            )

    st.subheader(t("rank.explain"))
    pick = st.selectbox(
        t("rank.explain_pick"),
        list(result.table.index),
        key="explain_iso3",
        format_func=lambda c: f"{names.get(c, c)} ({c})",
    )
    if pick:
        from xbmarkets.explain import explain

        ex = guard(explain, result, ctx.dm, pick)
        if ex is not None:
            from xbmarkets.ui.explain_view import show_explanation

            show_explanation(ex, ctx)
