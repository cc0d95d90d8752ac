"""Click's own words in Chinese: usage lines, help headings, and the messages for a mistyped
option, a missing argument or a file that does not exist.

Officials use the command line too, and "Usage:", "Error: No such option" and "Show this
message and exit." are English. Click marks every message it prints with ``gettext`` (its
modules call ``_()`` and ``ngettext()``), so the messages are translated where click looks
them up: :func:`chinese_messages` points those two names at :data:`MESSAGES` while a command
runs and puts them back afterwards. A message missing from the table stays English rather than
breaking. Click's process-wide gettext domain is not touched (it would follow the user's
locale and change other programs' messages in the same process).

The table is keyed by click's own message ids; a test reads click's source to make sure each
id still exists, so an upgrade of click that rewords a message is noticed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types
import click.utils

#: Click's message ids and their Chinese. Placeholders are kept as click fills them in.
MESSAGES: dict[str, str] = {
    # help pages
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已停用",
    # errors
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "用 '{command} {option}' 查看帮助。",
    "Aborted!": "已中止。",
    "unknown error": "未知错误",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "是否要用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否要用其中之一：{possibilities}？）",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    # values
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 的范围内。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合 {formats} 中的任何一种格式。",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} 不是有效的是/否值，可用：{states}",
    "{len_type} values are required, but {len_value} was given.":
        "需要 {len_type} 个值，给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.":
        "需要 {len_type} 个值，给了 {len_value} 个。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，不是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    # prompts
    "Repeat for confirmation": "再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Error: invalid input": "错误：输入无效",
    "Do you want to continue?": "是否继续？",
    "Press any key to continue...": "按任意键继续……",
}  # fmt: skip

#: Click's modules that look their messages up through ``_`` and ``ngettext``.
CLICK_MODULES: tuple[ModuleType, ...] = (
    click.core, click.decorators, click.exceptions, click.formatting, click.parser,
    click.termui, click.types, click.utils,
)  # fmt: skip


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: Chinese characters take two. Click counts
    characters, which leaves the help of an option with a Chinese metavar out of line."""
    plain = click.unstyle(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in plain)


@contextmanager
def chinese_messages() -> Iterator[None]:
    """Click speaks Chinese inside the ``with`` block, and measures the columns of its help
    in display width; what it used before is put back afterwards."""
    replacements: list[tuple[ModuleType, str, Callable[..., Any]]] = [
        (module, name, ours)
        for module in CLICK_MODULES
        for name, ours in (("_", gettext), ("ngettext", ngettext))
        if name in module.__dict__
    ]
    replacements.append((click.formatting, "term_len", display_width))
    saved: list[tuple[ModuleType, str, Callable[..., Any]]] = []
    for module, name, ours in replacements:
        saved.append((module, name, module.__dict__[name]))
        setattr(module, name, ours)
    try:
        yield
    finally:
        for module, name, theirs in reversed(saved):
            setattr(module, name, theirs)


def missing_message(exc: click.MissingParameter) -> str:
    """“缺少参数 '台账'。” for click's “Missing argument 'LEDGER'.”, whose full stop and
    spacing are fixed in click's code rather than in a message."""
    kind = "选项" if isinstance(exc.param, click.Option) else "参数"
    hint = exc.param.get_error_hint(exc.ctx) if exc.param is not None else ""
    extra = exc.param.type.get_missing_message(exc.param, exc.ctx) if exc.param else None
    return f"缺少{kind} {hint}。" + (extra or "")


class ChineseHelpFormatter(click.HelpFormatter):
    """Headings and the usage line end in a full-width colon (“选项：”, “用法：”), as Chinese
    text does."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        # click puts a space after its "Usage:"; none goes after a full-width colon
        super().write_usage(prog, args, gettext("Usage:") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


class _Chinese(click.Command):
    context_class = ChineseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.MissingParameter as exc:
            raise click.UsageError(missing_message(exc), exc.ctx or ctx) from None


class ChineseCommand(_Chinese):
    """A command whose usage line, help and errors are Chinese."""


class ChineseGroup(_Chinese, click.Group):
    """A group of Chinese commands; as the top group, it runs them with Chinese messages."""

    command_class = ChineseCommand
    group_class = type  # subgroups are ChineseGroups too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("subcommand_metavar") is None:
            optional = kwargs.get("invoke_without_command", False)
            kwargs["subcommand_metavar"] = "[命令] [参数]..." if optional else "命令 [参数]..."
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with chinese_messages():
            return super().main(*args, **kwargs)
