"""Reading the data files (rulebook, targets, scoring rules, cities) the same way.

Each kind of file has its own error class so callers can tell them apart, but all of them
name the file and the entry at fault, and all read YAML through :func:`read_yaml`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError


class Issued(BaseModel):
    """The version block of a policy data file (``issued:`` beside ``version:``): from when
    the version applies and the document that issued it. Read by every loader; a date may be
    blank only where the document's date was not found (``note`` says so)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    effective: dt.date
    doc_number: str = ""
    doc_title: str
    doc_date: dt.date | None = None
    publisher: str
    note: str = ""


class DataFileError(Exception):
    """A data file that cannot be used, with the file and the entry at fault."""

    def __init__(self, path: Path | str, entry: str, message: str) -> None:
        self.path = str(path)
        self.entry = entry
        self.message = message
        where = f"文件 {path}" if entry == "(file)" else f"文件 {path}，条目 {entry}"
        super().__init__(f"{where}：{message}")


# ─── YAML ───────────────────────────────────────────────────────────────────────────

#: Chinese names of the date fields of the data files, for the message on a date that does
#: not exist (a key not listed here is named as it is written).
DATE_FIELDS: dict[str, str] = {
    "effective": "生效日期",
    "doc_date": "发文日期",
    "deadline": "完成期限",
    "effective_from": "生效日期",
    "counted_from": "起算日期",
    "plan_start": "方案起始日期",
}


@dataclass(frozen=True)
class BadDate:
    """A date as written that does not exist (``2022-02-30``), and its line in the file."""

    text: str
    line: int


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, on libyaml's C parser where PyYAML has it (the same content, several
    times faster: the rulebook and the targets are read by every new server process); a date that does not exist is read as a :class:`BadDate`, so that
    :func:`parse_yaml` can name where it stands rather than fail with ValueError."""


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return BadDate(str(node.value), node.start_mark.line + 1)


Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _bad_date(
    value: Any, where: tuple[str | int, ...] = ()
) -> tuple[tuple[str | int, ...], BadDate] | None:
    """The first date that does not exist in ``value``, with the keys and indices to it."""
    if isinstance(value, BadDate):
        return where, value
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        found = _bad_date(item, (*where, key))
        if found is not None:
            return found
    return None


def _bad_date_error(
    error: type[DataFileError], path: Path | str, data: Any
) -> DataFileError | None:
    """The error naming the entry and the field of a date that does not exist, if any."""
    found = _bad_date(data)
    if found is None:
        return None
    where, bad = found
    keys = [k for k in where if isinstance(k, str)]
    field = DATE_FIELDS.get(keys[-1], keys[-1]) if keys else "日期"
    message = f"{field}“{bad.text}”不是存在的日期（第 {bad.line} 行）"
    if len(where) >= 2 and isinstance(where[0], str) and isinstance(where[1], int):
        section, index = where[0], where[1]
        return error(path, entry_name(section, index, data[section][index]), message)
    return error(path, str(where[0]) if where else "(file)", message)


def parse_yaml(content: bytes | str, path: Path | str, error: type[DataFileError]) -> Any:
    """``content`` read as YAML; invalid YAML or a date that does not exist raises ``error``
    naming the file (and, for the date, the entry, the field and the line)."""
    try:
        data = yaml.load(content, Loader=Loader)  # a safe loader (see Loader)
    except yaml.YAMLError as exc:
        raise error(path, "(file)", f"不是有效的 YAML：{exc}") from exc
    bad = _bad_date_error(error, path, data)
    if bad is not None:
        raise bad
    return data


def read_yaml(path: Path, error: type[DataFileError]) -> tuple[Any, str]:
    """The parsed content of ``path`` and the SHA-256 of its bytes (for versions).

    An unreadable file, invalid YAML or a date that does not exist raises ``error`` naming
    the file (see :func:`parse_yaml`).
    """
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise error(path, "(file)", f"无法读取：{exc.strerror}") from exc
    return parse_yaml(raw_bytes, path, error), hashlib.sha256(raw_bytes).hexdigest()


def entry_name(section: str, index: int, entry: Any) -> str:
    """How an error names an entry: its section, position and id, e.g. ``rules[3] steel.x``."""
    ident = entry.get("id", "?") if isinstance(entry, dict) else "?"
    return f"{section}[{index}] {ident}"


#: What pydantic found, in Chinese, by the kind of error (``ctx`` fills the placeholders).
PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "缺少此项",
    "extra_forbidden": "不是可用的项（拼写有误？）",
    "string_type": "应为文字",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "dict_type": "应为“键: 值”的映射",
    "model_type": "应为“键: 值”的映射",
    "model_attributes_type": "应为“键: 值”的映射",
    "date_type": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_inexact": "应为日期 YYYY-MM-DD",
    "literal_error": "应为 {expected}",
    "enum": "应为 {expected}",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "too_short": "至少应有 {min_length} 项",
    "too_long": "至多应有 {max_length} 项",
    "string_too_short": "不能为空",
    "finite_number": "应为有限的数字",
}


def pydantic_message(problem: Any) -> str:
    """One problem pydantic found, in Chinese; a validator's own message (a ValueError it
    raised) as written; anything else as pydantic words it."""
    ctx = problem.get("ctx") or {}
    if problem["type"] == "value_error" and "error" in ctx:
        return str(ctx["error"])
    template = PYDANTIC_MESSAGES.get(problem["type"])
    if template is None:
        return str(problem["msg"])
    values = {
        k: f"{v:g}" if isinstance(v, float) else str(v).replace("' or '", "'、'")
        for k, v in ctx.items()
    }
    try:
        return template.format(**values)
    except KeyError:
        return str(problem["msg"])


#: The Chinese names of the data files' keys, for what pydantic finds in an entry (a key not
#: listed is named as written: a misspelt one is shown as the user wrote it).
FIELD_NAMES: dict[str, str] = {
    "id": "编号", "clause": "条款", "wording": "原文表述", "documents": "文件目录",
    "document": "依据文件", "source": "依据", "note": "说明", "label": "名称",
    "title": "文件名称", "reason": "理由", "exemption": "豁免原文", "action": "措施",
    "target": "目标值", "value_min": "目标下限", "value_max": "目标上限", "period": "目标期",
    "start": "开始日期", "end": "截止日期", "timing": "时限", "ratio": "比例",
    "rate": "费率", "rates": "费率", "threshold": "加价起点", "step": "每档步长",
    "rate_per_step": "每档加价", "tiers": "分档", "up_to_pct": "超定额比例上限（%）",
    "surcharge_pct": "加价比例（%）", "base_price": "基本水价", "value": "数值",
    "weight": "权重", "unit": "单位", "industry": "行业", "equipment": "装置",
    "doc_number": "文号", "doc_title": "发文标题", "publisher": "发布机关",
    "version": "版本号", "issued": "发文信息", **DATE_FIELDS,
}  # fmt: skip


def field_path(loc: tuple[Any, ...]) -> str:
    """Where in an entry pydantic found a problem, in Chinese: ``rates.0.effective_from`` →
    费率第 1 项的生效日期."""
    names: list[str] = []
    for part in loc:
        if isinstance(part, int) and names:
            names[-1] += f"第 {part + 1} 项"
        else:
            names.append(FIELD_NAMES.get(str(part), str(part)))
    return "的".join(names)


def validation_error(
    error: type[DataFileError], path: Path | str, exc: ValidationError, entry: str | None = None
) -> DataFileError:
    """The first problem pydantic found, as ``error`` naming the file and the entry (or, with
    no entry given, the location pydantic reports)."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    message = pydantic_message(first)
    if entry is None:
        return error(path, where or "(file)", message)
    field = field_path(tuple(first["loc"]))
    return error(path, entry, f"{field}：{message}" if field else message)


def check_entry(
    error: type[DataFileError], path: Path | str, entry: str, model: type[BaseModel], raw: Any
) -> None:
    """Validate one entry on its own, so that an error names it rather than a list index."""
    try:
        model.model_validate(raw)
    except ValidationError as exc:
        raise validation_error(error, path, exc, entry) from exc
