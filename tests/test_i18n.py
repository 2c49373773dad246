"""Every user-facing string has English and Chinese, and every key the pages use exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from xbmarkets.ui import i18n

ROOT = Path(__file__).resolve().parents[1]
UI_FILES = sorted([ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "xbmarkets" / "ui").glob("*.py")])
CJK = re.compile(r"[\u4e00-\u9fff]")


def _cjk_punctuation_only(text: str) -> bool:
    rest = re.sub(r"\{[^}]*\}|[*\s]", "", text)
    return bool(rest) and all("\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" for ch in rest)


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted({**i18n.TEXT, **i18n.OPTIONAL}))
def test_every_key_has_both_languages_with_the_same_placeholders(key):
    entry = {**i18n.TEXT, **i18n.OPTIONAL}[key]
    assert set(entry) == set(i18n.LANGS)
    # "<x>_reason.*" entries translate the engine's English text, which is shown as-is in English
    assert entry["en"].strip() or key.split(".")[0].endswith("_reason")
    assert entry["zh"].strip()
    assert _fields(entry["en"]) == _fields(entry["zh"])


def test_chinese_text_is_actually_chinese():
    # a copied English string would pass the "both languages" check; real translations contain CJK
    # ...except punctuation templates ("、", "{head}{extra}：{parts}"): their Chinese is the full-width punctuation
    untranslated = [
        k
        for k, v in i18n.TEXT.items()
        if not CJK.search(v["zh"]) and v["zh"] != v["en"] and not _cjk_punctuation_only(v["zh"])
    ]
    same = [k for k, v in i18n.TEXT.items() if v["zh"] == v["en"] and not re.fullmatch(r"[A-Z0-9 ]+|n/a", v["en"])]
    assert untranslated == [] and same == []


def test_every_translation_key_used_in_the_pages_exists():
    used: set[str] = set()
    for path in UI_FILES:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\b(?:t|translate)\(\s*["']([a-z_]+\.[A-Za-z0-9_.]+)["']""", text))
    assert used, "the scan found no t() calls: the pattern is broken"
    # a key ending in "." is a prefix completed at run time (checked in the next test)
    missing = sorted(k for k in used if not k.endswith(".") and not i18n.has(k))
    assert missing == []


def test_dynamic_key_families_are_complete():
    # keys built at run time: t(f"pillar.{p}"), t(f"method.{m}"), t(f"tier.{x}"), t("state.why." + why)
    from xbmarkets.catalog import ALL_PILLARS
    from xbmarkets.scenario import METHODS

    for p in ALL_PILLARS:
        assert i18n.has(f"pillar.{p}") and i18n.has(f"pillar.help.{p}")
    for m in METHODS:
        assert i18n.has(f"method.{m}")
    for tier in ("mature", "growth", "emerging", "unclassified"):
        assert i18n.has(f"tier.{tier}")
    for why in ("unknown_key", "bad_number", "out_of_range", "unknown_choice"):
        assert i18n.has(f"state.why.{why}")
    for page in ("ranking", "tiers", "compare", "robustness", "map", "data", "backtest"):
        assert i18n.has(f"home.next.{page}") and i18n.has(f"nav.{page}")
    for d in ("higher_is_better", "lower_is_better"):
        assert i18n.has(f"dir.{d}")
    for kind in ("preset", "profile"):  # the pickers' "none" entry (labels.choice_label)
        assert i18n.has(f"rank.{kind}.none")


def test_every_catalog_indicator_has_a_chinese_name():
    import pandas as pd

    catalog = pd.read_csv(ROOT / "data" / "catalog.csv")
    missing = [i for i in catalog["id"] if not CJK.search(i18n.label("ind", i, "zh"))]
    assert missing == []
    short = [i for i in catalog["id"] if not CJK.search(i18n.label("short", i, "zh"))]
    assert short == []


def test_translate_formats_and_falls_back_to_english_for_unknown_languages():
    assert i18n.translate("rank.shown", "zh", shown=3, total=9) == "共 9 个已排名市场，显示 3 个。"
    assert i18n.translate("rank.shown", "xx", shown=3, total=9) == "3 of 9 ranked markets shown."
    with pytest.raises(KeyError):
        i18n.translate("no.such.key")


def test_every_preset_and_profile_has_a_chinese_name_and_reason():
    from xbmarkets.weights import PRESETS, PROFILES

    for kind, names in (("preset", PRESETS), ("profile", PROFILES)):
        for name in names:
            assert CJK.search(i18n.label(kind, name, "zh"))
            assert CJK.search(i18n.label(f"{kind}_reason", name, "zh"))


def test_label_translates_owned_names_and_keeps_data_text_otherwise():
    assert i18n.label("region", "South Asia", "zh") == "南亚"
    assert i18n.label("region", "Atlantis", "zh") == "Atlantis"
    assert i18n.label("ind", "my_col", "zh", fallback="My column") == "My column"
