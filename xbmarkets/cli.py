"""Command line: argument parsing only; every answer comes from the same functions the pages call.

Errors are one line on stderr and a non-zero exit code, never a traceback, and
an existing `--out` file is only ever replaced by a complete, successful result.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

import pandas as pd

__all__ = ["main", "build_parser"]


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


# --------------------------------------------------------------------------- helpers


def _emit(df: pd.DataFrame, out: str | None, meta: dict[str, str] | None = None) -> None:
    from .export import to_csv_bytes, write_csv_atomic

    if out:
        write_csv_atomic(out, df, meta)
    else:
        data = to_csv_bytes(df, meta)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _load(args: argparse.Namespace):
    """Snapshot + optional founder data → decision matrix."""
    from .matrix import build_matrix
    from .snapshot import load_snapshot

    snapshot = load_snapshot(Path(args.data_dir)) if args.data_dir else load_snapshot()
    custom = None
    if getattr(args, "data", None):
        from .custom import load_custom

        path = Path(args.data)
        if not path.is_file():
            raise CliError(f"--data: no such file: {path}")
        directions = _parse_directions(getattr(args, "custom_direction", None))
        custom = load_custom(path, directions=directions)
        for warning in custom.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    overrides = _parse_directions(getattr(args, "flip", None), flip=True)
    dm = build_matrix(snapshot, custom=custom)
    if overrides:
        flips = {}
        for key in overrides:
            if key not in dm.criteria.index:
                raise CliError(f"--flip: unknown indicator {key!r} (see `python -m xbmarkets indicators`)")
            flips[key] = -int(dm.criteria.loc[key, "direction"])
        dm = dm.with_directions(flips)
    return snapshot, dm


def _parse_directions(text: str | None, flip: bool = False) -> dict[str, int] | None:
    if not text:
        return None
    out: dict[str, int] = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if flip:
            out[part] = -1
            continue
        if "=" not in part:
            raise CliError(f"--custom-direction: expected column=+1 or column=-1, got {part!r}")
        key, _, value = part.partition("=")
        value = value.strip()
        if value in ("+1", "1", "higher", "higher_is_better"):
            out[key.strip()] = 1
        elif value in ("-1", "lower", "lower_is_better"):
            out[key.strip()] = -1
        else:
            raise CliError(f"--custom-direction: direction for {key.strip()!r} must be +1 or -1, got {value!r}")
    return out


def _weights(args: argparse.Namespace, dm) -> dict[str, float]:
    """Preset, then profile, then explicit --weights on top."""
    from .weights import PRESETS, PROFILES, apply_profile, parse_weights

    if args.preset not in PRESETS:
        raise CliError(f"unknown preset {args.preset!r}; choose one of: {', '.join(PRESETS)}")
    weights = dict(PRESETS[args.preset].pillar_weights)
    if args.profile:
        if args.profile not in PROFILES:
            raise CliError(f"unknown profile {args.profile!r}; choose one of: {', '.join(PROFILES)}")
        weights = apply_profile(weights, args.profile)
    if args.weights:
        weights.update(parse_weights(args.weights))
    if "custom" in set(dm.pillars) and "custom" not in weights:
        weights["custom"] = 1.0
    return weights


def _score(args: argparse.Namespace):
    from .scoring import score

    snapshot, dm = _load(args)
    weights = _weights(args, dm)
    result = score(
        dm,
        weights,
        method=args.method,
        coverage_threshold=args.min_coverage,
    )
    return snapshot, dm, weights, result


def _meta(snapshot, result, extra: dict[str, str] | None = None) -> dict[str, str]:
    weights = ", ".join(f"{k}={v:.3f}" for k, v in result.pillar_weights.items() if v > 0)
    meta = {
        "generated_by": "xbmarkets",
        "method": str(result.method),
        "pillar_weights": weights,
        "coverage_threshold": f"{result.coverage_threshold:g}",
        "data_editions": "; ".join(
            f"{row.publisher} {row.dataset} ({row.edition})" for row in snapshot.sources.itertuples()
        ),
    }
    if extra:
        meta.update(extra)
    return meta


# --------------------------------------------------------------------------- commands


def cmd_build_data(args: argparse.Namespace) -> int:
    from .build import build

    report = build(Path(args.raw), Path(args.out))
    print(report.summary() if hasattr(report, "summary") else str(report), file=sys.stderr)
    return 0


def cmd_refresh_data(args: argparse.Namespace) -> int:
    from .refresh import refresh

    kwargs = {"timeout": args.timeout}
    if args.base_url:
        kwargs["base_url"] = args.base_url
    report = refresh(Path(args.data_dir) if args.data_dir else _default_data_dir(), **kwargs)
    print(report.summary() if hasattr(report, "summary") else str(report), file=sys.stderr)
    return 0


def _default_data_dir() -> Path:
    from .snapshot import DEFAULT_DATA_DIR

    return Path(DEFAULT_DATA_DIR)


def cmd_indicators(args: argparse.Namespace) -> int:
    from .coverage import indicator_summary
    from .snapshot import load_snapshot

    snapshot = load_snapshot(Path(args.data_dir)) if args.data_dir else load_snapshot()
    _emit(indicator_summary(snapshot).reset_index(), args.out)
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from .coverage import economy_coverage
    from .snapshot import load_snapshot

    snapshot = load_snapshot(Path(args.data_dir)) if args.data_dir else load_snapshot()
    _emit(economy_coverage(snapshot).reset_index(), args.out)
    return 0


def _rank_frame(dm, result, detail: bool) -> pd.DataFrame:
    from .tiers import assign_tiers

    tiers = assign_tiers(dm)
    table = result.table.copy()
    table.insert(0, "iso3", table.index)
    table["country"] = dm.economies.loc[table.index, "name"].to_numpy()
    table["tier"] = tiers.table["tier"].reindex(table.index).to_numpy()
    first = ["rank", "iso3", "country", "score", "tier", "coverage"]
    rest = [c for c in table.columns if c not in first and c != "name"]
    frame = table[first + rest]
    if detail:
        values = dm.values.loc[table.index]
        years = dm.years.loc[table.index]
        for col in values.columns:
            frame[col] = values[col].to_numpy()
            frame[f"{col}_year"] = years[col].to_numpy()
    return frame.reset_index(drop=True)


def cmd_rank(args: argparse.Namespace) -> int:
    snapshot, dm, _weights_used, result = _score(args)
    _emit(_rank_frame(dm, result, args.detail), args.out, _meta(snapshot, result))
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    from .plan import entry_plan
    from .tiers import assign_tiers

    snapshot, dm, _weights_used, result = _score(args)
    tiers = assign_tiers(dm)
    sizes = _wave_sizes(args.waves, args.wave_size)
    plan = entry_plan(
        result.table,
        tiers.table,
        dm.economies,
        wave_sizes=sizes,
        exclude=_codes(args.exclude),
        must_include=_codes(args.include),
        start_tier=args.start_tier,
        max_per_region=args.max_per_region,
        expand_near=args.expand_near,
    )
    _emit(plan, args.out, _meta(snapshot, result, {"wave_sizes": ",".join(map(str, sizes))}))
    return 0


def _wave_sizes(waves: int, size: int) -> tuple[int, ...]:
    if waves < 1 or waves > 10:
        raise CliError(f"--waves must be between 1 and 10, got {waves}")
    if size < 1 or size > 5:
        raise CliError(f"--wave-size must be between 1 and 5, got {size}")
    return (1,) + (size,) * (waves - 1)


def _codes(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(part.strip().upper() for part in text.split(",") if part.strip())


def cmd_robustness(args: argparse.Namespace) -> int:
    from .robustness import rank_acceptability, stability_verdict

    snapshot, dm, _weights_used, result = _score(args)
    pillars = [p for p, w in result.pillar_weights.items() if w > 0]
    matrix = result.table[pillars]
    acc = rank_acceptability(
        matrix,
        {p: result.pillar_weights[p] for p in pillars},
        {p: 1 for p in pillars},
        method=args.method,
        draws=args.draws,
        concentration=args.concentration,
        top_k=args.top_k,
        seed=args.seed,
    )
    verdict = stability_verdict(acc, args.top_k)
    print(verdict.message, file=sys.stderr)
    frame = acc.copy()
    frame.insert(0, "iso3", frame.index)
    frame.insert(1, "country", dm.economies.loc[frame.index, "name"].to_numpy())
    frame.insert(2, "rank", result.table.loc[frame.index, "rank"].to_numpy())
    frame = frame.sort_values(["rank", "iso3"]).reset_index(drop=True)
    extra = {
        "draws": str(args.draws),
        "concentration": "uniform" if args.concentration is None else f"{args.concentration:g}",
        "top_k": str(args.top_k),
        "seed": str(args.seed),
        "verdict": verdict.message,
    }
    _emit(frame, args.out, _meta(snapshot, result, extra))
    return 0


def cmd_presets(args: argparse.Namespace) -> int:
    from .weights import PRESETS, PROFILES

    rows = []
    for name, preset in PRESETS.items():
        rows.append({"kind": "preset", "name": name, **preset.pillar_weights, "reason": preset.reason})
    for name, profile in PROFILES.items():
        factors = getattr(profile, "pillar_weights", None) or getattr(profile, "factors", {})
        rows.append({"kind": "profile", "name": name, **factors, "reason": profile.reason})
    _emit(pd.DataFrame(rows), args.out)
    return 0


def cmd_tiers(args: argparse.Namespace) -> int:
    from .tiers import assign_tiers

    snapshot, dm = _load(args)
    tiers = assign_tiers(dm, k=args.k, seed=args.seed)
    frame = tiers.table.copy()
    frame.insert(0, "iso3", frame.index)
    frame.insert(1, "country", dm.economies.loc[frame.index, "name"].to_numpy())
    _emit(frame.reset_index(drop=True), args.out, {"k": str(args.k), "seed": str(args.seed)})
    return 0


# --------------------------------------------------------------------------- parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive finite number, got {text}")
    return value


def _add_scoring_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--preset", default="balanced", help="weight preset (see `presets`)")
    p.add_argument("--profile", default=None, help="product profile that shifts the preset")
    p.add_argument("--weights", default=None, help="pillar weights, e.g. growth=2,logistics=1")
    p.add_argument("--method", choices=["wsm", "topsis"], default="wsm")
    p.add_argument("--min-coverage", type=_fraction, default=0.5, help="coverage threshold 0..1 (default 0.5)")
    p.add_argument("--data", default=None, help="a founder's own CSV (custom pillar)")
    p.add_argument("--custom-direction", default=None, help="directions of custom columns, e.g. cost=-1")
    p.add_argument("--flip", default=None, help="indicator ids whose direction to flip, comma-separated")
    p.add_argument("--out", default=None, help="write CSV here (default: stdout)")


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() keeps the one-line error rule."""

    def error(self, message: str):  # type: ignore[override]
        raise CliError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m xbmarkets", description="Market selection for cross-border sellers.")
    parser.add_argument("--data-dir", default=None, help="snapshot folder (default: the shipped data/)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("build-data", help="rebuild data/ from the raw official files")
    p.add_argument("--raw", required=True)
    p.add_argument("--out", default="data")
    p.set_defaults(func=cmd_build_data)

    p = sub.add_parser("refresh-data", help="update World Bank indicators from the World Bank API")
    p.add_argument("--base-url", default=None, help=argparse.SUPPRESS)
    p.add_argument("--timeout", type=_positive_float, default=30.0)
    p.set_defaults(func=cmd_refresh_data)

    p = sub.add_parser("indicators", help="the indicator catalog with coverage")
    p.add_argument("--out", default=None)
    p.set_defaults(func=cmd_indicators)

    p = sub.add_parser("coverage", help="per-economy indicator coverage by pillar")
    p.add_argument("--out", default=None)
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("rank", help="rank markets")
    _add_scoring_options(p)
    p.add_argument("--detail", action="store_true", help="add every indicator value and year used")
    p.set_defaults(func=cmd_rank)

    p = sub.add_parser("plan", help="tiered entry plan: one core market, then waves")
    _add_scoring_options(p)
    p.add_argument("--waves", type=int, default=3)
    p.add_argument("--wave-size", type=int, default=3, help="markets per later wave (2-3 advised)")
    p.add_argument("--exclude", default=None, help="ISO3 codes to leave out")
    p.add_argument("--include", default=None, help="ISO3 codes that must be in the plan")
    p.add_argument("--start-tier", choices=["mature", "growth", "emerging"], default=None)
    p.add_argument("--max-per-region", type=_positive_int, default=None)
    p.add_argument("--expand-near", action="store_true", help="later waves prefer the same region/income group")
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("robustness", help="how much the ranking depends on the weights")
    _add_scoring_options(p)
    p.add_argument("--draws", type=_positive_int, default=10_000)
    p.add_argument("--top-k", type=_positive_int, default=5)
    p.add_argument("--concentration", type=_positive_float, default=None,
                   help="how sure you are of your weights (none = no preference)")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=cmd_robustness)

    p = sub.add_parser("tiers", help="mature / growth / emerging tiers with reasons")
    p.add_argument("--k", type=_positive_int, default=3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", default=None, help=argparse.SUPPRESS)
    p.add_argument("--out", default=None)
    p.set_defaults(func=cmd_tiers)

    p = sub.add_parser("presets", help="weight presets and product profiles")
    p.add_argument("--out", default=None)
    p.set_defaults(func=cmd_presets)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "command", None):
            parser.print_help(sys.stderr)
            return 2
        func: Callable[[argparse.Namespace], int] = args.func
        return func(args)
    except CliError as exc:
        return _fail(str(exc), 2)
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as exc:  # noqa: BLE001 - the one-line rule: no traceback reaches the user
        return _fail(_describe(exc), 1)


def _describe(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    known = ("CustomDataError", "RefreshError", "BuildError", "SnapshotError", "ValueError")
    if exc.__class__.__name__ in known:
        return text
    return f"{exc.__class__.__name__}: {text}"


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code
