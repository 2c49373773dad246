"""The scenario and the founder's upload in the Streamlit session, and the address bar kept in step.

Everything here is glue: what a valid scenario is, and how it is read from
a link or a file, lives in `xbmarkets.scenario` (pure, tested without
streamlit). This module only moves those dicts in and out of
`st.session_state` and `st.query_params`, and keeps values alive across page
switches.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from xbmarkets import scenario as sc
from xbmarkets.catalog import PILLARS
from xbmarkets.outcomes import OUTCOMES
from xbmarkets.ui import cache
from xbmarkets.ui.backtest_view import DEFAULT_YEAR

__all__ = [
    "PAGE_DEFAULTS",
    "UPLOAD",
    "STALE",
    "lang",
    "init",
    "dismiss_problems",
    "current",
    "apply",
    "sync_url",
    "scenario_json_on_click",
    "load_scenario_file",
    "keep_directions",
    "upload_in_session",
    "upload_direction_key",
    "take_upload",
    "remove_upload",
]

# Page-local controls: kept for the session (so a page looks as the founder left it)
# but not part of a shared scenario, hence not in the URL or the scenario file.
PAGE_DEFAULTS: Mapping[str, Any] = {
    "bt_year": DEFAULT_YEAR,  # Backtest page (issue 9): the year, the outcome, what the scatter judges
    "bt_outcome": OUTCOMES[0].name,
    "bt_subject": "score",
    "show_ind": False,  # Ranking: the per-indicator controls are built only when shown (issue 12)
    "tiers_k": 3,
    "plan_exclude": [],
    "plan_must": [],
    "plan_start": "",
    "plan_cap": 0,
    "plan_near": False,
    "plan_waves": 3,
    "plan_wave_size": 3,
    "cmp_pick": [],
    "rob_conc": 0,
    "rob_draws": 2000,
    "rob_top_k": 5,
    "map_what": "score",
}
UPLOAD = "custom_upload"  # {"name": str, "bytes": bytes, "warnings": list[str]}
STALE = "_upload_stale"  # why the stored upload no longer joins the data (it is kept, not dropped)
_INIT = "_xb_init"
_PROBLEMS = "_xb_problems"
_FILTERS = ("f_region", "f_income", "f_tier")
_DIRECTION_PREFIX = "cdir_"  # an uploaded column's direction radio on the Data page


def lang() -> str:
    """The session's language, readable before the scenario is restored (the router titles pages with it).

    On a session's first run the language is still only in the link; an
    unknown one is English, as `scenario.validate` will decide a moment later.
    """
    value = st.session_state.get("lang")
    if value is None:
        value = st.query_params.get("lang")
    return value if value in sc.LANGS else "en"


def init(choices: sc.Choices) -> list[sc.Problem]:
    """Call first on every run: URL → session once, then keep every scenario key alive.

    Streamlit forgets a widget's value when a page without that widget runs;
    re-assigning the key each run turns it into plain session state, so the
    weights set on Ranking are still there on Map and back on Ranking.
    """
    ss = st.session_state
    if _INIT not in ss:
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        scenario, problems = sc.parse_query(params, choices)
        for key, value in scenario.items():
            ss[key] = value
        for key, value in PAGE_DEFAULTS.items():
            ss.setdefault(key, list(value) if isinstance(value, list) else value)
        ss[_INIT] = True
        ss[_PROBLEMS] = problems
    else:
        allowed = {"f_region": choices.regions, "f_income": choices.income_groups, "f_tier": choices.tiers}
        for key, value in {**PAGE_DEFAULTS, **sc.defaults(choices)}.items():
            if key in ss:
                current = ss[key]
                if key in _FILTERS:  # the data (an upload) may have changed under a filter
                    current = [v for v in current if v in allowed[key]]
                ss[key] = current
            else:
                ss[key] = list(value) if isinstance(value, list) else value
    return list(ss.get(_PROBLEMS, []))


def dismiss_problems() -> None:
    st.session_state[_PROBLEMS] = []


def current(choices: sc.Choices, state: Any = None) -> dict[str, Any]:
    """The scenario in `state` (this run's session when None), defaults for what it lacks.

    `state` may be a run's own SafeSessionState, which has no `.get()` (its
    attribute access reads a session key of that name): hence `in` and `[]`.
    """
    defaults = sc.defaults(choices)
    if state is None:
        return {k: st.session_state.get(k, v) for k, v in defaults.items()}
    return {k: state[k] if k in state else v for k, v in defaults.items()}  # noqa: SIM401


def apply(scenario: Mapping[str, Any]) -> None:
    """Put a validated scenario into the session (from a callback, before widgets exist)."""
    for key, value in scenario.items():
        st.session_state[key] = value


def sync_url(choices: sc.Choices) -> None:
    """Write the scenario to the address bar when it differs, so the link always reproduces the page."""
    wanted = sc.to_query(current(choices), choices)
    have = {k: st.query_params.get_all(k) for k in st.query_params}
    norm = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if have != norm:
        st.query_params.from_dict(wanted)


def scenario_json_on_click(choices: sc.Choices) -> Callable[[], bytes]:
    """The scenario file as it will be when the founder clicks "Save", not as it was when the button was drawn.

    The sidebar's button is drawn on full runs only; the Ranking page's
    weights rerun as a fragment (issue 12), so bytes fixed at drawing time
    would save weights the founder has since moved. Streamlit runs a
    download's callable outside any script run, where `st.session_state`
    cannot tell whose session it is: the callable keeps this session's state.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    run = get_script_run_ctx()
    if run is None:  # pragma: no cover - a button is only drawn inside a run
        raise RuntimeError("scenario_json_on_click needs a script run")
    state = run.session_state

    def build() -> bytes:
        return sc.to_json(current(choices, state), choices)

    return build


def load_scenario_file(choices: sc.Choices) -> None:
    """Callback of the sidebar's scenario uploader: a usable file replaces the scenario, anything else is refused.

    The outcome is left in the session for the sidebar to show, because a
    callback's own messages would vanish with the rerun that follows it.
    """
    f = st.session_state.get("scenario_file")
    if f is None:
        return
    try:
        scen, problems = sc.from_json(f.getvalue(), choices)
    except ValueError as exc:
        st.session_state["_scenario_msg"] = ("error", str(exc))
        return
    apply(scen)
    st.session_state[_PROBLEMS] = problems
    st.session_state["_scenario_msg"] = ("ok", "")


# --------------------------------------------------------------------------- the founder's upload


def upload_direction_key(column: str) -> str:
    """The session key of an uploaded column's direction (+1 / -1), set on the Data page."""
    return f"{_DIRECTION_PREFIX}{column}"


def _direction_keys() -> list[str]:
    return [k for k in st.session_state if isinstance(k, str) and k.startswith(_DIRECTION_PREFIX)]


def keep_directions() -> None:
    """The direction radios live only on the Data page; Streamlit drops a widget's value when a page
    without it runs, so a cost column set to "lower is better" silently flipped back on Ranking.
    Re-assigning the key makes it plain session state, as `init` does for the scenario keys."""
    for key in _direction_keys():
        st.session_state[key] = st.session_state[key]


def _clear_directions() -> None:
    for key in _direction_keys():
        del st.session_state[key]


def upload_in_session() -> tuple[bytes | None, tuple[tuple[str, int], ...]]:
    """The stored upload's bytes and its columns' directions (None, () when there is none)."""
    up = st.session_state.get(UPLOAD)
    if not up:
        return None, ()
    n = len(_DIRECTION_PREFIX)
    dirs = tuple(sorted((k[n:], int(st.session_state[k])) for k in _direction_keys()))
    return up["bytes"], dirs


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
        st.session_state[upload_direction_key(str(ind))] = int(row["direction"])
    if not st.session_state.get(UPLOAD):
        points = {p: float(st.session_state.get(sc.weight_key(p), 0)) for p in PILLARS}
        st.session_state[sc.weight_key("custom")] = sc.custom_weight_points(points)
    st.session_state[UPLOAD] = {"name": f.name, "bytes": data, "warnings": list(loaded.warnings)}
    st.session_state.pop("_upload_error", None)
    st.session_state.pop(STALE, None)
    return True


def remove_upload() -> None:
    st.session_state.pop(UPLOAD, None)
    st.session_state.pop("_upload_error", None)
    st.session_state.pop(STALE, None)
    _clear_directions()
