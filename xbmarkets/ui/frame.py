"""The shared frame: what every page gets, computed once per run by the router before the page runs.

The router (`xbmarkets.ui.router`, called by `dashboard.py`) calls `build`
(page config, data, the scenario from the session or the link, the sidebar
every page shares, the notices) and then runs the selected page, which takes
the result with `current()` and only lays out its own widgets. Controls that
every page shares belong in `_shared_controls`; one page's controls belong on
that page.

For `st.fragment`: a fragment rerun does not pass through the router, so a
fragment uses the frame its page got (never `current()` again) and must read
its own widgets' values from the session; what changes the matrix (a
direction flip, an upload, the language) needs a full rerun.

The frame's `scenario` is read from the session once, when the frame is
built: every value a run's widgets show is in the session before the run
starts (callbacks run first; a page that changes a scenario value mid-run
calls `st.rerun`), and reading ~100 keys through `st.session_state` on
each of a page's many accesses cost tens of milliseconds a rerun (issue 12).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import streamlit as st

from xbmarkets import scenario as sc
from xbmarkets.catalog import PILLARS
from xbmarkets.matrix import DecisionMatrix
from xbmarkets.snapshot import Snapshot
from xbmarkets.ui import cache, nav, session, views
from xbmarkets.ui.i18n import t, translate
from xbmarkets.ui.labels import LANG_NAMES, problem_notice
from xbmarkets.ui.markdown import escape_markdown

__all__ = ["Frame", "build", "current", "refresh", "release", "hand_over", "HAND_OVER_S"]

# A rerun is CPU-bound Python in the script thread; its messages leave from the server's event-loop thread,
# which needs the GIL to send them. Right after the element a founder waits for (the Ranking table), the
# script sleeps this long so that element leaves at once instead of between the next elements' work.
# Measured (issue 12, bench_browser.py, one session): table drawn p50 252 -> 201 ms, in the DOM 505 -> 479 ms.
HAND_OVER_S = 0.015

_KEY = "_xb_frame"  # this run's frame, handed from the router to the page


@dataclass(frozen=True)
class Frame:
    """What every page needs: the data, the scenario of this run and the words to show it in."""

    path: str  # the data folder
    snap: Snapshot
    dm: DecisionMatrix  # snapshot + the founder's upload, seen from their origin, with their direction flips
    dm_key: tuple  # (data folder, upload digest, upload directions, direction flips, origin): identifies dm
    choices: sc.Choices
    pillars: tuple[str, ...]  # pillars in play: the catalog's, plus custom when data is uploaded
    has_custom: bool
    lang: str
    names: pd.Series  # iso3 -> country name in `lang`
    upload_name: str | None  # the founder's file in use (None when there is none or it no longer joins)
    state: Mapping[str, Any] = field(default_factory=dict)  # the scenario as this run started (see `scenario`)

    @property
    def scenario(self) -> dict[str, Any]:
        """The scenario of this run (complete: defaults fill what the session lacks); a copy the caller may keep."""
        return dict(self.state)

    @property
    def flips(self) -> tuple[tuple[str, int], ...]:
        return self.dm_key[3]

    @property
    def name_map(self) -> dict[str, str]:
        """iso3 -> country name in `lang`, as a plain mapping for the wording functions."""
        return {str(k): str(v) for k, v in self.names.items()}

    @property
    def origin(self) -> str | None:
        """ISO3 of the economy the seller ships from; None in the generic view."""
        return self.dm.origin

    @property
    def origin_name(self) -> str:
        """The origin's name in the session language ('' without an origin)."""
        return str(self.names.get(self.dm.origin, self.dm.origin)) if self.dm.origin else ""

    @property
    def score_key(self) -> tuple | None:
        """Everything a ScoreResult depends on, as `cache.scored` is keyed; None when no pillar has weight."""
        inputs = sc.score_inputs(self.scenario, self.pillars, self.dm.criteria.index)
        return None if inputs is None else (self.dm_key, *inputs)

    @property
    def meta_settings(self) -> dict[str, str]:
        """CSV header lines every page adds to `report.scenario_meta`: flipped directions, the uploaded file."""
        return views.meta_settings(self.flips, self.upload_name)


def current() -> Frame:
    """The frame the router built for this run (pages call this first).

    Streamlit still honours the legacy `pages/` folder until a run calls
    `st.navigation`: a server's very first run (and every AppTest run) that
    opens a page's address runs the page file directly. Such a page has no
    frame, so it hands the run to the router, which draws the same page
    inside it, and then stops.
    """
    ctx = st.session_state.get(_KEY)
    if isinstance(ctx, Frame):
        return ctx
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    run = get_script_run_ctx()
    if run is not None and run.fragment_ids_this_run:
        # a fragment rerun skips the router: routing here would draw the whole app inside the fragment
        raise RuntimeError("frame.current() inside an st.fragment: use the frame the page got on its full run")
    from xbmarkets.ui import router

    router.run()
    st.stop()
    raise AssertionError("unreachable: st.stop raises")  # pragma: no cover


def refresh(ctx: Frame) -> Frame:
    """The frame a fragment should use: `ctx` itself on a full run; on the fragment's own rerun, `ctx` with the
    scenario as it is now, the scenario keys kept alive and the link brought up to date.

    What the frame's matrix or words depend on (a direction flip, the origin,
    the language) cannot change inside a fragment rerun: when one did, the
    whole app reruns, so the router builds a new frame.
    Two fragments rerun together must run the one that draws scenario widgets
    last: a key may only be re-assigned before its widget is drawn in the run.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    run = get_script_run_ctx()
    if run is None or not run.fragment_ids_this_run:
        return ctx
    # every scenario key re-assigned, as on a full run: a control drawn outside this fragment (or no longer
    # drawn) keeps its value when the next run is another page's (a fragment run that skipped this lost it)
    session.init(ctx.choices)
    scenario = session.current(ctx.choices)
    flips = tuple(sorted(sc.direction_overrides(scenario, ctx.choices).items()))
    if flips != ctx.flips or (scenario.get("origin") or None) != ctx.origin or session.lang() != ctx.lang:
        st.rerun(scope="app")
    session.sync_url(ctx.choices)
    return replace(ctx, state=scenario)


def hand_over() -> None:
    """Let the server send what the run has drawn so far (see `HAND_OVER_S`)."""
    time.sleep(HAND_OVER_S)


def release() -> None:
    """Forget this run's frame (the router calls it when the page is done, however it ended)."""
    st.session_state.pop(_KEY, None)


def build(title: str) -> Frame:
    """Page config, data, scenario, sidebar, notices. Stops the run with a sentence if the data is unusable."""
    st.set_page_config(page_title=f"xbmarkets · {title}", page_icon=nav.APP_ICON, layout="wide")
    ctx, problems = _load()
    st.session_state[_KEY] = ctx
    _shared_controls(ctx)
    _notices(problems, ctx.lang)
    session.sync_url(ctx.choices)
    return ctx


def _load() -> tuple[Frame, list[sc.Problem]]:
    """The data and the scenario of this run, and what a link or scenario file held that could not be used."""
    path = cache.data_dir()
    session.keep_directions()
    try:
        snap = cache.snapshot(path)
        base, upload, dirs = _matrices(path)
        digest = hashlib.sha1(upload).hexdigest() if upload is not None else None
        choices = _choices(path, digest, dirs, base, snap)
    except ValueError as exc:
        st.error(t("err.data", msg=escape_markdown(exc)))
        st.stop()
        raise  # pragma: no cover - st.stop raises
    problems = session.init(choices)
    scenario = session.current(choices)
    flips = tuple(sorted(sc.direction_overrides(scenario, choices).items()))
    origin = scenario.get("origin") or None
    dm = cache.matrix(path, upload, dirs, flips, origin) if flips or origin else base
    has_custom = "custom" in set(dm.criteria["pillar"])
    lang = session.lang()
    up = st.session_state.get(session.UPLOAD)
    ctx = Frame(
        path=path,
        snap=snap,
        dm=dm,
        dm_key=(path, digest, dirs, flips, origin),
        choices=choices,
        pillars=PILLARS + (("custom",) if has_custom else ()),
        has_custom=has_custom,
        lang=lang,
        names=views.country_names(dm.economies["name"], snap.economies, lang),
        upload_name=str(up["name"]) if has_custom and up else None,
        state=scenario,
    )
    return ctx, problems


@st.cache_resource(show_spinner=False, max_entries=16)
def _choices(
    path: str, digest: str | None, dirs: tuple[tuple[str, int], ...], _base: DecisionMatrix, _snap: Snapshot
) -> sc.Choices:
    """What a scenario may hold for this data (folder, upload, its directions): the same for every run on it,
    so it is worked out once (~15 ms) rather than on every rerun. A frozen value, shared by all sessions."""
    return sc.choices_for(_base, origin_scoped=_origin_scoped(_snap), origins=_origins(_snap))


def _origin_scoped(snap: Snapshot) -> pd.DataFrame:
    """The catalog's bilateral indicators: a scenario may weigh them before an origin brings them in."""
    scope = snap.catalog["scope"] if "scope" in snap.catalog.columns else pd.Series(dtype=str)
    return snap.catalog.loc[scope.index[scope == "origin"]]


def _origins(snap: Snapshot) -> tuple[str, ...]:
    """Economies a seller may ship from: those the bilateral table has rows for."""
    table = snap.bilateral
    return tuple(sorted(table["origin"].unique())) if len(table) else ()


def _matrices(path: str) -> tuple[DecisionMatrix, bytes | None, tuple[tuple[str, int], ...]]:
    """The matrix before flips, with the upload that went into it (None when there is none or it broke).

    A stored upload that no longer joins (the data folder changed under it)
    is kept in the session -- the founder can still download or fix it -- and
    the reason is remembered so every page can say why it is not in use.
    """
    upload, dirs = session.upload_in_session()
    st.session_state.pop(session.STALE, None)
    if upload is not None:
        try:
            return cache.matrix(path, upload, dirs), upload, dirs
        except ValueError as exc:
            st.session_state[session.STALE] = str(exc)
    return cache.matrix(path), None, ()


def _shared_controls(ctx: Frame) -> None:
    """The sidebar every page shares, below the navigation: language, where the seller ships from, then the
    scenario file.

    A control that changes what every page computes (it must be in the
    frame's scenario) goes here; one page's own controls go on that page.
    """
    sb = st.sidebar
    sb.selectbox(t("app.lang"), sc.LANGS, key="lang", format_func=lambda code: LANG_NAMES.get(code, code))
    if ctx.choices.origins:
        names, none = ctx.names, translate("origin.none", ctx.lang)  # fixed here: AppTest formats outside the run
        options = ("", *sorted(ctx.choices.origins, key=lambda c: str(names.get(c, c))))
        sb.selectbox(
            t("origin.label"),
            options,
            key="origin",
            help=t("origin.help"),
            format_func=lambda code: none if code == "" else f"{names.get(code, code)} ({code})",
        )
    with sb.expander(t("state.scenario")):
        st.caption(t("state.share"))
        st.download_button(
            t("state.save"),
            session.scenario_json_on_click(ctx.choices),
            file_name="xbmarkets-scenario.json",
            mime="application/json",
            key="scenario_save",
            on_click="ignore",
        )
        st.file_uploader(
            t("state.load"),
            type=["json"],
            key="scenario_file",
            on_change=session.load_scenario_file,
            args=(ctx.choices,),
        )
        msg = st.session_state.get("_scenario_msg")
        if msg:
            if msg[0] == "error":
                st.error(t("state.load_error", msg=escape_markdown(msg[1])))
            else:
                st.success(t("state.loaded"))


def _notices(problems: list[sc.Problem], lang: str) -> None:
    """Above every page: an upload that stopped joining the data, and what a link or file could not set."""
    stale, up = st.session_state.get(session.STALE), st.session_state.get(session.UPLOAD)
    if stale and up:
        st.warning(t("data.stale", name=escape_markdown(up["name"]), msg=escape_markdown(stale)), icon=nav.WARNING_ICON)
    if problems:
        st.warning(t("state.url_fallback", items=problem_notice(problems, lang)), icon=nav.WARNING_ICON)
        st.button(t("state.dismiss"), key="dismiss_url_warning", on_click=session.dismiss_problems)
