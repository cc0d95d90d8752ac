"""The data files are read with libyaml's C parser where PyYAML has it (they are read at
every start-up), as safely as with the Python one; a date that does not exist is an error
naming the file, the entry, the field and the line, in Chinese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from resolute.core import datafile
from resolute.core.datafile import DataFileError, parse_yaml, read_yaml


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
def test_the_loader_is_the_c_one_where_pyyaml_has_it() -> None:
    assert issubclass(datafile.Loader, yaml.CSafeLoader)


def test_the_loader_reads_what_the_safe_loader_reads_and_nothing_more() -> None:
    text = "a: 2021-12-31\nb: [1, 2.5, true, null, '2021-02-30']\nc: {d: 文字}\n"
    assert parse_yaml(text, "a.yaml", DataFileError) == yaml.safe_load(text)
    assert parse_yaml(text, "a.yaml", DataFileError)["a"] == dt.date(2021, 12, 31)
    with pytest.raises(DataFileError, match="不是有效的 YAML"):
        parse_yaml("x: !!python/object:os.system {}", "a.yaml", DataFileError)


def test_a_date_that_does_not_exist_names_the_entry_the_field_and_the_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rates.yaml"
    path.write_text("version: '1'\nrates:\n  - id: first\n    effective_from: 2021-01-01\n"
                    "  - id: second\n    effective_from: 2022-02-30\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(DataFileError) as caught:
        read_yaml(path, DataFileError)
    assert (caught.value.path, caught.value.entry) == (str(path), "rates[1] second")
    assert caught.value.message == "生效日期“2022-02-30”不是存在的日期（第 6 行）"


def test_a_date_outside_a_list_names_its_block() -> None:
    with pytest.raises(DataFileError) as caught:
        parse_yaml("issued:\n  effective: 2023-02-29\n", "p.yaml", DataFileError)
    assert caught.value.entry == "issued"
    assert caught.value.message == "生效日期“2023-02-29”不是存在的日期（第 2 行）"
