"""Words for the dashboard's vocabularies in a given language: pillars, tiers, choices, the fallback notice.

Every function takes the language explicitly (no streamlit here). Widgets'
`format_func`s are built from them with the language bound, because
Streamlit may call a format function outside the run that drew the widget
(AppTest does), where the session's language cannot be read.
"""

from __future__ import annotations

from collections.abc import Iterable

from xbmarkets.scenario import Problem
from xbmarkets.ui.i18n import has, label, translate
from xbmarkets.ui.markdown import capped_list, escape_markdown
from xbmarkets.vocab import TIERS, UNCLASSIFIED

__all__ = [
    "LANG_NAMES",
    "pillar_label",
    "tier_label",
    "tier_labels",
    "choice_label",
    "direction_label",
    "concentration_label",
    "problem_notice",
]

LANG_NAMES = {"en": "English", "zh": "简体中文"}  # each language in its own script, as a picker shows it
MAX_NOTICE_KEYS = 25  # settings named in the fallback notice before "+N more"
MAX_NOTICE_VALUES = 3  # dropped values named per setting


def pillar_label(pillar: str, lang: str) -> str:
    return translate(f"pillar.{pillar}", lang)


def tier_label(tier: str, lang: str) -> str:
    """A tier's name; a value the table does not know (a future tier) is shown as it is."""
    return translate(f"tier.{tier}", lang) if has(f"tier.{tier}") else str(tier)


def tier_labels(lang: str) -> dict[str, str]:
    """Every tier value a table can hold, including 'unclassified' and the plan's 'n/a'."""
    return {k: tier_label(k, lang) for k in (*TIERS, UNCLASSIFIED, "n/a")}


def choice_label(kind: str, name: str, lang: str) -> str:
    """A preset or profile as a picker lists it; "" is the picker's "none" entry.

    A name without a translation is shown with spaces for underscores
    (`growth_hunter` → "growth hunter") rather than as a code.
    """
    if name == "":
        return translate(f"rank.{kind}.none", lang)
    return label(kind, name, lang, fallback=name.replace("_", " "))


def direction_label(direction: int, lang: str) -> str:
    """+1 / -1 as the founder reads them."""
    return translate("dir.higher_is_better" if int(direction) == 1 else "dir.lower_is_better", lang)


def concentration_label(concentration: int, lang: str) -> str:
    """A Dirichlet concentration in words first (a bare "200" means nothing to a founder), the number in brackets."""
    return translate("rob.conc_uniform", lang) if concentration == 0 else translate(f"rob.conc.{concentration}", lang)


def problem_notice(problems: Iterable[Problem], lang: str) -> str:
    """The fallback notice's list: one item per setting, user text escaped, both lists capped.

    Keys and values come from a link or a scenario file anyone can edit, so
    they are shown as literal text (no link, image or HTML can render) and a
    link cannot fill the page with thousands of items.
    """
    by_key: dict[str, list[Problem]] = {}
    for p in problems:
        by_key.setdefault(p.key, []).append(p)
    more = translate("state.more", lang)
    items = []
    for key, ps in by_key.items():
        values = capped_list([escape_markdown(repr(p.value)) for p in ps], MAX_NOTICE_VALUES, more)
        whys = ", ".join(dict.fromkeys(translate("state.why." + p.why, lang) for p in ps))
        items.append(f"{escape_markdown(key)}={', '.join(values)} ({whys})")
    return "; ".join(capped_list(items, MAX_NOTICE_KEYS, more))
