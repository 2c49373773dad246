"""The dashboard's pages and icons, each defined once (no streamlit: `dashboard.py` builds the router from it).

A page's `url_path` is the address a shared link names (`/Ranking?w_growth=…`),
so it is fixed here rather than inferred from the file name. Every icon the
dashboard shows is named in this module, so replacing the icon set is an
edit in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NavPage", "PAGES", "HOME", "APP_ICON", "WARNING_ICON", "FILTER_ICON"]


@dataclass(frozen=True)
class NavPage:
    """One page: its script, its address, its translated title and its icon."""

    file: str  # relative to dashboard.py
    url_path: str
    title_key: str  # i18n key; the router translates it into the session language
    icon: str

    @property
    def name(self) -> str:
        """The short name of the page's i18n keys (`nav.<name>`, `home.next.<name>`)."""
        return self.title_key.split(".", 1)[1]


PAGES: tuple[NavPage, ...] = (
    NavPage("pages/0_Home.py", "Home", "nav.home", ":material/home:"),
    NavPage("pages/1_Ranking.py", "Ranking", "nav.ranking", ":material/leaderboard:"),
    NavPage("pages/2_Tiers_and_plan.py", "Tiers_and_plan", "nav.tiers", ":material/route:"),
    NavPage("pages/3_Compare.py", "Compare", "nav.compare", ":material/compare_arrows:"),
    NavPage("pages/4_Robustness.py", "Robustness", "nav.robustness", ":material/casino:"),
    NavPage("pages/5_Map.py", "Map", "nav.map", ":material/public:"),
    NavPage("pages/6_Data.py", "Data", "nav.data", ":material/dataset:"),
    NavPage("pages/7_Backtest.py", "Backtest", "nav.backtest", ":material/history:"),
)
HOME = PAGES[0]  # the default page: the bare address opens it
APP_ICON = "🌐"
"""The browser tab's icon (favicon): an emoji, never a ``:material/…:`` name.

Streamlit draws a ``:material/name:`` icon *inside* the page with the Material
Symbols font it ships and serves itself, so page links, alerts and buttons may
use them freely: the browser asks only the dashboard's own server.  A favicon is
different: Streamlit 1.67's frontend turns a ``:material/…:`` favicon into an
image URL on an external font host (every page view told a third party that
someone opened the tool, and offline the tab had no icon); an emoji favicon is
inlined as a ``data:`` URL.  Under ``st.navigation`` the current page's icon
becomes the favicon unless ``st.set_page_config(page_icon=APP_ICON)`` runs first
(`ui.frame` does).  tests/browser/test_offline.py fails on any request that
leaves the server."""
WARNING_ICON = ":material/warning:"  # the fallback and stale-upload notices
FILTER_ICON = ":material/filter_alt:"  # "your own data limits the ranking" on Ranking
