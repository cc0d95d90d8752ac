"""Every data file under resolute/data is checked at start-up: a broken one stops
``manage.py check`` with its id, the file and the entry at fault, in Chinese."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from resolute.core import cities, classes, evaluation, pricing, replacement, rulebook, targets
from resolute.web.front.checks import DATA_FILES, check_data_files

DATA = Path(rulebook.__file__).resolve().parent.parent / "data"
MODULES: dict[str, ModuleType] = {
    "rulebook.yaml": rulebook, "targets.yaml": targets, "pricing.yaml": pricing,
    "replacement.yaml": replacement, "classes.yaml": classes, "cities.yaml": cities,
    "evaluation.yaml": evaluation,
}  # fmt: skip


def _clear_caches() -> None:
    for data_file in DATA_FILES:
        data_file.load.cache_clear()  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fresh_loaders() -> Iterator[None]:
    """The loaders cache what they read: each test reads the files anew, and leaves the
    bundled files to be read again by the tests after it."""
    _clear_caches()
    yield
    _clear_caches()


def _set(path: str, value: Any) -> Callable[[Any], None]:
    """A change to the parsed file: ``path`` as ``key.index.key`` into the YAML."""

    def change(raw: Any) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        for p in parents:
            raw = raw[p]
        raw[last] = value

    return change


def _broken_copy(tmp_path: Path, name: str, change: Callable[[Any], None]) -> Path:
    raw = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    change(raw)
    broken = tmp_path / name
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return broken


def test_the_bundled_data_files_pass() -> None:
    assert check_data_files() == []


def test_every_data_file_has_a_check_with_its_own_id() -> None:
    assert sorted(d.name for d in DATA_FILES) == sorted(p.name for p in DATA.glob("*.yaml"))
    assert [d.id for d in DATA_FILES] == [f"resolute.E00{i}" for i in range(1, 8)]


# file, the change that breaks one entry, the check's id, how the error names the entry
BROKEN = [
    ("rulebook.yaml", _set("rules.3.industry", "glass"), "resolute.E001",
     "rule steel.technology.bof_nominal"),
    ("targets.yaml", _set("targets.5.unit", None), "resolute.E002",
     "targets[5] steel.pig_iron.2021_2022.outside_corridor"),
    ("pricing.yaml", _set("electricity.1.rates", []), "resolute.E003", "electricity.1"),
    ("replacement.yaml", _set("ratios.2.ratio", -1), "resolute.E004", "ratios cement.clinker.key"),
    ("classes.yaml", _set("indicators.1.weight", "heavy"), "resolute.E005",
     "indicators.1.weight"),
    ("cities.yaml", _set("cities.3.code", "12345"), "resolute.E006", "cities[3] 枣庄"),
    ("evaluation.yaml", _set("completion.weight", "heavy"), "resolute.E007",
     "completion.weight"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "change", "check_id", "entry"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_a_broken_entry_fails_its_check_naming_the_file_and_the_entry(
    name: str,
    change: Callable[[Any], None],
    check_id: str,
    entry: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = _broken_copy(tmp_path, name, change)
    monkeypatch.setattr(MODULES[name], "DEFAULT_PATH", broken)
    errors = check_data_files()
    assert [(e.id, e.level) for e in errors] == [(check_id, checks.ERROR)]
    message = errors[0].msg
    assert message.startswith(f"数据文件 {broken} 无法使用（")
    assert f"条目 {entry}：" in message
    assert re.search(r"[\u4e00-\u9fff]", message.rsplit("：", 1)[1])  # what is wrong, in Chinese
    assert "manage.py check" in (errors[0].hint or "")


def test_a_missing_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "cities.yaml"
    monkeypatch.setattr(cities, "DEFAULT_PATH", gone)
    [error] = check_data_files()
    assert error.id == "resolute.E006"
    assert error.msg.startswith(f"数据文件 {gone} 无法使用（16 市及其县（市、区））：")
    assert "条目" not in error.msg  # the whole file, not one entry


def test_a_broken_file_stops_manage_py_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = _broken_copy(tmp_path, "pricing.yaml", _set("electricity.1.rates", []))
    monkeypatch.setattr(pricing, "DEFAULT_PATH", broken)
    with pytest.raises(SystemCheckError) as raised:
        call_command("check")
    assert "(resolute.E003)" in str(raised.value) and str(broken) in str(raised.value)


# file, a date as written in it, the date's field in Chinese
NONEXISTENT_DATES = [
    ("targets.yaml", "deadline: 2022-12-31", "完成期限"),
    ("rulebook.yaml", "counted_from: 2021-01-01", "起算日期"),
    ("pricing.yaml", "effective_from: 2021-08-01", "生效日期"),
    ("evaluation.yaml", "effective: 2021-01-01", "生效日期"),
]


@pytest.mark.parametrize(("name", "written", "field"), NONEXISTENT_DATES,
                         ids=[d[0] for d in NONEXISTENT_DATES])  # fmt: skip
def test_a_date_that_does_not_exist_is_named_by_file_entry_field_and_line(
    name: str, written: str, field: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    key = written.split(":")[0]
    bad = f"{key}: 2022-02-30"
    broken = tmp_path / name
    broken.write_text(text.replace(written, bad, 1), encoding="utf-8")
    line = text[: text.index(written)].count("\n") + 1
    monkeypatch.setattr(MODULES[name], "DEFAULT_PATH", broken)
    [error] = check_data_files()  # a named error, not a ValueError at start-up
    assert f"{field}“2022-02-30”不是存在的日期（第 {line} 行）" in error.msg
    assert error.msg.startswith(f"数据文件 {broken} 无法使用（") and "条目 " in error.msg
    with pytest.raises(SystemCheckError) as raised:
        call_command("check")
    assert "不是存在的日期" in str(raised.value)


def test_the_entry_of_a_nonexistent_date_is_the_one_it_stands_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (DATA / "targets.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    index = next(i for i, t in enumerate(raw["obligations"]) if t.get("deadline"))
    task = raw["obligations"][index]
    written = f"deadline: {task['deadline'].isoformat()}"
    start = text.index(f"id: {task['id']}")
    at = text.index(written, start)
    broken = tmp_path / "targets.yaml"
    broken.write_text(text[:at] + "deadline: 2021-02-29" + text[at + len(written):],
                      encoding="utf-8")  # fmt: skip
    monkeypatch.setattr(targets, "DEFAULT_PATH", broken)
    [error] = check_data_files()
    assert (
        f"条目 obligations[{index}] {task['id']}：完成期限“2021-02-29”不是存在的日期" in error.msg
    )
