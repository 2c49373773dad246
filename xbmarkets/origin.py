"""Where the seller ships from: reading the origin a founder types, and saying what it changes.

Every seller starts somewhere (DOMAIN.md): distance, a shared language, a land
border, a trade agreement and a small time-zone gap make a market cheaper to
serve from a given origin.  The bilateral values themselves are built into
data/bilateral.csv and become the `fit` pillar in `matrix.build_matrix`; this
module only resolves the origin and turns one destination's context into the
ingredients of a sentence ("2,300 km away, shares Chinese, ASEAN - China in
force since 2005"), as data for the UI to translate and as English for the CLI.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import pandas as pd

__all__ = ["FitFacts", "resolve_origin", "fit_facts", "language_name"]


def resolve_origin(text: object, economies: pd.DataFrame) -> str:
    """The ISO3 code of the economy a founder named (ISO3, ISO2 or a country name); ValueError otherwise.

    Case and surrounding blanks do not matter; a name goes through the same
    country matcher as every other source, so "Viet Nam" and "Vietnam" agree.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("origin must be a country: an ISO3 code such as CHN, or a name")
    raw = text.strip()
    code = raw.upper()
    if code in economies.index:
        return code
    if len(code) == 2 and "iso2" in economies.columns:
        hits = economies.index[economies["iso2"].astype(str).str.upper() == code]
        if len(hits) == 1:
            return str(hits[0])
    from .countries import match_names

    match = match_names([raw])
    iso3 = match.iso3.get(raw)
    if iso3 in economies.index:
        return str(iso3)
    if iso3 is not None:
        raise ValueError(f"unknown origin {raw!r}: {iso3} is not one of the {len(economies)} economies in the data")
    raise ValueError(
        f"unknown origin {raw!r}: give the ISO3 code of an economy in the data (e.g. CHN for China, "
        "DEU for Germany; `python -m xbmarkets coverage` lists them)"
    )


def language_name(code: str, lang: str = "en") -> str:
    """A CLDR language code as a name in `lang` ('zh' -> 'Chinese' / '中文'); the code if unknown."""
    try:
        from babel import Locale

        return str(Locale.parse(lang).languages.get(code, code))
    except (ImportError, ValueError, LookupError):
        return code


@dataclass(frozen=True)
class FitFacts:
    """What makes one destination cheap or dear to serve from the origin, as data."""

    distance_km: float | None
    languages: tuple[str, ...]
    """CLDR codes of the languages most people on both sides speak, most shared first."""
    border: bool | None
    agreements: tuple[str, ...]
    agreement_year: int | None
    tz_gap_hours: float | None

    def sentence(self, origin_name: str) -> str:
        """English, for the CLI and the engine's own explanation text."""
        parts: list[str] = []
        if self.distance_km is not None:
            parts.append(f"{self.distance_km:,.0f} km from {origin_name}")
        if self.languages:
            parts.append("shares " + " and ".join(language_name(c) for c in self.languages[:2]))
        if self.border:
            parts.append("a land border")
        if self.agreements:
            since = f" since {self.agreement_year}" if self.agreement_year else ""
            parts.append(f"{self.agreements[0]} in force{since}")
        if self.tz_gap_hours is not None:
            parts.append(f"{self.tz_gap_hours:g} h time difference")
        return ", ".join(parts)


def _number(row: Mapping[Hashable, object], key: str) -> float | None:
    value = row.get(key)
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def _items(row: Mapping[Hashable, object], key: str) -> tuple[str, ...]:
    value = row.get(key)
    if not isinstance(value, str):
        return ()
    return tuple(v.strip() for v in value.split(";") if v.strip())


def fit_facts(context: pd.DataFrame | None, iso3: str) -> FitFacts | None:
    """The facts behind one destination's fit, from `DecisionMatrix.context`; None without an origin."""
    if context is None or iso3 not in context.index:
        return None
    row = context.loc[iso3].to_dict()
    border = _number(row, "border")
    year = _number(row, "agreement_year")
    agreements = _items(row, "agreements") if (_number(row, "trade_agreement") or 0) > 0 else ()
    return FitFacts(
        distance_km=_number(row, "distance"),
        languages=_items(row, "languages"),
        border=None if border is None else border > 0,
        agreements=agreements,
        agreement_year=None if year is None or not agreements else int(year),
        tz_gap_hours=_number(row, "tz_gap"),
    )
