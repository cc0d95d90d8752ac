"""Reading assessment results within what a user may see.

Results are snapshots: a run keeps the verdict of every line it assessed. A user sees the
results of the enterprises in their scope only (``scoping.enterprises_for``), whichever run
they open; pages of the ledger show each line's verdict from the latest finished run that
assessed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from resolute.core import rulebook
from resolute.core.assessment import EnterpriseOutcome, enterprise_outcome
from resolute.core.cities import city_sort_key
from resolute.web.accounts.models import Role
from resolute.web.accounts.scoping import enterprises_for, profile_of
from resolute.web.assessments.models import AssessmentRun, EnterpriseResult, LineResult
from resolute.web.ledger.models import Enterprise, Line
from resolute.web.lib.ordering import city_order
from resolute.web.policies import services as policy_services

DONE = AssessmentRun.Status.DONE

#: The sections of a run's lists: key, title, and the filter that makes them.
SECTIONS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("eliminate_national", "淘汰退出（国家标准）", {"outcome": "eliminate", "basis": "national"}),
    ("eliminate_provincial", "淘汰退出（省定标准）",
     {"outcome": "eliminate", "basis": "provincial"}),
    ("rectify", "限期整改", {"outcome": "rectify"}),
    ("insufficient_data", "数据不足", {"outcome": "insufficient_data"}),
)  # fmt: skip
SECTION_KEYS = tuple(key for key, _, _ in SECTIONS)


def result_order() -> tuple[Any, ...]:
    """Lists of line results: cities in the official order (济南 first, as the province lists
    them; by the city assessed), then by enterprise and line. Pages, exports and the API."""
    return (city_order(), "city", "credit_code", "line_code")


def enterprise_result_order() -> tuple[Any, ...]:
    return (city_order(), "city", "name", "credit_code")


def runs_for(user: Any) -> QuerySet[AssessmentRun]:
    """Runs whose scope overlaps what ``user`` may see, newest first; their results are
    scoped again by :func:`scoped_line_results`. Pages and the API both open runs through
    this, so a run outside the user's scope is 404 everywhere."""
    profile = profile_of(user)
    runs = AssessmentRun.objects.select_related("scope_city", "created_by").order_by(
        "-created_at", "-pk"
    )
    if profile is None:
        return runs.none()
    any_city, any_industry = Q(scope_city__isnull=True), Q(scope_industry="")
    if profile.role == Role.CITY:
        return runs.filter(any_city | Q(scope_city_id=profile.city_id))
    if profile.role == Role.DEPARTMENT:
        return runs.filter(any_industry | Q(scope_industry__in=list(profile.industries)))
    if profile.role == Role.ENTERPRISE:
        ent = profile.enterprise
        if ent is None:
            return runs.none()
        return runs.filter(any_city | Q(scope_city_id=ent.city_id),
                           any_industry | Q(scope_industry=ent.industry))  # fmt: skip
    return runs


def latest_result(field: str = "outcome") -> Subquery:
    """For annotating lines: ``field`` of the result from the latest finished run that
    assessed each (the outcome; ``status``, the line's status when assessed …)."""
    return Subquery(
        LineResult.objects.filter(line=OuterRef("pk"), run__status=DONE)
        .order_by("-run_id")
        .values(field)[:1]
    )


def latest_outcome() -> Subquery:
    """For annotating lines: the outcome from the latest finished run that assessed each."""
    return latest_result("outcome")


def scoped_line_results(run: AssessmentRun, user: Any) -> QuerySet[LineResult]:
    """The run's line results that ``user`` may see (pages, exports and the API)."""
    return LineResult.objects.filter(run=run, enterprise__in=enterprises_for(user))


def scoped_enterprise_results(run: AssessmentRun, user: Any) -> QuerySet[EnterpriseResult]:
    return EnterpriseResult.objects.filter(run=run, enterprise__in=enterprises_for(user))


def section(results: QuerySet[LineResult], key: str) -> QuerySet[LineResult]:
    """One list of a run: lines already exited when assessed are no longer to be dealt with."""
    filters = next(f for k, _, f in SECTIONS if k == key)
    return results.filter(**filters).exclude(status="exited")


def eliminations(results: QuerySet[LineResult]) -> QuerySet[LineResult]:
    return results.filter(outcome="eliminate").exclude(status="exited")


def outcome_counts(results: QuerySet[Any]) -> dict[str, int]:
    return dict(results.values_list("outcome").annotate(n=Count("id")).order_by())


def line_counts_by_run(runs: list[AssessmentRun], user: Any) -> dict[int, dict[str, int]]:
    """Line outcome counts of each run within the user's scope, in one query."""
    return _counts_by_run(LineResult, runs, user)


def enterprise_counts_by_run(runs: list[AssessmentRun], user: Any) -> dict[int, dict[str, int]]:
    """Enterprise outcome counts of each run within the user's scope, in one query."""
    return _counts_by_run(EnterpriseResult, runs, user)


def _counts_by_run(
    model: type[LineResult] | type[EnterpriseResult], runs: list[AssessmentRun], user: Any
) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {r.pk: {} for r in runs}
    rows = (
        model.objects.filter(run__in=runs, enterprise__in=enterprises_for(user))
        .values_list("run_id", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    for run_id, outcome, n in rows:
        counts[run_id][outcome] = n
    return counts


def latest_run_for(user: Any) -> AssessmentRun | None:
    """The latest finished run that assessed anything in the user's scope."""
    in_scope = LineResult.objects.filter(run=OuterRef("pk"), enterprise__in=enterprises_for(user))
    return (
        AssessmentRun.objects.filter(status=DONE)
        .filter(Exists(in_scope))
        .select_related("scope_city", "created_by")
        .order_by("-pk")
        .first()
    )


def latest_published_run() -> AssessmentRun | None:
    """The run whose list the public sees: of the finished runs the province has published,
    the one started last (its ledger data are the newest), whenever it finished."""
    return (
        AssessmentRun.objects.filter(status=DONE, published=True)
        .select_related("scope_city")
        .order_by("-pk")
        .first()
    )


def public_eliminations(run: AssessmentRun, city: str = "") -> QuerySet[LineResult]:
    """The published elimination list of ``run`` (the public page and the public API): its
    lines to eliminate, without those already exited when assessed, in the province's order,
    with each line's current exit plan at hand; ``city`` limits it to one city."""
    results = eliminations(LineResult.objects.filter(run=run))
    if city:
        results = results.filter(city=city)
    return results.select_related("line", "line__exit_plan").order_by(*result_order())


def public_cities(run: AssessmentRun) -> list[str]:
    """The cities with a line on the run's published list, in the official order."""
    names = set(eliminations(LineResult.objects.filter(run=run))
                .values_list("city", flat=True).distinct().order_by())  # fmt: skip
    return sorted(names, key=city_sort_key)


def enterprise_names(run: AssessmentRun, results: Iterable[LineResult]) -> dict[str, str]:
    """The enterprise names, as assessed by ``run``, of the credit codes among ``results``."""
    codes = {r.credit_code for r in results}
    return dict(
        EnterpriseResult.objects.filter(run=run, credit_code__in=codes)
        .values_list("credit_code", "name")
    )  # fmt: skip


def latest_enterprise_result(enterprise: Enterprise) -> EnterpriseResult | None:
    return (
        EnterpriseResult.objects.filter(enterprise=enterprise, run__status=DONE)
        .select_related("run", "run__scope_city")
        .order_by("-run_id")
        .first()
    )


def rulebook_of(run: AssessmentRun | None) -> rulebook.Rulebook:
    """The rulebook version a run used (the one in force today without a run, or when that
    version is no longer on record: a run of an earlier edit of the bundled file)."""
    if run is None:
        return policy_services.current().rulebook
    try:
        return cast(
            rulebook.Rulebook, policy_services.by_label("rulebook", run.rulebook_label).content
        )
    except policy_services.PolicyError:
        return policy_services.current().rulebook


#: The enterprise-only rules of a rulebook, by its version with digest (the same content).
_OWN_RULES: dict[str, frozenset[str]] = {}


def _own_rules(run: AssessmentRun) -> frozenset[str]:
    found = _OWN_RULES.get(run.rulebook_version)
    if found is None:
        book = rulebook_of(run)
        found = frozenset(r.id for r in book.rules if r.enterprise_only)
        if book.full_version == run.rulebook_version:
            _OWN_RULES[run.rulebook_version] = found
    return found


def enterprise_state(result: EnterpriseResult) -> EnterpriseOutcome:
    """The enterprise's one word and its reason (assessment.enterprise_outcome) from one
    run: its lines' results in that run and its own (efficiency) standards. The enterprise
    page, its list rows and the API all read it here, so the word agrees with the lines."""
    own_rules = _own_rules(result.run)
    lines = LineResult.objects.filter(run_id=result.run_id)
    lines = (lines.filter(enterprise_id=result.enterprise_id) if result.enterprise_id
             else lines.filter(credit_code=result.credit_code))  # fmt: skip
    own = [
        (str(f.get("result", "")), str(f.get("wording", "")))
        for f in result.findings or []
        if f.get("rule_id") in own_rules
    ]
    return enterprise_outcome(
        [(o, status == "exited") for o, status in lines.values_list("outcome", "status")], own
    )


def line_results_history(line: Line) -> QuerySet[LineResult]:
    return (
        LineResult.objects.filter(line=line, run__status=DONE)
        .select_related("run", "run__scope_city")
        .order_by("-run_id")
    )


def plan_of(line: Line | None) -> Any:
    """The line's current exit plan, or None (also for a line since deleted)."""
    if line is None:
        return None
    try:
        return line.exit_plan
    except Line.exit_plan.RelatedObjectDoesNotExist:
        return None
