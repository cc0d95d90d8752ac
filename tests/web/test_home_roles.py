"""The home page per role (issue #13 point 4): what waits for each user, counted, each item
a link to where it is dealt with; the province also sees the cities that have not filed, in
the official order."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from pages import parse, table_rows

from resolute.core.bulletin import Quarter
from resolute.web.assessments.models import AssessmentRun
from resolute.web.assessments.services import publish_run, start_run
from resolute.web.audit.context import acting_as
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.models import City, ExitPlan, Line
from resolute.web.plans.models import CityPlan
from resolute.web.quarters.models import QuarterlyReport
from resolute.web.quarters.services import current_quarter

BF_RULE = "steel.technology.blast_furnace_volume"
#: The day the pages are looked at: before the duties the test province owes fall due
#: (LY-CO-1 二(三)3 on 2021-12-31, ZB-CL-1 二(三)5 on 2024-12-31), so that only the exit plans
#: made here are counted (test_deadlines_count_duties.py counts duties).
TODAY = dt.date(2021, 3, 1)


@pytest.fixture(autouse=True)
def _today(pin_today: Any) -> None:
    pin_today(TODAY)


def plan(line_id: str, days: int) -> None:
    """An exit plan for the line, due ``days`` days from today (negative: past)."""
    line = Line.objects.get(line_id=line_id)
    with acting_as(None, via="测试", name="测试数据"):
        ExitPlan.objects.update_or_create(line=line, defaults={
            "exit_method": "close",
            "exit_deadline": timezone.localdate() + dt.timedelta(days=days),
        })  # fmt: skip


def todo(html: str) -> dict[str, tuple[int, str]]:
    """The to-do items of a home page: label → (count, link)."""
    found = {}
    for li in parse(html).find("ul", cls="todo-list").iter("li"):
        link = li.find("a")
        count = link.find("span", cls="todo-count").text
        label = link.text.removeprefix(count).strip()
        found[label] = (int(count), link.attrs["href"])
    return found


def home(client_for: Any, name: str | None) -> str:
    response = client_for(name).get("/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def deadlines(province_ledger: Any) -> None:
    plan("ZB-BOF-1", -5)  # 淄博, steel: overdue
    plan("ZB-BF-1", 20)  # 淄博, steel: within 30 days
    plan("ZB-CL-1", 75)  # 淄博, cement: within 90 days
    plan("LY-BF-1", 45)  # 临沂, steel: within 60 days
    plan("LY-CO-1", 120)  # 临沂, coking: beyond 90 days


def test_a_city_officer_sees_their_citys_deadlines_counted_and_linked(
    client_for: Any, users: dict[str, Any], deadlines: None
) -> None:
    items = todo(home(client_for, "zibo"))
    assert items["逾期未退出的生产线"] == (1, "/ledger/?overdue=on")
    assert items["30 天内到完成期限的生产线"] == (1, "/ledger/?due=30")
    assert items["60 天内到完成期限的生产线"] == (1, "/ledger/?due=60")
    assert items["90 天内到完成期限的生产线"] == (2, "/ledger/?due=90")
    linyi = todo(home(client_for, "linyi"))
    assert linyi["逾期未退出的生产线"][0] == 0
    assert [linyi[f"{d} 天内到完成期限的生产线"][0] for d in (30, 60, 90)] == [0, 1, 1]


def test_the_deadline_links_open_the_ledger_list_filtered_alike(
    client_for: Any, users: dict[str, Any], deadlines: None
) -> None:
    client = client_for("zibo")
    for query, expected in (("due=30", ["ZB-BF-1"]), ("due=90", ["ZB-BF-1", "ZB-CL-1"]),
                            ("overdue=on", ["ZB-BOF-1"])):  # fmt: skip
        rows = table_rows(parse(client.get(f"/ledger/?{query}").content.decode()), cls="dense")
        assert sorted(r["生产线"].text for r in rows) == expected, query
    # Every count is the length of the list it links to (one pass counts, the lists filter).
    for name in ("zibo", "linyi", "industry", "province"):
        client = client_for(name)
        for label, (count, url) in todo(client.get("/").content.decode()).items():
            if url.startswith("/ledger/?"):
                listed = parse(client.get(url).content.decode()).find("p", cls="count").text
                assert listed.startswith(f"共 {count} 条生产线"), (name, label, listed)


def test_the_windows_include_the_deadline_day_and_not_the_day_after(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    plan("ZB-BF-1", 0)  # due today: within 30 days, not overdue
    plan("ZB-BOF-1", 30)  # the last day of the 30-day window
    plan("ZB-CL-1", 31)  # the first day beyond it
    items = todo(home(client_for, "zibo"))
    assert items["30 天内到完成期限的生产线"][0] == 2
    assert items["60 天内到完成期限的生产线"][0] == 3
    assert items["逾期未退出的生产线"][0] == 0
    plan("ZB-BF-1", -1)
    items = todo(home(client_for, "zibo"))
    assert items["逾期未退出的生产线"][0] == 1 and items["30 天内到完成期限的生产线"][0] == 1


def test_a_department_sees_its_industries_in_every_city(
    client_for: Any, users: dict[str, Any], deadlines: None
) -> None:
    items = todo(home(client_for, "industry"))  # steel and coking
    assert items["逾期未退出的生产线"][0] == 1
    assert [items[f"{d} 天内到完成期限的生产线"][0] for d in (30, 60, 90)] == [1, 2, 2]
    assert "本范围待处理的异议" in items
    assert "“三个一批”计划未报送" not in items


def test_the_province_counts_everything_and_lists_the_cities_that_have_not_filed(
    client_for: Any, users: dict[str, Any], deadlines: None
) -> None:
    quarter = current_quarter(timezone.localdate())
    zibo, linyi = City.objects.get(name="淄博"), City.objects.get(name="临沂")
    with acting_as(None, via="测试", name="测试数据"):
        QuarterlyReport.objects.create(city=zibo, quarter=quarter, narrative="按计划推进")
        CityPlan.objects.create(city=linyi, status=CityPlan.Status.SUBMITTED,
                                submitted_at=timezone.now())  # fmt: skip
        CityPlan.objects.create(city=zibo, status=CityPlan.Status.DRAFT)
    html = home(client_for, "province")
    items = todo(html)
    assert items["逾期未退出的生产线"][0] == 1
    assert [items[f"{d} 天内到完成期限的生产线"][0] for d in (30, 60, 90)] == [1, 2, 3]
    root = parse(html)
    cards = {s.find("h2").text: s for s in root.iter("section") if s.find_all("h2")}
    label = Quarter.parse(quarter).label
    reports = cards[f"{label}未报送调度情况的市：15 个"].find("p", cls="city-list")
    names = [a.text for a in reports.iter("a")]
    assert names[:4] == ["济南市", "青岛市", "枣庄市", "东营市"] and "淄博市" not in names
    assert names[-1] == "菏泽市" and names.index("临沂市") < names.index("德州市")
    plans = cards["未报送“三个一批”计划的市：15 个"].find("p", cls="city-list")
    plan_links = {a.text: a.attrs["href"] for a in plans.iter("a")}
    assert "临沂市" not in plan_links and plan_links["淄博市"] == "/supervision/plans/370300/"


def test_a_city_officer_is_told_of_the_quarters_report_and_the_plan_until_filed(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    quarter = current_quarter(timezone.localdate())
    label = Quarter.parse(quarter).label
    items = todo(home(client_for, "zibo"))
    assert items[f"{label}调度情况未报送"] == (1, f"/supervision/quarters/?quarter={quarter}")
    assert items["“三个一批”计划未报送"] == (1, "/supervision/plans/370300/")
    zibo = City.objects.get(name="淄博")
    with acting_as(None, via="测试", name="测试数据"):
        QuarterlyReport.objects.create(city=zibo, quarter=quarter, narrative="按计划推进")
        CityPlan.objects.create(city=zibo, status=CityPlan.Status.SUBMITTED,
                                submitted_at=timezone.now())  # fmt: skip
    items = todo(home(client_for, "zibo"))
    assert f"{label}调度情况未报送" not in items and "“三个一批”计划未报送" not in items


@pytest.fixture
def assessed(users: dict[str, Any]) -> AssessmentRun:
    with acting_as(users["province"]):
        run = start_run(users["province"])
    run.refresh_from_db()  # run at once by the test's task backend
    assert run.status == AssessmentRun.Status.DONE
    return run


def _dispute(client_for: Any) -> Any:
    response = client_for("enterprise_user").post(
        f"/objections/new/?line=ZB-BF-1&rule={BF_RULE}", {"reason": "有效容积为 1080 立方米。"}
    )
    assert response.status_code == 302
    return response["Location"]


def test_objections_wait_for_the_officer_they_are_assigned_to(
    client_for: Any, users: dict[str, Any], assessed: AssessmentRun
) -> None:
    _dispute(client_for)
    assert todo(home(client_for, "zibo"))["待您处理的异议"] == (
        1, "/objections/?status=open&mine=1")  # fmt: skip
    assert todo(home(client_for, "linyi"))["待您处理的异议"][0] == 0
    assert todo(home(client_for, "province"))["待处理的异议（全省）"] == (
        1, "/objections/?status=open")  # fmt: skip
    assert todo(home(client_for, "industry"))["本范围待处理的异议"][0] == 1


def test_imports_awaiting_confirmation_link_to_the_batch(
    client_for: Any, users: dict[str, Any]
) -> None:
    batch = ImportBatch.objects.create(user=users["zibo"], original_name="台账.xlsx",
                                       file="imports/x.xlsx", status=Status.PREVIEWED)  # fmt: skip
    ImportBatch.objects.create(user=users["zibo"], original_name="旧.xlsx",
                               file="imports/y.xlsx", status=Status.APPLIED)  # fmt: skip
    assert todo(home(client_for, "zibo"))["待确认的导入"] == (1, f"/imports/{batch.pk}/")
    ImportBatch.objects.create(user=users["zibo"], original_name="又一份.xlsx",
                               file="imports/z.xlsx", status=Status.PREVIEWED)  # fmt: skip
    assert todo(home(client_for, "zibo"))["待确认的导入"] == (2, "/imports/")
    assert todo(home(client_for, "linyi"))["待确认的导入"][0] == 0  # one's own imports only


def test_the_province_is_told_of_a_finished_assessment_awaiting_publication(
    client_for: Any, users: dict[str, Any], assessed: AssessmentRun
) -> None:
    assert todo(home(client_for, "province"))["已完成、待公示的全省评估"] == (1, "/assessments/")
    with acting_as(users["province"]):
        publish_run(assessed, True)
    assert todo(home(client_for, "province"))["已完成、待公示的全省评估"][0] == 0


def test_an_enterprise_sees_its_findings_deadlines_and_objections(
    client_for: Any, users: dict[str, Any], assessed: AssessmentRun, deadlines: None
) -> None:
    html = home(client_for, "enterprise_user")
    assert "本企业尚无已公示的评估结论" in html  # not published yet
    with acting_as(users["province"]):
        publish_run(assessed, True)
    objection_url = _dispute(client_for)
    root = parse(home(client_for, "enterprise_user"))
    findings = table_rows(root, after="评估结论")
    by_line = {r["生产线编号"].text: r for r in findings}
    assert by_line["ZB-BF-1"]["结论"].text == "淘汰退出"
    assert by_line["ZB-BF-1"]["生产线编号"].href == "/ledger/lines/ZB-BF-1/"
    deadlines_rows = table_rows(root, after="退出期限")
    assert [(r["生产线编号"].text, r["状态"].text) for r in deadlines_rows] == [
        ("ZB-BOF-1", "逾期未退出"), ("ZB-BF-1", "还有 20 天")]  # fmt: skip
    objections = table_rows(root, after="本企业的异议")
    assert [(r["编号"].href, r["状态"].text) for r in objections] == [(objection_url, "待处理")]
    items = todo(str(home(client_for, "enterprise_user")))
    assert items["逾期未退出的生产线"][0] == 1 and items["90 天内到完成期限的生产线"][0] == 1
    assert items["待处理的异议"][0] == 1
    assert '<a href="/dashboard/selfcheck/">企业自查</a>' in home(client_for, "enterprise_user")
    assert "临沂" not in root.find("main").text  # nothing of another enterprise


def test_the_public_sees_the_published_list_and_the_self_check(
    client_for: Any, users: dict[str, Any], assessed: AssessmentRun
) -> None:
    html = home(client_for, None)
    assert "尚未公示" in html and 'aria-label="待办事项"' not in html
    with acting_as(users["province"]):
        publish_run(assessed, True)
    root = parse(home(client_for, None))
    links = {a.attrs.get("href"): a.text for a in root.find("main").iter("a")}
    published = links["/assessments/public/"]
    count, text = published.split("条", 1)
    assert int(count) >= 1 and text == "生产线列入已公示的淘汰退出名单"
    assert "/dashboard/selfcheck/" in links and "/replacement/credit/" in links
    assert "/login/" in links
