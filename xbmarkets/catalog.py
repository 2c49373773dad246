"""The indicator catalog: pillars, directions and the catalog.csv reader.

Scoring code needs directions as +1/-1 while the catalog file spells them out
for humans; these helpers are the one place that translation happens.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

__all__ = [
    "PILLARS",
    "QUALITIES",
    "SCOPES",
    "ALL_PILLARS",
    "CATALOG_COLUMNS",
    "DIRECTIONS",
    "TRANSFORMS",
    "direction_sign",
    "direction_name",
    "load_catalog",
    "validate_catalog",
]

PILLARS: tuple[str, ...] = ("size", "growth", "competition", "logistics", "payments", "regulation", "fit")
"""The catalog's pillars, in display order: the one definition every module imports."""
ALL_PILLARS: tuple[str, ...] = PILLARS + ("custom",)
QUALITIES: dict[str, str] = {
    "official": "official statistic",
    "derived": "computed from official figures (formula in the catalog)",
    "projection": "official projection",
    "proxy": "proxy: a related measure, not the thing itself",
    "proxy_europe": "proxy, EU only",
    "direct_europe": "direct measure, Europe only",
    "stale": "official but old (newest year in the file is years back)",
    "unofficial": "not an official source",
    "reference": "reference data (geography, languages, agreements)",
}
"""How far each figure can be trusted, as a label the catalog, the dashboard and the exports show."""
SCOPES: tuple[str, ...] = ("economy", "origin")
"""`origin`: a bilateral indicator that exists only once the seller's origin is known."""
CATALOG_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "short",
    "name_zh",
    "short_zh",
    "pillar",
    "direction",
    "unit",
    "transform",
    "window_start",
    "source",
    "wb_code",
    "publisher",
    "dataset",
    "edition",
    "licence",
    "why",
    "scoring_rule",
    "quality",
    "weight",
    "scope",
    "winsorize",
    "derivation",
)
OPTIONAL_DEFAULTS: dict[str, str] = {
    "short": "",
    "name_zh": "",
    "short_zh": "",
    "quality": "official",
    "weight": "1.0",
    "scope": "economy",
    "winsorize": "false",
    "derivation": "latest",
}
"""Catalog columns added after the first snapshots: an older catalog.csv still loads, with these values."""
DIRECTIONS: dict[str, int] = {"higher_is_better": 1, "lower_is_better": -1}
TRANSFORMS: tuple[str, ...] = ("none", "log", "asinh")


def direction_sign(direction: str) -> int:
    """+1 for 'higher_is_better', -1 for 'lower_is_better'."""
    try:
        return DIRECTIONS[direction]
    except KeyError:
        raise ValueError(f"unknown direction {direction!r}; expected one of {', '.join(DIRECTIONS)}") from None


def direction_name(sign: int) -> str:
    """Inverse of `direction_sign`."""
    for name, value in DIRECTIONS.items():
        if value == sign:
            return name
    raise ValueError(f"direction must be +1 or -1, got {sign!r}")


def validate_catalog(catalog: pd.DataFrame) -> pd.DataFrame:
    """Check a catalog frame (index id) and return it with typed columns.

    Raises ValueError naming the first problem, so a hand-edited or truncated
    catalog fails loudly instead of silently mis-scoring.
    """
    catalog = catalog.assign(**{k: v for k, v in OPTIONAL_DEFAULTS.items() if k not in catalog.columns})
    missing = [c for c in CATALOG_COLUMNS if c != "id" and c not in catalog.columns]
    if missing:
        raise ValueError(f"catalog: missing columns {', '.join(missing)}")
    if catalog.index.has_duplicates:
        dup = catalog.index[catalog.index.duplicated()][0]
        raise ValueError(f"catalog: duplicate indicator id {dup!r}")
    bad_pillar = sorted(set(catalog["pillar"]) - set(PILLARS))
    if bad_pillar:
        raise ValueError(f"catalog: unknown pillar(s) {', '.join(bad_pillar)}")
    bad_dir = sorted(set(catalog["direction"]) - set(DIRECTIONS))
    if bad_dir:
        raise ValueError(f"catalog: unknown direction(s) {', '.join(bad_dir)}")
    bad_tr = sorted(set(catalog["transform"]) - set(TRANSFORMS))
    if bad_tr:
        raise ValueError(f"catalog: unknown transform(s) {', '.join(bad_tr)}")
    bad_quality = sorted(set(catalog["quality"]) - set(QUALITIES))
    if bad_quality:
        raise ValueError(f"catalog: unknown quality label(s) {', '.join(bad_quality)}")
    bad_flag = sorted(set(catalog["winsorize"].astype(str).str.lower()) - {"true", "false"})
    if bad_flag:
        raise ValueError(f"catalog: winsorize must be true or false, got {', '.join(bad_flag)}")
    bad_scope = sorted(set(catalog["scope"]) - set(SCOPES))
    if bad_scope:
        raise ValueError(f"catalog: unknown scope(s) {', '.join(bad_scope)}")
    out = catalog.copy()
    try:
        out["window_start"] = out["window_start"].astype(int)
    except (TypeError, ValueError):
        raise ValueError("catalog: window_start must be an integer year") from None
    try:
        out["weight"] = out["weight"].astype(float)
    except (TypeError, ValueError):
        raise ValueError("catalog: weight must be a number") from None
    if not ((out["weight"] >= 0) & (out["weight"] < float("inf"))).all():
        raise ValueError("catalog: weight must be a finite number >= 0")
    return out


def load_catalog(data_dir: str | os.PathLike[str]) -> pd.DataFrame:
    """Read data/catalog.csv (index `id`), validated."""
    path = Path(data_dir) / "catalog.csv"
    if not path.is_file():
        raise ValueError(f"catalog: {path} not found (run `python -m xbmarkets build-data`)")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ValueError(f"catalog: {path} is not a readable CSV ({exc})") from None
    if "id" not in frame.columns:
        raise ValueError(f"catalog: {path} has no 'id' column")
    return validate_catalog(frame.set_index("id"))
