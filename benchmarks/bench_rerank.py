"""Re-rank benchmark on the shipped snapshot: prints medians. Not a test; run by hand:

    python benchmarks/bench_rerank.py

What a founder waits for when moving a slider: `score` (+ `assign_tiers`
when the tiers are shown) on the real decision matrix, and a 10,000-draw rank
acceptability on the real pillar-score matrix.  The snapshot is loaded once,
outside the timings, as the dashboard caches it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time  # noqa: E402

from xbmarkets.matrix import build_matrix
from xbmarkets.robustness import scenario_acceptability
from xbmarkets.scoring import score
from xbmarkets.snapshot import load_snapshot
from xbmarkets.tiers import assign_tiers
from xbmarkets.weights import PRESETS


def main() -> None:
    t0 = time.perf_counter()
    snapshot = load_snapshot()
    load_s = time.perf_counter() - t0
    dm = build_matrix(snapshot)
    weights = PRESETS["balanced"].pillar_weights
    n, k = dm.values.shape
    print(f"shipped snapshot: {n} economies x {k} indicators (load_snapshot {load_s * 1e3:.0f} ms, once)")
    print(f"build_matrix: {median_time(lambda: build_matrix(snapshot)) * 1e3:.1f} ms")

    for method in ("wsm", "topsis"):
        only = median_time(lambda m=method: score(dm, weights, method=m))
        both = median_time(lambda m=method: (score(dm, weights, method=m), assign_tiers(dm)), repeats=5)
        print(f"re-rank {method:6s}: score {only * 1e3:7.1f} ms | score + tiers {both * 1e3:7.1f} ms")

    for method in ("wsm", "topsis"):
        result = score(dm, weights, method=method)
        t = median_time(lambda r=result: scenario_acceptability(r, draws=10_000), repeats=5)
        print(
            f"scenario_acceptability {method:6s} 10,000 draws on {len(result.table)} x {len(result.pillars)} "
            f"pillar scores: {t * 1e3:7.1f} ms"
        )


if __name__ == "__main__":
    main()
