"""`--out FILE.xlsx`: a two-sheet workbook with the CSV's rows and header, written by the CSV's rules.

The workbook is compared with the CSV the same command writes (both read back
independently: `read_exported_csv` and openpyxl); raw indicator values are
compared with data/snapshot.csv read with plain pandas.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from cli_support import read_shipped_once
from openpyxl import load_workbook

from xbmarkets import cli, export
from xbmarkets.export import read_exported_csv, read_exported_xlsx
from xbmarkets.snapshot import DEFAULT_DATA_DIR

DATA = Path(DEFAULT_DATA_DIR)


@pytest.fixture(autouse=True)
def _one_snapshot_load(monkeypatch: pytest.MonkeyPatch) -> None:
    read_shipped_once(monkeypatch, only_shipped=True)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


def test_rank_out_xlsx_is_a_two_sheet_workbook_of_the_csv(capsys, tmp_path: Path) -> None:
    book_path, csv_path = tmp_path / "ranking.xlsx", tmp_path / "ranking.csv"
    assert _run(capsys, "rank", "--preset", "logistics_first", "--out", str(book_path))[0] == 0
    assert _run(capsys, "rank", "--preset", "logistics_first", "--out", str(csv_path))[0] == 0
    wb = load_workbook(book_path)
    assert wb.sheetnames == ["rank", "About"]
    assert wb["rank"].freeze_panes == "A2"
    book = read_exported_xlsx(book_path.read_bytes())
    flat = read_exported_csv(csv_path.read_bytes())
    assert list(book.columns) == list(flat.columns)
    assert book["iso3"].tolist() == flat["iso3"].tolist()
    assert book["rank"].tolist() == flat["rank"].tolist()
    for col in ("score", "coverage", "logistics"):
        assert book[col].astype(float).tolist() == flat[col].tolist(), col
    assert book.attrs["meta"] == flat.attrs["meta"]
    assert book.attrs["meta"]["command"] == "rank" and "World Bank" in book.attrs["meta"]["data_editions"]
    header = [c.value for c in wb["rank"][1]]
    second = {h: c.number_format for h, c in zip(header, wb["rank"][2], strict=True)}
    assert second["score"] == "0.0000" and second["coverage"] == "0.00%" and second["rank"] == "0"


def test_detail_keeps_source_values_exact_in_both_formats(capsys, tmp_path: Path) -> None:
    book_path, csv_path = tmp_path / "detail.xlsx", tmp_path / "detail.csv"
    argv = ("rank", "--weights", "size=1,regulation=1", "--detail")
    assert _run(capsys, *argv, "--out", str(book_path))[0] == 0
    assert _run(capsys, *argv, "--out", str(csv_path))[0] == 0
    raw = pd.read_csv(DATA / "snapshot.csv", keep_default_na=False, na_values=[""])
    for indicator in ("gdp_usd", "wgi_rule_of_law", "cyberlaw_consumer"):
        want = raw[raw["indicator"] == indicator].set_index("iso3")["value"]
        for frame in (read_exported_csv(csv_path.read_bytes()), read_exported_xlsx(book_path.read_bytes())):
            got = frame.set_index("iso3")[indicator].dropna().astype(float)
            assert len(got) > 100
            # published values have at most 15 significant digits: they survive exactly
            assert got.tolist() == [float(f"{v:.15g}") for v in want.reindex(got.index)], indicator


def test_custom_values_in_zero_one_are_not_cut_to_four_decimals(capsys, tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("country,cost_share\nGermany,0.00125\nFrance,0.987654321\nItaly,0.5\n", encoding="utf-8")
    out = tmp_path / "r.xlsx"
    code, err = _run(capsys, "rank", "--data", str(mine), "--weights", "custom=1", "--detail", "--out", str(out))
    assert code == 0, err
    frame = read_exported_xlsx(out.read_bytes()).set_index("iso3")
    column = next(c for c in frame.columns if "cost_share" in str(c) and not str(c).endswith("_year"))
    assert frame.loc[["DEU", "FRA", "ITA"], column].astype(float).tolist() == [0.00125, 0.987654321, 0.5]
    assert frame.loc["DEU", "score"] in (0.0, 1.0)  # the custom pillar score itself is a 0..1 score


@pytest.mark.parametrize("name", ["plan.xlsx", "robustness.XLSX", "tiers.xlsx", "presets.xlsx", "coverage.xlsx"])
def test_every_command_writes_a_workbook(capsys, tmp_path: Path, name: str) -> None:
    command = name.split(".")[0]
    extra = ["--draws", "500"] if command == "robustness" else []
    out = tmp_path / name
    code, err = _run(capsys, command, *extra, "--out", str(out))
    assert code == 0, err
    wb = load_workbook(out)
    assert wb.sheetnames == [command, "About"]
    assert wb[command].max_row > 2 and wb["About"].cell(row=2, column=1).value


def test_a_failed_run_never_touches_an_existing_workbook(capsys, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "precious.xlsx"
    out.write_bytes(b"my own workbook")
    before = hashlib.sha256(out.read_bytes()).hexdigest()
    code, err = _run(capsys, "rank", "--weights", "nosuch=1", "--out", str(out))  # a usage error
    assert code == 2 and err.count("\n") == 1 and err.startswith("error: ")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "to_xlsx_bytes", full_disk)  # fails after every computation is done
    code, err = _run(capsys, "rank", "--out", str(out))
    assert code != 0 and err == f"error: --out {out}: cannot write (No space left on device)\n"
    assert hashlib.sha256(out.read_bytes()).hexdigest() == before
    assert [p.name for p in tmp_path.iterdir()] == ["precious.xlsx"]


def test_stdout_stays_csv(capsys) -> None:
    assert cli.main(["presets"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeff# generated_by: xbmarkets")
