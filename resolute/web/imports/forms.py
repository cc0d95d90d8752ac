"""Forms of the import flow: the upload, which sheet is which, and what unknown columns hold."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from resolute.io.readers import ENTERPRISES, FIELDS, LINES

ACCEPTED_SUFFIXES = (".xlsx", ".json")
_SUFFIX_HINTS = {
    ".xls": "不支持旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 后再上传。",
    ".csv": "网页导入不支持 CSV 文件，请使用 .xlsx 工作簿或 .json 文件。",
}
SHEET_LABELS = {ENTERPRISES: "企业表", LINES: "生产线表"}
IGNORE = ""


class UploadForm(forms.Form):
    file = forms.FileField(
        label="台账文件",
        help_text="Excel 工作簿（.xlsx，含“企业”和“生产线”两个工作表）或 JSON 文件（.json）",
        error_messages={"required": "请选择要上传的文件。", "empty": "上传的文件是空的。"},
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        suffix = PurePath(file.name or "").suffix.lower()
        if suffix not in ACCEPTED_SUFFIXES:
            hint = _SUFFIX_HINTS.get(suffix, "请上传 .xlsx 工作簿或 .json 文件。")
            raise forms.ValidationError(f"不支持的文件类型“{suffix or '无扩展名'}”。{hint}")
        limit = settings.RESOLUTE_UPLOAD_MAX_BYTES
        if file.size > limit:
            raise forms.ValidationError(
                f"文件过大（{filesizeformat(file.size)}），上限为 {filesizeformat(limit)}。"
            )
        return file


class SheetForm(forms.Form):
    """Which worksheets hold the enterprises and which the lines: one each, or several (one
    worksheet per industry); a worksheet chosen for neither is left out."""

    def __init__(self, titles: Sequence[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(t, t) for t in titles]
        for sheet, label in SHEET_LABELS.items():
            self.fields[sheet] = forms.MultipleChoiceField(
                label=label, choices=choices, widget=forms.CheckboxSelectMultiple,
                error_messages={"required": f"请选择{label}。",
                                "invalid_choice": "工作簿中没有该工作表。"},
            )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = set(data.get(ENTERPRISES) or ()) & set(data.get(LINES) or ())
        if both:
            raise forms.ValidationError(
                f"工作表{'、'.join(f'“{t}”' for t in sorted(both))}不能既是企业表又是生产线表。"
            )
        return data

    def titles(self) -> dict[str, list[str]]:
        return {sheet: list(self.cleaned_data[sheet]) for sheet in SHEET_LABELS}


def field_choices(sheet: str) -> list[tuple[str, str]]:
    """忽略, then every field of the sheet by its Chinese label (with unit)."""
    choices = [(IGNORE, "忽略（不导入此列）")]
    for spec in FIELDS[sheet]:
        unit = f"（{spec.unit}）" if spec.unit else ""
        required = "（必填）" if spec.required else ""
        choices.append((spec.key, f"{spec.label}{unit}{required}"))
    return choices


class ColumnForm(forms.Form):
    """For each header that names no field, the field it holds or 忽略.

    ``unknown`` lists per sheet the headers to map; ``taken`` the keys the sheet's other
    headers already name, so that two columns cannot feed one field.
    """

    def __init__(self, unknown: Mapping[str, Sequence[str]], taken: Mapping[str, Mapping[str, str]],
                 *args: Any, **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.unknown = {sheet: list(unknown.get(sheet, [])) for sheet in SHEET_LABELS}
        self.taken = taken
        for sheet, headers in self.unknown.items():
            for index, header in enumerate(headers):
                self.fields[self.name_of(sheet, index)] = forms.ChoiceField(
                    label=header, choices=field_choices(sheet), required=False
                )

    @staticmethod
    def name_of(sheet: str, index: int) -> str:
        return f"{sheet}-{index}"

    def rows(self, sheet: str) -> list[tuple[str, Any]]:
        """(header, bound field) of a sheet, for the template."""
        return [(h, self[self.name_of(sheet, i)]) for i, h in enumerate(self.unknown[sheet])]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        labels = {sheet: dict(field_choices(sheet)) for sheet in SHEET_LABELS}
        for sheet, headers in self.unknown.items():
            used = {key: header for header, key in self.taken.get(sheet, {}).items()}
            for index, header in enumerate(headers):
                key = data.get(self.name_of(sheet, index)) or IGNORE
                if key == IGNORE:
                    continue
                if key in used:
                    self.add_error(
                        self.name_of(sheet, index),
                        f"{SHEET_LABELS[sheet]}的列“{header}”和列“{used[key]}”"
                        f"都对应“{labels[sheet][key]}”，一个字段只能对应一列。",
                    )
                else:
                    used[key] = header
        return data

    def choices(self) -> dict[str, dict[str, str]]:
        return {
            sheet: {h: self.cleaned_data.get(self.name_of(sheet, i)) or IGNORE
                    for i, h in enumerate(headers)}
            for sheet, headers in self.unknown.items()
        }  # fmt: skip
