"""Re-weighting a scored scenario: the shared ground of the decision-stability tools.

Stability intervals, "what would it take" and plan robustness all ask the
same thing — what happens to the ranking if only the pillar weights move —
so they all work on the pillar-score matrix of a `scoring.ScoreResult`
(economies kept in the ranking × pillars with weight).  Pillar scores do not
depend on the pillar weights (normalisation is per indicator, and a pillar
score is a mean within the pillar), so re-aggregating that matrix is exactly
what a full re-score gives — *as long as the ranked field does not change*.
The field can change, because an economy's coverage is measured on the
effective indicator weights: `rescore` re-runs the whole pipeline so that
answers which are about to be shown to a founder can be checked end to end.

Ranks follow `scoring`'s rule everywhere: higher score first, scores equal
to 12 decimals tie, ties go to the alphabetically first ISO3 code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .robustness import _topsis_chunk, _topsis_parts
from .vocab import REWEIGH_METHODS

__all__ = [
    "MIN_SHARE",
    "REWEIGH_METHODS",
    "PillarProblem",
    "excluded_pillar_coverage",
    "make_problem",
    "pillar_problem",
    "rescore",
]

# REWEIGH_METHODS (defined in vocab, re-exported here): methods whose score is a function of the
# pillar-score matrix and the pillar weights alone, as here. VIKOR is left out for the same reason as in
# `robustness`: its Q is rescaled over the field per weighting, and no founder-facing wording of its
# intervals has been worked out.
_RANK_DECIMALS = 12


@dataclass(frozen=True, eq=False)
class PillarProblem:
    """The pillar-score matrix of a scenario, ready for many re-weightings at once."""

    codes: np.ndarray
    """ISO3 of the ranked economies, in the scenario's rank order (row i of `scores`)."""
    names: np.ndarray
    """display names, aligned with `codes`."""
    pillars: tuple[str, ...]
    """pillars with weight > 0, in the scenario's order (column j of `scores`)."""
    scores: np.ndarray
    """economies × pillars, the pillar scores (no NaN: scoring guarantees it)."""
    weights: np.ndarray
    """the scenario's pillar weight shares over `pillars` (sum 1, all > 0)."""
    method: str
    alpha_rank: np.ndarray
    """position of each code in alphabetical order: the tie-break."""
    _plus: np.ndarray | None = None
    _minus: np.ndarray | None = None

    @property
    def n(self) -> int:
        return int(self.scores.shape[0])

    def index_of(self, iso3: str) -> int:
        hits = np.flatnonzero(self.codes == iso3)
        if not len(hits):
            raise ValueError(f"{iso3} is not in the ranking")
        return int(hits[0])

    def batch_scores(self, weights: np.ndarray) -> np.ndarray:
        """Scores of every economy under each row of `weights` (draws × pillars, rows summing to 1)."""
        w = np.atleast_2d(np.asarray(weights, dtype=float))
        if self.method == "wsm":
            return w @ self.scores.T
        assert self._plus is not None and self._minus is not None
        return _topsis_chunk(self._plus, self._minus, w)

    def order(self, scores: np.ndarray) -> np.ndarray:
        """Row-wise economy indices best first, with scoring's tie-break (rounded score, then ISO3).

        Rounded score and ISO3 position are packed into one exact float key
        (rint(s·10¹²)·2^b + alphabetical position, below 2⁵³), so a single
        plain argsort applies the whole rule: 4× faster than a stable sort on
        permuted columns, which stays as the fallback for scores too large to pack.
        """
        s = np.atleast_2d(scores)
        scale = float(1 << max(int(self.n - 1).bit_length(), 1))
        q = np.rint(s * 10.0**_RANK_DECIMALS)
        if np.abs(q).max(initial=0.0) * scale < 2.0**52:
            return np.argsort(self.alpha_rank[None, :] - q * scale, axis=1)
        by_alpha = np.argsort(self.alpha_rank)  # column order that makes a stable sort break ties by ISO3
        return by_alpha[np.argsort(-q[:, by_alpha], axis=1, kind="stable")]

    def rank_of(self, scores: np.ndarray, i: int) -> np.ndarray:
        """Rank (1 = best) of economy `i` under each row of `scores`, without sorting the rows."""
        s = np.round(np.atleast_2d(scores), _RANK_DECIMALS)
        mine = s[:, [i]]
        ahead = (s > mine) | ((s == mine) & (self.alpha_rank < self.alpha_rank[i])[None, :])
        return 1 + ahead.sum(axis=1)


def pillar_problem(result) -> PillarProblem:
    """The re-weighting problem of a `ScoreResult`; ValueError for a method or scenario it cannot vary."""
    method = str(getattr(result, "method", ""))
    if method not in REWEIGH_METHODS:
        raise ValueError(f"this is available for the weighted sum and TOPSIS, not {method!r}")
    pillars = [p for p in result.pillars if float(result.pillar_weights.get(p, 0.0)) > 0]
    if not pillars:
        raise ValueError("no pillar has a weight above 0 — there is nothing to vary")
    table = result.table
    scores = table[pillars].to_numpy(dtype=float)
    if not np.isfinite(scores).all():
        raise ValueError("the ranking has missing pillar scores; re-score it before varying the weights")
    w = np.array([float(result.pillar_weights[p]) for p in pillars])
    codes = table.index.to_numpy(dtype=object).astype(str)
    names = (table["name"] if "name" in table.columns else pd.Series(codes, index=table.index)).to_numpy(dtype=object)
    return make_problem(codes, names, tuple(pillars), scores, w / w.sum(), method)


def make_problem(
    codes: np.ndarray, names: np.ndarray, pillars: tuple[str, ...], scores: np.ndarray, weights: np.ndarray, method: str
) -> PillarProblem:
    """A PillarProblem from its parts (the tie-break order and TOPSIS's unweighted gaps are derived here)."""
    codes = np.asarray(codes, dtype=object).astype(str)
    alpha = np.empty(len(codes), dtype=np.int64)
    alpha[np.argsort(codes, kind="stable")] = np.arange(len(codes))
    plus = minus = None
    if method == "topsis":
        # the same vector normalisation `scoring` applies to the pillar-score matrix
        norm = np.sqrt(np.einsum("ij,ij->j", scores, scores))
        scale = np.divide(1.0, norm, out=np.zeros_like(norm), where=norm > 0)
        plus, minus = _topsis_parts(scores, scale, np.zeros(scores.shape, dtype=bool))
    return PillarProblem(
        codes=codes,
        names=np.array([str(x) for x in names], dtype=object),
        pillars=tuple(pillars),
        scores=np.asarray(scores, dtype=float),
        weights=np.asarray(weights, dtype=float),
        method=method,
        alpha_rank=alpha,
        _plus=plus,
        _minus=minus,
    )


def rescore(dm, result, pillar_weights: Mapping[str, float]):
    """The scenario re-scored end to end with new pillar weights and every other setting unchanged.

    Used to verify an answer before it is shown: it re-decides coverage and
    the normalisation field, which the fast pillar-matrix algebra keeps fixed.
    """
    from .scoring import score

    within = _within_pillar_weights(dm, result)
    return score(
        dm,
        dict(pillar_weights),
        indicator_weights=within,
        method=str(result.method),
        normalization=str(result.normalization),
        coverage_threshold=float(result.coverage_threshold),
        winsorize=bool(result.winsorize),
    )


def _within_pillar_weights(dm, result) -> dict[str, float]:
    """Relative indicator weights within each pillar, as the scenario used them (1 where it cannot tell)."""
    pw = result.pillar_weights
    eff = result.indicator_weights
    out: dict[str, float] = {}
    for ind in dm.criteria.index:
        pillar = str(dm.criteria.at[ind, "pillar"])
        p_w = float(pw.get(pillar, 0.0))
        if p_w > 0 and ind in eff.index:
            out[str(ind)] = float(eff[ind]) / p_w
        else:
            out[str(ind)] = 1.0
    return out


MIN_SHARE = 1e-3
"""Smallest share a weighted pillar keeps in a re-weighting: at 0 it would stop being weighted, which changes
which markets are ranked (those without data in it become eligible) and drops its column."""


def excluded_pillar_coverage(dm, result, pp: PillarProblem) -> np.ndarray:
    """Per excluded economy and weighted pillar: the share of the pillar's indicator weight it has data for."""
    from .scoring import _transform

    codes = [str(c) for c in result.excluded["iso3"]]
    inds = [str(c) for c in result.indicator_weights.index if float(result.indicator_weights[c]) > 0]
    crit = dm.criteria.loc[inds]
    x, _ = _transform(
        dm.values.loc[codes, inds].to_numpy(dtype=float), crit["transform"].astype(str).to_numpy(dtype=object)
    )
    present = ~np.isnan(x)
    out = np.zeros((len(codes), len(pp.pillars)))
    for j, p in enumerate(pp.pillars):
        member = (crit["pillar"].astype(str) == p).to_numpy()
        share = result.indicator_weights.reindex(inds).to_numpy(dtype=float) * member / float(pp.weights[j])
        out[:, j] = present.astype(float) @ share / share.sum() if share.sum() > 0 else 0.0
    return out
