"""The registry of counted things read from a workbook filled in the web template's format
(columns 计数目标, 名称, 所在市, 备注 on the first sheet), for the command line."""

from __future__ import annotations

from pathlib import Path

from resolute.core import registry
from resolute.core.ledger import LedgerError, LedgerInvalid
from resolute.core.targets import Targets
from resolute.io.readers import xlsx_tables


class RegistryInvalid(ValueError):
    """A registry workbook that cannot be used, with every problem found."""

    def __init__(self, problems: list[LedgerError]) -> None:
        super().__init__(f"{len(problems)} 处错误")
        self.problems = problems


def read_registry(path: str | Path, book: Targets) -> list[registry.RegistryEntry]:
    """Every entry of the workbook's first sheet; :class:`RegistryInvalid` listing every bad
    row (or an unreadable file) when any is wrong, so that nothing is half-read."""
    try:
        tables = xlsx_tables(Path(path))
    except LedgerInvalid as exc:
        raise RegistryInvalid(list(exc.errors)) from None
    table = next(iter(tables.values()), [])
    if not table:
        raise RegistryInvalid([LedgerError("", None, "", "工作簿是空的")])
    headers = ["" if v is None else str(v) for v in table[0][1]]
    rows = [(n, values) for n, values in table[1:] if any(v not in (None, "") for v in values)]
    entries, problems = registry.read_rows(book, headers, rows)
    if problems:
        raise RegistryInvalid(problems)
    return [registry.RegistryEntry(e.target_id, e.name, e.city) for e in entries]
