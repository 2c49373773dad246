"""The founder's own indicators, read from a CSV they made in a spreadsheet.

One loader serves the CLI (``--data FILE``) and the dashboard upload, so both
accept and refuse exactly the same files.  The file comes from outside and is
shown back to the user in error messages, so every step is defensive: sizes are
bounded before parsing, every refusal is one line naming row and column (rows
numbered as a spreadsheet shows them: the header is row 1), and text from the
file is only ever quoted, never interpreted.  Nothing is written to disk.

Rules (documented here because users meet them as error messages):

* Encoding: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 /
  Latin-1.  Leading lines starting with ``#`` (or ``"#``) are comments -- the
  metadata lines :mod:`xbmarkets.export` writes -- and are skipped (they still
  count as rows).
* Delimiter: ``,`` ``;`` or tab, whichever occurs most in the header line.
* Country column: the first column whose header says so (``iso3``, ``iso2``,
  ``code``, ``country``, ``name``, ``economy``, ``国家`` ...; codes preferred),
  otherwise the first column with no numbers in it.  Its cells are ISO2/ISO3
  codes, taken literally (``NA`` is Namibia), or names in any language,
  ignoring case, accents and apostrophe style: the app's own English and
  Chinese names, CLDR's territory names in every locale ("México", "越南",
  "Deutschland"), then common English spellings.  A name with two meanings
  ("Kongo") is refused with the candidates; region names ("World", "Welt")
  are refused as groups.
* Numbers: ``.`` is the decimal point and ``,`` groups thousands (``1,234.5``),
  except in ``;``- or tab-separated files, where a column in which any number
  contains a comma uses the European convention (``1.234,5``).  Spaces group
  thousands too.  A trailing ``%`` and a currency sign are dropped and the
  number is kept as written (``45%`` -> 45).  Blank, ``NA``, ``n/a``, ``-``,
  ``NaN``, ``..``, ``#N/A`` are missing; ``inf`` is refused.
* A column with no digits at all (a label such as a tier or region) is ignored
  with a warning; a column with numbers and a stray non-number is refused.  A
  numeric column that is entirely empty is dropped with a warning; a constant
  one is kept with a warning (it cannot tell countries apart).
* Indicator ids are ``custom:<slug>`` of the header (ASCII letters, digits and
  ``_``; ``custom:col_<letter>`` when the header has no ASCII letters), made
  unique with ``_2``, ``_3`` ..., so they are safe as widget keys and URLs.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .countries import match_spellings, region_name
from .validation import check_scalar

__all__ = [
    "CustomData",
    "CustomDataError",
    "load_custom",
    "template_csv",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_CELL_CHARS",
]

MAX_BYTES = 2_000_000
MAX_COLUMNS = 200
MAX_ROWS = 1_000
MAX_CELL_CHARS = 256
_LIST_LIMIT = 10

_MISSING = frozenset({"", "na", "n/a", "n.a.", "nan", "-", "–", "—", "..", "null", "none", "#n/a"})
_NONFINITE = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "-∞"})
_CURRENCY = "$€£¥￥₹₩₽"
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED_US = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_GROUPED_EU = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?")
_PLAIN_EU = re.compile(r"[+-]?\d*,\d+|[+-]?\d+,")
_ISO3 = re.compile(r"[A-Z]{3}")  # coco echoes some region names back as if they were codes
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_CODE_HEADERS = (
    "iso3",
    "iso_3",
    "iso3_code",
    "iso_a3",
    "alpha3",
    "iso2",
    "iso_2",
    "iso2_code",
    "iso",
    "iso_code",
    "country_code",
    "countrycode",
    "code",
)
_NAME_HEADERS = (
    "country",
    "countries",
    "country_name",
    "countryname",
    "name",
    "economy",
    "economies",
    "market",
    "nation",
    "country_or_area",
    "国家",
    "国家名称",
    "国家/地区",
    "国家或地区",
    "地区",
    "市场",
    "经济体",
    "pays",
    "país",
    "pais",
    "land",
)
_GROUP_WORDS = re.compile(
    r"\b(world|area|region|regions|union|members|countries|states|income|total|dividend|"
    r"fragile|situations|excluding|"
    r"africa|asia|europe|america|americas|oceania|pacific|caribbean|"
    r"ida|ibrd|oecd|g7|g20|eu|emu|asean|mena|lmic|lic|hic|umic)\b|&",
    re.IGNORECASE,
)


class CustomDataError(ValueError):
    """A founder's file was refused; the message is one line a founder can act on."""


@dataclass(frozen=True)
class CustomData:
    """Custom indicators ready to join the decision matrix (pillar ``custom``)."""

    values: pd.DataFrame
    """index "iso3"; one float64 column per indicator id; NaN = missing."""
    criteria: pd.DataFrame
    """index = indicator id; columns name, pillar, direction, transform, unit, source."""
    names: Mapping[str, str] = field(default_factory=dict)
    """iso3 -> the spelling the user wrote (to echo it back)."""
    warnings: list[str] = field(default_factory=list)


def load_custom(
    source: bytes | str | Path,
    directions: Mapping[str, int] | None = None,
    max_bytes: int = MAX_BYTES,
    known_iso3: Collection[str] | None = None,
    known_names: Mapping[str, str] | None = None,
) -> CustomData:
    """Parse a founder's CSV (bytes, or a path given as str/Path) into custom indicators.

    `directions` maps a column header (or its indicator id) to +1 (higher is
    better, the default) or -1.  With `known_iso3`, countries outside it are
    dropped with a warning, since nothing else is known about them.
    `known_names` (spelling -> ISO3) are names the caller shows for countries
    -- the snapshot's English and Chinese names, see
    `snapshot.economy_names` -- so a name copied from the app always matches.
    Only `CustomDataError` ever escapes.
    """
    try:
        max_bytes = check_scalar(max_bytes, "max_bytes", int, min_val=1)
    except ValueError as exc:
        raise CustomDataError(str(exc)) from None
    try:
        return _load(source, directions, max_bytes, known_iso3, known_names)
    except CustomDataError:
        raise
    except Exception as exc:  # a bug or a case not foreseen must still read as a refusal
        raise CustomDataError(f"could not read this file as a CSV table ({type(exc).__name__})") from exc


def template_csv() -> bytes:
    """A blank template: the country column and two example headers, no figures.

    Values are left empty on purpose: we never type in a number for the user.
    """
    return ("\ufeffcountry,avg_order_value_usd,my_sales_index\nGermany,,\nViet Nam,,\nBrazil,,\n").encode("utf-8")


# --------------------------------------------------------------------------- reading


def _load(source, directions, max_bytes, known_iso3, known_names=None) -> CustomData:
    raw = _read_source(source, max_bytes)
    text = _decode(raw)
    header, body, header_row, delimiter = _parse(text)
    cells = _rectangular(header, body, header_row)
    header, cells = _drop_blank_columns(header, cells)
    if not cells:
        raise CustomDataError("the file has a header but no data rows")
    _check_header(header, header_row)
    row_numbers = [r for r, _ in cells]
    grid = [c for _, c in cells]
    country_col = _country_column(header, grid)
    warnings: list[str] = []
    iso3_by_row, names = _match_countries(header, grid, row_numbers, country_col, known_iso3, known_names, warnings)
    columns = _numeric_columns(header, grid, row_numbers, country_col, delimiter in (";", "\t"), warnings)
    values = _values(columns, iso3_by_row, warnings)
    ids = _indicator_ids([header.index(c) for c in values.columns], list(values.columns))
    dirs = _directions(directions, list(values.columns), ids)
    criteria = pd.DataFrame(
        {
            "name": list(values.columns),
            "pillar": "custom",
            "direction": [dirs[c] for c in values.columns],
            "transform": "none",
            "unit": "",
            "source": "custom upload",
        },
        index=pd.Index(ids, name="id"),
    )
    criteria["direction"] = criteria["direction"].astype(int)
    values.columns = pd.Index(ids)
    return CustomData(values=values, criteria=criteria, names=names, warnings=warnings)


def _numeric_columns(
    header: list[str],
    grid: list[list[str]],
    row_numbers: list[int],
    country_col: int,
    delimiter_eu: bool,
    warnings: list[str],
) -> dict[str, np.ndarray]:
    """Header -> parsed numbers for every column but the country column.

    A column without a single digit is a label (a tier, a region) the founder
    kept for themselves: ignored with a warning rather than refused.
    """
    columns: dict[str, np.ndarray] = {}
    for j, name in enumerate(header):
        if j == country_col:
            continue
        parsed = _parse_column(name, j, [row[j] for row in grid], row_numbers, delimiter_eu)
        if parsed is None:
            warnings.append(f"column {_col(j, name)} has no numbers (text labels) and was ignored")
            continue
        columns[name] = parsed
    if not columns:
        raise CustomDataError("no numeric column: add at least one column of numbers next to the country column")
    return columns


def _values(columns: dict[str, np.ndarray], iso3_by_row: list[str | None], warnings: list[str]) -> pd.DataFrame:
    """Rows of known countries × non-empty columns, with a warning for each thing that cannot rank anyone.

    Empty columns are dropped (they would only carry weight to nobody); a
    constant column or a single country is kept but flagged, since it cannot
    tell countries apart.
    """
    keep = [i for i, code in enumerate(iso3_by_row) if code is not None]
    if not keep:
        raise CustomDataError("none of the countries in the file is covered by xbmarkets")
    index = pd.Index([iso3_by_row[i] for i in keep], name="iso3")
    values = pd.DataFrame({k: v[keep] for k, v in columns.items()}, index=index, dtype="float64")
    empty = [c for c in values.columns if values[c].isna().all()]
    for c in empty:
        warnings.append(f"column {_show(c)} has no values and was dropped")
    values = values.drop(columns=empty)
    if values.shape[1] == 0:
        raise CustomDataError("every numeric column is empty: fill in some values")
    for c in values.columns:
        if values[c].nunique(dropna=True) <= 1 and len(values) > 1:
            warnings.append(f"column {_show(c)} has the same value for every country, so it cannot tell them apart")
    if len(values) == 1:
        warnings.append("only one country in the file: its columns cannot tell countries apart")
    return values


def _read_source(source, max_bytes: int) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, Path)):
        path = Path(source)
        try:
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
        except IsADirectoryError:
            raise CustomDataError(f"{_show(str(path))} is a folder, not a CSV file") from None
        except FileNotFoundError:
            raise CustomDataError(f"file not found: {_show(str(path))}") from None
        except OSError as exc:
            raise CustomDataError(f"cannot read {_show(str(path))}: {exc.strerror}") from None
    else:
        raise CustomDataError(f"expected file content or a path, got {type(source).__name__}")
    if len(data) > max_bytes:
        raise CustomDataError(
            f"the file is larger than {max_bytes:,} bytes; keep one row per country and at most {MAX_COLUMNS} columns"
        )
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise CustomDataError("the file is empty")
    return data


def _decode(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise CustomDataError(
            "this looks like an Excel (.xlsx) or other zipped file, not a CSV: in Excel use File > Save As > CSV UTF-8"
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CustomDataError(
            "this looks like an old Excel (.xls) file, not a CSV: in Excel use File > Save As > CSV UTF-8"
        )
    if data.startswith(b"%PDF"):
        raise CustomDataError("this is a PDF file, not a CSV")
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data[3:], "utf-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise CustomDataError("this is not a text CSV file (it contains binary data)")
    return text


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise CustomDataError(
            f"the file says it is {encoding.upper()} but is not valid {encoding.upper()} text"
        ) from None


def _parse(text: str) -> tuple[list[str], list[tuple[int, list[str]]], int, str]:
    """Split into records: header, non-blank (row number, cells), header row number, delimiter.

    Row numbers count records (a quoted cell spanning lines is still one row),
    including the skipped leading comment lines, as a spreadsheet shows them.
    """
    lines = text.splitlines(keepends=True)
    skipped = 0
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(("#", '"#')) or not stripped.strip(",;\t"):
            skipped += 1
            continue
        break
    rest = "".join(lines[skipped:])
    if not rest.strip():
        raise CustomDataError("the file has no header row (only comments or blank lines)")
    delimiter = _sniff(lines[skipped])
    reader = csv.reader(io.StringIO(rest, newline=""), delimiter=delimiter, strict=False)
    header: list[str] | None = None
    body: list[tuple[int, list[str]]] = []
    row_no = skipped
    try:
        for row in reader:
            row_no += 1
            if header is None:
                header = row
                if len(header) > MAX_COLUMNS:
                    raise CustomDataError(f"the file has {len(header)} columns; the limit is {MAX_COLUMNS}")
                continue
            if not any(c.strip() for c in row):
                continue
            if len(body) >= MAX_ROWS:
                raise CustomDataError(f"the file has more than {MAX_ROWS} data rows; the limit is {MAX_ROWS}")
            body.append((row_no, row))
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise CustomDataError(f"row {row_no + 1}: a cell is longer than {MAX_CELL_CHARS} characters") from None
        raise CustomDataError(f"row {row_no + 1}: the CSV is malformed ({exc})") from None
    assert header is not None
    return header, body, skipped + 1, delimiter


def _sniff(line: str) -> str:
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts.values())
    if best == 0:
        return ","
    return next(d for d in (",", ";", "\t") if counts[d] == best)


def _rectangular(header: list[str], body: list[tuple[int, list[str]]], header_row: int) -> list[tuple[int, list[str]]]:
    """Pad short rows, refuse rows with extra filled cells, bound cell length."""
    ncol = len(header)
    out: list[tuple[int, list[str]]] = []
    for j, cell in enumerate(header):
        if len(cell) > MAX_CELL_CHARS:
            raise CustomDataError(
                f"row {header_row}, column {_letter(j)}: the header is longer than {MAX_CELL_CHARS} characters"
            )
    for row_no, row in body:
        cells = [c.strip() for c in row]
        if len(cells) > ncol:
            extra = [c for c in cells[ncol:] if c]
            if extra:
                raise CustomDataError(
                    f"row {row_no} has {len(cells)} cells but the header has {ncol} columns "
                    f"(first extra cell: {_show(extra[0])})"
                )
            cells = cells[:ncol]
        cells += [""] * (ncol - len(cells))
        for j, cell in enumerate(cells):
            if len(cell) > MAX_CELL_CHARS:
                raise CustomDataError(
                    f"row {row_no}, column {_col(j, header[j])}: the cell is longer than {MAX_CELL_CHARS} characters"
                )
        out.append((row_no, cells))
    return out


def _drop_blank_columns(header, cells):
    """Spreadsheets often leave trailing columns with neither header nor value."""
    keep = [j for j, h in enumerate(header) if h.strip() or any(row[j] for _, row in cells)]
    if len(keep) == len(header):
        return [h.strip() for h in header], cells
    return [header[j].strip() for j in keep], [(r, [row[j] for j in keep]) for r, row in cells]


def _check_header(header: list[str], header_row: int) -> None:
    seen: dict[str, int] = {}
    for j, raw in enumerate(header):
        name = _SPACES.sub(" ", raw.replace("\ufeff", "")).strip()
        if not name:
            raise CustomDataError(
                f"row {header_row}, column {_letter(j)}: the header is empty; give every column a name"
            )
        if name.startswith(_FORMULA_START):
            raise CustomDataError(
                f"row {header_row}, column {_letter(j)}: the header {_show(name)} starts with "
                f"{_show(name[0])}, which spreadsheets treat as a formula; rename the column"
            )
        if any(ord(ch) < 32 for ch in name):
            raise CustomDataError(
                f"row {header_row}, column {_letter(j)}: the header {_show(name)} contains control characters"
            )
        key = name.casefold()
        if key in seen:
            first = seen[key]
            raise CustomDataError(f"duplicate column name {_show(name)} in columns {_letter(first)} and {_letter(j)}")
        seen[key] = j
        header[j] = name


def _header_key(name: str) -> str:
    return re.sub(r"[\s\-.]+", "_", name.strip().casefold()).strip("_")


def _country_column(header: list[str], grid: list[list[str]]) -> int:
    keys = [_header_key(h) for h in header]
    for group in (_CODE_HEADERS, _NAME_HEADERS):
        for j, key in enumerate(keys):
            if key in group:
                return j
    for j, key in enumerate(keys):
        if key.startswith("country"):
            return j
    for j in range(len(header)):
        column = [row[j] for row in grid]
        if any(c for c in column) and not any(_has_digit(c) for c in column if c):
            return j
    raise CustomDataError("no country column: name one column 'country' and fill it with country names or ISO codes")


def _match_countries(header, grid, row_numbers, col, known_iso3, known_names, warnings):
    """ISO3 per row (None for a country xbmarkets does not cover) and iso3 -> the user's spelling.

    Every problem in the column is reported at once (groups, unknown and
    ambiguous names, then duplicates), so a founder fixes the file in one pass.
    """
    label = _col(col, header[col])
    spellings = _country_cells(grid, row_numbers, col, label)
    matched = _resolve_names(spellings, row_numbers, label, known_names)
    iso = [matched[s] for s in spellings]
    _refuse_duplicates(iso, spellings, row_numbers, label)
    names = {code: spellings[k] for k, code in enumerate(iso)}  # one row per code: duplicates were refused
    return _drop_uncovered(iso, spellings, row_numbers, names, known_iso3, warnings), names


def _country_cells(grid, row_numbers, col, label) -> list[str]:
    """The country column's cells with runs of (non-breaking) spaces made one; an empty cell is refused.

    A row without a country cannot be placed, and silently dropping it would
    lose the founder's numbers.
    """
    spellings: list[str] = []
    for row, row_no in zip(grid, row_numbers, strict=True):
        text = _SPACES.sub(" ", row[col]).strip()
        if not text:
            raise CustomDataError(f"row {row_no}, column {label}: the country cell is empty")
        spellings.append(text)
    return spellings


def _resolve_names(spellings, row_numbers, label, known_names) -> dict[str, str]:
    """spelling -> ISO3 for every row, or one refusal listing every name that did not resolve.

    Anything starting like a formula (a signed number such as "-1" included)
    is no country name and never reaches the matcher.  A name that matched
    nothing for sure and contains a group word ("Euro area", "High income",
    "America", a region in Spanish) or that CLDR knows only as a region
    ("World", "Welt", "欧盟") is reported as a group, which tells the founder
    why better than "unknown" or "ambiguous".
    """
    safe = [s for s in spellings if not s.startswith(_FORMULA_START)]
    match = match_spellings(safe, extra=known_names)
    matched = {k: v for k, v in match.iso3.items() if _ISO3.fullmatch(v)}
    groups: list[tuple[str, int]] = []
    unknown: list[tuple[str, int]] = []
    ambiguous: list[tuple[str, int, list[str]]] = []
    for s, r in zip(spellings, row_numbers, strict=True):
        if s in matched:
            continue
        if s.startswith(_FORMULA_START):
            unknown.append((s, r))
        elif s in match.groups or _GROUP_WORDS.search(s):
            groups.append((s, r))
        elif s in match.ambiguous:
            ambiguous.append((s, r, match.ambiguous[s]))
        else:
            unknown.append((s, r))
    problems = _name_problems(groups, unknown, ambiguous)
    if problems:
        raise CustomDataError(f"column {label}: " + "; ".join(problems))
    return matched


def _name_problems(groups, unknown, ambiguous) -> list[str]:
    """One clause per kind of problem, each listing at most `_LIST_LIMIT` names with their rows."""
    problems: list[str] = []
    if groups:
        problems.append(
            "; ".join(f"{_show(s)} (row {r}) is a group of countries, not a country" for s, r in groups[:_LIST_LIMIT])
        )
    if unknown:
        problems.append(
            "unknown country names: "
            + _list(f"{_show(s)} (row {r})" for s, r in unknown)
            + " -- use a country name or an ISO2/ISO3 code"
        )
    if ambiguous:
        problems.append(
            "; ".join(
                f"{_show(s)} (row {r}) is ambiguous: could be {' or '.join(_candidate(c) for c in codes)}; "
                "write the ISO3 code"
                for s, r, codes in ambiguous[:_LIST_LIMIT]
            )
        )
    return problems


def _candidate(code: str) -> str:
    """An ISO3 code as is; a CLDR region code as its English name, so the founder sees why it is ambiguous."""
    return code if _ISO3.fullmatch(code) else f"the region {region_name(code)}"


def _refuse_duplicates(iso, spellings, row_numbers, label) -> None:
    """Two rows for one country (also under two spellings) would make one of them silently win."""
    first: dict[str, int] = {}
    dups: list[str] = []
    for k, code in enumerate(iso):
        if code in first:
            i = first[code]
            dups.append(
                f"{_show(spellings[i])} (row {row_numbers[i]}) and {_show(spellings[k])} "
                f"(row {row_numbers[k]}) are both {code}"
            )
        else:
            first[code] = k
    if dups:
        raise CustomDataError(f"column {label}: the same country appears twice: " + _list(dups))


def _drop_uncovered(iso, spellings, row_numbers, names, known_iso3, warnings) -> list[str | None]:
    """None for rows outside `known_iso3`, with one warning: nothing else is known about those countries."""
    out: list[str | None] = list(iso)
    if known_iso3 is None:
        return out
    known = set(known_iso3)
    outside = [k for k, code in enumerate(iso) if code not in known]
    if outside:
        warnings.append(
            "not among the economies xbmarkets covers, ignored: "
            + _list(f"{_show(spellings[k])} (row {row_numbers[k]})" for k in outside)
        )
    for k in outside:
        out[k] = None
        names.pop(iso[k], None)
    return out


# --------------------------------------------------------------------------- numbers


def _parse_column(name, j, cells, row_numbers, delimiter_eu) -> np.ndarray | None:
    """Floats for one column, or None when the column is a text label column (no digits)."""
    present = [c for c in cells if c.casefold() not in _MISSING]
    if present and not any(_has_digit(c) or c.casefold() in _NONFINITE for c in present):
        return None
    european = delimiter_eu and any("," in c for c in present)
    out = np.full(len(cells), np.nan)
    for i, cell in enumerate(cells):
        folded = cell.casefold()
        if folded in _MISSING:
            continue
        where = f"row {row_numbers[i]}, column {_col(j, name)}"
        if folded in _NONFINITE:
            raise CustomDataError(f"{where}: {_show(cell)} is not a finite number")
        value = _to_float(cell, european)
        if value is None:
            raise CustomDataError(f"{where}: {_show(cell)} is not a number")
        if not np.isfinite(value):
            raise CustomDataError(f"{where}: {_show(cell)} is not a finite number")
        out[i] = value
    return out


def _to_float(cell: str, european: bool) -> float | None:
    text = cell.strip()
    if text.endswith("%"):
        text = text[:-1].strip()
    sign = ""
    if text[:1] in "+-":
        sign, text = text[0], text[1:].strip()
    if text[:1] and text[0] in _CURRENCY:
        text = text[1:].strip()
    elif text[-1:] and text[-1] in _CURRENCY:
        text = text[:-1].strip()
    text = sign + _SPACES.sub("", text) if _grouped_by_spaces(text) else sign + text
    if european:
        if _GROUPED_EU.fullmatch(text) or _PLAIN_EU.fullmatch(text) or _NUMBER.fullmatch(text) and "." not in text:
            text = text.replace(".", "").replace(",", ".")
        else:
            return None
    elif _GROUPED_US.fullmatch(text):
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        return None
    return float(text)


def _grouped_by_spaces(text: str) -> bool:
    return bool(re.fullmatch(r"\d{1,3}(?:[\s\u00a0\u202f\u2009]\d{3})+(?:[.,]\d*)?", text))


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


# --------------------------------------------------------------------------- ids, directions, display


def _indicator_ids(positions: list[int], names: list[str]) -> list[str]:
    ids: list[str] = []
    for j, name in zip(positions, names, strict=True):
        ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "_", ascii_.lower()).strip("_")[:40].strip("_")
        if not re.search(r"[a-z]", slug):
            slug = f"col_{_letter(j).lower()}"
        base, k = f"custom:{slug}", 2
        candidate = base
        while candidate in ids:
            candidate, k = f"{base}_{k}", k + 1
        ids.append(candidate)
    return ids


def _directions(directions, names: list[str], ids: list[str]) -> dict[str, int]:
    out = {n: 1 for n in names}
    if not directions:
        return out
    by_key = {n: n for n in names} | dict(zip(ids, names, strict=True))
    for key, value in directions.items():
        if key not in by_key:
            raise CustomDataError(
                f"direction given for unknown column {_show(str(key))}; columns are " + _list(_show(n) for n in names)
            )
        if isinstance(value, bool) or value not in (1, -1):
            raise CustomDataError(f"direction for {_show(str(key))} must be +1 or -1, got {value!r}")
        out[by_key[key]] = int(value)
    return out


def _letter(j: int) -> str:
    """Spreadsheet column letter: 0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        out = chr(65 + rem) + out
    return out


def _col(j: int, name: str) -> str:
    return f"{_letter(j)} ({_show(name)})"


def _show(text: str, limit: int = 40) -> str:
    """Quote user text for a message: escaped controls, bounded length, never interpreted."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    escaped = "".join(ch if ord(ch) >= 32 and ord(ch) != 127 else f"\\x{ord(ch):02x}" for ch in short)
    return '"' + escaped.replace('"', '\\"') + '"'


def _list(items, limit: int = _LIST_LIMIT) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
