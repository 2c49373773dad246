"""Shared page furniture: setup, sidebar, weight controls, downloads, engine-error guard.

Every page starts with `setup_page`, which loads the (cached) data, restores
the scenario from the session or the URL, draws the sidebar and returns a
`Ctx`. Pages then only lay out widgets and call the engine through `guard`,
which turns a ValueError into a sentence instead of a traceback.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from xbmarkets.catalog import ALL_PILLARS, PILLARS
from xbmarkets.matrix import DecisionMatrix
from xbmarkets.snapshot import Snapshot
from xbmarkets.ui import cache, state
from xbmarkets.ui.i18n import label, t
from xbmarkets.ui.icons import FAVICON
from xbmarkets.ui.markdown import capped_list, escape_markdown

__all__ = [
    "Ctx",
    "setup_page",
    "guard",
    "weight_controls",
    "download_csv",
    "scored",
    "score_key",
    "acceptability",
    "problem_notice",
    "take_upload",
    "remove_upload",
    "custom_coverage",
    "meta_settings",
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
UPLOAD = "custom_upload"  # {"name": str, "bytes": bytes, "warnings": list[str]}
STALE = "_upload_stale"  # why the stored upload no longer joins the data (it is kept, not dropped)
SEED = 0  # the one seed of the dashboard's tiers and robustness draws (as the CLI's default)
MAX_NOTICE_KEYS = 25  # settings named in the fallback notice before "+N more"
MAX_NOTICE_VALUES = 3  # dropped values named per setting


@dataclass(frozen=True)
class Ctx:
    """What every page needs after setup."""

    path: str
    snap: Snapshot
    dm: DecisionMatrix
    dm_key: tuple  # (data folder, upload digest, upload directions, direction flips): identifies dm
    choices: state.Choices
    pillars: tuple[str, ...]  # pillars in play: the five, plus custom when data is uploaded
    has_custom: bool

    def scenario(self) -> dict[str, Any]:
        return state.current(self.choices)

    @property
    def flips(self) -> tuple[tuple[str, int], ...]:
        return self.dm_key[3]


def pillar_label(p: str) -> str:
    return t(f"pillar.{p}")


def tier_label(tier: str) -> str:
    from xbmarkets.ui.i18n import has

    return t(f"tier.{tier}") if has(f"tier.{tier}") else str(tier)


def tier_series(ctx: Ctx, k: int = 3) -> pd.Series | None:
    """iso3 -> tier name (weights do not change tiers, so this is cached per data folder)."""
    try:
        return cache.tiers(ctx.path, k=k, seed=SEED, flips=ctx.flips).table["tier"]
    except ValueError:
        return None


def country_names(ctx: Ctx) -> pd.Series:
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


def _choices(dm: DecisionMatrix, presets, profiles) -> state.Choices:
    eco = dm.economies
    catalog = dm.criteria[dm.criteria["pillar"] != "custom"]
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
        directions={str(i): int(d) for i, d in catalog["direction"].items()},
    )


def problem_notice(problems: list[state.Problem]) -> str:
    """The fallback notice's list: one item per setting, user text escaped, both lists capped.

    Keys and values come from a link or a scenario file anyone can edit, so
    they are shown as literal text (no link, image or HTML can render) and a
    link cannot fill the page with thousands of items.
    """
    by_key: dict[str, list[state.Problem]] = {}
    for p in problems:
        by_key.setdefault(p.key, []).append(p)
    more = t("state.more")
    items = []
    for key, ps in by_key.items():
        values = capped_list([escape_markdown(repr(p.value)) for p in ps], MAX_NOTICE_VALUES, more)
        whys = ", ".join(dict.fromkeys(t("state.why." + p.why) for p in ps))
        items.append(f"{escape_markdown(key)}={', '.join(values)} ({whys})")
    return "; ".join(capped_list(items, MAX_NOTICE_KEYS, more))


def _matrices(path: str) -> tuple[DecisionMatrix, bytes | None, tuple[tuple[str, int], ...]]:
    """The matrix before flips, with the upload that went into it (None when there is none or it broke).

    A stored upload that no longer joins (the data folder changed under it)
    is kept in the session -- the founder can still download or fix it -- and
    the reason is remembered so every page can say why it is not in use.
    """
    upload, dirs = _upload_key()
    st.session_state.pop(STALE, None)
    if upload is not None:
        try:
            return cache.matrix(path, upload, dirs), upload, dirs
        except ValueError as exc:
            st.session_state[STALE] = str(exc)
    return cache.matrix(path), None, ()


def setup_page(title_key: str) -> Ctx:
    """Page config, data, scenario, sidebar. Stops the page with a sentence if data is unusable."""
    st.set_page_config(page_title=f"xbmarkets · {t(title_key)}", page_icon=FAVICON, layout="wide")
    path = cache.data_dir()
    _keep_directions()
    try:
        snap = cache.snapshot(path)
        base, upload, dirs = _matrices(path)
        presets, profiles = _presets()
    except ValueError as exc:
        st.error(t("err.data", msg=escape_markdown(exc)))
        st.stop()
        raise  # pragma: no cover - st.stop raises
    choices = _choices(base, presets, profiles)
    problems = state.init(choices)
    flips = tuple(sorted(state.direction_overrides(state.current(choices), choices).items()))
    dm = cache.matrix(path, upload, dirs, flips) if flips else base
    digest = hashlib.sha1(upload).hexdigest() if upload is not None else None
    has_custom = "custom" in set(dm.criteria["pillar"])
    pillars = PILLARS + (("custom",) if has_custom else ())
    ctx = Ctx(path, snap, dm, (path, digest, dirs, flips), choices, pillars, has_custom)
    _sidebar(ctx)
    stale, up = st.session_state.get(STALE), st.session_state.get(UPLOAD)
    if stale and up:
        st.warning(
            t("data.stale", name=escape_markdown(up["name"]), msg=escape_markdown(stale)), icon=":material/warning:"
        )
    if problems:
        st.warning(t("state.url_fallback", items=problem_notice(problems)), icon=":material/warning:")
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
                st.error(t("state.load_error", msg=escape_markdown(msg[1])))
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
        why = ctx.snap.catalog["why"] if "why" in ctx.snap.catalog.columns else pd.Series(dtype=object)
        for p in ctx.pillars:
            ids = [i for i in crit.index if crit.loc[i, "pillar"] == p]
            if not ids:
                continue
            st.markdown(f"**{pillar_label(p)}**")
            for ind in ids:
                # a founder's column header is untrusted text inside a markdown label
                name = label("ind", ind, fallback=escape_markdown(crit.loc[ind, "name"]))
                st.slider(
                    name,
                    0.0,
                    state.IND_WEIGHT_MAX,
                    step=state.IND_WEIGHT_STEP,
                    key=state.ind_weight_key(ind),
                )
                if ind in ctx.choices.directions:
                    st.radio(
                        t("rank.direction"),
                        (1, -1),
                        key=state.dir_key(ind),
                        horizontal=True,
                        format_func=lambda d: t("dir.higher_is_better") if d == 1 else t("dir.lower_is_better"),
                        help=label("why", ind, fallback=str(why.get(ind, ""))) or None,
                    )
        if ctx.flips:
            names = ", ".join(label("ind", i, fallback=str(crit.loc[i, "name"])) for i, _ in ctx.flips)
            st.caption(t("rank.flipped", items=names))


def score_key(ctx: Ctx) -> tuple | None:
    """Everything a ScoreResult depends on, as `cache.scored` is keyed; None when no pillar has weight."""
    scen = ctx.scenario()
    pw = state.pillar_weights(scen, ctx.pillars)
    if not any(v > 0 for v in pw.values()):
        return None
    iw = state.indicator_weights(scen, ctx.dm.criteria.index)
    return (ctx.dm_key, tuple(sorted(pw.items())), tuple(sorted(iw.items())), scen["method"], float(scen["cov"]))


def scored(ctx: Ctx):
    """The ScoreResult for the current scenario, or None after explaining why not."""
    key = score_key(ctx)
    if key is None:
        st.error(t("err.no_weights"))
        return None
    try:
        return cache.scored(ctx.dm, *key)
    except ValueError as exc:
        st.error(t("err.engine", msg=escape_markdown(exc)))
        return None


def acceptability(ctx: Ctx, result, draws: int, concentration: float | None, top_k: int) -> pd.DataFrame | None:
    """`robustness.scenario_acceptability` for the scenario `result` was scored on (cached on its full key)."""
    key = score_key(ctx)
    if key is None:
        return None
    return guard(cache.acceptability, result, key, int(draws), concentration, int(top_k), SEED)


def custom_coverage(ctx: Ctx) -> int:
    """Economies with at least one value in the founder's own columns."""
    cols = ctx.dm.criteria.index[ctx.dm.criteria["pillar"] == "custom"]
    return int(ctx.dm.values[cols].notna().any(axis=1).sum()) if len(cols) else 0


# --------------------------------------------------------------------------- the founder's upload


def _keep_directions() -> None:
    """The direction radios live only on the Data page; Streamlit drops a widget's value when a page
    without it runs, so a cost column set to "lower is better" silently flipped back on Ranking.
    Re-assigning the key makes it plain session state, as `state.init` does for the scenario keys."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("cdir_")]:
        st.session_state[key] = st.session_state[key]


def _clear_directions() -> None:
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("cdir_")]:
        del st.session_state[key]


def take_upload(f) -> bool:
    """Accept a new file only if the loader accepts it; otherwise keep the last good one.

    Returns True when the model changed (the page must rerun to rebuild it).
    A first upload gets the custom weight the CLI would give it: the mean of
    the pillar weights the founder has set now.
    """
    if f is None or st.session_state.get("_upload_seen") == f.file_id:
        return False
    st.session_state["_upload_seen"] = f.file_id
    from xbmarkets.custom import CustomDataError

    data = f.getvalue()
    try:
        snap = cache.snapshot(cache.data_dir())
        loaded = cache.custom(data, (), *cache.upload_args(snap))
    except CustomDataError as exc:
        st.session_state["_upload_error"] = str(exc)
        return False
    _clear_directions()
    for ind, row in loaded.criteria.iterrows():
        st.session_state[f"cdir_{ind}"] = int(row["direction"])
    if not st.session_state.get(UPLOAD):
        points = {p: float(st.session_state.get(state.weight_key(p), 0)) for p in PILLARS}
        st.session_state[state.weight_key("custom")] = state.custom_weight_points(points)
    st.session_state[UPLOAD] = {"name": f.name, "bytes": data, "warnings": list(loaded.warnings)}
    st.session_state.pop("_upload_error", None)
    st.session_state.pop(STALE, None)
    return True


def remove_upload() -> None:
    st.session_state.pop(UPLOAD, None)
    st.session_state.pop("_upload_error", None)
    st.session_state.pop(STALE, None)
    _clear_directions()


def download_csv(label_key: str, df: pd.DataFrame, meta: Mapping[str, str], file_name: str, key: str) -> None:
    """The table as CSV and, beside it, as an Excel workbook: same rows and numbers, `meta` on its About sheet.

    The workbook is built only when it is clicked (a deferred download):
    openpyxl takes far longer than the CSV, and a slider move must stay fast.
    """
    from functools import partial

    from xbmarkets.export import XLSX_MIME, to_csv_bytes, to_xlsx_bytes

    stem = file_name.removesuffix(".csv")
    row = st.container(horizontal=True)
    row.download_button(
        t(label_key), to_csv_bytes(df, meta), file_name=file_name, mime="text/csv", key=key, on_click="ignore"
    )
    row.download_button(
        t("download.xlsx"),
        partial(to_xlsx_bytes, df.copy(), dict(meta), sheet=stem.removeprefix("xbmarkets-")),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        on_click="ignore",
        help=t("download.xlsx_help"),
    )


def meta_settings(ctx: Ctx) -> dict[str, str]:
    """CSV header lines every page adds to `report.scenario_meta`: flipped directions, the uploaded file."""
    from xbmarkets.ui.views import flipped_setting

    out = flipped_setting(ctx.flips)
    up = st.session_state.get(UPLOAD)
    if ctx.has_custom and up:
        out["custom_data"] = str(up["name"])
    return out
