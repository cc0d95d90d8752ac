"""A what-if (政策推演) over the user's scope as a background job (resolute.web.jobs): the
scope is assessed under the present and the changed thresholds, which takes seconds for
the province. The job keeps the difference shown on its page and the scenario's workbook;
asked to save, it saves the scenario too."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from resolute.core import whatif
from resolute.web.accounts import scoping
from resolute.web.jobs.kinds import Done, JobRefused, Output, Progress
from resolute.web.ledger.convert import ledger_for
from resolute.web.lib.export import XLSX_CONTENT_TYPE, workbook_bytes
from resolute.web.policies import services as policy_services
from resolute.web.whatif.models import Scenario


def whatif_job(job: Any, progress: Progress) -> Done:
    from resolute.web.whatif.views import difference_context, scenario_sheets

    progress("读取台账", 0, 2)
    ledger = ledger_for(scoping.enterprises_for(job.user))
    progress("按现行阈值和推演阈值评估", 1, 2)
    try:
        diff = whatif.compare(ledger, job.params["changes"], policy_services.current().rulebook)
    except whatif.WhatIfError as exc:
        raise JobRefused(str(exc)) from exc
    summary = diff.summary()
    result: dict[str, Any] = {
        "difference": json.loads(json.dumps(difference_context(diff), cls=DjangoJSONEncoder)),
        "summary": f"结论变化的生产线 {summary['lines_changed']:,} 条，其中新增淘汰 "
                   f"{summary['lines_newly_eliminated']:,} 条、不再淘汰 "
                   f"{summary['lines_no_longer_eliminated']:,} 条；结论变化的企业 "
                   f"{summary['enterprises_changed']:,} 家。",
    }  # fmt: skip
    name = str(job.params.get("name") or "")
    files = [Output(f"政策推演-{name or dt.date.today().isoformat()}.xlsx",
                    workbook_bytes(scenario_sheets(diff)), XLSX_CONTENT_TYPE)]  # fmt: skip
    if job.params.get("save"):
        scenario = Scenario.objects.create(name=name, created_by=job.user, summary=summary,
                                           changes={c.rule_id: c.new for c in diff.changes})  # fmt: skip
        result.update(scenario=scenario.pk, link=reverse("dashboard-scenario", args=[scenario.pk]),
                      link_text=f"查看已保存的方案“{scenario.name}”")  # fmt: skip
    return Done(files, result)
