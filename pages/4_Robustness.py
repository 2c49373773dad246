"""Robustness: does the top of the ranking survive other reasonable weights?"""

from __future__ import annotations

import streamlit as st

from xbmarkets.ui import frame, views
from xbmarkets.ui.decide_view import stability_section
from xbmarkets.ui.i18n import t
from xbmarkets.ui.labels import concentration_label
from xbmarkets.ui.reasons import verdict_text
from xbmarkets.ui.results import acceptability, chart, download_csv, guard, scored

CONCENTRATIONS = (0, 5, 20, 50, 200)  # Dirichlet concentration; 0 = uniform over all weightings
FEW = 5  # up to this many ranked markets, all are shown (no "markets shown" slider)


@st.fragment
def body(page_ctx: frame.Frame) -> None:
    """Everything below the title, rerun on its own when one of its controls moves (issue 12): the
    navigation, the sidebar and the frame are not rebuilt. See `frame.refresh`."""
    ctx = frame.refresh(page_ctx)
    names, lang = ctx.names, ctx.lang

    c1, c2, c3 = st.columns([2, 1, 1])
    conc = c1.select_slider(
        t("rob.concentration"),
        options=CONCENTRATIONS,
        key="rob_conc",
        help=t("rob.conc_help"),
        format_func=lambda c: concentration_label(c, lang),
    )
    draws = c2.select_slider(t("rob.draws"), options=(500, 1000, 2000, 5000, 10000), key="rob_draws")
    top_k = int(c3.number_input(t("rob.top_k"), 1, 20, key="rob_top_k"))

    result = scored(ctx)
    if result is not None:
        with st.spinner(t("rob.running")):
            acc = acceptability(ctx, result, int(draws), None if conc == 0 else float(conc), top_k)
        if acc is not None:
            from xbmarkets.robustness import stability_verdict

            verdict = guard(stability_verdict, acc, top_k, names=dict(names))
            verdict_words = ""
            if verdict is not None:
                level = str(verdict.level)
                box = {"stable": st.success, "fragile": st.info}.get(level, st.warning)
                # worded from the shares in the session language; in English it is the engine's message
                verdict_words = verdict_text(acc, level, top_k, dict(names), lang)
                box(t("rob.verdict_line", verdict=verdict_words))
            acc_view = views.acceptability_view(acc, result, ctx.dm, names)
            n_show = len(acc_view)
            if len(acc_view) > FEW:
                n_show = st.slider(
                    t("rob.show"), FEW, min(60, len(acc_view)), value=min(20, len(acc_view)), key="rob_show"
                )
            st.markdown(f"**{t('rob.chart', k=top_k)}**")
            chart(
                "acceptability_chart",
                acc_view.head(int(n_show)),
                width="content",
                k=top_k,
                titles={
                    "p_top_k": t("col.p_top_k", k=top_k),
                    "country": t("col.country"),
                    "interval": f"{t('col.rank_p05')} – {t('col.rank_p95')}",
                    "rank_p05": t("col.rank_p05"),
                    "rank_p95": t("col.rank_p95"),
                    "median_rank": t("col.median_rank"),
                },
            )
            shown = views.translate_columns(acc_view.drop(columns=["rank_at_base"], errors="ignore"), lang, k=top_k)
            st.dataframe(
                shown,
                hide_index=True,
                width="stretch",
                height=360,
                column_config={
                    t("col.p_first"): st.column_config.NumberColumn(format="percent"),
                    t("col.p_top_k", k=top_k): st.column_config.NumberColumn(format="percent"),
                    t("col.mean_rank"): st.column_config.NumberColumn(format="%.1f"),
                },
            )
            meta = views.page_meta(
                result,
                ctx.dm,
                ctx.snap.sources,
                {
                    **ctx.meta_settings,
                    "draws": str(acc.attrs["draws"]),
                    "concentration": "uniform"
                    if acc.attrs["concentration"] is None
                    else f"{acc.attrs['concentration']:g}",
                    "top_k": str(acc.attrs["top_k"]),
                    "seed": str(acc.attrs["seed"]),
                    "verdict": f"{verdict.level}: {verdict_words}" if verdict is not None else "",
                },
            )
            download_csv("rob.download", shown, meta, "xbmarkets-robustness.csv", "download_robustness")
        st.divider()
        stability_section(ctx, result, top_k)


ctx = frame.current()
st.title(t("rob.title"))
st.caption(t("rob.intro"))
body(ctx)
