"""The quarterly report form (季调度)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from resolute.core import plan_period
from resolute.core.bulletin import Quarter
from resolute.web.policies import services as policy_services
from resolute.web.quarters import services
from resolute.web.quarters.models import QUARTER_PATTERN


class QuarterlyReportForm(forms.Form):
    quarter = forms.CharField(label="季度", max_length=6, help_text="如 2022Q4")
    narrative = forms.CharField(label="工作进展", widget=forms.Textarea(attrs={"rows": 8}))
    figures = forms.CharField(
        label="主要数据（可选）", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一项，写作“名称：数值”，如“退出炼钢产能（万吨）：120”",
    )  # fmt: skip

    def clean_quarter(self) -> str:
        value = self.cleaned_data["quarter"].strip().upper()
        book = policy_services.in_force(timezone.localdate()).targets
        first, last = plan_period.first_quarter(book), plan_period.last_quarter(book)
        if not QUARTER_PATTERN.match(value) or not plan_period.in_plan(book, Quarter.parse(value)):
            raise forms.ValidationError(f"季度应写作“2022Q4”的形式，在 {first}—{last} 之间")
        return value

    def clean_figures(self) -> dict[str, str]:
        try:
            return services.parse_figures(self.cleaned_data.get("figures") or "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
