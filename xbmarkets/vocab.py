"""The words and limits every layer shares: tier names, method names, wave limits, languages.

They were typed out again in the tiering, the plan, the scenario reader, the
CLI and the dashboard, and a copy that drifts turns into a link the dashboard
refuses or a CLI choice the engine rejects.  This module is the one definition.
It imports nothing, so the scenario reader and the dashboard can use it without
pulling in scikit-learn (the tiering's k-means) or pandas.

Pillars are not here: they belong to the indicator catalog (`xbmarkets.catalog.PILLARS`).
"""

from __future__ import annotations

__all__ = [
    "LANGS",
    "MAX_WAVES",
    "MAX_WAVE_SIZE",
    "METHOD_NAMES",
    "PLAN_TIERS",
    "REWEIGH_METHODS",
    "TIERS",
    "UNCLASSIFIED",
]

TIERS: tuple[str, ...] = ("mature", "growth", "emerging")
"""Tier names, best-established first: the order of tables, legends and the plan's start_tier choice."""
UNCLASSIFIED = "unclassified"
"""The tier of an economy without enough data for both composites (never a guessed tier)."""
PLAN_TIERS: tuple[str, ...] = (*TIERS, UNCLASSIFIED)
"""Tier values a plan row can carry; only TIERS can be asked for as the core market's tier."""

METHOD_NAMES: tuple[str, ...] = ("wsm", "topsis", "vikor")
"""Aggregation methods the scoring pipeline knows (keys of `xbmarkets.methods.METHODS`)."""
REWEIGH_METHODS: tuple[str, ...] = ("wsm", "topsis")
"""Methods whose score is a function of the pillar scores and pillar weights alone, so weights can be
re-drawn without re-scoring: robustness (SMAA), stability intervals, what-if and plan robustness, and
the dashboard's method choice. VIKOR rescales its Q over the field per weighting."""

MAX_WAVES = 10
"""Most waves a plan may have: beyond ten the later waves are guesses about a market years away."""
MAX_WAVE_SIZE = 5
"""Most markets one later wave may add (2-3 advised): DOMAIN.md, most failures come from spreading thin."""

LANGS: tuple[str, ...] = ("en", "zh")
"""Languages of the dashboard and of the rationales' data columns."""
