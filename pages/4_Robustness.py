"""Robustness: does the top of the ranking survive other reasonable weights?"""

from __future__ import annotations

import streamlit as st

from xbmarkets import charts
from xbmarkets.ui import cache, views
from xbmarkets.ui.i18n import current_lang, t
from xbmarkets.ui.reasons import verdict_text
from xbmarkets.ui.widgets import country_names, download_csv, guard, scored, setup_page

CONCENTRATIONS = (0, 5, 20, 50, 200)  # Dirichlet concentration; 0 = uniform over all weightings

ctx = setup_page("nav.robustness")
st.title(t("rob.title"))
st.caption(t("rob.intro"))
names = country_names(ctx)

c1, c2, c3 = st.columns([2, 1, 1])
conc = c1.select_slider(
    t("rob.concentration"),
    options=CONCENTRATIONS,
    key="rob_conc",
    help=t("rob.conc_help"),
    format_func=lambda c: t("rob.conc_uniform") if c == 0 else f"{c}",
)
draws = c2.select_slider(t("rob.draws"), options=(500, 1000, 2000, 5000, 10000), key="rob_draws")
top_k = c3.number_input(t("rob.top_k"), 1, 20, key="rob_top_k")

result = scored(ctx)
if result is not None:
    pw = result.pillar_weights
    pillars = [p for p in pw.index if float(pw[p]) > 0]
    matrix = result.table[pillars]
    with st.spinner(t("rob.running")):
        acc = guard(
            cache.acceptability,
            matrix,
            ctx.dm_key + (result.method, float(result.coverage_threshold)),
            tuple((p, float(pw[p])) for p in pillars),
            result.method,
            int(draws),
            None if conc == 0 else float(conc),
            int(top_k),
        )
    if acc is not None:
        from xbmarkets.robustness import stability_verdict

        verdict = guard(stability_verdict, acc, int(top_k), names=dict(names))
        verdict_words = ""
        if verdict is not None:
            level = str(verdict.level)
            box = {"stable": st.success, "fragile": st.info}.get(level, st.warning)
            # worded from the shares in the session language; in English it is the engine's message
            verdict_words = verdict_text(acc, level, int(top_k), dict(names), current_lang())
            box(t("rob.verdict_line", verdict=verdict_words))
        frame = views.acceptability_frame(acc, result.table, names)
        n_show = st.slider(t("rob.show"), 5, min(60, len(frame)), value=min(20, len(frame)), key="rob_show")
        st.markdown(f"**{t('rob.chart', k=int(top_k))}**")
        st.altair_chart(
            charts.acceptability_chart(
                frame.head(int(n_show)),
                k=int(top_k),
                titles={
                    "p_top_k": t("col.p_top_k", k=int(top_k)),
                    "country": t("col.country"),
                    "interval": f"{t('col.rank_p05')} – {t('col.rank_p95')}",
                    "rank_p05": t("col.rank_p05"),
                    "rank_p95": t("col.rank_p95"),
                    "median_rank": t("col.median_rank"),
                },
            ),
            width="content",
        )
        frame = frame.drop(columns=[c for c in ("rank_at_base",) if c in frame.columns])
        shown = frame.rename(
            columns={
                "iso3": t("col.iso3"),
                "country": t("col.country"),
                "rank": t("col.rank"),
                "p_first": t("col.p_first"),
                "p_top_k": t("col.p_top_k", k=int(top_k)),
                "median_rank": t("col.median_rank"),
                "rank_p05": t("col.rank_p05"),
                "rank_p95": t("col.rank_p95"),
                "mean_rank": t("col.mean_rank"),
            }
        )
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            height=360,
            column_config={
                t("col.p_first"): st.column_config.NumberColumn(format="percent"),
                t("col.p_top_k", k=int(top_k)): st.column_config.NumberColumn(format="percent"),
                t("col.mean_rank"): st.column_config.NumberColumn(format="%.1f"),
            },
        )
        meta = views.export_meta(
            result,
            ctx.snap.sources,
            ctx.dm.criteria["source"].unique(),
            extra={
                "draws": str(int(draws)),
                "concentration": "uniform" if conc == 0 else str(conc),
                "top_k": str(int(top_k)),
                "seed": "0",
                "verdict": verdict_words,
            },
        )
        download_csv("rob.download", shown, meta, "xbmarkets-robustness.csv", "download_robustness")
