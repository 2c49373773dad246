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
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .catalog import ALL_PILLARS
from .validation import check_scalar
from .vocab import MAX_WAVE_SIZE, MAX_WAVES, PLAN_TIERS, TIERS, UNCLASSIFIED

__all__ = ["PLAN_COLUMNS", "REASON_COLUMNS", "REASON_KINDS", "MAX_WAVES", "MAX_WAVE_SIZE", "entry_plan"]

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
    """Wave sizes as plain ints; wave 1 is one market because a first market is a whole operation to build."""
    sizes = list(wave_sizes) if not isinstance(wave_sizes, (str, bytes)) else []
    if not sizes or len(sizes) > MAX_WAVES:
        raise ValueError(f"wave_sizes must list 1 to {MAX_WAVES} waves, got {wave_sizes!r}")
    sizes = [check_scalar(s, f"wave {i} size", int) for i, s in enumerate(sizes, start=1)]
    if sizes[0] != 1:
        raise ValueError(
            f"wave 1 must be exactly one core market (got {sizes[0]}): build one complete operation first, then expand"
        )
    for i, s in enumerate(sizes[1:], start=2):
        check_scalar(
            s, f"wave {i} size", int, min_val=1, max_val=MAX_WAVE_SIZE, note="markets per later wave; 2-3 advised"
        )
    return sizes


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
    return tiers.reindex(index).astype(object).where(lambda s: s.notna(), UNCLASSIFIED)


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
        for b, t in zip(best, top_pct, strict=True)
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
    ranks = _check_ranking(ranking)
    _check_economies(economies)
    rules = _Rules.build(start_tier, max_per_region, expand_near, fit_notes)
    ranked = ranking.assign(rank=ranks.astype(int)).sort_values(["rank"], kind="mergesort")
    ranked.index = ranked.index.astype(str)
    excl, must = _check_codes(ranked, economies, exclude, must_include, sizes)
    market = _Field.build(ranked, excl, economies, tiers)
    if start_tier is not None and not (market.tier == start_tier).any():
        raise ValueError(f"no {start_tier}-tier economy is available for the core market (after exclusions)")
    rows, notes = _place(market, rules, sizes, must)
    plan = pd.DataFrame(rows, columns=[*PLAN_COLUMNS, *REASON_COLUMNS])
    plan["wave"] = plan["wave"].astype(int)
    plan["rank"] = plan["rank"].astype(int)
    plan["n_ranked"] = plan["n_ranked"].astype(int)
    plan["strongest_top_pct"] = plan["strongest_top_pct"].astype("Int64")
    plan.attrs["notes"] = notes
    return plan


def _check_ranking(ranking: object) -> pd.Series:
    """The `rank` column as numbers, refused unless every rank is a whole number >= 1.

    A rank typed by hand into a CSV ('first', 1.5, inf) would otherwise sort
    somewhere arbitrary and put the wrong market at the core.
    """
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
    return as_num


def _check_economies(economies: object) -> None:
    """Names, regions and income groups come from here; a duplicated code would make them ambiguous."""
    if not isinstance(economies, pd.DataFrame):
        raise ValueError("economies must be a DataFrame indexed by ISO3 (name, region, income_group)")
    if economies.index.has_duplicates:
        dup = economies.index[economies.index.duplicated()].unique()
        raise ValueError(f"economies table has duplicate ISO3 codes: {', '.join(map(str, dup[:5]))}")


def _check_codes(
    ranked: pd.DataFrame,
    economies: pd.DataFrame,
    exclude: Iterable[str] | str,
    must_include: Iterable[str] | str,
    sizes: list[int],
) -> tuple[list[str], list[str]]:
    """(exclude, must_include) as clean ISO3 lists, refused when they cannot all be honoured.

    A founder's "must include" that silently vanished (a typo, an unranked
    market, more than the plan has slots) would make the plan look like it
    followed their wish when it did not.
    """
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
    return excl, must


@dataclass(frozen=True)
class _Rules:
    """The founder's placement settings, checked once so the wave loop can trust them."""

    start_tier: str | None
    cap: int | None
    expand_near: bool
    fit_notes: Mapping[str, str]

    @classmethod
    def build(
        cls,
        start_tier: str | None,
        max_per_region: int | None,
        expand_near: bool,
        fit_notes: Mapping[str, str] | None,
    ) -> _Rules:
        """Refuse a cap or core tier the plan could not honour, before any market is placed."""
        cap = None
        if max_per_region is not None:
            cap = check_scalar(max_per_region, "max_per_region", int, min_val=1, note="or None for no cap")
        if start_tier is not None and start_tier not in PLAN_TIERS:
            raise ValueError(f"unknown start_tier {start_tier!r}; choose {', '.join(TIERS)}")
        return cls(start_tier, cap, bool(expand_near), fit_notes or {})


@dataclass(frozen=True)
class _Field:
    """The markets a plan may draw from (ranked, not excluded) and every fact a rule or rationale reads."""

    idx: pd.Index
    name: pd.Series
    region: pd.Series
    income: pd.Series
    tier: pd.Series
    rank: pd.Series
    strongest: pd.DataFrame
    n_ranked: int

    @classmethod
    def build(cls, ranked: pd.DataFrame, excl: list[str], economies: pd.DataFrame, tiers: Any) -> _Field:
        """Join the ranking with the economies table; a missing name, region or income reads 'n/a', never a guess."""
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
        return cls(
            idx=idx,
            name=name.fillna(pd.Series(idx, index=idx)),
            region=_group(eco, "region"),
            income=_group(eco, "income_group"),
            tier=_tier_series(tiers, idx),
            rank=pool["rank"].astype(int),
            strongest=_strongest_pillar(ranked).reindex(idx),
            n_ranked=len(ranked),
        )


def _group(eco: pd.DataFrame, column: str) -> pd.Series:
    """A grouping column as text; 'n/a' where unknown, so it never counts as a shared region."""
    values = eco[column] if column in eco.columns else pd.Series(np.nan, index=eco.index, dtype=object)
    return values.fillna("n/a").astype(str)


class _Wave:
    """One wave being filled: its picks and how many it already holds per region (for the cap)."""

    def __init__(self, number: int, size: int, market: _Field, rules: _Rules) -> None:
        self.number, self.size, self.market, self.rules = number, size, market, rules
        self.picks: list[tuple[str, str]] = []
        self.per_region: Counter[str] = Counter()

    def full(self) -> bool:
        return len(self.picks) >= self.size

    def fits(self, code: str) -> bool:
        """Wave 1 only takes the start tier; no wave exceeds the per-region cap."""
        if self.number == 1 and self.rules.start_tier is not None and self.market.tier[code] != self.rules.start_tier:
            return False
        return self.rules.cap is None or self.per_region[self.market.region[code]] < self.rules.cap

    def take(self, code: str, why: str) -> None:
        self.picks.append((code, why))
        self.per_region[self.market.region[code]] += 1


def _place(market: _Field, rules: _Rules, sizes: list[int], must: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Fill the waves in order: rows for the plan table, and a note per wave left short.

    must_include markets go first and best-ranked first, so a founder's fixed
    choices take the earliest slots they fit; one that fits nowhere is an error.
    """
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    used: set[str] = set()
    pending = sorted(must, key=lambda c: market.rank[c])
    for number, size in enumerate(sizes, start=1):
        wave = _Wave(number, size, market, rules)
        near = _fill_wave(wave, pending, used, earlier=[r["iso3"] for r in rows])
        for code, why in wave.picks:
            used.add(code)
            core = rows[0]["iso3"] if rows else code
            rows.append(_plan_row(market, rules, number, code, why, near.get(code, ("", "", "")), core))
        if not wave.full():
            notes.append(
                f"wave {number}: {len(wave.picks)} of {size} slots filled — not enough economies left that fit the "
                "constraints"
            )
    if pending:
        raise ValueError(
            f"cannot place must_include {', '.join(pending)}: no wave has room within the constraints "
            "(start_tier / max_per_region)"
        )
    return rows, notes


def _fill_wave(wave: _Wave, pending: list[str], used: set[str], earlier: list[str]) -> dict[str, tuple[str, str, str]]:
    """Pending must_include markets first, then the best-ranked that fit; returns the nearness of candidates.

    With expand_near, later waves look first where earlier waves already
    operate (same region, then same income group), so the founder reuses what
    they learned instead of jumping continents.
    """
    market = wave.market
    for code in list(pending):
        if not wave.full() and wave.fits(code):
            wave.take(code, "must")
            pending.remove(code)
    taken = {p for p, _ in wave.picks}
    order = [c for c in market.idx if c not in used and c not in pending and c not in taken]
    near: dict[str, tuple[str, str, str]] = {}
    if wave.rules.expand_near and wave.number > 1 and earlier:
        near = _nearness(order, earlier, market.region, market.income)
        order = sorted(order, key=lambda c: ({"region": 0, "income": 1}.get(near[c][0], 2), market.rank[c]))
    for code in order:
        if wave.full():
            break
        if wave.fits(code):
            wave.take(code, "rank")
    return near


def _plan_row(
    market: _Field, rules: _Rules, wave: int, code: str, why: str, near: tuple[str, str, str], core: str
) -> dict[str, Any]:
    """One plan row: the English rationale and, beside it, its ingredients for other languages."""
    near_kind, near_code, near_group = near
    rank = int(market.rank[code])
    tier = str(market.tier[code])
    rationale = _rationale(
        wave,
        code,
        why,
        rank,
        market.n_ranked,
        tier,
        str(market.strongest.at[code, "text"]),
        _near_text(near_kind, near_code, near_group, core),
        rules.start_tier,
    )
    fit = rules.fit_notes.get(code)
    return {
        "wave": wave,
        "iso3": code,
        "country": str(market.name[code]),
        "rank": rank,
        "tier": tier,
        "region": market.region[code],
        "rationale": rationale + (f"; {fit}" if fit else ""),
        "reason_kind": _reason_kind(wave, why, near_kind, rules.start_tier),
        "n_ranked": market.n_ranked,
        "strongest_pillar": market.strongest.at[code, "pillar"],
        "strongest_top_pct": market.strongest.at[code, "top_pct"],
        "near_iso3": near_code,
        "near_group": near_group,
    }


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
