"""Country name and code matching, on country_converter (coco).

Every source spells countries its own way (LPI has names only, the cyberlaw
tracker M49 numbers, the VAT file ISO2, founders whatever they type).  We never
keep a hand-typed alias list: coco's maintained regular expressions do the
matching, and whatever they cannot place is returned as unmatched so the caller
can report it instead of silently dropping it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

import pandas as pd

__all__ = ["CountryMatch", "match_names", "to_iso3", "numeric_to_iso3"]


@lru_cache(maxsize=1)
def _converter():
    """Build coco's converter once.

    coco 1.3.2 reads its table with pandas' default NA handling, which under
    pandas 3 turns Namibia's ISO2 code "NA" into a missing value and crashes.
    Reading the shipped table ourselves with every cell as text avoids that.
    """
    import country_converter as coco

    # coco logs a warning per unmatched name; callers report unmatched names themselves.
    for name in ("country_converter", "country_converter.country_converter"):
        logging.getLogger(name).setLevel(logging.ERROR)
    path = os.path.join(os.path.dirname(coco.__file__), "country_data.tsv")
    table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    return coco.CountryConverter(country_data=table)


@dataclass(frozen=True)
class CountryMatch:
    """Outcome of matching a list of spellings to ISO 3166-1 alpha-3 codes."""

    iso3: dict[str, str] = field(default_factory=dict)
    """spelling -> ISO3 for every spelling that matched exactly one country."""
    unmatched: list[str] = field(default_factory=list)
    """spellings that matched no country (kept in input order, de-duplicated)."""
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    """spelling -> candidate ISO3 codes when more than one country matched."""


def match_names(names: Iterable[object]) -> CountryMatch:
    """Match names, ISO2 or ISO3 codes in any common spelling.

    Blank entries are ignored.  A spelling that coco places on more than one
    country is ambiguous, never guessed.
    """
    seen: list[str] = []
    for raw in names:
        if raw is None or (isinstance(raw, float) and pd.isna(raw)):
            continue
        text = str(raw).strip()
        if text and text not in seen:
            seen.append(text)
    if not seen:
        return CountryMatch()
    converted = _converter().convert(seen, to="ISO3", not_found=None)
    if not isinstance(converted, list) or len(seen) == 1:
        converted = [converted]
    iso3: dict[str, str] = {}
    unmatched: list[str] = []
    ambiguous: dict[str, list[str]] = {}
    for text, code in zip(seen, converted):
        if isinstance(code, list):
            codes = sorted({c for c in code if isinstance(c, str) and c in _known_iso3()})
            if len(codes) == 1:
                iso3[text] = codes[0]
            elif codes:
                ambiguous[text] = codes
            else:
                unmatched.append(text)
        elif isinstance(code, str) and code in _known_iso3():
            # coco echoes unmatched input unchanged, so only a known ISO3 code counts as a match.
            iso3[text] = code
        else:
            unmatched.append(text)
    return CountryMatch(iso3=iso3, unmatched=unmatched, ambiguous=ambiguous)


@lru_cache(maxsize=1)
def _known_iso3() -> frozenset[str]:
    return frozenset(str(c) for c in _converter().data["ISO3"].dropna())


def to_iso3(name: object) -> str | None:
    """ISO3 for one spelling, or None when it is unknown or ambiguous."""
    return match_names([name]).iso3.get(str(name).strip()) if name is not None else None


def numeric_to_iso3(codes: Iterable[object]) -> dict[str, str]:
    """Map ISO 3166-1 numeric / UN M49 codes (int or zero-padded text) to ISO3.

    Returns {original text: ISO3}; codes coco does not know are left out, so a
    caller compares lengths to find what did not match.
    """
    data = _converter().data[["ISOnumeric", "ISO3"]].dropna()
    lookup = {int(float(n)): str(c) for n, c in zip(data["ISOnumeric"], data["ISO3"])}
    out: dict[str, str] = {}
    for code in codes:
        try:
            key = int(str(code).strip())
        except ValueError:
            continue
        if key in lookup:
            out[str(code)] = lookup[key]
    return out
