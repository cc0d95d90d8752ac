"""The surcharges, classes and credit lists are computed once into tables and read many times
(issue #12 points 1–2): requests read the stored rows; a ledger write or a rate change gives
a new computation; the lists are 50 a page, sortable, filtered, with the totals of the whole
filtered set and an export of all of it."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from province import make_enterprise

from resolute.core import classes, pricing
from resolute.web.audit.context import acting_as
from resolute.web.computed.models import ComputedSet
from resolute.web.ledger.models import EnterpriseYear
from resolute.web.pricing import services
from resolute.web.pricing.models import RateOverride, SurchargeDetail, SurchargeRow

pytestmark = pytest.mark.django_db

SURCHARGES = "/pricing/surcharges/"
CLASSES = "/pricing/classes/"


def _counting(monkeypatch: Any, module: Any, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def _sets(kind: str) -> int:
    return ComputedSet.objects.filter(kind=kind).count()


def test_the_surcharges_are_computed_once_for_the_page_its_exports_and_the_api(
    client_for: Any, users: Any, monkeypatch: Any
) -> None:
    calls = _counting(monkeypatch, pricing, "compute")
    for name in ("province", "zibo", "enterprise_user"):
        client = client_for(name)
        assert client.get(SURCHARGES).status_code == 200
        assert client.get(SURCHARGES, {"format": "xlsx"}).status_code == 200
        assert client.get(SURCHARGES, {"format": "csv", "utility": "water"}).status_code == 200
        assert client.get("/api/pricing/surcharges").status_code == 200
    assert len(calls) == 1
    assert _sets("surcharges") == 1


def test_the_classes_are_computed_once_whatever_the_publication_date(
    client_for: Any, users: Any, monkeypatch: Any
) -> None:
    calls = _counting(monkeypatch, classes, "classify")
    client = client_for("province")
    for published in ("", "2022-03-01", "2022-04-01"):
        assert client.get(CLASSES, {"published": published}).status_code == 200
    deadline = client.get("/api/pricing/classes?published=2022-04-01").json()["appeal_deadline"]
    assert deadline == "2022-04-06"
    assert len(calls) == 1 and _sets("classes") == 1


def test_a_ledger_write_gives_new_surcharges(client_for: Any, users: Any) -> None:
    client = client_for("province")
    steel = users["enterprise_user"].profile.enterprise

    def amount() -> Any:
        body = client.get("/api/pricing/surcharges?year=2021").json()
        (e,) = [e for e in body["enterprises"] if e["credit_code"] == steel.credit_code]
        return e["electricity"]["amount_yuan"]

    before = amount()
    with acting_as(users["province"], via="测试"):
        year = EnterpriseYear.objects.filter(enterprise=steel).first()
        assert year is not None
        year.electricity_kwh = 2_000_000.0
        year.save()
    assert amount() == 0.5 * 2_000_000 and amount() != before
    assert _sets("surcharges-2021") == 2  # the older set stays until pruned


def test_the_totals_are_added_up_once_per_set_and_afresh_for_a_new_one(
    client_for: Any, users: Any, monkeypatch: Any
) -> None:
    calls = _counting(monkeypatch, services, "surcharge_summary")
    client = client_for("province")
    steel = users["enterprise_user"].profile.enterprise

    def total() -> Any:
        assert client.get("/api/pricing/surcharges?year=2021").status_code == 200
        return client.get(SURCHARGES, {"year": "2021"}).context["report"].total.electricity

    before = total()
    assert total() == before
    assert len(calls) == 1  # the page and the API share the figures of the set
    with acting_as(users["province"], via="测试"):
        year = EnterpriseYear.objects.filter(enterprise=steel).first()
        assert year is not None
        year.electricity_kwh = 2_000_000.0
        year.save()
    assert total() != before
    assert len(calls) == 2
    assert client.get(SURCHARGES, {"year": "2021", "city": "淄博"}).status_code == 200
    assert len(calls) == 3  # another filter, other totals


def test_a_rate_override_gives_new_surcharges(client_for: Any, users: Any) -> None:
    client = client_for("province")
    client.get("/api/pricing/surcharges?year=2023")
    with acting_as(users["province"], via="测试"):
        RateOverride.objects.create(schedule="steel_eliminated", rate=Decimal("0.8"),
                                    unit="元/千瓦时", effective_from=dt.date(2023, 1, 1),
                                    source="测试文号〔2022〕1号")  # fmt: skip
    body = client.get("/api/pricing/surcharges?year=2023").json()
    rates = {e["electricity"]["rate"] for e in body["enterprises"]
             if e["electricity"]["schedule"] == "steel_eliminated"}  # fmt: skip
    assert rates == {0.8}
    assert _sets("surcharges-2023") == 2


def test_another_year_is_a_list_of_its_own(client_for: Any, users: Any) -> None:
    client = client_for("province")
    client.get(SURCHARGES, {"year": "2021"})
    client.get(SURCHARGES, {"year": "2022"})
    client.get(SURCHARGES)
    kinds = set(ComputedSet.objects.values_list("kind", flat=True))
    assert {"surcharges", "surcharges-2021", "surcharges-2022"} <= kinds
    years = set(SurchargeDetail.objects.values_list("detail__period", flat=True))
    assert {2021, 2022} <= years


@pytest.fixture
def many(users: Any) -> list[str]:
    """60 more 淄博 cement enterprises (no lines): more than a page."""
    from resolute.core.ledger import Ledger
    from resolute.web.ledger.services import apply_changes, plan_changes

    ents = [make_enterprise("cement", name=f"淄博第{i:02d}水泥厂", city="淄博", county="淄川区")
            for i in range(60)]  # fmt: skip
    with acting_as(None, via="测试", name="测试数据"):
        apply_changes(plan_changes(Ledger.from_records(ents, [])))
    return [e["credit_code"] for e in ents]


def test_a_page_holds_50_and_the_totals_count_every_filtered_enterprise(
    client_for: Any, many: list[str]
) -> None:
    client = client_for("zibo")
    first = client.get(SURCHARGES, {"industry": "cement"}).context
    assert len(first["rows"]) == 50
    assert first["report"].total.enterprises == 61 == first["listing"].count
    assert [t.key for t in first["report"].by_city] == ["淄博"]
    second = client.get(SURCHARGES, {"industry": "cement", "page": "2"}).context
    shown = [r["s"].credit_code for r in first["rows"] + second["rows"]]
    assert len(shown) == len(set(shown)) == 61
    assert "industry=cement" in first["listing"].next_url
    sheet = load_workbook(io.BytesIO(client.get(SURCHARGES, {"industry": "cement",
                                                             "format": "xlsx"}).content))  # fmt: skip
    assert [r[1] for r in sheet["按市汇总"].iter_rows(min_row=2, values_only=True)] == [61, 61]


def test_the_surcharges_sort_by_a_column_both_ways(client_for: Any, many: list[str]) -> None:
    client = client_for("province")
    names = [r["s"].name for r in client.get(SURCHARGES, {"sort": "name"}).context["rows"]]
    assert names == sorted(names)
    down = [r["s"].name for r in client.get(SURCHARGES, {"sort": "-name"}).context["rows"]]
    assert down == sorted(down, reverse=True) and down[0] != names[0]
    cities = [r["s"].city for r in client.get(SURCHARGES, {"sort": "-city"}).context["rows"]]
    assert cities[0] == "临沂"  # 临沂 comes after 淄博 in the official order


def test_the_classes_page_filters_by_class_and_counts_the_filtered_set(
    client_for: Any, many: list[str]
) -> None:
    client = client_for("province")
    page = client.get(CLASSES).context
    counts = {code: n for code, _, n in page["counts"]}
    assert sum(counts.values()) == 64 == page["listing"].count
    ranks = [r["e"].rank for r in page["rows"]]
    assert ranks == sorted(ranks, key=lambda r: (r is None, r or 0))
    code = next(c for c, n in counts.items() if n)
    only = client.get(CLASSES, {"class": code}).context
    assert {r["e"].code for r in only["rows"]} == {code}
    assert only["listing"].count == counts[code]


def test_the_stored_surcharge_is_the_cores(client_for: Any, users: Any) -> None:
    """What the table keeps gives back the core's result, unknown amounts included."""
    from resolute.web.ledger.convert import ledger_for
    from resolute.web.ledger.models import Enterprise

    client_for("province").get(SURCHARGES, {"year": "2021"})
    report = pricing.compute(ledger_for(Enterprise.objects.all()), year=2021,
                             book=services.price_book(),
                             as_of=services.billing_as_of(2021, dt.date.today()))  # fmt: skip
    stored = list(services.surcharges_of(SurchargeRow.objects.order_by("position")))
    assert stored == list(report.enterprises)
