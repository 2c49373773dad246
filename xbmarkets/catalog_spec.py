"""Which indicators the dashboard uses, where each comes from, and why: read from catalog.toml.

The catalog is data (`xbmarkets/catalog.toml`), not code, so that an indicator's
name, short name, Chinese name, pillar, direction, default weight and reasoning
are written down exactly once.  `build` turns these specs into
`data/catalog.csv` and `data/sources.csv`; the UI and the CLI read names from
there.  Loader keys (`loader`, `params`) are read only by `xbmarkets.build`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "IndicatorSpec",
    "SourceSpec",
    "INDICATORS",
    "SOURCES",
    "REFERENCE_YEAR",
    "MIN_AS_OF",
    "load_specs",
    "parse_specs",
]

REFERENCE_YEAR = 2025
"""The last complete year of the current snapshot: recency windows count back from it
(an as-of-YEAR snapshot counts back from YEAR instead)."""
MIN_AS_OF = 2010
"""Oldest year a past-year snapshot may stand at: the raw files' histories thin out before it
(the first LPI edition in the workbook is 2012, Findex's first wave 2011)."""


@dataclass(frozen=True)
class SourceSpec:
    """One source dataset, as listed in data/sources.csv."""

    source: str
    publisher: str
    dataset: str
    edition: str
    year: int
    licence: str
    origin: str
    raw_file: str


@dataclass(frozen=True)
class IndicatorSpec:
    """One catalog row plus how `build` extracts it from the raw tree."""

    id: str
    name: str
    pillar: str
    direction: str
    unit: str
    transform: str
    window: int
    source: str
    wb_code: str
    why: str
    scoring_rule: str
    loader: str
    params: tuple[str, ...]
    short: str = ""
    name_zh: str = ""
    short_zh: str = ""
    quality: str = "official"
    weight: float = 1.0
    vintage: bool = True
    scope: str = "economy"
    winsorize: bool = False

    def window_start(self, reference_year: int = REFERENCE_YEAR) -> int:
        """Oldest year a value may come from, counting `window` years back from the reference year."""
        return reference_year - self.window + 1


_REQUIRED_INDICATOR = ("id", "name", "pillar", "direction", "unit", "transform", "window", "source", "loader")
_REQUIRED_SOURCE = tuple(f.name for f in fields(SourceSpec) if f.name != "source") + ("key",)


def _indicator(entry: dict[str, Any]) -> IndicatorSpec:
    missing = [k for k in _REQUIRED_INDICATOR if k not in entry]
    if missing:
        raise ValueError(f"catalog.toml: indicator {entry.get('id', '?')!r} lacks {', '.join(missing)}")
    known = {f.name for f in fields(IndicatorSpec)}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise ValueError(f"catalog.toml: indicator {entry['id']!r} has unknown fields {', '.join(unknown)}")
    values = {k: entry.get(k, "") for k in ("wb_code", "why", "scoring_rule")}
    values.update({k: v for k, v in entry.items() if k not in ("params", "window", "weight")})
    return IndicatorSpec(
        **values,
        params=tuple(str(p) for p in entry.get("params", ())),
        window=int(entry["window"]),
        weight=float(entry.get("weight", 1.0)),
    )


def _source(entry: dict[str, Any]) -> SourceSpec:
    missing = [k for k in _REQUIRED_SOURCE if k not in entry]
    if missing:
        raise ValueError(f"catalog.toml: source {entry.get('key', '?')!r} lacks {', '.join(missing)}")
    rest: dict[str, Any] = {k: (int(v) if k == "year" else str(v)) for k, v in entry.items() if k != "key"}
    return SourceSpec(source=str(entry["key"]), **rest)


def parse_specs(text: str) -> tuple[tuple[IndicatorSpec, ...], tuple[SourceSpec, ...]]:
    """Indicators and sources of a catalog.toml text; ValueError naming the first problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"catalog.toml: {exc}") from None
    indicators = tuple(_indicator(e) for e in data.get("indicator", []))
    sources = tuple(_source(e) for e in data.get("source", []))
    ids = [s.id for s in indicators]
    if len(set(ids)) != len(ids):
        raise ValueError("catalog.toml: duplicate indicator ids")
    keys = {s.source for s in sources}
    orphans = sorted({s.source for s in indicators} - keys)
    if orphans:
        raise ValueError(f"catalog.toml: indicators name unknown sources {', '.join(orphans)}")
    return indicators, sources


@cache
def load_specs() -> tuple[tuple[IndicatorSpec, ...], tuple[SourceSpec, ...]]:
    """The shipped catalog.toml, parsed once."""
    text = resources.files("xbmarkets").joinpath("catalog.toml").read_text(encoding="utf-8")
    return parse_specs(text)


INDICATORS, SOURCES = load_specs()
