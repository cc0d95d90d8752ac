"""The rate-override form of the schedules page: every field is checked, with the error in
Chinese next to it, before anything is stored."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django import forms

from resolute.core import pricing
from resolute.web.policies import services as policy_services
from resolute.web.pricing.models import RateOverride
from resolute.web.pricing.services import editable_schedules


class RateOverrideForm(forms.ModelForm):
    schedule = forms.ChoiceField(label="费率规则", error_messages={
        "required": "请选择费率规则",
        "invalid_choice": "费率规则 %(value)s 不存在，或不是按单一费率计价的规则",
    })  # fmt: skip
    rate = forms.DecimalField(label="新费率", max_digits=10, decimal_places=4, error_messages={
        "required": "请填写新费率", "invalid": "费率应为数字",
        "max_digits": "费率最多 10 位数字", "max_decimal_places": "费率最多保留 4 位小数",
        "max_whole_digits": "费率过大",
    })  # fmt: skip
    effective_from = forms.DateField(label="生效日期", help_text="格式 2024-01-01；按计费年度 1 月 1 日适用",
                                     widget=forms.DateInput(attrs={"type": "date"}),
                                     error_messages={"required": "请填写生效日期",
                                                     "invalid": "生效日期格式应为 2024-01-01"})  # fmt: skip
    source = forms.CharField(label="依据（文件名称、文号）", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写依据（文件名称和文号）",
                                             "max_length": "依据不能超过 2000 字"})  # fmt: skip
    note = forms.CharField(label="说明（可选）", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"max_length": "说明不能超过 2000 字"})  # fmt: skip

    class Meta:
        model = RateOverride
        fields = ["schedule", "rate", "effective_from", "source", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._schedules = {s.id: s for s in editable_schedules(policy_services.current().pricing)}
        self.fields["schedule"].choices = [("", "请选择")] + [
            (s.id, f"{s.label}（{s.unit}）") for s in self._schedules.values()
        ]

    def clean_rate(self) -> decimal.Decimal:
        rate: decimal.Decimal = self.cleaned_data["rate"]
        if rate < 0:
            raise forms.ValidationError("费率不能为负数")
        return rate

    def clean_effective_from(self) -> dt.date:
        day: dt.date = self.cleaned_data["effective_from"]
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError("生效日期应在 2000—2100 年之间")
        return day

    def clean_source(self) -> str:
        source = self.cleaned_data["source"].strip()
        if not source:
            raise forms.ValidationError("请填写依据（文件名称和文号）")
        return str(source)

    def schedule_of(self) -> pricing.ElectricitySchedule:
        return self._schedules[self.cleaned_data["schedule"]]

    def save_by(self, user: Any) -> RateOverride:
        """Store the override with the schedule's own unit and the user who entered it."""
        override: RateOverride = self.save(commit=False)
        override.unit = self.schedule_of().unit
        override.created_by = user
        override.save()
        return override
