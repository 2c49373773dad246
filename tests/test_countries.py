"""Country matching used by the build for sources without (modern) codes."""

from __future__ import annotations

from xbmarkets.countries import match_names, numeric_to_iso3, to_iso3


def test_legacy_wgi_and_weo_names_match_without_aliases():
    # WGI 2024 update uses ROM/ZAR/ADO/TMP/WBG/KSV; the name column places them.
    names = ["Romania", "Congo, Dem. Rep.", "Andorra", "Timor-Leste", "West Bank and Gaza", "Kosovo"]
    got = match_names(names).iso3
    assert [got[n] for n in names] == ["ROU", "COD", "AND", "TLS", "PSE", "XKX"]


def test_lpi_spellings_and_unmatched():
    result = match_names(["Czech Republic", "Hong Kong SAR, China", "TC<rkiye", "Atlantis"])
    assert result.iso3["Czech Republic"] == "CZE"
    assert result.iso3["Hong Kong SAR, China"] == "HKG"
    assert result.unmatched == ["TC<rkiye", "Atlantis"]


def test_iso2_namibia_and_numeric_codes():
    assert to_iso3("NA") == "NAM"  # the ISO2 code that pandas would read as missing
    assert numeric_to_iso3(["004", "840", "999"]) == {"004": "AFG", "840": "USA"}


def test_regional_aggregate_with_parentheses_is_unmatched_not_a_fake_code() -> None:
    # coco echoes part of such a name; only a real ISO3 code may count as a match.
    result = match_names(["East Asia & Pacific (excluding high income)", "Viet Nam"])
    assert result.unmatched == ["East Asia & Pacific (excluding high income)"]
    assert result.iso3 == {"Viet Nam": "VNM"}
