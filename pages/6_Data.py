"""Data: every source and its licence, coverage, and the founder's own CSV as an extra pillar."""

from __future__ import annotations

import streamlit as st

from xbmarkets import charts
from xbmarkets.ui import frame, views
from xbmarkets.ui.i18n import label, t
from xbmarkets.ui.labels import direction_label, pillar_label
from xbmarkets.ui.markdown import escape_markdown
from xbmarkets.ui.session import STALE, UPLOAD, remove_upload, take_upload, upload_direction_key

ctx = frame.current()
st.title(t("data.title"))
lang = ctx.lang

tab_src, tab_ind, tab_cov, tab_up = st.tabs(
    [t("data.sources"), t("data.catalog"), t("data.coverage_tab"), t("data.upload")]
)
with tab_up:
    st.caption(t("data.upload_intro"))
    from xbmarkets.custom import template_csv

    st.download_button(
        t("data.template"),
        template_csv(),
        file_name="xbmarkets-template.csv",
        mime="text/csv",
        key="download_template",
        on_click="ignore",
    )
    if take_upload(st.file_uploader(t("data.uploader"), type=["csv", "txt"], key="custom_file")):
        st.rerun()
    err = st.session_state.get("_upload_error")
    up = st.session_state.get(UPLOAD)
    if err:
        # the loader's message quotes the founder's cells: shown as text, never as markdown
        st.error(t("data.rejected", msg=escape_markdown(err)))
        if up:
            st.info(t("data.kept", name=escape_markdown(up["name"])))
    if up and ctx.has_custom:
        custom = ctx.dm.criteria[ctx.dm.criteria["pillar"] == "custom"]
        st.success(
            t("data.loaded", name=escape_markdown(up["name"]), cols=len(custom), rows=views.custom_coverage(ctx.dm))
        )
        for w in up.get("warnings", []):
            st.caption(t("data.warning", msg=escape_markdown(w)))
        for ind, row in custom.iterrows():
            st.radio(
                t("data.direction", col=escape_markdown(row["name"])),
                (1, -1),
                key=upload_direction_key(str(ind)),
                horizontal=True,
                format_func=lambda d: direction_label(d, lang),
            )
        st.caption(t("data.weight_hint"))
        st.button(t("data.remove"), key="remove_custom", on_click=remove_upload)
    elif up and st.session_state.get(STALE):
        # kept after it stopped joining the data (the warning above says why): nothing the founder had is lost
        st.download_button(
            t("data.download_kept"),
            up["bytes"],
            file_name=str(up["name"]),
            mime="text/csv",
            key="download_kept_upload",
            on_click="ignore",
        )
        st.button(t("data.remove"), key="remove_custom", on_click=remove_upload)
    elif not up:
        st.caption(t("err.no_custom"))

with tab_src:
    src = ctx.snap.sources.reset_index()
    cols = [c for c in ("source", "publisher", "dataset", "edition", "year", "licence", "origin") if c in src.columns]
    st.dataframe(
        views.translate_columns(src[cols], lang),
        hide_index=True,
        width="stretch",
    )

with tab_ind:
    from xbmarkets.coverage import indicator_summary

    summ = indicator_summary(ctx.snap).reset_index()
    summ["name"] = [label("ind", i, lang, fallback=n) for i, n in zip(summ["id"], summ["name"], strict=True)]
    summ["pillar"] = summ["pillar"].map(lambda p: pillar_label(p, lang))
    summ["direction"] = summ["direction"].map(lambda d: t(f"dir.{d}"))
    summ["unit"] = summ["unit"].map(lambda u: label("unit", str(u), lang))
    summ["quality"] = summ["quality"].map(lambda q: t(f"quality.{q}"))
    show = summ[
        [
            "id",
            "name",
            "pillar",
            "quality",
            "direction",
            "unit",
            "source",
            "edition",
            "licence",
            "n_economies",
            "latest_year",
            "why",
        ]
    ]
    st.dataframe(
        views.translate_columns(
            show, lang, {"name": t("col.indicator"), "latest_year": t("col.year"), "quality": t("col.quality")}
        ),
        hide_index=True,
        width="stretch",
        height=520,
    )

with tab_cov:
    st.caption(t("data.coverage"))
    cov = views.coverage_long(ctx.dm, ctx.pillars, ctx.names)
    cov["pillar"] = cov["pillar"].map(lambda p: pillar_label(p, lang))
    st.altair_chart(
        charts.coverage_heatmap(
            cov,
            pillar_order=[pillar_label(p, lang) for p in ctx.pillars],
            titles={"coverage": t("col.coverage"), "country": t("col.country"), "pillar": t("col.pillar")},
        ),
        width="stretch",
    )
