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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xbmarkets.atomic import write_atomic  # re-exported: DESIGN.md lists it under snapshot
from xbmarkets.catalog import CATALOG_COLUMNS, load_catalog

__all__ = [
    "ABOUT_COLUMNS",
    "DEFAULT_DATA_DIR",
    "shipped_data_dir",
    "LEFT_OUT_COLUMNS",
    "SOURCES_COLUMNS",
    "ECONOMIES_COLUMNS",
    "SNAPSHOT_COLUMNS",
    "Snapshot",
    "SnapshotError",
    "economy_names",
    "load_snapshot",
    "serialize_csv",
    "vintage_dir",
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
ABOUT_COLUMNS: tuple[str, ...] = ("key", "value")
LEFT_OUT_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "short",
    "name_zh",
    "short_zh",
    "pillar",
    "source",
    "edition",
    "source_year",
    "reason",
)
BILATERAL_KEYS: tuple[str, ...] = ("origin", "destination")


def _empty_bilateral() -> pd.DataFrame:
    return pd.DataFrame(columns=list(BILATERAL_KEYS))


def _empty_left_out() -> pd.DataFrame:
    return pd.DataFrame(columns=list(LEFT_OUT_COLUMNS))


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
    bilateral: pd.DataFrame = field(default_factory=_empty_bilateral)
    """one row per ordered pair of economies: origin, destination, one numeric column per
    origin-scoped catalog indicator (named by its id), and text context (shared languages,
    agreements); empty for a snapshot built without bilateral data."""
    as_of: int | None = None
    """the year a past-year snapshot stands at (values dated after it unused); None = the current one."""
    left_out: pd.DataFrame = field(default_factory=_empty_left_out)
    """LEFT_OUT_COLUMNS: catalog indicators a past-year snapshot cannot hold (no edition that old)."""
    about: dict[str, str] = field(default_factory=dict)
    """about.csv as key -> value (as_of, reference_year, income_groups); empty for older snapshots."""

    @property
    def reference_year(self) -> int | None:
        """The year recency windows count back from (as_of for a past-year snapshot)."""
        text = self.about.get("reference_year", "")
        return int(text) if text.isdigit() else self.as_of


def _cell(value: Any) -> str:
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


def load_snapshot(data_dir: str | os.PathLike[str] = DEFAULT_DATA_DIR, *, bilateral: bool = True) -> Snapshot:
    """Load and validate data/; raises SnapshotError with one clear line.

    `bilateral=False` skips bilateral.csv (~47,000 origin x destination pairs,
    a third of the load time) for a caller that has no seller origin: the
    snapshot then has no origin support, as one built without bilateral data.
    """
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
    pairs = _read_bilateral(root / "bilateral.csv", catalog, economies.index) if bilateral else _empty_bilateral()
    about, as_of = _read_about(root / "about.csv")
    left_out = _read_left_out(root / "left_out.csv")
    if as_of is not None and values["year"].max() > as_of:
        raise SnapshotError(f"{snap_path}: values dated after {as_of}, the year the snapshot stands at")
    return Snapshot(
        catalog=catalog,
        sources=sources,
        economies=economies,
        values=values,
        bilateral=pairs,
        as_of=as_of,
        left_out=left_out,
        about=about,
    )


def _read_about(path: Path) -> tuple[dict[str, str], int | None]:
    """about.csv as a dict and its as-of year; an absent file (older snapshots) means the current snapshot."""
    if not path.is_file():
        return {}, None
    table = _read(path)
    _require(table, ABOUT_COLUMNS, path)
    about = {str(k): str(v) for k, v in zip(table["key"], table["value"], strict=True)}
    text = about.get("as_of", "").strip()
    if text and not text.isdigit():
        raise SnapshotError(f"{path}: as_of must be a year, got {text!r}")
    return about, int(text) if text else None


def _read_left_out(path: Path) -> pd.DataFrame:
    if not path.is_file():
        return _empty_left_out()
    table = _read(path)
    _require(table, LEFT_OUT_COLUMNS, path)
    return table[list(LEFT_OUT_COLUMNS)].reset_index(drop=True)


def _read_bilateral(path: Path, catalog: pd.DataFrame, economies: pd.Index) -> pd.DataFrame:
    """data/bilateral.csv, with its numeric columns typed; an absent file means no origin support."""
    if not path.is_file():
        return _empty_bilateral()
    table = _read(path)
    _require(table, BILATERAL_KEYS, path)
    # unique() first: iterating a whole string column of ~47,000 pairs into a set costs a tenth of a second
    unknown = sorted((set(table["origin"].unique()) | set(table["destination"].unique())) - set(economies))
    if unknown:
        raise SnapshotError(f"{path}: economies not in economies.csv: {', '.join(unknown[:5])}")
    if table.duplicated(list(BILATERAL_KEYS)).any():
        raise SnapshotError(f"{path}: more than one row for an origin x destination pair")
    scope = catalog["scope"] if "scope" in catalog.columns else pd.Series(dtype=str)
    numeric = [c for c in table.columns if c in set(scope.index[scope == "origin"]) or c == "agreement_year"]
    try:
        for col in numeric:
            table[col] = pd.to_numeric(table[col].replace("", np.nan), errors="raise").astype("float64")
    except (ValueError, TypeError) as exc:
        raise SnapshotError(f"{path}: non-numeric value ({exc})") from None
    return table


def vintage_dir(as_of: int, root: str | os.PathLike[str] = DEFAULT_DATA_DIR) -> Path:
    """Where the snapshot as of `as_of` is shipped: data/vintage-YEAR."""
    return Path(root) / f"vintage-{int(as_of)}"


def economy_names(economies: pd.DataFrame) -> dict[str, str]:
    """Spelling -> ISO3 for every name the app shows (`name`, and `name_zh` when present).

    The founder's upload accepts these (`custom.load_custom(known_names=...)`),
    so a name copied from the dashboard in either language always matches.
    """
    out: dict[str, str] = {}
    for column in ("name", "name_zh"):
        if column in economies.columns:
            for iso3, name in economies[column].items():
                if isinstance(name, str) and name.strip():
                    out[name.strip()] = str(iso3)
    return out
