"""k-means fits made ahead of time and shipped beside the snapshot, so ranking needs no scikit-learn import.

The tiers are a seeded k-means on points derived from the data alone; the
default run (k = 3, seed 0, the generic matrix) is the one `rank`, `plan` and
the dashboard's first page ask for. Computing it means importing scikit-learn
and scipy, most of a CLI command's start-up (issue 12). `build-data` and
`refresh-data` therefore store that fit -- its centres and labels, under a key
of the exact points, k, seed, restarts and scikit-learn version
(`tiers.fit_key`) -- in `kmeans_fits.json`. A fit is a memo, not data: a
missing, unreadable or non-matching file only means the clustering runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .atomic import write_atomic
from .matrix import DecisionMatrix
from .tiers import KnownFits, fit_key, kmeans_fit, tier_space

__all__ = ["FITS_FILE", "DEFAULT_FITS", "load_fits", "make_fits", "write_fits"]

FITS_FILE = "kmeans_fits.json"
DEFAULT_FITS: tuple[tuple[int, int], ...] = ((3, 0),)  # (k, seed) the CLI's and dashboard's defaults use


def make_fits(dm: DecisionMatrix, settings: Iterable[tuple[int, int]] = DEFAULT_FITS) -> dict[str, dict]:
    """key -> {k, seed, centres, labels} for each (k, seed) the matrix can be clustered with."""
    out: dict[str, dict] = {}
    for k, seed in settings:
        try:
            x = tier_space(dm, k)
        except ValueError:  # too few economies for k: nothing to store, assign_tiers says why when asked
            continue
        centres, labels = kmeans_fit(x, k, seed)
        out[fit_key(x, k, seed)] = {
            "k": k,
            "seed": seed,
            "centres": [[float(v) for v in row] for row in centres],
            "labels": [int(v) for v in labels],
        }
    return out


def write_fits(folder: str | Path, dm: DecisionMatrix, settings: Iterable[tuple[int, int]] = DEFAULT_FITS) -> Path:
    """Store the fits of `dm` in `folder` (atomically; floats as repr, so they read back bit for bit)."""
    path = Path(folder) / FITS_FILE
    text = json.dumps(make_fits(dm, settings), indent=1, sort_keys=True) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path


def load_fits(folder: str | Path) -> KnownFits:
    """The stored fits of a data folder; {} when there are none or the file cannot be read as fits."""
    path = Path(folder) / FITS_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {
            str(key): (np.asarray(v["centres"], dtype=float), np.asarray(v["labels"], dtype=np.int32))
            for key, v in raw.items()
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}
