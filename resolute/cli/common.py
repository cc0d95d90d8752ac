"""What every command shares: the session, failures, the shared options, one output writer.

A command reads its inputs through :func:`load_ledger`, fails by raising :class:`Failure`
(status 2, a Chinese message on standard error, nothing written), and writes its result
through :func:`emit`. The options that several commands take — the ledger, ``--format``,
``--out``, ``--as-of`` — are declared once here, and the formats mean the same thing in every
command (:data:`FORMATS`).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from resolute.core import policies, rulebook
from resolute.core import targets as targets_data
from resolute.core.ledger import Ledger, LedgerInvalid
from resolute.core.rulebook import RulebookError
from resolute.io import bounds

#: Progress, summaries, notes and errors: standard output carries only the result.
err = Console(stderr=True, soft_wrap=True)
MAX_ERRORS_SHOWN = 200

F = TypeVar("F", bound=Callable[..., Any])


# ─── the session: options of the group that every command sees ──────────────────


class Session:
    """The group's options (``--quiet``, ``--rulebook``) as the commands use them."""

    def __init__(
        self, quiet: bool, rulebook_path: str | None, policy_dir: str | None = None
    ) -> None:
        self.quiet = quiet
        self.rulebook_path = rulebook_path
        self.policy_dir = policy_dir

    def book(self) -> rulebook.Rulebook:
        """The rulebook in use: the one given with --rulebook, else the version in force
        today among the bundled one and those of --policy-dir."""
        try:
            if self.rulebook_path:
                return rulebook.load(self.rulebook_path)
            if self.policy_dir:
                return self.policy_set(dt.date.today()).rulebook
            return rulebook.default()
        except RulebookError as exc:
            raise Failure(f"规则库无法使用：{exc}") from exc

    def histories(self) -> dict[str, policies.History]:
        """The versions of every policy data set: the bundled ones and those in --policy-dir."""
        try:
            extra = policies.read_dir(self.policy_dir) if self.policy_dir else []
            return policies.histories(extra)
        except policies.PolicyError as exc:
            raise Failure("政策版本无法使用：" + "；".join(exc.problems)) from exc

    def policy_set(self, as_of: dt.date, rulebook_version: str = "") -> policies.PolicySet:
        """The versions in force on ``as_of`` (the rulebook: ``rulebook_version`` if named)."""
        hist = self.histories()
        try:
            chosen = policies.in_force(hist, as_of)
            if rulebook_version:
                chosen = chosen.replace(hist["rulebook"].by_label(rulebook_version))
        except policies.PolicyError as exc:
            raise Failure("；".join(exc.problems)) from exc
        return chosen

    def targets(self, as_of: dt.date) -> targets_data.Targets:
        """The targets in force on ``as_of`` among the bundled version and those of
        --policy-dir, read with the rulebook in force with them."""
        try:
            return self.policy_set(as_of).targets
        except policies.PolicyError as exc:
            raise Failure("；".join(exc.problems)) from exc

    def note(self, text: str) -> None:
        """A line on standard error, unless --quiet."""
        if not self.quiet:
            err.print(text, highlight=False)

    def wrote(self, out: str | None) -> None:
        """“已写出 …” when the result went to a file, unless --quiet."""
        if out:
            self.note(f"已写出 {out}")

    @contextmanager
    def steps(self) -> Iterator[Callable[[str], None]]:
        """A progress display on stderr, one line per step (silent with --quiet)."""
        if self.quiet or not err.is_terminal:
            started = time.monotonic()

            def note(text: str) -> None:
                if not self.quiet:
                    err.print(f"[{time.monotonic() - started:6.1f}s] {text}", highlight=False)

            yield note
            return
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress:
            task = progress.add_task("开始", total=None)
            yield lambda text: progress.update(task, description=text)


pass_session = click.make_pass_decorator(Session)


# ─── failures ───────────────────────────────────────────────────────────────────


class Failure(click.ClickException):
    """A command that cannot do what was asked: bad input, an unusable data file, a
    combination of options that makes no sense. It exits with status 2, as click does for a
    mistyped option, prints “错误：…” on standard error and writes no file."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        err.print(Text.assemble(("错误：", "bold red"), self.message))


class LedgerRefused(Failure):
    """A ledger with errors: every error (sheet, row, column, reason) up to a limit."""

    def __init__(self, errors: Sequence[object]) -> None:
        super().__init__(f"台账有 {len(errors)} 处错误，未做任何处理")
        self.errors = errors

    def show(self, file: IO[Any] | None = None) -> None:
        err.print(f"[bold red]{self.message}：[/]")
        for e in self.errors[:MAX_ERRORS_SHOWN]:
            err.print(f"  {e}", highlight=False, markup=False)
        if len(self.errors) > MAX_ERRORS_SHOWN:
            err.print(f"  ……另有 {len(self.errors) - MAX_ERRORS_SHOWN} 处错误未列出")


# ─── inputs ─────────────────────────────────────────────────────────────────────


def _local_file_limits() -> bounds.Limits:
    """Bounds for ledgers read from the user's own disk. The upload bounds (50 MB, 200,000
    rows) protect the server from what strangers send; a province ledger read on the
    command line is larger (200,000 lines in JSON are over 100 MB), so the command line
    admits files many times that size and still refuses an archive that inflates without
    bound."""
    return bounds.Limits(file_bytes=4096 * bounds.MB, unzipped_bytes=16384 * bounds.MB,
                         rows=5_000_000)  # fmt: skip


def load_ledger(path: str, note: Callable[[str], None]) -> Ledger:
    """The ledger in ``path``, checked whole; :class:`LedgerRefused` with every error. What
    reading did (units converted, rows skipped) is printed as notes."""
    from resolute.io.readers import read_ledger

    note(f"读取并校验台账 {path}")
    try:
        ledger = read_ledger(path, _local_file_limits())
    except LedgerInvalid as exc:
        raise LedgerRefused(exc.errors) from None
    for n in ledger.notes:
        err.print(f"[cyan]说明：[/]{n}", highlight=False)
    for w in ledger.warnings:
        err.print(f"[yellow]提示：[/]{w}", highlight=False)
    return ledger


def demo_ledger(lines: int, message: str) -> Ledger:
    """The simulated province (seed 1), announced on stderr: it is not a real ledger."""
    from resolute.demo import generate

    err.print(message, highlight=False)
    return Ledger.from_records(*generate(lines, 1))


def judged_on(as_of: dt.date | None) -> dt.date:
    """The day a status is judged on: the one given with --as-of, or today."""
    return as_of if as_of is not None else dt.date.today()


# ─── the shared options ─────────────────────────────────────────────────────────


class Integer(click.types.IntParamType):
    name = "整数"


class Number(click.types.FloatParamType):
    name = "数字"


class PositiveInteger(click.IntRange):
    name = "整数"

    def __init__(self) -> None:
        super().__init__(min=1)


class LocalPath(click.Path):
    """A path on the user's disk, named in Chinese when it does not exist (click names the
    kind of path when the option is declared, before its messages turn Chinese)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.name = "文件" if not self.dir_okay else "文件夹" if not self.file_okay else "路径"


def _date(ctx: click.Context, param: click.Parameter, value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def date_option(*decls: str, help: str) -> Callable[[F], F]:
    """An option taking a day written YYYY-MM-DD, given to the command as a date."""
    return click.option(*decls, type=click.DateTime(formats=["%Y-%m-%d"]), metavar="日期",
                        callback=_date, help=help)  # fmt: skip


as_of_option = date_option("--as-of", "as_of", help="判定日期 YYYY-MM-DD（默认：今天）。")

#: The ledger a command works on: an Excel workbook, a JSON file or a folder of CSV files.
ledger_argument = click.argument("ledger_path", metavar="台账", type=LocalPath(exists=True))


def ledger_option(help: str) -> Callable[[F], F]:
    """``--ledger`` for the commands that fall back to the demo province without one."""
    return click.option("--ledger", "ledger_path", metavar="台账", type=LocalPath(exists=True),
                        help=help)  # fmt: skip


#: Every output format by name, with what it means; a command offers the ones it can write.
FORMATS: dict[str, str] = {
    "json": "JSON（UTF-8）",
    "xlsx": "Excel 工作簿（中文表头，须用 --out 指定文件）",
    "csv": "CSV（UTF-8，写入文件时带 BOM，Excel 可直接打开）",
    "table": "表格（终端中对齐显示，写入文件或管道时每行以制表符分隔）",
    "text": "文字",
    "markdown": "Markdown",
}

#: Formats that cannot go to a terminal: they need --out.
FILE_ONLY_FORMATS = frozenset({"xlsx"})


def format_option(*choices: str, default: str, notes: dict[str, str] | None = None
                  ) -> Callable[[F], F]:  # fmt: skip
    """``--format`` offering ``choices`` (names from :data:`FORMATS`); ``notes`` adds what
    a format holds in this command (“table 为按任务汇总”)."""
    unknown = set(choices) - set(FORMATS)
    assert not unknown, f"formats outside the vocabulary: {unknown}"
    described = "；".join(
        f"{c}：{FORMATS[c]}" + (f"，{notes[c]}" if notes and c in notes else "") for c in choices
    )
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help=f"输出格式。{described}。")  # fmt: skip


def out_option(*, required: bool = False, folder: bool = False, help: str | None = None
               ) -> Callable[[F], F]:  # fmt: skip
    """``--out``: the file (or folder) the result is written to, whole."""
    if help is None:
        help = "输出文件。" if required else "输出文件（缺省时输出到标准输出）。"
    kind = LocalPath(file_okay=False) if folder else LocalPath(dir_okay=False)
    return click.option("--out", required=required, type=kind,
                        metavar="文件夹" if folder else "文件", help=help)  # fmt: skip


def needs_file(fmt: str, out: str | None) -> None:
    """Refuse, before any work, a format that cannot be shown on a terminal without --out."""
    if fmt in FILE_ONLY_FORMATS and not out:
        raise Failure(f"{fmt} 格式需要用 --out 指定输出文件")


# ─── the output writer ──────────────────────────────────────────────────────────

#: A result: text (written as UTF-8), bytes, or a function that writes into a binary file.
Payload = str | bytes | Callable[[IO[bytes]], object]


def emit(payload: Payload, out: str | None, *, end: str = "\n") -> None:
    """Write a command's result: into the file ``out`` all at once (a failure half way leaves
    the file as it was, :mod:`resolute.io.files`), or to standard output when there is no
    ``out``. Text and bytes are followed by ``end``; a writer function writes what it writes."""
    from resolute.io.files import replace_atomically, writing

    write: Callable[[IO[bytes]], object]
    if callable(payload):
        write = payload
    else:
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        write = writing(data + end.encode("utf-8"))
    if out is not None:
        replace_atomically(Path(out), write)
        return
    sys.stdout.flush()  # whatever click or rich wrote as text goes first
    stream = sys.stdout.buffer
    write(stream)
    stream.flush()


def emit_table(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], out: str | None
) -> None:
    """The ``table`` format: aligned on a terminal; one tab-separated line per row (header
    first) in a file or a pipe, for scripts and spreadsheets."""
    terminal = Console()
    if out is None and terminal.is_terminal:
        table = Table(title=title)
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*row)
        terminal.print(table)
        return
    emit("\n".join("\t".join(row) for row in [columns, *rows]), out)
