"""Bringing a validated core ledger into the stored ledger: plan the change, then apply it.

:func:`plan_changes` compares a ledger (from an import) with what is stored and says, per
enterprise and per line, whether it is new, changed (with before and after) or unchanged,
and which rows the user may not touch. :func:`apply_changes` writes the plan in one
transaction through the recorded models, so every change lands in the history; if anything
fails, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from resolute.core import schema
from resolute.core.ledger import Ledger, LedgerError, county_problem
from resolute.web.ledger.convert import has_values, records_for, split_enterprise, split_line
from resolute.web.ledger.models import (
    City,
    Enterprise,
    EnterpriseYear,
    ExitEvent,
    ExitPlan,
    LedgerVersion,
    Line,
)

Record = dict[str, Any]


@dataclass(frozen=True)
class WriteScope:
    """What one writer may change, given by the caller (``accounts.scoping.write_scope``):
    the stored enterprises in their scope, and whether a record's city and industry are in
    it (for an enterprise they add, or one whose city or industry they change)."""

    enterprises: QuerySet[Enterprise]
    covers: Callable[[Record], bool]


@dataclass
class Change:
    """One record's fate. ``after`` is the whole record as it will be stored: the stored
    values, overlaid with what the file says (see :func:`plan_changes`)."""

    key: str  # credit code or line id
    kind: str  # new, changed, unchanged
    before: Record | None
    after: Record
    #: Fields whose cell was blank in the file and whose stored value is kept.
    kept: list[str] = field(default_factory=list)
    #: Fields the file would change on a verified exit; they keep their stored values.
    protected: list[str] = field(default_factory=list)
    #: The stored record's version when planned; applying checks it is still the same.
    version: int | None = None

    def changed_fields(self) -> list[str]:
        if self.before is None:
            return [k for k, v in self.after.items() if v is not None]
        return [k for k in self.after if not _same(self.before.get(k), self.after.get(k))]


@dataclass
class ChangePlan:
    enterprises: list[Change] = field(default_factory=list)
    lines: list[Change] = field(default_factory=list)
    errors: list[LedgerError] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for name, changes in (("enterprises", self.enterprises), ("lines", self.lines)):
            out[name] = {"new": 0, "changed": 0, "unchanged": 0}
            for c in changes:
                out[name][c.kind] += 1
        return out

    @property
    def has_changes(self) -> bool:
        return any(c.kind != "unchanged" for c in self.enterprises + self.lines)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, int | float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    if isinstance(a, dt.date) and isinstance(b, str):
        return a.isoformat() == b
    return bool(a == b)


def plan_changes(ledger: Ledger, scope: WriteScope | None = None,
                 sheets: tuple[str, str] = ("企业", "生产线"),
                 clear_blanks: bool = False) -> ChangePlan:  # fmt: skip
    """Compare ``ledger`` with the stored ledger. With a writer's ``scope``, rows outside it
    are errors (an officer of 淄博 cannot import an enterprise of 临沂).

    An import changes only what the file says: a column the file does not have
    (``ledger.columns``) never changes a stored value, and a blank cell keeps the stored
    value unless ``clear_blanks`` (the user's explicit choice) is set. A verified exit —
    a line stored as 已退出 with its 实际退出日期 — keeps its status and date whatever the
    file says; only exit verification changes them.
    """
    plan = ChangePlan()
    present = {name: ledger.columns.get(name) or None for name in ("enterprises", "lines")}
    by_row = ledger.row_columns
    incoming = ledger.enterprise_records()
    codes = [str(r["credit_code"]) for r in incoming]
    stored_ents, stored_lines = records_for(Enterprise.objects.filter(credit_code__in=codes))
    before_ent = {r["credit_code"]: r for r in stored_ents}
    before_line = {r["line_id"]: r for r in stored_lines}
    line_ids = [str(r["line_id"]) for r in ledger.line_records()]
    elsewhere = dict(
        Line.objects.filter(line_id__in=line_ids).exclude(enterprise__credit_code__in=codes)
        .values_list("line_id", "enterprise__credit_code")
    )  # fmt: skip
    if scope is not None:
        allowed = set(scope.enterprises.filter(credit_code__in=codes)
                      .values_list("credit_code", flat=True))  # fmt: skip
    for row, rec in enumerate(incoming, start=2):
        code = str(rec["credit_code"])
        before = before_ent.get(code)
        if scope is not None:
            if before is not None and code not in allowed:
                plan.errors.append(LedgerError(sheets[0], row, "credit_code",
                                               f"无权修改企业 {code}（不在您的管辖范围内）"))  # fmt: skip
            elif before is None and not scope.covers(rec):
                plan.errors.append(LedgerError(sheets[0], row, "city",
                                               "无权新增该市或该行业的企业（不在您的管辖范围内）"))  # fmt: skip
        keys = by_row["enterprises"][row - 2] if "enterprises" in by_row else present["enterprises"]
        plan.enterprises.append(_change(code, before, rec, keys, clear_blanks))
    for row, rec in enumerate(ledger.line_records(), start=2):
        line_id = str(rec["line_id"])
        if line_id in elsewhere:
            plan.errors.append(LedgerError(sheets[1], row, "line_id",
                                           f"生产线编号 {line_id} 已属于企业 {elsewhere[line_id]}"))  # fmt: skip
        keys = by_row["lines"][row - 2] if "lines" in by_row else present["lines"]
        plan.lines.append(_change(line_id, before_line.get(line_id), rec, keys, clear_blanks))
    plan.errors.extend(_after_errors(plan, scope, sheets[0]))
    ent_versions = dict(Enterprise.objects.filter(credit_code__in=codes)
                        .values_list("credit_code", "version"))  # fmt: skip
    line_versions = dict(Line.objects.filter(line_id__in=line_ids)
                         .values_list("line_id", "version"))  # fmt: skip
    for c in plan.enterprises:
        c.version = ent_versions.get(c.key)
    for c in plan.lines:
        c.version = line_versions.get(c.key)
    return plan


class EditConflict(Exception):
    """Someone changed a record between the preview (or the form) and the write: nothing
    was written; the user must look at the current values again."""

    def __init__(self, what: list[str]) -> None:
        self.what = what
        shown = "、".join(what[:5]) + (f" 等 {len(what)} 条记录" if len(what) > 5 else "")
        super().__init__(f"{shown}已被他人修改，本次修改未写入；请核对最新数据后重新提交。")


def _check_versions(changes: list[Change], stored: dict[str, Any], noun: str) -> None:
    """Refuse the write when a stored record is no longer at the version planned against."""
    stale = [f"{noun} {c.key}" for c in changes
             if c.key not in stored or stored[c.key].version != c.version]  # fmt: skip
    if stale:
        raise EditConflict(stale)


def _after_errors(plan: ChangePlan, scope: WriteScope | None, sheet: str) -> list[LedgerError]:
    """What the records would become, checked as a whole: the new values must stay in the
    writer's scope (a 淄博 officer cannot move an enterprise to 临沂, a department cannot
    hand an enterprise to another department's industry), the county must belong to the
    city (a file may change the city and leave the county column out), and an enterprise's
    industry must fit the equipment of every line it keeps."""
    errors: list[LedgerError] = []
    incoming_lines = {c.key: c.after for c in plan.lines}
    changed = [c for c in plan.enterprises if c.kind == "changed"]
    if not changed:
        return errors
    stored_lines: dict[str, list[tuple[str, str]]] = {}
    for code, line_id, equipment in (
        Line.objects.filter(enterprise__credit_code__in=[c.key for c in changed])
        .values_list("enterprise__credit_code", "line_id", "equipment")
    ):  # fmt: skip
        stored_lines.setdefault(code, []).append((line_id, equipment))
    rows = {c.key: row for row, c in enumerate(plan.enterprises, start=2)}
    for c in changed:
        before, after, row = c.before or {}, c.after, rows[c.key]
        for key in ("city", "industry"):
            moved = not _same(before.get(key), after.get(key))
            if moved and scope is not None and not scope.covers(after):
                errors.append(LedgerError(sheet, row, key, _out_of_scope(key, after)))
        problem = county_problem(after.get("city"), after.get("county"))
        if problem and not _same(before.get("city"), after.get("city")):
            errors.append(
                LedgerError(sheet, row, "county", problem + "（所在市已改，请同时填写县）")
            )
        elif problem and not _same(before.get("county"), after.get("county")):
            errors.append(LedgerError(sheet, row, "county", problem))
        industry = after.get("industry")
        if industry == before.get("industry") or not isinstance(industry, str):
            continue
        for line_id, equipment in stored_lines.get(c.key, []):
            equipment = str(incoming_lines.get(line_id, {}).get("equipment") or equipment)
            spec = schema.EQUIPMENT_BY_CODE[equipment]
            if spec.industry != industry:
                errors.append(LedgerError(sheet, row, "industry",
                    f"行业不能改为“{schema.INDUSTRY_BY_CODE[industry].label}”：该企业的生产线 "
                    f"{line_id}（{spec.label}）属于“{schema.INDUSTRY_BY_CODE[spec.industry].label}”"
                ))  # fmt: skip
                break
    return errors


def _out_of_scope(key: str, after: Record) -> str:
    if key == "city":
        return f"无权把企业的所在市改为“{after.get('city')}”（超出您的管辖范围）"
    label = schema.INDUSTRY_BY_CODE[str(after.get("industry"))].label
    return f"无权把企业的行业改为“{label}”（不在您主管的行业内）"


#: A verified exit's fields, which only exit verification changes.
VERIFIED_EXIT_FIELDS = ("status", "exited_on")


def is_verified_exit(record: Record) -> bool:
    return record.get("status") == "exited" and record.get("exited_on") is not None


def _change(key: str, before: Record | None, incoming: Record,
            present: frozenset[str] | None = None, clear_blanks: bool = False) -> Change:  # fmt: skip
    """The change ``incoming`` makes to ``before``: only the columns ``present`` in the file
    (all when None), blank cells only when ``clear_blanks``, never a verified exit."""
    if before is None:
        return Change(key, "new", None, incoming)
    after = {k: before.get(k) for k in incoming}
    kept: list[str] = []
    for k, v in incoming.items():
        if present is not None and k not in present:
            continue
        if v is None and not clear_blanks:
            if before.get(k) is not None:
                kept.append(k)
            continue
        after[k] = v
    protected: list[str] = []
    if is_verified_exit(before):
        for k in VERIFIED_EXIT_FIELDS:
            if not _same(before.get(k), after.get(k)):
                protected.append(k)
                after[k] = before.get(k)
    same = all(_same(before.get(k), v) for k, v in after.items())
    return Change(key, "unchanged" if same else "changed", before, after, kept, protected)


#: What a long step reports: (stage in Chinese, done, total); total 0 when not known.
Progress = Callable[[str, int, int], None]


def parts_of(plan: ChangePlan, size: int) -> list[ChangePlan]:
    """The plan in parts of at most ``size`` enterprises, each with those enterprises'
    lines (every line of an import names an enterprise of the same file), for writing a
    large import part by part."""
    lines: dict[str, list[Change]] = {}
    for c in plan.lines:
        lines.setdefault(str(c.after.get("credit_code")), []).append(c)
    parts = []
    for start in range(0, len(plan.enterprises), max(size, 1)):
        ents = plan.enterprises[start : start + max(size, 1)]
        parts.append(ChangePlan(ents, [ln for e in ents for ln in lines.get(e.key, [])]))
    return parts


def apply_changes(plan: ChangePlan, verified_by: Any = None,
                  fail_after: int | None = None,
                  progress: Progress | None = None) -> dict[str, dict[str, int]]:  # fmt: skip
    """Write ``plan`` in one transaction (inside an ``acting_as`` block).

    ``fail_after`` makes the write raise after that many objects: tests use it to prove
    that a failure in the middle leaves the ledger as it was. ``progress`` is told how many
    of the plan's objects are written, as they are (for a progress bar).
    """
    if plan.errors:
        raise ValueError("the plan has errors and cannot be applied")
    written = [0, 0]  # objects written; of them, the plan's enterprises and lines
    total = sum(1 for c in plan.enterprises + plan.lines if c.kind != "unchanged")

    def tick(n: int = 1, changes: bool = True) -> None:
        written[0] += n
        if fail_after is not None and written[0] > fail_after:
            raise RuntimeError("injected failure while applying an import")
        if changes:  # the progress counts the plan's records, not their years, plans, exits
            written[1] += n
            if progress is not None:
                progress("写入台账", min(written[1], total), total)

    cities = {c.name: c for c in City.objects.all()}
    try:
        with transaction.atomic():
            LedgerVersion.bump()  # first, before any row is locked (see LedgerVersion.bump)
            ent_by_code = _apply_enterprises(plan, cities, tick)
            _apply_lines(plan, ent_by_code, verified_by, tick)
    except IntegrityError as exc:  # a record created by someone else since the preview
        raise EditConflict([str(exc).splitlines()[0][:80]]) from exc
    return plan.counts()


def _apply_enterprises(plan: ChangePlan, cities: dict[str, City],
                       tick: Callable[..., None]) -> dict[str, Enterprise]:  # fmt: skip
    new_ents, new_years = [], []
    for c in plan.enterprises:
        own, year = split_enterprise(c.after)
        if c.kind == "new":
            new_ents.append(Enterprise(city=cities[str(c.after["city"])], **own))
            new_years.append(year)
    created = Enterprise.objects.create_recorded(new_ents)
    tick(len(created))
    years = [EnterpriseYear(enterprise=e, **y) for e, y in zip(created, new_years, strict=True)
             if has_values(y.values())]  # fmt: skip
    EnterpriseYear.objects.create_recorded(years)
    tick(len(years), changes=False)
    codes = [c.key for c in plan.enterprises]
    changing = [c for c in plan.enterprises if c.kind == "changed"]
    # Lock what is about to change, then check nobody changed it since the plan was made:
    # a second, concurrent apply waits here and then finds the new versions.
    # With their city: every change of them and of their lines names it in the history
    # (audit_scope); without it, one query per enterprise.
    locked = {e.credit_code: e for e in Enterprise.objects.select_for_update(of=("self",))
              .select_related("city")
              .filter(credit_code__in=[c.key for c in changing])}  # fmt: skip
    _check_versions(changing, locked, "企业")
    by_code = {e.credit_code: e for e in Enterprise.objects.select_related("city")
               .filter(credit_code__in=codes)}  # fmt: skip
    by_code.update(locked)
    for c in changing:
        changed = set(c.changed_fields())
        own, year = split_enterprise(c.after)
        ent = by_code[c.key]
        for k, v in own.items():
            if k in changed:  # only what this import changes: never revert another's edit
                setattr(ent, k, v)
        if "city" in changed:
            ent.city = cities[str(c.after["city"])]
        ent.version += 1
        ent.save()
        row = EnterpriseYear.objects.filter(enterprise=ent, year=year["year"]).first()
        if row is None:
            row = EnterpriseYear(enterprise=ent)
        for k, v in year.items():
            if row.pk is None or k in changed:
                setattr(row, k, v)
        if row.pk is not None or has_values(year.values()):
            row.save()
        tick(1)
    return by_code


def _apply_lines(plan: ChangePlan, ents: dict[str, Enterprise], verified_by: Any,
                 tick: Callable[..., None]) -> None:  # fmt: skip
    new_lines, extras = [], []
    for c in plan.lines:
        if c.kind == "new":
            own, plan_fields = split_line(c.after)
            new_lines.append(Line(enterprise=ents[str(c.after["credit_code"])], **own))
            extras.append((plan_fields, c.after.get("exited_on")))
    created = Line.objects.create_recorded(new_lines)
    tick(len(created))
    plans = [ExitPlan(line=ln, **p) for ln, (p, _) in zip(created, extras, strict=True)
             if has_values(p.values())]  # fmt: skip
    ExitPlan.objects.create_recorded(plans)
    exits = [ExitEvent(line=ln, exited_on=on, capacity=ln.capacity, verified_by=verified_by,
                       note="由台账导入")
             for ln, (_, on) in zip(created, extras, strict=True) if on is not None]  # fmt: skip
    ExitEvent.objects.create_recorded(exits)
    tick(len(plans) + len(exits), changes=False)
    changing = [c for c in plan.lines if c.kind == "changed"]
    existing = {ln.line_id: ln for ln in Line.objects.select_for_update(of=("self",))
                .filter(line_id__in=[c.key for c in changing])
                .select_related("enterprise__city")}  # fmt: skip
    _check_versions(changing, existing, "生产线")
    for c in changing:
        changed = set(c.changed_fields())
        own, plan_fields = split_line(c.after)
        line = existing[c.key]
        for k, v in own.items():
            if k in changed:
                setattr(line, k, v)
        line.version += 1
        line.save()
        exit_plan = ExitPlan.objects.filter(line=line).first()
        if exit_plan is not None or has_values(plan_fields.values()):
            new_plan = exit_plan is None
            exit_plan = exit_plan or ExitPlan(line=line)
            for k, v in plan_fields.items():
                if new_plan or k in changed:
                    setattr(exit_plan, k, v)
            exit_plan.save()
        on = c.after.get("exited_on")
        if on is not None and not ExitEvent.objects.filter(line=line, exited_on=on).exists():
            ExitEvent(line=line, exited_on=on, capacity=line.capacity, verified_by=verified_by,
                      note="由台账导入").save()  # fmt: skip
        tick(1)
