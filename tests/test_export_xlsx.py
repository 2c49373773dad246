"""Exports people open: numbers rounded for people (CSV and Excel), and the Excel workbook itself.

Expected values are written out by hand from the rule in `xbmarkets.export`
(scores and shares at 4 decimals, other floats at 15 significant digits),
never taken from the writer's own output.  The workbook is read back with
openpyxl, and its sheet XML is checked for formula elements directly.
"""

from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from xbmarkets.export import (
    KINDS_ATTR,
    column_kinds,
    read_exported_csv,
    read_exported_xlsx,
    round_for_people,
    to_csv_bytes,
    to_xlsx_bytes,
    write_table_atomic,
    write_xlsx_atomic,
)

# the hostile cells of tests/test_export.py, plus a quote-prefixed one and the other full-width forms
HOSTILE = ["=1+1", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "\tTAB", "\rCR", "＝1+1", "＋1", "－1", "＠A1", "'=b"]


def _body(data: bytes) -> list[str]:
    return [line for line in data.decode("utf-8-sig").splitlines() if not line.startswith(("#", '"#'))]


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


# --------------------------------------------------------------------------- rounding rule


def test_scores_and_shares_are_written_at_four_decimals_without_noise() -> None:
    frame = pd.DataFrame(
        {
            "score": [0.7513761107298846, 0.5, 1e-7],
            "coverage_growth": [1.0000000000000002, 0.9999999999999999, 0.8],
            "p_first": [0.38789999999999997, 0.0, 0.12345],
        }
    )
    assert _body(to_csv_bytes(frame)) == [
        "score,coverage_growth,p_first",
        "0.7514,1.0,0.3879",
        "0.5,1.0,0.0",
        "0.0,0.8,0.1235",  # 1e-7 is 0 at 4 decimals, and never "-0.0"
    ]


def test_negative_zero_never_reaches_a_file() -> None:
    frame = pd.DataFrame({"score": [-1e-12, 0.2], "delta": [-0.0, 3.5]})  # -1e-12: noise below a 0 score
    assert _body(to_csv_bytes(frame))[1:] == ["0.0,0.0", "0.2,3.5"]


def test_other_floats_keep_fifteen_significant_digits() -> None:
    frame = pd.DataFrame(
        {
            "gdp_usd": [1043529899250.92, 4002587541846.01],
            "wgi": [1.7293800115585327, -0.30000000000000004],
            "tiny": [2.5e-12, 123.456],
        }
    )
    assert _body(to_csv_bytes(frame))[1:] == [
        "1043529899250.92,1.72938001155853,2.5e-12",
        "4002587541846.01,-0.3,123.456",
    ]


def test_a_column_named_as_a_share_is_one_even_when_a_value_is_out_of_range() -> None:
    # coverage is a share by name; the [0, 1] test alone would miss a column holding 1.2 by mistake
    kinds = column_kinds(pd.DataFrame({"coverage": [0.123456, 1.2], "p_top_k": [0.5, 0.25], "x": [0.5, 2.0]}))
    assert kinds == ["percent", "percent", "number"]


def test_integers_text_and_booleans_are_left_alone() -> None:
    frame = pd.DataFrame(
        {"rank": [1, 2], "year": pd.array([2024, None], dtype="Int64"), "name": ["a", "b"], "ok": [True, False]}
    )
    assert column_kinds(frame) == ["integer", "integer", "other", "other"]
    assert _body(to_csv_bytes(frame))[1:] == ["1,2024,a,True", "2,,b,False"]


def test_a_declared_exact_column_in_zero_one_keeps_its_digits() -> None:
    # a founder's own shipping-cost share: source values, never cut to 4 decimals
    frame = pd.DataFrame({"cost_share": [0.00125, 0.987654321], "score": [0.00125, 0.987654321]})
    frame.attrs[KINDS_ATTR] = {"cost_share": "exact"}
    assert column_kinds(frame) == ["number", "share"]
    back = read_exported_csv(to_csv_bytes(frame))
    assert back["cost_share"].tolist() == [0.00125, 0.987654321]
    assert back["score"].tolist() == [0.0013, 0.9877]


def test_round_for_people_is_what_both_formats_hold() -> None:
    frame = pd.DataFrame(
        {"iso3": ["CHE", "GBR"], "score": [0.7513761107298846, 0.7354886423101826], "gdp": [9.1e11 + 0.5, -1.25]}
    )
    people = round_for_people(frame)
    assert people["score"].tolist() == [0.7514, 0.7355]
    assert people["gdp"].tolist() == [910000000000.5, -1.25]
    assert frame["score"].tolist() == [0.7513761107298846, 0.7354886423101826]  # the caller's frame is untouched
    csv_back = read_exported_csv(to_csv_bytes(frame))
    xlsx_back = read_exported_xlsx(to_xlsx_bytes(frame))
    for col in ("score", "gdp"):
        assert csv_back[col].tolist() == people[col].tolist()
        assert xlsx_back[col].astype(float).tolist() == people[col].tolist()


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=20))
def test_share_round_trip_is_exact_at_four_decimals(values: list[float]) -> None:
    back = read_exported_csv(to_csv_bytes(pd.DataFrame({"score": values})))
    assert back["score"].tolist() == [round(v, 4) + 0.0 for v in values]
    assert all(len(repr(v).partition(".")[2]) <= 4 for v in back["score"])  # no float noise after the 4th


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    st.lists(
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300), min_size=1, max_size=20
    )
)
def test_other_floats_round_trip_within_fifteen_digits(values: list[float]) -> None:
    frame = pd.DataFrame({"value": [*values, 1e6]})  # 1e6: never a [0, 1] share column
    back = read_exported_csv(to_csv_bytes(frame))["value"].tolist()
    for got, want in zip(back, frame["value"].tolist(), strict=True):
        assert got == float(f"{want:.15g}")
        assert math.isclose(got, want, rel_tol=1e-14, abs_tol=0.0)


# --------------------------------------------------------------------------- the workbook


def _hostile_frame() -> pd.DataFrame:
    n = len(HOSTILE)
    return pd.DataFrame(
        {
            "name": HOSTILE,
            "delta": [-float(k) - 0.5 for k in range(n)],  # real negative numbers
            "score": [k / (n - 1) for k in range(n)],
            "rank": list(range(1, n + 1)),
        }
    )


def test_hostile_text_is_a_string_cell_never_a_formula() -> None:
    frame = _hostile_frame()
    frame.columns = ["=HYPERLINK(1)", "delta", "score", "rank"]  # a hostile header too
    data = to_xlsx_bytes(frame, {"note": "=cmd|' /C calc'!A0"})
    ws = _book(data).worksheets[0]
    header = ws.cell(row=1, column=1)
    assert header.data_type == "s" and header.value == "=HYPERLINK(1)" and header.quotePrefix
    for row, text in enumerate(HOSTILE, start=2):
        cell = ws.cell(row=row, column=1)
        assert cell.data_type == "s", text
        # the text as it was (XML reads a bare carriage return as a line feed; still text)
        assert cell.value == text.replace("\r", "\n"), text
        assert cell.quotePrefix == text.startswith(("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert len(sheets) == 2
        for name in sheets:
            xml = archive.read(name)
            assert b"<f>" not in xml and b"<f " not in xml, name  # no formula element anywhere


def test_numbers_stay_numbers_negative_ones_included() -> None:
    ws = _book(to_xlsx_bytes(_hostile_frame())).worksheets[0]
    for row in range(2, len(HOSTILE) + 2):
        delta, score, rank = (ws.cell(row=row, column=c) for c in (2, 3, 4))
        assert delta.data_type == "n" and delta.value == -(row - 2) - 0.5
        assert score.data_type == "n" and isinstance(rank.value, int)


def test_about_sheet_holds_the_metadata_and_headers_are_frozen() -> None:
    meta = {"method": "topsis", "pillar_weights": "growth=0.500, logistics=0.500", "filter_region": "a\nb"}
    data = to_xlsx_bytes(_hostile_frame(), meta, sheet="rank")
    book = _book(data)
    assert book.sheetnames == ["rank", "About"]
    assert book["rank"].freeze_panes == "A2" and book["About"].freeze_panes == "A2"
    assert book["rank"].cell(row=1, column=1).font.bold
    rows = list(book["About"].iter_rows(values_only=True))
    assert rows == [
        ("key", "value"),
        ("method", "topsis"),
        ("pillar_weights", "growth=0.500, logistics=0.500"),
        ("filter_region", "a b"),  # one line, as in the CSV header
    ]
    assert (
        read_exported_xlsx(data).attrs["meta"] == read_exported_csv(to_csv_bytes(_hostile_frame(), meta)).attrs["meta"]
    )


def test_number_formats_follow_the_column_kind() -> None:
    frame = pd.DataFrame(
        {
            "score": [0.75, 0.5],
            "coverage": [0.9, 1.0],
            "population": [9092436.0, 69487000.0],
            "gdp_usd": [1043529899250.92, 2.5],
            "wgi": [1.72938, -0.5],
            "rank": [1, 2],
            "year": [2024, 2025],
            "big_count": [12_000, 3],
        }
    )
    ws = _book(to_xlsx_bytes(frame)).worksheets[0]
    formats = {ws.cell(row=1, column=c).value: ws.cell(row=2, column=c).number_format for c in range(1, 9)}
    assert formats == {
        "score": "0.0000",
        "coverage": "0.00%",
        "population": "#,##0",
        "gdp_usd": "#,##0.00",
        "wgi": "General",
        "rank": "0",
        "year": "0",  # a year is not "2,024"
        "big_count": "#,##0",
    }


def test_missing_infinite_boolean_and_unwritable_cells() -> None:
    frame = pd.DataFrame(
        {
            "v": [np.nan, np.inf, -np.inf, 2.0],
            "ok": [True, False, None, True],
            "text": ["bell\x07here", None, "", "fine"],
        }
    )
    ws = _book(to_xlsx_bytes(frame)).worksheets[0]
    assert ws.cell(row=2, column=1).value is None
    assert ws.cell(row=3, column=1).value == "inf" and ws.cell(row=3, column=1).data_type == "s"
    assert ws.cell(row=4, column=1).value == "-inf" and ws.cell(row=4, column=1).data_type == "s"
    assert ws.cell(row=2, column=2).value is True and ws.cell(row=3, column=2).value is False
    assert ws.cell(row=2, column=3).value == "bell\ufffdhere"  # XML cannot hold a control character
    assert ws.cell(row=3, column=3).value is None


def test_index_and_sheet_names_excel_accepts() -> None:
    frame = pd.DataFrame({"score": [0.5]}, index=pd.Index(["DEU"], name="iso3"))
    book = _book(to_xlsx_bytes(frame, index=True, sheet="a/b:c*d?[e]" + "x" * 40))
    name = book.sheetnames[0]
    assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert [c.value for c in book.worksheets[0][1]] == ["iso3", "score"]
    assert _book(to_xlsx_bytes(frame, sheet="About")).sheetnames == ["Table", "About"]


def test_write_table_atomic_picks_the_format_by_suffix(tmp_path: Path) -> None:
    frame = pd.DataFrame({"score": [0.123456]})
    write_table_atomic(tmp_path / "a.XLSX", frame, {"m": "x"})
    write_table_atomic(tmp_path / "a.csv", frame, {"m": "x"})
    assert zipfile.is_zipfile(tmp_path / "a.XLSX")
    assert (tmp_path / "a.csv").read_bytes() == to_csv_bytes(frame, {"m": "x"})
    assert read_exported_xlsx((tmp_path / "a.XLSX").read_bytes())["score"].tolist() == [0.1235]


def test_failed_workbook_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "ranking.xlsx"
    target.write_bytes(b"old")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("openpyxl.Workbook.save", boom)
    with pytest.raises(OSError):
        write_xlsx_atomic(target, _hostile_frame())
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["ranking.xlsx"]
