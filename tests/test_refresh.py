"""Tests for xbmarkets.refresh against a local HTTP server playing the World Bank API v2.

The fixture data dir and the API responses are made up here (values mean
nothing); the response shapes follow the API v2 documentation
(https://datahelpdesk.worldbank.org/knowledgebase/articles/898581).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import json
import socket
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
import requests

from xbmarkets.catalog import CATALOG_COLUMNS, OPTIONAL_DEFAULTS
from xbmarkets.refresh import API_SOURCE, RefreshError, refresh
from xbmarkets.snapshot import (
    ECONOMIES_COLUMNS,
    SNAPSHOT_COLUMNS,
    SOURCES_COLUMNS,
    load_snapshot,
    serialize_csv,
)

TODAY = dt.date(2026, 3, 15)
GDP, NET = "NY.GDP.MKTP.KD.ZG", "IT.NET.USER.ZS"


def _catalog_row(ind_id: str, pillar: str, source: str, wb_code: str, window_start: int) -> dict:
    row = {c: OPTIONAL_DEFAULTS.get(c, "") for c in CATALOG_COLUMNS}
    row.update(
        id=ind_id,
        name=ind_id,
        pillar=pillar,
        direction="higher_is_better",
        unit="%",
        transform="none",
        window_start=window_start,
        source=source,
        wb_code=wb_code,
    )
    return row


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    catalog = pd.DataFrame(
        [
            _catalog_row("gdp_growth", "growth", "wdi", GDP, 2021),
            _catalog_row("internet", "payments", "wdi", NET, 2021),
            _catalog_row("lpi", "logistics", "lpi2023", "", 2023),
        ],
        columns=list(CATALOG_COLUMNS),
    )
    sources = pd.DataFrame(
        [
            ["lpi2023", "World Bank", "LPI", "2023", "2023", "CC BY 4.0", "test", "lpi.csv"],
            ["wdi", "World Bank", "WDI", "mirror", "2026", "CC BY 4.0", "test", "wdi/<CODE>.csv"],
        ],
        columns=list(SOURCES_COLUMNS),
    )
    economies = pd.DataFrame(
        [
            ["DEU", "Germany", "DE", "276", "Europe & Central Asia", "High income", "Western Europe"],
            ["FRA", "France", "FR", "250", "Europe & Central Asia", "High income", "Western Europe"],
            ["VNM", "Viet Nam", "VN", "704", "East Asia & Pacific", "Lower middle income", "South-eastern Asia"],
        ],
        columns=list(ECONOMIES_COLUMNS),
    )
    values = pd.DataFrame(
        [
            ["DEU", "gdp_growth", 1.5, 2022, "wdi"],
            ["DEU", "internet", 90.0, 2022, "wdi"],
            ["DEU", "lpi", 4.1, 2023, "lpi2023"],
            ["FRA", "gdp_growth", 0.5, 2022, "wdi"],
            ["FRA", "lpi", 3.9, 2023, "lpi2023"],
            ["VNM", "internet", 70.25, 2021, "wdi"],
        ],
        columns=list(SNAPSHOT_COLUMNS),
    )
    for name, frame in (("catalog", catalog), ("sources", sources), ("economies", economies), ("snapshot", values)):
        (root / f"{name}.csv").write_bytes(serialize_csv(frame))
    load_snapshot(root)  # the fixture itself must be a valid data dir
    return root


def _record(code: str, iso3: str, year: int, value: float | None) -> dict:
    return {
        "indicator": {"id": code, "value": code},
        "country": {"id": iso3[:2], "value": iso3},
        "countryiso3code": iso3,
        "date": str(year),
        "value": value,
        "unit": "",
        "obs_status": "",
        "decimal": 1,
    }


def _page(records: list[dict], page: int = 1, pages: int = 1) -> bytes:
    meta = {"page": page, "pages": pages, "per_page": 20000, "total": len(records), "lastupdated": "2026-03-01"}
    return json.dumps([meta, records]).encode()


GOOD = {
    (GDP, 1): (
        200,
        _page(
            [
                _record(GDP, "DEU", 2025, None),
                _record(GDP, "DEU", 2024, -0.25),
                _record(GDP, "DEU", 2023, 0.75),
                _record(GDP, "FRA", 2024, 1.125),
                _record(GDP, "VNM", 2025, 6.5),
                _record(GDP, "WLD", 2025, 3.0),
                _record(GDP, "EUU", 2024, 1.0),
                _record(GDP, "", 2024, 9.0),
            ]
        ),
    ),
    (NET, 1): (200, _page([_record(NET, "DEU", 2024, 93.5), _record(NET, "FRA", 2020, 99.0)])),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        url = urlparse(self.path)
        query = parse_qs(url.query)
        code = url.path.rsplit("/", 1)[-1]
        self.server.requests.append((url.path, query))  # type: ignore[attr-defined]
        page = int(query.get("page", ["1"])[0])
        status, body, *delay = self.server.responses.get((code, page), (404, b"not found"))  # type: ignore[attr-defined]
        if delay:
            time.sleep(delay[0])
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeout test)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def api(request: pytest.FixtureRequest):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.responses = dict(GOOD)  # type: ignore[attr-defined]
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    request.addfinalizer(stop)
    server.base_url = f"http://127.0.0.1:{server.server_address[1]}/v2"  # type: ignore[attr-defined]
    return server


def _hashes(root: Path, *, hidden: bool = True) -> dict[str, str]:
    """Every file in the data dir (with `hidden`, stray temp files count too)."""
    files = [p for p in sorted(root.iterdir()) if hidden or not p.name.startswith(".")]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _value(root: Path, iso3: str, ind: str) -> tuple[float, int, str] | None:
    values = load_snapshot(root).values
    row = values[(values["iso3"] == iso3) & (values["indicator"] == ind)]
    return None if row.empty else (float(row["value"].iloc[0]), int(row["year"].iloc[0]), row["source"].iloc[0])


def test_success_updates_values_and_years_and_leaves_other_rows(api, data_dir: Path) -> None:
    before = (data_dir / "snapshot.csv").read_text().splitlines()
    catalog_before = (data_dir / "catalog.csv").read_bytes()
    report = refresh(data_dir, base_url=api.base_url, today=TODAY, timeout=5)
    assert report.indicators == {"gdp_growth": 3, "internet": 1}
    assert report.previous == {"gdp_growth": 2, "internet": 2}
    assert "gdp_growth: 2 -> 3 economies" in report.summary()
    # latest non-null within the window; aggregates and unknown codes dropped
    assert _value(data_dir, "DEU", "gdp_growth") == (-0.25, 2024, API_SOURCE)
    assert _value(data_dir, "FRA", "gdp_growth") == (1.125, 2024, API_SOURCE)
    assert _value(data_dir, "VNM", "gdp_growth") == (6.5, 2025, API_SOURCE)
    assert _value(data_dir, "DEU", "internet") == (93.5, 2024, API_SOURCE)
    # France's 2020 value is outside the 2021 window; Viet Nam's old value is gone with the old rows
    assert _value(data_dir, "FRA", "internet") is None
    assert _value(data_dir, "VNM", "internet") is None
    after = (data_dir / "snapshot.csv").read_text().splitlines()
    assert [line for line in before if ",lpi," in line] == [line for line in after if ",lpi," in line]
    assert (data_dir / "catalog.csv").read_bytes() == catalog_before
    snap = load_snapshot(data_dir)
    assert snap.sources.loc[API_SOURCE, "edition"] == "World Bank API v2, retrieved 2026-03-15"
    assert snap.sources.loc["wdi", "edition"] == "mirror"
    # the request asked for the documented query
    path, query = api.requests[0]
    assert path == f"/v2/country/all/indicator/{GDP}"
    assert query["format"] == ["json"] and query["per_page"] == ["20000"] and query["date"] == ["2021:2026"]


def test_second_refresh_with_same_responses_is_byte_identical(api, data_dir: Path) -> None:
    refresh(data_dir, base_url=api.base_url, today=TODAY, timeout=5)
    first = _hashes(data_dir)
    refresh(data_dir, base_url=api.base_url, today=TODAY, timeout=5)
    assert _hashes(data_dir) == first


def test_pagination_follows_pages(api, data_dir: Path) -> None:
    api.responses[(GDP, 1)] = (200, _page([_record(GDP, "DEU", 2024, 2.0)], 1, 3))
    api.responses[(GDP, 2)] = (200, _page([_record(GDP, "FRA", 2024, 3.0)], 2, 3))
    api.responses[(GDP, 3)] = (200, _page([_record(GDP, "VNM", 2023, 4.0)], 3, 3))
    report = refresh(data_dir, base_url=api.base_url, today=TODAY, timeout=5)
    assert report.indicators["gdp_growth"] == 3
    assert _value(data_dir, "VNM", "gdp_growth") == (4.0, 2023, API_SOURCE)
    pages = [q.get("page", ["1"])[0] for p, q in api.requests if p.endswith(GDP)]
    assert pages == ["1", "2", "3"]


API_ERROR = json.dumps(
    [{"message": [{"id": "120", "key": "Invalid value", "value": "The provided parameter value is not valid"}]}]
).encode()


@pytest.mark.parametrize(
    ("response", "needle"),
    [
        ((500, b"oops"), "HTTP 500"),
        ((200, API_ERROR), "refused the request: Invalid value - The provided parameter value is not valid (id 120)"),
        ((200, _page([_record(NET, "DEU", 2024, 93.5)])[:-7]), "not valid JSON"),
        ((200, b"<html>maintenance</html>"), "not valid JSON"),
        ((200, b'{"page": 1}'), "unexpected response shape"),
        ((200, _page([])), "returned no values"),
        ((200, json.dumps([{"page": 1, "pages": 0, "total": 0}, None]).encode()), "returned no values"),
        ((200, _page([_record(NET, "WLD", 2024, 50.0)])), "returned no values"),
        ((200, _page([_record(NET, "DEU", 2024, "93")])), "malformed value"),
        ((200, _page([{**_record(NET, "DEU", 2024, 1.0), "date": "2024Q1"}])), "malformed year"),
        ((200, json.dumps([{"page": 1, "pages": "many"}, []]).encode()), "page count"),
        ((200, _page([_record(NET, "DEU", 2024, 1.0)], 1, 10_000)), "refusing more than"),
    ],
    ids=[
        "http500",
        "api_error",
        "truncated",
        "html",
        "shape",
        "empty",
        "null_records",
        "only_aggregates",
        "string_value",
        "quarter_year",
        "bad_page_count",
        "runaway_pages",
    ],
)
def test_failure_after_first_indicator_succeeded_leaves_everything_untouched(
    api, data_dir: Path, response: tuple[int, bytes], needle: str
) -> None:
    # gdp_growth is fetched first and succeeds; internet fails
    api.responses[(NET, 1)] = response
    before = _hashes(data_dir)
    with pytest.raises(RefreshError) as info:
        refresh(data_dir, base_url=api.base_url, today=TODAY, timeout=5)
    message = str(info.value)
    assert message.startswith(f"internet ({NET}): ") and needle in message, message
    assert "\n" not in message
    assert _hashes(data_dir) == before
    assert any(p.endswith(GDP) for p, _ in api.requests)


def test_timeout(api, data_dir: Path) -> None:
    api.responses[(GDP, 1)] = (200, GOOD[(GDP, 1)][1], 1.0)
    before = _hashes(data_dir)
    started = time.monotonic()
    with pytest.raises(RefreshError, match=r"gdp_growth \(NY.GDP.MKTP.KD.ZG\): .* did not answer within 0.2 s"):
        refresh(data_dir, base_url=api.base_url, today=TODAY, timeout=0.2)
    assert time.monotonic() - started < 0.9
    assert _hashes(data_dir) == before


def test_connection_refused(data_dir: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    before = _hashes(data_dir)
    with pytest.raises(RefreshError, match="cannot connect to the World Bank API"):
        refresh(data_dir, base_url=f"http://127.0.0.1:{port}/v2", today=TODAY, timeout=2)
    assert _hashes(data_dir) == before


def test_exception_mid_way_from_session_leaves_data_untouched(api, data_dir: Path) -> None:
    class Flaky(requests.Session):
        calls = 0

        def get(self, *args, **kwargs):  # type: ignore[override]
            Flaky.calls += 1
            if Flaky.calls == 2:
                raise KeyError("boom")
            return super().get(*args, **kwargs)

    before = _hashes(data_dir)
    with Flaky() as session, pytest.raises(RefreshError, match=r"internet .*unexpected KeyError"):
        refresh(data_dir, base_url=api.base_url, session=session, today=TODAY, timeout=5)
    assert _hashes(data_dir) == before


def _fail_second_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    import xbmarkets.atomic as atomic

    calls = {"n": 0}

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)


def test_write_failure_leaves_data_files_untouched(api, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_second_fsync(monkeypatch)
    before = _hashes(data_dir)
    with pytest.raises(RefreshError, match="No space left"):
        refresh(data_dir, base_url=api.base_url, today=TODAY, timeout=5)
    assert _hashes(data_dir, hidden=False) == before


def test_write_failure_leaves_no_temp_file(api, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_second_fsync(monkeypatch)
    before = _hashes(data_dir)
    with pytest.raises(RefreshError):
        refresh(data_dir, base_url=api.base_url, today=TODAY, timeout=5)
    assert _hashes(data_dir) == before


def test_broken_data_dir_is_a_refresh_error(tmp_path: Path) -> None:
    with pytest.raises(RefreshError, match="cannot refresh"):
        refresh(tmp_path / "missing", base_url="http://127.0.0.1:9/v2", today=TODAY)


def test_a_derived_indicator_is_recomputed_as_the_build_computes_it(api, data_dir: Path) -> None:
    """A catalog row with derivation mean_of_last:2 gets the mean of the two newest years, fetched from
    the year before the window so the first in-window value still has its predecessor."""
    catalog = pd.read_csv(data_dir / "catalog.csv", dtype=str, keep_default_na=False)
    catalog.loc[catalog["id"] == "gdp_growth", "derivation"] = "mean_of_last:2"
    (data_dir / "catalog.csv").write_bytes(serialize_csv(catalog))
    refresh(data_dir, base_url=api.base_url, today=TODAY, timeout=5)
    assert _value(data_dir, "DEU", "gdp_growth") == ((-0.25 + 0.75) / 2, 2024, API_SOURCE)
    assert _value(data_dir, "FRA", "gdp_growth") is None  # only one year: no two-year mean, never filled
    asked = [q["date"][0] for path, q in api.requests if path.endswith(GDP)]
    assert asked and all(d.startswith("2020:") for d in asked)  # window 2021 minus one year of history


def test_an_unknown_derivation_is_refused_and_nothing_changes(api, data_dir: Path) -> None:
    catalog = pd.read_csv(data_dir / "catalog.csv", dtype=str, keep_default_na=False)
    catalog.loc[catalog["id"] == "gdp_growth", "derivation"] = "median_of:3"
    (data_dir / "catalog.csv").write_bytes(serialize_csv(catalog))
    before = _hashes(data_dir)
    with pytest.raises(RefreshError, match="unknown derivation"):
        refresh(data_dir, base_url=api.base_url, today=TODAY, timeout=5)
    assert _hashes(data_dir) == before
