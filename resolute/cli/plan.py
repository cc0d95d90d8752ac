"""The plan's targets, each line's obligations and the progress towards the targets
(二(三), 三, 四, 五)."""

from __future__ import annotations

import datetime as dt
import json

import click
from rich.table import Table

from resolute.cli.common import (
    Session,
    as_of_option,
    date_option,
    emit,
    emit_table,
    err,
    format_option,
    judged_on,
    ledger_argument,
    load_ledger,
    out_option,
    pass_session,
)
from resolute.cli.group import main
from resolute.core import obligations as obligations_core
from resolute.core import progress as progress_core
from resolute.core import targets as targets_data


def _figure(value: float | int | None) -> str:
    return "" if value is None else f"{targets_data.number(value)}"


@main.command("targets")
@format_option("table", "json", default="table")
@click.option("--clause", metavar="条款", help="只列出条款以此开头的目标，如 二(三) 或 四(二)1。")
@date_option("--as-of", help="按此日有效的目标版本列出，YYYY-MM-DD（默认：今天）。")
@pass_session
def targets_command(session: Session, fmt: str, clause: str | None, as_of: dt.date | None) -> None:
    """列出方案的全部目标：条款、原文、指标、目标值与单位、期限、范围和牵头单位。
    目标取该日有效的版本（随软件提供的版本和 --policy-dir 中的版本）。"""
    book = session.targets(judged_on(as_of))
    selected = tuple(t for t in book.targets if clause is None or t.clause.startswith(clause))
    if fmt == "json":
        emit(json.dumps(targets_data.to_json(book, selected), ensure_ascii=False, indent=1), None)
        return
    columns = ("编号", "条款", "指标", "比较", "目标值", "单位", "期限", "范围", "牵头")
    rows = []
    for t in selected:
        value = (
            f"{_figure(t.value_min)}-{_figure(t.value_max)}"
            if t.comparison == "range"
            else _figure(t.target)
        )
        lead = "、".join(t.lead) + ("（推定）" if t.lead_inferred else "")
        rows.append((t.id, t.clause, t.indicator, targets_data.COMPARISON_LABELS[t.comparison],
                     value, t.unit, f"{t.period.start}—{t.period.end}",
                     t.scope.as_json()["label"], lead))  # fmt: skip
    emit_table(f"目标 {book.full_version}（{len(selected)} 项）", columns, rows, None)


@main.command("obligations")
@ledger_argument
@as_of_option
@format_option("json", "table", default="json",
               notes={"json": "逐条任务", "table": "按任务汇总"})  # fmt: skip
@out_option()
@pass_session
def obligations_command(
    session: Session, ledger_path: str, as_of: dt.date | None, fmt: str, out: str | None
) -> None:
    """按二(三)1—7 列出每条生产线须完成的退出或改造任务、期限及其状态（已完成/未到期/逾期）。

    字段未知、无法确定是否适用的生产线不产生任务，另列为“待定”（undetermined）。
    """
    day = judged_on(as_of)
    book = session.targets(day)
    with session.steps() as note:
        ledger = load_ledger(ledger_path, note)
        note(f"计算 {ledger.lines.height} 条生产线的任务（判定日期 {day}）")
        report = obligations_core.evaluate(ledger, day, book)
        note("写出结果")
        if fmt == "json":
            emit(json.dumps(obligations_core.to_json(report), ensure_ascii=False, indent=1), out)
        else:
            header, rows = _obligation_rows(report)
            emit_table(f"逐条任务（判定日期 {day}）", header, rows, out)
    if not session.quiet:
        _print_obligations(report)
        session.wrote(out)


def _obligation_rows(
    report: obligations_core.ObligationReport,
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Obligations counted by task and status: the header and one row per task."""
    statuses = obligations_core.STATUSES
    header = ("任务", "条款", "期限", *(obligations_core.STATUS_LABELS[s] for s in statuses))
    counts = report.counts()
    rows = [
        (task.id, task.clause, task.deadline.isoformat(),
         *(str(counts[task.id][s]) for s in statuses))
        for task in report.book.obligations
    ]  # fmt: skip
    return header, rows


def _print_obligations(report: obligations_core.ObligationReport) -> None:
    header, rows = _obligation_rows(report)
    table = Table(title=f"逐条任务（判定日期 {report.as_of}）")
    for col in header:
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    err.print(table)
    if report.undated:
        open_ = sum(not u.done for u in report.undated)
        err.print(
            f"未定期限的任务（二(三)2 分批整合转移，不计到期和逾期）{len(report.undated)} 项，"
            f"其中未完成 {open_} 项（见 undated）。"
        )
    if report.undetermined:
        err.print(
            f"[yellow]另有 {len(report.undetermined)} 项因字段未知而待定（见 undetermined）。[/]"
        )


@main.command("progress")
@ledger_argument
@as_of_option
@format_option("json", "table", default="json")
@out_option()
@pass_session
def progress_command(
    session: Session, ledger_path: str, as_of: dt.date | None, fmt: str, out: str | None
) -> None:
    """由台账中经核实的退出日期计算二(三)各项产能目标的进度：完成量、完成率、预计量和状态。

    只计入退出日期在目标期内且不晚于判定日期的生产线；期限在目标期内、尚未退出的计为预计量。
    """
    day = judged_on(as_of)
    book = session.targets(day)
    with session.steps() as note:
        ledger = load_ledger(ledger_path, note)
        note(f"计算 {len(book.measured())} 项目标的进度（判定日期 {day}）")
        results = progress_core.progress(ledger, day, book)
        note("写出结果")
        if fmt == "json":
            payload = progress_core.to_json(results, day, book)
            emit(json.dumps(payload, ensure_ascii=False, indent=1), out)
        else:
            title = f"二(三) 产能目标进度（判定日期 {day}）"
            emit_table(title, _PROGRESS_COLUMNS, _progress_rows(results, book), out)
    if not session.quiet:
        _print_progress(results, book, day)
        session.wrote(out)


_PROGRESS_COLUMNS = ("编号", "条款", "指标", "单位", "目标", "已完成", "完成率", "预计", "状态")


def _progress_rows(
    results: list[progress_core.Progress], book: targets_data.Targets
) -> list[tuple[str, ...]]:
    return [
        (p.target.id, p.target.clause, p.target.indicator, p.target.unit,
         _figure(p.target.target), _figure(round(p.achieved, 2)), f"{p.percent:.1f}%",
         _figure(round(p.forecast, 2)), p.status_label(book.status_rules))
        for p in results
    ]  # fmt: skip


def _print_progress(
    results: list[progress_core.Progress], book: targets_data.Targets, day: dt.date
) -> None:
    table = Table(title=f"二(三) 产能目标进度（判定日期 {day}）")
    for col in _PROGRESS_COLUMNS:
        table.add_column(col, overflow="fold")
    for row in _progress_rows(results, book):
        table.add_row(*row)
    err.print(table)
