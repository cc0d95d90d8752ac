"""Forms of the objection pages; the correction form is built from the core schema so that a
number is asked as a number, a yes/no as 是/否, and an enumeration as its Chinese labels."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from resolute.core import words
from resolute.core.ledger import CellError, check_text
from resolute.core.schema import Kind
from resolute.web.lib.files import EVIDENCE_HELP, check_upload
from resolute.web.objections.models import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES
from resolute.web.objections.services import Correctable, stamp

UNKNOWN = ("", words.UNKNOWN)
BOOL_CHOICES = [UNKNOWN, ("1", words.YES), ("0", words.NO)]


def _clean_attachment(upload: UploadedFile | None) -> UploadedFile | None:
    if upload is None:
        return None
    try:
        check_upload(upload, ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES)
    except ValidationError as exc:
        raise forms.ValidationError(exc.messages) from None
    return upload


class ObjectionForm(forms.Form):
    reason = forms.CharField(label="异议理由", widget=forms.Textarea(attrs={"rows": 6}),
                             max_length=5000, error_messages={"required": "请填写异议理由"},
                             help_text="请说明哪项数据或判定有误、实际情况如何，并尽量附上证明材料")  # fmt: skip
    attachment = forms.FileField(label="证明材料（可选）", required=False,
                                 help_text=f"{EVIDENCE_HELP}，不超过 10 MB")  # fmt: skip

    def clean_attachment(self) -> UploadedFile | None:
        return _clean_attachment(self.cleaned_data.get("attachment"))


class MessageForm(forms.Form):
    text = forms.CharField(label="留言", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                           error_messages={"required": "请填写留言内容"})  # fmt: skip
    attachment = forms.FileField(label="附件（可选）", required=False)

    def clean_attachment(self) -> UploadedFile | None:
        return _clean_attachment(self.cleaned_data.get("attachment"))


class RejectForm(forms.Form):
    reason = forms.CharField(label="驳回理由", widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=5000, error_messages={"required": "驳回必须说明理由"})  # fmt: skip


def _field_for(c: Correctable) -> forms.Field:
    spec = c.spec
    common: dict[str, Any] = {
        "label": spec.label + (f"（{c.unit}）" if c.unit else ""),
        "required": not c.nullable,
        "help_text": spec.note,
    }
    if spec.kind is Kind.NUMBER:
        return forms.FloatField(min_value=0, **common)
    if spec.kind is Kind.INTEGER:
        return forms.IntegerField(min_value=0, **common)
    if spec.kind is Kind.BOOL:
        return forms.TypedChoiceField(choices=BOOL_CHOICES, coerce=lambda v: v == "1",
                                      empty_value=None, **common)  # fmt: skip
    if spec.kind is Kind.ENUM:
        choices = ([UNKNOWN] if c.nullable else []) + c.choices()
        return forms.TypedChoiceField(choices=choices, empty_value=None, **common)
    if spec.kind is Kind.DATE:
        return forms.DateField(**common)
    return forms.CharField(max_length=spec.max_length, empty_value=None,
                           validators=[_core_text(spec)], **common)  # fmt: skip


def _core_text(spec: Any) -> Any:
    """The core's check of a text value (control characters, identifiers), as a validator."""

    def check(value: str) -> None:
        try:
            check_text(spec, value)
        except CellError as exc:
            raise forms.ValidationError(str(exc)) from None

    return check


def _initial(c: Correctable) -> Any:
    value = c.current
    if c.spec.kind is Kind.BOOL:
        return "" if value is None else ("1" if value else "0")
    return value


class AcceptForm(forms.Form):
    """Accepting an objection: the corrected values of the disputed fields, and a note."""

    decision_reason = forms.CharField(label="处理意见（可选）", required=False, max_length=5000,
                                      widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    #: The versions of the records the form was filled in against (see services.stamp).
    seen = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)

    def __init__(self, *args: Any, correctable: list[Correctable], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.correctable = correctable
        for c in correctable:
            self.fields[c.key] = _field_for(c)
            self.initial[c.key] = _initial(c)
        # The note after the values, as an official reads the form top to bottom.
        self.order_fields([c.key for c in correctable] + ["decision_reason", "seen"])
        self.initial["seen"] = stamp(correctable)

    def values(self) -> dict[str, Any]:
        return {c.key: self.cleaned_data.get(c.key) for c in self.correctable}
