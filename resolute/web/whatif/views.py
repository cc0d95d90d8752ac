"""Policy what-if pages (政策推演): change thresholds, see the difference, save and compare.

Only province and department officials may run scenarios; the ledger assessed is the user's
scope (a department sees its industries), built through ``scoping`` like every page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from resolute.core import schema, whatif
from resolute.core.rulebook import OP_SYMBOLS, STANDARD_LABELS
from resolute.web.accounts import scoping
from resolute.web.accounts.permissions import permission_required
from resolute.web.jobs import services as jobs
from resolute.web.ledger.convert import ledger_for
from resolute.web.lib.export import Sheet, xlsx_response
from resolute.web.policies import services as policy_services
from resolute.web.whatif.models import Scenario

FIELD_PREFIX = "rule__"
ROW_LIMIT = 500


planner_required = permission_required("whatif", "只有省级办公室和行业主管部门可以进行政策推演。")


def rule_groups(values: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Adjustable rules grouped by industry, with current thresholds and any entered value."""
    book = policy_services.current().rulebook
    values = values or {}
    groups = []
    for industry in schema.INDUSTRIES:
        rules = []
        for rule in book.for_industry(industry.code):
            if not whatif.adjustable(rule):
                continue
            leaf = rule.measure
            assert leaf is not None
            rules.append({
                "id": rule.id,
                "name": FIELD_PREFIX + rule.id,
                "standard": STANDARD_LABELS[rule.standard],
                "wording": rule.wording,
                "field": book.field_label(leaf.field),
                "op": OP_SYMBOLS[leaf.op],
                "current": leaf.value,
                "unit": book.field_unit(leaf.field, rule.equipment[0] if rule.equipment else None),
                "value": values.get(rule.id, ""),
            })  # fmt: skip
        if rules:
            groups.append({"code": industry.code, "label": industry.label, "rules": rules})
    return groups


def _entered(request: HttpRequest) -> dict[str, str]:
    return {
        key[len(FIELD_PREFIX) :]: value.strip()
        for key, value in request.POST.items()
        if key.startswith(FIELD_PREFIX) and value.strip()
    }


def _compare(user: Any, changes: dict[str, Any]) -> whatif.Difference:
    ledger = ledger_for(scoping.enterprises_for(user))
    return whatif.compare(ledger, changes, policy_services.current().rulebook)


def _scenarios(user: Any) -> Any:
    """Scenarios a user may open: the province sees all, a department its own."""
    found = Scenario.objects.select_related("created_by")
    if scoping.role_of(user) == "province":
        return found
    return found.filter(created_by=user)


def difference_context(diff: whatif.Difference) -> dict[str, Any]:
    return {
        "summary": diff.summary(),
        "line_rows": diff.line_rows(ROW_LIMIT),
        "enterprise_rows": diff.enterprise_rows(ROW_LIMIT),
        "row_limit": ROW_LIMIT,
    }


@planner_required
@require_http_methods(["GET", "POST"])
def whatif_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"scenarios": _scenarios(request.user)[:50]}
    entered: dict[str, str] = {}
    if request.method == "POST":
        entered = _entered(request)
        name = request.POST.get("name", "").strip()
        save = "save" in request.POST
        try:
            whatif.scenario_book(
                policy_services.current().rulebook, entered
            )  # refused at once, not queued
        except whatif.WhatIfError as exc:
            context["error"] = str(exc)
        else:
            if save and not name:
                context["error"] = "保存方案需要填写方案名称。"
            else:
                # Assessing the scope twice takes seconds for the province: a background
                # job does it (resolute.web.whatif.jobs) and keeps its figures and workbook.
                job = jobs.submit(request.user, "whatif", f"政策推演{f'：{name}' if name else ''}",
                                  {"changes": entered, "name": name[:100], "save": save})  # fmt: skip
                if job.status != job.Status.DONE:
                    return redirect("jobs-detail", pk=job.pk)
                if save:  # done at once (a worker in the same process)
                    messages.success(request, f"方案“{name[:100]}”已保存。")
                    return redirect("dashboard-scenario", pk=job.result["scenario"])
                context.update(job.result["difference"])
                context["name"] = name
    context["groups"] = rule_groups(entered)
    return render(request, "whatif/whatif.html", context)


@planner_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(_scenarios(request.user), pk=pk)
    diff = _compare(request.user, scenario.changes)
    context = {
        "scenario": scenario,
        "groups": rule_groups(scenario.changes),
        **difference_context(diff),
    }
    return render(request, "whatif/scenario.html", context)


COMPARE_FIGURES = (
    ("lines_changed", "结论变化的生产线"),
    ("lines_newly_eliminated", "新增淘汰生产线"),
    ("lines_no_longer_eliminated", "不再淘汰的生产线"),
    ("enterprises_changed", "结论变化的企业"),
    ("enterprises_newly_eliminated", "新增淘汰企业"),
    ("employees", "涉及从业人员（人）"),
)


@planner_required
def scenario_compare(request: HttpRequest) -> HttpResponse:
    visible = _scenarios(request.user)
    a = get_object_or_404(visible, pk=request.GET.get("a") or 0)
    b = get_object_or_404(visible, pk=request.GET.get("b") or 0)
    units = sorted(set(a.summary.get("capacity", {})) | set(b.summary.get("capacity", {})))
    rows = [(label, a.summary.get(key, 0), b.summary.get(key, 0)) for key, label in COMPARE_FIGURES]
    rows += [
        (f"新增退出产能（{u}）", a.summary["capacity"].get(u, 0), b.summary["capacity"].get(u, 0))
        for u in units
    ]
    return render(request, "whatif/compare.html", {"a": a, "b": b, "rows": rows})


@planner_required
def scenario_export(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(_scenarios(request.user), pk=pk)
    diff = _compare(request.user, scenario.changes)
    return xlsx_response(f"政策推演-{scenario.name}.xlsx", scenario_sheets(diff))


def scenario_sheets(diff: whatif.Difference) -> list[Sheet]:
    """The workbook of a scenario's difference (its export, and the what-if job's file)."""
    summary = diff.summary()
    changes = Sheet(
        "阈值调整",
        ("标准", "指标", "现行阈值", "推演阈值"),
        [(c["wording"], c["field_label"], c["old"], c["new"]) for c in summary["changes"]],
        (40, 16, 12, 12),
    )
    figures = Sheet(
        "汇总",
        ("指标", "数值"),
        [(label, summary[key]) for key, label in COMPARE_FIGURES]
        + [(f"新增退出产能（{u}）", v) for u, v in summary["capacity"].items()],
        (30, 14),
    )
    by_city = Sheet(
        "按市",
        ("市", "结论变化生产线", "新增淘汰生产线", "结论变化企业", "新增淘汰企业", "涉及从业人员"),
        [(r["city"], r["lines_changed"], r["lines_newly_eliminated"], r["enterprises_changed"],
          r["enterprises_newly_eliminated"], r["employees"]) for r in summary["by_city"]],
    )  # fmt: skip
    by_industry = Sheet(
        "按行业",
        ("行业", "结论变化生产线", "新增淘汰生产线", "结论变化企业", "新增淘汰企业", "涉及从业人员"),
        [(r["label"], r["lines_changed"], r["lines_newly_eliminated"], r["enterprises_changed"],
          r["enterprises_newly_eliminated"], r["employees"]) for r in summary["by_industry"]],
    )  # fmt: skip
    lines = Sheet(
        "生产线",
        ("市", "企业名称", "统一社会信用代码", "行业", "生产线编号", "装置类型", "产能", "单位",
         "现行结论", "推演结论"),
        [(r["city"], r["name"], r["credit_code"], r["industry_label"], r["line_id"],
          r["equipment_label"], r["capacity"], r["unit"], r["from_label"], r["to_label"])
         for r in diff.line_rows()],
    )  # fmt: skip
    ents = Sheet(
        "企业",
        ("市", "企业名称", "统一社会信用代码", "行业", "从业人员", "现行结论", "推演结论"),
        [(r["city"], r["name"], r["credit_code"], r["industry_label"], r["employees"],
          r["from_label"], r["to_label"]) for r in diff.enterprise_rows()],
    )  # fmt: skip
    return [changes, figures, by_city, by_industry, lines, ents]
