"""Starting an assessment run: which scope each kind of official may assess."""

from __future__ import annotations

from typing import Any

from django import forms

from resolute.core import schema
from resolute.web.accounts.models import Profile, Role
from resolute.web.ledger.models import City

INDUSTRY_CHOICES = [(i.code, i.label) for i in schema.INDUSTRIES]


class StartRunForm(forms.Form):
    """Province: any city and industry; a department: one of its industries, any city;
    a city officer: its own city, any industry."""

    city = forms.ModelChoiceField(label="市", queryset=City.objects.all(), required=False,
                                  empty_label="全省")  # fmt: skip
    industry = forms.ChoiceField(label="行业", required=False)

    def __init__(self, *args: Any, profile: Profile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city: Any = self.fields["city"]
        industry: Any = self.fields["industry"]
        industry.choices = [("", "全部行业"), *INDUSTRY_CHOICES]
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
