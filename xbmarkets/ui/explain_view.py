"""Show one explain.Explanation: the summary sentence, then pillar and indicator contributions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from xbmarkets import charts
from xbmarkets.ui.i18n import current_lang, label, t


def show_explanation(ex, ctx, key: str = "explain") -> None:
    def pl(p: str) -> str:
        return t(f"pillar.{p}")

    lang = current_lang()
    if lang == "en" and ex.summary:
        st.info(ex.summary)  # the engine's own sentence, with its unit-aware figures (as the CLI prints it)
    else:
        from xbmarkets.ui.reasons import explanation_summary
        from xbmarkets.ui.widgets import country_names

        country = country_names(ctx).get(ex.iso3, ex.iso3)
        st.info(explanation_summary(ex, country, lang))
    sep = t("punct.list")
    c1, c2 = st.columns(2)
    c1.markdown(t("ex.label", label=t("rank.strongest"), items=sep.join(pl(p) for p in ex.strongest_pillars) or "—"))
    c1.caption(sep.join(label("ind", i) for i in ex.strongest_indicators))
    c2.markdown(t("ex.label", label=t("rank.weakest"), items=sep.join(pl(p) for p in ex.weakest_pillars) or "—"))
    c2.caption(sep.join(label("ind", i) for i in ex.weakest_indicators))

    pillars = ex.pillars.reset_index().rename(columns={"index": "pillar"})
    pdata = pd.DataFrame({"label": pillars["pillar"].map(pl), "contribution": pillars["contribution"].astype(float)})
    st.markdown(f"**{t('rank.pillar_contrib')}**")
    st.altair_chart(
        charts.contribution_bars(pdata, value_title=t("col.contribution")), width="stretch", key=f"{key}_pillars"
    )

    ind = ex.indicators.reset_index().rename(columns={"index": "indicator"})
    ind = ind[ind["contribution"].notna()]
    idata = pd.DataFrame(
        {
            "label": [label("ind", i, fallback=n) for i, n in zip(ind["indicator"], ind["name"])],
            "contribution": ind["contribution"].astype(float),
            "pillar": ind["pillar"].map(pl),
        }
    )
    with st.expander(t("rank.ind_contrib")):
        st.altair_chart(
            charts.contribution_bars(
                idata, value_title=t("col.contribution"), color_field="pillar", color_title=t("col.pillar")
            ),
            width="stretch",
            key=f"{key}_ind",
        )
        table = ex.indicators.reset_index()
        table["name"] = [label("ind", i, fallback=n) for i, n in zip(table["indicator"], table["name"])]
        table["pillar"] = table["pillar"].map(pl)
        table["unit"] = [label("unit", str(u)) if isinstance(u, str) else u for u in table["unit"]]
        st.dataframe(
            table[
                ["name", "pillar", "raw", "year", "unit", "normalized", "weight_used", "contribution", "percentile"]
            ].rename(
                columns={
                    "name": t("col.indicator"),
                    "pillar": t("col.pillar"),
                    "raw": t("col.value"),
                    "year": t("col.year"),
                    "unit": t("col.unit"),
                    "normalized": t("col.normalized"),
                    "percentile": t("col.percentile"),
                    "weight_used": t("col.weight"),
                    "contribution": t("col.contribution"),
                }
            ),
            hide_index=True,
            width="stretch",
            key=f"{key}_table",
        )
