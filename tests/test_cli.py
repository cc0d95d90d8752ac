"""The `resolute` command line, as a script or an official would use it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from builders import make_enterprise, make_line
from click.testing import CliRunner

from resolute.cli import main
from resolute.core import rulebook
from resolute.core.ledger import Ledger
from resolute.io.readers import read_ledger, write_ledger


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    steel = make_enterprise("steel", name="淄博示例钢铁有限公司", tax_10k_yuan=200.0)
    cement = make_enterprise("cement", name="临沂示例水泥有限公司", city="临沂", county="兰山区")
    lines = [
        make_line("blast_furnace", steel["credit_code"], line_id="BF-1", volume_m3=380.0),
        make_line("bof", steel["credit_code"], line_id="BOF-1", env_status="fail"),
        make_line("clinker_line", cement["credit_code"], line_id="CL-1", capacity=2500.0),
        make_line("cement_mill", cement["credit_code"], line_id="CM-1", diameter_m=None),
    ]
    path = tmp_path / "台账.xlsx"
    write_ledger(Ledger.from_records([steel, cement], lines), path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_assess_prints_the_json_contract(ledger_file: Path) -> None:
    code, out, _ = run("--quiet", "assess", str(ledger_file))
    assert code == 0
    data = json.loads(out)
    assert data["rulebook_version"] == rulebook.default().full_version
    lines = {v["line_id"]: v for v in data["lines"]}
    bf = lines["BF-1"]
    assert (bf["outcome"], bf["basis"], bf["industry"], bf["equipment"]) == (
        "eliminate", "national", "steel", "blast_furnace",
    )  # fmt: skip
    finding = next(f for f in bf["findings"] if f["result"] == "fail")
    assert finding == finding | {
        "rule_id": "steel.technology.blast_furnace_volume", "standard": "technology",
        "basis": "national", "value": 380.0, "threshold": 400,
        "wording": "400 立方米及以下炼铁高炉", "citation": "二(二)1",
    }  # fmt: skip
    assert lines["BOF-1"]["outcome"] == "rectify"
    assert lines["CL-1"]["outcome"] == "eliminate" and lines["CL-1"]["basis"] == "provincial"
    assert lines["CM-1"]["outcome"] == "insufficient_data"
    ents = {e["name"]: e for e in data["enterprises"]}
    steel = ents["淄博示例钢铁有限公司"]
    assert steel["outcome"] == "eliminate" and steel["city"] == "淄博"
    assert any(f["standard"] == "efficiency" and f["result"] == "fail" for f in steel["findings"])


def test_assess_writes_json_to_a_file(ledger_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "result.json"
    code, stdout, _ = run("-q", "assess", str(ledger_file), "--out", str(out))
    assert code == 0 and stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["lines"]


def test_assess_writes_the_chinese_excel_report(ledger_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "评估报告.xlsx"
    code, _, err = run("assess", str(ledger_file), "--format", "xlsx", "--out", str(out))
    assert code == 0
    assert "淄博" in err  # the summary table
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "淘汰名单（国家标准）", "淘汰名单（省定标准）", "整改名单",
                             "数据不足", "说明"]  # fmt: skip
    national = list(wb["淘汰名单（国家标准）"].iter_rows(values_only=True))
    header, rows = national[0], national[1:]
    assert [r[header.index("生产线编号")] for r in rows] == ["BF-1"]
    row = dict(zip(header, rows[0], strict=True))
    assert row["实测值"] == 380 and row["阈值"] == 400 and row["比较"] == "≤"
    assert row["标准表述"] == "400 立方米及以下炼铁高炉" and row["出处"] == "二(二)1"
    provincial = list(wb["淘汰名单（省定标准）"].iter_rows(values_only=True))
    assert {r[provincial[0].index("生产线编号")] for r in provincial[1:]} == {"CL-1"}
    rectify = list(wb["整改名单"].iter_rows(values_only=True))
    ids = {r[rectify[0].index("生产线编号")] for r in rectify[1:]}
    assert "BOF-1" in ids and "（企业）" in ids  # the steel enterprise's efficiency failure
    missing = list(wb["数据不足"].iter_rows(values_only=True))
    assert any(r[missing[0].index("生产线编号")] == "CM-1" for r in missing[1:])
    summary = list(wb["汇总"].iter_rows(values_only=True))
    assert summary[0][:3] == ("所在市", "行业", "企业·淘汰退出")


def test_assess_writes_csv_findings(ledger_file: Path) -> None:
    code, out, _ = run("-q", "assess", str(ledger_file), "--format", "csv")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.startswith("subject,line_id,credit_code")
    assert any(",BF-1," in r and "steel.technology.blast_furnace_volume" in r for r in rows)


def test_assess_refuses_a_bad_ledger_and_writes_nothing(tmp_path: Path) -> None:
    ent = make_enterprise("steel")
    ledger = Ledger.from_records([ent], [make_line("blast_furnace", ent["credit_code"])])
    folder = tmp_path / "ledger"
    write_ledger(ledger, folder)
    lines_csv = folder / "lines.csv"
    text = lines_csv.read_text(encoding="utf-8").replace(",1080.0,", ",abc,")
    lines_csv.write_text(text + "X-2,91370300MA0000000X,blast_furnace\n", encoding="utf-8")
    out = tmp_path / "report.xlsx"
    code, stdout, err = run("assess", str(folder), "--format", "xlsx", "--out", str(out))
    assert code == 2
    assert not out.exists() and stdout == ""
    assert "第 2 行，列 volume_m3（有效容积）：“abc” 不是数字" in err
    assert "第 3 行，列 credit_code" in err
    assert "2 处错误" in err or "3 处错误" in err


def test_xlsx_output_needs_a_file(ledger_file: Path) -> None:
    code, _, err = run("assess", str(ledger_file), "--format", "xlsx")
    assert code == 2 and "--out" in err


def test_rules_lists_explains_and_filters() -> None:
    code, out, _ = run("rules", "--industry", "coking", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {r["industry"] for r in data["rules"]} == {"coking"}
    chamber = next(r for r in data["rules"] if r["id"] == "coking.technology.chamber_5_5")
    assert chamber["reading"] == "炭化室高度 < 5.5 米"
    code, out, _ = run("rules")
    assert code == 0 and "steel.technology.blast_furnace_volume" in out
    code, out, _ = run("rules", "explain", "cement.technology.clinker_2500")
    assert code == 0
    assert "2500 吨/日及以下的普通水泥熟料生产线" in out and "特种水泥熟料" in out
    code, _, err = run("rules", "explain", "cement.nothing")
    assert code == 2 and "cement.technology.clinker_2500" in err


def test_template_is_a_workbook_the_reader_accepts(tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    code, _, _ = run("template", "--out", str(out))
    assert code == 0
    assert read_ledger(out).lines.height == 0


def test_a_broken_rulebook_stops_the_command_with_its_location(tmp_path: Path) -> None:
    bad = tmp_path / "rulebook.yaml"
    bad.write_text("version: 1\nrules: [{id: x}]\n", encoding="utf-8")
    code, _, err = run("--rulebook", str(bad), "rules")
    assert code == 2 and str(bad) in err and "rules[0] x" in err


def test_assess_csv_neutralises_cells_a_spreadsheet_would_run(tmp_path: Path) -> None:
    """Names starting with =, +, - or @ reach a spreadsheet as text (issue #11, point 12)."""
    names = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]
    ents = [make_enterprise("steel", name=n) for n in names]
    lines = [make_line("blast_furnace", e["credit_code"], line_id=f"BF-{i}", volume_m3=380.0)
             for i, e in enumerate(ents)]  # fmt: skip
    path = tmp_path / "台账.json"
    write_ledger(Ledger.from_records(ents, lines), path)
    out = tmp_path / "findings.csv"
    code, _, _ = run("-q", "assess", str(path), "--format", "csv", "--out", str(out))
    assert code == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    written = {r["name"] for r in rows}
    assert written == {"'" + n for n in names}
    code, stdout, _ = run("-q", "assess", str(path), "--format", "csv")
    assert code == 0
    assert {r["name"] for r in csv.DictReader(io.StringIO(stdout))} == written


def test_assess_csv_keeps_numbers_as_numbers(ledger_file: Path) -> None:
    code, out, _ = run("-q", "assess", str(ledger_file), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    bf = next(r for r in rows if r["line_id"] == "BF-1" and r["result"] == "fail")
    assert bf["value"] == "380.0"  # a number, not neutralised text


def test_a_csv_folder_with_a_nul_byte_is_refused(tmp_path: Path) -> None:
    ent = make_enterprise("steel")
    folder = tmp_path / "ledger"
    write_ledger(Ledger.from_records([ent], [make_line("blast_furnace", ent["credit_code"])]),
                 folder)  # fmt: skip
    lines_csv = folder / "lines.csv"
    text = lines_csv.read_text(encoding="utf-8")
    lines_csv.write_bytes(text.replace("blast_furnace", "blast\x00furnace").encode("utf-8"))
    code, stdout, err = run("assess", str(folder))
    assert code == 2 and stdout == ""
    assert "lines.csv" in err and "第 2 行含有空字符（NUL）" in err
