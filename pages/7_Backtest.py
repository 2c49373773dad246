"""Backtest: had a seller used these settings in 2017 or 2021, did the markets they favoured do better afterwards?"""

from __future__ import annotations

import streamlit as st

from xbmarkets import charts
from xbmarkets.backtest import backtest_meta
from xbmarkets.outcomes import outcomes_for
from xbmarkets.report import snapshot_about
from xbmarkets.ui import backtest_view as bv
from xbmarkets.ui import frame, views
from xbmarkets.ui.i18n import t, translate
from xbmarkets.ui.labels import pillar_label
from xbmarkets.ui.results import backtest, download_csv

ctx = frame.current()
st.title(t("bt.title"))
st.caption(t("bt.intro"))
lang, names = ctx.lang, ctx.names
years = bv.backtest_years(ctx.path)


def scenario_lines(run) -> None:
    """The scenario as scored on the vintage, and what the vintage could not hold."""
    scen, year = ctx.scenario, run.year
    weights = translate("punct.list", lang).join(f"{pillar_label(p, lang)} {w:g}" for p, w in bv.weighted(run.inputs))
    st.caption(t("bt.scenario", weights=weights, method=t(f"method.{scen['method']}"), cov=float(scen["cov"])))
    if ctx.origin:
        st.caption(t("bt.origin", origin=ctx.origin_name, year=year))
    if run.inputs.absent_pillars:
        labels = translate("punct.list", lang).join(pillar_label(p, lang) for p in run.inputs.absent_pillars)
        st.caption(t("bt.absent_pillars", pillars=labels, year=year))
    lacking = bv.left_out_text(run.inputs.absent_indicators, run.snap.left_out, year, lang)
    if lacking:
        st.caption(lacking)


def verdict(run, subject: str) -> None:
    """The verdict on what the founder judges, and the growth pillar's under it."""
    bt = run.bt
    v = bt.verdicts[subject]
    box = {"success": st.success, "warning": st.warning}.get(bv.verdict_box(v.kind), st.info)
    box(t("bt.verdict", verdict=bv.verdict_text(v, bt.outcome, lang)))
    if subject != "growth":
        if "growth" in bt.verdicts:
            st.markdown(t("bt.growth_line", verdict=bv.verdict_text(bt.verdicts["growth"], bt.outcome, lang)))
        else:
            st.caption(t("bt.growth_unweighted"))


def caveats(run, subject: str) -> None:
    """What limits the verdict: sample size, survey noise, revised data … in the founder's language."""
    lines = bv.caveat_lines(run.bt.verdicts[subject], lang)
    with st.container(border=True):
        st.markdown(f"**{t('bt.caveats')}**\n" + "\n".join(f"- {line}" for line in lines))


def figures(run, subject: str) -> None:
    """ρ, its interval, n and the fifths of the judged subject, in one row."""
    row = bv.summary_row(run.bt, subject)
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(f"{t('bt.m.rho')} · {bv.subject_label(subject, lang)}", f"{row['rho']:+.2f}")
    m2.metric(t("bt.m.interval"), t("bt.m.interval_value", low=f"{row['low']:+.2f}", high=f"{row['high']:+.2f}"))
    m3.metric(t("bt.m.n"), int(row["n"]))
    fifths = bv.fifths_text(row, run.bt.outcome, lang)
    m4.metric(t("bt.m.fifths"), f"{row['top_fifth']:+.2f} / {row['bottom_fifth']:+.2f}", help=fifths or None)
    if fifths:
        st.caption(fifths)


def pictures(run, subject: str) -> None:
    """The scatter of the judged subject against the outcome, beside ρ with its interval for every subject."""
    bt, year = run.bt, run.year
    spec = bt.outcome
    outcome_title = bv.outcome_title(spec, lang)
    left, right = st.columns([3, 2], gap="large")
    with left:
        subject_name = bv.subject_label(subject, lang)
        st.markdown(f"**{t('bt.scatter', subject=subject_name, year=year, outcome=bv.outcome_short(spec, lang))}**")
        points = bv.scatter_frame(bt.table, subject, names)
        top = bv.TOP_LABELLED
        st.altair_chart(
            charts.backtest_scatter(
                points,
                titles={
                    "x": t("bt.axis_x", subject=subject_name, year=year),
                    "y": outcome_title,
                    "country": t("col.country"),
                    "rank": t("col.rank"),
                },
                top_label=t("bt.legend_top", top=top, year=year),
                rest_label=t("bt.legend_rest"),
            ),
            width="stretch",
        )
        st.caption(t("bt.scatter_note", top=top, year=year, shown=int(points["top"].sum())))
    with right:
        st.markdown(f"**{t('bt.intervals')}**")
        kinds = ("supports", "contradicts", "no_evidence", "too_few")
        st.altair_chart(
            charts.rho_intervals(
                bv.interval_frame(bt.summary, spec, lang),
                titles={
                    "rho": t("bt.col.rho"),
                    "low": t("bt.col.low"),
                    "high": t("bt.col.high"),
                    "n": t("bt.col.n"),
                    "subject": t("bt.col.subject"),
                    "verdict": t("bt.col.verdict"),
                },
                kind_labels={k: bv.kind_label(k, lang) for k in kinds},
            ),
            width="stretch",
        )


def tables(run) -> None:
    """The ρ table and the per-market table, each with its CSV and Excel download (the CLI's header)."""
    bt, year = run.bt, run.year
    meta = views.page_meta(
        run.result,
        run.dm,
        run.snap.sources,
        {
            **bv.vintage_flips(ctx.flips, run.dm),  # an upload has no past: never named as used
            "page": "backtest",
            "weights_from": bv.weights_from(ctx.scenario),
            "origin": bv.origin_setting(run.dm),
            **bv.scenario_gaps(run.inputs),
            **snapshot_about(run.snap),
            **backtest_meta(bt),
        },
    )
    st.subheader(t("bt.summary", outcome=bv.outcome_short(bt.outcome, lang)))
    summary = bv.summary_view(bt.summary, bt.outcome, lang)
    signed = st.column_config.NumberColumn(format="%+.2f")
    st.dataframe(
        summary,
        hide_index=True,
        width="stretch",
        column_config={t(f"bt.col.{c}"): signed for c in ("rho", "low", "high", "top_fifth", "bottom_fifth")},
    )
    download_csv("bt.download_summary", summary, meta, f"xbmarkets-backtest-{year}-summary.csv", "download_bt_summary")
    st.subheader(t("bt.markets", year=year))
    markets = bv.market_view(bt.table, bt.subjects, bt.outcome, names, lang)
    three = st.column_config.NumberColumn(format="%.3f")
    st.dataframe(
        markets,
        hide_index=True,
        width="stretch",
        height=360,
        column_config={
            **{bv.subject_label(s, lang): three for s in bt.subjects},
            bv.outcome_title(bt.outcome, lang): signed,
        },
    )
    download_csv("bt.download_markets", markets, meta, f"xbmarkets-backtest-{year}.csv", "download_bt_markets")


if not years:
    st.info(t("bt.no_years"))
else:
    st.session_state["bt_year"] = bv.choose(st.session_state.get("bt_year"), years)
    c1, c2, c3 = st.columns([1, 2, 1])
    year = int(c1.radio(t("bt.year"), years, key="bt_year", horizontal=True))
    specs = {s.name: s for s in outcomes_for(year)}
    st.session_state["bt_outcome"] = bv.choose(st.session_state.get("bt_outcome"), list(specs))
    outcome = c2.selectbox(
        t("bt.outcome_pick"), list(specs), key="bt_outcome", format_func=lambda n: bv.outcome_label(specs[n], lang)
    )
    with st.spinner(t("bt.running", year=year)):
        run = backtest(ctx, year, outcome)
    if run is not None:
        subjects = list(run.bt.subjects)
        st.session_state["bt_subject"] = bv.choose(st.session_state.get("bt_subject"), subjects)
        subject = c3.selectbox(
            t("bt.subject_pick"), subjects, key="bt_subject", format_func=lambda s: bv.subject_label(s, lang)
        )
        scenario_lines(run)
        verdict(run, subject)
        figures(run, subject)
        caveats(run, subject)
        pictures(run, subject)
        tables(run)
