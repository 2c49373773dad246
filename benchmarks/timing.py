"""The one timing helper the benchmark scripts share."""

from __future__ import annotations

import statistics
import timeit
from collections.abc import Callable


def median_time(fn: Callable[[], object], repeats: int = 7, warmup: int = 1) -> float:
    """Median wall time of `fn` in seconds after `warmup` untimed calls (medians shrug off a busy core)."""
    for _ in range(warmup):
        fn()
    return statistics.median(timeit.repeat(fn, number=1, repeat=repeats))
