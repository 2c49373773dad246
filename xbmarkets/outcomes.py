"""What happened after a vintage year: the outcomes a backtest compares past scores with.

A backtest asks whether the markets the model favoured as of YEAR did better
afterwards.  "Better" must be measured, from the same raw history, by figures
nobody could see in YEAR.  Each outcome here is defined by exact years, never
by "the newest value": a market missing either end has no outcome (nothing is
filled, nothing is carried from a neighbouring year).

`compute_outcomes` turns long histories (``iso3, year, value, source``, as the
build's loaders return them) into the long table ``data/outcomes.csv`` holds;
`load_outcomes` reads it back, checked.  The build writes it with the current
snapshot, so the dashboard and the CLI need no raw files to run a backtest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "OUTCOME_COLUMNS",
    "OUTCOMES",
    "OutcomeSpec",
    "compute_outcomes",
    "load_outcomes",
    "outcomes_for",
    "outcome_spec",
]

OUTCOME_COLUMNS: tuple[str, ...] = ("outcome", "iso3", "start_year", "end_year", "value", "source")
_DECIMALS = 7  # like the Findex percentages: differences of rounded figures, written byte-stable


@dataclass(frozen=True)
class OutcomeSpec:
    """One outcome: what was measured, over exactly which years, and for which vintage."""

    id: str
    """unique key in outcomes.csv, years included (e.g. online_buying_2021_2024)."""
    name: str
    """what the CLI's --outcome takes (online_buying, internet_use, gdp_growth)."""
    as_of: int
    """the vintage year it judges: nothing it is measured from was observable then."""
    kind: str
    """wave_change (Findex), level_change (share in `end` minus share in `start`), mean_growth."""
    start: int
    end: int
    label: str
    short: str
    """the outcome in a few words, for a verdict ('the rise in online buying, 2021->2024')."""
    unit: str
    history: str
    """which history it is computed from: findex_online, internet, gdp_growth."""
    caveats: tuple[str, ...] = ()
    """codes the backtest verdict turns into sentences (xbmarkets.backtest.CAVEATS)."""

    @property
    def years(self) -> str:
        """'2021→2024' (changes) or '2022-2024' (a mean over the years)."""
        return f"{self.start}-{self.end}" if self.kind == "mean_growth" else f"{self.start}→{self.end}"


OUTCOMES: tuple[OutcomeSpec, ...] = (
    OutcomeSpec(
        "online_buying_2021_2024",
        "online_buying",
        2021,
        "wave_change",
        2021,
        2024,
        "change in the share of adults who bought something online, Findex 2021 wave to 2024 wave",
        "the rise in online buying (Findex, 2021→2024)",
        "percentage points",
        "findex_online",
        ("findex_2024_lmic", "survey_noise"),
    ),
    OutcomeSpec(
        "online_buying_2017_2021",
        "online_buying",
        2017,
        "wave_change",
        2017,
        2021,
        "change in the share of adults who bought something online, Findex 2017 wave to 2021 wave",
        "the rise in online buying (Findex, 2017→2021)",
        "percentage points",
        "findex_online",
        ("survey_noise", "pandemic"),
    ),
    OutcomeSpec(
        "internet_use_2021_2022",
        "internet_use",
        2021,
        "level_change",
        2021,
        2022,
        "change in the share of people using the internet, 2021 to 2022 (the export's last year for most economies)",
        "the rise in internet use (2021→2022)",
        "percentage points",
        "internet",
        ("one_year",),
    ),
    OutcomeSpec(
        "internet_use_2017_2021",
        "internet_use",
        2017,
        "level_change",
        2017,
        2021,
        "change in the share of people using the internet, 2017 to 2021",
        "the rise in internet use (2017→2021)",
        "percentage points",
        "internet",
        ("pandemic",),
    ),
    OutcomeSpec(
        "gdp_growth_2022_2024",
        "gdp_growth",
        2021,
        "mean_growth",
        2022,
        2024,
        "real GDP growth, mean of 2022, 2023 and 2024 (every year required)",
        "real GDP growth (mean of 2022-2024)",
        "annual %",
        "gdp_growth",
        (),
    ),
    OutcomeSpec(
        "gdp_growth_2018_2021",
        "gdp_growth",
        2017,
        "mean_growth",
        2018,
        2021,
        "real GDP growth, mean of 2018 to 2021 (every year required)",
        "real GDP growth (mean of 2018-2021)",
        "annual %",
        "gdp_growth",
        ("pandemic",),
    ),
)
"""Every outcome, the default one of each vintage first (online buying: the thing a seller wants to grow)."""

FINDEX_WAVES: dict[int, tuple[int, ...]] = {2017: (2017,), 2021: (2021, 2022), 2024: (2024,)}
"""Years a Findex wave's values are dated by: the 2021 wave was fielded in 2022 in some economies."""


def outcomes_for(as_of: int) -> tuple[OutcomeSpec, ...]:
    """The outcomes that judge a snapshot as of `as_of` (the default first); empty when none is defined."""
    return tuple(o for o in OUTCOMES if o.as_of == as_of)


def outcome_spec(as_of: int, name: str | None = None) -> OutcomeSpec:
    """The outcome `name` (default: the vintage's first) for `as_of`; ValueError naming the choices."""
    specs = outcomes_for(as_of)
    if not specs:
        years = ", ".join(str(y) for y in sorted({o.as_of for o in OUTCOMES}))
        raise ValueError(f"no outcome is measured after {as_of}; backtests exist for {years}")
    if name is None:
        return specs[0]
    for spec in specs:
        if name in (spec.name, spec.id):
            return spec
    raise ValueError(f"unknown outcome {name!r} for {as_of}; choose one of: {', '.join(s.name for s in specs)}")


# --------------------------------------------------------------------------- computing


def _one_per_year(long: pd.DataFrame) -> pd.DataFrame:
    rows = long[long["value"].notna()].sort_values(["iso3", "year", "source", "value"], kind="mergesort")
    return rows.drop_duplicates(["iso3", "year"], keep="last")


def _wave(rows: pd.DataFrame, wave: int) -> pd.DataFrame:
    """Each economy's value at a Findex wave (the earliest year the wave is dated by, if several)."""
    years = FINDEX_WAVES[wave]
    found = rows[rows["year"].isin(years)].sort_values(["iso3", "year"], kind="mergesort")
    return found.drop_duplicates("iso3", keep="first").set_index("iso3")


def _change(start: pd.DataFrame, end: pd.DataFrame, spec: OutcomeSpec) -> pd.DataFrame:
    both = start.index.intersection(end.index).sort_values()
    return pd.DataFrame(
        {
            "outcome": spec.id,
            "iso3": both,
            "start_year": start.loc[both, "year"].to_numpy(dtype="int64"),
            "end_year": end.loc[both, "year"].to_numpy(dtype="int64"),
            "value": (end.loc[both, "value"].to_numpy() - start.loc[both, "value"].to_numpy()).round(_DECIMALS),
            "source": end.loc[both, "source"].to_numpy(dtype=object),
        }
    )


def _mean_growth(rows: pd.DataFrame, spec: OutcomeSpec) -> pd.DataFrame:
    span = rows[rows["year"].between(spec.start, spec.end)]
    grouped = span.groupby("iso3")
    count = grouped["value"].count()
    keep = count.index[count == spec.end - spec.start + 1]
    mean = grouped["value"].mean().reindex(keep)
    return pd.DataFrame(
        {
            "outcome": spec.id,
            "iso3": keep,
            "start_year": spec.start,
            "end_year": spec.end,
            "value": mean.to_numpy().round(_DECIMALS),
            "source": grouped["source"].last().reindex(keep).to_numpy(dtype=object),
        }
    )


def _compute(spec: OutcomeSpec, history: pd.DataFrame) -> pd.DataFrame:
    rows = _one_per_year(history)
    if spec.kind == "wave_change":
        return _change(_wave(rows, spec.start), _wave(rows, spec.end), spec)
    if spec.kind == "level_change":
        at = {y: rows[rows["year"] == y].set_index("iso3") for y in (spec.start, spec.end)}
        return _change(at[spec.start], at[spec.end], spec)
    return _mean_growth(rows, spec)


def compute_outcomes(histories: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The long outcomes table from the histories named by `OutcomeSpec.history`, sorted (outcome, iso3).

    Histories are uncapped long frames (iso3, year, value, source); a market
    missing either end (or any year of a mean) has no row.
    """
    missing = sorted({o.history for o in OUTCOMES} - set(histories))
    if missing:
        raise ValueError(f"outcomes need the histories {', '.join(missing)}")
    parts = [_compute(spec, histories[spec.history]) for spec in OUTCOMES]
    out = pd.concat(parts, ignore_index=True)[list(OUTCOME_COLUMNS)]
    out = out.astype({"start_year": "int64", "end_year": "int64", "value": "float64"})
    return out.sort_values(["outcome", "iso3"], kind="mergesort").reset_index(drop=True)


# --------------------------------------------------------------------------- reading


def load_outcomes(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read outcomes.csv, checked; ValueError with one clear line."""
    file = Path(path)
    if not file.is_file():
        raise ValueError(f"{file} not found: outcomes are written by `python -m xbmarkets build-data` (no --as-of)")
    try:
        frame = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"{file} is not a readable CSV ({exc})") from None
    missing = [c for c in OUTCOME_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{file}: missing columns {', '.join(missing)}")
    frame = frame[list(OUTCOME_COLUMNS)].copy()
    try:
        for column in ("start_year", "end_year"):
            frame[column] = pd.to_numeric(frame[column], errors="raise").astype("int64")
        frame["value"] = pd.to_numeric(frame["value"], errors="raise").astype("float64")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{file}: non-numeric year or value ({exc})") from None
    if not np.isfinite(frame["value"].to_numpy()).all():
        raise ValueError(f"{file}: a value is empty or not finite")
    if frame.duplicated(["outcome", "iso3"]).any():
        raise ValueError(f"{file}: more than one row for an outcome x economy")
    return frame
