"""A dashboard's targets are scope-true (dashboard.scope): the province and a department see
whole targets of their scope; a city sees its own share only where the plan assigns one (a
全部 target: every qualifying line of the city must go; a target scoped to the city; its own
“三个一批” plan), and elsewhere its contribution — never a province target against its own
numbers (淄博 used to see “0.0 / 6.0 家” for 裕龙岛)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from builders import make_enterprise, make_line

from resolute.core import targets as targets_data
from resolute.core.ledger import Ledger
from resolute.core.progress import Breakdown, Progress
from resolute.core.targets import Measure, Period, Scope, Target
from resolute.web.audit.context import acting_as
from resolute.web.computed import services as computed_sets
from resolute.web.computed.models import ComputedSet
from resolute.web.dashboard import scope
from resolute.web.ledger.models import City
from resolute.web.ledger.services import apply_changes, plan_changes
from resolute.web.plans.models import CityPlan, CityPlanItem
from resolute.web.targets.computed import PROGRESS

YULONG = "refining.enterprises.2021_2022"
SMALL_OVENS = "coking.small_ovens.2021"


def add_to_ledger(*pairs: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    ents = [e for e, _ in pairs]
    lines = [ln for _, group in pairs for ln in group]
    with acting_as(None, via="测试", name="测试数据"):
        apply_changes(plan_changes(Ledger.from_records(ents, lines)))


def yulong_refinery_in_yantai() -> None:
    """One of the six 裕龙岛 refineries, in 烟台, exited in 2021: nothing of 淄博's."""
    ent = make_enterprise("refining", name="烟台测试石化有限公司", city="烟台")
    line = make_line("cdu", ent["credit_code"], line_id="YT-CDU-1", yulong_consolidation=True,
                     status="exited", exited_on=dt.date(2021, 6, 30))  # fmt: skip
    add_to_ledger((ent, [line]))


def cards(client: Any, url: str = "/dashboard/") -> dict[str, scope.Card]:
    response = client.get(url)
    assert response.status_code == 200
    return {c.target_id: c for c in response.context["headline"]}


def test_zibo_never_sees_a_province_target_against_its_own_numbers(
    client_for: Any, province_ledger: Any
) -> None:
    yulong_refinery_in_yantai()
    found = cards(client_for("zibo"))
    assert YULONG not in found  # 裕龙岛: no line of 淄博's
    assert found, "淄博's steel lines still count toward the steel targets"
    book = targets_data.default()
    for card in found.values():
        target = book.target(card.target_id)
        assert card.kind in ("share", "contribution"), card
        if card.kind == "contribution":
            assert card.percent is None and not card.status and "/" not in card.text
        # A province figure never appears against the city's numbers.
        assert f"/ {target.target:g}" not in card.text
    html = client_for("zibo").get("/dashboard/").content.decode()
    assert "0 / 6 家" not in html and "裕龙岛" not in html


def test_the_province_sees_the_whole_target(client_for: Any, province_ledger: Any) -> None:
    yulong_refinery_in_yantai()
    card = cards(client_for("province"))[YULONG]
    assert card.kind == "target"
    assert card.text.startswith("1 / 6 家")


def test_a_city_with_an_assigned_share_sees_its_share_and_progress(
    client_for: Any, province_ledger: Any
) -> None:
    """全部 targets bind every city for its own lines: 临沂's one small coke oven (4.3 m)."""
    card = cards(client_for("linyi"))[SMALL_OVENS]
    assert card.kind == "share"
    assert card.text.startswith("本市应退出 1 条，已退出 0 条")
    assert card.percent == 0.0 and card.status_label
    # 淄博 has no such oven: the target is not shown to it.
    assert SMALL_OVENS not in cards(client_for("zibo"))


def test_a_city_sees_its_own_plan_as_its_commitment(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    with acting_as(users["zibo"], via="网页"):
        plan = CityPlan(city=City.objects.get(name="淄博"))
        plan.save()
        CityPlanItem(plan=plan, kind="eliminate", industry="钢铁", year=2021, line_id="ZB-BF-1",
                     planned_on=dt.date(2021, 12, 31)).save()  # fmt: skip
    response = client_for("zibo").get("/dashboard/")
    assert response.context["plan"] == {"listed": 1, "exited": 0, "percent": 0.0}
    assert "计划淘汰 1 条生产线，已退出 0 条" in response.content.decode()


def test_a_department_sees_the_targets_of_its_industries_whole(
    client_for: Any, province_ledger: Any
) -> None:
    found = cards(client_for("industry"))  # steel and coking
    book = targets_data.default()
    assert found and {book.target(t).scope.industry for t in found} == {"steel", "coking"}
    assert all(c.kind == "target" for c in found.values())


def test_a_province_officer_on_a_city_page_sees_the_city_as_the_city_does(
    client_for: Any, province_ledger: Any
) -> None:
    theirs = cards(client_for("zibo"))
    ours = cards(client_for("province"), "/dashboard/city/淄博/")
    assert {k: v.text for k, v in ours.items()} == {k: v.text for k, v in theirs.items()}


# ─── the rule itself, on figures made for it ─────────────────────────────────────


def _progress(target: Target, by_city: dict[str, Breakdown], achieved: float) -> Progress:
    return Progress(
        target=target, as_of=dt.date(2022, 6, 30), achieved=achieved, forecast=achieved,
        remaining=max((target.target or 0) - achieved, 0), percent=50.0, status="behind",
        population=sum(b.population for b in by_city.values()), by_city=by_city, by_industry={},
        achieved_lines=(), planned_lines=(), undated_exits=(), unknown_capacity=(),
    )  # fmt: skip


def _target(**scope_: Any) -> Target:
    return Target(
        id="test.city", kind="task", clause="二(三)1", wording="测试目标", indicator="退出炼钢产能",
        unit="万吨", comparison="at_least", target=10.0,
        period=Period(start=dt.date(2021, 1, 1), end=dt.date(2022, 12, 31)),
        scope=Scope(industry="steel", **scope_), measure=Measure(equipment=("bof",)),
    )  # fmt: skip


def test_a_target_assigned_to_the_city_is_shown_whole_to_it_only() -> None:
    rules = targets_data.default().status_rules
    mine = _progress(_target(area="city", city="淄博"), {"淄博": Breakdown(5.0, 0.0, 20.0)}, 5.0)
    zibo = scope.cards([mine], scope.Viewer("city", "淄博"), rules)
    assert [(c.kind, c.text) for c in zibo] == [("target", "5 / 10 万吨（50.0%）")]
    assert scope.cards([mine], scope.Viewer("city", "临沂"), rules) == []


def test_a_contribution_is_a_share_of_what_the_province_achieved() -> None:
    rules = targets_data.default().status_rules
    whole = _progress(_target(), {"淄博": Breakdown(1.0, 0.0, 3.0),
                                  "临沂": Breakdown(3.0, 0.0, 3.0)}, 4.0)  # fmt: skip
    (card,) = scope.cards([whole], scope.Viewer("city", "淄博"), rules)
    assert (card.kind, card.text, card.percent) == (
        "contribution", "本市已退出 1 万吨，占全省完成量 25.0%", None)  # fmt: skip


# ─── computed once, read many times ──────────────────────────────────────────────


def test_the_dashboard_reads_the_computed_progress_instead_of_measuring_the_province(
    client_for: Any, province_ledger: Any, monkeypatch: Any
) -> None:
    first = cards(client_for("province"))  # builds the set (tasks run at once in tests)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the province was measured again on a request")

    monkeypatch.setattr("resolute.core.progress.progress", refuse)
    assert cards(client_for("province")) == first
    assert set(cards(client_for("zibo"))) <= set(first)


def _status(html: str) -> str:
    """The page's note on its computed figures (computed/_status.html), or ""."""
    found = re.search(r'<p class="card computed-[a-z]+" role="status">(.*?)</p>', html)
    return found.group(1) if found else ""


def test_while_the_figures_are_computed_the_page_says_so(
    client_for: Any, province_ledger: Any, settings: Any
) -> None:
    # No worker takes the build: the page must neither wait for it nor compute the figures.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = client_for("province")
    response = client.get("/dashboard/")
    assert response.status_code == 200 and response.context["headline"] == []
    assert _status(response.content.decode()) == "正在计算，请稍后刷新本页。"
    [pending] = ComputedSet.objects.filter(kind=PROGRESS,
                                           status=ComputedSet.Status.BUILDING)  # fmt: skip
    assert response.context["snapshot"].pending == pending
    # A worker is at it: the page says how far it has got.
    pending.progress = {"stage": "计算进度", "done": 3, "total": 20}
    pending.save()
    assert _status(client.get("/dashboard/").content.decode()) == (
        "正在计算：计算进度（15%），请稍后刷新本页。")  # fmt: skip
    # Built: the figures are shown and the note is gone.
    computed_sets.run(pending.pk)
    response = client.get("/dashboard/")
    assert _status(response.content.decode()) == "" and response.context["headline"] != []
