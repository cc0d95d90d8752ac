"""The risk register of exits (五(二)): workers to resettle and heat supply to replace.

Built from a core :class:`~resolute.core.ledger.Ledger` and the line numbers that must exit,
so the page, a test or a script get the same figures.

**Employees affected (职工安置).** For every enterprise with at least one line that must exit
(elimination outcome of the latest assessment, or an exit obligation), the employees of its
latest yearly figures (年平均从业人员) are counted:

- in full when every line it had in place at the plan's start must exit (the enterprise
  closes);
- otherwise in proportion to the exiting share of its capacity, when all its lines state a
  capacity in one and the same unit (a steel plant's 万吨铁 and 万吨钢 cannot be added);
- otherwise in proportion to the exiting share of its lines, and marked so.

The figure is rounded half up to whole persons. An enterprise without a known head count is
listed, and its employees counted as unknown rather than as zero.

**Heat supply (居民供暖替代).** Coal units (燃煤发电机组) that must exit and supply heat
(抽凝 or 背压), and units whose heat cannot be replaced (热力无法接续) that carry any duty
(an obligation such as a retrofit, or an elimination outcome).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from resolute.core import schema
from resolute.core.ledger import Ledger
from resolute.core.obligations import line_frame

Basis = Literal["whole", "capacity", "lines"]
BASIS_LABELS: dict[str, str] = {
    "whole": "全部退出，按企业全部职工计",
    "capacity": "部分退出，按退出产能占比折算",
    "lines": "部分退出，按退出生产线数量占比折算（产能单位不一或不全）",
}
HEATING_TYPES = frozenset({"extraction", "back_pressure"})


@dataclass(frozen=True, slots=True)
class AffectedEnterprise:
    credit_code: str
    name: str
    city: str
    county: str
    industry: str
    employees: int | None
    exiting: tuple[str, ...]
    lines: int
    share: float
    basis: Basis
    affected: int | None


@dataclass(frozen=True, slots=True)
class HeatUnit:
    line_id: str
    credit_code: str
    name: str
    city: str
    county: str
    unit_mw: float | None
    unit_type: str | None
    heat_irreplaceable: bool | None
    must_exit: bool

    @property
    def reason(self) -> str:
        if self.heat_irreplaceable:
            return "热力无法接续，须改造后保障供热"
        return "供热机组须关停退出，须落实替代热源"


@dataclass
class CityRisks:
    city: str
    enterprises: list[AffectedEnterprise] = field(default_factory=list)
    heat_units: list[HeatUnit] = field(default_factory=list)

    @property
    def employees(self) -> int:
        return sum(e.affected or 0 for e in self.enterprises)

    @property
    def employees_unknown(self) -> int:
        """Enterprises whose head count is not known."""
        return sum(1 for e in self.enterprises if e.affected is None)

    @property
    def heat_mw(self) -> float:
        return sum(u.unit_mw or 0.0 for u in self.heat_units)


def _round(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _share(rows: list[dict[str, Any]], exiting: set[str]) -> tuple[float, Basis]:
    leaving = [r for r in rows if r["line_id"] in exiting]
    if len(leaving) == len(rows):
        return 1.0, "whole"
    units = {schema.EQUIPMENT_BY_CODE[r["equipment"]].capacity_unit for r in rows}
    capacities = [r["capacity"] for r in rows]
    if len(units) == 1 and "" not in units and all(c is not None for c in capacities):
        total = sum(capacities)
        if total > 0:
            return sum(r["capacity"] for r in leaving) / total, "capacity"
    return len(leaving) / len(rows), "lines"


def register(
    ledger: Ledger,
    must_exit: Iterable[str],
    with_duty: Iterable[str],
    plan_start: dt.date,
    cities: Iterable[str] = (),
) -> dict[str, CityRisks]:
    """The register by city (``cities`` first, in their order, then any other).

    ``must_exit``: line numbers that must exit; ``with_duty``: line numbers with any
    obligation or an elimination outcome (for the heat units kept for heat).
    """
    exiting = set(must_exit)
    duty = set(with_duty) | exiting
    frame = line_frame(ledger, plan_start)
    by_city: dict[str, CityRisks] = {c: CityRisks(c) for c in cities}
    by_enterprise: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in frame.iter_rows(named=True):
        by_enterprise[row["credit_code"]].append(row)
        if row["equipment"] == "coal_unit" and row["line_id"] in duty:
            heating = row["line_id"] in exiting and row["unit_type"] in HEATING_TYPES
            if heating or row["heat_irreplaceable"]:
                risks = by_city.setdefault(row["city"] or "", CityRisks(row["city"] or ""))
                risks.heat_units.append(_heat_unit(row, row["line_id"] in exiting))
    for code, rows in sorted(by_enterprise.items()):
        leaving = tuple(sorted(r["line_id"] for r in rows if r["line_id"] in exiting))
        if not leaving:
            continue
        share, basis = _share(rows, exiting)
        first = rows[0]
        employees = first["employees"]
        risks = by_city.setdefault(first["city"] or "", CityRisks(first["city"] or ""))
        risks.enterprises.append(AffectedEnterprise(
            code, first["name"] or "", first["city"] or "", first["county"] or "",
            first["industry"] or "", employees, leaving, len(rows), share, basis,
            None if employees is None else _round(employees * share),
        ))  # fmt: skip
    for risks in by_city.values():
        risks.enterprises.sort(key=lambda e: (-(e.affected or 0), e.name))
        risks.heat_units.sort(key=lambda u: u.line_id)
    return by_city


def _heat_unit(row: dict[str, Any], must_exit: bool) -> HeatUnit:
    return HeatUnit(
        row["line_id"], row["credit_code"], row["name"] or "", row["city"] or "",
        row["county"] or "", row["unit_mw"], row["unit_type"], row["heat_irreplaceable"],
        must_exit,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Totals:
    """The register summed over its cities (an unknown head count adds nothing to
    ``employees`` and one to ``employees_unknown``)."""

    enterprises: int = 0
    employees: int = 0
    employees_unknown: int = 0
    heat_units: int = 0
    heat_mw: float = 0.0


def totals(register: Mapping[str, CityRisks]) -> Totals:
    found = list(register.values())
    return Totals(
        enterprises=sum(len(r.enterprises) for r in found),
        employees=sum(r.employees for r in found),
        employees_unknown=sum(r.employees_unknown for r in found),
        heat_units=sum(len(r.heat_units) for r in found),
        heat_mw=sum(r.heat_mw for r in found),
    )
