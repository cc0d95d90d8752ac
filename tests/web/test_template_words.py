"""Templates word values through ``{% load words %}`` (resolute.core.words), never by hand."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template

import resolute


def render(source: str, **values: object) -> str:
    return Template("{% load words %}" + source).render(Context(values))


@pytest.mark.parametrize(
    "value,key,text",
    [(None, "", "未知"), ("", "county", "未知"), ("steel", "industry", "钢铁"),
     (True, "", "是"), (350000000.0, "electricity_kwh", "350,000,000")],
)  # fmt: skip
def test_the_words_filter_reads_a_stored_value(value: object, key: str, text: str) -> None:
    assert render("{{ v|words:k }}", v=value, k=key) == text


def test_a_quantity_has_its_unit_only_when_known() -> None:
    assert render('{{ v|quantity:"万吨/年" }}', v=300.0) == "300 万吨/年"
    assert render('{{ v|quantity:"万吨/年" }}', v=None) == "未知"
    assert render("{% unknown %}") == "未知"


def test_no_template_spells_unknown_for_a_missing_value() -> None:
    """“未知” as a fallback (default filters, else branches) comes from the words library."""
    root = Path(resolute.__file__).parent / "web"
    fallback = re.compile(r'default(_if_none)?:"未知"|%\}\s*未知\s*\{%')
    spelled = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if fallback.search(path.read_text(encoding="utf-8"))
    ]
    assert spelled == []


@pytest.mark.parametrize(
    "source,value,text",
    [
        ("{{ v|thousands }}", 1234567.8, "1,234,567.8"),
        ("{{ v|thousands:0 }}", 1234567.8, "1,234,568"),
        ("{{ v|thousands }}", None, "未知"),
        ("{{ v|thousands }}", "1234.5", "1,234.5"),  # a figure from JSON, read exactly
        ("{{ v|wan_yuan }}", 185377947064.10, "18,537,794.71"),
        ('{{ v|wan_yuan:"万元" }}', 2300, "2,300.00"),
        ("{{ v|yi_yuan }}", 185377947064.10, "1,853.78"),
        ('{{ v|yi_yuan:"万元" }}', None, "未知"),
        ('{{ v|in_unit:"千瓦时>万千瓦时" }}', 120650739, "12,065.07"),
        ('{{ v|in_unit:"兆瓦→万千瓦" }}', 350, "35"),
        ("{{ v|quantity:'万吨/年' }}", 1200.0, "1,200 万吨/年"),
        ("{{ v|pct }}", 74.66, "74.7%"),
        ("{{ v|pct }}", None, "—"),
        ("{{ v|ratio_pct }}", 0.7466, "74.7%"),
        ("{{ v|date_zh }}", dt.date(2022, 12, 31), "2022年12月31日"),
        ("{{ v|date_iso }}", dt.date(2022, 12, 31), "2022-12-31"),
        ("{{ v|date_iso }}", "2022-12-31", "2022-12-31"),
        ("{{ v|date_zh }}", None, "—"),
    ],
)
def test_figure_filters(source: str, value: object, text: str) -> None:
    assert render(source, v=value) == text


def test_a_date_time_is_dated_in_the_local_time_zone() -> None:
    late = dt.datetime(2022, 12, 31, 17, 0, tzinfo=dt.UTC)  # 01:00 on 1 January in 济南
    assert render("{{ v|date_zh }}", v=late) == "2023年1月1日"


def test_a_text_that_is_no_number_is_refused() -> None:
    with pytest.raises(ValueError, match="abc"):
        render("{{ v|thousands }}", v="abc")


def test_a_person_is_named_by_the_display_name_not_the_login(users: dict[str, object]) -> None:
    assert render("{{ u|person }}", u=users["industry"]) == "省工信厅"
    assert render("{{ u|person }}", u=users["zibo"]) == "zibo（淄博市）"  # no display name
    assert render("{{ u|person }}", u=users["no_role"]) == "no_role"
