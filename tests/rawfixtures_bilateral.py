"""A tiny raw tree for `xbmarkets.bilateral`, with the layout and quirks of ../shared/data/raw.

Each quirk appears once: CEPII's 2011 code ROM (Romania, placed by name) and
YUG (Serbia and Montenegro as one unit: must stay unplaced); a country with
two CEPII cities (USA: New York is the main city, Washington the capital);
CLDR script variants (zh / zh_Hant, yue / yue_Hans), a territory without an
`en` entry (VN), an economy CLDR lacks (RS), CLDR's 'und' (AQ); a bloc party
("ASEAN Free Trade Area (AFTA)") and the EU under its own row's other name
("European Union" / "EU Treaty") with member dates and the UK's exit; an
agreement not yet in force for some parties (CPTPP's 01-Jan-9999); an inactive
agreement recorded by member state; an announced-only agreement (ECFA); an
accession row naming its acceded party; an unplaceable party name; Amazon's
UK alias, eBay's EBAY_MOTORS and a not-live site, Mercado Libre's closed
Portugal site.  `FACTS` holds what tests trace back to.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from openpyxl import Workbook

ECONOMIES = [  # Economy, Code, Region, Income group
    ("China", "CHN", "East Asia & Pacific", "Upper middle income"),
    ("Germany", "DEU", "Europe & Central Asia", "High income"),
    ("United Kingdom", "GBR", "Europe & Central Asia", "High income"),
    ("Japan", "JPN", "East Asia & Pacific", "High income"),
    ("Montenegro", "MNE", "Europe & Central Asia", "Upper middle income"),
    ("Netherlands", "NLD", "Europe & Central Asia", "High income"),
    ("New Zealand", "NZL", "East Asia & Pacific", "High income"),
    ("Poland", "POL", "Europe & Central Asia", "High income"),
    ("Romania", "ROU", "Europe & Central Asia", "High income"),
    ("Serbia", "SRB", "Europe & Central Asia", "Upper middle income"),
    ("Singapore", "SGP", "East Asia & Pacific", "High income"),
    ("Taiwan, China", "TWN", "East Asia & Pacific", "High income"),
    ("United States", "USA", "North America", "High income"),
    ("Viet Nam", "VNM", "East Asia & Pacific", "Lower middle income"),
    ("Kosovo", "XKX", "Europe & Central Asia", "Upper middle income"),
]
CODES = [  # alpha3, alpha2, numeric
    ("CHN", "CN", "156"),
    ("DEU", "DE", "276"),
    ("GBR", "GB", "826"),
    ("JPN", "JP", "392"),
    ("MNE", "ME", "499"),
    ("NLD", "NL", "528"),
    ("NZL", "NZ", "554"),
    ("POL", "PL", "616"),
    ("ROU", "RO", "642"),
    ("SRB", "RS", "688"),
    ("SGP", "SG", "702"),
    ("TWN", "TW", "158"),
    ("USA", "US", "840"),
    ("VNM", "VN", "704"),
    ("BRN", "BN", "096"),
    ("ATA", "AQ", "010"),
]

GEO = [  # iso2, iso3, country, city_en, lat, lon, cap, maincity
    ("CN", "CHN", "China", "Beijing", 39.91667, 116.4333, 1, 1),
    ("DE", "DEU", "Germany", "Berlin", 52.51667, 13.4, 1, 1),
    ("GB", "GBR", "United Kingdom", "London", 51.5, -0.1166667, 1, 1),
    ("JP", "JPN", "Japan", "Tokyo", 35.68333, 139.75, 1, 1),
    ("NL", "NLD", "Netherlands", "Amsterdam", 52.35, 4.916667, 1, 1),
    ("NZ", "NZL", "New Zealand", "Auckland", -36.86667, 174.7667, 0, 1),
    ("NZ", "NZL", "New Zealand", "Wellington", -41.3, 174.7833, 1, 0),
    ("PL", "POL", "Poland", "Warsaw", 52.25, 21.0, 1, 1),
    ("RO", "ROM", "Romania", "Bucharest", 44.43333, 26.1, 1, 1),
    ("SG", "SGP", "Singapore", "Singapore", 1.283333, 103.85, 1, 1),
    ("TW", "TWN", "Taiwan", "Taipei", 25.05, 121.5333, 1, 1),
    ("US", "USA", "United States of America", "New York", 40.71667, -74.0, 0, 1),
    ("US", "USA", "United States of America", "Washington, DC", 38.88333, -77.0, 1, 0),
    ("VN", "VNM", "Viet Nam", "Hanoi", 21.03333, 105.85, 1, 1),
    ("YU", "YUG", "Serbia and Montenegro", "Belgrade", 44.83333, 20.5, 1, 1),
]
BORDERS = {("CHN", "VNM"), ("DEU", "POL"), ("DEU", "NLD"), ("ROM", "YUG")}
DISTANCES = {  # CEPII `dist` for the pairs tests read (others: a made-up but fixed formula)
    ("CHN", "USA"): 10993.68,
    ("DEU", "POL"): 518.9,
    ("ROM", "DEU"): 1299.5,
    ("CHN", "VNM"): 2330.799,
}

TERRITORIES = {
    "CN": {"zh": "90", "yue": "5.2", "yue_Hans": "5.2", "wuu": "6", "en": "0.0045"},
    "TW": {"zh_Hant": "95", "nan_Hant": "57", "hak_Hant": "11", "yue": "2"},
    "SG": {"en": "93", "zh": "77", "ms": "14", "ta": "2.1"},
    "VN": {"vi": "86", "zh_Hant": "1.1"},
    "US": {"en": "96", "es": "9.6", "zh": "0.89"},
    "GB": {"en": "98", "en_Shaw": "0.0001", "pl": "0.8"},
    "DE": {"de": "91", "en": "64", "pl": "2"},
    "NL": {"nl": "100", "en": "90", "de": "71"},
    "PL": {"pl": "97", "en": "33", "de": "20"},
    "JP": {"ja": "96", "en": "15"},
    "NZ": {"en": "91", "mi": "4"},
    "RO": {"ro": "90", "en": "31", "hu": "6.9"},
    "ME": {"sr_Latn": "75", "sq": "5.3"},
    "XK": {"sq": "92", "sr": "5", "sr_Latn": "5"},
    "AQ": {"und": "100"},
    "EA": {"es": "100"},  # Ceuta and Melilla: a CLDR territory that is no ISO country
}

RTA_COLUMNS = [
    "RTA Name",
    "Coverage",
    "Type",
    "Notification",
    "Status",
    "Date of Signature (G)",
    "Date of Signature (S)",
    "Date of Notification (G)",
    "Date of Notification (S)",
    "Date of Entry into Force (G)",
    "Date of Entry into Force (S)",
    "Inactive Date",
    "Accession?",
    "RTA Composition",
    "Region",
    "Cross-regional",
    "All Parties WTO members?",
    "Current signatories",
    "Original signatories",
    "Specific Entry/Exit dates",
    "WTO Consideration Process (G)",
    "Consideration Date (G)",
    "WTO Consideration Process (S)",
    "Consideration Date (S)",
    "End of implementation period (G)",
    "End of implementation period (S)",
    "Remarks",
]
D = dt.datetime
UK_EXIT = "United Kingdom( - 31-Jan-2020)"
EU_TODAY = "Germany; Netherlands; Poland; Romania"
AGREEMENTS = [  # name, status, G, S, inactive, accession, composition, current, original, specific
    ("ASEAN Free Trade Area (AFTA)", "In Force", D(1993, 1, 1), None, None, "No", "Plurilateral",
     "Brunei Darussalam; Singapore; Viet Nam", "Brunei Darussalam; Singapore; Viet Nam", None),
    ("ASEAN - China", "In Force", D(2005, 1, 1), D(2007, 7, 1), None, "No", "Bilateral; One Party is an RTA",
     "China; ASEAN Free Trade Area (AFTA)", "China; ASEAN Free Trade Area (AFTA)", None),
    ("China - Singapore", "In Force", D(2009, 1, 1), D(2009, 1, 1), None, "No", "Bilateral",
     "China; Singapore", "China; Singapore", None),
    ("EU Treaty", "In Force", D(1958, 1, 1), D(1958, 1, 1), None, "No", "Plurilateral",
     EU_TODAY, "Germany; Netherlands",
     "Poland(01-May-2004 - ); Romania(01-Jan-2007 - ); United Kingdom(01-Jan-1973 - 31-Jan-2020)"),
    ("EC (25) Enlargement", "In Force", D(2004, 5, 1), D(2004, 5, 1), None, "Yes", "Plurilateral",
     "Germany; Netherlands; Poland", None, UK_EXIT),
    ("EU - Japan", "In Force", D(2019, 2, 1), D(2019, 2, 1), None, "No", "Bilateral; One Party is an RTA",
     "Japan; European Union", f"{EU_TODAY}; Japan; United Kingdom", UK_EXIT),
    ("EU - United Kingdom", "In Force", D(2021, 1, 1), D(2021, 1, 1), None, "No", "Bilateral; One Party is an RTA",
     "United Kingdom; European Union", "United Kingdom; European Union", None),
    ("EC - Poland Europe Agreement", "Inactive", D(1994, 2, 1), None, D(2004, 5, 1), "No", "Plurilateral",
     None, "Germany; Netherlands; Poland; United Kingdom", None),
    ("Comprehensive and Progressive Agreement for Trans-Pacific Partnership (CPTPP)",
     "In force for at least one Party", D(2018, 12, 30), D(2018, 12, 30), None, "No", "Plurilateral",
     "Japan; New Zealand; Singapore; Viet Nam", "Japan; New Zealand; Singapore; Viet Nam",
     "New Zealand(01-Jan-9999 - ); Viet Nam(14-Jan-2019 - )"),
    ("The Cross-Straits Economic Cooperation Framework Agreement (ECFA)", "Early announcement-Signed",
     D(2010, 9, 12), None, None, "No", "Bilateral", "China; Chinese Taipei", "China; Chinese Taipei", None),
    ("Pacific Trade Pact (PTP)", "In Force", D(2006, 5, 28), None, None, "No", "Plurilateral",
     "Japan; Singapore; United States of America", "Japan; United States of America", None),
    ("Pacific Trade Pact (PTP) - Accession of Singapore", "In Force", D(2015, 3, 1), None, None, "Yes",
     "Plurilateral", "Japan; Singapore; United States of America", None,
     "Japan(28-May-2006 - ); United States of America(28-May-2006 - )"),
    ("EC - Yugoslavia, Socialist Federal Republic of, Interim Agreement", "Inactive", D(1980, 7, 1), None,
     D(1991, 11, 27), "No", "Plurilateral", None,
     "Germany; Netherlands; United Kingdom; Yugoslavia, Socialist Federal Republic of", None),
    ("Australia - Gulf Cooperation Council (GCC)", "Early announcement-Under negotiation", None, None, None, "No",
     "Bilateral", None, None, None),
]  # fmt: skip

AMAZON = '''"""
Source: https://developer-docs.amazon.com/sp-api/docs/marketplace-ids
"""
from enum import Enum
import os

BASE_URL = "https://sellingpartnerapi"


class Marketplaces(Enum):
    """Enumeration for MWS marketplaces, containing endpoints and marketplace IDs."""

    #: Amazon marketplace in Germany (DE)
    DE = (f"{BASE_URL}-eu.amazon.com", "A1PA6795UKMFR9", "eu-west-1")

    #: Amazon marketplace in Great Britain (GB)
    GB = (f"{BASE_URL}-eu.amazon.com", "A1F83G8C2ARO7P", "eu-west-1")

    #: Amazon marketplace in Poland (PL)
    PL = (f"{BASE_URL}-eu.amazon.com", "A1C3SOZRARQ6R3", "eu-west-1")

    #: Amazon marketplace in United Kingdom (UK) - alias for GB
    UK = (f"{BASE_URL}-eu.amazon.com", "A1F83G8C2ARO7P", "eu-west-1")

    #: Amazon marketplace in Japan (JP)
    JP = (f"{BASE_URL}-fe.amazon.com", "A1VC38T7YXB528", "us-west-2")

    #: Amazon marketplace in Singapore (SG)
    SG = (f"{BASE_URL}-fe.amazon.com", "A19VAU5U5O7RUS", "us-west-2")

    #: Amazon marketplace in United States (US)
    US = (f"{BASE_URL}-na.amazon.com", "ATVPDKIKX0DER", "us-east-1")

    def __init__(self, endpoint, marketplace_id, region):
        self.endpoint = endpoint
        self.marketplace_id = marketplace_id
        self.region = region
'''
EBAY = """export declare enum Locale {
    en_US = "en_US",
    ru_RU = "ru_RU"
}
export declare enum Marketplace {
    EBAY_US = "EBAY_US",
    EBAY_MOTORS = "EBAY_MOTORS",
    EBAY_GB = "EBAY_GB",
    EBAY_DE = "EBAY_DE",
    EBAY_SG = "EBAY_SG",
    EBAY_VN = "EBAY_VN"
}
export declare enum FormatType {
    AUCTION = "AUCTION",
    FIXED_PRICE = "FIXED_PRICE"
}
"""
MERCADOLIBRE = """import requests


class Client(object):
    BASE_URL = 'https://api.mercadolibre.com'

    auth_urls = {
        'MLA': "https://auth.mercadolibre.com.ar",  # Argentina
        'MPT': "https://auth.mercadolibre.com.pt",  # Prtugal
    }

    def __init__(self, client_id, client_secret, site='MCO'):
        self.auth_url = self.auth_urls[site]
"""
LAZADA = """# -*- coding: utf-8 -*-
'''
Created on 2018-03-21
'''
import requests

P_SDK_VERSION = "lazop-sdk-python-20181207"

P_API_GATEWAY_URL_SG = 'https://api.lazada.sg/rest'
P_API_GATEWAY_URL_VN = 'https://api.lazada.vn/rest'
P_API_AUTHORIZATION_URL = 'https://auth.lazada.com/rest'
"""

FACTS = {
    "lazada_year": 2018,
    "market_files": {
        "amazon_sp_api_2.1.35_marketplaces.py": AMAZON,
        "hendt_ebay_api_5.2.1_restfulEnums.d.ts": EBAY,
        "mercadolibre_python_0.2.2_client.py": MERCADOLIBRE,
        "lazop_sdk_1.0.3_base.py": LAZADA,
    },
}


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _distance(o: str, d: str) -> float:
    if (o, d) in DISTANCES or (d, o) in DISTANCES:
        return DISTANCES.get((o, d), DISTANCES.get((d, o), 0.0))
    return 1000.0 + 10.0 * (sum(map(ord, o)) + sum(map(ord, d)))  # symmetric, fixed


def write_geo(root: Path) -> None:
    header = ["iso2", "iso3", "cnum", "country", "pays", "area", "dis_int", "landlocked", "continent", "city_en"]
    header += ["city_fr", "lat", "lon", "cap", "maincity", "citynum", "langoff_1"]
    rows = [
        [i2, i3, 0, c, c, 1, 1, 0, "Asia", city, city, lat, lon, cap, main, 1, "."]
        for i2, i3, c, city, lat, lon, cap, main in GEO
    ]
    _write_csv(root / "geo" / "geo_cepii.csv", header, rows)
    codes = sorted({g[1] for g in GEO})
    dist_header = ["iso_o", "iso_d", "contig", "comlang_off", "comlang_ethno", "colony", "comcol", "curcol"]
    dist_header += ["col45", "smctry", "dist", "distcap", "distw", "distwces"]
    dist_rows = []
    for o in codes:
        for d in codes:
            km = 5.0 if o == d else _distance(o, d)
            contig = int((o, d) in BORDERS or (d, o) in BORDERS)
            dist_rows.append([o, d, contig, 0, 0, 0, 0, 0, 0, 0, km, km, km, km])
    _write_csv(root / "geo" / "dist_cepii.csv", dist_header, dist_rows)


def write_cldr(root: Path) -> None:
    info = {
        key: {
            "_population": "1000",
            "languagePopulation": {lang: {"_populationPercent": p} for lang, p in spoken.items()},
        }
        for key, spoken in TERRITORIES.items()
    }
    info["ZZ"] = {"_population": "0"}  # no languagePopulation at all
    data = {"supplemental": {"version": {"_unicodeVersion": "16.0.0", "_cldrVersion": "48"}, "territoryInfo": info}}
    path = root / "cldr" / "territoryInfo.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def write_rta(root: Path, agreements: list[tuple] | None = None) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(RTA_COLUMNS)
    for name, status, g, s, inactive, accession, composition, current, original, specific in agreements or AGREEMENTS:
        row = dict.fromkeys(RTA_COLUMNS)
        row.update(
            {
                "RTA Name": name,
                "Status": status,
                "Date of Entry into Force (G)": g,
                "Date of Entry into Force (S)": s,
                "Inactive Date": inactive,
                "Accession?": accession,
                "RTA Composition": composition,
                "Current signatories": current,
                "Original signatories": original,
                "Specific Entry/Exit dates": specific,
            }
        )
        sheet.append([row[c] for c in RTA_COLUMNS])
    path = root / "rta" / "RTA.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def write_markets(root: Path) -> None:
    folder = root / "marketplaces"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FACTS["market_files"].items():
        (folder / name).write_text(text, encoding="utf-8")


def write_reference(root: Path) -> None:
    ref = root / "reference"
    _write_csv(
        ref / "CLASS_FY2026_list_of_economies.csv",
        ["Economy", "Code", "Region", "Income group", "Lending category"],
        [[*e, ""] for e in ECONOMIES] + [["World", "WLD", "", "", ""]],
    )
    _write_csv(
        ref / "CLASS_FY2026_group_composition.csv",
        ["WB_Group_Code", "WB_Group_Name", "WB_Country_Code", "WB_Country_Name"],
        [["WLD", "World", "USA", "United States"]],
    )
    _write_csv(
        ref / "country-codes.csv",
        [
            "ISO3166-1-Alpha-3",
            "ISO3166-1-Alpha-2",
            "ISO3166-1-numeric",
            "Sub-region Name",
            "UNTERM Chinese Short",
            "official_name_cn",
        ],
        [[a3, a2, num, "", "", ""] for a3, a2, num in CODES],
    )


def write_bilateral_tree(root: Path) -> Path:
    """Write the fixture raw tree under `root` and return it."""
    write_reference(root)
    write_geo(root)
    write_cldr(root)
    write_rta(root)
    write_markets(root)
    return root
