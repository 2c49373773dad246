"""Engine benchmarks: prints timings (median of repeats). Not a test; run by hand:

    python benchmarks/bench_engine.py

Optional comparisons need `pip install -r requirements-bench.txt` (scikit-criteria, pymcdm);
they are skipped when not installed. Do not change OPENBLAS_CORETYPE here: the machine may set it.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time  # noqa: E402

from xbmarkets.methods import topsis
from xbmarkets.robustness import rank_acceptability


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


def random_problem(n: int, k: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(1.0, 100.0, size=(n, k))
    cols = [f"c{j}" for j in range(k)]
    w = rng.uniform(0.1, 1.0, size=k)
    d = rng.choice([1, -1], size=k)
    return x, pd.DataFrame(x, columns=cols), dict(zip(cols, w, strict=False)), dict(zip(cols, d, strict=False)), w, d


def bench_topsis(n: int = 100_000, k: int = 25) -> None:
    x, df, weights, dirs, w, d = random_problem(n, k)
    ours = median_time(lambda: topsis(df, weights, dirs))
    print(f"topsis {n:,} x {k}: xbmarkets {ours * 1e3:.1f} ms")
    ref = topsis(df, weights, dirs).to_numpy()
    try:
        import skcriteria as skc
        from skcriteria.agg.topsis import TOPSIS
        from skcriteria.preprocessing.scalers import VectorScaler
    except ImportError:
        print("  scikit-criteria: not installed (pip install -r requirements-bench.txt)")
    else:
        dm = skc.mkdm(x, [max if s > 0 else min for s in d], weights=w)
        scaler, agg = VectorScaler(target="matrix"), TOPSIS()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")

            def run():
                return agg.evaluate(scaler.transform(dm))

            sk = median_time(run, repeats=5)
            diff = np.abs(run().e_.similarity - ref).max()
        print(f"  scikit-criteria {skc.VERSION}: {sk * 1e3:.1f} ms  -> ratio {sk / ours:.1f}x  (max |diff| {diff:.1e})")
    try:
        from pymcdm.methods import TOPSIS as PTOPSIS
        from pymcdm.normalizations import vector_normalization
    except ImportError:
        print("  pymcdm: not installed")
    else:
        method = PTOPSIS(normalization_function=vector_normalization)
        pm = median_time(lambda: method(x, w / w.sum(), d), repeats=3)
        diff = np.abs(method(x, w / w.sum(), d) - ref).max()
        print(f"  pymcdm {_version('pymcdm')}: {pm * 1e3:.1f} ms  -> ratio {pm / ours:.1f}x  (max |diff| {diff:.1e})")


def bench_robustness(draws: int = 10_000, n: int = 200, k: int = 6) -> None:
    _, df, weights, dirs, _, _ = random_problem(n, k, seed=1)
    for method in ("wsm", "topsis"):
        for conc in (None, 50.0):

            def run(method: str = method, conc: float | None = conc) -> object:
                return rank_acceptability(df, weights, dirs, method=method, draws=draws, concentration=conc)

            t = median_time(run, repeats=5)
            label = "uniform" if conc is None else f"concentration={conc:g}"
            print(
                f"rank_acceptability {method:6s} {draws:,} draws x {n} alternatives x {k} criteria ({label}): "
                f"{t * 1e3:.1f} ms"
            )


def main() -> None:
    print(f"numpy {np.__version__}, pandas {pd.__version__}")
    bench_topsis()
    bench_robustness()
    print("full re-rank on the shipped snapshot: see benchmarks/bench_rerank.py")


if __name__ == "__main__":
    main()
