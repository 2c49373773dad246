"""Home: what xbmarkets does, the data vintage, today's top 10 and where to go next."""

from __future__ import annotations

import streamlit as st

from xbmarkets import scenario as sc
from xbmarkets.report import ranking_table
from xbmarkets.ui import frame, nav, views
from xbmarkets.ui.i18n import t
from xbmarkets.ui.labels import pillar_label, tier_labels
from xbmarkets.ui.results import scored, tier_series

ctx = frame.current()
st.title(t("home.title"))
n = len(ctx.snap.economies)
st.markdown("\n".join(f"- {t(k, n=n)}" for k in ("home.what1", "home.what2", "home.what3")))

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(t("home.top10"))
    scen = ctx.scenario
    weights = ", ".join(f"{pillar_label(p, ctx.lang)} {scen[sc.weight_key(p)]}" for p in ctx.pillars)
    st.caption(t("home.weights_now", weights=weights, method=t(f"method.{scen['method']}")))
    if ctx.origin:
        st.caption(t("origin.caption", origin=ctx.origin_name))
    result = scored(ctx)
    if result is not None:
        top = ranking_table(result, ctx.dm, tier_series(ctx)).head(10)
        view = views.ranking_view(top, (), tier_labels(ctx.lang), ctx.names)
        st.dataframe(
            views.translate_columns(view, ctx.lang),
            hide_index=True,
            width="stretch",
            column_config={
                t("col.score"): st.column_config.ProgressColumn(
                    t("col.score"), min_value=0.0, max_value=1.0, format="%.3f"
                ),
                t("col.coverage"): st.column_config.NumberColumn(format="percent"),
            },
        )
with right:
    st.subheader(t("home.next"))
    query = sc.to_query(scen, ctx.choices)  # a link opened in a new tab carries the scenario
    for p in nav.PAGES[1:]:
        st.page_link(p.file, label=t(p.title_key), icon=p.icon, query_params=query)
        st.caption(t(f"home.next.{p.name}"))

st.subheader(t("home.vintage"))
src = ctx.snap.sources.reset_index()
src = views.translate_columns(src[["publisher", "dataset", "edition", "year"]], ctx.lang)
st.dataframe(src, hide_index=True, width="stretch", height=38 + 35 * len(src))
