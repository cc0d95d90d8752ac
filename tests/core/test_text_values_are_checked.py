"""Values that would break a page, an export or a database column are refused at
validation, with the sheet, row and column, whatever path they come by (file, form, API)."""

from __future__ import annotations

from typing import Any

import pytest

from resolute.core import schema
from resolute.core.credit_code import complete
from resolute.core.ledger import CellError, LedgerInvalid, RawRow, check_text, validate, visible

CODE = complete("91370300MA3C00001")


def _validate(ent: dict[str, Any] | None = None, line: dict[str, Any] | None = None) -> None:
    enterprise = {"credit_code": CODE, "name": "淄博某钢铁有限公司", "city": "淄博",
                  "county": "张店区", "industry": "steel", **(ent or {})}  # fmt: skip
    row = {"line_id": "ZB-BF-1", "credit_code": CODE, "equipment": "blast_furnace", **(line or {})}
    validate([RawRow("企业", 2, enterprise)], [RawRow("生产线", 3, row)])


def _errors(**kwargs: Any) -> list[tuple[str, int | None, str | None, str]]:
    with pytest.raises(LedgerInvalid) as caught:
        _validate(**kwargs)
    return [(e.sheet, e.row, e.column, e.message) for e in caught.value.errors]


def test_a_clean_ledger_passes() -> None:
    _validate()


@pytest.mark.parametrize("char", ["\x0b", "\x00", "\x1f", "\x7f", "\x85"])
def test_a_name_with_a_control_character_is_refused_at_its_cell(char: str) -> None:
    [(sheet, row, column, message)] = _errors(ent={"name": f"某{char}钢铁"})
    assert (sheet, row, column) == ("企业", 2, "name")
    assert f"U+{ord(char):04X}" in message and "控制字符" in message


def test_a_line_break_inside_a_name_is_kept() -> None:
    _validate(ent={"name": "某钢铁\n（二厂）"})


@pytest.mark.parametrize("line_id", ["370303-INJ/9999", "BF 01", "BF#1", "BF?1", "-BF", ".."])
def test_a_line_id_outside_the_stated_characters_is_refused(line_id: str) -> None:
    [(sheet, row, column, message)] = _errors(line={"line_id": line_id})
    assert (sheet, row, column) == ("生产线", 3, "line_id")
    assert "生产线编号" in message or "开头" in message


@pytest.mark.parametrize("line_id", ["370303-BF-0001", "SD_01.a", "淄博1号高炉", "B1"])
def test_line_ids_of_letters_digits_and_separators_pass(line_id: str) -> None:
    _validate(line={"line_id": line_id})


def test_a_line_id_of_exactly_64_characters_passes_and_65_is_refused() -> None:
    _validate(line={"line_id": "A" * 64})
    [(_, _, column, message)] = _errors(line={"line_id": "A" * 65})
    assert column == "line_id" and "65" in message and "64" in message


def test_a_name_of_200_characters_passes_and_201_is_refused() -> None:
    _validate(ent={"name": "钢" * 200})
    [(_, row, column, message)] = _errors(ent={"name": "钢" * 201})
    assert (row, column) == (2, "name") and "200" in message


def test_text_limits_are_the_schema_limits() -> None:
    spec = schema.LINE_FIELD_BY_KEY["responsible_person"]
    assert check_text(spec, "张" * spec.max_length)
    with pytest.raises(CellError):
        check_text(spec, "张" * (spec.max_length + 1))


def test_a_county_of_another_city_is_refused() -> None:
    [(_, row, column, message)] = _errors(ent={"county": "兰山区"})
    assert (row, column) == (2, "county")
    assert "临沂" in message and "淄博" in message


def test_a_county_that_is_no_county_is_refused() -> None:
    [(_, _, column, message)] = _errors(ent={"county": "不存在区"})
    assert column == "county" and "不是淄博市的县" in message


def test_an_enum_quoting_a_nul_is_shown_without_it() -> None:
    [(_, _, column, message)] = _errors(ent={"industry": "steel\x00"})
    assert column == "industry" and "\x00" not in message and "\ufffd" in message
    assert visible("a\x00b\tc") == "a\ufffdb\tc"


def test_the_quick_look_for_invisible_characters_agrees_with_the_rule_everywhere() -> None:
    from resolute.core.ledger import _INVISIBLE, _invisible

    disagree = [hex(cp) for cp in range(0x110000)
                if (_INVISIBLE.search(chr(cp)) is not None) != _invisible(chr(cp))]  # fmt: skip
    assert disagree == []
    assert visible("a\x00b\x85c\ud800d\tе\n") == "a\ufffdb\ufffdc\ufffdd\tе\n"
