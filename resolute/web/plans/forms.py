"""Forms of the supervision pages. An item typed in obeys the same rules as a workbook row
(``core.city_plans.item_problems``)."""

from __future__ import annotations

from typing import Any

from django import forms

from resolute.core import city_plans
from resolute.web.plans.models import PLAN_YEARS, CityPlanItem


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
        return city_plans.industry_text(self.cleaned_data["industry"])

    def clean_credit_code(self) -> str:
        return str(self.cleaned_data.get("credit_code") or "").strip().upper()

    def clean_line_id(self) -> str:
        return str(self.cleaned_data.get("line_id") or "").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key, message in city_plans.item_problems(data).items():
            if key not in self.errors:
                self.add_error(key, message)
        return data


class PlanUploadForm(forms.Form):
    file = forms.FileField(label="计划工作簿（.xlsx）")
