"""xbmarkets: market selection for cross-border e-commerce founders.

The public API is the decision engine; the dashboard and the CLI are thin
layers over it.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["weighted_sum", "topsis", "vikor", "rank_acceptability", "__version__"]


def __getattr__(name: str):
    # Lazy so that `python -m xbmarkets build-data` does not import the engine.
    if name in ("weighted_sum", "topsis", "vikor"):
        from . import methods

        return getattr(methods, name)
    if name == "rank_acceptability":
        from .robustness import rank_acceptability

        return rank_acceptability
    raise AttributeError(f"module 'xbmarkets' has no attribute {name!r}")
