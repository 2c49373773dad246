"""What the dashboard's decision tools cost when a founder asks for them (shipped snapshot, first-visit scenario).

    python benchmarks/bench_decide_ui.py

Prints medians; not a test.  Each figure is the work behind one page action, without Streamlit:
the Robustness page's stability section (intervals + sentences in both languages), the what-if
button (answer + indicator changes + the whole slider points confirmed by full re-scores), the plan
robustness beside the plan (the Robustness page's default 2,000 draws), and the two-scenario view
(two scorings + comparison + frames).  Other work on the machine moves them by up to 2×.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time  # noqa: E402

from xbmarkets import scenario as sc  # noqa: E402
from xbmarkets.catalog import PILLARS  # noqa: E402
from xbmarkets.compare import compare_scenarios  # noqa: E402
from xbmarkets.matrix import build_matrix  # noqa: E402
from xbmarkets.plan_robustness import PlanSettings, plan_robustness  # noqa: E402
from xbmarkets.scoring import score  # noqa: E402
from xbmarkets.snapshot import load_snapshot  # noqa: E402
from xbmarkets.stability import stability_intervals  # noqa: E402
from xbmarkets.tiers import assign_tiers  # noqa: E402
from xbmarkets.ui import reasons, views  # noqa: E402
from xbmarkets.weights import PRESETS  # noqa: E402
from xbmarkets.whatif import what_if  # noqa: E402


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.0f} ms"


def main() -> None:
    dm = build_matrix(load_snapshot())
    base = {p: float(v) for p, v in sc.pillar_weights(sc.defaults(sc.choices_for(dm)), PILLARS).items()}
    result = score(dm, base)
    names = dict(result.table["name"])

    def stability_section() -> None:
        for k in (1, 5):
            stab = stability_intervals(result, k, dm)
            for lang in ("en", "zh"):
                reasons.stability_sentences(stab.table, stab.top, names, lang)

    print("stability section (k = 1 and 5, both languages):", _ms(median_time(stability_section, repeats=5)))

    for code in ("CAN", "GBR", "UZB"):

        def button(code: str = code) -> None:
            wi = what_if(result, code, 3, dm)
            needed = dict(zip(wi.weights["pillar"], wi.weights["weight_needed"], strict=True))
            for points in views.weight_points(result, code, 3, needed, base)[:6]:
                if int(score(dm, {**base, **points}).table.at[code, "rank"]) <= 3:
                    break
            reasons.whatif_text(wi, names, "zh")

        print(f"what-if button, {code} to the top 3 (answer, indicators, whole points):", _ms(median_time(button, 3)))

    tiers = assign_tiers(dm).table
    print(
        "plan robustness, 2,000 draws:",
        _ms(median_time(lambda: plan_robustness(result, tiers, dm.economies, PlanSettings(), draws=2000), 5)),
    )

    def two_scenarios() -> None:
        b = score(dm, sc.scale_weights(PRESETS["growth_hunter"].pillar_weights, PILLARS))
        comp = compare_scenarios(score(dm, base), b, names=("A", "B"))
        views.slope_frame(comp, names, ("A", "B"), "en")
        views.scenario_ranks_frame(comp, names, "en")

    print("two scenarios (two scorings + comparison + frames):", _ms(median_time(two_scenarios, 5)))


if __name__ == "__main__":
    main()
