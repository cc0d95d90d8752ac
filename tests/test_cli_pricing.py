"""`resolute surcharges` and `resolute classes` write what the grid company, the water
utility and the publication list need."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from builders import make_enterprise, make_line
from click.testing import CliRunner
from openpyxl import load_workbook

from resolute.cli import main
from resolute.core import classes, pricing
from resolute.core.ledger import Ledger
from resolute.demo import generate
from resolute.io.readers import write_ledger


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--quiet", *args], catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    steel = make_enterprise(
        "steel", city="淄博", electricity_kwh=2_000_000.0, water_m3=1300.0, water_quota_m3=1000.0
    )
    tyre = make_enterprise("tyre", city="临沂", land_area_mu=None)
    lines = [
        make_line("blast_furnace", steel["credit_code"], line_id="BF-1", volume_m3=380.0),
        make_line("tyre_line", tyre["credit_code"], line_id="TY-1"),
    ]
    path = tmp_path / "ledger.json"
    write_ledger(Ledger.from_records([steel, tyre], lines), path)
    return path


def test_surcharges_json_charges_the_eliminated_steel_enterprise(
    ledger_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "s.json"
    code, _ = run("surcharges", str(ledger_file), "--year", "2021", "--out", str(out))
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    steel = data["enterprises"][0]
    assert steel["outcome"] == "eliminate"
    assert steel["electricity"]["amount_yuan"] == 1_000_000.0
    assert steel["electricity"]["schedule"] == "steel_eliminated"
    assert any("BF-1" in f for f in steel["findings"])
    assert steel["water"]["amount_yuan"] == pytest.approx(300 * 4.0 * 0.5)
    assert data["period"] == 2021


def test_surcharges_csv_is_shaped_for_the_grid_company(ledger_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    assert run("surcharges", str(ledger_file), "--year", "2021", "--format", "csv",
               "--out", str(out))[0] == 0  # fmt: skip
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:2] == ["企业名称", "统一社会信用代码"]
    assert rows[1][4:7] == ["2021-01-01—2021-12-31", "淘汰类", "0.5 元/千瓦时"]
    assert rows[1][9] == "发改价格〔2016〕2803号"


def test_surcharges_xlsx_has_both_utilities_and_totals(ledger_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    assert run("surcharges", str(ledger_file), "--format", "xlsx", "--out", str(out))[0] == 0
    assert load_workbook(out).sheetnames == [
        "电价加价（供电网企业）", "水价加价（供供水单位）", "按市汇总", "按行业汇总",
    ]  # fmt: skip


def test_classes_puts_the_enterprise_with_unknown_land_in_class_t(
    ledger_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "c.json"
    code, _ = run("classes", str(ledger_file), "--published", "2022-03-01", "--out", str(out))
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [e["class"] for e in data["enterprises"]] == ["D", "T"]
    assert data["appeal_deadline"] == "2022-03-06"


def test_classes_xlsx_is_a_publication_list(ledger_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    assert run("classes", str(ledger_file), "--published", "2022-03-01", "--format", "xlsx",
               "--out", str(out))[0] == 0  # fmt: skip
    sheet = load_workbook(out)["公示名单"]
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["公示日期", "申诉截止日期"]
    assert sheet.cell(2, len(header)).value == "2022-03-06"


def _quoted(section: str) -> dict[str, object]:
    page = (Path(__file__).resolve().parent.parent / "docs" / "instruments.md").read_text(
        encoding="utf-8"
    )
    body = page.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    command = re.search(r"resolute demo-data --lines (\d+) --seed (\d+)", body)
    assert command, "the example names the demo it uses"
    quoted: dict[str, object] = json.loads(re.findall(r"```json\n(.*?)```", body, re.S)[0])
    quoted["_demo"] = (int(command[1]), int(command[2]))
    return quoted


def test_the_surcharge_example_in_the_docs_matches_a_fresh_computation() -> None:
    quoted = _quoted("价格")
    lines, seed = quoted["_demo"]  # type: ignore[misc]
    report = pricing.compute(Ledger.from_records(*generate(lines, seed)), year=2021)
    found = next(s for s in report.enterprises if s.credit_code == quoted["credit_code"])
    assert found.electricity.amount == quoted["electricity_yuan"]
    assert found.electricity.rate == quoted["rate"]
    assert found.electricity.schedule_id == quoted["schedule"]
    assert found.water.amount == quoted["water_yuan"]


def test_the_class_example_in_the_docs_matches_a_fresh_classification() -> None:
    quoted = _quoted("效益分类")
    lines, seed = quoted["_demo"]  # type: ignore[misc]
    result = classes.classify(Ledger.from_records(*generate(lines, seed)))
    found = next(e for e in result.enterprises if e.credit_code == quoted["credit_code"])
    assert (found.code, found.score, found.rank) == (
        quoted["class"],
        quoted["score"],
        quoted["rank"],
    )
    assert result.rated == quoted["rated"]
