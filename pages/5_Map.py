"""Map: the score, a pillar or any indicator on a world map — drawn without network."""

from __future__ import annotations

import streamlit as st

from xbmarkets import charts
from xbmarkets.export import KINDS_ATTR
from xbmarkets.ui import cache, views
from xbmarkets.ui.i18n import label, t
from xbmarkets.ui.widgets import country_names, download_csv, guard, meta_settings, pillar_label, scored, setup_page

ctx = setup_page("nav.map")
st.title(t("map.title"))
names = country_names(ctx)
result = scored(ctx)
crit = ctx.dm.criteria
options = (
    (["score"] if result is not None else [])
    + [f"pillar:{p}" for p in ctx.pillars if result is not None]
    + [f"ind:{i}" for i in crit.index]
)
if st.session_state.get("map_what") not in options:
    st.session_state["map_what"] = options[0]


def _title(opt: str) -> str:
    """What is mapped, as a legend / CSV column title (an indicator's full name, a custom header as written)."""
    if opt == "score":
        return t("map.score")
    if opt.startswith("pillar:"):
        return pillar_label(opt[7:])
    ind = opt[4:]
    return label("ind", ind, fallback=str(crit.loc[ind, "name"]))


def _option(opt: str) -> str:
    if opt == "score":
        return t("map.score")
    if opt.startswith("pillar:"):
        return t("map.pillar", pillar=pillar_label(opt[7:]))
    return t("map.indicator", name=_title(opt))  # selectbox options are plain text, not markdown


what = st.selectbox(t("map.what"), options, key="map_what", format_func=_option)
source_years = ctx.snap.sources["year"].astype(float).to_dict() if "year" in ctx.snap.sources.columns else {}
data = guard(views.map_values, ctx.dm, what, result, names, source_years)
if data is not None:
    title = _title(what)
    is_ind = what.startswith("ind:")
    unit = label("unit", str(crit.loc[what[4:], "unit"])) if is_ind else ""
    year_title = t("col.year") if is_ind else t("col.data_years")
    chart = charts.choropleth(
        cache.topology(),
        data,
        value_title=f"{title} ({unit})" if unit else title,
        country_title=t("col.country"),
        year_title=year_title,
    )
    st.altair_chart(chart, width="stretch")
    st.caption(f"{t('map.no_data')} {t('map.geometry')}" + ("" if is_ind else f" {t('map.years_help')}"))
    out = data[["iso3", "country", "value", "year"]].rename(
        columns={"iso3": t("col.iso3"), "country": t("col.country"), "value": title, "year": year_title}
    )
    if is_ind:  # a source's values: never cut to a score's 4 decimals (xbmarkets.export)
        out.attrs[KINDS_ATTR] = {title: "exact"}
    meta = {"mapped": what}
    if result is not None:
        meta.update(views.page_meta(result, ctx.dm, ctx.snap.sources, meta_settings(ctx)))
    download_csv("map.download", out, meta, "xbmarkets-map.csv", "download_map")
