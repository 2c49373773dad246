"""Malformed and adversarial founder CSVs, shared by every front door to the loader.

`CASES` is data only: ``(id, content bytes, expected)`` where `expected` is
either a ``str`` -- a substring (case-insensitive) of the one-line
`CustomDataError` message -- or a ``dict``:
``{"values": {iso3: {header: float | None}}, "warning": substring-or-None}``
listing the parsed values that must come out (None = missing) and, optionally,
a substring one of the warnings must contain.  The CLI and dashboard tests
reuse the same list, so every front door refuses and accepts the same files.

Country names are real; every number is made up for the test and means nothing.
"""

from __future__ import annotations

import io

__all__ = ["CASES"]


def _xlsx() -> bytes:
    """A real, tiny .xlsx -- what a founder uploads after renaming it to .csv."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["country", "gdp"])
    sheet.append(["Germany", 1.0])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _ok(values: dict, warning: str | None = None) -> dict:
    return {"values": values, "warning": warning}


_WIDE = (
    "country," + ",".join(f"c{i}" for i in range(10_000)) + "\nGermany," + ",".join("1" for _ in range(10_000)) + "\n"
).encode()
_BIG = b"country,gdp\n" + b"Germany,1\n" * 200_001  # > 2,000,000 bytes
_MANY_ROWS = b"country,gdp\n" + b"Germany,1\n" * 1_001
_LONG_NAME = b"country,gdp\n" + b"A" * 5_000 + b",1\n"
_HUGE_CELL = b'country,gdp\n"' + b"B" * 300_000 + b'",1\n'
_JUNK = bytes(range(256)) * 8

CASES: list[tuple[str, bytes, str | dict]] = [
    # --- empty and shapeless
    ("empty", b"", "empty"),
    ("whitespace_only", b" \r\n\n\t\n", "empty"),
    ("bom_only", b"\xef\xbb\xbf", "empty"),
    ("header_only", b"country,gdp\n", "no data rows"),
    ("header_and_blank_rows", b"country,gdp\n,\n,\n", "no data rows"),
    ("comments_only", b"# weights: none\n# method: wsm\n", "no header row"),
    # --- encodings and delimiters
    ("utf8_bom", b"\xef\xbb\xbfcountry,gdp\nGermany,1\nFrance,2\n", _ok({"DEU": {"gdp": 1.0}, "FRA": {"gdp": 2.0}})),
    (
        "semicolon_european",
        b"country;gdp\nGermany;1.234,5\nFrance;2,5\n",
        _ok({"DEU": {"gdp": 1234.5}, "FRA": {"gdp": 2.5}}),
    ),
    (
        "semicolon_dot_decimal",
        b"country;gdp\nGermany;1.5\nFrance;2.25\n",
        _ok({"DEU": {"gdp": 1.5}, "FRA": {"gdp": 2.25}}),
    ),
    (
        "tab_delimited",
        b"country\tgdp\tusers\nGermany\t1\t3\nFrance\t2\t4\n",
        _ok({"DEU": {"gdp": 1.0, "users": 3.0}, "FRA": {"gdp": 2.0, "users": 4.0}}),
    ),
    (
        "latin1",
        "country,gdp\nCôte d'Ivoire,1\nTürkiye,2\n".encode("latin-1"),
        _ok({"CIV": {"gdp": 1.0}, "TUR": {"gdp": 2.0}}),
    ),
    (
        "utf16_le_bom",
        "country,gdp\nTürkiye,1\nViet Nam,2\n".encode("utf-16"),
        _ok({"TUR": {"gdp": 1.0}, "VNM": {"gdp": 2.0}}),
    ),
    (
        "utf16_be_bom",
        b"\xfe\xff" + "country\tgdp\nGermany\t7\nJapan\t8\n".encode("utf-16-be"),
        _ok({"DEU": {"gdp": 7.0}, "JPN": {"gdp": 8.0}}),
    ),
    ("crlf_line_ends", b"country,gdp\r\nGermany,1\r\nFrance,2\r\n", _ok({"DEU": {"gdp": 1.0}, "FRA": {"gdp": 2.0}})),
    (
        "metadata_comment_lines",
        b'# method: wsm\n"# weights: growth=1, =x"\ncountry,gdp\nGermany,1\nFrance,2\n',
        _ok({"DEU": {"gdp": 1.0}, "FRA": {"gdp": 2.0}}),
    ),
    # --- not a CSV at all
    ("binary_junk", _JUNK, "binary"),
    ("nul_bytes_in_text", b"country,gdp\nGer\x00many,1\n", "binary"),
    ("xlsx_renamed", _xlsx(), "excel"),
    ("xls_renamed", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "excel"),
    ("pdf_renamed", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
    # --- quoting
    (
        "newline_in_country_cell",
        b'country,gdp\n"Viet\nNam",1\nGermany,2\n',
        _ok({"VNM": {"gdp": 1.0}, "DEU": {"gdp": 2.0}}),
    ),
    (
        "newline_in_header",
        b'country,"GDP\nper capita"\nGermany,1\nFrance,2\n',
        _ok({"DEU": {"GDP per capita": 1.0}, "FRA": {"GDP per capita": 2.0}}),
    ),
    ("row_numbers_after_multiline_cell", b'country,gdp\n"Viet\nNam",1\nGermany,abc1\n', "row 3, column b"),
    ("extra_filled_cell", b"country,gdp\nGermany,1,99\n", "row 2 has 3 cells"),
    (
        "trailing_empty_cells_ok",
        b"country,gdp,,\nGermany,1,,\nFrance,2,,\n",
        _ok({"DEU": {"gdp": 1.0}, "FRA": {"gdp": 2.0}}),
    ),
    # --- headers
    ("duplicate_header", b"country,gdp,gdp\nGermany,1,2\n", "duplicate column name"),
    ("duplicate_header_case", b"country,GDP,gdp\nGermany,1,2\n", "duplicate column name"),
    ("empty_header", b"country,,gdp\nGermany,1,2\n", "header is empty"),
    ("formula_header_eq", b"country,=1+1\nGermany,1\n", "treat as a formula"),
    ("formula_header_cmd", b"country,+cmd|' /C calc'!A0\nGermany,1\n", "treat as a formula"),
    ("formula_header_at", b"country,@SUM(A1)\nGermany,1\n", "treat as a formula"),
    ("formula_header_minus", b"country,-2+3\nGermany,1\n", "treat as a formula"),
    ("no_country_column", b"a,b\n1,2\n3,4\n", "no country column"),
    ("no_numeric_column", b"country,tier\nGermany,mature\nFrance,mature\n", "no numeric column"),
    # CLDR's Chinese name for Germany: refused as unknown before names in any language were accepted
    ("chinese_headers", "国家,人口\n德国,1\n".encode(), _ok({"DEU": {"人口": 1.0}}, "only one country")),
    ("chinese_unknown_name", "国家,人口\n亚特兰蒂斯,1\n".encode(), 'unknown country names: "亚特兰蒂斯" (row 2)'),
    ("chinese_header_codes", "国家,人口\nDEU,1\nFRA,2\n".encode(), _ok({"DEU": {"人口": 1.0}, "FRA": {"人口": 2.0}})),
    # --- countries
    (
        "spellings_and_codes",
        "country,gdp\nViet Nam,1\nSouth Korea,2\nTürkiye,3\nUSA,4\nDE,5\n".encode(),
        _ok({"VNM": {"gdp": 1.0}, "KOR": {"gdp": 2.0}, "TUR": {"gdp": 3.0}, "USA": {"gdp": 4.0}, "DEU": {"gdp": 5.0}}),
    ),
    (
        "iso3_column_preferred",
        b"name,iso3,gdp\nGermany,DEU,1\nFrance,FRA,2\n",
        _ok({"DEU": {"gdp": 1.0}, "FRA": {"gdp": 2.0}}, "ignored"),
    ),
    ("namibia_code_na", b"iso2,gdp\nNA,1\nDE,2\n", _ok({"NAM": {"gdp": 1.0}, "DEU": {"gdp": 2.0}})),
    ("duplicate_country_spellings", b"country,gdp\nUSA,1\nUnited States,2\n", 'row 2) and "united states" (row 3)'),
    ("duplicate_country_same", b"country,gdp\nGermany,1\nFrance,2\nGermany,3\n", "same country appears twice"),
    ("unknown_country", b"country,gdp\nGermany,1\nAtlantis,2\n", 'unknown country names: "atlantis" (row 3)'),
    ("ambiguous_country", b"country,gdp\nNiger Nigeria,1\n", "ambiguous"),
    (
        "names_in_other_languages",
        "country,gdp\nMéxico,1\nPerú,2\n越南,3\n美国,4\nDeutschland,5\nCôte d’Ivoire,6\n"
        "ベトナム社会主義共和国,7\n".encode(),
        'unknown country names: "ベトナム社会主義共和国" (row 8)',
    ),
    (
        "names_in_other_languages_ok",
        "country,gdp\nMéxico,1\nPerú,2\n越南,3\n美国,4\nDeutschland,5\nCôte d’Ivoire,6\n".encode(),
        _ok(
            {
                "MEX": {"gdp": 1.0},
                "PER": {"gdp": 2.0},
                "VNM": {"gdp": 3.0},
                "USA": {"gdp": 4.0},
                "DEU": {"gdp": 5.0},
                "CIV": {"gdp": 6.0},
            }
        ),
    ),
    (
        "case_accents_apostrophes",
        "country;gdp\nCÔTE D’IVOIRE;1\nmexico;2\nVIỆT NAM;3\nTURKIYE;4\n".encode(),
        _ok({"CIV": {"gdp": 1.0}, "MEX": {"gdp": 2.0}, "VNM": {"gdp": 3.0}, "TUR": {"gdp": 4.0}}),
    ),
    ("ambiguous_local_name", b"country,gdp\nKongo,1\nGermany,2\n", '"kongo" (row 2) is ambiguous: could be cod or cog'),
    (
        "ambiguous_country_or_region",
        b"country,gdp\nGermany,1\nAfrique du Sud,2\n",
        "could be the region southern africa or zaf",
    ),
    ("duplicate_across_languages", b"country,gdp\nGermany,1\nDeutschland,2\n", "are both deu"),
    ("aggregate_world", b"country,gdp\nWorld,1\nGermany,2\n", '"world" (row 2) is a group of countries'),
    ("aggregate_euro_area", b"country,gdp\nGermany,2\nEuro area,1\n", "is a group of countries"),
    ("aggregate_income_group", b"country,gdp\nHigh income,1\n", "is a group of countries"),
    ("aggregate_in_german", b"country,gdp\nGermany,1\nWelt,2\n", '"welt" (row 3) is a group of countries'),
    ("aggregate_in_chinese", "国家,人口\n德国,1\n欧盟,2\n".encode(), '"欧盟" (row 3) is a group of countries'),
    # Spanish for the Americas, and CLDR's Hindi (Latin) name for the USA: refused, both candidates named
    ("continent_or_country", "país,pib\nAmérica,1\n".encode(), "could be the region americas or usa"),
    # coco echoes this region back as if it were a code, and finds two countries in the next one
    ("aggregate_coco_echo", b"country,gdp\nEast Asia & Pacific (excluding high income),1\n", "is a group of countries"),
    (
        "aggregate_with_country_names",
        b'country,gdp\n"Middle East, North Africa, Afghanistan and Pakistan",1\n',
        "is a group of countries",
    ),
    ("empty_country_cell", b"country,gdp\nGermany,1\n,2\n", 'row 3, column a ("country"): the country cell is empty'),
    ("formula_country_eq", b"country,gdp\n=1+1,1\nGermany,2\n", 'unknown country names: "=1+1" (row 2)'),
    ("formula_country_cmd", b"country,gdp\n+cmd|' /C calc'!A0,1\n", "unknown country names"),
    ("formula_country_at", b"country,gdp\n@SUM(A1),1\n", '"@sum(a1)"'),
    ("formula_country_minus", b"country,gdp\n-2+3,1\n", '"-2+3"'),
    ("signed_number_country", b"country,gdp\nGermany,1\n-1,2\n+44,3\n", 'unknown country names: "-1" (row 3)'),
    # --- numbers
    (
        "thousands_comma",
        b'country,gdp\nGermany,"1,234.5"\nFrance,"12,000"\n',
        _ok({"DEU": {"gdp": 1234.5}, "FRA": {"gdp": 12000.0}}),
    ),
    (
        "percent_sign",
        b"country,share\nGermany,45%\nFrance,3.5 %\n",
        _ok({"DEU": {"share": 45.0}, "FRA": {"share": 3.5}}),
    ),
    (
        "currency_sign",
        'country,aov\nGermany,€12.5\nFrance,"$1,200"\n'.encode(),
        _ok({"DEU": {"aov": 12.5}, "FRA": {"aov": 1200.0}}),
    ),
    ("exponent", b"country,gdp\nGermany,1e3\nFrance,2.5E-2\n", _ok({"DEU": {"gdp": 1000.0}, "FRA": {"gdp": 0.025}})),
    (
        "missing_tokens",
        b"country,gdp\nGermany,NaN\nFrance,-\nItaly,n/a\nSpain,\nJapan,NA\nChina,7\n",
        _ok(
            {
                "DEU": {"gdp": None},
                "FRA": {"gdp": None},
                "ITA": {"gdp": None},
                "ESP": {"gdp": None},
                "JPN": {"gdp": None},
                "CHN": {"gdp": 7.0},
            },
            "same value",
        ),
    ),
    ("inf", b"country,gdp\nGermany,1\nFrance,inf\n", 'row 3, column b ("gdp"): "inf" is not a finite number'),
    ("overflow_to_inf", b"country,gdp\nGermany,1e999\n", "not a finite number"),
    (
        "negative_values",
        b"country,growth\nGermany,-1.5\nFrance,2\n",
        _ok({"DEU": {"growth": -1.5}, "FRA": {"growth": 2.0}}),
    ),
    (
        "minus_expression_in_number",
        b"country,gdp\nGermany,1\nFrance,-2+3\n",
        'row 3, column b ("gdp"): "-2+3" is not a number',
    ),
    ("formula_in_number", b"country,gdp\nGermany,=SUM(A1)\nFrance,3\n", "is not a number"),
    ("text_in_number", b"country,gdp\nGermany,1\nFrance,abc\n", 'row 3, column b ("gdp"): "abc" is not a number'),
    ("ambiguous_decimal_comma_in_comma_file", b'country,gdp\nGermany,"1,5"\n', "is not a number"),
    (
        "constant_column",
        b"country,gdp,users\nGermany,1,5\nFrance,2,5\n",
        _ok({"DEU": {"gdp": 1.0, "users": 5.0}, "FRA": {"gdp": 2.0, "users": 5.0}}, "same value"),
    ),
    ("one_country", b"country,gdp\nGermany,1\n", _ok({"DEU": {"gdp": 1.0}}, "only one country")),
    (
        "empty_numeric_column_dropped",
        b"country,gdp,users\nGermany,1,\nFrance,2,\n",
        _ok({"DEU": {"gdp": 1.0}, "FRA": {"gdp": 2.0}}, "no values"),
    ),
    ("all_numeric_empty", b"country,gdp\nGermany,\nFrance,\n", "every numeric column is empty"),
    # --- sizes
    ("ten_thousand_columns", _WIDE, "10001 columns; the limit is 200"),
    ("too_many_rows", _MANY_ROWS, "the limit is 1000"),
    ("over_size_limit", _BIG, "larger than 2,000,000 bytes"),
    ("very_long_cell", _LONG_NAME, "longer than 256 characters"),
    ("huge_cell_beyond_csv_limit", _HUGE_CELL, "longer than 256 characters"),
]
