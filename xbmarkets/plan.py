"""Entry plan: one core market, then waves of two or three.

DOMAIN.md: most failures come from spreading over too many markets at once,
so the plan is a sequence, not a list — wave 1 is exactly one core market
where the founder builds a complete operation, and each later wave adds a few
markets (2–3 advised; 1–5 allowed).

Placement rules, in order, for each wave:

1. ``must_include`` economies take the earliest free slots, best rank first,
   wherever they fit (wave 1 only takes one that satisfies ``start_tier``; a
   wave never exceeds ``max_per_region`` economies of one World Bank region).
2. The remaining slots go to the best-ranked economies that fit, skipping
   ``exclude``.  With ``expand_near=True`` later waves (2+) first take
   economies in the same WB region as a market chosen in an *earlier* wave,
   then those in the same WB income group, then the rest — rank order within
   each group — so expansion reuses what the founder learned (language,
   carriers, compliance) instead of jumping continents.

Too few economies: the plan is returned shorter (a wave may be partly filled
or missing) and the reasons are listed in ``plan.attrs["notes"]``; it is an
error only if not a single economy is available.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .catalog import ALL_PILLARS

__all__ = ["PLAN_COLUMNS", "REASON_COLUMNS", "REASON_KINDS", "MAX_WAVE_SIZE", "entry_plan"]

PLAN_COLUMNS: tuple[str, ...] = ("wave", "iso3", "country", "rank", "tier", "region", "rationale")
REASON_COLUMNS: tuple[str, ...] = (
    "reason_kind",
    "n_ranked",
    "strongest_pillar",
    "strongest_top_pct",
    "near_iso3",
    "near_group",
)
"""The rationale's ingredients as data (after PLAN_COLUMNS), so the dashboard can word it in any language:
reason_kind (REASON_KINDS); n_ranked; strongest_pillar ('' without pillar columns) and
strongest_top_pct (its 'top x %', <NA> when no pillar is in the top half); near_iso3 and
near_group (the earlier market and the WB region / income group shared with it, '' otherwise)."""
REASON_KINDS: tuple[str, ...] = (
    "core",
    "core_start_tier",
    "must_include",
    "same_region",
    "same_income",
    "next_by_rank",
)
MAX_WAVE_SIZE = 5
MAX_WAVES = 10
_TIER_NAMES = ("mature", "growth", "emerging", "unclassified")


def _codes(name: str, codes: Iterable[str] | str) -> list[str]:
    if isinstance(codes, str):
        codes = [codes]
    out = []
    for c in codes:
        if not isinstance(c, str) or not c.strip():
            raise ValueError(f"{name}: ISO3 codes must be non-empty strings, got {c!r}")
        out.append(c.strip().upper())
    return list(dict.fromkeys(out))


def _check_wave_sizes(wave_sizes: Sequence[int]) -> list[int]:
    sizes = list(wave_sizes) if not isinstance(wave_sizes, (str, bytes)) else []
    if not sizes or len(sizes) > MAX_WAVES:
        raise ValueError(f"wave_sizes must list 1 to {MAX_WAVES} waves, got {wave_sizes!r}")
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
            raise ValueError(f"wave sizes must be whole numbers, got {s!r}")
    if sizes[0] != 1:
        raise ValueError(
            f"wave 1 must be exactly one core market (got {sizes[0]}): build one complete operation first, then expand"
        )
    bad = [s for s in sizes[1:] if not 1 <= s <= MAX_WAVE_SIZE]
    if bad:
        raise ValueError(f"later waves take 1 to {MAX_WAVE_SIZE} markets (2-3 advised); got {', '.join(map(str, bad))}")
    return [int(s) for s in sizes]


def _tier_series(tiers: Any, index: pd.Index) -> pd.Series:
    """Tier per economy from a TierResult, its table, a Series, or None ('n/a')."""
    if tiers is None:
        return pd.Series("n/a", index=index, dtype=object)
    if hasattr(tiers, "table"):
        tiers = tiers.table
    if isinstance(tiers, pd.DataFrame):
        if "tier" not in tiers.columns:
            raise ValueError("tiers table has no 'tier' column")
        tiers = tiers["tier"]
    if not isinstance(tiers, pd.Series):
        raise ValueError("tiers must be a TierResult, a DataFrame with a 'tier' column, a Series or None")
    return tiers.reindex(index).astype(object).where(lambda s: s.notna(), "unclassified")


def _strongest_pillar(ranking: pd.DataFrame) -> pd.DataFrame:
    """Per economy: the pillar where it stands highest relative to the ranked field, and its 'top x %'.

    Columns pillar ('' if no pillar columns), top_pct (<NA> when even that
    pillar is outside the top half) and text (the English phrase).
    """
    cols = [p for p in ALL_PILLARS if p in ranking.columns]
    if not cols:
        return pd.DataFrame(
            {"pillar": "", "top_pct": pd.array([pd.NA] * len(ranking), dtype="Int64"), "text": ""}, index=ranking.index
        )
    pct = ranking[cols].astype(float).rank(pct=True, method="average")
    best = pct.fillna(-1.0).to_numpy().argmax(axis=1)
    top = 100 * (1 - pct.to_numpy()[np.arange(len(pct)), best]) + 100 / max(len(pct), 1)
    top_pct = [max(1, round(t)) if t <= 50 else pd.NA for t in top]
    labels = [
        f"strongest in {cols[b]} (top {t} %)" if t is not pd.NA else "no pillar in the top half of the field"
        for b, t in zip(best, top_pct)
    ]
    return pd.DataFrame(
        {"pillar": [cols[b] for b in best], "top_pct": pd.array(top_pct, dtype="Int64"), "text": labels},
        index=ranking.index,
    )


def entry_plan(
    ranking: pd.DataFrame,
    tiers: Any,
    economies: pd.DataFrame,
    wave_sizes: Sequence[int] = (1, 3, 3),
    exclude: Iterable[str] = (),
    must_include: Iterable[str] = (),
    start_tier: str | None = None,
    max_per_region: int | None = None,
    expand_near: bool = False,
    fit_notes: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Waves of markets with a rationale per row; rules in the module docstring.

    `fit_notes`: iso3 -> what makes the market near or far from the seller's
    origin ("1,300 km from China, shares Chinese"), added to its rationale.

    `ranking`: index iso3 with a `rank` column (1 = best), e.g. ScoreResult.table.
    `tiers`: TierResult, its table, a Series iso3 -> tier, or None.
    `economies`: index iso3 with `name`, `region`, `income_group` (missing columns read as 'n/a').
    """
    sizes = _check_wave_sizes(wave_sizes)
    if not isinstance(ranking, pd.DataFrame) or "rank" not in ranking.columns:
        raise ValueError("ranking must be a DataFrame indexed by iso3 with a 'rank' column")
    if ranking.index.has_duplicates:
        raise ValueError("ranking has duplicate ISO3 codes")
    if ranking.empty:
        raise ValueError("the ranking is empty: no economy to plan (did a filter remove every country?)")
    if ranking["rank"].isna().any():
        raise ValueError("ranking has economies without a rank")
    as_num = pd.to_numeric(ranking["rank"], errors="coerce")
    bad = ~(np.isfinite(as_num.to_numpy(dtype=float)) & (as_num >= 1).to_numpy() & (as_num % 1 == 0).to_numpy())
    if pd.api.types.is_bool_dtype(ranking["rank"]) or bad.any():
        first = ranking.index[bad][0] if bad.any() else ranking.index[0]
        got = ranking["rank"][first]
        shown = repr(got) if isinstance(got, str) else str(got)
        raise ValueError(f"ranks must be whole numbers >= 1; {first} has {shown}")
    if not isinstance(economies, pd.DataFrame):
        raise ValueError("economies must be a DataFrame indexed by ISO3 (name, region, income_group)")
    if economies.index.has_duplicates:
        dup = economies.index[economies.index.duplicated()].unique()
        raise ValueError(f"economies table has duplicate ISO3 codes: {', '.join(map(str, dup[:5]))}")
    if max_per_region is not None and (
        isinstance(max_per_region, bool) or not isinstance(max_per_region, (int, np.integer)) or max_per_region < 1
    ):
        raise ValueError(f"max_per_region must be a whole number >= 1 or None, got {max_per_region!r}")
    if start_tier is not None and start_tier not in _TIER_NAMES:
        raise ValueError(f"unknown start_tier {start_tier!r}; choose {', '.join(_TIER_NAMES[:3])}")

    ranked = ranking.assign(rank=as_num.astype(int)).sort_values(["rank"], kind="mergesort")
    ranked.index = ranked.index.astype(str)
    known = set(ranked.index) | set(economies.index.astype(str))
    excl = _codes("exclude", exclude)
    must = _codes("must_include", must_include)
    for label, codes in (("exclude", excl), ("must_include", must)):
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValueError(f"unknown ISO3 code(s) in {label}: {', '.join(unknown)}")
    both = [c for c in must if c in set(excl)]
    if both:
        raise ValueError(f"in both must_include and exclude: {', '.join(both)}")
    unranked = [c for c in must if c not in ranked.index]
    if unranked:
        raise ValueError(
            f"must_include economies not in the ranking (excluded from scoring, e.g. for low data "
            f"coverage): {', '.join(unranked)}"
        )
    if len(must) > sum(sizes):
        raise ValueError(f"{len(must)} must_include markets but only {sum(sizes)} slots in waves {sizes}")

    pool = ranked.loc[~ranked.index.isin(excl)]
    if pool.empty:
        raise ValueError("no economy left to plan after the exclusions")
    idx = pool.index
    eco = economies.copy()
    eco.index = eco.index.astype(str)
    eco = eco.reindex(idx)
    name = eco["name"] if "name" in eco.columns else pd.Series(np.nan, index=idx)
    if "name" in pool.columns:
        name = name.fillna(pool["name"])
    name = name.fillna(pd.Series(idx, index=idx))
    region = (
        (eco["region"] if "region" in eco.columns else pd.Series(np.nan, index=idx, dtype=object))
        .fillna("n/a")
        .astype(str)
    )
    income = (
        (eco["income_group"] if "income_group" in eco.columns else pd.Series(np.nan, index=idx, dtype=object))
        .fillna("n/a")
        .astype(str)
    )
    tier = _tier_series(tiers, idx)
    rank = pool["rank"].astype(int)
    strongest = _strongest_pillar(ranked).reindex(idx)
    n_ranked = len(ranked)
    if start_tier is not None and not (tier == start_tier).any():
        raise ValueError(f"no {start_tier}-tier economy is available for the core market (after exclusions)")

    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    used: set[str] = set()
    pending = sorted(must, key=lambda c: rank[c])
    for wave, size in enumerate(sizes, start=1):
        per_region: Counter[str] = Counter()
        earlier = [r["iso3"] for r in rows]
        picks: list[tuple[str, str]] = []

        def fits(code: str, wave: int = wave, per_region: Counter[str] = per_region) -> bool:
            if wave == 1 and start_tier is not None and tier[code] != start_tier:
                return False
            return max_per_region is None or per_region[region[code]] < max_per_region

        for code in list(pending):
            if len(picks) < size and fits(code):
                picks.append((code, "must"))
                per_region[region[code]] += 1
                pending.remove(code)
        order = [c for c in idx if c not in used and c not in pending and c not in {p for p, _ in picks}]
        near: dict[str, tuple[str, str, str]] = {}
        if expand_near and wave > 1 and earlier:
            near = _nearness(order, earlier, region, income)
            order = sorted(order, key=lambda c: ({"region": 0, "income": 1}.get(near[c][0], 2), rank[c]))
        for code in order:
            if len(picks) >= size:
                break
            if fits(code):
                picks.append((code, "rank"))
                per_region[region[code]] += 1
        for code, why in picks:
            used.add(code)
            near_kind, near_code, near_group = near.get(code, ("", "", ""))
            top_pct = strongest.at[code, "top_pct"]
            rows.append(
                {
                    "wave": wave,
                    "iso3": code,
                    "country": str(name[code]),
                    "rank": int(rank[code]),
                    "tier": str(tier[code]),
                    "region": region[code],
                    "rationale": _rationale(
                        wave,
                        code,
                        why,
                        rank[code],
                        n_ranked,
                        tier[code],
                        strongest.at[code, "text"],
                        _near_text(near_kind, near_code, near_group, rows[0]["iso3"] if rows else code),
                        start_tier,
                    )
                    + (f"; {fit_notes[code]}" if fit_notes and fit_notes.get(code) else ""),
                    "reason_kind": _reason_kind(wave, why, near_kind, start_tier),
                    "n_ranked": n_ranked,
                    "strongest_pillar": strongest.at[code, "pillar"],
                    "strongest_top_pct": top_pct,
                    "near_iso3": near_code,
                    "near_group": near_group,
                }
            )
        if len(picks) < size:
            notes.append(
                f"wave {wave}: {len(picks)} of {size} slots filled — not enough economies left that fit the constraints"
            )
    if pending:
        raise ValueError(
            f"cannot place must_include {', '.join(pending)}: no wave has room within the constraints "
            "(start_tier / max_per_region)"
        )
    plan = pd.DataFrame(rows, columns=[*PLAN_COLUMNS, *REASON_COLUMNS])
    plan["wave"] = plan["wave"].astype(int)
    plan["rank"] = plan["rank"].astype(int)
    plan["n_ranked"] = plan["n_ranked"].astype(int)
    plan["strongest_top_pct"] = plan["strongest_top_pct"].astype("Int64")
    plan.attrs["notes"] = notes
    return plan


def _nearness(
    order: list[str], earlier: list[str], region: pd.Series, income: pd.Series
) -> dict[str, tuple[str, str, str]]:
    """Per candidate: (kind 'region' | 'income' | '', the earlier-wave market it shares it with, the shared group)."""
    out = {}
    for c in order:
        found = ("", "", "")
        for e in earlier:
            if region[c] == region[e] and region[c] != "n/a":
                found = ("region", e, region[c])
                break
        if not found[0]:
            for e in earlier:
                if income[c] == income[e] and income[c] != "n/a":
                    found = ("income", e, income[c])
                    break
        out[c] = found
    return out


def _near_text(kind: str, code: str, group: str, core: str) -> str:
    if not kind:
        return ""
    who = "the core" if code == core else code
    return f"same {'region' if kind == 'region' else 'income group'} as {who} ({group})"


def _reason_kind(wave: int, why: str, near_kind: str, start_tier: str | None) -> str:
    if why == "must":
        return "must_include"
    if wave == 1:
        return "core" if start_tier is None else "core_start_tier"
    return {"region": "same_region", "income": "same_income"}.get(near_kind, "next_by_rank")


def _rationale(
    wave: int, code: str, why: str, rank: int, n: int, tier: str, strongest: str, near: str, start_tier: str | None
) -> str:
    head = "Core market" if wave == 1 else f"Wave {wave}"
    parts = [f"rank {rank} of {n}"]
    if tier not in ("n/a", ""):
        parts.append(f"{tier} tier")
    if strongest:
        parts.append(strongest)
    if near:
        parts.append(near)
    extra = []
    if why == "must":
        extra.append("must include")
    elif wave == 1 and start_tier is not None:
        extra.append(f"best-ranked {start_tier}-tier economy")
    return f"{head}{' (' + '; '.join(extra) + ')' if extra else ''}: {', '.join(parts)}"
