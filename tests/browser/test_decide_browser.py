"""Decisions in a real browser: the Robustness page's stability intervals, then a what-if applied on Ranking.

One founder's path, in one session: read how far each weight can move,
ask what it would take for Canada to reach the top 3, apply those weights,
and see the sliders, the address bar and the Robustness sentences follow.
"""

from __future__ import annotations

import re
import time

import pytest

pytestmark = pytest.mark.browser


def wait_idle(page, settle: float = 0.4) -> None:
    """Wait until streamlit has finished the current run (no 'Running…' status widget)."""
    page.wait_for_selector('[data-testid="stApp"]')
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(settle)
        if page.locator('[data-testid="stStatusWidget"]').count() == 0:
            return
    raise AssertionError("the app kept running for 60 s")


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def sentence(page, pillar: str) -> str:
    """The stability sentence of one pillar as the page shows it."""
    item = page.locator("li").filter(has_text=re.compile(rf"stays first while {pillar} is"))
    item.first.wait_for()
    return item.first.inner_text()


def test_read_the_intervals_then_apply_a_what_if(server, page):
    page.goto(f"{server}/Robustness?lang=en")
    page.wait_for_selector("h1")
    wait_idle(page)
    no_exception(page)
    page.get_by_role("heading", name="How far can each weight move?").wait_for()  # drawn by the page's fragment
    assert "(now 14 %)" in sentence(page, "growth")  # seven pillars, equal weights

    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Ranking").click()
    page.wait_for_selector("h1:has-text('Market ranking')")
    wait_idle(page)
    pick = page.locator('[data-testid="stSelectbox"]').filter(has_text="Country").last
    pick.click()
    page.keyboard.type("Canada")
    page.keyboard.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Find the nearest weights").click()
    page.get_by_text("The nearest weights that put Canada").wait_for()
    wait_idle(page)
    page.get_by_role("button", name="Apply these weights").click()
    page.get_by_text("Weights applied: Canada now ranks").wait_for()
    wait_idle(page)
    no_exception(page)

    growth = page.get_by_role("slider", name="Growth")
    moved = int(growth.input_value())
    assert moved != 50
    assert f"w_growth={moved}" in page.url and "preset=" in page.url

    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Robustness").click()
    page.wait_for_selector("h1:has-text('How robust is the ranking?')")
    wait_idle(page)
    no_exception(page)
    assert "(now 14 %)" not in sentence(page, "growth")  # the intervals are those of the applied weights
