"""The data snapshot in data/: catalog, sources, economies and long values.

`serialize_csv` is the only CSV writer for data/ files (build and refresh use
it) so that re-running either produces byte-identical files: floats are
written as Python `repr` text (shortest round-trip form, locale-free), NaN as
an empty cell, rows in the order given.
"""

from __future__ import annotations

import io
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from xbmarkets.atomic import write_atomic  # re-exported: DESIGN.md lists it under snapshot
from xbmarkets.catalog import CATALOG_COLUMNS, load_catalog

__all__ = [
    "DEFAULT_DATA_DIR",
    "shipped_data_dir",
    "SOURCES_COLUMNS",
    "ECONOMIES_COLUMNS",
    "SNAPSHOT_COLUMNS",
    "Snapshot",
    "SnapshotError",
    "load_snapshot",
    "serialize_csv",
    "write_atomic",
]

PACKAGED_DATA = "_data"  # where a wheel carries data/ (pyproject.toml: force-include)


def shipped_data_dir(package_dir: str | os.PathLike[str] | None = None) -> Path:
    """The shipped snapshot: the checkout's top-level data/, else the copy inside the installed package.

    A checkout (and an editable install) keeps data/ beside the package, where
    the product card puts it and `build-data` / `refresh-data` write it; a
    wheel can only carry files inside its packages, so it holds the same files
    as ``xbmarkets/_data``.  A checkout is recognised by pyproject.toml next
    to data/, so another distribution's stray ``site-packages/data`` folder is
    never taken for ours.  When neither exists the checkout path is returned,
    so the "not found" error names the folder a developer expects.
    """
    package = Path(__file__).resolve().parent if package_dir is None else Path(package_dir)
    checkout = package.parent / "data"
    if checkout.is_dir() and (package.parent / "pyproject.toml").is_file():
        return checkout
    packaged = package / PACKAGED_DATA
    return packaged if packaged.is_dir() else checkout


DEFAULT_DATA_DIR = shipped_data_dir()
SOURCES_COLUMNS: tuple[str, ...] = (
    "source",
    "publisher",
    "dataset",
    "edition",
    "year",
    "licence",
    "origin",
    "raw_file",
)
ECONOMIES_COLUMNS: tuple[str, ...] = (
    "iso3",
    "name",
    "iso2",
    "iso_numeric",
    "region",
    "income_group",
    "subregion",
)
SNAPSHOT_COLUMNS: tuple[str, ...] = ("iso3", "indicator", "value", "year", "source")


class SnapshotError(ValueError):
    """The data directory is missing, incomplete or corrupt."""


@dataclass(frozen=True)
class Snapshot:
    """Everything the dashboard knows, as loaded from data/."""

    catalog: pd.DataFrame
    """index id; CATALOG_COLUMNS (window_start int)."""
    sources: pd.DataFrame
    """index source; SOURCES_COLUMNS."""
    economies: pd.DataFrame
    """index iso3, sorted; name, iso2, iso_numeric, region, income_group, subregion (text)."""
    values: pd.DataFrame
    """long: iso3, indicator, value (float64), year (int64), source."""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isnan(number):
            return ""
        if math.isinf(number):
            raise ValueError("serialize_csv: infinite value")
        return repr(number)
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, float) or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def serialize_csv(df: pd.DataFrame) -> bytes:
    """Deterministic UTF-8 CSV bytes of `df` (columns and row order as given, no index)."""
    text = pd.DataFrame(
        {col: [_cell(v) for v in df[col].tolist()] for col in df.columns},
        columns=list(df.columns),
        dtype=object,
    )
    buffer = io.StringIO()
    text.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise SnapshotError(f"{path} not found (run `python -m xbmarkets build-data`)")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise SnapshotError(f"{path} is not a readable CSV ({exc})") from None


def _require(frame: pd.DataFrame, columns: tuple[str, ...], path: Path) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SnapshotError(f"{path}: missing columns {', '.join(missing)}")


def load_snapshot(data_dir: str | os.PathLike[str] = DEFAULT_DATA_DIR) -> Snapshot:
    """Load and validate data/; raises SnapshotError with one clear line."""
    root = Path(data_dir)
    if not root.is_dir():
        raise SnapshotError(f"data directory {root} not found (run `python -m xbmarkets build-data`)")
    try:
        catalog = load_catalog(root)
    except SnapshotError:
        raise
    except ValueError as exc:
        raise SnapshotError(str(exc)) from None
    missing_cat = [c for c in CATALOG_COLUMNS if c != "id" and c not in catalog.columns]
    if missing_cat:  # pragma: no cover - load_catalog already checks
        raise SnapshotError(f"catalog: missing columns {', '.join(missing_cat)}")

    sources_path = root / "sources.csv"
    sources = _read(sources_path)
    _require(sources, SOURCES_COLUMNS, sources_path)
    sources = sources.set_index("source")

    econ_path = root / "economies.csv"
    economies = _read(econ_path)
    _require(economies, ECONOMIES_COLUMNS, econ_path)
    if economies["iso3"].duplicated().any():
        raise SnapshotError(f"{econ_path}: duplicate iso3 codes")
    economies = economies.set_index("iso3").sort_index()

    snap_path = root / "snapshot.csv"
    values = _read(snap_path)
    _require(values, SNAPSHOT_COLUMNS, snap_path)
    values = values[list(SNAPSHOT_COLUMNS)]
    try:
        values["value"] = pd.to_numeric(values["value"], errors="raise").astype("float64")
        values["year"] = pd.to_numeric(values["year"], errors="raise").astype("int64")
    except (ValueError, TypeError) as exc:
        raise SnapshotError(f"{snap_path}: non-numeric value or year ({exc})") from None
    unknown_ind = sorted(set(values["indicator"]) - set(catalog.index))
    if unknown_ind:
        raise SnapshotError(f"{snap_path}: indicators not in the catalog: {', '.join(unknown_ind[:5])}")
    unknown_eco = sorted(set(values["iso3"]) - set(economies.index))
    if unknown_eco:
        raise SnapshotError(f"{snap_path}: economies not in economies.csv: {', '.join(unknown_eco[:5])}")
    unknown_src = sorted(set(values["source"]) - set(sources.index))
    if unknown_src:
        raise SnapshotError(f"{snap_path}: sources not in sources.csv: {', '.join(unknown_src[:5])}")
    if values.duplicated(["iso3", "indicator"]).any():
        raise SnapshotError(f"{snap_path}: more than one row for an economy x indicator")
    return Snapshot(catalog=catalog, sources=sources, economies=economies, values=values)
