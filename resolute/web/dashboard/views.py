"""The provincial and city dashboards (驾驶舱): pictures of where the plan stands.

Every figure comes from the user's scope through ``scoping``; every chart element links to
the ledger list filtered to the lines behind it. Charts use the vendored ECharts (no CDN:
government intranets have no internet).
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from resolute.core import schema, words
from resolute.core.cities import city_sort_key
from resolute.web.accounts import scoping
from resolute.web.accounts.permissions import permission_required
from resolute.web.assessments import queries
from resolute.web.ledger.models import Enterprise, ExitEvent
from resolute.web.ledger.models import overdue as overdue_lines
from resolute.web.targets import services as targets

OVERDUE_LIMIT = 50


def _ledger_link(**filters: str) -> str:
    return "/ledger/?" + urlencode(filters)


official_required = permission_required("official", "驾驶舱仅供各级主管部门使用。")


def _figures(user: Any, enterprises: QuerySet[Enterprise], city: str | None) -> dict[str, Any]:
    today = timezone.localdate()
    extra = {"city": city} if city else {}
    headline = [
        {
            "target_id": p.target.id,
            "wording": p.target.wording,
            "unit": p.target.unit,
            "achieved": round(p.achieved, 2),
            "target": p.target.target,
            "percent": round(p.percent, 1),
            "status": p.status,
        }
        for p in targets.progress_over(enterprises, today)
    ]
    run = queries.latest_run_for(user)
    by_city: list[dict[str, Any]] = []
    by_industry: list[dict[str, Any]] = []
    city_map: list[dict[str, Any]] = []
    if run is not None:
        results = queries.eliminations(queries.scoped_line_results(run, user)).filter(
            enterprise__in=enterprises
        )
        counts = results.values_list("city").annotate(n=Count("id")).order_by()
        for name, n in sorted(counts, key=lambda row: city_sort_key(row[0])):
            by_city.append({"name": name, "value": n,
                            "link": _ledger_link(city=name, outcome="eliminate")})  # fmt: skip
        for code, n in results.values_list("industry").annotate(n=Count("id")).order_by("-n"):
            by_industry.append({"name": words.industry_label(code), "value": n,
                                "link": _ledger_link(industry=code, outcome="eliminate", **extra)})  # fmt: skip
        city_map = _city_map(
            queries.scoped_line_results(run, user).filter(enterprise__in=enterprises)
        )
    quarters: dict[str, int] = {}
    exits = ExitEvent.objects.filter(line__enterprise__in=enterprises).values_list("exited_on")
    for (day,) in exits:
        key = f"{day.year}Q{(day.month - 1) // 3 + 1}"
        quarters[key] = quarters.get(key, 0) + 1
    trend = [{"name": k, "value": v} for k, v in sorted(quarters.items())]
    overdue = (
        overdue_lines(scoping.lines_for(user).filter(enterprise__in=enterprises), today)
        .select_related("enterprise", "enterprise__city", "exit_plan")
        .order_by("exit_plan__exit_deadline")
    )
    return {
        "run": run,
        "headline": headline,
        "by_city": by_city,
        "by_industry": by_industry,
        "trend": trend,
        # Days past the exit deadline, counted to today while the line stays.
        "overdue": [
            (line, (today - line.exit_plan.exit_deadline).days) for line in overdue[:OVERDUE_LIMIT]
        ],
        "overdue_count": overdue.count(),
        "overdue_link": _ledger_link(overdue="1", **extra),
        "charts": {
            "by_city": by_city,
            "by_industry": by_industry,
            "trend": trend,
            "city": city,
            "map": city_map,
        },
    }


def _city_map(results: QuerySet[Any]) -> list[dict[str, Any]]:
    """Per city: the run's lines to exit (the shading, as the bars) and the share of its
    eliminations exited since (the progress view); all 16 cities, so the map has no holes."""
    total: Counter[str] = Counter()
    to_exit: Counter[str] = Counter()
    exited: Counter[str] = Counter()
    rows = results.filter(outcome="eliminate").values_list("city", "status", "line__status")
    for name, status, line_status in rows:
        total[name] += 1
        to_exit[name] += status != "exited"  # as the bars: the run's eliminations
        exited[name] += status == "exited" or line_status == "exited"
    return [
        {
            "name": name,
            "value": to_exit[name],
            "total": total[name],
            "exited": exited[name],
            "progress": round(100 * exited[name] / total[name], 1) if total[name] else None,
            "link": _ledger_link(city=name, outcome="eliminate"),
        }
        for name in schema.CITIES
    ]


@official_required
def province(request: HttpRequest) -> HttpResponse:
    context = _figures(request.user, scoping.enterprises_for(request.user), None)
    return render(request, "dashboard/dashboard.html", {**context, "city": None})


@official_required
def city(request: HttpRequest, name: str) -> HttpResponse:
    enterprises = scoping.enterprises_for(request.user).filter(city__name=name)
    if not enterprises.exists() and not _city_in_scope(request.user, name):
        raise Http404("没有这个市，或不在您的管辖范围内。")
    context = _figures(request.user, enterprises, name)
    return render(request, "dashboard/dashboard.html", {**context, "city": name})


def _city_in_scope(user: Any, name: str) -> bool:
    profile = scoping.profile_of(user)
    if profile is None:
        return False
    if profile.role == "city":
        return profile.city is not None and profile.city.name == name
    return False
