"""Ranking: weights in, a live ranking out, with its CSV and a per-country explanation."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from xbmarkets import scenario as sc
from xbmarkets.report import ranking_table
from xbmarkets.scoring import ScoreResult
from xbmarkets.ui import frame, nav, views
from xbmarkets.ui.controls import CONTROLS, TABLE, rerun_table, weight_controls, weight_shares
from xbmarkets.ui.i18n import label, t
from xbmarkets.ui.labels import pillar_label, tier_label, tier_labels
from xbmarkets.ui.reasons import exclusion_reasons
from xbmarkets.ui.results import download_csv, explanation, scored, tier_series


@st.fragment(key=CONTROLS)
def controls(page_ctx: frame.Frame) -> None:
    """The weights and filters. Their callbacks rerun only the table fragment (`controls.TABLE`), so moving a
    slider does not redraw them; a preset, a direction or the indicator toggle redraws what it changes."""
    ctx = frame.refresh(page_ctx)
    weight_controls(ctx)
    filters(ctx)


@st.fragment(key=TABLE)
def ranking(page_ctx: frame.Frame) -> None:
    """The table the weights drive and what follows it, rerun on its own (issue 12). See `frame.refresh`."""
    ctx = frame.refresh(page_ctx)
    drawn = table_part(ctx)
    frame.hand_over()  # the table leaves now, before the explanation is built
    if drawn is not None:
        after_table(ctx, *drawn)


def filters(ctx: frame.Frame) -> None:
    """Which ranked markets the table shows: by region, income group and tier."""
    lang = ctx.lang
    st.markdown(f"**{t('rank.filters')}**")
    shown_as = {
        "f_region": ("rank.f_region", ctx.choices.regions, lambda r: label("region", r, lang)),
        "f_income": ("rank.f_income", ctx.choices.income_groups, lambda r: label("income", r, lang)),
        "f_tier": ("rank.f_tier", sc.TIERS, lambda x: tier_label(x, lang)),
    }
    for key, (text_key, options, words) in shown_as.items():
        st.multiselect(
            t(text_key),
            options,
            key=key,
            placeholder=t("rank.f_all"),
            format_func=words,
            on_change=rerun_table,
        )


def table_part(ctx: frame.Frame) -> tuple[ScoreResult, pd.DataFrame] | None:
    """The ranking table; the result and the table as shown, or None after saying why there is none."""
    lang, names = ctx.lang, ctx.names
    st.caption(t("rank.weights_now", shares=weight_shares(ctx)))
    result = scored(ctx)
    if result is not None:
        scen = ctx.scenario
        if ctx.has_custom and float(scen[sc.weight_key("custom")]) > 0:
            st.info(t("rank.custom_limits", n=views.custom_coverage(ctx.dm)), icon=nav.FILTER_ICON)
        tiers = tier_series(ctx)
        kept = views.filter_ranking(
            result.table, ctx.dm.economies, tiers, scen["f_region"], scen["f_income"], scen["f_tier"]
        ).index
        full = ranking_table(result, ctx.dm, tiers)
        view = views.ranking_view(full[full["iso3"].isin(kept)], ctx.pillars, tier_labels(lang), names)
        shown = views.translate_columns(view, lang)
        if shown.empty:
            st.info(t("err.no_rows"))
        else:
            bars = {
                pillar_label(p, lang): st.column_config.ProgressColumn(
                    pillar_label(p, lang),
                    min_value=0.0,
                    max_value=1.0,
                    format="%.2f",
                    width="small",  # wider pushes Coverage off-screen; the header tooltip names a clipped pillar
                    help=f"{pillar_label(p, lang)}: {t(f'pillar.help.{p}')}",
                )
                for p in ctx.pillars
            }
            st.dataframe(
                shown,
                hide_index=True,
                width="stretch",
                height=min(38 + 35 * len(shown), 560),
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
        return result, shown
    return None


def after_table(ctx: frame.Frame, result: ScoreResult, shown: pd.DataFrame) -> None:
    """The table's count and downloads, the left-out economies, then one market explained."""
    lang, names, scen = ctx.lang, ctx.names, ctx.scenario
    st.caption(t("rank.shown", shown=len(shown), total=len(result.table)))
    meta = partial(  # the CSV header is worked out on the click, not on every slider move
        views.page_meta,
        result,
        ctx.dm,
        ctx.snap.sources,
        ctx.meta_settings,
        {"region": scen["f_region"], "income_group": scen["f_income"], "tier": scen["f_tier"]},
    )
    download_csv("rank.download", shown, meta, "xbmarkets-ranking.csv", "download_ranking")

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
        # none until the founder picks one: the explanation (~13 elements, an engine breakdown) then follows every
        # slider move; unasked, it held the table back by a third (issue 12, bench_browser.py)
        index=None,
        placeholder=t("rank.explain_placeholder"),
    )
    if pick:
        ex = explanation(ctx, result, pick)
        if ex is not None:
            from xbmarkets.ui.explain_view import show_explanation

            show_explanation(ex, ctx)
        st.markdown(f"#### {t('wi.title')}")
        from xbmarkets.ui.decide_view import what_it_takes

        what_it_takes(ctx, result, pick, key="rank")


ctx = frame.current()
st.title(t("rank.title"))
st.caption(t("rank.intro"))
ranking(ctx)
with st.sidebar:  # drawn after the table on a full run, so the table's message is the first to leave the server
    st.divider()
    controls(ctx)
