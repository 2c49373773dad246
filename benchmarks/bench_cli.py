"""`xbmarkets rank` wall time, and where its start-up goes. Not a test; run by hand:

    python benchmarks/bench_cli.py            # 5 runs of each command, then one -X importtime
    python benchmarks/bench_cli.py --runs 9

A founder runs the CLI as a fresh process, so this times what they wait for:
a subprocess from spawn to exit (median of a few runs), next to two floors
measured in the same run -- a bare interpreter and `import pandas` -- so the
figure can be read on a busy machine.  CPU time (user + sys of the child) is
printed too: unlike wall time it barely moves when other work shares the
cores.  Then one `python -X importtime` run shows which packages the start-up
spends its time importing (self time summed per top-level package).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "python -c 'import pandas'": ["-c", "import pandas"],
    "python -m xbmarkets rank": ["-m", "xbmarkets", "rank"],
}
TIMEOUT_S = 120  # one run; a hung child fails the benchmark instead of hanging it


def python() -> str:
    """The repo's .venv interpreter when there is one (a fresh clone set up per the README), else ours."""
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def timed_run(args: list[str]) -> tuple[float, float]:
    """(wall s, child CPU s) of one run; stdout discarded, a failure raised with its stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [python(), *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=TIMEOUT_S
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{args} exited {done.returncode}: {done.stderr.decode(errors='replace')[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def import_times(args: list[str]) -> tuple[dict[str, int], int]:
    """Self import time (µs) summed per top-level package, and the total, from one `-X importtime` run."""
    done = subprocess.run(
        [python(), "-X", "importtime", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=TIMEOUT_S,
        text=True,
    )
    per: dict[str, int] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = line.removeprefix("import time:").split("|", 2)
        top = name.strip().split(".")[0]
        per[top] = per.get(top, 0) + int(self_us)
    return per, sum(per.values())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per command (median reported)")
    ap.add_argument("--top", type=int, default=12, help="packages listed in the import breakdown")
    args = ap.parse_args(argv)
    if not 1 <= args.runs <= 50:
        ap.error("--runs: between 1 and 50")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs; {python()}")
    timed_run(COMMANDS["python -m xbmarkets rank"])  # one untimed run: the page cache holds the files after it
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):  # interleaved, so a burst of load hits every command alike
        for name, cmd in COMMANDS.items():
            results[name].append(timed_run(cmd))
    print()
    print("| command | wall median (min–max) | CPU median |")
    print("|---|---|---|")
    for name, runs in results.items():
        walls = [w for w, _ in runs]
        cpus = [c for _, c in runs]
        print(
            f"| {name} | {statistics.median(walls):.2f} s ({min(walls):.2f}–{max(walls):.2f}) "
            f"| {statistics.median(cpus):.2f} s |"
        )

    per, total = import_times(COMMANDS["python -m xbmarkets rank"])
    print()
    print(f"Imports of `python -m xbmarkets rank` (one -X importtime run): {total / 1e6:.2f} s in all")
    print()
    print("| package | self import time | share |")
    print("|---|---|---|")
    for name, us in sorted(per.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"| {name} | {us / 1000:.0f} ms | {us / total:.0%} |")


if __name__ == "__main__":
    main()
