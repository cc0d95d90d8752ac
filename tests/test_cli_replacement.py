"""`resolute replacement-check`, `resolute admission` and `resolute credit` on files."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from builders import make_enterprise, make_line
from click.testing import CliRunner
from openpyxl import load_workbook

from resolute.cli import main
from resolute.core import credit
from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-q", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _ledger_file(tmp_path: Path) -> Path:
    ent = make_enterprise("cement", city="淄博", county=None, name="=HYPERLINK(1)")
    lines = [
        make_line("cement_mill", ent["credit_code"], line_id="M1", capacity=100.0, diameter_m=3.0,
                  status="exited", exited_on=dt.date(2022, 6, 1)),
        make_line("cement_mill", ent["credit_code"], line_id="M2", capacity=10.0, diameter_m=3.0),
    ]  # fmt: skip
    path = tmp_path / "ledger.json"
    write_ledger(Ledger.from_records([ent], lines), path)
    return path


def _plan(tmp_path: Path, capacity: float) -> Path:
    plan = {
        "id": "P",
        "project": {
            "equipment": "cement_mill",
            "capacity": capacity,
            "city": "淄博",
            "starts_on": "2023-01-01",
            "diameter_m": 4.0,
        },
        "sources": [{"line_id": "M1"}],
    }
    path = tmp_path / f"plan-{capacity}.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    return path


def test_a_plan_that_meets_every_check_exits_zero(tmp_path: Path) -> None:
    ledger = _ledger_file(tmp_path)
    code, out, _ = run("replacement-check", str(_plan(tmp_path, 50)), "--ledger", str(ledger))
    assert code == 0 and "符合" in out


def test_a_plan_that_misses_the_ratio_exits_one_with_json(tmp_path: Path) -> None:
    ledger = _ledger_file(tmp_path)
    code, out, _ = run("replacement-check", str(_plan(tmp_path, 50.1)), "--ledger", str(ledger),
                       "--format", "json")  # fmt: skip
    assert code == 1
    body = json.loads(out)
    assert body["verdicts"][0]["passed"] is False
    assert body["capacity_ledger"][0]["line_id"] == "M1"


def test_the_documented_example_plan_passes_on_the_demo_province() -> None:
    code, out, _ = run("replacement-check", str(EXAMPLES / "replacement-plan.json"))
    assert code == 0, out


def test_the_documented_admission_example_passes() -> None:
    code, out, _ = run("admission", str(EXAMPLES / "admission-project.json"), "--format", "json")
    assert code == 0 and json.loads(out)["passed"] is True


def test_a_broken_plan_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"project": {}}', encoding="utf-8")
    code, _, err = run("replacement-check", str(path), "--ledger", str(_ledger_file(tmp_path)))
    assert code == 2 and "sources" in err


def test_credit_writes_json_csv_and_xlsx(tmp_path: Path) -> None:
    ledger = str(_ledger_file(tmp_path))
    for fmt in ("json", "csv", "xlsx"):
        out = tmp_path / f"credit.{fmt}"
        code, _, _ = run(
            "credit", ledger, "--as-of", "2023-01-31", "--format", fmt, "--out", str(out)
        )
        assert code == 0
    body = json.loads((tmp_path / "credit.json").read_text(encoding="utf-8"))
    assert body["summary"]["open"] == 1 and body["records"][0]["line_id"] == "M2"
    rows = list(csv.reader((tmp_path / "credit.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == [label for _, label in credit.SHEET_COLUMNS]
    assert rows[1][1].startswith("'=")
    sheet = load_workbook(tmp_path / "credit.xlsx").active
    assert sheet is not None and sheet.cell(2, 2).value.startswith("'=")
