"""Transforms and normalisations of a decision matrix (rows alternatives, columns criteria).

Every function is pure and NaN-aware: a missing value stays missing, and the
statistics of a column (min, max, norm, mean, quantiles, ranks) are taken over
the values that are present — a gap never counts as a zero.

Normalisations return *benefit-oriented* values (higher = better) so that the
aggregation methods never need to know which criteria were costs.

`directions` / `transforms` mappings must cover every column; keys for other
columns are ignored, so a caller can pass the directions of a whole
`DecisionMatrix` when normalising a subset of its columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from .catalog import TRANSFORMS

__all__ = [
    "NORMALIZATIONS",
    "TRANSFORMS",
    "ZSCORE_CLIP",
    "apply_transforms",
    "log_invalid_mask",
    "minmax",
    "overflow_safe",
    "percentile",
    "vector",
    "winsorize",
    "zscore",
]

ZSCORE_CLIP = 3.0
"""z-scores are clipped to ±ZSCORE_CLIP before being mapped linearly onto [0, 1]."""


def _as_float_frame(df: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"expected a pandas DataFrame, got {type(df).__name__}")  # noqa: TRY004 - contract: bad input is a ValueError
    # by dtype, not column by column: this runs on every slider move (issue 12)
    bad = [
        str(c)
        for c, dtype in zip(df.columns, df.dtypes, strict=True)
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
    ]
    if bad:
        raise ValueError(f"non-numeric criteria columns: {', '.join(bad)}")
    out = df.astype("float64")
    if np.isinf(out.to_numpy()).any():
        raise ValueError("matrix contains infinite values; use NaN for missing data")
    return out


_SAFE_MAGNITUDE = 2.0**500
"""Columns whose largest |value| exceeds this are rescaled before normalising (see `overflow_safe`)."""


def overflow_safe(a: np.ndarray) -> np.ndarray:
    """Divide each column whose magnitude could overflow (squares, spans) by an exact power of two.

    Min-max, vector, z-score and percentile results, and TOPSIS / VIKOR on
    them, do not change when a column is multiplied by a positive constant,
    so this changes nothing but keeps a founder's 1e308 from turning
    max − min or Σx² into inf. A power of two makes the division exact, and
    ordinary columns are returned untouched (same object when none is huge).
    """
    if a.shape[0] == 0:
        return a
    with np.errstate(invalid="ignore"):
        big = np.fmax.reduce(np.abs(a), axis=0)
    huge = big > _SAFE_MAGNITUDE  # NaN (all-missing column) compares False
    if not huge.any():
        return a
    _, exponent = np.frexp(big[huge])
    out = a.copy()
    out[:, huge] = np.ldexp(a[:, huge], -exponent)
    return out


def _direction_array(df: pd.DataFrame, directions: Mapping[str, int] | pd.Series | None) -> np.ndarray:
    """+1/-1 per column, in column order; None means every criterion is a benefit."""
    if directions is None:
        return np.ones(df.shape[1])
    directions = dict(directions)
    missing = [str(c) for c in df.columns if c not in directions]
    if missing:
        raise ValueError(f"no direction given for criteria: {', '.join(missing)}")
    out = np.empty(df.shape[1])
    for k, col in enumerate(df.columns):
        d = directions[col]
        try:
            ok = float(d) in (1.0, -1.0)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ValueError(f"direction of {col!r} must be +1 (benefit) or -1 (cost), got {d!r}")
        out[k] = float(d)
    return out


def apply_transforms(df: pd.DataFrame, transforms: Mapping[str, str] | pd.Series) -> pd.DataFrame:
    """Tame skewed criteria before normalising.

    `log` (natural) compresses size measures such as GDP so one giant economy
    does not squash everyone else onto 0; a log of a value <= 0 is undefined and
    becomes NaN (find those cells with `log_invalid_mask` to report them).
    `asinh` behaves like a log for large magnitudes but is defined for zero and
    negative values (e.g. FDI flows). Columns without an entry are left as is.
    """
    out = _as_float_frame(df).copy()
    transforms = dict(transforms)
    for col in out.columns:
        name = transforms.get(col, "none")
        if name not in TRANSFORMS:
            raise ValueError(f"unknown transform {name!r} for {col!r}; expected one of {', '.join(TRANSFORMS)}")
        if name == "log":
            x = out[col].to_numpy()
            with np.errstate(divide="ignore", invalid="ignore"):
                out[col] = np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), np.nan)
        elif name == "asinh":
            out[col] = np.arcsinh(out[col].to_numpy())
    return out


def log_invalid_mask(df: pd.DataFrame, transforms: Mapping[str, str] | pd.Series) -> pd.DataFrame:
    """Cells that `apply_transforms` turns into NaN (present values <= 0 under `log`), for reporting."""
    x = _as_float_frame(df)
    transforms = dict(transforms)
    mask = pd.DataFrame(False, index=x.index, columns=x.columns)
    for col in x.columns:
        if transforms.get(col, "none") == "log":
            mask[col] = x[col].notna() & (x[col] <= 0)
    return mask


def winsorize(df: pd.DataFrame, lower: float = 0.05, upper: float = 0.95) -> pd.DataFrame:
    """Clip each column to its [lower, upper] quantiles (of the values present).

    Limits the pull of a single outlier on min-max and z-score normalisation.
    """
    if not (0.0 <= lower < upper <= 1.0):
        raise ValueError(f"winsorize needs 0 <= lower < upper <= 1, got lower={lower}, upper={upper}")
    x = _as_float_frame(df)
    a = x.to_numpy(copy=True)
    if a.shape[0] == 0 or a.shape[1] == 0:
        return x
    present = ~np.isnan(a)
    lo = np.full(a.shape[1], np.nan)
    hi = np.full(a.shape[1], np.nan)
    some = present.any(axis=0)  # an all-missing column has no quantiles and is left as it is
    if some.any():
        # numpy's default (linear) quantile is pandas' default: the same limits, without a pandas pass per column
        lo[some], hi[some] = np.nanquantile(a[:, some], [lower, upper], axis=0)
    with np.errstate(invalid="ignore"):
        a = np.where(a < lo, lo, a)
        a = np.where(a > hi, hi, a)
    return pd.DataFrame(a, index=x.index, columns=x.columns)


def minmax(df: pd.DataFrame, directions: Mapping[str, int] | pd.Series | None = None) -> pd.DataFrame:
    """Linear rescaling to [0, 1]: the best present value gets 1, the worst 0.

    A constant column (one distinct present value) gets 1.0 for every present
    value: a criterion nobody differs on cannot count against anyone, and it
    keeps the result free of 0/0.
    """
    x = _as_float_frame(df)
    d = _direction_array(x, directions)
    a = overflow_safe(x.to_numpy())
    with np.errstate(all="ignore"):
        lo = np.fmin.reduce(a, axis=0) if len(a) else np.full(a.shape[1], np.nan)
        hi = np.fmax.reduce(a, axis=0) if len(a) else np.full(a.shape[1], np.nan)
        span = hi - lo
        r = np.where(d > 0, (a - lo) / span, (hi - a) / span)
    const = span == 0
    if const.any():
        r[:, const] = np.where(np.isnan(a[:, const]), np.nan, 1.0)
    return pd.DataFrame(r, index=x.index, columns=x.columns)


def vector(df: pd.DataFrame, directions: Mapping[str, int] | pd.Series | None = None) -> pd.DataFrame:
    """Divide by the column's Euclidean norm (TOPSIS's normalisation), x / sqrt(sum x²).

    With directions, cost columns are mirrored as 1 − r so that the result is
    benefit-oriented; a mirror is an isometry, so TOPSIS distances (and hence
    closeness) are the same as with the textbook "ideal = min for costs" rule.
    An all-zero column stays 0 (benefit) / 1 (cost) rather than 0/0.
    """
    x = _as_float_frame(df)
    d = _direction_array(x, directions)
    a = overflow_safe(x.to_numpy())
    norm = np.sqrt(np.nansum(a * a, axis=0))
    safe = np.where(norm > 0, norm, 1.0)
    r = a / safe
    r = np.where(d > 0, r, 1.0 - r)
    return pd.DataFrame(r, index=x.index, columns=x.columns)


def zscore(df: pd.DataFrame, directions: Mapping[str, int] | pd.Series | None = None) -> pd.DataFrame:
    """Standard score (population sd), clipped to ±3 and mapped linearly onto [0, 1].

    Min-max of z-scores would simply be min-max again; instead a fixed map keeps
    the meaning of the z-score: the column mean scores 0.5 and one sd better
    scores 0.667 whatever the outliers do (they are clipped at 0 / 1).
    A constant column scores 0.5 (everyone is at the mean).
    """
    x = _as_float_frame(df)
    d = _direction_array(x, directions)
    x = pd.DataFrame(overflow_safe(x.to_numpy()), index=x.index, columns=x.columns)
    mean = x.mean()
    sd = x.std(ddof=0)
    with np.errstate(all="ignore"):
        z = ((x - mean) / sd.where(sd > 0, np.inf)).to_numpy() * d
    z = np.clip(z, -ZSCORE_CLIP, ZSCORE_CLIP)
    r = (z + ZSCORE_CLIP) / (2 * ZSCORE_CLIP)
    return pd.DataFrame(r, index=x.index, columns=x.columns)


def percentile(df: pd.DataFrame, directions: Mapping[str, int] | pd.Series | None = None) -> pd.DataFrame:
    """Percentile rank in (0, 1]: the share of present values at or below this one (ties averaged).

    Immune to outliers and to skew; the best economy scores 1.
    """
    x = _as_float_frame(df)
    d = _direction_array(x, directions)
    oriented = x * d
    return oriented.rank(pct=True, method="average", na_option="keep")


NORMALIZATIONS: dict[str, Callable[..., pd.DataFrame]] = {
    "minmax": minmax,
    "vector": vector,
    "zscore": zscore,
    "percentile": percentile,
}
"""name -> function(df, directions) returning benefit-oriented values."""
