"""The provincial and city dashboards (驾驶舱): pictures of where the plan stands.

Every figure comes from the user's scope through ``scoping``; every chart element links to
the ledger list filtered to the lines behind it, and no link is shown that the user could not
follow. Target figures are scope-true (``dashboard.scope``): a city sees its own share of a
target only where the plan assigns one, otherwise its contribution, never a province target
against its own numbers. They are read from the province's progress, computed once per
ledger version, not per request. Charts use the vendored ECharts (no CDN: government
intranets have no internet).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from resolute.core import schema, words
from resolute.core.cities import city_sort_key
from resolute.web.accounts import scoping
from resolute.web.accounts.models import Role
from resolute.web.accounts.permissions import permission_required
from resolute.web.assessments import queries
from resolute.web.computed.services import Snapshot
from resolute.web.dashboard import scope
from resolute.web.ledger.models import Enterprise, ExitEvent, Line
from resolute.web.plans.models import CityPlanItem
from resolute.web.targets import computed as targets_computed
from resolute.web.targets import deadlines
from resolute.web.targets import services as targets

OVERDUE_LIMIT = 50


def _ledger_link(**filters: str) -> str:
    return "/ledger/?" + urlencode(filters)


official_required = permission_required("official", "驾驶舱仅供各级主管部门使用。")


def viewer_of(user: Any, city: str | None) -> scope.Viewer:
    """Whose figures: the user's own scope, narrowed to ``city`` on a city's dashboard."""
    profile = scoping.profile_of(user)
    if profile is not None and profile.role == Role.CITY:
        return scope.Viewer("city", profile.city.name if profile.city else "")
    if profile is not None and profile.role == Role.DEPARTMENT:
        return scope.Viewer("department", city, frozenset(profile.industries))
    return scope.Viewer("city", city) if city else scope.Viewer("province")


def target_cards(user: Any, city: str | None, as_of: dt.date) -> tuple[Snapshot, list[scope.Card]]:
    """The progress set shown and the target cards of the dashboard, read from the
    province's progress that the targets pages keep (targets.computed; none while no set is
    ready): every scope's cards come from the province's figures and their breakdown by city."""
    shown, found = targets_computed.progress_over_scope(targets_computed.PROVINCE, as_of)
    book = targets.book()
    return shown, scope.cards(found or [], viewer_of(user, city), book.status_rules)


def plan_card(city: str | None) -> dict[str, Any] | None:
    """A city's own commitment: the lines its “三个一批” plan lists to eliminate, and how
    many of them have exited."""
    if not city:
        return None
    items = CityPlanItem.objects.filter(plan__city__name=city, kind="eliminate").exclude(line_id="")
    listed = items.count()
    if not listed:
        return None
    ids = items.values("line_id")
    exited = Line.objects.filter(line_id__in=ids, enterprise__city__name=city,
                                 status="exited").count()  # fmt: skip
    return {"listed": listed, "exited": exited,
            "percent": round(100 * exited / listed, 1)}  # fmt: skip


def _within(rows: QuerySet[Any], path: str, enterprises: QuerySet[Enterprise]) -> QuerySet[Any]:
    """``rows`` of ``enterprises`` (``path`` leads from a row to its enterprise); no condition
    when those are every enterprise (the province's dashboard), which the database would
    otherwise check by joining every line to every enterprise."""
    if not enterprises.query.has_filters():
        return rows
    return rows.filter(**{f"{path}__in": enterprises})


def _figures(user: Any, enterprises: QuerySet[Enterprise], city: str | None) -> dict[str, Any]:
    today = timezone.localdate()
    extra = {"city": city} if city else {}
    progress_set, headline = target_cards(user, city, today)
    run = queries.latest_run_for(user)
    by_city: list[dict[str, Any]] = []
    by_industry: list[dict[str, Any]] = []
    city_map: list[dict[str, Any]] = []
    if run is not None:
        results = _within(queries.eliminations(queries.scoped_line_results(run, user)),
                          "enterprise", enterprises)  # fmt: skip
        counts = results.values_list("city").annotate(n=Count("id")).order_by()
        for name, n in sorted(counts, key=lambda row: city_sort_key(row[0])):
            by_city.append({"name": name, "value": n,
                            "link": _ledger_link(city=name, outcome="eliminate")})  # fmt: skip
        for code, n in results.values_list("industry").annotate(n=Count("id")).order_by("-n"):
            by_industry.append({"name": words.industry_label(code), "value": n,
                                "link": _ledger_link(industry=code, outcome="eliminate", **extra)})  # fmt: skip
        if city is None:  # the 16-city map is the province's (and a department's) page
            city_map = _city_map(
                _within(queries.scoped_line_results(run, user), "enterprise", enterprises)
            )
    quarters: dict[str, int] = {}
    exits = (
        _within(ExitEvent.objects.all(), "line__enterprise", enterprises)
        .values_list("exited_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    for day, n in exits:
        key = f"{day.year}Q{(day.month - 1) // 3 + 1}"
        quarters[key] = quarters.get(key, 0) + n
    trend = [{"name": k, "value": v} for k, v in sorted(quarters.items())]
    overdue = (
        deadlines.overdue(_within(scoping.lines_for(user), "enterprise", enterprises), today)
        .select_related("enterprise", "enterprise__city")
        .order_by(deadlines.NEAREST, "line_id")
    )
    return {
        "run": run,
        "headline": headline,
        "snapshot": progress_set,
        "plan": plan_card(city),
        "by_city": by_city,
        "by_industry": by_industry,
        "trend": trend,
        # Days past the exit deadline, counted to today while the line stays.
        "overdue": [
            (line, (today - getattr(line, deadlines.NEAREST)).days)
            for line in overdue[:OVERDUE_LIMIT]
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
    rows = (
        results.filter(outcome="eliminate")
        .values_list("city")
        .annotate(
            n=Count("id"),
            # as the bars: the run's eliminations not already exited when assessed
            to_exit=Count("id", filter=~Q(status="exited")),
            gone=Count("id", filter=Q(status="exited") | Q(line__status="exited")),
        )
        .order_by()
    )
    total = {name: n for name, n, _, _ in rows}
    to_exit = {name: n for name, _, n, _ in rows}
    exited = {name: n for name, _, _, n in rows}
    return [
        {
            "name": name,
            "value": to_exit.get(name, 0),
            "total": total.get(name, 0),
            "exited": exited.get(name, 0),
            "progress": round(100 * exited[name] / total[name], 1) if total.get(name) else None,
            "link": _ledger_link(city=name, outcome="eliminate"),
        }
        for name in schema.CITIES
    ]


@official_required
def province(request: HttpRequest) -> HttpResponse:
    """The dashboard of the user's scope: the province's, a department's, or — for a city
    officer — their city's."""
    viewer = viewer_of(request.user, None)
    if viewer.kind == "city":
        return _city_page(request, viewer.city or "")
    context = _figures(request.user, scoping.enterprises_for(request.user), None)
    return render(request, "dashboard/dashboard.html", {**context, "city": None})


@official_required
def city(request: HttpRequest, name: str) -> HttpResponse:
    return _city_page(request, name)


def _city_page(request: HttpRequest, name: str) -> HttpResponse:
    enterprises = scoping.enterprises_for(request.user).filter(city__name=name)
    if not enterprises.exists() and not _city_in_scope(request.user, name):
        raise Http404("没有这个市，或不在您的管辖范围内。")
    context = _figures(request.user, enterprises, name)
    whole = scoping.role_of(request.user) in ("province", "department")
    return render(request, "dashboard/dashboard.html",
                  {**context, "city": name, "sees_province": whole})  # fmt: skip


def _city_in_scope(user: Any, name: str) -> bool:
    profile = scoping.profile_of(user)
    if profile is None:
        return False
    if profile.role == Role.CITY:
        return profile.city is not None and profile.city.name == name
    if profile.role == Role.PROVINCE:
        return name in schema.CITIES
    return False
