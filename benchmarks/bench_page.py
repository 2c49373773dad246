"""Ranking-page benchmark: median server-side rerun after a slider move. Not a test; run by hand:

    python benchmarks/bench_page.py

What a founder waits for on the Ranking page is the whole script rerun that
a slider move triggers (setup, scoring, tiers, table, CSV bytes, the
explanation), not `score` alone.  This drives the real page with Streamlit's
AppTest on the full shipped snapshot, warms every cache first (as a running
server would have them), then times reruns that each move one pillar slider.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from streamlit.testing.v1 import AppTest  # noqa: E402
from timing import median_time  # noqa: E402

REPEATS = 9


def main() -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/1_Ranking.py").run()
    values = itertools.cycle((10, 70, 30, 90, 50))
    for _ in range(5):  # every weight seen below is cached afterwards, as on a warm server
        at.slider(key="w_growth").set_value(next(values)).run()

    def move() -> None:
        at.slider(key="w_growth").set_value(next(values)).run()
        if at.exception:
            raise RuntimeError(at.exception[0].message)

    cold = itertools.count(1)

    def move_new_weights() -> None:  # a weight never seen: scoring is not served from the cache
        at.slider(key="w_logistics").set_value(next(cold) % 100).run()
        if at.exception:
            raise RuntimeError(at.exception[0].message)

    warm = median_time(move, repeats=REPEATS)
    fresh = median_time(move_new_weights, repeats=REPEATS)
    print(f"Ranking page rerun after a slider move (AppTest, full snapshot, warm caches): median {warm * 1000:.0f} ms")
    print(f"  same, with weights not yet scored (score + page): median {fresh * 1000:.0f} ms")


if __name__ == "__main__":
    main()
