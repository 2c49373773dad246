"""Backtest timings on the shipped vintages. Not a test; run by hand:

    python benchmarks/bench_backtest.py

Prints, for `backtest --as-of 2021 --preset growth_hunter`:
* the whole CLI run in a fresh interpreter (median of 3; includes starting Python and importing pandas,
  which a founder pays too), with a bare `import pandas` interpreter for comparison;
* in-process medians of the steps: loading the vintage snapshot, scoring it, and `run_backtest`
  (three outcomes x seven subjects, 2,000 bootstrap resamples each).
The machine is shared: medians, and the bare-interpreter figure says how busy it was.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time  # noqa: E402

from xbmarkets.backtest import run_backtest  # noqa: E402
from xbmarkets.matrix import build_matrix  # noqa: E402
from xbmarkets.outcomes import load_outcomes  # noqa: E402
from xbmarkets.scoring import score  # noqa: E402
from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot, vintage_dir  # noqa: E402
from xbmarkets.weights import PRESETS  # noqa: E402


def _wall(argv: list[str], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(argv, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main() -> None:
    cli = [sys.executable, "-m", "xbmarkets", "backtest", "--as-of", "2021", "--preset", "growth_hunter"]
    print(f"CLI backtest --as-of 2021 --preset growth_hunter: {_wall(cli):.2f} s wall (median of 3)")
    print(f"bare `python -c 'import pandas'`: {_wall([sys.executable, '-c', 'import pandas']):.2f} s wall")

    folder = vintage_dir(2021)
    print(f"load_snapshot(vintage-2021): {median_time(lambda: load_snapshot(folder), repeats=5):.3f} s")
    snap = load_snapshot(folder)
    weights = {p: w for p, w in PRESETS["growth_hunter"].pillar_weights.items() if p != "fit"}
    dm = build_matrix(snap)
    print(f"build_matrix + score: {median_time(lambda: score(build_matrix(snap), weights), repeats=5):.3f} s")
    result = score(dm, weights)
    outcomes = load_outcomes(Path(DEFAULT_DATA_DIR) / "outcomes.csv")
    seconds = median_time(lambda: run_backtest(result, outcomes, 2021), repeats=5)
    print(f"run_backtest (3 outcomes x 7 subjects, 2000 resamples): {seconds:.3f} s")


if __name__ == "__main__":
    main()
