"""A dashboard scenario as plain data: keys, defaults, validation, URL and JSON.

A scenario (weights, preset, profile, method, coverage threshold, filters,
language, the origin the seller ships from) must survive page switches, reloads and being sent as a link, and
anything coming from a URL or an uploaded file is untrusted. The validation is
therefore a pure function (`validate`) that never raises on bad values: it
keeps what is valid, falls back to the default for the rest and lists what it
dropped, so the page can say so in words.

No streamlit here (a test checks it): the CLI can read a saved scenario file
with `choices_for(matrix)` and `from_json`, and `xbmarkets.ui.session` only
moves these dicts in and out of `st.session_state` / `st.query_params`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from xbmarkets.vocab import LANGS, REWEIGH_METHODS, TIERS

if TYPE_CHECKING:
    from xbmarkets.matrix import DecisionMatrix

__all__ = [
    "LANGS",
    "METHODS",
    "TIERS",
    "WEIGHT_MAX",
    "IND_WEIGHT_MAX",
    "IND_WEIGHT_STEP",
    "Choices",
    "Problem",
    "choices_for",
    "defaults",
    "weight_key",
    "ind_weight_key",
    "dir_key",
    "direction_overrides",
    "custom_weight_points",
    "validate",
    "parse_query",
    "to_query",
    "to_json",
    "from_json",
    "pillar_weights",
    "indicator_weights",
    "scale_weights",
    "score_inputs",
]

METHODS: tuple[str, ...] = REWEIGH_METHODS
"""Methods the dashboard offers: those its robustness, stability and what-if pages can re-weight."""
WEIGHT_MAX = 100  # pillar weights are "importance points" 0..100; the engine normalises them
IND_WEIGHT_MAX = 3.0  # indicator weights are multipliers within their pillar
IND_WEIGHT_STEP = 0.25
MAX_JSON_BYTES = 64_000
# Streamlit reserves these query keys for itself; they are never ours to judge.
_RESERVED = frozenset({"embed", "embed_options"})


@dataclass(frozen=True)
class Choices:
    """What a valid scenario may contain — taken from the loaded data and engine."""

    pillars: tuple[str, ...]
    indicators: tuple[str, ...] = ()
    presets: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    income_groups: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    preset_weights: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    default_preset: str = ""
    # catalog direction (+1 higher is better, -1 lower is better) of each indicator the founder may flip
    directions: Mapping[str, int] = field(default_factory=dict)
    # the catalog's default weight of each indicator within its pillar (absent = 1)
    indicator_defaults: Mapping[str, float] = field(default_factory=dict)
    # economies a seller may ship from (those the bilateral data covers); empty = no origin support
    origins: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """One value that was dropped, and why (a short code the UI translates)."""

    key: str
    value: str
    why: str  # "unknown_key" | "bad_number" | "out_of_range" | "unknown_choice"


def choices_for(
    dm: DecisionMatrix,
    presets: Mapping[str, Any] | None = None,
    profiles: Mapping[str, Any] | None = None,
    origin_scoped: pd.DataFrame | None = None,
    origins: Iterable[str] = (),
) -> Choices:
    """What a scenario may hold for this decision matrix (the shipped presets and profiles by default).

    Built from the matrix rather than typed in, so a link that names a region,
    income group or indicator the data does not have is refused, and a
    founder's uploaded columns get weight keys. Only catalog indicators may be
    flipped: an upload's direction is set on the Data page, not in a link.
    `origin_scoped` (catalog rows with scope 'origin': they enter the matrix only
    once an origin is picked) and `origins` (economies one may ship from) come
    from the snapshot, so a scenario can carry an origin and the fit weights.
    """
    if presets is None or profiles is None:
        from xbmarkets.weights import PRESETS, PROFILES

        presets = PRESETS if presets is None else presets
        profiles = PROFILES if profiles is None else profiles
    from xbmarkets.catalog import ALL_PILLARS

    eco = dm.economies
    catalog = dm.criteria[dm.criteria["pillar"] != "custom"]
    if origin_scoped is not None and len(origin_scoped):
        extra = origin_scoped.loc[origin_scoped.index.difference(catalog.index)]
        signs = extra["direction"].map({"higher_is_better": 1, "lower_is_better": -1}).fillna(extra["direction"])
        catalog = pd.concat(
            [catalog, extra.assign(direction=signs.astype(int))[catalog.columns.intersection(extra.columns)]]
        )
    weights = catalog["weight"] if "weight" in catalog.columns else pd.Series(1.0, index=catalog.index)
    default = "balanced" if "balanced" in presets else next(iter(presets), "")
    return Choices(
        pillars=ALL_PILLARS,
        indicators=tuple(dict.fromkeys([*dm.criteria.index, *catalog.index])),
        presets=tuple(presets),
        profiles=tuple(profiles),
        regions=tuple(sorted(eco["region"].dropna().astype(str).unique())),
        income_groups=tuple(sorted(eco["income_group"].dropna().astype(str).unique())),
        tiers=TIERS,
        preset_weights={k: dict(v.pillar_weights) for k, v in presets.items()},
        default_preset=default,
        directions={str(i): int(d) for i, d in catalog["direction"].items()},
        indicator_defaults={str(i): float(w) for i, w in pd.to_numeric(weights, errors="coerce").fillna(1.0).items()},
        origins=tuple(sorted(str(o) for o in origins)),
    )


def weight_key(pillar: str) -> str:
    return f"w_{pillar}"


def ind_weight_key(indicator: str) -> str:
    return f"iw_{indicator}"


def dir_key(indicator: str) -> str:
    return f"dir_{indicator}"


def direction_overrides(scenario: Mapping[str, Any], choices: Choices) -> dict[str, int]:
    """Indicators whose direction the founder flipped away from the catalog's: id -> +1 / -1."""
    out: dict[str, int] = {}
    for ind, default in choices.directions.items():
        value = int(scenario.get(dir_key(ind), default))
        if value != int(default):
            out[ind] = value
    return out


def custom_weight_points(pillar_points: Mapping[str, float]) -> int:
    """Slider points for the founder's own data: `report.default_custom_weight`, as the CLI weighs it.

    The CLI gives an upload the mean of the other positive weights ("an
    average pillar"); on the 0..WEIGHT_MAX slider scale that is the mean of
    the other pillars' points, so the same upload ranks the same in both.
    """
    from xbmarkets.report import default_custom_weight

    return int(round(default_custom_weight({p: v for p, v in pillar_points.items() if p != "custom"})))


def scale_weights(weights: Mapping[str, float], pillars: Iterable[str]) -> dict[str, int]:
    """Engine weights (any positive scale) → slider points 0..WEIGHT_MAX, largest = WEIGHT_MAX/2.

    Keeping the largest at half the range leaves the founder room to push any
    pillar up as well as down after picking a preset.
    """
    pillars = list(pillars)
    vals = {p: max(0.0, float(weights.get(p, 0.0))) for p in pillars}
    top = max(vals.values(), default=0.0)
    if top <= 0:
        return {p: 0 for p in pillars}
    return {p: int(round(v / top * WEIGHT_MAX / 2)) for p, v in vals.items()}


def defaults(choices: Choices) -> dict[str, Any]:
    """The scenario a first-time visitor sees."""
    base = choices.preset_weights.get(choices.default_preset) or {p: 1.0 for p in choices.pillars}
    out: dict[str, Any] = {
        "lang": "en",
        "origin": "",
        "preset": choices.default_preset,
        "profile": "",
        "method": "wsm",
        "cov": 0.5,
    }
    for p, v in scale_weights(base, choices.pillars).items():
        out[weight_key(p)] = v
    if "custom" in choices.pillars and not base.get("custom"):
        out[weight_key("custom")] = custom_weight_points(
            {p: out[weight_key(p)] for p in choices.pillars if p != "custom"}
        )
    for ind in choices.indicators:
        out[ind_weight_key(ind)] = float(choices.indicator_defaults.get(ind, 1.0))
    for ind, direction in choices.directions.items():
        out[dir_key(ind)] = int(direction)
    out["f_region"] = []
    out["f_income"] = []
    out["f_tier"] = []
    return out


def _as_list(value: Any) -> list:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _last(value: Any) -> Any:
    vals = _as_list(value)
    return vals[-1] if vals else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        out = float(value)
    else:
        try:
            out = float(str(value).strip())
        except (TypeError, ValueError):
            return None
    return out if math.isfinite(out) else None


def _split_multi(value: Any) -> list[str]:
    """URL lists come as repeated keys; JSON lists as lists. Both end up here."""
    out: list[str] = []
    for item in _as_list(value):
        if item is None:
            continue
        out.append(str(item))
    return out


def validate(raw: Mapping[str, Any], choices: Choices) -> tuple[dict[str, Any], list[Problem]]:
    """Untrusted key/values → a complete, valid scenario plus the list of what was dropped.

    Missing keys take their default silently; present-but-bad values take their
    default and are reported.
    """
    out = defaults(choices)
    problems: list[Problem] = []
    readers = _readers(choices)
    for key, value in raw.items():
        if key in _RESERVED:
            continue
        read = readers.get(key)
        if read is None:
            problems.append(_problem(key, _last(value), "unknown_key"))
            continue
        kept, dropped = read(value)
        problems.extend(_problem(key, v, why) for v, why in dropped)
        if kept is not _DROP:
            out[key] = kept
    return out, problems


_DROP = object()
"""A reader's answer for a value that is refused: the key keeps its default."""
_Reader = Callable[[Any], tuple[Any, list[tuple[Any, str]]]]
"""Untrusted value -> (the value to keep or _DROP, [(a dropped value, why)])."""


def _problem(key: Any, value: Any, why: str) -> Problem:
    # both capped: a link may hold a 100 kB key, and the notice must stay a sentence
    return Problem(str(key)[:40], str(value)[:40], why)


def _readers(choices: Choices) -> dict[Any, _Reader]:
    """One reader per key a scenario may hold, each knowing that key's rule.

    Built from `choices`, so a key the loaded data does not know (an
    indicator of another snapshot, a typo) has no reader and is reported.
    """
    readers: dict[Any, _Reader] = {}
    for key, options in (("f_region", choices.regions), ("f_income", choices.income_groups), ("f_tier", choices.tiers)):
        readers[key] = _multi_reader(options)
    readers["lang"] = _choice_reader(LANGS, allow_empty=False)
    readers["method"] = _choice_reader(METHODS, allow_empty=False)
    readers["preset"] = _choice_reader(choices.presets, allow_empty=True)
    readers["profile"] = _choice_reader(choices.profiles, allow_empty=True)
    readers["origin"] = _origin_reader(choices.origins)
    readers["cov"] = _number_reader(1.0, lambda num: round(num * 20) / 20)  # the slider's 0.05 grid
    readers.update({dir_key(i): _read_direction for i in choices.directions})
    ind_weight = _number_reader(IND_WEIGHT_MAX, lambda num: round(num / IND_WEIGHT_STEP) * IND_WEIGHT_STEP)
    readers.update({ind_weight_key(i): ind_weight for i in choices.indicators})
    readers.update({weight_key(p): _number_reader(WEIGHT_MAX, lambda num: int(round(num))) for p in choices.pillars})
    return readers


def _number_reader(top: float, snap: Callable[[float], Any]) -> _Reader:
    """A number in [0, top], snapped to the grid its slider uses, so a link shows the slider where it was."""

    def read(value: Any) -> tuple[Any, list[tuple[Any, str]]]:
        shown = _last(value)
        num = _number(shown)
        if num is None:
            return _DROP, [(shown, "bad_number")]
        if not 0 <= num <= top:
            return _DROP, [(shown, "out_of_range")]
        return snap(num), []

    return read


def _read_direction(value: Any) -> tuple[Any, list[tuple[Any, str]]]:
    """+1 or -1 only: any other number would silently scale an indicator instead of flipping it."""
    shown = _last(value)
    num = _number(shown)
    if num is None:
        return _DROP, [(shown, "bad_number")]
    if num not in (1.0, -1.0):
        return _DROP, [(shown, "unknown_choice")]
    return int(num), []


def _origin_reader(origins: tuple[str, ...]) -> _Reader:
    """An origin the bilateral data covers, or '' for the generic view; codes are case-insensitive in links."""

    def read(value: Any) -> tuple[Any, list[tuple[Any, str]]]:
        shown = _last(value)
        val = "" if shown is None else str(shown).strip().upper()
        if val == "" or val in origins:
            return val, []
        return _DROP, [(shown, "unknown_choice")]

    return read


def _choice_reader(allowed: Iterable[str], allow_empty: bool) -> _Reader:
    """One of `allowed`; '' too where it means 'none picked' (preset, profile)."""
    options = tuple(allowed)

    def read(value: Any) -> tuple[Any, list[tuple[Any, str]]]:
        last = _last(value)
        val = "" if last is None else str(last)
        if (allow_empty and val == "") or val in options:
            return val, []
        return _DROP, [(val, "unknown_choice")]

    return read


def _multi_reader(allowed: Iterable[str]) -> _Reader:
    """A filter list: known values kept once each, in the order given; the rest reported one by one."""
    options = set(allowed)

    def read(value: Any) -> tuple[Any, list[tuple[Any, str]]]:
        kept: list[str] = []
        dropped: list[tuple[Any, str]] = []
        for item in _split_multi(value):
            if item in options and item not in kept:
                kept.append(item)
            else:
                dropped.append((item, "unknown_choice"))
        return kept, dropped

    return read


def parse_query(params: Mapping[str, Any], choices: Choices) -> tuple[dict[str, Any], list[Problem]]:
    """URL query (values str or list of str, as st.query_params gives them) → scenario."""
    return validate(params, choices)


def to_query(scenario: Mapping[str, Any], choices: Choices) -> dict[str, str | list[str]]:
    """Only what differs from the defaults, so shared links stay short and readable."""
    base = defaults(choices)
    out: dict[str, str | list[str]] = {}
    for key, default in base.items():
        value = scenario.get(key, default)
        if key in ("f_region", "f_income", "f_tier"):
            if list(value):
                out[key] = [str(v) for v in value]
        elif key.startswith("w_") and not (key == "w_custom" and value == default):
            # weights always travel together: a link must reproduce them exactly
            out[key] = str(int(value))
        elif value != default:
            out[key] = f"{value:g}" if isinstance(value, float) else str(value)
    return out


def to_json(scenario: Mapping[str, Any], choices: Choices) -> bytes:
    """A complete scenario file (not only non-defaults: defaults may change between versions)."""
    base = defaults(choices)
    payload = {"xbmarkets_scenario": 1}
    payload.update({k: scenario.get(k, v) for k, v in base.items()})
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def from_json(data: bytes, choices: Choices) -> tuple[dict[str, Any], list[Problem]]:
    """Scenario file → scenario. Raises ValueError when it is not a scenario file at all."""
    if len(data) > MAX_JSON_BYTES:
        raise ValueError(f"scenario file is too large ({len(data):,} bytes; limit {MAX_JSON_BYTES:,})")
    try:
        # utf-8-sig: Windows editors re-save JSON with a BOM; RecursionError: deeply nested junk.
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a scenario file: {exc}") from None
    except RecursionError:
        raise ValueError("not a scenario file: it is nested too deeply to be a scenario") from None
    if not isinstance(payload, dict) or payload.get("xbmarkets_scenario") != 1:
        raise ValueError("not a scenario file: the key xbmarkets_scenario = 1 is missing")
    payload = {k: v for k, v in payload.items() if k != "xbmarkets_scenario"}
    return validate(payload, choices)


def pillar_weights(scenario: Mapping[str, Any], pillars: Iterable[str]) -> dict[str, float]:
    """Slider points → the dict the engine takes."""
    return {p: float(scenario.get(weight_key(p), 0)) for p in pillars}


def indicator_weights(scenario: Mapping[str, Any], indicators: Iterable[str]) -> dict[str, float]:
    return {i: float(scenario.get(ind_weight_key(i), 1.0)) for i in indicators}


def score_inputs(scenario: Mapping[str, Any], pillars: Iterable[str], indicators: Iterable[str]) -> tuple | None:
    """(pillar weights, indicator weights, method, coverage) as hashable tuples; None when no pillar has weight.

    Everything a ranking depends on besides the matrix, in one canonical form,
    so a cache keyed on it can never serve the ranking of another scenario.
    """
    pw = pillar_weights(scenario, pillars)
    if not any(v > 0 for v in pw.values()):
        return None
    iw = indicator_weights(scenario, indicators)
    return tuple(sorted(pw.items())), tuple(sorted(iw.items())), str(scenario["method"]), float(scenario["cov"])
