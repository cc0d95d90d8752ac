"""Drafting, review and publication of policy versions: one place for every step, whatever
page, API or command asks for it.

A draft (草稿) starts from the version in force and is edited in forms; each save writes the
whole text again and the core parser checks it as strictly as start-up does. It is
submitted (待审核), and a second province administrator either approves it with an
effective date — it is then published (已发布) and part of the history — or returns it
(已退回) with a note, after which it can be edited and submitted again.

Four eyes: whoever created the draft, changed its content or submitted it can never approve
it (:func:`approve` refuses, whatever page asked). Every step is one save of the row, so the
audit app records it with its actor (the model is ``Recorded``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import yaml
from django.db import transaction
from django.utils import timezone

from resolute.core import policies
from resolute.core.policies import PolicyError, VersionInfo
from resolute.web.audit.models import AuditEvent
from resolute.web.policies import editing, services, yamltext
from resolute.web.policies.models import PolicyVersion

#: A version label: 2023.1, 2023-02, v3 … (letters, digits, dot, dash, underscore).
LABEL = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,39}")
#: The largest YAML file an import accepts (the bundled targets file is about 150 KB).
MAX_UPLOAD_BYTES = 2 * 1024 * 1024

EDITABLE = (PolicyVersion.DRAFT, PolicyVersion.REJECTED)
T = TypeVar("T")


class ReviewError(Exception):
    """A step that cannot be taken, with the reason in Chinese for the person who asked."""


# ─── what is in force ────────────────────────────────────────────────────────


@dataclass(frozen=True)
class InForce:
    """The version of a data set in force on a day, and its row (None: the bundled file)."""

    version: policies.Version
    row: PolicyVersion | None


def in_force(dataset: str, as_of: dt.date | None = None) -> InForce:
    day = as_of or timezone.localdate()
    version = services.history(dataset).in_force(day)
    row = PolicyVersion.objects.filter(
        dataset=dataset, label=version.label, status=PolicyVersion.PUBLISHED
    ).first()
    return InForce(version, row)


def labels_taken(dataset: str) -> set[str]:
    taken = set(PolicyVersion.objects.filter(dataset=dataset).values_list("label", flat=True))
    taken.add(policies.bundled(dataset).label)
    return taken


def check_label(dataset: str, label: str, exclude: PolicyVersion | None = None) -> str:
    label = label.strip()
    if not LABEL.fullmatch(label):
        raise ReviewError("版本号只能由数字、字母、点、短横线组成（如 2023.1），不超过 40 个字符")
    taken = labels_taken(dataset)
    if exclude is not None:
        taken.discard(exclude.label)
    if label in taken:
        raise ReviewError(f"{policies.DATASETS[dataset]}已有版本号 {label}，请换一个")
    return label


# ─── the draft's text ─────────────────────────────────────────────────────────


#: libyaml's loader where PyYAML has it: a rulebook reads ten times faster.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CACHE_SIZE = 16


@lru_cache(maxsize=_CACHE_SIZE)
def _loaded(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_LOADER)  # a safe loader (no Python objects)
    except (yaml.YAMLError, ValueError):  # ValueError: a date that does not exist
        return None


def raw_of(version: PolicyVersion) -> Any:
    """The draft's content as plain data, each place its own object (see editing.unshared):
    a copy the caller may change."""
    return editing.unshared(_loaded(version.text))


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_problems(dataset: str, text: str, name: str) -> tuple[str, ...]:
    try:
        policies.parse(dataset, text, name)
    except PolicyError as exc:
        return tuple(exc.problems)
    return ()


def _text(dataset: str, old: str, raw: Any, info: VersionInfo) -> str:
    """The text of ``raw`` with its version block from ``info``: ``old`` with only what
    changed rewritten, its comments and layout kept (written afresh only where that cannot be
    done faithfully)."""
    data = policies.with_info(dataset, raw, info)
    return yamltext.rewrite(old, data) or policies.dump(dataset, data)


def problems(version: PolicyVersion) -> list[str]:
    """Why the version cannot be submitted or approved (empty: it can), in Chinese."""
    # A text is checked once per process (the same text gives the same problems).
    found = list(_parse_problems(version.dataset, version.text,
                                 f"{version.dataset_label} {version.label}"))  # fmt: skip
    info = version.info()
    found.extend(p for p in info.missing() if p != "缺少生效日期")
    return found


def _check_editable(version: PolicyVersion) -> None:
    if version.status not in EDITABLE:
        raise ReviewError(f"{version.get_status_display()}的版本不能修改")


# ─── steps ────────────────────────────────────────────────────────────────────


def start_draft(user: Any, dataset: str, label: str) -> PolicyVersion:
    """A draft of ``dataset`` labelled ``label``, with the content and document of the
    version in force today."""
    policies.check_dataset(dataset)
    label = check_label(dataset, label)
    current = in_force(dataset)
    info = current.version.info
    draft_info = VersionInfo(dataset, label, None, "", info.doc_title, None, info.publisher)
    raw = editing.unshared(_loaded(current.version.text))
    with transaction.atomic():
        return PolicyVersion.objects.create(
            dataset=dataset, label=label, status=PolicyVersion.DRAFT,
            doc_title=draft_info.doc_title, publisher=draft_info.publisher,
            text=_text(dataset, current.version.text, raw, draft_info), based_on=current.row, created_by=user,
        )  # fmt: skip


def import_draft(user: Any, dataset: str, filename: str, content: bytes) -> PolicyVersion:
    """A draft holding an uploaded version file exactly as it is (exported again, it gives
    the same bytes). The file is checked as at start-up; a file that fails is refused with
    every problem found, and nothing is stored."""
    policies.check_dataset(dataset)
    if len(content) > MAX_UPLOAD_BYTES:
        raise ReviewError(f"文件过大（上限 {MAX_UPLOAD_BYTES // 1024 // 1024} MB）")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ReviewError("文件不是 UTF-8 编码的文本，无法读取") from None
    try:
        parsed = policies.parse(dataset, text, filename)
    except PolicyError as exc:
        raise ReviewError("文件未通过检查：" + "；".join(exc.problems)) from exc
    info = parsed.info
    label = check_label(dataset, info.label)
    current = in_force(dataset)
    with transaction.atomic():
        return PolicyVersion.objects.create(
            dataset=dataset, label=label, status=PolicyVersion.DRAFT,
            effective_from=None, doc_number=info.doc_number, doc_title=info.doc_title,
            doc_date=info.doc_date, publisher=info.publisher, text=text,
            based_on=current.row, created_by=user,
        )  # fmt: skip


def _issued(version: PolicyVersion, key: str) -> Any:
    raw = _loaded(version.text)
    issued = raw.get("issued") if isinstance(raw, dict) else None
    return issued.get(key) if isinstance(issued, dict) else None


def proposed_effective(version: PolicyVersion) -> dt.date | None:
    """The effective date the draft's text proposes (its ``issued.effective``), if any."""
    value = _issued(version, "effective")
    return value if isinstance(value, dt.date) else None


def _note(version: PolicyVersion) -> str:
    """The note of the text's version block (kept through every save)."""
    value = _issued(version, "note")
    return value if isinstance(value, str) else ""


def _drafted(version: PolicyVersion) -> VersionInfo:
    """The version block a draft's text states: the row's document, the date it proposes."""
    return VersionInfo(version.dataset, version.label, proposed_effective(version),
                       version.doc_number, version.doc_title, version.doc_date,
                       version.publisher, _note(version))  # fmt: skip


def save_info(version: PolicyVersion, user: Any, *, label: str, doc_number: str,
              doc_title: str, doc_date: dt.date | None, publisher: str,
              proposed: dt.date | None, digest: str) -> list[str]:  # fmt: skip
    """Set the draft's label and document (and the effective date it proposes); the problems
    of the whole draft afterwards."""
    with transaction.atomic():
        version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        _check_editable(version)
        _check_unchanged(version, digest)
        version.label = check_label(version.dataset, label, exclude=version)
        version.doc_number, version.doc_title = doc_number.strip(), doc_title.strip()
        version.doc_date, version.publisher = doc_date, publisher.strip()
        raw = raw_of(version)
        if isinstance(raw, dict):
            info = dataclasses.replace(_drafted(version), effective=proposed)
            version.text = _text(version.dataset, version.text, raw, info)
        version.save()
    return problems(version)


def _locked_draft(version: PolicyVersion, digest: str) -> tuple[PolicyVersion, dict[str, Any]]:
    """The draft, locked for the transaction, and its content: refused when it cannot be
    edited, was changed since the form was shown (``digest``), or its text does not read."""
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    _check_editable(version)
    _check_unchanged(version, digest)
    raw = raw_of(version)
    if not isinstance(raw, dict):
        raise ReviewError("草稿内容无法读取，请重新导入或新建草稿")
    return version, raw


def save_entry(version: PolicyVersion, user: Any, key: str, values: dict[editing.Path, Any],
               digest: str) -> list[str]:  # fmt: skip
    """Put the changed ``values`` (by their place in the data) of entry ``key`` into the
    draft; the problems of the whole draft afterwards."""
    with transaction.atomic():
        version, raw = _locked_draft(version, digest)
        allowed = {f.path for f in editing.entry(version.dataset, raw, key).fields}
        for path, value in values.items():
            if path not in allowed:  # only what the form offered
                raise ReviewError("提交的内容与该条目不符，请重新打开该条目")
            editing.put(raw, path, value)
        version.text = _text(version.dataset, version.text, raw, _drafted(version))
        version.save()
    return problems(version)


def change(version: PolicyVersion, user: Any, digest: str, edit: Callable[[Any], T]) -> T:
    """Change the draft's content with ``edit`` (an entry added or removed, a condition, a
    limit value …) and save it; what ``edit`` returns.

    Refused, and nothing saved, when ``edit`` refuses the values (editing.BadValue) or when
    the loader finds in the changed draft a problem it did not have before: a change made in
    a form is held to the same checks as a file at start-up."""
    with transaction.atomic():
        version, raw = _locked_draft(version, digest)
        before = set(problems(version))
        try:
            result = edit(raw)
        except editing.BadValue as exc:
            raise ReviewError(str(exc)) from None
        except editing.EntryNotFound:
            raise ReviewError("没有这个条目，请重新打开草稿") from None
        version.text = _text(version.dataset, version.text, raw, _drafted(version))
        added = [p for p in problems(version) if p not in before]
        if added:
            raise ReviewError("未保存，修改后的草稿未通过检查：" + "；".join(added))
        version.save()
    return result


def add_document(version: PolicyVersion, user: Any, code: str, title: str, covers: list[str],
                 digest: str) -> list[str]:  # fmt: skip
    """Add a standard or document to a rulebook draft's list (文件目录), so that its rules
    can cite it (a successor standard, e.g. a new DB37 limit); the problems afterwards."""
    code, title = code.strip(), title.strip()
    covers = [c.strip() for c in covers if c.strip()]
    if not code or not title:
        raise ReviewError("请填写文件编号（文号或标准号）和文件名称")
    if not covers:
        raise ReviewError("请填写文件规定的事项（如 大气污染物排放），用于判断与其他标准的适用优先")
    with transaction.atomic():
        version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        if version.dataset != "rulebook":
            raise ReviewError("只有规则库有文件目录")
        _check_editable(version)
        _check_unchanged(version, digest)
        raw = raw_of(version)
        if not isinstance(raw, dict) or not isinstance(raw.get("documents"), dict):
            raise ReviewError("草稿内容无法读取，请重新导入或新建草稿")
        if code in raw["documents"]:
            raise ReviewError(f"文件目录中已有 {code}")
        raw["documents"][code] = {"title": title, "covers": covers}
        version.text = _text(version.dataset, version.text, raw, _drafted(version))
        version.save()
    return problems(version)


def _check_unchanged(version: PolicyVersion, digest: str) -> None:
    if digest and digest != version.digest:
        raise ReviewError("该草稿在您打开后已被修改，您的修改未保存；请重新打开后再改")


def submit(version: PolicyVersion, user: Any) -> PolicyVersion:
    with transaction.atomic():
        version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        if version.status not in EDITABLE:
            raise ReviewError(f"{version.get_status_display()}的版本不能提交审核")
        found = problems(version)
        if found:
            raise ReviewError("草稿有问题，不能提交审核：" + "；".join(found))
        version.status = PolicyVersion.SUBMITTED
        version.submitted_by, version.submitted_at = user, timezone.now()
        version.review_note = ""
        version.save()
    return version


def authors(version: PolicyVersion) -> set[int]:
    """Ids of everyone who wrote any of the version: its creator, whoever changed its content
    (recorded by the audit app), its submitter."""
    ids = {i for i in (version.created_by_id, version.submitted_by_id) if i is not None}
    events = AuditEvent.objects.filter(model=PolicyVersion._meta.model_name,
                                       object_pk=str(version.pk), actor__isnull=False)  # fmt: skip
    for e in events:
        before, after = e.before or {}, e.after or {}
        if e.action == "create" or before.get("digest") != after.get("digest"):
            ids.add(e.actor_id)
    return ids


def may_approve(version: PolicyVersion, user: Any) -> bool:
    return getattr(user, "pk", None) not in authors(version)


def approve(version: PolicyVersion, user: Any, effective_from: dt.date,
            note: str = "") -> PolicyVersion:  # fmt: skip
    """Publish a submitted version from ``effective_from`` on. Refused to anyone who wrote
    it (four eyes), and for a version that no longer passes the checks."""
    if not 2000 <= effective_from.year <= 2100:
        raise ReviewError("生效日期应在 2000—2100 年之间")
    with transaction.atomic():
        version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != PolicyVersion.SUBMITTED:
            raise ReviewError(f"{version.get_status_display()}的版本不能审核")
        if not may_approve(version, user):
            raise ReviewError(
                "起草、修改或提交该版本的人不能审核通过它（须由另一位省级管理员审核）"
            )
        found = problems(version)
        if found:
            raise ReviewError("该版本有问题，不能发布：" + "；".join(found))
        version.effective_from = effective_from
        raw = raw_of(version)
        if proposed_effective(version) != effective_from and isinstance(raw, dict):
            # The file states the date it applies from: the one approved.
            version.text = _text(version.dataset, version.text, raw,
                                     dataclasses.replace(version.info(), note=_note(version)))  # fmt: skip
        _check_pairing(version)
        version.status = PolicyVersion.PUBLISHED
        version.approved_by, version.approved_at = user, timezone.now()
        version.review_note = note.strip()
        version.save()
    return version


def _check_pairing(version: PolicyVersion) -> None:
    """A rulebook or targets version is published only if the targets can be read with the
    rulebook in force with them (policies.PolicySet.targets) from its effective date on: on
    that date and on each later one where either changes."""
    if version.dataset not in ("rulebook", "targets"):
        return
    try:
        added = version.version()
    except PolicyError as exc:
        raise ReviewError("该版本有问题，不能发布：" + "；".join(exc.problems)) from exc
    hist = services.histories()
    hist[version.dataset] = policies.History(
        version.dataset, [*hist[version.dataset].versions, added]
    )
    start = version.effective_from
    assert start is not None
    days = {start} | {
        v.effective
        for d in ("rulebook", "targets")
        for v in hist[d]
        if v.effective is not None and v.effective > start
    }
    for day in sorted(days):
        try:
            _ = policies.in_force(hist, day).targets
        except PolicyError as exc:
            raise ReviewError(
                f"自 {day.isoformat()} 起目标任务与规则库不相容，不能发布："
                + "；".join(exc.problems)
            ) from exc


def send_back(version: PolicyVersion, user: Any, note: str) -> PolicyVersion:
    """Return a submitted version to its author with ``note`` (退回)."""
    note = note.strip()
    if not note:
        raise ReviewError("退回时请写明意见")
    with transaction.atomic():
        version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != PolicyVersion.SUBMITTED:
            raise ReviewError(f"{version.get_status_display()}的版本不能退回")
        version.status = PolicyVersion.REJECTED
        version.review_note = note
        version.approved_by, version.approved_at = user, timezone.now()
        version.save()
    return version


def discard(version: PolicyVersion, user: Any) -> None:
    """Delete a draft or returned version that nothing is based on."""
    with transaction.atomic():
        version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        _check_editable(version)
        if version.successors.exists():
            raise ReviewError("已有其他版本基于此版本，不能删除")
        version.delete()


# ─── comparing ───────────────────────────────────────────────────────────────


def base_of(version: PolicyVersion) -> policies.Version:
    """What a version is compared with: the version in force on its effective date (today,
    for one not yet published), or, for a published one, the version it replaced."""
    if version.status == PolicyVersion.PUBLISHED and version.effective_from is not None:
        history = services.history(version.dataset)
        earlier = [v for v in history.versions if v.label != version.label
                   and v.effective is not None and v.effective <= version.effective_from]  # fmt: skip
        return earlier[-1] if earlier else policies.bundled(version.dataset)
    return in_force(version.dataset).version


def changes(version: PolicyVersion) -> tuple[policies.Version, list[policies.Change]]:
    """The version against its base (:func:`base_of`), entry by entry; PolicyError when the
    version does not parse."""
    base = base_of(version)
    return base, policies.diff(version.dataset, base, version.version())
