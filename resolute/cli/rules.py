"""The rulebook: list its rules, explain one, compare two versions of a policy data set."""

from __future__ import annotations

import json
from pathlib import Path

import click

from resolute.cli.common import Failure, Session, emit, emit_table, format_option, pass_session
from resolute.cli.group import main
from resolute.core import explain, policies, schema


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


@rules.command("diff")
@click.argument("old", metavar="旧版本")
@click.argument("new", metavar="新版本")
@click.option("--dataset", type=click.Choice(list(policies.DATASETS)), default=None,
              help="比较哪个政策数据集（默认：按文件名判断，否则为规则库 rulebook）。")  # fmt: skip
@format_option("table", "json", default="table")
@pass_session
def rules_diff(session: Session, old: str, new: str, dataset: str | None, fmt: str) -> None:
    """逐条比较两个版本：旧版本、新版本可以是版本号（内置版本或 --policy-dir 中的版本，
    如 2021.1），也可以是版本文件（YAML）。列出每条新增、删除的条目和每项修改（原值 → 新值），
    并注明条款和出处。"""
    name = _diff_dataset(dataset, old, new)
    before, after = _version(session, name, old), _version(session, name, new)
    changes = policies.diff(name, before, after)
    if fmt == "json":
        payload = {
            "dataset": name,
            "dataset_label": policies.DATASETS[name],
            "old": _info_json(before.info),
            "new": _info_json(after.info),
            "changes": [c.as_json() for c in changes],
        }
        emit(json.dumps(payload, ensure_ascii=False, indent=1), None)
        return
    title = (f"{policies.DATASETS[name]} {before.label} → {after.label}："
             + (f"{len(changes)} 处变化" if changes else "没有变化"))  # fmt: skip
    columns = ("类别", "条目", "变化", "项目", "原值", "新值", "条款与出处")
    rows = [
        (c.section_label, _entry_text(c), c.kind_label, c.field_label or "—",
         c.old or "—", c.new or "—", c.citation or c.clause or "—")
        for c in changes
    ]  # fmt: skip
    emit_table(title, columns, rows, None)


def _entry_text(change: policies.Change) -> str:
    if change.entry and change.entry_label and change.entry_label != change.entry:
        return f"{change.entry}（{change.entry_label}）"
    return change.entry_label or change.entry


def _diff_dataset(dataset: str | None, *args: str) -> str:
    """The data set named, or the one the files' names give (they must agree), or 规则库."""
    found = {
        d
        for a in args
        if Path(a).is_file() and (d := policies.dataset_of_filename(Path(a).name)) is not None
    }
    if dataset is not None:
        return dataset
    if len(found) > 1:
        raise Failure("两个文件属于不同的政策数据集：" + "、".join(sorted(found)))
    return found.pop() if found else "rulebook"


def _version(session: Session, dataset: str, arg: str) -> policies.Version:
    try:
        if Path(arg).is_file():
            return policies.read(arg, dataset)
        return session.histories()[dataset].by_label(arg)
    except policies.PolicyError as exc:
        raise Failure("；".join(exc.problems)) from exc


def _info_json(info: policies.VersionInfo) -> dict[str, str | None]:
    return {
        "label": info.label,
        "effective": info.effective.isoformat() if info.effective else None,
        "doc_number": info.doc_number,
        "doc_title": info.doc_title,
        "doc_date": info.doc_date.isoformat() if info.doc_date else None,
        "publisher": info.publisher,
    }
