"""xbmarkets dashboard (`streamlit run dashboard.py`): the router, and the frame every page shares.

Each run: the navigation (page titles in the session language), then the
shared frame, built once (page config, data, the scenario from the session
or the link, the shared sidebar, notices), then the page the address names.
Pages live in `pages/`, are listed with their addresses and icons in
`xbmarkets.ui.nav.PAGES`, and take the frame with `frame.current()`.
"""

from __future__ import annotations

from xbmarkets.ui import router

router.run()
