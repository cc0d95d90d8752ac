"""Templates word values through ``{% load words %}`` (resolute.core.words), never by hand."""

from __future__ import annotations

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
     (True, "", "是"), (350000000.0, "electricity_kwh", "350000000")],
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
