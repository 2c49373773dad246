"""Why an economy ranks where it does: contributions, field position, one paragraph.

A founder trusts a ranking they can argue with (DOMAIN.md), so every number
in a score is traced back: pillar weight × pillar score, and inside a pillar
each indicator's re-spread weight × normalised score, next to the raw value,
its year and unit, and where it stands in the scored field.

* ``wsm``: contributions add up exactly to the score (the pillar score is a
  weighted mean and the score a weighted sum of pillar scores).
* ``topsis`` / ``vikor``: the score is not additive — TOPSIS gives the
  closeness coefficient D⁻/(D⁺+D⁻) to the ideal pillar profile, VIKOR 1 − Q.
  We still show weight × pillar score ("weighted pillar score") because it is
  what drives the distances, and say plainly that it does not sum to the score
  (``Explanation.additive`` is False).

"Strongest / weakest" is relative to the field, not absolute: a pillar is a
strength when the economy's pillar score is above the field median
(percentile > 50), a weakness when below; up to two of each are named.
Percentile here = 100 × (n − field rank) / (n − 1): 100 for the best of the
scored economies, 0 for the worst; "top x %" = 100 × field rank / n.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .matrix import DecisionMatrix
from .origin import FitFacts, fit_facts
from .scoring import ScoreResult

__all__ = ["Explanation", "explain", "contributions_table"]

_METHOD_WORDS = {"wsm": "weighted sum", "topsis": "TOPSIS", "vikor": "VIKOR"}
_N_NAMED = 2


@dataclass(frozen=True, eq=False)
class Explanation:
    """Everything behind one economy's score."""

    iso3: str
    name: str
    rank: int
    n_ranked: int
    score: float
    method: str
    additive: bool
    """True when contributions add up to the score (wsm)."""
    coverage: float
    pillars: pd.DataFrame
    """index pillar: weight, score, contribution, coverage, field_median, field_rank, percentile."""
    indicators: pd.DataFrame
    """index indicator id: name, pillar, raw, year, unit, normalized, weight, weight_used,
    contribution, field_median, field_rank, field_n, percentile (NaN where the economy lacks the value,
    contribution included: its weight went to the indicators present, so pandas sums still add up)."""
    strongest_pillars: tuple[str, ...]
    weakest_pillars: tuple[str, ...]
    strongest_indicators: tuple[str, ...]
    weakest_indicators: tuple[str, ...]
    missing_indicators: tuple[str, ...]
    summary: str
    origin: str | None = None
    """ISO3 the seller ships from (None in the generic view)."""
    fit: FitFacts | None = None
    """Distance, shared languages, border, agreement and time-zone gap from the origin (None without one)."""


def _field_position(field: np.ndarray, own: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(field rank, n with a value, percentile) of the row `own` in each column of `field`; higher is better."""
    a = field
    with np.errstate(invalid="ignore"):
        higher = (a > own[None, :]).sum(axis=0)
    n = (~np.isnan(a)).sum(axis=0)
    rank = np.where(np.isnan(own), np.nan, higher + 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = np.where(n > 1, 100.0 * (n - rank) / np.maximum(n - 1, 1), 100.0)
    pct = np.where(np.isnan(own), np.nan, pct)
    return rank, n, pct


def _row(index: pd.Index, code: str) -> int:
    """The position of `code` in a unique index (the matrices' and results' economy indexes are unique)."""
    return int(index.get_indexer(pd.Index([code]))[0])


def _median(a: np.ndarray) -> np.ndarray:
    """Column medians over the values present (NaN for a column without any), as pandas' `median` gives."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing column: its median is NaN, said by NaN
        return np.nanmedian(a, axis=0) if a.shape[0] else np.full(a.shape[1], np.nan)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _label(name: str) -> str:
    text = re.sub(r"\s*\(.*?\)", "", str(name)).strip()
    text = text.replace("Logistics Performance Index", "LPI")
    return text if len(text) <= 45 else text[:44] + "…"


def _fmt(value: float, unit: str) -> str:
    if not np.isfinite(value):
        return "n/a"
    unit = str(unit or "")
    a = abs(value)
    if a >= 1e12:
        text = f"{value / 1e12:.1f} trillion"
    elif a >= 1e9:
        text = f"{value / 1e9:.1f} billion"
    elif a >= 1e6:
        text = f"{value / 1e6:.1f} million"
    elif a >= 1000:
        text = f"{value:,.0f}"
    else:
        text = f"{value:.3g}"
    if "%" in unit:
        return f"{text} %"
    if "US$" in unit:
        return f"US$ {text}"
    return text


def explain(result: ScoreResult, dm: DecisionMatrix, iso3: str) -> Explanation:
    """Break `iso3`'s score down by pillar and indicator; see the module docstring."""
    iso3 = _ranked_code(result, iso3)
    _check_same_matrix(result, dm)
    table = result.table
    row = table.loc[iso3].to_dict()
    pill_df = _pillar_frame(result, iso3)
    ind_df = _indicator_frame(result, dm, iso3, pill_df["coverage"])
    strong_p, weak_p = _named(pill_df["percentile"], _N_NAMED)
    strong_i, weak_i = _named(ind_df["percentile"][ind_df["normalized"].notna()], 3)
    facts = fit_facts(dm.context, iso3) if dm.origin is not None else None
    e = Explanation(
        iso3=iso3,
        name=str(row["name"]) if "name" in table.columns else iso3,
        rank=int(row["rank"]),
        n_ranked=len(table),
        score=float(row["score"]),
        method=result.method,
        additive=result.method == "wsm",
        coverage=float(row["coverage"]),
        pillars=pill_df,
        indicators=ind_df,
        strongest_pillars=strong_p,
        weakest_pillars=weak_p,
        strongest_indicators=strong_i,
        weakest_indicators=weak_i,
        missing_indicators=tuple(str(i) for i in ind_df.index[ind_df["normalized"].isna()]),
        summary="",
        origin=dm.origin,
        fit=facts,
    )
    return replace(e, summary=_summary(e) + _fit_sentence(dm, facts))


def _ranked_code(result: ScoreResult, iso3: object) -> str:
    """The ranked ISO3 code asked for ('deu ' typed by hand means DEU), or why it has no explanation.

    An excluded economy gets its exclusion reason: that is the explanation a founder is after.
    """
    table = result.table
    if not isinstance(iso3, str) or not iso3.strip():
        raise ValueError(f"iso3 must be a country code such as 'DEU', got {iso3!r}")
    excl = result.excluded.set_index("iso3") if len(result.excluded) else pd.DataFrame()
    if iso3 not in table.index and iso3 not in excl.index:
        iso3 = iso3.strip().upper()
    if iso3 not in table.index:
        if iso3 in excl.index:
            raise ValueError(f"{iso3} is not ranked: {str(excl.at[iso3, 'reason'])}")
        raise ValueError(
            f"{iso3} is not in the result: it was neither ranked nor excluded "
            "(unknown code, or filtered out before scoring)"
        )
    return iso3


def _check_same_matrix(result: ScoreResult, dm: DecisionMatrix) -> None:
    """Raw values and years come from `dm`: a different matrix would explain the score with wrong figures."""
    lost = [str(i) for i in result.normalized.columns if i not in dm.criteria.index]
    if lost or len(result.table.index.difference(dm.values.index)):
        what = f"indicators {', '.join(lost[:5])}" if lost else "some ranked economies"
        raise ValueError(
            f"this result was not scored on this matrix ({what} missing from it); "
            "explain with the matrix that was scored"
        )


def _pillar_frame(result: ScoreResult, iso3: str) -> pd.DataFrame:
    """Per weighted pillar: weight, score, contribution, coverage and where the economy stands in the field."""
    # positional numpy rather than label lookups: this runs on every slider move that shows an explanation
    table = result.table
    pillars = list(result.pillars)
    row = _row(table.index, iso3)
    field = table[pillars].to_numpy(dtype=float)
    pw = result.pillar_weights[pillars].to_numpy(dtype=float)
    own = field[row]
    p_rank, _, p_pct = _field_position(field, own)
    pill_df = pd.DataFrame(
        {
            "weight": pw,
            "score": own,
            "contribution": pw * own,
            "coverage": table[[f"coverage_{p}" for p in pillars]].to_numpy(dtype=float)[row],
            "field_median": _median(field),
            "field_rank": p_rank,
            "percentile": p_pct,
        },
        index=pd.Index(pillars, name="pillar"),
    )
    return pill_df


def _indicator_frame(result: ScoreResult, dm: DecisionMatrix, iso3: str, p_cov: pd.Series) -> pd.DataFrame:
    """Per weighted indicator: raw value, year, unit, normalised score, weights and field position.

    `weight_used` is the weight after re-spreading within the pillar over the
    indicators the economy has, so contributions add up to the pillar score.
    """
    ids = pd.Index(result.normalized.columns)
    ind_ids = list(ids)
    crit = dm.criteria.loc[ind_ids]
    norm_field = result.normalized.to_numpy(dtype=float)
    norm_own = norm_field[_row(result.normalized.index, iso3)]
    values = dm.values.to_numpy(dtype=float)[:, dm.values.columns.get_indexer(ids)]
    raw_field = values[dm.values.index.get_indexer(result.table.index)]
    years = dm.years.to_numpy(dtype=float)[_row(dm.years.index, iso3)][dm.years.columns.get_indexer(ids)]
    eff = result.indicator_weights[ind_ids].to_numpy(dtype=float)
    ind_pillar = crit["pillar"].astype(str)
    cov = dict(zip(p_cov.index, p_cov.to_numpy(dtype=float), strict=True))
    cov_of = np.array([cov.get(p, np.nan) for p in ind_pillar], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        weight_used = np.where(~np.isnan(norm_own), eff / cov_of, 0.0)
    i_rank, i_n, i_pct = _field_position(norm_field, norm_own)
    return pd.DataFrame(
        {
            "name": crit["name"].astype(str).to_numpy() if "name" in crit.columns else ind_ids,
            "pillar": ind_pillar.to_numpy(),
            "raw": values[_row(dm.values.index, iso3)],
            "year": years,
            "unit": crit["unit"].astype(str).to_numpy() if "unit" in crit.columns else "",
            "normalized": norm_own,
            "weight": eff,
            "weight_used": weight_used,
            # missing stays NaN: a 0 would chart exactly like the field's worst value (weights were re-spread)
            "contribution": weight_used * norm_own,
            "field_median": _median(raw_field),
            "field_rank": i_rank,
            "field_n": i_n,
            "percentile": i_pct,
        },
        index=pd.Index(ind_ids, name="indicator"),
    )


def _named(percentile: pd.Series, n: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(strongest, weakest): up to n above and up to n below the field median (percentile 50), best first.

    Relative to the field, not absolute: "strong" means better than most of
    the markets the founder is choosing between.
    """
    by_pct = percentile.sort_values(ascending=False, kind="mergesort")
    strong = tuple(str(i) for i in by_pct.index[:n] if by_pct[i] > 50)
    weak = tuple(str(i) for i in by_pct.index[::-1][:n] if by_pct[i] < 50 and i not in strong)
    return strong, weak


def _fit_sentence(dm: DecisionMatrix, facts: FitFacts | None) -> str:
    """' Fit from China: …' when an origin is set and something about the fit can be said, else ''."""
    if facts is None or dm.origin is None:
        return ""
    origin_name = str(dm.economies.at[dm.origin, "name"]) if "name" in dm.economies.columns else dm.origin
    said = facts.sentence(origin_name)
    return f" Fit from {origin_name}: {said}." if said else ""


def _pillar_phrase(pillar: str, ind: pd.DataFrame, best: bool) -> str:
    """'logistics (LPI 2023: overall 4.1, top 5 %)' — the pillar's most telling indicator."""
    # positional numpy, not a filtered frame and a row dict: this runs for every explained market on every
    # slider move (issue 12)
    pos = np.flatnonzero((ind["pillar"].to_numpy(dtype=object) == pillar) & ind["normalized"].notna().to_numpy())
    if not len(pos):
        return pillar
    pct = ind["percentile"].to_numpy(dtype=float)[pos]
    j = int(pos[int(np.argmax(pct) if best else np.argmin(pct))])
    n = max(int(ind["field_n"].to_numpy(dtype=float)[j]), 1)
    field_rank = float(ind["field_rank"].to_numpy(dtype=float)[j])
    if best:
        where = f"top {max(1, round(100 * field_rank / n))} %"
    else:
        where = f"bottom {max(1, round(100 * (n - field_rank + 1) / n))} %"
    name, raw, unit = str(ind["name"].iat[j]), float(ind["raw"].to_numpy(dtype=float)[j]), str(ind["unit"].iat[j])
    return f"{pillar} ({_label(name)} {_fmt(raw, unit)}, {where})"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _summary(e: Explanation) -> str:
    """The paragraph a founder reads first: rank, what carries it, what holds it back, and the caveats."""
    ind = e.indicators
    method = e.method
    head = (
        f"{e.name} ranks {_ordinal(e.rank)} of {e.n_ranked} (score {e.score:.2f}, {_METHOD_WORDS.get(method, method)})"
    )
    strong = [_pillar_phrase(p, ind, True) for p in e.strongest_pillars]
    weak = [_pillar_phrase(p, ind, False) for p in e.weakest_pillars]
    if strong:
        head += ": carried by " + _join(strong)
    else:
        head += ": no pillar is above the field median"
    head += ("; held back by " + _join(weak)) if weak else "; no pillar is below the field median"
    sentences = [head + "."]
    if e.coverage < 1.0 - 1e-9:
        missing = [_label(str(ind.at[i, "name"])) for i in e.missing_indicators]
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        sentences.append(
            f"Data cover {100 * e.coverage:.0f} % of the indicator weight (missing: {shown}); "
            "weights were re-spread over the indicators present."
        )
    if method == "topsis":
        sentences.append(
            "The score is TOPSIS's closeness coefficient (0 = the worst profile in the field, "
            "1 = the ideal); weight × pillar score shows what drives it but does not add up to it."
        )
    elif method == "vikor":
        sentences.append(
            "The score is 1 − Q of VIKOR's compromise ranking; weight × pillar score shows "
            "what drives it but does not add up to it."
        )
    return " ".join(sentences)


def contributions_table(result: ScoreResult, dm: DecisionMatrix) -> pd.DataFrame:
    """Economies × pillars of weight × pillar score, in rank order, for stacked-bar charts.

    For wsm the row sums equal the score; for TOPSIS/VIKOR they are the
    weighted pillar scores (see the module docstring).  `dm` is checked so a
    result cannot be charted against a different matrix by mistake.
    """
    unknown = result.table.index.difference(dm.values.index)
    if len(unknown):
        raise ValueError(f"result has economies not in the matrix: {', '.join(map(str, unknown[:5]))}")
    pillars = result.pillars
    out = result.table[pillars].astype(float) * result.pillar_weights[pillars]
    out.columns.name = "pillar"
    return out
