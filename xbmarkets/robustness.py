"""How much a ranking depends on the weights: rank acceptability by Monte Carlo (SMAA).

Weights are opinions, so instead of one ranking we score the alternatives
under many plausible weightings and count how often each lands first, in the
top k, and at which ranks. With `concentration=None` weights are uniform on
the simplex (SMAA's "no preference": every weighting equally likely); with a
concentration c they are Dirichlet(c × founder weights), i.e. small
disagreements around what the founder said — larger c, smaller wobble.

Criteria with zero weight are treated as switched off and stay at zero in
every draw. All draws are scored at once (draws × criteria @ criteria ×
alternatives); only chunks of draws are looped over, to bound memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np
import pandas as pd

from .methods import DirectionsLike, PreparedMatrix, WeightsLike, _normalised, _topsis_geometry, prepare
from .normalize import overflow_safe
from .validation import check_scalar
from .vocab import REWEIGH_METHODS

__all__ = [
    "MAX_DRAWS",
    "Verdict",
    "check_draw_settings",
    "rank_acceptability",
    "scenario_acceptability",
    "stability_verdict",
    "weight_draws",
]

MAX_DRAWS = 200_000
_CHUNK_CELLS = 4_000_000  # draws × alternatives per chunk (≈ 32 MB of float64 scores)
_DEFAULT_NORMALIZATION = {"wsm": "minmax", "topsis": "vector"}  # one entry per vocab.REWEIGH_METHODS


def _draw_weights(rng: np.random.Generator, base: np.ndarray, size: int, concentration: float | None) -> np.ndarray:
    active = base > 0
    alpha = np.ones(int(active.sum())) if concentration is None else concentration * base[active]
    w = np.zeros((size, base.size))
    w[:, active] = rng.dirichlet(alpha, size=size)
    return w


def check_draw_settings(draws: object, concentration: object, seed: object) -> float | None:
    """Validate the Monte Carlo settings shared by every user of `weight_draws`; returns the concentration."""
    check_scalar(draws, "draws", int, min_val=1, max_val=MAX_DRAWS)
    check_scalar(seed, "seed", int, min_val=0, note="the same seed gives the same result")
    if concentration is None:
        return None
    return check_scalar(
        concentration,
        "concentration",
        float,
        min_val=0,
        include_boundaries="neither",
        note="or None for uniform weights",
    )


def weight_draws(
    base: np.ndarray, draws: int, concentration: float | None, seed: int, n_alternatives: int
) -> Iterator[np.ndarray]:
    """The weightings drawn for `draws`, in chunks (draws × criteria), exactly as the Robustness page draws them.

    One generator for every consumer (rank acceptability, plan robustness), so
    that with the same weights, seed and field size they see the *same*
    weightings: chunk sizes depend on the number of alternatives only to bound
    memory, and the random stream is consumed in the same order.
    """
    rng = np.random.default_rng(seed)
    chunk = max(1, _CHUNK_CELLS // max(int(n_alternatives), 1))
    done = 0
    while done < draws:
        size = min(chunk, draws - done)
        yield _draw_weights(rng, base, size, concentration)
        done += size


def _wsm_chunk(r0: np.ndarray, present: np.ndarray | None, w: np.ndarray) -> np.ndarray:
    num = w @ r0.T
    if present is None:
        return num  # Dirichlet draws sum to 1
    den = w @ present.T
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def _topsis_chunk(plus: np.ndarray, minus: np.ndarray, w: np.ndarray) -> np.ndarray:
    w2 = w * w
    dp = np.sqrt(np.maximum(w2 @ plus.T, 0.0))
    dm = np.sqrt(np.maximum(w2 @ minus.T, 0.0))
    total = dp + dm
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, dm / np.where(total > 0, total, 1.0), 1.0)


def _topsis_parts(x: np.ndarray, scale: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unweighted per-cell squared gaps to the ideal and anti-ideal (0 where missing).

    Weights enter TOPSIS only as w_j² in Σ_j w_j² (r_ij − r⁺_j)², so with these
    two matrices a whole chunk of weightings is two matrix products.
    """
    y, h = _topsis_geometry(x, scale)
    plus = np.where(mask, 0.0, (y - h) ** 2)
    minus = np.where(mask, 0.0, (y + h) ** 2)
    return plus, minus


def rank_acceptability(
    matrix: pd.DataFrame,
    weights: WeightsLike,
    directions: DirectionsLike,
    method: Literal["wsm", "topsis"] = "wsm",
    draws: int = 10_000,
    concentration: float | None = None,
    top_k: int = 5,
    seed: int = 0,
    normalization: str | None = "default",
) -> pd.DataFrame:
    """Share of weightings in which each alternative is first / in the top k, and its rank spread.

    Returns a frame indexed like `matrix` with `p_first`, `p_top_k`,
    `median_rank`, `rank_p05`, `rank_p95`, `mean_rank` and `rank_at_base`
    (rank under the given weights). Rank percentiles are those of the
    empirical distribution (inverted CDF), so they are whole ranks.
    Alternatives that cannot be scored (no data on any weighted criterion)
    get NaN throughout and do not take a rank. Exact ties between scores are
    broken by the sort, arbitrarily but reproducibly.
    `normalization="default"` means minmax for wsm and vector for topsis;
    None means the matrix is already normalised and benefit-oriented.

    Ranks come from one argsort per chunk; the (alternative, rank) histogram
    is a single bincount of the sorted order, from which p_first, p_top_k and
    every percentile follow without a second argsort.
    """
    if method not in REWEIGH_METHODS:
        raise ValueError(
            f"unknown method {method!r} for robustness; expected {' or '.join(map(repr, REWEIGH_METHODS))}"
        )
    top_k = check_scalar(top_k, "top_k", int, min_val=1)
    concentration = check_draw_settings(draws, concentration, seed)
    p = prepare(matrix, weights, directions)
    if normalization == "default":
        normalization = _DEFAULT_NORMALIZATION[method]
    if method == "wsm" and normalization is None and (p.directions < 0).any():
        raise ValueError("normalization=None expects benefit-oriented values, but some criteria are costs")

    x = p.values
    mask = np.isnan(x)
    any_missing = bool(mask.any())
    n = x.shape[0]
    active = p.weights > 0
    scorable = (~mask[:, active]).any(axis=1)
    score = _scorer(p, method, normalization, mask)
    base_scores = score(p.weights[None, :])[0]

    k = min(int(top_k), n)
    counts = np.zeros(n * n, dtype=np.int64)
    rank_slot = np.arange(n - 1, -1, -1)  # ascending position r holds rank n - r
    fix_missing = any_missing or not scorable.all()
    for w in weight_draws(p.weights, draws, concentration, seed, n):
        s = score(w)
        if fix_missing:
            s[np.isnan(s)] = -np.inf
            s[:, ~scorable] = -np.inf
        order = np.argsort(s, axis=1)  # ascending; order[d, r] = alternative with rank n - r
        counts += np.bincount((order * n + rank_slot).ravel(), minlength=n * n)

    hist = counts.reshape(n, n).astype(np.float64)  # hist[alt, rank - 1]
    cdf = np.cumsum(hist, axis=1)

    def pct(q: float) -> np.ndarray:
        return (np.argmax(cdf >= q * draws - 1e-9, axis=1) + 1).astype(np.float64)

    base = pd.Series(np.where(scorable, base_scores, np.nan), index=p.index)
    out = pd.DataFrame(
        {
            "p_first": hist[:, 0] / draws,
            "p_top_k": hist[:, :k].sum(axis=1) / draws,
            "median_rank": pct(0.5),
            "rank_p05": pct(0.05),
            "rank_p95": pct(0.95),
            "mean_rank": hist @ np.arange(1, n + 1) / draws,
            "rank_at_base": base.rank(ascending=False, method="first").to_numpy(),
        },
        index=p.index,
    )
    out.loc[~scorable, :] = np.nan
    out.attrs.update({"draws": draws, "top_k": k, "method": method, "concentration": concentration, "seed": seed})
    return out


def _scorer(
    p: PreparedMatrix, method: str, normalization: str | None, mask: np.ndarray
) -> Callable[[np.ndarray], np.ndarray]:
    """Scores of every alternative for a chunk of weightings (draws × criteria → draws × alternatives).

    Everything that does not depend on the weights (normalisation, TOPSIS's
    gaps to the ideal) is computed once here, so each chunk of draws costs
    one or two matrix products.
    """
    x = p.values
    if method == "wsm":
        r = x if normalization is None else _normalised(p, normalization)
        r0 = np.where(mask, 0.0, r)
        present = (~mask).astype(np.float64) if mask.any() else None
        return lambda w: _wsm_chunk(r0, present, w)
    if normalization == "vector":
        x = overflow_safe(x)  # closeness is unchanged by scaling a column; Σx² must not overflow
        x0 = np.where(mask, 0.0, x)
        norm = np.sqrt(np.einsum("ij,ij->j", x0, x0))
        scale = p.directions * np.divide(1.0, norm, out=np.zeros_like(norm), where=norm > 0)
    elif normalization is None:
        scale = p.directions.copy()
    else:
        x = _normalised(p, normalization)
        scale = np.ones(x.shape[1])
    plus, minus = _topsis_parts(x, scale, mask)
    return lambda w: _topsis_chunk(plus, minus, w)


@dataclass(frozen=True)
class Verdict:
    """How far a founder can trust the top of the ranking, in plain words."""

    level: Literal["stable", "fragile", "unstable"]
    message: str


STABLE_SHARE = 0.8
FRAGILE_SHARE = 0.5


def stability_verdict(
    acceptability: pd.DataFrame,
    top_k: int | None = None,
    names: Mapping[str, str] | None = None,
) -> Verdict:
    """Stable if one alternative is first in ≥ 80 % of weightings, fragile if ≥ 50 %, else unstable.

    The thresholds follow SMAA practice of reading acceptability shares as
    "clear winner" vs "contested"; the message names the contenders so the
    founder knows which markets to compare by hand. `names` maps index labels
    to display names.
    """
    if not isinstance(acceptability, pd.DataFrame) or not {"p_first", "p_top_k"} <= set(acceptability.columns):
        raise ValueError("stability_verdict needs the frame returned by rank_acceptability (p_first, p_top_k)")
    acc = acceptability.dropna(subset=["p_first"])
    if acc.empty:
        raise ValueError("stability_verdict: no alternative could be ranked")
    k = int(top_k if top_k is not None else acceptability.attrs.get("top_k", 5))

    def label(i) -> str:
        name = names.get(i) if names else None
        return name if isinstance(name, str) and name else str(i)

    ranked = acc["p_first"].sort_values(ascending=False, kind="stable")
    leader, p1 = ranked.index[0], float(ranked.iloc[0])
    second = ranked.index[1] if len(ranked) > 1 else None
    p2 = float(ranked.iloc[1]) if len(ranked) > 1 else 0.0
    solid = acc.index[acc["p_top_k"] >= STABLE_SHARE]
    solid_txt = (
        f" {', '.join(label(i) for i in solid)} {'stays' if len(solid) == 1 else 'stay'} in the top {k} "
        f"in at least {STABLE_SHARE:.0%} of weightings."
        if len(solid)
        else ""
    )
    if p1 >= STABLE_SHARE:
        return Verdict("stable", f"{label(leader)} is first in {p1:.0%} of weightings: stable.{solid_txt}")
    if p1 >= FRAGILE_SHARE:
        return Verdict(
            "fragile",
            f"{label(leader)} is first in {p1:.0%} of weightings and {label(second)} in {p2:.0%}: "
            f"the top spot can flip between them when the weights change a little; compare both.{solid_txt}",
        )
    contenders = ", ".join(f"{label(i)} {v:.0%}" for i, v in ranked.iloc[:3].items() if v > 0)
    return Verdict(
        "unstable",
        f"No market is first in most weightings ({contenders}): the winner depends on your weights; "
        f"treat the top {k} as a shortlist rather than a ranking.{solid_txt}",
    )


def scenario_acceptability(
    result,
    *,
    draws: int = 10_000,
    concentration: float | None = None,
    top_k: int = 5,
    seed: int = 0,
) -> pd.DataFrame:
    """Rank acceptability of a scored scenario (a `scoring.ScoreResult`) over its pillar weights.

    The CLI and the dashboard both call this, so the draws vary exactly the
    weights the founder set and aggregate the pillar-score matrix exactly as
    the ranking did: the weighted sum takes the pillar scores as they are
    (already benefit-oriented in [0, 1]), TOPSIS re-applies its vector
    normalisation. A draw of the founder's own weights reproduces the ranking.
    """
    method = str(result.method)
    if method not in REWEIGH_METHODS:
        raise ValueError(f"robustness is available for the weighted sum and TOPSIS, not {method!r}")
    pillars = [p for p in result.pillars if float(result.pillar_weights.get(p, 0.0)) > 0]
    if not pillars:
        raise ValueError("no pillar has a weight above 0 — there is nothing to vary")
    return rank_acceptability(
        result.table[pillars],
        {p: float(result.pillar_weights[p]) for p in pillars},
        {p: 1 for p in pillars},
        method=cast(Literal["wsm", "topsis"], method),  # checked against REWEIGH_METHODS above
        draws=draws,
        concentration=concentration,
        top_k=top_k,
        seed=seed,
        normalization=None if method == "wsm" else "vector",
    )
