"""Two scenarios side by side: what changes between my weighting and my co-founder's.

Pure: takes two `scoring.ScoreResult`s (however they were made — the current
settings, a preset, a saved scenario) and returns frames a page can chart
(slope chart of rank changes), show (rank and score in both) or export.
Reading saved scenario files is deliberately not here: that format belongs
to the scenario module, and this function should not care where a result
came from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .validation import check_scalar

__all__ = ["COMPARE_COLUMNS", "ScenarioComparison", "compare_scenarios"]

COMPARE_COLUMNS: tuple[str, ...] = (
    "name",
    "rank_a",
    "rank_b",
    "score_a",
    "score_b",
    "rank_change",
    "in_top",
    "status",
)
"""Per market (index iso3): rank and score in each scenario (<NA> / NaN where not ranked), rank_change =
rank_a − rank_b (positive: better in B), in_top (in the top `top` of either), status both | only_a | only_b."""
_SETTINGS = ("method", "normalization", "coverage_threshold", "winsorize")


@dataclass(frozen=True, eq=False)
class ScenarioComparison:
    """Rank, score, weight and setting differences between scenario A and scenario B."""

    names: tuple[str, str]
    ranks: pd.DataFrame
    """columns COMPARE_COLUMNS, every market ranked in either scenario, by rank in A then in B."""
    weights: pd.DataFrame
    """pillar, weight_a, weight_b, difference (b − a): weight shares over the union of pillars."""
    settings: pd.DataFrame
    """setting, a, b, differs: method, normalisation, coverage threshold, winsorising."""
    top: int

    @property
    def slope(self) -> pd.DataFrame:
        """The rows for a slope chart: markets in the top `top` of either scenario."""
        return self.ranks[self.ranks["in_top"]]

    @property
    def changed_pillars(self) -> list[str]:
        return [
            str(p) for p, d in zip(self.weights["pillar"], self.weights["difference"], strict=True) if abs(d) > 1e-12
        ]


def compare_scenarios(result_a, result_b, names: tuple[str, str] = ("A", "B"), top: int = 15) -> ScenarioComparison:
    """Compare two scored scenarios; `names` label them (e.g. 'mine', 'co-founder')."""
    top = check_scalar(top, "top", int, min_val=1)
    if len(names) != 2 or not all(isinstance(n, str) and n.strip() for n in names):
        raise ValueError(f"names must be two non-empty labels, got {names!r}")
    for label, r in (("first", result_a), ("second", result_b)):
        if not hasattr(r, "table") or not {"rank", "score"} <= set(r.table.columns):
            raise ValueError(f"the {label} scenario is not a scored result (it has no rank and score)")
    ta, tb = result_a.table, result_b.table
    codes = ta.index.union(tb.index, sort=False)
    rank_a = ta["rank"].reindex(codes).astype("Int64")
    rank_b = tb["rank"].reindex(codes).astype("Int64")
    name = tb["name"].reindex(codes).fillna(ta["name"].reindex(codes)) if "name" in tb.columns else pd.Series(codes)
    frame = pd.DataFrame(
        {
            "name": name.fillna(pd.Series(codes, index=codes)).astype(str),
            "rank_a": rank_a,
            "rank_b": rank_b,
            "score_a": ta["score"].reindex(codes).astype(float),
            "score_b": tb["score"].reindex(codes).astype(float),
            "rank_change": (rank_a - rank_b).astype("Int64"),
            "in_top": ((rank_a <= top).fillna(False) | (rank_b <= top).fillna(False)).astype(bool),
            "status": np.where(rank_a.isna(), "only_b", np.where(rank_b.isna(), "only_a", "both")),
        },
        index=pd.Index(codes, name="iso3"),
    )
    frame = frame.sort_values(["rank_a", "rank_b"], na_position="last", kind="mergesort")
    return ScenarioComparison(
        names=(names[0].strip(), names[1].strip()),
        ranks=frame[list(COMPARE_COLUMNS)],
        weights=_weights(result_a, result_b),
        settings=_settings(result_a, result_b),
        top=int(top),
    )


def _weights(result_a, result_b) -> pd.DataFrame:
    wa = pd.Series(getattr(result_a, "pillar_weights", pd.Series(dtype=float)), dtype=float)
    wb = pd.Series(getattr(result_b, "pillar_weights", pd.Series(dtype=float)), dtype=float)
    pillars = wa.index.union(wb.index, sort=False)
    a = wa.reindex(pillars).fillna(0.0).to_numpy()
    b = wb.reindex(pillars).fillna(0.0).to_numpy()
    return pd.DataFrame({"pillar": [str(p) for p in pillars], "weight_a": a, "weight_b": b, "difference": b - a})


def _settings(result_a, result_b) -> pd.DataFrame:
    rows = []
    for key in _SETTINGS:
        a, b = getattr(result_a, key, None), getattr(result_b, key, None)
        rows.append({"setting": key, "a": a, "b": b, "differs": a != b})
    return pd.DataFrame(rows, columns=["setting", "a", "b", "differs"])
