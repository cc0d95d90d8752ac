"""`manage.py load_demo` leaves every page something real to show: objections waiting,
rejected and accepted; key projects at each stage; replacement plans drafted and checked;
city plans on time, late, in draft and missing; quarterly reports with gaps."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from resolute.web.objections.models import Objection
from resolute.web.plans.models import CityPlan
from resolute.web.quarters.models import QuarterlyReport
from resolute.web.replacement.models import ReplacementPlan
from resolute.web.targets.models import KeyProject

pytestmark = pytest.mark.django_db


def _load() -> None:
    call_command("load_demo", lines=1500, seed=1, stdout=io.StringIO())


def test_load_demo_makes_work_in_every_state() -> None:
    _load()
    assert set(Objection.objects.values_list("status", flat=True)) == {"open", "accepted",
                                                                        "rejected"}  # fmt: skip
    assert 20 <= Objection.objects.count() <= 40
    stages = Counter(KeyProject.objects.values_list("stage", flat=True))
    assert set(stages) == {"reserve", "signed", "started", "operating"}
    for year in (2021, 2022):  # the plan asks for 1,000 under way a year; most are
        assert KeyProject.objects.filter(year=year).count() >= 1000
    assert set(ReplacementPlan.objects.values_list("status", flat=True)) == {"draft", "checked"}
    plans = Counter(CityPlan.objects.values_list("status", flat=True))
    assert plans["submitted"] == 14 and plans["draft"] == 1 and CityPlan.objects.count() == 15
    late = CityPlan.objects.filter(submitted_at__date__gt="2021-04-30").count()
    assert late == 2
    per_quarter = Counter(QuarterlyReport.objects.values_list("quarter", flat=True))
    assert "2021Q2" in per_quarter and "2022Q4" in per_quarter
    assert min(per_quarter.values()) < 16  # some city is always missing somewhere


def test_a_second_load_adds_nothing_and_officers_find_objections_waiting() -> None:
    _load()
    counts = (Objection.objects.count(), KeyProject.objects.count(),
              QuarterlyReport.objects.count())  # fmt: skip
    _load()
    assert counts == (Objection.objects.count(), KeyProject.objects.count(),
                      QuarterlyReport.objects.count())  # fmt: skip
    client = Client()
    client.force_login(get_user_model().objects.get(username="province"))
    assert "待处理" in client.get("/objections/").content.decode()
    zibo = Objection.objects.filter(enterprise__city__name__in=("淄博", "临沂"), status="open")
    assert zibo.exists()
