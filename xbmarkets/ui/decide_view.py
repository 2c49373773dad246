"""The decision tools on the pages: stability intervals, what would it take, plan robustness, two scenarios.

Session half (streamlit): the frames and words come from `ui.views` and
`ui.reasons` (pure), the engine answers from `ui.results` through
`ui.cache`.  What is slow is kept off a slider move: the what-if runs only
when the founder asks for it (a button), for the market picked, and is
cached on the full scoring key; the others are cached on every input they
depend on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from xbmarkets import charts
from xbmarkets import scenario as sc
from xbmarkets.catalog import PILLARS
from xbmarkets.ui import cache, results, views
from xbmarkets.ui.frame import Frame
from xbmarkets.ui.i18n import t, translate
from xbmarkets.ui.labels import choice_label, concentration_label, pillar_label, problem_notice
from xbmarkets.ui.markdown import escape_markdown
from xbmarkets.ui.reasons import (
    plan_robustness_text,
    stability_sentences,
    whatif_already_text,
    whatif_indicator_text,
    whatif_text,
)

__all__ = ["stability_section", "what_it_takes", "plan_robustness_block", "scenario_comparison", "SLOPE_TOP"]

SLOPE_TOP = 15  # markets in either scenario's top 15 are drawn in the slope chart
_PERCENT = st.column_config.NumberColumn(format="percent")


# --------------------------------------------------------------------------- Robustness: stability intervals


def stability_section(ctx: Frame, result, top_k: int) -> None:
    """Per weighted pillar, the range of its share over which the first market (or the top k) holds."""
    lang = ctx.lang
    st.subheader(t("rob.stab.title"))
    st.caption(t("rob.stab.intro"))
    keep = st.radio(
        t("rob.stab.keep"),
        ("first", "top"),
        key="rob_stab_keep",
        horizontal=True,
        format_func=lambda o: (
            translate("rob.stab.first", lang) if o == "first" else translate("rob.stab.top", lang, k=top_k)
        ),
    )
    k = 1 if keep == "first" else int(top_k)
    stab = results.stability(ctx, result, k)
    if stab is None:
        return
    names = ctx.name_map
    sentences = stability_sentences(stab.table, stab.top, names, lang).tolist()
    results.chart(
        "stability_chart",
        views.stability_bars(stab.table, sentences, lang),
        key="stability_chart",
        titles={
            "axis": t("rob.stab.axis"),
            "pillar": t("col.pillar"),
            "now": t("col.weight_now"),
            "low": t("col.low"),
            "high": t("col.high"),
            "sentence": t("col.sentence"),
        },
    )
    st.markdown("\n".join(f"- {escape_markdown(s)}" for s in sentences))
    st.caption(t("rob.stab.exact") if stab.tolerance is None else t("rob.stab.tolerance", tol=f"{stab.tolerance:g}"))
    frame = views.translate_columns(views.stability_frame(stab.table, names, sentences, lang), lang)
    meta = views.page_meta(
        result,
        ctx.dm,
        ctx.snap.sources,
        {
            **ctx.meta_settings,
            "command": "stability",
            "top_k": str(stab.k),
            "intervals": "exact (weighted sum)" if stab.tolerance is None else f"TOPSIS, within {stab.tolerance:g}",
            "moving_weight": "one pillar's share moves, the other pillars keep their ratios",
        },
    )
    results.download_csv("rob.stab.download", frame, meta, "xbmarkets-stability.csv", "download_stability")


# --------------------------------------------------------------------------- what would it take


def _apply_weights(points: Mapping[str, int], flag: str, iso3: str) -> None:
    """Button callback (runs before any widget of the next run exists): set the sliders, forget the preset and
    profile names (the weights no longer follow them); the frame mirrors the new weights to the address bar."""
    for pillar, value in points.items():
        st.session_state[sc.weight_key(pillar)] = int(value)
    st.session_state["preset"] = ""
    st.session_state["profile"] = ""
    st.session_state[flag] = iso3
    # the whole app: the button sits in a fragment, and the sliders it moves are drawn outside it (issue 12)
    st.rerun()


def _request(req: str, wanted: tuple) -> None:
    st.session_state[req] = wanted


def what_it_takes(ctx: Frame, result, iso3: str, key: str) -> None:
    """For one ranked market: the nearest weights (and single-indicator changes) that put it in the top k,
    computed when asked for, with a button that applies those weights as whole slider points."""
    lang, names = ctx.lang, ctx.name_map
    who = names.get(iso3, iso3)
    flag = f"{key}_wi_applied"
    if st.session_state.pop(flag, None) == iso3 and iso3 in result.table.index:
        st.success(t("wi.applied", who=escape_markdown(who), rank=int(result.table.at[iso3, "rank"])))
    if iso3 not in result.table.index:
        st.info(t("wi.not_ranked", who=escape_markdown(who)))
        return
    n = len(result.table)
    k_key = f"{key}_wi_k"
    st.session_state[k_key] = min(max(1, int(st.session_state.get(k_key, min(3, n)))), max(1, min(20, n)))
    k = int(st.number_input(t("wi.k"), 1, max(1, min(20, n)), key=k_key))
    wanted = (iso3, k, ctx.score_key)
    req = f"{key}_wi_req"
    rank = int(result.table.at[iso3, "rank"])
    if rank <= k:  # nothing to search for; the search's own answer would be this sentence (issue 12: not per rerun)
        st.info(escape_markdown(whatif_already_text(iso3, k, rank, names, lang)))
        return
    if st.session_state.get(req) != wanted:
        # a callback, so the run it starts already has the request and draws the answer, not the button
        st.button(t("wi.find"), key=f"{key}_wi_find", help=t("wi.find_help"), on_click=_request, args=(req, wanted))
        return
    with st.spinner(t("wi.running")):
        wi = results.whatif(ctx, result, iso3, k)
    if wi is None:
        return
    st.info(escape_markdown(whatif_text(wi, names, lang)))
    if wi.status == "found":
        _weights_answer(ctx, result, wi, key)
    words = whatif_indicator_text(wi, names, lang)
    if words:
        st.markdown(f"**{t('wi.indicators')}**")
        st.caption(escape_markdown(words))
        table = views.whatif_indicators_frame(wi, lang)
        if len(table):
            st.dataframe(views.translate_columns(table, lang), hide_index=True, width="stretch", key=f"{key}_wi_ind")


def _weights_answer(ctx: Frame, result, wi, key: str) -> None:
    """The needed shares beside the current ones, and the apply button (or why there is none)."""
    lang = ctx.lang
    points, rank = None, None
    if wi.rank_after is not None:
        with st.spinner(t("wi.running")):
            points, rank = results.whatif_points(ctx, result, wi)
    st.markdown(f"**{t('wi.weights')}**")
    table = views.whatif_weights_frame(wi, lang, points)
    st.dataframe(
        views.translate_columns(table, lang),
        hide_index=True,
        width="stretch",
        key=f"{key}_wi_weights",
        column_config={
            t("col.weight_now"): _PERCENT,
            t("col.weight_needed"): _PERCENT,
            t("col.change"): _PERCENT,
        },
    )
    who = ctx.names.get(wi.iso3, wi.iso3)
    if wi.rank_after is None:  # re-scored, the answer leaves the ranked field: the sentence says so, nothing to apply
        return
    if points is None:
        st.warning(t("wi.rounding", who=escape_markdown(who), k=int(wi.k), max=sc.WEIGHT_MAX))
        return
    shown = ", ".join(f"{pillar_label(p, lang)} {v}" for p, v in points.items() if p in set(wi.weights["pillar"]))
    st.button(
        t("wi.apply"),
        key=f"{key}_wi_apply",
        type="primary",
        on_click=_apply_weights,
        args=(points, f"{key}_wi_applied", wi.iso3),
        help=t("wi.apply_help", points=shown, who=who, rank=rank),
    )


# --------------------------------------------------------------------------- Tiers & plan: plan robustness


def plan_robustness_block(ctx: Frame, result, tier_result, tiers_k: int, settings) -> None:
    """The plan re-made under the Robustness page's draws: core and wave 1–2 shares, the most frequent plans."""
    lang, names = ctx.lang, ctx.name_map
    draws = int(st.session_state.get("rob_draws", 2000))
    conc = int(st.session_state.get("rob_conc", 0))
    concentration = None if conc == 0 else float(conc)
    st.markdown(f"**{t('tiers.pr.title')}**")
    st.caption(t("tiers.pr.intro", draws=f"{draws:,}", conc=concentration_label(conc, lang)))
    with st.spinner(t("tiers.pr.running")):
        pr = results.plan_robustness(ctx, result, tier_result, tiers_k, settings, draws, concentration)
    if pr is None:
        return
    st.info(escape_markdown(plan_robustness_text(pr, names, lang)))
    core = pr.base_plan[0][0] if pr.base_plan and pr.base_plan[0] else ""
    m1, m2 = st.columns(2)
    m1.metric(t("tiers.pr.core", name=names.get(core, core)), f"{pr.core_share:.0%}", help=t("tiers.pr.help.p_core"))
    m2.metric(t("tiers.pr.same"), f"{pr.base_share:.0%}", help=t("tiers.pr.help.same"))
    if pr.failed:
        st.caption(t("tiers.pr.failed", n=pr.failed))
    frame = views.plan_robustness_frame(pr, names)
    table = views.translate_columns(frame, lang)
    shown = views.translate_columns(frame[list(views.PLAN_ROBUSTNESS_SHOWN)], lang)
    config = {
        t(f"col.{c}"): st.column_config.NumberColumn(format="percent", width="small", help=t(f"tiers.pr.help.{c}"))
        for c in ("p_core", "p_wave_1_2", "p_in_plan")
    }
    config[t("col.plan_wave")] = st.column_config.NumberColumn(width="small", help=t("tiers.pr.help.plan_wave"))
    st.dataframe(shown, hide_index=True, width="stretch", height=300, key="plan_robustness_table", column_config=config)
    st.markdown(f"**{t('tiers.pr.plans')}**")
    plans = views.plans_frame(pr, names, lang)
    st.markdown(
        "\n".join(
            f"- {r.share:.0%} · {escape_markdown(r.plan)}" + (f" **({t('tiers.pr.yours')})**" if r.is_base else "")
            for r in plans.itertuples()
        )
    )
    meta = views.page_meta(
        result,
        ctx.dm,
        ctx.snap.sources,
        {
            **ctx.meta_settings,
            "command": "plan-robustness",
            "wave_sizes": ",".join(map(str, settings.wave_sizes)),
            "draws": str(pr.draws),
            "concentration": "uniform" if pr.concentration is None else f"{pr.concentration:g}",
            "seed": str(pr.seed),
            "your_plan": " | ".join(", ".join(w) for w in pr.base_plan if w),
            "your_plan_share": f"{pr.base_share:.4f}",
            "summary": pr.sentence,
        },
    )
    results.download_csv("tiers.pr.download", table, meta, "xbmarkets-plan-robustness.csv", "download_plan_robustness")


# --------------------------------------------------------------------------- Compare: two scenarios


def _sources(ctx: Frame) -> list[str]:
    return ["current", *(f"preset:{p}" for p in ctx.choices.presets), "file"]


def _source_label(option: str, lang: str) -> str:
    if option == "current":
        return translate("sc.current", lang)
    if option == "file":
        return translate("sc.file", lang)
    return translate("sc.preset", lang, name=choice_label("preset", option.split(":", 1)[1], lang))


def _preset_scenario(ctx: Frame, name: str, profile: str) -> dict[str, Any]:
    """The current scenario with a preset's pillar weights (and a profile), as picking them on Ranking sets them."""
    from xbmarkets.weights import PRESETS, apply_profile

    weights = dict(PRESETS[name].pillar_weights)
    if profile:
        weights = apply_profile(weights, profile)
    scen = dict(ctx.scenario)
    for p, v in sc.scale_weights(weights, PILLARS).items():
        scen[sc.weight_key(p)] = v
    scen.update(preset=name, profile=profile)
    return scen


def _matrix_for(ctx: Frame, scen: Mapping[str, Any]):
    """The matrix a scenario is scored on, and its key: the frame's when flips and origin agree, else its own."""
    flips = tuple(sorted(sc.direction_overrides(scen, ctx.choices).items()))
    origin = scen.get("origin") or None
    if flips == ctx.flips and origin == getattr(ctx.dm, "origin", None):
        return ctx.dm, ctx.dm_key
    from xbmarkets.ui import session

    upload, dirs = session.upload_in_session() if ctx.has_custom else (None, ())
    if origin is None:
        return cache.matrix(ctx.path, upload, dirs, flips), (*ctx.dm_key[:3], flips)
    dm = results.guard(cache.origin_matrix, ctx.path, upload, dirs, flips, str(origin))
    return dm, (*ctx.dm_key[:3], flips, str(origin))


def _pick_scenario(ctx: Frame, side: str, default: str) -> tuple[str, dict[str, Any]] | None:
    """One side's picker: (label, scenario) or None after saying what is missing or wrong."""
    lang = ctx.lang
    options = _sources(ctx)
    key = f"sc_{side}"
    if st.session_state.get(key) not in options:
        st.session_state[key] = default
    source = st.selectbox(t("sc.side", side=side), options, key=key, format_func=lambda o: _source_label(o, lang))
    if source == "current":
        return f"{side}: {translate('sc.label_current', lang)}", dict(ctx.scenario)
    if source.startswith("preset:"):
        name = source.split(":", 1)[1]
        profile = st.selectbox(
            t("rank.profile"),
            ("",) + ctx.choices.profiles,
            key=f"{key}_profile",
            format_func=lambda n: choice_label("profile", n, lang),
        )
        label = choice_label("preset", name, lang)
        if profile:
            label += f" + {choice_label('profile', profile, lang)}"
        return f"{side}: {label}", _preset_scenario(ctx, name, profile)
    f = st.file_uploader(t("sc.upload"), type=["json"], key=f"{key}_file")
    if f is None:
        st.info(t("sc.need_file", side=side))
        return None
    try:
        scen, problems = sc.from_json(f.getvalue(), ctx.choices)
    except ValueError as exc:
        st.error(t("state.load_error", msg=escape_markdown(exc)))
        return None
    if problems:
        st.warning(t("sc.file_problems", side=side, items=problem_notice(problems, lang)))
    name = str(f.name)[:40]
    return f"{side}: {translate('sc.label_file', lang, name=name)}", scen


def _score_scenario(ctx: Frame, scen: Mapping[str, Any]):
    dm, dm_key = _matrix_for(ctx, scen)
    if dm is None:
        return None
    inputs = sc.score_inputs(scen, ctx.pillars, dm.criteria.index)
    if inputs is None:
        st.error(t("err.no_weights"))
        return None
    return results.guard(cache.scored, dm, dm_key, *inputs)


def _default_b(ctx: Frame) -> str:
    current = ctx.scenario.get("preset", "")
    other = [p for p in ctx.choices.presets if p != current]
    return f"preset:{other[0]}" if other else "current"


def scenario_comparison(ctx: Frame) -> None:
    """Two scenarios side by side: a slope chart of ranks, rank and score in both, what weights and settings differ."""
    from xbmarkets.compare import compare_scenarios
    from xbmarkets.report import comparison_meta

    lang, names = ctx.lang, ctx.name_map
    st.caption(t("sc.intro"))
    picked = []
    for col, side, default in zip(st.columns(2), ("A", "B"), ("current", _default_b(ctx)), strict=True):
        with col:
            one = _pick_scenario(ctx, side, default)
            picked.append(None if one is None else (one[0], one[1], _score_scenario(ctx, one[1])))
    if any(p is None or p[2] is None for p in picked):
        return
    (la, scen_a, ra), (lb, scen_b, rb) = picked  # type: ignore[misc]
    comp = results.guard(compare_scenarios, ra, rb, names=(la, lb), top=SLOPE_TOP)
    if comp is None:
        return
    changed = views.main_weight_changes(comp, lang)
    first = (names.get(ra.table.index[0], ra.table.index[0]), names.get(rb.table.index[0], rb.table.index[0]))
    st.info(
        escape_markdown(
            t("sc.first", a=first[0], b=first[1])
            + " "
            + (t("sc.changed", items=t("punct.list").join(changed)) if changed else t("sc.no_change"))
        )
    )
    _slope(comp, names, (la, lb), lang)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('sc.weights')}**")
        weights = views.translate_columns(views.scenario_weights_frame(comp, lang), lang)
        pct = {t(f"col.{c}"): _PERCENT for c in ("weight_a", "weight_b", "difference")}
        st.dataframe(weights, hide_index=True, width="stretch", key="sc_weights", column_config=pct)
    with right:
        st.markdown(f"**{t('sc.settings')}**")
        diffs = views.scenario_setting_diffs(scen_a, scen_b, ctx.dm.criteria, lang)
        if diffs.empty:
            st.caption(t("sc.same_settings"))
        else:
            st.dataframe(views.translate_columns(diffs, lang), hide_index=True, width="stretch", key="sc_settings")
    st.markdown(f"**{t('sc.table')}**")
    table = views.translate_columns(views.scenario_ranks_frame(comp, names, lang), lang)
    st.dataframe(table, hide_index=True, width="stretch", height=360, key="sc_ranks")
    meta = {**comparison_meta(comp, ra, rb, ctx.snap.sources), "generated_by": views.DASHBOARD, **ctx.meta_settings}
    results.download_csv("sc.download", table, meta, "xbmarkets-scenarios.csv", "download_scenarios")


def _slope(comp, names: Mapping[str, str], labels: tuple[str, str], lang: str) -> None:
    st.markdown(f"**{t('sc.slope', top=comp.top)}**")
    data = views.slope_frame(comp, names, labels, lang)
    moves = [translate(f"sc.move.{m}", lang) for m in ("up", "down", "same", "one")]
    chart = charts.rank_slope(
        data,
        labels=labels,
        moves=moves,
        titles={
            "rank": t("col.rank"),
            "move": t("col.move"),
            "country": t("col.country"),
            "scenario": t("col.scenario"),
            "score": t("col.score"),
        },
    )
    st.altair_chart(chart, width="stretch", key="scenario_slope")
