"""Decision-stability benchmarks on the shipped snapshot (balanced preset). Prints figures; not a test:

    python benchmarks/bench_decide.py

Targets (issue 10): stability intervals for all pillars ≤ 50 ms (weighted sum), what-if for one market
≤ 100 ms, plan robustness for 10,000 draws ≤ 1 s.  Medians of repeats; other work on the machine moves them.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time  # noqa: E402

from xbmarkets.matrix import build_matrix
from xbmarkets.plan import entry_plan
from xbmarkets.plan_robustness import PlanSettings, plan_robustness
from xbmarkets.reweigh import pillar_problem
from xbmarkets.scoring import score
from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot
from xbmarkets.stability import stability_intervals
from xbmarkets.tiers import assign_tiers
from xbmarkets.weights import PRESETS
from xbmarkets.whatif import indicator_changes, what_if


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def bench_stability(dm, result) -> None:
    n = len(result.pillars)
    print(f"stability intervals, {n} pillars, {len(result.table)} ranked markets:")
    for k in (1, 5):
        fixed = median_time(lambda k=k: stability_intervals(result, k))
        follow = median_time(lambda k=k: stability_intervals(result, k, dm), repeats=3)
        print(f"  k={k}: ranked field held fixed {_ms(fixed)}; following field changes (re-scores) {_ms(follow)}")
    topsis = score(dm, PRESETS["balanced"].pillar_weights, method="topsis")
    print(f"  TOPSIS k=1, field fixed: {_ms(median_time(lambda: stability_intervals(topsis, 1), repeats=3))}")


def bench_whatif(dm, result) -> None:
    import subprocess

    probe = "import time; t = time.perf_counter(); import scipy.optimize; print(time.perf_counter() - t)"
    cold = float(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout)
    print(f"what-if (scipy.optimize is imported inside the what-if, {_ms(cold)} in a fresh process):")
    code = result.table.index[20]
    weights = median_time(lambda: what_if(result, code, 3, dm, indicators=False), repeats=5)
    both = median_time(lambda: what_if(result, code, 3, dm), repeats=3)
    one = median_time(lambda: indicator_changes(dm, result, code, 3), repeats=3)
    wi = what_if(result, code, 3, dm)
    print(f"  {code} (rank 21) into the top 3: weights {_ms(weights)}, indicators {_ms(one)}, both {_ms(both)}")
    print(f"    {wi.sentence}")
    print(f"    {wi.indicator_sentence}")
    rows = []
    for k in (3, 5, 10):
        for position in range(k, min(len(result.table), 80), 4):
            code = result.table.index[position]
            start = time.perf_counter()
            wi = what_if(result, code, k, dm, indicators=False)
            rows.append({"k": k, "seconds": time.perf_counter() - start, "status": wi.status, "exact": wi.exact})
    frame = pd.DataFrame(rows)
    found = frame[frame["status"] == "found"]
    print(
        f"  weights, {len(frame)} markets ranked {'/'.join(map(str, (3, 5, 10)))}+ (k = 3, 5, 10): median "
        f"{_ms(frame['seconds'].median())}, 90th pct {_ms(frame['seconds'].quantile(0.9))}, max "
        f"{_ms(frame['seconds'].max())}; statuses {frame['status'].value_counts().to_dict()}; "
        f"found answers proven nearest: {int(found['exact'].sum())} of {len(found)}"
    )


def bench_plan(dm, result) -> None:
    tiers = assign_tiers(dm).table
    print("plan robustness, 10,000 draws:")
    for label, kwargs in (("uniform weights", {}), ("Dirichlet, concentration 50", {"concentration": 50.0})):
        took = median_time(lambda kwargs=kwargs: plan_robustness(result, tiers, dm.economies, **kwargs), repeats=3)
        print(f"  default plan settings, {label}: {_ms(took)}")
    near = PlanSettings(expand_near=True, max_per_region=1)
    took = median_time(lambda: plan_robustness(result, tiers, dm.economies, near), repeats=3)
    print(f"  with --expand-near --max-per-region 1: {_ms(took)}")
    pp = pillar_problem(result)
    orders = pp.order(pp.batch_scores(np.random.default_rng(0).dirichlet(np.ones(len(pp.pillars)), 200)))
    start = time.perf_counter()
    for order in orders:
        ranking = pd.DataFrame({"rank": np.zeros(pp.n, dtype=int)}, index=pd.Index(pp.codes, name="iso3"))
        ranking.iloc[order, 0] = np.arange(1, pp.n + 1)
        entry_plan(ranking, tiers, dm.economies)
    per_draw = (time.perf_counter() - start) / len(orders)
    print(
        f"  for comparison, a Python loop calling entry_plan per draw: {_ms(per_draw)} per draw "
        f"≈ {per_draw * 10_000:.0f} s for 10,000"
    )


def main() -> None:
    dm = build_matrix(load_snapshot(DEFAULT_DATA_DIR))
    result = score(dm, PRESETS["balanced"].pillar_weights)
    print(f"shipped snapshot: {dm.values.shape[0]} economies × {dm.values.shape[1]} indicators, balanced preset\n")
    bench_stability(dm, result)
    bench_whatif(dm, result)
    bench_plan(dm, result)
    print(f"\n(load average now: {', '.join(f'{x:.1f}' for x in _load())})")


def _load() -> list[float]:
    try:
        return list(os.getloadavg())
    except OSError:
        return [float("nan")] * 3


if __name__ == "__main__":
    main()
