"""Every CSV that leaves the program: spreadsheet-safe, self-describing, deterministic.

Founders open our CSVs in Excel or WPS, and some cells (country spellings,
custom column names) came from an uploaded file.  A cell starting with ``=``,
``+``, ``-``, ``@``, tab or carriage return would be run as a formula there
(OWASP "CSV injection"), so every *text* cell -- body, header and index -- that
starts with one of them (or with the full-width forms) gets a leading ``'``.
Real numbers (int/float values) are written as numbers, negatives included, so
they stay numbers in the spreadsheet.  A number held as *text* (``"-5"`` in a
text column) is escaped like any text: we cannot tell it from a formula.  A
text cell that already starts with ``'`` followed by such a character gets a
second ``'`` so that :func:`read_exported_csv` can undo the escaping exactly.
Non-finite floats are written as text (``inf``, ``'-inf``).

The file is UTF-8 *with* a BOM: Excel opens BOM-less UTF-8 in the local ANSI
code page and garbles Chinese or accented names.  Optional metadata come first
as ``# key: value`` lines (quoted as one cell when they hold a delimiter, so a
value can never spill into a cell of its own); the caller passes any timestamp,
so the same frame and metadata always give the same bytes.  Floats are written
with ``repr`` (shortest exact round trip); lines end with CRLF (RFC 4180,
and the csv module then quotes any cell holding a bare CR or LF).

Numbers are rounded for people, one rule per column kind (:func:`column_kinds`):

* **shares** -- scores, pillar scores, coverage, probabilities: a float column
  whose values all lie in [0, 1], or whose name says it is a share
  (``coverage``, ``coverage_<pillar>``, ``share``, ``p_first``, ``p_top_k``).
  Written at 4 decimals (``0.7513761107298846`` -> ``0.7514``,
  ``1.0000000000000002`` -> ``1.0``): the engine's inputs carry two to four
  significant digits, so digits past the fourth decimal are noise, and a
  spreadsheet user compares ``0.7514`` with ``0.7355``, not the 16th digit.
* **other floats** -- raw indicator values, z-scores, distances, weights:
  15 significant digits, the most a double always holds exactly.  This
  removes binary noise (``0.30000000000000004`` -> ``0.3``) but keeps every
  value a source published (those have at most 15 digits), however large or
  small: ``1043529899250.92`` stays ``1043529899250.92``.
* integers, text and booleans are written as they are.

A table can name the kind of a column itself in ``df.attrs["column_kinds"]``
(``{column: "share" | "percent" | "exact"}``): ``"exact"`` marks source values
that must never be cut to 4 decimals even when they happen to lie in [0, 1]
(a founder's own 0.00125 shipping-cost share).  Reading an export back gives
exactly the written (rounded) numbers.

:func:`to_xlsx_bytes` writes the same rounded table as an Excel workbook: the
table on the first sheet (frozen bold header, readable number formats:
``0.0000`` for scores, ``0.00%`` for coverage and probabilities, thousands
separators for large values) and an ``About`` sheet with the same ``key:
value`` metadata.  Every text cell is written as a string cell, never a
formula, whatever it starts with; the hostile ones also get Excel's "quote
prefix" flag, so editing the cell in Excel keeps it text.  Numbers stay
numbers, negatives included.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Hashable, Mapping, Sequence
from numbers import Integral, Real

import numpy as np
import pandas as pd

from .atomic import write_atomic

__all__ = [
    "to_csv_bytes",
    "write_csv_atomic",
    "read_exported_csv",
    "to_xlsx_bytes",
    "write_xlsx_atomic",
    "read_exported_xlsx",
    "write_table_atomic",
    "is_xlsx_path",
    "column_kinds",
    "round_for_people",
    "escape_cell",
    "FORMULA_PREFIXES",
    "KINDS_ATTR",
    "XLSX_MIME",
]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
BOM = "\ufeff"
KINDS_ATTR = "column_kinds"
SHARE_DECIMALS = 4
SIGNIFICANT_DIGITS = 15  # DBL_DIG: any decimal with this many digits survives a trip through a double
PERCENT_NAMES = frozenset({"coverage", "share", "p_first", "p_top_k"})
PERCENT_PREFIXES = ("coverage_",)
_SHARE_SLACK = 1e-9  # 1.0000000000000002 is still a share
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def escape_cell(text: str) -> str:
    """Neutralise one text cell for spreadsheets (see the module docstring)."""
    if text.lstrip("'").startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _unescape_cell(text: str) -> str:
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _without_noise(number: float) -> float:
    """`number` at 15 significant digits: binary noise gone, every published digit kept; never -0.0."""
    if not math.isfinite(number):
        return number
    return float(f"{number:.{SIGNIFICANT_DIGITS}g}") + 0.0


def _format(value: object) -> str:
    """One cell: numbers as numbers, everything else as escaped text, missing as empty."""
    if _is_missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Real):
        number = float(value)
        if math.isnan(number):
            return ""
        if math.isinf(number):
            return escape_cell("inf" if number > 0 else "-inf")
        return repr(number)  # already rounded by _people_columns
    if isinstance(value, pd.Timestamp):
        return escape_cell(value.isoformat())
    return escape_cell(str(value))


# --------------------------------------------------------------------------- rounding for people


def _is_percent_name(label: object) -> bool:
    name = str(label)
    return name in PERCENT_NAMES or name.startswith(PERCENT_PREFIXES)


def _column_kind(label: object, values: pd.Series, declared: Mapping[object, str]) -> str:
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        return "other"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    said = declared.get(label) if isinstance(label, Hashable) else None
    if said == "exact":
        return "number"
    if said in ("share", "percent"):
        return said
    if _is_percent_name(label):
        return "percent"
    numbers = values.to_numpy(dtype=float, na_value=np.nan)
    finite = numbers[np.isfinite(numbers)]
    if finite.size and finite.min() >= -_SHARE_SLACK and finite.max() <= 1 + _SHARE_SLACK:
        return "share"
    return "number"


def column_kinds(df: pd.DataFrame) -> list[str]:
    """The kind of each column, by position: "percent", "share", "number", "integer" or "other".

    "percent" and "share" columns are written at 4 decimals (Excel shows them
    as ``0.00%`` and ``0.0000``); "number" columns at 15 significant digits.
    See the module docstring for the rule and ``df.attrs["column_kinds"]``.
    """
    declared = df.attrs.get(KINDS_ATTR) or {}
    return [_column_kind(df.columns[k], df.iloc[:, k], declared) for k in range(df.shape[1])]


def _share(number: float) -> float:
    return round(number, SHARE_DECIMALS) + 0.0 if math.isfinite(number) else number


def _is_float(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, (Integral, bool, np.bool_)) and not _is_missing(value)


def _people_columns(frame: pd.DataFrame, kinds: Sequence[str]) -> list[list[object]]:
    """Each column's values as written: shares at 4 decimals, other floats without binary noise."""
    columns: list[list[object]] = []
    for k, kind in enumerate(kinds):
        values = frame.iloc[:, k].tolist()
        if kind != "integer":
            rule = _share if kind in ("share", "percent") else _without_noise
            values = [rule(float(v)) if _is_float(v) else v for v in values]
        columns.append(values)
    return columns


def round_for_people(df: pd.DataFrame, kinds: Sequence[str] | None = None) -> pd.DataFrame:
    """A copy of `df` with its shares at 4 decimals and every other float without binary noise.

    This is exactly what the CSV and the workbook hold, so reading an export
    back gives these values.
    """
    kinds = column_kinds(df) if kinds is None else kinds
    out = df.copy()
    for k, (kind, values) in enumerate(zip(kinds, _people_columns(df, kinds), strict=True)):
        if kind != "integer" and (kind != "other" or df.iloc[:, k].dtype == object):
            out.isetitem(k, values)  # an object column may hold floats among its text
    return out


def _meta_line(key: str, value: str) -> str:
    text = f"# {_one_line(key)}: {_one_line(value)}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([text])
    return out.getvalue()


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _label(column: object) -> str:
    return " ".join(map(str, column)) if isinstance(column, tuple) else str(column)


def to_csv_bytes(df: pd.DataFrame, meta: Mapping[str, str] | None = None, index: bool = False) -> bytes:
    """The bytes of a safe CSV of `df`, with `meta` as leading ``#`` lines."""
    frame = df.reset_index() if index else df
    header = [escape_cell(_label(c)) for c in frame.columns]
    columns = [[_format(v) for v in values] for values in _people_columns(frame, column_kinds(frame))]
    out = io.StringIO()
    out.write(BOM)
    for key, value in (meta or {}).items():
        out.write(_meta_line(key, value))
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(zip(*columns, strict=True))
    return out.getvalue().encode("utf-8")


def write_csv_atomic(
    path: str | os.PathLike[str],
    df: pd.DataFrame,
    meta: Mapping[str, str] | None = None,
    index: bool = False,
) -> None:
    """Write `to_csv_bytes(df, meta, index)` to `path` atomically."""
    write_atomic(path, to_csv_bytes(df, meta, index=index))


def read_exported_csv(data: bytes) -> pd.DataFrame:
    """Read back a CSV written by :func:`to_csv_bytes`, undoing its escaping.

    The ``# key: value`` lines go to ``df.attrs["meta"]``.  Text such as ``NA``
    (Namibia's ISO2 code) stays text; only empty cells become missing.
    """
    text = data.decode("utf-8-sig")
    lines = text.splitlines(keepends=True)
    meta: dict[str, str] = {}
    skip = 0
    for line in lines:
        if not line.startswith(("#", '"#')):
            break
        cell = next(csv.reader([line]))[0] if line.startswith('"') else line.rstrip("\r\n")
        key, _, value = cell[1:].strip().partition(":")
        meta[key.strip()] = value.strip()
        skip += 1
    frame = pd.read_csv(io.StringIO("".join(lines[skip:])), keep_default_na=False, na_values=[""], dtype=None)
    frame.columns = [_unescape_cell(str(c)) for c in frame.columns]
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(lambda v: _unescape_cell(v) if isinstance(v, str) else v)
    frame.attrs["meta"] = meta
    return frame


# --------------------------------------------------------------------------- Excel


ABOUT_SHEET = "About"
EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell
_MAX_WIDTH = 60
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
_FORMATS = {"percent": "0.00%", "share": "0.0000"}


def _sheet_title(name: str) -> str:
    """Excel refuses sheet names over 31 characters or holding []:*?/\\ ."""
    title = str(name).translate(_SHEET_FORBIDDEN).strip("'")[:31]
    return title if title and title != ABOUT_SHEET else "Table"


def _number_format(kind: str, values: Sequence[object]) -> str:
    """How Excel shows a column: fixed decimals for shares, thousands separators once values are large."""
    if kind in _FORMATS:
        return _FORMATS[kind]
    numbers = [
        abs(float(v))
        for v in values
        if isinstance(v, Real) and not isinstance(v, (bool, np.bool_)) and math.isfinite(float(v))
    ]
    if not numbers:
        return "General"
    largest = max(numbers)
    if all(n.is_integer() for n in numbers):
        return "#,##0" if largest >= 10_000 else "0"  # no separator in years or ranks
    return "#,##0.00" if largest >= 1_000 else "General"


def _set_text(cell, text: str) -> None:
    """A string cell, never a formula: openpyxl would turn "=..." into one unless the type is forced."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    clean = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)[:EXCEL_CELL_LIMIT]  # XML 1.0 cannot hold them
    cell.value = clean
    cell.data_type = "s"
    if clean.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True  # Excel's own "typed with a leading '": stays text when edited


def _set_value(cell, value: object, number_format: str) -> None:
    if _is_missing(value):
        return
    if isinstance(value, (bool, np.bool_)):
        cell.value = bool(value)
    elif isinstance(value, Integral):
        cell.value = int(value)
        cell.number_format = number_format
    elif isinstance(value, Real):
        number = float(value)
        if math.isinf(number):
            _set_text(cell, "inf" if number > 0 else "-inf")
        elif not math.isnan(number):
            cell.value = number  # already rounded by _people_columns
            cell.number_format = number_format
    elif isinstance(value, pd.Timestamp):
        _set_text(cell, value.isoformat())
    else:
        _set_text(cell, str(value))


def _width(header: str, values: Sequence[object]) -> float:
    longest = max([len(header), *(len(str(v)) for v in values if not _is_missing(v))])
    return float(min(longest + 2, _MAX_WIDTH))


def _write_rows(ws, header: Sequence[str], columns: Sequence[Sequence[object]], formats: Sequence[str]) -> None:
    """Bold frozen header, then the values column by column, each column as wide as its text."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for c, (title, values, number_format) in enumerate(zip(header, columns, formats, strict=True), start=1):
        head = ws.cell(row=1, column=c)
        _set_text(head, title)
        head.font = bold
        for r, value in enumerate(values, start=2):
            _set_value(ws.cell(row=r, column=c), value, number_format)
        ws.column_dimensions[get_column_letter(c)].width = _width(title, values)
    ws.freeze_panes = "A2"


def to_xlsx_bytes(
    df: pd.DataFrame,
    meta: Mapping[str, str] | None = None,
    index: bool = False,
    sheet: str = "Table",
) -> bytes:
    """An Excel workbook of `df`: the table on sheet `sheet`, `meta` on the "About" sheet.

    Same numbers as :func:`to_csv_bytes` (rounded for people), with number
    formats and a frozen header; text is never a formula.
    """
    from openpyxl import Workbook

    frame = df.reset_index() if index else df
    kinds = column_kinds(frame)
    columns = _people_columns(frame, kinds)
    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook holds exactly one sheet (`active` is typed as maybe None)
    ws.title = _sheet_title(sheet)
    _write_rows(
        ws,
        [_label(c) for c in frame.columns],
        columns,
        [_number_format(kind, values) for kind, values in zip(kinds, columns, strict=True)],
    )
    items = [(_one_line(k), _one_line(v)) for k, v in (meta or {}).items()]
    _write_rows(
        wb.create_sheet(ABOUT_SHEET),
        ["key", "value"],
        [[k for k, _ in items], [v for _, v in items]],
        ["General", "General"],
    )
    wb.properties.creator = "xbmarkets"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_xlsx_atomic(
    path: str | os.PathLike[str],
    df: pd.DataFrame,
    meta: Mapping[str, str] | None = None,
    index: bool = False,
    sheet: str = "Table",
) -> None:
    """Write `to_xlsx_bytes(df, meta, index, sheet)` to `path` atomically."""
    write_atomic(path, to_xlsx_bytes(df, meta, index=index, sheet=sheet))


def is_xlsx_path(path: str | os.PathLike[str]) -> bool:
    """Whether a file name asks for a workbook (``.xlsx``, any case) rather than a CSV."""
    return os.fspath(path).lower().endswith(".xlsx")


def write_table_atomic(
    path: str | os.PathLike[str],
    df: pd.DataFrame,
    meta: Mapping[str, str] | None = None,
    index: bool = False,
    sheet: str = "Table",
) -> None:
    """A workbook when `path` ends in ``.xlsx``, else a CSV; atomic either way."""
    if is_xlsx_path(path):
        write_xlsx_atomic(path, df, meta, index=index, sheet=sheet)
    else:
        write_csv_atomic(path, df, meta, index=index)


def read_exported_xlsx(data: bytes) -> pd.DataFrame:
    """Read back a workbook written by :func:`to_xlsx_bytes`; the About sheet goes to ``df.attrs["meta"]``."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    frame = pd.DataFrame.from_records(rows[1:], columns=list(rows[0])) if rows else pd.DataFrame()
    about = list(wb[ABOUT_SHEET].iter_rows(min_row=2, values_only=True)) if ABOUT_SHEET in wb.sheetnames else []
    frame.attrs["meta"] = {str(k): "" if v is None else str(v) for k, v in about if k is not None}
    return frame
