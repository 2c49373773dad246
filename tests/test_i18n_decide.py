"""The decision tools' words: every key built at run time exists in English and Chinese.

tests/test_i18n.py checks every literal `t("…")` key and that each entry has
both languages with the same placeholders; the keys below are assembled from
data (a status, a move, a column, a pillar) so no scan can see them.
"""

from __future__ import annotations

import re

import pytest

from xbmarkets.compare import COMPARE_COLUMNS
from xbmarkets.ui import i18n, views

CJK = re.compile(r"[\u4e00-\u9fff]")
DYNAMIC = [
    *(f"sc.status.{s}" for s in ("both", "only_a", "only_b")),
    *(f"sc.move.{m}" for m in ("up", "down", "same", "one")),
    *(f"sc.setting.{s}" for s in ("method", "cov", "origin", "iw", "dir")),
    *(f"cmp.tab.{v}" for v in ("markets", "scenarios")),
    *(f"stab.{side}_end" for side in ("low", "high")),
    *(f"tiers.pr.help.{c}" for c in ("p_core", "p_wave_1_2", "p_in_plan", "plan_wave")),
    # every column a decision frame can show is translated (views.translate_columns looks up col.<name>)
    *(
        f"col.{c}"
        for c in (
            "weight_now",
            "low",
            "high",
            "low_in",
            "low_out",
            "high_in",
            "high_out",
            "sentence",
            "weight_needed",
            "change",
            "points",
            "value_now",
            "value_needed",
            "best_in_field",
            "rank_after",
            "plan_wave",
            "p_core",
            "p_wave_1_2",
            "p_in_plan",
            "plan",
            "share",
            "is_base",
            "weight_a",
            "weight_b",
            "difference",
            "setting",
            "a",
            "b",
            "scenario",
            "move",
            *(c for c in COMPARE_COLUMNS if c not in ("name", "in_top")),
        )
    ),
]


@pytest.mark.parametrize("key", DYNAMIC)
def test_every_run_time_key_exists_in_both_languages(key):
    assert i18n.has(key), key
    entry = i18n.TEXT[key]
    assert entry["en"].strip() and entry["zh"].strip()
    assert CJK.search(entry["zh"]) or re.fullmatch(r"[A-Za-z]", entry["zh"])


def test_every_shown_decision_column_has_a_header():
    for column in views.PLAN_ROBUSTNESS_SHOWN:
        assert i18n.has(f"col.{column}")


def test_the_decision_keys_sit_in_one_marked_block_at_the_end_of_the_table():
    """Kept together so the lead can merge other branches' i18n additions without interleaving."""
    import inspect

    source = inspect.getsource(i18n)
    start = source.index("# ================================================================ issue 10")
    end = source.index("# ================================================================ end of issue 10 block")
    block = source[start:end]
    assert source.index("\n}\n", end) < source.index("OPTIONAL")  # the block closes TEXT
    assert [key for key in DYNAMIC if f'"{key}"' not in block] == []
