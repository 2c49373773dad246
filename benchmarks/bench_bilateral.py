"""Bilateral build on the real raw files: prints timings and coverage. Not a test; run by hand:

    python benchmarks/bench_bilateral.py [path/to/raw]

Times `build_bilateral` (median of repeats, fresh resolver each time so the
country-name matching is paid every run, as in a real build) and prints how
many economies and pairs each column covers and what the resolver could not
place.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time  # noqa: E402

from xbmarkets.bilateral import build_bilateral  # noqa: E402
from xbmarkets.build import BuildReport, _load_reference, _Resolver  # noqa: E402

SOURCES = ("cepii_geodist", "cldr48", "wto_rta", "marketplace_apis")


def main(raw: Path) -> None:
    ref = _load_reference(raw)
    economies = ref.economies.set_index("iso3")

    def run(as_of: int | None = None):
        report = BuildReport(out_dir="-")
        return build_bilateral(raw, economies, _Resolver(ref, report).resolve, as_of), report

    for as_of in (None, 2019):
        seconds = median_time(lambda a=as_of: run(a), repeats=3)
        print(f"build_bilateral(as_of={as_of}): {seconds:.2f} s (median of 3)")
    built, report = run()
    pairs = built.pairs
    print(f"economies: {len(economies)}; ordered pairs: {len(pairs)}")
    for column in ("distance_km", "border", "common_language", "tz_gap_hours", "agreement_year"):
        covered = pairs[pairs[column].notna()]
        print(f"  {column}: {len(covered)} pairs, {covered['origin'].nunique()} origin economies")
    print(
        f"  trade_agreement = 1: {int(pairs['trade_agreement'].sum())} pairs; languages named: "
        f"{int((pairs['languages'] != '').sum())} pairs"
    )
    reach = built.reach
    for indicator in ("english_speakers", "marketplaces"):
        rows = reach[reach["indicator"] == indicator]
        print(f"  {indicator}: {len(rows)} economies; values {rows['value'].min()}..{rows['value'].max()}")
    print(f"  capitals with a zone: {int((built.capitals['tz'] != '').sum())}; agreements on {built.rta_date}")
    for source in SOURCES:
        for title, table in (("unmatched", report.unmatched), ("not economies", report.not_economies)):
            if table.get(source):
                print(f"{title} [{source}]: {'; '.join(table[source])}")
        if report.remapped.get(source):
            print(f"remapped [{source}]: {report.remapped[source]}")
    for source, notes in built.notes.items():
        for note in notes:
            print(f"note [{source}]: {note}")


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "raw"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
