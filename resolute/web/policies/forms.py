"""Forms of the policy versions: a new draft, an import, the version's document, one entry's
values (built from resolute.web.policies.editing), approval and return. Every message is in
Chinese and names the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from resolute.core import policies
from resolute.web.policies import editing, lists
from resolute.web.policies.review import MAX_UPLOAD_BYTES

DATASET_CHOICES = list(policies.DATASETS.items())
INPUT_ERRORS = {
    "invalid_choice": "请从列出的选项中选择",
    "invalid_list": "请从列出的选项中选择",
    "max_length": "不超过 %(limit_value)d 个字符",
}
BOOL_CHOICES = [("true", "是"), ("false", "否")]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_field(label: str, required: bool, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DATE_WIDGET, help_text=help_text,
        input_formats=["%Y-%m-%d"],
        error_messages={"required": f"请填写{label}", "invalid": f"{label}格式应为 2023-01-01"},
    )  # fmt: skip


def _check_year(day: dt.date | None, label: str) -> dt.date | None:
    if day is not None and not 2000 <= day.year <= 2100:
        raise forms.ValidationError(f"{label}应在 2000—2100 年之间")
    return day


class NewDraftForm(forms.Form):
    dataset = forms.ChoiceField(label="数据集", choices=DATASET_CHOICES,
                                error_messages={"required": "请选择数据集",
                                                "invalid_choice": "请选择数据集"})  # fmt: skip
    label = forms.CharField(label="新版本号", max_length=40, help_text="如 2023.1",
                            error_messages={"required": "请填写新版本号",
                                            "max_length": "版本号不超过 40 个字符"})  # fmt: skip


class ImportForm(forms.Form):
    dataset = forms.ChoiceField(label="数据集", choices=DATASET_CHOICES,
                                error_messages={"required": "请选择数据集",
                                                "invalid_choice": "请选择数据集"})  # fmt: skip
    file = forms.FileField(label="版本文件（YAML）",
                           help_text=f"与程序自带文件格式相同，不超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB",
                           error_messages={"required": "请选择文件", "empty": "文件是空的",
                                           "invalid": "请选择文件"})  # fmt: skip

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"文件过大（{upload.size // 1024} KB），上限 {MAX_UPLOAD_BYTES // 1024 // 1024} MB"
            )
        return upload


class InfoForm(forms.Form):
    label = forms.CharField(label="版本号", max_length=40,
                            error_messages={"required": "请填写版本号",
                                            "max_length": "版本号不超过 40 个字符"})  # fmt: skip
    doc_number = forms.CharField(label="文号", max_length=100, required=False,
                                 help_text="如 鲁政办字〔2023〕12号",
                                 error_messages={"max_length": "文号不超过 100 个字符"})  # fmt: skip
    doc_title = forms.CharField(label="发文标题", max_length=300,
                                error_messages={"required": "请填写发文标题",
                                                "max_length": "发文标题不超过 300 个字符"})  # fmt: skip
    doc_date = _date_field("发文日期", required=False)
    publisher = forms.CharField(label="发布机关", max_length=200,
                                error_messages={"required": "请填写发布机关",
                                                "max_length": "发布机关不超过 200 个字符"})  # fmt: skip
    proposed = _date_field(
        "拟生效日期", required=False, help_text="供审核人参考；生效日期由审核人在审核通过时确定"
    )
    digest = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_doc_date(self) -> dt.date | None:
        return _check_year(self.cleaned_data.get("doc_date"), "发文日期")

    def clean_proposed(self) -> dt.date | None:
        return _check_year(self.cleaned_data.get("proposed"), "拟生效日期")


class DocumentForm(forms.Form):
    code = forms.CharField(label="文号或标准号", max_length=100,
                           help_text="如 DB37/990-2023；规则的“引用文件”填写此编号",
                           error_messages={"required": "请填写文号或标准号",
                                           "max_length": "不超过 100 个字符"})  # fmt: skip
    title = forms.CharField(label="文件名称", max_length=300,
                            error_messages={"required": "请填写文件名称",
                                            "max_length": "不超过 300 个字符"})  # fmt: skip
    covers = forms.CharField(label="规定的事项（以“、”分隔）", max_length=300,
                             help_text="如 大气污染物排放、水污染物排放",
                             error_messages={"required": "请填写文件规定的事项",
                                             "max_length": "不超过 300 个字符"})  # fmt: skip
    digest = forms.CharField(widget=forms.HiddenInput, required=False)

    def covers_list(self) -> list[str]:
        text = self.cleaned_data["covers"].replace("，", "、").replace(",", "、")
        return [p.strip() for p in text.split("、") if p.strip()]


class ApproveForm(forms.Form):
    effective_from = _date_field("生效日期", required=True,
                                 help_text="自该日起的评估、价格、分类和通报使用此版本；"
                                           "此前的仍使用原版本")  # fmt: skip
    note = forms.CharField(label="审核意见（可选）", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"max_length": "审核意见不超过 2000 字"})  # fmt: skip

    def clean_effective_from(self) -> dt.date | None:
        return _check_year(self.cleaned_data.get("effective_from"), "生效日期")


class ReturnForm(forms.Form):
    note = forms.CharField(label="退回意见", max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "退回时请写明意见",
                                           "max_length": "退回意见不超过 2000 字"})  # fmt: skip


class EntryForm(forms.Form):
    """The values of one entry, one input per :class:`editing.Field` (named ``f0``, ``f1`` …
    in the entry's order); ``changed_values`` is what differs from the draft."""

    digest = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, entry: editing.Entry, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry = entry
        for i, f in enumerate(entry.fields):
            self.fields[f"f{i}"] = _input(f)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.values: dict[editing.Path, Any] = {}
        for i, f in enumerate(self.entry.fields):
            name = f"f{i}"
            if name not in cleaned:
                continue
            try:
                value = editing.parse_value(f, cleaned[name])
            except editing.BadValue as exc:
                self.add_error(name, f"{f.label}：{exc}")
                continue
            if not _same(value, f.value):
                self.values[f.path] = value
        return cleaned

    def rows(self) -> list[tuple[editing.Field, Any]]:
        return [(f, self[f"f{i}"]) for i, f in enumerate(self.entry.fields)]


def _same(a: Any, b: Any) -> bool:
    """Whether an entered value is the value already there (400 is 400.0; no change is made)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return bool(a == b)


def _input(f: editing.Field) -> forms.Field:
    common: dict[str, Any] = {
        "label": f.label,
        "required": False,
        "initial": f.shown,
        "error_messages": INPUT_ERRORS,
    }
    if f.kind == "op":
        return forms.ChoiceField(choices=list(editing.OP_LABELS.items()), **common)
    if f.kind == "bool":
        return forms.ChoiceField(choices=BOOL_CHOICES, **common)
    if f.kind == "choice":
        return forms.ChoiceField(choices=list(f.choices), **common)
    if f.kind == "choices":
        return forms.MultipleChoiceField(choices=list(f.choices),
                                         widget=forms.CheckboxSelectMultiple, **common)  # fmt: skip
    if f.kind == "date":
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if f.kind == "longtext":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), strip=False,
                               max_length=5000, **common)  # fmt: skip
    if f.kind == "number":
        return forms.CharField(max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                               **common)  # fmt: skip
    return forms.CharField(max_length=1000, **common)


class PartForm(forms.Form):
    """Adding one item to a part of an entry (a condition, a limit value, a rate …): one
    input per :class:`lists.Input`; the values are read and checked by lists.add_item."""

    digest = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, part: lists.Part, *args: Any, prefix: str = "", **kwargs: Any) -> None:
        super().__init__(*args, prefix=prefix, **kwargs)
        self.part = part
        for i in part.inputs:
            self.fields[i.key] = _part_input(i)

    def values(self) -> dict[str, str]:
        return {i.key: str(self.cleaned_data.get(i.key) or "") for i in self.part.inputs}


def _part_input(i: lists.Input) -> forms.Field:
    label = i.label if i.required else f"{i.label}（可选）"
    errors = {k: f"{i.label}：{v}" for k, v in INPUT_ERRORS.items()}
    common: dict[str, Any] = {"label": label, "required": False, "help_text": i.help,
                              "error_messages": errors}  # fmt: skip
    if i.kind in ("field", "choice"):
        blank = [("", "（请选择）")]
        return forms.ChoiceField(choices=blank + list(i.choices), **common)
    if i.kind == "op":
        return forms.ChoiceField(choices=list(editing.OP_LABELS.items()), **common)
    if i.kind == "date":
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if i.kind == "longtext":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000,
                               **common)  # fmt: skip
    if i.kind == "number":
        return forms.CharField(max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                               **common)  # fmt: skip
    return forms.CharField(max_length=1000, **common)


class AddEntryForm(forms.Form):
    """A new entry of a section: a copy of a chosen entry under a new code."""

    template = forms.ChoiceField(label="以此为起点", error_messages={
        "required": "请选择作为起点的条目", "invalid_choice": "请选择作为起点的条目"})  # fmt: skip
    code = forms.CharField(label="新编号", max_length=100,
                           help_text="字母开头，由字母、数字、点、下划线、短横线组成，如 steel.technology.new",
                           error_messages={"required": "请填写新编号",
                                           "max_length": "编号不超过 100 个字符"})  # fmt: skip
    digest = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, section: str, word: str, entries: list[editing.Entry], *args: Any,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, prefix=f"add-{section}", **kwargs)
        self.section, self.word = section, word
        self.fields["template"].choices = [("", "（请选择）")] + [
            (e.key, e.title) for e in entries if e.section == section
        ]
        self.fields["code"].label = f"新{word}编号"
