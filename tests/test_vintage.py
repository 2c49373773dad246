"""Past-year (as-of) snapshots: what a seller could have had at the end of a year, and nothing later.

Fixture builds trace values back to `rawfixtures.FIXTURE`; the shipped
data/vintage-2017 and data/vintage-2021 are checked from their CSV files and
through `rank --detail`, so they need no raw files.
"""

from __future__ import annotations

import math
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from rawfixtures import FIXTURE, write_raw_tree

from xbmarkets import cli
from xbmarkets.build import build
from xbmarkets.catalog_spec import INDICATORS
from xbmarkets.export import read_exported_csv
from xbmarkets.outcomes import load_outcomes
from xbmarkets.snapshot import DEFAULT_DATA_DIR, SnapshotError, load_snapshot, vintage_dir

REPO = Path(__file__).resolve().parent.parent
REAL_RAW = REPO.parent / "shared" / "data" / "raw"
NO_VINTAGE = {s.id for s in INDICATORS if not s.vintage}
SHIPPED = (2017, 2021)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """One raw tree; the current build and the 2021 and 2017 vintages of it."""
    root = tmp_path_factory.mktemp("vintage")
    raw = write_raw_tree(root / "raw")
    out = {None: root / "current", 2021: root / "v2021", 2017: root / "v2017"}
    reports = {year: build(raw, folder, as_of=year) for year, folder in out.items()}
    return raw, out, reports


def _rows(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "snapshot.csv", keep_default_na=False, dtype={"value": float, "year": int})


def _value(folder: Path, iso3: str, indicator: str) -> pd.Series | None:
    rows = _rows(folder)
    rows = rows[(rows["iso3"] == iso3) & (rows["indicator"] == indicator)]
    return None if rows.empty else rows.iloc[0]


@pytest.mark.parametrize("year", [2021, 2017])
def test_no_value_after_the_year(builds, year):
    _, out, _ = builds
    folder = out[year]
    assert _rows(folder)["year"].max() <= year
    snap = load_snapshot(folder)
    assert snap.as_of == year and snap.reference_year == year
    pairs = pd.read_csv(folder / "bilateral.csv", keep_default_na=False)
    years = pd.to_numeric(pairs["agreement_year"].replace("", float("nan")))
    assert years.dropna().max() <= year
    # the sources an origin-scoped value is dated by stand at the year too
    sources = snap.sources["year"].astype(int)
    assert sources["tzdata"] == year and sources["wto_rta"] <= year


def test_a_later_value_is_ignored(builds):
    """USA population has 2021 and 2024 rows: the current snapshot shows 2024, the 2021 vintage 2021."""
    _, out, _ = builds
    assert _value(out[None], "USA", "population")["value"] == FIXTURE["usa_population_2024"]
    v2021 = _value(out[2021], "USA", "population")
    assert v2021["value"] == FIXTURE["usa_population_2021"] and v2021["year"] == 2021
    assert _value(out[2017], "USA", "population") is None  # neither row is observable by 2017
    # internet use: 2022 in the current snapshot, 2021 in the vintage
    assert _value(out[2021], "USA", "internet_users")["value"] == FIXTURE["usa_internet_2021"]
    # Eurostat: 2024 now, 2020 as of 2021
    assert _value(out[2021], "DEU", "eu_online_buyers")["value"] == FIXTURE["deu_eu_buyers_2020"]


def test_derived_values_are_computed_from_what_was_observable(builds):
    _, out, _ = builds
    growth = _value(out[2021], "USA", "gdp_growth_6y")  # six years ending 2021: 2016..2021
    years = (*FIXTURE["usa_gdp_growth_2016_2017"], *FIXTURE["usa_gdp_growth_2018_2023"][:4])
    assert growth["year"] == 2021 and math.isclose(growth["value"], sum(years) / 6)
    # ETH's online-buying change: 2022 -> 2024 now; by 2021 only the 2017 wave exists (one wave: none)
    assert _value(out[None], "ETH", "online_buying_change")["year"] == 2024
    assert _value(out[2021], "ETH", "online_buying_change") is None


def test_findex_wave_counts_from_its_year(builds):
    """ETH's 2021-wave figures are dated 2022: not in the 2021 vintage, which keeps its 2017 wave."""
    _, out, _ = builds
    assert _value(out[None], "ETH", "credit_card")["year"] == 2022
    assert _value(out[2021], "ETH", "credit_card") is None  # no 2017 card figure in the fixture
    online = _value(out[2021], "ETH", "online_buyers")
    assert online["year"] == 2017 and online["value"] == FIXTURE["eth_online_2017"]


def test_recency_window_counts_back_from_the_year(builds):
    """DEU's only population figure is 2015: outside 2021-2025, inside 2013-2017."""
    _, out, _ = builds
    assert _value(out[None], "DEU", "population") is None
    assert _value(out[2017], "DEU", "population")["year"] == 2015
    catalog = pd.read_csv(out[2017] / "catalog.csv", keep_default_na=False).set_index("id")
    spec = next(s for s in INDICATORS if s.id == "population")
    assert int(catalog.at["population", "window_start"]) == 2017 - spec.window + 1
    # tariffs (2015-2019 only): ETH 2015 as of 2017, USA's 2018/2019 rows not yet
    assert _value(out[2017], "ETH", "tariff_applied")["year"] == 2015
    assert _value(out[2017], "USA", "tariff_applied") is None


@pytest.mark.parametrize(("year", "edition"), [(None, 2023), (2021, 2018), (2017, 2016)])
def test_lpi_edition_picked_by_year(builds, year, edition):
    _, out, _ = builds
    usa = _value(out[year], "USA", "lpi_overall")
    expected = FIXTURE["usa_lpi_2023"] if edition == 2023 else FIXTURE["usa_lpi_editions"][edition]
    assert usa["year"] == edition and usa["value"] == expected
    assert usa["source"] == ("lpi2023" if edition == 2023 else "lpi_editions")
    catalog = pd.read_csv(out[year] / "catalog.csv", keep_default_na=False).set_index("id")
    assert catalog.at["lpi_customs", "source"] == usa["source"]  # the catalog cites the edition used
    sources = pd.read_csv(out[year] / "sources.csv", keep_default_na=False).set_index("source")
    for indicator in ("lpi_customs", "tz_gap", "trade_agreement"):  # catalog.csv and sources.csv agree
        assert catalog.at[indicator, "edition"] == sources.at[catalog.at[indicator, "source"], "edition"]
    if year is not None:
        assert int(sources.at["lpi_editions", "year"]) == edition
        assert str(edition) in sources.at["lpi_editions", "edition"]
        assert ("2018" in sources.at["lpi_editions", "edition"]) == (year >= 2018)
    else:
        assert "lpi_editions" not in sources.index  # the current snapshot does not cite the old editions


def test_older_lpi_sheet_names_are_matched(builds):
    _, out, _ = builds
    assert _value(out[2021], "TUR", "lpi_overall")["value"] == 3.1  # 'Turkey' in the older sheets


@pytest.mark.parametrize("year", [2021, 2017])
def test_no_vintage_indicators_absent_and_listed_as_left_out(builds, year):
    _, out, _ = builds
    folder = out[year]
    catalog = pd.read_csv(folder / "catalog.csv", keep_default_na=False)
    assert not NO_VINTAGE & set(catalog["id"])
    assert not NO_VINTAGE & set(_rows(folder)["indicator"])
    assert not NO_VINTAGE & set(pd.read_csv(folder / "bilateral.csv", nrows=1).columns)
    snap = load_snapshot(folder)
    assert set(snap.left_out["id"]) == NO_VINTAGE
    assert snap.left_out["reason"].str.contains(f"no edition as old as {year}").all()
    assert (snap.left_out["source_year"].astype(int) > year).all()
    left_sources = set(snap.left_out["source"]) - set(catalog["source"])
    assert not left_sources & set(snap.sources.index)  # sources.csv cites only what the snapshot uses
    assert snap.about["income_groups"].endswith("FY2026")


def test_current_build_lists_nothing_left_out_and_writes_outcomes(builds):
    _, out, _ = builds
    snap = load_snapshot(out[None])
    assert snap.as_of is None and snap.left_out.empty
    assert set(snap.catalog.index) >= NO_VINTAGE
    assert (out[None] / "outcomes.csv").is_file()
    assert not (out[2021] / "outcomes.csv").exists()


def test_outcomes_measured_from_exact_years_never_filled(builds):
    _, out, _ = builds
    outcomes = load_outcomes(out[None] / "outcomes.csv").set_index(["outcome", "iso3"])
    growth = FIXTURE["usa_gdp_growth_2018_2023"]
    row = outcomes.loc[("gdp_growth_2018_2021", "USA")]
    assert math.isclose(row["value"], sum(growth[:4]) / 4) and (row["start_year"], row["end_year"]) == (2018, 2021)
    assert ("gdp_growth_2022_2024", "USA") not in outcomes.index  # 2024 is blank: no mean of fewer years
    start, end = FIXTURE["usa_internet_2017_2022"]
    assert math.isclose(outcomes.loc[("internet_use_2021_2022", "USA"), "value"], end - FIXTURE["usa_internet_2021"])
    assert math.isclose(outcomes.loc[("internet_use_2017_2021", "USA"), "value"], FIXTURE["usa_internet_2021"] - start)
    # Findex: ETH's 2021 wave is dated 2022 (46.48 %), its 2024 wave 0.69 %; 2017 -> 2021 wave likewise
    eth = outcomes.loc[("online_buying_2021_2024", "ETH")]
    assert (eth["start_year"], eth["end_year"]) == (2022, 2024) and math.isclose(eth["value"], 0.69 - 46.48)
    eth17 = outcomes.loc[("online_buying_2017_2021", "ETH")]
    assert math.isclose(eth17["value"], 46.48 - FIXTURE["eth_online_2017"]) and eth17["end_year"] == 2022
    assert ("online_buying_2021_2024", "USA") not in outcomes.index  # no 2024 wave for the USA


def test_vintage_build_is_deterministic(builds, tmp_path):
    raw, out, _ = builds
    build(raw, tmp_path, as_of=2021)
    for name in sorted(p.name for p in out[2021].iterdir()):
        assert (tmp_path / name).read_bytes() == (out[2021] / name).read_bytes(), name


@pytest.mark.parametrize("bad", [2009, 2026, 2021.0, "2021", True])
def test_bad_as_of_is_one_clear_error(builds, tmp_path, bad):
    raw, _, _ = builds
    with pytest.raises(ValueError, match="as-of must be a whole year from 2010 to 2025"):
        build(raw, tmp_path / "x", as_of=bad)
    assert not (tmp_path / "x").exists()


def _detail_years(capsys, tmp_path: Path, data_dir: Path, *extra: str) -> pd.DataFrame:
    out = tmp_path / f"rank-{len(list(tmp_path.iterdir()))}.csv"
    argv = ["rank", "--data-dir", str(data_dir), "--detail", "--min-coverage", "0", *extra, "--out", str(out)]
    code = cli.main(argv)
    assert code == 0, capsys.readouterr().err
    frame = read_exported_csv(out.read_bytes())
    return frame[[c for c in frame.columns if c.endswith("_year")]]


def test_fixture_vintage_rank_detail_shows_no_later_year(builds, capsys, tmp_path):
    _, out, _ = builds
    for extra in ((), ("--origin", "DEU")):
        years = _detail_years(capsys, tmp_path, out[2021], *extra)
        assert len(years.columns) and pd.to_numeric(years.stack()).max() <= 2021


@pytest.mark.parametrize("year", SHIPPED)
@pytest.mark.parametrize("origin", [(), ("--origin", "CHN")])
def test_shipped_vintage_rank_detail_shows_no_later_year(capsys, tmp_path, year, origin):
    frame = _detail_years(capsys, tmp_path, vintage_dir(year), "--preset", "balanced", *origin)
    assert pd.to_numeric(frame.stack()).max() <= year
    if origin:
        assert {"distance_year", "trade_agreement_year", "tz_gap_year"} <= set(frame.columns)


@pytest.mark.parametrize("year", SHIPPED)
def test_shipped_vintage_is_what_it_says(year):
    snap = load_snapshot(vintage_dir(year))
    assert snap.as_of == year
    assert snap.values["year"].max() <= year
    assert set(snap.left_out["id"]) == NO_VINTAGE and not NO_VINTAGE & set(snap.catalog.index)
    lpi = snap.values[snap.values["indicator"] == "lpi_overall"]
    edition = 2018 if year == 2021 else 2016  # the newest edition published by then, else an older one in the window
    assert lpi["year"].max() == edition and (lpi["year"] == edition).mean() > 0.9
    assert set(lpi["source"]) == {"lpi_editions"}
    assert snap.economies.equals(load_snapshot(DEFAULT_DATA_DIR).economies)  # today's names and groups


def test_indicators_command_says_what_a_vintage_left_out(capsys, tmp_path):
    out = tmp_path / "ind.csv"
    assert cli.main(["indicators", "--data-dir", str(vintage_dir(2021)), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    meta = read_exported_csv(out.read_bytes()).attrs["meta"]
    assert meta["snapshot_as_of"].startswith("2021")
    assert all(i in meta["left_out"] for i in NO_VINTAGE) and "weo_growth_2030" in err
    assert "not those of 2021" in meta["income_groups"]


@pytest.mark.skipif(not REAL_RAW.is_dir(), reason="real raw data (../shared/data/raw) not present")
def test_shipped_vintage_lpi_is_the_workbook_edition():
    """data/vintage-2021 carries the 2018 sheet's score, data/vintage-2017 the 2016 sheet's."""
    for year, sheet in ((2021, "2018"), (2017, "2016")):
        with warnings.catch_warnings():  # openpyxl: "Unknown extension is not supported"
            warnings.simplefilter("ignore", UserWarning)
            book = pd.read_excel(REAL_RAW / "lpi" / "International_LPI_from_2012_to_2023.xlsx", sheet_name=sheet)
        germany = float(book.loc[book["Country"] == "Germany", "LPI Score"].iloc[0])
        vals = load_snapshot(vintage_dir(year)).values.set_index(["iso3", "indicator"])
        assert math.isclose(vals.loc[("DEU", "lpi_overall"), "value"], germany, rel_tol=1e-12)


def test_a_vintage_is_never_refreshed(capsys, tmp_path):
    """refresh-data fetches the newest World Bank figures: on a past-year snapshot it refuses, touching nothing."""
    before = {p.name: p.read_bytes() for p in vintage_dir(2021).iterdir()}
    code = cli.main(["refresh-data", "--data-dir", str(vintage_dir(2021)), "--base-url", "http://127.0.0.1:9/v2"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "is a snapshot as of 2021" in err
    assert {p.name: p.read_bytes() for p in vintage_dir(2021).iterdir()} == before


def test_a_snapshot_holding_a_value_after_its_year_is_refused(tmp_path):
    """A hand-edited about.csv that claims an earlier year than the values is caught on load."""
    folder = tmp_path / "v"
    shutil.copytree(vintage_dir(2017), folder)
    (folder / "about.csv").write_text("key,value\nas_of,2016\nreference_year,2016\n", encoding="utf-8")
    with pytest.raises(SnapshotError, match="values dated after 2016"):
        load_snapshot(folder)
    (folder / "about.csv").write_text("key,value\nas_of,last year\n", encoding="utf-8")
    with pytest.raises(SnapshotError, match="as_of must be a year"):
        load_snapshot(folder)
