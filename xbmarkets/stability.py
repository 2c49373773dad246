"""Weight stability intervals: how far one pillar's weight can move before the top of the ranking changes.

Moving pillar j's weight share to t (0–1) and rescaling the other pillars to
fill 1 − t in their current ratios gives every economy a score along a path
w(t).  For the weighted sum each score is *linear* in t:

    s_a(t) = R_a + t · (P_aj − R_a),   R_a = Σ_{i≠j} w_i P_ai / (1 − w_j),

so "a stays above b" is one linear inequality in t and the interval over
which the current first market (or the current top-k set) stays put is the
intersection of those inequalities — solved exactly, no scan.  TOPSIS
scores are not linear in t; there the interval comes from a bracketed
search: a grid of `GRID` steps over [0, 1] brackets the first change on each
side of the current weight, then bisection narrows it to `TOLERANCE`.  (A
change that appears and disappears again between two grid steps would be
missed; the grid is fine enough that this needs a window narrower than 0.5 %
of the weight.)

The ranked field is the scenario's (see `reweigh`): intervals answer "with
these economies ranked, when does the top change", as the Robustness page's
draws do.  Ties count as staying: at an interval end the leader and the
newcomer score the same, and just outside it the newcomer is ahead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Integral

import numpy as np
import pandas as pd

from .reweigh import PillarProblem, pillar_problem

__all__ = ["GRID", "STABILITY_COLUMNS", "TOLERANCE", "StabilityResult", "stability_intervals", "percent"]

TOLERANCE = 1e-6
"""Width, in weight share, to which TOPSIS interval ends are bracketed."""
GRID = 200
STABILITY_COLUMNS: tuple[str, ...] = (
    "pillar",
    "k",
    "weight_now",
    "low",
    "high",
    "low_in",
    "low_in_name",
    "low_out",
    "low_out_name",
    "high_in",
    "high_in_name",
    "high_out",
    "high_out_name",
    "sentence",
)
"""low/high are weight shares (0–1).  `*_in` is the economy that enters the first place (k = 1) or the top k
just outside that end, `*_out` the one it pushes out; '' when the interval reaches 0 or 1 (nothing changes)."""
_SAME = 1e-12


@dataclass(frozen=True, eq=False)
class StabilityResult:
    """Per weighted pillar: the interval of its share that keeps the current top k, and who changes it."""

    table: pd.DataFrame
    """one row per pillar, columns STABILITY_COLUMNS."""
    k: int
    method: str
    top: tuple[str, ...]
    """the current top k (ISO3), best first."""
    names: Mapping[str, str] = field(default_factory=dict)
    tolerance: float | None = None
    """None: exact (weighted sum); else the bracketing tolerance of the TOPSIS search."""

    @property
    def sentences(self) -> list[str]:
        return [str(s) for s in self.table["sentence"]]


def percent(x: float, *others: float) -> str:
    """A share as 'NN %', with as many decimals (up to 2) as it takes to tell it from `others`."""
    for decimals in (0, 1, 2):
        mine = round(100 * x, decimals)
        if all(round(100 * o, decimals) != mine for o in others if abs(o - x) > _SAME):
            return f"{mine:.{decimals}f} %"
    return f"{100 * x:.2f} %"


def stability_intervals(result, k: int = 1) -> StabilityResult:
    """Interval of each weighted pillar's share over which the current first market (k=1) / top-k set holds.

    `result` is a `scoring.ScoreResult` (weighted sum or TOPSIS).  Rows come
    in the scenario's pillar order; a scenario with a single weighted pillar
    gets low = high = 1 (its share cannot move).
    """
    if isinstance(k, bool) or not isinstance(k, Integral) or k < 1:
        raise ValueError(f"k must be a whole number >= 1, got {k!r}")
    pp = pillar_problem(result)
    k = int(min(k, pp.n))
    top = tuple(pp.codes[:k])
    rows = [_pillar_row(pp, j, k) for j in range(len(pp.pillars))]
    names = dict(zip(pp.codes, pp.names, strict=True))
    for row in rows:
        for end in ("low_in", "low_out", "high_in", "high_out"):
            row[f"{end}_name"] = names.get(row[end], "") if row[end] else ""
        row["sentence"] = _sentence(row, top, names)
    table = pd.DataFrame(rows, columns=list(STABILITY_COLUMNS))
    return StabilityResult(
        table=table,
        k=k,
        method=pp.method,
        top=top,
        names=names,
        tolerance=None if pp.method == "wsm" else TOLERANCE,
    )


def path_weights(w: np.ndarray, j: int, t: np.ndarray) -> np.ndarray:
    """Weights with pillar j's share at each t and the others scaled to fill the rest (len(t) × pillars)."""
    t = np.atleast_1d(np.asarray(t, dtype=float))
    rest = np.delete(w, j)
    rest = rest / rest.sum() if rest.sum() > 0 else rest
    out = np.empty((len(t), len(w)))
    out[:, j] = t
    out[:, np.arange(len(w)) != j] = (1.0 - t)[:, None] * rest[None, :]
    return out


def _pillar_row(pp: PillarProblem, j: int, k: int) -> dict[str, object]:
    t0 = float(pp.weights[j])
    row: dict[str, object] = {"pillar": pp.pillars[j], "k": k, "weight_now": t0}
    if len(pp.pillars) == 1 or k >= pp.n:
        row.update(low=t0 if len(pp.pillars) == 1 else 0.0, high=t0 if len(pp.pillars) == 1 else 1.0)
        row.update(low_in="", low_out="", high_in="", high_out="")
        return row
    if pp.method == "wsm":
        low, high, at_low, at_high = _wsm_interval(pp, j, k)
    else:
        low, high, at_low, at_high = _searched_interval(pp, j, k)
    row.update(low=min(low, t0), high=max(high, t0))
    row.update(low_in=at_low[0], low_out=at_low[1], high_in=at_high[0], high_out=at_high[1])
    return row


def _wsm_interval(pp: PillarProblem, j: int, k: int) -> tuple[float, float, tuple[str, str], tuple[str, str]]:
    """Exact interval: every (inside a, outside b) pair gives c0 + c1·t ≥ 0; intersect them."""
    w = pp.weights
    t0 = float(w[j])
    p_j = pp.scores[:, j]
    rest = (pp.scores @ w - t0 * p_j) / (1.0 - t0)  # R: the other pillars' composite, unaffected by t
    slope = p_j - rest
    inside, outside = np.arange(k), np.arange(k, pp.n)
    c0 = rest[inside][:, None] - rest[outside][None, :]
    c1 = slope[inside][:, None] - slope[outside][None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        cross = np.where(c1 != 0, -c0 / c1, np.nan)
    up = (c1 < 0) & (cross >= t0 - _SAME)  # pairs that break when t rises past `cross`
    down = (c1 > 0) & (cross <= t0 + _SAME)
    high = float(np.min(cross[up], initial=1.0))
    low = float(np.max(cross[down], initial=0.0))
    at_high = _binding(pp, cross, c1, up, high, inside, outside, rising=True) if high < 1.0 else ("", "")
    at_low = _binding(pp, cross, c1, down, low, inside, outside, rising=False) if low > 0.0 else ("", "")
    return max(low, 0.0), min(high, 1.0), at_low, at_high


def _binding(
    pp: PillarProblem,
    cross: np.ndarray,
    c1: np.ndarray,
    mask: np.ndarray,
    at: float,
    inside: np.ndarray,
    outside: np.ndarray,
    rising: bool,
) -> tuple[str, str]:
    """(entering, leaving) at an interval end: among the pairs that tie there, the one diverging fastest."""
    tie = mask & (np.abs(cross - at) <= 1e-12 * max(1.0, abs(at)))
    speed = np.where(tie, -c1 if rising else c1, -np.inf)
    a, b = np.unravel_index(int(np.argmax(speed)), speed.shape)
    return str(pp.codes[outside[b]]), str(pp.codes[inside[a]])


def _top_sets(pp: PillarProblem, weights: np.ndarray, k: int) -> np.ndarray:
    """Sorted top-k indices per weighting (rows), for set comparisons."""
    return np.sort(pp.order(pp.batch_scores(weights))[:, :k], axis=1)


def _searched_interval(pp: PillarProblem, j: int, k: int) -> tuple[float, float, tuple[str, str], tuple[str, str]]:
    """Grid to bracket the first change on each side of the current weight, then bisection to TOLERANCE."""
    w = pp.weights
    t0 = float(w[j])
    base = np.arange(k)
    grid = np.linspace(0.0, 1.0, GRID + 1)
    same = (_top_sets(pp, path_weights(w, j, grid), k) == base).all(axis=1)
    above = np.flatnonzero(~same & (grid > t0))
    below = np.flatnonzero(~same & (grid < t0))
    high, at_high = 1.0, ("", "")
    if len(above):
        g = above[0]
        high, at_high = _bisect(pp, j, k, max(t0, grid[g - 1]), grid[g])
    low, at_low = 0.0, ("", "")
    if len(below):
        g = below[-1]
        low, at_low = _bisect(pp, j, k, min(t0, grid[g + 1]), grid[g])
    return low, high, at_low, at_high


def _bisect(pp: PillarProblem, j: int, k: int, same_t: float, diff_t: float) -> tuple[float, tuple[str, str]]:
    """Narrow [same_t, diff_t] (top k unchanged at the first, changed at the second) to TOLERANCE."""
    base = np.arange(k)
    while abs(diff_t - same_t) > TOLERANCE:
        mid = 0.5 * (same_t + diff_t)
        if (_top_sets(pp, path_weights(pp.weights, j, [mid]), k)[0] == base).all():
            same_t = mid
        else:
            diff_t = mid
    after = pp.order(pp.batch_scores(path_weights(pp.weights, j, [diff_t])))[0, :k]
    entering = [int(i) for i in after if i >= k]  # best first in the new order
    leaving = [int(i) for i in base if i not in set(after.tolist())]
    return same_t, (str(pp.codes[entering[0]]), str(pp.codes[leaving[-1]]))


def _sentence(row: Mapping[str, object], top: tuple[str, ...], names: Mapping[str, str]) -> str:
    """The English sentence for the CLI (the dashboard words the same columns itself)."""
    pillar, k = str(row["pillar"]), int(row["k"])  # type: ignore[call-overload]
    now, low, high = float(row["weight_now"]), float(row["low"]), float(row["high"])  # type: ignore[arg-type]

    def who(code: object) -> str:
        return names.get(str(code), str(code))

    subject = (
        f"Your first market, {who(top[0])}, stays first"
        if k == 1
        else f"Your top {k} ({', '.join(who(c) for c in top)}) stays the same"
    )
    if low <= 0.0 and high >= 1.0:
        return f"{subject} whatever the {pillar} weight (now {percent(now)})."
    if low == high == now:
        return f"{subject}; {pillar} is the only weighted pillar, so its share cannot move."
    span = (
        f"while {pillar} is between {percent(low, now, high)} and {percent(high, now, low)}"
        if low > 0.0 and high < 1.0
        else f"while {pillar} is at most {percent(high, now)}"
        if low <= 0.0
        else f"while {pillar} is at least {percent(low, now)}"
    )
    ends = []
    for side, edge in (("below", low), ("above", high)):
        if (side == "below" and edge <= 0.0) or (side == "above" and edge >= 1.0):
            continue
        incoming, outgoing = (
            row[f"{'low' if side == 'below' else 'high'}_in"],
            row[f"{'low' if side == 'below' else 'high'}_out"],
        )
        change = f"{who(incoming)} takes over" if k == 1 else f"{who(incoming)} replaces {who(outgoing)}"
        ends.append(f"{side} {percent(edge, now)} {change}")
    return f"{subject} {span} (now {percent(now)}); {'; '.join(ends)}."
