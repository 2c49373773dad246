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

Which economies are ranked can itself change along the path (coverage is
measured on the effective weights, so an economy near the threshold enters
or leaves).  Those points are linear in t too; given the decision matrix,
the path is cut there and each piece is re-scored once, so the intervals are
what re-ranking at those weights really gives.  Without the matrix the
field is held fixed, as the Robustness page's draws do.  Ties count as
staying: at an interval end the leader and the newcomer score the same, and
just outside it the newcomer is ahead.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .reweigh import PillarProblem, excluded_pillar_coverage, make_problem, pillar_problem, rescore
from .validation import check_scalar

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
    """A share as 'NN %', with as many decimals (up to 2) as it takes to tell it from `others` — and from 0 %
    or 100 % when it is neither (a bound of 0.3 % must not read as 'between 0 % and …')."""
    for decimals in (0, 1, 2):
        mine = round(100 * x, decimals)
        clash = any(round(100 * o, decimals) == mine for o in others if abs(o - x) > _SAME)
        edge = (mine == 0 and x > 0) or (mine == 100 and x < 1)
        if not clash and not edge:
            return f"{mine:.{decimals}f} %"
    return f"{100 * x:.2f} %"


def stability_intervals(result, k: int = 1, dm=None) -> StabilityResult:
    """Interval of each weighted pillar's share over which the current first market (k=1) / top-k set holds.

    `result` is a `scoring.ScoreResult` (weighted sum or TOPSIS).  With `dm`
    (the matrix it was scored from) the intervals follow the full pipeline:
    where moving the weight changes which markets are ranked (coverage is
    measured on the effective weights), the path is cut there, that piece
    is re-scored and the search goes on with the new field — so an interval
    is exactly what re-ranking at those weights gives.  Without `dm` the
    ranked field is held fixed.  Rows come in the scenario's pillar order; a
    scenario with a single weighted pillar gets low = high = 1.
    """
    k = check_scalar(k, "k", int, min_val=1)
    pp = pillar_problem(result)
    k = min(k, pp.n)
    top = tuple(str(c) for c in pp.codes[:k])
    field = _Field.build(result, pp, dm) if dm is not None and len(pp.pillars) > 1 else None
    rows = [_pillar_row(pp, j, k, _Path.build(field, pp, j)) for j in range(len(pp.pillars))]
    names = dict(zip(pp.codes, pp.names, strict=True))
    for path_row in rows:
        for end in ("low_in", "low_out", "high_in", "high_out"):
            code = str(path_row[end])
            path_row[f"{end}_name"] = names.get(code, code) if code else ""
        path_row["sentence"] = _sentence(path_row, top, names)
    table = pd.DataFrame(rows, columns=list(STABILITY_COLUMNS))
    return StabilityResult(
        table=table,
        k=k,
        method=pp.method,
        top=top,
        names=names,
        tolerance=None if pp.method == "wsm" else TOLERANCE,
    )


def path_weights(w: np.ndarray, j: int, t: np.ndarray | list[float]) -> np.ndarray:
    """Weights with pillar j's share at each t and the others scaled to fill the rest (len(t) × pillars)."""
    t = np.atleast_1d(np.asarray(t, dtype=float))
    rest = np.delete(w, j)
    rest = rest / rest.sum() if rest.sum() > 0 else rest
    out = np.empty((len(t), len(w)))
    out[:, j] = t
    out[:, np.arange(len(w)) != j] = (1.0 - t)[:, None] * rest[None, :]
    return out


@dataclass(frozen=True, eq=False)
class _Field:
    """Every economy that can be ranked somewhere along a path, with what it takes to re-score the field cheaply.

    Rows: the ranked economies (in rank order), then those left out only for
    low coverage.  With plain min-max normalisation (the default) the new
    field's pillar scores are recomputed right here — column minima and
    maxima over the new field, then the within-pillar weighted means, which
    is all `scoring` does once the field is known (tests compare the two);
    other normalisations and winsorising get a full `rescore`.
    """

    result: object
    dm: object
    base: PillarProblem
    codes: np.ndarray
    names: np.ndarray
    coverage: np.ndarray  # rows × pillars: share of each pillar's indicator weight present
    values: np.ndarray  # rows × weighted indicators, transformed as scoring does (NaN = missing)
    direction: np.ndarray
    share: np.ndarray  # indicator share within its pillar
    member: np.ndarray  # indicators × pillars, 0/1
    fast: bool
    clip: np.ndarray | None = None  # indicators the catalog winsorises (5th/95th percentile of the field)

    @classmethod
    def build(cls, result, pp: PillarProblem, dm) -> _Field:
        from .scoring import _transform

        table = result.table
        cov = [table[[f"coverage_{p}" for p in pp.pillars]].to_numpy(dtype=float)]
        codes = [table.index.to_numpy(dtype=str)]
        if len(result.excluded):
            out = excluded_pillar_coverage(dm, result, pp)
            eligible = (out > 0).all(axis=1)  # the others lack data in a weighted pillar: never ranked
            cov.append(out[eligible])
            codes.append(result.excluded["iso3"].to_numpy(dtype=str)[eligible])
        all_codes = np.concatenate(codes)
        inds = [str(c) for c in result.normalized.columns]
        crit = dm.criteria.loc[inds]
        values, _ = _transform(
            dm.values.loc[list(all_codes), inds].to_numpy(dtype=float), crit["transform"].astype(str).to_numpy(object)
        )
        pillar_of = crit["pillar"].astype(str).to_numpy()
        member = (pillar_of[:, None] == np.array(pp.pillars, dtype=object)[None, :]).astype(float)
        weight = np.array([float(result.pillar_weights[p]) for p in pillar_of])
        share = result.indicator_weights.reindex(inds).to_numpy(dtype=float) / weight
        fast = result.normalization == "minmax" and not result.winsorize and np.nanmax(np.abs(values)) < 2.0**500
        clip = crit["winsorize"].fillna(False).astype(bool).to_numpy() if "winsorize" in crit.columns else None
        names = dm.economies["name"].reindex(all_codes).fillna(pd.Series(all_codes, index=all_codes)).to_numpy()
        return cls(
            result=result,
            dm=dm,
            base=pp,
            codes=all_codes,
            names=names,
            coverage=np.vstack(cov),
            values=values,
            direction=crit["direction"].astype(int).to_numpy(),
            share=share,
            member=member,
            fast=bool(fast),
            clip=clip if clip is not None and clip.any() else None,
        )

    def extremes(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Min-max bounds of the field `rows`; for winsorised indicators its 5th and 95th percentiles
        (linear interpolation, as `normalize.winsorize` takes them), which the values are clipped to."""
        x = self.values[rows]
        with np.errstate(invalid="ignore"):
            lo, hi = np.fmin.reduce(x, axis=0), np.fmax.reduce(x, axis=0)
        if self.clip is not None:
            cols = np.flatnonzero(self.clip)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing column stays NaN
                q = np.nanquantile(x[:, cols], [0.05, 0.95], axis=0)
            lo, hi = lo.copy(), hi.copy()
            lo[cols], hi[cols] = q[0], q[1]
        return lo, hi

    def pillar_scores(self, rows: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Pillar scores of `rows` under min-max bounds lo/hi, exactly as `scoring` computes them."""
        x = self.values[rows]
        if self.clip is not None:
            x = np.where(self.clip[None, :], np.clip(x, lo, hi), x)
        span = hi - lo
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.where(self.direction > 0, (x - lo) / span, (hi - x) / span)
        r = np.where(span == 0, np.where(np.isnan(x), np.nan, 1.0), r)
        present = ~np.isnan(r)
        weights = self.share[None, :] * present
        return (np.where(present, r, 0.0) @ (self.share[:, None] * self.member)) / (weights @ self.member)


@dataclass(frozen=True, eq=False)
class _Path:
    """Pillar j's path: where along it the ranked field changes, and the field between those points."""

    j: int
    crossing: np.ndarray  # per _Field row: the share at which it enters or leaves the ranking (NaN: never)
    field: _Field | None = None

    @property
    def breaks(self) -> np.ndarray:
        return np.unique(self.crossing[np.isfinite(self.crossing)])

    @classmethod
    def build(cls, field: _Field | None, pp: PillarProblem, j: int) -> _Path:
        if field is None or len(pp.pillars) == 1:
            return cls(j, np.zeros(0))
        c, w = field.coverage, pp.weights
        rest = (c @ w - w[j] * c[:, j]) / (1.0 - w[j])  # coverage along the path: rest + t·(c_j − rest)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (float(field.result.coverage_threshold) - rest) / (c[:, j] - rest)  # type: ignore[attr-defined]
        return cls(j, np.where(np.isfinite(t) & (t > 0.0) & (t < 1.0), t, np.nan), field)

    def next_break(self, t: float, up: bool) -> float | None:
        breaks = self.breaks
        later = breaks[breaks > t + _SAME] if up else breaks[breaks < t - _SAME][::-1]
        return float(later[0]) if len(later) else None

    def problem_after(self, stop: float, up: bool, current: PillarProblem) -> PillarProblem:
        """The field just past the break at `stop`: updated in place when min-max allows, else re-scored."""
        field = self.field
        assert field is not None
        ranked = np.isin(field.codes, current.codes)
        flipped = np.isfinite(self.crossing) & (np.abs(self.crossing - stop) <= 1e-12 * max(1.0, stop))
        after = ranked ^ flipped
        if field.fast:  # min-max over the new field, then pillar means: what `scoring` does, without the rest
            rows = np.flatnonzero(after)
            scores = field.pillar_scores(rows, *field.extremes(rows))
            return make_problem(
                field.codes[rows], field.names[rows], current.pillars, scores, field.base.weights, current.method
            )
        beyond = self.next_break(stop, up)
        end = beyond if beyond is not None else (1.0 if up else 0.0)
        weights = path_weights(field.base.weights, self.j, [0.5 * (stop + end)])[0]
        pillars = field.base.pillars
        again = rescore(field.dm, field.result, dict(zip(pillars, map(float, weights), strict=True)))
        return replace(pillar_problem(again), weights=field.base.weights)


def _pillar_row(pp: PillarProblem, j: int, k: int, path: _Path) -> dict[str, object]:
    t0 = float(pp.weights[j])
    row: dict[str, object] = {"pillar": pp.pillars[j], "k": k, "weight_now": t0}
    if len(pp.pillars) == 1 or k >= pp.n:
        row.update(low=t0 if len(pp.pillars) == 1 else 0.0, high=t0 if len(pp.pillars) == 1 else 1.0)
        row.update(low_in="", low_out="", high_in="", high_out="")
        return row
    top = tuple(str(c) for c in pp.codes[:k])
    high, high_in, high_out = _walk(pp, j, top, path, up=True)
    low, low_in, low_out = _walk(pp, j, top, path, up=False)
    row.update(low=min(low, t0), high=max(high, t0))
    row.update(low_in=low_in, low_out=low_out, high_in=high_in, high_out=high_out)
    return row


def _walk(pp: PillarProblem, j: int, top: tuple[str, ...], path: _Path, up: bool) -> tuple[float, str, str]:
    """From the current share towards 1 (up) or 0: the first share where the top k changes, and who swaps.

    Piece by piece between the points where the ranked field changes; within
    a piece the field (hence every pillar score) is fixed.
    """
    t, current = float(pp.weights[j]), pp
    while True:
        stop = path.next_break(t, up)
        end = stop if stop is not None else (1.0 if up else 0.0)
        change = _first_change(current, j, top, t, end)
        if change is not None:
            return change
        if stop is None:
            return end, "", ""
        current = path.problem_after(stop, up, current)
        swap = _swap_at(current, j, top, stop)
        if swap is not None:
            return stop, *swap
        t = stop


def _top_codes(pp: PillarProblem, t: np.ndarray, j: int, k: int) -> np.ndarray:
    return pp.codes[pp.order(pp.batch_scores(path_weights(pp.weights, j, t)))[:, :k]]


def _swap_at(pp: PillarProblem, j: int, top: tuple[str, ...], t: float) -> tuple[str, str] | None:
    """(entering, leaving) if the top k at share t differs from `top`, else None."""
    now = [str(c) for c in _top_codes(pp, np.array([t]), j, len(top))[0]]
    if set(now) == set(top):
        return None
    entering = next(c for c in now if c not in top)  # best-ranked newcomer
    leaving = [c for c in top if c not in now][-1]  # lowest-ranked of those pushed out
    return entering, leaving


def _first_change(pp: PillarProblem, j: int, top: tuple[str, ...], t_from: float, t_to: float):
    """First share between t_from and t_to where the top k changes, on this fixed field; None if it does not."""
    if pp.method == "wsm":
        return _wsm_first_change(pp, j, top, t_from, t_to)
    return _searched_first_change(pp, j, top, t_from, t_to)


def _wsm_first_change(pp: PillarProblem, j: int, top: tuple[str, ...], t_from: float, t_to: float):
    """Exact: every (inside a, outside b) pair gives c0 + c1·t ≥ 0; the nearest breaking pair wins."""
    w = pp.weights
    p_j = pp.scores[:, j]
    rest = (pp.scores @ w - w[j] * p_j) / (1.0 - w[j])  # the other pillars' composite, unaffected by t
    slope = p_j - rest
    is_top = np.isin(pp.codes, top)
    inside, outside = np.flatnonzero(is_top), np.flatnonzero(~is_top)
    c0 = rest[inside][:, None] - rest[outside][None, :]
    c1 = slope[inside][:, None] - slope[outside][None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        cross = np.where(c1 != 0, -c0 / c1, np.nan)
    up = t_to > t_from
    if up:
        breaking = (c1 < 0) & (cross >= t_from - _SAME) & (cross < t_to)
    else:
        breaking = (c1 > 0) & (cross <= t_from + _SAME) & (cross > t_to)
    if not breaking.any():
        return None
    at = float(np.min(cross[breaking]) if up else np.max(cross[breaking]))
    tie = breaking & (np.abs(cross - at) <= 1e-12 * max(1.0, abs(at)))
    speed = np.where(tie, -c1 if up else c1, -np.inf)  # among ties, the pair that diverges fastest
    a, b = np.unravel_index(int(np.argmax(speed)), speed.shape)
    return at, str(pp.codes[outside[b]]), str(pp.codes[inside[a]])


def _searched_first_change(pp: PillarProblem, j: int, top: tuple[str, ...], t_from: float, t_to: float):
    """Grid (GRID steps per unit of share) to bracket the first change, then bisection to TOLERANCE."""
    steps = max(8, int(np.ceil(GRID * abs(t_to - t_from))))
    grid = np.linspace(t_from, t_to, steps + 1)[1:]
    wanted = sorted(top)
    same = (np.sort(_top_codes(pp, grid, j, len(top)), axis=1) == np.array(wanted)).all(axis=1)
    if same.all():
        return None
    g = int(np.argmax(~same))
    same_t, diff_t = (grid[g - 1] if g else t_from), grid[g]
    while abs(diff_t - same_t) > TOLERANCE:
        mid = 0.5 * (same_t + diff_t)
        if _swap_at(pp, j, top, mid) is None:
            same_t = mid
        else:
            diff_t = mid
    swap = _swap_at(pp, j, top, diff_t)
    assert swap is not None
    return same_t, swap[0], swap[1]


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
