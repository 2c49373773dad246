"""Map: the score, a pillar or any indicator on a world map — drawn without network."""

from __future__ import annotations

import streamlit as st

from xbmarkets.export import KINDS_ATTR
from xbmarkets.ui import cache, frame, views
from xbmarkets.ui.i18n import label, t
from xbmarkets.ui.results import download_csv, guard, scored


@st.fragment
def body(page_ctx: frame.Frame) -> None:
    """Everything below the title, rerun on its own when one of its controls moves (issue 12): the
    navigation, the sidebar and the frame are not rebuilt. See `frame.refresh`."""
    ctx = frame.refresh(page_ctx)
    result = scored(ctx)
    crit = ctx.dm.criteria
    options = views.map_options(ctx.pillars, list(crit.index), result is not None)
    if st.session_state.get("map_what") not in options:
        st.session_state["map_what"] = options[0]

    what = st.selectbox(
        t("map.what"), options, key="map_what", format_func=lambda o: views.map_option_label(o, crit, ctx.lang)
    )
    source_years = ctx.snap.sources["year"].astype(float).to_dict() if "year" in ctx.snap.sources.columns else {}
    data = guard(views.map_values, ctx.dm, what, result, ctx.names, source_years)
    if data is not None:
        title = views.map_title(what, crit, ctx.lang)
        is_ind = what.startswith("ind:")
        unit = label("unit", str(crit.loc[what[4:], "unit"]), ctx.lang) if is_ind else ""
        year_title = t("col.year") if is_ind else t("col.data_years")
        spec = cache.map_spec(data, f"{title} ({unit})" if unit else title, t("col.country"), year_title)
        st.vega_lite_chart(spec, width="stretch")  # the spec altair built once (cache.map_spec)
        st.caption(f"{t('map.no_data')} {t('map.geometry')}" + ("" if is_ind else f" {t('map.years_help')}"))
        out = data[["iso3", "country", "value", "year"]].rename(
            columns={"iso3": t("col.iso3"), "country": t("col.country"), "value": title, "year": year_title}
        )
        if is_ind:  # a source's values: never cut to a score's 4 decimals (xbmarkets.export)
            out.attrs[KINDS_ATTR] = {title: "exact"}
        meta = {"mapped": what}
        if result is not None:
            meta.update(views.page_meta(result, ctx.dm, ctx.snap.sources, ctx.meta_settings))
        download_csv("map.download", out, meta, "xbmarkets-map.csv", "download_map")


ctx = frame.current()
st.title(t("map.title"))
body(ctx)
