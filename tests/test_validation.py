"""The one numeric-parameter check (xbmarkets.validation) and the one vocabulary (xbmarkets.vocab).

check_scalar is tested on its own rules first (kinds, bounds, wording), then
through every engine entry point that takes a numeric parameter, so a call
site that goes back to a hand-written check with its own wording fails here.
"""

from __future__ import annotations

import ast
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from synthetic import five_pillar_dm, tier_groups_dm

from xbmarkets import vocab
from xbmarkets.validation import check_scalar

ROOT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------- check_scalar on its own


@pytest.mark.parametrize("value", [0, 7, -3, np.int64(5), np.int8(-2), np.uint16(9)])
def test_whole_numbers_come_back_as_plain_int(value) -> None:
    out = check_scalar(value, "n", int)
    assert type(out) is int and out == int(value)


@pytest.mark.parametrize("value", [True, False, np.True_, 2.0, 1.5, "3", None, float("nan"), [1], 3 + 0j])
def test_anything_but_a_whole_number_is_refused_for_int(value) -> None:
    with pytest.raises(ValueError, match=r"^n must be a whole number, got "):
        check_scalar(value, "n", int)


@pytest.mark.parametrize("value", [0, 0.25, -1e300, np.float32(0.5), np.int64(4), 7])
def test_numbers_come_back_as_plain_float(value) -> None:
    out = check_scalar(value, "x", float)
    assert type(out) is float and out == float(value)


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), -math.inf, np.float64("nan"), True, np.False_, "0.5", None]
)
def test_nan_infinity_bool_and_text_are_not_numbers(value) -> None:
    with pytest.raises(ValueError, match=r"^x must be a finite number, got "):
        check_scalar(value, "x", float)


@pytest.mark.parametrize(
    ("include", "lo_ok", "hi_ok"),
    [("both", True, True), ("left", True, False), ("right", False, True), ("neither", False, False)],
)
def test_boundaries_are_included_as_asked(include, lo_ok, hi_ok) -> None:
    for value, ok in ((1, lo_ok), (5, hi_ok), (3, True), (0, False), (6, False)):
        if ok:
            assert check_scalar(value, "n", int, min_val=1, max_val=5, include_boundaries=include) == value
        else:
            with pytest.raises(ValueError, match="n must be a whole number"):
                check_scalar(value, "n", int, min_val=1, max_val=5, include_boundaries=include)


@pytest.mark.parametrize(
    ("kwargs", "value", "message"),
    [
        ({"min_val": 1, "max_val": 200_000}, 0, "draws must be a whole number between 1 and 200,000, got 0"),
        ({"min_val": 1}, True, "draws must be a whole number >= 1, got True"),
        ({"min_val": 0, "include_boundaries": "neither"}, 0, "draws must be a positive whole number, got 0"),
        ({"max_val": 10, "include_boundaries": "left"}, 10, "draws must be a whole number < 10, got 10"),
        (
            {"min_val": 1, "max_val": 5, "note": "2-3 advised"},
            9,
            "draws must be a whole number between 1 and 5 (2-3 advised), got 9",
        ),
        (
            {"min_val": 1, "max_val": 5, "include_boundaries": "right"},
            1,
            "draws must be a whole number > 1 and <= 5, got 1",
        ),
    ],
)
def test_one_wording_for_whole_numbers(kwargs, value, message) -> None:
    with pytest.raises(ValueError) as info:
        check_scalar(value, "draws", int, **kwargs)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("kwargs", "value", "message"),
    [
        ({"min_val": 0, "max_val": 1}, 1.5, "share must be a number between 0 and 1, got 1.5"),
        ({"min_val": 0, "max_val": 1}, math.nan, "share must be a number between 0 and 1, got nan"),
        (
            {"min_val": 0, "include_boundaries": "neither", "note": "or None for uniform weights"},
            -2.0,
            "share must be a positive number (or None for uniform weights), got -2.0",
        ),
        ({"min_val": 0.5, "include_boundaries": "right"}, 0.5, "share must be a number > 0.5, got 0.5"),
        (
            {"min_val": 0.5, "max_val": 2.5, "include_boundaries": "neither"},
            3,
            "share must be a number > 0.5 and < 2.5, got 3",
        ),
    ],
)
def test_one_wording_for_numbers(kwargs, value, message) -> None:
    with pytest.raises(ValueError) as info:
        check_scalar(value, "share", float, **kwargs)
    assert str(info.value) == message


def test_a_misused_check_is_a_type_error_not_a_user_error() -> None:
    with pytest.raises(TypeError, match="target_type"):
        check_scalar(1, "n", str)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="include_boundaries"):
        check_scalar(1, "n", int, include_boundaries="inner")  # type: ignore[call-overload]


# --------------------------------------------------------------------------- every engine call site


@pytest.fixture(scope="module")
def scored():
    from xbmarkets.scoring import score

    dm = five_pillar_dm(n=12)
    return dm, score(dm, {"growth": 1, "logistics": 1, "payments": 1})


def _calls(dm, result):
    """(what is called, a bad value, the name the message must use) for every numeric parameter."""
    from xbmarkets.compare import compare_scenarios
    from xbmarkets.plan import entry_plan
    from xbmarkets.plan_robustness import plan_robustness
    from xbmarkets.report import wave_sizes
    from xbmarkets.robustness import scenario_acceptability
    from xbmarkets.scoring import score
    from xbmarkets.stability import stability_intervals
    from xbmarkets.tiers import assign_tiers
    from xbmarkets.whatif import what_if

    eco = dm.economies
    tiers_dm = tier_groups_dm()
    return {
        "draws": lambda v: scenario_acceptability(result, draws=v),
        "seed": lambda v: scenario_acceptability(result, seed=v),
        "top_k": lambda v: scenario_acceptability(result, top_k=v),
        "top_plans": lambda v: plan_robustness(result, None, eco, draws=10, top_plans=v),
        "max_per_region": lambda v: entry_plan(result.table, None, eco, max_per_region=v),
        "wave 2 size": lambda v: entry_plan(result.table, None, eco, wave_sizes=(1, v)),
        "the number of waves": lambda v: wave_sizes(v, 2),
        "markets per later wave": lambda v: wave_sizes(2, v),
        "top": lambda v: compare_scenarios(result, result, top=v),
        "k (stability)": lambda v: stability_intervals(result, v),
        "k (what-if)": lambda v: what_if(result, result.table.index[-1], v, dm),
        "k (tiers)": lambda v: assign_tiers(tiers_dm, k=v),
        "seed (tiers)": lambda v: assign_tiers(tiers_dm, seed=v),
        "coverage_threshold": lambda v: score(dm, {"growth": 1}, coverage_threshold=v),
    }


@pytest.mark.parametrize("bad", [True, 1.5, "3", float("nan"), -1])
@pytest.mark.parametrize(
    "label",
    [
        "draws",
        "seed",
        "top_k",
        "top_plans",
        "max_per_region",
        "wave 2 size",
        "the number of waves",
        "markets per later wave",
        "top",
        "k (stability)",
        "k (what-if)",
        "k (tiers)",
        "seed (tiers)",
        "coverage_threshold",
    ],
)
def test_every_numeric_parameter_speaks_with_one_voice(scored, label, bad) -> None:
    dm, result = scored
    call = _calls(dm, result)[label]
    name = label.split(" (")[0]
    kind = "a number" if name == "coverage_threshold" else "a whole number"
    with pytest.raises(ValueError, match=rf"^{name} must be {kind}\b.*, got "):
        call(bad)


def test_concentration_keeps_its_advice(scored) -> None:
    from xbmarkets.robustness import scenario_acceptability

    _, result = scored
    for bad in (0, -2.0, float("nan"), "lots", True):
        with pytest.raises(ValueError, match=r"^concentration must be a positive number \(or None for uniform"):
            scenario_acceptability(result, concentration=bad)


def test_numpy_integers_are_accepted_where_whole_numbers_are_asked(scored) -> None:
    from xbmarkets.report import wave_sizes
    from xbmarkets.robustness import scenario_acceptability

    _, result = scored
    assert wave_sizes(np.int64(3), np.int32(2)) == (1, 2, 2)
    acc = scenario_acceptability(result, draws=np.int64(50), top_k=np.int16(2), seed=np.uint8(1))
    assert acc.attrs["draws"] == 50 and acc.attrs["top_k"] == 2


def test_a_bad_max_bytes_is_still_a_custom_data_error() -> None:
    from xbmarkets.custom import CustomDataError, load_custom

    with pytest.raises(CustomDataError, match="^max_bytes must be a whole number >= 1, got 0"):
        load_custom(b"country,x\nDEU,1\n", max_bytes=0)


# --------------------------------------------------------------------------- one vocabulary


def test_the_vocabulary_module_imports_nothing() -> None:
    tree = ast.parse((ROOT / "xbmarkets" / "vocab.py").read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert [n.module for n in imports if isinstance(n, ast.ImportFrom)] == ["__future__"]
    assert not [n for n in imports if isinstance(n, ast.Import)]


def test_the_scenario_reader_does_not_pull_in_scikit_learn() -> None:
    code = "import sys, xbmarkets.scenario; print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_every_module_uses_the_one_definition() -> None:
    from xbmarkets import (
        catalog,
        charts,
        methods,
        normalize,
        plan,
        report,
        reweigh,
        robustness,
        scenario,
        scoring,
        tiers,
    )

    assert tiers.TIERS is vocab.TIERS and scenario.TIERS is vocab.TIERS
    assert tiers.UNCLASSIFIED == report.UNCLASSIFIED == vocab.UNCLASSIFIED == vocab.PLAN_TIERS[-1]
    assert scoring.METHOD_NAMES is vocab.METHOD_NAMES and tuple(methods.METHODS) == vocab.METHOD_NAMES
    assert reweigh.REWEIGH_METHODS is vocab.REWEIGH_METHODS and scenario.METHODS is vocab.REWEIGH_METHODS
    assert set(vocab.REWEIGH_METHODS) <= set(vocab.METHOD_NAMES)
    assert tuple(robustness._DEFAULT_NORMALIZATION) == vocab.REWEIGH_METHODS
    assert plan.MAX_WAVES is report.MAX_WAVES is vocab.MAX_WAVES
    assert plan.MAX_WAVE_SIZE is report.MAX_WAVE_SIZE is vocab.MAX_WAVE_SIZE
    assert scenario.LANGS is vocab.LANGS
    assert normalize.TRANSFORMS is catalog.TRANSFORMS
    import inspect

    assert inspect.signature(charts.wave_timeline).parameters["tier_order"].default is vocab.TIERS


# Names with one home; a module-level assignment anywhere else is a second definition that can drift.
_HOMES = {
    "PILLARS": "xbmarkets/catalog.py",
    "TRANSFORMS": "xbmarkets/catalog.py",
    **{name: "xbmarkets/vocab.py" for name in vocab.__all__},
}
# Front-end copies the UI pass is switching to the shared definitions (reported to the lead).
_PENDING: set[tuple[str, str]] = set()


def test_no_module_redefines_a_shared_name() -> None:
    found = []
    for path in sorted((ROOT / "xbmarkets").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AnnAssign)
                else []
            )
            for t in targets:
                if isinstance(t, ast.Name) and t.id in _HOMES and _HOMES[t.id] != rel and (rel, t.id) not in _PENDING:
                    found.append(f"{rel}: {t.id}")
    assert found == []


def test_plan_takes_tier_names_from_the_vocabulary(scored) -> None:
    from xbmarkets.plan import entry_plan

    dm, result = scored
    tiers = pd.Series(vocab.TIERS[0], index=result.table.index)
    plan = entry_plan(result.table, tiers, dm.economies, start_tier=vocab.TIERS[0])
    assert plan.iloc[0]["reason_kind"] == "core_start_tier"
    with pytest.raises(ValueError, match=f"choose {', '.join(vocab.TIERS)}$"):
        entry_plan(result.table, tiers, dm.economies, start_tier="premium")
