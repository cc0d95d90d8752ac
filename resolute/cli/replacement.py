"""Capacity replacement, project admission and credit (二(三)5, 二(四)8, 二(四)9)."""

from __future__ import annotations

import datetime as dt
import json

import click

from resolute.cli.common import (
    Failure,
    LocalPath,
    Session,
    as_of_option,
    demo_ledger,
    emit,
    err,
    format_option,
    judged_on,
    ledger_argument,
    ledger_option,
    load_ledger,
    out_option,
    pass_session,
)
from resolute.cli.group import main


def _read_json(path: str) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as exc:
        raise Failure(f"无法读取 {path}：{exc}") from exc


def _verdict(passed: bool) -> None:
    """Status 1 when a plan or project does not pass: a finding, not a failure to run."""
    if not passed:
        click.get_current_context().exit(1)


@main.command("replacement-check")
@click.argument("plan_path", metavar="方案.json", type=LocalPath(exists=True, dir_okay=False))
@ledger_option("台账文件（缺省时使用模拟的演示省份，3000 条生产线，种子 1）。")
@format_option("text", "json", default="text")
@pass_session
def replacement_check(session: Session, plan_path: str, ledger_path: str | None, fmt: str) -> None:
    """核对产能置换方案：比例、新建规模、来源已退出、先压后上、不重复使用、来源可用、无省外产能。

    文件可为一个方案，或 {"plans": [...]} 多个方案（相互核对是否重复使用产能）。
    全部方案符合时退出码为 0，否则为 1。
    """
    from resolute.core import replacement

    try:
        plans = replacement.plans_from_json(_read_json(plan_path))
    except replacement.PlanError as exc:
        raise Failure(str(exc)) from None
    with session.steps() as note:
        if ledger_path is None:
            ledger = demo_ledger(
                3000, "未指定 --ledger：使用模拟的演示省份（3000 条生产线，种子 1）。"
            )
        else:
            ledger = load_ledger(ledger_path, note)
        verdicts = [replacement.check_plan(p, ledger, plans) for p in plans]
    if fmt == "json":
        entries = replacement.capacity_ledger(plans, ledger)
        emit(json.dumps({"verdicts": [v.as_json() for v in verdicts],
                         "capacity_ledger": [e.as_json() for e in entries]},
                        ensure_ascii=False, indent=1), None)  # fmt: skip
    else:
        emit("\n".join("\n".join(replacement.verdict_lines(v)) for v in verdicts), None)
    _verdict(all(v.passed for v in verdicts))


@main.command("admission")
@click.argument("project_path", metavar="项目.json", type=LocalPath(exists=True))
@format_option("text", "json", default="text")
def admission_command(project_path: str, fmt: str) -> None:
    """核对两高项目准入：产能、煤耗、能耗、碳排放、污染物排放“五个减量替代”和先压后上。

    全部符合时退出码为 0，否则为 1。
    """
    from resolute.core import admission
    from resolute.core.replacement import PlanError

    try:
        project, sources = admission.project_from_json(_read_json(project_path))
    except PlanError as exc:
        raise Failure(str(exc)) from None
    verdict = admission.check_admission(project, sources)
    if fmt == "json":
        emit(json.dumps(verdict.as_json(), ensure_ascii=False, indent=1), None)
    else:
        emit("\n".join(admission.verdict_lines(verdict)), None)
    _verdict(verdict.passed)


@main.command("credit")
@ledger_argument
@as_of_option
@format_option("json", "xlsx", "csv", default="json")
@out_option(required=True)
@pass_session
def credit_command(
    session: Session, ledger_path: str, as_of: dt.date | None, fmt: str, out: str
) -> None:
    """列出未按期退出的信用记录（逾期次日列入，核实退出之日移出），供“信用中国（山东）”公示。"""
    from resolute.core import credit
    from resolute.io.credit import credit_bytes

    day = judged_on(as_of)
    with session.steps() as note:
        ledger = load_ledger(ledger_path, note)
        note(f"计算信用记录（判定日期 {day}）")
        records = credit.credit_records(ledger, day, session.targets(day))
        emit(credit_bytes(records, day, fmt), out, end="")
    if not session.quiet:
        opened = len(credit.open_records(records))
        err.print(f"已写出 {out}：信用记录 {len(records)} 条，其中未移出 {opened} 条")
