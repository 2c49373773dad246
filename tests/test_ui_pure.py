"""The pure half of the UI never touches streamlit, so the CLI and tests can use it without a session.

`xbmarkets.scenario` (the scenario model), `ui.views` (frames), `ui.labels`
(words), `ui.nav` (the page table), `ui.reasons` and `ui.markdown` hold no
streamlit import at all, not even inside a function; the session half
(`ui.session`, `ui.frame`, `ui.controls`, `ui.results`, `ui.router`) is the
only place that reads `st.session_state`.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE = [
    "xbmarkets/scenario.py",
    "xbmarkets/ui/views.py",
    "xbmarkets/ui/labels.py",
    "xbmarkets/ui/nav.py",
    "xbmarkets/ui/reasons.py",
    "xbmarkets/ui/markdown.py",
    "xbmarkets/ui/backtest_view.py",
]


def imported_modules(path: Path) -> set[str]:
    """Every module named by an import statement anywhere in the file (functions included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", PURE)
def test_no_streamlit_import_anywhere_in_a_pure_module(path):
    names = imported_modules(ROOT / path)
    assert names, "the scan found no imports: the walk is broken"
    assert not [n for n in names if n == "streamlit" or n.startswith("streamlit.")]


def test_the_scan_sees_a_streamlit_import_inside_a_function():
    # the session half imports streamlit; if the scan missed it, the test above would prove nothing
    assert "streamlit" in imported_modules(ROOT / "xbmarkets/ui/session.py")
    assert "streamlit" in imported_modules(ROOT / "xbmarkets/ui/i18n.py")  # inside current_lang()


def test_using_the_pure_modules_loads_no_streamlit():
    """Import and call them in a fresh interpreter: nothing they pull in may load streamlit."""
    code = """
import sys
import pandas as pd
from xbmarkets import scenario
from xbmarkets.ui import backtest_view, labels, markdown, nav, reasons, views
from xbmarkets.snapshot import load_snapshot
from xbmarkets.matrix import build_matrix

dm = build_matrix(load_snapshot())
choices = scenario.choices_for(dm)
scen, problems = scenario.from_json(scenario.to_json(scenario.defaults(choices), choices), choices)
assert problems == [] and scen["preset"] == "balanced"
views.translate_columns(pd.DataFrame(columns=["rank", "growth"]), "zh")
views.map_options(("growth",), tuple(dm.criteria.index), True)
labels.problem_notice([scenario.Problem("x", "1", "unknown_key")], "zh")
assert nav.PAGES[0] is nav.HOME
assert backtest_view.backtest_years("data") == [2017, 2021]
loaded = sorted(m for m in sys.modules if m == "streamlit" or m.startswith("streamlit."))
assert not loaded, loaded
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"
