"""Tiers & entry plan: who is mature / growth / emerging, and the order to enter them."""

from __future__ import annotations

import streamlit as st

from xbmarkets.report import wave_sizes
from xbmarkets.ui import frame, views
from xbmarkets.ui.i18n import t
from xbmarkets.ui.labels import tier_labels
from xbmarkets.ui.markdown import escape_markdown
from xbmarkets.ui.reasons import fit_notes, plan_rationales, tier_rule
from xbmarkets.ui.results import SEED, chart, download_csv, guard, scored, tier_words, tiers
from xbmarkets.vocab import MAX_WAVE_SIZE, MAX_WAVES, TIERS


@st.fragment
def body(page_ctx: frame.Frame) -> None:
    """Everything below the title, rerun on its own when one of its controls moves (issue 12): the
    navigation, the sidebar and the frame are not rebuilt. See `frame.refresh`."""
    ctx = frame.refresh(page_ctx)
    names, lang = ctx.names, ctx.lang
    tier_names = tier_labels(lang)

    k = st.select_slider(t("tiers.k"), options=[2, 3, 4, 5, 6], key="tiers_k")
    tr = tiers(ctx, int(k))
    if tr is not None:
        # reasons and rule worded in the session language from the engine's structured columns
        table = tr.table.assign(reason=tier_words(ctx, tr, int(k)))
        rule = tier_rule(tr, ctx.dm, int(k), SEED, lang)
        left, right = st.columns([2, 1], gap="large")
        with left:
            st.subheader(t("tiers.scatter"))
            pts = views.tier_points(table, names)
            chart(
                "tier_scatter",
                pts,
                tier_order=views.tier_order(pts["tier"]),
                tier_labels=tier_names,
                titles={
                    "maturity": t("col.maturity"),
                    "momentum": t("col.momentum"),
                    "tier": t("col.tier"),
                    "country": t("col.country"),
                    "reason": t("col.reason"),
                },
            )
            st.caption(rule)
        with right:
            st.markdown(f"**{t('tiers.silhouette')}**")
            # computed once per process: the TierResult is shared (cache_resource)
            sil = tr.silhouette.dropna().rename("silhouette").rename_axis("k").reset_index()
            chart("silhouette_chart", sil, k_title="k", value_title=t("tiers.sil_axis"), chosen=int(k))
            st.dataframe(
                views.translate_columns(views.tier_counts(table, tier_names), lang), hide_index=True, width="stretch"
            )

        from xbmarkets.tiers import region_disagreements

        dis = region_disagreements(tr)
        dis = dis.assign(reason=table["reason"].reindex(dis.index))
        with st.expander(t("tiers.disagree", n=len(dis))):
            shown = views.translate_columns(views.disagreements_view(dis, names, tier_names), lang)
            st.dataframe(shown, hide_index=True, width="stretch")

        tiers_csv = views.tiers_view(tr, ctx.dm, names, table["reason"])
        tiers_meta = {
            "generated_by": views.DASHBOARD,
            "command": "tiers",
            "k": str(k),
            "seed": str(SEED),  # TierResult does not carry its seed; SEED is what cache.tiers got
            "rule": rule,
            **ctx.meta_settings,
        }
        download_csv("tiers.download_tiers", tiers_csv, tiers_meta, "xbmarkets-tiers.csv", "download_tiers")

    st.divider()
    st.subheader(t("tiers.plan"))
    st.caption(t("tiers.plan_intro"))
    result = scored(ctx)
    if result is not None and tr is not None:
        ranked = list(result.table.index)
        for key in ("plan_exclude", "plan_must"):  # the ranked set moves with the weights
            st.session_state[key] = [c for c in st.session_state.get(key, []) if c in set(ranked)]
        fmt = lambda c: f"{names.get(c, c)} ({c})"  # noqa: E731
        with st.expander(t("tiers.constraints"), expanded=False):
            c1, c2 = st.columns(2)
            none = t("tiers.none_picked")
            exclude = c1.multiselect(t("tiers.exclude"), ranked, key="plan_exclude", format_func=fmt, placeholder=none)
            must = c2.multiselect(t("tiers.must"), ranked, key="plan_must", format_func=fmt, placeholder=none)
            c3, c4, c5 = st.columns(3)
            any_tier = t("tiers.start_any")
            start = c3.selectbox(
                t("tiers.start_tier"),
                ("",) + TIERS,
                key="plan_start",
                format_func=lambda x: any_tier if x == "" else tier_names.get(x, x),
            )
            cap = c4.number_input(t("tiers.max_region"), 0, 10, key="plan_cap")
            near = c5.toggle(t("tiers.expand_near"), key="plan_near", help=t("tiers.expand_near_help"))
            c6, c7 = st.columns(2)
            waves = c6.slider(t("tiers.waves"), 1, MAX_WAVES, key="plan_waves")
            size = c7.slider(
                t("tiers.wave_size"), 1, MAX_WAVE_SIZE, key="plan_wave_size", help=t("tiers.wave_size_help")
            )
        from xbmarkets.plan import entry_plan

        sizes = guard(wave_sizes, int(waves), int(size))
        plan = (
            None
            if sizes is None
            else guard(
                entry_plan,
                result.table,
                tr.table,
                ctx.dm.economies,
                wave_sizes=sizes,
                exclude=exclude,
                must_include=must,
                start_tier=start or None,
                max_per_region=int(cap) or None,
                expand_near=near,
                fit_notes=fit_notes(
                    ctx.dm, result.table.index, str(ctx.dm.economies["name"].get(ctx.origin, "")), "en"
                ),
            )
        )
        fit = fit_notes(ctx.dm, result.table.index, ctx.origin_name, lang)
        if plan is not None:
            if plan.empty:
                st.info(t("tiers.empty_plan"))
            else:
                plan = plan.copy()
                plan["country"] = plan["iso3"].map(names).fillna(plan["country"])
                plan["rationale"] = plan_rationales(plan, lang, fit=fit)
                st.markdown(f"**{t('tiers.timeline')}**")
                chart(
                    "wave_timeline",
                    plan,
                    wave_label=t("tiers.wave_n", n="{n}"),
                    tier_labels=tier_names,
                    titles={
                        "country": t("col.country"),
                        "rank": t("col.rank"),
                        "tier": t("col.tier"),
                        "rationale": t("col.rationale"),
                    },
                )
                whys = plan_rationales(plan, lang, head=False, fit=fit)  # the box title names the wave
                plan_col, sure_col = st.columns([3, 2], gap="large")
                with plan_col:
                    for wave, rows in plan.groupby("wave", sort=True):
                        title = t("tiers.wave1") if wave == 1 else t("tiers.wave_n", n=int(wave))
                        with st.container(border=True):
                            st.markdown(f"**{title}**")
                            for r, why in zip(rows.itertuples(), whys[rows.index], strict=True):
                                st.markdown(f"- **{escape_markdown(r.country)}** ({r.iso3}) — {why}")
                    plan_csv = views.plan_frame(plan, lang, tier_names)
                    meta = views.page_meta(
                        result,
                        ctx.dm,
                        ctx.snap.sources,
                        {
                            **ctx.meta_settings,
                            "wave_sizes": ",".join(map(str, sizes)),
                            "exclude": ",".join(exclude),
                            "must_include": ",".join(must),
                            "start_tier": start or "any",
                            "max_per_region": str(int(cap) or "none"),
                            "expand_near": str(bool(near)),
                        },
                    )
                    download_csv("tiers.download_plan", plan_csv, meta, "xbmarkets-plan.csv", "download_plan")
                with sure_col:  # how sure the plan is, beside it: the same plan re-made under the Robustness draws
                    from xbmarkets.plan_robustness import PlanSettings
                    from xbmarkets.ui.decide_view import plan_robustness_block

                    settings = PlanSettings(
                        wave_sizes=tuple(sizes),
                        exclude=tuple(exclude),
                        must_include=tuple(must),
                        start_tier=start or None,
                        max_per_region=int(cap) or None,
                        expand_near=bool(near),
                    )
                    plan_robustness_block(ctx, result, tr, int(k), settings)


ctx = frame.current()
st.title(t("tiers.title"))
st.caption(t("tiers.intro"))
body(ctx)
