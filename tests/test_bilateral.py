"""build_bilateral(): raw geography, languages, agreements, time zones and marketplaces -> frames.

Fixture tests trace each value back to a row of tests/rawfixtures_bilateral.py;
real-data tests (skipped without ../shared/data/raw) check facts SOURCES.md and
the publishers state.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rawfixtures_bilateral import AGREEMENTS, FACTS, TERRITORIES, write_bilateral_tree, write_rta

from xbmarkets.bilateral import PAIR_COLUMNS, REACH_COLUMNS, build_bilateral, common_language, tz_gap
from xbmarkets.build import BuildError, BuildReport, _load_reference, _Resolver
from xbmarkets.catalog_spec import SourceSpec
from xbmarkets.rta import rta_coverage

REPO = Path(__file__).resolve().parent.parent
REAL_RAW = REPO.parent / "shared" / "data" / "raw"
CPTPP = "Comprehensive and Progressive Agreement for Trans-Pacific Partnership (CPTPP)"


class _Built:
    """One fixture tree; builds per as_of share a resolver, as in the real build."""

    def __init__(self, raw: Path) -> None:
        self.raw = raw
        ref = _load_reference(raw)
        self.report = BuildReport(out_dir=str(raw))
        self.resolver = _Resolver(ref, self.report)
        self.economies = ref.economies.set_index("iso3")
        self._cache: dict[int | None, object] = {}

    def __call__(self, as_of: int | None = None):
        if as_of not in self._cache:
            self._cache[as_of] = build_bilateral(self.raw, self.economies, self.resolver.resolve, as_of)
        return self._cache[as_of]


@pytest.fixture(scope="module")
def fx(tmp_path_factory) -> _Built:
    return _Built(write_bilateral_tree(tmp_path_factory.mktemp("bilateral") / "raw"))


def _pair(build, origin: str, destination: str) -> pd.Series:
    rows = build.pairs[(build.pairs["origin"] == origin) & (build.pairs["destination"] == destination)]
    assert len(rows) == 1
    return rows.iloc[0]


def _share(territory: str, lang: str) -> float:
    return float(TERRITORIES[territory][lang]) / 100


# --------------------------------------------------------------------------- shape


def test_one_row_per_ordered_pair_of_distinct_economies_sorted(fx):
    pairs = fx().pairs
    codes = sorted(fx.economies.index)
    assert list(pairs.columns) == list(PAIR_COLUMNS)
    assert len(pairs) == len(codes) * (len(codes) - 1)
    assert not (pairs["origin"] == pairs["destination"]).any()
    expected = sorted((o, d) for o in codes for d in codes if o != d)
    assert list(zip(pairs["origin"], pairs["destination"], strict=True)) == expected


# --------------------------------------------------------------------------- CEPII


def test_distance_and_border_from_cepii_rows(fx):
    b = fx()
    assert _pair(b, "CHN", "USA")["distance_km"] == 10993.68
    assert _pair(b, "USA", "CHN")["distance_km"] == 10993.68
    assert _pair(b, "DEU", "POL")["border"] == 1.0 and _pair(b, "DEU", "POL")["distance_km"] == 518.9
    assert _pair(b, "CHN", "USA")["border"] == 0.0


def test_legacy_cepii_code_placed_by_name_and_reported(fx):
    b = fx()
    assert _pair(b, "ROU", "DEU")["distance_km"] == 1299.5
    assert fx.report.remapped["cepii_geodist"]["ROM (Romania)"] == "ROU"
    assert b.capitals.set_index("iso3").loc["ROU", "capital"] == "Bucharest"


def test_serbia_and_montenegro_unit_reported_never_guessed(fx):
    b = fx()
    assert "YUG (Serbia and Montenegro)" in fx.report.unmatched["cepii_geodist"]
    for iso3 in ("SRB", "MNE", "XKX"):
        rows = b.pairs[b.pairs["origin"] == iso3]
        assert rows["distance_km"].isna().all() and rows["border"].isna().all()
        assert rows["tz_gap_hours"].isna().all()
    # the YUG-ROM border in CEPII must not surface as a Serbian or Montenegrin border
    assert math.isnan(_pair(b, "SRB", "ROU")["border"])


# --------------------------------------------------------------------------- languages


def test_common_language_is_sum_of_share_products_with_script_variants_merged(fx):
    b = fx()
    cn, sg, tw = "CN", "SG", "TW"
    expected_sg = _share(cn, "zh") * _share(sg, "zh") + _share(cn, "en") * _share(sg, "en")
    assert _pair(b, "CHN", "SGP")["common_language"] == pytest.approx(expected_sg, abs=1e-12)
    # zh_Hant counts as zh; yue and yue_Hans are one language (max, not sum)
    expected_tw = _share(cn, "zh") * _share(tw, "zh_Hant") + _share(cn, "yue") * _share(tw, "yue")
    assert _pair(b, "CHN", "TWN")["common_language"] == pytest.approx(expected_tw, abs=1e-12)
    assert _pair(b, "TWN", "CHN")["common_language"] == pytest.approx(expected_tw, abs=1e-12)


def test_common_language_capped_at_one(fx):
    de, nl = "DE", "NL"
    raw_sum = _share(de, "de") * _share(nl, "de") + _share(de, "en") * _share(nl, "en")
    assert raw_sum > 1.0
    assert _pair(fx(), "DEU", "NLD")["common_language"] == 1.0


def test_languages_named_by_contribution_above_five_percent(fx):
    b = fx()
    assert _pair(b, "DEU", "POL")["languages"] == "en;de"  # en .64x.33 > de .91x.20; pl .02x.97 < .05
    assert _pair(b, "CHN", "TWN")["languages"] == "zh"
    assert _pair(b, "CHN", "USA")["languages"] == ""
    dp = _pair(b, "DEU", "POL")
    expected = sum(_share("DE", lang) * _share("PL", lang) for lang in ("de", "en", "pl"))
    assert dp["common_language"] == pytest.approx(expected, abs=1e-12)


def test_economy_without_cldr_entry_has_no_language_value(fx):
    b = fx()
    rows = b.pairs[b.pairs["origin"] == "SRB"]
    assert rows["common_language"].isna().all()
    assert (rows["languages"] == "").all()
    assert _pair(b, "CHN", "USA")["common_language"] == pytest.approx(
        _share("CN", "en") * _share("US", "en") + _share("CN", "zh") * _share("US", "zh"), abs=1e-12
    )


def test_common_language_formula_on_a_matrix():
    shares = np.array([[0.9, 0.1], [0.5, 0.9], [0.0, 0.0]])
    result = common_language(shares)
    assert result[0, 1] == pytest.approx(0.9 * 0.5 + 0.1 * 0.9)
    assert result[1, 1] == 1.0  # 0.25 + 0.81 capped
    assert result[2, 0] == 0.0


def test_english_speakers_as_published_and_absent_when_not_recorded(fx):
    reach = fx().reach
    assert list(reach.columns) == list(REACH_COLUMNS)
    english = reach[reach["indicator"] == "english_speakers"].set_index("iso3")
    assert english.loc["CHN", "value"] == 0.0045 and english.loc["GBR", "value"] == 98.0
    assert english.loc["USA", "year"] == 2025 and english.loc["USA", "source"] == "cldr48"
    # VN and ME record languages but no `en`; RS is not in CLDR at all: no row, not zero
    assert not {"VNM", "MNE", "SRB", "TWN"} & set(english.index)
    with_en = {k for k, v in TERRITORIES.items() if "en" in v}
    placed = {"CN", "SG", "US", "GB", "DE", "NL", "PL", "JP", "NZ", "RO"}
    assert placed <= with_en and len(english) == len(placed)


def test_cldr_codes_that_place_nowhere_are_reported(fx):
    fx()
    assert "EA" in fx.report.unmatched["cldr48"]
    assert "AQ -> ATA" in fx.report.not_economies["cldr48"]


# --------------------------------------------------------------------------- trade agreements


def test_bloc_party_expanded_to_its_members(fx):
    vn = _pair(fx(), "CHN", "VNM")
    assert vn["trade_agreement"] == 1.0 and vn["agreements"] == "ASEAN - China" and vn["agreement_year"] == 2005
    sg = _pair(fx(), "CHN", "SGP")
    assert sg["agreements"] == "ASEAN - China;China - Singapore" and sg["agreement_year"] == 2005
    assert _pair(fx(), "SGP", "CHN")["agreements"] == sg["agreements"]


def test_no_agreement_is_zero_not_missing(fx):
    row = _pair(fx(), "CHN", "USA")
    assert row["trade_agreement"] == 0.0 and row["agreements"] == "" and math.isnan(row["agreement_year"])


def test_eu_membership_dates_and_enlargement_rows_hidden(fx):
    b = fx()
    assert _pair(b, "DEU", "POL")["agreements"] == "EU Treaty" and _pair(b, "DEU", "POL")["agreement_year"] == 2004
    assert _pair(b, "DEU", "NLD")["agreement_year"] == 1958
    assert _pair(b, "POL", "ROU")["agreement_year"] == 2007


def test_agreement_not_yet_in_force_at_as_of(fx):
    assert _pair(fx(2017), "DEU", "JPN")["trade_agreement"] == 0.0
    assert _pair(fx(2019), "DEU", "JPN")["agreements"] == "EU - Japan"
    assert _pair(fx(), "DEU", "JPN")["agreement_year"] == 2019
    # CPTPP: in force 30 Dec 2018, for Viet Nam only from 14 Jan 2019, for New Zealand not yet (9999)
    assert CPTPP in _pair(fx(2018), "JPN", "SGP")["agreements"].split(";")
    assert _pair(fx(2018), "JPN", "VNM")["trade_agreement"] == 0.0
    assert _pair(fx(2019), "JPN", "VNM")["agreements"] == CPTPP
    assert _pair(fx(), "JPN", "NZL")["trade_agreement"] == 0.0


def test_uk_in_eu_agreements_until_its_exit(fx):
    assert _pair(fx(2019), "GBR", "JPN")["agreements"] == "EU - Japan"
    assert _pair(fx(2019), "GBR", "DEU")["agreements"] == "EU Treaty"
    assert _pair(fx(2020), "GBR", "JPN")["trade_agreement"] == 0.0
    assert _pair(fx(2020), "GBR", "DEU")["trade_agreement"] == 0.0  # the file's transition-year gap
    assert _pair(fx(), "GBR", "DEU")["agreements"] == "EU - United Kingdom"
    assert _pair(fx(), "GBR", "JPN")["trade_agreement"] == 0.0


def test_inactive_agreement_covers_only_its_years_and_not_pairs_inside_the_bloc(fx):
    assert _pair(fx(2000), "DEU", "POL")["agreements"] == "EC - Poland Europe Agreement"
    assert _pair(fx(2000), "DEU", "POL")["agreement_year"] == 1994
    assert _pair(fx(2000), "DEU", "NLD")["agreements"] == "EU Treaty"
    assert _pair(fx(1990), "DEU", "POL")["trade_agreement"] == 0.0
    assert _pair(fx(), "DEU", "POL")["agreements"] == "EU Treaty"


def test_announced_agreement_never_in_force(fx):
    assert _pair(fx(), "CHN", "TWN")["trade_agreement"] == 0.0
    assert _pair(fx(2015), "CHN", "TWN")["trade_agreement"] == 0.0


def test_accession_row_dates_its_party(fx):
    b = fx()
    assert _pair(b, "JPN", "USA")["agreements"] == "Pacific Trade Pact (PTP)"
    assert _pair(b, "JPN", "USA")["agreement_year"] == 2006
    assert _pair(b, "SGP", "USA")["agreement_year"] == 2015  # Singapore acceded in 2015
    assert _pair(fx(2010), "SGP", "USA")["trade_agreement"] == 0.0
    assert _pair(b, "JPN", "SGP")["agreements"] == f"Pacific Trade Pact (PTP);{CPTPP}"
    assert _pair(b, "SGP", "VNM")["agreements"] == f"ASEAN Free Trade Area (AFTA);{CPTPP}"


def test_unplaceable_party_reported(fx):
    fx()
    assert "Yugoslavia, Socialist Federal Republic of" in fx.report.unmatched["wto_rta"]
    assert "ASEAN Free Trade Area (AFTA)" not in fx.report.unmatched["wto_rta"]
    assert "European Union" not in fx.report.unmatched["wto_rta"]


def test_malformed_entry_exit_item_is_a_build_error(tmp_path):
    raw = write_bilateral_tree(tmp_path / "raw")
    bad = [(*AGREEMENTS[0][:9], "Singapore(sometime)")]
    write_rta(raw, bad)
    built = _Built(raw)
    with pytest.raises(BuildError, match="entry/exit"):
        built()


def test_missing_raw_file_is_a_build_error(tmp_path):
    raw = write_bilateral_tree(tmp_path / "raw")
    (raw / "rta" / "RTA.xlsx").unlink()
    with pytest.raises(BuildError, match="raw file missing"):
        _Built(raw)()


def test_economies_without_iso2_rejected(fx):
    with pytest.raises(ValueError, match="iso2"):
        build_bilateral(fx.raw, fx.economies.drop(columns=["iso2"]), fx.resolver.resolve)


# --------------------------------------------------------------------------- time zones


def test_capital_zone_nearest_or_main_zone(fx):
    caps = fx().capitals.set_index("iso3")
    assert caps.loc["USA", "capital"] == "Washington, DC"  # the cap == 1 row, not the main city
    assert caps.loc["USA", "tz"] == "America/New_York"
    # Wellington is nearer the Chatham Islands' listed point, but tzdata calls Auckland "most of New Zealand"
    assert caps.loc["NZL", "tz"] == "Pacific/Auckland"
    assert caps.loc["CHN", "tz"] == "Asia/Shanghai"
    assert caps.loc["SRB", "tz"] == "" and math.isnan(caps.loc["SRB", "lat"])


def test_tz_gap_from_january_and_july_offsets(fx):
    b = fx()
    # Beijing UTC+8 all year; New York UTC-5 / -4: 12.5 h apart, 11.5 h the short way round
    assert _pair(b, "CHN", "USA")["tz_gap_hours"] == 11.5
    assert _pair(b, "DEU", "POL")["tz_gap_hours"] == 0.0
    assert _pair(b, "CHN", "VNM")["tz_gap_hours"] == 1.0  # Hanoi UTC+7
    # Auckland UTC+13 / +12 vs London UTC+0 / +1: 12 either way
    assert _pair(b, "NZL", "GBR")["tz_gap_hours"] == 12.0


def test_tz_gap_is_circular():
    gap = tz_gap(np.array([8.0, -4.5, 12.5, math.nan]))
    assert gap[0, 1] == 11.5 and gap[1, 2] == 7.0 and gap[0, 0] == 0.0
    assert np.isnan(gap[3, 0])


# --------------------------------------------------------------------------- marketplaces


def test_marketplace_counts_every_economy(fx):
    b = fx()
    count = b.reach[b.reach["indicator"] == "marketplaces"].set_index("iso3")["value"]
    assert set(count.index) == set(fx.economies.index)
    assert count["SGP"] == 3 and count["USA"] == 2 and count["GBR"] == 2 and count["DEU"] == 2
    assert count["VNM"] == 1  # Lazada only: eBay VN is not live for selling
    assert count["CHN"] == 0 and count["ROU"] == 0
    names = b.marketplace_names.set_index("iso3")["marketplace_names"]
    assert names["SGP"] == "Amazon;eBay;Lazada" and names["CHN"] == ""


def test_marketplace_exclusions_and_aliases_reported(fx):
    b = fx()
    notes = b.notes["marketplace_apis"]
    assert any("Amazon UK" in n and "alias" in n for n in notes)
    assert any("EBAY_MOTORS" in n for n in notes)
    assert any("eBay VN" in n for n in notes)
    assert any("Mercado Libre PT" in n for n in notes)
    assert "AR -> ARG" in fx.report.not_economies["marketplace_apis"]


def test_marketplace_years_from_the_files(fx):
    b = fx()
    lists = b.marketplace_lists.set_index("marketplace")
    assert lists.loc["Lazada", "year"] == FACTS["lazada_year"]
    assert lists.loc["Amazon", "version"] == "2.1.35"
    rows = b.reach[b.reach["indicator"] == "marketplaces"]
    assert (rows["year"] == lists["year"].max()).all() and (rows["source"] == "marketplace_apis").all()


# --------------------------------------------------------------------------- metadata, determinism


def test_sources_match_source_spec(fx):
    sources = fx().sources
    fields = [f.name for f in dataclasses.fields(SourceSpec)]
    assert [s["source"] for s in sources] == ["cepii_geodist", "cldr48", "wto_rta", "tzdata", "marketplace_apis"]
    for s in sources:
        assert list(s) == fields
        SourceSpec(**s)
    assert "March 2021" in {s["source"]: s for s in sources}["wto_rta"]["edition"]


def test_same_input_same_frames(fx):
    again = _Built(fx.raw)()
    first = fx()
    for name in ("pairs", "capitals", "reach", "marketplace_names", "marketplace_lists"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(again, name))


# --------------------------------------------------------------------------- real raw files

real = pytest.mark.skipif(not REAL_RAW.is_dir(), reason="../shared/data/raw not present")


@pytest.fixture(scope="module")
def real_build() -> _Built:
    return _Built(REAL_RAW)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@real
def test_real_cepii_facts(real_build):
    b = real_build()
    pairs = b.pairs
    china = pairs[(pairs["origin"] == "CHN") & (pairs["border"] == 1.0)]
    assert {"VNM", "IND", "RUS"} <= set(china["destination"])
    beijing_new_york = _km(39.91667, 116.4333, 40.71667, -74.0)  # geo_cepii's two main cities
    assert _pair(b, "CHN", "USA")["distance_km"] == pytest.approx(beijing_new_york, rel=0.002)
    assert 10_900 < _pair(b, "CHN", "USA")["distance_km"] < 11_100
    assert {"YUG (Serbia and Montenegro)", "ANT (Netherland Antilles)"} <= set(
        real_build.report.unmatched["cepii_geodist"]
    )
    assert pairs[pairs["origin"] == "SRB"]["distance_km"].isna().all()


@real
def test_real_language_facts(real_build):
    b = real_build()
    for partner in ("SGP", "TWN", "HKG", "MAC"):
        assert _pair(b, "CHN", partner)["common_language"] > 0.3, partner
        assert "zh" in _pair(b, "CHN", partner)["languages"].split(";")
    assert 0.05 < _pair(b, "CHN", "MYS")["common_language"] < 0.3
    assert _pair(b, "DEU", "AUT")["common_language"] > 0.8
    english = b.reach[b.reach["indicator"] == "english_speakers"].set_index("iso3")["value"]
    assert len(english) == 131  # SOURCES.md: English has a figure for 131 of the 217 economies
    assert (english["USA"], english["DEU"], english["PHL"], english["NGA"], english["IND"], english["BRA"]) == (
        96,
        64,
        64,
        53,
        19,
        8,
    )


@real
def test_real_trade_agreement_facts(real_build):
    b = real_build()
    vn = _pair(b, "CHN", "VNM")
    assert vn["trade_agreement"] == 1.0 and "ASEAN - China" in vn["agreements"] and vn["agreement_year"] == 2005
    assert _pair(b, "CHN", "USA")["trade_agreement"] == 0.0
    assert _pair(b, "DEU", "POL")["trade_agreement"] == 1.0 and _pair(b, "DEU", "NLD")["trade_agreement"] == 1.0
    assert "EU - Japan" in _pair(b, "DEU", "JPN")["agreements"]
    for year, expected in ((2017, False), (2019, True)):
        covered = rta_coverage(REAL_RAW, real_build.resolver.resolve, year).pairs
        hit = ((covered["origin"] == "DEU") & (covered["destination"] == "JPN")).any()
        assert bool(hit) is expected


@real
def test_real_time_zone_facts(real_build):
    b = real_build()
    assert _pair(b, "CHN", "USA")["tz_gap_hours"] == 11.5  # UTC+8 vs UTC-5/-4, the short way round
    assert _pair(b, "DEU", "POL")["tz_gap_hours"] == 0.0
    assert _pair(b, "CHN", "VNM")["tz_gap_hours"] == 1.0
    assert b.capitals.set_index("iso3").loc["NZL", "tz"] == "Pacific/Auckland"
    # Moscow kept UTC+4 all year in 2011-2014 and is UTC+3 since; Berlin is UTC+1/+2
    assert _pair(real_build(2013), "RUS", "DEU")["tz_gap_hours"] == 2.5
    assert _pair(b, "RUS", "DEU")["tz_gap_hours"] == 1.5


@real
def test_real_marketplace_facts(real_build):
    b = real_build()
    count = b.reach[b.reach["indicator"] == "marketplaces"].set_index("iso3")["value"]
    names = b.marketplace_names.set_index("iso3")["marketplace_names"]
    assert count["USA"] >= 2 and count["BRA"] >= 2
    assert count["SGP"] >= 2 and {"Amazon", "Lazada"} <= set(names["SGP"].split(";"))
    assert count["PRT"] == 1  # eBay only: Mercado Libre Portugal closed
    assert "eBay" not in names["RUS"].split(";")
