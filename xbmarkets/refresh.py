"""Live refresh of the World Bank indicators from the World Bank API v2.

The shipped snapshot is built from a dated mirror; a founder with network can
pull the newest values instead.  The network is the least reliable thing the
program touches, so the refresh is all-or-nothing: every indicator is fetched
and checked in memory first, and `data/` is only replaced (atomically, all
files together) when every one succeeded.  Any failure raises `RefreshError`
naming the indicator and the cause, and leaves `data/` byte-for-byte as it was.

Only `snapshot.csv` and `sources.csv` change: the refreshed indicators' rows
are replaced and marked with source ``wb_api``, whose `sources.csv` row records
the retrieval date.  Other indicators' rows are left as they were.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd
import requests

from .atomic import write_many_atomic
from .derive import change_over, latest, mean_of_last
from .snapshot import SNAPSHOT_COLUMNS, SOURCES_COLUMNS, SnapshotError, load_snapshot, serialize_csv

__all__ = ["WB_API", "API_SOURCE", "RefreshError", "RefreshReport", "refresh"]

WB_API = "https://api.worldbank.org/v2"
API_SOURCE = "wb_api"
_MAX_PAGES = 200
_PER_PAGE = 20_000


class RefreshError(RuntimeError):
    """The refresh failed; data/ was not touched.  The message is one line."""


@dataclass(frozen=True)
class RefreshReport:
    """What a successful refresh replaced."""

    retrieved: str
    """ISO date of the retrieval (the `today` the refresh ran with)."""
    indicators: dict[str, int] = field(default_factory=dict)
    """indicator id -> number of economies with a value after the refresh."""
    previous: dict[str, int] = field(default_factory=dict)
    """indicator id -> number of economies with a value before."""
    files: tuple[str, ...] = ()

    def summary(self) -> str:
        lines = [f"refreshed {len(self.indicators)} indicators from the World Bank API v2 ({self.retrieved})"]
        for key, count in self.indicators.items():
            lines.append(f"  {key}: {self.previous.get(key, 0)} -> {count} economies")
        return "\n".join(lines)


def refresh(
    data_dir: str | Path,
    *,
    base_url: str = WB_API,
    session: requests.Session | None = None,
    timeout: float = 30,
    today: _dt.date | None = None,
) -> RefreshReport:
    """Re-fetch every catalog indicator that has a `wb_code`; replace data/ only if all succeed."""
    root = Path(data_dir)
    day = today or _dt.date.today()
    try:
        snap = load_snapshot(root)
    except SnapshotError as exc:
        raise RefreshError(f"cannot refresh: {exc}") from None
    if snap.as_of is not None:  # newer figures would break the one promise a past-year snapshot makes
        raise RefreshError(f"cannot refresh: {root} is a snapshot as of {snap.as_of}; it must not get later figures")
    refreshable = snap.catalog[snap.catalog["wb_code"].astype(str).str.strip() != ""]
    if refreshable.empty:
        raise RefreshError("cannot refresh: no catalog indicator has a World Bank API code (wb_code)")
    economies = frozenset(snap.economies.index)
    own = session is None
    http = session if session is not None else requests.Session()
    fresh: dict[str, pd.DataFrame] = {}
    try:
        for ind_id in sorted(refreshable.index):
            code = str(refreshable.at[ind_id, "wb_code"]).strip()
            start = int(refreshable["window_start"][ind_id])
            derivation = str(refreshable.at[ind_id, "derivation"]) if "derivation" in refreshable.columns else ""
            label = f"{ind_id} ({code})"
            try:
                first = start - _history_years(derivation, label)
                records = _fetch_all(http, base_url, code, first, day.year, timeout, label)
                history = _history(records, economies, first, day.year, label)
                fresh[ind_id] = _derived(derivation, history, start, label).assign(indicator=ind_id)
            except RefreshError:
                raise
            except Exception as exc:  # anything unforeseen still names the indicator
                raise RefreshError(f"{label}: unexpected {type(exc).__name__}: {exc}") from exc
    finally:
        if own:
            http.close()

    values = snap.values
    kept = values[~values["indicator"].isin(list(fresh))]
    new_rows = pd.concat(list(fresh.values()), ignore_index=True).assign(source=API_SOURCE)
    merged = pd.concat([kept, new_rows[list(SNAPSHOT_COLUMNS)]], ignore_index=True)
    merged["value"] = merged["value"].astype("float64")
    merged["year"] = merged["year"].astype("int64")
    merged = merged.sort_values(["iso3", "indicator"], kind="mergesort").reset_index(drop=True)

    sources = snap.sources.reset_index()[list(SOURCES_COLUMNS)]
    sources = sources[sources["source"] != API_SOURCE]
    sources = pd.concat([sources, pd.DataFrame([_source_row(base_url, day)])], ignore_index=True)
    sources = sources.sort_values("source", kind="mergesort").reset_index(drop=True)

    files = {root / "snapshot.csv": serialize_csv(merged), root / "sources.csv": serialize_csv(sources)}
    try:
        write_many_atomic(files)
    except OSError as exc:
        raise RefreshError(f"cannot write {root}: {exc.strerror or exc}") from None
    previous = values.groupby("indicator").size()
    return RefreshReport(
        retrieved=day.isoformat(),
        indicators={k: int(len(v)) for k, v in fresh.items()},
        previous={k: int(previous.get(k, 0)) for k in fresh},
        files=tuple(str(p) for p in files),
    )


def _source_row(base_url: str, day: _dt.date) -> dict[str, Any]:
    return {
        "source": API_SOURCE,
        "publisher": "World Bank",
        "dataset": "World Bank Indicators API v2",
        "edition": f"World Bank API v2, retrieved {day.isoformat()}",
        "year": str(day.year),
        "licence": "CC BY 4.0",
        "origin": f"{base_url.rstrip('/')}/country/all/indicator/<CODE>?format=json",
        "raw_file": "",
    }


def _fetch_all(http, base_url, code, start, end, timeout, label) -> list[dict]:
    """Every record of one indicator, following the `pages` count in the meta block."""
    url = f"{base_url.rstrip('/')}/country/all/indicator/{quote(code, safe='.-_')}"
    records: list[dict] = []
    page, pages = 1, 1
    while page <= pages:
        params = {"format": "json", "per_page": str(_PER_PAGE), "date": f"{start}:{end}", "page": str(page)}
        meta, rows = _get_page(http, url, params, timeout, label)
        try:
            pages = int(meta.get("pages", 1) or 0)
        except (TypeError, ValueError):
            raise RefreshError(f"{label}: malformed response (page count {meta.get('pages')!r})") from None
        if pages > _MAX_PAGES:
            raise RefreshError(f"{label}: the API reports {pages} pages; refusing more than {_MAX_PAGES}")
        records.extend(rows)
        page += 1
    return records


def _get_page(http, url, params, timeout, label) -> tuple[dict, list]:
    try:
        response = http.get(url, params=params, timeout=timeout)
    except requests.exceptions.Timeout:
        raise RefreshError(f"{label}: the World Bank API did not answer within {timeout:g} s") from None
    except requests.exceptions.ConnectionError:
        raise RefreshError(
            f"{label}: cannot connect to the World Bank API at {url.split('/country/')[0]} (no network?)"
        ) from None
    except requests.exceptions.RequestException as exc:
        raise RefreshError(f"{label}: request failed ({type(exc).__name__})") from None
    if response.status_code >= 400:
        raise RefreshError(f"{label}: the World Bank API answered HTTP {response.status_code}")
    try:
        body = response.json()
    except (ValueError, requests.exceptions.RequestException):
        raise RefreshError(f"{label}: the response is not valid JSON (truncated or malformed)") from None
    if isinstance(body, list) and body and isinstance(body[0], dict) and "message" in body[0]:
        raise RefreshError(f"{label}: the World Bank API refused the request: {_api_message(body[0]['message'])}")
    if not (isinstance(body, list) and len(body) == 2 and isinstance(body[0], dict)):
        raise RefreshError(f"{label}: unexpected response shape (expected [meta, records])")
    rows = body[1]
    if rows is None:
        rows = []
    if not isinstance(rows, list):
        raise RefreshError(f"{label}: unexpected response shape (records are not a list)")
    return body[0], rows


def _api_message(message: object) -> str:
    items = message if isinstance(message, list) else [message]
    parts = []
    for item in items:
        if isinstance(item, dict):
            text = " - ".join(str(item[k]) for k in ("key", "value") if item.get(k))
            parts.append(f"{text} (id {item['id']})" if item.get("id") else text)
        else:
            parts.append(str(item))
    return " ".join("; ".join(parts).split())[:300] or "no detail given"


def _history_years(derivation: str, label: str) -> int:
    """Years of history before the window a derivation needs ('mean_of_last:6' -> 5)."""
    kind, _, arg = (derivation or "latest").partition(":")
    if kind == "latest":
        return 0
    if kind in ("mean_of_last", "change_over") and arg.isdigit():
        return int(arg) - 1 if kind == "mean_of_last" else int(arg)
    raise RefreshError(f"{label}: the catalog names an unknown derivation {derivation!r}")


def _derived(derivation: str, history: pd.DataFrame, start: int, label: str) -> pd.DataFrame:
    """The value per economy the catalog asks for, computed as `build` computes it (xbmarkets.derive)."""
    kind, _, arg = (derivation or "latest").partition(":")
    if kind == "mean_of_last":
        out = mean_of_last(history, int(arg), start)
    elif kind == "change_over":
        out = change_over(history, int(arg), start)
    else:
        out = latest(history, start)
    if out.empty:
        raise RefreshError(f"{label}: the World Bank API returned too few values to compute it from {start} on")
    return out[["iso3", "year", "value"]]


def _history(records: list, economies: frozenset[str], start: int, end: int, label: str) -> pd.DataFrame:
    """Every non-null value per known economy within [start, end] (long: iso3, year, value, source)."""
    iso3: list[str] = []
    years: list[int] = []
    values: list[float] = []
    for k, rec in enumerate(records):
        if not isinstance(rec, dict):
            raise RefreshError(f"{label}: malformed record #{k + 1} (not an object)")
        value = rec.get("value")
        if value is None:
            continue
        code = rec.get("countryiso3code")
        if not isinstance(code, str) or code not in economies:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise RefreshError(f"{label}: malformed value {str(value)[:40]!r} for {code}")
        try:
            year = int(str(rec.get("date")))
        except ValueError:
            raise RefreshError(f"{label}: malformed year {str(rec.get('date'))[:20]!r} for {code}") from None
        if start <= year <= end:
            iso3.append(code)
            years.append(year)
            values.append(float(value))
    if not iso3:
        raise RefreshError(f"{label}: the World Bank API returned no values for {start}-{end}")
    frame = pd.DataFrame({"iso3": iso3, "year": years, "value": values})
    return frame.assign(source=API_SOURCE).astype({"year": "int64", "value": "float64"})
