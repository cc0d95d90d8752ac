"""Ledgers: assess one, write the blank template, generate the demo province."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import IO

import click
from rich.table import Table

from resolute.cli.common import (
    Failure,
    Integer,
    LocalPath,
    PositiveInteger,
    Session,
    date_option,
    emit,
    err,
    format_option,
    judged_on,
    ledger_argument,
    load_ledger,
    needs_file,
    out_option,
    pass_session,
)
from resolute.cli.group import main
from resolute.core import engine, schema
from resolute.core.assessment import OUTCOME_LABELS, OUTCOMES, Assessment
from resolute.core.ledger import Ledger
from resolute.core.rulebook import Rulebook


@main.command()
@ledger_argument
@format_option("json", "xlsx", "csv", default="json")
@out_option(help="输出文件（json/csv 缺省时输出到标准输出）。")
@date_option("--as-of", "as_of",
             help="评估基准日 YYYY-MM-DD：按该日生效的规则库版本评估（默认：今天）。")  # fmt: skip
@click.option("--rulebook-version", "rulebook_version", metavar="版本号", default="",
              help="按指定版本的规则库评估（内置版本或 --policy-dir 中的版本，如 2021.1）。")  # fmt: skip
@pass_session
def assess(
    session: Session,
    ledger_path: str,
    fmt: str,
    out: str | None,
    as_of: dt.date | None,
    rulebook_version: str,
) -> None:
    """按规则库评估台账（.xlsx、.json 或 CSV 文件夹）中的每个企业和每条生产线。

    整个文件先完整校验；有任何错误时列出每一处（工作表、行、列、原因），
    以非零状态退出，且不写出任何文件。
    """
    from resolute.io import report

    needs_file(fmt, out)
    if session.rulebook_path and (as_of is not None or rulebook_version):
        raise Failure(
            "--rulebook 指定了规则库文件，不能再用 --as-of 或 --rulebook-version 选择版本"
        )
    with session.steps() as note:
        if as_of is not None or rulebook_version or session.policy_dir:
            chosen = session.policy_set(judged_on(as_of), rulebook_version)
            book = chosen.rulebook
            note(f"规则库版本 {chosen['rulebook'].info.summary}")
        else:
            book = session.book()
        ledger = load_ledger(ledger_path, note)
        note(f"评估 {ledger.lines.height} 条生产线、{ledger.enterprises.height} 家企业")
        result = engine.assess(ledger, book)
        note("写出结果")
        if fmt == "json":
            # the findings of a province run to hundreds of megabytes: written from the
            # engine's tables a slice at a time (Assessment.write_json)
            emit(_json_writer(result, book), out)
        elif fmt == "csv":
            # a file is for Excel and carries the byte-order mark; a pipe gets plain text
            text = report.csv_text(result, book)
            emit(f"\ufeff{text}" if out else text, out, end="")
        else:
            emit(report.assessment_workbook(result, book, ledger).save, out)
    if not session.quiet:
        _print_summary(result)
        session.wrote(out)


def _json_writer(result: Assessment, book: Rulebook) -> Callable[[IO[bytes]], None]:
    def write(fh: IO[bytes]) -> None:
        result.write_json(fh, book)
        fh.write(b"\n")

    return write


def _print_summary(result: Assessment) -> None:
    counts: dict[str, dict[str, int]] = {}
    for e in result.enterprises:
        counts.setdefault(e.city, dict.fromkeys(OUTCOMES, 0))[e.outcome] += 1
    table = Table(title=f"评估结果（企业数，规则库 {result.rulebook_version}）")
    table.add_column("市")
    for o in reversed(OUTCOMES):
        table.add_column(OUTCOME_LABELS[o], justify="right")
    table.add_column("合计", justify="right")
    for city in schema.CITIES:
        if city in counts:
            row = counts[city]
            table.add_row(city, *[str(row[o]) for o in reversed(OUTCOMES)], str(sum(row.values())))
    totals = result.outcome_counts()
    table.add_row(
        "全省",
        *[str(totals.get(o, 0)) for o in reversed(OUTCOMES)],
        str(len(result.enterprises)),
        style="bold",
    )
    err.print(table)


@main.command()
@out_option(required=True, help="模板文件（.xlsx）。")
def template(out: str) -> None:
    """生成台账填报模板（Excel）：中文表头、下拉选项、数值校验和填表说明。"""
    from resolute.io.template import write_template

    if not out.lower().endswith(".xlsx"):
        raise Failure("模板文件应以 .xlsx 结尾")
    write_template(out)
    err.print(f"已写出模板 {out}")


@main.command("demo-data")
@click.option("--lines", "n_lines", type=PositiveInteger(), default=3000, show_default=True,
              help="生成的生产线数量。")  # fmt: skip
@click.option("--seed", type=Integer(), default=1, show_default=True,
              help="随机种子（同一种子结果相同）。")  # fmt: skip
@click.option("--out", required=True, type=LocalPath(), metavar="文件",
              help="输出：.json、.xlsx 或 CSV 文件夹。")  # fmt: skip
@pass_session
def demo_data(session: Session, n_lines: int, seed: int, out: str) -> None:
    """生成一个模拟的山东省台账（16 市、11 个行业），用于演示和测试。"""
    from resolute.demo import generate
    from resolute.io.readers import write_ledger

    with session.steps() as note:
        note(f"生成 {n_lines} 条生产线（种子 {seed}）")
        enterprises, lines = generate(n_lines, seed)
        ledger = Ledger.from_records(enterprises, lines)
        note(f"写出 {out}")
        write_ledger(ledger, out)
    session.note(
        f"已写出 {out}：{ledger.enterprises.height} 家企业，{ledger.lines.height} 条生产线"
    )
