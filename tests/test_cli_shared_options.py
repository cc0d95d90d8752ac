"""The options several commands take mean the same in each: one vocabulary of formats, one
ledger, one --as-of, one --out that writes the result whole."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from builders import make_enterprise, make_line
from click.testing import CliRunner

from resolute.cli import main
from resolute.cli.common import FORMATS
from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger


def _commands(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    found: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        found[f"{prefix}{name}"] = command
        if isinstance(command, click.Group):
            found |= _commands(command, f"{prefix}{name} ")
    return found


COMMANDS = _commands(main)


def _param(command: click.Command, name: str) -> click.Parameter | None:
    return next((p for p in command.params if p.name == name), None)


def test_every_format_is_one_of_the_vocabulary_and_described_by_it() -> None:
    offered = set()
    for name, command in COMMANDS.items():
        param = _param(command, "fmt")
        if param is None:
            continue
        assert isinstance(param, click.Option) and isinstance(param.type, click.Choice)
        choices = [str(c) for c in param.type.choices]
        assert set(choices) <= set(FORMATS), name
        assert param.help is not None
        for choice in choices:
            assert f"{choice}：{FORMATS[choice]}" in param.help, (name, choice)
        offered |= set(choices)
    assert offered == set(FORMATS)  # no word in the vocabulary that no command uses


def test_every_ledger_is_named_and_checked_alike() -> None:
    takers = {n: p for n, c in COMMANDS.items() if (p := _param(c, "ledger_path")) is not None}
    assert set(takers) >= {"assess", "obligations", "progress", "surcharges", "classes",
                           "credit", "bulletin", "replacement-check"}  # fmt: skip
    for name, param in takers.items():
        assert param.metavar == "台账", name
        assert isinstance(param.type, click.Path) and param.type.exists, name


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    ent = make_enterprise("coking")
    lines = [make_line("coke_oven", ent["credit_code"], line_id="CO-1", chamber_height_m=4.3)]
    path = tmp_path / "台账.json"
    write_ledger(Ledger.from_records([ent], lines), path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-q", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


AS_OF = sorted(n for n, c in COMMANDS.items() if _param(c, "as_of") is not None)


def test_the_commands_that_judge_on_a_day_all_take_as_of() -> None:
    assert AS_OF == ["assess", "bulletin", "credit", "obligations", "progress", "targets"]


@pytest.mark.parametrize("command", ["obligations", "progress", "credit"])
def test_as_of_is_read_the_same_way_everywhere(
    command: str, ledger_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.json"
    code, _, err = run(command, str(ledger_file), "--as-of", "2022-6-31", "--out", str(out))
    assert code == 2 and "'--as-of' 的值无效：'2022-6-31' 不符合格式 '%Y-%m-%d'。" in err
    assert not out.exists()
    code, _, _ = run(command, str(ledger_file), "--as-of", "2022-06-30", "--out", str(out))
    assert code == 0 and json.loads(out.read_text(encoding="utf-8"))["as_of"] == "2022-06-30"


@pytest.mark.parametrize("command", ["assess", "obligations", "progress"])
def test_out_replaces_the_file_whole_and_without_it_the_result_goes_to_stdout(
    command: str, ledger_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "result.json"
    out.write_text("an older and much longer result " * 1000, encoding="utf-8")
    code, stdout, _ = run(command, str(ledger_file), "--out", str(out))
    assert code == 0 and stdout == ""
    written = out.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["台账.json", "result.json"])
    code, stdout, _ = run(command, str(ledger_file))
    if command != "assess":  # the assessment's JSON carries the time it was made
        assert stdout.encode("utf-8") == written
    assert written.endswith(b"}\n") and json.loads(stdout)


def test_a_format_that_needs_a_file_is_refused_before_any_work(ledger_file: Path) -> None:
    code, stdout, err = run("assess", str(ledger_file), "--format", "xlsx")
    assert (code, stdout) == (2, "")
    assert err == "错误：xlsx 格式需要用 --out 指定输出文件\n"


def test_a_table_away_from_a_terminal_is_one_tab_separated_line_per_row(
    ledger_file: Path,
) -> None:
    code, stdout, _ = run("obligations", str(ledger_file), "--as-of", "2022-06-30",
                          "--format", "table")  # fmt: skip
    assert code == 0
    header, *rows = stdout.splitlines()
    assert header.split("\t")[:3] == ["任务", "条款", "期限"]
    assert all(len(r.split("\t")) == len(header.split("\t")) for r in rows)
