"""Map: the score, a pillar or any indicator on a world map — drawn without network."""

from __future__ import annotations

import streamlit as st

from xbmarkets import charts
from xbmarkets.ui import cache, views
from xbmarkets.ui.i18n import label, t
from xbmarkets.ui.widgets import country_names, download_csv, guard, pillar_label, scored, setup_page

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


def _name(opt: str) -> str:
    if opt == "score":
        return t("map.score")
    if opt.startswith("pillar:"):
        return t("map.pillar", pillar=pillar_label(opt[7:]))
    ind = opt[4:]
    return t("map.indicator", name=label("ind", ind, fallback=str(crit.loc[ind, "name"])))


what = st.selectbox(t("map.what"), options, key="map_what", format_func=_name)
data = guard(views.map_values, ctx.dm, what, result, names)
if data is not None:
    title = _name(what).split("：")[-1].split(": ")[-1]
    unit = label("unit", str(crit.loc[what[4:], "unit"])) if what.startswith("ind:") else ""
    chart = charts.choropleth(
        cache.topology(),
        data,
        value_title=f"{title} ({unit})" if unit else title,
        country_title=t("col.country"),
        year_title=t("col.year"),
    )
    st.altair_chart(chart, width="stretch")
    st.caption(f"{t('map.no_data')} {t('map.geometry')}")
    out = data[["iso3", "country", "value", "year"]].rename(
        columns={"iso3": t("col.iso3"), "country": t("col.country"), "value": title, "year": t("col.year")}
    )
    meta = {"mapped": what}
    if result is not None:
        meta.update(views.export_meta(result, ctx.snap.sources, crit["source"].unique()))
    download_csv("map.download", out, meta, "xbmarkets-map.csv", "download_map")
