"""Forms of the supervision pages. An item typed in obeys the same rules as a workbook row
(``services.item_problems``)."""

from __future__ import annotations

from typing import Any

from django import forms

from resolute.core import plan_period
from resolute.core import targets as targets_data
from resolute.core.bulletin import Quarter
from resolute.web.supervision import services
from resolute.web.supervision.models import PLAN_YEARS, QUARTER_PATTERN, CityPlanItem


class PlanItemForm(forms.ModelForm):
    year = forms.TypedChoiceField(label="年度", coerce=int,
                                  choices=[(y, f"{y} 年") for y in PLAN_YEARS])  # fmt: skip

    class Meta:
        model = CityPlanItem
        fields = ["kind", "industry", "year", "line_id", "enterprise_name", "credit_code",
                  "planned_on", "note"]  # fmt: skip
        widgets = {
            "planned_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "line_id": "“淘汰”事项必填：台账中的生产线编号",
            "industry": "如：钢铁、水泥；“培育”事项可写新兴产业名称",
        }

    def clean_industry(self) -> str:
        return services.industry_text(self.cleaned_data["industry"])

    def clean_credit_code(self) -> str:
        return str(self.cleaned_data.get("credit_code") or "").strip().upper()

    def clean_line_id(self) -> str:
        return str(self.cleaned_data.get("line_id") or "").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key, message in services.item_problems(data).items():
            if key not in self.errors:
                self.add_error(key, message)
        return data


class PlanUploadForm(forms.Form):
    file = forms.FileField(label="计划工作簿（.xlsx）")


class QuarterlyReportForm(forms.Form):
    quarter = forms.CharField(label="季度", max_length=6, help_text="如 2022Q4")
    narrative = forms.CharField(label="工作进展", widget=forms.Textarea(attrs={"rows": 8}))
    figures = forms.CharField(
        label="主要数据（可选）", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一项，写作“名称：数值”，如“退出炼钢产能（万吨）：120”",
    )  # fmt: skip

    def clean_quarter(self) -> str:
        value = self.cleaned_data["quarter"].strip().upper()
        book = targets_data.default()
        first, last = plan_period.first_quarter(book), plan_period.last_quarter(book)
        if not QUARTER_PATTERN.match(value) or not plan_period.in_plan(book, Quarter.parse(value)):
            raise forms.ValidationError(f"季度应写作“2022Q4”的形式，在 {first}—{last} 之间")
        return value

    def clean_figures(self) -> dict[str, str]:
        try:
            return services.parse_figures(self.cleaned_data.get("figures") or "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
