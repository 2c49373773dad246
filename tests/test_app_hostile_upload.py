"""Every hostile CSV of the shared corpus, uploaded through the Data page (AppTest).

The loader and the CLI already see `hostile_cases.CASES`; this is the third
front door.  What must hold for a founder clicking "upload":

* nothing raises, whatever the file;
* a refused file shows the loader's own one-line message, the app keeps
  working and the last file that *was* accepted stays in use (no data loss);
* an accepted file becomes the custom pillar (one direction switch per column,
  the weight slider on Ranking) and the ranking is computed from it;
* the shipped snapshot in data/ is never touched.

One AppTest session walks the whole corpus in order (a real founder retries in
the same tab, so carrying state from case to case is the realistic test, and
it keeps the file fast); the ranking is re-checked just before each accepted
file replaces the previous one, so every accepted file -- and every refusal
that followed it -- is seen on the Ranking page.
"""

from __future__ import annotations

import pytest
from app_support import PAGES, assert_ok, data_digest, open_page
from hostile_cases import CASES

from xbmarkets.custom import CustomDataError, load_custom

pytestmark = pytest.mark.slow  # the whole hostile corpus through AppTest (~40 s): CI runs it, locally -m "not slow"

GOOD_NAME = "good.csv"
GOOD = b"country,my_sales,ad_cost\nGermany,10,3\nBrazil,5,1\nViet Nam,7,0.5\nKenya,2,0.2\nFrance,9,2.5\n"
GOOD_HEADERS = ("my_sales", "ad_cost")
GOOD_ECONOMIES = frozenset({"DEU", "BRA", "VNM", "KEN", "FRA"})
UPLOADER = "custom_file"


def loader_message(data: bytes) -> str:
    with pytest.raises(CustomDataError) as info:
        load_custom(data)
    return str(info.value)


def expected_headers(expected: dict) -> list[str]:
    out: list[str] = []
    for row in expected["values"].values():
        out += [h for h in row if h not in out]
    return out


def expected_economies(expected: dict) -> frozenset[str]:
    """Economies with at least one value: only they carry the custom pillar into the ranking."""
    return frozenset(iso for iso, row in expected["values"].items() if any(v is not None for v in row.values()))


def upload(at, name: str, content: bytes):
    at.file_uploader(key=UPLOADER).set_value((name, content, "text/csv")).run()
    return at


def direction_radios(at) -> list:
    return [r for r in at.radio if r.key.startswith("cdir_")]


def check_refused(at, case_id: str, content: bytes, expected: str, kept: str | None) -> None:
    assert_ok(at)
    message = loader_message(content)
    assert expected.casefold() in message.casefold(), (case_id, message)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and message in errors[0], (case_id, errors)
    if kept is None:
        assert not at.success and not direction_radios(at), case_id
    else:
        assert any(kept in i.value for i in at.info), (case_id, [i.value for i in at.info])
        assert any(kept in s.value for s in at.success), (case_id, [s.value for s in at.success])
    assert at.tabs and at.get("vega_lite_chart"), case_id  # the rest of the page still rendered


def check_accepted(at, case_id: str, expected: dict) -> None:
    assert_ok(at)
    assert not at.error, (case_id, [e.value for e in at.error])
    assert any(f"{case_id}.csv" in s.value for s in at.success), (case_id, [s.value for s in at.success])
    radios = direction_radios(at)
    headers = expected_headers(expected)
    assert len(radios) == len(headers), (case_id, [r.label for r in radios])
    for header in headers:
        assert any(header in r.label for r in radios), (case_id, header, [r.label for r in radios])
    if expected["warning"]:
        captions = [c.value.casefold() for c in at.caption]
        assert any(expected["warning"].casefold() in c for c in captions), (case_id, captions)


def check_ranking_uses(at, label: str, economies: frozenset[str]) -> None:
    """On Ranking: the custom weight slider is there and only economies with custom values are ranked."""
    at.switch_page(PAGES["ranking"]).run()
    assert_ok(at)
    assert "w_custom" in [s.key for s in at.slider], label
    ranked = at.dataframe[0].value
    assert "Your data" in ranked.columns, (label, list(ranked.columns))
    assert len(ranked) > 0 and set(ranked["ISO3"]) <= economies, (label, sorted(ranked["ISO3"]))
    at.switch_page(PAGES["data"]).run()
    assert_ok(at)


def test_corpus_has_both_kinds():
    kinds = {isinstance(expected, dict) for _, _, expected in CASES}
    assert kinds == {True, False} and len(CASES) >= 70


def test_every_case_in_one_session_keeps_the_last_good_file_and_leaves_data_untouched():
    before = data_digest()
    at = open_page("data")
    good = {"values": {"DEU": dict.fromkeys(GOOD_HEADERS, 1.0)}, "warning": None}
    check_accepted(upload(at, GOOD_NAME, GOOD), "good", good)
    kept, kept_economies, since = GOOD_NAME, GOOD_ECONOMIES, [GOOD_NAME]
    for case_id, content, expected in CASES:
        if isinstance(expected, str):
            check_refused(upload(at, f"{case_id}.csv", content), case_id, content, expected, kept)
            since.append(case_id)
            continue
        # before this file replaces the kept one: the kept one (and every refusal since) drives the ranking
        check_ranking_uses(at, " -> ".join(since), kept_economies)
        check_accepted(upload(at, f"{case_id}.csv", content), case_id, expected)
        kept, kept_economies, since = f"{case_id}.csv", expected_economies(expected), [case_id]
    check_ranking_uses(at, " -> ".join(since), kept_economies)
    after = data_digest()
    assert after == before  # byte-identical, and no file added or removed


def test_refusals_without_any_accepted_file_leave_the_official_model():
    at = open_page("data")
    for case_id, content, expected in CASES:
        if isinstance(expected, str):
            check_refused(upload(at, f"{case_id}.csv", content), case_id, content, expected, kept=None)
    at.switch_page(PAGES["ranking"]).run()
    assert_ok(at)
    assert "w_custom" not in [s.key for s in at.slider]
    ranked = at.dataframe[0].value
    assert len(ranked) > 100 and "Your data" not in ranked.columns


@pytest.mark.parametrize("cell", ["-1", "+44"])
def test_a_signed_number_in_the_country_column_is_named_with_its_row(cell):
    content = f"country,gdp\n{cell},1\nGermany,2\n".encode()
    at = open_page("data")
    upload(at, "signed.csv", content)
    assert_ok(at)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "row 2" in errors[0] and cell in errors[0], errors
