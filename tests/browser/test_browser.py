"""The dashboard in a real browser: shared links, the navigation, every page, a slider re-ranking, the CSV and
Excel downloads, the map."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from xbmarkets.export import read_exported_csv, read_exported_xlsx
from xbmarkets.ui.i18n import translate
from xbmarkets.ui.nav import PAGES as NAV

pytestmark = pytest.mark.browser

PAGES = ["", "Ranking", "Tiers_and_plan", "Compare", "Robustness", "Map", "Data", "Backtest"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def wait_idle(page, settle: float = 0.3) -> None:
    """Wait until streamlit has finished the current run (no 'Running…' status widget)."""
    page.wait_for_selector('[data-testid="stApp"]')
    deadline = time.time() + 30
    while time.time() < deadline:
        time.sleep(settle)
        if page.locator('[data-testid="stStatusWidget"]').count() == 0:
            return
    raise AssertionError("the app kept running for 30 s")


def wait_for_url(page, *parts: str, timeout: float = 30) -> None:
    """Poll until the address holds every part: the app writes the link after its rerun, which a loaded
    machine may delay well past the key press."""
    deadline = time.time() + timeout
    while not all(p in page.url for p in parts) and time.time() < deadline:
        time.sleep(0.2)
    assert all(p in page.url for p in parts), (parts, page.url)


def open_page(page, base: str, name: str, lang: str = "en") -> None:
    page.goto(f"{base}/{name}?lang={lang}")
    page.wait_for_selector("h1")
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def visible_rows(page) -> list[list[str]]:
    """Rows of the ranking grid as rendered (glide-data-grid's accessible cells, id glide-cell-<col>-<row>)."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    cells = grid.locator('[role="gridcell"]')
    cells.first.wait_for(state="attached")  # the accessible layer is present but visually hidden
    found = cells.evaluate_all("els => els.map(e => [e.getAttribute('data-testid'), e.innerText])")
    table: dict[int, dict[int, str]] = {}
    for testid, text in found:
        _, _, col, row = testid.split("-")
        table.setdefault(int(row), {})[int(col)] = text
    return [[cols[c] for c in sorted(cols)] for _, cols in sorted(table.items())]


def rows_after_a_rerank(page, before: list[list[str]], timeout: float = 20) -> list[list[str]]:
    """The grid's rows once its order of countries differs from `before` (or as they are after `timeout` s)."""
    deadline = time.time() + timeout
    after = visible_rows(page)
    while [r[1] for r in after] == [r[1] for r in before] and time.time() < deadline:
        time.sleep(0.5)
        after = visible_rows(page)
    return after


def nav_links(page) -> dict[str, str]:
    """The sidebar navigation as drawn: link text -> address path."""
    links = page.locator('[data-testid="stSidebarNav"] a')
    links.first.wait_for()
    found = links.evaluate_all("els => els.map(e => [e.innerText.trim(), new URL(e.href).pathname])")
    return {text.split("\n")[-1].strip(): path for text, path in found}


def test_a_shared_link_opens_its_page_with_its_scenario(server, page):
    """First in this module on purpose: the server's very first run is this link, not Home.

    Streamlit still runs a `pages/` file directly on a server's first run,
    before any run has called `st.navigation`; the page must hand over to the
    router and show the link's page, language and weights.
    """
    page.goto(f"{server}/Ranking?w_logistics=100&w_growth=0&lang=zh")
    page.wait_for_selector("h1")
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").first.inner_text().strip() == translate("rank.title", "zh")
    logistics = page.get_by_role("slider", name=translate("pillar.logistics", "zh"))
    assert logistics.input_value() == "100"
    assert page.get_by_role("slider", name=translate("pillar.growth", "zh")).input_value() == "0"
    # the navigation is the router's: every page, titled in the link's language, at its fixed address
    links = nav_links(page)
    assert links == {translate(p.title_key, "zh"): "/" + ("" if p is NAV[0] else p.url_path) for p in NAV}
    assert "w_logistics=100" in page.url and "lang=zh" in page.url


def test_settings_survive_a_page_switch_through_the_navigation(server, page):
    open_page(page, server, "Ranking")
    slider = page.get_by_role("slider", name="Logistics")
    slider.focus()
    page.keyboard.press("End")
    wait_idle(page)
    wait_for_url(page, "w_logistics=100")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Map").click()
    page.wait_for_url(re.compile(r"/Map\b"))
    wait_idle(page)
    assert page.locator("h1").first.inner_text().strip() == translate("map.title", "en")
    deadline = time.time() + 10
    while "w_logistics=100" not in page.url and time.time() < deadline:  # the router writes the link back
        time.sleep(0.2)
    assert "w_logistics=100" in page.url
    page.locator('[data-testid="stSidebarNav"] a', has_text="Ranking").click()
    page.wait_for_url(re.compile(r"/Ranking\b"))
    wait_idle(page)
    assert page.get_by_role("slider", name="Logistics").input_value() == "100"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_opens_without_an_error(server, page, lang):
    for name in PAGES:
        open_page(page, server, name, lang)
        title = page.locator("h1").first.inner_text()
        assert title.strip()
        if lang == "zh":
            assert CJK.search(title), f"{name or 'Home'} title not translated: {title!r}"
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0, name


def test_slider_reranks_and_the_csv_matches_the_table(server, page):
    open_page(page, server, "Ranking")
    before = visible_rows(page)
    assert before and before[0][0] == "1"
    # weight only logistics: Home on every other pillar, End on logistics (keyboard, as a user would)
    for label in ("Size", "Growth", "Competition", "Payments", "Regulation", "Fit"):
        slider = page.get_by_role("slider", name=label)
        slider.focus()
        page.keyboard.press("Home")
        wait_idle(page)
        wait_for_url(page, f"w_{label.lower()}=0")  # one rerun at a time: a press during a rerun can be lost
    slider = page.get_by_role("slider", name="Logistics")
    slider.focus()
    page.keyboard.press("End")
    wait_idle(page)
    wait_for_url(page, "w_logistics=100")
    after = rows_after_a_rerank(page, before)
    assert [r[1] for r in after] != [r[1] for r in before], "the table did not re-rank"
    assert "w_logistics=100" in page.url and "w_growth=0" in page.url  # mirrored in the link
    # the sliders rerun as a fragment, the sidebar's Save button is not redrawn: it must still save them
    page.locator('[data-testid="stSidebar"] summary', has_text="Scenario").click()
    with page.expect_download() as saved:
        page.get_by_role("button", name="Save scenario (JSON)").click()
    scenario = json.loads(Path(saved.value.path()).read_bytes())
    assert (scenario["w_logistics"], scenario["w_growth"], scenario["w_payments"]) == (100, 0, 0)

    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    data = Path(info.value.path()).read_bytes()
    csv = read_exported_csv(data)
    assert csv.attrs["meta"]["pillar_weights"] == "logistics=1.000"
    shown = page.get_by_text(re.compile(r"^\d+ of \d+ ranked markets shown")).inner_text()
    assert len(csv) == int(shown.split()[0])
    # pillars with no weight are not scored, so the table (and the file) show only the logistics pillar
    assert list(csv.columns) == ["Rank", "ISO3", "Country", "Score", "Tier", "Logistics", "Coverage"]
    assert len(after[0]) == len(csv.columns)
    for row, (_, rec) in zip(after, csv.iterrows(), strict=False):  # the grid draws only the rows in view
        assert [row[0], row[1], row[2]] == [str(rec["Rank"]), rec["ISO3"], rec["Country"]]
        assert float(row[3]) == pytest.approx(float(rec["Score"]), abs=5e-4)


def test_a_direction_flip_in_the_weights_fragment_reruns_the_whole_page(server, page):
    """The weights rerun as a fragment (issue 12); a direction changes the matrix every page uses, so the
    whole app must rerun (`frame.refresh`): the table re-ranks and the page names the reversed indicator."""
    open_page(page, server, "Ranking")
    before = visible_rows(page)
    page.get_by_text(translate("rank.ind_weights", "en"), exact=True).click()
    wait_idle(page)
    first = page.locator('[data-testid="stRadio"]', has_text=translate("rank.direction", "en")).first
    first.get_by_text(translate("dir.lower_is_better", "en"), exact=True).click()
    wait_idle(page)
    flipped = page.get_by_text(re.compile("^" + re.escape(translate("rank.flipped", "en").split("{")[0])))
    flipped.wait_for(timeout=30_000)
    wait_for_url(page, "dir_")
    after = rows_after_a_rerank(page, before)
    assert [r[1] for r in after] != [r[1] for r in before], "the flipped direction did not re-rank the table"


def test_the_excel_download_is_the_same_table_in_a_workbook(server, page):
    """The workbook is built on click (a deferred download): the real server must hand it over."""
    open_page(page, server, "Ranking")
    with page.expect_download() as csv_info:
        page.get_by_role("button", name="Download CSV").click()
    with page.expect_download() as xlsx_info:
        page.get_by_role("button", name="Download Excel").click()
    assert xlsx_info.value.suggested_filename == "xbmarkets-ranking.xlsx"
    csv = read_exported_csv(Path(csv_info.value.path()).read_bytes())
    book = read_exported_xlsx(Path(xlsx_info.value.path()).read_bytes())
    assert list(book.columns) == list(csv.columns)
    assert book["ISO3"].tolist() == csv["ISO3"].tolist()
    assert book["Score"].astype(float).tolist() == csv["Score"].tolist()
    assert book.attrs["meta"] == csv.attrs["meta"]


def test_the_map_draws_the_country_shapes(server, page):
    open_page(page, server, "Map")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for()
    deadline = time.time() + 20
    shapes = {}
    while time.time() < deadline:
        # Vega draws either SVG paths (one per country) or a canvas; count what was drawn
        shapes = page.evaluate(
            """() => {
                const root = document.querySelector('[data-testid="stVegaLiteChart"]');
                const paths = [...root.querySelectorAll('svg path')];
                const fills = paths.map(p => (p.getAttribute('fill') || '').toLowerCase());
                const grey = fills.filter(f => f === '#d9d9d9').length;
                let canvas = 0;
                const c = root.querySelector('canvas');
                if (c) {
                    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    for (let i = 0; i < d.length; i += 16) {
                        if (d[i + 3] > 0 && !(d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245)) canvas++;
                    }
                }
                return {paths: paths.length, grey: grey, coloured: paths.length - grey, canvas: canvas};
            }"""
        )
        if shapes["paths"] > 300 or shapes["canvas"] > 5000:
            break
        time.sleep(0.5)
    if shapes["canvas"] <= 5000:
        # ~175 grey base shapes plus one coloured shape per economy with a score
        assert shapes["grey"] >= 150, shapes
        assert shapes["coloured"] >= 120, shapes  # the ranked economies with a shape (136 by default)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ship_from_leaves_home_out_and_goes_into_the_link(server, page, lang):
    """The sidebar's "Ship from" picker, as a founder uses it: China leaves the table, the link keeps it."""
    open_page(page, server, "Ranking", lang)
    before = [r[1] for r in visible_rows(page)]
    picker = page.get_by_role("combobox", name=translate("origin.label", lang))
    picker.click()
    page.keyboard.type("(CHN)")  # the list is long and virtual: filter it as a founder would
    page.get_by_role("option", name=re.compile(r"\(CHN\)")).first.click()
    wait_idle(page)
    deadline = time.time() + 30
    after = [r[1] for r in visible_rows(page)]
    while ("origin=CHN" not in page.url or after == before) and time.time() < deadline:
        time.sleep(0.5)
        after = [r[1] for r in visible_rows(page)]
    assert "origin=CHN" in page.url
    assert after != before and "CHN" not in after
    fit_header = translate("pillar.fit", lang)
    assert page.get_by_role("columnheader", name=fit_header).count() >= 1 or fit_header in page.content()
    # the same link in a fresh tab opens from China again
    fresh = page.context.new_page()
    fresh.goto(page.url)
    fresh.wait_for_selector("h1")
    wait_idle(fresh)
    assert "CHN" not in [r[1] for r in visible_rows(fresh)]
    fresh.close()


def _first_metric(page) -> str:
    value = page.locator('[data-testid="stMetricValue"]').first
    value.wait_for()
    return value.inner_text().strip()


def _wait_first_metric(page, want: str, timeout: float = 30) -> str:
    """The first metric once it reads `want` (or what it reads at the deadline): the page draws in steps."""
    deadline = time.time() + timeout
    while (got := _first_metric(page)) != want and time.time() < deadline:
        time.sleep(0.5)
    return got


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_backtest_switches_the_year_and_shows_that_years_rho(server, page, lang):
    """The founder picks 2017 instead of 2021: ρ, the verdict and the title of the scatter follow."""
    from xbmarkets.backtest import run_backtest
    from xbmarkets.matrix import build_matrix
    from xbmarkets.outcomes import load_outcomes
    from xbmarkets.scoring import score
    from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot, vintage_dir

    def rho(year: int) -> str:  # the default scenario (balanced: equal weights) by the engine itself
        dm = build_matrix(load_snapshot(vintage_dir(year)))
        result = score(dm, {p: 1.0 for p in set(dm.criteria["pillar"])})
        bt = run_backtest(result, load_outcomes(DEFAULT_DATA_DIR / "outcomes.csv"), year)
        return f"{bt.verdicts['score'].rho:+.2f}"

    then, earlier = rho(2021), rho(2017)
    assert then != earlier
    open_page(page, server, "Backtest", lang)
    assert page.locator("h1").first.inner_text().strip() == translate("bt.title", lang)
    assert _wait_first_metric(page, then) == then
    page.locator('[data-testid="stRadio"] label', has_text="2017").click()
    wait_idle(page)
    assert _wait_first_metric(page, earlier) == earlier
    verdict = translate("bt.verdict", lang, verdict="").replace("**", "").strip()
    assert page.get_by_text(verdict, exact=False).count() >= 1
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
