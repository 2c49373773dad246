"""Data: every source and its licence, coverage, and the founder's own CSV as an extra pillar."""

from __future__ import annotations

import streamlit as st

from xbmarkets import charts
from xbmarkets.ui import cache, views
from xbmarkets.ui.i18n import label, t
from xbmarkets.ui.widgets import UPLOAD, country_names, pillar_label, setup_page


def _take_upload(f) -> bool:
    """Accept a new file only if the loader accepts it; otherwise keep the last good one.

    Returns True when the model changed (the page must rerun to rebuild it).
    """
    if f is None or st.session_state.get("_upload_seen") == f.file_id:
        return False
    st.session_state["_upload_seen"] = f.file_id
    from xbmarkets.custom import CustomDataError

    data = f.getvalue()
    try:
        snap = cache.snapshot(cache.data_dir())
        loaded = cache.custom(data, (), tuple(snap.economies.index))
    except CustomDataError as exc:
        st.session_state["_upload_error"] = str(exc)
        return False
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("cdir_")]:
        del st.session_state[key]
    for ind, row in loaded.criteria.iterrows():
        st.session_state[f"cdir_{ind}"] = int(row["direction"])
    st.session_state[UPLOAD] = {"name": f.name, "bytes": data, "warnings": list(loaded.warnings)}
    st.session_state.pop("_upload_error", None)
    return True


def _remove() -> None:
    st.session_state.pop(UPLOAD, None)
    st.session_state.pop("_upload_error", None)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("cdir_")]:
        del st.session_state[key]


ctx = setup_page("nav.data")
st.title(t("data.title"))
names = country_names(ctx)

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
    if _take_upload(st.file_uploader(t("data.uploader"), type=["csv", "txt"], key="custom_file")):
        st.rerun()
    err = st.session_state.get("_upload_error")
    up = st.session_state.get(UPLOAD)
    if err:
        st.error(t("data.rejected", msg=err))
        if up:
            st.info(t("data.kept", name=up["name"]))
    if up and ctx.has_custom:
        custom = ctx.dm.criteria[ctx.dm.criteria["pillar"] == "custom"]
        rows = int(ctx.dm.values[custom.index].notna().any(axis=1).sum())
        st.success(t("data.loaded", name=up["name"], cols=len(custom), rows=rows))
        for w in up.get("warnings", []):
            st.caption(t("data.warning", msg=w))
        for ind, row in custom.iterrows():
            st.radio(
                t("data.direction", col=str(row["name"])),
                (1, -1),
                key=f"cdir_{ind}",
                horizontal=True,
                format_func=lambda d: t("dir.higher_is_better") if d == 1 else t("dir.lower_is_better"),
            )
        st.caption(t("data.weight_hint"))
        st.button(t("data.remove"), key="remove_custom", on_click=_remove)
    elif not up:
        st.caption(t("err.no_custom"))

with tab_src:
    src = ctx.snap.sources.reset_index()
    cols = [c for c in ("source", "publisher", "dataset", "edition", "year", "licence", "origin") if c in src.columns]
    st.dataframe(
        src[cols].rename(
            columns={
                "source": t("col.source"),
                "publisher": t("col.publisher"),
                "dataset": t("col.dataset"),
                "edition": t("col.edition"),
                "year": t("col.year"),
                "licence": t("col.licence"),
            }
        ),
        hide_index=True,
        width="stretch",
    )

with tab_ind:
    from xbmarkets.coverage import indicator_summary

    summ = indicator_summary(ctx.snap).reset_index()
    summ["name"] = [label("ind", i, fallback=n) for i, n in zip(summ["id"], summ["name"])]
    summ["pillar"] = summ["pillar"].map(pillar_label)
    summ["direction"] = summ["direction"].map(lambda d: t(f"dir.{d}"))
    summ["unit"] = summ["unit"].map(lambda u: label("unit", str(u)))
    show = summ[
        [
            "id",
            "name",
            "pillar",
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
        show.rename(
            columns={
                "name": t("col.indicator"),
                "pillar": t("col.pillar"),
                "direction": t("col.direction"),
                "unit": t("col.unit"),
                "source": t("col.source"),
                "edition": t("col.edition"),
                "licence": t("col.licence"),
                "n_economies": t("col.n_economies"),
                "latest_year": t("col.year"),
                "why": t("col.why"),
            }
        ),
        hide_index=True,
        width="stretch",
        height=520,
    )

with tab_cov:
    st.caption(t("data.coverage"))
    cov = views.coverage_long(None, ctx.dm, ctx.pillars, names)
    cov["pillar"] = cov["pillar"].map(pillar_label)
    st.altair_chart(
        charts.coverage_heatmap(
            cov,
            pillar_order=[pillar_label(p) for p in ctx.pillars],
            titles={"coverage": t("col.coverage"), "country": t("col.country"), "pillar": t("col.pillar")},
        ),
        width="stretch",
    )
