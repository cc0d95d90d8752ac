"""The ledger (台账) as the system of record: cities, enterprises, lines, exit plans and exits.

The columns of an enterprise's figures and of a line's equipment attributes are made from the
core schema (``resolute.core.schema``), so the database, the interchange format and the
rulebook always speak of the same fields with the same units; the core validates values.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import IntegrityError, models, transaction
from django.dispatch import Signal

from resolute.core import schema
from resolute.core.schema import FieldSpec, Kind
from resolute.web.audit.models import Recorded

# Text lengths come from the schema, which validation checks on every database alike.
_ENT, _LINE = schema.ENTERPRISE_FIELD_BY_KEY, schema.LINE_FIELD_BY_KEY
INDUSTRY_CHOICES = [(i.code, i.label) for i in schema.INDUSTRIES]
EQUIPMENT_CHOICES = [(e.code, e.label) for e in schema.EQUIPMENT]

#: Enterprise keys kept on the enterprise itself; the rest of its row are yearly figures.
ENTERPRISE_KEYS = ("credit_code", "name", "city", "county", "industry", "in_chemical_park",
                   "permits_unfixable", "independent_coking", "plant_coking_capacity_10kt",
                   "in_steel_layout")  # fmt: skip
YEAR_KEYS = tuple(f.key for f in schema.ENTERPRISE_FIELDS
                  if f.key not in ENTERPRISE_KEYS and f.key != "year")  # fmt: skip
#: Line keys that belong to the exit plan and to the verified exit.
PLAN_KEYS = ("exit_method", "exit_deadline", "responsible_unit", "responsible_person")
EXIT_KEYS = ("exited_on",)
LINE_KEYS = tuple(f.key for f in schema.LINE_FIELDS
                  if f.key not in PLAN_KEYS + EXIT_KEYS + ("credit_code",))  # fmt: skip


def model_field(spec: FieldSpec) -> models.Field[Any, Any]:
    """The database column for one schema field; every column admits unknown (NULL)."""
    common: dict[str, Any] = {"verbose_name": spec.label, "null": True, "blank": True,
                              "help_text": spec.unit}  # fmt: skip
    if spec.kind is Kind.NUMBER:
        return models.FloatField(validators=[MinValueValidator(0)], **common)
    if spec.kind is Kind.INTEGER:
        return models.BigIntegerField(validators=[MinValueValidator(0)], **common)
    if spec.kind is Kind.BOOL:
        return models.BooleanField(**common)
    if spec.kind is Kind.DATE:
        return models.DateField(**common)
    if spec.kind is Kind.ENUM:
        return models.CharField(max_length=48, choices=[(c.code, c.label) for c in spec.choices],
                                **common)  # fmt: skip
    return models.CharField(max_length=spec.max_length, **common)


class City(models.Model):
    name = models.CharField("市", max_length=10, unique=True)
    code = models.CharField("行政区划代码", max_length=6, unique=True)
    corridor = models.BooleanField("京津冀大气污染传输通道城市", default=False)
    lat = models.FloatField("纬度")
    lon = models.FloatField("经度")

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "市"

    def __str__(self) -> str:
        return f"{self.name}市"


class County(models.Model):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="counties",
                             verbose_name="市")  # fmt: skip
    name = models.CharField("县（市、区）", max_length=20)
    code = models.CharField("行政区划代码", max_length=6, unique=True)
    corridor_excluded = models.BooleanField("钢铁通道任务除外", default=False)

    class Meta:
        ordering = ["code"]
        unique_together = [("city", "name")]
        verbose_name = verbose_name_plural = "县（市、区）"

    def __str__(self) -> str:
        return f"{self.city.name}{self.name}"


#: Sent at every raise of the :class:`LedgerVersion`, inside the write's transaction (what is
#: computed from the ledger queues its rebuild for when that transaction commits).
ledger_changed = Signal()


class LedgerVersion(models.Model):
    """The version of the ledger data, one row: every write of an enterprise, its yearly
    figures, a line, an exit plan or a verified exit raises it in the write's own
    transaction (:meth:`LedgerData.before_write`), whichever way it comes (page, import,
    API, objection, exit verification, command).

    What is computed from the ledger may be kept (by any server, any process) under the
    version it read: once the version moved, it is stale. ``stamp`` is new at every raise,
    so that a raise rolled back and another one committed never give the same version.
    """

    number = models.BigIntegerField("版本号", default=0)
    stamp = models.CharField("版本标记", max_length=32, default="")

    class Meta:
        verbose_name = verbose_name_plural = "台账数据版本"

    ROW = 1

    @classmethod
    def current(cls) -> tuple[int, str]:
        """(number, stamp) as this transaction sees it; (0, "") before any write."""
        row = cls.objects.filter(pk=cls.ROW).values_list("number", "stamp").first()
        return (row[0], row[1]) if row else (0, "")

    @classmethod
    def bump(cls) -> None:
        """Raise the version in the current transaction. The row stays locked until the
        transaction ends, so writes of the ledger follow one another; taking it before any
        ledger row (as every write does) keeps them from waiting on each other in a circle."""
        with transaction.atomic():
            stamp = secrets.token_hex(16)
            if cls.objects.filter(pk=cls.ROW).update(number=models.F("number") + 1, stamp=stamp):
                ledger_changed.send(cls)
                return
            try:  # the row is gone (a flushed database): the first write makes it again
                with transaction.atomic():
                    cls.objects.create(pk=cls.ROW, number=1, stamp=stamp)
            except IntegrityError:  # made by another writer meanwhile
                cls.objects.filter(pk=cls.ROW).update(number=models.F("number") + 1, stamp=stamp)
        ledger_changed.send(cls)


class LedgerData(Recorded):
    """A model of the ledger's data: its writes raise the :class:`LedgerVersion`."""

    class Meta:
        abstract = True

    @classmethod
    def before_write(cls) -> None:
        LedgerVersion.bump()


class Enterprise(LedgerData):
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("企业名称", max_length=_ENT["name"].max_length, db_index=True)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="enterprises",
                             verbose_name="所在市")  # fmt: skip
    county = models.CharField(
        "县（市、区）", max_length=_ENT["county"].max_length, blank=True, default="", db_index=True
    )
    industry = models.CharField("行业", max_length=24, choices=INDUSTRY_CHOICES, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    #: Raised by every change of the enterprise or its yearly figures: a write prepared
    #: against another version is refused (optimistic concurrency, see ledger.services).
    version = models.PositiveIntegerField("版本", default=1)

    audit_exclude = ("version",)

    class Meta:
        ordering = ["city__code", "name"]
        verbose_name = verbose_name_plural = "企业"
        indexes = [models.Index(fields=["city", "industry"])]

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[str, str]:
        return self.credit_code, self.city.name

    def latest_year(self) -> EnterpriseYear | None:
        return self.years.order_by(models.F("year").desc(nulls_last=True)).first()


class EnterpriseYear(LedgerData):
    """An enterprise's figures for one year (用地、税收、能耗、从业人员、收入 …)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="years",
                                   verbose_name="企业")  # fmt: skip
    year = models.IntegerField("数据年度", null=True, blank=True)

    class Meta:
        ordering = ["enterprise", "-year"]
        unique_together = [("enterprise", "year")]
        verbose_name = verbose_name_plural = "企业年度数据"

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.year or '年度未知'}"

    def audit_scope(self) -> tuple[str, str]:
        return self.enterprise.audit_scope()


class Line(LedgerData):
    """A production line, unit, mine or device (生产线、装置、机组、矿井)."""

    line_id = models.CharField("生产线编号", max_length=_LINE["line_id"].max_length, unique=True)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="lines",
                                   verbose_name="企业")  # fmt: skip
    equipment = models.CharField("装置类型", max_length=32, choices=EQUIPMENT_CHOICES)
    status = models.CharField("运行状态", max_length=16, default="operating",
                              choices=[(c.code, c.label) for c in
                                       schema.LINE_FIELD_BY_KEY["status"].choices])  # fmt: skip
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    #: Raised by every change of the line or its exit plan (see Enterprise.version).
    version = models.PositiveIntegerField("版本", default=1)

    audit_exclude = ("version",)

    class Meta:
        ordering = ["enterprise", "line_id"]
        verbose_name = verbose_name_plural = "生产线"
        indexes = [models.Index(fields=["equipment", "status"])]

    def __str__(self) -> str:
        return f"{self.line_id} {schema.EQUIPMENT_BY_CODE[self.equipment].label}"

    def audit_scope(self) -> tuple[str, str]:
        return self.enterprise.audit_scope()

    @property
    def capacity_unit(self) -> str:
        return schema.EQUIPMENT_BY_CODE[self.equipment].capacity_unit


class ExitPlan(LedgerData):
    """How and by when a line exits, and who answers for it (二(四)3)."""

    line = models.OneToOneField(Line, on_delete=models.PROTECT, related_name="exit_plan",
                                verbose_name="生产线")  # fmt: skip

    class Meta:
        verbose_name = verbose_name_plural = "退出计划"
        # Overdue lines are listed by deadline (the dashboards, the ledger's 逾期 filter).
        indexes = [models.Index(fields=["exit_deadline"], name="exit_plan_deadline")]

    def __str__(self) -> str:
        return f"{self.line.line_id} 退出计划"

    def audit_scope(self) -> tuple[str, str]:
        return self.line.audit_scope()


class ExitEvent(LedgerData):
    """A verified exit: the date, the capacity withdrawn and the evidence."""

    line = models.ForeignKey(Line, on_delete=models.PROTECT, related_name="exits",
                             verbose_name="生产线")  # fmt: skip
    exited_on = models.DateField("实际退出日期")
    capacity = models.FloatField("退出产能", null=True, blank=True,
                                 validators=[MinValueValidator(0)])  # fmt: skip
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name="核实人")  # fmt: skip
    note = models.TextField("说明", blank=True, default="")

    class Meta:
        ordering = ["-exited_on"]
        verbose_name = verbose_name_plural = "退出核实"

    def __str__(self) -> str:
        return f"{self.line.line_id} 于 {self.exited_on} 退出"

    def audit_scope(self) -> tuple[str, str]:
        return self.line.audit_scope()


class ExitEvidence(Recorded):
    event = models.ForeignKey(ExitEvent, on_delete=models.PROTECT, related_name="evidence",
                              verbose_name="退出核实")  # fmt: skip
    file = models.FileField("证明材料", upload_to="exit-evidence/%Y/%m/")
    title = models.CharField("名称", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "退出证明材料"

    def __str__(self) -> str:
        return self.title or self.file.name

    def audit_scope(self) -> tuple[str, str]:
        return self.event.audit_scope()


# Columns made from the core schema (see the module docstring).
for _spec in schema.ENTERPRISE_FIELDS:
    if _spec.key in ENTERPRISE_KEYS[5:]:
        Enterprise.add_to_class(_spec.key, model_field(_spec))
    elif _spec.key in YEAR_KEYS:
        EnterpriseYear.add_to_class(_spec.key, model_field(_spec))
for _spec in schema.LINE_FIELDS:
    if _spec.key in LINE_KEYS and _spec.key not in ("line_id", "equipment", "status"):
        Line.add_to_class(_spec.key, model_field(_spec))
    elif _spec.key in PLAN_KEYS:
        ExitPlan.add_to_class(_spec.key, model_field(_spec))
