"""Mature / growth / emerging tiers: k-means on two interpretable composites.

Founders are taught to sort markets into three tiers before planning entry
(DOMAIN.md).  Clustering raw indicators would give groups nobody can name, so
we cluster on two composites a founder can read:

* **maturity**: income per head, digital reach, payment depth, logistics
  (default ids ``gdp_pc_ppp, internet_users, account, lpi_overall``);
* **momentum**: the growth pillar's indicators, which measure change only —
  real growth over six years, the IMF outlook, the change in internet use and
  in online buying, population growth (default ids ``gdp_growth_6y,
  weo_growth_2030, internet_change_5y, online_buying_change,
  population_growth``; ids the matrix lacks are skipped).  Levels (income,
  internet use, accounts, LPI) belong to maturity, as in the pillars.

Both composites are standardised and maturity is then stretched by
``FEATURE_WEIGHTS`` (×2), so k-means splits mainly along maturity, as the
tiers founders are taught do; momentum still separates growth markets.

Each composite is the NaN-aware mean of the indicators' z-scores (after the
catalog transform, oriented by direction, clipped at ±3 so one boom economy
cannot become a cluster of its own).  A composite needs at least half of its
indicators (rounded up); an economy without both composites is
*unclassified*, listed with the reason — never filled with a field mean.

If none of the default ids is in the matrix (e.g. a custom catalog), maturity
falls back to every payments and logistics indicator and momentum to the
growth-pillar indicators whose id or name mentions "growth".

Clusters are named from their centroids, not from k-means' arbitrary ids:
the highest maturity centroid is ``mature`` and the lowest is ``emerging``
(DOMAIN.md: emerging markets are defined by limited payments and delivery
infrastructure); of the clusters in between, the one with the highest momentum
is ``growth``; for k > 3 every further cluster takes the name of the nearest of
those three anchor centroids (so several clusters can share a name); for k = 2
the other cluster is ``growth`` if its momentum centroid is above the mature
one's, else ``emerging``.  Cluster ids are then renumbered by (tier, maturity descending),
so the same seed gives the same table.

Confidence = (d₂ − d₁) / (d₂ + d₁), where d₁ is the distance (standardised
feature space) to the nearest centroid of the economy's own tier and d₂ to the
nearest centroid of any other tier: 1 on the centroid, 0 on the boundary.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from .matrix import DecisionMatrix
from .normalize import apply_transforms
from .validation import check_scalar
from .vocab import TIERS, UNCLASSIFIED

if TYPE_CHECKING:  # scikit-learn is imported where it is used: `rank` needs k-means, never the metrics (issue 12)
    from sklearn.cluster import KMeans

__all__ = [
    "TIERS",
    "DEFAULT_FEATURES",
    "FEATURE_WEIGHTS",
    "TierResult",
    "assign_tiers",
    "region_rule",
    "region_disagreements",
    "short_name",
    "LEVELS",
    "N_INIT",
    "REGION_RULE_TEXT",
    "KnownFits",
    "fit_key",
    "tier_space",
    "kmeans_fit",
]

KnownFits = Mapping[str, tuple[np.ndarray, np.ndarray]]
"""fit_key -> (cluster centres, labels) of k-means runs already made on exactly those inputs (`xbmarkets.fits`)."""

DEFAULT_FEATURES: dict[str, tuple[str, ...]] = {
    "maturity": ("gdp_pc_ppp", "internet_users", "account", "lpi_overall"),
    "momentum": ("gdp_growth_6y", "weo_growth_2030", "internet_change_5y", "online_buying_change", "population_growth"),
}
_FALLBACK_PILLARS = {"maturity": ("payments", "logistics"), "momentum": ("growth",)}
Z_CLIP = 3.0
# Maturity is the axis the tiers are about (DOMAIN.md: mature vs emerging is
# income, payments and delivery infrastructure); momentum separates growth
# markets within it.  With equal axes k-means spent one of its three clusters
# on a handful of fast growers and lumped Brazil with Germany as "mature".
FEATURE_WEIGHTS: dict[str, float] = {"maturity": 2.0, "momentum": 1.0}
BORDERLINE = 0.15  # confidence below this: the reason names the runner-up tier
N_INIT = 10
SILHOUETTE_KS: tuple[int, ...] = (2, 3, 4, 5, 6)
MAX_K = 10

# Region rule of thumb (DOMAIN.md), mapped onto UN M49 sub-regions and WB regions.
# Southern Europe and Eastern Asia are split by WB income group: high-income
# Italy/Spain/Japan/Korea read as "Western" mature markets, the Western Balkans
# as Eastern Europe (growth); other Eastern Asia economies get no rule.
_MATURE_SUBREGIONS = frozenset({"Northern America", "Western Europe", "Northern Europe", "Australia and New Zealand"})
_GROWTH_SUBREGIONS = frozenset({"South-eastern Asia", "Eastern Europe"})
_EMERGING_SUBREGIONS = frozenset({"Latin America and the Caribbean", "Sub-Saharan Africa", "Northern Africa"})
_SPLIT_BY_INCOME = {"Southern Europe": ("mature", "growth"), "Eastern Asia": ("mature", "n/a")}
REGION_RULE_TEXT = (
    "mature: M49 Northern America, Western Europe, Northern Europe, Australia and New Zealand, and "
    "high-income Southern Europe and Eastern Asia; growth: South-eastern Asia, Eastern Europe and "
    "non-high-income Southern Europe; emerging: Latin America and the Caribbean, Africa, and the "
    "WB region 'Middle East, North Africa, Afghanistan & Pakistan'; others n/a"
)


@dataclass(frozen=True, eq=False)
class TierResult:
    """Tiers per economy plus what a founder needs to trust them."""

    table: pd.DataFrame
    """index iso3: name, tier, cluster, maturity, momentum (+ extra composites),
    distance_<tier>…, confidence, reason, region_rule, agrees, then the reason's
    ingredients as data: maturity_level / momentum_level (high|mid|low, '' when
    unclassified), runner_up (the close other tier when borderline, else ''),
    lacking (comma-joined composites without enough data, '' when classified),
    present_<composite> (indicators of that composite the economy reports)."""
    centroids: pd.DataFrame
    """index cluster id: tier, n, one column per composite (composite units)."""
    rule: str
    """The features and the naming rule, in words."""
    features: Mapping[str, tuple[str, ...]]
    """composite -> indicator ids actually used."""
    _space: tuple[np.ndarray, int, int, np.ndarray] = field(repr=False)
    """(standardised features, seed, k, labels): what the silhouette diagnostics need."""

    @cached_property
    def silhouette(self) -> pd.Series:
        """k -> silhouette score (k = 2..6; NaN where k is too large for the data).

        A diagnostic for the Tiers page, computed on first use: its four extra
        k-means fits cost several times the tiering itself, and a re-rank or the
        CLI never needs them.
        """
        x, seed, k, labels = self._space
        return _silhouettes(x, seed, known_k=k, known_labels=labels)


LEVELS: tuple[str, ...] = ("high", "mid", "low")


def short_name(dm: DecisionMatrix, ind: str) -> str:
    """The few-word name the reasons use ('LPI', 'recent growth'): the catalog's `short`, else the name
    without its parenthesis."""
    return _short(dm, ind)


def _short(dm: DecisionMatrix, ind: str) -> str:
    short = str(dm.criteria.at[ind, "short"]) if "short" in dm.criteria.columns else ""
    if short and short != "nan":
        return short
    name = str(dm.criteria.at[ind, "name"]) if "name" in dm.criteria.columns else ind
    return re.sub(r"\s*\(.*?\)", "", name).strip() or ind


def _resolve_features(dm: DecisionMatrix, features: Mapping[str, Sequence[str]] | None) -> dict[str, tuple[str, ...]]:
    """Composite -> indicator ids present in the matrix; ValueError if a composite ends up empty."""
    if features is not None:
        return _given_features(dm, features)
    return {name: _default_feature(dm, name, defaults) for name, defaults in DEFAULT_FEATURES.items()}


def _given_features(dm: DecisionMatrix, features: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """The caller's composites, checked: tier names are read from maturity and momentum, so both must exist."""
    if not isinstance(features, Mapping):
        raise ValueError("features must be a mapping composite name -> indicator ids")
    missing_keys = [k for k in ("maturity", "momentum") if k not in features]
    if missing_keys:
        raise ValueError(f"features must define {' and '.join(missing_keys)} (tier names are read from them)")
    available = set(dm.criteria.index)
    out: dict[str, tuple[str, ...]] = {}
    for name, given in features.items():
        ids = tuple(given) if not isinstance(given, str) else (given,)
        unknown = [i for i in ids if i not in available]
        if unknown:
            raise ValueError(f"features[{name!r}]: unknown indicators {', '.join(map(str, unknown))}")
        if not ids:
            raise ValueError(f"features[{name!r}] lists no indicators")
        out[str(name)] = ids
    return out


def _default_feature(dm: DecisionMatrix, name: str, defaults: tuple[str, ...]) -> tuple[str, ...]:
    """The default ids the matrix has, else the pillar fallback, so a custom catalog still gets tiers."""
    available = list(dm.criteria.index)
    ids = tuple(i for i in defaults if i in available)
    if not ids:
        pillars = dm.pillars
        ids = tuple(i for i in available if pillars[i] in _FALLBACK_PILLARS[name])
        if name == "momentum":
            names = dm.criteria["name"].astype(str) if "name" in dm.criteria.columns else pd.Series(dtype=str)
            ids = tuple(i for i in ids if "grow" in i.lower() or "grow" in str(names.get(i, "")).lower())
    if not ids:
        raise ValueError(
            f"cannot build the {name} composite: none of {', '.join(defaults)} is in the matrix "
            f"and no fallback indicator was found; pass features={{'maturity': [...], 'momentum': [...]}}"
        )
    return ids


def _composites(dm: DecisionMatrix, feats: Mapping[str, tuple[str, ...]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(composite values, present-indicator counts) per economy; NaN where below the half rule."""
    ids = list(dict.fromkeys(i for group in feats.values() for i in group))
    x = apply_transforms(dm.values[ids], dm.criteria.loc[ids, "transform"])
    mean = x.mean()
    sd = x.std(ddof=0)
    z = (x - mean) / sd.where(sd > 0, np.inf)  # constant column -> z = 0
    z = z * dm.directions[ids].astype(float)
    z = z.clip(-Z_CLIP, Z_CLIP)
    comp, count = {}, {}
    for name, group in feats.items():
        present = z[list(group)].notna().sum(axis=1)
        need = math.ceil(len(group) / 2)
        comp[name] = z[list(group)].mean(axis=1).where(present >= need)
        count[name] = present
    return pd.DataFrame(comp), pd.DataFrame(count)


def _name_clusters(centres: np.ndarray, mat: int, mom: int) -> list[str]:
    """Tier name per cluster from the centroids (standardised space); see the module docstring.

    Maturity orders the tiers (DOMAIN.md: emerging markets are the ones with
    limited payments and delivery infrastructure, not the slow ones), and
    momentum picks the growth tier among the clusters in between.
    """
    k = len(centres)
    names = [""] * k
    by_maturity = sorted(range(k), key=lambda i: (-centres[i, mat], i))
    mature, least = by_maturity[0], by_maturity[-1]
    names[mature] = "mature"
    if k == 2:
        names[least] = "growth" if centres[least, mom] > centres[mature, mom] else "emerging"
        return names
    names[least] = "emerging"
    middle = by_maturity[1:-1]
    growth = max(middle, key=lambda i: (centres[i, mom], -i))
    names[growth] = "growth"
    anchors = {"mature": mature, "growth": growth, "emerging": least}
    for i in middle:
        if not names[i]:
            dists = {t: float(np.linalg.norm(centres[i] - centres[a])) for t, a in anchors.items()}
            names[i] = min(TIERS, key=lambda t: dists[t])
    return names


def region_rule(economies: pd.DataFrame) -> pd.Series:
    """The DOMAIN.md regional rule of thumb per economy (mature/growth/emerging/'n/a'); mapping in REGION_RULE_TEXT."""
    idx = economies.index
    sub = economies.get("subregion", pd.Series(np.nan, index=idx)).astype("string").fillna("")
    reg = economies.get("region", pd.Series(np.nan, index=idx)).astype("string").fillna("")
    high = economies.get("income_group", pd.Series(np.nan, index=idx)).astype("string").fillna("") == "High income"
    out = pd.Series("n/a", index=idx, dtype=object, name="region_rule")
    out[reg.str.startswith("Middle East").to_numpy()] = "emerging"
    out[sub.isin(_EMERGING_SUBREGIONS).to_numpy()] = "emerging"
    out[sub.isin(_GROWTH_SUBREGIONS).to_numpy()] = "growth"
    out[sub.isin(_MATURE_SUBREGIONS).to_numpy()] = "mature"
    for name, (if_high, otherwise) in _SPLIT_BY_INCOME.items():
        is_sub = (sub == name).to_numpy()
        out[is_sub & high.to_numpy()] = if_high
        out[is_sub & ~high.to_numpy()] = otherwise
    return out


def _level(values: pd.Series, ref: pd.Series) -> pd.Series:
    """high / mid / low by terciles of the classified field."""
    lo, hi = ref.quantile(1 / 3), ref.quantile(2 / 3)
    return pd.Series(np.where(values > hi, "high", np.where(values < lo, "low", "mid")), index=values.index)


def _unclassified_reason(
    dm: DecisionMatrix, feats: Mapping[str, tuple[str, ...]], comp: pd.DataFrame, count: pd.DataFrame
) -> pd.Series:
    reasons = pd.Series("", index=comp.index, dtype=object)
    for name, group in feats.items():
        lacking = comp[name].isna()
        if not lacking.any():
            continue
        need = math.ceil(len(group) / 2)
        text = (
            f"{name} needs at least {need} of {len(group)} indicators ({', '.join(_short(dm, i) for i in group)}); has "
        )
        part = text + count.loc[lacking, name].astype(int).astype(str)
        reasons[lacking] = np.where(reasons[lacking] == "", part, reasons[lacking] + "; " + part)
    return "unclassified: " + reasons


def _present_names(dm: DecisionMatrix, idx: pd.Index, ids: Sequence[str]) -> pd.Series:
    """Per economy, the short names of the indicators it reports, comma-joined."""
    labels = [_short(dm, i) for i in ids]
    present = dm.values.loc[idx, list(ids)].notna().to_numpy()
    joined = [", ".join(label for label, p in zip(labels, row, strict=True) if p) for row in present]
    return pd.Series(joined, index=idx)


def fit_key(x: np.ndarray, k: int, seed: int) -> str:
    """What a k-means result depends on: the exact points, k, the seed, the restarts and scikit-learn's version.

    A stored fit is reused only under the same key, so it gives bit for bit
    what `_kmeans` would; any other data, setting or library version misses.
    """
    import hashlib
    from importlib.metadata import version

    h = hashlib.sha256(np.ascontiguousarray(x, dtype="<f8").tobytes())
    h.update(f"|shape={x.shape}|k={k}|seed={seed}|n_init={N_INIT}|sklearn={version('scikit-learn')}".encode())
    return h.hexdigest()


def kmeans_fit(x: np.ndarray, k: int, seed: int, known: KnownFits | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(centres, labels) of the seeded k-means on `x`: a known fit of the same key, else scikit-learn's.

    Importing scikit-learn (and scipy through it) is most of a CLI command's
    start-up; the snapshot ships the default fit (`xbmarkets.fits`), so
    `rank` and the dashboard's first page need neither (issue 12).
    """
    if known:
        hit = known.get(fit_key(x, k, seed))
        if hit is not None:
            return hit
    km = _kmeans(x, k, seed)
    return np.asarray(km.cluster_centers_, dtype=float), np.asarray(km.labels_)


def tier_space(dm: DecisionMatrix, k: int = 3, features: Mapping[str, Sequence[str]] | None = None) -> np.ndarray:
    """The standardised points `assign_tiers` clusters for this matrix (to store their fit ahead of time)."""
    feats = _resolve_features(dm, features)
    comp, _ = _composites(dm, feats)
    return _Space.build(comp.loc[comp.notna().all(axis=1)], k).x


def _kmeans(x: np.ndarray, k: int, seed: int) -> KMeans:
    """Seeded k-means on one thread: on ~200 points threads only add overhead (and contention)."""
    from sklearn.cluster import KMeans

    with threadpool_limits(limits=1):
        return KMeans(n_clusters=k, n_init=N_INIT, random_state=seed).fit(x)


def assign_tiers(
    dm: DecisionMatrix,
    k: int = 3,
    seed: int = 0,
    features: Mapping[str, Sequence[str]] | None = None,
    known: KnownFits | None = None,
) -> TierResult:
    """Cluster economies into named tiers; see the module docstring for every rule.

    `known`: k-means fits made ahead of time (`xbmarkets.fits.load_fits`); one
    with this run's exact key replaces the clustering, with the same result.
    """
    k = check_scalar(k, "k", int, min_val=2, max_val=MAX_K)
    seed = check_scalar(seed, "seed", int, min_val=0, note="the same seed gives the same tiers")
    if dm.values.shape[0] == 0:
        raise ValueError("the matrix has no economies")
    feats = _resolve_features(dm, features)
    comp, count = _composites(dm, feats)
    ok = comp.notna().all(axis=1)
    space = _Space.build(comp.loc[ok], k)
    centres, labels = kmeans_fit(space.x, k, seed, known)
    fit = _Fit.build(space.x, centres, list(feats))
    table = _tier_table(dm, feats, comp, count, ok, fit)
    cent = pd.DataFrame(fit.centres * space.sd + space.mu, columns=list(feats))
    cent.insert(0, "n", np.bincount(fit.cluster, minlength=k))
    cent.insert(0, "tier", fit.tier_of)
    cent.index.name = "cluster"
    return TierResult(
        table=table,
        centroids=cent,
        rule=_rule_text(dm, feats, k, seed, int((~ok).sum())),
        features=feats,
        _space=(space.x, seed, k, labels),
    )


@dataclass(frozen=True)
class _Space:
    """The classified economies' composites, standardised, with maturity stretched by its axis weight."""

    x: np.ndarray
    mu: np.ndarray
    sd: np.ndarray

    @classmethod
    def build(cls, comp_ok: pd.DataFrame, k: int) -> _Space:
        """Refuse a k the data cannot support: k-means would return empty clusters named after nobody."""
        names = list(comp_ok.columns)
        n_ok = len(comp_ok)
        if n_ok <= k:
            raise ValueError(
                f"only {n_ok} {'economy has' if n_ok == 1 else 'economies have'} data for "
                f"{' and '.join(names)}; k={k} needs at least {k + 1}"
            )
        raw = comp_ok.to_numpy(dtype=float)
        mu, sd = raw.mean(axis=0), raw.std(axis=0)
        sd = np.where(sd > 0, sd, 1.0)
        axis_weight = np.array([FEATURE_WEIGHTS.get(n, 1.0) for n in names])
        sd = sd / axis_weight  # standardise, then stretch maturity: it counts twice in every distance
        x = (raw - mu) / sd
        n_distinct = len(np.unique(x.round(9), axis=0))
        if n_distinct < k:
            raise ValueError(
                f"the {n_ok} economies show only {n_distinct} distinct {' and '.join(names)} "
                f"profile{'' if n_distinct == 1 else 's'}; they cannot be split into k={k} tiers"
            )
        return cls(x, mu, sd)


@dataclass(frozen=True)
class _Fit:
    """Named, reordered centroids and each classified economy's place among them.

    Reordering by (tier, maturity) makes cluster ids mean something and stay
    the same for the same seed; the distances per tier give the confidence and
    the runner-up a founder needs to judge a borderline label.
    """

    centres: np.ndarray
    tier_of: list[str]
    cluster: np.ndarray
    tiers_present: list[str]
    tier_dist: np.ndarray
    confidence: np.ndarray
    runner_up: np.ndarray | None

    @classmethod
    def build(cls, x: np.ndarray, centres: np.ndarray, names: list[str]) -> _Fit:
        k = len(centres)
        mat_col = names.index("maturity")
        named = _name_clusters(centres, mat_col, names.index("momentum"))
        order = sorted(range(k), key=lambda i: (TIERS.index(named[i]), -centres[i, mat_col], i))
        centres = centres[order]
        tier_of = [named[i] for i in order]
        dist = np.linalg.norm(x[:, None, :] - centres[None, :, :], axis=2)  # n × k
        cluster = dist.argmin(axis=1)
        tiers_present = [t for t in TIERS if t in tier_of]
        tier_dist = np.column_stack(
            [dist[:, [i for i in range(k) if tier_of[i] == t]].min(axis=1) for t in tiers_present]
        )
        own = np.array([tiers_present.index(tier_of[c]) for c in cluster])
        d1 = tier_dist[np.arange(len(own)), own]
        other = tier_dist.copy()
        other[np.arange(len(own)), own] = np.inf
        d2 = other.min(axis=1)
        runner_up = np.array(tiers_present, dtype=object)[other.argmin(axis=1)] if len(tiers_present) > 1 else None
        with np.errstate(invalid="ignore", divide="ignore"):
            confidence = np.where(d1 + d2 > 0, (d2 - d1) / (d1 + d2), 0.0)
        return cls(centres, tier_of, cluster, tiers_present, tier_dist, confidence, runner_up)


def _tier_table(
    dm: DecisionMatrix,
    feats: Mapping[str, tuple[str, ...]],
    comp: pd.DataFrame,
    count: pd.DataFrame,
    ok: pd.Series,
    fit: _Fit,
) -> pd.DataFrame:
    """One row per economy of the matrix: the tier and everything behind it, classified or not."""
    names = list(feats)
    idx = dm.values.index
    ok_idx = comp.index[ok]
    table = pd.DataFrame(index=idx)
    table["name"] = dm.economies["name"].reindex(idx) if "name" in dm.economies.columns else idx
    table["tier"] = UNCLASSIFIED
    table["cluster"] = pd.array([pd.NA] * len(idx), dtype="Int64")
    for name in names:
        table[name] = comp[name]
    table.loc[ok_idx, "tier"] = [fit.tier_of[c] for c in fit.cluster]
    table.loc[ok_idx, "cluster"] = fit.cluster
    for j, t in enumerate(fit.tiers_present):
        table[f"distance_{t}"] = np.nan
        table.loc[ok_idx, f"distance_{t}"] = fit.tier_dist[:, j]
    table["confidence"] = np.nan
    table.loc[ok_idx, "confidence"] = np.clip(fit.confidence, 0.0, 1.0)
    table["reason"] = _reasons(dm, feats, comp, count, ok, fit, table)
    table["region_rule"] = region_rule(dm.economies.reindex(idx))
    agrees = pd.array([pd.NA] * len(idx), dtype="boolean")
    known = ok.to_numpy() & (table["region_rule"] != "n/a").to_numpy()
    agrees[known] = (table["tier"] == table["region_rule"]).to_numpy()[known]
    table["agrees"] = agrees
    _add_reason_data(table, dm, comp, count, ok, fit, names)
    table.index.name = "iso3"
    return table


def _reasons(
    dm: DecisionMatrix,
    feats: Mapping[str, tuple[str, ...]],
    comp: pd.DataFrame,
    count: pd.DataFrame,
    ok: pd.Series,
    fit: _Fit,
    table: pd.DataFrame,
) -> pd.Series:
    """The English reason per economy: levels and the indicators behind them, or what data is lacking.

    A founder should know when a label is a coin toss between two tiers, so a
    borderline economy's reason names the runner-up.
    """
    ok_idx = comp.index[ok]
    mat_lvl, mom_lvl = _levels(comp, ok_idx)
    mat_names = _present_names(dm, ok_idx, feats["maturity"])
    mom_names = _present_names(dm, ok_idx, feats["momentum"])
    reason = pd.Series("", index=table.index, dtype=object)
    reason[ok_idx] = (
        mat_lvl
        + " maturity ("
        + mat_names
        + "), "
        + mom_lvl
        + " momentum ("
        + mom_names
        + ") → "
        + table.loc[ok_idx, "tier"]
    )
    if fit.runner_up is not None:
        borderline = _borderline(fit)
        reason[ok_idx[borderline]] = (
            reason[ok_idx[borderline]]
            + "; borderline, close to "
            + pd.Series(fit.runner_up[borderline], index=ok_idx[borderline])
        )
    lacking = ~ok
    if lacking.any():
        reason[lacking] = _unclassified_reason(dm, feats, comp.loc[lacking], count.loc[lacking])
    return reason


def _add_reason_data(
    table: pd.DataFrame,
    dm: DecisionMatrix,
    comp: pd.DataFrame,
    count: pd.DataFrame,
    ok: pd.Series,
    fit: _Fit,
    names: list[str],
) -> None:
    """Append the reason's ingredients as data (last columns), so the dashboard can say it in any language."""
    ok_idx = comp.index[ok]
    mat_lvl, mom_lvl = _levels(comp, ok_idx)
    table["maturity_level"] = ""
    table.loc[ok_idx, "maturity_level"] = mat_lvl
    table["momentum_level"] = ""
    table.loc[ok_idx, "momentum_level"] = mom_lvl
    table["runner_up"] = ""
    if fit.runner_up is not None:
        borderline = _borderline(fit)
        table.loc[ok_idx[borderline], "runner_up"] = fit.runner_up[borderline]
    table["lacking"] = [
        ",".join(n for n, m in zip(names, row, strict=True) if m) for row in comp[names].isna().to_numpy()
    ]
    for name in names:
        table[f"present_{name}"] = count[name].astype("int64")


def _levels(comp: pd.DataFrame, ok_idx: pd.Index) -> tuple[pd.Series, pd.Series]:
    """Maturity and momentum as high / mid / low within the classified field."""
    mat = comp.loc[ok_idx, "maturity"]
    mom = comp.loc[ok_idx, "momentum"]
    return _level(mat, mat), _level(mom, mom)


def _borderline(fit: _Fit) -> np.ndarray:
    """Classified economies whose label is close to a coin toss (confidence below BORDERLINE)."""
    return np.clip(fit.confidence, 0.0, 1.0) < BORDERLINE


def _silhouettes(x: np.ndarray, seed: int, known_k: int, known_labels: np.ndarray) -> pd.Series:
    """Silhouette per k (seeded) so a founder can see whether three tiers is a natural split."""
    from sklearn.metrics import silhouette_score

    out = {}
    n_distinct = len(np.unique(x.round(9), axis=0))
    for k in SILHOUETTE_KS:
        if k >= len(x) or k > n_distinct:  # k-means cannot make k non-empty clusters
            out[k] = np.nan
            continue
        labels = known_labels if k == known_k else _kmeans(x, k, seed).labels_
        out[k] = float(silhouette_score(x, labels, random_state=seed)) if len(np.unique(labels)) > 1 else np.nan
    return pd.Series(out, name="silhouette", dtype=float).rename_axis("k")


def _rule_text(dm: DecisionMatrix, feats: Mapping[str, tuple[str, ...]], k: int, seed: int, n_out: int) -> str:
    parts = []
    for name, ids in feats.items():
        parts.append(
            f"{name} = mean z-score of {', '.join(_short(dm, i) for i in ids)} "
            f"(at least {math.ceil(len(ids) / 2)} of {len(ids)} needed, "
            f"axis weight {FEATURE_WEIGHTS.get(name, 1.0):g})"
        )
    return (
        "; ".join(parts) + f". k-means with k={k} (n_init={N_INIT}, seed {seed}) on the standardised composites. "
        "Naming: highest maturity centroid → mature, lowest → emerging; of the clusters in between, "
        "highest momentum → growth; any further cluster takes the name of the nearest of those three. "
        f"{n_out} {'economy lacks' if n_out == 1 else 'economies lack'} the data and "
        f"{'is' if n_out == 1 else 'are'} unclassified. Region rule of thumb: {REGION_RULE_TEXT}."
    )


def region_disagreements(tier_result: TierResult) -> pd.DataFrame:
    """Economies whose data-driven tier differs from the regional rule of thumb, most confident first.

    These are the interesting cases for a founder: e.g. a Gulf state the rule
    calls emerging but whose data read as mature.
    """
    t = tier_result.table
    mask = t["agrees"].eq(False).fillna(False).to_numpy(dtype=bool)
    cols = [
        c for c in ("name", "tier", "region_rule", "maturity", "momentum", "confidence", "reason") if c in t.columns
    ]
    out = t.loc[mask, cols]
    return out.sort_values(["confidence", "tier"], ascending=[False, True], kind="mergesort")
