"""Backtest: had a seller scored the markets as of a past year, did the favoured ones do better after?

The ranking a founder sees is scored on a snapshot as of YEAR (the same
`score` path as `rank`); each market's score and pillar scores are joined by
ISO3 with an outcome measured later (`xbmarkets.outcomes`), and the question
"did a higher score go with a better outcome" is answered with Spearman's rank
correlation ρ — rank-based, because scores are on an arbitrary scale and a few
boom economies must not decide the answer — with a bootstrap 95 % interval, n,
and the mean outcome of the top fifth against the bottom fifth.

Everything is computed on markets sorted by ISO3, so the order rows arrive in
never changes a figure (the bootstrap included); the bootstrap is seeded and
vectorised (see `bootstrap_spearman`).  The verdict comes as ingredients
(`Verdict`: kind, strength, numbers, caveat codes) so each front end words it in
its own language; `Verdict.message` is the English one.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .catalog import ALL_PILLARS
from .outcomes import OutcomeSpec, outcome_spec, outcomes_for

__all__ = [
    "CAVEATS",
    "DEFAULT_DRAWS",
    "MIN_MARKETS",
    "Backtest",
    "Verdict",
    "backtest_meta",
    "bootstrap_spearman",
    "caveat_text",
    "run_backtest",
    "spearman",
    "summary_lines",
]

DEFAULT_DRAWS = 2_000
MAX_DRAWS = 100_000
MIN_DRAWS = 100
MIN_MARKETS = 10
"""Fewer markets with both a score and an outcome than this: too few to judge at all."""
SMALL_SAMPLE = 100
"""Below this many markets the verdict says the sample is small."""
SUBJECT_SCORE = "score"
STRENGTHS: tuple[tuple[float, str], ...] = ((0.1, "negligible"), (0.3, "weak"), (0.5, "moderate"), (1.01, "strong"))
"""|ρ| below the bound -> the word (the usual rule of thumb for rank correlations)."""

CAVEATS: dict[str, str] = {
    "small_sample": "{n} markets is a small sample: a relation of this size can appear or vanish by chance, "
    "which is what the width of the interval shows.",
    "findex_2024_lmic": "Findex 2024 asked about online buying in low- and middle-income economies only, so "
    "high-income markets are hardly tested.",
    "survey_noise": "Findex figures are survey estimates (about 1,000 adults per economy), so a change of a few "
    "points is partly sampling noise.",
    "pandemic": "The period spans the pandemic, which pushed online buying and internet use up unevenly; a "
    "relation found there may not repeat.",
    "one_year": "One year of change is short: much of it is noise.",
    "revised_data": "WDI and WGI figures are today's revised series, not the ones a seller saw in {as_of}; and "
    "figures dated {as_of} were mostly published in {next_year}.",
    "one_period": "One period and one outcome: treat this as evidence, not as a law.",
}
"""Caveat code -> English sentence ({n}, {as_of}, {next_year} filled in); front ends translate by code."""


# --------------------------------------------------------------------------- statistics


def _average_ranks(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Average rank (1-based, ties shared) of each original element within each resample.

    `counts` (draws x n) says how often each of the n elements was drawn.  An
    element drawn c times occupies c consecutive places in the sorted resample,
    as do all elements tied with it, so its rank follows from counts alone:
    (how many drawn elements are smaller) + (how many are tied with it + 1) / 2.
    """
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    first = np.r_[True, ordered[1:] != ordered[:-1]]
    tied = counts[:, order]
    if not first.all():  # ties in the data: add up the counts of each run of equal values
        tied = np.add.reduceat(tied, np.flatnonzero(first), axis=1)
    ranks_by_group = np.cumsum(tied, axis=1) - (tied - 1) / 2.0
    if not first.all():
        ranks_by_group = ranks_by_group[:, np.cumsum(first) - 1]
    ranks = np.empty(counts.shape, dtype=float)
    ranks[:, order] = ranks_by_group
    return ranks


def _weighted_pearson(rx: np.ndarray, ry: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Pearson correlation per row of element values weighted by how often each was drawn."""
    total = w.sum(axis=1, keepdims=True)
    mx = (w * rx).sum(axis=1, keepdims=True) / total
    my = (w * ry).sum(axis=1, keepdims=True) / total
    dx, dy = rx - mx, ry - my
    cov = (w * dx * dy).sum(axis=1)
    var = (w * dx * dx).sum(axis=1) * (w * dy * dy).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = cov / np.sqrt(var)
    return np.where(var > 1e-18, rho, np.nan)


def spearman(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    """Spearman's ρ of two equally long arrays (ties get average ranks); NaN below 3 pairs or without spread."""
    xa, ya = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if xa.shape != ya.shape or xa.ndim != 1:
        raise ValueError("spearman needs two one-dimensional arrays of the same length")
    if len(xa) < 3 or np.isnan(xa).any() or np.isnan(ya).any():
        return float("nan")
    ones = np.ones((1, len(xa)))
    return float(_weighted_pearson(_average_ranks(xa, ones), _average_ranks(ya, ones), ones)[0])


def bootstrap_spearman(
    xs: np.ndarray, y: np.ndarray, draws: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spearman's ρ of each column of `xs` (n x k) with `y`, and its percentile bootstrap 95 % interval.

    Markets are resampled with replacement, the same resamples for every column
    (so the intervals of the score and its pillars are comparable).  Each
    resample is held as counts per market, not as copies, so ranking a resample
    (ties from repeated draws included) and correlating it are a few array
    operations over draws x n: no loop over draws, no scipy.
    """
    n, k = xs.shape
    if n < 3:
        nan = np.full(k, np.nan)
        return nan, nan.copy(), nan.copy()
    picks = rng.integers(0, n, size=(draws, n))
    counts = np.bincount((picks + (np.arange(draws) * n)[:, None]).ravel(), minlength=draws * n)
    counts = counts.reshape(draws, n).astype(float)
    ones = np.ones((1, n))
    ry_all, ry = _average_ranks(y, ones), _average_ranks(y, counts)
    rho, low, high = np.empty(k), np.empty(k), np.empty(k)
    for j in range(k):
        x = xs[:, j]
        rho[j] = _weighted_pearson(_average_ranks(x, ones), ry_all, ones)[0]
        boot = _weighted_pearson(_average_ranks(x, counts), ry, counts)
        boot = boot[~np.isnan(boot)]
        low[j], high[j] = np.percentile(boot, [2.5, 97.5]) if len(boot) else (np.nan, np.nan)
    return rho, low, high


def _fifths(x: np.ndarray, y: np.ndarray, codes: np.ndarray) -> tuple[float, float, int]:
    """Mean outcome of the markets scored in the top fifth and in the bottom fifth (ties by ISO3)."""
    k = len(x) // 5
    if k < 1:
        return float("nan"), float("nan"), 0
    order = np.lexsort((codes, -x))
    return float(y[order[:k]].mean()), float(y[order[-k:]].mean()), k


# --------------------------------------------------------------------------- verdict


@dataclass(frozen=True)
class Verdict:
    """What one correlation says, as ingredients a front end words in its own language."""

    kind: str
    """supports (interval above 0) | contradicts (below 0) | no_evidence (includes 0) | too_few."""
    strength: str
    """negligible | weak | moderate | strong (from |ρ|; '' when too few)."""
    subject: str
    """'score' or a pillar."""
    outcome: str
    """OutcomeSpec.id."""
    as_of: int
    n: int
    rho: float
    low: float
    high: float
    caveats: tuple[str, ...]
    """CAVEATS codes, in the order to say them."""

    def message(self, spec: OutcomeSpec) -> str:
        """The verdict in English: one sentence on the evidence (caveats: `caveat_text`)."""
        subject = "the overall score" if self.subject == SUBJECT_SCORE else f"the {self.subject} pillar score"
        figures = f"ρ = {self.rho:+.2f} (95 % interval {self.low:+.2f} to {self.high:+.2f}, {self.n} markets)"
        if self.kind == "too_few":
            return f"Too few markets ({self.n}) have both {subject} and {spec.short} to judge."
        if self.kind == "no_evidence":
            return (
                f"No evidence either way for {subject}: {figures}; the interval includes 0, so these markets "
                f"cannot tell a real relation with {spec.short} from chance."
            )
        more = "larger" if self.kind == "supports" else "smaller"
        lead = "Evidence that" if self.kind == "supports" else "Evidence against the model:"
        return (
            f"{lead} {spec.short} was {more} where {subject} as of {self.as_of} was higher: {figures}, "
            f"a {self.strength} relation."
        )


def caveat_text(code: str, n: int, as_of: int) -> str:
    """The English sentence of a caveat code."""
    return CAVEATS[code].format(n=n, as_of=as_of, next_year=as_of + 1)


def _strength(rho: float) -> str:
    magnitude = abs(rho)
    return next(word for bound, word in STRENGTHS if magnitude < bound)


def _verdict(row: pd.Series, spec: OutcomeSpec, as_of: int) -> Verdict:
    n, rho, low, high = int(row["n"]), float(row["rho"]), float(row["low"]), float(row["high"])
    if n < MIN_MARKETS or np.isnan(rho) or np.isnan(low):
        kind, strength = "too_few", ""
    else:
        kind = "supports" if low > 0 else "contradicts" if high < 0 else "no_evidence"
        strength = _strength(rho)
    caveats = (("small_sample",) if n < SMALL_SAMPLE else ()) + spec.caveats + ("revised_data", "one_period")
    return Verdict(kind, strength, str(row["subject"]), spec.id, as_of, n, rho, low, high, caveats)


# --------------------------------------------------------------------------- the backtest


@dataclass(frozen=True, eq=False)
class Backtest:
    """A backtest of one scenario as of one year: per-market frame, summary, verdicts."""

    as_of: int
    outcome: OutcomeSpec
    """the outcome of the per-market table and the verdicts."""
    outcomes: tuple[OutcomeSpec, ...]
    """every outcome of the year, `outcome` first: the summary covers all of them."""
    subjects: tuple[str, ...]
    """'score', then the weighted pillars."""
    table: pd.DataFrame
    """rank, iso3, country, score, <pillar>…, outcome, outcome_start, outcome_end (ranking order;
    outcome empty where it was not measured)."""
    summary: pd.DataFrame
    """one row per (outcome, subject): outcome, subject, n, rho, low, high, top_fifth, bottom_fifth, fifth, verdict."""
    verdicts: dict[str, Verdict]
    """subject -> the verdict on `outcome`."""
    draws: int
    seed: int

    def verdict_text(self, subject: str = SUBJECT_SCORE) -> str:
        return self.verdicts[subject].message(self.outcome)

    def caveat_lines(self) -> list[str]:
        """The caveats of the score's verdict, in English."""
        v = self.verdicts[SUBJECT_SCORE]
        return [caveat_text(code, v.n, self.as_of) for code in v.caveats]


def _check_draws(draws: object, seed: object) -> None:
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or not MIN_DRAWS <= draws <= MAX_DRAWS:
        raise ValueError(f"draws must be a whole number from {MIN_DRAWS} to {MAX_DRAWS}, got {draws!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number 0 or more, got {seed!r}")


def _subjects(table: pd.DataFrame, pillars: Sequence[str]) -> tuple[str, ...]:
    weighted = [p for p in ALL_PILLARS if p in set(pillars) and p in table.columns]
    return (SUBJECT_SCORE, *weighted)


def _correlations(
    scores: pd.DataFrame, subjects: tuple[str, ...], values: pd.Series, spec: OutcomeSpec, draws: int, seed: int
) -> pd.DataFrame:
    """Summary rows for one outcome: markets with both a score and the outcome, sorted by ISO3."""
    joined = scores[list(subjects)].join(values.rename("_outcome"), how="inner").sort_index()
    codes = joined.index.to_numpy(dtype=str)
    y = joined["_outcome"].to_numpy(dtype=float)
    xs = joined[list(subjects)].to_numpy(dtype=float)
    rng = np.random.default_rng([seed, zlib.crc32(spec.id.encode())])
    rho, low, high = bootstrap_spearman(xs, y, draws, rng)
    rows = []
    for j, subject in enumerate(subjects):
        top, bottom, k = _fifths(xs[:, j], y, codes)
        rows.append(
            {
                "outcome": spec.id,
                "subject": subject,
                "n": len(y),
                "rho": rho[j],
                "low": low[j],
                "high": high[j],
                "top_fifth": top,
                "bottom_fifth": bottom,
                "fifth": k,
            }
        )
    return pd.DataFrame(rows)


def _outcome_rows(outcomes: pd.DataFrame, spec: OutcomeSpec) -> pd.DataFrame:
    rows = outcomes[outcomes["outcome"] == spec.id]
    if rows["iso3"].duplicated().any():
        raise ValueError(f"outcomes: more than one {spec.id} value for an economy")
    return rows.set_index("iso3")


def run_backtest(
    result,
    outcomes: pd.DataFrame,
    as_of: int,
    outcome: str | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
) -> Backtest:
    """Compare a ranking scored on a snapshot as of `as_of` with what happened afterwards.

    `result`: the ScoreResult of that snapshot (its `table`: index iso3, score
    and the weighted pillars' scores).  `outcomes`: the long outcomes table
    (`xbmarkets.outcomes.load_outcomes`).  `outcome`: the name (or id) of the
    outcome for the per-market table and the verdicts; default the year's
    first (Findex online buying).  ValueError for an unknown outcome, a year
    without outcomes, or draws/seed out of range.
    """
    _check_draws(draws, seed)
    primary = outcome_spec(as_of, outcome)
    specs = (primary, *[s for s in outcomes_for(as_of) if s.id != primary.id])
    table = result.table
    subjects = _subjects(table, result.pillars)
    scores = table[list(subjects)].astype(float)
    parts = [_correlations(scores, subjects, _outcome_rows(outcomes, s)["value"], s, draws, seed) for s in specs]
    summary = pd.concat(parts, ignore_index=True)
    verdicts = {
        str(row["subject"]): _verdict(row, primary, as_of)
        for _, row in summary[summary["outcome"] == primary.id].iterrows()
    }
    summary["verdict"] = [
        _verdict(row, next(s for s in specs if s.id == row["outcome"]), as_of).kind for _, row in summary.iterrows()
    ]
    return Backtest(
        as_of=as_of,
        outcome=primary,
        outcomes=specs,
        subjects=subjects,
        table=_market_table(table, subjects, _outcome_rows(outcomes, primary)),
        summary=summary,
        verdicts=verdicts,
        draws=int(draws),
        seed=int(seed),
    )


def _market_table(table: pd.DataFrame, subjects: tuple[str, ...], measured: pd.DataFrame) -> pd.DataFrame:
    codes = table.index
    frame = pd.DataFrame(
        {
            "rank": table["rank"].astype("int64").to_numpy(),
            "iso3": codes.to_numpy(dtype=object),
            "country": table["name"].to_numpy(dtype=object) if "name" in table.columns else codes.to_numpy(),
        }
    )
    for subject in subjects:
        frame[subject] = table[subject].astype(float).to_numpy()
    frame["outcome"] = measured["value"].reindex(codes).to_numpy(dtype=float)
    frame["outcome_start"] = measured["start_year"].reindex(codes).astype("Int64").to_numpy()
    frame["outcome_end"] = measured["end_year"].reindex(codes).astype("Int64").to_numpy()
    return frame


# --------------------------------------------------------------------------- words for the CLI


def _interval(row: pd.Series) -> str:
    if np.isnan(row["rho"]):
        return "n/a"
    if np.isnan(row["low"]):
        return f"{row['rho']:+.3f}"
    return f"{row['rho']:+.3f} (95 % interval {row['low']:+.3f} to {row['high']:+.3f}; n {int(row['n'])})"


def backtest_meta(bt: Backtest) -> dict[str, str]:
    """The `# key: value` lines that say what the backtest found (added to the scenario's header)."""
    meta = {
        "backtest_as_of": str(bt.as_of),
        "outcome": f"{bt.outcome.id}: {bt.outcome.label} ({bt.outcome.unit})",
        "bootstrap": f"{bt.draws} resamples of markets, seed {bt.seed}, percentile 95 % interval",
    }
    for _, row in bt.summary.iterrows():
        key = f"{row['outcome']}.{row['subject']}"
        meta[f"rho.{key}"] = _interval(row)
        if int(row["fifth"]):
            meta[f"fifths.{key}"] = (
                f"top fifth {row['top_fifth']:+.3f} vs bottom fifth {row['bottom_fifth']:+.3f} "
                f"({int(row['fifth'])} markets each)"
            )
    for subject in bt.subjects:
        meta[f"verdict.{subject}"] = bt.verdict_text(subject)
    meta["caveats"] = " ".join(bt.caveat_lines())
    return meta


def summary_lines(bt: Backtest) -> list[str]:
    """A readable summary for stderr: one table per outcome, then the verdicts on the score and growth."""
    lines = [f"backtest as of {bt.as_of}: Spearman's ρ with a bootstrap 95 % interval ({bt.draws} resamples)"]
    for spec in bt.outcomes:
        rows = bt.summary[bt.summary["outcome"] == spec.id]
        lines.append(f"outcome {spec.name} = {spec.label} ({spec.unit}); n = {int(rows['n'].iloc[0])}")
        lines.append(f"  {'':<12} {'rho':>6}  {'95 % interval':<17} {'top fifth':>10} {'bottom fifth':>13}")
        for _, row in rows.iterrows():
            interval = "n/a" if np.isnan(row["low"]) else f"[{row['low']:+.2f}, {row['high']:+.2f}]"
            lines.append(
                f"  {row['subject']:<12} {row['rho']:>+6.2f}  {interval:<17} {row['top_fifth']:>+10.2f} "
                f"{row['bottom_fifth']:>+13.2f}"
            )
    for subject in (SUBJECT_SCORE, "growth"):
        if subject in bt.verdicts:
            lines.append(f"verdict ({subject}): {bt.verdict_text(subject)}")
    lines.extend(f"caveat: {line}" for line in bt.caveat_lines())
    return lines
