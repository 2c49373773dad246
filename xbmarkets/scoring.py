"""The scoring pipeline: indicators → pillar scores → one score and a rank.

Implements DESIGN.md "Scoring design (decided)":

1. transform each weighted indicator (catalog ``log`` / ``asinh``; a log of a
   value ≤ 0 becomes missing and is reported in ``warnings``);
2. drop economies below the coverage threshold or with no data in a pillar
   that has weight — they go to ``excluded`` with the reason, never zero-filled;
3. optionally winsorise (5th/95th percentile), then normalise each indicator
   to a benefit-oriented score over the *scored field* (the economies kept in
   step 2, so an excluded economy cannot stretch everyone's scale).  Default
   normalisation is min-max: it keeps the indicator's own spacing and makes
   pillar contributions read as "share of the best-to-worst range";
4. pillar score = weighted mean of the indicator scores the economy has in
   that pillar (indicator weights re-spread over what is present);
5. aggregate the pillar-score matrix with the pillar weights: ``wsm``
   (weighted sum, so pillar contributions add up exactly to the score),
   ``topsis`` (closeness coefficient, vector normalisation) or ``vikor`` (1 − Q).

Coverage = share of effective indicator weight present (overall, and per
pillar as ``coverage_<pillar>``).  The table has one score column per pillar
with weight > 0 (a zero-weight pillar's score would be NaN for economies it
never had to cover, and the table must never hold NaN).

A single economy is scored: min-max of one value is 1.0 (normalize.minmax
treats a constant column as "nobody differs", scoring 1), so its score is 1.
Ranks are 1..n without gaps: ties are broken by score (rounded to 12 digits,
so float noise cannot reorder equal economies) then by ISO3, for determinism.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Real

import numpy as np
import pandas as pd

from .catalog import ALL_PILLARS, TRANSFORMS
from .matrix import DecisionMatrix
from .methods import topsis, vikor, weighted_sum
from .normalize import NORMALIZATIONS
from .normalize import winsorize as _winsorize
from .validation import check_scalar
from .vocab import METHOD_NAMES

__all__ = ["METHOD_NAMES", "DEFAULT_NORMALIZATION", "ScoreResult", "score", "pillars_in"]

DEFAULT_NORMALIZATION = "minmax"
_RANK_DECIMALS = 12


@dataclass(frozen=True, eq=False)
class ScoreResult:
    """A ranking plus everything needed to explain, export or re-weight it."""

    table: pd.DataFrame
    """index iso3: rank, name, score, coverage, <pillar>…, coverage_<pillar>… (weighted pillars), sorted by rank."""
    excluded: pd.DataFrame
    """columns iso3, name, coverage, reason, reason_kind (no_data_in_pillar | below_threshold | both),
    pillars (comma-joined weighted pillars without data, '' if none), threshold."""
    normalized: pd.DataFrame
    """scored economies × weighted indicators, benefit-oriented (in [0, 1] except 'vector' on negative data)."""
    indicator_weights: pd.Series
    """indicator id -> effective weight (pillar weight × share within pillar), sums to 1."""
    pillar_weights: pd.Series
    """pillar -> weight over the pillars in the matrix, sums to 1."""
    method: str
    normalization: str
    coverage_threshold: float
    winsorize: bool = False
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def pillars(self) -> list[str]:
        """Pillars with weight > 0, in table order."""
        return [p for p in self.pillar_weights.index if self.pillar_weights[p] > 0]


def pillars_in(dm: DecisionMatrix) -> list[str]:
    """Pillars that have at least one indicator in the matrix, in the canonical order."""
    present = set(dm.pillars)
    return [p for p in ALL_PILLARS if p in present] + sorted(present - set(ALL_PILLARS))


def _number(label: str, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{label} for {key!r} must be a number, got {value!r}")
    v = float(value)
    if not np.isfinite(v) or v < 0:
        raise ValueError(f"{label} for {key!r} must be a finite number >= 0, got {value!r}")
    return v


def _pillar_weights(pillar_weights: Mapping[str, float], pillars: list[str]) -> pd.Series:
    if not isinstance(pillar_weights, Mapping) and not isinstance(pillar_weights, pd.Series):
        raise ValueError("pillar_weights must be a mapping pillar -> weight")
    given = dict(pillar_weights.items())
    unknown = [str(k) for k in given if k not in pillars and k not in ALL_PILLARS]
    if unknown:
        raise ValueError(f"unknown pillars: {', '.join(unknown)} (the matrix has {', '.join(pillars)})")
    values = {k: _number("pillar weight", str(k), v) for k, v in given.items()}
    absent = [k for k, v in values.items() if k not in pillars and v > 0]
    if absent:
        raise ValueError(f"pillars with weight but no indicators in the matrix: {', '.join(absent)}")
    w = pd.Series(
        [values.get(p, 0.0) for p in pillars], index=pd.Index(pillars, name="pillar"), dtype=float, name="weight"
    )
    if not (w > 0).any():
        raise ValueError("all pillar weights are zero — give at least one pillar a weight above 0")
    with np.errstate(over="ignore"):
        overflow = not np.isfinite(w.sum())
    if overflow:  # e.g. 1e308 each: only the ratios matter, so scale down first
        w = w / w.max()
    return w / w.sum()


def _indicator_weights(indicator_weights: Mapping[str, float] | None, criteria: pd.DataFrame) -> pd.Series:
    """Relative weights within pillars: the catalog's defaults, replaced where the founder gave one."""
    ids = criteria.index
    default = criteria["weight"] if "weight" in criteria.columns else pd.Series(1.0, index=ids)
    rel = pd.Series(default.to_numpy(dtype=float), index=ids, dtype=float)
    if indicator_weights is None:
        return rel
    if not isinstance(indicator_weights, (Mapping, pd.Series)):
        raise ValueError("indicator_weights must be a mapping indicator id -> weight")
    given = dict(indicator_weights.items())
    unknown = [str(k) for k in given if k not in ids]
    if unknown:
        raise ValueError(f"unknown indicators in indicator_weights: {', '.join(unknown)}")
    for k, v in given.items():
        rel[k] = _number("indicator weight", str(k), v)
    with np.errstate(over="ignore"):
        overflow = not np.isfinite(rel.sum())
    if overflow:  # only ratios within a pillar matter; keep their sums finite
        rel = rel / rel.max()
    return rel


def _clipped(criteria: pd.DataFrame, active: pd.Index) -> list[str]:
    """Indicators the catalog marks for winsorising: momentum figures where one boom economy (an oil
    discovery, a post-war rebound) would otherwise squash everyone else into a sliver of [0, 1]."""
    if "winsorize" not in criteria.columns:
        return []
    flags = criteria.loc[active, "winsorize"].fillna(False).astype(bool)
    return [str(c) for c in flags.index[flags.to_numpy()]]


def _transform(raw: np.ndarray, transforms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """normalize.apply_transforms in one numpy pass, plus the count of log inputs <= 0 per column.

    Kept here (and tested equal to normalize.apply_transforms) because scoring
    runs on every slider move and the per-column pandas version dominates its time.
    """
    is_log = transforms == "log"
    is_asinh = transforms == "asinh"
    unknown = sorted(set(transforms) - set(TRANSFORMS))
    if unknown:
        expected = ", ".join(TRANSFORMS[:-1]) + " or " + TRANSFORMS[-1]
        raise ValueError(f"unknown transform(s) {', '.join(map(str, unknown))}; expected {expected}")
    with np.errstate(invalid="ignore", divide="ignore"):
        bad = ((raw <= 0) & is_log).sum(axis=0)
        logged = np.where(raw > 0, np.log(np.where(raw > 0, raw, 1.0)), np.nan)
    out = np.where(is_log, logged, np.where(is_asinh, np.arcsinh(raw), raw))
    return out, bad


def _check_numeric(values: pd.DataFrame) -> None:
    """Refuse text in the matrix with the first offending cell, before numpy says 'could not convert'."""
    for col, dtype in values.dtypes.items():
        if pd.api.types.is_bool_dtype(dtype):
            raise ValueError(f"indicator values must be numbers; {col} holds True/False values")
        if pd.api.types.is_numeric_dtype(dtype):
            continue
        cells = values[col]
        bad = cells.notna() & pd.to_numeric(cells, errors="coerce").isna()
        bad |= cells.map(lambda v: isinstance(v, (bool, np.bool_))).astype(bool)
        if bad.any():
            where = cells.index[bad.to_numpy()][0]
            raise ValueError(f"indicator values must be numbers; {col} has {cells[where]!r} for {where}")


def _check_settings(
    method: str, normalization: str | None, coverage_threshold: float, winsorize: bool
) -> tuple[str, float]:
    """(normalisation, coverage threshold) once every setting is known to be one the pipeline can honour."""
    if method not in METHOD_NAMES:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHOD_NAMES)}")
    norm = DEFAULT_NORMALIZATION if normalization is None else normalization
    if norm not in NORMALIZATIONS:
        raise ValueError(f"unknown normalization {normalization!r}; choose one of {', '.join(NORMALIZATIONS)}")
    threshold = check_scalar(coverage_threshold, "coverage_threshold", float, min_val=0.0, max_val=1.0)
    if not isinstance(winsorize, (bool, np.bool_)):
        raise ValueError(f"winsorize must be True or False, got {winsorize!r}")
    return norm, threshold


def score(
    dm: DecisionMatrix,
    pillar_weights: Mapping[str, float],
    indicator_weights: Mapping[str, float] | None = None,
    method: str = "wsm",
    normalization: str | None = None,
    coverage_threshold: float = 0.5,
    winsorize: bool = False,
) -> ScoreResult:
    """Score and rank every economy with enough data; see the module docstring for each step.

    `pillar_weights`: pillar -> weight (any non-negative scale; missing pillars = 0).
    `indicator_weights`: indicator id -> relative weight within its pillar (default: the catalog's
    `weight`, else 1; 0 drops it).
    `normalization`: None = min-max; or 'vector', 'zscore', 'percentile'.
    """
    if not isinstance(dm, DecisionMatrix):
        raise ValueError(f"dm must be a DecisionMatrix, got {type(dm).__name__}")
    norm, threshold = _check_settings(method, normalization, coverage_threshold, winsorize)
    if dm.values.shape[0] == 0:
        raise ValueError("the matrix has no economies to score")
    if dm.values.shape[1] == 0:
        raise ValueError("the matrix has no indicators to score")
    _check_numeric(dm.values)

    w = _Weights.build(dm, pillar_weights, indicator_weights)
    raw = dm.values[w.active].to_numpy(dtype=float)
    x_arr, bad = _transform(raw, dm.criteria.loc[w.active, "transform"].astype(str).to_numpy(dtype=object))
    warnings: list[str] = [
        f"log transform: {n} value{'s' if n != 1 else ''} ≤ 0 treated as missing in {ind}"
        for ind, n in zip(w.active, bad, strict=True)
        if n > 0
    ]
    cov = _Coverage.build(dm, x_arr, w, threshold)
    idx = dm.values.index
    names = _display_names(dm)
    out = cov.out
    excluded = _excluded(
        idx[out], names, cov.cov[out], cov.low[out], cov.no_pillar[out], w.active_pillars, threshold, cov.home[out]
    )
    if out.all():
        _refuse_empty_field(cov.no_pillar, w.active_pillars, len(idx), threshold)

    kept = idx[~out]
    xk = pd.DataFrame(x_arr[~out], index=kept, columns=w.active)
    warnings += [
        f"no scored economy has data for {ind}; its weight is re-spread within its pillar"
        for ind in w.active[np.isnan(x_arr[~out]).all(axis=0)]
    ]
    normalized = _normalise(dm, xk, norm, winsorize, warnings)
    pillar_scores = _pillar_scores(normalized, w.member, w.active_pillars)
    total = _aggregate(method, pillar_scores, w.pillar[w.active_pillars])
    if total.isna().any() or pillar_scores.isna().any().any():  # pragma: no cover - guarded above
        raise ValueError("internal error: a scored economy has no score")

    table = _table(kept, names, total, cov.cov[~out], pillar_scores, cov.per_pillar[~out], w.active_pillars)
    return ScoreResult(
        table=table,
        excluded=excluded,
        normalized=normalized.loc[table.index],
        indicator_weights=w.effective,
        pillar_weights=w.pillar,
        method=method,
        normalization=norm,
        coverage_threshold=threshold,
        winsorize=bool(winsorize),
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class _Weights:
    """Pillar and indicator weights resolved into one effective weight per indicator.

    An indicator's effective weight is its pillar's weight times its share of
    the pillar, so weights can be compared across pillars, coverage can be
    measured as a share of weight, and a pillar score is a weighted mean.
    """

    pillar: pd.Series
    """pillar -> weight over the matrix's pillars, sums to 1."""
    effective: pd.Series
    """indicator id -> effective weight, sums to 1."""
    keep: np.ndarray
    """bool per matrix indicator: effective weight > 0."""
    active: pd.Index
    """indicators with weight, in matrix order."""
    active_pillars: list[str]
    """pillars with weight, in canonical order."""
    member: np.ndarray
    """active indicators × active pillars: each indicator's share of its pillar."""

    @classmethod
    def build(
        cls,
        dm: DecisionMatrix,
        pillar_weights: Mapping[str, float],
        indicator_weights: Mapping[str, float] | None,
    ) -> _Weights:
        """Refuse a weighted pillar whose indicators are all weighted 0: it would silently drop out."""
        pillars = pillars_in(dm)
        pw = _pillar_weights(pillar_weights, pillars)
        rel = _indicator_weights(indicator_weights, dm.criteria).to_numpy()
        pill = dm.criteria["pillar"].astype(str).to_numpy(dtype=object)
        pw_of = dict(zip(pillars, pw.to_numpy(), strict=True))
        active_pillars = [p for p in pillars if pw_of[p] > 0]
        in_pillar = pill[:, None] == np.array(pillars, dtype=object)[None, :]  # indicators × pillars
        within = rel @ in_pillar  # total relative weight per pillar
        dropped = [p for p, tot in zip(pillars, within, strict=True) if pw_of[p] > 0 and tot <= 0]
        if dropped:
            raise ValueError(
                f"pillars with weight but every indicator weighted 0: {', '.join(dropped)} — "
                "give one of their indicators a weight or set the pillar weight to 0"
            )
        safe = np.where(within > 0, within, np.inf)
        share_m = in_pillar * (rel[:, None] / safe[None, :])  # share of each indicator within its pillar
        eff_v = share_m @ pw.to_numpy()
        keep = eff_v > 0
        return cls(
            pillar=pw,
            effective=pd.Series(eff_v / eff_v.sum(), index=dm.criteria.index, name="weight"),
            keep=keep,
            active=dm.criteria.index[keep],
            active_pillars=active_pillars,
            member=share_m[np.ix_(keep, [pillars.index(p) for p in active_pillars])],
        )


@dataclass(frozen=True)
class _Coverage:
    """Who has enough data to be ranked: coverage overall and per pillar, and who is left out."""

    cov: np.ndarray
    per_pillar: np.ndarray
    low: np.ndarray
    no_pillar: np.ndarray
    home: np.ndarray
    out: np.ndarray

    @classmethod
    def build(cls, dm: DecisionMatrix, x_arr: np.ndarray, w: _Weights, threshold: float) -> _Coverage:
        """Missing data is never filled, so an economy is ranked only where its data carry the weight.

        The home market (the origin the seller ships from) is left out too:
        it is not a market to enter, whatever its data.
        """
        present = (~np.isnan(x_arr)).astype(float)
        per_pillar = present @ w.member
        cov = present @ w.effective.to_numpy()[w.keep]
        low = cov < threshold - 1e-12
        no_pillar = per_pillar <= 0
        idx = dm.values.index
        home = np.asarray(idx == dm.origin) if dm.origin is not None else np.zeros(len(idx), dtype=bool)
        return cls(cov, per_pillar, low, no_pillar, home, low | no_pillar.any(axis=1) | home)


def _display_names(dm: DecisionMatrix) -> pd.Series:
    """Economy names for the tables, the ISO3 code where the economies table has none."""
    idx = dm.values.index
    names = dm.economies["name"].reindex(idx) if "name" in dm.economies.columns else pd.Series(idx, index=idx)
    return pd.Series(
        np.where(names.isna().to_numpy(), idx.to_numpy(dtype=object), names.to_numpy(dtype=object)),
        index=idx,
        dtype=object,
    )


def _refuse_empty_field(no_pillar: np.ndarray, active_pillars: list[str], n: int, threshold: float) -> None:
    """Explain an empty ranking by its cause, so the founder knows which setting to change."""
    blank = [p for j, p in enumerate(active_pillars) if no_pillar[:, j].all()]
    if blank:
        raise ValueError(
            f"no economy has any data for {', '.join(blank)} — set "
            f"{'its' if len(blank) == 1 else 'their'} weight to 0 or add data for "
            f"{'it' if len(blank) == 1 else 'them'}"
        )
    raise ValueError(
        f"every economy is excluded ({n} of {n}): none has data for at least "
        f"{100 * threshold:.0f} % of the indicator weight and every weighted pillar — lower "
        "coverage_threshold or set weak pillars to 0"
    )


def _normalise(dm: DecisionMatrix, xk: pd.DataFrame, norm: str, winsorize: bool, warnings: list[str]) -> pd.DataFrame:
    """Benefit-oriented indicator scores over the scored field, winsorised where asked or where the catalog says.

    Normalising over the kept economies only means an excluded economy cannot
    stretch everyone's scale.  Appends a warning when 'vector' meets negative data.
    """
    active = xk.columns
    if winsorize:
        xk = _winsorize(xk)
    else:
        clip = _clipped(dm.criteria, active)
        if clip:
            xk[clip] = _winsorize(xk[clip])
    normalized = NORMALIZATIONS[norm](xk, dm.directions[active])
    if norm == "vector" and (xk < 0).any().any():
        neg = [str(c) for c in xk.columns[(xk < 0).any().to_numpy()]]
        warnings.append(
            f"vector normalisation: {', '.join(neg)} have negative values; their scores fall outside [0, 1]"
        )
    return normalized


def _pillar_scores(normalized: pd.DataFrame, member: np.ndarray, active_pillars: list[str]) -> pd.DataFrame:
    """Weighted mean of the indicator scores an economy has in each pillar (weights re-spread over those present)."""
    s = normalized.to_numpy()
    mask = np.isnan(s)
    num = np.where(mask, 0.0, s) @ member
    den = (~mask).astype(float) @ member
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame(num / den, index=normalized.index, columns=active_pillars)


def _aggregate(method: str, pillar_scores: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """One score per economy from its pillar scores, by the chosen method."""
    if method == "wsm":
        return weighted_sum(pillar_scores, weights, None, normalization=None)
    if method == "topsis":
        return topsis(pillar_scores, weights, None, normalization="vector")
    return vikor(pillar_scores, weights, None)


def _table(
    kept: pd.Index,
    names: pd.Series,
    total: pd.Series,
    cov: np.ndarray,
    pillar_scores: pd.DataFrame,
    cov_p: np.ndarray,
    pillars: list[str],
) -> pd.DataFrame:
    values = total.to_numpy(dtype=float)
    codes = kept.to_numpy(dtype=object)
    order = np.lexsort((codes.astype(str), -np.round(values, _RANK_DECIMALS)))
    ps = pillar_scores.to_numpy(dtype=float)[order]
    columns: dict[str, np.ndarray] = {
        "rank": np.arange(1, len(kept) + 1),
        "name": names.reindex(kept).to_numpy(dtype=object)[order],
        "score": values[order],
        "coverage": cov[order],
    }
    columns.update({p: ps[:, j] for j, p in enumerate(pillars)})
    columns.update({f"coverage_{p}": cov_p[order, j] for j, p in enumerate(pillars)})
    return pd.DataFrame(columns, index=pd.Index(codes[order], name="iso3"))


def _excluded(
    codes: pd.Index,
    names: pd.Series,
    cov: np.ndarray,
    low: np.ndarray,
    no_pillar: np.ndarray,
    pillars: list[str],
    threshold: float,
    home: np.ndarray,
) -> pd.DataFrame:
    """One row per excluded economy, the home market first, then best-covered first: the reason in
    words, and as data.

    `reason_kind` (home | no_data_in_pillar | below_threshold | both), `pillars`
    (comma-joined weighted pillars without any data, '' when none) and
    `threshold` let a UI word the reason in the founder's language.  The home
    market (the origin the seller ships from) is not a market to enter, whatever its data.
    """
    gaps = [",".join(p for p, m in zip(pillars, row, strict=True) if m) for row in no_pillar]
    reasons = [
        "; ".join(
            ([f"no data for {g.replace(',', ', ')}"] if g else [])
            + (
                [(f"data for {100 * c:.0f} % of the indicator weight, below the {100 * threshold:.0f} % threshold")]
                if lo
                else []
            )
        )
        for g, c, lo in zip(gaps, cov, low, strict=True)
    ]
    kinds = [
        "both" if g and lo else "no_data_in_pillar" if g else "below_threshold" for g, lo in zip(gaps, low, strict=True)
    ]
    for i in np.flatnonzero(home):
        gaps[i], kinds[i], reasons[i] = "", "home", "home market: the seller ships from here"
    iso3 = codes.to_numpy(dtype=object)
    coverage = np.asarray(cov, dtype=float)
    # home first, then best-covered, then by code: one stable numpy sort (a frame sort cost ms on every slider move)
    order = np.lexsort((iso3.astype(str), -coverage, ~np.asarray(home, dtype=bool)))
    return pd.DataFrame(
        {
            "iso3": iso3[order],
            "name": names.reindex(codes).to_numpy(dtype=object)[order],
            "coverage": coverage[order],
            "reason": np.array(reasons, dtype=object)[order],
            "reason_kind": np.array(kinds, dtype=object)[order],
            "pillars": np.array(gaps, dtype=object)[order],
            "threshold": np.full(len(codes), float(threshold)),
        }
    )
