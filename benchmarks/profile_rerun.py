"""Where one page rerun spends its time, section by section. Not a test; run by hand:

    python benchmarks/profile_rerun.py                    # Ranking, a pillar slider moved to new values
    python benchmarks/profile_rerun.py --page tiers --reruns 20
    python benchmarks/profile_rerun.py --revisit          # two values alternate (every cache warm)
    python benchmarks/profile_rerun.py --cprofile 25      # plus cProfile's top functions (script thread)

Drives the real page with Streamlit's AppTest on the shipped snapshot (warm
caches, as a running server has them) and times, inside the script thread,
each *outermost* call of the functions a page makes (`weight_controls`,
`st.dataframe`, `explain`, …): a call made inside another timed one counts
towards the outer one, so the sections add up to the script's run.  Also
timed: the whole script, and (separately, as AppTest skips it) the
`gc.collect(2)` a real server runs after every rerun (`runner.postScriptGC`).  CPU is the script
thread's own (`time.thread_time`), so it moves less than wall time on a busy
machine.  What this cannot see -- the server turning deltas into WebSocket
frames, the browser drawing them -- is what bench_browser.py measures.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import io
import itertools
import pstats
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (module, function): every call a page makes that is worth a line of its own
TIMED = {
    "xbmarkets.ui.frame": ("build", "refresh"),
    "xbmarkets.ui.session": ("init", "current", "sync_url"),
    "xbmarkets.ui.controls": ("weight_controls",),
    "xbmarkets.ui.results": ("scored", "tier_series", "tiers", "acceptability", "download_csv", "stability"),
    "xbmarkets.ui.decide_view": ("stability_section", "what_it_takes", "plan_robustness_block"),
    "xbmarkets.ui.views": (
        "filter_ranking",
        "ranking_view",
        "translate_columns",
        "page_meta",
        "excluded_frame",
        "map_values",
        "compare_values",
        "pillars_long",
        "acceptability_view",
        "country_names",
        "tiers_view",
        "plan_frame",
    ),
    "xbmarkets.report": ("ranking_table",),
    "xbmarkets.ui.reasons": ("exclusion_reasons", "tier_reasons", "tier_rule", "plan_rationales", "verdict_text"),
    "xbmarkets.explain": ("explain",),
    "xbmarkets.ui.explain_view": ("show_explanation",),
    "xbmarkets.charts": (
        "tier_scatter",
        "silhouette_chart",
        "wave_timeline",
        "acceptability_chart",
        "choropleth",
        "grouped_pillars",
    ),
    "xbmarkets.ui.cache": ("tiers", "topology"),
    "xbmarkets.plan": ("entry_plan",),
    "xbmarkets.tiers": ("region_disagreements",),
    "xbmarkets.robustness": ("stability_verdict",),
    "streamlit": (
        "dataframe",
        "altair_chart",
        "multiselect",
        "selectbox",
        "select_slider",
        "slider",
        "number_input",
        "toggle",
        "metric",
        "markdown",
        "caption",
        "download_button",
    ),
}

# page -> (script, widget kind, key, the values a "fresh" run walks through, the two a "revisit" run alternates)
PAGES: dict[str, tuple[str, str, str, Callable[[int], Any], tuple[Any, Any]]] = {
    "ranking": ("pages/1_Ranking.py", "slider", "w_growth", lambda i: i % 101, (0, 100)),
    "robustness": (
        "pages/4_Robustness.py",
        "select_slider",
        "rob_conc",
        lambda i: (0, 5, 20, 50, 200)[i % 5],
        (0, 200),
    ),
    "tiers": ("pages/2_Tiers_and_plan.py", "select_slider", "tiers_k", lambda i: (2, 3, 4, 5, 6)[i % 5], (2, 6)),
    "compare": ("pages/3_Compare.py", "multiselect", "cmp_pick", None, ((), ())),  # filled from the ranking
    "map": ("pages/5_Map.py", "selectbox", "map_what", None, ("score", "pillar:growth")),
}


class Sections:
    """Wall and CPU time of the outermost timed call, per section name."""

    def __init__(self) -> None:
        self.active: str | None = None
        self.wall: Counter[str] = Counter()
        self.cpu: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()

    def timed(self, name: Callable[..., str], fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            if self.active is not None:
                return fn(*args, **kwargs)
            label = name(*args, **kwargs)
            self.active = label
            w0, c0 = time.perf_counter(), time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.wall[label] += time.perf_counter() - w0
                self.cpu[label] += time.thread_time() - c0
                self.calls[label] += 1
                self.active = None

        return inner

    def reset(self) -> None:
        self.wall.clear()
        self.cpu.clear()
        self.calls.clear()


def _label(module: str, fn: str) -> Callable[..., str]:
    short = "st" if module == "streamlit" else module.rsplit(".", 1)[-1]

    def name(*args: Any, **kwargs: Any) -> str:
        key = kwargs.get("key")
        return f"{short}.{fn}" + (f"[{key}]" if key and module == "streamlit" else "")

    return name


def install(sections: Sections, profiler: cProfile.Profile | None) -> None:
    """Wrap the timed functions and the script's exec (in place, for this process)."""
    for module, names in TIMED.items():
        mod = importlib.import_module(module)
        for fn in names:
            if hasattr(mod, fn):
                setattr(mod, fn, sections.timed(_label(module, fn), getattr(mod, fn)))

    from streamlit.runtime.scriptrunner import script_runner as sr

    run = sr.exec_func_with_error_handling

    def exec_timed(*args: Any, **kwargs: Any) -> Any:
        w0, c0 = time.perf_counter(), time.thread_time()
        if profiler is not None:
            profiler.enable()
        try:
            return run(*args, **kwargs)
        finally:
            if profiler is not None:
                profiler.disable()
            sections.wall["(whole script)"] += time.perf_counter() - w0
            sections.cpu["(whole script)"] += time.thread_time() - c0

    sr.exec_func_with_error_handling = exec_timed


def gc_cost(repeats: int = 5) -> tuple[float, float, int]:
    """Median CPU ms of `gc.collect(2)` in this process (as warm as a server), and the same after `gc.freeze()`.

    A server runs this collection after every rerun (`runner.postScriptGC`,
    on by default); AppTest's runner skips it, so it is measured here directly.
    """
    import gc

    def median_ms() -> float:
        runs = []
        for _ in range(repeats):
            c0 = time.thread_time()
            gc.collect(2)
            runs.append((time.thread_time() - c0) * 1000)
        return statistics.median(runs)

    tracked = len(gc.get_objects())
    plain = median_ms()
    gc.freeze()  # objects alive now move to a permanent generation that collections skip
    frozen = median_ms()
    gc.unfreeze()
    return plain, frozen, tracked


def widget(at, kind: str, key: str, sections: Sections | None = None):
    """The control, redrawing the whole page first (untimed) when the last run was a fragment's alone: the
    Ranking controls rerun only the table's fragment, and AppTest's tree then holds that fragment only."""
    try:
        return getattr(at, kind)(key=key)
    except KeyError:
        saved = None if sections is None else (sections.wall.copy(), sections.cpu.copy(), sections.calls.copy())
        at.run()
        if saved is not None:
            sections.wall, sections.cpu, sections.calls = saved
        return getattr(at, kind)(key=key)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--page", default="ranking", choices=sorted(PAGES))
    ap.add_argument("--reruns", type=int, default=15, help="timed reruns (after 4 untimed ones)")
    ap.add_argument("--revisit", action="store_true", help="alternate two values instead of walking to new ones")
    ap.add_argument("--cprofile", type=int, default=0, metavar="N", help="also print cProfile's top N (tottime)")
    ap.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"), help="cProfile's order")
    ap.add_argument("--first-visit", action="store_true", help="instead: a fresh process's first run of Home")
    args = ap.parse_args(argv)
    if not 1 <= args.reruns <= 500:
        ap.error("--reruns: between 1 and 500")
    if args.first_visit:
        first_visit()
        return

    sections = Sections()
    profiler = cProfile.Profile() if args.cprofile else None
    install(sections, None)  # cProfile is only switched on for the timed reruns, below
    from streamlit.testing.v1 import AppTest

    script, kind, key, walk, pair = PAGES[args.page]
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page(script).run()
    if args.page == "compare":  # two and three of the top of the ranking, alternately
        top = list(widget(at, kind, key).value)
        pair = (top[:2], top[:3])
    values = (
        itertools.cycle(pair)
        if args.revisit or walk is None
        else (walk(i) for i in itertools.count(1 if args.page == "ranking" else 0))
    )
    for _ in range(4):  # warm: data, tiers, every lazily imported module
        widget(at, kind, key).set_value(next(values)).run()
    sections.reset()
    if profiler is not None:
        from streamlit.runtime.scriptrunner import script_runner as sr

        sr.exec_func_with_error_handling = _profiled(sr.exec_func_with_error_handling, profiler)
    walls = []
    for _ in range(args.reruns):
        control = widget(at, kind, key, sections)
        w0 = time.perf_counter()
        control.set_value(next(values)).run()
        walls.append(time.perf_counter() - w0)
        if at.exception:
            raise RuntimeError(at.exception[0].message)
    report(sections, args, walls)
    plain, frozen, tracked = gc_cost()
    print()
    print(
        f"A server also runs gc.collect(2) after every rerun (runner.postScriptGC): {plain:.0f} ms CPU here "
        f"({tracked:,} tracked objects); after gc.freeze(): {frozen:.0f} ms"
    )
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.cprofile)
        print(out.getvalue())


def first_visit() -> None:
    """What a new server does before Home shows its table: imports, then the first run (cold caches)."""
    imports = {}
    for module in ("streamlit", "pandas", "altair", "sklearn.cluster", *TIMED):
        w0, c0 = time.perf_counter(), time.thread_time()
        importlib.import_module(module)
        imports[module] = (time.perf_counter() - w0, time.thread_time() - c0)
    sections = Sections()
    install(sections, None)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    w0 = time.perf_counter()
    at.run()
    first = time.perf_counter() - w0
    print("Imports before the first run (in this order; each counts only what was not yet imported):")
    for module, (wall, cpu) in imports.items():
        print(f"  {module}: {wall * 1000:.0f} ms wall / {cpu * 1000:.0f} ms CPU")
    args = argparse.Namespace(page="home (first run, cold caches)", reruns=1, revisit=True)
    report(sections, args, [first])


def _profiled(run: Callable[..., Any], profiler: cProfile.Profile) -> Callable[..., Any]:
    def inner(*args: Any, **kwargs: Any) -> Any:
        profiler.enable()
        try:
            return run(*args, **kwargs)
        finally:
            profiler.disable()

    return inner


def report(sections: Sections, args: argparse.Namespace, walls: list[float]) -> None:
    n = args.reruns
    script_cpu = sections.cpu["(whole script)"]
    mode = "two values alternating" if args.revisit else "a new value each time"
    if args.reruns == 1:
        mode = "one run"
    print(f"{args.page}: {n} reruns ({mode}), AppTest" + ("" if n == 1 else ", warm caches"))
    print(
        f"  at.run() wall median {statistics.median(walls) * 1000:.0f} ms; per rerun: script "
        f"{sections.wall['(whole script)'] / n * 1000:.0f} ms wall / {script_cpu / n * 1000:.0f} ms CPU"
    )
    print()
    print("| section (outermost call) | calls / rerun | wall ms / rerun | CPU ms / rerun | share of script CPU |")
    print("|---|---|---|---|---|")
    named = {k: v for k, v in sections.cpu.items() if not k.startswith("(")}
    for name, cpu in sorted(named.items(), key=lambda kv: -kv[1]):
        print(
            f"| {name} | {sections.calls[name] / n:.0f} | {sections.wall[name] / n * 1000:.1f} "
            f"| {cpu / n * 1000:.1f} | {cpu / script_cpu:.0%} |"
        )
    rest_cpu = script_cpu - sum(named.values())
    rest_wall = sections.wall["(whole script)"] - sum(v for k, v in sections.wall.items() if not k.startswith("("))
    print(f"| (rest of the page's own code) | | {rest_wall / n * 1000:.1f} | {rest_cpu / n * 1000:.1f} |", end="")
    print(f" {rest_cpu / script_cpu:.0%} |")


if __name__ == "__main__":
    main()
