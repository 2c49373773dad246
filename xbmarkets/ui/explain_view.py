"""Show one explain.Explanation: the summary sentence, then pillar and indicator contributions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from xbmarkets.ui import cache, views
from xbmarkets.ui.i18n import label, translate
from xbmarkets.ui.markdown import escape_markdown


def show_explanation(ex, ctx, key: str = "explain") -> None:
    lang = str(getattr(ctx, "lang", "en"))  # the frame's language, not a lookup that can see another session

    def t(text_key: str, **fmt: object) -> str:
        return translate(text_key, lang, **fmt)

    def pl(p: str) -> str:
        return _pillar_word(p, lang)

    if lang == "en" and ex.summary:
        # the engine's own sentence (as the CLI prints it); it may quote a founder's column header
        st.info(escape_markdown(ex.summary))
    else:
        from xbmarkets.ui.reasons import explanation_summary

        country = ctx.names.get(ex.iso3, ex.iso3)
        st.info(escape_markdown(explanation_summary(ex, country, lang, getattr(ctx, "origin_name", ""))))
    sep = t("punct.list")
    ind_names = ex.indicators["name"].astype(str) if "name" in ex.indicators.columns else pd.Series(dtype=str)

    def il(i: str) -> str:
        # a founder's column header is untrusted text inside a markdown caption
        return label("ind", i, lang, fallback=escape_markdown(ind_names.get(i, i)))

    c1, c2 = st.columns(2)
    c1.markdown(t("ex.label", label=t("rank.strongest"), items=sep.join(pl(p) for p in ex.strongest_pillars) or "—"))
    # the indicator lines are their own statement: a pillar line can say "—" while an indicator still stands out
    if ex.strongest_indicators:
        c1.caption(t("ex.inds_strong", items=sep.join(il(i) for i in ex.strongest_indicators)))
    c2.markdown(t("ex.label", label=t("rank.weakest"), items=sep.join(pl(p) for p in ex.weakest_pillars) or "—"))
    if ex.weakest_indicators:
        c2.caption(t("ex.inds_weak", items=sep.join(il(i) for i in ex.weakest_indicators)))

    pillars = ex.pillars.reset_index().rename(columns={"index": "pillar"})
    pdata = pd.DataFrame({"label": pillars["pillar"].map(pl), "contribution": pillars["contribution"].astype(float)})
    st.markdown(f"**{t('rank.pillar_contrib')}**")
    st.vega_lite_chart(pdata, cache.contribution_spec(t("col.contribution")), width="stretch", key=f"{key}_pillars")

    # the indicator detail (a chart and a table of ~40 rows) is built when asked for, not on every slider move
    if st.toggle(t("rank.ind_contrib"), key=f"{key}_detail"):
        _indicator_detail(ex, lang, key, sep)


def _indicator_detail(ex, lang: str, key: str, sep: str) -> None:
    """Every indicator's contribution as bars, the ones without data named, then the table behind them."""
    ind = ex.indicators.reset_index().rename(columns={"index": "indicator"})
    have = ind[ind["contribution"].notna()]  # a missing indicator is not charted as a zero bar
    idata = pd.DataFrame(
        {
            "label": [
                label("ind", i, lang, fallback=str(n)) for i, n in zip(have["indicator"], have["name"], strict=True)
            ],
            "contribution": have["contribution"].astype(float),
            "pillar": have["pillar"].map(lambda p: _pillar_word(p, lang)),
        }
    )
    if ex.missing_indicators:
        names = {i: n for i, n in zip(ind["indicator"], ind["name"], strict=True)}
        missing = sep.join(
            label("ind", i, lang, fallback=escape_markdown(names.get(i, i))) for i in ex.missing_indicators
        )
        st.caption(translate("ex.no_data", lang, items=missing))
    spec = cache.contribution_spec(
        translate("col.contribution", lang), color_field="pillar", color_title=translate("col.pillar", lang)
    )
    st.vega_lite_chart(idata, spec, width="stretch", key=f"{key}_ind")
    table = indicator_table(ex, lang)
    st.dataframe(views.translate_columns(table, lang), hide_index=True, width="stretch", key=f"{key}_table")


def _pillar_word(pillar: str, lang: str) -> str:
    return translate(f"pillar.{pillar}", lang)


def indicator_table(ex, lang: str) -> pd.DataFrame:
    """The indicator rows as shown: a missing value says "no data" instead of a blank that reads as 0."""
    from xbmarkets.ui.i18n import translate

    table = ex.indicators.reset_index()
    out = pd.DataFrame(
        {
            "indicator": [
                label("ind", i, lang, fallback=str(n)) for i, n in zip(table["indicator"], table["name"], strict=True)
            ],
            "pillar": table["pillar"].map(lambda p: _pillar_word(p, lang)),
            "value": table["raw"].astype(float),
            "year": table["year"].astype("Int64"),
            "unit": [label("unit", str(u), lang) if isinstance(u, str) else u for u in table["unit"]],
            "normalized": table["normalized"].astype(float),
            "weight": table["weight_used"].astype(float),
            "contribution": table["contribution"].astype(float),
            "percentile": table["percentile"].astype(float),
        }
    )
    no_data = translate("ex.no_data_cell", lang)
    out.insert(3, "note", [no_data if pd.isna(v) else "" for v in table["normalized"]])
    return out
