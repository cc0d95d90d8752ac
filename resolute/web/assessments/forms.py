"""Starting an assessment run: which scope each kind of official may assess."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from resolute.core import policies, schema
from resolute.web.accounts.models import Profile, Role
from resolute.web.ledger.models import City
from resolute.web.policies import services as policy_services

INDUSTRY_CHOICES = [(i.code, i.label) for i in schema.INDUSTRIES]


class StartRunForm(forms.Form):
    """Province: any city and industry; a department: one of its industries, any city;
    a city officer: its own city, any industry."""

    city = forms.ModelChoiceField(label="市", queryset=City.objects.all(), required=False,
                                  empty_label="全省")  # fmt: skip
    industry = forms.ChoiceField(label="行业", required=False)
    as_of = forms.DateField(label="评估基准日", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}),
                            help_text="按该日生效的规则库等政策版本评估；不填为今天")  # fmt: skip
    rulebook_version = forms.ChoiceField(label="规则库版本", required=False)

    def __init__(self, *args: Any, profile: Profile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city: Any = self.fields["city"]
        industry: Any = self.fields["industry"]
        industry.choices = [("", "全部行业"), *INDUSTRY_CHOICES]
        version: Any = self.fields["rulebook_version"]
        version.choices = [("", "基准日生效的版本"), *version_choices("rulebook")]
        if profile.role == Role.CITY:
            # Whatever is posted, a city officer assesses its own city.
            city.queryset = City.objects.filter(pk=profile.city_id)
            city.empty_label = None
            city.disabled = True
            self.initial["city"] = profile.city_id
        elif profile.role == Role.DEPARTMENT:
            mine = set(profile.industries)
            industry.choices = [(c, label) for c, label in INDUSTRY_CHOICES if c in mine]
            industry.required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        as_of = data.get("as_of") or timezone.localdate()
        data["as_of"] = as_of
        try:
            policy_services.in_force(as_of, rulebook=data.get("rulebook_version") or "")
        except policies.PolicyError as exc:
            raise forms.ValidationError("；".join(exc.problems)) from exc
        return data


def version_choices(dataset: str) -> list[tuple[str, str]]:
    """The versions of ``dataset`` that took effect, newest first, each with its document
    and effective date (what an official recognises it by)."""
    return [(v.label, v.info.summary) for v in reversed(policy_services.history(dataset).versions)]
