"""Quarterly dispatch (季调度, 五(四)): the cities' quarterly reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from resolute.core import plan_period
from resolute.core.bulletin import Quarter
from resolute.web.ledger.models import City
from resolute.web.policies import services as policy_services
from resolute.web.quarters.models import QUARTER_PATTERN, QuarterlyReport

# ─── quarterly dispatch ───────────────────────────────────────────────────────


def current_quarter(today: dt.date) -> str:
    """The quarter a page opens on: today's while the plan runs, else its last (2024Q4), by
    the targets in force today."""
    return str(plan_period.default_quarter(policy_services.in_force(today).targets, today))


def recent_quarters(today: dt.date) -> list[str]:
    """The plan's quarters (2021Q2–2024Q4 by the bundled targets) up to today's, latest
    first, by the targets in force today."""
    return [str(q) for q in plan_period.quarters(policy_services.in_force(today).targets, today)]


def quarter_problem(value: str) -> str | None:
    """Why ``value`` is no quarter a city reports (form and workbook alike), by the targets
    in force today, or None."""
    book = policy_services.in_force(timezone.localdate()).targets
    first, last = plan_period.first_quarter(book), plan_period.last_quarter(book)
    if not QUARTER_PATTERN.match(value) or not plan_period.in_plan(book, Quarter.parse(value)):
        return f"季度应写作“2022Q4”的形式，在 {first}—{last} 之间"
    return None


def submit_report(city: City, quarter: str, narrative: str, figures: dict[str, str],
                  user: Any) -> QuarterlyReport:  # fmt: skip
    """File or replace the city's report for the quarter (history keeps the earlier text)."""
    report = QuarterlyReport.objects.filter(city=city, quarter=quarter).first()
    if report is None:
        report = QuarterlyReport(city=city, quarter=quarter)
    report.narrative = narrative
    report.figures = figures
    report.submitted_by = user
    report.submitted_at = timezone.now()
    report.save()
    return report


def quarter_overview(
    quarter: str, cities: QuerySet[City]
) -> list[tuple[City, QuarterlyReport | None]]:
    reports = {
        r.city_id: r
        for r in QuarterlyReport.objects.filter(quarter=quarter, city__in=cities).select_related(
            "submitted_by"
        )
    }
    return [(city, reports.get(city.pk)) for city in cities.order_by("code")]
