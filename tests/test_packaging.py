"""The installable package: where it finds the shipped data, what the wheel holds, one dependency list.

`pip install .` must give an `xbmarkets` command that works outside the
checkout on the shipped snapshot.  The wheel is built here with hatchling
(the project's build backend, in the `test` extra) and unpacked into a
folder that is not the checkout: the package found there must read its own
copy of data/ and rank from any working directory.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from xbmarkets import __version__
from xbmarkets.export import read_exported_csv
from xbmarkets.snapshot import DEFAULT_DATA_DIR, PACKAGED_DATA, shipped_data_dir

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SNAPSHOT_FILES = ("catalog.csv", "economies.csv", "snapshot.csv", "sources.csv", "world-110m.json")


def _layout(base: Path, *, checkout: bool, packaged: bool, stray_data: bool = False) -> Path:
    """A fake tree holding an `xbmarkets` package folder; returns that folder."""
    package = base / "xbmarkets"
    package.mkdir(parents=True)
    if checkout:
        (base / "pyproject.toml").write_text("[project]\nname = 'xbmarkets'\n", encoding="utf-8")
        (base / "data").mkdir()
    if stray_data:  # another distribution's top-level data/ in site-packages
        (base / "data").mkdir()
    if packaged:
        (package / PACKAGED_DATA).mkdir()
    return package


# --------------------------------------------------------------------------- the data path resolver


def test_a_checkout_reads_its_top_level_data(tmp_path: Path) -> None:
    package = _layout(tmp_path, checkout=True, packaged=False)
    assert shipped_data_dir(package) == tmp_path / "data"


def test_an_installed_package_reads_the_copy_inside_it(tmp_path: Path) -> None:
    package = _layout(tmp_path / "site-packages", checkout=False, packaged=True)
    assert shipped_data_dir(package) == package / PACKAGED_DATA


def test_a_stray_site_packages_data_folder_is_not_taken_for_ours(tmp_path: Path) -> None:
    package = _layout(tmp_path / "site-packages", checkout=False, packaged=True, stray_data=True)
    assert shipped_data_dir(package) == package / PACKAGED_DATA


def test_with_neither_the_error_will_name_the_checkout_folder(tmp_path: Path) -> None:
    package = _layout(tmp_path, checkout=False, packaged=False)
    assert shipped_data_dir(package) == tmp_path / "data"


def test_this_checkout_uses_its_data_folder() -> None:
    assert Path(DEFAULT_DATA_DIR) == ROOT / "data"


# --------------------------------------------------------------------------- one list of dependencies


def test_requirements_files_only_point_at_the_project() -> None:
    # the lists live in pyproject.toml; a package line here would be a second list that drifts
    for name in ("requirements.txt", "requirements-bench.txt"):
        lines = [ln.strip() for ln in (ROOT / name).read_text(encoding="utf-8").splitlines()]
        entries = [ln for ln in lines if ln and not ln.startswith("#")]
        assert entries and all(ln.startswith("-e .[") for ln in entries), (name, entries)


def _imported_top_level(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"xbmarkets"}


def _norm(name: str) -> str:
    return name.lower().replace("_", "-")


def test_every_package_the_code_imports_is_a_declared_runtime_dependency() -> None:
    from importlib.metadata import packages_distributions

    declared = {
        _norm(d.split(">")[0].split("<")[0].split("=")[0].split(";")[0]) for d in PYPROJECT["project"]["dependencies"]
    }
    providers = packages_distributions()
    missing = {
        module: providers.get(module)
        for module in _imported_top_level(ROOT / "xbmarkets")
        if not {_norm(d) for d in providers.get(module, [module])} & declared
    }
    assert missing == {}
    assert "openpyxl" in declared  # Excel export is a runtime feature now


def test_console_script_is_the_cli_main() -> None:
    assert PYPROJECT["project"]["scripts"] == {"xbmarkets": "xbmarkets.cli:main"}
    assert PYPROJECT["project"]["license"] == "GPL-3.0-or-later"
    assert "GNU GENERAL PUBLIC LICENSE" in (ROOT / "LICENSE").read_text(encoding="utf-8")[:200]


# --------------------------------------------------------------------------- the wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build = pytest.importorskip("hatchling.build")
    out = tmp_path_factory.mktemp("dist")
    cwd = os.getcwd()
    os.chdir(ROOT)  # hatchling builds the project in the working directory
    try:
        name = build.build_wheel(str(out))
    finally:
        os.chdir(cwd)
    return out / name


def test_wheel_holds_the_package_and_the_snapshot_but_no_tests(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        for name in SNAPSHOT_FILES:
            assert archive.read(f"xbmarkets/{PACKAGED_DATA}/{name}") == (ROOT / "data" / name).read_bytes(), name
        metadata = archive.read(f"xbmarkets-{__version__}.dist-info/METADATA").decode()
        entry_points = archive.read(f"xbmarkets-{__version__}.dist-info/entry_points.txt").decode()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"xbmarkets", f"xbmarkets-{__version__}.dist-info"}  # no tests/, benchmarks/, pages/
    assert not [n for n in names if "/tests/" in n or n.endswith(("conftest.py", "dashboard.py"))]
    assert "xbmarkets = xbmarkets.cli:main" in entry_points
    assert "License-Expression: GPL-3.0-or-later" in metadata
    assert "Requires-Dist: openpyxl" in metadata


def test_the_unpacked_wheel_ranks_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}  # the checkout is not on the path: only the wheel's copy
    env.pop("XBMARKETS_DATA_DIR", None)
    where = subprocess.run(
        [sys.executable, "-c", "import xbmarkets.snapshot as s; print(s.__file__); print(s.DEFAULT_DATA_DIR)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split("\n")
    assert Path(where[0]).is_relative_to(site)
    assert Path(where[1]) == site / "xbmarkets" / PACKAGED_DATA
    proc = subprocess.run(
        [sys.executable, "-m", "xbmarkets", "rank"], cwd=elsewhere, env=env, capture_output=True, timeout=180
    )
    assert proc.returncode == 0, proc.stderr.decode()
    frame = read_exported_csv(proc.stdout)
    assert frame["rank"].tolist() == list(range(1, len(frame) + 1)) and len(frame) > 100
    assert "World Bank" in frame.attrs["meta"]["data_editions"]
