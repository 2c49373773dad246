"""Every hostile case goes through `load_custom`; only CustomDataError may escape."""

from __future__ import annotations

import math

import pytest
from hostile_cases import CASES

from xbmarkets.custom import CustomData, CustomDataError, load_custom


def test_corpus_is_large_and_ids_unique() -> None:
    ids = [case_id for case_id, _, _ in CASES]
    assert len(ids) >= 40
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("case_id", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_case(case_id: str, content: bytes, expected: str | dict) -> None:
    if isinstance(expected, str):
        with pytest.raises(CustomDataError) as info:
            load_custom(content)
        message = str(info.value)
        assert expected.casefold() in message.casefold(), message
        assert "\n" not in message and len(message) < 1_200
        return
    result = load_custom(content)
    assert isinstance(result, CustomData)
    by_name = dict(zip(result.criteria["name"], result.criteria.index, strict=False))
    expected_values: dict = expected["values"]
    assert sorted(result.values.index) == sorted(expected_values)
    for iso3, row in expected_values.items():
        for header, value in row.items():
            got = result.values.loc[iso3, by_name[header]]
            if value is None:
                assert math.isnan(got), (iso3, header, got)
            else:
                assert got == pytest.approx(value), (iso3, header, got)
    if expected["warning"]:
        assert any(expected["warning"].casefold() in w.casefold() for w in result.warnings), result.warnings
    else:
        assert result.warnings == []
