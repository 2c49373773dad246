"""Build data/ from the raw official files (`python -m xbmarkets build-data`).

Every source spells countries its own way; each row is placed on a World
Bank economy by, in order: its code when that already is an economy code,
the source's code through the shipped ISO table (ISO2, UN M49), its country
name through country_converter.  Whatever still has no economy is reported in
the BuildReport, never silently dropped; only WB aggregate codes (WLD, HIC…,
taken from the CLASS composition sheet) are dropped without comment.

Nothing is written until every file has been read and every output built,
and then all outputs are replaced together (write_many_atomic), so a failed
build leaves data/ exactly as it was.
"""

from __future__ import annotations

import json
import os
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from xbmarkets.atomic import write_many_atomic
from xbmarkets.bilateral import BilateralBuild, build_bilateral
from xbmarkets.catalog import CATALOG_COLUMNS, PILLARS, validate_catalog
from xbmarkets.catalog_spec import INDICATORS, MIN_AS_OF, REFERENCE_YEAR, SOURCES, IndicatorSpec
from xbmarkets.countries import match_names
from xbmarkets.coverage import economy_coverage
from xbmarkets.derive import LONG_COLUMNS, change_over, latest, mean_of_last, prefer_sources, wave_change
from xbmarkets.outcomes import compute_outcomes
from xbmarkets.snapshot import (
    ABOUT_COLUMNS,
    ECONOMIES_COLUMNS,
    LEFT_OUT_COLUMNS,
    SNAPSHOT_COLUMNS,
    SOURCES_COLUMNS,
    Snapshot,
    serialize_csv,
)

__all__ = ["BuildError", "BuildReport", "build", "check_as_of", "COVERAGE_SHARE", "repair_stripped_utf8"]

COVERAGE_SHARE = 0.6
"""Share of indicators an economy needs for the headline coverage figure."""

_CLASS_LIST = "reference/CLASS_FY2026_list_of_economies.csv"
_CLASS_GROUPS = "reference/CLASS_FY2026_group_composition.csv"
_CODES = "reference/country-codes.csv"
_ZH_SHORT, _ZH_OFFICIAL = "UNTERM Chinese Short", "official_name_cn"
_FOOTNOTE = r"\s*\*+\s*$"  # UNTERM marks some names with a footnote asterisk ("巴勒斯坦国 *")
ECONOMY_OUTPUT_COLUMNS: tuple[str, ...] = (*ECONOMIES_COLUMNS, "name_zh")
_EXCLUDED_ECONOMIES = frozenset({"CHI"})  # Channel Islands: a WB grouping, not an ISO economy
_LPI_2023 = "lpi/lpi_2023.csv"
_LPI_BOOK = "lpi/International_LPI_from_2012_to_2023.xlsx"
LPI_LATEST = 2023
LPI_EDITIONS: tuple[int, ...] = (2018, 2016, 2014, 2012)
"""LPI editions before 2023 in the workbook, each dated by its publication year."""
REFERENCE_SOURCES: tuple[str, ...] = ("wb_class", "country_codes")
"""Sources behind economies.csv (names, regions, income groups): listed in every snapshot's sources.csv."""
_CYBER_SCORES = {"Legislation": 1.0, "Draft Legislation": 0.5, "No Legislation": 0.0}
_CYBER_MISSING = "No Data"


class BuildError(Exception):
    """A raw file is missing or malformed; data/ was left untouched."""


@dataclass
class BuildReport:
    """What a build produced and what it could not place."""

    out_dir: str
    n_economies: int = 0
    n_indicators: int = 0
    n_rows: int = 0
    unmatched: dict[str, list[str]] = field(default_factory=dict)
    """source -> names/codes that matched no country (or matched ambiguously)."""
    not_economies: dict[str, list[str]] = field(default_factory=dict)
    """source -> ISO3 codes that are real countries/territories but not WB economies."""
    remapped: dict[str, dict[str, str]] = field(default_factory=dict)
    """source -> {legacy code / spelling: economy iso3} placed via the name or code table."""
    aggregates_dropped: dict[str, int] = field(default_factory=dict)
    economies_with_value: int = 0
    economies_at_share: int = 0
    coverage_share: float = COVERAGE_SHARE
    pillar_economies: dict[str, int] = field(default_factory=dict)
    """pillar -> economies with at least one value in that pillar."""
    pillar_mean_share: dict[str, float] = field(default_factory=dict)
    """pillar -> mean share of the pillar's indicators present, over all economies."""
    indicator_counts: dict[str, int] = field(default_factory=dict)
    bytes_written: dict[str, int] = field(default_factory=dict)
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """source -> further facts a reader of the build should know (e.g. marketplace sites left out)."""

    def summary(self) -> str:
        """Human-readable report, as printed by the CLI."""
        lines = [
            f"data written to {self.out_dir}",
            f"economies: {self.n_economies}; indicators: {self.n_indicators}; snapshot rows: {self.n_rows}",
            f"economies with >= 1 value: {self.economies_with_value}; with >= "
            f"{self.coverage_share:.0%} of indicators: {self.economies_at_share}",
            "per pillar (economies with >= 1 value / mean share present): "
            + ", ".join(
                f"{p} {self.pillar_economies.get(p, 0)}/{self.pillar_mean_share.get(p, 0.0):.0%}" for p in PILLARS
            ),
        ]
        for title, table in (
            ("unmatched (reported, not used)", self.unmatched),
            ("not WB economies (dropped)", self.not_economies),
        ):
            for source, names in sorted(table.items()):
                if names:
                    lines.append(f"{title} [{source}]: {'; '.join(names)}")
        for source, facts in sorted(self.notes.items()):
            if facts:
                lines.append(f"notes [{source}]: {'; '.join(facts)}")
        for source, mapping in sorted(self.remapped.items()):
            if mapping:
                pairs = "; ".join(f"{k} -> {v}" for k, v in sorted(mapping.items()))
                lines.append(f"remapped [{source}]: {pairs}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- reading


def _path(raw_dir: Path, rel: str) -> Path:
    path = raw_dir / rel
    if not path.is_file():
        raise BuildError(f"raw file missing: {path}")
    return path


def _read_csv(raw_dir: Path, rel: str, columns: tuple[str, ...], **kwargs: object) -> pd.DataFrame:
    """Read a raw CSV as text (so codes like Namibia's 'NA' survive) and check its columns."""
    path = _path(raw_dir, rel)
    options: dict[str, object] = {"dtype": str, "keep_default_na": False, "encoding": "utf-8"}
    options.update(kwargs)
    try:
        frame = pd.read_csv(path, **options)  # type: ignore[call-overload]  # options typed as a plain dict
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise BuildError(f"raw file malformed: {path}: {exc}") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise BuildError(f"raw file malformed: {path}: missing columns {', '.join(missing)}")
    return frame


def _numbers(series: pd.Series) -> pd.Series:
    """Text cells to float; blanks and NA markers ('#N/A', 'n/a', 'NA', '..') become NaN."""
    return pd.to_numeric(series.astype(str).str.strip(), errors="coerce").astype("float64")


def _years(series: pd.Series, path: str) -> pd.Series:
    years = pd.to_numeric(series, errors="coerce")
    if years.isna().any():
        raise BuildError(f"raw file malformed: {path}: non-numeric year")
    return years.astype("int64")


def repair_stripped_utf8(name: str) -> list[str]:
    """Candidate spellings for a name whose UTF-8 bytes lost their high bit.

    The LPI files write Türkiye as 'TC<rkiye': the two UTF-8 bytes of 'ü'
    (C3 BC) with bit 7 cleared read as 'C<'.  Setting the bit back on each
    adjacent ASCII pair and keeping valid 2-byte sequences recovers it without
    any hand-typed alias.
    """
    out: list[str] = []
    for i in range(len(name) - 1):
        a, b = ord(name[i]), ord(name[i + 1])
        if a >= 0x80 or b >= 0x80:
            continue
        try:
            char = bytes([a | 0x80, b | 0x80]).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(char) == 1 and char.isalpha():
            out.append(name[:i] + char + name[i + 2 :])
    return out


# --------------------------------------------------------------------------- reference


@dataclass(frozen=True)
class _Reference:
    economies: pd.DataFrame
    economy_codes: frozenset[str]
    aggregates: frozenset[str]
    iso_alpha3: frozenset[str]
    iso2_to_iso3: dict[str, str]
    m49_to_iso3: dict[int, str]


def _chinese_names(codes: pd.DataFrame) -> pd.Series:
    """Chinese short name per ISO3, from the ISO table itself (the dashboard's Chinese mode).

    UNTERM's short name is the UN's own Chinese usage; it is blank for
    territories UNTERM does not list (Hong Kong, Puerto Rico, Türkiye under its
    new name), so the M49 official Chinese name fills those.  Economies in
    neither (Kosovo is not in the ISO table) stay empty and the UI shows the
    English name — nothing is typed in.
    """

    def clean(col: str) -> pd.Series:
        return codes[col].astype(str).str.replace(_FOOTNOTE, "", regex=True).str.strip()

    short, official = clean(_ZH_SHORT), clean(_ZH_OFFICIAL)
    return short.where(short != "", official)


def _load_reference(raw_dir: Path) -> _Reference:
    cls = _read_csv(raw_dir, _CLASS_LIST, ("Economy", "Code", "Region", "Income group"))
    groups = _read_csv(raw_dir, _CLASS_GROUPS, ("WB_Group_Code",))
    codes = _read_csv(
        raw_dir,
        _CODES,
        ("ISO3166-1-Alpha-3", "ISO3166-1-Alpha-2", "ISO3166-1-numeric", "Sub-region Name", _ZH_SHORT, _ZH_OFFICIAL),
    )
    cls = cls.apply(lambda col: col.str.strip())
    is_economy = (cls["Region"] != "") & (cls["Code"] != "") & ~cls["Code"].isin(_EXCLUDED_ECONOMIES)
    aggregates = (
        frozenset(groups["WB_Group_Code"].str.strip())
        | frozenset(cls.loc[cls["Region"] == "", "Code"])
        | _EXCLUDED_ECONOMIES
    )
    econ = cls[is_economy]
    if econ["Code"].duplicated().any():
        raise BuildError(f"raw file malformed: {raw_dir / _CLASS_LIST}: duplicate economy codes")
    codes = codes[codes["ISO3166-1-Alpha-3"].str.strip() != ""].copy()
    codes = codes.drop_duplicates("ISO3166-1-Alpha-3").set_index("ISO3166-1-Alpha-3")
    numeric = pd.to_numeric(codes["ISO3166-1-numeric"], errors="coerce")
    iso_numeric = numeric.map(lambda n: "" if pd.isna(n) else f"{int(n):03d}")
    name_zh = _chinese_names(codes)
    table = (
        pd.DataFrame(
            {
                "iso3": econ["Code"].to_numpy(),
                "name": econ["Economy"].to_numpy(),
                "iso2": econ["Code"].map(codes["ISO3166-1-Alpha-2"]).fillna("").to_numpy(),
                "iso_numeric": econ["Code"].map(iso_numeric).fillna("").to_numpy(),
                "region": econ["Region"].to_numpy(),
                "income_group": econ["Income group"].to_numpy(),
                "subregion": econ["Code"].map(codes["Sub-region Name"]).fillna("").to_numpy(),
                "name_zh": econ["Code"].map(name_zh).fillna("").to_numpy(),
            },
            columns=list(ECONOMY_OUTPUT_COLUMNS),
        )
        .sort_values("iso3")
        .reset_index(drop=True)
    )
    iso2 = {
        str(k).strip().upper(): str(v)
        for k, v in zip(codes["ISO3166-1-Alpha-2"], codes.index, strict=True)
        if str(k).strip()
    }
    m49 = {int(n): str(c) for n, c in zip(numeric, codes.index, strict=True) if not pd.isna(n)}
    return _Reference(
        economies=table,
        economy_codes=frozenset(table["iso3"]),
        aggregates=aggregates,
        iso_alpha3=frozenset(codes.index),
        iso2_to_iso3=iso2,
        m49_to_iso3=m49,
    )


# --------------------------------------------------------------------------- matching


class _Resolver:
    """Places (code, name) pairs on economies and records what it could not place."""

    def __init__(self, ref: _Reference, report: BuildReport) -> None:
        self.ref = ref
        self.report = report
        self._cache: dict[tuple[str, str, str, str], str | None] = {}

    def _note(self, table: dict, source: str, item: str) -> None:
        bucket = table.setdefault(source, [])
        if item not in bucket:
            bucket.append(item)
            bucket.sort()

    def _by_code(self, code: str, kind: str) -> str | None:
        code = code.strip().upper()
        if not code:
            return None
        if kind == "iso3":
            return code
        if kind == "iso2":
            return self.ref.iso2_to_iso3.get(code)
        if kind == "m49":
            try:
                return self.ref.m49_to_iso3.get(int(code))
            except ValueError:
                return None
        return None

    def resolve(self, source: str, codes: pd.Series | None, names: pd.Series | None, kind: str = "iso3") -> pd.Series:
        """Economy iso3 for each row (None where the row is dropped), aligned to the input.

        Each distinct (code, name) pair is placed once: by its code first (cheap
        and unambiguous), and only the pairs no code places go through the name
        matcher in one batch, which is the slow step.
        """
        given = codes if codes is not None else names
        if given is None:
            raise ValueError("resolve needs codes or names")
        index = given.index
        code_s = (codes if codes is not None else pd.Series("", index=index)).fillna("").astype(str)
        name_s = (names if names is not None else pd.Series("", index=index)).fillna("").astype(str)
        pairs = pd.DataFrame({"code": code_s.str.strip(), "name": name_s.str.strip()})
        results: dict[tuple[str, str], str | None] = {}
        need_names: list[tuple[str, str]] = []
        for code, name in pairs.drop_duplicates().itertuples(index=False):
            key = (source, kind, code, name)
            if key in self._cache:
                results[(code, name)] = self._cache[key]
            else:
                placed, iso3 = self._by_code_or_none(source, kind, code, name)
                if placed:
                    results[(code, name)] = iso3
                else:
                    need_names.append((code, name))
        results.update(self._by_name(source, need_names))
        for (code, name), value in results.items():
            self._cache[(source, kind, code, name)] = value
        keys = list(zip(pairs["code"], pairs["name"], strict=True))
        return pd.Series([results[k] for k in keys], index=index, dtype=object)

    def _by_code_or_none(self, source: str, kind: str, code: str, name: str) -> tuple[bool, str | None]:
        """(decided, iso3) for a pair by its code: an economy, None for an aggregate or a blank row
        (dropped), or not decided — the name matcher must try."""
        upper = code.upper()
        if kind == "iso3" and upper in self.ref.economy_codes:
            return True, upper
        if kind == "iso3" and upper in self.ref.aggregates:
            self.report.aggregates_dropped[source] = self.report.aggregates_dropped.get(source, 0) + 1
            return True, None
        if not code and not name:
            return True, None
        mapped = self._by_code(code, kind)
        if mapped and (kind != "iso3" or mapped in self.ref.iso_alpha3):
            return True, self._place(source, mapped, code, record=False)
        return False, None

    def _by_name(self, source: str, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
        """Pairs no code placed, by their names in one matcher call; what stays unplaced is reported.

        A plain name lookup (LPI) is the normal path; only a legacy or odd code,
        or a repaired spelling, is worth listing as a remap.
        """
        spellings = [n for _, n in pairs if n]
        matched = match_names(spellings) if spellings else None
        out: dict[tuple[str, str], str | None] = {}
        for code, name in pairs:
            label = f"{code} ({name})" if code and name and code != name else (name or code)
            iso3 = matched.iso3.get(name) if matched and name else None
            repaired = False
            if iso3 is None and name:
                iso3 = self._repair(name)
                repaired = iso3 is not None
                if repaired:
                    label = f"{label} [repaired stripped UTF-8]"
            if iso3 is None:
                self._note(self.report.unmatched, source, label)
                out[(code, name)] = None
            else:
                out[(code, name)] = self._place(source, iso3, label, record=bool(code) or repaired)
        return out

    def _repair(self, name: str) -> str | None:
        candidates = repair_stripped_utf8(name)
        if not candidates:
            return None
        found = set(match_names(candidates).iso3.values())
        return found.pop() if len(found) == 1 else None

    def _place(self, source: str, iso3: str, label: str, record: bool = True) -> str | None:
        if iso3 in self.ref.economy_codes:
            if record and label.strip().upper() != iso3:
                self.report.remapped.setdefault(source, {})[label] = iso3
            return iso3
        self._note(self.report.not_economies, source, f"{label} -> {iso3}" if label != iso3 else iso3)
        return None


# --------------------------------------------------------------------------- loaders

_Long = pd.DataFrame  # columns iso3, year, value, source


def _long(iso3: pd.Series, year: pd.Series | int, value: pd.Series, source: str) -> _Long:
    frame = pd.DataFrame({"iso3": iso3, "year": year, "value": value})
    frame["source"] = source
    frame = frame[frame["iso3"].notna() & frame["value"].notna()]
    return frame.astype({"iso3": str, "year": "int64", "value": "float64"})


class _Loaders:
    """Reads each raw file once and extracts one indicator's long rows from it."""

    def __init__(self, raw_dir: Path, resolver: _Resolver, as_of: int | None = None) -> None:
        self.raw = raw_dir
        self.res = resolver
        self.as_of = as_of
        self._files: dict[str, pd.DataFrame] = {}
        self._lpi_book: dict[int, pd.DataFrame] | None = None
        self.bilateral: BilateralBuild | None = None

    def _file(self, rel: str, columns: tuple[str, ...], **kwargs: object) -> pd.DataFrame:
        if rel not in self._files:
            self._files[rel] = _read_csv(self.raw, rel, columns, **kwargs)
        return self._files[rel]

    def wdi(self, spec: IndicatorSpec) -> _Long:
        rel = f"wdi/{spec.params[0]}.csv"
        df = self._file(rel, ("Country Name", "Country Code", "Year", "Value"))
        iso3 = self.res.resolve("wdi", df["Country Code"], df["Country Name"])
        return _long(iso3, _years(df["Year"], rel), _numbers(df["Value"]), "wdi")

    def wgi(self, spec: IndicatorSpec) -> _Long:
        rel = "wgi/wgidataset_2024update_long.csv"
        df = self._file(rel, ("code", "countryname", "year", "indicator", "estimate"))
        df = df[df["indicator"].str.strip() == spec.params[0]]
        iso3 = self.res.resolve("wgi", df["code"], df["countryname"])
        return _long(iso3, _years(df["year"], rel), _numbers(df["estimate"]), "wgi")

    def lpi(self, spec: IndicatorSpec) -> _Long:
        """The 2023 edition; a snapshot as of a year before 2023 also reads the older editions, each
        dated by its publication year, so the recency window picks the newest one published by then."""
        column = spec.params[0]
        df = self._file(_LPI_2023, ("Country", column))
        iso3 = self.res.resolve("lpi2023", None, df["Country"], kind="name")
        parts = [_long(iso3, LPI_LATEST, _numbers(df[column]), "lpi2023")]
        if self.as_of is not None and self.as_of < LPI_LATEST:
            for year, sheet in self._lpi_editions(column).items():
                iso3 = self.res.resolve("lpi_editions", None, sheet["Country"], kind="name")
                parts.append(_long(iso3, year, _numbers(sheet[column]), "lpi_editions"))
        return pd.concat(parts, ignore_index=True)

    def _lpi_editions(self, column: str) -> dict[int, pd.DataFrame]:
        """The workbook's sheets of the editions before 2023 (read once), each checked for `column`."""
        if self._lpi_book is None:
            path = _path(self.raw, _LPI_BOOK)
            try:
                with warnings.catch_warnings():  # openpyxl: "Unknown extension is not supported"
                    warnings.simplefilter("ignore", UserWarning)
                    sheets = pd.read_excel(
                        path, sheet_name=[str(y) for y in LPI_EDITIONS], dtype=str, engine="openpyxl"
                    )
            except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
                raise BuildError(f"raw file malformed: {path}: {exc}") from None
            self._lpi_book = {int(name): frame.fillna("") for name, frame in sheets.items()}
        for year, sheet in self._lpi_book.items():
            missing = [c for c in ("Country", column) if c not in sheet.columns]
            if missing:
                raise BuildError(f"raw file malformed: {self.raw / _LPI_BOOK}: sheet {year} lacks {', '.join(missing)}")
        return self._lpi_book

    def cyberlaw(self, spec: IndicatorSpec) -> _Long:
        rel = "cyberlaw/unctad_cyberlaw_tracker_2026.csv"
        column = spec.params[0]
        df = self._file(rel, ("code", "country", column))
        status = df[column].str.strip()
        unknown = sorted(set(status) - set(_CYBER_SCORES) - {_CYBER_MISSING})
        if unknown:
            raise BuildError(f"raw file malformed: {self.raw / rel}: unknown status {unknown[0]!r}")
        iso3 = self.res.resolve("cyberlaw", df["code"], df["country"], kind="m49")
        return _long(iso3, 2026, status.map(_CYBER_SCORES).astype("float64"), "cyberlaw")

    def owid_internet(self, spec: IndicatorSpec) -> _Long:
        rel = "internet/owid_share-of-individuals-using-the-internet.csv"
        column = "Individuals using the Internet (% of population)"
        df = self._file(rel, ("Entity", "Code", "Year", column), sep=";")
        iso3 = self.res.resolve("itu_owid", df["Code"], df["Entity"])
        return _long(iso3, _years(df["Year"], rel), _numbers(df[column]), "itu_owid")

    def _findex2025(self, column: str) -> tuple[pd.DataFrame, pd.Series]:
        """The 2025 edition's headline rows ('all' group) and their economies."""
        rel = "findex/GlobalFindexDatabase2025_35col_subset.csv"
        df = self._file(rel, ("countrynewwb", "codewb", "year", "pop_adult", "group", column))
        df = df[df["group"].str.strip() == "all"]
        return df, self.res.resolve("findex2025", df["codewb"], df["countrynewwb"])

    def findex(self, spec: IndicatorSpec) -> _Long:
        """Every wave of a Findex series: the 2025 edition for the 2024 wave, the 2021 edition for
        2011-2022 (the 2021-wave values are equal in both editions; the one the snapshot cited
        before the 2025 edition stays its source), the 2025 edition for earlier waves the 2021
        edition lacks."""
        col2025, code2021 = spec.params
        parts: list[_Long] = []
        if col2025:
            df, iso3 = self._findex2025(col2025)
            percent = (_numbers(df[col2025]) * 100.0).round(7)
            parts.append(_long(iso3, _years(df["year"], "findex 2025"), percent, "findex2025"))
        rel = "findex/FINDEXEXCEL_findex2021_Data_keyseries.csv"
        waves = ("2011", "2014", "2017", "2021", "2022")
        df = self._file(rel, ("Country Name", "Country Code", "Indicator Code") + waves)
        df = df[df["Indicator Code"].str.strip() == code2021]
        iso3 = self.res.resolve("findex2021", df["Country Code"], df["Country Name"])
        for year in waves:
            parts.append(_long(iso3, int(year), _numbers(df[year]), "findex2021"))
        merged = pd.concat(parts, ignore_index=True)
        newer = merged[(merged["source"] == "findex2025") & (merged["year"] > 2022)]
        older = prefer_sources(merged[merged["year"] <= 2022], ("findex2021", "findex2025"))
        return pd.concat([older, newer], ignore_index=True)

    def findex_buyers(self, spec: IndicatorSpec) -> _Long:
        """Adults x the share buying online, per wave where both exist (pop_adult: 2025 edition)."""
        share = self.findex(spec)
        df, iso3 = self._findex2025(spec.params[0])
        adults = _long(iso3, _years(df["year"], "findex 2025"), _numbers(df["pop_adult"]), "findex2025")
        joined = share.merge(adults[["iso3", "year", "value"]], on=["iso3", "year"], suffixes=("", "_adults"))
        joined["value"] = (joined["value"] / 100.0 * joined["value_adults"]).round(0)
        return joined[list(LONG_COLUMNS)]

    def eurostat_esels(self, spec: IndicatorSpec) -> _Long:
        """Enterprises selling online, one size class; Eurostat's own aggregates are not economies."""
        rel = "eurostat_enterprises/isoc_ec_esels.csv"
        df = self._file(rel, ("size_emp", "geo", "TIME_PERIOD", "OBS_VALUE"))
        df = df[df["size_emp"].str.strip() == spec.params[0]]
        aggregate = df["geo"].str.match(r"^(Euro area|European Union)\b")
        if aggregate.any():
            report = self.res.report.aggregates_dropped
            report["eurostat_esels"] = report.get("eurostat_esels", 0) + int(aggregate.sum())
        df = df[~aggregate]
        iso3 = self.res.resolve("eurostat_esels", None, df["geo"], kind="name")
        return _long(iso3, _years(df["TIME_PERIOD"], rel), _numbers(df["OBS_VALUE"]), "eurostat_esels")

    def weo_mean(self, spec: IndicatorSpec) -> _Long:
        subject, first, last = spec.params
        rel = "weo/WEOApr2025all.csv"
        years = tuple(str(y) for y in range(int(first), int(last) + 1))
        df = self._file(rel, ("ISO", "WEO Subject Code", "Country") + years)
        df = df[df["WEO Subject Code"].str.strip() == subject]
        block = pd.concat([_numbers(df[y]) for y in years], axis=1)
        mean = block.mean(axis=1, skipna=False).round(6)
        iso3 = self.res.resolve("weo_apr2025", df["ISO"], df["Country"])
        return _long(iso3, int(last), mean, "weo_apr2025")

    def eurostat(self, spec: IndicatorSpec) -> _Long:
        rel = "ecommerce/eurostat_isoc_ec_ibuy_ib20_I_BUY3_EU27.csv"
        df = self._file(rel, ("country", "country_code", "year", "pct_population_buying_online"))
        iso3 = self.res.resolve("eurostat_ibuy", df["country_code"], df["country"], kind="iso2")
        return _long(iso3, _years(df["year"], rel), _numbers(df["pct_population_buying_online"]), "eurostat_ibuy")

    def tariff(self, spec: IndicatorSpec) -> _Long:
        rel = "trade/wdi_TM.TAX.MRCH.WM.AR.ZS_ddf_2015-2019.csv"
        df = self._file(rel, ("economy", "year", "tm_tax_mrch_wm_ar_zs"))
        iso3 = self.res.resolve("wdi_tariff", df["economy"].str.upper(), None)
        return _long(iso3, _years(df["year"], rel), _numbers(df["tm_tax_mrch_wm_ar_zs"]), "wdi_tariff")

    def reach(self, spec: IndicatorSpec) -> _Long:
        """Origin-free fit indicators (marketplaces, English speakers), read with the bilateral data."""
        if self.bilateral is None:
            raise BuildError(f"internal: {spec.id} needs the bilateral build first")
        rows = self.bilateral.reach
        return rows.loc[rows["indicator"] == spec.id, list(LONG_COLUMNS)].reset_index(drop=True)

    def vat(self, spec: IndicatorSpec) -> _Long:
        path = _path(self.raw, "tax/sales_tax_rates_npm-sales-tax-2.23.0.json")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = [(str(k), str(v.get("type", "")), v.get("rate")) for k, v in data.items()]
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError) as exc:
            raise BuildError(f"raw file malformed: {path}: {exc}") from None
        df = pd.DataFrame(rows, columns=["code", "type", "rate"])
        df = df[df["type"] != "none"]
        iso3 = self.res.resolve("vat_salestax", df["code"], df["code"], kind="iso2")
        percent = (pd.to_numeric(df["rate"], errors="coerce") * 100.0).round(7)
        return _long(iso3, 2026, percent, "vat_salestax")


_DERIVATION = {"wdi_mean": "mean_of_last:{1}", "owid_change": "change_over:{0}", "findex_change": "wave_change"}
"""How `refresh-data` must recompute a derived indicator (catalog.csv `derivation`); others are 'latest'."""
_HISTORY_OF = {"wdi_mean": "wdi", "owid_change": "owid_internet", "findex_change": "findex"}
"""Derived indicators: the loader whose history they are computed from."""


def _derive(spec: IndicatorSpec, history: _Long, start: int, cap: int | None) -> _Long:
    """One value per economy from an indicator's history (xbmarkets.derive says how, per loader)."""
    if spec.loader == "wdi_mean":
        return mean_of_last(history, int(spec.params[1]), start, cap)
    if spec.loader == "owid_change":
        return change_over(history, int(spec.params[0]), start, cap)
    if spec.loader == "findex_change":
        return wave_change(history, start, cap)
    return latest(history, start, cap)


# --------------------------------------------------------------------------- outputs


def _catalog_frame(
    specs: tuple[IndicatorSpec, ...],
    reference_year: int,
    source_of: dict[str, str] | None = None,
    sources_table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """data/catalog.csv: the specs as people read them, with the window as the years it admits.

    `source_of` names, per indicator, the source its values really come from when
    that is not the catalog's own (a past-year snapshot's LPI values come from
    the older editions, its Findex values from the 2021 edition): the row cites it,
    with the publisher, edition and licence of `sources_table` (sources.csv as
    written) when given, so the two files never disagree.
    """
    sources = {s.source: {c: getattr(s, c) for c in SOURCES_COLUMNS} for s in SOURCES}
    if sources_table is not None:
        sources.update({str(r["source"]): dict(r) for _, r in sources_table.iterrows()})
    rows = []
    for spec in specs:
        src = sources[(source_of or {}).get(spec.id, spec.source)]
        row = {c: getattr(spec, c, "") for c in CATALOG_COLUMNS}
        row.update(
            source=src["source"],
            window_start=spec.window_start(reference_year),
            derivation=_DERIVATION.get(spec.loader, "latest").format(*spec.params),
            publisher=src["publisher"],
            dataset=src["dataset"],
            edition=src["edition"],
            licence=src["licence"],
        )
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(CATALOG_COLUMNS))
    validate_catalog(frame.set_index("id"))
    return frame


def _row_sources(values: pd.DataFrame, specs: tuple[IndicatorSpec, ...]) -> dict[str, str]:
    """Indicator -> the source most of its rows come from, where none comes from the catalog's source."""
    out: dict[str, str] = {}
    by_indicator = values.groupby("indicator")["source"]
    for spec in specs:
        if spec.id not in by_indicator.groups:
            continue
        counts = by_indicator.get_group(spec.id).value_counts()
        if spec.source not in counts.index:
            out[spec.id] = sorted(counts.index[counts == counts.max()])[0]
    return out


def _bilateral_frame(bilateral: BilateralBuild, specs: tuple[IndicatorSpec, ...]) -> pd.DataFrame:
    """data/bilateral.csv: origin, destination, one column per origin-scoped indicator (named by its id)
    and the text a sentence needs (shared languages, agreements and since when)."""
    pairs = bilateral.pairs
    frame = pairs[["origin", "destination"]].copy()
    for spec in specs:
        if spec.scope == "origin":
            frame[spec.id] = pairs[spec.params[0]].astype("float64")
    for column in ("languages", "agreements", "agreement_year"):
        frame[column] = pairs[column]
    if "common_language" not in frame.columns:  # no vintage: its language names would say what it cannot
        frame["languages"] = ""
    return frame


_STATE_OF = {"tzdata": "UTC offsets of {year}", "wto_rta": "agreements in force on 31 December {year}"}
"""Sources a past-year snapshot reads as they stood at the end of that year (the row is dated by it)."""


def _sources_frame(
    bilateral: BilateralBuild | None = None, used: set[str] | None = None, as_of: int | None = None
) -> pd.DataFrame:
    """data/sources.csv: the sources the snapshot's catalog and values cite, and the reference sources
    behind economies.csv; the bilateral build fills in what only it knows (the tzdata version
    installed, the marketplace clients' versions).  A past-year snapshot dates the agreements and
    time zones by the year it reads them at."""
    found = {str(d["source"]): d for d in (bilateral.sources if bilateral is not None else ())}
    rows = []
    for s in SOURCES:
        if used is not None and s.source not in used and s.source not in REFERENCE_SOURCES:
            continue
        row = dict(found.get(s.source) or {c: getattr(s, c) for c in SOURCES_COLUMNS})
        rows.append(_as_read_in(row, as_of) if as_of is not None else row)
    return pd.DataFrame(rows, columns=list(SOURCES_COLUMNS)).sort_values("source").reset_index(drop=True)


def _as_read_in(row: dict[str, object], as_of: int) -> dict[str, object]:
    """A sources.csv row as a past-year snapshot reads it: the agreements and time zones as they stood
    at the end of `as_of`, the LPI workbook's editions published by then."""
    row = dict(row)
    source = str(row["source"])
    if source in _STATE_OF:
        row["edition"] = f"{row['edition']}; {_STATE_OF[source].format(year=as_of)}"
        row["year"] = min(int(str(row["year"])), as_of)
    elif source == "lpi_editions":
        editions = sorted(y for y in LPI_EDITIONS if y <= as_of)
        row["edition"] = f"editions {', '.join(map(str, editions)) or 'none'} (International LPI 2012-2023 workbook)"
        row["year"] = max(editions, default=min(LPI_EDITIONS))
    return row


def _about_frame(as_of: int | None) -> pd.DataFrame:
    """data/about.csv (key, value): the year the snapshot stands at and the editions every one shares."""
    income = next(s for s in SOURCES if s.source == "wb_class")
    rows = [
        ("as_of", "" if as_of is None else str(as_of)),
        ("reference_year", str(as_of if as_of is not None else REFERENCE_YEAR)),
        ("income_groups", f"{income.dataset} {income.edition}"),
    ]
    return pd.DataFrame(rows, columns=list(ABOUT_COLUMNS))


def _left_out_frame(as_of: int | None) -> pd.DataFrame:
    """data/left_out.csv: the catalog's indicators a past-year snapshot cannot hold, and why."""
    sources = {s.source: s for s in SOURCES}
    rows = []
    for spec in INDICATORS:
        if as_of is None or spec.vintage:
            continue
        src = sources[spec.source]
        rows.append(
            {
                **{c: getattr(spec, c) for c in ("id", "name", "short", "name_zh", "short_zh", "pillar", "source")},
                "edition": f"{src.dataset} ({src.edition})",
                "source_year": src.year,
                "reason": f"no edition as old as {as_of}: the raw file is {src.dataset}, {src.edition}",
            }
        )
    return pd.DataFrame(rows, columns=list(LEFT_OUT_COLUMNS))


def _dispatch(loaders: _Loaders) -> dict[str, Callable[[IndicatorSpec], _Long]]:
    """Loader name in catalog.toml -> the method that reads that indicator's history."""
    names = ("wdi", "wgi", "lpi", "cyberlaw", "owid_internet", "findex", "findex_buyers", "weo_mean")
    table: dict[str, Callable[[IndicatorSpec], _Long]] = {n: getattr(loaders, n) for n in names}
    table.update(eurostat=loaders.eurostat, eurostat_esels=loaders.eurostat_esels, tariff=loaders.tariff)
    table["vat"] = loaders.vat
    table["reach"] = loaders.reach
    for derived, history in _HISTORY_OF.items():
        table[derived] = table[history]
    return table


def _values(
    loaders: _Loaders, specs: tuple[IndicatorSpec, ...], as_of: int | None, report: BuildReport
) -> pd.DataFrame:
    """The long snapshot: one derived value per economy and indicator, sorted by (iso3, indicator)."""
    dispatch = _dispatch(loaders)
    reference = as_of if as_of is not None else REFERENCE_YEAR
    parts = []
    for spec in specs:
        if spec.scope == "origin":  # bilateral: data/bilateral.csv, not the per-economy snapshot
            continue
        rows = _derive(spec, dispatch[spec.loader](spec), spec.window_start(reference), as_of)
        parts.append(rows.assign(indicator=spec.id))
        report.indicator_counts[spec.id] = int(len(rows))
    values = pd.concat(parts, ignore_index=True)[list(SNAPSHOT_COLUMNS)]
    return values.sort_values(["iso3", "indicator"], kind="mergesort").reset_index(drop=True)


def check_as_of(as_of: object) -> int | None:
    """`as_of` as a year a snapshot can stand at (MIN_AS_OF..REFERENCE_YEAR), or None; ValueError otherwise."""
    if as_of is None:
        return None
    if isinstance(as_of, bool) or not isinstance(as_of, (int, np.integer)) or not MIN_AS_OF <= as_of <= REFERENCE_YEAR:
        raise ValueError(f"as-of must be a whole year from {MIN_AS_OF} to {REFERENCE_YEAR}, got {as_of!r}")
    return int(as_of)


def _outcomes(loaders: _Loaders) -> pd.DataFrame:
    """data/outcomes.csv: what happened after each vintage year, from the uncapped histories."""
    spec = {s.id: s for s in INDICATORS}
    histories = {
        "findex_online": loaders.findex(spec["online_buyers"]),
        "internet": loaders.owid_internet(spec["internet_users"]),
        "gdp_growth": loaders.wdi(spec["gdp_growth_6y"]),
    }
    return compute_outcomes(histories)


def build(raw_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str], as_of: int | None = None) -> BuildReport:
    """Read the raw tree, write catalog/sources/economies/snapshot CSVs, return the report.

    `as_of`: build the snapshot a seller could have had at the end of that year
    (values dated after it unused; indicators without an edition that old left out
    and listed in left_out.csv).  The current build (no `as_of`) also writes
    outcomes.csv, what happened after each vintage year, for backtests.
    """
    as_of = check_as_of(as_of)
    raw = Path(raw_dir)
    out = Path(out_dir)
    if not raw.is_dir():
        raise BuildError(f"raw data directory not found: {raw}")
    report = BuildReport(out_dir=str(out))
    ref = _load_reference(raw)
    loaders = _Loaders(raw, _Resolver(ref, report), as_of)
    specs = INDICATORS if as_of is None else tuple(s for s in INDICATORS if s.vintage)
    bilateral = build_bilateral(raw, ref.economies.set_index("iso3"), loaders.res.resolve, as_of)
    loaders.bilateral = bilateral
    report.notes = {k: v for k, v in bilateral.notes.items() if v}
    values = _values(loaders, specs, as_of, report)

    source_of = _row_sources(values, specs)
    used = {source_of.get(s.id, s.source) for s in specs} | set(values["source"])
    sources = _sources_frame(bilateral, used, as_of)
    catalog = _catalog_frame(specs, as_of if as_of is not None else REFERENCE_YEAR, source_of, sources)
    pairs = _bilateral_frame(bilateral, specs)
    economies = ref.economies
    files = {
        out / "catalog.csv": serialize_csv(catalog),
        out / "sources.csv": serialize_csv(sources),
        out / "economies.csv": serialize_csv(economies),
        out / "snapshot.csv": serialize_csv(values),
        out / "bilateral.csv": serialize_csv(pairs),
        out / "about.csv": serialize_csv(_about_frame(as_of)),
        out / "left_out.csv": serialize_csv(_left_out_frame(as_of)),
    }
    if as_of is None:
        files[out / "outcomes.csv"] = serialize_csv(_outcomes(loaders))

    snap = Snapshot(
        catalog=validate_catalog(catalog.set_index("id")),
        sources=sources.set_index("source"),
        economies=economies.set_index("iso3"),
        values=values,
    )
    _count(report, snap, catalog, values, economies)
    report.bytes_written = {p.name: len(b) for p, b in files.items()}
    try:
        write_many_atomic(files)
    except OSError as exc:
        raise BuildError(f"could not write {out}: {exc}") from None
    return report


def _count(
    report: BuildReport, snap: Snapshot, catalog: pd.DataFrame, values: pd.DataFrame, economies: pd.DataFrame
) -> None:
    """The report's headline figures: economies, indicators, rows, coverage per pillar."""
    cov = economy_coverage(snap)
    report.n_economies = int(len(economies))
    report.n_indicators = int(len(catalog))
    report.n_rows = int(len(values))
    report.economies_with_value = int((cov["n_indicators"] > 0).sum())
    report.economies_at_share = int((cov["share"] >= COVERAGE_SHARE - 1e-12).sum())
    n_per_pillar = catalog.loc[catalog["scope"] != "origin", "pillar"].value_counts()
    for pillar in PILLARS:
        report.pillar_economies[pillar] = int((cov[f"n_{pillar}"] > 0).sum())
        total = int(n_per_pillar.get(pillar, 0))
        report.pillar_mean_share[pillar] = float(np.round((cov[f"n_{pillar}"] / total).mean(), 4)) if total else 0.0
