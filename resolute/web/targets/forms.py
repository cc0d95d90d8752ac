"""Forms of the targets pages: the date of the figures, obligation and project filters,
indicator reports (one by one or a workbook) and key projects."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from resolute.core import indicators as ind
from resolute.core.obligations import STATUS_LABELS, STATUSES
from resolute.core.targets import Target
from resolute.web.ledger.models import City
from resolute.web.lib.files import EVIDENCE, EVIDENCE_HELP, check_upload
from resolute.web.targets.models import KeyProject, RegistryEntry, Stage, stage_index

ALL = [("", "全部")]


class AsOfForm(forms.Form):
    as_of = forms.DateField(label="统计日期", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"invalid": "日期应写作 YYYY-MM-DD"})  # fmt: skip

    def day(self, today: dt.date) -> dt.date:
        """The chosen day, or ``today`` when none (or an unreadable one) is given."""
        if self.is_valid() and self.cleaned_data.get("as_of"):
            chosen: dt.date = self.cleaned_data["as_of"]
            return chosen
        return today


class ObligationFilterForm(AsOfForm):
    status = forms.ChoiceField(label="状态", required=False,
                               choices=ALL + [(s, STATUS_LABELS[s]) for s in STATUSES])  # fmt: skip
    city = forms.CharField(label="市", required=False)
    task = forms.CharField(label="任务", required=False)

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {k: self.cleaned_data.get(k) or "" for k in ("status", "city", "task")}


class ReportForm(forms.Form):
    """One period's figure, or for a qualitative target an assessment with evidence."""

    period = forms.CharField(label="报告期", max_length=20,
                             help_text="年份如 2021，季度如 2022Q1")  # fmt: skip
    value = forms.FloatField(label="数值", required=False)
    assessment = forms.CharField(label="评估意见", required=False, widget=forms.Textarea(
        attrs={"rows": 4}))  # fmt: skip
    rating = forms.ChoiceField(label="评估结论", required=False,
                               choices=[("", "—"), *ind.RATING_CHOICES])  # fmt: skip
    evidence = forms.FileField(label="佐证材料", required=False, help_text=EVIDENCE_HELP)
    department = forms.CharField(label="填报单位", required=False, max_length=100)

    def __init__(self, target: Target, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target
        if self.qualitative:
            del self.fields["value"]
        else:
            self.fields["value"].label = f"数值（{target.unit}）" if target.unit else "数值"
            for name in ("assessment", "rating", "evidence"):
                del self.fields[name]

    @property
    def qualitative(self) -> bool:
        return self.target.comparison == "qualitative"

    def clean_period(self) -> str:
        try:
            return ind.period_label(self.cleaned_data["period"])
        except ind.PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_value(self) -> float | None:
        value: float | None = self.cleaned_data.get("value")
        if value is None:
            raise forms.ValidationError("请填写数值。")
        if value < 0 and not ind.allows_negative(self.target):
            raise forms.ValidationError("该指标不能为负数。")
        return value

    def clean_rating(self) -> str:
        rating: str = self.cleaned_data.get("rating") or ""
        if not rating:
            raise forms.ValidationError("请选择评估结论。")
        return rating

    def clean_evidence(self) -> Any:
        file = self.cleaned_data.get("evidence")
        if file:
            try:
                check_upload(file, EVIDENCE, settings.RESOLUTE_UPLOAD_MAX_BYTES)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from None
        return file


class ImportForm(forms.Form):
    file = forms.FileField(label="指标数据工作簿",
                           help_text="Excel 工作簿（.xlsx），按填报模板填写：第一个工作表的列为"
                                     "指标、报告期、数值",
                           error_messages={"required": "请选择要上传的文件。"})  # fmt: skip

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if PurePath(file.name or "").suffix.lower() != ".xlsx":
            raise forms.ValidationError("请上传 Excel 工作簿（.xlsx）。")
        if file.size > settings.RESOLUTE_UPLOAD_MAX_BYTES:
            raise forms.ValidationError("文件过大。")
        return file


class ProjectFilterForm(forms.Form):
    city = forms.CharField(label="市", required=False)
    sector = forms.CharField(label="产业领域", required=False)
    stage = forms.ChoiceField(label="阶段", required=False, choices=ALL + Stage.choices)
    year = forms.IntegerField(label="年度", required=False)

    def filters(self) -> dict[str, Any]:
        return dict(self.cleaned_data) if self.is_valid() else {}


class ProjectForm(forms.ModelForm):
    """A key project; its stage may only move forward."""

    class Meta:
        model = KeyProject
        fields = ["name", "city", "sector", "year", "stage", "investment",
                  "emerging_or_shortfall"]  # fmt: skip

    def __init__(self, *args: Any, cities: QuerySet[City], sectors: list[str],
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities
        current = self.instance.sector if self.instance.pk else ""
        names = sectors + ([current] if current and current not in sectors else [])
        self.fields["sector"] = forms.ChoiceField(
            label="产业领域", choices=[("", "—")] + [(s, s) for s in names]
        )
        self.fields["year"].widget.attrs.update({"min": 2021, "max": 2030})

    def clean_stage(self) -> str:
        stage: str = self.cleaned_data["stage"]
        if self.instance.pk:
            before = KeyProject.objects.filter(pk=self.instance.pk).values_list(
                "stage", flat=True).first()  # fmt: skip
            if before is not None and stage_index(stage) < stage_index(before):
                raise forms.ValidationError(
                    f"项目阶段只能向前推进（储备→签约→开工→投产），不能从“{Stage(before).label}”"
                    f"退回“{Stage(stage).label}”。"
                )
        return stage


class RegistryFilterForm(forms.Form):
    target = forms.CharField(label="计数目标", required=False)
    city = forms.CharField(label="市", required=False)

    def filters(self) -> dict[str, Any]:
        return dict(self.cleaned_data) if self.is_valid() else {}


class RegistryEntryForm(forms.ModelForm):
    """One registered cluster, enterprise, park, project, brand, platform or programme."""

    class Meta:
        model = RegistryEntry
        fields = ["target_id", "name", "city", "note"]

    def __init__(self, *args: Any, targets: list[tuple[str, str]], cities: QuerySet[City],
                 city_required: bool, **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["target_id"] = forms.ChoiceField(
            label="计数目标", choices=[("", "—"), *targets],
            error_messages={"required": "请选择计数目标。",
                            "invalid_choice": "请选择方案三、四中的计数目标。"},
        )  # fmt: skip
        self.fields["city"].queryset = cities
        self.fields["city"].required = city_required
        self.fields["city"].empty_label = "—" if city_required else "全省（跨市）"
        self.fields["name"].error_messages["required"] = "请填写名称。"

    def clean_name(self) -> str:
        return str(self.cleaned_data["name"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target, name = data.get("target_id"), data.get("name")
        if target and name:
            clash = RegistryEntry.objects.filter(target_id=target, name=name)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", "该计数目标下已登记同名事项。")
        return data


class RegistryImportForm(forms.Form):
    file = forms.FileField(label="登记工作簿",
                           help_text="Excel 工作簿（.xlsx），列：计数目标、名称、所在市、备注",
                           error_messages={"required": "请选择要上传的文件。"})  # fmt: skip

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if PurePath(file.name or "").suffix.lower() != ".xlsx":
            raise forms.ValidationError("请上传 Excel 工作簿（.xlsx）。")
        if file.size > settings.RESOLUTE_UPLOAD_MAX_BYTES:
            raise forms.ValidationError("文件过大。")
        return file
