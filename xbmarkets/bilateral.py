"""Raw files -> frames for the seller-origin "fit" pillar: how cheap a destination is to serve from an origin.

Gravity models of trade find distance and a common language the strongest
predictors of how much two countries trade; a land border, a trade agreement
and working hours that overlap help too.  This module reads the raw files
behind those measures and returns, for every ordered pair of distinct
economies, the distance, the border, the common-language probability, the
agreements in force and the time-zone gap - plus two origin-free measures of
reach (English speakers, marketplaces a seller can list on).  Scoring is not
done here; nothing is written either (`build` decides what goes to data/).

Sources and vintages: CEPII GeoDist (a static 2011 release), Unicode CLDR 48
(2025), the WTO RTA-IS export of March 2021, the IANA tz database of the
installed `tzdata` package, and the marketplace lists of four seller-API
clients.  Only trade agreements and time zones have vintages (`as_of`);
languages and marketplaces are today's picture, with no history, so a caller
building a past-year snapshot leaves them out.

Every code or name a source uses is placed through the caller's resolver
(`build._Resolver.resolve`), which records what it could not place; CEPII's
2011 codes ROM, ZAR, TMP, PAL are placed by their names, while YUG (Serbia and
Montenegro as one unit) and ANT (Netherlands Antilles) place nowhere and are
reported, so Serbia, Montenegro and Kosovo have no distance: missing, not
guessed.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import importlib.metadata
import importlib.resources
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from xbmarkets.catalog_spec import SourceSpec
from xbmarkets.rta import RTA_FILE, RtaCoverage, rta_coverage

__all__ = [
    "BilateralBuild",
    "CAPITAL_COLUMNS",
    "EBAY_NOT_LIVE",
    "MERCADOLIBRE_CLOSED",
    "PAIR_COLUMNS",
    "REACH_COLUMNS",
    "Resolve",
    "build_bilateral",
    "common_language",
    "tz_gap",
]

Resolve = Callable[[str, pd.Series | None, pd.Series | None, str], pd.Series]
"""`build._Resolver.resolve`: (source, codes, names, kind) -> iso3 per row, None where unplaced."""

PAIR_COLUMNS: tuple[str, ...] = (
    "origin",
    "destination",
    "distance_km",
    "border",
    "common_language",
    "languages",
    "trade_agreement",
    "agreements",
    "agreement_year",
    "tz_gap_hours",
)
REACH_COLUMNS: tuple[str, ...] = ("iso3", "indicator", "value", "year", "source")
CAPITAL_COLUMNS: tuple[str, ...] = ("iso3", "capital", "lat", "lon", "tz")

LANGUAGE_LISTED_SHARE = 0.05
"""A language is named for a pair when s_o x s_d reaches this (5 % of random pairs share it)."""
TZ_DEFAULT_YEAR = 2025
"""Year whose January and July offsets are used when no `as_of` is given."""
CLDR_VERSION, CLDR_YEAR = "48", 2025
RETRIEVED_YEAR = 2026
"""Year the marketplace client files were copied (SOURCES.md: raw tree assembled 2026-11-21)."""

EBAY_NOT_LIVE: tuple[str, ...] = ("RU", "TH", "VN")
"""eBay marketplace IDs the file lists but that do not run a site sellers can list on.

The @hendt/ebay-api enum marks none of its 39 country IDs as inactive;
SOURCES.md section 19 names these three as not live for selling, so they are
left out.  eBay's own developer documentation marks more IDs "reserved for
future use" (CN, CZ, DK, FI, GR, HU, ID among them); without a raw file
saying so they are counted, as the enum lists them.
"""
MERCADOLIBRE_CLOSED: tuple[str, ...] = ("PT",)
"""Mercado Libre sites the client still lists but that have closed (Portugal; SOURCES.md section 19: stale)."""

_GEO, _DIST = "geo/geo_cepii.csv", "geo/dist_cepii.csv"
_CLDR_INFO = "cldr/territoryInfo.json"
_MARKETS = "marketplaces"
_UNDETERMINED = "und"  # CLDR's "undetermined language" (Antarctica): sharing it says nothing


def _error(message: str) -> Exception:
    # Imported late: build.py imports this module, so a top-level import would be circular.
    from xbmarkets.build import BuildError

    return BuildError(message)


@dataclass(frozen=True, eq=False)
class BilateralBuild:
    """Everything the fit pillar needs from the raw tree, as frames."""

    pairs: pd.DataFrame
    """PAIR_COLUMNS, one row per ordered pair of distinct economies, sorted by (origin, destination)."""
    capitals: pd.DataFrame
    """CAPITAL_COLUMNS, one row per economy ('' / NaN where CEPII or tzdata has none)."""
    reach: pd.DataFrame
    """REACH_COLUMNS long rows: english_speakers (where CLDR records it), marketplaces (every economy)."""
    marketplace_names: pd.DataFrame
    """iso3, marketplace_names (';'-joined, '' for none), one row per economy."""
    marketplace_lists: pd.DataFrame
    """One row per marketplace: file, package version, sites counted, sites left out and why, year."""
    sources: tuple[dict[str, object], ...]
    """SourceSpec fields for cepii_geodist, cldr48, wto_rta, tzdata, marketplace_apis."""
    notes: dict[str, tuple[str, ...]]
    """source -> facts for the build report beyond what the resolver records."""
    as_of: int | None
    rta_date: dt.date
    """Day the agreements are in force on (31 Dec of as_of, or the export's date)."""


# --------------------------------------------------------------------------- reading


def _path(raw_dir: Path, rel: str) -> Path:
    path = raw_dir / rel
    if not path.is_file():
        raise _error(f"raw file missing: {path}")
    return path


def _read_csv(raw_dir: Path, rel: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """Only `columns`, as text (Namibia's ISO2 'NA' survives); a file without one of them is malformed."""
    path = _path(raw_dir, rel)
    options: dict = {"dtype": str, "keep_default_na": False, "encoding": "utf-8"}
    try:
        header = pd.read_csv(path, nrows=0, **options).columns
        missing = [c for c in columns if c not in header]
        if missing:
            raise _error(f"raw file malformed: {path}: missing columns {', '.join(missing)}")
        return pd.read_csv(path, usecols=list(columns), **options)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise _error(f"raw file malformed: {path}: {exc}") from None


def _numbers(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series.str.strip(), errors="coerce").to_numpy(dtype="float64")


def _place(
    resolve: Resolve, source: str, codes: list[str], names: list[str], kind: str, economies: pd.Index
) -> dict[str, str]:
    """code -> economy iso3 for the codes the resolver places on one of `economies`."""
    if not codes:
        return {}
    iso3 = resolve(source, pd.Series(codes, dtype=object), pd.Series(names, dtype=object), kind)
    return {c: v for c, v in zip(codes, iso3, strict=True) if isinstance(v, str) and v in economies}


def _one_code_each(placed: dict[str, str], own: dict[str, str], source: str, notes: list[str]) -> dict[str, str]:
    """Keep one source code per economy: the economy's own code when two codes land on it."""
    by_iso: dict[str, list[str]] = {}
    for code in sorted(placed):
        by_iso.setdefault(placed[code], []).append(code)
    kept: dict[str, str] = {}
    for iso3, codes in by_iso.items():
        keep = next((c for c in codes if c == own.get(iso3)), codes[0])
        kept[keep] = iso3
        notes.extend(f"{source}: {c} also placed on {iso3}; {keep} used" for c in codes if c != keep)
    return kept


# --------------------------------------------------------------------------- CEPII


@dataclass(frozen=True)
class _Geo:
    distance: np.ndarray  # n x n km, NaN where CEPII lacks a side
    border: np.ndarray  # n x n 0/1, NaN likewise
    capitals: pd.DataFrame  # iso3 (index), capital, lat, lon


def _cepii(raw_dir: Path, codes: pd.Index, resolve: Resolve, notes: list[str]) -> _Geo:
    geo = _read_csv(raw_dir, _GEO, ("iso3", "country", "city_en", "lat", "lon", "cap"))
    dist = _read_csv(raw_dir, _DIST, ("iso_o", "iso_d", "contig", "dist"))
    for frame, cols in ((geo, ("iso3",)), (dist, ("iso_o", "iso_d"))):
        for col in cols:
            frame[col] = frame[col].str.strip()
    names = geo.drop_duplicates("iso3").set_index("iso3")["country"].str.strip()
    cepii = sorted((set(dist["iso_o"]) | set(dist["iso_d"]) | set(geo["iso3"])) - {""})
    placed = _place(resolve, "cepii_geodist", cepii, [names.get(c, "") for c in cepii], "iso3", codes)
    placed = _one_code_each(placed, {c: c for c in codes}, "cepii_geodist", notes)
    n = len(codes)
    to_pos = {c: codes.get_loc(iso3) for c, iso3 in placed.items()}
    o = dist["iso_o"].map(to_pos).to_numpy(dtype="float64")
    d = dist["iso_d"].map(to_pos).to_numpy(dtype="float64")
    ok = ~np.isnan(o) & ~np.isnan(d)
    oi, di = o[ok].astype(np.int64), d[ok].astype(np.int64)
    distance, border = np.full((n, n), np.nan), np.full((n, n), np.nan)
    distance[oi, di] = _numbers(dist["dist"])[ok]
    border[oi, di] = _numbers(dist["contig"])[ok]
    caps = geo[geo["cap"].str.strip() == "1"].copy()
    caps["iso3"] = caps["iso3"].map(placed)
    caps = caps.dropna(subset=["iso3"]).drop_duplicates("iso3", keep="first")
    capitals = pd.DataFrame(
        {
            "capital": caps["city_en"].str.strip().to_numpy(),
            "lat": _numbers(caps["lat"]),
            "lon": _numbers(caps["lon"]),
        },
        index=pd.Index(caps["iso3"].to_numpy(), name="iso3"),
    )
    return _Geo(distance=distance, border=border, capitals=capitals)


# --------------------------------------------------------------------------- CLDR


@dataclass(frozen=True)
class _Languages:
    shares: pd.DataFrame  # iso3 x base language, share of the population in [0, 1]
    english: pd.Series  # iso3 -> percent of the population speaking `en`, as published
    version: str


def _language_shares(
    territories: dict[str, object], where: Path
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Per territory: base language -> share in [0, 1] (max over script variants), and the `en` percent."""
    shares: dict[str, dict[str, float]] = {}
    english: dict[str, float] = {}
    for key, info in territories.items():
        spoken = info.get("languagePopulation") if isinstance(info, dict) else None
        if not isinstance(spoken, dict):
            continue
        row: dict[str, float] = {}
        for lang, detail in spoken.items():
            try:
                percent = float(detail["_populationPercent"])
            except (KeyError, TypeError, ValueError):
                percent = math.nan
            if not 0.0 <= percent <= 1000.0:
                raise _error(f"raw file malformed: {where}: {key}/{lang} has no readable _populationPercent")
            base = str(lang).split("_")[0]
            if base != _UNDETERMINED:
                row[base] = max(row.get(base, 0.0), min(percent / 100.0, 1.0))
            if lang == "en":
                english[key] = percent
        shares[key] = row
    return shares, english


def _cldr(raw_dir: Path, codes: pd.Index, iso2: dict[str, str], resolve: Resolve, notes: list[str]) -> _Languages:
    path = _path(raw_dir, _CLDR_INFO)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        territories = data["supplemental"]["territoryInfo"]
        version = str(data["supplemental"]["version"]["_cldrVersion"])
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise _error(f"raw file malformed: {path}: {exc}") from None
    if version != CLDR_VERSION:
        raise _error(f"raw file unexpected: {path}: CLDR {version}, this build knows the year of CLDR {CLDR_VERSION}")
    shares, english = _language_shares(territories, path)
    keys = sorted(shares)
    placed = _one_code_each(_place(resolve, "cldr48", keys, keys, "iso2", codes), iso2, "cldr48", notes)
    frame = pd.DataFrame.from_dict({placed[k]: shares[k] for k in placed}, orient="index").fillna(0.0)
    frame = frame.reindex(columns=sorted(frame.columns)).sort_index()
    eng = pd.Series({placed[k]: english[k] for k in placed if k in english}, dtype="float64").sort_index()
    return _Languages(shares=frame, english=eng, version=version)


def common_language(shares: np.ndarray) -> np.ndarray:
    """Probability that a random person of each origin and one of each destination share a spoken language.

    Melitz & Toubal (2014), "Native language, spoken language, translation and
    trade", J. Int. Econ. 93(2): common spoken language CSL_od = sum over
    languages l of s_o,l x s_d,l, s = share of the population speaking l.
    `shares` is economies x languages; the result is capped at 1 (several
    languages spoken by the same people can add up past it).
    """
    return np.minimum(shares @ shares.T, 1.0)


def _listed_languages(shares: np.ndarray, languages: list[str]) -> dict[int, str]:
    """Flat pair position -> languages with s_o x s_d >= LANGUAGE_LISTED_SHARE, largest first."""
    tol = LANGUAGE_LISTED_SHARE - 1e-12
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for k in np.flatnonzero((shares >= tol).sum(axis=0) >= 2):
        col = shares[:, k]
        product = np.outer(col, col)
        np.fill_diagonal(product, 0.0)
        flat = np.flatnonzero(product >= tol)
        found.append((flat, product.ravel()[flat], np.full(flat.size, k)))
    if not found:
        return {}
    flat, contrib, lang = (np.concatenate(parts) for parts in zip(*found, strict=True))
    order = np.lexsort((lang, -contrib, flat))
    names = np.asarray(languages, dtype=object)[lang[order]]
    out: dict[int, list[str]] = {}
    for pos, name in zip(flat[order].tolist(), names.tolist(), strict=True):
        out.setdefault(pos, []).append(name)
    return {p: ";".join(v) for p, v in out.items()}


# --------------------------------------------------------------------------- time zones


def _tzdata_file(name: str):  # -> Traversable
    try:
        return importlib.resources.files("tzdata").joinpath("zoneinfo", *name.split("/"))
    except ModuleNotFoundError:
        raise _error("the tzdata package is not installed (pip install tzdata)") from None


def _coordinate(text: str) -> tuple[float, float]:
    """ISO 6709 '+DDMM+DDDMM' or '+DDMMSS+DDDMMSS' (zone.tab) -> (lat, lon) in degrees."""
    match = re.fullmatch(r"([+-])(\d{2})(\d{2})(\d{2})?([+-])(\d{3})(\d{2})(\d{2})?", text)
    if match is None:
        raise _error(f"tzdata zone table: unreadable coordinates {text!r}")
    s1, d1, m1, x1, s2, d2, m2, x2 = match.groups()
    lat = int(d1) + int(m1) / 60 + int(x1 or 0) / 3600
    lon = int(d2) + int(m2) / 60 + int(x2 or 0) / 3600
    return (-lat if s1 == "-" else lat), (-lon if s2 == "-" else lon)


_Zone = tuple[str, float, float, str]  # name, lat, lon, comment


def _zone_tables() -> dict[str, list[_Zone]]:
    """Country -> its zones: zone.tab (one row per country and zone), zone1970.tab for any it lacks."""
    tables: list[dict[str, list[_Zone]]] = []
    for file in ("zone.tab", "zone1970.tab"):
        table: dict[str, list[_Zone]] = {}
        for line in _tzdata_file(file).read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            lat, lon = _coordinate(parts[1])
            for country in parts[0].split(","):
                table.setdefault(country, []).append((parts[2], lat, lon, parts[3] if len(parts) > 3 else ""))
        tables.append(table)
    merged = dict(tables[1])
    merged.update(tables[0])
    return merged


def _great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _capital_zone(zones: list[_Zone], lat: float, lon: float) -> str:
    """The zone of a capital among its country's zones.

    The zone tzdata itself calls "most of <country>" when there is one (New
    Zealand: Wellington is nearer the Chatham Islands' listed point than
    Auckland's, but keeps Auckland time); otherwise the zone whose listed
    point is nearest the capital (Washington -> New York, Beijing -> Shanghai).
    """
    main = [z for z in zones if z[3].casefold().startswith("most of")]
    if len(main) == 1:
        return main[0][0]
    return min(zones, key=lambda z: (_great_circle_km(lat, lon, z[1], z[2]), z[0]))[0]


def _offset_hours(zone: str, year: int) -> float:
    """Mean UTC offset of 15 January and 15 July (winter and summer time)."""
    with _tzdata_file(zone).open("rb") as handle:
        info = ZoneInfo.from_file(handle, key=zone)
    offsets = [dt.datetime(year, month, 15, 12, tzinfo=info).utcoffset() for month in (1, 7)]
    return sum(o.total_seconds() for o in offsets if o is not None) / 3600 / 2


def _time_zones(capitals: pd.DataFrame, iso2: dict[str, str], codes: pd.Index, year: int) -> pd.DataFrame:
    """CAPITAL_COLUMNS for every economy plus its mean offset (NaN where a capital or zone is missing)."""
    tables = _zone_tables()
    triples = zip(capitals["capital"], capitals["lat"], capitals["lon"], strict=True)
    known = dict(zip(capitals.index, triples, strict=True))
    rows = []
    for iso3 in codes:
        capital, lat, lon, zone, offset = "", math.nan, math.nan, "", math.nan
        if iso3 in known:
            capital, lat, lon = known[iso3]
            zones = tables.get(iso2.get(iso3, ""), [])
            if zones and not (math.isnan(lat) or math.isnan(lon)):
                zone = _capital_zone(zones, lat, lon)
                offset = _offset_hours(zone, year)
        rows.append((iso3, capital, lat, lon, zone, offset))
    frame = pd.DataFrame(rows, columns=[*CAPITAL_COLUMNS, "offset"])
    return frame.astype({"lat": "float64", "lon": "float64", "offset": "float64"})


def tz_gap(offsets: np.ndarray) -> np.ndarray:
    """|offset_o - offset_d| in hours, the short way round the clock (never more than 12)."""
    gap = np.abs(offsets[:, None] - offsets[None, :]) % 24.0
    return np.minimum(gap, 24.0 - gap)


# --------------------------------------------------------------------------- marketplaces


@dataclass(frozen=True)
class _Market:
    marketplace: str
    file: str
    package: str
    version: str
    codes: tuple[str, ...]
    left_out: tuple[str, ...]
    year: int
    year_basis: str


_MARKET_FILES = (  # marketplace, package, file pattern (version in the name), parser name
    ("Amazon", "python-amazon-sp-api", r"amazon_sp_api_(?P<v>[\d.]+)_marketplaces\.py", "amazon"),
    ("eBay", "@hendt/ebay-api", r"hendt_ebay_api_(?P<v>[\d.]+)_restfulEnums\.d\.ts", "ebay"),
    ("Mercado Libre", "mercadolibre-python", r"mercadolibre_python_(?P<v>[\d.]+)_client\.py", "mercadolibre"),
    ("Lazada", "lazop-sdk", r"lazop_sdk_(?P<v>[\d.]+)_base\.py", "lazada"),
)


def _parse_py(text: str, where: Path) -> ast.Module:
    try:
        return ast.parse(text)
    except SyntaxError as exc:
        raise _error(f"raw file malformed: {where}: {exc}") from None


def _amazon(text: str, where: Path) -> tuple[list[str], list[str]]:
    """Members of the `Marketplaces` enum; a second code for one marketplace ID (UK = GB) is an alias."""
    codes: list[str] = []
    notes: list[str] = []
    seen: dict[str, str] = {}
    for node in ast.walk(_parse_py(text, where)):
        if not (isinstance(node, ast.ClassDef) and node.name == "Marketplaces"):
            continue
        for item in node.body:
            if not (isinstance(item, ast.Assign) and isinstance(item.value, ast.Tuple) and len(item.value.elts) > 1):
                continue
            code = item.targets[0].id if isinstance(item.targets[0], ast.Name) else ""
            marketplace_id = item.value.elts[1]
            if not isinstance(marketplace_id, ast.Constant) or not isinstance(marketplace_id.value, str):
                continue
            if marketplace_id.value in seen:
                notes.append(f"Amazon {code}: same marketplace ID as {seen[marketplace_id.value]} (alias)")
                continue
            seen[marketplace_id.value] = code
            codes.append(code)
    return codes, notes


def _ebay(text: str, where: Path) -> tuple[list[str], list[str]]:
    """EBAY_XX members of the `Marketplace` enum; IDs without a country (EBAY_MOTORS) are noted."""
    block = re.search(r"enum\s+Marketplace\s*\{(?P<body>[^}]*)\}", text)
    if block is None:
        raise _error(f"raw file malformed: {where}: no Marketplace enum")
    codes, notes = [], []
    for value in re.findall(r'=\s*"([A-Z_]+)"', block["body"]):
        match = re.fullmatch(r"EBAY_([A-Z]{2})", value)
        if match is None:
            notes.append(f"eBay {value}: not a country site")
        else:
            codes.append(match[1])
    return codes, notes


def _mercadolibre(text: str, where: Path) -> tuple[list[str], list[str]]:
    """Country of each site in the client's `auth_urls` table, from its URL's country-code domain."""
    codes: list[str] = []
    notes: list[str] = []
    for node in ast.walk(_parse_py(text, where)):
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)):
            continue
        if not any(isinstance(t, ast.Name) and t.id == "auth_urls" for t in node.targets):
            continue
        for key, value in zip(node.value.keys, node.value.values, strict=True):
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                host = urlparse(value.value).hostname or ""
                if "." in host:
                    codes.append(host.rsplit(".", 1)[-1].upper())
                else:
                    site = key.value if isinstance(key, ast.Constant) else "?"
                    notes.append(f"Mercado Libre {site!r}: no country domain in {value.value!r}")
    return codes, notes


def _lazada(text: str, where: Path) -> tuple[list[str], list[str]]:
    """Countries of the SDK's API gateways: constants P_API_GATEWAY_URL_<XX>."""
    codes: list[str] = []
    for node in _parse_py(text, where).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            match = re.fullmatch(r"P_API_GATEWAY_URL_([A-Z]{2})", node.targets[0].id)
            if match and isinstance(node.value, ast.Constant):
                codes.append(match[1])
    return codes, []


_PARSERS: dict[str, Callable[[str, Path], tuple[list[str], list[str]]]] = {
    "amazon": _amazon,
    "ebay": _ebay,
    "mercadolibre": _mercadolibre,
    "lazada": _lazada,
}
_LEFT_OUT = {
    "eBay": (EBAY_NOT_LIVE, "not live for selling (SOURCES.md section 19)"),
    "Mercado Libre": (MERCADOLIBRE_CLOSED, "site closed; the client's list is stale (SOURCES.md section 19)"),
}


def _file_year(text: str) -> tuple[int, str]:
    """The package's date when the file states one (Lazada's SDK version stamp 'lazop-sdk-python-20181207')."""
    match = re.search(r"SDK_VERSION\s*=\s*['\"][^'\"]*?(?P<y>(19|20)\d{2})(0[1-9]|1[0-2])([0-2]\d|3[01])['\"]", text)
    if match:
        return int(match["y"]), f"SDK version stamp in the file ({match.group(0).split('=')[1].strip()})"
    return RETRIEVED_YEAR, f"no date in the file: year the file was copied ({RETRIEVED_YEAR})"


def _markets(raw_dir: Path) -> list[_Market]:
    folder = raw_dir / _MARKETS
    if not folder.is_dir():
        raise _error(f"raw folder missing: {folder}")
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    out: list[_Market] = []
    for marketplace, package, pattern, parser in _MARKET_FILES:
        found = [(n, m["v"]) for n in names if (m := re.fullmatch(pattern, n))]
        if len(found) != 1:
            raise _error(f"raw file {'missing' if not found else 'ambiguous'}: {folder}/{pattern}")
        file, version = found[0]
        path = folder / file
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise _error(f"raw file malformed: {path}: {exc}") from None
        codes, notes = _PARSERS[parser](text, path)
        if not codes:
            raise _error(f"raw file malformed: {path}: no marketplace found")
        drop, why = _LEFT_OUT.get(marketplace, ((), ""))
        left_out = tuple(notes) + tuple(f"{marketplace} {c}: {why}" for c in codes if c in drop)
        year, basis = _file_year(text)
        kept = tuple(dict.fromkeys(c for c in codes if c not in drop))
        out.append(_Market(marketplace, f"{_MARKETS}/{file}", package, version, kept, left_out, year, basis))
    return out


def _market_frames(
    markets: list[_Market], codes: pd.Index, resolve: Resolve
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    presence = pd.DataFrame(False, index=codes, columns=[m.marketplace for m in markets])
    for m in markets:
        placed = _place(resolve, "marketplace_apis", list(m.codes), list(m.codes), "iso2", codes)
        presence.loc[sorted(set(placed.values())), m.marketplace] = True
    year = max(m.year for m in markets)
    count = presence.sum(axis=1).astype("float64")
    rows = pd.DataFrame({"iso3": codes, "indicator": "marketplaces", "value": count.to_numpy(), "year": year})
    rows["source"] = "marketplace_apis"
    names = presence.apply(lambda r: ";".join(c for c in presence.columns if r[c]), axis=1)
    named = pd.DataFrame({"iso3": codes, "marketplace_names": names.to_numpy()})
    lists = pd.DataFrame(
        [
            {
                "marketplace": m.marketplace,
                "file": m.file,
                "package": m.package,
                "version": m.version,
                "sites": ";".join(m.codes),
                "economies": int(presence[m.marketplace].sum()),
                "left_out": "; ".join(m.left_out),
                "year": m.year,
                "year_basis": m.year_basis,
            }
            for m in markets
        ]
    )
    return rows, named, lists


# --------------------------------------------------------------------------- sources


def _sources(cldr_version: str, markets: list[_Market]) -> tuple[dict[str, object], ...]:
    tz_version = importlib.metadata.version("tzdata")
    specs = (
        SourceSpec(
            "cepii_geodist",
            "CEPII",
            "GeoDist: bilateral distances and country geography",
            "2011 release (Mayer & Zignago 2011, CEPII WP 2011-25)",
            2011,
            "Etalab Open Licence 2.0 (as stated by redistributors; attribute CEPII)",
            "GitHub za-csai/comp3736-cwk1, dist_cepii.csv, commit 000940da6b3fe20a821ab301a869092ce65d2592 "
            "(keeps CEPII's own codes); geo_cepii.csv from GitHub brysagay/Datascience_project, commit 3517634f",
            f"{_DIST}; {_GEO}",
        ),
        SourceSpec(
            "cldr48",
            "Unicode Consortium",
            "Common Locale Data Repository, supplemental territoryInfo (language population shares)",
            f"CLDR {cldr_version} (npm cldr-core 48.2.0)",
            CLDR_YEAR,
            "Unicode License v3",
            "npm package cldr-core 48.2.0, supplemental/territoryInfo.json",
            _CLDR_INFO,
        ),
        SourceSpec(
            "wto_rta",
            "World Trade Organization",
            "Regional Trade Agreements Information System (RTA-IS) export",
            "export of March 2021",
            2021,
            "WTO terms of use (public information, attribute WTO); the redistributing repo states none",
            "GitHub artt/rta-network, data/RTA.xlsx, commit 16432c61",
            RTA_FILE,
        ),
        SourceSpec(
            "tzdata",
            "IANA (Time Zone Database)",
            "tz database: zone.tab, zone1970.tab and zone rules",
            f"tzdata {tz_version} (Python package)",
            int(tz_version.split(".")[0]),
            "public domain",
            f"Python package tzdata {tz_version}, as installed with the project's requirements",
            "(Python package tzdata)",
        ),
        SourceSpec(
            "marketplace_apis",
            "Amazon, eBay, Mercado Libre, Lazada (via open-source seller-API clients)",
            "Marketplace sites listed by public seller-API clients",
            "; ".join(f"{m.package} {m.version}" for m in markets),
            max(m.year for m in markets),
            "MIT (python-amazon-sp-api, @hendt/ebay-api, mercadolibre-python); lazop-sdk: not stated",
            "python-amazon-sp-api sp_api/base/marketplaces.py; @hendt/ebay-api restfulEnums.d.ts; "
            "mercadolibre-python client.py; lazop-sdk base.py (code constants, copied verbatim)",
            "; ".join(m.file for m in markets),
        ),
    )
    return tuple(dataclasses.asdict(s) for s in specs)


# --------------------------------------------------------------------------- assembly


def _pair_grid(n: int) -> tuple[np.ndarray, np.ndarray]:
    flat = np.arange(n * n)
    origin, destination = np.divmod(flat, n)
    keep = origin != destination
    return origin[keep], destination[keep]


def _agreements(
    raw_dir: Path, codes: pd.Index, resolve: Resolve, as_of: int | None
) -> tuple[RtaCoverage, pd.DataFrame]:
    """The coverage, and its pairs among `codes` indexed by flat pair position (origin x n + destination)."""
    coverage = rta_coverage(raw_dir, resolve, as_of)
    covered = coverage.pairs
    covered = covered[covered["origin"].isin(codes) & covered["destination"].isin(codes)]
    origin = np.asarray(codes.get_indexer(pd.Index(covered["origin"])), dtype=np.int64)
    destination = np.asarray(codes.get_indexer(pd.Index(covered["destination"])), dtype=np.int64)
    flat = origin * len(codes) + destination
    return coverage, pd.DataFrame(
        {"agreements": covered["agreements"].to_numpy(), "year": covered["agreement_year"].to_numpy()}, index=flat
    )


def build_bilateral(
    raw_dir: Path, economies: pd.DataFrame, resolve: Resolve, as_of: int | None = None
) -> BilateralBuild:
    """Read the CEPII, CLDR, WTO RTA and marketplace raw files (and tzdata) into the fit pillar's frames.

    `economies`: index iso3, column iso2 (the World Bank economies).  `resolve`
    places source codes and names on economies and records what it cannot.
    `as_of`: agreements in force on 31 December of that year and time-zone
    offsets of that year; None = the export's current state and 2025's offsets.
    Distances, languages and marketplaces have no vintage and ignore `as_of`:
    a past-year snapshot keeps distance and leaves languages' and marketplaces'
    present-day values out.  Raises BuildError for a missing or malformed file.
    """
    if "iso2" not in economies.columns:
        raise ValueError("economies needs an iso2 column")
    codes = pd.Index(sorted(str(c) for c in economies.index), name="iso3")
    if codes.has_duplicates:
        raise ValueError("economies has duplicate iso3 codes")
    iso2 = {str(k): str(v).strip() for k, v in economies["iso2"].items() if isinstance(v, str) and v.strip()}
    raw = Path(raw_dir)
    notes: dict[str, list[str]] = {
        "cepii_geodist": [],
        "cldr48": [],
        "wto_rta": [],
        "tzdata": [],
        "marketplace_apis": [],
    }

    geo = _cepii(raw, codes, resolve, notes["cepii_geodist"])
    langs = _cldr(raw, codes, iso2, resolve, notes["cldr48"])
    coverage, agreed = _agreements(raw, codes, resolve, as_of)
    notes["wto_rta"].extend(coverage.notes)
    zones = _time_zones(geo.capitals, iso2, codes, as_of if as_of is not None else TZ_DEFAULT_YEAR)
    markets = _markets(raw)
    market_rows, market_names, market_lists = _market_frames(markets, codes, resolve)
    for m in markets:
        notes["marketplace_apis"].extend(m.left_out)
    notes["tzdata"].extend(f"no capital or zone: {c}" for c in zones.loc[zones["tz"] == "", "iso3"])

    n = len(codes)
    oi, di = _pair_grid(n)
    flat = oi * n + di
    shares = langs.shares.reindex(codes).fillna(0.0).to_numpy(dtype="float64")
    has_lang = codes.isin(langs.shares.index)
    common = np.where(has_lang[oi] & has_lang[di], common_language(shares)[oi, di], np.nan)
    listed = _listed_languages(shares, list(langs.shares.columns))
    agreed = agreed.reindex(flat)
    offsets = zones["offset"].to_numpy(dtype="float64")
    pairs = pd.DataFrame(
        {
            "origin": codes[oi],
            "destination": codes[di],
            "distance_km": geo.distance[oi, di],
            "border": geo.border[oi, di],
            "common_language": common,
            "languages": [listed.get(int(p), "") for p in flat],
            "trade_agreement": agreed["agreements"].notna().to_numpy(dtype="float64"),
            "agreements": agreed["agreements"].fillna("").to_numpy(dtype=object),
            "agreement_year": agreed["year"].to_numpy(dtype="float64"),
            "tz_gap_hours": tz_gap(offsets)[oi, di],
        },
        columns=list(PAIR_COLUMNS),
    )
    english = pd.DataFrame(
        {"iso3": langs.english.index, "indicator": "english_speakers", "value": langs.english.to_numpy()}
    )
    english = english[english["iso3"].isin(codes)].assign(year=CLDR_YEAR, source="cldr48")
    reach = pd.concat([english, market_rows], ignore_index=True)[list(REACH_COLUMNS)]
    reach = reach.astype({"iso3": object, "value": "float64", "year": "int64"})
    reach = reach.sort_values(["iso3", "indicator"], kind="mergesort").reset_index(drop=True)
    return BilateralBuild(
        pairs=pairs,
        capitals=zones[list(CAPITAL_COLUMNS)].reset_index(drop=True),
        reach=reach,
        marketplace_names=market_names,
        marketplace_lists=market_lists,
        sources=_sources(langs.version, markets),
        notes={k: tuple(v) for k, v in notes.items()},
        as_of=as_of,
        rta_date=coverage.reference_date,
    )
