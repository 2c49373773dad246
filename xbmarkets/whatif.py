"""What would it take: the nearest pillar weights, or the smallest change in one indicator, that lift a market
into the top k.

**Weights (weighted sum).**  With the pillar-score matrix P fixed (see
`reweigh`), market a is in the top k at weights x (shares, Σ = 1, x ≥ 0) when
at most k − 1 other markets b have s_b(x) − s_a(x) = (P_b − P_a)·x above
−MARGIN.  Each market is one linear inequality; "at most k − 1 may fail" is
what makes the problem combinatorial.  We minimise the total change of the
shares, Σ|x_i − w_i| (L1), in three steps:

1. *Line searches, solved not scanned*: along straight lines from the
   current weights — to each pillar alone, moving one pillar's whole share
   to another, and towards 512 fixed Dirichlet-drawn weightings — the scores
   are linear in the step, so the first point where a enters the top k is
   found exactly from the crossing points.  The nearest such point is the
   starting solution.
2. *Linear programme* (`scipy.optimize.linprog`, HiGHS) over the candidate
   set "the markets below a at that point must stay below": the nearest
   weights that keep them there.  This polishes the starting point to a
   local optimum.
3. *Mixed-integer programme* (`scipy.optimize.milp`, HiGHS) for the proof:
   one binary per market whose side can change within the distance found in
   step 2 (markets that cannot are fixed, which keeps the big-M constants
   tight), "at most k − 1 − (markets always above)" of them may stay above.
   Its optimum is the nearest weighting, full stop.  It is run when at most
   `MILP_MAX_SWING` markets can change side; otherwise the answer of step 2
   is returned and marked `exact=False` ("the nearest we found").  With
   k − 1 markets or fewer able to stay above no binary is needed and the
   linear programme of step 2 is already exact.

Requiring a margin of `MARGIN` (10⁻⁶ of a score in [0, 1]) keeps the answer
in the top k after rounding; the answer is then re-scored end to end
(`reweigh.rescore`) and the rank reported is that re-score's.  A market that
≥ k others match or beat on *every* weighted pillar cannot be lifted by any
weighting: that is said, with those markets named.

**Weights (TOPSIS)** is a heuristic, documented as such: the same line
searches with TOPSIS re-scoring (a 32-step grid brackets the entry point,
bisection narrows it), no programme; always `exact=False`.

**One indicator.**  For each indicator with weight, the market's value is
moved towards the best value any ranked market has (never beyond it, so the
answer stays inside what real markets show and, except where the market
itself is the field's worst, the normalisation is unchanged); the column is
re-normalised and the pillar scores and score re-computed exactly as
`scoring` does, for all indicators and candidate values at once.  A 32-step
grid finds the first value that reaches the top k and four rounds of 16
points narrow it (to ~10⁻⁶ of the field's range); "not possible with this
indicator alone" when even the field's best value does not do it.  Rank
improves as the value improves for min-max (others' scores on that indicator
can only fall when the market leaves the bottom); for other normalisations
the grid's first success is taken.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .normalize import NORMALIZATIONS, overflow_safe
from .reweigh import MIN_SHARE, PillarProblem, pillar_problem, rescore
from .validation import check_scalar

__all__ = [
    "INDICATOR_COLUMNS",
    "MARGIN",
    "MILP_MAX_SWING",
    "WEIGHT_COLUMNS",
    "WhatIf",
    "indicator_changes",
    "number_text",
    "weight_moves",
    "what_if",
]

MARGIN = 1e-6
SETTLE_ROUNDS = 3
MILP_MAX_SWING = 60
"""Largest number of markets whose side may change for which the exact MILP is run (keeps it ≲ 0.1 s)."""
_SAMPLES = 512
_GRID = 32
_ROUNDS = 4
_POINTS = 16
WEIGHT_COLUMNS: tuple[str, ...] = ("pillar", "weight_now", "weight_needed", "change")
INDICATOR_COLUMNS: tuple[str, ...] = (
    "indicator",
    "name",
    "pillar",
    "direction",
    "value_now",
    "value_needed",
    "change",
    "best_in_field",
    "share_of_range",
    "rank_after",
    "status",
)
"""status: possible | not_possible (even the field's best value is not enough) | already_best | no_data.
share_of_range: |change| as a share of the field's range on the indicator's scored scale (after log / asinh)."""


@dataclass(frozen=True, eq=False)
class WhatIf:
    """What it takes for one market to reach the top k, as data and as an English sentence."""

    iso3: str
    name: str
    k: int
    method: str
    rank_now: int
    status: str
    """already (rank ≤ k now) | found | impossible (no weighting can do it; proven) | not_found (none found by the
    search, not proven impossible)."""
    exact: bool
    """True when the weights are the proven nearest (or the impossibility is proven)."""
    weights: pd.DataFrame
    """columns WEIGHT_COLUMNS, one row per weighted pillar (shares); weight_needed NaN unless found/already."""
    distance: float
    """Σ |weight_needed − weight_now| (0 to 2); NaN when no weighting was found."""
    rank_after: int | None
    """rank at weight_needed, from a full re-score when the matrix was given (else from the pillar scores)."""
    rescored: bool
    dominated_by: tuple[str, ...] = ()
    """markets scoring at least as high on every weighted pillar (best first)."""
    best_rank: int | None = None
    """not_found: the best rank any weighting tried gave."""
    indicators: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(INDICATOR_COLUMNS)))
    names: Mapping[str, str] = field(default_factory=dict)

    @property
    def sentence(self) -> str:
        return _weights_sentence(self)

    @property
    def indicator_sentence(self) -> str:
        return _indicator_sentence(self)


# --------------------------------------------------------------------------- entry point


def what_if(result, iso3: str, k: int, dm=None, indicators: bool = True) -> WhatIf:
    """Nearest pillar weights (and, with `dm`, single-indicator changes) that put `iso3` in the top k.

    `result` is a weighted-sum or TOPSIS `ScoreResult`; `dm` the matrix it was
    scored from (needed to re-score the answer end to end and for the
    indicator changes).
    """
    k = check_scalar(k, "k", int, min_val=1)
    pp = pillar_problem(result)
    code = _field_code(result, pp, iso3)
    a = pp.index_of(code)
    k = int(min(k, pp.n))
    names = dict(zip(pp.codes, pp.names, strict=True))
    rank_now = a + 1
    answer = _Answer("already", True, pp.weights.copy()) if rank_now <= k else _solve(pp, a, k)
    rank_after, rescored = None, False
    if answer.weights is not None and answer.status != "already":
        answer, rank_after, rescored = _settle(result, dm, pp, code, k, answer)
    elif answer.weights is not None:
        rank_after = rank_now
    frame = _weight_frame(pp, answer.weights)
    wanted = dm is not None and indicators and answer.status != "already"
    table = indicator_changes(dm, result, code, k) if wanted else None
    return WhatIf(
        iso3=code,
        name=names.get(code, code),
        k=k,
        method=pp.method,
        rank_now=rank_now,
        status=answer.status,
        exact=answer.exact,
        weights=frame,
        distance=float(np.abs(answer.weights - pp.weights).sum()) if answer.weights is not None else float("nan"),
        rank_after=rank_after,
        rescored=rescored,
        dominated_by=tuple(str(pp.codes[i]) for i in answer.dominators),
        best_rank=answer.best_rank,
        indicators=table if table is not None else pd.DataFrame(columns=list(INDICATOR_COLUMNS)),
        names=names,
    )


@dataclass
class _Answer:
    status: str
    exact: bool
    weights: np.ndarray | None
    dominators: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    best_rank: int | None = None


@dataclass(frozen=True)
class _Keep:
    """Extra linear bounds lower ≤ C·x ≤ upper on the shares (plus x ≥ MIN_SHARE) that every search honours.

    Today only MIN_SHARE is used (C is empty): holding the ranked field fixed
    with coverage rows was tried and left almost no room under presets whose
    marginal economies sit just above the threshold, so field changes are
    instead handled after the fact by `_settle`.  The hook stays so a UI can
    add bounds (e.g. "keep logistics at least 20 %") without touching the solvers.
    """

    c: np.ndarray
    lower: np.ndarray
    upper: np.ndarray

    def ok(self, x: np.ndarray) -> np.ndarray:
        """Which rows of x keep the field (with the LP solver's 10⁻⁹ slack)."""
        x = np.atleast_2d(x)
        y = x @ self.c.T
        inside = ((y >= self.lower - 1e-9) & (y <= self.upper + 1e-9)).all(axis=1)
        return inside & (x >= MIN_SHARE - 1e-12).all(axis=1)

    def reach(self, w: np.ndarray, direction: np.ndarray) -> np.ndarray:
        """Per line w + t·direction (rows), the largest t in [0, 1] up to which the field stays as it is."""
        start, slope = self.c @ w, direction @ self.c.T
        with np.errstate(divide="ignore", invalid="ignore"):
            up = np.where(slope > 0, (self.upper - start)[None, :] / slope, np.inf)
            down = np.where(slope < 0, (self.lower - start)[None, :] / slope, np.inf)
            floor = np.where(direction < 0, (MIN_SHARE - w)[None, :] / direction, np.inf)
        t = np.minimum(np.minimum(up.min(axis=1, initial=np.inf), down.min(axis=1, initial=np.inf)), floor.min(axis=1))
        return np.clip(t, 0.0, 1.0)

    def rows(self, width: int) -> tuple[np.ndarray, np.ndarray]:
        """The bounds as A_ub·(x, u, …) ≤ b_ub rows for an LP whose first len(x) variables are x."""
        pad = np.zeros((len(self.c), width - self.c.shape[1]))
        lo, hi = np.isfinite(self.lower), np.isfinite(self.upper)
        a = np.vstack([np.hstack([-self.c, pad])[lo], np.hstack([self.c, pad])[hi]])
        return a, np.concatenate([-self.lower[lo], self.upper[hi]])


def _field_code(result, pp: PillarProblem, iso3: str) -> str:
    """The ranked market meant by `iso3`, or a ValueError that says why it is not ranked."""
    if not isinstance(iso3, str) or not iso3.strip():
        raise ValueError(f"give a market as an ISO3 code, got {iso3!r}")
    code = iso3.strip().upper()
    if code in set(pp.codes):
        return code
    excluded = getattr(result, "excluded", None)
    if excluded is not None and len(excluded) and code in set(excluded["iso3"].astype(str)):
        reason = str(excluded.loc[excluded["iso3"].astype(str) == code, "reason"].iloc[0])
        raise ValueError(f"{code} is not ranked in this scenario ({reason}), so no weighting can rank it")
    raise ValueError(f"{code} is not a ranked market in this scenario")


def _dominators(pp: PillarProblem, a: int) -> np.ndarray:
    """Markets at least as good as `a` (within MARGIN) on every weighted pillar, best-ranked first.

    Under any weighting they score at least as high, so `a` can never be
    clearly above them: k of them make the top k impossible.
    """
    diff = np.delete(pp.scores, a, axis=0) - pp.scores[a]
    others = np.delete(np.arange(pp.n), a)
    return others[diff.min(axis=1) > -MARGIN]


def _solve(pp: PillarProblem, a: int, k: int) -> _Answer:
    """Dominance first (a proof of impossibility), then the method's search on this pillar-score matrix."""
    dominators = _dominators(pp, a)
    if len(dominators) >= k:
        return _Answer("impossible", True, None, dominators=dominators)
    keep = _Keep(np.zeros((0, len(pp.pillars))), np.zeros(0), np.zeros(0))
    answer = _nearest_wsm(pp, a, k, keep) if pp.method == "wsm" else _nearest_searched(pp, a, k, keep)
    answer.dominators = dominators
    return answer


def _settle(result, dm, pp: PillarProblem, code: str, k: int, answer: _Answer) -> tuple[_Answer, int | None, bool]:
    """Re-score the answer end to end; if the ranked field moved under it and the market missed the top k, solve
    again on the re-scored field (distance still from the founder's weights), at most SETTLE_ROUNDS times.

    The field moves because coverage is measured on the effective weights:
    an economy near the coverage threshold can enter or leave, which shifts
    the normalisation.  Answers that needed such a round are not claimed to
    be the proven nearest.
    """
    assert answer.weights is not None
    if dm is None:
        return answer, int(pp.rank_of(pp.batch_scores(answer.weights), pp.index_of(code))[0]), False
    current = answer
    for _ in range(SETTLE_ROUNDS):
        assert current.weights is not None
        again = rescore(dm, result, dict(zip(pp.pillars, map(float, current.weights), strict=True)))
        rank = int(again.table.at[code, "rank"]) if code in again.table.index else None
        if rank is not None and rank <= k:
            return current, rank, True
        if rank is None or not _same_pillars(again, pp):
            break
        moved = replace(pillar_problem(again), weights=pp.weights)
        retry = _solve(moved, moved.index_of(code), k)
        if retry.weights is None:
            break
        current = _Answer("found", False, retry.weights, dominators=answer.dominators)
    return current, rank, True


def _same_pillars(again, pp: PillarProblem) -> bool:
    return [p for p in again.pillars if float(again.pillar_weights[p]) > 0] == list(pp.pillars)


def _weight_frame(pp: PillarProblem, weights: np.ndarray | None) -> pd.DataFrame:
    needed = weights if weights is not None else np.full(len(pp.pillars), np.nan)
    return pd.DataFrame(
        {
            "pillar": list(pp.pillars),
            "weight_now": pp.weights,
            "weight_needed": needed,
            "change": needed - pp.weights,
        },
        columns=list(WEIGHT_COLUMNS),
    )


# --------------------------------------------------------------------------- weighted sum: lines, LP, MILP


def _targets(w: np.ndarray, samples: int = _SAMPLES) -> np.ndarray:
    """End points of the line searches: each pillar alone, each whole-share transfer, fixed Dirichlet draws."""
    m = len(w)
    transfers = []
    for i in range(m):
        for j in range(m):
            if i != j:
                t = w.copy()
                t[i] += t[j]
                t[j] = 0.0
                transfers.append(t)
    sample = np.random.default_rng(0).dirichlet(np.ones(m), size=samples)
    return np.vstack([np.eye(m), np.array(transfers).reshape(-1, m), sample])


def _above(diff: np.ndarray, x: np.ndarray, margin: float = MARGIN) -> np.ndarray:
    """How many markets are not clearly below `a` at each weighting (rows of x).

    Solver answers are checked with half the margin: HiGHS meets constraints
    to 10⁻⁷, well inside MARGIN / 2, and half a margin still outlasts rounding.
    """
    return (np.atleast_2d(x) @ diff.T > -margin).sum(axis=1)


def _lines_linear(diff: np.ndarray, w: np.ndarray, k: int, keep: _Keep) -> tuple[np.ndarray | None, int]:
    """Nearest point on the search lines where at most k − 1 markets stay above; and the fewest seen above.

    Along x(t) = w + t·(T − w) each market's gap g0 + t·slope is linear, so
    the count above changes only where a gap crosses −MARGIN: those points are
    computed, sorted (leaving before entering at equal t) and counted.
    """
    targets = _targets(w)
    direction = targets - w
    g0 = diff @ w
    slope = direction @ diff.T
    above0 = g0 > -MARGIN
    with np.errstate(divide="ignore", invalid="ignore"):
        cross = (-MARGIN - g0)[None, :] / slope
    leaving = above0[None, :] & (slope < 0)
    entering = ~above0[None, :] & (slope > 0)
    limit = keep.reach(w, direction)[:, None]  # beyond it the ranked field would change: the line stops there
    t = np.where((leaving | entering) & (cross >= 0) & (cross <= limit), cross, np.inf)
    kind = np.where(entering, 1, 0)  # leaving first at equal t: a gap reaching −MARGIN counts as below
    order = np.lexsort((kind, t), axis=-1)
    t_sorted = np.take_along_axis(t, order, axis=1)
    real = np.isfinite(t_sorted)
    delta = np.where(real, np.where(np.take_along_axis(leaving, order, axis=1), -1, 1), 0)
    count = int(above0.sum()) + np.cumsum(delta, axis=1)
    ok = (count <= k - 1) & (delta < 0)
    fewest = int(min(count.min(initial=int(above0.sum())), above0.sum()))
    if not ok.any():
        return None, fewest
    rows = np.flatnonzero(ok.any(axis=1))
    step = t_sorted[rows, np.argmax(ok[rows], axis=1)]
    points = np.clip(w + step[:, None] * direction[rows], 0.0, None)
    points /= points.sum(axis=1, keepdims=True)
    good = (_above(diff, points) <= k - 1) & keep.ok(points)
    if not good.any():
        return None, fewest
    points = points[good]
    return points[np.argmin(np.abs(points - w).sum(axis=1))], fewest


def _lp_nearest(diff: np.ndarray, w: np.ndarray, below: np.ndarray, keep: _Keep) -> np.ndarray | None:
    """Nearest weights (L1) keeping every market in `below` clearly below a: an LP in (x, u), u ≥ |x − w|."""
    from scipy.optimize import linprog

    m = len(w)
    eye = np.eye(m)
    rows = diff[below]
    field_a, field_b = keep.rows(2 * m)
    a_ub = np.vstack(
        [np.hstack([eye, -eye]), np.hstack([-eye, -eye]), np.hstack([rows, np.zeros((len(rows), m))]), field_a]
    )
    b_ub = np.concatenate([w, -w, np.full(len(rows), -MARGIN), field_b])
    res = linprog(
        np.concatenate([np.zeros(m), np.ones(m)]),
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=np.concatenate([np.ones(m), np.zeros(m)])[None, :],
        b_eq=[1.0],
        bounds=[(MIN_SHARE, 1.0)] * m + [(0.0, 2.0)] * m,
        method="highs",
    )
    if res.status != 0:
        return None
    x = np.clip(res.x[:m], 0.0, None)
    return x / x.sum()


def _reach(diff: np.ndarray, w: np.ndarray, radius: float) -> np.ndarray:
    """Largest increase of each row's gap diff·x over weights within L1 `radius` of w (on the simplex).

    Moving a share of radius/2 from the pillars where the row is lowest to its
    highest pillar is optimal (greedy over a sorted row), so this is exact.
    """
    order = np.argsort(diff, axis=1)
    ranked = np.take_along_axis(diff, order, axis=1)
    share = w[order]
    before = np.cumsum(share, axis=1) - share
    take = np.clip(radius / 2.0 - before, 0.0, share)
    return (take * (diff.max(axis=1)[:, None] - ranked)).sum(axis=1)


def _milp_nearest(diff: np.ndarray, w: np.ndarray, k: int, radius: float, keep: _Keep) -> tuple[str, np.ndarray | None]:
    """Exact nearest weights within L1 `radius` of w: ('optimal', x), ('infeasible', None) or ('skipped', None).

    Markets that stay clearly above / below throughout the ball are fixed;
    the rest ("swing") get a binary z: diff_b·x + MARGIN ≤ M_b·z_b, Σz ≤ budget.
    Skipped when more than MILP_MAX_SWING markets swing (its time grows fast).
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    g0 = diff @ w
    high = g0 + _reach(diff, w, radius)
    low = g0 - _reach(-diff, w, radius)
    fixed_above = low > -MARGIN
    swing = np.flatnonzero(~fixed_above & (high > -MARGIN))
    budget = k - 1 - int(fixed_above.sum())
    if budget < 0:
        return "infeasible", None
    if len(swing) > MILP_MAX_SWING:
        return "skipped", None
    m, s = len(w), len(swing)
    eye = np.eye(m)
    rows = [
        np.hstack([-eye, eye, np.zeros((m, s))]),
        np.hstack([eye, eye, np.zeros((m, s))]),
        np.concatenate([np.ones(m), np.zeros(m + s)])[None, :],
        np.concatenate([np.zeros(m), np.ones(m), np.zeros(s)])[None, :],
        np.hstack([diff[swing], np.zeros((s, m)), -np.diag(high[swing] + MARGIN)]),
        np.concatenate([np.zeros(2 * m), np.ones(s)])[None, :],
        np.hstack([keep.c, np.zeros((len(keep.c), m + s))]),
    ]
    lower = np.concatenate([-w, w, [1.0], [0.0], np.full(s, -np.inf), [-np.inf], keep.lower])
    upper = np.concatenate([np.full(2 * m, np.inf), [1.0], [radius], np.full(s, -MARGIN), [budget], keep.upper])
    res = milp(
        np.concatenate([np.zeros(m), np.ones(m), np.zeros(s)]),
        constraints=LinearConstraint(np.vstack(rows), lower, upper),
        integrality=np.concatenate([np.zeros(2 * m), np.ones(s)]),
        bounds=Bounds(
            np.concatenate([np.full(m, MIN_SHARE), np.zeros(m + s)]),
            np.concatenate([np.ones(m), np.full(m, 2.0), np.ones(s)]),
        ),
    )
    if res.status == 2:
        return "infeasible", None
    if res.status != 0 or res.x is None:
        return "skipped", None
    x = np.clip(res.x[:m], 0.0, None)
    return "optimal", x / x.sum()


def _nearest_wsm(pp: PillarProblem, a: int, k: int, keep: _Keep) -> _Answer:
    """Lines for a start, an LP to polish it, a MILP to prove it (module docstring); k = 1 is one LP."""
    diff = np.delete(pp.scores, a, axis=0) - pp.scores[a]
    w = pp.weights
    if k == 1:  # every other market must end up below: no choice left, the LP is the whole problem
        x = _lp_nearest(diff, w, np.ones(len(diff), dtype=bool), keep)
        return _Answer("found", True, x) if x is not None else _Answer("impossible", True, None)
    start, fewest = _lines_linear(diff, w, k, keep)
    best = None
    if start is not None:
        polished = _lp_nearest(diff, w, (start @ diff.T) <= -MARGIN, keep)
        ok = polished is not None and _above(diff, polished, MARGIN / 2)[0] <= k - 1
        best = polished if ok else start
    radius = (float(np.abs(best - w).sum()) if best is not None else 2.0) + 1e-9
    outcome, proven = _milp_nearest(diff, w, k, radius, keep)
    if outcome == "optimal" and proven is not None and _above(diff, proven, MARGIN / 2)[0] <= k - 1:
        if best is None or np.abs(proven - w).sum() <= np.abs(best - w).sum() + 1e-12:
            best = proven
        return _Answer("found", True, best)
    if best is not None:
        return _Answer("found", False, best)
    if outcome == "infeasible":
        return _Answer("impossible", True, None)
    return _Answer("not_found", False, None, best_rank=fewest + 1)


# --------------------------------------------------------------------------- TOPSIS: searched lines


def _nearest_searched(pp: PillarProblem, a: int, k: int, keep: _Keep) -> _Answer:
    """Heuristic for methods whose scores are not linear in the weights: bracketed search along the lines.

    A point counts when the market is clearly in the top k (at most k − 1
    others within MARGIN of it or above) and the ranked field is unchanged.
    """
    w = pp.weights
    direction = _targets(w, _SAMPLES // 4) - w  # each TOPSIS evaluation costs more than a line solve
    steps = np.linspace(0.0, 1.0, _GRID + 1)[1:]

    def good(x: np.ndarray) -> np.ndarray:
        s = pp.batch_scores(x)
        ahead = (np.delete(s, a, axis=1) > s[:, [a]] - MARGIN).sum(axis=1)
        return (ahead <= k - 1) & keep.ok(x)

    x = (w[None, None, :] + steps[None, :, None] * direction[:, None, :]).reshape(-1, len(w))
    ok = good(x).reshape(len(direction), _GRID)
    if not ok.any():
        kept = x[keep.ok(x)]
        best_rank = int(pp.rank_of(pp.batch_scores(kept), a).min()) if len(kept) else int(a + 1)
        return _Answer("not_found", False, None, best_rank=best_rank)
    rows = np.flatnonzero(ok.any(axis=1))
    first = np.argmax(ok[rows], axis=1)
    hi = steps[first]
    lo = np.where(first > 0, steps[np.maximum(first - 1, 0)], 0.0)
    dirs = direction[rows]
    for _ in range(16):  # 1/32 · 2⁻¹⁶ ≈ 5·10⁻⁷ of a line
        mid = 0.5 * (lo + hi)
        inside = good(w + mid[:, None] * dirs)
        hi = np.where(inside, mid, hi)
        lo = np.where(inside, lo, mid)
    points = w + hi[:, None] * dirs
    return _Answer("found", False, points[np.argmin(np.abs(points - w).sum(axis=1))])


# --------------------------------------------------------------------------- one indicator at a time


def indicator_changes(dm, result, iso3: str, k: int) -> pd.DataFrame:
    """Per weighted indicator: the smallest change of the market's own value that puts it in the top k.

    Columns INDICATOR_COLUMNS; possible changes first, smallest share of the
    field's range first.  See the module docstring for the search and its bounds.
    """
    pp = pillar_problem(result)
    code = _field_code(result, pp, iso3)
    a = pp.index_of(code)
    k = int(min(k, pp.n))
    model = _IndicatorModel.build(dm, result, pp, a)
    rows = [model.describe(j) for j in range(len(model.indicators))]
    todo = [j for j, row in enumerate(rows) if row["status"] == "search"]
    for j, (needed, rank) in zip(todo, model.search(todo, k), strict=True):
        row = rows[j]
        if needed is None:
            row.update(status="not_possible", rank_after=rank)
            continue
        now = float(row["value_now"])  # type: ignore[arg-type]
        row.update(
            status="possible",
            value_needed=needed,
            change=needed - now,
            share_of_range=model.scored_share(j, now, needed),
            rank_after=rank,
        )
    frame = pd.DataFrame(rows).reindex(columns=list(INDICATOR_COLUMNS))
    frame["rank_after"] = frame["rank_after"].astype("Int64")
    order = {"possible": 0, "not_possible": 1, "already_best": 2, "no_data": 3}
    frame["_o"] = frame["status"].map(order)
    frame = frame.sort_values(["_o", "share_of_range", "indicator"], kind="mergesort").drop(columns="_o")
    return frame.reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class _IndicatorModel:
    """Everything needed to re-score the field after changing one value of market `a`, many values at once.

    Held as plain arrays and dicts: the search calls into it thousands of
    times per indicator and pandas look-ups would dominate.
    """

    pp: PillarProblem
    a: int
    indicators: tuple[str, ...]
    raw: np.ndarray  # field × weighted indicators, raw values (field order = pp.codes)
    transformed: np.ndarray  # same, after the catalog transform (NaN where undefined)
    normalized: np.ndarray  # field × weighted indicators, as scored
    share: np.ndarray  # share of each indicator within its pillar
    pillar: np.ndarray  # pillar column (in pp.pillars) of each indicator
    direction: np.ndarray  # +1 / -1
    transform: tuple[str, ...]
    names: tuple[str, ...]
    normalization: str
    winsorize: bool
    clip: np.ndarray  # per indicator: winsorised by the catalog (or every one, with the scenario's winsorize)

    @classmethod
    def build(cls, dm, result, pp: PillarProblem, a: int) -> _IndicatorModel:
        from .scoring import _transform

        if dm is None:
            raise ValueError("the single-indicator what-if needs the decision matrix the scenario was scored from")
        inds = [
            str(c)
            for c in result.normalized.columns
            if float(result.indicator_weights.get(c, 0.0)) > 0 and str(dm.criteria.at[c, "pillar"]) in pp.pillars
        ]
        crit = dm.criteria.loc[inds]
        raw = dm.values.loc[list(pp.codes), inds].to_numpy(dtype=float)
        transform = tuple(crit["transform"].astype(str))
        trans, _ = _transform(raw, np.array(transform, dtype=object))
        pillar_names = crit["pillar"].astype(str).tolist()
        eff = result.indicator_weights.reindex(inds).to_numpy(dtype=float)
        pw = np.array([float(result.pillar_weights[p]) for p in pillar_names])
        return cls(
            pp=pp,
            a=a,
            indicators=tuple(inds),
            raw=raw,
            transformed=trans,
            normalized=result.normalized.loc[list(pp.codes), inds].to_numpy(dtype=float),
            share=eff / pw,
            pillar=np.array([pp.pillars.index(p) for p in pillar_names], dtype=np.int64),
            direction=crit["direction"].astype(int).to_numpy(),
            transform=transform,
            names=tuple(crit["name"].astype(str)),
            normalization=str(result.normalization),
            winsorize=bool(result.winsorize),
            clip=(
                np.ones(len(inds), dtype=bool)
                if result.winsorize
                else (
                    crit["winsorize"].fillna(False).astype(bool).to_numpy()
                    if "winsorize" in crit.columns
                    else np.zeros(len(inds), dtype=bool)
                )
            ),
        )

    def bounds(self, j: int) -> tuple[float, float, float]:
        """(value now, best value in the field, field range) in raw units, over values the transform accepts."""
        values = self.raw[:, j][~np.isnan(self.transformed[:, j])]
        if not len(values):
            return float("nan"), float("nan"), float("nan")
        best = values.max() if self.direction[j] > 0 else values.min()
        return float(self.raw[self.a, j]), float(best), float(values.max() - values.min())

    def scored_share(self, j: int, now: float, needed: float) -> float:
        """|change| as a share of the field's range on the scale the score uses (after log / asinh).

        A raw share would call FDI falling from +60 bn to 0 US$ a small step of
        a ±100 bn range, while on the asinh scale the score reads it is half
        the range: what the normalised score moves by is the fair yardstick.
        """
        from .scoring import _transform

        scale = _transform(np.array([[now, needed]]).T, np.array([self.transform[j]], dtype=object))[0][:, 0]
        column = self.transformed[:, j]
        span = float(np.nanmax(column) - np.nanmin(column))
        return float(abs(scale[1] - scale[0]) / span) if span > 0 else float("nan")

    def describe(self, j: int) -> dict[str, object]:
        """The row of indicator j before any search; status 'search' when a search is needed."""
        now, best, _ = self.bounds(j)
        status = "search"
        if np.isnan(self.transformed[self.a, j]):
            status = "no_data"
        elif now == best:
            status = "already_best"
        return {
            "indicator": self.indicators[j],
            "name": self.names[j],
            "pillar": self.pp.pillars[self.pillar[j]],
            "direction": int(self.direction[j]),
            "value_now": now,
            "value_needed": float("nan"),
            "change": float("nan"),
            "best_in_field": best,
            "share_of_range": float("nan"),
            "rank_after": pd.NA,
            "status": status,
        }

    def search(self, cols: list[int], k: int) -> list[tuple[float | None, int]]:
        """For every indicator at once: a grid between now and best, then nested rounds inside the first bracket.

        Returns per indicator (smallest value reaching the top k, its rank) or
        (None, rank at the field's best value).
        """
        if not cols:
            return []
        ends = np.array([self.bounds(j)[:2] for j in cols])
        now, best = ends[:, 0], ends[:, 1]
        fracs = np.linspace(0.0, 1.0, _GRID + 1)[1:]
        ranks = self.ranks(cols, now[:, None] + fracs[None, :] * (best - now)[:, None])
        ok = ranks <= k
        first = np.argmax(ok, axis=1)
        found = np.asarray(ok.any(axis=1), dtype=bool)
        lo = np.where(first > 0, fracs[np.maximum(first - 1, 0)], 0.0)
        hi = fracs[first]
        hi_rank = ranks[np.arange(len(cols)), first]
        live = np.flatnonzero(found)
        for _ in range(_ROUNDS):
            if not len(live):
                break
            inner = lo[live, None] + (hi - lo)[live, None] * np.linspace(0.0, 1.0, _POINTS + 2)[None, 1:-1]
            r = self.ranks([cols[i] for i in live], now[live, None] + inner * (best - now)[live, None])
            good = r <= k
            g = np.argmax(good, axis=1)
            hit = good.any(axis=1)
            rows = np.arange(len(live))
            new_lo = np.where(hit, np.where(g > 0, inner[rows, np.maximum(g - 1, 0)], lo[live]), inner[:, -1])
            hi[live] = np.where(hit, inner[rows, g], hi[live])
            hi_rank[live] = np.where(hit, r[rows, g], hi_rank[live])
            lo[live] = new_lo
        return [
            (float(now[i] + hi[i] * (best[i] - now[i])), int(hi_rank[i])) if found[i] else (None, int(ranks[i, -1]))
            for i in range(len(cols))
        ]

    def ranks(self, cols: list[int], candidates: np.ndarray) -> np.ndarray:
        """Rank of market a with indicator cols[i] set to each of candidates[i] (raw units); one row per indicator."""
        scores = self.scores_with(cols, np.atleast_2d(np.asarray(candidates, dtype=float)))
        return np.vstack([self.pp.rank_of(s, self.a) for s in scores])

    def scores_with(self, cols: list[int], candidates: np.ndarray) -> list[np.ndarray]:
        """Scores (candidates × field) per indicator after setting market a's value to each candidate.

        The changed columns of every indicator are normalised in one call
        (normalisation and winsorising work column by column, so a block of
        candidate columns gives each one exactly what `scoring` would).
        """
        from .scoring import _transform

        g = candidates.shape[1]
        blocks = []
        for i, j in enumerate(cols):
            cand_t, _ = _transform(candidates[i][:, None], np.array([self.transform[j]], dtype=object))
            column = np.repeat(self.transformed[:, j][:, None], g, axis=1)
            column[self.a, :] = cand_t[:, 0]
            blocks.append(column)
        direction = np.repeat(self.direction[cols], g)
        clip = np.repeat(self.clip[cols], g)
        normed = _normalise_columns(np.hstack(blocks), direction, self.normalization, clip).T
        return [self._rescore_pillar(j, normed[i * g : (i + 1) * g]) for i, j in enumerate(cols)]

    def _rescore_pillar(self, j: int, normed: np.ndarray) -> np.ndarray:
        """Scores after replacing indicator j's normalised column by each row of `normed`."""
        members = np.flatnonzero((self.pillar == self.pillar[j]) & (np.arange(len(self.indicators)) != j))
        other = self.normalized[:, members]
        w_other = self.share[members]
        num = np.where(np.isnan(other), 0.0, other) @ w_other
        den = (~np.isnan(other)).astype(float) @ w_other
        mine = float(self.share[j])
        present = ~np.isnan(normed)
        pillar = (num[None, :] + mine * np.where(present, normed, 0.0)) / (den[None, :] + mine * present)
        return self._aggregate(int(self.pillar[j]), pillar)

    def _aggregate(self, p: int, pillar: np.ndarray) -> np.ndarray:
        pp = self.pp
        if pp.method == "wsm":
            base = pp.scores @ pp.weights
            return base[None, :] + pp.weights[p] * (pillar - pp.scores[:, p][None, :])
        stack = np.repeat(pp.scores[None, :, :], pillar.shape[0], axis=0)
        stack[:, :, p] = pillar
        return _topsis_stack(stack, pp.weights)


def _normalise_columns(x: np.ndarray, direction: np.ndarray, normalization: str, clip: np.ndarray) -> np.ndarray:
    """`scoring`'s normalisation of each column of x: numpy for plain min-max (the default), else the
    `normalize` functions themselves (exactly what scoring calls, slower on many columns).

    `clip`: per column, whether it is winsorised first (5th/95th percentile, linear interpolation,
    as `normalize.winsorize` does) — the catalog's momentum indicators, or all with the scenario flag.
    """
    if clip.any():
        x = x.copy()
        cols = np.flatnonzero(clip)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing column stays NaN
            q = np.nanquantile(x[:, cols], [0.05, 0.95], axis=0)
        x[:, cols] = np.clip(x[:, cols], q[0], q[1])
    if normalization == "minmax":
        a = overflow_safe(x)
        with np.errstate(all="ignore"):
            lo = np.fmin.reduce(a, axis=0)
            hi = np.fmax.reduce(a, axis=0)
            span = hi - lo
            r = np.where(direction > 0, (a - lo) / span, (hi - a) / span)
        const = span == 0
        if const.any():
            r[:, const] = np.where(np.isnan(a[:, const]), np.nan, 1.0)
        return r
    frame = pd.DataFrame(x, columns=range(x.shape[1]))
    return NORMALIZATIONS[normalization](frame, dict(enumerate(direction.tolist()))).to_numpy()


def _topsis_stack(stack: np.ndarray, w: np.ndarray) -> np.ndarray:
    """TOPSIS closeness (vector normalisation, benefit criteria) of each matrix in a stack (G × n × m)."""
    norm = np.sqrt(np.einsum("gij,gij->gj", stack, stack))
    scale = np.divide(w[None, :], norm, out=np.zeros_like(norm), where=norm > 0)
    v = stack * scale[:, None, :]
    ideal = v.max(axis=1, keepdims=True)
    worst = v.min(axis=1, keepdims=True)
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=2))
    d_minus = np.sqrt(((v - worst) ** 2).sum(axis=2))
    total = d_plus + d_minus
    return np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 1.0)


# --------------------------------------------------------------------------- words


def _pct(x: float, *others: float) -> str:
    from .stability import percent

    return percent(x, *others)


def weight_moves(weights: pd.DataFrame) -> list[tuple[str, float, float]]:
    """(pillar, share now, share needed) of the pillars a found answer moves, largest move first.

    Moves under half a percentage point are left out of the sentence, unless
    every move is that small (then those that move at all are named: an empty
    list would read "…in your top 5:  (total change 1 %)").  The dashboard
    words the same list in the founder's language.
    """
    change = weights["change"].abs()
    moves = weights.loc[change >= 0.005]
    if moves.empty:
        moves = weights.loc[change > 1e-9]
    moves = moves.sort_values("change", key=lambda s: -s.abs(), kind="mergesort")
    return [
        (str(p), float(a), float(b))
        for p, a, b in zip(moves["pillar"], moves["weight_now"], moves["weight_needed"], strict=True)
    ]


def _weights_sentence(r: WhatIf) -> str:
    who = r.name
    if r.status == "already":
        return f"{who} is already in your top {r.k} (rank {r.rank_now})."
    blockers = ", ".join(r.names.get(c, c) for c in r.dominated_by[: max(r.k, 3)])
    if r.status == "impossible":
        why = (
            f": {blockers} score at least as high on every weighted pillar"
            if len(r.dominated_by) >= r.k
            else " (checked exactly over every weighting)"
        )
        return f"No weighting of the pillars puts {who} in your top {r.k}{why}."
    if r.status == "not_found":
        also = f" {blockers} score at least as high on every weighted pillar." if blockers else ""
        return (
            f"No weighting we tried puts {who} in your top {r.k}; the best rank any of them gives is "
            f"{r.best_rank}.{also}"
        )
    parts = [f"{pillar} {_pct(now, needed)} → {_pct(needed, now)}" for pillar, now, needed in weight_moves(r.weights)]
    near = "The nearest weights" if r.exact else "The nearest weights we found"
    after = (
        f"re-scored, {who} ranks {r.rank_after}"
        if r.rank_after is not None
        else f"but re-scored with them {who} drops out of the ranked field (coverage)"
    )
    return (
        f"{near} that put {who} (now rank {r.rank_now}) in your top {r.k}: {', '.join(parts)} "
        f"(total change {_pct(r.distance)}); {after}."
    )


def _indicator_sentence(r: WhatIf) -> str:
    table = r.indicators
    if r.status == "already" or table.empty:
        return ""
    possible = table[table["status"] == "possible"]
    if possible.empty:
        return f"No single indicator, moved as far as the best market's value, puts {r.name} in your top {r.k}."
    row = possible.iloc[0]
    verb = "rose" if float(row["change"]) > 0 else "fell"
    return (
        f"With everything else fixed, {r.name} would reach rank {int(row['rank_after'])} if its "
        f"{row['name']} {verb} from {_num(row['value_now'])} to {_num(row['value_needed'])} "
        f"(best in the field: {_num(row['best_in_field'])})."
    )


def number_text(x: object) -> str:
    """A value as the what-if sentence writes it (3 significant digits for very large or small values)."""
    return _num(x)


def _num(x: object) -> str:
    v = float(x)  # type: ignore[arg-type]
    if v != 0 and (abs(v) >= 1e6 or abs(v) < 1e-2):
        return f"{v:.3g}"
    return f"{v:,.2f}".rstrip("0").rstrip(".") if abs(v) < 1000 else f"{v:,.0f}"
