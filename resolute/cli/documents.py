"""The documents the office issues: the quarterly bulletin and the final report (五 督导)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import click

from resolute.cli.common import (
    Failure,
    LocalPath,
    PositiveInteger,
    Session,
    as_of_option,
    date_option,
    demo_ledger,
    emit,
    err,
    judged_on,
    ledger_option,
    load_ledger,
    out_option,
    pass_session,
)
from resolute.cli.group import main
from resolute.core import registry as registry_core
from resolute.core import targets as targets_data
from resolute.core.bulletin import ISSUING_OFFICE, Issue, IssueError
from resolute.core.ledger import Ledger
from resolute.io.registry import RegistryInvalid, read_registry

DEMO_BULLETIN_LINES = 10000


@main.command("bulletin")
@click.option("--quarter", metavar="季度", help="通报的季度，如 2022Q4（与 --final 二选一）。")
@click.option(
    "--final",
    "final",
    is_flag=True,
    help="生成方案实施情况总结报告：各项目标最终完成情况、各市最终完成情况、仍未退出的生产线。",
)
@as_of_option
@ledger_option("台账文件（.xlsx、.json 或 CSV 文件夹；缺省时使用模拟的演示省份）。")
@click.option(
    "--registry",
    "registry_path",
    type=LocalPath(exists=True, dir_okay=False),
    metavar="工作簿",
    help="（--final）集群、领军企业、园区等登记工作簿（网页登记模板的格式），三、四的计数目标按其计算。",
)
@click.option(
    "--issue-number",
    type=PositiveInteger(),
    metavar="期号",
    help="（--quarter）期号：印发年度内的第几期，如 1 即“2023年第1期”；缺省时通报不印期号（草稿）。",
)
@date_option(
    "--issue-date", "issue_date", help="印发日期 YYYY-MM-DD（默认：今天），期号按其年度编排。"
)
@click.option("--office", metavar="机关", help=f"发文机关（默认：{ISSUING_OFFICE}）。")
@out_option(required=True, folder=True, help="输出文件夹。")
@pass_session
def bulletin_command(
    session: Session,
    quarter: str | None,
    final: bool,
    as_of: dt.date | None,
    ledger_path: str | None,
    registry_path: str | None,
    issue_number: int | None,
    issue_date: dt.date | None,
    office: str | None,
    out: str,
) -> None:
    """生成季度通报（--quarter）或方案实施情况总结报告（--final）。

    季度通报：总体进展、目标完成情况、各市排名、逾期生产线和附图，写出 bulletin.html、
    bulletin.pdf（嵌入中文字体）、bulletin.xlsx 和 bulletin.json（含内容校验码）。
    总结报告（--final，--as-of 为报告日，默认今天）：每项目标的最终完成量和结论、各市全部任务的
    按期完成、逾期完成和仍未完成数、仍未退出的生产线及计至报告日的逾期天数，写出 final-report.html、
    .pdf、.xlsx 和 .json。三、四的计数目标按 --registry 给出的登记工作簿计算；命令行没有指标填报数据，
    填报类目标列为“未填报”（网页上生成的总结报告包含它们）。同一数据再次生成，内容与校验码不变。
    两者都按公文格式排版：发文机关（--office）、期号（--issue-number，只用于季度通报）、
    印发日期（--issue-date，默认今天）不属于内容，不改变校验码。
    标准输出依次打印校验码和各文件路径。
    """
    if final == (quarter is not None):
        raise Failure("请给出 --quarter（季度通报）或 --final（总结报告）之一")
    if quarter is not None and (as_of is not None or registry_path is not None):
        raise Failure("季度通报的数据截至季度末，不接受 --as-of 和 --registry")
    if final and issue_number is not None:
        raise Failure("期号（--issue-number）只用于季度通报")
    issued_on = issue_date if issue_date is not None else dt.date.today()
    try:
        issue = Issue(office=office or ISSUING_OFFICE, number=issue_number, issued_on=issued_on)
    except IssueError as exc:
        raise Failure(str(exc)) from None
    book = session.targets(judged_on(as_of) if final else _quarter_end(quarter))
    entries = _registry(registry_path, book) if registry_path is not None else []
    with session.steps() as note:
        if ledger_path is None:
            ledger = demo_ledger(
                DEMO_BULLETIN_LINES,
                f"未指定 --ledger：使用模拟的演示省份（{DEMO_BULLETIN_LINES} 条生产线，种子 1），"
                "不是真实台账。",
            )
        else:
            ledger = load_ledger(ledger_path, note)
        if final:
            _final_report(ledger, judged_on(as_of), book, out, note, entries, issue)
        else:
            assert quarter is not None
            _quarterly_bulletin(ledger, quarter, book, out, note, issue)


def _quarter_end(quarter: str | None) -> dt.date:
    """The last day of the bulletin's quarter: the day whose targets it reads."""
    from resolute.core.bulletin import Quarter, QuarterError

    try:
        return Quarter.parse(quarter or "").end
    except QuarterError as exc:
        raise Failure(str(exc)) from None


def _registry(path: str, book: targets_data.Targets) -> list[registry_core.RegistryEntry]:
    try:
        return read_registry(path, book)
    except RegistryInvalid as exc:
        for p in exc.problems:
            where = f"第 {p.row} 行，" if p.row else ""
            column = f"列“{p.column}”：" if p.column else ""
            err.print(f"登记工作簿{where}{column}{p.message}", highlight=False)
        raise Failure(f"登记工作簿有 {len(exc.problems)} 处错误，未生成报告") from None


def _print_written(content_hash: str, paths: Mapping[str, object]) -> None:
    """The content hash and the files written: what a script needs, on standard output."""
    lines = [f"content_hash\t{content_hash}", *(f"{kind}\t{path}" for kind, path in paths.items())]
    emit("\n".join(lines), None)


def _quarterly_bulletin(
    ledger: Ledger,
    quarter: str,
    book: targets_data.Targets,
    out: str,
    note: Callable[[str], None],
    issue: Issue,
) -> None:
    from resolute.core.bulletin import Quarter, QuarterError, build_bulletin, content_hash
    from resolute.io.bulletin import FontMissing, write_all

    try:
        period = Quarter.parse(quarter)
    except QuarterError as exc:
        raise Failure(str(exc)) from None
    if issue.issued_on is not None and issue.issued_on <= period.end:
        raise Failure(f"印发日期 {issue.issued_on} 应晚于通报的季度末 {period.end}")
    note(f"计算{period.label}通报（截至 {period.end}）")
    result = build_bulletin(ledger, period, book=book)
    note("写出网页、PDF、Excel 和 JSON")
    try:
        paths = write_all(result, out, issue)
    except FontMissing as exc:
        raise Failure(f"{exc}；未写出任何文件") from None
    _print_written(content_hash(result), paths)


def _final_report(
    ledger: Ledger,
    day: dt.date,
    book: targets_data.Targets,
    out: str,
    note: Callable[[str], None],
    entries: list[registry_core.RegistryEntry],
    issue: Issue,
) -> None:
    from resolute.core.final_report import build_final_report, content_hash, final_issue
    from resolute.io.bulletin import FontMissing, write_final_all

    note(f"计算方案实施情况总结报告（截至 {day}）")
    report = build_final_report(ledger, day, book, registry=entries)
    if report.in_period:
        err.print(
            f"[yellow]方案最后一项任务的期限为 {report.last_deadline}，报告日在此之前，"
            "数字尚不是最终结果。[/]"
        )
    note("写出网页、PDF、Excel 和 JSON")
    try:
        paths = write_final_all(report, out, final_issue(issue.issued_on, issue.office))
    except FontMissing as exc:
        raise Failure(f"{exc}；未写出任何文件") from None
    _print_written(content_hash(report), paths)
