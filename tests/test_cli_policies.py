"""Policy versions on the command line: `resolute rules diff A B`, `resolute assess --as-of`
and `--rulebook-version`, with version files in `--policy-dir`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import make_enterprise, make_line
from click.testing import CliRunner

from resolute.cli import main
from resolute.core import policies, rulebook
from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger

BF_LEAF = "{field: volume_m3, op: le, value: 400}"


def successor(label: str, effective: str, value: int = 1200) -> str:
    text = policies.bundled("rulebook").text
    text = text.replace('version: "2021.1"', f'version: "{label}"', 1)
    text = text.replace("  effective: 2021-01-01", f"  effective: {effective}", 1)
    return text.replace(BF_LEAF, BF_LEAF.replace("400", str(value)), 1)


@pytest.fixture
def policy_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "政策"
    folder.mkdir()
    (folder / "rulebook-2023.1.yaml").write_text(successor("2023.1", "2023-01-01"), "utf-8")
    return folder


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    steel = make_enterprise("steel", name="淄博示例钢铁有限公司")
    lines = [
        make_line("blast_furnace", steel["credit_code"], line_id="BF-380", volume_m3=380.0),
        make_line("blast_furnace", steel["credit_code"], line_id="BF-1080", volume_m3=1080.0),
    ]
    path = tmp_path / "台账.xlsx"
    write_ledger(Ledger.from_records([steel], lines), path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def outcomes(out: str) -> dict[str, str]:
    data = json.loads(out)
    return {v["line_id"]: v["outcome"] for v in data["lines"]} | {
        "version": data["rulebook_version"].split("+")[0]
    }


def test_diff_of_two_labels_lists_the_threshold_old_and_new(policy_dir: Path) -> None:
    code, out, _ = run("--policy-dir", str(policy_dir), "rules", "diff", "2021.1", "2023.1")
    assert code == 0
    rows = [line.split("\t") for line in out.strip().splitlines()]
    assert rows[0] == ["类别", "条目", "变化", "项目", "原值", "新值", "条款与出处"]
    assert rows[-1] == [
        "规则", "steel.technology.blast_furnace_volume（400 立方米及以下炼铁高炉）", "修改",
        "不达标条件（门槛）", "有效容积 ≤ 400 立方米", "有效容积 ≤ 1200 立方米", "二(二)1",
    ]  # fmt: skip
    assert ["版本信息", "", "修改", "生效日期", "2021-01-01", "2023-01-01", "—"] in rows


def test_diff_takes_a_file_and_speaks_json(policy_dir: Path) -> None:
    file = policy_dir / "rulebook-2023.1.yaml"
    code, out, _ = run("rules", "diff", "2021.1", str(file), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["dataset"] == "rulebook" and data["new"]["effective"] == "2023-01-01"
    [rule] = [c for c in data["changes"] if c["section"] == "rules"]
    assert (rule["old"], rule["new"], rule["clause"]) == (
        "有效容积 ≤ 400 立方米", "有效容积 ≤ 1200 立方米", "二(二)1")  # fmt: skip


def test_diff_of_a_version_with_itself_has_no_change(policy_dir: Path) -> None:
    code, out, _ = run("rules", "diff", "2021.1", "2021.1", "--dataset", "pricing",
                       "--format", "json")  # fmt: skip
    assert code == 0 and json.loads(out)["changes"] == []


def test_diff_of_an_unknown_version_or_a_broken_file_fails_in_chinese(
    policy_dir: Path, tmp_path: Path
) -> None:
    code, _, err = run("rules", "diff", "2021.1", "2023.1")
    assert code == 2 and "规则库没有版本 2023.1（已有：2021.1）" in err
    broken = tmp_path / "rulebook-2024.yaml"
    broken.write_text(
        successor("2024.1", "2024-01-01").replace("op: le, value: 1200", "op: about, value: 1"),
        "utf-8",
    )
    code, _, err = run("rules", "diff", "2021.1", str(broken))
    assert code == 2 and "steel.technology.blast_furnace_volume" in err and "fails_if" in err


def test_assess_uses_the_version_in_force_on_the_as_of_date(
    ledger_file: Path, policy_dir: Path
) -> None:
    base = ("--quiet", "--policy-dir", str(policy_dir), "assess", str(ledger_file))
    code, out_2022, _ = run(*base, "--as-of", "2022-12-31")
    assert code == 0
    assert outcomes(out_2022) == {
        "BF-380": "eliminate",
        "BF-1080": "compliant",
        "version": "2021.1",
    }
    code, out_2023, _ = run(*base, "--as-of", "2023-01-01")
    assert outcomes(out_2023) == {
        "BF-380": "eliminate",
        "BF-1080": "eliminate",
        "version": "2023.1",
    }
    # The 2022 result is reproduced exactly, with the same rulebook version and digest.
    code, again, _ = run(*base, "--as-of", "2022-12-31")
    assert again == out_2022
    assert json.loads(again)["rulebook_version"] == rulebook.default().full_version


def test_assess_with_a_named_rulebook_version(ledger_file: Path, policy_dir: Path) -> None:
    base = ("--quiet", "--policy-dir", str(policy_dir), "assess", str(ledger_file))
    code, out, _ = run(*base, "--as-of", "2024-06-30", "--rulebook-version", "2021.1")
    assert code == 0 and outcomes(out)["version"] == "2021.1"
    code, out, _ = run(*base, "--as-of", "2022-06-30", "--rulebook-version", "2023.1")
    assert code == 0 and outcomes(out)["BF-1080"] == "eliminate"


def test_assess_refuses_a_date_before_any_version_and_an_unknown_version(
    ledger_file: Path,
) -> None:
    code, out, err = run("assess", str(ledger_file), "--as-of", "2020-12-31")
    assert (code, out) == (2, "") and "规则库在 2020-12-31 没有生效的版本" in err
    code, out, err = run("assess", str(ledger_file), "--rulebook-version", "2030.1")
    assert (code, out) == (2, "") and "规则库没有版本 2030.1" in err


def test_a_broken_version_file_in_the_policy_dir_is_named(
    ledger_file: Path, policy_dir: Path
) -> None:
    (policy_dir / "targets-2023.yaml").write_text("version: '2023.1'\n", "utf-8")
    code, _, err = run("--policy-dir", str(policy_dir), "assess", str(ledger_file))
    assert code == 2 and "文件 targets-2023.yaml" in err and "条目 targets：应为列表" in err
