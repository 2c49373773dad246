"""Backtest-page benchmark: what a founder waits for on that page. Not a test; run by hand:

    python benchmarks/bench_backtest_page.py

Drives the real page with Streamlit's AppTest on the shipped snapshots and prints medians of
* a rerun that changes only what the scatter judges (the backtest is served from `ui.cache`);
* a year switch between two years already computed (cached as well);
* a scenario never seen before (a new growth weight): scoring the vintage + `run_backtest`,
  3 outcomes x 7 subjects x 2,000 resamples, + the page.
The machine is shared: read the figures as orders of magnitude.
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

REPEATS = 7


def _check(at: AppTest) -> None:
    if at.exception:
        raise RuntimeError(at.exception[0].message)


def main() -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/7_Backtest.py").run()
    for year in (2017, 2021):  # both years computed once, as on a warm server
        at.radio(key="bt_year").set_value(year).run()
    subjects = itertools.cycle(("growth", "score", "size"))
    years = itertools.cycle((2017, 2021))

    def judge() -> None:
        at.selectbox(key="bt_subject").set_value(next(subjects)).run()
        _check(at)

    def year() -> None:
        at.radio(key="bt_year").set_value(next(years)).run()
        _check(at)

    fresh_weights = itertools.count(1)

    def new_scenario() -> None:  # a growth weight never seen: the vintage is re-scored and re-sampled
        at.session_state["w_growth"] = next(fresh_weights)
        at.run()
        _check(at)

    print(f"Backtest page, judge another pillar (cached backtest): median {median_time(judge, REPEATS) * 1000:.0f} ms")
    print(f"  switch between two computed years (cached): median {median_time(year, REPEATS) * 1000:.0f} ms")
    print(f"  a scenario not yet backtested: median {median_time(new_scenario, REPEATS) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
