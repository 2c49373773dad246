"""Small hand-made decision matrices for tests.

The real snapshot changes with every data build; tests of the decision
questions must not, so they build the matrix they need here.  Codes are real
ISO3 codes only so that messages read naturally; the numbers are made up and
never leave the tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from xbmarkets.catalog_spec import INDICATORS
from xbmarkets.matrix import DecisionMatrix

__all__ = ["make_dm", "five_pillar_dm", "tier_groups_dm"]


def make_dm(
    values: pd.DataFrame | Mapping[str, Mapping[str, float]],
    pillars: Mapping[str, str],
    directions: Mapping[str, int] | None = None,
    transforms: Mapping[str, str] | None = None,
    economies: pd.DataFrame | None = None,
    year: float = 2024.0,
) -> DecisionMatrix:
    """A DecisionMatrix from values (index iso3, columns indicator ids) and indicator → pillar.

    Missing directions default to +1, transforms to 'none'; every value gets `year`.
    Economy metadata defaults to one region/income group per economy unless given.
    """
    if not isinstance(values, pd.DataFrame):
        values = pd.DataFrame(values).T
    values = values.astype("float64")
    values.index = pd.Index(values.index, name="iso3")
    ids = list(values.columns)
    known = {s.id: s for s in INDICATORS}
    criteria = pd.DataFrame(
        {
            "name": [f"Indicator {i}" for i in ids],
            "short": [known[i].short if i in known else f"Indicator {i}" for i in ids],
            "pillar": [pillars[i] for i in ids],
            "direction": [int((directions or {}).get(i, 1)) for i in ids],
            "transform": [(transforms or {}).get(i, "none") for i in ids],
            "unit": ["%" for _ in ids],
            "source": ["test" for _ in ids],
        },
        index=pd.Index(ids, name="id"),
    )
    years = values.notna().astype("float64") * year
    years = years.where(values.notna())
    if economies is None:
        economies = pd.DataFrame(
            {
                "name": [f"Country {c}" for c in values.index],
                "region": ["Test region" for _ in values.index],
                "income_group": ["High income" for _ in values.index],
                "iso2": [c[:2] for c in values.index],
                "iso_numeric": list(range(1, len(values) + 1)),
                "subregion": ["Western Europe" for _ in values.index],
            },
            index=values.index.copy(),
        )
    return DecisionMatrix(values=values, years=years, criteria=criteria, economies=economies)


FIVE_PILLARS = {
    "g1": "growth",
    "g2": "growth",
    "c1": "competition",
    "l1": "logistics",
    "l2": "logistics",
    "p1": "payments",
    "r1": "regulation",
}


def five_pillar_dm(n: int = 12, seed: int = 1, missing: Sequence[tuple[str, str]] = ()) -> DecisionMatrix:
    """n economies × 7 indicators over the five pillars, random but seeded; `missing` = (iso3, id) cells to blank.

    c1 is a cost criterion (lower is better) so that direction handling is exercised.
    """
    rng = np.random.default_rng(seed)
    codes = [
        "DEU",
        "FRA",
        "USA",
        "BRA",
        "MEX",
        "IDN",
        "VNM",
        "POL",
        "KEN",
        "NGA",
        "JPN",
        "CHL",
        "ARG",
        "EGY",
        "THA",
        "TUR",
        "ZAF",
        "IND",
        "CAN",
        "ITA",
    ][:n]
    data = pd.DataFrame(rng.uniform(0, 100, size=(n, len(FIVE_PILLARS))), index=codes, columns=list(FIVE_PILLARS))
    for iso3, ind in missing:
        data.loc[iso3, ind] = np.nan
    return make_dm(data, FIVE_PILLARS, directions={"c1": -1})


TIER_IDS = {
    "gdp_pc_ppp": "size",
    "internet_users": "payments",
    "account": "payments",
    "lpi_overall": "logistics",
    "gdp_growth_6y": "growth",
    "weo_growth_2030": "growth",
}


def tier_groups_dm(per_group: int = 8, seed: int = 3) -> DecisionMatrix:
    """Three well-separated groups: rich & slow, poor & fast, poor & slow (plus one economy with no growth data).

    Uses the catalog ids that `tiers` looks for by default.  Group membership is
    encoded in the code's first letter: R… rich/slow, F… poor/fast, S… poor/slow.
    """
    rng = np.random.default_rng(seed)
    rows = {}
    groups = {
        "R": dict(
            gdp_pc_ppp=60000, internet_users=95, account=98, lpi_overall=4.0, gdp_growth_6y=1.0, weo_growth_2030=1.5
        ),
        "F": dict(
            gdp_pc_ppp=9000, internet_users=60, account=50, lpi_overall=2.9, gdp_growth_6y=7.0, weo_growth_2030=6.0
        ),
        "S": dict(
            gdp_pc_ppp=2500, internet_users=25, account=25, lpi_overall=2.2, gdp_growth_6y=1.5, weo_growth_2030=2.0
        ),
    }
    for letter, centre in groups.items():
        for i in range(per_group):
            code = f"{letter}{chr(65 + i // 26)}{chr(65 + i % 26)}"
            rows[code] = {k: v * (1 + rng.normal(0, 0.04)) for k, v in centre.items()}
    rows["XNG"] = dict(
        gdp_pc_ppp=20000, internet_users=70, account=60, lpi_overall=3.0, gdp_growth_6y=np.nan, weo_growth_2030=np.nan
    )
    values = pd.DataFrame(rows).T
    return make_dm(values, TIER_IDS, transforms={"gdp_pc_ppp": "log"})
