"""What is wrong with an entry of a data file is said in Chinese, whoever found it: the
loader's own checks or pydantic's validation of the entry's shape."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from resolute.core.datafile import DataFileError, field_path, read_yaml, validation_error


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    rate: float = Field(default=1.0, gt=0)
    basis: Literal["national", "provincial"] = "national"
    confirmed: bool = True


def _problem(raw: object) -> str:
    with pytest.raises(ValidationError) as info:
        Entry.model_validate(raw)
    error = validation_error(DataFileError, "rates.yaml", info.value, "rates[0] x")
    assert (error.path, error.entry) == ("rates.yaml", "rates[0] x")
    return error.message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "编号：缺少此项"),
        ({"id": "x", "rte": 2}, "rte：不是可用的项（拼写有误？）"),
        ({"id": "x", "rate": "high"}, "费率：应为数字"),
        ({"id": "x", "rate": 0}, "费率：应大于 0"),
        ({"id": "x", "basis": "local"}, "basis：应为 'national'、'provincial'"),
        ({"id": "x", "confirmed": "maybe"}, "confirmed：应为 true 或 false"),
        ({"id": ["x"]}, "编号：应为文字"),
    ],
)
def test_pydantic_problems_are_said_in_chinese(raw: object, message: str) -> None:
    assert _problem(raw) == message


def test_an_error_names_the_file_and_the_entry_in_chinese() -> None:
    assert str(DataFileError("a.yaml", "rules[0] x", "规则编号重复")) == (
        "文件 a.yaml，条目 rules[0] x：规则编号重复"
    )
    assert str(DataFileError("a.yaml", "(file)", "无法读取")) == "文件 a.yaml：无法读取"


def test_an_unreadable_file_and_a_file_not_in_yaml_are_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="无法读取") as info:
        read_yaml(tmp_path / "missing.yaml", DataFileError)
    assert info.value.entry == "(file)"
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="不是有效的 YAML"):
        read_yaml(bad, DataFileError)


def test_a_problem_deep_in_an_entry_is_placed_in_chinese() -> None:
    assert field_path(("rates", 0, "effective_from")) == "费率第 1 项的生效日期"
    assert field_path(("issued", "doc_date")) == "发文信息的发文日期"
    assert field_path(("rte",)) == "rte"  # a misspelt key, as the user wrote it
