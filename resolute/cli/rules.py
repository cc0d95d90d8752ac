"""The rulebook: list its rules, explain one."""

from __future__ import annotations

import json

import click

from resolute.cli.common import Failure, Session, emit, emit_table, format_option, pass_session
from resolute.cli.group import main
from resolute.core import explain, schema


@main.group(invoke_without_command=True)
@click.option("--industry", type=click.Choice([i.code for i in schema.INDUSTRIES]),
              help="只列出该行业的规则。")  # fmt: skip
@format_option("table", "json", "markdown", default="table")
@click.pass_context
def rules(click_ctx: click.Context, industry: str | None, fmt: str) -> None:
    """列出规则库中的规则；`resolute rules explain 规则编号` 查看一条规则的详细解读。"""
    if click_ctx.invoked_subcommand is not None:
        return
    session: Session = click_ctx.obj
    book = session.book()
    selected = [r for r in book.rules if industry is None or r.industry == industry]
    if fmt == "json":
        payload = {
            "rulebook_version": book.full_version,
            "rules": [explain.rule_summary(book, r) for r in selected],
        }
        emit(json.dumps(payload, ensure_ascii=False, indent=1), None)
    elif fmt == "markdown":
        from resolute.docs import rules_markdown

        emit(rules_markdown(book, selected), None, end="")
    else:
        columns = ("规则编号", "行业", "标准", "依据", "不符合的条件", "出处")
        rows = []
        for r in selected:
            s = explain.rule_summary(book, r)
            rows.append((r.id, s["industry_label"], s["standard_label"], s["basis_label"],
                         s["reading"], r.citation))  # fmt: skip
        emit_table(f"规则库 {book.full_version}（{len(selected)} 条）", columns, rows, None)


@rules.command("explain")
@click.argument("rule_id", metavar="规则编号")
@pass_session
def rules_explain(session: Session, rule_id: str) -> None:
    """解读一条规则：原文、判定条件、豁免、出处与依据文件。"""
    book = session.book()
    try:
        rule = book.rule(rule_id)
    except KeyError:
        close = [r.id for r in book.rules if rule_id.split(".")[0] in r.id][:10]
        hint = f"；相近的规则：{'、'.join(close)}" if close else ""
        raise Failure(f"规则库中没有规则 {rule_id}{hint}") from None
    lines = explain.explain_lines(book, rule)
    width = max(len(k) for k, _ in lines)
    emit("\n".join(f"{label.ljust(width, '　')}  {text}" for label, text in lines), None)
