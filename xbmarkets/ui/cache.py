"""Cached loaders: data is read once per process, a slider move only re-scores.

Heavy inputs (the snapshot, the decision matrix, the tiers, the world map)
depend only on the data folder and the founder's upload, never on the
weights; they are cached keyed on exactly those inputs.
Arguments with a leading underscore are not hashed (streamlit convention);
their identity is carried by the explicit key arguments next to them.

The model's objects (snapshot, matrices, tier and score results, explanations)
are held once per process with `st.cache_resource` and shared by every session:
`st.cache_data` would unpickle a fresh copy of each on every rerun (tens of
milliseconds a slider move, issue 12). Sharing is safe because nothing mutates
them: the engine is pure (functions return new frames) and pandas works
copy-on-write, so a page that derives a frame can never write through to the
shared one. Tables a page receives to reshape (acceptability, stability, …)
stay in `st.cache_data`.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd
import streamlit as st

from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot

__all__ = [
    "data_dir",
    "snapshot",
    "matrix",
    "custom",
    "upload_args",
    "tiers",
    "topology",
    "map_spec",
    "contribution_spec",
    "chart_spec",
    "tier_reasons",
    "scored",
    "acceptability",
    "explanation",
    "stability",
    "whatif",
    "whatif_points",
    "plan_robustness",
    "origin_matrix",
    "WORLD_PATH",
    # backtest (issue 9)
    "vintage_snapshot",
    "vintage_matrix",
    "outcomes",
    "backtest",
]

WORLD_PATH = DEFAULT_DATA_DIR / "world-110m.json"  # the shipped map, in a checkout or an installed package


def data_dir() -> str:
    """The snapshot folder; XBMARKETS_DATA_DIR overrides it (tests, a second snapshot)."""
    return str(os.environ.get("XBMARKETS_DATA_DIR") or DEFAULT_DATA_DIR)


@st.cache_resource(show_spinner=False, max_entries=4)
def snapshot(path: str):
    return load_snapshot(path)


@st.cache_resource(show_spinner=False, max_entries=16)
def custom(
    upload: bytes,
    directions: tuple[tuple[str, int], ...],
    known: tuple[str, ...],
    names: tuple[tuple[str, str], ...] = (),
):
    """The founder's upload; `names` are the (spelling, ISO3) pairs the app shows, see `upload_args`."""
    from xbmarkets.custom import load_custom

    return load_custom(upload, directions=dict(directions) or None, known_iso3=known, known_names=dict(names))


def upload_args(snap) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """`known` and `names` for `custom`: the snapshot's economies and the names the app shows for them."""
    from xbmarkets.snapshot import economy_names

    return tuple(snap.economies.index), tuple(sorted(economy_names(snap.economies).items()))


@st.cache_resource(show_spinner=False, max_entries=8)
def matrix(
    path: str,
    upload: bytes | None = None,
    directions: tuple[tuple[str, int], ...] = (),
    flips: tuple[tuple[str, int], ...] = (),
    origin: str | None = None,
):
    """The decision matrix of a scenario: snapshot + upload, seen from the seller's origin, with the
    founder's direction flips applied.

    `directions` are the upload's columns' directions, `flips` the catalog
    indicators whose direction the founder reversed (a flip of a bilateral
    indicator waits, unused, until an origin brings that indicator in);
    every page scores, tiers, compares, maps and tests robustness on this one matrix.
    """
    from xbmarkets.matrix import build_matrix

    snap = snapshot(path)
    extra = None
    if upload is not None:
        extra = custom(upload, directions, *upload_args(snap))
    dm = build_matrix(snap, custom=extra, origin=origin)
    usable = {k: v for k, v in flips if k in dm.criteria.index}
    return dm.with_directions(usable) if usable else dm


@st.cache_resource(show_spinner=False, max_entries=8)
def tiers(path: str, k: int = 3, seed: int = 0, flips: tuple[tuple[str, int], ...] = ()):
    """Tiers on the official data with the founder's flips (as the CLI's `--flip`); an upload does not move them."""
    from xbmarkets.fits import load_fits
    from xbmarkets.tiers import assign_tiers

    # the data folder's stored fit, when it matches exactly: a first visit need not import scikit-learn
    return assign_tiers(matrix(path, None, (), flips), k=k, seed=seed, known=load_fits(path))


# --------------------------------------------------------------------------- backtest (issue 9)


@st.cache_resource(show_spinner=False, max_entries=4)
def vintage_snapshot(path: str, year: int):
    """The snapshot as of `year` shipped beside the data folder's own (`data/vintage-YEAR`)."""
    from xbmarkets.snapshot import vintage_dir

    return load_snapshot(vintage_dir(year, path))


@st.cache_resource(show_spinner=False, max_entries=8)
def vintage_matrix(path: str, year: int, flips: tuple[tuple[str, int], ...] = (), origin: str | None = None):
    """The decision matrix as of `year`, seen from the seller's origin, with the founder's flips it holds.

    The founder's upload is today's data and has no past, so it never enters
    a vintage; a flip of an indicator the vintage lacks is simply unused.
    """
    from xbmarkets.matrix import build_matrix

    dm = build_matrix(vintage_snapshot(path, year), origin=origin)
    usable = {k: v for k, v in flips if k in dm.criteria.index}
    return dm.with_directions(usable) if usable else dm


@st.cache_resource(show_spinner=False, max_entries=2)
def outcomes(path: str):
    """What happened after each backtest year (`outcomes.csv` of the data folder's current build)."""
    from pathlib import Path

    from xbmarkets.outcomes import load_outcomes

    return load_outcomes(Path(path) / "outcomes.csv")


@st.cache_resource(show_spinner=False, max_entries=32)
def backtest(
    path: str,
    year: int,
    outcome: str,
    pillar_weights: tuple,
    indicator_weights: tuple,
    method: str,
    coverage: float,
    flips: tuple[tuple[str, int], ...] = (),
    origin: str | None = None,
    draws: int = 2000,
    seed: int = 0,
):
    """(ScoreResult, Backtest) of a scenario scored on the snapshot as of `year`: `run_backtest`, as the CLI.

    Keyed on everything either depends on -- the weights are the vintage's
    (`ui.backtest_view.vintage_inputs`) -- and on nothing else, so a widget
    that does not change the backtest (the scatter's subject, a filter, a
    weight of a pillar the vintage lacks) never re-runs the 2,000 resamples.
    """
    from xbmarkets.backtest import run_backtest
    from xbmarkets.scoring import score

    dm = vintage_matrix(path, year, flips, origin)
    result = score(
        dm, dict(pillar_weights), indicator_weights=dict(indicator_weights), method=method, coverage_threshold=coverage
    )
    return result, run_backtest(result, outcomes(path), year, outcome, draws=draws, seed=seed)


@st.cache_resource(show_spinner=False)
def topology() -> dict[str, Any]:
    from xbmarkets.charts import load_topology

    return load_topology(WORLD_PATH)


@st.cache_data(show_spinner=False, max_entries=32)
def map_spec(data, value_title: str, country_title: str, year_title: str) -> dict[str, Any]:
    """The Map page's Vega-Lite spec for one table of values and its titles, built and validated once.

    Altair validates the whole spec, ~108 KB of inline world geometry included,
    on every `to_dict`, under a lock all sessions share: the dominant cost of a
    Map rerun. The cache is keyed on the (hashed) values and titles, so a
    chart is never served for other data.
    """
    from xbmarkets.charts import choropleth

    spec = choropleth(
        topology(), data, value_title=value_title, country_title=country_title, year_title=year_title
    ).to_dict()
    return _as_streamlit_draws_altair(spec)


@st.cache_data(show_spinner=False, max_entries=16)
def contribution_spec(value_title: str, color_field: str | None = None, color_title: str = "") -> dict[str, Any]:
    """`charts.contribution_bars` as a Vega-Lite spec without its data, built once per titles.

    The bars change on every slider move, their encoding only with the
    language: altair's building and validating (~10 ms a chart, issue 12) is
    paid once, and `st.vega_lite_chart` attaches each run's rows.
    """
    from xbmarkets.charts import contribution_bars

    columns = ["label", "contribution", *([color_field] if color_field else [])]
    spec = contribution_bars(
        pd.DataFrame(columns=columns), value_title=value_title, color_field=color_field, color_title=color_title
    ).to_dict()
    for key in ("data", "datasets", "$schema"):
        spec.pop(key, None)
    return _as_streamlit_draws_altair(spec)


@st.cache_data(show_spinner=False, max_entries=64)
def chart_spec(builder: str, data: pd.DataFrame, options: dict[str, Any]) -> dict[str, Any]:
    """`charts.<builder>(data, **options)` as a finished Vega-Lite spec, built and validated once per inputs.

    altair builds, serialises and validates a chart on every `st.altair_chart`
    (~20-40 ms for the Tiers page's charts, issue 12); a control that comes
    back to a value it had (k = 2, 6, 2 ...) now costs a lookup. Keyed on
    the (hashed) data and options, so a chart is never served for other data.
    """
    from xbmarkets import charts

    return _as_streamlit_draws_altair(getattr(charts, builder)(data, **options).to_dict())


def _as_streamlit_draws_altair(spec: dict[str, Any]) -> dict[str, Any]:
    """An altair spec drawn with `st.vega_lite_chart` as `st.altair_chart` would draw it: altair's default
    theme sizes a view 300 x 300, Streamlit's own altair path renders with theme "none"."""
    spec.get("config", {}).pop("view", None)
    if not spec.get("config", True):
        del spec["config"]
    return spec


@st.cache_resource(show_spinner=False, max_entries=32)
def tier_reasons(_tier_result, _dm, tiers_key: tuple, dm_key: tuple, lang: str) -> pd.Series:
    """`reasons.tier_reasons` of one tiering in one language: ~190 sentences, the same on every rerun that
    does not change k, the data or the language (it cost ~130 ms a Tiers rerun, issue 12)."""
    from xbmarkets.ui.reasons import tier_reasons as words

    return words(_tier_result, _dm, lang)


@st.cache_resource(show_spinner=False, max_entries=64)
def scored(_dm, dm_key: tuple, pillar_weights: tuple, indicator_weights: tuple, method: str, coverage: float):
    """ScoreResult for one scenario; pages that share a scenario share the work.

    `dm_key` identifies `_dm` (data folder, upload digest, upload directions, flips, origin).
    """
    from xbmarkets.scoring import score

    iw = dict(indicator_weights)
    return score(
        _dm,
        dict(pillar_weights),
        indicator_weights=iw if any(v != 1.0 for v in iw.values()) else None,
        method=method,
        coverage_threshold=coverage,
    )


@st.cache_data(show_spinner=False, max_entries=16)
def acceptability(_result, score_key: tuple, draws: int, concentration: float | None, top_k: int, seed: int):
    """`robustness.scenario_acceptability` of one scored scenario, the function the CLI calls.

    `score_key` is everything the ScoreResult depends on (the key `scored`
    was called with), so an indicator weight or a direction flip can never
    serve the acceptability of another scenario.
    """
    from xbmarkets.robustness import scenario_acceptability

    return scenario_acceptability(_result, draws=draws, concentration=concentration, top_k=top_k, seed=seed)


@st.cache_resource(show_spinner=False, max_entries=64)
def explanation(_result, _dm, score_key: tuple, iso3: str):
    """`explain.explain` of one market in one scored scenario: a slider move that brings the same scenario back,
    or any rerun that does not change it (a filter, the language), costs a lookup instead of a breakdown."""
    from xbmarkets.explain import explain

    return explain(_result, _dm, iso3)


# --------------------------------------------------------------------------- decisions (issue 10)
# Each keyed on the full scoring key (`Frame.score_key`, or a scenario's own), like `acceptability`.


@st.cache_data(show_spinner=False, max_entries=16)
def stability(_result, _dm, score_key: tuple, k: int):
    """`stability.stability_intervals(result, k, dm)`: re-scored where the ranked field changes, as the CLI does."""
    from xbmarkets.stability import stability_intervals

    return stability_intervals(_result, int(k), _dm)


@st.cache_data(show_spinner=False, max_entries=32)
def whatif(_result, _dm, score_key: tuple, iso3: str, k: int):
    """`whatif.what_if` for one market (the nearest weights and the single-indicator changes)."""
    from xbmarkets.whatif import what_if

    return what_if(_result, iso3, int(k), _dm)


@st.cache_data(show_spinner=False, max_entries=32)
def whatif_points(_result, _dm, score_key: tuple, iso3: str, k: int, needed: tuple, checks: int = 6):
    """Whole slider points that keep `iso3` in the top k, confirmed by a full re-score: (points, rank) or (None, None).

    `score_key` is `(dm_key, pillar points, …)` as `Frame.score_key` builds it;
    the candidates (`views.weight_points`) are re-scored with the scenario's
    other settings through `scored`, so applying the first that holds makes
    the page's next ranking a cache hit.  Pillars without weight keep their points.
    """
    from xbmarkets.ui.views import weight_points

    dm_key, pw, *rest = score_key  # rest: indicator weights, method, coverage (whatever `scored` takes after them)
    base = dict(pw)
    for points in weight_points(_result, iso3, int(k), dict(needed), base)[:checks]:
        new = {p: float(v if points.get(p) is None else points[p]) for p, v in base.items()}
        try:
            again = scored(_dm, dm_key, tuple(sorted(new.items())), *rest)
        except ValueError:
            continue
        if iso3 in again.table.index and int(again.table.at[iso3, "rank"]) <= int(k):
            return {p: int(v) for p, v in new.items()}, int(again.table.at[iso3, "rank"])
    return None, None


@st.cache_data(show_spinner=False, max_entries=16)
def plan_robustness(
    _result,
    _tiers,
    _economies,
    score_key: tuple,
    tiers_key: tuple,
    settings: tuple,
    draws: int,
    concentration: float | None,
    seed: int,
):
    """`plan_robustness.plan_robustness` under the Robustness page's draws.

    `tiers_key` identifies `_tiers` (data folder, k, seed, flips), `settings`
    is the plan's `PlanSettings` as a tuple of its fields; `_economies` belongs
    to the matrix in `score_key`.
    """
    from xbmarkets.plan_robustness import PlanSettings, plan_robustness

    return plan_robustness(
        _result,
        _tiers,
        _economies,
        PlanSettings(*settings),
        draws=int(draws),
        concentration=concentration,
        seed=int(seed),
    )


@st.cache_resource(show_spinner=False, max_entries=8)
def origin_matrix(
    path: str,
    upload: bytes | None,
    directions: tuple[tuple[str, int], ...],
    flips: tuple[tuple[str, int], ...],
    origin: str,
):
    """The matrix of a scenario that ships from `origin` (a saved scenario file may name one the session does not
    use): as `matrix`, built with `build_matrix(snapshot, origin=…)`."""
    from xbmarkets.matrix import build_matrix

    snap = snapshot(path)
    extra = custom(upload, directions, *upload_args(snap)) if upload is not None else None
    dm = build_matrix(snap, custom=extra, origin=origin)
    return dm.with_directions(dict(flips)) if flips else dm
