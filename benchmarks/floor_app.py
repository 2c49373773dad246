"""The framework's floor for bench_browser.py: one slider and a table the size of the Ranking page's.

Whatever this page takes from a key press on its slider to new rows in its
table is Streamlit's and the browser's own cost on this machine at this
moment; the dashboard's figures are read as ratios to it.  The table is
synthetic (seeded random numbers, labelled as such), not data: it only has
the Ranking table's shape -- about 180 rows, 11 columns of the same kinds
(rank, two short texts, a tier, a score, five 0..1 bars, a coverage share).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

ROWS = 180
BARS = ("a", "b", "c", "d", "e")


@st.cache_data(show_spinner=False)
def base() -> pd.DataFrame:
    """A fixed synthetic table (seed 0): built once per process, as the dashboard's data is."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.random((ROWS, len(BARS))), columns=list(BARS))
    frame.insert(0, "code", [f"R{i:03d}" for i in range(ROWS)])
    frame.insert(1, "name", [f"synthetic row {i}" for i in range(ROWS)])
    frame.insert(2, "group", rng.choice(["one", "two", "three"], ROWS))
    frame["coverage"] = rng.uniform(0.5, 1.0, ROWS)
    return frame


st.set_page_config(page_title="bench floor", layout="wide")
st.title("Floor: one slider, one table")
w = st.slider("Weight", 0, 100, 50, key="w") / 100
df = base()
score = w * df["a"] + (1 - w) * df[list(BARS[1:])].mean(axis=1)
out = df.assign(score=score).sort_values("score", ascending=False, kind="stable")
out.insert(0, "rank", np.arange(1, ROWS + 1))
out = out[["rank", "code", "name", "group", "score", *BARS, "coverage"]]
st.dataframe(
    out,
    hide_index=True,
    width="stretch",
    height=560,
    column_config={
        "score": st.column_config.NumberColumn(format="%.3f"),
        "coverage": st.column_config.NumberColumn(format="percent"),
        **{b: st.column_config.ProgressColumn(b, min_value=0.0, max_value=1.0, format="%.2f") for b in BARS},
    },
)
