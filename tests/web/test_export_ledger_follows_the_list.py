"""The ledger export holds the rows of the list as filtered, with Chinese headers."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from urllib.parse import unquote

from django.urls import reverse
from openpyxl import load_workbook

from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import ExitPlan, Line


def rows_of(response: Any) -> list[dict[str, Any]]:
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_the_export_has_chinese_headers_and_a_chinese_file_name(
    client_for: Any, users: Any
) -> None:
    response = client_for("province").get(reverse("ledger-line-export"))
    assert "生产线台账" in unquote(response["Content-Disposition"])
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["市", "县（市、区）", "企业名称", "统一社会信用代码"]
    assert {"装置类型", "产能", "产能单位", "运行状态", "最新评估结论", "退出时限", "责任人",
            "逾期未退出"} <= set(headers)  # fmt: skip


def test_the_export_follows_the_filters_and_carries_plan_and_outcome(
    client_for: Any, users: dict[str, Any]
) -> None:
    with acting_as(users["zibo"], via="网页"):
        ExitPlan(line=Line.objects.get(line_id="ZB-BF-1"), exit_method="close",
                 exit_deadline=dt.date(2000, 1, 1), responsible_unit="淄博市工信局",
                 responsible_person="张三").save()  # fmt: skip
    start_run(users["province"])
    response = client_for("province").get(reverse("ledger-line-export"),
                                          {"equipment": "blast_furnace"})  # fmt: skip
    rows = {r["生产线编号"]: r for r in rows_of(response)}
    assert set(rows) == {"ZB-BF-1", "LY-BF-1"}
    zb = rows["ZB-BF-1"]
    assert (zb["市"], zb["装置类型"], zb["产能单位"]) == ("淄博", "炼铁高炉", "万吨铁/年")
    assert (zb["最新评估结论"], zb["退出方式"], zb["责任人"]) == ("淘汰退出", "关停", "张三")
    assert zb["退出时限"] == dt.datetime(2000, 1, 1)
    assert zb["逾期未退出"] == "是"
    assert rows["LY-BF-1"]["最新评估结论"] == "达标"
    assert rows["LY-BF-1"]["逾期未退出"] is None
