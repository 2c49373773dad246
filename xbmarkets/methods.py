"""Aggregation methods: weighted sum, TOPSIS and VIKOR over a decision matrix.

Rows are alternatives (economies), columns criteria. Every method returns a
Series indexed like the matrix where higher = better, so the caller can rank
any of them the same way.

Missing values: an alternative is scored on the criteria it has, with the
weights re-spread over those criteria; statistics of a column (min, max, norm,
ideal and anti-ideal) come from the values present. An alternative with no
value on any positively weighted criterion gets a NaN score — it cannot be
ranked, and it is the caller's job to list it as excluded, not ours to guess.

Weights are any non-negative numbers (normalised to sum 1 inside);
directions are +1 (benefit) or -1 (cost). `normalization=None` means the
matrix is already normalised (weighted sum: already benefit-oriented too).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .normalize import NORMALIZATIONS, overflow_safe

__all__ = [
    "METHODS",
    "PreparedMatrix",
    "prepare",
    "topsis",
    "topsis_scores",
    "vikor",
    "vikor_details",
    "weighted_sum",
    "wsm_scores",
]

WeightsLike = Mapping[str, float] | pd.Series
DirectionsLike = Mapping[str, int] | pd.Series | None


@dataclass(frozen=True)
class PreparedMatrix:
    """Validated numeric inputs shared by the methods and by robustness."""

    index: pd.Index
    columns: pd.Index
    values: np.ndarray  # float64, alternatives × criteria; NaN = missing
    weights: np.ndarray  # float64, sum 1, >= 0
    directions: np.ndarray  # float64, +1 / -1


def _check_matrix(matrix: pd.DataFrame, check_values: bool = True) -> np.ndarray:
    if not isinstance(matrix, pd.DataFrame):
        raise ValueError(f"matrix must be a pandas DataFrame, got {type(matrix).__name__}")  # noqa: TRY004 - contract: bad input is a ValueError
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise ValueError(f"matrix is empty ({matrix.shape[0]} alternatives × {matrix.shape[1]} criteria)")
    if matrix.columns.has_duplicates:
        dup = matrix.columns[matrix.columns.duplicated()].unique()
        raise ValueError(f"duplicate criteria columns: {', '.join(map(str, dup))}")
    if matrix.index.has_duplicates:
        dup = matrix.index[matrix.index.duplicated()].unique()
        raise ValueError(
            f"duplicate alternatives: {', '.join(map(str, dup[:5]))} "
            f"{'appears' if len(dup) == 1 else 'appear'} more than once; "
            "each alternative must be one row"
        )
    bad = [
        str(c)
        for c, t in matrix.dtypes.items()
        if not pd.api.types.is_numeric_dtype(t) or pd.api.types.is_bool_dtype(t)
    ]
    if bad:
        raise ValueError(f"matrix has non-numeric criteria columns: {', '.join(bad)}")
    x = np.asarray(matrix.to_numpy(dtype="float64", na_value=np.nan), dtype=np.float64)
    if check_values:
        _check_finite_or_nan(x)
    return x


def _check_finite_or_nan(x: np.ndarray) -> None:
    if np.isinf(x).any():
        raise ValueError("matrix contains infinite values; use NaN for missing data")


def _keys_match(name: str, given: Mapping, columns: pd.Index) -> None:
    keys = list(given.keys())
    cols = set(columns)
    unknown = [str(k) for k in keys if k not in cols]
    missing = [str(c) for c in columns if c not in given]
    if unknown or missing:
        parts = []
        if unknown:
            parts.append(f"unknown criteria {', '.join(unknown)}")
        if missing:
            parts.append(f"missing criteria {', '.join(missing)}")
        raise ValueError(f"{name} do not match the matrix columns: {'; '.join(parts)}")


def _check_weights(weights: WeightsLike, columns: pd.Index) -> np.ndarray:
    if weights is None or not hasattr(weights, "keys"):
        raise ValueError("weights must be a mapping criterion -> weight")
    w_map = dict(weights.items())
    _keys_match("weights", w_map, columns)
    w = np.empty(len(columns))
    for k, c in enumerate(columns):
        try:
            w[k] = float(w_map[c])
        except (TypeError, ValueError):
            raise ValueError(f"weight of {c!r} is not a number: {w_map[c]!r}") from None
    if not np.isfinite(w).all():
        bad = [str(c) for c, v in zip(columns, w, strict=True) if not np.isfinite(v)]
        raise ValueError(f"weights must be finite numbers; not for {', '.join(bad)}")
    if (w < 0).any():
        bad = [str(c) for c, v in zip(columns, w, strict=True) if v < 0]
        raise ValueError(f"weights must be >= 0; negative for {', '.join(bad)}")
    with np.errstate(over="ignore"):
        total = w.sum()
    if total <= 0:
        raise ValueError("all weights are zero; give at least one criterion a positive weight")
    if not np.isfinite(total):  # e.g. 1e308 + 1e308: only the ratios matter, so scale down first
        w = w / w.max()
        total = w.sum()
    return w / total


def _check_directions(directions: DirectionsLike, columns: pd.Index) -> np.ndarray:
    if directions is None:
        return np.ones(len(columns))
    if not hasattr(directions, "keys"):
        raise ValueError("directions must be a mapping criterion -> +1/-1")
    d_map = dict(directions.items())
    _keys_match("directions", d_map, columns)
    d = np.empty(len(columns))
    for k, c in enumerate(columns):
        v = d_map[c]
        try:
            f = float(v)
        except (TypeError, ValueError):
            f = np.nan
        if f not in (1.0, -1.0):
            raise ValueError(f"direction of {c!r} must be +1 (benefit) or -1 (cost), got {v!r}")
        d[k] = f
    return d


def prepare(
    matrix: pd.DataFrame, weights: WeightsLike, directions: DirectionsLike, check_values: bool = True
) -> PreparedMatrix:
    """Validate once; raises ValueError with one clear message on bad input.

    `check_values=False` skips the scan for infinities, for callers that get
    that check for free from a reduction they need anyway.
    """
    x = _check_matrix(matrix, check_values)
    w = _check_weights(weights, matrix.columns)
    d = _check_directions(directions, matrix.columns)
    return PreparedMatrix(matrix.index, matrix.columns, x, w, d)


_UNIT_NORMALIZATIONS = frozenset({"minmax", "zscore", "percentile"})


def _normalised(p: PreparedMatrix, normalization: str) -> np.ndarray:
    if normalization not in NORMALIZATIONS:
        raise ValueError(
            f"unknown normalization {normalization!r}; expected one of {', '.join(NORMALIZATIONS)} or None"
        )
    frame = pd.DataFrame(p.values, columns=p.columns)
    dirs = dict(zip(p.columns, p.directions, strict=True))
    return NORMALIZATIONS[normalization](frame, dirs).to_numpy(dtype=np.float64)


# --------------------------------------------------------------------------- weighted sum


def wsm_scores(r: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted mean of the present values of benefit-oriented `r` (NaN where no weight is present).

    `w` may be a vector (criteria,) or a matrix (draws × criteria) for Monte Carlo;
    the result is then (alternatives,) or (draws × alternatives).
    """
    mask = np.isnan(r)
    if not mask.any():
        total = w.sum(axis=-1)
        return (w @ r.T) / (total[:, None] if w.ndim > 1 else total)
    present = (~mask).astype(np.float64)
    num = w @ np.where(mask, 0.0, r).T
    den = w @ present.T
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / den
    out[den <= 0] = np.nan
    return out


def weighted_sum(
    matrix: pd.DataFrame,
    weights: WeightsLike,
    directions: DirectionsLike,
    normalization: str | None = "minmax",
) -> pd.Series:
    """Simple additive weighting: the weighted mean of normalised, benefit-oriented scores.

    Chosen as the default because each criterion's contribution is visible and
    adds up exactly to the score. With a [0, 1] normalisation the score is in [0, 1].
    """
    p = prepare(matrix, weights, directions)
    if normalization is None:
        if (p.directions < 0).any():
            costs = [str(c) for c, d in zip(p.columns, p.directions, strict=True) if d < 0]
            raise ValueError(
                "normalization=None expects values already benefit-oriented, "
                f"but these criteria are marked as costs: {', '.join(costs)}"
            )
        r = p.values
    else:
        r = _normalised(p, normalization)
    scores = wsm_scores(r, p.weights)
    if normalization in _UNIT_NORMALIZATIONS:
        scores = np.clip(scores, 0.0, 1.0)  # a weighted mean of [0, 1] values; clip only rounding
    return pd.Series(scores, index=p.index, name="score")


# --------------------------------------------------------------------------- TOPSIS


def _topsis_geometry(x: np.ndarray, scale: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centre each column: return (y, h) with y = scale·(x − midpoint) and ideal/anti-ideal at ±h.

    In weighted space v = scale·x (scale carries weight, direction and 1/norm),
    the ideal and anti-ideal of a column are its max and min, i.e. ±h around
    the midpoint with h = |scale|·(max − min)/2. Measuring from the midpoint
    keeps every number of the size of the column's spread, so the distances
    do not lose digits on large, close values.
    """
    hi, lo = _extremes(x)
    y = x - 0.5 * (hi + lo)
    y *= scale
    return y, np.abs(scale) * (0.5 * (hi - lo))


def _extremes(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column max and min over present values (0 for an all-missing column)."""
    with np.errstate(invalid="ignore"):
        hi = np.fmax.reduce(x, axis=0)
        lo = np.fmin.reduce(x, axis=0)
    empty = np.isnan(hi)
    return np.where(empty, 0.0, hi), np.where(empty, 0.0, lo)


def topsis_scores(
    x: np.ndarray,
    w: np.ndarray,
    signed_scale: np.ndarray,
    mask: np.ndarray | None = None,
) -> np.ndarray:
    """Closeness coefficient D⁻ / (D⁺ + D⁻) of every row; NaN where no positively weighted value exists.

    `signed_scale` is direction × weight × (1/column norm for vector
    normalisation), applied to raw `x` so no normalised copy is ever built;
    both distances are then taken on one buffer: gaps to the ideal, then the
    same buffer shifted in place by each column's weighted range gives the gaps
    to the anti-ideal. No expansion of squares (so no cancellation: the best
    and worst alternatives get exactly 1 and 0) and fewer passes than the textbook.
    Re-spreading an alternative's weights over its present criteria multiplies
    both of its distances by the same factor, so it cancels in the closeness
    coefficient: only *which* criteria enter the distances changes.
    An alternative sitting on both the ideal and the anti-ideal (all its
    criteria constant) scores 1, as min-max gives a constant column 1.
    """
    # y = scale·(x − ideal) in two passes; the ideal of a column in x-space is its max
    # where scale > 0 and its min where scale < 0 (scale = 0: the column adds nothing).
    hi, lo = _extremes(x)
    h = np.abs(signed_scale) * (0.5 * (hi - lo))
    y = x - np.where(signed_scale < 0, lo, hi)
    y *= signed_scale
    if mask is not None:
        y[mask] = 0.0
    d_plus = np.sqrt(np.einsum("ij,ij->i", y, y))
    y += 2.0 * h
    if mask is not None:
        y[mask] = 0.0
    d_minus = np.sqrt(np.einsum("ij,ij->i", y, y))
    total = d_plus + d_minus
    with np.errstate(invalid="ignore", divide="ignore"):
        cc = np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 1.0)
    cc = np.clip(cc, 0.0, 1.0)
    if mask is not None:
        cc[~((~mask) @ (w > 0))] = np.nan
    return cc


def _column_norms(x0: np.ndarray) -> np.ndarray:
    """Euclidean column norms of a NaN-free matrix, rescaled so huge values cannot overflow."""
    big = np.max(np.abs(x0), axis=0)
    big = np.where(big > 0, big, 1.0)
    scaled = x0 / big
    return big * np.sqrt(np.einsum("ij,ij->j", scaled, scaled))


def topsis(
    matrix: pd.DataFrame,
    weights: WeightsLike,
    directions: DirectionsLike,
    normalization: str | None = "vector",
) -> pd.Series:
    """TOPSIS (Hwang & Yoon 1981): relative closeness to the ideal, away from the anti-ideal.

    Rewards alternatives that are good across the board and penalises a single
    very weak criterion more than the weighted sum does.
    """
    if normalization == "vector":
        # The column sums of squares are needed for the norm anyway; if they are all
        # finite the matrix has neither NaN nor inf, and no mask pass is needed.
        p = prepare(matrix, weights, directions, check_values=False)
        x = p.values
        norm = np.sqrt(np.einsum("ij,ij->j", x, x))
        mask = None
        if not np.isfinite(norm).all():
            _check_finite_or_nan(x)
            x = overflow_safe(x)  # closeness is unchanged by scaling a column; max − min must not overflow
            mask = np.isnan(x)
            x0 = np.where(mask, 0.0, x)
            mask = mask if mask.any() else None
            norm = _column_norms(x0)
        inv = np.divide(1.0, norm, out=np.zeros_like(norm), where=norm > 0)
        scale = p.directions * p.weights * inv
        return pd.Series(topsis_scores(x, p.weights, scale, mask), index=p.index, name="score")
    p = prepare(matrix, weights, directions)
    x = p.values
    mask = np.isnan(x)
    mask = mask if mask.any() else None
    if normalization is None:
        scale = p.directions * p.weights
    else:
        x = _normalised(p, normalization)
        scale = p.weights.copy()
    return pd.Series(topsis_scores(x, p.weights, scale, mask), index=p.index, name="score")


# --------------------------------------------------------------------------- VIKOR


def vikor_details(
    matrix: pd.DataFrame,
    weights: WeightsLike,
    directions: DirectionsLike,
    v: float = 0.5,
) -> pd.DataFrame:
    """VIKOR (Opricovic & Tzeng 2004) group utility S, individual regret R and compromise Q.

    Lower S, R, Q are better (the method's own convention). `v` is the weight of
    the "majority" strategy (S) against the "veto" strategy (R).
    """
    if not isinstance(v, (int, float)) or not (0.0 <= float(v) <= 1.0):
        raise ValueError(f"VIKOR v must be a number in [0, 1], got {v!r}")
    p = prepare(matrix, weights, directions)
    x = overflow_safe(p.values)  # gaps are relative to each column's span, so scaling changes nothing
    mask = np.isnan(x)
    with np.errstate(invalid="ignore"):
        hi = np.fmax.reduce(x, axis=0)
        lo = np.fmin.reduce(x, axis=0)
    best = np.where(p.directions > 0, hi, lo)
    span = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = np.where(span > 0, np.abs(best - x) / np.where(span > 0, span, 1.0), 0.0)
    gap = np.where(mask, 0.0, gap)
    present_w = np.where(mask, 0.0, p.weights)
    wsum = present_w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = (present_w * gap).sum(axis=1) / wsum
        r = (present_w * gap).max(axis=1) / wsum
    no_data = wsum <= 0
    s[no_data] = np.nan
    r[no_data] = np.nan

    def _scaled(a: np.ndarray) -> np.ndarray:
        lo_, hi_ = np.nanmin(a), np.nanmax(a)
        return (a - lo_) / (hi_ - lo_) if hi_ > lo_ else np.zeros_like(a)

    q = np.full_like(s, np.nan) if no_data.all() else v * _scaled(s) + (1 - v) * _scaled(r)
    return pd.DataFrame({"S": s, "R": r, "Q": q}, index=p.index)


def vikor(
    matrix: pd.DataFrame,
    weights: WeightsLike,
    directions: DirectionsLike,
    v: float = 0.5,
) -> pd.Series:
    """VIKOR compromise ranking as a score: 1 − Q, so higher = better like the other methods."""
    return (1.0 - vikor_details(matrix, weights, directions, v=v)["Q"]).rename("score")


METHODS = {"wsm": weighted_sum, "topsis": topsis, "vikor": vikor}
"""name -> method(matrix, weights, directions) -> Series (higher = better)."""
