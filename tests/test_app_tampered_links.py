"""Shared links and scenario files that were tampered with (AppTest, every page).

A link is untrusted input: anyone can edit the query string before sending
it on.  Whatever it holds, the page must not raise; every value it cannot use
falls back to the default, the founder is told which setting was reset
(st.warning naming the key) and the address bar is rewritten to the clean
scenario.  "Falls back to the default" is checked against a session opened on
the same page with no query at all: the scenario, the cleaned URL and what the
page draws must be exactly the same.

A scenario *file* (sidebar upload) that is not a scenario at all is refused
with a sidebar error and changes nothing; a real scenario file with values of
the wrong type keeps its usable values and reports the rest.
"""

from __future__ import annotations

import json
from functools import cache

import pytest
from app_support import PAGES, assert_ok, open_link

from xbmarkets.scenario import LANGS
from xbmarkets.ui.i18n import translate
from xbmarkets.ui.session import PAGE_DEFAULTS

SCENARIO_KEYS = ("cov", "preset", "profile", "method", "lang", "f_region", "f_income", "f_tier", *PAGE_DEFAULTS)

LINKS: dict[str, dict[str, str | list[str]]] = {
    "weight_negative": {"w_growth": "-5"},
    "weight_nan": {"w_growth": "NaN"},
    "weight_inf": {"w_competition": "inf"},
    "weight_huge": {"w_logistics": "1e308"},
    "weight_text": {"w_payments": "ten"},
    "weight_empty": {"w_regulation": ""},
    "weight_repeated_last_bad": {"w_growth": ["10", "abc"]},
    "indicator_weight_negative": {"iw_population": "-1"},
    "indicator_weight_huge": {"iw_internet_users": "1e308"},
    "coverage_out_of_range": {"cov": "2"},
    "coverage_nan": {"cov": "nan"},
    "unknown_preset": {"preset": "evil"},
    "unknown_profile": {"profile": "../../etc/passwd"},
    "unknown_method": {"method": "ahp"},
    "unknown_language": {"lang": "xx"},
    "unknown_region": {"f_region": ["Atlantis", "<script>alert(1)</script>"]},
    "unknown_income": {"f_income": "Very rich"},
    "unknown_tier": {"f_tier": "ultra"},
    "compare_list_unknown_countries": {"cmp_pick": ["ATL", "XXX"]},
    "plan_lists_unknown_countries": {"plan_exclude": "ATL", "plan_must": ["DEU", "ZZZ"]},
    "junk_key": {"foo": "bar"},
    "junk_unicode_key": {"权重": "1"},
    "long_weight": {"w_growth": "9" * 100_000},
    "long_choice": {"preset": "a" * 100_000},
    "long_key": {"k" * 2_000: "1"},
}
ALL_AT_ONCE = {k: v for query in LINKS.values() for k, v in query.items()}


def scenario(at) -> dict:
    state = at.session_state.to_dict()
    return {k: v for k, v in state.items() if k.startswith(("w_", "iw_")) or k in SCENARIO_KEYS}


def layout(at) -> dict:
    """What the page drew, coarsely: enough to tell a page that fell back from one that broke or changed."""
    return {
        "title": [t.value for t in at.title],
        "dataframes": [tuple(d.value.shape) for d in at.dataframe],
        "charts": len(at.get("vega_lite_chart")),
        "sliders": [(s.key, s.value) for s in at.slider],
        "errors": [e.value for e in at.error],
    }


@cache
def clean(page: str):
    """The page opened from a link with no query: the defaults the tampered links must fall back to."""
    at = open_link(page)
    assert_ok(at)
    assert not [w for w in at.warning if w.value.startswith(NOTICE_STARTS)]
    return scenario(at), dict(at.query_params), layout(at)


def assert_fell_back(at, page: str) -> None:
    want_scenario, want_query, want_layout = clean(page)
    assert scenario(at) == want_scenario
    assert dict(at.query_params) == want_query  # the address bar now holds the clean scenario
    assert layout(at) == want_layout


NOTICE_STARTS = tuple(translate("state.url_fallback", lang, items="\0").split("\0")[0] for lang in LANGS)


def warning_text(at) -> str:
    """The one fallback notice (Robustness and Compare show warnings of their own)."""
    notes = [w.value for w in at.warning if w.value.startswith(NOTICE_STARTS)]
    assert len(notes) == 1, notes
    return notes[0]


@pytest.mark.parametrize("case", list(LINKS))
def test_a_tampered_link_falls_back_with_a_notice(case):
    """Each tampering alone, on Ranking: the page that draws every scenario control."""
    query = LINKS[case]
    at = open_link("ranking", query)
    assert_ok(at)
    note = warning_text(at)
    for key in query:
        assert key[:40] in note, (key[:40], note[:300])
    assert_fell_back(at, "ranking")


@pytest.mark.parametrize("page", list(PAGES))
def test_every_tampering_at_once_on_every_page(page):
    """Every page reads the URL on a session's first run, so each one must survive all of it."""
    at = open_link(page, ALL_AT_ONCE)
    assert_ok(at)
    note = warning_text(at)
    assert all(key[:40] in note for key in ALL_AT_ONCE), note[:300]
    assert_fell_back(at, page)


def test_valid_values_in_a_tampered_link_are_kept():
    at = open_link("ranking", {"w_growth": "10", "w_competition": "abc", "method": "topsis", "f_tier": ["mature", "x"]})
    assert_ok(at)
    note = warning_text(at)
    assert "w_competition" in note and "f_tier" in note and "w_growth" not in note
    assert at.slider(key="w_growth").value == 10
    assert at.slider(key="w_competition").value == clean("ranking")[0]["w_competition"]
    assert at.radio(key="method").value == "topsis"
    assert at.session_state["f_tier"] == ["mature"]


def test_the_notice_is_translated():
    at = open_link("ranking", {"foo": "bar"}, lang="zh")
    assert_ok(at)
    assert "foo" in warning_text(at) and "未知设置" in warning_text(at)


def test_the_notice_can_be_dismissed():
    at = open_link("ranking", {"foo": "bar"})
    assert "foo" in warning_text(at)
    at.button(key="dismiss_url_warning").click().run()
    assert_ok(at)
    assert not [w for w in at.warning if w.value.startswith(NOTICE_STARTS)]


def test_a_reserved_streamlit_key_is_not_reported():
    at = open_link("ranking", {"embed": "true"})
    assert_ok(at)
    assert not [w for w in at.warning if w.value.startswith(NOTICE_STARTS)]


@pytest.mark.parametrize(
    "query",
    [
        {"[Verify your account](https://evil.example)": "1"},
        {"foo": "[Verify](https://evil.example)"},
        {"![x](https://evil.example/p.png)": "1"},
    ],
    ids=["link_in_key", "link_in_value", "image_in_key"],
)
def test_a_link_cannot_put_markdown_links_into_the_notice(query):
    at = open_link("ranking", query)
    assert_ok(at)
    assert "](" not in warning_text(at)


@pytest.mark.parametrize(
    "query",
    [{"k" * 5_000: "1"}, {"f_region": [f"r{i}" for i in range(900)]}],
    ids=["long_key", "many_bad_values"],
)
def test_the_notice_stays_short(query):
    at = open_link("ranking", query)
    assert_ok(at)
    assert len(warning_text(at)) < 2_000


# --------------------------------------------------------------------------- scenario files

# Ordered so that neighbours are refused for different reasons: one session walks them all and
# a changed error message proves each file was really read.
NOT_SCENARIOS = {
    "malformed": b"{not json",
    "a_list": b"[1, 2]",
    "empty": b"",
    "no_marker": b'{"w_growth": 10}',
    "utf16": '{"xbmarkets_scenario": 1, "w_growth": 10}'.encode("utf-16"),
    "wrong_marker": b'{"xbmarkets_scenario": 2, "w_growth": 10}',
    "binary": bytes(range(256)),
    "huge": json.dumps({"xbmarkets_scenario": 1, "pad": "x" * 70_000}).encode(),
    "huge_integer": b'{"xbmarkets_scenario": 1, "w_growth": ' + b"9" * 5_000 + b"}",
}
WRONG_TYPES = {
    "xbmarkets_scenario": 1,
    "w_logistics": 20,  # the one usable value: it must be kept
    "w_growth": "abc",
    "w_competition": [1, 2, "x"],
    "w_payments": 1e300,
    "w_regulation": {"a": 1},
    "iw_population": None,
    "method": 5,
    "preset": {"a": 1},
    "profile": ["evil"],
    "cov": True,
    "f_region": "Atlantis",
    "f_tier": [None, {}, "mature"],
    "junk": 1,
}


def load_scenario(at, data: bytes):
    at.sidebar.file_uploader(key="scenario_file").set_value(("scenario.json", data, "application/json")).run()
    return at


@pytest.mark.parametrize("page", list(PAGES))
def test_a_file_that_is_not_a_scenario_changes_nothing(page):
    """Every kind of non-scenario on Ranking; two on the other pages (the refusal is page-independent)."""
    at = open_link(page)
    previous = None
    cases = list(NOT_SCENARIOS) if page == "ranking" else list(NOT_SCENARIOS)[:2]
    for case in cases:
        data = NOT_SCENARIOS[case]
        load_scenario(at, data)
        assert_ok(at)
        errors = [e.value for e in at.sidebar.error]
        assert len(errors) == 1 and errors[0] != previous, (case, errors)
        assert not at.sidebar.success, case
        assert scenario(at) == clean(page)[0], case
        assert dict(at.query_params) == clean(page)[1], case
        previous = errors[0]


@pytest.mark.parametrize("page", list(PAGES))
def test_a_scenario_file_with_wrong_types_keeps_what_is_usable(page):
    at = load_scenario(open_link(page), json.dumps(WRONG_TYPES).encode())
    assert_ok(at)
    assert at.sidebar.success and not at.sidebar.error
    note = warning_text(at)
    bad = [k for k in WRONG_TYPES if k not in ("xbmarkets_scenario", "w_logistics", "f_tier")]
    assert all(k in note for k in bad), note
    want = clean(page)[0] | {"w_logistics": 20, "f_tier": ["mature"]}
    got = scenario(at)
    assert {k: got[k] for k in want} == want


def test_a_deeply_nested_scenario_file_is_refused():
    data = b'{"xbmarkets_scenario": 1, "x": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"
    at = load_scenario(open_link("ranking"), data)
    assert_ok(at)
    assert len(at.sidebar.error) == 1


def test_a_scenario_file_with_a_bom_loads():
    at = load_scenario(open_link("ranking"), b'\xef\xbb\xbf{"xbmarkets_scenario": 1, "w_growth": 10}')
    assert_ok(at)
    assert at.slider(key="w_growth").value == 10
