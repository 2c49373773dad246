"""Tests for xbmarkets.export: OWASP CSV-injection escaping, metadata lines, round trips."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from xbmarkets.custom import load_custom
from xbmarkets.export import read_exported_csv, to_csv_bytes, write_csv_atomic

HOSTILE = ["=1+1", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "\tTAB", "\rCR", "＝1+1"]


def _rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    body = [line for line in text.splitlines(keepends=True) if not line.startswith(("#", '"#'))]
    return list(csv.reader(io.StringIO("".join(body), newline="")))


def _ranking() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country": ["Germany", "Viet Nam", "Côte d'Ivoire", "中国"],
            "rank": [1, 2, 3, 4],
            "score": [0.8125, 0.5, -0.125, 1e-7],
            "growth": [0.1, np.nan, -3.5, 2.0],
            "tier": ["mature", "growth", "emerging", "growth"],
        },
        index=pd.Index(["DEU", "VNM", "CIV", "CHN"], name="iso3"),
    )


def test_starts_with_utf8_bom_for_excel() -> None:
    data = to_csv_bytes(_ranking())
    assert data.startswith(b"\xef\xbb\xbf")
    assert "中国".encode() in data


@pytest.mark.parametrize("cell", HOSTILE)
def test_formula_cells_neutralised_in_body_header_and_index(cell: str) -> None:
    frame = pd.DataFrame({cell: [cell, "plain"], "n": [1.0, 2.0]}, index=pd.Index([cell, "DEU"], name=cell + "i"))
    rows = _rows(to_csv_bytes(frame, index=True))
    header, first = rows[0], rows[1]
    assert header[0] == "'" + cell + "i" and header[1] == "'" + cell
    assert first[0] == "'" + cell and first[1] == "'" + cell
    assert rows[2][1] == "plain"


def test_negative_numbers_stay_numbers_but_negative_text_is_escaped() -> None:
    frame = pd.DataFrame({"as_number": [-5.0, -0.25], "as_int": [-3, 4], "as_text": ["-5", "x"]})
    rows = _rows(to_csv_bytes(frame))
    assert rows[1] == ["-5.0", "-3", "'-5"]
    assert rows[2] == ["-0.25", "4", "x"]
    back = read_exported_csv(to_csv_bytes(frame))
    assert back["as_number"].tolist() == [-5.0, -0.25]
    assert back["as_int"].tolist() == [-3, 4]
    assert back["as_text"].tolist() == ["-5", "x"]


def test_missing_values_are_empty_and_infinities_are_escaped_text() -> None:
    frame = pd.DataFrame({"v": [np.nan, np.inf, -np.inf], "i": pd.array([None, 1, 2], dtype="Int64")})
    rows = _rows(to_csv_bytes(frame))
    assert rows[1] == ["", ""]
    assert rows[2] == ["inf", "1"]
    assert rows[3] == ["'-inf", "2"]


def test_floats_round_trip_exactly_at_15_significant_digits() -> None:
    # (was: every float back bit for bit; now binary noise past the 15th digit is dropped on purpose)
    values = [0.1, 1 / 3, -2.5e-12, 123456789.123456789, 1e22, 0.1 + 0.2, 1043529899250.92, -108395568633.839]
    back = read_exported_csv(to_csv_bytes(pd.DataFrame({"x": values})))
    assert back["x"].tolist() == [
        0.1,
        0.333333333333333,
        -2.5e-12,
        123456789.123457,
        1e22,
        0.3,  # 0.30000000000000004: noise
        1043529899250.92,  # a published value: every digit kept, however large
        -108395568633.839,
    ]


def test_metadata_lines_are_comments_one_cell_each_and_deterministic() -> None:
    meta = {"weights": "growth=0.3, =cmd|' /C calc'!A0", "method": "wsm\nlf", "generated_at": "2026-01-02T03:04:05Z"}
    first = to_csv_bytes(_ranking(), meta, index=True)
    assert first == to_csv_bytes(_ranking(), meta, index=True)
    lines = first.decode("utf-8-sig").splitlines()
    assert lines[0] == "\"# weights: growth=0.3, =cmd|' /C calc'!A0\""
    assert lines[1] == "# method: wsm lf"
    assert lines[2] == "# generated_at: 2026-01-02T03:04:05Z"
    # a spreadsheet splitting on the delimiter sees each metadata line as a single '#' cell
    for line in lines[:3]:
        cells = next(csv.reader([line]))
        assert len(cells) == 1 and cells[0].startswith("#")
    assert read_exported_csv(first).attrs["meta"] == {
        "weights": "growth=0.3, =cmd|' /C calc'!A0",
        "method": "wsm lf",
        "generated_at": "2026-01-02T03:04:05Z",
    }


def test_read_exported_csv_inverts_escaping_exactly() -> None:
    frame = pd.DataFrame({"t": ["=a", "'=b", "''@c", "'plain", "NA", "d"]})
    back = read_exported_csv(to_csv_bytes(frame))
    assert back["t"].tolist() == frame["t"].tolist()


def test_ranking_round_trips_through_the_custom_loader() -> None:
    frame = _ranking()
    data = to_csv_bytes(frame, {"method": "wsm", "weights": "growth=1, competition=2"}, index=True)
    loaded = load_custom(data)
    by_name = dict(zip(loaded.criteria["name"], loaded.criteria.index, strict=False))
    assert set(by_name) == {"rank", "score", "growth"}
    assert any('"country"' in w for w in loaded.warnings) and any('"tier"' in w for w in loaded.warnings)
    for column in ("rank", "score", "growth"):
        got = loaded.values[by_name[column]].reindex(frame.index)
        pd.testing.assert_series_equal(got, frame[column].astype(float), check_names=False)


def test_write_csv_atomic_writes_the_same_bytes(tmp_path: Path) -> None:
    target = tmp_path / "out" / "ranking.csv"
    write_csv_atomic(target, _ranking(), {"method": "topsis"}, index=True)
    assert target.read_bytes() == to_csv_bytes(_ranking(), {"method": "topsis"}, index=True)
    assert [p.name for p in target.parent.iterdir()] == ["ranking.csv"]


def test_failed_atomic_write_leaves_old_file(tmp_path: Path) -> None:
    target = tmp_path / "ranking.csv"
    target.write_bytes(b"old")

    class Boom:
        columns = property(lambda self: (_ for _ in ()).throw(RuntimeError("mid-way")))

        def reset_index(self):
            return self

    with pytest.raises(RuntimeError):
        write_csv_atomic(target, Boom(), index=True)  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["ranking.csv"]
