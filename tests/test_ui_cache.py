"""The dashboard's caches of finished work (issue 12): a cached answer is the uncached one, for the same inputs
only."""

from __future__ import annotations

import pandas as pd
import pytest

from xbmarkets import charts
from xbmarkets.matrix import build_matrix
from xbmarkets.snapshot import load_snapshot
from xbmarkets.tiers import assign_tiers
from xbmarkets.ui import cache
from xbmarkets.ui.reasons import tier_reasons


def _plain(spec: dict) -> dict:
    spec = dict(spec)
    config = dict(spec.pop("config", {}))
    config.pop("view", None)
    return {**spec, **({"config": config} if config else {})}


def test_a_cached_chart_spec_is_altairs_own_and_never_served_for_other_data():
    one = pd.DataFrame({"k": [2, 3, 4], "silhouette": [0.31, 0.42, 0.28]})
    other = one.assign(silhouette=[0.5, 0.1, 0.2])
    options = {"k_title": "k", "value_title": "Silhouette", "chosen": 3}
    spec = cache.chart_spec("silhouette_chart", one, options)
    assert spec == _plain(charts.silhouette_chart(one, **options).to_dict())
    again = cache.chart_spec("silhouette_chart", other, options)
    assert again == _plain(charts.silhouette_chart(other, **options).to_dict())
    assert again["datasets"] != spec["datasets"]
    moved = cache.chart_spec("silhouette_chart", one, {**options, "chosen": 4})
    assert moved != spec  # the highlighted k is part of the key


@pytest.fixture(scope="module")
def tiering():
    dm = build_matrix(load_snapshot())
    return dm, assign_tiers(dm, k=3, seed=0)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cached_tier_reasons_are_the_sentences_of_that_language(tiering, lang):
    dm, tr = tiering
    key = ("data", 3, 0, ())
    got = cache.tier_reasons(tr, dm, key, ("data",), lang)
    pd.testing.assert_series_equal(got, tier_reasons(tr, dm, lang))
    other = cache.tier_reasons(tr, dm, key, ("data",), "zh" if lang == "en" else "en")
    assert not got.equals(other)
