"""Which indicators the dashboard uses, where each comes from, and why.

This is the single place where an indicator is defined: `build` turns these
specs into `data/catalog.csv` and `data/sources.csv`, so the catalog a founder
reads and the code that extracts the numbers can never drift apart.  Loader
keys (`loader`, `params`) are read only by `xbmarkets.build`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IndicatorSpec", "SourceSpec", "INDICATORS", "SOURCES", "WDI_RECENT"]

WDI_RECENT = 2021
"""Oldest year accepted for most series: the last five complete years up to 2025."""


@dataclass(frozen=True)
class SourceSpec:
    """One source dataset, as listed in data/sources.csv."""

    source: str
    publisher: str
    dataset: str
    edition: str
    year: int
    licence: str
    origin: str
    raw_file: str


@dataclass(frozen=True)
class IndicatorSpec:
    """One catalog row plus how `build` extracts it from the raw tree."""

    id: str
    name: str
    pillar: str
    direction: str
    unit: str
    transform: str
    window_start: int
    source: str
    wb_code: str
    why: str
    scoring_rule: str
    loader: str
    params: tuple[str, ...]


SOURCES: tuple[SourceSpec, ...] = (
    SourceSpec(
        "wdi", "World Bank", "World Development Indicators", "monthly mirror 2026-07-01", 2026,
        "CC BY 4.0",
        "GitHub datasets/world-development-indicators, indicators/<code>/data.csv, commit "
        "4ebec5a2273f531ba238a34dbe440394dc5a6c4b (2026-07-01, automated update from the WB API)",
        "wdi/<CODE>.csv",
    ),
    SourceSpec(
        "wgi", "World Bank (Kaufmann & Kraay)", "Worldwide Governance Indicators", "2024 update", 2024,
        "CC BY 4.0",
        "GitHub timothym4r/Politics-and-Corruption-on-FDI-GDP-relation, data/wgidataset.xlsx, commit "
        "8569d44918f4a7281194414839f48e69f95c3126 (official release file; CSV export of Sheet1)",
        "wgi/wgidataset_2024update_long.csv",
    ),
    SourceSpec(
        "lpi2023", "World Bank", "Logistics Performance Index (Connecting to Compete)", "2023", 2023,
        "CC BY 4.0",
        "GitHub meh4kpreet/World-Bank-Logistics-Performance-Index-2012-2023-Project, raw_data.zip "
        "(lpi_2023 - Sheet1.csv), commit e4a83495023f79c9f42db86e74d09d01da3dd55a",
        "lpi/lpi_2023.csv",
    ),
    SourceSpec(
        "cyberlaw", "UNCTAD", "Global Cyberlaw Tracker", "2026", 2026,
        "not stated (UN public information; attribute UNCTAD, verify terms before redistribution)",
        "GitHub unctad-infovis/2026-cyberlaw_tracker, public/assets/data/data.csv, commit "
        "972024d20b20ebd24aa0350903df8b59f5b5bb4a",
        "cyberlaw/unctad_cyberlaw_tracker_2026.csv",
    ),
    SourceSpec(
        "itu_owid", "ITU via World Bank WDI and Our World in Data", "Individuals using the Internet",
        "OWID grapher export", 2023, "CC BY 4.0 (OWID); ITU/WB terms for the underlying data",
        "GitHub sberkayuguz/dsa-210-project, share-of-individuals-using-the-internet.csv, commit "
        "b1f6dbbfb4cc71391698bf57b5ff54bb8dd4033d (third-party copy, semicolon-delimited)",
        "internet/owid_share-of-individuals-using-the-internet.csv",
    ),
    SourceSpec(
        "findex2021", "World Bank", "Global Findex Database 2021", "2021 (DataBank bulk file)", 2022,
        "CC BY 4.0",
        "GitHub Isaac25-lgtm/theme-3-OmodingIsaac, FINDEXEXCEL.xlsx, commit "
        "e3803bb2d347fbbfee5007afe1e666d88a7f9251 (official bulk workbook; CSV export of key series)",
        "findex/FINDEXEXCEL_findex2021_Data_keyseries.csv",
    ),
    SourceSpec(
        "findex2025", "World Bank", "Global Findex Database 2025", "2025 (35-column subset)", 2024,
        "CC BY 4.0",
        "GitHub cayolyn/data-science-coursework, GlobalFindexDatabase2025.csv, commit "
        "4909013ad19d36eb2c6b314b11f0dca2899aacea (third-party column subset of the official file)",
        "findex/GlobalFindexDatabase2025_35col_subset.csv",
    ),
    SourceSpec(
        "weo_apr2025", "International Monetary Fund", "World Economic Outlook Database", "April 2025",
        2025, "IMF copyright and usage terms (free use with attribution)",
        "GitHub FatiMollaei/PowerBI-Economic-Dashboard, WEOApr2025all.xlsx, commit "
        "2a2562d395c2fc036eca720e8bbdb6608c837bc9 (third-party xlsx re-save; CSV export)",
        "weo/WEOApr2025all.csv",
    ),
    SourceSpec(
        "eurostat_ibuy", "Eurostat", "ICT usage by individuals: online purchases (isoc_ec_ibuy / "
        "isoc_ec_ib20, I_BUY3)", "2025", 2025, "CC BY 4.0 (Eurostat reuse policy)",
        "GitHub Idun-Group/imt-lab, data/ecommerce_eu.csv, commit "
        "9f05ab02f2eafd354272c973bb0929af40a0aa77 (third-party extraction)",
        "ecommerce/eurostat_isoc_ec_ibuy_ib20_I_BUY3_EU27.csv",
    ),
    SourceSpec(
        "wdi_tariff", "World Bank (WITS/TRAINS, UNCTAD, WTO)",
        "World Development Indicators: TM.TAX.MRCH.WM.AR.ZS", "WDI vintage c. 2021", 2019,
        "CC BY 4.0",
        "GitHub open-numbers/ddf--world_bank--world_development_indicators, "
        "ddf--datapoints--tm_tax_mrch_wm_ar_zs--by--economy--year.csv, commit "
        "f4d5663f6d5088f2fbf4d46e7bf8ba0ea81ab283 (2015-2019 rows transcribed)",
        "trade/wdi_TM.TAX.MRCH.WM.AR.ZS_ddf_2015-2019.csv",
    ),
    SourceSpec(
        "vat_salestax", "Valerian Saliou (community-maintained; rates from PwC Worldwide Tax "
        "Summaries)", "sales-tax package rate table (NOT an official source)", "2.23.0", 2026, "MIT",
        "npm package sales-tax 2.23.0 (published 2026-05-19), package/res/sales_tax_rates.json",
        "tax/sales_tax_rates_npm-sales-tax-2.23.0.json",
    ),
    SourceSpec(
        "wb_class", "World Bank", "World Bank Country and Lending Groups", "FY2026", 2025,
        "CC BY 4.0",
        "GitHub GPID-WB/Class, InputData/CLASS_FY2026.xlsx, commit "
        "4f58f4f042f782cd1f358516f2372d61863de745 (CSV exports of two sheets)",
        "reference/CLASS_FY2026_list_of_economies.csv; reference/CLASS_FY2026_group_composition.csv",
    ),
    SourceSpec(
        "country_codes", "Frictionless Data `datasets` project (ISO 3166, UNSD M49, CLDR)",
        "Country codes", "2026-05-15", 2026, "ODC-PDDL-1.0",
        "GitHub datasets/country-codes, data/country-codes.csv, commit "
        "caa72d1e0e5af8876c170bb36a9e4d64a01bba88",
        "reference/country-codes.csv",
    ),
)

_R = WDI_RECENT
_FINDEX_RULE = (
    "Findex 2025 edition (fractions 0-1, multiplied by 100 and rounded to 7 decimals) for the "
    "2024 wave; otherwise the 2021 edition (percent) for the 2021/2022 waves; the newest wave per "
    "economy wins; each snapshot row's source names the edition."
)
_CYBER_RULE = "Legislation = 1, Draft Legislation = 0.5, No Legislation = 0, No Data = missing."
_COMPETITION_FLIP = "The user can flip the direction if they read it the other way."

INDICATORS: tuple[IndicatorSpec, ...] = (
    # --- growth: market size and growth -------------------------------------------------
    IndicatorSpec(
        "population", "Population, total", "growth", "higher_is_better", "persons", "log", _R,
        "wdi", "SP.POP.TOTL",
        "More people means more potential buyers for the same market-entry cost.", "",
        "wdi", ("SP.POP.TOTL",)),
    IndicatorSpec(
        "gdp_usd", "GDP (current US$)", "growth", "higher_is_better", "current US$", "log", _R,
        "wdi", "NY.GDP.MKTP.CD",
        "The size of the whole economy bounds how much consumers and firms can spend.", "",
        "wdi", ("NY.GDP.MKTP.CD",)),
    IndicatorSpec(
        "gdp_pc_ppp", "GDP per capita, PPP (current international $)", "growth",
        "higher_is_better", "current international $", "log", _R, "wdi", "NY.GDP.PCAP.PP.CD",
        "Purchasing power per head drives basket size and tolerance for import prices.", "",
        "wdi", ("NY.GDP.PCAP.PP.CD",)),
    IndicatorSpec(
        "gdp_growth", "GDP growth (annual %), latest year", "growth", "higher_is_better",
        "annual %", "none", _R, "wdi", "NY.GDP.MKTP.KD.ZG",
        "Recent real growth shows whether demand is expanding now.", "",
        "wdi", ("NY.GDP.MKTP.KD.ZG",)),
    IndicatorSpec(
        "weo_growth_2030", "Real GDP growth, IMF projection mean 2025-2030", "growth",
        "higher_is_better", "annual %", "none", 2030, "weo_apr2025", "",
        "Projected growth tells a seller which markets will be bigger when their operation matures.",
        "Mean of WEO April 2025 NGDP_RPCH over 2025-2030 (all six years required, else missing), "
        "rounded to 6 decimals; year recorded as 2030. Values after 'Estimates Start After' are "
        "IMF estimates/projections.",
        "weo_mean", ("NGDP_RPCH", "2025", "2030")),
    IndicatorSpec(
        "internet_users", "Individuals using the Internet (% of population)", "growth",
        "higher_is_better", "% of population", "none", _R, "itu_owid", "IT.NET.USER.ZS",
        "Only people who are online can buy from a cross-border web shop: this is the reachable market.",
        "", "owid_internet", ()),
    IndicatorSpec(
        "merch_imports_usd", "Merchandise imports (current US$)", "growth", "higher_is_better",
        "current US$", "log", _R, "wdi", "TM.VAL.MRCH.CD.WT",
        "The size of the import market shows how much the country already buys from abroad.", "",
        "wdi", ("TM.VAL.MRCH.CD.WT",)),
    IndicatorSpec(
        "population_growth", "Population growth (annual %)", "growth", "higher_is_better",
        "annual %", "none", _R, "wdi", "SP.POP.GROW",
        "A growing population adds new buyers every year; it is one of the momentum signals of a market.",
        "", "wdi", ("SP.POP.GROW",)),
    IndicatorSpec(
        "urban_pop", "Urban population (% of total)", "growth", "higher_is_better",
        "% of population", "none", _R, "wdi", "SP.URB.TOTL.IN.ZS",
        "Urban buyers are cheaper to deliver to and adopt online shopping first.", "",
        "wdi", ("SP.URB.TOTL.IN.ZS",)),
    # --- competition: proxies only (no official index exists) -------------------------
    IndicatorSpec(
        "online_buyers", "Used a mobile phone or the internet to buy something online (% age 15+)",
        "competition", "lower_is_better", "% age 15+", "none", _R, "findex2025", "",
        "A high share of online buyers means a saturated market where incumbents already serve "
        "demand, so lower counts as less competition; read as maturity it cuts the other way. "
        + _COMPETITION_FLIP,
        _FINDEX_RULE + " Series: fin26b (2025 edition), fin14b.t.d (2021 edition).",
        "findex", ("fin26b", "fin14b.t.d")),
    IndicatorSpec(
        "import_share", "Imports of goods and services (% of GDP)", "competition",
        "lower_is_better", "% of GDP", "none", _R, "wdi", "NE.IMP.GNFS.ZS",
        "A high import share means foreign sellers already compete for the buyer, so lower counts "
        "as less competition; read as openness it cuts the other way. " + _COMPETITION_FLIP,
        "", "wdi", ("NE.IMP.GNFS.ZS",)),
    IndicatorSpec(
        "merch_trade_gdp", "Merchandise trade (% of GDP)", "competition", "lower_is_better",
        "% of GDP", "none", _R, "wdi", "TG.VAL.TOTL.GD.ZS",
        "Trade-intensive economies host many established traders, so lower counts as less "
        "competition; read as openness it cuts the other way. " + _COMPETITION_FLIP,
        "", "wdi", ("TG.VAL.TOTL.GD.ZS",)),
    IndicatorSpec(
        "fdi_inflows", "Foreign direct investment, net inflows (BoP, current US$)", "competition",
        "lower_is_better", "current US$", "asinh", _R, "wdi", "BX.KLT.DINV.CD.WD",
        "Large FDI inflows signal foreign firms building local presence, so lower counts as less "
        "competition; read as investor confidence it cuts the other way. " + _COMPETITION_FLIP,
        "", "wdi", ("BX.KLT.DINV.CD.WD",)),
    IndicatorSpec(
        "eu_online_buyers", "Individuals who bought online in the last 3 months (% aged 16-74, EU)",
        "competition", "lower_is_better", "% of individuals 16-74", "none", _R, "eurostat_ibuy", "",
        "Within the EU a higher online-buying share means a more saturated e-commerce market, so "
        "lower counts as less competition (EU-27 only). " + _COMPETITION_FLIP,
        "Eurostat I_BUY3, IND_TOTAL, PC_IND; possible series break 2019/2020; EU-27 only.",
        "eurostat", ()),
    # --- logistics ----------------------------------------------------------------------
    # Only the three LPI sub-scores that bear most on parcels are kept (the overall score
    # already averages all six); keeping all six put 7 of the catalog's indicators on the
    # 139 LPI economies and pushed small economies below the 60 % coverage target.
    IndicatorSpec(
        "lpi_overall", "Logistics Performance Index 2023: overall (1-5)", "logistics",
        "higher_is_better", "score 1-5", "none", 2022, "lpi2023", "LP.LPI.OVRL.XQ",
        "Overall logistics quality decides delivery times, loss rates and returns cost.",
        "LPI 2023 workbook score; names matched with country_converter (mis-encoded 'TC<rkiye' "
        "repaired by restoring a stripped UTF-8 high bit, reported by the build). Window starts 2022 because WDI/API label the 2023 edition as year 2022.",
        "lpi", ("LPI Score",)),
    IndicatorSpec(
        "lpi_customs", "LPI 2023: customs (1-5)", "logistics", "higher_is_better", "score 1-5",
        "none", 2022, "lpi2023", "",
        "Customs efficiency decides whether parcels clear quickly or sit in a warehouse.", "",
        "lpi", ("Customs Score",)),
    IndicatorSpec(
        "lpi_shipments", "LPI 2023: international shipments (1-5)", "logistics",
        "higher_is_better", "score 1-5", "none", 2022, "lpi2023", "",
        "Ease of arranging competitively priced international shipments drives cross-border freight cost.",
        "", "lpi", ("International Shipments Score",)),
    IndicatorSpec(
        "lpi_tracking", "LPI 2023: tracking and tracing (1-5)", "logistics", "higher_is_better",
        "score 1-5", "none", 2022, "lpi2023", "",
        "Online buyers expect parcel tracking; without it support load and disputes rise.", "",
        "lpi", ("Tracking and Tracing Score",)),
    IndicatorSpec(
        "port_teu", "Container port traffic (TEU: 20-foot equivalent units)", "logistics",
        "higher_is_better", "TEU", "log", _R, "wdi", "IS.SHP.GOOD.TU",
        "Container throughput proxies sea-freight connectivity for stocking overseas warehouses.", "",
        "wdi", ("IS.SHP.GOOD.TU",)),
    IndicatorSpec(
        "air_departures", "Air transport, registered carrier departures worldwide", "logistics",
        "higher_is_better", "departures", "log", _R, "wdi", "IS.AIR.DPRT",
        "Air connectivity proxies how fast and cheaply parcels can fly in directly.", "",
        "wdi", ("IS.AIR.DPRT",)),
    # --- payments -------------------------------------------------------------------------
    IndicatorSpec(
        "account", "Account ownership (% age 15+)", "payments", "higher_is_better", "% age 15+",
        "none", _R, "findex2025", "",
        "Buyers need an account (bank or mobile money) to pay online without cash on delivery.",
        _FINDEX_RULE + " Series: account_t_d (2025 edition), account.t.d (2021 edition).",
        "findex", ("account_t_d", "account.t.d")),
    IndicatorSpec(
        "digital_payments", "Made or received a digital payment (% age 15+)", "payments",
        "higher_is_better", "% age 15+", "none", _R, "findex2021", "",
        "Digital-payment habits show whether buyers will pay online at checkout.",
        "Findex 2021 edition g20.t.d (percent), 2021/2022 waves; the 2024 wave is not in the raw "
        "files.",
        "findex", ("", "g20.t.d")),
    IndicatorSpec(
        "credit_card", "Owns a credit card (% age 15+)", "payments", "higher_is_better",
        "% age 15+", "none", _R, "findex2021", "",
        "Card ownership decides whether standard card checkout works or local wallets are needed.",
        "Findex 2021 edition fin7.t.d (percent), 2021/2022 waves; the 2024 wave is not in the raw "
        "files.",
        "findex", ("", "fin7.t.d")),
    IndicatorSpec(
        "mobile_money", "Mobile money account (% age 15+)", "payments", "higher_is_better",
        "% age 15+", "none", _R, "findex2025", "",
        "Where mobile money is common a seller can reach buyers without cards by integrating a wallet.",
        _FINDEX_RULE + " Series: mobileaccount_t_d (2025 edition), mobileaccount.t.d (2021 "
        "edition); reported only where mobile money is relevant.",
        "findex", ("mobileaccount_t_d", "mobileaccount.t.d")),
    IndicatorSpec(
        "mobile_subs", "Mobile cellular subscriptions (per 100 people)", "payments",
        "higher_is_better", "per 100 people", "none", _R, "wdi", "IT.CEL.SETS.P2",
        "Most online purchases in growth markets are made and paid for on a phone.", "",
        "wdi", ("IT.CEL.SETS.P2",)),
    IndicatorSpec(
        "atms", "Automated teller machines (ATMs) per 100,000 adults", "payments",
        "higher_is_better", "per 100,000 adults", "none", _R, "wdi", "FB.ATM.TOTL.P5",
        "Banking infrastructure density shows how far formal payments reach.", "",
        "wdi", ("FB.ATM.TOTL.P5",)),
    IndicatorSpec(
        "broadband", "Fixed broadband subscriptions (per 100 people)", "payments",
        "higher_is_better", "per 100 people", "none", _R, "wdi", "IT.NET.BBND.P2",
        "Broadband at home supports browsing and paying on larger screens with saved cards.", "",
        "wdi", ("IT.NET.BBND.P2",)),
    IndicatorSpec(
        "secure_servers", "Secure Internet servers (per 1 million people)", "payments",
        "higher_is_better", "per 1 million people", "log", _R, "wdi", "IT.NET.SECR.P6",
        "Secure servers proxy the local infrastructure for trusted online payments.", "",
        "wdi", ("IT.NET.SECR.P6",)),
    # --- regulation -----------------------------------------------------------------------
    IndicatorSpec(
        "wgi_regulatory_quality", "Regulatory quality (WGI estimate, about -2.5 to 2.5)",
        "regulation", "higher_is_better", "estimate", "none", _R, "wgi", "",
        "Sound regulation makes import, tax and consumer rules predictable for a foreign seller.", "",
        "wgi", ("rq",)),
    IndicatorSpec(
        "wgi_rule_of_law", "Rule of law (WGI estimate, about -2.5 to 2.5)", "regulation",
        "higher_is_better", "estimate", "none", _R, "wgi", "",
        "Rule of law decides whether contracts, IP and payment disputes can be enforced.", "",
        "wgi", ("rl",)),
    IndicatorSpec(
        "wgi_control_corruption", "Control of corruption (WGI estimate, about -2.5 to 2.5)",
        "regulation", "higher_is_better", "estimate", "none", _R, "wgi", "",
        "Corruption adds informal costs at customs and in licensing.", "",
        "wgi", ("cc",)),
    IndicatorSpec(
        "wgi_political_stability", "Political stability and absence of violence (WGI estimate)",
        "regulation", "higher_is_better", "estimate", "none", _R, "wgi", "",
        "Instability threatens deliveries, payments and the investment in a new market.", "",
        "wgi", ("pv",)),
    IndicatorSpec(
        "wgi_gov_effectiveness", "Government effectiveness (WGI estimate, about -2.5 to 2.5)",
        "regulation", "higher_is_better", "estimate", "none", _R, "wgi", "",
        "Effective administrations process registrations, tax and customs paperwork predictably.",
        "", "wgi", ("ge",)),
    IndicatorSpec(
        "cyberlaw_etransactions", "Electronic transactions law (UNCTAD status score)",
        "regulation", "higher_is_better", "score 0-1", "none", 2026, "cyberlaw", "",
        "An e-transactions law makes online contracts and e-signatures legally valid.", _CYBER_RULE,
        "cyberlaw", ("Electronic Transactions",)),
    IndicatorSpec(
        "cyberlaw_consumer", "Online consumer protection law (UNCTAD status score)", "regulation",
        "higher_is_better", "score 0-1", "none", 2026, "cyberlaw", "",
        "Consumer-protection law builds buyer trust in unknown foreign shops (and sets duties).",
        _CYBER_RULE, "cyberlaw", ("Consumer Protection",)),
    IndicatorSpec(
        "cyberlaw_data_protection", "Privacy and data protection law (UNCTAD status score)",
        "regulation", "higher_is_better", "score 0-1", "none", 2026, "cyberlaw", "",
        "A data-protection law gives clear rules for handling customer data (compliance cost but "
        "legal certainty).", _CYBER_RULE, "cyberlaw", ("Privacy and Data Protection",)),
    IndicatorSpec(
        "tariff_applied", "Tariff rate, applied, weighted mean, all products (%)", "regulation",
        "lower_is_better", "%", "none", 2015, "wdi_tariff", "",
        "Import duties add directly to landed cost; lower is better. Stale: 2015-2019 only.",
        "Latest year in 2015-2019 (old WDI vintage; no 2020+ values in the raw file; EU members "
        "carry the EU-wide value; some outliers such as BMU, PLW).",
        "tariff", ()),
    IndicatorSpec(
        "vat_rate", "VAT / GST standard rate (%)", "regulation", "lower_is_better", "%", "none",
        2026, "vat_salestax", "",
        "Consumption tax is charged on every imported sale and raises the shelf price; lower is better.",
        "Current national standard rate from the sales-tax npm package (NOT official; PwC-based), "
        "multiplied by 100; entries of type 'none' (no national VAT, only sub-national sales "
        "taxes, e.g. US) are left missing; historical 'before' rates and sub-national rates ignored.",
        "vat", ()),
)
