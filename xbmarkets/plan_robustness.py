"""How sure is the whole entry plan: the plan re-made under the Robustness page's weight draws.

The Robustness page says how often a market ranks first; a founder commits to
a *plan* — a core market and the waves after it.  Here every weighting drawn
for the page (same generator, same seed, so the same draws) re-ranks the
field and the plan is re-made from that ranking with the founder's own plan
settings.  Out come the share of weightings in which each market is the core
market, is in wave 1–2, or is in the plan at all, and the plans that occur
most often.

The planner's rules (`plan.entry_plan`: must-include first, start tier for
the core, a per-wave region cap, expansion to nearby regions / income groups,
exclusions) are re-implemented here *across draws at once*: the state of a
wave (slots filled, markets per region, markets used) is an array with one
row per draw, and the only Python loops are over waves, over must-include
markets and over rank positions until every draw's wave is full — never over
draws.  tests/test_plan_robustness.py re-makes sampled draws with the real
planner and requires the same plans, wave by wave and in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .plan import _check_wave_sizes, _codes, _tier_series, entry_plan
from .reweigh import PillarProblem, pillar_problem
from .robustness import check_draw_settings, weight_draws
from .validation import check_scalar

__all__ = ["PLAN_ROBUSTNESS_COLUMNS", "PlanRobustness", "PlanSettings", "plan_robustness", "plans_from_orders"]

PLAN_ROBUSTNESS_COLUMNS: tuple[str, ...] = ("name", "rank", "plan_wave", "p_core", "p_wave_1_2", "p_in_plan")
"""Per market (index iso3): rank now, wave in the founder's plan (0 = not in it), and the shares of draws in
which it is the core market, in wave 1 or 2, and anywhere in the plan."""
_NONE = -1


@dataclass(frozen=True)
class PlanSettings:
    """The planner settings `entry_plan` takes besides the ranking, in one value."""

    wave_sizes: tuple[int, ...] = (1, 3, 3)
    exclude: tuple[str, ...] = ()
    must_include: tuple[str, ...] = ()
    start_tier: str | None = None
    max_per_region: int | None = None
    expand_near: bool = False

    def kwargs(self) -> dict[str, Any]:
        return {
            "wave_sizes": self.wave_sizes,
            "exclude": self.exclude,
            "must_include": self.must_include,
            "start_tier": self.start_tier,
            "max_per_region": self.max_per_region,
            "expand_near": self.expand_near,
        }


@dataclass(frozen=True, eq=False)
class PlanRobustness:
    """Plan shares over weight draws, with what a page or the CLI needs to put it in words."""

    table: pd.DataFrame
    """index iso3, columns PLAN_ROBUSTNESS_COLUMNS; markets that appear in some plan or in the founder's plan,
    most often core first."""
    plans: pd.DataFrame
    """the most frequent plans: columns count, share, core (iso3), waves (tuple of tuples of iso3, each wave
    sorted), text ('CHE | GBR, USA, CAN | …'), is_base (True for the founder's own plan)."""
    base_plan: tuple[tuple[str, ...], ...]
    """the founder's plan (under the scenario's weights), waves sorted."""
    base_share: float
    """share of draws that give exactly the founder's plan (same markets in the same waves)."""
    core_share: float
    """share of draws in which the founder's core market is the core market."""
    draws: int
    concentration: float | None
    seed: int
    failed: int = 0
    """draws in which a must-include market found no slot (the real planner refuses those weightings)."""
    names: dict[str, str] = field(default_factory=dict)

    @property
    def sentence(self) -> str:
        core = self.base_plan[0][0] if self.base_plan and self.base_plan[0] else ""
        name = self.names.get(core, core)
        top = self.plans.iloc[0] if len(self.plans) else None
        drawn = "weightings near yours" if self.concentration is not None else "weightings drawn uniformly"
        text = (
            f"Over {self.draws:,} {drawn}, {name} is the core market in {self.core_share:.0%} of them, "
            f"and your whole plan comes out exactly the same in {self.base_share:.0%}."
        )
        if top is not None and not bool(top["is_base"]):
            text += f" The most frequent plan ({top['share']:.0%}) is {top['text']}."
        return text


def plan_robustness(
    result,
    tiers: Any,
    economies: pd.DataFrame,
    settings: PlanSettings | None = None,
    *,
    draws: int = 10_000,
    concentration: float | None = None,
    seed: int = 0,
    top_plans: int = 5,
) -> PlanRobustness:
    """Core / wave 1–2 / in-plan shares per market and the most frequent plans over the page's weight draws.

    `result`: a weighted-sum or TOPSIS `ScoreResult`; `tiers` and `economies`
    as for `plan.entry_plan`, which is run once on the scenario's own ranking
    (so every setting is validated exactly as the plan page validates it).
    """
    settings = settings or PlanSettings()
    concentration = check_draw_settings(draws, concentration, seed)
    top_plans = check_scalar(top_plans, "top_plans", int, min_val=1)
    pp = pillar_problem(result)
    base = entry_plan(result.table, tiers, economies, **settings.kwargs())
    planner = _Planner.build(pp, tiers, economies, settings)
    picks = [
        planner.plans(pp.order(pp.batch_scores(w))) for w in weight_draws(pp.weights, draws, concentration, seed, pp.n)
    ]
    plan_rows = np.vstack([p for p, _ in picks])
    failed = int(sum(int(f.sum()) for _, f in picks))
    return _summarise(pp, planner, plan_rows, base, draws, concentration, seed, failed, top_plans)


def plans_from_orders(result, tiers: Any, economies: pd.DataFrame, settings: PlanSettings, orders: np.ndarray):
    """Plans (draws × slots of ranking positions, −1 = empty slot) for given rank orders; the planner core, exposed
    so tests can compare it with `entry_plan` draw by draw.  Also returns the failed-draw mask."""
    pp = pillar_problem(result)
    return _Planner.build(pp, tiers, economies, settings).plans(np.atleast_2d(orders))


@dataclass(frozen=True, eq=False)
class _Planner:
    """Static inputs of the vectorised planner, in the ranking's row order (field index 0..n-1)."""

    sizes: tuple[int, ...]
    pool: np.ndarray  # bool per field index: not excluded
    tier_ok: np.ndarray  # bool per field index: may be the core market (start_tier)
    region: np.ndarray  # region id per field index
    income: np.ndarray
    region_known: np.ndarray  # per region id: not 'n/a'
    income_known: np.ndarray
    must: np.ndarray  # field indices of must-include markets
    cap: int | None
    expand_near: bool

    @classmethod
    def build(cls, pp: PillarProblem, tiers: Any, economies: pd.DataFrame, s: PlanSettings) -> _Planner:
        idx = pd.Index(pp.codes)
        eco = economies.copy()
        eco.index = eco.index.astype(str)
        eco = eco.reindex(idx)

        def column(name: str) -> pd.Series:
            col = eco[name] if name in eco.columns else pd.Series(np.nan, index=idx, dtype=object)
            return col.fillna("n/a").astype(str)

        region_codes, region_names = pd.factorize(column("region"))
        income_codes, income_names = pd.factorize(column("income_group"))
        tier = _tier_series(tiers, idx)
        excl = set(_codes("exclude", s.exclude))
        must = _codes("must_include", s.must_include)
        return cls(
            sizes=tuple(_check_wave_sizes(s.wave_sizes)),
            pool=~idx.isin(excl),
            tier_ok=np.ones(len(idx), dtype=bool) if s.start_tier is None else (tier == s.start_tier).to_numpy(),
            region=region_codes.astype(np.int64),
            income=income_codes.astype(np.int64),
            region_known=np.asarray(region_names != "n/a", dtype=bool),
            income_known=np.asarray(income_names != "n/a", dtype=bool),
            must=np.array([pp.index_of(c) for c in must], dtype=np.int64),
            cap=s.max_per_region,
            expand_near=bool(s.expand_near),
        )

    def plans(self, orders: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Slots (draws × Σ wave sizes) of field indices for rank orders (draws × n, best first), and failures."""
        d, n = orders.shape
        rows = np.arange(d)
        ordered = orders[self.pool[orders]].reshape(d, int(self.pool.sum()))
        pos = np.full((d, n), n, dtype=np.int64)
        pos[rows[:, None], ordered] = np.arange(ordered.shape[1])[None, :]
        used = np.zeros((d, n), dtype=bool)
        pending = np.zeros((d, n), dtype=bool)
        pending[:, self.must] = True
        must_order = self.must[np.argsort(pos[:, self.must], axis=1, kind="stable")] if len(self.must) else None
        slots = np.full((d, sum(self.sizes)), _NONE, dtype=np.int64)
        start = 0
        for wave, size in enumerate(self.sizes, start=1):
            state = _Wave(d, size, len(self.region_known))
            if must_order is not None:
                for j in range(must_order.shape[1]):
                    e = must_order[:, j]
                    ok = pending[rows, e] & self._fits(state, e, wave)
                    self._take(state, ok, e, used, pending)
            candidates = ordered
            if self.expand_near and wave > 1:
                candidates = self._near_first(ordered, slots[:, :start])
            for r in range(candidates.shape[1]):
                if state.full.all():
                    break
                e = candidates[:, r]
                ok = ~used[rows, e] & ~pending[rows, e] & self._fits(state, e, wave)
                self._take(state, ok, e, used, pending)
            slots[:, start : start + size] = state.picks
            start += size
        return slots, np.asarray(pending.any(axis=1), dtype=bool)

    def _fits(self, state: _Wave, e: np.ndarray, wave: int) -> np.ndarray:
        ok = ~state.full
        if wave == 1:
            ok &= self.tier_ok[e]
        if self.cap is not None:
            ok &= state.per_region[np.arange(len(e)), self.region[e]] < self.cap
        return ok

    def _take(self, state: _Wave, ok: np.ndarray, e: np.ndarray, used: np.ndarray, pending: np.ndarray) -> None:
        rows = np.flatnonzero(ok)
        if not len(rows):
            return
        chosen = e[rows]
        state.picks[rows, state.filled[rows]] = chosen
        state.filled[rows] += 1
        state.per_region[rows, self.region[chosen]] += 1
        used[rows, chosen] = True
        pending[rows, chosen] = False

    def _near_first(self, ordered: np.ndarray, earlier: np.ndarray) -> np.ndarray:
        """Candidates re-ordered as `entry_plan(expand_near=True)` does: same region as an earlier market, then same
        income group, then the rest — rank order within each group."""
        d = ordered.shape[0]
        rows = np.arange(d)[:, None]
        seen_region = np.zeros((d, len(self.region_known)), dtype=bool)
        seen_income = np.zeros((d, len(self.income_known)), dtype=bool)
        r, c = np.nonzero(earlier >= 0)
        seen_region[r, self.region[earlier[r, c]]] = True
        seen_income[r, self.income[earlier[r, c]]] = True
        seen_region &= self.region_known[None, :]
        seen_income &= self.income_known[None, :]
        group = np.full(ordered.shape, 2, dtype=np.int8)
        group[seen_income[rows, self.income[ordered]]] = 1
        group[seen_region[rows, self.region[ordered]]] = 0
        # a stable sort on three small keys keeps rank order within each group (and is a radix sort on int8)
        return np.take_along_axis(ordered, np.argsort(group, axis=1, kind="stable"), axis=1)


class _Wave:
    """Per-draw state of the wave being filled."""

    def __init__(self, draws: int, size: int, regions: int) -> None:
        self.size = size
        self.picks = np.full((draws, size), _NONE, dtype=np.int64)
        self.filled = np.zeros(draws, dtype=np.int64)
        self.per_region = np.zeros((draws, max(regions, 1)), dtype=np.int64)

    @property
    def full(self) -> np.ndarray:
        return self.filled >= self.size


def _canonical(slots: np.ndarray, sizes: Sequence[int]) -> np.ndarray:
    """Each wave's markets sorted (empty slots last), so equal plans compare equal whatever the pick order."""
    out = slots.copy()
    big = np.iinfo(np.int64).max
    start = 0
    for size in sizes:
        block = np.where(out[:, start : start + size] < 0, big, out[:, start : start + size])
        block.sort(axis=1)
        out[:, start : start + size] = np.where(block == big, _NONE, block)
        start += size
    return out


def _count_rows(rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows and their counts.  Rows of slot values −1..n−1 are packed into one integer when they fit
    (a 1-D unique is ~5× faster than `np.unique(axis=0)`), else compared row-wise."""
    base = n + 1
    if rows.shape[1] * np.log2(base) < 62:
        packed = np.zeros(rows.shape[0], dtype=np.int64)
        for j in range(rows.shape[1]):
            packed = packed * base + (rows[:, j] + 1)
        keys, first, counts = np.unique(packed, return_index=True, return_counts=True)
        return rows[first], counts
    return np.unique(rows, axis=0, return_counts=True)


def _waves(row: np.ndarray, sizes: Sequence[int], codes: np.ndarray) -> tuple[tuple[str, ...], ...]:
    out = []
    start = 0
    for size in sizes:
        out.append(tuple(str(codes[i]) for i in row[start : start + size] if i >= 0))
        start += size
    return tuple(out)


def _summarise(
    pp: PillarProblem,
    planner: _Planner,
    slots: np.ndarray,
    base: pd.DataFrame,
    draws: int,
    concentration: float | None,
    seed: int,
    failed: int,
    top_plans: int,
) -> PlanRobustness:
    n = pp.n
    sizes = planner.sizes
    core = np.bincount(slots[:, 0][slots[:, 0] >= 0], minlength=n)
    early = slots[:, : sizes[0] + (sizes[1] if len(sizes) > 1 else 0)]
    wave12 = np.bincount(early[early >= 0], minlength=n)
    anywhere = np.bincount(slots[slots >= 0], minlength=n)
    index = {c: i for i, c in enumerate(pp.codes)}
    base_wave = np.zeros(n, dtype=np.int64)
    for wave, code in zip(base["wave"], base["iso3"], strict=True):
        base_wave[index[str(code)]] = int(wave)
    base_slots = np.full(sum(sizes), _NONE, dtype=np.int64)
    start = 0
    for wave, size in enumerate(sizes, start=1):
        members = [index[str(c)] for c in base.loc[base["wave"] == wave, "iso3"]]
        base_slots[start : start + len(members)] = members
        start += size
    base_canon = _canonical(base_slots[None, :], sizes)[0]

    canon = _canonical(slots, sizes)
    unique, counts = _count_rows(canon, n)
    best = np.lexsort((np.arange(len(counts)), -counts))[:top_plans]
    names = dict(zip(pp.codes, pp.names, strict=True))
    plan_rows = []
    for i in best:
        waves = _waves(unique[i], sizes, pp.codes)
        plan_rows.append(
            {
                "count": int(counts[i]),
                "share": float(counts[i]) / draws,
                "core": waves[0][0] if waves and waves[0] else "",
                "waves": waves,
                "text": " | ".join(", ".join(w) for w in waves if w),
                "is_base": bool((unique[i] == base_canon).all()),
            }
        )
    base_match = int((canon == base_canon[None, :]).all(axis=1).sum())
    table = pd.DataFrame(
        {
            "name": pp.names,
            "rank": np.arange(1, n + 1),
            "plan_wave": base_wave,
            "p_core": core / draws,
            "p_wave_1_2": wave12 / draws,
            "p_in_plan": anywhere / draws,
        },
        index=pd.Index(pp.codes, name="iso3"),
    )
    table = table[(table["p_in_plan"] > 0) | (table["plan_wave"] > 0)]
    table = table.sort_values(["p_core", "p_wave_1_2", "p_in_plan", "rank"], ascending=[False, False, False, True])
    core_code = base_canon[0]
    return PlanRobustness(
        table=table,
        plans=pd.DataFrame(plan_rows, columns=["count", "share", "core", "waves", "text", "is_base"]),
        base_plan=_waves(base_canon, sizes, pp.codes),
        base_share=base_match / draws,
        core_share=float(core[core_code]) / draws if core_code >= 0 else 0.0,
        draws=int(draws),
        concentration=concentration,
        seed=int(seed),
        failed=failed,
        names=names,
    )
