"""Pages read the stored rows of a computed set: a status is decided on the day the page asks
for (never stale at midnight), an older set is shown flagged while the new one is computed,
and a build that fails leaves none of its rows behind."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from resolute.web.computed import services
from resolute.web.computed.models import ComputedSet
from resolute.web.targets import computed as tcomputed
from resolute.web.targets.models import ObligationRow, TargetProgress

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
COKING = "coking.small_ovens"  # LY-CO-1: chamber 4.3 m, by 2021-12-31


def build_then_fail(cset: ComputedSet, progress: services.Progress) -> int:
    services.insert(TargetProgress, [
        TargetProgress(computed_set=cset, scope="province", target_id=f"t{i}", position=i,
                       achieved=0, forecast=0, remaining=0, percent=0, population=0,
                       status="behind", period_ended=False)
        for i in range(5)
    ])  # fmt: skip
    raise RuntimeError("the machine ran out of memory")


def test_a_failed_build_leaves_none_of_its_rows(db: Any, settings: Any) -> None:
    settings.TASKS = DUMMY
    snap = services.current("progress", "broken", build_then_fail)
    assert snap.pending is not None
    with pytest.raises(RuntimeError):
        services.run(snap.pending.pk)
    assert not TargetProgress.objects.exists()
    assert ComputedSet.objects.get(pk=snap.pending.pk).status == ComputedSet.Status.FAILED


def test_a_worker_that_died_mid_build_leaves_none_of_its_rows(db: Any, settings: Any) -> None:
    from resolute.web.computed.tasks import _build_died

    settings.TASKS = DUMMY
    snap = services.current("progress", "killed", build_then_fail)
    assert snap.pending is not None
    cset = snap.pending
    services.insert(TargetProgress, [TargetProgress(
        computed_set=cset, scope="province", target_id="t", position=0, achieved=0, forecast=0,
        remaining=0, percent=0, population=0, status="behind", period_ended=False)])  # fmt: skip
    _build_died([cset.pk], "工作进程意外终止（进程已不存在）")
    cset.refresh_from_db()
    assert cset.status == ComputedSet.Status.FAILED and "意外终止" in cset.error
    assert not TargetProgress.objects.exists()


def test_an_older_set_is_shown_flagged_with_statuses_of_the_asked_day(
    client_for: Any, settings: Any
) -> None:
    client = client_for("province")
    url = reverse("targets-obligations")
    first = client.get(url, {"as_of": "2021-12-31"})  # built at once (tests run tasks at once)
    assert first.context["snapshot"].ready
    assert "数据正在更新" not in first.content.decode()
    settings.TASKS = DUMMY  # from now on nothing is built: the next day's set stays queued
    page = client.get(url, {"as_of": "2022-01-01"})
    assert page.context["snapshot"].stale
    assert "数据正在更新" in page.content.decode()
    [row] = [
        r for r in page.context["page"].rows if (r.o.line_id, r.o.task_id) == ("LY-CO-1", COKING)
    ]
    assert (row.o.status, row.days_overdue) == ("overdue", 1)
    assert ComputedSet.objects.filter(kind=tcomputed.OBLIGATIONS).count() == 2


def test_a_page_without_any_set_says_it_is_computing(client_for: Any, settings: Any) -> None:
    settings.TASKS = DUMMY
    page = client_for("province").get(reverse("targets-obligations"), {"as_of": "2022-01-01"})
    assert page.status_code == 200
    assert "正在计算" in page.content.decode()
    assert not ObligationRow.objects.exists()
    targets = client_for("province").get(reverse("targets-list"))
    assert targets.status_code == 200 and "正在计算" in targets.content.decode()


def test_obligations_are_stored_once_for_every_scope(client_for: Any) -> None:
    for name in ("province", "zibo", "linyi", "industry"):
        assert client_for(name).get(reverse("targets-obligations"),
                                    {"as_of": "2022-01-01"}).status_code == 200  # fmt: skip
    assert ComputedSet.objects.filter(kind=tcomputed.OBLIGATIONS).count() == 1
    zibo = client_for("zibo").get(reverse("targets-obligations"), {"as_of": "2022-01-01"})
    assert {r.o.city for r in zibo.context["page"].rows} <= {"淄博"}


def test_a_ledger_write_makes_the_page_show_the_new_figures(
    client_for: Any, users: dict[str, Any]
) -> None:
    from resolute.web.audit.context import acting_as
    from resolute.web.ledger.models import Line

    client = client_for("province")
    url = reverse("targets-obligations")
    before = client.get(url, {"as_of": "2022-01-01", "status": "done"}).context["page"]
    with acting_as(users["province"], via="测试"):
        Line.objects.filter(line_id="LY-CO-1").update(status="exited",
                                                      exited_on=dt.date(2021, 12, 1))  # fmt: skip
    after = client.get(url, {"as_of": "2022-01-01", "status": "done"}).context["page"]
    assert after.snapshot.ready
    assert after.counts["done"] == before.counts["done"] + 1
