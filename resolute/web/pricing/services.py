"""The pricing pages' computations: core pricing and classes, computed once into tables.

Surcharges and classes are computed by the core (resolute.core.pricing, resolute.core.classes)
over the whole province in a background task, once per ledger version (and billing year, rate
overrides and data-file versions), into :class:`~resolute.web.pricing.models.SurchargeRow`
and :class:`~resolute.web.pricing.models.ClassRow` (resolute.web.computed). Pages, exports
and the API read those rows with the user's scope, filters, order and pages, and add up the
totals in SQL.

An enterprise's surcharge depends only on its own records, so the province's rows limited to
a scope are what the scope alone would give. Efficiency classes rank enterprises against each
other, so benchmarks and ranks are the province's, whoever looks: a 淄博 officer or an
enterprise user sees the same class for an enterprise as the province does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from resolute.core import classes, pricing
from resolute.core.cities import city_sort_key
from resolute.core.words import UNKNOWN
from resolute.web.accounts import scoping
from resolute.web.accounts.permissions import allows
from resolute.web.computed import services as computed
from resolute.web.computed.models import ComputedSet
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import Enterprise
from resolute.web.policies import services as policy_services
from resolute.web.pricing.models import (
    ClassRow,
    ClassSummary,
    RateOverride,
    SurchargeDetail,
    SurchargeRow,
)


def may_view(user: Any) -> bool:
    """Officials and enterprise users (the latter see their own enterprise only)."""
    return allows(user, "read")


def may_view_schedules(user: Any) -> bool:
    """Officials read the schedules (they explain the amounts); enterprises do not."""
    return allows(user, "view_schedules")


def may_edit_rates(user: Any) -> bool:
    """Only the province office sets rates: one rate applies across the province."""
    return allows(user, "province")


def editable_schedules(book: pricing.PriceBook) -> list[pricing.ElectricitySchedule]:
    """The schedules of ``book`` (the pricing version in force) whose rate is one dated
    figure — the ones an override can change."""
    return [s for s in book.electricity if s.kind == "flat"]


def price_book(base: pricing.PriceBook | None = None) -> pricing.PriceBook:
    """The schedules of ``base`` (the version in force today when not given) with the stored
    overrides applied. Overrides are taken in order of entry, so a later entry for the same
    schedule and date replaces an earlier one."""
    if base is None:
        base = policy_services.in_force(timezone.localdate()).pricing
    overrides: dict[str, list[pricing.DatedRate]] = {}
    for o in RateOverride.objects.order_by("pk"):
        dated = pricing.DatedRate(effective_from=o.effective_from, rate=float(o.rate))
        overrides.setdefault(o.schedule, []).append(dated)
    return pricing.with_rates(base, overrides)


SURCHARGES = "surcharges"
CLASSES = "classes"

#: Values of a row's status columns as the core names them.
CHARGED = "charged"


def surcharge_kind(year: int | None) -> str:
    """Each billing year is a kind of its own: while a year's set is rebuilt, the page shows
    the older set of the same year, never another year's."""
    return SURCHARGES if year is None else f"{SURCHARGES}-{year}"


def billing_as_of(year: int | None, today: dt.date) -> dt.date:
    """The day overdue obligations are judged on: the last day of ``year``, or today,
    whichever is earlier."""
    return min(dt.date(year, 12, 31), today) if year is not None else today


def rates_digest() -> str:
    """What the stored rate overrides are, in a few characters: a change of any changes it."""
    rows = RateOverride.objects.order_by("pk").values_list("pk", "schedule", "effective_from",
                                                             "rate")  # fmt: skip
    text = ";".join(f"{pk},{s},{d.isoformat()},{r}" for pk, s, d, r in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def surcharge_key(year: int | None, today: dt.date) -> str:
    """What the surcharges of ``year`` depend on: the ledger, the day overdue obligations are
    judged on, the versions of the schedules, rulebook and targets in force on that day, and
    the rate overrides."""
    as_of = billing_as_of(year, today)
    versions = policy_services.in_force(as_of)
    return computed.key_of(
        ledger=computed.ledger_key(), year=year, as_of=as_of,
        pricing=versions.pricing.full_version, rates=rates_digest(),
        rules=versions.rulebook.full_version, targets=versions.targets.full_version,
    )  # fmt: skip


def surcharges_snapshot(year: int | None, today: dt.date) -> computed.Snapshot:
    """The surcharges of ``year`` (None: each enterprise's data year) as they are today, or
    the newest older set of that year while they are computed."""
    params = {"year": year, "as_of": billing_as_of(year, today).isoformat()}
    return computed.current(surcharge_kind(year), surcharge_key(year, today), build_surcharges,
                            params)  # fmt: skip


def refresh_surcharges() -> None:
    """After a ledger write, a finished run or a rate change: the default year's set."""
    today = timezone.localdate()
    params = {"year": None, "as_of": today.isoformat()}
    computed.refresh(SURCHARGES, surcharge_key(None, today), build_surcharges, params)


def rates_changed(sender: Any = None, **kwargs: Any) -> None:
    """A rate override was saved or deleted: the surcharges' key has changed with it (it
    holds :func:`rates_digest`); rebuild today's set once the change is committed."""
    transaction.on_commit(refresh_surcharges)


def _amount(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.2f}")


def _city_rank(city: str | None) -> int:
    return city_sort_key(city)[0]


def build_surcharges(cset: ComputedSet, progress: computed.Progress) -> int:
    """Compute the province's surcharges (the core, once) and store a row per enterprise."""
    year = cset.params.get("year")
    as_of = dt.date.fromisoformat(cset.params["as_of"])
    progress("读取台账", 0, 1)
    ledger = ledger_for(Enterprise.objects.all())
    progress("计算加价", 0, 1)
    versions = policy_services.in_force(as_of)
    report = pricing.compute(ledger, year=year, book=price_book(versions.pricing), as_of=as_of,
                             rules=versions.rulebook, targets=versions.targets)  # fmt: skip
    ids = dict(Enterprise.objects.values_list("credit_code", "id"))

    def rows() -> Iterator[SurchargeRow]:
        for position, s in enumerate(report.enterprises):
            category = s.electricity.category or pricing.OUTCOME_CATEGORY.get(s.outcome) or ""
            yield SurchargeRow(
                computed_set=cset, position=position, enterprise_id=ids[s.credit_code],
                credit_code=s.credit_code, name=s.name, city=s.city or "",
                city_rank=_city_rank(s.city), county=s.county or "", industry=s.industry or "",
                outcome=s.outcome, category=category,
                e_status=s.electricity.status, e_amount=_amount(s.electricity.amount),
                w_status=s.water.status, w_amount=_amount(s.water.amount),
                total=_amount(s.total),
                e_unconfirmed=pricing.electricity_unconfirmed(s.electricity, report.book),
                w_unconfirmed=pricing.water_unconfirmed(s.water, report.book),
            )  # fmt: skip

    total = len(report.enterprises)
    written = computed.insert(SurchargeRow, rows(), progress, total=total)
    ids_at = dict(SurchargeRow.objects.filter(computed_set=cset).values_list("position", "pk"))
    details = (
        SurchargeDetail(row_id=ids_at[position], computed_set=cset, detail=dataclasses.asdict(s))
        for position, s in enumerate(report.enterprises)
    )
    computed.insert(SurchargeDetail, details, progress, "写入明细", total)
    return written


def surcharge_of(row: SurchargeRow, detail: dict[str, Any]) -> pricing.EnterpriseSurcharge:
    """The core's result for a stored row and its detail (:class:`SurchargeDetail`), as it
    was computed."""
    d = dict(detail)
    e, w = dict(d.pop("electricity")), dict(d.pop("water"))
    e["also"], e["not_computed"] = tuple(e["also"]), tuple(e["not_computed"])
    w["tiers"] = tuple(pricing.WaterTierCharge(**t) for t in w["tiers"])
    return pricing.EnterpriseSurcharge(
        **{**d, "findings": tuple(d["findings"]), "overdue": tuple(d["overdue"])},
        electricity=pricing.ElectricityCharge(**e), water=pricing.WaterCharge(**w),
    )  # fmt: skip


def surcharges_of(rows: Iterable[SurchargeRow]) -> Iterator[pricing.EnterpriseSurcharge]:
    """The core's results for ``rows`` (a page, or every row of an export), in their order:
    their details are read :data:`~resolute.web.computed.services.BATCH` rows at a time."""
    batch: list[SurchargeRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= computed.BATCH:
            yield from _with_details(batch)
            batch = []
    yield from _with_details(batch)


def _with_details(rows: list[SurchargeRow]) -> Iterator[pricing.EnterpriseSurcharge]:
    if not rows:
        return
    found = SurchargeDetail.objects.filter(row_id__in=[r.pk for r in rows])
    details = dict(found.values_list("row_id", "detail"))
    for row in rows:
        yield surcharge_of(row, details[row.pk])


def surcharge_rows(snapshot: computed.Snapshot, user: Any) -> QuerySet[SurchargeRow]:
    """The shown set's rows of the enterprises ``user`` may see, in the core's order."""
    rows = computed.rows_of(snapshot, SurchargeRow)
    return rows.filter(scoping.enterprise_filter(user, "enterprise__")).order_by("position")


_SUMS = {
    "enterprises": Count("pk"),
    "electricity": Sum("e_amount", default=Decimal(0)),
    "water": Sum("w_amount", default=Decimal(0)),
    "electricity_charged": Count("pk", filter=Q(e_status=CHARGED)),
    "water_charged": Count("pk", filter=Q(w_status=CHARGED)),
    "unknown": Count("pk", filter=Q(total__isnull=True)),
}
_FLAGS = {
    "e_unconfirmed": Count("pk", filter=Q(e_unconfirmed=True)),
    "w_unconfirmed": Count("pk", filter=Q(w_unconfirmed=True)),
}


class Summary(NamedTuple):
    """The totals of a filtered set of surcharge rows: the whole, by city (official order)
    and by industry, and whether any electricity or water amount rests on a default."""

    total: pricing.Total
    by_city: tuple[pricing.Total, ...]
    by_industry: tuple[pricing.Total, ...]
    e_unconfirmed: bool
    w_unconfirmed: bool


def _total(key: str, groups: Iterable[dict[str, Any]]) -> pricing.Total:
    sums = {k: sum(g[k] for g in groups) for k in _SUMS}
    return pricing.Total(key, sums["enterprises"], float(sums["electricity"]),
                         float(sums["water"]), sums["electricity_charged"],
                         sums["water_charged"], sums["unknown"])  # fmt: skip


def surcharge_summary(rows: QuerySet[SurchargeRow]) -> Summary:
    """The totals of ``rows``, added up in SQL as the core adds them (unknown amounts left
    out and counted): one pass, by city and industry, folded here."""
    groups = list(rows.order_by().values("city", "industry").annotate(**_SUMS, **_FLAGS))
    cities: dict[str, list[dict[str, Any]]] = {}
    industries: dict[str, list[dict[str, Any]]] = {}
    for g in groups:
        cities.setdefault(g["city"] or UNKNOWN, []).append(g)
        industries.setdefault(g["industry"] or UNKNOWN, []).append(g)
    return Summary(
        _total("合计", groups),
        tuple(_total(k, cities[k]) for k in sorted(cities, key=city_sort_key)),
        tuple(_total(k, industries[k]) for k in sorted(industries)),
        any(g["e_unconfirmed"] for g in groups),
        any(g["w_unconfirmed"] for g in groups),
    )


_SUMMARIES: dict[tuple[int, str, str, str], Summary] = {}
_SUMMARIES_LOCK = threading.Lock()


def shown_summary(snapshot: computed.Snapshot, rows: QuerySet[SurchargeRow]) -> Summary:
    """:func:`surcharge_summary` of ``rows`` (the shown set's rows as a page filters them),
    added up once per process for the set as it finished, the key asked (it holds the
    ledger's version: the scope filters join the enterprises) and the filters (the query's
    SQL and parameters); a new set, a rebuilt set or a ledger change is added up afresh."""
    cset = snapshot.set
    if cset is None or cset.finished_at is None:
        return surcharge_summary(rows)
    sql, params = rows.query.sql_with_params()
    key = (cset.pk, cset.finished_at.isoformat(), snapshot.key, f"{sql} {params!r}")
    with _SUMMARIES_LOCK:
        hit = _SUMMARIES.get(key)
    if hit is not None:
        return hit
    summary = surcharge_summary(rows)
    with _SUMMARIES_LOCK:
        if len(_SUMMARIES) > 512:
            _SUMMARIES.clear()
        _SUMMARIES[key] = summary
    return summary


def surcharge_report(
    rows: QuerySet[SurchargeRow],
    year: int | None,
    today: dt.date,
    listed: Iterable[SurchargeRow] = (),
    summary: Summary | None = None,
) -> pricing.SurchargeReport:
    """The core's report of ``rows`` (totals over all of them, or ``summary`` when already
    added up) listing ``listed``: a page, or for an export every row; with the schedules in
    force on the billing day."""
    book = price_book(policy_services.in_force(billing_as_of(year, today)).pricing)
    summary = summary or surcharge_summary(rows)
    enterprises = tuple(surcharges_of(listed))
    return pricing.SurchargeReport(book, year, book.water.base_price.value, enterprises,
                                   summary.by_city, summary.by_industry, summary.total)  # fmt: skip


def surcharges_for(user: Any, year: int | None, today: dt.date) -> pricing.SurchargeReport:
    """Every enterprise of ``user``'s scope in one report, read from the stored set (the
    newest older one while it is computed, none before the first)."""
    rows = surcharge_rows(surcharges_snapshot(year, today), user)
    return surcharge_report(rows, year, today, rows.iterator(chunk_size=2000))


# ─── efficiency classes ─────────────────────────────────────────────────────────


def class_book(published: dt.date | None) -> classes.ClassBook:
    """The class scheme in force on the publication day (today when not given)."""
    return policy_services.in_force(published or timezone.localdate()).classes


def classes_key(book: classes.ClassBook) -> str:
    return computed.key_of(ledger=computed.ledger_key(), classes=book.full_version)


def classes_snapshot(published: dt.date | None) -> computed.Snapshot:
    """The province's classification for the ledger as it is, under the scheme in force on
    the publication day (or the newest older one while it is computed). Publication days
    under one scheme share it: the day sets only the appeal deadline."""
    day = published or timezone.localdate()
    return computed.current(CLASSES, classes_key(class_book(published)), build_classes,
                            {"as_of": day.isoformat()})  # fmt: skip


def refresh_classes() -> None:
    today = timezone.localdate()
    computed.refresh(CLASSES, classes_key(class_book(None)), build_classes,
                     {"as_of": today.isoformat()})  # fmt: skip


def build_classes(cset: ComputedSet, progress: computed.Progress) -> int:
    """Classify the whole province (the core, once) and store a row per enterprise with its
    rank, and the benchmarks."""
    progress("读取台账", 0, 1)
    ledger = ledger_for(Enterprise.objects.all())
    progress("计算分类", 0, 1)
    day = dt.date.fromisoformat(cset.params["as_of"])
    result = classes.classify(ledger, policy_services.in_force(day).classes)
    ids = dict(Enterprise.objects.values_list("credit_code", "id"))
    ClassSummary.objects.create(computed_set=cset, rated=result.rated,
                                benchmarks=result.benchmarks)  # fmt: skip
    rows = (
        ClassRow(
            computed_set=cset, position=position, enterprise_id=ids[e.credit_code],
            credit_code=e.credit_code, name=e.name, city=e.city or "",
            city_rank=_city_rank(e.city), county=e.county or "", industry=e.industry or "",
            score=e.score, rank=e.rank, code=e.code, reason=e.reason,
            indicators=[dataclasses.asdict(p) for p in e.indicators],
        )
        for position, e in enumerate(result.enterprises)
    )  # fmt: skip
    return computed.insert(ClassRow, rows, progress, total=len(result.enterprises))


def class_of(row: ClassRow) -> classes.EnterpriseClass:
    return classes.EnterpriseClass(
        credit_code=row.credit_code, name=row.name, city=row.city or None,
        county=row.county or None, industry=row.industry or None,
        indicators=tuple(classes.IndicatorScore(**p) for p in row.indicators),
        score=row.score, rank=row.rank, code=row.code, reason=row.reason,
    )  # fmt: skip


def class_rows(snapshot: computed.Snapshot, user: Any) -> QuerySet[ClassRow]:
    """The shown set's rows of the enterprises ``user`` may see, by province rank (the
    unranked last), then credit code."""
    rows = computed.rows_of(snapshot, ClassRow)
    rows = rows.filter(scoping.enterprise_filter(user, "enterprise__"))
    return rows.order_by(F("rank").asc(nulls_last=True), "credit_code")


def class_counts(rows: QuerySet[ClassRow], book: classes.ClassBook) -> dict[str, int]:
    """How many of ``rows`` are in each class of ``book`` (every class named, 0 when none)."""
    counts = {c.code: 0 for c in book.classes} | {book.not_rated.code: 0}
    for code, n in rows.order_by().values_list("code").annotate(n=Count("pk")):
        counts[code] = n
    return counts


def classification(
    snapshot: computed.Snapshot, published: dt.date | None, listed: Iterable[ClassRow] = ()
) -> classes.Classification:
    """The core's classification of the shown set listing ``listed`` (a page, or every row
    of an export), with the province's benchmarks and rank count."""
    book = class_book(published)
    summary = (ClassSummary.objects.filter(computed_set=snapshot.set).first()
               if snapshot.set is not None else None)  # fmt: skip
    rated = summary.rated if summary else 0
    benchmarks = dict(summary.benchmarks) if summary else {}
    return classes.Classification(book, rated, benchmarks, tuple(class_of(r) for r in listed),
                                  published, classes.appeal_deadline(book, published))  # fmt: skip


def classes_for(user: Any, published: dt.date | None) -> classes.Classification:
    """The province's classification with every enterprise of ``user``'s scope listed, read
    from the stored set (the newest older one while it is computed)."""
    snapshot = classes_snapshot(published)
    listed = class_rows(snapshot, user).iterator(chunk_size=2000)
    return classification(snapshot, published, listed)


def scope_note(user: Any) -> str:
    role = scoping.role_of(user)
    profile = scoping.profile_of(user)
    if role == "province":
        return "范围：全省。"
    if role == "city" and profile and profile.city:
        return f"范围：{profile.city.name}市的企业。"
    if role == "department" and profile:
        return "范围：主管行业的企业。"
    if role == "enterprise":
        return "范围：本企业。"
    return ""
