"""Home: what xbmarkets does, the data vintage, today's top 10 and where to go next."""

from __future__ import annotations

import streamlit as st

from xbmarkets.report import ranking_table
from xbmarkets.ui import state, views
from xbmarkets.ui.i18n import current_lang, t
from xbmarkets.ui.widgets import TIERS, PAGES, country_names, pillar_label, scored, setup_page, tier_label, tier_series

ctx = setup_page("nav.home")
st.title(t("home.title"))
n = len(ctx.snap.economies)
st.markdown("\n".join(f"- {t(k, n=n)}" for k in ("home.what1", "home.what2", "home.what3")))

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(t("home.top10"))
    scen = ctx.scenario()
    weights = ", ".join(f"{pillar_label(p)} {scen[state.weight_key(p)]}" for p in ctx.pillars)
    st.caption(t("home.weights_now", weights=weights, method=t(f"method.{scen['method']}")))
    result = scored(ctx)
    if result is not None:
        tiers = tier_series(ctx)
        top = ranking_table(result, ctx.dm, tiers).head(10)
        view = views.ranking_view(top, (), {k: tier_label(k) for k in (*TIERS, "unclassified")}, country_names(ctx))
        frame = views.translate_columns(view, current_lang())
        st.dataframe(
            frame,
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
    for path, key, icon in PAGES[1:]:
        st.page_link(path, label=t(key), icon=icon, query_params=state.to_query(scen, ctx.choices))
        st.caption(t("home.next." + key.split(".")[1]))

st.subheader(t("home.vintage"))
src = ctx.snap.sources.reset_index()
src = views.translate_columns(src[["publisher", "dataset", "edition", "year"]], current_lang())
st.dataframe(src, hide_index=True, width="stretch", height=38 + 35 * len(src))
