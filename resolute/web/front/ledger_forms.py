"""The ledger list's filters (GET), with choices drawn from what the user may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms

from resolute.core import schema
from resolute.core.assessment import OUTCOME_LABELS, OUTCOMES
from resolute.core.cities import county_sort_key
from resolute.web.targets.deadlines import DUE_WINDOWS

ALL = [("", "全部")]
NOT_ASSESSED = "none"
STATUS_CHOICES = [(c.code, c.label) for c in schema.LINE_FIELD_BY_KEY["status"].choices]


@dataclass
class Facets:
    """Cities (in code order), counties by city and industries present in the user's scope."""

    cities: list[str] = field(default_factory=list)
    counties: dict[str, list[str]] = field(default_factory=dict)
    industries: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, rows: Iterable[tuple[str, str, str, str]]) -> Facets:
        """From (city code, city name, county, industry) rows, one per distinct combination."""
        facets = cls()
        cities: dict[str, str] = {}
        counties: dict[str, set[str]] = {}
        industries: set[str] = set()
        for code, city, county, industry in rows:
            cities[code] = city
            if county:
                counties.setdefault(city, set()).add(county)
            industries.add(industry)
        facets.cities = [cities[c] for c in sorted(cities)]
        facets.counties = {
            c: [county for _, county in sorted((county_sort_key(c, n), n) for n in v)]
            for c, v in counties.items()
        }
        order = [i.code for i in schema.INDUSTRIES]
        facets.industries = sorted(industries, key=order.index)
        return facets

    def counties_of(self, city: str) -> list[str]:
        if city:
            return self.counties.get(city, [])
        every = {(city, c) for city, names in self.counties.items() for c in names}
        return list(dict.fromkeys(c for _, c in sorted(every, key=lambda p: county_sort_key(*p))))


class LineFilterForm(forms.Form):
    """Values outside the choices are dropped rather than rejected: a stale bookmark still
    opens the list."""

    q = forms.CharField(label="企业名称或信用代码", required=False, max_length=100)
    city = forms.ChoiceField(label="市", required=False)
    county = forms.ChoiceField(label="县（市、区）", required=False)
    industry = forms.ChoiceField(label="行业", required=False)
    equipment = forms.ChoiceField(label="装置", required=False)
    status = forms.ChoiceField(label="运行状态", required=False, choices=ALL + STATUS_CHOICES)
    outcome = forms.ChoiceField(label="最新结论", required=False,
                                choices=ALL + [(o, OUTCOME_LABELS[o]) for o in reversed(OUTCOMES)]
                                + [(NOT_ASSESSED, "未评估")])  # fmt: skip
    overdue = forms.BooleanField(label="仅看逾期未退出", required=False)
    due = forms.ChoiceField(label="退出期限", required=False,
                            choices=ALL + [(str(d), f"{d} 天内到期") for d in DUE_WINDOWS])  # fmt: skip

    def __init__(self, data: Any, facets: Facets) -> None:
        super().__init__(data)
        city = data.get("city", "") if data else ""
        self.fields["city"].choices = ALL + [(c, c) for c in facets.cities]
        self.fields["county"].choices = ALL + [(c, c) for c in facets.counties_of(city)]
        self.fields["industry"].choices = ALL + [
            (i, schema.INDUSTRY_BY_CODE[i].label) for i in facets.industries
        ]
        industries = [data.get("industry")] if data and data.get("industry") else facets.industries
        self.fields["equipment"].choices = ALL + [
            (e.code, e.label) for e in schema.EQUIPMENT if e.industry in industries
        ]

    def filters(self) -> dict[str, Any]:
        """The valid, non-empty filters."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {k: v for k, v in cleaned.items() if v not in ("", None, False)}
