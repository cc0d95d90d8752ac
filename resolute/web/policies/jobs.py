"""The effect of a rulebook draft (政策推演) on the whole province, as a background job
(resolute.web.jobs): every enterprise is assessed under the rulebook in force and under the
draft, and the lines and enterprises whose outcome changes are kept with the capacity and
employees concerned, by city (official order) and by industry. Nothing is written but the
job's own result: a draft affects nothing."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from resolute.core import whatif
from resolute.core.cities import city_sort_key
from resolute.core.policies import PolicyError
from resolute.core.rulebook import Rulebook
from resolute.web.accounts import scoping
from resolute.web.jobs.kinds import Done, JobRefused, Progress
from resolute.web.ledger.convert import ledger_for
from resolute.web.policies import review
from resolute.web.policies.models import PolicyVersion

ROW_LIMIT = 500


def preview_job(job: Any, progress: Progress) -> Done:
    version = PolicyVersion.objects.filter(pk=job.params.get("version")).first()
    if version is None or version.dataset != "rulebook":
        raise JobRefused("该草稿已不存在，或不是规则库的版本")
    progress("检查草稿", 0, 3)
    try:
        draft = version.version().content
        base = review.base_of(version).content
    except PolicyError as exc:
        raise JobRefused("草稿有问题，无法推演：" + "；".join(exc.problems)) from exc
    assert isinstance(draft, Rulebook) and isinstance(base, Rulebook)
    progress("读取全省台账", 1, 3)
    ledger = ledger_for(scoping.enterprises_for(job.user))
    progress("按现行规则库和草稿评估", 2, 3)
    diff = whatif.compare_books(ledger, base, draft)
    summary = diff.summary()
    summary["by_city"] = sorted(summary["by_city"], key=lambda r: city_sort_key(r["city"]))
    difference = {
        "summary": summary,
        "line_rows": diff.line_rows(ROW_LIMIT),
        "enterprise_rows": diff.enterprise_rows(ROW_LIMIT),
        "row_limit": ROW_LIMIT,
    }
    result: dict[str, Any] = {
        "difference": json.loads(json.dumps(difference, cls=DjangoJSONEncoder)),
        "summary": f"与现行规则库 {base.version} 相比，草稿 {version.label} 使结论变化的生产线 "
                   f"{summary['lines_changed']:,} 条（新增淘汰 {summary['lines_newly_eliminated']:,} 条、"
                   f"不再淘汰 {summary['lines_no_longer_eliminated']:,} 条），结论变化的企业 "
                   f"{summary['enterprises_changed']:,} 家。",
        "digest": version.digest,
        "link": reverse("policies-version", args=[version.pk]),
        "link_text": f"返回草稿 {version.label}",
    }  # fmt: skip
    return Done([], result)
