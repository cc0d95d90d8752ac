"""The risk register pages (风险台账), by city."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from resolute.core import risks
from resolute.web.ledger.models import City
from resolute.web.plans.views import official_required
from resolute.web.risks import services

# ─── risk register ────────────────────────────────────────────────────────────


@official_required
def risk_list(request: HttpRequest) -> HttpResponse:
    register = services.risk_register(request.user, timezone.localdate())
    codes = dict(City.objects.values_list("name", "code"))
    rows = [(codes.get(name, ""), r) for name, r in register.items()]
    return render(request, "risks/risks.html", {
        "rows": rows, "totals": risks.totals(register), "bases": risks.BASIS_LABELS,
    })  # fmt: skip


@official_required
def risk_city(request: HttpRequest, code: str) -> HttpResponse:
    city = get_object_or_404(City, code=code)
    register = services.risk_register(request.user, timezone.localdate())
    if city.name not in register:
        raise Http404("没有该市的风险信息")
    return render(request, "risks/risks_city.html", {
        "city": city, "risks": register[city.name], "bases": risks.BASIS_LABELS,
    })  # fmt: skip
