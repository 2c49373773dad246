"""serialize_csv determinism and load_snapshot validation."""

from __future__ import annotations

import dataclasses
import io
import shutil

import numpy as np
import pandas as pd
import pytest
from rawfixtures import write_raw_tree

from xbmarkets.build import build
from xbmarkets.snapshot import SnapshotError, economy_names, load_snapshot, serialize_csv


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("snap")
    build(write_raw_tree(root / "raw"), root / "data")
    return root / "data"


def test_serialize_floats_round_trip_exactly():
    values = [0.1 + 0.2, 1e-300, 123456789.123456789, np.float64(48.8302768), np.nan, 2.0]
    df = pd.DataFrame({"v": values, "s": ["a,b", "NA", "", 'q"x', "é", "z"], "n": range(6)})
    raw = serialize_csv(df)
    back = pd.read_csv(io.BytesIO(raw), keep_default_na=False, dtype=str)
    assert back["v"].tolist()[:4] == [repr(float(v)) for v in values[:4]]
    assert float(back["v"][0]) == 0.1 + 0.2
    assert back["v"][4] == ""  # NaN is an empty cell
    assert back["s"].tolist() == ["a,b", "NA", "", 'q"x', "é", "z"]
    assert b"np.float64" not in raw and b"\r\n" not in raw
    assert serialize_csv(df) == raw


def test_serialize_rejects_infinity():
    with pytest.raises(ValueError, match="infinite"):
        serialize_csv(pd.DataFrame({"v": [np.inf]}))


def test_load_snapshot_types(data_dir):
    snap = load_snapshot(data_dir)
    assert snap.values["value"].dtype == np.float64
    assert snap.values["year"].dtype == np.int64
    assert snap.economies.loc["NAM", "iso2"] == "NA"
    assert snap.catalog["window_start"].dtype.kind == "i"
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.values = None  # frozen


def test_missing_dir_and_file_errors(tmp_path, data_dir):
    with pytest.raises(SnapshotError, match="not found"):
        load_snapshot(tmp_path / "nope")
    copy = tmp_path / "d"
    shutil.copytree(data_dir, copy)
    (copy / "economies.csv").unlink()
    with pytest.raises(SnapshotError, match="economies.csv not found"):
        load_snapshot(copy)


def test_corrupt_snapshot_errors(tmp_path, data_dir):
    copy = tmp_path / "d"
    shutil.copytree(data_dir, copy)
    path = copy / "snapshot.csv"
    text = path.read_text()
    path.write_text(text.replace("iso3,indicator,value", "iso3,indicator,valeur"))
    with pytest.raises(SnapshotError, match="missing columns value"):
        load_snapshot(copy)
    path.write_text(text + "USA,population,abc,2024,wdi\n")
    with pytest.raises(SnapshotError, match="non-numeric"):
        load_snapshot(copy)
    path.write_text(text + "ZZZ,population,1.0,2024,wdi\n")
    with pytest.raises(SnapshotError, match="ZZZ"):
        load_snapshot(copy)


def test_economy_names_cover_both_languages_and_skip_blanks():
    economies = pd.DataFrame(
        {"name": ["Viet Nam", "Kosovo"], "name_zh": ["越南", ""]}, index=pd.Index(["VNM", "XKX"], name="iso3")
    )
    assert economy_names(economies) == {"Viet Nam": "VNM", "越南": "VNM", "Kosovo": "XKX"}
    assert economy_names(economies.drop(columns="name_zh")) == {"Viet Nam": "VNM", "Kosovo": "XKX"}
