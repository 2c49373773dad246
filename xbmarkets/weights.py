"""Where weights come from: strategy presets, product profiles, objective and AHP weights.

Weights are opinions. The presets encode the strategies founders are taught
(see DOMAIN.md: "high demand + low competition", tiered entry, product fit);
product profiles shift any weighting by multiplicative factors with a stated
reason; entropy and CRITIC derive weights from the data itself; AHP turns
pairwise judgements into weights and says whether they were consistent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .catalog import PILLARS

__all__ = [
    "PILLARS",
    "PRESETS",
    "PROFILES",
    "RANDOM_INDEX",
    "AHPResult",
    "WeightSet",
    "ahp_weights",
    "apply_profile",
    "critic_weights",
    "entropy_weights",
    "normalise_weights",
    "parse_weights",
]


@dataclass(frozen=True)
class WeightSet:
    """Pillar weights (presets: relative importance; profiles: multiplicative factors) and why."""

    pillar_weights: dict[str, float]
    reason: str


PRESETS: dict[str, WeightSet] = {
    "balanced": WeightSet(
        {p: 1.0 for p in PILLARS},
        "No strategy yet: every pillar counts the same, a neutral starting point to compare against.",
    ),
    "safe_premium": WeightSet(
        {
            "size": 3.0,
            "growth": 0.5,
            "competition": 0.5,
            "logistics": 1.5,
            "payments": 2.5,
            "regulation": 3.0,
            "fit": 1.0,
        },
        "Brand and quality sellers aiming at large, rich, well-regulated markets: market size, predictable "
        "rules and card-friendly payments matter more than growth or the intensity of competition.",
    ),
    "growth_hunter": WeightSet(
        {
            "size": 2.5,
            "growth": 4.0,
            "competition": 1.5,
            "logistics": 1.0,
            "payments": 1.0,
            "regulation": 0.5,
            "fit": 1.0,
        },
        "'High demand + low competition': fast-growing demand (momentum first, then market size, so that "
        "growth means many new buyers) and room left by incumbents, accepting weaker infrastructure and "
        "regulation for a first-mover advantage.",
    ),
    "logistics_first": WeightSet(
        {
            "size": 1.5,
            "growth": 0.5,
            "competition": 0.5,
            "logistics": 4.0,
            "payments": 1.0,
            "regulation": 1.0,
            "fit": 1.5,
        },
        "Bulky or heavy goods: delivery cost and reliability decide margins, so logistics leads, "
        "then market size and how near the market is.",
    ),
    "compliance_light": WeightSet(
        {
            "size": 1.0,
            "growth": 0.5,
            "competition": 0.5,
            "logistics": 1.0,
            "payments": 1.0,
            "regulation": 4.0,
            "fit": 1.5,
        },
        "Small teams that cannot absorb surprises at the border or in court: predictable administration, "
        "e-commerce laws in place and low import duties and VAT weigh most, and a market near enough to "
        "serve well; fast growth and thin competition count for less than certainty. The data cannot compare "
        "certification regimes (CE, FCC, KC, PSE): check those for your product yourself.",
    ),
}
"""Strategy presets over the pillars (any positive scale; normalise before use)."""


PROFILES: dict[str, WeightSet] = {
    "general": WeightSet(
        {p: 1.0 for p in PILLARS},
        "No product-specific adjustment.",
    ),
    "electronics": WeightSet(
        {"logistics": 1.2, "regulation": 1.5},
        "Electronics are high-value and copied: enforceable rules and contracts matter more "
        "(regulation ×1.5), and shipping must be careful and insured (logistics ×1.2). Certification "
        "(CE/FCC/KC, batteries) applies in most large markets; the data cannot compare those regimes.",
    ),
    "fashion": WeightSet(
        {"competition": 1.4, "logistics": 1.2, "regulation": 0.8},
        "Fashion is crowded and return-heavy but lightly certified: competition ×1.4, logistics ×1.2, regulation ×0.8.",
    ),
    "home_furniture": WeightSet(
        {"logistics": 2.0, "fit": 1.5},
        "Bulky goods: freight and last-mile cost dominate, logistics ×2, and a near market saves freight (fit ×1.5).",
    ),
    "beauty": WeightSet(
        {"competition": 1.2, "regulation": 1.6},
        "Cosmetics face ingredient and labelling rules and strong brands: regulation ×1.6, competition ×1.2.",
    ),
    "toys": WeightSet(
        {"regulation": 1.6},
        "Toys need safety certification for children's products, so predictable enforcement weighs more: "
        "regulation ×1.6.",
    ),
    "digital_goods": WeightSet(
        {"size": 1.2, "logistics": 0.2, "payments": 1.6},
        "Nothing to ship, everything to collect: logistics ×0.2, payments ×1.6, size ×1.2.",
    ),
    "low_ticket_impulse": WeightSet(
        {"growth": 1.2, "logistics": 1.2, "payments": 1.6},
        "Cheap impulse buys depend on the local way to pay (wallets, cash on delivery) and on "
        "shipping cost relative to price: payments ×1.6, logistics ×1.2, growth ×1.2.",
    ),
}
"""Product profiles: multiplicative factors on pillar weights (a pillar not named keeps factor 1)."""


def normalise_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Scale non-negative weights to sum 1; the scale a user types in carries no meaning."""
    out: dict[str, float] = {}
    for k, v in weights.items():
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"weight of {k!r} is not a number: {v!r}") from None
        if not np.isfinite(f) or f < 0:
            raise ValueError(f"weight of {k!r} must be a finite number >= 0, got {v!r}")
        out[str(k)] = f
    total = sum(out.values())
    if total <= 0:
        raise ValueError("all weights are zero; give at least one pillar a positive weight")
    return {k: v / total for k, v in out.items()}


def apply_profile(pillar_weights: Mapping[str, float], profile: str | WeightSet) -> dict[str, float]:
    """Multiply each pillar weight by the profile's factor and renormalise to sum 1.

    Multiplicative (not additive) so a pillar the founder switched off stays
    off, and the founder's own ratios between untouched pillars are kept.
    Pillars the profile does not name (e.g. `custom`) keep factor 1.
    """
    if isinstance(profile, str):
        if profile not in PROFILES:
            raise ValueError(f"unknown product profile {profile!r}; expected one of {', '.join(PROFILES)}")
        profile = PROFILES[profile]
    base = normalise_weights(pillar_weights)
    shifted = {k: v * float(profile.pillar_weights.get(k, 1.0)) for k, v in base.items()}
    return normalise_weights(shifted)


def _numeric(df: pd.DataFrame) -> np.ndarray:
    if not isinstance(df, pd.DataFrame) or df.shape[1] == 0 or df.shape[0] == 0:
        raise ValueError("expected a non-empty DataFrame (alternatives × criteria)")
    bad = [
        str(c) for c, t in df.dtypes.items() if not pd.api.types.is_numeric_dtype(t) or pd.api.types.is_bool_dtype(t)
    ]
    if bad:
        raise ValueError(f"non-numeric criteria columns: {', '.join(bad)}")
    x = df.to_numpy(dtype=np.float64, na_value=np.nan)
    if np.isinf(x).any():
        raise ValueError("matrix contains infinite values; use NaN for missing data")
    return x


def _equal_if_degenerate(score: np.ndarray, columns: pd.Index, name: str) -> pd.Series:
    total = score.sum()
    w = score / total if total > 0 else np.full(len(score), 1.0 / len(score))
    return pd.Series(w, index=columns, name=name)


def entropy_weights(df: pd.DataFrame) -> pd.Series:
    """Shannon-entropy weights: criteria whose values differ more across alternatives weigh more.

    Expects non-negative, benefit-oriented scores (e.g. `normalize.minmax`
    output). Per column over its present values: p = x / Σx,
    e = −Σ p ln p / ln m, weight ∝ 1 − e. A column with fewer than two present
    values or a zero sum carries no information (1 − e = 0). If no column
    carries information, weights are equal.
    """
    x = _numeric(df)
    if (x < 0).any():
        raise ValueError("entropy weights need non-negative values; normalise the matrix first (e.g. minmax)")
    present = ~np.isnan(x)
    m = present.sum(axis=0)
    x0 = np.where(present, x, 0.0)
    col_sum = x0.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x0 / np.where(col_sum > 0, col_sum, 1.0)
        plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
        e = -plogp.sum(axis=0) / np.log(np.where(m > 1, m, 2))
    d = np.where((m > 1) & (col_sum > 0), 1.0 - e, 0.0)
    d = np.clip(d, 0.0, None)
    return _equal_if_degenerate(d, df.columns, "entropy_weight")


def critic_weights(df: pd.DataFrame, directions: Mapping[str, int] | None = None) -> pd.Series:
    """CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995): contrast × conflict.

    Each column is min-max normalised (benefit-oriented with `directions`);
    weight ∝ σ_j · Σ_k (1 − r_jk) with σ the sample standard deviation and r
    the Pearson correlation on pairwise-present values, so a criterion that
    varies a lot and says something the others do not weighs more. Constant
    columns get 0; a pair with fewer than two common values counts as
    uncorrelated.
    """
    from .normalize import minmax

    _numeric(df)
    r = minmax(df, directions)
    sigma = r.std(ddof=1).fillna(0.0).to_numpy()
    corr = r.corr(method="pearson", min_periods=2).to_numpy()
    corr = np.where(np.isnan(corr), 0.0, corr)
    np.fill_diagonal(corr, 1.0)
    c = sigma * (1.0 - corr).sum(axis=1)
    return _equal_if_degenerate(np.clip(c, 0.0, None), df.columns, "critic_weight")


RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}
"""Saaty's random consistency index RI by matrix size (Saaty 1980)."""

CR_LIMIT = 0.1


@dataclass(frozen=True)
class AHPResult:
    """Principal-eigenvector priorities and Saaty's consistency check."""

    weights: pd.Series
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    consistent: bool


def ahp_weights(pairwise: np.ndarray | pd.DataFrame, rtol: float = 0.02) -> AHPResult:
    """Saaty's AHP: priorities = principal eigenvector of a positive reciprocal matrix.

    `pairwise[i, j]` says how many times criterion i matters more than j. The
    check a_ji = 1/a_ij allows relative error `rtol` so that typed-in decimals
    such as 0.33 for 1/3 pass. CR = CI / RI with CI = (λmax − n)/(n − 1); judgements
    with CR > 0.1 are flagged as inconsistent (not rejected: the founder should
    revisit them, the weights are still the best reading of what they said).
    """
    labels = pairwise.index if isinstance(pairwise, pd.DataFrame) else None
    if isinstance(pairwise, pd.DataFrame) and list(pairwise.index) != list(pairwise.columns):
        raise ValueError("AHP matrix: row and column labels must be the same criteria in the same order")
    try:
        a = np.asarray(pairwise, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("AHP matrix must contain numbers only") from None
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ValueError(f"AHP matrix must be square and non-empty, got shape {a.shape}")
    n = a.shape[0]
    if n > max(RANDOM_INDEX):
        raise ValueError(f"AHP supports at most {max(RANDOM_INDEX)} criteria (Saaty's random index table), got {n}")
    if not np.isfinite(a).all() or (a <= 0).any():
        raise ValueError("AHP matrix entries must be positive finite numbers")
    if not np.allclose(np.diag(a), 1.0):
        raise ValueError("AHP matrix diagonal must be 1 (a criterion is as important as itself)")
    recip = a * a.T
    if not np.allclose(recip, 1.0, rtol=0.0, atol=rtol):
        i, j = np.unravel_index(np.argmax(np.abs(recip - 1.0)), a.shape)
        raise ValueError(
            f"AHP matrix is not reciprocal: entry ({i}, {j}) = {a[i, j]:g} but ({j}, {i}) = {a[j, i]:g}, "
            f"expected {1 / a[i, j]:g}"
        )
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    lam = float(vals[k].real)
    w = np.abs(vecs[:, k].real)
    w = w / w.sum()
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ci = max(ci, 0.0)
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    index = labels if labels is not None else pd.RangeIndex(n)
    return AHPResult(
        weights=pd.Series(w, index=index, name="ahp_weight"),
        lambda_max=lam,
        consistency_index=ci,
        consistency_ratio=cr,
        consistent=cr <= CR_LIMIT,
    )


_PAIR = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*[=:]\s*([^=:,]+?)\s*$")


def parse_weights(text: str, allowed: tuple[str, ...] | list[str] | None = None) -> dict[str, float]:
    """Parse "growth=2,logistics=1" (CLI flags, URL state) into {name: weight}.

    Not normalised: the caller decides whether the scale matters. Names are
    case-sensitive; `allowed` restricts them (e.g. to the pillars).
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("weights are empty; expected e.g. 'growth=2,logistics=1'")
    out: dict[str, float] = {}
    for part in text.split(","):
        if not part.strip():
            raise ValueError(f"empty entry in weights {text!r}; expected e.g. 'growth=2,logistics=1'")
        m = _PAIR.match(part)
        if not m:
            raise ValueError(f"cannot read weight {part.strip()!r}; expected name=number, e.g. 'growth=2'")
        name, raw = m.group(1), m.group(2)
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"weight of {name!r} is not a number: {raw!r}") from None
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"weight of {name!r} must be a finite number >= 0, got {raw!r}")
        if name in out:
            raise ValueError(f"weight of {name!r} given twice")
        if allowed is not None and name not in allowed:
            raise ValueError(f"unknown name {name!r} in weights; expected one of {', '.join(allowed)}")
        out[name] = value
    if sum(out.values()) <= 0:
        raise ValueError("all weights are zero; give at least one a positive weight")
    return out
