"""Stored k-means fits (xbmarkets.fits): the same tiers as clustering, used only on an exact match."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from xbmarkets.fits import FITS_FILE, load_fits, make_fits, write_fits
from xbmarkets.matrix import build_matrix
from xbmarkets.snapshot import DEFAULT_DATA_DIR, load_snapshot
from xbmarkets.tiers import assign_tiers, fit_key, tier_space

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dm():
    return build_matrix(load_snapshot())


def test_the_shipped_fit_is_current_and_gives_the_clustered_tiers(dm):
    """A rebuilt snapshot without its fit would silently fall back to clustering: this says so."""
    known = load_fits(DEFAULT_DATA_DIR)
    assert fit_key(tier_space(dm, 3), 3, 0) in known
    fresh, stored = assign_tiers(dm), assign_tiers(dm, known=known)
    pd.testing.assert_frame_equal(fresh.table, stored.table)
    pd.testing.assert_frame_equal(fresh.centroids, stored.centroids)


def test_a_fit_is_used_only_under_its_exact_key(dm):
    x = tier_space(dm, 3)
    want = assign_tiers(dm).table["tier"]
    # a deliberately wrong fit: every centre far from the data but one, so nearly all economies share a tier
    wrong = (np.array([[0.0, 0.0], [50.0, 50.0], [-50.0, -50.0]]), np.zeros(len(x), dtype=np.int32))
    assert assign_tiers(dm, known={fit_key(x, 3, 1): wrong, fit_key(x, 4, 0): wrong}).table["tier"].equals(want)
    flipped = dm.with_directions({"gdp_pc_ppp": -1})
    assert fit_key(tier_space(flipped, 3), 3, 0) != fit_key(x, 3, 0)  # other data: another key
    # under the exact key the stored fit is what the tiers are built from (the lookup is really consulted)
    assert not assign_tiers(dm, known={fit_key(x, 3, 0): wrong}).table["tier"].equals(want)


def test_write_and_load_round_trip_bit_for_bit(dm, tmp_path):
    write_fits(tmp_path, dm)
    made = make_fits(dm)
    back = load_fits(tmp_path)
    assert set(back) == set(made)
    for key, fit in made.items():
        assert np.array_equal(back[key][0], np.asarray(fit["centres"]))
        assert np.array_equal(back[key][1], np.asarray(fit["labels"]))


@pytest.mark.parametrize("text", [None, "", "not json", "[]", '{"k": {"centres": 1}}', '{"k": 3}'])
def test_a_missing_or_broken_file_only_means_clustering(tmp_path, dm, text):
    if text is not None:
        (tmp_path / FITS_FILE).write_text(text, encoding="utf-8")
    assert load_fits(tmp_path) == {}
    assert assign_tiers(dm, known=load_fits(tmp_path)).table["tier"].equals(assign_tiers(dm).table["tier"])


def test_too_few_economies_store_nothing(dm):
    from dataclasses import replace

    keep = dm.values.index[:3]
    tiny = replace(dm, values=dm.values.loc[keep], years=dm.years.loc[keep], economies=dm.economies.loc[keep])
    assert make_fits(tiny) == {}


def test_rank_imports_neither_scikit_learn_nor_scipy(tmp_path):
    """The CLI's start-up target (issue 12): the shipped fit spares `rank` the scikit-learn import."""
    out = tmp_path / "r.csv"
    code = (
        "import sys\n"
        "from xbmarkets.cli import main\n"
        f"rc = main(['rank', '--out', {str(out)!r}])\n"
        "print(rc, 'sklearn' in sys.modules, 'scipy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.split()[-3:] == ["0", "False", "False"], done.stderr
    assert out.stat().st_size > 0


def test_the_shipped_file_is_plain_json_with_its_settings():
    raw = json.loads((Path(DEFAULT_DATA_DIR) / FITS_FILE).read_text(encoding="utf-8"))
    assert raw and all(v["k"] == 3 and v["seed"] == 0 and len(v["centres"]) == 3 for v in raw.values())
