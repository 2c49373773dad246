"""One run of the dashboard: the navigation, then the shared frame, then the page the address names.

`dashboard.py` only calls `run`. It lives here rather than in the entry
script so that a page started without it can still be routed (see
`frame.current`).
"""

from __future__ import annotations

import sys

import streamlit as st

from xbmarkets.ui import frame, nav, session
from xbmarkets.ui.i18n import translate

__all__ = ["pages", "run", "GIL_SWITCH_S"]

# Streamlit runs every session's script in its own thread and sends their messages from one event-loop
# thread. A rerun is CPU-bound Python; at CPython's default 5 ms switch interval a Ranking rerun's
# messages reached the browser in bursts while the script ran (issue 12, recorded in Chromium). A
# shorter interval gives the sender the GIL sooner; the measured gain was small (p50 692 -> 634 ms in
# one pair of runs), the cost nil. Set once, when the dashboard first imports this module.
GIL_SWITCH_S = 0.0005
sys.setswitchinterval(GIL_SWITCH_S)


def pages(lang: str) -> list:
    """`nav.PAGES` as `st.Page`s titled in `lang`; each keeps its fixed address so old links still open it."""
    return [
        st.Page(p.file, title=translate(p.title_key, lang), icon=p.icon, url_path=p.url_path, default=p == nav.HOME)
        for p in nav.PAGES
    ]


def run() -> None:
    """Navigation (titles in the session language), the frame built once, then the selected page.

    The tab icon is set before `st.navigation`: otherwise the frontend takes the page's Material icon
    as the favicon and fetches it from an external font host (see `nav.APP_ICON`)."""
    st.set_page_config(page_icon=nav.APP_ICON, layout="wide")
    page = st.navigation(pages(session.lang()))
    try:
        frame.build(page.title)
        page.run()
    finally:
        frame.release()  # however the run ended: a page must never see an earlier run's frame
