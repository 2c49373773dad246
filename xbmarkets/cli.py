"""Command line: argument parsing only; every answer comes from the same functions the pages call.

Errors are one line on stderr (``error: …``) and a non-zero exit code, never a
traceback, and an existing ``--out`` file is only ever replaced by a complete,
successful result (it is written atomically, after every computation is done).
Everything a user can get wrong cheaply (names, weights, the ``--out`` folder)
is checked before the snapshot is loaded, so mistakes fail fast.  Notes and
warnings for a *successful* run go to stderr after the result is written, so a
failing run prints exactly one line.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .vocab import MAX_WAVE_SIZE, MAX_WAVES, METHOD_NAMES, REWEIGH_METHODS, TIERS, UNCLASSIFIED

__all__ = ["CliError", "build_parser", "main"]

# what the user typed: the installed console script, or the module form
PROG = "xbmarkets" if Path(sys.argv[0]).name == "xbmarkets" else "python -m xbmarkets"
METHODS = METHOD_NAMES
ROBUST_METHODS = REWEIGH_METHODS  # SMAA draws, stability and what-if are implemented for these two
DEFAULT_PRESET = "balanced"


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


@dataclass
class _Run:
    """What one command produced besides its CSV: lines for stderr after success."""

    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- input checks


def _check_out(args: argparse.Namespace) -> None:
    """Refuse an --out we could not or should not write *before* computing anything.

    `write_atomic` would create missing parent folders; for a user-typed path a
    missing folder is far more often a typo than a wish, so it is an error here.
    Writing over the founder's own --data file or over a snapshot file would
    destroy an input, so those are refused too.
    """
    out = getattr(args, "out", None)
    if not out:
        return
    path = Path(out)
    if path.is_dir():
        raise CliError(f"--out {out}: is a folder; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise CliError(f"--out {out}: folder {parent} does not exist")
    target = path.resolve()
    data = getattr(args, "data", None)
    if data and Path(data).resolve() == target:
        raise CliError(f"--out {out}: is the --data input file; choose another name")
    if target.parent == _data_dir(args).resolve():
        raise CliError(f"--out {out}: is inside the snapshot folder; choose another folder")


def _codes(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(dict.fromkeys(part.strip().upper() for part in text.split(",") if part.strip()))


def _parse_directions(text: str | None) -> dict[str, int] | None:
    """--custom-direction "cost=-1,reach=+1" → {column: ±1}."""
    if not text:
        return None
    out: dict[str, int] = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.rpartition("=")
        key, value = key.strip(), value.strip().lower()
        if not sep or not key:
            raise CliError(f"--custom-direction: expected column=+1 or column=-1, got {part!r}")
        if value in ("+1", "1", "higher", "higher_is_better"):
            out[key] = 1
        elif value in ("-1", "lower", "lower_is_better"):
            out[key] = -1
        else:
            raise CliError(f"--custom-direction: direction for {key!r} must be +1 or -1, got {value!r}")
    return out


def _base_weights(args: argparse.Namespace) -> dict[str, float]:
    """Preset or explicit --weights (not both); pillars a user does not name get 0.

    An explicit --weights replaces the preset rather than patching it: "weights
    only on logistics" must mean exactly that.
    """
    from .catalog import ALL_PILLARS
    from .weights import PRESETS, PROFILES, parse_weights

    if args.profile is not None and args.profile not in PROFILES:
        raise CliError(f"unknown profile {args.profile!r}; choose one of: {', '.join(PROFILES)}")
    if args.weights is not None:
        if args.preset is not None:
            raise CliError("give either --preset or --weights, not both")
        try:
            return parse_weights(args.weights, allowed=ALL_PILLARS)
        except ValueError as exc:
            raise CliError(f"--weights: {exc}") from None
    name = args.preset or DEFAULT_PRESET
    if name not in PRESETS:
        raise CliError(f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}")
    return dict(PRESETS[name].pillar_weights)


def _final_weights(
    args: argparse.Namespace, base: dict[str, float], has_custom: bool, present: frozenset[str] | None = None
) -> dict[str, float]:
    """Add the custom pillar (if any), then apply the product profile.

    A founder's own columns count as much as an average weighted pillar unless
    `custom=` is given; setting `custom=0` switches them off.  The profile is
    applied last and leaves `custom` unchanged (factor 1).  A preset's pillar the
    data has no indicator for (e.g. `fit` in an older snapshot) is left out;
    naming such a pillar in --weights is still an error.
    """
    from .report import default_custom_weight
    from .weights import apply_profile

    weights = dict(base)
    if present is not None and args.weights is None:
        weights = {p: w for p, w in weights.items() if p in present or p == "custom"}
    if weights.get("custom", 0) > 0 and not has_custom:
        raise CliError("the custom pillar has a weight but no --data file was given")
    if has_custom and "custom" not in weights:
        weights["custom"] = default_custom_weight(weights)
    if not has_custom:
        weights.pop("custom", None)
    if args.profile:
        weights = apply_profile(weights, args.profile)
    return weights


# --------------------------------------------------------------------------- loading


def _data_dir(args: argparse.Namespace) -> Path:
    from .snapshot import DEFAULT_DATA_DIR

    return Path(args.data_dir) if getattr(args, "data_dir", None) else Path(DEFAULT_DATA_DIR)


def _read_snapshot(data_dir: Path, bilateral: bool = True):
    """One place that reads data/ (tests may substitute an already loaded snapshot).

    `bilateral=False` when no origin is asked for: the pairs table is a third
    of the load time and only an origin uses it."""
    from .snapshot import load_snapshot

    return load_snapshot(data_dir, bilateral=bilateral)


def _load(args: argparse.Namespace, run: _Run):
    """Snapshot + optional founder data → decision matrix."""
    from .matrix import build_matrix

    snapshot = _read_snapshot(_data_dir(args), bilateral=getattr(args, "origin", None) is not None)
    origin = _origin(args, snapshot)
    custom = None
    if getattr(args, "data", None):
        from .custom import CustomDataError, load_custom
        from .snapshot import economy_names

        directions = _parse_directions(getattr(args, "custom_direction", None))
        try:
            custom = load_custom(
                Path(args.data),
                directions=directions,
                known_iso3=frozenset(snapshot.economies.index),
                known_names=economy_names(snapshot.economies),
            )
        except CustomDataError as exc:
            raise CliError(f"--data: {exc}") from None
        run.notes.extend(f"warning: --data: {w}" for w in custom.warnings)
    dm = build_matrix(snapshot, custom=custom, origin=origin)
    flips = _codes_raw(getattr(args, "flip", None))
    if flips:
        unknown = [k for k in flips if k not in dm.criteria.index]
        if unknown:
            raise CliError(f"--flip: unknown indicator {unknown[0]!r} (see `{PROG} indicators`)")
        dm = dm.with_directions({k: -int(dm.directions.loc[k]) for k in flips})
    return snapshot, dm


def _origin(args: argparse.Namespace, snapshot) -> str | None:
    """--origin as an ISO3 code of the snapshot (ISO2 and names accepted), or None for the generic view."""
    text = getattr(args, "origin", None)
    if text is None:
        return None
    from .origin import resolve_origin

    try:
        origin = resolve_origin(text, snapshot.economies)
    except ValueError as exc:
        raise CliError(f"--origin: {exc}") from None
    if snapshot.bilateral.empty:
        raise CliError(f"--origin: this snapshot has no bilateral data; rebuild it with `{PROG} build-data`")
    return origin


def _codes_raw(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def _score(args: argparse.Namespace, run: _Run):
    from .scoring import score

    base = _base_weights(args)
    if args.custom_direction and not args.data:
        raise CliError("--custom-direction needs a --data file")
    _parse_directions(args.custom_direction)  # fail before loading anything
    _check_out(args)
    snapshot, dm = _load(args, run)
    weights = _final_weights(args, base, "custom" in set(dm.pillars), frozenset(dm.pillars))
    result = score(dm, weights, method=args.method, coverage_threshold=args.min_coverage)
    run.notes.extend(f"warning: {w}" for w in result.warnings)
    if len(result.excluded):
        run.notes.append(
            f"note: {len(result.table)} economies ranked; {len(result.excluded)} left out for missing "
            f"data (coverage below {result.coverage_threshold:.0%} or no data in a weighted pillar)"
        )
    return snapshot, dm, result


def _tiers(dm, run: _Run, args: argparse.Namespace, k: int = 3, seed: int = 0):
    """Tiers for the ranking; a matrix too small to cluster gives 'unclassified', with a note.

    The data folder's stored k-means fit is used when it matches exactly
    (`xbmarkets.fits`), so ranking does not import scikit-learn."""
    from .fits import load_fits
    from .tiers import assign_tiers

    try:
        return assign_tiers(dm, k=k, seed=seed, known=load_fits(_data_dir(args))).table
    except ValueError as exc:
        run.notes.append(f"note: tiers not computed: {exc}")
        return pd.DataFrame({"tier": UNCLASSIFIED}, index=dm.values.index)


def _editions(snapshot) -> str:
    from .report import data_editions

    return data_editions(snapshot.sources)


def _meta(args: argparse.Namespace, snapshot, dm, result, extra: dict[str, str] | None = None) -> dict[str, str]:
    from .report import scenario_meta, snapshot_about, sources_in_use

    settings = {
        "command": args.command,
        "weights_from": f"--weights {args.weights}" if args.weights else f"preset {args.preset or DEFAULT_PRESET}",
        "profile": args.profile or "none",
        "origin": _origin_label(dm),
    }
    if getattr(args, "data", None):
        settings["custom_data"] = Path(args.data).name
    settings.update(snapshot_about(snapshot))
    settings.update(extra or {})
    return scenario_meta(result, snapshot.sources, sources_in_use(result, dm), settings)


def _fit_notes(dm, codes) -> dict[str, str]:
    """iso3 -> the fit sentence from the seller's origin (empty without an origin)."""
    from .origin import fit_facts

    if dm.origin is None:
        return {}
    origin_name = str(dm.economies.at[dm.origin, "name"])
    notes = {}
    for code in codes:
        facts = fit_facts(dm.context, code)
        if facts is not None and facts.sentence(origin_name):
            notes[code] = facts.sentence(origin_name)
    return notes


def _origin_label(dm) -> str:
    """'CHN (China)' for CSV headers, 'none' in the generic view."""
    if dm.origin is None:
        return "none (generic view, no seller origin)"
    return f"{dm.origin} ({dm.economies.at[dm.origin, 'name']})"


# --------------------------------------------------------------------------- output


def _emit(df: pd.DataFrame, out: str | None, meta: dict[str, str] | None = None) -> None:
    """The table to stdout as CSV, or to --out: a workbook (table + About sheet) for .xlsx, else CSV."""
    from .export import to_csv_bytes, write_table_atomic

    if out:
        try:
            write_table_atomic(out, df, meta, sheet=(meta or {}).get("command", "table"))
        except OSError as exc:
            raise CliError(f"--out {out}: cannot write ({exc.strerror or exc})") from None
    else:
        sys.stdout.buffer.write(to_csv_bytes(df, meta))
        sys.stdout.flush()


# --------------------------------------------------------------------------- commands


def cmd_build_data(args: argparse.Namespace, run: _Run) -> int:
    from .build import build

    report = build(Path(args.raw), Path(args.out), as_of=args.as_of)
    run.notes.append(report.summary())
    _store_fits(Path(args.out))
    return 0


def _store_fits(folder: Path) -> None:
    """Store the default k-means fit of the fresh snapshot beside it (`xbmarkets.fits`: start-up speed only)."""
    from .fits import write_fits
    from .matrix import build_matrix

    write_fits(folder, build_matrix(_read_snapshot(folder)))


def cmd_refresh_data(args: argparse.Namespace, run: _Run) -> int:
    from .refresh import refresh

    if args.base_url:
        report = refresh(_data_dir(args), base_url=args.base_url, timeout=args.timeout)
    else:
        report = refresh(_data_dir(args), timeout=args.timeout)
    run.notes.append(report.summary())
    _store_fits(_data_dir(args))
    return 0


def cmd_indicators(args: argparse.Namespace, run: _Run) -> int:
    from .coverage import indicator_summary

    _check_out(args)
    from .report import snapshot_about

    snapshot = _read_snapshot(_data_dir(args))
    frame = indicator_summary(snapshot).reset_index()
    about = snapshot_about(snapshot)
    meta = {"generated_by": "xbmarkets", "command": "indicators", **about, "data_editions": _editions(snapshot)}
    _emit(frame, args.out, meta)
    if about:
        run.notes.append(f"note: snapshot as of {snapshot.as_of}; left out: {about['left_out']}")
    return 0


def cmd_coverage(args: argparse.Namespace, run: _Run) -> int:
    from .coverage import economy_coverage

    _check_out(args)
    snapshot = _read_snapshot(_data_dir(args))
    frame = economy_coverage(snapshot).reset_index()
    _emit(
        frame,
        args.out,
        {
            "generated_by": "xbmarkets",
            "command": "coverage",
            "n_indicators_in_catalog": str(len(snapshot.catalog)),
            "data_editions": _editions(snapshot),
        },
    )
    return 0


def cmd_rank(args: argparse.Namespace, run: _Run) -> int:
    snapshot, dm, result = _score(args, run)
    from .report import ranking_table

    frame = ranking_table(result, dm, _tiers(dm, run, args)["tier"], args.detail)
    _emit(frame, args.out, _meta(args, snapshot, dm, result))
    return 0


def _wave_sizes(waves: int, size: int) -> tuple[int, ...]:
    from .report import wave_sizes

    try:
        return wave_sizes(waves, size)
    except ValueError as exc:
        raise CliError(f"--waves/--wave-size: {exc}") from None


def _plan_settings(args: argparse.Namespace, dm, sizes: tuple[int, ...]):
    """The plan options as one `PlanSettings`, with unknown ISO3 codes refused by flag."""
    from .plan_robustness import PlanSettings

    known = set(dm.economies.index)
    for flag, codes in (("--exclude", _codes(args.exclude)), ("--include", _codes(args.include))):
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise CliError(f"{flag}: unknown ISO3 code(s): {', '.join(unknown)} (see `{PROG} coverage`)")
    return PlanSettings(
        wave_sizes=sizes,
        exclude=_codes(args.exclude),
        must_include=_codes(args.include),
        start_tier=args.start_tier,
        max_per_region=args.max_per_region,
        expand_near=args.expand_near,
    )


def _plan_meta(args: argparse.Namespace, sizes: tuple[int, ...]) -> dict[str, str]:
    return {
        "wave_sizes": ",".join(map(str, sizes)),
        "excluded_by_user": ",".join(_codes(args.exclude)) or "none",
        "must_include": ",".join(_codes(args.include)) or "none",
    }


def cmd_plan(args: argparse.Namespace, run: _Run) -> int:
    from .plan import PLAN_COLUMNS, entry_plan

    sizes = _wave_sizes(args.waves, args.wave_size)
    snapshot, dm, result = _score(args, run)
    tiers = _tiers(dm, run, args)
    settings = _plan_settings(args, dm, sizes)
    plan = entry_plan(
        result.table, tiers, dm.economies, **settings.kwargs(), fit_notes=_fit_notes(dm, result.table.index)
    )
    run.notes.extend(f"note: {n}" for n in plan.attrs.get("notes", []))
    if dm.origin is not None:
        run.notes.append(f"note: {_origin_label(dm)} is your home market (the origin) and is not planned")
    extra = _plan_meta(args, sizes)
    # The structured reason columns exist for translation; the CSV keeps the readable rationale.
    _emit(plan[list(PLAN_COLUMNS)], args.out, _meta(args, snapshot, dm, result, extra))
    return 0


def cmd_robustness(args: argparse.Namespace, run: _Run) -> int:
    from .report import acceptability_table
    from .robustness import scenario_acceptability, stability_verdict

    snapshot, dm, result = _score(args, run)
    acc = scenario_acceptability(
        result, draws=args.draws, concentration=args.concentration, top_k=args.top_k, seed=args.seed
    )
    names = dm.economies["name"].reindex(acc.index)
    verdict = stability_verdict(acc, args.top_k, names=names.to_dict())
    frame = acceptability_table(acc, result, dm)
    extra = {
        "draws": str(args.draws),
        "weights_drawn": "uniform on the simplex (no preference)"
        if args.concentration is None
        else f"Dirichlet, concentration {args.concentration:g} around the weights",
        "top_k": str(args.top_k),
        "seed": str(args.seed),
        "verdict": f"{verdict.level}: {verdict.message}",
    }
    _emit(frame, args.out, _meta(args, snapshot, dm, result, extra))
    run.notes.append(f"{verdict.level}: {verdict.message}")
    return 0


def _draws_meta(args: argparse.Namespace) -> dict[str, str]:
    return {
        "draws": str(args.draws),
        "weights_drawn": "uniform on the simplex (no preference)"
        if args.concentration is None
        else f"Dirichlet, concentration {args.concentration:g} around the weights",
        "seed": str(args.seed),
    }


def cmd_plan_robustness(args: argparse.Namespace, run: _Run) -> int:
    from .plan_robustness import plan_robustness

    sizes = _wave_sizes(args.waves, args.wave_size)
    snapshot, dm, result = _score(args, run)
    tiers = _tiers(dm, run, args)
    settings = _plan_settings(args, dm, sizes)
    pr = plan_robustness(
        result,
        tiers,
        dm.economies,
        settings,
        draws=args.draws,
        concentration=args.concentration,
        seed=args.seed,
        top_plans=args.top_plans,
    )
    frame = pr.table.reset_index().rename(columns={"name": "country"})
    plans = "; ".join(f"{row.text} ({row.share:.1%})" for row in pr.plans.itertuples())
    extra = {
        **_plan_meta(args, sizes),
        **_draws_meta(args),
        "your_plan": " | ".join(", ".join(w) for w in pr.base_plan if w),
        "your_plan_share": f"{pr.base_share:.4f}",
        "most_frequent_plans": plans,
        "summary": pr.sentence,
    }
    _emit(frame, args.out, _meta(args, snapshot, dm, result, extra))
    if pr.failed:
        run.notes.append(f"note: {pr.failed} draws left a must-include market without a slot (no plan for them)")
    run.notes.append(pr.sentence)
    run.notes.extend(f"  {row.share:6.1%}  {row.text}" for row in pr.plans.itertuples())
    return 0


def cmd_stability(args: argparse.Namespace, run: _Run) -> int:
    from .stability import TOLERANCE, stability_intervals

    snapshot, dm, result = _score(args, run)
    results = [stability_intervals(result, 1, dm)]
    if args.top_k > 1:
        results.append(stability_intervals(result, args.top_k, dm))
    frame = pd.concat([r.table for r in results], ignore_index=True)
    extra = {
        "top_k": str(args.top_k),
        "intervals": "exact (weighted sum: scores are linear in the moving weight)"
        if result.method == "wsm"
        else f"TOPSIS: grid then bisection, ends within {TOLERANCE:g} of a share",
        "moving_weight": "one pillar's share moves, the other pillars keep their ratios (re-scored where the set of "
        "ranked markets changes)",
    }
    _emit(frame, args.out, _meta(args, snapshot, dm, result, extra))
    run.notes.extend(s for r in results for s in r.sentences)
    return 0


def _country(text: str) -> str:
    code = (text or "").strip().upper()
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise CliError(f"--country: expected an ISO3 code such as VNM, got {text!r}")
    return code


def cmd_whatif(args: argparse.Namespace, run: _Run) -> int:
    from .whatif import what_if

    code = _country(args.country)
    snapshot, dm, result = _score(args, run)
    if code not in dm.economies.index:
        raise CliError(f"--country: unknown ISO3 code {code} (see `{PROG} coverage`)")
    from . import export

    wi = what_if(result, code, args.top_k, dm)
    frame = wi.indicators.copy() if args.indicators else wi.weights.copy()
    frame.insert(0, "iso3", wi.iso3)
    frame["rank_now"] = wi.rank_now
    if not args.indicators:
        frame["rank_after"] = pd.array([wi.rank_after] * len(frame), dtype="Int64")
        # a difference of two weight shares is a share too (4 decimals), though it can be negative
        frame.attrs[export.KINDS_ATTR] = {"change": "share"}
    extra = {
        "country": f"{wi.iso3} ({wi.name})",
        "top_k": str(wi.k),
        "status": wi.status,
        "nearest_proven": "yes" if wi.exact else "no (best found by the search)",
        "total_weight_change": "" if wi.distance != wi.distance else f"{wi.distance:.4f}",
        "answer": wi.sentence,
        "one_indicator": wi.indicator_sentence or "n/a",
    }
    _emit(frame, args.out, _meta(args, snapshot, dm, result, extra))
    run.notes.append(wi.sentence)
    if wi.indicator_sentence:
        run.notes.append(wi.indicator_sentence)
    return 0


def _backtest_dir(args: argparse.Namespace) -> None:
    """--data-dir, else the shipped vintage of --as-of; one line when there is none."""
    from .snapshot import vintage_dir

    if getattr(args, "data_dir", None):
        return
    folder = vintage_dir(args.as_of)
    if not folder.is_dir():
        raise CliError(
            f"no vintage snapshot for {args.as_of}: {folder} not found; build it with `{PROG} build-data "
            f"--raw DIR --out {folder} --as-of {args.as_of}` or give --data-dir"
        )
    args.data_dir = str(folder)


def cmd_backtest(args: argparse.Namespace, run: _Run) -> int:
    from .backtest import backtest_meta, run_backtest, summary_lines
    from .outcomes import load_outcomes, outcome_spec
    from .snapshot import DEFAULT_DATA_DIR

    try:
        outcome_spec(args.as_of, args.outcome)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    try:
        outcomes = load_outcomes(Path(args.outcomes) if args.outcomes else Path(DEFAULT_DATA_DIR) / "outcomes.csv")
    except ValueError as exc:
        raise CliError(f"--outcomes: {exc}") from None
    _backtest_dir(args)
    snapshot, dm, result = _score(args, run)
    if snapshot.as_of != args.as_of:
        stands = "the current snapshot" if snapshot.as_of is None else f"a snapshot as of {snapshot.as_of}"
        raise CliError(f"--data-dir {args.data_dir}: is {stands}, not one as of {args.as_of}")
    bt = run_backtest(result, outcomes, args.as_of, args.outcome, draws=args.draws, seed=args.seed)
    _emit(bt.table, args.out, _meta(args, snapshot, dm, result, backtest_meta(bt)))
    run.notes.extend(summary_lines(bt))
    return 0


def _scenario_source(text: str) -> tuple[str, str, bytes | None]:
    """A compare-scenarios argument → (label, preset name or '', file bytes or None); checked before loading data.

    Only the first MAX_JSON_BYTES + 1 bytes of a file are read: `scenario.from_json` refuses anything larger, and a
    mistyped path to a huge file must not be read whole.
    """
    from .scenario import MAX_JSON_BYTES
    from .weights import PRESETS

    if text.startswith("preset:"):
        name = text[len("preset:") :].strip()
        if name not in PRESETS:
            raise CliError(f"{text}: unknown preset {name!r}; choose one of: {', '.join(PRESETS)}")
        return f"preset {name}", name, None
    path = Path(text)
    if path.is_dir():
        raise CliError(f"{text}: is a folder; give a scenario file (JSON) or preset:NAME")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_JSON_BYTES + 1)
    except FileNotFoundError:
        raise CliError(
            f"{text}: no such file (give a scenario file saved from the dashboard, or preset:NAME)"
        ) from None
    except OSError as exc:
        raise CliError(f"{text}: cannot read ({exc.strerror or exc})") from None
    return path.name, "", data


def _file_origin(data: bytes) -> str | None:
    """The seller origin a scenario file names, read before the file is validated (its matrix depends on it)."""
    import json

    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None  # from_json words the problem
    origin = payload.get("origin") if isinstance(payload, dict) else None
    return origin.strip() if isinstance(origin, str) and origin.strip() else None


def _scenario_result(text: str, source: tuple[str, str, bytes | None], snapshot, run: _Run):
    """Score one scenario: a preset with its exact weights (as `rank --preset`), or a file read with the pure
    `scenario` module and scored as the dashboard scores it (its whole slider points, indicator weights, direction
    flips, method, coverage threshold; a seller origin when the file names one)."""
    from . import scenario as sc
    from .catalog import PILLARS
    from .matrix import build_matrix
    from .scoring import score
    from .weights import PRESETS

    _, preset, data = source
    origin = _file_origin(data) if data is not None else None
    try:
        dm = build_matrix(snapshot, origin=origin)
    except ValueError as exc:
        raise CliError(f"{text}: {exc}") from None
    if data is None:  # the preset's own weights, exactly as `rank --preset NAME` uses them
        present = set(dm.pillars)
        return score(dm, {p: w for p, w in PRESETS[preset].pillar_weights.items() if p in present})
    choices = sc.choices_for(dm)
    try:
        scen, problems = sc.from_json(data, choices)
    except ValueError as exc:
        raise CliError(f"{text}: {exc}") from None
    run.notes.extend(f"warning: {text}: {p.key}={p.value!r} ignored ({p.why.replace('_', ' ')})" for p in problems)
    flips = sc.direction_overrides(scen, choices)
    if flips:
        dm = dm.with_directions(flips)
    inputs = sc.score_inputs(scen, PILLARS, dm.criteria.index)
    if inputs is None:
        raise CliError(f"{text}: every pillar weight is zero, so nothing can be ranked")
    pw, iw, method, coverage = inputs[:4]
    iw_map = dict(iw)
    return score(
        dm,
        dict(pw),
        indicator_weights=iw_map if any(v != 1.0 for v in iw_map.values()) else None,
        method=method,
        coverage_threshold=coverage,
    )


def cmd_compare_scenarios(args: argparse.Namespace, run: _Run) -> int:
    from .compare import compare_scenarios
    from .report import comparison_meta, comparison_table

    _check_out(args)
    sources = [_scenario_source(args.a), _scenario_source(args.b)]
    labels = [src[0] for src in sources]
    if labels[0] == labels[1] and args.a != args.b:
        labels = [args.a, args.b]  # two files of the same name in different folders
    snapshot = _read_snapshot(_data_dir(args))
    result_a = _scenario_result(args.a, sources[0], snapshot, run)
    result_b = _scenario_result(args.b, sources[1], snapshot, run)
    comp = compare_scenarios(result_a, result_b, names=(labels[0], labels[1]), top=args.top)
    _emit(comparison_table(comp), args.out, comparison_meta(comp, result_a, result_b, snapshot.sources))
    first_a, first_b = (str(r.table["name"].iloc[0]) for r in (result_a, result_b))
    moved = int((comp.slope["rank_change"].fillna(1) != 0).sum())
    run.notes.append(
        f"first market: {first_a} in A, {first_b} in B; {moved} of the {len(comp.slope)} markets in either top "
        f"{comp.top} change rank; pillars whose weight differs: {', '.join(comp.changed_pillars) or 'none'}"
    )
    return 0


def cmd_presets(args: argparse.Namespace, run: _Run) -> int:
    from .catalog import PILLARS
    from .weights import PRESETS, PROFILES

    _check_out(args)
    rows = []
    for kind, table in (("preset", PRESETS), ("profile", PROFILES)):
        for name, item in table.items():
            rows.append(
                {
                    "kind": kind,
                    "name": name,
                    **{p: float(item.pillar_weights.get(p, 1.0 if kind == "profile" else 0.0)) for p in PILLARS},
                    "reason": item.reason,
                }
            )
    _emit(
        pd.DataFrame(rows),
        args.out,
        {
            "generated_by": "xbmarkets",
            "command": "presets",
            "note": "preset: relative pillar weights (any scale); profile: factors multiplying the weights",
        },
    )
    return 0


def cmd_tiers(args: argparse.Namespace, run: _Run) -> int:
    from .tiers import assign_tiers

    _check_out(args)
    snapshot, dm = _load(args, run)
    from .fits import load_fits

    result = assign_tiers(dm, k=args.k, seed=args.seed, known=load_fits(_data_dir(args)))
    from .report import tiers_table

    frame = tiers_table(result, dm)
    _emit(
        frame,
        args.out,
        {
            "generated_by": "xbmarkets",
            "command": "tiers",
            "origin": _origin_label(dm),
            "k": str(args.k),
            "seed": str(args.seed),
            "rule": result.rule,
            "data_editions": _editions(snapshot),
        },
    )
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


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def _seed(text: str) -> int:
    value = _whole(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _year(text: str) -> int:
    from .catalog_spec import MIN_AS_OF, REFERENCE_YEAR

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a year such as 2021, got {text!r}") from None
    if not MIN_AS_OF <= value <= REFERENCE_YEAR:
        raise argparse.ArgumentTypeError(f"must be a year from {MIN_AS_OF} to {REFERENCE_YEAR}, got {value}")
    return value


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:  # also rejects nan
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive finite number, got {text}")
    return value


OUT_HELP = "write the table here: an Excel workbook if FILE ends in .xlsx, else CSV (default: CSV on stdout)"


def _add_common(p: argparse.ArgumentParser, out_help: str = OUT_HELP) -> None:
    # SUPPRESS: given after the command it overrides the global --data-dir, else leaves it alone
    p.add_argument("--data-dir", default=argparse.SUPPRESS, help="snapshot folder (default: the shipped data/)")
    p.add_argument("--out", default=None, metavar="FILE", help=out_help)


def _add_origin(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--origin",
        default=None,
        help="where you ship from (ISO3, e.g. CHN): your home market is left out and a 'fit' pillar "
        "(distance, shared language, border, trade agreement, time zone) scores each market from there",
    )


def _add_scoring_options(p: argparse.ArgumentParser, methods: Sequence[str] = METHODS) -> None:
    p.add_argument("--preset", default=None, help=f"weight preset (default {DEFAULT_PRESET}; see `presets`)")
    p.add_argument("--profile", default=None, help="product profile that shifts the weights (see `presets`)")
    p.add_argument(
        "--weights",
        default=None,
        help="pillar weights instead of a preset, e.g. growth=2,logistics=1 (unnamed pillars get 0)",
    )
    p.add_argument("--method", choices=list(methods), default="wsm", help="aggregation (default wsm)")
    p.add_argument(
        "--min-coverage",
        type=_fraction,
        default=0.5,
        help="share of indicator weight an economy needs to be ranked, 0..1 (default 0.5)",
    )
    p.add_argument(
        "--data",
        default=None,
        help="your own CSV (country column + numeric columns) as the 'custom' pillar; "
        "weighted like an average pillar unless --weights names custom",
    )
    p.add_argument("--custom-direction", default=None, help="lower-is-better custom columns, e.g. shipping_cost=-1")
    p.add_argument("--flip", default=None, help="indicator ids whose direction to flip, comma-separated")
    _add_origin(p)
    _add_common(p)


def _add_plan_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--waves", type=_whole, default=3, help=f"number of waves, 1..{MAX_WAVES} (default 3)")
    p.add_argument(
        "--wave-size",
        type=_whole,
        default=3,
        help=f"markets per later wave, 1..{MAX_WAVE_SIZE}, 2-3 advised (default 3)",
    )
    p.add_argument("--exclude", default=None, help="ISO3 codes to leave out, e.g. USA,CHN")
    p.add_argument("--include", default=None, help="ISO3 codes that must be in the plan")
    p.add_argument(
        "--start-tier",
        choices=list(TIERS),
        default=None,
        help="tier the core market must come from",
    )
    p.add_argument("--max-per-region", type=_positive_int, default=None, help="cap per World Bank region per wave")
    p.add_argument(
        "--expand-near", action="store_true", help="later waves prefer the region / income group of earlier markets"
    )


def _add_draw_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--draws", type=_positive_int, default=10_000, help="weightings drawn (default 10000)")
    p.add_argument(
        "--concentration",
        type=_positive_float,
        default=None,
        help="how sure you are of your weights (larger = closer to them; default: no preference)",
    )
    p.add_argument("--seed", type=_seed, default=0)


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() keeps the one-line error rule."""

    def error(self, message: str):  # type: ignore[override]
        raise CliError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Market selection for cross-border sellers: rank countries on "
        "growth, competition, logistics, payments and regulation; plan a tiered entry.",
    )
    parser.add_argument("--data-dir", default=None, help="snapshot folder (default: the shipped data/)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    p = sub.add_parser("build-data", help="rebuild the snapshot from the raw official files")
    p.add_argument("--raw", required=True, help="folder of raw files (e.g. ../shared/data/raw)")
    p.add_argument("--out", required=True, help="folder to write catalog/sources/economies/snapshot CSVs to")
    p.add_argument(
        "--as-of",
        type=_year,
        default=None,
        help="build the snapshot a seller could have had at the end of YEAR (values dated after it unused, "
        "indicators with no edition that old left out)",
    )
    p.set_defaults(func=cmd_build_data)

    p = sub.add_parser("refresh-data", help="update the World Bank indicators from the World Bank API")
    p.add_argument("--data-dir", default=argparse.SUPPRESS, help="snapshot folder to update (default: data/)")
    p.add_argument("--base-url", default=None, help=argparse.SUPPRESS)
    p.add_argument("--timeout", type=_positive_float, default=30.0, help="seconds per request (default 30)")
    p.set_defaults(func=cmd_refresh_data)

    p = sub.add_parser("indicators", help="the indicator catalog, with economies covered and latest year")
    _add_common(p)
    p.set_defaults(func=cmd_indicators)

    p = sub.add_parser("coverage", help="per economy: indicators with a value, per pillar")
    _add_common(p)
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("rank", help="rank markets")
    _add_scoring_options(p)
    p.add_argument("--detail", action="store_true", help="add every indicator value used and its year")
    p.set_defaults(func=cmd_rank)

    p = sub.add_parser("plan", help="tiered entry plan: one core market, then waves")
    _add_scoring_options(p)
    _add_plan_options(p)
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("robustness", help="how much the ranking depends on the weights (SMAA)")
    _add_scoring_options(p, ROBUST_METHODS)
    _add_draw_options(p)
    p.add_argument("--top-k", type=_positive_int, default=5, help="size of the shortlist (default 5)")
    p.set_defaults(func=cmd_robustness)

    p = sub.add_parser(
        "plan-robustness", help="how sure the whole entry plan is: core / wave 1-2 shares over the robustness draws"
    )
    _add_scoring_options(p, ROBUST_METHODS)
    _add_plan_options(p)
    _add_draw_options(p)
    p.add_argument("--top-plans", type=_positive_int, default=5, help="most frequent plans to list (default 5)")
    p.set_defaults(func=cmd_plan_robustness)

    p = sub.add_parser("stability", help="per pillar: the weight range over which the first market (and top k) holds")
    _add_scoring_options(p, ROBUST_METHODS)
    p.add_argument("--top-k", type=_positive_int, default=1, help="also the interval for the top-k set (default 1)")
    p.set_defaults(func=cmd_stability)

    p = sub.add_parser("whatif", help="what would it take: nearest weights / one indicator change to reach the top k")
    _add_scoring_options(p, ROBUST_METHODS)
    p.add_argument("--country", required=True, help="the market, as an ISO3 code (e.g. VNM)")
    p.add_argument("--top-k", type=_positive_int, default=3, help="the top k to reach (default 3)")
    p.add_argument(
        "--indicators", action="store_true", help="write the single-indicator changes instead of the pillar weights"
    )
    p.set_defaults(func=cmd_whatif)

    p = sub.add_parser(
        "compare-scenarios",
        help="two scenarios side by side: rank and score in both, what weights and settings differ",
        description="Compare two scenarios: files saved from the dashboard (sidebar: Scenario → Save) or "
        "preset:NAME. Each is scored as the dashboard scores it (its weights, indicator weights, direction "
        "flips, method and coverage threshold).",
    )
    p.add_argument("a", metavar="A", help="scenario A: a scenario file (JSON) or preset:NAME")
    p.add_argument("b", metavar="B", help="scenario B: a scenario file (JSON) or preset:NAME")
    p.add_argument(
        "--top", type=_positive_int, default=15, help="markets in either top N are flagged in_top (default 15)"
    )
    _add_common(p)
    p.set_defaults(func=cmd_compare_scenarios)

    p = sub.add_parser("tiers", help="mature / growth / emerging tiers with reasons")
    p.add_argument("--k", type=_positive_int, default=3, help="number of clusters, 2..10 (default 3)")
    p.add_argument("--seed", type=_seed, default=0)
    _add_origin(p)
    _add_common(p)
    p.set_defaults(func=cmd_tiers)

    p = sub.add_parser("backtest", help="score markets as of a past year and compare with what happened after")
    p.add_argument("--as-of", type=_year, required=True, help="the vintage year (2017 and 2021 are shipped)")
    _add_scoring_options(p)
    p.add_argument(
        "--outcome",
        default=None,
        help="online_buying (default: Findex change to the next wave), internet_use or gdp_growth",
    )
    p.add_argument("--outcomes", default=None, help="outcomes CSV (default: the shipped data/outcomes.csv)")
    p.add_argument("--draws", type=_positive_int, default=2000, help="bootstrap resamples, 100..100000 (default 2000)")
    p.add_argument("--seed", type=_seed, default=0)
    p.set_defaults(func=cmd_backtest)

    p = sub.add_parser("presets", help="weight presets and product profiles")
    p.add_argument("--out", default=None, metavar="FILE", help=OUT_HELP)
    p.set_defaults(func=cmd_presets)
    return parser


# --------------------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code (0 ok, 1 failure, 2 usage error)."""
    parser = build_parser()
    run = _Run()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "command", None):
            parser.print_help(sys.stderr)
            return 2
        func: Callable[[argparse.Namespace, _Run], int] = args.func
        code = func(args, run)
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    except CliError as exc:
        return _fail(str(exc), 2)
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as exc:  # noqa: BLE001 - the one-line rule: no traceback reaches the user
        return _fail(_describe(exc), 1)
    for note in run.notes:
        print(note, file=sys.stderr)
    return code


def _silence_stdout() -> None:
    """After the reader of a pipe went away, stop Python's exit-time flush from complaining."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _describe(exc: Exception) -> str:
    """One line for any exception: our own errors verbatim, others named.

    Matched by class name so that reporting an error never imports (and so can
    never itself break on) the module that raised it.
    """
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    lineage = {cls.__name__ for cls in type(exc).__mro__}
    if lineage & {"ValueError", "BuildError", "RefreshError"}:
        return text
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        return f"cannot access{where}: {exc.strerror or text}"
    return f"{exc.__class__.__name__}: {text} (unexpected; please report it)"


def _fail(message: str, code: int) -> int:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    return code
