"""Shared helpers for the AppTest page tests (not a test module)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from xbmarkets.ui.nav import HOME
from xbmarkets.ui.nav import PAGES as NAV

ROOT = Path(__file__).resolve().parents[1]
# short name -> page file, from the router's own table ("home", "ranking", "tiers", "compare", …)
PAGES = {p.name: p.file for p in NAV}


def open_page(name: str, lang: str = "en", query: dict[str, str | list[str]] | None = None) -> AppTest:
    """Start a session through the router on Home (the URL is read there, as for a shared link), then switch page."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if PAGES[name] != HOME.file:
        at.switch_page(PAGES[name]).run()
    assert_ok(at)
    return at


def assert_ok(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def chart_rows(spec: dict) -> list[list[dict]]:
    """Every inline dataset of a spec (Streamlit moves altair datasets into proto fields or 'datasets')."""
    out = list(spec.get("datasets", {}).values())

    def walk(o):
        if isinstance(o, dict):
            if isinstance(o.get("values"), list):
                out.append(o["values"])
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk(spec)
    return out


def redraw(at: AppTest) -> AppTest:
    """The whole page again after a fragment-only rerun.

    A Ranking control's callback reruns only the table's fragment (issue 12);
    AppTest's element tree then holds what that rerun drew, not the controls
    or the sidebar. A run with no widget change reruns the whole app.
    """
    return at.run()


def chart_frames(chart) -> list:
    """The DataFrames Streamlit attached to one vega_lite_chart element (Arrow IPC bytes)."""
    import pyarrow as pa

    frames = []
    # st.vega_lite_chart(data, spec) sends its rows beside the spec; altair charts send named datasets
    if chart.proto.HasField("data") and chart.proto.data.data:
        frames.append(pa.ipc.open_stream(chart.proto.data.data).read_all().to_pandas())
    for ds in chart.proto.datasets:
        frames.append(pa.ipc.open_stream(ds.data.data).read_all().to_pandas())
    return frames


# --------------------------------------------------------------------------- hostile-input helpers


def open_link(name: str, query: dict[str, str | list[str]] | None = None, lang: str | None = None) -> AppTest:
    """Land on a page straight from a shared link: its first run is on that page, not on Home.

    Unlike `open_page`, the URL is read on that page's first run, as when a
    founder opens a link to e.g. /Ranking?w_growth=... in a fresh tab (Home is
    the bare address).
    """
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    if lang is not None:
        at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if PAGES[name] != HOME.file:
        at.switch_page(PAGES[name])
    return at.run()


class _Downloads(dict):
    """file name -> bytes; a deferred download's bytes are made (once) when the test reads them, as a click would."""

    def __getitem__(self, name: str) -> bytes:
        value = super().__getitem__(name)
        if callable(value):
            value = bytes(value())
            self[name] = value
        return value


def capture_downloads(monkeypatch) -> dict[str, bytes]:
    """file name -> the exact bytes each st.download_button hands to Streamlit (refreshed every run).

    AppTest keeps served files in a throw-away in-memory store; recording what
    goes into it lets a test check the bytes a founder would actually download.
    A deferred download (the tables' CSV and Excel files, built on click) is
    recorded as its callable and run when the test reads it.
    """
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    seen = _Downloads()
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename is not None and isinstance(path_or_data, (bytes, bytearray)):
            seen[filename] = bytes(path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name is not None:
            seen[file_name] = data_callable
        return original_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return seen


def capture_deferred(monkeypatch) -> dict[str, Callable[[], bytes]]:
    """file name -> the callable a deferred st.download_button runs when clicked (not run here).

    The Excel downloads are built only on click; calling the recorded callable
    gives the exact bytes a founder would get.
    """
    from streamlit.runtime.media_file_manager import MediaFileManager

    seen: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name is not None:
            seen[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen


def data_digest() -> dict[str, str]:
    """relative path -> sha256 of every file under data/: the shipped snapshot must never change."""
    import hashlib

    base = ROOT / "data"
    return {
        str(p.relative_to(base)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(base.rglob("*"))
        if p.is_file()
    }
