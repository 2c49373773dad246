"""Engine reasons worded in the founder's language, from the engine's structured columns.

The engine stays language-neutral: next to each English sentence (kept for
the CLI) it returns the sentence's ingredients as data — tier levels and
runner-up, plan reason kinds, exclusion kinds.  These functions put the
ingredients back into words through the one translation table, so Chinese
mode never shows an engine sentence.  The English templates reproduce the
engine's sentences exactly; tests/test_reasons.py compares them row by row,
which is what keeps the two wordings from drifting apart.

No streamlit here: every function takes `lang` explicitly, so tests can call
them directly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from xbmarkets.ui.i18n import label, translate
from xbmarkets.vocab import UNCLASSIFIED

__all__ = [
    "tier_reasons",
    "tier_rule",
    "plan_rationales",
    "exclusion_reasons",
    "explanation_summary",
    "verdict_text",
    "short_label",
    "number",
]


def _t(lang: str, key: str, **fmt: object) -> str:
    return translate(key, lang, **fmt)


def _join(lang: str, items: Sequence[str], key: str = "punct.list") -> str:
    return _t(lang, key).join(items)


def _word(lang: str, prefix: str, name: str) -> str:
    """A word we own (tier, pillar, level, composite) in `lang`; unknown names stay as given."""
    return label(prefix, str(name), lang, fallback=str(name))


def short_label(dm: Any, ind: str, lang: str) -> str:
    """The few-word indicator name the tier reasons use: the catalog's short name in `lang`."""
    from xbmarkets.tiers import short_name

    return label("short", ind, lang, fallback=short_name(dm, ind))


# --------------------------------------------------------------------------- tiers


def tier_reasons(tier_result: Any, dm: Any, lang: str) -> pd.Series:
    """One reason per row of `tier_result.table`, in `lang` (English = the engine's own sentence)."""
    table: pd.DataFrame = tier_result.table
    feats: Mapping[str, Sequence[str]] = tier_result.features
    short = {i: short_label(dm, i, lang) for group in feats.values() for i in group}
    present = dm.values.reindex(table.index)
    out = []
    for code, row in table.iterrows():
        if row["tier"] == UNCLASSIFIED or row.get("lacking", ""):
            parts = []
            for name in filter(None, str(row["lacking"]).split(",")):
                group = list(feats[name])
                parts.append(
                    _t(
                        lang,
                        "tiers.lacking",
                        composite=_word(lang, "composite", name),
                        need=math.ceil(len(group) / 2),
                        n=len(group),
                        names=_join(lang, [short[i] for i in group]),
                        has=int(row[f"present_{name}"]),
                    )
                )
            out.append(_t(lang, "tiers.unclassified", parts=_join(lang, parts, "punct.clauses")))
            continue

        def names(comp: str, code: Any = code) -> str:
            ids = [i for i in feats[comp] if i in present.columns and pd.notna(present.at[code, i])]
            return _join(lang, [short[i] for i in ids])

        text = _t(
            lang,
            "tiers.reason",
            mat_level=_word(lang, "level", row["maturity_level"]),
            mat_names=names("maturity"),
            mom_level=_word(lang, "level", row["momentum_level"]),
            mom_names=names("momentum"),
            tier=_word(lang, "tierword", row["tier"]),
        )
        if row.get("runner_up", ""):
            text += _t(lang, "tiers.borderline", tier=_word(lang, "tierword", row["runner_up"]))
        out.append(text)
    return pd.Series(out, index=table.index, dtype=object, name="reason")


def tier_rule(tier_result: Any, dm: Any, k: int, seed: int, lang: str) -> str:
    """The features and naming rule of a TierResult, in `lang` (English = `tier_result.rule`)."""
    from xbmarkets.tiers import FEATURE_WEIGHTS, N_INIT

    composites = []
    for name, ids in tier_result.features.items():
        composites.append(
            _t(
                lang,
                "tiers.rule.composite",
                composite=_word(lang, "composite", name),
                names=_join(lang, [short_label(dm, i, lang) for i in ids]),
                need=math.ceil(len(ids) / 2),
                n=len(ids),
                w=f"{FEATURE_WEIGHTS.get(name, 1.0):g}",
            )
        )
    n_out = int((tier_result.table["tier"] == UNCLASSIFIED).sum())
    out = _t(lang, "tiers.rule.out_one" if n_out == 1 else "tiers.rule.out_many", n=n_out)
    return _t(
        lang,
        "tiers.rule",
        composites=_join(lang, composites, "punct.clauses"),
        k=k,
        n_init=N_INIT,
        seed=seed,
        out=out,
        region=_t(lang, "tiers.rule.region"),
    )


# --------------------------------------------------------------------------- plan


def plan_rationales(
    plan: pd.DataFrame, lang: str, head: bool = True, fit: Mapping[str, str] | None = None
) -> pd.Series:
    """The 'why' of each plan row in `lang`, from plan.REASON_COLUMNS (English = the `rationale` column).

    `head=False` leaves out 'Core market' / 'Wave n' for lists already grouped by wave; a
    must-include or start-tier note then leads the text.  Pass the whole plan: 'the core' is
    its wave-1 market.
    """
    cores = plan.loc[plan["wave"] == 1, "iso3"]
    core = str(cores.iloc[0]) if len(cores) else ""
    out = []
    row: Any
    for row in plan.itertuples(index=False):
        lead = _t(lang, "plan.head.core") if row.wave == 1 else _t(lang, "plan.head.wave", n=int(row.wave))
        note = ""
        if row.reason_kind == "must_include":
            note = _t(lang, "plan.extra.must")
        elif row.reason_kind == "core_start_tier":
            note = _t(lang, "plan.extra.start_tier", tier=_word(lang, "tierword", row.tier))
        parts = [_t(lang, "plan.rank", rank=int(row.rank), n=int(row.n_ranked))]
        if row.tier not in ("n/a", ""):
            parts.append(_t(lang, "plan.tier", tier=_word(lang, "tierword", row.tier)))
        if row.strongest_pillar:
            parts.append(
                _t(lang, "plan.no_top_half")
                if pd.isna(row.strongest_top_pct)
                else _t(
                    lang,
                    "plan.strongest",
                    pillar=_word(lang, "pillarword", row.strongest_pillar),
                    pct=int(row.strongest_top_pct),
                )
            )
        if row.reason_kind in ("same_region", "same_income"):
            kind = "region" if row.reason_kind == "same_region" else "income"
            who = _t(lang, "plan.the_core") if row.near_iso3 == core else str(row.near_iso3)
            parts.append(_t(lang, f"plan.near.{kind}", who=who, group=_word(lang, kind, row.near_group)))
        body = _join(lang, parts, "punct.parts")
        if fit and fit.get(row.iso3):
            body = _join(lang, [body, fit[row.iso3]], "punct.clauses")
        if head:
            extra = _t(lang, "plan.extra", items=note) if note else ""
            out.append(_t(lang, "plan.rationale", head=lead, extra=extra, parts=body))
        else:
            out.append(_join(lang, [note, body], "punct.clauses") if note else body)
    return pd.Series(out, index=plan.index, dtype=object, name="rationale")


# --------------------------------------------------------------------------- scoring


def exclusion_reasons(excluded: pd.DataFrame, lang: str) -> pd.Series:
    """Why each economy is not ranked, in `lang`, from reason_kind / pillars / coverage / threshold."""
    out = []
    row: Any
    for row in excluded.itertuples(index=False):
        if row.reason_kind == "home":
            out.append(_t(lang, "excl.home"))
            continue
        parts = []
        pillars = [p for p in str(row.pillars).split(",") if p]
        if pillars:
            parts.append(_t(lang, "excl.no_data", pillars=_join(lang, [_word(lang, "pillarword", p) for p in pillars])))
        if row.reason_kind in ("below_threshold", "both"):
            parts.append(_t(lang, "excl.below", cov=100 * float(row.coverage), thr=100 * float(row.threshold)))
        out.append(_join(lang, parts, "punct.clauses"))
    return pd.Series(out, index=excluded.index, dtype=object, name="reason")


# --------------------------------------------------------------------------- explain


def _and(lang: str, items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _t(lang, "punct.and", head=_join(lang, list(items[:-1])), last=items[-1])


def _phrase(ex: Any, pillar: str, best: bool, lang: str) -> str:
    """'logistics (LPI 2023: overall 4.1, top 5 %)': the pillar's most telling indicator."""
    ind = ex.indicators
    own = ind[(ind["pillar"] == pillar) & ind["normalized"].notna()]
    word = _word(lang, "pillarword", pillar)
    if own.empty:
        return word
    pick = own["percentile"].idxmax() if best else own["percentile"].idxmin()
    r = own.loc[pick]
    n = max(int(r["field_n"]), 1)
    pct = max(1, round(100 * r["field_rank"] / n)) if best else max(1, round(100 * (n - r["field_rank"] + 1) / n))
    unit = str(r.get("unit", "") or "")
    value = number(float(r["raw"]), lang) + ("%" if unit.startswith("%") else "")
    indicator = _PARENS.sub("", label("ind", str(pick), lang, fallback=str(r["name"]))).strip()
    return _t(lang, "ex.top" if best else "ex.bottom", pillar=word, indicator=indicator, value=value, pct=pct)


_PARENS = re.compile(r"\s*[（(][^（()）]*[）)]")
# 万亿, 亿, 万: how Chinese groups digits (万 only from a million: 96,498 reads better than 9.65 万)
_ZH_SCALES = ((1e12, 1e12, "num.1e12"), (1e8, 1e8, "num.1e8"), (1e6, 1e4, "num.1e4"))


def number(value: float, lang: str) -> str:
    """A value as a reader of `lang` counts: 62.6 bn in English, 626 亿 in Chinese."""
    from xbmarkets.ui.views import human_number

    if lang != "zh" or not np.isfinite(value):
        return human_number(value)
    for bound, scale, key in _ZH_SCALES:
        if abs(value) >= bound:
            x = value / scale
            return (f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}") + _t(lang, key)
    return human_number(value)


def explanation_summary(ex: Any, country: str, lang: str, origin_name: str = "") -> str:
    """The explain() summary in `lang` (the engine's English `summary` has its own number formatting).

    With a seller origin (`origin_name` in `lang`), the last sentence says what makes the market near or
    far from it, as the engine's does."""
    method = label("method", ex.method, lang, fallback=ex.method)
    text = _t(
        lang, "ex.head", country=country, rank=int(ex.rank), n=int(ex.n_ranked), score=float(ex.score), method=method
    )
    strong = [_phrase(ex, p, True, lang) for p in ex.strongest_pillars]
    weak = [_phrase(ex, p, False, lang) for p in ex.weakest_pillars]
    text += _t(lang, "ex.carried", items=_and(lang, strong)) if strong else _t(lang, "ex.no_strong")
    text += _t(lang, "ex.held", items=_and(lang, weak)) if weak else _t(lang, "ex.no_weak")
    sentences = [text + _t(lang, "ex.end")]
    if ex.coverage < 1.0 - 1e-9:
        missing = [
            _PARENS.sub("", label("ind", str(i), lang, fallback=str(ex.indicators.at[i, "name"]))).strip()
            for i in ex.missing_indicators
        ]
        shown = _join(lang, missing[:3])
        if len(missing) > 3:
            shown = _t(lang, "ex.more", items=shown, n=len(missing) - 3)
        sentences.append(_t(lang, "ex.coverage", cov=100 * float(ex.coverage), missing=shown))
    if ex.method in ("topsis", "vikor"):
        sentences.append(_t(lang, f"ex.{ex.method}"))
    fit = fit_sentence(getattr(ex, "fit", None), origin_name, lang) if origin_name else ""
    if fit:
        sentences.append(_t(lang, "ex.fit", origin=origin_name, fit=fit))
    return ("" if lang == "zh" else " ").join(sentences)


def fit_sentence(facts: Any, origin_name: str, lang: str) -> str:
    """What makes a market near or far from the seller's origin, in `lang` (English = FitFacts.sentence)."""
    from xbmarkets.origin import language_name

    if facts is None:
        return ""
    parts: list[str] = []
    if facts.distance_km is not None:
        parts.append(_t(lang, "fit.km", km=facts.distance_km, origin=origin_name))
    if facts.languages:
        names = [language_name(code, lang) for code in facts.languages[:2]]
        parts.append(
            _t(
                lang,
                "fit.shares",
                languages=_t(lang, "fit.and", a=names[0], b=names[1]) if len(names) > 1 else names[0],
            )
        )
    if facts.border:
        parts.append(_t(lang, "fit.border"))
    if facts.agreements:
        since = _t(lang, "fit.since", year=facts.agreement_year) if facts.agreement_year else ""
        parts.append(_t(lang, "fit.agreement", name=facts.agreements[0], since=since))
    if facts.tz_gap_hours is not None:
        parts.append(_t(lang, "fit.tz", hours=f"{facts.tz_gap_hours:g}"))
    return _join(lang, parts, "punct.parts")


# --------------------------------------------------------------------------- robustness


def verdict_text(acceptability: pd.DataFrame, level: str, top_k: int, names: Mapping[str, str], lang: str) -> str:
    """robustness.stability_verdict's message in `lang`, from the acceptability shares and the verdict level."""
    from xbmarkets.robustness import STABLE_SHARE

    acc = acceptability.dropna(subset=["p_first"])

    def name(i: Any) -> str:
        n = names.get(i) if names else None
        return n if isinstance(n, str) and n else str(i)

    ranked = acc["p_first"].sort_values(ascending=False, kind="stable")
    leader, p1 = ranked.index[0], float(ranked.iloc[0])
    solid = list(acc.index[acc["p_top_k"] >= STABLE_SHARE])
    solid_txt = (
        _t(
            lang,
            "rob.v.solid_one" if len(solid) == 1 else "rob.v.solid_many",
            names=_join(lang, [name(i) for i in solid]),
            k=int(top_k),
            share=STABLE_SHARE,
        )
        if solid
        else ""
    )
    if level == "stable":
        return _t(lang, "rob.v.stable", leader=name(leader), p1=p1, solid=solid_txt)
    if level == "fragile" and len(ranked) > 1:
        return _t(
            lang,
            "rob.v.fragile",
            leader=name(leader),
            p1=p1,
            second=name(ranked.index[1]),
            p2=float(ranked.iloc[1]),
            solid=solid_txt,
        )
    contenders = _join(
        lang, [_t(lang, "rob.v.contender", name=name(i), p=float(v)) for i, v in ranked.iloc[:3].items() if v > 0]
    )
    return _t(lang, "rob.v.unstable", contenders=contenders, k=int(top_k), solid=solid_txt)


def fit_notes(dm: Any, codes: Sequence[str], origin_name: str, lang: str) -> dict[str, str]:
    """iso3 -> the fit sentence from the matrix's origin, in `lang` (empty without an origin)."""
    from xbmarkets.origin import fit_facts

    if getattr(dm, "origin", None) is None or not origin_name:
        return {}
    out = {}
    for code in codes:
        text = fit_sentence(fit_facts(dm.context, str(code)), origin_name, lang)
        if text:
            out[str(code)] = text
    return out


# --------------------------------------------------------------------------- decisions (issue 10)
# Stability intervals, "what would it take" and plan robustness, worded from the engine's structured
# results; English equals the engine's own sentences (tests/test_reasons_decide.py).


def percent_text(x: float, *others: float, lang: str = "en") -> str:
    """`stability.percent` (as many decimals as it takes to tell the numbers apart); Chinese sets '%' closed up."""
    from xbmarkets.stability import percent

    text = percent(x, *others)
    return text.replace(" %", "%") if lang == "zh" else text


def _who(names: Mapping[str, str], code: object) -> str:
    name = names.get(str(code)) if names else None
    return name if isinstance(name, str) and name else str(code)


def stability_sentence(row: Mapping[str, Any], top: Sequence[str], names: Mapping[str, str], lang: str) -> str:
    """One row of `stability.StabilityResult.table` in words (English = the row's `sentence`)."""
    pillar, k = _word(lang, "pillarword", str(row["pillar"])), int(row["k"])
    now, low, high = float(row["weight_now"]), float(row["low"]), float(row["high"])

    def pct(x: float, *others: float) -> str:
        return percent_text(x, *others, lang=lang)

    if k == 1:
        subject = _t(lang, "stab.subject.first", name=_who(names, top[0]))
    else:
        subject = _t(lang, "stab.subject.top", k=k, names=_join(lang, [_who(names, c) for c in top]))
    if low <= 0.0 and high >= 1.0:
        return _t(lang, "stab.whatever", subject=subject, pillar=pillar, now=pct(now))
    if low == high == now:
        return _t(lang, "stab.only", subject=subject, pillar=pillar)
    if low > 0.0 and high < 1.0:
        span = _t(lang, "stab.between", pillar=pillar, low=pct(low, now, high), high=pct(high, now, low))
    elif low <= 0.0:
        span = _t(lang, "stab.at_most", pillar=pillar, high=pct(high, now))
    else:
        span = _t(lang, "stab.at_least", pillar=pillar, low=pct(low, now))
    ends = []
    for side, edge in (("low", low), ("high", high)):
        if (side == "low" and edge <= 0.0) or (side == "high" and edge >= 1.0):
            continue
        incoming, outgoing = _who(names, row[f"{side}_in"]), _who(names, row[f"{side}_out"])
        change = (
            _t(lang, "stab.takes_over", who=incoming)
            if k == 1
            else _t(lang, "stab.replaces", who=incoming, out=outgoing)
        )
        ends.append(_t(lang, f"stab.{side}_end", edge=pct(edge, now), change=change))
    return _t(lang, "stab.sentence", subject=subject, span=span, now=pct(now), ends=_join(lang, ends, "punct.clauses"))


def stability_sentences(table: pd.DataFrame, top: Sequence[str], names: Mapping[str, str], lang: str) -> pd.Series:
    """`stability_sentence` for every row of a stability table (index kept)."""
    out = [stability_sentence({str(k): v for k, v in row.items()}, top, names, lang) for _, row in table.iterrows()]
    return pd.Series(out, index=table.index, dtype=object, name="sentence")


def whatif_text(wi: Any, names: Mapping[str, str], lang: str) -> str:
    """`whatif.WhatIf.sentence` in `lang` from its fields (English = the engine's sentence)."""
    from xbmarkets.whatif import weight_moves

    who = _who(names, wi.iso3)
    if wi.status == "already":
        return whatif_already_text(wi.iso3, int(wi.k), int(wi.rank_now), names, lang)
    blockers = _join(lang, [_who(names, c) for c in wi.dominated_by[: max(int(wi.k), 3)]])
    if wi.status == "impossible":
        why = (
            _t(lang, "wi.dominated", blockers=blockers)
            if len(wi.dominated_by) >= wi.k
            else _t(lang, "wi.checked_exactly")
        )
        return _t(lang, "wi.impossible", who=who, k=int(wi.k), why=why)
    if wi.status == "not_found":
        also = _t(lang, "wi.also_dominated", blockers=blockers) if blockers else ""
        return _t(lang, "wi.not_found", who=who, k=int(wi.k), best=wi.best_rank, also=also)
    parts = [
        _t(
            lang,
            "wi.move",
            pillar=_word(lang, "pillarword", p),
            now=percent_text(now, needed, lang=lang),
            needed=percent_text(needed, now, lang=lang),
        )
        for p, now, needed in weight_moves(wi.weights)
    ]
    after = (
        _t(lang, "wi.after", who=who, rank=int(wi.rank_after))
        if wi.rank_after is not None
        else _t(lang, "wi.drops_out", who=who)
    )
    return _t(
        lang,
        "wi.found" if wi.exact else "wi.found_near",
        who=who,
        rank=int(wi.rank_now),
        k=int(wi.k),
        moves=_join(lang, parts),
        total=percent_text(wi.distance, lang=lang),
        after=after,
    )


def _value(x: Any, lang: str) -> str:
    """A value in a what-if sentence: the engine's writing; Chinese counts large ones in 万 / 亿."""
    from xbmarkets.whatif import number_text

    if lang == "zh" and abs(float(x)) >= 1e6:
        return number(float(x), lang)
    return number_text(x)


def whatif_already_text(iso3: str, k: int, rank: int, names: Mapping[str, str], lang: str) -> str:
    """The what-if answer for a market already in the top k: the page says it without running the search."""
    return _t(lang, "wi.already", who=_who(names, iso3), k=int(k), rank=int(rank))


def whatif_indicator_text(wi: Any, names: Mapping[str, str], lang: str) -> str:
    """`whatif.WhatIf.indicator_sentence` in `lang` (English = the engine's sentence; '' when there is none)."""
    table = wi.indicators
    if wi.status == "already" or table.empty:
        return ""
    who = _who(names, wi.iso3)
    possible = table[table["status"] == "possible"]
    if possible.empty:
        return _t(lang, "wi.ind_none", who=who, k=int(wi.k))
    row = possible.iloc[0]
    return _t(
        lang,
        "wi.ind_rose" if float(row["change"]) > 0 else "wi.ind_fell",
        who=who,
        rank=int(row["rank_after"]),
        indicator=label("ind", str(row["indicator"]), lang, fallback=str(row["name"])),
        now=_value(row["value_now"], lang),
        needed=_value(row["value_needed"], lang),
        best=_value(row["best_in_field"], lang),
    )


def plan_text(waves: Sequence[Sequence[str]], names: Mapping[str, str] | None, lang: str) -> str:
    """A plan as 'core | wave 2 | …' (ISO3 codes as the engine writes them when `names` is None)."""
    sep = _t(lang, "punct.list")

    def who(code: str) -> str:
        return code if names is None else _who(names, code)

    return " | ".join(sep.join(who(c) for c in wave) for wave in waves if wave)


def plan_robustness_text(pr: Any, names: Mapping[str, str], lang: str, plan_names: bool = True) -> str:
    """`plan_robustness.PlanRobustness.sentence` in `lang`; `plan_names=False` writes plans in ISO3 codes
    (then the English equals the engine's sentence)."""
    core = pr.base_plan[0][0] if pr.base_plan and pr.base_plan[0] else ""
    drawn = _t(lang, "pr.drawn_near" if pr.concentration is not None else "pr.drawn_uniform")
    text = _t(
        lang,
        "pr.sentence",
        draws=f"{int(pr.draws):,}",
        drawn=drawn,
        name=_who(names, core),
        core=float(pr.core_share),
        base=float(pr.base_share),
    )
    if len(pr.plans):
        top = pr.plans.iloc[0]
        if not bool(top["is_base"]):
            shown = plan_text(top["waves"], names if plan_names else None, lang)
            text += _t(lang, "pr.most_frequent", share=float(top["share"]), plan=shown)
    return text
