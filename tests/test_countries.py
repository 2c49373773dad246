"""Country matching used by the build for sources without (modern) codes."""

from __future__ import annotations

from xbmarkets.countries import fold, match_names, match_spellings, numeric_to_iso3, region_name, to_iso3


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


# --------------------------------------------------------------------------- match_spellings (uploads)


def test_names_in_other_languages_and_scripts() -> None:
    names = ["México", "Perú", "越南", "美国", "Deutschland", "Allemagne", "Alemania", "Vietnã", "ベトナム", "Việt Nam"]
    got = match_spellings(names)
    assert [got.iso3.get(n) for n in names] == ["MEX", "PER", "VNM", "USA", "DEU", "DEU", "DEU", "VNM", "VNM", "VNM"]
    assert got.unmatched == [] and got.ambiguous == {} and got.groups == []


def test_case_accents_and_apostrophe_style_do_not_matter() -> None:
    names = ["Côte d’Ivoire", "CÔTE D’IVOIRE", "Cote d'Ivoire", "cote d`ivoire", "MEXICO", "peru", "ＭＥＸＩＣＯ"]
    assert match_spellings(names).iso3 == dict.fromkeys(names[:4], "CIV") | {
        "MEXICO": "MEX",
        "peru": "PER",
        "ＭＥＸＩＣＯ": "MEX",  # full-width letters from a Chinese input method
    }


def test_fold_keeps_marks_that_change_a_word() -> None:
    assert fold("  CÔTE   D’IVOIRE ") == fold("cote d'ivoire") == "cote d'ivoire"
    assert fold("ベトナム") != fold("ヘトナム")  # the voicing mark is part of the word, not an accent


def test_exact_names_come_before_english_patterns() -> None:
    # coco's patterns search for "korea" and "guinea" inside the name; CLDR's Finnish and German names are exact.
    got = match_spellings(["Pohjois-Korea", "Äquatorialguinea", "Nigerië"]).iso3
    assert got == {"Pohjois-Korea": "PRK", "Äquatorialguinea": "GNQ", "Nigerië": "NGA"}


def test_codes_come_first_and_still_work() -> None:
    # "AO" is also a CLDR name (in a small locale) for another territory; typed in a country column it is Angola's code.
    got = match_spellings(["AO", "DE", "NA", "deu", "USA"])
    assert got.iso3 == {"AO": "AGO", "DE": "DEU", "NA": "NAM", "deu": "DEU", "USA": "USA"}


def test_a_name_with_two_meanings_is_ambiguous_with_candidates() -> None:
    got = match_spellings(["Kongo", "Afrique du Sud"])
    assert got.iso3 == {}
    assert got.ambiguous["Kongo"] == ["COD", "COG"]
    assert got.ambiguous["Afrique du Sud"] == ["018", "ZAF"]  # South Africa in French; Southern Africa in Wolof
    assert region_name("018") == "Southern Africa"


def test_region_names_in_any_language_are_groups() -> None:
    got = match_spellings(["World", "Welt", "欧盟", "Europa", "Germany"])
    assert got.groups == ["World", "Welt", "欧盟", "Europa"]
    assert got.iso3 == {"Germany": "DEU"}


def test_caller_names_are_data_and_come_first() -> None:
    # The app shows the USA as 美利坚合众国 (economies.csv name_zh); CLDR does not list that long form.
    assert match_spellings(["美利坚合众国"]).unmatched == ["美利坚合众国"]
    got = match_spellings(["美利坚合众国", "Viet Nam"], extra={"美利坚合众国": "USA", "Viet Nam": "VNM"})
    assert got.iso3 == {"美利坚合众国": "USA", "Viet Nam": "VNM"}


def test_build_matching_stays_english_only() -> None:
    # match_names (used by the build on official English files) is unchanged by the upload's language support.
    result = match_names(["México", "Germany"])
    assert result.iso3 == {"Germany": "DEU"}
    assert result.unmatched == ["México"]
