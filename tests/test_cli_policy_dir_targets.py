"""The command line's obligations, progress and credit records use the targets in force on
their as-of date among the bundled version and those of `--policy-dir`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import make_enterprise, make_line
from click.testing import CliRunner

from resolute.cli import main
from resolute.core import policies
from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger

SMALL_OVENS = "{field: chamber_height_m, op: lt, value: 5.5}"


@pytest.fixture
def policy_dir(tmp_path: Path) -> Path:
    """Targets 2023.1: 二(三)3's small coke ovens redrawn below 4.0 m from 2023-01-01."""
    text = policies.bundled("targets").text
    text = text.replace('version: "2021.1"', 'version: "2023.1"', 1)
    text = text.replace("  effective: 2021-01-01", "  effective: 2023-01-01", 1)
    text = text.replace(SMALL_OVENS, SMALL_OVENS.replace("5.5", "4.0"), 1)
    folder = tmp_path / "政策"
    folder.mkdir()
    (folder / "targets-2023.1.yaml").write_text(text, "utf-8")
    return folder


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    works = make_enterprise("coking", name="临沂示例焦化有限公司", city="临沂")
    oven = make_line("coke_oven", works["credit_code"], line_id="CO-43", chamber_height_m=4.3,
                     oven_type="stamp_charged")  # fmt: skip
    path = tmp_path / "台账.xlsx"
    write_ledger(Ledger.from_records([works], [oven]), path)
    return path


@pytest.mark.parametrize(("as_of", "owed"), [("2022-12-31", True), ("2023-01-01", False)])
def test_obligations_and_credit_records_follow_the_targets_in_force(
    policy_dir: Path, ledger_file: Path, tmp_path: Path, as_of: str, owed: bool
) -> None:
    records = tmp_path / "credit.json"
    for command, out in (("obligations", []), ("credit", ["--out", str(records)])):
        args = ["--policy-dir", str(policy_dir), command, str(ledger_file), "--as-of", as_of]
        result = CliRunner().invoke(main, [*args, *out], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        written = result.stdout if not out else records.read_text("utf-8")
        assert ("CO-43" in written) is owed, (command, written[:400])


@pytest.mark.parametrize(
    ("as_of", "version"), [("2022-12-31", "2021.1+"), ("2023-01-01", "2023.1+")]
)
def test_the_targets_listed_are_those_in_force(policy_dir: Path, as_of: str, version: str) -> None:
    args = ["--policy-dir", str(policy_dir), "targets", "--as-of", as_of, "--format", "json"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["targets_version"].startswith(version)


@pytest.mark.slow
@pytest.mark.parametrize(("quarter", "version"), [("2022Q4", "2021.1+"), ("2023Q1", "2023.1+")])
def test_a_bulletin_reads_the_targets_in_force_at_its_quarters_end(
    policy_dir: Path, ledger_file: Path, tmp_path: Path, quarter: str, version: str
) -> None:
    out = tmp_path / "通报"
    args = ["--policy-dir", str(policy_dir), "bulletin", "--quarter", quarter,
            "--ledger", str(ledger_file), "--issue-date", "2024-06-01", "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    written = json.loads((out / "bulletin.json").read_text("utf-8"))
    assert written["targets_version"].startswith(version)
