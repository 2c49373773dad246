"""The dashboard's favicon, and the rule that keeps every icon offline.

Streamlit draws a ``:material/name:`` icon *inside* the page with the Material
Symbols font it ships and serves itself (``static/media/MaterialSymbols-*.woff2``),
so page links, alerts and buttons may use them freely: the browser asks only
the dashboard's own server.

A *favicon* is different.  Streamlit 1.67's frontend turns a ``:material/…:``
favicon into an image URL on an external font host, so every page view told
a third party that someone opened the tool, and showed no icon offline.  An
emoji favicon is inlined by Streamlit as a ``data:`` URL, so `FAVICON` is an
emoji.  Under ``st.navigation`` the same holds for ``st.Page(icon=...)``: the
frontend uses the current page's icon as the favicon unless
``st.set_page_config(page_icon=FAVICON)`` ran first in the script.
tests/browser/test_offline.py fails on any request that leaves the server.
"""

from __future__ import annotations

__all__ = ["FAVICON"]

FAVICON = "🌐"
"""Globe with meridians: the same picture as the Material "public" icon it replaces."""
