"""What pages get from the engine for the current frame, through the cache, with errors as sentences.

A page never shows a traceback: an engine ValueError becomes one `st.error`
sentence and the call returns None, so the page can simply skip what
depends on it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import pandas as pd
import streamlit as st

from xbmarkets.ui import cache
from xbmarkets.ui.backtest_view import VintageInputs, vintage_inputs
from xbmarkets.ui.frame import Frame
from xbmarkets.ui.i18n import t
from xbmarkets.ui.markdown import escape_markdown

__all__ = [
    "SEED",
    "guard",
    "scored",
    "tiers",
    "tier_series",
    "acceptability",
    "explanation",
    "download_csv",
    "stability",
    "whatif",
    "whatif_points",
    "plan_robustness",
    "BacktestRun",
    "backtest",
]

T = TypeVar("T")
SEED = 0  # the one seed of the dashboard's tiers and robustness draws (as the CLI's default)


def guard(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """Run an engine call; a ValueError becomes a visible sentence and None."""
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        st.error(t("err.engine", msg=str(exc)))
        return None


def scored(ctx: Frame):
    """The ScoreResult for the current scenario, or None after explaining why not."""
    key = ctx.score_key
    if key is None:
        st.error(t("err.no_weights"))
        return None
    try:
        return cache.scored(ctx.dm, *key)
    except ValueError as exc:
        st.error(t("err.engine", msg=escape_markdown(exc)))
        return None


def tiers(ctx: Frame, k: int = 3):
    """The TierResult for k tiers (with the founder's flips; an upload does not move tiers), or None with a sentence."""
    return guard(cache.tiers, ctx.path, k=int(k), seed=SEED, flips=ctx.flips)


def tier_words(ctx: Frame, tier_result, k: int) -> pd.Series:
    """`reasons.tier_reasons` of the k-tiering `tiers(ctx, k)` gave, in the session language (cached)."""
    return cache.tier_reasons(tier_result, ctx.dm, (ctx.path, int(k), SEED, ctx.flips), ctx.dm_key, ctx.lang)


def chart(
    builder: str,
    data: pd.DataFrame,
    key: str | None = None,
    width: Literal["stretch", "content"] = "stretch",
    **options,
) -> None:
    """`st.altair_chart(charts.<builder>(data, **options))` with the spec built once per inputs (`cache.chart_spec`)."""
    st.vega_lite_chart(cache.chart_spec(builder, data, options), width=width, key=key)


def tier_series(ctx: Frame, k: int = 3) -> pd.Series | None:
    """iso3 -> tier name, for filters and table columns; None (silently) when tiers cannot be formed.

    Weights do not change tiers, so this is cached per data folder and flips.
    """
    try:
        return cache.tiers(ctx.path, k=k, seed=SEED, flips=ctx.flips).table["tier"]
    except ValueError:
        return None


def acceptability(ctx: Frame, result, draws: int, concentration: float | None, top_k: int) -> pd.DataFrame | None:
    """`robustness.scenario_acceptability` for the scenario `result` was scored on (cached on its full key)."""
    key = ctx.score_key
    if key is None:
        return None
    return guard(cache.acceptability, result, key, int(draws), concentration, int(top_k), SEED)


def explanation(ctx: Frame, result, iso3: str):
    """`explain.explain(result, dm, iso3)` of the scenario (cached on its full key), or None with a sentence."""
    key = ctx.score_key
    if key is None:
        return None
    return guard(cache.explanation, result, ctx.dm, key, str(iso3))


@dataclass(frozen=True, eq=False)
class BacktestRun:
    """The frame's scenario backtested as of a past year: what the Backtest page shows and exports."""

    year: int
    snap: Any  # the vintage Snapshot (sources, left_out, about)
    dm: Any  # the vintage DecisionMatrix the scenario was scored on
    inputs: VintageInputs
    result: Any  # its ScoreResult
    bt: Any  # xbmarkets.backtest.Backtest


def backtest(ctx: Frame, year: int, outcome: str) -> BacktestRun | None:
    """`run_backtest` of the frame's scenario on the snapshot as of `year` (cached on its full key), or None
    after a sentence saying why not.

    The scenario is mapped onto the vintage first (`vintage_inputs`): what the
    vintage lacks is left out and named on the page, never an error.
    """
    from xbmarkets.backtest import DEFAULT_DRAWS

    scenario = ctx.scenario
    if ctx.score_key is None:
        st.error(t("err.no_weights"))
        return None
    try:
        snap = cache.vintage_snapshot(ctx.path, int(year))
        dm = cache.vintage_matrix(ctx.path, int(year), ctx.flips, ctx.origin)
    except ValueError as exc:
        st.error(t("err.engine", msg=escape_markdown(exc)))
        return None
    inputs = vintage_inputs(scenario, ctx.pillars, ctx.dm.criteria, dm.criteria)
    if not inputs.has_weight:
        st.error(t("bt.no_weight", year=year))
        return None
    pair = guard(
        cache.backtest,
        ctx.path,
        int(year),
        outcome,
        inputs.pillar_weights,
        inputs.indicator_weights,
        str(scenario["method"]),
        float(scenario["cov"]),
        ctx.flips,
        ctx.origin,
        DEFAULT_DRAWS,
        SEED,
    )
    if pair is None:
        return None
    return BacktestRun(int(year), snap, dm, inputs, *pair)


def download_csv(
    label_key: str,
    df: pd.DataFrame,
    meta: Mapping[str, str] | Callable[[], Mapping[str, str]],
    file_name: str,
    key: str,
) -> None:
    """The table as CSV and, beside it, as an Excel workbook: same rows and numbers, `meta` on its About sheet.

    Both files are built only when clicked (deferred downloads): a slider
    move must not pay for serialising tables nobody downloads (issue 12).
    `meta` may be a function of what is shown now (e.g. a `functools.partial`
    of `views.page_meta`), called on the click rather than on every rerun.
    """
    from functools import partial

    from xbmarkets.export import XLSX_MIME

    stem = file_name.removesuffix(".csv")
    frozen = df.copy()  # what is shown now, whatever the session does before the click
    about = meta if callable(meta) else partial(dict, dict(meta))
    row = st.container(horizontal=True)
    row.download_button(
        t(label_key),
        partial(_csv_on_click, frozen, about),
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",
    )
    row.download_button(
        t("download.xlsx"),
        partial(_xlsx_on_click, frozen, about, stem.removeprefix("xbmarkets-")),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        on_click="ignore",
        help=t("download.xlsx_help"),
    )


def _csv_on_click(df: pd.DataFrame, meta: Callable[[], Mapping[str, str]]) -> bytes:
    from xbmarkets.export import to_csv_bytes

    return to_csv_bytes(df, meta())


def _xlsx_on_click(df: pd.DataFrame, meta: Callable[[], Mapping[str, str]], sheet: str) -> bytes:
    from xbmarkets.export import to_xlsx_bytes

    return to_xlsx_bytes(df, meta(), sheet=sheet)


# --------------------------------------------------------------------------- decisions (issue 10)


def stability(ctx: Frame, result, k: int):
    """Stability intervals of the current scenario for the top k (k = 1: the first market), or None with a sentence."""
    key = ctx.score_key
    return None if key is None else guard(cache.stability, result, ctx.dm, key, int(k))


def whatif(ctx: Frame, result, iso3: str, k: int):
    """What it takes for `iso3` to reach the top k in the current scenario, or None with a sentence."""
    key = ctx.score_key
    return None if key is None else guard(cache.whatif, result, ctx.dm, key, str(iso3), int(k))


def whatif_points(ctx: Frame, result, wi) -> tuple[dict[str, int] | None, int | None]:
    """Whole slider points for a found what-if answer, confirmed by a full re-score (None, None if rounding fails)."""
    key = ctx.score_key
    if key is None or wi.status != "found":
        return None, None
    needed = tuple((str(p), float(v)) for p, v in zip(wi.weights["pillar"], wi.weights["weight_needed"], strict=True))
    return cache.whatif_points(result, ctx.dm, key, wi.iso3, int(wi.k), needed)


def plan_robustness(ctx: Frame, result, tier_result, tiers_k: int, settings, draws: int, concentration: float | None):
    """`plan_robustness` of the plan as the Tiers page makes it (cached on scenario, tiers, plan and draw settings)."""
    from dataclasses import astuple

    key = ctx.score_key
    if key is None:
        return None
    tiers_key = (ctx.path, int(tiers_k), SEED, ctx.flips)
    return guard(
        cache.plan_robustness,
        result,
        tier_result.table,
        ctx.dm.economies,
        key,
        tiers_key,
        astuple(settings),
        int(draws),
        concentration,
        SEED,
    )
