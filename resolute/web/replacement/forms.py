"""Forms of the replacement and admission pages: project fields as fields, sources as rows of
text (one source a row), so that an official can paste them from a spreadsheet."""

from __future__ import annotations

from typing import Any

from django import forms

from resolute.core import admission, replacement, schema
from resolute.web.accounts.models import Role
from resolute.web.accounts.scoping import profile_of
from resolute.web.ledger.models import City, Line
from resolute.web.replacement import services
from resolute.web.replacement.models import ReplacementPlan

SOURCES_HELP = "每行一条：生产线编号[,计入产能]；不填计入产能即计入该线全部产能"
OUTSIDE_HELP = "每行一条：说明,产能[,退出日期 YYYY-MM-DD]（水泥、焦化不得使用省外产能）"


def _cities_for(user: Any) -> Any:
    profile = profile_of(user)
    if profile is not None and profile.role == Role.CITY:
        return City.objects.filter(pk=profile.city_id)
    return City.objects.all()


#: The parameters of the new equipment the form asks for, one field per ledger attribute of
#: the equipment a plan may build (schema.equipment_fields), named ``attr_<key>``.
_BOOL_CHOICES = [("", "未填"), ("1", "是"), ("0", "否")]


def _replaceable_equipment() -> list[str]:
    return [eq for members in services.rules_today().groups.values() for eq in members]


def parameter_specs() -> list[tuple[schema.FieldSpec, list[str]]]:
    """Each parameter once, with the equipment it applies to (in the rules' order)."""
    found: dict[str, tuple[schema.FieldSpec, list[str]]] = {}
    for eq in _replaceable_equipment():
        for spec in schema.equipment_fields(eq):
            if spec.kind in (schema.Kind.NUMBER, schema.Kind.INTEGER, schema.Kind.ENUM,
                             schema.Kind.BOOL):  # fmt: skip
                found.setdefault(spec.key, (spec, []))[1].append(eq)
    return list(found.values())


def _parameter_field(spec: schema.FieldSpec, equipment: list[str]) -> forms.Field:
    applies = "、".join(schema.EQUIPMENT_BY_CODE[e].label for e in equipment)
    label = f"{spec.label}（{spec.unit}）" if spec.unit else spec.label
    help_text = f"适用于：{applies}"
    if spec.kind in (schema.Kind.NUMBER, schema.Kind.INTEGER):
        return forms.FloatField(label=label, required=False, min_value=0, help_text=help_text,
                                error_messages={"invalid": f"“{spec.label}”须为数字",
                                                "min_value": f"“{spec.label}”不能为负数"})  # fmt: skip
    if spec.kind == schema.Kind.ENUM:
        return forms.ChoiceField(label=label, required=False, help_text=help_text,
                                 choices=[("", "未填"), *((c.code, c.label) for c in spec.choices)])  # fmt: skip
    return forms.ChoiceField(
        label=label, required=False, help_text=help_text, choices=_BOOL_CHOICES
    )


def _routes_of(equipment: str) -> set[str]:
    return {r for rule in services.rules_today().ratios if equipment in rule.equipment
            for r in rule.route}  # fmt: skip


class PlanForm(forms.ModelForm):
    sources = forms.CharField(label="省内来源产能", widget=forms.Textarea(attrs={"rows": 5}),
                              required=False, help_text=SOURCES_HELP)  # fmt: skip
    outside = forms.CharField(label="省外来源产能", widget=forms.Textarea(attrs={"rows": 3}),
                              required=False, help_text=OUTSIDE_HELP)  # fmt: skip
    route = forms.ChoiceField(label="置换情形", required=False,
                              help_text="钢铁项目适用等量或较低置换比例的情形（《钢铁行业产能置换实施办法》）；其他情形不选")  # fmt: skip

    class Meta:
        model = ReplacementPlan
        fields = ["name", "equipment", "capacity", "city", "starts_on"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["city"].queryset = _cities_for(user)
        self.fields["route"].choices = [("", "不适用"),
                                        *services.rules_today().routes.items()]  # fmt: skip
        self.parameters = parameter_specs()
        for spec, equipment in self.parameters:
            self.fields[f"attr_{spec.key}"] = _parameter_field(spec, equipment)
        self.line_sources: list[tuple[Line, float | None]] = []
        self.outside_sources: list[tuple[str, float, Any]] = []

    def parameter_fields(self) -> list[forms.BoundField]:
        """The new equipment's parameters, for the template's own fieldset."""
        return [self[f"attr_{spec.key}"] for spec, _ in self.parameters]

    def main_fields(self) -> list[forms.BoundField]:
        return [f for f in self if not f.name.startswith("attr_")]

    def _attributes(self, equipment: str | None) -> dict[str, Any]:
        """The parameters filled in, each checked against the equipment chosen: one filled
        for another kind of equipment is refused by name, never silently dropped."""
        out: dict[str, Any] = {}
        for spec, applies in self.parameters:
            name = f"attr_{spec.key}"
            value = self.cleaned_data.get(name)
            if value is None or value == "":
                continue
            if equipment and equipment not in applies:
                label = schema.EQUIPMENT_BY_CODE[equipment].label
                self.add_error(name, f"“{spec.label}”不适用于{label}，请清空此项")
                continue
            out[spec.key] = value == "1" if spec.kind == schema.Kind.BOOL else value
        route = self.cleaned_data.get("route")
        if route:
            if equipment and route not in _routes_of(equipment):
                label = schema.EQUIPMENT_BY_CODE[equipment].label
                self.add_error("route", f"“置换情形”不适用于{label}，请选“不适用”")
            else:
                out["route"] = route
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            self.line_sources = services.parse_line_sources(data.get("sources", ""), self.user)
        except ValueError as exc:
            self.add_error("sources", str(exc))
        try:
            self.outside_sources = services.parse_outside_sources(data.get("outside", ""))
        except ValueError as exc:
            self.add_error("outside", str(exc))
        if not self.errors and not (self.line_sources or self.outside_sources):
            self.add_error("sources", "须列出至少一项来源产能")
        equipment = data.get("equipment")
        profile = profile_of(self.user)
        if (
            equipment
            and profile is not None
            and profile.role == Role.DEPARTMENT
            and schema.EQUIPMENT_BY_CODE[equipment].industry not in profile.industries
        ):
            self.add_error("equipment", "该装置不属于您主管的行业")
        self.attributes = self._attributes(equipment)
        return data

    def _post_clean(self) -> None:
        """Fill the fields the form derives before the model validates itself."""
        if "equipment" in self.cleaned_data:
            self.instance.industry = schema.EQUIPMENT_BY_CODE[
                self.cleaned_data["equipment"]
            ].industry
        self.instance.attributes = getattr(self, "attributes", {})
        super()._post_clean()


DIMENSION_UNITS = {"capacity": "按装置产能单位", "coal": "吨", "energy": "吨标准煤",
                   "carbon": "吨二氧化碳", "pollutant": "吨"}  # fmt: skip
DIMENSION_LABELS = {"capacity": "产能", "coal": "煤耗", "energy": "能耗", "carbon": "碳排放",
                    "pollutant": "污染物排放"}  # fmt: skip
ADMISSION_SOURCES_HELP = ("每行一条：名称,退出日期,产能,煤耗,能耗,碳排放,污染物排放"
                          "（某项无减量可留空，如“1号高炉,2021-06-30,300,,,,”）")  # fmt: skip


class AdmissionForm(forms.Form):
    """A new 两高 project, its demand per dimension, and the sources of reductions."""

    name = forms.CharField(label="项目名称", max_length=200)
    equipment = forms.ChoiceField(label="装置类型",
                                  choices=[(e.code, e.label) for e in schema.EQUIPMENT])  # fmt: skip
    city = forms.ModelChoiceField(label="建设地（市）", queryset=City.objects.all())
    starts_on = forms.DateField(label="开工日期",
                                widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    capacity = forms.FloatField(label="新建产能", min_value=0)
    coal = forms.FloatField(label="煤耗需求（吨）", min_value=0, required=False)
    energy = forms.FloatField(label="能耗需求（吨标准煤）", min_value=0, required=False)
    carbon = forms.FloatField(label="碳排放需求（吨二氧化碳）", min_value=0, required=False)
    pollutant = forms.FloatField(label="污染物排放需求（吨）", min_value=0, required=False)
    sources = forms.CharField(label="减量来源", widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=ADMISSION_SOURCES_HELP)  # fmt: skip

    def clean_sources(self) -> list[admission.ReductionSource]:
        out = []
        for number, row in enumerate(self.cleaned_data["sources"].splitlines(), start=1):
            row = row.strip()
            if not row:
                continue
            parts = [p.strip() for p in row.replace("，", ",").split(",")]
            parts += [""] * (7 - len(parts))
            if len(parts) > 7 or not parts[0]:
                raise forms.ValidationError(f"第 {number} 行：{ADMISSION_SOURCES_HELP}")
            try:
                exited = (replacement.parse_date(parts[1], f"第 {number} 行退出日期")
                          if parts[1] else None)  # fmt: skip
                reductions = {
                    dim: replacement.parse_number(value, f"第 {number} 行{DIMENSION_LABELS[dim]}")
                    for dim, value in zip(admission.DIMENSIONS, parts[2:], strict=True)
                    if value
                }
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from exc
            out.append(admission.ReductionSource(parts[0], exited, reductions))
        if not out:
            raise forms.ValidationError("须列出至少一项减量来源")
        return out

    def verdict(self) -> admission.AdmissionVerdict:
        data = self.cleaned_data
        project = replacement.Project(
            equipment=data["equipment"], capacity=data["capacity"], city=data["city"].name,
            starts_on=data["starts_on"], name=data["name"],
        )  # fmt: skip
        demand: dict[str, float | None] = {d: data.get(d) for d in admission.DIMENSIONS}
        demand["capacity"] = data["capacity"]
        return admission.check_admission(admission.AdmissionProject(project, demand),
                                         data["sources"], services.rules_today())  # fmt: skip


class CreditPublishForm(forms.Form):
    """Publishing the credit records: the reviewer confirms and may leave a remark."""

    confirmed = forms.BooleanField(label="已逐条核对，同意公布", required=True,
                                   error_messages={"required": "请先核对并勾选“已逐条核对，同意公布”。"})  # fmt: skip
    note = forms.CharField(label="审核意见（可选）", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
