"""The weight controls of the Ranking page's sidebar: preset, profile, pillar sliders, method, coverage, indicators.

They are a fragment of their own (`CONTROLS`) beside the table's (`TABLE`): see `CONTROLS`.

A preset or profile sets the pillar sliders; moving a slider by hand
clears them, so the sidebar never names a preset the weights no longer
follow. The sliders are keyed on the scenario's own keys
(`scenario.weight_key` …), so what they show is what a link or file holds.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from xbmarkets import scenario as sc
from xbmarkets.catalog import PILLARS
from xbmarkets.ui.frame import Frame
from xbmarkets.ui.i18n import label, t, translate
from xbmarkets.ui.labels import choice_label, direction_label, pillar_label
from xbmarkets.ui.markdown import escape_markdown
from xbmarkets.weights import PRESETS, PROFILES, apply_profile

__all__ = [
    "SHOW_INDICATORS",
    "CONTROLS",
    "TABLE",
    "rerun_table",
    "weight_controls",
    "weight_shares",
    "changed_indicator_settings",
]

SHOW_INDICATORS = "show_ind"  # the toggle that builds the per-indicator controls (page-local, off by default)


# The Ranking page's two fragments: these controls, and the table they drive. A control that only changes the
# ranking reruns the table alone (its callback names it), so the ~20 controls are not redrawn on every move;
# one whose own display changes (a preset sets the sliders) reruns both (issue 12).
CONTROLS = "ranking_controls"
TABLE = "ranking_table_part"


def rerun_table() -> None:
    """The callback of a control that changes only the ranking (the Ranking page's filters use it too)."""
    st.rerun(TABLE)


def _controls_and_table() -> None:
    # in this order: the table's fragment re-assigns the scenario keys (`frame.refresh`) before the controls'
    # widgets exist in the run; Streamlit refuses a key whose widget is already drawn
    st.rerun([TABLE, CONTROLS])


def _whole_app() -> None:
    """A direction changes the matrix every page and the frame use: the whole app reruns."""
    st.rerun()


def _set_weights(weights: Mapping[str, float]) -> None:
    for p, v in sc.scale_weights(weights, PILLARS).items():
        st.session_state[sc.weight_key(p)] = v


def _on_preset() -> None:
    name = st.session_state.get("preset", "")
    st.session_state["profile"] = ""
    if name in PRESETS:
        _set_weights(PRESETS[name].pillar_weights)
    _controls_and_table()


def _on_profile() -> None:
    preset = st.session_state.get("preset", "")
    base = (
        dict(PRESETS[preset].pillar_weights)
        if preset in PRESETS
        else {p: float(st.session_state.get(sc.weight_key(p), 0)) for p in PILLARS}
    )
    name = st.session_state.get("profile", "")
    _set_weights(apply_profile(base, name) if name else base)
    _controls_and_table()


def _on_slider() -> None:
    """A hand-moved slider clears the preset and profile; only when one was set must the controls redraw."""
    named = bool(st.session_state.get("preset", "") or st.session_state.get("profile", ""))
    st.session_state["preset"] = ""
    st.session_state["profile"] = ""
    if named:
        _controls_and_table()
    else:
        rerun_table()


def _reason(prefix: str, name: str, engine_text: str, lang: str) -> str:
    """The engine's English reason, or our translation of it (an empty entry means 'use the engine text')."""
    return label(prefix, name, lang, fallback=engine_text) or engine_text


def weight_controls(ctx: Frame) -> None:
    """Preset, profile, one slider per pillar, method, coverage, indicator weights."""
    _preset_and_profile(ctx)
    _pillar_sliders(ctx)
    lang = ctx.lang
    st.radio(
        t("rank.method"),
        sc.METHODS,
        key="method",
        format_func=lambda m: translate(f"method.{m}", lang),
        horizontal=True,
        on_change=rerun_table,
    )
    st.slider(
        t("rank.coverage"),
        0.0,
        1.0,
        step=0.05,
        key="cov",
        help=t("rank.coverage_help"),
        on_change=rerun_table,
    )
    # ~80 widgets: built only when asked for, so a pillar slider's rerun does not redraw them (issue 12);
    # their values live in the scenario (session.init keeps them), shown or not
    if st.toggle(t("rank.ind_weights"), key=SHOW_INDICATORS, help=t("rank.ind_weights_toggle")):
        _indicator_controls(ctx)
    else:
        changed = changed_indicator_settings(ctx.scenario, ctx.choices)
        if changed:
            st.caption(t("rank.ind_changed", n=changed))


def changed_indicator_settings(scenario: Mapping[str, object], choices: sc.Choices) -> int:
    """How many indicator weights and directions differ from the catalog's: what a closed toggle still owes the
    founder."""
    defaults = sc.defaults(choices)
    keys = [sc.ind_weight_key(i) for i in choices.indicators] + [sc.dir_key(i) for i in choices.directions]
    return sum(1 for k in keys if scenario.get(k, defaults[k]) != defaults[k])


def _preset_and_profile(ctx: Frame) -> None:
    lang = ctx.lang
    st.selectbox(
        t("rank.preset"),
        ("",) + ctx.choices.presets,
        key="preset",
        on_change=_on_preset,
        format_func=lambda n: choice_label("preset", n, lang),
    )
    preset = st.session_state.get("preset", "")
    if preset in PRESETS and PRESETS[preset].reason:
        st.caption(t("rank.preset_reason", reason=_reason("preset_reason", preset, PRESETS[preset].reason, lang)))
    st.selectbox(
        t("rank.profile"),
        ("",) + ctx.choices.profiles,
        key="profile",
        on_change=_on_profile,
        format_func=lambda n: choice_label("profile", n, lang),
    )
    profile = st.session_state.get("profile", "")
    if profile in PROFILES and PROFILES[profile].reason:
        st.caption(t("rank.profile_reason", reason=_reason("profile_reason", profile, PROFILES[profile].reason, lang)))


def weight_shares(ctx: Frame) -> str:
    """'Size 14%, Growth 14%, …': the pillar weights as shares, shown with the table they produced (the
    controls are not redrawn when a slider moves)."""
    scen, lang = ctx.scenario, ctx.lang
    total = sum(float(scen[sc.weight_key(p)]) for p in ctx.pillars) or 1.0
    return ", ".join(f"{pillar_label(p, lang)} {float(scen[sc.weight_key(p)]) / total:.0%}" for p in ctx.pillars)


def _pillar_sliders(ctx: Frame) -> None:
    lang = ctx.lang
    st.markdown(f"**{t('rank.weights')}**")
    st.caption(t("rank.weights_help"))
    for p in ctx.pillars:
        st.slider(
            pillar_label(p, lang) if p != "custom" else t("rank.custom_weight"),
            0,
            sc.WEIGHT_MAX,
            key=sc.weight_key(p),
            help=t(f"pillar.help.{p}"),
            on_change=_on_slider if p != "custom" else rerun_table,
        )


def _indicator_controls(ctx: Frame) -> None:
    """A weight per indicator, and a direction for each catalog indicator, grouped by pillar."""
    st.caption(t("rank.ind_weights_help"))
    crit, lang = ctx.dm.criteria, ctx.lang
    why = ctx.snap.catalog["why"] if "why" in ctx.snap.catalog.columns else pd.Series(dtype=object)
    for p in ctx.pillars:
        ids = [i for i in crit.index if crit.loc[i, "pillar"] == p]
        if not ids:
            continue
        st.markdown(f"**{pillar_label(p, lang)}**")
        for ind in ids:
            # a founder's column header is untrusted text inside a markdown label
            name = label("ind", ind, lang, fallback=escape_markdown(crit.loc[ind, "name"]))
            st.slider(
                name,
                0.0,
                sc.IND_WEIGHT_MAX,
                step=sc.IND_WEIGHT_STEP,
                key=sc.ind_weight_key(ind),
                on_change=rerun_table,
            )
            if ind in ctx.choices.directions:
                st.radio(
                    t("rank.direction"),
                    (1, -1),
                    key=sc.dir_key(ind),
                    on_change=_whole_app,
                    horizontal=True,
                    format_func=lambda d: direction_label(d, lang),
                    help=label("why", ind, lang, fallback=str(why.get(ind, ""))) or None,
                )
    if ctx.flips:
        names = ", ".join(label("ind", i, lang, fallback=str(crit.loc[i, "name"])) for i, _ in ctx.flips)
        st.caption(t("rank.flipped", items=names))
