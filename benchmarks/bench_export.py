"""Export benchmark on the shipped snapshot: prints medians. Not a test; run by hand:

    python benchmarks/bench_export.py

What a founder waits for when downloading: the ranking table (and the
`--detail` one, every indicator value and year) as CSV and as an Excel
workbook.  The dashboard builds the CSV on every rerun but the workbook only
when its button is clicked (a deferred download), because openpyxl is the
slower of the two.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time  # noqa: E402

from xbmarkets.export import to_csv_bytes, to_xlsx_bytes
from xbmarkets.matrix import build_matrix
from xbmarkets.report import ranking_table, scenario_meta
from xbmarkets.scoring import score
from xbmarkets.snapshot import load_snapshot
from xbmarkets.weights import PRESETS


def main() -> None:
    snapshot = load_snapshot()
    dm = build_matrix(snapshot)
    result = score(dm, PRESETS["balanced"].pillar_weights)
    meta = scenario_meta(result, snapshot.sources)
    for detail in (False, True):
        frame = ranking_table(result, dm, detail=detail)
        what = f"ranking{' --detail' if detail else ''} ({frame.shape[0]} x {frame.shape[1]})"
        csv = median_time(lambda f=frame: to_csv_bytes(f, meta))
        xlsx = median_time(lambda f=frame: to_xlsx_bytes(f, meta), repeats=5)
        sizes = f"{len(to_csv_bytes(frame, meta)) / 1e3:.0f} kB / {len(to_xlsx_bytes(frame, meta)) / 1e3:.0f} kB"
        print(f"{what:28s}: CSV {csv * 1e3:6.1f} ms | xlsx {xlsx * 1e3:7.1f} ms | sizes CSV / xlsx {sizes}")


if __name__ == "__main__":
    main()
