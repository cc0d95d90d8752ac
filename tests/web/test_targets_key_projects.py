"""Key projects (重点项目): a lifecycle that only moves forward, every change recorded, and
yearly counts against "每年推进实施 1000 个以上省级重点项目" and the 60 % share."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from resolute.web.audit.context import acting_as
from resolute.web.audit.models import AuditEvent
from resolute.web.ledger.models import City
from resolute.web.targets.models import KeyProject
from resolute.web.targets.services import project_years


def _project(stage: str = "reserve", year: int = 2021, city: str = "淄博",
             emerging: bool = False, name: str = "项目") -> KeyProject:  # fmt: skip
    project = KeyProject(name=name, city=City.objects.get(name=city), sector="高端化工",
                         year=year, stage=stage, emerging_or_shortfall=emerging)  # fmt: skip
    with acting_as(None, via="测试"):
        project.save()
    return project


def _form(project: KeyProject, **changes: Any) -> dict[str, Any]:
    data = {"name": project.name, "city": project.city_id, "sector": project.sector,
            "year": project.year, "stage": project.stage, "investment": "",
            "emerging_or_shortfall": "on" if project.emerging_or_shortfall else ""}  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_an_official_registers_a_project(client_for: Any, users: dict[str, Any]) -> None:
    response = client_for("province").post(reverse("targets-project-new"), {
        "name": "裕龙岛炼化一体化项目", "city": City.objects.get(name="烟台").pk,
        "sector": "高端化工", "year": 2021, "stage": "signed", "investment": "1274",
        "emerging_or_shortfall": "on",
    })  # fmt: skip

    assert response.status_code == 302
    project = KeyProject.objects.get()
    assert project.level == "provincial" and project.investment == 1274
    event = AuditEvent.objects.get(model="keyproject")
    assert event.actor == users["province"] and event.city == "烟台"


def test_the_stage_moves_forward_and_each_move_is_recorded(client_for: Any) -> None:
    project = _project("signed")
    client = client_for("province")
    url = reverse("targets-project-edit", args=[project.pk])

    assert client.post(url, _form(project, stage="started")).status_code == 302
    back = client.post(url, _form(project, stage="reserve"))

    assert back.status_code == 400 and "只能向前推进" in back.content.decode()
    project.refresh_from_db()
    assert project.stage == "started"
    moves = AuditEvent.objects.filter(model="keyproject", action="update")
    assert [(e.before["stage"], e.after["stage"]) for e in moves] == [("signed", "started")]
    assert "阶段：签约 → 开工" in client.get(url).content.decode()


def test_the_model_itself_refuses_a_step_back(db: Any) -> None:
    project = _project("operating")
    project.stage = "started"
    with pytest.raises(ValidationError), acting_as(None, via="测试"):
        project.save()


@pytest.mark.django_db
def test_projects_started_or_operating_count_for_their_year() -> None:
    _project("reserve", 2021)
    _project("started", 2021, emerging=True)
    _project("operating", 2021, emerging=True)
    _project("signed", 2022, emerging=True)

    years = {y.year: y for y in project_years()}

    assert (years[2021].total, years[2021].under_way, years[2021].emerging) == (3, 2, 2)
    assert years[2021].reached_label == "未达到"  # 2 of the 1000 a year
    assert years[2021].emerging_share == "66.7%" and years[2021].share_reached_label == "达到"
    assert (years[2022].total, years[2022].under_way) == (1, 0)


def test_the_list_filters_and_a_city_officer_sees_the_city_only(
    client_for: Any, users: dict[str, Any]
) -> None:
    zibo = _project("started", 2021, "淄博", name="淄博项目")
    _project("reserve", 2022, "临沂", name="临沂项目")

    every = client_for("province").get(reverse("targets-projects"))
    started = client_for("province").get(reverse("targets-projects"), {"stage": "started"})
    city = client_for("zibo").get(reverse("targets-projects"))

    assert {p.name for p in every.context["projects"]} == {"淄博项目", "临沂项目"}
    assert [p.name for p in started.context["projects"]] == ["淄博项目"]
    assert [p.name for p in city.context["projects"]] == ["淄博项目"]
    linyi = KeyProject.objects.get(name="临沂项目")
    assert (
        client_for("zibo").get(reverse("targets-project-edit", args=[linyi.pk])).status_code == 404
    )
    assert (
        client_for("zibo").get(reverse("targets-project-edit", args=[zibo.pk])).status_code == 200
    )


def test_enterprise_users_may_not_see_or_register_projects(client_for: Any) -> None:
    client = client_for("enterprise_user")
    assert client.get(reverse("targets-projects")).status_code == 403
    assert client.post(reverse("targets-project-new"), {"name": "x"}).status_code == 403
    assert not KeyProject.objects.exists()


def test_the_targets_page_shows_the_yearly_count(client_for: Any) -> None:
    _project("started", 2022)
    response = client_for("province").get(reverse("targets-list"))
    rows = {r.target.id: r for s in response.context["sections"] for r in s.rows}
    latest = rows["projects.provincial_key.yearly"].latest
    assert latest.period == "2022" and latest.value == "1" and latest.reached_label == "未达到"


def test_the_form_offers_the_sectors_of_sections_three_and_four(client_for: Any) -> None:
    response = client_for("zibo").get(reverse("targets-project-new"))

    assert response.status_code == 200
    sectors = [value for value, _ in response.context["form"].fields["sector"].choices]
    assert "高端化工" in sectors and "新一代信息技术产业" in sectors
    cities = list(response.context["form"].fields["city"].queryset)
    assert [c.name for c in cities] == ["淄博"]
