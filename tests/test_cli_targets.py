"""`resolute targets`, `resolute obligations` and `resolute progress` keep their JSON contract."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from builders import make_enterprise, make_line
from click.testing import CliRunner

from resolute.cli import main
from resolute.core import targets
from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger

TARGET_KEYS = {"target_id", "clause", "wording", "indicator", "unit", "comparison", "target",
               "period", "scope", "lead"}  # fmt: skip
OBLIGATION_KEYS = {"line_id", "credit_code", "task_id", "clause", "action", "deadline", "status"}
PROGRESS_KEYS = {"target_id", "clause", "indicator", "unit", "target", "achieved", "percent",
                 "status", "scope"}  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    steel = make_enterprise("steel", city="济南", county="历下区", in_steel_layout=None)
    coking = make_enterprise("coking", city="临沂", county="兰山区")
    lines = [
        make_line("bof", steel["credit_code"], line_id="BOF-1", capacity=120.0,
                  status="exited", exited_on=dt.date(2021, 9, 30)),
        make_line("blast_furnace", steel["credit_code"], line_id="BF-1", capacity=200.0,
                  exit_deadline=dt.date(2022, 6, 30)),
        make_line("coke_oven", coking["credit_code"], line_id="CO-1", chamber_height_m=4.3),
    ]  # fmt: skip
    path = tmp_path / "台账.xlsx"
    write_ledger(Ledger.from_records([steel, coking], lines), path)
    return path


def test_targets_prints_every_target_in_the_contract() -> None:
    code, out, _ = run("targets", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert len(data["targets"]) == len(targets.default().targets) >= 80
    for entry in data["targets"]:
        assert set(entry) >= TARGET_KEYS
        assert entry["target"] is None or isinstance(entry["target"], int | float)
        assert {"start", "end"} <= set(entry["period"])
    it = next(t for t in data["targets"] if t["target_id"] == "it.revenue.2022")
    assert (it["clause"], it["target"], it["unit"], it["comparison"]) == (
        "四(二)1", 11000, "亿元", "at_least",
    )  # fmt: skip
    film = next(t for t in data["targets"] if t["target_id"] == "film.national_lead.2022")
    assert (film["target"], film["comparison"]) == (None, "qualitative")


def test_targets_filters_by_clause_and_prints_a_table() -> None:
    code, out, _ = run("targets", "--format", "json", "--clause", "二(三)1")
    assert code == 0
    assert {t["clause"] for t in json.loads(out)["targets"]} == {"二(三)1"}
    code, out, _ = run("targets")
    assert code == 0 and "steel.crude_steel.2021_2022.province" in out and "2141" in out


def test_obligations_writes_the_contract_to_a_file(ledger_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "obligations.json"
    code, stdout, _ = run("-q", "obligations", str(ledger_file), "--as-of", "2022-01-01",
                          "--format", "json", "--out", str(out))  # fmt: skip
    assert code == 0 and stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["as_of"] == "2022-01-01"
    for entry in data["obligations"]:
        assert set(entry) >= OBLIGATION_KEYS
    found = {(o["line_id"], o["task_id"]): o for o in data["obligations"]}
    assert {k: (v["deadline"], v["status"]) for k, v in found.items()} == {
        ("BOF-1", "steel.corridor_transfer"): ("2022-12-31", "done"),
        ("BF-1", "steel.corridor_transfer"): ("2022-12-31", "pending"),
        ("CO-1", "coking.small_ovens"): ("2021-12-31", "overdue"),
    }
    assert found[("CO-1", "coking.small_ovens")]["clause"] == "二(三)3"


def test_obligations_defaults_to_json_on_standard_output(ledger_file: Path) -> None:
    code, out, err = run("obligations", str(ledger_file), "--as-of", "2021-06-30")
    assert code == 0
    assert json.loads(out)["as_of"] == "2021-06-30"
    assert "coking.small_ovens" in err  # the summary table


def test_progress_writes_every_capacity_target_in_the_contract(
    ledger_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "progress.json"
    code, _, _ = run("-q", "progress", str(ledger_file), "--as-of", "2022-01-01",
                     "--format", "json", "--out", str(out))  # fmt: skip
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["as_of"] == "2022-01-01"
    assert [t["target_id"] for t in data["targets"]] == [t.id for t in targets.default().measured()]
    for entry in data["targets"]:
        assert set(entry) >= PROGRESS_KEYS
    crude = next(t for t in data["targets"] if t["target_id"] == "steel.crude_steel.2021.province")
    assert (crude["achieved"], crude["target"], crude["unit"]) == (120, 465, "万吨")
    assert crude["lines"]["achieved"] == ["BOF-1"]
    iron = next(t for t in data["targets"] if t["target_id"] == "steel.pig_iron.2021_2022.corridor")
    assert (iron["achieved"], iron["forecast"]) == (0, 200)


def test_progress_prints_a_table(ledger_file: Path) -> None:
    code, out, _ = run("-q", "progress", str(ledger_file), "--as-of", "2022-01-01",
                       "--format", "table")  # fmt: skip
    assert code == 0
    assert out.splitlines()[0].split("\t")[:3] == ["编号", "条款", "指标"]


def test_a_bad_ledger_stops_obligations_and_progress(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"enterprises": [], "lines": [{"line_id": "X"}]}', encoding="utf-8")
    for command in ("obligations", "progress"):
        code, out, err = run(command, str(bad), "--as-of", "2022-01-01")
        assert code == 2 and out == "" and "错误" in err
