"""Differential prices and the efficiency classes (二(四)2, 三(四)3)."""

from __future__ import annotations

import datetime as dt
import json

import click
from openpyxl import Workbook

from resolute.cli.common import (
    Failure,
    Integer,
    Number,
    Session,
    date_option,
    emit,
    err,
    format_option,
    ledger_argument,
    load_ledger,
    out_option,
    pass_session,
)
from resolute.cli.group import main


def _workbook(tables: list[tuple[str, tuple[str, ...], list[list[object]]]]) -> Workbook:
    """One sheet per table, with Chinese headers."""
    from resolute.io.xlsx import write_table

    wb = Workbook()
    first = wb.active
    for title, headers, rows in tables:
        write_table(wb.create_sheet(title), headers, rows)
    if first is not None:
        wb.remove(first)
    return wb


@main.command("surcharges")
@ledger_argument
@click.option("--year", type=Integer(),
              help="计费年度（默认：各企业台账的数据年度）；按当年 1 月 1 日有效的费率计。")  # fmt: skip
@click.option("--water-price", type=Number(),
              help="基本水价（元/立方米；默认：费率表中的值）。")  # fmt: skip
@format_option("json", "xlsx", "csv", default="json")
@click.option(
    "--utility",
    type=click.Choice(["grid", "water"]),
    default="grid",
    show_default=True,
    help="csv 的对象：grid 为电网企业（电价加价），water 为供水单位（水价加价）。",
)
@out_option(required=True)
@pass_session
def surcharges_command(
    session: Session,
    ledger_path: str,
    year: int | None,
    water_price: float | None,
    fmt: str,
    utility: str,
    out: str,
) -> None:
    """按评估结论和逐条任务计算每家企业的差别电价、惩罚性电价和超定额累进加价水价。

    淘汰退出→淘汰类，限期整改→限制类，有逾期未退出任务→未完成化解过剩产能任务；
    费率、依据和生效日期见 resolute/data/pricing.yaml。输入未知时金额为未知（不按 0 计）。
    xlsx 含供电网企业、供水单位的清单和按市、行业汇总；csv 为其中一份清单。
    """
    from resolute.core import pricing
    from resolute.io import pricing as pricing_io
    from resolute.io.csvfile import csv_bytes

    with session.steps() as note:
        ledger = load_ledger(ledger_path, note)
        note(f"评估并计算 {ledger.enterprises.height} 家企业的加价")
        try:
            report = pricing.compute(ledger, year=year, base_price=water_price)
        except pricing.PricingError as exc:
            raise Failure(f"费率表无法使用：{exc}") from exc
        note("写出结果")
        if fmt == "json":
            emit(json.dumps(pricing.to_json(report), ensure_ascii=False, indent=1), out)
        elif fmt == "csv":
            rows = pricing_io.export_rows(report, "grid" if utility == "grid" else "water")
            emit(csv_bytes(pricing_io.EXPORT_HEADERS, rows), out, end="")
        else:
            emit(_workbook(pricing_io.tables(report)).save, out)
    if not session.quiet:
        t = report.total
        water_note = "" if report.book.water.confirmed else "（按软件缺省值，待核实）"
        err.print(f"电价加价 {t.electricity_charged} 家 {t.electricity:,.2f} 元；水价加价 "
                  f"{t.water_charged} 家 {t.water:,.2f} 元{water_note}；金额未知 {t.unknown} 家。"
                  f"已写出 {out}", highlight=False)  # fmt: skip


@main.command("classes")
@ledger_argument
@date_option("--published", help="公示日期 YYYY-MM-DD；据此计算申诉截止日期。")
@format_option("json", "xlsx", default="json")
@out_option(required=True)
@pass_session
def classes_command(
    session: Session, ledger_path: str, published: dt.date | None, fmt: str, out: str
) -> None:
    """亩产效益（单位能耗产出效益）综合评价：每家企业的得分、各项指标明细和 A/B/C/D/T 类别。

    指标、权重、基准、分类比例和各类差别化措施见 resolute/data/classes.yaml；
    xlsx 含公示名单（带公示日期和申诉截止日期）、指标明细、基准与权重、差别化措施。
    """
    from resolute.core import classes
    from resolute.io import classes as classes_io

    with session.steps() as note:
        ledger = load_ledger(ledger_path, note)
        note(f"评价 {ledger.enterprises.height} 家企业")
        try:
            result = classes.classify(ledger, published=published)
        except classes.ClassesError as exc:
            raise Failure(f"评价规则无法使用：{exc}") from exc
        note("写出结果")
        if fmt == "json":
            emit(json.dumps(classes.to_json(result), ensure_ascii=False, indent=1), out)
        else:
            emit(_workbook(classes_io.tables(result)).save, out)
    if not session.quiet:
        counts = "，".join(f"{k} 类 {v} 家" for k, v in result.counts().items())
        err.print(
            f"参评 {result.rated} 家：{counts}（得分与类别{classes_defaults_note()}）。已写出 {out}",
            highlight=False,
        )


def classes_defaults_note() -> str:
    from resolute.core.defaults import UNCONFIRMED_NOTE

    return f"按软件缺省的权重、基准和分类比例计算，{UNCONFIRMED_NOTE}"
