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
"""

from __future__ import annotations

import csv
import io
import math
import os
from numbers import Integral, Real
from typing import Mapping

import numpy as np
import pandas as pd

from .atomic import write_atomic

__all__ = ["to_csv_bytes", "write_csv_atomic", "read_exported_csv", "escape_cell", "FORMULA_PREFIXES"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
BOM = "\ufeff"


def escape_cell(text: str) -> str:
    """Neutralise one text cell for spreadsheets (see the module docstring)."""
    if text.lstrip("'").startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _unescape_cell(text: str) -> str:
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def _format(value: object) -> str:
    """One cell: numbers verbatim, everything else as escaped text, missing as empty."""
    if value is None or value is pd.NA or value is pd.NaT:
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
        return repr(number)
    if isinstance(value, pd.Timestamp):
        return escape_cell(value.isoformat())
    return escape_cell(str(value))


def _meta_line(key: str, value: str) -> str:
    text = f"# {_one_line(key)}: {_one_line(value)}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([text])
    return out.getvalue()


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def to_csv_bytes(df: pd.DataFrame, meta: Mapping[str, str] | None = None, index: bool = False) -> bytes:
    """The bytes of a safe CSV of `df`, with `meta` as leading ``#`` lines."""
    frame = df.reset_index() if index else df
    header = [escape_cell(" ".join(map(str, c)) if isinstance(c, tuple) else str(c)) for c in frame.columns]
    columns = [[_format(v) for v in frame.iloc[:, k].tolist()] for k in range(frame.shape[1])]
    out = io.StringIO()
    out.write(BOM)
    for key, value in (meta or {}).items():
        out.write(_meta_line(key, value))
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(zip(*columns))
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
