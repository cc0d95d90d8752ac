"""The ``resolute`` command line: batch work on ledgers, the rulebook and reports."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
import orjson
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from resolute.core import engine, explain, rulebook, schema
from resolute.core import obligations as obligations_core
from resolute.core import progress as progress_core
from resolute.core import registry as registry_core
from resolute.core import targets as targets_data
from resolute.core.assessment import OUTCOME_LABELS, OUTCOMES, Assessment, to_json
from resolute.core.ledger import Ledger, LedgerInvalid
from resolute.core.rulebook import RulebookError
from resolute.core.targets import TargetsError
from resolute.io import bounds
from resolute.io.registry import RegistryInvalid, read_registry

err = Console(stderr=True, soft_wrap=True)
MAX_ERRORS_SHOWN = 200


def _local_file_limits() -> bounds.Limits:
    """Bounds for ledgers read from the user's own disk. The upload bounds (50 MB, 200,000
    rows) protect the server from what strangers send; a province ledger read on the
    command line is larger (200,000 lines in JSON are over 100 MB), so the command line
    admits files many times that size and still refuses an archive that inflates without
    bound."""
    return bounds.Limits(file_bytes=4096 * bounds.MB, unzipped_bytes=16384 * bounds.MB,
                         rows=5_000_000)  # fmt: skip


class Context:
    def __init__(self, quiet: bool, rulebook_path: str | None) -> None:
        self.quiet = quiet
        self.rulebook_path = rulebook_path

    def book(self) -> rulebook.Rulebook:
        if self.rulebook_path:
            return rulebook.load(self.rulebook_path)
        return rulebook.default()

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


pass_context = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--quiet", "-q", is_flag=True, help="不显示进度（供脚本调用）。")
@click.option(
    "--rulebook",
    "rulebook_path",
    type=click.Path(exists=True, dir_okay=False),
    envvar="RESOLUTE_RULEBOOK",
    help="使用指定的规则库文件（默认：内置规则库）。",
)
@click.version_option(package_name="resolute")
@click.pass_context
def main(ctx: click.Context, quiet: bool, rulebook_path: str | None) -> None:
    """resolute — 落实“三个坚决”行动方案的台账、评估与监督工具。"""
    ctx.obj = Context(quiet, rulebook_path)


def _load_ledger(path: str, note: Callable[[str], None]) -> Ledger:
    from resolute.io.readers import read_ledger

    note(f"读取并校验台账 {path}")
    try:
        ledger = read_ledger(path, _local_file_limits())
    except LedgerInvalid as exc:
        err.print(f"[bold red]台账有 {len(exc.errors)} 处错误，未做任何处理：[/]")
        for e in exc.errors[:MAX_ERRORS_SHOWN]:
            err.print(f"  {e}", highlight=False, markup=False)
        if len(exc.errors) > MAX_ERRORS_SHOWN:
            err.print(f"  ……另有 {len(exc.errors) - MAX_ERRORS_SHOWN} 处错误未列出")
        raise SystemExit(2) from None
    for n in ledger.notes:
        err.print(f"[cyan]说明：[/]{n}", highlight=False)
    for w in ledger.warnings:
        err.print(f"[yellow]提示：[/]{w}", highlight=False)
    return ledger


def _fail(message: str) -> None:
    err.print(f"[bold red]错误：[/]{message}", highlight=False)
    raise SystemExit(2)


@main.command()
@click.argument("ledger_path", metavar="LEDGER", type=click.Path(exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "xlsx", "csv"]),
    default="json",
    show_default=True,
    help="输出格式。",
)
@click.option(
    "--out", type=click.Path(dir_okay=False), help="输出文件（json/csv 缺省时输出到标准输出）。"
)
@pass_context
def assess(ctx: Context, ledger_path: str, fmt: str, out: str | None) -> None:
    """按规则库评估台账（.xlsx、.json 或 CSV 文件夹）中的每个企业和每条生产线。

    整个文件先完整校验；有任何错误时列出每一处（工作表、行、列、原因），
    以非零状态退出，且不写出任何文件。
    """
    from resolute.io import report

    if fmt == "xlsx" and not out:
        _fail("xlsx 格式需要用 --out 指定输出文件")
    with ctx.steps() as note:
        book = _book(ctx)
        ledger = _load_ledger(ledger_path, note)
        note(f"评估 {ledger.lines.height} 条生产线、{ledger.enterprises.height} 家企业")
        result = engine.assess(ledger, book)
        note("写出结果")
        if fmt == "json":
            # orjson: the standard encoder falls back to pure Python when indenting, and the
            # findings of a province run to hundreds of megabytes
            data = orjson.dumps(to_json(result, book), default=str, option=orjson.OPT_INDENT_2)
            _emit_bytes(data, out)
        elif fmt == "csv":
            if out:
                report.write_csv(result, book, out)
            else:
                sys.stdout.write(report.csv_text(result, book))
        else:
            assert out is not None
            report.write_xlsx(result, book, ledger, out)
    if not ctx.quiet:
        _print_summary(result)
        if out:
            err.print(f"已写出 {out}")


def _book(ctx: Context) -> rulebook.Rulebook:
    try:
        return ctx.book()
    except RulebookError as exc:
        _fail(f"规则库无法使用：{exc}")
        raise AssertionError from exc


def _emit_bytes(data: bytes, out: str | None) -> None:
    if out:
        from resolute.io.files import write_bytes

        write_bytes(out, data + b"\n")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data + b"\n")
        sys.stdout.buffer.flush()


def _emit(text: str, out: str | None) -> None:
    if out:
        from resolute.io.files import write_bytes

        write_bytes(out, (text + "\n").encode("utf-8"))
    else:
        sys.stdout.write(text + "\n")


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


@main.group(invoke_without_command=True)
@click.option(
    "--industry",
    type=click.Choice([i.code for i in schema.INDUSTRIES]),
    help="只列出该行业的规则。",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
)
@click.pass_context
def rules(click_ctx: click.Context, industry: str | None, fmt: str) -> None:
    """列出规则库中的规则；`resolute rules explain 规则编号` 查看一条规则的详细解读。"""
    if click_ctx.invoked_subcommand is not None:
        return
    ctx: Context = click_ctx.obj
    book = _book(ctx)
    selected = [r for r in book.rules if industry is None or r.industry == industry]
    if fmt == "json":
        payload = {
            "rulebook_version": book.full_version,
            "rules": [explain.rule_summary(book, r) for r in selected],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
    elif fmt == "markdown":
        from resolute.docs import rules_markdown

        click.echo(rules_markdown(book, selected), nl=False)
    else:
        out = Console()
        columns = ("规则编号", "行业", "标准", "依据", "不符合的条件", "出处")
        rows = []
        for r in selected:
            s = explain.rule_summary(book, r)
            rows.append((r.id, s["industry_label"], s["standard_label"], s["basis_label"],
                         s["reading"], r.citation))  # fmt: skip
        if not out.is_terminal:  # piped: one tab-separated line per rule, for scripts
            click.echo("\t".join(columns))
            for row in rows:
                click.echo("\t".join(row))
            return
        table = Table(title=f"规则库 {book.full_version}（{len(selected)} 条）")
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*row)
        out.print(table)


@rules.command("explain")
@click.argument("rule_id")
@pass_context
def rules_explain(ctx: Context, rule_id: str) -> None:
    """解读一条规则：原文、判定条件、豁免、出处与依据文件。"""
    book = _book(ctx)
    try:
        rule = book.rule(rule_id)
    except KeyError:
        close = [r.id for r in book.rules if rule_id.split(".")[0] in r.id][:10]
        hint = f"；相近的规则：{'、'.join(close)}" if close else ""
        _fail(f"规则库中没有规则 {rule_id}{hint}")
        return
    width = max(len(k) for k, _ in explain.explain_lines(book, rule))
    for label, text in explain.explain_lines(book, rule):
        click.echo(f"{label.ljust(width, '　')}  {text}")


@main.command()
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="模板文件（.xlsx）。")
def template(out: str) -> None:
    """生成台账填报模板（Excel）：中文表头、下拉选项、数值校验和填表说明。"""
    from resolute.io.template import write_template

    if not out.lower().endswith(".xlsx"):
        _fail("模板文件应以 .xlsx 结尾")
    write_template(out)
    err.print(f"已写出模板 {out}")


@main.command("demo-data")
@click.option(
    "--lines",
    "n_lines",
    type=click.IntRange(min=1),
    default=3000,
    show_default=True,
    help="生成的生产线数量。",
)
@click.option(
    "--seed", type=int, default=1, show_default=True, help="随机种子（同一种子结果相同）。"
)
@click.option("--out", required=True, type=click.Path(), help="输出：.json、.xlsx 或 CSV 文件夹。")
@pass_context
def demo_data(ctx: Context, n_lines: int, seed: int, out: str) -> None:
    """生成一个模拟的山东省台账（16 市、11 个行业），用于演示和测试。"""
    from resolute.demo import generate
    from resolute.io.readers import write_ledger

    with ctx.steps() as note:
        note(f"生成 {n_lines} 条生产线（种子 {seed}）")
        enterprises, lines = generate(n_lines, seed)
        ledger = Ledger.from_records(enterprises, lines)
        note(f"写出 {out}")
        write_ledger(ledger, out)
    if not ctx.quiet:
        err.print(
            f"已写出 {out}：{ledger.enterprises.height} 家企业，{ledger.lines.height} 条生产线"
        )


# ─── targets, obligations and progress (二(三), 三, 四, 五) ─────────────────────


def _targets() -> targets_data.Targets:
    try:
        return targets_data.default()
    except TargetsError as exc:
        _fail(f"目标数据无法使用：{exc}")
        raise AssertionError from exc


def _as_of(value: dt.datetime | None) -> dt.date:
    """The day a status is judged on: the one given, or today."""
    return value.date() if value is not None else dt.date.today()


_AS_OF = click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="判定日期 YYYY-MM-DD（默认：今天）。",
)


def _figure(value: float | int | None) -> str:
    return "" if value is None else f"{targets_data.number(value)}"


@main.command("targets")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="输出格式。",
)
@click.option("--clause", help="只列出条款以此开头的目标，如 二(三) 或 四(二)1。")
def targets_command(fmt: str, clause: str | None) -> None:
    """列出方案的全部目标：条款、原文、指标、目标值与单位、期限、范围和牵头单位。"""
    book = _targets()
    selected = tuple(t for t in book.targets if clause is None or t.clause.startswith(clause))
    if fmt == "json":
        click.echo(json.dumps(targets_data.to_json(book, selected), ensure_ascii=False, indent=1))
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
    out = Console()
    if not out.is_terminal:  # piped: one tab-separated line per target, for scripts
        click.echo("\t".join(columns))
        for row in rows:
            click.echo("\t".join(row))
        return
    table = Table(title=f"目标 {book.full_version}（{len(selected)} 项）")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    out.print(table)


@main.command("obligations")
@click.argument("ledger_path", metavar="LEDGER", type=click.Path(exists=True))
@_AS_OF
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="输出格式：json 为逐条任务，table 为按任务汇总。",
)
@click.option("--out", type=click.Path(dir_okay=False), help="输出文件（缺省时输出到标准输出）。")
@pass_context
def obligations_command(
    ctx: Context, ledger_path: str, as_of: dt.datetime | None, fmt: str, out: str | None
) -> None:
    """按二(三)1—7 列出每条生产线须完成的退出或改造任务、期限及其状态（已完成/未到期/逾期）。

    字段未知、无法确定是否适用的生产线不产生任务，另列为“待定”（undetermined）。
    """
    day = _as_of(as_of)
    book = _targets()
    with ctx.steps() as note:
        ledger = _load_ledger(ledger_path, note)
        note(f"计算 {ledger.lines.height} 条生产线的任务（判定日期 {day}）")
        report = obligations_core.evaluate(ledger, day, book)
        note("写出结果")
        if fmt == "json":
            _emit(json.dumps(obligations_core.to_json(report), ensure_ascii=False, indent=1), out)
        else:
            _emit(_obligations_tsv(report), out)
    if not ctx.quiet:
        _print_obligations(report)
        if out:
            err.print(f"已写出 {out}")


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


def _obligations_tsv(report: obligations_core.ObligationReport) -> str:
    header, rows = _obligation_rows(report)
    return "\n".join("\t".join(row) for row in [header, *rows])


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
@click.argument("ledger_path", metavar="LEDGER", type=click.Path(exists=True))
@_AS_OF
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="输出格式。",
)
@click.option("--out", type=click.Path(dir_okay=False), help="输出文件（缺省时输出到标准输出）。")
@pass_context
def progress_command(
    ctx: Context, ledger_path: str, as_of: dt.datetime | None, fmt: str, out: str | None
) -> None:
    """由台账中经核实的退出日期计算二(三)各项产能目标的进度：完成量、完成率、预计量和状态。

    只计入退出日期在目标期内且不晚于判定日期的生产线；期限在目标期内、尚未退出的计为预计量。
    """
    day = _as_of(as_of)
    book = _targets()
    with ctx.steps() as note:
        ledger = _load_ledger(ledger_path, note)
        note(f"计算 {len(book.measured())} 项目标的进度（判定日期 {day}）")
        results = progress_core.progress(ledger, day, book)
        note("写出结果")
        if fmt == "json":
            payload = progress_core.to_json(results, day, book)
            _emit(json.dumps(payload, ensure_ascii=False, indent=1), out)
        else:
            _emit(_progress_tsv(results, book), out)
    if not ctx.quiet:
        _print_progress(results, book, day)
        if out:
            err.print(f"已写出 {out}")


def _progress_rows(
    results: list[progress_core.Progress], book: targets_data.Targets
) -> list[tuple[str, ...]]:
    return [
        (p.target.id, p.target.clause, p.target.indicator, p.target.unit,
         _figure(p.target.target), _figure(round(p.achieved, 2)), f"{p.percent:.1f}%",
         _figure(round(p.forecast, 2)), p.status_label(book.status_rules))
        for p in results
    ]  # fmt: skip


_PROGRESS_COLUMNS = ("编号", "条款", "指标", "单位", "目标", "已完成", "完成率", "预计", "状态")


def _progress_tsv(results: list[progress_core.Progress], book: targets_data.Targets) -> str:
    rows = [_PROGRESS_COLUMNS, *_progress_rows(results, book)]
    return "\n".join("\t".join(row) for row in rows)


def _print_progress(
    results: list[progress_core.Progress], book: targets_data.Targets, day: dt.date
) -> None:
    table = Table(title=f"二(三) 产能目标进度（判定日期 {day}）")
    for col in _PROGRESS_COLUMNS:
        table.add_column(col, overflow="fold")
    for row in _progress_rows(results, book):
        table.add_row(*row)
    err.print(table)


# ─── the quarterly bulletin (五 督导: 季通报) ─────────────────────────────────────

DEMO_BULLETIN_LINES = 10000


@main.command("bulletin")
@click.option("--quarter", help="通报的季度，如 2022Q4（与 --final 二选一）。")
@click.option(
    "--final",
    "final",
    is_flag=True,
    help="生成方案实施情况总结报告：各项目标最终完成情况、各市最终完成情况、仍未退出的生产线。",
)
@_AS_OF
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(exists=True),
    help="台账文件（.xlsx、.json 或 CSV 文件夹；缺省时使用模拟的演示省份）。",
)
@click.option(
    "--registry",
    "registry_path",
    type=click.Path(exists=True, dir_okay=False),
    help="（--final）集群、领军企业、园区等登记工作簿（网页登记模板的格式），三、四的计数目标按其计算。",
)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="输出文件夹。")
@pass_context
def bulletin_command(
    ctx: Context,
    quarter: str | None,
    final: bool,
    as_of: dt.datetime | None,
    ledger_path: str | None,
    registry_path: str | None,
    out: str,
) -> None:
    """生成季度通报（--quarter）或方案实施情况总结报告（--final）。

    季度通报：总体进展、目标完成情况、各市排名、逾期生产线和附图，写出 bulletin.html、
    bulletin.pdf（嵌入中文字体）、bulletin.xlsx 和 bulletin.json（含内容校验码）。
    总结报告（--final，--as-of 为报告日，默认今天）：每项目标的最终完成量和结论、各市全部任务的
    按期完成、逾期完成和仍未完成数、仍未退出的生产线及计至报告日的逾期天数，写出 final-report.html、
    .pdf、.xlsx 和 .json。三、四的计数目标按 --registry 给出的登记工作簿计算；命令行没有指标填报数据，
    填报类目标列为“未填报”（网页上生成的总结报告包含它们）。同一数据再次生成，内容与校验码不变。
    标准输出依次打印校验码和各文件路径。
    """
    if final == (quarter is not None):
        _fail("请给出 --quarter（季度通报）或 --final（总结报告）之一")
        return
    if quarter is not None and (as_of is not None or registry_path is not None):
        _fail("季度通报的数据截至季度末，不接受 --as-of 和 --registry")
        return
    book = _targets()
    entries: list[registry_core.RegistryEntry] = []
    if registry_path is not None:
        try:
            entries = read_registry(registry_path, book)
        except RegistryInvalid as exc:
            for p in exc.problems:
                where = f"第 {p.row} 行，" if p.row else ""
                column = f"列“{p.column}”：" if p.column else ""
                err.print(f"登记工作簿{where}{column}{p.message}", highlight=False)
            _fail(f"登记工作簿有 {len(exc.problems)} 处错误，未生成报告")
            return
    with ctx.steps() as note:
        if ledger_path is None:
            from resolute.demo import generate

            err.print(
                f"未指定 --ledger：使用模拟的演示省份（{DEMO_BULLETIN_LINES} 条生产线，种子 1），"
                "不是真实台账。",
                highlight=False,
            )
            ledger = Ledger.from_records(*generate(DEMO_BULLETIN_LINES, 1))
        else:
            ledger = _load_ledger(ledger_path, note)
        if final:
            _final_report(ledger, _as_of(as_of), book, out, note, entries)
        else:
            assert quarter is not None
            _quarterly_bulletin(ledger, quarter, book, out, note)


def _quarterly_bulletin(
    ledger: Ledger, quarter: str, book: targets_data.Targets, out: str, note: Callable[[str], None]
) -> None:
    from resolute.core.bulletin import Quarter, QuarterError, build_bulletin, content_hash
    from resolute.io.bulletin import FontMissing, write_all

    try:
        period = Quarter.parse(quarter)
    except QuarterError as exc:
        _fail(str(exc))
        return
    note(f"计算{period.label}通报（截至 {period.end}）")
    result = build_bulletin(ledger, period, book=book)
    note("写出网页、PDF、Excel 和 JSON")
    try:
        paths = write_all(result, out)
    except FontMissing as exc:
        _fail(f"{exc}；未写出任何文件")
        return
    click.echo(f"content_hash\t{content_hash(result)}")
    for kind, path in paths.items():
        click.echo(f"{kind}\t{path}")


def _final_report(
    ledger: Ledger,
    day: dt.date,
    book: targets_data.Targets,
    out: str,
    note: Callable[[str], None],
    entries: list[registry_core.RegistryEntry],
) -> None:
    from resolute.core.final_report import build_final_report, content_hash
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
        paths = write_final_all(report, out)
    except FontMissing as exc:
        _fail(f"{exc}；未写出任何文件")
        return
    click.echo(f"content_hash\t{content_hash(report)}")
    for kind, path in paths.items():
        click.echo(f"{kind}\t{path}")


# ─── surcharges and efficiency classes (二(四)2, 三(四)3) ──────────────────────


def _write_tables(tables: list[tuple[str, tuple[str, ...], list[list[object]]]], out: str) -> None:
    from openpyxl import Workbook

    from resolute.io.xlsx import save_workbook, write_table

    wb = Workbook()
    first = wb.active
    for title, headers, rows in tables:
        write_table(wb.create_sheet(title), headers, rows)
    if first is not None:
        wb.remove(first)
    save_workbook(wb, out)


@main.command("surcharges")
@click.argument("ledger_path", metavar="LEDGER", type=click.Path(exists=True))
@click.option(
    "--year",
    type=int,
    help="计费年度（默认：各企业台账的数据年度）；按当年 1 月 1 日有效的费率计。",
)
@click.option("--water-price", type=float, help="基本水价（元/立方米；默认：费率表中的值）。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "xlsx", "csv"]),
    default="json",
    show_default=True,
    help="输出格式。",
)
@click.option(
    "--utility",
    type=click.Choice(["grid", "water"]),
    default="grid",
    show_default=True,
    help="csv 的对象：grid 为电网企业（电价加价），water 为供水单位（水价加价）。",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="输出文件。")
@pass_context
def surcharges_command(
    ctx: Context,
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
    from resolute.io.csvfile import csv_bytes
    from resolute.io.files import write_bytes

    with ctx.steps() as note:
        ledger = _load_ledger(ledger_path, note)
        note(f"评估并计算 {ledger.enterprises.height} 家企业的加价")
        try:
            report = pricing.compute(ledger, year=year, base_price=water_price)
        except pricing.PricingError as exc:
            _fail(f"费率表无法使用：{exc}")
            return
        note("写出结果")
        if fmt == "json":
            _emit(json.dumps(pricing.to_json(report), ensure_ascii=False, indent=1), out)
        elif fmt == "csv":
            rows = pricing.export_rows(report, "grid" if utility == "grid" else "water")
            write_bytes(out, csv_bytes(pricing.EXPORT_HEADERS, rows))
        else:
            _write_tables(pricing.tables(report), out)
    if not ctx.quiet:
        t = report.total
        water_note = "" if report.book.water.confirmed else "（按软件缺省值，待核实）"
        err.print(f"电价加价 {t.electricity_charged} 家 {t.electricity:,.2f} 元；水价加价 "
                  f"{t.water_charged} 家 {t.water:,.2f} 元{water_note}；金额未知 {t.unknown} 家。"
                  f"已写出 {out}", highlight=False)  # fmt: skip


@main.command("classes")
@click.argument("ledger_path", metavar="LEDGER", type=click.Path(exists=True))
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="公示日期 YYYY-MM-DD；据此计算申诉截止日期。",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "xlsx"]),
    default="json",
    show_default=True,
    help="输出格式。",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="输出文件。")
@pass_context
def classes_command(
    ctx: Context, ledger_path: str, published: dt.datetime | None, fmt: str, out: str
) -> None:
    """亩产效益（单位能耗产出效益）综合评价：每家企业的得分、各项指标明细和 A/B/C/D/T 类别。

    指标、权重、基准、分类比例和各类差别化措施见 resolute/data/classes.yaml；
    xlsx 含公示名单（带公示日期和申诉截止日期）、指标明细、基准与权重、差别化措施。
    """
    from resolute.core import classes
    from resolute.io.files import write_bytes

    with ctx.steps() as note:
        ledger = _load_ledger(ledger_path, note)
        note(f"评价 {ledger.enterprises.height} 家企业")
        try:
            result = classes.classify(ledger, published=published.date() if published else None)
        except classes.ClassesError as exc:
            _fail(f"评价规则无法使用：{exc}")
            return
        note("写出结果")
        if fmt == "json":
            text = json.dumps(classes.to_json(result), ensure_ascii=False, indent=1)
            write_bytes(out, (text + "\n").encode("utf-8"))
        else:
            _write_tables(classes.tables(result), out)
    if not ctx.quiet:
        counts = "，".join(f"{k} 类 {v} 家" for k, v in result.counts().items())
        err.print(
            f"参评 {result.rated} 家：{counts}（得分与类别{classes_defaults_note()}）。已写出 {out}",
            highlight=False,
        )


def classes_defaults_note() -> str:
    from resolute.core.defaults import UNCONFIRMED_NOTE

    return f"按软件缺省的权重、基准和分类比例计算，{UNCONFIRMED_NOTE}"


# ─── capacity replacement, admission and credit (二(三)5, 二(四)8, 二(四)9) ──────


def _read_json(path: str) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as exc:
        _fail(f"无法读取 {path}：{exc}")
        raise AssertionError from exc


@main.command("replacement-check")
@click.argument("plan_path", metavar="PLAN.json", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(exists=True),
    help="台账文件（缺省时使用模拟的演示省份，3000 条生产线，种子 1）。",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式。")  # fmt: skip
@pass_context
def replacement_check(ctx: Context, plan_path: str, ledger_path: str | None, fmt: str) -> None:
    """核对产能置换方案：比例、新建规模、来源已退出、先压后上、不重复使用、来源可用、无省外产能。

    文件可为一个方案，或 {"plans": [...]} 多个方案（相互核对是否重复使用产能）。
    全部方案符合时退出码为 0，否则为 1。
    """
    from resolute.core import replacement

    try:
        plans = replacement.plans_from_json(_read_json(plan_path))
    except replacement.PlanError as exc:
        _fail(str(exc))
        return
    with ctx.steps() as note:
        if ledger_path is None:
            from resolute.demo import generate

            err.print("未指定 --ledger：使用模拟的演示省份（3000 条生产线，种子 1）。")
            ledger = Ledger.from_records(*generate(3000, 1))
        else:
            ledger = _load_ledger(ledger_path, note)
        verdicts = [replacement.check_plan(p, ledger, plans) for p in plans]
    if fmt == "json":
        entries = replacement.capacity_ledger(plans, ledger)
        click.echo(json.dumps({"verdicts": [v.as_json() for v in verdicts],
                               "capacity_ledger": [e.as_json() for e in entries]},
                              ensure_ascii=False, indent=1))  # fmt: skip
    else:
        for v in verdicts:
            click.echo("\n".join(replacement.verdict_lines(v)))
    if not all(v.passed for v in verdicts):
        raise SystemExit(1)


@main.command("admission")
@click.argument("project_path", metavar="PROJECT.json", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式。")  # fmt: skip
def admission_command(project_path: str, fmt: str) -> None:
    """核对两高项目准入：产能、煤耗、能耗、碳排放、污染物排放“五个减量替代”和先压后上。

    全部符合时退出码为 0，否则为 1。
    """
    from resolute.core import admission
    from resolute.core.replacement import PlanError

    try:
        project, sources = admission.project_from_json(_read_json(project_path))
    except PlanError as exc:
        _fail(str(exc))
        return
    verdict = admission.check_admission(project, sources)
    if fmt == "json":
        click.echo(json.dumps(verdict.as_json(), ensure_ascii=False, indent=1))
    else:
        click.echo("\n".join(admission.verdict_lines(verdict)))
    if not verdict.passed:
        raise SystemExit(1)


@main.command("credit")
@click.argument("ledger_path", metavar="LEDGER", type=click.Path(exists=True))
@_AS_OF
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx", "csv"]), default="json",
              show_default=True, help="输出格式。")  # fmt: skip
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="输出文件。")
@pass_context
def credit_command(
    ctx: Context, ledger_path: str, as_of: dt.datetime | None, fmt: str, out: str
) -> None:
    """列出未按期退出的信用记录（逾期次日列入，核实退出之日移出），供“信用中国（山东）”公示。"""
    from resolute.core import credit
    from resolute.io.credit import write_credit

    day = _as_of(as_of)
    with ctx.steps() as note:
        ledger = _load_ledger(ledger_path, note)
        note(f"计算信用记录（判定日期 {day}）")
        records = credit.credit_records(ledger, day, _targets())
        write_credit(records, day, fmt, out)
    if not ctx.quiet:
        opened = len(credit.open_records(records))
        err.print(f"已写出 {out}：信用记录 {len(records)} 条，其中未移出 {opened} 条")
