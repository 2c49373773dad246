"""The CSVs the dashboard offers are safe to open in a spreadsheet and read back exactly.

Text in an export can come from a founder's upload (column names) or from a
snapshot (country names); a cell that starts with ``= + - @`` (or tab, CR,
their full-width forms) would run as a formula in Excel/WPS.  The loader
already refuses uploads whose header or country cell *starts* that way (see
`hostile_cases`), so what it accepts is a header that holds a formula later
on -- and the Map page turns ``"revenue: =HYPERLINK(...)"`` into a CSV column
titled ``=HYPERLINK(...)``.  These tests take the bytes a page really hands to
``st.download_button`` and check:

* every text cell (header or body) that a spreadsheet would run is escaped
  with a leading ``'``; real numbers, negatives included, are left as numbers;
* `export.read_exported_csv` gives back the frame the page shows;
* `custom.load_custom` reads the export as a founder CSV and gets the same
  numbers (so an export can be re-uploaded).

Country names in the ranking come from the snapshot, never from the upload,
so hostile names are checked on the pure function the page uses
(`views.ranking_frame` + `export.to_csv_bytes`).
"""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pandas as pd
import pytest
from app_support import PAGES, assert_ok, capture_downloads, open_page

from xbmarkets.custom import load_custom
from xbmarkets.export import FORMULA_PREFIXES, read_exported_csv, to_csv_bytes
from xbmarkets.ui import views

# Column -> (header as uploaded, the text the Map page puts in its CSV header, values by iso3).
# Every number is made up for the test; several are negative on purpose.
HOSTILE = {
    "revenue": ('revenue: =HYPERLINK("http://x")', '=HYPERLINK("http://x")', [10, 5, 7, 2, 9]),
    "cost": ("cost: @SUM(A1)", "@SUM(A1)", [-1.5, -2, 0, 4.75, -0.001]),
    "risk": ("risk: +cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", [3, 1, 2, 0.5, 2.5]),
    "delta": ("delta: -2+3", "-2+3", [-0.25, 0.5, -3, 1e-5, 2]),
    "quoted": ("'=1+1", "'=1+1", [1, 2, 3, 4, 5]),  # looks already escaped: must survive as written
}
ISO3 = ["DEU", "BRA", "VNM", "KEN", "FRA"]
NAMES = ["Germany", "Brazil", "Viet Nam", "Kenya", "France"]


def _upload_bytes() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["country", *(h for h, _, _ in HOSTILE.values())])
    for k, name in enumerate(NAMES):
        writer.writerow([name, *(repr(float(v[k])) for _, _, v in HOSTILE.values())])
    return out.getvalue().encode()


UPLOAD = _upload_bytes()


def body_rows(data: bytes) -> list[list[str]]:
    """Header and data rows as raw cells, after the `# key: value` lines (checked to be comments)."""
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text[1:].splitlines(keepends=True)
    start = 0
    while lines[start].startswith(("#", '"#')):
        start += 1
    return list(csv.reader(io.StringIO("".join(lines[start:]))))


def is_number(cell: str) -> bool:
    try:
        return math.isfinite(float(cell))
    except ValueError:
        return False


def assert_spreadsheet_safe(data: bytes) -> None:
    """No cell a spreadsheet would evaluate: each is a finite number or does not start with a formula sign."""
    rows = body_rows(data)
    bad = [
        (r, c, cell)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row)
        if cell.startswith(FORMULA_PREFIXES) and not (r > 0 and is_number(cell))
    ]
    assert not bad, bad[:5]


def numeric_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]


def loader_numbers(data: bytes) -> pd.DataFrame:
    """The export read as a founder CSV: iso3 x column name."""
    loaded = load_custom(data)
    return loaded.values.rename(columns=dict(zip(loaded.criteria.index, loaded.criteria["name"], strict=False)))


@pytest.fixture
def session(monkeypatch):
    downloads = capture_downloads(monkeypatch)
    at = open_page("data")
    at.file_uploader(key="custom_file").upload("hostile.csv", UPLOAD, "text/csv").run()
    assert_ok(at)
    assert not at.error, [e.value for e in at.error]
    assert len([r for r in at.radio if r.key.startswith("cdir_")]) == len(HOSTILE)
    return at, downloads


def test_the_upload_is_accepted_as_written():
    """Guard for the fixture: the loader keeps every hostile header and every negative number."""
    got = loader_numbers(UPLOAD)
    for header, _, values in HOSTILE.values():
        assert got.loc[ISO3, header].tolist() == [float(v) for v in values]


def test_ranking_csv_is_safe_and_round_trips(session):
    at, downloads = session
    at.switch_page(PAGES["ranking"]).run()
    assert_ok(at)
    shown = at.dataframe[0].value
    assert "Your data" in shown.columns and set(shown["ISO3"]) <= set(ISO3)
    data = downloads["xbmarkets-ranking.csv"]
    assert_spreadsheet_safe(data)

    back = read_exported_csv(data)
    assert list(back.columns) == list(shown.columns)
    assert back.attrs["meta"]["generated_by"] == "xbmarkets dashboard"
    # (was: exact to the last bit) every number here is a rank or a score/share: scores at 4 decimals
    people = shown.copy()
    for col in numeric_columns(shown):
        people[col] = [round(v, 4) if isinstance(v, float) else v for v in shown[col].tolist()]
        assert back[col].tolist() == people[col].tolist(), col  # exact at the written precision
    for col in ("ISO3", "Country"):
        assert back[col].tolist() == shown[col].astype(str).tolist()

    again = loader_numbers(data)
    assert sorted(again.index) == sorted(shown["ISO3"])
    by_iso = people.set_index("ISO3")
    for col in numeric_columns(shown):
        assert again.loc[by_iso.index, col].tolist() == by_iso[col].astype(float).tolist(), col


@pytest.mark.parametrize("column", list(HOSTILE))
def test_map_csv_of_a_custom_column_escapes_its_title_and_keeps_negative_numbers(session, column):
    at, downloads = session
    header, title, values = HOSTILE[column]
    at.switch_page(PAGES["map"]).run()
    assert_ok(at)
    option = next(o for o in at.selectbox(key="map_what").options if o.endswith(header))
    at.selectbox(key="map_what").select(option).run()
    assert_ok(at)
    data = downloads["xbmarkets-map.csv"]
    assert_spreadsheet_safe(data)
    back = read_exported_csv(data)
    shown = back.columns[2]
    # pages/5_Map.py titles the column with what follows the last ": " of its label, so today the
    # CSV header is the formula part alone; the full header would do as well -- escaped the same way
    assert shown in (title, header)
    raw = body_rows(data)[0][2]
    assert raw == ("'" + shown if shown.lstrip("'").startswith(FORMULA_PREFIXES) else shown)
    got = back.set_index(back.columns[0])[shown]
    assert got.loc[ISO3].tolist() == [float(v) for v in values]

    again = loader_numbers(data)  # what a founder re-uploading this file would get
    assert again.loc[ISO3, raw].tolist() == [float(v) for v in values]


# --------------------------------------------------------------------------- the pure function, hostile names

HOSTILE_TEXT = ['=HYPERLINK("http://x")', "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "\t=1", "＝1+1", "'=1+1"]


def hostile_table() -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    iso = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG"]
    table = pd.DataFrame(
        {
            "rank": np.arange(1, 8),
            "score": [0.9, 0.5, 0.25, 0.0, -0.125, -1.5, -1e-4],  # engine scores are 0..1; the export must not care
            "growth": [0.1, np.nan, -0.2, 0.3, 0.4, 0.5, 0.6],
            "coverage": [1.0, 0.8, 0.6, 1.0, 1.0, 0.75, 0.5],
        },
        index=pd.Index(iso, name="iso3"),
    )
    economies = pd.DataFrame({"name": HOSTILE_TEXT, "region": "r", "income_group": "i"}, index=table.index)
    tiers = pd.Series(["mature", "growth", "emerging", "-tier", "@tier", "mature", "growth"], index=table.index)
    return table, economies, tiers


def test_ranking_frame_export_escapes_every_hostile_text_cell_and_keeps_numbers():
    table, economies, tiers = hostile_table()
    headers = {
        "rank": "=rank",
        "iso3": "ISO3",
        "country": "@country",
        "score": "-score",
        "tier": "+tier",
        "coverage": "Coverage",
        "growth": "Growth",
    }
    frame = views.ranking_frame(table, economies, tiers, ["growth"], headers)
    data = to_csv_bytes(frame, {"method": "=cmd", "filter_region": "@x, +y"})
    assert_spreadsheet_safe(data)

    rows = body_rows(data)
    assert rows[0] == ["'=rank", "ISO3", "'@country", "'-score", "'+tier", "Growth", "Coverage"]
    for row, name, tier in zip(rows[1:], HOSTILE_TEXT, tiers, strict=False):
        want_name = "'" + name if name.lstrip("'").startswith(FORMULA_PREFIXES) else name
        assert row[2] == want_name
        assert row[4] == ("'" + tier if tier.startswith(FORMULA_PREFIXES) else tier)
    # real numbers stay numbers, negatives included (no quote in front of -0.125)
    assert [row[3] for row in rows[1:]] == ["0.9", "0.5", "0.25", "0.0", "-0.125", "-1.5", "-0.0001"]
    assert rows[2][5] == ""  # missing stays empty, never a typed-in number

    back = read_exported_csv(data)
    assert list(back.columns) == list(frame.columns)
    assert back["@country"].tolist() == HOSTILE_TEXT
    assert back["+tier"].tolist() == tiers.tolist()
    for col in ("=rank", "-score", "Growth", "Coverage"):
        pd.testing.assert_series_equal(back[col].astype(float), frame[col].astype(float), check_names=False)
    assert back.attrs["meta"]["method"] == "=cmd"


def test_ranking_frame_export_round_trips_through_the_loader():
    """A founder who re-uploads an export gets the same numbers (real countries: the loader needs them).

    The names here carry no digits: a text column with digits in some cells is, by the loader's rule,
    a numeric column with typos, and is refused.
    """
    table, economies, tiers = hostile_table()
    real = ["DEU", "BRA", "VNM", "KEN", "FRA", "JPN", "NAM"]
    table.index = pd.Index(real, name="iso3")
    economies.index = table.index
    economies["name"] = ['=HYPERLINK("x")', "@SUM(A)", "+cmd|' /C calc'!A", "-a+b", "\t=x", "＝x", "'=x"]
    tiers.index = table.index
    frame = views.ranking_frame(
        table,
        economies,
        tiers,
        ["growth"],
        {
            "rank": "Rank",
            "iso3": "ISO3",
            "country": "Country",
            "score": "Score",
            "tier": "Tier",
            "coverage": "Coverage",
            "growth": "Growth",
        },
    )
    loaded = loader_numbers(to_csv_bytes(frame, {"method": "wsm"}))
    assert sorted(loaded.index) == sorted(real)
    by_iso = frame.set_index("ISO3")
    for col in ("Rank", "Score", "Growth", "Coverage"):
        pd.testing.assert_series_equal(
            loaded.loc[real, col], by_iso.loc[real, col].astype(float), check_names=False, check_index=False
        )
