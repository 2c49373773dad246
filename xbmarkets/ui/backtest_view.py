"""What the Backtest page shows, worded in the founder's language: pure, no streamlit.

The engine (`xbmarkets.backtest`) answers "did the markets this scenario
favoured as of YEAR do better afterwards" with numbers and a `Verdict` made
of ingredients (kind, strength, figures, caveat codes); this module turns
them into the page's frames and sentences.  The English sentences equal the
engine's (`Verdict.message`, `caveat_text`) -- tests/test_backtest_view.py
compares them for every kind, caveat and outcome -- so the CLI and the page
never tell a founder two different things.

It also maps the dashboard's scenario onto a past-year snapshot: a vintage
lacks what had no edition that old (the IMF outlook, the cyberlaw tracker,
the founder's own upload), and a backtest must score with what remains
rather than fail, saying what was left out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from xbmarkets import scenario as sc
from xbmarkets.catalog import ALL_PILLARS
from xbmarkets.outcomes import OUTCOMES, OutcomeSpec
from xbmarkets.ui.i18n import has, label, translate

__all__ = [
    "DEFAULT_YEAR",
    "SCORE",
    "TOP_LABELLED",
    "VintageInputs",
    "backtest_years",
    "choose",
    "vintage_inputs",
    "weighted",
    "scenario_gaps",
    "vintage_flips",
    "weights_from",
    "origin_setting",
    "summary_row",
    "left_out_text",
    "subject_label",
    "outcome_label",
    "outcome_short",
    "outcome_unit",
    "outcome_title",
    "verdict_text",
    "caveat_lines",
    "kind_label",
    "verdict_box",
    "fifths_text",
    "scatter_frame",
    "interval_frame",
    "summary_view",
    "market_view",
]

SCORE = "score"
TOP_LABELLED = 10
"""The founder's top markets as of the year (by score) get their name on the scatter."""
DEFAULT_YEAR = max(o.as_of for o in OUTCOMES)
"""The page opens on the latest year a backtest can judge."""
_KIND_BOX = {"supports": "success", "contradicts": "warning"}


# --------------------------------------------------------------------------- choices


def backtest_years(data_dir: str | Path) -> list[int]:
    """Years with both outcomes defined and a shipped vintage snapshot in the data folder (oldest first)."""
    from xbmarkets.snapshot import vintage_dir

    years = sorted({o.as_of for o in OUTCOMES})
    return [y for y in years if vintage_dir(y, data_dir).is_dir()]


def choose(saved: Any, options: Sequence[Any]) -> Any:
    """The founder's earlier pick when it is still an option, else the first option (None when there is none)."""
    if saved in options:
        return saved
    return options[0] if options else None


# --------------------------------------------------------------------------- the scenario, as of a past year


@dataclass(frozen=True)
class VintageInputs:
    """The scenario's scoring inputs restricted to what a past-year snapshot holds."""

    pillar_weights: tuple[tuple[str, float], ...]
    """weights of the pillars the vintage has indicators for (sorted, hashable: a cache key)."""
    indicator_weights: tuple[tuple[str, float], ...]
    """the scenario's weight of every indicator the vintage holds (its catalog default otherwise)."""
    absent_pillars: tuple[str, ...]
    """pillars the scenario weighs that the vintage has no indicator for (e.g. fit without an origin)."""
    absent_indicators: tuple[str, ...]
    """indicators the scenario weighs (in a weighted pillar) that the vintage lacks, in catalog order."""

    @property
    def has_weight(self) -> bool:
        return any(w > 0 for _, w in self.pillar_weights)


def vintage_inputs(
    scenario: Mapping[str, Any],
    pillars: Iterable[str],
    now: pd.DataFrame,
    then: pd.DataFrame,
) -> VintageInputs:
    """Map a scenario (weights for today's matrix, `now` = its criteria) onto a vintage's criteria `then`.

    Pillars and indicators the vintage lacks are dropped, never zero-filled
    into the data: the remaining weights are used as they are, which is what
    the CLI's `backtest` does with a preset naming a pillar the vintage lacks.
    """
    weights = sc.pillar_weights(scenario, pillars)
    present = set(then["pillar"].astype(str))
    pw = tuple(sorted((p, w) for p, w in weights.items() if p in present))
    absent_p = tuple(p for p in _ordered(weights) if weights[p] > 0 and p not in present)
    defaults = then["weight"] if "weight" in then.columns else pd.Series(1.0, index=then.index)
    iw = tuple(sorted((i, float(scenario.get(sc.ind_weight_key(i), float(defaults.get(i, 1.0))))) for i in then.index))
    weighted = {p for p, w in weights.items() if w > 0}
    absent_i = tuple(
        i
        for i in now.index
        if i not in then.index
        and str(now.at[i, "pillar"]) in weighted
        and str(now.at[i, "pillar"]) != "custom"  # the founder's own columns: said once, as a pillar
        and float(scenario.get(sc.ind_weight_key(i), 1.0)) > 0
    )
    return VintageInputs(pw, iw, absent_p, absent_i)


def weighted(inputs: VintageInputs) -> list[tuple[str, float]]:
    """The pillars scored as of the year and their weights, in the catalog's order (zero weights left out)."""
    weights = dict(inputs.pillar_weights)
    return [(p, weights[p]) for p in _ordered(weights) if weights[p] > 0]


def scenario_gaps(inputs: VintageInputs) -> dict[str, str]:
    """CSV header lines naming what the scenario weighs but the vintage cannot hold (none when nothing)."""
    out = {}
    if inputs.absent_pillars:
        out["pillars_without_data_then"] = ", ".join(inputs.absent_pillars)
    if inputs.absent_indicators:
        out["indicators_without_data_then"] = ", ".join(inputs.absent_indicators)
    return out


def vintage_flips(flips: Iterable[tuple[str, int]], dm: Any) -> dict[str, str]:
    """The `flipped_directions` header line of the flips the vintage could apply (those of indicators it holds)."""
    from xbmarkets.ui.views import flipped_setting

    return flipped_setting([(k, d) for k, d in flips if k in dm.criteria.index])


def weights_from(scenario: Mapping[str, Any]) -> str:
    """Where the pillar weights came from, as the CLI's `weights_from` line says it."""
    preset, profile = str(scenario.get("preset") or ""), str(scenario.get("profile") or "")
    source = f"preset {preset}" if preset else "sliders"
    return f"{source}, profile {profile}" if profile else source


def origin_setting(dm: Any) -> str:
    """'CHN (China)' for the CSV header, as the CLI writes it; 'none (generic view, …)' without an origin."""
    if getattr(dm, "origin", None) is None:
        return "none (generic view, no seller origin)"
    return f"{dm.origin} ({dm.economies.at[dm.origin, 'name']})"


def _ordered(weights: Mapping[str, float]) -> list[str]:
    return [p for p in ALL_PILLARS if p in weights] + sorted(set(weights) - set(ALL_PILLARS))


def left_out_text(ids: Sequence[str], left_out: pd.DataFrame, year: int, lang: str) -> str:
    """'The 2021 snapshot has no edition of: IMF growth outlook (2025), …' from the vintage's left_out table."""
    if not ids:
        return ""
    rows = left_out.set_index("id") if "id" in left_out.columns else left_out
    items = []
    for i in ids:
        name = label("short", i, lang)
        edition = rows["source_year"].get(i) if "source_year" in rows.columns else None
        items.append(translate("bt.left_out_item", lang, name=name, year=edition) if _filled(edition) else name)
    return translate("bt.left_out", lang, year=year, items=translate("punct.list", lang).join(items))


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and str(value).strip() != ""


# --------------------------------------------------------------------------- words


def subject_label(subject: str, lang: str) -> str:
    """'Overall score' or the pillar's name, as the pickers, charts and tables show it."""
    return translate("bt.subject.score", lang) if subject == SCORE else translate(f"pillar.{subject}", lang)


def _outcome_key(kind: str, spec: OutcomeSpec) -> str:
    key = f"bt.{kind}.{spec.name}"
    if not has(key):  # an outcome added to the engine without words here: a test names it
        raise KeyError(key)
    return key


def outcome_label(spec: OutcomeSpec, lang: str) -> str:
    """The outcome as the picker lists it: 'Rise in online buying (Findex, 2021→2024)'."""
    return translate(_outcome_key("outcome", spec), lang, start=spec.start, end=spec.end)


def outcome_short(spec: OutcomeSpec, lang: str) -> str:
    """The outcome inside a verdict; in English exactly `spec.short`."""
    return translate(_outcome_key("short", spec), lang, start=spec.start, end=spec.end)


def outcome_unit(spec: OutcomeSpec, lang: str) -> str:
    return translate(_outcome_key("unit", spec), lang)


def outcome_title(spec: OutcomeSpec, lang: str) -> str:
    """The outcome with its unit: the scatter's y axis and the market table's column."""
    return translate("bt.axis_y", lang, outcome=outcome_label(spec, lang), unit=outcome_unit(spec, lang))


def _pillar_word(subject: str, lang: str) -> str:
    """A pillar inside a verdict: English names it by its id, as the CLI does ('the growth pillar score')."""
    return subject if lang == "en" else translate(f"pillar.{subject}", lang)


def _signed(x: float) -> str:
    return f"{x:+.2f}"


def verdict_text(verdict: Any, spec: OutcomeSpec, lang: str) -> str:
    """`Verdict.message(spec)` in `lang`, from the verdict's fields (in English, the engine's sentence)."""
    subject = (
        translate("bt.v.score", lang)
        if verdict.subject == SCORE
        else translate("bt.v.pillar", lang, pillar=_pillar_word(verdict.subject, lang))
    )
    outcome = outcome_short(spec, lang)
    if verdict.kind == "too_few":
        return translate("bt.v.too_few", lang, n=verdict.n, subject=subject, outcome=outcome)
    figures = translate(
        "bt.v.figures",
        lang,
        rho=_signed(verdict.rho),
        low=_signed(verdict.low),
        high=_signed(verdict.high),
        n=verdict.n,
    )
    if verdict.kind == "no_evidence":
        return translate("bt.v.no_evidence", lang, subject=subject, figures=figures, outcome=outcome)
    return translate(
        f"bt.v.{verdict.kind}",
        lang,
        outcome=outcome,
        subject=subject,
        as_of=verdict.as_of,
        figures=figures,
        strength=translate(f"bt.strength.{verdict.strength}", lang),
    )


def caveat_lines(verdict: Any, lang: str) -> list[str]:
    """The verdict's caveats in `lang` (in English, `backtest.caveat_text` of each code)."""
    return [
        translate(f"bt.caveat.{code}", lang, n=verdict.n, as_of=verdict.as_of, next_year=verdict.as_of + 1)
        for code in verdict.caveats
    ]


def kind_label(kind: str, lang: str) -> str:
    """The verdict's kind in a few words, for the summary table."""
    return translate(f"bt.kind.{kind}", lang)


def verdict_box(kind: str) -> str:
    """Which alert a verdict goes in: success (evidence for), warning (against), info (neither)."""
    return _KIND_BOX.get(kind, "info")


def fifths_text(row: Mapping[str, Any], spec: OutcomeSpec, lang: str) -> str:
    """'Top fifth: +2.41 vs bottom fifth: −0.37 percentage points (18 markets each)' for one summary row."""
    k = int(row["fifth"])
    if k < 1:
        return ""
    return translate(
        "bt.fifths",
        lang,
        top=_signed(float(row["top_fifth"])),
        bottom=_signed(float(row["bottom_fifth"])),
        unit=outcome_unit(spec, lang),
        k=k,
    )


# --------------------------------------------------------------------------- frames


def summary_row(bt: Any, subject: str) -> pd.Series:
    """The summary row of `subject` on the backtest's selected outcome."""
    rows = bt.summary[(bt.summary["outcome"] == bt.outcome.id) & (bt.summary["subject"] == subject)]
    if rows.empty:
        raise KeyError(subject)
    return rows.iloc[0]


def _names(codes: pd.Series, names: pd.Series, fallback: pd.Series) -> pd.Series:
    mapped = codes.map(names).astype(object)
    return mapped.where(mapped.notna(), fallback).astype(str)


def scatter_frame(table: pd.DataFrame, subject: str, names: pd.Series, top: int = TOP_LABELLED) -> pd.DataFrame:
    """Markets with both `subject`'s score and the outcome: iso3, country, rank, x, y, top (labelled).

    `top` marks the founder's top markets by score as of the year: the picks a
    seller would have made, whose outcome the chart shows by name.
    """
    rows = table[table["outcome"].notna() & table[subject].notna()]
    return pd.DataFrame(
        {
            "iso3": rows["iso3"].astype(str).to_numpy(),
            "country": _names(rows["iso3"], names, rows["country"]).to_numpy(),
            "rank": rows["rank"].astype(int).to_numpy(),
            "x": rows[subject].astype(float).to_numpy(),
            "y": rows["outcome"].astype(float).to_numpy(),
            "top": (rows["rank"] <= top).to_numpy(),
        }
    )


def interval_frame(summary: pd.DataFrame, spec: OutcomeSpec, lang: str) -> pd.DataFrame:
    """One row per subject of the selected outcome: subject, label, rho, low, high, n, kind, kind_label."""
    rows = summary[summary["outcome"] == spec.id]
    return pd.DataFrame(
        {
            "subject": rows["subject"].astype(str).to_numpy(),
            "label": [subject_label(s, lang) for s in rows["subject"]],
            "rho": rows["rho"].astype(float).to_numpy(),
            "low": rows["low"].astype(float).to_numpy(),
            "high": rows["high"].astype(float).to_numpy(),
            "n": rows["n"].astype(int).to_numpy(),
            "kind": rows["verdict"].astype(str).to_numpy(),
            "kind_label": [kind_label(k, lang) for k in rows["verdict"]],
        }
    )


def _header(name: str, lang: str) -> str:
    return translate(f"bt.col.{name}", lang)


def summary_view(summary: pd.DataFrame, spec: OutcomeSpec, lang: str) -> pd.DataFrame:
    """The ρ table of the selected outcome as shown and downloaded: headers and words in `lang`, numbers untouched."""
    rows = summary[summary["outcome"] == spec.id]
    out = pd.DataFrame(
        {
            "subject": [subject_label(s, lang) for s in rows["subject"]],
            "rho": rows["rho"].astype(float).to_numpy(),
            "low": rows["low"].astype(float).to_numpy(),
            "high": rows["high"].astype(float).to_numpy(),
            "n": rows["n"].astype(int).to_numpy(),
            "top_fifth": rows["top_fifth"].astype(float).to_numpy(),
            "bottom_fifth": rows["bottom_fifth"].astype(float).to_numpy(),
            "fifth": rows["fifth"].astype(int).to_numpy(),
            "verdict": [kind_label(k, lang) for k in rows["verdict"]],
        }
    )
    return out.rename(columns={c: _header(c, lang) for c in out.columns})


def market_view(table: pd.DataFrame, subjects: Sequence[str], spec: OutcomeSpec, names: pd.Series, lang: str):
    """The per-market table (the engine's, ranking order) with names and headers in `lang`, numbers untouched.

    The outcome comes right after the score: it is what the table is for, and
    a wide table would hide it behind the pillars.
    """
    first = ["rank", "iso3", "country", SCORE, "outcome"]
    out = table[first + [c for c in table.columns if c not in first]].copy()
    out["country"] = _names(out["iso3"], names, out["country"])
    outcome = outcome_title(spec, lang)
    headers = {
        "rank": translate("col.rank", lang),
        "iso3": translate("col.iso3", lang),
        "country": translate("col.country", lang),
        **{s: subject_label(s, lang) for s in subjects},
        "outcome": outcome,
        "outcome_start": _header("outcome_start", lang),
        "outcome_end": _header("outcome_end", lang),
    }
    return out.rename(columns=headers).reset_index(drop=True)
