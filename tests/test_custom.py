"""Tests for xbmarkets.custom beyond the hostile corpus: ids, directions, paths, template."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from xbmarkets.custom import CustomDataError, load_custom, template_csv

CSV = "country,Avg order value (USD),Return rate %,人口\nViet Nam,1,2,3\nGermany,4,5,6\n".encode()


def test_criteria_are_custom_pillar_with_safe_unique_ids() -> None:
    data = load_custom(CSV)
    assert list(data.criteria.index) == ["custom:avg_order_value_usd", "custom:return_rate", "custom:col_d"]
    assert list(data.criteria["name"]) == ["Avg order value (USD)", "Return rate %", "人口"]
    assert set(data.criteria["pillar"]) == {"custom"}
    assert list(data.criteria["direction"]) == [1, 1, 1]
    assert set(data.criteria["transform"]) == {"none"}
    assert set(data.criteria["source"]) == {"custom upload"}
    assert list(data.values.columns) == list(data.criteria.index)
    assert data.values.index.name == "iso3"
    assert (data.values.dtypes == "float64").all()


def test_colliding_slugs_get_suffixes() -> None:
    data = load_custom(b"country,GDP $,GDP %\nGermany,1,2\nFrance,3,4\n")
    assert list(data.criteria.index) == ["custom:gdp", "custom:gdp_2"]


def test_names_echo_the_users_spelling() -> None:
    data = load_custom(CSV)
    assert data.names == {"VNM": "Viet Nam", "DEU": "Germany"}


def test_directions_by_header_or_id() -> None:
    data = load_custom(CSV, directions={"Return rate %": -1, "custom:col_d": -1})
    assert list(data.criteria["direction"]) == [1, -1, -1]


@pytest.mark.parametrize(
    ("directions", "needle"),
    [
        ({"Profit": -1}, 'unknown column "Profit"'),
        ({"Return rate %": 0}, "must be +1 or -1"),
        ({"Return rate %": True}, "must be +1 or -1"),
    ],
)
def test_bad_directions_are_refused(directions: dict, needle: str) -> None:
    with pytest.raises(CustomDataError, match=needle.replace("+", r"\+")):
        load_custom(CSV, directions=directions)


def test_known_iso3_drops_uncovered_countries_with_a_warning() -> None:
    data = load_custom(CSV, known_iso3={"DEU"})
    assert list(data.values.index) == ["DEU"]
    assert data.names == {"DEU": "Germany"}
    assert any('"Viet Nam" (row 2)' in w for w in data.warnings)
    with pytest.raises(CustomDataError, match="none of the countries"):
        load_custom(CSV, known_iso3={"FRA"})


def test_reads_a_path_as_str_and_path(tmp_path: Path) -> None:
    target = tmp_path / "mine.csv"
    target.write_bytes(CSV)
    assert load_custom(str(target)).values.equals(load_custom(target).values)


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CustomDataError, match="file not found"):
        load_custom(tmp_path / "nope.csv")
    with pytest.raises(CustomDataError, match="is a folder"):
        load_custom(tmp_path)


def test_max_bytes_is_honoured_for_paths_and_bytes(tmp_path: Path) -> None:
    target = tmp_path / "mine.csv"
    target.write_bytes(CSV)
    with pytest.raises(CustomDataError, match="larger than 10 bytes"):
        load_custom(target, max_bytes=10)
    with pytest.raises(CustomDataError, match="larger than 10 bytes"):
        load_custom(CSV, max_bytes=10)


def test_wrong_source_type_is_a_custom_data_error() -> None:
    with pytest.raises(CustomDataError, match="got int"):
        load_custom(42)  # type: ignore[arg-type]


def test_loader_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "mine.csv"
    target.write_bytes(CSV)
    before = sorted(os.listdir(tmp_path))
    load_custom(target)
    with pytest.raises(CustomDataError):
        load_custom(b"country,gdp\nAtlantis,1\n")
    assert sorted(os.listdir(tmp_path)) == before
    assert target.read_bytes() == CSV


def test_error_message_quotes_hostile_text_on_one_line() -> None:
    with pytest.raises(CustomDataError) as info:
        load_custom(b'country,gdp\n"=HYPERLINK(""x"")\x07",1\n')
    message = str(info.value)
    assert "\\x07" in message and "\x07" not in message
    assert '\\"x\\"' in message


def test_unknown_names_list_is_bounded() -> None:
    body = ("country,gdp\n" + "".join(f"Nowhere land {chr(65 + i)},1\n" for i in range(25))).encode()
    with pytest.raises(CustomDataError, match="and 15 more") as info:
        load_custom(body)
    assert '"Nowhere land A" (row 2)' in str(info.value)


def test_unexpected_internal_error_surfaces_as_custom_data_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import xbmarkets.custom as custom

    def boom(_names, extra=None):
        raise RuntimeError("coco broke")

    monkeypatch.setattr(custom, "match_spellings", boom)
    with pytest.raises(CustomDataError, match="RuntimeError"):
        load_custom(CSV)


def test_template_has_headers_and_countries_but_no_figures() -> None:
    text = template_csv().decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].split(",")[0] == "country" and len(lines[0].split(",")) == 3
    for line in lines[1:]:
        name, *values = line.split(",")
        assert name and all(v == "" for v in values)
    with pytest.raises(CustomDataError, match="every numeric column is empty"):
        load_custom(template_csv())


def test_template_filled_in_loads() -> None:
    lines = template_csv().decode("utf-8-sig").splitlines()
    filled = "\n".join([lines[0]] + [line.replace(",,", f",{i},{i + 1}") for i, line in enumerate(lines[1:])])
    data = load_custom(filled.encode())
    assert list(data.values.index) == ["DEU", "VNM", "BRA"]
    assert data.values.iloc[2].tolist() == [2.0, 3.0]


def test_names_in_any_language_parse_and_are_echoed_back() -> None:
    body = "country,gdp\nMéxico,1\nPerú,2\n越南,3\n美国,4\nDeutschland,5\nCôte d’Ivoire,6\n".encode()
    data = load_custom(body)
    assert sorted(data.values.index) == ["CIV", "DEU", "MEX", "PER", "USA", "VNM"]
    assert data.values.loc["PER", "custom:gdp"] == 2.0
    assert data.names["CIV"] == "Côte d’Ivoire"  # the founder's own spelling, not ours


def test_known_names_are_matched_like_the_app_shows_them() -> None:
    body = "国家,人口\n美利坚合众国,1\n越南,2\n".encode()
    with pytest.raises(CustomDataError, match="美利坚合众国"):
        load_custom(body)
    data = load_custom(body, known_names={"美利坚合众国": "USA", "United States": "USA"})
    assert sorted(data.values.index) == ["USA", "VNM"]


def test_ambiguous_name_lists_every_candidate() -> None:
    with pytest.raises(CustomDataError) as info:
        load_custom(b"country,gdp\nGermany,1\nKongo,2\nAfrique du Sud,3\n")
    message = str(info.value)
    assert '"Kongo" (row 3) is ambiguous: could be COD or COG; write the ISO3 code' in message
    assert '"Afrique du Sud" (row 4) is ambiguous: could be the region Southern Africa or ZAF' in message
