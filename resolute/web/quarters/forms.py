"""The quarterly report form (季调度)."""

from __future__ import annotations

from django import forms

from resolute.io.quarter_reports import parse_figures
from resolute.web.quarters import services


class QuarterlyReportForm(forms.Form):
    quarter = forms.CharField(label="季度", max_length=6, help_text="如 2022Q4")
    narrative = forms.CharField(label="工作进展", widget=forms.Textarea(attrs={"rows": 8}))
    figures = forms.CharField(
        label="主要数据（可选）", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一项，写作“名称：数值”，如“退出炼钢产能（万吨）：120”",
    )  # fmt: skip

    def clean_quarter(self) -> str:
        value = self.cleaned_data["quarter"].strip().upper()
        problem = services.quarter_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_figures(self) -> dict[str, str]:
        try:
            return parse_figures(self.cleaned_data.get("figures") or "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
