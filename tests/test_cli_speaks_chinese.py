"""The command line's own words — usage, help, mistyped options — are Chinese, as the
officials who use it read them; failures keep their exit status (2 for bad input)."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import click
import click.core
import click.formatting
import pytest
from click.testing import CliRunner

from resolute.cli import main
from resolute.cli.chinese import CLICK_MODULES, MESSAGES, chinese_messages, display_width

#: English that click prints when its messages are not translated.
ENGLISH = re.compile(
    r"Usage:|Options:|Commands:|Error:|Try '|for help|Show this message|Show the version|"
    r"No such|Missing|Invalid value|is not one of|does not exist|\[default|required\]|"
    r"\b(OPTIONS|COMMAND|ARGS|PATH|FILE|DIRECTORY|TEXT|INTEGER|FLOAT|RANGE|LEDGER)\b"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            paths += _command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


@pytest.mark.parametrize("path", _command_paths(main), ids=lambda p: " ".join(p) or "resolute")
def test_every_help_page_is_chinese(path: tuple[str, ...]) -> None:
    code, out, _ = run(*path, "--help")
    assert code == 0
    assert out.startswith(f"用法：resolute {' '.join(path)}".replace("  ", " ").rstrip())
    assert "选项：" in out and "显示本帮助并退出。" in out
    assert not ENGLISH.search(out), ENGLISH.search(out)


def test_the_group_lists_its_commands_under_a_chinese_heading() -> None:
    _, out, _ = run("-h")
    assert "命令：" in out and "resolute [选项] 命令 [参数]..." in out


def test_a_mistyped_option_is_refused_in_chinese_with_status_2() -> None:
    code, out, err = run("assess", "--nope", "x.xlsx")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "用法：resolute assess [选项] 台账",
        "用 'resolute assess --help' 查看帮助。",
        "",
        "错误：没有选项 '--nope'。",
    ]


def test_a_missing_argument_is_named_in_chinese() -> None:
    code, _, err = run("obligations")
    assert code == 2 and err.endswith("错误：缺少参数 '台账'。\n")
    code, _, err = run("credit", "README.md")
    assert code == 2 and err.endswith("错误：缺少选项 '--out'。\n")


def test_an_unknown_command_a_bad_choice_and_a_missing_file_are_refused_in_chinese(
    tmp_path: Path,
) -> None:
    code, _, err = run("asess")
    assert code == 2 and "错误：没有命令 'asess'。" in err
    code, _, err = run("assess", "README.md", "--format", "pdf")
    assert code == 2 and "错误：'--format' 的值无效：'pdf' 不是 'json', 'xlsx', 'csv' 之一。" in err
    missing = tmp_path / "台账.xlsx"
    code, _, err = run("assess", str(missing))
    assert code == 2 and f"错误：'台账' 的值无效：路径 '{missing}' 不存在。" in err
    code, _, err = run("demo-data", "--lines", "many", "--out", str(tmp_path / "d.json"))
    assert code == 2 and "错误：'--lines' 的值无效：'many' 不是有效的整数。" in err
    code, _, err = run("progress", "README.md", "--as-of", "2022/06/30")
    assert code == 2 and "'2022/06/30' 不符合格式 '%Y-%m-%d'。" in err
    assert not ENGLISH.search(err)


def test_the_version_is_printed_in_chinese() -> None:
    code, out, _ = run("--version")
    assert code == 0 and re.fullmatch(r"resolute，版本 \S+\n", out)


def test_a_failure_of_a_command_is_chinese_with_status_2(tmp_path: Path) -> None:
    code, out, err = run("bulletin", "--out", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == "错误：请给出 --quarter（季度通报）或 --final（总结报告）之一\n"
    assert not list(tmp_path.iterdir())


def test_a_failure_message_is_printed_as_written_not_as_markup(tmp_path: Path) -> None:
    bad = tmp_path / "[bold]规则库.yaml"
    bad.write_text("version: 1\nrules: [{id: x}]\n", encoding="utf-8")
    code, _, err = run("--rulebook", str(bad), "rules")
    assert code == 2 and str(bad) in err


def test_click_speaks_english_again_once_the_command_is_done() -> None:
    run("--nope")
    assert click.core._ is gettext.gettext
    assert click.formatting.term_len is not display_width
    with chinese_messages():
        assert click.core._("Usage:") == "用法："
    assert click.core._("Usage:") == "Usage:"


def _click_message_ids() -> set[str]:
    """Every message click looks up through ``_()`` or ``ngettext()``, read from its source."""
    found: set[str] = set()
    for module in CLICK_MODULES:
        assert module.__file__ is not None
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "ngettext")):  # fmt: skip
                found |= {a.value for a in node.args if isinstance(a, ast.Constant)}
    return found


def test_every_translated_message_is_one_click_still_uses() -> None:
    # "required" reaches _() through a variable; every other id is a literal in click
    stale = set(MESSAGES) - _click_message_ids() - {"required"}
    assert not stale, f"click no longer uses these messages: {sorted(stale)}"


def test_translations_keep_their_placeholders() -> None:
    for english, chinese in MESSAGES.items():
        fields = sorted(re.findall(r"\{[^}]*\}|%\(\w+\)s", english))
        assert sorted(re.findall(r"\{[^}]*\}|%\(\w+\)s", chinese)) == fields, english


def test_chinese_characters_take_two_columns() -> None:
    assert display_width("--out 文件") == 10
    assert display_width("--out PATH") == 10
