"""Reading the data files (rulebook, targets, scoring rules, cities) the same way.

Each kind of file has its own error class so callers can tell them apart, but all of them
name the file and the entry at fault, and all read YAML through :func:`read_yaml`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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


#: libyaml's safe loader where PyYAML has it (the same content, several times faster: the
#: rulebook and the targets are read by every new server process), else the pure-Python one.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, error: type[DataFileError]) -> tuple[Any, str]:
    """The parsed content of ``path`` and the SHA-256 of its bytes (for versions).

    An unreadable file or invalid YAML raises ``error`` naming the file.
    """
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise error(path, "(file)", f"无法读取：{exc.strerror}") from exc
    try:
        return yaml.load(raw_bytes, Loader=_LOADER), hashlib.sha256(raw_bytes).hexdigest()
    except yaml.YAMLError as exc:
        raise error(path, "(file)", f"不是有效的 YAML：{exc}") from exc


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
    return error(path, entry, f"{where}：{message}" if where else message)


def check_entry(
    error: type[DataFileError], path: Path | str, entry: str, model: type[BaseModel], raw: Any
) -> None:
    """Validate one entry on its own, so that an error names it rather than a list index."""
    try:
        model.model_validate(raw)
    except ValidationError as exc:
        raise validation_error(error, path, exc, entry) from exc
