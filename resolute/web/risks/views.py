"""The risk register pages (风险台账), by city."""

from __future__ import annotations

from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from resolute.core import risks
from resolute.web.ledger.models import City
from resolute.web.lib.listing import Column, listing
from resolute.web.plans.views import official_required
from resolute.web.risks import services

#: The columns of a city's enterprises with exiting lines.
ENTERPRISE_COLUMNS = (
    Column("name", "企业", ("name",)),
    Column("county", "县（市、区）", ("county", "name")),
    Column("exiting", "须退出的生产线"),
    Column("employees", "年平均从业人员", ("employees", "name"), css="num"),
    Column("affected", "涉及职工", ("affected", "name"), css="num"),
    Column("basis", "计算方法", ("basis", "name")),
)

# ─── risk register ────────────────────────────────────────────────────────────


@official_required
def risk_list(request: HttpRequest) -> HttpResponse:
    snapshot, rows, totals = services.risk_register(request.user, timezone.localdate())
    return render(request, "risks/risks.html", {
        "rows": [(r.code, r) for r in rows], "totals": totals, "bases": risks.BASIS_LABELS,
        "snapshot": snapshot,
    })  # fmt: skip


@official_required
def risk_city(request: HttpRequest, code: str) -> HttpResponse:
    city = get_object_or_404(City, code=code)
    snapshot, rows, _ = services.risk_register(request.user, timezone.localdate())
    row = next((r for r in rows if r.city == city.name), None)
    if row is None:
        raise Http404("没有该市的风险信息")
    found = listing(request, services.enterprise_rows(request.user, snapshot, city.name),
                    ENTERPRISE_COLUMNS, "-affected",
                    totals={"affected": Sum("affected")})  # fmt: skip
    return render(request, "risks/risks_city.html", {
        "city": city, "risks": row, "bases": risks.BASIS_LABELS, "snapshot": snapshot,
        "listing": found, "enterprises": [services.affected(e) for e in found.rows],
        "heat_units": row.heat_units,
    })  # fmt: skip
