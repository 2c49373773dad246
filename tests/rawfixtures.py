"""A tiny raw tree with the same layout and quirks as ../shared/data/raw.

Each quirk the build must handle appears once: a legacy WGI code (ROM), an
aggregate row (WLD), an unmatched name (Atlantis), a Findex fraction (2025
edition) and percent (2021 edition) case, a cyberlaw M49 code, a value outside
the window, the mis-encoded LPI name 'TC<rkiye', Namibia's ISO2 code 'NA'.
For past-year (as-of) snapshots and the outcomes measured after them, some
series also have earlier rows next to later ones (USA population 2021 and 2024,
growth 2016-2023, internet use 2017/2021/2022, ETH's 2017 Findex wave), and the
LPI workbook holds the 2012-2018 editions.  `FIXTURE` holds the values tests
trace back to.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import Workbook
from rawfixtures_bilateral import write_cldr, write_geo, write_markets, write_rta

from xbmarkets.catalog_spec import INDICATORS

ECONOMIES = [  # Economy, Code, Region, Income group
    ("United States", "USA", "North America", "High income"),
    ("Ethiopia", "ETH", "Sub-Saharan Africa", ""),
    ("Romania", "ROU", "Europe & Central Asia", "High income"),
    ("Germany", "DEU", "Europe & Central Asia", "High income"),
    ("Kosovo", "XKX", "Europe & Central Asia", "Upper middle income"),
    ("Namibia", "NAM", "Sub-Saharan Africa", "Upper middle income"),
    ("Turkiye", "TUR", "Europe & Central Asia", "Upper middle income"),
]
CODES = [  # alpha3, alpha2, numeric, sub-region, UNTERM Chinese Short, official_name_cn (as published)
    ("USA", "US", "840", "Northern America", "美利坚合众国", "美利坚合众国"),
    ("ETH", "ET", "231", "Sub-Saharan Africa", "埃塞俄比亚", "埃塞俄比亚"),
    ("ROU", "RO", "642", "Eastern Europe", "罗马尼亚", "罗马尼亚"),
    ("DEU", "DE", "276", "Western Europe", "德国", "德国"),
    (
        "NAM",
        "NA",
        "516",
        "Sub-Saharan Africa",
        "纳米比亚 *",
        "纳米比亚",
    ),  # footnote marker, as UNTERM prints for Palestine
    ("TUR", "TR", "792", "Western Asia", "", "土耳其"),  # UNTERM short blank, M49 official name present
    ("AIA", "AI", "660", "Latin America and the Caribbean", "", "安圭拉"),
]

FIXTURE = {
    "usa_population_2024": 340110988.0,
    "eth_population_2025": 132059767.0,
    "usa_gdp_growth_2023": 2.887,
    "eth_account_2024_fraction": 0.4883,
    "usa_account_2021_percent": 94.95,
    "rou_rq_2023": 0.5123,
    "usa_lpi_2023": 3.8,
    "tur_lpi_2023": 3.4,
    "usa_weo": (1.826, 1.744, 2.1, 2.1, 2.1, 2.2),
    "xkx_weo": (4.0, 4.0, 4.0, 4.0, 4.0, 4.0),
    "de_vat": 0.19,
    "usa_tariff_2019": 13.78,
    # NY.GDP.MKTP.KD.ZG for USA 2018..2023 (six years: the mean needs every one)
    "usa_gdp_growth_2018_2023": (2.9, 2.3, -2.2, 6.1, 2.5, 2.887),
    "usa_internet_2017_2022": (87.3, 97.1),
    "eth_adults_2024": 73000000.0,
    "deu_sellers_2024": 20.66,
    # earlier rows for as-of snapshots and outcomes
    "usa_population_2021": 331893745.0,
    "usa_gdp_growth_2016_2017": (1.8, 2.5),
    "usa_internet_2021": 91.8,
    "eth_online_2017": 0.03,
    "deu_eu_buyers_2020": 65.0,
    "usa_lpi_editions": {2018: 3.89, 2016: 3.99, 2014: 3.92, 2012: 3.93},
}
LPI_SHEETS = ("2023", "2018", "2016", "2014", "2012")


def _write_csv(path: Path, header: list[str], rows: list[list[object]], sep: str = ",") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=sep, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _wdi_rows(code: str) -> list[list[object]]:
    if code == "SP.POP.TOTL":
        return [
            ["United States", "USA", 2021, FIXTURE["usa_population_2021"]],
            ["United States", "USA", 2024, FIXTURE["usa_population_2024"]],
            ["Ethiopia", "ETH", 2024, 128691692],
            ["Ethiopia", "ETH", 2025, FIXTURE["eth_population_2025"]],
            ["Germany", "DEU", 2015, 81686611],  # outside the 2021 window
            ["World", "WLD", 2024, 8142056000],  # aggregate
            ["Atlantis", "ATL", 2024, 1000],  # unmatched name
        ]
    if code == "NY.GDP.MKTP.KD.ZG":
        years = (*FIXTURE["usa_gdp_growth_2016_2017"], *FIXTURE["usa_gdp_growth_2018_2023"])
        usa = [["United States", "USA", 2016 + i, v] for i, v in enumerate(years)]
        return [
            *usa,
            ["United States", "USA", 2024, ""],  # blank: the span ends in 2023
            ["Romania", "ROU", 2022, 4.1],  # one year only: no six-year mean
        ]
    return [["United States", "USA", 2023, 1.5], ["Namibia", "NAM", 2022, 2.5]]


def _write_lpi_book(path: Path, columns: list[str]) -> None:
    """The 2012-2023 workbook: one sheet per edition; older sheets spell Türkiye 'Turkey'."""
    book = Workbook()
    book.remove(book.active)
    for name in LPI_SHEETS:
        sheet = book.create_sheet(name)
        sheet.append(columns)
        if name == "2023":
            sheet.append(["United States", FIXTURE["usa_lpi_2023"], 3.7, 3.4, 4.2])
            continue
        usa = FIXTURE["usa_lpi_editions"][int(name)]
        sheet.append(["United States", usa, usa - 0.1, usa - 0.2, usa + 0.1])
        sheet.append(["Turkey", 3.1, 2.9, 3.0, 3.2])
    book.save(path)


def write_raw_tree(root: Path) -> Path:
    """Write the fixture raw tree under `root` and return it."""
    ref = root / "reference"
    _write_csv(
        ref / "CLASS_FY2026_list_of_economies.csv",
        ["Economy", "Code", "Region", "Income group", "Lending category"],
        [[*e, ""] for e in ECONOMIES]
        + [["World", "WLD", "", "", ""], ["Channel Islands", "CHI", "Europe & Central Asia", "High income", ""]],
    )
    _write_csv(
        ref / "CLASS_FY2026_group_composition.csv",
        ["WB_Group_Code", "WB_Group_Name", "WB_Country_Code", "WB_Country_Name"],
        [["HIC", "High income", "USA", "United States"], ["WLD", "World", "USA", "United States"]],
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
        [list(c) for c in CODES],
    )
    for code in sorted({s.params[0] for s in INDICATORS if s.loader in ("wdi", "wdi_mean")}):
        _write_csv(root / "wdi" / f"{code}.csv", ["Country Name", "Country Code", "Year", "Value"], _wdi_rows(code))
    wgi_rows = []
    for ind in ("rq", "rl", "cc", "pv", "ge", "va"):
        wgi_rows += [
            [f"ROM{ind}2023", "ROM", "Romania", 2023, ind, FIXTURE["rou_rq_2023"] if ind == "rq" else 0.3],
            [f"USA{ind}2023", "USA", "United States", 2023, ind, 1.2],
            [f"USA{ind}2022", "USA", "United States", 2022, ind, 1.1],
            [f"ETH{ind}2023", "ETH", "Ethiopia", 2023, ind, "#N/A"],
            [f"ANT{ind}2023", "ANT", "Netherlands Antilles (former)", 2023, ind, 0.9],
            [f"AIA{ind}2023", "AIA", "Anguilla", 2023, ind, 0.8],
        ]
    _write_csv(
        root / "wgi" / "wgidataset_2024update_long.csv",
        ["codeindyr", "code", "countryname", "year", "indicator", "estimate"],
        wgi_rows,
    )
    lpi_cols = ["Country", "LPI Score", "Customs Score", "International Shipments Score", "Tracking and Tracing Score"]
    _write_csv(
        root / "lpi" / "lpi_2023.csv",
        lpi_cols,
        [
            ["United States", FIXTURE["usa_lpi_2023"], 3.7, 3.4, 4.2],
            ["TC<rkiye", FIXTURE["tur_lpi_2023"], 3.0, 3.4, 3.5],
            ["Atlantis", 2.0, 2.0, 2.0, 2.0],
        ],
    )
    _write_lpi_book(root / "lpi" / "International_LPI_from_2012_to_2023.xlsx", lpi_cols)
    statuses = [
        "Electronic Transactions",
        "Consumer Protection",
        "Privacy and Data Protection",
        "Cybercrime",
        "Indirect Taxation",
    ]
    _write_csv(
        root / "cyberlaw" / "unctad_cyberlaw_tracker_2026.csv",
        ["code", "country", *statuses],
        [
            ["840", "United States", "Legislation", "Legislation", "No Legislation", "Legislation", "Legislation"],
            ["231", "Ethiopia", "Draft Legislation", "No Legislation", "Legislation", "Legislation", "No Legislation"],
            ["642", "Romania", "No Data", "No Data", "No Data", "No Data", "No Data"],
        ],
    )
    _write_csv(
        root / "internet" / "owid_share-of-individuals-using-the-internet.csv",
        ["Entity", "Code", "Year", "Individuals using the Internet (% of population)"],
        [
            ["United States", "USA", 2017, FIXTURE["usa_internet_2017_2022"][0]],
            ["United States", "USA", 2021, FIXTURE["usa_internet_2021"]],
            ["United States", "USA", 2022, FIXTURE["usa_internet_2017_2022"][1]],
            ["Kosovo", "OWID_KOS", 2022, 89.5],
            ["World", "OWID_WRL", 2022, 63.0],
        ],
        sep=";",
    )
    years = ["2011", "2014", "2017", "2021", "2022"]
    f21 = []
    for code in ("account.t.d", "fin14b.t.d", "g20.t.d", "fin7.t.d", "mobileaccount.t.d"):
        f21 += [
            [
                "United States",
                "USA",
                code,
                code,
                "",
                "",
                "",
                FIXTURE["usa_account_2021_percent"] if code == "account.t.d" else 50.0,
                "",
            ],
            [
                "Ethiopia",
                "ETH",
                code,
                code,
                "",
                "",
                FIXTURE["eth_online_2017"] if code == "fin14b.t.d" else "",
                "",
                46.48,
            ],
            ["World", "WLD", code, code, "", "", "", 76.2, ""],
        ]
    _write_csv(
        root / "findex" / "FINDEXEXCEL_findex2021_Data_keyseries.csv",
        ["Country Name", "Country Code", "Indicator Name", "Indicator Code", *years],
        f21,
    )
    _write_csv(
        root / "findex" / "GlobalFindexDatabase2025_35col_subset.csv",
        ["countrynewwb", "codewb", "year", "pop_adult", "group", "account_t_d", "mobileaccount_t_d", "fin26b"],
        [
            [
                "Ethiopia",
                "ETH",
                2024,
                FIXTURE["eth_adults_2024"],
                "all",
                FIXTURE["eth_account_2024_fraction"],
                0.0945,
                0.0069,
            ],
            ["Ethiopia", "ETH", 2024, 1, "gender", 0.9, 0.9, 0.9],
            ["Ethiopia", "ETH", 2022, 70000000, "all", 0.4648, "NA", 0.0156],
            ["World", "WLD", 2024, 5e9, "all", 0.79, "NA", "NA"],
        ],
    )
    weo_years = [str(y) for y in range(2025, 2031)]
    _write_csv(
        root / "weo" / "WEOApr2025all.csv",
        ["ISO", "WEO Subject Code", "Country", *weo_years, "Estimates Start After"],
        [
            ["USA", "NGDP_RPCH", "United States", *FIXTURE["usa_weo"], 2024],
            ["UVK", "NGDP_RPCH", "Kosovo", *FIXTURE["xkx_weo"], 2024],
            ["ETH", "NGDP_RPCH", "Ethiopia", 7.0, 7.1, "n/a", 7.0, 7.0, 7.0, 2024],
            ["USA", "PPPPC", "United States", 1, 2, 3, 4, 5, 6, 2024],
            ["", "", "", "", "", "", "", "", "", ""],
        ],
    )
    _write_csv(
        root / "ecommerce" / "eurostat_isoc_ec_ibuy_ib20_I_BUY3_EU27.csv",
        ["country", "country_code", "year", "pct_population_buying_online"],
        [
            ["Germany", "DE", 2020, FIXTURE["deu_eu_buyers_2020"]],
            ["Germany", "DE", 2024, 68.1],
            ["Romania", "RO", 2025, 40.2],
            ["Greece", "EL", 2025, 55.0],
        ],
    )
    esels = ["DATAFLOW", "LAST UPDATE", "freq", "size_emp", "nace_r2", "indic_is", "unit", "geo", "TIME_PERIOD"]
    ten = "10 persons employed or more"
    _write_csv(
        root / "eurostat_enterprises" / "isoc_ec_esels.csv",
        [*esels, "OBS_VALUE", "OBS_FLAG", "CONF_STATUS"],
        [
            ["ESTAT", "12/12/24", "Annual", ten, "all", "ecom", "pc", "Germany", 2023, 19.0, "", ""],
            [
                "ESTAT",
                "12/12/24",
                "Annual",
                ten,
                "all",
                "ecom",
                "pc",
                "Germany",
                2024,
                FIXTURE["deu_sellers_2024"],
                "",
                "",
            ],
            [
                "ESTAT",
                "12/12/24",
                "Annual",
                "From 1 to 9 persons employed",
                "all",
                "ecom",
                "pc",
                "Germany",
                2024,
                9.9,
                "",
                "",
            ],
            ["ESTAT", "12/12/24", "Annual", ten, "all", "ecom", "pc", "Türkiye", 2024, 11.5, "", ""],
            ["ESTAT", "12/12/24", "Annual", ten, "all", "ecom", "pc", "Romania", 2024, "", "u", ""],
            [
                "ESTAT",
                "12/12/24",
                "Annual",
                ten,
                "all",
                "ecom",
                "pc",
                "European Union - 27 countries (from 2020)",
                2024,
                22.0,
                "",
                "",
            ],
        ],
    )
    _write_csv(
        root / "trade" / "wdi_TM.TAX.MRCH.WM.AR.ZS_ddf_2015-2019.csv",
        ["economy", "year", "tm_tax_mrch_wm_ar_zs"],
        [
            ["usa", 2018, "1.5900000000"],
            ["usa", 2019, f"{FIXTURE['usa_tariff_2019']:.10f}"],
            ["eth", 2015, "9.1000000000"],
        ],
    )
    tax = root / "tax" / "sales_tax_rates_npm-sales-tax-2.23.0.json"
    tax.parent.mkdir(parents=True, exist_ok=True)
    tax.write_text(
        json.dumps(
            {
                "DE": {"type": "vat", "currency": "EUR", "rate": FIXTURE["de_vat"]},
                "US": {"type": "none", "currency": "USD", "rate": 0},
                "XK": {"type": "vat", "currency": "EUR", "rate": 0.18},
                "AI": {"type": "gst", "currency": "XCD", "rate": 0.13},
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    # the seller-origin files (CEPII, CLDR, WTO RTA, marketplaces): the bilateral fixture's own small
    # tree, which shares DEU and ROU (as CEPII's ROM) with this one
    write_geo(root)
    write_cldr(root)
    write_rta(root)
    write_markets(root)
    return root
