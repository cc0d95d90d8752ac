"""The change history (变更记录) of ledger data: who changed what, when, from what to what.

Ledger models inherit :class:`Recorded`. Their ``save`` and ``delete`` write an
:class:`AuditEvent` in the same transaction, naming the actor from
:mod:`resolute.web.audit.context`. Their querysets refuse the bulk shortcuts that would
bypass this (``update``, ``bulk_update``), and offer :meth:`RecordedQuerySet.create_recorded`
for bulk inserts that still record every row. Events themselves can never be changed.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction

from resolute.web.audit.context import current_actor

R = TypeVar("R", bound="Recorded")


class ImmutableError(RuntimeError):
    pass


def _json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The stored values of ``obj`` as JSON-ready data, foreign keys by id (without the
    fields the model names in ``audit_exclude``, such as a token's digest)."""
    out: dict[str, Any] = {}
    excluded = getattr(obj, "audit_exclude", ())
    for field in obj._meta.concrete_fields:
        if getattr(field, "auto_now", False) or field.name in excluded:
            continue  # a timestamp that every save moves is not a change of data
        if isinstance(field, models.FileField):
            out[field.attname] = str(getattr(obj, field.attname) or "")
        else:
            out[field.attname] = _json(getattr(obj, field.attname))
    return out


class AuditEvent(models.Model):
    """One recorded change. Never edited, never deleted."""

    ACTIONS = [("create", "新增"), ("update", "修改"), ("delete", "删除")]

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    actor_name = models.CharField("操作人名称", max_length=150)
    via = models.CharField("途径", max_length=20, blank=True)
    action = models.CharField("操作", max_length=10, choices=ACTIONS)
    model = models.CharField("对象类型", max_length=50, db_index=True)
    object_pk = models.CharField("对象编号", max_length=64, db_index=True)
    object_repr = models.CharField("对象", max_length=200)
    enterprise_code = models.CharField("统一社会信用代码", max_length=18, blank=True,
                                       db_index=True)  # fmt: skip
    city = models.CharField("所在市", max_length=10, blank=True, db_index=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = verbose_name_plural = "变更记录"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableError("变更记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError("变更记录不可删除")

    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field that differs."""
        before, after = self.before or {}, self.after or {}
        keys = [k for k in (after or before) if before.get(k) != after.get(k)]
        return [(k, before.get(k), after.get(k)) for k in keys]


def record(
    obj: models.Model,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    scope: tuple[str, str] = ("", ""),
) -> AuditEvent:
    """Write one event for a change of ``obj`` that is not a :class:`Recorded` save (such as
    publishing an assessment run), naming the current actor; call it in the change's
    transaction."""
    actor = current_actor()
    code, city = scope
    return AuditEvent.objects.create(
        actor=actor.user, actor_name=actor.name, via=actor.via, action=action,
        model=obj._meta.model_name or "", object_pk=str(obj.pk), object_repr=str(obj)[:200],
        enterprise_code=code, city=city, before=before, after=after,
    )  # fmt: skip


class RecordedQuerySet(models.QuerySet[R]):
    def update(self, **kwargs: Any) -> int:
        """Change each object through ``save`` so that every change is recorded."""
        count = 0
        with transaction.atomic():
            self.model.before_write()  # before the rows are locked (see before_write)
            for obj in self.select_for_update():
                for key, value in kwargs.items():
                    setattr(obj, key, value)
                obj.save()
                count += 1
        return count

    def delete(self) -> tuple[int, dict[str, int]]:
        count = 0
        with transaction.atomic():
            for obj in self:
                obj.delete()
                count += 1
        return count, {self.model._meta.label: count}

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise ImmutableError("bulk_update 会绕过变更记录；请逐个保存或使用 update()")

    def create_recorded(self, objs: Sequence[R], batch_size: int = 2000) -> list[R]:
        """Insert many new objects at once and record a creation event for each."""
        with transaction.atomic():
            if objs:
                self.model.before_write()
            created = super().bulk_create(objs, batch_size=batch_size)
            if created and created[0].pk is None:  # back-ends that do not return ids
                raise ImmutableError("数据库未返回新对象的编号，无法记录变更")
            AuditEvent.objects.bulk_create(
                [o._event("create", None, snapshot(o)) for o in created], batch_size=batch_size
            )
        return created

    def bulk_create(self, objs: Iterable[R], *args: Any, **kwargs: Any) -> list[R]:
        raise ImmutableError("bulk_create 会绕过变更记录；请使用 create_recorded()")


class Recorded(models.Model):
    """A model whose every change is written to the history."""

    objects = RecordedQuerySet.as_manager()
    #: Fields never copied into the history (secrets, digests).
    audit_exclude: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def audit_scope(self) -> tuple[str, str]:
        """(enterprise credit code, city) that the change belongs to, for scoped views."""
        return "", ""

    @classmethod
    def before_write(cls) -> None:
        """Called in a write's transaction before any row of it is written or locked; the
        ledger's models raise the ledger version here (resolute.web.ledger.models)."""

    def _event(self, action: str, before: dict[str, Any] | None,
               after: dict[str, Any] | None) -> AuditEvent:  # fmt: skip
        actor = current_actor()
        code, city = self.audit_scope()
        return AuditEvent(
            actor=actor.user, actor_name=actor.name, via=actor.via, action=action,
            model=self._meta.model_name or "", object_pk=str(self.pk),
            object_repr=str(self)[:200], enterprise_code=code, city=city,
            before=before, after=after,
        )  # fmt: skip

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic():
            self.before_write()
            before = None
            if self.pk is not None:
                old = type(self)._base_manager.filter(pk=self.pk).first()
                before = snapshot(old) if old is not None else None
            super().save(*args, **kwargs)
            after = snapshot(self)
            if before != after:
                self._event("create" if before is None else "update", before, after).save()

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            self.before_write()
            event = self._event("delete", snapshot(self), None)
            result = super().delete(*args, **kwargs)
            event.save()
            return result
