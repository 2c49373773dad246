"""The dashboard runs offline: no page makes the browser contact any host but the dashboard's server.

Every request the browser makes (documents, scripts, fonts, images, the
favicon, websockets) is recorded while every page is opened in English and
in Chinese; a single request to another host fails the test.  Pages are the
ones the app itself links to from its sidebar (followed from page to page),
so a page added to the navigation is checked without editing this file.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
INLINE_SCHEMES = frozenset({"data", "blob", "about", "chrome-error"})


def leaves_the_server(url: str) -> bool:
    """True for a URL whose host is not the local server (inline data: and blob: URLs stay in the browser)."""
    parts = urlsplit(url)
    if parts.scheme in INLINE_SCHEMES:
        return False
    return parts.hostname not in LOCAL_HOSTS


def test_the_rule_itself() -> None:
    assert not leaves_the_server("http://127.0.0.1:8501/static/media/MaterialSymbols-Rounded.woff2")
    assert not leaves_the_server("ws://localhost:8501/_stcore/stream")
    assert not leaves_the_server("data:image/svg+xml,<svg></svg>")
    assert leaves_the_server("https://fonts.example.org/s/i/materialsymbolsrounded/public/default/24px.svg")
    assert leaves_the_server("http://127.0.0.1.example.net/x")


def _settle(page) -> None:
    """Wait for the page's first heading and for streamlit to finish running the script."""
    page.wait_for_selector("h1")
    deadline = time.time() + 30
    while time.time() < deadline:
        time.sleep(0.5)
        if page.locator('[data-testid="stStatusWidget"]').count() == 0:
            return
    raise AssertionError("the app kept running for 30 s")


def _linked_paths(page) -> set[str]:
    """URL paths the sidebar links to on the page now showing (links to other hosts would fail the test anyway)."""
    links = page.locator('[data-testid="stSidebar"] a[href]')
    links.first.wait_for()
    time.sleep(1.0)  # the links arrive with the script's deltas; a page's later visit collects any missed here
    return {urlsplit(href).path or "/" for href in links.evaluate_all("els => els.map(e => e.href)")}


def _visit_every_page(page, server: str, lang: str) -> list[str]:
    """Open the home page, then every page any visited page links to, until no new page turns up."""
    queue, visited = ["/"], []
    while queue:
        path = queue.pop(0)
        visited.append(path)
        page.goto(f"{server}{path}?lang={lang}")
        _settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0, path
        queue += sorted(_linked_paths(page) - set(visited) - set(queue))
    return visited


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_request_leaves_the_server(server, browser, lang) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    page = context.new_page()
    page.on("websocket", lambda ws: seen.append(ws.url))
    page.set_default_timeout(30_000)
    try:
        paths = _visit_every_page(page, server, lang)
        favicon = page.eval_on_selector("link[rel='shortcut icon']", "e => e.href")
    finally:
        context.close()
    assert len(paths) >= 7, f"the sidebar links to fewer pages than the dashboard has: {paths}"
    assert any("/_stcore/stream" in url for url in seen), "the recorder saw no websocket: nothing was recorded"
    assert any("MaterialSymbols" in url for url in seen), "no icon font was loaded, so icons were not exercised"
    outside = sorted({url for url in seen if leaves_the_server(url)})
    assert outside == [], f"{len(outside)} request(s) left 127.0.0.1: {outside[:10]}"
    assert favicon.startswith("data:"), favicon
