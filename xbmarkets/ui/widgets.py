"""Shared page furniture: setup, sidebar, weight controls, downloads, engine-error guard.

Every page starts with `setup_page`, which loads the (cached) data, restores
the scenario from the session or the URL, draws the sidebar and returns a
`Ctx`. Pages then only lay out widgets and call the engine through `guard`,
which turns a ValueError into a sentence instead of a traceback.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping, TypeVar

import pandas as pd
import streamlit as st

from xbmarkets.catalog import ALL_PILLARS, PILLARS
from xbmarkets.ui import cache, state
from xbmarkets.ui.i18n import label, t

__all__ = [
    "Ctx",
    "setup_page",
    "guard",
    "weight_controls",
    "download_csv",
    "scored",
    "pillar_label",
    "tier_label",
    "tier_series",
    "country_names",
    "PAGES",
]

T = TypeVar("T")

TIERS = ("mature", "growth", "emerging")
PAGES = (
    ("dashboard.py", "nav.home", ":material/home:"),
    ("pages/1_Ranking.py", "nav.ranking", ":material/leaderboard:"),
    ("pages/2_Tiers_and_plan.py", "nav.tiers", ":material/route:"),
    ("pages/3_Compare.py", "nav.compare", ":material/compare_arrows:"),
    ("pages/4_Robustness.py", "nav.robustness", ":material/casino:"),
    ("pages/5_Map.py", "nav.map", ":material/public:"),
    ("pages/6_Data.py", "nav.data", ":material/dataset:"),
)
LANG_NAMES = {"en": "English", "zh": "简体中文"}
UPLOAD = "custom_upload"  # {"name": str, "bytes": bytes}


@dataclass(frozen=True)
class Ctx:
    """What every page needs after setup."""

    path: str
    snap: Any
    dm: Any
    dm_key: tuple
    choices: state.Choices
    pillars: tuple[str, ...]  # pillars in play: the five, plus custom when data is uploaded
    has_custom: bool

    def scenario(self) -> dict[str, Any]:
        return state.current(self.choices)


def pillar_label(p: str) -> str:
    return t(f"pillar.{p}")


def tier_label(tier: str) -> str:
    from xbmarkets.ui.i18n import has

    return t(f"tier.{tier}") if has(f"tier.{tier}") else str(tier)


def tier_series(ctx: "Ctx", k: int = 3) -> pd.Series | None:
    """iso3 -> tier name (weights do not change tiers, so this is cached per data folder)."""
    try:
        return cache.tiers(ctx.path, k=k).table["tier"]
    except ValueError:
        return None


def country_names(ctx: "Ctx") -> pd.Series:
    """Country names in the session language: `name_zh` from economies.csv in Chinese, else English.

    Read from the snapshot, not the decision matrix: the matrix keeps only the
    columns the engine needs, and names are the UI's business.  An economy
    without a Chinese name (Kosovo) keeps its English one.
    """
    from xbmarkets.ui.i18n import current_lang

    english = ctx.dm.economies["name"].astype(str)
    eco = ctx.snap.economies
    if current_lang() == "zh" and "name_zh" in eco.columns:
        zh = eco["name_zh"].reindex(english.index)
        return zh.where(zh.notna() & (zh.astype(str).str.strip() != ""), english).astype(str)
    return english


def guard(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """Run an engine call; a ValueError becomes a visible sentence and None."""
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        st.error(t("err.engine", msg=str(exc)))
        return None


def _presets() -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    from xbmarkets.weights import PRESETS, PROFILES

    return PRESETS, PROFILES


def _upload_key() -> tuple[bytes | None, tuple[tuple[str, int], ...]]:
    up = st.session_state.get(UPLOAD)
    if not up:
        return None, ()
    dirs = tuple(
        sorted((k[5:], int(v)) for k, v in st.session_state.items() if isinstance(k, str) and k.startswith("cdir_"))
    )
    return up["bytes"], dirs


def _choices(dm, presets, profiles) -> state.Choices:
    eco = dm.economies
    default = "balanced" if "balanced" in presets else (next(iter(presets), ""))
    return state.Choices(
        pillars=ALL_PILLARS,
        indicators=tuple(dm.criteria.index),
        presets=tuple(presets),
        profiles=tuple(profiles),
        regions=tuple(sorted(eco["region"].dropna().astype(str).unique())),
        income_groups=tuple(sorted(eco["income_group"].dropna().astype(str).unique())),
        tiers=TIERS,
        preset_weights={k: dict(v.pillar_weights) for k, v in presets.items()},
        default_preset=default,
    )


def setup_page(title_key: str) -> Ctx:
    """Page config, data, scenario, sidebar. Stops the page with a sentence if data is unusable."""
    st.set_page_config(page_title=f"xbmarkets · {t(title_key)}", page_icon=":material/public:", layout="wide")
    path = cache.data_dir()
    try:
        snap = cache.snapshot(path)
        upload, dirs = _upload_key()
        try:
            dm = cache.matrix(path, upload, dirs)
        except ValueError:
            # an upload that loaded once but no longer joins must not take the app down
            st.session_state.pop(UPLOAD, None)
            upload, dirs = None, ()
            dm = cache.matrix(path)
        presets, profiles = _presets()
    except ValueError as exc:
        st.error(t("err.data", msg=str(exc)))
        st.stop()
        raise  # pragma: no cover - st.stop raises
    digest = hashlib.sha1(upload).hexdigest() if upload is not None else None
    choices = _choices(dm, presets, profiles)
    has_custom = "custom" in set(dm.criteria["pillar"])
    pillars = PILLARS + (("custom",) if has_custom else ())
    problems = state.init(choices)
    ctx = Ctx(path, snap, dm, (path, digest, dirs), choices, pillars, has_custom)
    _sidebar(ctx)
    if problems:
        items = "; ".join(f"{p.key}={p.value!r} ({t('state.why.' + p.why)})" for p in problems)
        st.warning(t("state.url_fallback", items=items), icon=":material/warning:")
        st.button(t("state.dismiss"), key="dismiss_url_warning", on_click=state.dismiss_problems)
    state.sync_url(choices)
    return ctx


def _load_scenario(choices: state.Choices) -> None:
    f = st.session_state.get("scenario_file")
    if f is None:
        return
    try:
        scen, problems = state.from_json(f.getvalue(), choices)
    except ValueError as exc:
        st.session_state["_scenario_msg"] = ("error", str(exc))
        return
    state.apply(scen)
    st.session_state["_xb_problems"] = problems
    st.session_state["_scenario_msg"] = ("ok", "")


def _sidebar(ctx: Ctx) -> None:
    sb = st.sidebar
    sb.selectbox(t("app.lang"), state.LANGS, key="lang", format_func=LANG_NAMES.get)
    sb.markdown(f"**{t('nav.pages')}**")
    query = state.to_query(ctx.scenario(), ctx.choices)
    for path, key, icon in PAGES:
        sb.page_link(path, label=t(key), icon=icon, query_params=query)
    with sb.expander(t("state.scenario")):
        st.caption(t("state.share"))
        st.download_button(
            t("state.save"),
            state.to_json(ctx.scenario(), ctx.choices),
            file_name="xbmarkets-scenario.json",
            mime="application/json",
            key="scenario_save",
            on_click="ignore",
        )
        st.file_uploader(
            t("state.load"), type=["json"], key="scenario_file", on_change=_load_scenario, args=(ctx.choices,)
        )
        msg = st.session_state.get("_scenario_msg")
        if msg:
            if msg[0] == "error":
                st.error(t("state.load_error", msg=msg[1]))
            else:
                st.success(t("state.loaded"))


# --------------------------------------------------------------------------- weights


def _set_weights(weights: Mapping[str, float]) -> None:
    for p, v in state.scale_weights(weights, PILLARS).items():
        st.session_state[state.weight_key(p)] = v


def _on_preset() -> None:
    presets, _ = _presets()
    name = st.session_state.get("preset", "")
    st.session_state["profile"] = ""
    if name in presets:
        _set_weights(presets[name].pillar_weights)


def _on_profile() -> None:
    from xbmarkets.weights import apply_profile

    presets, _ = _presets()
    preset = st.session_state.get("preset", "")
    base = (
        dict(presets[preset].pillar_weights)
        if preset in presets
        else {p: float(st.session_state.get(state.weight_key(p), 0)) for p in PILLARS}
    )
    name = st.session_state.get("profile", "")
    _set_weights(apply_profile(base, name) if name else base)


def _on_slider() -> None:
    st.session_state["preset"] = ""
    st.session_state["profile"] = ""


def _reason(prefix: str, name: str, engine_text: str) -> str:
    """The engine's English reason, or our translation of it (an empty entry means 'use the engine text')."""
    return label(prefix, name, fallback=engine_text) or engine_text


def weight_controls(ctx: Ctx) -> None:
    """Preset, profile, one slider per pillar, method, coverage, indicator weights."""
    presets, profiles = _presets()
    st.selectbox(
        t("rank.preset"),
        ("",) + ctx.choices.presets,
        key="preset",
        on_change=_on_preset,
        format_func=lambda n: t("rank.preset.none") if n == "" else label("preset", n, fallback=n.replace("_", " ")),
    )
    preset = st.session_state.get("preset", "")
    if preset in presets and getattr(presets[preset], "reason", ""):
        st.caption(t("rank.preset_reason", reason=_reason("preset_reason", preset, presets[preset].reason)))
    st.selectbox(
        t("rank.profile"),
        ("",) + ctx.choices.profiles,
        key="profile",
        on_change=_on_profile,
        format_func=lambda n: t("rank.profile.none") if n == "" else label("profile", n, fallback=n.replace("_", " ")),
    )
    profile = st.session_state.get("profile", "")
    if profile in profiles and getattr(profiles[profile], "reason", ""):
        st.caption(t("rank.profile_reason", reason=_reason("profile_reason", profile, profiles[profile].reason)))

    scen = ctx.scenario()
    total = sum(float(scen[state.weight_key(p)]) for p in ctx.pillars) or 1.0
    shares = ", ".join(f"{pillar_label(p)} {float(scen[state.weight_key(p)]) / total:.0%}" for p in ctx.pillars)
    st.markdown(f"**{t('rank.weights')}**")
    st.caption(t("rank.weights_help", shares=shares))
    for p in ctx.pillars:
        st.slider(
            pillar_label(p) if p != "custom" else t("rank.custom_weight"),
            0,
            state.WEIGHT_MAX,
            key=state.weight_key(p),
            help=t(f"pillar.help.{p}"),
            on_change=_on_slider if p != "custom" else None,
        )
    st.radio(t("rank.method"), state.METHODS, key="method", format_func=lambda m: t(f"method.{m}"), horizontal=True)
    st.slider(t("rank.coverage"), 0.0, 1.0, step=0.05, key="cov", help=t("rank.coverage_help"))
    with st.expander(t("rank.ind_weights")):
        st.caption(t("rank.ind_weights_help"))
        crit = ctx.dm.criteria
        for p in ctx.pillars:
            ids = [i for i in crit.index if crit.loc[i, "pillar"] == p]
            if not ids:
                continue
            st.markdown(f"**{pillar_label(p)}**")
            for ind in ids:
                st.slider(
                    label("ind", ind, fallback=str(crit.loc[ind, "name"])),
                    0.0,
                    state.IND_WEIGHT_MAX,
                    step=state.IND_WEIGHT_STEP,
                    key=state.ind_weight_key(ind),
                )


def scored(ctx: Ctx, *, show_errors: bool = True):
    """The ScoreResult for the current scenario, or None after explaining why not."""
    scen = ctx.scenario()
    pw = state.pillar_weights(scen, ctx.pillars)
    if not any(v > 0 for v in pw.values()):
        if show_errors:
            st.error(t("err.no_weights"))
        return None
    iw = state.indicator_weights(scen, ctx.dm.criteria.index)
    start = time.perf_counter()
    try:
        result = cache.scored(
            ctx.dm, ctx.dm_key, tuple(sorted(pw.items())), tuple(sorted(iw.items())), scen["method"], float(scen["cov"])
        )
    except ValueError as exc:
        if show_errors:
            st.error(t("err.engine", msg=str(exc)))
        return None
    st.session_state["_score_ms"] = (time.perf_counter() - start) * 1000
    return result


def download_csv(label_key: str, df: pd.DataFrame, meta: Mapping[str, str], file_name: str, key: str) -> None:
    from xbmarkets.export import to_csv_bytes

    st.download_button(
        t(label_key), to_csv_bytes(df, meta), file_name=file_name, mime="text/csv", key=key, on_click="ignore"
    )
