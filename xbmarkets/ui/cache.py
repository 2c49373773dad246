"""Cached loaders: data is read once per process, a slider move only re-scores.

Heavy inputs (the snapshot, the decision matrix, the tiers, the world map)
depend only on the data folder and the founder's upload, never on the
weights; they are cached with `st.cache_data` keyed on exactly those inputs.
Arguments with a leading underscore are not hashed (streamlit convention);
their identity is carried by the explicit key arguments next to them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import streamlit as st

from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot

__all__ = ["data_dir", "snapshot", "matrix", "custom", "tiers", "topology", "scored", "acceptability", "WORLD_PATH"]

WORLD_PATH = Path(__file__).resolve().parents[2] / "data" / "world-110m.json"


def data_dir() -> str:
    """The snapshot folder; XBMARKETS_DATA_DIR overrides it (tests, a second snapshot)."""
    return str(os.environ.get("XBMARKETS_DATA_DIR") or DEFAULT_DATA_DIR)


@st.cache_data(show_spinner=False, max_entries=4)
def snapshot(path: str):
    return load_snapshot(path)


@st.cache_data(show_spinner=False, max_entries=16)
def custom(upload: bytes, directions: tuple[tuple[str, int], ...], known: tuple[str, ...]):
    from xbmarkets.custom import load_custom

    return load_custom(upload, directions=dict(directions) or None, known_iso3=known)


@st.cache_data(show_spinner=False, max_entries=8)
def matrix(path: str, upload: bytes | None = None, directions: tuple[tuple[str, int], ...] = ()):
    from xbmarkets.matrix import build_matrix

    snap = snapshot(path)
    extra = None
    if upload is not None:
        extra = custom(upload, directions, tuple(snap.economies.index))
    return build_matrix(snap, custom=extra)


@st.cache_data(show_spinner=False, max_entries=8)
def tiers(path: str, k: int = 3, seed: int = 0):
    """Tiers use the official data only: a founder's upload must not reshuffle them."""
    from xbmarkets.tiers import assign_tiers

    return assign_tiers(matrix(path), k=k, seed=seed)


@st.cache_data(show_spinner=False)
def topology() -> dict[str, Any]:
    from xbmarkets.charts import load_topology

    return load_topology(WORLD_PATH)


@st.cache_data(show_spinner=False, max_entries=64)
def scored(_dm, dm_key: tuple, pillar_weights: tuple, indicator_weights: tuple, method: str, coverage: float):
    """ScoreResult for one scenario; pages that share a scenario share the work."""
    from xbmarkets.scoring import score

    iw = dict(indicator_weights)
    return score(
        _dm,
        dict(pillar_weights),
        indicator_weights=iw if any(v != 1.0 for v in iw.values()) else None,
        method=method,
        coverage_threshold=coverage,
    )


@st.cache_data(show_spinner=False, max_entries=16)
def acceptability(
    _matrix, key: tuple, weights: tuple, method: str, draws: int, concentration: float | None, top_k: int, seed: int = 0
):
    from xbmarkets.robustness import rank_acceptability

    w = dict(weights)
    # Pillar scores are already normalised and benefit-oriented; the weighted sum
    # must use them as they are so the draws centre on the ranking shown, while
    # TOPSIS re-applies its own vector normalisation exactly as scoring does.
    return rank_acceptability(
        _matrix,
        w,
        {p: 1 for p in w},
        method=method,
        draws=draws,
        concentration=concentration,
        top_k=top_k,
        seed=seed,
        normalization=None if method == "wsm" else "default",
    )
