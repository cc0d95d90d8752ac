"""Supervision services: what the pages show, gathered from the database and computed by the
core (``resolute.core.city_plans``, ``resolute.core.evaluation``, ``risks``).

Views parse the request and call one function here. Everything that reads the ledger takes
its enterprises from ``scoping`` or from a single city the caller has already checked.
"""

from __future__ import annotations

import datetime as dt

from resolute.core import final_report
from resolute.core import registry as registry_core
from resolute.core.indicators import period_sort_key
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import Enterprise
from resolute.web.targets import services as targets_services
from resolute.web.targets.models import UNDER_WAY, IndicatorReport, KeyProject, RegistryEntry

# ─── the final report (总结报告) ──────────────────────────────────────────────


def reported_figures() -> dict[str, final_report.ReportedFigure]:
    """Each target's latest reported figure or assessment (a year after its quarters)."""
    newest: dict[str, IndicatorReport] = {}
    for report in IndicatorReport.objects.all():
        held = newest.get(report.target_id)
        if held is None or period_sort_key(report.period) > period_sort_key(held.period):
            newest[report.target_id] = report
    return {
        tid: final_report.ReportedFigure(tid, r.period, r.value, r.rating)
        for tid, r in newest.items()
    }


def project_figures_for_final() -> dict[str, final_report.ReportedFigure]:
    """The key-project targets of 三(四)2 and 四(四)1 from the key-project register: "每年推进实施
    1000个以上" must hold in every year of the plan, so the weakest year's count is the figure
    (and likewise the lowest yearly share of 新兴产业和补短板 projects). None without projects."""
    book = targets_services.book()
    count_target = book.target(targets_services.PROJECTS_TARGET)
    years = range(count_target.period.start.year, count_target.period.end.year + 1)
    rows = list(KeyProject.objects.filter(year__in=list(years)).values_list("year", "stage",
                                                                            "emerging_or_shortfall"))  # fmt: skip
    if not rows:
        return {}
    span = f"{years[0]}—{years[-1]}（逐年取最少）"
    under_way = [sum(1 for y, st, _ in rows if y == year and st in UNDER_WAY) for year in years]
    shares = [100.0 * sum(1 for y, _, e in rows if y == year and e) / total
              for year in years if (total := sum(1 for y, _, _ in rows if y == year))]  # fmt: skip
    found = {targets_services.PROJECTS_TARGET: final_report.ReportedFigure(
        targets_services.PROJECTS_TARGET, span, float(min(under_way)))}  # fmt: skip
    if shares:
        found[targets_services.EMERGING_SHARE_TARGET] = final_report.ReportedFigure(
            targets_services.EMERGING_SHARE_TARGET, span, min(shares)
        )
    return found


def build_final(as_of: dt.date) -> final_report.FinalReport:
    """The final report on ``as_of`` from the whole stored ledger, the registry of counted
    things and the latest reported figures."""
    entries = [registry_core.RegistryEntry(t, n, c) for t, n, c in
               RegistryEntry.objects.values_list("target_id", "name", "city__name")]  # fmt: skip
    return final_report.build_final_report(
        ledger_for(Enterprise.objects.all()), as_of, targets_services.book(as_of),
        registry=entries, reports={**reported_figures(), **project_figures_for_final()},
    )  # fmt: skip
