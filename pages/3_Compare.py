"""Compare: 2–5 countries side by side, and why each ranks where it does."""

from __future__ import annotations

import streamlit as st

from xbmarkets.origin import fit_facts
from xbmarkets.ui import frame, views
from xbmarkets.ui.decide_view import scenario_comparison, what_it_takes
from xbmarkets.ui.i18n import label, t, translate
from xbmarkets.ui.labels import pillar_label
from xbmarkets.ui.reasons import exclusion_reasons, fit_sentence, number
from xbmarkets.ui.results import chart, explanation, scored


@st.fragment
def body(page_ctx: frame.Frame) -> None:
    """Everything below the title, rerun on its own when one of its controls moves (issue 12): the
    navigation, the sidebar and the frame are not rebuilt. See `frame.refresh`."""
    ctx = frame.refresh(page_ctx)
    names, lang = ctx.names, ctx.lang
    view = st.segmented_control(
        t("cmp.view"),
        ("markets", "scenarios"),
        key="cmp_view",
        default="markets",
        required=True,
        label_visibility="collapsed",
        format_func=lambda v: translate(f"cmp.tab.{v}", lang),
    )
    result = scored(ctx) if view != "scenarios" else None
    if result is not None:
        ranked = list(result.table.index)
        everyone = ranked + sorted(set(ctx.dm.values.index) - set(ranked))
        st.session_state["cmp_pick"] = views.compare_pick(st.session_state.get("cmp_pick", []), everyone, ranked)
        chosen = st.multiselect(
            t("cmp.pick"),
            everyone,
            key="cmp_pick",
            max_selections=5,
            format_func=lambda c: f"{names.get(c, c)} ({c})",
            placeholder=t("cmp.pick_placeholder"),
        )
        if len(chosen) < 2:
            st.info(t("cmp.need2"))
        else:
            in_rank = [c for c in chosen if c in result.table.index]
            excl = result.excluded.set_index("iso3")
            reasons = exclusion_reasons(excl, lang)
            for c in chosen:
                if c not in result.table.index:
                    st.warning(t("cmp.not_ranked", country=names.get(c, c), reason=reasons.get(c, "")))
            cols = st.columns(len(chosen))
            for col, c in zip(cols, chosen, strict=True):
                with col:
                    st.metric(
                        names.get(c, c),
                        f"#{int(result.table.loc[c, 'rank'])}" if c in result.table.index else "—",
                        help=None,
                    )
                    if c in result.table.index:
                        st.caption(
                            t(
                                "cmp.rank_line",
                                rank=int(result.table.loc[c, "rank"]),
                                score=float(result.table.loc[c, "score"]),
                            )
                        )
                    fit = fit_sentence(fit_facts(ctx.dm.context, c), ctx.origin_name, lang) if ctx.origin else ""
                    if fit:
                        st.caption(f"{t('cmp.fit', origin=ctx.origin_name)}: {fit}")
            if in_rank:
                st.subheader(t("cmp.pillars"))
                labels = {p: pillar_label(p, lang) for p in ctx.pillars}
                long = views.pillars_long(result.table, in_rank, ctx.pillars, names, labels)
                chart(
                    "grouped_pillars",
                    long,
                    pillar_order=list(labels.values()),
                    titles={"score": t("col.score"), "country": t("col.country"), "pillar": t("col.pillar")},
                )

            st.subheader(t("cmp.values"))
            crit = ctx.dm.criteria
            vals = views.compare_values(
                ctx.dm,
                chosen,
                {i: label("ind", i, lang, fallback=str(crit.loc[i, "name"])) for i in crit.index},
                {p: pillar_label(p, lang) for p in crit["pillar"].unique()},
                names,
                {
                    "pillar": t("col.pillar"),
                    "indicator": t("col.indicator"),
                    "source": t("col.source"),
                    "quality": t("col.quality"),
                },
                {r.Index: f"{r.publisher}, {r.dataset} ({r.edition})" for r in ctx.snap.sources.itertuples()},
                number=lambda v: number(v, lang),
                quality={i: t(f"quality.{q}") for i, q in ctx.snap.catalog["quality"].items()},
            )
            st.dataframe(vals, hide_index=True, width="stretch", height=420)

            if in_rank:
                st.subheader(t("cmp.why"))
                from xbmarkets.ui.explain_view import show_explanation

                tabs = st.tabs([names.get(c, c) for c in in_rank])
                for tab, c in zip(tabs, in_rank, strict=True):
                    with tab:
                        ex = explanation(ctx, result, c)
                        if ex is not None:
                            show_explanation(ex, ctx, key=f"cmp_{c}")

                st.subheader(t("wi.title"))
                st.caption(t("cmp.wi_intro"))
                if st.session_state.get("cmp_wi_pick") not in in_rank:  # the picked markets moved under it
                    st.session_state.pop("cmp_wi_pick", None)
                wi_pick = st.selectbox(
                    t("wi.pick"), in_rank, key="cmp_wi_pick", format_func=lambda c: f"{names.get(c, c)} ({c})"
                )
                what_it_takes(ctx, result, wi_pick, key="cmp")

    if view == "scenarios":
        scenario_comparison(ctx)


ctx = frame.current()
st.title(t("cmp.title"))
body(ctx)
